"""Dropout family: bit-identical masks with torch's generator, scaling, eval mode, errors."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch

from ..conftest import assert_same
from .nn_helpers import NF, module_pair, needs_module, sample

DROPOUT = [
    ("dropout", lambda F, x: F.dropout(x, 0.3), (6, 7)),
    ("dropout-p0.9", lambda F, x: F.dropout(x, 0.9), (50,)),
    ("dropout-p1", lambda F, x: F.dropout(x, 1.0), (4, 5)),
    ("dropout-eval", lambda F, x: F.dropout(x, 0.5, training=False), (4, 5)),
    ("dropout1d", lambda F, x: F.dropout1d(x, 0.4), (3, 5, 7)),
    ("dropout2d", lambda F, x: F.dropout2d(x, 0.4), (3, 5, 4, 4)),
    ("dropout1d-unbatched", lambda F, x: F.dropout1d(x, 0.4), (5, 4)),
    ("dropout3d-unbatched", lambda F, x: F.dropout3d(x, 0.4), (5, 2, 3, 3)),
    ("dropout3d", lambda F, x: F.dropout3d(x, 0.4), (2, 5, 2, 3, 3)),
    ("alpha", lambda F, x: F.alpha_dropout(x, 0.2, True), (6, 7)),
    ("feature-alpha", lambda F, x: F.feature_alpha_dropout(x, 0.2, True), (3, 4, 5)),
]  # fmt: skip


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", DROPOUT, ids=[c[0] for c in DROPOUT])
def test_dropout_bit_identical(torch_ref, case, dtype):
    _, fn, shape = case
    x = sample(shape).astype(dtype)
    numtorch.manual_seed(7)
    torch_ref.manual_seed(7)
    a, b = numtorch.tensor(x, requires_grad=True), torch_ref.tensor(x, requires_grad=True)
    y, ty = fn(NF, a), fn(torch_ref.nn.functional, b)
    assert_same(y, ty, 0, 0)
    g = sample(shape, 1).astype(dtype)
    y.backward(numtorch.tensor(g))
    ty.backward(torch_ref.tensor(g))
    assert_same(a.grad, b.grad, 0, 0)


@pytest.mark.filterwarnings("ignore:dropout2d")
def test_dropout2d_3d_input_is_channelwise_1d(torch_ref):
    x = sample((3, 5, 4)).astype(np.float32)
    numtorch.manual_seed(2)
    torch_ref.manual_seed(2)
    with pytest.warns(UserWarning, match="Received a 3D input to dropout2d"):
        y = NF.dropout2d(numtorch.tensor(x), 0.5)
    assert_same(y, torch_ref.nn.functional.dropout2d(torch_ref.tensor(x), 0.5), 0, 0)


def test_dropout_inplace(torch_ref):
    x = sample((5, 6)).astype(np.float32)
    numtorch.manual_seed(1)
    torch_ref.manual_seed(1)
    a, b = numtorch.tensor(x), torch_ref.tensor(x)
    NF.dropout(a, 0.5, inplace=True)
    torch_ref.nn.functional.dropout(b, 0.5, inplace=True)
    assert_same(a, b, 0, 0)


def test_dropout_statistics_without_torch():
    numtorch.manual_seed(0)
    y = NF.dropout(numtorch.ones(100_000), 0.25)
    kept = y._data != 0
    assert abs(kept.mean() - 0.75) < 0.01
    np.testing.assert_allclose(y._data[kept], np.float32(1 / 0.75))


def test_dropout_errors(torch_ref):
    message = "dropout probability has to be between 0 and 1, but got 1.5"
    with pytest.raises(ValueError, match=message):
        NF.dropout(numtorch.ones(3), 1.5)
    with pytest.raises(ValueError, match=message):
        torch_ref.nn.functional.dropout(torch_ref.ones(3), 1.5)


LAYERS = [
    ("dropout.Dropout", (), {}, (6, 7)),
    ("dropout.Dropout", (0.2,), {"inplace": True}, (6, 7)),
    ("dropout.Dropout1d", (0.3,), {}, (3, 4, 5)),
    ("dropout.Dropout2d", (0.3,), {}, (3, 4, 5, 5)),
    ("dropout.Dropout3d", (0.3,), {}, (2, 4, 2, 3, 3)),
    ("dropout.AlphaDropout", (0.3,), {}, (6, 7)),
    ("dropout.FeatureAlphaDropout", (0.3,), {}, (3, 4, 5)),
]  # fmt: skip


@needs_module
@pytest.mark.parametrize("case", LAYERS, ids=lambda c: c[0] + str(c[1]) + str(c[2]))
def test_dropout_layers(torch_ref, case):
    name, args, kwargs, shape = case
    ours, theirs = module_pair(torch_ref, name, *args, **kwargs)
    assert repr(ours) == repr(theirs)
    x = sample(shape).astype(np.float32)
    numtorch.manual_seed(3)
    torch_ref.manual_seed(3)
    assert_same(ours(numtorch.tensor(x)), theirs(torch_ref.tensor(x)), 0, 0)
    ours.eval()
    theirs.eval()
    assert_same(ours(numtorch.tensor(x)), theirs(torch_ref.tensor(x)), 0, 0)


@needs_module
def test_dropout_layer_error():
    from numtorch.nn.modules.dropout import Dropout

    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1"):
        Dropout(-0.1)
