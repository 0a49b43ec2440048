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
