"""Complex numbers: real, imag, complex, conj, angle, view_as_real, view_as_complex."""

from __future__ import annotations

import numpy as np

from .. import _dtype as D
from ..autograd.grad_mode import _state
from ..autograd.node import Op
from ._pointwise import _finish, _float_input, _unary

__all__ = [
    "real", "imag", "conj", "angle", "view_as_real", "view_as_complex",
    "complex", "polar",
]  # fmt: skip


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


def complex(real, imag, *, out=None):  # noqa: A001
    """A complex tensor from its real and imaginary parts."""
    return _finish(Complex.apply(real, imag), out)


def polar(abs, angle, *, out=None):  # noqa: A002
    """A complex tensor from magnitudes and angles: ``abs * (cos(angle) + i sin(angle))``."""
    return _finish(complex(abs * angle.cos(), abs * angle.sin()), out)


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


# Tensor methods that are these functions (``t.exp()`` is ``exp(t)``); bound in _tensor_methods.
TENSOR_METHODS = {
    "conj": conj, "angle": angle,
}  # fmt: skip
