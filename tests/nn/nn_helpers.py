"""Shared helpers of the layer tests: run one case on numtorch and torch and compare."""

from __future__ import annotations

import types

import numpy as np
import pytest

import numtorch
from numtorch.autograd import gradcheck, gradgradcheck
from numtorch.nn import _functional_conv, _functional_norm

from ..conftest import assert_same

# numtorch's F: the public names of the two functional files (nn/functional.py re-exports them)
NF = types.SimpleNamespace(
    **{n: getattr(m, n) for m in (_functional_conv, _functional_norm) for n in m.__all__}
)


def _has_module():
    try:
        from numtorch.nn import init  # noqa: F401
        from numtorch.nn.modules import module  # noqa: F401
    except ImportError:
        return False
    return True


needs_module = pytest.mark.skipif(not _has_module(), reason="nn.Module / nn.init not there yet")


def sample(shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def flat(result):
    return list(result) if isinstance(result, (tuple, list)) else [result]


def compare(torch_ref, fn, shapes, grad=True, rtol=1e-6, atol=1e-6, dtype=np.float64, seed=0):
    """``fn(F, *inputs)`` on numtorch and torch: values, dtypes and input gradients agree."""
    arrays = [sample(s, seed + i, dtype) for i, s in enumerate(shapes)]
    ours = [numtorch.tensor(a, requires_grad=grad) for a in arrays]
    theirs = [torch_ref.tensor(a, requires_grad=grad) for a in arrays]
    ys, tys = flat(fn(NF, *ours)), flat(fn(torch_ref.nn.functional, *theirs))
    assert_same(ys, tys, rtol, atol)
    if grad:
        g = sample(tuple(tys[0].shape), 99, dtype)
        ys[0].backward(numtorch.tensor(g))
        tys[0].backward(torch_ref.tensor(g))
        for a, b in zip(ours, theirs):
            assert_same(a.grad, b.grad, rtol, atol)
    return ys, tys


def check_grads(fn, shapes, double=False, seed=0):
    """Finite-difference gradcheck (and gradgradcheck) of ``fn(F, *inputs)`` in float64."""
    inputs = [
        numtorch.tensor(sample(s, seed + i), requires_grad=True) for i, s in enumerate(shapes)
    ]
    f = lambda *xs: fn(NF, *xs)  # noqa: E731
    assert gradcheck(f, inputs)
    if double:
        assert gradgradcheck(f, inputs)


def module_pair(torch_ref, name, *args, **kwargs):
    """The same layer built by numtorch and torch after the same manual_seed."""
    import importlib

    numtorch.manual_seed(0)
    torch_ref.manual_seed(0)
    path, cls = name.rsplit(".", 1)
    ours = getattr(importlib.import_module(f"numtorch.nn.modules.{path}"), cls)(*args, **kwargs)
    theirs = getattr(torch_ref.nn, cls)(*args, **kwargs)
    return ours, theirs


def same_parameters(ours, theirs):
    """Parameters bit-identical (default initialisation draws as torch does)."""
    for name, p in theirs.named_parameters():
        mine = getattr(ours, name)
        np.testing.assert_array_equal(mine.detach()._data, p.detach().numpy())
