"""Part H scenes, built in-process: curves, bars, grids and tables against independent references
(scipy's logistic function and normal densities, finite differences), and the layout in every section."""

from __future__ import annotations

from pathlib import Path

import harness
import numpy as np
import pytest
from class_counts import class_count_test
from harness import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    HALF_PIXEL_1080P,
    assert_chart,
    assert_close_on_screen,
    assert_no_overlap,
    assert_readable_in_every_section,
    assert_text_sizes,
    shown,
    spoken,
)
from scipy.special import expit

from softmax_anim import format_number, softmax
from softmax_anim.params import load_params
from softmax_anim.regions import class_intervals
from softmax_anim.tetrahedron import TETRAHEDRON_CORNERS

P = load_params()
LOGITS = np.array(P.logits.values)


def tex_strings(mobs) -> list[str]:
    return [m.tex_string for m in mobs]


# --- two classes: the sigmoid --------------------------------------------------------------------


@pytest.fixture(scope="module")
def sigmoid_scene():
    return harness.scene("TwoClassesSigmoid")


def test_the_curve_is_scipys_logistic_function(sigmoid_scene):
    s = sigmoid_scene
    points = s.curve.get_anchors()
    xs = np.array([s.axes.p2c(pt)[0] for pt in points])
    expected = np.array([s.axes.c2p(x, expit(x)) for x in xs])
    assert_close_on_screen(points, expected)
    lo, hi = s.x_span
    assert xs.min() == pytest.approx(lo) and xs.max() == pytest.approx(hi)
    d = LOGITS[0] - LOGITS[1]
    assert_close_on_screen(s.dot.get_center(), s.axes.c2p(d, expit(d)))  # back at the lecture's difference


def test_readout_shows_the_shifted_logits_and_the_unchanged_probability(sigmoid_scene):
    s = sigmoid_scene
    z = LOGITS[:2] + s.common_shift
    assert [shown(v) for v in s.values] == [format_number(z[0], 1), format_number(z[1], 1),
                                            format_number(z[0] - z[1], 1), "0.731", "0.269"]
    assert format_number(expit(LOGITS[0] - LOGITS[1]), 3) == "0.731"
    assert "0.731 to cat and 0.269 to dog" in spoken(s, "intro")
    assert "the sigmoid of 1.0 is 0.731" in spoken(s, "curve")
    assert "They become 5.0 and 4.0" in spoken(s, "shift") and "stays at 0.731" in spoken(s, "shift")


def test_sigmoid_layout(sigmoid_scene):
    s = sigmoid_scene
    assert_no_overlap([s.readout, s.formula, s.plot, s.regression, s.title, s.shift_note], s)
    assert_no_overlap([s.readout, s.curve], s)
    assert_readable_in_every_section(s)


# --- the derivative ------------------------------------------------------------------------------


def central_differences(z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    e = np.eye(z.size) * h
    return np.column_stack([(softmax(z + e[j]) - softmax(z - e[j])) / (2 * h) for j in range(z.size)])


@pytest.fixture(scope="module")
def jacobian_scene():
    return harness.scene("SoftmaxJacobian")


def test_grid_is_the_finite_difference_jacobian(jacobian_scene):
    s = jacobian_scene
    fd = central_differences(LOGITS)
    entries = tex_strings(s.grid.get_entries_without_labels())
    k = LOGITS.size
    shown_grid = [entries[i * (k + 1): i * (k + 1) + k] for i in range(k)]
    assert shown_grid == [[format_number(v, 3) for v in row] for row in fd]
    assert [shown_grid[i][i] for i in range(k)] == ["0.225", "0.184", "0.089"]
    assert [entries[i * (k + 1) + k] for i in range(k)] == ["0.000"] * k  # each row's total
    assert "0.225, 0.184 and 0.089" in spoken(s, "formula") and "-0.160" in spoken(s, "formula")


def test_nudge_readout_settles_on_a_column(jacobian_scene):
    s = jacobian_scene
    fd = central_differences(LOGITS)
    assert [shown(q) for q in s.quotients] == [format_number(v, 3) for v in fd[:, s.nudged]]
    assert "0.225, -0.160 and -0.065" in spoken(s, "shrink")
    e = np.eye(LOGITS.size)[s.nudged]
    after = softmax(LOGITS + s.last_nudge * e)
    assert_chart(s.chart, after, [format_number(v, 3) for v in after])
    big = softmax(LOGITS + s.first_nudge * e)
    assert f"from 0.659 to {format_number(big[s.nudged], 3)}" in spoken(s, "nudge")
    sig = expit(LOGITS[0] - LOGITS[1])
    assert f"{format_number(sig, 3)} times {format_number(1 - sig, 3)}, which is 0.197" in spoken(s, "two_classes")
    assert format_number(sig * (1 - sig), 3) == "0.197"


def test_jacobian_layout(jacobian_scene):
    s = jacobian_scene
    assert_no_overlap([s.chart, s.grid, s.formula, s.quotient_row, s.two_classes, s.title], s)
    assert_no_overlap([*s.chart.value_labels, s.nudge_label, s.nudge_value], s)
    assert_readable_in_every_section(s)


# --- Gaussian classes ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gaussian_scene():
    return harness.scene("GaussianClassesSoftmax")


def scipy_classes():
    """Means and priors from Part B's lines, worked out by hand: mu = w, pi ~ exp(b + w^2 / 2) (sigma = 1)."""
    w, b = np.array(P.lines.weights), np.array(P.lines.biases)
    priors = np.exp(b + w**2 / 2)
    return w, priors / priors.sum()


def test_densities_and_posteriors_are_scipys(gaussian_scene):
    from scipy.stats import norm  # imported where used: 0.6 s at every worker's collection
    s = gaussian_scene
    means, priors = scipy_classes()
    for k, (mu, pi) in enumerate(zip(means, priors, strict=True)):
        points = s.densities[k].get_anchors()
        xs = np.array([s.density_axes.p2c(pt)[0] for pt in points])
        assert_close_on_screen(points, [s.density_axes.c2p(x, pi * norm.pdf(x, mu, 1.0)) for x in xs])
        joint = priors * norm.pdf(xs[:, None], means, 1.0)
        post = joint[:, k] / joint.sum(axis=1)
        assert_close_on_screen(s.posteriors[k].get_anchors(), [s.posterior_axes.c2p(x, v) for x, v in zip(xs, post,
                                                                                                       strict=True)])


def test_table_and_sample_are_the_lines_read_as_gaussians(gaussian_scene):
    from scipy.stats import norm
    s = gaussian_scene
    means, priors = scipy_classes()
    entries = tex_strings(s.table.get_entries_without_labels())
    biases = -means**2 / 2 + np.log(priors)
    expected = [[format_number(m, 1), format_number(p, 3), format_number(m, 1), format_number(b, 2)]
                for m, p, b in zip(means, priors, biases, strict=True)]
    assert [entries[4 * i: 4 * i + 4] for i in range(len(means))] == expected
    assert [row[1] for row in expected] == ["0.281", "0.525", "0.193"]
    x = s.sample_x
    joint = priors * norm.pdf(x, means, 1.0)
    post = [format_number(v, 3) for v in joint / joint.sum()]
    assert [s.sample_readout[1 + 2 * i].tex_string for i in range(3)] == post == ["0.092", "0.714", "0.194"]
    for dot, v in zip(s.sample_dots, joint / joint.sum(), strict=True):
        assert_close_on_screen(dot.get_center(), s.posterior_axes.c2p(x, v))
    assert "0.092, 0.714 and 0.194" in spoken(s, "sample")
    assert "-1.0, 0.5 and 1.5" in spoken(s, "weights")


def test_regions_are_where_one_posterior_is_largest(gaussian_scene):
    from scipy.stats import norm
    s = gaussian_scene
    means, priors = scipy_classes()
    intervals = class_intervals(P.lines.weights, P.lines.biases, P.lines.x_range)
    assert len(s.regions) == len(intervals)
    for region, interval in zip(s.regions, intervals, strict=True):
        left, right = region[0].get_left()[0], region[0].get_right()[0]
        assert abs(left - s.posterior_axes.c2p(interval.start, 0)[0]) < HALF_PIXEL_1080P
        assert abs(right - s.posterior_axes.c2p(interval.end, 0)[0]) < HALF_PIXEL_1080P
        xs = np.linspace(interval.start, interval.end, 50)[1:-1]  # brute force: the largest posterior wins
        joint = priors * norm.pdf(xs[:, None], means, 1.0)
        assert (joint.argmax(axis=1) == interval.winner).all()


def test_gaussian_layout(gaussian_scene):
    s = gaussian_scene
    plots = [s.density_axes, s.posterior_axes, s.regions, s.density_label, s.posterior_label]
    assert_no_overlap([s.table, s.bayes, s.sample_readout, s.title, *plots[:3]], s)
    assert_no_overlap([s.density_label, s.table, s.posterior_label, s.posterior_axes], s)
    assert_readable_in_every_section(s)


# --- four classes: the tetrahedron -----------------------------------------------------------------


@pytest.fixture(scope="module")
def tetrahedron_scene():
    return harness.scene("FourClassesTetrahedron")


def barycentric(points: np.ndarray) -> np.ndarray:
    """Probabilities of scene points of the tetrahedron (corners = the classes' corner dots)."""
    a = np.vstack([TETRAHEDRON_CORNERS.T, np.ones(4)])
    return np.linalg.solve(a, np.column_stack([points, np.ones(len(points))]).T).T


def test_regions_on_screen_are_won_by_their_colour(tetrahedron_scene):
    s = tetrahedron_scene
    colors = P.four_classes.colors
    assert len(s.kites) == 12 and len(s.wall_faces) == 6
    for kite in s.kites:
        vertices = kite.get_vertices() / s.size
        inside = np.random.default_rng(0).dirichlet(np.ones(len(vertices)), 100) @ vertices
        winners = barycentric(inside).argmax(axis=1)  # brute force: the largest probability
        assert len(set(winners)) == 1
        assert kite.get_fill_color().to_hex().upper() == colors[winners[0]].upper()
    for wall in s.wall_faces:
        p = barycentric(wall.get_vertices() / s.size)
        top2 = np.sort(p, axis=1)[:, -2:]
        np.testing.assert_allclose(top2[:, 0], top2[:, 1], atol=1e-9)  # two classes tie for the largest


def test_temperature_path_and_readout_are_softmax(tetrahedron_scene):
    s = tetrahedron_scene
    z = np.array(P.four_classes.values)
    lo, hi = s.sweep
    temps = [lo / (1 - lo), hi / (1 - hi)]
    path = s.path.get_anchors()
    ends = [softmax(z / t) for t in temps]
    np.testing.assert_allclose(path[0], s.size * ends[0] @ TETRAHEDRON_CORNERS, atol=HALF_PIXEL_1080P)
    np.testing.assert_allclose(path[-1], s.size * ends[1] @ TETRAHEDRON_CORNERS, atol=HALF_PIXEL_1080P)
    first, second = np.argsort(z)[::-1][:2]
    for point in path:  # every point is softmax(z / T) at the T its two largest probabilities give
        p = barycentric(point[None] / s.size)[0]
        t = (z[first] - z[second]) / np.log(p[first] / p[second])
        np.testing.assert_allclose(point, s.size * softmax(z / t) @ TETRAHEDRON_CORNERS, atol=HALF_PIXEL_1080P)
    np.testing.assert_allclose(s.point.get_center(), s.size * ends[1] @ TETRAHEDRON_CORNERS, atol=HALF_PIXEL_1080P)
    assert [shown(v) for v in s.prob_values] == [format_number(v, 2) for v in ends[1]]
    assert shown(s.temp_value) == format_number(temps[1], 2) == "19.00"
    assert "2.0, 1.0, 0.1 and -0.5" in spoken(s, "logits")
    assert ", ".join(format_number(v, 2) for v in softmax(z)[:3]) in spoken(s, "logits")


def test_tetrahedron_stays_in_frame_and_clear_of_the_readout(tetrahedron_scene):
    s = tetrahedron_scene
    camera = s.renderer.camera
    theta = camera.get_theta()
    points = np.vstack([s.corners, *(k.get_vertices() for k in s.kites), *(m.get_center() for m in s.corner_labels)])
    label_half = max(max(m.width, m.height) for m in s.corner_labels) / 2
    try:
        for t in np.linspace(s.home_view["theta"], s.turns[1], 11):  # every view the scene turns through
            camera.set_theta(t)
            xy = camera.project_points(points)[:, :2]
            assert (np.abs(xy[:, 0]) <= FRAME_WIDTH / 2 - label_half).all()
            assert (np.abs(xy[:, 1]) <= FRAME_HEIGHT / 2 - label_half).all()
            assert xy[:, 0].min() - label_half > max(s.readout.get_right()[0], s.legend.get_right()[0])
            assert xy[:, 1].max() + label_half < s.title.get_bottom()[1]
            assert xy[:, 1].min() - label_half > s.dimensions.get_top()[1]
            corner_xy = xy[:4]  # no two corners' names on one spot
            gaps = [np.linalg.norm(corner_xy[i] - corner_xy[j]) for i in range(4) for j in range(i + 1, 4)]
            assert min(gaps) > 2 * label_half
    finally:
        camera.set_theta(theta)
    for mob in (s.title, s.legend, s.readout, s.dimensions):
        assert harness.inside_frame(mob)
    assert_no_overlap([s.title, s.legend, s.readout, s.dimensions])
    assert [m.tex_string for m in s.legend] == [r"\text{corner: one } p_k = 1", r"\text{centre: every } p_k = 0.25"]
    assert_text_sizes(s)


# --- the supported extremes -----------------------------------------------------------------------

EDGES = Path(__file__).parent / "fixtures" / "params"
EDGE_LAYOUT = {
    "TwoClassesSigmoid": lambda s: [s.readout, s.formula, s.plot, s.regression, s.title, s.shift_note],
    "SoftmaxJacobian": lambda s: [s.chart, s.grid, s.formula, s.quotient_row, s.two_classes, s.title],
    "GaussianClassesSoftmax": lambda s: [s.table, s.bayes, s.sample_readout, s.title, s.density_axes,
                                         s.posterior_axes, s.regions],
}


@pytest.mark.parametrize("name, edge", [
    ("TwoClassesSigmoid", "edges_many"),
    ("SoftmaxJacobian", "edges_many"),  # four classes with eight-letter names: the widest grid
    ("GaussianClassesSoftmax", "edges_many"),
    ("GaussianClassesSoftmax", "edges_few"),  # one class wins on the whole line: no boundary to name
])
def test_edge_parameters_stay_in_frame_readable_and_apart(name, edge):
    scene = harness.scene(name, EDGES / f"{edge}.toml")
    assert_readable_in_every_section(scene)
    assert_no_overlap(EDGE_LAYOUT[name](scene), scene)


# at 2 and 4 classes in every table: drawn and readable, or left out (tests/class_counts.py)
test_drawn_at_two_and_four_classes_or_left_out = class_count_test(
    "TwoClassesSigmoid", "GaussianClassesSoftmax", "SoftmaxJacobian", "FourClassesTetrahedron"
)
