import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softmax_anim import argmax, line_values, softmax
from softmax_anim.lines1d import (
    axis_range,
    crossings,
    interval_at,
    predict,
    segment_endpoints,
    upper_envelope,
    value_range,
)
from softmax_anim.regions import class_intervals

LECTURE_LINES = ([-1.0, 0.5, 1.5], [0.0, 1.0, -1.0], (-4.0, 4.0))
small = st.integers(-12, 12).map(lambda v: v / 4)


@st.composite
def line_sets(draw):
    k = draw(st.integers(1, 5))
    return np.array([draw(small) for _ in range(k)]), np.array([draw(small) for _ in range(k)])


def test_lecture_lines_cross_where_the_regions_change():
    cs = crossings(*LECTURE_LINES)
    np.testing.assert_allclose([c.x for c in cs], [-2 / 3, 2.0])
    np.testing.assert_allclose([c.z for c in cs], [2 / 3, 2.0])
    assert [(c.left, c.right) for c in cs] == [(0, 1), (1, 2)]


def test_segment_endpoints_lie_on_the_lines():
    ends = segment_endpoints(*LECTURE_LINES)
    assert ends.shape == (3, 2, 2)
    np.testing.assert_array_equal(ends[:, :, 0], [[-4.0, 4.0]] * 3)
    np.testing.assert_allclose(ends[:, :, 1], line_values(*LECTURE_LINES[:2], [-4.0, 4.0]).T)


@settings(max_examples=200, deadline=None)
@given(line_sets())
def test_crossings_are_equal_values_of_both_lines(lines):
    w, b = lines
    for c in crossings(w, b, (-5.0, 5.0)):
        z = line_values(w, b, c.x)
        assert z[c.left] == pytest.approx(c.z, abs=1e-9)
        assert z[c.right] == pytest.approx(c.z, abs=1e-9)
        assert z.max() == pytest.approx(c.z, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(line_sets())
def test_upper_envelope_is_the_maximum_everywhere(lines):
    w, b = lines
    env = upper_envelope(w, b, (-5.0, 5.0))
    assert env[0, 0] == -5.0 and env[-1, 0] == 5.0 and np.all(np.diff(env[:, 0]) > 0)
    xs = np.linspace(-5.0, 5.0, 1001)
    np.testing.assert_allclose(np.interp(xs, env[:, 0], env[:, 1]), line_values(w, b, xs).max(axis=-1), atol=1e-9)


def test_value_range_of_the_lecture_lines():
    assert value_range(*LECTURE_LINES) == (-7.0, 5.0)


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [(-7.0, 5.0, (-8.0, 6.0, 2.0)), (0.0, 1.0, (-0.2, 1.2, 0.2)), (3.0, 3.0, (1.5, 4.5, 0.5))],
    ids=["lecture", "unit", "flat"],
)
def test_axis_range_examples(lo, hi, expected):
    assert axis_range(lo, hi) == pytest.approx(expected)


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e4, 1e4), st.one_of(st.just(0.0), st.floats(1e-3, 1e4)), st.integers(2, 12))
def test_axis_range_holds_the_data_on_round_ticks(lo, span, max_ticks):
    hi = lo + span
    start, end, step = axis_range(lo, hi, max_ticks=max_ticks)
    assert start < lo and hi < end
    assert round((end - start) / step) <= max_ticks
    assert start / step == pytest.approx(round(start / step), abs=1e-6)


@pytest.mark.parametrize(("lo", "hi"), [(1.0, 0.0), (float("nan"), 1.0), (0.0, float("inf"))])
def test_axis_range_rejects_bad_bounds(lo, hi):
    with pytest.raises(ValueError, match="axis bounds"):
        axis_range(lo, hi)


@pytest.mark.parametrize("x", [-4.0, -2.5, -0.7, -0.6, 0.7, 1.9, 2.1, 3.0, 4.0])
def test_predict_matches_lines_softmax_argmax_and_the_region(x):
    w, b, x_range = LECTURE_LINES
    p = predict(w, b, x)
    np.testing.assert_allclose(p.values, line_values(w, b, x))
    np.testing.assert_allclose(p.probabilities, softmax(p.values))
    assert p.winner == argmax(p.values) == argmax(p.probabilities)
    assert interval_at(class_intervals(w, b, x_range), x).winner == p.winner


def test_interval_at_a_boundary_takes_the_lower_index():
    intervals = class_intervals([-1.0, 0.0, 1.0], [0.0, 1.0, 0.0], (-3.0, 3.0))  # boundaries exactly at -1, 1
    assert [interval_at(intervals, x).winner for x in (-1.0, 1.0)] == [0, 1]
    assert argmax(line_values([-1.0, 0.0, 1.0], [0.0, 1.0, 0.0], -1.0)) == 0


def test_interval_at_rejects_points_outside():
    with pytest.raises(ValueError, match="outside"):
        interval_at(class_intervals(*LECTURE_LINES), 5.0)


def test_axis_range_needs_two_ticks():
    with pytest.raises(ValueError, match="max_ticks"):
        axis_range(0.0, 1.0, max_ticks=1)
