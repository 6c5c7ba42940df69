"""``torch.autograd``: reverse-mode automatic differentiation."""

from __future__ import annotations

from . import functional, graph  # noqa: F401
from .engine import run_backward
from .function import Function, FunctionCtx, once_differentiable  # noqa: F401
from .grad_mode import (  # noqa: F401
    detect_anomaly,
    enable_grad,
    inference_mode,
    is_anomaly_enabled,
    is_grad_enabled,
    no_grad,
    set_detect_anomaly,
    set_grad_enabled,
)  # fmt: skip
from .gradcheck import GradcheckError, gradcheck, gradgradcheck  # noqa: F401

__all__ = ["backward", "grad", "Function", "no_grad", "enable_grad", "set_grad_enabled"]


def _tensor_tuple(x):
    from .._tensor import Tensor

    if x is None:
        return None
    if isinstance(x, Tensor):
        return (x,)
    return tuple(x)


def _make_grads(outputs, grad_outputs, create_graph):
    """The starting gradients: ones for scalar outputs, else what the caller gave."""
    from .._tensor import Tensor
    from ..ops.creation import ones_like

    grads = []
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):
        if g is None:
            if out.requires_grad and out.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if out.requires_grad and not (out.dtype.is_floating_point or out.dtype.is_complex):
                raise RuntimeError(
                    "grad can be implicitly created only for real scalar outputs but got "
                    f"{out.dtype}"
                )
            grads.append(ones_like(out) if out.requires_grad else None)
            continue
        if not isinstance(g, Tensor):
            raise TypeError("gradients can be either Tensors or None, but got " + type(g).__name__)
        if g.shape != out.shape:
            raise RuntimeError(
                f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and output[{i}] "
                f"has a shape of {out.shape}."
            )
        if g.dtype.is_complex != out.dtype.is_complex:
            raise RuntimeError(
                "For complex Tensors, both grad_output and output are required to have the "
                f"same dtype. Mismatch in dtype: grad_output[{i}] has a dtype of {g.dtype} and "
                f"output[{i}] has a dtype of {out.dtype}."
            )
        if g.dtype is not out.dtype:  # the engine works in the output's dtype, as torch's does
            g = g.to(out.dtype)
        grads.append(g)
    return grads


def _roots(outputs, grads):
    roots, root_grads = [], []
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if not out.requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )
        roots.append((out._grad_edge(), out._output_nr if out.grad_fn is not None else 0))
        root_grads.append(g)
    return roots, root_grads


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulates into ``.grad`` of the leaves the gradients of ``tensors``."""
    tensors = _tensor_tuple(tensors)
    if grad_tensors is None:
        grad_tensors = (None,) * len(tensors)
    else:
        grad_tensors = _tensor_tuple(grad_tensors)
    if retain_graph is None:
        retain_graph = create_graph
    grads = _make_grads(tensors, grad_tensors, create_graph)
    roots, root_grads = _roots(tensors, grads)
    if inputs is None:
        run_backward(roots, root_grads, retain_graph, create_graph)
        return
    inputs = _tensor_tuple(inputs)
    if not inputs:
        raise RuntimeError("'inputs' argument to backward() cannot be empty.")
    found = _grad(roots, root_grads, inputs, retain_graph, create_graph, allow_unused=True)
    for t, g in zip(inputs, found):
        if g is None:
            continue
        if t.grad is None:
            t._grad = g if create_graph else g.detach().clone()
        else:
            t._grad = t._grad + g


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    retain_graph=None,
    create_graph=False,
    only_inputs=True,
    allow_unused=None,
    is_grads_batched=False,
    materialize_grads=False,
):
    """Returns the gradients of ``outputs`` with respect to ``inputs`` (nothing accumulated)."""
    outputs = _tensor_tuple(outputs)
    inputs = _tensor_tuple(inputs)
    if allow_unused is None:
        allow_unused = materialize_grads
    if materialize_grads and allow_unused is False:
        raise ValueError(
            "Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
            "allow_unused=False."
        )
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    else:
        grad_outputs = _tensor_tuple(grad_outputs)
    if retain_graph is None:
        retain_graph = create_graph
    grads = _make_grads(outputs, grad_outputs, create_graph)
    roots, root_grads = _roots(outputs, grads)  # checks the outputs first, as torch does
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    result = _grad(roots, root_grads, inputs, retain_graph, create_graph, allow_unused)
    if materialize_grads:
        from ..ops.creation import zeros_like

        result = [g if g is not None else zeros_like(t) for g, t in zip(result, inputs)]
    return tuple(result)


def _grad(roots, root_grads, inputs, retain_graph, create_graph, allow_unused):
    capture = {}
    for i, t in enumerate(inputs):
        key = (t._grad_edge(), t._output_nr if t.grad_fn is not None else 0)
        capture.setdefault(key, i)
    captured = run_backward(roots, root_grads, retain_graph, create_graph, capture=capture)
    result = []
    for i, t in enumerate(inputs):
        key = (t._grad_edge(), t._output_nr if t.grad_fn is not None else 0)
        g = captured[capture[key]]
        if g is None and not allow_unused:
            raise RuntimeError(
                f"The differentiated Tensor at index {i} appears to not have been used in the "
                "graph. Set allow_unused=True if this is the desired behavior."
            )
        result.append(g)
    return result
