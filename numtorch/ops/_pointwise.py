"""Helpers shared by the pointwise op families (elementwise, unary, binary, complex)."""

from __future__ import annotations

import builtins

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from .inplace import write_out


def _Tensor():
    return Tensor


def _is_tensor(x):
    return isinstance(x, Tensor)


def _check_operand(x, name="other"):
    if not _is_tensor(x) and not isinstance(
        x, (builtins.int, builtins.float, builtins.complex, np.number, np.bool_)
    ):
        raise TypeError(
            f"unsupported operand type: '{type(x).__name__}' (expected a Tensor or a number)"
        )


_NUMBER = (builtins.int, builtins.float)


def _result_dtype(a, b):
    if isinstance(a, Tensor):
        da = a.dtype
        if isinstance(b, Tensor):
            if b.dtype is da:
                return da
        elif type(b) in _NUMBER and (
            da.is_floating_point or da.is_complex or type(b) is builtins.int and da is not D.bool
        ):
            return da  # a float or int scalar never changes these tensors' dtype
    if not (isinstance(a, Tensor) and isinstance(b, Tensor)):
        _check_operand(a)
        _check_operand(b)
    return D.result_type(a, b)


def _cast(x, dtype):
    """An operand as an array of ``dtype`` (Python scalars stay scalars: NumPy keeps them weak)."""
    if isinstance(x, np.ndarray) or hasattr(x, "__cuda_array_interface__"):
        return x if x.dtype == dtype.np else x.astype(dtype.np)
    if isinstance(x, np.generic):  # NumPy scalars act as Python numbers, as in torch
        x = x.item()
    if type(x) is builtins.int and dtype.np.kind in "iu":
        info = np.iinfo(dtype.np)
        if not info.min <= x <= info.max:  # PyTorch wraps around; NumPy would refuse
            return np.array(
                (x - builtins.int(info.min)) % (1 << info.bits) + builtins.int(info.min),
                dtype=dtype.np,
            )
    return x


def _finish(result, out):
    return result if out is None else write_out(out, result)


def _zero_grad(t):
    return None


def _where(condition, input, other):
    from .indexing import where

    return where(condition, input, other)


def _conj(t):
    if isinstance(t, builtins.complex):
        return t.conjugate()
    return t.conj() if _is_tensor(t) and t.dtype.is_complex else t


def _float_input(x):
    """Integer and bool inputs of float functions compute in the default float dtype."""
    if x.dtype.kind in "biu":
        return x.astype(D.get_default_dtype().np)
    return x


def _apply_tensor_first(op, input, other, dtype):
    """Scalars on the left become 0-d arrays, so forward always sees an array first."""
    if not _is_tensor(input):
        from .creation import scalar_tensor

        input = scalar_tensor(input, dtype=dtype)
    return op.apply(input, other, dtype)


def _unary(op, input, out=None):
    if not _is_tensor(input):
        raise TypeError(
            f"{op.__name__.lower()}(): argument 'input' (position 1) must be Tensor, not "
            f"{type(input).__name__}"
        )
    return _finish(op.apply(input), out)


def _type_name(dtype):
    from .inplace import _scalar_type_name

    return _scalar_type_name(dtype)
