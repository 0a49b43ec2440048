"""Which voice speaks: the one rule for the voice in force, shared by a scene render and the build.

The voice is ``none``, ``piper`` or ``recorded``: a name given (the build's
``--voice``), else ``SOFTMAX_ANIM_VOICE``, else ``piper`` when Piper and the joe
voice are installed, else ``none`` with a warning. Recordings live in
``<recordings>/<SceneClass>/<key>.wav`` (``--recordings``, else
``SOFTMAX_ANIM_RECORDINGS``, else ``<project>/recordings``); the speech cache in
``SOFTMAX_ANIM_VOICE_CACHE``, else ``<media>/voice``. The build puts its choice
in force in every manim process it starts through :meth:`VoiceChoice.env`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .cache import SpeechCache, file_digest
from .engine import engine_fingerprint, piper_engine, piper_missing
from .errors import NarrationError, warn_once
from .voices import PiperVoice, RecordedVoice, SilentVoice, Voice

__all__ = ["CACHE_ENV", "RECORDINGS_ENV", "VOICES", "VOICE_ENV", "VoiceChoice", "choose_voice", "resolve_voice"]

VOICE_ENV = "SOFTMAX_ANIM_VOICE"
RECORDINGS_ENV = "SOFTMAX_ANIM_RECORDINGS"
CACHE_ENV = "SOFTMAX_ANIM_VOICE_CACHE"
VOICES = ("piper", "none", "recorded")


@dataclass(frozen=True)
class VoiceChoice:
    """The voice in force.

    Attributes
    ----------
    name : str
        ``none``, ``piper`` or ``recorded``.
    recordings : Path
        The recordings folder (``<folder>/<Scene>/<key>.wav``); used by ``recorded``.
    cache : Path
        The speech cache.
    """

    name: str
    recordings: Path
    cache: Path

    def env(self) -> dict[str, str]:
        """The environment variables that put this choice in force in another process (a manim render)."""
        return {VOICE_ENV: self.name, RECORDINGS_ENV: str(self.recordings), CACHE_ENV: str(self.cache)}

    def fingerprint(self, scene: str, digest: Callable[[Path], str] = file_digest) -> dict[str, object]:
        """What the sound of ``scene`` is made from, without starting any voice.

        The voice's name; for ``piper`` and ``recorded`` (whose missing lines
        Piper speaks) Piper's version and the digests of the voice model and
        its config; for ``recorded`` the digest of each of the scene's
        recordings. ``digest`` hashes a file.
        """
        if self.name == "none":
            return {"name": "none"}
        out: dict[str, object] = {"name": self.name, **engine_fingerprint(digest)}
        if self.name == "recorded":
            folder = self.recordings / scene
            wavs = sorted(folder.glob("*.wav")) if folder.is_dir() else []
            out["recordings"] = {p.name: digest(p) for p in wavs}
        return out

    def voice(self) -> Voice:
        """The voice itself, ready to speak (Piper starts with its first line).

        Raises
        ------
        NarrationError
            ``piper`` chosen but not installed.
        """
        if self.name == "none":
            return SilentVoice()
        cache = SpeechCache(self.cache)
        engine = piper_engine()
        if self.name == "piper":
            if engine is None:
                raise NarrationError(f"voice 'piper' asked for but {piper_missing() or 'Piper cannot be found'}")
            return PiperVoice(engine, cache)
        return RecordedVoice(self.recordings, cache, PiperVoice(engine, cache) if engine else SilentVoice())


def choose_voice(
    name: str | None = None,
    recordings: Path | None = None,
    *,
    root: Path = Path("."),
    media_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[VoiceChoice, str | None]:
    """The voice in force and a warning line, if any (see the module's rules).

    Parameters
    ----------
    name, recordings
        Given by the caller (the build's ``--voice`` and ``--recordings``);
        ``None`` reads the environment.
    root
        The project folder (default: the working directory), home of the
        default ``recordings/`` and ``media/``.
    media_dir
        The media folder (default ``<root>/media``), home of the default speech cache.
    env
        The environment (default ``os.environ``).

    Raises
    ------
    NarrationError
        One line: an unknown voice, ``piper`` asked for but not installed, a
        recordings folder that is a file, or a given one that does not exist.
    """
    env = os.environ if env is None else env
    choices = ", ".join(VOICES)
    warning = None
    if name is not None and name not in VOICES:
        raise NarrationError(f"unknown voice {name!r} (choose one of {choices})")
    if name is None:
        name = env.get(VOICE_ENV, "").strip().lower() or None
        if name is not None and name not in VOICES:
            raise NarrationError(f"{VOICE_ENV}={env[VOICE_ENV]!r}: unknown voice (choose one of {choices})")
    if name is None:
        missing = piper_missing()
        name = "none" if missing else "piper"
        if missing:
            warning = f"no voice, the lecture will be silent: {missing}"
    elif name == "piper":
        missing = piper_missing()
        if missing:
            raise NarrationError(f"voice 'piper' asked for but {missing}")
    folder = recordings if recordings is not None else Path(env.get(RECORDINGS_ENV) or root / "recordings")
    if name == "recorded":
        if folder.exists() and not folder.is_dir():
            raise NarrationError(f"recordings folder {folder} is not a folder")
        if not folder.is_dir():
            if recordings is not None:
                raise NarrationError(f"recordings folder not found: {folder}")
            warning = f"recordings folder {folder} not found ({RECORDINGS_ENV}): every line falls back"
    cache = Path(env.get(CACHE_ENV) or (media_dir if media_dir is not None else root / "media") / "voice")
    return VoiceChoice(name, folder, cache), warning


def resolve_voice(media_dir: Path | str = "media", env: Mapping[str, str] | None = None) -> Voice:
    """The voice in force in this process (a scene render), its cache in ``<media_dir>/voice`` by default.

    Warnings (the default voice without Piper) are printed once per process.

    Raises
    ------
    NarrationError
        For an unknown voice name, or ``piper`` asked for but not installed.
    """
    choice, warning = choose_voice(media_dir=Path(media_dir), env=env)
    if warning:
        warn_once(warning)
    return choice.voice()
