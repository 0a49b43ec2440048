"""The lecture order, read from a scenes folder's ``__init__.py`` without importing manim.

The folder's ``__init__.py`` defines ``LECTURE``, a sequence of entries with
``file``, ``name`` and ``title`` (``scenes.SceneEntry``). Tests point the build
at a fixture folder of the same shape. A scene drawn for some class counts only
says so in its class body (``class_counts = {"logits": (3,)}``), read here from
its syntax tree (:func:`declared_class_counts`).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Lecture", "LectureError", "LectureScene", "declared_class_counts", "load_lecture"]


class LectureError(ValueError):
    """The lecture order cannot be read, or a scene name is unknown."""


@dataclass(frozen=True)
class LectureScene:
    """One scene of the lecture, with its position (1-based) and absolute file path."""

    index: int
    file: str
    name: str
    title: str
    path: Path


@dataclass(frozen=True)
class Lecture:
    """The scenes in lecture order, and where they live.

    Examples
    --------
    >>> lecture = load_lecture()
    >>> lecture.scenes[0].index, lecture.scenes[0].file.endswith(".py")
    (1, True)
    """

    scenes_dir: Path
    scenes: tuple[LectureScene, ...]

    def select(self, names: list[str]) -> list[LectureScene]:
        """The named scenes in lecture order (all of them when ``names`` is empty).

        Raises
        ------
        LectureError
            Naming the first unknown scene.
        """
        if not names:
            return list(self.scenes)
        known = {s.name: s for s in self.scenes}
        for name in names:
            if name not in known:
                raise LectureError(f"unknown scene {name!r}; see 'softmax-anim list' for the scene names")
        wanted = set(names)
        return [s for s in self.scenes if s.name in wanted]


def load_lecture(scenes_dir: str | Path = "scenes") -> Lecture:
    """Read ``LECTURE`` from ``scenes_dir/__init__.py`` (default: ``scenes/`` in the current folder).

    Parameters
    ----------
    scenes_dir : path-like, optional
        A folder whose ``__init__.py`` defines ``LECTURE`` (entries with ``file``,
        ``name`` and ``title``). That file must not import manim.

    Returns
    -------
    Lecture

    Raises
    ------
    LectureError
        When the folder, its ``__init__.py`` or ``LECTURE`` is missing or malformed.
    """
    folder = Path(scenes_dir).resolve()
    init = folder / "__init__.py"
    if not init.is_file():
        raise LectureError(f"no lecture order: {init} not found")
    tag = hashlib.sha1(str(init).encode()).hexdigest()[:10]
    spec = importlib.util.spec_from_file_location(f"_softmax_anim_lecture_{tag}", init)
    if spec is None or spec.loader is None:
        raise LectureError(f"cannot load {init}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(module)
    except Exception as e:  # any failure here becomes one readable line
        raise LectureError(f"cannot read the lecture order in {init}: {type(e).__name__}: {e}") from None
    entries = getattr(module, "LECTURE", None)
    if not entries:
        raise LectureError(f"{init} defines no LECTURE")
    scenes = []
    for i, entry in enumerate(entries, start=1):
        try:
            file, name, title = str(entry.file), str(entry.name), str(entry.title)
        except AttributeError:
            raise LectureError(f"LECTURE entry {i} in {init} lacks file, name or title") from None
        scenes.append(LectureScene(i, file, name, title, folder / file))
    names = [s.name for s in scenes]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise LectureError(f"scene {duplicates[0]!r} is listed twice in {init}")
    return Lecture(folder, tuple(scenes))


def declared_class_counts(path: Path, class_name: str) -> dict[str, tuple[int, ...]]:
    """The class counts a scene declares it draws (its ``class_counts``), read from the file without importing it.

    The assignment is looked for in the class body, then in the bodies of its
    bases defined in the same file. A file that cannot be read or parsed, or
    a scene that declares nothing, gives ``{}`` (every supported count); the
    build reports a broken file on its own.

    Examples
    --------
    >>> lecture = load_lecture()
    >>> simplex = next(s for s in lecture.scenes if s.name == "ProbabilitySimplex")
    >>> declared_class_counts(simplex.path, simplex.name)
    {'logits': (3,)}

    Raises
    ------
    LectureError
        When ``class_counts`` is not a literal mapping of table names to whole numbers.
    """
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return {}
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    todo, seen = [class_name], set()
    while todo:
        name = todo.pop(0)
        if name in seen or name not in classes:
            continue
        seen.add(name)
        for stmt in classes[name].body:
            if isinstance(stmt, ast.Assign):
                targets, value = stmt.targets, stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                targets, value = [stmt.target], stmt.value
            else:
                continue
            if any(isinstance(t, ast.Name) and t.id == "class_counts" for t in targets):
                return _class_counts_literal(value, f"{path.name}: {name}.class_counts")
        todo += [base.id for base in classes[name].bases if isinstance(base, ast.Name)]
    return {}


def _class_counts_literal(node: ast.expr, where: str) -> dict[str, tuple[int, ...]]:
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        value = None
    ok = isinstance(value, dict) and all(
        isinstance(table, str) and isinstance(counts, tuple | list) and counts
        and all(isinstance(n, int) and not isinstance(n, bool) for n in counts)
        for table, counts in value.items()
    )
    if not ok:
        raise LectureError(f"{where} must be a literal like {{\"logits\": (3,)}}: table name -> class counts drawn")
    return {table: tuple(counts) for table, counts in value.items()}
