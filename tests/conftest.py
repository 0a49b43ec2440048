"""Shared scene-test harness: build scenes in-process without encoding video, render small stills."""

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

    Every animation plays to its end at ``frame_rate`` 1 (cheap), so the scene
    holds its final mobjects and the attributes ``construct`` set. The beats
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
    original = scene_cls.next_section

    def recording(self: Any, name: str = "unnamed", *args: Any, **kwargs: Any) -> Any:
        names.append(name)
        return original(self, name, *args, **kwargs)

    with tempconfig(options), pytest.MonkeyPatch.context() as mp:
        mp.setattr(scene_cls, "next_section", recording)
        if params_file is not None:
            mp.setenv("SOFTMAX_ANIM_PARAMS", str(params_file))
        scene = scene_cls()
        scene.render()
        if still is not None:
            # A closing self.wait() leaves its frozen background behind; drawing over it would
            # double every translucent fill, so draw the final mobjects on a clean frame.
            scene.renderer.static_image = None
            scene.renderer.update_frame(scene)
            scene.still = np.array(scene.renderer.get_frame())[:, :, :3]
    scene.section_names = names
    return scene


@pytest.fixture(scope="session")
def scene_media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One media folder for the whole session, so LaTeX is compiled once per formula."""
    return tmp_path_factory.mktemp("media")


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
