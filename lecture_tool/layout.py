"""Where a build's outputs go: qualities, formats, the folders and each scene's files.

Layout of the outputs (``OUT`` is ``media/lecture/<quality>``, e.g. ``media/lecture/1080p60``)::

    OUT/scenes/<Scene>.mp4        web MP4 (H.264, yuv420p, +faststart, AAC sound when narrated);
                                  .webm (VP9, Opus sound) / .gif (no sound) with --format
    OUT/scenes/<Scene>.png        poster (the last frame)
    OUT/scenes/<Scene>.srt|.vtt   the scene's spoken lines, at the times they are spoken
    OUT/scenes/<Scene>.<fmt>.json the record: the fingerprint it was built from, its title and duration
    OUT/lecture.mp4               all scenes in lecture order, one chapter per scene, the sound of
                                  all scenes at -16 LUFS (true peak <= -1.5 dBTP)
    OUT/lecture.srt|.vtt          the spoken lines of the whole lecture
    OUT/chapters.vtt|.json        the chapters (WebVTT chapters track, JSON)
    OUT/index.html, page.css|.js  the course page playing the lecture (see :mod:`.page`)
    media/lecture/.work/          worker TeX folders, staging folders (safe to delete)
    media/voice/                  the speech cache all manim processes share
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from lecture_voice import VoiceChoice

from .lecture import Lecture, LectureError

__all__ = [
    "FORMATS",
    "PARAMS_ENV",
    "QUALITIES",
    "BuildOptions",
    "SceneFiles",
    "check_writable",
    "default_out_root",
    "read_json",
    "write_atomic",
]

QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "p": "1440p60", "k": "2160p60"}
FORMATS = ("mp4", "webm", "gif")
PARAMS_ENV = "SOFTMAX_ANIM_PARAMS"  # softmax_anim.params.ENV_VAR, named here so the CLI starts without numpy


def default_out_root(project: Path) -> Path:
    """Where the builds go when ``--out`` is not given: ``PROJECT/media/lecture``."""
    return project / "media" / "lecture"


@dataclass(frozen=True)
class SceneFiles:
    """One scene's outputs in a quality's folder ``out_dir``: video, poster, subtitles and its record.

    Examples
    --------
    >>> files = SceneFiles(Path("out"), "Temperature", "mp4")
    >>> files.video.as_posix(), files.vtt.as_posix(), files.record.as_posix()
    ('out/scenes/Temperature.mp4', 'out/scenes/Temperature.vtt', 'out/scenes/Temperature.mp4.json')
    """

    out_dir: Path
    name: str
    fmt: str

    def _file(self, suffix: str) -> Path:
        return self.out_dir / "scenes" / f"{self.name}{suffix}"

    @property
    def video(self) -> Path:
        """The video, ``scenes/<Scene>.<fmt>``."""
        return self._file(f".{self.fmt}")

    @property
    def poster(self) -> Path:
        """The last frame as a PNG."""
        return self._file(".png")

    @property
    def srt(self) -> Path:
        """The spoken lines as SubRip."""
        return self._file(".srt")

    @property
    def vtt(self) -> Path:
        """The spoken lines as WebVTT."""
        return self._file(".vtt")

    @property
    def record(self) -> Path:
        """What the video was built from (fingerprint, title, duration): ``scenes/<Scene>.<fmt>.json``."""
        return self._file(f".{self.fmt}.json")

    @property
    def outputs(self) -> tuple[Path, Path, Path, Path]:
        """The files a render installs, in the order :meth:`record` vouches for them."""
        return self.video, self.poster, self.srt, self.vtt


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file beside it, then ``os.replace``)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> Any:
    """The JSON value in ``path``.

    Raises
    ------
    ValueError
        One line naming the file, when it cannot be read or is not JSON.
    """
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise ValueError(f"cannot read {path}") from None
    except ValueError as e:
        raise ValueError(f"{path} is not valid JSON: {e}") from None


@dataclass
class BuildOptions:
    """What to build and how."""

    lecture: Lecture
    project: Path
    out_root: Path
    quality: str = "h"
    fmt: str = "mp4"
    jobs: int = 1
    params: Path | None = None
    force: bool = False
    progress: str = "auto"  # auto | live | plain | quiet
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    voice: VoiceChoice | None = None  # None: silent (``none``), recordings and speech cache under the project

    def voice_in_force(self) -> VoiceChoice:
        """The voice the scenes speak with."""
        if self.voice is not None:
            return self.voice
        return VoiceChoice("none", self.project / "recordings", self.project / "media" / "voice")

    @property
    def out_dir(self) -> Path:
        """Where this quality's outputs go."""
        return self.out_root / QUALITIES[self.quality]

    @property
    def scenes_out(self) -> Path:
        """Where the per-scene outputs go."""
        return self.out_dir / "scenes"

    @property
    def work_dir(self) -> Path:
        """Scratch space: worker TeX folders and staging folders."""
        return self.out_root / ".work"

    def scene_files(self, name: str) -> SceneFiles:
        """The outputs of scene ``name`` in this build's quality and format."""
        return SceneFiles(self.out_dir, name, self.fmt)

    def params_file(self) -> Path | None:
        """The override file in force (``--params`` or ``$SOFTMAX_ANIM_PARAMS``)."""
        if self.params is not None:
            return self.params
        env = os.environ.get(PARAMS_ENV)
        return Path(env) if env else None


def check_writable(opts: BuildOptions) -> None:
    """Make sure every folder a build writes to can be written, before anything renders.

    Raises
    ------
    LectureError
        Naming the first folder that cannot be created or written.
    """
    folders = [opts.scenes_out, opts.work_dir]
    voice = opts.voice_in_force()
    if voice.name != "none":
        folders.append(voice.cache)
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
                pass
        except OSError as e:
            raise LectureError(f"output folder {folder} is not writable: {e.strerror or e}") from None
