"""The math and data layer of the softmax lecture: pure numpy, no manim.

Every number and coordinate a scene shows comes from here. Functions return
values in data space (logits, the input line, the input plane); scenes map
them to the screen with ``axes.c2p``.

The general tools are exported here. Each module is named for what it holds:

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
"""

from __future__ import annotations

from .activations import argmax, log_softmax, naive_softmax, sigmoid, softmax, softmax_jacobian
from .connectors import BoxShape, CircleShape, boundary_point, connector_endpoints
from .cross_entropy import cross_entropy_loss_and_grads
from .formatting import format_number, format_parts, format_probabilities
from .mnist import Digits, load_mnist
from .optimizers import SGD, Adam
from .params import LectureParams, LectureParamsError, lecture_params, load_params
from .pca import PCA, fit_pca
from .regions import Cell, Interval, class_cells, class_intervals, line_values, polygon_area
from .simplex import simplex_point, temperature_path
from .training import LinearSoftmaxModel, fit_softmax_regression, train_softmax_classifier

__all__ = [
    "SGD",
    "Adam",
    "simplex_point",
    "temperature_path",
    "train_softmax_classifier",
    "PCA",
    "BoxShape",
    "Cell",
    "CircleShape",
    "Digits",
    "Interval",
    "LectureParams",
    "LectureParamsError",
    "LinearSoftmaxModel",
    "argmax",
    "boundary_point",
    "class_cells",
    "class_intervals",
    "connector_endpoints",
    "cross_entropy_loss_and_grads",
    "fit_pca",
    "fit_softmax_regression",
    "format_number",
    "format_parts",
    "format_probabilities",
    "lecture_params",
    "line_values",
    "load_mnist",
    "load_params",
    "log_softmax",
    "naive_softmax",
    "polygon_area",
    "sigmoid",
    "softmax",
    "softmax_jacobian",
]
