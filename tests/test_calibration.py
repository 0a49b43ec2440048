"""Calibration on real digits: ECE against a direct computation, T at the NLL minimum, seeded splits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softmax_anim import load_mnist, softmax
from softmax_anim.calibration import (
    bin_index,
    calibration_study,
    expected_calibration_error,
    fit_temperature,
    mean_nll,
    reliability_diagram,
)
from softmax_anim.params import load_params

C = load_params().calibration


def _study(seed=C.seed):
    return calibration_study(seed, C.train, C.validation, C.components, C.steps, C.learning_rate, C.bins)


def direct_ece(probs, labels, n_bins):
    """ECE straight from its definition, one prediction at a time."""
    sums = [[0, 0.0, 0.0] for _ in range(n_bins)]  # count, confidence, right
    for p, y in zip(probs, labels, strict=True):
        conf = max(p)
        pred = list(p).index(conf)
        b = min(int(conf * n_bins), n_bins - 1)
        sums[b][0] += 1
        sums[b][1] += conf
        sums[b][2] += pred == y
    n = len(labels)
    return sum(c / n * abs(r / c - s / c) for c, s, r in sums if c)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 60), st.integers(2, 6), st.integers(2, 15), st.integers(0, 2**31))
def test_ece_equals_the_direct_computation(n, k, n_bins, seed):
    rng = np.random.default_rng(seed)
    probs = softmax(rng.normal(scale=3, size=(n, k)))
    labels = rng.integers(0, k, size=n)
    assert expected_calibration_error(probs, labels, n_bins) == pytest.approx(direct_ece(probs, labels, n_bins),
                                                                              abs=1e-12)


def test_ece_on_the_digits_equals_the_direct_computation():
    s = _study()
    for t, diagram in ((1.0, s.before), (s.temperature, s.after)):
        probs = softmax(s.test_logits, temperature=t)
        assert diagram.ece == pytest.approx(direct_ece(probs.tolist(), s.test_labels.tolist(), C.bins), abs=1e-12)


def test_the_diagram_bins_count_every_test_digit_once():
    s = _study()
    for d in (s.before, s.after):
        assert d.counts.sum() == s.n_test
        conf = softmax(s.test_logits, temperature=1.0 if d is s.before else s.temperature).max(axis=1)
        filled = d.counts > 0
        assert ((d.confidence[filled] >= d.edges[:-1][filled]) & (d.confidence[filled] <= d.edges[1:][filled])).all()
        assert np.isnan(d.accuracy[~filled]).all()
        np.testing.assert_array_equal(np.bincount(bin_index(conf, C.bins), minlength=C.bins), d.counts)
        np.testing.assert_allclose(np.nansum(d.counts * d.accuracy) / s.n_test, d.overall_accuracy)


def test_temperature_is_at_the_validation_nll_minimum():
    s = _study()
    t = s.temperature
    best = mean_nll(s.validation_logits, s.validation_labels, t)
    for eps in (1e-4, 1e-3, 1e-2):
        for other in (t * (1 - eps), t * (1 + eps)):
            assert mean_nll(s.validation_logits, s.validation_labels, other) >= best
    assert s.validation_nll == (mean_nll(s.validation_logits, s.validation_labels), best)
    grid = np.geomspace(0.2, 10, 400)
    assert best <= s.validation_nll_curve(grid).min()


def test_the_digit_classifier_is_overconfident_and_scaling_helps():
    s = _study()
    assert s.train_accuracy > s.before.overall_accuracy  # it fits its training digits better than new ones
    assert s.before.mean_confidence > s.before.overall_accuracy  # overconfident
    assert s.temperature > 1
    assert s.after.ece < s.before.ece
    assert s.after.overall_accuracy == s.before.overall_accuracy  # dividing by T keeps every argmax


def test_splits_are_disjoint_real_digits_and_seeded():
    s = _study()
    assert (s.n_train, s.n_validation, s.n_test) == (C.train, C.validation, len(load_mnist()) - C.train - C.validation)
    digits = load_mnist()
    np.testing.assert_array_equal(digits.labels[s.test_rows], s.test_labels)
    again = calibration_study.__wrapped__(C.seed, C.train, C.validation, C.components, C.steps, C.learning_rate,
                                          C.bins)
    np.testing.assert_array_equal(again.test_logits, s.test_logits)
    assert again.temperature == s.temperature and again.before.ece == s.before.ece
    other = calibration_study.__wrapped__(C.seed + 1, C.train, C.validation, C.components, 50, C.learning_rate,
                                          C.bins)
    assert not np.array_equal(np.sort(other.test_rows), np.sort(s.test_rows))


def test_fit_temperature_recovers_a_known_temperature():
    # labels drawn from softmax(z / 2): the NLL is smallest near T = 2
    rng = np.random.default_rng(1)
    z = rng.normal(scale=4, size=(20000, 5))
    p = softmax(z, temperature=2.0)
    labels = np.array([rng.choice(5, p=row) for row in p])
    assert fit_temperature(z, labels) == pytest.approx(2.0, rel=0.05)


def test_confident_mistakes_are_wrong_and_sorted():
    s = _study()
    mistakes = s.confident_mistakes(3)
    idx = [m.position for m in mistakes]
    p = softmax(s.test_logits[idx])
    assert (p.argmax(axis=1) != s.test_labels[idx]).all()
    conf = p.max(axis=1)
    assert (np.diff(conf) <= 0).all()
    assert [(m.label, m.predicted, m.confidence) for m in mistakes] == list(
        zip(s.test_labels[idx].tolist(), p.argmax(axis=1).tolist(), conf.tolist(), strict=True))
    assert [m.row for m in mistakes] == s.test_rows[idx].tolist()
    # no wrong prediction left out is more confident than the least confident one shown
    all_p = softmax(s.test_logits)
    wrong = all_p.argmax(axis=1) != s.test_labels
    assert (np.sort(all_p.max(axis=1)[wrong])[::-1][:3] == conf).all()


def test_an_empty_bin_draws_flat_at_zero():
    d = reliability_diagram([[0.9, 0.1], [0.8, 0.2], [0.6, 0.4]], [0, 1, 0], n_bins=5)
    accuracy, low, high = d.drawn()
    empty = d.counts == 0
    assert empty.any() and not np.isnan(accuracy).any()
    assert (accuracy[empty] == 0).all() and (low[empty] == 0).all() and (high[empty] == 0).all()
    filled = ~empty
    np.testing.assert_array_equal(accuracy[filled], d.accuracy[filled])
    np.testing.assert_array_equal(low[filled], np.minimum(d.accuracy, d.confidence)[filled])
    np.testing.assert_array_equal(high[filled], np.maximum(d.accuracy, d.confidence)[filled])


@pytest.mark.parametrize(
    "call",
    [lambda: reliability_diagram([[0.5, 0.5]], [2]), lambda: reliability_diagram([0.5, 0.5], [0]),
     lambda: fit_temperature([[1.0, 0.0]], [0], bounds=(0.0, 1.0)), lambda: mean_nll([[1.0, 0.0]], [0], -1.0),
     lambda: bin_index([0.5], 0)],
    ids=["label-range", "shape", "bounds", "temperature", "bins"],
)
def test_bad_input_is_refused(call):
    with pytest.raises(ValueError):
        call()
