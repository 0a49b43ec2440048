"""The course page's "Try it" widgets: their parameters, from the lecture's own.

The page computes every number a learner sees in the browser (``numbers.js``,
the rule of :mod:`softmax_anim.formatting` ported exactly), from what this
module writes into the page as JSON: the lecture parameters in force (the
same ``lecture.toml`` and ``--params`` override as the videos), the
temperatures the sliders step through, and the geometry that depends on the
parameters only (the exact 1D region boundaries, the simplex's temperature
path), computed here by :mod:`softmax_anim`.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

from .fingerprint import effective_params

__all__ = ["WIDGET_SCENES", "temperature_steps", "try_it_data", "try_it_json", "try_it_key"]

WIDGET_SCENES = {
    "try-softmax": ("LogitsAreNotProbabilities", "ExponentiateThenNormalize", "Temperature", "LargeLogits"),
    "try-regions": ("ClassRegions1D", "LinesSoftmaxArgmax"),
    "try-simplex": ("ProbabilitySimplex",),
}
"""Which lecture scenes each widget goes with (its chapter links to it; it is marked while they play)."""

LOGIT_SLIDER = (-10.0, 10.0)  # the slider's range (the lecture's logits lie within [-8, 8])
LOGIT_FIELD = (-100.0, 100.0)  # the number field beside it takes large logits too (80: the stable softmax)


def temperature_steps(lo: float, hi: float) -> list[float]:
    """The temperatures a slider steps through: both ends and every two-digit value between, log-spaced.

    Two significant digits (0.10, 0.11, ..., 0.99, 1.0, 1.1, ...) keep the steps
    about 1 % apart; each is the float of its decimal, so the page computes with
    exactly the temperature it shows.

    Examples
    --------
    >>> steps = temperature_steps(0.1, 10.0)
    >>> len(steps), steps[:3], steps[89:92], steps[-1]
    (181, [0.1, 0.11, 0.12], [0.99, 1.0, 1.1], 10.0)
    """
    values = {float(lo), float(hi)}
    for power in range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1):
        for mantissa in range(10, 100):
            t = float(f"{mantissa}e{power - 1}")
            if lo < t < hi:
                values.add(t)
    return sorted(values)


def try_it_data(project: Path | None = None, params_file: Path | None = None) -> dict[str, Any]:
    """Everything the widgets need, as plain JSON values.

    Parameters
    ----------
    project : Path, optional
        The project whose own ``softmax_anim/lecture.toml`` applies (as in the build).
    params_file : Path, optional
        The override in force (``--params`` or ``$SOFTMAX_ANIM_PARAMS``).

    Raises
    ------
    lecture_tool.lecture.LectureError
        When the parameters are invalid (the message names the field).
    """
    from softmax_anim.formatting import display_decimals, format_number, tick_decimals  # numpy: only here
    from softmax_anim.lines1d import axis_range, crossings, value_range
    from softmax_anim.regions import class_intervals
    from softmax_anim.simplex import SIMPLEX_CORNERS, simplex_point, temperature_path

    def ticks(lo: float, hi: float, step: float) -> list[tuple[float, str]]:
        first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
        return [(k * step, format_number(k * step, tick_decimals(step))) for k in range(first, last + 1)]

    tables = effective_params(project or Path.cwd(), params_file)
    logits, lines = tables["logits"], tables["lines"]
    steps = temperature_steps(*logits["sweep"])
    w, b = lines["weights"], lines["biases"]
    lo, hi = (float(v) for v in lines["x_range"])
    x_range = (lo, hi)
    z_axis = axis_range(*value_range(w, b, x_range))
    data: dict[str, Any] = {
        "logits": {
            "names": logits["names"], "colors": logits["colors"], "values": logits["values"],
            "valueLabels": [format_number(v, display_decimals(logits["values"])) for v in logits["values"]],
            "slider": LOGIT_SLIDER, "field": LOGIT_FIELD,
            "temperatures": steps,
            "temperatureLabels": [format_number(t, display_decimals([t], 2, 3)) for t in steps],
        },
        "lines": {
            "names": lines["names"], "colors": lines["colors"], "weights": w, "biases": b,
            "xRange": x_range, "zRange": z_axis[:2], "start": lines["samples"][len(lines["samples"]) // 2],
            "xTicks": ticks(lo, hi, axis_range(lo, hi)[2]), "zTicks": ticks(*z_axis),
            "crossings": [c.x for c in crossings(w, b, x_range)],
            "intervals": [[i.start, i.end, i.winner] for i in class_intervals(w, b, x_range)],
            "step": 10.0 ** (math.floor(math.log10(hi - lo)) - 2),  # 100 to 1000 steps across
        },
        "simplex": None,
        "scenes": WIDGET_SCENES,
    }
    if len(logits["names"]) == 3:
        path = temperature_path(logits["values"], [0.0, *steps, math.inf])
        data["simplex"] = {"corners": SIMPLEX_CORNERS.tolist(), "path": simplex_point(path).tolist()}
    return data


def try_it_key(project: Path | None = None, params_file: Path | None = None) -> str | None:
    """A digest of everything :func:`try_it_data` reads: the parameter files and the code computing from them.

    A page whose widgets carry this key can keep their JSON (a build that renders nothing
    rewrites its page without loading the parameters again). None when a file cannot be read.
    """
    import softmax_anim

    package = Path(softmax_anim.__file__).parent
    own = (project or Path.cwd()) / "softmax_anim" / "lecture.toml"
    digest = hashlib.sha256()
    for path in [Path(__file__), package / "lecture.toml", *sorted(package.glob("*.py")), own,
                 *([params_file] if params_file is not None else [])]:
        try:
            digest.update(f"{path.resolve()}\0".encode() + (path.read_bytes() if path.exists() else b"-") + b"\0")
        except OSError:
            return None
    return digest.hexdigest()[:32]


def try_it_json(project: Path | None = None, params_file: Path | None = None) -> str:
    """:func:`try_it_data` as JSON safe inside a ``<script>`` element."""
    text = json.dumps(try_it_data(project, params_file), separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
