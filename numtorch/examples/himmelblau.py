"""Minimise the Himmelblau function with Adam, as the learning notes do.

    f(x, y) = (x**2 + y - 11)**2 + (x + y**2 - 7)**2

Starting from [0, 0] the notes reach the minimum at [3.0, 2.0] in 20000 steps. Like the notes, the
gradient is never zeroed, so it accumulates across steps. The Adam update is written out with
tensor ops (``torch.optim.Adam`` computes the same thing).

    python -m numtorch.examples.himmelblau [--steps 20000] [--lr 1e-3] [--start 0 0]
"""

from __future__ import annotations

import argparse

import numtorch as torch


def himmelblau(x):
    return (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2


def adam_step(param, state, lr, betas=(0.9, 0.999), eps=1e-8):
    """One step of Adam on ``param`` (PyTorch's update, bias corrections included)."""
    beta1, beta2 = betas
    state["step"] += 1
    grad = param.grad
    state["exp_avg"].lerp_(grad, 1 - beta1)
    state["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    bias_correction1 = 1 - beta1 ** state["step"]
    bias_correction2 = 1 - beta2 ** state["step"]
    denom = (state["exp_avg_sq"].sqrt() / bias_correction2**0.5).add_(eps)
    param.data.addcdiv_(state["exp_avg"], denom, value=-lr / bias_correction1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--start", type=float, nargs=2, default=[0.0, 0.0])
    args = parser.parse_args(argv)

    x = torch.tensor(args.start, requires_grad=True)
    state = {"step": 0, "exp_avg": torch.zeros_like(x), "exp_avg_sq": torch.zeros_like(x)}
    for step in range(args.steps):
        pred = himmelblau(x)
        pred.backward()
        with torch.no_grad():
            adam_step(x, state, args.lr)
        if step % 2000 == 0:
            print(f"step{step}:x = {x.tolist()},f(x) = {pred.item()}")
    return x


if __name__ == "__main__":
    main()
