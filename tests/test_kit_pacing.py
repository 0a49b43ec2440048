"""Placing an animation where the words name it: the time of a phrase in a spoken line."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from scenes.kit.narration import Beat
from scenes.kit.pacing import hold_until, words_at


def line(text: str, start: float = 10.0, duration: float = 4.0, now: float = 10.0) -> Beat:
    scene = SimpleNamespace(renderer=SimpleNamespace(time=now))
    return Beat(scene, "key", text, start, duration)  # type: ignore[arg-type]


def test_words_are_placed_by_their_share_of_the_text():
    beat = line("Exponentiate, and divide by the sum.")  # 36 characters over 4 s from 10 s
    assert words_at(beat, "Exponentiate") == 10.0
    assert words_at(beat, "divide") == pytest.approx(10.0 + 4.0 * 18 / 36)


def test_words_the_line_does_not_say_are_refused():
    with pytest.raises(ValueError, match="does not say 'minimum'"):
        words_at(line("The curve."), "minimum")


class Waiter:
    def __init__(self, now: float) -> None:
        self.renderer = SimpleNamespace(time=now)
        self.waits: list[float] = []

    def wait_frames(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.mark.parametrize(("now", "wait"), [(10.0, 2.0), (11.5, 0.5), (13.0, -1.0)], ids=["start", "early", "past"])
def test_hold_until_waits_for_the_rest_of_the_way(now, wait):
    scene = Waiter(now)
    hold_until(scene, line("abcdefghij", duration=4.0), "fghij")  # type: ignore[arg-type]
    assert scene.waits == [pytest.approx(wait)]  # wait_frames does nothing for a time already past
