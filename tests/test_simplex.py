import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softmax_anim import softmax
from softmax_anim.regions import polygon_area
from softmax_anim.simplex import (
    SIMPLEX_CORNERS,
    argmax_regions,
    barycentric_coordinates,
    path_temperature,
    simplex_point,
    temperature_path,
)

finite = st.floats(-50, 50, allow_nan=False)
logit_triples = st.lists(finite, min_size=3, max_size=3).map(np.array)
# One logit larger than the others by a margin: a unique winner at every temperature.
clear_winners = logit_triples.filter(lambda z: np.sort(z)[-1] - np.sort(z)[-2] > 0.1)


# --- projection onto the triangle ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "xy"),
    [
        ([1, 0, 0], SIMPLEX_CORNERS[0]),
        ([0, 1, 0], SIMPLEX_CORNERS[1]),
        ([0, 0, 1], SIMPLEX_CORNERS[2]),
        ([1 / 3, 1 / 3, 1 / 3], [0.0, 0.0]),
        ([0.5, 0.5, 0], (SIMPLEX_CORNERS[0] + SIMPLEX_CORNERS[1]) / 2),
    ],
    ids=["corner-0", "corner-1", "corner-2", "centre", "edge-midpoint"],
)
def test_simplex_point_of_special_vectors(p, xy):
    np.testing.assert_allclose(simplex_point(p), xy, atol=1e-12)


def test_corners_are_an_equilateral_counter_clockwise_triangle_around_the_origin():
    sides = np.linalg.norm(SIMPLEX_CORNERS - np.roll(SIMPLEX_CORNERS, 1, axis=0), axis=1)
    np.testing.assert_allclose(sides, np.sqrt(3))
    np.testing.assert_allclose(SIMPLEX_CORNERS.mean(axis=0), 0, atol=1e-12)
    assert polygon_area(SIMPLEX_CORNERS) > 0
    assert SIMPLEX_CORNERS[0][1] == 1.0  # class 0 at the top


@settings(max_examples=200, deadline=None)
@given(logit_triples)
def test_barycentric_coordinates_invert_the_projection(z):
    p = softmax(z)
    np.testing.assert_allclose(barycentric_coordinates(simplex_point(p)), p, atol=1e-12)


def test_projection_works_on_stacks_and_custom_corners():
    corners = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 2.0]])
    p = np.array([[[0.25, 0.5, 0.25]], [[0.0, 0.0, 1.0]]])
    np.testing.assert_allclose(simplex_point(p, corners), [[[2.0, 0.5]], [[0.0, 2.0]]])
    np.testing.assert_allclose(barycentric_coordinates(simplex_point(p, corners), corners), p, atol=1e-12)


@pytest.mark.parametrize(
    "bad",
    [[0.5, 0.5], [0.5, 0.6, 0.1], [1.2, -0.2, 0.0], [np.nan, 0.5, 0.5]],
    ids=["two-entries", "sum-not-1", "negative", "nan"],
)
def test_simplex_point_rejects_non_probabilities(bad):
    with pytest.raises(ValueError, match="probabilities"):
        simplex_point(bad)


def test_degenerate_corners_are_rejected():
    with pytest.raises(ValueError, match="triangle"):
        simplex_point([1, 0, 0], [[0, 0], [1, 1], [2, 2]])


# --- shift invariance ----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(logit_triples, st.floats(-1e3, 1e3, allow_nan=False))
def test_adding_a_constant_leaves_the_point_in_place(z, c):
    np.testing.assert_allclose(simplex_point(softmax(z + c)), simplex_point(softmax(z)), atol=1e-9)


# --- the temperature path ------------------------------------------------------------------------


def test_path_temperature_runs_from_zero_to_infinity():
    np.testing.assert_array_equal(path_temperature([0.0, 0.5, 1.0]), [0.0, 1.0, np.inf])
    s = np.linspace(0, 1, 101)
    assert np.all(np.diff(path_temperature(s)) > 0)
    with pytest.raises(ValueError, match="s must lie in"):
        path_temperature(1.5)


def test_temperature_path_ends_at_the_argmax_corner_and_the_centre():
    z = [2.0, 1.0, 0.1]
    ends = simplex_point(temperature_path(z, [0.0, np.inf]))
    np.testing.assert_allclose(ends[0], SIMPLEX_CORNERS[0], atol=1e-15)
    np.testing.assert_allclose(ends[1], [0.0, 0.0], atol=1e-15)


@settings(max_examples=100, deadline=None)
@given(clear_winners)
def test_temperature_path_tends_to_its_endpoints(z):
    near = simplex_point(temperature_path(z, [1e-3, 1e7]))
    np.testing.assert_allclose(near[0], SIMPLEX_CORNERS[np.argmax(z)], atol=1e-12)
    np.testing.assert_allclose(near[1], [0.0, 0.0], atol=1e-5)


def test_temperature_path_is_softmax_at_every_finite_temperature():
    z = np.array([2.0, 1.0, 0.1])
    ts = [0.5, 1.0, 2.0]
    np.testing.assert_allclose(temperature_path(z, ts), [softmax(z, t) for t in ts])
    np.testing.assert_allclose(temperature_path(z, 1.0), softmax(z))
    with pytest.raises(ValueError, match="temperatures"):
        temperature_path(z, [-1.0])


@settings(max_examples=100, deadline=None)
@given(clear_winners, st.floats(0.01, 100))
def test_temperature_never_changes_the_winning_region(z, t):
    cells = argmax_regions()
    winner = int(np.argmax(z))
    p = temperature_path(z, t)
    assert int(np.argmax(p)) == winner
    assert _inside(simplex_point(p), cells[winner].vertices, tol=1e-9)


# --- argmax regions ------------------------------------------------------------------------------


def _inside(point, polygon, tol=0.0):
    edges = np.roll(polygon, -1, axis=0) - polygon
    rel = point - polygon
    return bool(np.all(edges[:, 0] * rel[:, 1] - edges[:, 1] * rel[:, 0] >= -tol))


def test_argmax_regions_are_quadrilaterals_around_the_centre():
    cells = argmax_regions()
    total = polygon_area(SIMPLEX_CORNERS)
    for i, cell in enumerate(cells):
        assert cell.winner == i and len(cell.vertices) == 4
        assert polygon_area(cell.vertices) == pytest.approx(total / 3)
        assert any(np.allclose(v, SIMPLEX_CORNERS[i]) for v in cell.vertices)
        assert any(np.allclose(v, [0.0, 0.0], atol=1e-12) for v in cell.vertices)


def test_argmax_regions_agree_with_brute_force_argmax():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(3), size=2000)
    cells = argmax_regions()
    for point, q in zip(simplex_point(p), p):
        assert _inside(point, cells[int(np.argmax(q))].vertices, tol=1e-12)


def test_argmax_regions_follow_custom_corners():
    corners = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 2.0]])
    cells = argmax_regions(corners)
    assert sum(polygon_area(c.vertices) for c in cells) == pytest.approx(4.0)
    for c in cells:
        centre = simplex_point([1 / 3] * 3, corners)
        assert any(np.allclose(v, centre) for v in c.vertices)


def test_temperature_path_takes_only_limits_or_scalars():
    z = [2.0, 1.0, 0.1]
    np.testing.assert_array_equal(temperature_path(z, [0.0]), [[1.0, 0.0, 0.0]])
    np.testing.assert_allclose(temperature_path(z, np.inf), [1 / 3] * 3)
    assert temperature_path(z, 2.0).shape == (3,)
