"""The build's incremental decision on real file edits, atomic outputs, Ctrl-C; fast (a fake manim).

Each test works on a small project copied into a temporary folder: a
``softmax_anim`` package of three modules (two re-exported by its
``__init__``, one imported by nobody), a scene kit module, three scenes in two
files, and the real lecture defaults (``tests/fixtures/build_project.py``).
``tests/fixtures/fake_manim.py`` stands in for manim (it writes a 0.6 s test
video and a subtitle file), so each render costs a fraction of a second; the
real manim runs in test_build_e2e.py.
"""

from __future__ import annotations

import json
import signal
import subprocess
from typing import Any

import pytest
from fixtures.build_project import Project, slow_render


def test_a_second_build_renders_nothing_and_starts_no_program(project: Project, monkeypatch) -> None:
    # No manim, ffmpeg or ffprobe run: nothing is rendered, probed or joined again (its time: the benchmark's noop).
    started: list[object] = []
    real_popen = subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> Any:
        started.append(args[0] if args else kwargs.get("args"))
        return real_popen(*args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)
    assert project.render() == []
    assert started == []
    assert "0 rendered, 3 up to date" in project.last.err
    assert project.status() == {"First": None, "Second": None, "Third": None}


def test_editing_one_scene_class_re_renders_only_that_scene(project: Project) -> None:
    project.edit("scenes/part_one.py", "run_time = 1.0", "run_time = 2.0")
    assert project.status()["First"] == "scene code changed"
    assert project.render() == ["First"]


def test_a_comment_or_formatting_edit_re_renders_nothing(project: Project) -> None:
    project.edit("scenes/part_one.py", "class Second:", "# the second beat\n\nclass Second:")
    project.edit("softmax_anim/alpha.py", "return 2 * x", "return 2*x  # doubled")
    assert project.render() == []


def test_editing_an_imported_math_module_re_renders_the_scenes_that_import_it(project: Project) -> None:
    project.edit("softmax_anim/alpha.py", "return 2 * x", "return 3 * x")
    assert project.status() == {"First": "softmax_anim/alpha.py changed", "Second": None,
                                "Third": "softmax_anim/alpha.py changed"}
    assert project.render() == ["First", "Third"]
    project.edit("softmax_anim/beta.py", "x + 1", "x + 2")  # reached through the package's __init__
    assert project.render() == ["Second"]


def test_editing_a_module_no_scene_imports_re_renders_nothing(project: Project) -> None:
    project.edit("softmax_anim/gamma.py", "return -x", "return x")
    project.edit("softmax_anim/__init__.py", "from .beta import g\n", "from .beta import g\nfrom .gamma import h\n")
    assert project.render() == []


def test_the_params_file_re_renders_the_scenes_reading_the_changed_table(project: Project) -> None:
    override = project.root / "mine.toml"
    override.write_text("[logits]\nvalues = [3.0, 1.0, 0.1]\n")
    assert project.render("--params", str(override)) == ["First"]
    override.write_text("[logits]\nvalues = [3.0, 1.0, 0.1]\n[lines]\nbiases = [0.0, 2.0, -1.0]\n")
    assert project.render("--params", str(override)) == ["Second"]
    assert project.render() == ["First", "Second"]  # back to the defaults


def test_the_params_file_named_by_the_environment_counts_too(project: Project, monkeypatch) -> None:
    override = project.root / "env.toml"
    override.write_text("[lines]\nweights = [-2.0, 0.5, 1.5]\n")
    monkeypatch.setenv("SOFTMAX_ANIM_PARAMS", str(override))
    assert project.render() == ["Second"]


def test_another_quality_renders_separately_and_keeps_the_first(project: Project) -> None:
    assert project.render("-q", "m") == ["First", "Second", "Third"]
    assert (project.out / "720p30" / "scenes" / "First.mp4").is_file()
    assert project.render() == []  # 480p15 is still up to date


def test_a_missing_output_is_rebuilt(project: Project) -> None:
    (project.out / "480p15" / "scenes" / "Second.png").unlink()
    assert project.render() == ["Second"]


def test_a_failed_render_exits_1_naming_scene_and_cause_and_keeps_the_good_output(project: Project) -> None:
    video = project.out / "480p15" / "scenes" / "Third.mp4"
    before = video.read_bytes()
    project.edit("scenes/part_two.py", "return f(1)", "return f(1)  # FAKE_FAIL\n        x = 1")
    project.render(expect=1)
    assert "error: scene Third failed: ValueError: broken on purpose" in project.last.err
    assert video.read_bytes() == before
    assert project.status()["Third"] == "scene code changed"  # still stale: the next build retries it
    assert not list((project.out / ".work" / "stage").iterdir())  # no staging left behind
    project.edit("scenes/part_two.py", "# FAKE_FAIL", "")
    assert project.render() == ["Third"]


def test_the_lecture_video_is_assembled_with_chapters_and_subtitles(project: Project) -> None:
    out = project.out / "480p15"
    chapters = json.loads((out / "chapters.json").read_text())
    assert [c["title"] for c in chapters] == ["The first", "The second", "The third"]
    assert [c["start"] for c in chapters] == pytest.approx([0.0, 0.6, 1.2], abs=0.001)
    # Each line at the time the scene spoke it (0.5833 s), not manim's subcaption rounded to the frame (0.6 s).
    assert "1\n00:00:00,000 --> 00:00:00,583\nThird narration." in (out / "scenes" / "Third.srt").read_text()
    assert "00:00:00.000 --> 00:00:00.583\nThird narration." in (out / "scenes" / "Third.vtt").read_text()
    vtt = (out / "lecture.vtt").read_text()
    assert vtt.startswith("WEBVTT") and "00:00:01.200 --> 00:00:01.783\nThird narration." in vtt
    srt = (out / "lecture.srt").read_text()
    assert "3\n00:00:01,200 --> 00:00:01,783\nThird narration." in srt


def test_webm_format_writes_webm_files(project: Project) -> None:
    assert project.render("--format", "webm", "Third") == ["Third"]
    assert (project.out / "480p15" / "scenes" / "Third.webm").is_file()


def test_ctrl_c_keeps_finished_outputs_and_the_next_build_resumes(project: Project, monkeypatch) -> None:
    project.edit("scenes/part_one.py", "run_time = 1.0", "run_time = 3.0")
    proc, _ = slow_render(project, monkeypatch)  # returns once Third (slow) renders: First is finished
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert (project.out / "480p15" / "scenes" / "Third.mp4").is_file()  # the old good one is intact
    project.edit("scenes/part_two.py", "# FAKE_SLOW", "")
    assert project.render() == ["Third"]  # First was finished before the interrupt
