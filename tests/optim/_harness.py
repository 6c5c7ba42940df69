"""Run the same optimizer on numtorch and torch with identical parameters and gradients."""

from __future__ import annotations

import numpy as np

import numtorch
import numtorch.optim

SHAPES = [(5, 3), (7,), (), (40, 33)]  # the last one is longer than a SIMD tail


def make_data(shapes=SHAPES, steps=30, seed=0, dtype=np.float32):
    rng = np.random.default_rng(seed)
    inits = [rng.standard_normal(s).astype(dtype) for s in shapes]
    grads = [[rng.standard_normal(s).astype(dtype) for s in shapes] for _ in range(steps)]
    return inits, grads


def run(lib, name, kwargs, inits, grads, groups=None, every_step=None):
    """Step optimizer ``name`` of ``lib`` through ``grads``; return the parameters per step."""
    params = [lib.tensor(a.copy(), requires_grad=True) for a in inits]
    if groups is None:
        opt = getattr(lib.optim, name)(params, **kwargs)
    else:
        opt = getattr(lib.optim, name)(
            [dict(params=[params[i] for i in idx], **extra) for idx, extra in groups], **kwargs
        )
    history = []
    for step_grads in grads:
        for p, g in zip(params, step_grads):
            p.grad = lib.tensor(g.copy())
        opt.step()
        if every_step is not None:
            every_step(opt)
        history.append([np.array(p.detach().numpy()) for p in params])
    return history, opt, params


def assert_histories_equal(ours, theirs, exact=True, rtol=2e-5, atol=1e-6):
    """Bit for bit where ``exact``; otherwise close (torch's float32 ``sqrt`` on CPU goes through
    MKL/SLEEF and is not correctly rounded, so optimizers dividing by a square root differ from a
    correctly rounded NumPy by an ulp in ~15% of elements)."""
    assert len(ours) == len(theirs)
    for step, (a_list, b_list) in enumerate(zip(ours, theirs)):
        for i, (a, b) in enumerate(zip(a_list, b_list)):
            msg = f"step {step} param {i}"
            if exact:
                np.testing.assert_array_equal(a, b, err_msg=msg)
            else:
                np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=msg)


def numtorch_lib():
    return numtorch
