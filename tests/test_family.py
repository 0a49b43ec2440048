"""Part H's math against independent references: scipy's logistic function, finite differences, scipy's normal
densities with Bayes' rule, and a brute-force argmax over points of the tetrahedron."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.spatial import Delaunay
from scipy.special import expit, logsumexp

from softmax_anim import format_number, softmax
from softmax_anim.activations import sigmoid, softmax_jacobian
from softmax_anim.derivative import difference_quotient, format_jacobian
from softmax_anim.gaussian_classes import gaussians_from_lines
from softmax_anim.params import load_params
from softmax_anim.tetrahedron import (
    TETRAHEDRON_CORNERS,
    region_vertices,
    surface_regions,
    tetrahedron_point,
    walls,
)

P = load_params()
LOGITS = np.array(P.logits.values)
logit = st.floats(-8, 8, allow_nan=False)


# --- two classes: the sigmoid --------------------------------------------------------------------


@given(st.lists(st.tuples(logit, logit), min_size=1, max_size=20))
def test_two_class_softmax_is_scipys_logistic_function_of_the_difference(pairs):
    z = np.array(pairs)
    np.testing.assert_allclose(softmax(z, axis=-1)[:, 0], expit(z[:, 0] - z[:, 1]), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(sigmoid(z[:, 0] - z[:, 1]), expit(z[:, 0] - z[:, 1]), rtol=1e-12, atol=1e-15)


def test_cat_against_dog_is_sigma_of_one():
    z = LOGITS[:2]
    assert format_number(expit(z[0] - z[1]), 3) == format_number(softmax(z)[0], 3) == "0.731"
    assert format_number(softmax(z + 3.0)[0], 3) == "0.731"  # a common shift changes nothing


# --- the derivative ------------------------------------------------------------------------------


def central_differences(z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """d softmax_i / d z_j by central differences, column by column (independent of softmax_jacobian)."""
    cols = []
    for j in range(z.size):
        e = np.zeros_like(z)
        e[j] = h
        cols.append((softmax(z + e) - softmax(z - e)) / (2 * h))
    return np.column_stack(cols)


@given(st.lists(logit, min_size=2, max_size=5))
def test_jacobian_is_the_finite_difference_jacobian(values):
    z = np.array(values)
    np.testing.assert_allclose(softmax_jacobian(softmax(z)), central_differences(z), atol=1e-8)


def test_lecture_jacobian_as_shown():
    rows = format_jacobian(LOGITS)
    fd = central_differences(LOGITS)
    assert [row.terms for row in rows] == [tuple(format_number(v, 3) for v in r) for r in fd]
    assert [rows[i].terms[i] for i in range(3)] == ["0.225", "0.184", "0.089"]
    assert (rows[1].terms[0], rows[2].terms[0], rows[2].terms[1]) == ("-0.160", "-0.065", "-0.024")
    assert all(row.total == "0.000" and not row.approximate for row in rows)
    np.testing.assert_allclose(fd.sum(axis=1), 0.0, atol=1e-9)  # what the totals say, independently


def test_the_difference_quotient_tends_to_a_column():
    fd = central_differences(LOGITS)
    for j in range(3):
        far, near = difference_quotient(LOGITS, j, 0.5), difference_quotient(LOGITS, j, 1e-3)
        assert np.abs(near - fd[:, j]).max() < np.abs(far - fd[:, j]).max()
        assert [format_number(v, 3) for v in near] == [format_number(v, 3) for v in fd[:, j]]
    with pytest.raises(ValueError, match="step"):
        difference_quotient(LOGITS, 0, 0.0)
    with pytest.raises(ValueError, match="index"):
        difference_quotient(LOGITS, 3, 0.1)


# --- Gaussian classes ----------------------------------------------------------------------------


def bayes_posterior(means, priors, sigma, x):
    """p(k | x) straight from Bayes' rule with scipy's normal densities (in logs: far from every mean the
    densities themselves underflow to 0)."""
    from scipy.stats import norm  # imported where used: 0.6 s at every worker's collection
    log_joint = np.array([np.log(pi) + norm.logpdf(x, loc=mu, scale=sigma)
                          for mu, pi in zip(means, priors, strict=True)]).T
    return np.exp(log_joint - logsumexp(log_joint, axis=-1, keepdims=True))


def test_part_b_lines_are_gaussian_classes():
    from scipy.stats import norm
    g = gaussians_from_lines(P.lines.weights, P.lines.biases)
    assert [format_number(m, 1) for m in g.means] == ["-1.0", "0.5", "1.5"]
    assert [format_number(p, 3) for p in g.priors] == ["0.281", "0.525", "0.193"]
    bayes = bayes_posterior(g.means, g.priors, g.sigma, 0.7)
    joint = g.priors * norm.pdf(0.7, g.means, g.sigma)  # and in plain densities, as the scene writes the rule
    np.testing.assert_allclose(joint / joint.sum(), bayes, rtol=1e-12)
    assert [format_number(v, 3) for v in bayes] == [format_number(v, 3) for v in g.posterior(0.7)]
    assert [format_number(v, 3) for v in bayes] == ["0.092", "0.714", "0.194"]
    # the posterior is exactly softmax of Part B's lines
    lines = softmax(np.array(P.lines.weights) * 0.7 + np.array(P.lines.biases))
    np.testing.assert_allclose(bayes, lines, rtol=1e-12)


@given(st.lists(st.tuples(st.floats(-5, 5), st.floats(-10, 10)), min_size=2, max_size=4),
       st.floats(0.3, 3.0))
def test_gaussian_posterior_is_bayes_rule_with_scipy_densities(lines, sigma):
    from scipy.stats import norm
    w, b = np.array(lines).T
    g = gaussians_from_lines(w, b, sigma)
    xs = np.linspace(-20, 20, 41)
    np.testing.assert_allclose(g.posterior(xs), bayes_posterior(g.means, g.priors, sigma, xs), atol=1e-9)
    np.testing.assert_allclose(g.posterior(xs), softmax(np.outer(xs, w) + b, axis=-1), atol=1e-9)
    np.testing.assert_allclose(g.weighted_densities(xs), np.array(
        [pi * norm.pdf(xs, mu, sigma) for mu, pi in zip(g.means, g.priors, strict=True)]).T, rtol=1e-9, atol=1e-300)
    assert g.priors.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(g.biases, b + g.bias_shift(b), atol=1e-9)


def test_gaussian_classes_refuse_bad_input():
    with pytest.raises(ValueError, match="sigma"):
        gaussians_from_lines([1.0], [0.0], sigma=0.0)
    with pytest.raises(ValueError, match="one length"):
        gaussians_from_lines([1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="constant"):
        gaussians_from_lines([1.0, 2.0], [0.0, 0.0]).bias_shift([0.0, 1.0])


# --- four classes: the tetrahedron -----------------------------------------------------------------


def test_the_tetrahedron_is_regular_and_centred():
    c = TETRAHEDRON_CORNERS
    np.testing.assert_allclose(np.linalg.norm(c, axis=1), 1.0)
    edges = [np.linalg.norm(c[i] - c[j]) for i in range(4) for j in range(i + 1, 4)]
    np.testing.assert_allclose(edges, edges[0])
    np.testing.assert_allclose(tetrahedron_point([0.25] * 4), 0.0, atol=1e-15)
    np.testing.assert_allclose(tetrahedron_point(np.eye(4)), c)


def barycentric(points: np.ndarray) -> np.ndarray:
    """Probabilities of points of the tetrahedron, by solving ``p @ corners = x`` with ``sum p = 1``."""
    a = np.vstack([TETRAHEDRON_CORNERS.T, np.ones(4)])
    rhs = np.column_stack([points, np.ones(len(points))]).T
    return np.linalg.solve(a, rhs).T


def test_argmax_regions_match_a_brute_force_argmax():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(4), size=4000)
    winners = p.argmax(axis=1)
    points = tetrahedron_point(p)
    hulls = [Delaunay(region_vertices(k)) for k in range(4)]
    for k, hull in enumerate(hulls):
        inside = hull.find_simplex(points, tol=1e-12) >= 0
        clear = np.sort(p, axis=1)[:, -1] - np.sort(p, axis=1)[:, -2] > 1e-9  # not on a wall
        assert (inside[clear] == (winners[clear] == k)).all(), k
    # the regions fill the tetrahedron: their volumes add up to its volume
    volume = abs(np.linalg.det(TETRAHEDRON_CORNERS[1:] - TETRAHEDRON_CORNERS[0])) / 6
    region_volumes = [sum(abs(np.linalg.det(h.points[s[1:]] - h.points[s[0]])) / 6 for s in h.simplices)
                      for h in hulls]
    np.testing.assert_allclose(region_volumes, volume / 4)


def test_walls_are_where_two_classes_tie_for_the_largest():
    rng = np.random.default_rng(1)
    assert len(walls()) == 6
    for wall in walls():
        i, j = wall.classes
        mix = rng.dirichlet(np.ones(4), size=200)
        p = barycentric(mix @ wall.vertices)
        np.testing.assert_allclose(p[:, i], p[:, j], atol=1e-12)
        others = [k for k in range(4) if k not in wall.classes]
        assert (p[:, [i]] >= p[:, others] - 1e-12).all()
    # all six meet at the centre, the uniform distribution
    for wall in walls():
        assert any(np.allclose(v, 0.0) for v in wall.vertices)


def test_surface_kites_are_won_by_their_class_and_lie_on_a_face():
    rng = np.random.default_rng(2)
    kites = surface_regions()
    assert sorted(k for k, _ in kites) == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]
    for k, vertices in kites:
        p = barycentric(rng.dirichlet(np.ones(4), size=200) @ vertices)
        assert (p.argmax(axis=1) == k).all() or np.isclose(p.max(axis=1), p[:, k]).all()
        assert (np.isclose(p, 0.0, atol=1e-12).sum(axis=1) >= 1).all()  # on a face: one probability is 0
