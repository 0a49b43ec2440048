"""Part H's parameter table ``[four_classes]``: defaults, overrides, and one readable error per bad field."""

from __future__ import annotations

import pytest

from softmax_anim import LectureParamsError
from softmax_anim.params import NAMED_COLORS, load_params


def test_defaults_are_the_lecture_logits_and_a_fourth_class():
    f = load_params().four_classes
    assert f.names == ("cat", "dog", "bird", "fish")
    assert f.values == (2.0, 1.0, 0.1, -0.5)
    assert f.colors == tuple(NAMED_COLORS[c] for c in ("blue", "red", "green", "purple"))


def test_an_override_replaces_only_its_keys(tmp_path):
    path = tmp_path / "lecture.toml"
    path.write_text("[four_classes]\nvalues = [-1.0, 0.0, 3.5, 1.0]\n")
    f = load_params(path).four_classes
    assert f.values == (-1.0, 0.0, 3.5, 1.0) and f.names == ("cat", "dog", "bird", "fish")


@pytest.mark.parametrize(
    "text, field",
    [
        ('names = ["a", "b", "c"]', "four_classes.names"),
        ('names = ["a", "b", "c", "abcdefghi"]', "four_classes.names"),
        ('colors = ["blue", "red", "green", "chartreuse"]', "four_classes.colors"),
        ("values = [1.0, 2.0, 3.0]", "four_classes.values"),
        ("values = [1.0, 2.0, 3.0, 8.5]", "four_classes.values"),
        ('values = [1.0, 2.0, 3.0, "x"]', "four_classes.values"),
        ("temperature = 1.0", "four_classes.temperature"),
    ],
    ids=["three-names", "long-name", "unknown-colour", "three-values", "too-large", "not-a-number", "unknown-key"],
)
def test_a_bad_field_is_named(tmp_path, text, field):
    path = tmp_path / "lecture.toml"
    path.write_text(f"[four_classes]\n{text}\n")
    with pytest.raises(LectureParamsError, match=field.replace(".", r"\.")):
        load_params(path)
