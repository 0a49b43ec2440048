"""The kit's cheap copies are manim's own copies (scenes/kit/copies.py)."""

from __future__ import annotations

import copy
import enum
import types
from typing import Any

import numpy as np
import pytest

import scenes.kit  # noqa: F401  (applies the kit's copy rules)
from scenes.kit import copies


def _leaf(obj: Any) -> bool:
    """A colour or a parsed path: the copy rules share it whole, so its insides are not walked."""
    from manim import ManimColor

    return isinstance(obj, ManimColor) or type(obj).__module__.startswith("svgelements")


def _reachable(root: Any) -> dict[int, Any]:
    """Every object reachable from ``root`` through attributes and containers (what deepcopy walks)."""
    seen: dict[int, Any] = {}
    todo = [root]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, (type, types.FunctionType, types.ModuleType, types.MethodType)):
            continue
        seen[id(obj)] = obj
        if _leaf(obj):
            continue
        if isinstance(obj, dict):
            todo += [*obj.keys(), *obj.values()]
        elif isinstance(obj, (list, tuple, set, frozenset)):
            todo += list(obj)
        elif isinstance(obj, np.ndarray):
            todo += list(obj.ravel()) if obj.dtype.hasobject else []
        elif hasattr(obj, "__dict__"):
            todo.append(vars(obj))
    return seen


def _assert_same(a: Any, b: Any, pairs: dict[int, int]) -> None:
    """``b`` holds what ``a`` holds, and shares among its parts what ``a`` shares among its parts."""
    if id(a) in pairs:
        assert pairs[id(a)] == id(b), f"{type(a).__name__} met twice is one object in one copy, two in the other"
        return
    pairs[id(a)] = id(b)
    assert type(a) is type(b)
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape
        if a.dtype.hasobject:
            for x, y in zip(a.ravel(), b.ravel(), strict=True):
                _assert_same(x, y, pairs)
        else:
            np.testing.assert_array_equal(a, b)
    elif isinstance(a, dict):
        assert list(a) == list(b)
        for key in a:
            _assert_same(a[key], b[key], pairs)
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _assert_same(x, y, pairs)
    elif type(a).__module__.startswith("svgelements"):
        assert str(a) == str(b)  # a parsed path: the same outline
    elif isinstance(a, (type, types.FunctionType, types.MethodType)):
        assert a is b
    elif hasattr(a, "__dict__"):
        _assert_same(vars(a), vars(b), pairs)
    else:
        assert a == b


@pytest.fixture
def composite(scene_media_dir):
    """Axes with numbers and a plot, a formula, a text, a number with an updater, in one group that also
    names a part as an attribute, holds one array twice and an object array: what scenes copy."""
    from manim import Axes, DecimalNumber, MathTex, Text, VGroup, tempconfig

    with tempconfig({"media_dir": str(scene_media_dir)}):
        axes = Axes(x_range=[0, 3, 1], y_range=[0, 1, 0.5], x_length=4, y_length=2,
                    axis_config={"include_numbers": True})
        formula = MathTex(r"p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}")
    number = DecimalNumber(0.25, num_decimal_places=2)
    number.add_updater(lambda m: m)
    group = VGroup(axes, axes.plot(lambda x: x / 3), formula, Text("softmax"), number)
    group.label = formula
    shared = np.arange(3.0)
    group.first, group.again = shared, shared
    group.parts = np.array([formula, number], dtype=object)
    return group


def _manims_copy(mob: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    from manim import Mobject
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    with monkeypatch.context() as mp:
        mp.setattr(Mobject, "__deepcopy__", copies.MANIMS_DEEPCOPY)
        mp.delattr(VMobjectFromSVGPath, "__deepcopy__")
        return copy.deepcopy(mob)


def test_a_cheap_copy_holds_what_manims_copy_holds(composite, monkeypatch) -> None:
    cheap, manims = composite.copy(), _manims_copy(composite, monkeypatch)
    assert cheap.original_id == manims.original_id == str(id(composite))
    _assert_same(manims, cheap, {})
    assert cheap.label is cheap.submobjects[2] and cheap.first is cheap.again  # sharing kept inside the copy
    assert cheap.parts[1] is cheap.submobjects[4]


def test_a_cheap_copy_shares_only_what_cannot_change_and_the_parsed_paths(composite, monkeypatch) -> None:
    from manim import ManimColor

    original = _reachable(composite)
    shared_by_manim = original.keys() & _reachable(_manims_copy(composite, monkeypatch)).keys()
    more = [original[i] for i in original.keys() & _reachable(composite.copy()).keys() - shared_by_manim]
    assert more, "the cheap copy shares nothing more than manim's: this test no longer sees its rules"
    for obj in more:
        assert isinstance(obj, (ManimColor, enum.Enum, str, int, float, type(None))) or \
            type(obj).__module__.startswith("svgelements"), type(obj)
    assert any(type(obj).__module__.startswith("svgelements") for obj in more)


def test_changing_a_copy_leaves_the_original_alone(composite) -> None:
    before = [m.points.copy() for m in composite.family_members_with_points()]
    colors = [m.get_fill_color() for m in composite.family_members_with_points()]
    updaters = list(composite[4].updaters)
    changed = composite.copy()
    changed.shift(np.array([1.0, 0.0, 0.0])).set_color("#FF0000")
    changed[4].set_value(0.75).clear_updaters()
    changed.first[0] = 9.0
    for m, points, color in zip(composite.family_members_with_points(), before, colors, strict=True):
        np.testing.assert_array_equal(m.points, points)
        assert m.get_fill_color() == color
    assert composite[4].get_value() == pytest.approx(0.25) and composite[4].updaters == updaters
    assert composite.first[0] == 0.0


def test_a_copied_formula_shares_only_the_parsed_path(scene_media_dir) -> None:
    from manim import MathTex, tempconfig

    with tempconfig({"media_dir": str(scene_media_dir)}):
        tex = MathTex(r"p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}")
    copied = tex.copy()
    glyphs, copies_ = tex.family_members_with_points(), copied.family_members_with_points()
    assert len(glyphs) == len(copies_) > 5
    for a, b in zip(glyphs, copies_, strict=True):
        if hasattr(a, "path_obj"):  # the fraction bar is a Rectangle, not a parsed path
            assert b.path_obj is a.path_obj
        assert b is not a and b.points is not a.points
        np.testing.assert_array_equal(b.points, a.points)
