"""The math and data layer of the softmax lecture: pure numpy, no manim.

Every number and coordinate a scene shows comes from here. Functions return
values in data space (logits, the input line, the input plane); scenes map
them to the screen with ``axes.c2p``.

The tools scenes share are exported here (``from softmax_anim import
softmax``); everything else is imported from its module. Each module is named
for what it holds:

- ``activations``: softmax, log-softmax, sigmoid, argmax, the Jacobian.
- ``formatting``: the one rule for numbers on screen (and sums with their total).
- ``params`` and ``lecture.toml``: the lecture's parameters, validated.
- ``exp_normalize``: Part A's steps, exponentiate then normalize; temperature.
- ``regions`` and ``lines1d``: exact argmax regions of linear scores (Parts B-D).
- ``connectors``: where diagram arrows start and end on shapes (Part D).
- ``mnist``, ``pca``, ``digits2d``: real MNIST digits projected to a plane (Part E).
- ``cross_entropy``, ``optimizers``, ``training``: the loss, SGD and Adam, the trainers.
- ``simplex``, ``surfaces``, ``logit_plane``, ``overflow``: Part F's geometry,
  probability surfaces, the 3-class logit plane, large logits.
- ``derivative``, ``gaussian_classes``, ``tetrahedron``: Part H, softmax's family: the
  Jacobian as shown, Gaussian classes whose posterior is softmax, the four-class simplex.
"""

from __future__ import annotations

from .activations import argmax, softmax
from .connectors import BoxShape, CircleShape, connector_endpoints
from .formatting import format_number, format_probabilities
from .mnist import load_mnist
from .params import LectureParams, LectureParamsError, lecture_params
from .regions import line_values

__all__ = [
    "BoxShape",
    "CircleShape",
    "LectureParams",
    "LectureParamsError",
    "argmax",
    "connector_endpoints",
    "format_number",
    "format_probabilities",
    "lecture_params",
    "line_values",
    "load_mnist",
    "softmax",
]
