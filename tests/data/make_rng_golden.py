"""Writes ``rng_golden.npz``: seeded random draws recorded from real PyTorch (2.13, x86-64 CPU).

Run from the repository root with PyTorch installed::

    python tests/data/make_rng_golden.py

Each recipe below takes the library (``torch`` or ``numtorch``; the code is the same for both)
and returns ``{name: array}``. This script runs them on ``torch`` and saves the arrays;
``tests/test_random_golden.py`` runs the same recipes on ``numtorch`` without importing torch
and demands identical bits and dtypes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

PATH = Path(__file__).with_name("rng_golden.npz")
SEEDS = (0, 1, 420, 2**32 + 7)


def _np(t):
    return np.array(t.detach().numpy(), copy=True)


def creation(T, seed):
    out = {}
    T.manual_seed(seed)
    for n in (1, 15, 16, 17, 33, 1000):
        out[f"rand_f32_{n}"] = _np(T.rand(n))
        out[f"randn_f32_{n}"] = _np(T.randn(n))
    out["rand_f64_37"] = _np(T.rand(37, dtype=T.float64))
    out["randn_f64_5"] = _np(T.randn(5, dtype=T.float64))
    out["randn_f64_37"] = _np(T.randn(37, dtype=T.float64))
    out["uniform_f32_2x20"] = _np(T.empty(2, 20).uniform_(-3.0, 5.0))
    out["normal_f32_40"] = _np(T.empty(40).normal_(2.0, 0.5))
    t = T.empty(8, 6).t()  # non-contiguous: the per-element double path
    out["normal_noncontig_6x8"] = _np(t.normal_(1.0, 3.0))
    return out


def integers(T, seed):
    out = {}
    T.manual_seed(seed)
    out["randint_small_i64"] = _np(T.randint(0, 10, (50,)))
    out["randint_small_i32"] = _np(T.randint(-5, 3, (3, 7), dtype=T.int32))
    out["randint_big_i64"] = _np(T.randint(0, 2**30, (20,)))
    out["randint_big_i32"] = _np(T.randint(-(2**31), 2**31 - 1, (20,), dtype=T.int32))
    out["randperm_10"] = _np(T.randperm(10))
    out["randperm_1000"] = _np(T.randperm(1000))
    return out


def distributions(T, seed):
    out = {}
    T.manual_seed(seed)
    out["bernoulli_float_p"] = _np(T.empty(40).bernoulli_(0.3))
    p = T.rand(3, 11)
    out["bernoulli_tensor_p_f32"] = _np(T.bernoulli(p))
    out["bernoulli_tensor_p_f64"] = _np(T.bernoulli(p.double()))
    out["dropout"] = _np(T.nn.functional.dropout(T.ones(5, 9), p=0.4, training=True))
    out["exponential_f32"] = _np(T.empty(23).exponential_(1.5))
    out["exponential_f64"] = _np(T.empty(23, dtype=T.float64).exponential_())
    out["geometric"] = _np(T.empty(23).geometric_(0.2))
    out["log_normal"] = _np(T.empty(23).log_normal_(0.5, 0.25))
    out["cauchy"] = _np(T.empty(23).cauchy_(1.0, 2.0))
    w = T.tensor([[0.1, 0.2, 0.3, 0.4], [1.0, 5.0, 2.0, 2.0]])
    out["multinomial_replacement"] = _np(T.multinomial(w, 12, replacement=True))
    out["multinomial_no_replacement"] = _np(T.multinomial(w, 3))
    out["multinomial_one"] = _np(T.multinomial(w[0], 1))
    mean, std = T.arange(6.0), T.linspace(0.5, 3.0, 6)
    out["normal_tensor_args"] = _np(T.normal(mean, std))
    out["normal_tensor_args_20"] = _np(T.normal(T.zeros(20), T.ones(20)))
    return out


def init(T, seed):
    out = {}
    T.manual_seed(seed)
    out["kaiming_uniform"] = _np(T.nn.init.kaiming_uniform_(T.empty(4, 7)))
    out["xavier_normal"] = _np(T.nn.init.xavier_normal_(T.empty(5, 6)))
    T.manual_seed(seed)
    lin = T.nn.Linear(3, 2)
    out["linear_weight"] = _np(lin.weight)
    out["linear_bias"] = _np(lin.bias)
    return out


def shared_generator(T, seed):
    """One explicit generator across mixed calls (normal's cached value carries over)."""
    g = T.Generator().manual_seed(seed)
    return {
        "seq_randn_3": _np(T.randn(3, generator=g)),
        "seq_rand_17": _np(T.rand(17, generator=g)),
        "seq_randn_1": _np(T.randn(1, generator=g)),
        "seq_randint": _np(T.randint(0, 100, (9,), generator=g)),
        "seq_randn_20": _np(T.randn(20, generator=g)),
        "seq_randperm": _np(T.randperm(12, generator=g)),
        "seq_randn_f64_3": _np(T.randn(3, dtype=T.float64, generator=g)),
        "seq_rand_f64": _np(T.rand(4, dtype=T.float64, generator=g)),
    }


RECIPES = (creation, integers, distributions, init, shared_generator)


def record(T) -> dict:
    """Every recipe for every seed, named ``'<seed>/<name>'``."""
    out = {}
    for seed in SEEDS:
        for recipe in RECIPES:
            for name, arr in recipe(T, seed).items():
                out[f"{seed}/{name}"] = arr
    return out


def main() -> None:
    import torch

    torch.set_num_threads(1)
    arrays = record(torch)
    np.savez_compressed(PATH, torch_version=np.array(torch.__version__), **arrays)
    print(f"wrote {len(arrays)} arrays to {PATH} ({PATH.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
