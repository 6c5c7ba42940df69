"""Times optimizer steps under numtorch and PyTorch CPU; prints the ratio.

    python bench/bench_optim.py [--steps N] [--numel N] [--threads N]

Cases: the learning notes' Himmelblau loop (Adam([x], lr=1e-3), forward + backward + step for
20000 steps: per-op overhead dominates) and single Adam/AdamW/SGD steps over a 10-million-parameter
set of tensors (memory bandwidth dominates), for numtorch's per-tensor and foreach paths.
ratio = numtorch time / PyTorch time (lower is better; 1.0 is parity).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numtorch  # noqa: E402
import numtorch.optim  # noqa: E402

try:
    import torch
except ImportError:  # numtorch's figures alone are still useful
    torch = None


def himmelblau_loop(lib, steps):
    x = lib.tensor([0.0, 0.0], requires_grad=True)
    opt = lib.optim.Adam([x], lr=1e-3)
    start = time.perf_counter()
    for _ in range(steps):
        pred = (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2
        opt.zero_grad()
        pred.backward()
        opt.step()
    elapsed = time.perf_counter() - start
    return elapsed, x.tolist()


def _big_params(lib, numel, rng):
    # a model-like mix: a few large matrices and many small vectors, 10M parameters in all
    shapes = [(2048, 2048)] * 2 + [(1024, 1024)] * 1 + [(4096,)] * 8
    left = numel - sum(int(np.prod(s)) for s in shapes)
    shapes.append((left,))
    params = []
    for s in shapes:
        p = lib.tensor(rng.standard_normal(s).astype(np.float32), requires_grad=True)
        p.grad = lib.tensor(rng.standard_normal(s).astype(np.float32))
        params.append(p)
    return params


def big_step(lib, name, kwargs, numel, repeat=10):
    params = _big_params(lib, numel, np.random.default_rng(0))
    opt = getattr(lib.optim, name)(params, **kwargs)
    opt.step()  # state allocation is not what we time
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        opt.step()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--numel", type=int, default=10_000_000)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    if torch is not None and args.threads:
        torch.set_num_threads(args.threads)

    ours, x = himmelblau_loop(numtorch, args.steps)
    line = f"himmelblau Adam {args.steps} steps: numtorch {ours:.3f}s x={x}"
    if torch is not None:
        theirs, tx = himmelblau_loop(torch, args.steps)
        line += f"  torch {theirs:.3f}s x={tx}  ratio {ours / theirs:.2f}"
    print(line)

    cases = [
        ("Adam", {"lr": 1e-3}),
        ("Adam", {"lr": 1e-3, "foreach": True}),
        ("AdamW", {"lr": 1e-3}),
        ("SGD", {"lr": 0.01, "momentum": 0.9}),
        ("SGD", {"lr": 0.01, "momentum": 0.9, "foreach": True}),
    ]
    for name, kwargs in cases:
        ours = big_step(numtorch, name, kwargs, args.numel)
        line = f"{name}{kwargs} step over {args.numel:,} params: numtorch {ours * 1e3:.1f}ms"
        if torch is not None:
            theirs = big_step(torch, name, dict(kwargs, foreach=False), args.numel)
            line += f"  torch {theirs * 1e3:.1f}ms  ratio {ours / theirs:.2f}"
        print(line)


if __name__ == "__main__":
    main()
