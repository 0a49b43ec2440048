"""The derivative of softmax: how every probability moves when one logit is nudged.

``d p_i / d z_j = p_i (delta_ij - p_j)`` is :func:`softmax_anim.activations.softmax_jacobian`;
this module adds what the lecture shows beside it: the difference quotient of a finite
nudge, which tends to one column of the Jacobian, and the Jacobian's rows as shown on
screen, each with its total of zero.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import checked_logits, softmax, softmax_jacobian
from .formatting import FormattedSum, format_parts

__all__ = ["difference_quotient", "format_jacobian"]


def difference_quotient(z: ArrayLike, j: int, step: float) -> NDArray[np.float64]:
    """How every probability moves per unit when logit ``j`` is nudged by ``step``.

    ``(softmax(z + step e_j) - softmax(z)) / step``: as ``step`` shrinks it
    tends to column ``j`` of :func:`~softmax_anim.activations.softmax_jacobian` at ``softmax(z)``.

    Raises
    ------
    ValueError
        If ``z`` is not a finite 1D sequence, ``j`` is not one of its indices or ``step`` is 0 or not finite.

    Examples
    --------
    >>> difference_quotient([2.0, 1.0, 0.1], 0, 1e-6).round(3)
    array([ 0.225, -0.16 , -0.065])
    """
    arr = checked_logits(z, one_d=True)
    if not 0 <= j < arr.size:
        raise ValueError(f"logit index {j} is outside 0..{arr.size - 1}")
    if not (np.isfinite(step) and step != 0):
        raise ValueError(f"step must be finite and non-zero, got {step}")
    nudged = arr.copy()
    nudged[j] += step
    return np.asarray((softmax(nudged) - softmax(arr)) / step, dtype=float)


def format_jacobian(z: ArrayLike, decimals: int = 3) -> list[FormattedSum]:
    """The Jacobian of softmax at logits ``z`` as shown: one row a line, each with its total, 0.

    Each row is shown by :func:`~softmax_anim.formatting.format_parts` with the exact total 0
    (a row sums to zero: adding the same number to every logit changes nothing), so the
    shown entries of a row add up to the shown zero.

    Examples
    --------
    >>> [row.terms for row in format_jacobian([2.0, 1.0, 0.1])]
    [('0.225', '-0.160', '-0.065'), ('-0.160', '0.184', '-0.024'), ('-0.065', '-0.024', '0.089')]
    >>> format_jacobian([2.0, 1.0, 0.1])[0].total
    '0.000'
    """
    jac = softmax_jacobian(softmax(checked_logits(z, one_d=True)))
    return [format_parts(row, 0.0, decimals, decimals + 1) for row in jac]
