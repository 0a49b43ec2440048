"""Part H, softmax's family: the derivative of softmax, a grid of how every probability answers every logit.

:class:`SoftmaxJacobian` nudges one logit of the lecture's example: every bar moves, and the change per unit
of nudge settles, as the nudge shrinks, on one column of the Jacobian ``dp_i/dz_j = p_i (delta_ij - p_j)``,
shown next as the whole grid with each row's total of zero. The two-class case closes it:
``sigma (1 - sigma)``. Every number comes from :mod:`softmax_anim.derivative` and
:func:`softmax_anim.activations.softmax_jacobian`.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    DecimalNumber,
    FadeIn,
    FadeOut,
    Indicate,
    MathTable,
    MathTex,
    Mobject,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    Write,
    config,
)

from lecture_voice import spoken_list
from scenes.kit.bars import ValueBars
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE, hold_until
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, class_color, params_or_exit
from scenes.kit.text import FOOTNOTE, LABEL, escape_tex, show_number, title
from softmax_anim import format_number, softmax
from softmax_anim.activations import sigmoid, softmax_jacobian
from softmax_anim.derivative import difference_quotient, format_jacobian
from softmax_anim.formatting import rounded

DECIMALS = 3  # the Jacobian's entries are small: 0.225, -0.024


class SoftmaxJacobian(NarratedScene):
    """Nudge one logit, watch every bar move, then the 3 x 3 Jacobian with rows that add up to zero.

    Attributes
    ----------
    logits, probs, jacobian : numpy.ndarray
        The lecture's logits, ``softmax`` of them, and ``softmax_jacobian`` there.
    nudge : ValueTracker
        How far logit :attr:`nudged` is raised now; the bars show ``softmax(z + nudge e_j)``.
    chart : ValueBars
        The probabilities for the logits on screen.
    quotients : VGroup
        ``(p(z + nudge e_j) - p(z)) / nudge``, one :class:`DecimalNumber` per class.
    grid : MathTable
        The Jacobian (rows ``p_i``, columns ``z_j``) and, in its last column, each row's total.
    rows : list of softmax_anim.formatting.FormattedSum
        The grid's entries and totals as shown.
    """

    nudged = 0  # the logit that is nudged: cat's
    first_nudge = 0.5  # large enough to see the bars move ...
    last_nudge = 0.001  # ... then shrunk until the quotient shows the derivative to three decimals
    chart_height = 2.6  # scene units for probability 1
    chart_width = 3.6

    def construct(self) -> None:
        params = params_or_exit()
        self.names, self.colors = params.logits.names, params.logits.colors
        self.logits = np.array(params.logits.values)
        self.probs = softmax(self.logits)
        self.jacobian = softmax_jacobian(self.probs)
        self.rows = format_jacobian(self.logits, DECIMALS)
        self.nudge = ValueTracker(0.0)

        self.next_section("Probabilities")
        self.show_probabilities()

        self.next_section("Nudge one logit")
        self.nudge_logit()
        self.shrink_nudge()

        self.next_section("The Jacobian")
        self.show_grid()

        self.next_section("Rows add up to zero")
        self.show_totals()

        self.next_section("Two classes")
        self.show_two_classes()
        self.final_hold()

    # --- the numbers on screen ------------------------------------------------------------------

    def current_probs(self) -> np.ndarray:
        z = self.logits.copy()
        z[self.nudged] += self.nudge.get_value()
        return softmax(z)

    @staticmethod
    def shown_probs(p: np.ndarray) -> list[str]:
        return [format_number(v, DECIMALS) for v in p]  # no total shown: each correctly rounded

    def current_quotients(self) -> np.ndarray:
        return difference_quotient(self.logits, self.nudged, self.nudge.get_value())

    # --- builders ------------------------------------------------------------------------------

    def name_tex(self, k: int) -> str:
        return rf"\text{{{escape_tex(self.names[k])}}}"

    def get_chart(self) -> ValueBars:
        chart = ValueBars(self.probs, self.names, self.colors, self.shown_probs(self.probs), value_range=(0.0, 1.0),
                          height=self.chart_height, width=self.chart_width, font_size=FOOTNOTE)
        chart.shift(np.array([-4.6, -1.0, 0.0]) - chart.baseline.get_center())
        return chart

    def get_formula(self) -> MathTex:
        tex = MathTex(r"\frac{\partial p_i}{\partial z_j} = p_i\,(\delta_{ij} - p_j)", font_size=LABEL)
        return tex.next_to(self.title, DOWN, buff=0.3)

    def get_quotient_row(self) -> VGroup:
        j = self.nudged
        label = MathTex(rf"\frac{{\Delta p}}{{\Delta z_{{{self.name_tex(j)}}}}} =", font_size=FOOTNOTE)
        q = difference_quotient(self.logits, j, self.first_nudge)
        self.quotients = VGroup(*(DecimalNumber(rounded(v, DECIMALS), num_decimal_places=DECIMALS,
                                                font_size=FOOTNOTE, color=class_color(c))
                                  for v, c in zip(q, self.colors, strict=True)))
        self.quotients.arrange(DOWN, aligned_edge=RIGHT, buff=0.18)
        row = VGroup(label, self.quotients).arrange(RIGHT, buff=0.25)
        row.next_to(self.chart, DOWN, buff=0.3)
        self.nudge_label = MathTex(rf"\Delta z_{{{self.name_tex(j)}}} = ", font_size=FOOTNOTE, color=HIGHLIGHT_COLOR)
        self.nudge_value = DecimalNumber(self.first_nudge, num_decimal_places=DECIMALS, font_size=FOOTNOTE,
                                         color=HIGHLIGHT_COLOR)
        self.nudge_value.next_to(self.nudge_label, RIGHT, buff=0.15)
        nudge = VGroup(self.nudge_label, self.nudge_value)
        nudge.move_to(self.chart.range_top + 0.6 * UP, aligned_edge=DOWN).align_to(self.chart, LEFT)
        return row

    def get_grid(self) -> MathTable:
        k = len(self.names)
        entries = [[*row.terms, row.total] for row in self.rows]
        grid = MathTable(
            entries,
            row_labels=[MathTex(rf"p_{{{self.name_tex(i)}}}", color=class_color(self.colors[i]), font_size=FOOTNOTE)
                        for i in range(k)],
            col_labels=[*(MathTex(rf"z_{{{self.name_tex(j)}}}", color=class_color(self.colors[j]), font_size=FOOTNOTE)
                          for j in range(k)), MathTex(r"\text{row sum}", font_size=FOOTNOTE)],
            include_outer_lines=False, h_buff=0.35, v_buff=0.35,
            element_to_mobject_config={"font_size": FOOTNOTE},
            line_config={"stroke_color": MUTED_COLOR, "stroke_width": 1.5},
        )
        right = config.frame_width / 2 - 0.3  # four classes with long names need all the room right of the chart
        grid.move_to(np.array([min(2.75, right - grid.width / 2), -0.55, 0.0]))
        return grid

    def follow(self, mob: Mobject) -> None:
        """Redraw the chart or the quotients for the nudge on screen (an updater of each)."""
        if mob is self.chart:
            p = self.current_probs()
            self.chart.set_values(p, self.shown_probs(p))
        elif mob is self.quotients:
            for label, v in zip(self.quotients, self.current_quotients(), strict=True):
                show_number(label, rounded(v, DECIMALS))
        elif mob is self.nudge_value:
            show_number(self.nudge_value, rounded(self.nudge.get_value(), DECIMALS))

    # --- beats ---------------------------------------------------------------------------------

    def show_probabilities(self) -> None:
        self.title = title("The derivative of softmax")
        self.chart = self.get_chart()
        with self.voiceover("intro", probs=spoken_list(self.shown_probs(self.probs))):
            self.play(FadeIn(self.title), FadeIn(self.chart), run_time=GLANCE)

    def nudge_logit(self) -> None:
        j = self.nudged
        self.quotient_row = self.get_quotient_row()
        p = self.shown_probs(self.probs)
        q_shown = [format_number(v, DECIMALS) for v in difference_quotient(self.logits, j, self.first_nudge)]
        nudged = self.shown_probs(softmax(self.logits + self.first_nudge * np.eye(len(self.logits))[j]))
        with self.voiceover("nudge", name=self.names[j], nudge=format_number(self.first_nudge, DECIMALS), p_old=p[j],
                            p_new=nudged[j]) as beat:
            self.play(FadeIn(self.nudge_label), FadeIn(self.nudge_value), run_time=GLANCE)
            self.nudge_value.add_updater(self.follow)
            self.chart.add_updater(self.follow)
            self.play(self.nudge.animate.set_value(self.first_nudge), run_time=MOVE)
            self.chart.remove_updater(self.follow)
            self.nudge_value.remove_updater(self.follow)
            hold_until(self, beat, "and every other")
            self.play(*(Indicate(m, color=HIGHLIGHT_COLOR) for m in self.chart.value_labels[1:]), run_time=GLANCE)
        with self.voiceover("per_unit", name=self.names[j], quotients=spoken_list(q_shown)):
            self.play(FadeIn(self.quotient_row), run_time=GLANCE)

    def shrink_nudge(self) -> None:
        column = [format_number(v, DECIMALS) for v in self.jacobian[:, self.nudged]]
        followers = (self.chart, self.quotients, self.nudge_value)
        with self.voiceover("shrink", column=spoken_list(column)):
            for mob in followers:
                mob.add_updater(self.follow)
            self.play(self.nudge.animate.set_value(self.last_nudge), run_time=2.5)
            for mob in followers:
                mob.remove_updater(self.follow)
            for mob in followers:
                self.follow(mob)

    def show_grid(self) -> None:
        self.formula = self.get_formula()
        self.grid = self.get_grid()
        k, j = len(self.names), self.nudged
        entries = self.grid.get_entries_without_labels().submobjects
        self.totals = VGroup(*(entries[i * (k + 1) + k] for i in range(k)))  # the last column, row by row
        cells = VGroup(*(m for m in entries if m not in self.totals))
        self.sum_label = self.grid.get_col_labels()[k]
        self.column_box = SurroundingRectangle(VGroup(*(entries[i * (k + 1) + j] for i in range(k))),
                                               color=HIGHLIGHT_COLOR, buff=0.1)
        self.diagonal_boxes = VGroup(*(SurroundingRectangle(entries[i * (k + 1) + i], color=HIGHLIGHT_COLOR,
                                                            buff=0.06) for i in range(k)))
        with self.voiceover("grid", name=self.names[j]) as beat:
            self.play(FadeIn(self.grid.get_row_labels()), FadeIn(self.grid.get_col_labels()[:k]),
                      FadeIn(self.grid.get_horizontal_lines()), FadeIn(self.grid.get_vertical_lines()),
                      FadeIn(cells), run_time=MOVE)
            hold_until(self, beat, "Its column")
            self.play(FadeIn(self.column_box), run_time=GLANCE)
        diagonal = [self.rows[i].terms[i] for i in range(k)]
        with self.voiceover("formula", diagonal=spoken_list(diagonal), off=self.rows[1].terms[0]) as beat:
            self.play(Write(self.formula), FadeOut(self.column_box), run_time=WRITE)
            hold_until(self, beat, "On the diagonal")
            self.play(FadeIn(self.diagonal_boxes), run_time=GLANCE)
            hold_until(self, beat, "Off the diagonal")
            self.play(FadeOut(self.diagonal_boxes), run_time=GLANCE)

    def show_totals(self) -> None:
        with self.voiceover("totals", zero=self.rows[0].total):
            self.play(FadeIn(self.sum_label), FadeIn(self.totals), run_time=GLANCE)

    def show_two_classes(self) -> None:
        z = self.logits[:2]
        s = float(sigmoid(z[0] - z[1]))
        shown = {"s": format_number(s, DECIMALS), "one_minus": format_number(1 - s, DECIMALS),
                 "product": format_number(s * (1 - s), DECIMALS)}
        a, b = (rf"z_{{{self.name_tex(i)}}}" for i in range(2))
        self.two_classes = MathTex(
            rf"\text{{two classes:}}\ \ \frac{{\partial p_{{{self.name_tex(0)}}}}}{{\partial {a}}}"
            rf" = \sigma\,(1 - \sigma)"
            rf" = {shown['s']} \times {shown['one_minus']} = {shown['product']}",
            font_size=LABEL,
        ).to_corner(DOWN + RIGHT, buff=0.3)  # under the grid, clear of the quotients under the chart
        with self.voiceover("two_classes", **shown):
            self.play(Write(self.two_classes), run_time=WRITE)
