"""Unary math functions: exp, log, trigonometric, sigmoid, relu, erf, rounding, sign ...

Integer and bool inputs compute in the default float dtype, as in PyTorch.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype as D
from ..autograd.node import Op
from . import _sleef, _special
from ._pointwise import (
    _conj,
    _finish,
    _float_input,
    _Tensor,
    _unary,
    _where,
)  # fmt: skip
from .inplace import inplace

__all__ = [
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "square", "sin",
    "cos", "tan", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
    "asinh", "acosh", "atanh", "arcsinh", "arccosh", "arctanh", "sigmoid", "relu", "erf", "erfc",
    "erfinv", "lgamma", "digamma", "sign", "sgn", "signbit", "floor", "ceil", "round", "trunc",
    "fix", "frac", "reciprocal", "isnan", "isinf", "isfinite", "isposinf", "isneginf", "isreal",
    "nan_to_num", "deg2rad", "rad2deg", "logit", "sinc", "polygamma",
]  # fmt: skip


def _rounded_once(fn, x):
    """``fn`` on a half or single precision array, computed in double and rounded once.

    NumPy's float32 exp/log kernels are off by an ulp often enough to show in print
    (``log(exp(1))`` gives ``1.0000``); rounding the double result agrees with PyTorch's in ~99% of
    elements, against ~60% (exp) and ~87% (log) for NumPy's float32 kernels.
    """
    small = x.size <= _ROUND_ONCE_MAX_SIZE
    if small and (x.dtype.itemsize < 8 and x.dtype.kind == "f" or x.dtype == D.bfloat16.np):
        return fn(x.astype(np.float64)).astype(x.dtype)
    return fn(x)


# Above this size the double detour (4-5x slower) isn't paid: large arrays use NumPy's float32
# kernels (within an ulp or two). Printed examples and hand-checked values are small.
_ROUND_ONCE_MAX_SIZE = 16384


class Exp(Op):
    @staticmethod
    def forward(ctx, x):
        with np.errstate(over="ignore"):  # overflow to inf is silent, as in torch
            y = _rounded_once(ctx.xp.exp, _float_input(x))
        ctx.save_for_backward(y)  # d/dx exp = exp: keep the output, not the input
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * _conj(y)


class Exp2(Op):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.exp2(_float_input(x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y * float(np.log(2.0))


class Expm1(Op):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.expm1(_float_input(x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * (y + 1)


class Log(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return _rounded_once(ctx.xp.log, _float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / _conj(x)


class Log2(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return ctx.xp.log2(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (x * float(np.log(2.0)))


class Log10(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return ctx.xp.log10(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (x * float(np.log(10.0)))


class Log1p(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return ctx.xp.log1p(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (x + 1)


class Sqrt(Op):
    @staticmethod
    def forward(ctx, x):
        with np.errstate(invalid="ignore"):
            y = ctx.xp.sqrt(_float_input(x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad / (2 * _conj(y))  # inf at 0, as in torch


class Rsqrt(Op):
    @staticmethod
    def forward(ctx, x):
        with np.errstate(divide="ignore", invalid="ignore"):
            y = 1 / ctx.xp.sqrt(_float_input(x))
        ctx.save_for_backward(y)
        return y.astype(_float_input(x).dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y**3 * -0.5


class Sin(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.sin(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * _conj(cos(x))


class Cos(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.cos(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * -_conj(sin(x))


class Tan(Op):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.tan(_float_input(x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * (1 + _conj(y) ** 2)


class Asin(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(invalid="ignore"):
            return ctx.xp.arcsin(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * rsqrt(1 - x * x)


class Acos(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(invalid="ignore"):
            return ctx.xp.arccos(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return -grad * rsqrt(1 - x * x)


class Atan(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.arctan(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (1 + x * x)


class Sinh(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.sinh(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * cosh(x)


class Cosh(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.cosh(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * sinh(x)


class Tanh(Op):
    @staticmethod
    def forward(ctx, x):
        y = _rounded_once(ctx.xp.tanh, _float_input(x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        if y.dtype is D.float32:  # torch's kernel fuses 1 - y*y into an FMA: y*y is exact in
            return grad * (1 - y.double().square()).float()  # double, so no cancellation
        return grad * (1 - _conj(y) * _conj(y))


class Asinh(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.arcsinh(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * rsqrt(x * x + 1)


class Acosh(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(invalid="ignore"):
            return ctx.xp.arccosh(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * rsqrt(x * x - 1)


class Atanh(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return ctx.xp.arctanh(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (1 - x * x)


class Sigmoid(Op):
    @staticmethod
    def forward(ctx, x):
        x = _float_input(x)
        xp = ctx.xp
        if xp is np and x.size <= _ROUND_ONCE_MAX_SIZE and x.dtype in _SIGMOID_LANES:
            y = _sigmoid_torch(x)
            ctx.save_for_backward(y)
            return y
        # 1 / (1 + exp(-x)), as PyTorch computes it; exp overflowing to inf gives exactly 0.
        # One buffer, updated in place: the op is memory-bound.
        y = xp.negative(x, out=xp.empty_like(x))
        with np.errstate(over="ignore"):
            xp.exp(y, out=y)
        y += 1
        xp.reciprocal(y, out=y)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        # torch's kernel: grad * (1 - y) * y, left to right (float16 rounds after each op, as
        # here); bfloat16 computes it in float32 and rounds once; complex conjugates (1 - y) y.
        if y.dtype is D.bfloat16:
            yf = y.float()
            return (grad.float() * (1 - yf) * yf).to(D.bfloat16)
        if y.dtype.is_complex:
            return grad * _conj((1 - y) * y)
        return grad * (1 - y) * y


# Elements per step of torch's vectorized loop (two AVX2 vectors): 16 floats, 32 halves.
_SIGMOID_LANES = {np.dtype(np.float32): 16, np.dtype(np.float16): 32}
if D.bfloat16._np is not None:  # (bfloat16 needs ml_dtypes)
    _SIGMOID_LANES[D.bfloat16._np] = 32


def _sigmoid_vec(x32):
    """torch's AVX2 lanes: ``1 / (1 + Sleef_expf8_u10(0 - x))`` in float32."""
    e = _sleef.expf_u10(np.negative(x32))
    e += np.float32(1)
    return np.reciprocal(e, out=e)


def _sigmoid_scalar(x32):
    """torch's scalar loop: ``1 / (1 + std::exp(-x))`` with glibc's expf."""
    e = _sleef.expf_libm(np.negative(x32))
    e += np.float32(1)
    return np.reciprocal(e, out=e)


def _sigmoid_rows(rows, dtype):
    """Sigmoid of a C-contiguous 2-D float32 array whose rows are torch's inner loops, as
    ``dtype``: each row's first ``len - len % lanes`` elements take the vector path, the rest the
    scalar one."""
    n = rows.shape[1]
    cut = n - n % _SIGMOID_LANES[dtype]
    if cut == n and dtype == np.float32:
        return _sigmoid_vec(rows)
    out = np.empty(rows.shape, dtype)
    if cut:
        out[:, :cut] = _sigmoid_vec(rows[:, :cut])
    if cut < n:
        out[:, cut:] = _sigmoid_scalar(rows[:, cut:])
    if dtype != np.float32 and dtype.char != "e":
        _bfloat16_nans(out, cut)
    return out


def _bfloat16_nans(rows, cut):
    """bfloat16 NaNs as torch writes them, in place: all ones from the vector conversion (the
    first ``cut`` columns), 0x7FC0 from c10::BFloat16's scalar one (the rest)."""
    b = rows.view(np.uint16)
    nan = (b & 0x7FFF) > 0x7F80
    if nan.any():
        b[:, :cut][nan[:, :cut]] = 0xFFFF
        b[:, cut:][nan[:, cut:]] = 0x7FC0


def _torch_inner_loop(x):
    """TensorIterator's order of the dimensions of a one-input op (slowest first), and its inner
    loop after coalescing: (order, its length, its stride) (``reorder_dimensions`` then
    ``coalesce_dimensions``; the output, allocated in that order, never stops a merge)."""
    from ._iterator import dimension_order

    shape, strides = x.shape, x.strides
    perm = dimension_order(shape, [strides])  # fastest first
    size, stride = shape[perm[0]], strides[perm[0]]
    for d in perm[1:]:
        if size == 1 or shape[d] == 1 or size * stride == strides[d]:
            if size == 1:
                stride = strides[d]
            size *= shape[d]
        else:
            break
    return perm[::-1], size, stride


def _sigmoid_torch(x):
    """``torch.sigmoid`` on a small float32/float16/bfloat16 CPU array, bit for bit.

    torch runs one thread below 32768 elements; its loop goes through the input in memory order,
    two AVX2 vectors a step, computing ``1 / (1 + exp(-x))`` in float32 with SLEEF's ``expf_u10``,
    and the last ``n % 16`` elements (``n % 32`` for 16-bit floats, which compute in float32 and
    round once) with the scalar formula and glibc's ``expf``. Inputs that are not contiguous run
    the same per inner loop of TensorIterator (one loop for any dense layout), or all scalar
    where the inner loop is strided.
    """
    x32 = x.astype(np.float32, copy=False)
    if x.flags.c_contiguous:
        return _sigmoid_rows(x32.reshape(1, -1), x.dtype).reshape(x.shape)
    order, size, stride = _torch_inner_loop(x)
    xt = np.ascontiguousarray(x32.transpose(order))
    if stride not in (0, x.itemsize) and size > 1:
        y = _sigmoid_scalar(xt).astype(x.dtype)  # a strided inner loop: all scalar
        if x.dtype != np.float32 and x.dtype.char != "e":
            _bfloat16_nans(y.reshape(1, -1), 0)
    else:
        y = _sigmoid_rows(xt.reshape(-1, size), x.dtype).reshape(xt.shape)
    return y.transpose(np.argsort(order))  # laid out as torch allocates the result


class Relu(Op):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.maximum(x, 0) if x.dtype.kind != "b" else x.copy()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * (y > 0)  # 0 at 0, as in torch


class Erf(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _special.erf(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (2 / np.sqrt(np.pi)) * exp(-x * x)


class Erfc(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _special.erfc(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (-2 / np.sqrt(np.pi)) * exp(-x * x)


class Erfinv(Op):
    @staticmethod
    def forward(ctx, x):
        y = _special.erfinv(_float_input(x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * (np.sqrt(np.pi) / 2) * exp(y * y)


class Lgamma(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _special.lgamma(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * digamma(x)


class Digamma(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _special.digamma(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * Polygamma.apply(x, 1)


class Polygamma(Op):
    @staticmethod
    def forward(ctx, x, n):
        ctx.save_for_backward(x)
        ctx.n = n
        return _special.polygamma(n, _float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * Polygamma.apply(x, ctx.n + 1), None


class Sinc(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _special.sinc(_float_input(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        px = x * np.pi
        d = (cos(px) * px - sin(px)) / (px * x)
        return grad * _where(x == 0, 0.0, d)


class Reciprocal(Op):
    @staticmethod
    def forward(ctx, x):
        with np.errstate(divide="ignore"):
            y = (1 / _float_input(x)).astype(_float_input(x).dtype, copy=False)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return -grad * _conj(y * y)


class Square(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x if x.dtype.kind != "b" else x.astype(np.int64)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 2 * _conj(x)


class Rounding(Op):
    """floor, ceil, round, trunc: piecewise constant, so the gradient is zero."""

    node_name = None

    @staticmethod
    def forward(ctx, x, fn, decimals):
        ctx.fn = fn
        if x.dtype.kind in "biu":
            return x.copy()
        if fn == "round":
            if decimals:
                scale = 10.0**decimals
                return (ctx.xp.round(x * scale) / scale).astype(x.dtype)
            return ctx.xp.round(x)  # half to even, as torch
        return getattr(ctx.xp, fn)(x)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0, None, None


class Frac(Op):
    @staticmethod
    def forward(ctx, x):
        return x - ctx.xp.trunc(x)

    @staticmethod
    def backward(ctx, grad):
        return grad


class Sign(Op):
    @staticmethod
    def forward(ctx, x):
        if x.dtype.kind == "b":
            return x.copy()
        if x.dtype.kind == "c":  # sgn: x / |x|, 0 at 0
            a = ctx.xp.abs(x)
            with np.errstate(invalid="ignore", divide="ignore"):
                return ctx.xp.where(a == 0, 0, x / a).astype(x.dtype)
        return ctx.xp.sign(x)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0


class Logit(Op):
    @staticmethod
    def forward(ctx, x, eps):
        x = _float_input(x)
        if eps is not None:
            x = ctx.xp.clip(x, eps, 1 - eps)
        ctx.save_for_backward(x)
        ctx.eps = eps
        with np.errstate(divide="ignore", invalid="ignore"):
            return ctx.xp.log(x / (1 - x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (x * (1 - x)), None


class NanToNum(Op):
    @staticmethod
    def forward(ctx, x, nan, posinf, neginf):
        ctx.save_for_backward(x)
        if x.dtype.kind not in "fc":
            return x.copy()
        return ctx.xp.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * isfinite(x), None, None, None


def exp(input, *, out=None):
    return _unary(Exp, input, out)


def exp2(input, *, out=None):
    return _unary(Exp2, input, out)


def expm1(input, *, out=None):
    return _unary(Expm1, input, out)


def log(input, *, out=None):
    return _unary(Log, input, out)


def log2(input, *, out=None):
    return _unary(Log2, input, out)


def log10(input, *, out=None):
    return _unary(Log10, input, out)


def log1p(input, *, out=None):
    return _unary(Log1p, input, out)


def sqrt(input, *, out=None):
    return _unary(Sqrt, input, out)


def rsqrt(input, *, out=None):
    return _unary(Rsqrt, input, out)


def square(input, *, out=None):
    return _unary(Square, input, out)


def sin(input, *, out=None):
    return _unary(Sin, input, out)


def cos(input, *, out=None):
    return _unary(Cos, input, out)


def tan(input, *, out=None):
    return _unary(Tan, input, out)


def asin(input, *, out=None):
    return _unary(Asin, input, out)


def acos(input, *, out=None):
    return _unary(Acos, input, out)


def atan(input, *, out=None):
    return _unary(Atan, input, out)


arcsin, arccos, arctan = asin, acos, atan


def sinh(input, *, out=None):
    return _unary(Sinh, input, out)


def cosh(input, *, out=None):
    return _unary(Cosh, input, out)


def tanh(input, *, out=None):
    return _unary(Tanh, input, out)


def asinh(input, *, out=None):
    return _unary(Asinh, input, out)


def acosh(input, *, out=None):
    return _unary(Acosh, input, out)


def atanh(input, *, out=None):
    return _unary(Atanh, input, out)


arcsinh, arccosh, arctanh = asinh, acosh, atanh


def sigmoid(input, *, out=None):
    return _unary(Sigmoid, input, out)


def relu(input):
    if input.dtype is D.bool:
        raise RuntimeError("\"clamp_min_cpu\" not implemented for 'Bool'")
    return Relu.apply(input)


def erf(input, *, out=None):
    return _unary(Erf, input, out)


def erfc(input, *, out=None):
    return _unary(Erfc, input, out)


def erfinv(input, *, out=None):
    return _unary(Erfinv, input, out)


def lgamma(input, *, out=None):
    return _unary(Lgamma, input, out)


def digamma(input, *, out=None):
    return _unary(Digamma, input, out)


def polygamma(n, input, *, out=None):
    if n == 0:
        return digamma(input, out=out)
    return _finish(Polygamma.apply(input, n), out)


def sinc(input, *, out=None):
    return _unary(Sinc, input, out)


def reciprocal(input, *, out=None):
    return _unary(Reciprocal, input, out)


def sign(input, *, out=None):
    if input.dtype.is_complex:
        raise RuntimeError(
            "Unlike NumPy, torch.sign is not intended to support complex numbers. "
            "Please use torch.sgn instead."
        )
    return _unary(Sign, input, out)


def sgn(input, *, out=None):
    return _unary(Sign, input, out)


def signbit(input, *, out=None):
    return _finish(_Tensor()._make(np.signbit(input._data)), out)


def floor(input, *, out=None):
    return _finish(Rounding.apply(input, "floor", 0), out)


def ceil(input, *, out=None):
    return _finish(Rounding.apply(input, "ceil", 0), out)


def trunc(input, *, out=None):
    return _finish(Rounding.apply(input, "trunc", 0), out)


fix = trunc


def round(input, *, decimals=0, out=None):  # noqa: A001
    """Rounds half to even; ``decimals`` rounds to that many decimal places."""
    return _finish(Rounding.apply(input, "round", decimals), out)


def frac(input, *, out=None):
    return _unary(Frac, input, out)


def deg2rad(input, *, out=None):
    x = input if input.is_floating_point() else input.to(D.get_default_dtype())
    return _finish(x * (np.pi / 180), out)


def rad2deg(input, *, out=None):
    x = input if input.is_floating_point() else input.to(D.get_default_dtype())
    return _finish(x * (180 / np.pi), out)


def logit(input, eps=None, *, out=None):
    return _finish(Logit.apply(input, eps), out)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    return _finish(NanToNum.apply(input, nan, posinf, neginf), out)


# --- tests on values (no gradient) ------------------------------------------------------------


def _bool_result(fn, input, *args, out=None):
    result = _Tensor()._make(np.asarray(fn(input._data, *args)))
    return _finish(result, out)


def isnan(input):
    return _bool_result(np.isnan, input) if _is_inexact(input) else _false_like(input)


def _is_inexact(input):
    return input.dtype.is_floating_point or input.dtype.is_complex


def _false_like(input):
    return _Tensor()._make(np.zeros(input._data.shape, dtype=bool))


def isinf(input):
    return _bool_result(np.isinf, input) if _is_inexact(input) else _false_like(input)


def isfinite(input):
    if _is_inexact(input):
        return _bool_result(np.isfinite, input)
    return _Tensor()._make(np.ones(input._data.shape, dtype=bool))


def isposinf(input, *, out=None):
    return _bool_result(np.isposinf, input, out=out)


def isneginf(input, *, out=None):
    return _bool_result(np.isneginf, input, out=out)


def isreal(input):
    if not input.dtype.is_complex:
        return _Tensor()._make(np.ones(input._data.shape, dtype=bool))
    return _bool_result(lambda x: x.imag == 0, input)


def _polygamma_method(self, n):
    return polygamma(n, self)


# Tensor methods that are these functions (``t.exp()`` is ``exp(t)``); bound in _tensor_methods.
TENSOR_METHODS = {
    "exp": exp, "exp_": inplace(exp), "exp2": exp2, "expm1": expm1, "expm1_": inplace(expm1),
    "log": log, "log_": inplace(log), "log2": log2, "log10": log10, "log1p": log1p,
    "log1p_": inplace(log1p), "sqrt": sqrt, "sqrt_": inplace(sqrt), "rsqrt": rsqrt,
    "rsqrt_": inplace(rsqrt), "square": square, "square_": inplace(square), "sin": sin,
    "sin_": inplace(sin), "cos": cos, "cos_": inplace(cos), "tan": tan, "asin": asin,
    "acos": acos, "atan": atan, "arcsin": asin, "arccos": acos, "arctan": atan, "sinh": sinh,
    "cosh": cosh, "tanh": tanh, "tanh_": inplace(tanh), "asinh": asinh, "acosh": acosh,
    "atanh": atanh, "sigmoid": sigmoid, "sigmoid_": inplace(sigmoid), "relu": relu,
    "relu_": inplace(relu), "erf": erf, "erf_": inplace(erf), "erfc": erfc, "erfinv": erfinv,
    "lgamma": lgamma, "digamma": digamma, "sign": sign, "sign_": inplace(sign), "sgn": sgn,
    "signbit": signbit, "floor": floor, "floor_": inplace(floor), "ceil": ceil,
    "ceil_": inplace(ceil), "round": round, "round_": inplace(round), "trunc": trunc,
    "trunc_": inplace(trunc), "fix": trunc, "frac": frac, "frac_": inplace(frac),
    "reciprocal": reciprocal, "reciprocal_": inplace(reciprocal), "isnan": isnan, "isinf": isinf,
    "isfinite": isfinite, "isposinf": isposinf, "isneginf": isneginf, "isreal": isreal,
    "nan_to_num": nan_to_num, "nan_to_num_": inplace(nan_to_num), "deg2rad": deg2rad,
    "rad2deg": rad2deg, "logit": logit, "sinc": sinc, "polygamma": _polygamma_method,
}  # fmt: skip
