"""The public ``torch.autograd.Function``: Tensor-level forward and backward, written by users.

A thin adapter over the same ``Node`` the built-in ops record: ``apply`` runs ``forward`` with
grad mode off, then makes the node the ``grad_fn`` of the outputs.
"""

from __future__ import annotations

import functools

from .grad_mode import _state, no_grad
from .node import Node, SavedTensor


class FunctionCtx(Node):
    """The ``ctx`` of a custom Function (and its ``grad_fn``)."""

    def __init__(self, fn_cls):
        super().__init__(None)
        self._fn_cls = fn_cls

    def name(self):
        return f"{self._fn_cls.__name__}Backward"

    def __repr__(self):
        return f"<torch.autograd.function.{self.name()} object at {hex(id(self))}>"

    def apply_backward(self, grads):
        if self._freed:
            from .node import FREED_MESSAGE

            raise RuntimeError(FREED_MESSAGE)
        result = self._fn_cls.backward(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        expected = len(self.needs_input_grad)
        if len(result) < expected or any(r is not None for r in result[expected:]):
            raise RuntimeError(
                f"function {self.name()} returned an incorrect number of gradients (expected "
                f"{expected}, got {len(result)})"
            )
        return result[:expected]

    def __call__(self, *grads):
        return self._fn_cls.backward(self, *grads)


class Function:
    """Records a custom operation: subclass it with ``forward`` and ``backward`` staticmethods.

    ``forward(ctx, *args)`` computes outputs from tensors; ``backward(ctx, *grad_outputs)``
    returns one gradient per forward argument (None for non-tensors).
    """

    def __init__(self, *args, **kwargs):
        import warnings

        warnings.warn(
            f"{self.__class__} should not be instantiated. Methods on autograd functions are all "
            "static, so you should invoke them on the class itself. Instantiating an autograd "
            "function will raise an error in a future version of PyTorch.",
            DeprecationWarning,
            stacklevel=2,
        )

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError(
            "You must implement the forward function for custom autograd.Function."
        )

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom "
            "autograd.Function to use it with backward mode AD."
        )

    vjp = backward

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError

    @classmethod
    def apply(cls, *args, **kwargs):
        from .._tensor import Tensor

        ctx = FunctionCtx(cls)
        tensor_args = [a for a in args if isinstance(a, Tensor)]
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        uses_setup = cls.setup_context is not Function.setup_context
        with no_grad():
            if uses_setup:
                outputs = cls.forward(*args, **kwargs)
            else:
                outputs = cls.forward(ctx, *args, **kwargs)
        if uses_setup:
            cls.setup_context(ctx, args, outputs)
        is_tuple = isinstance(outputs, tuple)
        outs = outputs if is_tuple else (outputs,)
        record = _state.enabled and any(t.requires_grad for t in tensor_args)
        outs = tuple(_own_output(o, args, ctx, record) for o in outs)
        if record:
            _record(ctx, args, outs)
        elif ctx._to_save is not None:
            ctx._saved = [SavedTensor(t) if t is not None else None for t in ctx._to_save]
        return outs if is_tuple else outs[0]


def _own_output(out, args, ctx, record):
    """Outputs that alias an input become new tensors, unless the input was marked dirty."""
    from .._tensor import Tensor

    if not isinstance(out, Tensor):
        return out
    if any(out is a for a in args) and not any(out is d for d in ctx._dirty):
        return out._view_of(out._data)
    return out


def _record(ctx, args, outs):
    from .._tensor import Tensor
    from ..ops.inplace import check_inplace

    ctx.next_functions = tuple(
        (a._grad_edge(), a._output_nr if a.grad_fn is not None else 0)
        if isinstance(a, Tensor) and a.requires_grad
        else (None, 0)
        for a in args
    )
    ctx._input_meta = tuple(
        (a.shape, a.dtype) if isinstance(a, Tensor) and a.requires_grad else None for a in args
    )
    ctx._output_meta = tuple(
        (o.shape, o.dtype) if isinstance(o, Tensor) else ((), None) for o in outs
    )
    for i, out in enumerate(outs):
        if not isinstance(out, Tensor):
            continue
        if any(out is d for d in ctx._dirty):
            check_inplace(out)
            out._version_counter.value += 1
        if any(out is n for n in ctx._non_differentiable):
            continue
        if out.dtype.is_floating_point or out.dtype.is_complex:
            out.grad_fn, out._output_nr, out._requires_grad = ctx, i, True
    if ctx._to_save is not None:
        ctx._saved = [SavedTensor(t) if t is not None else None for t in ctx._to_save]
        ctx._to_save = None


def once_differentiable(fn):
    """Marks a backward as not differentiable itself: it runs with grad mode off."""

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with no_grad():
            return fn(ctx, *args)

    return wrapper
