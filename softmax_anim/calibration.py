"""Calibration on real MNIST digits: reliability diagram, expected calibration error, temperature scaling.

A softmax output is a probability only if the model is *calibrated*: among
the inputs it gives confidence 0.9, about 90% should be classified right.
:func:`calibration_study` fits a softmax classifier in numpy to a small
training split of the real digits from :func:`softmax_anim.load_mnist`
(PCA features, trained until it fits its training digits almost perfectly,
which makes it overconfident), then measures on a held-out test split:

* the reliability diagram (:func:`reliability_diagram`): the predictions
  grouped by confidence into equal-width bins, each bin's mean confidence
  against its accuracy, and how many predictions it holds;
* the expected calibration error (ECE), ``sum_b (n_b / N) |acc_b - conf_b|``;
* temperature scaling: one number ``T`` divides every logit. It is fitted on
  a separate validation split by minimising the negative log-likelihood
  (:func:`fit_temperature`, a golden-section search on ``log T``), then the
  diagram and the ECE are measured again on the test split.

Dividing by ``T`` never changes which class is largest, so the accuracy stays
the same; only the confidence moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import log_softmax, softmax
from .mnist import load_mnist
from .optimizers import SGD
from .pca import fit_pca
from .training import train_softmax_classifier

__all__ = [
    "CalibrationStudy",
    "Mistake",
    "ReliabilityDiagram",
    "bin_index",
    "calibration_study",
    "expected_calibration_error",
    "fit_temperature",
    "mean_nll",
    "reliability_diagram",
]

_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0  # 0.618...


def _probs_and_labels(probs: ArrayLike, labels: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    p = np.asarray(probs, dtype=float)
    y = np.asarray(labels)
    if p.ndim != 2 or p.shape[0] == 0 or p.shape[1] < 2:
        raise ValueError(f"probs must have shape (N, K) with N >= 1 and K >= 2, got {p.shape}")
    if y.shape != (p.shape[0],) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"labels must be {p.shape[0]} class indices, got shape {y.shape} of {y.dtype}")
    if ((y < 0) | (y >= p.shape[1])).any():
        raise ValueError(f"labels must be in 0..{p.shape[1] - 1}")
    return p, y.astype(np.int64)


def bin_index(confidence: ArrayLike, n_bins: int) -> NDArray[np.int64]:
    """Bin of each confidence: bin ``b`` holds ``[b / n_bins, (b + 1) / n_bins)``, the last also holds 1.

    Examples
    --------
    >>> bin_index([0.0, 0.05, 0.1, 0.95, 1.0], 10).tolist()
    [0, 0, 1, 9, 9]
    """
    if n_bins < 1:
        raise ValueError(f"n_bins must be >= 1, got {n_bins}")
    c = np.asarray(confidence, dtype=float)
    return np.clip(np.floor(c * n_bins), 0, n_bins - 1).astype(np.int64)


@dataclass(frozen=True, eq=False)
class ReliabilityDiagram:
    """Predictions grouped by confidence: per bin, how many, how confident, how accurate.

    Attributes
    ----------
    edges : numpy.ndarray, shape (B + 1,)
        Bin edges ``0, 1/B, ..., 1``.
    counts : numpy.ndarray of int, shape (B,)
        Predictions whose confidence (largest probability) falls in each bin.
    confidence : numpy.ndarray, shape (B,)
        Mean confidence in each bin (``nan`` for an empty bin).
    accuracy : numpy.ndarray, shape (B,)
        Fraction of the bin's predictions that are right (``nan`` if empty).
    ece : float
        Expected calibration error ``sum_b (counts_b / N) |accuracy_b - confidence_b|``.
    overall_accuracy, mean_confidence : float
        Over all predictions.
    """

    edges: NDArray[np.float64]
    counts: NDArray[np.int64]
    confidence: NDArray[np.float64]
    accuracy: NDArray[np.float64]
    ece: float
    overall_accuracy: float
    mean_confidence: float

    @property
    def n_bins(self) -> int:
        """Number of bins."""
        return len(self.counts)

    def drawn(self) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """What the diagram draws per bin: the accuracy bar's height, the gap's low and high ends.

        The gap spans from the bin's accuracy to its mean confidence. An empty bin
        has neither: its bar and its gap are flat at 0.

        Examples
        --------
        >>> d = reliability_diagram([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.4, 0.6]], [0, 1, 1, 1], n_bins=5)
        >>> [v.round(2).tolist() for v in d.drawn()]
        [[0.0, 0.0, 0.0, 1.0, 0.5], [0.0, 0.0, 0.0, 0.65, 0.5], [0.0, 0.0, 0.0, 1.0, 0.85]]
        """
        empty = self.counts == 0
        accuracy = np.where(empty, 0.0, self.accuracy)
        confidence = np.where(empty, accuracy, self.confidence)
        return accuracy, np.minimum(accuracy, confidence), np.maximum(accuracy, confidence)


def reliability_diagram(probs: ArrayLike, labels: ArrayLike, n_bins: int = 10) -> ReliabilityDiagram:
    """Reliability diagram of predicted probabilities against true labels.

    Parameters
    ----------
    probs : array_like, shape (N, K)
        Predicted probabilities; the prediction is the argmax (ties to the
        lowest index), its confidence the largest probability.
    labels : array_like of int, shape (N,)
        True class indices.
    n_bins : int, default 10
        Equal-width confidence bins on ``[0, 1]``.

    Returns
    -------
    ReliabilityDiagram

    Raises
    ------
    ValueError
        On shapes that do not match or labels out of range.

    Examples
    --------
    >>> probs = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.4, 0.6]]
    >>> d = reliability_diagram(probs, [0, 1, 1, 1], n_bins=5)
    >>> d.counts.tolist(), d.accuracy[3:].tolist(), round(d.ece, 4)
    ([0, 0, 0, 2, 2], [1.0, 0.5], 0.35)
    """
    p, y = _probs_and_labels(probs, labels)
    conf = p.max(axis=1)
    right = (p.argmax(axis=1) == y).astype(float)
    b = bin_index(conf, n_bins)
    counts = np.bincount(b, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_conf = np.bincount(b, weights=conf, minlength=n_bins) / counts
        acc = np.bincount(b, weights=right, minlength=n_bins) / counts
    filled = counts > 0
    ece = float(np.sum(counts[filled] / len(y) * np.abs(acc[filled] - mean_conf[filled])))
    return ReliabilityDiagram(
        edges=np.linspace(0.0, 1.0, n_bins + 1),
        counts=counts.astype(np.int64),
        confidence=mean_conf,
        accuracy=acc,
        ece=ece,
        overall_accuracy=float(right.mean()),
        mean_confidence=float(conf.mean()),
    )


def expected_calibration_error(probs: ArrayLike, labels: ArrayLike, n_bins: int = 10) -> float:
    """ECE: the count-weighted mean gap between confidence and accuracy over the bins.

    Examples
    --------
    >>> expected_calibration_error([[0.9, 0.1], [0.9, 0.1]], [0, 1])  # 90% sure, half right
    0.4
    """
    return reliability_diagram(probs, labels, n_bins).ece


def mean_nll(logits: ArrayLike, labels: ArrayLike, temperature: float = 1.0) -> float:
    """Mean negative log-likelihood ``-log softmax(z / T)[y]`` over the rows.

    Examples
    --------
    >>> round(mean_nll([[2.0, 1.0, 0.1]], [0]), 4), round(mean_nll([[2.0, 1.0, 0.1]], [0], 2.0), 4)
    (0.417, 0.6898)
    """
    z = np.asarray(logits, dtype=float)
    _, y = _probs_and_labels(z, labels)
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be finite and > 0, got {temperature}")
    return float(-log_softmax(z, temperature=temperature)[np.arange(len(y)), y].mean())


def fit_temperature(
    logits: ArrayLike, labels: ArrayLike, bounds: tuple[float, float] = (0.05, 20.0), tol: float = 1e-9
) -> float:
    """The temperature ``T`` in ``bounds`` that minimises :func:`mean_nll` on ``(logits, labels)``.

    The mean NLL is convex in ``1 / T`` (a log-sum-exp of linear functions of
    it minus a linear one), hence unimodal in ``log T``: a golden-section
    search on ``log T`` finds its minimum. A minimum beyond a bound returns
    that bound.

    Parameters
    ----------
    logits : array_like, shape (N, K)
    labels : array_like of int, shape (N,)
    bounds : (float, float)
        ``0 < low < high``.
    tol : float
        Width of the final bracket in ``log T``.

    Returns
    -------
    float

    Examples
    --------
    >>> z = np.array([[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    >>> t = fit_temperature(z, [0, 0, 1, 1])  # 75% right: softmax(z / T) should say 0.75
    >>> round(t, 4), round(float(softmax(z[0] / t)[0]), 4)
    (3.641, 0.75)
    """
    lo, hi = (float(v) for v in bounds)
    if not 0 < lo < hi or not np.isfinite(hi):
        raise ValueError(f"bounds must satisfy 0 < low < high, got {bounds}")
    z = np.asarray(logits, dtype=float)
    _probs_and_labels(z, labels)

    def f(u: float) -> float:
        return mean_nll(z, labels, float(np.exp(u)))

    a, b = np.log(lo), np.log(hi)
    c, d = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    fc, fd = f(c), f(d)
    while b - a > tol:
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - _GOLDEN * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + _GOLDEN * (b - a)
            fd = f(d)
    return float(np.exp((a + b) / 2))


@dataclass(frozen=True)
class Mistake:
    """A wrong prediction on a test digit.

    Attributes
    ----------
    position : int
        The digit's position in the test split.
    row : int
        Its row in the MNIST file (for showing its image).
    label : int
        The true digit.
    predicted : int
        What the model says (its largest probability; ties to the lowest digit).
    confidence : float
        That largest probability.
    """

    position: int
    row: int
    label: int
    predicted: int
    confidence: float


@dataclass(frozen=True, eq=False)
class CalibrationStudy:
    """A softmax classifier on real digits, its calibration before and after temperature scaling.

    Attributes
    ----------
    seed : int
        Seed of the split.
    n_train, n_validation, n_test : int
        Sizes of the three disjoint splits of the 5,000 digits.
    components : int
        PCA features the classifier sees.
    train_accuracy : float
    temperature : float
        ``T`` fitted on the validation split.
    validation_nll : tuple of float
        Mean NLL on the validation split at ``T = 1`` and at the fitted ``T``.
    before, after : ReliabilityDiagram
        On the test split, at ``T = 1`` and at the fitted ``T``.
    validation_logits, test_logits : numpy.ndarray
        The classifier's logits, shape ``(N, 10)``.
    validation_labels, test_labels : numpy.ndarray
        True digits.
    test_rows : numpy.ndarray
        Row of each test digit in the MNIST file (for showing its image).
    """

    seed: int
    n_train: int
    n_validation: int
    n_test: int
    components: int
    train_accuracy: float
    temperature: float
    validation_nll: tuple[float, float]
    before: ReliabilityDiagram
    after: ReliabilityDiagram
    validation_logits: NDArray[np.float64]
    validation_labels: NDArray[np.int64]
    test_logits: NDArray[np.float64]
    test_labels: NDArray[np.int64]
    test_rows: NDArray[np.int64]

    def validation_nll_curve(self, temperatures: ArrayLike) -> NDArray[np.float64]:
        """Mean NLL on the validation split at each temperature (the curve the fit minimises)."""
        return np.array([mean_nll(self.validation_logits, self.validation_labels, float(t))
                         for t in np.asarray(temperatures, dtype=float).ravel()])

    def confident_mistakes(self, k: int) -> list[Mistake]:
        """The ``k`` wrong test predictions made with the highest confidence, most confident first.

        Examples
        --------
        >>> m = calibration_study().confident_mistakes(2)
        >>> [(x.predicted != x.label, round(x.confidence, 2)) for x in m]
        [(True, 1.0), (True, 1.0)]
        """
        p = softmax(self.test_logits)
        predicted, confidence = p.argmax(axis=1), p.max(axis=1)
        wrong = np.flatnonzero(predicted != self.test_labels)
        order = np.argsort(-confidence[wrong], kind="stable")
        return [Mistake(int(i), int(self.test_rows[i]), int(self.test_labels[i]), int(predicted[i]),
                        float(confidence[i])) for i in wrong[order[:k]]]


@lru_cache(maxsize=4)
def calibration_study(
    seed: int = 0,
    n_train: int = 1000,
    n_validation: int = 1000,
    components: int = 50,
    steps: int = 1000,
    learning_rate: float = 1.0,
    n_bins: int = 10,
) -> CalibrationStudy:
    """Fit a softmax classifier on real MNIST digits and measure its calibration, seeded.

    The 5,000 digits are shuffled with ``numpy.random.default_rng(seed)`` and
    split into training, validation and test digits (the rest). Pixels are
    scaled to ``[0, 1]``; PCA fitted on the training digits keeps
    ``components`` features, each scaled to unit variance on the training
    digits. A softmax regression (all ten digits) is fitted by full-batch
    gradient descent from zero weights. ``T`` is fitted on the validation
    digits; the diagrams use the test digits only.

    Returns
    -------
    CalibrationStudy

    Raises
    ------
    ValueError
        If the splits leave no test digits or a size is not positive.

    Examples
    --------
    >>> s = calibration_study()
    >>> s.n_train, s.n_validation, s.n_test, s.before.n_bins
    (1000, 1000, 3000, 10)
    >>> s.before.ece > s.after.ece, s.temperature > 1
    (True, True)
    """
    digits = load_mnist()
    n = len(digits)
    if min(n_train, n_validation, components, steps, n_bins) < 1 or n_train + n_validation >= n:
        raise ValueError(f"need positive sizes and n_train + n_validation < {n}, got {n_train}, {n_validation}")
    order = np.random.default_rng(seed).permutation(n)
    train, val, test = order[:n_train], order[n_train : n_train + n_validation], order[n_train + n_validation :]
    pixels = digits.images.reshape(n, -1).astype(float) / 255.0
    pca = fit_pca(pixels[train], components)
    features = pca.transform(pixels)
    features /= features[train].std(axis=0)
    labels = digits.labels.astype(np.int64)
    # full-batch gradient descent from zero weights: no randomness besides the split
    model = train_softmax_classifier(features[train], labels[train], 10, SGD(learning_rate), steps=steps,
                                     init_scale=0.0).model
    val_logits, test_logits = model.scores(features[val]), model.scores(features[test])
    temperature = fit_temperature(val_logits, labels[val])
    return CalibrationStudy(
        seed=seed,
        n_train=len(train),
        n_validation=len(val),
        n_test=len(test),
        components=components,
        train_accuracy=model.accuracy(features[train], labels[train]),
        temperature=temperature,
        validation_nll=(mean_nll(val_logits, labels[val]), mean_nll(val_logits, labels[val], temperature)),
        before=reliability_diagram(softmax(test_logits), labels[test], n_bins),
        after=reliability_diagram(softmax(test_logits, temperature=temperature), labels[test], n_bins),
        validation_logits=val_logits,
        validation_labels=labels[val],
        test_logits=test_logits,
        test_labels=labels[test],
        test_rows=digits.index[test].astype(np.int64),
    )
