"""Softmax and its relatives: the numbers behind every bar and label.

Every function subtracts the maximum before exponentiating, so any finite
logits work, including magnitudes of 1e4 and beyond.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "argmax",
    "checked_logits",
    "log_softmax",
    "naive_softmax",
    "sigmoid",
    "softmax",
    "softmax_jacobian",
]


def checked_logits(z: ArrayLike, *, one_d: bool = False, min_size: int = 1) -> NDArray[np.float64]:
    """``z`` as a float array of logits, or one ``ValueError`` saying what is wrong with it.

    The one validator for logits in this package: not empty, at least
    ``min_size`` of them, all finite (no ``nan``, no ``inf``), and a 1D
    sequence when ``one_d``.

    Examples
    --------
    >>> checked_logits([1.0, float("inf")])
    Traceback (most recent call last):
    ...
    ValueError: logits must be finite, got [1.0, inf]
    """
    arr = np.asarray(z, dtype=float)
    if one_d and arr.ndim != 1:
        raise ValueError(f"logits must be a 1D sequence, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError("logits must not be empty")
    if arr.size < min_size:
        raise ValueError(f"need at least {min_size} logits, got {arr.tolist()}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"logits must be finite, got {arr.tolist()}")
    return arr


def _checked_temperature(temperature: float) -> float:
    t = float(temperature)
    if not np.isfinite(t):
        raise ValueError(f"temperature must be finite, got {temperature}")
    if t < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature}")
    return t


def _hard_max(z: NDArray[np.float64], axis: int) -> NDArray[np.float64]:
    """The T -> 0 limit: uniform over the maxima (one-hot when unique)."""
    is_max = (z == z.max(axis=axis, keepdims=True)).astype(float)
    return is_max / is_max.sum(axis=axis, keepdims=True)


def softmax(z: ArrayLike, temperature: float = 1.0, axis: int = -1) -> NDArray[np.float64]:
    """Probabilities ``exp(z_i / T) / sum_j exp(z_j / T)``.

    Parameters
    ----------
    z : array_like
        Finite logits.
    temperature : float, default 1.0
        ``T > 0`` divides the logits before exponentiating: below 1 sharpens,
        above 1 flattens. ``T = 0`` returns the limit ``T -> 0``: the hard
        maximum, one-hot on the largest logit (shared equally when several
        logits tie for the maximum, as the limit does).
    axis : int, default -1
        Axis along which the probabilities sum to 1.

    Returns
    -------
    numpy.ndarray
        Same shape as ``z``; non-negative, sums to 1 along ``axis``.

    Raises
    ------
    ValueError
        If ``z`` is empty or has a non-finite value, or ``temperature`` is
        negative or not finite.

    Examples
    --------
    >>> softmax([2.0, 1.0, 0.1]).round(4)
    array([0.659 , 0.2424, 0.0986])
    """
    arr = checked_logits(z)
    t = _checked_temperature(temperature)
    if t == 0:
        return _hard_max(arr, axis)
    shifted = (arr - arr.max(axis=axis, keepdims=True)) / t
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z: ArrayLike, temperature: float = 1.0, axis: int = -1) -> NDArray[np.float64]:
    """Log-probabilities ``z_i / T - logsumexp(z / T)``, stable for any finite logits.

    Parameters
    ----------
    z : array_like
        Finite logits.
    temperature : float, default 1.0
        As in :func:`softmax`; ``T = 0`` gives ``log`` of the hard maximum
        (``-inf`` off the maximum).
    axis : int, default -1
        Axis of the classes.

    Returns
    -------
    numpy.ndarray
        Same shape as ``z``; ``exp`` of it sums to 1 along ``axis``.

    Raises
    ------
    ValueError
        As :func:`softmax`.

    Examples
    --------
    >>> log_softmax([1e4, 0.0]).round(1)  # finite: no exp(1e4) is formed
    array([     0., -10000.])
    """
    arr = checked_logits(z)
    t = _checked_temperature(temperature)
    if t == 0:
        with np.errstate(divide="ignore"):
            return np.log(_hard_max(arr, axis))
    shifted = (arr - arr.max(axis=axis, keepdims=True)) / t
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def naive_softmax(z: ArrayLike) -> NDArray[np.float64]:
    """Softmax straight from the formula, without subtracting the maximum.

    Kept to show what goes wrong: ``exp(1000)`` overflows to ``inf`` and the
    quotient ``inf / inf`` is ``nan``. Floating-point warnings are silenced
    because the bad result is the point.

    Examples
    --------
    >>> naive_softmax([1000.0, 0.0])
    array([nan,  0.])
    """
    arr = np.asarray(z, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(arr)
        return e / e.sum(axis=-1, keepdims=True)


def sigmoid(x: ArrayLike) -> NDArray[np.float64]:
    """Logistic function ``1 / (1 + exp(-x))``, stable for large ``|x|``.

    For two classes, ``softmax([z0, z1])[0] == sigmoid(z0 - z1)``.

    Examples
    --------
    >>> sigmoid([0.0, 1000.0, -1000.0])
    array([0.5, 1. , 0. ])
    """
    arr = np.asarray(x, dtype=float)
    # exp of a non-positive number never overflows.
    e = np.exp(-np.abs(arr))
    return np.where(arr >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def argmax(values: ArrayLike) -> int:
    """Index of the largest value; ties go to the lowest index.

    Parameters
    ----------
    values : array_like
        A non-empty 1D sequence of numbers without NaN.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``values`` is empty, not 1D, or contains NaN.

    Examples
    --------
    >>> argmax([0.1, 3.0, -12.75, 3.0])
    1
    """
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"argmax needs a non-empty 1D sequence, got shape {arr.shape}")
    if np.isnan(arr).any():
        raise ValueError("argmax of a sequence containing NaN is undefined")
    return int(np.argmax(arr))  # numpy returns the first maximum


def softmax_jacobian(p: ArrayLike) -> NDArray[np.float64]:
    """Jacobian ``d p_i / d z_j = diag(p) - p p^T`` of softmax at probabilities ``p``.

    Examples
    --------
    >>> softmax_jacobian([0.5, 0.5])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    arr = np.asarray(p, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"p must be 1D, got shape {arr.shape}")
    return np.diag(arr) - np.outer(arr, arr)
