"""Can every learner tell the class colours apart? Colour-vision checks for a palette.

Two measures, both standard:

* **Colour-blind distance.** Each colour is simulated as seen with a full-severity
  deuteranopia, protanopia or tritanopia (Machado, Oliveira & Fernandes 2009,
  via ``colorspacious``) and the distance between two simulated colours is
  measured in CAM02-UCS (about 1 = just noticeable; above ~15 = clearly different).
* **Text contrast.** The WCAG 2 contrast ratio of a colour against the
  background; 4.5:1 is the minimum for body text.

The lecture's class colours stay blue, red and green as the lecture names them,
in Okabe-Ito-like shades tuned so every pair stays apart under all three
simulations and reads as text on the dark background. Two marks that are not
classes, the highlight (the argmax, "chosen") and the gap colour (overconfidence,
the wrong call), stay apart from every class colour, from each other and from the
neutral grey of things that are not classes, and read as text too.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from colorspacious import deltaE

__all__ = [
    "BACKGROUND",
    "DEFICIENCIES",
    "GAP",
    "HIGHLIGHT",
    "MIN_CONTRAST",
    "MIN_DISTANCE",
    "NEUTRAL",
    "PaletteWarning",
    "contrast_ratio",
    "cvd_distance",
    "palette_problems",
]

BACKGROUND = "#0F1117"
"""The frame's background (manim.cfg's ``background_color``)."""
HIGHLIGHT = "#FFD166"
"""The argmax / "chosen" highlight: must stay apart from every class colour."""
GAP = "#9F59FF"
"""Overconfidence and the wrong call (a violet): must stay apart from every class colour and the highlight."""
NEUTRAL = "#C8CCD4"
"""Bars and points that are not the lecture's classes (digits 0-9, keys and values)."""

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")
MIN_DISTANCE = {"deuteranomaly": 15.0, "protanomaly": 15.0, "tritanomaly": 12.0}
"""Least CAM02-UCS distance between two simulated class colours, per deficiency."""
MIN_CONTRAST = 4.5


class PaletteWarning(UserWarning):
    """A palette that some learners cannot tell apart or read; the message names the field."""


def _rgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)], dtype=float) / 255.0


def _luminance(hex_color: str) -> float:
    c = _rgb(hex_color)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(foreground: str, background: str = BACKGROUND) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours, from 1 (same) to 21 (white on black).

    Examples
    --------
    >>> round(contrast_ratio("#FFFFFF", "#000000"), 1)
    21.0
    """
    hi, lo = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@lru_cache(maxsize=4096)  # every parameter load checks its palettes; colorspacious takes 0.3 ms a pair
def cvd_distance(a: str, b: str, deficiency: str) -> float:
    """CAM02-UCS distance between ``a`` and ``b`` as seen with a full-severity colour-vision deficiency.

    ``deficiency`` is one of :data:`DEFICIENCIES`.

    Examples
    --------
    >>> round(cvd_distance("#FC6255", "#83C167", "deuteranomaly"), 1)  # manim's RED and GREEN collapse
    5.9
    """
    if deficiency not in DEFICIENCIES:
        raise ValueError(f"unknown deficiency {deficiency!r}; use one of {', '.join(DEFICIENCIES)}")
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return float(deltaE(_rgb(a), _rgb(b), input_space=space))


def palette_problems(
    colors: Sequence[str], background: str = BACKGROUND, highlight: str = HIGHLIGHT, gap: str = GAP
) -> list[str]:
    """Every way ``colors`` (``#RRGGBB`` class colours) fails a colour-blind or contrast check; empty if none.

    Every pair of class colours, and every class colour and each mark (``highlight``,
    ``gap``), must stay :data:`MIN_DISTANCE` apart; every class colour must read as text.

    Examples
    --------
    >>> palette_problems(["#56B4E9", "#F55A00", "#009A71"])
    []
    >>> palette_problems(["#58C4DD", "#FC6255", "#83C167"])[0]
    'classes 2 and 3 (#FC6255, #83C167) differ by only 5.9 under deuteranomaly (need 15)'
    """
    problems = []
    for deficiency in DEFICIENCIES:
        need = MIN_DISTANCE[deficiency]
        for (i, a), (j, b) in itertools.combinations(enumerate(colors, start=1), 2):
            d = cvd_distance(a, b, deficiency)
            if d < need:
                problems.append(f"classes {i} and {j} ({a}, {b}) differ by only {d:.1f} under {deficiency} "
                                f"(need {need:g})")
        for (i, a), (mark, m) in itertools.product(enumerate(colors, start=1),
                                                   (("highlight", highlight), ("gap colour", gap))):
            d = cvd_distance(a, m, deficiency)
            if d < need:
                problems.append(f"class {i} ({a}) is within {d:.1f} of the {mark} {m} under {deficiency}")
    for i, a in enumerate(colors, start=1):
        ratio = contrast_ratio(a, background)
        if ratio < MIN_CONTRAST:
            problems.append(f"class {i} ({a}) has text contrast {ratio:.2f}:1 on {background} "
                            f"(need {MIN_CONTRAST:g}:1)")
    return problems
