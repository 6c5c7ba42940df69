"""Pointwise functions of several tensors: clamp, lerp, maximum/minimum, atan2, hypot,
logaddexp, xlogy, copysign, addcmul, addcdiv.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype as D
from ..autograd.node import Op
from . import _special
from ._pointwise import (
    _cast,
    _finish,
    _is_tensor,
    _result_dtype,
    _Tensor,
    _where,
)  # fmt: skip
from .inplace import inplace

__all__ = [
    "atan2", "arctan2", "clamp", "clip", "clamp_min", "clamp_max", "lerp", "maximum", "minimum",
    "fmax", "fmin", "hypot", "logaddexp", "xlogy", "copysign", "heaviside", "addcmul", "addcdiv",
]  # fmt: skip


class Clamp(Op):
    @staticmethod
    def forward(ctx, x, lo, hi, dtype):
        x, lo, hi = _cast(x, dtype), _cast(lo, dtype), _cast(hi, dtype)
        tensor_bounds = hasattr(lo, "shape") or hasattr(hi, "shape")
        ctx._name = "ClampBackward0" if tensor_bounds else "ClampBackward1"
        ctx.save_for_backward(x, lo, hi)
        xp = ctx.xp
        y = x
        if lo is not None:
            y = xp.maximum(y, lo)
        if hi is not None:
            y = xp.minimum(y, hi)  # torch: min wins when lo > hi
        if y is x:
            y = x.copy()
        if dtype.is_floating_point:  # nan passes through the clamp, as in torch
            y = xp.where(xp.isnan(x), x, y) if lo is not None or hi is not None else y
        return y

    @staticmethod
    def backward(ctx, grad):
        x, lo, hi = ctx.saved_tensors
        # gradient passes where lo <= x <= hi (bounds included, as in torch)
        mask = None
        if lo is not None:
            mask = x >= lo
        if hi is not None:
            mask = (x <= hi) if mask is None else mask & (x <= hi)
        gx = grad * mask if ctx.needs_input_grad[0] else None
        glo = ghi = None
        if lo is not None and _is_tensor(lo) and ctx.needs_input_grad[1]:
            below = x < lo
            if hi is not None:
                below = below & (lo <= hi)
            glo = grad * below
        if hi is not None and _is_tensor(hi) and ctx.needs_input_grad[2]:
            ghi = grad * (x > hi)
        return gx, glo, ghi, None


def _fma(a, b, c):
    """``a * b + c`` as torch's AVX2 kernels compute it: one fused multiply-add. float32: the
    product is exact in double, so rounding the double sum once is the FMA's result (but for
    rare double-rounding ties); float64: error-free transformations (``fma64``); other dtypes
    multiply and add."""
    if a.dtype == np.float32:
        return (a.astype(np.float64) * b + c).astype(np.float32)
    if a.dtype == np.float64 and isinstance(a, np.ndarray):
        from .._random.floatmath import fma64

        return fma64(a, b, c)
    return a * b + c


class Lerp(Op):
    num_operands = 3

    @staticmethod
    def forward(ctx, start, end, weight, dtype):
        start, end, weight = _cast(start, dtype), _cast(end, dtype), _cast(weight, dtype)
        ctx.save_for_backward(start, end, weight)
        # torch: start + w * (end - start) for |w| < 0.5, else end - (end - start) * (1 - w),
        # each one fused multiply-add
        diff = end - start
        weight = ctx.xp.asarray(weight, dtype=diff.dtype)  # w - 1 in the tensor's dtype
        small = ctx.xp.abs(weight) < 0.5
        w = ctx.xp.where(small, weight, weight - 1)
        return _fma(w, diff, ctx.xp.where(small, start, end))

    @staticmethod
    def backward(ctx, grad):
        start, end, weight = ctx.saved_tensors
        gs = grad * (1 - weight) if ctx.needs_input_grad[0] else None
        ge = grad * weight if ctx.needs_input_grad[1] else None
        gw = grad * (end - start) if ctx.needs_input_grad[2] else None
        return gs, ge, gw, None


class Maximum(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype, fn):
        a, b = _cast(a, dtype), _cast(b, dtype)
        ctx.save_for_backward(a, b)
        ctx.fn = fn
        return getattr(ctx.xp, fn)(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        # ties split the gradient evenly, as in torch
        if ctx.fn in ("maximum", "fmax"):
            wa = (a > b) + (a == b) * 0.5
        else:
            wa = (a < b) + (a == b) * 0.5
        ga = grad * wa if ctx.needs_input_grad[0] else None
        gb = grad * (1 - wa) if ctx.needs_input_grad[1] else None
        return ga, gb, None, None


class Atan2(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        ctx.save_for_backward(a, b)
        return ctx.xp.arctan2(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        denom = a * a + b * b
        return grad * b / denom, grad * -a / denom, None


class Hypot(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        y = ctx.xp.hypot(a, b)
        ctx.save_for_backward(a, b, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        a, b, y = ctx.saved_tensors
        return grad * a / y, grad * b / y, None


class Logaddexp(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        ctx.save_for_backward(a, b)
        return ctx.xp.logaddexp(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        wa = (a - b).sigmoid()
        return grad * wa, grad * (1 - wa), None


class Xlogy(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        ctx.save_for_backward(a, b)
        return _special.xlogy(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga = grad * _where((a == 0) & ~b.isnan(), 0.0, b.log()) if ctx.needs_input_grad[0] else None
        gb = grad * a / b if ctx.needs_input_grad[1] else None
        return ga, gb, None


class Copysign(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        y = ctx.xp.copysign(a, b)
        ctx.save_for_backward(a, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        a, y = ctx.saved_tensors
        return grad * _where(a == 0, 0.0, y / a), None, None


class Addcmul(Op):
    @staticmethod
    def forward(ctx, x, t1, t2, value, dtype):
        x, t1, t2 = _cast(x, dtype), _cast(t1, dtype), _cast(t2, dtype)
        ctx.save_for_backward(t1, t2)
        ctx.value = value
        if x.dtype.kind == "f" and x.dtype.itemsize >= 4:  # torch: one FMA after value * t1
            return _fma(t1 * x.dtype.type(value), t2, x)
        return x + value * t1 * t2

    @staticmethod
    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        g1 = grad * t2 * ctx.value if ctx.needs_input_grad[1] else None
        g2 = grad * t1 * ctx.value if ctx.needs_input_grad[2] else None
        return grad, g1, g2, None, None


class Addcdiv(Op):
    @staticmethod
    def forward(ctx, x, t1, t2, value, dtype):
        x, t1, t2 = _cast(x, dtype), _cast(t1, dtype), _cast(t2, dtype)
        ctx.save_for_backward(t1, t2)
        ctx.value = value
        return x + value * t1 / t2

    @staticmethod
    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        g1 = grad * ctx.value / t2 if ctx.needs_input_grad[1] else None
        g2 = -grad * ctx.value * t1 / (t2 * t2) if ctx.needs_input_grad[2] else None
        return grad, g1, g2, None, None


def clamp(input, min=None, max=None, *, out=None):  # noqa: A002
    """Clamps all elements into [min, max]; either bound may be a number or a tensor."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    dtype = input.dtype
    for bound in (min, max):
        if bound is not None:
            dtype = (
                D.result_type(_Tensor()._make(np.empty((1,), dtype.np)), bound)
                if (not _is_tensor(bound) or bound.dim() == 0)
                else D.promote_types(dtype, bound.dtype)
            )
    return _finish(Clamp.apply(input, min, max, dtype), out)


clip = clamp


def clamp_min(input, min, *, out=None):  # noqa: A002
    return clamp(input, min=min, out=out)


def clamp_max(input, max, *, out=None):  # noqa: A002
    return clamp(input, max=max, out=out)


def lerp(input, end, weight, *, out=None):
    """``input + weight * (end - input)``."""
    dtype = D.result_type(input, end)
    return _finish(Lerp.apply(input, end, weight, dtype), out)


def _binary_tensor_op(op, input, other, out, *extra):
    dtype = _result_dtype(input, other)
    if not (dtype.is_floating_point or dtype.is_complex) and op in (
        Atan2,
        Hypot,
        Logaddexp,
        Xlogy,
        Copysign,
    ):
        dtype = D.get_default_dtype()
    if not _is_tensor(input):
        from .creation import scalar_tensor

        input = scalar_tensor(input, dtype=dtype)
    return _finish(op.apply(input, other, dtype, *extra), out)


def maximum(input, other, *, out=None):
    return _binary_tensor_op(Maximum, input, other, out, "maximum")


def minimum(input, other, *, out=None):
    return _binary_tensor_op(Maximum, input, other, out, "minimum")


def fmax(input, other, *, out=None):
    return _binary_tensor_op(Maximum, input, other, out, "fmax")


def fmin(input, other, *, out=None):
    return _binary_tensor_op(Maximum, input, other, out, "fmin")


def atan2(input, other, *, out=None):
    return _binary_tensor_op(Atan2, input, other, out)


arctan2 = atan2


def hypot(input, other, *, out=None):
    return _binary_tensor_op(Hypot, input, other, out)


def logaddexp(input, other, *, out=None):
    return _binary_tensor_op(Logaddexp, input, other, out)


def xlogy(input, other, *, out=None):
    return _binary_tensor_op(Xlogy, input, other, out)


def copysign(input, other, *, out=None):
    return _binary_tensor_op(Copysign, input, other, out)


def heaviside(input, values, *, out=None):
    x, v = input._data, values._data if _is_tensor(values) else values
    result = np.where(x == 0, v, (x > 0)).astype(x.dtype)
    return _finish(_Tensor()._make(result), out)


def addcmul(input, tensor1, tensor2, *, value=1, out=None):
    dtype = D.result_type(input, tensor1, tensor2)
    return _finish(Addcmul.apply(input, tensor1, tensor2, value, dtype), out)


def addcdiv(input, tensor1, tensor2, *, value=1, out=None):
    dtype = D.result_type(input, tensor1, tensor2)
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future release "
            "addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
            "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2))."
            "to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for "
            "float inputs. The future addcdiv behavior is just the latter implementation: (input + "
            "value * tensor1 / tensor2), for all dtypes."
        )
    return _finish(Addcdiv.apply(input, tensor1, tensor2, value, dtype), out)


# Tensor methods that are these functions (``t.exp()`` is ``exp(t)``); bound in _tensor_methods.
TENSOR_METHODS = {
    "atan2": atan2, "arctan2": atan2, "clamp": clamp, "clamp_": inplace(clamp), "clip": clamp,
    "clip_": inplace(clamp), "clamp_min": clamp_min, "clamp_min_": inplace(clamp_min),
    "clamp_max": clamp_max, "clamp_max_": inplace(clamp_max), "lerp": lerp,
    "lerp_": inplace(lerp), "maximum": maximum, "minimum": minimum, "fmax": fmax, "fmin": fmin,
    "hypot": hypot, "logaddexp": logaddexp, "xlogy": xlogy, "copysign": copysign,
    "heaviside": heaviside, "addcmul": addcmul, "addcmul_": inplace(addcmul), "addcdiv": addcdiv,
    "addcdiv_": inplace(addcdiv),
}  # fmt: skip
