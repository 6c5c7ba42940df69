"""nn.utils: gradient clipping, parameters <-> vector, padding and packing sequences."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch
import numtorch.nn as nn
from numtorch.autograd import gradcheck
from numtorch.nn.utils import rnn

from ..conftest import assert_same


def _grads(lib, seed=0):
    rng = np.random.default_rng(seed)
    ps = []
    for shape in [(3, 4), (5,), (2, 2, 2)]:
        p = lib.nn.Parameter(lib.tensor(rng.standard_normal(shape)))
        p.grad = lib.tensor(rng.standard_normal(shape) * 3)
        ps.append(p)
    return ps


@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, float("inf")])
@pytest.mark.parametrize("max_norm", [0.5, 1000.0])
def test_clip_grad_norm(torch_ref, norm_type, max_norm):
    ours, theirs = _grads(numtorch), _grads(torch_ref)
    n = nn.utils.clip_grad_norm_(ours, max_norm, norm_type)
    tn = torch_ref.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    assert_same(n, tn, rtol=1e-12)
    for p, tp in zip(ours, theirs):
        assert_same(p.grad, tp.grad, rtol=1e-12)


def test_clip_grad_norm_nonfinite():
    p = nn.Parameter(numtorch.ones(2))
    p.grad = numtorch.tensor([float("inf"), 1.0])
    with pytest.raises(RuntimeError, match="The total norm of order 2.0 for gradients"):
        nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)
    assert nn.utils.clip_grad_norm_([], 1.0).item() == 0.0


def test_clip_grad_value(torch_ref):
    ours, theirs = _grads(numtorch), _grads(torch_ref)
    nn.utils.clip_grad_value_(ours, 0.7)
    torch_ref.nn.utils.clip_grad_value_(theirs, 0.7)
    for p, tp in zip(ours, theirs):
        assert_same(p.grad, tp.grad)


def test_parameters_vector_roundtrip(torch_ref):
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
    vec = nn.utils.parameters_to_vector(model.parameters())
    assert vec.shape == (11,)
    nn.utils.vector_to_parameters(vec * 2, model.parameters())
    assert np.allclose(nn.utils.parameters_to_vector(model.parameters())._data, vec._data * 2)
    assert isinstance(model[0].weight, nn.Parameter)
    with pytest.raises(TypeError, match="expected torch.Tensor, but got: list"):
        nn.utils.vector_to_parameters([1.0], model.parameters())


def _seqs(lib, dtype="float64"):
    rng = np.random.default_rng(0)
    return [lib.tensor(rng.standard_normal((n, 2)).astype(dtype), requires_grad=True)
            for n in (4, 2, 3)]  # fmt: skip


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("side", ["right", "left"])
def test_pad_sequence(torch_ref, batch_first, side):
    ours, theirs = _seqs(numtorch), _seqs(torch_ref)
    y = rnn.pad_sequence(ours, batch_first, -1.0, side)
    ty = torch_ref.nn.utils.rnn.pad_sequence(theirs, batch_first, -1.0, side)
    assert_same(y, ty)
    g = np.random.default_rng(1).standard_normal(tuple(ty.shape))
    y.backward(numtorch.tensor(g))
    ty.backward(torch_ref.tensor(g))
    for a, b in zip(ours, theirs):
        assert_same(a.grad, b.grad)


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_pack_and_unpack(torch_ref, batch_first, enforce_sorted):
    lengths = [4, 3, 2] if enforce_sorted else [2, 4, 3]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4, 2)) if batch_first else rng.standard_normal((4, 3, 2))
    xo, xt = numtorch.tensor(x, requires_grad=True), torch_ref.tensor(x, requires_grad=True)
    p = rnn.pack_padded_sequence(xo, lengths, batch_first, enforce_sorted)
    tp = torch_ref.nn.utils.rnn.pack_padded_sequence(xt, lengths, batch_first, enforce_sorted)
    assert_same(p.data, tp.data)
    assert p.batch_sizes.tolist() == tp.batch_sizes.tolist()
    if not enforce_sorted:
        assert p.sorted_indices.tolist() == tp.sorted_indices.tolist()
        assert p.unsorted_indices.tolist() == tp.unsorted_indices.tolist()
    out, lens = rnn.pad_packed_sequence(p, batch_first, padding_value=0.5, total_length=5)
    tout, tlens = torch_ref.nn.utils.rnn.pad_packed_sequence(tp, batch_first, 0.5, 5)
    assert_same(out, tout)
    assert_same(lens, tlens)
    out.sum().backward()
    tout.sum().backward()
    assert_same(xo.grad, xt.grad)


def test_pack_errors_and_sequence_helpers(torch_ref):
    x = numtorch.zeros(3, 2)
    with pytest.raises(RuntimeError, match="`lengths` array must be sorted in decreasing order"):
        rnn.pack_padded_sequence(x, [1, 3])
    seqs = _seqs(numtorch)
    packed = rnn.pack_sequence(seqs, enforce_sorted=False)
    back = rnn.unpack_sequence(packed)
    for a, b in zip(seqs, back):
        assert np.array_equal(a._data, b._data)
    padded = rnn.pad_sequence(seqs, batch_first=True)
    parts = rnn.unpad_sequence(padded, numtorch.tensor([4, 2, 3]), batch_first=True)
    assert [tuple(p.shape) for p in parts] == [(4, 2), (2, 2), (3, 2)]


def test_pad_sequence_gradcheck():
    seqs = _seqs(numtorch)
    assert gradcheck(lambda *s: rnn.pad_sequence(list(s), padding_value=2.0), tuple(seqs))


@pytest.mark.filterwarnings("ignore:.*weight_norm. is deprecated")
@pytest.mark.parametrize("dim", [0, 1, None])
def test_weight_norm(torch_ref, dim):
    numtorch.manual_seed(0)
    torch_ref.manual_seed(0)
    ours = nn.utils.weight_norm(nn.Linear(3, 4), dim=dim)
    theirs = torch_ref.nn.utils.weight_norm(torch_ref.nn.Linear(3, 4), dim=dim)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    for p, tp in zip(ours.parameters(), theirs.parameters()):
        assert_same(p, tp, rtol=1e-6)
    x = np.random.default_rng(0).standard_normal((2, 3)).astype(np.float32)
    y, ty = ours(numtorch.tensor(x)), theirs(torch_ref.tensor(x))
    assert_same(y, ty, rtol=1e-5, atol=1e-6)
    y.sum().backward()
    ty.sum().backward()
    for p, tp in zip(ours.parameters(), theirs.parameters()):
        assert_same(p.grad, tp.grad, rtol=1e-5, atol=1e-6)
    nn.utils.remove_weight_norm(ours)
    assert [n for n, _ in ours.named_parameters()] == ["bias", "weight"]
    with pytest.raises(ValueError, match="weight_norm of 'weight' not found"):
        nn.utils.remove_weight_norm(ours)


def test_weight_norm_warns():
    with pytest.warns(FutureWarning, match="weight_norm` is deprecated"):
        nn.utils.weight_norm(nn.Linear(2, 2))
