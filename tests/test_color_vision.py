import configparser
import itertools
import warnings
from pathlib import Path

import pytest

from softmax_anim.color_vision import (
    BACKGROUND,
    DEFICIENCIES,
    GAP,
    HIGHLIGHT,
    MIN_CONTRAST,
    MIN_DISTANCE,
    NEUTRAL,
    PaletteWarning,
    contrast_ratio,
    cvd_distance,
    palette_problems,
)
from softmax_anim.params import NAMED_COLORS, load_params

PARAMS = load_params(None)
PALETTES = {
    "logits.colors": PARAMS.logits.colors,
    "lines.colors": PARAMS.lines.colors,
    "digits.colors": PARAMS.digits.colors,
}


def test_the_background_is_the_frames():
    cfg = configparser.ConfigParser()
    cfg.read(Path(__file__).resolve().parents[1] / "manim.cfg")
    assert cfg["CLI"]["background_color"].upper() == BACKGROUND


@pytest.mark.parametrize("field", PALETTES)
@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_every_pair_of_class_colours_stays_apart(field, deficiency):
    colors = PALETTES[field]
    for a, b in itertools.combinations(colors, 2):
        assert cvd_distance(a, b, deficiency) >= MIN_DISTANCE[deficiency], (field, a, b)
    for a in colors:
        assert cvd_distance(a, HIGHLIGHT, deficiency) >= MIN_DISTANCE[deficiency], (field, a)


@pytest.mark.parametrize("field", PALETTES)
@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_the_gap_colour_stays_apart_from_the_classes(field, deficiency):
    for a in PALETTES[field]:
        assert cvd_distance(a, GAP, deficiency) >= MIN_DISTANCE[deficiency], (field, a)


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_the_marks_stay_apart_from_each_other_and_the_neutral_grey(deficiency):
    for a, b in ((GAP, HIGHLIGHT), (GAP, NEUTRAL), (HIGHLIGHT, NEUTRAL)):
        assert cvd_distance(a, b, deficiency) >= MIN_DISTANCE[deficiency], (a, b)


@pytest.mark.parametrize("color", [HIGHLIGHT, GAP, NEUTRAL], ids=["highlight", "gap", "neutral"])
def test_every_mark_reads_as_text(color):
    assert contrast_ratio(color, BACKGROUND) >= MIN_CONTRAST


def test_a_class_colour_near_the_gap_colour_is_caught():
    assert any("gap colour" in p for p in palette_problems(["#56B4E9", "#F55A00", "#A05AFA"]))
    assert any("gap colour" in p for p in palette_problems(["#56B4E9", "#F55A00", "#009A71"], gap="#FF9F1C"))


@pytest.mark.parametrize("field", PALETTES)
def test_every_class_colour_reads_as_text(field):
    for color in PALETTES[field]:
        assert contrast_ratio(color, BACKGROUND) >= MIN_CONTRAST, (field, color)


def test_known_contrast_values():
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # WCAG's classic near miss
    assert contrast_ratio("#0F1117", BACKGROUND) == pytest.approx(1.0)


def test_the_old_manim_palette_is_caught():
    problems = palette_problems(["#58C4DD", "#FC6255", "#83C167"])
    assert any("deuteranomaly" in p and "classes 2 and 3" in p for p in problems)


def test_a_low_contrast_colour_is_caught():
    assert any("contrast" in p for p in palette_problems(["#56B4E9", "#F55A00", "#1F3A2A"]))


def test_an_authors_unsafe_palette_warns_naming_the_field(tmp_path):
    override = tmp_path / "p.toml"
    override.write_text('[lines]\ncolors = ["#58C4DD", "#FC6255", "#83C167"]\n')
    with pytest.warns(PaletteWarning, match="'lines.colors'.*deuteranomaly"):
        load_params(override)


def test_the_default_palette_loads_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaletteWarning)
        load_params(None)


def test_purple_is_a_safe_fourth_class():
    four = [*PARAMS.logits.colors, NAMED_COLORS["purple"]]
    assert palette_problems(four) == []
