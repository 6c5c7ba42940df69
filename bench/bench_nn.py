"""Times layer forward+backward under numtorch and PyTorch CPU; prints the ratio.

    OPENBLAS_NUM_THREADS=1 python bench/bench_nn.py --threads 1 [--repeat N]

(On a small shared machine pin both libraries to one thread: OpenBLAS's thread pool spins badly
under load, which makes numtorch's small matmuls look 100x slower than they are.)

ratio = numtorch time / PyTorch time (lower is better; 1.0 is parity). Same inputs and weights,
warm-up first, best of several repeats.
"""

from __future__ import annotations

import argparse
import os
import sys
import timeit

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numtorch  # noqa: E402
from numtorch.nn import _functional_conv as NF  # noqa: E402
from numtorch.nn import _functional_norm as NN  # noqa: E402

try:
    import torch
except ImportError:  # numtorch's figures alone are still useful
    torch = None


def _cases(lib, F, N, rng):
    """(name, callable) pairs written once for both libraries: forward + backward each."""
    x = rng.standard_normal((64, 3, 32, 32)).astype(np.float32)
    w = rng.standard_normal((64, 3, 3, 3)).astype(np.float32) * 0.1
    b = np.zeros(64, np.float32)
    act = rng.standard_normal((64, 64, 32, 32)).astype(np.float32)
    t = lib.from_numpy
    W, B = t(w).requires_grad_(), t(b).requires_grad_()
    gamma, beta = t(np.ones(64, np.float32)).requires_grad_(), t(b.copy()).requires_grad_()
    rm, rv = t(np.zeros(64, np.float32)), t(np.ones(64, np.float32))

    def conv():
        X = t(x).requires_grad_()
        F.conv2d(X, W, B, padding=1).sum().backward()

    def pool():
        X = t(act).requires_grad_()
        F.max_pool2d(X, 2).sum().backward()

    def avg():
        X = t(act).requires_grad_()
        F.avg_pool2d(X, 2).sum().backward()

    def bn():
        X = t(act).requires_grad_()
        N.batch_norm(X, rm, rv, gamma, beta, True).sum().backward()

    seq = rng.standard_normal((50, 32, 128)).astype(np.float32)
    lstm = _lstm(lib)

    def recurrent():
        out, (h, c) = lstm(t(seq))
        out.sum().backward()

    cases = [
        ("Conv2d(3, 64, 3, padding=1) fwd+bwd 64x3x32x32", conv),
        ("LSTM(128, 256) fwd+bwd 50x32 sequences", recurrent),
        ("max_pool2d(2) fwd+bwd 64x64x32x32", pool),
        ("avg_pool2d(2) fwd+bwd 64x64x32x32", avg),
        ("batch_norm train fwd+bwd 64x64x32x32", bn),
    ]
    net = _lenet(lib)
    if net is not None:  # needs nn.Linear and the nn namespace (PART 1 of the nn issue)
        digits = rng.standard_normal((64, 1, 32, 32)).astype(np.float32)
        labels = rng.integers(0, 10, 64)

        def lenet_step():
            loss = lib.nn.functional.cross_entropy(net(t(digits)), t(labels))
            net.zero_grad()
            loss.backward()

        cases.append(("LeNet-5 training step (fwd+bwd) batch 64", lenet_step))
    return cases


def _lstm(lib):
    """The same LSTM(128, 256) in both libraries (numtorch's by its module path)."""
    lib.manual_seed(0)
    if lib is numtorch:
        from numtorch.nn.modules.rnn import LSTM

        return LSTM(128, 256)
    return lib.nn.LSTM(128, 256)


def _lenet(lib):
    """The notes' LeNet-5, or None where numtorch.nn does not offer the layers yet."""
    try:
        import numtorch.nn  # noqa: F401

        nn, F = lib.nn, lib.nn.functional
        layers = (nn.Conv2d, nn.Linear, F.relu, F.max_pool2d, F.cross_entropy)
    except (ImportError, AttributeError):
        return None
    conv, linear, relu, pool = layers[:4]

    class LeNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1, self.conv2 = conv(1, 6, 5), conv(6, 16, 5)
            self.fc1, self.fc2, self.fc3 = linear(400, 120), linear(120, 84), linear(84, 10)

        def forward(self, x):
            x = pool(relu(self.conv1(x)), 2)
            x = pool(relu(self.conv2(x)), 2).flatten(1)
            return self.fc3(relu(self.fc2(relu(self.fc1(x)))))

    lib.manual_seed(0)
    return LeNet()


def _best(fn, repeat):
    fn()  # warm-up
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if args.threads and torch is not None:
        torch.set_num_threads(args.threads)
    ours = _cases(numtorch, NF, NN, np.random.default_rng(0))
    if torch is not None:
        tf = torch.nn.functional
        theirs = _cases(torch, tf, tf, np.random.default_rng(0))
    else:
        theirs = [(n, None) for n, _ in ours]
    print(f"{'case':<50} {'numtorch ms':>12} {'torch ms':>10} {'ratio':>7}")
    for (name, fn), (_, tfn) in zip(ours, theirs):
        mine = _best(fn, args.repeat) * 1e3
        if tfn is None:
            print(f"{name:<50} {mine:>12.2f}")
            continue
        ref = _best(tfn, args.repeat) * 1e3
        print(f"{name:<50} {mine:>12.2f} {ref:>10.2f} {mine / ref:>7.2f}")


if __name__ == "__main__":
    main()
