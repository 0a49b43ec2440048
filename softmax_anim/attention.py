"""Softmax inside attention: one query scores a few keys, the weights mix the values.

Scaled dot-product attention for a single query ``q`` of dimension ``d``:

    score_i  = q . k_i / sqrt(d)
    weight   = softmax(score)           (non-negative, adds up to 1)
    output   = sum_i weight_i v_i       (a weighted average of the values)

The divisor ``sqrt(d)`` plays the part of a temperature: dividing the dot
products by a smaller number sharpens the weights towards the best-matching
key (the output moves to its value), a larger one flattens them towards
uniform (the output moves to the plain mean of the values).
:func:`attention` takes any divisor so a scene can sweep it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import softmax

__all__ = ["Attention", "attention"]


@dataclass(frozen=True, eq=False)
class Attention:
    """Every number of one attention read-out.

    Attributes
    ----------
    query : numpy.ndarray, shape (d,)
    keys : numpy.ndarray, shape (n, d)
    values : numpy.ndarray, shape (n, m)
    dots : numpy.ndarray, shape (n,)
        ``keys @ query``.
    divisor : float
        What the dot products are divided by (``sqrt(d)`` unless given).
    scores : numpy.ndarray, shape (n,)
        ``dots / divisor``.
    weights : numpy.ndarray, shape (n,)
        ``softmax(scores)``.
    output : numpy.ndarray, shape (m,)
        ``weights @ values``.
    """

    query: NDArray[np.float64]
    keys: NDArray[np.float64]
    values: NDArray[np.float64]
    dots: NDArray[np.float64]
    divisor: float
    scores: NDArray[np.float64]
    weights: NDArray[np.float64]
    output: NDArray[np.float64]

    @property
    def dimension(self) -> int:
        """``d``, the length of the query and of each key."""
        return int(self.query.size)


def attention(query: ArrayLike, keys: ArrayLike, values: ArrayLike, divisor: float | None = None) -> Attention:
    """Scaled dot-product attention of one query over ``n`` key/value pairs.

    Parameters
    ----------
    query : array_like, shape (d,)
    keys : array_like, shape (n, d)
    values : array_like, shape (n, m)
    divisor : float, optional
        Divides the dot products; ``sqrt(d)`` by default. Must be finite and > 0.

    Returns
    -------
    Attention

    Raises
    ------
    ValueError
        On shapes that do not match, non-finite numbers or a divisor <= 0.

    Examples
    --------
    >>> a = attention([2.0, 1.0], [[1.5, 0.5], [0.5, 1.5], [-1.0, 1.0], [1.0, -1.5]],
    ...               [[-1.5, 1.5], [1.5, 1.5], [1.5, -1.5], [-1.5, -1.5]])
    >>> a.scores.round(2).tolist(), a.weights.round(3).tolist(), a.output.round(2).tolist()
    ([2.47, 1.77, -0.71, 0.35], [0.604, 0.298, 0.025, 0.072], [-0.53, 1.21])
    """
    q = np.asarray(query, dtype=float)
    k = np.asarray(keys, dtype=float)
    v = np.asarray(values, dtype=float)
    if q.ndim != 1 or q.size == 0:
        raise ValueError(f"query must be a non-empty vector, got shape {q.shape}")
    if k.ndim != 2 or k.shape[1] != q.size or k.shape[0] == 0:
        raise ValueError(f"keys must have shape (n, {q.size}), got {k.shape}")
    if v.ndim != 2 or v.shape[0] != k.shape[0]:
        raise ValueError(f"values must have shape ({k.shape[0]}, m), one per key, got {v.shape}")
    if not (np.isfinite(q).all() and np.isfinite(k).all() and np.isfinite(v).all()):
        raise ValueError("query, keys and values must be finite")
    div = float(np.sqrt(q.size)) if divisor is None else float(divisor)
    if not (np.isfinite(div) and div > 0):
        raise ValueError(f"divisor must be finite and > 0, got {divisor}")
    dots = k @ q
    scores = dots / div
    weights = softmax(scores)
    return Attention(q, k, v, dots, div, scores, weights, weights @ v)
