"""Principal components: the direction of largest spread, orthonormal, centred."""

import numpy as np

from softmax_anim.pca import fit_pca


def test_pca_finds_the_direction_of_largest_spread():
    rng = np.random.default_rng(2)
    x = np.column_stack([rng.normal(scale=5, size=500), rng.normal(scale=0.1, size=500), np.zeros(500)])
    pca = fit_pca(x, 2)
    np.testing.assert_allclose(np.abs(pca.components[0]), [1, 0, 0], atol=1e-2)
    np.testing.assert_allclose(pca.components @ pca.components.T, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(pca.transform(x).mean(axis=0), 0, atol=1e-12)
