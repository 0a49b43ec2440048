"""Shared fixtures: build scenes in-process without encoding video, render small stills."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

# 0.5 px at 1080p: 1920 px across manim's default frame width.
FRAME_WIDTH = 14.222222222222221
HALF_PIXEL_1080P = 0.5 * FRAME_WIDTH / 1920


@pytest.fixture(scope="session")
def scene_media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One media folder for the whole session, so LaTeX is compiled once per formula."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def build_scene(scene_media_dir: Path) -> Iterator[Callable[..., object]]:
    """Run a scene's ``construct`` in-process (dry run: no video), return the scene.

    Animations are skipped to their end states, so the returned scene holds its
    final mobjects and every attribute ``construct`` set.
    """
    from manim import tempconfig

    def build(scene_cls: type, **overrides: object) -> object:
        options = {
            "dry_run": True,
            "disable_caching": True,
            "media_dir": str(scene_media_dir),
            "quality": "low_quality",
            "frame_rate": 1,
            "verbosity": "WARNING",
            "progress_bar": "none",
        }
        options.update(overrides)
        with tempconfig(options):
            scene = scene_cls()
            scene.render()
        return scene

    yield build


@pytest.fixture
def render_still(scene_media_dir: Path) -> Callable[..., tuple[object, np.ndarray]]:
    """Render a scene's last frame at a small size; return ``(scene, rgb array (H, W, 3))``.

    Use ``scene.camera`` / :func:`pixel_at` to map scene points to pixels.
    """
    from manim import tempconfig

    def render(scene_cls: type, width: int = 480, height: int = 270, **overrides: object):
        options = {
            "dry_run": True,
            "disable_caching": True,
            "media_dir": str(scene_media_dir),
            "pixel_width": width,
            "pixel_height": height,
            "frame_rate": 1,
            "verbosity": "WARNING",
            "progress_bar": "none",
        }
        options.update(overrides)
        with tempconfig(options):
            scene = scene_cls()
            scene.render()
            # A closing self.wait() leaves its frozen background behind; drawing over it would
            # double every translucent fill, so draw the final mobjects on a clean frame.
            scene.renderer.static_image = None
            scene.renderer.update_frame(scene)
            frame = np.array(scene.renderer.get_frame())[:, :, :3]
        return scene, frame

    return render


def pixel_at(frame: np.ndarray, point: np.ndarray) -> np.ndarray:
    """RGB of the pixel under scene point ``point`` (x, y[, z]) for the default 16:9 frame."""
    h, w = frame.shape[:2]
    frame_height = FRAME_WIDTH * 9 / 16
    col = int((point[0] / FRAME_WIDTH + 0.5) * w)
    row = int((0.5 - point[1] / frame_height) * h)
    return frame[min(max(row, 0), h - 1), min(max(col, 0), w - 1)].astype(int)
