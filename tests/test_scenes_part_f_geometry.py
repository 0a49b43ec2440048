"""Part F scenes "Softmax in 3D" and "The probability simplex": mobjects against the math, pixels in stills."""

from pathlib import Path

import harness
import numpy as np
import pytest
from class_counts import class_count_test
from harness import (
    BACKGROUND,
    HALF_PIXEL_1080P,
    assert_never_off_frame,
    assert_no_overlap,
    assert_text_sizes,
    build,
    inside_frame,
    pixel_at,
    rgb,
    still,
)
from scipy.spatial import cKDTree

from softmax_anim import format_number, format_probabilities, softmax
from softmax_anim.activations import sigmoid
from softmax_anim.params import lecture_params, load_params
from softmax_anim.simplex import SIMPLEX_CORNERS, argmax_regions, path_temperature, simplex_point, temperature_path
from softmax_anim.surfaces import anchor_logits, slice_argmax_cells, slice_probabilities, two_class_probability

LOGITS = np.array(lecture_params().logits.values)


@pytest.fixture(scope="module")
def simplex_scene():
    return harness.scene("ProbabilitySimplex")


@pytest.fixture(scope="module")
def surfaces_scene():
    return harness.scene("SoftmaxSurfaces3D")


def _blend(hex_color, opacity):
    return (1 - opacity) * BACKGROUND + opacity * rgb(hex_color)


# --- The probability simplex ---------------------------------------------------------------------


def test_simplex_corners_are_the_math_corners(simplex_scene):
    tri = simplex_scene.triangle
    vertices = tri.outline.get_vertices()
    for k in range(3):
        expected = tri.center_point + tri.radius * np.append(SIMPLEX_CORNERS[k], 0.0)
        assert np.linalg.norm(vertices[k] - expected) < HALF_PIXEL_1080P
        assert np.linalg.norm(tri.corner_dots[k].get_center() - expected) < HALF_PIXEL_1080P


def test_simplex_point_is_the_softmax_image_at_the_final_temperature(simplex_scene):
    s = simplex_scene.path_tracker.get_value()
    p = temperature_path(LOGITS, path_temperature(s))
    expected = simplex_scene.triangle.c2p(simplex_point(p))
    assert np.linalg.norm(simplex_scene.point.get_center() - expected) < HALF_PIXEL_1080P
    shown = [f"{float(m.get_value()):.2f}" for m in simplex_scene.prob_labels]
    assert shown == format_probabilities(p, max_decimals=2)  # updated every frame: one precision


def test_adding_a_constant_leaves_the_point_in_place(simplex_scene):
    point = simplex_scene.point
    before = point.get_center().copy()
    try:
        for c in (-7.5, 0.3, 12.0):
            simplex_scene.shift_tracker.set_value(c)
            point.update()
            simplex_scene.update_table()
            assert np.linalg.norm(point.get_center() - before) < 1e-9
            shown = [f"{float(m.get_value()):.2f}" for m in simplex_scene.logit_labels]
            assert shown == [format_number(v) for v in LOGITS + c]
    finally:
        simplex_scene.shift_tracker.set_value(0.0)
        point.update()
        simplex_scene.update_table()


def test_the_shift_beat_really_moves_the_logits(simplex_scene):
    assert any(c != 0 for c in simplex_scene.shift_values)


def test_temperature_path_runs_exactly_from_the_corner_to_the_centre(simplex_scene):
    tri, path = simplex_scene.triangle, simplex_scene.path
    anchors = path.get_anchors()
    winner = int(np.argmax(LOGITS))
    assert np.linalg.norm(anchors[0] - tri.corner(winner)) < 1e-12
    assert np.linalg.norm(anchors[-1] - tri.c2p((0.0, 0.0))) < 1e-12
    # Every drawn point lies on the exact path (dense samples of softmax(z, T)).
    s = np.linspace(0, 1, 20001)
    exact = np.array([tri.c2p(q) for q in simplex_point(temperature_path(LOGITS, path_temperature(s)))])
    dist, _ = cKDTree(exact[:, :2]).query(path.points[:, :2])  # distance of each drawn point to the nearest sample
    assert dist.max() < HALF_PIXEL_1080P


def test_argmax_regions_are_the_math_regions(simplex_scene):
    tri = simplex_scene.triangle
    for polygon, cell in zip(simplex_scene.regions, argmax_regions()):
        expected = np.array([tri.c2p(v) for v in cell.vertices])
        np.testing.assert_allclose(polygon.get_vertices(), expected, atol=HALF_PIXEL_1080P)


def test_table_columns_are_centred_and_everything_is_inside_the_frame(simplex_scene):
    names = simplex_scene.table[0]
    for k in range(3):
        xs = [names[k].get_x(), simplex_scene.logit_labels[k].get_x(), simplex_scene.prob_labels[k].get_x()]
        assert max(xs) - min(xs) < HALF_PIXEL_1080P
    for mob in (simplex_scene.title, simplex_scene.table, simplex_scene.triangle, simplex_scene.formula,
                simplex_scene.temp_row, simplex_scene.path_ends):
        assert inside_frame(mob)
    assert_never_off_frame(simplex_scene)
    # The table does not reach the triangle.
    assert simplex_scene.table.get_right()[0] < simplex_scene.triangle.get_left()[0]


@pytest.mark.parametrize("built", ["simplex_scene", "surfaces_scene"])
def test_every_text_is_at_least_the_footnote_size(request, built):
    assert_text_sizes(request.getfixturevalue(built))


def test_simplex_still_shows_each_region_in_its_class_colour(simplex_scene):
    scene, frame = simplex_scene, still(simplex_scene)
    tri = scene.triangle
    colors = lecture_params().logits.colors
    for k, cell in enumerate(argmax_regions()):
        inside = cell.vertices.mean(axis=0)
        if k == int(np.argmax(LOGITS)):  # the path runs through the middle: take the right half's centroid
            right = cell.vertices[np.argmax(cell.vertices[:, 0])]
            inside = (SIMPLEX_CORNERS[k] + right) / 3
        np.testing.assert_allclose(pixel_at(frame, tri.c2p(inside)), _blend(colors[k], 0.35), atol=14)
    # Across the boundary between regions 1 and 2 (below the centre), the colour changes.
    below = tri.c2p((0.0, -0.3))
    step = 0.1 * tri.radius * np.array([1.0, 0, 0])
    np.testing.assert_allclose(pixel_at(frame, below - step), _blend(colors[1], 0.35), atol=14)
    np.testing.assert_allclose(pixel_at(frame, below + step), _blend(colors[2], 0.35), atol=14)
    # Outside the triangle: background.
    np.testing.assert_allclose(pixel_at(frame, tri.c2p((0.9, 0.6))), BACKGROUND, atol=6)


def test_three_class_scenes_refuse_other_than_three_classes(tmp_path, scene_media_dir):
    from scenes.part_f_simplex import ProbabilitySimplex

    override = tmp_path / "four.toml"
    override.write_text(
        '[logits]\nnames = ["a", "b", "c", "d"]\ncolors = ["blue", "red", "green", "purple"]\n'
        "values = [1.0, 2.0, 3.0, 4.0]\nnegative_example = [1.0, -1.0, 0.0, 0.5]\n"
    )
    with pytest.raises(SystemExit, match="logits.names") as stop:
        build(ProbabilitySimplex, scene_media_dir, params_file=override)
    assert stop.value.code == 2
    # the 3D surfaces stop the same way at four classes (they used to skip their three-class part silently)
    from scenes.part_f_surfaces import SoftmaxSurfaces3D

    with pytest.raises(SystemExit, match="logits.names.*SoftmaxSurfaces3D is drawn for 2 or 3 classes, got 4") as stop:
        build(SoftmaxSurfaces3D, scene_media_dir, params_file=override)
    assert stop.value.code == 2


# --- Softmax in 3D ---------------------------------------------------------------------------------


def _heights_of(axes, points):
    """Data coordinates (u, v, height) of scene points on the axes."""
    return np.array([axes.p2c(p) for p in points])


def _assert_on_graph(axes, points, height):
    coords = _heights_of(axes, points)
    expected = np.array([axes.c2p(u, v, height(u, v)) for u, v, _ in coords])
    assert np.max(np.linalg.norm(points - expected, axis=1)) < HALF_PIXEL_1080P


def test_two_class_surface_is_softmax_and_the_sigmoid_of_the_difference(surfaces_scene):
    surface = surfaces_scene.get_two_class_surface()
    axes = surfaces_scene.axes
    for curve in [*surface.u_curves, *surface.v_curves]:
        anchors = curve.get_anchors()
        _assert_on_graph(axes, anchors, lambda u, v: float(two_class_probability(u, v)))
        _assert_on_graph(axes, anchors, lambda u, v: float(sigmoid(u - v)))
    for face in surface.fill[:: 37]:
        _assert_on_graph(axes, face.get_anchors(), lambda u, v: float(two_class_probability(u, v)))
    assert len(surface.u_curves) == surfaces_scene.resolution[1] + 1


def test_cross_section_is_the_sigmoid_and_lies_on_the_surface(surfaces_scene):
    axes, c = surfaces_scene.axes, surfaces_scene.cut_tracker.get_value()
    points = surfaces_scene.cross_section.get_anchors()
    coords = _heights_of(axes, points)
    np.testing.assert_allclose(coords[:, 1], c, atol=1e-9)
    _assert_on_graph(axes, points, lambda u, v: float(sigmoid(u - v)))
    _assert_on_graph(axes, points, lambda u, v: float(two_class_probability(u, v)))
    assert coords[0, 0] == pytest.approx(surfaces_scene.logit_range[0])
    assert coords[-1, 0] == pytest.approx(surfaces_scene.logit_range[1])


def test_three_surfaces_are_the_slice_probabilities_and_add_up_to_one(surfaces_scene):
    axes = surfaces_scene.axes
    total = 0
    for k, surface in enumerate(surfaces_scene.surfaces):
        for curve in [*surface.u_curves[::4], *surface.v_curves[::4]]:
            _assert_on_graph(axes, curve.get_anchors(), lambda u, v, k=k: float(slice_probabilities(u, v)[k]))
        total = total + surface.heights
    np.testing.assert_allclose(total, 1.0)


def test_example_dots_sit_at_the_lectures_probabilities(surfaces_scene):
    axes = surfaces_scene.axes
    z = anchor_logits(LOGITS)
    p = softmax(LOGITS)
    for k, dot in enumerate(surfaces_scene.example_dots):
        assert np.linalg.norm(dot.get_center() - axes.c2p(z[0], z[1], p[k])) < HALF_PIXEL_1080P
    shown = [f"{float(m.get_value()):.2f}" for m in surfaces_scene.example_values]
    assert shown == format_probabilities(p)
    for value, name in zip(surfaces_scene.example_values, surfaces_scene.legend):
        assert abs(value.get_y() - name.get_y()) < 0.1


def test_floor_regions_are_the_exact_argmax_cells(surfaces_scene):
    axes = surfaces_scene.axes
    cells = [c for c in slice_argmax_cells(surfaces_scene.logit_range, surfaces_scene.logit_range) if not c.is_empty]
    assert len(cells) == len(surfaces_scene.floor_regions) == 3
    for polygon, cell in zip(surfaces_scene.floor_regions, cells):
        expected = np.array([axes.c2p(x, y, 0) for x, y in cell.vertices])
        np.testing.assert_allclose(polygon.get_vertices(), expected, atol=HALF_PIXEL_1080P)


def test_surfaces_scene_sections_and_fixed_texts_inside_the_frame(surfaces_scene):
    for mob in (surfaces_scene.title, surfaces_scene.slice_note, surfaces_scene.legend,
                surfaces_scene.example_values):
        assert inside_frame(mob)
    assert surfaces_scene.legend.get_bottom()[1] > surfaces_scene.example_values.get_bottom()[1] - 0.2


def test_surfaces_still_shows_the_example_dots_in_class_colours(surfaces_scene):
    scene, frame = surfaces_scene, still(surfaces_scene)
    camera = scene.renderer.camera
    colors = lecture_params().logits.colors
    for k, dot in enumerate(scene.example_dots):
        on_screen = camera.project_point(dot.get_center())
        np.testing.assert_allclose(pixel_at(frame, on_screen), rgb(colors[k]), atol=40)
    # A corner of the frame, away from every mobject, is background.
    np.testing.assert_allclose(pixel_at(frame, [-6.8, -3.7, 0]), BACKGROUND, atol=6)


def test_surfaces_readouts_stay_pinned_to_the_frame(surfaces_scene):
    # A DecimalNumber rebuilds its digits on every set_value; unpinned digits would be drawn in 3D space.
    pinned = surfaces_scene.renderer.camera.fixed_in_frame_mobjects
    for mob in (surfaces_scene.cut_readout, surfaces_scene.title):
        assert all(m in pinned for m in mob.get_family())


# --- Narration and the three-class edge file ---------------------------------------------------------

EDGE_THREE = Path(__file__).parent / "fixtures" / "params" / "edges_three.toml"


@pytest.mark.parametrize("built", ["simplex_scene", "surfaces_scene"])
def test_every_line_is_spoken_once_in_order_without_overlap(request, built):
    scene = request.getfixturevalue(built)
    assert [line.key for line in scene.spoken] == list(scene.script.tables[type(scene).__name__])
    for a, b in zip(scene.spoken, scene.spoken[1:]):
        assert b.start >= a.end - 1e-9, (a.key, b.key)
    speech = sum(line.duration for line in scene.spoken)
    assert 20 <= speech <= scene.renderer.time <= speech + 1.5 * len(scene.spoken) + 12


def test_spoken_numbers_are_the_numbers_on_screen(simplex_scene, surfaces_scene):
    probs = format_probabilities(softmax(LOGITS))
    point = next(line.text for line in simplex_scene.spoken if line.key == "point")
    assert ", ".join(probs[:-1]) + " and " + probs[-1] in point
    z = anchor_logits(LOGITS)
    shown = format_probabilities(slice_probabilities(z[0], z[1]))
    example = next(line.text for line in surfaces_scene.spoken if line.key == "example")
    assert ", ".join(shown[:-1]) + " and " + shown[-1] in example
    assert [format_number(v.get_value()) for v in surfaces_scene.example_values] == [
        format_number(float(t)) for t in shown
    ]


def test_simplex_at_the_three_class_edges():
    s = harness.scene("ProbabilitySimplex", EDGE_THREE)
    for mob in (s.title, s.table, s.triangle, s.formula, s.temp_row, s.path_ends):
        assert inside_frame(mob)
    assert_never_off_frame(s)
    assert_text_sizes(s)
    # Long names reach left of the table's right edge, but below it.
    assert_no_overlap([s.table, s.triangle.outline, *s.triangle.corner_labels], s)
    assert_no_overlap([*s.triangle.corner_labels, *s.path_ends], s)
    assert_no_overlap([s.title, s.formula, s.table], s)
    names = s.table[0]
    for k in range(3):
        xs = [names[k].get_x(), s.logit_labels[k].get_x(), s.prob_labels[k].get_x()]
        assert max(xs) - min(xs) < HALF_PIXEL_1080P
    p = temperature_path(np.array(load_params(EDGE_THREE).logits.values), s.temperature())  # where the path ends
    np.testing.assert_allclose(s.point.get_center(), s.triangle.p2p(p), atol=HALF_PIXEL_1080P)


def test_surfaces_at_the_three_class_edges(scene_media_dir):
    from scenes.part_f_surfaces import SoftmaxSurfaces3D

    class SmallSurfaces(SoftmaxSurfaces3D):
        resolution = (6, 6)
        curve_samples = 24
        narration_table = "SoftmaxSurfaces3D"

    s = build(SmallSurfaces, scene_media_dir, params_file=EDGE_THREE)
    for mob in (s.title, s.slice_note, s.legend, s.example_values):
        assert inside_frame(mob)
    assert_text_sizes(s)
    assert_no_overlap([s.title, s.slice_note], s)
    assert_no_overlap([*s.legend, *s.example_values], s)
    z = anchor_logits(np.array(load_params(EDGE_THREE).logits.values))
    p = slice_probabilities(z[0], z[1])
    for k, dot in enumerate(s.example_dots):
        np.testing.assert_allclose(dot.get_center(), s.axes.c2p(z[0], z[1], p[k]), atol=HALF_PIXEL_1080P)


@pytest.mark.parametrize("edge", ["edges_few"])  # the id keeps it on the worker that builds edges_few
def test_two_class_surfaces_end_with_the_sigmoid_on_the_surface(edge):
    s = harness.scene("SoftmaxSurfaces3D", EDGE_THREE.with_name(f"{edge}.toml"))
    assert s.names == ("yes", "no")
    assert s.section_names == ["Two classes", "Sigmoid cross-section"]
    assert [line.key for line in s.spoken] == ["two_classes", "height", "near_one", "cut", "shift"]
    assert "Two classes, yes and no" in s.spoken[0].text
    assert s.two_class_surface in s.mobjects and s.cross_section in s.mobjects and not hasattr(s, "surfaces")
    test_cross_section_is_the_sigmoid_and_lies_on_the_surface(s)


# at 2 and 4 classes in every table: drawn and readable, or left out (tests/class_counts.py)
test_drawn_at_two_and_four_classes_or_left_out = class_count_test(
    "SoftmaxSurfaces3D", "ProbabilitySimplex"
)
