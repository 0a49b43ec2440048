"""The narrated scene base class: subtitles held long enough to read.

:class:`NarratedScene` holds each subtitle on screen long enough to read it.
(The bar chart that lived here is :class:`scenes.kit.bars.ValueBars`; the
polylines are in :mod:`scenes.kit.polyline`.)
"""

from __future__ import annotations

from manim import Scene

__all__ = ["NarratedScene"]


class NarratedScene(Scene):
    """A scene whose subtitles stay up until a learner has read them.

    ``play(..., subcaption=text)`` shows ``text`` for at least
    ``len(text) / reading_speed`` seconds and, if the animations end sooner,
    waits for the rest: no subtitle flashes by, and no extra ``wait`` is needed.
    """

    reading_speed = 17.0  # characters per second
    min_subcaption_time = 1.5

    def reading_time(self, text: str) -> float:
        """Seconds to show ``text``."""
        return max(self.min_subcaption_time, len(text) / self.reading_speed)

    def play(self, *args: object, subcaption: str | None = None, **kwargs: object) -> None:  # noqa: D102
        if subcaption is None:
            super().play(*args, **kwargs)
            return
        hold = self.reading_time(subcaption)
        start = self.renderer.time
        super().play(*args, subcaption=subcaption, subcaption_duration=hold, **kwargs)
        remaining = hold - (self.renderer.time - start)
        if remaining > 1 / 60:
            self.wait(remaining)

    def narrate(self, text: str) -> None:
        """Show ``text`` as a subtitle while the picture holds still."""
        hold = self.reading_time(text)
        self.add_subcaption(text, duration=hold)
        self.wait(hold)
