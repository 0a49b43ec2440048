"""The build command's listing and its answers to bad input (no rendering here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lecture_tool.cli import main
from scenes import LECTURE

FIXTURE_SCENES = Path(__file__).parent / "fixtures" / "lecture_scenes"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:
        code = int(e.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_json_gives_every_scene_in_lecture_order(capsys) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["file"], r["class"], r["title"]) for r in rows] == [(e.file, e.name, e.title) for e in LECTURE]
    assert [r["index"] for r in rows] == list(range(1, len(LECTURE) + 1))


def test_list_prints_one_line_per_scene(capsys) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(LECTURE)
    assert all(e.name in line and e.file in line and e.title in line for e, line in zip(LECTURE, lines, strict=True))


def test_list_reads_another_scenes_folder(capsys) -> None:
    code, out, _ = run(capsys, "list", "--json", "--scenes-dir", str(FIXTURE_SCENES))
    assert code == 0
    assert [r["class"] for r in json.loads(out)] == ["TinyDot", "TinyNumber"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render", "NoSuchScene"], "error: unknown scene 'NoSuchScene'"),
        (["render", "-q", "x"], "error: argument -q/--quality: invalid choice: 'x'"),
        (["render", "-j", "0"], "error: argument -j/--jobs: --jobs must be at least 1, got 0"),
        (["render", "-j", "two"], "error: argument -j/--jobs: --jobs expects a whole number"),
        (["render", "--format", "avi"], "error: argument --format: invalid choice: 'avi'"),
        (["render", "--params", "/no/such/params.toml"], "error: lecture parameters file not found"),
        (["status", "--scenes-dir", "/no/such/folder"], "error: no lecture order"),
        (["frobnicate"], "error: argument command: invalid choice"),
    ],
    ids=["unknown-scene", "bad-quality", "zero-jobs", "jobs-not-a-number", "bad-format", "missing-params",
         "missing-scenes-dir", "unknown-command"],
)
def test_bad_input_gives_one_error_line_and_exit_code_2(capsys, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith(message)
    assert len(err.strip().splitlines()) == 1
    assert out == ""


def test_invalid_params_name_the_field_before_any_render(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[logits]\nvalues = [1.0, 2.0]\n")
    code, _, err = run(capsys, "render", "--params", str(bad), "--out", str(tmp_path / "out"))
    assert code == 2
    assert err.strip() == "error: lecture parameter 'logits.values': expected 3 values, got 2"
    assert not (tmp_path / "out").exists()


def test_the_installed_command_runs_without_importing_manim() -> None:
    code = (
        "import sys; from lecture_tool.cli import main; rc = main(['list']);"
        "print('manim' in sys.modules, rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False 0"
