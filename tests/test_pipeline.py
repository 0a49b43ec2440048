from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from softmax_anim.activations import softmax
from softmax_anim.formatting import format_number
from softmax_anim.pipeline import (
    display_decimals,
    divide_by_total,
    exponentiate_normalize,
    format_sum,
    temperature_limits,
    temperature_table,
)

LECTURE_LOGITS = [2.0, 1.0, 0.1]


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


def test_divide_by_total_sums_to_one_and_breaks_with_a_negative_score():
    good = divide_by_total(LECTURE_LOGITS)
    np.testing.assert_allclose(good.sum(), 1.0)
    assert ((good >= 0) & (good <= 1)).all()
    bad = divide_by_total([2.0, -1.0, 0.1])
    np.testing.assert_allclose(bad.sum(), 1.0)
    assert bad.max() > 1 and bad.min() < 0


def test_divide_by_total_rejects_a_zero_total():
    with pytest.raises(ValueError, match="add up to 0"):
        divide_by_total([1.0, -1.0])


def test_exponentiate_normalize_matches_softmax():
    p = exponentiate_normalize(LECTURE_LOGITS)
    np.testing.assert_allclose(p.exps, np.exp(LECTURE_LOGITS))
    np.testing.assert_allclose(p.total, np.exp(LECTURE_LOGITS).sum())
    np.testing.assert_allclose(p.probs, softmax(LECTURE_LOGITS))
    np.testing.assert_allclose(p.exp_ratio, np.exp(p.logit_gap))
    assert (p.top, p.runner_up) == (0, 1)


def test_exponentiate_normalize_top_two_with_ties_and_order():
    p = exponentiate_normalize([0.5, 3.0, 3.0, -1.0])
    assert (p.top, p.runner_up) == (1, 2)
    assert p.logit_gap == 0.0


@pytest.mark.parametrize("bad", [[1.0], [1.0, np.inf], [800.0, 0.0]], ids=["one", "inf", "overflow"])
def test_exponentiate_normalize_rejects_bad_logits(bad):
    with pytest.raises(ValueError):
        exponentiate_normalize(bad)


def test_temperature_table_rows_are_softmax_of_scaled_logits():
    ts = [0.5, 1.0, 2.0]
    table = temperature_table(LECTURE_LOGITS, ts)
    assert table.shape == (3, 3)
    for row, t in zip(table, ts, strict=True):
        np.testing.assert_allclose(row, softmax(np.array(LECTURE_LOGITS) / t))
    np.testing.assert_allclose(table.sum(axis=1), 1.0)


def test_temperature_limits_are_the_ends_of_the_sweep():
    hard, flat = temperature_limits(LECTURE_LOGITS)
    np.testing.assert_array_equal(hard, [1.0, 0.0, 0.0])
    np.testing.assert_allclose(flat, 1 / 3)
    np.testing.assert_allclose(softmax(LECTURE_LOGITS, temperature=1e-3), hard, atol=1e-9)
    np.testing.assert_allclose(softmax(LECTURE_LOGITS, temperature=1e6), flat, atol=1e-5)
