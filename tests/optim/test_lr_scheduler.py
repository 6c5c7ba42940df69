"""Learning-rate schedulers: lr sequences equal torch's, state dicts, warnings and errors."""

from __future__ import annotations

import math
import warnings

import pytest

import numtorch
import numtorch.optim as optim
from numtorch.optim import lr_scheduler as L

from ..conftest import requires_torch


def _optimizer(lib, name="SGD"):
    a = lib.tensor([1.0], requires_grad=True)
    b = lib.tensor([2.0], requires_grad=True)
    groups = [{"params": [a]}, {"params": [b], "lr": 0.05}]
    if name == "Adam":
        return lib.optim.Adam(groups, lr=0.1)
    return lib.optim.SGD(groups, lr=0.1, momentum=0.9)


def _lam(epoch):
    return 0.95**epoch


def _mult(epoch):
    return 0.9


SCHEDULERS = {
    "LambdaLR": lambda m, o: m.LambdaLR(o, lr_lambda=_lam),
    "LambdaLR-list": lambda m, o: m.LambdaLR(o, lr_lambda=[_lam, lambda e: 1 / (e + 1)]),
    "MultiplicativeLR": lambda m, o: m.MultiplicativeLR(o, lr_lambda=_mult),
    "StepLR": lambda m, o: m.StepLR(o, step_size=7, gamma=0.5),
    "MultiStepLR": lambda m, o: m.MultiStepLR(o, milestones=[5, 12, 12, 30], gamma=0.3),
    "ConstantLR": lambda m, o: m.ConstantLR(o, factor=0.25, total_iters=6),
    "LinearLR": lambda m, o: m.LinearLR(o, start_factor=0.2, end_factor=0.9, total_iters=13),
    "ExponentialLR": lambda m, o: m.ExponentialLR(o, gamma=0.93),
    "PolynomialLR": lambda m, o: m.PolynomialLR(o, total_iters=20, power=2.0),
    "CosineAnnealingLR": lambda m, o: m.CosineAnnealingLR(o, T_max=10, eta_min=0.001),
    "CosineAnnealingWarmRestarts": lambda m, o: m.CosineAnnealingWarmRestarts(
        o, T_0=5, T_mult=2, eta_min=1e-4
    ),
    "CyclicLR": lambda m, o: m.CyclicLR(o, 0.01, 0.1, step_size_up=4, mode="triangular2"),
    "CyclicLR-exp": lambda m, o: m.CyclicLR(
        o, [0.01, 0.02], 0.1, step_size_up=3, step_size_down=5, mode="exp_range", gamma=0.97
    ),
    "OneCycleLR": lambda m, o: m.OneCycleLR(o, max_lr=[0.5, 0.3], total_steps=60),
    "OneCycleLR-3": lambda m, o: m.OneCycleLR(
        o, max_lr=0.5, epochs=6, steps_per_epoch=10, three_phase=True, anneal_strategy="linear"
    ),
    "SequentialLR": lambda m, o: m.SequentialLR(
        o,
        [m.LinearLR(o, start_factor=0.1, total_iters=5), m.ExponentialLR(o, gamma=0.9)],
        milestones=[5],
    ),
    "ChainedScheduler": lambda m, o: m.ChainedScheduler(
        [m.ConstantLR(o, factor=0.5, total_iters=4), m.ExponentialLR(o, gamma=0.9)]
    ),
}


def _lrs(lib, key, steps=59, opt_name="SGD"):
    opt = _optimizer(lib, opt_name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = SCHEDULERS[key](lib.optim.lr_scheduler, opt)
    out = [sched.get_last_lr()]
    for _ in range(steps):
        opt.step()
        sched.step()
        out.append(sched.get_last_lr())
    groups = [{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups]
    return out, groups


@requires_torch
@pytest.mark.parametrize("key", list(SCHEDULERS))
def test_lr_sequence_matches_torch(torch_ref, key):
    ours, our_groups = _lrs(numtorch, key)
    theirs, their_groups = _lrs(torch_ref, key)
    assert ours == theirs  # the very same Python floats
    assert our_groups == their_groups


@requires_torch
@pytest.mark.parametrize("key", ["CyclicLR", "OneCycleLR"])
def test_momentum_cycles_with_adam(torch_ref, key):
    assert _lrs(numtorch, key, opt_name="Adam") == _lrs(torch_ref, key, opt_name="Adam")


@requires_torch
@pytest.mark.parametrize("kwargs", [
    {}, {"mode": "max", "factor": 0.5, "patience": 2}, {"threshold_mode": "abs", "cooldown": 3},
    {"patience": 0, "min_lr": [0.02, 0.001], "eps": 1e-3},
])  # fmt: skip
def test_reduce_lr_on_plateau_matches_torch(torch_ref, kwargs):
    metrics = [1.0, 0.9, 0.95, 0.95, 0.96, 0.97, 0.89, 0.9, 0.9, 0.91] * 5

    def seq(lib):
        opt = _optimizer(lib)
        sched = lib.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
        out = []
        for m in metrics:
            opt.step()
            sched.step(m)
            out.append((sched.get_last_lr(), sched.num_bad_epochs, sched.best))
        return out

    assert seq(numtorch) == seq(torch_ref)


@requires_torch
@pytest.mark.parametrize("key", ["StepLR", "CosineAnnealingLR", "OneCycleLR", "SequentialLR"])
def test_state_dict_matches_torch(torch_ref, key):
    def sd(lib):
        opt = _optimizer(lib)
        sched = SCHEDULERS[key](lib.optim.lr_scheduler, opt)
        for _ in range(5):
            opt.step()
            sched.step()
        d = sched.state_dict()
        if "_schedulers" in d:
            d["_schedulers"] = [sorted(s) for s in d["_schedulers"]]
        return {k: v for k, v in d.items() if k != "_anneal_func_type"}

    ours, theirs = sd(numtorch), sd(torch_ref)
    assert sorted(ours) == sorted(theirs)
    assert {k: v for k, v in ours.items()} == {k: v for k, v in theirs.items()}


@requires_torch
def test_errors_match_torch(torch_ref):
    cases = [
        lambda m, o: m.ConstantLR(o, factor=2.0),
        lambda m, o: m.LinearLR(o, start_factor=0.0),
        lambda m, o: m.LinearLR(o, end_factor=1.5),
        lambda m, o: m.ReduceLROnPlateau(o, factor=1.0),
        lambda m, o: m.ReduceLROnPlateau(o, mode="avg"),
        lambda m, o: m.ReduceLROnPlateau(o, threshold_mode="x"),
        lambda m, o: m.ReduceLROnPlateau(o, min_lr=[0.1]),
        lambda m, o: m.StepLR(None, 3),
        lambda m, o: m.StepLR(o, 3, last_epoch=4),
        lambda m, o: m.LambdaLR(o, [_lam]),
        lambda m, o: m.MultiplicativeLR(o, 3),
        lambda m, o: m.CosineAnnealingWarmRestarts(o, T_0=0),
        lambda m, o: m.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=0),
        lambda m, o: m.OneCycleLR(o, 0.1),
        lambda m, o: m.OneCycleLR(o, 0.1, total_steps=10, pct_start=2.0),
        lambda m, o: m.CyclicLR(o, 0.1, 0.2, mode="x"),
        lambda m, o: m.SequentialLR(o, [m.StepLR(o, 2)], milestones=[3]),
        lambda m, o: m.SequentialLR(o, [m.ReduceLROnPlateau(o)], milestones=[]),
        lambda m, o: m.ChainedScheduler([]),
    ]

    def err(lib, fn):
        try:
            fn(lib.optim.lr_scheduler, _optimizer(lib))
        except Exception as e:  # noqa: BLE001
            return type(e).__name__, str(e)
        return None

    for fn in cases:
        assert err(numtorch, fn) == err(torch_ref, fn)


def test_warns_when_scheduler_steps_before_optimizer():
    opt = _optimizer(numtorch)
    sched = L.StepLR(opt, 2)
    with pytest.warns(UserWarning, match="Detected call of `lr_scheduler.step\\(\\)` before"):
        sched.step()


def test_get_lr_outside_step_warns():
    sched = L.StepLR(_optimizer(numtorch), 2)
    with pytest.warns(UserWarning, match="please use `get_last_lr\\(\\)`"):
        sched.get_lr()


def test_epoch_argument_warns_and_uses_closed_form():
    opt = _optimizer(numtorch)
    sched = L.StepLR(opt, step_size=3, gamma=0.5)
    opt.step()
    with pytest.warns(UserWarning, match="The epoch parameter"):
        sched.step(7)
    assert sched.get_last_lr() == [0.1 * 0.25, 0.05 * 0.25]


# -- hand-computed checks (no torch) ------------------------------------------------------------
def _run(sched, opt, n):
    lrs = [sched.get_last_lr()[0]]
    for _ in range(n):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr()[0])
    return lrs


def test_step_lr_by_hand():
    opt = _optimizer(numtorch)
    lrs = _run(L.StepLR(opt, step_size=2, gamma=0.1), opt, 5)
    assert lrs == pytest.approx([0.1, 0.1, 0.01, 0.01, 0.001, 0.001])


def test_cosine_by_hand():
    opt = _optimizer(numtorch)
    lrs = _run(L.CosineAnnealingLR(opt, T_max=4), opt, 4)
    expected = [0.1 * (1 + math.cos(math.pi * t / 4)) / 2 for t in range(5)]
    assert lrs == pytest.approx(expected, abs=1e-12)


def test_plateau_by_hand():
    opt = _optimizer(numtorch)
    sched = L.ReduceLROnPlateau(opt, "min", patience=1, factor=0.5)
    for m in [1.0, 1.0, 1.0]:
        sched.step(m)
    assert opt.param_groups[0]["lr"] == 0.05 and opt.param_groups[1]["lr"] == 0.025
    sd = sched.state_dict()
    again = L.ReduceLROnPlateau(opt)
    again.load_state_dict(sd)
    assert again.patience == 1 and again.best == 1.0


def test_lambda_state_dict_round_trip():
    opt = _optimizer(numtorch)
    sched = L.LambdaLR(opt, _lam)
    _run(sched, opt, 3)
    sd = sched.state_dict()
    assert sd["lr_lambdas"] == [None, None] and sd["last_epoch"] == 3
    other = L.LambdaLR(_optimizer(numtorch), _lam)
    other.load_state_dict(sd)
    assert other.last_epoch == 3 and other.get_last_lr() == sched.get_last_lr()


def test_is_exported():
    assert optim.lr_scheduler.LRScheduler is L.LRScheduler


@requires_torch
@pytest.mark.parametrize(
    "kwargs",
    [
        {"swa_lr": 0.02},
        {"swa_lr": [0.5, 0.01], "anneal_epochs": 3, "anneal_strategy": "linear"},
        {"swa_lr": 0.2, "anneal_epochs": 0},
    ],
)
def test_swalr_matches_torch(torch_ref, kwargs):
    def seq(lib):
        import importlib

        swa = importlib.import_module(lib.__name__ + ".optim.swa_utils")
        opt = _optimizer(lib)
        sched = swa.SWALR(opt, **kwargs)
        out = [sched.get_last_lr()]
        for _ in range(15):
            opt.step()
            sched.step()
            out.append(sched.get_last_lr())
        return out, sorted(sched.state_dict())

    assert seq(numtorch) == seq(torch_ref)


def test_swa_avg_fns():
    from numtorch.optim import swa_utils

    avg = numtorch.tensor([0.0, 2.0])
    cur = numtorch.tensor([4.0, 4.0])
    assert swa_utils.get_swa_avg_fn()(avg, cur, 1).tolist() == [2.0, 3.0]
    assert swa_utils.get_ema_avg_fn(0.5)(avg, cur, 0).tolist() == [2.0, 3.0]
    swa_utils.get_swa_multi_avg_fn()([avg], [cur], 3)
    assert avg.tolist() == [1.0, 2.5]
    with pytest.raises(ValueError, match="Invalid decay value 2"):
        swa_utils.get_ema_avg_fn(2)
