"""Part H, softmax's family: Gaussian classes give softmax, and Part B's lines are such classes.

:class:`GaussianClassesSoftmax` computes from the lecture's ``[lines]`` the Gaussian classes (one shared
variance) whose Bayes posterior is ``softmax(w x + b)``: their weighted densities, the rule that turns them
into straight logits, the posterior curves, one sample input, and Part B's regions where one posterior is
largest. Every number comes from :mod:`softmax_anim.gaussian_classes` and :mod:`softmax_anim.regions`.
"""

from __future__ import annotations

import numpy as np
from manim import (
    BLACK,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    Indicate,
    MathTable,
    MathTex,
    Polygon,
    SurroundingRectangle,
    Tex,
    VGroup,
    Write,
)

from lecture_voice import spoken_list
from scenes.kit.narration import NarratedScene
from scenes.kit.pacing import GLANCE, MOVE, WRITE, hold_until
from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, class_color, params_or_exit
from scenes.kit.polyline import polyline
from scenes.kit.text import FOOTNOTE, LABEL, escape_tex, title
from softmax_anim import format_number
from softmax_anim.formatting import display_decimals
from softmax_anim.gaussian_classes import gaussians_from_lines
from softmax_anim.lines1d import axis_range, crossings
from softmax_anim.regions import class_intervals

P_DECIMALS = 3  # priors and posteriors: 0.281, 0.714


class GaussianClassesSoftmax(NarratedScene):
    """Gaussian classes of one variance: the posterior is softmax of Part B's lines.

    Attributes
    ----------
    gaussians : softmax_anim.gaussian_classes.GaussianClasses
        Means and priors computed from ``[lines]``.
    density_axes, posterior_axes : Axes
        ``pi_k N(x; mu_k, sigma^2)`` and ``p(k | x)`` over ``lines.x_range``, one x scale.
    densities, posteriors : VGroup
        One polyline per class through the exact values at :attr:`samples` inputs.
    regions : VGroup
        One rectangle per interval of :func:`softmax_anim.regions.class_intervals`, under the posterior axes.
    table : MathTable
        Per class: mean, prior, and the logits' weight and bias they give.
    sample_dots : VGroup
        The posterior at the sample input, one dot per class.
    """

    sigma = 1.0
    samples = 241  # points per curve across the x range
    plot_width = 6.0
    plot_left = -6.7
    density_height = 1.7
    posterior_height = 2.0

    def construct(self) -> None:
        self.params = params_or_exit().lines
        p = self.params
        self.names, self.colors = p.names, p.colors
        self.gaussians = gaussians_from_lines(p.weights, p.biases, self.sigma)
        self.sample_x = p.samples[len(p.samples) // 2]  # Part B's middle sample: 0.7

        self.next_section("Gaussian classes")
        self.show_densities()

        self.next_section("Bayes' rule")
        self.show_bayes()

        self.next_section("Part B's lines")
        self.show_lines()

        self.next_section("The posterior")
        self.show_posterior()

        self.next_section("Regions")
        self.show_regions()
        self.final_hold()

    # --- numbers as shown ----------------------------------------------------------------------

    def shown(self) -> dict[str, list[str]]:
        g, p = self.gaussians, self.params
        wd = display_decimals(p.weights)
        return {
            "means": [format_number(m, display_decimals(g.means)) for m in g.means],
            "priors": [format_number(v, P_DECIMALS) for v in g.priors],
            "weights": [format_number(w, wd) for w in g.weights],
            "biases": [format_number(b, 2) for b in g.biases],
            "posterior": [format_number(v, P_DECIMALS) for v in g.posterior(self.sample_x)],
        }

    # --- builders ------------------------------------------------------------------------------

    def name_tex(self, k: int) -> str:
        return rf"\text{{{escape_tex(self.names[k])}}}"

    def get_axes(self) -> VGroup:
        lo, hi = self.params.x_range
        x_step = axis_range(lo, hi, margin=0.0)[2]
        peak = float(self.gaussians.weighted_densities(np.linspace(lo, hi, self.samples)).max())
        d_lo, d_hi, d_step = axis_range(0.0, peak, max_ticks=3, margin=0.1)
        style = {"color": MUTED_COLOR, "font_size": FOOTNOTE}
        self.density_axes = Axes(
            x_range=[lo, hi, x_step], y_range=[0.0, d_hi, d_step], x_length=self.plot_width,
            y_length=self.density_height, tips=False, axis_config=style,
        )
        self.posterior_axes = Axes(
            x_range=[lo, hi, x_step], y_range=[0.0, 1.0, 0.5], x_length=self.plot_width,
            y_length=self.posterior_height, tips=False, axis_config=style,
        )
        for axes, top in ((self.density_axes, 2.75), (self.posterior_axes, 0.25)):
            left = self.plot_left + 0.55  # room for the y numbers
            axes.shift(np.array([left - axes.x_axis.get_left()[0], top - axes.c2p(lo, axes.y_range[1])[1], 0.0]))
        # the y axes stand at x = 0, under the curves: their numbers go to the plots' left edge instead
        self.density_ticks = self.y_numbers(self.density_axes, [d_hi])
        self.posterior_ticks = self.y_numbers(self.posterior_axes, [0.0, 0.5, 1.0])
        self.density_label = MathTex(r"\pi_k\,\mathcal{N}(x;\mu_k,\sigma^2)", font_size=FOOTNOTE)
        self.density_label.next_to(self.density_axes.c2p(hi, d_hi), LEFT, buff=0.1).align_to(
            self.density_axes.c2p(hi, d_hi), UP)
        self.posterior_label = MathTex(r"p(k \mid x)", font_size=FOOTNOTE)
        top_right = self.posterior_axes.c2p(hi, 1.0)
        self.posterior_label.next_to(top_right, UP, buff=0.12).align_to(top_right, RIGHT)  # above the curves' ends
        return VGroup(self.density_axes, self.density_ticks, self.density_label)

    @staticmethod
    def y_numbers(axes: Axes, values: list[float]) -> VGroup:
        lo = axes.x_range[0]
        decimals = display_decimals(values, min_decimals=1)
        return VGroup(*(MathTex(format_number(v, decimals), font_size=FOOTNOTE)
                        .next_to(axes.c2p(lo, v), LEFT, buff=0.15) for v in values))

    def curves(self, axes: Axes, values: np.ndarray, xs: np.ndarray) -> VGroup:
        return VGroup(*(polyline(axes, np.column_stack([xs, values[:, k]]), color=class_color(c), stroke_width=4)
                        for k, c in enumerate(self.colors)))

    def get_table(self) -> MathTable:
        s = self.shown()
        k = len(self.names)
        table = MathTable(
            [[s["means"][i], s["priors"][i], s["weights"][i], s["biases"][i]] for i in range(k)],
            row_labels=[Tex(escape_tex(self.names[i]), color=class_color(self.colors[i]), font_size=FOOTNOTE)
                        for i in range(k)],
            col_labels=[MathTex(t, font_size=FOOTNOTE) for t in (r"\mu_k", r"\pi_k", r"w_k", r"b_k")],
            include_outer_lines=False, h_buff=0.35, v_buff=0.28,
            element_to_mobject_config={"font_size": FOOTNOTE},
            line_config={"stroke_color": MUTED_COLOR, "stroke_width": 1.5},
        )
        table.to_edge(RIGHT, buff=0.35).align_to(self.density_axes, UP)
        return table

    def get_bayes(self) -> VGroup:
        bayes = MathTex(
            r"p(k \mid x) = \frac{\pi_k\,\mathcal{N}(x;\mu_k,\sigma^2)}{\sum_j \pi_j\,\mathcal{N}(x;\mu_j,\sigma^2)}",
            font_size=FOOTNOTE)
        softmax_form = MathTex(r"= \mathrm{softmax}_k(w_k\,x + b_k)", font_size=FOOTNOTE)
        coefficients = MathTex(r"w_k = \frac{\mu_k}{\sigma^2},\quad b_k = -\frac{\mu_k^2}{2\sigma^2} + \log \pi_k",
                               font_size=FOOTNOTE)
        group = VGroup(bayes, softmax_form, coefficients).arrange(DOWN, buff=0.25)
        softmax_form.align_to(bayes[0][6], LEFT)  # under the fraction, after "p(k | x)"
        return group.next_to(self.table, DOWN, buff=0.4).set_x(self.table.get_x())

    def get_regions(self) -> VGroup:
        axes = self.posterior_axes
        p = self.params
        strip_top = axes.c2p(p.x_range[0], 0.0)[1] - 0.12
        strip = VGroup()
        for interval in class_intervals(p.weights, p.biases, p.x_range):
            left, right = axes.c2p(interval.start, 0.0)[0], axes.c2p(interval.end, 0.0)[0]
            rect = Polygon(*(np.array([x, y, 0.0]) for x, y in ((left, strip_top - 0.4), (right, strip_top - 0.4),
                                                                   (right, strip_top), (left, strip_top))),
                           stroke_width=0, fill_color=class_color(p.colors[interval.winner]), fill_opacity=1.0)
            name = Tex(escape_tex(p.names[interval.winner]), font_size=FOOTNOTE, color=BLACK).move_to(rect)
            strip.add(VGroup(rect, name) if name.width + 0.2 < rect.width else VGroup(rect))
        self.x_numbers = VGroup(*(MathTex(format_number(x, 0), font_size=FOOTNOTE).next_to(
            np.array([axes.c2p(x, 0.0)[0], strip_top - 0.4, 0.0]), DOWN, buff=0.12) for x in p.x_range))
        x_label = MathTex("x", font_size=FOOTNOTE).next_to(self.x_numbers, DOWN, buff=0.0)
        x_label.set_x(axes.c2p(sum(p.x_range) / 2, 0.0)[0]).align_to(self.x_numbers, UP)
        self.x_label = x_label
        return strip

    def get_sample(self) -> VGroup:
        x = self.sample_x
        post = self.gaussians.posterior(x)
        axes = self.posterior_axes
        guide = DashedLine(self.density_axes.c2p(x, self.density_axes.y_range[1]), axes.c2p(x, 0.0),
                           color=HIGHLIGHT_COLOR, stroke_width=3)
        self.sample_dots = VGroup(*(Dot(axes.c2p(x, v), color=class_color(c), radius=0.08)
                                    for v, c in zip(post, self.colors, strict=True)))
        s = self.shown()
        parts = [rf"x = {format_number(x, display_decimals([x]))}:\quad p(k \mid x) = ("]
        for i, v in enumerate(s["posterior"]):
            parts += [v, r",\ " if i < len(s["posterior"]) - 1 else ")"]
        self.sample_readout = MathTex(*parts, font_size=LABEL)
        for i, c in enumerate(self.colors):
            self.sample_readout[1 + 2 * i].set_color(class_color(c))
        self.sample_readout.to_edge(DOWN, buff=0.3).set_x(self.posterior_axes.get_x())
        return VGroup(guide, self.sample_dots)

    # --- beats ---------------------------------------------------------------------------------

    def show_densities(self) -> None:
        self.title = title("Gaussian classes give softmax")
        self.plots = self.get_axes()
        lo, hi = self.params.x_range
        xs = np.linspace(lo, hi, self.samples)
        self.densities = self.curves(self.density_axes, self.gaussians.weighted_densities(xs), xs)
        self.table = self.get_table()
        s = self.shown()
        columns = self.table.get_columns()
        lines = VGroup(self.table.get_horizontal_lines(), self.table.get_vertical_lines()[:2])
        with self.voiceover("classes", sigma=format_number(self.sigma, display_decimals([self.sigma]))):
            self.play(FadeIn(self.title), FadeIn(self.plots), run_time=GLANCE)
            self.play(Create(self.densities), run_time=WRITE)
        with self.voiceover("means", means=spoken_list(s["means"]), priors=spoken_list(s["priors"])) as beat:
            self.play(FadeIn(columns[0]), FadeIn(columns[1]), FadeIn(lines), run_time=GLANCE)
            hold_until(self, beat, "and the priors")
            self.play(FadeIn(columns[2]), FadeIn(self.table.get_vertical_lines()[2]), run_time=GLANCE)

    def show_bayes(self) -> None:
        self.bayes = self.get_bayes()
        with self.voiceover("bayes"):
            self.play(Write(self.bayes[0]), run_time=WRITE)
        with self.voiceover("cancel") as beat:
            hold_until(self, beat, "what remains")
            self.play(Write(self.bayes[1]), run_time=WRITE)
        with self.voiceover("coefficients"):
            self.play(Write(self.bayes[2]), run_time=WRITE)

    def show_lines(self) -> None:
        s, p = self.shown(), self.params
        columns = self.table.get_columns()
        shift = self.gaussians.bias_shift(p.biases)
        part_b = [format_number(b, display_decimals(p.biases)) for b in p.biases]
        with self.voiceover("weights", weights=spoken_list(s["weights"])):
            self.play(FadeIn(columns[3]), FadeIn(self.table.get_vertical_lines()[3:4]), run_time=GLANCE)
        with self.voiceover("biases", biases=spoken_list(s["biases"]), part_b=spoken_list(part_b),
                            shift=format_number(abs(shift), 2)):
            self.play(FadeIn(columns[4]), run_time=GLANCE)

    def show_posterior(self) -> None:
        lo, hi = self.params.x_range
        xs = np.linspace(lo, hi, self.samples)
        self.posteriors = self.curves(self.posterior_axes, self.gaussians.posterior(xs), xs)
        with self.voiceover("posterior"):
            self.play(FadeIn(self.posterior_axes), FadeIn(self.posterior_ticks), FadeIn(self.posterior_label),
                      run_time=GLANCE)
            self.play(Create(self.posteriors), run_time=WRITE)
        self.sample = self.get_sample()
        s = self.shown()
        with self.voiceover("sample", x=format_number(self.sample_x, display_decimals([self.sample_x])),
                            probs=spoken_list(s["posterior"])):
            self.play(Create(self.sample[0]), FadeIn(self.sample_dots), run_time=MOVE)
            self.play(Write(self.sample_readout), run_time=WRITE)

    def show_regions(self) -> None:
        self.regions = self.get_regions()
        p = self.params
        at = [format_number(c.x, 2) for c in crossings(p.weights, p.biases, p.x_range)]
        if not at:  # one class wins on the whole input line
            winner = class_intervals(p.weights, p.biases, p.x_range)[0].winner
            with self.voiceover("one_region", name=p.names[winner]):
                self.play(FadeIn(self.regions), FadeIn(self.x_numbers), FadeIn(self.x_label), run_time=MOVE)
        else:
            with self.voiceover("regions", crossings=spoken_list(at)) as beat:
                self.play(FadeIn(self.regions), FadeIn(self.x_numbers), FadeIn(self.x_label), run_time=MOVE)
                hold_until(self, beat, "the same boundaries")
                self.play(*(Indicate(r[0], color=HIGHLIGHT_COLOR, scale_factor=1.05) for r in self.regions),
                          run_time=GLANCE)
        self.sample_box = SurroundingRectangle(self.sample_readout, color=HIGHLIGHT_COLOR, buff=0.1)
        with self.voiceover("closing"):
            self.play(Create(self.sample_box), run_time=GLANCE)
