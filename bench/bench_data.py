"""One epoch of MNIST through DataLoader(shuffle=True) with ToTensor + Normalize.

    python bench/bench_data.py [--root DIR] [--repeat N] [--torch-threads N]

Compares numtorch's batched fast path, numtorch's per-sample path (same results, one sample at a
time) and PyTorch's DataLoader over an equivalent torch Dataset that does what torchvision's MNIST
does per sample (uint8 array -> PIL image -> ToTensor -> Normalize; torchvision itself is not
installed beside the reference torch). Root: --root, $NUMTORCH_DATA or <repo>/../shared/data.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from functools import partial

import numpy as np

REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, REPO)

from numtorch.utils.data import DataLoader, default_collate  # noqa: E402
from numtorch.vision import datasets  # noqa: E402
from numtorch.vision import transforms as T  # noqa: E402

try:
    import torch
    import torch.utils.data as tdata
except ImportError:  # numtorch's figures alone are still useful
    torch = None

MEAN, STD = 0.1307, 0.3081


def per_sample_collate(batch):
    """default_collate under another name: the loader then fetches sample by sample."""
    return default_collate(batch)


def _epoch(loader) -> float:
    start = time.perf_counter()
    for _batch in loader:
        pass
    return time.perf_counter() - start


def _best(make_loader, repeat: int) -> float:
    return min(_epoch(make_loader()) for _ in range(repeat))


def _torch_dataset(images: np.ndarray, targets: np.ndarray):
    """torchvision's MNIST.__getitem__ + ToTensor + Normalize, written with torch and PIL."""
    from PIL import Image

    class TorchMNIST(tdata.Dataset):
        def __init__(self):
            self.data = torch.from_numpy(images)
            self.targets = torch.from_numpy(targets)

        def __len__(self):
            return len(self.data)

        def __getitem__(self, index):
            img, target = self.data[index], int(self.targets[index])
            img = Image.fromarray(img.numpy(), mode="L")
            t = torch.from_numpy(np.array(img, np.uint8, copy=True)).view(28, 28, 1)
            t = t.permute((2, 0, 1)).contiguous().to(torch.float32).div(255)
            return t.sub_(torch.tensor([MEAN]).view(-1, 1, 1)).div_(
                torch.tensor([STD]).view(-1, 1, 1)
            ), target

    return TorchMNIST()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default_root = os.environ.get("NUMTORCH_DATA", os.path.join(REPO, "..", "shared", "data"))
    parser.add_argument("--root", default=default_root)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--torch-threads", type=int, default=None, help="torch.set_num_threads")
    args = parser.parse_args()
    if torch is not None and args.torch_threads:
        torch.set_num_threads(args.torch_threads)
    tf = T.Compose([T.ToTensor(), T.Normalize((MEAN,), (STD,))])
    ds = datasets.MNIST(args.root, train=True, transform=tf)
    print(f"MNIST train, {len(ds)} images, one epoch, shuffle=True, ToTensor+Normalize")
    head = ("batch", "numtorch fast", "numtorch per-sample", "torch", "speedup")
    print("{:>6} {:>14} {:>20} {:>10} {:>8}".format(*head))
    tds = _torch_dataset(ds.data._data, ds.targets._data) if torch is not None else None
    for bs in (64, 512):
        fast = _best(partial(DataLoader, ds, batch_size=bs, shuffle=True), args.repeat)
        slow = _best(
            partial(DataLoader, ds, batch_size=bs, shuffle=True, collate_fn=per_sample_collate), 1
        )
        ref = None
        if tds is not None:
            ref = _best(partial(tdata.DataLoader, tds, batch_size=bs, shuffle=True), 1)
        ref_s = f"{ref:9.3f}s" if ref else "   n/a"
        speedup = f"{ref / fast:7.1f}x" if ref else "    n/a"
        print(f"{bs:>6} {fast:13.3f}s {slow:19.3f}s {ref_s:>10} {speedup:>8}")


if __name__ == "__main__":
    main()
