"""Render the whole lecture for 2 and 4 classes in each class table (six parameter files), one after another.

Each file changes one table of the lecture's defaults. Every render must exit 0 and write the lecture;
the script prints, per file, the scenes drawn (the lecture's chapters) and those left out, and exits 1
if a render failed. The renders share one output folder, so a file re-renders only the scenes whose
tables changed since the file before it.

    .venv/bin/python scripts/render_class_counts.py [FILE ...] [--out media/class-counts] [-q l]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from lecture_tool.layout import QUALITIES

FILES = {  # digits first: their scenes are the quickest to re-render after the first, full build
    "digits_2": '[digits]\nclasses = [0, 1]\ncolors = ["blue", "red"]\n',
    "digits_4": '[digits]\nclasses = [0, 1, 2, 3]\ncolors = ["blue", "red", "green", "purple"]\n',
    "lines_2": '[lines]\nnames = ["blue", "red"]\ncolors = ["blue", "red"]\nweights = [-1.0, 1.5]\n'
               'biases = [0.0, -1.0]\n',
    "lines_4": '[lines]\nnames = ["blue", "red", "green", "purple"]\ncolors = ["blue", "red", "green", "purple"]\n'
               'weights = [-1.0, 0.5, 1.5, 0.0]\nbiases = [0.0, 1.0, -1.0, 1.2]\n',
    "logits_2": '[logits]\nnames = ["cat", "dog"]\ncolors = ["blue", "red"]\nvalues = [2.0, 1.0]\n'
                'negative_example = [2.0, -1.0]\n',
    "logits_4": '[logits]\nnames = ["cat", "dog", "bird", "fish"]\ncolors = ["blue", "red", "green", "purple"]\n'
                'values = [2.0, 1.0, 0.1, -0.5]\nnegative_example = [2.0, -1.0, 0.1, 0.3]\n',
}


def main() -> int:
    """Render the six lectures; return 1 if one failed or wrote no lecture."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help=f"which files, in this order (default: all, {' '.join(FILES)})")
    parser.add_argument("--out", type=Path, default=Path("media/class-counts"), help="output folder")
    parser.add_argument("-q", "--quality", default="l", help="as softmax-anim render -q (default l)")
    parser.add_argument("--keep", nargs="*", default=["WeightVectors2D"], metavar="SCENE",
                        help="scenes whose video is copied to OUT/kept/<file>-<scene>.mp4 after each render")
    args = parser.parse_args()
    unknown = sorted(set(args.files) - set(FILES))
    if unknown:
        parser.error(f"unknown file {unknown[0]!r}; choose from {', '.join(FILES)}")
    tool = Path(sys.executable).with_name("softmax-anim")
    params_dir = args.out / "params"
    params_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name in args.files or FILES:
        text = FILES[name]
        params = params_dir / f"{name}.toml"
        params.write_text(text, encoding="utf-8")
        common = ["-q", args.quality, "--voice", "none", "--params", str(params), "--out", str(args.out)]
        status = json.loads(subprocess.run([str(tool), "status", *common, "--json"], check=True,
                                           capture_output=True, text=True).stdout)
        began = time.time()
        code = subprocess.run([str(tool), "render", *common, "--progress", "plain"]).returncode
        took = time.time() - began
        out = args.out / QUALITIES[args.quality]
        lecture, chapters = out / "lecture.mp4", out / "chapters.json"
        ok = code == 0 and lecture.is_file() and lecture.stat().st_mtime >= began  # written by this render
        drawn = [c["scene"] for c in json.loads(chapters.read_text())] if ok else []
        left_out = {row["scene"]: row["left_out"] for row in status if row["left_out"]}
        for scene in set(args.keep) & set(drawn):  # the next file may render it again
            (args.out / "kept").mkdir(exist_ok=True)
            shutil.copyfile(out / "scenes" / f"{scene}.mp4", args.out / "kept" / f"{name}-{scene}.mp4")
        failed += not ok
        print(f"\n== {name}: exit {code}, {took:.0f} s, lecture {'written' if ok else 'MISSING'}")
        print(f"   drawn ({len(drawn)}): {', '.join(drawn)}")
        for scene, why in left_out.items():
            print(f"   left out: {scene} ({why})")
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
