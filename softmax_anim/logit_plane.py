"""The 3-class logit plane, and the paths of digits' logits through it while a classifier trains.

Softmax ignores a common shift of the logits, so three logits are one point
of the plane orthogonal to ``(1, 1, 1)``. In that plane each class owns the
120-degree sector around its direction, where its logit is the largest.
:func:`logit_paths` trains Part F's classifier with SGD and with Adam and
returns the recorded runs; the scene only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .digits2d import mnist_features_2d
from .optimizers import SGD, Adam
from .training import TrainingRun, pick_examples, train_softmax_classifier

__all__ = ["LogitPaths", "logit_paths", "logit_plane_coords", "logit_plane_directions"]


def logit_plane_directions() -> NDArray[np.float64]:
    """Unit directions ``(3, 2)`` of the three classes in the logit plane: up, lower left, lower right.

    Class ``k`` points at angle ``90 + 120 k`` degrees. Class ``k`` has the
    largest logit in the 120-degree sector around its direction; the sector
    boundary between classes ``k`` and ``k + 1`` is the ray at ``150 + 120 k`` degrees.

    Examples
    --------
    >>> logit_plane_directions().round(3)
    array([[ 0.   ,  1.   ],
           [-0.866, -0.5  ],
           [ 0.866, -0.5  ]])
    """
    angles = np.deg2rad(90.0 + 120.0 * np.arange(3))
    return np.stack([np.cos(angles), np.sin(angles)], axis=1)


def logit_plane_coords(z: ArrayLike) -> NDArray[np.float64]:
    """Coordinates of 3-class logit vectors in the plane orthogonal to ``(1, 1, 1)``.

    The map drops the common shift of the logits, which softmax ignores, and
    keeps distances between centred logit vectors (it is an isometry of that
    plane). The origin is "all logits equal", where every class gets 1/3.

    Parameters
    ----------
    z : array_like, shape (..., 3)

    Returns
    -------
    numpy.ndarray, shape (..., 2)

    Examples
    --------
    >>> logit_plane_coords([1.0, 0.0, 0.0]).round(3).tolist()  # toward class 0's direction
    [0.0, 0.816]
    """
    arr = np.asarray(z, dtype=float)
    if arr.shape[-1] != 3:
        raise ValueError(f"the logit plane needs 3 classes, got shape {arr.shape}")
    return np.sqrt(2.0 / 3.0) * arr @ logit_plane_directions()


@dataclass(frozen=True, eq=False)
class LogitPaths:
    """One classifier of three digit classes trained once per optimizer, and its tracked digits' logit paths.

    Attributes
    ----------
    runs : dict of str to TrainingRun
        Per optimizer name (``"SGD"``, ``"Adam"``), the recorded run.
    coords : dict of str to numpy.ndarray
        Per run, ``(steps + 1, n_tracked, 2)``: the tracked logits in the logit plane.
    tracked : numpy.ndarray of int
        The tracked digits, one per class (class order), as rows of
        :func:`softmax_anim.digits2d.digit_samples`.
    """

    runs: dict[str, TrainingRun]
    coords: dict[str, NDArray[np.float64]]
    tracked: NDArray[np.int64]


def logit_paths(
    classes: tuple[int, ...], optimizers: Sequence[SGD | Adam], *, steps: int, batch_size: int, seed: int
) -> LogitPaths:
    """Train a softmax classifier of three MNIST digit classes with each optimizer; track one digit per class.

    The features are :func:`softmax_anim.digits2d.mnist_features_2d`. Every
    run starts from the same seeded weights and sees the same seeded
    mini-batches (:func:`softmax_anim.training.train_softmax_classifier`), so
    the runs differ only by the optimizer; ``seed`` also picks the tracked
    digits (:func:`softmax_anim.training.pick_examples`).

    Raises
    ------
    ValueError
        Unless there are exactly 3 classes and the optimizers have distinct names.

    Examples
    --------
    >>> paths = logit_paths((0, 1, 2), [SGD(0.5), Adam(0.1)], steps=5, batch_size=32, seed=0)
    >>> list(paths.runs), paths.coords["SGD"].shape
    (['SGD', 'Adam'], (6, 3, 2))
    """
    if len(classes) != 3:
        raise ValueError(f"the logit plane needs exactly 3 classes, got {len(classes)}")
    names = [opt.name for opt in optimizers]
    if len(set(names)) != len(names):
        raise ValueError(f"optimizers must have distinct names, got {names}")
    x, y = mnist_features_2d(classes)
    tracked = pick_examples(y, 3, seed=seed)
    runs = {
        opt.name: train_softmax_classifier(x, y, 3, opt, steps=steps, batch_size=batch_size, seed=seed, tracked=tracked)
        for opt in optimizers
    }
    return LogitPaths(runs, {name: logit_plane_coords(run.logits) for name, run in runs.items()}, tracked)
