"""The one rule for numbers on screen.

Numbers are rounded half away from zero to a fixed number of decimals
(``decimals=2`` unless a scene says otherwise), with a true minus sign left to
the renderer. A vector that is shown together with its total (probabilities
under "sum = 1") is rounded by the largest-remainder method, so the displayed
entries always add up to the displayed total.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["format_number", "format_parts", "format_probabilities"]


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
