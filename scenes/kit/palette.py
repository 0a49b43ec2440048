"""Colours every scene shares, and the lecture parameters in force.

Class colours come from the lecture parameters as ``#RRGGBB`` strings; this
module turns them into manim colours. Text sizes and the title are in
:mod:`scenes.kit.text`.
"""

from __future__ import annotations

import sys

from manim import GREY_B, WHITE, ManimColor

from softmax_anim import LectureParams, LectureParamsError, lecture_params

TEXT_COLOR = WHITE
MUTED_COLOR = GREY_B
HIGHLIGHT_COLOR = ManimColor("#FFD166")  # argmax / "chosen" highlight, distinct from class colours


def class_color(hex_color: str) -> ManimColor:
    """A class colour from the parameters (``#RRGGBB``) as a manim colour."""
    return ManimColor(hex_color)


def params_or_exit() -> LectureParams:
    """The lecture parameters in force; on invalid ones, stop with one readable line.

    Scenes call this at construct time so that a plain ``manim`` CLI render with
    a bad ``SOFTMAX_ANIM_PARAMS`` file ends with the message naming the field
    instead of a traceback.
    """
    try:
        return lecture_params()
    except LectureParamsError as e:
        sys.exit(f"error: {e}")
