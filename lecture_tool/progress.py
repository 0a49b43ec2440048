"""Progress of a build: a live status line on a terminal, sparse plain lines in CI logs, or nothing."""

from __future__ import annotations

import shutil
import threading
import time
from typing import TextIO

from .lecture import LectureScene

__all__ = ["Reporter"]


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}m{s:02d}s" if m else f"{seconds:.1f}s"


class Reporter:
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

    def warn(self, line: str) -> None:
        """A warning line, ``warning: `` and ``line``: shown in every mode, quiet included."""
        with self._lock:
            if self.mode == "live":
                self.stream.write("\r\x1b[K")
            self.stream.write(f"warning: {line}\n")
            self._status()

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
        """End the display (clears the live status line)."""
        with self._lock:
            if self.mode == "live":
                self.stream.write("\r\x1b[K")
                self.stream.flush()

