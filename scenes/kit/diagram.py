"""Diagram pieces: nodes' outlines as exact shapes, and connectors that touch them.

A connector is built from the two manim shapes it joins: each shape is turned
into a :class:`softmax_anim.CircleShape` or :class:`softmax_anim.BoxShape` and
:func:`softmax_anim.connector_endpoints` gives the start and end, on the two
outlines and on the line through the centres. One small class per connector
kind: :class:`ArrowConnector` (a straight arrow) and :class:`LineConnector`
(a straight line without a tip).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from manim import Arrow, Circle, Line, Rectangle, VGroup, VMobject

from softmax_anim import BoxShape, CircleShape, connector_endpoints, format_number

__all__ = ["ArrowConnector", "LineConnector", "affine_tex", "connect", "shape_of"]


def shape_of(mob: VMobject) -> CircleShape | BoxShape:
    """The exact outline of a manim ``Circle`` or (axis-aligned) ``Rectangle``, from its current points.

    Raises
    ------
    TypeError
        For any other mobject: its outline is not a circle or a box.
    """
    x, y = (float(v) for v in mob.get_center()[:2])
    if isinstance(mob, Circle):
        return CircleShape((x, y), mob.width / 2)
    if isinstance(mob, Rectangle):
        return BoxShape((x, y), mob.width, mob.height)
    raise TypeError(f"connectors join Circles and Rectangles, got {type(mob).__name__}")


def _endpoints(source: VMobject, target: VMobject) -> tuple[np.ndarray, np.ndarray]:
    start, end = connector_endpoints(shape_of(source), shape_of(target))
    return np.append(start, 0.0), np.append(end, 0.0)


class ArrowConnector(Arrow):
    """A straight arrow from ``source``'s outline to ``target``'s, its tip exactly on the target.

    Attributes
    ----------
    start_node, end_node : VMobject
        The shapes it joins (``source`` and ``target``); ``get_start()`` lies
        on the source's outline and ``get_end()`` (the tip) on the target's.
        (Not ``.target``: manim's ``Mobject.target`` belongs to ``generate_target``.)
    """

    def __init__(self, source: VMobject, target: VMobject, **kwargs: Any) -> None:
        start, end = _endpoints(source, target)
        # The same tip and stroke on every arrow, short or long.
        kwargs.setdefault("stroke_width", 4)
        kwargs.setdefault("tip_length", 0.2)
        kwargs.setdefault("max_tip_length_to_length_ratio", 0.5)
        kwargs.setdefault("max_stroke_width_to_length_ratio", 20)
        super().__init__(start, end, buff=0, **kwargs)
        self.start_node, self.end_node = source, target


class LineConnector(Line):
    """A straight line from ``source``'s outline to ``target``'s (no tip).

    Attributes
    ----------
    start_node, end_node : VMobject
    """

    def __init__(self, source: VMobject, target: VMobject, **kwargs: Any) -> None:
        start, end = _endpoints(source, target)
        super().__init__(start, end, buff=0, **kwargs)
        self.start_node, self.end_node = source, target


def connect(
    sources: Iterable[VMobject],
    targets: Iterable[VMobject],
    kind: Callable[..., VMobject] = ArrowConnector,
    **kwargs: Any,
) -> VGroup:
    """One connector of ``kind`` from every source to every target, sources in the outer loop."""
    targets = list(targets)
    return VGroup(*(kind(s, t, **kwargs) for s in sources for t in targets))


def affine_tex(weight: float, bias: float, variable: str = "x") -> str:
    r"""``w x + b`` as LaTeX, both numbers by :func:`softmax_anim.format_number`, a negative bias as ``- |b|``.

    Examples
    --------
    >>> affine_tex(-1.0, -0.5)
    '-1.00\\,x - 0.50'
    """
    b = format_number(bias)
    sign, magnitude = ("-", b[1:]) if b.startswith("-") else ("+", b)
    return rf"{format_number(weight)}\,{variable} {sign} {magnitude}"
