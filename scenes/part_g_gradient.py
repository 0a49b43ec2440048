"""Part G, softmax at work: the gradient of cross-entropy on softmax.

:class:`SoftmaxGradient` shows ``dL/dz = p - onehot(y)`` on the lecture's example as
signed bars beside the logits and the probabilities, then takes one gradient step.
Every number comes from :mod:`softmax_anim.gradient` and
:func:`softmax_anim.cross_entropy.cross_entropy`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    DashedLine,
    DecimalNumber,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Indicate,
    MathTex,
    Mobject,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    Write,
)
from numpy.typing import NDArray

from lecture_voice import spoken_list
from scenes.kit.bars import ValueBars
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE, hold_until
from scenes.kit.palette import HIGHLIGHT_COLOR, class_color, params_or_exit
from scenes.kit.text import FOOTNOTE, LABEL, show_number, title
from softmax_anim import format_number, format_probabilities, softmax
from softmax_anim.cross_entropy import cross_entropy
from softmax_anim.formatting import rounded
from softmax_anim.gradient import cross_entropy_gradient, format_gradient, gradient_step


@dataclass(frozen=True, eq=False)
class StepNumbers:
    """The numbers on screen for the logits ``z`` shown now: ``p = softmax(z)``, ``g = p - y`` and the loss."""

    z: NDArray[np.float64]
    p: NDArray[np.float64]
    g: NDArray[np.float64]
    loss: float


class SoftmaxGradient(NarratedScene):
    """``dL/dz = p - onehot(y)`` on the lecture's example as signed bars, then one gradient step.

    Attributes
    ----------
    step : softmax_anim.gradient.GradientStep
        Every number before and after the step.
    logit_chart, prob_chart, grad_chart : ValueBars
        ``z``, ``p = softmax(z)`` and ``p - y`` for the logits :meth:`current_logits`.
    progress : ValueTracker
        0 before the step, 1 after: the logits on screen are ``z + progress * (z_new - z)``.
    target_marker : DashedLine
        Probability 1 on the true class's bar: the target.
    prob_labels, grad_labels : list of str
        ``p`` and ``p - y`` as shown now (each shown probability minus its target).
    loss_value : DecimalNumber
        ``-log p_true`` of the logits on screen; :attr:`loss_readout` holds it with its formula.
    derivation : MathTex
        Why the gradient is ``p - y``.
    """

    chart_height = 2.4  # scene units for probability 1 (the gradient chart uses the same unit)
    chart_width = 3.8
    baseline_y = -1.2
    chart_xs = (-4.6, 0.0, 4.6)

    def construct(self) -> None:
        params = params_or_exit()
        self.names, self.colors = params.logits.names, params.logits.colors
        self.true_class = params.gradient.true_class
        self.step = gradient_step(params.logits.values, self.true_class, params.gradient.learning_rate)
        self.progress = ValueTracker(0.0)

        self.next_section("Logits, probabilities, loss")
        self.show_example()

        self.next_section("The target")
        self.show_target()

        self.next_section("p minus y")
        self.show_gradient()

        self.next_section("One gradient step")
        self.take_step()
        self.final_hold()

    # --- math for the current frame ---------------------------------------------

    def current_logits(self) -> np.ndarray:
        s = self.step
        return s.logits + self.progress.get_value() * (s.new_logits - s.logits)

    def current_numbers(self) -> StepNumbers:
        """Everything the charts and the readout show for the logits on screen."""
        z, k = self.current_logits(), self.true_class
        return StepNumbers(z, softmax(z), cross_entropy_gradient(z, k), cross_entropy(z, k))

    @staticmethod
    def shown_logits(z: NDArray[np.float64]) -> list[str]:
        return [format_number(v, 2) for v in z]

    @staticmethod
    def shown_probs(p: NDArray[np.float64]) -> list[str]:
        return format_probabilities(p, max_decimals=2)  # one precision while the logits move; no total shown

    def shown_loss(self) -> str:
        return format_number(self.current_numbers().loss, 2)

    # --- builders -------------------------------------------------------------

    def name_tex(self, k: int) -> str:
        return rf"\text{{{self.names[k]}}}"

    def get_charts(self) -> VGroup:
        s, now = self.step, self.current_numbers()
        z_all = np.concatenate([s.logits, s.new_logits])
        z_range = (min(0.0, float(z_all.min())), max(0.0, float(z_all.max())))
        self.logit_chart = ValueBars(s.logits, self.names, self.colors, self.shown_logits(now.z), value_range=z_range,
                                     height=self.chart_height, width=self.chart_width, font_size=FOOTNOTE)
        self.prob_labels = self.shown_probs(now.p)
        self.prob_chart = ValueBars(s.probs, self.names, self.colors, self.prob_labels, value_range=(0.0, 1.0),
                                    height=self.chart_height, width=self.chart_width, font_size=FOOTNOTE)
        self.grad_labels = format_gradient(self.prob_labels, self.true_class)
        g_all = np.concatenate([s.gradient, s.new_probs - s.target])
        g_range = (min(-0.1, float(g_all.min())), max(0.1, float(g_all.max())))
        self.grad_chart = ValueBars(s.gradient, self.names, self.colors, self.grad_labels, value_range=g_range,
                                    height=self.chart_height * (g_range[1] - g_range[0]), width=self.chart_width,
                                    font_size=FOOTNOTE)
        charts = (self.logit_chart, self.prob_chart, self.grad_chart)
        for chart, x in zip(charts, self.chart_xs, strict=True):
            chart.shift(np.array([x, self.baseline_y, 0.0]) - chart.baseline.get_center())
        self.headings = VGroup(
            MathTex(r"z\;\text{(logits)}", font_size=LABEL),
            MathTex(r"p = \mathrm{softmax}(z)", font_size=LABEL),
            MathTex(r"\partial L / \partial z = p - y", font_size=LABEL),
        )
        # above the highest a bar can reach, with its value label on top
        label_height = max(m.height for c in charts for m in c.value_labels)
        top = max(c.range_top[1] for c in charts) + 0.1 + label_height + 0.25
        for heading, chart in zip(self.headings, charts, strict=True):
            heading.move_to((chart.baseline.get_center()[0], top, 0), aligned_edge=DOWN)
        return VGroup(*charts)

    def get_loss_readout(self) -> VGroup:
        k = self.true_class
        formula = MathTex(r"L = -\log p_{", self.name_tex(k), "}", "=", font_size=LABEL)
        formula[1].set_color(class_color(self.colors[k]))
        self.loss_value = DecimalNumber(rounded(self.current_numbers().loss, 2), num_decimal_places=2,
                                        font_size=LABEL)
        readout = VGroup(formula, self.loss_value)
        self._loss_formula = formula
        readout.next_to(self.title, DOWN, buff=0.3)
        self.place_loss_value()
        return readout

    def place_loss_value(self) -> None:
        """The loss number right of its formula, centred on the equals sign's height."""
        eq = self._loss_formula[3]
        self.loss_value.next_to(eq, RIGHT, buff=0.2).set_y(eq.get_y())

    def get_derivation(self) -> MathTex:
        tex = MathTex(r"L = -z_y + \log \sum_j e^{z_j}", r"\quad\Rightarrow\quad",
                      r"\frac{\partial L}{\partial z_i} = -y_i + \frac{e^{z_i}}{\sum_j e^{z_j}} = p_i - y_i",
                      font_size=FOOTNOTE)
        return tex.to_edge(DOWN, buff=0.35)

    def follow_step(self, mob: Mobject | None) -> None:
        """Redraw ``mob`` (a chart or the loss, or all three for ``None``) for the logits on screen."""
        now = self.current_numbers()
        if mob is None or mob is self.logit_chart:
            self.logit_chart.set_values(now.z, self.shown_logits(now.z))
        if mob is None or mob is self.prob_chart:
            self.prob_labels = self.shown_probs(now.p)
            self.prob_chart.set_values(now.p, self.prob_labels)
        if mob is None or mob is self.loss_value:
            show_number(self.loss_value, rounded(now.loss, 2))
            self.place_loss_value()

    # --- beats ----------------------------------------------------------------

    def show_example(self) -> None:
        k = self.true_class
        self.title = title("The gradient of cross-entropy on softmax")
        self.charts = self.get_charts()
        self.true_box = VGroup(*(SurroundingRectangle(c.name_labels[k], color=HIGHLIGHT_COLOR, buff=0.08)
                                 for c in (self.logit_chart, self.prob_chart)))
        with self.voiceover("intro", name=self.names[k]) as beat:
            self.play(FadeIn(self.title), FadeIn(self.logit_chart), FadeIn(self.headings[0]), run_time=GLANCE)
            hold_until(self, beat, "and their probabilities")
            self.play(FadeIn(self.prob_chart), FadeIn(self.headings[1]), run_time=GLANCE)
            hold_until(self, beat, "the true class")
            self.play(FadeIn(self.true_box), run_time=GLANCE)
        self.loss_readout = self.get_loss_readout()
        with self.voiceover("loss", name=self.names[k], p=self.prob_labels[k], loss=self.shown_loss()):
            self.play(Write(self.loss_readout), run_time=WRITE)

    def show_target(self) -> None:
        k = self.true_class
        chart = self.prob_chart
        half = 0.45 * chart.slot
        one = chart.value_point(k, 1.0)
        self.target_marker = DashedLine(one + half * LEFT, one + half * RIGHT, color=HIGHLIGHT_COLOR, stroke_width=4)
        entries = ", ".join(format_number(t, 0) for t in self.step.target)
        self.target_tex = MathTex(f"y = ({entries})", font_size=LABEL, color=HIGHLIGHT_COLOR)
        self.target_tex.next_to(self.target_marker, RIGHT, buff=0.25)
        with self.voiceover("target", name=self.names[k]):
            self.play(FadeIn(self.target_marker), FadeIn(self.target_tex), run_time=GLANCE)

    def show_gradient(self) -> None:
        chart = self.grad_chart
        with self.voiceover("gradient", gradient=spoken_list(self.grad_labels)):
            self.play(FadeIn(self.headings[2]), FadeIn(chart.baseline), FadeIn(chart.name_labels), run_time=GLANCE)
            self.play(*(GrowFromEdge(bar, UP if v < 0 else DOWN) for bar, v in zip(chart.bars, self.step.gradient,
                                                                                   strict=True)),
                      FadeIn(chart.value_labels), run_time=MOVE)
            chart.gather(self)
        self.derivation = self.get_derivation()
        with self.voiceover("why") as beat:
            self.play(Write(self.derivation.submobjects[0]), run_time=WRITE)
            hold_until(self, beat, "its derivative")
            self.play(FadeIn(self.derivation[1:]), run_time=GLANCE)

    def take_step(self) -> None:
        s, k = self.step, self.true_class
        lr = format_number(s.learning_rate, 1)
        self.rule = MathTex(r"z \leftarrow z - \eta\,(p - y), \quad \eta = " + lr, font_size=LABEL)
        self.rule.to_edge(DOWN, buff=0.45)
        self.new_logit_labels = [format_number(v, 2) for v in s.new_logits]
        p_old, loss_old = self.prob_labels[k], self.shown_loss()
        self.play(FadeOut(self.derivation), FadeIn(self.rule), run_time=GLANCE)
        followers = (self.logit_chart, self.prob_chart, self.loss_value)
        with self.voiceover("step", lr=lr, logits=spoken_list(self.new_logit_labels)) as beat:
            hold_until(self, beat, "The true logit goes up")
            # Updaters on the drawn mobjects themselves, so they are redrawn every frame of the step, and only then.
            for mob in followers:
                mob.add_updater(self.follow_step)
            self.play(self.progress.animate.set_value(1.0), run_time=2.0)  # bars and numbers move together: 2 s
            for mob in followers:
                mob.remove_updater(self.follow_step)
            self.follow_step(None)
        with self.voiceover("after", name=self.names[k], p_old=p_old, p_new=self.prob_labels[k],
                            loss_old=loss_old, loss_new=self.shown_loss()) as beat:
            self.play(Indicate(self.prob_chart.value_labels[k], color=HIGHLIGHT_COLOR), run_time=GLANCE)
            hold_until(self, beat, "and the loss falls")
            self.play(Indicate(self.loss_value, color=HIGHLIGHT_COLOR), run_time=GLANCE)
        self.grad_labels = format_gradient(self.prob_labels, k)
        with self.voiceover("smaller", name=self.names[k], g=self.grad_labels[k]):
            self.play(self.grad_chart.transform_values(self.current_numbers().g, self.grad_labels), run_time=MOVE)
