"""The lecture video: the scene videos joined with their sound, subtitles and chapters; titles re-tagged."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lecture_voice import NarrationError
from lecture_voice import loudness as lecture_loudness
from lecture_voice.loudness import Loudness

from . import media, soundtrack
from .deps import digest
from .fingerprint import SceneState, read_record, write_record
from .layout import BuildOptions
from .progress import Reporter
from .soundtrack import ScenePiece

__all__ = ["LECTURE_FILES", "assemble_lecture", "lecture_sound_track", "retitle_scenes"]

LECTURE_FILES = ("lecture.mp4", "lecture.srt", "lecture.vtt", "chapters.vtt", "chapters.json")


def assemble_lecture(opts: BuildOptions, states: Sequence[SceneState], report: Reporter, staging: Path) -> str:
    """Join the scene videos into the chaptered lecture video, with its sound, subtitles and chapters.

    ``states`` are every scene's, in lecture order; the work happens in a
    folder inside ``staging``. Returns the line to show: assembled (and how
    loud), up to date, or why not.

    Raises
    ------
    media.MediaError
        When an ffmpeg step fails (nothing in place is replaced then).
    """
    stale = [s.scene.name for s in states if s.stale is not None]
    if stale:
        more = ", ..." if len(stale) > 3 else ""
        return f"not assembled: {len(stale)} scene(s) not built ({', '.join(stale[:3])}{more})"
    key = digest(json.dumps([[s.scene.name, s.scene.title, s.fingerprint] for s in states]))
    out = opts.out_dir
    meta = out / "lecture.json"
    old = read_record(meta)
    if old is not None and old.get("key") == key and all((out / n).is_file() for n in LECTURE_FILES):
        return "up to date"
    report.note(f"assembling the lecture video from {len(states)} scenes")
    stage = Path(tempfile.mkdtemp(prefix="lecture-", dir=staging))
    try:
        chapters, cues, durations, pieces, start = [], [], [], [], 0.0
        scenes = [opts.scene_files(s.scene.name) for s in states]
        videos = [files.video for files in scenes]
        for s, files in zip(states, scenes, strict=True):
            info = read_record(files.record) or {}
            duration = float(info.get("duration") or media.probe(files.video)["duration"])  # type: ignore[arg-type]
            chapters.append(media.Chapter(s.scene.title, start, start + duration, s.scene.name))
            srt = files.srt.read_text(encoding="utf-8")
            scene_cues = media.parse_srt(srt)
            cues += [c.shifted(start) for c in scene_cues]
            pieces.append(_scene_piece(info, files.video, duration, sum(c.end - c.start for c in scene_cues)))
            durations.append(duration)
            start += duration
        (stage / "chapters.txt").write_text(media.ffmetadata(chapters, "Softmax lecture"), encoding="utf-8")
        source = lecture_loudness.combine([(p.level, p.speech) for p in pieces])
        peaks = lecture_sound_track(pieces, opts, stage / "audio.aac")
        with ThreadPoolExecutor(1) as pool:  # measured while the pictures are joined: a few seconds either way
            # (silence everywhere measures as silent: nothing to measure)
            heard = None if all(map(soundtrack.silent, pieces)) else pool.submit(_integrated, stage / "audio.aac")
            media.concat_lecture(videos, durations, stage / "audio.aac", stage / "chapters.txt",
                                 stage / "lecture.mp4", soundtrack.FRAME / soundtrack.RATE)
            loudness = Loudness(heard.result() if heard else None, peaks.true_peak)
        (stage / "lecture.srt").write_text(media.format_srt(cues), encoding="utf-8")
        (stage / "lecture.vtt").write_text(media.format_vtt(cues), encoding="utf-8")
        (stage / "chapters.vtt").write_text(media.chapters_vtt(chapters), encoding="utf-8")
        (stage / "chapters.json").write_text(media.chapters_json(chapters), encoding="utf-8")
        meta.unlink(missing_ok=True)
        for name in LECTURE_FILES:
            os.replace(stage / name, out / name)
        record = {"key": key, "duration": start,
                  "loudness": {"integrated_lufs": loudness.integrated, "true_peak_dbtp": loudness.true_peak,
                               "source_integrated_lufs": source.integrated, "source_true_peak_dbtp": source.true_peak}}
        write_record(meta, record)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    sound = (f"{loudness.integrated:.1f} LUFS, true peak {loudness.true_peak:.1f} dBTP"
             if loudness.integrated is not None and loudness.true_peak is not None else "silent")
    return f"assembled ({start:.1f} s, {len(states)} chapters, {sound})"


def _integrated(sound: Path) -> float | None:
    """The integrated loudness of the joined sound (no true peak: the pieces' figures give that)."""
    try:
        return lecture_loudness.measure_loudness(sound, peak=False).integrated
    except NarrationError as e:
        raise media.MediaError(str(e)) from None


def _scene_piece(record: dict[str, Any], video: Path, duration: float, speech: float) -> ScenePiece:
    """A scene's part of the sound track: loudness from its record, else measured now (a record of an older build)."""
    level = record.get("loudness")
    if isinstance(level, dict) and "integrated_lufs" in level:
        return ScenePiece(video, duration, Loudness(level["integrated_lufs"], level["true_peak_dbtp"]),
                          float(level.get("speech_seconds", speech)))
    if not record.get("audio", True) or not media.probe(video)["audio"]:
        return ScenePiece(video, duration, Loudness(None, None), 0.0, audio=False)
    try:
        return ScenePiece(video, duration, lecture_loudness.measure_loudness(video), speech)
    except NarrationError as e:
        raise media.MediaError(str(e)) from None


def lecture_sound_track(scenes: Sequence[ScenePiece], opts: BuildOptions, dst: Path) -> Loudness:
    """The lecture's sound (``dst``, ADTS AAC) joined from each scene's piece at the target loudness.

    Pieces are kept in the work folder, so only scenes re-rendered since the
    last assembly are encoded (:mod:`.soundtrack`). Returns the pieces'
    loudness as measured after encoding, combined by seconds of speech: its
    true peak is the lecture's (the joins fall in quiet frames).
    """
    pieces = soundtrack.scene_pieces(scenes, opts.work_dir / "sound", opts.out_dir.name, opts.jobs)
    soundtrack.join_pieces(pieces, [s.duration for s in scenes], dst)
    return lecture_loudness.combine([(p.level, s.speech) for p, s in zip(pieces, scenes, strict=True)])


def retitle_scenes(
    opts: BuildOptions, states: Sequence[SceneState], report: Reporter
) -> tuple[list[str], dict[str, str]]:
    """Re-tag the videos of up-to-date scenes whose title changed (a remux, no render).

    Returns the scenes re-tagged, and those that failed with the cause.
    """
    retitled: list[str] = []
    failed: dict[str, str] = {}
    for state in states:
        if not state.retitle:
            continue
        name, title = state.scene.name, state.scene.title
        files = opts.scene_files(name)
        meta = files.record
        record = read_record(meta) or {}
        try:
            if opts.fmt in ("mp4", "webm"):
                media.retitle(files.video, title)
        except media.MediaError as e:
            failed[name] = str(e)
            continue
        write_record(meta, {**record, "title": title})
        retitled.append(name)
        report.note(f"{name}: new title {title!r}, video re-tagged (not re-rendered)")
    return retitled, failed
