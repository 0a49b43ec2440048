import pytest

from softmax_anim import LectureParamsError, lecture_params
from softmax_anim.params import ENV_VAR, NAMED_COLORS, load_params, require_three_classes


def write(tmp_path, text):
    path = tmp_path / "lecture.toml"
    path.write_text(text)
    return path


def test_defaults_are_the_lecture_numbers():
    p = load_params()
    assert p.logits.names == ("cat", "dog", "bird")
    assert p.logits.values == (2.0, 1.0, 0.1)
    assert p.logits.temperatures == (0.5, 1.0, 2.0)
    assert p.logits.colors == (NAMED_COLORS["blue"], NAMED_COLORS["red"], NAMED_COLORS["green"])
    assert p.lines.names == ("blue", "red", "green") and len(p.lines.weights) == 3
    assert p.digits.classes == (0, 1, 2)
    assert p.argmax_arrays.tie_values == (1.5, 4.0, 4.0, -2.25) and len(p.argmax_arrays.long_values) == 10
    t = p.training
    assert (t.sgd_learning_rate, t.adam_learning_rate, t.steps, t.batch_size, t.seed) == (0.5, 0.1, 80, 32, 0)
    assert p.large_logits.shift == 998.0
    assert p.source == "defaults"


def test_a_partial_override_keeps_the_other_defaults(tmp_path):
    path = write(
        tmp_path,
        '[logits]\nnames = ["a", "b", "c", "d"]\ncolors = ["blue", "red", "green", "#FFAA00"]\n'
        "values = [1.0, -2.0, 0.5, 3.0]\nnegative_example = [1.0, -2.0, 0.5, 0.1]\n",
    )
    p = load_params(path)
    assert p.logits.values == (1.0, -2.0, 0.5, 3.0)
    assert p.logits.colors[-1] == "#FFAA00"
    assert p.logits.temperatures == (0.5, 1.0, 2.0)
    assert p.lines == load_params().lines


def test_the_environment_variable_names_the_override(tmp_path, monkeypatch):
    path = write(tmp_path, "[logits]\nvalues = [3.0, 1.0, 0.2]\n")
    monkeypatch.setenv(ENV_VAR, str(path))
    assert lecture_params().logits.values == (3.0, 1.0, 0.2)
    path.write_text("[logits]\nvalues = [4.0, 1.0, 0.2]\n")  # an edit is picked up
    import os

    os.utime(path, ns=(1, 10**18))
    assert lecture_params().logits.values == (4.0, 1.0, 0.2)
    monkeypatch.delenv(ENV_VAR)
    assert lecture_params().logits.values == (2.0, 1.0, 0.1)


@pytest.mark.parametrize(
    ("toml", "field", "problem"),
    [
        ("[logits]\nvalues = [1.0, 2.0]", "logits.values", "expected 3 values"),
        ("[logits]\nvalues = [1.0, nan, 2.0]", "logits.values", "finite"),
        ("[logits]\nvalues = [1.0, inf, 2.0]", "logits.values", "finite"),
        ('[logits]\nvalues = [1.0, "x", 2.0]', "logits.values", "list of numbers"),
        ("[logits]\ntemperatures = [0.5, -1.0]", "logits.temperatures", "> 0"),
        ("[logits]\ntemperatures = [0.0]", "logits.temperatures", "> 0"),
        ("[logits]\nsweep = [0.0, 5.0]", "logits.sweep", "> 0"),
        ("[logits]\nsweep = [5.0, 1.0]", "logits.sweep", "low < high"),
        ('[logits]\ncolors = ["blue", "red", "chartreuse"]', "logits.colors", "unknown colour 'chartreuse'"),
        ('[logits]\nnames = ["a", "b", "c", "d"]', "logits.colors", "expected 4 values"),
        ("[lines]\nweights = [1.0, 2.0]", "lines.weights", "expected 3 values"),
        ("[lines]\nsamples = [99.0]", "lines.samples", "outside x_range"),
        ("[digits]\nclasses = [0, 1, 1]", "digits.classes", "distinct"),
        ("[digits]\nclasses = [0, 10]", "digits.classes", "0 to 9"),
        ("[argmax_arrays]\ntie_values = [1.0, 4.0, 2.0]", "argmax_arrays.tie_values", "exactly twice"),
        ("[argmax_arrays]\ntie_values = [4.0, 4.0, 4.0]", "argmax_arrays.tie_values", "exactly twice"),
        ("[argmax_arrays]\nlong_values = [1.0]", "argmax_arrays.long_values", "at least 2"),
        (f"[argmax_arrays]\nlong_values = {list(range(13))}", "argmax_arrays.long_values", "at most 12"),
        ("[training]\nsgd_learning_rate = 0.0", "training.sgd_learning_rate", "above 0"),
        ("[training]\nadam_learning_rate = 20.0", "training.adam_learning_rate", "at most 10"),
        ("[training]\nsteps = 0", "training.steps", "from 1 to 400"),
        ("[training]\nbatch_size = 2.5", "training.batch_size", "whole number"),
        ("[training]\nseed = -1", "training.seed", "whole number"),
        ("[large_logits]\nshift = 700", "large_logits.shift", "must exceed 709.78"),
        ("[large_logits]\nshift = 998.5", "large_logits.shift", "whole number"),
        ("[logits]\nvalues = [-300.0, -300.0, -300.0]", "large_logits.shift", "is 698"),
        ("[logits]\nvalue = [1.0, 2.0, 3.0]", "logits.value", "unknown key"),
        ("[logit]\nvalues = [1.0, 2.0, 3.0]", "logit", "unknown table"),
    ],
    ids=lambda v: v if len(v) < 30 else None,
)
def test_bad_parameters_name_the_field(tmp_path, toml, field, problem):
    with pytest.raises(LectureParamsError, match=problem) as err:
        load_params(write(tmp_path, toml))
    assert f"'{field}'" in str(err.value)
    assert "\n" not in str(err.value)


def test_unreadable_files_say_so(tmp_path):
    with pytest.raises(LectureParamsError, match="not found"):
        load_params(tmp_path / "missing.toml")
    with pytest.raises(LectureParamsError, match="not valid TOML"):
        load_params(write(tmp_path, "[logits\n"))


@pytest.mark.parametrize(
    ("toml", "field"),
    [
        ('[logits]\nnames = ["a", "b"]\ncolors = ["blue", "red"]\nvalues = [1.0, 2.0]\nnegative_example = [1.0, -2.0]',
         "logits.names"),
        ('[digits]\nclasses = [0, 1, 2, 3]\ncolors = ["blue", "red", "green", "gold"]', "digits.classes"),
        ('[lines]\nnames = ["a", "b"]\ncolors = ["blue", "red"]\nweights = [1.0, 2.0]\nbiases = [0.0, 1.0]',
         "lines.names"),
    ],
    ids=["two-logits", "four-digits", "two-lines"],
)
def test_three_class_scenes_name_the_class_list(tmp_path, toml, field):
    params = load_params(write(tmp_path, toml))
    with pytest.raises(LectureParamsError, match="the simplex needs exactly 3 classes, got") as err:
        require_three_classes(params, field, "the simplex")
    assert f"'{field}'" in str(err.value)
    for other in {"logits.names", "lines.names", "digits.classes"} - {field}:
        require_three_classes(params, other, "the simplex")  # the other lists still hold 3
    with pytest.raises(ValueError, match="field must be one of"):
        require_three_classes(params, "digits.colors", "the simplex")
