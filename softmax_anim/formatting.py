"""The one rule for numbers on screen.

Single numbers
--------------
A number is rounded half away from zero to a fixed number of decimals
(``decimals=2`` unless a scene says otherwise), with a true minus sign left to
the renderer (:func:`format_number`); ``inf`` and ``nan`` are written as words
(:func:`format_value`); a fraction shown as a percentage is ``100 x`` by the same
rule (:func:`format_percent`). A number display that is set to a value (a
``DecimalNumber`` on screen) is set to :func:`rounded`, the number the rule
shows, so its digits are the rule's. Inputs such as logits are shown as given
(:func:`display_decimals`); an axis shows its ticks exactly
(:func:`tick_decimals`).

Parts shown with their total: the honest-number rule
----------------------------------------------------
Every part on screen is its own correctly rounded value, never bent to make a
column add up. Instead the precision is raised: parts and total are shown at
the fewest decimals, from the default 2 up to :data:`MAX_DECIMALS` (3), at which
the rounded parts add up exactly to the rounded total (softmax at ``T = 2``:
``0.502 + 0.304 + 0.194 = 1.000``, where two decimals would give ``0.50 + 0.30 +
0.19 = 0.99``). The cap is 3 because a fourth decimal is hard to read in a
bar label, and 3 already settles most vectors (for random 3-class
probabilities, uniform on the simplex: 75% at 2 decimals, 18% at 3). The
rest, such as three thirds, which never add up at any precision, are shown at
the default precision and flagged :attr:`FormattedSum.approximate`: the scene
writes their total as ``≈ 1.00`` (:func:`format_parts`,
:func:`format_probabilities`).

The sum rule
------------
A sum shown as ``a + b + c = total`` never contradicts itself: the total is
the true sum rounded to ``total_decimals`` (so ``e^2 + e^1 + e^0.1`` shows
``11.21``, never the sum of rounded terms ``7.39 + 2.72 + 1.11 = 11.22``), and
the terms are shown at ``total_decimals + 1`` places (``7.389 + 2.718 +
1.105``), so that their displayed sum (11.212) rounds to the displayed total.
:func:`format_sum` checks this, adds a decimal to the terms in the rare case
it would fail, and flags the sum approximate if even that does not help.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "MAX_DECIMALS",
    "FormattedSum",
    "display_decimals",
    "format_number",
    "format_parts",
    "format_percent",
    "format_probabilities",
    "format_probability_sum",
    "format_shares",
    "format_sum",
    "format_value",
    "rounded",
    "shown_decimals",
    "tick_decimals",
]

MAX_DECIMALS = 3
"""The most decimals :func:`format_parts` raises the precision to (one more than the default)."""


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
    >>> format_number(7.38905609893065), format_number(11.212508845465, 3), format_number(-0.001)
    ('7.39', '11.213', '0.00')
    """
    if not np.isfinite(x):
        raise ValueError(f"cannot format non-finite number {x}")
    q = _rounded(x, decimals)
    if q == 0:
        q = abs(q)
    return f"{q:.{decimals}f}"


def rounded(x: float, decimals: int = 2) -> float:
    """``x`` rounded as :func:`format_number` shows it, as a number (for a display set to a value).

    Raises
    ------
    ValueError
        As :func:`format_number`.

    Examples
    --------
    >>> rounded(-0.125), rounded(2.675), rounded(-0.001)  # half away from zero, on the float's decimal value
    (-0.13, 2.67, 0.0)
    """
    if not np.isfinite(x):
        raise ValueError(f"cannot round non-finite number {x}")
    q = _rounded(x, decimals)
    return float(abs(q) if q == 0 else q)  # no -0.0


def _rounded(x: float, decimals: int) -> Decimal:
    return Decimal(float(x)).quantize(_quantum(decimals), rounding=ROUND_HALF_UP)


def format_percent(fraction: float, decimals: int = 1) -> str:
    """A fraction shown as a percentage, the number before the ``%`` sign (by :func:`format_number`).

    Examples
    --------
    >>> format_percent(0.84234), format_percent(0.05), format_percent(1.0, 0)
    ('84.2', '5.0', '100')
    """
    return format_number(100 * fraction, decimals)


def format_value(x: float, decimals: int = 2) -> str:
    """``x`` by :func:`format_number`, or ``inf`` / ``-inf`` / ``nan`` when it is not finite.

    For the numbers a computer really prints when a calculation overflows.

    Examples
    --------
    >>> format_value(float("nan")), format_value(float("-inf")), format_value(0.6590)
    ('nan', '-inf', '0.66')
    """
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return format_number(x, decimals)


def shown_decimals(text: str) -> int:
    """How many decimals a number formatted by this module shows (0 without a point).

    Examples
    --------
    >>> shown_decimals("0.502"), shown_decimals("-12.75"), shown_decimals("3")
    (3, 2, 0)
    """
    return len(text.split(".")[1]) if "." in text else 0


def tick_decimals(step: float) -> int:
    """Decimals that show every tick of a ``step``-spaced axis exactly (0 for whole steps).

    Examples
    --------
    >>> tick_decimals(2.0), tick_decimals(0.5), tick_decimals(0.25)
    (0, 1, 2)
    """
    if not (math.isfinite(step) and step > 0):
        raise ValueError(f"step must be finite and > 0, got {step}")
    return display_decimals([step], min_decimals=0, max_decimals=12)


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
    >>> display_decimals([2.0, 1.0, 0.1]), display_decimals([2.0, -1.25]), display_decimals([3.14159])
    (1, 2, 3)
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
    """Parts and their total as written on screen: ``terms[0] + terms[1] + ... = total``.

    Terms keep their sign (``"-1.0"``); the scene decides how to typeset it.

    Attributes
    ----------
    terms : tuple of str
        Each part as shown.
    total : str
        The total as shown.
    approximate : bool
        True when the shown terms do not agree with the shown total (they do
        not add up to it, or for :func:`format_sum` their sum does not round
        to it) at any precision tried: the scene writes ``≈ total``.
    """

    terms: tuple[str, ...]
    total: str
    approximate: bool = False

    @property
    def decimals(self) -> int:
        """Decimals of the terms as shown."""
        return shown_decimals(self.terms[0]) if self.terms else 0


def _finite_1d(name: str, values: ArrayLike) -> NDArray[np.float64]:
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or v.size == 0 or not np.all(np.isfinite(v)):
        raise ValueError(f"{name} must be a non-empty 1D list of finite numbers, got {v.tolist()}")
    return v


def _adds_up(terms: list[str], total: str) -> bool:
    return sum((Decimal(t) for t in terms), Decimal(0)) == Decimal(total)


def format_parts(
    values: ArrayLike, total: float | None = None, decimals: int = 2, max_decimals: int = MAX_DECIMALS
) -> FormattedSum:
    """Parts shown with their total, each part its correctly rounded value (the honest-number rule).

    Parts and total are rounded by :func:`format_number` at the fewest decimals
    from ``decimals`` to ``max(decimals, max_decimals)`` at which the shown parts
    add up exactly to the shown total. If none does, they are shown at
    ``decimals`` and the result is flagged ``approximate``.

    Parameters
    ----------
    values : array_like
        Finite parts, 1D.
    total : float, optional
        Their exact total, e.g. ``1.0`` for probabilities; the sum of ``values``
        by default.
    decimals : int, default 2
        The precision to start from (and to show an approximate result at).
    max_decimals : int, default :data:`MAX_DECIMALS`
        The cap on the precision.

    Returns
    -------
    FormattedSum

    Raises
    ------
    ValueError
        If a value is not finite, or ``values`` do not add up to ``total``.

    Examples
    --------
    >>> from softmax_anim.activations import softmax
    >>> format_parts(softmax([2.0, 1.0, 0.1], temperature=2), 1.0)  # at 2 places: 0.50 + 0.30 + 0.19 = 0.99
    FormattedSum(terms=('0.502', '0.304', '0.194'), total='1.000', approximate=False)
    >>> format_parts([1 / 3, 1 / 3, 1 / 3], 1.0)  # 0.333 + 0.333 + 0.333 is not 1.000 either
    FormattedSum(terms=('0.33', '0.33', '0.33'), total='1.00', approximate=True)
    """
    v = _finite_1d("parts", values)
    exact = float(math.fsum(v.tolist()))
    if total is None:
        total = exact
    elif not abs(exact - total) <= 1e-6 * max(1.0, float(np.abs(v).sum())):
        raise ValueError(f"parts {v.tolist()} do not add up to total {total}")
    for d in range(decimals, max(decimals, max_decimals) + 1):
        terms = [format_number(x, d) for x in v]
        shown_total = format_number(total, d)
        if _adds_up(terms, shown_total):
            return FormattedSum(tuple(terms), shown_total)
    return FormattedSum(tuple(format_number(x, decimals) for x in v), format_number(total, decimals), True)


def _probabilities(p: ArrayLike) -> NDArray[np.float64]:
    probs = _finite_1d("probabilities", p)
    if (probs < 0).any():
        raise ValueError(f"probabilities must be non-negative, got {probs.tolist()}")
    if abs(probs.sum() - 1.0) > 1e-6:
        raise ValueError(f"probabilities must add up to 1, got {probs.tolist()} (sum {probs.sum()})")
    return probs


def format_probability_sum(p: ArrayLike, decimals: int = 2, max_decimals: int = MAX_DECIMALS) -> FormattedSum:
    """Probabilities with their total 1, as shown: :func:`format_parts` with ``total = 1``.

    Examples
    --------
    >>> format_probability_sum([0.659, 0.2424, 0.0986])
    FormattedSum(terms=('0.66', '0.24', '0.10'), total='1.00', approximate=False)
    """
    return format_parts(_probabilities(p), 1.0, decimals, max_decimals)


def format_probabilities(p: ArrayLike, decimals: int = 2, max_decimals: int = MAX_DECIMALS) -> list[str]:
    """Probabilities as shown on screen: the terms of :func:`format_probability_sum`.

    Each is its correctly rounded value, at the precision where they add up to
    1 (two decimals when that works). A sweep whose labels change every frame
    may pass ``max_decimals=decimals`` to keep one precision throughout.

    Examples
    --------
    >>> format_probabilities([0.659, 0.2424, 0.0986])
    ['0.66', '0.24', '0.10']
    """
    return list(format_probability_sum(p, decimals, max_decimals).terms)


def format_shares(shares: ArrayLike) -> list[str]:
    """Shares of a total (``z_i / sum z``) as shown: the terms of :func:`format_parts`.

    Examples
    --------
    >>> format_shares([0.645, 0.3226, 0.0323]), format_shares([1.818, -0.909, 0.091])
    (['0.65', '0.32', '0.03'], ['1.82', '-0.91', '0.09'])
    """
    return list(format_parts(shares).terms)


def _shown_sum_rounds_to(terms: list[str], total: str, decimals: int) -> bool:
    shown = sum((Decimal(t) for t in terms), Decimal(0))
    rounded = shown.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded == Decimal(total)


def format_sum(parts: ArrayLike, total_decimals: int = 2, term_decimals: int | None = None) -> FormattedSum:
    """A sum ``a + b + ... = total`` whose displayed terms agree with the displayed total.

    The total is the true sum rounded to ``total_decimals`` (one formatting
    rule, :func:`format_number`). Terms are rounded to ``term_decimals``
    (default ``total_decimals + 1``); if their displayed sum would not round
    to the displayed total, the terms get one more decimal (up to three
    more). If that never works, the terms are shown at ``term_decimals`` and
    the sum is flagged ``approximate``. No term is ever bent.

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
    """
    v = _finite_1d("parts", parts)
    if term_decimals is None:
        term_decimals = total_decimals + 1
    if term_decimals < total_decimals:
        raise ValueError(f"term_decimals ({term_decimals}) must be >= total_decimals ({total_decimals})")
    total = format_number(float(math.fsum(v.tolist())), total_decimals)
    last = term_decimals + (0 if term_decimals == total_decimals else 3)
    for d in range(term_decimals, last + 1):
        terms = [format_number(x, d) for x in v]
        if _shown_sum_rounds_to(terms, total, total_decimals):
            return FormattedSum(tuple(terms), total)
    return FormattedSum(tuple(format_number(x, term_decimals) for x in v), total, True)
