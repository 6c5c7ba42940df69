"""Functional convolution, pooling, padding, resampling and pixel shuffle (torch.nn.functional)."""

from __future__ import annotations

import math

import numpy as np

from .._tensor import Tensor
from ..ops import pooling as _pool
from ..ops.conv import ConstantPad, Convolution, GatherPad, pad_indices

__all__ = [
    "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    "max_pool1d", "max_pool2d", "max_pool3d", "max_pool1d_with_indices",
    "max_pool2d_with_indices", "max_pool3d_with_indices", "avg_pool1d", "avg_pool2d",
    "avg_pool3d", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
    "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d", "max_unpool1d",
    "max_unpool2d", "max_unpool3d", "fold", "unfold", "pad", "interpolate", "upsample",
    "upsample_nearest", "upsample_bilinear", "pixel_shuffle", "pixel_unshuffle",
]  # fmt: skip


def _tuple(value, n, name="value"):
    if isinstance(value, (list, tuple)):
        if len(value) == 1:
            return tuple(value) * n
        return tuple(int(v) for v in value)
    return (int(value),) * n


def _batched(input, nd, name, extra=""):
    """Add the batch dim to an unbatched input; PyTorch's error for any other rank."""
    if input.dim() == nd + 2:
        return input, False
    if input.dim() == nd + 1:
        return input.unsqueeze(0), True
    raise RuntimeError(
        f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to {name}, but got "
        f"input of size: {list(input.shape)}"
    )


# --- convolution --------------------------------------------------------------------------------
def _conv_pads(padding, weight, stride, dilation, nd):
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * nd
        if padding != "same":
            raise RuntimeError(f"Invalid padding string: '{padding}'")
        if any(s != 1 for s in stride):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        totals = [d * (k - 1) for d, k in zip(dilation, weight.shape[2:])]
        return tuple((t // 2, t - t // 2) for t in totals)
    return tuple((p, p) for p in _tuple(padding, nd))


_SCALAR = {
    "float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16",
    "int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte",
}  # fmt: skip
_CPP = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int"}


def _check_dtypes(input, weight, bias):
    """PyTorch's messages for mixed dtypes (there is no promotion inside a convolution)."""
    a, b = str(input._data.dtype), str(weight._data.dtype)
    if a != b:
        raise RuntimeError(
            f"expected scalar type {_SCALAR.get(a, a)} but found {_SCALAR.get(b, b)}"
        )
    if bias is not None and str(bias._data.dtype) != a:
        c = str(bias._data.dtype)
        raise RuntimeError(
            f"Input type ({_CPP.get(a, a)}) and bias type ({_CPP.get(c, c)}) should be the same"
        )


def _check_conv(input, weight, groups, pads, dilation, name, transposed=False):
    c = input.shape[1]
    expected = weight.shape[0] if transposed else weight.shape[1] * groups
    if c != expected:
        what = "weight of size" if not transposed else "weight of size"
        raise RuntimeError(
            f"Given groups={groups}, {what} {list(weight.shape)}, expected input"
            f"{list(input.shape)} to have {expected} channels, but got {c} channels instead"
        )
    if transposed:
        return
    padded = [s + lo + hi for s, (lo, hi) in zip(input.shape[2:], pads)]
    eff = [d * (k - 1) + 1 for d, k in zip(dilation, weight.shape[2:])]
    if any(p < k for p, k in zip(padded, eff)):
        sizes = " x ".join(str(p) for p in padded)
        kernel = " x ".join(str(k) for k in eff)
        raise RuntimeError(
            f"Calculated padded input size per channel: ({sizes}). Kernel size: ({kernel}). "
            "Kernel size can't be greater than actual input size"
        )


def _conv(input, weight, bias, stride, padding, dilation, groups, nd, name):
    input, unbatched = _batched(input, nd, name)
    stride, dilation = _tuple(stride, nd), _tuple(dilation, nd)
    pads = _conv_pads(padding, weight, stride, dilation, nd)
    _check_conv(input, weight, groups, pads, dilation, name)
    _check_dtypes(input, weight, bias)
    out = Convolution.apply(input, weight, bias, stride, pads, dilation, False, None, groups)
    return out.squeeze(0) if unbatched else out


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Applies a 1D convolution over an input signal composed of several input planes."""
    return _conv(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Applies a 2D convolution over an input image composed of several input planes."""
    return _conv(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d")


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Applies a 3D convolution over an input image composed of several input planes."""
    return _conv(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d")


def _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, nd,
                    name):  # fmt: skip
    input, unbatched = _batched(input, nd, name)
    stride, dilation = _tuple(stride, nd), _tuple(dilation, nd)
    padding, output_padding = _tuple(padding, nd), _tuple(output_padding, nd)
    _check_conv(input, weight, groups, None, dilation, name, transposed=True)
    _check_dtypes(input, weight, bias)
    for op, s, d in zip(output_padding, stride, dilation):
        if op >= s and op >= d:
            raise RuntimeError(
                "output padding must be smaller than either stride or dilation, but got "
                f"output_padding_height: {op} output_padding_width: {op} stride_height: {s} "
                f"stride_width: {s} dilation_height: {d} dilation_width: {d}"
            )
    spatial = tuple(
        (i - 1) * s - 2 * p + d * (k - 1) + op + 1
        for i, s, p, d, k, op in zip(
            input.shape[2:], stride, padding, dilation, weight.shape[2:], output_padding
        )
    )
    pads = tuple((p, p) for p in padding)
    out = Convolution.apply(input, weight, bias, stride, pads, dilation, True, spatial, groups)
    return out.squeeze(0) if unbatched else out


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):  # fmt: skip
    """Applies a 1D transposed convolution operator (a "deconvolution")."""
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation,
                           1, "conv_transpose1d")  # fmt: skip


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):  # fmt: skip
    """Applies a 2D transposed convolution operator (a "deconvolution")."""
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation,
                           2, "conv_transpose2d")  # fmt: skip


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):  # fmt: skip
    """Applies a 3D transposed convolution operator (a "deconvolution")."""
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation,
                           3, "conv_transpose3d")  # fmt: skip


# --- pooling ------------------------------------------------------------------------------------
def _pool_batched(input, nd, name):
    if input.dim() in (nd + 1, nd + 2):
        return (input.unsqueeze(0), True) if input.dim() == nd + 1 else (input, False)
    raise RuntimeError(
        f"{name}: Expected {nd + 1}D or {nd + 2}D input tensor, but got {list(input.shape)}"
    )


def _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, nd):
    if nd == 1:  # as torch: a 2d pool over an unsqueezed height of 1, then squeeze
        if input.dim() not in (2, 3):
            raise RuntimeError(
                f"max_pool1d() Expected 2D or 3D input tensor, but got {list(input.shape)}"
            )
        stride = kernel_size if stride is None or stride == [] else stride
        args = [(1, *_tuple(a, 1)) for a in (kernel_size, stride, dilation)]
        out = _max_pool(input.unsqueeze(-2), args[0], args[1], (0, *_tuple(padding, 1)),
                        args[2], ceil_mode, True, 2)  # fmt: skip
        out = (out[0].squeeze(-2), out[1].squeeze(-2))
        return out if return_indices else out[0]
    input, unbatched = _pool_batched(input, nd, f"max_pool{nd}d")
    kernel = _tuple(kernel_size, nd)
    stride = kernel if stride is None or stride == [] else _tuple(stride, nd)
    pads, dilation = _tuple(padding, nd), _tuple(dilation, nd)
    for p, k, d in zip(pads, kernel, dilation):
        if p > (d * (k - 1) + 1) // 2:
            raise RuntimeError(
                f"pad should be at most half of effective kernel size, but got pad={p}, "
                f"kernel_size={k} and dilation={d}"
            )
    name = f"MaxPool{nd}DWithIndicesBackward0"
    out, index = _pool.MaxPool.apply(input, kernel, stride, pads, dilation, ceil_mode, name=name)
    if unbatched:
        out, index = out.squeeze(0), index.squeeze(0)
    return (out, index) if return_indices else out


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):  # fmt: skip
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, True, 1)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):  # fmt: skip
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, True, 2)


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):  # fmt: skip
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, True, 3)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):  # fmt: skip
    """Applies a 1D max pooling over an input signal composed of several input planes."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 1)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):  # fmt: skip
    """Applies a 2D max pooling over an input signal composed of several input planes."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 2)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):  # fmt: skip
    """Applies a 3D max pooling over an input signal composed of several input planes."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 3)


def _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor, nd):
    if nd == 1:  # as torch: a 2d pool over an unsqueezed height of 1, then squeeze
        if input.dim() not in (2, 3):
            raise RuntimeError(
                f"avg_pool1d() Expected 2D or 3D input tensor, but got {list(input.shape)}"
            )
        stride = kernel_size if stride is None or stride == [] else stride
        kernel, stride = (1, *_tuple(kernel_size, 1)), (1, *_tuple(stride, 1))
        out = _avg_pool(input.unsqueeze(-2), kernel, stride, (0, *_tuple(padding, 1)), ceil_mode,
                        count_include_pad, None, 2)  # fmt: skip
        return out.squeeze(-2)
    input, unbatched = _pool_batched(input, nd, f"avg_pool{nd}d")
    kernel = _tuple(kernel_size, nd)
    stride = kernel if stride is None or stride == [] else _tuple(stride, nd)
    pads = _tuple(padding, nd)
    for p, k in zip(pads, kernel):
        if p > k // 2:
            raise RuntimeError(
                f"pad should be at most half of effective kernel size, but got pad={p}, "
                f"kernel_size={k} and dilation=1"
            )
    if divisor is not None and divisor == 0:
        raise RuntimeError("divisor must be not zero")
    out = _pool.AvgPool.apply(input, kernel, stride, pads, ceil_mode, count_include_pad, divisor,
                              name=f"AvgPool{nd}DBackward0")  # fmt: skip
    return out.squeeze(0) if unbatched else out


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):  # fmt: skip
    """Applies a 1D average pooling over an input signal composed of several input planes."""
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, None, 1)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):  # fmt: skip
    """Applies 2D average-pooling in kH x kW regions by step size sH x sW."""
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override, 2)  # fmt: skip


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):  # fmt: skip
    """Applies 3D average-pooling in kD x kH x kW regions by step size sD x sH x sW."""
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override, 3)  # fmt: skip


def _adaptive_size(input, output_size, nd):
    """The output size, where None keeps the input's size along that dim."""
    if isinstance(output_size, (list, tuple)):
        out = tuple(output_size) * (nd if len(output_size) == 1 else 1)
    else:
        out = (output_size,) * nd
    return tuple(s if o is None else int(o) for s, o in zip(input.shape[-nd:], out))


def _adaptive_avg(input, output_size, nd):
    input, unbatched = _pool_batched(input, nd, f"adaptive_avg_pool{nd}d")
    out = _adaptive_size(input, output_size, nd)
    spatial = input.shape[2:]
    if all(o == 1 for o in out):  # global pooling is a mean, as in torch
        y = input.mean(list(range(2, 2 + nd)), keepdim=True)
    elif all(s % o == 0 for s, o in zip(spatial, out)):  # regular windows: plain average pooling
        kernel = tuple(s // o for s, o in zip(spatial, out))
        y = _pool.AvgPool.apply(input, kernel, kernel, (0,) * nd, False, True, None,
                                name=f"AdaptiveAvgPool{nd}DBackward0")  # fmt: skip
    else:  # one averaging matrix per dim (a BLAS product each)
        y = input
        for d, (s, o) in enumerate(zip(spatial, out)):
            mat = Tensor._make(_pool.adaptive_avg_matrix(s, o, input._data.dtype))
            y = (y.movedim(2 + d, -1) @ mat.t()).movedim(-1, 2 + d)
    return y.squeeze(0) if unbatched else y


def adaptive_avg_pool1d(input, output_size):
    """Applies a 1D adaptive average pooling over an input signal."""
    return _adaptive_avg(input, output_size, 1)


def adaptive_avg_pool2d(input, output_size):
    """Applies a 2D adaptive average pooling over an input signal."""
    return _adaptive_avg(input, output_size, 2)


def adaptive_avg_pool3d(input, output_size):
    """Applies a 3D adaptive average pooling over an input signal."""
    return _adaptive_avg(input, output_size, 3)


def _adaptive_max(input, output_size, return_indices, nd):
    input, unbatched = _pool_batched(input, nd, f"adaptive_max_pool{nd}d")
    out = _adaptive_size(input, output_size, nd)
    spatial = input.shape[2:]
    if all(s % o == 0 for s, o in zip(spatial, out)):
        kernel = tuple(s // o for s, o in zip(spatial, out))
        y, index = _pool.MaxPool.apply(input, kernel, kernel, (0,) * nd, (1,) * nd, False,
                                       name=f"AdaptiveMaxPool{nd}DBackward0")  # fmt: skip
    else:
        y, index = _pool.AdaptiveMaxPool.apply(input, out, name=f"AdaptiveMaxPool{nd}DBackward0")
    if unbatched:
        y, index = y.squeeze(0), index.squeeze(0)
    return (y, index) if return_indices else y


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """Applies a 1D adaptive max pooling over an input signal."""
    return _adaptive_max(input, output_size, return_indices, 1)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Applies a 2D adaptive max pooling over an input signal."""
    return _adaptive_max(input, output_size, return_indices, 2)


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """Applies a 3D adaptive max pooling over an input signal."""
    return _adaptive_max(input, output_size, return_indices, 3)


def _max_unpool(input, indices, kernel_size, stride, padding, output_size, nd):
    input, unbatched = _pool_batched(input, nd, f"max_unpool{nd}d")
    if unbatched:
        indices = indices.unsqueeze(0)
    kernel = _tuple(kernel_size, nd)
    stride = kernel if stride is None else _tuple(stride, nd)
    pads = _tuple(padding, nd)
    if output_size is None:
        out = tuple(
            (i - 1) * s - 2 * p + k for i, s, p, k in zip(input.shape[2:], stride, pads, kernel)
        )
    else:
        out = tuple(output_size)[-nd:]
    y = _pool.ScatterAddFlat.apply(input, indices._data, (*input.shape[:2], *out))
    return y.squeeze(0) if unbatched else y


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Computes a partial inverse of MaxPool1d."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 1)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Computes a partial inverse of MaxPool2d."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Computes a partial inverse of MaxPool3d."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3)


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Extracts sliding local blocks from a batched input tensor (im2col)."""
    if input.dim() not in (3, 4):
        raise NotImplementedError(
            f"Input Error: Only 3D or 4D input Tensors are supported (got {input.dim()}D)"
        )
    unbatched = input.dim() == 3
    x = input.unsqueeze(0) if unbatched else input
    args = [_tuple(a, 2) for a in (kernel_size, dilation, padding, stride)]
    y = _pool.Unfold.apply(x, *args)
    return y.squeeze(0) if unbatched else y


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Combines an array of sliding local blocks into a large containing tensor (col2im)."""
    if input.dim() not in (2, 3):
        raise NotImplementedError(
            f"Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported "
            f"(got {input.dim()}D)"
        )
    unbatched = input.dim() == 2
    x = input.unsqueeze(0) if unbatched else input
    args = [_tuple(a, 2) for a in (output_size, kernel_size, dilation, padding, stride)]
    y = _pool.Fold.apply(x, *args)
    return y.squeeze(0) if unbatched else y


# --- padding ------------------------------------------------------------------------------------
def pad(input, pad, mode="constant", value=None):
    """Pads a tensor: ``pad`` lists (left, right) amounts from the last dim backwards."""
    if len(pad) % 2 != 0:
        raise RuntimeError("Padding length must be divisible by 2")
    nd = len(pad) // 2
    if nd > input.dim():
        raise RuntimeError("Padding length too large")
    pairs = tuple((int(pad[2 * i]), int(pad[2 * i + 1])) for i in reversed(range(nd)))
    if mode == "constant":
        return ConstantPad.apply(input, pairs, 0 if value is None else value)
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    sizes = input.shape[input.dim() - nd :]
    for d, ((lo, hi), s) in enumerate(zip(pairs, sizes)):
        if mode == "reflect" and (lo >= s or hi >= s):
            raise RuntimeError(
                f"Argument #4: Padding size should be less than the corresponding input "
                f"dimension, but got: padding ({lo}, {hi}) at dimension "
                f"{input.dim() - nd + d} of input {list(input.shape)}"
            )
    indices = tuple(pad_indices(s, lo, hi, mode) for (lo, hi), s in zip(pairs, sizes))
    kind = {"reflect": "Reflection", "replicate": "Replication"}.get(mode)
    name = f"{kind}Pad{nd}DBackward0" if kind else None
    return GatherPad.apply(input, indices, name=name)


# --- resampling ---------------------------------------------------------------------------------
def _source_index(out, size, scale_factor, mode, align_corners):
    """Source coordinate of each output position (PyTorch's area_pixel_compute_source_index)."""
    dst = np.arange(out, dtype=np.float64)
    if align_corners:
        return dst * ((size - 1) / (out - 1) if out > 1 else 0.0)
    scale = 1.0 / scale_factor if scale_factor else size / out
    if mode == "nearest":
        return np.minimum(np.floor(dst.astype(np.float32) * np.float32(scale)), size - 1)
    if mode == "nearest-exact":
        return np.minimum(np.floor((dst + 0.5) * scale), size - 1)
    return np.maximum(scale * (dst + 0.5) - 0.5, 0.0)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):  # fmt: skip
    """Down/up samples the input to the given ``size`` or by ``scale_factor``."""
    nd = input.dim() - 2
    linear = {"linear": 1, "bilinear": 2, "trilinear": 3}
    if mode in ("nearest", "area", "nearest-exact") and align_corners is not None:
        raise ValueError(
            "align_corners option can only be set with the interpolating modes: "
            "linear | bilinear | bicubic | trilinear"
        )
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if mode in linear and linear[mode] != nd:
        raise NotImplementedError(
            f"Got {input.dim()}D input, but {mode} mode needs {linear[mode] + 2}D input"
        )
    spatial = input.shape[2:]
    if size is not None:
        out = _tuple(size, nd)
        scales = (None,) * nd
    else:
        scales = tuple(float(s) for s in _tuple_f(scale_factor, nd))
        out = tuple(int(math.floor(s * f)) for s, f in zip(spatial, scales))
        if recompute_scale_factor:
            scales = (None,) * nd
    if mode == "area":
        return _adaptive_avg(input, out, nd)
    if mode in ("nearest", "nearest-exact"):
        idx = tuple(
            _source_index(o, s, f, mode, False).astype(np.int64)
            for o, s, f in zip(out, spatial, scales)
        )
        kind = "Nearest" if mode == "nearest" else "NearestExact"
        return GatherPad.apply(input, idx, name=f"Upsample{kind}{nd}DBackward0")
    if mode not in linear:
        raise NotImplementedError(f"interpolate: mode {mode!r} is not supported")
    y = input
    for d, (o, s, f) in enumerate(zip(out, spatial, scales)):
        src = _source_index(o, s, f, mode, bool(align_corners))
        i0 = np.minimum(np.floor(src).astype(np.int64), s - 1)
        i1 = np.minimum(i0 + 1, s - 1)
        lam = Tensor._make((src - i0).astype(y._data.dtype))
        yt = y.movedim(2 + d, -1)
        yt = GatherPad.apply(yt, (i0,)) * (1 - lam) + GatherPad.apply(yt, (i1,)) * lam
        y = yt.movedim(-1, 2 + d)
    return y.contiguous()


def _tuple_f(value, n):
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,) * n


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Upsamples the input (deprecated alias of interpolate)."""
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Upsamples the input using nearest neighbours' pixel values."""
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Upsamples the input using bilinear upsampling (align_corners=True)."""
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def pixel_shuffle(input, upscale_factor):
    """Rearranges (*, C*r^2, H, W) into (*, C, H*r, W*r)."""
    r = int(upscale_factor)
    *lead, c, h, w = input.shape
    if c % (r * r) != 0:
        raise RuntimeError(
            "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square "
            f"of upscale_factor, but input.size(-3)={c} is not divisible by {r * r}"
        )
    n = len(lead)
    x = input.reshape(*lead, c // (r * r), r, r, h, w)
    x = x.permute(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return x.reshape(*lead, c // (r * r), h * r, w * r)


def pixel_unshuffle(input, downscale_factor):
    """Rearranges (*, C, H*r, W*r) into (*, C*r^2, H, W)."""
    r = int(downscale_factor)
    *lead, c, h, w = input.shape
    for name, size, dim in (("height", h, -2), ("width", w, -1)):
        if size % r != 0:
            raise RuntimeError(
                f"pixel_unshuffle expects {name} to be divisible by downscale_factor, but "
                f"input.size({dim})={size} is not divisible by {r}"
            )
    n = len(lead)
    x = input.reshape(*lead, c, h // r, r, w // r, r)
    x = x.permute(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return x.reshape(*lead, c * r * r, h // r, w // r)
