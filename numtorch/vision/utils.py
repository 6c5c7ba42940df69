"""Image utilities: make_grid and save_image (``torchvision.utils``)."""

from __future__ import annotations

import math

import numpy as np

import numtorch
from numtorch._tensor import Tensor

__all__ = ["make_grid", "save_image"]


def _to_4d(tensor) -> np.ndarray:
    """(B, C, H, W) with gray images repeated to 3 channels, as torchvision does."""
    if isinstance(tensor, list):
        tensor = numtorch.stack(tensor, dim=0)
    if not isinstance(tensor, Tensor):
        raise TypeError("tensor should be of type torch.Tensor")
    arr = tensor.detach()._data
    if arr.ndim == 2:
        arr = arr[None]
    if arr.ndim == 3:
        if arr.shape[0] == 1:
            arr = np.concatenate((arr, arr, arr), 0)
        arr = arr[None]
    if arr.ndim == 4 and arr.shape[1] == 1:
        arr = np.concatenate((arr, arr, arr), 1)
    return arr


def _norm(arr: np.ndarray, value_range, axes) -> np.ndarray:
    """Clamp to [low, high] and map to [0, 1]; ``axes`` gives per-image ranges (scale_each)."""
    if value_range is not None:
        low, high = np.asarray(value_range[0]), np.asarray(value_range[1])
    else:
        low = arr.min(axis=axes, keepdims=True).astype(np.float64)
        high = arr.max(axis=axes, keepdims=True).astype(np.float64)
    # bounds and divisor are cast to the image dtype, as torch does with its Python scalars
    scale = np.maximum(high - low, 1e-5).astype(arr.dtype)
    low_t, high_t = np.asarray(low).astype(arr.dtype), np.asarray(high).astype(arr.dtype)
    out = np.clip(arr, low_t, high_t)
    return (out - low_t) / scale


def make_grid(
    tensor,
    nrow: int = 8,
    padding: int = 2,
    normalize: bool = False,
    value_range: tuple | None = None,
    scale_each: bool = False,
    pad_value: float = 0.0,
) -> Tensor:
    """Make a grid of images: ``(B, C, H, W)`` or a list of images to ``(3 or C, H', W')``.

    Args:
        nrow (int): images per row. padding (int): pixels between images.
        normalize (bool): shift to [0, 1] by ``value_range`` (default: the min and max).
        scale_each (bool): normalize each image by its own min and max.
        pad_value (float): the value of the padding pixels.
    """
    arr = _to_4d(tensor)
    if normalize is True:
        if value_range is not None and not isinstance(value_range, tuple):
            raise TypeError(
                "value_range has to be a tuple (min, max) if specified. min and max are numbers"
            )
        axes = (1, 2, 3) if scale_each is True else None
        arr = _norm(arr, value_range, axes)
    if arr.shape[0] == 1:
        return Tensor._make(np.ascontiguousarray(arr[0]))
    nmaps, num_channels = arr.shape[0], arr.shape[1]
    xmaps = min(nrow, nmaps)
    ymaps = int(math.ceil(float(nmaps) / xmaps))
    height, width = int(arr.shape[2] + padding), int(arr.shape[3] + padding)
    # every image sits at the bottom right of its padded tile; the tiles are then laid out
    # row-major with one reshape instead of a copy per image
    tiles = np.full((ymaps * xmaps, num_channels, height, width), pad_value, dtype=arr.dtype)
    tiles[:nmaps, :, padding:, padding:] = arr
    grid = np.full(
        (num_channels, height * ymaps + padding, width * xmaps + padding), pad_value, arr.dtype
    )
    grid[:, : height * ymaps, : width * xmaps] = (
        tiles.reshape(ymaps, xmaps, num_channels, height, width)
        .transpose(2, 0, 3, 1, 4)
        .reshape(num_channels, ymaps * height, xmaps * width)
    )
    return Tensor._make(grid)


def save_image(tensor, fp, format: str | None = None, **kwargs) -> None:
    """Save a tensor (or a batch, laid out by :func:`make_grid`) as an image file (Pillow)."""
    from PIL import Image

    grid = make_grid(tensor, **kwargs)._data
    arr = grid.astype(np.float32) if grid.dtype.kind != "f" else grid
    scaled = np.clip(arr * arr.dtype.type(255) + arr.dtype.type(0.5), 0, 255)
    ndarr = scaled.transpose(1, 2, 0).astype(np.uint8)
    if ndarr.shape[2] == 1:
        ndarr = ndarr[:, :, 0]
    Image.fromarray(ndarr).save(fp, format=format)
