"""Activations: values and gradients against torch, gradcheck in float64, module reprs."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch
import numtorch.nn as nn
import numtorch.nn.functional as F
from numtorch.autograd import gradcheck, gradgradcheck

from ..conftest import assert_same

# (name, call on an F namespace); inputs avoid the kinks where finite differences break
CASES = [
    ("relu", lambda f, x: f.relu(x)),
    ("relu6", lambda f, x: f.relu6(x * 4)),
    ("leaky_relu", lambda f, x: f.leaky_relu(x, 0.2)),
    ("elu", lambda f, x: f.elu(x, 0.7)),
    ("selu", lambda f, x: f.selu(x)),
    ("celu", lambda f, x: f.celu(x, 1.3)),
    ("gelu", lambda f, x: f.gelu(x)),
    ("gelu_tanh", lambda f, x: f.gelu(x, approximate="tanh")),
    ("silu", lambda f, x: f.silu(x)),
    ("mish", lambda f, x: f.mish(x)),
    ("softplus", lambda f, x: f.softplus(x, beta=2.0, threshold=3.0)),
    ("softsign", lambda f, x: f.softsign(x)),
    ("softshrink", lambda f, x: f.softshrink(x, 0.3)),
    ("hardshrink", lambda f, x: f.hardshrink(x, 0.3)),
    ("tanhshrink", lambda f, x: f.tanhshrink(x)),
    ("hardtanh", lambda f, x: f.hardtanh(x, -0.5, 0.8)),
    ("hardsigmoid", lambda f, x: f.hardsigmoid(x * 4)),
    ("hardswish", lambda f, x: f.hardswish(x * 4)),
    ("logsigmoid", lambda f, x: f.logsigmoid(x * 10)),
    ("threshold", lambda f, x: f.threshold(x, 0.1, -2.0)),
    ("sigmoid", lambda f, x: f.sigmoid(x)),
    ("tanh", lambda f, x: f.tanh(x)),
    ("softmax", lambda f, x: f.softmax(x, dim=1)),
    ("softmin", lambda f, x: f.softmin(x, dim=0)),
    ("log_softmax", lambda f, x: f.log_softmax(x, dim=-1)),
    ("glu", lambda f, x: f.glu(x, dim=-1)),
]

SMOOTH = {"elu", "selu", "celu", "gelu", "gelu_tanh", "silu", "mish", "softplus", "softsign",
          "tanhshrink", "logsigmoid", "sigmoid", "tanh", "softmax", "softmin", "log_softmax",
          "glu"}  # fmt: skip


def _sample(shape=(3, 4), seed=0):
    x = np.random.default_rng(seed).standard_normal(shape) * 2
    x[np.abs(x) < 0.05] = 0.5  # keep finite differences away from the kinks
    return x


@pytest.mark.parametrize("name,fn", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_matches_torch(torch_ref, name, fn, dtype):
    x = _sample().astype(dtype)
    ours = numtorch.tensor(x, requires_grad=True)
    theirs = torch_ref.tensor(x, requires_grad=True)
    y, ty = fn(F, ours), fn(torch_ref.nn.functional, theirs)
    tol = 1e-5 if dtype == "float32" else 1e-12
    assert_same(y, ty, rtol=tol, atol=tol)
    g = np.random.default_rng(1).standard_normal(tuple(ty.shape)).astype(dtype)
    y.backward(numtorch.tensor(g))
    ty.backward(torch_ref.tensor(g))
    # torch's celu backward rounds its 1/alpha through float32 (a 1e-8 relative difference)
    gtol = 1e-7 if name == "celu" and dtype == "float64" else tol * 10
    assert_same(ours.grad, theirs.grad, rtol=gtol, atol=gtol)


@pytest.mark.parametrize("name,fn", CASES, ids=[c[0] for c in CASES])
def test_gradcheck(name, fn):
    x = numtorch.tensor(_sample(), requires_grad=True)
    assert gradcheck(lambda t: fn(F, t), (x,))
    if name in SMOOTH:
        assert gradgradcheck(lambda t: fn(F, t), (x,))


def test_no_overflow():
    x = numtorch.tensor([-1000.0, 0.0, 1000.0])
    for y in (F.logsigmoid(x), F.softplus(x), F.silu(x), F.mish(x), F.elu(x), F.gelu(x)):
        assert np.isfinite(y._data).all()
    assert F.logsigmoid(x)._data[0] == -1000.0


MODULES = [
    ("ReLU", (), {}), ("ReLU", (), {"inplace": True}), ("ReLU6", (), {}), ("LeakyReLU", (), {}),
    ("LeakyReLU", (0.2,), {"inplace": True}), ("ELU", (), {}), ("CELU", (0.5,), {}),
    ("SELU", (), {}), ("GELU", (), {}), ("GELU", (), {"approximate": "tanh"}), ("SiLU", (), {}),
    ("Mish", (), {}), ("Softplus", (), {}), ("Softshrink", (), {}), ("Hardshrink", (0.3,), {}),
    ("Tanhshrink", (), {}), ("Hardtanh", (), {}), ("Hardsigmoid", (), {}), ("Hardswish", (), {}),
    ("Sigmoid", (), {}), ("Tanh", (), {}), ("LogSigmoid", (), {}), ("Softsign", (), {}),
    ("Softmax", (), {"dim": 1}), ("LogSoftmax", (1,), {}), ("Softmin", (), {"dim": 1}),
    ("Softmax2d", (), {}), ("Threshold", (0.1, 20.0), {}), ("GLU", (), {}), ("PReLU", (), {}),
    ("PReLU", (4,), {}), ("RReLU", (), {}),
]  # fmt: skip


@pytest.mark.parametrize("name,args,kwargs", MODULES)
def test_module_forward_and_repr(torch_ref, name, args, kwargs):
    ours, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch_ref.nn, name)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    ours.eval()
    theirs.eval()
    x = _sample((2, 4, 3, 2)).astype(np.float32)
    y = ours(numtorch.tensor(x))
    assert_same(y, theirs(torch_ref.tensor(x)), rtol=1e-5, atol=1e-6)


def test_relu_inplace_modifies_input():
    x = numtorch.tensor([-1.0, 2.0])
    y = nn.ReLU(inplace=True)(x)
    assert y is x and x.tolist() == [0.0, 2.0]


def test_leaky_relu_inplace_grad(torch_ref):
    a = numtorch.tensor([-1.0, 2.0], requires_grad=True)
    b = a * 1
    F.leaky_relu(b, 0.1, inplace=True)
    b.sum().backward()
    assert a.grad.tolist() == pytest.approx([0.1, 1.0])


def test_prelu_gradients(torch_ref):
    x = _sample((2, 3, 4)).astype(np.float32)
    ours, theirs = nn.PReLU(3), torch_ref.nn.PReLU(3)
    xo = numtorch.tensor(x, requires_grad=True)
    xt = torch_ref.tensor(x, requires_grad=True)
    ours(xo).sum().backward()
    theirs(xt).sum().backward()
    assert_same(xo.grad, xt.grad)
    assert_same(ours.weight.grad, theirs.weight.grad, rtol=1e-5)


def test_errors():
    with pytest.raises(RuntimeError, match="approximate argument must be either none or tanh"):
        F.gelu(numtorch.ones(2), approximate="x")
    with pytest.raises(RuntimeError, match="Halving dimension must be even"):
        F.glu(numtorch.ones(3))
    with pytest.raises(ValueError, match="Softmax2d: expected input to be 3D or 4D"):
        nn.Softmax2d()(numtorch.ones(3))


def test_softmax_implicit_dim_warns():
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        F.softmax(numtorch.ones(2, 3))
