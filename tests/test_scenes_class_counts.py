"""Every lecture scene at 2 and 4 classes in every class table: drawn and readable, or left out on purpose.

The builds run in each scene's own test module (``tests/class_counts.py``, shared with its edge tests); this
module checks that every scene of the lecture is registered there and what the two files leave out.
"""

from __future__ import annotations

import importlib

import class_counts
from class_counts import EDGE_FILES, EDGES

from scenes import LECTURE
from softmax_anim.params import class_count_mismatch, load_params
from softmax_anim.params import class_counts as counts_of

MODULES = ("a", "b", "c", "d", "e", "f_geometry", "f_training", "g", "h")

LEFT_OUT = {
    "edges_few": {"ProbabilitySimplex", "TrainingLogitPaths"},  # a segment and a line: other pictures
    "edges_many": {"ProbabilitySimplex", "SoftmaxSurfaces3D", "TrainingLogitPaths"},  # a tetrahedron; 3D logits
}


def test_every_scene_is_checked_at_two_and_four_classes():
    for part in MODULES:
        importlib.import_module(f"test_scenes_part_{part}")
    assert class_counts.CHECKED == {entry.name for entry in LECTURE}


def test_what_two_and_four_classes_leave_out():
    for edge in EDGE_FILES:
        counts = counts_of(load_params(EDGES / f"{edge}.toml"))
        assert set(counts.values()) == {2 if edge == "edges_few" else 4}
        import harness

        left_out = {e.name for e in LECTURE if class_count_mismatch(harness.scene_class(e.name).class_counts, counts)}
        assert left_out == LEFT_OUT[edge]


def test_the_scenes_not_built_again_read_no_class_table():
    """Calibration (all ten digits) and attention (keys, not classes) are the same at every class count."""
    assert {e.name for e in LECTURE if not class_counts.reads_class_tables(e.name)} == {
        "CalibrationOnDigits", "AttentionWeights"}
