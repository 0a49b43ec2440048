"""NarratedScene timing rules in the dry-run harness, and the lecture's narration file itself."""

from __future__ import annotations

import re
import string
import wave
from pathlib import Path

import numpy as np
import pytest
from harness import build
from manim import Circle, Create, FadeIn, Square

from lecture_voice import load_script
from scenes import LECTURE
from scenes.kit.narration import NARRATION_FILE, NarratedScene

DEMO = """
[Demo]
intro = "Here is a circle, drawn while this sentence is spoken."
value = "The value is {value}."
outro = "That is all."
"""


def demo_file(tmp_path: Path, text: str = DEMO) -> Path:
    path = tmp_path / "narration.toml"
    path.write_text(text, encoding="utf-8")
    return path


def make_scene(path: Path, body, name: str = "Demo") -> type:
    """A NarratedScene class named ``name`` whose construct is ``body(self)``, reading ``path``."""
    return type(name, (NarratedScene,), {"narration_file": path, "construct": body})


def demo_body(self) -> None:
    self.beats = []
    with self.voiceover("intro") as beat:
        self.beats.append((beat, beat.remaining()))
        self.play(Create(Circle()), run_time=beat.duration / 2)
        self.halfway = beat.remaining()
    for v in ("0.66", "-2.50"):
        with self.voiceover("value", value=v) as beat:
            self.play(FadeIn(Square()), run_time=beat.duration + 1.5)  # animations may outlast the line
    self.say("outro")
    self.final_hold()


def subtitles(scene) -> list[tuple[str, float, float]]:
    return [(s.content, s.start.total_seconds(), s.end.total_seconds()) for s in scene.renderer.file_writer.subcaptions]


@pytest.fixture
def demo(tmp_path, scene_media_dir):
    return build(make_scene(demo_file(tmp_path), demo_body), scene_media_dir)


def test_lines_are_spoken_in_order_with_their_values(demo):
    assert [(s.key, s.text) for s in demo.spoken] == [
        ("intro", "Here is a circle, drawn while this sentence is spoken."),
        ("value", "The value is 0.66."),
        ("value", "The value is -2.50."),
        ("outro", "That is all."),
    ]
    assert all(s.source == "none" and s.audio is None for s in demo.spoken)  # tests run with the silent voice


def test_lines_never_overlap_and_pause_between(demo):
    for prev, nxt in zip(demo.spoken, demo.spoken[1:]):
        assert nxt.start >= prev.end + NarratedScene.pause - 1e-9
    # An animation longer than its line delays the next line instead of overlapping it.
    assert demo.spoken[2].start >= demo.spoken[1].start + demo.spoken[1].duration + 1.5


def test_subtitles_are_the_spoken_text_at_the_spoken_times(demo):
    assert subtitles(demo) == [(s.text, pytest.approx(s.start, abs=1e-3), pytest.approx(s.end, abs=1e-3))
                               for s in demo.spoken]


def test_beat_tracks_the_line(demo):
    beat, at_start = demo.beats[0]
    assert at_start == pytest.approx(beat.duration)
    assert 0 <= demo.halfway < beat.duration
    assert beat.remaining() == 0 and beat.elapsed() == beat.duration


def test_scene_ends_with_the_final_hold_after_the_last_line(demo):
    last = demo.spoken[-1]
    hold = demo.renderer.time - last.end
    # The harness runs at 1 frame a second: the pause after the line rounds up to one whole frame.
    assert NarratedScene.final_hold_time <= hold <= NarratedScene.final_hold_time + 1.0 + 1e-9


def test_final_hold_is_at_most_two_seconds(tmp_path, scene_media_dir):
    def body(self):
        self.say("outro")
        self.final_hold(2.5)

    with pytest.raises(ValueError, match="at most 2.0 s"):
        build(make_scene(demo_file(tmp_path), body), scene_media_dir)


def test_lines_cannot_nest(tmp_path, scene_media_dir):
    def body(self):
        with self.voiceover("intro"), self.voiceover("outro"):
            pass

    with pytest.raises(RuntimeError, match="lines cannot overlap"):
        build(make_scene(demo_file(tmp_path), body), scene_media_dir)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (lambda self: self.say("nope"), "error: narration.toml [Demo]: unknown line key 'nope'"),
        (lambda self: self.say("value"), "error: narration.toml [Demo] value: unknown placeholder {value}"),
        (lambda self: self.say("value", value=None), "error: narration.toml [Demo] value: missing value"),
    ],
    ids=["unknown-key", "no-value", "missing-value"],
)
def test_bad_line_stops_with_exit_2_and_one_line(tmp_path, scene_media_dir, capsys, body, message):
    with pytest.raises(SystemExit) as stop:
        build(make_scene(demo_file(tmp_path), body), scene_media_dir)
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(message) and "\n" not in err


def test_empty_line_in_the_file_stops_the_scene(tmp_path, scene_media_dir, capsys):
    path = demo_file(tmp_path, '[Demo]\nintro = ""\n')
    with pytest.raises(SystemExit) as stop:
        build(make_scene(path, lambda self: self.say("intro")), scene_media_dir)
    assert stop.value.code == 2
    assert capsys.readouterr().err.strip() == "error: narration.toml [Demo] intro: the line is empty"


def test_subclass_keeps_its_parents_words(tmp_path, scene_media_dir):
    parent = make_scene(demo_file(tmp_path), lambda self: self.say("outro"))
    child = type("WiderDemo", (parent,), {})
    assert [s.text for s in build(child, scene_media_dir).spoken] == ["That is all."]


def test_editing_a_sentence_retimes_the_scene(tmp_path, scene_media_dir):
    path = demo_file(tmp_path, '[Demo]\nline = "Short."\n')
    scene_cls = make_scene(path, lambda self: (self.say("line"), self.final_hold()))
    short = build(scene_cls, scene_media_dir).renderer.time
    path.write_text('[Demo]\nline = "' + "A much longer sentence, " * 6 + 'said slowly."\n', encoding="utf-8")
    assert build(scene_cls, scene_media_dir).renderer.time > short + 5


def write_tone(path: Path, seconds: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(seconds * 22_050)) / 22_050
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22_050)
        w.writeframes((0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2").tobytes())
    return path


def test_recorded_voice_times_the_scene(tmp_path, scene_media_dir, monkeypatch, capsys):
    pytest.importorskip("pydub")
    rec = tmp_path / "rec"
    write_tone(rec / "Demo" / "intro.wav", 3.25)
    write_tone(rec / "Demo" / "value-2.wav", 2.5)
    monkeypatch.setenv("SOFTMAX_ANIM_VOICE", "recorded")
    monkeypatch.setenv("SOFTMAX_ANIM_RECORDINGS", str(rec))
    monkeypatch.setenv("SOFTMAX_ANIM_VOICE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr("lecture_voice.choice.piper_engine", lambda settings=None: None)  # fallback: silent
    scene = build(make_scene(demo_file(tmp_path), demo_body), scene_media_dir)
    sources = [(s.key, s.source) for s in scene.spoken]
    assert sources == [("intro", "recorded"), ("value", "none"), ("value", "recorded"), ("outro", "none")]
    assert scene.spoken[0].duration == pytest.approx(3.25, abs=0.01)
    assert scene.spoken[2].duration == pytest.approx(2.5, abs=0.01)
    err = capsys.readouterr().err
    assert "no recording" in err and "Demo/value.wav" in err and "Demo/outro.wav" in err
    for prev, nxt in zip(scene.spoken, scene.spoken[1:]):
        assert nxt.start >= prev.end + NarratedScene.pause - 1e-9


def test_a_re_render_from_the_animation_cache_keeps_every_line(tmp_path, monkeypatch):
    """manim skips ``add_sound`` while the play before it came from its cache; the voice must not be lost then."""
    pytest.importorskip("pydub")
    from manim.scene.scene_file_writer import SceneFileWriter

    rec = tmp_path / "rec"
    for name, seconds in (("intro", 1.5), ("value", 1.0), ("value-2", 1.0), ("outro", 1.0)):
        write_tone(rec / "Demo" / f"{name}.wav", seconds)
    monkeypatch.setenv("SOFTMAX_ANIM_VOICE", "recorded")
    monkeypatch.setenv("SOFTMAX_ANIM_RECORDINGS", str(rec))
    monkeypatch.setenv("SOFTMAX_ANIM_VOICE_CACHE", str(tmp_path / "cache"))
    added: list[str] = []
    add_sound = SceneFileWriter.add_sound

    def recording(self, sound_file, *args, **kwargs):
        added.append(Path(sound_file).name)
        return add_sound(self, sound_file, *args, **kwargs)

    monkeypatch.setattr(SceneFileWriter, "add_sound", recording)
    scene_cls = make_scene(demo_file(tmp_path), demo_body)
    video = {"dry_run": False, "disable_caching": False, "pixel_width": 64, "pixel_height": 36, "frame_rate": 5}
    counts = []
    for _ in range(2):  # the second render takes every play from the cache of the first
        added.clear()
        build(scene_cls, tmp_path / "media", **video)
        counts.append(list(added))
    assert len(counts[0]) == 4
    assert counts[1] == counts[0]


# --- the lecture's narration file -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def script():
    return load_script(NARRATION_FILE)


def test_every_scene_of_the_lecture_has_words(script):
    for entry in LECTURE:
        assert script.keys(entry.name), entry.name


def words_outside_placeholders(text: str) -> str:
    return "".join(literal for literal, *_ in string.Formatter().parse(text))


def test_no_number_is_typed_into_the_words(script):
    for scene, table in script.tables.items():
        for key, text in table.items():
            assert not re.search(r"\d", words_outside_placeholders(text)), f"[{scene}] {key}: {text}"


def test_lines_are_complete_sentences(script):
    for scene, table in script.tables.items():
        for key, text in table.items():
            assert text[0].isupper() or text[0] == "{", f"[{scene}] {key}"
            assert text.rstrip().endswith((".", "?", "!")), f"[{scene}] {key}"
            assert not re.search(r"[_^\\=<>]", words_outside_placeholders(text)), f"[{scene}] {key}: say it in words"


def test_every_key_and_placeholder_is_documented_above_its_table(script):
    """The comments above each table tell scene authors which section each key belongs to and what to pass."""
    text = NARRATION_FILE.read_text(encoding="utf-8")
    blocks = re.split(r"^\[(\w+)\]\s*$", text, flags=re.M)
    comments = {}
    for i in range(1, len(blocks), 2):
        before = blocks[i - 1].split("\n\n\n")[-1]
        comments[blocks[i]] = "\n".join(line for line in before.splitlines() if line.startswith("#"))
    for scene, table in script.tables.items():
        doc = comments[scene]
        for key in table:
            assert re.search(rf"\b{key}\b", doc), f"[{scene}] {key} is not described in the comments above the table"
            for name in script.placeholders(scene, key):
                assert "{" + name + "}" in doc, f"[{scene}] {key}: placeholder {{{name}}} is not described"


def test_a_scene_reads_the_narration_beside_its_own_file(tmp_path, scene_media_dir):
    """A copied scenes folder (the benchmark's, an author's) speaks the words beside it, as the build fingerprints."""
    import importlib.util
    import sys

    (tmp_path / "narration.toml").write_text('[Beside]\nline = "These words live beside the scene."\n')
    (tmp_path / "beside_scene.py").write_text(
        "from scenes.kit.narration import NarratedScene\n\n\n"
        "class Beside(NarratedScene):\n    def construct(self):\n        self.say('line')\n")
    spec = importlib.util.spec_from_file_location("beside_scene", tmp_path / "beside_scene.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["beside_scene"] = module  # as manim loads a scene file
    spec.loader.exec_module(module)
    scene = build(module.Beside, scene_media_dir)
    assert [line.text for line in scene.spoken] == ["These words live beside the scene."]
