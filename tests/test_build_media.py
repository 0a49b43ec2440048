"""Subtitles that survive any narration text, and the lecture's sound: joined in step, normalized (no manim)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import srt
from fixtures.sound import audio_streams, ebur128, write_speechlike, write_tone

from lecture_tool import media
from lecture_tool.media import Chapter, Cue

NASTY = [
    Cue(0.0, 1.5, "If z < 0, then e^z < 1."),
    Cue(1.5, 3.0, "Cats & dogs: A&B, &amp; stays literal."),
    Cue(3.0, 4.5, "x --> infinity, so p --> 1."),
    Cue(4.5, 6.0, "<b>not bold</b> and a > b"),
]


def vtt_cues(text: str) -> list[tuple[str, str, str]]:
    """A strict reading of WebVTT: blocks separated by blank lines, one timing line each, payload after it."""
    assert text.startswith("WEBVTT\n\n")
    cues = []
    for block in text[len("WEBVTT\n\n"):].strip("\n").split("\n\n"):
        lines = block.split("\n")
        timing = [i for i, line in enumerate(lines) if "-->" in line]
        assert len(timing) == 1, block  # a "-->" in the payload would start a new cue
        start, end = lines[timing[0]].split(" --> ")
        payload = "\n".join(lines[timing[0] + 1:])
        assert "<" not in payload and not re.search(r"&(?!amp;|lt;|gt;)", payload), payload  # no tags, no bare &
        cues.append((start, end, payload))
    return cues


def unescape(payload: str) -> str:
    return payload.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_webvtt_escapes_what_would_cut_or_break_a_cue() -> None:
    cues = vtt_cues(media.format_vtt(NASTY))
    assert [c[2] for c in cues] == [
        "If z &lt; 0, then e^z &lt; 1.",
        "Cats &amp; dogs: A&amp;B, &amp;amp; stays literal.",
        "x --&gt; infinity, so p --&gt; 1.",
        "&lt;b&gt;not bold&lt;/b&gt; and a &gt; b",
    ]
    assert [unescape(c[2]) for c in cues] == [c.text for c in NASTY]  # a player shows exactly the text
    assert [(c[0], c[1]) for c in cues][2] == ("00:00:03.000", "00:00:04.500")


def test_webvtt_drops_blank_lines_that_would_end_a_cue_early() -> None:
    (cue,) = vtt_cues(media.format_vtt([Cue(0, 1, "first line\n\nsecond line")]))
    assert cue[2] == "first line\nsecond line"


def test_srt_is_written_and_read_by_the_srt_library_keeping_the_text() -> None:
    text = media.format_srt(NASTY)
    parsed = list(srt.parse(text))
    assert [s.content for s in parsed] == [c.text for c in NASTY]
    assert [s.index for s in parsed] == [1, 2, 3, 4]
    assert media.parse_srt(text) == NASTY


def test_manim_s_subtitles_are_read_with_the_srt_library() -> None:
    manim_srt = srt.compose([srt.Subtitle(1, srt.srt_timestamp_to_timedelta("00:00:00,500"),
                                          srt.srt_timestamp_to_timedelta("00:00:02,250"), "a --> b & <c>")])
    assert media.parse_srt(manim_srt) == [Cue(0.5, 2.25, "a --> b & <c>")]
    with pytest.raises(media.MediaError, match="not SubRip"):
        media.parse_srt("1\nnot a time line\nhello\n")


def test_chapter_titles_are_escaped_too() -> None:
    (cue,) = vtt_cues(media.chapters_vtt([Chapter("Softmax <T> & argmax", 0.0, 2.0, "S")]))
    assert cue[2] == "Softmax &lt;T&gt; &amp; argmax"


# --- sound -------------------------------------------------------------------------------------

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")


@needs_ffmpeg
def test_speech_like_sound_is_normalized_to_minus_16_lufs_under_minus_1_5_dbtp(tmp_path: Path) -> None:
    src = write_speechlike(tmp_path / "loud.wav", seconds=12.0)
    before_i, before_tp = ebur128(src)
    assert before_tp > -1.0  # peaks near full scale: the limiter has work to do
    source, after = media.normalize_audio(src, tmp_path / "out.m4a")
    loudness, peak = ebur128(tmp_path / "out.m4a")  # measured here, independently
    assert abs(loudness + 16.0) <= 0.5
    assert peak <= -1.5
    assert after.integrated == pytest.approx(loudness, abs=0.1)
    assert source.integrated == pytest.approx(before_i, abs=0.5)
    (track,) = audio_streams(tmp_path / "out.m4a")
    assert track["codec_name"] == "aac" and track["sample_rate"] == "48000"


@needs_ffmpeg
def test_quiet_sound_is_raised_to_the_target(tmp_path: Path) -> None:
    src = write_tone(tmp_path / "quiet.wav", seconds=3.0, peak=0.02)
    assert ebur128(src)[0] < -30
    media.normalize_audio(src, tmp_path / "out.m4a")
    loudness, peak = ebur128(tmp_path / "out.m4a")
    assert abs(loudness + 16.0) <= 0.5 and peak <= -1.5


@needs_ffmpeg
def test_silence_stays_silence(tmp_path: Path) -> None:
    silent = tmp_path / "silent.wav"
    subprocess.run(["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo:d=2",
                    str(silent)], check=True)
    source, after = media.normalize_audio(silent, tmp_path / "out.m4a")
    assert source.integrated is None and after.integrated is None
    assert float(audio_streams(tmp_path / "out.m4a")[0]["duration"]) == pytest.approx(2.0, abs=0.05)


def clip(path: Path, seconds: float, sound: Path | None) -> Path:
    """A small scene-like MP4 with ``sound`` (or none)."""
    audio = ["-i", str(sound), "-map", "0:v", "-map", "1:a", "-c:a", "aac"] if sound else []
    subprocess.run(["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", f"testsrc=size=64x36:rate=15:d={seconds}",
                    *audio, "-pix_fmt", "yuv420p", "-shortest", str(path)], check=True)
    return path


@needs_ffmpeg
@pytest.mark.parametrize("quiet_peak, how", [(0.25, "scenes"), (0.02, "measured")], ids=["near", "far-apart"])
def test_the_lecture_sound_is_set_from_its_scenes_figures_or_measured(tmp_path: Path, quiet_peak, how) -> None:
    from lecture_tool.assemble import lecture_sound_track
    from lecture_voice import loudness

    sounds = [write_tone(tmp_path / "a.wav", seconds=6.0, peak=0.3),
              write_tone(tmp_path / "c.wav", seconds=4.0, hz=300.0, peak=quiet_peak)]
    videos = [clip(tmp_path / "a.mp4", 6.0, sounds[0]), clip(tmp_path / "b.mp4", 2.0, None),
              clip(tmp_path / "c.mp4", 4.0, sounds[1])]
    levels = [(loudness.measure_loudness(videos[0]), 6.0), (loudness.Loudness(None, None), 0.0),
              (loudness.measure_loudness(videos[2]), 4.0)]
    before, after, used = lecture_sound_track(videos, [6.0, 2.0, 4.0], levels, tmp_path)
    assert used == how  # near levels: one pass from the scenes' figures; far apart (gating differs): measured
    measured, peak = ebur128(tmp_path / "audio.m4a")  # measured here, independently
    assert measured == pytest.approx(loudness.TARGET_LUFS, abs=0.3)
    assert after.integrated == pytest.approx(measured, abs=0.1)
    assert peak <= loudness.LECTURE_TRUE_PEAK_DBTP
    (track,) = audio_streams(tmp_path / "audio.m4a")
    assert track["codec_name"] == "aac" and track["channels"] == 2  # as the scenes' sound: no louder mono sum
    assert float(track["duration"]) == pytest.approx(12.0, abs=0.05)


@needs_ffmpeg
def test_joined_sound_keeps_each_scene_in_step_with_silence_for_silent_scenes(tmp_path: Path) -> None:
    def video(name: str, seconds: float, tone: Path | None) -> Path:
        return clip(tmp_path / f"{name}.mp4", seconds, tone)

    tone = write_tone(tmp_path / "tone.wav", seconds=0.8)
    videos = [video("a", 1.0, tone), video("b", 2.0, None), video("c", 1.0, tone)]
    mix = tmp_path / "mix.wav"
    media.join_audio(videos, [1.0, 2.0, 1.0], mix)
    assert float(audio_streams(mix)[0]["duration"]) == pytest.approx(4.0, abs=0.01)

    def level(start: float, length: float) -> float:
        cmd = ["ffmpeg", "-hide_banner", "-nostats", "-ss", str(start), "-t", str(length), "-i", str(mix),
               "-af", "volumedetect", "-f", "null", "-"]
        err = subprocess.run(cmd, capture_output=True, text=True).stderr
        return float(re.search(r"max_volume: (\S+) dB", err).group(1))

    assert level(0.1, 0.6) > -20  # scene a's tone
    assert level(1.05, 1.9) < -80  # scene b: silence
    assert level(3.1, 0.6) > -20  # scene c's tone, where scene c starts
