"""Convolutions and their transposes: values, gradients, double backward, layers, errors."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch

from ..conftest import assert_same
from .nn_helpers import NF, check_grads, compare, module_pair, needs_module, same_parameters

CONV = [
    ("1d", lambda F, x, w, b: F.conv1d(x, w, b), [(2, 3, 9), (4, 3, 3), (4,)]),
    ("1d-stride-pad", lambda F, x, w, b: F.conv1d(x, w, b, 2, 1, 2), [(2, 3, 9), (4, 3, 3), (4,)]),
    ("2d", lambda F, x, w, b: F.conv2d(x, w, b), [(2, 3, 7, 6), (5, 3, 3, 2), (5,)]),
    ("2d-stride", lambda F, x, w, b: F.conv2d(x, w, b, stride=2, padding=1),
     [(2, 3, 7, 6), (5, 3, 3, 3), (5,)]),
    ("2d-dilation", lambda F, x, w, b: F.conv2d(x, w, b, padding=(2, 1), dilation=2),
     [(2, 3, 7, 6), (5, 3, 3, 3), (5,)]),
    ("2d-groups", lambda F, x, w, b: F.conv2d(x, w, b, padding=1, groups=2),
     [(2, 4, 6, 6), (6, 2, 3, 3), (6,)]),
    ("2d-depthwise", lambda F, x, w, b: F.conv2d(x, w, b, groups=4), [(2, 4, 5, 5), (4, 1, 3, 3),
                                                                      (4,)]),
    ("2d-same-even", lambda F, x, w, b: F.conv2d(x, w, b, padding="same"),
     [(2, 3, 6, 6), (4, 3, 4, 2), (4,)]),
    ("2d-valid", lambda F, x, w, b: F.conv2d(x, w, b, padding="valid"),
     [(2, 3, 6, 6), (4, 3, 3, 3), (4,)]),
    ("2d-unbatched", lambda F, x, w, b: F.conv2d(x, w, b, padding=1), [(3, 5, 5), (4, 3, 3, 3),
                                                                       (4,)]),
    ("3d", lambda F, x, w, b: F.conv3d(x, w, b, stride=(1, 2, 1), padding=1),
     [(2, 2, 4, 5, 4), (3, 2, 3, 3, 2), (3,)]),
    ("t1d", lambda F, x, w, b: F.conv_transpose1d(x, w, b, stride=2), [(2, 3, 5), (3, 4, 3),
                                                                       (4,)]),
    ("t2d", lambda F, x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1),
     [(2, 3, 4, 5), (3, 4, 3, 3), (4,)]),
    ("t2d-groups-dil", lambda F, x, w, b: F.conv_transpose2d(x, w, b, groups=3, dilation=2),
     [(2, 6, 4, 4), (6, 2, 3, 2), (6,)]),
    ("t3d", lambda F, x, w, b: F.conv_transpose3d(x, w, b, stride=2),
     [(1, 2, 3, 3, 3), (2, 3, 2, 2, 2), (3,)]),
]  # fmt: skip
IDS = [c[0] for c in CONV]
pytestmark = pytest.mark.filterwarnings("ignore:Using padding=.same.")


@pytest.mark.parametrize("case", CONV, ids=IDS)
def test_conv_matches_torch(torch_ref, case):
    _, fn, shapes = case
    ys, tys = compare(torch_ref, fn, shapes, rtol=1e-10, atol=1e-10)
    assert ys[0].grad_fn.name() == tys[0].grad_fn.name()


@pytest.mark.parametrize("case", CONV[:3] + CONV[5:6] + CONV[12:13], ids=lambda c: c[0])
def test_conv_float32(torch_ref, case):
    _, fn, shapes = case
    compare(torch_ref, fn, shapes, rtol=1e-5, atol=1e-5, dtype=np.float32)


@pytest.mark.parametrize("case", CONV, ids=IDS)
def test_conv_gradcheck(case):
    _, fn, shapes = case
    check_grads(fn, shapes)


@pytest.mark.parametrize("case", [CONV[3], CONV[5], CONV[12]], ids=lambda c: c[0])
def test_conv_double_backward(case):
    _, fn, shapes = case
    check_grads(fn, shapes, double=True)


def test_conv_double_backward_matches_torch(torch_ref):
    arrays = [np.random.default_rng(i).standard_normal(s) for i, s in
              enumerate([(2, 3, 6, 6), (4, 3, 3, 3)])]  # fmt: skip
    results = []
    for mod, F in ((numtorch, NF), (torch_ref, torch_ref.nn.functional)):
        x, w = (mod.tensor(a, requires_grad=True) for a in arrays)
        y = F.conv2d(x, w, stride=2, padding=1)
        (gx,) = mod.autograd.grad(y.pow(2).sum(), x, create_graph=True)
        gx.pow(2).sum().backward()
        results.append((gx, x.grad, w.grad))
    for ours, theirs in zip(*results):
        assert_same(ours, theirs, 1e-9, 1e-9)


ERRORS = [
    (lambda F, t: F.conv2d(t.ones(1, 4, 5, 5), t.ones(2, 3, 3, 3)), RuntimeError,
     "Given groups=1, weight of size [2, 3, 3, 3], expected input[1, 4, 5, 5] to have 3 "
     "channels, but got 4 channels instead"),
    (lambda F, t: F.conv2d(t.ones(5, 5), t.ones(2, 3, 3, 3)), RuntimeError,
     "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]"),
    (lambda F, t: F.conv2d(t.ones(1, 3, 2, 2), t.ones(2, 3, 3, 3)), RuntimeError,
     "Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size "
     "can't be greater than actual input size"),
    (lambda F, t: F.conv2d(t.ones(1, 3, 5, 5), t.ones(2, 3, 3, 3), stride=2, padding="same"),
     RuntimeError, "padding='same' is not supported for strided convolutions"),
    (lambda F, t: F.conv2d(t.ones(1, 1, 3, 3), t.ones(1, 1, 2, 2, dtype=t.float64)),
     RuntimeError, "expected scalar type Float but found Double"),
    (lambda F, t: F.conv2d(t.ones(1, 1, 3, 3), t.ones(1, 1, 2, 2), t.ones(1, dtype=t.float64)),
     RuntimeError, "Input type (float) and bias type (double) should be the same"),
]  # fmt: skip


@pytest.mark.parametrize("case", ERRORS, ids=range(len(ERRORS)))
def test_conv_errors(torch_ref, case):
    fn, exc, message = case
    with pytest.raises(exc) as ours:
        fn(NF, numtorch)
    with pytest.raises(exc) as theirs:
        fn(torch_ref.nn.functional, torch_ref)
    assert str(ours.value) == message
    assert message in str(theirs.value)


LAYERS = [
    ("conv.Conv1d", (3, 4, 3), {}, (2, 3, 10)),
    ("conv.Conv2d", (3, 64, 3), {"padding": 1}, (2, 3, 8, 8)),
    ("conv.Conv2d", (1, 6, 5), {}, (2, 1, 12, 12)),
    ("conv.Conv2d", (4, 8, (3, 2)), {"stride": 2, "groups": 2, "bias": False, "dilation": 2,
                                     "padding": 1, "padding_mode": "reflect"}, (2, 4, 9, 9)),
    ("conv.Conv2d", (4, 6, 3), {"padding": "same", "padding_mode": "circular"}, (2, 4, 6, 6)),
    ("conv.Conv2d", (4, 6, 3), {"padding": 2, "padding_mode": "replicate"}, (2, 4, 6, 6)),
    ("conv.Conv3d", (2, 3, 2), {"stride": (1, 2, 1)}, (1, 2, 4, 4, 4)),
    ("conv.ConvTranspose1d", (3, 2, 3), {"stride": 2}, (2, 3, 5)),
    ("conv.ConvTranspose2d", (3, 4, 3), {"stride": 2, "padding": 1, "output_padding": 1},
     (2, 3, 5, 5)),
    ("conv.ConvTranspose3d", (2, 2, 2), {"bias": False}, (1, 2, 3, 3, 3)),
]  # fmt: skip


@needs_module
@pytest.mark.parametrize("case", LAYERS, ids=lambda c: c[0] + str(c[1]) + str(c[2]))
def test_conv_layers(torch_ref, case):
    name, args, kwargs, shape = case
    ours, theirs = module_pair(torch_ref, name, *args, **kwargs)
    assert repr(ours) == repr(theirs)
    same_parameters(ours, theirs)
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    y, ty = ours(numtorch.tensor(x)), theirs(torch_ref.tensor(x))
    assert_same(y, ty, 1e-5, 1e-5)
    g = np.random.default_rng(1).standard_normal(tuple(ty.shape)).astype(np.float32)
    y.backward(numtorch.tensor(g))
    ty.backward(torch_ref.tensor(g))
    assert_same(ours.weight.grad, theirs.weight.grad, 1e-4, 1e-4)


@needs_module
def test_conv_transpose_output_size(torch_ref):
    ours, theirs = module_pair(torch_ref, "conv.ConvTranspose2d", 4, 2, 3, stride=2, padding=1)
    x = np.random.default_rng(0).standard_normal((1, 4, 5, 5)).astype(np.float32)
    y = ours(numtorch.tensor(x), output_size=[10, 10])
    assert_same(y, theirs(torch_ref.tensor(x), output_size=[10, 10]), 1e-5, 1e-5)


@needs_module
def test_conv_layer_errors():
    from numtorch.nn.modules.conv import Conv2d

    with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
        Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="padding='same' is not supported for strided"):
        Conv2d(3, 4, 3, stride=2, padding="same")
    with pytest.raises(ValueError, match="padding_mode must be one of"):
        Conv2d(3, 4, 3, padding_mode="bad")
