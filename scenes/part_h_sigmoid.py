"""Part H, softmax's family: with two classes, softmax is the sigmoid of the logit difference.

:class:`TwoClassesSigmoid` takes the first two classes of the lecture's logits, shows that softmax's first
output is ``sigma(z_0 - z_1)``, draws that logistic curve from the two-class softmax itself, moves the
difference along it, then adds one number to both logits to show that nothing changes (K classes have
K - 1 free logits). Every number comes from :func:`softmax_anim.softmax` and
:func:`softmax_anim.activations.sigmoid` through the lecture's formatting rule.
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
    DecimalNumber,
    Dot,
    FadeIn,
    Indicate,
    MathTex,
    Mobject,
    ValueTracker,
    VGroup,
    Write,
)

from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE, hold_until
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, class_color, params_or_exit
from scenes.kit.polyline import polyline
from scenes.kit.text import FOOTNOTE, LABEL, escape_tex, left_margin, show_number, title
from softmax_anim import format_number, softmax
from softmax_anim.activations import sigmoid
from softmax_anim.formatting import display_decimals, rounded
from softmax_anim.lines1d import axis_range

P_DECIMALS = 3  # sigma(1.0) = 0.731: three decimals tell the curve's values apart


class TwoClassesSigmoid(NarratedScene):
    """Two classes: ``softmax(z_0, z_1)_0 = sigma(z_0 - z_1)``, the logistic curve, and a common shift.

    Attributes
    ----------
    logits : numpy.ndarray
        The first two of the lecture's logits (cat 2.0, dog 1.0).
    difference, shift : ValueTracker
        The logits on screen are ``(z_1 + difference + shift, z_1 + shift)``.
    axes : Axes
        Probability of class 0 against the logit difference.
    curve : VMobject
        ``softmax((d, 0))_0`` at 121 differences across the axis, joined by straight segments.
    dot : Dot
        The logits on screen, at ``(difference, sigma(difference))``.
    readout : VGroup
        Rows ``z_0, z_1, z_0 - z_1, p_0, p_1``, each a label and a :class:`DecimalNumber` (in ``values``).
    """

    common_shift = 3.0  # added to both logits: nothing changes
    plot_size = (7.2, 3.2)
    plot_center = (2.55, -0.45)
    curve_samples = 121

    def construct(self) -> None:
        params = params_or_exit()
        self.names, self.colors = params.logits.names[:2], params.logits.colors[:2]
        self.logits = np.array(params.logits.values[:2])
        self.z_decimals = display_decimals([*self.logits, *(self.logits + self.common_shift)])
        self.difference = ValueTracker(self.logits[0] - self.logits[1])
        self.shift = ValueTracker(0.0)

        self.next_section("Two classes")
        self.show_two_classes()

        self.next_section("Only the difference")
        self.show_formula()

        self.next_section("The logistic curve")
        self.show_curve()
        self.sweep_difference()

        self.next_section("Add the same number")
        self.add_common_shift()

        self.next_section("Logistic regression")
        self.show_regression()
        self.final_hold()

    # --- the numbers on screen ------------------------------------------------------------------

    def current_logits(self) -> np.ndarray:
        z1 = self.logits[1] + self.shift.get_value()
        return np.array([z1 + self.difference.get_value(), z1])

    def shown(self) -> dict[str, str]:
        """Every number the readout shows now, formatted as on screen."""
        z = self.current_logits()
        p = softmax(z)
        zd = self.z_decimals
        return {"z0": format_number(z[0], zd), "z1": format_number(z[1], zd),
                "d": format_number(z[0] - z[1], zd), "p0": format_number(p[0], P_DECIMALS),
                "p1": format_number(p[1], P_DECIMALS)}

    # --- builders ------------------------------------------------------------------------------

    def name_tex(self, k: int) -> str:
        return rf"\text{{{escape_tex(self.names[k])}}}"

    def z_tex(self, k: int) -> str:
        return rf"z_{{{self.name_tex(k)}}}"

    def get_readout(self) -> VGroup:
        z = self.current_logits()
        p = softmax(z)
        rows_spec = [
            (rf"{self.z_tex(0)} =", z[0], self.z_decimals),
            (rf"{self.z_tex(1)} =", z[1], self.z_decimals),
            (rf"{self.z_tex(0)} - {self.z_tex(1)} =", z[0] - z[1], self.z_decimals),
            (rf"p_{{{self.name_tex(0)}}} =", p[0], P_DECIMALS),
            (rf"p_{{{self.name_tex(1)}}} =", p[1], P_DECIMALS),
        ]
        labels = VGroup(*(MathTex(tex, font_size=LABEL) for tex, _, _ in rows_spec))
        for row, k in ((0, 0), (1, 1), (3, 0), (4, 1)):
            labels[row].set_color(class_color(self.colors[k]))
        labels.arrange(DOWN, aligned_edge=RIGHT, buff=0.32)
        self.values = VGroup(*(DecimalNumber(rounded(v, d), num_decimal_places=d, font_size=LABEL)
                               for _, v, d in rows_spec))
        readout = VGroup(labels, self.values)
        self.readout_labels = labels
        self.place_values()
        corner = np.array([labels.get_left()[0], readout.get_y(), 0.0])
        readout.shift(np.array([left_margin() + 0.2, -0.55, 0.0]) - corner)
        return readout

    def place_values(self) -> None:
        """Each value right of its label's equals sign (left-aligned, so changing digits do not jump)."""
        for label, value in zip(self.readout_labels, self.values, strict=True):
            value.next_to(label, RIGHT, buff=0.2).set_y(label[0][-1].get_y())

    def follow(self, mob: Mobject) -> None:
        """Redraw the readout and the dot for the logits on screen (an updater of each)."""
        z = self.current_logits()
        p = softmax(z)
        zd = self.z_decimals
        if mob is self.values:
            for label, v in zip(self.values, (rounded(z[0], zd), rounded(z[1], zd), rounded(z[0] - z[1], zd),
                                              rounded(p[0], P_DECIMALS), rounded(p[1], P_DECIMALS)), strict=True):
                show_number(label, v)
            self.place_values()
        elif mob is self.dot:
            self.dot.move_to(self.axes.c2p(z[0] - z[1], p[0]))

    def get_formula(self) -> MathTex:
        a, b = self.z_tex(0), self.z_tex(1)
        tex = MathTex(
            rf"p_{{{self.name_tex(0)}}} = \frac{{e^{{{a}}}}}{{e^{{{a}}} + e^{{{b}}}}}",
            rf"= \frac{{1}}{{1 + e^{{-({a} - {b})}}}}",
            rf"= \sigma({a} - {b})",
            font_size=LABEL,
        )
        return tex.next_to(self.title, DOWN, buff=0.35)

    def get_plot(self) -> VGroup:
        d0 = float(self.logits[0] - self.logits[1])
        reach = max(5.0, abs(d0) + 2.0)
        lo, hi, step = axis_range(-reach, reach, max_ticks=7, margin=0.0)
        self.axes = Axes(
            x_range=[lo, hi, step], y_range=[0.0, 1.0, 0.5], x_length=self.plot_size[0], y_length=self.plot_size[1],
            tips=False, axis_config={"color": MUTED_COLOR, "font_size": FOOTNOTE},
            x_axis_config={"numbers_to_include": [lo, 0.0, hi], "decimal_number_config": {"num_decimal_places": 0}},
            y_axis_config={"numbers_to_include": [0.0, 0.5, 1.0], "decimal_number_config": {"num_decimal_places": 1}},
        ).move_to(np.array([*self.plot_center, 0.0]))
        self.x_span = (lo, hi)
        x_label = MathTex(rf"{self.z_tex(0)} - {self.z_tex(1)}", font_size=FOOTNOTE)
        x_label.next_to(self.axes.x_axis, DOWN, buff=0.45)
        y_label = MathTex(rf"p_{{{self.name_tex(0)}}}", font_size=FOOTNOTE, color=class_color(self.colors[0]))
        y_label.next_to(self.axes.c2p(lo, 1.0), UP + RIGHT * 0.3, buff=0.15)
        self.axis_labels = VGroup(x_label, y_label)
        d = np.linspace(lo, hi, self.curve_samples)
        two_class = softmax(np.column_stack([d, np.zeros_like(d)]), axis=-1)[:, 0]  # the curve from softmax itself
        self.curve = polyline(self.axes, np.column_stack([d, two_class]),
                              color=class_color(self.colors[0]), stroke_width=5)
        z = self.current_logits()
        self.dot = Dot(self.axes.c2p(z[0] - z[1], sigmoid(z[0] - z[1])), color=HIGHLIGHT_COLOR, radius=0.1)
        return VGroup(self.axes, self.axis_labels)

    # --- beats ---------------------------------------------------------------------------------

    def show_two_classes(self) -> None:
        self.title = title("Two classes: the sigmoid")
        self.readout = self.get_readout()
        s = self.shown()
        with self.voiceover("intro", name0=self.names[0], name1=self.names[1], z0=s["z0"], z1=s["z1"],
                            p0=s["p0"], p1=s["p1"]) as beat:
            self.play(FadeIn(self.title), FadeIn(self.readout_labels[:2]), FadeIn(self.values[:2]), run_time=GLANCE)
            hold_until(self, beat, "Softmax gives")
            self.play(FadeIn(self.readout_labels[3:]), FadeIn(self.values[3:]), run_time=GLANCE)

    def show_formula(self) -> None:
        self.formula = self.get_formula()
        with self.voiceover("formula", name0=self.names[0]) as beat:
            self.play(Write(self.formula.submobjects[0]), run_time=WRITE)
            hold_until(self, beat, "What is left")
            self.play(Write(self.formula.submobjects[1]), run_time=WRITE)
            hold_until(self, beat, "it is the sigmoid")
            self.play(Write(self.formula.submobjects[2]), FadeIn(self.readout_labels[2]), FadeIn(self.values[2]),
                      run_time=GLANCE)
        self.add(self.values)  # the group itself in the scene, so that its updater runs during the sweeps

    def show_curve(self) -> None:
        self.plot = self.get_plot()
        s = self.shown()
        with self.voiceover("curve", d=s["d"], p0=s["p0"]) as beat:
            self.play(FadeIn(self.plot), run_time=GLANCE)
            self.play(Create(self.curve), run_time=WRITE)
            hold_until(self, beat, "Our difference")
            self.play(FadeIn(self.dot, scale=0.5), Indicate(self.values[2], color=HIGHLIGHT_COLOR), run_time=GLANCE)
            hold_until(self, beat, "the sigmoid of")
            self.play(Indicate(self.values[3], color=HIGHLIGHT_COLOR), run_time=GLANCE)

    def sweep_difference(self) -> None:
        d0 = self.difference.get_value()
        lo, hi = self.x_span
        with self.voiceover("sweep", name0=self.names[0]):
            for mob in (self.values, self.dot):
                mob.add_updater(self.follow)
            for target in (0.8 * lo, 0.8 * hi, d0):  # down, up, back to the lecture's difference
                self.play(self.difference.animate.set_value(target), run_time=2.0)
            for mob in (self.values, self.dot):
                mob.remove_updater(self.follow)

    def add_common_shift(self) -> None:
        c = format_number(self.common_shift, display_decimals([self.common_shift]))
        self.shift_note = MathTex(rf"+{c}\ \text{{to both}}", font_size=LABEL, color=HIGHLIGHT_COLOR)
        self.shift_note.next_to(self.readout_labels[:2], UP, buff=0.3).align_to(self.readout_labels, LEFT)
        z_new = self.logits + self.common_shift
        zd = self.z_decimals
        s = self.shown()
        with self.voiceover("shift", c=c, z0_shifted=format_number(z_new[0], zd),
                            z1_shifted=format_number(z_new[1], zd), d=s["d"], p0=s["p0"]) as beat:
            self.play(FadeIn(self.shift_note), run_time=GLANCE)
            self.values.add_updater(self.follow)
            self.play(self.shift.animate.set_value(self.common_shift), run_time=MOVE)
            self.values.remove_updater(self.follow)
            hold_until(self, beat, "but the difference")
            self.play(Indicate(self.values[2], color=HIGHLIGHT_COLOR), Indicate(self.dot, color=HIGHLIGHT_COLOR),
                      run_time=GLANCE)
        self.say("free")

    def show_regression(self) -> None:
        a, b = self.z_tex(0), self.z_tex(1)
        self.regression = MathTex(r"\text{logistic regression:}\quad", rf"{a} - {b} = w\,x + b", r",\quad",
                                  rf"p_{{{self.name_tex(0)}}} = \sigma(w\,x + b)", font_size=LABEL)
        self.regression.to_edge(DOWN, buff=0.35)
        with self.voiceover("regression"):
            self.play(Write(self.regression), run_time=WRITE)
