"""Identity, Linear, Bilinear, Flatten, Unflatten: values, gradients, default initialisation
bit-identical to torch's under the same seed, reprs."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch
import numtorch.nn as nn
import numtorch.nn.functional as F
from numtorch.autograd import gradcheck

from ..conftest import assert_same


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(5, 3), (2, 4, 3), (3,)])
def test_linear_matches_torch(torch_ref, bias, shape):
    numtorch.manual_seed(7)
    torch_ref.manual_seed(7)
    ours, theirs = nn.Linear(3, 4, bias=bias), torch_ref.nn.Linear(3, 4, bias=bias)
    # the default initialisation draws exactly as torch's
    assert np.array_equal(ours.weight._data, theirs.weight.detach().numpy())
    if bias:
        assert np.array_equal(ours.bias._data, theirs.bias.detach().numpy())
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    xo, xt = numtorch.tensor(x, requires_grad=True), torch_ref.tensor(x, requires_grad=True)
    y, ty = ours(xo), theirs(xt)
    assert_same(y, ty, rtol=1e-6, atol=1e-6)
    assert y.grad_fn.name() == ty.grad_fn.name()
    g = np.random.default_rng(1).standard_normal(tuple(ty.shape)).astype(np.float32)
    y.backward(numtorch.tensor(g))
    ty.backward(torch_ref.tensor(g))
    assert_same(xo.grad, xt.grad, rtol=1e-5, atol=1e-6)
    assert_same(ours.weight.grad, theirs.weight.grad, rtol=1e-5, atol=1e-6)
    if bias:
        assert_same(ours.bias.grad, theirs.bias.grad, rtol=1e-5, atol=1e-6)


def test_mlp_init_sequence_matches_torch(torch_ref):
    numtorch.manual_seed(0)
    torch_ref.manual_seed(0)
    ours = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    theirs = torch_ref.nn.Sequential(
        torch_ref.nn.Flatten(), torch_ref.nn.Linear(784, 256), torch_ref.nn.ReLU(),
        torch_ref.nn.Linear(256, 10),
    )  # fmt: skip
    for (n, p), (tn, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert n == tn and np.array_equal(p._data, tp.detach().numpy())
    assert str(ours) == str(theirs)
    x = np.random.default_rng(0).random((8, 1, 28, 28)).astype(np.float32)
    assert_same(ours(numtorch.tensor(x)), theirs(torch_ref.tensor(x)), rtol=1e-5, atol=1e-5)


def test_linear_dtype_and_gradcheck():
    lin = nn.Linear(3, 2, dtype=numtorch.float64)
    assert lin.weight.dtype is numtorch.float64
    x = numtorch.randn(4, 3, dtype=numtorch.float64, requires_grad=True)
    assert gradcheck(lambda a, w, b: F.linear(a, w, b), (x, lin.weight, lin.bias))
    assert gradcheck(lambda a, w: F.linear(a, w), (x.reshape(2, 2, 3), lin.weight))


def test_bilinear_matches_torch(torch_ref):
    numtorch.manual_seed(3)
    torch_ref.manual_seed(3)
    ours, theirs = nn.Bilinear(3, 2, 4), torch_ref.nn.Bilinear(3, 2, 4)
    assert np.array_equal(ours.weight._data, theirs.weight.detach().numpy())
    assert repr(ours) == repr(theirs)
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((5, 3)).astype(np.float32), rng.standard_normal((5, 2))
    b = b.astype(np.float32)
    ao, bo = numtorch.tensor(a, requires_grad=True), numtorch.tensor(b, requires_grad=True)
    at, bt = torch_ref.tensor(a, requires_grad=True), torch_ref.tensor(b, requires_grad=True)
    y, ty = ours(ao, bo), theirs(at, bt)
    assert_same(y, ty, rtol=1e-5, atol=1e-5)
    y.sum().backward()
    ty.sum().backward()
    for o, t in [(ao, at), (bo, bt), (ours.weight, theirs.weight), (ours.bias, theirs.bias)]:
        assert_same(o.grad, t.grad, rtol=1e-5, atol=1e-5)


def test_bilinear_gradcheck():
    w = numtorch.randn(2, 3, 4, dtype=numtorch.float64, requires_grad=True)
    a = numtorch.randn(2, 5, 3, dtype=numtorch.float64, requires_grad=True)
    b = numtorch.randn(2, 5, 4, dtype=numtorch.float64, requires_grad=True)
    assert gradcheck(F.bilinear, (a, b, w))


def test_identity_flatten_unflatten(torch_ref):
    x = numtorch.randn(2, 3, 4, 5)
    assert nn.Identity(54, unused="x")(x) is x
    assert repr(nn.Identity()) == repr(torch_ref.nn.Identity())
    for args in [(), (0,), (1, 2), (2, -1)]:
        ours, theirs = nn.Flatten(*args), torch_ref.nn.Flatten(*args)
        assert repr(ours) == repr(theirs)
        assert tuple(ours(x).shape) == tuple(theirs(torch_ref.zeros(2, 3, 4, 5)).shape)
    ours, theirs = nn.Unflatten(1, (3, 1)), torch_ref.nn.Unflatten(1, (3, 1))
    assert repr(ours) == repr(theirs)
    assert tuple(ours(x).shape) == (2, 3, 1, 4, 5)
    with pytest.raises(TypeError, match="unflattened_size must be tuple of ints"):
        nn.Unflatten(1, 3)


def test_no_bias_registered_as_none():
    lin = nn.Linear(2, 2, bias=False)
    assert lin.bias is None and "bias" in lin._parameters
    assert list(lin.state_dict()) == ["weight"]


def test_lazy_linear(torch_ref):
    numtorch.manual_seed(5)
    torch_ref.manual_seed(5)
    ours, theirs = nn.LazyLinear(4), torch_ref.nn.LazyLinear(4)
    assert repr(ours) == repr(theirs)
    assert repr(ours.weight) == "<UninitializedParameter>"
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized"):
        _ = ours.weight.shape
    x = np.ones((2, 3), dtype=np.float32)
    y, ty = ours(numtorch.tensor(x)), theirs(torch_ref.tensor(x))
    assert type(ours) is nn.Linear and repr(ours) == repr(theirs)
    assert type(ours.weight) is nn.Parameter
    assert np.array_equal(ours.weight._data, theirs.weight.detach().numpy())
    assert_same(y, ty, rtol=1e-6)
    assert not ours._forward_pre_hooks
