"""The cross-entropy loss ``-log p`` of the true class, and its gradients for a linear classifier.

Computed from the logits with ``log_softmax``, never by forming ``p`` and
taking its log, so a confident wrong answer gives a large finite loss, not
``inf``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import checked_logits, log_softmax, softmax

__all__ = ["cross_entropy", "cross_entropy_loss_and_grads", "cross_entropy_vs_logit"]


def cross_entropy(z: ArrayLike, true_class: int) -> float:
    """Cross-entropy loss ``-log p_y`` of the true class ``y``, from the logits (stable: no ``log 0``).

    Raises
    ------
    ValueError
        If ``true_class`` is not an index of ``z``.

    Examples
    --------
    >>> round(cross_entropy([2.0, 1.0, 0.1], 0), 4), round(cross_entropy([2.0, 1.0, 0.1], 2), 4)
    (0.417, 2.317)
    """
    arr = checked_logits(z, one_d=True)
    if not 0 <= true_class < arr.size:
        raise ValueError(f"true_class must be in 0..{arr.size - 1}, got {true_class}")
    return float(-log_softmax(arr)[true_class])


def cross_entropy_vs_logit(z: ArrayLike, true_class: int, values: ArrayLike) -> NDArray[np.float64]:
    """The loss ``-log p_y`` as the true class's logit takes each of ``values``, the others held fixed.

    It falls monotonically towards 0 (never reaching it) as the true logit
    grows; its slope is ``p_y - 1``.

    Examples
    --------
    >>> cross_entropy_vs_logit([2.0, 1.0, 0.1], 0, [-2.0, 2.0, 10.0]).round(4).tolist()
    [3.3759, 0.417, 0.0002]
    """
    arr = checked_logits(z, one_d=True)
    vals = np.asarray(values, dtype=float)
    return np.array([cross_entropy(np.where(np.arange(arr.size) == true_class, v, arr), true_class) for v in vals])


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
