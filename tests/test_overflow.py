"""Naive versus stable softmax on large logits; overconfidence undone by temperature."""

from __future__ import annotations

import math

import numpy as np
import pytest

from softmax_anim import softmax
from softmax_anim.activations import naive_softmax
from softmax_anim.overflow import (
    exp_overflow_threshold,
    naive_softmax_steps,
    overconfident_logits,
    stable_softmax_steps,
)

LARGE = [1000.0, 999.0, 998.1]


def test_naive_softmax_overflows_to_nan():
    steps = naive_softmax_steps(LARGE)
    assert np.isposinf(steps.exps).all() and math.isinf(steps.total)
    assert np.isnan(steps.probs).all() and not steps.finite
    assert np.isnan(naive_softmax(LARGE)).all()  # the foundation's naive form agrees


def test_stable_softmax_gives_the_exact_probabilities():
    steps = stable_softmax_steps(LARGE)
    assert steps.finite
    assert steps.exps.max() == 1.0 and steps.shifted.max() == 0.0
    np.testing.assert_allclose(steps.probs, softmax(LARGE))
    # the same probabilities as the small logits they are a shift of
    np.testing.assert_allclose(steps.probs, softmax([2.0, 1.0, 0.1]), rtol=1e-12)
    assert steps.probs.sum() == pytest.approx(1.0)


def test_naive_and_stable_agree_below_the_overflow_threshold():
    t = exp_overflow_threshold()
    assert math.isfinite(math.exp(t - 1e-9)) and t == pytest.approx(709.78, abs=0.01)
    with pytest.raises(OverflowError):
        math.exp(t + 1e-6)
    z = [t - 1.0, 3.0, -2.0]
    np.testing.assert_allclose(naive_softmax_steps(z).probs, stable_softmax_steps(z).probs)


@pytest.mark.parametrize("bad", [[], [1.0, float("inf")], [[1.0, 2.0]]], ids=["empty", "inf", "2d"])
def test_steps_reject_bad_logits(bad):
    with pytest.raises(ValueError):
        stable_softmax_steps(bad)


def test_overconfidence_undone_by_temperature():
    z = np.array([2.0, 1.0, 0.1])
    big = overconfident_logits(z, 10.0)
    assert softmax(big).max() > 0.9999
    np.testing.assert_allclose(softmax(big, temperature=10.0), softmax(z))
    with pytest.raises(ValueError, match="factor"):
        overconfident_logits(z, 0.0)
