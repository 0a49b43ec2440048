"""Part E, built in-process: exact cell polygons, real thumbnails at their points, arrows on the weight vectors."""

from __future__ import annotations

from pathlib import Path

import harness
import numpy as np
import pytest
from class_counts import class_count_test
from harness import (
    BACKGROUND,
    HALF_PIXEL_1080P,
    assert_in_frame,
    assert_never_off_frame,
    assert_no_overlap,
    assert_text_sizes,
    pixel_at,
    rgb,
    still,
)

from scenes.part_e_mnist_2d import WeightVectors2D
from softmax_anim import format_number, load_mnist
from softmax_anim.regions import class_cells


@pytest.fixture(scope="module")
def scene():
    return harness.scene(WeightVectors2D)


def _c2p(scene, xy) -> np.ndarray:
    return np.asarray(scene.axes.c2p(*xy))


def test_axes_have_equal_scale_so_angles_are_true(scene):
    assert scene.axes.x_axis.unit_size == pytest.approx(scene.axes.y_axis.unit_size)


def test_each_polygon_is_its_exact_class_cell(scene):
    plane = scene.plane
    cells = class_cells(plane.model.weights, plane.model.biases, plane.x_range, plane.y_range)
    expected = [c for c in cells if not c.is_empty]
    assert len(scene.cells) == len(expected) == len(plane.classes)
    assert scene.cell_winners == [c.winner for c in expected]
    for poly, cell in zip(scene.cells, expected):
        vertices = poly.get_vertices()
        assert len(vertices) == len(cell.vertices)
        for v, xy in zip(vertices, cell.vertices):
            np.testing.assert_allclose(v, _c2p(scene, xy), atol=HALF_PIXEL_1080P)
        assert poly.get_fill_color().to_hex().upper() == scene.params.digits.colors[cell.winner].upper()


def test_weight_arrows_run_from_the_origin_to_the_weight_vectors(scene):
    origin = _c2p(scene, (0, 0))
    for arrow, w in zip(scene.weight_arrows, scene.plane.model.weights):
        np.testing.assert_allclose(arrow.get_start(), origin, atol=HALF_PIXEL_1080P)
        np.testing.assert_allclose(arrow.get_end(), _c2p(scene, w), atol=HALF_PIXEL_1080P)


def test_every_thumbnail_is_its_dataset_image_with_its_dataset_label(scene):
    mnist = load_mnist()
    assert len(scene.thumbnails) >= 3 * len(scene.plane.classes)
    for thumb in scene.thumbnails:
        row = thumb.dataset_index
        pixels = thumb.image.get_pixel_array()
        assert pixels.shape == (28, 28, 4)
        for channel in range(3):
            np.testing.assert_array_equal(pixels[:, :, channel], mnist.images[row])
        assert (pixels[:, :, 3] == 255).all()
        assert thumb.label == mnist.labels[row]
        assert (pixels[:, :, 0] > 128).sum() >= 20, "a thumbnail must show ink, never a blank image"
        assert thumb.frame.get_stroke_color().to_hex().upper() == scene.params.digits.colors[
            scene.plane.classes.index(thumb.label)
        ].upper()


def test_thumbnails_sit_on_their_points_without_overlapping(scene):
    side = scene.thumbnail_side
    centres = []
    for thumb in scene.thumbnails:
        expected = _c2p(scene, scene.plane.points[thumb.sample])
        np.testing.assert_allclose(thumb.image.get_center(), expected, atol=HALF_PIXEL_1080P)
        assert thumb.image.width == pytest.approx(side) and thumb.image.height == pytest.approx(side)
        centres.append(expected[:2])
    centres = np.array(centres)
    for a in range(len(centres)):
        gaps = np.abs(centres[a + 1 :] - centres[a]).max(axis=1)
        assert (gaps >= side).all()
    lo, hi = _c2p(scene, (scene.plane.x_range[0], scene.plane.y_range[0])), _c2p(
        scene, (scene.plane.x_range[1], scene.plane.y_range[1])
    )
    assert (centres - side / 2 >= lo[:2] - 1e-9).all() and (centres + side / 2 <= hi[:2] + 1e-9).all()


def test_new_digit_is_classified_by_the_weight_vector_it_points_most_along(scene):
    plane, k = scene.plane, scene.picks.new_digit
    x = plane.points[k]
    dots = plane.model.weights @ x
    assert scene.score_texts == [format_number(v) for v in dots]
    assert scene.new_winner == int(np.argmax(dots)) == plane.targets[k]
    np.testing.assert_allclose(scene.new_vector.get_end(), _c2p(scene, x), atol=HALF_PIXEL_1080P)
    assert not plane.train[k]
    mnist = load_mnist()
    row = scene.new_digit.dataset_index
    np.testing.assert_array_equal(scene.new_digit.image.get_pixel_array()[:, :, 0], mnist.images[row])
    assert scene.new_digit.label == mnist.labels[row]


def test_accuracy_is_computed_on_held_out_digits(scene):
    plane = scene.plane
    held = ~plane.train
    accuracy = np.mean(np.argmax(plane.points[held] @ plane.model.weights.T, axis=1) == plane.targets[held])
    assert scene.accuracy_percent == format_number(100 * accuracy, 1)
    assert f"{scene.accuracy_percent}\\%" in scene.accuracy_label.tex_string
    assert str(held.sum()) in scene.accuracy_label.tex_string


def test_everything_fits_the_frame_and_the_panel_clears_the_plane(scene):
    assert_in_frame([scene.title, scene.panel, scene.axes, scene.frame])
    assert_in_frame(scene.mobjects)
    assert_never_off_frame(scene)
    assert scene.panel.get_left()[0] > scene.frame.get_right()[0]
    assert scene.title.get_bottom()[1] > max(scene.panel.get_top()[1], scene.frame.get_top()[1])


def test_every_text_is_at_least_the_footnote_size(scene):
    assert_text_sizes(scene)


def test_sections_and_duration(scene):
    assert scene.section_names == [
        "Real digits in two dimensions",
        "Weight vectors",
        "Class regions",
        "A new digit",
        "Accuracy",
    ]
    speech = sum(line.duration for line in scene.spoken)
    assert 20 <= speech <= scene.renderer.time <= speech + 1.5 * len(scene.spoken) + 10


def test_every_line_is_spoken_once_in_order_without_overlap(scene):
    keys = [line.key for line in scene.spoken]
    assert keys == list(scene.script.tables["WeightVectors2D"])
    for a, b in zip(scene.spoken, scene.spoken[1:]):
        assert b.start >= a.end - 1e-9, (a.key, b.key)
    texts = {line.key: line.text for line in scene.spoken}
    plane = scene.plane
    assert f"{len(plane.samples)} real" in texts["digits"]
    assert f"{scene.accuracy_percent} percent" in texts["accuracy"]
    assert f"classified as a {plane.classes[scene.new_winner]}" in texts["verdict"]


def test_still_colours_on_both_sides_of_a_cell_boundary(scene):
    s = scene
    frame = still(s)
    background = BACKGROUND
    colours = [rgb(c) for c in s.params.digits.colors]
    opacity = s.cells[0].get_fill_opacity()
    blends = [opacity * c + (1 - opacity) * background for c in colours]
    # Things drawn over the cells: keep the probe clear of them.
    obstacles = [m.get_center() for m in [*s.dots, *s.thumbnails]]
    lines = [*s.weight_arrows, s.new_vector, s.axes.x_axis, s.axes.y_axis]
    obstacles += [p for a in lines for p in np.linspace(a.get_start(), a.get_end(), 80)]
    obstacles = np.array(obstacles)[:, :2]
    w = s.plane.model.weights
    checked = 0
    for i in range(len(w)):
        for j in range(i + 1, len(w)):
            # The boundary between i and j: the ray from the origin along (w_i - w_j) rotated by 90 degrees.
            n = w[i] - w[j]
            for direction in (np.array([-n[1], n[0]]), np.array([n[1], -n[0]])):
                u = direction / np.linalg.norm(direction)
                for t in np.linspace(0.5, 6, 45):
                    xy = t * u
                    scores = w @ xy
                    if not np.isclose(scores.max(), scores[i]) or not s.plane.x_range[0] < xy[0] < s.plane.x_range[1]:
                        continue
                    if not s.plane.y_range[0] < xy[1] < s.plane.y_range[1]:
                        continue
                    p = _c2p(s, xy)
                    if np.min(np.linalg.norm(obstacles - p[:2], axis=1)) < 0.45:
                        continue
                    side = np.array([*(n / np.linalg.norm(n)), 0.0]) * 0.15
                    on_i, on_j = pixel_at(frame, p + side), pixel_at(frame, p - side)
                    assert np.argmin([np.abs(on_i - b).max() for b in blends]) == i
                    assert np.argmin([np.abs(on_j - b).max() for b in blends]) == j
                    assert np.abs(on_i - blends[i]).max() < 20 and np.abs(on_j - blends[j]).max() < 20
                    checked += 1
                    break
    assert checked >= 2, "no clear stretch of boundary to probe"


EDGES = Path(__file__).parent / "fixtures" / "params"


@pytest.mark.parametrize("edge", ["edges_few", "edges_many"])
def test_edge_digit_classes_stay_in_frame_and_readable(edge):
    s = harness.scene(WeightVectors2D, EDGES / f"{edge}.toml")
    assert len(s.plane.classes) == len(s.params.digits.classes)
    assert len(s.cells) == len(s.plane.classes) and len(s.weight_arrows) == len(s.plane.classes)
    assert_in_frame([s.title, s.panel, s.axes, s.frame])
    assert_in_frame(s.mobjects)
    assert_never_off_frame(s)
    assert_text_sizes(s)
    assert s.panel.get_left()[0] > s.frame.get_right()[0]
    assert_no_overlap([*s.panel], s)
    assert_no_overlap([s.title, s.frame], s)
    for thumb in s.thumbnails:
        point = _c2p(s, s.plane.points[thumb.sample])
        np.testing.assert_allclose(thumb.image.get_center(), point, atol=HALF_PIXEL_1080P)
    assert [line.key for line in s.spoken] == list(s.script.tables["WeightVectors2D"])


# at 2 and 4 classes in every table: drawn and readable, or left out (tests/class_counts.py)
test_drawn_at_two_and_four_classes_or_left_out = class_count_test("WeightVectors2D")
