"""nn.Module and nn.Parameter: registration, traversal, hooks, modes, conversion, state_dict,
reprs and error messages, compared with torch where it is installed."""

from __future__ import annotations

import copy
import pickle
from collections import OrderedDict

import numpy as np
import pytest

import numtorch
import numtorch.nn as nn

from ..conftest import assert_same


def _build(lib):
    """The same small model in either library."""
    tnn = lib.nn

    class Block(tnn.Module):
        def __init__(self):
            super().__init__()
            self.fc = tnn.Linear(3, 4)
            self.scale = tnn.Parameter(lib.ones(4))
            self.register_buffer("count", lib.zeros(1))
            self.register_buffer("tmp", lib.zeros(2), persistent=False)

        def forward(self, x):
            return self.fc(x) * self.scale

    class Net(tnn.Module):
        def __init__(self):
            super().__init__()
            self.block = Block()
            self.head = tnn.Sequential(tnn.ReLU(), tnn.Linear(4, 2, bias=False))
            self.none_mod = None

        def forward(self, x):
            return self.head(self.block(x))

    return Net()


@pytest.fixture
def pair(torch_ref):
    ours, theirs = _build(numtorch), _build(torch_ref)
    ours.load_state_dict({k: numtorch.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    return ours, theirs


def test_parameter_basics():
    data = numtorch.tensor([1.0, 2.0])
    p = nn.Parameter(data)
    assert isinstance(p, numtorch.Tensor) and isinstance(p, nn.Parameter)
    assert p.requires_grad and p.is_leaf and p.grad_fn is None
    p.data[0] = 5.0
    assert data[0].item() == 5.0  # shares the storage
    assert not nn.Parameter(data, requires_grad=False).requires_grad
    assert nn.Parameter().shape == (0,)
    assert type(p * 2) is numtorch.Tensor
    with pytest.raises(TypeError):
        nn.Parameter([1.0])


def test_parameter_repr(torch_ref):
    p = nn.Parameter(numtorch.tensor([1.0, 2.0]))
    assert repr(p) == repr(torch_ref.nn.Parameter(torch_ref.tensor([1.0, 2.0])))
    assert repr(p).startswith("Parameter containing:\ntensor([1., 2.], requires_grad=True)")


def test_parameter_copy_and_pickle():
    p = nn.Parameter(numtorch.tensor([1.0, 2.0]))
    q = copy.deepcopy(p)
    assert type(q) is nn.Parameter and q.requires_grad and q.tolist() == [1.0, 2.0]
    q.data[0] = 3.0
    assert p[0].item() == 1.0
    r = pickle.loads(pickle.dumps(p))
    assert type(r) is nn.Parameter and r.tolist() == [1.0, 2.0] and r.requires_grad


def test_traversal_names(pair):
    ours, theirs = pair
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in ours.named_children()] == [n for n, _ in theirs.named_children()]
    assert [n for n, _ in ours.named_parameters(prefix="m", recurse=False)] == []
    assert [n for n, _ in ours.block.named_parameters(prefix="b", recurse=False)] == [
        n for n, _ in theirs.block.named_parameters(prefix="b", recurse=False)
    ]
    assert len(list(ours.parameters())) == 4 and len(list(ours.modules())) == 6
    assert list(ours.state_dict()) == list(theirs.state_dict())


def test_shared_parameters_once():
    lin = nn.Linear(2, 2)
    seq = nn.Sequential(lin, lin)
    assert len(list(seq.parameters())) == 2
    assert len(list(seq.named_parameters(remove_duplicate=False))) == 4
    assert len(list(seq.named_modules(remove_duplicate=False))) == 3
    assert len(list(seq.modules())) == 2


def test_forward_matches_torch(pair, torch_ref):
    ours, theirs = pair
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    xo = numtorch.tensor(x, requires_grad=True)
    xt = torch_ref.tensor(x, requires_grad=True)
    y, ty = ours(xo), theirs(xt)
    assert_same(y, ty, rtol=1e-5, atol=1e-6)
    y.sum().backward()
    ty.sum().backward()
    assert_same(xo.grad, xt.grad, rtol=1e-5, atol=1e-6)
    for (_, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert_same(p.grad, tp.grad, rtol=1e-5, atol=1e-6)


def test_repr_matches_torch(pair):
    ours, theirs = pair
    assert repr(ours) == repr(theirs)
    assert str(nn.Module()) == "Module()"


def test_extra_repr_multiline(torch_ref):
    def make(lib):
        class M(lib.nn.Module):
            def extra_repr(self):
                return "a=1\nb=2"

        m = M()
        m.child = lib.nn.Linear(1, 1)
        return m

    assert repr(make(numtorch)) == repr(make(torch_ref))


def test_attribute_registration():
    m = nn.Module()
    m.w = nn.Parameter(numtorch.ones(2))
    m.sub = nn.Linear(1, 1)
    m.register_buffer("buf", numtorch.zeros(1))
    m.plain = 3
    assert set(m._parameters) == {"w"} and set(m._modules) == {"sub"}
    assert set(m._buffers) == {"buf"} and m.plain == 3
    m.buf = numtorch.ones(1)  # a tensor assigned to a buffer name stays a buffer
    assert m._buffers["buf"].item() == 1.0
    m.w = None
    assert m._parameters["w"] is None and m.w is None
    del m.sub
    assert "sub" not in m._modules
    m.b2 = nn.Buffer(numtorch.ones(1), persistent=False)
    assert "b2" in m._buffers and "b2" not in m.state_dict()
    assert "w" in dir(m) and "buf" in dir(m)


def test_registration_errors(torch_ref):
    def messages(lib):
        out = []
        m = lib.nn.Module()
        m.register_buffer("buf", lib.zeros(1))
        m.w = lib.nn.Parameter(lib.ones(1))
        m.sub = lib.nn.Linear(1, 1)
        calls = [
            lambda: m.register_buffer("a.b", lib.zeros(1)),
            lambda: m.register_buffer("", lib.zeros(1)),
            lambda: m.register_buffer(3, lib.zeros(1)),
            lambda: m.register_buffer("x", 3),
            lambda: m.register_parameter("w2", lib.ones(1)),
            lambda: m.register_parameter("w3", lib.nn.Parameter(lib.ones(1)) * 2),
            lambda: m.register_parameter("a.b", None),
            lambda: m.add_module("bad", 3),
            lambda: m.add_module("a.b", lib.nn.Linear(1, 1)),
            lambda: m.add_module("buf", lib.nn.Linear(1, 1)),
            lambda: setattr(m, "w", lib.ones(1)),
            lambda: setattr(m, "sub", 3),
            lambda: setattr(m, "buf", 3),
            lambda: m.missing,
            lambda: lib.nn.Module().forward(1),
            lambda: m.get_submodule("sub.nope"),
            lambda: m.get_submodule("w"),
            lambda: m.get_parameter("sub.nope"),
            lambda: m.get_parameter("buf"),
            lambda: m.get_buffer("w"),
            lambda: m.train("yes"),
            lambda: m.to(lib.int32),
        ]
        for call in calls:
            with pytest.raises(Exception) as info:
                call()
            out.append((type(info.value).__name__, str(info.value).replace("torch.", "T.")))
        return out

    ours = messages(numtorch)
    theirs = messages(torch_ref)
    for o, t in zip(ours, theirs):
        assert o == t


def test_init_errors(torch_ref):
    class Early(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(numtorch.ones(1))

    with pytest.raises(AttributeError, match=r"cannot assign parameters before Module.__init__"):
        Early()

    class EarlyMod(nn.Module):
        def __init__(self):
            self.m = nn.Linear(1, 1)

    with pytest.raises(AttributeError, match=r"cannot assign module before Module.__init__"):
        EarlyMod()
    with pytest.raises(TypeError, match="unexpected keyword argument 'foo'"):
        nn.Module(foo=1)


def test_get_submodule_and_parameter(pair):
    ours, _ = pair
    assert ours.get_submodule("block.fc") is ours.block.fc
    assert ours.get_submodule("") is ours
    assert ours.get_parameter("block.fc.weight") is ours.block.fc.weight
    assert ours.get_parameter("block.scale") is ours.block.scale
    assert ours.get_buffer("block.count") is ours.block.count


def test_apply_train_eval(torch_ref):
    model = _build(numtorch)
    seen = []
    model.apply(lambda m: seen.append(type(m).__name__))
    theirs = []
    _build(torch_ref).apply(lambda m: theirs.append(type(m).__name__))
    assert seen == theirs
    assert model.training and model.eval() is model
    assert not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())


def test_zero_grad_and_requires_grad():
    model = _build(numtorch)
    model(numtorch.ones(2, 3)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    model.zero_grad(set_to_none=False)
    assert all(p.grad is not None and p.grad.abs().sum().item() == 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    model.requires_grad_(False)
    assert not any(p.requires_grad for p in model.parameters())


def test_to_and_dtype_conversions():
    model = _build(numtorch)
    w = model.block.fc.weight
    model.double()
    assert model.block.fc.weight is w  # the same Parameter object, as in torch
    assert w.dtype is numtorch.float64 and model.block.count.dtype is numtorch.float64
    model.to(numtorch.float32)
    assert w.dtype is numtorch.float32
    model.half()
    assert w.dtype is numtorch.float16
    model.float().to("cpu").cpu()
    assert w.dtype is numtorch.float32 and w.device.type == "cpu"
    model.type(numtorch.float64)
    assert w.dtype is numtorch.float64
    m = nn.Module()
    m.register_buffer("idx", numtorch.tensor([1, 2]))
    m.double()
    assert m.idx.dtype is numtorch.int64  # integer buffers keep their dtype


def test_state_dict_roundtrip(pair, torch_ref):
    ours, theirs = pair
    sd = ours.state_dict()
    assert isinstance(sd, OrderedDict)
    assert "block.tmp" not in sd
    assert sd["block.fc.weight"].requires_grad is False
    assert ours.state_dict(keep_vars=True)["block.fc.weight"] is ours.block.fc.weight
    assert dict(sd._metadata) == dict(theirs.state_dict()._metadata)
    fresh = _build(numtorch)
    result = fresh.load_state_dict(sd)
    assert repr(result) == "<All keys matched successfully>"
    assert str(result) == repr(theirs.load_state_dict(theirs.state_dict()))
    for k, v in fresh.state_dict().items():
        assert np.array_equal(v._data, sd[k]._data)
    # loading copies: the parameter objects stay
    assert fresh.block.fc.weight is not sd["block.fc.weight"]


def _load_error(lib, model, sd, strict=True):
    with pytest.raises(RuntimeError) as info:
        model.load_state_dict(sd, strict=strict)
    return str(info.value)


def test_load_state_dict_errors(torch_ref):
    def cases(lib):
        model = _build(lib)
        sd = model.state_dict()
        missing = {k: v for k, v in sd.items() if k != "block.scale"}
        extra = dict(sd, **{"block.bogus": lib.zeros(1), "other.x": lib.zeros(1)})
        wrong = dict(sd, **{"block.fc.weight": lib.zeros(2, 2)})
        out = [_load_error(lib, model, sd_) for sd_ in (missing, extra, wrong)]
        out.append(_load_error(lib, model, wrong, strict=False))
        nonstrict = model.load_state_dict(dict(missing, extra=lib.zeros(1)), strict=False)
        out.append(repr(nonstrict))
        out.append(repr(nonstrict.missing_keys) + repr(nonstrict.unexpected_keys))
        with pytest.raises(TypeError) as info:
            model.load_state_dict([1])
        out.append(str(info.value))
        return out

    assert cases(numtorch) == cases(torch_ref)


def test_load_state_dict_assign():
    model = _build(numtorch)
    sd = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(sd, assign=True)
    assert isinstance(model.block.fc.weight, nn.Parameter)
    assert model.block.fc.weight.requires_grad


def test_forward_hooks(torch_ref):
    def run(lib):
        log = []
        lin = lib.nn.Linear(2, 2)
        h1 = lin.register_forward_pre_hook(lambda m, args: (args[0] * 2,))
        h2 = lin.register_forward_hook(lambda m, args, out: out + 1)
        lin.register_forward_hook(lambda m, args, out: log.append("second"), prepend=False)
        lin.register_forward_hook(lambda m, args, out: log.append("first"), prepend=True)
        lin.register_forward_pre_hook(lambda m, args, kwargs: (args, kwargs), with_kwargs=True)
        lin.register_forward_hook(lambda m, args, kwargs, out: None, with_kwargs=True)
        with lib.no_grad():
            lin.weight.copy_(lib.eye(2))
            lin.bias.zero_()
        y1 = lin(lib.ones(1, 2)).tolist()
        h1.remove()
        h2.remove()
        y2 = lin(lib.ones(1, 2)).tolist()
        return y1, y2, log

    assert run(numtorch) == run(torch_ref)


def test_hook_handle_context_manager():
    lin = nn.Linear(2, 2)
    calls = []
    with lin.register_forward_hook(lambda *a: calls.append(1)):
        lin(numtorch.ones(1, 2))
    lin(numtorch.ones(1, 2))
    assert calls == [1]


def test_full_backward_hooks(torch_ref):
    def run(lib):
        lin = lib.nn.Linear(3, 2)
        with lib.no_grad():
            lin.weight.copy_(lib.arange(6.0).reshape(2, 3))
            lin.bias.zero_()
        seen = {}

        def hook(module, grad_input, grad_output):
            seen["gi"] = [g.tolist() if g is not None else None for g in grad_input]
            seen["go"] = [g.tolist() for g in grad_output]
            return (grad_input[0] * 10,)

        def pre_hook(module, grad_output):
            seen["pre"] = [g.tolist() for g in grad_output]

        lin.register_full_backward_hook(hook)
        lin.register_full_backward_pre_hook(pre_hook)
        x = lib.ones(2, 3, requires_grad=True)
        lin(x).sum().backward()
        seen["x.grad"] = x.grad.tolist()
        seen["w.grad"] = lin.weight.grad.tolist()
        return seen

    assert run(numtorch) == run(torch_ref)


@pytest.mark.filterwarnings("ignore:Full backward hook is firing")
def test_backward_hook_without_input_grad(torch_ref):
    def run(lib):
        lin = lib.nn.Linear(2, 2)
        seen = []
        lin.register_full_backward_hook(lambda m, gi, go: seen.append((gi, len(go))))
        lin(lib.ones(1, 2)).sum().backward()
        return [(gi, n) for gi, n in seen]

    assert run(numtorch) == run(torch_ref)
    with pytest.warns(UserWarning, match="Full backward hook is firing"):
        run(numtorch)


def test_state_dict_hooks_and_extra_state():
    class WithExtra(nn.Module):
        def __init__(self):
            super().__init__()
            self.value = 1

        def get_extra_state(self):
            return {"value": self.value}

        def set_extra_state(self, state):
            self.value = state["value"]

    m = WithExtra()
    m.value = 7
    sd = m.state_dict()
    assert sd["_extra_state"] == {"value": 7}
    n = WithExtra()
    n.load_state_dict(sd)
    assert n.value == 7


def test_deepcopy_module():
    model = _build(numtorch)
    clone = copy.deepcopy(model)
    assert clone.block.fc.weight is not model.block.fc.weight
    assert isinstance(clone.block.fc.weight, nn.Parameter)
    assert np.array_equal(clone.block.fc.weight._data, model.block.fc.weight._data)
    x = numtorch.ones(2, 3)
    assert np.allclose(clone(x)._data, model(x)._data)


def test_pickle_module():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    model[0].register_buffer("b", numtorch.ones(1))
    clone = pickle.loads(pickle.dumps(model))
    x = numtorch.ones(2, 3)
    assert np.allclose(clone(x)._data, model(x)._data)


def test_works_without_torch():
    # the module system needs nothing from torch: a training step by hand
    numtorch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    x = numtorch.randn(16, 4)
    y = x.sum(1, keepdim=True)
    losses = []
    for _ in range(30):
        loss = ((model(x) - y) ** 2).mean()
        model.zero_grad()
        loss.backward()
        with numtorch.no_grad():
            for p in model.parameters():
                p -= 0.05 * p.grad
        losses.append(loss.item())
    assert losses[-1] < losses[0] * 0.5


def test_global_hooks(torch_ref):
    from numtorch.nn.modules import module as M

    def run(lib, mod):
        calls = []
        h1 = mod.register_module_forward_pre_hook(
            lambda m, a: calls.append(("pre", type(m).__name__))
        )
        h2 = mod.register_module_forward_hook(
            lambda m, a, o: calls.append(("post", type(m).__name__))
        )
        h3 = mod.register_module_full_backward_hook(
            lambda m, gi, go: calls.append(("bw", type(m).__name__))
        )
        seq = lib.nn.Sequential(lib.nn.Linear(2, 2), lib.nn.ReLU())
        seq(lib.ones(1, 2, requires_grad=True)).sum().backward()
        for h in (h1, h2, h3):
            h.remove()
        seq(lib.ones(1, 2))
        return calls

    assert run(numtorch, M) == run(torch_ref, torch_ref.nn.modules.module)


def test_integer_parameter_error(torch_ref):
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype"):
        nn.Parameter(numtorch.ones(2, dtype=numtorch.int64))
    p = nn.Parameter(numtorch.ones(2, dtype=numtorch.int64), requires_grad=False)
    assert repr(p) == repr(
        torch_ref.nn.Parameter(torch_ref.ones(2, dtype=torch_ref.int64), requires_grad=False)
    )
