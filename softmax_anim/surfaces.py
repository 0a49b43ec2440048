"""Softmax over a 2D slice of logit space: the heights of the 3D probability surfaces.

A plane of logit vectors ``base + u * u_dir + v * v_dir``; over it, each
class's probability is a surface, and the exact argmax regions are convex
cells. Since a common shift of the logits changes nothing, the default plane
fixes the last logit at 0 (:func:`anchor_logits` moves any logits onto it).
For two classes the surface is the sigmoid of the logit difference.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import checked_logits, softmax
from .regions import Cell, class_cells

__all__ = [
    "anchor_logits",
    "slice_argmax_cells",
    "slice_logits",
    "slice_probabilities",
    "two_class_probability",
]


def slice_logits(
    u: ArrayLike,
    v: ArrayLike,
    base: ArrayLike = (0.0, 0.0, 0.0),
    u_dir: ArrayLike = (1.0, 0.0, 0.0),
    v_dir: ArrayLike = (0.0, 1.0, 0.0),
) -> NDArray[np.float64]:
    """Logit vectors ``base + u * u_dir + v * v_dir`` of a plane through logit space.

    The default plane is ``z = (u, v, 0)``: since adding a constant to all
    logits changes nothing, fixing the last logit at 0 loses no distribution.

    Parameters
    ----------
    u, v : array_like
        Broadcastable coordinates in the plane.
    base, u_dir, v_dir : array_like, shape (K,)
        A point of the plane and its two directions (``K >= 2`` classes).

    Returns
    -------
    numpy.ndarray, shape ``broadcast(u, v).shape + (K,)``

    Examples
    --------
    >>> slice_logits(1.9, 0.9)
    array([1.9, 0.9, 0. ])
    """
    b = np.asarray(base, dtype=float)
    du = np.asarray(u_dir, dtype=float)
    dv = np.asarray(v_dir, dtype=float)
    if b.ndim != 1 or b.size < 2 or du.shape != b.shape or dv.shape != b.shape:
        raise ValueError(
            f"base, u_dir, v_dir must be 1D of one length >= 2, got shapes {b.shape}, {du.shape}, {dv.shape}"
        )
    uu = np.asarray(u, dtype=float)[..., None]
    vv = np.asarray(v, dtype=float)[..., None]
    return np.asarray(b + uu * du + vv * dv, dtype=float)


def slice_probabilities(
    u: ArrayLike,
    v: ArrayLike,
    base: ArrayLike = (0.0, 0.0, 0.0),
    u_dir: ArrayLike = (1.0, 0.0, 0.0),
    v_dir: ArrayLike = (0.0, 1.0, 0.0),
) -> NDArray[np.float64]:
    """Softmax probabilities over a plane of logit space: the heights of the 3D surfaces.

    Parameters
    ----------
    u, v, base, u_dir, v_dir
        As in :func:`slice_logits`.

    Returns
    -------
    numpy.ndarray, shape ``broadcast(u, v).shape + (K,)``
        ``softmax(slice_logits(u, v, ...))``; entry ``k`` is the height of
        class ``k``'s surface at ``(u, v)``.

    Examples
    --------
    >>> slice_probabilities(1.9, 0.9).round(4)  # the lecture's logits, shifted
    array([0.659 , 0.2424, 0.0986])
    """
    return softmax(slice_logits(u, v, base, u_dir, v_dir), axis=-1)


def slice_argmax_cells(
    u_range: tuple[float, float],
    v_range: tuple[float, float],
    base: ArrayLike = (0.0, 0.0, 0.0),
    u_dir: ArrayLike = (1.0, 0.0, 0.0),
    v_dir: ArrayLike = (0.0, 1.0, 0.0),
) -> list[Cell]:
    """Exact argmax regions over a rectangle of the plane of :func:`slice_logits`.

    On the plane, logit ``k`` is ``base_k + u * u_dir_k + v * v_dir_k``: linear
    scores, so the regions where each class has the largest probability are
    the convex cells of :func:`softmax_anim.regions.class_cells`.

    Returns
    -------
    list of Cell
        One per class, vertices ``(u, v)`` counter-clockwise; empty for a class
        that never wins inside the rectangle.

    Examples
    --------
    >>> [c.vertices.round(6).tolist() for c in slice_argmax_cells((-1, 1), (-1, 1))][2]
    [[-1.0, -1.0], [0.0, -1.0], [0.0, 0.0], [-1.0, 0.0]]
    """
    b = np.asarray(base, dtype=float)
    weights = np.column_stack([np.asarray(u_dir, dtype=float), np.asarray(v_dir, dtype=float)])
    if b.ndim != 1 or weights.shape != (b.size, 2):
        raise ValueError(f"base, u_dir, v_dir must be 1D of one length, got shapes {b.shape}, {weights.shape}")
    return class_cells(weights, b, u_range, v_range)


def two_class_probability(z0: ArrayLike, z1: ArrayLike) -> NDArray[np.float64]:
    """``softmax([z0, z1])[0]`` at every pair: the height of the 2-class surface.

    It equals ``sigmoid(z0 - z1)``: for two classes softmax is the sigmoid of
    the logit difference.

    Examples
    --------
    >>> two_class_probability([0.0, 1.0], [0.0, 0.0]).round(4)
    array([0.5   , 0.7311])
    """
    return slice_probabilities(z0, z1, base=(0.0, 0.0), u_dir=(1.0, 0.0), v_dir=(0.0, 1.0))[..., 0]


def anchor_logits(z: ArrayLike, index: int = -1) -> NDArray[np.float64]:
    """Logits shifted so that entry ``index`` is 0: the same softmax, on the slice of :func:`slice_logits`.

    Examples
    --------
    >>> anchor_logits([2.0, 1.0, 0.1]).round(12)
    array([1.9, 0.9, 0. ])
    """
    arr = checked_logits(z, one_d=True)
    return np.asarray(arr - arr[index], dtype=float)
