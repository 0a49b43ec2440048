"""Part D, built in-process: every connector touches both shapes' outlines, and the numbers are the math package's."""

from __future__ import annotations

import harness
import numpy as np
import pytest
from class_counts import class_count_test
from harness import (
    BACKGROUND,
    HALF_PIXEL_1080P,
    assert_in_frame,
    assert_never_off_frame,
    assert_text_sizes,
    build,
    inside_frame,
    pixel_at,
    rgb,
    still,
)
from manim import Circle, Rectangle

from scenes.kit.diagram import ArrowConnector, LineConnector, affine_tex, shape_of
from scenes.part_d_classifier_diagram import ClassifierDiagram
from softmax_anim import BoxShape, CircleShape, format_number, format_probabilities, line_values, softmax
from softmax_anim.params import load_params


class _Recorded(ClassifierDiagram):
    """The lecture's scene, noting how opaque the previous input's results are when each later result is told."""

    def voiceover(self, key: str, **values: object):  # type: ignore[override]
        if key == "next_result":
            labels = {k: self.value_labels[k].family_members_with_points() for k in ("p", "argmax", "class")}
            self.stale_opacity.append({k: max(m.get_fill_opacity() for m in ms) for k, ms in labels.items()})
        return super().voiceover(key, **values)

    def construct(self) -> None:
        self.stale_opacity: list[dict[str, float]] = []
        super().construct()


@pytest.fixture(scope="module")
def scene():
    return harness.scene(_Recorded)


def _outline_gap(mob, point: np.ndarray) -> float:
    """Distance from ``point`` to the outline of a Circle or Rectangle, from the mobject's own geometry."""
    c = mob.get_center()[:2]
    d = point[:2] - c
    if isinstance(mob, Circle):
        return abs(np.hypot(*d) - mob.width / 2)
    assert isinstance(mob, Rectangle)
    hw, hh = mob.width / 2, mob.height / 2
    outside = np.hypot(max(abs(d[0]) - hw, 0), max(abs(d[1]) - hh, 0))
    inside = min(hw - abs(d[0]), hh - abs(d[1]))
    return outside if outside > 0 else inside


def _off_centre_line(a, b, point) -> float:
    ca, cb = a.get_center()[:2], b.get_center()[:2]
    u = (cb - ca) / np.linalg.norm(cb - ca)
    v = point[:2] - ca
    return abs(u[0] * v[1] - u[1] * v[0])  # distance from the centre line


def test_diagram_has_every_stage_and_connector(scene):
    n = len(scene.params.lines.weights)
    assert len(scene.units) == len(scene.prob_nodes) == n
    assert len(scene.connectors) == 4 * n + 1
    pairs = {(id(c.start_node), id(c.end_node)) for c in scene.connectors}
    assert (id(scene.input_node), id(scene.units[0])) in pairs
    assert (id(scene.argmax_node), id(scene.class_node)) in pairs
    for node in scene.nodes:
        assert any(node is c.start_node or node is c.end_node for c in scene.connectors)


def test_every_connector_starts_and_ends_on_its_shapes_outlines(scene):
    for c in scene.connectors:
        start, end = c.get_start(), c.get_end()
        assert _outline_gap(c.start_node, start) < HALF_PIXEL_1080P
        assert _outline_gap(c.end_node, end) < HALF_PIXEL_1080P


def test_every_connector_is_aimed_along_the_centre_line(scene):
    for c in scene.connectors:
        for point in (c.get_start(), c.get_end()):
            assert _off_centre_line(c.start_node, c.end_node, point) < HALF_PIXEL_1080P
        # It runs from source towards target.
        assert np.dot(c.get_end() - c.get_start(), c.end_node.get_center() - c.start_node.get_center()) > 0


def test_connectors_match_connector_endpoints(scene):
    from softmax_anim import connector_endpoints

    for c in scene.connectors:
        start, end = connector_endpoints(shape_of(c.start_node), shape_of(c.end_node))
        np.testing.assert_allclose(c.get_start()[:2], start, atol=HALF_PIXEL_1080P)
        np.testing.assert_allclose(c.get_end()[:2], end, atol=HALF_PIXEL_1080P)


def test_shapes_do_not_overlap_and_fit_the_frame(scene):
    assert all(inside_frame(n) for n in scene.nodes)
    boxes = [(n.get_corner([-1, -1, 0])[:2], n.get_corner([1, 1, 0])[:2]) for n in scene.nodes]
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            (alo, ahi), (blo, bhi) = boxes[a], boxes[b]
            assert (ahi < blo).any() or (bhi < alo).any(), f"nodes {a} and {b} overlap"
    assert_in_frame([scene.title, scene.summary, scene.columns])
    assert_in_frame(scene.mobjects)
    assert_never_off_frame(scene)  # the input's label above the leftmost node included


def test_every_text_is_at_least_the_footnote_size(scene):
    assert_text_sizes(scene)


def test_units_show_the_lecture_lines(scene):
    lines = scene.params.lines
    for i, unit in enumerate(scene.columns[1]):
        assert unit[1].tex_string == rf"z_{i} = {affine_tex(lines.weights[i], lines.biases[i])}"


def test_the_last_input_flows_through_with_its_real_numbers(scene):
    lines = scene.params.lines
    x = lines.samples[-1]
    z = line_values(lines.weights, lines.biases, x)
    p = softmax(z)
    assert scene.flow["x"] == x
    assert scene.flow["z"] == [format_number(v) for v in z]
    assert scene.flow["p"] == format_probabilities(p)
    assert scene.flow["winner"] == int(np.argmax(p)) == int(np.argmax(z))
    # The value labels on screen were transformed into the last input's numbers.
    shown = scene.get_flow_labels(x)
    for key in ("x", "argmax", "class"):
        np.testing.assert_allclose(scene.value_labels[key].get_center(), shown[key].get_center(), atol=HALF_PIXEL_1080P)
    assert format_number(x) in shown["x"].tex_string
    assert [m.tex_string for m in shown["p"]] == [rf"p_{i} = {t}" for i, t in enumerate(scene.flow["p"])]


def test_a_new_input_dims_the_previous_results_until_its_own_arrive(scene):
    from scenes.part_d_classifier_diagram import STALE_OPACITY

    assert len(scene.stale_opacity) == len(scene.params.lines.samples) - 1
    for seen in scene.stale_opacity:  # while the new scores are computed, the old p, argmax and class read as stale
        assert seen == pytest.approx({"p": STALE_OPACITY, "argmax": STALE_OPACITY, "class": STALE_OPACITY})
    labels = [*scene.value_labels["p"], scene.value_labels["argmax"], scene.value_labels["class"]]
    for label in labels:  # and the last input's results end fully drawn (a Transform pads with empty glyphs)
        assert max(m.get_fill_opacity() for m in label.family_members_with_points()) == 1


def test_one_section_per_input_and_a_sensible_duration(scene):
    names = scene.section_names
    samples = scene.params.lines.samples
    assert names[0] == "The diagram" and names[-1] == "Summary"
    for x in samples:
        assert f"Input x = {format_number(x)}" in names
    # Narrated: the scene lasts as long as its lines take (the silent voice in tests: reading time), plus the
    # pauses between them, the final hold and animations that outlast a line (at 1 fps every wait rounds up).
    speech = sum(line.duration for line in scene.spoken)
    assert 20 <= speech <= scene.renderer.time <= speech + 1.5 * len(scene.spoken) + 10


def test_the_pilot_speaks_every_line_of_its_table(scene):
    from lecture_voice import load_script
    from scenes.kit.narration import NARRATION_FILE, NarratedScene

    assert {s.key for s in scene.spoken} == set(load_script(NARRATION_FILE).keys("ClassifierDiagram"))
    subtitles = [s.content for s in scene.renderer.file_writer.subcaptions]
    assert [s.text for s in scene.spoken] == subtitles
    for prev, nxt in zip(scene.spoken, scene.spoken[1:]):
        assert nxt.start >= prev.end + NarratedScene.pause - 1e-9
    lines = scene.params.lines
    assert sum(s.key in ("first_input", "next_input") for s in scene.spoken) == len(lines.samples)


def test_affine_tex_signs():
    assert affine_tex(0.5, 1.0) == r"0.50\,x + 1.00"
    assert affine_tex(1.5, -1.0) == r"1.50\,x - 1.00"
    assert affine_tex(-1.0, -0.001) == r"-1.00\,x + 0.00"


def test_shape_of_reads_circles_and_rectangles():
    assert shape_of(Circle(radius=0.7).move_to([1, 2, 0])) == CircleShape((1.0, 2.0), pytest.approx(0.7))
    box = shape_of(Rectangle(width=2, height=1).move_to([-1, 0, 0]))
    assert isinstance(box, BoxShape) and box.center == (-1.0, 0.0) and box.width == pytest.approx(2)
    with pytest.raises(TypeError, match="Circles and Rectangles"):
        shape_of(ArrowConnector(Circle(), Circle().shift([3, 0, 0])))


@pytest.mark.parametrize("kind", [ArrowConnector, LineConnector], ids=["arrow", "line"])
def test_connector_kinds_touch_both_outlines(kind):
    a = Circle(radius=0.5).move_to([-2, 1, 0])
    b = Rectangle(width=1.5, height=0.8).move_to([2, -1, 0])
    c = kind(a, b)
    assert _outline_gap(a, c.get_start()) < 1e-9 and _outline_gap(b, c.get_end()) < 1e-9


def test_params_override_changes_the_flow(tmp_path, monkeypatch, scene_media_dir):
    override = tmp_path / "lines.toml"
    override.write_text("[lines]\nsamples = [1.25]\nbiases = [0.5, 0.0, -2.0]\n")
    monkeypatch.setenv("SOFTMAX_ANIM_PARAMS", str(override))
    params = load_params(override)

    class OneInput(ClassifierDiagram):
        pass

    s = build(OneInput, scene_media_dir)
    z = line_values(params.lines.weights, params.lines.biases, 1.25)
    assert s.flow["z"] == [format_number(v) for v in z]
    assert s.flow["winner"] == int(np.argmax(z))


def test_still_winner_box_is_filled_inside_and_background_outside(scene):
    frame = still(scene)
    winner = scene.flow["winner"]
    box = scene.prob_nodes[winner]
    colour = rgb(scene.params.lines.colors[winner])
    background = BACKGROUND
    fill = 0.35 * colour + 0.65 * background
    left_edge = box.get_left()
    inside = pixel_at(frame, left_edge + np.array([0.12, 0.2, 0]))
    outside = pixel_at(frame, left_edge + np.array([-0.12, 0.2, 0]))
    assert np.abs(inside - fill).max() < 25, (inside, fill)
    assert np.abs(outside - background).max() < 25, (outside, background)
    # The class node is filled with the winner's colour as well.
    class_pixel = pixel_at(frame, scene.class_node.get_center() + np.array([0, -0.45, 0]))
    assert np.abs(class_pixel - (0.8 * colour + 0.2 * background)).max() < 25


# at 2 and 4 classes in every table: drawn and readable, or left out (tests/class_counts.py)
test_drawn_at_two_and_four_classes_or_left_out = class_count_test("ClassifierDiagram")
