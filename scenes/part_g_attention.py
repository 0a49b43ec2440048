"""Part G, softmax at work: softmax inside attention.

:class:`AttentionWeights` shows one query scoring a few keys (``q . k / sqrt(d)``),
softmax turning the scores into weights, and the output mixing the values; then the
divisor is swept like a temperature. Every number comes from
:func:`softmax_anim.attention.attention`. Keys and values are not the lecture's
classes: they are drawn in the neutral colour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Arrow,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Line,
    ManimColor,
    MathTex,
    Mobject,
    NumberPlane,
    Transform,
    ValueTracker,
    VGroup,
)

from scenes.kit.bars import ValueBars
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, hold_until
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, NEUTRAL_COLOR, params_or_exit
from scenes.kit.text import FOOTNOTE, LABEL, show_number, title
from softmax_anim import format_number
from softmax_anim.attention import Attention, attention
from softmax_anim.formatting import FormattedSum, format_probability_sum, rounded

WEIGHT_DECIMALS = 3  # attention weights: where two decimals do not add up to 1 at rest
Updater = Callable[[Any], object]


class AttentionWeights(NarratedScene):
    """A query scores keys (``q . k / sqrt(d)``), softmax gives weights, the output mixes the values.

    Attributes
    ----------
    divisor : ValueTracker
        What the dot products are divided by (``sqrt(d)`` at rest).
    readout : Attention
        :func:`softmax_anim.attention.attention` at the current divisor.
    key_plane, value_plane : NumberPlane
        Query and keys; values and the output. Both map data ``(x, y)`` with ``c2p``.
    query_arrow : Arrow
    key_arrows : VGroup
    value_dots : VGroup
    output_dot : Dot
        At ``value_plane.c2p(*output)``.
    links : VGroup
        Lines from the output to each value, thicker for a larger weight.
    weight_chart : ValueBars
        The weights, labels from :func:`softmax_anim.format_probabilities`.
    score_labels : VGroup
        One :class:`~manim.DecimalNumber` per key under its name: the score.
    output_coords : VGroup
        The output's two coordinates as shown.
    divisor_value : DecimalNumber
        The divisor as shown during the sweep.
    """

    plane_size = 3.6
    plane_x = 4.6
    chart_width = 3.6
    coord_limit = 3.0
    sweep_time = 3.0  # one sweep of the divisor: weights, scores and the output move together while the eye follows

    def construct(self) -> None:
        a = params_or_exit().attention
        self.params = a
        self.divisor = ValueTracker(attention(a.query, a.keys, a.values).divisor)  # sqrt(d) at rest

        self.next_section("Query and keys")
        self.show_query_and_keys()

        self.next_section("Scores")
        self.show_scores()

        self.next_section("Weights")
        self.show_weights()

        self.next_section("Output")
        self.show_output()

        self.next_section("Sharpen and flatten")
        self.sweep_divisor()
        self.final_hold()

    # --- math for the current frame ---------------------------------------------

    @property
    def readout(self) -> Attention:
        a = self.params
        return attention(a.query, a.keys, a.values, self.divisor.get_value())

    # --- builders -------------------------------------------------------------

    def get_plane(self, x: float) -> NumberPlane:
        lim = self.coord_limit
        plane = NumberPlane(x_range=[-lim, lim, 1], y_range=[-lim, lim, 1], x_length=self.plane_size,
                            y_length=self.plane_size, background_line_style={"stroke_color": MUTED_COLOR,
                                                                             "stroke_opacity": 0.35,
                                                                             "stroke_width": 1},
                            axis_config={"stroke_color": MUTED_COLOR, "stroke_width": 2})
        return plane.move_to(RIGHT * x + DOWN * 0.6)

    def vector_label(self, tex: str, tip: np.ndarray, origin: np.ndarray, color: ManimColor) -> MathTex:
        label = MathTex(tex, font_size=LABEL, color=color)
        direction = (tip - origin) / max(np.linalg.norm(tip - origin), 1e-9)
        return label.move_to(tip + direction * 0.32)

    def get_keys(self) -> VGroup:
        a, plane = self.params, self.key_plane
        o = plane.c2p(0, 0)
        self.query_arrow = Arrow(o, plane.c2p(*a.query), buff=0, color=HIGHLIGHT_COLOR, stroke_width=6)
        self.query_label = self.vector_label("q", plane.c2p(*a.query), o, HIGHLIGHT_COLOR)
        self.key_arrows = VGroup(*(Arrow(o, plane.c2p(*k), buff=0, color=NEUTRAL_COLOR, stroke_width=4)
                                   for k in a.keys))
        self.key_labels = VGroup(*(self.vector_label(f"k_{i + 1}", plane.c2p(*k), o, NEUTRAL_COLOR)
                                   for i, k in enumerate(a.keys)))
        return VGroup(self.key_arrows, self.key_labels, self.query_arrow, self.query_label)

    def get_weight_chart(self) -> ValueBars:
        r = self.readout
        n = len(r.weights)
        chart = ValueBars(r.weights, [str(i + 1) for i in range(n)], [NEUTRAL_COLOR.to_hex()] * n,
                          self.weight_labels(r.weights).terms, value_range=(0.0, 1.0), height=2.2,
                          width=self.chart_width, font_size=FOOTNOTE)
        for i, name in enumerate(chart.name_labels):  # k_1, k_2, ... as in the key plane
            name.become(MathTex(f"k_{i + 1}", font_size=LABEL, color=NEUTRAL_COLOR).move_to(name))
        chart.shift(np.array([0.15, -0.75, 0.0]) - chart.baseline.get_center())
        return chart

    @staticmethod
    def weight_labels(weights: np.ndarray) -> FormattedSum:
        """The weights as shown, with their total: three decimals throughout the sweep (honest-number rule)."""
        return format_probability_sum(weights, WEIGHT_DECIMALS, WEIGHT_DECIMALS)

    def sum_tex(self, approximate: bool) -> MathTex:
        sign = r"\approx" if approximate else "="
        return MathTex(r"\textstyle\sum " + sign + " " + format_number(1.0, WEIGHT_DECIMALS), font_size=FOOTNOTE,
                       color=MUTED_COLOR)

    def get_score_row(self) -> VGroup:
        r = self.readout
        chart = self.weight_chart
        y = chart.name_labels.get_bottom()[1] - 0.45
        self.score_labels = VGroup(*(DecimalNumber(rounded(s, 2), num_decimal_places=2,
                                                   font_size=FOOTNOTE).move_to((chart.slot_center_x(i), y, 0))
                                     for i, s in enumerate(r.scores)))
        return self.score_labels

    def score_heading(self, divisor_tex: str) -> MathTex:
        heading = MathTex(r"\frac{q \cdot k}{" + divisor_tex + "}", font_size=LABEL)
        return heading.next_to(self.score_labels, LEFT, buff=0.3)

    def get_values(self) -> VGroup:
        a, plane = self.params, self.value_plane
        self.value_dots = VGroup(*(Dot(plane.c2p(*v), color=NEUTRAL_COLOR, radius=0.09) for v in a.values))
        centre = plane.c2p(0, 0)
        self.value_labels = VGroup(*(self.vector_label(f"v_{i + 1}", plane.c2p(*v), centre, NEUTRAL_COLOR)
                                     for i, v in enumerate(a.values)))
        return VGroup(self.value_dots, self.value_labels)

    def get_output_label(self) -> VGroup:
        self.output_coords = VGroup(*(DecimalNumber(0, num_decimal_places=2, font_size=FOOTNOTE,
                                                    color=HIGHLIGHT_COLOR) for _ in self.readout.output))
        parts = [MathTex("o = (", font_size=FOOTNOTE, color=HIGHLIGHT_COLOR), self.output_coords[0],
                 MathTex(",", font_size=FOOTNOTE, color=HIGHLIGHT_COLOR), self.output_coords[1],
                 MathTex(")", font_size=FOOTNOTE, color=HIGHLIGHT_COLOR)]
        label = VGroup(*parts).next_to(self.value_plane, DOWN, buff=0.25)
        self.label_centre = label.get_center()
        self.set_output_label(label)
        return label

    def set_output_label(self, label: VGroup) -> None:
        """Show the output's coordinates by the formatting rule, then re-space the parts around them."""
        for coord, v in zip(self.output_coords, self.readout.output, strict=True):
            show_number(coord, rounded(v, 2))
        label.arrange(RIGHT, buff=0.08)
        label[2].align_to(label[1], DOWN).shift(0.5 * label[2].height * DOWN)  # the comma hangs below the digits
        label.move_to(self.label_centre)

    def update_links(self, links: VGroup) -> None:
        w = self.readout.weights
        for line, dot, weight in zip(links, self.value_dots, w, strict=True):
            line.put_start_and_end_on(self.output_dot.get_center(), dot.get_center())
            line.set_stroke(width=1 + 7 * float(weight), opacity=0.25 + 0.75 * float(weight))

    # --- updaters: each drawn mobject redraws itself from the divisor ------------

    def follow_divisor(self) -> list[tuple[Mobject, Updater]]:
        chart, plane = self.weight_chart, self.value_plane

        def bars(m: ValueBars) -> None:
            w = self.readout.weights
            m.set_values(w, self.weight_labels(w).terms)

        def scores(m: VGroup) -> None:
            for i, (label, v) in enumerate(zip(m, self.readout.scores, strict=True)):
                show_number(label, rounded(v, 2))
                label.move_to((chart.slot_center_x(i), label.get_y(), 0))

        def dot(m: Dot) -> None:
            m.move_to(plane.c2p(*self.readout.output))

        def divisor(m: DecimalNumber) -> None:
            show_number(m, rounded(self.divisor.get_value(), 2))
            m.next_to(self.divisor_name, RIGHT, buff=0.15)

        return [(chart, bars), (self.score_labels, scores), (self.output_dot, dot),
                (self.links, self.update_links),
                (self.output_label, self.set_output_label), (self.divisor_value, divisor)]

    # --- beats ----------------------------------------------------------------

    def show_query_and_keys(self) -> None:
        self.title = title("Softmax inside attention")
        self.formula = MathTex(r"o = \sum_i \mathrm{softmax}\!\left(\frac{q \cdot k_i}{\sqrt{d}}\right) v_i",
                               font_size=LABEL).next_to(self.title, DOWN, buff=0.25)
        self.key_plane = self.get_plane(-self.plane_x)
        self.keys = self.get_keys()
        with self.voiceover("query") as beat:
            self.play(FadeIn(self.title), FadeIn(self.key_plane), run_time=GLANCE)
            hold_until(self, beat, "A query vector")
            self.play(FadeIn(self.query_arrow), FadeIn(self.query_label), run_time=GLANCE)
        with self.voiceover("keys", n=str(len(self.params.keys))):
            self.play(FadeIn(self.key_arrows), FadeIn(self.key_labels), run_time=GLANCE)

    def show_scores(self) -> None:
        r = self.readout
        self.weight_chart = self.get_weight_chart()
        self.score_row = self.get_score_row()
        self.scores_heading = self.score_heading(r"\sqrt{d}")
        best, worst = int(np.argmax(r.scores)), int(np.argmin(r.scores))
        with self.voiceover("scores", d=str(r.dimension), best=str(best + 1), s_best=format_number(r.scores[best], 2),
                            worst=str(worst + 1), s_worst=format_number(r.scores[worst], 2)):
            self.play(FadeIn(self.formula), FadeIn(self.weight_chart.name_labels), run_time=GLANCE)
            self.play(FadeIn(self.score_row), FadeIn(self.scores_heading), run_time=GLANCE)

    def show_weights(self) -> None:
        chart = self.weight_chart
        r = self.readout
        self.sum_label = self.sum_tex(self.weight_labels(r.weights).approximate)
        self.sum_label.move_to(chart.value_point(len(r.weights) - 1, 0.75) + RIGHT * 0.5 * chart.slot,
                               aligned_edge=RIGHT)
        best = int(np.argmax(r.weights))
        with self.voiceover("weights", best=str(best + 1), w_best=chart.label_strings[best]) as beat:
            self.play(FadeIn(chart.baseline), *(GrowFromEdge(b, DOWN) for b in chart.bars),
                      FadeIn(chart.value_labels), run_time=MOVE)
            chart.gather(self)
            hold_until(self, beat, "adding up to one")
            self.play(FadeIn(self.sum_label), run_time=GLANCE)

    def show_output(self) -> None:
        self.value_plane = self.get_plane(self.plane_x)
        self.values_group = self.get_values()
        plane = self.value_plane
        self.output_dot = Dot(plane.c2p(*self.readout.output), color=HIGHLIGHT_COLOR, radius=0.12)
        self.links = VGroup(*(Line(self.output_dot.get_center(), d.get_center(), color=HIGHLIGHT_COLOR)
                              for d in self.value_dots))
        self.output_label = self.get_output_label()
        self.update_links(self.links)
        with self.voiceover("values"):
            self.play(FadeIn(plane), FadeIn(self.values_group), run_time=GLANCE)
        with self.voiceover("output"):
            self.play(FadeIn(self.links), FadeIn(self.output_dot), FadeIn(self.output_label), run_time=GLANCE)

    def sweep_divisor(self) -> None:
        lo, hi = self.params.sweep
        rest = self.divisor.get_value()
        self.divisor_name = MathTex(r"\tau =", font_size=LABEL)
        self.divisor_value = DecimalNumber(rounded(rest, 2), num_decimal_places=2, font_size=LABEL,
                                           color=HIGHLIGHT_COLOR)
        readout = VGroup(self.divisor_name, self.divisor_value).arrange(RIGHT, buff=0.15)
        readout.next_to(self.key_plane, DOWN, buff=0.25)
        new_heading = self.score_heading(r"\tau")
        new_formula = MathTex(r"o = \sum_i \mathrm{softmax}\!\left(\frac{q \cdot k_i}{\tau}\right) v_i",
                              font_size=LABEL).move_to(self.formula)
        with self.voiceover("temperature", rest=format_number(rest, 2)):
            # the total comes back at rest, where the shown weights add up to it exactly
            self.play(Transform(self.formula, new_formula), Transform(self.scores_heading, new_heading),
                      FadeIn(readout), FadeOut(self.sum_label), run_time=MOVE)
        with self.voiceover("sharpen", low=format_number(lo, 2)):
            self.sweep_divisor_to(lo)
        with self.voiceover("flatten", high=format_number(hi, 2)):
            self.sweep_divisor_to(hi)
        with self.voiceover("why_sqrt_d"):
            self.sweep_divisor_to(rest)
        self.play(FadeIn(self.sum_label), run_time=0.5)

    def sweep_divisor_to(self, divisor: float) -> None:
        """Move the divisor to ``divisor`` with every drawn piece following it; the updaters only while it moves."""
        followers = self.follow_divisor()
        for mob, updater in followers:
            mob.add_updater(updater)
        self.play(self.divisor.animate.set_value(divisor), run_time=self.sweep_time)
        for mob, updater in followers:
            mob.remove_updater(updater)
            updater(mob)  # at the divisor reached
