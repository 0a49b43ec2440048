"""Exact argmax regions of linear class scores, in 1D and 2D.

Class ``i`` scores ``w_i . x + b_i``; the predicted class is the argmax, ties
going to the lowest index. Regions come from exact line intersections (1D)
and half-plane clipping (2D), never from sampling a grid, so a boundary drawn
from them passes exactly through the point where two scores are equal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["Cell", "Interval", "class_cells", "class_intervals", "convex_argmax_cells", "line_values", "polygon_area"]


@dataclass(frozen=True)
class Interval:
    """The part ``[start, end]`` of the input line where class ``winner`` has the top score."""

    start: float
    end: float
    winner: int


@dataclass(frozen=True, eq=False)
class Cell:
    """The convex part of the input plane where class ``winner`` has the top score.

    ``vertices`` has shape ``(M, 2)``, counter-clockwise; ``M == 0`` for a
    class that never wins inside the rectangle.
    """

    winner: int
    vertices: NDArray[np.float64]

    @property
    def is_empty(self) -> bool:
        """True when the class never wins inside the rectangle."""
        return len(self.vertices) == 0


def _vector(name: str, values: ArrayLike) -> NDArray[np.float64]:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1D sequence, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {arr.tolist()}")
    return arr


def _range(name: str, bounds: tuple[float, float]) -> tuple[float, float]:
    lo, hi = (float(v) for v in bounds)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} must be finite with lo < hi, got {bounds}")
    return lo, hi


def line_values(weights: ArrayLike, biases: ArrayLike, x: ArrayLike) -> NDArray[np.float64]:
    """Scores ``w_i * x + b_i`` of every class at every ``x``, shape ``x.shape + (K,)``.

    Examples
    --------
    >>> line_values([1.0, -1.0], [0.0, 1.0], [0.0, 2.0])
    array([[ 0.,  1.],
           [ 2., -1.]])
    """
    w = np.asarray(weights, dtype=float)
    b = np.asarray(biases, dtype=float)
    return np.asarray(x, dtype=float)[..., None] * w + b


def class_intervals(
    weights: ArrayLike, biases: ArrayLike, x_range: tuple[float, float]
) -> list[Interval]:
    """Exact 1D regions of ``argmax_i (w_i x + b_i)`` on ``x_range``.

    Walks the upper envelope of the lines from left to right: past each
    boundary, the next winner is the line of larger slope that crosses the
    current winner first.

    Parameters
    ----------
    weights, biases : array_like
        Slopes ``w_i`` and intercepts ``b_i``, one per class, finite.
    x_range : (float, float)
        ``(lo, hi)`` with ``lo < hi``.

    Returns
    -------
    list of Interval
        In order, covering ``[lo, hi]`` without gaps; neighbours have
        different winners; each inner boundary is the exact crossing
        ``(b_i - b_j) / (w_j - w_i)`` of the two lines that swap there.
        Identical lines: the lowest index wins. A class that never wins has
        no interval. At a boundary point itself argmax picks the lower index
        of the two, which is the interval that ends or starts there.

    Raises
    ------
    ValueError
        On empty, non-finite or mismatched weights and biases, or a bad range.

    Examples
    --------
    >>> class_intervals([-1.0, 0.0, 1.0], [0.0, 1.0, 0.0], (-3.0, 3.0))
    [Interval(start=-3.0, end=-1.0, winner=0), Interval(start=-1.0, end=1.0, winner=1), \
Interval(start=1.0, end=3.0, winner=2)]
    """
    w = _vector("weights", weights)
    b = _vector("biases", biases)
    if w.shape != b.shape:
        raise ValueError(f"weights and biases differ in length: {w.size} != {b.size}")
    lo, hi = _range("x_range", x_range)

    # Winner just right of lo: highest value, then steepest, then lowest index.
    values = w * lo + b
    order = np.lexsort((np.arange(w.size), -w, -values))
    winner = int(order[0])

    intervals: list[Interval] = []
    start = lo
    while True:
        steeper = np.flatnonzero(w > w[winner])
        crossings = (b[winner] - b[steeper]) / (w[steeper] - w[winner])
        ahead = crossings > start
        if not ahead.any() or crossings[ahead].min() >= hi:
            intervals.append(Interval(start, hi, winner))
            return intervals
        candidates, xs = steeper[ahead], crossings[ahead]
        first = xs == xs.min()
        # Several lines through one point: the steepest wins beyond it.
        nxt = int(candidates[first][np.lexsort((candidates[first], -w[candidates[first]]))[0]])
        end = float(xs.min())
        intervals.append(Interval(start, end, winner))
        start, winner = end, nxt


def polygon_area(vertices: ArrayLike) -> float:
    """Signed area by the shoelace formula: positive for counter-clockwise vertices.

    Examples
    --------
    >>> polygon_area([[0, 0], [2, 0], [2, 1], [0, 1]])
    2.0
    """
    v = np.asarray(vertices, dtype=float)
    if len(v) < 3:
        return 0.0
    x, y = v[:, 0], v[:, 1]
    return float(0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def _clip(poly: NDArray[np.float64], normal: NDArray[np.float64], offset: float) -> NDArray[np.float64]:
    """Keep the part of a convex polygon where ``normal . p + offset >= 0`` (Sutherland-Hodgman)."""
    if len(poly) == 0:
        return poly
    side = poly @ normal + offset
    out: list[NDArray[np.float64]] = []
    for k in range(len(poly)):
        p, q = poly[k], poly[(k + 1) % len(poly)]
        sp, sq = side[k], side[(k + 1) % len(poly)]
        if sp >= 0:
            out.append(p)
        if (sp >= 0) != (sq >= 0):
            out.append(p + (q - p) * (sp / (sp - sq)))
    return np.array(out, dtype=float).reshape(-1, 2)


def _dedupe(poly: NDArray[np.float64], tol: float) -> NDArray[np.float64]:
    keep = [p for k, p in enumerate(poly) if np.linalg.norm(p - poly[k - 1]) > tol] if len(poly) > 1 else list(poly)
    return np.array(keep, dtype=float).reshape(-1, 2)


def convex_argmax_cells(polygon: ArrayLike, weights: ArrayLike, biases: ArrayLike) -> list[Cell]:
    """Exact regions of ``argmax_i (w_i . x + b_i)`` inside a convex polygon.

    Each cell is the polygon intersected with the half-planes
    ``(w_i - w_j) . x + (b_i - b_j) >= 0`` for every rival ``j``.

    Parameters
    ----------
    polygon : array_like, shape (M, 2)
        A convex polygon, vertices counter-clockwise.
    weights : array_like, shape (K, 2)
    biases : array_like, shape (K,)

    Returns
    -------
    list of Cell
        One per class, in class order; vertices counter-clockwise; an empty
        ``(0, 2)`` array for a class that never wins (or wins only on a set
        of zero area). Ties go to the lowest index, so of two identical
        classes only the first has a cell. The areas add up to the polygon's.

    Examples
    --------
    >>> triangle = [[0.0, 0.0], [2.0, 0.0], [0.0, 2.0]]
    >>> cells = convex_argmax_cells(triangle, [[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0])
    >>> [round(polygon_area(c.vertices), 6) for c in cells]
    [1.0, 1.0]
    """
    w = np.asarray(weights, dtype=float)
    b = np.asarray(biases, dtype=float)
    outline = np.asarray(polygon, dtype=float)
    tol = 1e-12 * float(np.ptp(outline, axis=0).max())
    cells = []
    for i in range(len(w)):
        poly = outline
        for j in range(len(w)):
            if j == i:
                continue
            normal, offset = w[i] - w[j], b[i] - b[j]
            if not normal.any() and offset == 0:
                if j < i:  # identical scores: the lower index takes the tie
                    poly = poly[:0]
                continue
            poly = _clip(poly, normal, offset)
        poly = _dedupe(poly, tol)
        if polygon_area(poly) <= tol * tol:
            poly = np.zeros((0, 2))
        cells.append(Cell(i, poly))
    return cells


def class_cells(
    weights: ArrayLike,
    biases: ArrayLike,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
) -> list[Cell]:
    """Exact 2D regions of ``argmax_i (w_i . x + b_i)`` clipped to a rectangle.

    The rectangle case of :func:`convex_argmax_cells`, with its inputs checked.

    Parameters
    ----------
    weights : array_like, shape (K, 2)
        One weight vector per class.
    biases : array_like, shape (K,)
    x_range, y_range : (float, float)
        The rectangle ``[x_lo, x_hi] x [y_lo, y_hi]``.

    Returns
    -------
    list of Cell
        As :func:`convex_argmax_cells`; the areas add up to the rectangle.

    Raises
    ------
    ValueError
        On non-finite or mismatched inputs or a bad range.

    Examples
    --------
    >>> cells = class_cells([[1.0, 0.0], [-1.0, 0.0]], [0.0, 0.0], (-1, 1), (-1, 1))
    >>> [round(polygon_area(c.vertices), 6) for c in cells]
    [2.0, 2.0]
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim != 2 or w.shape[1] != 2 or len(w) == 0:
        raise ValueError(f"weights must have shape (K, 2), got {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"weights must be finite, got {w.tolist()}")
    b = _vector("biases", biases)
    if b.size != len(w):
        raise ValueError(f"weights and biases differ in length: {len(w)} != {b.size}")
    x_lo, x_hi = _range("x_range", x_range)
    y_lo, y_hi = _range("y_range", y_range)
    box = np.array([[x_lo, y_lo], [x_hi, y_lo], [x_hi, y_hi], [x_lo, y_hi]])
    return convex_argmax_cells(box, w, b)
