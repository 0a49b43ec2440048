"""Benchmark the lecture build against the plain manim CLI, side by side, and print the figures.

Measures, on this machine, in one run:

1. a cold build with ``softmax-anim render`` (fresh output folder, cold TeX
   folders): wall time, the video's duration, and their ratio;
2. the same scenes rendered one after another with the plain manim CLI
   (``manim -q<q> file Scene`` per scene into a fresh media folder, what a user
   does without the tool): wall time, and the ratio plain / build;
3. a no-op rebuild's wall time;
4. a rebuild after changing one scene's parameter (a class attribute of that
   scene, edited in a copy of its file): which scenes re-rendered, wall time;
5. a rebuild after a one-sentence edit of one line in the copied
   ``narration.toml`` (the next scene's first line gets a sentence more): which
   scenes re-rendered, wall time, and that scene's length (issue 19: at most
   60 s for a scene of a minute at 1080p60);
6. the test suite's wall time (``pytest -q``).

Every build speaks with a fresh speech cache in the temporary folder, so the
cold build synthesizes every line (issue 19: at most 0.8x the lecture's running
time at 1080p60 on two cores).

The scenes are copied to a temporary folder first, so the edit never touches
the checkout. Examples::

    python benchmarks/bench_build.py                       # the full lecture at 1080p60 (long)
    python benchmarks/bench_build.py --quality l           # 480p15
    python benchmarks/bench_build.py -q l --scenes Temperature ClassRegions1D --skip-tests
    python benchmarks/bench_build.py --scenes-dir tests/fixtures/lecture_scenes -q l --skip-plain --skip-tests

``--voice`` is passed to the build (default: the build's own default); the
summary gives the lecture video's measured loudness when it was assembled.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lecture_tool.layout import QUALITIES
from lecture_tool.lecture import load_lecture
from lecture_voice import VOICES

PROJECT = Path(__file__).resolve().parents[1]

TARGETS = {"speedup": 1.6, "noop": 3.0, "cold_per_video": 0.8, "sentence_edit_s": 60.0}


def timed(cmd: list[str], log: Path, env: dict[str, str] | None = None, cwd: Path = PROJECT) -> float:
    """Run ``cmd``, append its output to ``log``, return the wall time; stop the benchmark on failure."""
    began = time.monotonic()
    with log.open("a") as f:
        f.write(f"\n$ {' '.join(cmd)}\n")
        f.flush()
        code = subprocess.call(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT, env=env)
    took = time.monotonic() - began
    if code != 0:
        sys.exit(f"error: {' '.join(cmd[:6])} ... failed (exit {code}); see {log}")
    return took


def rebuild(tool: list[str], log: Path, env: dict[str, str]) -> tuple[float, list[str]]:
    """Run the build again after an edit: its wall time and the scenes it re-rendered."""
    before = len(log.read_text())
    took = timed(tool, log, env)
    return took, re.findall(r"\] (\w+): rendering", log.read_text()[before:])


def main() -> int:
    """Run the benchmark; print each figure as it is measured, then a JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--quality", choices=sorted(QUALITIES), default="h")
    parser.add_argument("--scenes", nargs="*", default=[], help="scene subset (default: the whole lecture)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scenes-dir", type=Path, default=None, help="another lecture (e.g. the test fixtures)")
    parser.add_argument("--skip-plain", action="store_true", help="do not run the plain manim CLI comparison")
    parser.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    parser.add_argument("--voice", choices=VOICES, default=None,
                        help="the build's --voice (default: the build's default)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    source = load_lecture(args.scenes_dir or PROJECT / "scenes")
    scenes = source.select(args.scenes)
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    copy = work / "scenes"
    shutil.copytree(source.scenes_dir, copy, ignore=shutil.ignore_patterns("__pycache__"))
    log = work / "bench.log"
    env = {**os.environ, "SOFTMAX_ANIM_VOICE_CACHE": str(work / "voice")}  # every line synthesized cold
    names = [s.name for s in scenes]
    print(f"benchmark: {len(scenes)} scene(s) at {QUALITIES[args.quality]}, {args.jobs} job(s), "
          f"{os.cpu_count()} core(s); log {log}", flush=True)

    tool = [sys.executable, "-m", "lecture_tool.cli", "render", *names, "-q", args.quality,
            "-j", str(args.jobs), "--scenes-dir", str(copy), "--project", str(PROJECT),
            "--out", str(work / "out"), "--progress", "plain", *(["--voice", args.voice] if args.voice else [])]
    cold = timed(tool, log, env)
    metas = [json.loads((work / "out" / QUALITIES[args.quality] / "scenes" / f"{n}.mp4.json").read_text())
             for n in names]
    video = sum(m["duration"] for m in metas)
    print(f"cold build:        {cold:8.1f} s wall for {video:.1f} s of video "
          f"(wall/video {cold / video:.2f}; target <= {TARGETS['cold_per_video']})", flush=True)
    lecture = work / "out" / QUALITIES[args.quality] / "lecture.json"
    loudness = json.loads(lecture.read_text()).get("loudness") if lecture.is_file() else None
    if loudness and loudness.get("integrated_lufs") is not None:
        print(f"lecture sound:     {loudness['integrated_lufs']} LUFS integrated, "
              f"true peak {loudness['true_peak_dbtp']} dBTP", flush=True)
    elif loudness:
        print("lecture sound:     silent", flush=True)

    plain = None
    if not args.skip_plain:
        media_dir = work / "plain-media"
        began = time.monotonic()
        for s in scenes:
            timed([sys.executable, "-m", "manim", "render", f"-q{args.quality}", "--media_dir", str(media_dir),
                   "--progress_bar", "none", str(copy / s.file), s.name], log)
        plain = time.monotonic() - began
        print(f"plain manim CLI:   {plain:8.1f} s wall, one scene after another "
              f"(plain/build {plain / cold:.2f}x; target >= {TARGETS['speedup']}x)", flush=True)

    noop = timed(tool, log, env)
    print(f"no-op rebuild:     {noop:8.1f} s (target < {TARGETS['noop']:.0f} s)", flush=True)

    # One scene's parameter: a class attribute of the first scene that shares its file, if any.
    files = [s.file for s in source.scenes]
    target = next((s for s in scenes if files.count(s.file) > 1), scenes[0])
    path = copy / target.file
    text = path.read_text()
    head = re.search(rf"^class {target.name}\b[^\n]*:\n", text, flags=re.M)
    if head is None:
        sys.exit(f"error: class {target.name} not found in {path}")
    path.write_text(text[: head.end()] + "    bench_parameter = 1  # edited by the benchmark\n" + text[head.end():])
    edit, rerendered = rebuild(tool, log, env)
    print(f"one-scene edit:    {edit:8.1f} s, edited {target.name}, re-rendered {', '.join(rerendered) or 'nothing'}"
          f" (target: only {target.name})", flush=True)

    # One sentence more in one line of the narration: the scene after the edited one, its first line.
    spoken = scenes[(scenes.index(target) + 1) % len(scenes)]
    narration = copy / "narration.toml"
    text = narration.read_text()
    line = re.search(rf"^\[{spoken.name}\]\n(?:#[^\n]*\n|\s*\n)*(\w+) = \"([^\n]*?)\"$", text, flags=re.M)
    if line is None:
        sys.exit(f"error: no line of [{spoken.name}] found in {narration}")
    narration.write_text(text[: line.end(2)] + " Take a moment to look at it." + text[line.end(2):])
    sentence, said = rebuild(tool, log, env)
    length = json.loads((work / "out" / QUALITIES[args.quality] / "scenes" / f"{spoken.name}.mp4.json").read_text())
    print(f"sentence edit:     {sentence:8.1f} s, {spoken.name}.{line.group(1)} (a {length['duration']:.0f} s scene), "
          f"re-rendered {', '.join(said) or 'nothing'} (target: only {spoken.name}, "
          f"<= {TARGETS['sentence_edit_s']:.0f} s for a scene of a minute)", flush=True)

    tests = None
    if not args.skip_tests:
        tests = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], log)
        print(f"test suite:        {tests:8.1f} s", flush=True)

    summary = {"quality": QUALITIES[args.quality], "scenes": names, "jobs": args.jobs, "cores": os.cpu_count(),
               "cold_build_s": round(cold, 2), "video_s": round(video, 2), "wall_per_video_s": round(cold / video, 3),
               "plain_cli_s": None if plain is None else round(plain, 2),
               "speedup": None if plain is None else round(plain / cold, 3),
               "noop_s": round(noop, 2), "edited": target.name, "rerendered": rerendered,
               "edit_rebuild_s": round(edit, 2), "sentence_edited": spoken.name, "sentence_rerendered": said,
               "sentence_edit_s": round(sentence, 2), "sentence_scene_s": round(length["duration"], 2),
               "tests_s": None if tests is None else round(tests, 2),
               "loudness": loudness}
    print(json.dumps(summary))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
