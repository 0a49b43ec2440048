"""Part F: the probability simplex.

Softmax sends every logit vector of three classes to a point of a triangle.
Adding the same constant to all logits leaves the point where it is;
temperature moves it along an exact path from a corner (T -> 0) to the
centre (T -> infinity); the triangle splits into three argmax regions.

:class:`SimplexTriangle` draws the triangle of :mod:`softmax_anim.simplex`
(corners = classes) and maps simplex coordinates and probability vectors to
scene points, the way ``axes.c2p`` maps data to the screen; every position it
returns comes from :func:`softmax_anim.simplex.simplex_point`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Circle,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    GrowFromCenter,
    MathTex,
    ParametricFunction,
    Polygon,
    Tex,
    ValueTracker,
    VGroup,
    config,
    smooth,
)
from numpy.typing import ArrayLike

from lecture_voice import spoken_list
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import MOVE, WRITE
from scenes.kit.palette import HIGHLIGHT_COLOR, TEXT_COLOR, class_color, params_or_exit
from scenes.kit.text import BODY, LABEL, TITLE_MARGIN, left_margin, show_number, title
from softmax_anim.activations import argmax
from softmax_anim.formatting import format_number, format_probabilities
from softmax_anim.regions import Cell
from softmax_anim.simplex import SIMPLEX_CORNERS, argmax_regions, path_temperature, simplex_point, temperature_path

# Where each corner's class name sits, seen from the corner (class 0 top, 1 left, 2 right).
_LABEL_DIRECTIONS = (UP, DOWN + LEFT * 0.5, DOWN + RIGHT * 0.5)


class SimplexTriangle(VGroup):
    """The triangle of probability vectors of three classes, with the class names at the corners.

    Parameters
    ----------
    names : sequence of str
        The three class names.
    colors : sequence of str
        ``#RRGGBB`` class colours from the lecture parameters.
    radius : float
        Distance in scene units from the centre to each corner.
    center : array_like
        Scene point of the triangle's centre (the uniform distribution).

    Attributes
    ----------
    outline : Polygon
        The triangle's edges.
    corner_dots : VGroup
        One dot per class at its corner, in the class colour.
    corner_labels : VGroup
        The class names beside their corners.
    """

    def __init__(
        self,
        names: Sequence[str],
        colors: Sequence[str],
        radius: float = 3.0,
        center: ArrayLike = ORIGIN,
        font_size: float = LABEL,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if len(names) != 3 or len(colors) != 3:
            raise ValueError(f"the simplex triangle needs exactly 3 classes, got {len(names)}")
        self.radius = float(radius)
        self.center_point = np.array(center)
        self.outline = Polygon(*[self.c2p(c) for c in SIMPLEX_CORNERS], color=TEXT_COLOR, stroke_width=3)
        self.corner_dots = VGroup(
            *[Dot(self.c2p(c), radius=0.09, color=class_color(col)) for c, col in zip(SIMPLEX_CORNERS, colors)]
        )
        self.corner_labels = VGroup(
            *[Tex(name, color=class_color(col), font_size=font_size) for name, col in zip(names, colors)]
        )
        for label, dot, direction in zip(self.corner_labels, self.corner_dots, _LABEL_DIRECTIONS):
            label.next_to(dot, direction, buff=0.15)
        self.add(self.outline, self.corner_dots, self.corner_labels)

    def c2p(self, xy: ArrayLike) -> np.ndarray:
        """Scene point of simplex coordinates ``xy`` (shape (2,)); like ``axes.c2p``."""
        x, y = np.asarray(xy)
        return self.center_point + self.radius * np.array([x, y, 0.0])

    def p2p(self, p: ArrayLike) -> np.ndarray:
        """Scene point of the probability vector ``p`` (three entries summing to 1)."""
        return self.c2p(simplex_point(p))

    def corner(self, i: int) -> np.ndarray:
        """Scene point of class ``i``'s corner."""
        return self.c2p(SIMPLEX_CORNERS[i])

    def region_polygons(
        self, cells: Sequence[Cell], colors: Sequence[str], opacity: float = 0.3
    ) -> VGroup:
        """Filled polygons of argmax regions (``Cell`` vertices in simplex coordinates), one per class."""
        return VGroup(
            *[
                Polygon(
                    *[self.c2p(v) for v in cell.vertices],
                    stroke_width=0,
                    fill_color=class_color(colors[cell.winner]),
                    fill_opacity=opacity,
                )
                for cell in cells
            ]
        )


class ProbabilitySimplex(NarratedScene):
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

    class_counts = {"logits": (3,)}  # the simplex of three classes is the triangle drawn here
    triangle_radius = 3.1
    triangle_center = np.array([3.3, -0.55, 0.0])
    shift_values = (3.0, -2.0, 0.0)  # the constant c, in turn
    cold_end = 0.0  # path parameter of the coldest temperature shown (T = 0)
    hot_end = 0.97  # path parameter of the hottest temperature shown (T = 32.3)
    path_samples = 600

    def construct(self) -> None:
        params = params_or_exit(self)
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
        self.final_hold()

    # --- the numbers behind the frame ---

    def temperature(self) -> float:
        """The temperature now."""
        return float(path_temperature(self.path_tracker.get_value()))

    def probabilities(self) -> np.ndarray:
        """``softmax(z + c, T)`` for the current shift and temperature."""
        shifted = self.logits + self.shift_tracker.get_value()
        return temperature_path(shifted, self.temperature())

    # --- builders ---

    def get_title(self) -> Tex:
        return title("The probability simplex", left=left_margin())

    def get_table(self) -> VGroup:
        """Class names over the logits ``z`` and probabilities ``p``, columns centred on each other."""
        names = VGroup(*[Tex(n, color=class_color(c), font_size=LABEL) for n, c in zip(self.names, self.colors)])
        self.logit_labels = VGroup(*[DecimalNumber(0, font_size=LABEL, color=TEXT_COLOR) for _ in self.names])
        self.prob_labels = VGroup(*[DecimalNumber(0, font_size=LABEL, color=TEXT_COLOR) for _ in self.names])
        row_heads = VGroup(MathTex("z", font_size=BODY), MathTex("p", font_size=BODY))
        column_x = [-4.7 + 1.35 * k for k in range(3)]
        for k, x in enumerate(column_x):
            names[k].move_to(np.array([x, 1.3, 0]))
        row_heads[0].move_to(np.array([-6.0, 0.5, 0]))
        row_heads[1].move_to(np.array([-6.0, -0.3, 0]))
        self._column_x = column_x
        self.update_table()
        self.table = VGroup(names, row_heads, self.logit_labels, self.prob_labels)
        return self.table

    def update_table(self) -> None:
        """Show the current logits ``z + c`` and probabilities, each centred in its column."""
        shown_logits = [format_number(v) for v in self.logits + self.shift_tracker.get_value()]
        shown_probs = format_probabilities(self.probabilities(), max_decimals=2)  # every frame: one precision
        for k, x in enumerate(self._column_x):
            show_number(self.logit_labels[k], float(shown_logits[k])).move_to(np.array([x, 0.5, 0]))
            show_number(self.prob_labels[k], float(shown_probs[k])).move_to(np.array([x, -0.3, 0]))

    def get_readouts(self) -> VGroup:
        """``c = ...`` and ``T = ...``, each a DecimalNumber following its tracker."""
        self.shift_readout = DecimalNumber(0, font_size=LABEL, include_sign=True)
        self.temperature_readout = DecimalNumber(0, font_size=LABEL)
        shift_row = VGroup(MathTex("c =", font_size=LABEL), self.shift_readout).arrange(RIGHT, buff=0.15)
        temp_row = VGroup(MathTex("T =", font_size=LABEL), self.temperature_readout).arrange(RIGHT, buff=0.15)
        shift_row.move_to(np.array([-4.7, -1.4, 0]))
        temp_row.move_to(np.array([-4.7, -1.4, 0]))
        self.shift_readout.add_updater(
            lambda m: show_number(m, float(format_number(self.shift_tracker.get_value())))
        )
        self.temperature_readout.add_updater(lambda m: show_number(m, float(format_number(self.temperature()))))
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

    def keep_corner_labels_in_frame(self) -> None:
        """Slide a long class name inward along its row, so it ends at the title margin rather than off the frame."""
        right = config.frame_width / 2 - TITLE_MARGIN
        for label in self.triangle.corner_labels:
            overshoot = label.get_right()[0] - right
            if overshoot > 0:
                label.shift(overshoot * LEFT)

    def show_triangle(self) -> None:
        self.title = self.get_title()
        self.triangle = SimplexTriangle(
            self.names, self.colors, radius=self.triangle_radius, center=self.triangle_center
        )
        self.keep_corner_labels_in_frame()
        with self.voiceover("triangle"):
            self.play(FadeIn(self.title), Create(self.triangle.outline), run_time=WRITE)
        with self.voiceover("corners"):
            self.play(
                *[GrowFromCenter(d) for d in self.triangle.corner_dots],
                FadeIn(self.triangle.corner_labels),
                run_time=MOVE,
            )

    def show_image_point(self) -> None:
        table = self.get_table()
        self.point = Dot(self.triangle.p2p(self.probabilities()), radius=0.11, color=HIGHLIGHT_COLOR)
        self.point.set_z_index(3)
        self.point.add_updater(lambda m: m.move_to(self.triangle.p2p(self.probabilities())))
        probs = spoken_list(format_probabilities(self.probabilities()))
        self.formula = MathTex(r"p = \operatorname{softmax}(z / T)", font_size=BODY).move_to([-4.7, 2.3, 0])  # type: ignore[arg-type]
        with self.voiceover("logits"):
            self.play(
                FadeIn(self.formula), FadeIn(table[0]), FadeIn(table[1][0]), FadeIn(self.logit_labels),
                run_time=MOVE,
            )
        with self.voiceover("point", probs=probs):
            self.play(
                FadeIn(table[1][1]), FadeIn(self.prob_labels), GrowFromCenter(self.point), run_time=MOVE
            )

    def show_shift_invariance(self) -> None:
        readouts = self.get_readouts()
        self.pin = Circle(radius=0.22, color=TEXT_COLOR, stroke_width=3).move_to(self.point)
        self.logit_labels.add_updater(lambda m: self.update_table())
        with self.voiceover("shift"):
            self.play(FadeIn(self.shift_row), Create(self.pin), run_time=MOVE)
        with self.voiceover("unchanged"):
            for c in self.shift_values:  # c moves to each value in turn: the logits change, the point stays
                self.play(self.shift_tracker.animate.set_value(c), run_time=1.5, rate_func=smooth)
        self.readouts = readouts

    def show_temperature_path(self) -> None:
        self.path = self.get_path()
        winner = self.names[argmax(self.logits)]
        cold = MathTex(r"T \to 0", font_size=LABEL, color=HIGHLIGHT_COLOR)
        cold.next_to(self.triangle.corner(argmax(self.logits)), RIGHT, buff=0.25)
        hot = MathTex(r"T \to \infty", font_size=LABEL, color=HIGHLIGHT_COLOR)
        hot.next_to(self.triangle.c2p((0.0, 0.0)), DOWN, buff=0.25)
        self.path_ends = VGroup(cold, hot)
        with self.voiceover("temperature"):
            self.play(
                self.shift_row.animate.fade(1), FadeIn(self.temp_row), self.pin.animate.set_opacity(0),
                run_time=MOVE,
            )
        self.remove(self.pin)
        # the point's run along the temperature path: long enough to watch it travel, not the whole line
        with self.voiceover("cold", winner=winner):
            self.play(self.path_tracker.animate.set_value(self.cold_end), run_time=2.5, rate_func=smooth)
        with self.voiceover("hot"):
            self.play(
                self.path_tracker.animate.set_value(self.hot_end),
                Create(self.path),
                FadeIn(self.path_ends),
                run_time=3.0,
                rate_func=smooth,
            )
        with self.voiceover("back"):
            self.play(self.path_tracker.animate.set_value(0.5), run_time=1.5)

    def show_regions(self) -> None:
        self.regions = self.triangle.region_polygons(argmax_regions(), self.colors, opacity=0.35)
        self.regions.set_z_index(-1)
        winner = self.names[argmax(self.logits)]
        with self.voiceover("regions"):
            self.play(FadeIn(self.regions), run_time=MOVE)
        with self.voiceover("same_winner", winner=winner):
            self.play(self.path_tracker.animate.set_value(self.cold_end), run_time=2.0)
            self.play(self.path_tracker.animate.set_value(self.hot_end), run_time=2.0)
