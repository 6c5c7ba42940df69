"""Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict: behaviour and reprs."""

from __future__ import annotations

from collections import OrderedDict

import pytest

import numtorch
import numtorch.nn as nn


def _seq(lib):
    return lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.ReLU(), lib.nn.Linear(3, 1))


def test_sequential_forward():
    seq = _seq(numtorch)
    x = numtorch.ones(4, 2)
    expected = seq[2](seq[1](seq[0](x)))
    assert seq(x).tolist() == expected.tolist()


def test_sequential_indexing(torch_ref):
    ours, theirs = _seq(numtorch), _seq(torch_ref)
    assert repr(ours) == repr(theirs)
    assert len(ours) == 3 and isinstance(ours[-1], nn.Linear)
    assert repr(ours[1:]) == repr(theirs[1:])
    assert isinstance(ours[:2], nn.Sequential)
    with pytest.raises(IndexError, match="index 5 is out of range"):
        ours[5]
    ours[1] = nn.Tanh()
    theirs[1] = torch_ref.nn.Tanh()
    del ours[0]
    del theirs[0]
    assert repr(ours) == repr(theirs)
    assert list(ours._modules) == ["0", "1"]


def test_sequential_mutation(torch_ref):
    def build(lib):
        s = _seq(lib)
        s.append(lib.nn.Sigmoid())
        s.insert(0, lib.nn.Identity())
        s.insert(-1, lib.nn.Flatten())
        s.extend([lib.nn.ReLU()])
        s2 = s + lib.nn.Sequential(lib.nn.Tanh())
        s3 = lib.nn.Sequential(lib.nn.ReLU()) * 2
        popped = s.pop(1)
        return repr(s), repr(s2), repr(s3), repr(popped)

    assert build(numtorch) == build(torch_ref)


def test_sequential_ordered_dict(torch_ref):
    def build(lib):
        return lib.nn.Sequential(
            OrderedDict([("conv", lib.nn.Linear(1, 2)), ("act", lib.nn.LeakyReLU(0.2))])
        )

    ours, theirs = build(numtorch), build(torch_ref)
    assert repr(ours) == repr(theirs)
    assert isinstance(ours.act, nn.LeakyReLU)
    assert [n for n, _ in ours.named_parameters()] == ["conv.weight", "conv.bias"]
    assert [type(m).__name__ for m in ours] == ["Linear", "LeakyReLU"]


def test_module_list(torch_ref):
    def build(lib):
        ml = lib.nn.ModuleList([lib.nn.Linear(2, 2) for _ in range(3)])
        ml.append(lib.nn.ReLU())
        ml.extend([lib.nn.ReLU(), lib.nn.Tanh()])
        ml.insert(1, lib.nn.Sigmoid())
        ml += [lib.nn.Identity()]
        out = [repr(ml), len(ml), repr(ml[1:3]), repr(ml[-1])]
        del ml[0]
        out.append(repr(ml))
        ml[0] = lib.nn.ReLU()
        out.append(len(list(ml.parameters())))
        out.append(repr(lib.nn.ModuleList()))
        return out

    assert build(numtorch) == build(torch_ref)
    with pytest.raises(TypeError, match="ModuleList.extend should be called with an iterable"):
        nn.ModuleList().extend(nn.ReLU())


def test_module_list_repeated_blocks_repr(torch_ref):
    def build(lib):
        return lib.nn.ModuleList([lib.nn.Linear(2, 2)] * 3 + [lib.nn.ReLU(), lib.nn.ReLU()])

    assert repr(build(numtorch)) == repr(build(torch_ref))


def test_module_dict(torch_ref):
    def build(lib):
        md = lib.nn.ModuleDict({"a": lib.nn.Linear(1, 1), "b": lib.nn.ReLU()})
        md["c"] = lib.nn.Tanh()
        md.update([("d", lib.nn.Sigmoid())])
        out = [repr(md), list(md.keys()), len(md), "a" in md, type(md.pop("b")).__name__]
        out.append([n for n, _ in md.named_parameters()])
        md.clear()
        out.append(len(md))
        return out

    assert build(numtorch) == build(torch_ref)


def test_parameter_list(torch_ref):
    def build(lib):
        pl = lib.nn.ParameterList([lib.nn.Parameter(lib.ones(2, 3)), lib.zeros(4)])
        pl.append(lib.ones(1, dtype=lib.float64))
        pl.extend([lib.nn.Parameter(lib.ones(2), requires_grad=False)])
        return [repr(pl), len(pl), [n for n, _ in pl.named_parameters()],
                type(pl[1]).__name__, repr(pl[1:])]  # fmt: skip

    assert build(numtorch) == build(torch_ref)
    with pytest.raises(RuntimeError, match="ParameterList should not be called."):
        nn.ParameterList()(1)


def test_parameter_dict(torch_ref):
    def build(lib):
        pd = lib.nn.ParameterDict({"b": lib.ones(2), "a": lib.nn.Parameter(lib.zeros(3))})
        pd["c"] = lib.ones(1, 1)
        out = [repr(pd), list(pd.keys()), len(pd), "a" in pd, type(pd["b"]).__name__]
        out.append([n for n, _ in pd.named_parameters()])
        pd.pop("a")
        out.append(list(pd))
        out.append(pd.get("zz", 5))
        return out

    assert build(numtorch) == build(torch_ref)
    with pytest.raises(TypeError, match="Index given to ParameterDict cannot be used as a key"):
        nn.ParameterDict()[1] = numtorch.ones(1)


def test_containers_move_with_module():
    model = nn.Module()
    model.layers = nn.ModuleList([nn.Linear(2, 2)])
    model.params = nn.ParameterList([numtorch.ones(2)])
    model.double()
    assert model.layers[0].weight.dtype is numtorch.float64
    assert model.params[0].dtype is numtorch.float64
    assert list(model.state_dict()) == ["layers.0.weight", "layers.0.bias", "params.0"]
