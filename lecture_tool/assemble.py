"""The lecture video: the scene videos joined with their sound, subtitles and chapters; titles re-tagged."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lecture_voice import NarrationError
from lecture_voice import loudness as lecture_loudness
from lecture_voice.loudness import Loudness

from . import media
from .deps import digest
from .fingerprint import SceneState, read_record, write_record
from .layout import BuildOptions
from .progress import Reporter

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
        chapters, cues, durations, levels, start = [], [], [], [], 0.0
        scenes = [opts.scene_files(s.scene.name) for s in states]
        videos = [files.video for files in scenes]
        for s, files in zip(states, scenes, strict=True):
            info = read_record(files.record) or {}
            duration = float(info.get("duration") or media.probe(files.video)["duration"])  # type: ignore[arg-type]
            chapters.append(media.Chapter(s.scene.title, start, start + duration, s.scene.name))
            srt = files.srt.read_text(encoding="utf-8")
            scene_cues = media.parse_srt(srt)
            cues += [c.shifted(start) for c in scene_cues]
            levels.append(_scene_level(info, files.video, sum(c.end - c.start for c in scene_cues)))
            durations.append(duration)
            start += duration
        (stage / "chapters.txt").write_text(media.ffmetadata(chapters, "Softmax lecture"), encoding="utf-8")
        source, loudness, method = lecture_sound_track(videos, durations, levels, stage)
        media.concat_lecture(videos, durations, stage / "audio.m4a", stage / "chapters.txt", stage / "lecture.mp4")
        (stage / "lecture.srt").write_text(media.format_srt(cues), encoding="utf-8")
        (stage / "lecture.vtt").write_text(media.format_vtt(cues), encoding="utf-8")
        (stage / "chapters.vtt").write_text(media.chapters_vtt(chapters), encoding="utf-8")
        (stage / "chapters.json").write_text(media.chapters_json(chapters), encoding="utf-8")
        meta.unlink(missing_ok=True)
        for name in LECTURE_FILES:
            os.replace(stage / name, out / name)
        record = {"key": key, "duration": start,
                  "loudness": {"integrated_lufs": loudness.integrated, "true_peak_dbtp": loudness.true_peak,
                               "source_integrated_lufs": source.integrated, "source_true_peak_dbtp": source.true_peak,
                               "gain_from": method}}
        write_record(meta, record)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    sound = (f"{loudness.integrated:.1f} LUFS, true peak {loudness.true_peak:.1f} dBTP"
             if loudness.integrated is not None and loudness.true_peak is not None else "silent")
    return f"assembled ({start:.1f} s, {len(states)} chapters, {sound})"


def _scene_level(record: dict[str, Any], video: Path, speech: float) -> tuple[Loudness, float]:
    """A scene's loudness and seconds of speech: from its record, else measured now (a record of an older build)."""
    level = record.get("loudness")
    if isinstance(level, dict) and "integrated_lufs" in level:
        return Loudness(level["integrated_lufs"], level["true_peak_dbtp"]), float(level.get("speech_seconds", speech))
    if not record.get("audio", True) or not media.probe(video)["audio"]:
        return Loudness(None, None), 0.0
    try:
        return lecture_loudness.measure_loudness(video), speech
    except NarrationError as e:
        raise media.MediaError(str(e)) from None


def lecture_sound_track(
    videos: Sequence[Path], durations: Sequence[float], levels: Sequence[tuple[Loudness, float]], stage: Path
) -> tuple[Loudness, Loudness, str]:
    """The lecture's sound track (``stage/audio.m4a``) at the target loudness; returns (before, after, how).

    ``levels`` are each scene's loudness and seconds of speech; ``how`` says
    whether the gain came from them (``"scenes"``) or from measuring the joined sound (``"measured"``).

    The scenes' sound is already at the target, so its loudness is known from
    their figures and one pass joins, sets the gain and encodes. Only a sound
    whose peaks that gain would push over the limiter's ceiling, or one that
    lands off target or over the true-peak ceiling, is joined and measured in full
    (:func:`media.normalize_audio`).
    """
    dst = stage / "audio.m4a"
    before = lecture_loudness.combine(levels)
    if before.integrated is not None and before.true_peak is not None:
        gain = lecture_loudness.TARGET_LUFS - before.integrated
        if before.true_peak + gain <= lecture_loudness.LIMIT_DBTP:
            after = media.lecture_sound(videos, durations, gain, dst)
            on_target = after.integrated is not None and abs(after.integrated - lecture_loudness.TARGET_LUFS) <= (
                lecture_loudness.TOLERANCE_LU
            )
            if on_target and after.true_peak is not None and after.true_peak <= lecture_loudness.LECTURE_TRUE_PEAK_DBTP:
                return before, after, "scenes"
    media.join_audio(videos, durations, stage / "mix.wav")
    try:
        return (*media.normalize_audio(stage / "mix.wav", dst), "measured")
    finally:
        (stage / "mix.wav").unlink(missing_ok=True)


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
