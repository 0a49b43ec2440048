"""Part E's pipeline: real MNIST digits in a plane, and the softmax regression fitted there.

The steps, each a small function so a test can check it on its own:

1. :func:`digit_samples` - every sample of the chosen digit classes, with its
   class index (position of its label in ``classes``).
2. :func:`split_held_out` - a seeded split: the classifier learns from the
   training samples; its accuracy is measured on the held-out ones.
3. :func:`fit_plane` - PCA of the training pixels (scaled to 0..1) to two
   dimensions, scaled so the first coordinate has standard deviation
   ``spread``. The coordinates are centred (their mean is the origin).
4. A softmax regression fitted on the training points. By default it has no
   bias, so the class of a point ``x`` is ``argmax_i w_i . x``: the weight
   vector that ``x`` points most along, and the class cells are wedges from
   the origin.
5. :func:`plot_rectangle` - the part of the plane a scene shows; the exact
   class cells over it come from :func:`softmax_anim.regions.class_cells`.
6. :func:`pick_digits` - which samples a scene shows as thumbnails (training
   samples, spread out so they do not overlap) and one held-out "new digit".

Every picked sample is a real dataset image; its label is the dataset label.
Part F's training features (:func:`mnist_features_2d`) take the same path,
fitted on every sample and with each coordinate scaled to standard deviation 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .mnist import Digits, load_mnist
from .optimizers import SGD
from .pca import PCA, fit_pca
from .regions import Cell, class_cells
from .training import LinearSoftmaxModel, train_softmax_classifier

__all__ = [
    "DigitPicks",
    "DigitPlane",
    "digit_plane",
    "digit_samples",
    "PixelProjection",
    "fit_plane",
    "mnist_features_2d",
    "pick_digits",
    "plot_rectangle",
    "split_held_out",
]


@dataclass(frozen=True, eq=False)
class DigitPlane:
    """Real digits in a plane and the softmax regression fitted on them.

    Attributes
    ----------
    classes : tuple of int
        The dataset labels; class index ``i`` stands for digit ``classes[i]``.
    samples : Digits
        Every sample of those classes, in file order.
    targets : numpy.ndarray of int, shape (N,)
        Class index of each sample (``classes[targets[k]] == samples.labels[k]``).
    points : numpy.ndarray, shape (N, 2)
        Each sample's 2D coordinates: ``projection(samples.images)``.
    train : numpy.ndarray of bool, shape (N,)
        True for samples the classifier learned from; the others are held out.
    projection : PixelProjection
        Fitted on the training pixels.
    model : LinearSoftmaxModel
        Weights ``(K, 2)``, biases ``(K,)`` (zeros when fitted without bias).
    accuracy : float
        Fraction of held-out samples the model classifies correctly.
    train_accuracy : float
    x_range, y_range : (float, float)
        The rectangle a scene shows.
    cells : list of Cell
        The exact class regions of ``model`` over that rectangle.
    """

    classes: tuple[int, ...]
    samples: Digits
    targets: NDArray[np.int64]
    points: NDArray[np.float64]
    train: NDArray[np.bool_]
    projection: PixelProjection
    model: LinearSoftmaxModel
    accuracy: float
    train_accuracy: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    cells: list[Cell]

    @property
    def n_held_out(self) -> int:
        """How many samples the accuracy is measured on."""
        return int((~self.train).sum())

    def label_of(self, k: int) -> int:
        """Dataset label (the digit) of sample ``k``."""
        return int(self.samples.labels[k])

    def scores(self, k: int) -> NDArray[np.float64]:
        """Class scores ``w_i . x + b_i`` of sample ``k``, shape ``(K,)``."""
        return self.model.scores(self.points[k : k + 1])[0]


@dataclass(frozen=True, eq=False)
class DigitPicks:
    """Samples a scene shows: positions into :attr:`DigitPlane.samples`.

    ``thumbnails`` are training samples, no two closer than the separation
    asked for; ``new_digit`` is a held-out sample the model classifies
    correctly, clear of every thumbnail.
    """

    thumbnails: NDArray[np.int64]
    new_digit: int


def digit_samples(classes: tuple[int, ...]) -> tuple[Digits, NDArray[np.int64]]:
    """Every MNIST sample of ``classes`` (file order) and its class index.

    Raises
    ------
    ValueError
        If ``classes`` is empty, repeats a digit, or names one outside 0..9.

    Examples
    --------
    >>> digits, targets = digit_samples((7, 3))
    >>> sorted(set(digits.labels.tolist())), sorted(set(targets.tolist()))
    ([3, 7], [0, 1])
    """
    cls = tuple(int(c) for c in classes)
    if not cls or len(set(cls)) != len(cls) or not all(0 <= c <= 9 for c in cls):
        raise ValueError(f"classes must be distinct digits 0..9, got {list(classes)}")
    digits = load_mnist().of_classes(cls)
    lookup = np.full(10, -1, dtype=np.int64)
    lookup[list(cls)] = np.arange(len(cls))
    return digits, lookup[digits.labels]


def split_held_out(targets: NDArray[np.int64], held_out_fraction: float, seed: int) -> NDArray[np.bool_]:
    """A seeded split, per class: True for training samples, False for held-out ones.

    Each class keeps ``round(held_out_fraction * count)`` samples back.

    Examples
    --------
    >>> train = split_held_out(np.array([0, 0, 0, 0, 1, 1, 1, 1]), 0.25, seed=0)
    >>> train.tolist()  # one of each class's four held out
    [True, True, False, True, True, True, True, False]
    """
    if not 0 < held_out_fraction < 1:
        raise ValueError(f"held_out_fraction must be between 0 and 1, got {held_out_fraction}")
    rng = np.random.default_rng(seed)
    train = np.ones(len(targets), dtype=bool)
    for c in np.unique(targets):
        members = np.flatnonzero(targets == c)
        n_out = int(round(held_out_fraction * len(members)))
        train[rng.permutation(members)[:n_out]] = False
    return train


@dataclass(frozen=True, eq=False)
class PixelProjection:
    """Digit images to points of a plane: PCA of the pixels (scaled to 0..1), each coordinate times ``scale``.

    Attributes
    ----------
    pca : PCA
        Two components, fitted on pixels divided by 255.
    scale : numpy.ndarray, shape (2,)
        Factor per coordinate.
    """

    pca: PCA
    scale: NDArray[np.float64]

    def __call__(self, images: NDArray[np.uint8]) -> NDArray[np.float64]:
        """Points ``(N, 2)`` of images ``(N, 28, 28)`` or ``(N, 784)``."""
        return self.pca.transform(images.reshape(len(images), -1) / 255.0) * self.scale


def fit_plane(
    pixels: NDArray[np.uint8], fit_rows: NDArray[np.bool_], spread: float | tuple[float, float]
) -> PixelProjection:
    """The one way from MNIST pixels to a plane: PCA of the ``fit_rows`` images, scaled to the asked ``spread``.

    Parameters
    ----------
    pixels : numpy.ndarray, shape (N, 28, 28) or (N, 784)
    fit_rows : numpy.ndarray of bool, shape (N,)
        The images the PCA and the scale are fitted on (e.g. the training samples).
    spread : float or (float, float)
        Standard deviation of the coordinates over ``fit_rows``. A number sets
        the first coordinate's and scales both by one factor, so the plane
        keeps its shape (Part E: angles between points mean something); a pair
        scales each coordinate to its own (Part F's training features).

    Returns
    -------
    PixelProjection

    Raises
    ------
    ValueError
        If the images do not vary along a coordinate that is scaled.

    Examples
    --------
    >>> px = np.array([[0, 0], [255, 0], [0, 255], [255, 255]], dtype=np.uint8)
    >>> project = fit_plane(px, np.ones(4, dtype=bool), spread=2.0)
    >>> project(px).std(axis=0).round(6).tolist()
    [2.0, 2.0]
    """
    x = pixels.reshape(len(pixels), -1)[fit_rows] / 255.0
    pca = fit_pca(x, 2)
    z = pca.transform(x)
    std = np.array([z[:, 0].std(), z[:, 1].std()])
    if np.ndim(spread) == 0:  # one factor for both coordinates, set by the first
        std = np.full(2, std[0])
    if (std == 0).any():
        raise ValueError("the training images do not vary: no plane to project on")
    return PixelProjection(pca, np.asarray(spread, dtype=float) / std)


def plot_rectangle(
    points: NDArray[np.float64], weights: NDArray[np.float64], coverage: float = 0.98, step: float = 0.5
) -> tuple[tuple[float, float], tuple[float, float]]:
    """A rectangle around the origin, most of the points and every weight vector's tip.

    It covers the central ``coverage`` of the points along each axis (so a few
    outliers do not shrink the rest), the origin and the tips of ``weights``,
    padded by ``step`` and rounded outwards to multiples of ``step``.

    Returns
    -------
    x_range, y_range : (float, float)

    Examples
    --------
    >>> plot_rectangle(np.array([[-1.2, 0.3], [2.1, -0.7]]), np.array([[0.5, 1.9]]), coverage=1.0)
    ((-2.0, 3.0), (-1.5, 2.5))
    """
    tail = (1 - coverage) / 2 * 100
    lo = np.minimum(np.percentile(points, tail, axis=0), 0.0)
    hi = np.maximum(np.percentile(points, 100 - tail, axis=0), 0.0)
    lo = np.minimum(lo, weights.min(axis=0))
    hi = np.maximum(hi, weights.max(axis=0))
    lo = np.floor(lo / step - 1) * step
    hi = np.ceil(hi / step + 1) * step
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


@lru_cache(maxsize=8)
def digit_plane(
    classes: tuple[int, ...],
    seed: int,
    *,
    spread: float = 1.5,
    held_out_fraction: float = 0.2,
    fit_bias: bool = False,
    steps: int = 500,
    learning_rate: float = 0.5,
) -> DigitPlane:
    """The whole pipeline for ``classes``: samples, split, 2D points, fitted model, rectangle, cells.

    Deterministic for a given ``seed``; cached, so treat the result as read-only.

    Parameters
    ----------
    classes : tuple of int
        Distinct digits, e.g. ``(0, 1, 2)``.
    seed : int
        Seeds the held-out split.
    spread : float, default 1.5
        Standard deviation of the first coordinate; puts the points and the
        weight vectors at similar sizes.
    held_out_fraction : float, default 0.2
    fit_bias : bool, default False
        Without a bias the class is the weight vector a point points most along.
    steps, learning_rate : int, float
        Full-batch gradient descent from zero weights (:func:`softmax_anim.training.train_softmax_classifier`).

    Returns
    -------
    DigitPlane

    Examples
    --------
    >>> plane = digit_plane((0, 1, 2), seed=0)
    >>> plane.model.weights.shape, plane.accuracy > 0.8, len(plane.cells)
    ((3, 2), True, 3)
    """
    samples, targets = digit_samples(classes)
    train = split_held_out(targets, held_out_fraction, seed)
    project = fit_plane(samples.images, train, spread)
    points = project(samples.images)
    model = train_softmax_classifier(
        points[train], targets[train], len(classes), SGD(learning_rate), steps=steps, init_scale=0.0, fit_bias=fit_bias
    ).model
    x_range, y_range = plot_rectangle(points, model.weights)
    return DigitPlane(
        classes=tuple(int(c) for c in classes),
        samples=samples,
        targets=targets,
        points=points,
        train=train,
        projection=project,
        model=model,
        accuracy=model.accuracy(points[~train], targets[~train]),
        train_accuracy=model.accuracy(points[train], targets[train]),
        x_range=x_range,
        y_range=y_range,
        cells=class_cells(model.weights, model.biases, x_range, y_range),
    )


def _inside(points: NDArray[np.float64], plane: DigitPlane, margin: float) -> NDArray[np.bool_]:
    (x_lo, x_hi), (y_lo, y_hi) = plane.x_range, plane.y_range
    x, y = points[:, 0], points[:, 1]
    return (x >= x_lo + margin) & (x <= x_hi - margin) & (y >= y_lo + margin) & (y <= y_hi - margin)


def pick_digits(
    plane: DigitPlane, per_class: int, seed: int, min_separation: float, keep_clear: ArrayLike = ()
) -> DigitPicks:
    """Thumbnails to show (training samples) and one new, held-out digit; seeded and deterministic.

    Thumbnails are taken class by class in turn, each class in a seeded random
    order, keeping a sample only if its point lies inside the plot rectangle
    (at least ``min_separation / 2`` from its edges) and at least
    ``min_separation`` away from every kept thumbnail along x or along y, so
    two thumbnail squares of side ``min_separation`` never overlap. Nothing is
    skipped for its looks: every MNIST sample has ink, and the test suite
    checks it.

    The new digit is the first held-out sample, in seeded order, that the model
    classifies correctly, lies inside the rectangle at least a third of the way
    from the origin to its edge, and is clear of every thumbnail.

    Parameters
    ----------
    plane : DigitPlane
    per_class : int
        Thumbnails wanted per class; fewer if the rectangle has no room.
    seed : int
    min_separation : float
        Side of a thumbnail, in plane units.
    keep_clear : array_like, shape (M, 2), optional
        Points no thumbnail may cover (e.g. weight vector tips and their
        labels): kept as far from them as from each other.

    Returns
    -------
    DigitPicks

    Raises
    ------
    ValueError
        If no held-out sample qualifies as the new digit.

    Examples
    --------
    >>> plane = digit_plane((0, 1, 2), seed=0)
    >>> picks = pick_digits(plane, per_class=4, seed=0, min_separation=0.4)
    >>> len(picks.thumbnails), bool(plane.train[picks.thumbnails].all()), bool(plane.train[picks.new_digit])
    (12, True, False)
    """
    if per_class < 0 or not min_separation > 0:
        raise ValueError(f"need per_class >= 0 and min_separation > 0, got {per_class}, {min_separation}")
    rng = np.random.default_rng(seed)
    ok = _inside(plane.points, plane, min_separation / 2)
    pool = plane.train & ok
    queues = [list(rng.permutation(np.flatnonzero(pool & (plane.targets == c)))) for c in range(len(plane.classes))]
    kept: list[int] = []
    counts = [0] * len(queues)
    avoid = np.asarray(keep_clear, dtype=float).reshape(-1, 2)

    def clear(k: int) -> bool:
        others = np.concatenate([avoid, plane.points[kept]])
        if not len(others):
            return True
        gaps = np.abs(others - plane.points[k]).max(axis=1)
        return bool(gaps.min() >= min_separation)

    while any(counts[c] < per_class and queues[c] for c in range(len(queues))):
        for c, queue in enumerate(queues):
            while counts[c] < per_class and queue:
                k = int(queue.pop(0))
                if clear(k):
                    kept.append(k)
                    counts[c] += 1
                    break

    (x_lo, x_hi), (y_lo, y_hi) = plane.x_range, plane.y_range
    reach = min(-x_lo, x_hi, -y_lo, y_hi) / 3
    predicted = plane.model.predict(plane.points)
    far = np.hypot(plane.points[:, 0], plane.points[:, 1]) >= reach
    candidates = np.flatnonzero(~plane.train & ok & far & (predicted == plane.targets))
    for k in rng.permutation(candidates):
        if clear(int(k)):
            return DigitPicks(np.array(kept, dtype=np.int64), int(k))
    raise ValueError("no held-out digit is correctly classified and clear of the thumbnails")


def mnist_features_2d(classes: tuple[int, ...]) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Every MNIST digit of ``classes`` as 2D features: :func:`fit_plane` on all of them, each coordinate std 1.

    Returns
    -------
    x : numpy.ndarray, shape (N, 2)
    y : numpy.ndarray of int, shape (N,)
        The position of each digit's label in ``classes`` (so ``0 .. K-1``).

    Examples
    --------
    >>> x, y = mnist_features_2d((0, 1, 2))
    >>> x.shape, x.std(axis=0).round(6).tolist(), sorted(set(y.tolist()))
    ((1500, 2), [1.0, 1.0], [0, 1, 2])
    """
    samples, targets = digit_samples(classes)
    project = fit_plane(samples.images, np.ones(len(samples), dtype=bool), spread=(1.0, 1.0))
    return project(samples.images), targets
