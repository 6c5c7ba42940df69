"""Indexing: ``x[index]``, ``x[index] = value``, ``copy_``, ``index_put``, ``take`` and ``put``.

``x[index]`` follows PyTorch in two steps. The basic part (ints, slices, ``None``, ``...``) is one
view of ``x`` sharing its storage, named after the last view PyTorch would take
(``SelectBackward0``, ``SliceBackward0``, ``UnsqueezeBackward0``, ``AliasBackward0``). The
advanced part (integer and bool tensors, lists) then indexes that view with NumPy's fancy
indexing, which places the advanced dims by the same rule as PyTorch: where they stand when they
are adjacent, first otherwise. Ints are applied in the basic step, as PyTorch does, so
``x[0, :, [0, 1]]`` keeps PyTorch's shape (NumPy would count the ``0`` as advanced).

The dim-wise ops (gather, scatter, ``index_*``) live in ``scatter.py`` and the mask ops (masked_*,
where, nonzero) in ``masking.py``; this module exports them all.
"""

from __future__ import annotations

import builtins
import warnings

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._backend import add_at, array_module
from ..autograd.grad_mode import _state as _grad_state
from ..autograd.node import Op
from . import _index_utils as U
from ._iterator import dimension_order
from .inplace import update, write_out

# -- the ops -----------------------------------------------------------------------------------


class _BasicView(Op):
    """A view by ints, slices and ``None`` (NumPy basic indexing): shares the input's storage."""

    is_view = True

    @staticmethod
    def forward(ctx, x, index):
        ctx.shape, ctx.index = x.shape, index
        out = x[index]
        if any(i is None for i in index):
            out = _unsqueeze_strides(out, index, x)
        return out

    @staticmethod
    def backward(ctx, grad):
        return ViewScatter.apply(grad, ctx.shape, ctx.index), None


def _unsqueeze_strides(out, index, x):
    """PyTorch's stride for a dim added by ``None``: it indexes left to right, so the new dim
    gets the size times the stride of the input dim that comes next (NumPy gives 0)."""
    from .shape import _restride

    itemsize = x.itemsize
    strides = [s // itemsize for s in out.strides]
    in_pos = out_pos = 0
    consumed = sum(1 for i in index if i is not None and i is not Ellipsis)
    for item in index:
        if item is None:
            nxt = in_pos if in_pos < x.ndim else None
            strides[out_pos] = x.shape[nxt] * x.strides[nxt] // itemsize if nxt is not None else 1
            out_pos += 1
        elif item is Ellipsis:
            span = x.ndim - consumed
            in_pos, out_pos = in_pos + span, out_pos + span
        elif isinstance(item, slice):
            in_pos, out_pos = in_pos + 1, out_pos + 1
        else:  # an int: the dim goes away
            in_pos += 1
    return _restride(out, out.shape, strides)


class Select(_BasicView):
    node_name = "SelectBackward0"


class Slice(_BasicView):
    node_name = "SliceBackward0"


class Unsqueeze(_BasicView):
    node_name = "UnsqueezeBackward0"


class Alias(_BasicView):
    node_name = "AliasBackward0"


class ViewScatter(Op):
    """Zeros of the base's shape holding ``grad`` where a basic view looks (the view's adjoint)."""

    @staticmethod
    def forward(ctx, grad, shape, index):
        ctx.index = index
        out = ctx.xp.zeros(shape, dtype=grad.dtype)
        out[index] = grad
        return out

    @staticmethod
    def backward(ctx, grad):
        return Alias.apply(grad, ctx.index), None, None


class Index(Op):
    """Advanced (fancy) indexing: a copy."""

    node_name = "IndexBackward0"

    @staticmethod
    def forward(ctx, x, index):
        ctx.shape, ctx.index = x.shape, index
        out = x[index]
        if any(i is None for i in index):
            out = _unsqueeze_strides(out, index, x)
        elif out.ndim > 1 and out.size:  # torch lays the copy out like x
            out = _torch_layout(out, x, index)
        return out

    @staticmethod
    def backward(ctx, grad):
        U.check_index_guards(ctx)  # an index tensor changed in place since: torch's error
        # repeated indices accumulate: the adjoint of a gather is a scatter-add
        return IndexAccumulate.apply(grad, ctx.shape, ctx.index), None


def _torch_layout(out, x, index):
    """``out`` (= ``x[index]``) copied into the memory layout torch's ``index`` gives it.

    torch's kernel is a TensorIterator over ``x`` restrided (the indexed dims replaced by the
    index shape with stride 0) and the index tensors; the output follows the dimension order
    TensorIterator sorts those operands' strides into. For a contiguous ``x`` that order is the
    plain one (so the copy is contiguous, as NumPy makes it); this replays it otherwise.
    """
    from .shape import _contiguous_strides, _restride

    itemsize = x.itemsize
    out_shape = list(out.shape)
    if x.flags.c_contiguous and 1 not in out_shape:  # then the iterator keeps the plain order
        new_strides = list(_contiguous_strides(out_shape))
        if new_strides == [st // itemsize for st in out.strides]:
            return out
        return _restride(array_module(out).ascontiguousarray(out), out.shape, new_strides)
    dims = [(d, a) for d, a in enumerate(index) if not isinstance(a, slice)]
    arrays = [a.nonzero() if a.dtype.kind == "b" else (a,) for _, a in dims]
    arrays = [i for group in arrays for i in group]
    n_indexed = sum(a.ndim if a.dtype.kind == "b" else 1 for _, a in dims)
    positions = []
    for d, a in dims:
        positions.extend(range(d, d + (a.ndim if a.dtype.kind == "b" else 1)))
    shape, strides = list(x.shape), [st // itemsize for st in x.strides]
    if positions != list(range(positions[0], positions[0] + n_indexed)):  # transposeToFront
        rest = [d for d in range(x.ndim) if d not in positions]
        order = positions + rest
        shape, strides = [shape[d] for d in order], [strides[d] for d in order]
        positions = list(range(n_indexed))
    before, after = positions[0], positions[-1] + 1
    bshape = np.broadcast_shapes(*(a.shape for a in arrays))
    src = strides[:before] + [0] * len(bshape) + strides[after:]
    operands = [src]
    for a in arrays:  # each index, expanded to bshape, viewed with size-1 dims around it
        lead = len(bshape) - a.ndim
        expanded = [0] * lead + [
            0 if n == 1 and b != 1 else st // a.itemsize
            for n, b, st in zip(a.shape, bshape[lead:], a.strides)
        ]
        sizes = [1] * before + list(bshape) + [1] * (len(shape) - after)
        strides = list(_contiguous_strides(sizes))  # the size-1 dims a view inserts
        strides[before : before + len(bshape)] = expanded
        # TensorIterator: a size-1 dim broadcast against the result moves by 0
        operands.append([0 if n == 1 and m != 1 else st
                         for n, m, st in zip(sizes, out_shape, strides)])  # fmt: skip
    perm = dimension_order(out_shape, operands)
    new_strides, step = [0] * len(out_shape), 1
    for d in perm:  # contiguous in the iterator's order, fastest dim first
        new_strides[d] = step
        step *= out_shape[d]
    if new_strides == [st // itemsize for st in out.strides]:
        return out
    buf = array_module(out).empty(out.size, dtype=out.dtype)
    result = _restride(buf, tuple(out_shape), new_strides)
    result[...] = out
    return result


class IndexAccumulate(Op):
    """``zeros(shape).index_put_(index, values, accumulate=True)``: Index's adjoint."""

    @staticmethod
    def forward(ctx, values, shape, index):
        ctx.index = index
        out = ctx.xp.zeros(shape, dtype=values.dtype)
        add_at(out, index, values)
        return out

    @staticmethod
    def backward(ctx, grad):
        return Index.apply(grad, ctx.index), None, None


def _put_kernel(out, index, values, accumulate):
    if accumulate:
        add_at(out, index, values)
    else:
        out[index] = values


class IndexPut(Op):
    """``input`` with ``values`` written (or added) at an advanced index."""

    node_name = "IndexPutBackward0"
    num_operands = 2

    @staticmethod
    def forward(ctx, x, values, index, accumulate):
        ctx.index, ctx.accumulate = index, accumulate
        out = x.copy()
        _put_kernel(out, index, values, accumulate)
        return out

    @staticmethod
    def backward(ctx, grad):
        gx = gv = None
        if ctx.needs_input_grad[0]:
            # overwritten places get no gradient; added-to places pass it through
            zero = ctx.xp.zeros((), dtype=grad._data.dtype)
            gx = grad if ctx.accumulate else IndexPut.apply(grad, zero, ctx.index, False)
        if ctx.needs_input_grad[1]:
            gv = Index.apply(grad, ctx.index)
        return gx, gv, None, None


class Copy(Op):
    """``self.copy_(src)``: ``src`` broadcast and cast to ``self``; ``self``'s old value is lost."""

    node_name = "torch::autograd::CopyBackwards"
    num_operands = 2

    @staticmethod
    def forward(ctx, dst, src):
        src = _backend.to_device(src, _backend.device_type_of(dst)) if _is_array(src) else src
        src = U.cast_array(ctx.xp.asarray(src), dst.dtype)
        return ctx.xp.broadcast_to(src, dst.shape).copy()

    @staticmethod
    def backward(ctx, grad):
        return U.zeros_like(grad), grad


class Fill(Op):
    """``self[...] = value`` for a 0-dim value: ``fill_`` with a tensor."""

    node_name = "FillBackward3"
    num_operands = 2

    @staticmethod
    def forward(ctx, dst, value):
        return ctx.xp.full(dst.shape, U.cast_array(ctx.xp.asarray(value), dst.dtype))

    @staticmethod
    def backward(ctx, grad):
        return U.zeros_like(grad), grad.sum()


def _is_array(a):
    return isinstance(a, np.ndarray) or hasattr(a, "__cuda_array_interface__")


class Take(Op):
    """``input.reshape(-1)[index]``."""

    node_name = "TakeBackward0"

    @staticmethod
    def forward(ctx, x, index):
        ctx.shape, ctx.index = x.shape, index
        return x.reshape(-1)[index]

    @staticmethod
    def backward(ctx, grad):
        U.check_index_guards(ctx)
        return Put.apply(U.zeros(ctx.shape, grad), grad, ctx.index, True), None


class TakeFlat(Take):
    """``take_along_dim`` without a dim: PyTorch gathers from the flattened input."""

    node_name = "GatherBackward0"


def _put_flat(out, index, source, accumulate):
    """Writes (or adds) ``source`` at the flat positions ``index`` of ``out``, in any layout."""
    xp = array_module(out)
    if out.flags.c_contiguous:
        target, where = out.reshape(-1), index.reshape(-1)
    else:  # a strided in-place target: address it by coordinates, as reshape would copy
        target, where = out, xp.unravel_index(index.reshape(-1) % out.size, out.shape)
    values = source.reshape(-1) if source.ndim else source
    _put_kernel(target, where, values, accumulate)


class Put(Op):
    """``input`` with ``source`` written (or added) at flat positions ``index``."""

    node_name = "PutBackward0"
    num_operands = 2

    @staticmethod
    def forward(ctx, x, source, index, accumulate):
        ctx.index, ctx.accumulate, ctx.source_shape = index, accumulate, source.shape
        out = x.copy()
        _put_flat(out, index, source, accumulate)
        return out

    @staticmethod
    def backward(ctx, grad):
        gx = gs = None
        if ctx.needs_input_grad[0]:
            zero = ctx.xp.zeros((), dtype=grad._data.dtype)
            gx = grad if ctx.accumulate else Put.apply(grad, zero, ctx.index, False)
        if ctx.needs_input_grad[1]:
            gs = Take.apply(grad, ctx.index.reshape(ctx.source_shape))
        return gx, gs, None, None


# -- parsing an index ---------------------------------------------------------------------------

_INT, _SLICE, _NONE, _ELLIPSIS, _BOOL, _INDEX, _MASK = builtins.range(7)

_ZERO_DIM_MESSAGE = (
    "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ "
    "to convert a 0-dim tensor to a number"
)
_SEQUENCE_WARNING = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in "
    "pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as "
    "tensor index, x[torch.tensor(seq)], which will result either in an error or a different "
    "result"
)


def _index_items(index):
    """The index as a list of items, and whether it was a tuple (PyTorch's treatSequenceAsTuple)."""
    if isinstance(index, tuple):
        return list(index), True
    if isinstance(index, list) and len(index) < 32:
        T = U.tensor_cls()
        for item in index:
            if (
                isinstance(item, (T, list, tuple, slice, builtins.range, np.ndarray))
                or item is None
                or item is Ellipsis
            ):
                warnings.warn(_SEQUENCE_WARNING, UserWarning, stacklevel=4)
                return list(index), True
    return [index], False


def _classify(item):
    """One index item as (kind, value)."""
    if item is None:
        return _NONE, None
    if item is Ellipsis:
        return _ELLIPSIS, None
    if isinstance(item, (builtins.bool, np.bool_)):
        return _BOOL, builtins.bool(item)
    if isinstance(item, (builtins.int, np.integer)):
        return _INT, builtins.int(item)
    if isinstance(item, slice):
        return _SLICE, item
    if U.is_tensor(item):
        return _from_array(item._data)
    if isinstance(item, np.ndarray):
        return _from_array(item)
    if isinstance(item, (list, tuple, builtins.range)):
        return _from_array(_sequence_array(item))
    if isinstance(item, (str, bytes)):  # a sequence to PyTorch: it counts as a dim, then fails
        return _INDEX, _BadSequence(type(item).__name__)
    raise IndexError(
        "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
        f"indices (got {type(item).__name__})"
    )


class _BadSequence:
    """A string index: PyTorch counts it as one index tensor, then fails to build the tensor."""

    ndim = 1

    def __init__(self, name):
        self.name = name

    def fail(self):
        raise TypeError(f"new(): invalid data type '{self.name}'")


def _sequence_array(seq):
    """A list index as PyTorch reads it: bools stay a mask, anything else becomes int64."""
    a = np.asarray(seq)
    if a.dtype.kind == "b":
        return a
    if a.dtype.kind not in "iuf" or a.size == 0:
        if a.size == 0:
            return a.astype(np.int64)
        raise TypeError(f"new(): invalid data type '{type(np.ravel(a)[0].item()).__name__}'")
    return a.astype(np.int64, copy=False)


def _from_array(a):
    if a.dtype == np.uint8:
        warnings.warn(
            "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool "
            "instead.",
            UserWarning,
            stacklevel=5,
        )
        a = a.astype(bool)
    if a.dtype.kind == "b":
        return (_BOOL, builtins.bool(a)) if a.ndim == 0 else (_MASK, a)
    if a.dtype.kind in "iu":
        return (_INT, builtins.int(a)) if a.ndim == 0 else (_INDEX, a)
    raise IndexError("tensors used as indices must be long, int, byte or bool tensors")


def _dims_used(kind, value):
    if kind in (_INT, _SLICE, _INDEX):
        return 1
    return value.ndim if kind is _MASK else 0


def _slice_bounds(s, size):
    step = 1 if s.step is None else s.step.__index__()
    if step == 0:
        raise ValueError("slice step cannot be zero")
    if step < 0:
        raise ValueError("step must be greater than zero")
    start = None if s.start is None else s.start.__index__()
    stop = None if s.stop is None else s.stop.__index__()
    return slice(start, stop, step).indices(size)


def _plan(self, index, setitem=False):
    """Splits ``index`` into (view op, basic index, advanced index on the view).

    The view op is the class of the last view PyTorch applies (``None`` when none is needed); the
    advanced index is a NumPy tuple of full slices and integer/bool arrays, or ``None``.
    """
    items, is_tuple = _index_items(index)
    shape = self._data.shape
    ndim = len(shape)
    parsed = [_classify(item) for item in items]
    specified = builtins.sum(_dims_used(kind, value) for kind, value in parsed)
    if ndim == 0 and builtins.any(kind is _INT for kind, _ in parsed):
        raise IndexError(_ZERO_DIM_MESSAGE)
    if specified > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    # PyTorch skips full slices inside a tuple (and always when setting), not a bare x[:]
    skip_full = is_tuple or setitem
    basic, advanced = [], []
    last = None
    dim = out = 0  # positions in the input and in the basic view
    expanded = False
    for pos, (kind, value) in enumerate(parsed):
        if kind is _INT:
            size = shape[dim]
            if not -size <= value < size:
                raise IndexError(
                    f"index {value} is out of bounds for dimension {pos} with size {size}"
                )
            basic.append(value)
            dim, last = dim + 1, Select
        elif kind is _SLICE:
            start, stop, step = _slice_bounds(value, shape[dim])
            if skip_full and start == 0 and stop == shape[dim] and step == 1:
                basic.append(slice(None))
            else:
                basic.append(slice(start, stop, step))
                last = Slice
            dim, out = dim + 1, out + 1
        elif kind is _NONE:
            basic.append(None)
            out, last = out + 1, Unsqueeze
        elif kind is _ELLIPSIS:
            n = 0 if expanded else ndim - specified
            expanded = True
            basic.extend([slice(None)] * n)
            dim, out = dim + n, out + n
        elif kind is _BOOL:  # a new dim of size 1, indexed by [0] (True) or [] (False)
            basic.append(None)
            xp = array_module(self._data)
            advanced.append((out, xp.arange(1 if value else 0, dtype=xp.int64)))
            out, last = out + 1, Unsqueeze
        else:  # _INDEX or _MASK
            if isinstance(value, _BadSequence):
                value.fail()
            n = 1 if kind is _INDEX else value.ndim
            basic.extend([slice(None)] * n)
            advanced.append((out, value))
            dim, out = dim + n, out + n
    basic = tuple(basic) + (Ellipsis,)  # Ellipsis keeps NumPy from returning a scalar
    if not advanced:
        return last, basic, None
    view_shape = self._data[basic].shape if last is not None else shape
    return last, basic, _advanced_index(view_shape, advanced)


def _advanced_index(view_shape, advanced):
    """The NumPy index for the advanced items [(dim, array)], after PyTorch's checks."""
    index = []
    dim = 0
    for pos, a in advanced:
        index.extend([slice(None)] * (pos - dim))
        if a.dtype.kind == "b":
            _check_mask(a, view_shape, pos)
            dim = pos + a.ndim
        else:
            dim = pos + 1
        index.append(a)
    _check_index_arrays(tuple(index), view_shape)
    return tuple(index)


def _check_mask(mask, shape, pos):
    for j, size in enumerate(mask.shape):
        if pos + j >= len(shape) or shape[pos + j] != size:
            raise IndexError(
                f"The shape of the mask {U.shape_list(mask.shape)} at index {j} does not match "
                f"the shape of the indexed tensor {U.shape_list(shape)} at index {pos + j}"
            )


def _check_index_arrays(index, shape):
    """Index arrays broadcast together and address places inside ``shape`` (PyTorch's messages)."""
    arrays = [a for a in index if not isinstance(a, slice)]
    if len(arrays) > 1 or (arrays and arrays[0].dtype.kind == "b" and arrays[0].ndim > 1):
        shapes = _advanced_shapes(arrays)
        try:
            np.broadcast_shapes(*shapes)
        except ValueError:
            listed = ", ".join(U.shape_list(s) for s in shapes)
            raise IndexError(
                f"shape mismatch: indexing tensors could not be broadcast together with shapes "
                f"{listed}"
            ) from None
    dim = ordinal = 0
    for a in index:
        if isinstance(a, slice):
            dim += 1
            continue
        if a.dtype.kind == "b":
            dim, ordinal = dim + a.ndim, ordinal + a.ndim
            continue
        U.check_bounds(a, shape[dim], ordinal)
        dim, ordinal = dim + 1, ordinal + 1


def _advanced_shapes(arrays):
    """The shapes PyTorch broadcasts: a k-dim mask stands for k index tensors of its count."""
    shapes = []
    for a in arrays:
        if a.dtype.kind == "b":
            shapes.extend([(builtins.int(a.sum()),)] * builtins.max(a.ndim, 1))
        else:
            shapes.append(a.shape)
    return shapes


def _index_result_shape(shape, index):
    """The shape of ``array[index]`` for an advanced index, without doing the indexing."""
    out, first, last_slot, adjacent = [], None, None, True
    dim = 0
    for slot, a in enumerate(index):
        if isinstance(a, slice):
            out.append(shape[dim])
            dim += 1
            continue
        if last_slot is not None and slot != last_slot + 1:
            adjacent = False
        if first is None:
            first = len(out)
        last_slot = slot
        dim += a.ndim if a.dtype.kind == "b" else 1
    out.extend(shape[dim:])
    middle = list(
        np.broadcast_shapes(*_advanced_shapes([a for a in index if not isinstance(a, slice)]))
    )
    if adjacent:
        return tuple(out[:first] + middle + out[first:])
    return tuple(middle + out)


# -- x[index] and x[index] = value ---------------------------------------------------------------


def getitem(self, index):
    """``self[index]``: a view for basic indexing, a copy for advanced indexing."""
    if type(index) is builtins.int and self._data.ndim:  # the commonest case, without parsing
        if -self._data.shape[0] <= index < self._data.shape[0]:
            return Select.apply(self, (index, Ellipsis))
    view_op, basic, advanced = _plan(self, index)
    if view_op is None and advanced is None:
        view_op = Alias  # x[...] and x[:, :] are still new tensors (views)
    if view_op is None:
        result = self
    elif self._requires_grad and _grad_state.enabled:  # one node per step, as torch shows
        result = _chained_views(self, basic)
    else:  # the same view in one NumPy step
        result = view_op.apply(self, basic)
    if advanced is not None:
        result = Index.apply(result, advanced)
        U.guard_index(result, *(index if isinstance(index, tuple) else (index,)))
    return result


def _chained_views(self, basic):
    """``self[basic]`` as torch builds it: a select, slice or unsqueeze node per index item,
    left to right (full slices skipped)."""
    steps = [item for item in basic[:-1] if not (isinstance(item, slice) and item == _FULL)]
    if len(steps) <= 1:
        op = Alias if not steps else _VIEW_OP[type(steps[0])]
        return op.apply(self, basic)
    result, dim = self, 0
    for item in basic[:-1]:
        if isinstance(item, slice) and item == _FULL:
            dim += 1
            continue
        result = _VIEW_OP[type(item)].apply(result, (_FULL,) * dim + (item, Ellipsis))
        dim += not isinstance(item, builtins.int)
    return result


_FULL = slice(None)


def setitem(self, index, value):
    """``self[index] = value``: writes in place (through views), broadcasting and casting."""
    value = _setitem_value(self, value)
    view_op, basic, advanced = _plan(self, index, setitem=True)
    value = _strip_leading_ones(value)
    if not U.recording(self, value):
        _setitem_arrays(self, basic if view_op is not None else None, advanced, value)
        return
    target = self if view_op is None else view_op.apply(self, basic)
    if value.dtype is not self.dtype:
        value = value.to(self.dtype)
    if advanced is not None:
        _check_values(value.shape, _index_result_shape(target.shape, advanced))
        _index_put_prepared(target, advanced, value, False)
        return
    _check_expand(value, target.shape)
    if value.dim() == 0 and target is self:
        update(self, Fill.apply(self, value))
    else:
        copy_(target, value)


def _setitem_value(self, value):
    if U.is_tensor(value):
        return value
    if isinstance(value, (builtins.bool, builtins.int, builtins.float, builtins.complex)):
        xp = array_module(self._data)
        return U.make(xp.asarray(U.scalar_for(value, self.dtype)))
    from .._tensor_type import legacy_name

    cls = type(value)
    name = cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__name__}"
    raise TypeError(f"can't assign a {name} to a {legacy_name(self.dtype, self.device.type)}")


def _strip_leading_ones(value):
    """PyTorch drops a value's leading size-1 dims before broadcasting it into the target."""
    shape = value.shape
    k = 0
    while k < len(shape) and shape[k] == 1:
        k += 1
    if k == 0:
        return value
    if not U.recording(value):
        return value._view_of(value._data.reshape(shape[k:]))
    return value.reshape(shape[k:])


def _setitem_arrays(self, basic, advanced, value):
    """``self[index] = value`` straight into the storage (autograd is not involved)."""
    target = self._data if basic is None else self._data[basic]
    v = _backend.to_device(value._data, _backend.device_type_of(target))
    v = U.cast_array(v, target.dtype)
    if advanced is None:
        _check_expand(value, target.shape)
        target[...] = v
    else:
        _check_values(v.shape, _index_result_shape(target.shape, advanced))
        target[advanced] = v
    self._version_counter.value += 1


def _check_expand(value, shape):
    """``value.expand(shape)``'s checks, with its messages."""
    vshape = tuple(value.shape)
    if len(vshape) > len(shape):
        from .._tensor_type import legacy_name

        raise RuntimeError(
            f"expand({legacy_name(value.dtype, value.device.type)}{{{U.shape_list(vshape)}}}, "
            f"size={U.shape_list(shape)}): the number of sizes provided ({len(shape)}) must be "
            f"greater or equal to the number of dimensions in the tensor ({len(vshape)})"
        )
    for i in builtins.range(1, len(vshape) + 1):
        if vshape[-i] != shape[-i] and vshape[-i] != 1:
            raise RuntimeError(
                f"The expanded size of the tensor ({shape[-i]}) must match the existing size "
                f"({vshape[-i]}) at non-singleton dimension {len(shape) - i}.  Target sizes: "
                f"{U.shape_list(shape)}.  Tensor sizes: {U.shape_list(vshape)}"
            )


def _check_values(vshape, result_shape):
    try:
        ok = np.broadcast_shapes(tuple(vshape), tuple(result_shape)) == tuple(result_shape)
    except ValueError:
        ok = False
    if not ok:
        raise RuntimeError(
            f"shape mismatch: value tensor of shape {U.shape_list(vshape)} cannot be broadcast to "
            f"indexing result of shape {U.shape_list(result_shape)}"
        )


# -- copy_ ------------------------------------------------------------------------------------


def copy_(self, src, non_blocking=False):
    """Copies ``src`` into ``self`` (broadcasting and casting); the gradient goes to ``src``."""
    if not U.is_tensor(src):
        if not isinstance(src, (builtins.bool, builtins.int, builtins.float, builtins.complex)):
            raise TypeError(
                f"copy_(): argument 'other' (position 1) must be Tensor, not {type(src).__name__}"
            )
        src = _setitem_value(self, src)
    shape = U.broadcast_shapes(self.shape, src.shape)
    if shape != tuple(self.shape):
        raise RuntimeError(
            f"output with shape {U.shape_list(self.shape)} doesn't match the broadcast shape "
            f"{U.shape_list(shape)}"
        )
    if not U.recording(self, src):
        data = _backend.to_device(src._data, _backend.device_type_of(self._data))
        self._data[...] = U.cast_array(data, self._data.dtype)
        self._version_counter.value += 1
        return self
    return update(self, Copy.apply(self, src))


# -- index_put --------------------------------------------------------------------------------


def _index_put_index(self, indices, position):
    """``indices`` (a tuple of tensors) as a NumPy index into ``self``, checked."""
    if U.is_tensor(indices):
        indices = (indices,)
    advanced, dim = [], 0
    for i, t in enumerate(indices):
        if not U.is_tensor(t):
            raise TypeError(
                f"expected Tensor as element {i} in argument {position}, but got {type(t).__name__}"
            )
        kind, a = _from_array(t._data)
        if kind is _BOOL:  # a 0-dim mask: keep the bool array itself
            kind, a = _MASK, t._data.astype(bool)
        elif kind is _INT:
            kind, a = _INDEX, t._data
        advanced.append((dim, a))
        dim += a.ndim if kind is _MASK else 1
    if dim > self.dim():
        raise IndexError(f"too many indices for tensor of dimension {self.dim()} (got {dim})")
    return _advanced_index(self.shape, advanced)


def _index_put_checked(self, indices, values, name, position):
    """The NumPy index for ``index_put``, after PyTorch's checks in PyTorch's order."""
    if not U.is_tensor(values):
        raise TypeError(
            f"{name}(): argument 'values' (position {position + 2}) must be Tensor, not "
            f"{type(values).__name__}"
        )
    index = _index_put_index(self, indices, position)
    _check_values(values.shape, _index_result_shape(self.shape, index))
    if values.dtype is not self.dtype:
        raise RuntimeError(
            f"Index put requires the source and destination dtypes match, got "
            f"{U.type_name(self.dtype)} for the destination and {U.type_name(values.dtype)} for "
            "the source."
        )
    return index


def _index_put_prepared(self, index, values, accumulate):
    """In-place index_put with an already-checked NumPy index."""
    if not U.recording(self, values):
        _put_kernel(self._data, index, values._data, accumulate)
        self._version_counter.value += 1
        return self
    return update(self, IndexPut.apply(self, values, index, accumulate))


def index_put_(self, indices, values, accumulate=False):
    """Writes ``values`` into ``self`` at ``indices`` (a tuple of index tensors), in place."""
    index = _index_put_checked(self, indices, values, "index_put_", 1)
    return _index_put_prepared(self, index, values, accumulate)


def index_put(input, indices, values, accumulate=False):
    """Out-of-place :meth:`index_put_`."""
    index = _index_put_checked(input, indices, values, "index_put", 1)
    return IndexPut.apply(input, values, index, accumulate)


def _method_index_put_(self, indices, values, accumulate=False):
    index = _index_put_checked(self, indices, values, "index_put_", 0)
    return _index_put_prepared(self, index, values, accumulate)


def _method_index_put(self, indices, values, accumulate=False):
    index = _index_put_checked(self, indices, values, "index_put", 0)
    return IndexPut.apply(self, values, index, accumulate)


# -- take and put ------------------------------------------------------------------------------


def _flat_index(input, index, name):
    if index.dtype is not D.int64:
        raise RuntimeError(
            f"{name}(): Expected a long tensor for index, but got {U.type_name(index.dtype)}"
        )
    n = input.numel()
    a = index._data
    if a.size:
        lo, hi = builtins.int(a.min()), builtins.int(a.max())
        if lo < -n or hi >= n:
            bad = builtins.int(a[(a < -n) | (a >= n)].reshape(-1)[0])
            raise IndexError(
                f"out of range: tried to access index {bad} on a tensor of {n} elements."
            )
    return a


def take(input, index, *, out=None):
    """Elements of ``input`` at the flat positions ``index``; the result has ``index``'s shape."""
    result = U.guard_index(Take.apply(input, _flat_index(input, index, "take")), index)
    return result if out is None else write_out(out, result)


def _check_put(self, index, source):
    a = _flat_index(self, index, "put_")
    if source.numel() != index.numel():
        raise IndexError(
            "put_(): Expected source and index to have the same number of elements, but got "
            f"source.numel() = {source.numel()}, index.numel() = {index.numel()}"
        )
    if source.dtype is not self.dtype:
        raise RuntimeError(
            "put_(): self and source expected to have the same dtype, but got self.dtype = "
            f"{U.type_name(self.dtype)} and source.dtype = {U.type_name(source.dtype)}"
        )
    return a


def put_(self, index, source, accumulate=False):
    """Writes ``source`` at the flat positions ``index`` of ``self`` (adds if ``accumulate``)."""
    a = _check_put(self, index, source)
    if not U.recording(self, source):
        _put_flat(self._data, a, source._data, accumulate)
        self._version_counter.value += 1
        return self
    return update(self, Put.apply(self, source, a, accumulate))


def put(input, index, source, accumulate=False):
    """Out-of-place :meth:`put_`."""
    return Put.apply(input, source, _check_put(input, index, source), accumulate)


# -- the namespace ----------------------------------------------------------------------------

from . import masking as _masking  # noqa: E402  (they use the helpers above)
from . import scatter as _scatter  # noqa: E402
from .masking import *  # noqa: E402, F401, F403
from .scatter import *  # noqa: E402, F401, F403

__all__ = ["index_put", "index_put_", "take", "put"] + _masking.__all__ + _scatter.__all__

TENSOR_METHODS = {
    "copy_": copy_, "index_put": _method_index_put, "index_put_": _method_index_put_, "take": take,
    "put": put, "put_": put_,
    **_masking.TENSOR_METHODS, **_scatter.TENSOR_METHODS,
}  # fmt: skip


_VIEW_OP = {builtins.int: Select, slice: Slice, type(None): Unsqueeze}
