"""nn.init: every function draws bit-identically to torch under the same seed; gains; errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import numtorch
import numtorch.nn as nn
import numtorch.nn.init as init

SHAPES = [(5, 7), (4, 3, 3, 3), (16, 2)]
CASES = [
    ("uniform_", (), {"a": -0.5, "b": 2.0}),
    ("normal_", (), {"mean": 1.0, "std": 0.3}),
    ("xavier_uniform_", (), {"gain": 2.0}),
    ("xavier_normal_", (), {}),
    ("kaiming_uniform_", (), {"a": math.sqrt(5)}),
    ("kaiming_uniform_", (), {"mode": "fan_out", "nonlinearity": "relu"}),
    ("kaiming_normal_", (), {}),
    ("kaiming_normal_", (), {"mode": "fan_out", "nonlinearity": "tanh"}),
    ("trunc_normal_", (), {}),
    ("trunc_normal_", (), {"mean": 0.0, "std": 1.0, "a": -0.2, "b": 0.3}),
    ("orthogonal_", (), {"gain": 1.5}),
    ("constant_", (0.3,), {}),
    ("ones_", (), {}),
    ("zeros_", (), {}),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name,args,kwargs", CASES)
def test_bit_identical_to_torch(torch_ref, name, args, kwargs, shape):
    numtorch.manual_seed(11)
    torch_ref.manual_seed(11)
    ours, theirs = numtorch.empty(shape), torch_ref.empty(shape)
    out = getattr(init, name)(ours, *args, **kwargs)
    getattr(torch_ref.nn.init, name)(theirs, *args, **kwargs)
    assert out is ours
    if name == "orthogonal_":  # LAPACK's QR, run by NumPy rather than torch: rounding differs
        np.testing.assert_allclose(ours._data, theirs.numpy(), rtol=1e-5, atol=1e-6)
    else:
        assert np.array_equal(ours._data, theirs.numpy())
    # the stream stays in step afterwards
    assert np.array_equal(numtorch.rand(3)._data, torch_ref.rand(3).numpy())


def test_eye_dirac_sparse(torch_ref):
    a, b = numtorch.empty(3, 5), torch_ref.empty(3, 5)
    assert np.array_equal(init.eye_(a)._data, torch_ref.nn.init.eye_(b).numpy())
    for shape, groups in [((4, 2, 3), 1), ((6, 3, 3, 3), 2), ((2, 2, 3, 3, 3), 1)]:
        a, b = numtorch.empty(shape), torch_ref.empty(shape)
        init.dirac_(a, groups)
        torch_ref.nn.init.dirac_(b, groups)
        assert np.array_equal(a._data, b.numpy())
    numtorch.manual_seed(2)
    torch_ref.manual_seed(2)
    a, b = numtorch.empty(10, 4), torch_ref.empty(10, 4)
    init.sparse_(a, 0.3)
    torch_ref.nn.init.sparse_(b, 0.3)
    assert np.array_equal(a._data, b.numpy())


def test_init_on_parameters_is_not_recorded():
    p = nn.Parameter(numtorch.empty(3, 4))
    init.kaiming_uniform_(p)
    init.zeros_(p)
    assert p.grad_fn is None and p.is_leaf


def test_orthogonal_is_orthogonal():
    w = init.orthogonal_(numtorch.empty(4, 6, dtype=numtorch.float64))
    np.testing.assert_allclose(w._data @ w._data.T, np.eye(4), atol=1e-12)


@pytest.mark.parametrize("nl,param", [("linear", None), ("conv2d", None), ("sigmoid", None),
                                      ("tanh", None), ("relu", None), ("leaky_relu", None),
                                      ("leaky_relu", 0.2), ("selu", None)])  # fmt: skip
def test_calculate_gain(torch_ref, nl, param):
    assert init.calculate_gain(nl, param) == torch_ref.nn.init.calculate_gain(nl, param)


def test_fans(torch_ref):
    t = numtorch.empty(8, 3, 5, 5)
    assert init._calculate_fan_in_and_fan_out(t) == (75, 200)


def test_errors(torch_ref):
    with pytest.raises(ValueError, match="Unsupported nonlinearity foo"):
        init.calculate_gain("foo")
    with pytest.raises(ValueError, match="negative_slope True not a valid number"):
        init.calculate_gain("leaky_relu", True)
    with pytest.raises(ValueError, match="Fan in and fan out can not be computed"):
        init.xavier_uniform_(numtorch.empty(3))
    with pytest.raises(ValueError, match="Mode fan_x not supported"):
        init.kaiming_uniform_(numtorch.empty(3, 3), mode="fan_x")
    with pytest.raises(ValueError, match="Only tensors with 2 dimensions are supported"):
        init.eye_(numtorch.empty(3))
    with pytest.raises(ValueError, match="Only tensors with 3, 4, or 5 dimensions"):
        init.dirac_(numtorch.empty(3, 3))
    with pytest.warns(UserWarning, match="Initializing zero-element tensors is a no-op"):
        init.kaiming_uniform_(numtorch.empty(0, 3))


def test_deprecated_aliases():
    with pytest.warns(FutureWarning, match="nn.init.uniform` is now deprecated"):
        init.uniform(numtorch.empty(2))
