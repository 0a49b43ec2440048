"""Part C - argmax on arrays, then lines -> softmax -> argmax for several inputs.

``ArgmaxOnArrays`` shows what argmax returns on arrays of several lengths and
number widths, each index centred above its value. ``LinesSoftmaxArgmax``
sends sample inputs through the three lines of Part B, softmax and argmax:
the chosen index and colour are those of the region the input lies in, and
softmax keeps the same argmax.

Render: ``manim -qh scenes/part_c_argmax.py ArgmaxOnArrays``
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    MathTex,
    RoundedRectangle,
    SurroundingRectangle,
    Tex,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    config,
)

from scenes.kit.arrays import IndexArray
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE
from scenes.kit.palette import (
    HIGHLIGHT_COLOR,
    MUTED_COLOR,
    TEXT_COLOR,
    class_color,
    params_or_exit,
)
from scenes.kit.regions import ClassRegionsPlot
from scenes.kit.text import BODY, FOOTNOTE, LABEL, title
from softmax_anim.activations import argmax
from softmax_anim.formatting import format_number, format_probabilities
from softmax_anim.lines1d import Prediction, predict


def argmax_caption(array: IndexArray, index: int) -> VMobject:
    """``argmax = i`` in the highlight colour, centred under cell ``i``."""
    caption = MathTex(rf"\operatorname{{argmax}} = {index}", font_size=LABEL, color=HIGHLIGHT_COLOR)
    return caption.next_to(array.cells[index], DOWN, buff=0.22)


NUMBER_WORDS = {
    2: "Two",
    3: "Three",
    4: "Four",
    5: "Five",
    6: "Six",
    7: "Seven",
    8: "Eight",
    9: "Nine",
    10: "Ten",
    11: "Eleven",
    12: "Twelve",
}


class ArgmaxOnArrays(NarratedScene):
    """argmax returns an index: arrays of 3 and 10 values, indices centred over their cells.

    Attributes (set by ``construct``)
    ---------------------------------
    arrays : list of IndexArray
        The arrays shown, in order (the logits of Part A, then ``long_values``
        and ``tie_values`` of the ``[argmax_arrays]`` parameters); each has
        ``cells``, ``values`` and ``indices``.
    winners : list of int
        ``argmax`` of each array's values.
    frames : list of SurroundingRectangle
        The highlight around each array's argmax entry.
    captions : list
        ``argmax = i`` under each highlighted cell.
    max_label : MathTex
        ``max = value`` beside the long array's caption.
    """

    decimals = 2
    array_width = 13.4  # widest an array may be, in scene units (cells get narrower, then the array smaller)
    cell_padding = 0.18  # room left and right of the widest value in its cell
    value_font_size = 48  # the arrays are the picture: larger than body text
    index_font_size = 38
    cell_height = 1.0
    bottom_margin = 0.45  # the last caption stays this far above the frame's bottom edge
    min_gap = 0.45  # least room between one caption and the next array's indices

    def construct(self) -> None:
        params = params_or_exit()
        examples = params.argmax_arrays
        self.title = title(r"$\operatorname{argmax}$\textrm{: the index of the largest value}")
        self.layout([params.logits.values, examples.long_values, examples.tie_values])
        self.next_section("argmax returns an index")
        self.play(FadeIn(self.title))
        self.show_array(0, "intro_scores", "result_scores", count=str(self.arrays[0].size))
        count = NUMBER_WORDS.get(len(examples.long_values), str(len(examples.long_values)))
        self.next_section(f"{count} values of any width")
        self.show_array(1, "intro_long", "result_long", count=str(self.arrays[1].size))
        self.next_section("Index, not value")
        self.show_max_versus_argmax(1)
        self.next_section("Ties go to the lowest index")
        self.show_array(2, "intro_tie", "result_tie")
        self.next_section("Recap")
        with self.voiceover("recap") as beat:
            self.play(
                *(Indicate(f, color=HIGHLIGHT_COLOR, scale_factor=1.08) for f in self.frames),
                run_time=min(2.0, beat.duration),
            )
        self.final_hold()

    def get_array(self, values: tuple[float, ...]) -> IndexArray:
        texts = [format_number(v, self.decimals) for v in values]
        return IndexArray(
            texts,
            font_size=self.value_font_size,
            index_font_size=self.index_font_size,
            cell_height=self.cell_height,
            padding=self.cell_padding,
            max_width=self.array_width,
        )

    def layout(self, sources: list[tuple[float, ...]]) -> None:
        """Build every array with its highlight and caption, spread down the frame below the title."""
        self.arrays, self.winners, self.frames, self.captions = [], [], [], []
        for values in sources:
            array = self.get_array(values)
            winner = argmax(values)
            self.arrays.append(array)
            self.winners.append(winner)
            self.frames.append(array.highlight(winner))
            self.captions.append(argmax_caption(array, winner))
        blocks = [VGroup(a, f, c) for a, f, c in zip(self.arrays, self.frames, self.captions, strict=True)]
        top = self.title.get_bottom()[1]
        bottom = -config.frame_height / 2 + self.bottom_margin
        room = top - bottom - self.min_gap * len(blocks)
        tall = sum(b.height for b in blocks)
        if tall > room:  # tall arrays from a parameter override: shrink them to fit
            for block in blocks:
                block.scale(room / tall)
            for array, winner, frame in zip(self.arrays, self.winners, self.frames):
                frame.become(array.keep_indices_readable().highlight(winner))
        gap = max(self.min_gap, (top - bottom - sum(b.height for b in blocks)) / len(blocks))
        for block in blocks:
            block.shift(np.array([-block.get_x(), top - gap - block.get_top()[1], 0]))
            top = block.get_bottom()[1]

    def show_max_versus_argmax(self, k: int) -> None:
        """Next to array ``k``'s ``argmax = i``, show ``max = value``: one is a position, one a value."""
        array, winner, caption = self.arrays[k], self.winners[k], self.captions[k]
        self.max_label = MathTex(rf"\max = {array.texts[winner]}", font_size=LABEL, color=TEXT_COLOR)
        self.max_label.next_to(caption, RIGHT, buff=0.6)
        with self.voiceover("max_vs_argmax", value=array.texts[winner], index=str(winner)) as beat:
            self.play(TransformFromCopy(array.values[winner], self.max_label), run_time=MOVE)
            self.wait_frames(beat.duration / 2 - beat.elapsed())  # "argmax gives where it is": the line's second half
            self.play(Indicate(caption, color=HIGHLIGHT_COLOR), run_time=GLANCE)

    def show_array(self, k: int, intro: str, result: str, **values: str) -> None:
        """Show array ``k`` while line ``intro`` is spoken, then frame its argmax during line ``result``."""
        array, winner = self.arrays[k], self.winners[k]
        with self.voiceover(intro, **values):
            self.play(Create(array.cells), Write(array.values), run_time=WRITE)
            self.play(FadeIn(array.indices, shift=0.15 * DOWN), run_time=GLANCE)
        with self.voiceover(result, index=str(winner), value=array.texts[winner]) as beat:
            self.play(
                Create(self.frames[k]),
                FadeIn(self.captions[k], shift=0.15 * UP),
                run_time=min(1.5, beat.duration),
            )


@dataclass
class PipelineStep:
    """One input's trip through lines, softmax and argmax in :class:`LinesSoftmaxArgmax`."""

    x: float
    prediction: Prediction
    z_array: IndexArray  # the three line values
    p_array: IndexArray  # softmax of them, as displayed (sum to 1)
    chosen: int  # argmax of the probabilities
    z_frame: SurroundingRectangle
    p_frame: SurroundingRectangle
    class_label: VGroup  # the chosen class, filled with its colour
    region: VMobject  # the region of the 1D plot that x lies in


class LinesSoftmaxArgmax(NarratedScene):
    """Inputs x go through the lines, softmax and argmax; the choice matches the 1D regions.

    Attributes (set by ``construct``)
    ---------------------------------
    plot : ClassRegionsPlot
        The Part B picture (``plot.axes``, ``plot.lines``, ``plot.regions`` ...).
    x_tracker : ValueTracker
        The input the probe on the plot shows.
    probe : VGroup
        Guide, dots on the lines, and pointer on the strip (see ``ClassRegionsPlot.probe``).
    softmax_arrow, argmax_arrow : Arrow
        The pipeline's two stages, labelled.
    steps : list of PipelineStep
        One per sample input (``params.lines.samples``): arrays, highlights,
        chosen index and class label.
    """

    plot_x_length = 6.0
    plot_y_length = 5.0
    row_ys = (2.45, 1.05, -0.95, -2.65)  # centres of the x, z, p and class rows
    value_indent = 0.8  # from the row labels to the values
    panel_buff = 0.5  # from the plot to the row labels

    def construct(self) -> None:
        self.params = params_or_exit().lines
        self.next_section("The pipeline")
        self.show_pipeline()
        self.steps: list[PipelineStep] = []
        for k, x in enumerate(self.params.samples):
            self.next_section(f"Input {k + 1}")
            self.run_input(x, first=k == 0)
        self.next_section("Same argmax")
        last = self.steps[-1]
        with self.voiceover("same_argmax") as beat:
            self.play(
                Indicate(last.z_frame, color=HIGHLIGHT_COLOR, scale_factor=1.08),
                Indicate(last.p_frame, color=HIGHLIGHT_COLOR, scale_factor=1.08),
                Indicate(last.class_label, scale_factor=1.1),
                run_time=min(2.0, beat.duration),
            )
        self.final_hold()

    # --- builders ---------------------------------------------------------

    def get_plot(self) -> ClassRegionsPlot:
        plot = ClassRegionsPlot(self.params, x_length=self.plot_x_length, y_length=self.plot_y_length)
        return plot.to_edge(LEFT, buff=0.45).to_edge(DOWN, buff=0.4)

    def get_stage_labels(self) -> VGroup:
        """Row labels ``x``, ``z``, ``p`` and ``class`` at the pipeline's left edge."""
        return VGroup(
            MathTex("x", font_size=BODY),
            MathTex("z", font_size=BODY),
            MathTex("p", font_size=BODY),
            Tex(r"\textrm{class}", font_size=LABEL),
        )

    def get_arrays(self, prediction: Prediction) -> tuple[IndexArray, IndexArray]:
        colors = [class_color(c) for c in self.params.colors]
        left = self.labels.get_left()[0] + self.value_indent
        room = config.frame_width / 2 - 0.3 - left  # up to the right edge of the frame
        style = {"value_colors": colors, "max_width": room}
        z = IndexArray([format_number(v) for v in prediction.values], **style)
        p = IndexArray(format_probabilities(prediction.probabilities), **style)
        for array, row in ((z, self.z_row), (p, self.p_row)):
            array.shift(np.array([left - array.cells.get_left()[0], row - array.cells.get_y(), 0]))
        return z, p

    def get_class_label(self, winner: int) -> VGroup:
        color = class_color(self.params.colors[winner])
        text = Tex(rf"\textrm{{{winner}: {self.params.names[winner]}}}", font_size=LABEL, color=TEXT_COLOR)
        box = RoundedRectangle(
            corner_radius=0.12,
            width=text.width + 0.5,
            height=text.height + 0.35,
            fill_color=color,
            fill_opacity=0.35,
            stroke_color=color,
            stroke_width=4,
        )
        label = VGroup(box, text.move_to(box))
        label.box, label.text, label.winner = box, text, winner  # type: ignore[attr-defined]
        left = self.labels.get_left()[0] + self.value_indent
        return label.shift(np.array([left - label.get_left()[0], self.class_row - label.get_y(), 0]))

    # --- beats ------------------------------------------------------------

    def show_pipeline(self) -> None:
        self.plot = self.get_plot()
        self.title = title(r"\textrm{Lines, then softmax, then }$\operatorname{argmax}$")
        self.labels = self.get_stage_labels()
        panel_left = self.plot.get_right()[0] + self.panel_buff
        for label, y in zip(self.labels, self.row_ys, strict=True):
            label.move_to(np.array([0, y, 0])).align_to(np.array([panel_left, 0, 0]), LEFT)
        self.x_row, self.z_row, self.p_row, self.class_row = self.row_ys
        mid_x = self.labels.get_left()[0] + self.value_indent + 1.65
        self.softmax_arrow = Arrow(
            [mid_x, self.z_row - 0.55, 0], [mid_x, self.p_row + 0.85, 0], buff=0, color=MUTED_COLOR
        )
        self.argmax_arrow = Arrow(
            [mid_x, self.p_row - 0.55, 0], [mid_x, self.class_row + 0.45, 0], buff=0, color=MUTED_COLOR
        )
        arrow_labels = VGroup(
            Tex(r"\textrm{softmax}", font_size=FOOTNOTE, color=MUTED_COLOR).next_to(self.softmax_arrow, RIGHT),
            MathTex(r"\operatorname{argmax}", font_size=FOOTNOTE, color=MUTED_COLOR).next_to(self.argmax_arrow, RIGHT),
        )
        self.x_tracker = ValueTracker(self.params.samples[0])
        self.probe = self.plot.probe(self.x_tracker)
        p = self.plot
        with self.voiceover("recap") as beat:
            self.play(
                FadeIn(self.title),
                FadeIn(VGroup(p.axes, p.z_ruler, p.number_line, p.regions, p.region_labels, p.lines, p.line_labels)),
                run_time=min(2.0, beat.duration),
            )
        with self.voiceover("pipeline"):
            self.play(FadeIn(self.labels), run_time=GLANCE)
            self.play(GrowArrow(self.softmax_arrow), GrowArrow(self.argmax_arrow), run_time=MOVE)
            self.play(FadeIn(arrow_labels), run_time=GLANCE)
        self.arrow_labels = arrow_labels

    def run_input(self, x: float, first: bool) -> None:
        """Input ``x`` through lines, softmax and argmax: the first step by step, the others in two lines."""
        prediction = predict(self.params.weights, self.params.biases, x)
        z_array, p_array = self.get_arrays(prediction)
        chosen = argmax(prediction.probabilities)
        z_frame, p_frame = z_array.highlight(argmax(prediction.values)), p_array.highlight(chosen)
        class_label = self.get_class_label(chosen)
        region = self.plot.region_at(x)
        x_text = MathTex(rf"= {format_number(x)}", font_size=BODY).next_to(self.labels[0], RIGHT, buff=0.1)
        step = PipelineStep(x, prediction, z_array, p_array, chosen, z_frame, p_frame, class_label, region)
        spoken = {"x": format_number(x), "index": str(chosen), "name": self.params.names[chosen]}
        read_scores = (
            *(TransformFromCopy(self.probe[1][i], z_array.values[i]) for i in range(z_array.size)),
            Create(z_array.cells),
            FadeIn(z_array.indices),
        )
        to_probabilities = (
            TransformFromCopy(z_array.cells, p_array.cells),
            FadeIn(p_array.values),
            FadeIn(p_array.indices),
        )
        show_class = (FadeIn(class_label, shift=0.2 * DOWN), Circumscribe(region, color=HIGHLIGHT_COLOR, buff=0.06))
        if first:
            with self.voiceover("first_input", x=spoken["x"]) as beat:
                self.play(FadeIn(self.probe), FadeIn(x_text), run_time=min(1.0, beat.duration))
            with self.voiceover("scores") as beat:
                self.play(*read_scores, run_time=min(2.0, beat.duration))
            with self.voiceover("probabilities") as beat:
                self.play(*to_probabilities, run_time=min(2.0, beat.duration))
            with self.voiceover("same_index", index=spoken["index"]) as beat:
                self.play(Create(z_frame), Create(p_frame), run_time=min(1.5, beat.duration))
            with self.voiceover("region", index=spoken["index"], name=spoken["name"]) as beat:
                self.play(*show_class, run_time=min(2.0, beat.duration))
        else:
            old = self.steps[-1]
            with self.voiceover("next_input", x=spoken["x"]):
                self.play(
                    self.x_tracker.animate.set_value(x),
                    FadeOut(VGroup(old.z_array, old.p_array, old.z_frame, old.p_frame, old.class_label, self.x_text)),  # type: ignore[has-type]
                    FadeIn(x_text),
                    run_time=MOVE,
                )
                self.play(*read_scores, run_time=1.0)  # a short line: the scores arrive as it ends
            with self.voiceover("next_result", index=spoken["index"], name=spoken["name"]):
                self.play(*to_probabilities, run_time=MOVE)
                self.play(Create(z_frame), Create(p_frame), run_time=GLANCE)
                self.play(*show_class, run_time=MOVE)
        self.x_text = x_text
        self.steps.append(step)
