"""Part F: the probability simplex.

Softmax sends every logit vector of three classes to a point of a triangle.
Adding the same constant to all logits leaves the point where it is;
temperature moves it along an exact path from a corner (T -> 0) to the
centre (T -> infinity); the triangle splits into three argmax regions.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UL,
    Circle,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    GrowFromCenter,
    MathTex,
    ParametricFunction,
    Scene,
    ValueTracker,
    VGroup,
    smooth,
)

from scenes.kit.palette import HIGHLIGHT_COLOR, TEXT_COLOR, class_color, label_tex, params_or_exit
from scenes.kit.simplex import SimplexTriangle
from softmax_anim.activations import argmax
from softmax_anim.formatting import format_number, format_probabilities
from softmax_anim.simplex import argmax_regions, path_temperature, simplex_point, temperature_path


class ProbabilitySimplex(Scene):
    """Logits -> a point of the triangle; shift invariance; the temperature path; argmax regions.

    Attributes set by ``construct``
    -------------------------------
    triangle : SimplexTriangle
        The simplex, class names at the corners.
    table : VGroup
        Rows ``names``, ``z`` (the logits shown, shift included) and ``p``.
    logit_labels, prob_labels : VGroup
        The shown logits ``z + c`` and probabilities, one DecimalNumber per class.
    shift_tracker, path_tracker : ValueTracker
        The constant ``c`` added to every logit; the temperature path parameter ``s``
        (``T = path_temperature(s)``).
    point : Dot
        The image ``softmax(z + c, T)`` of the logits on the simplex.
    pin : Circle
        A ring around the point's place before the shift.
    path : ParametricFunction
        The exact temperature path from the argmax corner (``s = 0``) to the centre (``s = 1``).
    regions : VGroup
        The three argmax regions, one polygon per class.
    """

    triangle_radius = 3.1
    triangle_center = np.array([3.3, -0.55, 0.0])
    shift_values = (3.0, -2.0, 0.0)  # the constant c, in turn
    cold_end = 0.0  # path parameter of the coldest temperature shown (T = 0)
    hot_end = 0.97  # path parameter of the hottest temperature shown (T = 32.3)
    path_samples = 600

    def construct(self) -> None:
        params = params_or_exit(three_classes=("logits.names", "the probability simplex"))
        self.logits = np.array(params.logits.values)
        self.names = params.logits.names
        self.colors = params.logits.colors
        self.shift_tracker = ValueTracker(0.0)
        self.path_tracker = ValueTracker(0.5)  # T = 1

        self.next_section("The triangle")
        self.show_triangle()
        self.next_section("A logit vector and its image")
        self.show_image_point()
        self.next_section("Adding a constant")
        self.show_shift_invariance()
        self.next_section("Temperature path")
        self.show_temperature_path()
        self.next_section("Argmax regions")
        self.show_regions()

    # --- the numbers behind the frame ---

    def temperature(self) -> float:
        """The temperature now."""
        return float(path_temperature(self.path_tracker.get_value()))

    def probabilities(self) -> np.ndarray:
        """``softmax(z + c, T)`` for the current shift and temperature."""
        shifted = self.logits + self.shift_tracker.get_value()
        return temperature_path(shifted, self.temperature())

    # --- builders ---

    def get_title(self) -> VGroup:
        return label_tex("The probability simplex", font_size=44).to_corner(UL, buff=0.4)

    def get_table(self) -> VGroup:
        """Class names over the logits ``z`` and probabilities ``p``, columns centred on each other."""
        names = VGroup(*[label_tex(n, color=class_color(c), font_size=34) for n, c in zip(self.names, self.colors)])
        self.logit_labels = VGroup(*[DecimalNumber(0, font_size=34, color=TEXT_COLOR) for _ in self.names])
        self.prob_labels = VGroup(*[DecimalNumber(0, font_size=34, color=TEXT_COLOR) for _ in self.names])
        row_heads = VGroup(MathTex("z", font_size=38), MathTex("p", font_size=38))
        column_x = [-4.7 + 1.35 * k for k in range(3)]
        for k, x in enumerate(column_x):
            names[k].move_to([x, 1.3, 0])
        row_heads[0].move_to([-6.0, 0.5, 0])
        row_heads[1].move_to([-6.0, -0.3, 0])
        self._column_x = column_x
        self.update_table()
        self.table = VGroup(names, row_heads, self.logit_labels, self.prob_labels)
        return self.table

    def update_table(self) -> None:
        """Show the current logits ``z + c`` and probabilities, each centred in its column."""
        shown_logits = [format_number(v) for v in self.logits + self.shift_tracker.get_value()]
        shown_probs = format_probabilities(self.probabilities(), max_decimals=2)  # every frame: one precision
        for k, x in enumerate(self._column_x):
            self.logit_labels[k].set_value(float(shown_logits[k])).move_to([x, 0.5, 0])
            self.prob_labels[k].set_value(float(shown_probs[k])).move_to([x, -0.3, 0])

    def get_readouts(self) -> VGroup:
        """``c = ...`` and ``T = ...``, each a DecimalNumber following its tracker."""
        self.shift_readout = DecimalNumber(0, font_size=34, include_sign=True)
        self.temperature_readout = DecimalNumber(0, font_size=34)
        shift_row = VGroup(MathTex("c =", font_size=38), self.shift_readout).arrange(RIGHT, buff=0.15)
        temp_row = VGroup(MathTex("T =", font_size=38), self.temperature_readout).arrange(RIGHT, buff=0.15)
        shift_row.move_to([-4.7, -1.4, 0])
        temp_row.move_to([-4.7, -1.4, 0])
        self.shift_readout.add_updater(
            lambda m: m.set_value(float(format_number(self.shift_tracker.get_value())))
        )
        self.temperature_readout.add_updater(lambda m: m.set_value(float(format_number(self.temperature()))))
        self.shift_row, self.temp_row = shift_row, temp_row
        return VGroup(shift_row, temp_row)

    def get_path(self) -> ParametricFunction:
        """The exact path of ``softmax(z, T)`` for ``T`` from 0 (``s = 0``) to infinity (``s = 1``)."""
        return ParametricFunction(
            lambda s: self.triangle.c2p(simplex_point(temperature_path(self.logits, path_temperature(s)))),
            t_range=(0.0, 1.0, 1.0 / self.path_samples),
            use_smoothing=False,
            color=HIGHLIGHT_COLOR,
            stroke_width=4,
        )

    # --- beats ---

    def show_triangle(self) -> None:
        self.title = self.get_title()
        self.triangle = SimplexTriangle(
            self.names, self.colors, radius=self.triangle_radius, center=self.triangle_center
        )
        self.play(FadeIn(self.title), Create(self.triangle.outline), run_time=1.5,
                  subcaption="Three probabilities that add up to 1 are one point in a triangle.")
        self.play(
            *[GrowFromCenter(d) for d in self.triangle.corner_dots],
            FadeIn(self.triangle.corner_labels),
            subcaption="Each corner is one class with probability 1.",
        )
        self.wait(0.5)

    def show_image_point(self) -> None:
        table = self.get_table()
        self.point = Dot(self.triangle.p2p(self.probabilities()), radius=0.11, color=HIGHLIGHT_COLOR)
        self.point.set_z_index(3)
        self.point.add_updater(lambda m: m.move_to(self.triangle.p2p(self.probabilities())))
        z_text = ", ".join(format_number(v) for v in self.logits)
        p_text = ", ".join(format_probabilities(self.probabilities()))
        self.formula = MathTex(r"p = \operatorname{softmax}(z / T)", font_size=40).move_to([-4.7, 2.3, 0])
        self.play(FadeIn(self.formula), FadeIn(table[0]), FadeIn(table[1][0]), FadeIn(self.logit_labels),
                  subcaption=f"A classifier gives the logits {z_text}.")
        self.play(FadeIn(table[1][1]), FadeIn(self.prob_labels), GrowFromCenter(self.point),
                  subcaption=f"Softmax turns them into {p_text}: one point in the triangle.")
        self.wait(1.5)

    def show_shift_invariance(self) -> None:
        readouts = self.get_readouts()
        self.pin = Circle(radius=0.22, color=TEXT_COLOR, stroke_width=3).move_to(self.point)
        self.logit_labels.add_updater(lambda m: self.update_table())
        self.play(FadeIn(self.shift_row), Create(self.pin),
                  subcaption="Now add the same number c to every logit.")
        for k, c in enumerate(self.shift_values):
            self.play(
                self.shift_tracker.animate.set_value(c),
                run_time=2.0,
                rate_func=smooth,
                subcaption=(
                    "The logits change, the probabilities do not: the point stays where it is."
                    if k == 0
                    else None
                ),
            )
        self.wait(0.5)
        self.readouts = readouts

    def show_temperature_path(self) -> None:
        self.path = self.get_path()
        winner = self.names[argmax(self.logits)]
        cold = MathTex(r"T \to 0", font_size=34, color=HIGHLIGHT_COLOR)
        cold.next_to(self.triangle.corner(argmax(self.logits)), RIGHT, buff=0.25)
        hot = MathTex(r"T \to \infty", font_size=34, color=HIGHLIGHT_COLOR)
        hot.next_to(self.triangle.c2p((0.0, 0.0)), DOWN, buff=0.25)
        self.path_ends = VGroup(cold, hot)
        self.play(
            self.shift_row.animate.fade(1), FadeIn(self.temp_row), self.pin.animate.set_opacity(0),
            subcaption="Temperature divides the logits before softmax. At T = 1 we are here.",
        )
        self.remove(self.pin)
        self.play(
            self.path_tracker.animate.set_value(self.cold_end),
            run_time=3.0,
            rate_func=smooth,
            subcaption=f"As T goes to 0, the point runs into the {winner} corner: a hard maximum.",
        )
        self.play(
            self.path_tracker.animate.set_value(self.hot_end),
            Create(self.path),
            FadeIn(self.path_ends),
            run_time=4.0,
            rate_func=smooth,
            subcaption="As T grows, it slides along one exact path to the centre: all classes equally likely.",
        )
        self.play(
            self.path_tracker.animate.set_value(0.5),
            run_time=2.0,
            subcaption="Back to T = 1.",
        )

    def show_regions(self) -> None:
        self.regions = self.triangle.region_polygons(argmax_regions(), self.colors, opacity=0.35)
        self.regions.set_z_index(-1)
        winner = self.names[argmax(self.logits)]
        self.play(
            FadeIn(self.regions),
            run_time=1.5,
            subcaption="Colour each point by its largest probability: three regions that meet at the centre.",
        )
        self.play(
            self.path_tracker.animate.set_value(self.cold_end),
            run_time=2.0,
            subcaption=f"The whole path stays in the {winner} region: temperature never changes the winner.",
        )
        self.play(self.path_tracker.animate.set_value(self.hot_end), run_time=2.0)
        self.wait(1.0)
