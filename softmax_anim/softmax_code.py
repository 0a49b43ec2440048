"""Softmax as a learner would write it: a few lines of numpy that the screen shows and the tests run.

:func:`softmax` is the function Part G puts on screen. It is deliberately
short (no validation, no ``T = 0`` limit; :func:`softmax_anim.softmax` is the
careful one). :func:`shown_source` returns its source as displayed: the very
lines of this file, without the docstring. :func:`run_demo` writes a short
snippet that calls it on the lecture's logits and runs it, capturing what it
prints, so the output on screen is what the code prints.

The PyTorch equivalents are text only (:data:`TORCH_CODE`): PyTorch is not a
dependency. What ``nn.CrossEntropyLoss`` computes from its input, log-softmax
followed by the negative log-likelihood, is reproduced in numpy by
:func:`loss_on_logits_and_probabilities`, to show why it must get logits.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import io
import textwrap
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import log_softmax
from .activations import softmax as careful_softmax

__all__ = [
    "TORCH_CODE",
    "DemoRun",
    "LossInputs",
    "demo_code",
    "loss_on_logits_and_probabilities",
    "run_demo",
    "shown_source",
    "softmax",
    "trace",
]


def softmax(z: ArrayLike, T: float = 1.0) -> NDArray[np.float64]:
    """Softmax of ``z / T`` along the last axis, stable for any finite logits.

    Subtracting the maximum makes the largest exponent 0, so ``exp`` never
    overflows; softmax ignores the common shift.

    Examples
    --------
    >>> softmax([2.0, 1.0, 0.1]).round(4)
    array([0.659 , 0.2424, 0.0986])
    >>> softmax([1002.0, 1001.0, 1000.1]).round(4)
    array([0.659 , 0.2424, 0.0986])
    """
    x = np.asarray(z, dtype=float) / T
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def shown_source() -> str:
    """The source of :func:`softmax` as the screen shows it: this file's lines, docstring left out.

    Every line returned is a line of this file, in order; only the docstring's
    lines are dropped and the indentation of the ``def`` is removed.

    Examples
    --------
    >>> print(shown_source().splitlines()[0])
    def softmax(z: ArrayLike, T: float = 1.0) -> NDArray[np.float64]:
    """
    lines, _ = inspect.getsourcelines(softmax)
    source = textwrap.dedent("".join(lines))
    func = ast.parse(source).body[0]
    assert isinstance(func, ast.FunctionDef)
    doc = func.body[0]
    kept = source.splitlines()
    if isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str):
        assert doc.end_lineno is not None
        kept = kept[: doc.lineno - 1] + kept[doc.end_lineno :]
    return "\n".join(kept)


def trace(z: ArrayLike, T: float = 1.0) -> list[NDArray[np.float64]]:
    """The value after each line of :func:`softmax`'s body, on one row of logits.

    The screen shows each under the code as its line is explained. The steps
    are the function's own lines, run one at a time (:func:`shown_source`), so
    the last value is exactly what :func:`softmax` returns.

    Examples
    --------
    >>> [v.round(2).tolist() for v in trace([2.0, 1.0, 0.1])]
    [[2.0, 1.0, 0.1], [0.0, -1.0, -1.9], [1.0, 0.37, 0.15], [0.66, 0.24, 0.1]]
    """
    body = shown_source().splitlines()[1:]
    namespace: dict[str, object] = {"np": np, "z": z, "T": T}
    values = []
    for line in body:
        statement = line.strip()
        if statement.startswith("return "):
            statement = "_ = " + statement.removeprefix("return ")
        exec(statement, namespace)  # our own function's lines, the ones on screen
        name = statement.split("=", 1)[0].strip()
        values.append(np.array(namespace[name], dtype=float))
    return values


def _literal(values: ArrayLike) -> str:
    return "[" + ", ".join(repr(float(v)) for v in np.asarray(values, dtype=float).ravel()) + "]"


def demo_code(logits: ArrayLike, shift: float = 1000.0) -> str:
    """The snippet shown under the function: the lecture's logits, then two prints.

    The second print adds ``shift`` to every logit: the output is the same,
    because the maximum is subtracted first.

    Examples
    --------
    >>> print(demo_code([2.0, 1.0, 0.1]))
    z = np.array([2.0, 1.0, 0.1])
    print(softmax(z))
    print(softmax(z + 1000))
    """
    s = repr(float(shift))
    s = s[:-2] if s.endswith(".0") else s
    return f"z = np.array({_literal(logits)})\nprint(softmax(z))\nprint(softmax(z + {s}))"


@dataclass(frozen=True)
class DemoRun:
    """A snippet and what running it printed (without the final newline)."""

    code: str
    output: str


def run_demo(logits: ArrayLike, shift: float = 1000.0) -> DemoRun:
    """Run :func:`demo_code` with this module's :func:`softmax` and capture what it prints.

    Examples
    --------
    >>> print(run_demo([2.0, 1.0, 0.1]).output)
    [0.65900114 0.24243297 0.09856589]
    [0.65900114 0.24243297 0.09856589]
    """
    code = demo_code(logits, shift)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {"np": np, "softmax": softmax})  # our own snippet, the one on screen
    return DemoRun(code, out.getvalue().rstrip("\n"))


TORCH_CODE = """\
import torch
from torch import nn

p = torch.softmax(z / T, dim=-1)

loss_fn = nn.CrossEntropyLoss()
loss = loss_fn(z, y)  # logits z, not p"""
"""The PyTorch equivalents, shown as text (PyTorch is not needed to render or test)."""


@dataclass(frozen=True)
class LossInputs:
    """The cross-entropy ``nn.CrossEntropyLoss`` computes, given logits or (wrongly) probabilities.

    Attributes
    ----------
    probs : numpy.ndarray
        ``softmax(z)``.
    from_logits : float
        ``-log softmax(z)[y]``: the right loss.
    from_probabilities : float
        ``-log softmax(p)[y]``: softmax applied twice, the loss of a flattened
        distribution, too large and with gradients that barely move.
    """

    probs: NDArray[np.float64]
    from_logits: float
    from_probabilities: float


def loss_on_logits_and_probabilities(z: ArrayLike, true_class: int) -> LossInputs:
    """What a log-softmax-then-NLL loss (``nn.CrossEntropyLoss``) returns on logits and on probabilities.

    Raises
    ------
    ValueError
        If ``z`` is not a non-empty 1D vector of finite logits or
        ``true_class`` is not one of its indices.

    Examples
    --------
    >>> r = loss_on_logits_and_probabilities([2.0, 1.0, 0.1], 0)
    >>> round(r.from_logits, 4), round(r.from_probabilities, 4)
    (0.417, 0.8021)
    """
    arr = np.asarray(z, dtype=float)
    if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all():
        raise ValueError(f"logits must be a non-empty 1D vector of finite numbers, got {arr.tolist()}")
    if not 0 <= true_class < arr.size:
        raise ValueError(f"true_class must be in 0..{arr.size - 1}, got {true_class}")
    p = careful_softmax(arr)
    return LossInputs(p, float(-log_softmax(arr)[true_class]), float(-log_softmax(p)[true_class]))
