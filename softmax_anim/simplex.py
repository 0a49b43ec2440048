"""Softmax as geometry: the probability simplex.

Three probabilities that add up to 1 are the barycentric coordinates of a
point in a triangle whose corners are the classes. This module maps
probability vectors to that triangle (and back), traces the exact path of
``softmax(z, T)`` from ``T = 0`` (a corner) to ``T = inf`` (the centre), and
cuts the triangle into its exact argmax regions. The 3D probability surfaces
over a slice of logit space are :mod:`softmax_anim.surfaces`.

Coordinates are in "simplex space": the triangle is equilateral with its
centre at the origin and its corners on the unit circle, class 0 at the top,
class 1 bottom left, class 2 bottom right (counter-clockwise). Scenes scale
and shift these coordinates onto the screen.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import checked_logits, softmax
from .regions import Cell, convex_argmax_cells, polygon_area

__all__ = [
    "SIMPLEX_CORNERS",
    "argmax_regions",
    "barycentric_coordinates",
    "path_temperature",
    "simplex_point",
    "temperature_path",
]

_HALF_SQRT3 = float(np.sqrt(3.0) / 2)
SIMPLEX_CORNERS: NDArray[np.float64] = np.array([[0.0, 1.0], [-_HALF_SQRT3, -0.5], [_HALF_SQRT3, -0.5]])
"""Corners of the triangle, shape (3, 2): class 0 top, 1 bottom left, 2 bottom right."""
SIMPLEX_CORNERS.setflags(write=False)

# Tolerance on "non-negative and sums to 1" for probability vectors.
_PROB_TOL = 1e-9


def _corners(corners: ArrayLike | None) -> NDArray[np.float64]:
    c = SIMPLEX_CORNERS if corners is None else np.asarray(corners, dtype=float)
    if c.shape != (3, 2) or not np.all(np.isfinite(c)):
        raise ValueError(f"corners must be a finite array of shape (3, 2), got shape {c.shape}")
    if abs(polygon_area(c)) < 1e-12:
        raise ValueError("corners must span a triangle, got three points on one line")
    return c


def simplex_point(p: ArrayLike, corners: ArrayLike | None = None) -> NDArray[np.float64]:
    """The point of the triangle with barycentric coordinates ``p``: ``sum_i p_i * corner_i``.

    Parameters
    ----------
    p : array_like, shape (..., 3)
        Probability vectors: non-negative, each summing to 1.
    corners : array_like, shape (3, 2), optional
        The triangle's corners; :data:`SIMPLEX_CORNERS` by default.

    Returns
    -------
    numpy.ndarray, shape (..., 2)

    Raises
    ------
    ValueError
        If ``p`` does not have 3 entries on its last axis, has a negative or
        non-finite entry, or does not sum to 1.

    Examples
    --------
    >>> simplex_point([1.0, 0.0, 0.0])  # class 0 sits at the top corner
    array([0., 1.])
    """
    arr = np.asarray(p, dtype=float)
    if arr.ndim == 0 or arr.shape[-1] != 3:
        raise ValueError(f"probabilities must have 3 entries on the last axis, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or (arr < -_PROB_TOL).any():
        raise ValueError(f"probabilities must be finite and non-negative, got {arr.tolist()}")
    if not np.allclose(arr.sum(axis=-1), 1.0, rtol=0, atol=1e-6):
        raise ValueError(f"probabilities must sum to 1, got sums {np.atleast_1d(arr.sum(axis=-1)).tolist()}")
    return arr @ _corners(corners)


def barycentric_coordinates(xy: ArrayLike, corners: ArrayLike | None = None) -> NDArray[np.float64]:
    """The weights ``p`` with ``simplex_point(p) == xy``: the inverse of :func:`simplex_point`.

    Points outside the triangle get a negative weight.

    Parameters
    ----------
    xy : array_like, shape (..., 2)
    corners : array_like, shape (3, 2), optional

    Returns
    -------
    numpy.ndarray, shape (..., 3)
        Sums to 1 along the last axis.

    Examples
    --------
    >>> barycentric_coordinates([0.0, 1.0]).round(12) + 0.0
    array([1., 0., 0.])
    """
    c = _corners(corners)
    pts = np.asarray(xy, dtype=float)
    if pts.ndim == 0 or pts.shape[-1] != 2:
        raise ValueError(f"points must have 2 coordinates on the last axis, got shape {pts.shape}")
    # [corner_x; corner_y; 1 1 1] @ p = [x; y; 1]
    system = np.vstack([c.T, np.ones(3)])
    rhs = np.concatenate([pts, np.ones(pts.shape[:-1] + (1,))], axis=-1)
    return np.asarray(rhs @ np.linalg.inv(system).T, dtype=float)


def path_temperature(s: ArrayLike) -> NDArray[np.float64]:
    """The temperature at path parameter ``s``: ``T = s / (1 - s)``, from 0 (``s = 0``) to inf (``s = 1``).

    A parameter on ``[0, 1]`` lets a scene animate (and draw) the whole
    temperature path, both of whose ends are limits; ``s = 1/2`` is ``T = 1``.

    Raises
    ------
    ValueError
        If some ``s`` lies outside ``[0, 1]``.

    Examples
    --------
    >>> path_temperature([0.0, 0.5, 0.75, 1.0])
    array([ 0.,  1.,  3., inf])
    """
    arr = np.asarray(s, dtype=float)
    if not np.all((arr >= 0) & (arr <= 1)):
        raise ValueError(f"path parameter s must lie in [0, 1], got {arr.tolist()}")
    with np.errstate(divide="ignore"):
        return np.where(arr < 1, arr / np.where(arr < 1, 1 - arr, 1.0), np.inf)


def temperature_path(z: ArrayLike, temperatures: ArrayLike) -> NDArray[np.float64]:
    """``softmax(z, T)`` for every ``T``, limits included: ``T = 0`` and ``T = inf``.

    Parameters
    ----------
    z : array_like, shape (K,)
        Finite logits.
    temperatures : array_like, shape (N,) or scalar
        Temperatures ``0 <= T <= inf``. ``T = 0`` is the hard maximum (a
        corner when one logit is largest), ``T = inf`` the uniform
        distribution (the centre of the simplex).

    Returns
    -------
    numpy.ndarray, shape (N, K) (or (K,) for a scalar temperature)

    Raises
    ------
    ValueError
        On bad logits, a negative or NaN temperature.

    Examples
    --------
    >>> temperature_path([2.0, 1.0, 0.1], [0.0, 1.0, np.inf]).round(4)
    array([[1.    , 0.    , 0.    ],
           [0.659 , 0.2424, 0.0986],
           [0.3333, 0.3333, 0.3333]])
    """
    ts = np.asarray(temperatures, dtype=float)
    if np.isnan(ts).any() or (ts < 0).any():
        raise ValueError(f"temperatures must be >= 0 (inf allowed), got {ts.tolist()}")
    logits = checked_logits(z, one_d=True)
    flat = np.atleast_1d(ts)
    out = np.empty((flat.size, logits.size))
    out[np.isinf(flat)] = 1.0 / logits.size
    out[flat == 0] = softmax(logits, temperature=0)
    warm = np.isfinite(flat) & (flat > 0)
    # softmax(z, T) for every finite T > 0 at once: the same arithmetic, row by row
    if warm.any():
        out[warm] = softmax((logits - logits.max())[None, :] / flat[warm, None], axis=-1)
    return out[0] if ts.ndim == 0 else out


def argmax_regions(corners: ArrayLike | None = None) -> list[Cell]:
    """The exact parts of the triangle where each class has the largest probability.

    Region ``i`` is the triangle clipped to the half-planes ``p_i >= p_j``
    (affine in the point's coordinates). For three classes each region is a
    quadrilateral: the corner of its class, the midpoints of the two edges
    at that corner, and the centre.

    Parameters
    ----------
    corners : array_like, shape (3, 2), optional

    Returns
    -------
    list of Cell
        One per class, in class order, vertices counter-clockwise; the areas
        add up to the triangle's.

    Examples
    --------
    >>> [round(polygon_area(c.vertices) / polygon_area(SIMPLEX_CORNERS), 6) for c in argmax_regions()]
    [0.333333, 0.333333, 0.333333]
    """
    c = _corners(corners)
    triangle = c if polygon_area(c) > 0 else c[::-1]
    # Rows of the inverse map: p = inv @ [x, y, 1], so each p_i is an affine score of the point.
    inv = np.linalg.inv(np.vstack([c.T, np.ones(3)]))
    return convex_argmax_cells(triangle, inv[:, :2], inv[:, 2])
