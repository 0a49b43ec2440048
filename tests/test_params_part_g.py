"""Part G's parameter tables: defaults, overrides, and one readable error per bad field."""

from __future__ import annotations

import pytest

from softmax_anim import LectureParamsError
from softmax_anim.params import ENV_VAR, lecture_params, load_params


def write(tmp_path, text):
    path = tmp_path / "lecture.toml"
    path.write_text(text)
    return path


def test_defaults():
    g = load_params()
    assert (g.gradient.true_class, g.gradient.learning_rate) == (0, 1.0)
    assert (g.calibration.train, g.calibration.validation, g.calibration.components) == (1000, 1000, 50)
    assert g.attention.query == (0.4, 1.5) and len(g.attention.keys) == len(g.attention.values) == 4
    assert g.logits.names == ("cat", "dog", "bird") and g.source == "defaults"


def test_overrides_reach_part_g_through_the_environment(tmp_path, monkeypatch):
    path = write(tmp_path, "[gradient]\ntrue_class = 2\n[attention]\nquery = [0.5, -1.0]\n")
    monkeypatch.setenv(ENV_VAR, str(path))
    g = lecture_params()
    assert g.gradient.true_class == 2 and g.gradient.learning_rate == 1.0
    assert g.attention.query == (0.5, -1.0) and g.source == str(path)


@pytest.mark.parametrize(
    "text, field",
    [
        ("[gradient]\ntrue_class = 3\n", "gradient.true_class"),
        ("[gradient]\nlearning_rate = 0\n", "gradient.learning_rate"),
        ("[gradient]\nlearning_rate = true\n", "gradient.learning_rate"),
        ("[calibration]\ntrain = 3000\nvalidation = 1500\n", "calibration.validation"),
        ("[calibration]\ncomponents = 2\n", "calibration.components"),
        ("[calibration]\nbins = 1\n", "calibration.bins"),
        ("[calibration]\nseed = -1\n", "calibration.seed"),
        ("[attention]\nquery = [1.0, 2.0, 3.0]\n", "attention.query"),
        ("[attention]\nkeys = [[1.0, 0.0]]\n", "attention.keys"),
        ("[attention]\nvalues = [[1.0, 0.0]]\n", "attention.values"),
        ("[attention]\nkeys = [[9.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]]\n", "attention.keys"),
        ("[attention]\nsweep = [2.0, 6.0]\n", "attention.sweep"),
        ("[gradient]\nstep = 1\n", "gradient.step"),
    ],
    ids=["class-range", "zero-rate", "bool-rate", "no-test-split", "two-features", "one-bin", "seed",
         "query-3d", "one-key", "value-count", "off-plane", "sweep-misses-sqrt-d", "unknown-key"],
)
def test_bad_values_name_their_field(tmp_path, text, field):
    with pytest.raises(LectureParamsError, match=field.replace(".", r"\.")):
        load_params(write(tmp_path, text))


def test_a_class_index_is_checked_against_the_classes_in_force(tmp_path):
    text = ('[logits]\nnames = ["a", "b", "c", "d"]\ncolors = ["blue", "red", "green", "purple"]\n'
            "values = [1.0, 0.0, -1.0, 2.0]\nnegative_example = [1.0, -2.0, 0.5, 0.1]\n[gradient]\ntrue_class = 3\n")
    assert load_params(write(tmp_path, text)).gradient.true_class == 3
