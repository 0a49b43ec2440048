"""Subtitles that survive any narration text (no manim); the lecture's sound is tested in test_build_soundtrack."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import srt

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


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
@pytest.mark.parametrize(("video", "sound"), [(["-c:v", "libx264"], ["-c:a", "libmp3lame"]), (["-c:v", "mpeg4"], [])],
                         ids=["remuxed-with-sound", "re-encoded-silent"])
def test_a_web_mp4_reports_the_figures_of_the_file_it_wrote(tmp_path: Path, video: list[str], sound: list[str]) -> None:
    # what the build records of a scene (its duration, its sound) without probing the file it wrote
    src = tmp_path / "src.mp4"
    tone = ["-f", "lavfi", "-i", "sine=d=1.5", *sound] if sound else []
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x36:rate=15:d=1.2", *tone,
                    *video, "-pix_fmt", "yuv420p", str(src)], check=True)
    web, png = tmp_path / "web.mp4", tmp_path / "web.png"
    info = media.web_mp4(src, web, "A title", poster_png=png)
    assert info == media.probe(web) == _ffprobe_figures(web)
    assert info["codec"] == "h264" and info["audio"] == ("aac" if sound else None)
    frame = 64 * 36 * 3
    assert _rgb(png) == _rgb(web)[-frame:]  # the poster is the web video's last frame


def _rgb(path: Path) -> bytes:
    """Every frame of an image or video, decoded to RGB."""
    return subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                          capture_output=True, check=True).stdout


def _ffprobe_figures(path: Path) -> dict[str, object]:
    """:func:`media.probe`'s figures as ffprobe prints them, to check the in-process reading against."""
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries",
                          "stream=codec_type,codec_name,pix_fmt,duration:format=duration", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    video = next(s for s in data["streams"] if s["codec_type"] == "video")
    audio = next((s for s in data["streams"] if s["codec_type"] == "audio"), None)
    return {"codec": video["codec_name"], "pix_fmt": video["pix_fmt"],
            "duration": float(video.get("duration") or data["format"]["duration"]),
            "audio": audio["codec_name"] if audio else None}


def test_an_unreadable_video_is_one_line_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "Broken.mp4"
    broken.write_bytes(b"not a video")
    with pytest.raises(media.MediaError, match=r"^reading video Broken\.mp4 failed: Invalid data found"):
        media.probe(broken)
