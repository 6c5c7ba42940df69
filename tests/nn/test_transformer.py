"""Transformer layers against torch with the same seed (same initial weights), dropout 0."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch

from ..conftest import assert_same
from .nn_helpers import module_pair, needs_module, sample

pytestmark = [needs_module, pytest.mark.filterwarnings("ignore:enable_nested_tensor")]


def _compare_params(ours, theirs):
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    for (_, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_array_equal(p.detach()._data, q.detach().numpy())


@pytest.mark.parametrize("kwargs", [{}, {"norm_first": True, "activation": "gelu"},
                                    {"batch_first": True, "bias": False}])  # fmt: skip
def test_encoder_layer_and_stack(torch_ref, kwargs):
    layer, tlayer = module_pair(torch_ref, "transformer.TransformerEncoderLayer", 8, 2, 16, 0.0,
                                **kwargs)  # fmt: skip
    assert repr(layer) == repr(tlayer)
    _compare_params(layer, tlayer)
    from numtorch.nn.modules.transformer import TransformerEncoder

    enc = TransformerEncoder(layer, 2)
    tenc = torch_ref.nn.TransformerEncoder(tlayer, 2, enable_nested_tensor=False)
    assert repr(enc) == repr(tenc)
    x = sample((3, 5, 8) if kwargs.get("batch_first") else (5, 3, 8)).astype(np.float32)
    mask = np.triu(np.full((5, 5), -np.inf, dtype=np.float32), 1)
    y = enc(numtorch.tensor(x), mask=numtorch.tensor(mask))
    ty = tenc(torch_ref.tensor(x), mask=torch_ref.tensor(mask))
    assert_same(y, ty, 1e-5, 1e-5)
    y.sum().backward()
    ty.sum().backward()
    for (_, p), (_, q) in zip(enc.named_parameters(), tenc.named_parameters()):
        assert_same(p.grad, q.grad, 1e-4, 1e-5)


@pytest.mark.parametrize("norm_first", [False, True])
def test_decoder_layer(torch_ref, norm_first):
    ours, theirs = module_pair(torch_ref, "transformer.TransformerDecoderLayer", 8, 2, 16, 0.0,
                               norm_first=norm_first)  # fmt: skip
    assert repr(ours) == repr(theirs)
    _compare_params(ours, theirs)
    tgt, mem = sample((4, 3, 8)).astype(np.float32), sample((6, 3, 8), 1).astype(np.float32)
    y = ours(numtorch.tensor(tgt), numtorch.tensor(mem))
    ty = theirs(torch_ref.tensor(tgt), torch_ref.tensor(mem))
    assert_same(y, ty, 1e-5, 1e-5)
    y.sum().backward()
    ty.sum().backward()
    assert_same(ours.linear1.weight.grad, theirs.linear1.weight.grad, 1e-4, 1e-5)
