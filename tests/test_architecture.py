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


# --- the import graph: arrows one way, no private names across modules -------------------------------------------

PROJECT_PACKAGES = ("softmax_anim", "scenes", "lecture_tool", "lecture_voice")


def _module_files(root: Path, packages: tuple[str, ...] = PROJECT_PACKAGES) -> dict[str, Path]:
    """Every module of the packages under ``root``: dotted name -> file (a package is its ``__init__.py``)."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _imports(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, str | None, int]]:
    """What module ``name`` imports from the project, anywhere in it (functions too): (module, name or None, line)."""
    import ast

    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, None, node.lineno) for a in node.names if a.name in modules]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            source = ".".join(p for p in (base if node.level else "", node.module or "") if p)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in modules:
                    found.append((submodule, None, node.lineno))
                elif source in modules:
                    found.append((source, alias.name, node.lineno))
    return found


def _import_problems(root: Path, packages: tuple[str, ...] = PROJECT_PACKAGES) -> list[str]:
    """Import cycles among the project's modules and private names imported across modules, one line each."""
    modules = _module_files(root, packages)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    problems = []
    for name, path in modules.items():
        for target, imported, line in _imports(name, path, modules):
            if target != name:
                graph[name].add(target)
            private = imported or target.rpartition(".")[2]
            if private.startswith("_") and not private.startswith("__") and target != name:
                problems.append(f"{path.relative_to(root)}:{line} imports the private {private} from {target}")
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path_now: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path_now.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycle = path_now[path_now.index(target):] + [target]
                problems.append("import cycle: " + " -> ".join(cycle))
            elif target not in state:
                visit(target)
        path_now.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return problems


def test_no_import_cycle_and_no_private_name_across_modules():
    root = Path(__file__).resolve().parents[1]
    assert {"lecture_tool.builder", "lecture_tool.page", "scenes.kit.narration"} <= set(_module_files(root))
    assert _import_problems(root) == []


def test_the_import_check_sees_cycles_through_functions_and_private_names(tmp_path):
    pkg = tmp_path / "lecture_tool"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import B\nA = 1\n")
    (pkg / "b.py").write_text("B = 2\n\ndef late():\n    from lecture_tool.a import A\n    return A\n")
    (pkg / "c.py").write_text("from . import a\nfrom .b import _hidden\n")
    problems = _import_problems(tmp_path, ("lecture_tool",))
    assert "import cycle: lecture_tool.a -> lecture_tool.b -> lecture_tool.a" in problems
    assert "lecture_tool/c.py:2 imports the private _hidden from lecture_tool.b" in problems
    assert len(problems) == 2
