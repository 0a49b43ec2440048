"""The one rule for numbers on screen.

Numbers are rounded half away from zero to a fixed number of decimals
(``decimals=2`` unless a scene says otherwise), with a true minus sign left to
the renderer. A vector that is shown together with its total (probabilities
under "sum = 1") is rounded by the largest-remainder method, so the displayed
entries always add up to the displayed total. Inputs such as logits are shown
as given (:func:`display_decimals`).

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
from numpy.typing import ArrayLike

__all__ = [
    "FormattedSum",
    "display_decimals",
    "format_number",
    "format_parts",
    "format_probabilities",
    "format_probability_sum",
    "format_shares",
    "format_sum",
]


def _quantum(decimals: int) -> Decimal:
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    return Decimal(1).scaleb(-decimals)


def format_number(x: float, decimals: int = 2) -> str:
    """``x`` rounded half away from zero to ``decimals`` places.

    Rounding works on the decimal value of the float, so 2.675 (stored as
    2.67499...) gives 2.67 exactly as the underlying number says; ``-0.00``
    is shown as ``0.00``.

    Raises
    ------
    ValueError
        If ``x`` is not finite or ``decimals`` is negative.

    Examples
    --------
    >>> format_number(7.38905609893065)
    '7.39'
    >>> format_number(11.212508845465, 3)
    '11.213'
    >>> format_number(-0.001)
    '0.00'
    """
    if not np.isfinite(x):
        raise ValueError(f"cannot format non-finite number {x}")
    q = Decimal(float(x)).quantize(_quantum(decimals), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)
    return f"{q:.{decimals}f}"


def format_parts(values: ArrayLike, total: float, decimals: int = 2) -> list[str]:
    """Entries that add up exactly to ``total`` as displayed (largest-remainder rounding).

    Each entry is rounded down to ``decimals`` places; the units still missing
    to reach the rounded total go to the entries with the largest remainders
    (ties to the lower index). Every entry stays within one unit of the last
    place of its true value.

    Parameters
    ----------
    values : array_like
        Finite, non-negative parts whose exact sum is ``total``.
    total : float
    decimals : int, default 2

    Returns
    -------
    list of str

    Examples
    --------
    >>> format_parts([7.389056, 2.718282, 1.105171], 11.212509)  # rounding each: 11.22
    ['7.39', '2.72', '1.10']
    """
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or not np.all(np.isfinite(v)) or (v < 0).any():
        raise ValueError(f"parts must be finite and non-negative, got {v.tolist()}")
    scale = 10**decimals
    target = int(Decimal(format_number(total, decimals)).scaleb(decimals))
    scaled = v * scale
    units = np.floor(scaled).astype(int)
    missing = target - int(units.sum())
    if not 0 <= missing <= len(v):
        raise ValueError(f"parts {v.tolist()} do not add up to total {total}")
    remainders = scaled - units
    for k in np.lexsort((np.arange(len(v)), -remainders))[:missing]:
        units[k] += 1
    return [f"{u / scale:.{decimals}f}" for u in units]


def format_probabilities(p: ArrayLike, decimals: int = 2) -> list[str]:
    """Probabilities as shown on screen: they always add up to exactly 1.

    Examples
    --------
    >>> format_probabilities([0.659, 0.2424, 0.0986])
    ['0.66', '0.24', '0.10']
    >>> format_probabilities([0.50168776, 0.30428901, 0.19402324])  # rounding each: 0.99
    ['0.50', '0.31', '0.19']
    """
    return format_parts(p, 1.0, decimals)


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
