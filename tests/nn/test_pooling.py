"""Pooling, adaptive pooling, unpooling, fold/unfold, resampling and pixel shuffle."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch

from ..conftest import assert_same
from .nn_helpers import NF, check_grads, compare, module_pair, needs_module

X2 = (2, 3, 9, 8)
POOL = [
    ("max1d", lambda F, x: F.max_pool1d(x, 3, 2), [(2, 3, 9)]),
    ("max2d", lambda F, x: F.max_pool2d(x, 2), [X2]),
    ("max2d-pad-ceil", lambda F, x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True), [X2]),
    ("max2d-dilation", lambda F, x: F.max_pool2d(x, (3, 2), 1, 1, dilation=2), [X2]),
    ("max2d-indices", lambda F, x: F.max_pool2d(x, 3, 2, 1, return_indices=True), [X2]),
    ("max2d-unbatched", lambda F, x: F.max_pool2d(x, 2), [(3, 6, 6)]),
    ("max3d", lambda F, x: F.max_pool3d(x, 2, return_indices=True), [(2, 2, 4, 5, 4)]),
    ("avg1d", lambda F, x: F.avg_pool1d(x, 3, 2, 1), [(2, 3, 9)]),
    ("avg2d", lambda F, x: F.avg_pool2d(x, 2), [X2]),
    ("avg2d-pad-ceil", lambda F, x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True), [X2]),
    ("avg2d-exclude-pad", lambda F, x: F.avg_pool2d(x, 3, 2, 1, True, False), [X2]),
    ("avg2d-divisor", lambda F, x: F.avg_pool2d(x, 3, 2, divisor_override=2), [X2]),
    ("avg3d", lambda F, x: F.avg_pool3d(x, 2, 1, 1), [(1, 2, 4, 4, 3)]),
    ("aavg1d", lambda F, x: F.adaptive_avg_pool1d(x, 4), [(2, 3, 9)]),
    ("aavg2d", lambda F, x: F.adaptive_avg_pool2d(x, (4, 3)), [X2]),
    ("aavg2d-1", lambda F, x: F.adaptive_avg_pool2d(x, 1), [X2]),
    ("aavg2d-none", lambda F, x: F.adaptive_avg_pool2d(x, (None, 3)), [X2]),
    ("aavg3d", lambda F, x: F.adaptive_avg_pool3d(x, 2), [(1, 2, 5, 4, 3)]),
    ("amax1d", lambda F, x: F.adaptive_max_pool1d(x, 4, True), [(2, 3, 9)]),
    ("amax2d", lambda F, x: F.adaptive_max_pool2d(x, (4, 3), True), [X2]),
    ("amax2d-even", lambda F, x: F.adaptive_max_pool2d(x, (3, 4), True), [(2, 3, 9, 8)]),
    ("unfold", lambda F, x: F.unfold(x, (2, 3), dilation=1, padding=1, stride=2), [X2]),
    ("fold", lambda F, x: F.fold(x, (5, 6), (2, 2), padding=1), [(2, 12, 42)]),
    ("unpool2d", lambda F, x: F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2),
     [(2, 3, 6, 8)]),
    ("nearest", lambda F, x: F.interpolate(x, scale_factor=2), [X2]),
    ("nearest-size", lambda F, x: F.interpolate(x, size=(5, 13)), [X2]),
    ("nearest-exact", lambda F, x: F.interpolate(x, size=(5, 13), mode="nearest-exact"), [X2]),
    ("bilinear", lambda F, x: F.interpolate(x, scale_factor=1.5, mode="bilinear"), [X2]),
    ("bilinear-ac", lambda F, x: F.interpolate(x, (5, 11), mode="bilinear", align_corners=True),
     [X2]),
    ("linear", lambda F, x: F.interpolate(x, 7, mode="linear"), [(2, 3, 9)]),
    ("trilinear", lambda F, x: F.interpolate(x, scale_factor=2, mode="trilinear"),
     [(1, 2, 3, 2, 3)]),
    ("area", lambda F, x: F.interpolate(x, (4, 3), mode="area"), [X2]),
    ("pixel-shuffle", lambda F, x: F.pixel_shuffle(x, 2), [(2, 8, 3, 4)]),
    ("pixel-unshuffle", lambda F, x: F.pixel_unshuffle(x, 2), [(2, 2, 4, 6)]),
]  # fmt: skip


@pytest.mark.parametrize("case", POOL, ids=[c[0] for c in POOL])
def test_pooling_matches_torch(torch_ref, case):
    name, fn, shapes = case
    ys, tys = compare(torch_ref, fn, shapes, rtol=1e-10, atol=1e-10)
    if name not in ("bilinear", "bilinear-ac", "linear", "trilinear", "aavg2d", "aavg2d-none",
                    "aavg1d", "fold", "unpool2d", "aavg3d", "area", "pixel-shuffle",
                    "pixel-unshuffle", "amax1d", "max2d-unbatched"):  # fmt: skip
        assert ys[0].grad_fn.name() == tys[0].grad_fn.name()


@pytest.mark.parametrize("case", POOL, ids=[c[0] for c in POOL])
def test_pooling_gradcheck(case):
    _, fn, shapes = case
    first = lambda F, *xs: (lambda r: r[0] if isinstance(r, tuple) else r)(fn(F, *xs))  # noqa
    check_grads(first, shapes)


@pytest.mark.parametrize("name", ["max2d-pad-ceil", "avg2d-exclude-pad", "unfold"])
def test_pooling_double_backward(name):
    _, fn, shapes = next(c for c in POOL if c[0] == name)
    check_grads(fn, shapes, double=True)


def test_max_pool_float32_nan_and_ties(torch_ref):
    x = np.array([[[[1, 1, np.nan, 2], [0, 1, 3, np.nan], [5, 5, 5, 5], [5, 5, 5, 5]]]],
                 dtype=np.float32)  # fmt: skip
    ours = NF.max_pool2d(numtorch.tensor(x), 2, return_indices=True)
    theirs = torch_ref.nn.functional.max_pool2d(torch_ref.tensor(x), 2, return_indices=True)
    assert_same(list(ours), list(theirs))


def test_pooling_errors(torch_ref):
    for fn, message in [
        (lambda F, t: F.max_pool2d(t.ones(1, 1, 5, 5), 3, padding=2),
         "pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 "
         "and dilation=1"),
        (lambda F, t: F.avg_pool2d(t.ones(1, 1, 5, 5), 3, padding=2),
         "pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 "
         "and dilation=1"),
    ]:  # fmt: skip
        with pytest.raises(RuntimeError) as ours:
            fn(NF, numtorch)
        with pytest.raises(RuntimeError) as theirs:
            fn(torch_ref.nn.functional, torch_ref)
        assert str(ours.value) == message
        assert message in str(theirs.value)


def test_interpolate_errors():
    x = numtorch.ones(1, 1, 4, 4)
    with pytest.raises(ValueError, match="only one of size or scale_factor"):
        NF.interpolate(x, size=2, scale_factor=2)
    with pytest.raises(ValueError, match="align_corners option can only be set"):
        NF.interpolate(x, scale_factor=2, align_corners=True)


LAYERS = [
    ("pooling.MaxPool1d", (3,), {"stride": 2}, (2, 3, 9)),
    ("pooling.MaxPool2d", (2, 2), {}, (2, 3, 8, 8)),
    ("pooling.MaxPool2d", (3,), {"stride": 2, "padding": 1, "ceil_mode": True}, (2, 3, 9, 8)),
    ("pooling.MaxPool3d", (2,), {}, (1, 2, 4, 4, 4)),
    ("pooling.AvgPool1d", (3,), {"stride": 2}, (2, 3, 9)),
    ("pooling.AvgPool2d", (2,), {}, (2, 3, 8, 8)),
    ("pooling.AvgPool2d", (3,), {"stride": 1, "padding": 1, "count_include_pad": False},
     (2, 3, 6, 6)),
    ("pooling.AvgPool3d", (2,), {}, (1, 2, 4, 4, 4)),
    ("pooling.AdaptiveAvgPool1d", (4,), {}, (2, 3, 9)),
    ("pooling.AdaptiveAvgPool2d", ((1, 1),), {}, (2, 3, 5, 5)),
    ("pooling.AdaptiveAvgPool3d", (2,), {}, (1, 2, 4, 4, 5)),
    ("pooling.AdaptiveMaxPool1d", (4,), {}, (2, 3, 9)),
    ("pooling.AdaptiveMaxPool2d", (3,), {}, (2, 3, 7, 7)),
    ("fold.Unfold", ((2, 3),), {"padding": 1}, (2, 3, 6, 6)),
    ("fold.Fold", ((4, 5), (2, 2)), {}, (2, 12, 12)),
    ("pixelshuffle.PixelShuffle", (2,), {}, (2, 8, 3, 3)),
    ("pixelshuffle.PixelUnshuffle", (2,), {}, (2, 2, 4, 4)),
    ("upsampling.Upsample", (), {"scale_factor": 2}, (2, 3, 4, 4)),
    ("upsampling.Upsample", ((6, 7),), {"mode": "bilinear"}, (2, 3, 4, 4)),
    ("upsampling.UpsamplingNearest2d", (), {"scale_factor": 2}, (2, 3, 4, 4)),
    ("upsampling.UpsamplingBilinear2d", (), {"scale_factor": 2}, (2, 3, 4, 4)),
]  # fmt: skip


@needs_module
@pytest.mark.parametrize("case", LAYERS, ids=lambda c: c[0] + str(c[1]) + str(c[2]))
def test_pooling_layers(torch_ref, case):
    name, args, kwargs, shape = case
    ours, theirs = module_pair(torch_ref, name, *args, **kwargs)
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    assert_same(ours(numtorch.tensor(x)), theirs(torch_ref.tensor(x)), 1e-6, 1e-6)


@needs_module
def test_max_unpool_layer(torch_ref):
    pool, tpool = module_pair(torch_ref, "pooling.MaxPool2d", 2, return_indices=True)
    unpool, tunpool = module_pair(torch_ref, "pooling.MaxUnpool2d", 2)
    assert repr(unpool) == repr(tunpool)
    x = np.random.default_rng(0).standard_normal((1, 2, 5, 5)).astype(np.float32)
    y = unpool(*pool(numtorch.tensor(x)), output_size=(5, 5))
    ty = tunpool(*tpool(torch_ref.tensor(x)), output_size=(5, 5))
    assert_same(y, ty)
