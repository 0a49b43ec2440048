"""End to end with the real manim CLI: two short fixture scenes at -ql, in parallel.

Checks the lecture video (duration, H.264/yuv420p, index at the front, one
chapter per scene, the sound of both scenes normalized to -16 LUFS), the
chapters and subtitle files (escaped WebVTT), WebM with Opus and GIF without
sound, then that a scene broken by an edit fails with its cause and leaves its
good video in place, and that a LaTeX error is reported with LaTeX's own words.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.sound import audio_streams, ebur128, write_tone

from lecture_tool import media
from lecture_tool.cli import main
from lecture_voice import reading_time
from lecture_voice.spoken import SPOKEN_ENV, read_timed_lines

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
    write_tone(root / "scenes" / "tone.wav", seconds=1.0)  # TinyDot plays it; TinyNumber stays silent
    out = root / "out"
    args = ["render", "--scenes-dir", str(root / "scenes"), "--project", str(PROJECT), "--out", str(out),
            "-q", "l", "-j", "2", "--progress", "plain", "--voice", "none"]
    assert main(args) == 0
    return root, out / "480p15"


def render(root: Path, out: Path, *extra: str) -> int:
    return main(["render", "--scenes-dir", str(root / "scenes"), "--project", str(PROJECT), "--out", str(out.parent),
                 "-q", "l", "--progress", "quiet", "--voice", "none", *extra])


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
    assert "2\n00:00:00,600 --> 00:00:01,000\nThen x < y & z --> w." in srt  # SubRip keeps the text as it is
    assert "3\n00:00:01,000 --> 00:00:01,800\nThe first logit." in srt
    vtt = (out / "lecture.vtt").read_text()
    assert vtt.startswith("WEBVTT\n\n")
    assert "00:00:00.600 --> 00:00:01.000\nThen x &lt; y &amp; z --&gt; w." in vtt  # escaped per the WebVTT spec
    assert "00:00:01.000 --> 00:00:01.800\nThe first logit." in vtt
    assert sum("-->" in line for line in vtt.splitlines()) == 3  # only the three timing lines
    assert "00:00:00.000 --> 00:00:00.800\nThe first logit." in (out / "scenes" / "TinyNumber.vtt").read_text()


def test_a_scene_with_sound_carries_aac_and_a_silent_scene_none(built) -> None:
    _, out = built
    (dot,) = audio_streams(out / "scenes" / "TinyDot.mp4")
    assert dot["codec_name"] == "aac"
    assert float(dot["duration"]) == pytest.approx(1.0, abs=0.05)  # exactly as long as the picture
    assert audio_streams(out / "scenes" / "TinyNumber.mp4") == []


def test_the_lecture_sound_joins_every_scene_in_step_at_minus_16_lufs(built) -> None:
    _, out = built
    (track,) = audio_streams(out / "lecture.mp4")
    assert track["codec_name"] == "aac"
    # the silent scene is filled with silence, so the sound lasts as long as the pictures
    assert float(track["duration"]) == pytest.approx(1.8, abs=0.06)
    loudness, peak = ebur128(out / "lecture.mp4")
    assert abs(loudness - (-16.0)) <= 1.0
    assert peak <= -1.5
    # the tone is where TinyDot is (0-1 s), silence where TinyNumber is (1-1.8 s)
    first, _ = ebur128_span(out / "lecture.mp4", 0.1, 0.8)
    assert first > -25
    assert mean_volume(out / "lecture.mp4", 1.1, 0.6) < -80
    record = json.loads((out / "lecture.json").read_text())["loudness"]
    assert record["integrated_lufs"] == pytest.approx(loudness, abs=0.15)


def ebur128_span(path: Path, start: float, length: float) -> tuple[float, float]:
    clip = path.with_name(f"span-{start}.m4a")
    subprocess.run(["ffmpeg", "-y", "-v", "error", "-ss", str(start), "-t", str(length), "-i", str(path), "-vn",
                    "-c:a", "aac", str(clip)], check=True)
    try:
        return ebur128(clip)
    finally:
        clip.unlink()


def mean_volume(path: Path, start: float, length: float) -> float:
    err = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-ss", str(start), "-t", str(length), "-i", str(path),
                          "-vn", "-af", "volumedetect", "-f", "null", "-"], capture_output=True, text=True).stderr
    line = next(x for x in err.splitlines() if "mean_volume" in x)
    return float(line.split("mean_volume:")[1].split()[0])


def test_webm_carries_opus_and_gif_no_sound(built) -> None:
    root, out = built
    assert render(root, out, "--format", "webm", "TinyDot") == 0
    (opus,) = audio_streams(out / "scenes" / "TinyDot.webm")
    assert opus["codec_name"] == "opus"
    assert render(root, out, "--format", "gif", "TinyDot") == 0
    gif = ffprobe(out / "scenes" / "TinyDot.gif", "-show_entries", "stream=codec_name")["streams"]
    assert [s["codec_name"] for s in gif] == ["gif"]


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


def test_a_latex_error_shows_latex_s_own_message(built, capsys) -> None:
    root, out = built
    scene_file = root / "scenes" / "part_tiny.py"
    scene_file.write_text(scene_file.read_text().replace('MathTex("x")', 'MathTex(r"\\undefinedmacro x")'))
    assert render(root, out, "TinyDot") == 1
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if x.startswith("error: scene TinyDot failed:"))
    assert "LaTeX error: Undefined control sequence." in line
    assert "\\undefinedmacro x" in line  # the offending TeX, not "see log output above"
    assert "log output above" not in line
    assert ".log)" in line  # where the full log is


NARRATED = """
from pathlib import Path

from manim import Dot, FadeIn

from scenes.kit.narration import NarratedScene


class Spoken(NarratedScene):
    narration_file = Path(__file__).with_name("narration.toml")

    def construct(self):
        with self.voiceover("first") as beat:
            self.play(FadeIn(Dot()), run_time=beat.duration / 2)
        self.say("second")
"""


def test_a_narrated_scene_hands_the_build_its_lines_at_the_exact_spoken_times(tmp_path: Path) -> None:
    (tmp_path / "spoken_scene.py").write_text(NARRATED)
    words = ["A first line.", "And a second line, longer, that takes a while to read."]
    (tmp_path / "narration.toml").write_text(f'[Spoken]\nfirst = "{words[0]}"\nsecond = "{words[1]}"\n')
    spoken = tmp_path / "spoken.json"
    env = {**os.environ, "SOFTMAX_ANIM_VOICE": "none", SPOKEN_ENV: str(spoken), "PYTHONPATH": str(PROJECT)}
    subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "--media_dir", str(tmp_path / "media"),
                    str(tmp_path / "spoken_scene.py"), "Spoken"], cwd=PROJECT, env=env, check=True,
                   capture_output=True, timeout=300)
    first, second = read_timed_lines(spoken)
    assert [first.text, second.text] == words
    assert (first.start, first.duration, second.duration) == (0.0, reading_time(words[0]), reading_time(words[1]))
    assert second.start >= first.end + 0.3 - 1e-9  # the pause after a line, then the next on the frame grid (15 fps)
    assert second.start * 15 == pytest.approx(round(second.start * 15), abs=1e-6)
    # manim's own subcaptions hold the same lines, their times rounded to the millisecond
    (manim_srt,) = (tmp_path / "media").rglob("Spoken.srt")
    cues = media.parse_srt(manim_srt.read_text())
    assert [c.text for c in cues] == words
    for cue, line in zip(cues, (first, second), strict=True):
        assert (cue.start, cue.end) == pytest.approx((line.start, line.end), abs=0.001)
