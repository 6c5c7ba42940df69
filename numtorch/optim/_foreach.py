"""Flat buffers for the ``foreach`` paths: a group's state lives in one array per state key.

Each ``state[p][key]`` stays a Tensor of its own (what ``state_dict`` saves), but its array is a
view into one flat buffer, so an update touches all of a group's parameters in a few NumPy calls.
Loading a state dict replaces the state tensors; the next step notices and rebuilds the buffer.
"""

from __future__ import annotations

import numpy as np


def can_flatten(params, grads) -> bool:
    """Whether the group's parameters and gradients can share flat buffers."""
    if not params:
        return False
    dtype = params[0]._data.dtype
    return all(
        p._data.dtype == dtype
        and g.dtype == dtype
        and p._data.flags.c_contiguous
        and g.flags.c_contiguous
        for p, g in zip(params, grads)
    )


def flat_state(state, params, key) -> np.ndarray:
    """One flat array whose consecutive slices are ``state[p][key]`` for ``p`` in ``params``."""
    arrays = [state[p][key]._data for p in params]
    base = arrays[0].base
    if base is not None and base.ndim == 1 and base.size == sum(a.size for a in arrays):
        offset = 0
        ok = True
        for a in arrays:
            if a.base is not base or not _starts_at(a, base, offset):
                ok = False
                break
            offset += a.size
        if ok:
            return base
    flat = np.concatenate([a.reshape(-1) for a in arrays]) if arrays else np.empty(0)
    offset = 0
    for p, a in zip(params, arrays):
        state[p][key]._data = flat[offset : offset + a.size].reshape(a.shape)
        offset += a.size
    return flat


def _starts_at(a, base, offset) -> bool:
    start = a.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    return start == offset * base.itemsize and a.flags.c_contiguous


def flatten(arrays) -> np.ndarray:
    """The arrays' elements one after another (a copy)."""
    return np.concatenate([a.reshape(-1) for a in arrays])


def scatter_copy(params, flat) -> None:
    """Copy consecutive slices of ``flat`` back into each parameter, in place."""
    offset = 0
    for p in params:
        d = p._data
        d[...] = flat[offset : offset + d.size].reshape(d.shape)
        offset += d.size
        p._version_counter.value += 1


def adopt_flat(state, params, key, flat) -> None:
    """Make ``state[p][key]`` new tensors viewing consecutive slices of ``flat``."""
    from .._tensor import Tensor

    offset = 0
    for p in params:
        n = p._data.size
        state[p][key] = Tensor._make(flat[offset : offset + n].reshape(p._data.shape))
        offset += n
