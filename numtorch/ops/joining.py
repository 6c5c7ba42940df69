"""Taking tensors apart and putting them together: narrow, select, split, chunk (views); cat,
stack, repeat, flip, roll, rot90, tril/triu, diag (copies).

The copies are row-major, as PyTorch's, except ``flip`` (which keeps the input's memory layout, as
PyTorch's TensorIterator does) and ``rot90`` (a flip seen transposed, as in ATen).
"""

from __future__ import annotations

import functools
import operator

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor, _wrap_dim
from ..autograd.node import Op
from .inplace import _scalar_type_name, inplace, write_out
from .shape import (
    DiagonalEmbed,
    Restride,
    _apply_geometry,
    _diagonal_dims,
    _diagonal_geometry,
    _dim_list,
    _int_list,
    _named,
    _restride,
    _strides,
    flatten,
    reshape,
    unsqueeze,
)  # fmt: skip

__all__ = [
    "narrow", "narrow_copy", "select", "unbind", "split", "split_with_sizes", "chunk",
    "tensor_split", "hsplit", "vsplit", "dsplit", "cat", "concat", "concatenate", "stack",
    "hstack", "vstack", "row_stack", "dstack", "column_stack", "atleast_1d", "atleast_2d",
    "atleast_3d", "flip", "fliplr", "flipud", "roll", "rot90", "tile", "tril", "triu", "diag",
    "diag_embed", "diagflat",
]  # fmt: skip


def _cast(array, dtype):
    return array if array.dtype == dtype.np else array.astype(dtype.np)


def _finish(result, out):
    return result if out is None else write_out(out, result)


# --- taking apart: slicing views ------------------------------------------------------------


def _take(x, index):
    """``x[index]`` for slices and ints, an empty result keeping its storage offset as PyTorch's."""
    out = x[index]
    if out.size == 0 and x.size:  # NumPy moves an empty slice to the start of the buffer
        starts = [i.indices(n)[0] if isinstance(i, slice) else i for i, n in zip(index, x.shape)]
        offset = sum(i * s for i, s in zip(starts, _strides(x)))
        out = _restride(x, out.shape, _strides(out), offset)
    return out


class Index(Op):
    """A view by basic indexing (slices and ints), whose strides NumPy gets right."""

    is_view = True
    node_name = "SliceBackward0"

    @staticmethod
    def forward(ctx, x, index):
        ctx.index, ctx.input_shape = index, x.shape
        return _take(x, index)

    @staticmethod
    def backward(ctx, grad):
        return IndexBackward.apply(grad, ctx.index, ctx.input_shape), None


class IndexBackward(Op):
    """Zeros of the input's shape with the gradient at the indexed place (Index's adjoint)."""

    @staticmethod
    def forward(ctx, grad, index, shape):
        ctx.index = index
        out = ctx.xp.zeros(shape, dtype=grad.dtype)
        out[index] = grad
        return out

    @staticmethod
    def backward(ctx, grad):
        return Index.apply(grad, ctx.index), None, None


Slice = _named(Index, "SliceBackward0")
Select = _named(Index, "SelectBackward0")


def _slice(input, dim, start, stop):
    return Slice.apply(input, (slice(None),) * dim + (slice(start, stop),))


def narrow(input, dim, start, length):
    """The ``length`` elements of dim ``dim`` from ``start`` (a view)."""
    return Slice.apply(input, _narrow_index(input, dim, start, length))


def _narrow_index(input, dim, start, length):
    if input.dim() == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    dim = _wrap_dim(dim, input.dim())
    size = input.shape[dim]
    start = operator.index(start)
    if not -size <= start <= size:
        raise IndexError(
            f"start out of range (expected to be in range of [{-size}, {size}], but got {start})"
        )
    if start < 0:
        start += size
    if start > size - length:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return (slice(None),) * dim + (slice(start, start + length),)


class NarrowCopy(Index):
    is_view = False
    node_name = "NarrowCopyBackward0"

    @staticmethod
    def forward(ctx, x, index):
        return Index.forward(ctx, x, index).copy()


def narrow_copy(input, dim, start, length):
    """Like ``narrow``, but a copy."""
    return NarrowCopy.apply(input, _narrow_index(input, dim, start, length))


def select(input, dim, index):
    """The slice at ``index`` of dim ``dim``, which goes away (a view)."""
    if input.dim() == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim = _wrap_dim(dim, input.dim())
    size = input.shape[dim]
    index = operator.index(index)
    if not -size <= index < size:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size {list(input.shape)} at "
            f"dimension {dim}"
        )
    return Select.apply(input, (slice(None),) * dim + (index % size,))


class Unbind(Op):
    is_view = True

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        lead = (slice(None),) * dim
        return tuple(_take(x, lead + (i,)) for i in range(x.shape[dim]))

    @staticmethod
    def backward(ctx, *grads):
        return stack(grads, ctx.dim), None


def unbind(input, dim=0):
    """The slices along ``dim``, as a tuple of views."""
    if input.dim() == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    return Unbind.apply(input, _wrap_dim(dim, input.dim()))


class Split(Op):
    """Consecutive pieces along ``dim`` (views); the gradient is the pieces' concatenation."""

    is_view = True

    @staticmethod
    def forward(ctx, x, sizes, dim):
        ctx.dim = dim
        lead = (slice(None),) * dim
        starts = np.cumsum((0,) + tuple(sizes)).tolist()
        return tuple(_take(x, lead + (slice(a, b),)) for a, b in zip(starts, starts[1:]))

    @staticmethod
    def backward(ctx, *grads):
        return cat(grads, ctx.dim), None, None


SplitWithSizes = _named(Split, "SplitWithSizesBackward0")


def _split_dim(input, dim):
    if input.dim() == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    return _wrap_dim(dim, input.dim())


def split(tensor, split_size_or_sections, dim=0):
    """Splits into pieces of ``split_size`` (the last may be smaller) or of the given sizes."""
    if isinstance(split_size_or_sections, (list, tuple)):
        return split_with_sizes(tensor, split_size_or_sections, dim)
    split_size = operator.index(split_size_or_sections)
    dim = _split_dim(tensor, dim)
    size = tensor.shape[dim]
    if split_size < 0:
        raise RuntimeError(
            f"split expects split_size be non-negative, but got split_size={split_size}"
        )
    if split_size == 0 and size != 0:
        raise RuntimeError(
            f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}"
        )
    count = max(-(-size // split_size), 1) if split_size else 1
    sizes = [split_size] * (count - 1) + [size - split_size * (count - 1)]
    return Split.apply(tensor, tuple(sizes), dim)


def split_with_sizes(input, split_sizes, dim=0):
    dim = _split_dim(input, dim)
    sizes = tuple(operator.index(s) for s in split_sizes)
    if sum(sizes) != input.shape[dim] or any(s < 0 for s in sizes):
        raise RuntimeError(
            f"split_with_sizes expects split_sizes to sum exactly to {input.shape[dim]} (input "
            f"tensor's size at dimension {dim}), but got split_sizes={list(sizes)}"
        )
    return SplitWithSizes.apply(input, sizes, dim)


def chunk(input, chunks, dim=0):
    """Splits into ``chunks`` pieces of ``ceil(size / chunks)`` (fewer if they run out)."""
    if input.dim() == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    dim = _wrap_dim(dim, input.dim())
    size = input.shape[dim]
    split_size = -(-size // chunks)
    if split_size == 0 and size == 0:  # PyTorch gives ``chunks`` empty pieces here
        return split_with_sizes(input, [0] * chunks, dim)
    return split(input, split_size, dim)


def tensor_split(input, indices_or_sections, dim=0):
    """Splits at ``indices``, or into ``sections`` pieces whose sizes differ by at most one."""
    if input.dim() == 0:
        raise RuntimeError(
            "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims"
        )
    dim = _wrap_dim(dim, input.dim())
    arg = indices_or_sections
    if isinstance(arg, Tensor):
        arg = _split_points(arg)
    if isinstance(arg, (list, tuple)):
        bounds = [None] + [operator.index(i) for i in arg] + [None]
    else:
        sections = operator.index(arg)
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        size = input.shape[dim]
        small, extra = divmod(size, sections)
        sizes = [small + 1] * extra + [small] * (sections - extra)
        bounds = np.cumsum([0] + sizes).tolist()
    return tuple(_slice(input, dim, a, b) for a, b in zip(bounds, bounds[1:]))


def _split_points(t):
    """A 0-D long tensor is a number of sections; a 1-D one, the indices to split at."""
    if t.dtype is not D.int64:
        raise RuntimeError(
            "tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
            f"{_scalar_type_name(t.dtype)}"
        )
    if t.dim() > 1:
        raise RuntimeError(
            "tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
            f"one-dimensional tensor, but got a tensor with {t.dim()} dims"
        )
    return t.item() if t.dim() == 0 else t.tolist()


def _split_along(name, input, arg, dim, min_dims):
    if input.dim() < min_dims:
        raise RuntimeError(
            f"torch.{name} requires a tensor with at least {min_dims} dimension, but got a "
            f"tensor with {input.dim()} dimensions!"
        )
    if not isinstance(arg, (list, tuple, Tensor)) and (arg == 0 or input.shape[dim] % arg):
        raise RuntimeError(
            f"torch.{name} attempted to split along dimension {dim}, but the size of the "
            f"dimension {input.shape[dim]} is not divisible by the split_size {arg}!"
        )
    return tensor_split(input, arg, dim)


def hsplit(input, indices_or_sections):
    """Splits along dim 1 (dim 0 for 1-D tensors)."""
    dim = 0 if input.dim() == 1 else 1
    return _split_along("hsplit", input, indices_or_sections, dim, 1)


def vsplit(input, indices_or_sections):
    return _split_along("vsplit", input, indices_or_sections, 0, 2)


def dsplit(input, indices_or_sections):
    return _split_along("dsplit", input, indices_or_sections, 2, 3)


# --- cat and stack ------------------------------------------------------------------------------


class Cat(Op):
    @staticmethod
    def forward(ctx, *arrays, dim, dtype, skipped):
        ctx.dim, ctx.skipped = dim, skipped
        ctx.sizes = [a.shape[dim] if not s else 0 for a, s in zip(arrays, skipped)]
        kept = [_cast(a, dtype) for a, s in zip(arrays, skipped) if not s]
        if not kept:
            return ctx.xp.zeros((0,), dtype=dtype.np)
        shape = list(kept[0].shape)
        shape[dim] = sum(ctx.sizes)
        out = ctx.xp.empty(shape, dtype=dtype.np)  # row-major whatever the inputs' layout
        return ctx.xp.concatenate(kept, axis=dim, out=out)

    @staticmethod
    def backward(ctx, grad):
        grads, start = [], 0
        for needed, skipped, size in zip(ctx.needs_input_grad, ctx.skipped, ctx.sizes):
            if skipped:  # a legacy empty 1-D input took no part
                grads.append(grad.new_zeros(0) if needed else None)
                continue
            grads.append(grad.narrow(ctx.dim, start, size) if needed else None)
            start += size
        return tuple(grads)


def _tensor_list(tensors, fn):
    if isinstance(tensors, Tensor):
        raise TypeError(
            f"{fn}(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"
        )
    tensors = list(tensors)
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(
                f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}"
            )
    return tensors


def _promoted(tensors):
    return functools.reduce(D.promote_types, (t.dtype for t in tensors))


def cat(tensors, dim=0, *, axis=None, out=None):
    """Concatenates ``tensors`` along an existing dim ``dim``; dtypes are promoted together.

    As in PyTorch, 1-D empty tensors (shape ``[0]``) are skipped whatever the others' shapes.
    """
    tensors = _tensor_list(tensors, "cat")
    if axis is not None:
        dim = axis
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if t.dim() == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    skipped = tuple(t.shape == (0,) for t in tensors)
    dtype = _promoted(tensors)
    kept = [(i, t) for i, t in enumerate(tensors) if not skipped[i]]
    if kept:
        ref = kept[0][1]
        dim = _wrap_dim(dim, ref.dim())
        for i, t in kept[1:]:
            if t.dim() != ref.dim():
                raise RuntimeError(
                    f"Tensors must have same number of dimensions: got {ref.dim()} and {t.dim()}"
                )
            for d in range(ref.dim()):
                if d != dim and t.shape[d] != ref.shape[d]:
                    raise RuntimeError(
                        f"Sizes of tensors must match except in dimension {dim}. Expected size "
                        f"{ref.shape[d]} but got size {t.shape[d]} for tensor number {i} in the "
                        "list."
                    )
    else:
        dim = 0
    return _finish(Cat.apply(*tensors, dim=dim, dtype=dtype, skipped=skipped), out)


concat = cat
concatenate = cat


class Stack(Op):
    @staticmethod
    def forward(ctx, *arrays, dim, dtype):
        ctx.dim = dim
        shape = list(arrays[0].shape)
        shape.insert(dim, len(arrays))
        out = ctx.xp.empty(shape, dtype=dtype.np)  # row-major whatever the inputs' layout
        return ctx.xp.stack([_cast(a, dtype) for a in arrays], axis=dim, out=out)

    @staticmethod
    def backward(ctx, grad):
        return tuple(
            grad.select(ctx.dim, i) if needed else None
            for i, needed in enumerate(ctx.needs_input_grad)
        )


def stack(tensors, dim=0, *, axis=None, out=None):
    """Joins equally shaped tensors along a new dim ``dim``."""
    tensors = _tensor_list(tensors, "stack")
    if axis is not None:
        dim = axis
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    first = tensors[0]
    dim = _wrap_dim(dim, first.dim() + 1)
    for i, t in enumerate(tensors[1:], 1):
        if t.shape != first.shape:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {list(first.shape)} at "
                f"entry 0 and {list(t.shape)} at entry {i}"
            )
    return _finish(Stack.apply(*tensors, dim=dim, dtype=_promoted(tensors)), out)


def _nonempty(tensors, fn):
    tensors = _tensor_list(tensors, fn)
    if not tensors:
        raise RuntimeError(f"{fn} expects a non-empty TensorList")
    return tensors


def hstack(tensors, *, out=None):
    """Concatenates along dim 1 (dim 0 for 1-D tensors)."""
    tensors = atleast_1d(_nonempty(tensors, "hstack"))
    return cat(tensors, 0 if tensors[0].dim() == 1 else 1, out=out)


def vstack(tensors, *, out=None):
    """Concatenates along dim 0, 1-D tensors taken as rows."""
    return cat(atleast_2d(_nonempty(tensors, "vstack")), 0, out=out)


row_stack = vstack


def dstack(tensors, *, out=None):
    """Concatenates along dim 2, after making every tensor at least 3-D."""
    return cat(atleast_3d(_nonempty(tensors, "dstack")), 2, out=out)


def column_stack(tensors, *, out=None):
    """Concatenates along dim 1, 0-D and 1-D tensors taken as columns."""
    tensors = _nonempty(tensors, "column_stack")
    columns = [reshape(t, t.numel(), 1) if t.dim() <= 1 else t for t in tensors]
    return cat(columns, 1, out=out)


def _atleast(tensors, fn):
    if len(tensors) == 1 and isinstance(tensors[0], Tensor):
        return fn(tensors[0])
    if len(tensors) == 1:
        tensors = tensors[0]
    return tuple(fn(t) for t in tensors)


def _1d(t):
    return reshape(t, 1) if t.dim() == 0 else t


def _2d(t):
    return reshape(t, 1, 1) if t.dim() == 0 else unsqueeze(t, 0) if t.dim() == 1 else t


def _3d(t):
    ndim = t.dim()
    if ndim == 0:
        return reshape(t, 1, 1, 1)
    if ndim == 1:
        return unsqueeze(unsqueeze(t, 0), -1)
    return unsqueeze(t, -1) if ndim == 2 else t


def atleast_1d(*tensors):
    """Each tensor with at least one dim (0-D become shape ``[1]``)."""
    return _atleast(tensors, _1d)


def atleast_2d(*tensors):
    """Each tensor with at least two dims (1-D ``[n]`` become ``[1, n]``)."""
    return _atleast(tensors, _2d)


def atleast_3d(*tensors):
    """Each tensor with at least 3 dims: ``[n]`` -> ``[1, n, 1]``, ``[m, n]`` -> ``[m, n, 1]``."""
    return _atleast(tensors, _3d)


# --- repeat and tile ---------------------------------------------------------------------------


class Repeat(Op):
    @staticmethod
    def forward(ctx, x, repeats):
        padded = (1,) * (len(repeats) - x.ndim) + x.shape
        ctx.input_shape, ctx.padded, ctx.repeats = x.shape, padded, repeats
        return ctx.xp.tile(x.reshape(padded), repeats)

    @staticmethod
    def backward(ctx, grad):
        # out dim i is (repeat r_i) x (size s_i): sum each tile onto the input
        interleaved = [n for pair in zip(ctx.repeats, ctx.padded) for n in pair]
        summed = grad.reshape(interleaved).sum(dim=tuple(range(0, len(interleaved), 2)))
        return summed.reshape(ctx.input_shape), None


def repeat(self, *sizes):
    """Tiles the tensor ``sizes[i]`` times along each dim (new leading dims as needed)."""
    sizes = _int_list(sizes, "repeat", "repeats")
    if len(sizes) < self.dim():
        raise RuntimeError(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions "
            "of tensor"
        )
    padded = (1,) * (len(sizes) - self.dim()) + tuple(self.shape)
    target = [r * s for r, s in zip(sizes, padded)]
    for s in target:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {target}")
    return Repeat.apply(self, sizes)


def tile(input, *dims):
    """``repeat`` with ``dims`` padded by leading ones when shorter than the tensor's dims."""
    dims = _int_list(dims, "tile", "dims")
    dims = (1,) * (input.dim() - len(dims)) + dims
    return repeat(input, dims)


# --- flips and rolls ---------------------------------------------------------------------------


class Flip(Op):
    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return ctx.xp.flip(x, dims).copy(order="K")

    @staticmethod
    def backward(ctx, grad):
        return flip(grad, ctx.dims), None


def flip(input, *args, dims=None):
    """Reverses the order of elements along ``dims`` (a copy, unlike NumPy's view)."""
    dims = _int_list(args if dims is None else (dims,), "flip", "dims")
    return Flip.apply(input, _dim_list(dims, input.dim()))


def fliplr(input):
    """Flips dim 1 (left/right)."""
    if input.dim() < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, 1)


def flipud(input):
    """Flips dim 0 (up/down)."""
    if input.dim() < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, 0)


class Roll(Op):
    @staticmethod
    def forward(ctx, x, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return ctx.xp.asarray(ctx.xp.roll(x, shifts, dims), order="C")

    @staticmethod
    def backward(ctx, grad):
        back = tuple(-s for s in ctx.shifts) if ctx.dims is not None else -ctx.shifts
        return roll(grad, back, ctx.dims), None, None


def roll(input, shifts, dims=None):
    """Shifts elements along ``dims``, wrapping around (over the flattened tensor if no dims)."""
    shifts = _int_list((shifts,), "roll", "shifts")
    dims = () if dims is None else _int_list((dims,), "roll", "dims")
    if not shifts:
        raise RuntimeError("`shifts` required")
    if not dims and len(shifts) == 1:
        return Roll.apply(input, shifts[0], None)
    if len(shifts) != len(dims):
        raise RuntimeError(
            f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}"
        )
    dims = tuple(_wrap_dim(d, input.dim()) for d in dims)
    return Roll.apply(input, shifts, dims)


class Rot90(Op):
    @staticmethod
    def forward(ctx, x, k, d0, d1):
        ctx.args = (k, d0, d1)
        xp = ctx.xp
        if k == 0:
            return xp.array(x, order="C", copy=True)
        if k == 2:
            return xp.flip(x, (d0, d1)).copy(order="K")
        flipped = xp.flip(x, d1 if k == 1 else d0).copy(order="K")
        return flipped.swapaxes(d0, d1)  # as ATen: a flip seen transposed

    @staticmethod
    def backward(ctx, grad):
        k, d0, d1 = ctx.args
        return rot90(grad, -k, (d0, d1)), None, None, None


def rot90(input, k=1, dims=(0, 1)):
    """Rotates by 90 degrees ``k`` times in the plane of ``dims``, turning the first toward the
    second.
    """
    dims = tuple(dims)
    ndim = input.dim()
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {ndim}")
    d0, d1 = _wrap_dim(dims[0], ndim), _wrap_dim(dims[1], ndim)
    if d0 == d1:
        raise RuntimeError(
            f"expected rotation dims to be different, but got dim0 = {dims[0]} and dim1 = {dims[1]}"
        )
    return Rot90.apply(input, k % 4, d0, d1)


# --- triangles and diagonals -------------------------------------------------------------------


class Tril(Op):
    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        return ctx.xp.asarray(ctx.xp.tril(x, k), order="C")

    @staticmethod
    def backward(ctx, grad):
        return tril(grad, ctx.k), None


class Triu(Op):
    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        return ctx.xp.asarray(ctx.xp.triu(x, k), order="C")

    @staticmethod
    def backward(ctx, grad):
        return triu(grad, ctx.k), None


def _check_matrix(input, name):
    if input.dim() < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")


def tril(input, diagonal=0, *, out=None):
    """The lower triangle of the last two dims, on and below diagonal ``diagonal``; zeros above."""
    _check_matrix(input, "tril")
    return _finish(Tril.apply(input, operator.index(diagonal)), out)


def triu(input, diagonal=0, *, out=None):
    """The upper triangle of the last two dims, on and above diagonal ``diagonal``; zeros below."""
    _check_matrix(input, "triu")
    return _finish(Triu.apply(input, operator.index(diagonal)), out)


DiagEmbed = _named(DiagonalEmbed, "DiagEmbedBackward0")


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Puts the last dim of ``input`` on diagonals of (``dim1``, ``dim2``) planes of zeros."""
    ndim = input.dim() + 1
    d1, d2 = _diagonal_dims(ndim, dim1, dim2)
    n = input.shape[-1] + abs(offset)
    batch = iter(input.shape[:-1])
    shape = tuple(n if d in (d1, d2) else next(batch) for d in range(ndim))
    return DiagEmbed.apply(input, shape, offset, d1, d2)


class DiagonalCopy(Restride):
    """``diag`` of a matrix: its diagonal, copied."""

    is_view = False
    node_name = "DiagonalBackward0_copy"

    @staticmethod
    def forward(ctx, x, shape, strides, offset=0, **info):
        return Restride.forward(ctx, x, shape, strides, offset, **info).copy()

    @staticmethod
    def backward(ctx, grad):
        info = ctx.info
        out = DiagonalEmbed.apply(grad, ctx.input_shape, info["k"], 0, 1)
        return out, None, None, None


def diag(input, diagonal=0, *, out=None):
    """A vector put on diagonal ``diagonal`` of a square matrix, or that diagonal of a matrix."""
    ndim = input.dim()
    if ndim == 1:
        return _finish(diag_embed(input, diagonal, 0, 1), out)
    if ndim != 2:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {ndim}D")
    geometry = _diagonal_geometry(input.shape, _strides(input._data), diagonal, 0, 1)
    return _finish(_apply_geometry(DiagonalCopy, input, *geometry, k=diagonal), out)


def diagflat(input, offset=0):
    """The flattened input on diagonal ``offset`` of a square matrix."""
    return diag_embed(flatten(input), offset, 0, 1)


TENSOR_METHODS = {
    "narrow": narrow, "narrow_copy": narrow_copy, "select": select, "unbind": unbind,
    "split": split, "split_with_sizes": split_with_sizes, "chunk": chunk,
    "tensor_split": tensor_split, "hsplit": hsplit, "vsplit": vsplit, "dsplit": dsplit,
    "repeat": repeat, "tile": tile, "flip": flip, "fliplr": fliplr, "flipud": flipud,
    "roll": roll, "rot90": rot90, "tril": tril, "tril_": inplace(tril), "triu": triu,
    "triu_": inplace(triu), "diag": diag, "diag_embed": diag_embed, "diagflat": diagflat,
}  # fmt: skip
