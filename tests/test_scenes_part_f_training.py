"""Part F scenes: TrainingLogitPaths, LargeLogits, CrossEntropyBridge, built in-process against the math."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from conftest import HALF_PIXEL_1080P, build, pixel_at

from softmax_anim import format_number, format_probabilities, lecture_params, softmax
from softmax_anim.cross_entropy import cross_entropy
from softmax_anim.digits2d import mnist_features_2d
from softmax_anim.logit_plane import logit_plane_coords
from softmax_anim.optimizers import SGD, Adam
from softmax_anim.overflow import naive_softmax_steps, overconfident_logits
from softmax_anim.training import pick_examples, train_softmax_classifier

TOL = HALF_PIXEL_1080P


def _build(scene_cls: type, media: Path) -> object:
    """Build once per module and keep the last frame at 480x270 as ``scene.still``."""
    return build(scene_cls, media, still=(480, 270))


@pytest.fixture(scope="module")
def media(scene_media_dir: Path) -> Path:
    return scene_media_dir  # the session's media folder: LaTeX compiled once per formula


@pytest.fixture(scope="module")
def training(media):
    from scenes.part_f_training import TrainingLogitPaths

    return _build(TrainingLogitPaths, media)


@pytest.fixture(scope="module")
def large(media):
    from scenes.part_f_large_logits import LargeLogits

    return _build(LargeLogits, media)


@pytest.fixture(scope="module")
def bridge(media):
    from scenes.part_f_cross_entropy import CrossEntropyBridge

    return _build(CrossEntropyBridge, media)


def _close(a, b, tol=TOL):
    np.testing.assert_allclose(np.asarray(a)[..., :2], np.asarray(b)[..., :2], atol=tol)


def _duration_ok(scene) -> float:
    t = scene.renderer.time
    assert 20 <= t <= 60, t
    return t


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
            _close(dot.get_center(), expected[-1])
            corners = np.vstack([path.get_start_anchors(), path.get_end_anchors()[-1:]])
            assert len(corners) == len(expected)
            _close(corners, expected)
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
            _close(ray.get_start(), centre)
            _close(ray.get_end(), plane.c2p(*end))
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
        _close(corners, expected)
    texts = [m.tex_string for m in s.final_labels]
    for name, text in zip(s.loss_curves, texts, strict=True):
        assert format_number(s.runs[name].losses[-1], 2) in text and name in text
    assert s.step_value.get_value() == s.steps
    _duration_ok(s)


def test_training_results_stay_on_screen_to_the_end(training):
    on_screen = {id(m) for top in training.mobjects for m in top.get_family()}
    kept = [*training.loss_curves.values(), training.step_value]
    for name in training.planes:
        kept += [*training.paths[name], *training.dots[name]]
    assert all(id(m) in on_screen for m in kept)


def test_training_still_shows_the_final_dots(training):
    frame = training.still
    for name, plane in training.planes.items():
        for i, colour in enumerate(training.colors):
            centre = plane.c2p(*training.coords[name][-1, i])
            np.testing.assert_allclose(pixel_at(frame, centre), np.array(colour.to_rgb()) * 255, atol=40)


def test_training_still_pixels(training):
    scene, frame = training, training.still
    plane = scene.planes["SGD"]
    r = scene.radius
    # deep inside the sector of class 1 (lower left, no path there) and, as a contrast, outside the disc
    a = np.radians(210)
    inside = pixel_at(frame, plane.c2p(0.75 * r * np.cos(a), 0.75 * r * np.sin(a)))
    colour = np.array(scene.colors[1].to_rgb()) * 255
    background = pixel_at(frame, plane.c2p(-r, r))
    assert inside[0] > inside[2] + 10  # red tint of class 1's sector
    assert np.abs(background - inside).sum() > 15
    assert np.dot(inside - background, colour - background) > 0


# --- LargeLogits --------------------------------------------------------------------


def test_large_logits_table_shows_the_real_computations(large):
    s = large
    z = np.asarray(lecture_params().logits.values) + s.shift
    np.testing.assert_array_equal(s.logits, z)
    naive = naive_softmax_steps(z)
    assert np.isnan(naive.probs).all()
    naive_p = [m.tex_string for m in s.rows["naive_p"][:3]]
    assert naive_p == [r"\mathrm{nan}"] * 3
    assert [m.tex_string for m in s.rows["naive_exp"]] == [r"\mathrm{inf}"] * 4
    assert [m.tex_string for m in s.rows["stable_p"][:3]] == format_probabilities(softmax(z))
    assert [m.tex_string for m in s.rows["logits"][:3]] == [format_number(v, s.logit_decimals) for v in z]
    assert [m.tex_string for m in s.rows["shifted"][:3]] == [
        format_number(v, s.logit_decimals) for v in z - z.max()
    ]
    # columns line up: every entry centred under its class header
    for key in ("logits", "naive_p", "stable_p"):
        for head, cell in zip(s.rows["header"][:3], s.rows[key][:3], strict=True):
            assert cell.get_center()[0] == pytest.approx(head.get_center()[0], abs=TOL)


def test_large_logits_temperature_scaling_bars(large):
    s = large
    t = s.final_temperature
    p = softmax(overconfident_logits(lecture_params().logits.values, s.overconfidence), temperature=t)
    np.testing.assert_allclose(s.bars.probs, p)
    assert s.bars.label_strings == format_probabilities(p, max_decimals=2)
    assert s.temperature.get_value() == t
    for i, (bar, marker) in enumerate(zip(s.bars.bars, s.targets, strict=True)):
        _close(np.array([bar.get_center()[0], bar.get_top()[1]]), s.bars.bar_top(i))
        lecture_p = softmax(lecture_params().logits.values)[i]
        assert marker.get_center()[1] == pytest.approx(s.bars.value_point(i, lecture_p)[1], abs=TOL)
        # T = overconfidence undoes the widening exactly: bar tops meet the markers
        assert bar.get_top()[1] == pytest.approx(marker.get_center()[1], abs=TOL)
    _duration_ok(s)


def test_large_logits_still_pixels(large):
    scene, frame = large, large.still
    bars = scene.bars
    cat = np.array(scene.bars.bars[0].get_fill_color().to_rgb()) * 255
    inside = pixel_at(frame, bars.value_point(0, bars.probs[0] * 0.5))
    beside = pixel_at(frame, bars.value_point(0, bars.probs[0] * 0.5) + np.array([0.45 * bars.slot, 0.0, 0.0]))
    assert np.abs(inside - cat).max() < 40
    assert np.abs(beside - cat).max() > 60


# --- CrossEntropyBridge ------------------------------------------------------------


def test_bridge_loss_curve_and_dot(bridge):
    s = bridge
    z = np.asarray(lecture_params().logits.values)
    k = s.true_class
    corners = np.vstack([s.curve.get_start_anchors(), s.curve.get_end_anchors()[-1:]])
    _close(corners, np.array([s.axes.c2p(*p) for p in s.curve_points]))
    assert s.curve_points[:, 1] == pytest.approx([cross_entropy(np.where(np.arange(3) == k, v, z), k)
                                                  for v in s.curve_points[:, 0]])
    high = s.sweep[1]
    z_end = z.copy()
    z_end[k] = high
    _close(s.dot.get_center(), s.axes.c2p(high, cross_entropy(z_end, k)))
    assert s.true_logit.get_value() == high
    z_val, p_val, l_val = (row[1].get_value() for row in s.readout)
    assert z_val == float(format_number(high, 2))
    assert p_val == float(format_number(softmax(z_end)[k], 2))
    assert l_val == float(format_number(cross_entropy(z_end, k), 2))
    _duration_ok(s)


def test_bridge_formula_uses_the_lecture_example(bridge):
    s = bridge
    z = lecture_params().logits.values
    p = format_probabilities(softmax(z))
    text = "".join(s.loss_formula.tex_strings)
    assert p[s.true_class] in text and format_number(cross_entropy(z, s.true_class), 2) in text
    assert format_number(-math.log(softmax(z)[s.true_class]), 2) in text
    wrong = "".join(s.wrong_formula.tex_strings)
    assert p[s.wrong_class] in wrong and format_number(cross_entropy(z, s.wrong_class), 2) in wrong


def test_bridge_still_pixels(bridge):
    scene, frame = bridge, bridge.still
    dot = pixel_at(frame, scene.dot.get_center())
    off = pixel_at(frame, scene.dot.get_center() + np.array([0.0, 0.5, 0.0]))
    assert dot.min() > 200  # the white dot on the curve
    assert off.max() < 60  # background above it


def test_training_needs_three_classes(tmp_path, scene_media_dir):
    from scenes.part_f_training import TrainingLogitPaths

    override = tmp_path / "four.toml"
    override.write_text('[digits]\nclasses = [0, 1, 2, 3]\ncolors = ["blue", "red", "green", "gold"]\n')
    with pytest.raises(SystemExit, match="digits.classes") as stop:
        build(TrainingLogitPaths, scene_media_dir, params_file=override)
    assert stop.value.code == 2
