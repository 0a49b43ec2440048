"""Running manim: the build's run folder, worker slots, one manim process per scene, its errors, the install.

Every render happens in its own staging folder inside this build's run folder
(``.work/stage/run-<pid>-*``, locked while the build runs; a later build
deletes those whose build was killed); outputs are moved into place
(``os.replace``) only after the render and the post-processing succeeded, and
the record is written last, so an interrupted or failed build never leaves a
stale output looking fresh, nor replaces a good one.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
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
from collections.abc import Sequence
from configparser import ConfigParser
from pathlib import Path
from typing import Any, cast

from lecture_voice import NarrationError, loudness
from lecture_voice.spoken import SPOKEN_ENV, read_timed_lines, read_timed_sections

from . import media, tex_batch
from .beats import split_beats
from .fingerprint import SceneState, write_record
from .layout import PARAMS_ENV, BuildOptions
from .lecture import LectureScene
from .progress import Reporter

__all__ = ["MANIM_ENV", "RunFolder", "Runner", "SceneFailed", "Slots", "failure_message", "last_error_line"]

MANIM_ENV = "SOFTMAX_ANIM_MANIM"  # command used instead of "python -m manim" (tests)
SPOKEN_FILE = "spoken.json"  # in the render's staging folder: the lines the scene spoke (lecture_voice.spoken)
TEX_BATCH = "tex-batch"  # in the work folder: the listed formulas, compiled once for every worker slot

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


class RunFolder:
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

    def __enter__(self) -> RunFolder:
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


class Slots:
    """Worker slots: each holds its own TeX and text folders, locked while a build uses it."""

    def __init__(self, work_dir: Path, project: Path, scenes_dir: Path, encoder_threads: int = 1) -> None:
        self.work_dir = work_dir
        self.project = project
        self.scenes_dir = scenes_dir  # its formula list warms a cold TeX folder
        self.encoder_threads = encoder_threads
        self._local = threading.local()
        self._held: list[Any] = []
        self._lock = threading.Lock()

    def config(self) -> Path:
        """Return the calling thread's worker config file, claiming a free slot the first time."""
        cfg: Path | None = getattr(self._local, "cfg", None)
        if cfg is None:
            cfg = self._claim()
            # a cold folder gets the listed formulas, compiled in one batch for all the slots
            tex_batch.warm(cfg.parent / "Tex", self.scenes_dir, self.work_dir / TEX_BATCH)
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
        # The cores shared out among the workers: x264's frame threads cost about a fifth more CPU for the
        # same CRF (33.6 s vs 42.9 s for one scene), worth it only for cores no other worker uses.
        if not parser.has_section("video_encoder.options"):
            parser.add_section("video_encoder.options")
        parser.set("video_encoder.options", "threads", str(self.encoder_threads))
        cfg = slot / "manim.cfg"
        with cfg.open("w") as f:
            parser.write(f)
        return cfg

    def clear_caches(self) -> None:
        """Delete every worker's TeX and text folders and their compiled formulas (the stress test starts cold)."""
        for slot in self.work_dir.glob("worker-*"):
            for sub in ("Tex", "texts"):
                shutil.rmtree(slot / sub, ignore_errors=True)
        shutil.rmtree(self.work_dir / TEX_BATCH, ignore_errors=True)

    def release(self) -> None:
        """Unlock the slots this build claimed."""
        for handle in self._held:
            handle.close()
        self._held.clear()


def _subtitles(spoken: Path, subcaptions: Path) -> list[media.Cue]:
    """The scene's subtitles: the lines it spoke at their exact times, else manim's subcaptions (a plain Scene)."""
    if spoken.is_file():
        return [media.Cue(line.start, line.end, line.text) for line in read_timed_lines(spoken)]
    return media.parse_srt(subcaptions.read_text(encoding="utf-8")) if subcaptions.is_file() else []


class SceneFailed(Exception):
    """A scene's render or post-processing failed; the message is the cause."""


def _manim_command() -> list[str]:
    custom = os.environ.get(MANIM_ENV)
    return shlex.split(custom) if custom else [sys.executable, "-m", "manim"]


class Runner:
    """Render scenes one by one in worker threads, each render a manim subprocess."""

    def __init__(
        self, opts: BuildOptions, report: Reporter, run: RunFolder, workers: int = 1, env: dict[str, str] | None = None
    ) -> None:
        self.opts = opts
        self.env = env or {}  # what every render gets besides the voice in force (the build's Piper)
        self.report = report
        self.run = run
        encoder_threads = max(1, (os.cpu_count() or 1) // max(1, workers))
        self.slots = Slots(opts.work_dir, opts.project, opts.lecture.scenes_dir, encoder_threads)
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
        env = {**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1", **opts.voice_in_force().env(),
               **self.env, SPOKEN_ENV: str(stage / SPOKEN_FILE)}
        params = opts.params_file()
        if params is not None:
            env[PARAMS_ENV] = str(params.resolve())
        tail: list[str] = []
        latex: list[str] = []
        with self._lock:  # stop() takes this lock too: a render is either never started or stopped by it
            if self.stopping.is_set():
                raise SceneFailed("interrupted")
            proc = subprocess.Popen(cmd, cwd=opts.project, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
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
        files = opts.scene_files(scene.name)
        video, png, srt, vtt = (ready / p.name for p in files.outputs)
        try:
            if opts.fmt == "mp4":
                info = media.web_mp4(raw, video, scene.title, poster_png=png)
            else:
                if opts.fmt == "webm":
                    media.web_webm(raw, video, scene.title)
                else:
                    shutil.copyfile(raw, video)
                info = media.probe(video)
                media.poster(video, png)
            duration = float(info["duration"])  # type: ignore[arg-type]
            cues = _subtitles(stage / SPOKEN_FILE, raw.with_suffix(".srt"))
            spoken = stage / SPOKEN_FILE
            sections = read_timed_sections(spoken) if spoken.is_file() else []
            # Measured once here, so the lecture's sound is set from its scenes' figures (assemble)
            level = loudness.measure_loudness(video) if info["audio"] else loudness.Loudness(None, None)
        except (media.MediaError, NarrationError) as e:
            raise SceneFailed(str(e)) from None
        srt.write_text(media.format_srt(cues), encoding="utf-8")
        vtt.write_text(media.format_vtt(cues), encoding="utf-8")
        # Move into place: fingerprint file out first, outputs in, fingerprint file in last.
        opts.scenes_out.mkdir(parents=True, exist_ok=True)
        meta = files.record
        meta.unlink(missing_ok=True)
        for src, dst in zip((video, png, srt, vtt), files.outputs, strict=True):
            os.replace(src, dst)
        record = {"scene": scene.name, "title": scene.title, "fingerprint": state.fingerprint,
                  "duration": duration, "audio": info["audio"], "render_seconds": round(time.monotonic() - began, 2),
                  "loudness": {"integrated_lufs": level.integrated, "true_peak_dbtp": level.true_peak,
                               "speech_seconds": round(sum(c.end - c.start for c in cues), 3)},
                  "components": state.components,
                  "beats": [beat.as_json() for beat in split_beats(sections, cues, duration, scene.title)]}
        write_record(meta, record)
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
