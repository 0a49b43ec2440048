"""The lecture's sound track: one AAC piece per scene at -16 LUFS, joined frame by frame in step (no manim)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from fixtures.sound import audio_streams, ebur128, write_speechlike, write_tone

from lecture_tool import media
from lecture_tool.soundtrack import FRAME, RATE, ScenePiece, adts_frames, join_pieces, scene_pieces
from lecture_voice import loudness
from lecture_voice.loudness import Loudness

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")


def clip(path: Path, seconds: float, sound: Path | None) -> Path:
    """A small scene-like MP4 with ``sound`` (or none)."""
    audio = ["-i", str(sound), "-map", "0:v", "-map", "1:a", "-c:a", "aac"] if sound else []
    subprocess.run(["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", f"testsrc=size=64x36:rate=15:d={seconds}",
                    *audio, "-pix_fmt", "yuv420p", "-shortest", str(path)], check=True)
    return path


def scene(video: Path, seconds: float) -> ScenePiece:
    """The scene as the build sees it: its loudness measured as when it was installed."""
    if media.probe(video)["audio"] is None:
        return ScenePiece(video, seconds, Loudness(None, None), 0.0, audio=False)
    return ScenePiece(video, seconds, loudness.measure_loudness(video), seconds)


def pcm(path: Path) -> np.ndarray:
    """The first channel of ``path``'s sound as decoded (an ADTS file keeps its priming frame)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(RATE),
                          "-f", "f32le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.float32)


def test_speech_like_sound_is_brought_to_minus_16_lufs_under_minus_1_5_dbtp(tmp_path: Path) -> None:
    loud = scene(clip(tmp_path / "loud.mp4", 12.0, write_speechlike(tmp_path / "loud.wav", seconds=12.0)), 12.0)
    assert loud.level.true_peak is not None and loud.level.true_peak > -1.0  # the limiter has work to do
    (piece,) = scene_pieces([loud], tmp_path / "cache", "q")
    measured, peak = ebur128(piece.path)  # measured here, independently
    assert abs(measured + 16.0) <= 0.5
    assert peak <= loudness.LECTURE_TRUE_PEAK_DBTP
    assert piece.level.integrated == pytest.approx(measured, abs=0.1)
    (track,) = audio_streams(piece.path)
    assert track["codec_name"] == "aac" and track["sample_rate"] == "48000" and track["channels"] == 2


def test_quiet_sound_is_raised_to_the_target(tmp_path: Path) -> None:
    quiet = scene(clip(tmp_path / "quiet.mp4", 3.0, write_tone(tmp_path / "quiet.wav", seconds=3.0, peak=0.02)), 3.0)
    assert quiet.level.integrated is not None and quiet.level.integrated < -30
    (piece,) = scene_pieces([quiet], tmp_path / "cache", "q")
    measured, peak = ebur128(piece.path)
    assert abs(measured + 16.0) <= 0.5 and peak <= loudness.LECTURE_TRUE_PEAK_DBTP


def test_a_silent_scene_is_silence_as_long_as_its_picture(tmp_path: Path) -> None:
    silent = scene(clip(tmp_path / "silent.mp4", 2.0, None), 2.0)
    (piece,) = scene_pieces([silent], tmp_path / "cache", "q")
    assert piece.level == Loudness(None, None)
    samples = pcm(piece.path)
    assert np.abs(samples).max() == 0.0
    assert len(samples) == (int(2.0 * RATE / FRAME) + 2) * FRAME  # priming, the scene, one spare frame


def joined_lecture(tmp_path: Path, quiet_peak: float = 0.3) -> tuple[list[ScenePiece], Path]:
    sounds = [write_tone(tmp_path / "a.wav", seconds=6.0, peak=0.3),
              write_tone(tmp_path / "c.wav", seconds=4.0, hz=300.0, peak=quiet_peak)]
    scenes = [scene(clip(tmp_path / "a.mp4", 6.0, sounds[0]), 6.0), scene(clip(tmp_path / "b.mp4", 2.0, None), 2.0),
              scene(clip(tmp_path / "c.mp4", 4.0, sounds[1]), 4.0)]
    pieces = scene_pieces(scenes, tmp_path / "cache", "q", jobs=2)
    join_pieces(pieces, [6.0, 2.0, 4.0], tmp_path / "audio.aac")
    return scenes, tmp_path / "audio.aac"


def test_the_joined_sound_is_each_scene_s_piece_in_step_with_its_picture(tmp_path: Path) -> None:
    _, joined = joined_lecture(tmp_path, quiet_peak=0.02)  # levels far apart: each piece is set on its own
    measured, peak = ebur128(joined)
    assert measured == pytest.approx(loudness.TARGET_LUFS, abs=0.3)
    assert peak <= loudness.LECTURE_TRUE_PEAK_DBTP
    samples = pcm(joined)[FRAME:]  # the priming frame, skipped by players
    # every scene's frames, rounded to whole AAC frames at its ends: 12 s within half a frame
    assert len(samples) == round(12.0 * RATE / FRAME) * FRAME
    # each piece's frames where its scene is, decoded alone (its priming frame dropped): the same samples,
    # but for the last frame of each scene (the next piece's priming frame is there: quiet)
    pieces = sorted((tmp_path / "cache").glob("q-*.aac"), key=lambda p: p.stat().st_mtime_ns)
    assert len(pieces) == 3
    start = 0.0
    for video, seconds in (("a", 6.0), ("b", 2.0), ("c", 4.0)):
        (piece,) = (p for p in pieces if p.name.startswith("q-") and _piece_of(p, tmp_path, video))
        first = round(start * RATE / FRAME) * FRAME
        last = round((start + seconds) * RATE / FRAME) * FRAME
        alone = pcm(piece)[FRAME:][: last - first]
        there = samples[first:last]
        assert np.abs(there[:-FRAME] - alone[:-FRAME]).max() < 1e-4, video
        start += seconds
    # the tones where their scenes are, silence between
    assert np.abs(samples[int(0.5 * RATE):int(5.5 * RATE)]).max() > 0.05
    assert np.abs(samples[int(6.05 * RATE):int(7.95 * RATE)]).max() < 1e-3
    assert np.abs(samples[int(8.5 * RATE):int(11.5 * RATE)]).max() > 0.05


def _piece_of(piece: Path, tmp_path: Path, video: str) -> bool:
    """Whether ``piece`` was encoded from scene ``video``: its length in frames says so (6, 2 and 4 s differ)."""
    seconds = {"a": 6.0, "b": 2.0, "c": 4.0}[video]
    return len(adts_frames(piece.read_bytes())) == int(seconds * RATE / FRAME) + 2


def test_a_join_changes_the_sound_no_more_than_aac_coding_does(tmp_path: Path) -> None:
    # a scene that ends in quiet, then one whose tone starts at once (as some scenes start speaking)
    a = clip(tmp_path / "a.mp4", 1.0, write_tone(tmp_path / "a.wav", seconds=0.8, peak=0.3))
    b = clip(tmp_path / "b.mp4", 1.0, write_tone(tmp_path / "b.wav", seconds=1.0, hz=300.0, peak=0.3))
    pieces = scene_pieces([scene(a, 1.0), scene(b, 1.0)], tmp_path / "cache", "q")
    assert [p.level for p in pieces] == [loudness.measure_loudness(p.path) for p in pieces]  # a's took tries
    join_pieces(pieces, [1.0, 1.0], tmp_path / "joined.aac")
    joined = pcm(tmp_path / "joined.aac")[FRAME:]  # the priming frame, skipped by players
    alone = [pcm(p.path)[FRAME:] for p in pieces]  # each piece decoded on its own, its priming frame dropped
    cut = round(1.0 * RATE / FRAME) * FRAME
    assert len(joined) == 2 * cut
    reference = np.concatenate([alone[0][:cut], alone[1][:cut]])
    assert np.abs(reference[cut:cut + FRAME]).max() > 0.15  # loud from its first frame
    # the first words of the next scene decode as encoded; a frame out of step would differ by 0.15 or more
    assert np.abs(joined - reference)[cut - 2 * FRAME:cut + 2 * FRAME].max() < 0.01
    # and the lecture video's player skips the priming frame: its sound is the joined sound from sample 0
    (tmp_path / "chapters.txt").write_text(";FFMETADATA1\n")
    media.concat_lecture([a, b], [1.0, 1.0], tmp_path / "joined.aac", tmp_path / "chapters.txt",
                         tmp_path / "lecture.mp4", FRAME / RATE)
    played = pcm(tmp_path / "lecture.mp4")
    assert len(played) == len(joined) and np.abs(played - joined).max() == 0.0


def test_only_a_changed_scene_is_encoded_again_and_unused_pieces_go(tmp_path: Path) -> None:
    scenes, _ = joined_lecture(tmp_path)
    cache = tmp_path / "cache"
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("q-*.aac")}
    clip(tmp_path / "c.mp4", 4.0, write_tone(tmp_path / "c2.wav", seconds=3.0, hz=500.0))  # scene c re-rendered
    scene_pieces([scenes[0], scenes[1], scene(tmp_path / "c.mp4", 4.0)], cache, "q")
    after = {p.name: p.stat().st_mtime_ns for p in cache.glob("q-*.aac")}
    kept = set(before) & set(after)
    assert len(kept) == 2 and all(before[n] == after[n] for n in kept)  # a and b untouched
    assert len(after) == 3 and len(list(cache.glob("q-*.json"))) == 3  # c's old piece removed


def test_a_stream_that_is_not_adts_is_refused_in_one_line() -> None:
    with pytest.raises(media.MediaError, match="not an ADTS AAC stream at byte 0"):
        adts_frames(b"RIFF....WAVE")
