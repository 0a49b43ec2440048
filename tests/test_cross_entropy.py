"""Cross-entropy ``-log p`` of the true class, and its gradients against finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from softmax_anim import lecture_params, softmax
from softmax_anim.cross_entropy import cross_entropy, cross_entropy_loss_and_grads, cross_entropy_vs_logit


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


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(1)
    w, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    x, y = rng.normal(size=(10, 2)), rng.integers(0, 3, 10)
    _, gw, gb = cross_entropy_loss_and_grads(w, b, x, y)
    h = 1e-6

    def loss(w_, b_):
        return cross_entropy_loss_and_grads(w_, b_, x, y)[0]

    for idx in np.ndindex(w.shape):
        d = np.zeros_like(w)
        d[idx] = h
        numeric = (loss(w + d, b) - loss(w - d, b)) / (2 * h)
        np.testing.assert_allclose(gw[idx], numeric, atol=1e-7)
    for k in range(3):
        d = np.zeros(3)
        d[k] = h
        numeric = (loss(w, b + d) - loss(w, b - d)) / (2 * h)
        np.testing.assert_allclose(gb[k], numeric, atol=1e-7)
