"""The class-count check each scene test module runs for its scenes: at 2 and at 4 classes in every class table,
a scene is drawn in frame and readable in every section, or left out as it declares.

``edges_few.toml`` holds 2 classes in ``[logits]``, ``[lines]`` and ``[digits]`` (digits 0 and 1: the widest
digit plane of any two), ``edges_many.toml`` 4 with the longest names; each module tests its scenes at the
lecture's 3. The check runs in the module that tests the scene, under a test id naming the file, so it shares
the build the module's own edge tests make (one build per scene and file: ``conftest.py`` keeps a module's
tests of one parameter file on one worker). A scene that reads no class table is the same at every count:
its default build is tested already, and it is not built again.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import harness
import pytest
from harness import (
    assert_in_frame,
    assert_no_overlap,
    assert_readable_in_every_section,
    assert_texts_apart,
    text_mobjects,
)
from manim import ThreeDScene

from scenes import LECTURE, SCENES_DIR
from softmax_anim.params import CLASS_LISTS, class_count_mismatch, class_counts, load_params

EDGES = Path(__file__).parent / "fixtures" / "params"
EDGE_FILES = ("edges_few", "edges_many")
CHECKED: set[str] = set()
"""The scenes a module registered with :func:`class_count_test` (tests/test_scenes_class_counts.py checks all are)."""


def reads_class_tables(name: str) -> bool:
    """Whether the scene's file reads a class table (``params.logits``, ``.lines``, ``.digits``).

    Its own file, not what it imports: every scene imports the parameters' module, which names every table.
    """
    entry = next(e for e in LECTURE if e.name == name)
    tree = ast.parse((SCENES_DIR / entry.file).read_text(encoding="utf-8"))
    return any(isinstance(node, ast.Attribute) and node.attr in CLASS_LISTS for node in ast.walk(tree))


def assert_drawn_or_left_out(name: str, edge: str, media: Path) -> None:
    """At ``edge``'s class counts, ``name`` is drawn readable in every section, or stops as one it does not draw."""
    path = EDGES / f"{edge}.toml"
    cls = harness.scene_class(name)
    mismatch = class_count_mismatch(cls.class_counts, class_counts(load_params(path)))
    if mismatch is not None:
        with pytest.raises(SystemExit, match=f"{mismatch[0]}.*{name} is {mismatch[1]}") as stop:
            harness.build(cls, media, params_file=path)
        assert stop.value.code == 2
        return
    if not reads_class_tables(name):
        return
    built = harness.scene(name, path)
    assert_readable_in_every_section(built)
    if isinstance(built, ThreeDScene):  # texts in space overlap only as projected: check those pinned to the frame
        pinned = [m for m in text_mobjects(built.mobjects) if m in built.renderer.camera.fixed_in_frame_mobjects]
        assert pinned
        assert_in_frame(pinned)
        assert_no_overlap(pinned, built)
    else:
        assert_texts_apart(built)


def class_count_test(*names: str) -> Any:
    """A test of ``names`` at 2 and 4 classes, for a scene test module to bind to a ``test_`` name."""
    CHECKED.update(names)

    @pytest.mark.parametrize("edge", EDGE_FILES)
    @pytest.mark.parametrize("name", names)
    def test(name: str, edge: str, scene_media_dir: Path) -> None:
        assert_drawn_or_left_out(name, edge, scene_media_dir)

    return test
