"""Helpers shared by the indexing ops (``indexing.py`` and ``scatter.py``).

PyTorch's checks with its messages, the conversion of Python numbers into a tensor's dtype with
its overflow rules, and the one question every in-place op asks: will autograd record this?
"""

from __future__ import annotations

import builtins
import math

import numpy as np

from .. import _dtype as D
from .._backend import array_module
from ..autograd.grad_mode import _state
from .inplace import _scalar_type_name as type_name  # noqa: F401  (re-exported: "Float", "Long")
from .inplace import update

_TENSOR = []  # the Tensor class, once imported (a function-level import costs ~1 us a call)


def tensor_cls():
    if not _TENSOR:
        from .._tensor import Tensor

        _TENSOR.append(Tensor)
    return _TENSOR[0]


def is_tensor(x) -> bool:
    return isinstance(x, tensor_cls())


def recording(*items) -> bool:
    """Whether autograd records an op on ``items``: grad mode is on and one of them needs grad."""
    if not _state.enabled:
        return False
    T = tensor_cls()
    return any(isinstance(t, T) and t._requires_grad for t in items)


def run_inplace(self, op, *args):
    """``op`` written into ``self`` (the ``x_`` methods).

    Straight into the storage with ``op.kernel(array, *args)`` when autograd is not involved;
    otherwise out of place and then ``update``, which rebases ``self``'s history as PyTorch does.
    """
    if recording(self, *args):
        return update(self, op.apply(self, *args))
    op.kernel(self._data, *[a._data if is_tensor(a) else a for a in args])
    self._version_counter.value += 1
    return self


def wrap_dim(dim, ndim):
    from .._tensor import _wrap_dim

    return _wrap_dim(dim, ndim)


def make(array):
    """A tensor around ``array`` that autograd does not track."""
    return tensor_cls()._make(array)


def zeros(shape, like):
    """Untracked zeros of ``shape`` with the dtype and device of the tensor ``like``."""
    xp = array_module(like._data)
    return make(xp.zeros(tuple(shape), dtype=like._data.dtype))


def zeros_like(t):
    return zeros(t.shape, t)


# -- messages ---------------------------------------------------------------------------------

# The C++ names PyTorch prints in "value cannot be converted to type ... without overflow".
_CONVERT_NAMES = {
    "uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int", "int64": "int64_t",
    "float16": "at::Half", "bfloat16": "at::BFloat16", "float32": "float", "float64": "double",
    "complex64": "c10::complex<float>", "complex128": "c10::complex<double>", "bool": "bool",
}  # fmt: skip

# The C++ names PyTorch prints for mask dtypes in masked_fill's message.
CPP_NAMES = {
    "uint8": "unsigned char", "int8": "signed char", "int16": "short int", "int32": "int",
    "int64": "long int", "float16": "c10::Half", "bfloat16": "c10::BFloat16", "float32": "float",
    "float64": "double", "complex64": "c10::complex<float>",
    "complex128": "c10::complex<double>", "bool": "bool",
}  # fmt: skip


def shape_list(shape) -> str:
    return str(list(shape))


def broadcast_shapes(*shapes):
    """NumPy's broadcast of ``shapes`` (left to right), with PyTorch's message when it fails."""
    result = tuple(shapes[0])
    for shape in shapes[1:]:
        shape = tuple(shape)
        try:
            result = np.broadcast_shapes(result, shape)
        except ValueError:
            raise_broadcast_error(result, shape)
    return result


def raise_broadcast_error(a, b):
    n = builtins.max(len(a), len(b))
    for i in builtins.range(1, n + 1):
        sa = a[-i] if i <= len(a) else 1
        sb = b[-i] if i <= len(b) else 1
        if sa != sb and sa != 1 and sb != 1:
            raise RuntimeError(
                f"The size of tensor a ({sa}) must match the size of tensor b ({sb}) at "
                f"non-singleton dimension {n - i}"
            )
    raise RuntimeError(f"shapes {list(a)} and {list(b)} cannot be broadcast")


def check_bounds(index, size, dim, exc=IndexError, negative=True):
    """Every entry of the integer array ``index`` addresses one of ``size`` places (vectorised)."""
    if index.size == 0:
        return
    lo, hi = int(index.min()), int(index.max())
    low = -size if negative else 0
    if lo < low or hi >= size:
        bad = index[(index < low) | (index >= size)]
        value = int(bad.reshape(-1)[0])
        raise exc(f"index {value} is out of bounds for dimension {dim} with size {size}")


def is_integer_array(a) -> bool:
    return a.dtype.kind in "iu" and a.dtype != np.uint8


# -- Python numbers into a dtype --------------------------------------------------------------


def scalar_for(value, dtype):
    """``value`` (a number or one-element tensor) as a NumPy scalar of ``dtype``.

    Follows PyTorch's ``checked_convert``: floats truncate into integers, integers out of the
    target range (and NaN or infinity into integers) are refused, unsigned targets wrap negatives,
    half precision overflows to infinity, and a complex number with an imaginary part cannot
    become real.
    """
    if is_tensor(value):
        value = value.item()
    elif isinstance(value, np.generic):
        value = value.item()
    if dtype is D.bool:
        return np.bool_(builtins.bool(value))
    if isinstance(value, builtins.complex) and not dtype.is_complex:
        if value.imag != 0:
            _overflow(dtype)
        value = value.real
    if dtype.is_floating_point:
        if (
            dtype is D.float32
            and math.isfinite(value)
            and builtins.abs(value) > 3.4028234663852886e38
        ):
            _overflow(dtype)
        with np.errstate(over="ignore"):
            return np.array(value).astype(dtype.np)[()]
    if dtype.is_complex:
        return np.array(value).astype(dtype.np)[()]
    if isinstance(value, builtins.float):
        if not math.isfinite(value):
            _overflow(dtype)
        value = builtins.int(value)
    info = np.iinfo(dtype.np)
    if info.min == 0:  # unsigned: negatives wrap (two's complement), as in PyTorch
        ok = -info.max <= value <= info.max
    else:
        ok = info.min <= value <= info.max
    if not ok:
        _overflow(dtype)
    return np.array(value).astype(dtype.np)[()]


def _overflow(dtype):
    raise RuntimeError(
        f"value cannot be converted to type {_CONVERT_NAMES[dtype.name]} without overflow"
    )


def cast_array(a, np_dtype):
    """``a`` in ``np_dtype``; complex into real keeps the real part, with PyTorch's warning."""
    if a.dtype == np_dtype:
        return a
    if a.dtype.kind == "c" and np.dtype(np_dtype).kind != "c":
        import warnings

        warnings.warn(
            "Casting complex values to real discards the imaginary part", UserWarning, stacklevel=4
        )
        a = a.real
    return a.astype(np_dtype)


def check_value_tensor(value, name):
    """``masked_fill_``/``index_fill_`` take a number or a 0-dim tensor."""
    if is_tensor(value) and value.dim() != 0:
        raise RuntimeError(
            f"{name} only supports a 0-dimensional value tensor, but got tensor with "
            f"{value.dim()} dimension(s)."
        )


def guard_index(result, *indices):
    """Remember the versions of the index tensors ``result``'s node used: torch saves them, so
    changing one in place before backward raises its "modified by an inplace operation"
    error (checked by ``check_index_guards``) instead of giving a silently wrong gradient."""
    node = result.grad_fn
    if node is None:
        return result
    from ..autograd.node import SavedTensor

    T = tensor_cls()
    node.index_guards = tuple(SavedTensor(t) for t in indices if isinstance(t, T))
    return result


def check_index_guards(node):
    for guard in node.__dict__.get("index_guards", ()):
        guard.unpack(node)
