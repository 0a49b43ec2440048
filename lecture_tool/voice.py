"""The build's side of the narration; the rules themselves are :mod:`lecture_voice`'s, shared with the scenes.

The build chooses the voice once (``--voice``, ``--recordings``, else the
environment, else the default rule of :func:`lecture_voice.choose_voice`), puts
it in force in every manim process it starts (:meth:`~lecture_voice.VoiceChoice.env`),
and fingerprints what a scene's sound is made from: its table of
``narration.toml`` and :meth:`~lecture_voice.VoiceChoice.fingerprint`. This
module only turns :class:`~lecture_voice.NarrationError` into the build's
:class:`~lecture_tool.lecture.LectureError` and remembers file digests
between builds, so a large voice model is hashed once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lecture_voice import (
    SCRIPT_NAME,
    NarrationError,
    VoiceChoice,
    choose_voice,
    file_digest,
    load_script,
    piper_engine,
)
from lecture_voice.piper_service import PiperService

from .lecture import LectureError

__all__ = ["FileHashes", "choose_build_voice", "narration_tables", "shared_piper"]


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
        value = file_digest(path)[:16]
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


def choose_build_voice(name: str | None, recordings: Path | None, project: Path) -> tuple[VoiceChoice, str | None]:
    """The voice the build renders with (folders made absolute for the manim processes) and a warning line, if any.

    Raises
    ------
    LectureError
        One line: an unknown voice, ``piper`` asked for but not installed, a
        recordings folder that is not a folder.
    """
    try:
        choice, warning = choose_voice(name, recordings.resolve() if recordings else None, root=project)
    except NarrationError as e:
        raise LectureError(str(e)) from None
    return VoiceChoice(choice.name, choice.recordings.resolve(), choice.cache.resolve()), warning


def narration_tables(scenes_dir: Path) -> Mapping[str, Mapping[str, str]]:
    """The lines of ``<scenes_dir>/narration.toml``, checked (scene class -> its table); empty when there is none.

    Raises
    ------
    LectureError
        One line naming the file, scene and key, when it cannot be read or a line is bad.
    """
    path = scenes_dir / SCRIPT_NAME
    if not path.exists():
        return {}
    try:
        return load_script(path).tables
    except NarrationError as e:
        raise LectureError(str(e)) from None


@contextmanager
def shared_piper(choice: VoiceChoice | None) -> Iterator[dict[str, str]]:
    """One Piper process for all of a build's renders, while they run: yields the environment that reaches it.

    Nothing (an empty environment) when the voice does not speak with Piper or
    Piper is not installed; each render then does as a plain manim render does.
    """
    engine = piper_engine() if choice is not None and choice.name in ("piper", "recorded") else None
    if engine is None:
        yield {}
        return
    with PiperService(engine) as service:
        yield service.env
