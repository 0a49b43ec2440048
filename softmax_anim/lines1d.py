"""The geometry of three (or more) class lines ``z_i(x) = w_i x + b_i`` on an input line.

Everything a 1D-regions picture draws comes from here, in data coordinates
``(x, z)``: the exact ends of each line segment, the upper envelope, the
points where two lines swap places on top, the axis range that holds them,
and the full prediction (line values, softmax, argmax) for one input ``x``.
Scenes map these with ``axes.c2p``; nothing here knows about the screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import argmax, softmax
from .regions import Interval, class_intervals, line_values

__all__ = [
    "Crossing",
    "Prediction",
    "axis_range",
    "crossings",
    "interval_at",
    "predict",
    "segment_endpoints",
    "upper_envelope",
    "value_range",
]


@dataclass(frozen=True)
class Crossing:
    """A region boundary: at ``x`` the lines ``left`` and ``right`` are equal, at height ``z``.

    ``left`` wins just before ``x``, ``right`` just after it.
    """

    x: float
    z: float
    left: int
    right: int

    @property
    def point(self) -> tuple[float, float]:
        """The intersection point ``(x, z)`` of the two lines."""
        return (self.x, self.z)


@dataclass(frozen=True)
class Prediction:
    """What the classifier does with one input: line values, probabilities, chosen class.

    ``winner`` is ``argmax(values)``; ``probabilities`` is ``softmax(values)``.
    """

    x: float
    values: NDArray[np.float64]
    probabilities: NDArray[np.float64]
    winner: int


def segment_endpoints(
    weights: ArrayLike, biases: ArrayLike, x_range: tuple[float, float]
) -> NDArray[np.float64]:
    """The two ends ``(lo, z_i(lo))`` and ``(hi, z_i(hi))`` of every line, shape ``(K, 2, 2)``.

    Examples
    --------
    >>> segment_endpoints([1.0, -2.0], [0.0, 1.0], (-1.0, 3.0))
    array([[[-1., -1.],
            [ 3.,  3.]],
    <BLANKLINE>
           [[-1.,  3.],
            [ 3., -5.]]])
    """
    lo, hi = (float(v) for v in x_range)
    z = line_values(weights, biases, [lo, hi])  # (2, K)
    xs = np.array([lo, hi])
    return np.stack([np.column_stack([xs, z[:, i]]) for i in range(z.shape[1])])


def crossings(weights: ArrayLike, biases: ArrayLike, x_range: tuple[float, float]) -> list[Crossing]:
    """The inner boundaries of :func:`~softmax_anim.regions.class_intervals` as intersection points.

    Each ``x`` is exactly the boundary that ``class_intervals`` returns, and
    ``z`` is the common value of the two lines there.

    Examples
    --------
    >>> crossings([-1.0, 0.0, 1.0], [0.0, 1.0, 0.0], (-3.0, 3.0))
    [Crossing(x=-1.0, z=1.0, left=0, right=1), Crossing(x=1.0, z=1.0, left=1, right=2)]
    """
    w = np.asarray(weights, dtype=float)
    b = np.asarray(biases, dtype=float)
    intervals = class_intervals(w, b, x_range)
    return [
        Crossing(x=a.end, z=float(w[a.winner] * a.end + b[a.winner]), left=a.winner, right=c.winner)
        for a, c in zip(intervals[:-1], intervals[1:], strict=True)
    ]


def upper_envelope(weights: ArrayLike, biases: ArrayLike, x_range: tuple[float, float]) -> NDArray[np.float64]:
    """Vertices ``(x, max_i z_i(x))`` of the upper envelope from ``lo`` to ``hi``, shape ``(M, 2)``.

    The vertices are the two ends and every crossing, so the polyline
    through them is exactly the top line at each ``x``.

    Examples
    --------
    >>> upper_envelope([-1.0, 1.0], [0.0, 0.0], (-2.0, 2.0))
    array([[-2.,  2.],
           [ 0.,  0.],
           [ 2.,  2.]])
    """
    w = np.asarray(weights, dtype=float)
    b = np.asarray(biases, dtype=float)
    intervals = class_intervals(w, b, x_range)
    xs = [a.start for a in intervals] + [intervals[-1].end]
    winners = [a.winner for a in intervals] + [intervals[-1].winner]
    return np.array([[x, w[i] * x + b[i]] for x, i in zip(xs, winners, strict=True)], dtype=float)


def value_range(weights: ArrayLike, biases: ArrayLike, x_range: tuple[float, float]) -> tuple[float, float]:
    """Smallest and largest line value on ``x_range`` (reached at its ends).

    Examples
    --------
    >>> value_range([-1.0, 0.5, 1.5], [0.0, 1.0, -1.0], (-4.0, 4.0))
    (-7.0, 5.0)
    """
    ends = segment_endpoints(weights, biases, x_range)[:, :, 1]
    return float(ends.min()), float(ends.max())


def axis_range(lo: float, hi: float, max_ticks: int = 8, margin: float = 0.05) -> tuple[float, float, float]:
    """A ``(start, end, step)`` axis range that holds ``[lo, hi]`` with a margin, on round ticks.

    The step is 1, 2 or 5 times a power of ten, the smallest giving at most
    ``max_ticks`` intervals; ``start`` and ``end`` are multiples of it that
    leave at least ``margin * (hi - lo)`` free on each side. Equal bounds
    (flat values) are widened by one unit on each side first.

    Raises
    ------
    ValueError
        If the bounds are not finite, ``lo > hi``, or ``max_ticks < 2``.

    Examples
    --------
    >>> axis_range(-7.0, 5.0)
    (-8.0, 6.0, 2.0)
    """
    if not (math.isfinite(lo) and math.isfinite(hi) and lo <= hi):
        raise ValueError(f"axis bounds must be finite with lo <= hi, got {(lo, hi)}")
    if max_ticks < 2:  # a range around 0 needs two intervals
        raise ValueError(f"max_ticks must be >= 2, got {max_ticks}")
    if hi == lo:  # a flat set of values: one unit either side
        lo, hi = lo - 1.0, hi + 1.0
    span = hi - lo
    lo_p, hi_p = lo - margin * span, hi + margin * span
    exponent = math.floor(math.log10(span / max_ticks))
    for power in (exponent, exponent + 1, exponent + 2):
        for mantissa in (1, 2, 5):
            step = mantissa * 10.0**power
            first, last = math.floor(lo_p / step), math.ceil(hi_p / step)
            if last - first <= max_ticks:
                return (_clean(first * step), _clean(last * step), _clean(step))
    raise AssertionError("unreachable: a step of 100 x span always fits")  # pragma: no cover


def _clean(v: float) -> float:
    """``v`` without binary noise in the last digits (``0.6000000000000001`` -> ``0.6``)."""
    return float(f"{v:.12g}")


def predict(weights: ArrayLike, biases: ArrayLike, x: float) -> Prediction:
    """Line values, softmax probabilities and argmax class for one input ``x``.

    Examples
    --------
    >>> p = predict([-1.0, 0.5, 1.5], [0.0, 1.0, -1.0], 0.7)
    >>> p.values.round(2), p.probabilities.round(3), p.winner
    (array([-0.7 ,  1.35,  0.05]), array([0.092, 0.714, 0.194]), 1)
    """
    values = line_values(weights, biases, float(x))
    return Prediction(x=float(x), values=values, probabilities=softmax(values), winner=argmax(values))


def interval_at(intervals: list[Interval], x: float) -> Interval:
    """The interval of ``intervals`` (from ``class_intervals``) whose winner argmax picks at ``x``.

    Inside an interval that is the interval; at a shared boundary it is the
    one with the lower winner, as argmax sends ties to the lowest index.

    Raises
    ------
    ValueError
        If ``x`` lies outside the intervals.

    Examples
    --------
    >>> iv = class_intervals([-1.0, 0.0, 1.0], [0.0, 1.0, 0.0], (-3.0, 3.0))
    >>> interval_at(iv, 0.5).winner, interval_at(iv, -1.0).winner
    (1, 0)
    """
    containing = [a for a in intervals if a.start <= x <= a.end]
    if not containing:
        raise ValueError(f"x = {x} lies outside the intervals [{intervals[0].start}, {intervals[-1].end}]")
    return min(containing, key=lambda a: a.winner)
