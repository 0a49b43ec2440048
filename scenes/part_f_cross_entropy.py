"""Part F: the bridge to the next lecture, cross-entropy ``-log p`` of the true class.

On the lecture's example the loss of the true class (cat by default) is
``-log 0.66``; a true class with a small probability costs much more. Then the
true class's logit grows and shrinks: the probability bars, the loss readout
and a dot on the exact loss curve ``L(z_true)`` follow, all from
:mod:`softmax_anim.cross_entropy`.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Axes,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    MathTex,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    Write,
    smooth,
)

from scenes.kit.curves import NarratedScene, ProbabilityBars, polyline
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, TEXT_COLOR, class_color, label_tex, params_or_exit
from softmax_anim import format_number, format_probabilities, softmax
from softmax_anim.cross_entropy import cross_entropy, cross_entropy_vs_logit


class CrossEntropyBridge(NarratedScene):
    """Cross-entropy on the lecture's example, and the loss as the true class's logit changes.

    Attributes
    ----------
    logits : numpy.ndarray
        The lecture's logits.
    bars : ProbabilityBars
        Softmax of the logits with the true class's logit set to :attr:`true_logit`.
    true_logit : ValueTracker
        The true class's logit.
    axes : Axes
        Loss (y) against the true class's logit (x).
    curve : VMobject
        The exact loss curve, straight segments through :attr:`curve_points`.
    curve_points : numpy.ndarray
        ``(x, loss)`` samples of :func:`softmax_anim.cross_entropy.cross_entropy_vs_logit`.
    dot : Dot
        At ``axes.c2p(z, loss(z))`` for the current logit.
    readout : VGroup
        ``z``, ``p`` and ``L`` of the true class, as numbers.
    """

    true_class = 0  # index into the lecture's classes
    wrong_class = 2  # the "what if the truth were ..." example
    logit_range = (-3.0, 7.0)  # x range of the loss plot
    loss_max = 5.0  # y range of the loss plot
    sweep = (-2.0, 5.0)  # the true logit goes down to the first, then up to the second
    loss_ticks = (2.0, 4.0)  # labelled loss values
    curve_samples = 400
    bars_x = -3.6  # x of the bars' centre once the loss plot is on screen

    def construct(self) -> None:
        params = params_or_exit()
        self.names = params.logits.names
        self.colors = params.logits.colors
        self.logits = np.asarray(params.logits.values, dtype=float)
        self.true_logit = ValueTracker(float(self.logits[self.true_class]))

        self.next_section("One example's loss")
        self.show_loss_of_example()

        self.next_section("A wrong guess costs more")
        self.show_wrong_class()

        self.next_section("Raise the true logit")
        self.show_loss_curve()
        self.sweep_true_logit()

        self.next_section("Next lecture")
        self.show_next_lecture()

    # --- math for the current frame -------------------------------------------

    def current_logits(self) -> np.ndarray:
        z = self.logits.copy()
        z[self.true_class] = self.true_logit.get_value()
        return z

    def current_probs(self) -> tuple[np.ndarray, list[str]]:
        p = softmax(self.current_logits())
        return p, format_probabilities(p, max_decimals=2)  # labels change every frame: keep one precision

    def name_tex(self, k: int) -> str:
        return rf"\text{{{self.names[k]}}}"

    # --- builders ---------------------------------------------------------------

    def get_bars(self) -> ProbabilityBars:
        p, labels = self.current_probs()
        bars = ProbabilityBars(p, labels, self.names, self.colors, height=3.2, width=4.2)
        return bars.move_to(DOWN * 0.6)  # centred until the loss plot joins it

    def get_axes(self) -> Axes:
        axes = Axes(
            x_range=[*self.logit_range, 1.0],
            y_range=[0.0, self.loss_max, 1.0],
            x_length=5.6,
            y_length=3.6,
            tips=False,
            axis_config={"color": MUTED_COLOR, "font_size": 26, "decimal_number_config": {"num_decimal_places": 0}},
            x_axis_config={"include_numbers": True},
            y_axis_config={"label_direction": RIGHT},
        )
        # Every other loss value, right of the axis: the curve runs left of the axis there.
        axes.y_axis.add_numbers(self.loss_ticks)
        return axes.move_to(RIGHT * 3.3 + DOWN * 0.5)

    def get_readout(self) -> VGroup:
        k = self.true_class
        z_label = MathTex(rf"z_{{{self.name_tex(k)}}} =", font_size=34)
        p_label = MathTex(rf"p_{{{self.name_tex(k)}}} =", font_size=34)
        l_label = MathTex(r"L = -\log p =", font_size=34)
        self.z_value = DecimalNumber(0, num_decimal_places=2, font_size=34)
        self.p_value = DecimalNumber(0, num_decimal_places=2, font_size=34)
        self.loss_value = DecimalNumber(0, num_decimal_places=2, font_size=34, color=HIGHLIGHT_COLOR)
        rows = VGroup(*(VGroup(lab, val) for lab, val in
                        ((z_label, self.z_value), (p_label, self.p_value), (l_label, self.loss_value))))
        for lab, val in rows:
            val.next_to(lab, RIGHT, buff=0.15)
        rows.arrange(RIGHT, buff=0.6).to_edge(UP, buff=1.3)
        self.update_readout(rows)
        return rows

    def update_readout(self, rows: VGroup) -> None:
        z = self.true_logit.get_value()
        _, labels = self.current_probs()
        loss = cross_entropy(self.current_logits(), self.true_class)
        for (lab, val), text in zip(rows, (format_number(z, 2), labels[self.true_class], format_number(loss, 2)),
                                    strict=True):
            val.set_value(float(text))
            val.next_to(lab, RIGHT, buff=0.15)

    # --- beats ------------------------------------------------------------------

    def show_loss_of_example(self) -> None:
        k = self.true_class
        self.title = label_tex("Bridge to cross-entropy", font_size=44).to_edge(UP, buff=0.35)
        self.bars = self.get_bars()
        self.true_box = SurroundingRectangle(self.bars.name_labels[k], color=HIGHLIGHT_COLOR, buff=0.08)
        self.true_note = label_tex("true class", font_size=26, color=HIGHLIGHT_COLOR)
        self.true_note.next_to(self.true_box, DOWN, buff=0.12)
        p_label = self.bars.label_strings[k]
        loss = cross_entropy(self.logits, k)
        self.loss_formula = MathTex(
            r"L = -\log p_{", self.name_tex(k), "}", "=", rf"-\log {p_label}", "=", format_number(loss, 2),
            font_size=40,
        ).to_edge(UP, buff=1.3)
        self.loss_formula[1].set_color(class_color(self.colors[k]))
        self.play(FadeIn(self.title), FadeIn(self.bars),
                  subcaption="Training needs one number that says how wrong the model is on an example.")
        self.play(FadeIn(self.true_box), FadeIn(self.true_note),
                  subcaption=f"Say the picture really shows a {self.names[k]}.")
        self.play(Write(self.loss_formula),
                  subcaption=f"Cross-entropy takes the probability of the true class, {p_label}, "
                  f"and returns minus its log: {format_number(loss, 2)}.")

    def show_wrong_class(self) -> None:
        j = self.wrong_class
        p_label = self.bars.label_strings[j]
        loss = cross_entropy(self.logits, j)
        self.wrong_formula = MathTex(
            r"\text{if it were a }", rf"\text{{{self.names[j]}}}", r"\text{:}\;\; -\log " + p_label, "=",
            format_number(loss, 2), font_size=34, color=MUTED_COLOR,
        ).next_to(self.loss_formula, DOWN, buff=0.3)
        self.wrong_formula[1].set_color(class_color(self.colors[j]))
        self.play(FadeIn(self.wrong_formula),
                  subcaption=f"Had it been a {self.names[j]}, the same output would cost {format_number(loss, 2)}: "
                  "a small probability for the truth means a large loss.")

    def show_loss_curve(self) -> None:
        k = self.true_class
        self.axes = self.get_axes()
        xs = np.linspace(*self.logit_range, self.curve_samples)
        self.curve_points = np.column_stack([xs, cross_entropy_vs_logit(self.logits, k, xs)])
        self.curve = polyline(self.axes, self.curve_points, color=HIGHLIGHT_COLOR, stroke_width=4)
        self.x_label = MathTex(rf"z_{{{self.name_tex(k)}}}", font_size=32).next_to(self.axes.x_axis, DOWN, buff=0.2)
        self.y_label = MathTex("L", font_size=32).next_to(self.axes.y_axis, UP, buff=0.15)
        self.dot = Dot(self.axes.c2p(self.true_logit.get_value(), cross_entropy(self.logits, k)),
                       color=TEXT_COLOR, radius=0.08)
        self.readout = self.get_readout()
        bars_group = VGroup(self.bars, self.true_box, self.true_note)
        self.play(bars_group.animate.shift((self.bars_x - self.bars.get_center()[0]) * RIGHT),
                  FadeOut(self.loss_formula), FadeOut(self.wrong_formula), FadeIn(self.readout),
                  FadeIn(self.axes), FadeIn(self.x_label), FadeIn(self.y_label),
                  subcaption=f"Now change only the logit of {self.names[k]} and watch the loss.")
        self.play(FadeIn(self.curve), FadeIn(self.dot),
                  subcaption="This curve is the loss for every value of that logit.")

    def sweep_true_logit(self) -> None:
        k = self.true_class

        def follow_bars(bars: ProbabilityBars) -> None:
            bars.set_probs(*self.current_probs())

        def follow_dot(dot: Dot) -> None:
            dot.move_to(self.axes.c2p(self.true_logit.get_value(), cross_entropy(self.current_logits(), k)))

        self.bars.add_updater(follow_bars)
        self.dot.add_updater(follow_dot)
        self.readout.add_updater(self.update_readout)
        low, high = self.sweep
        self.play(self.true_logit.animate.set_value(low), run_time=3, rate_func=smooth,
                  subcaption="Lower it, and the probability of the truth shrinks: the loss climbs steeply.")
        self.play(self.true_logit.animate.set_value(high), run_time=5, rate_func=smooth,
                  subcaption="Raise it, and the probability approaches 1: the loss falls towards 0, "
                  "but never reaches it.")
        for mob in (self.bars, self.dot, self.readout):
            mob.clear_updaters()
        self.wait(0.5)

    def show_next_lecture(self) -> None:
        self.average = MathTex(r"L = -\frac{1}{N}\sum_{n=1}^{N} \log p_{y_n}", font_size=44)
        heading = label_tex("Next lecture: the cross-entropy loss", font_size=34, color=HIGHLIGHT_COLOR)
        self.next_lecture = VGroup(heading, self.average).arrange(DOWN, buff=0.45)
        self.next_lecture.move_to([self.bars.get_center()[0], self.axes.get_center()[1], 0])
        self.play(FadeOut(self.bars), FadeOut(self.true_box), FadeOut(self.true_note))
        self.play(FadeIn(self.next_lecture, shift=0.2 * UP),
                  subcaption="Next lecture: averaged over all training examples, this is the cross-entropy loss "
                  "that training makes small.")
        self.wait(1)
