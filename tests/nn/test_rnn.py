"""RNN, LSTM, GRU and their cells against torch with the same seed (same initial weights)."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch

from ..conftest import assert_same
from .nn_helpers import module_pair, needs_module, sample

pytestmark = [needs_module, pytest.mark.filterwarnings("ignore:LSTM with projections")]

LAYERS = [
    ("RNN", (4, 5), {}),
    ("RNN", (4, 5, 2), {"nonlinearity": "relu", "batch_first": True}),
    ("RNN", (4, 5), {"bias": False, "bidirectional": True}),
    ("LSTM", (4, 5), {}),
    ("LSTM", (4, 5, 2), {"bidirectional": True, "batch_first": True}),
    ("LSTM", (4, 5), {"proj_size": 3}),
    ("GRU", (4, 5), {}),
    ("GRU", (4, 5, 2), {"bidirectional": True, "bias": False}),
]


def _run(module, mod, x, hx):
    out = module(mod.tensor(x), hx)
    return out[0], out[1]


def _flat(state):
    return list(state) if isinstance(state, tuple) else [state]


@pytest.mark.parametrize("case", LAYERS, ids=lambda c: c[0] + str(c[1]) + str(c[2]))
def test_recurrent_layers(torch_ref, case):
    name, args, kwargs = case
    ours, theirs = module_pair(torch_ref, f"rnn.{name}", *args, **kwargs)
    assert repr(ours) == repr(theirs)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    for (_, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_array_equal(p.detach()._data, q.detach().numpy())
    shape = (3, 6, 4) if kwargs.get("batch_first") else (6, 3, 4)
    x = sample(shape).astype(np.float32)
    y, state = _run(ours, numtorch, x, None)
    ty, tstate = _run(theirs, torch_ref, x, None)
    assert_same(y, ty, 1e-5, 1e-5)
    assert_same(_flat(state), _flat(tstate), 1e-5, 1e-5)
    (y.sum() + sum(s.sum() for s in _flat(state))).backward()
    (ty.sum() + sum(s.sum() for s in _flat(tstate))).backward()
    for (_, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert_same(p.grad, q.grad, 1e-4, 1e-5)


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_recurrent_unbatched_with_state(torch_ref, name):
    ours, theirs = module_pair(torch_ref, f"rnn.{name}", 3, 4, 2)
    x = sample((5, 3)).astype(np.float32)
    h = sample((2, 4), 1).astype(np.float32)
    hx = (h, sample((2, 4), 2).astype(np.float32)) if name == "LSTM" else h
    conv = (lambda m, a: tuple(m.tensor(v) for v in a)) if name == "LSTM" else (
        lambda m, a: m.tensor(a))  # fmt: skip
    y, state = _run(ours, numtorch, x, conv(numtorch, hx))
    ty, tstate = _run(theirs, torch_ref, x, conv(torch_ref, hx))
    assert_same(y, ty, 1e-5, 1e-5)
    assert_same(_flat(state), _flat(tstate), 1e-5, 1e-5)


CELLS = [
    ("RNNCell", (4, 5), {}),
    ("RNNCell", (4, 5), {"nonlinearity": "relu", "bias": False}),
    ("LSTMCell", (4, 5), {}),
    ("GRUCell", (4, 5), {}),
]


@pytest.mark.parametrize("case", CELLS, ids=lambda c: c[0] + str(c[2]))
def test_cells(torch_ref, case):
    name, args, kwargs = case
    ours, theirs = module_pair(torch_ref, f"rnn.{name}", *args, **kwargs)
    assert repr(ours) == repr(theirs)
    x = sample((3, 4)).astype(np.float32)
    out, tout = ours(numtorch.tensor(x)), theirs(torch_ref.tensor(x))
    assert_same(_flat(out), _flat(tout), 1e-5, 1e-5)
    sum(o.sum() for o in _flat(out)).backward()
    sum(o.sum() for o in _flat(tout)).backward()
    assert_same(ours.weight_hh.grad, theirs.weight_hh.grad, 1e-4, 1e-5)


def test_recurrent_dropout_between_layers(torch_ref):
    ours, theirs = module_pair(torch_ref, "rnn.LSTM", 4, 5, 2, dropout=0.5)
    assert repr(ours) == repr(theirs)
    x = sample((6, 3, 4)).astype(np.float32)
    ours.eval()
    theirs.eval()
    assert_same(_run(ours, numtorch, x, None)[0], _run(theirs, torch_ref, x, None)[0], 1e-5, 1e-5)


def test_recurrent_errors():
    from numtorch.nn.modules.rnn import GRU, LSTM

    with pytest.raises(ValueError, match="proj_size argument is only supported for LSTM"):
        GRU(3, 4, proj_size=2)
    with pytest.raises(ValueError, match="dropout should be a number in range"):
        LSTM(3, 4, dropout=2)
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1"):
        LSTM(3, 4, dropout=0.5)


def test_lstm_pointwise_gradcheck():
    from numtorch.autograd import gradcheck, gradgradcheck
    from numtorch.nn.modules.rnn import LSTMPointwise

    gates = numtorch.tensor(sample((3, 8)), requires_grad=True)
    c = numtorch.tensor(sample((3, 2), 1), requires_grad=True)
    assert gradcheck(LSTMPointwise.apply, [gates, c])
    assert gradgradcheck(LSTMPointwise.apply, [gates, c])


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_recurrent_gradcheck(name):
    from numtorch.autograd import gradcheck
    from numtorch.nn.modules import rnn

    numtorch.manual_seed(0)
    layer = getattr(rnn, name)(2, 3, 2, bidirectional=True, dtype=numtorch.float64)
    x = numtorch.tensor(sample((4, 2, 2)), requires_grad=True)
    assert gradcheck(lambda x: layer(x)[0], [x])
