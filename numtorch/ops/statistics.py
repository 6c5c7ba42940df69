"""Statistics and normalizers: var/std, vector norms, logsumexp, softmax and log_softmax.

Each has its own formula for a stable forward and a backward written with Tensor ops, so that
double backward works (``SoftmaxBackward0`` saves only the output, as PyTorch's does).
"""

from __future__ import annotations

import builtins
import math
import operator
import warnings

import numpy as np

from .. import _dtype as D
from .._tensor import _wrap_dim
from ..autograd.grad_mode import _state as _grad_state
from ..autograd.node import Op
from ._pointwise import _finish, _where
from ._softmax_cpu import (
    log_softmax_backward_lastdim_f32,
    log_softmax_f32,
    log_softmax_half_lastdim,
    log_softmax_half_otherdim,
    softmax_backward_lastdim_f32,
    softmax_f32,
    softmax_half_lastdim,
    softmax_half_otherdim,
)
from .reduction import (
    _T,
    _acc,
    _count,
    _dims,
    _is_float,
    _keep_shape,
    _kept,
    _type_name,
    _unreduce,
    _xp,
)  # fmt: skip

__all__ = [
    "std", "var", "std_mean", "var_mean", "norm", "dist", "logsumexp", "softmax", "log_softmax",
]  # fmt: skip


# --- var, std -----------------------------------------------------------------------------------


def _var_forward(ctx, x, dims, correction, keepdim, name, sqrt=False):
    """Variance over ``dims`` in a real dtype (its square root if ``sqrt``, taken before the
    rounding to the dtype, as torch does); also the mean, which var_mean returns."""
    xp = ctx.xp
    n = _count(x.shape, dims)
    dof = builtins.max(0, n - correction)
    if dof <= 0:
        warnings.warn(
            f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
            "reduction factor (input numel divided by output numel).",
            UserWarning,
            stacklevel=6,
        )
    # torch's Welford runs in double for float and the half types (then rounds once): two passes
    # in double give the same float results
    xa = x.astype(np.complex128 if x.dtype.kind == "c" else np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = xp.sum(xa, axis=dims, keepdims=True) / n
        dev = xa - mean
        sq = (dev.real**2 + dev.imag**2) if xp.iscomplexobj(dev) else dev * dev
        var = xp.sum(sq, axis=dims, keepdims=keepdim) / dof
    ctx.dims, ctx.keepdim, ctx.dof, ctx.n = dims, keepdim, dof, n
    real = D.from_numpy_dtype(x.dtype).to_real().np
    if not keepdim:
        mean = mean.reshape(var.shape)
    if sqrt:
        var = xp.sqrt(var)
    return var.astype(real), mean.astype(x.dtype)


def _var_backward(ctx, x, grad):
    """d var / dx = 2 (x - mean) / dof, the gradient broadcast back over the reduced dims."""
    g = _unreduce(grad, x.shape, ctx.dims, ctx.keepdim)
    scale = 2.0 / ctx.dof if ctx.dof else math.inf  # no degrees of freedom: nan, as torch
    return scale * g * (x - x.mean(ctx.dims, keepdim=True))


def _std_to_var_grad(grad, std):
    """d std = d var / (2 std); 0 where std is 0 (the variance's kink), as torch."""
    return _where(std == 0, 0.0, grad / (std * 2))


class Var(Op):
    @staticmethod
    def forward(ctx, x, dims, correction, keepdim):
        ctx.save_for_backward(x)
        return _var_forward(ctx, x, dims, correction, keepdim, "var")[0]

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return _var_backward(ctx, x, grad), None, None, None


class Std(Op):
    @staticmethod
    def forward(ctx, x, dims, correction, keepdim):
        std = _var_forward(ctx, x, dims, correction, keepdim, "std", sqrt=True)[0]
        ctx.save_for_backward(x, std)
        return std

    @staticmethod
    def backward(ctx, grad):
        x, std = ctx.saved_tensors
        return _var_backward(ctx, x, _std_to_var_grad(grad, std)), None, None, None


class VarMean(Op):
    @staticmethod
    def forward(ctx, x, dims, correction, keepdim):
        ctx.save_for_backward(x)
        return _var_forward(ctx, x, dims, correction, keepdim, "var_mean")

    @staticmethod
    def backward(ctx, grad_var, grad_mean):
        (x,) = ctx.saved_tensors
        g_mean = _unreduce(grad_mean, x.shape, ctx.dims, ctx.keepdim) / ctx.n
        return _var_backward(ctx, x, grad_var) + g_mean, None, None, None


class StdMean(Op):
    @staticmethod
    def forward(ctx, x, dims, correction, keepdim):
        std, mean = _var_forward(ctx, x, dims, correction, keepdim, "std_mean", sqrt=True)
        ctx.save_for_backward(x, std)
        return std, mean

    @staticmethod
    def backward(ctx, grad_std, grad_mean):
        x, std = ctx.saved_tensors
        g_mean = _unreduce(grad_mean, x.shape, ctx.dims, ctx.keepdim) / ctx.n
        g_var = _std_to_var_grad(grad_std, std)
        return _var_backward(ctx, x, g_var) + g_mean, None, None, None


def _var_args(op, name, input, dim, unbiased, keepdim, correction):
    """PyTorch's overloads: (dim, unbiased, keepdim), (unbiased), (dim, *, correction, keepdim)."""
    if isinstance(dim, builtins.bool):
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise TypeError(
            f"{name}() received an invalid combination of arguments - got both 'unbiased' and "
            "'correction'"
        )
    if not _is_float(input.dtype):
        raise RuntimeError("std and var only support floating point and complex dtypes")
    if correction is None:
        correction = 0 if unbiased is False else 1
    return op.apply(input, _dims(dim, input.ndim, name), correction, keepdim)


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    """The variance over ``dim``, dividing by ``N - correction`` (Bessel's correction: 1)."""
    return _finish(_var_args(Var, "var", input, dim, unbiased, keepdim, correction), out)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    """The standard deviation over ``dim``, dividing by ``N - correction``."""
    return _finish(_var_args(Std, "std", input, dim, unbiased, keepdim, correction), out)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """``(var, mean)`` over ``dim``, as a plain tuple."""
    return _var_args(VarMean, "var_mean", input, dim, unbiased, keepdim, correction)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """``(std, mean)`` over ``dim``, as a plain tuple."""
    return _var_args(StdMean, "std_mean", input, dim, unbiased, keepdim, correction)


# --- norms --------------------------------------------------------------------------------------


def _norm_forward(xp, x, ord, dims, keepdim):
    a = _acc(xp.abs(x), xp)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        if ord == 2:
            y = xp.sqrt(xp.sum(a * a, axis=dims, keepdims=keepdim))
        elif ord == 1:
            y = xp.sum(a, axis=dims, keepdims=keepdim)
        elif ord == math.inf:
            y = xp.max(a, axis=dims, keepdims=keepdim)
        elif ord == -math.inf:
            y = xp.min(a, axis=dims, keepdims=keepdim)
        elif ord == 0:
            y = xp.sum(a != 0, axis=dims, keepdims=keepdim).astype(a.dtype)
        else:
            y = xp.sum(a**ord, axis=dims, keepdims=keepdim) ** (1.0 / ord)
    return y.astype(D.from_numpy_dtype(x.dtype).to_real().np)


def _norm_backward(grad, x, y, p, dims, keepdim):
    """The p-norm's gradient (PyTorch's norm_backward), 0 where the norm is 0."""
    g = _kept(grad, x.shape, dims, keepdim)
    norm = _kept(y, x.shape, dims, keepdim)
    if p == 0:
        return x * 0
    if p == 1:
        return x.sgn() * g
    if p == 2:
        return g * _where(norm == 0, 0.0, x / norm)  # 0 at the origin, as torch
    if math.isinf(p):  # split among the elements of largest (smallest) magnitude, or NaN
        ax = _xp(x._data).abs(x._data)
        mask = (ax == norm._data) | (ax != ax)
        return x.sgn() * ((g / _T(mask.sum(axis=dims, keepdims=True))) * _T(mask))
    if p < 1:
        scaled = x.sgn() * _where(x == 0, 0.0, x.abs() ** (p - 1))
        return scaled * g * norm ** (1 - p)
    scaled = x.sgn() * x.abs() ** (p - 1) if p < 2 else x * x.abs() ** (p - 2)
    return scaled * _where(norm == 0, 0.0, g / norm ** (p - 1))


class VectorNorm(Op):
    """``(sum |x|^p)^(1/p)`` over dims, with p = inf, -inf and 0 as their limits."""

    node_name = "LinalgVectorNormBackward0"

    @staticmethod
    def forward(ctx, x, ord, dims, keepdim):
        ctx.ord, ctx.dims, ctx.keepdim = ord, dims, keepdim
        y = _norm_forward(ctx.xp, x, ord, dims, keepdim)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return _norm_backward(grad, x, y, ctx.ord, ctx.dims, ctx.keepdim), None, None, None


class Dist(Op):
    """The p-norm of ``a - b`` (broadcast), as one node."""

    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, ord):
        ctx.ord = ord
        y = _norm_forward(ctx.xp, a - b, ord, None, False)
        ctx.save_for_backward(a, b, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        a, b, y = ctx.saved_tensors
        diff = a - b
        g = _norm_backward(grad, diff, y, ctx.ord, tuple(range(diff.ndim)), False)
        return g, -g, None


def vector_norm(input, ord=2, dim=None, keepdim=False, *, dtype=None, out=None):
    """``torch.linalg.vector_norm``: the p-norm of ``input`` flattened over ``dim``."""
    if not _is_float(input.dtype):
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
            f"{_type_name(input.dtype)}"
        )
    ord = builtins.float(ord)
    dims = _dims(dim, input.ndim, "linalg_vector_norm")
    if ord < 0 or math.isinf(ord):
        empty = (
            input.numel() == 0 if dim is None else builtins.any(input.shape[d] == 0 for d in dims)
        )
        if empty:
            raise RuntimeError(
                f"linalg.vector_norm cannot compute the {_ord_name(ord)} norm on an empty tensor "
                "because the operation does not have an identity"
            )
    if dtype is not None:
        _check_norm_dtype(input.dtype, dtype)
        input = input.to(dtype)
    return _finish(VectorNorm.apply(input, ord, dims, keepdim), out)


def _check_norm_dtype(have, want):
    """The input is cast to ``dtype`` first, which may widen it but not narrow it."""
    if have.is_complex != want.is_complex:
        kind = "complex" if have.is_complex else "real"
        raise RuntimeError(
            f"linalg.vector_norm: dtype should be {kind} for {kind} inputs, but got "
            f"{_type_name(want)}"
        )
    if D.promote_types(have, want) is not want:
        raise RuntimeError(
            f"linalg.vector_norm: the dtype of the input ({_type_name(have)}) should be "
            f"convertible without narrowing to the specified dtype ({_type_name(want)})"
        )


def _ord_name(ord):
    return {math.inf: "inf", -math.inf: "-inf"}.get(ord, f"{ord:g}")


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    """The norm of ``input``: a vector p-norm (``p`` a number, 'fro'), or 'nuc' for matrices."""
    if isinstance(dim, builtins.int):
        dim = [dim]
    if isinstance(p, str):
        if p == "fro" and (dim is None or len(dim) <= 2):
            return vector_norm(input, 2, dim, keepdim, dtype=dtype, out=out)
        from .. import linalg

        dim = list(range(input.ndim)) if dim is None else dim
        return _finish(linalg.matrix_norm(input, p, dim, keepdim, dtype=dtype), out)
    return vector_norm(input, 2.0 if p is None else p, dim, keepdim, dtype=dtype, out=out)


def dist(input, other, p=2):
    """The p-norm of ``input - other``."""
    if input.dtype is not other.dtype:
        common = D.promote_types(input.dtype, other.dtype)
        input, other = input.to(common), other.to(common)
    return Dist.apply(input, other, builtins.float(p))


# --- logsumexp ----------------------------------------------------------------------------------


class Logsumexp(Op):
    """``log(sum(exp(x)))``, shifted by the max so that it neither overflows nor underflows."""

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        xp = ctx.xp
        ctx.dims, ctx.keepdim = dims, keepdim
        xa = _acc(x, xp)
        if x.size:
            m = xp.max(xa, axis=dims, keepdims=True)
            m = xp.where(xp.isinf(m), 0, m)  # all -inf (or an inf): no shift, exact -inf/inf
        else:
            m = xp.zeros(_keep_shape(x.shape, dims), dtype=xa.dtype)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            y = xp.log(xp.sum(xp.exp(xa - m), axis=dims, keepdims=True)) + m
        y = y if keepdim else y.reshape([s for i, s in enumerate(y.shape) if i not in dims])
        y = y.astype(x.dtype, copy=False)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        g = _kept(grad, x.shape, ctx.dims, ctx.keepdim)
        return g * (x - _kept(y, x.shape, ctx.dims, ctx.keepdim)).exp(), None, None


def logsumexp(input, dim, keepdim=False, *, out=None):
    """``log(sum(exp(input), dim))``, computed stably."""
    if dim is None:
        raise TypeError("logsumexp(): argument 'dim' must be tuple of ints, not NoneType")
    dims = _dims(dim, input.ndim, "logsumexp")
    if not _is_float(input.dtype):
        input = input.to(D.get_default_dtype())
    return _finish(Logsumexp.apply(input, dims, keepdim), out)


# --- softmax ------------------------------------------------------------------------------------


# torch's bits cost ~5-10x NumPy's time (SLEEF's exp replayed): paid up to this many elements
# (class scores, the notes' examples), as for exp/log/sigmoid in unary.py; beyond, NumPy's speed
_SOFTMAX_EXACT_MAX_SIZE = 16384


def _torch_bits(x, xp):
    """float32 on the CPU, up to ``_SOFTMAX_EXACT_MAX_SIZE`` elements: ``_softmax_cpu`` replays
    torch's AVX2 kernels (other dtypes, sizes and devices round as NumPy does)."""
    return xp is np and x.dtype == np.float32 and x.size <= _SOFTMAX_EXACT_MAX_SIZE


class Softmax(Op):
    """``exp(x) / sum(exp(x))`` along ``dim``, shifted by the max for stability."""

    @staticmethod
    def forward(ctx, x, dim):
        xp = ctx.xp
        ctx.dim = dim
        xa = _acc(x, xp)
        if x.size and _torch_bits(x, xp):  # torch's kernel, bit for bit
            y = softmax_f32(x, dim)
        elif x.size and xp is np and x.dtype != xa.dtype:  # float16, bfloat16: torch's roundings
            last = dim in (None, x.ndim - 1)
            y = softmax_half_lastdim(x) if last else softmax_half_otherdim(x, dim)
        elif x.size:  # in place after the first subtraction: one temporary, not three
            e = xp.asarray(xa - xp.max(xa, axis=dim, keepdims=True))
            xp.exp(e, out=e)
            e /= xp.sum(e, axis=dim, keepdims=True)
            y = e.astype(x.dtype, copy=False)
        else:
            y = x.copy()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        if _exact_backward(ctx, y, grad):
            return _T(softmax_backward_lastdim_f32(grad._data, y._data)), None
        return y * (grad - (grad * y).sum(ctx.dim, keepdim=True)), None


class LogSoftmax(Op):
    """``x - logsumexp(x)`` along ``dim``."""

    @staticmethod
    def forward(ctx, x, dim):
        xp = ctx.xp
        ctx.dim = dim
        xa = _acc(x, xp)
        if x.size and _torch_bits(x, xp):  # torch's kernel, bit for bit
            y = log_softmax_f32(x, dim)
        elif x.size and xp is np and x.dtype != xa.dtype:  # float16, bfloat16: torch's roundings
            last = dim in (None, x.ndim - 1)
            y = log_softmax_half_lastdim(x) if last else log_softmax_half_otherdim(x, dim)
        elif x.size:
            y = xp.asarray(xa - xp.max(xa, axis=dim, keepdims=True))
            y -= xp.log(xp.sum(xp.exp(y), axis=dim, keepdims=True))
            y = y.astype(x.dtype, copy=False)
        else:
            y = x.copy()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        if _exact_backward(ctx, y, grad):
            return _T(log_softmax_backward_lastdim_f32(grad._data, y._data)), None
        return grad - y.exp() * grad.sum(ctx.dim, keepdim=True), None


def _exact_backward(ctx, y, grad):
    """torch's last-dim backward kernel, bit for bit (``_softmax_cpu``), where no graph of the
    gradient is wanted (backward runs with grad mode off unless ``create_graph``): float32 on
    the CPU, up to ``_SOFTMAX_EXACT_MAX_SIZE`` elements. Otherwise the formula in Tensor ops,
    which double backward differentiates."""
    if _grad_state.enabled or ctx.dim not in (None, y.dim() - 1):
        return False
    data = y._data
    return (
        type(data) is np.ndarray  # not CuPy (nor a subclass standing for one)
        and type(grad._data) is np.ndarray
        and data.dtype == np.float32
        and grad.dtype is y.dtype
        and data.size <= _SOFTMAX_EXACT_MAX_SIZE
    )


def _softmax(op, name, input, dim, dtype):
    if dim is None or not hasattr(dim, "__index__"):
        raise TypeError(
            f"{name}(): argument 'dim' (position 2) must be int, not {type(dim).__name__}"
        )
    d = _wrap_dim(operator.index(dim), input.ndim)
    if dtype is not None:
        input = input.to(dtype)  # cast first, differentiably (ToCopyBackward0), as torch
    elif not input.dtype.is_floating_point:
        kernel = "lastdim_kernel_impl" if d == builtins.max(input.ndim - 1, 0) else "kernel_impl"
        raise NotImplementedError(
            f"\"{name}_{kernel}\" not implemented for '{_type_name(input.dtype)}'"
        )
    return op.apply(input, d if input.ndim else None)


_REQUIRED = object()  # marks an argument torch requires, to raise its parser's message


def _missing(name, arg):
    return TypeError(f'{name}() missing 1 required positional arguments: "{arg}"')


def softmax(input, dim=_REQUIRED, dtype=None, *, out=None):
    """``exp(x_i) / sum_j exp(x_j)`` along ``dim``."""
    if dim is _REQUIRED:
        raise _missing("softmax", "dim")
    return _finish(_softmax(Softmax, "softmax", input, dim, dtype), out)


def log_softmax(input, dim=_REQUIRED, dtype=None, *, out=None):
    """``x_i - log(sum_j exp(x_j))`` along ``dim``."""
    if dim is _REQUIRED:
        raise _missing("log_softmax", "dim")
    return _finish(_softmax(LogSoftmax, "log_softmax", input, dim, dtype), out)


def get_softmax_dim(name, ndim, stacklevel=3):
    """The dim ``nn.functional.softmax(x)`` picks when none is given, with torch's warning."""
    warnings.warn(
        f"Implicit dimension choice for {name} has been deprecated. Change the call to include "
        "dim=X as an argument.",
        UserWarning,
        stacklevel=stacklevel,
    )
    return 0 if ndim in (0, 1, 3) else 1


TENSOR_METHODS = {
    "std": std, "var": var, "norm": norm, "dist": dist, "logsumexp": logsumexp,
    "softmax": softmax, "log_softmax": log_softmax,
}  # fmt: skip
