"""Part G, softmax at work: calibration on real digits.

:class:`CalibrationOnDigits` asks when a softmax output may be read as a probability:
a softmax classifier fitted in numpy on real MNIST digits, its reliability diagram and
expected calibration error on held-out digits, a temperature fitted on validation digits,
and the diagram again after temperature scaling. Every number comes from
:mod:`softmax_anim.calibration`. The digits 0-9 are not the lecture's classes: their
bars are drawn in the neutral colour, the gap to calibration in the gap colour.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    GrowFromEdge,
    Indicate,
    MathTex,
    Polygon,
    Tex,
    Transform,
    VGroup,
    Write,
)

from scenes.kit.digits import DigitThumbnail
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE, hold_until
from scenes.kit.palette import GAP_COLOR, HIGHLIGHT_COLOR, MUTED_COLOR, NEUTRAL_COLOR, TEXT_COLOR, params_or_exit
from scenes.kit.text import FOOTNOTE, LABEL, SAFE_WIDTH, title
from softmax_anim import format_number, load_mnist
from softmax_anim.calibration import ReliabilityDiagram, calibration_study
from softmax_anim.formatting import format_percent


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
            Tex(f"training digits right: {format_percent(s.train_accuracy)}\\%", font_size=LABEL, color=MUTED_COLOR),
        ).arrange(DOWN, buff=0.18)
        group = VGroup(self.definition, self.model_lines).arrange(DOWN, buff=0.45)
        group.move_to((self.right_x, 0, 0)).align_to(self.y_label, UP)
        return group.shift(LEFT * max(0.0, group.get_right()[0] - SAFE_WIDTH / 2))  # within the title-safe area

    def get_mistakes(self) -> Group:
        digits = load_mnist()
        items = []
        mistakes = self.study.confident_mistakes(self.mistakes_shown)
        self.mistake_positions = [m.position for m in mistakes]
        self.mistake_confidences = [format_number(m.confidence, 2) for m in mistakes]
        for m, confidence in zip(mistakes, self.mistake_confidences, strict=True):
            thumb = DigitThumbnail(digits.images[m.row], m.label, m.row, side=1.6, color=MUTED_COLOR)
            caption = VGroup(
                Tex(f"label {m.label}", font_size=FOOTNOTE),
                MathTex(rf"\text{{says {m.predicted}}},\ p = {confidence}", font_size=FOOTNOTE, color=GAP_COLOR),
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
        accuracy, low, high = d.drawn()
        bars = [self.bin_rect(b, 0.0, float(accuracy[b])) for b in range(d.n_bins)]
        gaps = [self.bin_rect(b, float(low[b]), float(high[b])) for b in range(d.n_bins)]
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
        self.readout_labels = {"accuracy": format_percent(d.overall_accuracy),
                               "confidence": format_percent(d.mean_confidence), "ece": format_percent(d.ece)}
        scaled = "" if temperature is None else rf",\ T = {format_number(temperature, 2)}"
        rows = VGroup(
            MathTex(rf"\text{{{self.study.n_test} test digits}}{scaled}", font_size=LABEL, color=MUTED_COLOR),
            MathTex(r"\text{accuracy}", "=", self.readout_labels["accuracy"] + r"\%", font_size=LABEL),
            MathTex(r"\text{mean confidence}", "=", self.readout_labels["confidence"] + r"\%", font_size=LABEL),
            MathTex(r"\text{ECE}", "=", self.readout_labels["ece"] + r"\%", font_size=LABEL),
        )
        rows[3][2].set_color(GAP_COLOR)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        return rows.move_to((self.right_x, 0, 0)).align_to(self.y_label, UP)

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
            self.play(FadeIn(self.title), FadeIn(self.axes), FadeIn(self.x_label), FadeIn(self.y_label),
                      run_time=GLANCE)
            self.play(Write(self.definition), Create(self.diagonal), run_time=WRITE)
        with self.voiceover("model", train=str(s.n_train), components=str(s.components),
                            train_accuracy=format_percent(s.train_accuracy)):
            self.play(FadeIn(self.model_lines, lag_ratio=0.3), run_time=WRITE)
        with self.voiceover("mistakes", test=str(s.n_test), p=self.mistake_confidences[0]):
            self.play(FadeIn(self.mistakes, lag_ratio=0.3), run_time=WRITE)  # from the start: three digits to look at

    def show_diagram(self) -> None:
        s = self.study
        self.get_diagram(s.before)
        with self.voiceover("diagram") as beat:
            self.play(FadeOut(self.mistakes), FadeOut(self.intro), run_time=GLANCE)
            self.play(*(GrowFromEdge(b, DOWN) for b in self.bars), run_time=MOVE)
            self.bring_to_front(self.diagonal)  # over the bars that grew after it
            hold_until(self, beat, "A calibrated model")
            self.play(Indicate(self.diagonal, color=HIGHLIGHT_COLOR, scale_factor=1.0), run_time=MOVE)
        self.readout = self.get_readout(s.before)
        with self.voiceover("gap", accuracy=self.readout_labels["accuracy"],
                            confidence=self.readout_labels["confidence"]) as beat:
            self.play(FadeIn(self.gaps), run_time=GLANCE)
            hold_until(self, beat, "Overall it is right")
            self.play(FadeIn(self.readout[:3]), run_time=GLANCE)
        top = int(np.argmax(s.before.counts))
        with self.voiceover("counts", top=str(int(s.before.counts[top])), test=str(s.n_test)):
            self.play(*(GrowFromEdge(b, DOWN) for b in self.count_bars), FadeIn(self.count_label), run_time=MOVE)

    def show_ece(self) -> None:
        with self.voiceover("ece", ece=self.readout_labels["ece"]):
            self.play(Write(self.readout[3]), run_time=WRITE)

    def fit_temperature(self) -> None:
        s = self.study
        self.nll_plot = self.get_nll_plot()
        with self.voiceover("scaling"):
            self.play(FadeIn(self.nll_plot[0]), FadeIn(self.nll_plot[2:]), run_time=GLANCE)
        with self.voiceover("fit", validation=str(s.n_validation), t=format_number(s.temperature, 2)) as beat:
            hold_until(self, beat, "by minimizing")
            self.play(FadeIn(self.nll_curve), run_time=GLANCE)
            hold_until(self, beat, "The minimum")
            self.play(FadeIn(self.t_dot), FadeIn(self.t_line), Write(self.t_label), run_time=MOVE)

    def show_after(self) -> None:
        s = self.study
        new_readout = self.get_readout(s.after, s.temperature)
        with self.voiceover("after") as beat:
            hold_until(self, beat, "with T applied")
            self.play(*self.set_diagram(s.after), run_time=MOVE)
        with self.voiceover("after_numbers", accuracy=self.readout_labels["accuracy"],
                            confidence=self.readout_labels["confidence"], ece=self.readout_labels["ece"]):
            self.play(Transform(self.readout, new_readout), run_time=MOVE)
