"""Paths through data points: straight segments between ``axes.c2p`` of each point.

:func:`polyline` joins recorded data points (a loss curve, a path of logits)
with straight segments, so the path on screen passes exactly through every
recorded value; :func:`set_polyline` reshapes one in place, cheaply enough
for an updater.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import Axes, VMobject

__all__ = ["polyline", "set_polyline"]


def polyline(axes: Axes, coords: np.ndarray, **style: Any) -> VMobject:
    """Straight segments through ``axes.c2p`` of each row of ``coords`` (N, 2); a point if N == 1."""
    return set_polyline(VMobject(**style), axes, coords)


def set_polyline(line: VMobject, axes: Axes, coords: np.ndarray) -> VMobject:
    """Reshape ``line`` in place into the polyline of :func:`polyline` (cheap enough for an updater)."""
    pts = [axes.c2p(*c) for c in np.asarray(coords, dtype=float)]
    if len(pts) == 1:
        pts = pts * 2
    line.set_points_as_corners(pts)
    return line
