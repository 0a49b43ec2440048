"""Softmax over a slice of logit space: the 2-class sigmoid identity, the surfaces, their argmax cells."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softmax_anim import softmax
from softmax_anim.activations import sigmoid
from softmax_anim.regions import polygon_area
from softmax_anim.surfaces import (
    anchor_logits,
    slice_argmax_cells,
    slice_logits,
    slice_probabilities,
    two_class_probability,
)

finite = st.floats(-50, 50, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(finite, finite)
def test_two_class_softmax_is_the_sigmoid_of_the_difference(a, b):
    np.testing.assert_allclose(softmax([a, b])[0], sigmoid(a - b), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(two_class_probability(a, b), sigmoid(a - b), rtol=1e-12, atol=1e-15)


def test_two_class_surface_is_constant_along_diagonals():
    d = np.linspace(-4, 4, 9)
    for shift in (-3.0, 0.0, 2.5):
        np.testing.assert_allclose(two_class_probability(d + shift, shift), sigmoid(d), rtol=1e-12)


def test_anchored_logits_lie_on_the_default_slice_with_the_same_probabilities():
    z = np.array([2.0, 1.0, 0.1])
    a = anchor_logits(z)
    assert a[-1] == 0.0
    np.testing.assert_allclose(slice_logits(a[0], a[1]), a)
    np.testing.assert_allclose(slice_probabilities(a[0], a[1]), softmax(z), rtol=1e-12)


def _inside(point, polygon, tol=0.0):
    edges = np.roll(polygon, -1, axis=0) - polygon
    rel = point - polygon
    return bool(np.all(edges[:, 0] * rel[:, 1] - edges[:, 1] * rel[:, 0] >= -tol))


def test_slice_probabilities_are_softmax_of_the_slice():
    u, v = np.meshgrid(np.linspace(-4, 4, 7), np.linspace(-3, 3, 5))
    grid = slice_probabilities(u, v)
    assert grid.shape == (5, 7, 3)
    np.testing.assert_allclose(grid.sum(axis=-1), 1.0)
    np.testing.assert_allclose(grid[2, 3], softmax([u[2, 3], v[2, 3], 0.0]))
    custom = slice_probabilities(1.0, 2.0, base=(0, 0, 1), u_dir=(1, 1, 0), v_dir=(0, 0, 1))
    np.testing.assert_allclose(custom, softmax([1.0, 1.0, 3.0]))


def test_slice_rejects_mismatched_directions():
    with pytest.raises(ValueError, match="u_dir"):
        slice_logits(0.0, 0.0, base=(0, 0, 0), u_dir=(1, 0))


def test_slice_argmax_cells_agree_with_brute_force_softmax():
    cells = slice_argmax_cells((-4.0, 4.0), (-4.0, 4.0))
    assert sum(polygon_area(c.vertices) for c in cells) == pytest.approx(64.0)
    rng = np.random.default_rng(1)
    for u, v in rng.uniform(-4, 4, size=(500, 2)):
        winner = int(np.argmax(slice_probabilities(u, v)))
        poly = cells[winner].vertices
        assert _inside(np.array([u, v]), poly, tol=1e-9)
