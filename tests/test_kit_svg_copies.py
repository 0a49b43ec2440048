"""Copies of text glyphs share the parsed SVG path and nothing else (scenes/kit/svg_copies.py)."""

from __future__ import annotations

import numpy as np

import scenes.kit  # noqa: F401  (applies the kit's copy rule)


def test_a_copied_formula_shares_only_the_parsed_path(scene_media_dir):
    from manim import MathTex, tempconfig

    with tempconfig({"media_dir": str(scene_media_dir)}):
        tex = MathTex(r"p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}")
    copy = tex.copy()
    glyphs, copied = tex.family_members_with_points(), copy.family_members_with_points()
    assert len(glyphs) == len(copied) > 5
    for a, b in zip(glyphs, copied, strict=True):
        if hasattr(a, "path_obj"):  # the fraction bar is a Rectangle, not a parsed path
            assert b.path_obj is a.path_obj
        assert b is not a and b.points is not a.points
        np.testing.assert_array_equal(b.points, a.points)
    copy.shift(np.array([1.0, 0.0, 0.0])).set_color("#FF0000")  # changing the copy leaves the original alone
    np.testing.assert_array_equal(tex.family_members_with_points()[0].points, glyphs[0].points)
    assert not np.allclose(copied[0].points, glyphs[0].points)
    assert tex.get_color() != copy.get_color()

