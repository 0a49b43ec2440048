"""The probability simplex on screen: a triangle whose points are probability vectors.

:class:`SimplexTriangle` draws the triangle of :mod:`softmax_anim.simplex`
(corners = classes) at a chosen centre and size, and maps simplex
coordinates and probability vectors to scene points, the way ``axes.c2p``
maps data to the screen. Every position it returns comes from
:func:`softmax_anim.simplex.simplex_point`; this module only scales and
shifts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, ORIGIN, RIGHT, UP, Dot, Polygon, VGroup
from numpy.typing import ArrayLike

from scenes.kit.palette import TEXT_COLOR, class_color, label_tex
from softmax_anim.regions import Cell
from softmax_anim.simplex import SIMPLEX_CORNERS, simplex_point

__all__ = ["SimplexTriangle"]

# Where each corner's class name sits, seen from the corner (class 0 top, 1 left, 2 right).
_LABEL_DIRECTIONS = (UP, DOWN + LEFT * 0.5, DOWN + RIGHT * 0.5)


class SimplexTriangle(VGroup):
    """The triangle of probability vectors of three classes, with the class names at the corners.

    Parameters
    ----------
    names : sequence of str
        The three class names.
    colors : sequence of str
        ``#RRGGBB`` class colours from the lecture parameters.
    radius : float
        Distance in scene units from the centre to each corner.
    center : array_like
        Scene point of the triangle's centre (the uniform distribution).

    Attributes
    ----------
    outline : Polygon
        The triangle's edges.
    corner_dots : VGroup
        One dot per class at its corner, in the class colour.
    corner_labels : VGroup
        The class names beside their corners.
    """

    def __init__(
        self,
        names: Sequence[str],
        colors: Sequence[str],
        radius: float = 3.0,
        center: ArrayLike = ORIGIN,
        font_size: float = 36,
        **kwargs: object,
    ):
        super().__init__(**kwargs)
        if len(names) != 3 or len(colors) != 3:
            raise ValueError(f"the simplex triangle needs exactly 3 classes, got {len(names)}")
        self.radius = float(radius)
        self.center_point = np.array(center, dtype=float)
        self.outline = Polygon(*[self.c2p(c) for c in SIMPLEX_CORNERS], color=TEXT_COLOR, stroke_width=3)
        self.corner_dots = VGroup(
            *[Dot(self.c2p(c), radius=0.09, color=class_color(col)) for c, col in zip(SIMPLEX_CORNERS, colors)]
        )
        self.corner_labels = VGroup(
            *[label_tex(name, color=class_color(col), font_size=font_size) for name, col in zip(names, colors)]
        )
        for label, dot, direction in zip(self.corner_labels, self.corner_dots, _LABEL_DIRECTIONS):
            label.next_to(dot, direction, buff=0.15)
        self.add(self.outline, self.corner_dots, self.corner_labels)

    def c2p(self, xy: ArrayLike) -> np.ndarray:
        """Scene point of simplex coordinates ``xy`` (shape (2,)); like ``axes.c2p``."""
        x, y = np.asarray(xy, dtype=float)
        return self.center_point + self.radius * np.array([x, y, 0.0])

    def p2p(self, p: ArrayLike) -> np.ndarray:
        """Scene point of the probability vector ``p`` (three entries summing to 1)."""
        return self.c2p(simplex_point(p))

    def corner(self, i: int) -> np.ndarray:
        """Scene point of class ``i``'s corner."""
        return self.c2p(SIMPLEX_CORNERS[i])

    def region_polygons(
        self, cells: Sequence[Cell], colors: Sequence[str], opacity: float = 0.3
    ) -> VGroup:
        """Filled polygons of argmax regions (``Cell`` vertices in simplex coordinates), one per class."""
        return VGroup(
            *[
                Polygon(
                    *[self.c2p(v) for v in cell.vertices],
                    stroke_width=0,
                    fill_color=class_color(colors[cell.winner]),
                    fill_opacity=opacity,
                )
                for cell in cells
            ]
        )
