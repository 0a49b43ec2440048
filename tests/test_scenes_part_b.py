"""Part B: the 1D class regions scene against the exact math (0.5 px at 1080p)."""

from pathlib import Path

import harness
import numpy as np
import pytest
from class_counts import class_count_test
from harness import (
    BACKGROUND,
    HALF_PIXEL_1080P,
    assert_close_on_screen,
    assert_in_frame,
    assert_never_off_frame,
    assert_no_overlap,
    assert_text_sizes,
    pixel_at,
    rgb,
    still,
)

from scenes.part_b_class_regions import ClassRegions1D
from softmax_anim import format_number, line_values
from softmax_anim.params import LineParams, load_params
from softmax_anim.regions import class_intervals

LINES = load_params().lines


@pytest.fixture(scope="module")
def built():
    """ClassRegions1D built once for the test process, with its last frame at 960 x 540."""
    scene = harness.scene(ClassRegions1D)
    return scene, still(scene, 960, 540)


@pytest.fixture(scope="module")
def scene(built):
    return built[0]


def exact_crossing(i: int, j: int) -> float:
    """Where lines i and j meet, straight from their parameters."""
    w, b = LINES.weights, LINES.biases
    return (b[i] - b[j]) / (w[j] - w[i])


def test_scene_uses_the_lecture_lines(scene):
    assert scene.params == LINES
    assert 20 <= scene.renderer.time <= 60  # seconds at normal speed
    assert len(scene.lines) == len(LINES.weights) == 3


def test_every_line_is_spoken_once_in_order_and_never_overlaps(scene):
    from lecture_voice import spoken_list
    from scenes.kit.narration import NarratedScene

    keys = scene.script.keys("ClassRegions1D")
    spoken = [s.key for s in scene.spoken]
    assert spoken == keys[:-1] + ["sample"] * len(LINES.samples) and keys[-1] == "sample"
    for prev, nxt in zip(scene.spoken, scene.spoken[1:]):
        assert nxt.start >= prev.end + NarratedScene.pause - 1e-9
    crossings = spoken_list([format_number(exact_crossing(0, 1)), format_number(exact_crossing(1, 2))])
    assert crossings in scene.spoken[keys.index("crossings")].text
    for line, x in zip(scene.spoken[len(keys) - 1 :], LINES.samples):
        name = LINES.names[int(np.argmax(line_values(LINES.weights, LINES.biases, x)))]
        assert line.text == f"At x equal to {format_number(x)}, the {name} line is highest, so argmax picks {name}."
    # no silent stretch between lines (at the tests' 1 fps every play rounds up to a whole second)
    for prev, nxt in zip(scene.spoken, scene.spoken[1:]):
        assert nxt.start - prev.end <= NarratedScene.pause + 2, (prev.key, nxt.key)
    assert scene.renderer.time - scene.spoken[-1].end <= NarratedScene.pause + 2 + NarratedScene.final_hold_time


@pytest.mark.parametrize("i", range(3), ids=["blue", "red", "green"])
def test_lines_are_exact_segments_through_their_true_values(scene, i):
    lo, hi = LINES.x_range
    z = line_values(LINES.weights, LINES.biases, [lo, hi])[:, i]
    line = scene.lines[i]
    assert_close_on_screen(line.get_start(), scene.axes.c2p(lo, z[0]))
    assert_close_on_screen(line.get_end(), scene.axes.c2p(hi, z[1]))
    # straight: every point of the path lies on the segment between the ends
    start, end = line.get_start()[:2], line.get_end()[:2]
    d = (end - start) / np.linalg.norm(end - start)
    offsets = (line.points[:, :2] - start) @ np.array([-d[1], d[0]])
    assert np.abs(offsets).max() < HALF_PIXEL_1080P


def test_region_edges_sit_at_the_exact_intersections(scene):
    intervals = class_intervals(LINES.weights, LINES.biases, LINES.x_range)
    assert [r.interval for r in scene.regions] == intervals
    assert [r.interval.winner for r in scene.regions] == [0, 1, 2]  # blue, red, green from left to right
    exact = [LINES.x_range[0], exact_crossing(0, 1), exact_crossing(1, 2), LINES.x_range[1]]
    for k, region in enumerate(scene.regions):
        xs = region.points[:, 0]
        assert_close_on_screen([xs.min(), 0], [scene.axes.c2p(exact[k], 0)[0], 0])
        assert_close_on_screen([xs.max(), 0], [scene.axes.c2p(exact[k + 1], 0)[0], 0])


def test_region_colours_are_the_class_colours(scene):
    from manim import ManimColor

    for region in scene.regions:
        assert region.get_fill_color().to_hex().upper() == ManimColor(LINES.colors[region.interval.winner]).to_hex()


@pytest.mark.parametrize(("k", "i", "j"), [(0, 0, 1), (1, 1, 2)], ids=["blue-red", "red-green"])
def test_boundary_markers_pass_through_the_intersection_point(scene, k, i, j):
    x = exact_crossing(i, j)
    z = LINES.weights[i] * x + LINES.biases[i]
    assert z == pytest.approx(LINES.weights[j] * x + LINES.biases[j])
    marker = scene.markers[k]
    point = scene.axes.c2p(x, z)
    assert_close_on_screen(marker.dot.get_center(), point)
    assert_close_on_screen(marker.line.get_start(), point)
    # the dashed line is vertical at x* and reaches the coloured strip
    assert_close_on_screen([marker.line.get_end()[0], 0], [point[0], 0])
    strip_top = max(r.points[:, 1].max() for r in scene.regions)
    assert marker.line.get_end()[1] == pytest.approx(strip_top, abs=HALF_PIXEL_1080P)
    assert marker.label.tex_string == f"x = {format_number(x)}"


def test_envelope_follows_the_top_line(scene):
    env = scene.envelope
    corners3d = np.vstack([env.get_start_anchors(), env.get_end_anchors()[-1:]])
    corners = corners3d[:, :2]
    assert len(corners) == 4  # two ends and two crossings
    xs = np.array([scene.axes.p2c(p)[0] for p in corners3d])
    top = line_values(LINES.weights, LINES.biases, xs).max(axis=-1)
    expected = np.array([scene.axes.c2p(x, z)[:2] for x, z in zip(xs, top)])
    np.testing.assert_allclose(corners, expected, atol=HALF_PIXEL_1080P)
    assert_close_on_screen(corners[0], scene.axes.c2p(LINES.x_range[0], top[0]))
    assert_close_on_screen(corners[-1], scene.axes.c2p(LINES.x_range[1], top[-1]))


def test_sample_readouts_show_formatted_values_and_the_region_class(scene):
    assert [r.x_label.tex_string for r in scene.readouts] == [f"x = {format_number(x)}" for x in LINES.samples]
    for x, readout in zip(LINES.samples, scene.readouts):
        z = line_values(LINES.weights, LINES.biases, x)
        assert readout.texts == tuple(format_number(v) for v in z)
        region = next(r for r in scene.regions if r.interval.start <= x <= r.interval.end)
        assert readout.winner == int(np.argmax(z)) == region.interval.winner
        assert_close_on_screen(readout.frame.get_center(), readout.rows[readout.winner].get_center())


def test_probe_ends_on_the_last_sample(scene):
    x = LINES.samples[-1]
    assert scene.x_tracker.get_value() == pytest.approx(x)
    z = line_values(LINES.weights, LINES.biases, x)
    for i, dot in enumerate(scene.probe[1]):
        assert_close_on_screen(dot.get_center(), scene.axes.c2p(x, z[i]))


def test_everything_is_inside_the_frame_and_the_panel_clears_the_plot(scene):
    assert_in_frame(scene.mobjects)
    assert_never_off_frame(scene)
    assert_no_overlap([scene.title, scene.plot], scene)
    plot_right = max(scene.plot.line_labels.get_right()[0], scene.number_line.get_right()[0])
    assert plot_right < scene.equations.get_left()[0]
    assert plot_right < min(r.get_left()[0] for r in scene.readouts)


def test_every_text_is_at_least_the_footnote_size(scene):
    assert_text_sizes(scene)


def test_plot_handles_other_lines():
    """Four classes and another range: regions still end at the exact crossings."""
    from scenes.kit.regions import ClassRegionsPlot

    lines = LineParams(
        names=("a", "b", "c", "d"),
        colors=("#58C4DD", "#FC6255", "#83C167", "#FFFF00"),
        weights=(-2.0, -0.25, 0.5, 3.0),
        biases=(0.0, 1.3, 1.0, -4.0),
        x_range=(-3.0, 5.0),
        samples=(0.0,),
    )
    plot = ClassRegionsPlot(lines, x_length=6.0, y_length=4.0)
    intervals = class_intervals(lines.weights, lines.biases, lines.x_range)
    assert len(plot.regions) == len(intervals) and len(plot.markers) == len(intervals) - 1
    for region, interval in zip(plot.regions, intervals):
        assert_close_on_screen([region.points[:, 0].min(), 0], [plot.axes.c2p(interval.start, 0)[0], 0])
        assert_close_on_screen([region.points[:, 0].max(), 0], [plot.axes.c2p(interval.end, 0)[0], 0])
    for marker in plot.markers:
        c = marker.crossing
        z = line_values(lines.weights, lines.biases, c.x)
        assert_close_on_screen(marker.dot.get_center(), plot.axes.c2p(c.x, z[c.left]))
        assert z[c.left] == pytest.approx(z[c.right])
    for prev, marker in zip(plot.markers[:-1], plot.markers[1:]):  # crossings at -0.74 and 0.40 are close
        apart = marker.label.get_left()[0] > prev.label.get_right()[0] or (
            marker.label.get_bottom()[1] > prev.label.get_top()[1]
        )
        assert apart, (prev.crossing, marker.crossing)


def test_still_is_coloured_by_class_on_both_sides_of_each_boundary(built):
    scene, frame = built
    strip_mid = np.mean([scene.regions[0].get_top()[1], scene.regions[0].get_bottom()[1]])
    for marker in scene.markers:
        c = marker.crossing
        x = scene.axes.c2p(c.x, 0)[0]
        for side, cls in ((-1, c.left), (1, c.right)):
            seen = pixel_at(frame, [x + side * 0.1, strip_mid])
            expected = rgb(LINES.colors[cls])
            assert np.abs(seen - expected).max() <= 12, (c, side, seen, expected)
        # above the strip, beside the marker line, is background
        assert np.abs(pixel_at(frame, [x + 0.1, scene.regions[0].get_top()[1] + 0.15]) - BACKGROUND).max() <= 12


EDGES = Path(__file__).parent / "fixtures" / "params"


@pytest.mark.parametrize("edge", ["edges_many", "edges_few"])
def test_edge_parameters_stay_in_frame_readable_and_apart(edge):
    """The supported extremes (six classes with long names, wide ranges; the fewest classes) still lay out."""
    scene = harness.scene(ClassRegions1D, EDGES / f"{edge}.toml")
    lines = load_params(EDGES / f"{edge}.toml").lines
    assert scene.params == lines
    assert_in_frame(scene.mobjects)
    assert_never_off_frame(scene)
    assert_text_sizes(scene)
    assert_no_overlap([scene.title, scene.plot], scene)
    assert_no_overlap([scene.title, scene.equations], scene)
    plot_right = max(scene.plot.line_labels.get_right()[0], scene.number_line.get_right()[0])
    assert plot_right < scene.equations.get_left()[0]
    assert plot_right < min(r.get_left()[0] for r in scene.readouts)
    assert [s.key for s in scene.spoken].count("sample") == len(lines.samples)
    intervals = class_intervals(lines.weights, lines.biases, lines.x_range)
    assert [r.interval for r in scene.regions] == intervals


# at 2 and 4 classes in every table: drawn and readable, or left out (tests/class_counts.py)
test_drawn_at_two_and_four_classes_or_left_out = class_count_test("ClassRegions1D")
