"""``randperm``'s two Fisher-Yates shuffles, resolved without a Python loop per swap.

PyTorch (``randperm_cpu`` in ``ATen/native/TensorFactories.cpp``) shuffles in place:

- ``n < 2**32 // 20`` (forward Fisher-Yates): for ``i = 0 .. n-2`` swap positions ``i`` and
  ``t[i] = i + z[i]``, with ``z[i] = random() % (n - i)``;
- larger ``n`` (inside-out Fisher-Yates): for ``i = 0 .. n-1`` set ``r[i] = r[z[i]]`` then
  ``r[z[i]] = i``, with ``z[i] = random64() % (i + 1)``.

The draws don't depend on the data, so we take them all at once; only the swaps are sequential.
What a swap moves is decided by *which earlier step last wrote a position*. Grouping the steps by
the position they write (one stable sort) answers that: within a group, a step's predecessor is
the previous writer. The answers chain back through earlier steps, and pointer jumping follows
all the chains together in ``O(log n)`` vectorised rounds.
"""

from __future__ import annotations

import numpy as np


class _Writers:
    """The steps grouped by the position each one writes (``dest[step]``), in step order."""

    def __init__(self, dest: np.ndarray, n_positions: int):
        # sort (position, step) pairs packed in one int64: a plain sort, cheaper than argsort
        base = len(dest) + 1
        keys = np.sort(dest * base + np.arange(len(dest), dtype=np.int64))
        sorted_dest, self.order = np.divmod(keys, base)
        # prev[step]: the step before it that wrote the same position, -1 for the first one
        self.prev = np.full(len(dest), -1, dtype=np.int64)
        same = sorted_dest[1:] == sorted_dest[:-1]
        self.prev[self.order[1:][same]] = self.order[:-1][same]
        # last[p]: the last step that wrote position p, -1 if none did
        counts = np.bincount(dest, minlength=n_positions)
        ends = np.cumsum(counts) - 1
        self.last = np.where(counts > 0, self.order[np.maximum(ends, 0)], -1)


def _resolve(parent: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Follow ``parent`` links to the end of each chain (``-1`` ends one) and return the
    ``value`` found there.

    Pointer jumping: each round every node replaces its parent by its grandparent, so a chain of
    length L is walked in about log2(L) vectorised rounds.
    """
    parent = np.where(parent < 0, np.arange(len(parent)), parent)
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            return value[parent]
        parent = grand


def forward_shuffle(z: np.ndarray, n: int) -> np.ndarray:
    """The permutation made by swapping ``i`` and ``i + z[i]`` for ``i = 0 .. n-2``."""
    if n <= 1:
        return np.arange(n, dtype=np.int64)
    every = np.arange(n, dtype=np.int64)
    target = every[:-1] + z.astype(np.int64)
    writers = _Writers(target, n)
    # V[i], the value at position i when step i starts: i itself, unless an earlier step m
    # swapped its own V[m] into i. Every writer of i has m <= i, so the last one before step i
    # is the group's last, or the one before it if that is step i itself (z[i] == 0).
    last = writers.last
    before = np.where(last == every, writers.prev[np.maximum(last, 0)], last)
    v = _resolve(before, every)
    # Step i takes for position i what sits at t[i]: V of the previous writer of t[i], or t[i]
    # itself if nobody wrote there yet (t[i] == i then gives V[i], as it should).
    prev = writers.prev
    out = np.empty(n, dtype=np.int64)
    out[:-1] = np.where(prev >= 0, v[np.maximum(prev, 0)], target)
    out[-1] = v[-1]
    return out


def inside_out_shuffle(z: np.ndarray, n: int) -> np.ndarray:
    """The permutation made by ``r[i] = r[z[i]]; r[z[i]] = i`` for ``i = 0 .. n-1``."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    z = z.astype(np.int64)
    every = np.arange(n, dtype=np.int64)
    writers = _Writers(z, n)  # step k writes the value k into position z[k] <= k
    # If some step wrote into p (all such k are >= p), the last one's k is p's final value.
    # Otherwise p keeps what step p copied from z[p] < p: "what sat at z[p] before step p",
    # i.e. the previous writer of z[p] if there is one, else what step z[p] copied in turn,
    # down a chain of strictly smaller positions.
    prev = writers.prev
    copied_value = np.where(prev >= 0, prev, every)  # z[p] == p copies p onto itself
    parent = np.where((prev >= 0) | (z == every), -1, z)
    copied = _resolve(parent, copied_value)
    return np.where(writers.last >= 0, writers.last, copied)
