import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from scenes import LECTURE, SCENES_DIR


def test_the_math_package_never_imports_manim():
    code = "import softmax_anim, sys; print('manim' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_lecture_order_names_each_scene_once():
    names = [e.name for e in LECTURE]
    assert len(names) == len(set(names))
    assert all(e.file.startswith("part_") and e.file.endswith(".py") for e in LECTURE)


@pytest.mark.parametrize("entry", LECTURE, ids=[e.name for e in LECTURE])
def test_each_listed_scene_is_a_manim_scene_in_its_file(entry):
    from manim import Scene

    assert entry.path.is_file(), entry.path
    assert entry.path.parent == SCENES_DIR
    module = importlib.import_module(f"scenes.{entry.path.stem}")
    cls = getattr(module, entry.name, None)
    assert cls is not None, f"{entry.file} has no class {entry.name}"
    assert isinstance(cls, type) and issubclass(cls, Scene), f"{entry.name} is not a manim Scene"
    assert cls.__module__ == module.__name__, f"{entry.name} is imported into {entry.file}, not defined there"


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def test_lint_is_clean():
    result = subprocess.run([_tool("ruff"), "check", "--output-format", "concise", "."], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_math_package_type_checks():
    result = subprocess.run([_tool("mypy")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
