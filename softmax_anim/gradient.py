"""The gradient of cross-entropy on softmax, ``p - onehot(y)``, and one gradient step.

For logits ``z``, probabilities ``p = softmax(z)`` and the loss
``L = -log p_y`` of the true class ``y``, the derivative in the logits is

    dL/dz_i = p_i - [i == y],

so the true class's logit is pushed up by ``1 - p_y`` and every other logit
down by its probability. One step of gradient descent,
``z <- z - learning_rate * (p - onehot(y))``, therefore raises the true
logit, lowers the others, and leaves the sum of the logits unchanged (the
gradient's entries add up to 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import log_softmax, softmax

__all__ = ["GradientStep", "cross_entropy_gradient", "format_gradient", "gradient_step", "one_hot"]


def _logits(z: ArrayLike) -> NDArray[np.float64]:
    arr = np.asarray(z, dtype=float)
    if arr.ndim != 1 or arr.size < 2 or not np.isfinite(arr).all():
        raise ValueError(f"logits must be a 1D vector of at least 2 finite numbers, got {arr.tolist()}")
    return arr


def one_hot(true_class: int, n_classes: int) -> NDArray[np.float64]:
    """The target vector: 1 at ``true_class``, 0 elsewhere.

    Raises
    ------
    ValueError
        If ``true_class`` is not in ``0 .. n_classes - 1``.

    Examples
    --------
    >>> one_hot(0, 3)
    array([1., 0., 0.])
    """
    if not 0 <= true_class < n_classes:
        raise ValueError(f"true_class must be in 0..{n_classes - 1}, got {true_class}")
    y = np.zeros(n_classes)
    y[true_class] = 1.0
    return y


def cross_entropy_gradient(z: ArrayLike, true_class: int) -> NDArray[np.float64]:
    """``dL/dz = softmax(z) - onehot(y)`` for ``L = -log softmax(z)[y]``.

    Parameters
    ----------
    z : array_like
        Finite logits, 1D.
    true_class : int
        Index of the true class ``y``.

    Returns
    -------
    numpy.ndarray
        One entry per class; the entries add up to 0, the true class's is
        ``p_y - 1 < 0``, every other one is its probability.

    Raises
    ------
    ValueError
        If ``z`` is not a 1D vector of finite logits or ``true_class`` is not an index of it.

    Examples
    --------
    >>> cross_entropy_gradient([2.0, 1.0, 0.1], 0).round(4)
    array([-0.341 ,  0.2424,  0.0986])
    """
    arr = _logits(z)
    return softmax(arr) - one_hot(true_class, arr.size)


@dataclass(frozen=True, eq=False)
class GradientStep:
    """One step of gradient descent on ``-log softmax(z)[y]``, every number before and after.

    Attributes
    ----------
    true_class : int
    learning_rate : float
    logits, probs : numpy.ndarray
        ``z`` and ``softmax(z)`` before the step.
    target : numpy.ndarray
        ``onehot(y)``.
    gradient : numpy.ndarray
        ``probs - target``.
    new_logits, new_probs : numpy.ndarray
        ``z - learning_rate * gradient`` and its softmax.
    loss, new_loss : float
        ``-log p_y`` before and after.
    """

    true_class: int
    learning_rate: float
    logits: NDArray[np.float64]
    probs: NDArray[np.float64]
    target: NDArray[np.float64]
    gradient: NDArray[np.float64]
    new_logits: NDArray[np.float64]
    new_probs: NDArray[np.float64]
    loss: float
    new_loss: float


def gradient_step(z: ArrayLike, true_class: int, learning_rate: float) -> GradientStep:
    """Take one gradient-descent step ``z - learning_rate * (p - onehot(y))`` on the logits.

    Raises
    ------
    ValueError
        As :func:`cross_entropy_gradient`, or if ``learning_rate`` is not finite and > 0.

    Examples
    --------
    >>> s = gradient_step([2.0, 1.0, 0.1], 0, 1.0)
    >>> s.new_logits.round(2).tolist(), s.new_probs.round(2).tolist(), round(s.loss, 4), round(s.new_loss, 4)
    ([2.34, 0.76, 0.0], [0.77, 0.16, 0.07], 0.417, 0.2636)
    """
    lr = float(learning_rate)
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"learning_rate must be finite and > 0, got {learning_rate}")
    arr = _logits(z)
    target = one_hot(true_class, arr.size)
    probs = softmax(arr)
    gradient = probs - target
    new_logits = arr - lr * gradient
    return GradientStep(
        true_class=true_class,
        learning_rate=lr,
        logits=arr,
        probs=probs,
        target=target,
        gradient=gradient,
        new_logits=new_logits,
        new_probs=softmax(new_logits),
        loss=float(-log_softmax(arr)[true_class]),
        new_loss=float(-log_softmax(new_logits)[true_class]),
    )


def format_gradient(prob_labels: list[str], true_class: int) -> list[str]:
    """``p - onehot(y)`` as shown: each shown probability minus its target, exactly in decimal.

    The gradient on screen is the subtraction a learner can check against the
    probabilities on screen (``0.66 - 1 = -0.34``), so it is computed from
    the displayed probabilities (:func:`softmax_anim.format_probabilities`)
    rather than rounded separately. Subtracting a whole number keeps a
    correctly rounded label correctly rounded, and keeps its precision.

    Examples
    --------
    >>> format_gradient(["0.66", "0.24", "0.10"], 0)
    ['-0.34', '0.24', '0.10']
    """
    target = one_hot(true_class, len(prob_labels))
    out = []
    for label, t in zip(prob_labels, target, strict=True):
        d = Decimal(label) - Decimal(int(t))
        out.append(str(abs(d) if d == 0 else d))
    return out
