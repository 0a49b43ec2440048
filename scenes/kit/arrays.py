"""An array of values in cells, each with its index centred above it.

:class:`IndexArray` takes numbers already formatted by
:mod:`softmax_anim.formatting` and lays them out in equal cells, one index
label per cell, centred on the cell's centre x whatever the array's length
and whatever the width of the numbers. :meth:`IndexArray.highlight` frames
one entry (the argmax) together with its index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from manim import RIGHT, MathTex, Rectangle, SurroundingRectangle, VGroup
from manim.utils.color import ParsableManimColor

from scenes.kit.palette import HIGHLIGHT_COLOR, MUTED_COLOR, TEXT_COLOR
from scenes.kit.text import BODY, FOOTNOTE, LABEL

__all__ = ["IndexArray"]


class IndexArray(VGroup):
    """Values in a row of equal cells, with index labels exactly centred above the cells.

    Parameters
    ----------
    texts : sequence of str
        The values as displayed, already formatted (``format_number`` etc.).
    font_size : float
        Size of the values (a size of :mod:`scenes.kit.text`).
    index_font_size : float
        Size of the index labels above the cells.
    padding : float
        Free space left and right of the widest value inside its cell.
    max_width : float, optional
        If the row would be wider, the padding shrinks (down to
        ``min_padding``) so that it fits; if that is not enough, the whole
        array is scaled down to this width (centres stay centred); the index
        labels then stay at least the footnote size.
    min_padding : float
        The least padding a row too wide for ``max_width`` keeps before it
        is scaled (scaling shrinks the text below its size).
    value_colors : sequence of colours, optional
        One colour per value (default: the text colour).

    Attributes
    ----------
    cells : VGroup of Rectangle
        One cell per value, left to right.
    values : VGroup of MathTex
        ``values[i]`` is centred in ``cells[i]``.
    indices : VGroup of MathTex
        ``indices[i]`` reads ``i``; its centre x equals ``cells[i]``'s centre x.
    texts : tuple of str
        The displayed strings.
    """

    def __init__(
        self,
        texts: Sequence[str],
        font_size: float = BODY,
        index_font_size: float = LABEL,
        padding: float = 0.25,
        cell_height: float = 0.75,
        index_buff: float = 0.15,
        max_width: float | None = None,
        min_padding: float = 0.08,
        value_colors: Sequence[object] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if len(texts) == 0:
            raise ValueError("an IndexArray needs at least one value")
        self.texts = tuple(texts)
        colors = list(value_colors) if value_colors is not None else [TEXT_COLOR] * len(texts)
        self.values = VGroup(*(MathTex(t, font_size=font_size, color=c) for t, c in zip(texts, colors)))
        widest = max(v.width for v in self.values)
        if max_width is not None and len(texts) * (widest + 2 * padding) > max_width:
            padding = max(min_padding, (max_width / len(texts) - widest) / 2)
        cell_width = widest + 2 * padding
        self.cells = VGroup(
            *(Rectangle(width=cell_width, height=cell_height, stroke_color=MUTED_COLOR) for _ in texts)
        ).arrange(RIGHT, buff=0)
        for value, cell in zip(self.values, self.cells):
            value.move_to(cell.get_center())
        self.indices = VGroup(
            *(MathTex(str(i), font_size=index_font_size, color=MUTED_COLOR) for i in range(len(texts)))
        )
        self.add(self.cells, self.values, self.indices)
        self.place_indices(index_buff)
        if max_width is not None and self.width > max_width:
            self.scale_to_fit_width(max_width)
            self.keep_indices_readable()

    def keep_indices_readable(self, least: float = FOOTNOTE) -> IndexArray:
        """Grow index labels that scaling left below ``least`` back to it, re-centred above their cells.

        An index is one or two digits, far narrower than its cell, so it fits at
        the footnote size however narrow the cells became.
        """
        buff = self.indices[0].get_bottom()[1] - self.cells.get_top()[1]
        for index in cast(list[MathTex], self.indices.submobjects):
            if index.font_size < least:
                index.font_size = least
        return self.place_indices(buff)

    def place_indices(self, buff: float = 0.15) -> IndexArray:
        """Put every index label right above its cell, centre x on the cell's centre x."""
        top = self.cells.get_top()[1] + buff
        for index, cell in zip(self.indices, self.cells):
            index.move_to((cell.get_center()[0], top + index.height / 2, 0))
        return self

    @property
    def size(self) -> int:
        """Number of entries."""
        return len(self.texts)

    def entry(self, i: int) -> VGroup:
        """Cell ``i`` with its value and index label, as one group."""
        return VGroup(self.cells[i], self.values[i], self.indices[i])

    def highlight(
        self, i: int, color: ParsableManimColor = HIGHLIGHT_COLOR, buff: float = 0.08
    ) -> SurroundingRectangle:
        """A frame around entry ``i`` (cell and index label): the argmax marker."""
        return SurroundingRectangle(self.entry(i), color=color, buff=buff, stroke_width=6)
