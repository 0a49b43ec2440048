"""Part G: softmax at work. In code, its gradient with cross-entropy, calibration on real digits, attention.

Four scenes, each reading its numbers from one Part G math module:

- :class:`SoftmaxInCode`: :mod:`softmax_anim.softmax_code` (the function shown is the function run);
- :class:`SoftmaxGradient`: :mod:`softmax_anim.gradient` (``p - onehot(y)`` and one step);
- :class:`CalibrationOnDigits`: :mod:`softmax_anim.calibration` (reliability diagram, ECE, fitted ``T``);
- :class:`AttentionWeights`: :mod:`softmax_anim.attention` (scores, weights, output, the divisor).

The lecture's class colours keep their meaning (blue, red, green = classes
0, 1, 2); pieces that are not those classes (code, digits 0-9, keys and
values) are drawn in neutral colours.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Code,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    GrowFromEdge,
    Indicate,
    Line,
    ManimColor,
    MathTex,
    Mobject,
    NumberPlane,
    Paragraph,
    Polygon,
    Scene,
    SurroundingRectangle,
    Tex,
    Transform,
    ValueTracker,
    VGroup,
    Write,
    config,
)

from lecture_voice import spoken_list
from scenes.kit.bars import ValueBars
from scenes.kit.digits import DigitThumbnail
from scenes.kit.narration import NarratedScene
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, TEXT_COLOR, class_color, params_or_exit
from scenes.kit.text import FOOTNOTE, LABEL, title
from softmax_anim import format_number, format_probabilities, load_mnist, softmax
from softmax_anim.attention import Attention, attention
from softmax_anim.calibration import ReliabilityDiagram, calibration_study
from softmax_anim.formatting import FormattedSum, display_decimals, format_probability_sum
from softmax_anim.gradient import format_gradient, gradient_step
from softmax_anim.softmax_code import TORCH_CODE, loss_on_logits_and_probabilities, run_demo, shown_source, trace
from softmax_anim.softmax_code import softmax as shown_softmax

# --- the look shared by Part G ---------------------------------------------------------------

CODE_FONT = "DejaVu Sans Mono"
CODE_FONT_SIZE = 22  # Pango size: capitals 0.22 units (13 px at 480p); the def line fits the title-safe width
NEUTRAL_COLOR = ManimColor("#C8CCD4")  # bars and points that are not the lecture's classes
NEUTRAL_HEX = "#C8CCD4"
SAFE_WIDTH = 12.8  # title-safe width of the frame (90% of 14.2 units)
WEIGHT_DECIMALS = 3  # attention weights: where two decimals do not add up to 1 at rest
GAP_COLOR = ManimColor("#FF9F1C")  # overconfidence and the wrong call: orange, apart from classes and highlight




def code_block(text: str) -> Code:
    """``text`` as highlighted Python in the code font, without line numbers."""
    return Code(
        code_string=text,
        language="python",
        formatter_style="monokai",
        add_line_numbers=False,
        paragraph_config={"font_size": CODE_FONT_SIZE, "font": CODE_FONT},
        background_config={"buff": 0.25, "stroke_width": 0},
    )


def output_block(text: str) -> VGroup:
    """What a program printed: monospace lines on a dark panel."""
    lines = Paragraph(*text.splitlines(), font=CODE_FONT, font_size=CODE_FONT_SIZE, color=TEXT_COLOR,
                      line_spacing=0.8)
    panel = SurroundingRectangle(lines, buff=0.25, color=MUTED_COLOR, stroke_width=2, fill_color="#000000",
                                 fill_opacity=0.6, corner_radius=0.1)
    return VGroup(panel, lines)


def highlight_box(mob: Mobject) -> SurroundingRectangle:
    """A box that picks out a line of code: highlight stroke, a faint fill."""
    return SurroundingRectangle(mob, color=HIGHLIGHT_COLOR, buff=0.07, stroke_width=5, fill_color=HIGHLIGHT_COLOR,
                                fill_opacity=0.12)


def adopt(scene: Scene, chart: ValueBars) -> None:
    """Put ``chart`` on screen as one mobject after its parts were animated in one by one.

    The parts leave the scene's top level so nothing is drawn twice; the chart's own
    updaters and transforms then reach every part.
    """
    scene.remove(chart.baseline, *chart.bars, chart.bars, chart.value_labels, chart.name_labels)
    scene.add(chart)


def percent(x: float, decimals: int = 1) -> str:
    """A fraction shown as a percentage number (``0.8423 -> '84.2'``), by the one formatting rule."""
    return format_number(100 * x, decimals)


def shown(label: DecimalNumber) -> str:
    """The text a :class:`~manim.DecimalNumber` displays."""
    return f"{label.get_value():.{label.num_decimal_places}f}"


# =============================================================================================
# 1. Softmax in code
# =============================================================================================


class SoftmaxInCode(NarratedScene):
    """Numerically stable softmax in numpy, what it prints on the lecture's logits, then PyTorch.

    Attributes
    ----------
    source : str
        The function's source as shown (:func:`~softmax_anim.softmax_code.shown_source`).
    function : Code
        The function on screen.
    demo : softmax_anim.softmax_code.DemoRun
        The snippet and what running it printed.
    snippet : Code
    output : VGroup
        Panel and :class:`~manim.Paragraph` of the printed lines.
    rounded : MathTex
        The printed probabilities rounded as everywhere in the lecture; :attr:`rounded_labels`.
    torch_code : Code
    losses : VGroup
        The true class, the right call and the wrong call with their losses (:attr:`loss_values`).
    """

    demo_shift = 1000.0  # added to every logit in the second print

    def construct(self) -> None:
        params = params_or_exit()
        self.names = params.logits.names
        self.logits = params.logits.values
        self.true_class = params.gradient.true_class

        self.next_section("The function")
        self.show_function()

        self.next_section("Line by line")
        self.walk_through_lines()

        self.next_section("Run it")
        self.run_it()

        self.next_section("PyTorch")
        self.show_torch()

        self.next_section("Logits, not probabilities")
        self.show_loss_inputs()
        self.final_hold()

    # --- builders -------------------------------------------------------------

    def get_function(self) -> Code:
        self.source = shown_source()
        return code_block(self.source)

    def get_run(self) -> VGroup:
        self.demo = run_demo(self.logits, self.demo_shift)
        self.snippet = code_block(self.demo.code)
        self.output = output_block(self.demo.output)
        row = VGroup(self.snippet, self.output).arrange(RIGHT, buff=0.4)
        if row.width > SAFE_WIDTH:  # many classes: the printed line is long, print under the snippet
            row.arrange(DOWN, buff=0.3)
        return row

    def lay_out_numpy(self) -> None:
        """Function over its run, the run's output rounded underneath; the whole centred below the title."""
        self.rounded = self.get_rounded()
        self.run_row.next_to(self.function, DOWN, buff=0.6)
        self.rounded.next_to(self.output, DOWN, buff=0.3)
        page = VGroup(self.function, self.run_row, self.rounded)
        page.move_to([0, (self.title.get_bottom()[1] - config.frame_height / 2) / 2, 0])

    def get_rounded(self) -> MathTex:
        self.rounded_labels = format_probabilities(shown_softmax(self.logits))
        return MathTex(r"\approx\;" + r",\;".join(self.rounded_labels), font_size=LABEL, color=HIGHLIGHT_COLOR)

    def get_losses(self) -> VGroup:
        r = self.loss_inputs = loss_on_logits_and_probabilities(self.logits, self.true_class)
        self.loss_values = [format_number(r.from_logits, 2), format_number(r.from_probabilities, 2)]
        note = Tex(f"true class: {self.names[self.true_class]}", font_size=LABEL, color=MUTED_COLOR)
        rows = []
        for call, value, verdict, color in (("loss_fn(z, y)", self.loss_values[0], "logits: right", HIGHLIGHT_COLOR),
                                            ("loss_fn(p, y)", self.loss_values[1], "probabilities: softmax twice",
                                             GAP_COLOR)):
            code = Paragraph(call, font=CODE_FONT, font_size=CODE_FONT_SIZE, color=TEXT_COLOR)
            equals = MathTex("=", value, font_size=LABEL)
            line = VGroup(code, equals).arrange(RIGHT, buff=0.2)
            equals.align_to(code, DOWN).shift(0.03 * DOWN)
            rows.append(VGroup(line, Tex(verdict, font_size=FOOTNOTE, color=color))
                        .arrange(DOWN, aligned_edge=LEFT, buff=0.15))
        group = VGroup(note, *rows).arrange(DOWN, aligned_edge=LEFT, buff=0.5)
        return group.next_to(self.torch_code, RIGHT, buff=0.9)

    def line_box(self, lines: VGroup) -> SurroundingRectangle:
        return highlight_box(lines)

    # --- beats ----------------------------------------------------------------

    def show_function(self) -> None:
        self.title = title("Softmax in code")
        self.function = self.get_function()
        self.run_row = self.get_run()
        self.lay_out_numpy()
        with self.voiceover("function"):
            self.play(FadeIn(self.title), FadeIn(self.function, shift=0.2 * UP))

    def get_trace(self) -> VGroup:
        """Under the function, the value each line of it computes on the lecture's logits."""
        x, shifted, e, p = trace(self.logits)
        self.trace_labels = [[format_number(v, 2) for v in x], [format_number(v, 2) for v in shifted],
                             [format_number(v, 2) for v in e], format_probabilities(p)]
        names = [r"x = z / T", r"x - \max(x)", r"e = \exp(x)", r"e \,/\, \textstyle\sum e"]
        rows = VGroup(*(MathTex(name, r"= [" + r",\; ".join(values) + "]", font_size=LABEL, color=TEXT_COLOR)
                        for name, values in zip(names, self.trace_labels, strict=True)))
        for row in rows:
            row[0].set_color(MUTED_COLOR)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        return rows.next_to(self.function, DOWN, buff=0.6).align_to(self.function.code_lines, LEFT)

    def walk_through_lines(self) -> None:
        lines = self.function.code_lines
        self.trace_rows = rows = self.get_trace()
        self.box = self.line_box(lines[1])
        with self.voiceover("divide"):
            self.play(FadeIn(self.box), FadeIn(rows[0], shift=0.2 * DOWN))
        with self.voiceover("shift"):
            self.play(Transform(self.box, self.line_box(lines[2])), FadeIn(rows[1], shift=0.2 * DOWN))
        with self.voiceover("normalize") as beat:
            self.play(Transform(self.box, self.line_box(lines[3])), FadeIn(rows[2], shift=0.2 * DOWN))
            self.play(Transform(self.box, self.line_box(lines[4])), FadeIn(rows[3], shift=0.2 * DOWN),
                      run_time=max(1.0, beat.remaining() / 2))
        self.play(FadeOut(self.box), FadeOut(rows), run_time=0.5)

    def run_it(self) -> None:
        typed = display_decimals(self.logits)  # as the snippet types them
        with self.voiceover("run", logits=spoken_list([format_number(v, typed) for v in self.logits])):
            self.play(FadeIn(self.snippet))
        with self.voiceover("printed", probs=spoken_list(self.rounded_labels)):
            self.play(FadeIn(self.output))
            self.play(Write(self.rounded))
        self.shift_box = highlight_box(self.output[1][1])
        self.shift_call_box = self.line_box(self.snippet.code_lines[2])
        with self.voiceover("same", shift=format_number(self.demo_shift, 0)):
            self.play(FadeIn(self.shift_call_box), FadeIn(self.shift_box))

    def show_torch(self) -> None:
        """The PyTorch code large in the middle while it is read; it moves aside for the losses later."""
        mid_y = (self.title.get_bottom()[1] - config.frame_height / 2) / 2
        self.torch_code = code_block(TORCH_CODE).to_edge(LEFT, buff=0.8).set_y(mid_y)
        self.torch_label = Tex("PyTorch", font_size=LABEL, color=MUTED_COLOR)
        self.torch_label.next_to(self.torch_code, UP, buff=0.15, aligned_edge=LEFT)
        self.torch_panel = VGroup(self.torch_code, self.torch_label)
        self.torch_home = self.torch_panel.get_center()  # beside the losses
        self.torch_scale = min(1.4, 0.8 * SAFE_WIDTH / self.torch_panel.width)
        self.torch_panel.scale(self.torch_scale).move_to([0, mid_y, 0])
        lines = self.torch_code.code_lines
        self.play(*(FadeOut(m) for m in (self.function, self.run_row, self.rounded, self.shift_box,
                                          self.shift_call_box)))
        self.box = self.line_box(lines[3])
        with self.voiceover("torch_softmax"):
            self.play(FadeIn(self.torch_code), FadeIn(self.torch_label))
            self.play(FadeIn(self.box))
        with self.voiceover("torch_loss"):
            self.play(Transform(self.box, self.line_box(lines[5:7])))

    def show_loss_inputs(self) -> None:
        moved = VGroup(self.torch_panel, self.box)  # the box lies inside the code: the panel's bounds
        self.play(moved.animate.scale(1 / self.torch_scale).move_to(self.torch_home), run_time=1)
        self.losses = self.get_losses()
        note, right, wrong = self.losses
        with self.voiceover("right_loss", name=self.names[self.true_class], loss=self.loss_values[0]):
            self.play(FadeIn(note), FadeIn(right))
        with self.voiceover("wrong_loss", loss=self.loss_values[1]):
            self.play(FadeIn(wrong))


# =============================================================================================
# 2. The gradient of cross-entropy on softmax
# =============================================================================================


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

    def current_numbers(self) -> dict[str, object]:
        """Everything the charts and the readout show for the logits on screen, formatted."""
        z = self.current_logits()
        p = softmax(z)
        p_labels = format_probabilities(p, max_decimals=2)  # one precision while the logits move; no total shown
        return {
            "z": z, "z_labels": [format_number(v, 2) for v in z],
            "p": p, "p_labels": p_labels,
            "g": p - self.step.target, "g_labels": format_gradient(p_labels, self.true_class),
            "loss": format_number(float(-np.log(p[self.true_class])), 2),
        }

    # --- builders -------------------------------------------------------------

    def name_tex(self, k: int) -> str:
        return rf"\text{{{self.names[k]}}}"

    def get_charts(self) -> VGroup:
        s, now = self.step, self.current_numbers()
        z_all = np.concatenate([s.logits, s.new_logits])
        z_range = (min(0.0, float(z_all.min())), max(0.0, float(z_all.max())))
        self.logit_chart = ValueBars(s.logits, self.names, self.colors, now["z_labels"], value_range=z_range,
                                     height=self.chart_height, width=self.chart_width, font_size=FOOTNOTE)
        self.prob_labels = list(now["p_labels"])
        self.prob_chart = ValueBars(s.probs, self.names, self.colors, self.prob_labels, value_range=(0.0, 1.0),
                                    height=self.chart_height, width=self.chart_width, font_size=FOOTNOTE)
        self.grad_labels = list(now["g_labels"])
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
            heading.move_to([chart.baseline.get_center()[0], top, 0], aligned_edge=DOWN)
        return VGroup(*charts)

    def get_loss_readout(self) -> VGroup:
        k = self.true_class
        formula = MathTex(r"L = -\log p_{", self.name_tex(k), "}", "=", font_size=LABEL)
        formula[1].set_color(class_color(self.colors[k]))
        self.loss_value = DecimalNumber(float(self.current_numbers()["loss"]), num_decimal_places=2,
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

    def follow_step(self, mob: object) -> None:
        """Redraw ``mob`` (a chart or the loss, or all three for ``None``) for the logits on screen."""
        now = self.current_numbers()
        if mob is None or mob is self.logit_chart:
            self.logit_chart.set_values(now["z"], now["z_labels"])
        if mob is None or mob is self.prob_chart:
            self.prob_chart.set_values(now["p"], now["p_labels"])
            self.prob_labels = list(now["p_labels"])
        if mob is None or mob is self.loss_value:
            self.loss_value.set_value(float(now["loss"]))
            self.place_loss_value()

    # --- beats ----------------------------------------------------------------

    def show_example(self) -> None:
        k = self.true_class
        self.title = title("The gradient of cross-entropy on softmax")
        self.charts = self.get_charts()
        self.true_box = VGroup(*(SurroundingRectangle(c.name_labels[k], color=HIGHLIGHT_COLOR, buff=0.08)
                                 for c in (self.logit_chart, self.prob_chart)))
        with self.voiceover("intro", name=self.names[k]):
            self.play(FadeIn(self.title), FadeIn(self.logit_chart), FadeIn(self.headings[0]))
            self.play(FadeIn(self.prob_chart), FadeIn(self.headings[1]), FadeIn(self.true_box))
        self.loss_readout = self.get_loss_readout()
        with self.voiceover("loss", name=self.names[k], p=self.prob_labels[k], loss=shown(self.loss_value)):
            self.play(Write(self.loss_readout))

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
            self.play(FadeIn(self.target_marker), FadeIn(self.target_tex))

    def show_gradient(self) -> None:
        chart = self.grad_chart
        with self.voiceover("gradient", gradient=spoken_list(self.grad_labels)):
            self.play(FadeIn(self.headings[2]), FadeIn(chart.baseline), FadeIn(chart.name_labels))
            self.play(*(GrowFromEdge(bar, UP if v < 0 else DOWN) for bar, v in zip(chart.bars, self.step.gradient,
                                                                                   strict=True)),
                      FadeIn(chart.value_labels))
            adopt(self, chart)
        self.derivation = self.get_derivation()
        with self.voiceover("why"):
            self.play(Write(self.derivation[0]))
            self.play(FadeIn(self.derivation[1:]))

    def take_step(self) -> None:
        s, k = self.step, self.true_class
        lr = format_number(s.learning_rate, 1)
        self.rule = MathTex(r"z \leftarrow z - \eta\,(p - y), \quad \eta = " + lr, font_size=LABEL)
        self.rule.to_edge(DOWN, buff=0.45)
        self.new_logit_labels = [format_number(v, 2) for v in s.new_logits]
        p_old, loss_old = self.prob_labels[k], shown(self.loss_value)
        self.play(FadeOut(self.derivation), FadeIn(self.rule))
        # Updaters on the drawn mobjects themselves, so they are redrawn every frame of the step.
        followers = (self.logit_chart, self.prob_chart, self.loss_value)
        for mob in followers:
            mob.add_updater(self.follow_step)
        with self.voiceover("step", lr=lr, logits=spoken_list(self.new_logit_labels)) as beat:
            self.play(self.progress.animate.set_value(1.0), run_time=max(2.0, beat.duration - 0.5))
        for mob in followers:
            mob.remove_updater(self.follow_step)
        self.follow_step(None)
        with self.voiceover("after", name=self.names[k], p_old=p_old, p_new=self.prob_labels[k],
                            loss_old=loss_old, loss_new=shown(self.loss_value)):
            self.play(Indicate(self.prob_chart.value_labels[k], color=HIGHLIGHT_COLOR),
                      Indicate(self.loss_value, color=HIGHLIGHT_COLOR), run_time=1.5)
        now = self.current_numbers()
        self.grad_labels = list(now["g_labels"])
        with self.voiceover("smaller", name=self.names[k], g=self.grad_labels[k]):
            self.play(self.grad_chart.transform_values(now["g"], self.grad_labels), run_time=1.5)


# =============================================================================================
# 3. Calibration on real digits
# =============================================================================================


class CalibrationOnDigits(NarratedScene):
    """Reliability diagram and ECE on held-out MNIST digits, temperature fitted on validation, after.

    Attributes
    ----------
    study : softmax_anim.calibration.CalibrationStudy
    axes : Axes
        Confidence (x) against accuracy (y), both 0 to 1.
    bars : VGroup
        One rectangle per bin, from 0 to the bin's accuracy (flat for an empty bin).
    gaps : VGroup
        One rectangle per bin between its accuracy and its mean confidence.
    count_bars : VGroup
        One rectangle per bin, height proportional to its count (:attr:`count_unit` per digit).
    diagram : ReliabilityDiagram
        The diagram drawn now (``study.before``, then ``study.after``).
    readout : VGroup
        Heading, then accuracy, mean confidence and ECE rows; the shown numbers in :attr:`readout_labels`.
    nll_axes : Axes
        Validation NLL against ``T``; :attr:`nll_curve` drawn through :attr:`nll_points`.
    t_dot : Dot
        At the fitted ``T`` on the curve.
    mistakes : Group
        The most confident wrong test predictions: real digits, their labels, what the model says.
    """

    diagram_size = 4.1
    diagram_corner = (-5.5, -1.7)  # scene point of confidence 0, accuracy 0
    count_height = 0.55
    right_x = 3.3  # centre of the right-hand column
    nll_t_range = (0.5, 4.0)
    mistakes_shown = 3

    def construct(self) -> None:
        c = params_or_exit().calibration
        self.study = calibration_study(c.seed, c.train, c.validation, c.components, c.steps, c.learning_rate, c.bins)

        self.next_section("Probabilities only if calibrated")
        self.show_question()

        self.next_section("Reliability diagram")
        self.show_diagram()

        self.next_section("Expected calibration error")
        self.show_ece()

        self.next_section("Fit T on validation digits")
        self.fit_temperature()

        self.next_section("After temperature scaling")
        self.show_after()
        self.final_hold()

    # --- builders -------------------------------------------------------------

    def get_intro(self) -> VGroup:
        s = self.study
        self.definition = MathTex(r"\text{calibrated:}\quad P(\text{right} \mid \text{confidence} = c) = c",
                                  font_size=LABEL)
        self.model_lines = VGroup(
            Tex("a softmax classifier, fitted in numpy", font_size=LABEL),
            Tex(f"on {s.n_train} real MNIST digits, {s.components} PCA features", font_size=LABEL),
            Tex(f"training digits right: {percent(s.train_accuracy)}\\%", font_size=LABEL,
                      color=MUTED_COLOR),
        ).arrange(DOWN, buff=0.18)
        group = VGroup(self.definition, self.model_lines).arrange(DOWN, buff=0.45)
        group.move_to([self.right_x, 0, 0]).align_to(self.y_label, UP)
        return group.shift(LEFT * max(0.0, group.get_right()[0] - SAFE_WIDTH / 2))  # within the title-safe area

    def get_mistakes(self) -> Group:
        digits = load_mnist()
        items = []
        self.mistake_positions = self.study.confident_mistakes(self.mistakes_shown)
        self.mistake_confidences = []
        for pos in self.mistake_positions:
            row = int(self.study.test_rows[pos])
            p = softmax(self.study.test_logits[pos])
            self.mistake_confidences.append(format_number(float(p.max()), 2))
            thumb = DigitThumbnail(digits.images[row], int(digits.labels[row]), row, side=1.6, color=MUTED_COLOR)
            caption = VGroup(
                Tex(f"label {int(digits.labels[row])}", font_size=FOOTNOTE),
                MathTex(rf"\text{{says {int(np.argmax(p))}}},\ p = {self.mistake_confidences[-1]}",
                        font_size=FOOTNOTE, color=GAP_COLOR),
            ).arrange(DOWN, buff=0.12)
            items.append(Group(thumb, caption).arrange(DOWN, buff=0.2))
        group = Group(*items).arrange(RIGHT, buff=0.35).next_to(self.intro, DOWN, buff=0.5)
        return group.shift(LEFT * max(0.0, group.get_right()[0] - SAFE_WIDTH / 2))  # within the title-safe area

    def get_axes(self) -> Axes:
        axes = Axes(x_range=[0, 1, 0.5], y_range=[0, 1, 0.5], x_length=self.diagram_size,
                    y_length=self.diagram_size, tips=False,
                    axis_config={"color": MUTED_COLOR, "font_size": FOOTNOTE, "include_numbers": True})
        axes.shift(np.array([*self.diagram_corner, 0.0]) - axes.c2p(0, 0))
        self.x_label = Tex("confidence", font_size=FOOTNOTE).next_to(axes.x_axis, DOWN, buff=0.45)
        self.y_label = Tex("accuracy", font_size=FOOTNOTE).next_to(axes.c2p(0, 1), UP, buff=0.2)
        self.y_label.align_to(axes.c2p(0, 1), LEFT)
        self.diagonal = DashedLine(axes.c2p(0, 0), axes.c2p(1, 1), color=TEXT_COLOR, stroke_width=2)
        return axes

    def bin_rect(self, b: int, low: float, high: float) -> list[np.ndarray]:
        e = self.study.before.edges
        return [self.axes.c2p(e[b], low), self.axes.c2p(e[b + 1], low), self.axes.c2p(e[b + 1], high),
                self.axes.c2p(e[b], high)]

    def diagram_shapes(self, d: ReliabilityDiagram) -> tuple[list[list[np.ndarray]], list[list[np.ndarray]]]:
        """Corners of each bin's accuracy bar and of its gap to the mean confidence (flat when empty)."""
        bars, gaps = [], []
        for b in range(d.n_bins):
            acc = 0.0 if d.counts[b] == 0 else float(d.accuracy[b])
            conf = acc if d.counts[b] == 0 else float(d.confidence[b])
            bars.append(self.bin_rect(b, 0.0, acc))
            gaps.append(self.bin_rect(b, min(acc, conf), max(acc, conf)))
        return bars, gaps

    def count_shapes(self, d: ReliabilityDiagram) -> list[list[np.ndarray]]:
        base = self.count_base
        corners = []
        for b in range(d.n_bins):
            x0, x1 = self.axes.c2p(d.edges[b], 0)[0], self.axes.c2p(d.edges[b + 1], 0)[0]
            h = d.counts[b] * self.count_unit
            corners.append([np.array([x0, base, 0]), np.array([x1, base, 0]), np.array([x1, base + h, 0]),
                            np.array([x0, base + h, 0])])
        return corners

    def get_diagram(self, d: ReliabilityDiagram) -> VGroup:
        bars, gaps = self.diagram_shapes(d)
        self.bars = VGroup(*(Polygon(*c, stroke_color="#0F1117", stroke_width=1, fill_color=NEUTRAL_COLOR,
                                     fill_opacity=0.85) for c in bars))
        self.gaps = VGroup(*(Polygon(*c, stroke_width=0, fill_color=GAP_COLOR, fill_opacity=0.8) for c in gaps))
        self.count_base = self.x_label.get_bottom()[1] - 0.2 - self.count_height
        biggest = max(int(self.study.before.counts.max()), int(self.study.after.counts.max()))
        self.count_unit = self.count_height / biggest
        self.count_bars = VGroup(*(Polygon(*c, stroke_width=0, fill_color=MUTED_COLOR, fill_opacity=0.9)
                                   for c in self.count_shapes(d)))
        self.count_label = Tex("digits per bin", font_size=FOOTNOTE, color=MUTED_COLOR)
        self.count_label.next_to(self.axes.c2p(1, 0), RIGHT, buff=0.3).set_y(self.count_base + 0.2)
        self.diagram = d
        return VGroup(self.bars, self.gaps)

    def set_diagram(self, d: ReliabilityDiagram) -> list[Transform]:
        bars, gaps = self.diagram_shapes(d)
        anims = []
        for group, shapes in ((self.bars, bars), (self.gaps, gaps), (self.count_bars, self.count_shapes(d))):
            for poly, corners in zip(group, shapes, strict=True):
                anims.append(Transform(poly, poly.copy().set_points_as_corners([*corners, corners[0]])))
        self.diagram = d
        return anims

    def get_readout(self, d: ReliabilityDiagram, temperature: float | None = None) -> VGroup:
        self.readout_labels = {"accuracy": percent(d.overall_accuracy), "confidence": percent(d.mean_confidence),
                               "ece": percent(d.ece)}
        scaled = "" if temperature is None else rf",\ T = {format_number(temperature, 2)}"
        rows = VGroup(
            MathTex(rf"\text{{{self.study.n_test} test digits}}{scaled}", font_size=LABEL, color=MUTED_COLOR),
            MathTex(r"\text{accuracy}", "=", self.readout_labels["accuracy"] + r"\%", font_size=LABEL),
            MathTex(r"\text{mean confidence}", "=", self.readout_labels["confidence"] + r"\%", font_size=LABEL),
            MathTex(r"\text{ECE}", "=", self.readout_labels["ece"] + r"\%", font_size=LABEL),
        )
        rows[3][2].set_color(GAP_COLOR)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        return rows.move_to([self.right_x, 0, 0]).align_to(self.y_label, UP)

    def get_nll_plot(self) -> VGroup:
        lo, hi = self.nll_t_range
        ts = np.linspace(lo, hi, 200)
        nll = self.study.validation_nll_curve(ts)
        top = float(np.ceil(nll.max() * 2) / 2)
        self.nll_axes = Axes(x_range=[0, hi, 1], y_range=[0, top, 0.5], x_length=4.9, y_length=1.9, tips=False,
                             axis_config={"color": MUTED_COLOR, "font_size": FOOTNOTE},
                             x_axis_config={"include_numbers": True, "numbers_to_exclude": [0]},
                             y_axis_config={"include_numbers": True, "numbers_to_exclude": [0],
                                            "decimal_number_config": {"num_decimal_places": 1}})
        self.nll_points = np.column_stack([ts, nll])
        # straight segments exactly through the computed points
        self.nll_curve = self.nll_axes.plot_line_graph(ts, nll, line_color=HIGHLIGHT_COLOR, add_vertex_dots=False,
                                                       stroke_width=4)["line_graph"]
        x_label = MathTex("T", font_size=LABEL).next_to(self.nll_axes.x_axis, RIGHT, buff=0.15)
        y_label = Tex("validation NLL", font_size=FOOTNOTE, color=MUTED_COLOR)
        y_label.move_to(self.nll_axes.c2p(hi, top), aligned_edge=RIGHT)
        group = VGroup(self.nll_axes, self.nll_curve, x_label, y_label)
        # its T axis on the diagram's confidence axis
        group.shift(np.array([self.right_x - 2.35, self.diagram_corner[1], 0.0]) - self.nll_axes.c2p(0, 0))
        t = self.study.temperature
        self.t_dot = Dot(self.nll_axes.c2p(t, self.study.validation_nll[1]), color=TEXT_COLOR, radius=0.08)
        self.t_line = DashedLine(self.nll_axes.c2p(t, 0), self.t_dot.get_center(), color=TEXT_COLOR, stroke_width=2)
        self.t_label = MathTex(rf"T = {format_number(t, 2)}", font_size=LABEL)
        self.t_label.next_to(self.t_dot, DOWN, buff=0.25).shift(RIGHT * (self.t_label.width / 2 + 0.15))
        return group

    # --- beats ----------------------------------------------------------------

    def show_question(self) -> None:
        s = self.study
        self.title = title("Calibration on real digits")
        self.axes = self.get_axes()  # empty at first: the diagonal is what "calibrated" means
        self.intro = self.get_intro()
        self.mistakes = self.get_mistakes()
        with self.voiceover("question"):
            self.play(FadeIn(self.title), FadeIn(self.axes), FadeIn(self.x_label), FadeIn(self.y_label))
            self.play(Write(self.definition), Create(self.diagonal), run_time=2)
        with self.voiceover("model", train=str(s.n_train), components=str(s.components),
                            train_accuracy=percent(s.train_accuracy)):
            self.play(FadeIn(self.model_lines, lag_ratio=0.3), run_time=2)
        with self.voiceover("mistakes", test=str(s.n_test), p=self.mistake_confidences[0]):
            self.play(FadeIn(self.mistakes, lag_ratio=0.3), run_time=2)

    def show_diagram(self) -> None:
        s = self.study
        self.get_diagram(s.before)
        with self.voiceover("diagram"):
            self.play(FadeOut(self.mistakes), FadeOut(self.intro))
            self.play(*(GrowFromEdge(b, DOWN) for b in self.bars))
            self.bring_to_front(self.diagonal)  # over the bars that grew after it
            self.play(Indicate(self.diagonal, color=HIGHLIGHT_COLOR, scale_factor=1.0))
        self.readout = self.get_readout(s.before)
        with self.voiceover("gap", accuracy=self.readout_labels["accuracy"],
                            confidence=self.readout_labels["confidence"]):
            self.play(FadeIn(self.gaps))
            self.play(FadeIn(self.readout[:3]))
        top = int(np.argmax(s.before.counts))
        with self.voiceover("counts", top=str(int(s.before.counts[top])), test=str(s.n_test)):
            self.play(*(GrowFromEdge(b, DOWN) for b in self.count_bars), FadeIn(self.count_label))

    def show_ece(self) -> None:
        with self.voiceover("ece", ece=self.readout_labels["ece"]):
            self.play(Write(self.readout[3]))

    def fit_temperature(self) -> None:
        s = self.study
        self.nll_plot = self.get_nll_plot()
        with self.voiceover("scaling"):
            self.play(FadeIn(self.nll_plot[0]), FadeIn(self.nll_plot[2:]))
        with self.voiceover("fit", validation=str(s.n_validation), t=format_number(s.temperature, 2)):
            self.play(FadeIn(self.nll_curve))
            self.play(FadeIn(self.t_dot), FadeIn(self.t_line), Write(self.t_label))

    def show_after(self) -> None:
        s = self.study
        new_readout = self.get_readout(s.after, s.temperature)
        with self.voiceover("after"):
            self.play(*self.set_diagram(s.after), run_time=2.5)
        with self.voiceover("after_numbers", accuracy=self.readout_labels["accuracy"],
                            confidence=self.readout_labels["confidence"], ece=self.readout_labels["ece"]):
            self.play(Transform(self.readout, new_readout))


# =============================================================================================
# 4. Softmax inside attention
# =============================================================================================


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

    def construct(self) -> None:
        a = params_or_exit().attention
        self.params = a
        self.divisor = ValueTracker(float(np.sqrt(len(a.query))))

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
        chart = ValueBars(r.weights, [str(i + 1) for i in range(n)], [NEUTRAL_HEX] * n,
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
        self.score_labels = VGroup(*(DecimalNumber(float(format_number(s, 2)), num_decimal_places=2,
                                                   font_size=FOOTNOTE).move_to([chart.slot_center_x(i), y, 0])
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
            coord.set_value(float(format_number(v, 2)))
        label.arrange(RIGHT, buff=0.08)
        label[2].align_to(label[1], DOWN).shift(0.5 * label[2].height * DOWN)  # the comma hangs below the digits
        label.move_to(self.label_centre)

    def update_links(self, links: VGroup) -> None:
        w = self.readout.weights
        for line, dot, weight in zip(links, self.value_dots, w, strict=True):
            line.put_start_and_end_on(self.output_dot.get_center(), dot.get_center())
            line.set_stroke(width=1 + 7 * float(weight), opacity=0.25 + 0.75 * float(weight))

    # --- updaters: each drawn mobject redraws itself from the divisor ------------

    def follow_divisor(self) -> list[tuple[Mobject, object]]:
        chart, plane = self.weight_chart, self.value_plane

        def bars(m: ValueBars) -> None:
            w = self.readout.weights
            m.set_values(w, self.weight_labels(w).terms)

        def scores(m: VGroup) -> None:
            for i, (label, v) in enumerate(zip(m, self.readout.scores, strict=True)):
                label.set_value(float(format_number(v, 2)))
                label.move_to([chart.slot_center_x(i), label.get_y(), 0])

        def dot(m: Dot) -> None:
            m.move_to(plane.c2p(*self.readout.output))

        def divisor(m: DecimalNumber) -> None:
            m.set_value(float(format_number(self.divisor.get_value(), 2)))
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
        with self.voiceover("query"):
            self.play(FadeIn(self.title), FadeIn(self.key_plane))
            self.play(FadeIn(self.query_arrow), FadeIn(self.query_label))
        with self.voiceover("keys", n=str(len(self.params.keys))):
            self.play(FadeIn(self.key_arrows), FadeIn(self.key_labels))

    def show_scores(self) -> None:
        r = self.readout
        self.weight_chart = self.get_weight_chart()
        self.score_row = self.get_score_row()
        self.scores_heading = self.score_heading(r"\sqrt{d}")
        best, worst = int(np.argmax(r.scores)), int(np.argmin(r.scores))
        with self.voiceover("scores", d=str(r.dimension), best=str(best + 1), s_best=shown(self.score_labels[best]),
                            worst=str(worst + 1), s_worst=shown(self.score_labels[worst])):
            self.play(FadeIn(self.formula), FadeIn(self.weight_chart.name_labels))
            self.play(FadeIn(self.score_row), FadeIn(self.scores_heading))

    def show_weights(self) -> None:
        chart = self.weight_chart
        r = self.readout
        self.sum_label = self.sum_tex(self.weight_labels(r.weights).approximate)
        self.sum_label.move_to(chart.value_point(len(r.weights) - 1, 0.75) + RIGHT * 0.5 * chart.slot,
                               aligned_edge=RIGHT)
        best = int(np.argmax(r.weights))
        with self.voiceover("weights", best=str(best + 1), w_best=chart.label_strings[best]):
            self.play(FadeIn(chart.baseline), *(GrowFromEdge(b, DOWN) for b in chart.bars),
                      FadeIn(chart.value_labels))
            adopt(self, chart)
            self.play(FadeIn(self.sum_label))

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
            self.play(FadeIn(plane), FadeIn(self.values_group))
        with self.voiceover("output"):
            self.play(FadeIn(self.links), FadeIn(self.output_dot), FadeIn(self.output_label))

    def sweep_divisor(self) -> None:
        lo, hi = self.params.sweep
        rest = self.divisor.get_value()
        self.divisor_name = MathTex(r"\tau =", font_size=LABEL)
        self.divisor_value = DecimalNumber(float(format_number(rest, 2)), num_decimal_places=2, font_size=LABEL,
                                           color=HIGHLIGHT_COLOR)
        readout = VGroup(self.divisor_name, self.divisor_value).arrange(RIGHT, buff=0.15)
        readout.next_to(self.key_plane, DOWN, buff=0.25)
        new_heading = self.score_heading(r"\tau")
        new_formula = MathTex(r"o = \sum_i \mathrm{softmax}\!\left(\frac{q \cdot k_i}{\tau}\right) v_i",
                              font_size=LABEL).move_to(self.formula)
        with self.voiceover("temperature", rest=shown(self.divisor_value)):
            # the total comes back at rest, where the shown weights add up to it exactly
            self.play(Transform(self.formula, new_formula), Transform(self.scores_heading, new_heading),
                      FadeIn(readout), FadeOut(self.sum_label))
        followers = self.follow_divisor()
        for mob, updater in followers:
            mob.add_updater(updater)
        with self.voiceover("sharpen", low=format_number(lo, 2)) as beat:
            self.play(self.divisor.animate.set_value(lo), run_time=max(1.0, beat.duration - 0.5))
        with self.voiceover("flatten", high=format_number(hi, 2)) as beat:
            self.play(self.divisor.animate.set_value(hi), run_time=max(1.0, beat.duration - 0.5))
        with self.voiceover("why_sqrt_d") as beat:
            self.play(self.divisor.animate.set_value(rest), run_time=max(1.0, beat.duration - 0.5))
        for mob, updater in followers:
            mob.remove_updater(updater)
        self.play(FadeIn(self.sum_label), run_time=0.5)
