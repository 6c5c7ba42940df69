"""Batch, layer, group, instance and local response normalization: values, grads, layers."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch

from ..conftest import assert_same
from .nn_helpers import NF, check_grads, compare, module_pair, needs_module, sample

NORM = [
    ("batch-2d", lambda F, x, w, b: F.batch_norm(x, None, None, w, b, True),
     [(4, 3, 5, 6), (3,), (3,)]),
    ("batch-1d", lambda F, x, w, b: F.batch_norm(x, None, None, w, b, True), [(6, 3), (3,), (3,)]),
    ("batch-3d-input", lambda F, x, w, b: F.batch_norm(x, None, None, w, b, True, eps=1e-3),
     [(4, 3, 5), (3,), (3,)]),
    ("layer", lambda F, x, w, b: F.layer_norm(x, (5, 6), w, b), [(4, 3, 5, 6), (5, 6), (5, 6)]),
    ("layer-1", lambda F, x, w, b: F.layer_norm(x, (6,), w, b, 1e-3), [(4, 6), (6,), (6,)]),
    ("group", lambda F, x, w, b: F.group_norm(x, 2, w, b), [(4, 6, 5), (6,), (6,)]),
    ("group-4d", lambda F, x, w, b: F.group_norm(x, 3, w, b), [(2, 6, 3, 4), (6,), (6,)]),
    ("instance", lambda F, x, w, b: F.instance_norm(x, weight=w, bias=b),
     [(4, 3, 5, 6), (3,), (3,)]),
    ("layer-no-affine", lambda F, x: F.layer_norm(x, (6,)), [(4, 6)]),
    ("group-no-affine", lambda F, x: F.group_norm(x, 1), [(4, 6, 3)]),
    ("lrn-3d", lambda F, x: F.local_response_norm(x, 3), [(2, 6, 5)]),
    ("lrn-4d", lambda F, x: F.local_response_norm(x, 2, 1e-2, 0.5, 2.0), [(2, 6, 3, 4)]),
]  # fmt: skip


@pytest.mark.parametrize("case", NORM, ids=[c[0] for c in NORM])
def test_norm_matches_torch(torch_ref, case):
    name, fn, shapes = case
    ys, tys = compare(torch_ref, fn, shapes, rtol=1e-9, atol=1e-9)
    if name.startswith(("batch", "layer")):
        assert ys[0].grad_fn.name() == tys[0].grad_fn.name()


@pytest.mark.parametrize("case", NORM, ids=[c[0] for c in NORM])
def test_norm_float32(torch_ref, case):
    _, fn, shapes = case
    compare(torch_ref, fn, shapes, rtol=1e-4, atol=1e-5, dtype=np.float32)


@pytest.mark.parametrize("case", NORM, ids=[c[0] for c in NORM])
def test_norm_gradcheck(case):
    _, fn, shapes = case
    check_grads(fn, shapes)


@pytest.mark.parametrize("case", NORM[:1] + NORM[3:4] + NORM[5:6], ids=lambda c: c[0])
def test_norm_double_backward(case):
    _, fn, shapes = case
    check_grads(fn, shapes, double=True)


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_running_stats(torch_ref, training):
    x, w, b = sample((5, 3, 4, 4)), sample((3,), 1), sample((3,), 2)
    stats = []
    for mod, F in ((numtorch, NF), (torch_ref, torch_ref.nn.functional)):
        rm, rv = mod.tensor(sample((3,), 3)), mod.tensor(np.abs(sample((3,), 4)) + 0.5)
        y = F.batch_norm(mod.tensor(x), rm, rv, mod.tensor(w), mod.tensor(b), training, 0.3)
        stats.append((y, rm, rv))
    for ours, theirs in zip(*stats):
        assert_same(ours, theirs, 1e-9, 1e-9)


def test_instance_norm_running_stats(torch_ref):
    x = sample((5, 3, 4, 4))
    stats = []
    for mod, F in ((numtorch, NF), (torch_ref, torch_ref.nn.functional)):
        rm, rv = mod.zeros(3, dtype=mod.float64), mod.ones(3, dtype=mod.float64)
        y = F.instance_norm(mod.tensor(x), rm, rv, momentum=0.2)
        stats.append((y, rm, rv))
    for ours, theirs in zip(*stats):
        assert_same(ours, theirs, 1e-9, 1e-9)


def test_norm_errors(torch_ref):
    cases = [
        (lambda F, t: F.batch_norm(t.ones(1, 3), None, None, training=True), ValueError,
         "Expected more than 1 value per channel when training, got input size torch.Size([1, "
         "3])"),
        (lambda F, t: F.layer_norm(t.ones(2, 5), (4,)), RuntimeError,
         "Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, "
         "5]"),
        (lambda F, t: F.group_norm(t.ones(2, 5, 4), 2), RuntimeError,
         "Expected number of channels in input to be divisible by num_groups, but got input of "
         "shape [2, 5, 4] and num_groups=2"),
    ]  # fmt: skip
    for fn, exc, message in cases:
        with pytest.raises(exc) as ours:
            fn(NF, numtorch)
        with pytest.raises(exc) as theirs:
            fn(torch_ref.nn.functional, torch_ref)
        assert str(ours.value) == message
        assert message in str(theirs.value)


LAYERS = [
    ("batchnorm.BatchNorm1d", (3,), {}, (6, 3)),
    ("batchnorm.BatchNorm1d", (3,), {"affine": False, "momentum": None}, (6, 3, 4)),
    ("batchnorm.BatchNorm2d", (3,), {}, (4, 3, 5, 5)),
    ("batchnorm.BatchNorm2d", (3,), {"track_running_stats": False, "eps": 1e-3}, (4, 3, 5, 5)),
    ("batchnorm.BatchNorm3d", (2,), {"momentum": 0.5}, (2, 2, 3, 3, 3)),
    ("normalization.LayerNorm", ((5, 5),), {}, (4, 3, 5, 5)),
    ("normalization.LayerNorm", (5,), {"elementwise_affine": False}, (4, 3, 5)),
    ("normalization.LayerNorm", (5,), {"bias": False}, (4, 3, 5)),
    ("normalization.GroupNorm", (2, 4), {}, (3, 4, 5)),
    ("normalization.RMSNorm", (5,), {}, (3, 4, 5)),
    ("normalization.LocalResponseNorm", (3,), {}, (3, 6, 5, 5)),
    ("instancenorm.InstanceNorm1d", (3,), {}, (4, 3, 5)),
    ("instancenorm.InstanceNorm2d", (3,), {"affine": True}, (4, 3, 5, 5)),
    ("instancenorm.InstanceNorm2d", (3,), {"track_running_stats": True}, (4, 3, 5, 5)),
    ("instancenorm.InstanceNorm3d", (2,), {}, (2, 2, 3, 3, 3)),
]  # fmt: skip


@needs_module
@pytest.mark.parametrize("case", LAYERS, ids=lambda c: c[0] + str(c[1]) + str(c[2]))
def test_norm_layers(torch_ref, case):
    name, args, kwargs, shape = case
    ours, theirs = module_pair(torch_ref, name, *args, **kwargs)
    assert repr(ours) == repr(theirs)
    for step in range(3):  # training steps update the running statistics, then eval uses them
        if step == 2:
            ours.eval()
            theirs.eval()
        x = sample(shape, step).astype(np.float32)
        y, ty = ours(numtorch.tensor(x)), theirs(torch_ref.tensor(x))
        assert_same(y, ty, 1e-4, 1e-5)
    for name in ("running_mean", "running_var", "num_batches_tracked"):
        if getattr(theirs, name, None) is not None:
            assert_same(getattr(ours, name), getattr(theirs, name), 1e-5, 1e-6)


@needs_module
def test_batchnorm_input_dim_error():
    from numtorch.nn.modules.batchnorm import BatchNorm2d

    with pytest.raises(ValueError, match=r"expected 4D input \(got 3D input\)"):
        BatchNorm2d(3)(numtorch.ones(3, 4, 4))
