"""Cheap copies of mobjects, equal to manim's own.

Every ``Transform``, ``FadeIn`` and ``ReplacementTransform`` copies its mobjects, and so does every
``DecimalNumber`` that changes its value: a fifth of a scene's build time went to ``copy.deepcopy``.
Two rules make a copy cheaper without changing what it holds (``tests/test_kit_copies.py`` compares
both with manim's own copy):

- A text glyph (``VMobjectFromSVGPath``) keeps the ``svgelements`` path it was parsed from. manim
  reads it once, to make the glyph's points, and never changes it, so copies share it.
- An attribute that cannot change in place (a number, a string, an enum, a ``ManimColor``, whose
  methods all return new colours) is shared, and a plain numpy array is copied with ``ndarray.copy``;
  everything else still goes through ``copy.deepcopy``, with the same memo, so what the original
  shares (a label that is also a submobject) its copy shares too.
"""

from __future__ import annotations

import copy
import enum
from typing import Any

import numpy as np
from manim import ManimColor, Mobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

__all__ = ["MANIMS_DEEPCOPY", "cheap_copies"]

MANIMS_DEEPCOPY = Mobject.__deepcopy__
"""manim's own ``Mobject.__deepcopy__``, which the cheap copy must agree with."""

_SHARED, _ARRAY, _DEEP = 1, 2, 3
_IMMUTABLE = (bool, int, float, complex, str, bytes, type(None), enum.Enum, ManimColor)
_kinds: dict[type, int] = {}


def _kind(t: type) -> int:
    kind = _kinds.get(t)
    if kind is None:
        kind = _kinds[t] = _SHARED if issubclass(t, _IMMUTABLE) else _ARRAY if t is np.ndarray else _DEEP
    return kind


def _copy_mobject(self: Mobject, memo: dict[int, Any]) -> Mobject:
    """``Mobject.__deepcopy__`` with the cheap cases done inline."""
    cls = self.__class__
    result = cls.__new__(cls)
    memo[id(self)] = result
    for key, value in self.__dict__.items():
        kind = _kind(type(value))
        if kind == _SHARED:
            new = value
        elif kind == _ARRAY and not value.dtype.hasobject:
            new = memo.get(id(value))
            if new is None:  # an array met twice is copied once, as deepcopy does
                new = memo[id(value)] = value.copy()
        else:
            new = copy.deepcopy(value, memo)
        setattr(result, key, new)
    result.original_id = str(id(self))
    return result


def _copy_sharing_the_path(self: VMobjectFromSVGPath, memo: dict[int, Any]) -> VMobjectFromSVGPath:
    memo[id(self.path_obj)] = self.path_obj  # deepcopy takes an object found in the memo as already copied
    return _copy_mobject(self, memo)  # type: ignore[return-value]


def cheap_copies() -> None:
    """Make every mobject's copy take the cheap path (idempotent)."""
    Mobject.__deepcopy__ = _copy_mobject  # type: ignore[method-assign, assignment]
    VMobjectFromSVGPath.__deepcopy__ = _copy_sharing_the_path  # type: ignore[method-assign, assignment]
