"""Softmax regression in numpy: a linear classifier trained on the cross-entropy loss.

A linear classifier with scores ``X @ W.T + b``, and one trainer,
:func:`train_softmax_classifier`: SGD or Adam, on seeded mini-batches or the
whole set, recording the loss and the logits of chosen examples at every
step. Full-batch gradient descent is SGD on the full batch; with
``init_scale=0`` it starts from zero weights and uses no randomness at all
(Part E's weight vectors). With the same seed, the initial weights and the
mini-batches do not depend on the optimizer, so SGD and Adam start from one
point and see the same data (Part F's logit paths).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .cross_entropy import cross_entropy_loss_and_grads
from .optimizers import SGD, Adam, AdamState, Params

__all__ = ["LinearSoftmaxModel", "TrainingRun", "pick_examples", "train_softmax_classifier"]


@dataclass(frozen=True, eq=False)
class LinearSoftmaxModel:
    """Weights ``(K, D)`` and biases ``(K,)``; class ``k`` scores ``W[k] . x + b[k]``."""

    weights: NDArray[np.float64]
    biases: NDArray[np.float64]

    def scores(self, x: ArrayLike) -> NDArray[np.float64]:
        """Logits, shape ``(N, K)`` for ``x`` of shape ``(N, D)``."""
        return np.asarray(x, dtype=float) @ self.weights.T + self.biases

    def predict(self, x: ArrayLike) -> NDArray[np.int64]:
        """Argmax class index per row (ties to the lowest index)."""
        return np.argmax(self.scores(x), axis=-1)

    def accuracy(self, x: ArrayLike, y: ArrayLike) -> float:
        """Fraction of rows whose predicted index equals ``y``."""
        return float(np.mean(self.predict(x) == np.asarray(y)))


@dataclass(frozen=True, eq=False)
class TrainingRun:
    """A recorded optimisation run.

    Attributes
    ----------
    optimizer : str
        ``"SGD"`` or ``"Adam"``.
    losses : numpy.ndarray, shape (steps + 1,)
        Mean cross-entropy on the whole training set before each step and after the last.
    logits : numpy.ndarray, shape (steps + 1, n_tracked, K)
        The logits of the tracked examples at the same moments.
    tracked : numpy.ndarray of int, shape (n_tracked,)
        Row indices of the tracked examples in the training set.
    labels : numpy.ndarray of int, shape (n_tracked,)
        Their true classes.
    model : LinearSoftmaxModel
        The weights after the last step.
    """

    optimizer: str
    losses: NDArray[np.float64]
    logits: NDArray[np.float64]
    tracked: NDArray[np.int64]
    labels: NDArray[np.int64]
    model: LinearSoftmaxModel

    @property
    def steps(self) -> int:
        """Number of optimisation steps taken."""
        return len(self.losses) - 1


def train_softmax_classifier(
    x: ArrayLike,
    y: ArrayLike,
    n_classes: int,
    optimizer: SGD | Adam,
    *,
    steps: int,
    batch_size: int | None = None,
    seed: int = 0,
    tracked: ArrayLike = (),
    init_scale: float = 0.01,
    fit_bias: bool = True,
) -> TrainingRun:
    """Train a linear softmax classifier with ``optimizer``; record the loss and tracked logits at every step.

    Parameters
    ----------
    x : array_like, shape (N, D)
    y : array_like of int, shape (N,)
        Class indices ``0 .. n_classes - 1``.
    n_classes : int
    optimizer : SGD or Adam
    steps : int
        Number of updates, each on one mini-batch.
    batch_size : int, optional
        Mini-batch size, drawn without replacement by the seeded generator;
        ``None`` (or ``batch_size >= N``) uses the whole set every step:
        ``SGD`` then is plain full-batch gradient descent.
    seed : int, default 0
        Seeds the initial weights (normal, scaled by ``init_scale``, zero biases)
        and the sequence of mini-batches; both do not depend on the optimizer.
    tracked : array_like of int, optional
        Rows of ``x`` whose logits are recorded.
    init_scale : float, default 0.01
        ``0`` starts from zero weights.
    fit_bias : bool, default True
        Without a bias (``False``: the biases stay 0) the class is the weight
        vector that ``x`` points most along.

    Returns
    -------
    TrainingRun

    Raises
    ------
    ValueError
        On inconsistent shapes, labels out of range, or non-positive sizes.

    Examples
    --------
    >>> x = np.array([[-1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]); y = np.array([0, 1, 2])
    >>> run = train_softmax_classifier(x, y, 3, SGD(0.5), steps=50, batch_size=3, seed=0, tracked=[0])
    >>> run.logits.shape, bool(run.losses[-1] < run.losses[0]), run.model.predict(x).tolist()
    ((51, 1, 3), True, [0, 1, 2])
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=np.int64)
    idx = np.asarray(tracked, dtype=np.int64).reshape(-1)
    if xs.ndim != 2 or ys.shape != (len(xs),):
        raise ValueError(f"x must be (N, D) and y (N,), got {xs.shape} and {ys.shape}")
    if ys.min() < 0 or ys.max() >= n_classes:
        raise ValueError(f"labels must lie in 0..{n_classes - 1}")
    if steps < 1 or (batch_size is not None and batch_size < 1):
        raise ValueError(f"steps and batch_size must be >= 1, got {steps} and {batch_size}")
    if (idx < 0).any() or (idx >= len(xs)).any():
        raise ValueError(f"tracked rows must be indices into x, got {idx.tolist()}")
    if not (np.isfinite(init_scale) and init_scale >= 0):
        raise ValueError(f"init_scale must be finite and >= 0, got {init_scale}")
    rng = np.random.default_rng(seed)
    draws = rng.standard_normal((n_classes, xs.shape[1]))
    weights = init_scale * draws if init_scale > 0 else np.zeros_like(draws)
    params: Params = (weights, np.zeros(n_classes))
    full = batch_size is None or batch_size >= len(xs)
    batches = [None if full else _batch(rng, len(xs), batch_size or 0) for _ in range(steps)]
    state: int | AdamState = optimizer.init(params)
    losses: list[float] = []
    logits: list[NDArray[np.float64]] = []
    for batch in batches:
        logits.append(xs[idx] @ params[0].T + params[1])
        if batch is None:
            loss, gw, gb = cross_entropy_loss_and_grads(params[0], params[1], xs, ys)
        else:
            loss = cross_entropy_loss_and_grads(params[0], params[1], xs, ys)[0]
            _, gw, gb = cross_entropy_loss_and_grads(params[0], params[1], xs[batch], ys[batch])
        losses.append(loss)
        if not fit_bias:
            gb = np.zeros_like(gb)
        params, state = optimizer.step(params, (gw, gb), state)  # type: ignore[arg-type]
    losses.append(cross_entropy_loss_and_grads(params[0], params[1], xs, ys)[0])
    logits.append(xs[idx] @ params[0].T + params[1])
    return TrainingRun(
        optimizer=optimizer.name,
        losses=np.array(losses),
        logits=np.array(logits),
        tracked=idx,
        labels=ys[idx],
        model=LinearSoftmaxModel(params[0], params[1]),
    )


def _batch(rng: np.random.Generator, n: int, batch_size: int) -> NDArray[np.int64]:
    return np.sort(rng.choice(n, size=batch_size, replace=False))


def pick_examples(y: ArrayLike, n_classes: int, seed: int) -> NDArray[np.int64]:
    """One row index per class, drawn with a seeded generator (class order).

    Examples
    --------
    >>> idx = pick_examples([0, 1, 0, 2, 1, 2], 3, seed=0)
    >>> np.asarray([0, 1, 0, 2, 1, 2])[idx].tolist()
    [0, 1, 2]
    """
    ys = np.asarray(y)
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n_classes):
        rows = np.flatnonzero(ys == k)
        if rows.size == 0:
            raise ValueError(f"no example of class {k}")
        out.append(int(rng.choice(rows)))
    return np.array(out, dtype=np.int64)
