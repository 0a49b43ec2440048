"""The lecture's one bar chart: bar lengths exactly proportional to the values.

:class:`ValueBars` draws one bar per class on a baseline: bar ``i`` spans from
the baseline to ``value_i * unit`` (downwards for negative values), with the
class name under the chart and the value, already formatted by
:mod:`softmax_anim.formatting`, at the bar's end. Logits, exponentials and
probabilities all use it (probabilities with ``value_range=(0, 1)``, so
``unit`` is the height of probability 1). :meth:`ValueBars.set_values`
redraws bars and labels in place, cheaply enough to run every frame, so a chart
can follow a :class:`~manim.ValueTracker` (:meth:`ValueBars.follow`) or any
updater. Labels are :class:`~manim.DecimalNumber` objects set to the formatted
value, so no new LaTeX string is compiled per frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from manim import (
    DOWN,
    UP,
    DecimalNumber,
    Line,
    Polygon,
    Scene,
    Tex,
    Transform,
    ValueTracker,
    VGroup,
)
from numpy.typing import ArrayLike

from scenes.kit.palette import MUTED_COLOR, TEXT_COLOR, class_color
from scenes.kit.text import FOOTNOTE, LABEL, escape_tex

__all__ = ["ValueBars"]


class ValueBars(VGroup):
    """One bar per class, heights exactly ``value * unit``, with value labels and class names.

    Parameters
    ----------
    values : sequence of float
        One value per class (negative values draw downwards).
    names : sequence of str
        Class names shown under the chart.
    colors : sequence of str
        ``#RRGGBB`` class colours from the lecture parameters.
    labels : sequence of str, optional
        The values as formatted by the math package (``format_number`` /
        ``format_probabilities``); ``None`` shows no value labels.
    value_range : (float, float), optional
        The values the chart has room for, ``low <= 0 <= high``; defaults to
        the range of ``values`` and 0. Charts that must share one scale give
        the same range and height.
    height : float
        Scene units from ``low`` to ``high``; ``unit = height / (high - low)``.
    width : float
        Length of the baseline; each class gets an equal slot.
    bar_fill : float
        Fraction of a slot the bar covers.
    font_size : float
        Size of value labels and names (a size of :mod:`scenes.kit.text`).

    Attributes
    ----------
    baseline : Line
        The zero line.
    bars : VGroup
        One :class:`~manim.Polygon` rectangle per class, no stroke.
    value_labels : VGroup
        One :class:`~manim.DecimalNumber` per class (empty if no labels).
    name_labels : VGroup
        One class name per class.
    values : numpy.ndarray
        The values drawn now.
    label_strings : list of str
        The formatted values shown now.
    unit : float
        Scene units per value unit.
    """

    def __init__(
        self,
        values: ArrayLike,
        names: Sequence[str],
        colors: Sequence[str],
        labels: Sequence[str] | None = None,
        *,
        value_range: tuple[float, float] | None = None,
        height: float = 3.0,
        width: float = 4.0,
        bar_fill: float = 0.6,
        font_size: float = LABEL,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        vals = np.asarray(values, dtype=float)
        if not len(vals) == len(names) == len(colors):
            raise ValueError(f"need one name and colour per value, got {len(vals)}, {len(names)}, {len(colors)}")
        low, high = value_range if value_range is not None else (min(0.0, vals.min()), max(0.0, vals.max()))
        if not low <= 0 <= high or low == high:
            raise ValueError(f"value_range must contain 0 and be non-empty, got {(low, high)}")
        self.value_range = (float(low), float(high))
        self.unit = height / (high - low)
        self.slot = width / len(vals)
        self.bar_width = self.slot * bar_fill
        self.font_size = font_size
        self.colors = [class_color(c) for c in colors]
        self.decimals = _decimals(labels[0]) if labels else 2

        self.baseline = Line((0, 0, 0), (width, 0, 0), color=MUTED_COLOR, stroke_width=2)
        self.bars = VGroup(
            *(
                Polygon(*self._corners(i, 0.0), stroke_width=0, fill_color=c, fill_opacity=0.85)
                for i, c in enumerate(self.colors)
            )
        )
        self.value_labels = VGroup(
            *(
                DecimalNumber(0, num_decimal_places=self.decimals, group_with_commas=False, font_size=font_size,
                              color=TEXT_COLOR)
                for _ in (labels or [])
            )
        )
        self.name_labels = VGroup(*(self._name_label(n, c) for n, c in zip(names, self.colors, strict=True)))
        self.add(self.baseline, self.bars, self.value_labels, self.name_labels)
        self.values = vals
        self.label_strings: list[str] = list(labels or [])
        self.set_values(vals, labels)
        self._place_names()

    # --- geometry -------------------------------------------------------

    @property
    def origin(self) -> np.ndarray:
        """Left end of the baseline (value 0 of the first slot's edge)."""
        return self.baseline.get_start()

    @property
    def range_top(self) -> np.ndarray:
        """Scene point above the baseline's centre at the top of ``value_range``."""
        return self.baseline.get_center() + np.array([0.0, self.value_range[1] * self.unit, 0.0])

    @property
    def range_middle(self) -> np.ndarray:
        """Scene point above the baseline's centre halfway through ``value_range`` (for arrows)."""
        return self.baseline.get_center() + np.array([0.0, sum(self.value_range) / 2 * self.unit, 0.0])

    def place(self, x: float, top: float) -> ValueBars:
        """Move the chart so its baseline is centred at ``x`` and its value range ends at ``top``."""
        return self.shift(np.array([x, top, 0.0]) - self.range_top)

    def slot_center_x(self, i: int) -> float:
        """Scene x of the centre of class ``i``'s slot (and bar)."""
        return float(self.origin[0] + (i + 0.5) * self.slot)

    def value_point(self, i: int, value: float) -> np.ndarray:
        """Scene point at ``value`` on bar ``i``'s axis (value 0 is on the baseline)."""
        return np.array([self.slot_center_x(i), self.origin[1] + value * self.unit, 0.0])

    def bar_top(self, i: int) -> np.ndarray:
        """End of bar ``i`` away from the baseline (its top, or bottom if negative)."""
        return self.value_point(i, float(self.values[i]))

    def bar_length(self, i: int) -> float:
        """Signed length of bar ``i`` as drawn, measured from its corner points."""
        ys = self.bars[i].get_vertices()[:, 1]
        top, bottom = ys.max(), ys.min()
        base = self.origin[1]
        return float(top - base) if abs(bottom - base) < abs(top - base) else float(bottom - base)

    def _corners(self, i: int, value: float) -> list[np.ndarray]:
        x = self.slot_center_x(i)
        y0 = self.origin[1]
        y1 = y0 + value * self.unit
        half = self.bar_width / 2
        corners = ([x - half, y0, 0], [x + half, y0, 0], [x + half, y1, 0], [x - half, y1, 0])
        return [np.array(p, dtype=float) for p in corners]

    def _name_label(self, name: str, color: object) -> Tex:
        """The class name, shrunk to its slot's width but never below the footnote size."""
        label = Tex(escape_tex(name), font_size=self.font_size, color=color)
        if label.width > 0.95 * self.slot:
            label.scale(max(0.95 * self.slot / label.width, FOOTNOTE / self.font_size))
        return label

    @property
    def names_staggered(self) -> bool:
        """Whether the names take two rows, every other name lower.

        A name wider than its slot at the footnote size then has two slots of room, its neighbours
        sitting in the other row.
        """
        return any(name.width > 0.95 * self.slot for name in self.name_labels)

    def _place_names(self) -> None:
        low_y = self.origin[1] + self.value_range[0] * self.unit
        # room under the lowest possible bar for its value label
        label_room = 0.0
        if self.value_range[0] < 0 and len(self.value_labels):
            label_room = 0.1 + max(m.height for m in self.value_labels)
        row = max(name.height for name in self.name_labels) + 0.1
        for i, name in enumerate(self.name_labels):
            name.move_to((self.slot_center_x(i), 0, 0))
            drop = row * (i % 2) if self.names_staggered else 0.0
            name.set_y(low_y - 0.15 - label_room - drop, direction=UP)

    # --- updating -------------------------------------------------------

    def set_values(self, values: ArrayLike, labels: Sequence[str] | None = None) -> ValueBars:
        """Redraw every bar at ``value * unit`` and show ``labels`` (already formatted).

        Cheap enough for an updater: no LaTeX is compiled (digits are cached), and a
        label is rebuilt only when its text changes.
        """
        vals = np.asarray(values, dtype=float)
        if len(vals) != len(self.bars):
            raise ValueError(f"expected {len(self.bars)} values, got {len(vals)}")
        if labels is not None and len(labels) != len(self.value_labels):
            raise ValueError(f"expected {len(self.value_labels)} labels, got {len(labels)}")
        self.values = vals
        for i, bar in enumerate(self.bars):
            corners = self._corners(i, float(vals[i]))
            bar.set_points_as_corners([*corners, corners[0]])
        if labels is not None:
            self.label_strings = list(labels)
        for i, label in enumerate(self.value_labels):
            if f"{label.get_value():.{label.num_decimal_places}f}" != self.label_strings[i]:
                label.set_value(float(self.label_strings[i]))  # rebuilt only when the text changes
                label.set_color(TEXT_COLOR)
            if vals[i] >= 0:
                label.next_to(self.bar_top(i), UP, buff=0.1)
            else:
                label.next_to(self.bar_top(i), DOWN, buff=0.1)
        return self

    def gather(self, scene: Scene) -> None:
        """Put the chart on ``scene`` as one mobject after its parts were animated in one by one.

        The parts leave the scene's top level so nothing is drawn twice; the chart's own
        updaters and transforms then reach every part.
        """
        scene.remove(self.baseline, *self.bars, self.bars, self.value_labels, self.name_labels)
        scene.add(self)

    def follow(
        self, tracker: ValueTracker, values_and_labels: Callable[[float], tuple[ArrayLike, Sequence[str]]]
    ) -> ValueBars:
        """Redraw every frame from ``values_and_labels(tracker.get_value())``."""
        self.add_updater(lambda m: m.set_values(*values_and_labels(tracker.get_value())))
        return self

    def transform_values(
        self, values: ArrayLike, labels: Sequence[str] | None = None, **kwargs: Any
    ) -> Transform:
        """An animation morphing the chart to ``values`` (bars grow or shrink, labels morph)."""
        return _ChartTransform(self, values, labels, **kwargs)


class _ChartTransform(Transform):
    """Transform to new values, then set them on the chart itself so its attributes agree."""

    def __init__(self, chart: ValueBars, values: ArrayLike, labels: Sequence[str] | None, **kwargs: Any):
        self.chart, self._new = chart, (values, labels)
        super().__init__(chart, chart.copy().set_values(values, labels), **kwargs)

    def clean_up_from_scene(self, scene: Scene) -> None:
        super().clean_up_from_scene(scene)
        self.chart.set_values(*self._new)


def _decimals(label: str) -> int:
    return len(label.split(".")[1]) if "." in label else 0
