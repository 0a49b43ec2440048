"""The 3-class logit plane: logit vectors with their common shift dropped.

Softmax ignores a common shift of the logits, so three logits are one point
of the plane orthogonal to ``(1, 1, 1)``. In that plane each class owns the
120-degree sector around its direction, where its logit is the largest.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["logit_plane_coords", "logit_plane_directions"]


def logit_plane_directions() -> NDArray[np.float64]:
    """Unit directions ``(3, 2)`` of the three classes in the logit plane: up, lower left, lower right.

    Class ``k`` points at angle ``90 + 120 k`` degrees. Class ``k`` has the
    largest logit in the 120-degree sector around its direction; the sector
    boundary between classes ``k`` and ``k + 1`` is the ray at ``150 + 120 k`` degrees.

    Examples
    --------
    >>> logit_plane_directions().round(3)
    array([[ 0.   ,  1.   ],
           [-0.866, -0.5  ],
           [ 0.866, -0.5  ]])
    """
    angles = np.deg2rad(90.0 + 120.0 * np.arange(3))
    return np.stack([np.cos(angles), np.sin(angles)], axis=1)


def logit_plane_coords(z: ArrayLike) -> NDArray[np.float64]:
    """Coordinates of 3-class logit vectors in the plane orthogonal to ``(1, 1, 1)``.

    The map drops the common shift of the logits, which softmax ignores, and
    keeps distances between centred logit vectors (it is an isometry of that
    plane). The origin is "all logits equal", where every class gets 1/3.

    Parameters
    ----------
    z : array_like, shape (..., 3)

    Returns
    -------
    numpy.ndarray, shape (..., 2)

    Examples
    --------
    >>> bool(np.allclose(logit_plane_coords([5.0, 5.0, 5.0]), 0.0))
    True
    >>> logit_plane_coords([1.0, 0.0, 0.0]).round(3).tolist()  # toward class 0's direction
    [0.0, 0.816]
    >>> bool(np.allclose(logit_plane_coords([2.0, 1.0, 0.1]), logit_plane_coords([12.0, 11.0, 10.1])))
    True
    """
    arr = np.asarray(z, dtype=float)
    if arr.shape[-1] != 3:
        raise ValueError(f"the logit plane needs 3 classes, got shape {arr.shape}")
    return np.sqrt(2.0 / 3.0) * arr @ logit_plane_directions()
