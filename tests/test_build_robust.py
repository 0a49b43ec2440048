"""Issue 11's build-command edge cases, each class with a test (a fake manim renders; fast).

--force with scene names, SIGTERM, a killed build's leftovers, a read-only
output folder, a syntax error in a scene or a module it imports, the listing
into a closed pipe, and parameter files that cannot be read.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.build_project import Project, slow_render, staging, wait_for

from lecture_tool.cli import main

ROOT = Path(__file__).resolve().parents[1]


def unprivileged() -> list[str]:
    """A command prefix under which file permissions hold (root ignores them: drop that capability)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def cli(project: Project, *argv: str, prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line in its own process (as a user runs it), pointed at the project."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    return subprocess.run([*(prefix or []), sys.executable, "-m", "lecture_tool.cli", *argv], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))  # a zombie is dead


# --- render --force SCENE... ---------------------------------------------------------


def test_force_with_scene_names_assembles_the_lecture(project: Project) -> None:
    out = project.out / "480p15"
    for name in ("lecture.mp4", "lecture.json"):
        (out / name).unlink()
    assert project.render("--force", "First", "Second", "Third") == ["First", "Second", "Third"]
    assert "lecture video assembled" in project.last.err
    assert (out / "lecture.mp4").is_file()
    assert project.render("--force", "Second") == ["Second"]
    assert "not assembled" not in project.last.err


# --- SIGTERM, and a build killed outright ------------------------------------------------


def test_sigterm_stops_the_render_and_deletes_the_staging(project: Project, monkeypatch) -> None:
    video = project.out / "480p15" / "scenes" / "Third.mp4"
    before = video.read_bytes()
    proc, pids = slow_render(project, monkeypatch)
    assert staging(project)  # this build's run folder, with Third's staging in it
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "terminated: finished scenes are kept" in err
    assert "Traceback" not in err
    assert staging(project) == []
    assert not alive(int(pids.read_text().split()[0]))  # the manim it started is stopped too
    assert video.read_bytes() == before


def test_the_staging_of_a_killed_build_is_deleted_by_the_next_build(project: Project, monkeypatch) -> None:
    proc, pids = slow_render(project, monkeypatch)
    proc.kill()  # SIGKILL: no chance to clean up
    proc.communicate(timeout=60)
    orphan = int(pids.read_text().split()[0])
    (left,) = staging(project)
    assert left.name.startswith("run-") and alive(orphan)  # its run folder and its manim are left behind
    project.edit("scenes/part_two.py", "# FAKE_SLOW", "")
    assert project.render() == ["Third"]
    assert staging(project) == []
    wait_for(lambda: not alive(orphan), timeout=15)  # the orphaned manim was stopped, not left writing


def test_a_running_build_s_staging_is_left_alone(project: Project, monkeypatch) -> None:
    proc, _ = slow_render(project, monkeypatch)
    try:
        (running,) = staging(project)
        assert project.render("First") == []  # another build meanwhile (nothing to do)
        assert running.is_dir()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)


# --- a read-only output folder -------------------------------------------------------------


def test_a_read_only_output_folder_is_refused_before_rendering(project: Project) -> None:
    out = project.root / "read-only"
    out.mkdir()
    out.chmod(0o555)
    project.log.unlink(missing_ok=True)
    result = cli(project, "render", *project.args("--out", str(out)), prefix=unprivileged())
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: output folder {out}/480p15/scenes is not writable: ")
    assert "Permission denied" in lines[0]
    assert not project.log.exists()  # no scene was rendered


# --- a syntax error -----------------------------------------------------------------------


def test_a_syntax_error_in_a_scene_names_file_and_line_without_rendering(project: Project) -> None:
    project.edit("scenes/part_two.py", "return f(1)", "return f(1")
    project.render(expect=1)
    err = project.last.err
    assert "error: scene Third failed: SyntaxError: '(' was never closed (scenes/part_two.py, line 5)" in err
    assert "First" not in err and "Second" not in err
    assert not project.log.exists()  # found before manim started


def test_a_syntax_error_in_an_imported_module_names_that_file(project: Project) -> None:
    project.edit("softmax_anim/alpha.py", "return 2 * x", "return 2 *")
    assert project.render(expect=1) == []
    err = project.last.err
    for scene in ("First", "Third"):  # both import alpha; Second does not
        assert f"error: scene {scene} failed: SyntaxError: invalid syntax (softmax_anim/alpha.py, line 2)" in err
    assert "scene Second" not in err


# --- the listing into a closed pipe --------------------------------------------------------


def test_list_into_a_closed_pipe_ends_quietly(project: Project) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "lecture_tool.cli", "list", "--json"], stdout=write,
                          stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT, timeout=60)
    os.close(write)
    assert proc.stderr == ""
    assert proc.returncode == 128 + signal.SIGPIPE


def test_list_piped_into_head_prints_one_line_and_no_traceback() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(f"{sys.executable} -m lecture_tool.cli list --json | head -1", shell=True,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert proc.stdout == "[\n"
    assert proc.stderr == ""


# --- parameter files that cannot be read ---------------------------------------------------


def params_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('[logits]\nnames = ["caf\xe9", "b", "c"]\n'.encode("latin-1"))
    utf16 = tmp_path / "utf16.toml"
    utf16.write_text("[logits]\nvalues = [1.0, 2.0, 3.0]\n", encoding="utf-16")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    return {
        "latin-1": (latin1, f"error: lecture parameters file {latin1} is not UTF-8 text (byte 0xe9 at offset 22)"),
        "utf-16": (utf16, f"error: lecture parameters file {utf16} is not UTF-8 text (byte 0xff at offset 0)"),
        "folder": (folder, f"error: lecture parameters file {folder} is a folder, not a TOML file"),
    }


@pytest.mark.parametrize("case", ["latin-1", "utf-16", "folder"])
def test_a_params_file_that_cannot_be_read_is_one_line_exit_2(project: Project, tmp_path: Path, case: str) -> None:
    path, message = params_cases(tmp_path)[case]
    project.log.unlink(missing_ok=True)
    for via_env in (False, True):
        argv = ["render", *project.args("--progress", "quiet")]
        if via_env:
            os.environ["SOFTMAX_ANIM_PARAMS"] = str(path)
        else:
            argv += ["--params", str(path)]
        try:
            try:
                code = main(argv)
            except SystemExit as e:
                code = int(e.code or 0)
        finally:
            os.environ.pop("SOFTMAX_ANIM_PARAMS", None)
        err = project.capsys.readouterr().err
        assert code == 2
        assert err.strip() == message
    assert not project.log.exists()


def test_an_unreadable_params_file_is_one_line_exit_2(project: Project) -> None:
    locked = project.root / "locked.toml"
    locked.write_text("[logits]\nvalues = [1.0, 2.0, 3.0]\n")
    locked.chmod(0)
    result = cli(project, "render", *project.args("--params", str(locked)), prefix=unprivileged())
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: lecture parameters file {locked} cannot be read: permission denied"
