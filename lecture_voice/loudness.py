"""Loudness (EBU R128) for every line the voice speaks and for the lecture's joined sound.

One measurement (ffmpeg's ``ebur128`` filter, its summary read by one
pattern), one target, one tolerance and one error type, shared by the speech
cache (:mod:`.audio`) and the build's lecture video (``lecture_tool.media``):

- each spoken line: ``TARGET_LUFS`` integrated, true peak at most ``LINE_TRUE_PEAK_DBTP``;
- the lecture's sound (AAC): ``TARGET_LUFS`` integrated, true peak at most ``LECTURE_TRUE_PEAK_DBTP``.

Both limiters are set to ``LIMIT_DBTP``: below the line's ceiling for the
peaks between samples, below the lecture's for what AAC encoding adds.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from .errors import NarrationError

__all__ = [
    "LECTURE_TRUE_PEAK_DBTP",
    "LIMIT_DBTP",
    "LINE_TRUE_PEAK_DBTP",
    "TARGET_LUFS",
    "TOLERANCE_LU",
    "Loudness",
    "combine",
    "ffmpeg",
    "loudness_in",
    "measure_loudness",
    "settle_gain",
]

TARGET_LUFS = -16.0  # integrated loudness of every line and of the lecture
TOLERANCE_LU = 0.2  # a gain is settled once the measured loudness is this close to the target
LINE_TRUE_PEAK_DBTP = -2.0  # each line in the speech cache
LECTURE_TRUE_PEAK_DBTP = -1.5  # the lecture's sound, after AAC encoding
LIMIT_DBTP = -2.5  # the true-peak limiters' ceiling: headroom for the peaks between samples and for AAC
SILENCE_LUFS = -70.0  # ebur128's floor: a track measured at or below it is silent

_SUMMARY = re.compile(r"^\s*(I|Peak):\s+(\S+) (?:LUFS|dBFS)\s*$", re.MULTILINE)


class Loudness(NamedTuple):
    """EBU R128 figures of a sound: integrated loudness (LUFS; None if silent) and true peak (dBTP; None if silent)."""

    integrated: float | None
    true_peak: float | None


def ffmpeg(tool: str = "ffmpeg") -> str:
    """The path of ``ffmpeg`` (or ``ffprobe``); one :class:`NarrationError` line saying what to install if missing."""
    found = shutil.which(tool)
    if found is None:
        raise NarrationError(f"{tool} not found: the voice needs ffmpeg (install it, e.g. with scripts/setup.sh)")
    return found


def _finite(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def loudness_in(log: str, what: Path) -> Loudness:
    r"""The figures an ``ebur128`` filter wrote into ffmpeg's log (its last summary).

    Raises
    ------
    NarrationError
        Naming ``what`` when the log holds no summary.

    Examples
    --------
    >>> loudness_in("Summary:\n  Integrated loudness:\n    I:         -16.2 LUFS\n"
    ...             "  True peak:\n    Peak:       -3.1 dBFS\n", Path("a.wav"))
    Loudness(integrated=-16.2, true_peak=-3.1)
    >>> loudness_in("Summary:\n    I:         -70.0 LUFS\n    Peak:       -inf dBFS\n", Path("a.wav"))
    Loudness(integrated=None, true_peak=None)
    """
    if "Summary:" not in log:
        reason = (log.strip().splitlines() or ["no output"])[-1]
        raise NarrationError(f"{what}: cannot measure its loudness ({reason})")
    figures = {name: _finite(value) for name, value in _SUMMARY.findall(log.rsplit("Summary:", 1)[1])}
    integrated = figures.get("I")
    if integrated is not None and integrated <= SILENCE_LUFS:
        integrated = None
    return Loudness(integrated, figures.get("Peak"))


def measure_loudness(path: Path, prefilter: str = "", peak: bool = True) -> Loudness:
    """Integrated loudness and true peak of ``path``'s first audio stream.

    ``prefilter`` (an ffmpeg filter chain) is applied first; ``peak=False``
    skips the (slower) true-peak measurement.

    Raises
    ------
    NarrationError
        Naming the file when ffmpeg cannot read it.
    """
    meter = "ebur128=peak=true" if peak else "ebur128"
    run = subprocess.run(
        [ffmpeg(), "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0",
         "-af", f"{prefilter},{meter}" if prefilter else meter, "-f", "null", "-"],
        capture_output=True, text=True, check=False,
    )
    if run.returncode != 0:
        reason = (run.stderr.strip().splitlines() or ["ffmpeg failed"])[-1]
        raise NarrationError(f"{path}: cannot read the audio ({reason})")
    return loudness_in(run.stderr, path)


def settle_gain(loudness_at: Callable[[float], float | None], gain: float, tries: int, before: float) -> float:
    """The gain (dB) that brings a sound to ``TARGET_LUFS`` through a peak limiter, found by secant steps.

    ``loudness_at(gain)`` measures the limited result (None: nothing to
    measure); ``before`` is the sound's loudness at gain 0. The limiter takes
    back part of any extra gain, so each step divides the remaining error by
    the slope measured so far (kept within [0.15, 1]). Returns the last gain
    tried: within ``TOLERANCE_LU``, or the closest after ``tries`` measurements.
    """
    previous = (0.0, before)
    for attempt in range(tries):
        got = loudness_at(gain)
        if got is None or abs(got - TARGET_LUFS) <= TOLERANCE_LU or attempt == tries - 1:
            break
        slope = (got - previous[1]) / (gain - previous[0]) if gain != previous[0] else 1.0
        previous = (gain, got)
        gain += (TARGET_LUFS - got) / min(1.0, max(0.15, slope))
    return gain


def combine(parts: Sequence[tuple[Loudness, float]]) -> Loudness:
    """The loudness of sounds played one after another, from each one's figures and its seconds of speech.

    Integrated loudness is a mean of power over the gated (spoken) blocks, so
    the parts' powers are averaged, each weighted by how long it speaks; the
    true peak is the highest part's. Silent parts add nothing. This is what
    lets the lecture's sound be set from its scenes' measurements instead of
    measuring 20 minutes again after every edit (exact when every part has the
    same gating; within a few hundredths of a LU for the lecture's scenes).

    Examples
    --------
    >>> combine([(Loudness(-16.0, -3.0), 10.0), (Loudness(-16.0, -2.0), 30.0)])
    Loudness(integrated=-16.0, true_peak=-2.0)
    >>> round(combine([(Loudness(-13.0, -1.0), 1.0), (Loudness(None, None), 5.0), (Loudness(-20.0, -9.0), 1.0)])
    ...       .integrated, 2)
    -15.22
    """
    heard = [(level.integrated, level.true_peak, weight) for level, weight in parts
             if level.integrated is not None and weight > 0]
    if not heard:
        return Loudness(None, None)
    power = sum(weight * 10 ** (lufs / 10) for lufs, _, weight in heard)
    peaks = [peak for _, peak, _ in heard if peak is not None]
    return Loudness(10 * math.log10(power / sum(weight for *_, weight in heard)), max(peaks) if peaks else None)
