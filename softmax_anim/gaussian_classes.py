"""Gaussian classes give softmax: Bayes' rule turns shared-variance Gaussians into linear logits.

Classes ``k`` with priors ``pi_k`` and densities ``N(x; mu_k, sigma^2)`` of one
shared variance have the posterior

    p(k | x) = pi_k N(x; mu_k, sigma^2) / sum_j pi_j N(x; mu_j, sigma^2)
             = softmax_k(w_k x + b_k),
    w_k = mu_k / sigma^2,   b_k = -mu_k^2 / (2 sigma^2) + log pi_k,

because the term ``-x^2 / (2 sigma^2)`` is the same for every class and cancels.
Read backwards, any lines ``w_k x + b_k`` (Part B's) are such a posterior:
``mu_k = sigma^2 w_k`` and ``pi_k`` proportional to ``exp(b_k + sigma^2 w_k^2 / 2)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import softmax

__all__ = ["GaussianClasses", "gaussians_from_lines"]


@dataclass(frozen=True, eq=False)
class GaussianClasses:
    """One Gaussian per class along x, all of standard deviation ``sigma``, with priors.

    Attributes
    ----------
    means : numpy.ndarray, shape (K,)
    priors : numpy.ndarray, shape (K,)
        Positive, summing to 1.
    sigma : float
        The shared standard deviation.
    """

    means: NDArray[np.float64]
    priors: NDArray[np.float64]
    sigma: float

    @property
    def weights(self) -> NDArray[np.float64]:
        """The slopes ``mu_k / sigma^2`` of the posterior's logits."""
        return np.asarray(self.means / self.sigma**2, dtype=float)

    @property
    def biases(self) -> NDArray[np.float64]:
        """The intercepts ``-mu_k^2 / (2 sigma^2) + log pi_k`` of the posterior's logits."""
        return np.asarray(-(self.means**2) / (2 * self.sigma**2) + np.log(self.priors), dtype=float)

    def bias_shift(self, biases: ArrayLike) -> float:
        """The one number ``c`` with ``self.biases == biases + c``: the posterior's logits are ``biases``, shifted.

        Priors fix the intercepts only up to a common constant (they are normalized to sum to 1), and a
        constant added to every logit changes no softmax.

        Raises
        ------
        ValueError
            If the differences are not one constant (other lines, another posterior).

        Examples
        --------
        >>> g = gaussians_from_lines([-1.0, 0.5, 1.5], [0.0, 1.0, -1.0])
        >>> round(g.bias_shift([0.0, 1.0, -1.0]), 4)
        -1.7685
        """
        diff = self.biases - np.asarray(biases, dtype=float)
        if np.ptp(diff) > 1e-9 * max(1.0, float(np.abs(diff).max())):
            shown = np.asarray(biases).tolist()
            raise ValueError(f"biases {shown} differ from {self.biases.tolist()} by more than a constant")
        return float(diff.mean())

    def weighted_densities(self, x: ArrayLike) -> NDArray[np.float64]:
        """``pi_k N(x; mu_k, sigma^2)`` for every ``x`` (rows) and class (columns), shape ``(..., K)``.

        Examples
        --------
        >>> g = GaussianClasses(np.array([0.0]), np.array([1.0]), 1.0)
        >>> g.weighted_densities([0.0]).round(4)
        array([[0.3989]])
        """
        xs = np.asarray(x, dtype=float)[..., None]
        z = (xs - self.means) / self.sigma
        return np.asarray(self.priors * np.exp(-0.5 * z**2) / (self.sigma * np.sqrt(2 * np.pi)), dtype=float)

    def posterior(self, x: ArrayLike) -> NDArray[np.float64]:
        """``p(k | x)`` by Bayes' rule, computed as ``softmax(w x + b)``, shape ``(..., K)``.

        Examples
        --------
        >>> g = gaussians_from_lines([-1.0, 0.5, 1.5], [0.0, 1.0, -1.0])
        >>> g.posterior(0.7).round(3)
        array([0.092, 0.714, 0.194])
        """
        xs = np.asarray(x, dtype=float)[..., None]
        return softmax(self.weights * xs + self.biases, axis=-1)


def gaussians_from_lines(weights: ArrayLike, biases: ArrayLike, sigma: float = 1.0) -> GaussianClasses:
    """The Gaussian classes whose posterior is ``softmax(w x + b)``.

    Their means are ``mu = sigma^2 w``, their priors proportional to ``exp(b + sigma^2 w^2 / 2)``.

    Parameters
    ----------
    weights, biases : array_like, shape (K,)
        The lines ``w_k x + b_k`` (the lecture's ``[lines]``).
    sigma : float, default 1.0
        The shared standard deviation; any ``sigma > 0`` gives the same posterior.

    Returns
    -------
    GaussianClasses

    Raises
    ------
    ValueError
        If weights and biases are not finite 1D arrays of one length, or ``sigma`` is not positive.

    Examples
    --------
    >>> g = gaussians_from_lines([-1.0, 0.5, 1.5], [0.0, 1.0, -1.0])
    >>> g.means, g.priors.round(3)
    (array([-1. ,  0.5,  1.5]), array([0.281, 0.525, 0.193]))
    """
    w = np.asarray(weights, dtype=float)
    b = np.asarray(biases, dtype=float)
    if w.ndim != 1 or w.shape != b.shape or w.size == 0 or not (np.isfinite(w).all() and np.isfinite(b).all()):
        raise ValueError(f"weights and biases must be finite 1D arrays of one length, got {w.tolist()}, {b.tolist()}")
    if not (np.isfinite(sigma) and sigma > 0):
        raise ValueError(f"sigma must be finite and > 0, got {sigma}")
    log_prior = b + sigma**2 * w**2 / 2  # up to a constant, which normalizing removes
    return GaussianClasses(means=sigma**2 * w, priors=softmax(log_prior), sigma=float(sigma))
