"""The three voices that speak a narration line: silent, Piper, and the course author's recordings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .audio import probe_audio, wav_duration
from .cache import SpeechCache, file_digest
from .engine import PiperEngine
from .errors import NarrationError, warn
from .script import reading_time, speakable, where

__all__ = ["PiperVoice", "RecordedVoice", "SilentVoice", "Speech", "Voice"]


@dataclass(frozen=True)
class Speech:
    """One spoken line: its text, how long it lasts and the audio file (``None`` for the silent voice)."""

    text: str
    duration: float
    audio: Path | None
    source: str  # "piper", "recorded" or "none"


class Voice:
    """Something that speaks a narration line: :meth:`speak` returns its :class:`Speech`."""

    name = "voice"

    def speak(self, scene: str, key: str, take: int, text: str) -> Speech:
        """Speech for line ``key`` of ``scene`` (its ``take``-th time spoken), whose words are ``text``."""
        raise NotImplementedError

    def identity(self) -> dict[str, object]:
        """Everything that shapes this voice's audio (part of the speech cache's keys)."""
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
            raw = self.engine.synthesize(spoken, where(scene, key))
            try:
                wav_duration(raw)
            except NarrationError:
                raise NarrationError(f"{where(scene, key)}: Piper wrote no audio for this line") from None
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
            warn(f"no recording {path} for {where(scene, key)}: the {self.fallback.name} voice speaks this line")
            return self.fallback.speak(scene, key, take, text)
        probe_audio(path)  # one line naming the file if it is empty, corrupt or at an odd rate
        entry = self.cache.key({"recording": file_digest(path), "voice": self.name})
        cached = self.cache.get(entry) or self.cache.store(entry, path)
        return Speech(text, wav_duration(cached), cached, "recorded")
