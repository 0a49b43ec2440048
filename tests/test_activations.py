import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from softmax_anim import argmax, softmax
from softmax_anim.activations import checked_logits, log_softmax, naive_softmax, sigmoid, softmax_jacobian
from softmax_anim.cross_entropy import cross_entropy
from softmax_anim.exp_normalize import exponentiate_normalize
from softmax_anim.overflow import stable_softmax_steps
from softmax_anim.surfaces import anchor_logits

finite = st.floats(-1e4, 1e4, allow_nan=False)
logit_vectors = arrays(float, st.integers(1, 8), elements=finite)


@given(logit_vectors, st.floats(0.01, 100))
def test_softmax_is_a_probability_vector(z, t):
    p = softmax(z, temperature=t)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(), 1.0, rtol=1e-12)


@given(logit_vectors, st.floats(-1e3, 1e3))
def test_softmax_ignores_a_common_shift(z, c):
    np.testing.assert_allclose(softmax(z + c), softmax(z), atol=1e-9)


@given(arrays(float, st.integers(1, 6), elements=st.floats(-20, 20)), st.floats(0.2, 5))
def test_softmax_agrees_with_the_direct_formula(z, t):
    e = np.exp(z / t)
    np.testing.assert_allclose(softmax(z, temperature=t), e / e.sum(), rtol=1e-10)
    np.testing.assert_allclose(log_softmax(z, temperature=t), np.log(e / e.sum()), atol=1e-10)


@pytest.mark.parametrize("scale", [1e4, 1e6, 1e300], ids=["1e4", "1e6", "1e300"])
def test_large_logits_stay_finite(scale):
    z = np.array([1.0, 0.5, -1.0]) * scale
    p = softmax(z)
    assert np.all(np.isfinite(p)) and np.all(np.isfinite(log_softmax(z)))
    assert argmax(p) == 0


def test_lecture_numbers():
    np.testing.assert_allclose(softmax([2.0, 1.0, 0.1]), [0.659001, 0.242433, 0.098566], atol=1e-6)
    np.testing.assert_allclose(softmax([2.0, 1.0, 0.1], 0.5), [0.863777, 0.1169, 0.019323], atol=1e-6)


def test_softmax_along_an_axis():
    z = np.array([[1.0, 2.0], [3.0, 3.0]])
    np.testing.assert_allclose(softmax(z, axis=0).sum(axis=0), [1, 1])
    np.testing.assert_allclose(softmax(z)[1], [0.5, 0.5])


def test_zero_temperature_is_the_hard_maximum():
    np.testing.assert_array_equal(softmax([0.1, 2.0, 1.0], temperature=0), [0, 1, 0])
    np.testing.assert_array_equal(softmax([2.0, 2.0, 1.0], temperature=0), [0.5, 0.5, 0])
    np.testing.assert_allclose(softmax([0.1, 2.0, 1.0], temperature=1e-3), [0, 1, 0], atol=1e-12)
    assert log_softmax([0.1, 2.0], temperature=0).tolist() == [-np.inf, 0.0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"z": [1.0, np.nan]}, "logits must be finite"),
        ({"z": [1.0, np.inf]}, "logits must be finite"),
        ({"z": []}, "must not be empty"),
        ({"z": [1.0], "temperature": -0.5}, "temperature must be >= 0"),
        ({"z": [1.0], "temperature": np.inf}, "temperature must be finite"),
        ({"z": [1.0], "temperature": np.nan}, "temperature must be finite"),
    ],
    ids=["nan", "inf", "empty", "negative-T", "infinite-T", "nan-T"],
)
@pytest.mark.parametrize("fn", [softmax, log_softmax], ids=["softmax", "log_softmax"])
def test_bad_input_raises_with_a_named_problem(fn, kwargs, message):
    with pytest.raises(ValueError, match=message):
        fn(**kwargs)


def test_naive_softmax_overflows_where_the_stable_one_does_not():
    assert np.isnan(naive_softmax([1000.0, 0.0])[0])
    np.testing.assert_allclose(softmax([1000.0, 0.0]), [1.0, 0.0])
    np.testing.assert_allclose(naive_softmax([2.0, 1.0, 0.1]), softmax([2.0, 1.0, 0.1]))


@given(st.floats(-50, 50), st.floats(-50, 50))
def test_two_class_softmax_is_the_sigmoid_of_the_difference(a, b):
    np.testing.assert_allclose(softmax([a, b])[0], sigmoid(a - b), rtol=1e-12, atol=1e-300)


def test_argmax_ties_go_to_the_lowest_index():
    assert argmax([3.0, 1.0, 3.0]) == 0
    assert argmax([-12.75, 0.1, 0.1]) == 1
    with pytest.raises(ValueError, match="NaN"):
        argmax([1.0, np.nan])
    with pytest.raises(ValueError, match="non-empty"):
        argmax([])


@given(st.lists(st.integers(-20, 20), min_size=1, max_size=6))
def test_softmax_keeps_the_argmax(quarters):
    # Logits on a quarter grid: distinct logits are far enough apart to stay distinct after exp.
    z = np.array(quarters) / 4
    assert argmax(softmax(z)) == argmax(z)


@given(arrays(float, 4, elements=st.floats(-3, 3)))
def test_jacobian_matches_finite_differences(z):
    h = 1e-6
    numeric = np.array([(softmax(z + h * e) - softmax(z - h * e)) / (2 * h) for e in np.eye(len(z))]).T
    np.testing.assert_allclose(softmax_jacobian(softmax(z)), numeric, atol=1e-8)


@pytest.mark.parametrize(
    ("z", "kwargs", "message"),
    [
        ([[1.0, 2.0]], {"one_d": True}, "1D sequence"),
        ([1.0], {"min_size": 2}, "at least 2 logits"),
        ([1.0, np.nan], {}, "must be finite"),
        ([], {"one_d": True}, "must not be empty"),
    ],
    ids=["2d", "too-few", "nan", "empty"],
)
def test_the_one_logit_validator_names_the_problem(z, kwargs, message):
    with pytest.raises(ValueError, match=message):
        checked_logits(z, **kwargs)
    # every math function that takes logits reports through it
    for fn in (stable_softmax_steps, lambda v: cross_entropy(v, 0), exponentiate_normalize, anchor_logits):
        if message in ("1D sequence", "must be finite"):
            with pytest.raises(ValueError, match=message):
                fn(z)
