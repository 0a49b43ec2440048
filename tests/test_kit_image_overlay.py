"""An overlay composited only over its box gives manim's pixels (scenes/kit/image_overlay.py)."""

from __future__ import annotations

import numpy as np
import pytest
from manim.camera.camera import Camera
from PIL import Image

import scenes.kit  # noqa: F401  (applies the kit's overlay rule)


def full_frame_composite(pixel_array: np.ndarray, image: Image.Image) -> None:
    """manim's own rule: the whole frame alpha-composited with the whole overlay."""
    pixel_array[:, :] = np.array(Image.alpha_composite(Image.fromarray(pixel_array, mode="RGBA"), image), dtype="uint8")


@pytest.mark.parametrize("box", [(30, 20, 90, 70), (0, 0, 40, 30), (150, 100, 160, 108), None],
                         ids=["inside", "at-the-corner", "at-the-far-edge", "empty"])
def test_compositing_in_the_box_gives_the_full_frame_pixels(box):
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 256, (108, 160, 4), dtype=np.uint8)
    frame[..., 3] = 255
    overlay = np.zeros((108, 160, 4), np.uint8)
    if box is not None:
        x0, y0, x1, y1 = box
        overlay[y0:y1, x0:x1] = rng.integers(0, 256, (y1 - y0, x1 - x0, 4), dtype=np.uint8)
        overlay[y0, x0, 3] = 255  # the box's corners are not fully transparent
        overlay[y1 - 1, x1 - 1, 3] = 255
    image = Image.fromarray(overlay, mode="RGBA")
    expected, got = frame.copy(), frame.copy()
    full_frame_composite(expected, image)
    Camera().overlay_PIL_image(got, image)  # the kit's rule, applied on import
    np.testing.assert_array_equal(got, expected)
    assert Camera.overlay_PIL_image.__module__ == "scenes.kit.image_overlay"
