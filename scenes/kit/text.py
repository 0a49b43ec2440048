"""The lecture's type scale and its one title: four text sizes for every scene.

Every text on screen (``Tex``, ``MathTex``, ``DecimalNumber``, axis numbers)
takes one of four manim font sizes:

========== ==== ============================================================
size       pt   for
========== ==== ============================================================
TITLE      44   a scene's title, and the key formula of a beat
BODY       38   formulas, sums, arrays, readouts a learner reads now
LABEL      34   class names, values on bars, table cells, axis names
FOOTNOTE   30   tick numbers, notes, captions: the smallest text on screen
========== ==== ============================================================

A capital of LaTeX's Computer Modern is 0.00709 scene units tall per font
point, and a 480p frame shows 8 units in 480 px (60 px per unit), so a
FOOTNOTE capital is 30 x 0.00709 x 60 = 12.8 px tall: still readable when a
clip is embedded at 480p (the floor is 12 px). ``tests/test_type_scale.py``
measures it on a rendered capital, and every scene test checks that no text
of its scene ends up smaller than FOOTNOTE.
"""

from __future__ import annotations

from manim import UP, DecimalNumber, Tex, VMobject, config

__all__ = [
    "BODY",
    "FOOTNOTE",
    "LABEL",
    "SAFE_WIDTH",
    "TITLE",
    "TITLE_MARGIN",
    "escape_tex",
    "left_margin",
    "show_number",
    "title",
]

TITLE = 44
BODY = 38
LABEL = 34
FOOTNOTE = 30

TITLE_MARGIN = 0.35
"""Scene units between the title and the frame's top edge (and its left edge, for a title on the left)."""

SAFE_WIDTH = 0.9 * config.frame_width
"""The title-safe width (90% of the frame, 12.8 units): wide tables, rows and charts stay within it."""

_TEX_SPECIALS = {c: "\\" + c for c in "&%$#_{}"}


def escape_tex(text: str) -> str:
    """``text`` with LaTeX's special characters escaped, for names from the parameters."""
    return "".join(_TEX_SPECIALS.get(c, c) for c in text)


def title(text: str, *, left: float | None = None) -> Tex:
    r"""The scene's title: ``text`` (LaTeX text mode) in the TITLE size, :data:`TITLE_MARGIN` below the top edge.

    Parameters
    ----------
    text : str
        The title, e.g. ``r"$\operatorname{argmax}$: the index of the largest value"``.
    left : float, optional
        Scene x of the title's left edge, for a title that heads a side panel
        or starts at the left margin (``-config.frame_width / 2 + TITLE_MARGIN``);
        by default the title is centred.
    """
    mob = Tex(text, font_size=TITLE).to_edge(UP, buff=TITLE_MARGIN)
    if left is not None:
        mob.set_x(left + mob.width / 2)
    return mob


def left_margin() -> float:
    """Scene x of the left margin the title keeps (``title(text, left=left_margin())`` sits in the corner)."""
    return -config.frame_width / 2 + TITLE_MARGIN



def show_number(label: VMobject, value: float) -> VMobject:
    """Set ``label`` to ``value`` (already rounded as it is shown), rebuilding its digits only when it changes.

    Updaters call this every frame of a sweep; manim's ``set_value`` rebuilds and deep-copies every
    digit each time, which was most of a sweep's build time while the shown value stood still.
    """
    if not isinstance(label, DecimalNumber):
        raise TypeError(f"show_number: {type(label).__name__} is not a DecimalNumber")
    if label.get_value() != value:
        label.set_value(value)
    return label
