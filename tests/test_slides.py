"""The slide deck (``softmax-anim slides``) of a small fixture lecture, built by the real build and opened in chromium.

The lecture: ``TinyDot`` (a plain Scene with two subcaptions and a tone) and
``TinyBeats`` (a NarratedScene with three sections, one of them silent, speaking
recordings made here: no Piper), from ``tests/fixtures/lecture_scenes``. It is
rendered once with manim at -ql and its deck built in voice mode, then in silent
mode from the same renders. The checks: one slide per beat with the beat's words
as notes, clips whose frames are the scene video's own, sound as long as the
beat's lines in voice mode and none in silent mode, a rebuild that does nothing,
bad input refused in one line, a failed build that keeps the deck; and in Debian's
chromium at 1280x720, from a local server: no request leaves it, ArrowRight
advances and the new slide's video plays, the notes are there.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import srt
from fixtures.sound import ebur128, write_tone

from lecture_tool.beats import split_beats
from lecture_tool.cli import main
from lecture_tool.media import Cue
from lecture_voice.spoken import TimedSection

PROJECT = Path(__file__).resolve().parents[1]
FIXTURE_SCENES = Path(__file__).parent / "fixtures" / "lecture_scenes"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
        "--disable-extensions", "--mute-audio"]
RECORDED = {"appear": 0.8, "move": 1.2, "stay": 0.7}  # seconds of tone per line of TinyBeats

pytestmark = pytest.mark.skipif(shutil.which("ffprobe") is None, reason="needs ffmpeg/ffprobe")


def expected_notes() -> list[str]:
    """The words of each slide, read from the fixture's own narration file and subcaptions, not from the build."""
    words = tomllib.loads((FIXTURE_SCENES / "narration.toml").read_text())["TinyBeats"]
    return ["A dot appears. Then x < y & z --> w.",  # TinyDot's two subcaptions: one beat
            words["appear"],  # "Appear" and the silent "Quiet" after it
            f"{words['move'].format(step='1.50')} {words['stay']}"]  # "Move", its number as shown on screen


def slides(root: Path, out: Path, *extra: str) -> int:
    voice = [] if "--voice" in extra else ["--recordings", str(root / "recordings")]
    return main(["slides", "--scenes-dir", str(root / "scenes"), "--project", str(PROJECT), "--out", str(out),
                 "-q", "l", "-j", "2", "--progress", "quiet", *voice, *extra])


@pytest.fixture(scope="module")
def lecture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture lecture (TinyDot, TinyBeats) with a tone and recordings for every line."""
    root = tmp_path_factory.mktemp("slides")
    shutil.copytree(FIXTURE_SCENES, root / "scenes")
    (root / "scenes" / "__init__.py").write_text(
        "from scenes import SceneEntry\n\n"
        "LECTURE = (SceneEntry('part_tiny.py', 'TinyDot', 'A dot'),\n"
        "           SceneEntry('part_beats.py', 'TinyBeats', 'Beats'))\n")
    write_tone(root / "scenes" / "tone.wav", seconds=1.0)
    (root / "recordings" / "TinyBeats").mkdir(parents=True)
    for key, seconds in RECORDED.items():
        write_tone(root / "recordings" / "TinyBeats" / f"{key}.wav", seconds=seconds)
    return root


@pytest.fixture(scope="module")
def decks(lecture: Path) -> dict[str, Path]:
    """The voice deck (kept aside as a copy) and the silent deck built after it from the same renders."""
    out = lecture / "out"
    assert slides(lecture, out, "--mode", "voice") == 0
    voice = lecture / "voice-deck"
    shutil.copytree(out / "480p15" / "slides", voice)
    assert slides(lecture, out, "--mode", "silent") == 0
    return {"voice": voice, "silent": out / "480p15" / "slides", "scenes": out / "480p15" / "scenes"}


def streams(path: Path) -> dict[str, dict[str, str]]:
    """The file's first video and first audio stream (codec_name, duration), by ffprobe: once per version of a file."""
    return _streams(path, path.stat().st_mtime_ns)


@functools.cache
def _streams(path: Path, version: int) -> dict[str, dict[str, str]]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name,duration",
                          "-of", "json", str(path)], capture_output=True, text=True, check=True).stdout
    found: dict[str, dict[str, str]] = {}
    for stream in json.loads(out)["streams"]:
        found.setdefault(stream["codec_type"], stream)
    return found


def seconds(path: Path, kind: str = "video") -> float:
    return float(streams(path)[kind]["duration"])


def clips(deck: Path) -> list[Path]:
    """The clips in the deck's order."""
    page = (deck / "index.html").read_text()
    return [deck / src for src in re.findall(r'<video class="beat" data-src="([^"]+)"', page)]


def notes(deck: Path) -> list[str]:
    page = (deck / "index.html").read_text()
    return [html.unescape(n) for n in re.findall(r'<aside class="notes">(.*?)</aside>', page)]


def frame_hashes(video: Path) -> list[str]:
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-map", "0:v", "-f", "framemd5", "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line.split(",")[-1].strip() for line in out.splitlines() if line and not line.startswith("#")]


def test_one_slide_per_beat_with_the_beat_s_narration_as_notes(decks) -> None:
    for mode in ("voice", "silent"):
        assert notes(decks[mode]) == expected_notes()
        assert [c.name.split("-")[0] for c in clips(decks[mode])] == ["TinyDot", "TinyBeats", "TinyBeats"]
    page = (decks["silent"] / "index.html").read_text()
    assert '<section data-chapter="Beats" data-scene="TinyBeats">' in page  # the chapter is the lecture's title
    assert "Beats</span> &middot; Appear</p>" in page and "Beats</span> &middot; Move</p>" in page


def test_the_clips_are_the_scene_video_s_own_frames_and_add_up_to_it(decks) -> None:
    for mode in ("voice", "silent"):
        for scene in ("TinyDot", "TinyBeats"):
            video = decks["scenes"] / f"{scene}.mp4"
            parts = [c for c in clips(decks[mode]) if c.name.startswith(f"{scene}-")]
            if mode == "voice":  # (the silent clips are cut the same way, without the sound)
                assert sum((frame_hashes(c) for c in parts), []) == frame_hashes(video)
            assert sum(seconds(c) for c in parts) == pytest.approx(seconds(video), abs=1e-3)


def rms_db(clip: Path, start: float, end: float) -> float:
    """The sound's RMS level in dBFS between two times of a clip (ffmpeg's astats)."""
    out = subprocess.run(["ffmpeg", "-v", "info", "-ss", f"{start:.3f}", "-to", f"{end:.3f}", "-i", str(clip),
                          "-map", "0:a:0", "-af", "astats=measure_perchannel=none", "-f", "null", "-"],
                         capture_output=True, text=True, check=True).stderr
    return float(re.findall(r"RMS level dB: (\S+)", out)[-1])


def test_voice_clips_sound_their_beat_s_lines_and_silent_clips_have_no_sound(decks) -> None:
    for scene in ("TinyDot", "TinyBeats"):
        lines = list(srt.parse((decks["scenes"] / f"{scene}.srt").read_text()))
        start = 0.0
        for clip in [c for c in clips(decks["voice"]) if c.name.startswith(f"{scene}-")]:
            video, sound = seconds(clip), seconds(clip, "audio")
            assert streams(clip)["audio"]["codec_name"] == "aac"
            assert sound == pytest.approx(video, abs=0.03)  # sound for the whole slide
            mine = [line for line in lines if start - 1e-3 <= line.start.total_seconds() < start + video - 1e-3]
            assert mine, f"{clip.name}: no line"
            for line in mine:  # every line of the beat sounds in its clip, at its time
                a, b = line.start.total_seconds() - start, line.end.total_seconds() - start
                assert b <= sound + 0.03
                assert rms_db(clip, a + 0.05, b - 0.05) > -30, f"{clip.name}: silent during {line.content!r}"
            start += video
    for clip in clips(decks["silent"]):
        assert "audio" not in streams(clip)


def test_the_voice_deck_sounds_as_loud_as_the_lecture(decks, tmp_path: Path) -> None:
    parts = clips(decks["voice"])
    joined = tmp_path / "deck.wav"
    inputs = [arg for clip in parts for arg in ("-i", str(clip))]
    graph = "".join(f"[{k}:a:0]" for k in range(len(parts))) + f"concat=n={len(parts)}:v=0:a=1[out]"
    subprocess.run(["ffmpeg", "-v", "error", *inputs, "-filter_complex", graph, "-map", "[out]", str(joined)],
                   check=True)
    deck, deck_peak = ebur128(joined)
    lecture, _ = ebur128(decks["scenes"].parent / "lecture.mp4")
    assert deck == pytest.approx(lecture, abs=0.5) and abs(deck - (-16.0)) <= 1.0
    assert deck_peak <= -1.0


def test_a_rebuild_renders_and_cuts_nothing(lecture: Path, decks, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    before = {p.name: p.stat().st_mtime_ns for p in (decks["silent"] / "clips").iterdir()}
    assert slides(lecture, lecture / "out", "--mode", "silent") == 0
    assert "3 slide(s) in 2 scene(s), silent: 0 clip(s) cut, 3 reused, 0 scene(s) rendered" in capsys.readouterr().err
    assert {p.name: p.stat().st_mtime_ns for p in (decks["silent"] / "clips").iterdir()} == before


@pytest.mark.parametrize(("extra", "message"), [
    (["--mode", "loud"], "error: argument --mode: invalid choice: 'loud' (choose from silent, voice)"),
    (["NoSuchScene"], "error: unknown scene 'NoSuchScene'"),
    (["--mode", "voice", "--voice", "none"], "error: --mode voice needs a voice"),
    (["--format", "webm"], "error: slides are cut from the MP4 videos"),
], ids=["unknown-mode", "unknown-scene", "voice-without-voice", "webm"])
def test_bad_input_is_refused_in_one_line(lecture: Path, decks, capsys: pytest.CaptureFixture[str],
                                          extra: list[str], message: str) -> None:
    capsys.readouterr()
    before = (decks["silent"] / "index.html").read_text()
    with pytest.raises(SystemExit) as stop:
        slides(lecture, lecture / "out", *extra)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(message.split(" (")[0]) and err.count("\n") == 1, err
    assert (decks["silent"] / "index.html").read_text() == before


def test_a_failed_build_keeps_the_deck(lecture: Path, decks, capsys: pytest.CaptureFixture[str]) -> None:
    scene = lecture / "scenes" / "part_beats.py"
    good = scene.read_text()
    before = {p: p.read_bytes() for p in decks["silent"].rglob("*") if p.is_file()}
    scene.write_text(good.replace('self.next_section("Move")', 'raise ValueError("broken on purpose")'))
    try:
        assert slides(lecture, lecture / "out", "--mode", "voice") == 1
        assert "broken on purpose" in capsys.readouterr().err
        assert {p: p.read_bytes() for p in decks["silent"].rglob("*") if p.is_file()} == before
    finally:
        scene.write_text(good)


def test_a_silent_section_joins_the_beat_before_it_or_after_it_when_first() -> None:
    cues = [Cue(1.0, 2.0, "One."), Cue(4.0, 5.0, "Two.")]
    sections = [TimedSection("Title", 0.0), TimedSection("First", 0.5), TimedSection("Pause", 3.0),
                TimedSection("Second", 3.5)]
    beats = split_beats(sections, cues, 6.0, "Scene")
    assert [(b.title, b.start, b.end, b.notes) for b in beats] == [("First", 0.0, 3.5, "One."),
                                                                   ("Second", 3.5, 6.0, "Two.")]


# --- in the browser ---------------------------------------------------------------------------------------


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(decks) -> Iterator[str]:
    """The voice deck's folder served from 127.0.0.1 on a free port: its base URL."""
    def handler(*args: Any, **kwargs: Any) -> Quiet:
        return Quiet(*args, directory=str(decks["voice"]), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (scripts/setup.sh installs it)")
def test_in_chromium_arrow_right_plays_each_beat_with_its_notes_and_nothing_leaves_the_folder(served: str) -> None:
    from playwright import sync_api

    requests: list[str] = []

    def route(r: Any) -> None:
        requests.append(r.request.url)
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            r.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            context.route("**/*", route)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(served + "index.html", wait_until="load")
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=10_000)
            assert page.evaluate("Reveal.getTotalSlides()") == 3
            text = "Reveal.getCurrentSlide().querySelector('aside.notes').textContent"
            seen_notes = [page.evaluate(text)]
            for k in (1, 2):
                page.keyboard.press("ArrowRight")
                page.wait_for_function(f"Reveal.getSlides().indexOf(Reveal.getCurrentSlide()) === {k}", timeout=5000)
                # The new slide's clip plays (the key press is the user's gesture that lets its sound start).
                page.wait_for_function("(() => { const v = Reveal.getCurrentSlide().querySelector('video');"
                                       " return !v.paused && v.currentTime > 0.1; })()", timeout=10_000)
                seen_notes.append(page.evaluate(text))
            assert seen_notes == expected_notes()
            box = page.evaluate("(() => { const r = Reveal.getCurrentSlide().querySelector('video')"
                                ".getBoundingClientRect(); return [r.width, r.height]; })()")
            assert box[0] == pytest.approx(box[1] * 16 / 9, rel=0.01) and box[1] > 600  # the picture fills the view
            assert errors == []
        finally:
            browser.close()
    assert requests and all(urlsplit(u).hostname == "127.0.0.1" for u in requests), requests
