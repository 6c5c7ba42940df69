"""In-place updates and ``out=``: how a computed result is written into an existing tensor.

An in-place op is its out-of-place op followed by ``update``: the result's values are written into
the tensor's storage (so views see them), the version counter is bumped (so saved tensors notice),
and the tensor's ``grad_fn`` is rebased onto the result's node, as PyTorch does.
"""

from __future__ import annotations

from .. import _dtype as D
from .._backend import array_module, as_strided, data_ptr
from ..autograd.grad_mode import _state
from ..autograd.node import Op, SavedTensor

LEAF_MESSAGE = "a leaf Variable that requires grad is being used in an in-place operation."


def check_inplace(self, other_requires_grad=False):
    """PyTorch's refusal to change, in grad mode, a leaf that requires grad."""
    if self._requires_grad and self.grad_fn is None and _state.enabled:
        raise RuntimeError(LEAF_MESSAGE)
    if (
        self._multi_view is not None
        and _state.enabled
        and (self._requires_grad or other_requires_grad)
    ):
        name = self._multi_view.name().removesuffix("Backward0")
        raise RuntimeError(
            f"Output {self._output_nr} of {name} is a view and is being modified inplace. This "
            "view is the output of a function that returns multiple views. Such functions do not "
            "allow the output views to be modified inplace. You should replace the inplace "
            "operation by an out-of-place one."
        )
    if (
        self._base is not None
        and self._base._requires_grad
        and self._base.grad_fn is None
        and _state.enabled
        and (self._requires_grad or other_requires_grad)
    ):
        raise RuntimeError(
            "a view of a leaf Variable that requires grad is being used in an in-place operation."
        )


def check_cast(result_dtype, out_dtype):
    if not D.can_cast(result_dtype, out_dtype):
        raise RuntimeError(
            f"result type {_scalar_type_name(result_dtype)} can't be cast to the desired output "
            f"type {_scalar_type_name(out_dtype)}"
        )


def _scalar_type_name(d):
    names = {
        "float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16",
        "complex64": "ComplexFloat", "complex128": "ComplexDouble", "uint8": "Byte",
        "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long", "bool": "Bool",
    }  # fmt: skip
    return names[d.name]


def update(self, result):
    """Write ``result`` into ``self`` in place; rebase autograd history onto the result."""
    check_inplace(self, result._requires_grad)
    if result.shape != self.shape:
        raise RuntimeError(
            f"output with shape {list(self.shape)} doesn't match the broadcast shape "
            f"{list(_broadcast_shape(self.shape, result.shape))}"
        )
    check_cast(result.dtype, self.dtype)
    recorded = result.grad_fn is not None
    if recorded:
        _snapshot_saved_self(self, result.grad_fn)
    self._data[...] = result._data
    self._version_counter.value += 1
    if recorded:
        _rebase(self, result)
    return self


def inplace(fn):
    """The in-place method for an out-of-place op: compute, then write into ``self``."""

    def method(self, *args, **kwargs):
        return update(self, fn(self, *args, **kwargs))

    method.__name__ = fn.__name__ + "_"
    method.__doc__ = f"In-place version of :meth:`{fn.__name__}`."
    return method


def write_out(out, result):
    """``out=``: resize ``out`` if needed, then write ``result`` into it."""
    if out.grad_fn is not None or out._requires_grad:
        if _state.enabled and (result._requires_grad or out._requires_grad):
            raise RuntimeError(
                f"{_op_name(result)}(): functions with out=... arguments don't support automatic "
                "differentiation, but one of the arguments requires grad."
            )
    check_cast(result.dtype, out.dtype)
    if out.shape != result.shape:  # PyTorch resizes out= tensors to the result's shape
        out._data = array_module(out._data).empty(result.shape, dtype=out._data.dtype)
    out._data[...] = result._data
    out._version_counter.value += 1
    return out


def _op_name(result):
    return result.grad_fn.name().replace("Backward0", "").lower() if result.grad_fn else "op"


def _broadcast_shape(a, b):
    import numpy as np

    try:
        return np.broadcast_shapes(tuple(a), tuple(b))
    except ValueError:
        return tuple(b)


def _snapshot_saved_self(self, node):
    """An op that saved ``self`` needs its old value, which the write is about to destroy."""
    if not node._saved:
        return
    for i, saved in enumerate(node._saved):
        if getattr(saved, "tensor", None) is self:
            old = self._view_of(
                self._data.copy(), self._requires_grad, self.grad_fn, self._output_nr
            )
            old._version_counter = type(self._version_counter)()
            node._saved[i] = SavedTensor(old)


def _rebase(self, result):
    base = self._base
    if base is None:
        self.grad_fn, self._output_nr, self._requires_grad = result.grad_fn, result._output_nr, True
        return
    # ``self`` is a view: the base's history now goes through the write (PyTorch's CopySlices),
    # and the view's history is a fresh view of the new base.
    positions = view_positions(base._data, self._data)
    new_base = CopySlices.apply(base, result, positions)
    base.grad_fn, base._output_nr, base._requires_grad = new_base.grad_fn, 0, True
    fresh_view = AsStrided.apply(base, positions)
    self.grad_fn, self._output_nr, self._requires_grad = fresh_view.grad_fn, 0, True


def view_positions(base, view):
    """For each element of ``view``, its flat (row-major) index in ``base``, which it looks into.

    Lays the indices 0..n-1 out in a scratch buffer with ``base``'s memory layout, then reads that
    buffer through ``view``'s layout: no assumption about either being contiguous.
    """
    xp = array_module(base)
    itemsize = base.itemsize
    lo, hi = _extent(base)
    scratch = xp.zeros((hi - lo) // itemsize + 1, dtype=xp.int64)
    start = (data_ptr(base) - lo) // itemsize
    base_strides = tuple(s // itemsize * 8 for s in base.strides)
    laid = as_strided(scratch[start:], base.shape, base_strides)
    laid[...] = xp.arange(base.size, dtype=xp.int64).reshape(base.shape)
    offset = (data_ptr(view) - lo) // itemsize
    view_strides = tuple(s // itemsize * 8 for s in view.strides)
    return as_strided(scratch[offset:], view.shape, view_strides).copy()


def _extent(a):
    """Lowest and highest byte addresses an array touches."""
    lo = hi = data_ptr(a)
    for size, stride in zip(a.shape, a.strides):
        if size > 1:
            if stride < 0:
                lo += stride * (size - 1)
            else:
                hi += stride * (size - 1)
    return lo, hi


class CopySlices(Op):
    """The base of a view written in place: gradient splits between the view and the rest."""

    node_name = "torch::autograd::CopySlices"

    @staticmethod
    def forward(ctx, base, view_values, positions):
        ctx.positions = positions
        return base  # the storage already holds the written values

    @staticmethod
    def backward(ctx, grad):
        return IndexFillFlat.apply(grad, ctx.positions), AsStrided.apply(grad, ctx.positions), None


class AsStrided(Op):
    """A view given by flat positions into its base (a written view's fresh history)."""

    node_name = "AsStridedBackward0"

    @staticmethod
    def forward(ctx, base, positions):
        ctx.positions, ctx.base_shape = positions, base.shape
        return base.reshape(-1)[positions]

    @staticmethod
    def backward(ctx, grad):
        return AsStridedScatter.apply(grad, ctx.positions, ctx.base_shape), None


class AsStridedScatter(Op):
    """Zeros of the base's shape with ``values`` at ``positions`` (AsStrided's adjoint)."""

    @staticmethod
    def forward(ctx, values, positions, base_shape):
        ctx.positions = positions
        xp = ctx.xp
        out = xp.zeros(int(xp.prod(xp.asarray(base_shape))), dtype=values.dtype)
        out[positions.reshape(-1)] = values.reshape(-1)
        return out.reshape(base_shape)

    @staticmethod
    def backward(ctx, grad):
        return AsStrided.apply(grad, ctx.positions), None, None


class IndexFillFlat(Op):
    """A copy with the elements at flat ``positions`` set to zero."""

    @staticmethod
    def forward(ctx, input, positions):
        ctx.positions = positions
        out = input.copy()
        out.reshape(-1)[positions.reshape(-1)] = 0
        return out

    @staticmethod
    def backward(ctx, grad):
        return IndexFillFlat.apply(grad, ctx.positions), None
