"""Part A's numbers: from logits to probabilities, step by step.

The exponentiate-then-normalize pipeline split into the steps the lecture
shows (logits, exponentials, their sum, probabilities), the naive "divide by
the total" normalisation it replaces, the temperature limits, and how a sum
"a + b + c = total" is written on screen.

The sum rule
------------
A sum shown as ``a + b + c = total`` never contradicts itself: the total is
the true sum rounded to ``total_decimals`` (so ``e^2 + e^1 + e^0.1`` shows
``11.21``, never the sum of rounded terms ``7.39 + 2.72 + 1.11 = 11.22``), and
the terms are shown at ``total_decimals + 1`` places (``7.389 + 2.718 +
1.105``), so that their displayed sum (11.212) rounds to the displayed total.
:func:`format_sum` checks this and adds a decimal to the terms in the rare
case it would fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import softmax
from .formatting import format_number, format_parts, format_probabilities

__all__ = [
    "ExpPipeline",
    "FormattedSum",
    "display_decimals",
    "divide_by_total",
    "exponentiate_normalize",
    "format_probability_sum",
    "format_shares",
    "format_sum",
    "temperature_limits",
    "temperature_table",
]


def display_decimals(values: ArrayLike, min_decimals: int = 1, max_decimals: int = 3) -> int:
    """Fewest decimals (within bounds) at which every value is shown exactly.

    Inputs such as logits are shown as given: ``2.0`` as ``2.0``, ``1.25`` as
    ``1.25``. Values needing more than ``max_decimals`` places get
    ``max_decimals``.

    Parameters
    ----------
    values : array_like
        Finite numbers.
    min_decimals, max_decimals : int
        Bounds on the result, ``0 <= min_decimals <= max_decimals``.

    Returns
    -------
    int

    Examples
    --------
    >>> display_decimals([2.0, 1.0, 0.1])
    1
    >>> display_decimals([2.0, -1.25])
    2
    >>> display_decimals([3.14159])
    3
    """
    if not 0 <= min_decimals <= max_decimals:
        raise ValueError(f"need 0 <= min_decimals <= max_decimals, got {min_decimals}, {max_decimals}")
    v = np.asarray(values, dtype=float).ravel()
    if not np.all(np.isfinite(v)):
        raise ValueError(f"values must be finite, got {v.tolist()}")
    for d in range(min_decimals, max_decimals + 1):
        if all(abs(float(format_number(x, d)) - x) <= 1e-9 * max(1.0, abs(x)) for x in v):
            return d
    return max_decimals


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
    arr = np.asarray(z, dtype=float)
    if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)):
        raise ValueError(f"scores must be a non-empty 1D list of finite numbers, got {arr.tolist()}")
    total = float(arr.sum())
    if abs(total) <= 1e-12 * max(1.0, float(np.abs(arr).max())):
        raise ValueError(f"scores {arr.tolist()} add up to 0: dividing by the total is undefined")
    return arr / total


@dataclass(frozen=True)
class FormattedSum:
    """A sum as written on screen: ``terms[0] + terms[1] + ... = total``.

    Terms keep their sign (``"-1.0"``); the scene decides how to typeset it.
    """

    terms: tuple[str, ...]
    total: str


def _shown_sum_rounds_to(terms: list[str], total: str, decimals: int) -> bool:
    shown = sum((Decimal(t) for t in terms), Decimal(0))
    rounded = shown.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded == Decimal(total)


def format_sum(parts: ArrayLike, total_decimals: int = 2, term_decimals: int | None = None) -> FormattedSum:
    """A sum ``a + b + ... = total`` whose displayed terms agree with the displayed total.

    The total is the true sum rounded to ``total_decimals`` (one formatting
    rule, :func:`~softmax_anim.formatting.format_number`). Terms are rounded
    to ``term_decimals`` (default ``total_decimals + 1``); if their displayed
    sum would not round to the displayed total, the terms get one more
    decimal (up to three more), and as a last resort non-negative terms are
    rounded by largest remainder and the total shown at the terms' precision.

    Parameters
    ----------
    parts : array_like
        Finite terms, 1D (may be negative).
    total_decimals : int, default 2
    term_decimals : int, optional
        At least ``total_decimals``. When equal to it, the displayed terms
        must add up exactly to the displayed total (use it for inputs shown
        exactly, see :func:`display_decimals`).

    Returns
    -------
    FormattedSum

    Examples
    --------
    >>> s = format_sum(np.exp([2.0, 1.0, 0.1]))
    >>> s.terms, s.total  # rounding each term to 2 places would give 11.22
    (('7.389', '2.718', '1.105'), '11.21')
    >>> format_sum([2.0, -1.0, 0.1], total_decimals=1, term_decimals=1)
    FormattedSum(terms=('2.0', '-1.0', '0.1'), total='1.1')
    """
    v = np.asarray(parts, dtype=float)
    if v.ndim != 1 or v.size == 0 or not np.all(np.isfinite(v)):
        raise ValueError(f"parts must be a non-empty 1D list of finite numbers, got {v.tolist()}")
    if term_decimals is None:
        term_decimals = total_decimals + 1
    if term_decimals < total_decimals:
        raise ValueError(f"term_decimals ({term_decimals}) must be >= total_decimals ({total_decimals})")
    exact = float(v.sum())
    total = format_number(exact, total_decimals)
    last = term_decimals + (0 if term_decimals == total_decimals else 3)
    for d in range(term_decimals, last + 1):
        terms = [format_number(x, d) for x in v]
        if _shown_sum_rounds_to(terms, total, total_decimals):
            return FormattedSum(tuple(terms), total)
    if (v >= 0).all():
        return FormattedSum(tuple(format_parts(v, exact, last)), format_number(exact, last))
    terms = [format_number(x, last) for x in v]
    return FormattedSum(tuple(terms), str(sum((Decimal(t) for t in terms), Decimal(0))))


def format_probability_sum(p: ArrayLike) -> FormattedSum:
    """Probabilities as shown with their total: they add up to exactly 1.00.

    Examples
    --------
    >>> format_probability_sum([0.50168776, 0.30428901, 0.19402324])
    FormattedSum(terms=('0.50', '0.31', '0.19'), total='1.00')
    """
    probs = np.asarray(p, dtype=float)
    return FormattedSum(tuple(format_probabilities(probs)), format_number(float(probs.sum())))


def format_shares(shares: ArrayLike) -> list[str]:
    """Shares of a total as shown: as probabilities (adding up to 1.00) if all lie in [0, 1], else each alone.

    Examples
    --------
    >>> format_shares([0.645, 0.3226, 0.0323]), format_shares([1.818, -0.909, 0.091])
    (['0.65', '0.32', '0.03'], ['1.82', '-0.91', '0.09'])
    """
    f = np.asarray(shares, dtype=float)
    if ((f >= 0) & (f <= 1)).all():
        return format_probabilities(f)
    return [format_number(x) for x in f]


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
    arr = np.asarray(z, dtype=float)
    if arr.ndim != 1 or arr.size < 2 or not np.all(np.isfinite(arr)):
        raise ValueError(f"need a 1D list of at least two finite logits, got {arr.tolist()}")
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
