"""Part F: large logits overflow a naive softmax; subtracting the maximum fixes it; temperature scaling.

The lecture's logits plus a large shift (1000, 999, 998.1 by default) go
through softmax twice, one column per step, one row per class: straight from
the formula, where ``e^1000`` overflows to ``inf`` and ``inf / inf`` is
``nan``, and after subtracting the maximum, which gives the lecture's
probabilities. Every cell is computed by :mod:`softmax_anim.overflow`. Then
the same example with every gap widened (overconfidence), and temperature
scaling bringing it back to the lecture's probabilities, marked beside each bar.

Render: ``manim -qh scenes/part_f_large_logits.py LargeLogits``
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Create,
    DecimalNumber,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    Tex,
    Triangle,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from lecture_voice import spoken_list
from scenes.kit.bars import ValueBars
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import MOVE
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, TEXT_COLOR, class_color, params_or_exit
from scenes.kit.text import BODY, FOOTNOTE, LABEL, SAFE_WIDTH, escape_tex, show_number, title
from softmax_anim import format_number, format_probabilities, softmax
from softmax_anim.formatting import display_decimals, format_parts, format_probability_sum, format_value
from softmax_anim.overflow import (
    exp_overflow_threshold,
    naive_softmax_steps,
    overconfident_logits,
    stable_softmax_steps,
)

SCIENTIFIC_FROM = 1e6  # finite values this large are written m x 10^k


def value_tex_string(x: float, decimals: int = 2) -> str:
    r"""LaTeX of a number as the computer holds it: ``inf`` / ``nan`` as upright words, huge values as m x 10^k.

    A finite ``e^z`` below the overflow can still have 300 digits; it is shown
    with a two-decimal mantissa, each part correctly rounded by the one
    formatting rule. ``value_tex_string(float("inf"))`` is ``\mathrm{inf}``.
    """
    if not math.isfinite(x):
        return format_value(x).replace("inf", r"\mathrm{inf}").replace("nan", r"\mathrm{nan}")
    if abs(x) >= SCIENTIFIC_FROM:
        k = math.floor(math.log10(abs(x)))
        mantissa = format_number(x / 10**k, 2)
        if abs(float(mantissa)) >= 10:  # 9.996 rounds up to 10.00
            k, mantissa = k + 1, format_number(x / 10 ** (k + 1), 2)
        return rf"{mantissa} \times 10^{{{k}}}"
    return format_number(x, decimals)


class LargeLogits(NarratedScene):
    """Overflow of the naive formula, the max-subtracted softmax, overconfidence and temperature scaling.

    Attributes
    ----------
    logits : numpy.ndarray
        The large logits: the lecture's logits plus :attr:`shift`.
    naive, stable : softmax_anim.overflow.SoftmaxSteps
        Both computations, every intermediate number.
    table : VGroup
        Every cell of the table, row by row (header, one row per class, the sums).
    columns : dict of str to VGroup
        ``"names"``, ``"logits"``, ``"naive_exp"``, ``"naive_p"``, ``"shifted"``,
        ``"stable_exp"``, ``"stable_p"``: each column's cells top to bottom
        (header, one per class, then the sum row's cell, blank where there is no sum).
    rows : dict of str to VGroup
        The same cells by column key, classes only (no header, no sum), in class order.
    sums : dict of str to VMobject
        The sum row's cell of each column (a blank :class:`~manim.VMobject` where there is none).
    confident_logits : numpy.ndarray
        The lecture's logits times :attr:`overconfidence`.
    bars : ValueBars
        ``softmax(confident_logits / T)``, following :attr:`temperature`.
    targets : VGroup
        Per class, two triangles beside its bar pointing at the lecture's
        probability (outside the bar, so no value label ever crosses them).
    z_labels : VGroup
        The overconfident logits under the class names.
    temperature : ValueTracker
    """

    overconfidence = 10.0  # every gap this many times wider
    final_temperature = 10.0
    bar_height = 3.9  # scene units for probability 1
    chart_top = 1.75  # scene y of probability 1
    min_chart_width = 8.0
    slot_width = 1.1  # per class at least; more where the class names need it
    table_top = 2.85  # scene y the table may reach (under the title)
    table_bottom = -3.0  # ... and down to (above the overflow note)

    def construct(self) -> None:
        params = params_or_exit()
        self.names = params.logits.names
        self.colors = params.logits.colors
        self.base_logits = np.asarray(params.logits.values)
        self.shift = params.large_logits.shift  # added to every logit of the lecture
        self.logits = self.base_logits + self.shift
        self.logit_decimals = display_decimals(self.base_logits)
        self.naive = naive_softmax_steps(self.logits)
        self.stable = stable_softmax_steps(self.logits)

        self.next_section("Huge logits")
        self.title = title("Large logits and overflow")
        self.table, self.columns = self.get_table()
        self.play_huge_logits()

        self.next_section("Naive formula overflows")
        self.play_naive()

        self.next_section("Subtract the maximum")
        self.play_stable()

        self.next_section("Overconfidence")
        self.play_overconfidence()

        self.next_section("Temperature scaling")
        self.play_temperature_scaling()
        self.final_hold()

    # --- builders -----------------------------------------------------------

    def get_columns(self, fs: float) -> dict[str, list[VMobject]]:
        """Every column's cells, top to bottom: header, one per class, the sum row (blank if none)."""
        d = self.logit_decimals
        blank = VMobject

        def cells(values: np.ndarray, decimals: int) -> list[VMobject]:
            return [MathTex(value_tex_string(v, decimals), font_size=fs) for v in values]

        stable_exps = format_parts(self.stable.exps)
        p_shown = format_probability_sum(self.stable.probs)
        approx = r"\approx " if p_shown.approximate else ""
        naming = [Tex(escape_tex(n), font_size=fs, color=class_color(c)) for n, c in zip(self.names, self.colors)]
        return {
            "names": [blank(), *naming, Tex("sum", font_size=fs, color=MUTED_COLOR)],
            "logits": [MathTex("z", font_size=fs), *cells(self.logits, d), blank()],
            "naive_exp": [MathTex("e^{z}", font_size=fs), *cells(self.naive.exps, 2),
                          MathTex(value_tex_string(self.naive.total), font_size=fs)],
            "naive_p": [MathTex(r"e^{z} / \textstyle\sum", font_size=fs), *cells(self.naive.probs, 2), blank()],
            "shifted": [MathTex(r"z - \max z", font_size=fs), *cells(self.stable.shifted, d), blank()],
            "stable_exp": [MathTex(r"e^{z - \max z}", font_size=fs),
                           *(MathTex(s, font_size=fs) for s in stable_exps.terms),
                           MathTex(stable_exps.total, font_size=fs)],
            "stable_p": [MathTex(r"e^{z - \max z} / \textstyle\sum", font_size=fs),
                         *(MathTex(s, font_size=fs) for s in p_shown.terms),
                         MathTex(approx + p_shown.total, font_size=fs)],
        }

    def get_table(self) -> tuple[VGroup, dict[str, VGroup]]:
        """The table at the largest type size that fits the safe area, spread to fill it."""
        for fs in (BODY, LABEL, FOOTNOTE):
            columns = self.get_columns(fs)
            widths = [max(m.width for m in col) for col in columns.values()]
            heights = [max(col[r].height for col in columns.values()) for r in range(len(self.names) + 2)]
            ncols, nrows = len(widths), len(heights)
            room_x = SAFE_WIDTH - sum(widths)
            room_y = self.table_top - self.table_bottom - sum(heights)
            if room_x >= 0.3 * (ncols - 1) and room_y >= 0.15 * (nrows - 1):
                break
        col_buff = min(1.2, room_x / (ncols - 1))
        row_buff = min(0.8, room_y / (nrows - 1))
        cells = [col[r] for r in range(nrows) for col in columns.values()]
        table = VGroup(*cells).arrange_in_grid(
            rows=nrows, cols=ncols, buff=(col_buff, row_buff), col_alignments="r" + "c" * (ncols - 1)
        )
        table.move_to(np.array([0, (self.table_top + self.table_bottom) / 2, 0]))
        self.table_font_size = fs
        groups = {key: VGroup(*col) for key, col in columns.items()}
        self.rows = {key: VGroup(*col[1:-1]) for key, col in groups.items()}
        self.sums = {key: col[-1] for key, col in groups.items()}
        self.headers = {key: col[0] for key, col in groups.items()}
        self.non_finite = [m for key in ("naive_exp", "naive_p") for m in groups[key][1:]
                           if "mathrm" in getattr(m, "tex_string", "")]
        return table, groups

    def get_bars(self, logits: np.ndarray, temperature: float) -> ValueBars:
        p = softmax(logits, temperature=temperature)
        n = len(self.names)
        name_width = max(Tex(escape_tex(s), font_size=LABEL).width for s in self.names)
        slot = max(self.slot_width, name_width / 0.95 + 0.05)  # names keep the label size
        width = min(SAFE_WIDTH, max(self.min_chart_width, n * slot))
        slot = width / n
        bars = ValueBars(
            p, self.names, self.colors, format_probabilities(p, max_decimals=2),
            value_range=(0.0, 1.0), height=self.bar_height, width=width, bar_fill=min(0.6, 1.3 / slot),
        )
        return bars.place(0.0, self.chart_top)

    def get_targets(self, bars: ValueBars, p: np.ndarray) -> VGroup:
        """Two triangles per class beside its bar, tips at the bar's edges, at height ``p_i``."""
        size = 0.2
        markers = VGroup()
        for i, v in enumerate(p):
            level = bars.value_point(i, float(v))
            half = bars.bar_width / 2 + 0.04
            left, right = _triangle_pair(size)
            left.move_to(level + (half + size / 2) * LEFT)
            right.move_to(level + (half + size / 2) * RIGHT)
            markers.add(VGroup(left, right))
        return markers

    # --- beats --------------------------------------------------------------

    def compute(self, key: str, with_sum: bool = False) -> list[Animation]:
        """The column ``key`` is computed: its header lights up and its cells (and sum) appear one by one."""
        cells = [*self.rows[key], self.sums[key]] if with_sum else list(self.rows[key])
        return [self.headers[key].animate.set_color(TEXT_COLOR),  # type: ignore[list-item]
                LaggedStart(*(FadeIn(m, scale=1.4) for m in cells), lag_ratio=0.4)]

    def play_huge_logits(self) -> None:
        d = self.logit_decimals
        base = VGroup(*(MathTex(format_number(v, d), font_size=self.table_font_size).move_to(cell)
                        for v, cell in zip(self.base_logits, self.rows["logits"], strict=True)))
        plus = MathTex(f"+\\,{format_number(self.shift, 0)}", font_size=BODY, color=HIGHLIGHT_COLOR)
        plus.next_to(self.rows["logits"], RIGHT, buff=0.25)
        steps = [self.headers[k] for k in self.columns if k not in ("names", "logits")]
        for header in steps:  # the plan: every step's column, dimmed until it is computed
            header.set_color(MUTED_COLOR)
        with self.voiceover("huge", shift=format_number(self.shift, 0)):
            self.play(FadeIn(self.title), LaggedStart(*(FadeIn(m, shift=0.2 * DOWN) for m in self.rows["names"]),
                                                        lag_ratio=0.3),
                      FadeIn(self.headers["logits"]), FadeIn(base), run_time=1.5)
            self.play(LaggedStart(*(FadeIn(h) for h in steps), lag_ratio=0.3), run_time=1.5)
            self.play(FadeIn(plus, shift=0.3 * LEFT), run_time=0.8)
            self.play(*(ReplacementTransform(b, c) for b, c in zip(base, self.rows["logits"], strict=True)),
                      run_time=MOVE)
            self.play(FadeOut(plus), run_time=0.6)

    def play_naive(self) -> None:
        threshold = format_number(exp_overflow_threshold(), 2)
        self.overflow_note = Tex(
            rf"$e^x$ is too large for a 64-bit float once $x > {threshold}$", font_size=FOOTNOTE, color=MUTED_COLOR
        ).to_edge(DOWN, buff=0.35)
        top = int(np.argmax(self.logits))
        with self.voiceover("overflow", max=format_number(self.logits[top], self.logit_decimals)):
            self.play(Indicate(self.rows["logits"][top], color=HIGHLIGHT_COLOR), run_time=1.2)
            self.play(*self.compute("naive_exp", with_sum=True), FadeIn(self.columns["names"][-1]), run_time=2.0)
        with self.voiceover("threshold", threshold=threshold):
            self.play(FadeIn(self.overflow_note, shift=0.2 * UP), run_time=1.0)
            self.play(Indicate(self.rows["naive_exp"], color=TEXT_COLOR), run_time=1.0)
        all_nan = bool(np.isnan(self.naive.probs).all())
        with self.voiceover("nan" if all_nan else "nan_some") as beat:
            self.play(*self.compute("naive_p"), run_time=1.5)
            self.naive_box = SurroundingRectangle(self.rows["naive_p"], color=TEXT_COLOR, buff=0.18)
            self.wait_frames(beat.duration - 2.5 - beat.elapsed())  # "nan": the line's last words
            self.play(Create(self.naive_box), run_time=MOVE)

    def play_stable(self) -> None:
        with self.voiceover("subtract"):
            self.play(self.headers["shifted"].animate.set_color(TEXT_COLOR), run_time=0.6)
            self.play(LaggedStart(*(ReplacementTransform(a.copy(), b)
                                    for a, b in zip(self.rows["logits"], self.rows["shifted"], strict=True)),
                                  lag_ratio=0.3), run_time=2.0)
        with self.voiceover("stable", total=self.sums["stable_exp"].tex_string):
            self.play(*self.compute("stable_exp", with_sum=True), run_time=2.0)
        probs = [m.tex_string for m in self.rows["stable_p"]]
        with self.voiceover("same_probs", probs=spoken_list(probs)):  # type: ignore[arg-type]
            self.play(*self.compute("stable_p", with_sum=True), run_time=1.5)
            self.stable_box = SurroundingRectangle(self.rows["stable_p"], color=HIGHLIGHT_COLOR, buff=0.18)
            self.play(Create(self.stable_box), run_time=MOVE)

    def play_overconfidence(self) -> None:
        self.confident_logits = overconfident_logits(self.base_logits, self.overconfidence)
        self.temperature = ValueTracker(1.0)
        self.bars = self.get_bars(self.confident_logits, 1.0)
        d = display_decimals(self.confident_logits)
        self.z_labels = VGroup(*(
            MathTex(format_number(v, d), font_size=LABEL).move_to(np.array([self.bars.slot_center_x(i), 0, 0]))
            for i, v in enumerate(self.confident_logits)
        ))
        names_bottom = min(m.get_bottom()[1] for m in self.bars.name_labels)
        self.z_labels.set_y(names_bottom - 0.3, direction=UP)
        self.z_row_label = MathTex("z", font_size=LABEL, color=MUTED_COLOR)
        self.z_row_label.next_to(self.z_labels[0], LEFT, buff=0.6)

        self.temperature_label = MathTex("T = ", font_size=BODY)
        self.temperature_value = DecimalNumber(1.0, num_decimal_places=1, font_size=BODY)
        self.formula = MathTex(r"p = \mathrm{softmax}(z / T)", font_size=BODY)
        sample = VGroup(self.get_targets_sample(), Tex("the lecture's example", font_size=LABEL,
                                                      color=HIGHLIGHT_COLOR)).arrange(RIGHT, buff=0.2)
        self.targets_label = sample
        self.t_readout = VGroup(self.temperature_label, self.temperature_value).arrange(RIGHT, buff=0.15)
        self.legend = VGroup(self.formula, self.t_readout, self.targets_label).arrange(RIGHT, buff=0.9)
        self.legend.move_to(np.array([0, self.chart_top + 0.95, 0]))
        self.temperature_value.next_to(self.temperature_label, RIGHT, buff=0.15)

        self.overconfident_title = title("Overconfidence and temperature scaling")
        top = int(np.argmax(self.confident_logits))
        shown_before = self.rows["stable_p"][top].tex_string
        table_parts = [self.table, self.overflow_note, self.naive_box, self.stable_box]
        with self.voiceover("overconfident", factor=format_number(self.overconfidence, 0), top=self.names[top],
                            p=self.bars.label_strings[top], p_before=shown_before):
            self.play(*(FadeOut(m) for m in table_parts), FadeOut(self.title), FadeIn(self.overconfident_title),
                      run_time=1.0)
            self.play(Create(self.bars.baseline), FadeIn(self.bars.name_labels), FadeIn(self.z_row_label),
                      LaggedStart(*(FadeIn(m, shift=0.2 * DOWN) for m in self.z_labels), lag_ratio=0.3),
                      run_time=1.5)
            self.play(LaggedStart(*(GrowFromEdge(b, DOWN) for b in self.bars.bars), lag_ratio=0.3),
                      FadeIn(self.bars.value_labels), run_time=2.5)
            self.play(FadeIn(self.formula), FadeIn(self.t_readout), run_time=1.0)
            self.play(Indicate(self.bars.value_labels[top], color=HIGHLIGHT_COLOR), run_time=1.0)
            self.add(self.bars)  # the whole chart, so its updater runs during the sweep

    def get_targets_sample(self) -> VGroup:
        """The legend's picture of a marker: the two triangles, as beside a bar."""
        return VGroup(*_triangle_pair(0.2)).arrange(RIGHT, buff=0.3)

    def play_temperature_scaling(self) -> None:
        t_final = self.final_temperature
        self.targets = self.get_targets(self.bars, softmax(self.base_logits))
        with self.voiceover("targets"):
            self.play(FadeIn(self.targets_label), run_time=0.8)
            self.play(LaggedStart(*(FadeIn(m, scale=0.5) for m in self.targets), lag_ratio=0.3), run_time=1.5)

        def follow(bars: ValueBars) -> None:
            p = softmax(self.confident_logits, temperature=self.temperature.get_value())
            bars.set_values(p, format_probabilities(p, max_decimals=2))  # a sweep: one precision throughout

        def follow_t(m: DecimalNumber) -> None:
            show_number(m, float(format_number(self.temperature.get_value(), 1)))
            m.next_to(self.temperature_label, RIGHT, buff=0.15)

        self.bars.add_updater(follow)  # type: ignore[arg-type]
        self.temperature_value.add_updater(follow_t)  # type: ignore[arg-type]
        with self.voiceover("scaling") as beat:
            self.wait_frames(0.4 * beat.duration - beat.elapsed())  # "As T grows": the line's second sentence
            # a steady sweep of T: long enough to watch every bar reach its marks
            self.play(self.temperature.animate.set_value(t_final), run_time=4.0, rate_func=linear)
        self.bars.remove_updater(follow)  # type: ignore[arg-type]
        self.temperature_value.clear_updaters()
        follow(self.bars)
        with self.voiceover("back", t=format_number(t_final, 0)):
            self.play(Indicate(self.t_readout, color=HIGHLIGHT_COLOR), run_time=1.2)
            self.play(LaggedStart(*(Indicate(t, color=TEXT_COLOR, scale_factor=1.5)
                                    for pair in self.targets for t in pair), lag_ratio=0.2),
                      run_time=2.0)


def _triangle_pair(size: float) -> tuple[Triangle, Triangle]:
    """Two filled triangles ``size`` wide and tall, the first pointing right, the second left."""
    left = Triangle(fill_color=HIGHLIGHT_COLOR, fill_opacity=1, stroke_width=0).rotate(-np.pi / 2)
    left.stretch_to_fit_width(size).stretch_to_fit_height(size)
    return left, left.copy().rotate(np.pi)
