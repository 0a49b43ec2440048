"""The scene-test harness: build a scene in-process once, snapshot it at every section, check what it showed.

Every scene test builds its scene through :func:`scene` (cached: one build per test process for each scene
class and parameter file, video not encoded) and checks it with the helpers here, imported as a module
(``from harness import ...``; ``conftest.py`` holds only fixtures). A built scene carries:

- ``sections``: a :class:`Snapshot` at the end of every section (``next_section``) and of the scene: the
  bounding box of everything drawn then, so overlaps are checked in every section, not only the last one;
- ``off_frame`` and ``text_sizes``: what rested outside the frame, and the smallest size each text rested at,
  after every ``play`` and at every section;
- ``section_names``, ``motion`` (the ``(start, end)`` of every ``play`` that animates), and, through
  :func:`still`, its last frame drawn at any size from the same build.

The tolerances of LECTURE.md live here, in one place: :data:`HALF_PIXEL_1080P` and the footnote floor.
"""

from __future__ import annotations

import configparser
import copy
import gc
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

# --- the frame and the tolerances of LECTURE.md -------------------------------------------------

FRAME_WIDTH = 14.222222222222221
"""manim's default frame width in scene units (16:9, 8 units high)."""
FRAME_HEIGHT = FRAME_WIDTH * 9 / 16
HALF_PIXEL_1080P = 0.5 * FRAME_WIDTH / 1920
"""Positions agree with the math within 0.5 px at 1080p (1920 px across the frame)."""
PX_PER_UNIT_480P = 480 / FRAME_HEIGHT
"""Pixels per scene unit at 480p: the frame's 8 units of height are 480 px."""
FRAME_EPSILON = 1e-9
"""Edges of the frame count as inside (floating point only, no margin)."""

_CFG = configparser.ConfigParser()
_CFG.read(Path(__file__).resolve().parents[1] / "manim.cfg")
BACKGROUND = np.array([int(_CFG["CLI"]["background_color"][i : i + 2], 16) for i in (1, 3, 5)])
"""The frame's background colour (from manim.cfg) as RGB 0..255."""


# --- finding and building scenes ---------------------------------------------------------------


def scene_class(name: str) -> type:
    """The lecture's scene class called ``name``, from the file ``scenes.LECTURE`` lists for it."""
    import importlib

    from scenes import LECTURE

    for entry in LECTURE:
        if entry.name == name:
            module = importlib.import_module("scenes." + entry.file.removesuffix(".py"))
            return getattr(module, name)  # type: ignore[no-any-return]
    raise LookupError(f"no scene {name!r} in scenes.LECTURE")


_media_dir: Path | None = None
_built: dict[tuple[type, str | None, tuple[str, ...]], Any] = {}


def use_media_dir(path: Path) -> None:
    """Build every scene with media under ``path`` (one folder per test process: each formula compiled once)."""
    global _media_dir
    _media_dir = path


def media_dir() -> Path:
    """The media folder builds use (a fresh temporary one when no test session set it)."""
    global _media_dir
    if _media_dir is None:
        _media_dir = Path(tempfile.mkdtemp(prefix="scene-media-"))
    return _media_dir


def scene(scene_cls: type | str, params_file: Path | None = None, *, keep: tuple[str, ...] = ()) -> Any:
    """``scene_cls`` (a class or a lecture scene's name) built once per test process for ``params_file``.

    Every check that needs the scene uses this one build; tests that change it must put it back. ``keep``
    names attributes of the scene copied at the end of every section, read back with :func:`at_section`.
    """
    cls = scene_class(scene_cls) if isinstance(scene_cls, str) else scene_cls
    key = (cls, None if params_file is None else str(Path(params_file).resolve()), keep)
    if key not in _built:
        _built[key] = build(cls, params_file=params_file, keep=keep)
        # A kept scene lives as long as the process; frozen, the collector no longer walks its million objects
        # at every full collection (a twentieth of a worker's time, as the builds pile up).
        gc.collect()
        gc.freeze()
    return _built[key]


def at_section(built: Any, section: str) -> SimpleNamespace:
    """The attributes ``keep`` named, as they were at the end of ``section``, with the scene's ``spoken`` lines."""
    for snap in built.sections:
        if snap.section == section:
            return SimpleNamespace(**snap.kept, spoken=built.spoken)
    raise LookupError(f"no section {section!r} in {[s.section for s in built.sections]}")


def build(
    scene_cls: type, media: Path | None = None, *, params_file: Path | None = None, keep: tuple[str, ...] = (),
    **overrides: Any,
) -> Any:
    """Run a scene's ``construct`` in-process as a dry run (no video) and return the scene, never cached.

    Every animation plays to its end at ``frame_rate`` 1 (cheap) without drawing frames, so the scene holds
    its final mobjects and the attributes ``construct`` set. ``params_file`` is set as ``SOFTMAX_ANIM_PARAMS``
    for the build; ``overrides`` go to manim's config (a real render, for instance).
    """
    import pytest
    from manim import Wait, tempconfig

    options: dict[str, Any] = {
        "dry_run": True,
        "disable_caching": True,
        "media_dir": str(media or media_dir()),
        "quality": "low_quality",
        "frame_rate": 1,
        "verbosity": "WARNING",
        "progress_bar": "none",
    }
    options.update(overrides)
    record = _Record(keep=keep)
    next_section, play = scene_cls.next_section, scene_cls.play

    def recording_section(self: Any, name: str = "unnamed", *args: Any, **kwargs: Any) -> Any:
        if record.names:
            record.snapshot(self)
        record.names.append(name)
        return next_section(self, name, *args, **kwargs)

    def recording_play(self: Any, *animations: Any, **kwargs: Any) -> Any:
        start = self.renderer.time
        result = play(self, *animations, **kwargs)
        if not all(isinstance(a, Wait) for a in animations):
            record.motion.append((start, self.renderer.time))
        return result

    with tempconfig(options), pytest.MonkeyPatch.context() as mp:
        mp.setattr(scene_cls, "next_section", recording_section)
        mp.setattr(scene_cls, "play", recording_play)
        if params_file is not None:
            mp.setenv("SOFTMAX_ANIM_PARAMS", str(params_file))
        built = scene_cls()
        renderer_play = built.renderer.play

        def checked_play(scene_: Any, *args: Any, **kwargs: Any) -> Any:
            result = renderer_play(scene_, *args, **kwargs)
            record.rested(scene_, f"after play {scene_.renderer.num_plays}")
            return result

        built.renderer.play = checked_play
        if options["dry_run"]:
            # A dry run writes no frame, yet manim still draws every one: a third of a build. Only stills are
            # looked at, drawn afterwards by still(), so frames are not drawn while the scene plays.
            mp.setattr(built.renderer, "update_frame", lambda *args, **kwargs: None)
        built.render()
        record.snapshot(built)
    built.section_names = record.names
    built.sections = record.sections
    built.text_sizes = record.texts
    built.off_frame = record.off_frame
    built.motion = record.motion
    built.build_options = options
    built.stills = {}
    return built


def still(built: Any, width: int = 480, height: int = 270) -> np.ndarray:
    """The last frame of a scene from :func:`scene`, drawn at ``width`` x ``height`` (RGB, ``(h, w, 3)``).

    Drawn from scratch on a clean frame (a closing ``self.wait()`` leaves a frozen background behind, and
    drawing over it would double every translucent fill), once per size.
    """
    from manim import tempconfig

    if (width, height) not in built.stills:
        renderer = built.renderer
        with tempconfig({**built.build_options, "pixel_width": width, "pixel_height": height}):
            camera = renderer.camera
            frame = camera.frame_width, camera.frame_height
            camera.reset_pixel_shape(height, width)
            camera.frame_width, camera.frame_height = frame  # the frame stays 8 units high at any aspect
            renderer.static_image = None
            type(renderer).update_frame(renderer, built)
            built.stills[width, height] = np.array(renderer.get_frame())[:, :, :3]
    return built.stills[width, height]  # type: ignore[no-any-return]


# --- what a build records ----------------------------------------------------------------------


@dataclass
class Snapshot:
    """Everything drawn at the end of one section: each mobject of the families on screen, with its box."""

    section: str
    boxes: dict[Any, np.ndarray]
    """``[left, bottom, right, top]`` of every drawn mobject (keyed by the mobject itself, kept alive)."""
    texts: list[Any]
    """The visible texts on screen."""
    kept: dict[str, Any]
    """Copies of the scene's attributes named by ``keep`` (those it had by then)."""


@dataclass
class _Record:
    keep: tuple[str, ...] = ()
    names: list[str] = field(default_factory=list)
    sections: list[Snapshot] = field(default_factory=list)
    texts: dict[Any, tuple[str, float]] = field(default_factory=dict)
    off_frame: list[str] = field(default_factory=list)
    motion: list[tuple[float, float]] = field(default_factory=list)

    def rested(self, scene: Any, when: str) -> None:
        """Note each text's size and anything outside the frame, as the scene rests ``when``."""
        for m in text_mobjects(scene.mobjects):
            size = font_size(m)
            if m not in self.texts or size < self.texts[m][1]:
                self.texts[m] = (describe(m), size)
        if _drawn_in_3d(scene):  # drawn through the camera's projection: checked by the scene's own tests
            return
        section = self.names[-1] if self.names else "start"
        for m in _drawn(scene.mobjects):
            if not inside_frame(m):
                desc = ", ".join(describe(t) for t in text_mobjects([m])) or type(m).__name__
                self.off_frame.append(f"{when} (section {section!r}): {desc}")

    def snapshot(self, scene: Any) -> None:
        section = self.names[-1] if self.names else "start"
        self.rested(scene, f"at the end of section {section!r}")
        boxes: dict[Any, np.ndarray] = {}
        for m in _drawn(scene.mobjects):
            _visible_box(m, boxes)
        # Copied without the scene itself (an updater's bound method would otherwise copy it whole).
        kept = {name: copy.deepcopy(getattr(scene, name), {id(scene): scene})
                for name in self.keep if hasattr(scene, name)}
        self.sections.append(Snapshot(section, boxes, text_mobjects(scene.mobjects), kept))


def _drawn(mobjects: Iterable[Any]) -> list[Any]:
    """The mobjects that draw something (value trackers hold a number in their one point and are never drawn)."""
    from manim import ValueTracker

    return [m for m in mobjects if not isinstance(m, ValueTracker) and _with_points(m)]


# The checks run after every play, over every mobject on screen: manim's own family walk, bounding box and
# height (a generator and a few numpy calls per submobject) made them a third of a scene build. These
# functions give the same points and boxes with one walk and a few numpy calls per mobject.


def _family(mob: Any) -> list[Any]:
    """``mob`` and all its submobjects, at any depth (manim's ``get_family``, in another order)."""
    family, stack = [], [mob]
    while stack:
        m = stack.pop()
        family.append(m)
        stack.extend(m.submobjects)
    return family


def _with_points(mob: Any) -> list[Any]:
    """The members of ``mob``'s family that have points (manim's ``family_members_with_points``)."""
    return [s for s in _family(mob) if len(s.points)]


def _anchors(members: Iterable[Any]) -> np.ndarray:
    """The anchors of vectorized mobjects ``members``, as manim's ``get_anchors`` gives them, in one array."""
    from manim import VMobject

    curves, rest = [], []
    for sm in members:
        points = sm.points
        if len(points) % 4 == 0 and type(sm).get_anchors is VMobject.get_anchors:  # cubic curves: 4 points each
            curves.append(points)
        elif len(points):
            rest.append(np.reshape(sm.get_anchors(), (-1, 3)))
    if curves:  # each curve's first and last point
        rest.append(np.reshape(np.reshape(np.concatenate(curves), (-1, 4, 3))[:, ::3], (-1, 3)))
    return np.concatenate(rest) if rest else np.zeros((0, 3))


def _height(mob: Any) -> float:
    """``mob.height``: the spread in y of every point of its family."""
    members = _with_points(mob)
    if not members:
        return 0.0
    y = np.concatenate([s.points for s in members])[:, 1]
    return float(y.max() - y.min())


_SIZE_PER_HEIGHT: dict[tuple[Any, ...], float] = {}


def _size_per_height(m: Any) -> float:
    """``m.font_size / m.height``: manim's font size is the height times a constant of the text's creation."""
    key = (type(m), getattr(m, "initial_height", None), getattr(m, "_font_size", None))
    if key not in _SIZE_PER_HEIGHT:
        _SIZE_PER_HEIGHT[key] = float(m.font_size) / m.height
    return _SIZE_PER_HEIGHT[key]


def _drawn_in_3d(scene: Any) -> bool:
    from manim import ThreeDScene

    return isinstance(scene, ThreeDScene)


def _visible_box(mob: Any, boxes: dict[Any, np.ndarray]) -> np.ndarray | None:
    """``mob``'s box over its visible parts (and its children's, noted in ``boxes``), or None if nothing shows."""
    from manim import VMobject

    parts = [b for b in (_visible_box(sub, boxes) for sub in mob.submobjects) if b is not None]
    if mob.has_points():
        if isinstance(mob, VMobject):
            visible = mob.get_fill_opacity() > 0 or (mob.get_stroke_opacity() > 0 and mob.get_stroke_width() > 0)
            points = _anchors([mob])
        else:
            visible, points = True, mob.points
        if visible and len(points):
            xy = np.reshape(points, (-1, 3))[:, :2]
            parts.append(np.concatenate([xy.min(axis=0), xy.max(axis=0)]))
    if not parts:
        return None
    stacked = np.array(parts)
    box = np.concatenate([stacked[:, :2].min(axis=0), stacked[:, 2:].max(axis=0)])
    boxes[mob] = box
    return box


# --- text sizes ---------------------------------------------------------------------------------


def text_mobjects(mobjects: Iterable[Any], *, visible_only: bool = True) -> list[Any]:
    """The texts among ``mobjects`` and their families (a number or a paragraph counts once), visible ones only
    unless ``visible_only`` is false (then every text with a height)."""
    from manim import DecimalNumber, MarkupText, Paragraph, SingleStringMathTex, Text

    found, stack = [], list(mobjects)
    while stack:
        m = stack.pop()
        if isinstance(m, (SingleStringMathTex, Text, MarkupText, DecimalNumber, Paragraph)):
            drawn = _with_points(m)
            if _height(m) > 0 and (not visible_only or drawn and max(sub.get_fill_opacity() for sub in drawn) > 0):
                found.append(m)
            continue
        stack.extend(m.submobjects)
    return found


def describe(m: Any) -> str:
    """A text mobject as its class and what it says."""
    from manim import DecimalNumber, Paragraph

    if isinstance(m, DecimalNumber):
        text = m.get_value()
    elif isinstance(m, Paragraph):
        text = m.lines_text.original_text
    else:
        text = getattr(m, "tex_string", None) or getattr(m, "original_text", None) or getattr(m, "text", None)
    return f"{type(m).__name__}({text!r})"


def font_size(m: Any) -> float:
    """The size ``m`` is drawn at, in LaTeX font points: a Pango text counts by its capitals' height.

    manim's ``font_size`` is the height over the height at creation, measured here on the glyphs only (a
    background rectangle behind the text does not count). A Pango text (``Text``, a ``Paragraph`` of code)
    is converted to the LaTeX size whose capitals are as tall, so one floor serves both.
    """
    from manim import BackgroundRectangle, Paragraph, Text, VMobject

    glyphs = [s for s in _with_points(m) if not isinstance(s, BackgroundRectangle)]
    if all(type(s).get_points_defining_boundary is VMobject.get_points_defining_boundary for s in glyphs):
        points = _anchors([member for s in glyphs for member in _family(s)])  # the glyphs' points, in one go
    else:
        points = np.concatenate([boundary_points(s) for s in glyphs])
    glyph_height = points[:, 1].max() - points[:, 1].min()
    if isinstance(m, Paragraph):  # its lines were cut from one Text, never moved with the paragraph
        source = m.lines_text
        size = _size_per_height(source) * _height(m)
        return size * _pango_capital_per_point(source.font) / capital_height_per_point()
    size = _size_per_height(m) * glyph_height
    if isinstance(m, Text):
        return size * _pango_capital_per_point(m.font) / capital_height_per_point()
    return size


def boundary_points(mob: Any) -> np.ndarray:
    """The points manim takes ``mob``'s bounding box from (``get_points_defining_boundary``), as one array.

    The same points as manim's own method, gathered in a few numpy calls instead of manim's row-by-row
    ``tuple(chain(...))`` for vectorized mobjects, which made the per-play checks slow.
    """
    from manim import Mobject, VMobject

    method = type(mob).get_points_defining_boundary
    if method is VMobject.get_points_defining_boundary:
        return _anchors(_family(mob))
    if method is Mobject.get_points_defining_boundary:
        members = _with_points(mob)
        return np.concatenate([s.points for s in members]) if members else np.zeros((0, 3))
    return np.reshape(mob.get_points_defining_boundary(), (-1, 3))


_capital_heights: dict[str | None, float] = {}


def capital_height_per_point() -> float:
    """Height in scene units of a rendered LaTeX capital "H", per font point (Computer Modern, as every formula)."""
    from manim import Tex

    from scenes.kit.text import FOOTNOTE

    if None not in _capital_heights:
        _capital_heights[None] = Tex("H", font_size=FOOTNOTE).height / FOOTNOTE
    return _capital_heights[None]


def _pango_capital_per_point(font: str) -> float:
    from manim import Text

    if font not in _capital_heights:
        _capital_heights[font] = Text("H", font=font, font_size=100).height / 100
    return _capital_heights[font]


def capital_px_480p(size: float) -> float:
    """Height in pixels at 480p of a LaTeX capital at font size ``size``."""
    return size * capital_height_per_point() * PX_PER_UNIT_480P


def footnote_floor_px() -> float:
    """The smallest capital allowed on screen, in pixels at 480p: a FOOTNOTE capital (at least 12 px)."""
    from scenes.kit.text import FOOTNOTE

    return capital_px_480p(FOOTNOTE) * (1 - 1e-3)


def assert_text_sizes(built: Any) -> None:
    """Every text the scene showed (after every play, in every section) is at least the footnote size."""
    assert built.text_sizes, "the scene showed no text at all"
    floor = footnote_floor_px()
    small = sorted(
        f"{desc}: {capital_px_480p(size):.1f} px" for desc, size in built.text_sizes.values()
        if capital_px_480p(size) < floor
    )
    assert not small, f"text smaller than the footnote size ({floor:.1f} px capitals at 480p): {small}"


# --- the frame's bounds and overlaps -------------------------------------------------------------


def inside_frame(mob: Any, margin: float = 0.0) -> bool:
    """Whether ``mob`` and its family lie within the 16:9 frame (edges included), ``margin`` units inside it."""
    points = boundary_points(mob)
    if len(points) == 0:  # manim puts an empty mobject's bounding box at the origin
        points = np.zeros((1, 3))
    (left, bottom), (right, top) = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
    x, y = FRAME_WIDTH / 2 - margin + FRAME_EPSILON, FRAME_HEIGHT / 2 - margin + FRAME_EPSILON
    return -x <= left and right <= x and -y <= bottom and top <= y


def assert_in_frame(mobjects: Iterable[Any], margin: float = 0.0) -> None:
    """Every drawn mobject among ``mobjects`` (e.g. ``scene.mobjects``) lies within the frame."""
    for m in _drawn(mobjects):
        assert inside_frame(m, margin), (m, m.get_corner(np.array([-1, -1, 0])), m.get_corner(np.array([1, 1, 0])))


def assert_never_off_frame(built: Any) -> None:
    """Nothing the scene showed rested outside the frame, after any play or at the end of any section."""
    assert not built.off_frame, built.off_frame


def assert_readable_in_every_section(built: Any) -> None:
    """The checks every scene passes in every section: inside the frame, no text below the footnote size."""
    assert built.sections, "the build took no snapshot"
    assert_in_frame(built.mobjects)
    assert_never_off_frame(built)
    assert_text_sizes(built)


def _apart(a: np.ndarray, b: np.ndarray) -> bool:
    """Boxes ``[left, bottom, right, top]`` do not overlap (touching is allowed)."""
    return bool(a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def _box(m: Any) -> np.ndarray:
    return np.concatenate([m.get_corner(np.array([-1, -1, 0]))[:2], m.get_corner(np.array([1, 1, 0]))[:2]])


def apart(a: Any, b: Any) -> bool:
    """The bounding boxes of mobjects ``a`` and ``b`` do not overlap now (touching is allowed)."""
    return _apart(_box(a), _box(b))


def assert_no_overlap(mobjects: Iterable[Any], built: Any = None) -> None:
    """No two of ``mobjects`` have overlapping bounding boxes (touching is allowed).

    Checked as they are now and, with ``built`` (a scene from :func:`scene`), at the end of every section
    in which both were drawn.
    """
    mobjects = list(mobjects)
    _assert_apart(mobjects, "now", {m: _box(m) for m in mobjects})
    for snap in built.sections if built is not None else []:
        _assert_apart(mobjects, f"section {snap.section!r}", snap.boxes)


def assert_texts_apart(built: Any) -> None:
    """No two texts overlap: every text on screen now (faded ones too), and the visible ones in every section."""
    assert_no_overlap(text_mobjects(built.mobjects, visible_only=False))
    for snap in built.sections:
        _assert_apart(snap.texts, f"section {snap.section!r}", snap.boxes)


def _assert_apart(mobjects: list[Any], when: str, boxes: dict[Any, np.ndarray]) -> None:
    """No two of ``mobjects`` that have a box in ``boxes`` overlap."""
    drawn = [m for m in mobjects if m in boxes]
    for i, a in enumerate(drawn):
        for b in drawn[i + 1 :]:
            assert _apart(boxes[a], boxes[b]), f"{when}: {describe_any(a)} overlaps {describe_any(b)}"


def describe_any(m: Any) -> str:
    """A mobject by its texts, else by its class."""
    texts = text_mobjects([m])
    return ", ".join(describe(t) for t in texts[:3]) if texts else type(m).__name__


# --- pixels, points and numbers ----------------------------------------------------------------


def pixel_at(frame: np.ndarray, point: Any) -> np.ndarray:
    """RGB of the pixel under scene point ``point`` (x, y[, z]) for the default 16:9 frame."""
    h, w = frame.shape[:2]
    col = int((point[0] / FRAME_WIDTH + 0.5) * w)
    row = int((0.5 - point[1] / FRAME_HEIGHT) * h)
    return frame[min(max(row, 0), h - 1), min(max(col, 0), w - 1)].astype(int)  # type: ignore[no-any-return]


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


def spoken(built: Any, key: str) -> str:
    """The text of the first line ``key`` the scene spoke."""
    texts = [line.text for line in built.spoken if line.key == key]
    assert texts, f"line {key!r} was not spoken"
    return texts[0]


# --- bar charts ------------------------------------------------------------------------------------


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


def assert_chart_readable(chart: Any, built: Any = None) -> None:
    """Names, value labels and bars of a chart do not overlap (in every section, with ``built``)."""
    assert_no_overlap([*chart.name_labels, *chart.value_labels, *chart.bars], built)
