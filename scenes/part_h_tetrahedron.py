"""Part H, softmax's family: with four classes the probability simplex is a tetrahedron.

:class:`FourClassesTetrahedron` turns the tetrahedron of :mod:`softmax_anim.tetrahedron` slowly: corners are
the sure answers, the centre the uniform one, and argmax cuts it into four regions that meet at the centre.
A point follows ``softmax(z / T)`` of the ``[four_classes]`` logits from a corner (T -> 0) to the centre
(T -> infinity), along the exact path of :func:`softmax_anim.simplex.temperature_path`.
"""

from __future__ import annotations

import numpy as np
from manim import (
    BLACK,
    DEGREES,
    DOWN,
    LEFT,
    RIGHT,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    Line,
    MathTex,
    Mobject,
    Polygon,
    Tex,
    ThreeDScene,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
)

from lecture_voice import spoken_list
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE, hold_until
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, TEXT_COLOR, class_color, params_or_exit
from scenes.kit.text import FOOTNOTE, LABEL, escape_tex, left_margin, show_number, title
from softmax_anim import format_number, format_probabilities
from softmax_anim.activations import argmax
from softmax_anim.formatting import display_decimals, rounded
from softmax_anim.simplex import path_temperature, temperature_path
from softmax_anim.tetrahedron import TETRAHEDRON_CORNERS, surface_regions, tetrahedron_point, walls

P_DECIMALS = 2  # four probabilities beside a turning solid: two decimals, one precision throughout the sweep


class FourClassesTetrahedron(NarratedScene, ThreeDScene):
    """The tetrahedron of four probabilities, its argmax regions, and a temperature path from a corner to the centre.

    Attributes
    ----------
    corners : numpy.ndarray, shape (4, 3)
        Scene points of the classes' corners (:data:`TETRAHEDRON_CORNERS` times :attr:`size`).
    edges, kites, wall_faces : VGroup
        The six edges; the argmax regions on the faces (three kites per class); the six walls inside.
    path_param : ValueTracker
        ``s`` of :func:`path_temperature`: the point shows ``softmax(z / T)`` at ``T = s / (1 - s)``.
    path : VMobject
        The exact temperature path, through :attr:`path_samples` points.
    point : Dot
        The logits' softmax at the temperature on screen.
    readout : VGroup
        Per class: name, logit, probability (a :class:`DecimalNumber`, in :attr:`prob_values`), and ``T``.
    """

    size = 2.5  # scene units from the centre to a corner
    home_view = {"phi": 72 * DEGREES, "theta": -65 * DEGREES}
    turns = (-40 * DEGREES, -25 * DEGREES)  # theta after each slow turn: from -65 to -25 no corner points at the
    # camera (its name would sit on its dot) and the back corner's name stays clear of the front edges
    path_samples = 121
    sweep = (0.05, 0.95)  # path parameters of the coldest and hottest temperature shown: T = 0.05 and T = 19

    def construct(self) -> None:
        params = params_or_exit().four_classes
        self.names, self.colors = params.names, params.colors
        self.logits = np.array(params.values)
        self.winner = argmax(self.logits)
        self.corners = self.size * TETRAHEDRON_CORNERS
        self.path_param = ValueTracker(0.5)  # T = 1
        self.set_camera_orientation(**self.home_view)  # type: ignore[arg-type]

        self.next_section("The tetrahedron")
        self.show_tetrahedron()

        self.next_section("Argmax regions")
        self.show_regions()

        self.next_section("Temperature")
        self.show_logits()
        self.sweep_temperature()

        self.next_section("More classes")
        self.show_dimensions()
        self.final_hold()

    # --- the numbers on screen ------------------------------------------------------------------

    def current_probs(self) -> np.ndarray:
        return temperature_path(self.logits, path_temperature(self.path_param.get_value()))

    def to_scene(self, p: np.ndarray) -> np.ndarray:
        return self.size * tetrahedron_point(p)

    # --- builders ------------------------------------------------------------------------------

    def fixed(self, *mobjects: VMobject) -> None:
        """Pin mobjects to the frame (title, readout) without adding them yet."""
        self.add_fixed_in_frame_mobjects(*mobjects)
        self.remove(*mobjects)

    def get_solid(self) -> VGroup:
        c = self.corners
        self.edges = VGroup(*(Line(c[i], c[j], color=TEXT_COLOR, stroke_width=3)
                              for i in range(4) for j in range(i + 1, 4)))
        self.corner_dots = VGroup(*(Dot(c[k], radius=0.09, color=class_color(self.colors[k])) for k in range(4)))
        self.corner_labels = VGroup(*(
            Tex(escape_tex(self.names[k]), font_size=LABEL, color=class_color(self.colors[k]))
            .move_to(c[k] * (1 + 0.55 / self.size)) for k in range(4)))
        self.centre = Dot(np.zeros(3), radius=0.08, color=TEXT_COLOR)
        return VGroup(self.edges, self.corner_dots, self.corner_labels, self.centre)

    def get_regions(self) -> VGroup:
        self.kites = VGroup(*(Polygon(*(self.size * v), stroke_width=0, fill_color=class_color(self.colors[k]),
                                      fill_opacity=0.4) for k, v in surface_regions()))
        self.wall_faces = VGroup(*(Polygon(*(self.size * w.vertices), stroke_color=MUTED_COLOR, stroke_width=1.5,
                                           fill_color=MUTED_COLOR, fill_opacity=0.2) for w in walls()))
        return VGroup(self.kites, self.wall_faces)

    def get_path(self) -> VMobject:
        s = np.linspace(*self.sweep, self.path_samples)
        points = self.to_scene(temperature_path(self.logits, path_temperature(s)))
        return VMobject(color=HIGHLIGHT_COLOR, stroke_width=4).set_points_as_corners(points)

    def get_readout(self) -> VGroup:
        zd = display_decimals(self.logits)
        p = self.current_probs()
        rows = VGroup()
        self.prob_values = VGroup()
        for k in range(4):
            name = Tex(escape_tex(self.names[k]), font_size=LABEL, color=class_color(self.colors[k]))
            z = MathTex(format_number(self.logits[k], zd), font_size=LABEL)
            value = DecimalNumber(rounded(p[k], P_DECIMALS), num_decimal_places=P_DECIMALS, font_size=LABEL)
            self.prob_values.add(value)
            rows.add(VGroup(name, z, value))
        header = VGroup(Tex("class", font_size=FOOTNOTE), MathTex("z", font_size=LABEL), MathTex("p", font_size=LABEL))
        table = VGroup(*header, *(m for row in rows for m in row))
        table.arrange_in_grid(rows=5, cols=3, buff=(0.45, 0.22), col_alignments="lrr")
        self.temp_label = MathTex("T =", font_size=LABEL)
        self.temp_value = DecimalNumber(float(path_temperature(self.path_param.get_value())), num_decimal_places=2,
                                        font_size=LABEL)
        temp = VGroup(self.temp_label, self.temp_value).arrange(RIGHT, buff=0.15)
        readout = VGroup(table, temp).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        readout.move_to(np.array([left_margin() + readout.width / 2 + 0.1, -0.3, 0.0]))
        self.header_row = header
        return readout

    def follow(self, mob: Mobject) -> None:
        """Move the point, or redraw the readout, for the temperature on screen (an updater of each)."""
        if mob is self.point:
            self.point.move_to(self.to_scene(self.current_probs()))
            return
        labels = format_probabilities(self.current_probs(), P_DECIMALS, max_decimals=P_DECIMALS)
        for value, label in zip(self.prob_values, labels, strict=True):
            show_number(value, float(label))
        t = float(path_temperature(self.path_param.get_value()))
        show_number(self.temp_value, rounded(t, 2))
        self.renderer.camera.add_fixed_in_frame_mobjects(self.prob_values, self.temp_value)  # type: ignore[union-attr]

    # --- beats ---------------------------------------------------------------------------------

    def show_tetrahedron(self) -> None:
        self.title = title("Four classes: the tetrahedron")
        self.fixed(self.title)
        self.solid = self.get_solid()
        self.add_fixed_orientation_mobjects(*self.corner_labels, *self.corner_dots, self.centre)
        self.remove(*self.corner_labels, *self.corner_dots, self.centre)
        with self.voiceover("tetrahedron"):
            self.play(FadeIn(self.title), Create(self.edges), FadeIn(self.corner_dots), FadeIn(self.corner_labels),
                      run_time=WRITE)
            self.move_camera(theta=self.turns[0], run_time=3.0)  # turning shows the depth
        uniform = format_number(1 / 4, 2)
        self.legend = VGroup(MathTex(r"\text{corner: one } p_k = 1", font_size=LABEL),
                             MathTex(rf"\text{{centre: every }} p_k = {uniform}", font_size=LABEL))
        self.legend.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.legend.next_to(self.title, DOWN, buff=0.35).set_x(left_margin() + self.legend.width / 2)
        self.fixed(self.legend)
        with self.voiceover("corners", uniform=uniform) as beat:
            self.play(*(d.animate.scale(1.6) for d in self.corner_dots), FadeIn(self.legend[0]), run_time=GLANCE)
            self.play(*(d.animate.scale(1 / 1.6) for d in self.corner_dots), run_time=GLANCE)
            hold_until(self, beat, "At the centre")
            self.play(FadeIn(self.centre, scale=0.5), FadeIn(self.legend[1]), run_time=GLANCE)

    def show_regions(self) -> None:
        self.regions = self.get_regions()
        with self.voiceover("regions") as beat:
            self.play(FadeIn(self.kites), run_time=MOVE)
            hold_until(self, beat, "all four meet")
            self.play(FadeIn(self.wall_faces), run_time=MOVE)
            self.move_camera(theta=self.turns[1], run_time=3.0)

    def show_logits(self) -> None:
        self.readout = self.get_readout()
        self.fixed(self.readout)
        self.path = self.get_path()
        self.point = Dot(self.to_scene(self.current_probs()), radius=0.1, color=HIGHLIGHT_COLOR)
        self.point.set_stroke(BLACK, width=2)
        self.add_fixed_orientation_mobjects(self.point)
        self.remove(self.point)
        shown_z = [format_number(v, display_decimals(self.logits)) for v in self.logits]
        probs = format_probabilities(self.current_probs(), P_DECIMALS, max_decimals=P_DECIMALS)
        with self.voiceover("logits", logits=spoken_list(shown_z), probs=spoken_list(probs),
                            winner=self.names[self.winner]) as beat:
            self.play(FadeIn(self.readout), run_time=GLANCE)
            hold_until(self, beat, "a point inside")
            self.play(FadeIn(self.point, scale=0.5), run_time=GLANCE)

    def sweep_temperature(self) -> None:
        lo, hi = self.sweep
        with self.voiceover("temperature", winner=self.names[self.winner]) as beat:
            self.play(Create(self.path), run_time=MOVE)
            for mob in (self.point, self.readout):
                mob.add_updater(self.follow)
            self.play(self.path_param.animate.set_value(lo), run_time=2.0)
            hold_until(self, beat, "Raise it")
            self.play(self.path_param.animate.set_value(hi), run_time=2.5)
            for mob in (self.point, self.readout):
                mob.remove_updater(self.follow)

    def show_dimensions(self) -> None:
        self.dimensions = MathTex(r"K \text{ classes: a simplex of } K - 1 \text{ dimensions}", font_size=LABEL)
        self.dimensions.to_edge(DOWN, buff=0.35)
        self.fixed(self.dimensions)
        with self.voiceover("dimensions"):
            self.play(Write(self.dimensions), run_time=WRITE)
