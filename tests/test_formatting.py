"""The one rule for numbers on screen: single numbers, probabilities with their total, sums."""

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from softmax_anim.activations import softmax
from softmax_anim.formatting import display_decimals, format_number, format_parts, format_probabilities, format_sum

LECTURE_LOGITS = [2.0, 1.0, 0.1]


@given(arrays(float, st.integers(1, 12), elements=st.floats(-30, 30)), st.integers(1, 4))
def test_displayed_probabilities_add_up_to_one(z, decimals):
    p = softmax(z)
    shown = format_probabilities(p, decimals)
    assert sum(Decimal(s) for s in shown) == Decimal(1)
    unit = 10.0**-decimals
    # Each shown value is within one unit of the last place of its true value.
    assert np.all(np.abs(np.array([float(s) for s in shown]) - p) < unit + 1e-12)


@pytest.mark.parametrize(
    ("temperature", "expected"),
    [(0.5, ["0.86", "0.12", "0.02"]), (1.0, ["0.66", "0.24", "0.10"]), (2.0, ["0.50", "0.31", "0.19"])],
    ids=["T=0.5", "T=1", "T=2"],
)
def test_lecture_probabilities(temperature, expected):
    assert format_probabilities(softmax([2.0, 1.0, 0.1], temperature)) == expected


def test_the_exponential_sum_is_exact_not_a_sum_of_rounded_terms():
    e = np.exp([2.0, 1.0, 0.1])
    assert [format_number(v) for v in e] == ["7.39", "2.72", "1.11"]
    assert format_number(e.sum()) == "11.21"
    assert [format_number(v, 3) for v in e] == ["7.389", "2.718", "1.105"]
    assert sum(Decimal(s) for s in format_parts(e, e.sum())) == Decimal("11.21")


@pytest.mark.parametrize(
    ("x", "decimals", "text"),
    [(0.125, 2, "0.13"), (-0.125, 2, "-0.13"), (-0.004, 2, "0.00"), (-12.75, 2, "-12.75"), (3.0, 0, "3")],
)
def test_format_number(x, decimals, text):
    assert format_number(x, decimals) == text


def test_format_rejects_what_it_cannot_show():
    with pytest.raises(ValueError, match="non-finite"):
        format_number(float("nan"))
    with pytest.raises(ValueError, match="do not add up"):
        format_parts([0.5, 0.2], 1.0)
    with pytest.raises(ValueError, match="non-negative"):
        format_probabilities([1.5, -0.5])


def test_exp_sum_of_the_lecture_is_11_21_never_11_22():
    s = format_sum(np.exp(LECTURE_LOGITS))
    assert s.total == "11.21"
    assert s.terms == ("7.389", "2.718", "1.105")
    rounded_terms = sum(Decimal(format_number(x)) for x in np.exp(LECTURE_LOGITS))
    assert rounded_terms == Decimal("11.22")  # the known mistake this rule avoids


@given(st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=6), st.integers(0, 3))
def test_format_sum_shown_terms_round_to_shown_total(parts, decimals):
    s = format_sum(parts, total_decimals=decimals)
    shown = sum((Decimal(t) for t in s.terms), Decimal(0))
    total_places = -Decimal(s.total).as_tuple().exponent
    assert shown.quantize(Decimal(1).scaleb(-total_places), rounding="ROUND_HALF_UP") == Decimal(s.total)
    assert abs(float(s.total) - float(np.sum(parts))) <= 0.5 * 10.0**-total_places + 1e-9


def test_format_sum_with_equal_decimals_adds_up_exactly():
    s = format_sum([2.0, -1.0, 0.1], total_decimals=1, term_decimals=1)
    assert s.terms == ("2.0", "-1.0", "0.1")
    assert s.total == "1.1"


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
