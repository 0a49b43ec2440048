"""Four classes: the probability simplex is a tetrahedron, cut by argmax into four regions.

Four probabilities that add up to 1 are the barycentric coordinates of a point
in a regular tetrahedron whose corners are the classes (as three are of a point
in the triangle of :mod:`softmax_anim.simplex`). The argmax region of class
``k`` is the set of points whose coordinate ``p_k`` is largest: a six-faced
solid with eight corners (class ``k``'s corner, the midpoints of its three
edges, the centres of its three faces and the tetrahedron's centre). Two
neighbouring regions ``i`` and ``j`` meet on a wall where ``p_i = p_j`` are
largest; the six walls all meet at the centre, the uniform distribution.

Coordinates: the tetrahedron is centred at the origin with its corners on the
unit sphere, class 0 on top; scenes scale them onto the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "TETRAHEDRON_CORNERS",
    "Wall",
    "region_vertices",
    "surface_regions",
    "tetrahedron_point",
    "walls",
]

_R = float(np.sqrt(8.0) / 3.0)  # distance of the lower corners from the vertical axis
TETRAHEDRON_CORNERS: NDArray[np.float64] = np.array([
    [0.0, 0.0, 1.0],
    *([_R * np.cos(a), _R * np.sin(a), -1.0 / 3.0] for a in np.radians([210.0, 330.0, 90.0])),
])
"""Corners of the regular tetrahedron, shape (4, 3): class 0 on top, the others below, counter-clockwise."""
TETRAHEDRON_CORNERS.setflags(write=False)

CLASSES = 4


@dataclass(frozen=True, eq=False)
class Wall:
    """Where the regions of ``classes = (i, j)`` meet: ``p_i = p_j`` are the largest, a quadrilateral.

    ``vertices`` (4, 3): the midpoint of edge ``ij``, the centre of one face through it, the
    tetrahedron's centre, the centre of the other face through it.
    """

    classes: tuple[int, int]
    vertices: NDArray[np.float64]


def tetrahedron_point(p: ArrayLike) -> NDArray[np.float64]:
    """The point with barycentric coordinates ``p`` (four probabilities), shape ``(..., 3)``.

    Raises
    ------
    ValueError
        If ``p`` is not made of probability vectors of length 4 (non-negative, summing to 1).

    Examples
    --------
    >>> tetrahedron_point([1.0, 0.0, 0.0, 0.0])
    array([0., 0., 1.])
    >>> np.abs(tetrahedron_point([0.25] * 4)).max() < 1e-15  # the uniform distribution: the centre
    np.True_
    """
    arr = np.asarray(p, dtype=float)
    if arr.shape[-1:] != (CLASSES,):
        raise ValueError(f"need four probabilities per point, got shape {arr.shape}")
    if (arr < -1e-9).any() or not np.allclose(arr.sum(axis=-1), 1.0, atol=1e-9):
        raise ValueError(f"probabilities must be non-negative and sum to 1, got {arr.tolist()}")
    return np.asarray(arr @ TETRAHEDRON_CORNERS, dtype=float)


def _mix(*classes: int) -> NDArray[np.float64]:
    """The point that weighs the corners ``classes`` equally: an edge's midpoint, a face's centre, the centre."""
    p = np.zeros(CLASSES)
    p[list(classes)] = 1.0 / len(classes)
    return tetrahedron_point(p)


def region_vertices(k: int) -> NDArray[np.float64]:
    """The eight corners of class ``k``'s argmax region, shape (8, 3).

    Its corner, the midpoints of its three edges, the centres of its three faces, the centre.

    Examples
    --------
    >>> region_vertices(0)[0], region_vertices(0).shape
    (array([0., 0., 1.]), (8, 3))
    """
    if not 0 <= k < CLASSES:
        raise ValueError(f"class {k} is outside 0..{CLASSES - 1}")
    others = [i for i in range(CLASSES) if i != k]
    return np.array([
        _mix(k),
        *(_mix(k, i) for i in others),
        *(_mix(k, i, j) for i, j in combinations(others, 2)),
        _mix(*range(CLASSES)),
    ])


def walls() -> list[Wall]:
    """The six walls between neighbouring regions, one per edge ``(i, j)``, ``i < j``.

    Examples
    --------
    >>> [w.classes for w in walls()]
    [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    """
    found = []
    for i, j in combinations(range(CLASSES), 2):
        k, m = (c for c in range(CLASSES) if c not in (i, j))
        found.append(Wall((i, j), np.array([_mix(i, j), _mix(i, j, k), _mix(*range(CLASSES)), _mix(i, j, m)])))
    return found


def surface_regions() -> list[tuple[int, NDArray[np.float64]]]:
    """The argmax regions on the tetrahedron's four faces: ``(class, vertices (4, 3))`` kites, three per class.

    On each triangular face the class of the corner wins in the kite from that corner to the midpoints of its
    two edges and the face's centre (as in the triangle of :func:`softmax_anim.simplex.argmax_regions`).

    Examples
    --------
    >>> [k for k, _ in surface_regions()][:6]
    [0, 1, 2, 0, 1, 3]
    """
    kites = []
    for face in combinations(range(CLASSES), 3):
        for k in face:
            i, j = (c for c in face if c != k)
            kites.append((k, np.array([_mix(k), _mix(k, i), _mix(*face), _mix(k, j)])))
    return kites
