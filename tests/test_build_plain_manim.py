"""A parameter file that cannot be read, under plain ``manim``: one line naming the file, exit 2, no traceback.

(The build command's side of the same class is in test_build_robust.py.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENE = ROOT / "tests" / "fixtures" / "lecture_scenes" / "part_tiny.py"


def manim(params: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOFTMAX_ANIM_PARAMS": str(params), "PYTHONPATH": str(ROOT)}
    return subprocess.run([*prefix, sys.executable, "-m", "manim", "render", "-ql", "--dry_run",
                           "--media_dir", str(params.parent / "media"), str(SCENE), "TinyNumber"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def bad_files(tmp_path: Path) -> list[tuple[Path, str, tuple[str, ...]]]:
    utf16 = tmp_path / "utf16.toml"
    utf16.write_text("[logits]\nvalues = [1.0, 2.0, 3.0]\n", encoding="utf-16")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    cases = [
        (utf16, f"error: lecture parameters file {utf16} is not UTF-8 text (byte 0xff at offset 0)", ()),
        (folder, f"error: lecture parameters file {folder} is a folder, not a TOML file", ()),
    ]
    locked = tmp_path / "locked.toml"
    locked.write_text("[logits]\nvalues = [1.0, 2.0, 3.0]\n")
    locked.chmod(0)
    if os.geteuid() != 0:
        cases.append((locked, f"error: lecture parameters file {locked} cannot be read: permission denied", ()))
    elif shutil.which("setpriv"):  # root reads anything: drop that capability
        cases.append((locked, f"error: lecture parameters file {locked} cannot be read: permission denied",
                      ("setpriv", "--bounding-set=-dac_override,-dac_read_search")))
    return cases


def test_unreadable_parameter_files_stop_plain_manim_with_one_line_and_exit_2(tmp_path: Path) -> None:
    cases = bad_files(tmp_path)
    assert len(cases) >= 2
    for path, message, prefix in cases:
        result = manim(path, prefix)
        output = result.stdout + result.stderr
        assert result.returncode == 2, output
        assert "Traceback" not in output
        assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [message]


def test_invalid_values_take_the_same_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[logits]\nvalues = [1.0, 2.0]\n")
    result = manim(bad)
    assert result.returncode == 2
    expected = "error: lecture parameter 'logits.values': expected 3 values, got 2"
    assert result.stderr.strip().splitlines()[-1] == expected

