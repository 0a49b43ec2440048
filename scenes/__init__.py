"""The lecture's scenes, and their order: the one place the lecture is listed.

Each part of the lecture is one file in this folder; each scene class is one
story beat. This module imports no manim, so tools can read the order cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SCENES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SceneEntry:
    """One scene of the lecture: the file (in ``scenes/``) that holds it, its class and title."""

    file: str
    name: str
    title: str

    @property
    def path(self) -> Path:
        """Absolute path of the scene's file."""
        return SCENES_DIR / self.file


LECTURE: tuple[SceneEntry, ...] = (
    # Part A - from logits to probabilities
    SceneEntry("part_a_logits_to_probabilities.py", "LogitsAreNotProbabilities", "Logits are not probabilities"),
    SceneEntry("part_a_logits_to_probabilities.py", "ExponentiateThenNormalize", "Exponentiate, then normalize"),
    SceneEntry("part_a_logits_to_probabilities.py", "Temperature", "Temperature"),
    # Part H - softmax's family, placed where each teaches best
    SceneEntry("part_h_sigmoid.py", "TwoClassesSigmoid", "Two classes: the sigmoid"),
    # Part B - softmax in one dimension
    SceneEntry("part_b_class_regions.py", "ClassRegions1D", "Coloured class regions in one dimension"),
    SceneEntry("part_h_gaussians.py", "GaussianClassesSoftmax", "Gaussian classes give softmax"),
    # Part C - argmax on arrays
    SceneEntry("part_c_argmax.py", "ArgmaxOnArrays", "argmax on arrays"),
    SceneEntry("part_c_argmax.py", "LinesSoftmaxArgmax", "Lines, softmax, argmax"),
    # Part D - the classifier as a diagram
    SceneEntry("part_d_classifier_diagram.py", "ClassifierDiagram", "The classifier as a diagram"),
    # Part E - softmax in two dimensions on real digits
    SceneEntry("part_e_mnist_2d.py", "WeightVectors2D", "Weight vectors on real MNIST digits"),
    # Part F - beyond the lecture
    SceneEntry("part_f_surfaces.py", "SoftmaxSurfaces3D", "Softmax in 3D"),
    SceneEntry("part_f_simplex.py", "ProbabilitySimplex", "The probability simplex"),
    SceneEntry("part_h_tetrahedron.py", "FourClassesTetrahedron", "Four classes: the tetrahedron"),
    SceneEntry("part_f_large_logits.py", "LargeLogits", "Large logits and temperature scaling"),
    SceneEntry("part_f_training.py", "TrainingLogitPaths", "Logit paths under SGD and Adam"),
    SceneEntry("part_f_cross_entropy.py", "CrossEntropyBridge", "Bridge to cross-entropy"),
    # Part G - softmax at work
    SceneEntry("part_g_code.py", "SoftmaxInCode", "Softmax in code"),
    SceneEntry("part_h_jacobian.py", "SoftmaxJacobian", "The derivative of softmax"),
    SceneEntry("part_g_gradient.py", "SoftmaxGradient", "The gradient of cross-entropy on softmax"),
    SceneEntry("part_g_calibration.py", "CalibrationOnDigits", "Calibration on real digits"),
    SceneEntry("part_g_attention.py", "AttentionWeights", "Softmax inside attention"),
)
