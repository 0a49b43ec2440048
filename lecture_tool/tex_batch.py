"""The scenes' LaTeX formulas compiled in one batch before a cold render or a test run, not one by one.

A formula compiled alone costs about 0.3 s of CPU: ``latex`` loads its
packages and ``dvisvgm`` its fonts, for every formula. Compiled as the pages
of one document, hundreds cost a couple of seconds. The formulas the scenes
typeset (at the lecture's parameters and the tests' edge files) are listed in
``scenes/formulas.json``, each the whole TeX file manim writes for it. A build
worker's cold TeX folder (:class:`.manim_run.Slots`) and a test run's pool of
formulas (``tests/conftest.py``) start with all of them compiled together,
one document per preamble, each page's SVG under the name manim gives that
formula, where manim finds it instead of compiling. A page parses to the same
points as a lone compile (``tests/test_tex_batch.py``). The list belongs to its
scenes folder: a build of another folder (``--scenes-dir``) without a list of
its own compiles none of these.

The list only saves time: a formula missing from it is compiled alone, as
before, and one no scene uses any more costs a page. After changing what the
scenes typeset, refresh it with ``.venv/bin/python -m lecture_tool.tex_batch``,
which runs the tests and writes the formulas they compiled.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

LIST = "formulas.json"  # in a scenes folder: the formulas its scenes typeset
MANIFEST = Path(__file__).resolve().parents[1] / "scenes" / LIST
_BODY = re.compile(r"\A(?P<preamble>.*?\\begin\{document\}\n)(?P<body>.*)\\end\{document\}\n?\Z", re.DOTALL)
_PAGE = "manimformula"  # each formula a page of its own: standalone's ``multi`` environment


def tex_name(source: str) -> str:
    """The file name (without suffix) manim gives the TeX file ``source`` (``tex_file_writing.tex_hash``)."""
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def load_manifest(path: Path = MANIFEST) -> list[str]:
    """The TeX sources listed in ``path`` (none when it is missing)."""
    return list(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else []


def precompile(sources: Iterable[str], pool: Path) -> int:
    """Compile ``sources`` as pages of one document per preamble; put each SVG in ``pool`` as manim names it.

    Sources whose SVG is already in the pool are skipped; a source that is not
    a standalone document is left to manim. Returns how many SVGs were added.
    """
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for source in sources:
        name, parts = tex_name(source), _BODY.match(source)
        if parts and "{standalone}" in parts["preamble"] and not (pool / f"{name}.svg").exists():
            groups[parts["preamble"]].append((name, parts["body"]))
    added = 0
    for preamble, pages in groups.items():
        added += _compile_group(preamble, pages, pool)
    return added


def _compile_group(preamble: str, pages: list[tuple[str, str]], pool: Path) -> int:
    """One document with a page per formula; a failed compile adds nothing (manim compiles those alone)."""
    head, rest = preamble.split("\n", 1)
    options = re.fullmatch(r"\\documentclass\[(?P<opts>[^]]*)\]\{standalone\}", head)
    if options is None:
        return 0
    document = (f"\\documentclass[{options['opts']},multi={_PAGE}]{{standalone}}\n"
                f"\\newenvironment{{{_PAGE}}}{{}}{{}}\n{rest}"
                + "".join(f"\\begin{{{_PAGE}}}\n{body}\\end{{{_PAGE}}}\n" for _, body in pages)
                + "\\end{document}\n")
    with tempfile.TemporaryDirectory(prefix="tex-batch-") as work:
        folder = Path(work)
        (folder / "batch.tex").write_text(document, encoding="utf-8")
        latex = subprocess.run(["latex", "-interaction=batchmode", "-halt-on-error", "batch.tex"], cwd=folder,
                               capture_output=True, check=False)
        if latex.returncode != 0:
            return 0
        # The same options manim gives dvisvgm (tex_file_writing.convert_to_svg), for every page at once.
        subprocess.run(["dvisvgm", "--page=1-", "--no-fonts", "--verbosity=0", "--output=page-%p.svg", "batch.dvi"],
                       cwd=folder, capture_output=True, check=False)
        svgs = sorted(folder.glob("page-*.svg"), key=lambda p: int(p.stem.split("-")[1]))
        if len(svgs) != len(pages):
            return 0
        for (name, _), svg in zip(pages, svgs, strict=True):
            fd, tmp = tempfile.mkstemp(dir=pool, suffix=".part")
            os.close(fd)
            Path(tmp).write_bytes(svg.read_bytes())
            os.replace(tmp, pool / f"{name}.svg")
    return len(pages)


def warm(tex_dir: Path, scenes_dir: Path, batch: Path) -> int:
    """Fill a cold TeX folder with the formulas listed for ``scenes_dir``, once per list; how many were added.

    A scenes folder without a list gets none (another lecture's formulas would only cost time). The formulas
    are compiled once into ``batch``, a folder the build's workers share (the first compiles,
    under a lock, the others wait), and copied from there: each worker compiled them all before.
    """
    listing = scenes_dir / LIST
    if not listing.is_file():
        return 0
    marker = f".batch-{hashlib.sha256(listing.read_bytes()).hexdigest()[:16]}"
    if (tex_dir / marker).exists():
        return 0
    batch.mkdir(parents=True, exist_ok=True)
    with (batch / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (batch / marker).exists():
            precompile(load_manifest(listing), batch)
            (batch / marker).touch()
    tex_dir.mkdir(parents=True, exist_ok=True)
    added = 0
    for svg in batch.glob("*.svg"):
        if not (tex_dir / svg.name).exists():
            shutil.copyfile(svg, tex_dir / svg.name)
            added += 1
    (tex_dir / marker).touch()
    return added


def write_manifest(sources: Iterable[str], path: Path = MANIFEST) -> int:
    """Write the distinct ``sources``, sorted, to ``path``; returns how many."""
    unique = sorted(set(sources))
    path.write_text(json.dumps(unique, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(unique)


def main() -> int:
    """Run the scene tests with an empty pool and write every formula they compiled to the manifest."""
    root = MANIFEST.parents[1]
    with tempfile.TemporaryDirectory(prefix="formulas-") as record:
        env = {**os.environ, "SOFTMAX_ANIM_RECORD_FORMULAS": record}
        subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests"], cwd=root, env=env,
                       check=False)
        count = write_manifest(p.read_text(encoding="utf-8") for p in Path(record).glob("*.tex"))
    print(f"{count} formulas -> {MANIFEST.relative_to(root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
