"""numtorch's seeded streams against golden values recorded from PyTorch 2.13 (x86-64 CPU).

``tests/data/make_rng_golden.py`` ran its recipes on real PyTorch and saved the arrays in
``tests/data/rng_golden.npz``; here the same recipes run on numtorch and every array must match
bit for bit, dtype included. PyTorch is not imported, so this runs where it is absent.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import numtorch

DATA = Path(__file__).parent / "data"


def _load_recipes():
    spec = importlib.util.spec_from_file_location("make_rng_golden", DATA / "make_rng_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RECIPES = _load_recipes()
with np.load(RECIPES.PATH) as _npz:
    GOLDEN = {k: _npz[k] for k in _npz.files if k != "torch_version"}
    TORCH_VERSION = str(_npz["torch_version"])


@pytest.fixture(scope="module")
def ours():
    return RECIPES.record(numtorch)


def test_table_is_complete(ours):
    assert TORCH_VERSION.startswith("2.13")
    assert sorted(ours) == sorted(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_matches_pytorch(ours, name):
    got, want = ours[name], GOLDEN[name]
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, want.dtype)
    assert np.array_equal(got, want, equal_nan=True), (got, want)


def test_runs_without_torch():
    """The whole comparison in a fresh interpreter where ``import torch`` fails."""
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "import numpy as np, numtorch, tests.test_random_golden as g\n"
        "ours = g.RECIPES.record(numtorch)\n"
        "bad = [k for k in g.GOLDEN if not (ours[k].dtype == g.GOLDEN[k].dtype\n"
        "       and np.array_equal(ours[k], g.GOLDEN[k], equal_nan=True))]\n"
        "assert not bad, bad\n"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def test_fast_box_muller_kernels_exhaustive():
    """``_random.boxmuller``'s log and sincos equal ``floatmath``'s general replay of
    ``avx_mathfun.h`` on all 2**24 inputs ``randn`` can give them (so no golden value is needed
    for the speed-up to be exact)."""
    from numtorch._random import boxmuller, floatmath

    step = 1 << 20
    for start in range(0, 1 << 24, step):
        u = np.arange(start, start + step, dtype=np.float32) * np.float32(2.0**-24)
        x, theta = np.float32(1) - u, floatmath._TWO_PI_F32 * u
        assert boxmuller.log_unit(x).tobytes() == floatmath.log256_ps(x).tobytes()
        fast, ref = boxmuller.sincos_unit(theta), floatmath.sincos256_ps(theta)
        assert fast[0].tobytes() == ref[0].tobytes() and fast[1].tobytes() == ref[1].tobytes()
