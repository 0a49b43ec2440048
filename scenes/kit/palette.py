"""Colours every scene shares, and the lecture parameters in force.

Class colours come from the lecture parameters as ``#RRGGBB`` strings; this
module turns them into manim colours. Text sizes and the title are in
:mod:`scenes.kit.text`.
"""

from __future__ import annotations

import sys

from manim import GREY_B, WHITE, ManimColor

from softmax_anim import LectureParams, LectureParamsError, lecture_params
from softmax_anim.color_vision import GAP, HIGHLIGHT, NEUTRAL
from softmax_anim.params import require_class_counts

TEXT_COLOR = WHITE
MUTED_COLOR = GREY_B
HIGHLIGHT_COLOR = ManimColor(HIGHLIGHT)  # argmax / "chosen", kept apart from every class colour (tested)
GAP_COLOR = ManimColor(GAP)  # overconfidence and the wrong call, apart from the classes and the highlight (tested)
NEUTRAL_COLOR = ManimColor(NEUTRAL)  # bars and points that are not the lecture's classes


def class_color(hex_color: str) -> ManimColor:
    """A class colour from the parameters (``#RRGGBB``) as a manim colour."""
    return ManimColor(hex_color)


class ParamsExit(SystemExit):
    """Exit status 2 for invalid lecture parameters; ``str()`` is the one-line message."""

    def __init__(self, message: str) -> None:
        super().__init__(2)
        self.message = message

    def __str__(self) -> str:
        return self.message


def params_or_exit(scene: object | None = None) -> LectureParams:
    """The lecture parameters in force; on invalid ones, stop with one readable line and exit status 2.

    Scenes call this at construct time so that a plain ``manim`` CLI render with
    a bad ``SOFTMAX_ANIM_PARAMS`` file (invalid, unreadable, not UTF-8, a folder)
    ends with the message naming the field or file and exit code 2 (bad input,
    as under ``softmax-anim``) instead of a traceback. A scene drawn for some
    class counts only (``class_counts``, see :class:`scenes.kit.narration.NarratedScene`)
    passes itself: other counts stop it the same way
    (:func:`softmax_anim.params.require_class_counts`).
    """
    try:
        params = lecture_params()
        draws = getattr(scene, "class_counts", None)
        if draws:
            require_class_counts(params, draws, type(scene).__name__)
        return params
    except LectureParamsError as e:
        print(f"error: {e}", file=sys.stderr, flush=True)
        raise ParamsExit(f"error: {e}") from None
