"""Part A scenes, built in-process: bars exactly proportional, numbers from the math package, sums consistent."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from conftest import BACKGROUND, FRAME_HEIGHT, FRAME_WIDTH, HALF_PIXEL_1080P, build, pixel_at
from manim import DecimalNumber, ManimColor, MathTex, Mobject

from scenes.kit.bars import ValueBars
from scenes.part_a_logits_to_probabilities import (
    ExponentiateThenNormalize,
    LogitsAreNotProbabilities,
    Temperature,
)
from softmax_anim.activations import softmax
from softmax_anim.exp_normalize import divide_by_total, temperature_table
from softmax_anim.formatting import display_decimals, format_number, format_probabilities, format_sum
from softmax_anim.params import load_params

SCENES = (LogitsAreNotProbabilities, ExponentiateThenNormalize, Temperature)
FRAME_HALF_WIDTH, FRAME_HALF_HEIGHT = FRAME_WIDTH / 2, FRAME_HEIGHT / 2

FOUR_CLASSES = """
[logits]
names = ["cat", "dog", "bird", "horse"]
colors = ["blue", "red", "green", "gold"]
values = [1.5, 0.25, -0.5, 2.5]
negative_example = [1.0, -2.0, 0.5, 3.0]
temperatures = [0.25, 1.0, 4.0]
"""


def _build(scene_cls: type, media_dir, params_file=None) -> object:
    # frame_rate 2: every run time is a multiple of 0.5 s, so subcaption times are exact.
    return build(scene_cls, media_dir, still=(480, 270), params_file=params_file, frame_rate=2)


@pytest.fixture(scope="module")
def default_scenes(scene_media_dir):
    return {cls.__name__: _build(cls, scene_media_dir) for cls in SCENES}


@pytest.fixture(scope="module")
def four_class_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("params") / "four.toml"
    path.write_text(FOUR_CLASSES)
    return path


@pytest.fixture(scope="module")
def four_class_scenes(scene_media_dir, four_class_file):
    return {cls.__name__: _build(cls, scene_media_dir, four_class_file) for cls in SCENES}


@pytest.fixture(params=["defaults", "four-classes"])
def case(request):
    """(scenes by name, the logit parameters they were built from)."""
    if request.param == "defaults":
        return request.getfixturevalue("default_scenes"), load_params().logits
    return request.getfixturevalue("four_class_scenes"), load_params(request.getfixturevalue("four_class_file")).logits


# --- checks shared by every chart ---------------------------------------------


def shown(label: DecimalNumber) -> str:
    """The text a DecimalNumber displays."""
    return f"{label.get_value():.{label.num_decimal_places}f}"


def assert_chart(chart: ValueBars, values, labels=None) -> None:
    """Bars exactly ``value * unit`` (within 0.5 px at 1080p), labels exactly the formatted strings."""
    values = np.asarray(values, dtype=float)
    np.testing.assert_allclose(chart.values, values, atol=1e-12)
    lengths = np.array([chart.bar_length(i) for i in range(len(values))])
    np.testing.assert_allclose(lengths, values * chart.unit, atol=HALF_PIXEL_1080P)
    for i, bar in enumerate(chart.bars):  # each bar is centred in its slot, on the baseline
        assert abs(bar.get_center()[0] - chart.slot_center_x(i)) < HALF_PIXEL_1080P
        assert abs(bar.get_vertices()[:, 1] - chart.origin[1]).min() < HALF_PIXEL_1080P
    if labels is not None:
        assert [shown(m) for m in chart.value_labels] == list(labels)
        assert chart.label_strings == list(labels)
        for i, m in enumerate(chart.value_labels):  # a label sits at its bar's end, outside the bar
            assert abs(m.get_center()[0] - chart.slot_center_x(i)) < 0.05
            if values[i] >= 0:
                assert m.get_bottom()[1] >= chart.bar_top(i)[1]
            else:
                assert m.get_top()[1] <= chart.bar_top(i)[1]


def assert_sum_rule(terms, total) -> None:
    """The displayed terms add up to a number that rounds to the displayed total."""
    s = sum((Decimal(t) for t in terms), Decimal(0))
    places = -Decimal(total).as_tuple().exponent
    assert s.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == Decimal(total)


def tex_of(m: MathTex) -> str:
    return m.get_tex_string().replace(" ", "")


def assert_in_frame(scene) -> None:
    for m in scene.mobjects:
        for sub in m.get_family():
            if sub.has_points() and not isinstance(sub, type(None)):
                lo, hi = sub.get_corner(np.array([-1, -1, 0])), sub.get_corner(np.array([1, 1, 0]))
                assert lo[0] >= -FRAME_HALF_WIDTH and hi[0] <= FRAME_HALF_WIDTH, sub
                assert lo[1] >= -FRAME_HALF_HEIGHT and hi[1] <= FRAME_HALF_HEIGHT, sub


def assert_no_overlap(mobjects: list[Mobject]) -> None:
    for i, a in enumerate(mobjects):
        for b in mobjects[i + 1 :]:
            apart_x = a.get_right()[0] <= b.get_left()[0] or b.get_right()[0] <= a.get_left()[0]
            apart_y = a.get_top()[1] <= b.get_bottom()[1] or b.get_top()[1] <= a.get_bottom()[1]
            assert apart_x or apart_y, (a, b)


def assert_chart_readable(chart: ValueBars) -> None:
    assert_no_overlap([*chart.name_labels, *chart.value_labels, *chart.bars])


# --- LogitsAreNotProbabilities -------------------------------------------------


def test_logits_chart_ends_on_the_negative_example(case):
    scenes, lg = case
    scene = scenes["LogitsAreNotProbabilities"]
    d = display_decimals(lg.values + lg.negative_example)
    assert_chart(scene.logit_bars, lg.negative_example, [format_number(v, d) for v in lg.negative_example])
    assert_chart_readable(scene.logit_bars)
    shown_sum = format_sum(lg.negative_example, d, d)
    assert shown_sum.total in tex_of(scene.logit_sum)
    assert_sum_rule(shown_sum.terms, shown_sum.total)


def test_divide_by_total_gives_the_nonsense_shares(case):
    scenes, lg = case
    scene = scenes["LogitsAreNotProbabilities"]
    f = divide_by_total(lg.negative_example)
    assert_chart(scene.fraction_bars, f, [format_number(x) for x in f])
    assert_chart_readable(scene.fraction_bars)
    bad = [i for i, x in enumerate(f) if not 0 <= x <= 1]
    assert bad, "the negative example must give a share outside [0, 1]"
    assert len(scene.out_of_range) == len(bad)
    for box, i in zip(scene.out_of_range, bad, strict=True):
        label = scene.fraction_bars.value_labels[i]
        assert box.get_left()[0] < label.get_left()[0] and box.get_right()[0] > label.get_right()[0]
    d = display_decimals(lg.values + lg.negative_example)
    assert format_number(float(np.sum(lg.negative_example)), d) in tex_of(scene.division)


def test_logits_scene_stays_in_frame(case):
    scenes, _ = case
    assert_in_frame(scenes["LogitsAreNotProbabilities"])


def test_logits_still_shows_the_negative_bar(default_scenes):
    scene = default_scenes["LogitsAreNotProbabilities"]
    frame = scene.still
    lg = load_params().logits
    neg = int(np.argmin(lg.negative_example))
    chart = scene.logit_bars
    inside = chart.value_point(neg, lg.negative_example[neg] / 2)
    above = chart.value_point(neg, -lg.negative_example[neg] / 2)
    expected = np.array(ManimColor(lg.colors[neg]).to_int_rgb())
    assert np.abs(pixel_at(frame, inside) - expected).max() < 40
    assert np.abs(pixel_at(frame, above) - BACKGROUND).max() < 12


# --- ExponentiateThenNormalize ---------------------------------------------------


def test_three_charts_are_the_pipeline(case):
    scenes, lg = case
    scene = scenes["ExponentiateThenNormalize"]
    z = np.array(lg.values)
    d = display_decimals(z)
    assert_chart(scene.logit_bars, z, [format_number(v, d) for v in z])
    assert_chart(scene.exp_bars, np.exp(z), [format_number(v) for v in np.exp(z)])
    assert_chart(scene.prob_bars, softmax(z), format_probabilities(softmax(z)))
    for chart in (scene.logit_bars, scene.exp_bars, scene.prob_bars):
        assert_chart_readable(chart)
    assert_no_overlap([scene.logit_bars, scene.exp_bars, scene.prob_bars])


def test_exponential_sum_is_exact_and_consistent(case):
    scenes, lg = case
    scene = scenes["ExponentiateThenNormalize"]
    expected = format_sum(np.exp(lg.values))
    assert scene.exp_sum_shown == expected
    assert tex_of(scene.exp_sum).endswith("=" + expected.total)
    for term in expected.terms:
        assert term.removeprefix("-") in tex_of(scene.exp_sum)
    assert_sum_rule(expected.terms, expected.total)
    assert expected.total == format_number(float(np.exp(lg.values).sum()))
    probs = scene.prob_sum_shown
    assert list(probs.terms) == format_probabilities(softmax(lg.values))
    assert sum(Decimal(t) for t in probs.terms) == Decimal(probs.total) == Decimal("1.00")


def test_lecture_numbers_never_show_11_22(default_scenes):
    scene = default_scenes["ExponentiateThenNormalize"]
    texts = [tex_of(m) for m in scene.mobjects if isinstance(m, MathTex)] + [tex_of(scene.exp_sum)]
    assert any("11.21" in t for t in texts)
    assert not any("11.22" in t for t in texts)
    assert scene.exp_sum_shown.terms == ("7.389", "2.718", "1.105")


def test_gap_row_is_the_exp_of_the_logit_gap(case):
    scenes, lg = case
    scene = scenes["ExponentiateThenNormalize"]
    p = scene.pipeline
    assert p.exp_ratio == pytest.approx(np.exp(p.logit_gap))
    assert tex_of(scene.gap_row).endswith("=" + format_number(p.exp_ratio))
    assert "softmax" in tex_of(scene.formula)


def test_exponentiate_scene_stays_in_frame(case):
    scenes, _ = case
    assert_in_frame(scenes["ExponentiateThenNormalize"])


def test_exponentiate_still_colours_the_probability_bars(default_scenes):
    scene = default_scenes["ExponentiateThenNormalize"]
    frame = scene.still
    lg = load_params().logits
    chart = scene.prob_bars
    for i, c in enumerate(lg.colors):
        inside = chart.value_point(i, chart.values[i] / 2)
        assert np.abs(pixel_at(frame, inside) - np.array(ManimColor(c).to_int_rgb())).max() < 40
        beside = inside + np.array([chart.slot / 2 - 0.02, 0, 0])  # between bars
        assert np.abs(pixel_at(frame, beside) - BACKGROUND).max() < 12


# --- Temperature -----------------------------------------------------------------


@pytest.mark.parametrize("t", [0.1, 0.5, 1.0, 2.0, 3.7, 10.0], ids=lambda t: f"T={t}")
def test_sweep_bars_follow_the_exact_values(case, t):
    scenes, lg = case
    scene = scenes["Temperature"]
    scene.log_temperature.set_value(np.log(t))
    scene.sweep_bars.resume_updating()
    scene.temperature_label.resume_updating()
    try:
        p = softmax(lg.values, temperature=t)
        # a sweep keeps one precision (no total is shown): each label its correctly rounded value
        assert_chart(scene.sweep_bars, p, format_probabilities(p, max_decimals=2))
        assert scene.sweep_bars.label_strings == [format_number(v, 2) for v in p]
        assert shown(scene.temperature_label) == format_number(t)
    finally:
        scene.sweep_bars.suspend_updating()
        scene.temperature_label.suspend_updating()


def test_temperature_panels_match_the_table(case):
    scenes, lg = case
    scene = scenes["Temperature"]
    table = temperature_table(lg.values, lg.temperatures)
    assert len(scene.panels) == len(lg.temperatures)
    d = display_decimals(lg.temperatures)
    for panel, header, row, t in zip(scene.panels, scene.panel_headers, table, lg.temperatures, strict=True):
        assert_chart(panel, row, format_probabilities(row))
        assert_chart_readable(panel)
        assert tex_of(header) == f"T={format_number(t, d)}"
        assert panel.unit == pytest.approx(scene.panels[0].unit)  # one shared scale
    assert_no_overlap(list(scene.panels))


def test_lecture_panels_show_the_lecture_numbers(default_scenes):
    labels = [p.label_strings for p in default_scenes["Temperature"].panels]
    # T = 2: 0.50 + 0.30 + 0.19 would be 0.99, so three places (never 0.31 for 0.3043)
    assert labels == [["0.86", "0.12", "0.02"], ["0.66", "0.24", "0.10"], ["0.502", "0.304", "0.194"]]


def test_temperature_limits(case):
    scenes, lg = case
    scene = scenes["Temperature"]
    n = len(lg.values)
    hard = np.zeros(n)
    hard[int(np.argmax(lg.values))] = 1.0
    assert_chart(scene.hard_max_bars, hard, format_probabilities(hard))
    assert_chart(scene.uniform_bars, np.full(n, 1 / n))
    assert [tex_of(m) for m in scene.uniform_labels] == [rf"\tfrac{{1}}{{{n}}}"] * n
    assert_in_frame(scene)


def test_temperature_still_shows_the_hard_maximum(default_scenes):
    scene = default_scenes["Temperature"]
    frame = scene.still
    lg = load_params().logits
    top = int(np.argmax(lg.values))
    chart = scene.hard_max_bars
    expected = np.array(ManimColor(lg.colors[top]).to_int_rgb())
    assert np.abs(pixel_at(frame, chart.value_point(top, 0.5)) - expected).max() < 40
    other = (top + 1) % len(lg.values)
    assert np.abs(pixel_at(frame, chart.value_point(other, 0.5)) - BACKGROUND).max() < 12


# --- all scenes ------------------------------------------------------------------


@pytest.mark.parametrize("name", [cls.__name__ for cls in SCENES])
def test_durations_and_sections(default_scenes, name):
    scene = default_scenes[name]
    assert 20 <= scene.renderer.time <= 60
    assert len(scene.section_names) >= 4
    assert len(set(scene.section_names)) == len(scene.section_names)
    subcaptions = scene.renderer.file_writer.subcaptions
    assert len(subcaptions) >= len(scene.section_names)
    for sub in subcaptions:  # readable: at least ~20 characters per second on screen
        assert len(sub.content) / (sub.end - sub.start).total_seconds() <= 20, sub.content
    for sub, after in zip(subcaptions, subcaptions[1:]):  # one at a time
        assert sub.end <= after.start, sub.content


def test_invalid_override_stops_with_the_field_name(tmp_path, monkeypatch, scene_media_dir):
    path = tmp_path / "bad.toml"
    path.write_text('[logits]\nnegative_example = [1.0, -1.0, 0.0]\n')
    monkeypatch.setenv("SOFTMAX_ANIM_PARAMS", str(path))
    with pytest.raises(SystemExit, match="logits.negative_example"):
        _build(LogitsAreNotProbabilities, scene_media_dir)
