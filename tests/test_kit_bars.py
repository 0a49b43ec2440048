"""The one bar chart: value labels read as formatted, names never below the footnote size nor overlapping."""

from __future__ import annotations

import pytest
from harness import assert_no_overlap
from manim import tempconfig

from scenes.kit.bars import ValueBars
from scenes.kit.text import FOOTNOTE, LABEL


@pytest.fixture(autouse=True)
def media(scene_media_dir):
    with tempconfig({"media_dir": str(scene_media_dir), "verbosity": "WARNING"}):
        yield


def shown(label) -> str:
    return "".join(sub.tex_string for sub in label.submobjects if hasattr(sub, "tex_string"))


def test_a_label_over_a_thousand_reads_as_formatted_without_a_separator():
    chart = ValueBars([2980.96, 1.0], ["cat", "dog"], ["blue", "red"], ["2980.96", "1.00"])
    assert shown(chart.value_labels[0]) == "2980.96"


def test_short_names_stay_in_one_row_at_the_label_size():
    chart = ValueBars([1.0, 2.0, 3.0], ["cat", "dog", "bird"], ["blue", "red", "green"], width=6.0)
    assert not chart.names_staggered
    assert {round(n.font_size) for n in chart.name_labels} == {LABEL}
    assert len({round(n.get_top()[1], 6) for n in chart.name_labels}) == 1  # one row, tops aligned


def test_names_too_wide_for_their_slot_alternate_rows_at_the_footnote_size():
    names = ["abcdefgh", "ijklmnop", "qrstuvwx", "yzabcdef"]
    chart = ValueBars([1.0, 2.0, 3.0, 4.0], names, ["blue", "red", "green", "purple"], width=3.6)
    assert chart.names_staggered
    assert min(n.font_size for n in chart.name_labels) == pytest.approx(FOOTNOTE)
    upper, lower = chart.name_labels[0::2], chart.name_labels[1::2]
    assert all(a.get_bottom()[1] > b.get_top()[1] for a in upper for b in lower)
    assert_no_overlap([*chart.name_labels, *chart.bars])
