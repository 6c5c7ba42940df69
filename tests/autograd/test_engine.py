"""The autograd engine: backward, grad, graph bookkeeping, errors, hooks and in-place checks."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import numtorch as torch
from numtorch.autograd import gradcheck, gradgradcheck

FREED = "Trying to backward through the graph a second time"


def leaf(values, dtype=torch.float64):
    return torch.tensor(values, dtype=dtype, requires_grad=True)


# --- basics ---------------------------------------------------------------------------------


def test_backward_accumulates_into_leaf_grad():
    x = leaf([1.0, 2.0, 3.0])
    assert x.grad is None
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 4.0, 6.0])
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [5.0, 7.0, 9.0])


def test_grad_is_not_accumulated_and_leaves_grad_alone():
    x = leaf([1.0, 2.0])
    (g,) = torch.autograd.grad((x**3).sum(), x)
    np.testing.assert_allclose(g.numpy(), [3.0, 12.0])
    assert x.grad is None
    assert not g.requires_grad


def test_broadcast_gradients_are_summed_back_to_input_shape():
    a = leaf([[1.0], [2.0]])  # (2, 1)
    b = leaf([10.0, 20.0, 30.0])  # (3,)
    (a * b).sum().backward()
    assert a.grad.shape == (2, 1) and b.grad.shape == (3,)
    np.testing.assert_allclose(a.grad.numpy(), [[60.0], [60.0]])
    np.testing.assert_allclose(b.grad.numpy(), [3.0, 3.0, 3.0])


def test_gradient_is_cast_back_to_the_input_dtype():
    a = torch.tensor([1.0, 2.0], requires_grad=True)  # float32
    b = torch.tensor([3.0, 4.0], dtype=torch.float64, requires_grad=True)
    out = a * b
    assert out.dtype is torch.float64
    out.sum().backward()
    assert a.grad.dtype is torch.float32 and b.grad.dtype is torch.float64


def test_shared_subexpression_and_diamond():
    x = leaf([2.0])
    y = x * x
    z = y + y * 3  # y used twice
    z.backward(torch.ones(1, dtype=torch.float64))
    np.testing.assert_allclose(x.grad.numpy(), [16.0])


def test_deep_graph_has_no_recursion_limit():
    x = leaf([1.0])
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.0001**5000], rtol=1e-10)


def test_backward_with_gradient_argument():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.backward(torch.tensor([1.0, 0.5], dtype=torch.float64))
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 1.0])


def test_backward_inputs_argument_only_accumulates_there():
    a, b = leaf([1.0]), leaf([2.0])
    (a * b).sum().backward(inputs=[a])
    np.testing.assert_allclose(a.grad.numpy(), [2.0])
    assert b.grad is None


# --- graph bookkeeping ----------------------------------------------------------------------


def test_grad_fn_names_and_next_functions():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2 + 1
    assert y.grad_fn.name() == "AddBackward0"
    (mul_node, nr), (none, _) = y.grad_fn.next_functions
    assert mul_node.name() == "MulBackward0" and nr == 0 and none is None
    acc, _ = mul_node.next_functions[0]
    assert type(acc).__name__ == "AccumulateGrad" and acc.variable is x
    assert repr(x.exp().grad_fn).startswith("<ExpBackward0 object at 0x")
    assert x.is_leaf and not y.is_leaf and x.grad_fn is None


def test_requires_grad_propagation_rules():
    a = torch.tensor([1.0])
    b = torch.tensor([1.0], requires_grad=True)
    assert not (a * 2).requires_grad
    assert (a * b).requires_grad
    with torch.no_grad():
        assert not (a * b).requires_grad
    assert not (torch.tensor([1, 2]) + 1).requires_grad
    assert not (b > 0).requires_grad  # comparisons are not differentiable


def test_requires_grad_errors():
    with pytest.raises(RuntimeError, match="only Tensors of floating point"):
        torch.ones(3, dtype=torch.long).requires_grad_()
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of leaf"):
        (torch.ones(2, requires_grad=True) * 1).requires_grad_(False)


def test_detach_and_data_share_storage_but_not_history():
    x = leaf([1.0, 2.0])
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.grad_fn is None
    d[0] = 100.0
    assert y[0].item() == 100.0
    data = x.data
    assert not data.requires_grad
    data.mul_(10)  # not tracked: no error, no version change seen by autograd
    np.testing.assert_allclose(x.detach().numpy(), [10.0, 20.0])


def test_detach_inplace():
    y = leaf([1.0]) * 2
    y.detach_()
    assert y.grad_fn is None and not y.requires_grad


def test_retain_grad_on_non_leaf():
    x = leaf([1.0, 2.0])
    y = x * 3
    y.retain_grad()
    assert y.retains_grad
    (y * y).sum().backward()
    np.testing.assert_allclose(y.grad.numpy(), [6.0, 12.0])


def test_non_leaf_grad_access_warns():
    y = leaf([1.0]) * 2
    with pytest.warns(UserWarning, match="is not a leaf Tensor"):
        assert y.grad is None


# --- errors -----------------------------------------------------------------------------------


def test_second_backward_without_retain_graph():
    x = leaf([1.0, 2.0])
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match=FREED):
        y.backward()


def test_retain_graph_allows_second_backward():
    x = leaf([1.0, 2.0])
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), [4.0, 8.0])


def test_backward_on_tensor_without_grad():
    with pytest.raises(RuntimeError, match="element 0 of tensors does not require grad"):
        torch.tensor([1.0, 2.0]).sum().backward()


def test_implicit_grad_needs_scalar():
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar"):
        (leaf([1.0, 2.0]) * 2).backward()


def test_unused_input():
    x, z = leaf([1.0]), leaf([3.0])
    with pytest.raises(RuntimeError, match="The differentiated Tensor at index 1 appears to not"):
        torch.autograd.grad((x * 2).sum(), [x, z])
    gx, gz = torch.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)
    assert gz is None
    gx, gz = torch.autograd.grad((x * 2).sum(), [x, z], materialize_grads=True)
    np.testing.assert_allclose(gz.numpy(), [0.0])


def test_grad_output_shape_mismatch():
    x = leaf([1.0, 2.0])
    with pytest.raises(RuntimeError, match="Mismatch in shape"):
        torch.autograd.grad(x * 2, x, torch.ones(3, dtype=torch.float64))


# --- higher order -----------------------------------------------------------------------------


def test_grad_of_grad():
    x = leaf([1.5, -2.0])
    (g,) = torch.autograd.grad((x**3).sum(), x, create_graph=True)
    assert g.requires_grad
    (gg,) = torch.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), 6 * np.array([1.5, -2.0]))


def test_third_derivative_of_exp_sin():
    x = leaf([0.3])
    y = (x.sin() * x.exp()).sum()
    (g1,) = torch.autograd.grad(y, x, create_graph=True)
    (g2,) = torch.autograd.grad(g1.sum(), x, create_graph=True)
    (g3,) = torch.autograd.grad(g2.sum(), x)
    v = 0.3  # d3/dx3 e^x sin x = 2 e^x (cos x - sin x)
    np.testing.assert_allclose(g3.numpy(), [2 * np.exp(v) * (np.cos(v) - np.sin(v))])


def test_hessian_vector_product():
    x = leaf([1.0, 2.0])
    v = torch.tensor([1.0, -1.0], dtype=torch.float64)
    y = (x[0] ** 2) * x[1] + x[1] ** 3
    (g,) = torch.autograd.grad(y, x, create_graph=True)
    (hv,) = torch.autograd.grad(g, x, v)
    hessian = np.array([[2 * 2.0, 2 * 1.0], [2 * 1.0, 6 * 2.0]])
    np.testing.assert_allclose(hv.numpy(), hessian @ np.array([1.0, -1.0]))


def test_backward_create_graph_makes_differentiable_grad():
    x = leaf([2.0])
    (x**2).sum().backward(create_graph=True)
    assert x.grad.requires_grad
    (gg,) = torch.autograd.grad(x.grad.sum(), x)
    np.testing.assert_allclose(gg.numpy(), [2.0])


# --- hooks -----------------------------------------------------------------------------------


def test_tensor_hook_can_replace_gradient():
    x = leaf([1.0, 2.0])
    y = x * 2
    seen = []
    y.register_hook(lambda g: seen.append(g.clone()))
    y.register_hook(lambda g: g * 10)
    y.sum().backward()
    np.testing.assert_allclose(seen[0].numpy(), [1.0, 1.0])
    np.testing.assert_allclose(x.grad.numpy(), [20.0, 20.0])


def test_leaf_hook_and_handle_remove():
    x = leaf([1.0])
    handle = x.register_hook(lambda g: g * 3)
    (x * 1).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [3.0])
    handle.remove()
    (x * 1).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [4.0])


def test_post_accumulate_grad_hook():
    x = leaf([1.0])
    seen = []
    x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.item()))
    (x * 5).sum().backward()
    assert seen == [5.0]


def test_hook_on_tensor_without_grad():
    with pytest.raises(RuntimeError, match="cannot register a hook on a tensor that doesn't"):
        torch.ones(2).register_hook(lambda g: g)


# --- grad modes --------------------------------------------------------------------------------


def test_grad_modes_as_context_managers_and_decorators():
    x = leaf([1.0])
    with torch.no_grad():
        assert not torch.is_grad_enabled()
        with torch.enable_grad():
            assert (x * 2).requires_grad
        assert not (x * 2).requires_grad
    assert torch.is_grad_enabled()

    @torch.no_grad()
    def f():
        return x * 2

    @torch.no_grad
    def g():
        return x * 2

    assert not f().requires_grad and not g().requires_grad
    torch.set_grad_enabled(False)
    assert not torch.is_grad_enabled()
    torch.set_grad_enabled(True)
    with torch.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert torch.is_grad_enabled()
    with torch.inference_mode():
        assert not (x * 2).requires_grad and torch.is_inference_mode_enabled()


def test_grad_mode_is_thread_local():
    results = []
    with torch.no_grad():
        t = threading.Thread(target=lambda: results.append(torch.is_grad_enabled()))
        t.start()
        t.join()
    assert results == [True]


def test_no_grad_decorates_generators():
    x = leaf([1.0])

    @torch.no_grad()
    def gen():
        yield x * 2
        yield x * 3

    assert [v.requires_grad for v in gen()] == [False, False]


# --- in-place correctness ------------------------------------------------------------------


def test_inplace_on_leaf_requiring_grad_is_refused():
    x = leaf([1.0])
    with pytest.raises(
        RuntimeError, match="a leaf Variable that requires grad is being used in an"
    ):
        x.add_(1)
    with torch.no_grad():
        x.add_(1)  # fine without grad mode
    assert x.item() == 2.0


def test_modified_saved_output_is_detected():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    a = x.exp()
    a.add_(1)
    with pytest.raises(RuntimeError) as info:
        a.sum().backward()
    assert str(info.value) == (
        "one of the variables needed for gradient computation has been modified by an inplace "
        "operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; expected "
        "version 0 instead. Hint: enable anomaly detection to find the operation that failed to "
        "compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    )


def test_modified_saved_leaf_is_detected():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    m = x.pow(2)
    with torch.no_grad():
        x.mul_(2)
    with pytest.raises(RuntimeError, match=r"\[torch.FloatTensor \[2\]\] is at version 1"):
        m.sum().backward()


def test_inplace_on_non_leaf_rebases_grad_fn():
    x = leaf([1.0, 2.0])
    y = x * 1
    y.mul_(3)
    assert y.grad_fn.name() == "MulBackward0"
    y.exp_()
    assert y.grad_fn.name() == "ExpBackward0"
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 3 * np.exp(3 * np.array([1.0, 2.0])))


def test_inplace_mul_keeps_old_self_for_backward():
    a = leaf([2.0, 3.0])
    b = leaf([5.0, 7.0])
    y = a * 1
    y.mul_(b)  # backward for b needs y's value from before the write
    y.sum().backward()
    np.testing.assert_allclose(b.grad.numpy(), [2.0, 3.0])
    np.testing.assert_allclose(a.grad.numpy(), [5.0, 7.0])


def test_version_counter_shared_with_views():
    x = torch.zeros(4)
    v = x[1:3]
    assert x._version == v._version == 0
    v.add_(1)
    assert x._version == 1 and v._version == 1
    np.testing.assert_allclose(x.numpy(), [0, 1, 1, 0])


def test_gradient_flows_through_views():
    x = leaf([[1.0, 2.0], [3.0, 4.0]])
    v = x[0]
    (v * torch.tensor([10.0, 20.0], dtype=torch.float64)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[10.0, 20.0], [0.0, 0.0]])


def test_inplace_on_view_of_non_leaf_goes_to_base():
    x = leaf([[1.0, 2.0], [3.0, 4.0]])
    y = x * 1
    y[0].mul_(5)
    assert y.grad_fn.name() == "torch::autograd::CopySlices"
    assert repr(y.grad_fn).startswith("<CopySlices object at")
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[5.0, 5.0], [1.0, 1.0]])


def test_inplace_on_view_of_leaf_is_refused():
    x = leaf([1.0, 2.0])
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        x[0].mul_(2)


# --- numerical checks --------------------------------------------------------------------------


def test_gradcheck_and_gradgradcheck_pass_on_smooth_functions():
    x = leaf(np.linspace(0.1, 0.9, 6).reshape(2, 3))
    y = leaf(np.linspace(-1, 1, 3))
    assert gradcheck(lambda a, b: (a * b).sigmoid() * a.exp() / (b * b + 1), (x, y))
    assert gradgradcheck(lambda a, b: (a * b).tanh() + a.log() * b, (x, y))


def test_gradcheck_catches_a_wrong_gradient():
    class WrongSquare(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * x  # should be 2 * g * x

    with pytest.raises(torch.autograd.GradcheckError):
        gradcheck(WrongSquare.apply, (leaf([1.0, 2.0]),))
    assert not gradcheck(WrongSquare.apply, (leaf([1.0, 2.0]),), raise_exception=False)


def test_anomaly_mode_names_the_op_that_made_nan():
    x = leaf([0.0])
    with torch.autograd.detect_anomaly():
        y = x.sqrt() * 0  # d sqrt at 0 is 0 / 0 = nan
        with pytest.warns(UserWarning, match="Error detected in SqrtBackward0"):
            with pytest.raises(RuntimeError) as info:
                y.sum().backward()
    assert str(info.value) == "Function 'SqrtBackward0' returned nan values in its 0th output."
