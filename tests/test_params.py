import re

import pytest

from softmax_anim import LectureParamsError, lecture_params
from softmax_anim.params import (
    CLASS_LISTS,
    ENV_VAR,
    NAMED_COLORS,
    class_count_mismatch,
    class_counts,
    load_params,
    merge_params,
    require_class_counts,
)


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
        ("[logits]\ntemperatures = [0.5, -1.0]", "logits.temperatures", "supported range"),
        ("[logits]\ntemperatures = [0.0]", "logits.temperatures", "supported range"),
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
        (f"[argmax_arrays]\nlong_values = {list(range(11))}", "argmax_arrays.long_values", "at most 10"),
        ("[training]\nsgd_learning_rate = 0.0", "training.sgd_learning_rate", "above 0"),
        ("[training]\nadam_learning_rate = 20.0", "training.adam_learning_rate", "at most 10"),
        ("[training]\nsteps = 0", "training.steps", "from 1 to 400"),
        ("[training]\nbatch_size = 2.5", "training.batch_size", "whole number"),
        ("[training]\nseed = -1", "training.seed", "whole number"),
        ("[large_logits]\nshift = 700", "large_logits.shift", "must exceed 709.78"),
        ("[large_logits]\nshift = 998.5", "large_logits.shift", "whole number"),
        ("[large_logits]\nshift = 700", "large_logits.shift", "is 702"),
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


def test_a_file_that_is_not_utf8_names_the_file_and_the_byte(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('[logits]\nnames = ["caf\xe9", "b", "c"]\n'.encode("latin-1"))
    with pytest.raises(LectureParamsError) as err:
        load_params(path)
    assert str(err.value) == f"lecture parameters file {path} is not UTF-8 text (byte 0xe9 at offset 22)"


def test_a_folder_is_not_a_parameters_file(tmp_path):
    with pytest.raises(LectureParamsError) as err:
        load_params(tmp_path)
    assert str(err.value) == f"lecture parameters file {tmp_path} is a folder, not a TOML file"


def test_an_unreadable_file_says_permission_denied(tmp_path):
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    path = write(tmp_path, "[logits]\nvalues = [1.0, 2.0, 3.0]\n")
    path.chmod(0)
    if os.geteuid() != 0:
        with pytest.raises(LectureParamsError) as err:
            load_params(path)
        message = str(err.value)
    else:  # root reads anything: drop that capability in a child process
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv")
        code = "import sys\nfrom softmax_anim.params import load_params\ntry:\n    load_params(sys.argv[1])\n" \
               "except Exception as e:\n    print(type(e).__name__, e)\n"
        root = Path(__file__).resolve().parents[1]
        message = subprocess.run(
            ["setpriv", "--bounding-set=-dac_override,-dac_read_search", sys.executable, "-c", code, str(path)],
            capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(root)},
        ).stdout.strip().removeprefix("LectureParamsError ")
    assert message == f"lecture parameters file {path} cannot be read: permission denied"


@pytest.mark.parametrize(
    ("toml", "field"),
    [
        ('[logits]\nnames = ["a", "b"]\ncolors = ["blue", "red"]\nvalues = [1.0, 2.0]\nnegative_example = [1.0, -2.0]',
         "logits.names"),
        ('[digits]\nclasses = [0, 1, 2, 3]\ncolors = ["blue", "red", "green", "purple"]', "digits.classes"),
        ('[lines]\nnames = ["a", "b"]\ncolors = ["blue", "red"]\nweights = [1.0, 2.0]\nbiases = [0.0, 1.0]',
         "lines.names"),
    ],
    ids=["two-logits", "four-digits", "two-lines"],
)
def test_three_class_scenes_name_the_class_list(tmp_path, toml, field):
    params = load_params(write(tmp_path, toml))
    table = field.split(".")[0]
    assert class_counts(params) == {t: 3 if t != table else class_counts(params)[table] for t in CLASS_LISTS}
    with pytest.raises(LectureParamsError, match="the simplex is drawn for exactly 3 classes, got") as err:
        require_class_counts(params, {table: (3,)}, "the simplex")
    assert f"'{field}'" in str(err.value)
    for other in set(CLASS_LISTS) - {table}:
        require_class_counts(params, {other: (3,)}, "the simplex")  # the other lists still hold 3
    require_class_counts(params, {table: (2, 3, 4)}, "the simplex")  # drawn for every supported count
    with pytest.raises(ValueError, match="tables with classes"):
        require_class_counts(params, {"training": (3,)}, "the simplex")


def test_class_count_mismatch_names_the_first_list_and_every_count_drawn():
    counts = {"logits": 4, "lines": 2, "digits": 3}
    assert class_count_mismatch({}, counts) is None
    assert class_count_mismatch({"logits": (2, 3)}, counts) == ("logits.names", "drawn for 2 or 3 classes, got 4")
    assert class_count_mismatch({"digits": (3,), "lines": (3, 4)}, counts) == (
        "lines.names", "drawn for 3 or 4 classes, got 2")


# --- the supported ranges: accepted at each edge, refused just past it ---------------------------------

def _classes(n: int, name_length: int = 3) -> str:
    names = [f"{chr(97 + i)}" * name_length for i in range(n)]
    colors = ["blue", "red", "green", "purple", "white"][:n]
    return (f"names = {names}\ncolors = {colors}\n")


EDGES = [
    # (field, accepted at the edge, refused past it)
    ("logits.names",
     "[logits]\n" + _classes(4) + "values = [8.0, -8.0, 0, 1]\nnegative_example = [1, -1, 0, 0.5]",
     "[logits]\n" + _classes(5) + "values = [1, 2, 3, 4, 5]\nnegative_example = [1, -1, 0, 0, 0.5]"),
    ("logits.names", "[logits]\n" + _classes(2) + "values = [1.0, 0.0]\nnegative_example = [1.0, -0.5]",
     "[logits]\n" + _classes(1) + "values = [1.0]\nnegative_example = [-1.0]"),
    ("logits.names", "[logits]\n" + _classes(3, 8), "[logits]\n" + _classes(3, 9)),
    ("logits.values", "[logits]\nvalues = [8.0, -8.0, 0.1]", "[logits]\nvalues = [8.01, -8.0, 0.1]"),
    ("logits.negative_example", "[logits]\nnegative_example = [-8.0, 1.0, 0.0]",
     "[logits]\nnegative_example = [-8.5, 1.0, 0.0]"),
    ("logits.negative_example", "[logits]\nnegative_example = [0.5, -0.4, 0.0]",
     "[logits]\nnegative_example = [0.5, -0.45, 0.0]"),
    ("logits.values", "[logits]\nvalues = [1.0, -1.1, 0.0]", "[logits]\nvalues = [1.0, -1.0, 0.0]"),
    ("logits.temperatures", "[logits]\ntemperatures = [0.05, 1.0, 20.0]",
     "[logits]\ntemperatures = [0.05, 1.0, 5.0, 20.0]"),
    ("logits.temperatures", "[logits]\ntemperatures = [20.0]", "[logits]\ntemperatures = [20.5]"),
    ("logits.sweep", "[logits]\nsweep = [0.05, 20.0]", "[logits]\nsweep = [0.04, 20.0]"),
    ("logits.sweep", "[logits]\nsweep = [0.5, 1.5]", "[logits]\nsweep = [1.0, 1.5]"),
    ("lines.names", "[lines]\n" + _classes(4) + "weights = [-5, -2, 1, 5]\nbiases = [10, 0, -10, -3]",
     "[lines]\n" + _classes(5) + "weights = [0, 1, 2, 3, 4]\nbiases = [0, 0, 0, 0, 0]"),
    ("lines.weights", "[lines]\nweights = [-5.0, 0.0, 5.0]", "[lines]\nweights = [-5.5, 0.0, 5.0]"),
    ("lines.biases", "[lines]\nbiases = [-10.0, 0.0, 10.0]", "[lines]\nbiases = [-10.0, 0.0, 10.5]"),
    ("lines.x_range", "[lines]\nx_range = [-20.0, 20.0]\nsamples = [-20.0, 20.0]",
     "[lines]\nx_range = [-20.0, 21.0]\nsamples = [0.0]"),
    ("lines.x_range", "[lines]\nx_range = [0.0, 1.0]\nsamples = [0.5]",
     "[lines]\nx_range = [0.0, 0.9]\nsamples = [0.5]"),
    ("lines.samples", "[lines]\nsamples = [-3, -1, 0, 1, 3]", "[lines]\nsamples = [-3, -1, 0, 1, 2, 3]"),
    ("digits.classes", "[digits]\nclasses = [0, 1, 2, 3]\ncolors = ['blue', 'red', 'green', 'purple']",
     "[digits]\nclasses = [0, 1, 2, 3, 4]\ncolors = ['blue', 'red', 'green', 'purple', 'white']"),
    ("digits.classes", "[digits]\nclasses = [3, 8]\ncolors = ['blue', 'red']",
     "[digits]\nclasses = [3]\ncolors = ['blue']"),
    ("digits.thumbnails_per_class", "[digits]\nthumbnails_per_class = 10", "[digits]\nthumbnails_per_class = 11"),
    ("argmax_arrays.long_values", "[argmax_arrays]\nlong_values = [999.99, -999.99]",
     "[argmax_arrays]\nlong_values = [1000.0, -999.99]"),
    ("argmax_arrays.long_values", "[argmax_arrays]\nlong_values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]",
     "[argmax_arrays]\nlong_values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"),
]


@pytest.mark.parametrize(("field", "inside", "outside"), EDGES, ids=[f"{e[0]}-{i}" for i, e in enumerate(EDGES)])
def test_the_supported_ranges_hold_at_their_edges(tmp_path, field, inside, outside):
    load_params(write(tmp_path, inside))
    with pytest.raises(LectureParamsError, match=re.escape(repr(field))):
        load_params(write(tmp_path, outside))


def test_layers_merge_key_by_key_in_order_and_the_merge_changes_neither_input(tmp_path):
    base = {"logits": {"values": [2.0, 1.0, 0.1], "names": ["cat", "dog", "bird"]}, "lines": {"biases": [0, 0, 0]}}
    over = {"logits": {"values": [1.0, 2.0, 3.0]}}
    merged = merge_params(base, over)
    assert merged == {"logits": {"values": [1.0, 2.0, 3.0], "names": ["cat", "dog", "bird"]},
                      "lines": {"biases": [0, 0, 0]}}
    assert base["logits"]["values"] == [2.0, 1.0, 0.1] and over == {"logits": {"values": [1.0, 2.0, 3.0]}}
    with pytest.raises(LectureParamsError, match="logits.colour"):
        merge_params(base, {"logits": {"colour": "red"}})
    first = tmp_path / "first.toml"
    first.write_text("[logits]\nvalues = [1.0, 2.0, 3.0]\nnegative_example = [1.0, 1.0, -1.0]\n")
    second = write(tmp_path, "[logits]\nvalues = [3.0, 2.0, 1.0]\n")
    p = load_params(second, layers=[first])
    assert p.logits.values == (3.0, 2.0, 1.0)  # the later layer wins
    assert p.logits.negative_example == (1.0, 1.0, -1.0)  # the earlier layer's other keys stay
