"""The README's main job, timed: one epoch of the notes' MLP on MNIST, numtorch vs PyTorch.

    python bench/bench_mnist.py [--data DIR] [--repeat N] [--loss ce|mse] [--accuracy EPOCHS]
                               [--torch-threads N]

Both sides run the very same loop (numtorch/examples/mnist.py: ``train_epoch`` with ``lib`` =
numtorch or torch): 784-256-64-10 ReLU MLP, SGD lr 0.01 momentum 0.9, batch 512, shuffle=True,
ToTensor + Normalize, data loading included. torchvision is not installed beside the reference
torch, so PyTorch reads MNIST through a torch Dataset doing what torchvision's MNIST does per
sample (uint8 -> PIL image -> ToTensor -> Normalize) -- the "torchvision-style" column -- and,
for a lower bound, through whole-batch indexing of pre-normalised tensors ("in-memory").
``--accuracy N`` also trains N epochs on each side from the same seed and prints test accuracy.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, REPO)

import numtorch  # noqa: E402
from numtorch.examples import mnist  # noqa: E402

try:
    import torch
    import torch.utils.data as tdata
except ImportError:  # numtorch's figures alone are still useful
    torch = None

MEAN, STD = 0.1307, 0.3081


def _torch_datasets(train, test, mean=MEAN, std=STD):
    """torch Datasets over numtorch's MNIST arrays: per-sample (torchvision-style) and batched."""
    from PIL import Image

    class TorchvisionStyle(tdata.Dataset):
        def __init__(self, ds):
            self.data = torch.from_numpy(ds.data.numpy())
            self.targets = torch.from_numpy(ds.targets.numpy())

        def __len__(self):
            return len(self.data)

        def __getitem__(self, index):
            img = Image.fromarray(self.data[index].numpy(), mode="L")
            t = torch.from_numpy(np.array(img, np.uint8, copy=True)).view(1, 28, 28)
            return t.to(torch.float32).div(255).sub_(mean).div_(std), int(self.targets[index])

    def in_memory(ds):
        x = torch.from_numpy(ds.data.numpy()).to(torch.float32).div(255).sub(mean).div(std)
        return tdata.TensorDataset(x.unsqueeze(1), torch.from_numpy(ds.targets.numpy()))

    return TorchvisionStyle(train), TorchvisionStyle(test), in_memory(train), in_memory(test)


def _batched_loader(dataset, batch_size, shuffle):
    """A DataLoader fetching whole batches by fancy indexing (sampler=BatchSampler)."""
    sampler = tdata.RandomSampler(dataset) if shuffle else tdata.SequentialSampler(dataset)
    batches = tdata.BatchSampler(sampler, batch_size, drop_last=False)
    return tdata.DataLoader(dataset, sampler=batches, batch_size=None)


def _setup(lib, margs):
    lib.manual_seed(margs.seed)
    model = mnist.build_model(lib, margs.model)
    return model, lib.optim.SGD(model.parameters(), lr=margs.lr, momentum=margs.momentum)


def _epoch(lib, train_loader, margs):
    model, opt = _setup(lib, margs)
    _, seconds, _ = mnist.train_epoch(lib, model, opt, train_loader, margs.loss, "cpu", quiet=True)
    return seconds


def _train(lib, train_loader, test_loader, margs, epochs):
    model, opt = _setup(lib, margs)
    accs = []
    for _ in range(epochs):
        mnist.train_epoch(lib, model, opt, train_loader, margs.loss, "cpu", quiet=True)
        accs.append(mnist.evaluate(lib, model, test_loader, "cpu"))
    return accs


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=None)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--loss", choices=["ce", "mse"], default="ce")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--model", choices=list(mnist.DEFAULTS), default="mlp")
    p.add_argument("--dataset", choices=["mnist", "fashion"], default="mnist")
    p.add_argument("--accuracy", type=int, default=0, metavar="EPOCHS")
    p.add_argument("--torch-threads", type=int, default=None, help="torch.set_num_threads")
    args = p.parse_args()
    if torch is not None and args.torch_threads:
        torch.set_num_threads(args.torch_threads)
    argv = ["--loss", args.loss, "--model", args.model, "--dataset", args.dataset]
    margs = mnist.parse_args(
        argv + ["--seed", str(args.seed)] + (["--data", args.data] if args.data else [])
    )
    train, test = mnist.make_datasets(margs)
    bs, shuffle = margs.batch_size, margs.shuffle
    nt_loaders = mnist.make_loaders(numtorch, train, test, bs, shuffle)
    rows = [("numtorch", lambda: _epoch(numtorch, nt_loaders[0], margs))]
    if torch is not None:
        mean, std = mnist._mean_std(margs)
        tv_train, tv_test, mem_train, mem_test = _torch_datasets(train, test, mean[0], std[0])
        tv_loader = tdata.DataLoader(tv_train, batch_size=bs, shuffle=shuffle)
        mem_loader = _batched_loader(mem_train, bs, shuffle)
        rows += [
            ("torch, torchvision-style", lambda: _epoch(torch, tv_loader, margs)),
            ("torch, in-memory", lambda: _epoch(torch, mem_loader, margs)),
        ]
        print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print(
        f"{args.dataset} {args.model}, one epoch, batch {bs}, loss {args.loss}, "
        f"best of {args.repeat}"
    )
    base = None
    for name, run in rows:
        best = min(run() for _ in range(args.repeat))
        base = base or best
        print(f"  {name:<26} {best:7.2f}s  {len(train) / best:9,.0f} samples/s  "
              f"numtorch speedup {best / base:5.2f}x")  # fmt: skip
    if args.accuracy:
        print(f"test accuracy after each of {args.accuracy} epochs (seed {args.seed}):")
        accs = _train(numtorch, *nt_loaders, margs, args.accuracy)
        print(f"  numtorch  {' '.join(f'{a * 100:.2f}%' for a in accs)}")
        if torch is not None:
            test_loader = _batched_loader(mem_test, bs, False)
            accs = _train(torch, mem_loader, test_loader, margs, args.accuracy)
            print(f"  torch     {' '.join(f'{a * 100:.2f}%' for a in accs)}")


if __name__ == "__main__":
    main()
