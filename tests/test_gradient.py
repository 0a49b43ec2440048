"""Cross-entropy on softmax: the gradient p - onehot(y) against finite differences, and one step."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from softmax_anim import format_probabilities, lecture_params, softmax
from softmax_anim.cross_entropy import cross_entropy
from softmax_anim.gradient import cross_entropy_gradient, format_gradient, gradient_step, one_hot

LOGITS = np.array(lecture_params().logits.values)


def finite_difference(z, y, h=1e-6):
    z = np.asarray(z, dtype=float)
    grad = np.zeros_like(z)
    for i in range(z.size):
        e = np.zeros_like(z)
        e[i] = h
        grad[i] = (cross_entropy(z + e, y) - cross_entropy(z - e, y)) / (2 * h)
    return grad


@pytest.mark.parametrize("y", [0, 1, 2], ids=["cat", "dog", "bird"])
def test_gradient_matches_finite_differences_on_the_lecture_logits(y):
    np.testing.assert_allclose(cross_entropy_gradient(LOGITS, y), finite_difference(LOGITS, y), atol=1e-8)


@given(st.lists(st.floats(-20, 20), min_size=2, max_size=6), st.data())
def test_gradient_matches_finite_differences_anywhere(z, data):
    y = data.draw(st.integers(0, len(z) - 1))
    g = cross_entropy_gradient(z, y)
    np.testing.assert_allclose(g, finite_difference(z, y), atol=1e-6)
    assert g.sum() == pytest.approx(0.0, abs=1e-12)
    assert g[y] <= 0 and (np.delete(g, y) >= 0).all()


def test_the_lecture_example_is_p_minus_y():
    g = cross_entropy_gradient(LOGITS, 0)
    np.testing.assert_allclose(g, softmax(LOGITS) - [1, 0, 0])
    assert format_gradient(format_probabilities(softmax(LOGITS)), 0) == ["-0.34", "0.24", "0.10"]


def test_one_step_raises_the_true_logit_lowers_the_others_and_the_loss():
    s = gradient_step(LOGITS, 0, 1.0)
    np.testing.assert_allclose(s.new_logits, LOGITS - 1.0 * (softmax(LOGITS) - one_hot(0, 3)))
    assert s.new_logits[0] > LOGITS[0] and (s.new_logits[1:] < LOGITS[1:]).all()
    assert s.new_logits.sum() == pytest.approx(LOGITS.sum())
    assert s.new_probs[0] > s.probs[0]
    assert s.new_loss < s.loss
    assert s.loss == pytest.approx(cross_entropy(LOGITS, 0))
    assert s.new_loss == pytest.approx(cross_entropy(s.new_logits, 0))


def test_a_smaller_step_moves_the_logits_proportionally_less():
    big, small = gradient_step(LOGITS, 1, 1.0), gradient_step(LOGITS, 1, 0.25)
    np.testing.assert_allclose(small.new_logits - LOGITS, 0.25 * (big.new_logits - LOGITS))


@given(st.lists(st.integers(0, 100), min_size=2, max_size=5), st.data())
def test_the_shown_gradient_is_the_shown_probability_minus_its_target(units, data):
    total = sum(units)
    if total == 0:
        return
    p = np.array(units) / total
    labels = format_probabilities(p)
    y = data.draw(st.integers(0, len(units) - 1))
    shown = format_gradient(labels, y)
    for i, (lab, g) in enumerate(zip(labels, shown, strict=True)):
        assert float(g) == pytest.approx(float(lab) - (i == y))
        assert g != "-0.00"
        assert len(g.split(".")[1]) == len(lab.split(".")[1])  # same precision as the probability


@pytest.mark.parametrize("bad", [{"true_class": 3}, {"learning_rate": 0.0}, {"learning_rate": float("nan")}],
                         ids=["class", "zero-rate", "nan-rate"])
def test_bad_input_is_refused(bad):
    args = {"true_class": 0, "learning_rate": 1.0} | bad
    with pytest.raises(ValueError):
        gradient_step(LOGITS, args["true_class"], args["learning_rate"])
