import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softmax_anim import line_values
from softmax_anim.regions import class_cells, class_intervals, polygon_area

RANGE = (-5.0, 5.0)


def brute_force_winner(weights, biases, xs):
    return np.argmax(line_values(weights, biases, xs), axis=-1)  # first maximum = lowest index


@st.composite
def line_sets(draw):
    """Random lines, some forced parallel (same slope) or identical to another."""
    k = draw(st.integers(1, 6))
    small = st.integers(-8, 8).map(lambda v: v / 4)  # exact binary fractions make ties real
    w = [draw(small) for _ in range(k)]
    b = [draw(small) for _ in range(k)]
    for i in range(1, k):
        kind = draw(st.sampled_from(["free", "free", "parallel", "identical"]))
        j = draw(st.integers(0, i - 1))
        if kind in ("parallel", "identical"):
            w[i] = w[j]
        if kind == "identical":
            b[i] = b[j]
    return np.array(w), np.array(b)


@settings(max_examples=300, deadline=None)
@given(line_sets())
def test_intervals_agree_with_brute_force_argmax(lines):
    w, b = lines
    intervals = class_intervals(w, b, RANGE)
    assert intervals[0].start == RANGE[0] and intervals[-1].end == RANGE[1]
    for left, right in zip(intervals, intervals[1:]):
        assert left.end == right.start and left.winner != right.winner and left.start < left.end
    xs = np.linspace(*RANGE, 4001)
    expected = brute_force_winner(w, b, xs)
    for iv in intervals:
        # Away from the boundary points themselves, every sample is won by the interval's class.
        inside = (xs > iv.start + 1e-9) & (xs < iv.end - 1e-9)
        assert np.all(expected[inside] == iv.winner)


@settings(max_examples=200, deadline=None)
@given(line_sets())
def test_each_boundary_is_the_exact_intersection_of_the_swapping_lines(lines):
    w, b = lines
    intervals = class_intervals(w, b, RANGE)
    for left, right in zip(intervals, intervals[1:]):
        i, j = left.winner, right.winner
        assert left.end == (b[i] - b[j]) / (w[j] - w[i])


def test_lecture_lines():
    ivs = class_intervals([-1.0, 0.5, 1.5], [0.0, 1.0, -1.0], (-4.0, 4.0))
    assert [iv.winner for iv in ivs] == [0, 1, 2]
    assert ivs[0].end == pytest.approx(-2 / 3) and ivs[1].end == 2.0


def test_identical_lines_and_a_class_that_never_wins():
    ivs = class_intervals([1.0, 1.0, 0.0], [0.0, 0.0, -100.0], (-1.0, 1.0))
    assert [(iv.start, iv.end, iv.winner) for iv in ivs] == [(-1.0, 1.0, 0)]


@pytest.mark.parametrize(
    ("weights", "biases", "x_range", "message"),
    [
        ([1.0, np.nan], [0.0, 0.0], (0, 1), "weights must be finite"),
        ([1.0, 2.0], [0.0], (0, 1), "differ in length"),
        ([1.0], [0.0], (1, 0), "lo < hi"),
    ],
    ids=["nan-weight", "length-mismatch", "empty-range"],
)
def test_bad_interval_input(weights, biases, x_range, message):
    with pytest.raises(ValueError, match=message):
        class_intervals(weights, biases, x_range)


@st.composite
def plane_models(draw):
    k = draw(st.integers(1, 6))
    small = st.integers(-8, 8).map(lambda v: v / 4)
    w = np.array([[draw(small), draw(small)] for _ in range(k)])
    b = np.array([draw(small) for _ in range(k)])
    if k > 1 and draw(st.booleans()):
        w[-1], b[-1] = w[0], b[0]  # an identical class: it must get an empty cell
    return w, b


def point_in_convex(poly, pts):
    """Strictly inside a counter-clockwise convex polygon."""
    inside = np.ones(len(pts), bool)
    for p, q in zip(poly, np.roll(poly, -1, axis=0)):
        cross = (q[0] - p[0]) * (pts[:, 1] - p[1]) - (q[1] - p[1]) * (pts[:, 0] - p[0])
        inside &= cross > 1e-9
    return inside


@settings(max_examples=150, deadline=None)
@given(plane_models())
def test_cells_agree_with_brute_force_and_tile_the_rectangle(model):
    w, b = model
    x_range, y_range = (-3.0, 4.0), (-2.0, 2.5)
    cells = class_cells(w, b, x_range, y_range)
    assert [c.winner for c in cells] == list(range(len(w)))
    areas = [polygon_area(c.vertices) for c in cells]
    assert all(a >= 0 for a in areas)  # counter-clockwise
    np.testing.assert_allclose(sum(areas), 7.0 * 4.5, rtol=1e-9)

    rng = np.random.default_rng(0)
    pts = np.column_stack([rng.uniform(*x_range, 3000), rng.uniform(*y_range, 3000)])
    expected = np.argmax(pts @ w.T + b, axis=1)
    for cell in cells:
        if cell.is_empty:
            continue
        inside = point_in_convex(cell.vertices, pts)
        assert np.all(expected[inside] == cell.winner)


def test_identical_class_gets_an_empty_cell():
    cells = class_cells([[1.0, 0.0], [1.0, 0.0], [-1.0, 0.0]], [0, 0, 0], (-1, 1), (-1, 1))
    assert not cells[0].is_empty and cells[1].is_empty and cells[1].vertices.shape == (0, 2)


def test_cell_vertices_lie_on_the_equal_score_lines():
    w, b = np.array([[1.0, 0.2], [-0.5, 1.0], [-0.4, -1.0]]), np.array([0.1, 0.0, -0.2])
    for cell in class_cells(w, b, (-2, 2), (-2, 2)):
        for v in cell.vertices:
            scores = w @ v + b
            on_box = np.isclose(abs(v[0]), 2) or np.isclose(abs(v[1]), 2)
            # Each vertex is a box corner/edge point or where two scores tie exactly (up to rounding).
            assert on_box or np.sort(scores)[-1] - np.sort(scores)[-2] < 1e-12
            assert scores[cell.winner] >= scores.max() - 1e-12
