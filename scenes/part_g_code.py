"""Part G, softmax at work: softmax in code.

:class:`SoftmaxInCode` shows the numerically stable softmax in numpy, walks through
it line by line, runs it on the lecture's logits, then shows the PyTorch version and
why its loss takes logits. Every line of code and everything printed comes from
:mod:`softmax_anim.softmax_code` (the function shown is the function run).
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Code,
    FadeIn,
    FadeOut,
    MathTex,
    Mobject,
    Paragraph,
    SurroundingRectangle,
    Tex,
    Transform,
    VGroup,
    Write,
    config,
)

from lecture_voice import spoken_list
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE, hold_until
from scenes.kit.palette import GAP_COLOR, HIGHLIGHT_COLOR, MUTED_COLOR, TEXT_COLOR, params_or_exit
from scenes.kit.text import FOOTNOTE, LABEL, SAFE_WIDTH, title
from softmax_anim import format_number, format_probabilities
from softmax_anim.formatting import display_decimals
from softmax_anim.softmax_code import TORCH_CODE, loss_on_logits_and_probabilities, run_demo, shown_source, trace
from softmax_anim.softmax_code import softmax as shown_softmax

CODE_FONT = "DejaVu Sans Mono"
CODE_FONT_SIZE = 22  # Pango size: capitals 0.22 units (13 px at 480p); the def line fits the title-safe width


def code_block(text: str) -> Code:
    """``text`` as highlighted Python in the code font, without line numbers."""
    return Code(
        code_string=text,
        language="python",
        formatter_style="monokai",
        add_line_numbers=False,
        paragraph_config={"font_size": CODE_FONT_SIZE, "font": CODE_FONT},
        background_config={"buff": 0.25, "stroke_width": 0},
    )


def output_block(text: str) -> VGroup:
    """What a program printed: monospace lines on a dark panel."""
    lines = Paragraph(*text.splitlines(), font=CODE_FONT, font_size=CODE_FONT_SIZE, color=TEXT_COLOR,
                      line_spacing=0.8)
    panel = SurroundingRectangle(lines, buff=0.25, color=MUTED_COLOR, stroke_width=2, fill_color="#000000",
                                 fill_opacity=0.6, corner_radius=0.1)
    return VGroup(panel, lines)


def highlight_box(mob: Mobject) -> SurroundingRectangle:
    """A box that picks out a line of code: highlight stroke, a faint fill."""
    return SurroundingRectangle(mob, color=HIGHLIGHT_COLOR, buff=0.07, stroke_width=5, fill_color=HIGHLIGHT_COLOR,
                                fill_opacity=0.12)


class SoftmaxInCode(NarratedScene):
    """Numerically stable softmax in numpy, what it prints on the lecture's logits, then PyTorch.

    Attributes
    ----------
    source : str
        The function's source as shown (:func:`~softmax_anim.softmax_code.shown_source`).
    function : Code
        The function on screen.
    demo : softmax_anim.softmax_code.DemoRun
        The snippet and what running it printed.
    snippet : Code
    output : VGroup
        Panel and :class:`~manim.Paragraph` of the printed lines.
    rounded : MathTex
        The printed probabilities rounded as everywhere in the lecture; :attr:`rounded_labels`.
    torch_code : Code
    losses : VGroup
        The true class, the right call and the wrong call with their losses (:attr:`loss_values`).
    """

    demo_shift = 1000.0  # added to every logit in the second print

    def construct(self) -> None:
        params = params_or_exit()
        self.names = params.logits.names
        self.logits = params.logits.values
        self.true_class = params.gradient.true_class

        self.next_section("The function")
        self.show_function()

        self.next_section("Line by line")
        self.walk_through_lines()

        self.next_section("Run it")
        self.run_it()

        self.next_section("PyTorch")
        self.show_torch()

        self.next_section("Logits, not probabilities")
        self.show_loss_inputs()
        self.final_hold()

    # --- builders -------------------------------------------------------------

    def get_function(self) -> Code:
        self.source = shown_source()
        return code_block(self.source)

    def get_run(self) -> VGroup:
        self.demo = run_demo(self.logits, self.demo_shift)
        self.snippet = code_block(self.demo.code)
        self.output = output_block(self.demo.output)
        row = VGroup(self.snippet, self.output).arrange(RIGHT, buff=0.4)
        if row.width > SAFE_WIDTH:  # many classes: the printed line is long, print under the snippet
            row.arrange(DOWN, buff=0.3)
        return row

    def lay_out_numpy(self) -> None:
        """Function over its run, the run's output rounded underneath; the whole centred below the title."""
        self.rounded = self.get_rounded()
        self.run_row.next_to(self.function, DOWN, buff=0.6)
        self.rounded.next_to(self.output, DOWN, buff=0.3)
        page = VGroup(self.function, self.run_row, self.rounded)
        page.move_to((0, (self.title.get_bottom()[1] - config.frame_height / 2) / 2, 0))

    def get_rounded(self) -> MathTex:
        self.rounded_labels = format_probabilities(shown_softmax(self.logits))
        return MathTex(r"\approx\;" + r",\;".join(self.rounded_labels), font_size=LABEL, color=HIGHLIGHT_COLOR)

    def get_losses(self) -> VGroup:
        r = self.loss_inputs = loss_on_logits_and_probabilities(self.logits, self.true_class)
        self.loss_values = [format_number(r.from_logits, 2), format_number(r.from_probabilities, 2)]
        note = Tex(f"true class: {self.names[self.true_class]}", font_size=LABEL, color=MUTED_COLOR)
        rows = []
        for call, value, verdict, color in (("loss_fn(z, y)", self.loss_values[0], "logits: right", HIGHLIGHT_COLOR),
                                            ("loss_fn(p, y)", self.loss_values[1], "probabilities: softmax twice",
                                             GAP_COLOR)):
            code = Paragraph(call, font=CODE_FONT, font_size=CODE_FONT_SIZE, color=TEXT_COLOR)
            equals = MathTex("=", value, font_size=LABEL)
            line = VGroup(code, equals).arrange(RIGHT, buff=0.2)
            equals.align_to(code, DOWN).shift(0.03 * DOWN)
            rows.append(VGroup(line, Tex(verdict, font_size=FOOTNOTE, color=color))
                        .arrange(DOWN, aligned_edge=LEFT, buff=0.15))
        group = VGroup(note, *rows).arrange(DOWN, aligned_edge=LEFT, buff=0.5)
        return group.next_to(self.torch_code, RIGHT, buff=0.9)

    def line_box(self, lines: Mobject) -> SurroundingRectangle:
        return highlight_box(lines)

    # --- beats ----------------------------------------------------------------

    def show_function(self) -> None:
        self.title = title("Softmax in code")
        self.function = self.get_function()
        self.run_row = self.get_run()
        self.lay_out_numpy()
        with self.voiceover("function"):
            self.play(FadeIn(self.title), FadeIn(self.function, shift=0.2 * UP), run_time=MOVE)

    def get_trace(self) -> VGroup:
        """Under the function, the value each line of it computes on the lecture's logits."""
        x, shifted, e, p = trace(self.logits)
        self.trace_labels = [[format_number(v, 2) for v in x], [format_number(v, 2) for v in shifted],
                             [format_number(v, 2) for v in e], format_probabilities(p)]
        names = [r"x = z / T", r"x - \max(x)", r"e = \exp(x)", r"e \,/\, \textstyle\sum e"]
        rows = VGroup(*(MathTex(name, r"= [" + r",\; ".join(values) + "]", font_size=LABEL, color=TEXT_COLOR)
                        for name, values in zip(names, self.trace_labels, strict=True)))
        for row in rows:
            row[0].set_color(MUTED_COLOR)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        return rows.next_to(self.function, DOWN, buff=0.6).align_to(self.function.code_lines, LEFT)

    def walk_through_lines(self) -> None:
        lines = self.function.code_lines
        self.trace_rows = rows = self.get_trace()
        self.box = self.line_box(lines[1])
        with self.voiceover("divide"):
            self.play(FadeIn(self.box), FadeIn(rows[0], shift=0.2 * DOWN), run_time=GLANCE)
        with self.voiceover("shift"):
            self.play(Transform(self.box, self.line_box(lines[2])), FadeIn(rows[1], shift=0.2 * DOWN), run_time=MOVE)
        with self.voiceover("normalize") as beat:
            self.play(Transform(self.box, self.line_box(lines[3])), FadeIn(rows[2], shift=0.2 * DOWN), run_time=MOVE)
            hold_until(self, beat, "divide by the sum")
            self.play(Transform(self.box, self.line_box(lines[4])), FadeIn(rows[3], shift=0.2 * DOWN), run_time=MOVE)
        self.play(FadeOut(self.box), FadeOut(rows), run_time=0.5)

    def run_it(self) -> None:
        typed = display_decimals(self.logits)  # as the snippet types them
        with self.voiceover("run", logits=spoken_list([format_number(v, typed) for v in self.logits])):
            self.play(FadeIn(self.snippet), run_time=GLANCE)
        with self.voiceover("printed", probs=spoken_list(self.rounded_labels)) as beat:
            self.play(FadeIn(self.output), run_time=GLANCE)
            hold_until(self, beat, "Rounded")
            self.play(Write(self.rounded), run_time=WRITE)
        self.shift_box = highlight_box(self.output[1][1])
        self.shift_call_box = self.line_box(self.snippet.code_lines[2])
        with self.voiceover("same", shift=format_number(self.demo_shift, 0)):
            self.play(FadeIn(self.shift_call_box), FadeIn(self.shift_box), run_time=GLANCE)

    def show_torch(self) -> None:
        """The PyTorch code large in the middle while it is read; it moves aside for the losses later."""
        mid_y = (self.title.get_bottom()[1] - config.frame_height / 2) / 2
        self.torch_code = code_block(TORCH_CODE).to_edge(LEFT, buff=0.8).set_y(mid_y)
        self.torch_label = Tex("PyTorch", font_size=LABEL, color=MUTED_COLOR)
        self.torch_label.next_to(self.torch_code, UP, buff=0.15, aligned_edge=LEFT)
        self.torch_panel = VGroup(self.torch_code, self.torch_label)
        self.torch_home = self.torch_panel.get_center()  # beside the losses
        self.torch_scale = min(1.4, 0.8 * SAFE_WIDTH / self.torch_panel.width)
        self.torch_panel.scale(self.torch_scale).move_to((0, mid_y, 0))
        lines = self.torch_code.code_lines
        self.play(*(FadeOut(m) for m in (self.function, self.run_row, self.rounded, self.shift_box,
                                          self.shift_call_box)), run_time=GLANCE)
        self.box = self.line_box(lines[3])
        with self.voiceover("torch_softmax") as beat:
            self.play(FadeIn(self.torch_code), FadeIn(self.torch_label), run_time=GLANCE)
            hold_until(self, beat, "torch dot softmax")
            self.play(FadeIn(self.box), run_time=GLANCE)
        with self.voiceover("torch_loss"):
            self.play(Transform(self.box, self.line_box(lines[5:7])), run_time=MOVE)

    def show_loss_inputs(self) -> None:
        moved = VGroup(self.torch_panel, self.box)  # the box lies inside the code: the panel's bounds
        self.play(moved.animate.scale(1 / self.torch_scale).move_to(self.torch_home), run_time=MOVE)
        self.losses = self.get_losses()
        note, right, wrong = self.losses
        with self.voiceover("right_loss", name=self.names[self.true_class], loss=self.loss_values[0]):
            self.play(FadeIn(note), FadeIn(right), run_time=GLANCE)
        with self.voiceover("wrong_loss", loss=self.loss_values[1]):
            self.play(FadeIn(wrong), run_time=GLANCE)
