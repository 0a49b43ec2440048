"""SGD and Adam against hand-computed steps."""

from __future__ import annotations

import math

import numpy as np
import pytest

from softmax_anim.optimizers import SGD, Adam


def test_sgd_one_step_by_hand():
    w, b = np.array([[1.0, -2.0]]), np.array([0.5])
    gw, gb = np.array([[0.3, -0.1]]), np.array([2.0])
    opt = SGD(learning_rate=0.1)
    (w1, b1), t = opt.step((w, b), (gw, gb), opt.init((w, b)))
    # theta - lr * g, each entry by hand
    np.testing.assert_allclose(w1, [[1.0 - 0.03, -2.0 + 0.01]])
    np.testing.assert_allclose(b1, [0.5 - 0.2])
    assert t == 1
    np.testing.assert_array_equal(w, [[1.0, -2.0]])  # inputs untouched


def test_adam_two_steps_by_hand():
    opt = Adam(learning_rate=0.01, beta1=0.9, beta2=0.999, eps=1e-8)
    p0 = (np.array([1.0]),)
    state = opt.init(p0)
    p1, state = opt.step(p0, (np.array([2.0]),), state)
    # step 1: m = 0.1*2 = 0.2, v = 0.001*4 = 0.004; m_hat = 0.2/0.1 = 2, v_hat = 0.004/0.001 = 4
    assert p1[0][0] == pytest.approx(1.0 - 0.01 * 2.0 / (2.0 + 1e-8), abs=1e-15)
    p2, state = opt.step(p1, (np.array([-1.0]),), state)
    # step 2: m = 0.9*0.2 + 0.1*(-1) = 0.08, v = 0.999*0.004 + 0.001*1 = 0.004996
    m_hat = 0.08 / (1 - 0.9**2)
    v_hat = 0.004996 / (1 - 0.999**2)
    expected = p1[0][0] - 0.01 * m_hat / (math.sqrt(v_hat) + 1e-8)
    assert state.t == 2
    assert state.m[0][0] == pytest.approx(0.08)
    assert state.v[0][0] == pytest.approx(0.004996)
    assert p2[0][0] == pytest.approx(expected, abs=1e-14)


@pytest.mark.parametrize(
    "make",
    [lambda: SGD(0.0), lambda: SGD(float("nan")), lambda: Adam(-1.0), lambda: Adam(0.1, beta1=1.0)],
    ids=["sgd-zero-lr", "sgd-nan-lr", "adam-negative-lr", "adam-beta1-one"],
)
def test_optimizers_reject_bad_settings(make):
    with pytest.raises(ValueError):
        make()
