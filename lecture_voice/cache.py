"""The speech cache: normalized speech files, one per hash of everything that shapes them, written atomically.

A line is synthesized once per (text, voice, engine version, settings) and
reused by every later render; a file is written under a temporary name and
renamed into place, so a failed synthesis leaves nothing in the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .audio import SAMPLE_RATE, normalize_audio, wav_duration
from .loudness import LINE_TRUE_PEAK_DBTP, TARGET_LUFS

__all__ = ["SpeechCache", "file_digest"]

CACHE_FORMAT = 1  # bump when the audio processing changes what a cached file holds


def _digest(payload: Mapping[str, object]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:24]


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (hex), read in blocks."""
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
        return {"rate": SAMPLE_RATE, "lufs": TARGET_LUFS, "tp": LINE_TRUE_PEAK_DBTP, "version": CACHE_FORMAT}

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

