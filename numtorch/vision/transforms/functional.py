"""Functional transforms on PIL images and tensor images (``torchvision.transforms.functional``).

Tensor images are ``(..., C, H, W)``; the work is whole-array NumPy on the tensor's data.
"""

from __future__ import annotations

import math
import numbers
from enum import Enum

import numpy as np

import numtorch
from numtorch._tensor import Tensor

try:
    from PIL import Image
except ImportError:  # Pillow is optional: tensor images still work
    Image = None


class InterpolationMode(Enum):
    """Interpolation modes, named as torchvision's."""

    NEAREST = "nearest"
    NEAREST_EXACT = "nearest-exact"
    BILINEAR = "bilinear"
    BICUBIC = "bicubic"
    BOX = "box"
    HAMMING = "hamming"
    LANCZOS = "lanczos"


def _pil_interp(mode: InterpolationMode):
    names = {
        InterpolationMode.NEAREST: "NEAREST",
        InterpolationMode.BILINEAR: "BILINEAR",
        InterpolationMode.BICUBIC: "BICUBIC",
        InterpolationMode.BOX: "BOX",
        InterpolationMode.HAMMING: "HAMMING",
        InterpolationMode.LANCZOS: "LANCZOS",
    }
    if mode not in names:
        raise ValueError(f"Interpolation mode {mode} is unsupported for PIL images")
    return getattr(Image.Resampling, names[mode])


def _is_pil_image(img) -> bool:
    return Image is not None and isinstance(img, Image.Image)


def _check_img(img):
    if not (isinstance(img, Tensor) or _is_pil_image(img)):
        raise TypeError(f"img should be PIL Image or Tensor. Got {type(img)}")


def get_dimensions(img) -> list:
    """``[channels, height, width]`` of a PIL or tensor image."""
    if isinstance(img, Tensor):
        channels = 1 if img.ndim == 2 else img.shape[-3]
        return [channels, img.shape[-2], img.shape[-1]]
    _check_img(img)
    return [len(img.getbands()), img.height, img.width]


def get_image_size(img) -> list:
    """``[width, height]``."""
    _, h, w = get_dimensions(img)
    return [w, h]


def get_image_num_channels(img) -> int:
    return get_dimensions(img)[0]


def _pil_to_array(pic) -> np.ndarray:
    """The image as an HxWxC array of its mode's dtype (mode '1' becomes 0/255 uint8)."""
    mode_to_dtype = {"I": np.int32, "I;16": np.int16, "I;16B": np.int16, "F": np.float32}
    if pic.mode == "1":
        return 255 * np.array(pic, np.uint8, copy=True)[..., None]
    arr = np.array(pic, mode_to_dtype.get(pic.mode, np.uint8), copy=True)
    return arr.reshape(pic.size[1], pic.size[0], len(pic.getbands()))


def to_tensor(pic) -> Tensor:
    """A PIL image or HxWxC ndarray to a CxHxW tensor; uint8 is scaled to float in [0, 1]."""
    if isinstance(pic, np.ndarray):
        if pic.ndim not in {2, 3}:
            raise ValueError(f"pic should be 2/3 dimensional. Got {pic.ndim} dimensions.")
        arr = pic[:, :, None] if pic.ndim == 2 else pic
        arr = np.ascontiguousarray(arr.transpose(2, 0, 1))
    elif _is_pil_image(pic):
        arr = np.ascontiguousarray(_pil_to_array(pic).transpose(2, 0, 1))
    else:
        raise TypeError(f"pic should be PIL Image or ndarray. Got {type(pic)}")
    if arr.dtype == np.uint8:
        dtype = numtorch.get_default_dtype()
        # float division by 255 in the target dtype, exactly as torch's .div(255)
        np_dtype = np.float64 if dtype is numtorch.float64 else np.float32
        return Tensor._make(arr.astype(np_dtype) / np_dtype(255)).to(dtype)
    return Tensor._make(arr)


def pil_to_tensor(pic) -> Tensor:
    """A PIL image to a CxHxW tensor of its own dtype (no scaling)."""
    if not _is_pil_image(pic):
        raise TypeError(f"pic should be PIL Image. Got {type(pic)}")
    return Tensor._make(np.ascontiguousarray(_pil_to_array(pic).transpose(2, 0, 1)))


def to_pil_image(pic, mode=None):
    """A CxHxW tensor or HxWxC ndarray to a PIL image (floats are scaled by 255)."""
    if isinstance(pic, Tensor):
        if pic.ndim not in {2, 3}:
            raise ValueError(f"pic should be 2/3 dimensional. Got {pic.ndim} dimensions.")
        arr = pic.detach()._data
        arr = arr[None] if arr.ndim == 2 else arr
        if arr.dtype.kind == "f" and mode != "F":
            # truncate, then wrap modulo 256, exactly as torch's mul(255).byte()
            arr = (arr * arr.dtype.type(255)).astype(np.int64).astype(np.uint8)
        arr = arr.transpose(1, 2, 0)
    elif isinstance(pic, np.ndarray):
        arr = pic[:, :, None] if pic.ndim == 2 else pic
    else:
        raise TypeError(f"pic should be Tensor or ndarray. Got {type(pic)}.")
    if arr.shape[2] == 1:
        arr = arr[:, :, 0]
        mode = mode or {np.uint8: "L", np.int16: "I;16", np.int32: "I", np.float32: "F"}.get(
            arr.dtype.type
        )
    elif mode is None:
        mode = {2: "LA", 3: "RGB", 4: "RGBA"}.get(arr.shape[2])
    if mode is None:
        raise TypeError(f"Input type {arr.dtype} is not supported")
    return Image.fromarray(np.ascontiguousarray(arr), mode=mode)


def convert_image_dtype(image: Tensor, dtype=numtorch.float32) -> Tensor:
    """Converts a tensor image to ``dtype``, scaling values (int max ↔ 1.0)."""
    if image.dtype == dtype:
        return image
    src, dst = image._data.dtype, np.dtype(numtorch.empty(0, dtype=dtype)._data.dtype)
    if src.kind == "f":
        if dst.kind == "f":
            return image.to(dtype)
        eps = 1e-3
        max_val = float(np.iinfo(dst).max)
        return Tensor._make((image._data * (max_val + 1.0 - eps)).astype(dst))
    in_max = np.iinfo(src).max
    if dst.kind == "f":
        return Tensor._make(image._data.astype(dst) / dst.type(in_max))
    out_max = np.iinfo(dst).max
    if in_max > out_max:
        factor = (in_max + 1) // (out_max + 1)
        return Tensor._make((image._data // factor).astype(dst))
    factor = (out_max + 1) // (in_max + 1)
    return Tensor._make(image._data.astype(dst) * dst.type(factor))


def normalize(tensor: Tensor, mean, std, inplace: bool = False) -> Tensor:
    """``(tensor - mean) / std`` per channel of a float tensor image."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"img should be Tensor Image. Got {type(tensor)}")
    if not tensor.is_floating_point():
        raise TypeError(f"Input tensor should be a float tensor. Got {tensor.dtype}.")
    if tensor.ndim < 3:
        raise ValueError(
            "Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = "
            f"{tensor.size()}"
        )
    out = tensor._data if inplace else tensor._data.copy()
    _normalize_array(out, mean, std, tensor.dtype)
    if inplace:
        return tensor
    return Tensor._make(out)


def _normalize_array(arr: np.ndarray, mean, std, dtype) -> None:
    """In place on a (..., C, H, W) float array: subtract, then divide, in its own dtype."""
    mean = np.asarray(mean, dtype=arr.dtype).reshape(-1, 1, 1)
    std = np.asarray(std, dtype=arr.dtype).reshape(-1, 1, 1)
    if (std == 0).any():
        raise ValueError(
            f"std evaluated to zero after conversion to {dtype}, leading to division by zero."
        )
    np.subtract(arr, mean, out=arr)
    np.divide(arr, std, out=arr)


def hflip(img):
    """Flip the image left to right."""
    if isinstance(img, Tensor):
        return Tensor._make(np.ascontiguousarray(img._data[..., ::-1]))
    _check_img(img)
    return img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)


def vflip(img):
    """Flip the image top to bottom."""
    if isinstance(img, Tensor):
        return Tensor._make(np.ascontiguousarray(img._data[..., ::-1, :]))
    _check_img(img)
    return img.transpose(Image.Transpose.FLIP_TOP_BOTTOM)


def _pad_arg(padding):
    """(left, top, right, bottom) from an int or a 1/2/4-sequence."""
    if isinstance(padding, numbers.Number):
        return (int(padding),) * 4
    padding = list(padding)
    if len(padding) == 1:
        return (padding[0],) * 4
    if len(padding) == 2:
        return (padding[0], padding[1], padding[0], padding[1])
    if len(padding) == 4:
        return tuple(padding)
    raise ValueError(
        f"Padding must be an int or a 1, 2, or 4 element tuple, not a {len(padding)} element tuple"
    )


def pad(img, padding, fill=0, padding_mode: str = "constant"):
    """Pad each border of the image (``constant``, ``edge``, ``reflect`` or ``symmetric``)."""
    if padding_mode not in ["constant", "edge", "reflect", "symmetric"]:
        raise ValueError("Padding mode should be either constant, edge, reflect or symmetric")
    left, top, right, bottom = _pad_arg(padding)
    if isinstance(img, Tensor):
        arr = img._data
        widths = [(0, 0)] * (arr.ndim - 2) + [(top, bottom), (left, right)]
        if padding_mode == "constant":
            return Tensor._make(np.pad(arr, widths, constant_values=fill))
        return Tensor._make(np.pad(arr, widths, mode=padding_mode))
    _check_img(img)
    arr = np.asarray(img)
    widths = [(top, bottom), (left, right)] + [(0, 0)] * (arr.ndim - 2)
    if padding_mode == "constant":
        out = Image.new(img.mode, (img.width + left + right, img.height + top + bottom), fill)
        if img.mode == "P":
            out.putpalette(img.getpalette())
        out.paste(img, (left, top))
        return out
    return Image.fromarray(np.pad(arr, widths, mode=padding_mode), mode=img.mode)


def crop(img, top: int, left: int, height: int, width: int):
    """The ``height`` x ``width`` region at (top, left); outside the image is zero-padded."""
    if isinstance(img, Tensor):
        _, h, w = get_dimensions(img)
        right, bottom = left + width, top + height
        if left < 0 or top < 0 or right > w or bottom > h:
            pads = [max(-left, 0), max(-top, 0), max(right - w, 0), max(bottom - h, 0)]
            sub = img._data[..., max(top, 0) : max(bottom, 0), max(left, 0) : max(right, 0)]
            return pad(Tensor._make(sub), pads, fill=0)
        return Tensor._make(np.ascontiguousarray(img._data[..., top:bottom, left:right]))
    _check_img(img)
    return img.crop((left, top, left + width, top + height))


def _setup_size(size, error_msg="Please provide only two dimensions (h, w) for size."):
    if isinstance(size, numbers.Number):
        return int(size), int(size)
    if isinstance(size, (tuple, list)) and len(size) == 1:
        return size[0], size[0]
    if len(size) != 2:
        raise ValueError(error_msg)
    return tuple(size)


def center_crop(img, output_size):
    """Crop the center; pads with zeros when the image is smaller than ``output_size``."""
    crop_height, crop_width = _setup_size(output_size)
    _, image_height, image_width = get_dimensions(img)
    if crop_width > image_width or crop_height > image_height:
        padding_ltrb = [
            (crop_width - image_width) // 2 if crop_width > image_width else 0,
            (crop_height - image_height) // 2 if crop_height > image_height else 0,
            (crop_width - image_width + 1) // 2 if crop_width > image_width else 0,
            (crop_height - image_height + 1) // 2 if crop_height > image_height else 0,
        ]
        img = pad(img, padding_ltrb, fill=0)
        _, image_height, image_width = get_dimensions(img)
        if crop_width == image_width and crop_height == image_height:
            return img
    crop_top = int(round((image_height - crop_height) / 2.0))
    crop_left = int(round((image_width - crop_width) / 2.0))
    return crop(img, crop_top, crop_left, crop_height, crop_width)


def _compute_resized_output_size(image_size, size, max_size=None):
    h, w = image_size
    if size is not None and len(size) == 2:
        return list(size)
    short, long = (w, h) if w <= h else (h, w)
    new_short = size[0] if size else max_size
    new_long = int(new_short * long / short)
    if max_size is not None:
        if max_size <= new_short and size:
            raise ValueError(
                f"max_size = {max_size} must be strictly greater than the requested size for "
                f"the smaller edge size = {size}"
            )
        if new_long > max_size:
            new_short, new_long = int(max_size * new_short / new_long), max_size
    new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    return [new_h, new_w]


def resize(img, size, interpolation=InterpolationMode.BILINEAR, max_size=None, antialias=True):
    """Resize a PIL image (the shorter side to ``size`` when it is an int).

    Tensor images are resized only with ``NEAREST`` (torch's ``interpolate`` nearest rule).
    """
    if isinstance(size, int):
        size = [size]
    _, h, w = get_dimensions(img)
    out_h, out_w = _compute_resized_output_size((h, w), size, max_size)
    if (out_h, out_w) == (h, w):
        return img
    if isinstance(img, Tensor):
        if interpolation != InterpolationMode.NEAREST:
            raise NotImplementedError(
                "numtorch.vision resizes tensor images with NEAREST only; use a PIL image"
            )
        rows = np.floor(np.arange(out_h) * (h / out_h)).astype(np.int64).clip(max=h - 1)
        cols = np.floor(np.arange(out_w) * (w / out_w)).astype(np.int64).clip(max=w - 1)
        return Tensor._make(np.ascontiguousarray(img._data[..., rows[:, None], cols]))
    _check_img(img)
    return img.resize((out_w, out_h), _pil_interp(interpolation))


def resized_crop(img, top, left, height, width, size, interpolation=InterpolationMode.BILINEAR):
    """Crop, then resize to ``size``."""
    img = crop(img, top, left, height, width)
    return resize(img, size, interpolation)


def five_crop(img, size):
    """The four corners and the center, each of ``size``."""
    crop_height, crop_width = _setup_size(size)
    _, image_height, image_width = get_dimensions(img)
    if crop_width > image_width or crop_height > image_height:
        raise ValueError(
            f"Requested crop size {size} is bigger than input size {(image_height, image_width)}"
        )
    tl = crop(img, 0, 0, crop_height, crop_width)
    tr = crop(img, 0, image_width - crop_width, crop_height, crop_width)
    bl = crop(img, image_height - crop_height, 0, crop_height, crop_width)
    br = crop(img, image_height - crop_height, image_width - crop_width, crop_height, crop_width)
    center = center_crop(img, [crop_height, crop_width])
    return tl, tr, bl, br, center


def rgb_to_grayscale(img, num_output_channels: int = 1):
    """ITU-R 601-2 luma: ``0.2989 R + 0.587 G + 0.114 B``."""
    if isinstance(img, Tensor):
        arr = img._data
        if arr.shape[-3] == 1:
            gray = arr
        else:
            r, g, b = arr[..., 0, :, :], arr[..., 1, :, :], arr[..., 2, :, :]
            gray = (0.2989 * r + 0.587 * g + 0.114 * b).astype(arr.dtype)[..., None, :, :]
        reps = [1] * (arr.ndim - 3) + [num_output_channels, 1, 1]
        return Tensor._make(np.ascontiguousarray(np.tile(gray, reps)))
    _check_img(img)
    gray = img.convert("L")
    if num_output_channels == 3:
        arr = np.asarray(gray)
        return Image.fromarray(np.dstack([arr, arr, arr]), "RGB")
    return gray


def rotate(img, angle, interpolation=InterpolationMode.NEAREST, expand=False, center=None,
           fill=None):  # fmt: skip
    """Rotate a PIL image by ``angle`` degrees counter-clockwise."""
    _check_img(img)
    if isinstance(img, Tensor):
        raise NotImplementedError("numtorch.vision rotates PIL images only")
    return img.rotate(angle, _pil_interp(interpolation), expand, center, **_fill_opts(fill, img))


def _get_inverse_affine_matrix(center, angle, translate, scale, shear, inverted=True):
    """The 2x3 matrix (row-major, 6 numbers) mapping output pixels back to input pixels."""
    rot = math.radians(angle)
    sx, sy = math.radians(shear[0]), math.radians(shear[1])
    cx, cy = center
    tx, ty = translate
    a = math.cos(rot - sy) / math.cos(sy)
    b = -math.cos(rot - sy) * math.tan(sx) / math.cos(sy) - math.sin(rot)
    c = math.sin(rot - sy) / math.cos(sy)
    d = -math.sin(rot - sy) * math.tan(sx) / math.cos(sy) + math.cos(rot)
    if not inverted:
        matrix = [a * scale, b * scale, 0.0, c * scale, d * scale, 0.0]
        matrix[2] += cx + tx - matrix[0] * cx - matrix[1] * cy
        matrix[5] += cy + ty - matrix[3] * cx - matrix[4] * cy
        return matrix
    matrix = [x / scale for x in (d, -b, 0.0, -c, a, 0.0)]
    matrix[2] += matrix[0] * (-cx - tx) + matrix[1] * (-cy - ty)
    matrix[5] += matrix[3] * (-cx - tx) + matrix[4] * (-cy - ty)
    matrix[2] += cx
    matrix[5] += cy
    return matrix


def _fill_opts(fill, img) -> dict:
    if fill is None:
        return {}
    bands = len(img.getbands())
    fill = tuple([fill] * bands) if isinstance(fill, numbers.Number) else tuple(fill)
    return {"fillcolor": fill[0] if bands == 1 else fill}


def affine(img, angle, translate, scale, shear, interpolation=InterpolationMode.NEAREST,
           fill=None, center=None):  # fmt: skip
    """Rotate, translate, scale and shear a PIL image, keeping its center fixed."""
    if isinstance(img, Tensor):
        raise NotImplementedError("numtorch.vision applies affine transforms to PIL images only")
    _check_img(img)
    if isinstance(shear, numbers.Number):
        shear = [shear, 0.0]
    elif len(shear) == 1:
        shear = [shear[0], shear[0]]
    _, height, width = get_dimensions(img)
    if center is None:
        center = [width * 0.5, height * 0.5]  # no +0.5: matches torchvision on PIL images
    matrix = _get_inverse_affine_matrix(center, angle, translate, scale, shear)
    return img.transform(
        img.size,
        Image.Transform.AFFINE,
        matrix,
        _pil_interp(interpolation),
        **_fill_opts(fill, img),
    )


def _enhance(img, name: str, factor: float):
    from PIL import ImageEnhance

    if isinstance(img, Tensor):
        raise NotImplementedError("numtorch.vision adjusts colors of PIL images only")
    _check_img(img)
    return getattr(ImageEnhance, name)(img).enhance(factor)


def adjust_brightness(img, brightness_factor: float):
    return _enhance(img, "Brightness", brightness_factor)


def adjust_contrast(img, contrast_factor: float):
    return _enhance(img, "Contrast", contrast_factor)


def adjust_saturation(img, saturation_factor: float):
    return _enhance(img, "Color", saturation_factor)


def adjust_hue(img, hue_factor: float):
    """Shift the hue by ``hue_factor`` of a full turn (in [-0.5, 0.5]), in PIL's HSV."""
    if not (-0.5 <= hue_factor <= 0.5):
        raise ValueError(f"hue_factor ({hue_factor}) is not in [-0.5, 0.5].")
    if isinstance(img, Tensor):
        raise NotImplementedError("numtorch.vision adjusts colors of PIL images only")
    _check_img(img)
    input_mode = img.mode
    if input_mode in {"L", "1", "I", "F"}:
        return img
    h, s, v = img.convert("HSV").split()
    np_h = np.array(h, dtype=np.uint8)
    np_h += np.array(hue_factor * 255).astype(np.uint8)  # uint8 wrap-around is the rotation
    h = Image.fromarray(np_h, "L")
    return Image.merge("HSV", (h, s, v)).convert(input_mode)


def _gaussian_kernel1d(kernel_size: int, sigma: float) -> np.ndarray:
    ksize_half = (kernel_size - 1) * 0.5
    x = np.linspace(-ksize_half, ksize_half, kernel_size, dtype=np.float32)
    pdf = np.exp(-0.5 * (x / np.float32(sigma)) ** 2)
    return pdf / pdf.sum()


def gaussian_blur(img, kernel_size, sigma=None):
    """Blur with a separable Gaussian kernel and reflect padding (PIL images via a tensor)."""
    if isinstance(kernel_size, int):
        kernel_size = [kernel_size, kernel_size]
    if sigma is None:
        sigma = [ksize * 0.15 + 0.35 for ksize in kernel_size]
    if isinstance(sigma, numbers.Number):
        sigma = [float(sigma), float(sigma)]
    if any(k <= 0 or k % 2 == 0 for k in kernel_size):
        raise ValueError(f"kernel_size should have odd and positive integers. Got {kernel_size}")
    pil = _is_pil_image(img)
    t = pil_to_tensor(img) if pil else img
    arr = t._data
    work = arr.astype(np.float32) if arr.dtype.kind != "f" else arr
    kx, ky = (
        _gaussian_kernel1d(kernel_size[0], sigma[0]),
        _gaussian_kernel1d(kernel_size[1], sigma[1]),
    )
    px, py = kernel_size[0] // 2, kernel_size[1] // 2
    pad_w = [(0, 0)] * (work.ndim - 2) + [(py, py), (px, px)]
    padded = np.pad(work, pad_w, mode="reflect")
    # separable: one sliding-window dot product along each axis
    win = np.lib.stride_tricks.sliding_window_view(padded, kernel_size[0], axis=-1)
    rows = win @ kx.astype(work.dtype)
    win = np.lib.stride_tricks.sliding_window_view(rows, kernel_size[1], axis=-2)
    out = win @ ky.astype(work.dtype)
    if arr.dtype.kind != "f":
        out = np.round(out).clip(np.iinfo(arr.dtype).min, np.iinfo(arr.dtype).max).astype(arr.dtype)
    out = Tensor._make(np.ascontiguousarray(out))
    return to_pil_image(out, mode=img.mode) if pil else out


def erase(img: Tensor, i: int, j: int, h: int, w: int, v, inplace: bool = False) -> Tensor:
    """Set the ``h`` x ``w`` region at (i, j) of a tensor image to ``v``."""
    if not isinstance(img, Tensor):
        raise TypeError(f"img should be Tensor Image. Got {type(img)}")
    out = img if inplace else img.clone()
    out[..., i : i + h, j : j + w] = v
    return out
