"""Fingerprints track values, not spelling; a new title re-tags; narration and voice count (fake manim; fast)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from fixtures.build_project import Project

from lecture_tool.cli import main
from lecture_tool.voice import FileHashes
from lecture_voice import VoiceChoice, engine, piper_missing

NO_PIPER = "Piper is not installed (pip install -e .[voice])"


def title_tag(path: Path) -> str:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags=title", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return str(json.loads(out)["format"]["tags"]["title"])


# --- parameters: values, not spelling ---------------------------------------------------------


def test_parameter_spelling_does_not_re_render(project: Project) -> None:
    override = project.root / "same.toml"
    override.write_text(
        "# the defaults, spelled differently\n"
        "[logits]\n"
        "values = [2, 1, 0.10]          # ints for floats, a trailing zero\n"
        'colors = ["BLUE", "Red", "green"]  # colour names in any case\n'
        "[lines]\n"
        "weights = [-1, 5e-1, 1.5]\n"
    )
    assert project.render("--params", str(override)) == []
    assert project.status("--params", str(override)) == {"First": None, "Second": None, "Third": None}


def test_a_parameter_value_change_still_re_renders(project: Project) -> None:
    override = project.root / "other.toml"
    override.write_text('[logits]\ncolors = ["blue", "red", "#009A72"]\n')  # one digit off green
    assert project.status("--params", str(override))["First"] == "lecture parameters [logits] changed"
    assert project.render("--params", str(override)) == ["First"]


def test_the_project_s_own_defaults_count_by_value(project: Project) -> None:
    project.edit("softmax_anim/lecture.toml", "values = [2.0, 1.0, 0.1]", "values = [2, 1, 0.1]  # same values")
    assert project.render() == []
    project.edit("softmax_anim/lecture.toml", "values = [2, 1, 0.1]", "values = [2.5, 1, 0.1]")
    assert project.render() == ["First"]
    override = project.root / "mine.toml"
    override.write_text("[lines]\nbiases = [0, 1, -1]\n")  # the defaults' values: the edited file stays in force
    assert project.render("--params", str(override)) == []


# --- manim.cfg: parsed values ------------------------------------------------------------------


def test_manim_cfg_comments_case_and_spacing_do_not_re_render(project: Project) -> None:
    (project.root / "manim.cfg").write_text(
        "# Read by manim from the project root.\n[CLI]\n\n; the dark background\nBACKGROUND_COLOR=#0f1117\n"
    )
    assert project.render() == []


def test_a_manim_cfg_value_change_re_renders_everything(project: Project) -> None:
    (project.root / "manim.cfg").write_text("[CLI]\nbackground_color = #000000\n")
    assert project.status() == {name: "manim.cfg changed" for name in ("First", "Second", "Third")}
    assert project.render() == ["First", "Second", "Third"]


# --- a new title: re-tag, do not render ------------------------------------------------------------


def test_a_title_change_re_tags_the_video_without_rendering(project: Project) -> None:
    video = project.out / "480p15" / "scenes" / "Second.mp4"
    assert title_tag(video) == "The second"
    project.edit("scenes/__init__.py", "'The second'", "'The second, renamed'")
    assert project.status() == {"First": None, "Second": None, "Third": None}  # nothing to render...
    assert project.render() == []  # ...and nothing rendered
    assert "1 re-tagged with a new title" in project.last.err
    assert title_tag(video) == "The second, renamed"
    meta = json.loads((project.out / "480p15" / "scenes" / "Second.mp4.json").read_text())
    assert meta["title"] == "The second, renamed"
    chapters = json.loads((project.out / "480p15" / "chapters.json").read_text())
    assert [c["title"] for c in chapters] == ["The first", "The second, renamed", "The third"]
    assert project.render() == []
    assert "re-tagged" not in project.last.err  # done once


# --- narration ------------------------------------------------------------------------------------


def test_narration_counts_per_scene_as_parsed_values(project: Project) -> None:
    narration = project.root / "scenes" / "narration.toml"
    narration.write_text('[First]\nintro = "One line."\n\n[Third]\nintro = "Another line."\n')
    assert project.status() == {"First": "narration changed", "Second": None, "Third": "narration changed"}
    assert project.render() == ["First", "Third"]
    narration.write_text('# the words\n[Third]\nintro = """Another line."""\n[First]\nintro = \'One line.\'\n')
    assert project.render() == []  # comments, quoting and order do not count
    project.edit("scenes/narration.toml", "One line.", "One sentence, edited.")
    assert project.render() == ["First"]
    narration.unlink()  # no narration file: no narration
    assert project.render() == ["First", "Third"]


def test_a_narration_file_that_is_not_toml_is_one_line_exit_2(project: Project) -> None:
    (project.root / "scenes" / "narration.toml").write_text("[First\nintro = 1\n")
    project.log.unlink(missing_ok=True)
    with pytest.raises(SystemExit) as stop:
        main(["render", *project.args("--progress", "quiet")])
    code = stop.value.code
    err = project.capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"error: {project.root / 'scenes' / 'narration.toml'}: not valid TOML")
    assert len(err.strip().splitlines()) == 1
    assert not project.log.exists()


# --- the voice ------------------------------------------------------------------------------------


def test_the_voice_reaches_manim_and_recordings_count_per_scene(project: Project, monkeypatch) -> None:
    seen = project.root / "manim-env.jsonl"
    monkeypatch.setenv("FAKE_MANIM_ENV", str(seen))
    recordings = project.root / "my-recordings"
    (recordings / "First").mkdir(parents=True)
    (recordings / "First" / "intro.wav").write_bytes(b"RIFF-one")
    assert project.status("--recordings", str(recordings))["First"] == "voice changed (none -> recorded)"
    assert project.render("--voice", "recorded", "--recordings", str(recordings)) == ["First", "Second", "Third"]
    env = [json.loads(line) for line in seen.read_text().splitlines()]
    assert {e["SOFTMAX_ANIM_VOICE"] for e in env} == {"recorded"}
    assert {e["SOFTMAX_ANIM_RECORDINGS"] for e in env} == {str(recordings.resolve())}
    assert {e["SOFTMAX_ANIM_VOICE_CACHE"] for e in env} == {str(project.root / "media" / "voice")}  # one cache
    (recordings / "First" / "intro.wav").write_bytes(b"RIFF-two")  # a new take of First's line
    assert project.status("--recordings", str(recordings))["First"] == "recordings changed"
    assert project.render("--recordings", str(recordings)) == ["First"]
    assert project.render("--voice", "none") == ["First", "Second", "Third"]


def test_the_default_voice_comes_from_the_environment(project: Project, monkeypatch) -> None:
    monkeypatch.setenv("SOFTMAX_ANIM_VOICE", "recorded")
    assert project.status()["Second"] == "voice changed (none -> recorded)"


def test_piper_asked_for_but_missing_is_one_line_exit_2(project: Project, monkeypatch) -> None:
    monkeypatch.setattr("lecture_voice.choice.piper_missing", lambda: NO_PIPER)
    with pytest.raises(SystemExit) as stop:
        main(["render", *project.args("--voice", "piper")])
    code = stop.value.code
    err = project.capsys.readouterr().err
    assert code == 2
    assert err == "error: voice 'piper' asked for but Piper is not installed (pip install -e .[voice])\n"


def test_without_piper_the_default_is_silent_with_one_warning(project: Project, monkeypatch) -> None:
    monkeypatch.delenv("SOFTMAX_ANIM_VOICE")
    monkeypatch.setattr("lecture_voice.choice.piper_missing", lambda: NO_PIPER)
    assert project.render() == []  # silent = what the template was built with
    warnings = [line for line in project.last.err.splitlines() if line.startswith("warning:")]
    assert warnings == ["warning: no voice, the lecture will be silent: Piper is not installed "
                        "(pip install -e .[voice])"]


def test_the_piper_fingerprint_holds_engine_version_and_model_digest(tmp_path: Path, monkeypatch) -> None:
    model, config = tmp_path / "voice.onnx", tmp_path / "voice.onnx.json"
    model.write_bytes(b"weights v1")
    config.write_text('{"audio": {"sample_rate": 22050}}')
    monkeypatch.setattr(engine, "_voice_model", lambda: (model, config))
    monkeypatch.setattr(engine, "_version", lambda dist: {"piper-tts": "1.8.0"}[dist])
    hashes = FileHashes(tmp_path / "hashes.json")
    piper = VoiceChoice("piper", tmp_path / "rec", tmp_path / "cache")
    first = piper.fingerprint("Scene", hashes.digest)
    assert first["engine"] == "piper-tts 1.8.0" and set(first["model"]) == {"voice.onnx", "voice.onnx.json"}
    model.write_bytes(b"weights v2, retrained")
    assert piper.fingerprint("Scene", hashes.digest)["model"] != first["model"]
    monkeypatch.setattr(engine, "_version", lambda dist: {"piper-tts": "1.9.0"}[dist])
    assert piper.fingerprint("Scene", hashes.digest)["engine"] == "piper-tts 1.9.0"
    assert VoiceChoice("none", tmp_path, tmp_path).fingerprint("Scene", hashes.digest) == {"name": "none"}


def test_file_digests_are_remembered_and_refreshed_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "model.onnx"
    path.write_bytes(b"a" * 1000)
    store = tmp_path / "hashes.json"
    first = FileHashes(store)
    digest = first.digest(path)
    first.save()
    assert json.loads(store.read_text())[str(path)][2] == digest
    second = FileHashes(store)
    assert second.digest(path) == digest and not second._dirty  # from the store, not re-read
    path.write_bytes(b"b" * 1001)
    os.utime(path, ns=(1, 2))
    assert FileHashes(store).digest(path) != digest


@pytest.mark.skipif(piper_missing() is not None, reason="Piper and the joe voice are not installed")
def test_the_installed_joe_voice_is_fingerprinted(tmp_path: Path) -> None:
    parts = VoiceChoice("piper", tmp_path, tmp_path).fingerprint("Scene", FileHashes(None).digest)
    assert parts["engine"].startswith("piper-tts ")
    assert "en_US-joe-medium.onnx" in parts["model"] and "en_US-joe-medium.onnx.json" in parts["model"]
