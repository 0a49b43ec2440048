"""Audio files: probing, duration, and each line converted to the speech cache's format at the target loudness.

Every line the voice speaks is converted to the speech cache's common format,
48 kHz mono 16-bit WAV, at -16 LUFS with true peak at most -2 dBTP (:mod:`.loudness`).
"""

from __future__ import annotations

import json
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

from .errors import NarrationError
from .loudness import LIMIT_DBTP, TARGET_LUFS, ffmpeg, loudness_in, measure_loudness, settle_gain

__all__ = [
    "SAMPLE_RATE",
    "AudioInfo",
    "normalize_audio",
    "probe_audio",
    "wav_duration",
]

SAMPLE_RATE = 48_000  # the cache's common format: 48 kHz, mono, signed 16-bit
MIN_RECORDING_RATE, MAX_RECORDING_RATE = 8_000, 384_000  # Hz that ffmpeg resamples well


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
        [ffmpeg("ffprobe"), "-v", "error", "-select_streams", "a:0", "-count_packets",
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


def _render_normalized(source: Path, dest: Path, gain_db: float) -> float | None:
    """``source`` -> ``dest`` as 48 kHz mono s16, ``gain_db`` louder, true peak limited.

    The limiter runs at four times the sample rate, so it sees the peaks
    between samples too.

    Returns the loudness of what was written, measured on the way.
    """
    chain = (
        f"{_MONO},volume={gain_db:.3f}dB,aresample={4 * SAMPLE_RATE},"
        f"alimiter=limit={10 ** (LIMIT_DBTP / 20):.4f}:attack=1:release=40:level=false,aresample={SAMPLE_RATE},"
        "ebur128=peak=true"
    )
    run = subprocess.run(
        [ffmpeg(), "-hide_banner", "-nostats", "-y", "-i", str(source),
         "-af", chain, "-ac", "1", "-ar", str(SAMPLE_RATE), "-c:a", "pcm_s16le", "-f", "wav", str(dest)],
        capture_output=True, text=True,
    )
    if run.returncode != 0:
        reason = (run.stderr.strip().splitlines() or ["ffmpeg failed"])[-1]
        raise NarrationError(f"{source}: cannot convert the audio ({reason})")
    return loudness_in(run.stderr, source).integrated


def normalize_audio(source: Path, dest: Path) -> None:
    """Write ``source`` to ``dest`` in the cache's format at -16 LUFS, true peak at most -2 dBTP.

    The gain is measured (ebur128) and applied; the peak limiter then takes
    some loudness back, so the gain is corrected (:func:`~.loudness.settle_gain`)
    until within the tolerance, at most four renders. A silent source is
    converted unchanged.
    """
    before = measure_loudness(source, _MONO, peak=False).integrated
    if before is None:  # silence: nothing to measure against
        _render_normalized(source, dest, 0.0)
        return
    settle_gain(lambda gain: _render_normalized(source, dest, gain), TARGET_LUFS - before, 4, before)
