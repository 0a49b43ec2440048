"""The one narration base: scenes speak their lines from ``scenes/narration.toml`` and time to the voice.

::

    class ExponentiateThenNormalize(NarratedScene):
        def construct(self) -> None:
            self.next_section("Add them up")
            with self.voiceover("sum", total=self.shown.total) as beat:
                self.play(Write(self.sum_line), run_time=beat.duration)
            self.final_hold()

``voiceover(key, **values)`` resolves the line's text (the table named after
the scene class, placeholders filled by ``values``), gets its audio from the
voice in force (:mod:`lecture_voice`, which the build tool shares), adds the
sound and the subtitle (the exact text, from now for as long as the line
lasts) and yields a :class:`Beat`.
The animations inside the block play while the line is spoken; on leaving the
block the scene waits for the rest of the line plus :attr:`NarratedScene.pause`,
so the next line never overlaps. Every line spoken is recorded in
``scene.spoken`` (key, text, start, duration) for tests and tools, and every
section (``next_section``, a beat) with its start in ``scene.sections``; in a
render started by the build both are also written to the file named by
``SOFTMAX_ANIM_SPOKEN`` when the scene ends (:mod:`lecture_voice.spoken`), and
the build writes the scene's subtitles from these exact times.
"""

from __future__ import annotations

import math
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, NoReturn

from manim import DefaultSectionType, Scene, config

from lecture_voice import SCRIPT_NAME, NarrationError, Script, Voice, load_script, resolve_voice
from lecture_voice.spoken import SPOKEN_ENV, TimedLine, TimedSection, write_timed_lines

__all__ = ["NARRATION_FILE", "Beat", "NarratedScene", "SpokenLine"]

NARRATION_FILE = Path(__file__).resolve().parents[1] / SCRIPT_NAME
"""The lecture's words: ``scenes/narration.toml``."""


@dataclass(frozen=True)
class SpokenLine:
    """One line as spoken: its key, exact text, start and duration in seconds of scene time, and audio."""

    key: str
    text: str
    start: float
    duration: float
    audio: Path | None
    source: str

    @property
    def end(self) -> float:
        """When the line stops sounding."""
        return self.start + self.duration


class Beat:
    """The tracker of one spoken line (manim-voiceover's ``tracker``).

    Attributes
    ----------
    key, text : str
        The line's key and its words.
    start, duration : float
        When it starts (scene time) and how many seconds it lasts.
    """

    def __init__(self, scene: Scene, key: str, text: str, start: float, duration: float) -> None:
        self.scene, self.key, self.text = scene, key, text
        self.start, self.duration = start, duration

    @property
    def end(self) -> float:
        """Scene time at which the line ends."""
        return self.start + self.duration

    def elapsed(self) -> float:
        """Seconds of the line already spoken."""
        return min(self.duration, max(0.0, self.scene.renderer.time - self.start))

    def remaining(self) -> float:
        """Seconds of the line still to come (0 once it has ended)."""
        return max(0.0, self.end - self.scene.renderer.time)


def _stop(error: NarrationError) -> NoReturn:
    """End the render with one line and exit status 2 (no traceback)."""
    print(f"error: {error}", file=sys.stderr, flush=True)
    raise SystemExit(2)


class NarratedScene(Scene):
    """A scene that speaks its lines from ``scenes/narration.toml`` and times its beats to them.

    Attributes
    ----------
    pause : float
        Seconds of silence after each line before the next may start.
    final_hold_time : float
        Default length of the closing still (:meth:`final_hold`), at most 2 s.
    narration_file : Path or None
        The narration file (``None``: ``scenes/narration.toml``).
    narration_table : str or None
        The table to read (``None``: the nearest class in the scene's MRO
        that has a table, so a subclass that only overrides a layout
        attribute keeps its parent's words).
    class_counts : dict of str to tuple of int
        The class counts the scene draws, per class table of the lecture
        parameters (``{"logits": (3,)}``: a triangle of three classes); a table
        it does not name: every supported count. Written as a literal in the
        class body, so the build reads it without importing the scene
        (``lecture_tool.lecture.declared_class_counts``) and leaves the scene
        out of a lecture whose parameters it cannot draw; the scene itself
        stops on them (:func:`scenes.kit.palette.params_or_exit`).
    spoken : list of SpokenLine
        Every line spoken so far, in order (set in :meth:`setup`).
    sections : list of TimedSection
        Every section started so far (name, start), in order: the beats the slide deck cuts at.
    """

    pause = 0.3  # type: ignore[assignment]  # seconds between lines; shadows Scene.pause(), never called here
    final_hold_time = 1.0
    max_final_hold = 2.0
    narration_file: Path | None = None
    narration_table: str | None = None
    class_counts: ClassVar[dict[str, tuple[int, ...]]] = {}

    def setup(self) -> None:  # noqa: D102
        super().setup()
        self.spoken: list[SpokenLine] = []
        self.sections: list[TimedSection] = []
        self._takes: Counter[str] = Counter()
        self._voice: Voice | None = None
        self._speaking: Beat | None = None

    def tear_down(self) -> None:  # noqa: D102
        super().tear_down()
        path = os.environ.get(SPOKEN_ENV)
        if path:  # a render started by the build, which writes the subtitles from these exact times
            write_timed_lines(Path(path), [TimedLine(line.text, line.start, line.duration) for line in self.spoken],
                              self.sections)

    def next_section(self, name: str = "unnamed", section_type: str = DefaultSectionType.NORMAL,
                     skip_animations: bool = False) -> None:
        """Start a section (a beat of the lecture) and note when: the build cuts the deck's slides there."""
        self.sections.append(TimedSection(name, self.renderer.time))
        super().next_section(name, section_type, skip_animations)

    # --- what to say, and who says it ---

    @property
    def script(self) -> Script:
        """The narration in force (read once per file version).

        ``narration_file`` if set, else the ``narration.toml`` beside the scene's own file (the one the
        build fingerprints, also for a copied scenes folder), else ``scenes/narration.toml``.
        """
        module_file = getattr(sys.modules.get(type(self).__module__), "__file__", None)
        beside = Path(module_file).with_name(SCRIPT_NAME) if module_file else NARRATION_FILE
        try:
            return load_script(self.narration_file or (beside if beside.is_file() else NARRATION_FILE))
        except NarrationError as e:
            _stop(e)

    @property
    def table_name(self) -> str:
        """The narration table of this scene."""
        if self.narration_table:
            return self.narration_table
        tables = self.script.tables
        for cls in type(self).__mro__:
            if cls.__name__ in tables:
                return cls.__name__
        return type(self).__name__

    @property
    def voice(self) -> Voice:
        """The voice in force (``SOFTMAX_ANIM_VOICE``), resolved on first use."""
        if self._voice is None:
            try:
                self._voice = resolve_voice(config.media_dir)
            except NarrationError as e:
                _stop(e)
        return self._voice

    def line_text(self, key: str, **values: object) -> str:
        """The words of line ``key`` with ``values`` filled in, exactly as they will be spoken and subtitled."""
        try:
            return self.script.text(self.table_name, key, values)
        except NarrationError as e:
            _stop(e)

    # --- speaking ---

    @contextmanager
    def voiceover(self, key: str, **values: object) -> Iterator[Beat]:
        """Speak line ``key`` while the block's animations play; leave after the line and a short pause.

        Yields a :class:`Beat` with ``duration`` and ``remaining()``.
        """
        if self._speaking is not None:
            raise RuntimeError(f"voiceover('{key}') inside voiceover('{self._speaking.key}'): lines cannot overlap")
        text = self.line_text(key, **values)
        self._takes[key] += 1
        try:
            speech = self.voice.speak(self.table_name, key, self._takes[key], text)
        except NarrationError as e:
            _stop(e)
        start = self.renderer.time
        if speech.audio is not None:
            self.add_speech(speech.audio)
        self.add_subcaption(text, duration=speech.duration)
        self.spoken.append(SpokenLine(key, text, start, speech.duration, speech.audio, speech.source))
        beat = Beat(self, key, text, start, speech.duration)
        self._speaking = beat
        try:
            yield beat
        finally:
            self._speaking = None
        self.wait_frames(beat.end + self.pause - self.renderer.time)

    def add_speech(self, audio: Path) -> None:
        """Add a line's audio at the current time, also right after a play that came from manim's cache.

        manim drops ``add_sound`` while ``skip_animations`` is set, and a cached play leaves it set until
        the next play; the skipping status the next play will have is the one that counts here.
        """
        renderer = self.renderer
        skipping = renderer.skip_animations
        renderer.skip_animations = renderer._original_skipping_status
        try:
            renderer.update_skipping_status()  # -n / section skips: the line is skipped with its animations
            self.add_sound(str(audio))
        finally:
            renderer.skip_animations = skipping

    def say(self, key: str, **values: object) -> Beat:
        """Speak line ``key`` over the picture as it is (a voiceover block with nothing inside)."""
        with self.voiceover(key, **values) as beat:
            pass
        return beat

    def wait_frames(self, seconds: float) -> None:
        """Wait ``seconds`` rounded up to whole frames (nothing when <= 0), so times stay on the frame grid."""
        frames = math.ceil(seconds * config.frame_rate - 1e-6)
        if frames > 0:
            self.wait(frames / config.frame_rate)

    def final_hold(self, seconds: float | None = None) -> None:
        """The closing still: ``final_hold_time`` seconds (at most 2 s) of the last picture, in silence."""
        seconds = self.final_hold_time if seconds is None else seconds
        if not 0 <= seconds <= self.max_final_hold:
            raise ValueError(f"final_hold: {seconds} s; the closing still lasts at most {self.max_final_hold} s")
        self.wait_frames(seconds)
