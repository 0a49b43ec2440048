"""Audio files: probing, duration, and loudness (EBU R128) by ffmpeg's ``ebur128`` filter.

Every line the voice speaks is converted to the speech cache's common format,
48 kHz mono 16-bit WAV, at about -16 LUFS with true peak at most -2 dBTP.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

from .errors import NarrationError

__all__ = [
    "SAMPLE_RATE",
    "TARGET_LUFS",
    "TRUE_PEAK_DBTP",
    "AudioInfo",
    "measure_loudness",
    "normalize_audio",
    "probe_audio",
    "wav_duration",
]

SAMPLE_RATE = 48_000  # the cache's common format: 48 kHz, mono, signed 16-bit
TARGET_LUFS = -16.0
TRUE_PEAK_DBTP = -2.0
LOUDNESS_TOLERANCE = 0.5  # LU: re-adjust the gain while further off than this
MIN_RECORDING_RATE, MAX_RECORDING_RATE = 8_000, 384_000  # Hz that ffmpeg resamples well


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

