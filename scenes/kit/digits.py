"""Real MNIST digits as mobjects: a thumbnail shows a dataset image exactly, pixel for pixel.

A :class:`DigitThumbnail` is built from a 28x28 ``uint8`` array taken from
:func:`softmax_anim.load_mnist` (never drawn or retouched), together with that
sample's dataset label and row, so tests can check the picture against the
dataset.
"""

from __future__ import annotations

import numpy as np
from manim import RESAMPLING_ALGORITHMS, Group, ImageMobject, ManimColor, Square
from numpy.typing import NDArray

__all__ = ["DigitThumbnail"]


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
