"""Where straight connectors between diagram shapes start and end.

A connector between two shapes lies on the line through their centres and
starts and ends exactly on their outlines, so arrows never float short of a
box or dig into a circle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["BoxShape", "CircleShape", "Shape", "boundary_point", "connector_endpoints"]


@dataclass(frozen=True)
class CircleShape:
    """A circle of ``radius`` around ``center`` (x, y)."""

    center: tuple[float, float]
    radius: float


@dataclass(frozen=True)
class BoxShape:
    """An axis-aligned rectangle of ``width`` x ``height`` around ``center`` (x, y)."""

    center: tuple[float, float]
    width: float
    height: float


Shape = CircleShape | BoxShape


def boundary_point(shape: Shape, direction: ArrayLike) -> NDArray[np.float64]:
    """The point where a ray from the shape's centre along ``direction`` leaves the shape.

    Parameters
    ----------
    shape : CircleShape or BoxShape
    direction : array_like, shape (2,)
        Non-zero; its length does not matter.

    Returns
    -------
    numpy.ndarray, shape (2,)

    Raises
    ------
    ValueError
        For a zero direction or an unknown shape type.

    Examples
    --------
    >>> boundary_point(BoxShape((0, 0), 4, 2), (1, 1))
    array([1., 1.])
    """
    d = np.asarray(direction, dtype=float)
    norm = float(np.hypot(*d))
    if norm == 0:
        raise ValueError("direction must be non-zero")
    u = d / norm
    c = np.asarray(shape.center, dtype=float)
    if isinstance(shape, CircleShape):
        return c + shape.radius * u
    if isinstance(shape, BoxShape):
        # Distance to the first side the ray reaches; a (near-)zero component never reaches its sides (inf).
        with np.errstate(divide="ignore", over="ignore"):
            t = min(shape.width / 2 / abs(u[0]), shape.height / 2 / abs(u[1]))
        return c + t * u
    raise ValueError(f"unknown shape type {type(shape).__name__}")


def connector_endpoints(a: Shape, b: Shape) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Start and end of a straight connector from shape ``a`` to shape ``b``.

    Both points lie on the line between the centres, the start on ``a``'s
    outline and the end on ``b``'s.

    Raises
    ------
    ValueError
        If the centres coincide (no direction to aim along).

    Examples
    --------
    >>> start, end = connector_endpoints(CircleShape((0, 0), 1), BoxShape((5, 0), 2, 2))
    >>> start, end
    (array([1., 0.]), array([4., 0.]))
    """
    d = np.asarray(b.center, dtype=float) - np.asarray(a.center, dtype=float)
    if not d.any():
        raise ValueError("shapes share a centre: a connector between them has no direction")
    return boundary_point(a, d), boundary_point(b, -d)
