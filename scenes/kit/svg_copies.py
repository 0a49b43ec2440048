"""Copies of a text share its parsed SVG paths instead of deep-copying them.

Every ``Tex``, ``MathTex`` and ``Text`` glyph is a ``VMobjectFromSVGPath`` that
keeps the ``svgelements`` path it was built from. manim reads that path once, to
make the glyph's points, and never changes it; yet each ``copy()`` (every
``Transform``, ``FadeIn``, ``ReplacementTransform`` copies its mobjects) deep-copied
it point by point, a fifth of a scene's build time. Sharing it changes no points:
``tests/test_kit_svg_copies.py``.
"""

from __future__ import annotations

from typing import Any

from manim import Mobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

__all__ = ["share_parsed_paths"]


def _copy_sharing_the_path(self: VMobjectFromSVGPath, memo: dict[int, Any]) -> VMobjectFromSVGPath:
    memo[id(self.path_obj)] = self.path_obj  # deepcopy takes an object found in the memo as already copied
    return Mobject.__deepcopy__(self, memo)


def share_parsed_paths() -> None:
    """Make copies of SVG glyphs share their (never changed) parsed path; idempotent."""
    VMobjectFromSVGPath.__deepcopy__ = _copy_sharing_the_path  # type: ignore[method-assign, assignment]
