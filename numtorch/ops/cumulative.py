"""Ops along one dim: cumsum, cumprod, cummax, cummin, logcumsumexp, diff, trapezoid.

The cumulative sums run in either direction (``reverse``) internally: the backward of a cumsum is
a cumsum from the other end, and likewise for logcumsumexp, so no flip is needed.
"""

from __future__ import annotations

import builtins

import numpy as np

from .. import _dtype as D
from .. import return_types
from .._tensor import _wrap_dim
from ..autograd.grad_mode import _state
from ..autograd.node import Op
from ._pointwise import _finish, _where
from .reduction import _T, _acc, _is_float, _type_name, _xp

__all__ = [
    "cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "diff", "trapezoid", "trapz",
    "cumulative_trapezoid",
]  # fmt: skip


def _cum_dim(input, dim, name):
    if dim is None or isinstance(dim, (list, tuple)) or not hasattr(dim, "__index__"):
        raise TypeError(f"{name}(): argument 'dim' must be int, not {type(dim).__name__}")
    d = _wrap_dim(int(dim), input.ndim)
    return d if input.ndim else None  # a 0-d tensor: nothing to accumulate over


def _flip(xp, x, dim, reverse):
    return xp.flip(x, dim) if reverse else x


def _cum_dtype(input, dtype):
    if dtype is not None:
        return dtype
    return input.dtype if _is_float(input.dtype) else D.int64


# --- cumsum, cumprod ----------------------------------------------------------------------------


def _cum_acc(x, xp):
    """torch's cumsum keeps its running sum in ``acc_type<T, /*is_cuda=*/false>``: double for
    float (each output rounded once from it), float for the half types."""
    if x.dtype == np.float32:
        return x.astype(np.float64)
    if x.dtype == np.complex64:
        return x.astype(np.complex128)
    return _acc(x, xp)


class Cumsum(Op):
    """Running sums along ``dim`` (from the end if ``reverse``); backward runs the other way."""

    @staticmethod
    def forward(ctx, x, dim, dtype, reverse=False):
        xp = ctx.xp
        ctx.dim, ctx.reverse = dim, reverse
        x = x.astype(dtype.np, copy=False)
        if dim is None:
            return x.copy()
        y = xp.cumsum(_flip(xp, _cum_acc(x, xp), dim, reverse), axis=dim)
        return xp.ascontiguousarray(_flip(xp, y, dim, reverse)).astype(dtype.np, copy=False)

    @staticmethod
    def backward(ctx, grad):
        return Cumsum.apply(grad, ctx.dim, grad.dtype, not ctx.reverse), None, None, None


def cumsum(input, dim, *, dtype=None, out=None):
    """The running sum of ``input`` along ``dim``; integers accumulate in int64."""
    d = _cum_dim(input, dim, "cumsum")
    return _finish(Cumsum.apply(input, d, _cum_dtype(input, dtype)), out)


class Cumprod(Op):
    @staticmethod
    def forward(ctx, x, dim, dtype):
        xp = ctx.xp
        ctx.dim = dim
        x = x.astype(dtype.np, copy=False)
        y = x.copy() if dim is None else xp.cumprod(_acc(x, xp), axis=dim).astype(dtype.np)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        dim = ctx.dim
        if dim is None or x.numel() <= 1 or x.shape[dim] == 1:
            return grad, None, None
        if not (x._data == 0).any():
            # d/dx_k sum_i g_i y_i = sum_{i >= k} g_i y_i / x_k
            w = grad * _conj(y)
            return Cumsum.apply(w, dim, w.dtype, True) / _conj(x), None, None
        if _state.enabled:  # a graph is being built: the differentiable (quadratic) formula
            return _cumprod_grad_with_zeros(x, grad, dim), None, None
        return _T(_cumprod_grad_first_zero(x._data, grad._data, dim)), None, None


def _conj(t):
    return t.conj() if t.dtype.is_complex else t


def _cumprod_grad_with_zeros(x, grad, dim):
    """``sum_{i >= k} g_i prod_{j <= i, j != k} x_j`` with an (n, n) table per slice.

    Written with differentiable ops (no division by x), so double backward works at zeros.
    """
    xp = _xp(x._data)
    n = x.shape[dim]
    xm, gm = x.movedim(dim, -1), grad.movedim(dim, -1)
    eye = _T(xp.eye(n, dtype=bool))
    upper = _T(xp.triu(xp.ones((n, n), dtype=bool)))  # [k, i]: i >= k
    others = _where(eye, 1.0, xm.unsqueeze(-2)).cumprod(-1)  # [k, i]: prod_{j<=i, j!=k} x_j
    return (_conj(others) * upper * gm.unsqueeze(-2)).sum(-1).movedim(-1, dim)


def _cumprod_grad_first_zero(x, g, dim):
    """The same gradient in O(n) on arrays, for the usual case where no graph is built.

    Before a slice's first zero z, the gradient is a reverse cumsum over x_k; at z it is the
    cumprod with x_z replaced by 1; after z it is 0 (every product there holds a second zero or
    x_z itself).
    """
    xp = _xp(x)
    x, g = xp.moveaxis(x, dim, -1), xp.moveaxis(g, dim, -1)
    is_zero = x == 0
    zeros_so_far = xp.cumsum(is_zero, axis=-1)
    w = g * xp.conj(xp.cumprod(x, axis=-1))
    after = xp.flip(xp.cumsum(xp.flip(w, -1), axis=-1), -1)
    out = xp.where(zeros_so_far == 0, after / xp.conj(xp.where(is_zero, 1, x)), 0)
    first = is_zero & (zeros_so_far == 1)
    without_first = xp.cumprod(xp.where(first, 1, x), axis=-1)
    at_first = xp.sum(xp.where(zeros_so_far >= 1, g * xp.conj(without_first), 0), -1, keepdims=True)
    out = xp.where(first, at_first, out).astype(x.dtype)
    return xp.ascontiguousarray(xp.moveaxis(out, -1, dim))


def cumprod(input, dim, *, dtype=None, out=None):
    """The running product of ``input`` along ``dim``; integers accumulate in int64."""
    d = _cum_dim(input, dim, "cumprod")
    return _finish(Cumprod.apply(input, d, _cum_dtype(input, dtype)), out)


# --- cummax, cummin -----------------------------------------------------------------------------


class Cummax(Op):
    """Running maximum and the index where it was last reached (NaN propagates, as torch)."""

    _ufunc = "maximum"

    @classmethod
    def forward(cls, ctx, x, dim):
        xp = ctx.xp
        ctx.dim = dim
        if dim is None:
            ctx.indices = xp.zeros((), dtype=xp.int64)
            return x.copy(), ctx.indices
        values = getattr(xp, cls._ufunc).accumulate(x, axis=dim)
        # torch moves the index on ties (>=) and at every NaN: the last position where the
        # running value was attained is the index
        hit = x == values
        if x.dtype.kind in "fc":
            hit |= xp.isnan(x)
        shape = [1] * x.ndim
        shape[dim] = x.shape[dim]
        steps = xp.arange(x.shape[dim], dtype=xp.int64).reshape(shape)
        ctx.indices = xp.maximum.accumulate(xp.where(hit, steps, 0), axis=dim)
        return values, ctx.indices

    @staticmethod
    def backward(ctx, grad, _):
        if ctx.dim is None:
            return grad, None
        return grad.new_zeros(grad.shape).scatter_add(ctx.dim, _T(ctx.indices), grad), None


class Cummin(Cummax):
    _ufunc = "minimum"


def cummax(input, dim):
    """``(values, indices)``: the running maximum along ``dim`` and where it was attained."""
    return return_types.cummax(*Cummax.apply(input, _cum_dim(input, dim, "cummax")))


def cummin(input, dim):
    """``(values, indices)``: the running minimum along ``dim`` and where it was attained."""
    return return_types.cummin(*Cummin.apply(input, _cum_dim(input, dim, "cummin")))


# --- logcumsumexp -------------------------------------------------------------------------------


class Logcumsumexp(Op):
    """``log(cumsum(exp(x)))`` computed without overflow (``logaddexp`` accumulated)."""

    @staticmethod
    def forward(ctx, x, dim, reverse=False):
        xp = ctx.xp
        ctx.dim, ctx.reverse = dim, reverse
        if dim is None:
            y = x.copy()
        else:
            y = _logaddexp_accumulate(xp, _flip(xp, x, dim, reverse), dim)
            y = xp.ascontiguousarray(_flip(xp, y, dim, reverse))
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        if ctx.dim is None or grad.numel() == 0:
            return grad, None, None
        # sum_{i >= k} g_i exp(x_k - y_i), with the positive and negative parts of g kept in
        # log space so that nothing overflows (PyTorch's formula)
        lowest = float(np.finfo(x._data.dtype).min)
        log_abs = grad.abs().log()
        log_pos = _where(grad > 0, log_abs, lowest)
        log_neg = _where(grad < 0, log_abs, lowest)
        back = not ctx.reverse
        pos = (Logcumsumexp.apply(log_pos - y, ctx.dim, back) + x).exp()
        neg = (Logcumsumexp.apply(log_neg - y, ctx.dim, back) + x).exp()
        return pos - neg, None, None


def _logaddexp_accumulate(xp, x, dim):
    if xp is np:
        return np.logaddexp.accumulate(x, axis=dim)
    m = xp.max(x, axis=dim, keepdims=True)  # no ufunc.accumulate elsewhere: shift by the max
    m = xp.where(xp.isinf(m), 0, m)
    return xp.log(xp.cumsum(xp.exp(x - m), axis=dim)) + m


def logcumsumexp(input, dim, *, out=None):
    """``log(cumsum(exp(input)))`` along ``dim``, computed stably."""
    d = _cum_dim(input, dim, "logcumsumexp")
    if not _is_float(input.dtype):
        raise NotImplementedError(
            f"\"logcumsumexp_out_cpu\" not implemented for '{_type_name(input.dtype)}'"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(Logcumsumexp.apply(input, d), out)


# --- diff, trapezoid ----------------------------------------------------------------------------


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference along ``dim`` (``logical_xor`` for bool)."""
    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    d = _wrap_dim(dim, input.ndim)
    if prepend is not None or append is not None:
        from .. import cat

        parts = [t for t in (prepend, input, append) if t is not None]
        input = cat(parts, d)
    for _ in range(n):
        length = input.shape[d]
        if length == 0:
            break
        later, earlier = input.narrow(d, 1, length - 1), input.narrow(d, 0, length - 1)
        input = later.logical_xor(earlier) if input.dtype is D.bool else later - earlier
    return input


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The trapezoidal rule along ``dim``, with sample points ``x`` or spacing ``dx``."""
    d = _wrap_dim(dim, y.ndim)
    n = y.shape[d]
    if n == 0:
        return y.new_zeros([s for i, s in enumerate(y.shape) if i != d])
    if x is None:
        dx = 1 if dx is None else dx
        return (y.sum(d) - (y.select(d, 0) + y.select(d, -1)) * 0.5) * dx
    spacing = _spacing(x, y, d)
    return (spacing * (y.narrow(d, 1, n - 1) + y.narrow(d, 0, n - 1))).sum(d) / 2.0


def _spacing(x, y, d):
    """``diff(x)`` along ``d``, a 1-D ``x`` laid along ``y``'s dim ``d``."""
    if x.ndim == 1:
        shape = [1] * y.ndim
        shape[d] = x.shape[0]
        x = x.reshape(shape)
        d_x = d
    else:
        d_x = d if d >= 0 else x.ndim + d
    m = x.shape[d_x]
    return x.narrow(d_x, 1, m - 1) - x.narrow(d_x, 0, m - 1)


def trapz(y, x=None, *, dx=None, dim=-1):
    """Alias of :func:`trapezoid`."""
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running trapezoidal rule along ``dim``."""
    d = _wrap_dim(dim, y.ndim)
    n = y.shape[d]
    m = builtins.max(n - 1, 0)
    pair = y.narrow(d, 0, m) + y.narrow(d, builtins.min(1, n), m)
    if x is None:
        return (pair * ((1 if dx is None else dx) / 2.0)).cumsum(d)
    return (_spacing(x, y, d) * pair).cumsum(d) / 2.0


TENSOR_METHODS = {
    "cumsum": cumsum, "cumprod": cumprod, "cummax": cummax, "cummin": cummin,
    "logcumsumexp": logcumsumexp, "diff": diff,
}  # fmt: skip
