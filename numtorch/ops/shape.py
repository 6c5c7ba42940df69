"""Shape and view ops: view, reshape, squeeze, expand, transpose, narrow, select, split ...

A view op returns a tensor sharing its input's storage (``Op.is_view``): writing through it changes
the input, as in PyTorch. Each view is built with the sizes, strides and storage offset PyTorch
gives it (``_restride``), so ``stride()``, ``storage_offset()`` and ``is_contiguous()`` agree with
PyTorch too. Slicing and splitting views, and the ops that copy (cat, stack, flip, roll, repeat,
tril ...), live in ``joining.py``.
"""

from __future__ import annotations

import math
import operator

import numpy as np

from .. import _dtype as D
from .._backend import add_at, array_module, base_array, data_ptr
from .._size import Size
from .._tensor import Tensor, _wrap_dim
from ..autograd.node import Op
from .inplace import _scalar_type_name, check_inplace

__all__ = [
    "reshape", "flatten", "unflatten", "ravel", "squeeze", "unsqueeze", "broadcast_to",
    "broadcast_tensors", "broadcast_shapes", "t", "transpose", "swapaxes", "swapdims", "permute",
    "movedim", "moveaxis", "adjoint", "clone", "as_strided", "diagonal",
]  # fmt: skip

VIEW_MESSAGE = (
    "view size is not compatible with input tensor's size and stride (at least one dimension "
    "spans across two contiguous subspaces). Use .reshape(...) instead."
)


# --- strided geometry ---------------------------------------------------------------------------


def _restride(x, shape, strides, offset=0, dtype=None):
    """``x``'s memory seen with ``shape`` and element ``strides``, ``offset`` elements past ``x``.

    The result's ``base`` is the array owning the storage, so ``storage_offset()`` stays right.
    """
    dtype = x.dtype if dtype is None else dtype
    itemsize = np.dtype(dtype).itemsize
    byte_strides = tuple(s * itemsize for s in strides)
    xp = array_module(x)
    if xp is not np:
        memptr = x.data + (0 if 0 in shape else offset * x.itemsize)
        return xp.ndarray(shape, dtype, memptr=memptr, strides=byte_strides)
    if x.flags.c_contiguous and offset >= 0:  # the common case: inside x's own buffer
        try:
            return np.ndarray(
                shape, dtype, buffer=x, offset=offset * x.itemsize, strides=byte_strides
            )
        except (TypeError, ValueError, BufferError):
            pass  # reaches outside x: go through the storage's owner
    root = base_array(x)
    start = data_ptr(x) - data_ptr(root) + offset * x.itemsize
    if 0 in shape:  # no element is read: any offset will do, as long as it is in the buffer
        start = min(max(start, 0), root.nbytes)
    try:
        return np.ndarray(shape, dtype, buffer=root, offset=start, strides=byte_strides)
    except (TypeError, ValueError, BufferError):  # a root that exports no buffer
        return _raw_window(x, shape, byte_strides, data_ptr(x) + offset * x.itemsize, dtype)


class _Window:
    """An array interface at any address; its ``base`` chain still leads to the storage."""

    def __init__(self, x, shape, byte_strides, ptr, dtype):
        self.base, self.dtype = x, np.dtype(dtype)
        self.__array_interface__ = {
            "shape": tuple(shape), "strides": byte_strides, "typestr": self.dtype.str,
            "data": (ptr, not x.flags.writeable), "version": 3,
        }  # fmt: skip


def _raw_window(x, shape, byte_strides, ptr, dtype):
    return np.asarray(_Window(x, shape, byte_strides, ptr, dtype)).view(dtype)


def _strides(x):
    """An array's strides in elements, as PyTorch counts them."""
    return tuple(s // x.itemsize for s in x.strides)


def _contiguous_strides(shape):
    strides, acc = [], 1
    for size in reversed(shape):
        strides.append(acc)
        acc *= max(size, 1)
    return tuple(reversed(strides))


def _view_strides(old_shape, old_strides, new_shape):
    """Strides that show ``old`` as ``new_shape`` without a copy, or None (ATen's computeStride).

    Dims of ``old`` that are contiguous with each other form chunks; a view may split or merge
    dims only inside a chunk.
    """
    if not old_shape:
        return (1,) * len(new_shape)
    if math.prod(old_shape) == 0:
        if tuple(old_shape) == tuple(new_shape):
            return tuple(old_strides)
        return _contiguous_strides(new_shape)
    new_strides = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    chunk_base = old_strides[-1]
    tensor_numel = view_numel = 1
    for tensor_d in range(len(old_shape) - 1, -1, -1):
        tensor_numel *= old_shape[tensor_d]
        chunk_ends = tensor_d == 0 or (
            old_shape[tensor_d - 1] != 1 and old_strides[tensor_d - 1] != tensor_numel * chunk_base
        )
        if chunk_ends:
            while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
                new_strides[view_d] = view_numel * chunk_base
                view_numel *= new_shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if tensor_d > 0:
                chunk_base = old_strides[tensor_d - 1]
                tensor_numel = view_numel = 1
    return tuple(new_strides) if view_d == -1 else None


def _infer_size(shape, numel):
    """``shape`` with its ``-1`` (if any) filled in so that it holds ``numel`` elements."""
    infer, known = None, 1
    for i, size in enumerate(shape):
        if size == -1:
            if infer is not None:
                raise RuntimeError("only one dimension can be inferred")
            infer = i
        elif size >= 0:
            known *= size
        else:
            raise RuntimeError(
                f"invalid shape dimension {size} at index {i} of shape {list(shape)}"
            )
    if numel == known or (infer is not None and known > 0 and numel % known == 0):
        if infer is None:
            return tuple(shape)
        if known == 0:
            raise RuntimeError(
                f"cannot reshape tensor of 0 elements into shape {list(shape)} because the "
                "unspecified dimension size -1 can be any value and is ambiguous"
            )
        return tuple(shape[:infer]) + (numel // known,) + tuple(shape[infer + 1 :])
    raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")


def _int_list(args, fn, arg="size"):
    """``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])``, ``f(torch.Size(...))`` as a tuple of ints."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    out = []
    for i, a in enumerate(args):
        if isinstance(a, (bool, float)) or not hasattr(a, "__index__"):
            raise TypeError(
                f"{fn}(): argument '{arg}' must be tuple of ints, but found element of type "
                f"{type(a).__name__} at pos {i}"
            )
        out.append(operator.index(a))
    return tuple(out)


def _dim_list(dims, ndim):
    """Dims wrapped to [0, ndim), refusing repeats as PyTorch does."""
    if isinstance(dims, int) or hasattr(dims, "__index__"):
        dims = (dims,)
    seen = []
    for d in dims:
        w = _wrap_dim(operator.index(d), ndim)
        if w in seen:
            raise RuntimeError(f"dim {w} appears multiple times in the list of dims")
        seen.append(w)
    return tuple(seen)


def _named(op, name, **attrs):
    """A copy of ``op`` whose grad_fn is called ``name`` (PyTorch's numbered variants)."""
    return type(name, (op,), {"node_name": name, **attrs})


# --- views by restriding -----------------------------------------------------------------------


class Restride(Op):
    """A view with new sizes, strides and offset over the same elements (view, squeeze ...).

    Its gradient is the output gradient laid back in the input's shape.
    """

    is_view = True
    node_name = "ViewBackward0"

    @staticmethod
    def forward(ctx, x, shape, strides, offset=0, **info):
        ctx.input_shape = x.shape
        ctx.info = info
        return _restride(x, shape, strides, offset)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.input_shape), None, None, None


View = _named(Restride, "ViewBackward0")
ReshapeAlias = _named(Restride, "ReshapeAliasBackward0")
UnsafeView = _named(Restride, "UnsafeViewBackward0", is_view=False)  # reshape of a fresh copy


class Expand(Restride):
    """Size-1 dims repeated by stride 0: the gradient sums over the repeats."""

    node_name = "ExpandBackward0"

    @staticmethod
    def backward(ctx, grad):
        return _sum_to(grad, ctx.input_shape), None, None, None


def _sum_to(grad, shape):
    lead = grad.dim() - len(shape)
    dims = tuple(range(lead)) + tuple(
        lead + i for i, s in enumerate(shape) if s == 1 and grad.shape[lead + i] != 1
    )
    if dims:
        grad = grad.sum(dim=dims, keepdim=True)
    return grad.reshape(shape) if grad.shape != shape else grad


def _apply_geometry(op, input, shape, strides, offset=0, **info):
    return op.apply(input, tuple(shape), tuple(strides), offset, **info)


def view(self, *shape, dtype=None, size=None):
    """Returns a tensor with the same data and a new shape (or the same bytes as ``dtype``).

    The view needs strides that reach the same elements in order; otherwise use ``reshape``.
    """
    if size is not None:
        shape = (size,)
    if dtype is not None:
        shape = (dtype,)
    if len(shape) == 1 and isinstance(shape[0], D.dtype):
        return _view_dtype(self, shape[0])
    shape = _infer_size(_int_list(shape, "view"), self.numel())
    strides = _view_strides(self.shape, self.stride(), shape)
    if strides is None:
        raise RuntimeError(VIEW_MESSAGE)
    return _apply_geometry(View, self, shape, strides)


def _view_dtype(self, dtype):
    """The same memory read as ``dtype``: not differentiable, but sharing storage and version."""
    old, new = self.element_size(), dtype.itemsize
    shape, strides = list(self.shape), list(_strides(self._data))
    names = f"{_scalar_type_name(self.dtype)} as {_scalar_type_name(dtype)}"
    why = f"to view {names} (different element sizes)"
    if old != new:
        if self.dim() == 0:
            raise RuntimeError(f"self.dim() cannot be 0 {why}")
        if old > new:  # each element becomes several: the last dim grows
            ratio = old // new
            if strides[-1] != 1:
                raise RuntimeError(f"self.stride(-1) must be 1 {why}, but got {strides[-1]}")
            strides = [s * ratio for s in strides[:-1]] + [1]
            shape[-1] *= ratio
        else:  # several elements become one: the last dim shrinks
            ratio = new // old
            if shape[-1] % ratio:
                raise RuntimeError(
                    f"self.size(-1) must be divisible by {ratio} {why}, but got {shape[-1]}"
                )
            if strides[-1] != 1:
                raise RuntimeError(f"self.stride(-1) must be 1 {why}, but got {strides[-1]}")
            if self.storage_offset() % ratio:
                raise RuntimeError(
                    f"self.storage_offset() must be divisible by {ratio} {why}, but got "
                    f"{self.storage_offset()}"
                )
            for d, s in enumerate(strides[:-1]):
                if s % ratio:
                    raise RuntimeError(
                        f"self.stride({d}) must be divisible by {ratio} {why}, but got {s}"
                    )
            strides = [s // ratio for s in strides[:-1]] + [1]
            shape[-1] //= ratio
    out = Tensor._make(_restride(self._data, shape, strides, dtype=dtype.np))
    out._version_counter = self._version_counter
    return out


def view_as(self, other):
    """``self.view(other.size())``."""
    return view(self, other.size())


def reshape(input, *args, shape=None):
    """A tensor with ``input``'s elements in ``shape``: a view when strides allow, else a copy."""
    shape = _int_list(args if shape is None else (shape,), "reshape", "shape")
    shape = _infer_size(shape, input.numel())
    strides = _view_strides(input.shape, input.stride(), shape)
    if strides is not None:  # PyTorch names the view of a non-contiguous input differently
        op = View if input.is_contiguous() else ReshapeAlias
        return _apply_geometry(op, input, shape, strides)
    copy = Clone.apply(input, "C")
    return _apply_geometry(UnsafeView, copy, shape, _contiguous_strides(shape))


def reshape_as(self, other):
    return reshape(self, other.size())


def flatten(input, start_dim=0, end_dim=-1):
    """Merges dims ``start_dim`` .. ``end_dim`` into one (a view when strides allow)."""
    ndim = input.dim()
    start, end = _wrap_dim(start_dim, ndim), _wrap_dim(end_dim, ndim)
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if ndim == 0:
        return reshape(input, 1)
    if start == end:
        return input
    shape = input.shape
    merged = math.prod(shape[start : end + 1])
    return reshape(input, tuple(shape[:start]) + (merged,) + tuple(shape[end + 1 :]))


def unflatten(input, dim, sizes):
    """Splits dim ``dim`` into ``sizes`` (which may hold one -1)."""
    dim = _wrap_dim(dim, input.dim())
    sizes = _int_list((sizes,), "unflatten", "sizes")
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    size = input.shape[dim]
    if -1 not in sizes and math.prod(sizes) != size:
        raise RuntimeError(
            f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {dim} "
            f"({size}) in the input tensor"
        )
    sizes = _infer_size(sizes, size)
    return view(input, tuple(input.shape[:dim]) + sizes + tuple(input.shape[dim + 1 :]))


def ravel(input):
    """The elements as a 1-D tensor: ``input.contiguous().view(-1)``."""
    return view(contiguous(input), -1)


# --- squeeze, unsqueeze, expand ----------------------------------------------------------------

_SQUEEZE = [_named(Restride, f"SqueezeBackward{i}") for i in range(6)]
Unsqueeze = _named(Restride, "UnsqueezeBackward0")
UnsqueezeInplace = _named(Restride, "UnsqueezeBackward1")


def _squeeze_geometry(input, dim):
    """Which variant PyTorch records, and the sizes/strides left after dropping size-1 dims."""
    ndim = input.dim()
    if dim is None:
        variant, dims = 0, tuple(range(ndim))
    elif isinstance(dim, (tuple, list)):
        variant, dims = 2, _dim_list(dim, ndim)
    else:
        variant, dims = 1, (_wrap_dim(dim, ndim),)
    shape, strides = input._data.shape, _strides(input._data)
    keep = [i for i in range(ndim) if not (i in dims and shape[i] == 1)]
    return variant, [shape[i] for i in keep], [strides[i] for i in keep]


def squeeze(input, dim=None):
    """Removes dims of size 1 (all of them, or those in ``dim``)."""
    variant, shape, strides = _squeeze_geometry(input, dim)
    return _apply_geometry(_SQUEEZE[variant], input, shape, strides)


def _unsqueeze_geometry(input, dim):
    ndim = input.dim()
    d = _wrap_dim(dim, ndim + 1)
    shape, strides = list(input._data.shape), list(_strides(input._data))
    stride = 1 if d >= ndim else shape[d] * strides[d]  # as PyTorch: any stride would do
    return shape[:d] + [1] + shape[d:], strides[:d] + [stride] + strides[d:]


def unsqueeze(input, dim):
    """Inserts a dim of size 1 at ``dim``."""
    return _apply_geometry(Unsqueeze, input, *_unsqueeze_geometry(input, dim))


def expand(self, *sizes, size=None):
    """A view with size-1 dims repeated (stride 0) to ``sizes``; -1 keeps a dim's size."""
    sizes = _int_list(sizes if size is None else (size,), "expand")
    shape, old_strides = tuple(self.shape), _strides(self._data)
    ndim = len(sizes)
    if ndim < len(shape):
        raise RuntimeError(
            f"expand({self.type()}{{{list(shape)}}}, size={list(sizes)}): the number of sizes "
            f"provided ({ndim}) must be greater or equal to the number of dimensions in the "
            f"tensor ({len(shape)})"
        )
    new_shape, new_strides = [0] * ndim, [0] * ndim
    for i in range(ndim - 1, -1, -1):
        d = i - (ndim - len(shape))
        if d >= 0:
            size, stride = shape[d], old_strides[d]
        else:  # a new leading dim
            size = 1
            stride = new_shape[i + 1] * new_strides[i + 1] if i + 1 < ndim else 0
        target = sizes[i]
        if target == -1:
            if d < 0:
                raise RuntimeError(
                    f"The expanded size of the tensor (-1) isn't allowed in a leading, "
                    f"non-existing dimension {i}"
                )
            target = size
        if size != target:
            if size != 1:
                raise RuntimeError(
                    f"The expanded size of the tensor ({target}) must match the existing size "
                    f"({size}) at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  "
                    f"Tensor sizes: {list(shape)}"
                )
            size, stride = target, 0
        new_shape[i], new_strides[i] = size, stride
    if any(n < 0 for n in new_shape):  # torch's size check (c10::multiply_integers) says so
        raise RuntimeError("numel: integer multiplication overflow")
    return _apply_geometry(Expand, self, new_shape, new_strides)


def expand_as(self, other):
    return expand(self, other.size())


def broadcast_to(input, size):
    """``input.expand(size)``."""
    return expand(input, size)


def _broadcast_pair(a, b):
    """The broadcast of two shapes, with PyTorch's message when they don't broadcast."""
    n = max(len(a), len(b))
    out = []
    for i in range(n):
        sa = a[i - n + len(a)] if i - n + len(a) >= 0 else 1
        sb = b[i - n + len(b)] if i - n + len(b) >= 0 else 1
        if sa != sb and sa != 1 and sb != 1:
            raise RuntimeError(
                f"The size of tensor a ({sa}) must match the size of tensor b ({sb}) at "
                f"non-singleton dimension {i}"
            )
        out.append(sa if sb == 1 else sb)
    return tuple(out)


def broadcast_tensors(*tensors):
    """Expands the tensors to their common broadcast shape."""
    if len(tensors) == 1 and isinstance(tensors[0], (tuple, list)):
        tensors = tuple(tensors[0])
    shape = ()
    for t in tensors:
        shape = _broadcast_pair(shape, tuple(t.shape))
    return tuple(t if tuple(t.shape) == shape else expand(t, shape) for t in tensors)


def broadcast_shapes(*shapes):
    """The shape tensors of the given shapes broadcast to, without making any tensors."""
    shapes = [(s,) if isinstance(s, int) else tuple(s) for s in shapes]
    result = [1] * max((len(s) for s in shapes), default=0)
    for index, shape in enumerate(shapes):
        for i in range(-1, -1 - len(shape), -1):
            if shape[i] < 0:
                raise ValueError("Attempting to broadcast a dimension with negative length!")
            if shape[i] == 1 or shape[i] == result[i]:
                continue
            if result[i] != 1:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {shape[i]} at {i}! "
                    f"Mismatching argument at index {index} had {shape}; but expected shape "
                    f"should be broadcastable to {result}"
                )
            result[i] = shape[i]
    return Size(result)


# --- permutations -------------------------------------------------------------------------------


class Permute(Op):
    is_view = True
    node_name = "PermuteBackward0"

    @staticmethod
    def forward(ctx, x, perm):
        ctx.perm = perm
        return x.transpose(perm)  # NumPy permutes strides exactly as PyTorch does

    @staticmethod
    def backward(ctx, grad):
        return grad.permute(tuple(np.argsort(ctx.perm).tolist())), None


Transpose = _named(Permute, "TransposeBackward0")
TransposeInplace = _named(Permute, "TransposeBackward1")
T = _named(Permute, "TBackward0")
TInplace = _named(Permute, "TBackward1")


def permute(input, *args, dims=None):
    """Reorders the dims: ``out.shape[i] == input.shape[dims[i]]``."""
    dims = _int_list(args if dims is None else (dims,), "permute", "dims")
    ndim = input.dim()
    if len(dims) != ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the "
            "length of the desired ordering of dimensions i.e. input.dim() = "
            f"{ndim} is not equal to len(dims) = {len(dims)}"
        )
    wrapped = tuple(_wrap_dim(d, ndim) for d in dims)
    if len(set(wrapped)) != ndim:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return Permute.apply(input, wrapped)


def _swap(ndim, dim0, dim1):
    perm = list(range(ndim))
    d0, d1 = _wrap_dim(dim0, ndim), _wrap_dim(dim1, ndim)
    perm[d0], perm[d1] = perm[d1], perm[d0]
    return tuple(perm)


def transpose(input, dim0, dim1):
    """Swaps dims ``dim0`` and ``dim1`` (a view)."""
    return Transpose.apply(input, _swap(input.dim(), dim0, dim1))


def swapaxes(input, axis0, axis1):
    return transpose(input, axis0, axis1)


def swapdims(input, dim0, dim1):
    return transpose(input, dim0, dim1)


def _t_perm(input):
    ndim = input.dim()
    if ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {ndim}D")
    return tuple(range(ndim))[::-1]


def t(input):
    """Transposes a 2-D tensor; 0-D and 1-D tensors come back as they are (as views)."""
    return T.apply(input, _t_perm(input))


def adjoint(input):
    """The conjugate transpose of the last two dims."""
    out = transpose(input, -2, -1)
    return out.conj() if out.is_complex() else out


def movedim(input, source, destination):
    """Moves the dims in ``source`` to the positions in ``destination``; the rest keep order."""
    src = [source] if isinstance(source, int) else list(source)
    dst = [destination] if isinstance(destination, int) else list(destination)
    if len(src) != len(dst):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({src} dims) should contain "
            f"the same number of dims as destination ({dst} dims)"
        )
    ndim = input.dim()
    wsrc = [_wrap_dim(d, ndim) for d in src]
    wdst = [_wrap_dim(d, ndim) for d in dst]
    for name, given, wrapped in (("source", src, wsrc), ("destination", dst, wdst)):
        if len(set(wrapped)) != len(wrapped):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({given})")
    order = [-1] * ndim
    for s, d in zip(wsrc, wdst):
        order[d] = s
    rest = iter(d for d in range(ndim) if d not in wsrc)
    order = [o if o != -1 else next(rest) for o in order]
    return Permute.apply(input, tuple(order))


moveaxis = movedim


# --- diagonal, as_strided, unfold ----------------------------------------------------------------


def _diagonal_geometry(shape, strides, offset, d1, d2):
    """Sizes, strides and offset of a diagonal: the other dims, then the diagonal last."""
    if offset >= 0:
        n = max(min(shape[d1], shape[d2] - offset), 0)
        start = offset * strides[d2]
    else:
        n = max(min(shape[d1] + offset, shape[d2]), 0)
        start = -offset * strides[d1]
    keep = [i for i in range(len(shape)) if i not in (d1, d2)]
    new_shape = [shape[i] for i in keep] + [n]
    new_strides = [strides[i] for i in keep] + [strides[d1] + strides[d2]]
    return new_shape, new_strides, start if n else 0


class Diagonal(Restride):
    node_name = "DiagonalBackward0"

    @staticmethod
    def backward(ctx, grad):
        info = ctx.info
        out = DiagonalEmbed.apply(grad, ctx.input_shape, info["k"], info["d1"], info["d2"])
        return out, None, None, None


class DiagonalEmbed(Op):
    """Zeros of ``shape`` with ``src`` on a diagonal (the adjoint of ``diagonal``)."""

    @staticmethod
    def forward(ctx, src, shape, offset, d1, d2):
        ctx.args = (offset, d1, d2)
        out = ctx.xp.zeros(shape, dtype=src.dtype)
        diag_shape, diag_strides, start = _diagonal_geometry(shape, _strides(out), *ctx.args)
        _restride(out, diag_shape, diag_strides, start)[...] = src
        return out

    @staticmethod
    def backward(ctx, grad):
        return diagonal(grad, *ctx.args), None, None, None, None


def _diagonal_dims(ndim, dim1, dim2):
    d1, d2 = _wrap_dim(dim1, ndim), _wrap_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return d1, d2


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The diagonal of the (``dim1``, ``dim2``) planes, as a view with the diagonal dim last."""
    d1, d2 = _diagonal_dims(input.dim(), dim1, dim2)
    geometry = _diagonal_geometry(input.shape, _strides(input._data), offset, d1, d2)
    return _apply_geometry(Diagonal, input, *geometry, k=offset, d1=d1, d2=d2)


class AsStrided(Restride):
    node_name = "AsStridedBackward0"

    @staticmethod
    def backward(ctx, grad):
        info = ctx.info
        flat = _storage_lookup(info["input"], info["output"], array_module(grad._data))
        return ScatterFlat.apply(grad, flat, ctx.input_shape), None, None, None


def _storage_positions(shape, strides, offset, xp):
    """For each element of a strided layout (row-major), the storage element it reads."""
    pos = xp.asarray(offset, dtype=xp.int64)
    for size, stride in zip(shape, strides):
        pos = pos[..., None] + xp.arange(size, dtype=xp.int64) * stride
    return pos


def _storage_lookup(input_geometry, output_geometry, xp):
    """For each output element, the flat index of the input element at the same storage place.

    -1 where the output reads storage the input doesn't cover.
    """
    in_pos = _storage_positions(*input_geometry, xp).reshape(-1)
    out_pos = _storage_positions(*output_geometry, xp)
    span = 1 + max(
        int(in_pos.max()) if in_pos.size else 0, int(out_pos.max()) if out_pos.size else 0
    )
    lookup = xp.full(span, -1, dtype=xp.int64)
    lookup[in_pos] = xp.arange(in_pos.size, dtype=xp.int64)
    return lookup[out_pos]


class ScatterFlat(Op):
    """Zeros of ``shape`` plus each element of ``src`` added at its flat index (-1: dropped)."""

    @staticmethod
    def forward(ctx, src, flat, shape):
        ctx.flat = flat
        out = ctx.xp.zeros(math.prod(shape), dtype=src.dtype)
        keep = flat >= 0
        add_at(out, flat[keep], src[keep])
        return out.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return GatherFlat.apply(grad, ctx.flat), None, None


class GatherFlat(Op):
    """The elements of ``x`` at flat indices (0 where the index is -1): ScatterFlat's adjoint."""

    @staticmethod
    def forward(ctx, x, flat):
        ctx.flat, ctx.shape = flat, x.shape
        if x.size == 0:
            return ctx.xp.zeros(flat.shape, dtype=x.dtype)
        taken = x.reshape(-1)[ctx.xp.maximum(flat, 0)]
        return ctx.xp.where(flat >= 0, taken, ctx.xp.zeros((), dtype=x.dtype))

    @staticmethod
    def backward(ctx, grad):
        return ScatterFlat.apply(grad, ctx.flat, ctx.shape), None


def as_strided(input, size, stride, storage_offset=None):
    """A view of ``input``'s storage with the given sizes, strides and storage offset."""
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError(
            f"as_strided: Negative strides are not supported at the moment, got strides: "
            f"{list(stride)}"
        )
    own = input.storage_offset()
    offset = own if storage_offset is None else storage_offset
    itemsize = input.element_size()
    needed = (
        0
        if 0 in size
        else itemsize * (offset + 1 + sum(st * (s - 1) for s, st in zip(size, stride)))
    )
    available = base_array(input._data).nbytes
    if needed > available:
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, "
            f"and itemsize {itemsize} requiring a storage size of {needed} are out of bounds for "
            f"storage of size {available}"
        )
    geometry = {
        "input": (tuple(input.shape), input.stride(), own),
        "output": (size, stride, offset),
    }  # fmt: skip
    return AsStrided.apply(input, size, stride, offset - own, **geometry)


class Unfold(Restride):
    node_name = "UnfoldBackward0"

    @staticmethod
    def backward(ctx, grad):
        info = ctx.info
        args = (ctx.input_shape, info["dim"], info["size"], info["step"])
        return UnfoldBackward.apply(grad, *args), None, None, None


class UnfoldBackward(Op):
    """Each window's gradient added back where the window was read from."""

    @staticmethod
    def forward(ctx, grad, shape, dim, size, step):
        ctx.args = (dim, size, step)
        if not shape:  # a 0-d input: one window of its single element, or none
            return grad.sum().astype(grad.dtype).reshape(())
        out = ctx.xp.zeros(shape, dtype=grad.dtype)
        n = grad.shape[dim]
        for j in range(size):  # over the window, not the data: windows at a fixed j don't overlap
            out[(slice(None),) * dim + (slice(j, j + step * (n - 1) + 1, step),)] += grad[..., j]
        return out

    @staticmethod
    def backward(ctx, grad):
        return unfold(grad, *ctx.args), None, None, None, None


def unfold(self, dimension, size, step):
    """All windows of ``size`` elements along ``dimension``, ``step`` apart, as a new last dim."""
    ndim = self.dim()
    d = _wrap_dim(dimension, ndim)
    max_size = self.shape[d] if ndim else 1
    if size > max_size:
        raise RuntimeError(
            f"maximum size for tensor at dimension {d} is {max_size} but size is {size}"
        )
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if ndim == 0:
        shape, strides = [size], [1]
    else:
        shape, strides = list(self.shape), list(_strides(self._data))
        shape[d] = (shape[d] - size) // step + 1
        shape.append(size)
        strides.append(strides[d])
        strides[d] *= step
    return _apply_geometry(Unfold, self, shape, strides, dim=d, size=size, step=step)


# --- copies: clone and contiguous ----------------------------------------------------------------


class Clone(Op):
    @staticmethod
    def forward(ctx, x, order):
        return _copy(x, order, ctx.xp)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


def _copy(x, order, xp):
    if order == "channels_last":  # NHWC memory behind NCHW sizes
        return xp.ascontiguousarray(x.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)
    return xp.array(x, order=order, copy=True)  # 'K' keeps the input's layout, as PyTorch


def _order(memory_format):
    name = getattr(memory_format, "name", memory_format)
    if name in (None, "preserve_format"):
        return "K"
    if name == "channels_last":
        return "channels_last"
    return "C"


def clone(input, *, memory_format=None):
    """A copy of ``input`` (differentiable); the memory layout is kept unless told otherwise."""
    order = _order(memory_format)
    if order == "channels_last" and input.dim() != 4:
        raise RuntimeError("required rank 4 tensor to use channels_last format")
    return Clone.apply(input, order)


def contiguous(self, memory_format=None):
    """``self`` if its memory is already in row-major order, else a row-major copy."""
    order = _order(memory_format) if memory_format is not None else "C"
    if order == "C" and self.is_contiguous():
        return self
    return Clone.apply(self, order)


# --- in-place view ops: the tensor takes the view's sizes, strides and history ------------------


def _become(self, view):
    check_inplace(self)
    self._data = view._data
    self._version_counter.value += 1
    if view.grad_fn is not None:
        self.grad_fn, self._output_nr, self._requires_grad = view.grad_fn, 0, True
    return self


def squeeze_(self, dim=None):
    variant, shape, strides = _squeeze_geometry(self, dim)
    return _become(self, _apply_geometry(_SQUEEZE[variant + 3], self, shape, strides))


def unsqueeze_(self, dim):
    return _become(self, _apply_geometry(UnsqueezeInplace, self, *_unsqueeze_geometry(self, dim)))


def t_(self):
    return _become(self, TInplace.apply(self, _t_perm(self)))


def transpose_(self, dim0, dim1):
    return _become(self, TransposeInplace.apply(self, _swap(self.dim(), dim0, dim1)))


from . import joining  # noqa: E402  (joining builds on the views above)
from .joining import *  # noqa: E402, F403
from .joining import __all__ as _joining_all  # noqa: E402

__all__ += _joining_all

TENSOR_METHODS = {
    "view": view, "view_as": view_as, "reshape": reshape, "reshape_as": reshape_as,
    "flatten": flatten, "unflatten": unflatten, "ravel": ravel, "squeeze": squeeze,
    "squeeze_": squeeze_, "unsqueeze": unsqueeze, "unsqueeze_": unsqueeze_, "expand": expand,
    "expand_as": expand_as, "broadcast_to": broadcast_to, "t": t, "t_": t_,
    "transpose": transpose, "transpose_": transpose_, "swapaxes": swapaxes,
    "swapaxes_": transpose_, "swapdims": swapdims, "swapdims_": transpose_, "permute": permute,
    "movedim": movedim, "moveaxis": movedim, "adjoint": adjoint, "clone": clone,
    "contiguous": contiguous, "as_strided": as_strided, "diagonal": diagonal, "unfold": unfold,
    **joining.TENSOR_METHODS,
}  # fmt: skip
