"""Part F: large logits overflow a naive softmax; subtracting the maximum fixes it; temperature scaling.

The lecture's logits plus a large shift (1000, 999, 998.1 by default) go
through softmax twice: straight from the formula, where ``e^1000`` overflows to
``inf`` and ``inf / inf`` is ``nan``, and after subtracting the maximum, which
gives the lecture's probabilities. Every cell of the table is computed by
:mod:`softmax_anim.overflow`. Then the same example with every gap widened
(overconfidence) and temperature scaling bringing it back.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORANGE,
    ORIGIN,
    RIGHT,
    UP,
    DashedLine,
    DecimalNumber,
    FadeIn,
    FadeOut,
    Indicate,
    MathTex,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
)

from scenes.kit.curves import NarratedScene, ProbabilityBars, value_tex
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, class_color, label_tex, params_or_exit
from softmax_anim import format_number, format_probabilities, softmax
from softmax_anim.formatting import format_probability_sum
from softmax_anim.overflow import (
    exp_overflow_threshold,
    naive_softmax_steps,
    overconfident_logits,
    stable_softmax_steps,
)

ERROR_COLOR = ORANGE  # inf and nan: distinct from the class colours


class LargeLogits(NarratedScene):
    """Overflow of the naive formula, the max-subtracted softmax, overconfidence and temperature scaling.

    Attributes
    ----------
    logits : numpy.ndarray
        The large logits: the lecture's logits plus :attr:`shift`.
    naive, stable : softmax_anim.overflow.SoftmaxSteps
        Both computations, every intermediate number.
    table : VGroup
        The grid of rows (see :attr:`rows`), columns: row label, one per class, sum.
    rows : dict of str to VGroup
        ``"header"``, ``"logits"``, ``"naive_exp"``, ``"naive_p"``, ``"shifted"``,
        ``"stable_exp"``, ``"stable_p"``; each row's entries in column order.
    confident_logits : numpy.ndarray
        The lecture's logits times :attr:`overconfidence`.
    bars : ProbabilityBars
        ``softmax(confident_logits, T)``, following :attr:`temperature`.
    targets : VGroup
        Dashed markers at the lecture's probabilities ``softmax(logits of the lecture)``.
    temperature : ValueTracker
    """

    logit_decimals = 1
    overconfidence = 10.0  # every gap this many times wider
    final_temperature = 10.0
    font_size = 34

    def construct(self) -> None:
        params = params_or_exit()
        self.names = params.logits.names
        self.colors = params.logits.colors
        self.base_logits = np.asarray(params.logits.values)
        self.shift = params.large_logits.shift  # added to every logit of the lecture
        self.logits = self.base_logits + self.shift
        self.naive = naive_softmax_steps(self.logits)
        self.stable = stable_softmax_steps(self.logits)

        self.next_section("Huge logits")
        self.title = label_tex("Large logits", font_size=44).to_edge(UP, buff=0.35)
        self.table, self.rows = self.get_table()
        self.play(FadeIn(self.title), FadeIn(self.rows["header"]), FadeIn(self.rows["logits"]),
                  FadeIn(self.row_labels["header"]), FadeIn(self.row_labels["logits"]),
                  subcaption=f"Add {format_number(self.shift, 0)} to every logit of the lecture's example. "
                  "Softmax should not change.")

        self.next_section("Naive formula overflows")
        self.play_naive()

        self.next_section("Subtract the maximum")
        self.play_stable()

        self.next_section("Overconfidence")
        self.play(FadeOut(self.table), FadeOut(self.overflow_note), FadeOut(self.naive_box), FadeOut(self.stable_box))
        self.play_overconfidence()

        self.next_section("Temperature scaling")
        self.play_temperature_scaling()

    # --- builders -----------------------------------------------------------

    def get_table(self) -> tuple[VGroup, dict[str, VGroup]]:
        fs = self.font_size
        d = self.logit_decimals
        blank = VMobject
        self.row_labels = {
            "header": blank(),
            "logits": MathTex("z", font_size=fs),
            "naive_exp": MathTex(r"e^{z}", font_size=fs),
            "naive_p": MathTex(r"p = e^{z} / \textstyle\sum", font_size=fs),
            "shifted": MathTex(r"z - \max z", font_size=fs),
            "stable_exp": MathTex(r"e^{z - \max z}", font_size=fs),
            "stable_p": MathTex(r"p = e^{z - \max z} / \textstyle\sum", font_size=fs),
        }
        p_shown = format_probability_sum(self.stable.probs)
        rows = {
            "header": [label_tex(n, font_size=fs, color=class_color(c)) for n, c in zip(self.names, self.colors)]
            + [MathTex(r"\textstyle\sum", font_size=fs, color=MUTED_COLOR)],
            "logits": [value_tex(v, d, font_size=fs) for v in self.logits] + [blank()],
            "naive_exp": [value_tex(v, 2, font_size=fs) for v in self.naive.exps]
            + [value_tex(self.naive.total, 2, font_size=fs)],
            "naive_p": [value_tex(v, 2, font_size=fs) for v in self.naive.probs] + [blank()],
            "shifted": [value_tex(v, d, font_size=fs) for v in self.stable.shifted] + [blank()],
            "stable_exp": [value_tex(v, 2, font_size=fs) for v in self.stable.exps]
            + [value_tex(self.stable.total, 2, font_size=fs)],
            "stable_p": [MathTex(s, font_size=fs) for s in p_shown.terms]
            + [MathTex((r"\approx " if p_shown.approximate else "") + p_shown.total, font_size=fs)],
        }
        for key in ("naive_exp", "naive_p"):
            for m, v in zip(rows[key], [*self.naive.exps, self.naive.total], strict=False):
                if not np.isfinite(v):
                    m.set_color(ERROR_COLOR)
        cells = []
        for key, entries in rows.items():
            cells += [self.row_labels[key], *entries]
        ncols = len(self.names) + 2
        table = VGroup(*cells).arrange_in_grid(
            rows=len(rows), cols=ncols, buff=(0.55, 0.32), col_alignments="r" + "c" * (ncols - 1)
        )
        table.move_to(DOWN * 0.35)
        return table, {k: VGroup(*v) for k, v in rows.items()}

    def get_bars(self, logits: np.ndarray, temperature: float) -> ProbabilityBars:
        p = softmax(logits, temperature=temperature)
        return ProbabilityBars(p, format_probabilities(p), self.names, self.colors, height=3.6, width=5.0)

    # --- beats --------------------------------------------------------------

    def play_naive(self) -> None:
        threshold = format_number(exp_overflow_threshold(), 2)
        self.overflow_note = label_tex(
            rf"$e^x$ is too large for a 64-bit float once $x > {threshold}$", font_size=28, color=MUTED_COLOR
        ).to_edge(DOWN, buff=0.35)
        self.play(FadeIn(self.row_labels["naive_exp"]), FadeIn(self.rows["naive_exp"]),
                  subcaption=f"Straight from the formula, e to the {format_number(self.logits.max(), 0)} is too large "
                  "for the computer: it returns inf, infinity.")
        self.play(FadeIn(self.overflow_note), subcaption=f"Any exponent above {threshold} overflows.")
        self.play(FadeIn(self.row_labels["naive_p"]), FadeIn(self.rows["naive_p"]),
                  subcaption="Infinity divided by infinity is not a number: every probability is nan.")
        self.naive_box = SurroundingRectangle(self.rows["naive_p"][:-1], color=ERROR_COLOR, buff=0.1)
        self.play(FadeIn(self.naive_box), run_time=0.6)
        self.wait(0.5)

    def play_stable(self) -> None:
        self.play(FadeIn(self.row_labels["shifted"]), FadeIn(self.rows["shifted"]),
                  subcaption="Instead, subtract the largest logit first. Softmax ignores a common shift.")
        self.play(FadeIn(self.row_labels["stable_exp"]), FadeIn(self.rows["stable_exp"]),
                  subcaption="Now the largest term is e to the 0, which is 1, and nothing overflows.")
        self.play(FadeIn(self.row_labels["stable_p"]), FadeIn(self.rows["stable_p"]),
                  subcaption="The probabilities are exactly those of the lecture's example, "
                  "and they add up to 1.")
        self.stable_box = SurroundingRectangle(self.rows["stable_p"][:-1], color=HIGHLIGHT_COLOR, buff=0.1)
        self.play(FadeIn(self.stable_box), run_time=0.6)
        self.wait(1)

    def play_overconfidence(self) -> None:
        self.confident_logits = overconfident_logits(self.base_logits, self.overconfidence)
        self.temperature = ValueTracker(1.0)
        self.bars = self.get_bars(self.confident_logits, 1.0).move_to(DOWN * 0.3 + RIGHT * 2.6)
        values = ", ".join(format_number(v, self.logit_decimals) for v in self.confident_logits)
        self.confident_label = MathTex(rf"z = ({values})", font_size=38)
        self.temperature_label = MathTex("T = ", font_size=38)
        self.temperature_value = DecimalNumber(1.0, num_decimal_places=1, font_size=38)
        self.temperature_value.next_to(self.temperature_label, RIGHT, buff=0.15)
        formula = MathTex(r"p = \mathrm{softmax}(z / T)", font_size=38)
        self.legend = VGroup(self.confident_label, formula, VGroup(self.temperature_label, self.temperature_value))
        self.legend.arrange(DOWN, aligned_edge=LEFT, buff=0.4).move_to(LEFT * 4.0 + DOWN * 0.2)
        self.temperature_value.next_to(self.temperature_label, RIGHT, buff=0.15)
        self.overconfident_title = label_tex("Overconfidence and temperature scaling", font_size=44)
        self.overconfident_title.move_to(self.title)
        self.play(FadeOut(self.title), FadeIn(self.overconfident_title), FadeIn(self.bars),
                  Write(self.confident_label), FadeIn(formula),
                  FadeIn(self.temperature_label), FadeIn(self.temperature_value),
                  subcaption=f"Same ranking, gaps {format_number(self.overconfidence, 0)} times wider: "
                  "the model is all but certain. Overtrained models often look like this.")

    def play_temperature_scaling(self) -> None:
        t_final = self.final_temperature
        self.targets = self.bars.level_markers(softmax(self.base_logits), color=HIGHLIGHT_COLOR, stroke_width=3)
        sample = DashedLine(ORIGIN, 0.6 * RIGHT, color=HIGHLIGHT_COLOR, stroke_width=3)
        text = label_tex("the lecture's example", font_size=30, color=HIGHLIGHT_COLOR)
        self.targets_label = VGroup(sample, text).arrange(RIGHT, buff=0.2)
        self.targets_label.next_to(self.legend, DOWN, buff=0.6, aligned_edge=LEFT)
        self.play(FadeIn(self.targets), FadeIn(self.targets_label),
                  subcaption="The dashed lines mark the probabilities of the lecture's example.")

        def follow(bars: ProbabilityBars) -> None:
            p = softmax(self.confident_logits, temperature=self.temperature.get_value())
            bars.set_probs(p, format_probabilities(p, max_decimals=2))  # a sweep: one precision throughout

        self.bars.add_updater(follow)
        self.temperature_value.add_updater(
            lambda m: m.set_value(float(format_number(self.temperature.get_value(), 1))).next_to(
                self.temperature_label, RIGHT, buff=0.15
            )
        )
        self.play(self.temperature.animate.set_value(t_final), run_time=5, rate_func=linear,
                  subcaption="Temperature scaling divides the logits by one number T. "
                  "The ranking never changes, only the confidence.")
        self.bars.remove_updater(follow)
        self.temperature_value.clear_updaters()
        self.play(Indicate(self.targets, color=HIGHLIGHT_COLOR),
                  subcaption=f"At T = {format_number(t_final, 0)} the probabilities are back to the "
                  "lecture's example. In practice T is fitted on held-out data.")
        self.wait(1)
