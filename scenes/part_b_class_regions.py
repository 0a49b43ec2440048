"""Part B - softmax in one dimension: the input line splits into coloured class regions.

Three lines ``z_i(x) = w_i x + b_i`` (``params.lines``) score the classes;
the class at ``x`` is the line on top. The regions on the number line end
exactly where two lines cross, and sample inputs walk through them.

Render: ``manim -qh scenes/part_b_class_regions.py ClassRegions1D``
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Create,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    ValueTracker,
    VGroup,
    Write,
    config,
    linear,
)

from lecture_voice import spoken_list
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE
from scenes.kit.palette import HIGHLIGHT_COLOR, class_color, params_or_exit
from scenes.kit.regions import ClassRegionsPlot, line_equation, value_readout
from scenes.kit.text import title
from softmax_anim.formatting import format_number
from softmax_anim.lines1d import predict


class ClassRegions1D(NarratedScene):
    """The winning line at each input colours the number line; boundaries sit at exact crossings.

    Attributes (set by ``construct``)
    ---------------------------------
    plot : ClassRegionsPlot
        Holds ``axes``, ``lines``, ``envelope``, ``number_line``, ``regions``
        and ``markers`` (also set here under the same names).
    axes, lines, envelope, number_line, regions, markers
        Shortcuts to the plot's parts (see :class:`~scenes.kit.regions.ClassRegionsPlot`).
    equations : VGroup
        ``z_i = w_i x + b_i`` for each class, formatted.
    x_tracker : ValueTracker
        The input the probe shows; ends at the last sample.
    probe : VGroup
        Live: a vertical guide at the tracked x, a dot on each line there
        (``probe[1][i]`` on line i), and a pointer on the strip coloured by
        the winning class.
    readouts : list of VGroup
        One per sample (``params.lines.samples``), from :func:`~scenes.kit.regions.value_readout`:
        the formatted values and the chosen class at that input.
    """

    plot_x_length = 7.0
    plot_y_length = 5.3

    def construct(self) -> None:
        self.params = params_or_exit().lines
        self.next_section("Three lines")
        self.show_lines()
        self.next_section("The upper envelope")
        self.show_envelope()
        self.next_section("Coloured regions")
        self.show_regions()
        self.next_section("Sample points")
        self.walk_samples()
        self.final_hold()

    # --- builders ---------------------------------------------------------

    def get_plot(self) -> ClassRegionsPlot:
        plot = ClassRegionsPlot(self.params, x_length=self.plot_x_length, y_length=self.plot_y_length)
        return plot.to_edge(LEFT, buff=0.45).to_edge(DOWN, buff=0.35)

    def get_equations(self) -> VGroup:
        p = self.params
        eqs = VGroup(
            *(
                line_equation(i, w, b, class_color(c))
                for i, (w, b, c) in enumerate(zip(p.weights, p.biases, p.colors, strict=True))
            )
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        return eqs

    def get_readout(self, x: float) -> VGroup:
        prediction = predict(self.params.weights, self.params.biases, x)
        readout = value_readout(prediction, self.params.names, self.params.colors)
        readout.next_to(self.equations, DOWN, buff=0.6)
        return readout.shift((self.panel_left - readout.get_left()[0]) * RIGHT)

    # --- beats ------------------------------------------------------------

    def show_lines(self) -> None:
        self.plot = self.get_plot()
        self.axes, self.lines, self.envelope = self.plot.axes, self.plot.lines, self.plot.envelope
        self.number_line, self.regions, self.markers = self.plot.number_line, self.plot.regions, self.plot.markers
        # The right-hand panel starts just right of the plot and never runs off the frame.
        self.panel_left = self.plot.get_right()[0] + 0.5
        room = config.frame_width / 2 - 0.35 - self.panel_left
        self.title = title("Which line is on top?", left=self.panel_left)
        self.equations = self.get_equations().next_to(self.title, DOWN, buff=0.5)
        if self.equations.width > room:  # wide numbers from a parameter override
            self.equations.scale_to_fit_width(room)
        self.equations.shift((self.panel_left - self.equations.get_left()[0]) * RIGHT)
        with self.voiceover("lines"):
            self.play(
                FadeIn(self.title),
                Create(self.axes),
                FadeIn(self.plot.z_ruler),
                Create(self.number_line),
                run_time=WRITE,
            )
            self.play(
                LaggedStart(*(Create(line) for line in self.lines), lag_ratio=0.4),
                run_time=WRITE,
            )
        with self.voiceover("equations"):
            self.play(
                LaggedStart(*(Write(eq) for eq in self.equations), lag_ratio=0.4),
                run_time=WRITE,
            )
            self.play(FadeIn(self.plot.line_labels), run_time=GLANCE)

    def show_envelope(self) -> None:
        self.add(self.envelope)
        self.bring_to_front(self.lines)
        with self.voiceover("envelope"):
            self.play(Create(self.envelope), run_time=2.5)  # traced left to right: the winner at each x

    def show_regions(self) -> None:
        crossings = spoken_list([format_number(m.crossing.x) for m in self.markers])  # type: ignore[attr-defined]
        with self.voiceover("regions", count=str(len(self.regions))):
            self.play(
                LaggedStart(*(GrowFromEdge(r, LEFT) for r in self.regions), lag_ratio=0.6),
                FadeIn(self.plot.region_labels),
                run_time=2.0,  # one region after another
            )
        self.bring_to_front(self.number_line, self.plot.region_labels)
        if not self.markers:  # one class wins everywhere: no crossing to show
            return
        with self.voiceover("crossings", crossings=crossings):
            self.play(
                LaggedStart(*(Create(VGroup(m.line, m.dot)) for m in self.markers), lag_ratio=0.5),  # type: ignore[arg-type]
                run_time=MOVE,
            )
            self.play(
                LaggedStart(*(FadeIn(m.label, shift=0.2 * DOWN) for m in self.markers), lag_ratio=0.5),  # type: ignore[arg-type]
                run_time=MOVE,
            )
        with self.voiceover("tie"):
            self.play(
                *(Indicate(m.dot, color=HIGHLIGHT_COLOR, scale_factor=1.8) for m in self.markers),  # type: ignore[arg-type]
                run_time=GLANCE,
            )

    def walk_samples(self) -> None:
        lo, hi = self.params.x_range
        self.x_tracker = ValueTracker(lo)
        self.probe = self.plot.probe(self.x_tracker)
        with self.voiceover("slide"):
            self.play(FadeIn(self.probe), run_time=GLANCE)
            # a steady sweep across the whole input line: the eye sees the winner change only at the boundaries
            self.play(self.x_tracker.animate.set_value(hi), rate_func=linear, run_time=4.0)
        self.readouts = []
        shown = None
        for x in self.params.samples:
            readout = self.get_readout(x)
            self.readouts.append(readout)
            distance = abs(self.x_tracker.get_value() - x) / (hi - lo)
            moves = [self.x_tracker.animate.set_value(x)] + ([FadeOut(shown)] if shown is not None else [])
            name = self.params.names[readout.winner]  # type: ignore[call-overload]
            with self.voiceover("sample", x=format_number(x), name=name):
                self.play(*moves, run_time=0.6 + 1.5 * distance)  # farther moves take longer, at most 2.1 s
                self.play(FadeIn(readout, shift=0.2 * RIGHT), run_time=GLANCE)
                self.play(Indicate(self.probe[1][readout.winner], scale_factor=1.6), run_time=GLANCE)
            shown = readout
