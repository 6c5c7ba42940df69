"""Elementwise ops: arithmetic, comparisons, logic and the unary math functions.

Each op is a small class: ``forward`` on arrays, ``backward`` on Tensors. Binary ops promote their
operands with PyTorch's rules first (``_dtype.result_type``); the engine sums broadcast gradients
back to each input's shape and casts them back to its dtype, so no backward here does either.
"""

from __future__ import annotations

import builtins

import numpy as np

from .. import _dtype as D
from ..autograd.grad_mode import _state
from ..autograd.node import Op
from . import _special
from .inplace import check_cast, inplace, update, write_out

__all__ = [
    "add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "floor_divide",
    "remainder", "fmod", "pow", "float_power", "neg", "negative", "positive", "abs", "absolute",
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "square",
    "sin", "cos", "tan", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "atan2", "arctan2",
    "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "arcsinh", "arccosh", "arctanh",
    "sigmoid", "relu", "erf", "erfc", "erfinv", "lgamma", "digamma", "sign", "sgn", "signbit",
    "floor", "ceil", "round", "trunc", "fix", "frac", "reciprocal", "clamp", "clip", "clamp_min",
    "clamp_max", "lerp", "maximum", "minimum", "fmax", "fmin", "hypot", "logaddexp", "xlogy",
    "isnan", "isinf", "isfinite", "isposinf", "isneginf", "isreal", "nan_to_num", "real", "imag",
    "conj", "angle", "deg2rad", "rad2deg", "logit", "copysign", "heaviside",
    "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal",
    "not_equal", "isclose", "logical_and", "logical_or", "logical_xor", "logical_not",
    "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
    "bitwise_right_shift", "addcmul", "addcdiv", "sinc", "view_as_real", "view_as_complex",
]  # fmt: skip


def _Tensor():
    from .._tensor import Tensor

    return Tensor


def _is_tensor(x):
    return isinstance(x, _Tensor())


def _check_operand(x, name="other"):
    if not _is_tensor(x) and not isinstance(x, (builtins.int, builtins.float, builtins.complex,
                                                np.number, np.bool_)):
        raise TypeError(
            f"unsupported operand type: '{type(x).__name__}' (expected a Tensor or a number)"
        )


def _result_dtype(a, b):
    if _is_tensor(a) and _is_tensor(b):
        da, db = a.dtype, b.dtype
        if da is db:
            return da
    else:
        _check_operand(a)
        _check_operand(b)
    return D.result_type(a, b)


def _cast(x, dtype):
    """An operand as an array of ``dtype`` (Python scalars stay scalars: NumPy keeps them weak)."""
    if isinstance(x, np.ndarray) or hasattr(x, "__cuda_array_interface__"):
        return x if x.dtype == dtype.np else x.astype(dtype.np)
    return x


def _finish(result, out):
    return result if out is None else write_out(out, result)


def _zero_grad(t):
    return None


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


def _conj(t):
    return t.conj() if _is_tensor(t) and t.dtype.is_complex else t


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
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast(a, dtype), _cast(b, dtype)
        if not (dtype.is_floating_point or dtype.is_complex):
            if isinstance(b, (builtins.int, np.integer)) and b < 0 or (
                not isinstance(b, (builtins.int, np.integer)) and bool((b < 0).any())
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
                ga = where(b == 0, 0.0, grad * b * a ** (b - 1))
            elif b == 0:
                ga = grad * 0
            else:
                ga = grad * b * a ** (b - 1)
        if ctx.needs_input_grad[1]:
            out = a**b
            # torch: d/db a**b at a == 0 and b >= 0 is 0, not nan
            ga_log = log(a) if _is_tensor(a) else float(np.log(a)) if a != 0 else 0.0
            gb = grad * out * ga_log
            if _is_tensor(a):
                gb = where((a == 0) & (b >= 0), 0.0, gb)
        return ga, gb, None


def where(condition, input, other):
    from .indexing import where as _where

    return _where(condition, input, other)


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
        return _finish(Add.apply(other * -alpha, input, 1, dtype), out)
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
        return _finish(_apply_tensor_first(Div, input, other, dtype), out)
    if rounding_mode == "trunc":
        return _finish(_apply_tensor_first(TruncDivide, input, other, dtype), out)
    if rounding_mode == "floor":
        return _finish(_apply_tensor_first(FloorDivide, input, other, dtype), out)
    raise RuntimeError(
        f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
        f"'{rounding_mode}'"
    )


def _apply_tensor_first(op, input, other, dtype):
    """Scalars on the left become 0-d arrays, so forward always sees an array first."""
    if not _is_tensor(input):
        from .creation import scalar_tensor

        input = scalar_tensor(input, dtype=dtype)
    return op.apply(input, other, dtype)


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
    return _finish(_apply_tensor_first(Pow, input, exponent, dtype), out)


def float_power(input, exponent, *, out=None):
    dtype = D.complex128 if D.result_type(input, exponent).is_complex else D.float64
    return _finish(_apply_tensor_first(Pow, input, exponent, dtype), out)


def _fast_out(ufunc, a, b, alpha, out):
    """In-place/out= arithmetic straight into ``out``'s memory when autograd isn't involved."""
    if not (_is_tensor(a) and (out is a or out is b)):
        return False
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
    bd = b._data if _is_tensor(b) else b
    if np.broadcast_shapes(a._data.shape, np.shape(bd)) != out._data.shape:
        return False
    if alpha != 1:
        _check_alpha(alpha, dtype)
        bd = bd * alpha
    ad = a._data if dtype is out.dtype else a._data.astype(dtype.np)
    if _is_tensor(b) and b.dtype is not dtype:
        bd = bd.astype(dtype.np)
    with np.errstate(divide="ignore", invalid="ignore"):
        ufunc(ad, bd, out=out._data, casting="unsafe")
    out._version_counter.value += 1
    return True


# --- unary ops ----------------------------------------------------------------------------------


def _float_input(x):
    """Integer and bool inputs of float functions compute in the default float dtype."""
    if x.dtype.kind in "biu":
        return x.astype(D.get_default_dtype().np)
    return x


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
        return grad * sgn(x)  # 0 at 0, as in torch


class Exp(Op):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.exp(_float_input(x))
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
            return ctx.xp.log(_float_input(x))

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
        y = ctx.xp.tanh(_float_input(x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
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
        # split by sign so exp never overflows
        with np.errstate(over="ignore"):
            e = xp.exp(-xp.abs(x))
        y = xp.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y * (1 - y)


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
        return grad * where(x == 0, 0.0, d)


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


class Clamp(Op):
    @staticmethod
    def forward(ctx, x, lo, hi, dtype):
        x, lo, hi = _cast(x, dtype), _cast(lo, dtype), _cast(hi, dtype)
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


class Lerp(Op):
    num_operands = 3

    @staticmethod
    def forward(ctx, start, end, weight, dtype):
        start, end, weight = _cast(start, dtype), _cast(end, dtype), _cast(weight, dtype)
        ctx.save_for_backward(start, end, weight)
        return start + weight * (end - start)

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
        wa = sigmoid(a - b)
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
        ga = grad * where((a == 0) & ~isnan(b), 0.0, log(b)) if ctx.needs_input_grad[0] else None
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
        return grad * where(a == 0, 0.0, y / a), None, None


class Real(Op):
    @staticmethod
    def forward(ctx, x):
        return x.real

    @staticmethod
    def backward(ctx, grad):
        return grad.to(D.complex128 if grad.dtype is D.float64 else D.complex64)


class Imag(Op):
    @staticmethod
    def forward(ctx, x):
        return x.imag

    @staticmethod
    def backward(ctx, grad):
        return Complex.apply(grad * 0, grad)


class Complex(Op):
    @staticmethod
    def forward(ctx, re, im):
        if re.dtype != im.dtype:
            raise RuntimeError(
                f"Expected object of scalar type {D.from_numpy_dtype(re.dtype)} but got scalar "
                f"type {D.from_numpy_dtype(im.dtype)} for second argument"
            )
        return re + 1j * im.astype(np.result_type(im.dtype, np.complex64))

    @staticmethod
    def backward(ctx, grad):
        return real(grad), imag(grad)


class Conj(Op):
    @staticmethod
    def forward(ctx, x):
        return ctx.xp.conj(x)

    @staticmethod
    def backward(ctx, grad):
        return conj(grad)


class Angle(Op):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        if x.dtype.kind != "c":
            x = _float_input(x)
            return ctx.xp.where(x < 0, np.pi, 0.0).astype(x.dtype) + x * 0
        return ctx.xp.angle(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        if not x.dtype.is_complex:
            return grad * 0
        return grad * Complex.apply(-imag(x), real(x)) / (abs(x) ** 2).to(x.dtype)


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


class Addcmul(Op):
    @staticmethod
    def forward(ctx, x, t1, t2, value, dtype):
        x, t1, t2 = _cast(x, dtype), _cast(t1, dtype), _cast(t2, dtype)
        ctx.save_for_backward(t1, t2)
        ctx.value = value
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


def _unary(op, input, out=None):
    if not _is_tensor(input):
        raise TypeError(
            f"{op.__name__.lower()}(): argument 'input' (position 1) must be Tensor, not "
            f"{type(input).__name__}"
        )
    return _finish(op.apply(input), out)


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
        raise RuntimeError(
            "The `+` operator, on a bool tensor is not supported."
        )
    return input


def abs(input, *, out=None):  # noqa: A001
    return _unary(Abs, input, out)


absolute = abs


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
        raise RuntimeError("Unlike NumPy, torch.sign is not intended to support complex numbers. "
                           "Please use torch.sgn instead.")
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


def clamp(input, min=None, max=None, *, out=None):  # noqa: A002
    """Clamps all elements into [min, max]; either bound may be a number or a tensor."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    dtype = input.dtype
    for bound in (min, max):
        if bound is not None:
            dtype = D.result_type(_Tensor()._make(np.empty((1,), dtype.np)), bound) if (
                not _is_tensor(bound) or bound.dim() == 0
            ) else D.promote_types(dtype, bound.dtype)
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
    if not (dtype.is_floating_point or dtype.is_complex) and op in (Atan2, Hypot, Logaddexp,
                                                                    Xlogy, Copysign):
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


def real(input):
    if not input.dtype.is_complex:
        return input
    return input._view_of(input._data.real, *_view_grad(Real, input))


def imag(input):
    if not input.dtype.is_complex:
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return input._view_of(input._data.imag, *_view_grad(Imag, input))


def _view_grad(op, input):
    if _state.enabled and input._requires_grad:
        t = op.apply(input)
        return True, t.grad_fn, 0
    return False, None, 0


def conj(input):
    if not input.dtype.is_complex:
        return input
    return Conj.apply(input)


def angle(input, *, out=None):
    return _unary(Angle, input, out)


def deg2rad(input, *, out=None):
    return _finish(mul(input.to(D.get_default_dtype()) if not input.is_floating_point() else input,
                       np.pi / 180), out)


def rad2deg(input, *, out=None):
    return _finish(mul(input.to(D.get_default_dtype()) if not input.is_floating_point() else input,
                       180 / np.pi), out)


def logit(input, eps=None, *, out=None):
    return _finish(Logit.apply(input, eps), out)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    return _finish(NanToNum.apply(input, nan, posinf, neginf), out)


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


def view_as_real(input):
    if not input.dtype.is_complex:
        raise RuntimeError("view_as_real is only supported for complex tensors")
    real_dtype = np.float64 if input._data.dtype == np.complex128 else np.float32
    data = input._data.view(real_dtype).reshape(input._data.shape + (2,))
    return input._view_of(data)


def view_as_complex(input):
    if input.shape[-1:] != (2,):
        raise RuntimeError("Tensor must have a last dimension of size 2")
    cdtype = np.complex128 if input._data.dtype == np.float64 else np.complex64
    data = np.ascontiguousarray(input._data).view(cdtype).reshape(input._data.shape[:-1])
    return input._view_of(data)


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


def _compare(ufunc, input, other, out):
    if not _is_tensor(input):
        input, other, ufunc = other, input, _MIRROR[ufunc]
    _check_operand(other)
    dtype = _result_dtype(input, other)
    a = _cast(input._data, dtype)
    b = _cast(other._data, dtype) if _is_tensor(other) else other
    if _is_tensor(other) and a.shape != b.shape:
        _check_broadcast(a.shape, b.shape)
    return _finish(_Tensor()._make(np.asarray(ufunc(a, b))), out)


def _check_broadcast(a, b):
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        for i in range(1, builtins.max(len(a), len(b)) + 1):
            sa = a[-i] if i <= len(a) else 1
            sb = b[-i] if i <= len(b) else 1
            if sa != sb and sa != 1 and sb != 1:
                dim = builtins.max(len(a), len(b)) - i
                raise RuntimeError(
                    f"The size of tensor a ({sa}) must match the size of tensor b ({sb}) at "
                    f"non-singleton dimension {dim}"
                ) from None
        raise


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
        raise RuntimeError(
            f"{input.dtype} did not match {other.dtype}"
        )
    return _Tensor()._make(
        np.asarray(np.isclose(input._data, other._data, rtol=rtol, atol=atol, equal_nan=equal_nan))
    )


def _logical(ufunc, input, other, out):
    b = other._data if _is_tensor(other) else other
    return _finish(_Tensor()._make(np.asarray(ufunc(input._data, b))), out)


def logical_and(input, other, *, out=None):
    return _logical(np.logical_and, input, other, out)


def logical_or(input, other, *, out=None):
    return _logical(np.logical_or, input, other, out)


def logical_xor(input, other, *, out=None):
    return _logical(np.logical_xor, input, other, out)


def logical_not(input, *, out=None):
    return _finish(_Tensor()._make(np.asarray(np.logical_not(input._data))), out)


def _bitwise(ufunc, name, input, other, out):
    if not _is_tensor(input):
        input, other = other, input
    dtype = _result_dtype(input, other)
    if dtype.is_floating_point or dtype.is_complex:
        raise RuntimeError(f"\"{name}_cpu\" not implemented for '{_type_name(dtype)}'")
    a = _cast(input._data, dtype)
    b = _cast(other._data, dtype) if _is_tensor(other) else other
    return _finish(_Tensor()._make(np.asarray(ufunc(a, b))), out)


def _type_name(dtype):
    from .inplace import _scalar_type_name

    return _scalar_type_name(dtype)


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
    return _finish(_Tensor()._make(np.asarray(np.invert(input._data))), out)


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
    "add": add, "add_": add_, "sub": sub, "sub_": sub_, "subtract": sub, "mul": mul,
    "mul_": mul_, "multiply": mul, "div": div, "div_": div_, "divide": div,
    "true_divide": true_divide, "true_divide_": inplace(true_divide),
    "floor_divide": floor_divide, "floor_divide_": inplace(floor_divide),
    "remainder": remainder, "remainder_": inplace(remainder), "fmod": fmod,
    "fmod_": inplace(fmod), "pow": pow, "pow_": inplace(pow), "float_power": float_power,
    "neg": neg, "neg_": inplace(neg), "negative": neg, "positive": positive, "abs": abs,
    "abs_": inplace(abs), "absolute": abs, "exp": exp, "exp_": inplace(exp), "exp2": exp2,
    "expm1": expm1, "expm1_": inplace(expm1), "log": log, "log_": inplace(log), "log2": log2,
    "log10": log10, "log1p": log1p, "log1p_": inplace(log1p), "sqrt": sqrt,
    "sqrt_": inplace(sqrt), "rsqrt": rsqrt, "rsqrt_": inplace(rsqrt), "square": square,
    "square_": inplace(square), "sin": sin, "sin_": inplace(sin), "cos": cos,
    "cos_": inplace(cos), "tan": tan, "asin": asin, "acos": acos, "atan": atan,
    "arcsin": asin, "arccos": acos, "arctan": atan, "atan2": atan2, "arctan2": atan2,
    "sinh": sinh, "cosh": cosh, "tanh": tanh, "tanh_": inplace(tanh), "asinh": asinh,
    "acosh": acosh, "atanh": atanh, "sigmoid": sigmoid, "sigmoid_": inplace(sigmoid),
    "relu": relu, "relu_": inplace(relu), "erf": erf, "erf_": inplace(erf), "erfc": erfc,
    "erfinv": erfinv, "lgamma": lgamma, "digamma": digamma, "sign": sign,
    "sign_": inplace(sign), "sgn": sgn, "signbit": signbit, "floor": floor,
    "floor_": inplace(floor), "ceil": ceil, "ceil_": inplace(ceil), "round": round,
    "round_": inplace(round), "trunc": trunc, "trunc_": inplace(trunc), "fix": trunc,
    "frac": frac, "frac_": inplace(frac), "reciprocal": reciprocal,
    "reciprocal_": inplace(reciprocal), "clamp": clamp, "clamp_": inplace(clamp), "clip": clamp,
    "clip_": inplace(clamp), "clamp_min": clamp_min, "clamp_min_": inplace(clamp_min),
    "clamp_max": clamp_max, "clamp_max_": inplace(clamp_max), "lerp": lerp,
    "lerp_": inplace(lerp), "maximum": maximum, "minimum": minimum, "fmax": fmax, "fmin": fmin,
    "hypot": hypot, "logaddexp": logaddexp, "xlogy": xlogy, "copysign": copysign,
    "heaviside": heaviside, "isnan": isnan, "isinf": isinf, "isfinite": isfinite,
    "isposinf": isposinf, "isneginf": isneginf, "isreal": isreal, "nan_to_num": nan_to_num,
    "nan_to_num_": inplace(nan_to_num), "conj": conj, "angle": angle, "deg2rad": deg2rad,
    "rad2deg": rad2deg, "logit": logit, "sinc": sinc, "addcmul": addcmul,
    "addcmul_": inplace(addcmul), "addcdiv": addcdiv, "addcdiv_": inplace(addcdiv),
    "eq": eq, "eq_": inplace(eq), "ne": ne, "ne_": inplace(ne), "lt": lt, "lt_": inplace(lt),
    "le": le, "le_": inplace(le), "gt": gt, "gt_": inplace(gt), "ge": ge, "ge_": inplace(ge),
    "greater": gt, "greater_equal": ge, "less": lt, "less_equal": le, "not_equal": ne,
    "isclose": isclose, "logical_and": logical_and, "logical_and_": inplace(logical_and),
    "logical_or": logical_or, "logical_or_": inplace(logical_or), "logical_xor": logical_xor,
    "logical_not": logical_not, "logical_not_": inplace(logical_not),
    "bitwise_and": bitwise_and, "bitwise_and_": inplace(bitwise_and), "bitwise_or": bitwise_or,
    "bitwise_or_": inplace(bitwise_or), "bitwise_xor": bitwise_xor,
    "bitwise_xor_": inplace(bitwise_xor), "bitwise_not": bitwise_not,
    "bitwise_not_": inplace(bitwise_not), "bitwise_left_shift": bitwise_left_shift,
    "bitwise_right_shift": bitwise_right_shift, "polygamma": lambda self, n: polygamma(n, self),
}  # fmt: skip
