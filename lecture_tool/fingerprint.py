"""Fingerprints: everything a scene's video depends on, and whether its outputs are stale.

The fingerprint holds values, not spelling: the lecture parameters as loaded
and validated (``2`` and ``2.0`` are the same), ``manim.cfg`` as parsed values,
code as syntax trees (:mod:`.deps`), the scene's narration as parsed TOML and
the voice's own fingerprint. A scene's title is not part of it: a new title
re-tags the video's metadata (a remux, no render).
"""

from __future__ import annotations

import configparser
import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from configparser import ConfigParser
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .deps import digest, scene_dependencies
from .layout import QUALITIES, BuildOptions, read_json, write_atomic
from .lecture import Lecture, LectureError, LectureScene, declared_class_counts
from .voice import FileHashes, narration_tables

__all__ = [
    "RECIPE",
    "SceneState",
    "effective_params",
    "manim_cfg_values",
    "manim_version",
    "read_record",
    "write_record",
    "scene_components",
    "scene_states",
]

# Bump when rendering or post-processing changes, so every output is rebuilt once.
# 2: one encoder thread per worker; 3: subtitle cues never overlap;
# 4: sound (AAC / Opus), escaped WebVTT, fingerprints of values; 5: subtitles at the exact spoken times
RECIPE = 5


@dataclass(frozen=True)
class SceneState:
    """Whether a scene's output is up to date, and why not."""

    scene: LectureScene
    fingerprint: str
    components: dict[str, Any]
    stale: str | None  # the reason to re-render, None when up to date
    problem: str | None = None  # why rendering it would fail before manim starts (a syntax error)
    retitle: bool = False  # up to date, but its title changed: re-tag the video, do not render
    left_out: str | None = None  # why the parameters leave it out of the lecture (a class count it does not draw)


def manim_version() -> str:
    """The installed manim's version, read from its package metadata (manim is not imported)."""
    try:
        return metadata.version("manim")
    except metadata.PackageNotFoundError:
        return "unknown"


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and numpy values as JSON-able plain values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return _plain(value.tolist())
    return value


def effective_params(project: Path, override: Path | None) -> dict[str, Any]:
    """The lecture parameters a render uses, as loaded and validated: table name -> plain values.

    Values, not spelling: ``2`` and ``2.0``, a colour name's case or a comment
    give the same tables. The defaults are the installed package's; the
    project's own ``lecture.toml``, when it is another file, is applied as a
    first layer of overrides (merged by :func:`softmax_anim.params.merge_params`).

    Raises
    ------
    LectureError
        When the parameters are invalid (the message names the field or file).
    """
    from softmax_anim import params as lp  # numpy: loaded only when fingerprinting

    own = project / "softmax_anim" / "lecture.toml"
    layers = [own] if own.is_file() and own.resolve() != lp.DEFAULTS_PATH.resolve() else []
    try:
        loaded = lp.load_params(override, layers)
    except (lp.LectureParamsError, OSError, ValueError) as e:
        raise LectureError(str(e)) from None
    return {
        f.name: _plain(getattr(loaded, f.name))
        for f in dataclasses.fields(loaded)
        if dataclasses.is_dataclass(getattr(loaded, f.name))
    }


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_BOOLEANS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


def _cfg_value(key: str, raw: str) -> Any:
    value = raw.strip()
    if _NUMBER.fullmatch(value):
        return float(value)
    if value.lower() in _BOOLEANS:
        return _BOOLEANS[value.lower()]
    if key.endswith(("color", "colour")):
        return value.upper() if value.startswith("#") else value.lower()
    return value


def manim_cfg_values(path: Path) -> dict[str, dict[str, Any]]:
    r"""``manim.cfg`` as parsed values (comments, spacing, key case, ``2`` vs ``2.0`` do not count).

    Examples
    --------
    >>> import tempfile
    >>> a, b = (Path(tempfile.mkdtemp()) / "manim.cfg" for _ in range(2))
    >>> _ = a.write_text("[CLI]\nframe_rate = 30\nbackground_color = #0f1117\n")
    >>> _ = b.write_text("# ours\n[CLI]\nFRAME_RATE=30.0\nbackground_color = #0F1117  \n")
    >>> manim_cfg_values(a) == manim_cfg_values(b)
    True

    Raises
    ------
    LectureError
        When the file cannot be parsed.
    """
    parser = ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    except (OSError, UnicodeDecodeError, configparser.Error) as e:
        raise LectureError(f"cannot read {path}: {str(e).splitlines()[0]}") from None
    return {section: {k: _cfg_value(k, v) for k, v in parser.items(section)} for section in parser.sections()}


def json_digest(value: Any) -> str:
    """The digest of a JSON-able value (key order does not count)."""
    return digest(json.dumps(value, sort_keys=True, ensure_ascii=False))


def scene_components(
    scene: LectureScene, lecture: Lecture, opts: BuildOptions, params: dict[str, Any], common: dict[str, Any],
    narration: Mapping[str, Mapping[str, str]] | None = None, voice: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], str | None]:
    """Everything the scene's video depends on, each as a digest (see :mod:`.deps`), and a syntax error if any.

    ``narration`` is the checked ``narration.toml`` (all scenes), ``voice`` this
    scene's voice fingerprint (:meth:`lecture_voice.VoiceChoice.fingerprint`).
    """
    same_file = [s.name for s in lecture.scenes if s.file == scene.file]
    table = (narration or {}).get(scene.name)
    spoken = {"narration": None if table is None else json_digest(dict(table)), "voice": voice or {"name": "none"}}
    if not scene.path.is_file():
        return {**common, **spoken, "scene": f"{scene.file}:{scene.name}:missing", "modules": {}, "params": {}}, None
    source = scene_dependencies(scene.path, scene.name, same_file, project=opts.project)
    tables = sorted(t for t in params if t in source.attributes)
    if not tables and source.reads_params:
        tables = sorted(params)
    components = {
        **common,
        **spoken,
        "scene": f"{scene.file}:{scene.name}:{source.code}",
        "modules": source.modules,
        "params": {t: json_digest(params[t]) for t in tables},
    }
    return components, (source.errors[0] if source.errors else None)


def read_record(path: Path) -> dict[str, Any] | None:
    """A scene's or the lecture's record (what it was built from); None when missing or unreadable."""
    try:
        data = read_json(path)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def write_record(path: Path, record: Mapping[str, Any]) -> None:
    """Write a record atomically: never half a record."""
    write_atomic(path, json.dumps(record, indent=2, sort_keys=True) + "\n")


def _voice_change(old: Any, new: Any) -> str:
    old, new = old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {}
    if old.get("name") != new.get("name"):
        return f"voice changed ({old.get('name', 'none')} -> {new.get('name')})"
    for key, label in (("engine", "Piper engine changed"), ("model", "voice model changed"),
                       ("recordings", "recordings changed")):
        if old.get(key) != new.get(key):
            return label
    return "voice changed"


def _why_stale(old: dict[str, Any] | None, new: dict[str, Any]) -> str | None:
    if old is None:
        return "never built"
    labels = {"recipe": "build tool changed", "manim": "manim version changed", "quality": "quality changed",
              "format": "format changed", "scene": "scene code changed", "manim_cfg": "manim.cfg changed",
              "narration": "narration changed"}
    for key, label in labels.items():
        if old.get(key) != new.get(key):
            return label
    if old.get("voice") != new.get("voice"):
        return _voice_change(old.get("voice"), new.get("voice"))
    old_mods, new_mods = old.get("modules", {}), new.get("modules", {})
    for path in sorted(set(old_mods) | set(new_mods)):
        if old_mods.get(path) != new_mods.get(path):
            return f"{path} changed" if path in old_mods and path in new_mods else "imports changed"
    old_params, new_params = old.get("params", {}), new.get("params", {})
    changed = sorted(t for t in set(old_params) | set(new_params) if old_params.get(t) != new_params.get(t))
    if changed:
        return f"lecture parameters [{', '.join(changed)}] changed"
    return None if old == new else "dependencies changed"


def scene_states(opts: BuildOptions, scenes: Sequence[LectureScene]) -> list[SceneState]:
    """Fingerprint each scene and compare with what its outputs were built from (no manim involved).

    Raises
    ------
    LectureError
        When the parameters, ``manim.cfg`` or ``narration.toml`` cannot be read.
    """
    params = effective_params(opts.project, opts.params_file())
    cfg = opts.project / "manim.cfg"
    common = {
        "recipe": RECIPE,
        "manim": manim_version(),
        "quality": QUALITIES[opts.quality],
        "format": opts.fmt,
        "manim_cfg": json_digest(manim_cfg_values(cfg)) if cfg.is_file() else "",
    }
    narration = narration_tables(opts.lecture.scenes_dir)
    voice = opts.voice_in_force()
    hashes = FileHashes(opts.work_dir / "file-hashes.json")
    counts = _class_counts(params)
    states = []
    for scene in scenes:
        comps, problem = scene_components(scene, opts.lecture, opts, params, common, narration,
                                          voice.fingerprint(scene.name, hashes.digest))
        fingerprint = digest(json.dumps(comps, sort_keys=True))
        files = opts.scene_files(scene.name)
        meta = read_record(files.record)
        if meta is not None and not all(p.is_file() for p in files.outputs):
            reason: str | None = "output missing"
        else:
            reason = _why_stale(meta.get("components") if meta else None, comps)
        if opts.force and reason is None:
            reason = "forced"
        retitle = reason is None and meta is not None and meta.get("title") != scene.title
        left_out = _left_out(scene, counts)
        states.append(SceneState(scene, fingerprint, comps, reason, problem, retitle, left_out))
    hashes.save()
    return states


def _class_counts(params: dict[str, Any]) -> dict[str, int]:
    """How many classes each class table of the effective parameters holds (``softmax_anim.params.class_counts``)."""
    from softmax_anim.params import CLASS_LISTS

    return {table: len(params[table][key]) for table, key in CLASS_LISTS.items()}


def _left_out(scene: LectureScene, counts: dict[str, int]) -> str | None:
    """Why the parameters' class counts leave ``scene`` out (one it does not draw), or None.

    Raises
    ------
    LectureError
        When the scene's ``class_counts`` names a table that holds no classes.
    """
    from softmax_anim.params import class_count_mismatch

    try:
        mismatch = class_count_mismatch(declared_class_counts(scene.path, scene.name), counts)
    except LectureError:
        raise
    except ValueError as e:
        raise LectureError(f"{scene.file}: {scene.name}.{e}") from None
    return None if mismatch is None else f"{mismatch[0]}: {mismatch[1]}"
