"""``softmax-anim``: list, check and build the lecture's scenes on top of the manim CLI.

Examples (from the repository root)::

    softmax-anim list                      # the scenes in lecture order
    softmax-anim render                    # build everything that is stale, 1080p60
    softmax-anim render -q l -j 2 Temperature ClassRegions1D
    softmax-anim render --voice none       # silent (subtitles only); piper | recorded
    softmax-anim status                    # what a render would redo, and why
    softmax-anim stress -q l --rounds 3    # cold parallel renders, repeatedly
    softmax-anim page -q l                 # only the course page, media/lecture/480p15/index.html
    softmax-anim slides -q l --mode voice  # the slide deck, media/lecture/480p15/slides/index.html

Exit codes: 0 success, 1 a scene failed, 2 bad input (nothing rendered), 130 interrupted (Ctrl-C),
143 terminated (SIGTERM); staging folders are deleted either way.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from lecture_voice import VOICES

from .builder import build
from .fingerprint import scene_states
from .layout import FORMATS, PARAMS_ENV, QUALITIES, BuildOptions, default_out_root
from .lecture import LectureError, LectureScene, load_lecture
from .manim_run import Slots
from .media import MediaError
from .page import add_page_command, page_command
from .slides import DEFAULT_MODE, MODES, build_deck
from .voice import choose_build_voice

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (``error: ...``) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message}\n")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs expects a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"--jobs must be at least 1, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="softmax-anim", description="Build the softmax lecture's videos with manim.")
    common = _Parser(add_help=False)
    common.add_argument("--project", type=Path, default=Path("."),
                        help="project root holding scenes/, softmax_anim/ and manim.cfg (default: the current folder)")
    common.add_argument("--scenes-dir", type=Path, default=None,
                        help="folder whose __init__.py lists the LECTURE (default: PROJECT/scenes)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p_list = sub.add_parser("list", parents=[common], help="the scenes in lecture order")
    p_list.add_argument("--json", action="store_true", help="print JSON instead of a table")

    build_opts = _Parser(add_help=False, parents=[common])
    build_opts.add_argument("scenes", nargs="*", metavar="SCENE", help="scene class names (default: all)")
    build_opts.add_argument("-q", "--quality", choices=sorted(QUALITIES), default="h",
                            help="l=480p15 m=720p30 h=1080p60 (default) p=1440p60 k=2160p60")
    build_opts.add_argument("-j", "--jobs", type=_jobs, default=os.cpu_count() or 1,
                            help="parallel renders (default: the number of cores)")
    build_opts.add_argument("--format", dest="fmt", choices=FORMATS, default="mp4", help="per-scene video format")
    build_opts.add_argument("--params", type=Path, default=None,
                            help="lecture parameter overrides (TOML); default: $SOFTMAX_ANIM_PARAMS")
    build_opts.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/media/lecture)")
    build_opts.add_argument("--voice", choices=VOICES, default=None,
                            help="who speaks: piper (the offline neural voice), recorded (your WAVs, Piper for "
                                 "missing lines) or none (silent); default: $SOFTMAX_ANIM_VOICE, else piper if "
                                 "installed, else none")
    build_opts.add_argument("--recordings", type=Path, default=None,
                            help="folder of recordings, DIR/<Scene>/<line>.wav (implies --voice recorded; "
                                 "default: $SOFTMAX_ANIM_RECORDINGS or PROJECT/recordings)")

    p_render = sub.add_parser("render", parents=[build_opts], help="render the stale scenes, then the lecture")
    p_render.add_argument("--force", action="store_true", help="re-render even up-to-date scenes")
    p_render.add_argument("--progress", choices=["auto", "live", "plain", "quiet"], default="auto",
                          help="live status line (terminal), plain lines (CI logs), or quiet")

    p_status = sub.add_parser("status", parents=[build_opts], help="which scenes a render would redo, and why")
    p_status.add_argument("--json", action="store_true", help="print JSON")

    p_stress = sub.add_parser("stress", parents=[build_opts],
                              help="render the scenes in parallel ROUNDS times from cold TeX folders")
    p_stress.add_argument("--rounds", type=_jobs, default=3, help="how many times (default 3)")

    p_slides = sub.add_parser("slides", parents=[build_opts],
                              help="build the stale scenes, then the slide deck (one slide per beat)")
    p_slides.add_argument("--mode", choices=MODES, default=DEFAULT_MODE,
                          help=f"silent (a lecturer speaks the notes) or voice (each slide speaks its beat); "
                               f"default {DEFAULT_MODE}")
    p_slides.add_argument("--progress", choices=["auto", "live", "plain", "quiet"], default="auto",
                          help="live status line (terminal), plain lines (CI logs), or quiet")

    add_page_command(sub, common)  # softmax-anim page [-q QUALITY]: only the course page (lecture_tool/page.py)
    return parser


def _fail(message: str, code: int = 2) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(code)


def _options(args: argparse.Namespace) -> tuple[BuildOptions, list[LectureScene]]:
    lecture = load_lecture(args.scenes_dir or args.project / "scenes")
    scenes = lecture.select(args.scenes)
    project = args.project.resolve()
    if not project.is_dir():
        _fail(f"project folder not found: {project}")
    params = args.params
    if params is None and os.environ.get(PARAMS_ENV):
        params = Path(os.environ[PARAMS_ENV])
    if params is not None:
        from softmax_anim.params import LectureParamsError, load_params

        try:  # a missing, unreadable, non-UTF-8 or invalid file, or a folder: one line naming it
            load_params(params)
        except LectureParamsError as e:
            _fail(str(e))
        params = params.resolve()
    if args.recordings is not None and args.voice not in (None, "recorded"):
        _fail(f"--recordings is for --voice recorded, not --voice {args.voice}")
    voice, warning = choose_build_voice(args.voice or ("recorded" if args.recordings else None), args.recordings,
                                        project)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    out = (args.out or default_out_root(project)).resolve()
    opts = BuildOptions(lecture=lecture, project=project, out_root=out, quality=args.quality, fmt=args.fmt,
                        jobs=args.jobs, params=params, force=getattr(args, "force", False),
                        progress=getattr(args, "progress", "auto"), voice=voice)
    return opts, scenes


def _list(args: argparse.Namespace) -> int:
    lecture = load_lecture(args.scenes_dir or args.project / "scenes")
    rows = [{"index": s.index, "file": s.file, "class": s.name, "title": s.title} for s in lecture.scenes]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(s.name) for s in lecture.scenes)
    fwidth = max(len(s.file) for s in lecture.scenes)
    for s in lecture.scenes:
        print(f"{s.index:2d}  {s.name:<{width}}  {s.file:<{fwidth}}  {s.title}")
    return 0


def _status(args: argparse.Namespace) -> int:
    opts, scenes = _options(args)
    states = scene_states(opts, scenes)
    if args.json:
        rows = [{"scene": s.scene.name, "stale": s.stale, "fingerprint": s.fingerprint,
                 "modules": sorted(s.components.get("modules", {})), "params": sorted(s.components.get("params", {})),
                 "voice": s.components.get("voice", {}).get("name"), "retitle": s.retitle, "problem": s.problem,
                 "left_out": s.left_out}
                for s in states]
        print(json.dumps(rows, indent=2))
        return 0
    for s in states:
        if s.left_out:
            print(f"{s.scene.name}: left out of this lecture ({s.left_out})")
            continue
        state = "up to date" if s.stale is None else "stale, " + s.stale
        if s.retitle:
            state += " (new title: the video is re-tagged, not re-rendered)"
        if s.problem:
            state += f"; will fail: {s.problem}"
        print(f"{s.scene.name}: {state}")
    return 0


class _Terminated(KeyboardInterrupt):
    """SIGTERM, turned into the same orderly stop as Ctrl-C (renders stopped, staging deleted)."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()


def _stoppable(run: Callable[[], int]) -> int:
    """Run a build with SIGTERM handled like Ctrl-C; return its exit code (130 Ctrl-C, 143 SIGTERM)."""
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return run()
    except _Terminated:
        print("\nterminated: finished scenes are kept; run the same command again to resume", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("\ninterrupted: finished scenes are kept; run the same command again to resume", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _render(args: argparse.Namespace) -> int:
    opts, scenes = _options(args)
    return _stoppable(lambda: _report_render(opts, scenes))


def _report_render(opts: BuildOptions, scenes: list[LectureScene]) -> int:
    began = time.monotonic()
    result = build(opts, scenes)
    took = time.monotonic() - began
    if result.failed:
        for name, cause in result.failed.items():
            print(f"error: scene {name} failed: {cause}", file=sys.stderr)
        print(f"{len(result.failed)} scene(s) failed, {len(result.rendered)} rendered, "
              f"{len(result.up_to_date)} up to date ({took:.1f} s)", file=sys.stderr)
        return 1
    lecture = f"; lecture video {result.lecture}" if result.lecture else ""
    retitled = f" ({len(result.retitled)} re-tagged with a new title)" if result.retitled else ""
    left_out = f", {len(result.left_out)} left out" if result.left_out else ""
    print(f"{len(result.rendered)} rendered, {len(result.up_to_date)} up to date{retitled}{left_out} in {took:.1f} s"
          f"{lecture} -> {opts.out_dir}", file=sys.stderr)
    return 0


def _slides(args: argparse.Namespace) -> int:
    if args.fmt != "mp4":
        _fail(f"slides are cut from the MP4 videos: --format {args.fmt} is for render")
    opts, scenes = _options(args)
    if args.mode == "voice" and opts.voice_in_force().name == "none":
        _fail("--mode voice needs a voice, and --voice none speaks no line (use --mode silent)")
    return _stoppable(lambda: _report_slides(opts, scenes, args.mode))


def _report_slides(opts: BuildOptions, scenes: list[LectureScene], mode: str) -> int:
    began = time.monotonic()
    try:
        result = build_deck(opts, scenes, mode)
    except MediaError as e:
        print(f"error: slides not written (the previous deck is kept): {e}", file=sys.stderr)
        return 1
    if result.deck is None:
        for name, cause in result.videos.failed.items():
            print(f"error: scene {name} failed: {cause}", file=sys.stderr)
        print(f"{len(result.videos.failed)} scene(s) failed: slides not written (the previous deck is kept)",
              file=sys.stderr)
        return 1
    print(f"{len(result.slides)} slide(s) in {len(scenes)} scene(s), {mode}: {result.cut} clip(s) cut, "
          f"{result.reused} reused, {len(result.videos.rendered)} scene(s) rendered in "
          f"{time.monotonic() - began:.1f} s -> {result.deck}", file=sys.stderr)
    return 0


def _stress(args: argparse.Namespace) -> int:
    opts, scenes = _options(args)
    return _stoppable(lambda: _stress_rounds(args, opts, scenes))


def _stress_rounds(args: argparse.Namespace, opts: BuildOptions, scenes: list[LectureScene]) -> int:
    opts.force = True
    opts.progress = "plain"
    failures = 0
    for round_ in range(1, args.rounds + 1):
        Slots(opts.work_dir, opts.project, opts.lecture.scenes_dir).clear_caches()
        began = time.monotonic()
        result = build(opts, scenes)
        failures += len(result.failed)
        print(f"round {round_}/{args.rounds}: {len(result.rendered)} rendered, {len(result.failed)} failed "
              f"in {time.monotonic() - began:.1f} s", file=sys.stderr)
        for name, cause in result.failed.items():
            print(f"error: scene {name} failed: {cause}", file=sys.stderr)
    print(f"stress: {args.rounds} rounds x {len(scenes)} scenes with {opts.jobs} jobs, {failures} failure(s)",
          file=sys.stderr)
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        command = {"list": _list, "status": _status, "render": _render, "stress": _stress,
                   "page": page_command, "slides": _slides}[args.command]
        code = command(args)
        sys.stdout.flush()
        return code
    except LectureError as e:
        _fail(str(e))
    except BrokenPipeError:
        # The reader went away (`softmax-anim list --json | head -1`): end quietly, as a killed-by-SIGPIPE tool
        # would, and keep Python from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
