"""The 3-class logit plane: shift-free, an isometry, sectors that are the argmax regions."""

from __future__ import annotations

import numpy as np
import pytest

from softmax_anim import softmax
from softmax_anim.logit_plane import logit_paths, logit_plane_coords, logit_plane_directions
from softmax_anim.optimizers import SGD


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


def test_logit_paths_need_three_classes_and_one_run_per_optimizer_name():
    with pytest.raises(ValueError, match="exactly 3 classes, got 2"):
        logit_paths((0, 1), [SGD(0.5)], steps=1, batch_size=8, seed=0)
    with pytest.raises(ValueError, match="distinct names"):
        logit_paths((0, 1, 2), [SGD(0.5), SGD(0.1)], steps=1, batch_size=8, seed=0)
