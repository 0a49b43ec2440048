"""Colours, fonts and number mobjects: the look every scene shares.

Class colours come from the lecture parameters as ``#RRGGBB`` strings; this
module turns them into manim colours and turns formatted numbers (always from
:mod:`softmax_anim.formatting`) into mobjects.
"""

from __future__ import annotations

import sys

from manim import GREY_B, WHITE, ManimColor, MathTex, Tex

from softmax_anim import LectureParams, LectureParamsError, lecture_params
from softmax_anim.params import require_three_classes

TEXT_COLOR = WHITE
MUTED_COLOR = GREY_B
HIGHLIGHT_COLOR = ManimColor("#FFD166")  # argmax / "chosen" highlight, distinct from class colours


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


def params_or_exit(three_classes: tuple[str, str] | None = None) -> LectureParams:
    """The lecture parameters in force; on invalid ones, stop with one readable line and exit status 2.

    Scenes call this at construct time so that a plain ``manim`` CLI render with
    a bad ``SOFTMAX_ANIM_PARAMS`` file ends with the message naming the field
    instead of a traceback. A scene drawn for exactly three classes passes
    ``three_classes=(field, what)``, checked by
    :func:`softmax_anim.params.require_three_classes`.
    """
    try:
        params = lecture_params()
        if three_classes is not None:
            require_three_classes(params, *three_classes)
        return params
    except LectureParamsError as e:
        print(f"error: {e}", file=sys.stderr)
        raise ParamsExit(f"error: {e}") from None


def number_tex(text: str, **kwargs: object) -> MathTex:
    """A number already formatted by :mod:`softmax_anim.formatting` as LaTeX math."""
    return MathTex(text, **kwargs)


def label_tex(text: str, **kwargs: object) -> Tex:
    """A short text label typeset by LaTeX, matching the maths around it."""
    return Tex(text, **kwargs)
