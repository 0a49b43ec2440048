"""Scenes drawn for some class counts only: the build leaves them out of a lecture they cannot draw; fast (a fake
manim, the small project of ``tests/fixtures/build_project.py``).

A scene declares the counts it draws in its class body (``class_counts = {"logits": (3,)}``); the build reads
it from the syntax tree, says in ``status`` which scenes a parameter file leaves out, renders the rest with one
warning line per scene left out, assembles the lecture from the rest and exits 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.build_project import Project

from lecture_tool.cli import main
from lecture_tool.lecture import LectureError, declared_class_counts, load_lecture
from scenes import LECTURE

FOUR_LOGITS = """
[logits]
names = ["a", "b", "c", "d"]
colors = ["blue", "red", "green", "purple"]
values = [1.0, 2.0, 3.0, 4.0]
negative_example = [1.0, -1.0, 0.0, 0.5]
"""


def _declare_first(project: Project, counts: str) -> None:
    project.edit("scenes/part_one.py", "class First:\n", f"class First:\n    class_counts = {counts}\n")


def test_a_scene_that_cannot_draw_the_count_is_left_out_and_the_lecture_built_from_the_rest(project: Project):
    _declare_first(project, '{"logits": (3,)}')
    assert project.render() == ["First"]  # the declaration is code: First re-renders once, at 3 classes
    four = project.root / "four.toml"
    four.write_text(FOUR_LOGITS)

    assert main(["status", *project.args("--params", str(four))]) == 0
    assert "First: left out of this lecture (logits.names: drawn for exactly 3 classes, got 4)" in (
        project.capsys.readouterr().out.splitlines())
    assert main(["status", *project.args("--params", str(four)), "--json"]) == 0
    rows = {row["scene"]: row["left_out"] for row in json.loads(project.capsys.readouterr().out)}
    assert rows == {"First": "logits.names: drawn for exactly 3 classes, got 4", "Second": None, "Third": None}

    assert project.render("--params", str(four)) == []  # Second and Third do not read [logits]
    warnings = [line for line in project.last.err.splitlines() if line.startswith("warning:")]
    assert warnings == ["warning: First left out of this lecture (logits.names: drawn for exactly 3 classes, got 4)"]
    assert "0 rendered, 2 up to date, 1 left out" in project.last.err
    out = project.out / "480p15"
    assert [c["title"] for c in json.loads((out / "chapters.json").read_text())] == ["The second", "The third"]
    assert "First narration." not in (out / "lecture.srt").read_text()
    assert (out / "index.html").is_file()

    assert project.render() == []  # back to three classes: First's video was kept, and the lecture has it again
    assert [c["title"] for c in json.loads((out / "chapters.json").read_text())] == [
        "The first", "The second", "The third"]


def test_naming_only_a_scene_left_out_renders_nothing_and_exits_0(project: Project):
    _declare_first(project, '{"logits": (2, 3)}')
    four = project.root / "four.toml"
    four.write_text(FOUR_LOGITS)
    assert project.render("First", "--params", str(four)) == []
    assert "First left out of this lecture (logits.names: drawn for 2 or 3 classes, got 4)" in project.last.err


@pytest.mark.parametrize(
    ("counts", "message"),
    [('{"training": (3,)}', "First.class_counts names 'training'; tables with classes: logits, lines, digits"),
     ('{"logits": 3}', "part_one.py: First.class_counts must be a literal like"),
     ("dict(logits=(3,))", "part_one.py: First.class_counts must be a literal like")],
    ids=["unknown-table", "not-a-sequence", "not-a-literal"],
)
def test_a_bad_declaration_is_one_error_line_before_any_render(project: Project, counts: str, message: str):
    _declare_first(project, counts)
    project.log.unlink(missing_ok=True)
    with pytest.raises(SystemExit) as stop:
        main(["render", *project.args()])
    assert stop.value.code == 2
    err = project.capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not project.log.exists()  # nothing rendered


def test_a_subclass_in_the_same_file_inherits_the_declaration(tmp_path: Path):
    scene = tmp_path / "part_x.py"
    scene.write_text("class Base:\n    class_counts: dict = {'digits': (3,)}\n\n"
                     "class Narrow(Base):\n    pass\n\nclass Wide(Base):\n    class_counts = {}\n")
    assert declared_class_counts(scene, "Narrow") == {"digits": (3,)}
    assert declared_class_counts(scene, "Wide") == {}
    assert declared_class_counts(scene, "Missing") == {}
    scene.write_text("class Broken(:\n")
    assert declared_class_counts(scene, "Broken") == {}  # the build reports the syntax error on its own
    with pytest.raises(LectureError):
        scene.write_text("class Odd:\n    class_counts = {'logits': ()}\n")
        declared_class_counts(scene, "Odd")


def test_the_build_reads_what_every_lecture_scene_declares():
    """The declaration read from the syntax tree is the class attribute the scene checks when it renders."""
    from harness import scene_class

    lecture = load_lecture()
    read = {s.name: declared_class_counts(s.path, s.name) for s in lecture.scenes}
    assert read == {entry.name: dict(scene_class(entry.name).class_counts) for entry in LECTURE}
    assert {name: counts for name, counts in read.items() if counts} == {
        "SoftmaxSurfaces3D": {"logits": (2, 3)},
        "ProbabilitySimplex": {"logits": (3,)},
        "TrainingLogitPaths": {"digits": (3,)},
    }
