"""The set-up notices a virtual environment that belongs to another folder (a checkout copied with ``cp -a``).

A small checkout is made in a temporary folder: ``scripts/setup.sh``, a
``lecture_tool`` package, and a ``.venv`` (``python -m venv --without-pip``)
whose site-packages point at that checkout the way the editable install does,
with a program whose ``#!`` line names the venv's Python. Copied with
``cp -a``, the copy's ``.venv`` still runs the original's code: the check says
so (exit 3); the original's own says it belongs (exit 0); a linked one is refused.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SETUP = Path(__file__).resolve().parents[1] / "scripts" / "setup.sh"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def checkout(root: Path, editable: bool = True) -> Path:
    (root / "scripts").mkdir(parents=True)
    shutil.copy(SETUP, root / "scripts" / "setup.sh")
    (root / "lecture_tool").mkdir()
    (root / "lecture_tool" / "__init__.py").write_text("")
    venv = root / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    if editable:
        (site,) = venv.glob("lib/python*/site-packages")
        (site / "__editable__.softmax_anim.pth").write_text(f"{root}\n")
    (venv / "bin" / "softmax-anim").write_text(f"#!{venv}/bin/python\nimport lecture_tool\n")
    return root


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(root / "scripts" / "setup.sh"), "--check-venv"], capture_output=True, text=True,
                          cwd="/", timeout=60)


def test_the_original_checkout_s_venv_belongs_to_it(tmp_path: Path) -> None:
    result = check(checkout(tmp_path / "original"))
    assert result.returncode == 0, result.stderr
    assert "belongs here" in result.stderr


@pytest.mark.parametrize("editable", [True, False], ids=["editable-install", "scripts-only"])
def test_a_copied_checkout_notices_the_venv_is_the_original_s(tmp_path: Path, editable: bool) -> None:
    original = checkout(tmp_path / "original", editable=editable)
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(original), str(copy)], check=True)
    result = check(copy)
    assert result.returncode == 3, result.stderr
    assert f".venv belongs to {original}, not to {copy}" in result.stderr
    assert check(original).returncode == 0


def test_a_venv_linked_from_another_checkout_is_refused_not_cleared(tmp_path: Path) -> None:
    original = checkout(tmp_path / "original")
    other = tmp_path / "other"
    (other / "scripts").mkdir(parents=True)
    shutil.copy(SETUP, other / "scripts" / "setup.sh")
    (other / ".venv").symlink_to(original / ".venv")
    assert check(other).returncode == 3
    marker = original / ".venv" / "bin" / "softmax-anim"
    # The full set-up (recreating a foreign venv clears it): through the link it would wipe the original's.
    result = subprocess.run(["bash", str(other / "scripts" / "setup.sh")], capture_output=True, text=True, cwd="/",
                            timeout=60, env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable})
    assert result.returncode == 1
    assert f".venv is a link to {original / '.venv'}, the virtual environment of {original}" in result.stderr
    assert "remove the link" in result.stderr
    assert marker.is_file()  # the original's environment is untouched
