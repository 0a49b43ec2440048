"""Fixtures shared by the tests: the session's scene media folder and the build tool's small project.

The scene-test helpers live in ``tests/harness.py`` (``import harness``), not here.
"""

from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path
from typing import Any

# One BLAS thread per test process: pytest-xdist already runs one worker per core, and two BLAS
# threads per worker made the MNIST PCA 3 times slower on a 2-core machine. Set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

if os.environ.get("PYTEST_XDIST_WORKER"):
    # A worker has sent every result when its interpreter exits; freeing the scenes it built then took up to
    # 20 s, and the run waits for its workers to end. Registered before manim loads, so the exit handlers
    # registered after this one (manim's, the tests') still run first.
    def _exit_without_freeing() -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    atexit.register(_exit_without_freeing)

import harness  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Scene builds need no audio: every NarratedScene speaks with the silent voice unless a test says otherwise.
os.environ["SOFTMAX_ANIM_VOICE"] = "none"

# CI runs the property tests on a fixed sequence of examples, so a run is reproducible;
# on a developer's machine they keep exploring new random examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def scene_media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One media folder for the whole session, so LaTeX is compiled once per formula (in every worker)."""
    base = tmp_path_factory.getbasetemp()
    _share_compiled_tex(base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)
    media = tmp_path_factory.mktemp("media")
    harness.use_media_dir(media)
    return media


def _share_compiled_tex(run_folder: Path) -> None:
    """Test workers pool the formulas they compile: a formula another worker compiled is copied, not compiled.

    A formula costs 0.3 s of LaTeX and dvisvgm when compiled alone, so the formulas the tests use are
    compiled in batches first (``lecture_tool/tex_batch.py``), each worker a share of the list at the same
    time; a formula not in its list, compiled by one worker, is copied by the others. Each worker still
    compiles in its own TeX folder (manim deletes the other files of its folder after each compile); a
    finished SVG goes to the pool by an atomic rename, so a worker reads a whole file or none.
    """
    import fcntl
    import shutil
    import tempfile

    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing

    from lecture_tool import tex_batch

    pool = run_folder / "tex-pool"
    pool.mkdir(exist_ok=True)
    listed = tex_batch.load_manifest()
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    me = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    for part in (me + k for k in range(workers)):  # each worker compiles its share of the list, then waits for the rest
        part %= workers
        with (pool / f".batch-{part}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (pool / f".batched-{part}").exists():
                tex_batch.precompile(listed[part::workers], pool)
                (pool / f".batched-{part}").touch()
    record = os.environ.get("SOFTMAX_ANIM_RECORD_FORMULAS")  # tex_batch.main(): which formulas the tests use
    compile_svg = tex_file_writing.tex_to_svg_file

    def put(source: Path, target: Path) -> None:
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        os.close(fd)
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)

    def pooled_svg(expression: str, environment: str | None = None, tex_template: Any = None) -> Path:
        tex = tex_file_writing.generate_tex_file(expression, environment, tex_template)
        if record:
            shutil.copyfile(tex, Path(record) / tex.name)
        svg = tex.with_suffix(".svg")
        if not svg.exists() and (pool / svg.name).exists():
            put(pool / svg.name, svg)
        svg = compile_svg(expression, environment, tex_template)
        if not (pool / svg.name).exists():
            put(svg, pool / svg.name)
        return svg

    tex_mobject.tex_to_svg_file = pooled_svg


# --- the build tool's small project ------------------------------------------------


@pytest.fixture(scope="session")
def built_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test project built once per test process at -ql; each test gets a copy (outputs relocate)."""
    from fixtures.build_project import build_template

    return build_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def project(built_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> Any:
    """A fresh copy of the built project, as a :class:`fixtures.build_project.Project`."""
    from fixtures.build_project import copy_project

    return copy_project(built_template, tmp_path, monkeypatch, capsys)


# --- which worker runs what ---------------------------------------------------------------

_VARIANTS = ("four-classes", "edges_many", "edges_few", "edges_three", "mixed")
"""Test ids that name a parameter file: tests of one file share their builds, other files build apart."""


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Hand out tests as pytest-xdist's ``loadfile`` does, with each scene module split by parameter file.

    Tests that share a build (``harness.scene`` builds a scene once per worker) stay on one worker; the
    builds for other parameter files go where a worker is free. (``--dist loadgroup`` cannot do this
    under pytest 9: pytest-xdist 3.8 writes its group into a node id that pytest no longer reads.)
    """
    from xdist.scheduler import LoadFileScheduling

    class ByParameterFile(LoadFileScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            if not Path(module).name.startswith("test_scenes_"):
                return module
            params = nodeid.rsplit("[", 1)[1] if nodeid.endswith("]") else ""
            return module + "".join(f"[{v}]" for v in _VARIANTS if v in params)

    return ByParameterFile(config, log) if config.getvalue("dist") == "loadfile" else None


_SLOW = ("test_scenes_", "test_build_", "test_slides", "test_page", "test_voice")
"""Modules that build scenes or run programs: seconds per module, where the others take a fraction of one."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow modules first, so the many quick ones fill the gaps at the end instead of one worker finishing alone.

    (pytest-xdist's own reordering, off in ``addopts``, hands out the modules with the most tests first.)
    """
    items.sort(key=lambda item: not item.path.name.startswith(_SLOW))
