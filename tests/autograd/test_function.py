"""Custom ``autograd.Function`` and ``autograd.functional``."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch as torch
from numtorch.autograd import Function, gradcheck


def leaf(values):
    return torch.tensor(values, dtype=torch.float64, requires_grad=True)


class Cube(Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.save_for_backward(x)
        ctx.scale = scale
        return x**3 * scale

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x**2 * ctx.scale, None


def test_custom_function_forward_backward_and_names():
    x = leaf([1.0, 2.0])
    y = Cube.apply(x, 2.0)
    assert y.requires_grad and y.grad_fn.name() == "CubeBackward"
    assert repr(y.grad_fn).startswith("<torch.autograd.function.CubeBackward object at")
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [6.0, 24.0])
    assert gradcheck(lambda t: Cube.apply(t, 2.0), (leaf([0.5, -1.5]),))


def test_custom_function_backward_is_differentiable():
    x = leaf([2.0])
    (g,) = torch.autograd.grad(Cube.apply(x, 1.0).sum(), x, create_graph=True)
    (gg,) = torch.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), [12.0])


def test_needs_input_grad_and_wrong_gradient_count():
    seen = {}

    class Probe(Function):
        @staticmethod
        def forward(ctx, a, b):
            seen["needs"] = ctx.needs_input_grad
            return a * b

        @staticmethod
        def backward(ctx, grad):
            return grad

    out = Probe.apply(leaf([1.0]), torch.tensor([2.0], dtype=torch.float64))
    assert seen["needs"] == (True, False)
    with pytest.raises(RuntimeError, match="returned an incorrect number of gradients"):
        out.sum().backward()


def test_mark_dirty_and_non_differentiable():
    class AddOneInPlace(Function):
        @staticmethod
        def forward(ctx, x):
            x.add_(1)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, grad):
            return grad

    class SortWithIndex(Function):
        @staticmethod
        def forward(ctx, x):
            values = x * 1
            index = torch.tensor([0, 1])
            ctx.mark_non_differentiable(index)
            return values, index

        @staticmethod
        def backward(ctx, grad_values, grad_index):
            return grad_values

    x = leaf([1.0, 2.0])
    y = x * 1
    z = AddOneInPlace.apply(y)
    assert z is y and y.grad_fn.name() == "AddOneInPlaceBackward"
    z.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.0, 1.0])
    values, index = SortWithIndex.apply(leaf([3.0, 4.0]))
    assert values.requires_grad and not index.requires_grad


def test_set_materialize_grads_false_passes_none():
    got = {}

    class TwoOut(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 1, x * 2

        @staticmethod
        def backward(ctx, g1, g2):
            got["g2"] = g2
            return g1

    a, _ = TwoOut.apply(leaf([1.0]))
    a.sum().backward()
    assert got["g2"] is None


def test_once_differentiable_runs_backward_without_grad():
    class Square(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @torch.autograd.once_differentiable
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return 2 * x * grad

    x = leaf([3.0])
    (g,) = torch.autograd.grad(Square.apply(x).sum(), x, create_graph=True)
    np.testing.assert_allclose(g.numpy(), [6.0])
    assert not g.requires_grad


def test_setup_context_style():
    class Mul(Function):
        @staticmethod
        def forward(a, b):
            return a * b

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(*inputs)

        @staticmethod
        def backward(ctx, grad):
            a, b = ctx.saved_tensors
            return grad * b, grad * a

    a, b = leaf([2.0]), leaf([5.0])
    Mul.apply(a, b).sum().backward()
    assert a.grad.item() == 5.0 and b.grad.item() == 2.0


# --- autograd.functional ---------------------------------------------------------------------


def test_jacobian_and_hessian():
    from numtorch.autograd.functional import hessian, jacobian

    x = torch.tensor([1.0, 2.0], dtype=torch.float64)
    jac = jacobian(lambda t: t**2 * torch.tensor([1.0, 3.0], dtype=torch.float64), x)
    np.testing.assert_allclose(jac.numpy(), [[2.0, 0.0], [0.0, 12.0]])
    hess = hessian(lambda t: (t[0] ** 2) * t[1] + t[1] ** 3, x)
    np.testing.assert_allclose(hess.numpy(), [[4.0, 2.0], [2.0, 12.0]])


def test_vjp_jvp_hvp():
    from numtorch.autograd.functional import hvp, jvp, vjp

    x = torch.tensor([1.0, 2.0], dtype=torch.float64)
    v = torch.tensor([1.0, -1.0], dtype=torch.float64)

    def f(t):
        return t**3

    out, g = vjp(f, x, v)
    np.testing.assert_allclose(out.numpy(), [1.0, 8.0])
    np.testing.assert_allclose(g.numpy(), [3.0, -12.0])
    _, jv = jvp(f, x, v)
    np.testing.assert_allclose(jv.numpy(), [3.0, -12.0])
    _, hv = hvp(lambda t: (t**3).sum(), x, v)
    np.testing.assert_allclose(hv.numpy(), [6.0, -12.0])


def test_functional_matches_torch(torch_ref):
    from numtorch.autograd.functional import hessian, jacobian

    values = np.array([[0.3, -1.2], [2.0, 0.5]])

    def ours(t):
        return (t.sin() * t.exp()).sum(dim=0)

    def theirs(t):
        return (t.sin() * t.exp()).sum(dim=0)

    j1 = jacobian(ours, torch.tensor(values))
    j2 = torch_ref.autograd.functional.jacobian(theirs, torch_ref.tensor(values))
    np.testing.assert_allclose(j1.numpy(), j2.numpy(), rtol=1e-12)
    h1 = hessian(lambda t: (t**3).sum(), torch.tensor(values))
    h2 = torch_ref.autograd.functional.hessian(lambda t: (t**3).sum(), torch_ref.tensor(values))
    np.testing.assert_allclose(h1.numpy(), h2.numpy(), rtol=1e-12)
