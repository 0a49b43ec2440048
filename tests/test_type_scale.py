"""The type scale of scenes/kit/text.py: footnote capitals at least 12 px at 480p, measured, and the title helper."""

from __future__ import annotations

import numpy as np
import pytest
from harness import BACKGROUND, FRAME_HEIGHT, FRAME_WIDTH, PX_PER_UNIT_480P, build, capital_px_480p, still
from manim import DecimalNumber, MathTex, Scene, Tex

from scenes.kit.text import BODY, FOOTNOTE, LABEL, TITLE, TITLE_MARGIN, left_margin, title

MIN_CAPITAL_PX_480P = 12.0


def test_the_scale_has_four_sizes_from_title_down_to_footnote():
    assert TITLE > BODY > LABEL > FOOTNOTE


@pytest.mark.parametrize("make", [Tex, MathTex], ids=["Tex", "MathTex"])
def test_a_footnote_capital_is_at_least_12_px_tall_at_480p(make):
    capital = make("H", font_size=FOOTNOTE)
    px = capital.height * PX_PER_UNIT_480P
    assert px >= MIN_CAPITAL_PX_480P, px
    assert capital_px_480p(FOOTNOTE) == pytest.approx(px)


def test_footnote_digits_are_as_tall_as_capitals():
    digit = DecimalNumber(8, num_decimal_places=0, font_size=FOOTNOTE)
    assert digit.height * PX_PER_UNIT_480P >= MIN_CAPITAL_PX_480P


class _Capital(Scene):
    def construct(self) -> None:
        self.add(Tex("H", font_size=FOOTNOTE))


def test_a_rendered_footnote_capital_covers_at_least_12_pixel_rows_at_480p(scene_media_dir):
    frame = still(build(_Capital, scene_media_dir), 854, 480)
    ink = np.abs(frame.astype(int) - BACKGROUND).max(axis=2) > 127  # at least half covered
    rows = np.flatnonzero(ink.any(axis=1))
    assert len(rows) >= MIN_CAPITAL_PX_480P, len(rows)
    assert rows.max() - rows.min() + 1 == len(rows)  # one glyph, no stray ink


def test_title_is_centred_below_the_top_edge_in_the_title_size():
    t = title("A title")
    assert t.font_size == pytest.approx(TITLE)
    assert t.get_top()[1] == pytest.approx(FRAME_HEIGHT / 2 - TITLE_MARGIN)
    assert t.get_x() == pytest.approx(0.0)


def test_title_on_the_left_starts_at_the_given_x():
    t = title("A title", left=left_margin())
    assert t.get_left()[0] == pytest.approx(-FRAME_WIDTH / 2 + TITLE_MARGIN)
    assert t.get_top()[1] == pytest.approx(FRAME_HEIGHT / 2 - TITLE_MARGIN)
    assert t.font_size == pytest.approx(TITLE)
