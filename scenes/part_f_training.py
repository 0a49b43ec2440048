"""Part F: the logits of three real digits while a classifier trains, with plain SGD and with Adam.

A linear softmax classifier learns the lecture's MNIST digits (reduced to two
PCA features) twice, from the same seeded start on the same seeded
mini-batches: once with plain SGD, once with Adam
(:mod:`softmax_anim.optimizers`, :mod:`softmax_anim.training`). Each panel is the 3-class logit plane (the
common shift of the logits dropped, as softmax ignores it), cut into the
exact 120-degree sectors where each class has the largest logit; the paths are
the recorded logits of one digit per class, step by step. On the right, the
training loss of both runs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    AnimationGroup,
    Axes,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    Group,
    Indicate,
    LaggedStart,
    MathTex,
    Sector,
    Succession,
    Tex,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
    there_and_back,
)

from scenes.kit.digits import DigitThumbnail
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import MOVE
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, TEXT_COLOR, class_color, params_or_exit
from scenes.kit.polyline import set_polyline
from scenes.kit.text import FOOTNOTE, LABEL, title
from softmax_anim import format_number, load_mnist
from softmax_anim.formatting import display_decimals
from softmax_anim.logit_plane import logit_paths, logit_plane_directions
from softmax_anim.optimizers import SGD, Adam
from softmax_anim.training import TrainingRun

SGD_COLOR = TEXT_COLOR
ADAM_COLOR = HIGHLIGHT_COLOR


class TrainingLogitPaths(NarratedScene):
    """Logit paths of three digits under SGD and Adam, side by side, with both loss curves.

    Attributes
    ----------
    training : softmax_anim.params.TrainingParams
        The ``[training]`` parameters: learning rates, steps, batch size, seed.
    runs : dict of str to TrainingRun
        ``"SGD"`` and ``"Adam"``: the recorded optimisation runs (:func:`softmax_anim.logit_plane.logit_paths`).
    tracked : numpy.ndarray of int
        The tracked digits, one per class.
    coords : dict of str to numpy.ndarray
        Per run, ``(steps + 1, 3, 2)``: the tracked logits in the logit plane.
    planes : dict of str to Axes
        Per run, the logit plane (axes hidden; equal scale in x and y).
    sectors : dict of str to VGroup
        Per run, one :class:`~manim.Sector` per class: where it has the largest logit.
    boundaries : dict of str to VGroup
        Per run, the three dashed rays between sectors.
    paths, dots : dict of str to VGroup
        Per run, one path and one dot per tracked digit.
    loss_axes : Axes
        Training loss (y) against the step (x).
    loss_curves : dict of str to VMobject
    step : ValueTracker
        The step shown now (fractional between recorded steps).
    thumbnails : Group
        The tracked digits' images, framed in their class colours.
    """

    class_counts = {"digits": (3,)}  # three logits, shift dropped, are one point of a plane
    plane_size = 3.9  # scene units across each logit plane
    plane_x = (-4.45, -0.2)  # scene x of the SGD and Adam planes' centres
    plane_y = -0.6
    loss_size = (3.6, 2.5)  # the loss plot's axes, scene units
    loss_center = RIGHT * 4.3 + UP * 0.55
    train_time = 10.0  # seconds for the whole run

    def construct(self) -> None:
        params = params_or_exit(self)
        digits = params.digits
        self.training = params.training  # optimizers' learning rates, steps, batch size, seed
        self.steps = self.training.steps
        self.classes = digits.classes
        self.colors = [class_color(c) for c in digits.colors]
        self.runs, self.coords = self.get_runs()
        self.step = ValueTracker(0.0)

        self.next_section("The logit plane")
        self.show_setup()

        self.next_section("Same start")
        self.show_start()

        self.next_section("Training")
        self.play_training()

        self.next_section("Compare")
        self.show_final_losses()
        self.final_hold()

    # --- math ----------------------------------------------------------------------

    def get_runs(self) -> tuple[dict[str, TrainingRun], dict[str, np.ndarray]]:
        t = self.training
        paths = logit_paths(self.classes, (SGD(t.sgd_learning_rate), Adam(t.adam_learning_rate)),
                            steps=t.steps, batch_size=t.batch_size, seed=t.seed)
        self.tracked = paths.tracked
        return paths.runs, paths.coords

    def coords_until(self, name: str, s: float) -> np.ndarray:
        """Recorded plane points up to step ``s``, ending at the point interpolated at ``s``: (n, 3, 2)."""
        c = self.coords[name]
        i = int(np.floor(s))
        if i >= len(c) - 1:
            return c
        return np.concatenate([c[: i + 1], (c[i] + (s - i) * (c[i + 1] - c[i]))[None]])

    def losses_until(self, name: str, s: float) -> np.ndarray:
        """``(step, loss)`` points up to step ``s``, linearly interpolated at ``s``."""
        losses = self.runs[name].losses
        steps = np.arange(len(losses), dtype=float)
        i = int(np.floor(s))
        pts = np.column_stack([steps[: i + 1], losses[: i + 1]])
        if i < len(losses) - 1:
            pts = np.vstack([pts, [s, losses[i] + (s - i) * (losses[i + 1] - losses[i])]])
        return pts

    # --- builders ------------------------------------------------------------------

    def get_loss_axes(self) -> Axes:
        top = float(np.ceil(max(run.losses.max() for run in self.runs.values()) * 5) / 5)
        step = 20 if self.steps >= 40 else max(1, self.steps // 4)
        axes = Axes(
            x_range=[0, self.steps, step],
            y_range=[0, top, 0.2 * np.ceil(top / 1.2)],
            x_length=self.loss_size[0],
            y_length=self.loss_size[1],
            tips=False,
            axis_config={"color": MUTED_COLOR, "font_size": FOOTNOTE, "include_numbers": True},
            y_axis_config={"decimal_number_config": {"num_decimal_places": 1}},
            x_axis_config={"decimal_number_config": {"num_decimal_places": 0}},
        )
        return axes

    def get_thumbnails(self) -> Group:
        """One framed image per tracked digit, its class digit under it, in class order."""
        digits = load_mnist().of_classes(self.classes)
        thumbs = []
        for row, color in zip(self.tracked, self.colors, strict=True):
            thumb = DigitThumbnail(digits.images[row], int(digits.labels[row]), int(digits.index[row]), 0.8, color)
            label = Tex(str(int(digits.labels[row])), font_size=LABEL, color=color).next_to(thumb, DOWN, buff=0.1)
            thumbs.append(Group(thumb, label))
        return Group(*thumbs).arrange(RIGHT, buff=0.35, aligned_edge=UP)

    def get_plane_at(self, name: str, radius: float, center: np.ndarray) -> Axes:
        plane = self.get_plane_shell(radius).move_to(center)
        self.decorate_plane(name, plane, radius)
        return plane

    def get_plane_shell(self, radius: float) -> Axes:
        return Axes(
            x_range=[-radius, radius, radius],
            y_range=[-radius, radius, radius],
            x_length=self.plane_size,
            y_length=self.plane_size,
            tips=False,
            axis_config={"stroke_opacity": 0.0, "include_ticks": False},
        )

    def decorate_plane(self, name: str, plane: Axes, radius: float) -> None:
        center = plane.c2p(0, 0)
        unit = plane.x_axis.get_unit_size()
        directions = logit_plane_directions()
        angles = np.arctan2(directions[:, 1], directions[:, 0])
        self.sectors[name] = VGroup(
            *(Sector(radius=radius * unit, angle=2 * PI / 3, start_angle=a - PI / 3, arc_center=center,
                     fill_color=c, fill_opacity=0.16, stroke_width=0)
              for a, c in zip(angles, self.colors, strict=True))
        )
        self.boundaries[name] = VGroup(
            *(DashedLine(center, plane.c2p(*(radius * np.array([np.cos(a + PI / 3), np.sin(a + PI / 3)]))),
                         color=MUTED_COLOR, stroke_width=2)
              for a in angles)
        )
        self.class_labels[name] = VGroup(
            *(Tex(f"{d}", font_size=LABEL, color=c).move_to(plane.c2p(*(radius * 1.1 * u)))
              for d, c, u in zip(self.classes, self.colors, directions, strict=True))
        )

    def build_layout(self) -> None:
        """Both logit planes, their titles, the loss axes and the thumbnails, where they stay."""
        radius = float(np.ceil(max(np.linalg.norm(c, axis=-1).max() for c in self.coords.values())))
        self.radius = radius
        self.sectors: dict[str, Any] = {}
        self.boundaries: dict[str, Any] = {}
        self.class_labels: dict[str, Any] = {}
        self.planes: dict[str, Any] = {}
        self.title = title("Logit paths under SGD and Adam")
        for name, x in zip(("SGD", "Adam"), self.plane_x, strict=True):
            # build the plane where it will stay, so sectors and labels are placed from its c2p
            self.planes[name] = self.get_plane_at(name, radius, np.array([x, self.plane_y, 0.0]))
        lr = {"SGD": self.training.sgd_learning_rate, "Adam": self.training.adam_learning_rate}
        self.plane_titles = {
            name: Tex(f"{name}, learning rate {format_number(lr[name], display_decimals([lr[name]], 1, 4))}",
                      font_size=FOOTNOTE, color=SGD_COLOR if name == "SGD" else ADAM_COLOR)
            .next_to(self.class_labels[name][0], UP, buff=0.2).set_x(self.planes[name].c2p(0, 0)[0])
            for name in self.planes
        }
        self.loss_axes = self.get_loss_axes().move_to(self.loss_center)
        self.loss_labels = VGroup(
            Tex("training loss", font_size=FOOTNOTE).next_to(self.loss_axes, UP, buff=0.15),
            Tex("step", font_size=FOOTNOTE).next_to(self.loss_axes.x_axis, DOWN, buff=0.1),
        )
        self.thumbnails = self.get_thumbnails().next_to(self.loss_labels[1], DOWN, buff=0.45)
        self.thumbnails.match_x(self.loss_axes)
        self.thumbnails_label = Tex("tracked digits", font_size=FOOTNOTE, color=MUTED_COLOR)
        self.thumbnails_label.next_to(self.thumbnails, DOWN, buff=0.12)
        self.step_label = Tex("step", font_size=LABEL)
        self.step_value = DecimalNumber(0, num_decimal_places=0, font_size=LABEL)
        self.step_counter = VGroup(self.step_label, self.step_value)
        self.step_value.next_to(self.step_label, RIGHT, buff=0.15)
        self.step_counter.next_to(self.title, DOWN, buff=0.2)
        self.step_value.next_to(self.step_label, RIGHT, buff=0.15)

    # --- beats ---------------------------------------------------------------------

    def show_setup(self) -> None:
        self.build_layout()
        # the tracked digits first, large in the middle of the frame, then to their place beside the loss plot
        home, grow = self.thumbnails.get_center(), 2.6
        self.thumbnails.scale(grow).move_to(0.3 * DOWN)
        with self.voiceover("setup") as beat:
            self.play(FadeIn(self.title), run_time=0.8)
            self.play(LaggedStart(*(FadeIn(t, shift=0.3 * UP) for t in self.thumbnails), lag_ratio=0.5),
                      run_time=1.5)
            pulses = (Indicate(t[1], color=t[1].get_color(), scale_factor=1.5) for t in self.thumbnails)
            self.wait_frames(beat.duration - 3.0 - beat.elapsed())  # "these three": the line's last words
            self.play(LaggedStart(*pulses, lag_ratio=0.5), run_time=1.5)
        with self.voiceover("panels"):
            self.play(self.thumbnails.animate.scale(1 / grow).move_to(home), FadeIn(self.thumbnails_label),
                      *(LaggedStart(*(FadeIn(sec, scale=0.6) for sec in self.sectors[n]), lag_ratio=0.4)
                        for n in self.planes),
                      *(FadeIn(self.plane_titles[n]) for n in self.planes),
                      run_time=2.0)
            self.play(*(Create(self.boundaries[n]) for n in self.planes), run_time=MOVE)
        with self.voiceover("sectors"):
            # one class after the other: its label appears and its sectors light up
            self.play(Succession(*(
                AnimationGroup(*(FadeIn(self.class_labels[n][i], scale=1.5) for n in self.planes),
                               *(self.sectors[n][i].animate(rate_func=there_and_back).set_fill(opacity=0.45)
                                 for n in self.planes))
                for i in range(3)
            )), run_time=3.0)

    def show_start(self) -> None:
        self.paths: dict[str, VGroup] = {}
        self.dots: dict[str, VGroup] = {}
        for name, plane in self.planes.items():
            self.paths[name] = VGroup(*(VMobject(color=c, stroke_width=3) for c in self.colors))
            self.dots[name] = VGroup(
                *(Dot(plane.c2p(*self.coords[name][0, i]), radius=0.08, color=c, stroke_color=TEXT_COLOR,
                      stroke_width=1.5) for i, c in enumerate(self.colors))
            )
        self.loss_curves = {
            name: VMobject(color=SGD_COLOR if name == "SGD" else ADAM_COLOR, stroke_width=3) for name in self.runs
        }
        self.update_paths()
        starts = {name: [d.get_center() for d in dots] for name, dots in self.dots.items()}
        for dots in self.dots.values():  # each digit's dot leaves its image
            for dot, thumb in zip(dots, self.thumbnails, strict=True):
                dot.move_to(thumb[0])
        with self.voiceover("start"):
            self.play(*(FadeIn(d, scale=2) for dots in self.dots.values() for d in dots), run_time=0.6)
            self.play(*(d.animate.move_to(p) for name, dots in self.dots.items()
                        for d, p in zip(dots, starts[name], strict=True)),
                      run_time=1.5)
            self.play(FadeIn(self.loss_axes), FadeIn(self.loss_labels), FadeIn(self.step_counter),
                      *(FadeIn(c) for c in self.loss_curves.values()), run_time=MOVE)

    def update_paths(self) -> None:
        s = self.step.get_value()
        for name, plane in self.planes.items():
            pts = self.coords_until(name, s)
            for i, (path, dot) in enumerate(zip(self.paths[name], self.dots[name], strict=True)):
                set_polyline(path, plane, pts[:, i])
                dot.move_to(plane.c2p(*pts[-1, i]))
            set_polyline(self.loss_curves[name], self.loss_axes, self.losses_until(name, s))
        self.step_value.set_value(int(np.floor(s)))
        self.step_value.next_to(self.step_label, RIGHT, buff=0.15)

    def play_training(self) -> None:
        # One updater for everything that follows the step; as a group on top, all of it is redrawn each frame.
        self.add(*self.paths.values(), *self.dots.values())
        live = VGroup(*self.paths.values(), *self.dots.values(), *self.loss_curves.values(), self.step_value)
        live.add_updater(lambda _m: self.update_paths())
        self.add(live)
        half = self.steps / 2
        for key, until in (("training_sgd", half), ("training_adam", self.steps)):
            with self.voiceover(key):  # each run's half: long enough to watch the dots find their sectors
                self.play(self.step.animate.set_value(until), run_time=self.train_time / 2, rate_func=linear)
        live.clear_updaters()  # keep `live` on screen: removing the group would remove its paths and dots too
        self.update_paths()

    def show_final_losses(self) -> None:
        self.final_labels = VGroup()
        for name, curve in self.loss_curves.items():
            loss = format_number(self.runs[name].losses[-1], 2)
            label = MathTex(rf"\text{{{name}}}\;{loss}", font_size=FOOTNOTE, color=curve.get_color())
            self.final_labels.add(label)
        self.final_labels.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        self.final_labels.next_to(self.loss_axes.c2p(self.steps, self.runs["SGD"].losses[0]), LEFT, buff=0.1)
        self.final_labels.align_to(self.loss_axes.c2p(self.steps, 0), RIGHT)
        sgd, adam = (format_number(self.runs[n].losses[-1], 2) for n in ("SGD", "Adam"))
        with self.voiceover("losses", steps=str(self.steps), sgd=sgd, adam=adam):
            self.play(FadeIn(self.final_labels, shift=0.2 * LEFT), run_time=1.0)
            self.play(*(Indicate(c, color=c.get_color(), scale_factor=1.05) for c in self.loss_curves.values()),
                      run_time=1.0)
        for name in self.runs:
            wrong = self.misplaced(name)
            dots = self.dots[name]
            if not wrong:
                with self.voiceover("placement_right", optimizer=name):
                    self.play(*(Indicate(d, color=d.get_color(), scale_factor=1.8) for d in dots), run_time=1.0)
            for digit, predicted in wrong:
                i = self.classes.index(digit)
                values = {"optimizer": name, "digit": str(digit), "predicted": str(predicted)}
                with self.voiceover("placement_wrong", **values):
                    self.play(Indicate(dots[i], color=dots[i].get_color(), scale_factor=2.2), run_time=1.0)

    def misplaced(self, name: str) -> list[tuple[int, int]]:
        """``(digit, predicted digit)`` for each tracked digit outside its own sector at the end of run ``name``."""
        run = self.runs[name]
        predicted = run.logits[-1].argmax(axis=1)
        return [(self.classes[t], self.classes[p]) for t, p in zip(run.labels, predicted, strict=True) if t != p]
