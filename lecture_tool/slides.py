"""The lecture as a slide deck: one slide per beat, its clip cut from the scene's video, its narration as notes.

``softmax-anim slides`` first runs the video build (:func:`.builder.build`:
only stale scenes render, in parallel), then writes ``OUT/slides/``::

    index.html                    a reveal.js deck: one chapter per scene (its lecture title), in it one
                                  slide per beat (:mod:`.beats`), each playing its clip, with the beat's
                                  narration as speaker notes (press S for the speaker view)
    deck.css, deck.js             the deck's own few rules, and its start (each slide's clip plays when shown)
    clips/<Scene>-<k>-<key>.mp4   beat k of the scene, cut from ``scenes/<Scene>.mp4``
    reveal/                       reveal.js (its dist files, the notes plugin, its licence), copied from
                                  the ``sphinx-revealjs`` wheel that ``scripts/setup.sh`` installs

A beat starts where its section starts, which is where an animation starts,
and manim encodes every animation as a segment of its own that starts on a key
frame: so a clip is cut by copying the video's packets between two key frames,
the very frames of the scene's video, in a fraction of a second and without
rendering anything again. In ``voice`` mode the clip carries the beat's sound
(the scene's, re-encoded as AAC from the cut point, with the gain that sets
the deck's scenes at -16 LUFS as the lecture's: :func:`deck_gain`), in
``silent`` mode none.

A clip's name holds a key of what it is cut from (the scene's video and the
beat's span) and the mode, so a rebuild cuts only the clips of re-rendered
scenes. ``index.html`` is written last, atomically, and clips no deck refers to
are deleted only after it: a build that fails leaves the previous deck whole.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import shutil
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from itertools import groupby
from pathlib import Path
from typing import Any

from lecture_voice import loudness
from lecture_voice.loudness import Loudness

from .beats import Beat, beats_from_record
from .builder import BuildResult, build
from .fingerprint import read_record
from .layout import QUALITIES, BuildOptions, write_atomic
from .lecture import LectureError, LectureScene
from .media import MediaError, run_ffmpeg

__all__ = ["DEFAULT_MODE", "MODES", "REVEAL_PACKAGE", "DeckResult", "Slide", "build_deck", "cut_clip", "deck_gain",
           "deck_html", "key_frame_at", "key_frames", "plan_slides", "reveal_folder"]

MODES = ("silent", "voice")
DEFAULT_MODE = "silent"  # a lecturer presents live and speaks the notes; "voice" is for learners on their own
REVEAL_PACKAGE = "sphinx-revealjs"  # vendors reveal.js's dist files; only its files are used, never imported
REVEAL_FILES = ("dist/reveal.js", "dist/reveal.css", "plugin/notes/notes.js", "LICENSE")
CUT_VERSION = 2  # part of every clip's key: raise it when the way clips are cut changes
DECK_TITLE = "The softmax function: slides"


def reveal_folder() -> Path:
    """The folder of reveal.js's files in the installed ``sphinx-revealjs`` wheel.

    Raises
    ------
    LectureError
        One line saying what to install, when the wheel or one of its files is missing.
    """
    try:
        dist = metadata.distribution(REVEAL_PACKAGE)
    except metadata.PackageNotFoundError:
        raise LectureError(f"reveal.js not found: the slides need the {REVEAL_PACKAGE} package "
                           "(bash scripts/setup.sh installs it)") from None
    folder = Path(str(dist.locate_file("sphinx_revealjs/_static/revealjs")))
    missing = [name for name in REVEAL_FILES if not (folder / name).is_file()]
    if missing:
        raise LectureError(f"reveal.js incomplete: {folder / missing[0]} is missing "
                           f"(reinstall {REVEAL_PACKAGE}: bash scripts/setup.sh)")
    return folder


@dataclass(frozen=True)
class Slide:
    """One slide: the scene (chapter) and beat it shows, and the clip that plays."""

    scene: LectureScene
    index: int
    beat: Beat
    clip: str  # file name in clips/


@dataclass
class DeckResult:
    """What a slide build did."""

    videos: BuildResult
    slides: list[Slide] = field(default_factory=list)
    cut: int = 0
    reused: int = 0
    deck: Path | None = None  # index.html, once written


def key_frames(video: Path) -> list[float]:
    """The times (seconds) of the video's key frames, from its packets (nothing decoded)."""
    out = run_ffmpeg(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags",
                "-of", "json", str(video)], f"ffprobe key frames {video.name}")
    packets = json.loads(out).get("packets", [])
    return sorted(float(p["pts_time"]) for p in packets if "K" in p.get("flags", "") and "pts_time" in p)


def key_frame_at(t: float, frames: Sequence[float], tolerance: float, what: str) -> float:
    """The key frame within ``tolerance`` seconds of ``t`` (a section's start, where manim starts a segment).

    Raises
    ------
    MediaError
        Naming ``what`` when no key frame is that near: its frames could not be copied from there.

    Examples
    --------
    >>> key_frame_at(1.3334, [0.0, 1.333333, 2.0], 0.01, "beat 1")
    1.333333
    """
    near = min(frames, key=lambda f: abs(f - t), default=None)
    if near is None or abs(near - t) > tolerance:
        raise MediaError(f"{what} starts at {t:.3f} s, between two key frames of its scene's video")
    return near


def deck_gain(records: Sequence[dict[str, Any]]) -> float:
    """The gain (dB) that sets the scenes' sound, played one after another, at the lecture's loudness.

    From each scene's loudness figures in its record, as the lecture's sound is set
    (:func:`lecture_voice.loudness.combine`); held to keep the loudest true peak under
    the lecture's ceiling (the lines are normalized already: a few tenths of a dB).
    """
    parts = []
    for record in records:
        level = record.get("loudness") or {}
        parts.append((Loudness(level.get("integrated_lufs"), level.get("true_peak_dbtp")),
                      float(level.get("speech_seconds") or 0.0)))
    together = loudness.combine(parts)
    if together.integrated is None:
        return 0.0
    gain = loudness.TARGET_LUFS - together.integrated
    return gain if together.true_peak is None else min(gain, loudness.LIMIT_DBTP - together.true_peak)


def cut_clip(video: Path, start: float, end: float, gain_db: float | None, dst: Path) -> None:
    """Write ``video``'s frames from the key frame at ``start`` up to ``end`` to ``dst``, packets copied.

    ``start`` must be a key frame's time (:func:`key_frames`); the seek lands a microsecond after it, so
    rounding never picks the key frame before. With a ``gain_db`` the sound is cut there too, re-encoded as
    AAC with that gain, lasting as long as the clip; with None the clip has no sound.
    """
    seek = math.ceil(start * 1e6 + 1) / 1e6
    length = max(end - seek, 1e-3)
    fit = f"volume={gain_db or 0:.3f}dB,apad=whole_dur={length:.6f},atrim=end={length:.6f}"  # as long as the clip
    aac = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "128k"]  # the fast coder, as the lecture's: 3x quicker
    sound = ["-map", "0:a:0?", *aac, "-af", fit] if gain_db is not None else ["-an"]
    tmp = dst.with_name(f".{dst.name}.part")
    try:
        run_ffmpeg(["ffmpeg", "-y", "-v", "error", "-ss", f"{seek:.6f}", "-i", str(video), "-t", f"{length:.6f}",
              "-map", "0:v:0", "-c:v", "copy", *sound, "-avoid_negative_ts", "make_zero", "-map_metadata", "-1",
              "-movflags", "+faststart", "-f", "mp4", str(tmp)], f"ffmpeg slide clip {dst.name}")
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


def _clip_name(scene: str, index: int, beat: Beat, video: Path, fingerprint: str, sound: str) -> str:
    """``<Scene>-<k>-<key>.mp4``: the key changes with the scene's video, the beat's span and the sound."""
    stat = video.stat()
    source = f"{CUT_VERSION}|{fingerprint}|{stat.st_size}|{stat.st_mtime_ns}|{beat.start:.6f}|{beat.end:.6f}|{sound}"
    return f"{scene}-{index:02d}-{hashlib.sha256(source.encode()).hexdigest()[:10]}.mp4"


def plan_slides(opts: BuildOptions, scenes: Sequence[LectureScene], records: Sequence[dict[str, Any]],
                sound: str) -> list[Slide]:
    """The deck's slides in lecture order, from the scenes' records; ``sound`` says what the clips carry.

    Raises
    ------
    LectureError
        When a scene's record (or its beats) is missing: the scene must be rendered first.
    """
    slides = []
    for scene, record in zip(scenes, records, strict=True):
        files = opts.scene_files(scene.name)
        beats = beats_from_record(record)
        if not beats or not files.video.is_file():
            raise LectureError(f"scene {scene.name} has no beats in {files.record}: render it again "
                               "(softmax-anim render --force)")
        for k, beat in enumerate(beats):
            name = _clip_name(scene.name, k, beat, files.video, str(record.get("fingerprint")), sound)
            slides.append(Slide(scene, k, beat, name))
    return slides


_DECK_CSS = """\
.reveal-viewport { background: #0F1117; }
.reveal .slides section { padding: 0; }
.reveal video.beat { display: block; width: 1280px; height: 720px; margin: 0; }
.reveal p.beat-title { margin: 0; height: 40px; line-height: 40px; font: 22px/40px system-ui, sans-serif;
                       color: #C9CED8; text-align: left; padding: 0 16px; }
.reveal p.beat-title .chapter { color: #8A93A6; }
body.needs-start .reveal p.beat-title::after { content: "  (click to start)"; color: #E6B450; }
"""

_DECK_JS = """\
// Each slide's clip plays from its start when the slide is shown. A browser lets a clip with sound start only
// after the viewer has pressed a key or clicked: until then the deck asks for a click.
function playCurrent() {
  const video = Reveal.getCurrentSlide().querySelector("video.beat");
  if (!video) return;
  video.currentTime = 0;
  video.play().then(() => document.body.classList.remove("needs-start"),
                    () => document.body.classList.add("needs-start"));
}
Reveal.initialize({width: 1280, height: 760, margin: 0, center: false, hash: true, transition: "none",
                   navigationMode: "linear", plugins: [RevealNotes]});
Reveal.on("ready", playCurrent);
Reveal.on("slidechanged", playCurrent);
document.addEventListener("click", () => { if (document.body.classList.contains("needs-start")) playCurrent(); });
"""


def deck_html(slides: Sequence[Slide], mode: str, title: str = DECK_TITLE) -> str:
    """The deck's ``index.html``: one ``<section>`` per scene (its chapter), in it one per beat.

    Clips are named in ``data-src``: reveal.js loads them only for the slides near the current one.
    """
    e = html.escape
    muted = " muted" if mode == "silent" else ""
    chapters: list[str] = []
    for scene, group in groupby(slides, key=lambda s: s.scene):
        chapters.append(f'<section data-chapter="{e(scene.title)}" data-scene="{e(scene.name)}">')
        for slide in group:
            beat = slide.beat
            chapters.append(
                f'  <section data-beat="{slide.index}" data-start="{beat.start:.3f}" data-end="{beat.end:.3f}">\n'
                f'    <video class="beat" data-src="clips/{e(slide.clip)}" playsinline preload="auto"'
                f'{muted}></video>\n'
                f'    <p class="beat-title"><span class="chapter">{e(scene.title)}</span> &middot; '
                f'{e(beat.title)}</p>\n'
                f'    <aside class="notes">{e(beat.notes)}</aside>\n'
                f'  </section>')
        chapters.append("</section>")
    body = "\n".join(chapters)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="reveal/dist/reveal.css">
<link rel="stylesheet" href="deck.css">
</head>
<body data-mode="{mode}">
<div class="reveal"><div class="slides">
{body}
</div></div>
<script src="reveal/dist/reveal.js"></script>
<script src="reveal/plugin/notes/notes.js"></script>
<script src="deck.js"></script>
</body>
</html>
"""


def _copy_if_changed(src: Path, dst: Path) -> None:
    if dst.is_file() and dst.read_bytes() == src.read_bytes():
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}-", dir=dst.parent)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_deck(opts: BuildOptions, scenes: Sequence[LectureScene], mode: str) -> DeckResult:
    """Build the videos that are stale, then the deck of ``scenes`` in ``OUT/slides``.

    Raises
    ------
    LectureError
        Before anything renders: reveal.js missing, a bad mode, unreadable inputs.
    MediaError
        A clip could not be cut: the previous deck stays as it was.
    """
    if mode not in MODES:
        raise LectureError(f"unknown slide mode {mode!r}: choose {' or '.join(MODES)}")
    reveal = reveal_folder()
    result = DeckResult(build(opts, scenes))
    if result.videos.failed:
        return result
    deck = opts.out_dir / "slides"
    clips = deck / "clips"
    clips.mkdir(parents=True, exist_ok=True)
    records = [read_record(opts.scene_files(scene.name).record) or {} for scene in scenes]
    gain = deck_gain(records) if mode == "voice" else None
    result.slides = plan_slides(opts, scenes, records, "silent" if gain is None else f"voice {gain:.2f} dB")
    todo = [s for s in result.slides if not (clips / s.clip).is_file()]
    result.reused = len(result.slides) - len(todo)
    frames = {name: key_frames(opts.scene_files(name).video) for name in {s.scene.name for s in todo}}

    fps = float(QUALITIES[opts.quality].split("p")[1])  # a section starts on a key frame within half a frame
    last_index = {s.scene.name: s.index for s in result.slides}

    def cut(slide: Slide) -> None:
        kf, what = frames[slide.scene.name], f"{slide.scene.name}'s beat {slide.beat.title!r}"
        start = key_frame_at(slide.beat.start, kf, 0.5 / fps, what) if slide.index else 0.0
        last = slide.index == last_index[slide.scene.name]
        end = slide.beat.end if last else key_frame_at(slide.beat.end, kf, 0.5 / fps, f"the beat after {what}")
        cut_clip(opts.scene_files(slide.scene.name).video, start, end - 0.25 / fps, gain, clips / slide.clip)

    with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        list(pool.map(cut, todo))
    result.cut = len(todo)
    for name in REVEAL_FILES:
        _copy_if_changed(reveal / name, deck / "reveal" / name)
    write_atomic(deck / "deck.css", _DECK_CSS)
    write_atomic(deck / "deck.js", _DECK_JS)
    write_atomic(deck / "index.html", deck_html(result.slides, mode))
    result.deck = deck / "index.html"
    keep = {s.clip for s in result.slides}
    for old in clips.glob("*.mp4"):
        if old.name not in keep:
            old.unlink(missing_ok=True)
    return result
