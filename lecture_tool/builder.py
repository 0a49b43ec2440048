"""Build the lecture: decide what is stale, render it with the manim CLI in parallel, then the lecture video.

The jobs, each in its own module, data flowing down:

:mod:`.layout`
    qualities, formats, where every output goes (:class:`~.layout.BuildOptions`);
:mod:`.fingerprint`
    what each scene's video depends on, and whether its outputs are stale;
:mod:`.manim_run`
    the run folder, worker slots, one manim process per scene, its errors, the install;
:mod:`.progress`
    the progress display;
:mod:`.assemble`
    the chaptered lecture video, and titles re-tagged;
this module
    the order: states, renders in parallel (longest first), then the lecture and its page.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from . import media
from .assemble import assemble_lecture, retitle_scenes
from .fingerprint import SceneState, read_record, scene_states
from .layout import FORMATS, QUALITIES, BuildOptions, SceneFiles, check_writable, default_out_root
from .lecture import LectureScene
from .manim_run import RunFolder, Runner, SceneFailed
from .page import page_after_build
from .progress import Reporter
from .voice import shared_piper

__all__ = ["BuildResult", "build"]


@dataclass
class BuildResult:
    """What a build did."""

    rendered: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    retitled: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)  # scenes the parameters' class counts leave out: why
    lecture: str = ""  # "assembled", "up to date", or why it was not assembled
    interrupted: bool = False


def build(opts: BuildOptions, scenes: Sequence[LectureScene],
          on_start: Callable[[list[SceneState]], None] | None = None) -> BuildResult:
    """Render the stale scenes among ``scenes`` (in parallel), then the lecture video if all are fresh.

    A scene the parameters leave out (a class count it does not draw, :attr:`SceneState.left_out`) gets
    one warning line, is not rendered, and the lecture is assembled from the other scenes.

    Raises
    ------
    LectureError
        Before anything renders: unreadable inputs, or an output folder that cannot be written.
    KeyboardInterrupt
        After stopping the running renders; finished outputs stay in place, staging is deleted.
    """
    result = BuildResult()
    states = scene_states(opts, scenes)
    check_writable(opts)
    result.left_out = {s.scene.name: s.left_out for s in states if s.left_out is not None}
    states = [s for s in states if s.left_out is None]
    broken = [s for s in states if s.stale is not None and s.problem is not None]
    todo = [s for s in states if s.stale is not None and s.problem is None]
    result.up_to_date = [s.scene.name for s in states if s.stale is None]
    report = Reporter(opts.stream, opts.progress, len(todo))
    for name, why in result.left_out.items():
        report.warn(f"{name} left out of this lecture ({why})")
    if result.up_to_date:
        report.note(f"{len(result.up_to_date)} of {len(states)} scene(s) up to date")
    for state in broken:
        result.failed[state.scene.name] = str(state.problem)
        report.note(f"{state.scene.name}: FAILED before rendering: {state.problem}")
    if on_start is not None:
        on_start(todo)
    with RunFolder(opts.work_dir) as run, shared_piper(opts.voice_in_force() if todo else None) as piper:
        runner = Runner(opts, report, run, workers=min(opts.jobs, len(todo)), env=piper)
        try:
            result.retitled, failed = retitle_scenes(opts, states, report)
            result.failed.update(failed)
            if todo:
                jobs = min(opts.jobs, len(todo))
                report.note(f"rendering {len(todo)} scene(s) at {QUALITIES[opts.quality]} with {jobs} job(s)"
                            f" -> {opts.scenes_out}")
                _render_all(runner, todo, result, report)
        except KeyboardInterrupt:
            runner.stop()
            result.interrupted = True
            report.close()
            raise
        finally:
            runner.slots.release()
        report.close()
        if opts.fmt == "mp4" and not result.failed:
            # Fresh states without --force: the scenes just rendered are up to date now.
            everything = [s for s in scene_states(dataclasses.replace(opts, force=False), opts.lecture.scenes)
                          if s.left_out is None]
            try:
                result.lecture = assemble_lecture(opts, everything, report, run.path)
            except media.MediaError as e:
                result.lecture = f"failed: {e}"
            if result.lecture.startswith(("assembled", "up to date")):  # the course page beside it (issue 14)
                report.note(page_after_build(opts.out_dir, opts.project, opts.params_file()))
    return result


def _cost(opts: BuildOptions, name: str) -> float:
    """A scene's last known render cost (seconds per megapixel-frame/s), from any quality; 0 if unknown."""
    costs = [0.0]
    records = {SceneFiles(root / quality, name, fmt).record for root in (opts.out_root, default_out_root(opts.project))
               for quality in QUALITIES.values() for fmt in FORMATS}
    for record in sorted(records):
        info = read_record(record) or {}
        quality = str(info.get("components", {}).get("quality", ""))
        m = re.fullmatch(r"(\d+)p(\d+)", quality)
        if m and info.get("render_seconds"):
            height, fps = int(m.group(1)), int(m.group(2))
            costs.append(float(info["render_seconds"]) / (height * height * 16 / 9 * fps / 1e6))
    return max(costs)


def _longest_first(opts: BuildOptions, todo: list[SceneState]) -> list[SceneState]:
    """Start the scenes that took longest last time first, so a long one does not finish alone."""
    known = {s.scene.name: _cost(opts, s.scene.name) for s in todo}
    if not any(known.values()):
        return todo
    return sorted(todo, key=lambda s: -known[s.scene.name])


def _render_all(runner: Runner, todo: list[SceneState], result: BuildResult, report: Reporter) -> None:
    jobs = max(1, min(runner.opts.jobs, len(todo)))
    queue: Iterator[SceneState] = iter(_longest_first(runner.opts, todo))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        running: dict[Future[float], SceneState] = {}

        def submit_next() -> None:
            state = next(queue, None)
            if state is not None and not runner.stopping.is_set():
                report.start(state.scene, state.stale or "")
                running[pool.submit(runner.render, state)] = state

        for _ in range(jobs):
            submit_next()
        try:
            while running:
                done, _ = wait(list(running), timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    state = running.pop(future)
                    try:
                        duration = future.result()
                    except SceneFailed as e:
                        result.failed[state.scene.name] = str(e)
                        report.finish(state.scene, str(e))
                    except Exception as e:  # a bug or an OS error: report it as the scene's failure
                        result.failed[state.scene.name] = f"{type(e).__name__}: {e}"
                        report.finish(state.scene, result.failed[state.scene.name])
                    else:
                        result.rendered.append(state.scene.name)
                        report.finish(state.scene, None, duration)
                    submit_next()
        except KeyboardInterrupt:
            runner.stop()
            for future in running:
                future.cancel()
            raise
