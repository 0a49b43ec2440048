"""Plot pieces for Part F: probability bars, traced paths, and numbers that may be ``inf`` or ``nan``.

:class:`ProbabilityBars` draws one bar per class with height exactly
``p * height`` and the probabilities (formatted by the math package) above the
bars; :meth:`ProbabilityBars.set_probs` redraws it cheaply every frame.
:func:`polyline` joins data points mapped by ``axes.c2p`` with straight
segments, so a path on screen passes exactly through the recorded values.
:func:`format_value` shows non-finite floats as the words a computer prints
(``inf``, ``nan``), since :func:`softmax_anim.format_number` refuses them.
:class:`NarratedScene` holds each subtitle on screen long enough to read it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    DashedLine,
    DecimalNumber,
    Line,
    MathTex,
    Polygon,
    Scene,
    VGroup,
    VMobject,
)

from scenes.kit.palette import MUTED_COLOR, TEXT_COLOR, class_color, label_tex
from softmax_anim import format_number

__all__ = [
    "NarratedScene",
    "ProbabilityBars", "format_value", "polyline", "set_polyline", "value_tex"]


class NarratedScene(Scene):
    """A scene whose subtitles stay up until a learner has read them.

    ``play(..., subcaption=text)`` shows ``text`` for at least
    ``len(text) / reading_speed`` seconds and, if the animations end sooner,
    waits for the rest: no subtitle flashes by, and no extra ``wait`` is needed.
    """

    reading_speed = 17.0  # characters per second
    min_subcaption_time = 1.5

    def reading_time(self, text: str) -> float:
        """Seconds to show ``text``."""
        return max(self.min_subcaption_time, len(text) / self.reading_speed)

    def play(self, *args: object, subcaption: str | None = None, **kwargs: object) -> None:  # noqa: D102
        if subcaption is None:
            super().play(*args, **kwargs)
            return
        hold = self.reading_time(subcaption)
        start = self.renderer.time
        super().play(*args, subcaption=subcaption, subcaption_duration=hold, **kwargs)
        remaining = hold - (self.renderer.time - start)
        if remaining > 1 / 60:
            self.wait(remaining)

    def narrate(self, text: str) -> None:
        """Show ``text`` as a subtitle while the picture holds still."""
        hold = self.reading_time(text)
        self.add_subcaption(text, duration=hold)
        self.wait(hold)


def format_value(x: float, decimals: int = 2) -> str:
    """``x`` by the one formatting rule, or ``inf`` / ``-inf`` / ``nan`` when it is not finite.

    >>> format_value(float("nan")), format_value(float("inf")), format_value(0.6590)
    ('nan', 'inf', '0.66')
    """
    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    return format_number(x, decimals)


def value_tex(x: float, decimals: int = 2, **kwargs: object) -> MathTex:
    """A number as LaTeX math: digits via :func:`format_value`, ``inf``/``nan`` as upright words."""
    text = format_value(x, decimals)
    if text in ("inf", "-inf", "nan"):
        text = text.replace("inf", r"\mathrm{inf}").replace("nan", r"\mathrm{nan}")
    return MathTex(text, **kwargs)


def polyline(axes: Axes, coords: np.ndarray, **style: object) -> VMobject:
    """Straight segments through ``axes.c2p`` of each row of ``coords`` (N, 2); a point if N == 1."""
    return set_polyline(VMobject(**style), axes, coords)


def set_polyline(line: VMobject, axes: Axes, coords: np.ndarray) -> VMobject:
    """Reshape ``line`` in place into the polyline of :func:`polyline` (cheap enough for an updater)."""
    pts = [axes.c2p(*c) for c in np.asarray(coords, dtype=float)]
    if len(pts) == 1:
        pts = pts * 2
    line.set_points_as_corners(pts)
    return line


class ProbabilityBars(VGroup):
    """Bars of probabilities, bar ``i`` exactly ``p_i * height`` tall, value labels on top, names below.

    Parameters
    ----------
    probs : sequence of float
        Probabilities, one per class.
    labels : sequence of str
        The probabilities as shown, from :func:`softmax_anim.format_probabilities`.
    names, colors : sequence of str
        Class names and ``#RRGGBB`` colours from the lecture parameters.
    height, width : float
        Scene units for probability 1, and the baseline's length.

    Attributes
    ----------
    baseline : Line
    bars : VGroup
        One rectangle (Polygon) per class.
    value_labels : VGroup
        One :class:`~manim.DecimalNumber` per class, set to the formatted value.
    name_labels : VGroup
    probs : numpy.ndarray
        The probabilities drawn now.
    label_strings : list of str
        The labels shown now.
    """

    def __init__(
        self,
        probs: Sequence[float],
        labels: Sequence[str],
        names: Sequence[str],
        colors: Sequence[str],
        *,
        height: float = 2.5,
        width: float = 3.6,
        font_size: float = 30,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        if not len(probs) == len(labels) == len(names) == len(colors):
            raise ValueError("need one label, name and colour per probability")
        self.full_height = height
        self.slot = width / len(probs)
        self.baseline = Line([0, 0, 0], [width, 0, 0], color=MUTED_COLOR, stroke_width=2)
        self.bars = VGroup(
            *(Polygon(*self._corners(i, 0.0), stroke_width=0, fill_color=class_color(c), fill_opacity=0.85)
              for i, c in enumerate(colors))
        )
        decimals = len(labels[0].split(".")[1]) if "." in labels[0] else 0
        self.value_labels = VGroup(
            *(DecimalNumber(0, num_decimal_places=decimals, font_size=font_size, color=TEXT_COLOR) for _ in probs)
        )
        self.name_labels = VGroup(
            *(label_tex(n, font_size=font_size, color=class_color(c)) for n, c in zip(names, colors, strict=True))
        )
        for i, name in enumerate(self.name_labels):
            name.next_to([self.slot_center_x(i), 0, 0], DOWN, buff=0.15)
        self.add(self.baseline, self.bars, self.value_labels, self.name_labels)
        self.set_probs(probs, labels)

    @property
    def origin(self) -> np.ndarray:
        """Left end of the baseline."""
        return self.baseline.get_start()

    def slot_center_x(self, i: int) -> float:
        """X of the centre of bar ``i``."""
        return float(self.baseline.get_start()[0] + (i + 0.5) * self.slot)

    def value_point(self, i: int, p: float) -> np.ndarray:
        """Scene point on bar ``i``'s centre line at probability ``p`` (0 on the baseline)."""
        return np.array([self.slot_center_x(i), self.origin[1] + p * self.full_height, 0.0])

    def bar_top(self, i: int) -> np.ndarray:
        """Scene point at the top centre of bar ``i`` as it should be: ``p_i * height`` above the baseline."""
        return self.value_point(i, float(self.probs[i]))

    def level_markers(self, probs: Sequence[float], **style: object) -> VGroup:
        """Dashed lines across each bar's slot at ``probs``: where the bars should end up."""
        half = 0.45 * self.slot
        return VGroup(
            *(DashedLine(self.value_point(i, p) + half * LEFT, self.value_point(i, p) + half * RIGHT, **style)
              for i, p in enumerate(probs))
        )

    def _corners(self, i: int, p: float) -> list[np.ndarray]:
        x = self.slot_center_x(i) if hasattr(self, "baseline") else (i + 0.5) * self.slot
        y0 = self.baseline.get_start()[1]
        half = 0.3 * self.slot
        return [np.array(c, dtype=float) for c in ([x - half, y0, 0], [x + half, y0, 0],
                                                     [x + half, y0 + p * self.full_height, 0],
                                                     [x - half, y0 + p * self.full_height, 0])]

    def set_probs(self, probs: Sequence[float], labels: Sequence[str]) -> ProbabilityBars:
        """Redraw bars at ``p * height`` and show ``labels``; cheap enough for an updater."""
        self.probs = np.asarray(probs, dtype=float)
        self.label_strings = list(labels)
        for i, bar in enumerate(self.bars):
            corners = self._corners(i, float(self.probs[i]))
            bar.set_points_as_corners([*corners, corners[0]])
        for i, label in enumerate(self.value_labels):
            label.set_value(float(self.label_strings[i]))
            label.next_to(self.bar_top(i), UP, buff=0.1)
        return self
