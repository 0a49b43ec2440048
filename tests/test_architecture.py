import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scenes import LECTURE, SCENES_DIR


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


# The voice (lecture_voice) is shared by the scenes and the build tool: it never imports manim, and Piper
# (GPL-3.0, an optional extra) only ever runs as a separate command, so nothing of this MIT project imports it.
NEVER_IMPORTED = {"lecture_voice": ("manim", "piper", "onnxruntime"), "lecture_tool": ("manim", "piper", "onnxruntime")}


def _imported_names(path: Path) -> set[str]:
    import ast

    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_voice_and_the_build_tool_import_neither_manim_nor_piper_anywhere():
    root = Path(__file__).resolve().parents[1]
    for package, banned in NEVER_IMPORTED.items():
        files = sorted((root / package).rglob("*.py"))
        assert files, package
        for path in files:
            found = _imported_names(path) & set(banned)
            assert not found, f"{path.relative_to(root)} imports {sorted(found)}"


def test_the_voice_runs_without_loading_manim_or_piper():
    """Reading the words, choosing a voice and fingerprinting it load neither manim nor Piper."""
    code = ("import sys, lecture_voice as v, lecture_tool.voice as b; from pathlib import Path; "
            "c, _ = v.choose_voice('recorded', Path('scenes'), env={}); c.fingerprint('ClassifierDiagram'); "
            "v.choose_voice(env={}); b.narration_tables(Path('scenes')); v.load_script('scenes/narration.toml'); "
            "print(sorted(m for m in ('manim', 'piper', 'onnxruntime') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"
