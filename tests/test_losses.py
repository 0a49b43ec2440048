"""Naive versus stable softmax on large logits, overconfidence, cross-entropy -log p."""

from __future__ import annotations

import math

import numpy as np
import pytest

from softmax_anim import lecture_params, naive_softmax, softmax
from softmax_anim.losses import (
    cross_entropy,
    cross_entropy_vs_logit,
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


def test_cross_entropy_on_the_lecture_example():
    z = lecture_params().logits.values
    p = softmax(z)
    for k in range(len(z)):
        assert cross_entropy(z, k) == pytest.approx(-math.log(p[k]))
    assert cross_entropy(z, 0) == pytest.approx(0.4170, abs=1e-4)
    assert cross_entropy(z, 2) == pytest.approx(2.3170, abs=1e-4)
    with pytest.raises(ValueError, match="true_class"):
        cross_entropy(z, 3)


def test_cross_entropy_falls_as_the_true_logit_grows():
    z = [2.0, 1.0, 0.1]
    values = np.linspace(-5.0, 12.0, 200)
    loss = cross_entropy_vs_logit(z, 0, values)
    assert (np.diff(loss) < 0).all() and (loss > 0).all()
    assert loss[-1] < 1e-4
    # slope p_y - 1 (central differences)
    h = 1e-5
    for v in (-2.0, 2.0, 5.0):
        slope = (cross_entropy_vs_logit(z, 0, [v + h])[0] - cross_entropy_vs_logit(z, 0, [v - h])[0]) / (2 * h)
        assert slope == pytest.approx(softmax([v, 1.0, 0.1])[0] - 1.0, abs=1e-6)
    # at the lecture's own logit, the curve passes through the lecture's loss
    assert cross_entropy_vs_logit(z, 0, [2.0])[0] == pytest.approx(cross_entropy(z, 0))
