"""The one rule for numbers on screen: single numbers, parts with their total (honest numbers), sums."""

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from softmax_anim.activations import softmax
from softmax_anim.formatting import (
    MAX_DECIMALS,
    display_decimals,
    format_number,
    format_parts,
    format_percent,
    format_probabilities,
    format_probability_sum,
    format_shares,
    format_sum,
    format_value,
    rounded,
    shown_decimals,
    tick_decimals,
)

LECTURE_LOGITS = [2.0, 1.0, 0.1]


def _correctly_rounded(text: str, x: float) -> bool:
    """``text`` is within half a unit of its last place of ``x`` (checked in exact decimal arithmetic)."""
    return abs(Decimal(text) - Decimal(float(x))) <= Decimal(5).scaleb(-shown_decimals(text) - 1)


def _adds_up(terms, total) -> bool:
    return sum((Decimal(t) for t in terms), Decimal(0)) == Decimal(total)


@given(arrays(float, st.integers(1, 12), elements=st.floats(-30, 30)), st.integers(0, 3))
def test_every_shown_probability_is_its_correctly_rounded_value(z, decimals):
    p = softmax(z)
    shown = format_probability_sum(p, decimals)
    d = shown.decimals
    assert all(shown_decimals(t) == d for t in shown.terms)
    assert all(_correctly_rounded(t, x) for t, x in zip(shown.terms, p, strict=True))
    assert shown.total == format_number(1.0, d)
    # either they add up exactly to the shown total, or the result says it does not
    assert _adds_up(shown.terms, shown.total) != shown.approximate
    cap = max(decimals, MAX_DECIMALS)
    # the fewest decimals that add up; an approximate result stays at the starting precision
    tried = range(decimals, cap + 1) if shown.approximate else range(decimals, d)
    assert not any(_adds_up([format_number(x, k) for x in p], format_number(1.0, k)) for k in tried)
    assert d == decimals if shown.approximate else decimals <= d <= cap
    assert format_probabilities(p, decimals) == list(shown.terms)


@pytest.mark.parametrize(
    ("temperature", "expected"),
    [(0.5, ["0.86", "0.12", "0.02"]), (1.0, ["0.66", "0.24", "0.10"]), (2.0, ["0.502", "0.304", "0.194"])],
    ids=["T=0.5", "T=1", "T=2"],
)
def test_lecture_probabilities(temperature, expected):
    assert format_probabilities(softmax(LECTURE_LOGITS, temperature)) == expected


def test_three_thirds_are_approximate_at_every_precision():
    shown = format_parts([1 / 3] * 3, 1.0)
    assert shown.approximate and shown.terms == ("0.33",) * 3 and shown.total == "1.00"
    assert format_parts([1 / 3] * 3, 1.0, max_decimals=6).approximate


def test_shares_and_parts_without_a_given_total():
    assert format_shares([2 / 3.1, 1 / 3.1, 0.1 / 3.1]) == ["0.65", "0.32", "0.03"]
    assert format_shares([2 / 1.1, -1 / 1.1, 0.1 / 1.1]) == ["1.82", "-0.91", "0.09"]
    shown = format_parts([0.125, 0.125, 0.75])  # 0.13 + 0.13 + 0.75 = 1.01; at 3 places exact
    assert shown.terms == ("0.125", "0.125", "0.750") and shown.total == "1.000" and not shown.approximate


def test_the_exponential_sum_is_exact_not_a_sum_of_rounded_terms():
    e = np.exp(LECTURE_LOGITS)
    assert [format_number(v) for v in e] == ["7.39", "2.72", "1.11"]
    assert format_number(e.sum()) == "11.21"
    # as parts of their total, no precision up to the cap adds up exactly: flagged, not bent
    parts = format_parts(e)
    assert parts.approximate and parts.terms == ("7.39", "2.72", "1.11") and parts.total == "11.21"


@pytest.mark.parametrize(
    ("x", "decimals", "text"),
    [(0.125, 2, "0.13"), (-0.125, 2, "-0.13"), (-0.004, 2, "0.00"), (-12.75, 2, "-12.75"), (3.0, 0, "3")],
)
def test_format_number(x, decimals, text):
    assert format_number(x, decimals) == text


@given(st.floats(-1e6, 1e6), st.integers(0, 4))
def test_a_display_set_to_rounded_shows_the_formatted_number(x, decimals):
    """A DecimalNumber prints its value with ``:.{decimals}f``: set to ``rounded``, it prints ``format_number``."""
    assert f"{rounded(x, decimals):.{decimals}f}" == format_number(x, decimals)


def test_rounded_is_half_away_from_zero_where_printing_rounds_to_even():
    assert (rounded(-0.125), rounded(0.375), rounded(-0.001)) == (-0.13, 0.38, 0.0)
    assert f"{-0.125:.2f}" == "-0.12"  # what a display set to the raw number would show
    assert str(rounded(-0.001)) == "0.0"  # never -0.0
    with pytest.raises(ValueError):
        rounded(float("inf"))


@pytest.mark.parametrize(
    ("fraction", "decimals", "text"), [(0.84234, 1, "84.2"), (0.05, 1, "5.0"), (0.99995, 1, "100.0"), (1 / 3, 0, "33")]
)
def test_format_percent(fraction, decimals, text):
    assert format_percent(fraction, decimals) == text


def test_format_value_writes_what_a_computer_prints():
    assert [format_value(v) for v in (math.inf, -math.inf, math.nan, 709.7827)] == ["inf", "-inf", "nan", "709.78"]


@pytest.mark.parametrize("power", range(-4, 4))
@pytest.mark.parametrize("mantissa", [1, 2, 2.5, 5])
def test_tick_decimals_show_every_tick_exactly_and_no_more(mantissa, power):
    step = float(f"{mantissa * 10.0**power:.12g}")
    d = tick_decimals(step)
    for k in range(-3, 4):
        tick = Decimal(k) * Decimal(str(step))
        assert Decimal(format_number(k * step, d)) == tick
    assert d == 0 or Decimal(format_number(step, d - 1)) != Decimal(str(step))


def test_format_rejects_what_it_cannot_show():
    with pytest.raises(ValueError, match="non-finite"):
        format_number(float("nan"))
    with pytest.raises(ValueError, match="do not add up"):
        format_parts([0.5, 0.2], 1.0)
    with pytest.raises(ValueError, match="non-negative"):
        format_probabilities([1.5, -0.5])
    with pytest.raises(ValueError, match="add up to 1"):
        format_probabilities([0.5, 0.2])
    with pytest.raises(ValueError, match="step"):
        tick_decimals(0.0)


def test_exp_sum_of_the_lecture_is_11_21_never_11_22():
    s = format_sum(np.exp(LECTURE_LOGITS))
    assert s.total == "11.21"
    assert s.terms == ("7.389", "2.718", "1.105")
    rounded_terms = sum(Decimal(format_number(x)) for x in np.exp(LECTURE_LOGITS))
    assert rounded_terms == Decimal("11.22")  # the known mistake this rule avoids


@given(st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=6), st.integers(0, 3))
def test_format_sum_shown_terms_round_to_shown_total(parts, decimals):
    s = format_sum(parts, total_decimals=decimals)
    assert all(_correctly_rounded(t, x) for t, x in zip(s.terms, parts, strict=True))
    assert _correctly_rounded(s.total, math.fsum(parts)) and shown_decimals(s.total) == decimals
    shown = sum((Decimal(t) for t in s.terms), Decimal(0))
    rounds = shown.quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_HALF_UP") == Decimal(s.total)
    assert rounds != s.approximate


def test_format_sum_with_equal_decimals_adds_up_exactly():
    s = format_sum([2.0, -1.0, 0.1], total_decimals=1, term_decimals=1)
    assert s.terms == ("2.0", "-1.0", "0.1")
    assert s.total == "1.1" and not s.approximate


def test_format_sum_rejects_fewer_term_decimals():
    with pytest.raises(ValueError, match="term_decimals"):
        format_sum([1.0], total_decimals=2, term_decimals=1)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([2.0, 1.0, 0.1], 1), ([3, 1, -2], 1), ([1.25, 0.5], 2), ([0.125], 3), ([np.pi], 3)],
    ids=["lecture", "integers", "two-places", "three-places", "capped"],
)
def test_display_decimals(values, expected):
    assert display_decimals(values) == expected
