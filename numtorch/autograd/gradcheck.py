"""``gradcheck`` and ``gradgradcheck``: autograd's gradients against finite differences."""

from __future__ import annotations

import numpy as np


class GradcheckError(RuntimeError):
    """Raised when analytical and numerical gradients disagree."""


def _as_tuple(x):
    from .._tensor import Tensor

    return (x,) if isinstance(x, Tensor) else tuple(x)


def _differentiable_outputs(outputs):
    return [o for o in outputs if o.requires_grad]


def _values(t):
    # the function runs with grad mode on: gradgradcheck's function is itself a backward
    return t._data.astype(np.complex128 if t.is_complex() else np.float64).copy()


def _values(outputs):
    # the function runs with grad mode on: gradgradcheck's function is itself a backward
    return [o._data.astype(np.complex128 if o.is_complex() else np.float64) for o in outputs]


def _numerical_jacobian(func, inputs, wrt, outputs, eps):
    """d outputs / d wrt by central differences, one input element at a time."""
    keep = [o.requires_grad for o in outputs]
    jac = []
    for t in wrt:
        data = t._data
        cols = []
        for pos in np.ndindex(data.shape):  # row-major, whatever the strides
            orig = data[pos].copy()
            data[pos] = orig + eps
            plus = _values(_as_tuple(func(*inputs)))
            data[pos] = orig - eps
            minus = _values(_as_tuple(func(*inputs)))
            data[pos] = orig
            diffs = [((p - m) / (2 * eps)).reshape(-1) for p, m, k in zip(plus, minus, keep) if k]
            cols.append(np.concatenate(diffs) if diffs else np.zeros(0))
        jac.append(np.stack(cols, axis=1) if cols else np.zeros((0, 0)))
    return jac


def _analytical_jacobian(outputs, wrt):
    """Rows of the Jacobian from one vector-Jacobian product per output element."""
    from ..ops.creation import zeros_like
    from . import grad as autograd_grad

    sizes = [o.numel() for o in outputs]
    total = sum(sizes)
    jac = [np.zeros((total, t.numel())) for t in wrt]
    row = 0
    for o in outputs:
        for k in range(o.numel()):
            grad_out = zeros_like(o)
            grad_out._data.reshape(-1)[k] = 1
            grads = autograd_grad([o], wrt, [grad_out], retain_graph=True, allow_unused=True)
            for j, g in enumerate(grads):
                if g is not None:
                    jac[j][row] = g._data.reshape(-1)
            row += 1
    return jac


def gradcheck(
    func,
    inputs,
    *,
    eps=1e-6,
    atol=1e-5,
    rtol=1e-3,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_batched_forward_grad=False,
    check_forward_ad=False,
    check_backward_ad=True,
    fast_mode=False,
    masked=None,
):
    """Checks gradients computed by autograd against finite differences (in float64)."""
    inputs = _as_tuple(inputs)
    from .._tensor import Tensor

    wrt = [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]
    for t in wrt:
        if t.dtype.name not in ("float64", "complex128"):
            import warnings

            warnings.warn(
                f"Input #{inputs.index(t)} requires gradient and is not a double precision "
                "floating point or complex. This check will likely fail if all the inputs are not "
                "of double precision floating point or complex. ",
                UserWarning,
                stacklevel=2,
            )
    outputs = _differentiable_outputs(_as_tuple(func(*inputs)))
    if not outputs:
        raise GradcheckError("gradcheck expects at least one output that requires grad")
    analytical = _analytical_jacobian(outputs, wrt)
    numerical = _numerical_jacobian(func, inputs, wrt, outputs, eps)
    for i, (a, n) in enumerate(zip(analytical, numerical)):
        if not np.allclose(a, n, rtol=rtol, atol=atol, equal_nan=True):
            msg = (
                f"Jacobian mismatch for output 0 with respect to input {i},\n"
                f"numerical:{n}\nanalytical:{a}\n"
            )
            if raise_exception:
                raise GradcheckError(msg)
            return False
    return True


def gradgradcheck(
    func,
    inputs,
    grad_outputs=None,
    *,
    eps=1e-6,
    atol=1e-5,
    rtol=1e-3,
    gen_non_contig_grad_outputs=False,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_fwd_over_rev=False,
    check_rev_over_rev=True,
    fast_mode=False,
    masked=False,
):
    """Checks second-order gradients: gradcheck of the function's vector-Jacobian product."""
    from .._tensor import Tensor
    from ..ops.sampling import randn_like
    from . import grad as autograd_grad

    inputs = _as_tuple(inputs)
    outputs = _differentiable_outputs(_as_tuple(func(*inputs)))
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = []
        for o in outputs:
            g = randn_like(o)
            g._data[...] = rng.standard_normal(o.shape)
            g.requires_grad_(True)
            grad_outputs.append(g)
    grad_outputs = list(_as_tuple(grad_outputs))
    wrt = [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]
    n_in = len(inputs)

    def vjp(*args):
        ins, gouts = args[:n_in], args[n_in:]
        outs = _differentiable_outputs(_as_tuple(func(*ins)))
        w = [t for t in ins if isinstance(t, Tensor) and t.requires_grad]
        grads = autograd_grad(outs, w, gouts, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    del wrt
    return gradcheck(
        vjp,
        tuple(inputs) + tuple(grad_outputs),
        eps=eps,
        atol=atol,
        rtol=rtol,
        raise_exception=raise_exception,
    )
