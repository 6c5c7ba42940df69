"""Saving and loading a ~100 MB state_dict: numtorch against torch.save / torch.load.

Run: ``python bench/bench_serialization.py [folder]`` (default: a temporary folder). Each storage
is one buffer write on save and one ``readinto`` on load, so both should run near disk speed.
"""

from __future__ import annotations

import collections
import os
import sys
import tempfile
import time

import numpy as np

import numtorch
from numtorch import serialization


def _state_dict(mb=100, n=25):
    rng = np.random.default_rng(0)
    per = mb * 2**20 // 4 // n
    return collections.OrderedDict(
        (f"layer{i}.weight", numtorch.Tensor._make(rng.standard_normal(per, dtype=np.float32)))
        for i in range(n)
    )


def _best(fn, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(folder):
    sd = _state_dict()
    mb = sum(t.nbytes for t in sd.values()) / 2**20
    path = os.path.join(folder, "numtorch.pt")
    rows = [
        ("numtorch.save", _best(lambda: serialization.save(sd, path))),
        ("numtorch.load", _best(lambda: serialization.load(path))),
        ("numtorch.load(mmap=True)", _best(lambda: serialization.load(path, mmap=True))),
    ]
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        tsd = collections.OrderedDict((k, torch.from_numpy(v._data)) for k, v in sd.items())
        tpath = os.path.join(folder, "torch.pt")
        rows += [
            ("torch.save", _best(lambda: torch.save(tsd, tpath))),
            ("torch.load", _best(lambda: torch.load(tpath))),
            ("torch.load(mmap=True)", _best(lambda: torch.load(tpath, mmap=True))),
        ]
    print(f"state_dict of {len(sd)} float32 tensors, {mb:.0f} MB, folder {folder}")
    for name, seconds in rows:
        print(f"{name:26s} {seconds * 1e3:8.1f} ms  {mb / seconds:8.0f} MB/s")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(sys.argv[1])
    else:
        with tempfile.TemporaryDirectory(dir=".") as tmp:
            main(tmp)
