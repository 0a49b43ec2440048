"""The 1D class-regions picture: class lines over an input line coloured by winner.

:class:`ClassRegionsPlot` draws, from :mod:`softmax_anim.lines1d` and
:mod:`softmax_anim.regions` only, every piece the Part B and Part C scenes
show: axes, the lines ``z_i = w_i x + b_i`` as exact straight segments, their
upper envelope, a number line under the axes coloured by the winning class
with edges at the exact crossings, and a boundary marker through each
crossing. Every data point goes through the plot's own ``axes.c2p`` (the
number line is built so that its ``n2p(x)`` has the same x as ``axes.c2p``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from manim import (
    BLACK,
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Axes,
    DashedLine,
    Dot,
    Line,
    MathTex,
    Mobject,
    NumberLine,
    Polygon,
    SurroundingRectangle,
    Tex,
    Triangle,
    ValueTracker,
    VGroup,
    VMobject,
)

from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, TEXT_COLOR, class_color
from scenes.kit.text import FOOTNOTE, LABEL
from softmax_anim.formatting import format_number
from softmax_anim.lines1d import (
    Crossing,
    Prediction,
    axis_range,
    crossings,
    interval_at,
    predict,
    segment_endpoints,
    upper_envelope,
)
from softmax_anim.lines1d import value_range as lines_value_range
from softmax_anim.params import LineParams
from softmax_anim.regions import Interval, class_intervals, line_values

__all__ = ["ClassRegionsPlot", "CrossingMarker", "RegionRect", "ValueReadout", "line_equation", "value_readout"]


def _decimals_for(step: float) -> int:
    """Decimals that show every tick of a ``step``-spaced axis exactly (0 for whole steps)."""
    return 0 if float(step).is_integer() else max(0, -int(np.floor(np.log10(step))))


def line_equation(i: int, weight: float, bias: float, color: object) -> VMobject:
    r"""``z_i = w x + b`` with the numbers formatted by the one rule (``- 1.00`` for a negative ``b``)."""
    sign = "-" if bias < 0 else "+"
    return MathTex(
        rf"z_{{{i}}} = {format_number(weight)}\,x {sign} {format_number(abs(bias))}",
        font_size=LABEL,
        color=color,
    )


class ValueReadout(VGroup):
    """The table :func:`value_readout` builds, with its parts by name.

    Attributes
    ----------
    x_label : MathTex
    rows : VGroup
        One per class, ``z_i = value``.
    texts : tuple of str
        The formatted values.
    winner : int
    choice : VGroup
        The "argmax" line.
    frame : SurroundingRectangle
        The highlight on the winner's row.
    """

    x_label: MathTex
    rows: VGroup
    texts: tuple[str, ...]
    winner: int
    choice: VGroup
    frame: SurroundingRectangle


class RegionRect(Polygon):
    """One coloured region of the strip; ``interval`` is the :class:`Interval` it shows."""

    interval: Interval


class CrossingMarker(VGroup):
    """Where two lines cross: ``line`` (dashed, down to the strip), ``dot``, ``label`` and the ``crossing``."""

    line: DashedLine
    dot: Dot
    label: MathTex
    crossing: Crossing


def value_readout(prediction: Prediction, names: tuple[str, ...], colors: tuple[str, ...]) -> ValueReadout:
    """The three line values at one ``x`` and the class argmax picks, as a small table."""
    x_label = MathTex(rf"x = {format_number(prediction.x)}", font_size=LABEL, color=TEXT_COLOR)
    texts = [format_number(v) for v in prediction.values]
    rows = VGroup(
        *(
            MathTex(rf"z_{{{i}}} = {t}", font_size=LABEL, color=class_color(c))
            for i, (t, c) in enumerate(zip(texts, colors, strict=True))
        )
    ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    w = prediction.winner
    choice = VGroup(
        MathTex(rf"\operatorname{{argmax}} = {w}", font_size=LABEL, color=TEXT_COLOR),
        Tex(rf"\textrm{{{names[w]}}}", font_size=LABEL, color=class_color(colors[w])),
    ).arrange(RIGHT, buff=0.25)
    table = ValueReadout(x_label, rows, choice).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
    frame = SurroundingRectangle(rows[w], color=HIGHLIGHT_COLOR, buff=0.08)
    table.add(frame)
    table.x_label, table.rows, table.texts, table.winner, table.choice, table.frame = (
        x_label,
        rows,
        tuple(texts),
        w,
        choice,
        frame,
    )
    return table


class ClassRegionsPlot(VGroup):
    """Class lines on axes above the input line coloured by the winning class.

    Parameters
    ----------
    lines : LineParams
        Weights, biases, ``x_range``, names and colours (``params.lines``).
    x_length, y_length : float
        Size of the axes in scene units.
    strip_height : float
        Height of the coloured strip on the number line.
    strip_buff : float
        Gap between the axes' bottom and the top of the strip.

    Attributes
    ----------
    params : LineParams
    intervals : list of Interval
        ``class_intervals`` of the lines: the exact regions.
    crossings : list of Crossing
        The inner region boundaries as intersection points ``(x*, z*)``.
    axes : Axes
        Maps data ``(x, z)`` to the scene with ``axes.c2p``. Its y-axis is
        hidden; :attr:`z_ruler` shows the z scale at the left edge instead.
    z_ruler : VGroup
        A vertical scale at ``x = lo`` with formatted tick labels.
    lines : VGroup of Line
        ``lines[i]`` runs from ``axes.c2p(lo, z_i(lo))`` to ``axes.c2p(hi, z_i(hi))``.
    line_labels : VGroup of MathTex
        ``z_i`` next to the right end of each line.
    envelope : VMobject
        Polyline through :func:`~softmax_anim.lines1d.upper_envelope`.
    number_line : NumberLine
        The input line under the axes; ``number_line.n2p(x)`` has the x of ``axes.c2p(x, .)``.
    regions : VGroup of Polygon
        The coloured strip standing on the number line: one filled rectangle
        per interval; ``regions[k].interval`` is its Interval, its left and
        right edges at the x of ``axes.c2p(start, .)`` and ``axes.c2p(end, .)``.
    region_labels : VGroup
        Class names inside the regions that are wide enough for them.
    markers : VGroup
        One per crossing: ``markers[k].dot`` at ``axes.c2p(x*, z*)``,
        ``markers[k].line`` (dashed, vertical at x*) from the dot down to the
        strip, ``markers[k].label`` (``x = ...``) above the dot,
        ``markers[k].crossing`` the Crossing.
    """

    def __init__(
        self,
        lines: LineParams,
        x_length: float = 7.5,
        y_length: float = 4.6,
        strip_height: float = 0.4,
        strip_buff: float = 0.35,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.params = lines
        w, b, (lo, hi) = lines.weights, lines.biases, lines.x_range
        self.intervals: list[Interval] = class_intervals(w, b, lines.x_range)
        self.crossings: list[Crossing] = crossings(w, b, lines.x_range)
        self.colors = [class_color(c) for c in lines.colors]

        x_step = axis_range(lo, hi, max_ticks=10, margin=0.0)[2]
        z_lo, z_hi, z_step = axis_range(*lines_value_range(w, b, lines.x_range), max_ticks=7)
        self.axes = Axes(
            x_range=[lo, hi, x_step],
            y_range=[z_lo, z_hi, z_step],
            x_length=x_length,
            y_length=y_length,
            tips=False,
            axis_config={"stroke_color": MUTED_COLOR, "stroke_width": 2, "include_ticks": False},
        )
        self.axes.y_axis.set_stroke(opacity=0)
        self.z_ruler = self._z_ruler(z_lo, z_hi, z_step)
        self.lines = self._lines()
        self.line_labels = VGroup(
            *(
                MathTex(rf"z_{{{i}}}", font_size=LABEL, color=c).next_to(line.get_end(), RIGHT, buff=0.12)
                for i, (line, c) in enumerate(zip(self.lines, self.colors, strict=True))
            )
        )
        self.envelope = VMobject(stroke_color=HIGHLIGHT_COLOR, stroke_width=14, stroke_opacity=0.55)
        self.envelope.set_points_as_corners([self.axes.c2p(x, z) for x, z in upper_envelope(w, b, lines.x_range)])
        self.strip_height = strip_height
        self.number_line = self._number_line(strip_buff + strip_height, x_step)
        self.regions = self._regions()
        self.region_labels = self._region_labels()
        markers = [self._marker(c) for c in self.crossings]
        self.markers = VGroup(*markers)
        self._unstack_marker_labels(markers)
        # Everything is in the group so that moving the plot moves every piece;
        # scenes add and animate the pieces one by one.
        self.add(
            self.axes,
            self.z_ruler,
            self.envelope,
            self.number_line,
            self.regions,
            self.region_labels,
            self.lines,
            self.line_labels,
            self.markers,
        )

    # --- builders -------------------------------------------------------

    def _z_ruler(self, z_lo: float, z_hi: float, z_step: float) -> VGroup:
        lo = self.params.x_range[0]
        decimals = _decimals_for(z_step)
        ruler = VGroup(Line(self.axes.c2p(lo, z_lo), self.axes.c2p(lo, z_hi), color=MUTED_COLOR, stroke_width=2))
        for k in range(round((z_hi - z_lo) / z_step) + 1):
            z = z_lo + k * z_step
            tick = Line(LEFT * 0.08, RIGHT * 0.08, color=MUTED_COLOR, stroke_width=2).move_to(self.axes.c2p(lo, z))
            label = MathTex(format_number(z, decimals), font_size=FOOTNOTE, color=MUTED_COLOR)
            ruler.add(tick, label.next_to(tick, LEFT, buff=0.1))
        title = MathTex("z", font_size=LABEL, color=TEXT_COLOR)
        ruler.add(title.next_to(ruler[0].get_end(), UP, buff=0.15))
        return ruler

    def _lines(self) -> VGroup:
        ends = segment_endpoints(self.params.weights, self.params.biases, self.params.x_range)
        return VGroup(
            *(
                Line(self.axes.c2p(*start), self.axes.c2p(*end), color=c, stroke_width=5)
                for (start, end), c in zip(ends, self.colors, strict=True)
            )
        )

    def _number_line(self, drop: float, x_step: float) -> NumberLine:
        lo, hi = self.params.x_range
        line = NumberLine(
            x_range=[lo, hi, x_step],
            length=self.axes.x_length,
            color=MUTED_COLOR,
            stroke_width=2,
            tick_size=0.08,
        )
        bottom = self.axes.c2p(lo, self.axes.y_range[0])
        line.shift(np.array([bottom[0], bottom[1] - drop, 0.0]) - line.n2p(lo))
        decimals = _decimals_for(x_step)
        ticks = np.arange(round((hi - lo) / x_step) + 1) * x_step + lo
        labels: dict[float, str | float | VMobject] = {
            float(v): MathTex(format_number(v, decimals), font_size=FOOTNOTE) for v in ticks
        }
        line.add_labels(labels, buff=0.18, font_size=FOOTNOTE)
        line.labels.set_color(MUTED_COLOR)
        title = MathTex("x", font_size=LABEL, color=TEXT_COLOR)
        line.add(title.next_to(line.n2p(hi) + UP * self.strip_height / 2, RIGHT, buff=0.25))
        return line

    def _regions(self) -> VGroup:
        up = UP * self.strip_height
        regions = VGroup()
        for interval in self.intervals:
            left, right = self.number_line.n2p(interval.start), self.number_line.n2p(interval.end)
            rect = RegionRect(
                left,
                right,
                right + up,
                left + up,
                stroke_width=0,
                fill_color=self.colors[interval.winner],
                fill_opacity=1.0,
            )
            rect.interval = interval
            regions.add(rect)
        return regions

    def _region_labels(self) -> VGroup:
        # One Tex for all names keeps them on a common baseline; each is then slid sideways only.
        names = [rf"\textrm{{{self.params.names[interval.winner]}}}" for interval in self.intervals]  # one per region
        row = Tex(*names, font_size=FOOTNOTE, color=BLACK)
        row.set_y(self.regions[0].get_center()[1])
        labels = VGroup()
        for name, rect in zip(row.submobjects, self.regions, strict=True):
            if name.width + 0.3 < rect.width:
                labels.add(name.set_x(rect.get_center()[0]))
        return labels

    def _marker(self, crossing: Crossing) -> CrossingMarker:
        point = self.axes.c2p(crossing.x, crossing.z)
        strip_top = self.strip_top(crossing.x)
        line = DashedLine(point, strip_top, color=TEXT_COLOR, stroke_width=3, dash_length=0.08)
        dot = Dot(point, radius=0.07, color=TEXT_COLOR)
        label = MathTex(rf"x = {format_number(crossing.x)}", font_size=FOOTNOTE, color=TEXT_COLOR)
        label.next_to(dot, UP, buff=0.5)
        marker = CrossingMarker(line, dot, label)
        marker.line, marker.dot, marker.label, marker.crossing = line, dot, label, crossing
        return marker

    def _unstack_marker_labels(self, markers: list[CrossingMarker], gap: float = 0.12) -> None:
        """Lift a crossing label above its left neighbour's when close crossings would make them overlap."""
        for prev, marker in zip(markers[:-1], markers[1:]):
            if marker.label.get_left()[0] < prev.label.get_right()[0] + gap:
                lowest = prev.label.get_top()[1] + gap + marker.label.height / 2
                marker.label.set_y(max(marker.label.get_y(), lowest))

    # --- live pieces ---------------------------------------------------

    def probe(self, tracker: ValueTracker) -> VGroup:
        """A live probe at the input ``tracker`` holds: guide, dots on the lines, pointer on the strip.

        ``probe[0]`` is a vertical dashed guide from the strip to the top of
        the axes, ``probe[1][i]`` a dot on line ``i`` at ``axes.c2p(x, z_i(x))``,
        ``probe[2]`` a pointer standing on the strip at x, filled with the
        colour of the class argmax picks there.
        """
        w, b = self.params.weights, self.params.biases
        # Built once and moved with x (the guide only slides, the pointer only slides and changes colour):
        # rebuilding a dashed line every frame was a third of ClassRegions1D's render.
        x0 = tracker.get_value()
        guide = DashedLine(self.strip_top(x0), self.axes.c2p(x0, self.axes.y_range[1]), color=MUTED_COLOR,
                           stroke_width=2, dash_length=0.06)
        foot = [self.strip_top(x0)]  # where the guide stands now
        dots = VGroup(*(Dot(self.value_point(i, x0), radius=0.08, color=c) for i, c in enumerate(self.colors)))
        pointer = Triangle(fill_opacity=1, stroke_color=TEXT_COLOR, stroke_width=3).rotate(PI).scale(0.16)

        def slide_guide(m: Mobject) -> None:
            new = self.strip_top(tracker.get_value())
            m.shift(new - foot[0])
            foot[0] = new

        def move_dots(m: Mobject) -> None:
            for i, dot in enumerate(m):
                dot.move_to(self.value_point(i, tracker.get_value()))

        def move_pointer(m: Mobject) -> None:
            x = tracker.get_value()
            m.set_fill(self.colors[predict(w, b, x).winner], opacity=1)
            m.next_to(self.strip_top(x), UP, buff=0)

        pieces: tuple[tuple[Mobject, Callable[[Mobject], None]], ...] = (
            (guide, slide_guide), (dots, move_dots), (pointer, move_pointer))
        for mob, follow in pieces:
            follow(mob)
            mob.add_updater(follow)
        return VGroup(guide, dots, pointer)

    def region_at(self, x: float) -> VMobject:
        """The region rectangle whose class argmax picks at input ``x`` (a :class:`RegionRect`)."""
        return self.regions[self.intervals.index(interval_at(self.intervals, x))]

    # --- points the scenes use -----------------------------------------

    def value_point(self, i: int, x: float) -> np.ndarray:
        """Scene point of line ``i`` at input ``x``: ``axes.c2p(x, z_i(x))``."""
        z = line_values(self.params.weights, self.params.biases, x)[i]
        return self.axes.c2p(x, z)

    def strip_top(self, x: float) -> np.ndarray:
        """Scene point on the top edge of the coloured strip at input ``x``."""
        return self.number_line.n2p(x) + UP * self.strip_height
