"""The backward pass: one iterative walk over the graph of ``grad_fn`` nodes.

Nodes run in topological order (newest first among those ready, as PyTorch's CPU engine does);
each node's output gradients are summed as they arrive, tensor hooks run on the sum, and the
gradients it returns go to the nodes named in ``next_functions``. Leaves are reached through
their ``AccumulateGrad`` node, which adds into ``.grad``.
"""

from __future__ import annotations

import heapq

from .grad_mode import _state, set_grad_enabled
from .node import AccumulateGrad


def _collect(roots):
    """Every node reachable from ``roots``, how many edges point at each, and each one's parents."""
    dependencies = {}
    parents = {}
    stack = list(dict.fromkeys(n for n in roots if n is not None))
    seen = set(stack)
    while stack:
        node = stack.pop()
        for child, _ in node.next_functions:
            if child is None:
                continue
            dependencies[child] = dependencies.get(child, 0) + 1
            parents.setdefault(child, []).append(node)
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return dependencies, parents


def _needed(parents, targets):
    """Nodes with a path down to a target: only these must run to reach the targets."""
    needed = set()
    stack = list(targets)
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in needed:
                needed.add(parent)
                stack.append(parent)
    return needed


def run_backward(roots, root_grads, retain_graph, create_graph, capture=None):
    """Propagate ``root_grads`` from the ``roots`` (pairs of node and output index).

    ``capture`` maps (node, output_nr) of the tensors given as ``inputs`` to a slot; their
    gradients are returned in a list instead of being accumulated into ``.grad``, and only nodes
    on a path to them run.
    """
    from .._tensor import Tensor

    root_nodes = [node for node, _ in roots]
    dependencies, parents = _collect(root_nodes)
    needed = None if capture is None else _needed(parents, {node for node, _ in capture})

    buffers = {}  # node -> list of gradient per output
    for (node, nr), g in zip(roots, root_grads):
        _add_to_buffer(buffers, node, nr, g)

    captured = [None] * (len(capture) if capture is not None else 0)
    ready = []
    for node in dict.fromkeys(root_nodes):
        if dependencies.get(node, 0) == 0:
            heapq.heappush(ready, (-node._sequence_nr, id(node), node))

    with set_grad_enabled(create_graph):
        while ready:
            _, _, node = heapq.heappop(ready)
            grads = buffers.pop(node, None) or []
            grads = _run_tensor_hooks(node, grads)
            if capture is not None:
                for nr, g in enumerate(grads):
                    slot = capture.get((node, nr))
                    if slot is not None:
                        captured[slot] = g if create_graph or g is None else g.detach()
            if needed is None or node in needed:
                if isinstance(node, AccumulateGrad):
                    if grads and grads[0] is not None:
                        _accumulate(node, grads[0], create_graph)
                    input_grads = ()
                else:
                    input_grads = _call_node(node, grads, Tensor)
                    if not retain_graph:
                        node.release()
            else:
                input_grads = ()
            for (child, nr), g in zip(node.next_functions, input_grads):
                if child is None:
                    continue
                if g is not None:
                    _add_to_buffer(buffers, child, nr, g)
            for child, _ in node.next_functions:
                if child is None:
                    continue
                dependencies[child] -= 1
                if dependencies[child] == 0:
                    heapq.heappush(ready, (-child._sequence_nr, id(child), child))
    return captured


def _add_to_buffer(buffers, node, nr, grad):
    slots = buffers.get(node)
    if slots is None:
        slots = buffers[node] = [None] * max(len(node._output_meta), nr + 1, 1)
    if slots[nr] is None:
        slots[nr] = grad
    else:
        slots[nr] = slots[nr] + grad


def _run_tensor_hooks(node, grads):
    for hook in node._node_pre_hooks:
        result = hook(tuple(grads))
        if result is not None:
            grads = list(result)
    tensor_hooks = node._pre_hooks
    if isinstance(node, AccumulateGrad):  # a leaf's hooks live on the leaf, which outlives nodes
        leaf_hooks = node.variable._backward_hooks
        tensor_hooks = {0: leaf_hooks} if leaf_hooks else {}
    if not tensor_hooks:
        return grads
    grads = list(grads)
    for nr, hooks in tensor_hooks.items():
        for hook in list(hooks):
            if nr < len(grads) and grads[nr] is not None:
                result = hook(grads[nr])
                if result is not None:
                    grads[nr] = result
    return grads


def _call_node(node, grads, Tensor):
    if len(grads) < len(node._output_meta):
        grads = list(grads) + [None] * (len(node._output_meta) - len(grads))
    if node._materialize_grads and any(g is None for g in grads):
        from ..ops.creation import zeros_for

        arrived = next((g for g in grads if g is not None), None)  # zeros go where it is
        device = arrived.device if arrived is not None else None
        grads = [
            g if g is not None else zeros_for(shape, dtype, device)
            for g, (shape, dtype) in zip(grads, node._output_meta)
        ]
    input_grads = node.apply_backward(grads)
    if node._input_positions is not None:
        input_grads = [
            input_grads[i] if i < len(input_grads) else None for i in node._input_positions
        ]
    if _state.anomaly and _state.anomaly_check_nan:
        _check_nan(node, input_grads)
    result = []
    for g, meta, (child, _) in zip(input_grads, node._input_meta, node.next_functions):
        if g is None or meta is None or child is None:
            result.append(None)
            continue
        if not isinstance(g, Tensor):
            raise TypeError(f"{node.name()} returned a gradient that is not a Tensor")
        shape, dtype = meta
        if g._data.shape != shape:
            g = _sum_to(g, shape, node)
        if g.dtype is not dtype:
            g = g.to(dtype)
        result.append(g)
    for hook in node._hooks:
        hook(tuple(result), tuple(grads))
    return result


def _sum_to(grad, shape, node):
    """Undo broadcasting once, here, for every op: sum the gradient back to the input's shape."""
    lead = grad.dim() - len(shape)
    dims = list(range(lead))
    for i, size in enumerate(shape):
        if size == 1 and grad.shape[lead + i] != 1:
            dims.append(lead + i)
    if lead < 0 or any(size not in (grad.shape[lead + i], 1) for i, size in enumerate(shape)):
        raise RuntimeError(
            f"Function {node.name()} returned an invalid gradient - got {list(grad.shape)} but "
            f"expected shape compatible with {list(shape)}"
        )
    if dims:
        grad = grad.sum(dim=dims, keepdim=True)
    if lead:
        grad = grad.reshape(shape)
    return grad.reshape(shape) if grad.shape != shape else grad


def _check_nan(node, input_grads):
    for g in input_grads:
        if g is not None and bool(g.isnan().any()):
            import warnings

            trace = node._anomaly_trace or ""
            warnings.warn(
                f"Error detected in {node.name()}. Traceback of forward call that caused the "
                f"error:\n{trace}",
                UserWarning,
                stacklevel=4,
            )
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its 0th output.")


def _accumulate(node, grad, create_graph):
    leaf = node.variable
    if leaf is None:
        return
    if leaf._grad is None:
        # a fresh tensor: the incoming one may be shared with another leaf's gradient
        leaf._grad = grad if create_graph else type(grad)._make(grad._data.copy())
    elif create_graph or leaf._grad.requires_grad:
        leaf._grad = leaf._grad + grad
    else:
        leaf._grad._data += grad._data
        leaf._grad._version_counter.value += 1
    for hook in leaf._post_accumulate_grad_hooks or ():
        hook(leaf)
