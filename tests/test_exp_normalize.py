"""Part A's steps: divide by the total, exponentiate then normalize, the temperature table and limits."""

from __future__ import annotations

import numpy as np
import pytest

from softmax_anim.activations import softmax
from softmax_anim.exp_normalize import (
    divide_by_total,
    exponentiate_normalize,
    temperature_limits,
    temperature_table,
)

LECTURE_LOGITS = [2.0, 1.0, 0.1]


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
