"""The lecture's spoken words and the voice that speaks them; imports neither manim nor Piper.

Used by the scenes (``scenes/kit/narration.py``, the manim side: ``NarratedScene``)
and by the build tool (``lecture_tool``: the voice in force, its fingerprint,
the scenes' words), so both follow one set of rules:

:mod:`~lecture_voice.script`
    The words: ``scenes/narration.toml``, one table per scene class, one key
    per spoken line, in the order spoken; ``str.format`` placeholders filled by
    the scene with numbers from :mod:`softmax_anim`; :func:`spoken_list`,
    :func:`speakable`, :func:`reading_time`.
:mod:`~lecture_voice.choice`
    Which voice speaks (``SOFTMAX_ANIM_VOICE`` = ``piper`` | ``none`` |
    ``recorded``, the default rule, recordings and cache folders) and what a
    scene's sound is made from (:meth:`VoiceChoice.fingerprint`).
:mod:`~lecture_voice.voices`
    ``none`` (silent: a line lasts its reading time, 17 characters a second,
    at least 1.5 s), ``piper`` (the offline neural voice) and ``recorded``
    (the author's ``<recordings>/<SceneClass>/<key>.wav``, ``<key>-2.wav`` for
    a key's second take; a missing file falls back with a warning).
:mod:`~lecture_voice.engine`
    Piper (GPL-3.0, the optional extra ``pip install -e .[voice]``), run as a
    separate process, never imported.
:mod:`~lecture_voice.cache`
    The speech cache (``SOFTMAX_ANIM_VOICE_CACHE``, else ``media/voice``): one
    file per hash of text, voice, engine version and settings, written atomically.
:mod:`~lecture_voice.audio`
    Probing and conversion: every cached line is 48 kHz mono 16-bit WAV at
    -16 LUFS, true peak at most -2 dBTP.
:mod:`~lecture_voice.spoken`
    The lines a scene spoke at their exact times, written by the scene
    (``SOFTMAX_ANIM_SPOKEN``) for the build's subtitles.
:mod:`~lecture_voice.loudness`
    Loudness by ffmpeg's ebur128, its targets and tolerance, and the gain
    search under a peak limiter; the build's lecture video uses it too.

Bad input stops with :class:`NarrationError`, whose message is one line naming
the scene and line key, or the file.
"""

from __future__ import annotations

from .audio import AudioInfo, normalize_audio, probe_audio, wav_duration
from .cache import SpeechCache, file_digest
from .choice import CACHE_ENV, RECORDINGS_ENV, VOICE_ENV, VOICES, VoiceChoice, choose_voice, resolve_voice
from .engine import INSTALL_HINT, PiperEngine, PiperSettings, piper_engine, piper_missing
from .errors import NarrationError, warn, warn_once
from .loudness import Loudness, measure_loudness
from .script import SCRIPT_NAME, Script, load_script, reading_time, speakable, spoken_list
from .voices import PiperVoice, RecordedVoice, SilentVoice, Speech, Voice

__all__ = [
    "CACHE_ENV",
    "INSTALL_HINT",
    "RECORDINGS_ENV",
    "SCRIPT_NAME",
    "VOICES",
    "VOICE_ENV",
    "AudioInfo",
    "Loudness",
    "NarrationError",
    "PiperEngine",
    "PiperSettings",
    "PiperVoice",
    "RecordedVoice",
    "Script",
    "SilentVoice",
    "Speech",
    "SpeechCache",
    "Voice",
    "VoiceChoice",
    "choose_voice",
    "file_digest",
    "load_script",
    "measure_loudness",
    "normalize_audio",
    "piper_engine",
    "piper_missing",
    "probe_audio",
    "reading_time",
    "resolve_voice",
    "speakable",
    "spoken_list",
    "wav_duration",
    "warn",
    "warn_once",
]
