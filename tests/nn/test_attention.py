"""MultiheadAttention against torch with the same seed (same initial weights)."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch

from ..conftest import assert_same
from .nn_helpers import module_pair, needs_module, sample

pytestmark = needs_module

CASES = [
    ((8, 2), {}, {}),
    ((8, 2), {"batch_first": True}, {"average_attn_weights": False}),
    ((8, 4), {"bias": False}, {"need_weights": False}),
    ((8, 2), {"kdim": 5, "vdim": 3}, {}),
    ((8, 2), {"add_bias_kv": True, "add_zero_attn": True}, {}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c[1]) + str(c[2]))
def test_multihead_attention(torch_ref, case):
    args, kwargs, call = case
    ours, theirs = module_pair(torch_ref, "activation_attention.MultiheadAttention", *args,
                               **kwargs)  # fmt: skip
    assert repr(ours) == repr(theirs)
    names = [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_parameters()] == names
    for (_, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_array_equal(p.detach()._data, q.detach().numpy())
    n, lq, ls = 3, 4, 6
    shape = (lambda l, e: (n, l, e)) if kwargs.get("batch_first") else (lambda l, e: (l, n, e))
    q = sample(shape(lq, 8)).astype(np.float32)
    k = sample(shape(ls, kwargs.get("kdim", 8)), 1).astype(np.float32)
    v = sample(shape(ls, kwargs.get("vdim", 8)), 2).astype(np.float32)
    mask = sample((lq, ls), 3) > 0.5
    mask[:, 0] = False
    pad = np.zeros((n, ls), dtype=bool)
    pad[0, -1] = True
    outs = []
    for mod, m in ((numtorch, ours), (torch_ref, theirs)):
        t = [mod.tensor(a) for a in (q, k, v)]
        y, w = m(*t, key_padding_mask=mod.tensor(pad), attn_mask=mod.tensor(mask), **call)
        (y.sum() + (w.sum() if w is not None else 0)).backward()
        outs.append((y, w, m.out_proj.weight.grad))
    for ours_t, theirs_t in zip(*outs):
        if theirs_t is None:
            assert ours_t is None
        else:
            assert_same(ours_t, theirs_t, 1e-5, 1e-5)


def test_multihead_attention_unbatched_float_mask(torch_ref):
    ours, theirs = module_pair(torch_ref, "activation_attention.MultiheadAttention", 6, 3)
    x = sample((5, 6)).astype(np.float32)
    mask = sample((5, 5), 1).astype(np.float32)
    y, w = ours(*(numtorch.tensor(x),) * 3, attn_mask=numtorch.tensor(mask))
    ty, tw = theirs(*(torch_ref.tensor(x),) * 3, attn_mask=torch_ref.tensor(mask))
    assert_same(y, ty, 1e-5, 1e-5)
    assert_same(w, tw, 1e-5, 1e-5)


def test_multihead_attention_errors():
    from numtorch.nn.modules.activation_attention import MultiheadAttention

    with pytest.raises(AssertionError, match="embed_dim must be divisible by num_heads"):
        MultiheadAttention(7, 2)
