"""A scene's beats: its sections (``next_section``), each with the lines spoken in it, as the slide deck shows them.

A render records each section's start (``NarratedScene.next_section``) beside
its spoken lines; the build turns them into beats when it installs the scene and
keeps them in the scene's record (``scenes/<Scene>.mp4.json``), where
:mod:`.slides` reads them. A beat runs from its section's start to the next
one's (the first from 0, the last to the video's end) and holds the lines that
start inside it. A section with no line (a silent transition) joins the beat
before it, or the one after when it comes first, so every slide has words; a
scene without sections (a plain ``Scene``) is one beat named after its title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lecture_voice.spoken import TimedSection

from .media import Cue

__all__ = ["Beat", "beats_from_record", "split_beats"]

_EPS = 1e-6  # a line starts in the section that starts at the same scene time


@dataclass(frozen=True)
class Beat:
    """One slide's worth of a scene: its title, its span in the scene's video (seconds), and its spoken lines."""

    title: str
    start: float
    end: float
    lines: tuple[Cue, ...]

    @property
    def notes(self) -> str:
        """The beat's narration, its lines joined as spoken: the slide's speaker notes."""
        return " ".join(line.text for line in self.lines)

    def as_json(self) -> dict[str, Any]:
        """The beat as the record keeps it."""
        return {"title": self.title, "start": round(self.start, 6), "end": round(self.end, 6),
                "lines": [{"text": c.text, "start": round(c.start, 6), "end": round(c.end, 6)} for c in self.lines]}


def split_beats(sections: Sequence[TimedSection], cues: Sequence[Cue], duration: float, title: str) -> list[Beat]:
    """The beats of a scene whose video lasts ``duration`` seconds.

    Examples
    --------
    >>> cues = [Cue(0.0, 2.0, "One."), Cue(2.3, 3.0, "Two."), Cue(5.0, 6.0, "Three.")]
    >>> sections = [TimedSection("A", 0.0), TimedSection("B", 4.0), TimedSection("quiet", 6.5)]
    >>> [(b.title, b.start, b.end, b.notes) for b in split_beats(sections, cues, 7.0, "Scene")]
    [('A', 0.0, 4.0, 'One. Two.'), ('B', 4.0, 7.0, 'Three.')]
    >>> [(b.title, b.end, b.notes) for b in split_beats([], cues, 7.0, "Scene")]
    [('Scene', 7.0, 'One. Two. Three.')]
    """
    starts = sorted({s.start for s in sections if 0 < s.start < duration})
    names = {s.start: s.name for s in sections}
    first = min(sections, key=lambda s: s.start).name if sections else title
    bounds = [0.0, *starts, duration]
    beats = []
    for k, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        last = k == len(bounds) - 2
        lines = tuple(c for c in cues if start - _EPS <= c.start and (c.start < end - _EPS or last))
        beats.append(Beat(names.get(start, first) if k else first, start, end, lines))
    merged: list[Beat] = []
    for beat in beats:
        if merged and (not beat.lines or not merged[-1].lines):
            previous = merged.pop()
            title = previous.title if previous.lines or not beat.lines else beat.title
            beat = Beat(title, previous.start, beat.end, previous.lines + beat.lines)
        merged.append(beat)
    return merged


def beats_from_record(record: dict[str, Any]) -> list[Beat]:
    """The beats a scene's record keeps (see :meth:`Beat.as_json`); none in a record written without them."""
    return [Beat(str(b["title"]), float(b["start"]), float(b["end"]),
                 tuple(Cue(float(c["start"]), float(c["end"]), str(c["text"])) for c in b["lines"]))
            for b in record.get("beats", [])]
