"""The softmax on screen in Part G: the code shown is the code run, and its printed output is real."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import softmax_anim.softmax_code as code_module
from softmax_anim import lecture_params
from softmax_anim import softmax as careful_softmax
from softmax_anim.activations import log_softmax
from softmax_anim.softmax_code import (
    TORCH_CODE,
    demo_code,
    loss_on_logits_and_probabilities,
    run_demo,
    shown_source,
    softmax,
    trace,
)

LOGITS = lecture_params().logits.values


def test_the_shown_source_is_the_functions_own_lines_without_the_docstring():
    file_lines = inspect.getsource(code_module).splitlines()
    shown = shown_source().splitlines()
    start = file_lines.index(shown[0])
    end = next(i for i in range(start, len(file_lines)) if file_lines[i].startswith("    return "))
    doc_open = file_lines.index('    """Softmax of ``z / T`` along the last axis, stable for any finite logits.', start)
    doc_close = next(i for i in range(doc_open + 1, end) if file_lines[i] == '    """')
    assert shown == file_lines[start:doc_open] + file_lines[doc_close + 1 : end + 1]
    assert shown[0].startswith("def softmax(") and len(shown) <= 6  # "a few lines"


def test_running_the_shown_source_gives_the_module_function():
    namespace = {"np": np, "ArrayLike": object, "NDArray": object}
    exec(shown_source(), namespace)
    shown_fn = namespace["softmax"]
    for z, t in (([2.0, 1.0, 0.1], 1.0), ([1000.0, -3.0], 0.5), ([[1.0, 2.0], [3.0, 0.0]], 2.0)):
        np.testing.assert_array_equal(shown_fn(z, t), softmax(z, t))


def test_the_trace_is_each_line_of_the_function_in_turn():
    z, t = [2.0, 1.0, 0.1], 0.5
    x = np.asarray(z) / t
    steps = trace(z, t)
    assert len(steps) == len(shown_source().splitlines()) - 1  # one value per line of the body
    np.testing.assert_array_equal(steps[0], x)
    np.testing.assert_array_equal(steps[1], x - x.max())
    np.testing.assert_array_equal(steps[2], np.exp(x - x.max()))
    np.testing.assert_array_equal(steps[-1], softmax(z, t))


@given(st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=6), st.floats(0.05, 20))
def test_the_shown_softmax_matches_the_careful_one(z, t):
    np.testing.assert_allclose(softmax(z, t), careful_softmax(z, temperature=t), rtol=1e-9, atol=1e-300)
    assert np.isfinite(softmax(z, t)).all()


def test_the_demo_uses_the_lecture_logits_and_its_output_is_what_numpy_prints():
    run = run_demo(LOGITS)
    assert run.code.splitlines()[0] == f"z = np.array({list(LOGITS)})"
    p = softmax(np.array(LOGITS))
    assert run.output.splitlines() == [str(p), str(softmax(np.array(LOGITS) + 1000))]
    assert run.output.splitlines()[0] == "[0.65900114 0.24243297 0.09856589]"


def test_the_demo_output_changes_with_the_logits():
    assert run_demo([0.0, 0.0]).output.splitlines()[0] == "[0.5 0.5]"
    assert demo_code([1.0, -2.5], shift=7.5).splitlines() == [
        "z = np.array([1.0, -2.5])", "print(softmax(z))", "print(softmax(z + 7.5))"]


def test_torch_code_shows_the_two_equivalents():
    assert "torch.softmax(z / T, dim=-1)" in TORCH_CODE
    assert "nn.CrossEntropyLoss()" in TORCH_CODE


def test_cross_entropy_wants_logits_not_probabilities():
    r = loss_on_logits_and_probabilities(LOGITS, 0)
    np.testing.assert_allclose(r.probs, careful_softmax(LOGITS))
    assert r.from_logits == pytest.approx(-np.log(careful_softmax(LOGITS)[0]))
    assert r.from_probabilities == pytest.approx(-log_softmax(careful_softmax(LOGITS))[0])
    assert r.from_probabilities > r.from_logits
    with pytest.raises(ValueError, match="true_class"):
        loss_on_logits_and_probabilities(LOGITS, 3)
