"""Softmax inside attention: scores, weights that sum to 1, the output as a weighted mean; the divisor."""

from __future__ import annotations

import numpy as np
import pytest

from softmax_anim import softmax
from softmax_anim.attention import attention
from softmax_anim.params import load_params

A = load_params().attention


def test_scores_are_dot_products_over_sqrt_d():
    a = attention(A.query, A.keys, A.values)
    q, k = np.array(A.query), np.array(A.keys)
    expected = np.array([float(np.dot(q, ki)) for ki in k]) / np.sqrt(len(q))
    np.testing.assert_allclose(a.scores, expected)
    assert a.divisor == pytest.approx(np.sqrt(2)) and a.dimension == 2


def test_weights_are_the_softmax_of_the_scores_and_sum_to_one():
    a = attention(A.query, A.keys, A.values)
    np.testing.assert_allclose(a.weights, softmax(a.scores))
    assert a.weights.sum() == pytest.approx(1.0) and (a.weights > 0).all()


def test_the_output_is_the_weighted_sum_of_the_values():
    a = attention(A.query, A.keys, A.values)
    expected = sum(w * np.array(v) for w, v in zip(a.weights, A.values, strict=True))
    np.testing.assert_allclose(a.output, expected)


def test_a_smaller_divisor_sharpens_and_a_larger_one_flattens():
    best = int(np.argmax(attention(A.query, A.keys, A.values).scores))
    divisors = [0.1, 0.2, 1.0, np.sqrt(2), 3.0, 8.0, 100.0]
    tops = [attention(A.query, A.keys, A.values, d).weights[best] for d in divisors]
    assert all(a > b for a, b in zip(tops, tops[1:], strict=False))
    sharp = attention(A.query, A.keys, A.values, 1e-3)
    np.testing.assert_allclose(sharp.output, A.values[best], atol=1e-9)
    flat = attention(A.query, A.keys, A.values, 1e6)
    np.testing.assert_allclose(flat.output, np.mean(A.values, axis=0), atol=1e-5)


@pytest.mark.parametrize(
    "args",
    [([1.0], [[1.0, 0.0]], [[0.0, 0.0]]), ([1.0, 0.0], [[1.0, 0.0]], [[0.0], [1.0]]),
     ([1.0, 0.0], [[1.0, 0.0]], [[0.0, 0.0]], 0.0), ([np.inf, 0.0], [[1.0, 0.0]], [[0.0, 0.0]])],
    ids=["key-width", "value-count", "zero-divisor", "non-finite"],
)
def test_bad_input_is_refused(args):
    with pytest.raises(ValueError):
        attention(*args)
