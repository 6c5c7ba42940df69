"""Times seeded random draws under numtorch and PyTorch; prints the ratio.

    python bench/bench_random.py [--n N] [--repeat R]

ratio = numtorch time / PyTorch time (lower is better; the goal is <= 2). PyTorch runs once with
one thread (``torch.set_num_threads(1)``, like numtorch's single-threaded NumPy) and once with
its default thread count. Each figure is the best of ``--repeat`` runs after a warm-up.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numtorch  # noqa: E402

try:
    import torch
except ImportError:  # numtorch's own figures are still useful
    torch = None


def _cases(lib, n):
    return {
        "randn float32": lambda: lib.randn(n),
        "rand float32": lambda: lib.rand(n),
        "randn float64": lambda: lib.randn(n, dtype=lib.float64),
        "rand float64": lambda: lib.rand(n, dtype=lib.float64),
    }


def _best(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000, help="elements per draw")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    numtorch.manual_seed(0)
    ours = {k: _best(f, args.repeat) for k, f in _cases(numtorch, args.n).items()}
    theirs = {}
    if torch is not None:
        torch.manual_seed(0)
        default_threads = torch.get_num_threads()
        for threads in (1, default_threads):
            torch.set_num_threads(threads)
            theirs[threads] = {k: _best(f, args.repeat) for k, f in _cases(torch, args.n).items()}
        torch.set_num_threads(default_threads)
    head = f"{'case (n=' + format(args.n, ',') + ')':<24}{'numtorch':>10}"
    for threads in theirs:
        head += f"{'torch/' + str(threads) + 't':>12}{'ratio':>8}"
    print(head)
    for case, t in ours.items():
        line = f"{case:<24}{t * 1e3:>8.1f}ms"
        for times in theirs.values():
            line += f"{times[case] * 1e3:>10.1f}ms{t / times[case]:>8.2f}"
        print(line)


if __name__ == "__main__":
    main()
