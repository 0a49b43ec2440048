"""How long things move: animations paced for the eye, not stretched over a sentence.

An animation lasts as long as a viewer needs to follow it, starting where the words
name it; the rest of the spoken line holds the picture. A held picture is drawn once
and only encoded (the hold at the end of :meth:`NarratedScene.voiceover` is a plain
wait, which manim freezes while no mobject has a time-based updater), so pacing for
the eye is also what makes a 1080p60 build fast.

::

    with self.voiceover("sum", total=shown.total):
        self.play(Write(self.sum_line), run_time=WRITE)   # then the line's rest holds still

A continuous sweep (temperature, a moving input) is the exception: it lasts as long
as its idea, which may be the whole line.

An animation that the words name later in the line waits for them
(:func:`hold_until`), so the picture moves when the learner hears it named::

    with self.voiceover("fit", t=shown_t) as beat:
        self.play(FadeIn(self.curve), run_time=GLANCE)
        hold_until(self, beat, "The minimum")              # the picture holds until then
        self.play(FadeIn(self.minimum), run_time=GLANCE)
"""

from __future__ import annotations

from scenes.kit.narration import Beat, NarratedScene

__all__ = ["GLANCE", "MOVE", "WRITE", "hold_until", "words_at"]

GLANCE = 0.7
"""A fade in or out, a colour change, an Indicate: seen at a glance."""

MOVE = 1.2
"""A shape moves, grows or transforms into another: the eye follows it."""

WRITE = 1.8
"""A formula or a line of text is written, a curve or an axis drawn: the eye reads along."""


def words_at(beat: Beat, words: str) -> float:
    """Scene time at which ``words`` begin in ``beat``'s line, estimated from their place in its text.

    The voice speaks at a near-even pace, so the share of the text before ``words``
    is about the share of the line's duration before them.

    Raises
    ------
    ValueError
        If the line does not contain ``words``.
    """
    i = beat.text.find(words)
    if i < 0:
        raise ValueError(f"line {beat.key!r} does not say {words!r}: {beat.text!r}")
    return beat.start + beat.duration * i / len(beat.text)


def hold_until(scene: NarratedScene, beat: Beat, words: str) -> None:
    """Hold the picture until ``words`` of ``beat``'s line are spoken (no wait once they are past)."""
    scene.wait_frames(words_at(beat, words) - scene.renderer.time)
