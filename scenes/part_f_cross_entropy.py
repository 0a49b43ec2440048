"""Part F: the bridge to the next lecture, cross-entropy ``-log p`` of the true class.

On the lecture's example the loss of the true class (cat by default) is
``-log 0.66 = 0.42``; had the truth been the least likely class (bird) it would
cost ``-log 0.10 = 2.32``. Then the true class's logit falls and rises: the
probability bars, the loss readout and a dot on the exact loss curve
``L(z_true)`` follow, all from :mod:`softmax_anim.cross_entropy`. The plot's
ranges follow the logits in force, so any supported parameter file keeps the
dot and the curve on the axes.

Render: ``manim -qh scenes/part_f_cross_entropy.py CrossEntropyBridge``
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    MathTex,
    SurroundingRectangle,
    Tex,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    config,
    smooth,
)

from scenes.kit.bars import ValueBars
from scenes.kit.narration import NarratedScene
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, TEXT_COLOR, class_color, params_or_exit
from scenes.kit.polyline import polyline
from scenes.kit.text import BODY, FOOTNOTE, LABEL, TITLE, escape_tex, show_number, title
from softmax_anim import format_number, format_probabilities, softmax
from softmax_anim.cross_entropy import cross_entropy, cross_entropy_vs_logit

SAFE_HALF_WIDTH = config.frame_width / 2 - 0.7  # title-safe margin on each side


def nice_step(span: float, most: int) -> float:
    """The smallest of 1, 2, 5, 10, 20, 50 ... that cuts ``span`` into at most ``most`` steps."""
    for scale in (1.0, 10.0, 100.0):
        for step in (1.0, 2.0, 5.0):
            if span / (step * scale) <= most:
                return step * scale
    return 1000.0


def probability_shown(p: float, label: str) -> tuple[str, str]:
    """``p`` as LaTeX and as spoken: its bar ``label``, or where that reads 0, more decimals (up to 4), else m x 10^k.

    ``-log p`` next to a probability shown as ``0.00`` would read as infinite;
    each form here is correctly rounded by the one formatting rule.
    ``probability_shown(0.659, "0.66")`` is ``("0.66", "0.66")``.
    """
    if float(label) > 0:
        return label, label
    for decimals in (2, 3, 4):
        text = format_number(p, decimals)
        if float(text) > 0:
            return text, text
    k = math.floor(math.log10(p))
    mantissa = format_number(p / 10**k, 2)
    if float(mantissa) >= 10:  # 9.996 rounds up to 10.00
        k, mantissa = k + 1, format_number(p / 10 ** (k + 1), 2)
    return rf"{mantissa} \times 10^{{{k}}}", f"{mantissa} times 10 to the power {k}"


class CrossEntropyBridge(NarratedScene):
    """Cross-entropy on the lecture's example, and the loss as the true class's logit changes.

    Attributes
    ----------
    logits : numpy.ndarray
        The lecture's logits.
    wrong_class : int
        The "what if the truth were ..." example: the least likely class other than the true one.
    layout : str
        ``"side"`` (bars left, loss plot right) or ``"stacked"`` (loss plot above a chart wide
        enough for many long class names).
    bars : ValueBars
        Softmax of the logits with the true class's logit set to :attr:`true_logit`.
    true_logit : ValueTracker
        The true class's logit.
    sweep : (float, float)
        The true logit goes down to the first, then up to the second (whole numbers
        3 or more below and above both the true logit and the log-sum-exp of the others).
    logit_range : (float, float)
        x range of the loss plot: the sweep with a margin.
    loss_max : float
        y range of the loss plot: above the loss at the left end of :attr:`logit_range`.
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
    curve_samples = 400
    side_chart_width = 5.2  # the bars beside the loss plot, up to this many scene units wide
    bar_slot = 1.3  # scene units per class at least, under the loss plot
    readout_y = 2.6

    def construct(self) -> None:
        params = params_or_exit()
        self.names = params.logits.names
        self.colors = params.logits.colors
        self.logits = np.asarray(params.logits.values)
        self.true_logit = ValueTracker(float(self.logits[self.true_class]))
        p = softmax(self.logits)
        others = [i for i in range(len(self.names)) if i != self.true_class]
        self.wrong_class = min(others, key=lambda i: (p[i], i))
        self.sweep, self.logit_range, self.loss_max = self.get_ranges()

        self.next_section("One example's loss")
        self.show_loss_of_example()

        self.next_section("A wrong guess costs more")
        self.show_wrong_class()

        self.next_section("Raise the true logit")
        self.show_loss_curve()
        self.sweep_true_logit()

        self.next_section("Next lecture")
        self.show_next_lecture()
        self.final_hold()

    # --- math for the current frame -------------------------------------------

    def get_ranges(self) -> tuple[tuple[float, float], tuple[float, float], float]:
        """The sweep, the plot's x range and its top loss, from the logits in force.

        The loss of the true class depends on its logit ``z`` only through
        ``z - m``, ``m`` the log-sum-exp of the other logits; the sweep runs at
        least 3 either side of both ``z`` and ``m``, so it shows the steep
        climb and the flat tail for any logits.
        """
        k = self.true_class
        z0 = float(self.logits[k])
        others = np.delete(self.logits, k)
        m = float(others.max() + np.log(np.exp(others - others.max()).sum()))
        low, high = math.floor(min(z0, m) - 3.0), math.ceil(max(z0, m) + 3.0)
        x_range = (float(low - 1), float(high + 2))
        top = float(cross_entropy_vs_logit(self.logits, k, [x_range[0]])[0])
        loss_max = float(math.ceil(top))
        if loss_max - top < 0.25:  # room above the curve's left end
            loss_max += nice_step(loss_max, 6) / 2 if loss_max > 6 else 1.0
        return (float(low), float(high)), x_range, loss_max

    def current_logits(self) -> np.ndarray:
        z = self.logits.copy()
        z[self.true_class] = self.true_logit.get_value()
        return z

    def current_probs(self) -> tuple[np.ndarray, list[str]]:
        p = softmax(self.current_logits())
        return p, format_probabilities(p, max_decimals=2)  # labels change every frame: keep one precision

    def name_tex(self, k: int) -> str:
        return rf"\text{{{escape_tex(self.names[k])}}}"

    # --- builders ---------------------------------------------------------------

    def get_bars(self) -> ValueBars:
        """The chart where it stays: left of the loss plot, or under it when many long names need the width."""
        n = len(self.names)
        name_width = max(Tex(escape_tex(s), font_size=LABEL).width for s in self.names)
        slot = max(1.1, name_width / 0.95 + 0.1)
        p, labels = self.current_probs()
        if n * slot <= self.side_chart_width:
            self.layout = "side"
            width = self.side_chart_width
            bars = ValueBars(p, self.names, self.colors, labels, value_range=(0.0, 1.0), height=4.1, width=width,
                             bar_fill=min(0.6, 1.1 / (width / n)))
            return bars.place(-SAFE_HALF_WIDTH + width / 2, 1.85)
        self.layout = "stacked"
        width = min(2 * SAFE_HALF_WIDTH, max(n * max(slot, self.bar_slot), 8.0))
        bars = ValueBars(p, self.names, self.colors, labels, value_range=(0.0, 1.0), height=2.0, width=width)
        return bars.place(0.0, -0.8)

    def get_axes(self) -> Axes:
        lo, hi = self.logit_range
        x_step = nice_step(hi - lo, 12)
        y_step = nice_step(self.loss_max, 3)
        if self.layout == "side":
            size, center = (5.6, 4.0), np.array([SAFE_HALF_WIDTH - 2.8, -0.35, 0.0])
        else:
            size, center = (8.0, 1.9), np.array([0.0, 1.05, 0.0])
        axes = Axes(
            x_range=[lo, hi, x_step],
            y_range=[0.0, self.loss_max, y_step / 2],
            x_length=size[0],
            y_length=size[1],
            tips=False,
            axis_config={
                "color": MUTED_COLOR, "font_size": FOOTNOTE, "decimal_number_config": {"num_decimal_places": 0}
            },
            x_axis_config={"include_numbers": True},
            y_axis_config={"label_direction": RIGHT},
        )
        # Every other tick labelled, right of the axis: the curve runs left of the axis there.
        ticks = np.arange(y_step, self.loss_max + 1e-9, y_step)
        axes.y_axis.add_numbers([float(t) for t in ticks])
        return axes.move_to(center)

    def get_readout(self) -> VGroup:
        k = self.true_class
        z_label = MathTex(rf"z_{{{self.name_tex(k)}}} =", font_size=LABEL)
        p_label = MathTex(rf"p_{{{self.name_tex(k)}}} =", font_size=LABEL)
        l_label = MathTex(r"L = -\log p =", font_size=LABEL)
        self.z_value = DecimalNumber(0, num_decimal_places=2, font_size=LABEL)
        self.p_value = DecimalNumber(0, num_decimal_places=2, font_size=LABEL)
        self.loss_value = DecimalNumber(0, num_decimal_places=2, font_size=LABEL, color=HIGHLIGHT_COLOR)
        rows = VGroup(*(VGroup(lab, val) for lab, val in
                        ((z_label, self.z_value), (p_label, self.p_value), (l_label, self.loss_value))))
        for lab, val in rows:
            val.next_to(lab, RIGHT, buff=0.15)
        rows.arrange(RIGHT, buff=0.7).move_to(np.array([0, self.readout_y, 0]))
        self.update_readout(rows)
        return rows

    def update_readout(self, rows: VGroup) -> None:
        z = self.true_logit.get_value()
        _, labels = self.current_probs()
        loss = cross_entropy(self.current_logits(), self.true_class)
        for (lab, val), text in zip(rows, (format_number(z, 2), labels[self.true_class], format_number(loss, 2)),
                                    strict=True):
            show_number(val, float(text))
            val.next_to(lab, RIGHT, buff=0.15)

    def formula_area(self) -> np.ndarray:
        """Where the formulas of the first beats go: right of the bars, or above them."""
        if self.layout == "side":
            return np.array([SAFE_HALF_WIDTH - 2.8, -0.1, 0.0])
        return np.array([0.0, 1.3, 0.0])

    # --- beats ------------------------------------------------------------------

    def show_loss_of_example(self) -> None:
        k = self.true_class
        self.title = title("Bridge to cross-entropy")
        self.bars = self.get_bars()
        self.true_box = SurroundingRectangle(self.bars.name_labels[k], color=HIGHLIGHT_COLOR, buff=0.08)
        self.true_note = Tex("true class", font_size=FOOTNOTE, color=HIGHLIGHT_COLOR)
        self.true_note.next_to(self.true_box, DOWN, buff=0.1)
        p_label, p_spoken = probability_shown(float(softmax(self.logits)[k]), self.bars.label_strings[k])
        loss = format_number(cross_entropy(self.logits, k), 2)
        self.loss_formula = MathTex(
            r"L &= -\log p_{", self.name_tex(k), r"} \\", rf"&= -\log {p_label}", "=", loss, font_size=TITLE,
        )
        self.loss_formula[1].set_color(class_color(self.colors[k]))
        self.loss_formula[-1].set_color(HIGHLIGHT_COLOR)
        self.fit_formula(self.loss_formula)
        self.loss_formula.move_to(self.formula_area(), aligned_edge=DOWN).shift(0.2 * UP)
        with self.voiceover("need") as beat:
            self.play(FadeIn(self.title), Create(self.bars.baseline), FadeIn(self.bars.name_labels), run_time=1.2)
            self.wait_frames(0.6 * beat.duration - beat.elapsed())  # "Here are the lecture's probabilities"
            self.play(LaggedStart(*(GrowFromEdge(b, DOWN) for b in self.bars.bars), lag_ratio=0.3),
                      FadeIn(self.bars.value_labels), run_time=1.5)
            self.add(self.bars)
        with self.voiceover("truth", true=self.names[k]):
            self.play(Create(self.true_box), FadeIn(self.true_note, shift=0.1 * UP), run_time=1.0)
            self.play(Indicate(self.bars.bars[k], color=HIGHLIGHT_COLOR), run_time=1.0)
        with self.voiceover("loss", p=p_spoken, loss=loss) as beat:
            self.play(Write(self.loss_formula[:3]), run_time=1.5)  # type: ignore[arg-type]
            self.play(Indicate(self.bars.value_labels[k]), Write(self.loss_formula[3]), run_time=1.2)  # type: ignore[arg-type]
            self.wait_frames(beat.duration - 2.5 - beat.elapsed())  # "which is {loss}": the line's end
            self.play(Write(self.loss_formula[4:]), run_time=1.0)  # type: ignore[arg-type]

    def fit_formula(self, formula: VMobject) -> None:
        """Shrink a formula that is wider than its area (never below the label size)."""
        room = 5.6 if self.layout == "side" else 2 * SAFE_HALF_WIDTH
        if formula.width > room:
            formula.scale(max(room / formula.width, LABEL / formula.font_size))  # type: ignore[operator]

    def show_wrong_class(self) -> None:
        j = self.wrong_class
        p_label, p_spoken = probability_shown(float(softmax(self.logits)[j]), self.bars.label_strings[j])
        loss = format_number(cross_entropy(self.logits, j), 2)
        self.wrong_formula = MathTex(
            r"&\text{if it were a }", self.name_tex(j), r"\text{:} \\", rf"&-\log {p_label}", "=", loss,
            font_size=BODY, color=MUTED_COLOR,
        )
        self.wrong_formula[1].set_color(class_color(self.colors[j]))
        self.fit_formula(self.wrong_formula)
        self.wrong_formula.move_to(self.formula_area(), aligned_edge=UP).shift(0.35 * DOWN)
        self.wrong_box = SurroundingRectangle(self.bars.name_labels[j], color=MUTED_COLOR, buff=0.08)
        with self.voiceover("wrong", other=self.names[j], p_other=p_spoken, loss=loss) as beat:
            self.play(Create(self.wrong_box), Indicate(self.bars.bars[j], color=MUTED_COLOR), run_time=1.2)
            self.play(FadeIn(self.wrong_formula, shift=0.2 * DOWN), run_time=1.0)
            self.wait_frames(0.65 * beat.duration - beat.elapsed())  # "a large loss": the second sentence
            self.play(Indicate(self.wrong_formula[-1], color=HIGHLIGHT_COLOR), run_time=1.0)

    def show_loss_curve(self) -> None:
        k = self.true_class
        self.axes = self.get_axes()
        xs = np.linspace(*self.logit_range, self.curve_samples)
        self.curve_points = np.column_stack([xs, cross_entropy_vs_logit(self.logits, k, xs)])
        self.curve = polyline(self.axes, self.curve_points, color=HIGHLIGHT_COLOR, stroke_width=4)
        self.x_label = MathTex(rf"z_{{{self.name_tex(k)}}}", font_size=LABEL)
        if self.layout == "side":
            self.x_label.next_to(self.axes.x_axis, DOWN, buff=0.15)
        else:
            self.x_label.next_to(self.axes.x_axis, RIGHT, buff=0.2)
        self.y_label = MathTex("L", font_size=LABEL)
        if self.layout == "side":
            self.y_label.next_to(self.axes.y_axis, UP, buff=0.15)
        else:  # the readout row is close above the plot
            self.y_label.next_to(self.axes.y_axis.get_top(), LEFT, buff=0.25)
        self.dot = Dot(self.axes.c2p(self.true_logit.get_value(), cross_entropy(self.logits, k)),
                       color=TEXT_COLOR, radius=0.08)
        self.readout = self.get_readout()
        with self.voiceover("change", true=self.names[k]):
            self.play(FadeOut(self.loss_formula), FadeOut(self.wrong_formula), FadeOut(self.wrong_box),
                      run_time=0.8)
            self.play(FadeIn(self.readout), Create(self.axes), FadeIn(self.x_label), FadeIn(self.y_label),
                      run_time=1.5)
        with self.voiceover("curve"):
            self.play(Create(self.curve), run_time=1.8)
            self.play(FadeIn(self.dot, scale=2), run_time=0.7)

    def sweep_true_logit(self) -> None:
        k = self.true_class

        def follow_bars(bars: ValueBars) -> None:
            bars.set_values(*self.current_probs())

        def follow_dot(dot: Dot) -> None:
            dot.move_to(self.axes.c2p(self.true_logit.get_value(), cross_entropy(self.current_logits(), k)))

        self.bars.add_updater(follow_bars)  # type: ignore[arg-type]
        self.dot.add_updater(follow_dot)  # type: ignore[arg-type]
        self.readout.add_updater(self.update_readout)  # type: ignore[arg-type]
        low, high = self.sweep
        # the logit slides, and the bars, the dot on the curve and the readout follow it
        with self.voiceover("lower"):
            self.play(self.true_logit.animate.set_value(low), run_time=2.5, rate_func=smooth)
        with self.voiceover("raise"):
            self.play(self.true_logit.animate.set_value(high), run_time=3.5, rate_func=smooth)
        for mob in (self.bars, self.dot, self.readout):
            mob.clear_updaters()

    def show_next_lecture(self) -> None:
        self.average = MathTex(r"L = -\frac{1}{N}\sum_{n=1}^{N} \log p_{y_n}", font_size=TITLE)
        heading = VGroup(Tex("Next lecture:", font_size=BODY, color=HIGHLIGHT_COLOR),
                         Tex("the cross-entropy loss", font_size=BODY, color=HIGHLIGHT_COLOR)).arrange(DOWN, buff=0.2)
        self.next_lecture = VGroup(heading, self.average).arrange(DOWN, buff=0.45)
        chart = VGroup(self.bars, self.true_box, self.true_note)
        self.next_lecture.move_to(chart)
        if self.layout == "side":
            self.next_lecture.set_x(chart.get_center()[0])
        with self.voiceover("next"):
            self.play(FadeOut(chart), run_time=0.8)
            self.play(FadeIn(self.next_lecture, shift=0.2 * UP), run_time=1.2)
            self.play(Indicate(self.average, color=HIGHLIGHT_COLOR, scale_factor=1.05), run_time=1.0)

