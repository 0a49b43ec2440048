"""Part A's numbers: from logits to probabilities, step by step.

The exponentiate-then-normalize pipeline split into the steps the lecture
shows (logits, exponentials, their sum, probabilities), the naive "divide by
the total" normalisation it replaces, and the temperature table and limits.
How these numbers are written on screen is :mod:`softmax_anim.formatting`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import checked_logits, softmax

__all__ = [
    "ExpPipeline",
    "divide_by_total",
    "exponentiate_normalize",
    "temperature_limits",
    "temperature_table",
]


def divide_by_total(z: ArrayLike) -> NDArray[np.float64]:
    """The naive normalisation ``z_i / sum_j z_j`` that softmax replaces.

    It adds up to 1, but with a negative score it gives "probabilities" below
    0 and above 1.

    Parameters
    ----------
    z : array_like
        Finite scores, 1D.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If the scores are not finite or add up to 0 (the division is undefined).

    Examples
    --------
    >>> divide_by_total([2.0, 1.0, 0.1]).round(3)
    array([0.645, 0.323, 0.032])
    >>> divide_by_total([2.0, -1.0, 0.1]).round(3)  # nonsense: 1.818 > 1 and -0.909 < 0
    array([ 1.818, -0.909,  0.091])
    """
    arr = checked_logits(z, one_d=True)
    total = float(arr.sum())
    if abs(total) <= 1e-12 * max(1.0, float(np.abs(arr).max())):
        raise ValueError(f"scores {arr.tolist()} add up to 0: dividing by the total is undefined")
    return arr / total


@dataclass(frozen=True)
class ExpPipeline:
    """Every number of "exponentiate, then normalize" for one logit vector.

    Attributes
    ----------
    logits, exps, probs : numpy.ndarray
        ``z``, ``e^z`` and ``e^z / sum(e^z)`` (the latter equal to ``softmax(z)``).
    total : float
        ``sum(e^z)``.
    top, runner_up : int
        Indices of the largest and second-largest logit (ties to the lower index).
    logit_gap, exp_ratio : float
        ``z[top] - z[runner_up]`` and ``e^z[top] / e^z[runner_up]``: a gap
        of ``g`` between logits becomes a factor ``e^g`` between exponentials.
    """

    logits: NDArray[np.float64]
    exps: NDArray[np.float64]
    total: float
    probs: NDArray[np.float64]
    top: int
    runner_up: int
    logit_gap: float
    exp_ratio: float


def exponentiate_normalize(z: ArrayLike) -> ExpPipeline:
    """Exponentiate the logits, add them up, divide by the sum.

    The exponentials are taken as they are (no shift by the maximum) because
    the lecture shows them; logits above 700 raise instead of overflowing.
    The probabilities come from :func:`~softmax_anim.activations.softmax`.

    Parameters
    ----------
    z : array_like
        At least two finite logits, each at most 700, 1D.

    Returns
    -------
    ExpPipeline

    Raises
    ------
    ValueError
        For fewer than two logits, non-finite logits, or logits above 700.

    Examples
    --------
    >>> p = exponentiate_normalize([2.0, 1.0, 0.1])
    >>> p.exps.round(3), round(p.total, 4), p.probs.round(2)
    (array([7.389, 2.718, 1.105]), 11.2125, array([0.66, 0.24, 0.1 ]))
    >>> p.top, p.runner_up, p.logit_gap, round(p.exp_ratio, 3)
    (0, 1, 1.0, 2.718)
    """
    arr = checked_logits(z, one_d=True, min_size=2)
    if arr.max() > 700:
        raise ValueError(f"logits above 700 overflow e^z, got {arr.max()}")
    exps = np.exp(arr)
    order = np.lexsort((np.arange(arr.size), -arr))  # descending, ties to the lower index
    top, runner_up = int(order[0]), int(order[1])
    return ExpPipeline(
        logits=arr,
        exps=exps,
        total=float(exps.sum()),
        probs=softmax(arr),
        top=top,
        runner_up=runner_up,
        logit_gap=float(arr[top] - arr[runner_up]),
        exp_ratio=float(exps[top] / exps[runner_up]),
    )


def temperature_table(z: ArrayLike, temperatures: ArrayLike) -> NDArray[np.float64]:
    """``softmax(z / T)`` for each temperature, one row per ``T``.

    Parameters
    ----------
    z : array_like
        Finite logits, 1D.
    temperatures : array_like
        Temperatures ``T >= 0`` (``0`` gives the hard maximum).

    Returns
    -------
    numpy.ndarray
        Shape ``(len(temperatures), len(z))``; every row sums to 1.

    Examples
    --------
    >>> temperature_table([2.0, 1.0, 0.1], [0.5, 1.0, 2.0]).round(2)
    array([[0.86, 0.12, 0.02],
           [0.66, 0.24, 0.1 ],
           [0.5 , 0.3 , 0.19]])
    """
    ts = np.asarray(temperatures, dtype=float).ravel()
    return np.array([softmax(z, temperature=float(t)) for t in ts])


def temperature_limits(z: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The two ends of the temperature sweep: ``T -> 0`` and ``T -> infinity``.

    Returns
    -------
    hard_max : numpy.ndarray
        ``softmax(z, temperature=0)``: one-hot on the largest logit (shared
        equally among tied maxima).
    uniform : numpy.ndarray
        ``1 / n`` for each of the ``n`` classes: every ``z_i / T`` tends to 0.

    Examples
    --------
    >>> hard, flat = temperature_limits([2.0, 1.0, 0.1])
    >>> hard, flat.round(4)
    (array([1., 0., 0.]), array([0.3333, 0.3333, 0.3333]))
    """
    hard = softmax(z, temperature=0)
    return hard, np.full(hard.shape, 1.0 / hard.shape[-1])
