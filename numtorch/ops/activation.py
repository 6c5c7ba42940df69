"""Activation functions with their own forward/backward: one NumPy pass forward, and a backward
that either multiplies by a saved derivative (piecewise-linear functions, whose second derivative
is zero) or is written with differentiable ops (smooth functions, so double backward works)."""

from __future__ import annotations

import math

import numpy as np

from ..autograd.node import Op
from . import _special
from ._pointwise import _where
from .unary import erf, exp, sigmoid, tanh

__all__ = [
    "leaky_relu", "hardtanh", "hardsigmoid", "hardswish", "threshold", "softshrink", "hardshrink",
    "elu", "gelu", "silu", "softplus", "mish", "log_sigmoid",
]  # fmt: skip

_SQRT_2_PI = math.sqrt(2.0 / math.pi)


class _PiecewiseLinear(Op):
    """Backward is ``grad * d`` with ``d`` the derivative computed in forward."""

    @staticmethod
    def backward(ctx, grad):
        (d,) = ctx.saved_tensors
        return (grad * d,) + (None,) * ctx.n_params


def _save_derivative(ctx, d, x, n_params):
    ctx.n_params = n_params
    ctx.save_for_backward(d.astype(x.dtype, copy=False))


class LeakyRelu(_PiecewiseLinear):
    @staticmethod
    def forward(ctx, x, negative_slope):
        pos = x > 0
        _save_derivative(ctx, ctx.xp.where(pos, 1.0, negative_slope), x, 1)
        return ctx.xp.where(pos, x, x * negative_slope)


class Hardtanh(_PiecewiseLinear):
    @staticmethod
    def forward(ctx, x, min_val, max_val):
        # zero gradient at both ends (x <= min or x >= max), as torch
        _save_derivative(ctx, (x > min_val) & (x < max_val), x, 2)
        return ctx.xp.clip(x, min_val, max_val).astype(x.dtype, copy=False)


class Hardsigmoid(_PiecewiseLinear):
    @staticmethod
    def forward(ctx, x):
        # torch's kernel multiplies by the float32 constant 1.0f / 6.0f, even in float64
        _save_derivative(ctx, ((x > -3) & (x < 3)) * float(np.float32(1.0 / 6.0)), x, 0)
        return ctx.xp.clip(x / 6.0 + 0.5, 0, 1).astype(x.dtype, copy=False)


class Threshold(_PiecewiseLinear):
    @staticmethod
    def forward(ctx, x, threshold, value):
        keep = x > threshold
        _save_derivative(ctx, keep, x, 2)
        return ctx.xp.where(keep, x, value).astype(x.dtype, copy=False)


class Softshrink(_PiecewiseLinear):
    @staticmethod
    def forward(ctx, x, lambd):
        xp = ctx.xp
        _save_derivative(ctx, xp.abs(x) > lambd, x, 1)
        y = xp.where(x > lambd, x - lambd, xp.where(x < -lambd, x + lambd, 0))
        return y.astype(x.dtype, copy=False)


class Hardshrink(_PiecewiseLinear):
    @staticmethod
    def forward(ctx, x, lambd):
        keep = ctx.xp.abs(x) > lambd
        _save_derivative(ctx, keep, x, 1)
        return ctx.xp.where(keep, x, 0).astype(x.dtype, copy=False)


class Hardswish(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x * ctx.xp.clip(x + 3, 0, 6) / 6).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        d = _where(x < -3, 0.0, _where(x <= 3, x / 3 + 0.5, 1.0))
        return grad * d


class Elu(Op):
    """``scale * (x if x > 0 else alpha * (exp(input_scale * x) - 1))``: ELU, SELU and CELU."""

    @staticmethod
    def forward(ctx, x, alpha, scale, input_scale):
        ctx.save_for_backward(x)
        ctx.params = (alpha, scale, input_scale)
        xp = ctx.xp
        with np.errstate(over="ignore"):
            neg = xp.expm1(xp.minimum(x, 0) * input_scale) * (alpha * scale)
        return xp.where(x > 0, x * scale, neg).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        alpha, scale, input_scale = ctx.params
        neg = exp(x.clamp(max=0) * input_scale) * (alpha * scale * input_scale)
        return grad * _where(x > 0, scale, neg), None, None, None


class Gelu(Op):
    @staticmethod
    def forward(ctx, x, approximate):
        ctx.save_for_backward(x)
        ctx.approximate = approximate
        xp = ctx.xp
        if approximate == "tanh":
            inner = _SQRT_2_PI * (x + 0.044715 * x**3)
            return (0.5 * x * (1 + xp.tanh(inner))).astype(x.dtype, copy=False)
        return (0.5 * x * (1 + _special.erf(x / math.sqrt(2.0)))).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        if ctx.approximate == "tanh":
            t = tanh(_SQRT_2_PI * (x + 0.044715 * x**3))
            dinner = _SQRT_2_PI * (1 + 3 * 0.044715 * x * x)
            d = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * dinner
        else:
            cdf = 0.5 * (1 + erf(x * (1 / math.sqrt(2.0))))
            d = cdf + x * exp(-0.5 * x * x) * (1 / math.sqrt(2 * math.pi))
        return grad * d, None


def _np_sigmoid(xp, x):
    with np.errstate(over="ignore"):
        return 1 / (1 + xp.exp(-x))


class Silu(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x * _np_sigmoid(ctx.xp, x)).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        s = sigmoid(x)
        return grad * (s * (1 + x * (1 - s)))


def _np_softplus(xp, x):
    # log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)): never overflows
    return xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x)))


class Softplus(Op):
    @staticmethod
    def forward(ctx, x, beta, threshold):
        ctx.save_for_backward(x)
        ctx.params = (beta, threshold)
        xp = ctx.xp
        bx = x * beta
        return xp.where(bx > threshold, x, _np_softplus(xp, bx) / beta).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        beta, threshold = ctx.params
        bx = x * beta
        return grad * _where(bx > threshold, 1.0, sigmoid(bx)), None, None


class Mish(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        xp = ctx.xp
        return (x * xp.tanh(_np_softplus(xp, x))).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        s = sigmoid(x)
        t = tanh(_softplus_t(x))
        return grad * (t + x * s * (1 - t * t))


def _softplus_t(x):
    return x.clamp(min=0) + (-(x.abs())).exp().log1p()


class LogSigmoid(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        xp = ctx.xp
        return (xp.minimum(x, 0) - xp.log1p(xp.exp(-xp.abs(x)))).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * sigmoid(-x)


def _check_float(name, input):
    if not input.dtype.is_floating_point:
        from ._pointwise import _type_name

        raise RuntimeError(f"\"{name}\" not implemented for '{_type_name(input.dtype)}'")


def leaky_relu(input, negative_slope=0.01):
    return LeakyRelu.apply(input, negative_slope)


def hardtanh(input, min_val=-1.0, max_val=1.0):
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return Hardtanh.apply(input, min_val, max_val)


def hardsigmoid(input):
    return Hardsigmoid.apply(input)


def hardswish(input):
    return Hardswish.apply(input)


def threshold(input, threshold, value):
    return Threshold.apply(input, threshold, value)


def softshrink(input, lambd=0.5):
    if lambd < 0:
        raise RuntimeError(
            "lambda must be greater or equal to 0, but found to be " + f"{float(lambd)}."
        )
    return Softshrink.apply(input, lambd)


def hardshrink(input, lambd=0.5):
    return Hardshrink.apply(input, lambd)


def elu(input, alpha=1.0, scale=1.0, input_scale=1.0):
    return Elu.apply(input, alpha, scale, input_scale)


def gelu(input, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    _check_float("GeluKernelImpl", input)
    return Gelu.apply(input, approximate)


def silu(input):
    return Silu.apply(input)


def softplus(input, beta=1.0, threshold=20.0):
    return Softplus.apply(input, beta, threshold)


def mish(input):
    return Mish.apply(input)


def log_sigmoid(input):
    return LogSigmoid.apply(input)
