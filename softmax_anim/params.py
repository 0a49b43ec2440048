"""The lecture's parameters, loaded once, validated, overridable from TOML.

Defaults live in ``lecture.toml`` beside this module. An author overrides any
subset of keys with their own TOML file, passed to :func:`load_params` or named
by the ``SOFTMAX_ANIM_PARAMS`` environment variable (which also reaches a plain
``manim`` CLI render). Anything invalid stops with one
:class:`LectureParamsError` naming the field, e.g. ``logits.values``.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .color_vision import PaletteWarning, palette_problems

__all__ = [
    "DEFAULTS_PATH",
    "ENV_VAR",
    "NAMED_COLORS",
    "ArgmaxArrayParams",
    "DigitParams",
    "LargeLogitParams",
    "LectureParams",
    "LectureParamsError",
    "LineParams",
    "LogitParams",
    "TrainingParams",
    "GradientParams",
    "CalibrationParams",
    "AttentionParams",
    "FourClassParams",
    "lecture_params",
    "load_params",
    "merge_params",
    "CLASS_LISTS",
    "class_count_mismatch",
    "class_counts",
    "require_class_counts",
]

ENV_VAR = "SOFTMAX_ANIM_PARAMS"
DEFAULTS_PATH = Path(__file__).with_name("lecture.toml")

# The palette as data: manim's standard colours by name, so the math layer can
# validate a colour without importing manim.
NAMED_COLORS: dict[str, str] = {
    # blue, red and green are colour-blind-safe shades (Okabe-Ito-like; see color_vision).
    "blue": "#56B4E9",
    "red": "#F55A00",
    "green": "#009A71",
    "yellow": "#FFFF00",
    "gold": "#F0AC5F",
    "orange": "#FF862F",
    "purple": "#CC79A7",  # Okabe-Ito reddish purple: a safe fourth class beside blue, red, green
    "teal": "#5CD0B3",
    "pink": "#D147BD",
    "maroon": "#C55F73",
    "grey": "#888888",
    "white": "#FFFFFF",
}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class LectureParamsError(ValueError):
    """An invalid lecture parameter; the message names the field."""


@dataclass(frozen=True)
class LogitParams:
    """Part A: class names and colours, the logits, the temperatures."""

    names: tuple[str, ...]
    colors: tuple[str, ...]  # "#RRGGBB"
    values: tuple[float, ...]
    negative_example: tuple[float, ...]
    temperatures: tuple[float, ...]
    sweep: tuple[float, float]


@dataclass(frozen=True)
class LineParams:
    """Parts B-D: one line ``w_i x + b_i`` per class on ``x_range``."""

    names: tuple[str, ...]
    colors: tuple[str, ...]
    weights: tuple[float, ...]
    biases: tuple[float, ...]
    x_range: tuple[float, float]
    samples: tuple[float, ...]


@dataclass(frozen=True)
class DigitParams:
    """Part E: which MNIST digits, their colours, how many thumbnails."""

    classes: tuple[int, ...]
    colors: tuple[str, ...]
    thumbnails_per_class: int
    seed: int


@dataclass(frozen=True)
class ArgmaxArrayParams:
    """Part C: the example arrays of ``ArgmaxOnArrays`` (after the lecture's logits)."""

    long_values: tuple[float, ...]
    tie_values: tuple[float, ...]  # its largest value appears exactly twice


@dataclass(frozen=True)
class TrainingParams:
    """Part F: the classifier of ``TrainingLogitPaths``, trained with SGD and with Adam."""

    sgd_learning_rate: float
    adam_learning_rate: float
    steps: int
    batch_size: int
    seed: int  # initial weights, mini-batches and the tracked digits


@dataclass(frozen=True)
class LargeLogitParams:
    """Part F: ``LargeLogits`` adds ``shift`` to every logit of the lecture, so that ``e^z`` overflows."""

    shift: float


@dataclass(frozen=True)
class FourClassParams:
    """Part H: the four classes of ``FourClassesTetrahedron`` and one logit vector of them."""

    names: tuple[str, ...]
    colors: tuple[str, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class LectureParams:
    """Everything a scene needs to know about the lecture's numbers."""

    logits: LogitParams
    lines: LineParams
    digits: DigitParams
    argmax_arrays: ArgmaxArrayParams
    training: TrainingParams
    large_logits: LargeLogitParams
    gradient: GradientParams
    calibration: CalibrationParams
    attention: AttentionParams
    four_classes: FourClassParams
    source: str  # which file the overrides came from ("defaults" if none)


# --- supported ranges ---------------------------------------------------------
# A parameter file inside these ranges renders correctly in every scene: in frame, nothing overlapping
# (tests/test_layout.py builds the scenes at both edges). Anything outside is refused at load, naming the field.

MIN_CLASSES, MAX_CLASSES = 2, 4  # [logits] and [lines]: four 10-character names fit under the bars, four z and p
# values fit beside the 1D plot and the readout fits below it (six did not)
MAX_NAME_LENGTH = 8  # characters in a class name: under bars, names too wide for their slot alternate rows
LOGIT_LIMIT = 8.0  # |logit| <= 8: e^8 = 2980.96 still fits its bar label
MIN_LOGIT_TOTAL = 0.1  # Part A divides logits by their total: |total| >= 0.1 keeps each share within +-80
TEMPERATURE_LIMITS = (0.05, 20.0)  # every temperature shown or swept
MAX_TEMPERATURE_PANELS = 3  # side by side; four panels of four classes left no room for the names
WEIGHT_LIMIT, BIAS_LIMIT = 5.0, 10.0  # |w_i|, |b_i| of the 1D lines
X_LIMIT = 20.0  # the 1D input axis lies within [-20, 20] ...
MIN_X_SPAN = 1.0  # ... and spans at least 1
MAX_SAMPLES = 5  # sample inputs that travel through the regions
MIN_DIGIT_CLASSES, MAX_DIGIT_CLASSES = 2, 4  # [digits]: weight vectors and thumbnails in one plane
MAX_THUMBNAILS = 10  # per digit class
ARRAY_VALUE_LIMIT = 999.99  # |value| in the argmax arrays (cells hold six characters)
MAX_ARRAY_LENGTH = 10  # values in one argmax array: ten cells of -999.99 fit one row at the label size


# --- validation helpers: each raises LectureParamsError naming the field ---


def _fail(field: str, problem: str) -> LectureParamsError:
    return LectureParamsError(f"lecture parameter {field!r}: {problem}")


def _numbers(field: str, raw: Any, length: int | None = None, min_length: int = 1) -> tuple[float, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw):
        raise _fail(field, f"expected a list of numbers, got {raw!r}")
    if length is not None and len(raw) != length:
        raise _fail(field, f"expected {length} values, got {len(raw)}")
    if len(raw) < min_length:
        raise _fail(field, f"expected at least {min_length} values, got {len(raw)}")
    bad = [v for v in raw if not np.isfinite(v)]
    if bad:
        raise _fail(field, f"values must be finite, got {bad[0]}")
    return tuple(float(v) for v in raw)


def _bounded(field: str, values: tuple[float, ...], limit: float) -> tuple[float, ...]:
    worst = max(values, key=abs)
    if abs(worst) > limit:
        raise _fail(field, f"values must lie within [-{limit:g}, {limit:g}] (the supported range), got {worst:g}")
    return values


def _divisible(field: str, values: tuple[float, ...]) -> tuple[float, ...]:
    """Logits that Part A may divide by their total: the total is at least ``MIN_LOGIT_TOTAL`` away from 0."""
    total = math.fsum(values)
    if round(abs(total), 9) < MIN_LOGIT_TOTAL:  # rounded: 0.5 - 0.4 is 0.1 as written
        raise _fail(field, f"the values add up to {total:.3g}; Part A divides each by the total, "
                           f"which needs a total of at least {MIN_LOGIT_TOTAL:g} or at most -{MIN_LOGIT_TOTAL:g}")
    return values


def _class_count(field: str, names: Any, lo: int, hi: int) -> int:
    n = len(names) if isinstance(names, list) else 0
    if not lo <= n <= hi:
        raise _fail(field, f"expected {lo} to {hi} classes (the supported range), got {names!r}")
    return n


def _strings(field: str, raw: Any, length: int) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) and v for v in raw):
        raise _fail(field, f"expected a list of non-empty strings, got {raw!r}")
    if len(raw) != length:
        raise _fail(field, f"expected {length} values (one per class), got {len(raw)}")
    return tuple(raw)


def _names(field: str, raw: Any, length: int) -> tuple[str, ...]:
    names = _strings(field, raw, length)
    long = [v for v in names if len(v) > MAX_NAME_LENGTH]
    if long:
        raise _fail(field, f"names may have at most {MAX_NAME_LENGTH} characters, got {long[0]!r}")
    return names


def _colors(field: str, raw: Any, length: int) -> tuple[str, ...]:
    names = _strings(field, raw, length)
    out = []
    for name in names:
        if _HEX.match(name):
            out.append(name.upper())
        elif name.lower() in NAMED_COLORS:
            out.append(NAMED_COLORS[name.lower()])
        else:
            raise _fail(field, f"unknown colour {name!r}; use one of {', '.join(NAMED_COLORS)} or '#RRGGBB'")
    return tuple(out)


def _range(field: str, raw: Any, positive: bool = False) -> tuple[float, float]:
    lo, hi = _numbers(field, raw, length=2)
    if not lo < hi:
        raise _fail(field, f"expected [low, high] with low < high, got {[lo, hi]}")
    if positive and lo <= 0:
        raise _fail(field, f"temperatures must be > 0, got {lo}")
    return lo, hi


def _integer(field: str, raw: Any, lo: int, hi: int) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or not lo <= raw <= hi:
        raise _fail(field, f"expected a whole number from {lo} to {hi}, got {raw!r}")
    return raw


def _number(field: str, raw: Any, lo: float, hi: float) -> float:
    if not isinstance(raw, (int, float)) or isinstance(raw, bool) or not lo < raw <= hi:
        raise _fail(field, f"expected a number above {lo} and at most {hi}, got {raw!r}")
    return float(raw)


def _check_keys(table: str, raw: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise _fail(f"{table}.{unknown[0]}", f"unknown key; known keys: {', '.join(sorted(allowed))}")


# --- building the dataclasses ---


def _temperatures(field: str, values: tuple[float, ...]) -> tuple[float, ...]:
    lo, hi = TEMPERATURE_LIMITS
    outside = [t for t in values if not lo <= t <= hi]
    if outside:
        raise _fail(field, f"temperatures must lie within [{lo:g}, {hi:g}] (the supported range), "
                           f"got {outside[0]:g}")
    return values


def _logit_params(raw: dict[str, Any]) -> LogitParams:
    names = raw.get("names")
    n = _class_count("logits.names", names, MIN_CLASSES, MAX_CLASSES)
    temperatures = _temperatures("logits.temperatures", _numbers("logits.temperatures", raw["temperatures"]))
    if len(temperatures) > MAX_TEMPERATURE_PANELS:
        raise _fail("logits.temperatures",
                    f"expected at most {MAX_TEMPERATURE_PANELS} panels, got {len(temperatures)}")
    sweep = _range("logits.sweep", raw["sweep"], positive=True)
    _temperatures("logits.sweep", sweep)
    if not sweep[0] < 1.0 < sweep[1]:
        raise _fail("logits.sweep", f"the sweep goes below and above T = 1: expected low < 1 < high, got {list(sweep)}")
    return LogitParams(
        names=_names("logits.names", names, n),
        colors=_colors("logits.colors", raw["colors"], n),
        values=_divisible("logits.values", _bounded("logits.values", _numbers("logits.values", raw["values"], length=n),
                                                    LOGIT_LIMIT)),
        negative_example=_divisible("logits.negative_example", _bounded(
            "logits.negative_example", _numbers("logits.negative_example", raw["negative_example"], length=n),
            LOGIT_LIMIT)),
        temperatures=temperatures,
        sweep=sweep,
    )


def _line_params(raw: dict[str, Any]) -> LineParams:
    names = raw.get("names")
    n = _class_count("lines.names", names, MIN_CLASSES, MAX_CLASSES)
    x_range = _range("lines.x_range", raw["x_range"])
    _bounded("lines.x_range", x_range, X_LIMIT)
    if x_range[1] - x_range[0] < MIN_X_SPAN:
        raise _fail("lines.x_range", f"expected a span of at least {MIN_X_SPAN:g}, got {list(x_range)}")
    samples = _numbers("lines.samples", raw["samples"])
    if len(samples) > MAX_SAMPLES:
        raise _fail("lines.samples", f"expected at most {MAX_SAMPLES} samples, got {len(samples)}")
    outside = [s for s in samples if not x_range[0] <= s <= x_range[1]]
    if outside:
        raise _fail("lines.samples", f"sample {outside[0]} lies outside x_range {list(x_range)}")
    return LineParams(
        names=_names("lines.names", names, n),
        colors=_colors("lines.colors", raw["colors"], n),
        weights=_bounded("lines.weights", _numbers("lines.weights", raw["weights"], length=n), WEIGHT_LIMIT),
        biases=_bounded("lines.biases", _numbers("lines.biases", raw["biases"], length=n), BIAS_LIMIT),
        x_range=x_range,
        samples=samples,
    )


def _digit_params(raw: dict[str, Any]) -> DigitParams:
    _class_count("digits.classes", raw.get("classes"), MIN_DIGIT_CLASSES, MAX_DIGIT_CLASSES)
    digits = tuple(_integer("digits.classes", d, 0, 9) for d in raw["classes"])
    if len(set(digits)) != len(digits):
        raise _fail("digits.classes", f"digits must be distinct, got {list(digits)}")
    return DigitParams(
        classes=digits,
        colors=_colors("digits.colors", raw["colors"], len(digits)),
        thumbnails_per_class=_integer("digits.thumbnails_per_class", raw["thumbnails_per_class"], 1, MAX_THUMBNAILS),
        seed=_integer("digits.seed", raw["seed"], 0, 2**32 - 1),
    )


def _array(field: str, raw: Any) -> tuple[float, ...]:
    values = _bounded(field, _numbers(field, raw, min_length=2), ARRAY_VALUE_LIMIT)
    if len(values) > MAX_ARRAY_LENGTH:
        raise _fail(field, f"expected at most {MAX_ARRAY_LENGTH} values (one row of cells), got {len(values)}")
    return values


def _argmax_array_params(raw: dict[str, Any]) -> ArgmaxArrayParams:
    ties = _array("argmax_arrays.tie_values", raw["tie_values"])
    if ties.count(max(ties)) != 2:
        raise _fail("argmax_arrays.tie_values", f"the largest value must appear exactly twice, got {list(ties)}")
    return ArgmaxArrayParams(long_values=_array("argmax_arrays.long_values", raw["long_values"]), tie_values=ties)


def _training_params(raw: dict[str, Any]) -> TrainingParams:
    return TrainingParams(
        sgd_learning_rate=_number("training.sgd_learning_rate", raw["sgd_learning_rate"], 0.0, 10.0),
        adam_learning_rate=_number("training.adam_learning_rate", raw["adam_learning_rate"], 0.0, 10.0),
        steps=_integer("training.steps", raw["steps"], 1, 400),
        batch_size=_integer("training.batch_size", raw["batch_size"], 1, 5000),
        seed=_integer("training.seed", raw["seed"], 0, 2**32 - 1),
    )


def _large_logit_params(raw: dict[str, Any], logits: LogitParams) -> LargeLogitParams:
    shift = _integer("large_logits.shift", raw["shift"], 1, 10_000)
    # log of the largest float64: e^z overflows above it (as softmax_anim.overflow.exp_overflow_threshold)
    threshold = float(np.log(np.finfo(np.float64).max))
    if max(logits.values) + shift <= threshold:
        raise _fail(
            "large_logits.shift",
            f"the largest logit plus {shift} is {max(logits.values) + shift:g}; it must exceed {threshold:.2f} "
            "so that e^z overflows",
        )
    return LargeLogitParams(shift=float(shift))


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; anything that keeps it from being read is one :class:`LectureParamsError`."""
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise LectureParamsError(f"lecture parameters file not found: {path}") from None
    except IsADirectoryError:
        raise LectureParamsError(f"lecture parameters file {path} is a folder, not a TOML file") from None
    except PermissionError:
        raise LectureParamsError(f"lecture parameters file {path} cannot be read: permission denied") from None
    except OSError as e:
        raise LectureParamsError(f"lecture parameters file {path} cannot be read: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise LectureParamsError(
            f"lecture parameters file {path} is not UTF-8 text (byte 0x{e.object[e.start]:02x} at offset {e.start})"
        ) from None
    except tomllib.TOMLDecodeError as e:
        raise LectureParamsError(f"lecture parameters file {path} is not valid TOML: {e}") from None


def merge_params(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``overrides`` applied key by key within each table (neither is changed).

    Raises
    ------
    LectureParamsError
        Naming an override table that ``base`` lacks, one that is not a table, or an unknown key.

    Examples
    --------
    >>> merge_params({"logits": {"values": [1.0], "names": ["a"]}}, {"logits": {"values": [2.0]}})
    {'logits': {'values': [2.0], 'names': ['a']}}
    """
    merged = {table: dict(values) for table, values in base.items()}
    for table, values in overrides.items():
        if table not in merged:
            raise _fail(table, f"unknown table; known tables: {', '.join(merged)}")
        if not isinstance(values, dict):
            raise _fail(table, "expected a table of keys")
        _check_keys(table, values, set(merged[table]))
        merged[table] = {**merged[table], **values}
    return merged


def load_params(
    path: str | os.PathLike[str] | None = None, layers: Sequence[str | os.PathLike[str]] = ()
) -> LectureParams:
    """Load the defaults, apply the overrides in ``layers`` then ``path`` (or ``$SOFTMAX_ANIM_PARAMS``), validate.

    Parameters
    ----------
    path : path-like, optional
        A TOML file with any subset of the tables and keys of ``lecture.toml``.
        Without it, the file named by ``$SOFTMAX_ANIM_PARAMS`` is used if set.
    layers : sequence of path-like, optional
        Files of the same shape applied before ``path``, in order (the build
        applies a project's own ``lecture.toml`` this way).

    Returns
    -------
    LectureParams

    Raises
    ------
    LectureParamsError
        With one message naming the first invalid field.

    Examples
    --------
    >>> p = load_params()
    >>> p.logits.names, p.logits.values
    (('cat', 'dog', 'bird'), (2.0, 1.0, 0.1))
    """
    if path is None:
        path = os.environ.get(ENV_VAR) or None
    merged = _read_toml(DEFAULTS_PATH)
    for layer in [*layers, *([path] if path is not None else [])]:
        merged = merge_params(merged, _read_toml(Path(layer)))
    logits = _logit_params(merged["logits"])
    params = LectureParams(
        logits=logits,
        lines=_line_params(merged["lines"]),
        digits=_digit_params(merged["digits"]),
        argmax_arrays=_argmax_array_params(merged["argmax_arrays"]),
        training=_training_params(merged["training"]),
        large_logits=_large_logit_params(merged["large_logits"], logits),
        gradient=_gradient_params(merged["gradient"], len(logits.names)),
        calibration=_calibration_params(merged["calibration"]),
        attention=_attention_params(merged["attention"]),
        four_classes=_four_class_params(merged["four_classes"]),
        source=str(path) if path is not None else "defaults",
    )
    _warn_about_palettes(params)
    return params


def _warn_about_palettes(params: LectureParams) -> None:
    """Warn (never fail) when a palette is hard to tell apart for colour-blind learners or hard to read."""
    for field, colors in (("logits.colors", params.logits.colors), ("lines.colors", params.lines.colors),
                          ("digits.colors", params.digits.colors), ("four_classes.colors", params.four_classes.colors)):
        for problem in palette_problems(colors):
            warnings.warn(f"lecture parameter {field!r}: {problem}", PaletteWarning, stacklevel=3)


@lru_cache(maxsize=8)
def _cached(path: str | None, mtime_ns: int) -> LectureParams:
    return load_params(path)


def lecture_params() -> LectureParams:
    """The parameters in force now (``$SOFTMAX_ANIM_PARAMS`` or the defaults), cached per file version."""
    path = os.environ.get(ENV_VAR) or None
    mtime = Path(path).stat().st_mtime_ns if path and Path(path).exists() else 0
    return _cached(path, mtime)


CLASS_LISTS: dict[str, str] = {"logits": "names", "lines": "names", "digits": "classes"}
"""Where each table lists its classes (``logits.names``): the tables a scene's ``class_counts`` may name."""


def class_counts(params: LectureParams) -> dict[str, int]:
    """How many classes each table of :data:`CLASS_LISTS` holds.

    Examples
    --------
    >>> class_counts(load_params())
    {'logits': 3, 'lines': 3, 'digits': 3}
    """
    return {table: len(getattr(getattr(params, table), key)) for table, key in CLASS_LISTS.items()}


def class_count_mismatch(draws: Mapping[str, Sequence[int]], counts: Mapping[str, int]) -> tuple[str, str] | None:
    """The first class list a picture drawn for ``draws`` cannot show, as ``(field, why)``; None when it can.

    Parameters
    ----------
    draws : mapping of table to counts
        A scene's declared ``class_counts``: for each table it names, the class
        counts it draws (a table it does not name: every supported count).
    counts : mapping of table to int
        The parameters' counts (:func:`class_counts`).

    Raises
    ------
    ValueError
        When ``draws`` names a table that holds no classes.

    Examples
    --------
    >>> class_count_mismatch({"logits": (3,)}, {"logits": 4, "lines": 3, "digits": 3})
    ('logits.names', 'drawn for exactly 3 classes, got 4')
    >>> class_count_mismatch({"digits": (2, 3)}, {"logits": 4, "lines": 3, "digits": 3}) is None
    True
    """
    for table, drawn in draws.items():
        if table not in CLASS_LISTS:
            raise ValueError(f"class_counts names {table!r}; tables with classes: {', '.join(CLASS_LISTS)}")
        if counts[table] not in drawn:
            allowed = " or ".join(str(n) for n in sorted(drawn))
            exactly = "exactly " if len(drawn) == 1 else ""
            return f"{table}.{CLASS_LISTS[table]}", f"drawn for {exactly}{allowed} classes, got {counts[table]}"
    return None


def require_class_counts(params: LectureParams, draws: Mapping[str, Sequence[int]], what: str) -> None:
    """The one check for a picture drawn for some class counts only (a triangle, a 3-class plane).

    Parameters
    ----------
    params : LectureParams
    draws : mapping of table to counts
        What the picture draws, as a scene's ``class_counts`` (:func:`class_count_mismatch`).
    what : str
        The picture, for the message (``"ProbabilitySimplex"``).

    Raises
    ------
    LectureParamsError
        Naming the class list it cannot draw.

    Examples
    --------
    >>> require_class_counts(load_params(), {"logits": (3,)}, "the simplex")  # 3 by default
    """
    mismatch = class_count_mismatch(draws, class_counts(params))
    if mismatch is not None:
        raise _fail(mismatch[0], f"{what} is {mismatch[1]}")


# --- Part G: softmax at work (the gradient step, calibration on digits, attention) ---

ATTENTION_COORD_LIMIT = 3.0
"""Largest absolute coordinate of an attention query, key or value (they are drawn on planes of this size)."""


@dataclass(frozen=True)
class GradientParams:
    """Part G: the true class (index into ``logits.names``) and the step size of one gradient step."""

    true_class: int
    learning_rate: float


@dataclass(frozen=True)
class CalibrationParams:
    """Part G: how the digit classifier is split, featurised and trained, and the diagram's bins."""

    seed: int
    train: int
    validation: int
    components: int
    steps: int
    learning_rate: float
    bins: int


@dataclass(frozen=True)
class AttentionParams:
    """Part G: one 2D query, ``n`` 2D keys with one 2D value each, and the divisor's sweep."""

    query: tuple[float, ...]
    keys: tuple[tuple[float, ...], ...]
    values: tuple[tuple[float, ...], ...]
    sweep: tuple[float, float]


def _positive_number(field: str, raw: Any, high: float) -> float:
    if not isinstance(raw, (int, float)) or isinstance(raw, bool) or not np.isfinite(raw) or not 0 < raw <= high:
        raise _fail(field, f"expected a number above 0 and at most {high:g}, got {raw!r}")
    return float(raw)


def _points(field: str, raw: Any, count: tuple[int, int] | int) -> tuple[tuple[float, ...], ...]:
    lo, hi = (count, count) if isinstance(count, int) else count
    if not isinstance(raw, list) or not lo <= len(raw) <= hi:
        want = f"{lo}" if lo == hi else f"{lo} to {hi}"
        raise _fail(field, f"expected a list of {want} points [x, y], got {raw!r}")
    points = tuple(_numbers(field, p, length=2) for p in raw)
    big = [c for p in points for c in p if abs(c) > ATTENTION_COORD_LIMIT]
    if big:
        raise _fail(field, f"coordinates must lie within +-{ATTENTION_COORD_LIMIT:g} to fit the plane, got {big[0]}")
    return points


def _gradient_params(raw: dict[str, Any], n_classes: int) -> GradientParams:
    return GradientParams(
        true_class=_integer("gradient.true_class", raw["true_class"], 0, n_classes - 1),
        learning_rate=_positive_number("gradient.learning_rate", raw["learning_rate"], 5.0),
    )


def _calibration_params(raw: dict[str, Any]) -> CalibrationParams:
    train = _integer("calibration.train", raw["train"], 100, 3000)
    validation = _integer("calibration.validation", raw["validation"], 100, 3000)
    if train + validation > 4000:
        raise _fail("calibration.validation", f"train + validation must leave at least 1000 of the 5000 digits "
                    f"for the test split, got {train} + {validation}")
    return CalibrationParams(
        seed=_integer("calibration.seed", raw["seed"], 0, 2**32 - 1),
        train=train,
        validation=validation,
        components=_integer("calibration.components", raw["components"], 3, 784),
        steps=_integer("calibration.steps", raw["steps"], 1, 5000),
        learning_rate=_positive_number("calibration.learning_rate", raw["learning_rate"], 10.0),
        bins=_integer("calibration.bins", raw["bins"], 2, 20),
    )


def _attention_params(raw: dict[str, Any]) -> AttentionParams:
    (query,) = _points("attention.query", [raw["query"]], 1)
    keys = _points("attention.keys", raw["keys"], (2, 5))
    values = _points("attention.values", raw["values"], len(keys))
    lo, hi = _range("attention.sweep", raw["sweep"], positive=True)
    if not lo < np.sqrt(len(query)) < hi:
        raise _fail("attention.sweep", f"the sweep must go below and above sqrt(d) = {np.sqrt(len(query)):.3f}, "
                    f"got {[lo, hi]}")
    return AttentionParams(query=query, keys=keys, values=values, sweep=(lo, hi))


def _four_class_params(raw: dict[str, Any]) -> FourClassParams:
    names = _names("four_classes.names", raw["names"], 4)
    return FourClassParams(
        names=names,
        colors=_colors("four_classes.colors", raw["colors"], 4),
        values=_bounded("four_classes.values", _numbers("four_classes.values", raw["values"], length=4), LOGIT_LIMIT),
    )
