"""Indexing along one dim: gather/scatter, ``index_select``/``index_add``/``index_copy``/
``index_fill`` and ``take_along_dim``.

Each gather-like op and its scatter-like adjoint are each other's backward, so gradients of any
order come from the same few ops. Scatters into repeated indices accumulate through ``add_at``
(NumPy's unbuffered ``np.add.at``); plain scatters keep the last write, as PyTorch's CPU kernels do.
Every write-op has a ``kernel(out, ...)`` working in place on an array: the out-of-place op runs it
on a copy, the ``x_`` method straight on the storage when autograd is not involved.
"""

from __future__ import annotations

import builtins
import warnings

import numpy as np

from .. import _dtype as D
from .._backend import add_at, array_module
from ..autograd.node import Op
from . import _index_utils as U
from .inplace import write_out

__all__ = [
    "gather", "scatter", "scatter_add", "scatter_reduce", "index_select", "index_add",
    "index_copy", "index_fill", "take_along_dim",
]  # fmt: skip


def _ix():
    from . import indexing

    return indexing


def _along(index, dim):
    """The NumPy index that addresses ``out[i0, .., index[i0, .., ik], .., ik]`` along ``dim``."""
    xp = array_module(index)
    nd = index.ndim
    axes = []
    for d, n in enumerate(index.shape):
        if d == dim:
            axes.append(index)
        else:
            shape = [1] * nd
            shape[d] = n
            axes.append(xp.arange(n).reshape(shape))
    return tuple(axes)


def _prefix(shape):
    return tuple(slice(0, n) for n in shape)


def _at_least_1d(a):
    return a if a.ndim else a.reshape(1)  # a 0-dim array reshapes to a view


def _pad(grad, shape):
    """``grad`` (index-shaped) as the gradient of a larger ``src``: zeros beyond the index."""
    if tuple(grad.shape) == tuple(shape):
        return grad
    return _ix().ViewScatter.apply(grad, tuple(shape), _prefix(grad.shape) + (Ellipsis,))


class _WriteOp(Op):
    """An op that writes into a copy of its first argument with ``kernel(out, *args)``."""

    @classmethod
    def forward(cls, ctx, x, *args):
        cls.remember(ctx, x, *args)
        out = x.copy()
        cls.kernel(out, *args)
        return out

    @staticmethod
    def remember(ctx, x, *args):
        pass


# -- gather and scatter -----------------------------------------------------------------------


class Gather(Op):
    node_name = "GatherBackward0"

    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.shape, ctx.dim, ctx.index = x.shape, dim, index
        return _at_least_1d(x)[_along(_at_least_1d(index), dim)].reshape(index.shape)

    @staticmethod
    def backward(ctx, grad):
        U.check_index_guards(ctx)
        zeros = U.zeros(ctx.shape, grad)
        return ScatterAdd.apply(zeros, grad, ctx.dim, ctx.index), None, None


class ScatterAdd(_WriteOp):
    node_name = "ScatterAddBackward0"
    num_operands = 2

    @staticmethod
    def remember(ctx, x, src, dim, index):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape

    @staticmethod
    def kernel(out, src, dim, index):
        index = _at_least_1d(index)
        add_at(_at_least_1d(out), _along(index, dim), _at_least_1d(src)[_prefix(index.shape)])

    @staticmethod
    def backward(ctx, grad):
        gs = None
        if ctx.needs_input_grad[1]:
            gs = _pad(Gather.apply(grad, ctx.dim, ctx.index), ctx.src_shape)
        return grad, gs, None, None


class Scatter(_WriteOp):
    node_name = "ScatterBackward0"
    num_operands = 2

    @staticmethod
    def remember(ctx, x, src, dim, index, reduce):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape

    @staticmethod
    def kernel(out, src, dim, index, reduce):
        index = _at_least_1d(index)
        _scatter_values(_at_least_1d(out), _along(index, dim),
                        _at_least_1d(src)[_prefix(index.shape)], reduce)  # fmt: skip

    @staticmethod
    def backward(ctx, grad):
        gx = gs = None
        if ctx.needs_input_grad[0]:
            gx = ScatterValue.apply(grad, ctx.dim, ctx.index, 0, None)
        if ctx.needs_input_grad[1]:
            gs = _pad(Gather.apply(grad, ctx.dim, ctx.index), ctx.src_shape)
        return gx, gs, None, None, None


class ScatterValue(_WriteOp):
    node_name = "ScatterBackward1"

    @staticmethod
    def remember(ctx, x, dim, index, value, reduce):
        ctx.dim, ctx.index = dim, index

    @staticmethod
    def kernel(out, dim, index, value, reduce):
        index = _at_least_1d(index)
        _scatter_values(_at_least_1d(out), _along(index, dim), value, reduce)

    @staticmethod
    def backward(ctx, grad):
        return ScatterValue.apply(grad, ctx.dim, ctx.index, 0, None), None, None, None, None


class _NotImplemented:
    """PyTorch records no derivative for scatter with ``reduce=``."""

    node_name = "torch::autograd::NotImplemented"

    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError("derivative for aten::scatter is not implemented")


class ScatterReduceLegacy(_NotImplemented, Scatter):
    pass


class ScatterValueReduceLegacy(_NotImplemented, ScatterValue):
    pass


def _scatter_values(out, where, values, reduce):
    if reduce is None:
        out[where] = values
    elif reduce == "add":
        add_at(out, where, values)
    else:
        array_module(out).multiply.at(out, where, values)


def _check_index_dtype(index, name):
    if index.dtype not in (D.int64, D.int32):
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")


def _check_scatter(self, dim, index, src, name="scatter"):
    """PyTorch's checks for scatter/scatter_add/scatter_reduce (``src`` a tensor or None)."""
    dim = U.wrap_dim(dim, self.dim())
    _check_index_dtype(index, name)
    nd = builtins.max(self.dim(), 1)
    if builtins.max(index.dim(), 1) != nd:
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    has_src = U.is_tensor(src)
    if has_src:
        if builtins.max(src.dim(), 1) != nd:
            raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
        if src.dtype is not self.dtype:
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    ishape, sshape = _shape1(index), _shape1(self)
    srcshape = _shape1(src) if has_src else None
    for d in builtins.range(len(ishape)):
        too_big = d != dim and ishape[d] > sshape[d]
        if too_big or (has_src and ishape[d] > srcshape[d]):
            message = (
                f"Expected index {U.shape_list(index.shape)} to be no larger than self "
                f"{U.shape_list(self.shape)} apart from dimension {dim}"
            )
            if has_src:
                message += f" and to be no larger size than src {U.shape_list(src.shape)}"
            raise RuntimeError(message)
    U.check_bounds(index._data, sshape[dim], dim, RuntimeError, negative=False)
    return dim


def _shape1(t):
    return tuple(t.shape) if t.dim() else (1,)


def gather(input, dim, index, *, sparse_grad=False, out=None):
    """Values of ``input`` along ``dim`` at ``index``: ``out[i][j] = input[i][index[i][j]]``."""
    dim = U.wrap_dim(dim, input.dim())
    if index.dtype not in (D.int64, D.int32):
        raise RuntimeError("gather(): Expected dtype int32/int64 for index")
    if builtins.max(index.dim(), 1) != builtins.max(input.dim(), 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    ishape, sshape = _shape1(index), _shape1(input)
    for d in builtins.range(len(ishape)):
        if d != dim and ishape[d] > sshape[d]:
            raise RuntimeError(
                f"Size does not match at dimension {d} expected index "
                f"{U.shape_list(index.shape)} to be no larger than self "
                f"{U.shape_list(input.shape)} apart from dimension {dim}"
            )
    U.check_bounds(index._data, sshape[dim], dim, RuntimeError, negative=False)
    return _finish(U.guard_index(Gather.apply(input, dim, index._data), index), out)


def _finish(result, out):
    return result if out is None else write_out(out, result)


def _scatter_args(self, dim, index, src, value, reduce):
    if src is None:
        src = value
    if reduce is not None and reduce not in ("add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    dim = _check_scatter(self, dim, index, src)
    if U.is_tensor(src):
        if reduce is not None:
            warnings.warn(
                "The reduce argument of torch.scatter with Tensor src is deprecated and will be "
                "removed in a future PyTorch release. Use torch.scatter_reduce instead for more "
                "reduction options.",
                UserWarning,
                stacklevel=3,
            )
        op = Scatter if reduce is None else ScatterReduceLegacy
        return op, (src, dim, index._data, reduce)
    op = ScatterValue if reduce is None else ScatterValueReduceLegacy
    return op, (dim, index._data, U.scalar_for(src, self.dtype), reduce)


def scatter(input, dim, index, src=None, *, value=None, reduce=None, out=None):
    """Writes ``src`` (a tensor or a number) into ``input`` along ``dim`` at ``index``."""
    op, args = _scatter_args(input, dim, index, src, value, reduce)
    return _finish(op.apply(input, *args), out)


def scatter_(self, dim, index, src=None, *, value=None, reduce=None):
    op, args = _scatter_args(self, dim, index, src, value, reduce)
    return U.run_inplace(self, op, *args)


def scatter_add(input, dim, index, src, *, out=None):
    """Adds ``src`` into ``input`` along ``dim`` at ``index`` (repeated indices accumulate)."""
    dim = _check_scatter(input, dim, index, src)
    return _finish(ScatterAdd.apply(input, src, dim, index._data), out)


def scatter_add_(self, dim, index, src):
    dim = _check_scatter(self, dim, index, src)
    return U.run_inplace(self, ScatterAdd, src, dim, index._data)


# -- scatter_reduce ---------------------------------------------------------------------------

_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


class ScatterReduce(_WriteOp):
    node_name = "ScatterReduceBackward0"
    num_operands = 2

    @classmethod
    def forward(cls, ctx, x, src, dim, index, reduce, include_self):
        out = x.copy()
        cls.kernel(out, src, dim, index, reduce, include_self)
        ctx.dim, ctx.index, ctx.reduce, ctx.include_self = dim, index, reduce, include_self
        ctx.src_shape = src.shape
        if reduce in ("prod", "amax", "amin"):
            ctx.save_for_backward(x, src, out)
        return out

    @staticmethod
    def kernel(out, src, dim, index, reduce, include_self):
        xp = array_module(out)
        index = _at_least_1d(index)
        out1, where = _at_least_1d(out), _along(index, dim)
        src = _at_least_1d(src)[_prefix(index.shape)]
        if not include_self:  # scattered places start from the reduction's identity
            out1[where] = _identity(reduce, out.dtype)
        if reduce in ("sum", "mean"):
            add_at(out1, where, src)
        else:
            ufunc = {"prod": xp.multiply, "amax": xp.maximum, "amin": xp.minimum}[reduce]
            ufunc.at(out1, where, src)
        if reduce == "mean":
            count = xp.full(out1.shape, 1 if include_self else 0, dtype=xp.int64)
            add_at(count, where, 1)
            count = xp.maximum(count, 1)
            if out.dtype.kind in "fc":
                out1 /= count
            else:
                out1 //= count  # integer means round down, as in torch

    @staticmethod
    def backward(ctx, grad):
        x = src = result = None
        if ctx.reduce in ("prod", "amax", "amin"):
            x, src, result = ctx.saved_tensors
        gx, gs = _scatter_reduce_grads(ctx, grad, x, src, result)
        if not ctx.include_self:
            gx = ScatterValue.apply(gx, ctx.dim, ctx.index, 0, None)
        return gx, gs, None, None, None, None


def _identity(reduce, dtype):
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if dtype.kind == "f":
        return -np.inf if reduce == "amax" else np.inf
    if dtype.kind == "b":
        return reduce == "amin"
    info = np.iinfo(dtype)
    return info.min if reduce == "amax" else info.max


def _scatter_reduce_grads(ctx, grad, x, src, result):
    """PyTorch's scatter_reduce_backward (autograd/FunctionsManual.cpp), in tensor ops."""
    dim, index_a, reduce, include_self = ctx.dim, ctx.index, ctx.reduce, ctx.include_self
    index = U.make(index_a)
    if src is not None and tuple(src.shape) != tuple(index.shape):
        src = src[_prefix(index.shape)]  # only the part the index reaches takes part
    if reduce == "sum":
        return grad, _pad(Gather.apply(grad, dim, index_a), ctx.src_shape)
    if reduce == "mean":  # each place's gradient is shared by the values averaged there
        xp = array_module(index_a)
        count = xp.full(grad.shape, 1 if include_self else 0, dtype=grad._data.dtype)
        ScatterAdd.kernel(count, xp.ones(index_a.shape, dtype=count.dtype), dim, index_a)
        n = U.make(xp.maximum(count, 1))
        gs = Gather.apply(grad / n, dim, index_a)
        return grad / n, _pad(gs, ctx.src_shape)
    if reduce == "prod":  # products without the factor, computed so that zeros are handled
        masked_x = x.masked_fill(x == 0, 1)
        gx = grad * scatter_reduce(masked_x, dim, index, src, reduce, include_self=include_self)
        gx = gx / masked_x
        src_zero = src == 0
        zeros_count = scatter_add(U.zeros_like(x), dim, index, src_zero.to(x.dtype))
        single_zero = src_zero & (Gather.apply(zeros_count, dim, index_a) == 1)
        without = scatter_reduce(x, dim, index, src.masked_fill(single_zero, 1), reduce,
                                 include_self=include_self)  # fmt: skip
        gs = _ix().where(
            single_zero,
            Gather.apply(grad * without, dim, index_a),
            Gather.apply(grad * result, dim, index_a) / src.masked_fill(src_zero, 1),
        )
        return gx, _pad(gs, ctx.src_shape)
    # amax / amin: the gradient is shared evenly among the values equal to the result
    value = Gather.apply(result, dim, index_a)
    x_is_result = (x == result).to(x.dtype)
    src_is_result = (src == value).to(x.dtype)
    shared = grad / scatter_add(x_is_result, dim, index, src_is_result)
    gs = src_is_result * Gather.apply(shared, dim, index_a)
    return x_is_result * shared, _pad(gs, ctx.src_shape)


def _scatter_reduce_args(self, dim, index, src, reduce):
    if reduce not in _REDUCTIONS:
        raise RuntimeError(
            f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}"
        )
    return _check_scatter(self, dim, index, src)


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True, out=None):
    """Reduces ``src`` into ``input`` along ``dim`` at ``index`` ('sum', 'prod', 'mean', 'amax',
    'amin'); ``include_self=False`` leaves ``input``'s values out of the reduction."""
    dim = _scatter_reduce_args(input, dim, index, src, reduce)
    result = ScatterReduce.apply(input, src, dim, index._data, reduce, include_self)
    return _finish(result, out)


def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
    dim = _scatter_reduce_args(self, dim, index, src, reduce)
    return U.run_inplace(self, ScatterReduce, src, dim, index._data, reduce, include_self)


# -- index_select / index_add / index_copy / index_fill ----------------------------------------


def _along_dim(dim, index):
    return (slice(None),) * dim + (index.reshape(-1),)


class IndexSelect(Op):
    node_name = "IndexSelectBackward0"

    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.shape, ctx.dim, ctx.index = x.shape, dim, index
        if x.ndim == 0:
            return x.reshape(1)[index.reshape(-1)].reshape(())
        return ctx.xp.take(x, index.reshape(-1), axis=dim)

    @staticmethod
    def backward(ctx, grad):
        U.check_index_guards(ctx)
        zeros = U.zeros(ctx.shape, grad)
        return IndexAdd.apply(zeros, grad, ctx.dim, ctx.index, 1), None, None


class IndexAdd(_WriteOp):
    node_name = "IndexAddBackward0"
    num_operands = 2

    @staticmethod
    def remember(ctx, x, source, dim, index, alpha):
        ctx.dim, ctx.index, ctx.alpha = dim, index, alpha

    @staticmethod
    def kernel(out, source, dim, index, alpha):
        values = _at_least_1d(source)
        if alpha != 1:
            values = values * alpha
        add_at(_at_least_1d(out), _along_dim(dim, index), values)

    @staticmethod
    def backward(ctx, grad):
        gs = None
        if ctx.needs_input_grad[1]:
            gs = IndexSelect.apply(grad, ctx.dim, ctx.index)
            if ctx.alpha != 1:
                gs = gs * ctx.alpha
        return grad, gs, None, None, None


class IndexCopy(_WriteOp):
    node_name = "IndexCopyBackward0"
    num_operands = 2

    @staticmethod
    def remember(ctx, x, source, dim, index):
        ctx.dim, ctx.index = dim, index

    @staticmethod
    def kernel(out, source, dim, index):
        _at_least_1d(out)[_along_dim(dim, index)] = _at_least_1d(source)

    @staticmethod
    def backward(ctx, grad):
        gx = IndexFill.apply(grad, ctx.dim, ctx.index, 0) if ctx.needs_input_grad[0] else None
        gs = IndexSelect.apply(grad, ctx.dim, ctx.index) if ctx.needs_input_grad[1] else None
        return gx, gs, None, None


class IndexFill(_WriteOp):
    node_name = "IndexFillBackward0"

    @staticmethod
    def remember(ctx, x, dim, index, value):
        ctx.dim, ctx.index = dim, index

    @staticmethod
    def kernel(out, dim, index, value):
        _at_least_1d(out)[_along_dim(dim, index)] = value

    @staticmethod
    def backward(ctx, grad):
        return IndexFill.apply(grad, ctx.dim, ctx.index, 0), None, None, None


class IndexFillTensor(_WriteOp):
    node_name = "IndexFillBackward1"
    num_operands = 2

    @staticmethod
    def remember(ctx, x, value, dim, index):
        ctx.dim, ctx.index = dim, index

    @staticmethod
    def kernel(out, value, dim, index):
        _at_least_1d(out)[_along_dim(dim, index)] = U.cast_array(value, out.dtype)

    @staticmethod
    def backward(ctx, grad):
        gx = gv = None
        if ctx.needs_input_grad[0]:
            gx = IndexFill.apply(grad, ctx.dim, ctx.index, 0)
        if ctx.needs_input_grad[1]:  # each filled place once, however often it is listed
            size = grad.shape[ctx.dim] if grad.dim() else 1
            unique = array_module(ctx.index).unique(ctx.index % size)
            gv = IndexSelect.apply(grad, ctx.dim, unique).sum()
        return gx, gv, None, None


def _vector_index(index, name):
    if index.dim() > 1:
        raise IndexError(
            f"{name}(): Index is supposed to be a vector, but got dim: {index.dim()} with type: "
            f"{U.type_name(index.dtype)} and size: {U.shape_list(index.shape)}"
        )


def index_select(input, dim, index, *, out=None):
    """The slices of ``input`` along ``dim`` at the positions in the vector ``index``."""
    dim = U.wrap_dim(dim, input.dim())
    if index.dtype not in (D.int64, D.int32):
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if index.dim() > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    size = _shape1(input)[dim]
    a = index._data
    if a.size and (builtins.int(a.min()) < 0 or builtins.int(a.max()) >= size):
        if dim == 0:
            raise IndexError("index out of range in self")
        bad = builtins.int(a[(a < 0) | (a >= size)].reshape(-1)[0])
        raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad} axis_dim={size}")
    return _finish(U.guard_index(IndexSelect.apply(input, dim, a), index), out)


def _index_add_args(self, dim, index, source, alpha):
    dim = U.wrap_dim(dim, self.dim())
    if index.dtype not in (D.int64, D.int32):
        raise RuntimeError(
            "index_add_(): Expected dtype int32/int64 for index but got: "
            f"{U.type_name(index.dtype)}"
        )
    _vector_index(index, "index_add_")
    if source.dim() and dim >= source.dim():
        raise RuntimeError(
            f"index_add_(): Indexing dim {dim} is out of bounds of the source tensor with dim "
            f"{source.dim()}"
        )
    n = index.numel()
    source_size = _shape1(source)[dim] if source.dim() else 1
    if n != source_size:
        raise RuntimeError(
            f"index_add_(): Number of indices ({n}) should be equal to source.size(dim): "
            f"({source_size}), for dim: {dim}"
        )
    sshape, oshape = list(self.shape), list(source.shape)
    if len(sshape) == len(oshape) and sshape:
        sshape[dim] = oshape[dim] = 0
    elif self.dim() == 0 and source.dim() == 1:
        sshape = oshape
    if sshape != oshape:
        raise RuntimeError(
            "source tensor shape must match self tensor shape, excluding the specified dimension. "
            f"Got self.shape = {U.shape_list(self.shape)} source.shape = "
            f"{U.shape_list(source.shape)}"
        )
    if source.dtype is not self.dtype:
        raise RuntimeError(
            f"index_add_(): self ({U.type_name(self.dtype)}) and source "
            f"({U.type_name(source.dtype)}) must have the same scalar type"
        )
    U.check_bounds(index._data, _shape1(self)[dim], dim, RuntimeError, negative=False)
    alpha = alpha if alpha == 1 else U.scalar_for(alpha, self.dtype)
    return source, dim, index._data, alpha


def index_add(input, dim, index, source, *, alpha=1, out=None):
    """Adds ``alpha * source`` into the slices of ``input`` along ``dim`` listed in ``index``."""
    return _finish(IndexAdd.apply(input, *_index_add_args(input, dim, index, source, alpha)), out)


def index_add_(self, dim, index, source, *, alpha=1):
    return U.run_inplace(self, IndexAdd, *_index_add_args(self, dim, index, source, alpha))


def _index_copy_args(self, dim, index, source):
    dim = U.wrap_dim(dim, self.dim())
    if index.dim() > 1:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {index.dim()})")
    if index.dtype is not D.int64:
        raise RuntimeError(
            f"index_copy_(): Expected a long tensor for index, but got {U.type_name(index.dtype)}"
        )
    if source.dim() and self.dim() and source.dim() != self.dim():
        raise IndexError(
            "index_copy_(): When source and destination are not scalars, their dimensionality "
            f"must match. Source dimensionality ({source.dim()}), destination dimensionality "
            f"({self.dim()})"
        )
    if source.dim():
        dest_slice = [n for d, n in enumerate(self.shape) if d != dim]
        src_slice = [n for d, n in enumerate(source.shape) if d != dim]
        if dest_slice != src_slice:
            raise RuntimeError(
                "index_copy_(): Source/destination tensor must have same slice shapes. "
                f"Destination slice shape: {' '.join(map(str, dest_slice))} at dimension {dim} "
                f"and source slice shape: {' '.join(map(str, src_slice))} at dimension 0."
            )
    source_size = _shape1(source)[dim] if source.dim() else 1
    if index.numel() != source_size:
        raise IndexError(
            f"index_copy_(): Number of indices ({index.numel()}) should be equal to "
            f"source.size(dim) ({source_size})"
        )
    if source.dtype is not self.dtype:
        raise RuntimeError(
            "index_copy_(): self and source expected to have the same dtype, but got (self) "
            f"{U.type_name(self.dtype)} and (source) {U.type_name(source.dtype)}"
        )
    size = _shape1(self)[dim]
    a = index._data
    if a.size and (builtins.int(a.min()) < 0 or builtins.int(a.max()) >= size):
        bad = builtins.int(a[(a < 0) | (a >= size)].reshape(-1)[0])
        raise IndexError(
            f"index_copy_(): index {bad} is out of bounds for dimension {dim} with size {size}"
        )
    return source, dim, a


def index_copy(input, dim, index, source, *, out=None):
    """Copies the slices of ``source`` into ``input`` along ``dim`` at the positions ``index``."""
    return _finish(IndexCopy.apply(input, *_index_copy_args(input, dim, index, source)), out)


def index_copy_(self, dim, index, source):
    return U.run_inplace(self, IndexCopy, *_index_copy_args(self, dim, index, source))


def _index_fill_args(self, dim, index, value):
    dim = U.wrap_dim(dim, self.dim())
    if index.dim() > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    if index.dtype is not D.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    U.check_value_tensor(value, "index_fill_")
    U.check_bounds(index._data, _shape1(self)[dim], dim)
    if U.is_tensor(value):
        return IndexFillTensor, (value, dim, index._data)
    return IndexFill, (dim, index._data, U.scalar_for(value, self.dtype))


def index_fill(input, dim, index, value):
    """``input`` with the slices along ``dim`` at ``index`` set to ``value``."""
    op, args = _index_fill_args(input, dim, index, value)
    return op.apply(input, *args)


def index_fill_(self, dim, index, value):
    op, args = _index_fill_args(self, dim, index, value)
    return U.run_inplace(self, op, *args)


# -- take_along_dim ---------------------------------------------------------------------------


class TakeAlongDim(Op):
    node_name = "GatherBackward0"

    @staticmethod
    def forward(ctx, x, index, dim, x_shape):
        ctx.dim, ctx.index, ctx.shape = dim, index, x_shape
        xb = ctx.xp.broadcast_to(x, x_shape)
        return xb[_along(index, dim)]

    @staticmethod
    def backward(ctx, grad):
        zeros = U.zeros(ctx.shape, grad)  # the engine sums the broadcast back to the input
        return ScatterAdd.apply(zeros, grad, ctx.dim, ctx.index), None, None, None


def take_along_dim(input, indices, dim=None, *, out=None):
    """Values of ``input`` at ``indices`` along ``dim`` (broadcasting the other dims); with no
    ``dim``, ``indices`` address the flattened ``input``."""
    if dim is None:
        if indices.dtype is not D.int64:
            raise RuntimeError(
                "torch.take_along_dim(): dtype of indices should be Long but got "
                f"{U.type_name(indices.dtype)}"
            )
        flat = indices._data.reshape(-1)
        U.check_bounds(flat, input.numel(), 0, RuntimeError, negative=False)
        return _finish(_ix().TakeFlat.apply(input, flat), out)
    dim = U.wrap_dim(dim, input.dim())
    if input.dim() != indices.dim():
        raise RuntimeError(
            "torch.take_along_dim(): input and indices should have the same number of "
            f"dimensions, but got {input.dim()} dimensions for input, and {indices.dim()} "
            "dimensions for indices"
        )
    if indices.dtype is not D.int64:
        raise RuntimeError(
            "torch.take_along_dim(): dtype of indices should be Long but got "
            f"{U.type_name(indices.dtype)}"
        )
    x_sizes, i_sizes = list(input.shape), list(indices.shape)
    x_sizes[dim] = indices.shape[dim]
    index_shape = U.broadcast_shapes(x_sizes, indices.shape)
    i_sizes[dim] = input.shape[dim]
    x_shape = U.broadcast_shapes(i_sizes, input.shape)
    index = array_module(indices._data).broadcast_to(indices._data, index_shape)
    U.check_bounds(index, input.shape[dim], dim, RuntimeError, negative=False)
    return _finish(TakeAlongDim.apply(input, index, dim, x_shape), out)


TENSOR_METHODS = {
    "gather": gather, "scatter": scatter, "scatter_": scatter_, "scatter_add": scatter_add,
    "scatter_add_": scatter_add_, "scatter_reduce": scatter_reduce,
    "scatter_reduce_": scatter_reduce_, "index_select": index_select, "index_add": index_add,
    "index_add_": index_add_, "index_copy": index_copy, "index_copy_": index_copy_,
    "index_fill": index_fill, "index_fill_": index_fill_, "take_along_dim": take_along_dim,
}  # fmt: skip
