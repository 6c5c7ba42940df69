"""Minimise the Himmelblau function with Adam, as the learning notes do.

    f(x, y) = (x**2 + y - 11)**2 + (x + y**2 - 7)**2

Starting from [0, 0], Adam (lr 1e-3) reaches the minimum at [3.0, 2.0] in 20000 steps, printing
every 2000 steps exactly what PyTorch 2.x prints for the same loop.

    python -m numtorch.examples.himmelblau [--steps 20000] [--lr 1e-3] [--start 0 0]
"""

from __future__ import annotations

import argparse

import numtorch as torch


def himmelblau(x):
    return (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--start", type=float, nargs=2, default=[0.0, 0.0])
    args = parser.parse_args(argv)

    x = torch.tensor(args.start, requires_grad=True)
    optimizer = torch.optim.Adam([x], lr=args.lr)
    for step in range(args.steps):
        pred = himmelblau(x)
        optimizer.zero_grad()
        pred.backward()
        optimizer.step()
        if step % 2000 == 0:
            print(f"step{step}:x = {x.tolist()},f(x) = {pred.item()}")
    return x


if __name__ == "__main__":
    main()
