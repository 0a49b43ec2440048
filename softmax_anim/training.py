"""Softmax regression in numpy: the model behind Part E's weight vectors.

A linear classifier with scores ``X @ W.T + b`` and the cross-entropy loss,
fitted by full-batch gradient descent. Deterministic: no randomness at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import log_softmax, softmax

__all__ = ["LinearSoftmaxModel", "PCA", "cross_entropy_loss_and_grads", "fit_pca", "fit_softmax_regression"]


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


def cross_entropy_loss_and_grads(
    weights: NDArray[np.float64], biases: NDArray[np.float64], x: NDArray[np.float64], y: NDArray[np.int64]
) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
    """Mean cross-entropy ``-log p_y`` and its gradients with respect to weights and biases.

    The gradient of the loss in the logits is ``p - onehot(y)``.

    Examples
    --------
    >>> loss, gw, gb = cross_entropy_loss_and_grads(np.zeros((2, 1)), np.zeros(2), np.ones((1, 1)), np.array([0]))
    >>> round(loss, 4), gb.tolist()
    (0.6931, [-0.5, 0.5])
    """
    logits = x @ weights.T + biases
    n = len(y)
    loss = float(-log_softmax(logits)[np.arange(n), y].mean())
    delta = softmax(logits)
    delta[np.arange(n), y] -= 1.0
    delta /= n
    return loss, delta.T @ x, delta.sum(axis=0)


def fit_softmax_regression(
    x: ArrayLike,
    y: ArrayLike,
    n_classes: int,
    *,
    steps: int = 500,
    learning_rate: float = 0.5,
    fit_bias: bool = True,
) -> tuple[LinearSoftmaxModel, NDArray[np.float64]]:
    """Fit a softmax regression by full-batch gradient descent from zero weights.

    Parameters
    ----------
    x : array_like, shape (N, D)
    y : array_like of int, shape (N,)
        Class indices ``0 .. n_classes - 1``.
    n_classes : int
    steps, learning_rate : int, float
    fit_bias : bool, default True
        Without a bias the class is the weight vector ``x`` points most along.

    Returns
    -------
    model : LinearSoftmaxModel
    losses : numpy.ndarray, shape (steps + 1,)
        The loss before each step and after the last.

    Examples
    --------
    >>> x = np.array([[-1.0], [1.0]]); y = np.array([0, 1])
    >>> model, losses = fit_softmax_regression(x, y, 2, steps=50)
    >>> model.predict(x).tolist(), bool(losses[-1] < losses[0])
    ([0, 1], True)
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=np.int64)
    w = np.zeros((n_classes, xs.shape[1]))
    b = np.zeros(n_classes)
    losses = []
    for _ in range(steps):
        loss, gw, gb = cross_entropy_loss_and_grads(w, b, xs, ys)
        losses.append(loss)
        w -= learning_rate * gw
        if fit_bias:
            b -= learning_rate * gb
    losses.append(cross_entropy_loss_and_grads(w, b, xs, ys)[0])
    return LinearSoftmaxModel(w, b), np.array(losses)


@dataclass(frozen=True, eq=False)
class PCA:
    """A linear projection ``(x - mean) @ components.T``."""

    mean: NDArray[np.float64]
    components: NDArray[np.float64]  # (n_components, D), orthonormal rows

    def transform(self, x: ArrayLike) -> NDArray[np.float64]:
        """Project rows of ``x`` (N, D) to (N, n_components)."""
        return (np.asarray(x, dtype=float) - self.mean) @ self.components.T


def fit_pca(x: ArrayLike, n_components: int = 2) -> PCA:
    """Principal components by SVD; each component's sign is fixed so its largest entry is positive.

    Examples
    --------
    >>> pca = fit_pca([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]], 1)
    >>> pca.transform([[4.0, 0.0]]).tolist()
    [[2.0]]
    """
    xs = np.asarray(x, dtype=float)
    mean = xs.mean(axis=0)
    _, _, vt = np.linalg.svd(xs - mean, full_matrices=False)
    comps = vt[:n_components]
    signs = np.sign(comps[np.arange(len(comps)), np.abs(comps).argmax(axis=1)])
    return PCA(mean, comps * signs[:, None])
