"""Part F: softmax in 3D.

For two classes, the probability of class 0 over the logit plane is a
surface whose every cross-section is the sigmoid of the logit difference.
For three classes, fixing the last logit at 0 (adding a constant changes
nothing) leaves a plane of logits over which the three probability surfaces
stand; seen from above, the highest surface at each point is the argmax.
A lecture of two classes (``logits.names``) ends after the sigmoid.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    IN,
    LEFT,
    RIGHT,
    UR,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    ManimColor,
    MathTex,
    ParametricFunction,
    Polygon,
    Tex,
    ThreeDAxes,
    ThreeDScene,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    smooth,
    there_and_back,
)
from numpy.typing import NDArray

from lecture_voice import spoken_list
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE
from scenes.kit.palette import HIGHLIGHT_COLOR, TEXT_COLOR, class_color, params_or_exit
from scenes.kit.text import BODY, FOOTNOTE, LABEL, TITLE_MARGIN, escape_tex, left_margin, title
from softmax_anim.activations import sigmoid
from softmax_anim.formatting import format_number, format_probabilities
from softmax_anim.surfaces import (
    anchor_logits,
    slice_argmax_cells,
    slice_probabilities,
    two_class_probability,
)

Heights = Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]]


def tex_name(name: str) -> str:
    r"""A class name as LaTeX text for subscripts (``\text{cat}``)."""
    return rf"\text{{{escape_tex(name)}}}"


def shade_once(axes: ThreeDAxes) -> ThreeDAxes:
    """Compute each axis's shading gradient once, where the axes stand (they never move; the camera does).

    manim's Cairo ``ThreeDAxes`` recomputed, for every piece of every axis in every frame, the
    axis's edge centres towards and away from the light: 40 % of this scene's 1080p build.
    """
    light = axes.light_source
    for axis in axes:
        ends = (axis.get_edge_center(-light), axis.get_edge_center(light))
        for piece in axis.family_members_with_points():
            piece.get_gradient_start_and_end_points = lambda ends=ends: ends  # type: ignore[attr-defined]
    return axes


class HeightSurface(VGroup):
    """The graph ``(u, v, height(u, v))`` over a square: a see-through fill and smooth grid curves.

    The grid curves are exact smooth curves through the heights (no facets at
    any resolution); the fill is a grid of flat, unshaded faces of one colour
    under them, so neighbouring faces never differ and no facet shows. The
    heights are evaluated in vectorised calls of ``height``. Drawing a few
    dozen curves instead of thousands of shaded faces keeps full-HD renders of
    moving-camera shots fast with the cairo renderer.

    Attributes
    ----------
    u_values, v_values : numpy.ndarray
        The grid's nodes along each axis (grid curves run along them).
    heights : numpy.ndarray, shape (len(u_values), len(v_values))
        ``height`` at every node.
    fill : VGroup
        The faces; face ``(i, j)`` has corners at nodes ``(i, j), (i+1, j), (i+1, j+1), (i, j+1)``.
    u_curves, v_curves : VGroup
        Curves along ``u`` at each ``v`` node, and along ``v`` at each ``u`` node.
    """

    def __init__(
        self,
        axes: ThreeDAxes,
        height: Heights,
        u_range: tuple[float, float],
        v_range: tuple[float, float],
        resolution: tuple[int, int],
        color: ManimColor,
        fill_opacity: float = 0.3,
        curve_samples: int = 96,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.u_values = np.linspace(*u_range, resolution[0] + 1)
        self.v_values = np.linspace(*v_range, resolution[1] + 1)
        u, v = np.meshgrid(self.u_values, self.v_values, indexing="ij")
        self.heights = np.asarray(height(u, v))
        points = self._points(axes, u, v, self.heights)
        self.fill = VGroup()
        for i in range(resolution[0]):
            for j in range(resolution[1]):
                corners = [points[i, j], points[i + 1, j], points[i + 1, j + 1], points[i, j + 1]]
                face = VMobject(stroke_width=0, fill_color=color, fill_opacity=fill_opacity)
                face.set_points_as_corners([*corners, corners[0]])
                self.fill.add(face)
        fine_u = np.linspace(*u_range, curve_samples + 1)
        fine_v = np.linspace(*v_range, curve_samples + 1)
        self.u_curves = VGroup(
            *[self._curve(axes, fine_u, np.full_like(fine_u, vv), height, color) for vv in self.v_values]
        )
        self.v_curves = VGroup(
            *[self._curve(axes, np.full_like(fine_v, uu), fine_v, height, color) for uu in self.u_values]
        )
        self.add(self.fill, self.u_curves, self.v_curves)

    @staticmethod
    def _points(
        axes: ThreeDAxes, u: NDArray[np.float64], v: NDArray[np.float64], h: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        nodes = np.stack([u, v, h], axis=-1)
        return np.asarray(axes.c2p(nodes.reshape(-1, 3))).reshape(nodes.shape)

    def _curve(
        self, axes: ThreeDAxes, u: NDArray[np.float64], v: NDArray[np.float64], height: Heights, color: ManimColor
    ) -> VMobject:
        curve = VMobject(stroke_color=color, stroke_width=2.0, stroke_opacity=0.9)
        curve.set_points_smoothly(self._points(axes, u, v, np.asarray(height(u, v))))
        return curve


class SoftmaxSurfaces3D(NarratedScene, ThreeDScene):
    """Two classes: the surface ``p_0(z_0, z_1)`` and its sigmoid cross-section; three classes: three surfaces.

    Attributes set by ``construct``
    -------------------------------
    axes : ThreeDAxes
        Logits ``z_0`` (x), ``z_1`` (y), probability (z, from 0 to 1).
    two_class_surface : HeightSurface
        ``softmax([z_0, z_1])[0]`` over the logit plane.
    cut_tracker : ValueTracker
        The fixed logit ``z_1 = c`` of the cross-section.
    cross_section : ParametricFunction
        ``(z_0, c, sigmoid(z_0 - c))``: the cut through the surface at ``z_1 = c``.
    surfaces : VGroup
        Three surfaces ``softmax([z_0, z_1, 0])[k]``, one per class.
    example_dots : VGroup
        The lecture's logits (shifted so the last is 0): one dot on each surface.
    """

    class_counts = {"logits": (2, 3)}  # two classes (the sigmoid), then three as surfaces over a plane
    logit_range = (-4.0, 4.0)
    axis_length = 6.0
    height_length = 3.0
    axes_shift = 1.3 * IN  # lowers the picture on screen
    resolution = (16, 16)  # grid curves per axis (each curve is smooth, sampled at curve_samples)
    curve_samples = 96
    fill_opacity = 0.3
    cut_values = (2.0, -2.0, 0.0)  # the fixed logit z_1 of the cross-section, in turn
    home_view = {"phi": 66 * DEGREES, "theta": -55 * DEGREES}
    rotation_time = 4.0

    def construct(self) -> None:
        params = params_or_exit(self)
        self.names = params.logits.names
        self.colors = params.logits.colors
        self.logits = np.array(params.logits.values)
        self.set_camera_orientation(**self.home_view, zoom=0.95)  # type: ignore[arg-type]
        self.axes = self.get_axes()

        self.next_section("Two classes")
        self.show_two_class_surface()
        self.next_section("Sigmoid cross-section")
        self.show_cross_section()
        if len(self.names) == 2:  # a lecture of two classes: the sigmoid is the whole story
            self.final_hold()
            return
        self.next_section("Three classes")
        self.show_three_class_surfaces()
        self.next_section("Seen from above")
        self.show_from_above()
        self.next_section("The lecture's example")
        self.show_example()
        self.final_hold()

    # --- builders ---

    def get_axes(self) -> ThreeDAxes:
        lo, hi = self.logit_range
        axes = ThreeDAxes(
            x_range=(lo, hi, 1),
            y_range=(lo, hi, 1),
            z_range=(0, 1, 0.5),
            x_length=self.axis_length,
            y_length=self.axis_length,
            z_length=self.height_length,
            axis_config={"tip_width": 0.2, "tip_height": 0.2},
        )
        return shade_once(axes.shift(self.axes_shift))

    def get_axis_labels(self, x_name: str, y_name: str) -> VGroup:
        """Labels beyond the axes' ends and the heights 0.5 and 1, always facing the camera."""
        hi = self.logit_range[1]
        labels = VGroup(
            MathTex(rf"z_{{{x_name}}}", font_size=LABEL).move_to(self.axes.c2p(hi + 1.0, 0, 0)),
            MathTex(rf"z_{{{y_name}}}", font_size=LABEL).move_to(self.axes.c2p(0, hi + 1.0, 0)),
            MathTex("p", font_size=LABEL).move_to(self.axes.c2p(0, 0, 1.3)),
        )
        ticks = VGroup(
            *[
                MathTex(format_number(h, 1), font_size=FOOTNOTE).move_to(self.axes.c2p(0, 0, h) + 0.45 * LEFT)
                for h in (0.5, 1.0)
            ]
        )
        return VGroup(labels, ticks)

    def surface(self, height: Heights, color: ManimColor) -> HeightSurface:
        return HeightSurface(
            self.axes, height, self.logit_range, self.logit_range, self.resolution, color,
            fill_opacity=self.fill_opacity, curve_samples=self.curve_samples,
        )

    def get_two_class_surface(self) -> HeightSurface:
        """``p_0 = softmax([z_0, z_1])[0]`` over the logit plane, in class 0's colour."""
        return self.surface(two_class_probability, class_color(self.colors[0]))

    def get_cross_section(self) -> ParametricFunction:
        """``(z_0, c, sigmoid(z_0 - c))`` for the current cut ``c``: the sigmoid of the difference."""
        lo, hi = self.logit_range
        c = self.cut_tracker.get_value()
        return ParametricFunction(
            lambda t: self.axes.c2p(t, c, float(sigmoid(t - c))),
            t_range=(lo, hi, (hi - lo) / 200),
            color=HIGHLIGHT_COLOR,
            stroke_width=6,
        )

    def get_class_surface(self, k: int) -> HeightSurface:
        """Class ``k``'s probability over the slice ``z = (z_0, z_1, 0)``."""
        return self.surface(lambda u, v: slice_probabilities(u, v)[..., k], class_color(self.colors[k]))

    def get_floor_regions(self) -> VGroup:
        """The exact argmax regions of ``(z_0, z_1, 0)`` on the logit square, on the floor ``p = 0``."""
        cells = slice_argmax_cells(self.logit_range, self.logit_range)
        return VGroup(
            *[
                Polygon(
                    *[self.axes.c2p(x, y, 0) for x, y in cell.vertices],
                    stroke_width=0, fill_color=class_color(self.colors[cell.winner]), fill_opacity=0.45,
                )
                for cell in cells
                if not cell.is_empty
            ]
        )

    def fixed(self, *mobjects: object) -> None:
        """Pin mobjects to the frame (titles, formulas) without adding them yet."""
        self.add_fixed_in_frame_mobjects(*mobjects)  # type: ignore[arg-type]
        self.remove(*mobjects)  # type: ignore[arg-type]

    def follow_cut(self, number: DecimalNumber) -> None:
        """Show the cut's value; ``set_value`` makes new digit mobjects, so pin those to the frame too."""
        number.set_value(float(format_number(self.cut_tracker.get_value())))
        self.renderer.camera.add_fixed_in_frame_mobjects(number)  # type: ignore[union-attr]

    # --- beats ---

    def show_two_class_surface(self) -> None:
        n0, n1 = tex_name(self.names[0]), tex_name(self.names[1])
        first, second = self.names[0], self.names[1]
        self.axis_labels = self.get_axis_labels(n0, n1)
        self.add_fixed_orientation_mobjects(*self.axis_labels[0], *self.axis_labels[1])
        self.title = title("Softmax in 3D: two classes", left=left_margin())
        self.fixed(self.title)
        with self.voiceover("two_classes", first=first, second=second):
            self.play(FadeIn(self.title), Create(self.axes), FadeIn(self.axis_labels), run_time=WRITE)
        self.two_class_surface = self.get_two_class_surface()
        self.formula = MathTex(rf"p_{{{n0}}} = \operatorname{{softmax}}(z)_{{{n0}}}", font_size=BODY)
        self.formula.to_corner(UR, buff=TITLE_MARGIN)
        self.fixed(self.formula)
        with self.voiceover("height", first=first):
            self.play(Create(self.two_class_surface), FadeIn(self.formula), run_time=2.0)
        with self.voiceover("near_one", first=first):
            self.move_camera(theta=-25 * DEGREES, run_time=2.5)  # turning shows the surface's depth

    def show_cross_section(self) -> None:
        n0, n1 = tex_name(self.names[0]), tex_name(self.names[1])
        self.cut_tracker = ValueTracker(0.0)
        self.cross_section = self.get_cross_section()
        self.cross_section.add_updater(lambda m: m.become(self.get_cross_section()))
        self.identity = MathTex(rf"= \sigma(z_{{{n0}}} - z_{{{n1}}})", font_size=BODY)
        self.identity.next_to(self.formula, DOWN, aligned_edge=LEFT)
        self.cut_readout = VGroup(MathTex(rf"z_{{{n1}}} =", font_size=LABEL), DecimalNumber(0, font_size=LABEL))
        self.cut_readout.arrange(RIGHT, buff=0.15).next_to(self.identity, DOWN, buff=0.3, aligned_edge=LEFT)
        self.cut_readout[1].add_updater(lambda m: self.follow_cut(m))  # a lambda: copies must not copy the scene
        self.fixed(self.identity, self.cut_readout)
        with self.voiceover("cut", second=self.names[1]):
            self.move_camera(phi=74 * DEGREES, theta=-72 * DEGREES, run_time=1.5)
            self.play(
                Create(self.cross_section), FadeIn(self.identity), FadeIn(self.cut_readout),
                run_time=WRITE,
            )
        with self.voiceover("shift"):
            for c in self.cut_values:  # the cut slides to each value in turn: the same S-curve each time
                self.play(self.cut_tracker.animate.set_value(c), run_time=1.5, rate_func=smooth)
        self.cross_section.clear_updaters()
        self.cut_readout[1].suspend_updating()

    def show_three_class_surfaces(self) -> None:
        n2 = tex_name(self.names[2])
        title3 = title("Softmax in 3D: three classes", left=left_margin())
        self.slice_note = MathTex(rf"z_{{{n2}}} = 0", font_size=BODY).to_corner(UR, buff=TITLE_MARGIN)
        self.fixed(title3, self.slice_note)
        self.surfaces = VGroup(*[self.get_class_surface(k) for k in range(3)])
        with self.voiceover("three_classes", third=self.names[2]):
            self.play(
                FadeOut(self.cross_section), FadeOut(self.identity), FadeOut(self.cut_readout),
                FadeOut(self.formula), FadeOut(self.title), FadeIn(title3), FadeIn(self.slice_note),
                Transform(self.two_class_surface, self.surfaces[0]),
                run_time=2.0,  # the S-surface reshapes into the three-class one
            )
        self.remove(self.two_class_surface)
        self.add(self.surfaces[0])
        self.title = title3
        self.legend = VGroup(
            *[Tex(name, color=class_color(col), font_size=LABEL) for name, col in zip(self.names, self.colors)]
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        self.legend.next_to(self.slice_note, DOWN, buff=0.35, aligned_edge=LEFT)
        self.fixed(self.legend)
        with self.voiceover("first_surface", first=self.names[0]):
            self.play(FadeIn(self.legend[0]), run_time=GLANCE)
            self.move_camera(theta=-45 * DEGREES, run_time=2.0)
        with self.voiceover("other_surfaces", second=self.names[1], third=self.names[2]):
            for k in (1, 2):
                self.play(FadeIn(self.surfaces[k]), FadeIn(self.legend[k]), run_time=MOVE)
        with self.voiceover("sum_one"):
            # a slow turn shows the three surfaces stacked; stopped before the hold, so the hold is frozen
            self.begin_ambient_camera_rotation(rate=0.15)
            self.wait(self.rotation_time)
            self.stop_ambient_camera_rotation()  # type: ignore[no-untyped-call]

    def show_from_above(self) -> None:
        self.floor_regions = self.get_floor_regions()
        # The height axis points at the camera from above: its labels would pile up in the middle.
        self.height_labels = VGroup(self.axis_labels[0][2], self.axis_labels[1])  # type: ignore[arg-type]
        with self.voiceover("above"):
            self.move_camera(
                phi=0, theta=-90 * DEGREES, run_time=2.5,
                added_anims=[FadeIn(self.floor_regions), FadeOut(self.height_labels)],
            )
        with self.voiceover("regions"):
            self.play(
                LaggedStart(
                    *(r.animate(rate_func=there_and_back).set_fill(opacity=0.85) for r in self.floor_regions),  # type: ignore[arg-type, operator]
                    lag_ratio=0.5,
                ),
                run_time=2.5,  # each region lights up in turn
            )

    def show_example(self) -> None:
        z = anchor_logits(self.logits)
        p = slice_probabilities(z[0], z[1])
        shown = format_probabilities(p)
        self.example_point = z[:2]
        self.example_dots = VGroup(
            *[
                Dot(self.axes.c2p(z[0], z[1], p[k]), radius=0.07, color=class_color(self.colors[k]))
                .set_stroke(TEXT_COLOR, width=1.5)
                for k in range(3)
            ]
        )
        self.add_fixed_orientation_mobjects(*self.example_dots)
        self.remove(*self.example_dots)
        self.example_stem = DashedLine(
            self.axes.c2p(z[0], z[1], 0), self.axes.c2p(z[0], z[1], 1), color=HIGHLIGHT_COLOR
        )
        self.example_values = VGroup(*[DecimalNumber(float(s), font_size=LABEL, color=TEXT_COLOR) for s in shown])
        for value, name in zip(self.example_values, self.legend):
            value.move_to(np.array([self.legend.get_right()[0] + 0.35 + value.width / 2, name.get_y(), 0]))
        self.fixed(self.example_values)
        with self.voiceover("example", third=self.names[2], probs=spoken_list(shown)):
            self.move_camera(**self.home_view, run_time=2.0, added_anims=[FadeIn(self.height_labels)])  # type: ignore[arg-type]
            self.play(
                Create(self.example_stem), FadeIn(self.example_dots), FadeIn(self.example_values),
                run_time=MOVE,
            )
