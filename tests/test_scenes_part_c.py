"""Part C: index arrays, argmax, and lines -> softmax -> argmax against the 1D regions."""

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

from scenes.kit.arrays import IndexArray
from scenes.part_c_argmax import ArgmaxOnArrays, LinesSoftmaxArgmax
from softmax_anim import argmax, format_number, format_probabilities, line_values, softmax
from softmax_anim.params import load_params
from softmax_anim.regions import class_intervals

PARAMS = load_params()
LINES = PARAMS.lines


def build_with_frame(scene_cls):
    """The scene built once for the test process, and its last frame at 960 x 540."""
    scene = harness.scene(scene_cls)
    return scene, still(scene, 960, 540)


@pytest.fixture(scope="module")
def arrays_built():
    return build_with_frame(ArgmaxOnArrays)


@pytest.fixture(scope="module")
def pipeline_built():
    return build_with_frame(LinesSoftmaxArgmax)


def assert_indices_centred(array: IndexArray):
    assert [m.tex_string for m in array.indices] == [str(i) for i in range(array.size)]
    for i in range(array.size):
        cell_x = array.cells[i].get_center()[0]
        assert abs(array.indices[i].get_center()[0] - cell_x) <= HALF_PIXEL_1080P
        assert abs(array.values[i].get_center()[0] - cell_x) <= HALF_PIXEL_1080P
        assert array.indices[i].get_bottom()[1] > array.cells[i].get_top()[1]  # above, not on, the cell


# --- the IndexArray mobject -------------------------------------------------

WIDTHS = {
    "narrow": "0.1",
    "wide": "-12.75",
    "mixed": None,
}


@pytest.mark.parametrize("length", [3, 10], ids=["len3", "len10"])
@pytest.mark.parametrize("width", list(WIDTHS), ids=list(WIDTHS))
def test_index_labels_are_centred_over_their_cells(length, width):
    texts = [WIDTHS[width] or ("0.1", "-12.75", "3")[k % 3] for k in range(length)]
    array = IndexArray(texts)
    assert array.size == length and array.texts == tuple(texts)
    assert_indices_centred(array)
    widths = [c.width for c in array.cells]
    assert max(widths) - min(widths) < 1e-9  # equal cells
    for left, right in zip(array.cells[:-1], array.cells[1:]):
        assert abs(left.get_right()[0] - right.get_left()[0]) < 1e-9  # no gaps, no overlaps


def test_index_labels_stay_centred_when_the_array_is_scaled_and_moved():
    array = IndexArray(["-12.75"] * 10 + ["0.1"], max_width=8.0).shift(2.3 * np.array([1.0, -0.4, 0.0]))
    assert array.width <= 8.0 + 1e-9
    assert_indices_centred(array)


def test_a_row_too_wide_narrows_its_cells_before_shrinking_its_text():
    from scenes.kit.text import BODY, LABEL

    array = IndexArray(["-12.75"] * 10, padding=0.18, max_width=13.4)
    assert array.width <= 13.4 + 1e-9
    assert all(v.font_size == pytest.approx(BODY) for v in array.values)  # no scaling: the padding gave way
    assert all(i.font_size == pytest.approx(LABEL) for i in array.indices)
    assert_indices_centred(array)
    squeezed = IndexArray(["-12.75"] * 12, padding=0.18, min_padding=0.08, max_width=13.4)
    assert squeezed.width == pytest.approx(13.4)
    assert squeezed.values[0].font_size < BODY  # past min_padding, the whole array is scaled


def test_highlight_surrounds_cell_and_index():
    array = IndexArray(["0.1", "-12.75", "3.00"])
    frame = array.highlight(1)
    assert abs(frame.get_center()[0] - array.cells[1].get_center()[0]) <= HALF_PIXEL_1080P
    assert frame.get_top()[1] > array.indices[1].get_top()[1]
    assert frame.get_bottom()[1] < array.cells[1].get_bottom()[1]
    assert frame.get_left()[0] < array.cells[1].get_left()[0] < array.cells[0].get_right()[0] + 1e-9


def test_index_array_rejects_empty():
    with pytest.raises(ValueError, match="at least one value"):
        IndexArray([])


# --- ArgmaxOnArrays -----------------------------------------------------------


def test_arrays_scene_shows_lengths_3_and_10(arrays_built):
    scene, _ = arrays_built
    assert [a.size for a in scene.arrays] == [3, 10, len(PARAMS.argmax_arrays.tie_values)]
    texts = scene.arrays[1].texts
    assert "0.10" in texts and "-12.75" in texts  # narrow and wide numbers together
    assert 20 <= scene.renderer.time <= 60


def test_arrays_scene_indices_centred_and_argmax_framed(arrays_built):
    scene, _ = arrays_built
    sources = [PARAMS.logits.values, PARAMS.argmax_arrays.long_values, PARAMS.argmax_arrays.tie_values]
    shown = zip(scene.arrays, sources, scene.winners, scene.frames, scene.captions)
    for array, values, winner, frame, caption in shown:
        assert array.texts == tuple(format_number(v) for v in values)
        assert winner == argmax(values)
        assert_indices_centred(array)
        cell_x = array.cells[winner].get_center()[0]
        assert abs(frame.get_center()[0] - cell_x) <= HALF_PIXEL_1080P
        assert abs(caption.get_center()[0] - cell_x) <= HALF_PIXEL_1080P
        assert caption.tex_string.endswith(f"= {winner}")
    assert scene.winners[2] == 1  # the tie goes to the lower index


def test_arrays_scene_fits_the_frame_without_overlap(arrays_built):
    scene, _ = arrays_built
    assert_in_frame(scene.mobjects)
    assert_never_off_frame(scene)
    blocks = [scene.title] + [b for k in range(3) for b in (scene.frames[k], scene.captions[k])]
    for upper, lower in zip(blocks, blocks[1:]):
        assert lower.get_top()[1] < upper.get_bottom()[1]
    assert scene.max_label.get_left()[0] > scene.captions[1].get_right()[0]


@pytest.mark.parametrize("built", ["arrays_built", "pipeline_built"])
def test_every_text_is_at_least_the_footnote_size(request, built):
    scene, _ = request.getfixturevalue(built)
    assert_text_sizes(scene)


def test_arrays_still_frames_only_the_argmax(arrays_built):
    scene, frame = arrays_built
    array, winner = scene.arrays[1], scene.winners[1]
    # the highlight's stroke: left of the winning cell's edge is yellow; the same place at another cell is not
    top = array.cells[winner].get_top()[1] - 0.15
    on_frame = pixel_at(frame, [scene.frames[1].get_left()[0] + 0.02, top])
    other = 0 if winner != 0 else 1
    off_frame = pixel_at(frame, [array.cells[other].get_left()[0] + 0.06, top])
    assert np.abs(on_frame - rgb("#FFD166")).max() <= 40, on_frame
    assert np.abs(off_frame - BACKGROUND).max() <= 12, off_frame


# --- LinesSoftmaxArgmax ---------------------------------------------------------


def test_pipeline_runs_every_sample(pipeline_built):
    scene, _ = pipeline_built
    assert [s.x for s in scene.steps] == list(LINES.samples)
    assert 20 <= scene.renderer.time <= 60


@pytest.mark.parametrize("k", range(len(LINES.samples)), ids=[f"x={x}" for x in LINES.samples])
def test_chosen_index_is_the_class_of_the_region_containing_x(pipeline_built, k):
    scene, _ = pipeline_built
    step = scene.steps[k]
    z = line_values(LINES.weights, LINES.biases, step.x)
    p = softmax(z)
    region = next(a for a in class_intervals(LINES.weights, LINES.biases, LINES.x_range) if a.start <= step.x <= a.end)
    assert step.chosen == region.winner == int(np.argmax(z)) == int(np.argmax(p))  # softmax keeps the argmax
    assert step.region.interval == region
    assert step.z_array.texts == tuple(format_number(v) for v in z)
    assert step.p_array.texts == tuple(format_probabilities(p))
    assert_indices_centred(step.z_array)
    assert_indices_centred(step.p_array)
    for array, frame in ((step.z_array, step.z_frame), (step.p_array, step.p_frame)):
        assert abs(frame.get_center()[0] - array.cells[step.chosen].get_center()[0]) <= HALF_PIXEL_1080P
    assert step.class_label.winner == step.chosen
    assert step.class_label.box.get_fill_color().to_hex() == step.region.get_fill_color().to_hex()
    assert step.class_label.text.tex_string.endswith(f"{step.chosen}: {LINES.names[step.chosen]}}}")


def test_pipeline_plot_regions_and_lines_are_exact(pipeline_built):
    scene, _ = pipeline_built
    axes, lo, hi = scene.plot.axes, *LINES.x_range
    z = line_values(LINES.weights, LINES.biases, [lo, hi])
    for i, line in enumerate(scene.plot.lines):
        np.testing.assert_allclose(line.get_start()[:2], axes.c2p(lo, z[0, i])[:2], atol=HALF_PIXEL_1080P)
        np.testing.assert_allclose(line.get_end()[:2], axes.c2p(hi, z[1, i])[:2], atol=HALF_PIXEL_1080P)
    for region in scene.plot.regions:
        assert abs(region.points[:, 0].min() - axes.c2p(region.interval.start, 0)[0]) <= HALF_PIXEL_1080P
        assert abs(region.points[:, 0].max() - axes.c2p(region.interval.end, 0)[0]) <= HALF_PIXEL_1080P


def test_pipeline_fits_the_frame_and_panel_clears_plot(pipeline_built):
    scene, _ = pipeline_built
    assert_in_frame(scene.mobjects)
    assert_never_off_frame(scene)
    assert_no_overlap([scene.title, scene.plot], scene)
    assert_no_overlap([scene.title, scene.labels], scene)
    plot_right = scene.plot.get_right()[0]
    for step in scene.steps:
        assert plot_right < min(step.z_array.get_left()[0], step.p_array.get_left()[0], scene.labels.get_left()[0])
        assert step.z_frame.get_bottom()[1] > scene.softmax_arrow.get_top()[1]
        assert step.p_array.get_top()[1] < scene.softmax_arrow.get_bottom()[1] + 0.3
        assert step.p_frame.get_bottom()[1] > scene.argmax_arrow.get_top()[1]


def test_pipeline_still_colours_match_across_boundaries_and_the_class_box(pipeline_built):
    scene, frame = pipeline_built
    plot = scene.plot
    strip_mid = plot.regions[0].get_center()[1]
    for region in plot.regions:
        c = region.interval
        for x in (c.start, c.end):
            if x in LINES.x_range:
                continue
            inside = pixel_at(frame, [plot.axes.c2p(x, 0)[0] + (0.08 if x == c.start else -0.08), strip_mid])
            assert np.abs(inside - rgb(LINES.colors[c.winner])).max() <= 12, (c, x, inside)
    step = scene.steps[-1]
    box = step.class_label.box
    inside_box = pixel_at(frame, [box.get_left()[0] + 0.12, box.get_center()[1]])
    blends = [0.35 * rgb(c) + 0.65 * BACKGROUND for c in LINES.colors]
    nearest = int(np.argmin([np.abs(inside_box - b).sum() for b in blends]))
    assert nearest == step.chosen, inside_box


# --- narration ------------------------------------------------------------------


def assert_lines_never_overlap_or_leave_silence(scene):
    """Lines follow each other after the pause; no silent stretch (the tests' 1 fps rounds plays up to 1 s)."""
    from scenes.kit.narration import NarratedScene

    for prev, nxt in zip(scene.spoken, scene.spoken[1:]):
        assert nxt.start >= prev.end + NarratedScene.pause - 1e-9, (prev.key, nxt.key)
        assert nxt.start - prev.end <= NarratedScene.pause + 2, (prev.key, nxt.key)
    assert scene.renderer.time - scene.spoken[-1].end <= NarratedScene.pause + 2 + NarratedScene.final_hold_time


def test_arrays_scene_speaks_every_line_with_the_numbers_on_screen(arrays_built):
    scene, _ = arrays_built
    assert [s.key for s in scene.spoken] == scene.script.keys("ArgmaxOnArrays")
    assert_lines_never_overlap_or_leave_silence(scene)
    said = {s.key: s.text for s in scene.spoken}
    first, long_ = scene.arrays[0], scene.arrays[1]
    assert f"{first.texts[scene.winners[0]]}, at index {scene.winners[0]}" in said["result_scores"]
    assert f"Now {long_.size} values" in said["intro_long"]
    value, index = long_.texts[scene.winners[1]], scene.winners[1]
    assert said["max_vs_argmax"].endswith(f"{value}; argmax gives where it is, {index}.")
    assert said["result_tie"].endswith(f"index, {scene.winners[2]}.")


def test_arrays_fill_the_frame_below_the_title(arrays_built):
    scene, _ = arrays_built
    assert scene.captions[-1].get_bottom()[1] < -3.0  # the lower half is used, not left empty
    assert all(a.values[0].font_size > 38 for a in scene.arrays[::2])  # short arrays larger than body text


def test_pipeline_speaks_every_line_once_per_input(pipeline_built):
    scene, _ = pipeline_built
    keys = [s.key for s in scene.spoken]
    assert set(keys) == set(scene.script.keys("LinesSoftmaxArgmax"))
    assert keys.count("next_input") == keys.count("next_result") == len(LINES.samples) - 1
    assert keys[0] == "recap" and keys[-1] == "same_argmax"
    assert_lines_never_overlap_or_leave_silence(scene)
    inputs = [s.text for s in scene.spoken if s.key in ("first_input", "next_input")]
    assert len(inputs) == len(LINES.samples)
    assert all(t.endswith(f"x equal to {format_number(x)}.") for t, x in zip(inputs, LINES.samples))
    results = [s.text for s in scene.spoken if s.key in ("region", "next_result")]
    for text, step in zip(results, scene.steps, strict=True):
        assert f"index {step.chosen}" in text.lower() and LINES.names[step.chosen] in text


EDGES = Path(__file__).parent / "fixtures" / "params"


@pytest.mark.parametrize("edge", ["edges_many", "edges_few"])
def test_arrays_scene_at_the_edge_parameters(edge):
    """Twelve values of +-999.99 (or the fewest) stay in frame, readable, centred and stacked apart."""
    scene = harness.scene(ArgmaxOnArrays, EDGES / f"{edge}.toml")
    params = load_params(EDGES / f"{edge}.toml")
    assert scene.arrays[1].texts == tuple(format_number(v) for v in params.argmax_arrays.long_values)
    assert_in_frame(scene.mobjects)
    assert_never_off_frame(scene)
    assert_text_sizes(scene)
    for array in scene.arrays:
        assert_indices_centred(array)
    blocks = [scene.title] + [b for k in range(3) for b in (scene.frames[k], scene.captions[k])]
    for upper, lower in zip(blocks, blocks[1:]):
        assert lower.get_top()[1] < upper.get_bottom()[1]
    assert_no_overlap([scene.max_label, scene.arrays[2], scene.frames[1]], scene)


@pytest.mark.parametrize("edge", ["edges_many", "edges_few"])
def test_pipeline_at_the_edge_parameters(edge):
    """Six classes with long names and wide values (or the fewest): the panel stays in frame and clear of the plot."""
    scene = harness.scene(LinesSoftmaxArgmax, EDGES / f"{edge}.toml")
    lines = load_params(EDGES / f"{edge}.toml").lines
    assert [s.x for s in scene.steps] == list(lines.samples)
    assert_in_frame(scene.mobjects)
    assert_never_off_frame(scene)
    assert_text_sizes(scene)
    assert_no_overlap([scene.title, scene.plot], scene)
    assert_no_overlap([scene.title, scene.labels], scene)
    plot_right = scene.plot.get_right()[0]
    for step in scene.steps:
        assert_indices_centred(step.z_array)
        assert_indices_centred(step.p_array)
        assert plot_right < min(step.z_array.get_left()[0], step.p_array.get_left()[0], scene.labels.get_left()[0])
        assert step.z_frame.get_bottom()[1] > scene.softmax_arrow.get_top()[1]
        assert step.p_frame.get_bottom()[1] > scene.argmax_arrow.get_top()[1]
        assert_no_overlap([step.class_label, step.p_frame], scene)


# at 2 and 4 classes in every table: drawn and readable, or left out (tests/class_counts.py)
test_drawn_at_two_and_four_classes_or_left_out = class_count_test(
    "ArgmaxOnArrays", "LinesSoftmaxArgmax"
)
