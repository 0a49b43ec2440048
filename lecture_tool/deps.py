"""What a scene depends on, found by static analysis (``ast``), never by importing it.

A scene's video can only change when the code that builds it changes, so the
build fingerprints exactly that code:

* the statements of its scene file that the scene class needs: everything at
  module level except the *other* lecture scene classes of the file (unless
  the class inherits from or names them), so editing one scene of a file does
  not re-render its neighbours; of the file's imports, only the names the
  remaining code uses count;
* every project module those statements import, transitively. A module is a
  project module when it resolves to a file under one of the roots (the scene
  file's folder, the project root); anything else (manim, numpy) is covered by
  the manim version. ``from package import name`` follows the binding of
  ``name`` in the package's ``__init__.py`` (``from .activations import
  softmax``) instead of the whole package, so a scene that imports
  ``softmax`` does not depend on ``softmax_anim/training.py``;
* the attribute names the code reads, from which the build picks the lecture
  parameter tables (``params.logits``) the scene depends on.

Code is compared as its syntax tree (``ast.dump``), so comments and
formatting do not count; a file that does not parse is compared byte for byte.
Unlike manim's own cache, this sees an edit to a function reached through a
module attribute (``activations.softmax``), because it hashes the whole module.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PARAMS_READERS", "SceneSource", "digest", "scene_dependencies"]

# Calls that read the lecture parameters (scenes.kit.palette / softmax_anim.params).
PARAMS_READERS = frozenset({"params_or_exit", "lecture_params", "load_params"})

_ALL = None  # "the whole module" in a request, as opposed to a set of imported names


@dataclass(frozen=True)
class SceneSource:
    """The code a scene's video depends on, as digests.

    Attributes
    ----------
    code : str
        Digest of the scene file's statements that the scene class needs.
    modules : dict
        Project module files it imports, transitively: path relative to the
        project root (POSIX) -> digest of the module.
    attributes : frozenset of str
        Every attribute name read in that code (``p.logits`` gives ``"logits"``).
    reads_params : bool
        Whether that code calls a lecture-parameter reader (:data:`PARAMS_READERS`).
    errors : tuple of str
        Syntax errors in the scene file or the project modules it imports, one
        line each with file and line (``SyntaxError: ... (scenes/x.py, line 5)``).
    """

    code: str
    modules: dict[str, str] = field(default_factory=dict)
    attributes: frozenset[str] = frozenset()
    reads_params: bool = False
    errors: tuple[str, ...] = ()


def digest(text: str | bytes) -> str:
    """The build's one digest: SHA-256 of the text (UTF-8) or bytes, its first 16 hex digits."""
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class _Module:
    """A module file as read once per process and content: its tree, digest and what a scan of it finds."""

    tree: ast.Module | None
    error: str | None  # why it does not parse, with ``{shown}`` for the file's name
    digest: str
    attributes: frozenset[str]
    reads_params: bool
    imports: tuple[ast.Import | ast.ImportFrom, ...]


# Every scene's fingerprint reads the same modules: each (file, content) is parsed and walked once per
# process (a no-op build of 21 scenes parsed 1,400 files and dumped 1,600 trees, 90% of its time).
_MODULES: dict[tuple[str, str], _Module] = {}


def _read(path: Path) -> _Module:
    data = path.read_bytes()
    key = (str(path), hashlib.sha256(data).hexdigest())
    if key not in _MODULES:
        tree, error = None, None
        try:
            tree = ast.parse(data, filename=str(path))
        except SyntaxError as e:
            error = f"{type(e).__name__}: {e.msg} ({{shown}}, line {e.lineno})"
        except ValueError as e:  # null bytes
            error = f"SyntaxError: {e} ({{shown}})"
        attributes, reads, imports = _facts([tree] if tree is not None else [])
        _MODULES[key] = _Module(tree, error, digest(ast.dump(tree)) if tree is not None else digest(data),
                                attributes, reads, imports)
    return _MODULES[key]


def _facts(nodes: Iterable[ast.AST]) -> tuple[frozenset[str], bool, tuple[ast.Import | ast.ImportFrom, ...]]:
    """Attributes read, whether the parameters are read, and the imports, in ``nodes`` and below."""
    attributes: set[str] = set()
    reads = False
    imports: list[ast.Import | ast.ImportFrom] = []
    for stmt in nodes:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Attribute):
                attributes.add(node.attr)
                reads = reads or node.attr in PARAMS_READERS
            elif isinstance(node, ast.Name) and node.id in PARAMS_READERS:
                reads = True
            elif isinstance(node, ast.Import | ast.ImportFrom):
                imports.append(node)
    return frozenset(attributes), reads, tuple(imports)


def _parse(path: Path, errors: list[str] | None = None, shown: str | None = None) -> ast.Module | None:
    """The module's syntax tree, or None when it does not parse (the reason appended to ``errors``)."""
    module = _read(path)
    if module.error is not None and errors is not None:
        errors.append(module.error.format(shown=shown or path))
    return module.tree


def _scene_statements(tree: ast.Module, class_name: str, scene_classes: Iterable[str]) -> list[ast.stmt]:
    """The module's statements minus the other scene classes the target does not need."""
    others = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef) and n.name in set(scene_classes)}
    needed = {class_name}
    while True:
        kept = [n for n in tree.body if not (isinstance(n, ast.ClassDef) and n.name in others)]
        kept += [others[n] for n in sorted(needed) if n in others]
        named = {node.id for stmt in kept for node in ast.walk(stmt) if isinstance(node, ast.Name)}
        grown = needed | (named & set(others))
        if grown == needed:
            return sorted(kept, key=lambda n: n.lineno)
        needed = grown


def _used_imports(statements: list[ast.stmt]) -> list[ast.stmt]:
    """The statements with each top-level import narrowed to the names the rest of the code uses.

    A scene file's imports are shared by all its scenes; a scene only depends on
    what it uses (``from softmax_anim import f, g`` where it calls ``g`` only).
    """
    used = {
        node.id
        for stmt in statements
        if not isinstance(stmt, ast.Import | ast.ImportFrom)
        for node in ast.walk(stmt)
        if isinstance(node, ast.Name)
    }
    out: list[ast.stmt] = []
    for stmt in statements:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            names = [
                a for a in stmt.names
                if a.name == "*" or (a.asname or a.name.split(".")[0]) in used
            ]
            if not names:
                continue
            if isinstance(stmt, ast.Import):
                out.append(ast.Import(names=names))
            else:
                out.append(ast.ImportFrom(module=stmt.module, names=names, level=stmt.level))
        else:
            out.append(stmt)
    return out


class _Resolver:
    """Resolve imports to project files and collect their digests."""

    def __init__(self, roots: Sequence[Path], project: Path) -> None:
        self.roots = [r.resolve() for r in roots]
        self.project = project.resolve()
        self.modules: dict[Path, str] = {}
        self.attributes: set[str] = set()
        self.reads_params = False
        self.errors: list[str] = []
        self._done: set[tuple[Path, str | None]] = set()

    # --- finding files ---

    def find(self, dotted: str, base: Path | None = None) -> Path | None:
        """The file of module ``dotted`` under ``base`` (relative import) or the roots."""
        parts = [p for p in dotted.split(".") if p]
        for root in [base] if base is not None else self.roots:
            target = root.joinpath(*parts) if parts else root
            if parts and target.with_suffix(".py").is_file():
                return target.with_suffix(".py")
            if (target / "__init__.py").is_file():
                return target / "__init__.py"
        return None

    def _from_target(self, current: Path, node: ast.ImportFrom) -> Path | None:
        if node.level:
            base = current.parent
            for _ in range(node.level - 1):
                base = base.parent
            return self.find(node.module or "", base)
        return self.find(node.module or "")

    # --- walking code ---

    def scan(self, current: Path, nodes: Iterable[ast.AST]) -> None:
        """Record attributes read and follow every import in ``nodes``."""
        self._take(current, *_facts(nodes))

    def _take(self, current: Path, attributes: frozenset[str], reads: bool,
              imports: tuple[ast.Import | ast.ImportFrom, ...]) -> None:
        self.attributes |= attributes
        self.reads_params = self.reads_params or reads
        for node in imports:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found = self.find(alias.name)
                    if found is not None:
                        self.request(found, _ALL)
            else:
                self._follow_from(current, node)

    def _follow_from(self, current: Path, node: ast.ImportFrom) -> None:
        target = self._from_target(current, node)
        if target is None:
            return
        if target.name != "__init__.py" or any(a.name == "*" for a in node.names):
            self.request(target, _ALL)
            return
        for alias in node.names:
            sub = self.find(alias.name, target.parent)
            if sub is not None and sub != target:
                self.request(sub, _ALL)
            else:
                self.request(target, alias.name)

    def request(self, path: Path, name: str | None) -> None:
        """Depend on the whole module at ``path`` (``name`` None) or on one name bound in it."""
        key = (path, name)
        if key in self._done or (path, _ALL) in self._done:
            return
        self._done.add(key)
        tree = _parse(path, self.errors, self.relative(path))
        if name is _ALL or tree is None:
            self._add_module(path, tree)
            return
        # A name from a package __init__: follow the import that binds it; if the
        # package defines it itself (or we cannot tell), depend on the whole file.
        for stmt in tree.body:
            if isinstance(stmt, ast.ImportFrom) and any((a.asname or a.name) == name for a in stmt.names):
                alias = next(a for a in stmt.names if (a.asname or a.name) == name)
                self._follow_from(path, ast.ImportFrom(module=stmt.module, names=[alias], level=stmt.level))
                return
            if isinstance(stmt, ast.Import) and any((a.asname or a.name.split(".")[0]) == name for a in stmt.names):
                self.scan(path, [stmt])
                return
        self._done.add((path, _ALL))
        self._add_module(path, tree)

    def _add_module(self, path: Path, tree: ast.Module | None) -> None:
        module = _read(path)
        self.modules[path] = module.digest
        if module.tree is not None:
            self._take(path, module.attributes, module.reads_params, module.imports)

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.project).as_posix()
        except ValueError:
            return path.as_posix()


def scene_dependencies(
    scene_file: str | Path,
    class_name: str,
    scene_classes: Iterable[str] = (),
    project: str | Path | None = None,
) -> SceneSource:
    r"""Digest the code that scene ``class_name`` of ``scene_file`` depends on.

    Parameters
    ----------
    scene_file : path-like
        The scene's file.
    class_name : str
        The scene class.
    scene_classes : iterable of str
        The lecture's scene class names; those in the same file that the
        target does not need are left out of its code.
    project : path-like, optional
        The project root, where ``softmax_anim/`` and ``scenes/`` live
        (default: the folder above the scene file's folder).

    Returns
    -------
    SceneSource

    Raises
    ------
    FileNotFoundError
        If the scene file does not exist.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "lib").mkdir()
    >>> _ = (root / "lib" / "__init__.py").write_text("from .a import f\nfrom .b import g\n")
    >>> _ = (root / "lib" / "a.py").write_text("def f(): return 1\n")
    >>> _ = (root / "lib" / "b.py").write_text("def g(): return 2\n")
    >>> _ = (root / "s.py").write_text("from lib import f\nclass S:\n    x = f()\n")
    >>> sorted(scene_dependencies(root / "s.py", "S", project=root).modules)
    ['lib/a.py']
    """
    path = Path(scene_file).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"scene file not found: {path}")
    root = Path(project).resolve() if project is not None else path.parent.parent
    resolver = _Resolver([path.parent, root], root)
    tree = _parse(path, resolver.errors, resolver.relative(path))
    if tree is None:
        return SceneSource(code=digest(path.read_bytes()), errors=tuple(resolver.errors))
    statements = _scene_statements(tree, class_name, scene_classes)
    resolver.scan(path, _used_imports(statements))
    resolver.modules.pop(path, None)  # a scene file importing itself is already in `code`
    return SceneSource(
        code=digest("\n".join(ast.dump(s) for s in statements)),
        modules={resolver.relative(p): d for p, d in sorted(resolver.modules.items())},
        attributes=frozenset(resolver.attributes),
        reads_params=resolver.reads_params,
        errors=tuple(dict.fromkeys(resolver.errors)),
    )
