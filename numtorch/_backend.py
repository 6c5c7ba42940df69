"""The one place that knows NumPy from CuPy.

Every op asks ``array_module(array)`` for ``xp`` and works with it; a CuPy backend for ``cuda``
plugs in here without touching the ops.
"""

from __future__ import annotations

import numpy as np

try:  # optional GPU backend
    import cupy as _cupy
except Exception:  # noqa: BLE001 - any failure to import means no GPU backend
    _cupy = None


def cuda_available() -> bool:
    if _cupy is None:
        return False
    try:
        return _cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:  # noqa: BLE001
        return False


def device_count() -> int:
    return _cupy.cuda.runtime.getDeviceCount() if cuda_available() else 0


def array_module(*arrays):
    """``numpy`` or ``cupy``, whichever holds the arrays (Chainer's get_array_module)."""
    if _cupy is not None:
        for a in arrays:
            if isinstance(a, _cupy.ndarray):
                return _cupy
    return np


def module_for(device_type: str):
    """The array module for tensors made on ``device_type`` (torch's error where there is none)."""
    if device_type == "cpu":
        return np
    check_device_type(device_type)
    return _cupy


def device_type_of(array) -> str:
    return "cuda" if _cupy is not None and isinstance(array, _cupy.ndarray) else "cpu"


def check_device_type(device_type: str) -> None:
    """The error torch's CPU build raises for a device it has no backend for (``cuda`` is fine
    when CuPy sees a GPU)."""
    if device_type in ("cpu", "cuda"):
        if device_type == "cuda" and not cuda_available():
            raise AssertionError("Torch not compiled with CUDA enabled")
        return
    if device_type == "xpu":
        raise AssertionError("Torch not compiled with XPU enabled")
    if device_type == "meta":
        raise NotImplementedError(
            "numtorch has no 'meta' device: its tensors always hold data (use the 'cpu' device)"
        )
    raise RuntimeError(f"PyTorch is not linked with support for {device_type} devices")


def current_cuda_index() -> int:
    """The current CUDA device (``torch.cuda.current_device()``): where ``'cuda'`` goes."""
    return int(_cupy.cuda.runtime.getDevice())


def to_device(array, device_type: str, index=None):
    """Copy ``array`` to the given device (no copy when already there; ``index`` None: the
    current CUDA device)."""
    here = device_type_of(array)
    if here == device_type and (
        here == "cpu" or array.device.id == (current_cuda_index() if index is None else index)
    ):
        return array
    check_device_type(device_type)
    if device_type == "cuda":
        xp = module_for("cuda")
        with xp.cuda.Device(index):  # None: the current device
            # CuPy's asarray keeps an array on another GPU where it is; copy() brings it here
            return array.copy() if here == "cuda" else xp.asarray(array)
    return _cupy.asnumpy(array)


def to_numpy(array) -> np.ndarray:
    if _cupy is not None and isinstance(array, _cupy.ndarray):
        return _cupy.asnumpy(array)
    return array


def base_array(array):
    """The array that owns the memory ``array`` looks into."""
    while getattr(array, "base", None) is not None and hasattr(array.base, "dtype"):
        array = array.base
    return array


def data_ptr(array) -> int:
    if _cupy is not None and isinstance(array, _cupy.ndarray):
        return array.data.ptr
    return array.__array_interface__["data"][0]


def as_strided(array, shape, strides_bytes):
    xp = array_module(array)
    if xp is np:
        return np.lib.stride_tricks.as_strided(array, shape, strides_bytes)
    return xp.lib.stride_tricks.as_strided(array, shape, strides_bytes)


def add_at(target, index, values):
    """Unbuffered ``target[index] += values`` (repeated indices accumulate)."""
    ufunc_at("add", target, index, values)


def ufunc_at(name, target, index, values):
    """Unbuffered ``name.at``: ``np.maximum.at(target, index, values)`` and its CuPy twin."""
    getattr(array_module(target), name).at(target, index, values)


def sliding_window_view(array, window_shape, axis):
    xp = array_module(array)
    return xp.lib.stride_tricks.sliding_window_view(array, window_shape, axis=axis)
