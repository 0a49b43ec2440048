"""Part D: the classifier as a diagram.

input x -> three linear units z_i = w_i x + b_i -> softmax -> probabilities
-> argmax -> class. Every connector starts and ends exactly on the outlines of
the shapes it joins (``softmax_anim.connector_endpoints``), and the lecture's
sample inputs flow through with their real numbers.

Render: ``manim -qh scenes/part_d_classifier_diagram.py ClassifierDiagram``
"""

from __future__ import annotations

from typing import Any

from manim import (
    DOWN,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    Circle,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    MathTex,
    Rectangle,
    ShowPassingFlash,
    Tex,
    Transform,
    VGroup,
    Write,
    config,
)

from lecture_voice import spoken_list
from scenes.kit.diagram import ArrowConnector, affine_tex, connect
from scenes.kit.narration import NarratedScene
from scenes.kit.palette import (
    HIGHLIGHT_COLOR,
    MUTED_COLOR,
    TEXT_COLOR,
    class_color,
    params_or_exit,
)
from scenes.kit.text import BODY, LABEL, title
from softmax_anim import argmax, format_number, format_probabilities, line_values, softmax

STALE_OPACITY = 0.3
"""The previous input's probabilities, argmax and class while the next input's scores are computed."""


class ClassifierDiagram(NarratedScene):
    """The classifier drawn as boxes and arrows, with real inputs flowing through it.

    Attributes (set by ``construct``)
    ----------
    params : LectureParams
    input_node : Circle
        The input ``x``.
    units : VGroup of Rectangle
        The linear units ``z_i = w_i x + b_i``, one per class, top to bottom.
    softmax_node : Rectangle
    prob_nodes : VGroup of Rectangle
        The probabilities ``p_i``, one per class.
    argmax_node : Rectangle
    class_node : Circle
        The predicted class.
    nodes : list of VMobject
        Every shape above, in reading order.
    connectors : VGroup of ArrowConnector
        Every arrow; each has ``.start_node`` and ``.end_node`` (shapes in ``nodes``).
    flow : dict
        The numbers on screen for the last input: ``x`` (float), ``z``, ``p``
        (strings as shown), ``winner`` (int).
    value_labels : dict of str to mobject
        The mobjects showing those numbers: ``"x"``, ``"z"`` (VGroup), ``"p"``
        (VGroup), ``"argmax"``, ``"class"``.
    """

    # Variations a subclass may override.
    column_buff = 0.5
    unit_buff = 0.45
    font_size = LABEL  # every text in the diagram
    flow_run_time = 0.8  # seconds per stage of an input's trip

    def construct(self) -> None:
        self.params = params_or_exit()
        self.next_section("The diagram")
        self.build_diagram()
        self.play_diagram()
        for k, x in enumerate(self.params.lines.samples):
            self.next_section(f"Input x = {format_number(x)}")
            self.play_flow(x, first=k == 0)
        self.next_section("Summary")
        self.play_summary()
        self.final_hold()

    # --- builders -------------------------------------------------------

    def get_title(self) -> Tex:
        return title("The classifier as a diagram")

    def get_formula(self, i: int) -> MathTex:
        lines = self.params.lines
        return MathTex(rf"z_{i} = {affine_tex(lines.weights[i], lines.biases[i])}", font_size=self.font_size)

    def get_unit(self, i: int, width: float) -> VGroup:
        color = class_color(self.params.lines.colors[i])
        formula = self.get_formula(i)
        box = Rectangle(width=width, height=1.05, color=color, stroke_width=3)
        formula.move_to(box).shift(0.2 * UP)
        return VGroup(box, formula)

    def get_prob_node(self, i: int) -> VGroup:
        color = class_color(self.params.lines.colors[i])
        box = Rectangle(width=1.9, height=0.75, color=color, stroke_width=3)
        name = MathTex(rf"p_{i}", font_size=self.font_size).move_to(box)
        return VGroup(box, name)

    def get_columns(self) -> VGroup:
        """The diagram's columns, left to right, each a VGroup of (shape, text) pairs."""
        n = len(self.params.lines.weights)
        input_node = Circle(radius=0.5, color=TEXT_COLOR, stroke_width=3)
        width = max(self.get_formula(i).width for i in range(n)) + 0.4
        units = VGroup(*(self.get_unit(i, width) for i in range(n))).arrange(DOWN, buff=self.unit_buff)
        softmax_box = Rectangle(width=1.55, height=units.height * 0.8, color=TEXT_COLOR, stroke_width=3)
        probs = VGroup(*(self.get_prob_node(i) for i in range(n))).arrange(DOWN, buff=self.unit_buff + 0.3)
        argmax_box = Rectangle(width=1.45, height=0.8, color=TEXT_COLOR, stroke_width=3)
        class_circle = Circle(radius=0.62, color=TEXT_COLOR, stroke_width=3)
        columns = VGroup(
            VGroup(input_node, MathTex("x", font_size=BODY).move_to(input_node)),
            units,
            VGroup(softmax_box, Tex("softmax", font_size=self.font_size).move_to(softmax_box)),
            probs,
            VGroup(argmax_box, Tex("argmax", font_size=self.font_size).move_to(argmax_box)),
            VGroup(class_circle, Tex("class", font_size=self.font_size).move_to(class_circle)),
        )
        columns.arrange(RIGHT, buff=self.column_buff)
        if columns.width > config.frame_width - 0.6:  # wide numbers from a parameter override
            columns.scale_to_fit_width(config.frame_width - 0.6)
        return columns.move_to(0.15 * DOWN)

    def build_diagram(self) -> None:
        self.title = self.get_title()
        self.columns = self.get_columns()
        cols = self.columns
        self.input_node = cols[0][0]
        self.units = VGroup(*(unit[0] for unit in cols[1]))  # type: ignore[arg-type]
        self.softmax_node = cols[2][0]
        self.prob_nodes = VGroup(*(p[0] for p in cols[3]))  # type: ignore[arg-type]
        self.argmax_node = cols[4][0]
        self.class_node = cols[5][0]
        self.nodes = [
            self.input_node, *self.units, self.softmax_node, *self.prob_nodes, self.argmax_node, self.class_node
        ]
        style = {"color": MUTED_COLOR}
        self.stage_connectors = [
            connect([self.input_node], self.units, **style),  # type: ignore[arg-type, list-item]
            connect(self.units, [self.softmax_node], **style),  # type: ignore[arg-type, list-item]
            connect([self.softmax_node], self.prob_nodes, **style),  # type: ignore[arg-type, list-item]
            connect(self.prob_nodes, [self.argmax_node], **style),  # type: ignore[arg-type, list-item]
            VGroup(ArrowConnector(self.argmax_node, self.class_node, **style)),  # type: ignore[arg-type]
        ]
        self.connectors = VGroup(*(c for stage in self.stage_connectors for c in stage))
        self.value_labels: dict[str, Any] = {}
        self.flow: dict[str, Any] = {}

    # --- beats ----------------------------------------------------------

    def play_diagram(self) -> None:
        cols, stages = self.columns, self.stage_connectors
        with self.voiceover("overview"):
            self.play(Write(self.title), run_time=1.5)
        with self.voiceover("input") as beat:
            self.play(FadeIn(cols[0]), run_time=min(1.5, beat.duration))
        with self.voiceover("units", n=str(len(self.units))):
            self.play(
                LaggedStart(*(GrowArrow(a) for a in stages[0]), lag_ratio=0.2),  # type: ignore[arg-type]
                LaggedStart(*(Create(u) for u in cols[1]), lag_ratio=0.3),
                run_time=2.0,  # one unit after another
            )
        with self.voiceover("softmax"):
            self.play(self.grow_stage(1), run_time=2.0)
        with self.voiceover("argmax"):
            self.play(self.grow_stage(3), run_time=2.0)
            self.play(GrowArrow(stages[4][0]), FadeIn(cols[5]), run_time=1)  # type: ignore[arg-type]

    def grow_stage(self, col: int) -> AnimationGroup:
        """Arrows into column ``col + 1``, the column, arrows out of it and the next column."""
        cols, stages = self.columns, self.stage_connectors
        return AnimationGroup(
            LaggedStart(*(GrowArrow(a) for a in stages[col]), lag_ratio=0.15),  # type: ignore[arg-type]
            FadeIn(cols[col + 1]),
            LaggedStart(*(GrowArrow(a) for a in stages[col + 1]), lag_ratio=0.15),  # type: ignore[arg-type]
            FadeIn(cols[col + 2]),
            lag_ratio=0.25,
        )

    def _pulse(self, stage: int) -> ShowPassingFlash:
        flash = self.stage_connectors[stage].copy().set_stroke(HIGHLIGHT_COLOR, width=7)
        return ShowPassingFlash(flash, time_width=0.6)

    def get_flow_labels(self, x: float) -> dict[str, Any]:
        """Mobjects with the numbers of input ``x`` at every stage, all from the math package."""
        lines = self.params.lines
        z = line_values(lines.weights, lines.biases, x)
        p = softmax(z)
        winner = argmax(p)
        self.flow = {
            "x": x,
            "z": [format_number(v) for v in z],
            "p": format_probabilities(p),
            "winner": winner,
        }
        fs = self.font_size
        x_label = MathTex(rf"x = {format_number(x)}", font_size=fs, color=HIGHLIGHT_COLOR)
        x_label.next_to(self.input_node, UP, buff=0.2)
        z_labels = VGroup(
            *(
                MathTex(rf"= {text}", font_size=fs, color=HIGHLIGHT_COLOR).move_to(box).shift(0.25 * DOWN)
                for text, box in zip(self.flow["z"], self.units)
            )
        )
        p_labels = VGroup(
            *(
                MathTex(rf"p_{i} = {text}", font_size=fs, color=HIGHLIGHT_COLOR).move_to(box)
                for i, (text, box) in enumerate(zip(self.flow["p"], self.prob_nodes))
            )
        )
        argmax_label = MathTex(rf"= {winner}", font_size=fs, color=HIGHLIGHT_COLOR)
        argmax_label.next_to(self.argmax_node, DOWN, buff=0.2)
        name = lines.names[winner]
        class_label = Tex(name, font_size=fs, color=TEXT_COLOR)
        class_label.move_to(self.class_node)
        return {"x": x_label, "z": z_labels, "p": p_labels, "argmax": argmax_label, "class": class_label}

    def play_flow(self, x: float, first: bool) -> None:
        """One input travels through the diagram: the first one stage by stage, the others in two lines."""
        old = self.value_labels
        new = self.get_flow_labels(x)
        rt = self.flow_run_time
        cols = self.columns
        p_names = VGroup(*(p[1] for p in cols[3]))  # type: ignore[arg-type]
        winner = self.flow["winner"]
        color = class_color(self.params.lines.colors[winner])
        name = self.params.lines.names[winner]
        spoken = {"x": format_number(x), "probs": spoken_list(self.flow["p"]), "index": str(winner), "name": name}

        def show(key: str, hide: list[str] | None = None) -> list[Animation]:
            anims = [Transform(old[key], new[key]) if key in old else FadeIn(new[key])]
            return anims + [FadeOut(m) for m in hide or []]  # type: ignore[arg-type, return-value]

        def show_winner() -> None:
            self.play(
                self.prob_nodes[winner].animate.set_fill(color, opacity=0.35),
                self._pulse(3),
                *show("argmax"),
                run_time=rt * 1.5,
            )

        def show_class() -> None:
            self.play(
                self._pulse(4),
                self.class_node.animate.set_fill(color, opacity=0.8).set_stroke(color),
                *show("class", hide=[] if old else [cols[5][1]]),  # type: ignore[list-item]
                run_time=rt * 1.5,
            )
            if not old:
                self.value_labels = new
            # a pulse in the text colour: in the class colour the name would vanish into the circle's fill
            self.play(Indicate(self.value_labels["class"], color=TEXT_COLOR), run_time=0.6)

        if first:
            with self.voiceover("first_input", x=spoken["x"]):
                self.play(*show("x"), run_time=rt * 1.5)
            with self.voiceover("first_scores"):
                self.play(self._pulse(0), *show("z"), run_time=rt * 2)
            with self.voiceover("first_probs", probs=spoken["probs"]):
                self.play(self._pulse(1), self._pulse(2), *show("p", hide=list(p_names)), run_time=rt * 2)  # type: ignore[arg-type]
            with self.voiceover("first_argmax", index=spoken["index"]):
                show_winner()
            with self.voiceover("first_class", index=spoken["index"], name=name):
                show_class()
            return
        with self.voiceover("next_input", x=spoken["x"]):
            self.play(  # clear the previous input's winner and dim its results until the new ones arrive
                *(box.animate.set_fill(opacity=0) for box in self.prob_nodes),
                self.class_node.animate.set_fill(opacity=0).set_stroke(TEXT_COLOR),
                *(old[key].animate.set_opacity(STALE_OPACITY) for key in ("p", "argmax", "class")),
                *show("x"),
                run_time=rt,
            )
            self.play(self._pulse(0), *show("z"), run_time=rt * 1.5)
        with self.voiceover("next_result", index=spoken["index"], name=name):
            self.play(self._pulse(1), self._pulse(2), *show("p"), run_time=rt * 1.5)
            show_winner()
            show_class()

    def play_summary(self) -> None:
        summary = MathTex(
            r"\text{class} = \operatorname{argmax}_i \; \operatorname{softmax}(w x + b)_i",
            font_size=BODY,
        ).to_edge(DOWN, buff=0.3)
        with self.voiceover("summary"):
            self.play(Write(summary), run_time=2.5)  # a long formula: read along
            self.play(Circumscribe(summary, color=HIGHLIGHT_COLOR), run_time=1.5)
        self.summary = summary
