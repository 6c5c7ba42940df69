"""Reductions: sum, mean, prod, max/min, amax/amin, argmax, all/any, equal.

A reduction's backward broadcasts the output gradient back over the reduced dims
(``_unreduce``); a reduction that picks values (max, amax) sends it to the values picked, split
evenly among ties as PyTorch does, and max(dim) to the index it returned.

The rest of the family lives beside this module: var/std, norms, logsumexp and softmax in
``statistics.py``, cumulative ops in ``cumulative.py``, sorting, order statistics, unique and
histograms in ``sorting.py``. Their functions are exported from here (``__all__``,
``TENSOR_METHODS``), the one module the package imports.
"""

from __future__ import annotations

import builtins
import math
import operator

import numpy as np

from .. import _dtype as D
from .. import return_types
from .._backend import array_module
from .._tensor import _wrap_dim
from ..autograd.node import Op
from ._cascade import full_sum, middle_sums, row_sums
from ._pointwise import _finish, _is_tensor, _Tensor
from .inplace import _scalar_type_name

__all__ = [
    "sum", "nansum", "mean", "nanmean", "prod", "max", "min", "amax", "amin", "aminmax", "argmax",
    "argmin", "all", "any", "count_nonzero", "equal", "allclose",
]  # fmt: skip


# --- dims -------------------------------------------------------------------------------------


def _dims(dim, ndim, name="sum"):
    """The reduced axes as a sorted tuple: ``None``, ``()`` and ``[]`` mean all of them.

    PyTorch's errors: a dim out of range (IndexError), a dim given twice (RuntimeError).
    A 0-d tensor accepts dim 0 and -1 and reduces nothing.
    """
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (list, tuple)):
        if len(dim) == 0:
            return tuple(range(ndim))
        seen = []
        for d in dim:
            d = _wrap_dim(_as_dim(d, name), ndim)
            if d in seen:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
            seen.append(d)
        return tuple(sorted(seen)) if ndim else ()
    d = _wrap_dim(_as_dim(dim, name), ndim)
    return (d,) if ndim else ()


def _as_dim(d, name):
    if isinstance(d, builtins.bool) or not hasattr(d, "__index__"):
        raise TypeError(f"{name}(): argument 'dim' must be tuple of ints, not {type(d).__name__}")
    return operator.index(d)


def _one_dim(dim, ndim, name):
    """A single int dim (ops such as max(dim), cumsum, softmax take no tuple), wrapped."""
    if isinstance(dim, (list, tuple)) or not hasattr(dim, "__index__"):
        raise TypeError(f"{name}(): argument 'dim' must be int, not {type(dim).__name__}")
    return _wrap_dim(operator.index(dim), ndim)


def _keep_shape(shape, dims):
    """``shape`` with the reduced ``dims`` set to 1 (the keepdim shape)."""
    return tuple(1 if i in dims else s for i, s in enumerate(shape))


def _count(shape, dims):
    return math.prod(shape[d] for d in dims)


def _unreduce(grad, shape, dims, keepdim):
    """A reduced gradient broadcast back over the reduced dims: the adjoint of a sum."""
    if not keepdim and dims:
        grad = grad.reshape(_keep_shape(shape, dims))
    return grad.expand(shape)


def _kept(t, shape, dims, keepdim):
    """A reduced tensor with its reduced dims restored as size 1, ready to broadcast."""
    return t if keepdim or not dims else t.reshape(_keep_shape(shape, dims))


def _xp(*arrays):
    return array_module(*arrays)


def _T(array):
    """A tensor wrapping ``array`` (NumPy reductions may hand back a scalar: made 0-d)."""
    if isinstance(array, np.generic):
        array = np.asarray(array)
    return _Tensor()._make(array)


def _type_name(dtype):
    return _scalar_type_name(dtype)


def _is_float(dtype):
    return dtype.is_floating_point or dtype.is_complex


def _acc(x, xp):
    """Half precision accumulates in float32, as PyTorch's CPU kernels do."""
    return x.astype(xp.float32) if x.dtype in (np.float16, D.bfloat16._np) else x


# --- sum, mean, prod --------------------------------------------------------------------------

# Sums of up to this many elements are added in torch's order (``_cascade``: torch's bits, at
# ~10-50x NumPy's time); larger ones take NumPy's faster pairwise sum (last-bit differences).
_CASCADE_MAX_SIZE = 1 << 16


def _float_sum(xp, x, dims, keepdim):
    """``x.sum(dims)`` as torch rounds it, or None where NumPy's sum is used instead.

    torch's iterator drops size-1 dims and merges neighbouring dims that are both reduced or
    both kept; the kinds of sum whose order ``_cascade`` reproduces are then: all of it, the
    rows of a matrix, and the middle dim of a 3-d array (the columns of a matrix with outer 1).
    """
    if xp is not np or not 0 < x.size <= _CASCADE_MAX_SIZE or not x.flags.c_contiguous:
        return None
    if x.dtype not in (np.float32, np.float64):
        return None
    groups = []  # [reduced?, size] runs of merged dims
    for i, n in enumerate(x.shape):
        if n == 1:
            continue
        reduced = i in dims
        if groups and groups[-1][0] == reduced:
            groups[-1][1] *= n
        else:
            groups.append([reduced, n])
    kinds = tuple(r for r, _ in groups)
    sizes = [n for _, n in groups]
    if kinds in ((), (True,)):
        total = full_sum(x)
    elif kinds == (False, True):
        total = row_sums(x.reshape(sizes))
    elif kinds in ((True, False), (False, True, False)):
        total = middle_sums(x.reshape([1] * (3 - len(sizes)) + sizes))
    elif kinds == (False,):  # only size-1 dims are reduced: 0 + x
        total = x + x.dtype.type(0)
    else:
        return None
    out_shape = (
        _keep_shape(x.shape, dims)
        if keepdim
        else tuple(n for i, n in enumerate(x.shape) if i not in dims)
    )
    return total.reshape(out_shape)


def _sum(xp, x, dims, keepdim):
    """The sum over ``dims`` in torch's order where ``_float_sum`` knows it, else NumPy's (half
    types accumulating in float32)."""
    total = _float_sum(xp, x, dims, keepdim)
    if total is None:
        total = xp.sum(_acc(x, xp), axis=dims, keepdims=keepdim)
    return total


class Sum(Op):
    """Sum over ``dims``; its backward broadcasts the gradient back (``SumBackward0``)."""

    @staticmethod
    def forward(ctx, x, dims, keepdim, dtype):
        ctx.shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        x = x.astype(dtype.np, copy=False)
        return _sum(ctx.xp, x, dims, keepdim).astype(dtype.np, copy=False)

    @staticmethod
    def backward(ctx, grad):
        return _unreduce(grad, ctx.shape, ctx.dims, ctx.keepdim), None, None, None


class SumDim(Sum):
    node_name = "SumBackward1"


def _sum_dtype(input, dtype):
    if dtype is not None:
        return dtype
    return D.int64 if input.dtype is D.bool or not _is_float(input.dtype) else input.dtype


def sum(input, dim=None, keepdim=False, *, dtype=None, out=None):  # noqa: A001
    """Returns the sum of the elements of ``input`` over ``dim`` (all of them by default).

    Integer and bool inputs sum to int64 unless ``dtype`` says otherwise.
    """
    if isinstance(dim, D.dtype):  # sum(x, torch.float64)
        dim, dtype = None, dim
    dims = _dims(dim, input.ndim)
    op = Sum if dim is None else SumDim
    return _finish(op.apply(input, dims, keepdim, _sum_dtype(input, dtype)), out)


class Nansum(Op):
    @staticmethod
    def forward(ctx, x, dims, keepdim, dtype):
        ctx.shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        ctx.save_for_backward(x)
        x = x.astype(dtype.np, copy=False)
        return ctx.xp.nansum(_acc(x, ctx.xp), axis=dims, keepdims=keepdim).astype(dtype.np)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        keep = _T(~ctx.xp.isnan(x._data))  # NaNs were left out: they get no gradient
        return _unreduce(grad, ctx.shape, ctx.dims, ctx.keepdim) * keep, None, None, None


def nansum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Sum treating NaN as zero."""
    if input.dtype.is_complex:
        raise RuntimeError("nansum on CPU does not support complex inputs")
    dims = _dims(dim, input.ndim, "nansum")
    return _finish(Nansum.apply(input, dims, keepdim, _sum_dtype(input, dtype)), out)


class Mean(Op):
    @staticmethod
    def forward(ctx, x, dims, keepdim, dtype):
        ctx.shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        ctx.n = _count(x.shape, dims)
        x = x.astype(dtype.np, copy=False)
        with np.errstate(invalid="ignore", divide="ignore"):  # empty: nan, as torch
            total = _sum(ctx.xp, x, dims, keepdim)  # torch: sum, then divide
            return (total / total.dtype.type(ctx.n)).astype(dtype.np)

    @staticmethod
    def backward(ctx, grad):
        return _unreduce(grad, ctx.shape, ctx.dims, ctx.keepdim) / ctx.n, None, None, None


class MeanDim(Mean):
    node_name = "MeanBackward1"


def _check_mean_dtype(input, dtype, name="mean"):
    if dtype is not None and not _is_float(dtype):
        raise RuntimeError(
            f"{name}(): could not infer output dtype. Optional dtype must be either a floating "
            f"point or complex dtype. Got: {_type_name(dtype)}"
        )
    if dtype is None and not _is_float(input.dtype):
        raise RuntimeError(
            f"{name}(): could not infer output dtype. Input dtype must be either a floating point "
            f"or complex dtype. Got: {_type_name(input.dtype)}"
        )


def mean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Returns the mean of ``input`` over ``dim`` (all elements by default)."""
    if isinstance(dim, D.dtype):
        dim, dtype = None, dim
    _check_mean_dtype(input, dtype)
    dims = _dims(dim, input.ndim, "mean")
    op = Mean if dim is None else MeanDim
    return _finish(op.apply(input, dims, keepdim, dtype or input.dtype), out)


def nanmean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Mean of the non-NaN elements: ``nansum / count of non-NaN``, as torch composes it."""
    if not _is_float(input.dtype):
        raise RuntimeError(
            "nanmean(): expected input to have floating point or complex dtype but got "
            f"{_type_name(input.dtype)}"
        )
    count = input.isnan().logical_not().sum(dim, keepdim)
    return _finish(nansum(input, dim, keepdim, dtype=dtype) / count, out)


class Prod(Op):
    @staticmethod
    def forward(ctx, x, dims, keepdim, dtype):
        ctx.dims, ctx.keepdim = dims, keepdim
        x = x.astype(dtype.np, copy=False)
        y = ctx.xp.prod(_acc(x, ctx.xp), axis=dims, keepdims=keepdim).astype(dtype.np)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        if x.ndim == 0:
            return grad, None, None, None
        shape, dims = x.shape, ctx.dims
        g = _unreduce(grad, shape, dims, ctx.keepdim)
        if not (x._data == 0).any() and not x.dtype.is_complex:
            return g * (_unreduce(y, shape, dims, ctx.keepdim) / x), None, None, None
        # zeros: the product of the others, from exclusive cumulative products (zero-safe)
        if len(dims) == 1:
            return g * _prod_of_others(x, dims[0]), None, None, None
        return g * _prod_of_others(x.reshape(-1), 0).reshape(shape), None, None, None


class ProdDim(Prod):
    node_name = "ProdBackward1"


def _prod_of_others(x, dim):
    """For each element, the product of the others along ``dim``, without dividing by it."""
    n = x.shape[dim]
    if n <= 1:
        return x.new_ones(x.shape)
    from .. import cat

    ones = x.new_ones(_keep_shape(x.shape, (dim,)))
    before = cat([ones, x.narrow(dim, 0, n - 1)], dim).cumprod(dim)
    after = cat([ones, x.narrow(dim, 1, n - 1).flip(dim)], dim).cumprod(dim).flip(dim)
    others = before * after
    return others.conj() if x.dtype.is_complex else others


def prod(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Returns the product of the elements of ``input`` (over one ``dim``, if given)."""
    if isinstance(dim, D.dtype):
        dim, dtype = None, dim
    dtype = _sum_dtype(input, dtype)
    if dim is None:
        return _finish(Prod.apply(input, tuple(range(input.ndim)), False, dtype), out)
    dims = (_one_dim(dim, input.ndim, "prod"),) if input.ndim else ()
    return _finish(ProdDim.apply(input, dims, keepdim, dtype), out)


# --- max, min, amax, amin, argmax ------------------------------------------------------------


def _ties_mask(x, y, nan_aware):
    """Where ``x`` equals the reduced ``y`` (broadcast): the elements that share the gradient."""
    mask = x == y
    if nan_aware and x.dtype.kind in "fc":
        xp = _xp(x)
        mask |= xp.isnan(x) & xp.isnan(y)
    return mask


def _evenly(grad, x, y, dims, keepdim, nan_aware=False):
    """The gradient of a max/min-like reduction: split evenly among the tied maxima."""
    xd = x._data
    mask = _ties_mask(xd, _kept(y, x.shape, dims, keepdim)._data, nan_aware)
    count = mask.sum(axis=dims, keepdims=True)
    return (_kept(grad, x.shape, dims, keepdim) / _T(count)) * _T(mask)


def _check_nonempty(input, name, dims=None, error=RuntimeError):
    if dims is None:
        if input.numel() == 0:
            raise error(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
                "Specify the reduction dim with the 'dim' argument."
            )
        return
    for d in dims:
        if input.shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


class Max(Op):
    """Full max: the gradient is split among ties (``MaxBackward1``)."""

    node_name = "MaxBackward1"
    _reduce = "max"

    @classmethod
    def forward(cls, ctx, x):
        y = getattr(ctx.xp, cls._reduce)(x)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return _evenly(grad, x, y, tuple(range(x.ndim)), False, nan_aware=True)


class Min(Max):
    node_name = "MinBackward1"
    _reduce = "min"


class MaxDim(Op):
    """max(dim): values and the index of the first maximum; the gradient goes to that index."""

    node_name = "MaxBackward0"
    _arg = "argmax"

    @classmethod
    def forward(cls, ctx, x, dim, keepdim):
        xp = ctx.xp
        ctx.shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        if x.ndim == 0:
            ctx.indices = xp.zeros((), dtype=xp.int64)
            return x.copy(), ctx.indices
        idx = getattr(xp, cls._arg)(x, axis=dim, keepdims=True)
        values = xp.take_along_axis(x, idx, axis=dim)
        idx = idx.astype(xp.int64)
        ctx.indices = idx
        if not keepdim:
            values, idx = values.squeeze(dim), idx.squeeze(dim)
        return values, idx

    @staticmethod
    def backward(ctx, grad, _):
        return _select_backward(grad, ctx.indices, ctx.dim, ctx.shape, ctx.keepdim), None, None


class MinDim(MaxDim):
    node_name = "MinBackward0"
    _arg = "argmin"


def _select_backward(grad, indices, dim, shape, keepdim):
    """Zeros with ``grad`` scattered to the selected ``indices`` (kept-dim array) along ``dim``."""
    if len(shape) == 0:
        return grad
    if not keepdim:
        grad = grad.unsqueeze(dim)
    return grad.new_zeros(shape).scatter(dim, _T(indices), grad)


def _max_min(input, dim, keepdim, other, name):
    if other is not None or _is_tensor(dim):
        from .binary import maximum, minimum

        other = dim if other is None else other
        return maximum(input, other) if name == "max" else minimum(input, other)
    if dim is None:
        _check_nonempty(input, name)
        return (Max if name == "max" else Min).apply(input)
    d = _one_dim(dim, input.ndim, name)
    if input.ndim:
        _check_nonempty(input, name, (d,))
    op = MaxDim if name == "max" else MinDim
    values, indices = op.apply(input, d, keepdim)
    return getattr(return_types, name)(values, indices)


def max(input, dim=None, keepdim=False, *, other=None, out=None):  # noqa: A001
    """The largest element; with ``dim``, ``(values, indices)``; with a tensor, ``maximum``."""
    result = _max_min(input, dim, keepdim, other, "max")
    return result if out is None else _write_pair(result, out)


def min(input, dim=None, keepdim=False, *, other=None, out=None):  # noqa: A001
    """The smallest element; with ``dim``, ``(values, indices)``; with a tensor, ``minimum``."""
    result = _max_min(input, dim, keepdim, other, "min")
    return result if out is None else _write_pair(result, out)


def _write_pair(result, out):
    if isinstance(result, tuple):
        for o, r in zip(out, result):
            _finish(r, o)
        return type(result)(*out)
    return _finish(result, out)


class Amax(Op):
    """amax over dims: the gradient is split evenly among each slice's ties."""

    _reduce = "max"

    @classmethod
    def forward(cls, ctx, x, dims, keepdim):
        ctx.dims, ctx.keepdim = dims, keepdim
        y = getattr(ctx.xp, cls._reduce)(x, axis=dims, keepdims=keepdim)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return _evenly(grad, x, y, ctx.dims, ctx.keepdim), None, None


class Amin(Amax):
    _reduce = "min"


def _amax_amin(op, name, input, dim, keepdim, out):
    dims = _dims(dim, input.ndim, name)
    if input.numel() == 0:
        if dim is None or dim == () or dim == []:
            _check_nonempty(input, name)
        _check_nonempty(input, name, dims)
    return _finish(op.apply(input, dims, keepdim), out)


def amax(input, dim=(), keepdim=False, *, out=None):
    """The maximum over ``dim`` (a dim or tuple of dims; all by default)."""
    return _amax_amin(Amax, "amax", input, dim, keepdim, out)


def amin(input, dim=(), keepdim=False, *, out=None):
    """The minimum over ``dim`` (a dim or tuple of dims; all by default)."""
    return _amax_amin(Amin, "amin", input, dim, keepdim, out)


class Aminmax(Op):
    @staticmethod
    def forward(ctx, x, dims, keepdim):
        ctx.dims, ctx.keepdim = dims, keepdim
        lo = ctx.xp.min(x, axis=dims, keepdims=keepdim)
        hi = ctx.xp.max(x, axis=dims, keepdims=keepdim)
        ctx.save_for_backward(x, lo, hi)
        return lo, hi

    @staticmethod
    def backward(ctx, grad_min, grad_max):
        x, lo, hi = ctx.saved_tensors
        dims, keepdim = ctx.dims, ctx.keepdim
        return _evenly(grad_min, x, lo, dims, keepdim) + _evenly(grad_max, x, hi, dims, keepdim)


def aminmax(input, *, dim=None, keepdim=False):
    """``(min, max)`` of ``input``, over one ``dim`` if given."""
    if dim is None:
        if input.numel() == 0:
            raise RuntimeError(
                "aminmax(): cannot compute aminmax over an empty dimension as the operation has "
                "no identity."
            )
        dims = tuple(range(input.ndim))
    else:
        dims = (_one_dim(dim, input.ndim, "aminmax"),) if input.ndim else ()
        for d in dims:
            if input.shape[d] == 0:
                raise IndexError(f"aminmax: Expected reduction dim {d} to have non-zero size.")
    return return_types.aminmax(*Aminmax.apply(input, dims, keepdim))


def _arg_extreme(input, dim, keepdim, name):
    xp_fn = np.argmax if name == "argmax" else np.argmin
    if input.dtype is D.bool:
        raise RuntimeError(f"{name}(): does not support bool input")
    x = input._data
    if dim is None:
        if input.numel() == 0:
            raise IndexError(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0."
            )
        idx = _call(xp_fn, x.reshape(-1))
        idx = idx.reshape((1,) * x.ndim) if keepdim else idx.reshape(())
    else:
        d = _one_dim(dim, input.ndim, name)
        if x.ndim == 0:
            idx = _zeros_like_index(x)
        else:
            _check_nonempty(input, name, (d,))
            idx = _call(xp_fn, x, axis=d, keepdims=keepdim)
    return _T(idx.astype(np.int64))


def _call(np_fn, x, **kwargs):
    """``np_fn`` or its CuPy twin, whichever holds ``x``."""
    xp = _xp(x)
    return np_fn(x, **kwargs) if xp is np else getattr(xp, np_fn.__name__)(x, **kwargs)


def _zeros_like_index(x):
    return _xp(x).zeros((), dtype=np.int64)


def argmax(input, dim=None, keepdim=False):
    """The index of the (first) maximum, of the flattened input or along ``dim``."""
    return _arg_extreme(input, dim, keepdim, "argmax")


def argmin(input, dim=None, keepdim=False):
    """The index of the (first) minimum, of the flattened input or along ``dim``."""
    return _arg_extreme(input, dim, keepdim, "argmin")


# --- all, any -----------------------------------------------------------------------------------


def _all_any(fn, name, input, dim, keepdim, out):
    dims = _dims(dim, input.ndim, name)
    r = fn(input._data, axis=dims, keepdims=keepdim)
    if input.dtype is D.uint8:  # uint8 stays uint8, as torch
        r = r.astype(np.uint8)
    return _finish(_T(_xp(input._data).asarray(r)), out)


def all(input, dim=None, keepdim=False, *, out=None):  # noqa: A001
    """Whether all elements (over ``dim``) are true."""
    return _all_any(_xp(input._data).all, "all", input, dim, keepdim, out)


def any(input, dim=None, keepdim=False, *, out=None):  # noqa: A001
    """Whether any element (over ``dim``) is true."""
    return _all_any(_xp(input._data).any, "any", input, dim, keepdim, out)


def count_nonzero(input, dim=None):
    """The number of non-zero elements (over ``dim``), as int64."""
    dims = _dims(dim, input.ndim, "count_nonzero")
    r = (input._data != 0).sum(axis=dims)
    return _T(_xp(input._data).asarray(r, dtype=np.int64))


# --- comparisons of whole tensors ---------------------------------------------------------------


def equal(input, other) -> bool:
    """``True`` if both tensors have the same size and elements (NaN is unequal to itself)."""
    if input.shape != other.shape:
        return False
    return builtins.bool((input._data == other._data).all())


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    """Whether ``|input - other| <= atol + rtol * |other|`` everywhere."""
    from .elementwise import _check_broadcast, isclose

    if input.dtype is not other.dtype:
        raise RuntimeError(f"{_type_name(input.dtype)} did not match {_type_name(other.dtype)}")
    if input.shape != other.shape:
        _check_broadcast(tuple(input.shape), tuple(other.shape))  # PyTorch's size message
    return builtins.bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


def sum_to_size(self, *size):
    """``self`` summed down to ``size``, which it must be expandable from."""
    if len(size) == 1 and isinstance(size[0], (list, tuple)):
        size = size[0]
    size = tuple(size)
    shape = tuple(self.shape)
    lead = len(shape) - len(size)
    if lead < 0 or builtins.any(s not in (1, t) for s, t in zip(size, shape[lead:])):
        raise RuntimeError(f"size {list(size)} is not expandable to size {list(shape)}")
    dims = list(range(lead)) + [lead + i for i, s in enumerate(size) if s == 1 != shape[lead + i]]
    result = sum(self, dims, keepdim=True) if dims else self
    return result.reshape(size) if lead else result


# --- the family's other modules, and the Tensor methods ----------------------------------------

from . import cumulative as _cumulative  # noqa: E402  (they use the helpers above)
from . import sorting as _sorting  # noqa: E402
from . import statistics as _statistics  # noqa: E402
from .cumulative import *  # noqa: E402, F401, F403
from .inplace import inplace  # noqa: E402
from .sorting import *  # noqa: E402, F401, F403
from .statistics import *  # noqa: E402, F401, F403

__all__ += _statistics.__all__ + _cumulative.__all__ + _sorting.__all__

TENSOR_METHODS = {
    "sum": sum, "nansum": nansum, "mean": mean, "nanmean": nanmean, "prod": prod, "max": max,
    "min": min, "amax": amax, "amin": amin, "aminmax": aminmax, "argmax": argmax,
    "argmin": argmin, "all": all, "any": any, "count_nonzero": count_nonzero, "equal": equal,
    "allclose": allclose, "sum_to_size": sum_to_size,
    "cumsum_": inplace(_cumulative.cumsum), "cumprod_": inplace(_cumulative.cumprod),
    **_statistics.TENSOR_METHODS, **_cumulative.TENSOR_METHODS, **_sorting.TENSOR_METHODS,
}  # fmt: skip
