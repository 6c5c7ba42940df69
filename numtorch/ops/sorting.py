"""Sorting and order statistics: sort, topk, kthvalue, median, mode, quantile, unique,
histograms, searchsorted.

Sorts are stable, as PyTorch's CPU sort is. An op that picks values by index (sort, topk,
kthvalue, median(dim), mode) computes the indices on arrays and sends the gradient back to them
with ``scatter``. Where several elements tie, PyTorch's ``topk``, ``kthvalue`` and
``median(dim)`` return whichever index its selection algorithm lands on; here it is the index
the stable sort gives.
"""

from __future__ import annotations

import builtins
import math
import operator

import numpy as np

from .. import _dtype as D
from .. import return_types
from .._tensor import _wrap_dim
from ..autograd.node import Op
from ._pointwise import _finish, _is_tensor
from .reduction import _T, _evenly, _one_dim, _type_name, _xp

__all__ = [
    "sort", "argsort", "msort", "topk", "kthvalue", "median", "nanmedian", "mode", "quantile",
    "nanquantile", "unique", "unique_consecutive", "bincount", "histc", "histogram",
    "searchsorted", "bucketize",
]  # fmt: skip


def _argsort(xp, x, axis, descending=False):
    """Stable argsort; descending keeps equal elements in their original order (NaN first)."""
    kw = {"kind": "stable"} if xp is np else {}
    if not descending:
        return xp.argsort(x, axis=axis, **kw)
    # sort the reversed array ascending, then reverse back: ties stay in original order
    idx = xp.argsort(xp.flip(x, axis), axis=axis, **kw)
    return x.shape[axis] - 1 - xp.flip(idx, axis)


def _dim_or_none(input, dim, name):
    d = _one_dim(dim, input.ndim, name)
    return d if input.ndim else None


# --- selecting by index -------------------------------------------------------------------------


class Select(Op):
    """The values of ``x`` at ``indices`` (computed on arrays) along ``dim``.

    The gradient goes back to those indices (PyTorch's value_selecting_reduction_backward).
    """

    @staticmethod
    def forward(ctx, x, dim, indices, keepdim):
        xp = ctx.xp
        ctx.shape, ctx.dim, ctx.keepdim, ctx.indices = x.shape, dim, keepdim, indices
        if dim is None:
            return x.copy(), xp.zeros(indices.shape, dtype=xp.int64)
        values = xp.take_along_axis(x, indices, axis=dim)
        if not keepdim:
            return values.squeeze(dim), indices.squeeze(dim)
        return values, indices

    @staticmethod
    def backward(ctx, grad, _):
        if ctx.dim is None:
            return grad, None, None, None
        if not ctx.keepdim:
            grad = grad.unsqueeze(ctx.dim)
        return grad.new_zeros(ctx.shape).scatter(ctx.dim, _T(ctx.indices), grad), None, None, None


def _select_class(node_name):
    return type(node_name.replace("Backward", ""), (Select,), {"node_name": node_name})


class Sort(Select):
    node_name = "SortBackward0"


_Topk = _select_class("TopkBackward0")
_Kthvalue = _select_class("KthvalueBackward0")
_MedianDim = _select_class("MedianBackward1")
_NanmedianDim = _select_class("NanmedianBackward1")
_Mode = _select_class("ModeBackward0")


def _select(op, input, dim, indices, keepdim, result_type):
    if dim is None:
        indices = _xp(input._data).zeros((), dtype=np.int64)
    else:
        indices = indices.astype(np.int64, copy=False)
    return result_type(*op.apply(input, dim, indices, keepdim))


# --- sort, topk, kthvalue -----------------------------------------------------------------------


def sort(input, dim=-1, descending=False, stable=False, *, out=None):
    """``(values, indices)`` of ``input`` sorted along ``dim`` (NaN sorts as the largest)."""
    d = _dim_or_none(input, dim, "sort")
    idx = None if d is None else _argsort(_xp(input._data), input._data, d, descending)
    result = _select(Sort, input, d, idx, True, return_types.sort)
    if out is not None:
        for o, r in zip(out, result):
            _finish(r, o)
        return return_types.sort(*out)
    return result


def argsort(input, dim=-1, descending=False, stable=False):
    """The indices that sort ``input`` along ``dim``."""
    d = _dim_or_none(input, dim, "argsort")
    if d is None:
        return _T(_xp(input._data).zeros((), dtype=np.int64))
    return _T(_argsort(_xp(input._data), input._data, d, descending).astype(np.int64))


def msort(input, *, out=None):
    """``input`` sorted along its first dim."""
    return _finish(sort(input, 0).values, out)


def topk(input, k, dim=-1, largest=True, sorted=True, *, out=None):
    """The ``k`` largest (or smallest) elements along ``dim``, with their indices."""
    d = _dim_or_none(input, dim, "topk")
    size = input.shape[d] if d is not None else 1
    k = operator.index(k)
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    if d is None:
        return _select(_Topk, input, None, None, True, return_types.topk)
    xp = _xp(input._data)
    x = input._data
    if 0 < k and k * 8 < size:
        # a few of many: partition first (NaN partitions as the largest), then sort those k,
        # in index order first so that ties keep their order
        kth, keep = (size - k, xp.arange(size - k, size)) if largest else (k - 1, xp.arange(k))
        chosen = xp.sort(xp.take(xp.argpartition(x, kth, axis=d), keep, axis=d), axis=d)
        order = _argsort(xp, xp.take_along_axis(x, chosen, axis=d), d, descending=largest)
        idx = xp.take_along_axis(chosen, order, axis=d)
    else:
        idx = xp.take(_argsort(xp, x, d, descending=largest), xp.arange(k), axis=d)
    return _select(_Topk, input, d, idx, True, return_types.topk)


def kthvalue(input, k, dim=-1, keepdim=False, *, out=None):
    """The ``k``-th smallest element along ``dim`` (1-based) and its index."""
    d = _dim_or_none(input, dim, "kthvalue")
    size = input.shape[d] if d is not None else 1
    if not 1 <= k <= size:
        raise RuntimeError(
            f"kthvalue(): selected number k out of range for dimension {d if d is not None else 0}"
        )
    if d is None:
        return _select(_Kthvalue, input, None, None, keepdim, return_types.kthvalue)
    xp = _xp(input._data)
    idx = xp.take(_argsort(xp, input._data, d), xp.array([k - 1]), axis=d)
    return _select(_Kthvalue, input, d, idx, keepdim, return_types.kthvalue)


# --- median, mode -------------------------------------------------------------------------------


def _median_positions(xp, sorted_x, d, ignore_nan):
    """Where a slice's (lower) median sits in its sorted order, NaN handled as torch does."""
    n = sorted_x.shape[d]
    nans = xp.isnan(sorted_x) if sorted_x.dtype.kind in "fc" else xp.zeros(sorted_x.shape, bool)
    valid = n - nans.sum(axis=d, keepdims=True)
    if ignore_nan:  # the median of the non-NaN values; all NaN: the first NaN
        return xp.where(valid > 0, (valid - 1) // 2, 0)
    # any NaN: the median is NaN, and the index the first NaN's
    return xp.where(valid < n, valid, (n - 1) // 2)


class Median(Op):
    """The lower median of all elements; the gradient is split among elements equal to it."""

    @staticmethod
    def forward(ctx, x, ignore_nan):
        xp = ctx.xp
        flat = x.reshape(-1)
        if flat.size == 0:
            y = xp.asarray(xp.nan, dtype=x.dtype)
        else:
            s = xp.sort(flat)
            y = s[int(_median_positions(xp, s, 0, ignore_nan)[0])]
        y = xp.asarray(y)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return _evenly(grad, x, y, tuple(range(x.ndim)), False, nan_aware=True), None


class Nanmedian(Median):
    pass


def _median(input, dim, keepdim, ignore_nan):
    name = "nanmedian" if ignore_nan else "median"
    if dim is None:
        return (Nanmedian if ignore_nan else Median).apply(input, ignore_nan)
    d = _dim_or_none(input, dim, name)
    result_type = getattr(return_types, name)
    op = _NanmedianDim if ignore_nan else _MedianDim
    if d is None:
        return _select(op, input, None, None, keepdim, result_type)
    if input.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    xp = _xp(input._data)
    order = _argsort(xp, input._data, d)
    sorted_x = xp.take_along_axis(input._data, order, axis=d)
    positions = _median_positions(xp, sorted_x, d, ignore_nan)
    idx = xp.take_along_axis(order, positions, axis=d)
    return _select(op, input, d, idx, keepdim, result_type)


def median(input, dim=None, keepdim=False, *, out=None):
    """The lower median of all elements; with ``dim``, ``(values, indices)`` along it."""
    return _median(input, dim, keepdim, ignore_nan=False)


def nanmedian(input, dim=None, keepdim=False, *, out=None):
    """:func:`median` ignoring NaN."""
    return _median(input, dim, keepdim, ignore_nan=True)


def mode(input, dim=-1, keepdim=False, *, out=None):
    """The most frequent value along ``dim`` (the smallest such) and its last index."""
    d = _dim_or_none(input, dim, "mode")
    if d is None:
        return _select(_Mode, input, None, None, keepdim, return_types.mode)
    xp = _xp(input._data)
    order = _argsort(xp, input._data, d)
    s = xp.moveaxis(xp.take_along_axis(input._data, order, axis=d), d, -1)
    n = s.shape[-1]
    # lengths of the runs of equal values in the sorted slice, counted as they go
    new_run = xp.ones(s.shape, dtype=bool)
    new_run[..., 1:] = s[..., 1:] != s[..., :-1]
    steps = xp.arange(n)
    run_start = xp.maximum.accumulate(xp.where(new_run, steps, 0), axis=-1)
    # the first place a run reaches the longest length ends the smallest most frequent value;
    # a stable sort puts the value's last occurrence there
    best = xp.argmax(steps - run_start, axis=-1)[..., None]
    idx = xp.take_along_axis(xp.moveaxis(order, d, -1), best, axis=-1)
    return _select(_Mode, input, d, xp.moveaxis(idx, -1, d), keepdim, return_types.mode)


# --- quantile -----------------------------------------------------------------------------------

_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _check_quantile(input, q, interpolation, name):
    if input.dtype not in (D.float32, D.float64):
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if input.numel() == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    if _is_tensor(q):
        if q.ndim > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
        if q.dtype is not input.dtype:
            raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
        qa = _xp(q._data).asarray(q._data)
        if not bool(((qa >= 0) & (qa <= 1)).all()):
            raise RuntimeError(f"{name}() q values must be in the range [0, 1]")
    elif not 0 <= q <= 1:
        raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {q}")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(
            f"{name}() interpolation must be one of linear, lower, higher, midpoint or nearest, "
            f"but got {interpolation}"
        )


def _quantile(input, q, dim, keepdim, interpolation, ignore_nan, out):
    name = "nanquantile" if ignore_nan else "quantile"
    _check_quantile(input, q, interpolation, name)
    xp = _xp(input._data)
    scalar_q = not _is_tensor(q) or q.ndim == 0
    qa = xp.asarray(q._data if _is_tensor(q) else q, dtype=input._data.dtype).reshape(-1)
    if dim is None:
        x, d = input.reshape(-1), 0
    else:
        d = _one_dim(dim, input.ndim, name)
        x = input if input.ndim else input.reshape(1)
    # sorted along the last dim, with a leading dim for the quantiles: (Q, ..., n)
    s = sort(x.movedim(d, -1) if x.ndim > 1 else x, -1).values
    n = s.shape[-1]
    ranks = qa.reshape((-1,) + (1,) * s.ndim)
    nans = xp.isnan(s._data)
    if ignore_nan:  # rank among the non-NaN values; all NaN: rank 0, which is NaN
        ranks = ranks * (n - nans.sum(-1, keepdims=True) - 1)
        ranks = xp.where(ranks < 0, 0, ranks)
    else:  # any NaN: the last rank, which is NaN
        ranks = xp.where(nans.any(-1, keepdims=True), n - 1, ranks * (n - 1))
    ranks = {"lower": xp.floor, "higher": xp.ceil, "nearest": xp.round}.get(
        interpolation, lambda r: r
    )(ranks).astype(input._data.dtype)
    below = ranks.astype(np.int64)
    s = s.unsqueeze(0).expand((ranks.shape[0],) + tuple(s.shape))
    result = s.gather(-1, _T(below))
    if interpolation in ("linear", "midpoint"):
        weights = ranks - below if interpolation == "linear" else xp.full_like(ranks, 0.5)
        above = s.gather(-1, _T(xp.ceil(ranks).astype(np.int64)))
        result = result.lerp(above, _T(weights.astype(input._data.dtype)))
    result = result.squeeze(-1)
    if keepdim:
        if dim is None:
            result = result.reshape((result.shape[0],) + (1,) * input.ndim)
        elif input.ndim:
            result = result.unsqueeze(d + 1)
    if scalar_q:
        result = result.squeeze(0)
    return _finish(result, out)


def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None):
    """The ``q``-th quantiles of ``input`` (over ``dim``), interpolating between ranks."""
    return _quantile(input, q, dim, keepdim, interpolation, False, out)


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None):
    """:func:`quantile` ignoring NaN."""
    return _quantile(input, q, dim, keepdim, interpolation, True, out)


# --- unique -------------------------------------------------------------------------------------


class Unique(Op):
    """Values in ``unique``'s output have no derivative (as in PyTorch, backward raises)."""

    node_name = "Unique2Backward0"
    _derivative = "_unique2"

    @staticmethod
    def forward(ctx, x, values):
        return values

    @classmethod
    def backward(cls, ctx, grad):
        raise NotImplementedError(f"the derivative for '{cls._derivative}' is not implemented.")


class UniqueDim(Unique):
    node_name = "UniqueDimBackward0"
    _derivative = "unique_dim"


class UniqueConsecutive(Unique):
    node_name = "UniqueConsecutiveBackward0"
    _derivative = "unique_consecutive"


def _unique_result(op, input, values, inverse, counts, return_inverse, return_counts):
    out = [op.apply(input, values)]
    if return_inverse:
        out.append(_T(inverse.astype(np.int64)))
    if return_counts:
        out.append(_T(counts.astype(np.int64)))
    return out[0] if len(out) == 1 else tuple(out)


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The sorted unique elements (or slices along ``dim``), with inverse indices and counts."""
    x = input._data
    xp = _xp(x)
    if dim is None:
        kw = {"equal_nan": False} if xp is np else {}  # each NaN is its own value, as torch
        values, inverse, counts = xp.unique(
            x.reshape(-1), return_inverse=True, return_counts=True, **kw
        )
        inverse = inverse.reshape(x.shape)
        op = Unique
    else:
        d = _wrap_dim(dim, x.ndim)
        values, inverse, counts = xp.unique(x, return_inverse=True, return_counts=True, axis=d)
        inverse = inverse.reshape(-1)
        op = UniqueDim
    return _unique_result(op, input, values, inverse, counts, return_inverse, return_counts)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """Collapses each run of equal consecutive elements (or slices along ``dim``) to one."""
    x = input._data
    xp = _xp(x)
    if dim is None:
        rows = x.reshape(-1)
        changed = rows[1:] != rows[:-1]
    else:
        d = _wrap_dim(dim, x.ndim)
        rows = xp.moveaxis(x, d, 0)
        flat = rows.reshape(rows.shape[0], -1)
        changed = (flat[1:] != flat[:-1]).any(axis=1)
    n = rows.shape[0]
    starts = xp.concatenate([xp.ones(builtins.min(n, 1), dtype=bool), changed])
    values = rows[starts]
    if dim is not None:
        values = xp.ascontiguousarray(xp.moveaxis(values, 0, d))
    inverse = xp.cumsum(starts) - 1
    if dim is None:
        inverse = inverse.reshape(x.shape)
    counts = xp.diff(xp.concatenate([xp.nonzero(starts)[0], xp.asarray([n])]))
    return _unique_result(
        UniqueConsecutive, input, values, inverse, counts, return_inverse, return_counts
    )


# --- counting and histograms --------------------------------------------------------------------


def bincount(input, weights=None, minlength=0):
    """How many times each non-negative integer occurs in the 1-D ``input`` (or its weights)."""
    if input.dtype.is_floating_point or input.dtype.is_complex or input.dtype is D.bool:
        raise NotImplementedError(
            f"\"bincount_cpu\" not implemented for '{_type_name(input.dtype)}'"
        )
    x = input._data
    xp = _xp(x)
    if x.ndim != 1 or (x.size and int(x.min()) < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is None:
        return _T(xp.bincount(x, minlength=minlength).astype(np.int64))
    w = weights._data
    out_dtype = w.dtype if w.dtype.kind == "f" else np.dtype(np.float64)
    return _T(xp.bincount(x, weights=w, minlength=minlength).astype(out_dtype))


def _float_only(input, name="histogram_cpu"):
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"{name}\" not implemented for '{_type_name(input.dtype)}'")


def _linear_edges(xp, lo, hi, bins, dtype):
    """PyTorch's linspace: from both ends toward the middle, in ``dtype``."""
    step = (np.asarray(hi, dtype) - np.asarray(lo, dtype)) / dtype.type(bins)
    i = xp.arange(bins + 1)
    half = (bins + 1) // 2
    return xp.where(i < half, lo + step * i, hi - step * (bins - i)).astype(dtype)


def histc(input, bins=100, min=0, max=0, *, out=None):  # noqa: A002
    """A histogram of ``bins`` equal-width bins over ``[min, max]`` (the data's range if equal)."""
    _float_only(input)
    x = input._data.reshape(-1)
    xp = _xp(x)
    dtype = x.dtype
    lo, hi = dtype.type(min), dtype.type(max)
    if lo == hi and x.size:
        lo, hi = x.min(), x.max()
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(f"torch.histc: range of [{lo}, {hi}] is not finite")
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    inside = x[(x >= lo) & (x <= hi)]
    # the bin by division in the input dtype, as torch's histc computes it
    pos = ((inside - lo) * dtype.type(bins) / (hi - lo)).astype(np.int64)
    pos = xp.minimum(pos, bins - 1)
    return _finish(_T(xp.bincount(pos, minlength=bins).astype(dtype)), out)


def histogram(input, bins=100, *, range=None, weight=None, density=False, out=None):  # noqa: A002
    """``(hist, bin_edges)``: a histogram with ``bins`` equal bins, or the given bin edges."""
    _float_only(input)
    x = input._data.reshape(-1)
    xp = _xp(x)
    dtype = x.dtype
    if _is_tensor(bins):
        edges = bins._data
        nbins = edges.shape[0] - 1
    else:
        nbins = bins
        if range is not None:
            lo, hi = dtype.type(range[0]), dtype.type(range[1])
        else:
            lo, hi = (x.min(), x.max()) if x.size else (dtype.type(0), dtype.type(0))
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise RuntimeError(f"torch.histogramdd: dimension 0's range [{lo}, {hi}] is not finite")
        if lo == hi:
            lo, hi = lo - dtype.type(0.5), hi + dtype.type(0.5)
        edges = _linear_edges(xp, lo, hi, nbins, dtype)
    keep = (x >= edges[0]) & (x <= edges[-1])
    inside = x[keep]
    # the rightmost bin includes its right edge
    pos = xp.minimum(xp.searchsorted(edges, inside, side="right") - 1, nbins - 1)
    w = None if weight is None else weight._data.reshape(-1)[keep]
    hist = xp.bincount(pos, weights=w, minlength=nbins).astype(dtype)
    if density:
        widths = xp.diff(edges)
        hist = (hist / (hist.sum() * widths)).astype(dtype)
    result = return_types.histogram(_T(hist), _T(xp.array(edges, dtype=dtype)))
    if out is not None:
        for o, r in zip(out, result):
            _finish(r, o)
        return return_types.histogram(*out)
    return result


# --- searchsorted -------------------------------------------------------------------------------


def searchsorted(
    sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None, out=None
):
    """For each value, the index where it would be inserted to keep the innermost dim sorted."""
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(
                f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}"
            )
        if right and side == "left":
            raise RuntimeError(
                "torch.searchsorted(): side and right can't be set to opposites, got side of left "
                "while right was True"
            )
        right = side == "right"
    seq = sorted_sequence._data
    xp = _xp(seq)
    if sorter is not None:
        seq = xp.take_along_axis(seq, sorter._data, axis=-1)
    scalar = not _is_tensor(input)
    values = xp.asarray(input) if scalar else input._data
    common = np.result_type(seq.dtype, values.dtype)
    seq, values = seq.astype(common, copy=False), values.astype(common, copy=False)
    side_name = "right" if right else "left"
    if seq.ndim == 1:
        idx = xp.searchsorted(seq, values, side=side_name)
    else:
        idx = _batched_searchsorted(xp, seq, values, right)
    idx = xp.asarray(idx).astype(np.int32 if out_int32 else np.int64)
    return _finish(_T(idx), out)


def _batched_searchsorted(xp, seq, values, right):
    """Row-wise searchsorted without a loop: merge each row with its values by a stable sort.

    A value's insertion index is the number of sequence elements sorted before it; equal
    elements of the sequence go before it for ``right`` (they come first in the merge), after
    it otherwise.
    """
    n, m = seq.shape[-1], values.shape[-1]
    merged = xp.concatenate((seq, values) if right else (values, seq), axis=-1)
    is_seq = xp.zeros(merged.shape, dtype=bool)
    if right:
        is_seq[..., :n] = True
    else:
        is_seq[..., m:] = True
    order = _argsort(xp, merged, -1)
    seq_up_to = xp.cumsum(xp.take_along_axis(is_seq, order, axis=-1), axis=-1)
    rank = _argsort(xp, order, -1)  # where each merged element landed
    value_columns = rank[..., n:] if right else rank[..., :m]
    return xp.take_along_axis(seq_up_to, value_columns, axis=-1)


def bucketize(input, boundaries, *, out_int32=False, right=False, out=None):
    """The index of the bucket (between consecutive ``boundaries``) each value falls in."""
    return searchsorted(boundaries, input, out_int32=out_int32, right=right, out=out)


TENSOR_METHODS = {
    "sort": sort, "argsort": argsort, "msort": msort, "topk": topk, "kthvalue": kthvalue,
    "median": median, "nanmedian": nanmedian, "mode": mode, "quantile": quantile,
    "nanquantile": nanquantile, "unique": unique, "unique_consecutive": unique_consecutive,
    "bincount": bincount, "histc": histc, "histogram": histogram,
}  # fmt: skip
