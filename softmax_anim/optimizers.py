"""Plain SGD and Adam, and a seeded training run that records the logits of chosen examples.

The optimizers follow their textbook update rules with explicit state, so a
test can check one step by hand:

* SGD: ``theta <- theta - lr * g``.
* Adam (Kingma & Ba, 2015): ``m <- b1 m + (1 - b1) g``, ``v <- b2 v + (1 - b2) g^2``,
  ``m_hat = m / (1 - b1^t)``, ``v_hat = v / (1 - b2^t)``,
  ``theta <- theta - lr * m_hat / (sqrt(v_hat) + eps)``.

:func:`train_softmax_classifier` fits the linear softmax classifier of
:mod:`softmax_anim.training` with either optimizer on mini-batches drawn from a
seeded generator: the same seed gives the same initial weights and the same
batches, so SGD and Adam start from one point and see the same data.
For three classes, :func:`logit_plane_coords` maps logit vectors to the plane
where a common shift of the logits no longer moves them (softmax ignores it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .mnist import load_mnist
from .training import LinearSoftmaxModel, cross_entropy_loss_and_grads, fit_pca

__all__ = [
    "SGD",
    "Adam",
    "AdamState",
    "TrainingRun",
    "logit_plane_coords",
    "logit_plane_directions",
    "mnist_features_2d",
    "pick_examples",
    "train_softmax_classifier",
]

Params = tuple[NDArray[np.float64], ...]


@dataclass(frozen=True)
class SGD:
    """Plain stochastic gradient descent: ``theta <- theta - lr * g``.

    Examples
    --------
    >>> opt = SGD(learning_rate=0.5)
    >>> (w,), state = opt.step((np.array([1.0, 2.0]),), (np.array([0.2, -0.4]),), opt.init(()))
    >>> w.tolist(), state
    ([0.9, 2.2], 1)
    """

    learning_rate: float
    name: str = "SGD"

    def __post_init__(self) -> None:
        if not (np.isfinite(self.learning_rate) and self.learning_rate > 0):
            raise ValueError(f"learning_rate must be finite and > 0, got {self.learning_rate}")

    def init(self, params: Params) -> int:
        """State before the first step: the step count 0 (SGD keeps nothing else)."""
        return 0

    def step(self, params: Params, grads: Params, state: int) -> tuple[Params, int]:
        """One update; returns new parameters and the new step count. Inputs are not modified."""
        return tuple(p - self.learning_rate * g for p, g in zip(params, grads, strict=True)), state + 1


@dataclass(frozen=True, eq=False)
class AdamState:
    """Adam's state: step count ``t`` and the moment estimates ``m``, ``v`` (one array per parameter)."""

    t: int
    m: Params
    v: Params


@dataclass(frozen=True)
class Adam:
    """Adam with bias-corrected first and second moment estimates.

    Examples
    --------
    >>> opt = Adam(learning_rate=0.1)
    >>> params = (np.array([1.0, -1.0]),)
    >>> (w,), state = opt.step(params, (np.array([3.0, -0.5]),), opt.init(params))
    >>> w.round(6).tolist(), state.t  # the first step moves every weight by about lr
    ([0.9, -0.9], 1)
    """

    learning_rate: float
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    name: str = field(default="Adam")

    def __post_init__(self) -> None:
        if not (np.isfinite(self.learning_rate) and self.learning_rate > 0):
            raise ValueError(f"learning_rate must be finite and > 0, got {self.learning_rate}")
        for label, beta in (("beta1", self.beta1), ("beta2", self.beta2)):
            if not 0 <= beta < 1:
                raise ValueError(f"{label} must be in [0, 1), got {beta}")
        if not self.eps > 0:
            raise ValueError(f"eps must be > 0, got {self.eps}")

    def init(self, params: Params) -> AdamState:
        """Zero moments, step count 0."""
        zeros = tuple(np.zeros_like(p, dtype=float) for p in params)
        return AdamState(0, zeros, zeros)

    def step(self, params: Params, grads: Params, state: AdamState) -> tuple[Params, AdamState]:
        """One update; returns new parameters and new state. Inputs are not modified."""
        t = state.t + 1
        m = tuple(self.beta1 * mi + (1 - self.beta1) * g for mi, g in zip(state.m, grads, strict=True))
        v = tuple(self.beta2 * vi + (1 - self.beta2) * g**2 for vi, g in zip(state.v, grads, strict=True))
        new = []
        for p, mi, vi in zip(params, m, v, strict=True):
            m_hat = mi / (1 - self.beta1**t)
            v_hat = vi / (1 - self.beta2**t)
            new.append(p - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps))
        return tuple(new), AdamState(t, m, v)


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
    batch_size: int,
    seed: int,
    tracked: ArrayLike,
    init_scale: float = 0.01,
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
    batch_size : int
        Mini-batch size; ``batch_size >= N`` uses the whole set every step.
    seed : int
        Seeds the initial weights (normal, scaled by ``init_scale``, zero biases)
        and the sequence of mini-batches; both do not depend on the optimizer.
    tracked : array_like of int
        Rows of ``x`` whose logits are recorded.
    init_scale : float, default 0.01

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
    idx = np.asarray(tracked, dtype=np.int64)
    if xs.ndim != 2 or ys.shape != (len(xs),):
        raise ValueError(f"x must be (N, D) and y (N,), got {xs.shape} and {ys.shape}")
    if ys.min() < 0 or ys.max() >= n_classes:
        raise ValueError(f"labels must lie in 0..{n_classes - 1}")
    if steps < 1 or batch_size < 1:
        raise ValueError(f"steps and batch_size must be >= 1, got {steps} and {batch_size}")
    if idx.ndim != 1 or (idx < 0).any() or (idx >= len(xs)).any():
        raise ValueError(f"tracked rows must be indices into x, got {idx.tolist()}")
    rng = np.random.default_rng(seed)
    weights = init_scale * rng.standard_normal((n_classes, xs.shape[1]))
    params: Params = (weights, np.zeros(n_classes))
    batches = [_batch(rng, len(xs), batch_size) for _ in range(steps)]
    state: int | AdamState = optimizer.init(params)
    losses: list[float] = []
    logits: list[NDArray[np.float64]] = []
    for batch in batches:
        losses.append(cross_entropy_loss_and_grads(params[0], params[1], xs, ys)[0])
        logits.append(xs[idx] @ params[0].T + params[1])
        _, gw, gb = cross_entropy_loss_and_grads(params[0], params[1], xs[batch], ys[batch])
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
    if batch_size >= n:
        return np.arange(n)
    return np.sort(rng.choice(n, size=batch_size, replace=False))


def mnist_features_2d(classes: tuple[int, ...]) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Real MNIST digits of ``classes`` as 2D features: PCA of the pixels, each coordinate scaled to unit variance.

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
    digits = load_mnist().of_classes(classes)
    pixels = digits.images.reshape(len(digits), -1) / 255.0
    z = fit_pca(pixels, 2).transform(pixels)
    lookup = {c: i for i, c in enumerate(classes)}
    return z / z.std(axis=0), np.array([lookup[int(lab)] for lab in digits.labels], dtype=np.int64)


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


def logit_plane_directions() -> NDArray[np.float64]:
    """Unit directions ``(3, 2)`` of the three classes in the logit plane: up, lower left, lower right.

    Class ``k`` points at angle ``90 + 120 k`` degrees. Class ``k`` has the
    largest logit in the 120-degree sector around its direction; the sector
    boundary between classes ``k`` and ``k + 1`` is the ray at ``150 + 120 k`` degrees.

    Examples
    --------
    >>> logit_plane_directions().round(3)
    array([[ 0.   ,  1.   ],
           [-0.866, -0.5  ],
           [ 0.866, -0.5  ]])
    """
    angles = np.deg2rad(90.0 + 120.0 * np.arange(3))
    return np.stack([np.cos(angles), np.sin(angles)], axis=1)


def logit_plane_coords(z: ArrayLike) -> NDArray[np.float64]:
    """Coordinates of 3-class logit vectors in the plane orthogonal to ``(1, 1, 1)``.

    The map drops the common shift of the logits, which softmax ignores, and
    keeps distances between centred logit vectors (it is an isometry of that
    plane). The origin is "all logits equal", where every class gets 1/3.

    Parameters
    ----------
    z : array_like, shape (..., 3)

    Returns
    -------
    numpy.ndarray, shape (..., 2)

    Examples
    --------
    >>> bool(np.allclose(logit_plane_coords([5.0, 5.0, 5.0]), 0.0))
    True
    >>> logit_plane_coords([1.0, 0.0, 0.0]).round(3).tolist()  # toward class 0's direction
    [0.0, 0.816]
    >>> bool(np.allclose(logit_plane_coords([2.0, 1.0, 0.1]), logit_plane_coords([12.0, 11.0, 10.1])))
    True
    """
    arr = np.asarray(z, dtype=float)
    if arr.shape[-1] != 3:
        raise ValueError(f"the logit plane needs 3 classes, got shape {arr.shape}")
    return np.sqrt(2.0 / 3.0) * arr @ logit_plane_directions()
