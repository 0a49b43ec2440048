"""Real MNIST digits as mobjects: a thumbnail shows a dataset image exactly, pixel for pixel.

A :class:`DigitThumbnail` is built from a 28x28 ``uint8`` array taken from
:func:`softmax_anim.load_mnist` (never drawn or retouched), together with that
sample's dataset label and row, so tests can check the picture against the
dataset.
"""

from __future__ import annotations

from typing import Any

import manim.camera.camera as _manim_camera
import numpy as np
from manim import RESAMPLING_ALGORITHMS, Group, ImageMobject, ManimColor, Square
from numpy.typing import NDArray
from PIL import Image

__all__ = ["DigitThumbnail", "pillow_accepts_manim_canvas"]


def pillow_accepts_manim_canvas() -> bool:
    """Whether Pillow still takes manim 0.22's blank image canvas, ``fromarray(np.zeros((h, w)), mode="RGBA")``.

    Pillow 13 rejects a mode that does not match the array's dtype, which
    breaks every ``ImageMobject`` drawn by manim 0.22's Cairo camera.
    """
    try:
        Image.fromarray(np.zeros((1, 1)), mode="RGBA")
    except (ValueError, TypeError):
        return False
    return True


class _CanvasCompatibleImage:
    """``PIL.Image`` for manim's camera module, with the blank RGBA canvas built the way Pillow 13 accepts.

    Everything except that one call is passed to ``PIL.Image`` unchanged.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(Image, name)

    @staticmethod
    def fromarray(obj: Any, mode: str | None = None) -> Image.Image:
        arr = np.asarray(obj)
        if mode == "RGBA" and arr.ndim == 2 and not arr.any():
            return Image.new("RGBA", (arr.shape[1], arr.shape[0]))  # transparent black, as before
        return Image.fromarray(arr, mode=mode) if mode is not None else Image.fromarray(arr)


if not pillow_accepts_manim_canvas() and _manim_camera.Image is Image:
    _manim_camera.Image = _CanvasCompatibleImage()  # type: ignore[assignment]


class DigitThumbnail(Group):
    """A real 28x28 digit image with a frame in its class colour.

    Parameters
    ----------
    pixels : numpy.ndarray, shape (28, 28), uint8
        The dataset image (white ink on black), shown unchanged.
    label : int
        The sample's dataset label: the digit the frame colour stands for.
    dataset_index : int
        The sample's row in the MNIST file.
    side : float
        Side of the square in scene units.
    color : ManimColor
        Frame colour (the label's class colour).

    Attributes
    ----------
    image : ImageMobject
        Its ``pixel_array[:, :, 0]`` equals ``pixels``.
    frame : Square
    pixels : numpy.ndarray
    label, dataset_index : int
    """

    def __init__(
        self,
        pixels: NDArray[np.uint8],
        label: int,
        dataset_index: int,
        side: float,
        color: ManimColor,
        frame_width: float = 2.5,
    ) -> None:
        pixels = np.asarray(pixels)
        if pixels.shape != (28, 28) or pixels.dtype != np.uint8:
            raise ValueError(f"a digit thumbnail needs a 28x28 uint8 image, got {pixels.shape} {pixels.dtype}")
        self.pixels = pixels
        self.label = int(label)
        self.dataset_index = int(dataset_index)
        self.image = ImageMobject(pixels, image_mode="RGBA")
        self.image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        self.image.height = side
        self.frame = Square(side_length=side, color=color, stroke_width=frame_width)
        super().__init__(self.image, self.frame)
