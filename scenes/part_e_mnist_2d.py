"""Part E: softmax in two dimensions, on real handwritten digits.

Real MNIST samples of ``params.digits.classes`` are reduced to 2D with PCA, a
softmax regression is fitted on those points in numpy (without a bias, so a
digit's class is the weight vector it points most along), and the plane is
coloured by the exact class cells. Every picture is a real dataset image whose
frame colour is its dataset label. All of it comes from
:mod:`softmax_anim.digits2d`.

Render: ``manim -qh scenes/part_e_mnist_2d.py WeightVectors2D``
"""

from __future__ import annotations

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    Dot,
    FadeIn,
    Group,
    GrowArrow,
    Indicate,
    LaggedStart,
    ManimColor,
    MathTex,
    Polygon,
    Square,
    SurroundingRectangle,
    Tex,
    VGroup,
    Write,
    config,
    there_and_back,
)

from lecture_voice import spoken_list
from scenes.kit.digits import DigitThumbnail
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE
from scenes.kit.palette import (
    HIGHLIGHT_COLOR,
    MUTED_COLOR,
    class_color,
    params_or_exit,
)
from scenes.kit.text import FOOTNOTE, LABEL, title
from softmax_anim import argmax, format_number
from softmax_anim.digits2d import digit_plane, pick_digits


class WeightVectors2D(NarratedScene):
    """Weight vectors, exact class cells and real digit thumbnails in the PCA plane.

    Attributes (set by ``construct``)
    ----------
    params : LectureParams
    plane : DigitPlane
        Samples, 2D points, fitted model, accuracy, rectangle and cells.
    picks : DigitPicks
        Which samples are shown as thumbnails, and the new digit.
    axes : Axes
        The PCA plane over ``plane.x_range`` x ``plane.y_range``, equal scale in x and y.
    cells : VGroup of Polygon
        One per non-empty cell of ``plane.cells`` (``cell_winners`` says whose);
        vertices are ``axes.c2p`` of the cell's vertices.
    cell_winners : list of int
    dots : VGroup of Dot
        Every training sample inside the rectangle, in its label's colour.
    thumbnails : Group of DigitThumbnail
        Real images centred at ``axes.c2p`` of their sample's point; ``.label``
        is the dataset label, ``.sample`` the position in ``plane.samples``.
    weight_arrows : VGroup of Arrow
        From the origin to ``axes.c2p(w_i)``, one per class.
    new_digit : DigitThumbnail
        The held-out digit, large in the side panel.
    new_vector : Arrow
        From the origin to the new digit's point.
    scores : VGroup
        ``w_i . x`` of the new digit, one line per class (``score_texts`` holds the strings).
    accuracy_label : Tex
        The held-out accuracy, computed by the pipeline.
    """

    # Variations a subclass may override.
    plot_height = 6.0  # scene units for the plane's y_range, at most: less where the panel needs the room
    margin = 0.3  # scene units between the picture and the frame's left, right and bottom edges
    panel_gap = 0.45  # between the plane and the panel
    thumbnail_side = 0.5  # scene units
    new_digit_side = 1.3
    show_dots = True

    def construct(self) -> None:
        self.params = params_or_exit()
        self.plane = digit_plane(self.params.digits.classes, self.params.digits.seed)
        self.title = title("Softmax in 2D, on real handwritten digits")
        self.lay_out()

        self.next_section("Real digits in two dimensions")
        self.play_digits()
        self.next_section("Weight vectors")
        self.play_weight_vectors()
        self.next_section("Class regions")
        self.play_cells()
        self.next_section("A new digit")
        self.play_new_digit()
        self.next_section("Accuracy")
        self.play_accuracy()
        self.final_hold()

    # --- builders -------------------------------------------------------

    def color(self, i: int) -> ManimColor:
        return class_color(self.params.digits.colors[i])

    def lay_out(self) -> None:
        """The plane as large as the room beside the panel allows (at most ``plot_height`` high), and the panel.

        The panel's width depends on the new digit's scores, and the new digit on the thumbnails picked at
        the plane's scale: the plane shrinks by what the panel lacks until the panel fits (twice at most).
        """
        y_lo, y_hi = self.plane.y_range
        unit = self.plot_height / (y_hi - y_lo)
        right = config.frame_width / 2 - self.margin
        for _ in range(4):
            self.place_plane(unit)
            self.panel = self.get_panel()
            lacking = self.panel.get_right()[0] - right
            if lacking <= 1e-6:
                return
            unit *= 1 - lacking / self.axes.width
        raise RuntimeError("WeightVectors2D: the panel does not fit beside the plane")  # never seen: a bug

    def place_plane(self, unit: float) -> None:
        """Axes at ``unit`` scene units per plane unit, the weight vectors, the frame and the picked digits."""
        digits = self.params.digits
        self.axes = self.get_axes(unit)
        self.frame = self.get_frame()
        self.weight_arrows, self.weight_labels = self.get_weight_arrows()
        separation = self.thumbnail_side / unit + 0.05  # plane units: thumbnails never touch
        label_points = [self.axes.p2c(label.get_center()) for label in self.weight_labels]
        keep_clear = np.vstack([np.zeros((1, 2)), self.plane.model.weights, label_points])
        self.picks = pick_digits(self.plane, digits.thumbnails_per_class, digits.seed, separation, keep_clear)

    def get_axes(self, unit: float) -> Axes:
        (x_lo, x_hi), (y_lo, y_hi) = self.plane.x_range, self.plane.y_range
        axes = Axes(
            x_range=[x_lo, x_hi, 1],
            y_range=[y_lo, y_hi, 1],
            x_length=unit * (x_hi - x_lo),
            y_length=unit * (y_hi - y_lo),
            tips=False,
            axis_config={"color": MUTED_COLOR, "stroke_width": 2, "include_ticks": False},
        )
        return axes.to_corner(DL, buff=self.margin)

    def get_frame(self) -> Polygon:
        (x_lo, x_hi), (y_lo, y_hi) = self.plane.x_range, self.plane.y_range
        corners = [(x_lo, y_lo), (x_hi, y_lo), (x_hi, y_hi), (x_lo, y_hi)]
        return Polygon(*(self.axes.c2p(*c) for c in corners), color=MUTED_COLOR, stroke_width=2)

    def get_cells(self) -> tuple[VGroup, list[int]]:
        polygons, winners = [], []
        for cell in self.plane.cells:
            if cell.is_empty:
                continue
            poly = Polygon(*(self.axes.c2p(*v) for v in cell.vertices), stroke_width=0)
            poly.set_fill(self.color(cell.winner), opacity=0.28)
            polygons.append(poly)
            winners.append(cell.winner)
        return VGroup(*polygons), winners

    def get_dots(self) -> VGroup:
        plane = self.plane
        (x_lo, x_hi), (y_lo, y_hi) = plane.x_range, plane.y_range
        x, y = plane.points[:, 0], plane.points[:, 1]
        inside = plane.train & (x > x_lo) & (x < x_hi) & (y > y_lo) & (y < y_hi)
        return VGroup(
            *(
                Dot(self.axes.c2p(*plane.points[k]), radius=0.022, color=self.color(plane.targets[k]))
                for k in np.flatnonzero(inside)
            )
        )

    def get_thumbnail(self, k: int, side: float) -> DigitThumbnail:
        plane = self.plane
        thumb = DigitThumbnail(
            plane.samples.images[k],
            plane.label_of(k),
            int(plane.samples.index[k]),
            side,
            self.color(plane.targets[k]),
        )
        thumb.sample = k  # type: ignore[attr-defined]
        return thumb

    def get_thumbnails(self) -> Group:
        thumbs = [self.get_thumbnail(int(k), self.thumbnail_side) for k in self.picks.thumbnails]
        for thumb in thumbs:
            thumb.move_to(self.axes.c2p(*self.plane.points[thumb.sample]))  # type: ignore[call-overload]
        return Group(*thumbs)

    def get_weight_arrows(self) -> tuple[VGroup, VGroup]:
        origin = self.axes.c2p(0, 0)
        arrows, labels = VGroup(), VGroup()
        for i, w in enumerate(self.plane.model.weights):
            arrow = Arrow(origin, self.axes.c2p(*w), buff=0, color=self.color(i), stroke_width=7).set_z_index(2)
            arrows.add(arrow)
            label = MathTex(rf"w_{{{self.plane.classes[i]}}}", font_size=LABEL, color=self.color(i))
            direction = w / np.linalg.norm(w)
            label.next_to(arrow.get_end(), np.append(direction, 0), buff=0.12)
            label.add_background_rectangle(opacity=0.75, buff=0.05).set_z_index(2)
            labels.add(label)
        return arrows, labels

    def get_legend(self, width: float) -> VGroup:
        """One key per class in as few even rows as fit ``width`` (or the caption's width), the caption below."""
        caption = Tex("frame colour = the sample's dataset label", font_size=FOOTNOTE, color=MUTED_COLOR)
        keys = [
            VGroup(Square(0.28, color=self.color(i), stroke_width=3), Tex(f"digit {d}", font_size=FOOTNOTE))
            .arrange(RIGHT, buff=0.15)
            for i, d in enumerate(self.plane.classes)
        ]
        for n_rows in range(1, len(keys) + 1):
            cols = -(-len(keys) // n_rows)  # four keys: one row of four, else two of two
            rows = VGroup(*keys).arrange_in_grid(cols=cols, buff=(0.4, 0.15), cell_alignment=LEFT)
            if rows.width <= max(width, caption.width):
                break
        return VGroup(rows, caption).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def get_new_digit_block(self) -> Group:
        """The held-out digit, its scores ``w_i . x`` and the verdict; sets ``new_digit``, ``scores``, ``verdict``."""
        plane, k = self.plane, self.picks.new_digit
        scores = plane.scores(k)
        self.new_winner = argmax(scores)
        d = plane.classes[self.new_winner]
        self.new_digit = self.get_thumbnail(k, self.new_digit_side)
        caption = Tex("a new digit", font_size=FOOTNOTE)
        picture = Group(self.new_digit, caption).arrange(DOWN, buff=0.12)
        self.score_texts = [format_number(v) for v in scores]
        self.scores = VGroup(
            *(
                MathTex(rf"w_{{{c}}} \cdot x = {text}", font_size=FOOTNOTE, color=self.color(i))
                for i, (c, text) in enumerate(zip(plane.classes, self.score_texts))
            )
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        self.verdict = Tex(rf"points most along $w_{{{d}}}$: class {d}", font_size=FOOTNOTE)
        right = VGroup(self.scores, self.verdict).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        return Group(picture, right).arrange(RIGHT, buff=0.4, aligned_edge=UP)

    def get_panel(self) -> Group:
        """Everything right of the plane, top to bottom, placed once so later beats never collide."""
        plane = self.plane
        self.fit_label = VGroup(
            Tex("softmax regression fitted in numpy:", font_size=FOOTNOTE),
            Tex(r"one weight vector $w_i$ per digit, no bias", font_size=FOOTNOTE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        self.rule = MathTex(r"\text{class} = \operatorname{argmax}_i \; w_i \cdot x", font_size=LABEL)
        self.new_digit_group = self.get_new_digit_block()
        percent = format_number(100 * plane.accuracy, 1)
        self.accuracy_percent = percent
        self.accuracy_label = Tex(
            rf"accuracy on {plane.n_held_out} held-out digits: {percent}\%", font_size=FOOTNOTE, color=HIGHLIGHT_COLOR
        )
        parts = [self.fit_label, self.rule, self.new_digit_group, self.accuracy_label]
        self.legend = self.get_legend(max(part.width for part in parts))
        panel = Group(self.legend, *parts).arrange(DOWN, aligned_edge=LEFT, buff=0.38)
        left = self.axes.get_right()[0] + self.panel_gap
        return panel.next_to(self.title, DOWN, buff=0.35).align_to(np.array([left, 0, 0]), LEFT)

    # --- beats ----------------------------------------------------------

    def play_digits(self) -> None:
        self.dots = self.get_dots() if self.show_dots else VGroup()
        self.thumbnails = self.get_thumbnails()
        digits = spoken_list([str(d) for d in self.plane.classes])
        with self.voiceover("digits", count=str(len(self.plane.samples)), digits=digits):
            self.play(Write(self.title), Create(self.frame), Create(self.axes), run_time=WRITE)
        with self.voiceover("dots"):
            self.play(FadeIn(self.dots, lag_ratio=0.002), FadeIn(self.legend), run_time=1.5)
        with self.voiceover("thumbnails"):
            self.play(
                LaggedStart(*(FadeIn(t, scale=1.4) for t in self.thumbnails), lag_ratio=0.08),
                run_time=2.0,  # one picture after another
            )

    def play_weight_vectors(self) -> None:
        with self.voiceover("weights"):
            self.play(
                FadeIn(self.fit_label),
                LaggedStart(*(GrowArrow(a) for a in self.weight_arrows), lag_ratio=0.3),  # type: ignore[arg-type]
                LaggedStart(*(FadeIn(lb) for lb in self.weight_labels), lag_ratio=0.3),
                run_time=2.0,  # one vector after another
            )

    def play_cells(self) -> None:
        self.cells, self.cell_winners = self.get_cells()
        self.cells.set_z_index(-1)
        with self.voiceover("rule"):
            self.play(FadeIn(self.cells), Write(self.rule), run_time=WRITE)
        with self.voiceover("wedges"):
            self.play(
                LaggedStart(
                    *(cell.animate(rate_func=there_and_back).set_fill(opacity=0.6) for cell in self.cells),  # type: ignore[arg-type, operator]
                    lag_ratio=0.4,
                ),
                run_time=2.5,  # each wedge lights up in turn
            )

    def play_new_digit(self) -> None:
        plane, k, winner = self.plane, self.picks.new_digit, self.new_winner
        d = plane.classes[winner]
        point = self.axes.c2p(*plane.points[k])
        self.new_vector = Arrow(self.axes.c2p(0, 0), point, buff=0, color=HIGHLIGHT_COLOR, stroke_width=6)
        self.new_vector.set_z_index(3)
        self.new_dot = Dot(point, radius=0.07, color=HIGHLIGHT_COLOR).set_z_index(3)
        picture, (scores, verdict) = self.new_digit_group
        box = SurroundingRectangle(scores[winner], color=HIGHLIGHT_COLOR, buff=0.08)
        with self.voiceover("new_digit") as beat:
            self.play(FadeIn(picture), run_time=min(1.5, beat.duration))
        with self.voiceover("new_point"):
            self.play(GrowArrow(self.new_vector), FadeIn(self.new_dot), run_time=MOVE)
        with self.voiceover("new_scores"):
            self.play(LaggedStart(*(FadeIn(s) for s in scores), lag_ratio=0.3), run_time=1.5)
        with self.voiceover("verdict", digit=str(d), label=str(plane.label_of(k))) as beat:
            self.play(
                Create(box),
                Indicate(self.weight_arrows[winner], color=HIGHLIGHT_COLOR),
                FadeIn(verdict),
                run_time=min(2.5, beat.duration),
            )

    def play_accuracy(self) -> None:
        plane = self.plane
        with self.voiceover("accuracy", count=str(plane.n_held_out), percent=self.accuracy_percent):
            self.play(Write(self.accuracy_label), run_time=WRITE)
            self.play(Indicate(self.accuracy_label, color=HIGHLIGHT_COLOR), run_time=GLANCE)
