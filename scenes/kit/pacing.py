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
"""

from __future__ import annotations

__all__ = ["GLANCE", "MOVE", "WRITE"]

GLANCE = 0.7
"""A fade in or out, a colour change, an Indicate: seen at a glance."""

MOVE = 1.2
"""A shape moves, grows or transforms into another: the eye follows it."""

WRITE = 1.8
"""A formula or a line of text is written, a curve or an axis drawn: the eye reads along."""
