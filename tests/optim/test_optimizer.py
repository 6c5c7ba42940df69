"""The Optimizer base: groups, errors, zero_grad, hooks, repr and state dicts."""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest

import numtorch
import numtorch.optim as optim

from ..conftest import requires_torch
from ._harness import assert_histories_equal, make_data, run


def _p(*values):
    return numtorch.tensor(list(values) or [1.0], requires_grad=True)


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type and message are what we compare
        return type(e), str(e)
    return None


ERROR_CASES = [
    ("SGD", lambda lib, p: lib.optim.SGD([p], lr=-1)),
    ("SGD", lambda lib, p: lib.optim.SGD([p], lr=0.1, momentum=-0.5)),
    ("SGD", lambda lib, p: lib.optim.SGD([p], lr=0.1, weight_decay=-1)),
    ("SGD", lambda lib, p: lib.optim.SGD([p], lr=0.1, nesterov=True)),
    ("SGD", lambda lib, p: lib.optim.SGD([], lr=0.1)),
    ("SGD", lambda lib, p: lib.optim.SGD(p, lr=0.1)),
    ("SGD", lambda lib, p: lib.optim.SGD({p}, lr=0.1)),
    ("SGD", lambda lib, p: lib.optim.SGD([{"params": {p}}], lr=0.1)),
    ("SGD", lambda lib, p: lib.optim.SGD([p, 1.0], lr=0.1)),
    ("SGD", lambda lib, p: lib.optim.SGD([p * 2], lr=0.1)),
    ("SGD", lambda lib, p: lib.optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)),
    ("SGD", lambda lib, p: lib.optim.SGD([("a", p), p], lr=0.1)),
    ("SGD", lambda lib, p: lib.optim.SGD([p], lr=0.1).add_param_group([p])),
    ("Adam", lambda lib, p: lib.optim.Adam([p], lr=-0.1)),
    ("Adam", lambda lib, p: lib.optim.Adam([p], eps=-1.0)),
    ("Adam", lambda lib, p: lib.optim.Adam([p], betas=(1.0, 0.9))),
    ("Adam", lambda lib, p: lib.optim.Adam([p], betas=(0.9, -0.1))),
    ("Adam", lambda lib, p: lib.optim.Adam([p], weight_decay=-0.1)),
    ("Adam", lambda lib, p: lib.optim.Adam([p], betas=(0.9, 1))),
    ("AdamW", lambda lib, p: lib.optim.AdamW([p], lr=-0.1)),
]


@requires_torch
@pytest.mark.parametrize("case", range(len(ERROR_CASES)))
def test_errors_match_torch(torch_ref, case):
    _, make = ERROR_CASES[case]
    ours = _error(lambda: make(numtorch, numtorch.tensor([1.0], requires_grad=True)))
    theirs = _error(lambda: make(torch_ref, torch_ref.tensor([1.0], requires_grad=True)))
    assert ours == theirs


def test_errors_without_torch():
    p = _p()
    with pytest.raises(ValueError, match="Invalid learning rate: -1"):
        optim.SGD([p], lr=-1)
    with pytest.raises(ValueError, match="some parameters appear in more than one"):
        optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)
    with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
        optim.Adam([p * 2])
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        optim.Adam([])


def test_duplicate_params_warn():
    p = _p()
    with pytest.warns(UserWarning, match="duplicate parameters"):
        optim.SGD([p, p], lr=0.1)


def test_param_groups_and_defaults():
    a, b = _p(1.0), _p(2.0)
    opt = optim.SGD([{"params": a}, {"params": [b], "lr": 0.5}], lr=0.1, momentum=0.9)
    assert opt.param_groups[0]["lr"] == 0.1 and opt.param_groups[1]["lr"] == 0.5
    assert opt.param_groups[1]["momentum"] == 0.9
    c = _p(3.0)
    opt.add_param_group({"params": [c], "momentum": 0.0})
    assert len(opt.param_groups) == 3 and opt.param_groups[2]["lr"] == 0.1
    assert opt.defaults["lr"] == 0.1


def test_named_params():
    a, b = _p(1.0), _p(2.0)
    opt = optim.SGD([("w", a), ("b", b)], lr=0.1)
    assert opt.param_groups[0]["param_names"] == ["w", "b"]
    assert opt.param_groups[0]["params"][0] is a
    assert opt.state_dict()["param_groups"][0]["param_names"] == ["w", "b"]


def test_zero_grad():
    p = _p(1.0, 2.0)
    opt = optim.SGD([p], lr=0.1)
    p.grad = numtorch.tensor([3.0, 4.0])
    g = p.grad
    opt.zero_grad(set_to_none=False)
    assert p.grad is g and p.grad.tolist() == [0.0, 0.0]
    opt.zero_grad()
    assert p.grad is None


def test_step_closure_and_hooks():
    p = _p(1.0)
    opt = optim.SGD([p], lr=0.5)
    calls = []
    h1 = opt.register_step_pre_hook(lambda o, args, kwargs: calls.append("pre"))
    opt.register_step_post_hook(lambda o, args, kwargs: calls.append("post"))
    g = optim.optimizer.register_optimizer_step_pre_hook(lambda o, a, k: calls.append("global"))

    def closure():
        calls.append("closure")
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert calls == ["global", "pre", "closure", "post"]
    assert loss.item() == 1.0 and p.tolist() == [0.0]  # p - 0.5 * 2p
    h1.remove()
    g.remove()
    calls.clear()
    opt.step(closure)
    assert calls == ["closure", "post"]


def test_pre_hook_must_return_none_or_pair():
    opt = optim.SGD([_p()], lr=0.1)
    opt.register_step_pre_hook(lambda o, a, k: 3)
    with pytest.raises(RuntimeError, match="must return None or a tuple"):
        opt.step()


def test_state_dict_structure_and_round_trip():
    inits, grads = make_data(steps=6)
    _, opt, params = run(numtorch, "Adam", {"lr": 0.01, "amsgrad": True}, inits, grads)
    sd = opt.state_dict()
    assert sorted(sd) == ["param_groups", "state"]
    assert sorted(sd["state"]) == [0, 1, 2, 3]
    assert sorted(sd["state"][0]) == ["exp_avg", "exp_avg_sq", "max_exp_avg_sq", "step"]
    assert sd["param_groups"][0]["params"] == [0, 1, 2, 3]
    # a fresh optimizer loaded from the dict continues exactly as the original
    clones = [numtorch.tensor(p.detach().numpy().copy(), requires_grad=True) for p in params]
    opt2 = optim.Adam(clones, lr=0.5)
    opt2.load_state_dict(copy.deepcopy(sd))
    assert opt2.param_groups[0]["lr"] == 0.01
    for step_grads in grads[:5]:
        for p, q, g in zip(params, clones, step_grads):
            p.grad = numtorch.tensor(g)
            q.grad = numtorch.tensor(g.copy())
        opt.step()
        opt2.step()
    for p, q in zip(params, clones):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def test_load_state_dict_errors():
    opt = optim.SGD([_p(), _p()], lr=0.1)
    other = optim.SGD([_p()], lr=0.1).state_dict()
    with pytest.raises(ValueError, match="doesn't match the size of optimizer's group"):
        opt.load_state_dict(other)
    two = optim.SGD([{"params": [_p()]}, {"params": [_p()]}], lr=0.1).state_dict()
    with pytest.raises(ValueError, match="different number of parameter groups"):
        opt.load_state_dict(two)


def test_state_dict_hooks():
    opt = optim.SGD([_p()], lr=0.1)
    opt.register_state_dict_post_hook(lambda o, sd: {**sd, "extra": 1})
    assert opt.state_dict()["extra"] == 1
    seen = []
    opt.register_load_state_dict_post_hook(lambda o: seen.append(1))
    sd = opt.state_dict()
    del sd["extra"]
    opt.load_state_dict(sd)
    assert seen == [1]


def _from_torch(value):
    import torch

    if isinstance(value, torch.Tensor):
        return numtorch.tensor(value.detach().numpy().copy())
    if isinstance(value, dict):
        return {k: _from_torch(v) for k, v in value.items()}
    return copy.deepcopy(value)


@requires_torch
@pytest.mark.parametrize(
    "name,kwargs",
    [("SGD", {"lr": 0.01, "momentum": 0.9}), ("Adam", {"lr": 0.01}), ("AdamW", {"amsgrad": True})],
)
def test_load_torch_state_dict(torch_ref, name, kwargs):
    """A state dict saved by torch.optim loads into numtorch and the runs continue together."""
    inits, grads = make_data(steps=20)
    _, topt, tparams = run(torch_ref, name, kwargs, inits, grads[:10])
    params = [numtorch.tensor(p.detach().numpy().copy(), requires_grad=True) for p in tparams]
    opt = getattr(optim, name)(params, **kwargs)
    opt.load_state_dict(_from_torch(topt.state_dict()))
    if name != "SGD":
        assert opt.state[params[0]]["step"].dtype is numtorch.float32
    ours, theirs = [], []
    for step_grads in grads[10:]:
        for p, q, g in zip(params, tparams, step_grads):
            p.grad = numtorch.tensor(g.copy())
            q.grad = torch_ref.tensor(g.copy())
        opt.step()
        topt.step()
        ours.append([p.detach().numpy().copy() for p in params])
        theirs.append([q.detach().numpy().copy() for q in tparams])
    assert_histories_equal(ours, theirs, exact=name == "SGD")
    assert repr(opt) == repr(topt)


@requires_torch
def test_state_dict_matches_torch_structure(torch_ref):
    inits, grads = make_data(steps=3)
    _, opt, _ = run(numtorch, "SGD", {"lr": 0.1, "momentum": 0.9}, inits, grads)
    _, topt, _ = run(torch_ref, "SGD", {"lr": 0.1, "momentum": 0.9}, inits, grads)
    ours, theirs = opt.state_dict(), topt.state_dict()
    assert ours["param_groups"] == theirs["param_groups"]
    assert {k: sorted(v) for k, v in ours["state"].items()} == {
        k: sorted(v) for k, v in theirs["state"].items()
    }


def test_repr():
    opt = optim.SGD([_p()], lr=0.1, momentum=0.9)
    assert repr(opt).splitlines()[:3] == ["SGD (", "Parameter Group 0", "    dampening: 0"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        repr(opt)


def test_pickle_round_trip():
    import pickle

    inits, grads = make_data(steps=3)
    _, opt, params = run(numtorch, "Adam", {"lr": 0.01}, inits, grads)
    opt.register_step_post_hook(lambda o, a, k: None)
    clone = pickle.loads(pickle.dumps(opt))
    assert len(clone._optimizer_step_post_hooks) == 0
    assert repr(clone) == repr(opt)
    p = clone.param_groups[0]["params"][0]
    assert float(clone.state[p]["step"]) == 3.0
    p.grad = numtorch.tensor(grads[0][0])
    clone.step()


def test_deepcopy_keeps_state_separate():
    inits, grads = make_data(steps=2)
    _, opt, params = run(numtorch, "SGD", {"lr": 0.1, "momentum": 0.9}, inits, grads)
    clone = copy.deepcopy(opt)
    q = clone.param_groups[0]["params"][0]
    assert q is not params[0]
    np.testing.assert_array_equal(
        clone.state[q]["momentum_buffer"].numpy(), opt.state[params[0]]["momentum_buffer"].numpy()
    )
