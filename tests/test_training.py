"""The trainers: full-batch gradient descent and the seeded SGD/Adam run that records tracked logits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from softmax_anim.cross_entropy import cross_entropy_loss_and_grads
from softmax_anim.digits2d import mnist_features_2d
from softmax_anim.optimizers import SGD, Adam
from softmax_anim.training import pick_examples, train_softmax_classifier


def test_fit_separates_blobs_and_the_loss_falls():
    rng = np.random.default_rng(0)
    centres = np.array([[3.0, 0.0], [-1.5, 2.6], [-1.5, -2.6]])
    y = np.repeat(np.arange(3), 50)
    x = centres[y] + rng.normal(scale=0.5, size=(150, 2))
    run = train_softmax_classifier(x, y, 3, SGD(0.5), steps=200, init_scale=0.0, fit_bias=False)
    model, losses = run.model, run.losses
    assert model.accuracy(x, y) > 0.97
    assert np.all(np.diff(losses) <= 1e-12) and losses[-1] < 0.2 * losses[0]
    np.testing.assert_array_equal(model.biases, 0.0)


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
    assert tracked.tolist() == [425, 818, 1255]  # the digits TrainingLogitPaths tracks by default (seed 0)
    other = pick_examples(y, 3, seed=1)
    assert y[other].tolist() == [0, 1, 2] and not np.array_equal(other, tracked)
    with pytest.raises(ValueError, match="no example of class 3"):
        pick_examples(y, 4, seed=0)
