"""Build the lecture: decide what is stale, render it with the manim CLI in parallel, install atomically.

Layout of the outputs (``OUT`` is ``media/lecture/<quality>``, e.g. ``media/lecture/1080p60``)::

    OUT/scenes/<Scene>.mp4        web MP4 (H.264, yuv420p, +faststart, AAC sound when narrated);
                                  .webm (VP9, Opus sound) / .gif (no sound) with --format
    OUT/scenes/<Scene>.png        poster (the last frame)
    OUT/scenes/<Scene>.srt|.vtt   the scene's spoken lines (manim subcaptions)
    OUT/scenes/<Scene>.<fmt>.json the fingerprint it was built from, its title and duration
    OUT/lecture.mp4               all scenes in lecture order, one chapter per scene, the sound of
                                  all scenes at -16 LUFS (true peak <= -1.5 dBTP)
    OUT/lecture.srt|.vtt          the spoken lines of the whole lecture
    OUT/chapters.vtt|.json        the chapters (WebVTT chapters track, JSON)
    OUT/index.html, page.css|.js  the course page playing the lecture (see :mod:`.page`)
    media/lecture/.work/          worker TeX folders, staging folders (safe to delete)
    media/voice/                  the speech cache all manim processes share

Every render happens in its own staging folder inside this build's run folder
(``.work/stage/run-<pid>-*``, locked while the build runs; a later build
deletes those whose build was killed); outputs are moved into place
(``os.replace``) only after the render and the post-processing succeeded, and
the fingerprint file is written last, so an interrupted or failed build never
leaves a stale output looking fresh, nor replaces a good one.

The fingerprint holds values, not spelling: the lecture parameters as loaded
and validated (``2`` and ``2.0`` are the same), ``manim.cfg`` as parsed values,
code as syntax trees, the scene's narration as parsed TOML. A scene's title is
not part of it: a new title re-tags the video's metadata (a remux, no render).
"""

from __future__ import annotations

import configparser
import contextlib
import dataclasses
import fcntl
import hashlib
import io
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from configparser import ConfigParser
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO, cast

from lecture_voice import VoiceChoice

from . import media
from .deps import scene_dependencies
from .lecture import Lecture, LectureError, LectureScene
from .page import page_after_build
from .voice import FileHashes, narration_tables

__all__ = [
    "FORMATS",
    "QUALITIES",
    "BuildOptions",
    "BuildResult",
    "SceneState",
    "build",
    "check_writable",
    "effective_params",
    "manim_cfg_values",
    "scene_states",
]

# Bump when rendering or post-processing changes, so every output is rebuilt once.
# 2: one encoder thread per worker; 3: subtitle cues never overlap;
# 4: sound (AAC / Opus), escaped WebVTT, fingerprints of values
RECIPE = 4
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "p": "1440p60", "k": "2160p60"}
FORMATS = ("mp4", "webm", "gif")
PARAMS_ENV = "SOFTMAX_ANIM_PARAMS"
MANIM_ENV = "SOFTMAX_ANIM_MANIM"  # command used instead of "python -m manim" (tests)


@dataclass
class BuildOptions:
    """What to build and how."""

    lecture: Lecture
    project: Path
    out_root: Path
    quality: str = "h"
    fmt: str = "mp4"
    jobs: int = 1
    params: Path | None = None
    force: bool = False
    progress: str = "auto"  # auto | live | plain | quiet
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    voice: VoiceChoice | None = None  # None: silent (``none``), recordings and speech cache under the project

    def voice_in_force(self) -> VoiceChoice:
        """The voice the scenes speak with."""
        if self.voice is not None:
            return self.voice
        return VoiceChoice("none", self.project / "recordings", self.project / "media" / "voice")

    @property
    def out_dir(self) -> Path:
        """Where this quality's outputs go."""
        return self.out_root / QUALITIES[self.quality]

    @property
    def scenes_out(self) -> Path:
        """Where the per-scene outputs go."""
        return self.out_dir / "scenes"

    @property
    def work_dir(self) -> Path:
        """Scratch space: worker TeX folders and staging folders."""
        return self.out_root / ".work"

    def params_file(self) -> Path | None:
        """The override file in force (``--params`` or ``$SOFTMAX_ANIM_PARAMS``)."""
        if self.params is not None:
            return self.params
        env = os.environ.get(PARAMS_ENV)
        return Path(env) if env else None


@dataclass(frozen=True)
class SceneState:
    """Whether a scene's output is up to date, and why not."""

    scene: LectureScene
    fingerprint: str
    components: dict[str, Any]
    stale: str | None  # the reason to re-render, None when up to date
    problem: str | None = None  # why rendering it would fail before manim starts (a syntax error)
    retitle: bool = False  # up to date, but its title changed: re-tag the video, do not render


@dataclass
class BuildResult:
    """What a build did."""

    rendered: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    retitled: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    lecture: str = ""  # "assembled", "up to date", or why it was not assembled
    interrupted: bool = False


# --- fingerprints -------------------------------------------------------------


def _digest(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()[:16]


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


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if value == value else "nan"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_dumps(tables: dict[str, Any]) -> str:
    """Tables of plain values as TOML (what :func:`tomllib.loads` reads back)."""
    out = []
    for name, table in tables.items():
        out.append(f"[{json.dumps(name)}]")
        out += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(out) + "\n"


def effective_params(project: Path, override: Path | None) -> dict[str, Any]:
    """The lecture parameters a render uses, as loaded and validated: table name -> plain values.

    Values, not spelling: ``2`` and ``2.0``, a colour name's case or a comment
    give the same tables. The defaults are the project's ``lecture.toml``
    (when it differs from the installed package's, it is applied as a first
    layer of overrides).

    Raises
    ------
    LectureError
        When the parameters are invalid (the message names the field or file).
    """
    from softmax_anim import params as lp

    path = override
    staged: Path | None = None
    try:
        own = project / "softmax_anim" / "lecture.toml"
        if own.is_file() and own.resolve() != lp.DEFAULTS_PATH.resolve():
            with own.open("rb") as f:
                own_tables = tomllib.load(f)
            with lp.DEFAULTS_PATH.open("rb") as f:
                same = tomllib.load(f) == own_tables
            if not same:
                merged = dict(own_tables)
                if override is not None:
                    with override.open("rb") as f:
                        for table, values in tomllib.load(f).items():
                            base = merged.get(table, {})
                            both = isinstance(values, dict) and isinstance(base, dict)
                            merged[table] = {**base, **values} if both else values
                fd, name = tempfile.mkstemp(prefix="params-", suffix=".toml")
                os.close(fd)
                staged = Path(name)
                staged.write_text(_toml_dumps(merged), encoding="utf-8")
                path = staged
        loaded = lp.load_params(path)
    except (lp.LectureParamsError, OSError, ValueError) as e:
        raise LectureError(str(e)) from None
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)
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


def _json_digest(value: Any) -> str:
    return _digest(json.dumps(value, sort_keys=True, ensure_ascii=False))


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
    spoken = {"narration": None if table is None else _json_digest(dict(table)), "voice": voice or {"name": "none"}}
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
        "params": {t: _json_digest(params[t]) for t in tables},
    }
    return components, (source.errors[0] if source.errors else None)


def _outputs(opts: BuildOptions, name: str) -> list[Path]:
    base = opts.scenes_out / name
    return [base.with_suffix(f".{opts.fmt}"), base.with_suffix(".png"), base.with_suffix(".srt"),
            base.with_suffix(".vtt")]


def _meta_path(opts: BuildOptions, name: str) -> Path:
    return opts.scenes_out / f"{name}.{opts.fmt}.json"


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


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
        "manim_cfg": _json_digest(manim_cfg_values(cfg)) if cfg.is_file() else "",
    }
    narration = narration_tables(opts.lecture.scenes_dir)
    voice = opts.voice_in_force()
    hashes = FileHashes(opts.work_dir / "file-hashes.json")
    states = []
    for scene in scenes:
        comps, problem = scene_components(scene, opts.lecture, opts, params, common, narration,
                                          voice.fingerprint(scene.name, hashes.digest))
        fingerprint = _digest(json.dumps(comps, sort_keys=True))
        meta = _read_json(_meta_path(opts, scene.name))
        if meta is not None and not all(p.is_file() for p in _outputs(opts, scene.name)):
            reason: str | None = "output missing"
        else:
            reason = _why_stale(meta.get("components") if meta else None, comps)
        if opts.force and reason is None:
            reason = "forced"
        retitle = reason is None and meta is not None and meta.get("title") != scene.title
        states.append(SceneState(scene, fingerprint, comps, reason, problem, retitle))
    hashes.save()
    return states


def check_writable(opts: BuildOptions) -> None:
    """Make sure every folder a build writes to can be written, before anything renders.

    Raises
    ------
    LectureError
        Naming the first folder that cannot be created or written.
    """
    folders = [opts.scenes_out, opts.work_dir]
    voice = opts.voice_in_force()
    if voice.name != "none":
        folders.append(voice.cache)
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
                pass
        except OSError as e:
            raise LectureError(f"output folder {folder} is not writable: {e.strerror or e}") from None


# --- running manim --------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_PROGRESS = re.compile(r"Animation (\d+):.*?(\d+)%\|")
_ERROR = re.compile(r"^(error:|[A-Za-z_][\w.]*(Error|Exception|Exit)\b)")
_BOX = "│┃║╭╮╰╯─━═┌┐└┘ \t"


def last_error_line(lines: Sequence[str]) -> str:
    """The most telling line of a failed manim run: its last ``error:`` or exception line.

    Examples
    --------
    >>> last_error_line(["INFO ok", "│ ❱ 27 raise ValueError('x') │", "ValueError: boom"])
    'ValueError: boom'
    >>> last_error_line(["error: lecture parameter 'logits.values': expected 3 values, got 2"])
    "error: lecture parameter 'logits.values': expected 3 values, got 2"
    """
    cleaned = [_ANSI.sub("", line).strip(_BOX) for line in lines]
    cleaned = [line for line in cleaned if line and not _PROGRESS.search(line)]
    for line in reversed(cleaned):
        if _ERROR.match(line):
            return line
    return cleaned[-1] if cleaned else "no output"


_LATEX_ERROR = re.compile(r"LaTeX compilation error:\s*(.*?)\s*(?:\S+\.py:\d+)?\s*$")
_LATEX_CONTEXT = re.compile(r"^\s*(?:\S.*?\s{2,})?->\s?(.*?)\s*$")
_LATEX_LOG = re.compile(r"log file:\s*(\S+\.log)")
_LOCATION = re.compile(r"(\S+\.py):(\d+)\b")
_DVISVGM = re.compile(r"\\special\{dvisvgm:raw [^}]*\}")


def failure_message(lines: Sequence[str], latex: Sequence[str] = ()) -> str:
    r"""The cause of a failed manim run in one line, with what the user needs to fix it.

    ``latex`` holds manim's LaTeX error lines (``LaTeX compilation error: ...``
    and the ``-> ...`` context), kept apart because the traceback that follows
    them is longer than the kept tail of the output.

    Examples
    --------
    >>> failure_message(["│  /p/scenes/a.py:5   │", "SyntaxError: '(' was never closed"])
    "SyntaxError: '(' was never closed (/p/scenes/a.py, line 5)"
    >>> failure_message(["ValueError: latex error converting to dvi. See log output above or the log file: /t/x.log"],
    ...                 ["ERROR  LaTeX compilation error: Undefined control sequence.   tex_file_writing.py:320",
    ...                  r"       -> \special{dvisvgm:raw <g>}\foo x\special{dvisvgm:raw </g>}"])
    'LaTeX error: Undefined control sequence. at: \\foo x (log: /t/x.log)'
    """
    error = last_error_line(lines)
    if "latex error" in error.lower():
        messages, contexts = [], []
        for raw in latex:
            line = _ANSI.sub("", raw)
            if m := _LATEX_ERROR.search(line):
                messages.append(m.group(1))
            elif m := _LATEX_CONTEXT.match(line):
                contexts.append(_DVISVGM.sub("", m.group(1)).strip())
        if messages:
            log = _LATEX_LOG.search(error)
            context = f" at: {contexts[-1]}" if contexts and contexts[-1] else ""
            where = f" (log: {log.group(1)})" if log else ""
            return f"LaTeX error: {messages[-1]}{context}{where}"
    if re.match(r"(SyntaxError|IndentationError|TabError)\b", error) and "line " not in error:
        cleaned = [_ANSI.sub("", line).strip(_BOX) for line in lines]
        index = max((i for i, line in enumerate(cleaned) if line == error), default=len(cleaned))
        for line in reversed(cleaned[:index]):
            if m := _LOCATION.search(line):
                return f"{error} ({m.group(1)}, line {m.group(2)})"
    return error


class _RunFolder:
    """The build's own staging folder, ``.work/stage/run-<pid>-*``, locked while the build runs.

    On entry, the run folders of earlier builds that are no longer running (a
    SIGKILL, a power cut) are deleted, after stopping any manim process of
    theirs still running (known from the folder's ``pids`` file, checked against
    the process's command line so that a reused process id is never touched).
    """

    def __init__(self, work_dir: Path) -> None:
        self.root = work_dir / "stage"
        self.path = self.root
        self._lock: Any = None

    def __enter__(self) -> _RunFolder:
        self.root.mkdir(parents=True, exist_ok=True)
        self.sweep()
        fresh = Path(tempfile.mkdtemp(prefix=f".new-{os.getpid()}-", dir=self.root))
        self._lock = (fresh / ".lock").open("w")
        fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.path = self.root / fresh.name.replace(".new-", "run-", 1)
        fresh.rename(self.path)  # visible to other builds only once locked
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()

    def started(self, pid: int) -> None:
        """Note a manim process started by this build."""
        with (self.path / "pids").open("a") as f:
            f.write(f"{pid}\n")

    def sweep(self) -> None:
        """Delete the staging left by builds that did not end normally."""
        for entry in list(self.root.iterdir()):
            if entry.name.startswith(".new-"):
                with contextlib.suppress(OSError):
                    if time.time() - entry.stat().st_mtime > 3600:  # a build killed while starting
                        shutil.rmtree(entry, ignore_errors=True)
                continue
            if entry.name.startswith("run-") and entry.is_dir():
                try:
                    handle = (entry / ".lock").open("a")
                except OSError:
                    continue
                with handle:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except OSError:
                        continue  # a running build's
                    _stop_orphans(entry)
                    shutil.rmtree(entry, ignore_errors=True)
            else:  # the staging layout of earlier versions
                shutil.rmtree(entry, ignore_errors=True)
        for old in self.root.parent.glob("lecture-*"):
            shutil.rmtree(old, ignore_errors=True)


def _stop_orphans(run: Path) -> None:
    """Kill the manim processes a dead build left running in ``run`` (their own process groups)."""
    try:
        pids = [int(p) for p in (run / "pids").read_text().split()]
    except (OSError, ValueError):
        return
    for pid in pids:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if str(run) in cmdline:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)


class _Slots:
    """Worker slots: each holds its own TeX and text folders, locked while a build uses it."""

    def __init__(self, work_dir: Path, project: Path) -> None:
        self.work_dir = work_dir
        self.project = project
        self._local = threading.local()
        self._held: list[Any] = []
        self._lock = threading.Lock()

    def config(self) -> Path:
        """Return the calling thread's worker config file, claiming a free slot the first time."""
        cfg: Path | None = getattr(self._local, "cfg", None)
        if cfg is None:
            cfg = self._claim()
            self._local.cfg = cfg
        return cfg

    def _claim(self) -> Path:
        with self._lock:
            k = 0
            while True:
                slot = self.work_dir / f"worker-{k}"
                slot.mkdir(parents=True, exist_ok=True)
                handle = (slot / "lock").open("w")
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:  # another build (or thread) holds it
                    handle.close()
                    k += 1
                    continue
                self._held.append(handle)
                return self._write_config(slot)

    def _write_config(self, slot: Path) -> Path:
        parser = ConfigParser()
        project_cfg = self.project / "manim.cfg"
        if project_cfg.is_file():
            parser.read(project_cfg)
        if not parser.has_section("CLI"):
            parser.add_section("CLI")
        parser.set("CLI", "tex_dir", str((slot / "Tex").resolve()))
        parser.set("CLI", "text_dir", str((slot / "texts").resolve()))
        # One encoder thread per worker: the workers already fill the cores, and x264's frame threads
        # cost about a fifth more CPU for the same CRF (measured: 33.6 s vs 42.9 s CPU for one scene).
        if not parser.has_section("video_encoder.options"):
            parser.add_section("video_encoder.options")
        parser.set("video_encoder.options", "threads", "1")
        cfg = slot / "manim.cfg"
        with cfg.open("w") as f:
            parser.write(f)
        return cfg

    def clear_caches(self) -> None:
        """Delete every worker's TeX and text folders (the stress test starts cold)."""
        for slot in self.work_dir.glob("worker-*"):
            for sub in ("Tex", "texts"):
                shutil.rmtree(slot / sub, ignore_errors=True)

    def release(self) -> None:
        for handle in self._held:
            handle.close()
        self._held.clear()


class SceneFailed(Exception):
    """A scene's render or post-processing failed; the message is the cause."""


def _manim_command() -> list[str]:
    custom = os.environ.get(MANIM_ENV)
    return shlex.split(custom) if custom else [sys.executable, "-m", "manim"]


class _Runner:
    """Render scenes one by one in worker threads, each render a manim subprocess."""

    def __init__(self, opts: BuildOptions, report: _Reporter, run: _RunFolder) -> None:
        self.opts = opts
        self.report = report
        self.run = run
        self.slots = _Slots(opts.work_dir, opts.project)
        self.procs: set[subprocess.Popen[bytes]] = set()
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def render(self, state: SceneState) -> float:
        """Render one scene, post-process and install it; return the video's duration."""
        scene = state.scene
        stage = Path(tempfile.mkdtemp(prefix=f"{scene.name}-", dir=self.run.path))
        try:
            if not scene.path.is_file():
                raise SceneFailed(f"scene file not found: {scene.path}")
            began = time.monotonic()
            self._run_manim(scene, stage)
            if self.stopping.is_set():
                raise SceneFailed("interrupted")
            return self._install(state, stage, began)
        finally:
            shutil.rmtree(stage, ignore_errors=True)

    def _run_manim(self, scene: LectureScene, stage: Path) -> None:
        opts = self.opts
        cmd = [*_manim_command(), "render", "-q", opts.quality, "--format", opts.fmt,
               "-c", str(self.slots.config()), "--media_dir", str(stage / "media"),
               "--disable_caching", "--progress_bar", "display", "-v", "WARNING",
               str(scene.path), scene.name]
        env = {**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1", **opts.voice_in_force().env()}
        params = opts.params_file()
        if params is not None:
            env[PARAMS_ENV] = str(params.resolve())
        tail: list[str] = []
        latex: list[str] = []
        proc = subprocess.Popen(cmd, cwd=opts.project, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        with self._lock:
            self.procs.add(proc)
        with contextlib.suppress(OSError):
            self.run.started(proc.pid)
        try:
            out = cast(io.BufferedReader, proc.stdout)
            pending = b""
            while chunk := out.read1(65536):
                pending += chunk
                *lines, pending = re.split(rb"[\r\n]", pending)
                for raw in lines:
                    line = raw.decode("utf-8", "replace")
                    match = _PROGRESS.search(line)
                    if match:
                        self.report.progress(scene, int(match.group(1)), int(match.group(2)))
                    elif line.strip():
                        tail = (tail + [line])[-60:]
                        if "LaTeX compilation error" in line or (latex and "->" in line and len(latex) < 40):
                            latex.append(line)
            if pending.strip():
                tail.append(pending.decode("utf-8", "replace"))
            code = proc.wait()
        finally:
            with self._lock:
                self.procs.discard(proc)
        if self.stopping.is_set():
            raise SceneFailed("interrupted")
        if code != 0:
            raise SceneFailed(failure_message(tail, latex))

    def _install(self, state: SceneState, stage: Path, began: float) -> float:
        scene, opts = state.scene, self.opts
        # manim names a GIF "<Scene>_ManimCE_v<version>.gif"
        found = sorted(p for p in (stage / "media").rglob(f"{scene.name}*.{opts.fmt}")
                       if p.stem == scene.name or p.stem.startswith(f"{scene.name}_ManimCE_v"))
        if not found:
            raise SceneFailed(f"manim wrote no {opts.fmt} file (does the scene play any animation?)")
        raw = found[0]
        ready = stage / "ready"
        ready.mkdir()
        video, png, srt, vtt = (ready / p.name for p in _outputs(opts, scene.name))
        try:
            if opts.fmt == "mp4":
                media.web_mp4(raw, video, scene.title)
            elif opts.fmt == "webm":
                media.web_webm(raw, video, scene.title)
            else:
                shutil.copyfile(raw, video)
            media.poster(video, png)
            info = media.probe(video)
            duration = float(info["duration"])  # type: ignore[arg-type]
            subcaptions = raw.with_suffix(".srt")
            cues = media.parse_srt(subcaptions.read_text(encoding="utf-8")) if subcaptions.is_file() else []
        except media.MediaError as e:
            raise SceneFailed(str(e)) from None
        cues = media.one_at_a_time(cues)
        srt.write_text(media.format_srt(cues), encoding="utf-8")
        vtt.write_text(media.format_vtt(cues), encoding="utf-8")
        # Move into place: fingerprint file out first, outputs in, fingerprint file in last.
        opts.scenes_out.mkdir(parents=True, exist_ok=True)
        meta = _meta_path(opts, scene.name)
        meta.unlink(missing_ok=True)
        for src, dst in zip((video, png, srt, vtt), _outputs(opts, scene.name), strict=True):
            os.replace(src, dst)
        record = {"scene": scene.name, "title": scene.title, "fingerprint": state.fingerprint,
                  "duration": duration, "audio": info["audio"], "render_seconds": round(time.monotonic() - began, 2),
                  "components": state.components}
        tmp = ready / meta.name
        tmp.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, meta)
        return duration

    def stop(self) -> None:
        """Stop every running manim process (Ctrl-C)."""
        self.stopping.set()
        with self._lock:
            procs = list(self.procs)
        for proc in procs:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        for proc in procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)


# --- progress display -------------------------------------------------------------


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}m{s:02d}s" if m else f"{seconds:.1f}s"


class _Reporter:
    """Per-scene and overall progress: a live status line on a terminal, sparse lines otherwise."""

    PLAIN_EVERY = 15.0  # seconds between progress lines per scene in plain (CI) mode

    def __init__(self, stream: TextIO, mode: str, total: int) -> None:
        if mode == "auto":
            mode = "live" if stream.isatty() else "plain"
        self.stream, self.mode, self.total = stream, mode, total
        self.started = time.monotonic()
        self.done = 0
        self.slots: dict[str, tuple[int, str]] = {}  # running scene -> (number, status)
        self.numbers: dict[str, int] = {}
        self.began: dict[str, float] = {}
        self.last_plain: dict[str, float] = {}
        self._lock = threading.Lock()

    def _write(self, line: str) -> None:
        if self.mode == "quiet":
            return
        if self.mode == "live":
            self.stream.write("\r\x1b[K")
        self.stream.write(line + "\n")
        self._status()

    def _status(self) -> None:
        if self.mode != "live" or not self.slots:
            self.stream.flush()
            return
        running = "  ".join(f"{name} {status}" for name, (_, status) in self.slots.items())
        line = f"[{self.done}/{self.total} done, {_clock(time.monotonic() - self.started)}] {running}"
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self.stream.write("\r\x1b[K" + line[:width])
        self.stream.flush()

    def note(self, line: str) -> None:
        """A line of its own (plan, summary)."""
        with self._lock:
            self._write(line)

    def start(self, scene: LectureScene, reason: str) -> None:
        """A scene starts rendering."""
        with self._lock:
            number = len(self.numbers) + 1
            self.numbers[scene.name] = number
            self.began[scene.name] = time.monotonic()
            self.slots[scene.name] = (number, "starting")
            self.last_plain[scene.name] = time.monotonic()
            self._write(f"[{number}/{self.total}] {scene.name}: rendering ({reason})")

    def progress(self, scene: LectureScene, animation: int, percent: int) -> None:
        """A progress report parsed from manim's output."""
        with self._lock:
            if scene.name not in self.slots:
                return
            number = self.slots[scene.name][0]
            self.slots[scene.name] = (number, f"anim {animation} {percent}%")
            now = time.monotonic()
            if self.mode == "plain" and now - self.last_plain[scene.name] >= self.PLAIN_EVERY:
                self.last_plain[scene.name] = now
                self._write(f"[{number}/{self.total}] {scene.name}: animation {animation}, {percent}%")
            elif self.mode == "live":
                self._status()

    def finish(self, scene: LectureScene, error: str | None, duration: float = 0.0) -> None:
        """A scene finished (``error`` None) or failed."""
        with self._lock:
            number, _ = self.slots.pop(scene.name, (0, ""))
            self.done += 1
            took = _clock(time.monotonic() - self.began.get(scene.name, self.started))
            if error is None:
                self._write(f"[{number}/{self.total}] {scene.name}: done in {took} ({duration:.1f} s of video)")
            else:
                self._write(f"[{number}/{self.total}] {scene.name}: FAILED after {took}: {error}")

    def close(self) -> None:
        with self._lock:
            if self.mode == "live":
                self.stream.write("\r\x1b[K")
                self.stream.flush()


# --- the lecture video -------------------------------------------------------------


def _assemble(opts: BuildOptions, states: Sequence[SceneState], report: _Reporter, run: _RunFolder) -> str:
    """Join the scene videos into the chaptered lecture video, with its sound, subtitles and chapters."""
    stale = [s.scene.name for s in states if s.stale is not None]
    if stale:
        more = ", ..." if len(stale) > 3 else ""
        return f"not assembled: {len(stale)} scene(s) not built ({', '.join(stale[:3])}{more})"
    key = _digest(json.dumps([[s.scene.name, s.scene.title, s.fingerprint] for s in states]))
    out = opts.out_dir
    names = ["lecture.mp4", "lecture.srt", "lecture.vtt", "chapters.vtt", "chapters.json"]
    meta = out / "lecture.json"
    old = _read_json(meta)
    if old is not None and old.get("key") == key and all((out / n).is_file() for n in names):
        return "up to date"
    report.note(f"assembling the lecture video from {len(states)} scenes")
    stage = Path(tempfile.mkdtemp(prefix="lecture-", dir=run.path))
    try:
        chapters, cues, durations, start = [], [], [], 0.0
        videos = [_outputs(opts, s.scene.name)[0] for s in states]
        for s, video in zip(states, videos, strict=True):
            info = _read_json(_meta_path(opts, s.scene.name)) or {}
            duration = float(info.get("duration") or media.probe(video)["duration"])  # type: ignore[arg-type]
            chapters.append(media.Chapter(s.scene.title, start, start + duration, s.scene.name))
            srt = _outputs(opts, s.scene.name)[2].read_text(encoding="utf-8")
            cues += [c.shifted(start) for c in media.parse_srt(srt)]
            durations.append(duration)
            start += duration
        (stage / "chapters.txt").write_text(media.ffmetadata(chapters, "Softmax lecture"), encoding="utf-8")
        media.join_audio(videos, durations, stage / "mix.wav")
        source, loudness = media.normalize_audio(stage / "mix.wav", stage / "audio.m4a")
        (stage / "mix.wav").unlink()
        media.concat_lecture(videos, durations, stage / "audio.m4a", stage / "chapters.txt", stage / "lecture.mp4")
        (stage / "lecture.srt").write_text(media.format_srt(cues), encoding="utf-8")
        (stage / "lecture.vtt").write_text(media.format_vtt(cues), encoding="utf-8")
        (stage / "chapters.vtt").write_text(media.chapters_vtt(chapters), encoding="utf-8")
        (stage / "chapters.json").write_text(media.chapters_json(chapters), encoding="utf-8")
        meta.unlink(missing_ok=True)
        for name in names:
            os.replace(stage / name, out / name)
        record = {"key": key, "duration": start,
                  "loudness": {"integrated_lufs": loudness.integrated, "true_peak_dbtp": loudness.true_peak,
                               "source_integrated_lufs": source.integrated, "source_true_peak_dbtp": source.true_peak}}
        (stage / "lecture.json").write_text(json.dumps(record, indent=2) + "\n")
        os.replace(stage / "lecture.json", meta)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    sound = (f"{loudness.integrated:.1f} LUFS, true peak {loudness.true_peak:.1f} dBTP"
             if loudness.integrated is not None and loudness.true_peak is not None else "silent")
    return f"assembled ({start:.1f} s, {len(states)} chapters, {sound})"


def _retitle(opts: BuildOptions, states: Sequence[SceneState], result: BuildResult, report: _Reporter) -> None:
    """Re-tag the videos of up-to-date scenes whose title changed (a remux, no render)."""
    for state in states:
        if not state.retitle:
            continue
        name, title = state.scene.name, state.scene.title
        meta = _meta_path(opts, name)
        record = _read_json(meta) or {}
        try:
            if opts.fmt in ("mp4", "webm"):
                media.retitle(_outputs(opts, name)[0], title)
        except media.MediaError as e:
            result.failed[name] = str(e)
            continue
        record["title"] = title
        tmp = meta.with_name(f".{meta.name}.tmp")
        tmp.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, meta)
        result.retitled.append(name)
        report.note(f"{name}: new title {title!r}, video re-tagged (not re-rendered)")


# --- the build ---------------------------------------------------------------------


def build(opts: BuildOptions, scenes: Sequence[LectureScene],
          on_start: Callable[[list[SceneState]], None] | None = None) -> BuildResult:
    """Render the stale scenes among ``scenes`` (in parallel), then the lecture video if all are fresh.

    Raises
    ------
    LectureError
        Before anything renders: unreadable inputs, or an output folder that cannot be written.
    KeyboardInterrupt
        After stopping the running renders; finished outputs stay in place, staging is deleted.
    """
    result = BuildResult()
    states = scene_states(opts, scenes)
    check_writable(opts)
    broken = [s for s in states if s.stale is not None and s.problem is not None]
    todo = [s for s in states if s.stale is not None and s.problem is None]
    result.up_to_date = [s.scene.name for s in states if s.stale is None]
    report = _Reporter(opts.stream, opts.progress, len(todo))
    if result.up_to_date:
        report.note(f"{len(result.up_to_date)} of {len(states)} scene(s) up to date")
    for state in broken:
        result.failed[state.scene.name] = str(state.problem)
        report.note(f"{state.scene.name}: FAILED before rendering: {state.problem}")
    if on_start is not None:
        on_start(todo)
    with _RunFolder(opts.work_dir) as run:
        runner = _Runner(opts, report, run)
        try:
            _retitle(opts, states, result, report)
            if todo:
                jobs = min(opts.jobs, len(todo))
                report.note(f"rendering {len(todo)} scene(s) at {QUALITIES[opts.quality]} with {jobs} job(s)"
                            f" -> {opts.scenes_out}")
                _render_all(runner, todo, result, report)
        except KeyboardInterrupt:
            runner.stop()
            result.interrupted = True
            report.close()
            raise
        finally:
            runner.slots.release()
        report.close()
        if opts.fmt == "mp4" and not result.failed:
            # Fresh states without --force: the scenes just rendered are up to date now.
            everything = scene_states(dataclasses.replace(opts, force=False), opts.lecture.scenes)
            try:
                result.lecture = _assemble(opts, everything, report, run)
            except media.MediaError as e:
                result.lecture = f"failed: {e}"
            if result.lecture.startswith(("assembled", "up to date")):  # the course page beside it (issue 14)
                report.note(page_after_build(opts.out_dir))
    return result


def _cost(opts: BuildOptions, name: str) -> float:
    """A scene's last known render cost (seconds per megapixel-frame/s), from any quality; 0 if unknown."""
    costs = [0.0]
    for root in {opts.out_root, opts.project / "media" / "lecture"}:
        for meta in root.glob(f"*/scenes/{name}.*.json"):
            info = _read_json(meta) or {}
            quality = str(info.get("components", {}).get("quality", ""))
            m = re.fullmatch(r"(\d+)p(\d+)", quality)
            if m and info.get("render_seconds"):
                height, fps = int(m.group(1)), int(m.group(2))
                costs.append(float(info["render_seconds"]) / (height * height * 16 / 9 * fps / 1e6))
    return max(costs)


def _longest_first(opts: BuildOptions, todo: list[SceneState]) -> list[SceneState]:
    """Start the scenes that took longest last time first, so a long one does not finish alone."""
    known = {s.scene.name: _cost(opts, s.scene.name) for s in todo}
    if not any(known.values()):
        return todo
    return sorted(todo, key=lambda s: -known[s.scene.name])


def _render_all(runner: _Runner, todo: list[SceneState], result: BuildResult, report: _Reporter) -> None:
    jobs = max(1, min(runner.opts.jobs, len(todo)))
    queue: Iterator[SceneState] = iter(_longest_first(runner.opts, todo))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        running: dict[Future[float], SceneState] = {}

        def submit_next() -> None:
            state = next(queue, None)
            if state is not None and not runner.stopping.is_set():
                report.start(state.scene, state.stale or "")
                running[pool.submit(runner.render, state)] = state

        for _ in range(jobs):
            submit_next()
        try:
            while running:
                done, _ = wait(list(running), timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    state = running.pop(future)
                    try:
                        duration = future.result()
                    except SceneFailed as e:
                        result.failed[state.scene.name] = str(e)
                        report.finish(state.scene, str(e))
                    except Exception as e:  # a bug or an OS error: report it as the scene's failure
                        result.failed[state.scene.name] = f"{type(e).__name__}: {e}"
                        report.finish(state.scene, result.failed[state.scene.name])
                    else:
                        result.rendered.append(state.scene.name)
                        report.finish(state.scene, None, duration)
                    submit_next()
        except KeyboardInterrupt:
            runner.stop()
            for future in running:
                future.cancel()
            raise
