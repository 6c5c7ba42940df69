"""Transform classes (``torchvision.transforms``): callables on PIL and tensor images.

Random transforms draw from numtorch's global generator exactly as torchvision draws from
torch's, so seeded pipelines agree. Transforms with a ``_batch`` method can also run on a whole
batch at once (the DataLoader fast path, see :func:`batch_transform`).
"""

from __future__ import annotations

import math
import numbers
import random

import numpy as np

import numtorch
from numtorch._tensor import Tensor

from . import functional as F
from .functional import InterpolationMode, _setup_size

__all__ = [
    "Compose", "ToTensor", "PILToTensor", "ToPILImage", "ConvertImageDtype", "Normalize",
    "Lambda", "Resize", "CenterCrop", "RandomCrop", "RandomResizedCrop", "FiveCrop", "Pad",
    "RandomHorizontalFlip", "RandomVerticalFlip", "RandomRotation", "Grayscale",
    "RandomGrayscale", "RandomApply", "RandomChoice", "RandomOrder", "InterpolationMode",
]  # fmt: skip


def _list_repr(name, transforms, head=None):
    s = name + "("
    if head is not None:
        s += f"\n    {head}"
    for t in transforms:
        s += f"\n    {t}"
    return s + "\n)"


class Compose:
    """Composes several transforms together, applied in order."""

    def __init__(self, transforms) -> None:
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self) -> str:
        return _list_repr(self.__class__.__name__, self.transforms)


class ToTensor:
    """PIL image or HxWxC ndarray (uint8) to a CxHxW float tensor in [0, 1]."""

    def __call__(self, pic):
        return F.to_tensor(pic)

    def _batch(self, state):
        kind, arr = state
        if kind != "pil" or arr.dtype != np.uint8:
            return NotImplemented
        arr = arr[:, None] if arr.ndim == 3 else arr.transpose(0, 3, 1, 2)
        np_dtype = np.float64 if numtorch.get_default_dtype() is numtorch.float64 else np.float32
        out = np.empty(arr.shape, np_dtype)
        np.divide(arr, np_dtype(255), out=out, dtype=np_dtype)  # one pass, no uint8->float copy
        return "tensor", out

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}()"


class PILToTensor:
    """PIL image to a CxHxW tensor of the image's dtype (no scaling)."""

    def __call__(self, pic):
        return F.pil_to_tensor(pic)

    def _batch(self, state):
        kind, arr = state
        if kind != "pil":
            return NotImplemented
        arr = arr[:, None] if arr.ndim == 3 else arr.transpose(0, 3, 1, 2)
        return "tensor", np.ascontiguousarray(arr)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}()"


class ToPILImage:
    """Tensor or ndarray to a PIL image."""

    def __init__(self, mode=None) -> None:
        self.mode = mode

    def __call__(self, pic):
        return F.to_pil_image(pic, self.mode)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(mode={self.mode})" if self.mode else "ToPILImage()"


class ConvertImageDtype:
    """Converts a tensor image to ``dtype``, scaling its values."""

    def __init__(self, dtype) -> None:
        self.dtype = dtype

    def __call__(self, image):
        return F.convert_image_dtype(image, self.dtype)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(dtype={self.dtype})"


class Normalize:
    """``output[c] = (input[c] - mean[c]) / std[c]`` on a float tensor image."""

    def __init__(self, mean, std, inplace=False) -> None:
        self.mean = mean
        self.std = std
        self.inplace = inplace

    def __call__(self, tensor):
        return F.normalize(tensor, self.mean, self.std, self.inplace)

    def _batch(self, state):
        kind, arr = state
        if kind != "tensor" or arr.dtype.kind != "f":
            return NotImplemented
        # the batch array is ours (made by an earlier step), so normalizing in place is safe
        F._normalize_array(arr, self.mean, self.std, arr.dtype)
        return state

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(mean={self.mean}, std={self.std})"


class Lambda:
    """Applies a user function as a transform."""

    def __init__(self, lambd) -> None:
        if not callable(lambd):
            raise TypeError(f"Argument lambd should be callable, got {repr(type(lambd).__name__)}")
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}()"


class Resize:
    """Resize to ``size`` (an int resizes the shorter side, keeping the aspect ratio)."""

    def __init__(self, size, interpolation=InterpolationMode.BILINEAR, max_size=None,
                 antialias=True):  # fmt: skip
        if not isinstance(size, (int, list, tuple)):
            raise TypeError(f"Size should be int or sequence. Got {type(size)}")
        self.size = size
        self.max_size = max_size
        self.interpolation = interpolation
        self.antialias = antialias

    def __call__(self, img):
        return F.resize(img, self.size, self.interpolation, self.max_size, self.antialias)

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__}(size={self.size}, interpolation="
            f"{self.interpolation.value}, max_size={self.max_size}, antialias={self.antialias})"
        )


class CenterCrop:
    """Crops the center of the image to ``size``."""

    def __init__(self, size) -> None:
        self.size = _setup_size(size)

    def __call__(self, img):
        return F.center_crop(img, self.size)

    def _batch(self, state):
        kind, arr = state
        h, w = (arr.shape[1:3]) if kind == "pil" else arr.shape[-2:]
        th, tw = self.size
        if th > h or tw > w:
            return NotImplemented
        top, left = int(round((h - th) / 2.0)), int(round((w - tw) / 2.0))
        if kind == "pil":
            return kind, arr[:, top : top + th, left : left + tw]
        return kind, np.ascontiguousarray(arr[..., top : top + th, left : left + tw])

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(size={self.size})"


class Pad:
    """Pads every border of the image."""

    def __init__(self, padding, fill=0, padding_mode="constant") -> None:
        F._pad_arg(padding)  # validates
        self.padding = padding
        self.fill = fill
        self.padding_mode = padding_mode

    def __call__(self, img):
        return F.pad(img, self.padding, self.fill, self.padding_mode)

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__}(padding={self.padding}, fill={self.fill}, "
            f"padding_mode={self.padding_mode})"
        )


class RandomCrop:
    """Crops a random ``size`` region (after optional padding)."""

    @staticmethod
    def get_params(img, output_size):
        _, h, w = F.get_dimensions(img)
        th, tw = output_size
        if h < th or w < tw:
            raise ValueError(
                f"Required crop size {(th, tw)} is larger than input image size {(h, w)}"
            )
        if w == tw and h == th:
            return 0, 0, h, w
        i = numtorch.randint(0, h - th + 1, size=(1,)).item()
        j = numtorch.randint(0, w - tw + 1, size=(1,)).item()
        return i, j, th, tw

    def __init__(self, size, padding=None, pad_if_needed=False, fill=0, padding_mode="constant"):
        self.size = _setup_size(size)
        self.padding = padding
        self.pad_if_needed = pad_if_needed
        self.fill = fill
        self.padding_mode = padding_mode

    def __call__(self, img):
        if self.padding is not None:
            img = F.pad(img, self.padding, self.fill, self.padding_mode)
        _, height, width = F.get_dimensions(img)
        if self.pad_if_needed and width < self.size[1]:
            img = F.pad(img, [self.size[1] - width, 0], self.fill, self.padding_mode)
        if self.pad_if_needed and height < self.size[0]:
            img = F.pad(img, [0, self.size[0] - height], self.fill, self.padding_mode)
        i, j, h, w = self.get_params(img, self.size)
        return F.crop(img, i, j, h, w)

    def _batch(self, state):
        kind, arr = state
        if self.pad_if_needed or not isinstance(self.fill, numbers.Number):
            return NotImplemented
        sp = (1, 2) if kind == "pil" else (arr.ndim - 2, arr.ndim - 1)  # spatial axes
        if self.padding is not None:
            left, top, right, bottom = F._pad_arg(self.padding)
            widths = [(0, 0)] * arr.ndim
            widths[sp[0]], widths[sp[1]] = (top, bottom), (left, right)
            mode = {"constant": {"constant_values": self.fill}}.get(self.padding_mode, {})
            arr = np.pad(arr, widths, mode=self.padding_mode, **mode)
        (h, w), (th, tw) = (arr.shape[sp[0]], arr.shape[sp[1]]), self.size
        if h < th or w < tw or (h - th != w - tw and (h, w) != (th, tw)):
            # per sample, i and j are drawn alternately; with equal bounds that is one
            # randint of 2N values, otherwise the batch would need a draw per sample
            return NotImplemented
        if (h, w) == (th, tw):
            return kind, arr
        n = len(arr)
        ij = numtorch.randint(0, h - th + 1, size=(2 * n,))._data.reshape(n, 2)
        windows = np.lib.stride_tricks.sliding_window_view(arr, (th, tw), axis=sp)
        rows = np.arange(n)
        if kind == "pil":
            out = windows[rows, ij[:, 0], ij[:, 1]]  # (N, [C,] th, tw)
            out = np.moveaxis(out, 1, -1) if arr.ndim == 4 else out
        else:
            out = windows[rows, ..., ij[:, 0], ij[:, 1], :, :]
        return kind, np.ascontiguousarray(out)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(size={self.size}, padding={self.padding})"


class RandomResizedCrop:
    """A random crop of random area and aspect ratio, resized to ``size``."""

    def __init__(self, size, scale=(0.08, 1.0), ratio=(3.0 / 4.0, 4.0 / 3.0),
                 interpolation=InterpolationMode.BILINEAR, antialias=True):  # fmt: skip
        self.size = _setup_size(size)
        self.scale = scale
        self.ratio = ratio
        self.interpolation = interpolation
        self.antialias = antialias

    @staticmethod
    def get_params(img, scale, ratio):
        _, height, width = F.get_dimensions(img)
        area = height * width
        log_ratio = numtorch.log(numtorch.tensor(ratio))
        for _ in range(10):
            target_area = area * numtorch.empty(1).uniform_(scale[0], scale[1]).item()
            aspect_ratio = numtorch.exp(
                numtorch.empty(1).uniform_(float(log_ratio[0]), float(log_ratio[1]))
            ).item()
            w = int(round(math.sqrt(target_area * aspect_ratio)))
            h = int(round(math.sqrt(target_area / aspect_ratio)))
            if 0 < w <= width and 0 < h <= height:
                i = numtorch.randint(0, height - h + 1, size=(1,)).item()
                j = numtorch.randint(0, width - w + 1, size=(1,)).item()
                return i, j, h, w
        in_ratio = float(width) / float(height)  # fallback: the central crop
        if in_ratio < min(ratio):
            w, h = width, int(round(width / min(ratio)))
        elif in_ratio > max(ratio):
            h, w = height, int(round(height * max(ratio)))
        else:
            w, h = width, height
        return (height - h) // 2, (width - w) // 2, h, w

    def __call__(self, img):
        i, j, h, w = self.get_params(img, self.scale, self.ratio)
        return F.resized_crop(img, i, j, h, w, self.size, self.interpolation)

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__}(size={self.size}, scale="
            f"{tuple(round(s, 4) for s in self.scale)}, ratio="
            f"{tuple(round(r, 4) for r in self.ratio)}, interpolation="
            f"{self.interpolation.value}, antialias={self.antialias})"
        )


class FiveCrop:
    """The four corners and the center crop."""

    def __init__(self, size) -> None:
        self.size = _setup_size(size)

    def __call__(self, img):
        return F.five_crop(img, self.size)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(size={self.size})"


class _RandomFlip:
    _flip = None
    _axis = None

    def __init__(self, p=0.5) -> None:
        self.p = p

    def __call__(self, img):
        if numtorch.rand(1) < self.p:
            return type(self)._flip(img)
        return img

    def _batch(self, state):
        kind, arr = state
        # rand(N) is the same stream as N calls of rand(1): the draws match per-sample order
        flip = numtorch.rand(len(arr))._data < self.p
        if kind == "pil":  # (N, H, W[, C])
            axis = 2 if self._axis == -1 else 1
        else:  # (N, C, H, W)
            axis = arr.ndim + self._axis
        out = arr.copy()
        out[flip] = np.flip(arr[flip], axis=axis)
        return kind, out

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(p={self.p})"


class RandomHorizontalFlip(_RandomFlip):
    """Flips the image left to right with probability ``p``."""

    _flip = staticmethod(F.hflip)
    _axis = -1


class RandomVerticalFlip(_RandomFlip):
    """Flips the image top to bottom with probability ``p``."""

    _flip = staticmethod(F.vflip)
    _axis = -2


class RandomRotation:
    """Rotates a PIL image by an angle drawn uniformly from ``degrees``."""

    def __init__(self, degrees, interpolation=InterpolationMode.NEAREST, expand=False,
                 center=None, fill=0):  # fmt: skip
        if isinstance(degrees, numbers.Number):
            if degrees < 0:
                raise ValueError("If degrees is a single number, it must be positive.")
            degrees = [-degrees, degrees]
        self.degrees = [float(d) for d in degrees]
        self.interpolation = interpolation
        self.expand = expand
        self.center = center
        self.fill = fill

    @staticmethod
    def get_params(degrees) -> float:
        return float(numtorch.empty(1).uniform_(float(degrees[0]), float(degrees[1])).item())

    def __call__(self, img):
        angle = self.get_params(self.degrees)
        return F.rotate(img, angle, self.interpolation, self.expand, self.center, self.fill)

    def __repr__(self) -> str:
        s = (
            f"{self.__class__.__name__}(degrees={self.degrees}, interpolation="
            f"{self.interpolation.value}, expand={self.expand}"
        )
        if self.center is not None:
            s += f", center={self.center}"
        if self.fill is not None:
            s += f", fill={self.fill}"
        return s + ")"


class Grayscale:
    """Converts the image to grayscale with 1 or 3 output channels."""

    def __init__(self, num_output_channels=1) -> None:
        self.num_output_channels = num_output_channels

    def __call__(self, img):
        return F.rgb_to_grayscale(img, self.num_output_channels)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(num_output_channels={self.num_output_channels})"


class RandomGrayscale:
    """Converts to grayscale (keeping the channel count) with probability ``p``."""

    def __init__(self, p=0.1) -> None:
        self.p = p

    def __call__(self, img):
        num_output_channels, _, _ = F.get_dimensions(img)
        if numtorch.rand(1) < self.p:
            return F.rgb_to_grayscale(img, num_output_channels)
        return img

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(p={self.p})"


class RandomApply:
    """Applies the list of transforms with probability ``p``."""

    def __init__(self, transforms, p=0.5) -> None:
        self.transforms = transforms
        self.p = p

    def __call__(self, img):
        if self.p < numtorch.rand(1):
            return img
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self) -> str:
        return _list_repr(self.__class__.__name__, self.transforms, head=f"p={self.p}")


class RandomChoice:
    """Applies one transform picked at random (Python's ``random``, as torchvision)."""

    def __init__(self, transforms, p=None) -> None:
        if p is not None and len(p) != len(transforms):
            raise ValueError(
                f"Length of p doesn't match the number of transforms: {len(p)} != {len(transforms)}"
            )
        self.transforms = transforms
        self.p = p

    def __call__(self, *args):
        t = random.choices(self.transforms, weights=self.p)[0]
        return t(*args)

    def __repr__(self) -> str:
        return f"{_list_repr(self.__class__.__name__, self.transforms)[:-2]}(p={self.p})"


class RandomOrder:
    """Applies the transforms in a random order (Python's ``random``)."""

    def __init__(self, transforms) -> None:
        self.transforms = transforms

    def __call__(self, img):
        order = list(range(len(self.transforms)))
        random.shuffle(order)
        for i in order:
            img = self.transforms[i](img)
        return img

    def __repr__(self) -> str:
        return _list_repr(self.__class__.__name__, self.transforms)


def batch_transform(transform, images: np.ndarray):
    """Runs ``transform`` on a whole batch of HxW[xC] uint8 images (as PIL would see them).

    Returns the stacked tensor, or NotImplemented when some step has no batched form; that is
    decided before any random draw, so falling back never changes the random stream.
    """
    steps = transform.transforms if isinstance(transform, Compose) else [transform]
    if not all(hasattr(t, "_batch") for t in steps):
        return NotImplemented
    # with at most one random step, drawing its N parameters at once keeps per-sample order
    if sum(isinstance(t, (_RandomFlip, RandomCrop)) for t in steps) > 1:
        return NotImplemented
    if _run_batch(steps, images[:0]) is NotImplemented:  # dry run: an empty batch draws nothing
        return NotImplemented
    return _run_batch(steps, images)


def _run_batch(steps, images):
    state = ("pil", images)
    for t in steps:
        state = t._batch(state)
        if state is NotImplemented:
            return NotImplemented
    kind, arr = state
    if kind != "tensor":
        return NotImplemented
    return Tensor._make(arr)
