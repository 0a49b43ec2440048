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

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Axes,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    Group,
    MathTex,
    Sector,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from scenes.kit.curves import NarratedScene, set_polyline
from scenes.kit.digits import DigitThumbnail
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, TEXT_COLOR, class_color, label_tex, params_or_exit
from softmax_anim import format_number, load_mnist
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

    plane_size = 3.4  # scene units across each logit plane
    train_time = 10.0  # seconds for the whole run

    def construct(self) -> None:
        params = params_or_exit(three_classes=("digits.classes", "the logit plane of TrainingLogitPaths"))
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
        axes = Axes(
            x_range=[0, self.steps, 20],
            y_range=[0, top, 0.2 * np.ceil(top / 1.2)],
            x_length=3.8,
            y_length=2.9,
            tips=False,
            axis_config={"color": MUTED_COLOR, "font_size": 22, "include_numbers": True},
            y_axis_config={"decimal_number_config": {"num_decimal_places": 1}},
            x_axis_config={"decimal_number_config": {"num_decimal_places": 0}},
        )
        return axes

    def get_thumbnails(self) -> Group:
        digits = load_mnist().of_classes(self.classes)
        thumbs = [
            DigitThumbnail(digits.images[row], int(digits.labels[row]), int(digits.index[row]), 0.8, color)
            for row, color in zip(self.tracked, self.colors, strict=True)
        ]
        return Group(*thumbs).arrange(RIGHT, buff=0.3)

    # --- beats ---------------------------------------------------------------------

    def show_setup(self) -> None:
        radius = float(np.ceil(max(np.linalg.norm(c, axis=-1).max() for c in self.coords.values())))
        self.radius = radius
        self.sectors, self.boundaries, self.class_labels, self.planes = {}, {}, {}, {}
        self.title = label_tex("Logit paths under SGD and Adam", font_size=42).to_edge(UP, buff=0.3)
        for name, x in (("SGD", -4.85), ("Adam", -0.7)):
            # build the plane where it will stay, so sectors and labels are placed from its c2p
            self.planes[name] = self.get_plane_at(name, radius, np.array([x, -0.45, 0.0]))
        lr = {"SGD": self.training.sgd_learning_rate, "Adam": self.training.adam_learning_rate}
        self.plane_titles = {
            name: label_tex(f"{name}, learning rate {format_number(lr[name], 2)}", font_size=30,
                            color=SGD_COLOR if name == "SGD" else ADAM_COLOR)
            .next_to(self.sectors[name], UP, buff=0.55)
            for name in self.planes
        }
        self.loss_axes = self.get_loss_axes().move_to(RIGHT * 4.6 + DOWN * 0.1)
        self.loss_labels = VGroup(
            label_tex("training loss", font_size=26).next_to(self.loss_axes, UP, buff=0.15),
            label_tex("step", font_size=26).next_to(self.loss_axes.x_axis, DOWN, buff=0.1),
        )
        self.thumbnails = self.get_thumbnails().next_to(self.loss_axes, DOWN, buff=0.7)
        self.thumbnails_label = label_tex("tracked digits", font_size=26, color=MUTED_COLOR)
        self.thumbnails_label.next_to(self.thumbnails, DOWN, buff=0.15)

        self.play(FadeIn(self.title), FadeIn(self.thumbnails), FadeIn(self.thumbnails_label),
                  subcaption="A small softmax classifier learns three digit classes from real MNIST images, "
                  "each reduced to two numbers.")
        self.play(*(FadeIn(VGroup(self.sectors[n], self.boundaries[n], self.class_labels[n], self.plane_titles[n]))
                    for n in self.planes),
                  subcaption="Each panel shows the three logits of a digit as one point. Adding the same number "
                  "to all logits changes nothing, so that direction is left out.")
        self.play(*(b.animate.set_color(TEXT_COLOR) for b in self.boundaries.values()), run_time=1.5,
                  subcaption="In each coloured sector, that class has the largest logit: the sector a point "
                  "lies in is the predicted class.")
        self.play(*(b.animate.set_color(MUTED_COLOR) for b in self.boundaries.values()), run_time=1.5)

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
            *(label_tex(f"{d}", font_size=34, color=c).move_to(plane.c2p(*(radius * 1.08 * u)))
              for d, c, u in zip(self.classes, self.colors, directions, strict=True))
        )

    def show_start(self) -> None:
        self.paths: dict[str, VGroup] = {}
        self.dots: dict[str, VGroup] = {}
        for name, plane in self.planes.items():
            self.paths[name] = VGroup(*(VMobject(color=c, stroke_width=3) for c in self.colors))
            self.dots[name] = VGroup(
                *(Dot(plane.c2p(*self.coords[name][0, i]), radius=0.07, color=c, stroke_color=TEXT_COLOR,
                      stroke_width=1.5) for i, c in enumerate(self.colors))
            )
        self.loss_curves = {
            name: VMobject(color=SGD_COLOR if name == "SGD" else ADAM_COLOR, stroke_width=3) for name in self.runs
        }
        self.step_label = label_tex("step", font_size=30)
        self.step_value = DecimalNumber(0, num_decimal_places=0, font_size=30)
        self.step_counter = VGroup(self.step_label, self.step_value)
        self.step_counter.next_to(self.title, DOWN, buff=0.2)
        self.step_value.next_to(self.step_label, RIGHT, buff=0.15)
        self.update_paths()
        self.play(*(FadeIn(d) for d in self.dots.values()), FadeIn(self.loss_axes), FadeIn(self.loss_labels),
                  FadeIn(self.step_counter), *(FadeIn(c) for c in self.loss_curves.values()),
                  subcaption="Both runs start from the same small random weights: every digit sits near the "
                  "centre, about one third for each class.")

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
        self.play(self.step.animate.set_value(self.steps), run_time=self.train_time, rate_func=linear,
                  subcaption="Same mini-batches for both. SGD steps straight down the gradient; Adam scales "
                  "each weight's step by the size of its recent gradients.")
        live.clear_updaters()  # keep `live` on screen: removing the group would remove its paths and dots too
        self.update_paths()

    def show_final_losses(self) -> None:
        self.final_labels = VGroup()
        for name, curve in self.loss_curves.items():
            loss = format_number(self.runs[name].losses[-1], 2)
            label = MathTex(rf"\text{{{name}}}\;{loss}", font_size=28, color=curve.get_color())
            self.final_labels.add(label)
        self.final_labels.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        self.final_labels.next_to(self.loss_axes.c2p(self.steps, self.runs["SGD"].losses[0]), LEFT, buff=0.1)
        self.final_labels.align_to(self.loss_axes.c2p(self.steps, 0), RIGHT)
        sgd, adam = (format_number(self.runs[n].losses[-1], 2) for n in ("SGD", "Adam"))
        self.play(FadeIn(self.final_labels),
                  subcaption=f"After {self.steps} steps the training loss is {sgd} with SGD and {adam} with Adam.")
        self.narrate(" ".join(self.placement_sentence(n) for n in self.runs))
        self.wait(1)

    def misplaced(self, name: str) -> list[tuple[int, int]]:
        """``(digit, predicted digit)`` for each tracked digit outside its own sector at the end of run ``name``."""
        run = self.runs[name]
        predicted = run.logits[-1].argmax(axis=1)
        return [(self.classes[t], self.classes[p]) for t, p in zip(run.labels, predicted, strict=True) if t != p]

    def placement_sentence(self, name: str) -> str:
        wrong = self.misplaced(name)
        if not wrong:
            return f"With {name}, every tracked digit ends in its own class's sector."
        return f"With {name}, " + " and ".join(f"the {d} still sits in the sector of {p}" for d, p in wrong) + "."
