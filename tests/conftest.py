"""Shared scene-test harness and helpers, the one place for them.

Build scenes in-process without encoding video (:func:`build`), render small
stills, and check frames: pixels (:func:`pixel_at`, :func:`rgb`), the frame's
bounds (:func:`assert_in_frame`), overlaps (:func:`assert_no_overlap`) and the
type scale (:func:`assert_text_sizes`). Test modules import them by name
(``from conftest import build, assert_in_frame``).
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

# One BLAS thread per test process: pytest-xdist already runs one worker per core, and two BLAS
# threads per worker made the MNIST PCA 3 times slower on a 2-core machine. Set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pytest
from hypothesis import settings

# Scene builds need no audio: every NarratedScene speaks with the silent voice unless a test says otherwise.
os.environ["SOFTMAX_ANIM_VOICE"] = "none"

# CI runs the property tests on a fixed sequence of examples, so a run is reproducible;
# on a developer's machine they keep exploring new random examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# 0.5 px at 1080p: 1920 px across manim's default frame width.
FRAME_WIDTH = 14.222222222222221
FRAME_HEIGHT = FRAME_WIDTH * 9 / 16
HALF_PIXEL_1080P = 0.5 * FRAME_WIDTH / 1920
PX_PER_UNIT_480P = 480 / FRAME_HEIGHT
"""Pixels per scene unit at 480p: the frame's 8 units of height are 480 px."""

_CFG = configparser.ConfigParser()
_CFG.read(Path(__file__).resolve().parents[1] / "manim.cfg")
BACKGROUND = np.array([int(_CFG["CLI"]["background_color"][i : i + 2], 16) for i in (1, 3, 5)])
"""The frame's background colour (from manim.cfg) as RGB 0..255."""


def build(
    scene_cls: type,
    media_dir: Path,
    *,
    still: tuple[int, int] | None = None,
    params_file: Path | None = None,
    **overrides: Any,
) -> Any:
    """Run a scene's ``construct`` in-process as a dry run (no video) and return the scene.

    Every animation plays to its end at ``frame_rate`` 1 (cheap), without drawing
    frames, so the scene holds its final mobjects and the attributes ``construct`` set. The beats
    are recorded in ``scene.section_names``. With ``still=(width, height)``
    the last frame is drawn at that size, from scratch, into ``scene.still``
    (RGB, ``(height, width, 3)``). ``params_file`` is set as
    ``SOFTMAX_ANIM_PARAMS`` for the build.
    """
    from manim import tempconfig

    options: dict[str, Any] = {
        "dry_run": True,
        "disable_caching": True,
        "media_dir": str(media_dir),  # one folder per session: each formula is compiled once
        "quality": "low_quality",
        "frame_rate": 1,
        "verbosity": "WARNING",
        "progress_bar": "none",
    }
    if still is not None:
        options["pixel_width"], options["pixel_height"] = still
    options.update(overrides)

    names: list[str] = []
    texts: dict[Any, tuple[str, float]] = {}  # keyed by the mobject itself, kept alive
    off_frame: list[str] = []
    original = scene_cls.next_section

    def recording(self: Any, name: str = "unnamed", *args: Any, **kwargs: Any) -> Any:
        names.append(name)
        return original(self, name, *args, **kwargs)

    with tempconfig(options), pytest.MonkeyPatch.context() as mp:
        mp.setattr(scene_cls, "next_section", recording)
        if params_file is not None:
            mp.setenv("SOFTMAX_ANIM_PARAMS", str(params_file))
        scene = scene_cls()
        _record_after_each_play(scene, texts, off_frame)
        # A dry run writes no frame, yet manim still draws every one: a third of a build. Only the
        # final still is looked at, so frames are not drawn while the scene plays.
        mp.setattr(scene.renderer, "update_frame", lambda *args, **kwargs: None)
        scene.render()
        _record_texts(scene.mobjects, texts)
        if still is not None:
            # Drawn from scratch on a clean frame: a closing self.wait() leaves a frozen background
            # behind, and drawing over it would double every translucent fill.
            scene.renderer.static_image = None
            type(scene.renderer).update_frame(scene.renderer, scene)
            scene.still = np.array(scene.renderer.get_frame())[:, :, :3]
    scene.section_names = names
    scene.text_sizes = texts
    scene.off_frame = off_frame
    return scene


# --- text sizes -------------------------------------------------------------------


def _text_mobjects(mobjects: Any) -> list[Any]:
    """The visible text mobjects among ``mobjects`` and their families (a number counts once, not per digit)."""
    from manim import DecimalNumber, MarkupText, SingleStringMathTex, Text

    found, stack = [], list(mobjects)
    while stack:
        m = stack.pop()
        if isinstance(m, (SingleStringMathTex, Text, MarkupText, DecimalNumber)):
            drawn = m.family_members_with_points()
            if m.height > 0 and drawn and max(sub.get_fill_opacity() for sub in drawn) > 0:
                found.append(m)
            continue
        stack.extend(m.submobjects)
    return found


def _describe(m: Any) -> str:
    text = getattr(m, "tex_string", None) or getattr(m, "text", None)
    if text is None and hasattr(m, "get_value"):
        text = m.get_value()
    return f"{type(m).__name__}({text!r})"


def _font_size(m: Any) -> float:
    """The size ``m`` is drawn at: manim's ``font_size`` (height over the height at creation), measured on the
    glyphs only, so a background rectangle behind the text does not count."""
    from manim import BackgroundRectangle

    glyphs = [s for s in m.family_members_with_points() if not isinstance(s, BackgroundRectangle)]
    points = np.concatenate([_boundary_points(s) for s in glyphs])
    return float(m.font_size) * (points[:, 1].max() - points[:, 1].min()) / m.height


def _boundary_points(mob: Any) -> np.ndarray:
    """The points manim takes ``mob``'s bounding box from (``get_points_defining_boundary``), as one array.

    The same points as manim's own method, gathered with one ``np.concatenate`` instead of manim's
    row-by-row ``tuple(chain(...))`` for vectorized mobjects, which made the harness's per-play checks slow.
    """
    from manim import Mobject, VMobject

    method = type(mob).get_points_defining_boundary
    if method is VMobject.get_points_defining_boundary:
        return np.concatenate([np.reshape(sm.get_anchors(), (-1, 3)) for sm in mob.get_family()])
    if method is Mobject.get_points_defining_boundary:
        return np.reshape(mob.get_all_points(), (-1, 3))
    return np.reshape(mob.get_points_defining_boundary(), (-1, 3))


def _record_texts(mobjects: Any, texts: dict[Any, tuple[str, float]]) -> None:
    for m in _text_mobjects(mobjects):
        size = _font_size(m)
        if m not in texts or size < texts[m][1]:
            texts[m] = (_describe(m), size)


def _record_off_frame(scene: Any, off_frame: list[str]) -> None:
    from manim import ThreeDScene, ValueTracker

    if isinstance(scene, ThreeDScene):  # drawn through the camera's projection: checked by the scene's own tests
        return
    for m in scene.mobjects:
        if isinstance(m, ValueTracker) or not m.family_members_with_points() or inside_frame(m):
            continue
        desc = ", ".join(_describe(t) for t in _text_mobjects([m])) or type(m).__name__
        off_frame.append(f"after play {scene.renderer.num_plays}: {desc}")


def _record_after_each_play(scene: Any, texts: dict[Any, tuple[str, float]], off_frame: list[str]) -> None:
    """After every ``play`` and ``wait``, note the size of each text on screen (the smallest it rested at)
    and any mobject that rests outside the frame."""
    play = scene.renderer.play

    def recording_play(scene_: Any, *args: Any, **kwargs: Any) -> Any:
        result = play(scene_, *args, **kwargs)
        _record_texts(scene_.mobjects, texts)
        _record_off_frame(scene_, off_frame)
        return result

    scene.renderer.play = recording_play


def capital_height_per_point() -> float:
    """Height in scene units of a rendered LaTeX capital "H", per font point (Computer Modern, as every text here)."""
    from manim import Tex

    from scenes.kit.text import FOOTNOTE

    return Tex("H", font_size=FOOTNOTE).height / FOOTNOTE


def capital_px_480p(font_size: float) -> float:
    """Height in pixels at 480p of a capital at ``font_size``."""
    return font_size * capital_height_per_point() * PX_PER_UNIT_480P


def assert_text_sizes(scene: Any) -> None:
    """Every text the scene showed (after each play, as built by :func:`build`) is at least the footnote size.

    Sizes are compared as capital heights in pixels at 480p; the footnote size
    gives capitals of at least 12 px (``tests/test_type_scale.py``).
    """
    from scenes.kit.text import FOOTNOTE

    assert scene.text_sizes, "the scene showed no text at all"
    floor = capital_px_480p(FOOTNOTE) * (1 - 1e-3)
    small = sorted(
        (f"{desc}: {capital_px_480p(size):.1f} px" for desc, size in scene.text_sizes.values()
         if capital_px_480p(size) < floor)
    )
    assert not small, f"text smaller than the footnote size ({floor:.1f} px capitals at 480p): {small}"


@pytest.fixture(scope="session")
def scene_media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One media folder for the whole session, so LaTeX is compiled once per formula (in every worker)."""
    base = tmp_path_factory.getbasetemp()
    _share_compiled_tex(base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)
    return tmp_path_factory.mktemp("media")


def _share_compiled_tex(run_folder: Path) -> None:
    """Test workers pool the formulas they compile: a formula another worker compiled is copied, not compiled.

    A formula costs 0.3 s of LaTeX and dvisvgm, half the suite's time; the workers of a run share a
    fifth of theirs. Each worker still compiles in its own TeX folder (manim deletes the other files
    of its folder after each compile); a finished SVG goes to the pool by an atomic rename, so a
    worker reads a whole file or none.
    """
    import shutil
    import tempfile

    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing

    pool = run_folder / "tex-pool"
    pool.mkdir(exist_ok=True)
    compile_svg = tex_file_writing.tex_to_svg_file

    def put(source: Path, target: Path) -> None:
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        os.close(fd)
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)

    def pooled_svg(expression: str, environment: str | None = None, tex_template: Any = None) -> Path:
        svg = tex_file_writing.generate_tex_file(expression, environment, tex_template).with_suffix(".svg")
        if not svg.exists() and (pool / svg.name).exists():
            put(pool / svg.name, svg)
        svg = compile_svg(expression, environment, tex_template)
        if not (pool / svg.name).exists():
            put(svg, pool / svg.name)
        return svg

    tex_mobject.tex_to_svg_file = pooled_svg


@pytest.fixture
def build_scene(scene_media_dir: Path) -> Callable[..., Any]:
    """:func:`build` bound to the session's media folder."""
    return lambda scene_cls, **kwargs: build(scene_cls, scene_media_dir, **kwargs)


@pytest.fixture
def render_still(scene_media_dir: Path) -> Callable[..., tuple[Any, np.ndarray]]:
    """Build a scene and draw its last frame small: returns ``(scene, rgb array (H, W, 3))``."""

    def render(scene_cls: type, width: int = 480, height: int = 270, **kwargs: Any) -> tuple[Any, np.ndarray]:
        scene = build(scene_cls, scene_media_dir, still=(width, height), **kwargs)
        return scene, scene.still

    return render


def pixel_at(frame: np.ndarray, point: np.ndarray) -> np.ndarray:
    """RGB of the pixel under scene point ``point`` (x, y[, z]) for the default 16:9 frame."""
    h, w = frame.shape[:2]
    col = int((point[0] / FRAME_WIDTH + 0.5) * w)
    row = int((0.5 - point[1] / FRAME_HEIGHT) * h)
    return frame[min(max(row, 0), h - 1), min(max(col, 0), w - 1)].astype(int)


def assert_close_on_screen(a: Any, b: Any, tol: float = HALF_PIXEL_1080P) -> None:
    """Points (or arrays of points) ``a`` and ``b`` agree in x and y within ``tol`` (0.5 px at 1080p)."""
    np.testing.assert_allclose(np.asarray(a)[..., :2], np.asarray(b)[..., :2], atol=tol, rtol=0)


def rgb(color: Any) -> np.ndarray:
    """A colour (``#RRGGBB``, a manim constant or ManimColor) as RGB 0..255 floats."""
    from manim import ManimColor

    return np.array(ManimColor(color).to_rgb()) * 255


def shown(label: Any) -> str:
    """The text a DecimalNumber displays."""
    return f"{label.get_value():.{label.num_decimal_places}f}"


# --- the frame's bounds and overlaps ---------------------------------------------------


def inside_frame(mob: Any) -> bool:
    """Whether ``mob`` and its family lie within the 16:9 frame (edges included)."""
    points = _boundary_points(mob)
    if len(points) == 0:  # manim puts an empty mobject's bounding box at the origin
        points = np.zeros((1, 3))
    (left, bottom), (right, top) = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
    eps = 1e-9
    return (
        -FRAME_WIDTH / 2 - eps <= left and right <= FRAME_WIDTH / 2 + eps
        and -FRAME_HEIGHT / 2 - eps <= bottom and top <= FRAME_HEIGHT / 2 + eps
    )


def assert_never_off_frame(scene: Any) -> None:
    """Nothing the scene showed (as built by :func:`build`) rested outside the frame after any play."""
    assert not scene.off_frame, scene.off_frame


def assert_in_frame(mobjects: Any) -> None:
    """Every drawn mobject among ``mobjects`` (e.g. ``scene.mobjects``) lies within the frame.

    Value trackers are skipped: they hold a number in their one point and are never drawn.
    """
    from manim import ValueTracker

    for m in mobjects:
        if isinstance(m, ValueTracker) or not m.family_members_with_points():
            continue
        assert inside_frame(m), (m, m.get_corner(np.array([-1, -1, 0])), m.get_corner(np.array([1, 1, 0])))


def assert_no_overlap(mobjects: Any) -> None:
    """No two of ``mobjects`` have overlapping bounding boxes (touching is allowed)."""
    mobjects = list(mobjects)
    for i, a in enumerate(mobjects):
        for b in mobjects[i + 1 :]:
            apart_x = a.get_right()[0] <= b.get_left()[0] or b.get_right()[0] <= a.get_left()[0]
            apart_y = a.get_top()[1] <= b.get_bottom()[1] or b.get_top()[1] <= a.get_bottom()[1]
            assert apart_x or apart_y, (a, b)


# --- bar charts ------------------------------------------------------------------------


def assert_chart(chart: Any, values: Any, labels: Any = None) -> None:
    """A ValueBars chart: bars exactly ``value * unit`` (within 0.5 px at 1080p), labels the formatted strings."""
    values = np.asarray(values, dtype=float)
    np.testing.assert_allclose(chart.values, values, atol=1e-12)
    lengths = np.array([chart.bar_length(i) for i in range(len(values))])
    np.testing.assert_allclose(lengths, values * chart.unit, atol=HALF_PIXEL_1080P)
    for i, bar in enumerate(chart.bars):  # each bar is centred in its slot, on the baseline
        assert abs(bar.get_center()[0] - chart.slot_center_x(i)) < HALF_PIXEL_1080P
        assert abs(bar.get_vertices()[:, 1] - chart.origin[1]).min() < HALF_PIXEL_1080P
    if labels is not None:
        assert [shown(m) for m in chart.value_labels] == list(labels)
        assert chart.label_strings == list(labels)
        for i, m in enumerate(chart.value_labels):  # a label sits at its bar's end, outside the bar
            assert abs(m.get_center()[0] - chart.slot_center_x(i)) < 0.05
            if values[i] >= 0:
                assert m.get_bottom()[1] >= chart.bar_top(i)[1]
            else:
                assert m.get_top()[1] <= chart.bar_top(i)[1]


def assert_chart_readable(chart: Any) -> None:
    """Names, value labels and bars of a chart do not overlap."""
    assert_no_overlap([*chart.name_labels, *chart.value_labels, *chart.bars])


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
