"""Build the lecture: decide what is stale, render it with the manim CLI in parallel, install atomically.

Layout of the outputs (``OUT`` is ``media/lecture/<quality>``, e.g. ``media/lecture/1080p60``)::

    OUT/scenes/<Scene>.mp4        web MP4 (H.264, yuv420p, +faststart); .webm / .gif with --format
    OUT/scenes/<Scene>.png        poster (the last frame)
    OUT/scenes/<Scene>.srt|.vtt   the scene's narration (manim subcaptions)
    OUT/scenes/<Scene>.<fmt>.json the fingerprint it was built from, its duration
    OUT/lecture.mp4               all scenes in lecture order, one chapter per scene
    OUT/lecture.srt|.vtt          the narration of the whole lecture
    OUT/chapters.vtt|.json        the chapters (WebVTT chapters track, JSON)
    OUT/index.html, page.css|.js  the course page playing the lecture (see :mod:`.page`)
    media/lecture/.work/          worker TeX folders, staging folders (safe to delete)

Every render happens in its own staging folder; outputs are moved into place
(``os.replace``) only after the render and the post-processing succeeded, and
the fingerprint file is written last, so an interrupted or failed build never
leaves a stale output looking fresh, nor replaces a good one.
"""

from __future__ import annotations

import contextlib
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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from configparser import ConfigParser
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO, cast

from . import media
from .deps import scene_dependencies
from .lecture import Lecture, LectureScene
from .page import page_after_build

__all__ = [
    "FORMATS",
    "QUALITIES",
    "BuildOptions",
    "BuildResult",
    "SceneState",
    "build",
    "scene_states",
]

# Bump when rendering or post-processing changes, so every output is rebuilt once.
RECIPE = 3  # 2: one encoder thread per worker; 3: subtitle cues never overlap
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


@dataclass
class BuildResult:
    """What a build did."""

    rendered: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
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


def effective_params(project: Path, override: Path | None) -> dict[str, Any]:
    """The lecture parameters as raw tables: the project's defaults merged with the override file."""
    defaults = project / "softmax_anim" / "lecture.toml"
    if not defaults.is_file():
        from softmax_anim.params import DEFAULTS_PATH

        defaults = DEFAULTS_PATH
    with defaults.open("rb") as f:
        merged: dict[str, Any] = tomllib.load(f)
    if override is not None:
        with override.open("rb") as f:
            for table, values in tomllib.load(f).items():
                base = merged.get(table, {})
                merged[table] = {**base, **values} if isinstance(values, dict) and isinstance(base, dict) else values
    return merged


def scene_components(
    scene: LectureScene, lecture: Lecture, opts: BuildOptions, params: dict[str, Any], common: dict[str, Any]
) -> dict[str, Any]:
    """Everything the scene's video depends on, each as a digest (see :mod:`.deps`)."""
    same_file = [s.name for s in lecture.scenes if s.file == scene.file]
    if not scene.path.is_file():
        return {**common, "scene": f"{scene.file}:{scene.name}:missing", "modules": {}, "params": {}}
    source = scene_dependencies(scene.path, scene.name, same_file, project=opts.project)
    tables = sorted(t for t in params if t in source.attributes)
    if not tables and source.reads_params:
        tables = sorted(params)
    return {
        **common,
        "scene": f"{scene.file}:{scene.name}:{source.code}",
        "modules": source.modules,
        "params": {t: _digest(json.dumps(params[t], sort_keys=True)) for t in tables},
    }


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


def _why_stale(old: dict[str, Any] | None, new: dict[str, Any]) -> str | None:
    if old is None:
        return "never built"
    labels = {"recipe": "build tool changed", "manim": "manim version changed", "quality": "quality changed",
              "format": "format changed", "scene": "scene code changed", "manim_cfg": "manim.cfg changed"}
    for key, label in labels.items():
        if old.get(key) != new.get(key):
            return label
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
    """Fingerprint each scene and compare with what its outputs were built from (no manim involved)."""
    params = effective_params(opts.project, opts.params_file())
    cfg = opts.project / "manim.cfg"
    common = {
        "recipe": RECIPE,
        "manim": manim_version(),
        "quality": QUALITIES[opts.quality],
        "format": opts.fmt,
        "manim_cfg": _digest(cfg.read_bytes()) if cfg.is_file() else "",
    }
    states = []
    for scene in scenes:
        comps = scene_components(scene, opts.lecture, opts, params, common)
        fingerprint = _digest(json.dumps(comps, sort_keys=True))
        meta = _read_json(_meta_path(opts, scene.name))
        if meta is not None and not all(p.is_file() for p in _outputs(opts, scene.name)):
            reason: str | None = "output missing"
        else:
            reason = _why_stale(meta.get("components") if meta else None, comps)
        if opts.force and reason is None:
            reason = "forced"
        states.append(SceneState(scene, fingerprint, comps, reason))
    return states


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

    def __init__(self, opts: BuildOptions, report: _Reporter) -> None:
        self.opts = opts
        self.report = report
        self.slots = _Slots(opts.work_dir, opts.project)
        self.procs: set[subprocess.Popen[bytes]] = set()
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def render(self, state: SceneState) -> float:
        """Render one scene, post-process and install it; return the video's duration."""
        scene, opts = state.scene, self.opts
        stage_root = opts.work_dir / "stage"
        stage_root.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f"{scene.name}-", dir=stage_root))
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
        env = {**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1"}
        params = opts.params_file()
        if params is not None:
            env[PARAMS_ENV] = str(params.resolve())
        tail: list[str] = []
        proc = subprocess.Popen(cmd, cwd=opts.project, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        with self._lock:
            self.procs.add(proc)
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
            if pending.strip():
                tail.append(pending.decode("utf-8", "replace"))
            code = proc.wait()
        finally:
            with self._lock:
                self.procs.discard(proc)
        if self.stopping.is_set():
            raise SceneFailed("interrupted")
        if code != 0:
            raise SceneFailed(last_error_line(tail))

    def _install(self, state: SceneState, stage: Path, began: float) -> float:
        scene, opts = state.scene, self.opts
        found = sorted((stage / "media").rglob(f"{scene.name}.{opts.fmt}"))
        if not found:
            raise SceneFailed(f"manim wrote no {opts.fmt} file (does the scene play any animation?)")
        raw = found[0]
        ready = stage / "ready"
        ready.mkdir()
        video, png, srt, vtt = (ready / p.name for p in _outputs(opts, scene.name))
        try:
            if opts.fmt == "mp4":
                media.web_mp4(raw, video, scene.title)
            else:
                shutil.copyfile(raw, video)
            media.poster(video, png)
            duration = float(media.probe(video)["duration"])  # type: ignore[arg-type]
        except media.MediaError as e:
            raise SceneFailed(str(e)) from None
        subcaptions = raw.with_suffix(".srt")
        cues = media.parse_srt(subcaptions.read_text(encoding="utf-8")) if subcaptions.is_file() else []
        cues = media.one_at_a_time(cues)
        srt.write_text(media.format_srt(cues), encoding="utf-8")
        vtt.write_text(media.format_vtt(cues), encoding="utf-8")
        # Move into place: fingerprint file out first, outputs in, fingerprint file in last.
        opts.scenes_out.mkdir(parents=True, exist_ok=True)
        meta = _meta_path(opts, scene.name)
        meta.unlink(missing_ok=True)
        for src, dst in zip((video, png, srt, vtt), _outputs(opts, scene.name), strict=True):
            os.replace(src, dst)
        info = {"scene": scene.name, "title": scene.title, "fingerprint": state.fingerprint,
                "duration": duration, "render_seconds": round(time.monotonic() - began, 2),
                "components": state.components}
        tmp = ready / meta.name
        tmp.write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
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


def _assemble(opts: BuildOptions, states: Sequence[SceneState], report: _Reporter) -> str:
    """Join the scene videos into the chaptered lecture video, with its subtitles and chapters."""
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
    stage = Path(tempfile.mkdtemp(prefix="lecture-", dir=opts.work_dir))
    try:
        chapters, cues, start = [], [], 0.0
        for s in states:
            info = _read_json(_meta_path(opts, s.scene.name)) or {}
            duration = float(info.get("duration") or media.probe(_outputs(opts, s.scene.name)[0])["duration"])  # type: ignore[arg-type]
            chapters.append(media.Chapter(s.scene.title, start, start + duration, s.scene.name))
            srt = _outputs(opts, s.scene.name)[2].read_text(encoding="utf-8")
            cues += [c.shifted(start) for c in media.parse_srt(srt)]
            start += duration
        (stage / "chapters.txt").write_text(media.ffmetadata(chapters, "Softmax lecture"), encoding="utf-8")
        media.concat_lecture([_outputs(opts, s.scene.name)[0] for s in states], stage / "chapters.txt",
                             stage / "lecture.mp4")
        (stage / "lecture.srt").write_text(media.format_srt(cues), encoding="utf-8")
        (stage / "lecture.vtt").write_text(media.format_vtt(cues), encoding="utf-8")
        (stage / "chapters.vtt").write_text(media.chapters_vtt(chapters), encoding="utf-8")
        (stage / "chapters.json").write_text(media.chapters_json(chapters), encoding="utf-8")
        meta.unlink(missing_ok=True)
        for name in names:
            os.replace(stage / name, out / name)
        (stage / "lecture.json").write_text(json.dumps({"key": key, "duration": start}, indent=2) + "\n")
        os.replace(stage / "lecture.json", meta)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return f"assembled ({start:.1f} s, {len(states)} chapters)"


# --- the build ---------------------------------------------------------------------


def build(opts: BuildOptions, scenes: Sequence[LectureScene],
          on_start: Callable[[list[SceneState]], None] | None = None) -> BuildResult:
    """Render the stale scenes among ``scenes`` (in parallel), then the lecture video if all are fresh.

    Raises
    ------
    KeyboardInterrupt
        After stopping the running renders; finished outputs stay in place.
    """
    result = BuildResult()
    states = scene_states(opts, scenes)
    todo = [s for s in states if s.stale is not None]
    result.up_to_date = [s.scene.name for s in states if s.stale is None]
    report = _Reporter(opts.stream, opts.progress, len(todo))
    if result.up_to_date:
        report.note(f"{len(result.up_to_date)} of {len(states)} scene(s) up to date")
    if on_start is not None:
        on_start(todo)
    runner = _Runner(opts, report)
    try:
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
        everything = scene_states(opts, opts.lecture.scenes)
        try:
            result.lecture = _assemble(opts, everything, report)
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
