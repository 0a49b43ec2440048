import numpy as np

from softmax_anim import cross_entropy_loss_and_grads, fit_pca, fit_softmax_regression


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


def test_fit_separates_blobs_and_the_loss_falls():
    rng = np.random.default_rng(0)
    centres = np.array([[3.0, 0.0], [-1.5, 2.6], [-1.5, -2.6]])
    y = np.repeat(np.arange(3), 50)
    x = centres[y] + rng.normal(scale=0.5, size=(150, 2))
    model, losses = fit_softmax_regression(x, y, 3, steps=200, learning_rate=0.5, fit_bias=False)
    assert model.accuracy(x, y) > 0.97
    assert np.all(np.diff(losses) <= 1e-12) and losses[-1] < 0.2 * losses[0]
    np.testing.assert_array_equal(model.biases, 0.0)


def test_pca_finds_the_direction_of_largest_spread():
    rng = np.random.default_rng(2)
    x = np.column_stack([rng.normal(scale=5, size=500), rng.normal(scale=0.1, size=500), np.zeros(500)])
    pca = fit_pca(x, 2)
    np.testing.assert_allclose(np.abs(pca.components[0]), [1, 0, 0], atol=1e-2)
    np.testing.assert_allclose(pca.components @ pca.components.T, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(pca.transform(x).mean(axis=0), 0, atol=1e-12)
