import json
import subprocess
import sys
from pathlib import Path


def test_the_math_package_never_imports_manim():
    # Every module of the package, found on disk (not through its __init__), in a fresh interpreter.
    root = Path(__file__).resolve().parents[1] / "softmax_anim"
    modules = sorted(f"softmax_anim.{p.stem}" for p in root.glob("*.py") if p.stem != "__init__")
    assert {"softmax_anim.activations", "softmax_anim.formatting", "softmax_anim.training"} <= set(modules)
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps({'loaded': sorted(m for m in sys.modules if m.startswith('softmax_anim')),\n"
        "                  'manim': sorted(m for m in sys.modules if m == 'manim' or m.startswith('manim.'))}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root.parent)
    seen = json.loads(result.stdout)
    assert set(modules) <= set(seen["loaded"])
    assert seen["manim"] == []


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
