"""Part F scenes: TrainingLogitPaths, LargeLogits, CrossEntropyBridge, built in-process against the math."""

from __future__ import annotations

import math
import re
from pathlib import Path

import harness
import numpy as np
import pytest
from class_counts import class_count_test
from harness import (
    HALF_PIXEL_1080P,
    assert_chart,
    assert_chart_readable,
    assert_close_on_screen,
    assert_in_frame,
    assert_never_off_frame,
    assert_no_overlap,
    assert_text_sizes,
    assert_texts_apart,
    build,
    pixel_at,
    rgb,
    shown,
    still,
)
from manim import MathTex

from softmax_anim import format_number, format_probabilities, lecture_params, softmax
from softmax_anim.cross_entropy import cross_entropy
from softmax_anim.digits2d import mnist_features_2d
from softmax_anim.logit_plane import logit_plane_coords
from softmax_anim.optimizers import SGD, Adam
from softmax_anim.overflow import naive_softmax_steps, overconfident_logits
from softmax_anim.training import pick_examples, train_softmax_classifier

TOL = HALF_PIXEL_1080P
EDGES = Path(__file__).parent / "fixtures" / "params"


@pytest.fixture(scope="module")
def training():
    return harness.scene("TrainingLogitPaths")


@pytest.fixture(scope="module")
def large():
    return harness.scene("LargeLogits")


@pytest.fixture(scope="module")
def bridge():
    return harness.scene("CrossEntropyBridge")


def spoken(scene) -> dict[str, str]:
    """The text of each line key spoken (the last take of a key spoken more than once)."""
    return {line.key: line.text for line in scene.spoken}


def assert_narrated(scene, keys: list[str]) -> None:
    """The lines ``keys`` are spoken in that order, never overlapping, with no silent gap of 2 s or more;
    something moves during every line (paced for the eye: at least a glance, the rest of the line may hold
    still); the scene ends with a short final hold."""
    assert [line.key for line in scene.spoken] == keys
    for prev, nxt in zip(scene.spoken, scene.spoken[1:]):
        assert nxt.start >= prev.end + scene.pause - 1e-9, (prev.key, nxt.key)
        assert nxt.start - prev.end < 2.0, f"{nxt.start - prev.end:.1f} s of silence before {nxt.key}"
    assert scene.renderer.time - scene.spoken[-1].end < 2.5  # the final hold (frame rate 1 rounds up)
    for line in scene.spoken:
        moving = sum(max(0.0, min(b, line.end) - max(a, line.start)) for a, b in scene.motion)
        assert moving >= min(0.5, line.duration), f"{line.key}: picture moves {moving:.1f} of {line.duration:.1f} s"


def assert_readable_on_screen(scene) -> None:
    """In frame after every play, every text at least the footnote size, no two texts on screen overlapping
    (at the end and in every section)."""
    assert_text_sizes(scene)
    assert_in_frame(scene.mobjects)
    assert_never_off_frame(scene)
    assert_texts_apart(scene)


# --- TrainingLogitPaths ---------------------------------------------------------------


def test_training_runs_follow_the_parameters_and_give_the_lecture_numbers(training):
    s = training
    t = lecture_params().training
    # the scene only draws: its runs are the trainer's, with the [training] parameters (built here step by step)
    x, y = mnist_features_2d(lecture_params().digits.classes)
    tracked = pick_examples(y, 3, seed=t.seed)
    np.testing.assert_array_equal(s.tracked, tracked)
    assert s.steps == t.steps
    for opt in (SGD(t.sgd_learning_rate), Adam(t.adam_learning_rate)):
        run = train_softmax_classifier(x, y, 3, opt, steps=t.steps, batch_size=t.batch_size, seed=t.seed,
                                       tracked=tracked)
        np.testing.assert_array_equal(s.runs[opt.name].losses, run.losses)
        np.testing.assert_array_equal(s.coords[opt.name], logit_plane_coords(run.logits))
    # the numbers the lecture states for the default parameters
    sgd, adam = s.runs["SGD"], s.runs["Adam"]
    assert [format_number(r.losses[0], 4) for r in (sgd, adam)] == ["1.0958", "1.0958"]
    assert [format_number(r.losses[-1], 4) for r in (sgd, adam)] == ["0.2421", "0.2285"]
    assert [format_number(100 * r.model.accuracy(x, y), 1) for r in (sgd, adam)] == ["90.7", "91.5"]


def test_training_dots_and_paths_sit_on_the_recorded_logits(training):
    s = training
    for name, plane in s.planes.items():
        coords = s.coords[name]
        for i, (path, dot) in enumerate(zip(s.paths[name], s.dots[name], strict=True)):
            expected = np.array([plane.c2p(*c) for c in coords[:, i]])
            assert_close_on_screen(dot.get_center(), expected[-1])
            corners = np.vstack([path.get_start_anchors(), path.get_end_anchors()[-1:]])
            assert len(corners) == len(expected)
            assert_close_on_screen(corners, expected)
        # each sample digit ends where its final logits put it: the sector of their argmax
        final = s.runs[name].logits[-1]
        angle = np.degrees(np.arctan2(coords[-1, :, 1], coords[-1, :, 0]))
        np.testing.assert_array_equal(np.floor(((angle - 30) % 360) / 120).astype(int), final.argmax(axis=1))


def test_training_sector_boundaries_are_ties(training):
    s = training
    for name, plane in s.planes.items():
        centre = plane.c2p(0, 0)
        for k, ray in enumerate(s.boundaries[name]):
            a = np.radians(150 + 120 * k)
            end = np.array([np.cos(a), np.sin(a)]) * s.radius
            assert_close_on_screen(ray.get_start(), centre)
            assert_close_on_screen(ray.get_end(), plane.c2p(*end))
            # the logits of that point (centred) tie between classes k and k+1
            back = np.sqrt(2 / 3) * np.array([[0, 1], [np.cos(np.radians(210)), np.sin(np.radians(210))],
                                               [np.cos(np.radians(330)), np.sin(np.radians(330))]]) @ end
            assert back[k] == pytest.approx(back[(k + 1) % 3])
            assert back[k] > back[(k + 2) % 3]


def test_training_loss_curves_and_labels(training):
    s = training
    for name, curve in s.loss_curves.items():
        losses = s.runs[name].losses
        expected = np.array([s.loss_axes.c2p(t, v) for t, v in enumerate(losses)])
        corners = np.vstack([curve.get_start_anchors(), curve.get_end_anchors()[-1:]])
        assert_close_on_screen(corners, expected)
    texts = [m.tex_string for m in s.final_labels]
    for name, text in zip(s.loss_curves, texts, strict=True):
        assert format_number(s.runs[name].losses[-1], 2) in text and name in text
    assert s.step_value.get_value() == s.steps


def test_training_is_narrated_and_moves_with_the_words(training):
    s = training
    placements = [("placement_wrong" if s.misplaced(n) else "placement_right") for n in s.runs]
    placements = [k for n, k in zip(s.runs, placements, strict=True) for _ in (s.misplaced(n) or [None])]
    assert_narrated(s, ["setup", "panels", "sectors", "start", "training_sgd", "training_adam", "losses",
                        *placements])
    words = spoken(s)
    sgd, adam = (format_number(s.runs[n].losses[-1], 2) for n in ("SGD", "Adam"))
    assert f"{sgd} with SGD and {adam} with Adam" in words["losses"] and str(s.steps) in words["losses"]
    # the default run: SGD leaves the tracked 1 in the sector of 2 (as the final dots show), Adam places all three
    assert s.misplaced("SGD") == [(1, 2)] and s.misplaced("Adam") == []
    assert "the 1 still sits in the sector of 2" in words["placement_wrong"]
    # the start moves: the tracked digits first appear large in mid-frame, then the dots leave their images
    first_play_end = s.motion[0][1]
    assert first_play_end <= s.spoken[0].start + 1.5
    training_lines = [line for line in s.spoken if line.key.startswith("training")]
    assert training_lines[0].start < training_lines[-1].end  # the run plays over both training lines


def test_training_thumbnails_show_their_labels(training):
    for thumb, label in zip(training.thumbnails, training.classes, strict=True):
        image, text = thumb
        assert image.label == label and text.tex_string == str(label)
        assert text.get_top()[1] < image.get_bottom()[1]


def test_training_results_stay_on_screen_to_the_end(training):
    on_screen = {id(m) for top in training.mobjects for m in top.get_family()}
    kept = [*training.loss_curves.values(), training.step_value]
    for name in training.planes:
        kept += [*training.paths[name], *training.dots[name]]
    assert all(id(m) in on_screen for m in kept)


def test_training_still_shows_the_final_dots(training):
    frame = still(training)
    for name, plane in training.planes.items():
        for i, colour in enumerate(training.colors):
            centre = plane.c2p(*training.coords[name][-1, i])
            np.testing.assert_allclose(pixel_at(frame, centre), rgb(colour), atol=40)


def test_training_still_pixels(training):
    scene, frame = training, still(training)
    plane = scene.planes["SGD"]
    r = scene.radius
    # deep inside the sector of class 1 (lower left, no path there) and, as a contrast, outside the disc
    a = np.radians(210)
    inside = pixel_at(frame, plane.c2p(0.75 * r * np.cos(a), 0.75 * r * np.sin(a)))
    colour = rgb(scene.colors[1])
    background = pixel_at(frame, plane.c2p(-r, r))
    assert inside[0] > inside[2] + 10  # red tint of class 1's sector
    assert np.abs(background - inside).sum() > 15
    assert np.dot(inside - background, colour - background) > 0


# --- LargeLogits --------------------------------------------------------------------


def test_value_tex_string_writes_what_the_computer_holds():
    from scenes.part_f_large_logits import value_tex_string

    assert value_tex_string(float("inf")) == r"\mathrm{inf}"
    assert value_tex_string(float("nan")) == r"\mathrm{nan}"
    assert value_tex_string(0.659) == "0.66"
    assert value_tex_string(math.exp(694)) == r"2.51 \times 10^{301}"  # 694 log10(e) = 301.40
    assert value_tex_string(9.996e7) == r"1.00 \times 10^{8}"


def test_large_logits_table_shows_the_real_computations(large):
    s = large
    z = np.asarray(lecture_params().logits.values) + s.shift
    np.testing.assert_array_equal(s.logits, z)
    naive = naive_softmax_steps(z)
    assert np.isnan(naive.probs).all()
    assert [m.tex_string for m in s.rows["naive_p"]] == [r"\mathrm{nan}"] * 3
    assert [m.tex_string for m in [*s.rows["naive_exp"], s.sums["naive_exp"]]] == [r"\mathrm{inf}"] * 4
    assert [m.tex_string for m in s.rows["stable_p"]] == format_probabilities(softmax(z))
    assert s.sums["stable_p"].tex_string == "1.00"
    assert [m.tex_string for m in s.rows["stable_exp"]] == ["1.00", "0.37", "0.15"]
    assert s.sums["stable_exp"].tex_string == "1.52"  # the parts shown add up to the sum shown
    assert s.logit_decimals == 1
    assert [m.tex_string for m in s.rows["logits"]] == ["1000.0", "999.0", "998.1"]
    assert [m.tex_string for m in s.rows["shifted"]] == [format_number(v, 1) for v in z - z.max()]
    assert [m.tex_string for m in s.rows["names"]] == list(lecture_params().logits.names)
    assert_table_lines_up(s)


def assert_table_lines_up(s) -> None:
    """Every cell centred under its column's header and level with its class name; no two cells overlap."""
    for key in s.columns:
        if key == "names":
            continue
        for cell in [*s.rows[key], s.sums[key]]:
            if cell.has_points():
                assert cell.get_center()[0] == pytest.approx(s.headers[key].get_center()[0], abs=TOL)
    for i, name in enumerate(s.rows["names"]):
        for key in ("logits", "naive_exp", "naive_p", "shifted", "stable_exp", "stable_p"):
            assert s.rows[key][i].get_center()[1] == pytest.approx(name.get_center()[1], abs=TOL)
    assert_no_overlap([m for m in s.table if m.has_points()], s)
    assert_in_frame([s.table, s.overflow_note, s.title])
    assert s.table.get_bottom()[1] > s.overflow_note.get_top()[1]
    assert s.table.get_top()[1] < s.title.get_bottom()[1]


def test_large_logits_is_narrated_with_the_numbers_shown(large):
    s = large
    assert_narrated(s, ["huge", "overflow", "threshold", "nan", "subtract", "stable", "same_probs", "overconfident",
                        "targets", "scaling", "back"])
    words = spoken(s)
    assert "add 998 to every one" in words["huge"]
    assert "e to the power 1000.0" in words["overflow"]
    assert "above 709.78" in words["threshold"]
    assert "the sum is 1.52" in words["stable"]
    assert "0.66, 0.24 and 0.10" in words["same_probs"]
    assert "gives cat a probability of 1.00, where before it gave 0.66" in words["overconfident"]
    assert "T equal to 10" in words["back"]
    # the sweep of T (a play of seconds, not a glance) starts while the line that describes it is spoken
    line = next(x for x in s.spoken if x.key == "scaling")
    assert any(line.start - 1e-9 <= a < line.end and b - a >= 3.0 for a, b in s.motion)


def test_large_logits_temperature_scaling_bars(large):
    s = large
    t = s.final_temperature
    p = softmax(overconfident_logits(lecture_params().logits.values, s.overconfidence), temperature=t)
    assert_chart(s.bars, p, format_probabilities(p, max_decimals=2))
    assert_chart_readable(s.bars, s)
    assert s.bars.unit == pytest.approx(s.bar_height)  # probability 1 is bar_height tall
    assert s.temperature.get_value() == t
    assert shown(s.temperature_value) == "10.0"
    for i, (bar, marker) in enumerate(zip(s.bars.bars, s.targets, strict=True)):
        assert_close_on_screen(np.array([bar.get_center()[0], bar.get_top()[1]]), s.bars.bar_top(i))
        lecture_p = softmax(lecture_params().logits.values)[i]
        assert marker.get_center()[1] == pytest.approx(s.bars.value_point(i, lecture_p)[1], abs=TOL)
        # T = overconfidence undoes the widening exactly: bar tops meet the markers
        assert bar.get_top()[1] == pytest.approx(marker.get_center()[1], abs=TOL)
    assert_markers_never_cross_labels(s)


def assert_markers_never_cross_labels(s) -> None:
    """The value labels stay within their bar's width at any value; the markers lie outside it.

    Labels move up and down with the bars during the sweep while the markers stay; they are
    apart in x, so no label can cross a marker at any temperature.
    """
    bars = s.bars
    for i, (bar, label, marker) in enumerate(zip(bars.bars, bars.value_labels, s.targets, strict=True)):
        left, right = bar.get_left()[0], bar.get_right()[0]
        widest = max(MathTex(t, font_size=label.font_size).width for t in ("0.00", "1.00"))
        assert widest < right - left
        assert label.get_center()[0] == pytest.approx(bars.slot_center_x(i), abs=0.05)
        for triangle in marker:
            assert triangle.get_right()[0] <= left or triangle.get_left()[0] >= right
        # and the markers stay inside the class's slot
        assert marker.get_left()[0] >= bars.slot_center_x(i) - bars.slot / 2
        assert marker.get_right()[0] <= bars.slot_center_x(i) + bars.slot / 2
    for z_label, name in zip(s.z_labels, bars.name_labels, strict=True):
        assert z_label.get_top()[1] < name.get_bottom()[1]
    assert_no_overlap([*bars.name_labels, *bars.value_labels, *s.z_labels, s.z_row_label, *s.legend], s)
    assert s.legend.get_bottom()[1] > bars.range_top[1] + 0.1 + max(m.height for m in bars.value_labels)


def test_large_logits_still_pixels(large):
    scene, frame = large, still(large)
    bars = scene.bars
    cat = rgb(scene.bars.bars[0].get_fill_color())
    inside = pixel_at(frame, bars.value_point(0, bars.values[0] * 0.5))
    beside = pixel_at(frame, bars.value_point(0, bars.values[0] * 0.5) + np.array([0.45 * bars.slot, 0.0, 0.0]))
    assert np.abs(inside - cat).max() < 40
    assert np.abs(beside - cat).max() > 60


@pytest.mark.parametrize("edge", ["edges_many", "edges_few", "mixed"])
def test_large_logits_at_the_edges(edge, tmp_path):
    from scenes.part_f_large_logits import LargeLogits

    if edge == "mixed":  # shift just past the overflow: some e^z overflow, the others are finite (e^694 ...)
        params = tmp_path / "mixed.toml"
        params.write_text((EDGES / "edges_many.toml").read_text() + "\n[large_logits]\nshift = 702\n")
    else:
        params = EDGES / f"{edge}.toml"
    s = harness.scene(LargeLogits, params)
    z = s.logits
    naive = naive_softmax_steps(z)
    assert [m.tex_string for m in s.rows["naive_p"]] == [
        r"\mathrm{nan}" if np.isnan(v) else format_number(v, 2) for v in naive.probs
    ]
    assert [m.tex_string for m in s.rows["stable_p"]] == format_probabilities(softmax(z))
    assert_table_lines_up(s)
    assert_markers_never_cross_labels(s)
    assert_readable_on_screen(s)
    keys = [line.key for line in s.spoken]
    assert ("nan_some" in keys) == (edge == "mixed") and ("nan" in keys) == (edge != "mixed")
    if edge == "mixed":
        assert any(r"\times 10^{" in m.tex_string for m in s.rows["naive_exp"])
    p = softmax(overconfident_logits(s.base_logits, s.overconfidence), temperature=s.final_temperature)
    assert_chart(s.bars, p, format_probabilities(p, max_decimals=2))


# --- CrossEntropyBridge ------------------------------------------------------------


def test_bridge_loss_curve_and_dot(bridge):
    s = bridge
    z = np.asarray(lecture_params().logits.values)
    assert s.sweep == (-2.0, 5.0) and s.logit_range == (-3.0, 7.0) and s.loss_max == 5.0  # for the lecture's logits
    assert_bridge_plot(s, z)


def assert_bridge_plot(s, z: np.ndarray) -> None:
    """The curve is the exact loss, the dot sits on it at the sweep's end, and the readout and bars agree."""
    k = s.true_class
    n = len(z)
    corners = np.vstack([s.curve.get_start_anchors(), s.curve.get_end_anchors()[-1:]])
    assert_close_on_screen(corners, np.array([s.axes.c2p(*p) for p in s.curve_points]))
    assert s.curve_points[:, 1] == pytest.approx([cross_entropy(np.where(np.arange(n) == k, v, z), k)
                                                  for v in s.curve_points[:, 0]])
    assert s.curve_points[:, 1].max() < s.loss_max  # the whole curve on the axes
    low, high = s.sweep
    assert s.logit_range[0] < low < z[k] < high < s.logit_range[1]
    assert cross_entropy(np.where(np.arange(n) == k, low, z), k) > 2.0  # the climb is shown ...
    assert cross_entropy(np.where(np.arange(n) == k, high, z), k) < 0.06  # ... and the flat tail
    z_end = z.copy()
    z_end[k] = high
    assert_close_on_screen(s.dot.get_center(), s.axes.c2p(high, cross_entropy(z_end, k)))
    assert s.true_logit.get_value() == high
    z_val, p_val, l_val = (row[1].get_value() for row in s.readout)
    assert z_val == float(format_number(high, 2))
    assert p_val == float(format_number(softmax(z_end)[k], 2))
    assert l_val == float(format_number(cross_entropy(z_end, k), 2))
    assert_chart(s.bars, softmax(z_end), format_probabilities(softmax(z_end), max_decimals=2))
    assert_chart_readable(s.bars, s)
    plot_texts = [*s.axes.x_axis.numbers, *s.axes.y_axis.numbers, s.x_label, s.y_label]
    assert_no_overlap([*plot_texts, *s.readout, *s.bars.name_labels, *s.bars.value_labels, s.true_note], s)
    assert_no_overlap([s.axes, s.bars], s)


def test_bridge_formula_uses_the_lecture_example(bridge):
    s = bridge
    z = lecture_params().logits.values
    p = format_probabilities(softmax(z))
    text = "".join(s.loss_formula.tex_strings)
    assert p[s.true_class] in text and format_number(cross_entropy(z, s.true_class), 2) in text
    assert format_number(-math.log(softmax(z)[s.true_class]), 2) in text
    assert s.wrong_class == 2  # bird: the least likely class
    wrong = "".join(s.wrong_formula.tex_strings)
    assert p[s.wrong_class] in wrong and format_number(cross_entropy(z, s.wrong_class), 2) in wrong
    assert "0.42" in text and "2.32" in wrong


def test_bridge_is_narrated_with_the_numbers_shown(bridge):
    s = bridge
    assert_narrated(s, ["need", "truth", "loss", "wrong", "change", "curve", "lower", "raise", "next"])
    words = spoken(s)
    assert "really shows a cat" in words["truth"]
    assert "0.66" in words["loss"] and "0.42" in words["loss"]
    assert "a bird, which got only 0.10" in words["wrong"] and "cost 2.32" in words["wrong"]
    for key in ("lower", "raise"):  # each sweep (a play of seconds, not a glance) starts while its line is spoken
        line = next(x for x in s.spoken if x.key == key)
        assert any(line.start - 1e-9 <= a < line.end and b - a >= 2.0 for a, b in s.motion)


def test_probability_shown_is_never_a_rounded_zero():
    from scenes.part_f_cross_entropy import probability_shown

    assert probability_shown(0.659, "0.66") == ("0.66", "0.66")
    assert probability_shown(0.5024, "0.502") == ("0.502", "0.502")  # the bar's label when it is not zero
    assert probability_shown(0.0012, "0.00") == ("0.001", "0.001")
    assert probability_shown(5.6e-8, "0.00") == (r"5.60 \times 10^{-8}", "5.60 times 10 to the power -8")


def test_bridge_still_pixels(bridge):
    scene, frame = bridge, still(bridge)
    dot = pixel_at(frame, scene.dot.get_center())
    off = pixel_at(frame, scene.dot.get_center() + np.array([0.0, 0.5, 0.0]))
    assert dot.min() > 200  # the white dot on the curve
    assert off.max() < 60  # background above it


@pytest.mark.parametrize("edge", ["edges_many", "edges_few"])
def test_bridge_at_the_edges(edge):
    from scenes.part_f_cross_entropy import CrossEntropyBridge

    s = harness.scene(CrossEntropyBridge, EDGES / f"{edge}.toml")
    z = np.asarray(s.logits)
    assert s.layout == ("stacked" if edge == "edges_many" else "side")
    assert s.wrong_class == int(np.argmin(np.where(np.arange(len(z)) == s.true_class, np.inf, softmax(z))))
    assert_bridge_plot(s, z)
    assert_readable_on_screen(s)
    assert_no_overlap([s.loss_formula, s.wrong_formula, s.bars], s)
    assert_in_frame([s.loss_formula, s.wrong_formula])
    # a probability that rounds to 0.00 on its bar is written precisely where -log is taken of it
    j = s.wrong_class
    wrong = "".join(s.wrong_formula.tex_strings)
    assert not re.search(r"\\log 0\.0+(\D|$)", wrong)
    if edge == "edges_many":
        p = softmax(z)[j]
        assert s.bars.label_strings[j] == "0.00"
        mantissa = format_number(p / 10 ** math.floor(math.log10(p)), 2)
        assert rf"{mantissa} \times 10^{{{math.floor(math.log10(p))}}}" in wrong
        assert f"{mantissa} times 10 to the power {math.floor(math.log10(p))}" in spoken(s)["wrong"]


@pytest.mark.parametrize("built", ["training", "large", "bridge"])
def test_every_text_is_at_least_the_footnote_size_and_in_frame(request, built):
    scene = request.getfixturevalue(built)
    assert_readable_on_screen(scene)


def test_training_at_the_three_class_edge():
    from scenes.part_f_training import TrainingLogitPaths

    s = harness.scene(TrainingLogitPaths, EDGES / "edges_three.toml")
    assert s.classes == (7, 1, 9)
    assert [m.tex_string for m in s.class_labels["SGD"]] == ["7", "1", "9"]
    assert_readable_on_screen(s)
    for name, plane in s.planes.items():  # the final dots on their recorded logits, inside the disc
        for i, dot in enumerate(s.dots[name]):
            assert_close_on_screen(dot.get_center(), plane.c2p(*s.coords[name][-1, i]))
            assert np.linalg.norm(s.coords[name][-1, i]) <= s.radius


def test_training_needs_three_classes(tmp_path, scene_media_dir):
    from scenes.part_f_training import TrainingLogitPaths

    override = tmp_path / "four.toml"
    override.write_text('[digits]\nclasses = [0, 1, 2, 3]\ncolors = ["blue", "red", "green", "purple"]\n')
    with pytest.raises(SystemExit, match="digits.classes") as stop:
        build(TrainingLogitPaths, scene_media_dir, params_file=override)
    assert stop.value.code == 2


# at 2 and 4 classes in every table: drawn and readable, or left out (tests/class_counts.py)
test_drawn_at_two_and_four_classes_or_left_out = class_count_test(
    "LargeLogits", "TrainingLogitPaths", "CrossEntropyBridge"
)
