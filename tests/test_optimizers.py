"""SGD and Adam against hand-computed steps; the seeded training run; the 3-class logit plane."""

from __future__ import annotations

import math

import numpy as np
import pytest

from softmax_anim import cross_entropy_loss_and_grads, softmax
from softmax_anim.optimizers import (
    SGD,
    Adam,
    logit_plane_coords,
    logit_plane_directions,
    mnist_features_2d,
    pick_examples,
    train_softmax_classifier,
)


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


@pytest.fixture(scope="module")
def data():
    x, y = mnist_features_2d((0, 1, 2))
    return x, y, pick_examples(y, 3, seed=0)


@pytest.mark.parametrize("opt", [SGD(0.5), Adam(0.05)], ids=["sgd", "adam"])
def test_training_decreases_loss_and_is_reproducible(data, opt):
    x, y, tracked = data
    run = train_softmax_classifier(x, y, 3, opt, steps=40, batch_size=32, seed=3, tracked=tracked)
    again = train_softmax_classifier(x, y, 3, opt, steps=40, batch_size=32, seed=3, tracked=tracked)
    other = train_softmax_classifier(x, y, 3, opt, steps=40, batch_size=32, seed=4, tracked=tracked)
    assert run.losses[-1] < 0.5 * run.losses[0]
    assert run.losses[0] == pytest.approx(math.log(3), abs=0.05)  # small init: p is about 1/3 each
    np.testing.assert_array_equal(run.losses, again.losses)
    np.testing.assert_array_equal(run.logits, again.logits)
    assert not np.array_equal(run.losses, other.losses)
    assert run.model.accuracy(x, y) > 0.85


def test_recorded_logits_and_losses_match_the_model(data):
    x, y, tracked = data
    run = train_softmax_classifier(x, y, 3, Adam(0.05), steps=10, batch_size=32, seed=0, tracked=tracked)
    assert run.logits.shape == (11, 3, 3) and run.steps == 10
    np.testing.assert_allclose(run.logits[-1], run.model.scores(x[tracked]))
    loss, _, _ = cross_entropy_loss_and_grads(run.model.weights, run.model.biases, x, y)
    assert run.losses[-1] == pytest.approx(loss)
    np.testing.assert_array_equal(run.labels, y[tracked])


def test_same_seed_same_start_for_both_optimizers(data):
    x, y, tracked = data
    a = train_softmax_classifier(x, y, 3, SGD(0.5), steps=5, batch_size=32, seed=7, tracked=tracked)
    b = train_softmax_classifier(x, y, 3, Adam(0.05), steps=5, batch_size=32, seed=7, tracked=tracked)
    np.testing.assert_array_equal(a.logits[0], b.logits[0])
    assert a.losses[0] == b.losses[0]
    assert not np.allclose(a.logits[-1], b.logits[-1])


def test_full_batch_sgd_matches_plain_gradient_descent():
    x = np.array([[-1.0, 0.5], [1.0, 0.0], [0.0, 1.0], [0.3, -0.2]])
    y = np.array([0, 1, 2, 1])
    run = train_softmax_classifier(x, y, 3, SGD(0.3), steps=3, batch_size=10, seed=1, tracked=[0])
    w = 0.01 * np.random.default_rng(1).standard_normal((3, 2))
    b = np.zeros(3)
    for _ in range(3):
        _, gw, gb = cross_entropy_loss_and_grads(w, b, x, y)
        w, b = w - 0.3 * gw, b - 0.3 * gb
    np.testing.assert_allclose(run.model.weights, w)
    np.testing.assert_allclose(run.model.biases, b)


def test_training_rejects_bad_input():
    x = np.zeros((3, 2))
    with pytest.raises(ValueError, match="labels"):
        train_softmax_classifier(x, [0, 1, 5], 3, SGD(0.1), steps=1, batch_size=2, seed=0, tracked=[0])
    with pytest.raises(ValueError, match="tracked"):
        train_softmax_classifier(x, [0, 1, 2], 3, SGD(0.1), steps=1, batch_size=2, seed=0, tracked=[3])


def test_pick_examples_one_per_class(data):
    _, y, tracked = data
    assert y[tracked].tolist() == [0, 1, 2]
    np.testing.assert_array_equal(tracked, pick_examples(y, 3, seed=0))


def test_logit_plane_is_shift_free_isometry():
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3.0, size=(200, 3))
    c = logit_plane_coords(z)
    np.testing.assert_allclose(c, logit_plane_coords(z + rng.normal(size=(200, 1)) * 50), atol=1e-9)
    centred = z - z.mean(axis=1, keepdims=True)
    np.testing.assert_allclose(np.linalg.norm(c, axis=1), np.linalg.norm(centred, axis=1))


def test_logit_plane_sectors_are_argmax_regions():
    rng = np.random.default_rng(1)
    z = rng.normal(scale=3.0, size=(500, 3))
    c = logit_plane_coords(z)
    angle = np.rad2deg(np.arctan2(c[:, 1], c[:, 0]))
    # class k owns the 120-degree sector around 90 + 120 k degrees
    sector = np.floor(((angle - 30.0) % 360.0) / 120.0).astype(int)
    np.testing.assert_array_equal(sector, np.argmax(z, axis=1))
    # the boundary ray between classes k and k+1 at 150 + 120 k degrees: equal logits, equal probabilities
    for k in range(3):
        a = np.deg2rad(150.0 + 120.0 * k)
        point = np.array([np.cos(a), np.sin(a)])
        back = np.sqrt(2.0 / 3.0) * logit_plane_directions() @ point  # centred logits of that point
        p = softmax(back)
        assert p[k] == pytest.approx(p[(k + 1) % 3])
        np.testing.assert_allclose(logit_plane_coords(back), point, atol=1e-12)
