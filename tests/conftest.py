"""Shared test helpers: the optional PyTorch reference and comparisons against it."""

from __future__ import annotations

import numpy as np
import pytest

try:  # the differential tests compare with real PyTorch where it is installed
    import torch as _torch

    HAS_TORCH = True
except ImportError:  # pragma: no cover - CI runs both ways
    _torch = None
    HAS_TORCH = False

requires_torch = pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed")


@pytest.fixture
def torch_ref():
    """Real PyTorch, or skip the test where it is not installed."""
    if not HAS_TORCH:
        pytest.skip("PyTorch is not installed")
    return _torch


@pytest.fixture(autouse=True)
def _restore_global_state():
    """Tests that change the default dtype or print options don't leak into others."""
    import numtorch

    yield
    numtorch.set_default_dtype(numtorch.float32)
    if HAS_TORCH:
        _torch.set_default_dtype(_torch.float32)


def to_torch(t):
    """The same values as a torch tensor (same dtype, requires_grad not copied)."""
    import numtorch

    if t.dtype is numtorch.bfloat16:
        return _torch.from_numpy(t.detach()._data.astype(np.float32)).to(_torch.bfloat16)
    return _torch.from_numpy(np.array(t.detach()._data))


def assert_same(ours, theirs, rtol=1e-6, atol=1e-6, check_dtype=True):
    """Values, shape and dtype of a numtorch result equal those of a torch result."""
    if isinstance(theirs, (tuple, list)):
        assert isinstance(ours, (tuple, list)), f"expected a sequence, got {type(ours)}"
        assert len(ours) == len(theirs)
        for o, t in zip(ours, theirs):
            assert_same(o, t, rtol, atol, check_dtype)
        return
    if not hasattr(theirs, "shape"):
        assert ours == theirs
        return
    assert tuple(ours.shape) == tuple(theirs.shape), f"shape {ours.shape} != {theirs.shape}"
    if check_dtype:
        assert str(ours.dtype) == str(theirs.dtype), f"dtype {ours.dtype} != {theirs.dtype}"
    theirs_np = theirs.detach().cpu().resolve_conj().resolve_neg()
    if theirs_np.dtype == _torch.bfloat16:
        theirs_np = theirs_np.float()
    expected = theirs_np.numpy()
    got = np.asarray(ours.detach()._data)
    if got.dtype.kind == "V" or str(got.dtype) == "bfloat16":
        got = got.astype(np.float32)
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


@pytest.fixture
def one_thread():
    """numtorch.set_num_threads(1) for one test (results that depend on torch's thread split)."""
    import numtorch

    saved = numtorch.get_num_threads()
    numtorch.set_num_threads(1)
    yield
    numtorch.set_num_threads(saved)
