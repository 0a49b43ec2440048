"""Part A scenes, built in-process: bars exactly proportional, numbers from the math package, sums consistent."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import harness
import numpy as np
import pytest
from class_counts import class_count_test
from harness import (
    BACKGROUND,
    assert_chart,
    assert_chart_readable,
    assert_in_frame,
    assert_never_off_frame,
    assert_no_overlap,
    assert_text_sizes,
    build,
    pixel_at,
    rgb,
    shown,
    still,
)
from manim import MathTex

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

FOUR_CLASSES = """
[logits]
names = ["cat", "dog", "bird", "horse"]
colors = ["blue", "red", "green", "purple"]
values = [1.5, 0.25, -0.5, 2.5]
negative_example = [1.0, -2.0, 0.5, 3.0]
temperatures = [0.25, 1.0, 4.0]
"""


@pytest.fixture(scope="module")
def default_scenes():
    return {cls.__name__: harness.scene(cls) for cls in SCENES}


@pytest.fixture(scope="module")
def four_class_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("params") / "four.toml"
    path.write_text(FOUR_CLASSES)
    return path


@pytest.fixture(scope="module")
def four_class_scenes(four_class_file):
    return {cls.__name__: harness.scene(cls, four_class_file) for cls in SCENES}


@pytest.fixture(params=["defaults", "four-classes"])
def case(request):
    """(scenes by name, the logit parameters they were built from)."""
    if request.param == "defaults":
        return request.getfixturevalue("default_scenes"), load_params().logits
    return request.getfixturevalue("four_class_scenes"), load_params(request.getfixturevalue("four_class_file")).logits


# --- checks of the numbers ------------------------------------------------------


def assert_sum_rule(terms, total) -> None:
    """The displayed terms add up to a number that rounds to the displayed total."""
    s = sum((Decimal(t) for t in terms), Decimal(0))
    places = -Decimal(total).as_tuple().exponent
    assert s.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == Decimal(total)


def tex_of(m: MathTex) -> str:
    return m.get_tex_string().replace(" ", "")


# --- LogitsAreNotProbabilities -------------------------------------------------


def test_logits_chart_ends_on_the_negative_example(case):
    scenes, lg = case
    scene = scenes["LogitsAreNotProbabilities"]
    d = display_decimals(lg.values + lg.negative_example)
    assert_chart(scene.logit_bars, lg.negative_example, [format_number(v, d) for v in lg.negative_example])
    assert_chart_readable(scene.logit_bars, scene)
    shown_sum = format_sum(lg.negative_example, d, d)
    assert shown_sum.total in tex_of(scene.logit_sum)
    assert_sum_rule(shown_sum.terms, shown_sum.total)


def test_divide_by_total_gives_the_nonsense_shares(case):
    scenes, lg = case
    scene = scenes["LogitsAreNotProbabilities"]
    f = divide_by_total(lg.negative_example)
    assert_chart(scene.fraction_bars, f, [format_number(x) for x in f])
    assert_chart_readable(scene.fraction_bars, scene)
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
    assert_in_frame(scenes["LogitsAreNotProbabilities"].mobjects)
    assert_never_off_frame(scenes["LogitsAreNotProbabilities"])


def test_logits_still_shows_the_negative_bar(default_scenes):
    scene = default_scenes["LogitsAreNotProbabilities"]
    frame = still(scene)
    lg = load_params().logits
    neg = int(np.argmin(lg.negative_example))
    chart = scene.logit_bars
    inside = chart.value_point(neg, lg.negative_example[neg] / 2)
    above = chart.value_point(neg, -lg.negative_example[neg] / 2)
    expected = rgb(lg.colors[neg])
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
        assert_chart_readable(chart, scene)
    assert_no_overlap([scene.logit_bars, scene.exp_bars, scene.prob_bars], scene)


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
    assert_in_frame(scenes["ExponentiateThenNormalize"].mobjects)
    assert_never_off_frame(scenes["ExponentiateThenNormalize"])


def test_exponentiate_still_colours_the_probability_bars(default_scenes):
    scene = default_scenes["ExponentiateThenNormalize"]
    frame = still(scene)
    lg = load_params().logits
    chart = scene.prob_bars
    for i, c in enumerate(lg.colors):
        inside = chart.value_point(i, chart.values[i] / 2)
        assert np.abs(pixel_at(frame, inside) - rgb(c)).max() < 40
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
        assert_chart_readable(panel, scene)
        assert tex_of(header) == f"T={format_number(t, d)}"
        assert panel.unit == pytest.approx(scene.panels[0].unit)  # one shared scale
    assert_no_overlap(list(scene.panels), scene)


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
    assert_in_frame(scene.mobjects)
    assert_never_off_frame(scene)


def test_temperature_still_shows_the_hard_maximum(default_scenes):
    scene = default_scenes["Temperature"]
    frame = still(scene)
    lg = load_params().logits
    top = int(np.argmax(lg.values))
    chart = scene.hard_max_bars
    expected = rgb(lg.colors[top])
    assert np.abs(pixel_at(frame, chart.value_point(top, 0.5)) - expected).max() < 40
    other = (top + 1) % len(lg.values)
    assert np.abs(pixel_at(frame, chart.value_point(other, 0.5)) - BACKGROUND).max() < 12


# --- all scenes ------------------------------------------------------------------


# Lines each scene speaks at the default parameters (the others are the variants for other parameters).
VARIANTS = {"divide_fails", "nonsense_lucky", "compare_one"}


@pytest.mark.parametrize("name", [cls.__name__ for cls in SCENES])
def test_durations_sections_and_narration(default_scenes, name):
    scene = default_scenes[name]
    assert 20 <= scene.renderer.time <= 75
    assert len(scene.section_names) >= 4
    assert len(set(scene.section_names)) == len(scene.section_names)
    table = scene.script.tables[name]
    spoken = [line.key for line in scene.spoken]
    assert spoken == [k for k in table if k not in VARIANTS]  # every line, in the file's order
    for line, after in zip(scene.spoken, scene.spoken[1:]):  # one at a time
        assert line.end <= after.start, line.text
    assert scene.spoken[-1].end <= scene.renderer.time
    assert scene.renderer.time - scene.spoken[-1].end <= 2.5  # only a short closing hold
    assert all("{" not in line.text for line in scene.spoken)


def test_spoken_numbers_are_the_shown_numbers(default_scenes):
    said = {name: {s.key: s.text for s in sc.spoken} for name, sc in default_scenes.items()}
    lg = load_params().logits
    d = display_decimals(lg.values + lg.negative_example)
    scores = ", ".join(f"{n} {format_number(v, d)}" for n, v in zip(lg.names[:-1], lg.values[:-1], strict=True))
    last = f"{lg.names[-1]} {format_number(lg.values[-1], d)}"
    assert f"{scores} and {last}" in said["LogitsAreNotProbabilities"]["logits"]
    exp = said["ExponentiateThenNormalize"]
    assert "11.21" in exp["sum"] and "11.21" in exp["normalize"]
    assert "0.66, 0.24 and 0.10" in exp["probabilities"]
    compare = said["Temperature"]["compare"]
    assert "0.86, 0.12 and 0.02" in compare and "0.502, 0.304 and 0.194" in compare


@pytest.mark.parametrize("name", [cls.__name__ for cls in SCENES])
def test_every_text_is_at_least_the_footnote_size(case, name):
    scenes, _ = case
    assert_text_sizes(scenes[name])


def test_invalid_override_stops_with_the_field_name(tmp_path, monkeypatch, scene_media_dir):
    path = tmp_path / "bad.toml"
    path.write_text('[logits]\nnegative_example = [1.0, -1.0, 0.0]\n')
    monkeypatch.setenv("SOFTMAX_ANIM_PARAMS", str(path))
    with pytest.raises(SystemExit, match="logits.negative_example"):
        build(LogitsAreNotProbabilities, scene_media_dir)


# --- the edges of the supported ranges ---------------------------------------------

EDGES = Path(__file__).parent / "fixtures" / "params"


@pytest.fixture(scope="module", params=["edges_many", "edges_few"])
def edge_scenes(request):
    path = EDGES / f"{request.param}.toml"
    scenes = {cls.__name__: harness.scene(cls, path) for cls in SCENES}
    return scenes, load_params(path).logits


def test_edges_render_in_frame_readable_and_spoken(edge_scenes):
    scenes, lg = edge_scenes
    for name, scene in scenes.items():
        assert_in_frame(scene.mobjects)
        assert_never_off_frame(scene)
        assert_text_sizes(scene)
        keys = [line.key for line in scene.spoken]
        assert len(keys) == len(set(keys)) and set(keys) <= set(scene.script.tables[name]), name
        for line, after in zip(scene.spoken, scene.spoken[1:]):
            assert line.end <= after.start, line.text
    logits = scenes["LogitsAreNotProbabilities"]
    for chart in (logits.logit_bars, logits.fraction_bars):
        assert_chart_readable(chart, logits)
    assert_no_overlap([logits.logit_bars, logits.fraction_bars, logits.logit_sum], logits)
    exp = scenes["ExponentiateThenNormalize"]
    for chart in (exp.logit_bars, exp.exp_bars, exp.prob_bars):
        assert_chart_readable(chart, exp)
    assert_no_overlap([exp.logit_bars, exp.exp_bars, exp.prob_bars, exp.formula], exp)
    temp = scenes["Temperature"]
    assert len(temp.panels) == len(lg.temperatures)
    for panel in temp.panels:
        assert_chart_readable(panel, temp)
    assert_no_overlap([*temp.panels, *temp.panel_headers, *temp.panel_notes], temp)
    for chart in (temp.hard_max_bars, temp.uniform_bars):
        assert_chart_readable(chart, temp)
    assert_no_overlap([temp.hard_max_bars, temp.uniform_bars], temp)


# at 2 and 4 classes in every table: drawn and readable, or left out (tests/class_counts.py)
test_drawn_at_two_and_four_classes_or_left_out = class_count_test(
    "LogitsAreNotProbabilities", "ExponentiateThenNormalize", "Temperature"
)
