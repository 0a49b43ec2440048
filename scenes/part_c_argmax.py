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
    RoundedRectangle,
    Scene,
    SurroundingRectangle,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    config,
)

from scenes.kit.arrays import IndexArray
from scenes.kit.palette import (
    HIGHLIGHT_COLOR,
    MUTED_COLOR,
    TEXT_COLOR,
    class_color,
    label_tex,
    number_tex,
    params_or_exit,
)
from scenes.kit.regions import ClassRegionsPlot
from softmax_anim.activations import argmax
from softmax_anim.formatting import format_number, format_probabilities
from softmax_anim.lines1d import Prediction, predict


def argmax_caption(array: IndexArray, index: int, font_size: float = 32) -> VMobject:
    """``argmax = i`` in the highlight colour, centred under cell ``i``."""
    caption = number_tex(rf"\operatorname{{argmax}} = {index}", font_size=font_size, color=HIGHLIGHT_COLOR)
    return caption.next_to(array.cells[index], DOWN, buff=0.22)


NUMBER_WORDS = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine",
                10: "Ten", 11: "Eleven", 12: "Twelve"}


class ArgmaxOnArrays(Scene):
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
    array_width = 12.6  # widest an array may be, in scene units

    def construct(self) -> None:
        params = params_or_exit()
        self.arrays, self.winners, self.frames, self.captions = [], [], [], []
        self.next_section("argmax returns an index")
        self.title = label_tex(r"$\operatorname{argmax}$\textrm{: the index of the largest value}", font_size=40)
        self.title.to_edge(UP, buff=0.35)
        self.play(FadeIn(self.title))
        self.show_array(
            params.logits.values,
            "Here are three scores. The index of each sits above its cell.",
            "The largest is {value} at index {index}, so argmax returns {index}: an index, not the value.",
        )
        examples = params.argmax_arrays
        count = NUMBER_WORDS.get(len(examples.long_values), str(len(examples.long_values)))
        self.next_section(f"{count} values of any width")
        self.show_array(
            examples.long_values,
            f"{count} values, short and long numbers: every index stays centred over its cell.",
            "argmax returns {index}, the position of the largest value, {value}.",
        )
        self.next_section("Index, not value")
        self.show_max_versus_argmax(1)
        self.next_section("Ties go to the lowest index")
        self.show_array(
            examples.tie_values,
            "When two entries share the largest value,",
            "argmax returns the lower index, {index}.",
        )
        self.next_section("Recap")
        self.play(
            *(Indicate(f, color=HIGHLIGHT_COLOR, scale_factor=1.08) for f in self.frames),
            run_time=1.5,
            subcaption="Whatever the length or the numbers, argmax answers with a position.",
            subcaption_duration=3.0,
        )
        self.wait(1.5)

    def show_max_versus_argmax(self, k: int) -> None:
        """Next to array ``k``'s ``argmax = i``, show ``max = value``: one is a position, one a value."""
        array, winner, caption = self.arrays[k], self.winners[k], self.captions[k]
        self.max_label = number_tex(rf"\max = {array.texts[winner]}", font_size=32, color=TEXT_COLOR)
        self.max_label.next_to(caption, RIGHT, buff=0.6)
        self.play(
            TransformFromCopy(array.values[winner], self.max_label),
            run_time=1.2,
            subcaption=f"max gives the value, {array.texts[winner]}; argmax gives where it is, {winner}.",
            subcaption_duration=2.7,
        )
        self.wait(1.5)

    def get_array(self, values: tuple[float, ...]) -> IndexArray:
        texts = [format_number(v, self.decimals) for v in values]
        return IndexArray(texts, font_size=38, padding=0.18, max_width=self.array_width)

    def show_array(self, values: tuple[float, ...], intro: str, result: str) -> None:
        """Show one array, then frame its argmax; ``result`` may use ``{index}`` and ``{value}``."""
        array = self.get_array(values)
        above = self.captions[-1] if self.captions else self.title
        array.next_to(above, DOWN, buff=0.6).set_x(0)
        winner = argmax(values)
        frame = array.highlight(winner)
        caption = argmax_caption(array, winner)
        self.arrays.append(array)
        self.winners.append(winner)
        self.frames.append(frame)
        self.captions.append(caption)
        self.play(
            Create(array.cells), Write(array.values), run_time=1.5, subcaption=intro, subcaption_duration=2.3
        )
        self.play(FadeIn(array.indices, shift=0.15 * DOWN), run_time=0.8)
        result = result.format(index=winner, value=array.texts[winner])
        self.play(
            Create(frame),
            FadeIn(caption, shift=0.15 * UP),
            run_time=1.0,
            subcaption=result,
            subcaption_duration=2.5,
        )
        self.wait(1.5)


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


class LinesSoftmaxArgmax(Scene):
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
    value_indent = 0.9  # from the row labels to the values

    def construct(self) -> None:
        self.params = params_or_exit().lines
        self.next_section("The pipeline")
        self.show_pipeline()
        self.steps = []
        for k, x in enumerate(self.params.samples):
            self.next_section(f"Input {k + 1}")
            self.run_input(x, first=k == 0)
        self.next_section("Same argmax")
        self.play(
            *(Indicate(step.class_label, scale_factor=1.1) for step in self.steps[-1:]),
            subcaption="Softmax changes the numbers, never which one is largest.",
            subcaption_duration=2.5,
        )
        self.wait(1.5)

    # --- builders ---------------------------------------------------------

    def get_plot(self) -> ClassRegionsPlot:
        plot = ClassRegionsPlot(self.params, x_length=self.plot_x_length, y_length=self.plot_y_length, font_size=26)
        return plot.to_edge(LEFT, buff=0.45).to_edge(DOWN, buff=0.4)

    def get_stage_labels(self) -> VGroup:
        """Row labels ``x``, ``z``, ``p`` and ``class`` at the pipeline's left edge."""
        return VGroup(
            number_tex("x", font_size=40),
            number_tex("z", font_size=40),
            number_tex("p", font_size=40),
            label_tex(r"\textrm{class}", font_size=34),
        )

    def get_arrays(self, prediction: Prediction) -> tuple[IndexArray, IndexArray]:
        colors = [class_color(c) for c in self.params.colors]
        left = self.labels.get_left()[0] + self.value_indent
        room = config.frame_width / 2 - 0.35 - left  # up to the right edge of the frame
        style = {"font_size": 36, "value_colors": colors, "max_width": room}
        z = IndexArray([format_number(v) for v in prediction.values], **style)
        p = IndexArray(format_probabilities(prediction.probabilities), **style)
        for array, row in ((z, self.z_row), (p, self.p_row)):
            array.shift([left - array.cells.get_left()[0], row - array.cells.get_y(), 0])
        return z, p

    def get_class_label(self, winner: int) -> VGroup:
        color = class_color(self.params.colors[winner])
        text = label_tex(rf"\textrm{{{winner}: {self.params.names[winner]}}}", font_size=34, color=TEXT_COLOR)
        box = RoundedRectangle(
            corner_radius=0.12, width=text.width + 0.5, height=text.height + 0.35,
            fill_color=color, fill_opacity=0.35, stroke_color=color, stroke_width=4,
        )
        label = VGroup(box, text.move_to(box))
        label.box, label.text, label.winner = box, text, winner
        left = self.labels.get_left()[0] + self.value_indent
        return label.shift([left - label.get_left()[0], self.class_row - label.get_y(), 0])

    # --- beats ------------------------------------------------------------

    def show_pipeline(self) -> None:
        self.plot = self.get_plot()
        self.title = label_tex(r"\textrm{Lines, then softmax, then }$\operatorname{argmax}$", font_size=38)
        self.title.to_corner(UP + RIGHT, buff=0.4)
        self.labels = self.get_stage_labels()
        for label, y in zip(self.labels, self.row_ys, strict=True):
            label.move_to([0, y, 0]).align_to(self.title, LEFT)
        self.x_row, self.z_row, self.p_row, self.class_row = self.row_ys
        mid_x = self.labels.get_left()[0] + self.value_indent + 1.65
        self.softmax_arrow = Arrow(
            [mid_x, self.z_row - 0.55, 0], [mid_x, self.p_row + 0.85, 0], buff=0, color=MUTED_COLOR
        )
        self.argmax_arrow = Arrow(
            [mid_x, self.p_row - 0.55, 0], [mid_x, self.class_row + 0.45, 0], buff=0, color=MUTED_COLOR
        )
        arrow_labels = VGroup(
            label_tex(r"\textrm{softmax}", font_size=28, color=MUTED_COLOR).next_to(self.softmax_arrow, RIGHT),
            number_tex(r"\operatorname{argmax}", font_size=28, color=MUTED_COLOR).next_to(self.argmax_arrow, RIGHT),
        )
        self.x_tracker = ValueTracker(self.params.samples[0])
        self.probe = self.plot.probe(self.x_tracker)
        p = self.plot
        self.play(
            FadeIn(self.title),
            FadeIn(VGroup(p.axes, p.z_ruler, p.number_line, p.regions, p.region_labels, p.lines, p.line_labels)),
            run_time=1.5,
            subcaption="The three lines and their coloured regions, from the last scene.",
        )
        self.play(
            FadeIn(self.labels),
            GrowArrow(self.softmax_arrow),
            GrowArrow(self.argmax_arrow),
            FadeIn(arrow_labels),
            run_time=1.5,
            subcaption="Now follow one input through the classifier: scores, probabilities, class.",
            subcaption_duration=2.5,
        )
        self.arrow_labels = arrow_labels

    def run_input(self, x: float, first: bool) -> None:
        prediction = predict(self.params.weights, self.params.biases, x)
        z_array, p_array = self.get_arrays(prediction)
        chosen = argmax(prediction.probabilities)
        z_frame, p_frame = z_array.highlight(argmax(prediction.values)), p_array.highlight(chosen)
        class_label = self.get_class_label(chosen)
        region = self.plot.region_at(x)
        x_text = number_tex(rf"= {format_number(x)}", font_size=36).next_to(self.labels[0], RIGHT, buff=0.1)
        step = PipelineStep(x, prediction, z_array, p_array, chosen, z_frame, p_frame, class_label, region)
        if first:
            self.play(FadeIn(self.probe), FadeIn(x_text), subcaption=f"Take x = {format_number(x)}.")
        else:
            old = self.steps[-1]
            self.play(
                self.x_tracker.animate.set_value(x),
                FadeOut(VGroup(old.z_array, old.p_array, old.z_frame, old.p_frame, old.class_label, self.x_text)),
                FadeIn(x_text),
                run_time=1.5,
                subcaption=f"Next, x = {format_number(x)}.",
            )
        self.x_text = x_text
        self.steps.append(step)
        name = self.params.names[chosen]
        self.play(
            *(TransformFromCopy(self.probe[1][i], z_array.values[i]) for i in range(z_array.size)),
            Create(z_array.cells),
            FadeIn(z_array.indices),
            run_time=1.5,
            subcaption="Read the three line values: the scores z.",
        )
        self.play(
            TransformFromCopy(z_array.cells, p_array.cells),
            FadeIn(p_array.values),
            FadeIn(p_array.indices),
            run_time=1.5,
            subcaption="Softmax turns them into probabilities that add up to 1.",
        )
        self.play(
            Create(z_frame),
            Create(p_frame),
            subcaption=f"The largest score and the largest probability share index {chosen}.",
            subcaption_duration=1.8,
        )
        self.wait(0.8)
        self.play(
            FadeIn(class_label, shift=0.2 * DOWN),
            Circumscribe(region, color=HIGHLIGHT_COLOR, buff=0.06),
            run_time=1.2,
            subcaption=f"Index {chosen} is {name}: the colour of the region where x lies.",
            subcaption_duration=2.0 if first else 1.8,
        )
        self.wait(0.8 if first else 0.6)
