"""End to end with the real manim CLI: two short fixture scenes at -ql, in parallel.

Checks the lecture video (duration, H.264/yuv420p, index at the front, one
chapter per scene), the chapters and subtitle files, then that a scene broken
by an edit fails with its cause and leaves its good video in place.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lecture_tool.cli import main

PROJECT = Path(__file__).resolve().parents[1]

FIXTURE_SCENES = Path(__file__).parent / "fixtures" / "lecture_scenes"

pytestmark = pytest.mark.skipif(shutil.which("ffprobe") is None, reason="needs ffmpeg/ffprobe")


def ffprobe(path: Path, *entries: str) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", *entries, "-of", "json", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture lecture copied to a temporary folder and rendered at -ql with 2 jobs."""
    root = tmp_path_factory.mktemp("e2e")
    shutil.copytree(FIXTURE_SCENES, root / "scenes")
    out = root / "out"
    args = ["render", "--scenes-dir", str(root / "scenes"), "--project", str(PROJECT), "--out", str(out),
            "-q", "l", "-j", "2", "--progress", "plain"]
    assert main(args) == 0
    return root, out / "480p15"


def test_the_lecture_video_lasts_the_sum_of_its_scenes_and_plays_on_the_web(built) -> None:
    _, out = built
    info = ffprobe(out / "lecture.mp4", "-show_entries", "format=duration:stream=codec_name,pix_fmt,width")
    assert float(info["format"]["duration"]) == pytest.approx(1.0 + 0.8, abs=0.05)
    video = info["streams"][0]
    assert (video["codec_name"], video["pix_fmt"], video["width"]) == ("h264", "yuv420p", 854)
    head = (out / "lecture.mp4").read_bytes()
    assert 0 <= head.find(b"moov") < head.find(b"mdat")  # +faststart: the index comes first


def test_the_lecture_video_has_one_chapter_per_scene(built) -> None:
    _, out = built
    chapters = ffprobe(out / "lecture.mp4", "-show_chapters")["chapters"]
    assert [c["tags"]["title"] for c in chapters] == ["A dot", "A number"]
    assert [float(c["start_time"]) for c in chapters] == pytest.approx([0.0, 1.0], abs=0.01)
    listed = json.loads((out / "chapters.json").read_text())
    assert [(c["scene"], c["start"], c["end"]) for c in listed] == [("TinyDot", 0.0, 1.0), ("TinyNumber", 1.0, 1.8)]
    assert "00:00:01.000 --> 00:00:01.800\nA number" in (out / "chapters.vtt").read_text()


def test_the_lecture_subtitles_carry_the_narration_with_offsets(built) -> None:
    _, out = built
    srt = (out / "lecture.srt").read_text()
    assert "1\n00:00:00,000 --> 00:00:00,600\nA dot appears." in srt
    assert "3\n00:00:01,000 --> 00:00:01,800\nThe first logit." in srt
    vtt = (out / "lecture.vtt").read_text()
    assert vtt.startswith("WEBVTT\n\n")
    assert "00:00:01.000 --> 00:00:01.800\nThe first logit." in vtt
    assert "00:00:00.000 --> 00:00:00.800\nThe first logit." in (out / "scenes" / "TinyNumber.vtt").read_text()


def test_each_scene_has_a_web_video_and_a_poster(built) -> None:
    _, out = built
    for name in ("TinyDot", "TinyNumber"):
        poster = ffprobe(out / "scenes" / f"{name}.png", "-show_entries", "stream=width,height")["streams"][0]
        assert (poster["width"], poster["height"]) == (854, 480)
        assert (out / "scenes" / f"{name}.mp4").stat().st_size > 1000


def test_a_broken_scene_fails_with_its_cause_and_keeps_the_good_video(built, capsys) -> None:
    root, out = built
    video = out / "scenes" / "TinyNumber.mp4"
    before = video.read_bytes()
    scene_file = root / "scenes" / "part_tiny.py"
    line = "        p = params_or_exit()\n"
    broken = line + "        raise ValueError('broken on purpose')\n"
    scene_file.write_text(scene_file.read_text().replace(line, broken))
    args = ["render", "--scenes-dir", str(root / "scenes"), "--project", str(PROJECT),
            "--out", str(out.parent), "-q", "l", "--progress", "quiet"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "error: scene TinyNumber failed: ValueError: broken on purpose" in err
    assert "TinyDot" not in err  # up to date, not re-rendered
    assert video.read_bytes() == before
