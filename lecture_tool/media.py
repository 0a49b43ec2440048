"""Course-ready media with ffmpeg: web MP4s, posters, subtitles, the chaptered lecture video.

Subtitles are manim's subcaption files (``.srt``, written next to each video
from ``self.play(..., subcaption=...)``); this module converts them to WebVTT
and joins them, shifted by each scene's start, for the whole lecture.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Chapter",
    "Cue",
    "MediaError",
    "chapters_json",
    "chapters_vtt",
    "concat_lecture",
    "ffmetadata",
    "format_srt",
    "format_vtt",
    "one_at_a_time",
    "parse_srt",
    "poster",
    "probe",
    "web_mp4",
]


class MediaError(RuntimeError):
    """An ffmpeg / ffprobe step failed; the message holds its last error line."""


@dataclass(frozen=True)
class Cue:
    """One subtitle: start and end in seconds, and its text."""

    start: float
    end: float
    text: str

    def shifted(self, offset: float) -> Cue:
        """The same cue ``offset`` seconds later."""
        return Cue(self.start + offset, self.end + offset, self.text)


@dataclass(frozen=True)
class Chapter:
    """One chapter of the lecture video: a scene's title and its time span in seconds."""

    title: str
    start: float
    end: float
    scene: str


_TIME = re.compile(r"(\d+):(\d{2}):(\d{2})[,.](\d{3})")


def _seconds(stamp: str) -> float:
    m = _TIME.fullmatch(stamp.strip())
    if m is None:
        raise ValueError(f"bad subtitle time {stamp!r}")
    h, mi, s, ms = (int(g) for g in m.groups())
    return h * 3600 + mi * 60 + s + ms / 1000


def _stamp(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def parse_srt(text: str) -> list[Cue]:
    r"""Read SubRip text into cues.

    Examples
    --------
    >>> parse_srt("1\n00:00:00,000 --> 00:00:01,500\nHello.\n")
    [Cue(start=0.0, end=1.5, text='Hello.')]
    """
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.strip().split("\n")
        arrow = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if arrow is None:
            continue
        start, end = lines[arrow].split("-->")
        cues.append(Cue(_seconds(start), _seconds(end.split()[0]), "\n".join(lines[arrow + 1 :]).strip()))
    return cues


def one_at_a_time(cues: Sequence[Cue]) -> list[Cue]:
    """Cues in time order, each ending by the time the next starts.

    Manim's subcaption times are rounded to frames, so a cue can outlast the
    next one's start by a few milliseconds; players would then stack two lines.

    Examples
    --------
    >>> one_at_a_time([Cue(2.0, 3.0, "b"), Cue(0.0, 2.05, "a")])
    [Cue(start=0.0, end=2.0, text='a'), Cue(start=2.0, end=3.0, text='b')]
    """
    ordered = sorted(cues, key=lambda c: c.start)
    out = []
    for cue, nxt in zip(ordered, ordered[1:] + [None]):
        if nxt is not None and cue.start < nxt.start < cue.end:
            cue = Cue(cue.start, nxt.start, cue.text)
        out.append(cue)
    return out


def format_srt(cues: Sequence[Cue]) -> str:
    """Cues as SubRip text (numbered from 1, ``HH:MM:SS,mmm``).

    Examples
    --------
    >>> print(format_srt([Cue(61.0, 62.25, "Hi.")]), end="")
    1
    00:01:01,000 --> 00:01:02,250
    Hi.
    """
    return "\n".join(
        f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n" for i, c in enumerate(cues, 1)
    )


def format_vtt(cues: Sequence[Cue]) -> str:
    """Cues as WebVTT text for HTML5 players (``HH:MM:SS.mmm``).

    Examples
    --------
    >>> print(format_vtt([Cue(0.5, 1.0, "Hi.")]), end="")
    WEBVTT
    <BLANKLINE>
    1
    00:00:00.500 --> 00:00:01.000
    Hi.
    """
    body = "\n".join(
        f"{i}\n{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n" for i, c in enumerate(cues, 1)
    )
    return "WEBVTT\n\n" + body


def chapters_vtt(chapters: Sequence[Chapter]) -> str:
    """A WebVTT chapters track (``<track kind="chapters">``): one cue per scene."""
    return format_vtt([Cue(c.start, c.end, c.title) for c in chapters])


def chapters_json(chapters: Sequence[Chapter]) -> str:
    """The chapters as JSON: a list of ``{scene, title, start, end}`` (seconds)."""
    items = [{"scene": c.scene, "title": c.title, "start": round(c.start, 3), "end": round(c.end, 3)} for c in chapters]
    return json.dumps(items, indent=2) + "\n"


def _escape_meta(text: str) -> str:
    return re.sub(r"([=;#\\\n])", r"\\\1", text)


def ffmetadata(chapters: Sequence[Chapter], title: str) -> str:
    """An ffmpeg metadata file giving the lecture video one chapter per scene (millisecond timebase).

    Examples
    --------
    >>> print(ffmetadata([Chapter("Intro", 0.0, 2.5, "A")], "Softmax"), end="")
    ;FFMETADATA1
    title=Softmax
    <BLANKLINE>
    [CHAPTER]
    TIMEBASE=1/1000
    START=0
    END=2500
    title=Intro
    """
    out = [";FFMETADATA1", f"title={_escape_meta(title)}", ""]
    for c in chapters:
        out += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(c.start * 1000)}", f"END={round(c.end * 1000)}"]
        out += [f"title={_escape_meta(c.title)}"]
    return "\n".join(out) + "\n"


def _run(cmd: list[str], what: str) -> str:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise MediaError(f"{what} failed: {lines[-1] if lines else f'exit code {result.returncode}'}")
    return result.stdout


def probe(path: Path) -> dict[str, object]:
    """Codec, pixel format and duration (seconds) of a video file's first video stream."""
    out = _run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name,pix_fmt:format=duration", "-of", "json", str(path)],
        f"ffprobe {path.name}",
    )
    data = json.loads(out)
    stream = (data.get("streams") or [{}])[0]
    return {
        "codec": stream.get("codec_name"),
        "pix_fmt": stream.get("pix_fmt"),
        "duration": float(data.get("format", {}).get("duration", 0.0)),
    }


def web_mp4(src: Path, dst: Path, title: str) -> None:
    """Write ``src`` as a web MP4: H.264 in yuv420p with the index at the front (``+faststart``).

    Manim's MP4 is usually H.264/yuv420p already and is then only remuxed (no
    quality loss); anything else is re-encoded.
    """
    info = probe(src)
    if info["codec"] == "h264" and info["pix_fmt"] == "yuv420p":
        codec = ["-c", "copy"]
    else:
        codec = ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18", "-preset", "medium"]
    _run(
        ["ffmpeg", "-y", "-v", "error", "-i", str(src), "-map", "0", *codec, "-map_metadata", "-1",
         "-metadata", f"title={title}", "-movflags", "+faststart", "-f", "mp4", str(dst)],
        f"ffmpeg web MP4 {src.name}",
    )


def poster(src: Path, dst: Path) -> None:
    """Write the video's last frame (the scene's complete picture) as a PNG poster."""
    _run(
        ["ffmpeg", "-y", "-v", "error", "-sseof", "-0.5", "-i", str(src), "-update", "1",
         "-frames:v", "1000", "-f", "image2", "-c:v", "png", str(dst)],
        f"ffmpeg poster {src.name}",
    )
    if not dst.is_file():
        raise MediaError(f"ffmpeg poster {src.name} failed: no frame written")


def concat_lecture(videos: Sequence[Path], metadata: Path, dst: Path) -> None:
    """Join scene MP4s (same codec and size) into one web MP4 carrying the chapters in ``metadata``."""
    listing = dst.with_name(dst.name + ".concat.txt")
    listing.write_text("".join(f"file '{v.resolve().as_posix()}'\n" for v in videos), encoding="utf-8")
    try:
        _run(
            ["ffmpeg", "-y", "-v", "error", "-f", "concat", "-safe", "0", "-i", str(listing),
             "-i", str(metadata), "-map", "0", "-map_metadata", "1", "-map_chapters", "1",
             "-c", "copy", "-movflags", "+faststart", "-f", "mp4", str(dst)],
            "ffmpeg lecture concat",
        )
    finally:
        listing.unlink(missing_ok=True)
