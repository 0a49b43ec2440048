"""Plain SGD and Adam, following their textbook update rules with explicit state.

The state is explicit, so a test can check one step by hand:

* SGD: ``theta <- theta - lr * g``.
* Adam (Kingma & Ba, 2015): ``m <- b1 m + (1 - b1) g``, ``v <- b2 v + (1 - b2) g^2``,
  ``m_hat = m / (1 - b1^t)``, ``v_hat = v / (1 - b2^t)``,
  ``theta <- theta - lr * m_hat / (sqrt(v_hat) + eps)``.

The training loop that uses them is :func:`softmax_anim.training.train_softmax_classifier`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["SGD", "Adam", "AdamState", "Params"]

Params = tuple[NDArray[np.float64], ...]


@dataclass(frozen=True)
class SGD:
    """Plain stochastic gradient descent: ``theta <- theta - lr * g``.

    Examples
    --------
    >>> opt = SGD(learning_rate=0.5)
    >>> (w,), state = opt.step((np.array([1.0, 2.0]),), (np.array([0.2, -0.4]),), opt.init(()))
    >>> w.tolist(), state
    ([0.9, 2.2], 1)
    """

    learning_rate: float
    name: str = "SGD"

    def __post_init__(self) -> None:
        if not (np.isfinite(self.learning_rate) and self.learning_rate > 0):
            raise ValueError(f"learning_rate must be finite and > 0, got {self.learning_rate}")

    def init(self, params: Params) -> int:
        """State before the first step: the step count 0 (SGD keeps nothing else)."""
        return 0

    def step(self, params: Params, grads: Params, state: int) -> tuple[Params, int]:
        """One update; returns new parameters and the new step count. Inputs are not modified."""
        return tuple(p - self.learning_rate * g for p, g in zip(params, grads, strict=True)), state + 1


@dataclass(frozen=True, eq=False)
class AdamState:
    """Adam's state: step count ``t`` and the moment estimates ``m``, ``v`` (one array per parameter)."""

    t: int
    m: Params
    v: Params


@dataclass(frozen=True)
class Adam:
    """Adam with bias-corrected first and second moment estimates.

    Examples
    --------
    >>> opt = Adam(learning_rate=0.1)
    >>> params = (np.array([1.0, -1.0]),)
    >>> (w,), state = opt.step(params, (np.array([3.0, -0.5]),), opt.init(params))
    >>> w.round(6).tolist(), state.t  # the first step moves every weight by about lr
    ([0.9, -0.9], 1)
    """

    learning_rate: float
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    name: str = field(default="Adam")

    def __post_init__(self) -> None:
        if not (np.isfinite(self.learning_rate) and self.learning_rate > 0):
            raise ValueError(f"learning_rate must be finite and > 0, got {self.learning_rate}")
        for label, beta in (("beta1", self.beta1), ("beta2", self.beta2)):
            if not 0 <= beta < 1:
                raise ValueError(f"{label} must be in [0, 1), got {beta}")
        if not self.eps > 0:
            raise ValueError(f"eps must be > 0, got {self.eps}")

    def init(self, params: Params) -> AdamState:
        """Zero moments, step count 0."""
        zeros = tuple(np.zeros_like(p, dtype=float) for p in params)
        return AdamState(0, zeros, zeros)

    def step(self, params: Params, grads: Params, state: AdamState) -> tuple[Params, AdamState]:
        """One update; returns new parameters and new state. Inputs are not modified."""
        t = state.t + 1
        m = tuple(self.beta1 * mi + (1 - self.beta1) * g for mi, g in zip(state.m, grads, strict=True))
        v = tuple(self.beta2 * vi + (1 - self.beta2) * g**2 for vi, g in zip(state.v, grads, strict=True))
        new = []
        for p, mi, vi in zip(params, m, v, strict=True):
            m_hat = mi / (1 - self.beta1**t)
            v_hat = vi / (1 - self.beta2**t)
            new.append(p - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps))
        return tuple(new), AdamState(t, m, v)
