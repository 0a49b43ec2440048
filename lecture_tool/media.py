"""Course-ready media with ffmpeg: web MP4s, posters, subtitles, the chaptered lecture video.

Subtitles are cues: a scene's spoken lines at their exact times (or manim's
subcaption ``.srt`` of a plain Scene), written as SubRip and WebVTT, and
joined, shifted by each scene's start, for the whole lecture.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import srt

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
    "parse_srt",
    "poster",
    "probe",
    "run_ffmpeg",
    "retitle",
    "vtt_escape",
    "web_mp4",
    "web_webm",
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


def _td(seconds: float) -> timedelta:
    return timedelta(milliseconds=max(0, round(seconds * 1000)))


def parse_srt(text: str) -> list[Cue]:
    r"""Read SubRip text (a scene's ``.srt``, manim's subcaption files) into cues, with the ``srt`` library.

    Raises
    ------
    MediaError
        If the text is not SubRip.

    Examples
    --------
    >>> parse_srt("1\n00:00:00,000 --> 00:00:01,500\nHello <b> & -->\n")
    [Cue(start=0.0, end=1.5, text='Hello <b> & -->')]
    """
    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as e:
        raise MediaError(f"subtitles are not SubRip: {e}") from None
    return [Cue(s.start.total_seconds(), s.end.total_seconds(), s.content.strip()) for s in subs]


def format_srt(cues: Sequence[Cue]) -> str:
    """Cues as SubRip text (numbered from 1, ``HH:MM:SS,mmm``), written by the ``srt`` library.

    SubRip has no escaping: the text is kept as it is (a blank line inside a
    cue, which would end it, is dropped).

    Examples
    --------
    >>> print(format_srt([Cue(61.0, 62.25, "a < b & c --> d")]), end="")
    1
    00:01:01,000 --> 00:01:02,250
    a < b & c --> d
    """
    subs = [srt.Subtitle(i, _td(c.start), _td(c.end), c.text) for i, c in enumerate(cues, 1)]
    return srt.compose(subs, reindex=True, start_index=1, strict=True).rstrip("\n") + "\n" if subs else ""


def _vtt_time(seconds: float) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def vtt_escape(text: str) -> str:
    """Cue text as WebVTT cue payload: ``&``, ``<``, ``>`` as character references, no blank lines.

    ``<`` would open a tag (players drop the rest of the line) and a ``-->`` in
    a payload ends the cue; escaped, both show as typed.

    Examples
    --------
    >>> vtt_escape("a < b && c --> d")
    'a &lt; b &amp;&amp; c --&gt; d'
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(line for line in escaped.splitlines() if line.strip())


def format_vtt(cues: Sequence[Cue]) -> str:
    """Cues as WebVTT text for HTML5 players (``HH:MM:SS.mmm``, text escaped per the spec).

    Examples
    --------
    >>> print(format_vtt([Cue(0.5, 1.0, "x < y")]), end="")
    WEBVTT
    <BLANKLINE>
    1
    00:00:00.500 --> 00:00:01.000
    x &lt; y
    """
    body = "\n".join(
        f"{i}\n{_vtt_time(c.start)} --> {_vtt_time(c.end)}\n{vtt_escape(c.text)}\n" for i, c in enumerate(cues, 1)
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


def run_ffmpeg(cmd: list[str], what: str) -> str:
    """Run an ffmpeg or ffprobe command; its output, or one :class:`MediaError` line naming ``what`` and why."""
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise MediaError(f"{what} failed: {lines[-1] if lines else f'exit code {result.returncode}'}")
    return result.stdout


def probe(path: Path) -> dict[str, object]:
    """What a video file holds: its picture's ``codec``, ``pix_fmt`` and ``duration``, its sound's codec.

    ``duration`` is the first video stream's (seconds), else the file's;
    ``audio`` is the first audio stream's codec name, or None. Read in-process
    with PyAV (manim's own encoder, the same libavformat as ffprobe): an
    ffprobe run cost 80 ms of start-up for a few header fields.
    """
    import av

    try:
        with av.open(str(path)) as container:
            video = container.streams.video[0] if container.streams.video else None
            audio = container.streams.audio[0] if container.streams.audio else None
            duration = None
            if video is not None and video.duration is not None and video.time_base is not None:
                duration = float(video.duration * video.time_base)
            if not duration and container.duration is not None:
                duration = container.duration / av.time_base
            return {
                "codec": video.codec_context.name if video is not None else None,
                "pix_fmt": video.codec_context.pix_fmt if video is not None else None,
                "duration": round(duration, 6) if duration and math.isfinite(duration) else 0.0,  # as ffprobe prints
                "audio": audio.codec_context.name if audio is not None else None,
            }
    except (av.FFmpegError, OSError) as e:
        raise MediaError(f"reading video {path.name} failed: {e.strerror or e}") from None


def _audio_fit(duration: float) -> list[str]:
    """Audio filter: pad with silence or cut so the track lasts exactly ``duration`` seconds."""
    return ["-af", f"apad=whole_dur={duration:.6f},atrim=end={duration:.6f}"]


def web_mp4(src: Path, dst: Path, title: str, poster_png: Path | None = None) -> dict[str, object]:
    """Write ``src`` as a web MP4: H.264 in yuv420p with the index at the front (``+faststart``).

    Manim's MP4 is usually H.264/yuv420p already and is then only remuxed (no
    quality loss); anything else is re-encoded. Sound, if any, becomes AAC
    lasting exactly as long as the picture. ``poster_png``, if given, gets the
    :func:`poster` of ``dst`` (from the same ffmpeg run when the picture is only
    remuxed: its frames are the source's). Returns :func:`probe`'s figures of
    ``dst`` (a remuxed picture keeps the source's, so only a re-encoded file is probed).
    """
    info = probe(src)
    remux = info["codec"] == "h264" and info["pix_fmt"] == "yuv420p"
    if remux:
        codec = ["-c:v", "copy"]
    else:
        codec = ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18", "-preset", "medium"]
    audio: list[str] = []
    if info["audio"]:
        audio = ["-map", "0:a:0", "-c:a", "aac", "-b:a", "128k", *_audio_fit(float(info["duration"]))]  # type: ignore[arg-type]
    last = ["-sseof", "-0.5", "-i", str(src)] if remux and poster_png else []
    run_ffmpeg(
        ["ffmpeg", "-y", "-v", "error", "-i", str(src), *last, "-map", "0:v:0", *codec, *audio, "-map_metadata", "-1",
         "-metadata", f"title={title}", "-movflags", "+faststart", "-f", "mp4", str(dst),
         *(["-map", "1:v:0", *_POSTER, str(poster_png)] if last else [])],
        f"ffmpeg web MP4 {src.name}",
    )
    if poster_png is not None:
        if last:
            _check_poster(poster_png, src)
        else:
            poster(dst, poster_png)
    return {**info, "audio": "aac" if info["audio"] else None} if remux else probe(dst)


def web_webm(src: Path, dst: Path, title: str) -> None:
    """Write ``src`` (manim's WebM) with its title; sound, if any, becomes Opus lasting as long as the picture."""
    info = probe(src)
    audio: list[str] = []
    if info["audio"]:
        audio = ["-map", "0:a:0", "-c:a", "libopus", "-b:a", "96k", *_audio_fit(float(info["duration"]))]  # type: ignore[arg-type]
    run_ffmpeg(
        ["ffmpeg", "-y", "-v", "error", "-i", str(src), "-map", "0:v:0", "-c:v", "copy", *audio,
         "-map_metadata", "-1", "-metadata", f"title={title}", "-f", "webm", str(dst)],
        f"ffmpeg WebM {src.name}",
    )


def retitle(path: Path, title: str) -> None:
    """Set the title tag of an MP4 or WebM in place: a remux (``-c copy``), no re-encoding."""
    tmp = path.with_name(f".{path.stem}.retitle{path.suffix}")
    fmt = {".mp4": ["-movflags", "+faststart", "-f", "mp4"], ".webm": ["-f", "webm"]}[path.suffix]
    try:
        run_ffmpeg(["ffmpeg", "-y", "-v", "error", "-i", str(path), "-map", "0", "-c", "copy", "-map_metadata", "0",
              "-metadata", f"title={title}", *fmt, str(tmp)], f"ffmpeg retitle {path.name}")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


# The last half second (an input's -sseof), reversed: only its last frame is encoded (a PNG per frame cost
# 2.2 s a 1080p60 scene).
_POSTER = ["-vf", "reverse", "-frames:v", "1", "-f", "image2", "-c:v", "png"]


def poster(src: Path, dst: Path) -> None:
    """Write the video's last frame (the scene's complete picture) as a PNG poster."""
    run_ffmpeg(["ffmpeg", "-y", "-v", "error", "-sseof", "-0.5", "-i", str(src), *_POSTER, str(dst)],
               f"ffmpeg poster {src.name}")
    _check_poster(dst, src)


def _check_poster(png: Path, src: Path) -> None:
    if not png.is_file():
        raise MediaError(f"ffmpeg poster {src.name} failed: no frame written")


def concat_lecture(videos: Sequence[Path], durations: Sequence[float], audio: Path, metadata: Path,
                   dst: Path, priming: float = 0.0) -> None:
    """Join scene MP4s' pictures (same codec and size, no re-encoding) with the lecture's sound track.

    ``durations`` fix where each scene starts; ``metadata`` carries the chapters;
    ``priming`` is the seconds at the head of ``audio`` that players skip (an edit list).
    """
    listing = dst.with_name(dst.name + ".concat.txt")
    listing.write_text("".join(f"file '{v.resolve().as_posix()}'\nduration {d:.6f}\n"
                               for v, d in zip(videos, durations, strict=True)), encoding="utf-8")
    try:
        run_ffmpeg(
            ["ffmpeg", "-y", "-v", "error", "-f", "concat", "-safe", "0", "-i", str(listing),
             "-i", str(metadata), "-itsoffset", f"{-priming:.6f}", "-i", str(audio),
             "-map", "0:v:0", "-map", "2:a:0", "-map_metadata", "1",
             "-map_chapters", "1", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", str(dst)],
            "ffmpeg lecture concat",
        )
    finally:
        listing.unlink(missing_ok=True)
