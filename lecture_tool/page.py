"""The course page: a static ``index.html`` that plays the built lecture, beside its outputs.

``write_page(OUT)`` reads what the build left in ``OUT`` (``media/lecture/<quality>``)::

    chapters.json                 the chapters in lecture order: scene, title, start, end
    lecture.vtt                   the narration, shown as the transcript
    scenes/<Scene>.mp4.json       each scene's duration
    scenes/<Scene>.png|.vtt       its poster and captions

and writes ``OUT/index.html`` with its stylesheet and script (``page.css``,
``page.js``, ``numbers.js``, ``try_it.js``, copied from ``page_assets/``). The page
plays ``lecture.mp4`` with its captions (on by default) and chapters tracks, lists
the chapters and the transcript (a click seeks there, the current ones are
highlighted), offers "Try it" widgets computed with the lecture's own numbers
(:mod:`lecture_tool.try_it`), and shows every scene as a clip with its poster,
title, duration and embed code.

Every link is relative and nothing is loaded from elsewhere (no CDN, no web
font, an empty inline favicon), so the folder works from any static host, or
offline. Browsers load ``<track>`` files only from the page's own origin:
keep the page, the videos and the captions in this one folder tree.
"""

from __future__ import annotations

import argparse
import html
import math
import os
import struct
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from . import media
from .layout import PARAMS_ENV, QUALITIES, SceneFiles, default_out_root, read_json, write_atomic
from .lecture import LectureError
from .try_it import WIDGET_SCENES, try_it_json, try_it_key

__all__ = [
    "PAGE_FILES",
    "Clip",
    "PageError",
    "PageParamsError",
    "add_page_command",
    "clock",
    "embed_snippet",
    "page_after_build",
    "page_command",
    "read_clips",
    "render_page",
    "write_page",
]

PAGE_FILES = ("index.html", "page.css", "page.js", "numbers.js", "try_it.js")
TITLE = "The softmax function: a lecture"


class PageError(ValueError):
    """The outputs the page needs are missing or unreadable; the message names the file."""


class PageParamsError(PageError):
    """The lecture parameters for the Try it widgets are invalid; the message names the field."""


@dataclass(frozen=True)
class Clip:
    """One scene of the lecture: where it starts in the lecture video, its files (relative paths)."""

    index: int
    scene: str
    title: str
    start: float
    duration: float
    width: int | None  # from the poster; None when there is no poster
    height: int | None

    @property
    def files(self) -> SceneFiles:
        """Its files, relative to the page."""
        return SceneFiles(Path(), self.scene, "mp4")

    @property
    def video(self) -> str:
        """The clip's MP4, relative to the page."""
        return self.files.video.as_posix()

    @property
    def poster(self) -> str:
        """Its poster (the last frame), relative to the page."""
        return self.files.poster.as_posix()

    @property
    def captions(self) -> str:
        """Its captions (WebVTT), relative to the page."""
        return self.files.vtt.as_posix()


def clock(seconds: float) -> str:
    """A time as a player shows it: ``m:ss``, or ``h:mm:ss`` from one hour.

    Examples
    --------
    >>> clock(0.4), clock(65.0), clock(3725.2)
    ('0:00', '1:05', '1:02:05')
    """
    whole = int(math.floor(seconds + 1e-6))
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _png_size(path: Path) -> tuple[int, int] | None:
    """A PNG's width and height from its header, or None when it is not a readable PNG."""
    try:
        with path.open("rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _read_json(path: Path) -> Any:
    try:
        return read_json(path)
    except ValueError as e:
        raise PageError(str(e)) from None


def read_clips(out_dir: Path) -> list[Clip]:
    """The lecture's scenes in order, from ``chapters.json`` and each scene's ``.mp4.json``.

    Raises
    ------
    PageError
        When ``chapters.json`` is missing or malformed, naming the file and the entry.
    """
    path = out_dir / "chapters.json"
    if not path.is_file():
        raise PageError(f"no built lecture in {out_dir} (chapters.json missing)")
    chapters = _read_json(path)
    if not isinstance(chapters, list) or not chapters:
        raise PageError(f"{path}: expected a non-empty list of chapters")
    clips = []
    for i, entry in enumerate(chapters, start=1):
        try:
            scene, title = str(entry["scene"]), str(entry["title"])
            start, end = float(entry["start"]), float(entry["end"])
        except (KeyError, TypeError, ValueError):
            raise PageError(f"{path}: chapter {i} needs scene, title, start and end") from None
        if "/" in scene or "\\" in scene or scene.startswith("."):
            raise PageError(f"{path}: chapter {i} has a bad scene name {scene!r}")
        files = SceneFiles(out_dir, scene, "mp4")
        info = _read_json(files.record) if files.record.is_file() else {}
        duration = float(info.get("duration") or end - start) if isinstance(info, dict) else end - start
        size = _png_size(files.poster)
        clips.append(Clip(i, scene, title, start, duration, *(size or (None, None))))
    return clips


def _read_cues(path: Path) -> list[media.Cue]:
    if not path.is_file():
        raise PageError(f"no built lecture in {path.parent} ({path.name} missing)")
    try:
        return media.parse_srt(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise PageError(f"{path}: {e}") from None


def embed_snippet(clip: Clip) -> str:
    """The HTML a course author pastes to show one clip: ``<video>`` with its poster and captions.

    Examples
    --------
    >>> print(embed_snippet(Clip(1, "Temperature", "Temperature", 0.0, 12.0, 854, 480)))
    <video controls preload="metadata" width="854" height="480" style="max-width: 100%; height: auto"
           poster="scenes/Temperature.png">
      <source src="scenes/Temperature.mp4" type="video/mp4">
      <track kind="captions" src="scenes/Temperature.vtt" srclang="en" label="English" default>
      <a href="scenes/Temperature.mp4">Temperature (video, 0:12)</a>
    </video>
    """
    q = html.escape
    size = f' width="{clip.width}" height="{clip.height}"' if clip.width and clip.height else ""
    return (
        f'<video controls preload="metadata"{size} style="max-width: 100%; height: auto"\n'
        f'       poster="{q(clip.poster)}">\n'
        f'  <source src="{q(clip.video)}" type="video/mp4">\n'
        f'  <track kind="captions" src="{q(clip.captions)}" srclang="en" label="English" default>\n'
        f'  <a href="{q(clip.video)}">{q(clip.title)} (video, {clock(round(clip.duration))})</a>\n'
        f"</video>"
    )


def _template(name: str) -> str:
    return (resources.files("lecture_tool") / "page_assets" / name).read_text(encoding="utf-8")


def _chapter_items(clips: list[Clip]) -> str:
    q = html.escape
    widgets = {scene: widget for widget, scenes in WIDGET_SCENES.items() for scene in scenes}
    rows = []
    for c in clips:
        widget = widgets.get(c.scene)
        link = (f'<a class="try-link" href="#{widget}"><span class="visually-hidden">{q(c.title)}: </span>'
                f'Try it</a>' if widget else "")
        # The link comes first (shown after the chapter): Tab from the last chapter reaches the transcript.
        rows.append(
            f'<li>{link}<button type="button" class="seek" data-start="{c.start:.3f}"'
            f' data-end="{c.start + c.duration:.3f}" data-scene="{q(c.scene)}">'
            f'<span class="time">{clock(c.start)}</span> <span class="label">'
            f'<span class="visually-hidden">Play chapter {c.index}: </span>{q(c.title)}</span></button></li>'
        )
    return "\n".join(rows)


def _transcript_items(cues: list[media.Cue]) -> str:
    q = html.escape
    rows = []
    for cue in cues:
        text = " ".join(cue.text.split())
        rows.append(
            f'<li><button type="button" class="seek" data-start="{cue.start:.3f}" data-end="{cue.end:.3f}">'
            f'<span class="time">{clock(cue.start)}</span> <span class="label">{q(text)}</span></button></li>'
        )
    return "\n".join(rows)


def _clip_items(clips: list[Clip], out_dir: Path) -> str:
    q = html.escape
    rows = []
    for c in clips:
        built = (out_dir / c.video).is_file()
        size = f' width="{c.width}" height="{c.height}"' if c.width and c.height else ""
        poster = f' poster="{q(c.poster)}"' if c.width else ""
        if built:
            player = (
                f'<video controls preload="none" playsinline{size}{poster}'
                f' aria-label="Scene {c.index}: {q(c.title)}">\n'
                f'  <source src="{q(c.video)}" type="video/mp4">\n'
                f'  <track kind="captions" src="{q(c.captions)}" srclang="en" label="English">\n'
                f'  <a href="{q(c.video)}">Download the video</a>\n'
                f"</video>"
            )
            links = (f'<a href="{q(c.video)}" download>MP4</a> · <a href="{q(c.captions)}">captions</a>'
                     f' · <a href="{q(c.poster)}">poster</a>')
        else:
            player = '<p class="missing">This scene\'s video is not built yet.</p>'
            links = ""
        ident = f"clip-{q(c.scene)}"
        rows.append(
            f'<li class="clip" id="{ident}">\n'
            f'<article aria-labelledby="{ident}-title">\n'
            f"{player}\n"
            f'<h3 id="{ident}-title"><span class="number">{c.index}.</span> {q(c.title)}</h3>\n'
            f'<p class="facts"><span class="duration" data-seconds="{c.duration:.3f}">{clock(round(c.duration))}</span>'
            f' · <code>{q(c.scene)}</code>{" · " + links if links else ""}</p>\n'
            f'<div class="embed">\n'
            f'<button type="button" class="copy" data-copy="{ident}-code">Copy embed code</button>'
            f' <span class="copied" role="status"></span>\n'
            f"<details><summary>Embed code</summary>\n"
            f'<pre id="{ident}-code" class="snippet" tabindex="0" aria-label="Embed code for {q(c.title)}">'
            f"<code>{q(embed_snippet(c))}</code></pre>\n"
            f"</details>\n"
            f"</div>\n"
            f"</article>\n"
            f"</li>"
        )
    return "\n".join(rows)


def _kept_widgets(page: Path, key: str) -> str | None:
    """The widgets' JSON of an earlier page built from the same parameters and code (its key), else None."""
    try:
        text = page.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None
    start = text.find(f'<script type="application/json" id="try-data" data-key="{key}">')
    if start < 0:
        return None
    start = text.index(">", start) + 1
    end = text.find("</script>", start)
    return text[start:end] if end >= 0 else None


def render_page(out_dir: Path, title: str = TITLE, project: Path | None = None,
                params_file: Path | None = None) -> str:
    """The page's HTML for the outputs in ``out_dir`` (nothing is written).

    The "Try it" widgets get the lecture parameters the videos were built with:
    ``project``'s own ``lecture.toml`` (default: the current folder's) and the
    override ``params_file``.

    Raises
    ------
    PageError
        When the lecture's outputs are missing or unreadable, or the parameters invalid.
    """
    out_dir = Path(out_dir)
    if not (out_dir / "lecture.mp4").is_file():
        raise PageError(f"no built lecture in {out_dir} (lecture.mp4 missing)")
    clips = read_clips(out_dir)
    cues = _read_cues(out_dir / "lecture.srt")  # the same cues as lecture.vtt, unescaped: escaped here as HTML
    for track in ("lecture.vtt", "chapters.vtt"):
        if not (out_dir / track).is_file():
            raise PageError(f"no built lecture in {out_dir} ({track} missing)")
    key = try_it_key(project, params_file)
    widgets = _kept_widgets(out_dir / "index.html", key) if key else None
    if widgets is None:
        try:
            widgets = try_it_json(project, params_file)
        except LectureError as e:
            raise PageParamsError(str(e)) from None
    total = clips[-1].start + clips[-1].duration
    first = clips[0]
    q = html.escape
    values = {
        "title": q(title),
        "summary": q(f"{len(clips)} chapters · {clock(total)} · {out_dir.name}"),
        "poster": f' poster="{q(first.poster)}"' if first.width else "",
        "chapter_count": str(len(clips)),
        "chapters": _chapter_items(clips),
        "transcript": _transcript_items(cues),
        "clips": _clip_items(clips, out_dir),
        "try_it": widgets,
        "try_key": key or "",
        "srt_link": ' · <a href="lecture.srt">lecture.srt</a>' if (out_dir / "lecture.srt").is_file() else "",
    }
    return Template(_template("index.html")).substitute(values)


def write_page(out_dir: Path, title: str = TITLE, project: Path | None = None,
               params_file: Path | None = None) -> Path:
    """Write ``index.html`` and its assets (:data:`PAGE_FILES`) into ``out_dir``; return the page's path.

    ``project`` and ``params_file`` as in :func:`render_page`.

    Raises
    ------
    PageError
        When the lecture's outputs are missing or unreadable (nothing is written then).
    """
    out_dir = Path(out_dir)
    page = render_page(out_dir, title, project, params_file)
    for name in PAGE_FILES[1:]:
        write_atomic(out_dir / name, _template(name))
    write_atomic(out_dir / "index.html", page)
    return out_dir / "index.html"


def page_after_build(out_dir: Path, project: Path | None = None, params_file: Path | None = None) -> str:
    """Write the page after the build assembled the lecture; return the line to show (never raises)."""
    try:
        return f"course page: {write_page(out_dir, TITLE, project, params_file)}"
    except (PageError, OSError) as e:
        return f"course page not written: {e}"


# --- the ``softmax-anim page`` command ------------------------------------------------


def add_page_command(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``page [-q QUALITY] [--out DIR] [--title TEXT] [--params FILE]`` to the ``softmax-anim`` subcommands."""
    p = sub.add_parser("page", parents=[common], help="write the course page (index.html) beside a built lecture")
    p.add_argument("-q", "--quality", choices=sorted(QUALITIES), default="h",
                   help="which build: l=480p15 m=720p30 h=1080p60 (default) p=1440p60 k=2160p60")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/media/lecture)")
    p.add_argument("--title", default=TITLE, help=f"the page's title (default: {TITLE!r})")
    p.add_argument("--params", type=Path, default=None,
                   help="lecture parameter overrides (TOML) for the Try it widgets; default: $SOFTMAX_ANIM_PARAMS")


def page_command(args: argparse.Namespace) -> int:
    """Run ``softmax-anim page``: exit 0 with the page's path, or 2 with one error line."""
    out = (args.out or default_out_root(args.project)).resolve() / QUALITIES[args.quality]
    try:
        params = args.params or (Path(os.environ[PARAMS_ENV]) if os.environ.get(PARAMS_ENV) else None)
        path = write_page(out, args.title, args.project.resolve(), params)
    except PageParamsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except PageError as e:
        print(f"error: {e}; build it with 'softmax-anim render -q {args.quality}'", file=sys.stderr)
        return 2
    print(f"course page: {path}", file=sys.stderr)
    return 0
