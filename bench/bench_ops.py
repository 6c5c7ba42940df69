"""Times representative ops under numtorch and, where installed, PyTorch; prints the ratio.

    python bench/bench_ops.py [--quick] [--threads N]

ratio = numtorch time / PyTorch time (lower is better; 1.0 is parity). Both run in this process,
on the same inputs, after a warm-up; each figure is the best of several repeats.
"""

from __future__ import annotations

import argparse
import os
import sys
import timeit

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numtorch  # noqa: E402

try:
    import torch
except ImportError:  # the numbers for numtorch alone are still useful
    torch = None


def _cases(lib, n_big, mat, rng):
    """(name, setup -> callable) pairs, written once for both libraries."""
    big = rng.standard_normal(n_big).astype(np.float32)
    big2 = rng.standard_normal(n_big).astype(np.float32)
    m1 = rng.standard_normal((mat, mat)).astype(np.float32)
    m2 = rng.standard_normal((mat, mat)).astype(np.float32)
    img = rng.standard_normal((64, 784)).astype(np.float32)
    idx = rng.integers(0, n_big, 100_000)
    t = lib.from_numpy
    a, b = t(big), t(big2)
    A, B = t(m1), t(m2)
    X = t(img)
    I = t(idx)
    small = t(rng.standard_normal((4, 4)).astype(np.float32))
    small_rg = t(rng.standard_normal((4, 4)).astype(np.float32)).requires_grad_(True)

    def tiny_graph():
        ((small_rg * 2 + 1).relu().sum()).backward()

    def himmelblau_step():
        x = lib.tensor([0.0, 0.0], requires_grad=True)
        for _ in range(10):
            f = (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2
            f.backward()
            with lib.no_grad():
                x -= 1e-3 * x.grad
            x.grad = None

    return [
        (f"add {n_big:.0e}", lambda: a + b),
        (f"mul_ in-place {n_big:.0e}", lambda: a.mul_(1.0)),
        (f"exp {n_big:.0e}", lambda: a.exp()),
        (f"sigmoid {n_big:.0e}", lambda: a.sigmoid()),
        (f"sum {n_big:.0e}", lambda: a.sum()),
        ("max(dim) 64x784", lambda: X.max(dim=1)),
        ("softmax 64x784", lambda: X.softmax(dim=1)),
        (f"matmul {mat}x{mat}", lambda: A @ B),
        ("index 1e5 of big", lambda: a[I]),
        ("slice view a[::2]", lambda: a[::2]),
        ("tiny add 4x4", lambda: small + small),
        ("tiny graph fwd+bwd", tiny_graph),
        ("himmelblau 10 steps", himmelblau_step),
    ]


def best_time(fn, repeat, number):
    fn()  # warm-up
    return min(timeit.repeat(fn, repeat=repeat, number=number)) / number


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads")
    args = parser.parse_args(argv)
    n_big, mat, repeat = (10**5, 256, 3) if args.quick else (10**6, 1024, 5)
    if torch is not None and args.threads:
        torch.set_num_threads(args.threads)

    ours = _cases(numtorch, n_big, mat, np.random.default_rng(0))
    theirs = _cases(torch, n_big, mat, np.random.default_rng(0)) if torch is not None else None
    print(f"{'op':<26}{'numtorch':>12}{'torch':>12}{'ratio':>8}")
    for i, (name, fn) in enumerate(ours):
        number = 200 if "tiny" in name or "view" in name else (20 if "himmel" not in name else 5)
        t_ours = best_time(fn, repeat, number)
        if theirs is None:
            print(f"{name:<26}{t_ours * 1e6:>10.1f}us")
            continue
        t_theirs = best_time(theirs[i][1], repeat, number)
        print(
            f"{name:<26}{t_ours * 1e6:>10.1f}us{t_theirs * 1e6:>10.1f}us{t_ours / t_theirs:>8.2f}"
        )


if __name__ == "__main__":
    main()
