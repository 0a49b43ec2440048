"""Principal component analysis by SVD: the projection of Part E's digits to a plane."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["PCA", "fit_pca"]


@dataclass(frozen=True, eq=False)
class PCA:
    """A linear projection ``(x - mean) @ components.T``."""

    mean: NDArray[np.float64]
    components: NDArray[np.float64]  # (n_components, D), orthonormal rows

    def transform(self, x: ArrayLike) -> NDArray[np.float64]:
        """Project rows of ``x`` (N, D) to (N, n_components)."""
        return (np.asarray(x, dtype=float) - self.mean) @ self.components.T


def fit_pca(x: ArrayLike, n_components: int = 2) -> PCA:
    """Principal components by SVD; each component's sign is fixed so its largest entry is positive.

    Examples
    --------
    >>> pca = fit_pca([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]], 1)
    >>> pca.transform([[4.0, 0.0]]).tolist()
    [[2.0]]
    """
    xs = np.asarray(x, dtype=float)
    mean = xs.mean(axis=0)
    _, _, vt = np.linalg.svd(xs - mean, full_matrices=False)
    comps = vt[:n_components]
    signs = np.sign(comps[np.arange(len(comps)), np.abs(comps).argmax(axis=1)])
    return PCA(mean, comps * signs[:, None])
