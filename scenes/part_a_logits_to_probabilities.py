"""Part A - from logits to probabilities: exponentiate, then normalize.

Three scenes: raw scores are not probabilities (and dividing by their total
breaks on a negative score); exponentiate then normalize, step by step, ending
in the softmax formula; temperature, swept continuously, side by side and at
its two limits.

Every number comes from :mod:`softmax_anim.exp_normalize` / ``softmax`` and is
formatted by :mod:`softmax_anim.formatting`. Sums written as ``a + b = total``
follow :func:`softmax_anim.formatting.format_sum`: the total is the true sum
(11.21), the terms carry one more decimal (7.389 + 2.718 + 1.105), so the
screen never shows the sum-of-rounded-terms mistake 11.22. Probabilities shown
with their total come from ``format_probabilities``: each is its correctly
rounded value, with a third decimal where two would not add up to 1.

Render: ``manim -qh scenes/part_a_logits_to_probabilities.py Temperature``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Indicate,
    Line,
    MathTex,
    NumberLine,
    SurroundingRectangle,
    Tex,
    ValueTracker,
    VGroup,
    Write,
    linear,
    smooth,
)
from numpy.typing import ArrayLike

from lecture_voice import spoken_list
from scenes.kit.bars import ValueBars
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, class_color, params_or_exit
from scenes.kit.text import BODY, FOOTNOTE, LABEL, TITLE, title
from softmax_anim.activations import softmax
from softmax_anim.exp_normalize import divide_by_total, exponentiate_normalize, temperature_limits, temperature_table
from softmax_anim.formatting import (
    FormattedSum,
    display_decimals,
    format_number,
    format_probabilities,
    format_probability_sum,
    format_shares,
    format_sum,
)

# --- small builders shared by the three scenes --------------------------------


def sum_tex(shown: FormattedSum, colors: Sequence[str] | None = None, suffix: str = "") -> MathTex:
    r"""``a + b - c = total`` from a :class:`FormattedSum`; term ``i`` is ``tex[2 * i]``.

    Negative terms are written with a minus instead of ``+ -``; an approximate
    sum (terms that do not add up to the total as shown) gets ``\approx``.
    """
    parts: list[str] = []
    for i, term in enumerate(shown.terms):
        if i == 0:
            parts.append(term)
        else:
            parts.append("-" if term.startswith("-") else "+")
            parts.append(term.removeprefix("-"))
    tex = MathTex(*parts, r"\approx" if shown.approximate else "=", shown.total + suffix, font_size=BODY)
    if colors is not None:
        for i, c in enumerate(colors):
            tex[2 * i].set_color(class_color(c))
    return tex


def checked_division(values: Sequence[float], field: str) -> np.ndarray:
    """``divide_by_total``; an example adding up to 0 stops with a message naming its field."""
    try:
        return divide_by_total(values)
    except ValueError as e:
        sys.exit(f"error: lecture parameter {field!r}: {e}")


SAFE_HALF_WIDTH = 6.4  # the title-safe area spans x in [-6.4, 6.4]


def keep_in_frame(m: MathTex) -> MathTex:
    """Shift ``m`` sideways (only as far as needed) so it lies within the title-safe width."""
    over_left = -SAFE_HALF_WIDTH - m.get_left()[0]
    over_right = m.get_right()[0] - SAFE_HALF_WIDTH
    return m.shift(RIGHT * over_left) if over_left > 0 else m.shift(LEFT * over_right) if over_right > 0 else m


def changed_class(values: Sequence[float], example: Sequence[float]) -> int:
    """The class the negative example is about: the first that changed to a negative score, else the lowest."""
    for i, (v, e) in enumerate(zip(values, example, strict=True)):
        if e != v and e < 0:
            return i
    return int(np.argmin(example))


def arrow_between(left: ValueBars, right: ValueBars) -> Arrow:
    """A horizontal arrow from one chart to the next, at the height of their value ranges' middle."""
    y = (left.range_middle[1] + right.range_middle[1]) / 2
    return Arrow([left.get_right()[0], y, 0], [right.get_left()[0], y, 0], buff=0.2, color=MUTED_COLOR)


def heading(tex: str, chart: ValueBars) -> MathTex:
    """A formula above a chart's value range."""
    return MathTex(tex, font_size=BODY).next_to(chart.range_top, UP, buff=0.6)


class LogitsAreNotProbabilities(NarratedScene):
    """Raw scores are not probabilities; dividing by their total fails on a negative score.

    Attributes
    ----------
    logits : LogitParams
        The lecture parameters used.
    logit_bars : ValueBars
        Left: the logits, later the negative example.
    fraction_bars : ValueBars
        Right: each score divided by the total.
    logit_sum : MathTex
        The scores' sum (``logit_sum_shown`` holds its strings).
    division : MathTex
        ``z_i / total`` above the right chart.
    out_of_range : VGroup
        Boxes around the "probabilities" below 0 or above 1.
    """

    chart_width = 4.8
    chart_height = 3.0
    chart_top = 1.7

    def construct(self) -> None:
        self.logits = params_or_exit().logits
        self.show_raw_scores()
        self.explain_not_probabilities()
        self.divide_by_the_total()
        self.break_with_a_negative_score()
        self.final_hold()

    # --- numbers ---

    def numbers(self, values: Sequence[float], field: str) -> tuple[list[str], FormattedSum, np.ndarray]:
        """Logit labels, their sum and their shares of the total, for one example."""
        d = self.decimals
        return [format_number(v, d) for v in values], format_sum(values, d, d), checked_division(values, field)

    # --- beats ---

    def show_raw_scores(self) -> None:
        self.next_section("Raw scores")
        lg = self.logits
        self.decimals = display_decimals(lg.values + lg.negative_example)
        labels, self.logit_sum_shown, self.fractions = self.numbers(lg.values, "logits.values")
        every = np.array(lg.values + lg.negative_example)
        self.logit_bars = ValueBars(
            lg.values, lg.names, lg.colors, labels,
            value_range=(min(0.0, every.min()), max(0.0, every.max())),
            width=self.chart_width, height=self.chart_height,
        ).place(-3.5, self.chart_top)
        head = heading(r"\text{logits } z", self.logit_bars)
        scores = spoken_list([f"{name} {label}" for name, label in zip(lg.names, labels, strict=True)])
        with self.voiceover("logits", scores=scores):
            self.play(FadeIn(title("Logits are not probabilities")), FadeIn(head), Create(self.logit_bars.baseline),
                      run_time=GLANCE)
            self.play(
                *(GrowFromEdge(b, DOWN) for b in self.logit_bars.bars),
                FadeIn(self.logit_bars.name_labels),
                run_time=MOVE,
            )
            self.play(FadeIn(self.logit_bars.value_labels), run_time=GLANCE)

    def explain_not_probabilities(self) -> None:
        self.next_section("Not probabilities")
        self.logit_sum = sum_tex(self.logit_sum_shown, self.logits.colors, suffix=r"\neq 1")
        keep_in_frame(self.logit_sum.next_to(self.logit_bars, DOWN, buff=0.5))
        with self.voiceover("not_probabilities", total=self.logit_sum_shown.total):
            self.play(Write(self.logit_sum), run_time=WRITE)

    def divide_by_the_total(self) -> None:
        self.next_section("Divide by the total")
        negative = checked_division(self.logits.negative_example, "logits.negative_example")
        every = np.concatenate([self.fractions, negative])
        self.fraction_bars = ValueBars(
            self.fractions, self.logits.names, self.logits.colors, format_shares(self.fractions),
            value_range=(min(0.0, every.min()), max(1.0, every.max())),
            width=self.chart_width, height=self.chart_height,
        ).place(3.5, self.chart_top)
        self.one_line = self.reference_line(self.fraction_bars, 1.0)
        self.division = heading(rf"z_i \,/\, {self.logit_sum_shown.total}", self.fraction_bars)
        arrow = arrow_between(self.logit_bars, self.fraction_bars)
        works = ((self.fractions >= 0) & (self.fractions <= 1)).all()
        with self.voiceover("divide_works" if works else "divide_fails"):
            self.play(FadeIn(arrow), Write(self.division), Create(self.fraction_bars.baseline), FadeIn(self.one_line),
                      run_time=WRITE)
            self.play(
                *(GrowFromEdge(b, DOWN) for b in self.fraction_bars.bars),
                FadeIn(self.fraction_bars.name_labels),
                FadeIn(self.fraction_bars.value_labels),
                run_time=MOVE,
            )

    def break_with_a_negative_score(self) -> None:
        self.next_section("A negative score")
        lg = self.logits
        labels, shown_sum, negative = self.numbers(lg.negative_example, "logits.negative_example")
        self.logit_sum_shown, self.fractions = shown_sum, negative
        new_sum = sum_tex(shown_sum, lg.colors).next_to(self.logit_bars, DOWN, buff=0.5)
        keep_in_frame(new_sum.align_to(self.logit_sum, UP))
        new_division = heading(rf"z_i \,/\, {shown_sum.total}", self.fraction_bars)
        k = changed_class(lg.values, lg.negative_example)
        with self.voiceover("negative", name=lg.names[k], value=labels[k]):
            self.play(
                self.logit_bars.transform_values(lg.negative_example, labels),
                FadeOut(self.logit_sum, shift=UP * 0.2),
                FadeIn(new_sum, shift=UP * 0.2),
                run_time=MOVE,
            )
        self.logit_sum = new_sum
        with self.voiceover("divide_again", total=shown_sum.total):
            self.play(
                self.fraction_bars.transform_values(negative, format_shares(negative)),
                FadeOut(self.division),
                FadeIn(new_division),
                run_time=MOVE,
            )
        self.division = new_division
        self.next_section("Nonsense")
        bad = [i for i, f in enumerate(negative) if not 0 <= f <= 1]
        self.out_of_range = VGroup(
            *(SurroundingRectangle(self.fraction_bars.value_labels[i], color=HIGHLIGHT_COLOR, buff=0.08) for i in bad)
        )
        shown = " and ".join(self.fraction_bars.label_strings[i] for i in bad)
        with self.voiceover("nonsense", bad=shown) if bad else self.voiceover("nonsense_lucky") as beat:
            if bad:
                self.play(Create(self.out_of_range), run_time=MOVE)
            self.wait_frames(beat.duration - 1.8 - beat.elapsed())  # "This is nonsense.": the line's last words
            self.play(Indicate(self.fraction_bars.value_labels, color=HIGHLIGHT_COLOR, scale_factor=1.1),
                      run_time=GLANCE)
        with self.voiceover("need_positive"):
            self.play(Indicate(self.logit_bars.bars, color=HIGHLIGHT_COLOR, scale_factor=1.05), run_time=GLANCE)

    def reference_line(self, chart: ValueBars, value: float) -> VGroup:
        """A dashed line across ``chart`` at ``value``, labelled on the left."""
        start = chart.value_point(0, value) - np.array([chart.slot / 2, 0, 0])
        end = chart.value_point(len(chart.bars) - 1, value) + np.array([chart.slot / 2, 0, 0])
        line = DashedLine(start, end, color=MUTED_COLOR, stroke_width=2)
        label = MathTex(format_number(value, 0), font_size=FOOTNOTE, color=MUTED_COLOR).next_to(line, LEFT, buff=0.1)
        return VGroup(line, label)


class ExponentiateThenNormalize(NarratedScene):
    """Logits -> e^z -> divide by the sum -> probabilities, and the softmax formula.

    Attributes
    ----------
    pipeline : ExpPipeline
        Every number of the scene (``softmax_anim.exp_normalize.exponentiate_normalize``).
    logit_bars, exp_bars, prob_bars : ValueBars
        The three charts, left to right, each exactly proportional to its values.
    exp_rows : VGroup
        ``e^{z_i} = ...`` per class.
    gap_row : MathTex
        ``e^{a} / e^{b} = e^{a - b} = ...``: the gap becomes a factor.
    exp_sum, prob_sum : MathTex
        The sum of the exponentials and of the probabilities
        (``exp_sum_shown`` / ``prob_sum_shown`` hold their strings).
    formula : MathTex
        The softmax formula.
    """

    chart_width = 3.7
    chart_height = 2.6
    chart_top = 1.75
    chart_x = (-4.65, 0.0, 4.65)
    row_y = (-2.2, -3.15)

    def construct(self) -> None:
        self.logits = params_or_exit().logits
        self.pipeline = exponentiate_normalize(self.logits.values)
        self.show_logits()
        self.exponentiate()
        self.show_the_gap_grows()
        self.add_them_up()
        self.normalize()
        self.show_formula()
        self.final_hold()

    def chart(
        self, values: ArrayLike, labels: Sequence[str], value_range: tuple[float, float], k: int
    ) -> ValueBars:
        """Chart ``k`` of the row (0 logits, 1 exponentials, 2 probabilities)."""
        lg = self.logits
        return ValueBars(
            values, lg.names, lg.colors, labels,
            value_range=value_range, width=self.chart_width, height=self.chart_height,
        ).place(self.chart_x[k], self.chart_top)

    def show_logits(self) -> None:
        self.next_section("Logits")
        z = self.pipeline.logits
        self.z_decimals = display_decimals(z)
        self.z_labels = [format_number(v, self.z_decimals) for v in z]
        self.logit_bars = self.chart(z, self.z_labels, (min(0.0, z.min()), max(0.0, z.max())), 0)
        with self.voiceover("logits"):
            self.play(FadeIn(title("Exponentiate, then normalize")), run_time=GLANCE)
            self.play(
                FadeIn(self.logit_bars),
                FadeIn(heading(r"\text{logits } z", self.logit_bars)),
                run_time=GLANCE,
            )

    def exponentiate(self) -> None:
        self.next_section("Exponentiate")
        e = self.pipeline.exps
        self.e_labels = [format_number(v) for v in e]
        self.exp_bars = self.chart(e, self.e_labels, (0.0, float(e.max())), 1)
        self.exp_rows = VGroup(
            *(
                MathTex(rf"e^{{{z}}} = {v}", font_size=BODY, color=class_color(c))
                for z, v, c in zip(self.z_labels, self.e_labels, self.logits.colors, strict=True)
            )
        ).arrange(RIGHT, buff=0.8).move_to(np.array([0, self.row_y[0], 0]))
        arrow = arrow_between(self.logit_bars, self.exp_bars)
        with self.voiceover("exponentiate"):
            self.play(
                FadeIn(arrow),
                FadeIn(heading(r"e^{z}", self.exp_bars)),
                Create(self.exp_bars.baseline),
                FadeIn(self.exp_bars.name_labels),
                run_time=MOVE,
            )
        with self.voiceover("positive"):
            self.play(
                *(GrowFromEdge(b, DOWN) for b in self.exp_bars.bars),
                FadeIn(self.exp_bars.value_labels),
                Write(self.exp_rows),
                run_time=WRITE,
            )

    def show_the_gap_grows(self) -> None:
        self.next_section("The gap grows")
        p = self.pipeline
        a, b = self.z_labels[p.top], self.z_labels[p.runner_up]
        gap = format_number(p.logit_gap, self.z_decimals)
        ratio = format_number(p.exp_ratio)
        self.gap_row = MathTex(
            rf"\frac{{e^{{{a}}}}}{{e^{{{b}}}}} = e^{{{a} - {b}}} = e^{{{gap}}} = {ratio}", font_size=BODY
        ).move_to(np.array([0, self.row_y[1], 0]))
        top, runner = self.e_labels[p.top], self.e_labels[p.runner_up]
        times = format_number(p.exp_ratio, 0)
        with self.voiceover("gap", gap=gap, ratio=ratio, top=top, runner=runner, times=times):
            self.play(Write(self.gap_row), run_time=WRITE)
            self.play(Indicate(self.gap_row[0], color=HIGHLIGHT_COLOR, scale_factor=1.05), run_time=GLANCE)

    def add_them_up(self) -> None:
        self.next_section("Add them up")
        self.exp_sum_shown = format_sum(self.pipeline.exps)
        self.exp_sum = sum_tex(self.exp_sum_shown, self.logits.colors).move_to(np.array([0, self.row_y[0], 0]))
        with self.voiceover("sum", total=self.exp_sum_shown.total) as beat:
            self.play(FadeOut(self.exp_rows), FadeOut(self.gap_row), FadeIn(self.exp_sum), run_time=MOVE)
            self.wait_frames(beat.duration / 2 - beat.elapsed())  # "The exact sum is ...": the line's second half
            self.play(Indicate(self.exp_sum[-1], color=HIGHLIGHT_COLOR), run_time=GLANCE)

    def normalize(self) -> None:
        self.next_section("Normalize")
        p = self.pipeline.probs
        self.prob_sum_shown = format_probability_sum(p)
        self.prob_bars = self.chart(p, self.prob_sum_shown.terms, (0.0, 1.0), 2)
        self.prob_sum = sum_tex(self.prob_sum_shown, self.logits.colors).move_to(np.array([0, self.row_y[1], 0]))
        arrow = arrow_between(self.exp_bars, self.prob_bars)
        with self.voiceover("normalize", total=self.exp_sum_shown.total):
            self.play(
                FadeIn(arrow),
                FadeIn(heading(rf"p = e^{{z}} / {self.exp_sum_shown.total}", self.prob_bars)),
                Create(self.prob_bars.baseline),
                FadeIn(self.prob_bars.name_labels),
                run_time=MOVE,
            )
        with self.voiceover("probabilities", probs=spoken_list(self.prob_sum_shown.terms)):
            self.play(
                *(GrowFromEdge(b, DOWN) for b in self.prob_bars.bars),
                FadeIn(self.prob_bars.value_labels),
                run_time=MOVE,
            )
            self.play(Write(self.prob_sum), run_time=WRITE)

    def show_formula(self) -> None:
        self.next_section("The softmax formula")
        self.formula = MathTex(
            r"\mathrm{softmax}(z)_i", "=", r"\frac{e^{z_i}}{\sum_{j} e^{z_j}}", font_size=TITLE
        ).move_to(np.array([0, (self.row_y[0] + self.row_y[1]) / 2 - 0.1, 0]))
        box = SurroundingRectangle(self.formula, color=HIGHLIGHT_COLOR, buff=0.15)
        with self.voiceover("formula"):
            self.play(FadeOut(self.exp_sum), FadeOut(self.prob_sum), Write(self.formula), run_time=WRITE)
            self.play(Create(box), run_time=GLANCE)


class Temperature(NarratedScene):
    """Dividing the logits by a temperature T sharpens (T < 1) or flattens (T > 1) softmax.

    Attributes
    ----------
    log_temperature : ValueTracker
        ``log T`` of the continuous sweep (T moves geometrically).
    sweep_bars : ValueBars
        Follows ``softmax(z, T)`` every frame, labels from ``format_probabilities``;
        its updater is suspended once the sweep is over.
    temperature_label : DecimalNumber
        The T shown during the sweep (``format_number(T)``).
    temperature_axis : NumberLine
        Log-scale axis of the sweep's temperatures; ``temperature_dot`` marks T on it.
    panels : VGroup
        One ``ValueBars`` per temperature of ``logits.temperatures``.
    panel_headers : VGroup
        ``T = ...`` above each panel.
    hard_max_bars, uniform_bars : ValueBars
        The limits T -> 0 (one-hot) and T -> infinity (1/n each).
    uniform_labels : VGroup
        ``1/n`` above each bar of the uniform limit.
    """

    sweep_run_times = (3.0, 4.0, 2.0)  # T: 1 -> low, low -> high, high -> 1
    panel_width = 3.7
    panel_height = 2.4
    panel_top = 1.3

    def construct(self) -> None:
        self.logits = params_or_exit().logits
        self.z = np.array(self.logits.values)
        self.divide_by_temperature()
        self.sweep_temperature()
        self.compare_temperatures()
        self.show_limits()
        self.final_hold()

    def current_temperature(self) -> float:
        """The T of the sweep now."""
        return float(np.exp(self.log_temperature.get_value()))

    def sweep_values(self, t: float) -> tuple[np.ndarray, list[str]]:
        """Probabilities at temperature ``t`` and their labels, correctly rounded at one precision (2 places)."""
        p = softmax(self.z, temperature=t)
        return p, format_probabilities(p, max_decimals=2)  # labels change every frame: keep one precision

    def divide_by_temperature(self) -> None:
        self.next_section("Divide by T")
        self.title = title("Temperature")
        self.formula = MathTex(r"p_i = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}", font_size=TITLE)
        self.formula.move_to([-4.1, 1.0, 0])  # type: ignore[arg-type]
        with self.voiceover("divide"):
            self.play(FadeIn(self.title), run_time=GLANCE)
            self.play(Write(self.formula), run_time=WRITE)

    def sweep_temperature(self) -> None:
        self.next_section("Sweep T")
        lo, hi = self.logits.sweep
        self.log_temperature = ValueTracker(0.0)
        p, labels = self.sweep_values(1.0)
        lg = self.logits
        self.sweep_bars = ValueBars(p, lg.names, lg.colors, labels, value_range=(0.0, 1.0), width=6.0, height=3.6)
        self.sweep_bars.place(2.6, 2.2)
        self.sweep_bars.follow(self.log_temperature, lambda s: self.sweep_values(float(np.exp(s))))
        self.temperature_label = DecimalNumber(1.0, num_decimal_places=2, font_size=TITLE)
        t_eq = MathTex("T =", font_size=TITLE)
        readout = VGroup(t_eq, self.temperature_label).arrange(RIGHT, buff=0.2)
        readout.next_to(self.formula, DOWN, buff=0.9)
        def show_temperature(label: DecimalNumber) -> None:
            text = format_number(self.current_temperature())
            if f"{label.get_value():.2f}" != text:  # rebuild the digits only when they change
                label.set_value(float(text)).next_to(t_eq, RIGHT, buff=0.2)

        self.temperature_label.add_updater(show_temperature)  # type: ignore[arg-type]
        self.temperature_axis = self.get_temperature_axis(lo, hi)
        self.temperature_dot = Dot(color=HIGHLIGHT_COLOR, radius=0.11)
        self.temperature_dot.add_updater(
            lambda m: m.move_to(self.temperature_axis.n2p(self.log_temperature.get_value()))
        )
        with self.voiceover("standard"):
            self.play(
                FadeIn(self.sweep_bars),
                FadeIn(readout),
                FadeIn(self.temperature_axis),
                FadeIn(self.temperature_dot),
                run_time=MOVE,
            )
        # each sweep lasts as long as the eye needs to watch the bars follow softmax(z, T), redrawn every frame
        for key, target, seconds, rate in zip(
            ("lower", "raise", "back"), (float(np.log(lo)), float(np.log(hi)), 0.0),
            self.sweep_run_times, (smooth, linear, smooth), strict=True,
        ):
            with self.voiceover(key):
                self.play(self.log_temperature.animate.set_value(target), run_time=seconds, rate_func=rate)
        self.readout = readout
        self.sweep_bars.suspend_updating()
        self.temperature_label.suspend_updating()
        self.temperature_dot.suspend_updating()

    def get_temperature_axis(self, lo: float, hi: float) -> NumberLine:
        """A log-scale axis for T from ``lo`` to ``hi``, ticks at both ends and at 1."""
        axis = NumberLine(x_range=[np.log(lo), np.log(hi), np.log(hi) - np.log(lo)], length=10.0,
                          include_ticks=False, color=MUTED_COLOR)
        axis.move_to(np.array([0, -2.75, 0]))
        marks = [t for t in (lo, 1.0, hi) if lo <= t <= hi]
        d = display_decimals(marks)
        for t in marks:
            point = axis.n2p(np.log(t))
            tick = Line(point + 0.12 * UP, point + 0.12 * DOWN, color=MUTED_COLOR, stroke_width=2)
            label = MathTex(format_number(t, d), font_size=FOOTNOTE, color=MUTED_COLOR).next_to(tick, DOWN, buff=0.12)
            axis.add(tick, label)
        ends = VGroup(
            Tex("sharper", font_size=FOOTNOTE, color=MUTED_COLOR).next_to(axis.get_start(), LEFT, buff=0.3),
            Tex("flatter", font_size=FOOTNOTE, color=MUTED_COLOR).next_to(axis.get_end(), RIGHT, buff=0.3),
        )
        axis.add(ends, MathTex("T", font_size=LABEL).next_to(axis, UP, buff=0.2).align_to(axis, LEFT))
        return axis

    def compare_temperatures(self) -> None:
        self.next_section("Three temperatures")
        ts = self.logits.temperatures
        d = display_decimals(ts)
        table = temperature_table(self.z, ts)
        xs = np.linspace(-4.65, 4.65, len(ts)) if len(ts) > 1 else [0.0]
        width = min(self.panel_width, 13.2 / len(ts) - 0.9)
        lg = self.logits
        self.panels = VGroup(
            *(
                ValueBars(p, lg.names, lg.colors, format_probabilities(p), value_range=(0.0, 1.0),
                          width=width, height=self.panel_height).place(x, self.panel_top)
                for p, x in zip(table, xs, strict=True)
            )
        )
        self.panel_headers = VGroup(
            *(heading(f"T = {format_number(t, d)}", panel) for t, panel in zip(ts, self.panels, strict=True))  # type: ignore[arg-type]
        )
        self.panel_notes = VGroup(
            *(
                Tex("sharper" if t < 1 else "flatter" if t > 1 else "standard softmax", font_size=LABEL)
                .next_to(panel, DOWN, buff=0.45)
                for t, panel in zip(ts, self.panels, strict=True)
            )
        )
        low, high = int(np.argmin(ts)), int(np.argmax(ts))
        if low == high:
            line = {"key": "compare_one", "t": format_number(ts[low], d),
                    "probs": spoken_list(format_probabilities(table[low]))}
        else:
            line = {"key": "compare", "low": format_number(ts[low], d), "high": format_number(ts[high], d),
                    "low_probs": spoken_list(format_probabilities(table[low])),
                    "high_probs": spoken_list(format_probabilities(table[high]))}
        with self.voiceover(**line) as beat:
            self.play(
                FadeOut(self.sweep_bars), FadeOut(self.readout), FadeOut(self.formula),
                FadeOut(self.temperature_axis), FadeOut(self.temperature_dot),
                FadeIn(self.panels), FadeIn(self.panel_headers), FadeIn(self.panel_notes),
                run_time=MOVE,
            )
            self.play(Indicate(self.panel_headers[low], color=HIGHLIGHT_COLOR), run_time=GLANCE)
            self.wait_frames(beat.duration / 2 - beat.elapsed())  # "the higher ...": the line's second half
            self.play(Indicate(self.panel_headers[high], color=HIGHLIGHT_COLOR), run_time=GLANCE)

    def show_limits(self) -> None:
        self.next_section("The limits")
        hard, uniform = temperature_limits(self.z)
        lg = self.logits
        n = len(uniform)

        def limit_panel(p: np.ndarray, labels: list[str] | None, x: float) -> ValueBars:
            return ValueBars(p, lg.names, lg.colors, labels, value_range=(0.0, 1.0),
                             width=self.panel_width, height=self.panel_height).place(x, self.panel_top)

        self.hard_max_bars = limit_panel(hard, format_probabilities(hard), -3.4)
        self.uniform_bars = limit_panel(uniform, None, 3.4)
        self.uniform_labels = VGroup(
            *(
                MathTex(rf"\tfrac{{1}}{{{n}}}", font_size=LABEL).next_to(self.uniform_bars.bar_top(i), UP, buff=0.1)
                for i in range(n)
            )
        )
        heads = VGroup(
            heading(r"T \to 0", self.hard_max_bars),
            heading(r"T \to \infty", self.uniform_bars),
        )
        notes = VGroup(
            Tex("hard maximum (one-hot)", font_size=LABEL).next_to(self.hard_max_bars, DOWN, buff=0.45),
            Tex(rf"uniform: $\tfrac{{1}}{{{n}}}$ each", font_size=LABEL).next_to(self.uniform_bars, DOWN, buff=0.45),
        )
        with self.voiceover("cold_limit"):
            self.play(
                FadeOut(self.panels), FadeOut(self.panel_headers), FadeOut(self.panel_notes),
                FadeIn(self.hard_max_bars), FadeIn(heads[0]), FadeIn(notes[0]),
                run_time=MOVE,
            )
        with self.voiceover("hot_limit", n=str(n)):
            self.play(FadeIn(self.uniform_bars), FadeIn(self.uniform_labels), FadeIn(heads[1]), FadeIn(notes[1]),
                      run_time=MOVE)

