"""Writes the small checkpoints in this folder with real PyTorch (2.13.0+cpu, CPU).

Run from the repository root: ``python tests/data/make_files.py``. The files let the loader be
tested where PyTorch is not installed; ``expected.npz`` holds the same values as plain arrays.
"""

import collections
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    model(torch.randn(5, 3)).sum().backward()
    opt.step()
    torch.save(model.state_dict(), os.path.join(HERE, "torch_model_state.pt"))
    torch.save(opt.state_dict(), os.path.join(HERE, "torch_adam_state.pt"))

    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    dtypes = {
        str(d).split(".")[1]: torch.arange(6).to(d).reshape(2, 3)
        for d in (torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.complex64,
                  torch.complex128, torch.uint8, torch.int8, torch.int16, torch.int32,
                  torch.int64, torch.bool)
    }  # fmt: skip
    obj = collections.OrderedDict(
        dtypes=dtypes,
        base=base,
        view=base[1:3, ::2],  # shares base's storage: offset 6, strides (6, 2)
        t=base.t(),
        param=torch.nn.Parameter(torch.ones(2)),
        nested=[(1, 2.5, "s"), {"k": None, "b": True}],
    )
    torch.save(obj, os.path.join(HERE, "torch_views_dtypes.pt"))
    torch.save(obj, os.path.join(HERE, "torch_legacy.pt"), _use_new_zipfile_serialization=False)
    np.savez(
        os.path.join(HERE, "expected.npz"),
        **{name: model.state_dict()[name].numpy() for name in model.state_dict()},
        base=base.numpy(),
    )


if __name__ == "__main__":
    main()
