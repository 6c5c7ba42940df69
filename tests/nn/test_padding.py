"""F.pad in every mode and the padding layers."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch

from ..conftest import assert_same
from .nn_helpers import NF, check_grads, compare, module_pair, needs_module

PAD = [
    (mode, pad, shape)
    for mode in ("constant", "reflect", "replicate", "circular")
    for pad, shape in (
        ((2, 1), (2, 3, 5)),
        ((1, 2, 2, 0), (2, 3, 4, 5)),
        ((1, 1, 0, 2, 2, 1), (1, 2, 3, 4, 4)),
    )  # fmt: skip
]


@pytest.mark.parametrize("case", PAD, ids=[f"{m}-{len(p) // 2}d" for m, p, _ in PAD])
def test_pad_matches_torch(torch_ref, case):
    mode, pad, shape = case
    ys, tys = compare(torch_ref, lambda F, x: F.pad(x, pad, mode), [shape], rtol=0, atol=1e-12)
    if mode != "circular":  # torch builds circular padding from slices (CopySlices)
        assert ys[0].grad_fn.name() == tys[0].grad_fn.name()


@pytest.mark.parametrize("case", PAD, ids=[f"{m}-{len(p) // 2}d" for m, p, _ in PAD])
def test_pad_gradcheck(case):
    mode, pad, shape = case
    check_grads(lambda F, x: F.pad(x, pad, mode), [shape], double=True)


def test_constant_pad_value_and_crop(torch_ref):
    compare(torch_ref, lambda F, x: F.pad(x, (1, -1, -2, 3), value=2.5), [(2, 3, 5, 4)])
    ys, tys = compare(torch_ref, lambda F, x: F.pad(x, (1, 1)), [(3, 4)])
    assert ys[0].grad_fn.name() == tys[0].grad_fn.name() == "ConstantPadNdBackward0"


def test_pad_errors(torch_ref):
    x = numtorch.ones(1, 2, 3)
    with pytest.raises(RuntimeError, match="Padding length must be divisible by 2"):
        NF.pad(x, (1, 2, 3))
    with pytest.raises(RuntimeError, match="Padding length must be divisible by 2"):
        torch_ref.nn.functional.pad(torch_ref.ones(1, 2, 3), (1, 2, 3))
    with pytest.raises(RuntimeError, match="Padding size should be less than the corresponding"):
        NF.pad(x, (3, 0), mode="reflect")
    with pytest.raises(RuntimeError, match="Padding size should be less than the corresponding"):
        torch_ref.nn.functional.pad(torch_ref.ones(1, 2, 3), (3, 0), mode="reflect")


LAYERS = [
    ("ConstantPad1d", (2, 3.5), (2, 3, 4)),
    ("ConstantPad2d", ((1, 0, 2, 1), -1.0), (2, 3, 4, 4)),
    ("ConstantPad3d", (1, 0.0), (1, 2, 3, 3, 3)),
    ("ZeroPad1d", ((1, 2),), (2, 3, 4)),
    ("ZeroPad2d", (2,), (2, 3, 4, 4)),
    ("ZeroPad3d", ((1, 0, 0, 1, 1, 1),), (1, 2, 3, 3, 3)),
    ("ReflectionPad1d", (2,), (2, 3, 4)),
    ("ReflectionPad2d", ((1, 0, 2, 1),), (2, 3, 4, 4)),
    ("ReflectionPad3d", (1,), (1, 2, 3, 3, 3)),
    ("ReplicationPad1d", (3,), (2, 3, 4)),
    ("ReplicationPad2d", (2,), (2, 3, 4, 4)),
    ("ReplicationPad3d", ((1, 0, 2, 0, 0, 1),), (1, 2, 3, 3, 3)),
    ("CircularPad1d", (2,), (2, 3, 4)),
    ("CircularPad2d", ((1, 0, 2, 1),), (2, 3, 4, 4)),
    ("CircularPad3d", (1,), (1, 2, 3, 3, 3)),
]  # fmt: skip


@needs_module
@pytest.mark.parametrize("case", LAYERS, ids=lambda c: c[0] + str(c[1]))
def test_padding_layers(torch_ref, case):
    name, args, shape = case
    ours, theirs = module_pair(torch_ref, f"padding.{name}", *args)
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    assert_same(ours(numtorch.tensor(x)), theirs(torch_ref.tensor(x)), 0, 0)
