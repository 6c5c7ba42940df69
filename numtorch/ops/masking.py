"""Ops driven by a bool mask: ``masked_fill``, ``masked_scatter``, ``masked_select``, ``where`` and
``nonzero``/``argwhere``.

Masks broadcast against the input; out-of-place results take the broadcast shape (the engine sums
gradients back to the input's shape), in-place ops keep ``self``'s shape.
"""

from __future__ import annotations

import builtins
import warnings

import numpy as np

from .. import _dtype as D
from .._backend import array_module
from ..autograd.node import Op
from . import _index_utils as U
from .inplace import write_out

__all__ = ["masked_fill", "masked_scatter", "masked_select", "where", "nonzero", "argwhere"]


def _finish(result, out):
    return result if out is None else write_out(out, result)


# -- masked_fill ------------------------------------------------------------------------------


class MaskedFill(Op):
    node_name = "MaskedFillBackward0"

    @staticmethod
    def forward(ctx, x, mask, value):
        ctx.mask = mask
        shape = np.broadcast_shapes(x.shape, mask.shape)
        out = ctx.xp.broadcast_to(x, shape).copy()
        MaskedFill.kernel(out, mask, value)
        return out

    @staticmethod
    def kernel(out, mask, value):
        array_module(out).copyto(out, value, where=mask, casting="unsafe")

    @staticmethod
    def backward(ctx, grad):
        return MaskedFill.apply(grad, ctx.mask, 0), None, None


class MaskedFillTensor(Op):
    node_name = "MaskedFillBackward1"
    num_operands = 2

    @staticmethod
    def forward(ctx, x, value, mask):
        ctx.mask = mask
        return MaskedFill.forward(ctx, x, mask, U.cast_array(value, x.dtype))

    @staticmethod
    def kernel(out, value, mask):
        MaskedFill.kernel(out, mask, U.cast_array(value, out.dtype))

    @staticmethod
    def backward(ctx, grad):
        gx = gv = None
        if ctx.needs_input_grad[0]:
            gx = MaskedFill.apply(grad, ctx.mask, 0)
        if ctx.needs_input_grad[1]:
            gv = MaskedFill.apply(grad, ctx.xp.logical_not(ctx.mask), 0).sum()
        return gx, gv, None


def _check_mask(mask, name, capitalised=False):
    if mask.dtype is not D.bool:
        dtype = U.type_name(mask.dtype) if capitalised else U.CPP_NAMES[mask.dtype.name]
        raise RuntimeError(f"{name} only supports boolean masks, but got mask with dtype {dtype}")


def _masked_fill_args(input, mask, value):
    _check_mask(mask, "masked_fill_")
    U.check_value_tensor(value, "masked_fill_")
    if U.is_tensor(value):
        return MaskedFillTensor, (value, mask._data)
    return MaskedFill, (mask._data, U.scalar_for(value, input.dtype))


def masked_fill(input, mask, value):
    """``input`` with ``value`` (a number or 0-dim tensor) where ``mask`` is True."""
    op, args = _masked_fill_args(input, mask, value)
    U.broadcast_shapes(mask.shape, input.shape)
    return op.apply(input, *args)


def masked_fill_(self, mask, value):
    op, args = _masked_fill_args(self, mask, value)
    _check_inplace_broadcast(self.shape, mask.shape)
    return U.run_inplace(self, op, *args)


def _check_inplace_broadcast(shape, other):
    result = U.broadcast_shapes(shape, other)
    if tuple(result) != tuple(shape):
        raise RuntimeError(
            f"output with shape {U.shape_list(shape)} doesn't match the broadcast shape "
            f"{U.shape_list(result)}"
        )


# -- masked_scatter and masked_select ---------------------------------------------------------


class MaskedScatter(Op):
    node_name = "MaskedScatterBackward0"
    num_operands = 2

    @staticmethod
    def forward(ctx, x, source, mask):
        ctx.mask, ctx.source_shape = mask, source.shape
        shape = np.broadcast_shapes(x.shape, mask.shape)
        out = ctx.xp.broadcast_to(x, shape).copy()
        MaskedScatter.kernel(out, source, mask)
        return out

    @staticmethod
    def kernel(out, source, mask):
        mask = array_module(out).broadcast_to(mask, out.shape)
        n = builtins.int(mask.sum())
        out[mask] = source.reshape(-1)[:n]

    @staticmethod
    def backward(ctx, grad):
        gx = gs = None
        if ctx.needs_input_grad[0]:
            gx = MaskedFill.apply(grad, ctx.mask, 0)
        if ctx.needs_input_grad[1]:
            # the selected gradients go to source's first elements, in order; the rest get zero
            selected = MaskedSelect.apply(grad, ctx.mask)
            xp = ctx.xp
            size = builtins.int(xp.prod(xp.asarray(ctx.source_shape)))
            first = (xp.arange(size) < selected.numel()).reshape(ctx.source_shape)
            gs = MaskedScatter.apply(U.zeros(ctx.source_shape, grad), selected, first)
        return gx, gs, None


class MaskedSelect(Op):
    node_name = "MaskedSelectBackward0"

    @staticmethod
    def forward(ctx, x, mask):
        xp = ctx.xp
        shape = np.broadcast_shapes(x.shape, mask.shape)
        ctx.shape, ctx.mask = shape, xp.broadcast_to(mask, shape)
        return xp.broadcast_to(x, shape)[ctx.mask]

    @staticmethod
    def backward(ctx, grad):
        zeros = U.zeros(ctx.shape, grad)  # the engine sums a broadcast input's share back
        return MaskedScatter.apply(zeros, grad, ctx.mask), None


def _check_masked_scatter(self, mask, source):
    if mask.dtype is D.uint8:
        warnings.warn(
            "masked_scatter_ received a mask with dtype torch.uint8, this behavior is now "
            "deprecated,please use a mask with dtype torch.bool instead.",
            UserWarning,
            stacklevel=3,
        )
    _check_mask(mask, "masked_scatter_", capitalised=True)
    if source.dtype is not self.dtype:
        raise RuntimeError(
            "masked_scatter: expected self and source to have same dtypes but got"
            f"{U.type_name(self.dtype)} and {U.type_name(source.dtype)}"
        )


def _check_source_size(mask_array, shape, source):
    xp = array_module(mask_array)
    if builtins.int(xp.broadcast_to(mask_array, shape).sum()) > source.numel():
        raise RuntimeError("Number of elements of source < number of ones in mask")


def masked_scatter(input, mask, source):
    """``input`` with the elements where ``mask`` is True replaced, in order, by ``source``'s."""
    _check_masked_scatter(input, mask, source)
    shape = U.broadcast_shapes(mask.shape, input.shape)
    _check_source_size(mask._data, shape, source)
    return MaskedScatter.apply(input, source, mask._data)


def masked_scatter_(self, mask, source):
    _check_masked_scatter(self, mask, source)
    from .indexing import _check_expand

    _check_expand(mask, self.shape)
    _check_source_size(mask._data, self.shape, source)
    return U.run_inplace(self, MaskedScatter, source, mask._data)


def masked_select(input, mask, *, out=None):
    """The elements of ``input`` where ``mask`` is True, as a 1-D tensor."""
    if mask.dtype is not D.bool:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    U.broadcast_shapes(mask.shape, input.shape)
    return _finish(MaskedSelect.apply(input, mask._data), out)


# -- where, nonzero ---------------------------------------------------------------------------


class Where(Op):
    node_name = "WhereBackward0"
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, condition, dtype):
        ctx.condition = condition
        xp = ctx.xp
        out = xp.where(condition, _operand(a, dtype), _operand(b, dtype))
        return out if out.dtype == dtype.np else out.astype(dtype.np)

    @staticmethod
    def backward(ctx, grad):
        c, dtype = ctx.condition, grad.dtype
        ga = Where.apply(grad, 0, c, dtype) if ctx.needs_input_grad[0] else None
        gb = Where.apply(0, grad, c, dtype) if ctx.needs_input_grad[1] else None
        return ga, gb, None, None


def _operand(x, dtype):
    """An array operand in ``dtype``; a Python number with PyTorch's overflow check."""
    if hasattr(x, "dtype"):
        return U.cast_array(x, dtype.np)
    return U.scalar_for(x, dtype)


def where(condition, input=None, other=None, *, out=None):
    """``input`` where ``condition`` is True, ``other`` elsewhere (numbers allowed, promoted as
    PyTorch does); ``where(condition)`` is ``nonzero(condition, as_tuple=True)``."""
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    if condition.dtype not in (D.bool, D.uint8):
        raise RuntimeError(
            "where expected condition to be a boolean tensor, but got a tensor with dtype "
            f"{U.type_name(condition.dtype)}"
        )
    dtype = D.result_type(input, other)
    shapes = [condition.shape] + [t.shape for t in (input, other) if U.is_tensor(t)]
    U.broadcast_shapes(*shapes)
    cond = condition._data if condition.dtype is D.bool else condition._data.astype(bool)
    return _finish(Where.apply(input, other, cond, dtype), out)


def _tensor_where(self, condition, other):
    return where(condition, self, other)


def nonzero(input, *, out=None, as_tuple=False):
    """The indices of the non-zero elements: an (n, ndim) int64 tensor, or a tuple of 1-D
    tensors (one per dim) with ``as_tuple=True``."""
    xp = array_module(input._data)
    if as_tuple:
        data = input._data if input.dim() else input._data.reshape(1)
        return tuple(U.make(a.astype(xp.int64)) for a in xp.nonzero(data))
    result = U.make(xp.argwhere(input._data).astype(xp.int64))
    return _finish(result, out)


def argwhere(input):
    """``nonzero(input)``: the (n, ndim) indices of the non-zero elements."""
    return nonzero(input)


TENSOR_METHODS = {
    "masked_fill": masked_fill, "masked_fill_": masked_fill_, "masked_scatter": masked_scatter,
    "masked_scatter_": masked_scatter_, "masked_select": masked_select, "where": _tensor_where,
    "nonzero": nonzero, "argwhere": argwhere,
}  # fmt: skip
