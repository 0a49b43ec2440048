"""The math and data layer of the softmax lecture: pure numpy, no manim.

Every number and coordinate a scene shows comes from here. Functions return
values in data space (logits, the input line, the input plane); scenes map
them to the screen with ``axes.c2p``.

The general tools are exported here. Each part of the lecture has its own
module for the rest: ``pipeline`` (Part A), ``lines1d`` (Parts B-D),
``digits2d`` (Part E), ``simplex``, ``optimizers`` and ``losses`` (Part F).
"""

from __future__ import annotations

from .activations import argmax, log_softmax, naive_softmax, sigmoid, softmax, softmax_jacobian
from .formatting import format_number, format_parts, format_probabilities
from .geometry import BoxShape, CircleShape, boundary_point, connector_endpoints
from .losses import cross_entropy
from .mnist import Digits, load_mnist
from .optimizers import SGD, Adam, train_softmax_classifier
from .params import LectureParams, LectureParamsError, lecture_params, load_params
from .regions import Cell, Interval, class_cells, class_intervals, line_values, polygon_area
from .simplex import simplex_point, temperature_path
from .training import PCA, LinearSoftmaxModel, cross_entropy_loss_and_grads, fit_pca, fit_softmax_regression

__all__ = [
    "SGD",
    "Adam",
    "cross_entropy",
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
