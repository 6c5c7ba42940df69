"""RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam, ASGD, Rprop and LBFGS against torch.optim,
and hand-computed checks that run without torch."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch
import numtorch.optim as optim

from ..conftest import requires_torch
from ._harness import assert_histories_equal, make_data, run

# (optimizer, options, bit-exact?) — those dividing by a sqrt are compared within float32
# rounding because torch's float32 sqrt on CPU is not correctly rounded (see _harness)
CASES = [
    ("RMSprop", {}, False),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "weight_decay": 0.1}, False),
    ("RMSprop", {"lr": 0.01, "centered": True, "maximize": True}, False),
    ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.9, "eps": 1e-3}, False),
    ("Adagrad", {}, False),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.1}, False),
    ("Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5, "maximize": True}, False),
    ("Adadelta", {}, False),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "weight_decay": 0.1, "maximize": True}, False),
    ("Adamax", {}, True),
    ("Adamax", {"lr": 0.01, "betas": (0.8, 0.9), "weight_decay": 0.1, "maximize": True}, True),
    ("NAdam", {}, False),
    ("NAdam", {"lr": 0.01, "momentum_decay": 0.01, "weight_decay": 0.1}, False),
    ("NAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}, False),
    ("RAdam", {}, False),
    ("RAdam", {"lr": 0.01, "weight_decay": 0.1, "maximize": True}, False),
    ("RAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}, False),
    ("ASGD", {}, True),
    ("ASGD", {"lr": 0.05, "lambd": 0.01, "alpha": 0.5, "t0": 5, "weight_decay": 0.1}, True),
    ("ASGD", {"lr": 0.05, "t0": 3, "maximize": True}, True),
    ("Rprop", {}, True),
    ("Rprop", {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.2)}, True),
    ("Rprop", {"maximize": True}, True),
]


@requires_torch
@pytest.mark.parametrize("name,kwargs,exact", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_trajectory_matches_torch(torch_ref, name, kwargs, exact):
    inits, grads = make_data(steps=40)
    if name == "Rprop":  # repeat signs so the step sizes grow and shrink
        grads = [grads[i // 3] for i in range(40)]
    ours, opt, _ = run(numtorch, name, kwargs, inits, grads)
    theirs, topt, _ = run(torch_ref, name, dict(kwargs, foreach=False), inits, grads)
    assert_histories_equal(ours, theirs, exact=exact, rtol=1e-4, atol=1e-5)
    assert repr(opt) == repr(topt).replace("foreach: False", "foreach: None")
    ours_state = opt.state_dict()["state"]
    theirs_state = topt.state_dict()["state"]
    assert {k: sorted(v) for k, v in ours_state.items()} == {
        k: sorted(v) for k, v in theirs_state.items()
    }
    for k, v in theirs_state.items():
        for key, value in v.items():
            np.testing.assert_allclose(
                np.asarray(ours_state[k][key].numpy()), value.numpy(), rtol=1e-4, atol=1e-5
            )
            assert str(ours_state[k][key].dtype) == str(value.dtype)


@requires_torch
@pytest.mark.parametrize("name", ["RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam",
                                  "ASGD", "Rprop", "LBFGS"])  # fmt: skip
def test_bad_arguments_match_torch(torch_ref, name):
    bad = [{"lr": -1.0}, {"eps": -1.0}, {"weight_decay": -1.0}, {"momentum": -1.0},
           {"alpha": -1.0}, {"lr_decay": -1.0}, {"initial_accumulator_value": -1.0},
           {"rho": 1.5}, {"betas": (1.0, 0.5)}, {"betas": (0.5, 1.0)}, {"momentum_decay": -1.0},
           {"etas": (1.5, 2.0)}]  # fmt: skip

    def err(lib, kwargs):
        try:
            getattr(lib.optim, name)([lib.tensor([1.0], requires_grad=True)], **kwargs)
        except Exception as e:  # noqa: BLE001
            return type(e).__name__, str(e)
        return None

    for kwargs in bad:
        assert err(numtorch, kwargs) == err(torch_ref, kwargs), kwargs


def _quadratic_closure(lib, params, opt):
    """A closure whose loss and gradients are computed in NumPy, identical for both libraries:
    a convex quadratic plus a quartic term (well conditioned, so that float32 rounding in the
    BLAS dot products, which sum in different orders in MKL and NumPy, is not amplified)."""
    a = params[0]
    rng = np.random.default_rng(3)
    m = rng.standard_normal((5, 5))
    hess = m @ m.T / 5 + np.eye(5)
    b = rng.standard_normal(5)

    def closure():
        opt.zero_grad()
        x = a.detach().numpy().astype(np.float64)
        f = 0.5 * x @ hess @ x - b @ x + 0.1 * np.sum(x**4)
        g = hess @ x - b + 0.4 * x**3
        a.grad = lib.tensor(g.astype(np.float32))
        return lib.tensor(np.float32(f))

    return closure


@requires_torch
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"line_search_fn": "strong_wolfe"}, {"lr": 0.5, "history_size": 3, "max_iter": 7},
     {"line_search_fn": "strong_wolfe", "history_size": 2, "max_iter": 30}],
)  # fmt: skip
def test_lbfgs_matches_torch(torch_ref, kwargs):
    start = np.array([-1.2, 1.0, -0.5, 0.8, 1.5], dtype=np.float32)

    def trajectory(lib):
        a = lib.tensor(start.copy(), requires_grad=True)
        opt = lib.optim.LBFGS([a], **kwargs)
        closure = _quadratic_closure(lib, [a], opt)
        out = []
        for _ in range(4):
            loss = opt.step(closure)
            out.append((float(loss), a.detach().numpy().copy(), opt.state[a]["func_evals"]))
        return out

    ours, theirs = trajectory(numtorch), trajectory(torch_ref)
    for (lo, xo, eo), (lt, xt, et) in zip(ours, theirs):
        assert eo == et
        np.testing.assert_allclose(xo, xt, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(lo, lt, rtol=1e-4, atol=1e-6)


def test_lbfgs_minimises_quadratic_without_torch():
    target = np.array([1.0, -2.0, 3.0])
    x = numtorch.zeros(3, requires_grad=True)
    opt = optim.LBFGS([x], line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = ((x - numtorch.tensor(target, dtype=numtorch.float32)) ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    np.testing.assert_allclose(x.detach().numpy(), target, atol=1e-5)
    sd = opt.state_dict()
    assert sorted(sd["state"][0]) == [
        "H_diag", "al", "d", "func_evals", "n_iter", "old_dirs", "old_stps", "prev_flat_grad",
        "prev_loss", "ro", "t",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="doesn't support per-parameter options"):
        optim.LBFGS([{"params": [x]}, {"params": [numtorch.zeros(1, requires_grad=True)]}])


# -- hand-computed checks (no torch) ------------------------------------------------------------
def _p(values):
    return numtorch.tensor(np.array(values, dtype=np.float64), requires_grad=True)


def _steps(opt, p, grads):
    for g in grads:
        p.grad = numtorch.tensor(np.array(g, dtype=np.float64))
        opt.step()
    return p.detach().numpy()


def test_rmsprop_by_hand():
    p = _p([1.0])
    out = _steps(optim.RMSprop([p], lr=0.1, alpha=0.5, eps=0.0), p, [[2.0], [2.0]])
    v1 = 0.5 * 4
    v2 = 0.5 * v1 + 0.5 * 4
    np.testing.assert_allclose(out, [1.0 - 0.1 * 2 / np.sqrt(v1) - 0.1 * 2 / np.sqrt(v2)])


def test_adagrad_by_hand():
    p = _p([0.0])
    out = _steps(optim.Adagrad([p], lr=1.0, eps=0.0), p, [[3.0], [4.0]])
    np.testing.assert_allclose(out, [-1.0 - 4.0 / 5.0])


def test_adamax_by_hand():
    p = _p([0.0])
    out = _steps(optim.Adamax([p], lr=0.1, betas=(0.5, 0.5), eps=0.0), p, [[2.0]])
    np.testing.assert_allclose(out, [-0.1 * (0.5 * 2 / 0.5) / 2.0])


def test_rprop_by_hand():
    p = _p([0.0, 0.0])
    opt = optim.Rprop([p], lr=0.1, etas=(0.5, 2.0))
    out = _steps(opt, p, [[1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    # first element keeps its sign: steps 0.1, 0.2, 0.4; second flips: 0.1, skip, 0.05
    np.testing.assert_allclose(out, [-0.7, -0.15])


def test_asgd_averages_after_t0():
    p = _p([1.0])
    opt = optim.ASGD([p], lr=0.1, lambd=0.0, t0=0)
    _steps(opt, p, [[1.0], [1.0], [1.0]])
    # mu_t = 1 / max(1, t - t0): ax copies p for two steps, then averages with weight 1/2
    np.testing.assert_allclose(p.detach().numpy(), [0.7])
    np.testing.assert_allclose(opt.state[p]["ax"].numpy(), [0.8 + 0.5 * (0.7 - 0.8)])


def test_adadelta_and_nadam_radam_move_downhill():
    for cls in (optim.Adadelta, optim.NAdam, optim.RAdam):
        p = _p([1.0, -1.0])
        out = _steps(cls([p]), p, [[1.0, -1.0]] * 10)
        assert out[0] < 1.0 and out[1] > -1.0, cls
