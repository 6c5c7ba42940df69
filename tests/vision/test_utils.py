"""make_grid and save_image against torchvision's layout, computed by hand."""

import numpy as np
import pytest

import numtorch
from numtorch.vision.utils import make_grid, save_image


def _reference_grid(arr, nrow, padding, pad_value):
    """torchvision's loop, written out: each image copied into its padded cell."""
    n, c, h, w = arr.shape
    xmaps = min(nrow, n)
    ymaps = -(-n // xmaps)
    H, W = h + padding, w + padding
    grid = np.full((c, H * ymaps + padding, W * xmaps + padding), pad_value, arr.dtype)
    for k in range(n):
        y, x = divmod(k, xmaps)
        grid[:, y * H + padding : y * H + padding + h, x * W + padding : x * W + padding + w] = arr[
            k
        ]
    return grid


def test_make_grid_layout():
    x = numtorch.rand(11, 3, 4, 5)
    for nrow, padding, pad_value in ((8, 2, 0.0), (3, 1, 0.5), (4, 0, 1.0)):
        g = make_grid(x, nrow=nrow, padding=padding, pad_value=pad_value)
        np.testing.assert_array_equal(g._data, _reference_grid(x._data, nrow, padding, pad_value))
    gray = make_grid(numtorch.rand(4, 1, 2, 2))
    assert gray.shape == (3, 6, 18)  # gray images become 3 channels
    assert make_grid(numtorch.rand(1, 3, 4, 4)).shape == (3, 4, 4)
    assert make_grid([numtorch.rand(3, 2, 2)] * 2, padding=0).shape == (3, 2, 4)


def test_make_grid_normalize():
    x = numtorch.tensor([[[[0.0, 2.0]]], [[[4.0, 8.0]]]])
    g = make_grid(x, normalize=True, padding=0)
    np.testing.assert_allclose(g._data[0], [[0.0, 0.25, 0.5, 1.0]])
    each = make_grid(x, normalize=True, scale_each=True, padding=0)
    np.testing.assert_allclose(each._data[0], [[0.0, 1.0, 0.0, 1.0]])
    clip = make_grid(x, normalize=True, value_range=(0.0, 4.0), padding=0)
    np.testing.assert_allclose(clip._data[0], [[0.0, 0.5, 1.0, 1.0]])
    with pytest.raises(TypeError, match="value_range has to be a tuple"):
        make_grid(x, normalize=True, value_range=[0, 1])


def test_save_image_png(tmp_path):
    Image = pytest.importorskip("PIL.Image", reason="Pillow is not installed")
    x = numtorch.rand(4, 3, 5, 5)
    path = tmp_path / "grid.png"
    save_image(x, str(path), nrow=2)
    got = np.asarray(Image.open(path))
    grid = make_grid(x, nrow=2)._data
    expected = np.clip(grid * 255 + 0.5, 0, 255).transpose(1, 2, 0).astype(np.uint8)
    assert np.array_equal(got, expected)
