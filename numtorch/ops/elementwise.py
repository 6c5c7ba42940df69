"""Arithmetic operators, comparisons and logic: the ops behind ``+ - * / // % ** == < & | ^ ~``.

Binary ops promote their operands with PyTorch's rules first (``_dtype.result_type``); the engine
sums broadcast gradients back to each input's shape and casts them back to its dtype, so no
backward here does either.
"""

from __future__ import annotations

import builtins

import numpy as np

from .. import _backend
from .. import _dtype as D
from ..autograd.grad_mode import _state
from ..autograd.node import Op, broadcast_error, on_gpu, placement
from ._pointwise import (
    _apply_tensor_first,
    _cast,
    _check_operand,
    _conj,
    _finish,
    _is_tensor,
    _result_dtype,
    _Tensor,
    _type_name,
    _unary,
    _where,
)  # fmt: skip
from .inplace import check_cast, inplace, update

__all__ = [
    "add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "floor_divide",
    "remainder", "fmod", "pow", "float_power", "neg", "negative", "positive", "abs", "absolute",
    "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal",
    "not_equal", "isclose", "logical_and", "logical_or", "logical_xor", "logical_not",
    "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
    "bitwise_right_shift",
]  # fmt: skip


# --- arithmetic -------------------------------------------------------------------------------


class Add(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, alpha, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        ctx.alpha = alpha
        if alpha != 1:
            b = b * alpha
        return ctx.xp.add(a, b) if dtype is not D.bool else ctx.xp.logical_or(a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad, (grad if ctx.alpha == 1 else grad * ctx.alpha), None, None


class Sub(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, alpha, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        ctx.alpha = alpha
        return a - (b * alpha if alpha != 1 else b)

    @staticmethod
    def backward(ctx, grad):
        return grad, (-grad if ctx.alpha == 1 else grad * -ctx.alpha), None, None


class Rsub(Op):
    """``scalar - alpha * tensor`` (PyTorch's rsub)."""

    node_name = "RsubBackward1"
    num_operands = 1

    @staticmethod
    def forward(ctx, b, a, alpha, dtype):
        b = _cast(b, dtype)
        ctx.alpha = alpha
        return a - (b * alpha if alpha != 1 else b)

    @staticmethod
    def backward(ctx, grad):
        return (-grad if ctx.alpha == 1 else grad * -ctx.alpha), None, None, None


class Mul(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        ctx.save_for_backward(a, b)
        return a * b if dtype is not D.bool else ctx.xp.logical_and(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga = grad * _conj(b) if ctx.needs_input_grad[0] else None
        gb = grad * _conj(a) if ctx.needs_input_grad[1] else None
        return ga, gb, None


class Div(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        ctx.save_for_backward(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            return a / b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga = grad / _conj(b) if ctx.needs_input_grad[0] else None
        gb = -grad * _conj(a / (b * b)) if ctx.needs_input_grad[1] else None
        return ga, gb, None


class FloorDivide(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        if dtype.is_floating_point:
            with np.errstate(divide="ignore", invalid="ignore"):
                return ctx.xp.floor(a / b) if _is_zero_free(b) else ctx.xp.floor_divide(a, b)
        _check_int_division(b, ctx.xp)
        return ctx.xp.floor_divide(a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0, grad * 0, None  # piecewise constant: zero almost everywhere


def _is_zero_free(b):
    return False  # torch's floor division equals numpy floor_divide (incl. signed zeros/inf)


def _check_int_division(b, xp):
    if isinstance(b, (builtins.int, np.integer)):
        zero = b == 0
    else:
        zero = bool((b == 0).any())
    if zero:
        raise RuntimeError("ZeroDivisionError")


class TruncDivide(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        if dtype.is_floating_point:
            with np.errstate(divide="ignore", invalid="ignore"):
                return ctx.xp.trunc(a / b)
        _check_int_division(b, ctx.xp)
        q = ctx.xp.floor_divide(a, b)
        # floor -> trunc where the signs differ and the division is inexact
        return q + ((q < 0) & (q * b != a))

    @staticmethod
    def backward(ctx, grad):
        return grad * 0, grad * 0, None


class Remainder(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        if not dtype.is_floating_point:
            _check_int_division(b, ctx.xp)
        ctx.save_for_backward(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            return ctx.xp.remainder(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        gb = -grad * floor_divide(a, b) if ctx.needs_input_grad[1] else None
        return grad, gb, None


class Fmod(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        if not dtype.is_floating_point:
            _check_int_division(b, ctx.xp)
        ctx.save_for_backward(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            return ctx.xp.fmod(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        gb = -grad * div(a, b, rounding_mode="trunc") if ctx.needs_input_grad[1] else None
        return grad, gb, None


class Pow(Op):
    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        # PyTorch's overloads: pow(Tensor, Scalar), pow(Tensor, Tensor), pow(Scalar, Tensor)
        ctx._name = (
            "PowBackward2"
            if not hasattr(a, "shape")
            else "PowBackward1"
            if hasattr(b, "shape")
            else "PowBackward0"
        )
        if not (dtype.is_floating_point or dtype.is_complex):
            if (
                isinstance(b, (builtins.int, np.integer))
                and b < 0
                or (not isinstance(b, (builtins.int, np.integer)) and bool((b < 0).any()))
            ):
                raise RuntimeError("Integers to negative integer powers are not allowed.")
        ctx.save_for_backward(a, b)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if isinstance(b, (builtins.int, builtins.float)) and b == 2:
                return a * a
            if isinstance(b, (builtins.int, builtins.float)) and b == 0.5:
                return ctx.xp.sqrt(a)
            return ctx.xp.power(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga = gb = None
        if ctx.needs_input_grad[0]:
            if _is_tensor(b):
                # where the exponent is 0 the gradient is 0, even at a == 0 (as torch)
                ga = _where(b == 0, 0.0, grad * b * a ** (b - 1))
            elif b == 0:
                ga = grad * 0
            else:
                ga = grad * b * a ** (b - 1)
        if ctx.needs_input_grad[1]:
            out = a**b
            # torch: d/db a**b at a == 0 and b >= 0 is 0, not nan
            ga_log = a.log() if _is_tensor(a) else float(np.log(a)) if a != 0 else 0.0
            gb = grad * out * ga_log
            if _is_tensor(a):
                gb = _where((a == 0) & (b >= 0), 0.0, gb)
        return ga, gb, None


def add(input, other, *, alpha=1, out=None):
    """``input + alpha * other``."""
    if out is not None and _fast_out(np.add, input, other, alpha, out):
        return out
    dtype = _result_dtype(input, other)
    if alpha != 1:
        _check_alpha(alpha, dtype)
    if not _is_tensor(input):
        input, other = other, input  # keep the tensor first; addition commutes
        if alpha != 1:
            return _finish(mul(other, alpha) + input, out)
    return _finish(Add.apply(input, other, alpha, dtype), out)


def _check_alpha(alpha, dtype):
    if isinstance(alpha, builtins.float) and not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(
            "For integral input tensors, argument alpha must not be a floating point number."
        )


def sub(input, other, *, alpha=1, out=None):
    """``input - alpha * other``."""
    dtype = _result_dtype(input, other)
    if dtype is D.bool:
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` "
            "or `logical_xor()` operator instead."
        )
    if out is not None and _fast_out(np.subtract, input, other, alpha, out):
        return out
    if alpha != 1:
        _check_alpha(alpha, dtype)
    if not _is_tensor(input):
        return _finish(Rsub.apply(other, input, alpha, dtype), out)
    return _finish(Sub.apply(input, other, alpha, dtype), out)


subtract = sub


def mul(input, other, *, out=None):
    """``input * other``."""
    if out is not None and _fast_out(np.multiply, input, other, 1, out):
        return out
    dtype = _result_dtype(input, other)
    if not _is_tensor(input):
        input, other = other, input
    return _finish(Mul.apply(input, other, dtype), out)


multiply = mul


def div(input, other, *, rounding_mode=None, out=None):
    """``input / other``: true division unless ``rounding_mode`` is 'trunc' or 'floor'."""
    dtype = _result_dtype(input, other)
    if rounding_mode is None:
        if not (dtype.is_floating_point or dtype.is_complex):
            dtype = D.get_default_dtype()
        if out is not None and _fast_out(np.divide, input, other, 1, out):
            return out
        if not _is_tensor(input):  # PyTorch computes scalar / t as reciprocal(t) * scalar
            return _finish(other.to(dtype).reciprocal() * input, out)
        return _finish(Div.apply(input, other, dtype), out)
    if rounding_mode == "trunc":
        return _finish(_apply_tensor_first(TruncDivide, input, other, dtype), out)
    if rounding_mode == "floor":
        return _finish(_apply_tensor_first(FloorDivide, input, other, dtype), out)
    raise RuntimeError(
        f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
        f"'{rounding_mode}'"
    )


divide = div


def true_divide(dividend, divisor, *, out=None):
    return div(dividend, divisor, out=out)


def floor_divide(input, other, *, out=None):
    """Division rounded toward negative infinity."""
    return div(input, other, rounding_mode="floor", out=out)


def remainder(input, other, *, out=None):
    """Python-style modulus: the result has the sign of the divisor."""
    return _finish(_apply_tensor_first(Remainder, input, other, _result_dtype(input, other)), out)


def fmod(input, other, *, out=None):
    """C-style modulus: the result has the sign of the dividend."""
    return _finish(_apply_tensor_first(Fmod, input, other, _result_dtype(input, other)), out)


def pow(input, exponent, *, out=None):  # noqa: A001
    """``input ** exponent``."""
    dtype = _result_dtype(input, exponent)
    return _finish(Pow.apply(input, exponent, dtype), out)


def float_power(input, exponent, *, out=None):
    dtype = D.complex128 if D.result_type(input, exponent).is_complex else D.float64
    return _finish(Pow.apply(input, exponent, dtype), out)


def _fast_out(ufunc, a, b, alpha, out):
    """In-place/out= arithmetic straight into ``out``'s memory when autograd isn't involved."""
    if not (_is_tensor(a) and (out is a or out is b)):
        return False
    if _is_tensor(b) and b.device != a.device:
        return False  # the general path checks devices as torch does (a 0-d CPU tensor may join)
    if _state.enabled and (
        out._requires_grad or (_is_tensor(b) and b._requires_grad) or a._requires_grad
    ):
        return False
    dtype = _result_dtype(a, b)
    if ufunc is np.divide and not (dtype.is_floating_point or dtype.is_complex):
        dtype = D.get_default_dtype()
    if dtype is D.bool:
        return False
    check_cast(dtype, out.dtype)
    if _is_tensor(b):
        bd = b._data if b.dtype is dtype else b._data.astype(dtype.np)
        shape = out._data.shape
        if (a._data.shape != shape or bd.shape != shape) and np.broadcast_shapes(
            a._data.shape, bd.shape
        ) != shape:
            return False  # the result would not fit: the general path raises PyTorch's error
    else:
        bd = _cast(b, dtype)
        if a._data.shape != out._data.shape:
            return False
    if alpha != 1:
        _check_alpha(alpha, dtype)
        bd = bd * alpha
    ad = a._data if dtype is out.dtype else a._data.astype(dtype.np)
    if ufunc is np.divide:
        with np.errstate(divide="ignore", invalid="ignore"):
            ufunc(ad, bd, out=out._data, casting="unsafe")
    else:
        ufunc(ad, bd, out=out._data, casting="unsafe")
    out._version_counter.value += 1
    return True


class Neg(Op):
    @staticmethod
    def forward(ctx, x):
        return -x

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Abs(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.abs(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x.sgn()  # 0 at 0, as in torch


def neg(input, *, out=None):
    if input.dtype is D.bool:
        raise RuntimeError(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
            "invert a mask, use the `~` or `logical_not()` operator instead."
        )
    return _unary(Neg, input, out)


negative = neg


def positive(input):
    if input.dtype is D.bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def abs(input, *, out=None):  # noqa: A001
    return _unary(Abs, input, out)


absolute = abs


def _compare(ufunc, input, other, out):
    if not _is_tensor(input):
        input, other, ufunc = other, input, _MIRROR[ufunc]
    _check_operand(other)
    dtype = _result_dtype(input, other)
    a = _cast(input._data, dtype)
    b = _cast(other._data, dtype) if _is_tensor(other) else other
    if _is_tensor(other) and a.shape != b.shape:
        _check_broadcast(a.shape, b.shape)
    device = None
    if _backend._cupy is not None:  # torch's device rule, as Op.apply
        tensors = [t for t in (input, other) if _is_tensor(t)]
        device, (a, b) = placement(tensors, (input, other), (a, b))
    if device is None:
        return _finish(_result(ufunc(a, b)), out)
    with on_gpu(device):
        return _finish(_result(ufunc(a, b)), out)


def _check_broadcast(a, b):
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        raise broadcast_error([a, b]) from None


_MIRROR = {
    np.equal: np.equal, np.not_equal: np.not_equal, np.less: np.greater,
    np.less_equal: np.greater_equal, np.greater: np.less, np.greater_equal: np.less_equal,
}  # fmt: skip


def eq(input, other, *, out=None):
    return _compare(np.equal, input, other, out)


def ne(input, other, *, out=None):
    return _compare(np.not_equal, input, other, out)


def lt(input, other, *, out=None):
    return _compare(np.less, input, other, out)


def le(input, other, *, out=None):
    return _compare(np.less_equal, input, other, out)


def gt(input, other, *, out=None):
    return _compare(np.greater, input, other, out)


def ge(input, other, *, out=None):
    return _compare(np.greater_equal, input, other, out)


greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    if input.dtype is not other.dtype:
        raise RuntimeError(f"{input.dtype} did not match {other.dtype}")
    return _result(np.isclose(input._data, other._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


def _result(array):
    """A tensor over a ufunc's result: NumPy's scalars become arrays, a device array stays one
    (``np.asarray`` would refuse a CuPy array)."""
    if not hasattr(array, "__cuda_array_interface__"):
        array = np.asarray(array)
    return _Tensor()._make(array)


def _logical(ufunc, input, other, out):
    b = other._data if _is_tensor(other) else other
    return _finish(_result(ufunc(input._data, b)), out)


def logical_and(input, other, *, out=None):
    return _logical(np.logical_and, input, other, out)


def logical_or(input, other, *, out=None):
    return _logical(np.logical_or, input, other, out)


def logical_xor(input, other, *, out=None):
    return _logical(np.logical_xor, input, other, out)


def logical_not(input, *, out=None):
    return _finish(_result(np.logical_not(input._data)), out)


def _bitwise(ufunc, name, input, other, out):
    if not _is_tensor(input):
        input, other = other, input
    dtype = _result_dtype(input, other)
    if dtype.is_floating_point or dtype.is_complex:
        raise RuntimeError(f"\"{name}_cpu\" not implemented for '{_type_name(dtype)}'")
    a = _cast(input._data, dtype)
    b = _cast(other._data, dtype) if _is_tensor(other) else other
    return _finish(_result(ufunc(a, b)), out)


def bitwise_and(input, other, *, out=None):
    return _bitwise(np.bitwise_and, "bitwise_and", input, other, out)


def bitwise_or(input, other, *, out=None):
    return _bitwise(np.bitwise_or, "bitwise_or", input, other, out)


def bitwise_xor(input, other, *, out=None):
    return _bitwise(np.bitwise_xor, "bitwise_xor", input, other, out)


def bitwise_left_shift(input, other, *, out=None):
    return _bitwise(np.left_shift, "lshift", input, other, out)


def bitwise_right_shift(input, other, *, out=None):
    return _bitwise(np.right_shift, "rshift", input, other, out)


def bitwise_not(input, *, out=None):
    if input.dtype.is_floating_point or input.dtype.is_complex:
        raise TypeError(
            "~ (operator.invert) is only implemented on integer and Boolean-type tensors"
        )
    return _finish(_result(np.invert(input._data)), out)


# --- in-place variants (Tensor methods only) ---------------------------------------------------


def add_(self, other, *, alpha=1):
    if _fast_out(np.add, self, other, alpha, self):
        return self
    return update(self, add(self, other, alpha=alpha))


def sub_(self, other, *, alpha=1):
    if _fast_out(np.subtract, self, other, alpha, self):
        return self
    return update(self, sub(self, other, alpha=alpha))


def mul_(self, other):
    if _fast_out(np.multiply, self, other, 1, self):
        return self
    return update(self, mul(self, other))


def div_(self, other, *, rounding_mode=None):
    if rounding_mode is None and _fast_out(np.divide, self, other, 1, self):
        return self
    return update(self, div(self, other, rounding_mode=rounding_mode))


# Tensor methods that are these functions (``t.exp()`` is ``exp(t)``); bound in _tensor_methods.
TENSOR_METHODS = {
    "add": add, "add_": add_, "sub": sub, "sub_": sub_, "subtract": sub, "mul": mul, "mul_": mul_,
    "multiply": mul, "div": div, "div_": div_, "divide": div, "true_divide": true_divide,
    "true_divide_": inplace(true_divide), "floor_divide": floor_divide,
    "floor_divide_": inplace(floor_divide), "remainder": remainder,
    "remainder_": inplace(remainder), "fmod": fmod, "fmod_": inplace(fmod), "pow": pow,
    "pow_": inplace(pow), "float_power": float_power, "neg": neg, "neg_": inplace(neg),
    "negative": neg, "positive": positive, "abs": abs, "abs_": inplace(abs), "absolute": abs,
    "eq": eq, "eq_": inplace(eq), "ne": ne, "ne_": inplace(ne), "lt": lt, "lt_": inplace(lt),
    "le": le, "le_": inplace(le), "gt": gt, "gt_": inplace(gt), "ge": ge, "ge_": inplace(ge),
    "greater": gt, "greater_equal": ge, "less": lt, "less_equal": le, "not_equal": ne,
    "isclose": isclose, "logical_and": logical_and, "logical_and_": inplace(logical_and),
    "logical_or": logical_or, "logical_or_": inplace(logical_or), "logical_xor": logical_xor,
    "logical_not": logical_not, "logical_not_": inplace(logical_not), "bitwise_and": bitwise_and,
    "bitwise_and_": inplace(bitwise_and), "bitwise_or": bitwise_or,
    "bitwise_or_": inplace(bitwise_or), "bitwise_xor": bitwise_xor,
    "bitwise_xor_": inplace(bitwise_xor), "bitwise_not": bitwise_not,
    "bitwise_not_": inplace(bitwise_not), "bitwise_left_shift": bitwise_left_shift,
    "bitwise_right_shift": bitwise_right_shift,
}  # fmt: skip
