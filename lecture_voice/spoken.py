"""The lines a scene spoke, at the exact times it spoke them: written by the scene, read by the build.

A render started by the build names a file in ``SOFTMAX_ANIM_SPOKEN``; the
scene (``NarratedScene``) writes its spoken lines there when it ends, and the
build writes the scene's subtitles from them. Manim's own subcaption file
holds the same lines with times rounded to milliseconds on its way through
``srt``; this one keeps every start and duration as the voice gave it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import NarrationError

__all__ = ["SPOKEN_ENV", "TimedLine", "TimedSection", "read_timed_lines", "read_timed_sections", "write_timed_lines"]

SPOKEN_ENV = "SOFTMAX_ANIM_SPOKEN"


@dataclass(frozen=True)
class TimedLine:
    """One spoken line: its words, when it starts (seconds of scene time) and how long it sounds."""

    text: str
    start: float
    duration: float

    @property
    def end(self) -> float:
        """When the line stops sounding."""
        return self.start + self.duration


@dataclass(frozen=True)
class TimedSection:
    """One section of a scene (``next_section``, a beat of the lecture): its name and when it starts."""

    name: str
    start: float


def write_timed_lines(path: Path, lines: Iterable[TimedLine], sections: Iterable[TimedSection] = ()) -> None:
    """Write the lines and sections as JSON, replacing ``path`` whole.

    The file holds ``{"lines": [{text, start, duration}, ...], "sections": [{name, start}, ...]}``.
    """
    data = {"lines": [asdict(line) for line in lines], "sections": [asdict(section) for section in sections]}
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def read_timed_lines(path: Path) -> list[TimedLine]:
    """The lines :func:`write_timed_lines` wrote.

    Raises
    ------
    NarrationError
        Naming the file when it cannot be read or is not such a list.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "spoken.json"
    >>> write_timed_lines(path, [TimedLine("Hello.", 0.0, 1.2345)])
    >>> read_timed_lines(path)
    [TimedLine(text='Hello.', start=0.0, duration=1.2345)]
    """
    try:
        items = json.loads(path.read_text(encoding="utf-8"))["lines"]
        lines = [TimedLine(str(item["text"]), float(item["start"]), float(item["duration"])) for item in items]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise NarrationError(f"{path}: not a list of spoken lines ({type(e).__name__}: {e})") from None
    if not all(math.isfinite(line.start) and math.isfinite(line.duration) for line in lines):
        raise NarrationError(f"{path}: a spoken line's time is not a number")
    return lines


def read_timed_sections(path: Path) -> list[TimedSection]:
    """The sections :func:`write_timed_lines` wrote, in order (none in a file written without them).

    Raises
    ------
    NarrationError
        Naming the file when it cannot be read or its sections are not such a list.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "spoken.json"
    >>> write_timed_lines(path, [], [TimedSection("Raw scores", 0.0), TimedSection("Divide", 4.5)])
    >>> read_timed_sections(path)
    [TimedSection(name='Raw scores', start=0.0), TimedSection(name='Divide', start=4.5)]
    """
    try:
        items = json.loads(path.read_text(encoding="utf-8")).get("sections", [])
        sections = [TimedSection(str(item["name"]), float(item["start"])) for item in items]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise NarrationError(f"{path}: not a list of sections ({type(e).__name__}: {e})") from None
    if not all(math.isfinite(section.start) for section in sections):
        raise NarrationError(f"{path}: a section's time is not a number")
    return sections
