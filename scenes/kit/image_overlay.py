"""An image (an MNIST thumbnail) is composited onto the frame only where it lies.

manim's Cairo camera draws an ``ImageMobject`` by pasting it into a transparent
image as large as the frame and alpha-compositing that whole image onto the
frame: at 1080p, a few full-frame copies per thumbnail per frame, which made the
scenes with digit thumbnails (WeightVectors2D, CalibrationOnDigits) the slowest
to build. Compositing only the box the overlay covers gives the same pixels
(outside it the overlay is fully transparent and leaves the frame as it is):
``tests/test_kit_image_overlay.py``.
"""

from __future__ import annotations

import numpy as np
from manim.camera.camera import Camera
from PIL import Image

__all__ = ["composite_in_box"]


def _overlay_in_box(self: Camera, pixel_array: np.ndarray, image: Image.Image) -> None:
    box = image.getbbox(alpha_only=True)  # where the overlay is not fully transparent
    if box is None:
        return
    x0, y0, x1, y1 = box
    under = Image.fromarray(np.ascontiguousarray(pixel_array[y0:y1, x0:x1]), mode=self.image_mode)
    pixel_array[y0:y1, x0:x1] = np.asarray(Image.alpha_composite(under, image.crop(box)), dtype="uint8")


def composite_in_box() -> None:
    """Make the camera composite overlays (images) only over the box they cover; idempotent."""
    Camera.overlay_PIL_image = _overlay_in_box  # type: ignore[method-assign]
