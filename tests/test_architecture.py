import subprocess
import sys
from pathlib import Path


def test_the_math_package_never_imports_manim():
    code = "import softmax_anim, sys; print('manim' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_lecture_order_lists_importable_scene_files():
    from scenes import LECTURE

    names = [e.name for e in LECTURE]
    assert len(names) == len(set(names))
    assert all(e.file.startswith("part_") and e.file.endswith(".py") for e in LECTURE)


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def test_lint_is_clean():
    result = subprocess.run([_tool("ruff"), "check", "--output-format", "concise", "."], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_math_package_type_checks():
    result = subprocess.run([_tool("mypy")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
