"""Embedding, one_hot, distances and scaled dot-product attention."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch
from numtorch.autograd import gradgradcheck

from ..conftest import assert_same
from .nn_helpers import NF, check_grads, compare, module_pair, needs_module, same_parameters

IDX = np.array([[1, 2, 0, 4], [3, 3, 1, 0]])


def _emb(**kwargs):
    def fn(F, w):
        mod = numtorch if F is NF else __import__("torch")
        return F.embedding(mod.tensor(IDX), w, **kwargs)

    return fn


EMB = [
    ("plain", _emb(), [(5, 3)]),
    ("padding-idx", _emb(padding_idx=3), [(5, 3)]),
    ("negative-padding-idx", _emb(padding_idx=-1), [(5, 3)]),
    ("scale-grad-by-freq", _emb(scale_grad_by_freq=True), [(5, 3)]),
]


@pytest.mark.parametrize("case", EMB, ids=[c[0] for c in EMB])
def test_embedding_matches_torch(torch_ref, case):
    _, fn, shapes = case
    ys, tys = compare(torch_ref, fn, shapes, rtol=0, atol=0)
    assert ys[0].grad_fn.name() == tys[0].grad_fn.name() == "EmbeddingBackward0"


def test_embedding_gradcheck():
    check_grads(EMB[0][1], EMB[0][2], double=True)


@pytest.mark.parametrize("case", EMB[1:], ids=[c[0] for c in EMB[1:]])
def test_embedding_double_backward(case):
    # padding_idx and scale_grad_by_freq change the gradient on purpose (as in torch), so only
    # the backward itself is checked against finite differences
    _, fn, shapes = case
    w = numtorch.tensor(np.random.default_rng(0).standard_normal(shapes[0]), requires_grad=True)
    assert gradgradcheck(lambda x: fn(NF, x), [w])


def test_embedding_max_norm(torch_ref):
    w = np.random.default_rng(0).standard_normal((5, 3)) * 3
    results = []
    for mod, F in ((numtorch, NF), (torch_ref, torch_ref.nn.functional)):
        weight = mod.tensor(w)
        y = F.embedding(mod.tensor(IDX), weight, max_norm=1.0)
        results.append((y, weight))
    for ours, theirs in zip(*results):
        assert_same(ours, theirs, 1e-6, 1e-6)


def test_embedding_errors(torch_ref):
    w = numtorch.ones(5, 3)
    with pytest.raises(IndexError, match="index out of range in self"):
        NF.embedding(numtorch.tensor([5]), w)
    with pytest.raises(IndexError, match="index out of range in self"):
        torch_ref.nn.functional.embedding(torch_ref.tensor([5]), torch_ref.ones(5, 3))
    with pytest.raises(RuntimeError, match="Expected tensor for argument #1 'indices'"):
        NF.embedding(numtorch.ones(2), w)


BAG_IDX, BAG_OFFSETS = np.array([1, 2, 4, 5, 4, 3, 2, 9, 0, 0]), np.array([0, 2, 2, 5])
BAGS = [
    {"mode": "sum"},
    {"mode": "mean"},
    {"mode": "max"},
    {"mode": "sum", "padding_idx": 2},
    {"mode": "mean", "padding_idx": 0, "include_last_offset": True},
    {"mode": "max", "padding_idx": 4},
]


@pytest.mark.parametrize("kwargs", BAGS, ids=lambda k: "-".join(map(str, k.values())))
def test_embedding_bag_matches_torch(torch_ref, kwargs):
    def fn(F, w):
        mod = numtorch if F is NF else torch_ref
        return F.embedding_bag(mod.tensor(BAG_IDX), w, mod.tensor(BAG_OFFSETS), **kwargs)

    compare(torch_ref, fn, [(10, 3)], rtol=1e-12, atol=1e-12)


def test_embedding_bag_2d_and_per_sample_weights(torch_ref):
    def fn(F, w, psw):
        mod = numtorch if F is NF else torch_ref
        idx = mod.tensor(BAG_IDX.reshape(2, 5))
        return F.embedding_bag(idx, w, mode="sum", per_sample_weights=psw)

    compare(torch_ref, fn, [(10, 3), (2, 5)], rtol=1e-12, atol=1e-12)
    check_grads(lambda F, w, psw: fn(F, w, psw), [(10, 3), (2, 5)])


def test_one_hot(torch_ref):
    x = np.array([[0, 3], [1, 2]])
    assert_same(NF.one_hot(numtorch.tensor(x)), torch_ref.nn.functional.one_hot(
        torch_ref.tensor(x)))  # fmt: skip
    assert_same(NF.one_hot(numtorch.tensor(x), 6), torch_ref.nn.functional.one_hot(
        torch_ref.tensor(x), 6))  # fmt: skip
    with pytest.raises(RuntimeError, match="Class values must be smaller than num_classes."):
        NF.one_hot(numtorch.tensor(x), 3)


OTHERS = [
    ("cosine", lambda F, a, b: F.cosine_similarity(a, b), [(4, 5), (4, 5)]),
    ("cosine-dim", lambda F, a, b: F.cosine_similarity(a, b, dim=-1, eps=1e-6),
     [(2, 4, 5), (2, 4, 5)]),
    ("pairwise", lambda F, a, b: F.pairwise_distance(a, b), [(4, 5), (4, 5)]),
    ("pairwise-p1-keepdim", lambda F, a, b: F.pairwise_distance(a, b, 1.0, keepdim=True),
     [(4, 5), (4, 5)]),
    ("normalize", lambda F, a: F.normalize(a), [(4, 5)]),
    ("normalize-p1", lambda F, a: F.normalize(a, 1.0, -1), [(3, 4, 5)]),
    ("sdpa", lambda F, q, k, v: F.scaled_dot_product_attention(q, k, v),
     [(2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 5)]),
    ("sdpa-causal", lambda F, q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
     [(2, 4, 8), (2, 4, 8), (2, 4, 8)]),
    ("sdpa-scale", lambda F, q, k, v: F.scaled_dot_product_attention(q, k, v, scale=0.5),
     [(2, 4, 8), (2, 4, 8), (2, 4, 8)]),
]  # fmt: skip


@pytest.mark.parametrize("case", OTHERS, ids=[c[0] for c in OTHERS])
def test_others_match_torch(torch_ref, case):
    _, fn, shapes = case
    compare(torch_ref, fn, shapes, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("case", OTHERS, ids=[c[0] for c in OTHERS])
def test_others_gradcheck(case):
    _, fn, shapes = case
    check_grads(fn, shapes)


def test_sdpa_masks(torch_ref):
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal((2, 4, 8)) for _ in range(3))
    bool_mask = rng.random((4, 4)) > 0.3
    np.fill_diagonal(bool_mask, True)
    float_mask = rng.standard_normal((4, 4))
    for mask in (bool_mask, float_mask):
        ours = NF.scaled_dot_product_attention(*map(numtorch.tensor, (q, k, v)),
                                               attn_mask=numtorch.tensor(mask))  # fmt: skip
        theirs = torch_ref.nn.functional.scaled_dot_product_attention(
            *map(torch_ref.tensor, (q, k, v)), attn_mask=torch_ref.tensor(mask)
        )
        assert_same(ours, theirs, 1e-9, 1e-9)


LAYERS = [
    ("sparse.Embedding", (10, 3), {}),
    ("sparse.Embedding", (10, 3), {"padding_idx": 2, "max_norm": 2.0}),
    ("sparse.Embedding", (10, 3), {"norm_type": 1.0, "scale_grad_by_freq": True}),
    ("sparse.Embedding", (10, 3), {"padding_idx": -1, "sparse": True}),
]


@needs_module
@pytest.mark.parametrize("case", LAYERS, ids=lambda c: str(c[2]))
def test_embedding_layers(torch_ref, case):
    name, args, kwargs = case
    ours, theirs = module_pair(torch_ref, name, *args, **kwargs)
    assert repr(ours) == repr(theirs)
    same_parameters(ours, theirs)
    idx = np.array([[1, 2, 9], [2, 0, 1]])
    y, ty = ours(numtorch.tensor(idx)), theirs(torch_ref.tensor(idx))
    assert_same(y, ty)
    if not kwargs.get("sparse"):
        y.sum().backward()
        ty.sum().backward()
        assert_same(ours.weight.grad, theirs.weight.grad)


@needs_module
def test_embedding_from_pretrained(torch_ref):
    from numtorch.nn.modules.sparse import Embedding

    w = np.arange(12.0, dtype=np.float32).reshape(4, 3)
    ours = Embedding.from_pretrained(numtorch.tensor(w), padding_idx=1)
    theirs = torch_ref.nn.Embedding.from_pretrained(torch_ref.tensor(w), padding_idx=1)
    assert repr(ours) == repr(theirs)
    assert ours.weight.requires_grad is theirs.weight.requires_grad is False
    assert_same(ours(numtorch.tensor([3, 1])), theirs(torch_ref.tensor([3, 1])))


@needs_module
def test_embedding_bag_layer(torch_ref):
    ours, theirs = module_pair(torch_ref, "sparse.EmbeddingBag", 10, 3, mode="max", padding_idx=1)
    assert repr(ours) == repr(theirs)
    same_parameters(ours, theirs)
    y = ours(numtorch.tensor(BAG_IDX), numtorch.tensor(BAG_OFFSETS))
    assert_same(y, theirs(torch_ref.tensor(BAG_IDX), torch_ref.tensor(BAG_OFFSETS)))


@needs_module
def test_distance_layers(torch_ref):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    for name, kwargs in (("PairwiseDistance", {"p": 1.0}), ("CosineSimilarity", {"dim": 1})):
        ours, theirs = module_pair(torch_ref, f"distance.{name}", **kwargs)
        assert repr(ours) == repr(theirs)
        y = ours(numtorch.tensor(a), numtorch.tensor(b))
        assert_same(y, theirs(torch_ref.tensor(a), torch_ref.tensor(b)), 1e-9, 1e-9)
