"""Tensor creation: from data, filled, ranges, and random draws from a ``Generator``."""

from __future__ import annotations

import builtins
import math
import warnings

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._device import as_device
from .._size import Size

__all__ = [
    "tensor", "as_tensor", "asarray", "from_numpy", "scalar_tensor", "empty", "zeros", "ones",
    "full", "eye", "arange", "range", "linspace", "logspace", "empty_like", "zeros_like",
    "ones_like", "full_like", "empty_strided",
    "frombuffer",
]  # fmt: skip


def _tensor_cls():
    from .._tensor import Tensor

    return Tensor


def _alloc(device, name, *args, **kwargs):
    """``xp.<name>(*args, **kwargs)`` made on ``device`` (CuPy allocates on its current device)."""
    dev = as_device(device)
    xp = _backend.module_for(dev.type)
    if xp is np:
        return getattr(np, name)(*args, **kwargs)
    with xp.cuda.Device(dev.index):  # None: the current device
        return getattr(xp, name)(*args, **kwargs)


def _finish(array, requires_grad=False, device=None):
    """Wrap an array made on the CPU, moving it to ``device`` and setting ``requires_grad``."""
    if device is not None:
        dev = as_device(device)
        if dev.type != "cpu":
            array = _backend.to_device(array, dev.type, dev.index)
    t = _tensor_cls()._make(array)
    if requires_grad:
        if array.dtype.kind not in "fcV":
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        t._requires_grad = True
    return t


def _contiguous(array):
    """A C-contiguous array (``np.ascontiguousarray`` would turn 0-d into 1-d)."""
    return array if array.flags.c_contiguous else np.ascontiguousarray(array)


def _size_args(size):
    """``zeros(2, 3)``, ``zeros((2, 3))``, ``zeros([2, 3])``, ``zeros(torch.Size([2, 3]))``."""
    if len(size) == 1 and isinstance(size[0], (tuple, list, Size)):
        size = tuple(size[0])
    out = []
    for s in size:
        if not isinstance(s, (builtins.int, np.integer)) or isinstance(s, builtins.bool):
            if hasattr(s, "__index__") and not isinstance(s, builtins.float):
                s = s.__index__()
            else:
                names = ", ".join(type(x).__name__ for x in size)
                raise TypeError(
                    f"zeros(): argument 'size' (position 1) must be tuple of ints, but found "
                    f"element of type {type(s).__name__} at pos 0"
                    if len(size) == 1
                    else f"empty() received an invalid combination of arguments - got ({names})"
                )
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(size)}")
        out.append(builtins.int(s))
    return tuple(out)


def _dtype_or_default(dtype):
    return D.get_default_dtype() if dtype is None else dtype


# --- from data ---------------------------------------------------------------------------------


def _infer_array(data, dtype=None):
    """NumPy array for ``data`` with PyTorch's dtype inference (or in ``dtype`` if given)."""
    Tensor = _tensor_cls()
    if isinstance(data, Tensor):
        return _backend.to_numpy(data._data)
    if isinstance(data, np.ndarray):
        D.from_numpy_dtype(data.dtype)  # refuses object and other unsupported dtypes
        return data
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    if dtype is not None and not isinstance(data, _tensor_cls()):
        # straight into the asked dtype: going through float32 first would round float64 data
        try:
            return np.array(data, dtype=dtype.np)
        except (ValueError, TypeError):
            pass  # fall through for PyTorch's messages
    try:
        array = np.array(data)
    except ValueError:
        _raise_ragged(data)
        raise
    if array.dtype.kind in "USO":
        if array.dtype.kind == "O":
            _raise_ragged(data)
        raise TypeError(f"new(): invalid data type '{type(_first(data)).__name__}'")
    if array.dtype == np.float64 and not _has_numpy_float64(data):
        array = array.astype(D.get_default_dtype().np)
    elif array.dtype == np.complex128 and not isinstance(data, np.generic):
        array = array.astype(D.default_complex().np)
    elif array.dtype.kind in "iu" and array.dtype != np.uint8:
        array = array.astype(np.int64)
    return array


def _has_numpy_float64(data):
    return type(data) is np.float64  # (np.float64 subclasses float: isinstance won't do)


def _first(data):
    while isinstance(data, (list, tuple)) and data:
        data = data[0]
    return data


def _raise_ragged(data, dim=0):
    """PyTorch's message for nested sequences of unequal lengths."""
    Tensor = _tensor_cls()
    if isinstance(data, Tensor) and data.numel() != 1 and dim > 0:
        raise ValueError("only one element tensors can be converted to Python scalars")
    if not isinstance(data, (list, tuple)) or not data:
        return
    first = data[0]
    length = len(first) if isinstance(first, (list, tuple)) else None
    for item in data:
        if isinstance(item, Tensor) and item.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        item_len = len(item) if isinstance(item, (list, tuple)) else None
        if item_len != length:
            raise ValueError(
                f"expected sequence of length {length} at dim {dim + 1} (got {item_len})"
            )
        _raise_ragged(item, dim + 1)


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """Constructs a tensor with no autograd history by copying ``data``."""
    Tensor = _tensor_cls()
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach()."
            "clone() or sourceTensor.detach().clone().requires_grad_(True), rather than "
            "torch.tensor(sourceTensor).",
            UserWarning,
            stacklevel=2,
        )
    array = _infer_array(data, dtype)
    if dtype is not None:
        array = array.astype(dtype.np, copy=False)
    if array is data or isinstance(data, Tensor) and array is data._data:
        array = array.copy()  # tensor() always copies
    return _finish(_contiguous(array), requires_grad, device)


def as_tensor(data, dtype=None, device=None):
    """Converts ``data`` to a tensor, sharing memory with a tensor or NumPy array when it can."""
    Tensor = _tensor_cls()
    if isinstance(data, Tensor):
        return data.to(device=device, dtype=dtype) if (dtype or device) else data
    if isinstance(data, np.ndarray) and (device is None or as_device(device).type == "cpu"):
        t = from_numpy(data)
        return t if dtype is None else t.to(dtype)
    array = _infer_array(data, dtype)
    if dtype is not None:
        array = array.astype(dtype.np, copy=False)
    return _finish(array, False, device)


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    """Converts ``obj`` to a tensor, sharing memory unless ``copy`` or a conversion asks for one."""
    t = tensor(obj, dtype=dtype, device=device) if copy else as_tensor(obj, dtype, device)
    return t.requires_grad_(requires_grad) if requires_grad else t


def from_numpy(ndarray):
    """A tensor sharing memory with the NumPy array: writes to either show in both."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    D.from_numpy_dtype(ndarray.dtype)
    if ndarray.dtype.kind in "iu" and ndarray.dtype.itemsize == 8 and ndarray.dtype.kind == "u":
        raise TypeError("can't convert np.ndarray of type numpy.uint64.")
    if any(s < 0 for s in ndarray.strides):
        raise ValueError(
            "At least one stride in the given numpy array is negative, and tensors with negative "
            "strides are not currently supported. (You can probably work around this by making a "
            "copy of your array  with array.copy().) "
        )
    if ndarray.dtype.kind == "i" and ndarray.dtype != np.int64 and ndarray.dtype.itemsize == 8:
        ndarray = ndarray.view(np.int64)  # platform long long -> int64, same memory
    return _tensor_cls()._make(ndarray)


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    array = np.frombuffer(buffer, dtype=dtype.np, count=count, offset=offset)
    return _finish(array, requires_grad)


def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False):
    return _finish(np.array(s, dtype=_dtype_or_default(dtype).np), requires_grad, device)


def legacy_new(args, dtype, device):
    """``torch.Tensor(2, 3)``, ``torch.FloatTensor([1, 2])``, ``torch.LongTensor(size)``."""
    Tensor = _tensor_cls()
    if len(args) == 1 and isinstance(args[0], Tensor):
        if args[0].dtype is not dtype:
            raise TypeError(f"expected {dtype} (got {args[0].dtype})")
        return args[0]
    if (
        len(args) == 1
        and not isinstance(args[0], (builtins.int, Size))
        and not (isinstance(args[0], np.integer))
    ):
        array = _infer_array(args[0], dtype).astype(dtype.np, copy=False)
        return _finish(_contiguous(array), False, device)
    return empty(*args, dtype=dtype, device=device)


# --- filled ------------------------------------------------------------------------------------


def empty(
    *size,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    pin_memory=False,
    memory_format=None,
):
    """A tensor of the given size whose values are not initialised."""
    shape = _size_args(size)
    array = _alloc(device, "empty", shape, dtype=_dtype_or_default(dtype).np)
    return _out(_finish(array, requires_grad), out)


def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """A tensor filled with the scalar value 0."""
    array = _alloc(device, "zeros", _size_args(size), dtype=_dtype_or_default(dtype).np)
    return _out(_finish(array, requires_grad), out)


def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """A tensor filled with the scalar value 1."""
    array = _alloc(device, "ones", _size_args(size), dtype=_dtype_or_default(dtype).np)
    return _out(_finish(array, requires_grad), out)


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """A tensor of ``size`` filled with ``fill_value`` (dtype inferred from it)."""
    if dtype is None:
        dtype = _fill_dtype(fill_value)
    array = _alloc(device, "full", _size_args((size,)), fill_value, dtype=dtype.np)
    return _out(_finish(array, requires_grad), out)


def _fill_dtype(value):
    if isinstance(value, _tensor_cls()):
        return value.dtype
    return D.scalar_dtype(value)


def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """A 2-D tensor with ones on the diagonal and zeros elsewhere."""
    array = _alloc(device, "eye", n, n if m is None else m, dtype=_dtype_or_default(dtype).np)
    return _out(_finish(array, requires_grad), out)


def empty_strided(
    size, stride, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False
):
    dt = _dtype_or_default(dtype).np
    extent = 1 + builtins.sum((s - 1) * st for s, st in zip(size, stride) if s > 0)
    storage = _alloc(device, "empty", extent if builtins.all(s > 0 for s in size) else 0, dtype=dt)
    strides = tuple(st * storage.itemsize for st in stride)
    return _finish(_backend.as_strided(storage, tuple(size), strides), requires_grad)


def _out(result, out):
    if out is None:
        return result
    from .inplace import write_out

    return write_out(out, result)


def _like(input, dtype, device):
    return (input.dtype if dtype is None else dtype), (input.device if device is None else device)


def empty_like(
    input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None
):
    dtype, device = _like(input, dtype, device)
    return empty(input.shape, dtype=dtype, device=device, requires_grad=requires_grad)


def zeros_like(
    input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None
):
    dtype, device = _like(input, dtype, device)
    return zeros(input.shape, dtype=dtype, device=device, requires_grad=requires_grad)


def ones_like(
    input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None
):
    dtype, device = _like(input, dtype, device)
    return ones(input.shape, dtype=dtype, device=device, requires_grad=requires_grad)


def full_like(
    input,
    fill_value,
    *,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    memory_format=None,
):
    dtype, device = _like(input, dtype, device)
    return full(input.shape, fill_value, dtype=dtype, device=device, requires_grad=requires_grad)


def zeros_for(shape, dtype, device=None):
    """Zeros standing for a gradient that never arrived (used by the engine), on ``device``."""
    if device is None or device.type == "cpu":
        return _tensor_cls()._make(np.zeros(shape, dtype=dtype.np))
    return _tensor_cls()._make(_alloc(device, "zeros", shape, dtype=dtype.np))


# --- ranges ------------------------------------------------------------------------------------


def _is_float(*values):
    return builtins.any(
        isinstance(v, (builtins.float, np.floating))
        or (isinstance(v, _tensor_cls()) and v.dtype.is_floating_point)
        for v in values
    )


def _scalar(v):
    return v.item() if isinstance(v, _tensor_cls()) else v


def arange(
    start=0,
    end=None,
    step=1,
    *,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
):
    """Values from ``start`` to ``end`` (exclusive) by ``step``; int64 unless a float is given."""
    if end is None:
        start, end = 0, start
    floating = _is_float(start, end, step)
    start, end, step = _scalar(start), _scalar(end), _scalar(step)
    if dtype is None:
        dtype = D.get_default_dtype() if floating else D.int64
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if builtins.any(isinstance(v, builtins.float) and not math.isfinite(v) for v in (start, end)):
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if (end - start) * step < 0 and end != start:
        raise RuntimeError("upper bound and larger bound inconsistent with step sign")
    n = builtins.max(0, math.ceil((end - start) / step))
    if dtype in (D.float32, D.float64):
        array = _arange_float(start, step, n, dtype.np)
    elif dtype.is_floating_point or dtype.is_complex:
        array = (start + np.arange(n, dtype=np.float64) * step).astype(dtype.np)
    else:
        array = np.arange(n, dtype=np.int64) * builtins.int(step) + builtins.int(start)
        array = array.astype(dtype.np, copy=False)
    return _out(_finish(array, requires_grad, device), out)


def _arange_float(start, step, n: int, np_dtype) -> np.ndarray:
    """float32/float64 ``arange`` values as torch's CPU kernel rounds them.

    ``arange_kernel`` works in double and fills vectors of 8 floats (4 doubles): each starts at
    ``base = start + step * i`` (float32: rounded to float) and continues ``base + j * step``;
    the last ``n % (2 * width)`` elements are ``start + step * i`` one by one. GCC fuses every
    ``a + b * c`` there into an FMA, so each value is rounded once (``fma64``). Above 32768
    elements each of torch's threads does that on its own piece (``_parallel.parallel_chunks``).
    """
    start, step = builtins.float(start), builtins.float(step)
    idx = np.arange(n, dtype=np.float64)
    if start.is_integer() and step.is_integer() and abs(start) + abs(step) * n < 2.0**53:
        return (idx * step + start).astype(np_dtype)  # exact: every FMA is a plain sum
    from .._parallel import parallel_chunks
    from .._random.floatmath import fma64

    width = 8 if np_dtype == np.float32 else 4
    # each thread's piece [begin, end) runs the vector loop from its own begin
    offset = np.zeros(n, dtype=np.float64)
    tail = np.zeros(n, dtype=bool)
    for begin, end in parallel_chunks(n):
        offset[begin:end] = idx[: end - begin]
        tail[end - (end - begin) % (2 * width) : end] = True
    j = offset % width
    base = fma64(step, idx - j, start).astype(np_dtype).astype(np.float64)
    out = fma64(j, step, base).astype(np_dtype)
    out[tail] = fma64(step, idx[tail], start)
    return out


def range(
    start=0,
    end=None,
    step=1,
    *,
    out=None,
    dtype=None,
    device=None,  # noqa: A001
    requires_grad=False,
):
    """Deprecated ``torch.range``: like arange but includes ``end``."""
    warnings.warn(
        "torch.range is deprecated and will be removed in a future release because its behavior "
        "is inconsistent with Python's range builtin. Instead, use torch.arange, which produces "
        "values in [start, end).",
        UserWarning,
        stacklevel=2,
    )
    if end is None:
        start, end = 0, start
    n = builtins.int(math.floor((end - start) / step)) + 1
    array = (start + np.arange(n, dtype=np.float64) * step).astype(_dtype_or_default(dtype).np)
    return _out(_finish(array, requires_grad, device), out)


def linspace(
    start, end, steps, *, out=None, dtype=None, layout=None, device=None, requires_grad=False
):
    """``steps`` evenly spaced values from ``start`` to ``end`` (both included)."""
    start, end = _scalar(start), _scalar(end)
    if not isinstance(steps, (builtins.int, np.integer)):
        raise TypeError(
            f"linspace(): argument 'steps' (position 3) must be int, not {type(steps).__name__}"
        )
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dtype = _dtype_or_default(dtype)
    # PyTorch fills the first half from ``start`` and the second half back from ``end``
    i = np.arange(steps, dtype=np.float64)
    step = (end - start) / (steps - 1) if steps > 1 else 0.0
    if dtype.is_floating_point or dtype.is_complex:
        # PyTorch computes the step in the output dtype from start and end rounded to it, then
        # start + step * i with one rounding (a fused multiply-add): float64 holds that exactly
        narrow = np.float32 if dtype is not D.float64 else np.float64
        lo, hi = np.float64(narrow(start)), np.float64(narrow(end))
        step_n = (
            np.float64(narrow((narrow(hi) - narrow(lo)) / narrow(steps - 1))) if steps > 1 else 0.0
        )
        half = steps // 2
        array = np.where(
            np.arange(steps) < half, lo + step_n * i, hi - step_n * (steps - 1 - i)
        ).astype(dtype.np)
    else:
        array = (start + step * i).astype(np.int64).astype(dtype.np)
    return _out(_finish(array, requires_grad, device), out)


def logspace(
    start,
    end,
    steps,
    base=10.0,
    *,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
):
    """``steps`` values from ``base**start`` to ``base**end``, evenly spaced on a log scale."""
    exponents = linspace(start, end, steps, dtype=D.float64)._data
    dtype = _dtype_or_default(dtype)
    array = np.power(base, exponents).astype(dtype.np)
    return _out(_finish(array, requires_grad, device), out)


# --- in-place fills (Tensor methods) -----------------------------------------------------------


def _fill(self, array):
    """Write values that don't depend on ``self`` into it (no autograd history)."""
    from .inplace import check_inplace

    check_inplace(self)
    if _backend.device_type_of(self._data) != "cpu":
        array = _backend.to_device(array, "cuda")
    self._data[...] = array
    self._version_counter.value += 1
    if self.grad_fn is not None:  # the values no longer depend on the old graph
        self.grad_fn, self._requires_grad = None, False
    return self


def fill_(self, value):
    from .._tensor import Tensor

    if isinstance(value, Tensor):
        if value.dim() != 0:
            raise RuntimeError(
                "fill_ only supports 0-dimension value tensor but got tensor with "
                f"{value.dim()} dimensions."
            )
        value = value.item()
    return _fill(self, value)


def zero_(self):
    return _fill(self, 0)


TENSOR_METHODS = {"fill_": fill_, "zero_": zero_}
