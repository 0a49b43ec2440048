"""Large logits: the naive softmax overflows, the stable one does not; overconfidence.

Two ways to compute softmax, step by step, so a scene can show every
intermediate number: the naive formula, whose ``exp`` overflows to ``inf`` for
logits above about 709.78 (and then ``inf / inf`` is ``nan``), and the stable
one, which subtracts the maximum first. Then overconfident logits (every gap
widened), which temperature scaling brings back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import checked_logits

__all__ = [
    "SoftmaxSteps",
    "exp_overflow_threshold",
    "naive_softmax_steps",
    "overconfident_logits",
    "stable_softmax_steps",
]


@dataclass(frozen=True, eq=False)
class SoftmaxSteps:
    """The intermediate numbers of one softmax computation.

    Attributes
    ----------
    shifted : numpy.ndarray
        What goes into ``exp``: the logits (naive) or the logits minus their maximum (stable).
    exps : numpy.ndarray
        ``exp(shifted)``; ``inf`` where it overflowed.
    total : float
        Sum of ``exps``.
    probs : numpy.ndarray
        ``exps / total``; ``nan`` where that is ``inf / inf``.
    """

    shifted: NDArray[np.float64]
    exps: NDArray[np.float64]
    total: float
    probs: NDArray[np.float64]

    @property
    def finite(self) -> bool:
        """Whether every intermediate number is finite."""
        return bool(np.isfinite(self.exps).all() and np.isfinite(self.total) and np.isfinite(self.probs).all())


def naive_softmax_steps(z: ArrayLike) -> SoftmaxSteps:
    """Softmax straight from the formula ``exp(z_i) / sum_j exp(z_j)`` in float64, overflow included.

    Examples
    --------
    >>> s = naive_softmax_steps([1000.0, 999.0, 998.1])
    >>> s.exps.tolist(), s.total, s.probs.tolist(), s.finite
    ([inf, inf, inf], inf, [nan, nan, nan], False)
    """
    arr = checked_logits(z, one_d=True)
    with np.errstate(over="ignore", invalid="ignore"):
        exps = np.exp(arr)
        total = float(exps.sum())
        probs = exps / total
    return SoftmaxSteps(arr, exps, total, probs)


def stable_softmax_steps(z: ArrayLike) -> SoftmaxSteps:
    """Softmax after subtracting the maximum: the largest term is ``exp(0) = 1``, nothing overflows.

    The probabilities equal :func:`softmax_anim.activations.softmax` of ``z``.

    Examples
    --------
    >>> s = stable_softmax_steps([1000.0, 999.0, 998.1])
    >>> s.shifted.round(6).tolist(), round(s.total, 4), s.probs.round(4).tolist()
    ([0.0, -1.0, -1.9], 1.5174, [0.659, 0.2424, 0.0986])
    """
    arr = checked_logits(z, one_d=True)
    shifted = arr - arr.max()
    exps = np.exp(shifted)
    total = float(exps.sum())
    return SoftmaxSteps(shifted, exps, total, exps / total)


def exp_overflow_threshold() -> float:
    """The largest ``x`` whose ``exp(x)`` is a finite float64: ``log`` of the largest float, about 709.78.

    Examples
    --------
    >>> round(exp_overflow_threshold(), 2)
    709.78
    """
    return float(np.log(np.finfo(np.float64).max))


def overconfident_logits(z: ArrayLike, factor: float) -> NDArray[np.float64]:
    """The logits ``factor * z``: same ranking, every gap ``factor`` times wider.

    A model whose logits grow like this during training becomes
    overconfident; temperature scaling with ``T = factor`` undoes it exactly,
    since ``softmax(factor * z, T=factor) == softmax(z)``.

    Examples
    --------
    >>> from softmax_anim.activations import softmax
    >>> z = overconfident_logits([2.0, 1.0, 0.1], 10.0)
    >>> z.tolist(), softmax(z).round(4).tolist()
    ([20.0, 10.0, 1.0], [1.0, 0.0, 0.0])
    """
    if not (np.isfinite(factor) and factor > 0):
        raise ValueError(f"factor must be finite and > 0, got {factor}")
    return float(factor) * checked_logits(z, one_d=True)
