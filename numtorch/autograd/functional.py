"""``torch.autograd.functional``: Jacobians, Hessians and their products, built on ``grad``."""

from __future__ import annotations

from .grad_mode import enable_grad


def _as_tuple(x):
    from .._tensor import Tensor

    return ((x,), False) if isinstance(x, Tensor) else (tuple(x), True)


def _prepare(inputs, create_graph):
    """Inputs as fresh leaves that require grad (so the function's graph starts at them)."""
    return tuple(
        t.detach().requires_grad_(True) if not (create_graph and t.requires_grad) else t
        for t in inputs
    )


def _grads(outputs, inputs, grad_outputs, create_graph):
    from . import grad

    outs = [o for o in outputs if o.requires_grad]
    gos = [g for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    if not outs:
        return (None,) * len(inputs)
    return grad(outs, inputs, gos, retain_graph=True, create_graph=create_graph, allow_unused=True)


def _fill_zeros(grads, like):
    from ..ops.creation import zeros_like

    return tuple(g if g is not None else zeros_like(t) for g, t in zip(grads, like))


def _unwrap(values, is_tuple):
    return values if is_tuple else values[0]


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """Returns ``(func(inputs), v^T J)``."""
    inputs, in_tuple = _as_tuple(inputs)
    with enable_grad():
        inputs = _prepare(inputs, create_graph)
        outputs, out_tuple = _as_tuple(func(*inputs))
        if v is None:
            if any(o.numel() != 1 for o in outputs):
                raise RuntimeError(
                    "The vector v can only be None if the user-provided function returns a single "
                    "Tensor with a single element."
                )
            from ..ops.creation import ones_like

            v = tuple(ones_like(o) for o in outputs)
        else:
            v, _ = _as_tuple(v)
        grads = _fill_zeros(_grads(outputs, inputs, v, create_graph), inputs)
    outputs = tuple(o if create_graph else o.detach() for o in outputs)
    return _unwrap(outputs, out_tuple), _unwrap(grads, in_tuple)


def jacobian(
    func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"
):
    """The Jacobian of ``func`` at ``inputs``: one row of vector-Jacobian products per output."""
    from ..ops.creation import zeros, zeros_like
    from ..ops.shape import stack

    inputs, in_tuple = _as_tuple(inputs)
    with enable_grad():
        inputs = _prepare(inputs, create_graph)
        outputs, out_tuple = _as_tuple(func(*inputs))
        rows = []
        for out in outputs:
            per_input = [[] for _ in inputs]
            flat = out.reshape(-1)
            for k in range(flat.numel()):
                g = zeros_like(flat)
                g._data[k] = 1
                grads = _grads([flat], inputs, [g], create_graph)
                for j, (gr, t) in enumerate(zip(grads, inputs)):
                    per_input[j].append(gr if gr is not None else zeros_like(t))
            jac = []
            for j, t in enumerate(inputs):
                if per_input[j]:
                    jac.append(stack(per_input[j]).reshape(tuple(out.shape) + tuple(t.shape)))
                else:  # an output with no elements
                    jac.append(zeros(tuple(out.shape) + tuple(t.shape), dtype=t.dtype))
            rows.append(tuple(jac))
    if not create_graph:
        rows = [tuple(r.detach() for r in row) for row in rows]
    if out_tuple:
        return tuple(_unwrap(row, in_tuple) for row in rows)
    return _unwrap(rows[0], in_tuple)


def hessian(
    func,
    inputs,
    create_graph=False,
    strict=False,
    vectorize=False,
    outer_jacobian_strategy="reverse-mode",
):
    """The Hessian of a scalar ``func`` at ``inputs``."""
    _, in_tuple = _as_tuple(inputs)

    def gradient(*xs):
        out = func(*xs)
        if out.numel() != 1:
            raise RuntimeError(
                "The function given to hessian should return a single Tensor with a single element."
            )
        grads = _first_grads(out, xs)
        return grads if in_tuple else grads[0]

    return jacobian(gradient, inputs, create_graph=create_graph)


def _first_grads(out, xs):
    from . import grad

    grads = grad([out], xs, create_graph=True, allow_unused=True)
    return _fill_zeros(grads, xs)


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """Returns ``(func(inputs), v^T H)``."""
    inputs, in_tuple = _as_tuple(inputs)
    v, _ = _as_tuple(v)
    with enable_grad():
        inputs = _prepare(inputs, True)
        out = func(*inputs)
        grads = _first_grads(out, inputs)
        result = _fill_zeros(_grads(grads, inputs, v, create_graph), inputs)
    out = out if create_graph else out.detach()
    return out, _unwrap(result, in_tuple)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """Returns ``(func(inputs), H v)`` (equal to ``vhp`` for the symmetric Hessian)."""
    return vhp(func, inputs, v, create_graph, strict)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """Returns ``(func(inputs), J v)``, by the double-vjp trick."""
    from ..ops.creation import zeros_like

    inputs, in_tuple = _as_tuple(inputs)
    if v is None:
        if any(t.numel() != 1 for t in inputs):
            raise RuntimeError(
                "The vector v can only be None if the input to the user-provided function is a "
                "single Tensor with a single element."
            )
        from ..ops.creation import ones_like

        v = tuple(ones_like(t) for t in inputs)
    else:
        v, _ = _as_tuple(v)
    with enable_grad():
        inputs = _prepare(inputs, True)
        outputs, out_tuple = _as_tuple(func(*inputs))
        dummies = tuple(zeros_like(o).requires_grad_(True) for o in outputs)
        g = _grads(outputs, inputs, dummies, create_graph=True)
        g = [gi for gi in g if gi is not None]
        if g:
            result = _fill_zeros(_grads(g, dummies, v, create_graph), outputs)
        else:
            result = tuple(zeros_like(o) for o in outputs)
    outputs = tuple(o if create_graph else o.detach() for o in outputs)
    result = tuple(r if create_graph else r.detach() for r in result)
    return _unwrap(outputs, out_tuple), _unwrap(result, out_tuple)
