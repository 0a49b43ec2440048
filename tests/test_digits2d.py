"""The 2D digits pipeline: real samples, a seeded split, the PCA plane, the fitted model, exact cells, picks."""

from __future__ import annotations

import numpy as np
import pytest

from softmax_anim import format_number, load_mnist
from softmax_anim.digits2d import (
    digit_plane,
    digit_samples,
    fit_plane,
    pick_digits,
    plot_rectangle,
    split_held_out,
)
from softmax_anim.regions import polygon_area

CLASSES = (0, 1, 2)


@pytest.fixture(scope="module")
def plane():
    return digit_plane(CLASSES, seed=0)


@pytest.fixture(scope="module")
def picks(plane):
    return pick_digits(plane, per_class=8, seed=0, min_separation=0.45)


# --- samples and split ---


@pytest.mark.parametrize("classes", [(0, 1, 2), (7, 3), (4, 9, 1, 6)], ids=["012", "73", "4916"])
def test_samples_are_every_sample_of_the_classes_with_their_class_index(classes):
    digits, targets = digit_samples(classes)
    mnist = load_mnist()
    assert len(digits) == int(np.isin(mnist.labels, classes).sum())
    np.testing.assert_array_equal(np.array(classes)[targets], digits.labels)
    np.testing.assert_array_equal(mnist.images[digits.index], digits.images)


@pytest.mark.parametrize("classes", [(), (1, 1), (3, 10), (-1, 2)], ids=["empty", "repeat", "ten", "negative"])
def test_bad_classes_are_refused(classes):
    with pytest.raises(ValueError, match="classes"):
        digit_samples(classes)


def test_split_is_seeded_and_per_class():
    targets = np.repeat([0, 1, 2], [50, 30, 20])
    a, b, c = split_held_out(targets, 0.2, 3), split_held_out(targets, 0.2, 3), split_held_out(targets, 0.2, 4)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert [int((~a & (targets == k)).sum()) for k in range(3)] == [10, 6, 4]


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.1])
def test_split_fraction_must_be_inside_0_1(fraction):
    with pytest.raises(ValueError, match="held_out_fraction"):
        split_held_out(np.zeros(4, dtype=np.int64), fraction, 0)


# --- plane and model ---


def test_plane_is_centred_pca_of_training_pixels_with_the_asked_spread(plane):
    train_points = plane.points[plane.train]
    np.testing.assert_allclose(train_points.mean(axis=0), 0.0, atol=1e-9)
    np.testing.assert_allclose(train_points[:, 0].std(), 1.5, rtol=1e-9)
    pixels = plane.samples.images.reshape(len(plane.samples), -1) / 255.0
    np.testing.assert_allclose(plane.points, plane.projection.pca.transform(pixels) * plane.projection.scale, atol=1e-9)
    assert plane.projection.scale[0] == plane.projection.scale[1]  # one factor: the plane keeps its shape


def test_fit_plane_refuses_constant_images():
    with pytest.raises(ValueError, match="do not vary"):
        fit_plane(np.zeros((3, 28, 28), dtype=np.uint8), np.ones(3, dtype=bool), 1.0)


def test_model_has_no_bias_so_the_class_is_the_weight_vector_x_points_most_along(plane):
    np.testing.assert_array_equal(plane.model.biases, 0.0)
    brute = np.argmax(plane.points @ plane.model.weights.T, axis=1)
    np.testing.assert_array_equal(plane.model.predict(plane.points), brute)


def test_accuracy_is_measured_on_held_out_samples(plane):
    held = ~plane.train
    assert plane.n_held_out == 300
    brute = np.argmax(plane.points[held] @ plane.model.weights.T, axis=1)
    assert plane.accuracy == pytest.approx(np.mean(brute == plane.targets[held]))
    assert format_number(100 * plane.accuracy, 1) == "90.7"  # the number Part E states for the defaults


def test_plane_with_bias_also_fits():
    with_bias = digit_plane(CLASSES, seed=0, fit_bias=True)
    assert np.abs(with_bias.model.biases).max() > 0
    assert with_bias.accuracy > 0.85


def test_rectangle_holds_origin_weight_tips_and_most_points(plane):
    (x_lo, x_hi), (y_lo, y_hi) = plane.x_range, plane.y_range
    w = plane.model.weights
    assert x_lo < min(0, w[:, 0].min()) and x_hi > max(0, w[:, 0].max())
    assert y_lo < min(0, w[:, 1].min()) and y_hi > max(0, w[:, 1].max())
    x, y = plane.points.T
    inside = (x >= x_lo) & (x <= x_hi) & (y >= y_lo) & (y <= y_hi)
    assert inside.mean() > 0.97


def test_plot_rectangle_rounds_outwards_to_the_step():
    (x_lo, x_hi), (y_lo, y_hi) = plot_rectangle(np.array([[0.2, 0.2], [1.3, -0.9]]), np.array([[-0.4, 0.1]]), 1.0)
    assert (x_lo, x_hi, y_lo, y_hi) == (-1.0, 2.0, -1.5, 1.0)


def test_cells_cover_the_rectangle_and_hold_their_argmax(plane):
    (x_lo, x_hi), (y_lo, y_hi) = plane.x_range, plane.y_range
    areas = [polygon_area(c.vertices) for c in plane.cells]
    assert sum(areas) == pytest.approx((x_hi - x_lo) * (y_hi - y_lo))
    rng = np.random.default_rng(1)
    for cell in plane.cells:
        assert not cell.is_empty
        v = cell.vertices
        # Random convex combinations of the vertices lie inside the cell.
        mix = rng.dirichlet(np.ones(len(v)), size=200)
        inside = mix @ v
        np.testing.assert_array_equal(plane.model.predict(inside), cell.winner)


# --- picks ---


def test_picks_are_deterministic(plane, picks):
    again = pick_digits(plane, per_class=8, seed=0, min_separation=0.45)
    np.testing.assert_array_equal(picks.thumbnails, again.thumbnails)
    assert picks.new_digit == again.new_digit
    other = pick_digits(plane, per_class=8, seed=1, min_separation=0.45)
    assert not np.array_equal(picks.thumbnails, other.thumbnails)


def test_every_thumbnail_is_a_real_inked_training_sample_with_its_label(plane, picks):
    mnist = load_mnist()
    for k in picks.thumbnails:
        assert plane.train[k]
        row = plane.samples.index[k]
        np.testing.assert_array_equal(plane.samples.images[k], mnist.images[row])
        assert plane.label_of(k) == mnist.labels[row] == plane.classes[plane.targets[k]]
        assert (mnist.images[row] > 128).sum() >= 20, "a thumbnail must show ink, never a blank image"


def test_thumbnails_do_not_overlap_and_stay_inside(plane, picks):
    sep = 0.45
    pts = plane.points[picks.thumbnails]
    for a in range(len(pts)):
        for b in range(a + 1, len(pts)):
            assert np.abs(pts[a] - pts[b]).max() >= sep
    (x_lo, x_hi), (y_lo, y_hi) = plane.x_range, plane.y_range
    assert (pts[:, 0] >= x_lo + sep / 2).all() and (pts[:, 0] <= x_hi - sep / 2).all()
    assert (pts[:, 1] >= y_lo + sep / 2).all() and (pts[:, 1] <= y_hi - sep / 2).all()
    counts = np.bincount(plane.targets[picks.thumbnails], minlength=3)
    assert (counts <= 8).all() and counts.sum() >= 18


def test_keep_clear_points_are_avoided(plane):
    tips = plane.model.weights
    picks = pick_digits(plane, per_class=8, seed=0, min_separation=0.45, keep_clear=tips)
    for k in [*picks.thumbnails, picks.new_digit]:
        assert np.abs(tips - plane.points[k]).max(axis=1).min() >= 0.45


def test_new_digit_is_held_out_and_classified_correctly(plane, picks):
    k = picks.new_digit
    assert not plane.train[k]
    assert int(np.argmax(plane.scores(k))) == plane.targets[k]
    assert k not in picks.thumbnails


def test_pick_digits_rejects_bad_arguments(plane):
    with pytest.raises(ValueError, match="min_separation"):
        pick_digits(plane, per_class=3, seed=0, min_separation=0.0)
