"""Floating-point sums in the order torch's CPU kernel adds (``cascade_sum`` in
``ATen/native/cpu/SumKernel.cpp``), so ``x.sum()`` and ``x.mean()`` give torch's very bits.

torch sums a contiguous row in vectors of 8 floats (4 doubles) with 4 vector accumulators, and
accumulates rows of those in a cascade of 4 levels (groups of 16 or more rows each, so that only
numbers of similar size meet); the tail and the lanes are added one by one at the end. Here the
same additions run on whole arrays: a Python loop runs over the (at most ``step``) members of a
group, never over elements. Full sums of 32768 or more elements are split between torch's
threads first (``parallel_chunks``) and the per-thread sums added up the same way.
"""

from __future__ import annotations

import numpy as np

from .._parallel import GRAIN_SIZE, get_num_threads, parallel_chunks

ILP = 4  # row_sum's independent accumulators
NUM_LEVELS = 4


def _ceil_log2(n: int) -> int:
    return 1 if n <= 2 else (n - 1).bit_length()


def _running_sum(x, axis):
    """``((0 + x[0]) + x[1]) + ...`` along ``axis`` (-1 or -2), strictly in order. Along -2 with
    two or more lanes NumPy's reduce adds slice after slice (its pairwise order is only for a
    contiguous reduced axis: the tests pin this); otherwise a cumulative sum, which is in order
    by definition. The ``+ 0`` turns an all-``-0`` sum into torch's ``+0``."""
    k = x.shape[axis]
    if k == 0:
        return np.zeros(x.shape[:axis] + x.shape[axis:][1:], dtype=x.dtype)
    zero = x.dtype.type(0)
    if axis == -2 and x.shape[-1] > 1:
        if x.size >= 4096 * k:  # big slices: one vectorised add per step streams best
            acc = np.zeros(x.shape[:-2] + x.shape[-1:], dtype=x.dtype)
            for j in range(k):
                acc += x[..., j, :]
            return acc
        return np.add.reduce(x, axis=-2) + zero
    return np.add.accumulate(x, axis=axis).take(-1, axis=axis) + zero


def _group_sums(x, step):
    """Sums of consecutive groups of ``step`` rows (axis -2), and the sum of the rows left."""
    k = x.shape[-2]
    groups = k // step
    full = x[..., : groups * step, :].reshape(x.shape[:-2] + (groups, step, x.shape[-1]))
    return _running_sum(full, -2), _running_sum(x[..., groups * step :, :], -2)


def _multi_row_sum(x):
    """``multi_row_sum``: (..., m, lanes) -> (..., lanes), each lane summed in torch's cascade."""
    step = 1 << max(4, _ceil_log2(x.shape[-2]) // NUM_LEVELS)
    if x.shape[-2] < step:  # no group fills up: a plain running sum
        return _running_sum(x, -2)
    level1, acc = _group_sums(x, step)
    if level1.shape[-2] < step:  # no second-level group: levels 2 and 3 stay 0
        return (acc + _running_sum(level1, -2)) + x.dtype.type(0)
    level2, acc1 = _group_sums(level1, step)
    level3, acc2 = _group_sums(level2, step)
    acc3 = _running_sum(level3, -2)  # the top level is never flushed
    return ((acc + acc1) + acc2) + acc3


def _row_sum(x):
    """``row_sum``: (..., m, lanes) -> (..., lanes) through 4 interleaved accumulators."""
    m, lanes = x.shape[-2], x.shape[-1]
    rows = m // ILP
    grouped = x[..., : rows * ILP, :].reshape(x.shape[:-2] + (rows, ILP * lanes))
    parts = _multi_row_sum(grouped).reshape(x.shape[:-2] + (ILP, lanes))
    # accumulator 0 takes the rows left over, then the other three accumulators
    rest = np.concatenate([parts[..., :1, :], x[..., rows * ILP :, :], parts[..., 1:, :]], -2)
    return np.add.accumulate(rest, axis=-2)[..., -1, :]


def _inner_sum(x):
    """The sum of each row of ``x`` (..., n), contiguous, as ``cascade_sum`` does it."""
    n = x.shape[-1]
    width = 32 // x.itemsize  # an AVX2 vector: 8 floats or 4 doubles
    if n < width:  # scalar_inner_sum
        return _row_sum(x[..., None])[..., 0]
    vectors = n // width
    lanes = _row_sum(x[..., : vectors * width].reshape(x.shape[:-1] + (vectors, width)))
    # a scalar accumulator from 0: the elements after the last vector, then the 8 (4) lanes
    return _running_sum(np.concatenate([x[..., vectors * width :], lanes], -1), -1)


def _outer_sum(x):
    """Column sums of ``x`` (..., rows, cols), contiguous rows, as ``cascade_sum`` does it: 32
    columns at a time through 4 vector accumulators, then 8 at a time, then one by one (floats;
    doubles go by 16 and 4); a narrow matrix goes 4 columns at a time."""
    cols = x.shape[-1]
    width = 32 // x.itemsize
    if cols < width:  # scalar_outer_sum
        wide = cols - cols % ILP
        return _joined(_multi_row_sum, x[..., :wide], _row_sum, x[..., wide:])
    wide = cols - cols % (ILP * width)
    vectors = wide + (cols - wide) // width * width
    return _joined(
        _multi_row_sum, x[..., :wide], _row_sum, x[..., wide:vectors], _row_sum, x[..., vectors:]
    )


def _joined(*fns_and_parts):
    """The column sums of each non-empty part, side by side."""
    pairs = zip(fns_and_parts[::2], fns_and_parts[1::2])
    sums = [fn(part) for fn, part in pairs if part.shape[-1]]
    return sums[0] if len(sums) == 1 else np.concatenate(sums, -1)


def _small_sum(flat):
    """``_inner_sum`` of a short 1-d array (fewer than 16 rows of 4 vectors: the cascade is one
    running sum), in as few NumPy calls as it takes."""
    n, zero = flat.size, flat.dtype.type(0)
    width = 32 // flat.itemsize
    if n < width:  # scalar_inner_sum: 4 accumulators over whole rows of 4, then the rest
        rows = n // ILP
        parts = flat[:ILP] + zero if rows else np.zeros(ILP, flat.dtype)
        order = np.concatenate([parts[:1], flat[rows * ILP :], parts[1:]])
        return np.add.accumulate(order)[-1]
    vectors = n // width
    rows = vectors // ILP
    lanes = flat[: vectors * width].reshape(vectors, width)
    if rows:
        parts = np.add.reduce(lanes[: rows * ILP].reshape(rows, ILP * width), axis=0) + zero
    else:
        parts = np.zeros(ILP * width, flat.dtype)
    parts = parts.reshape(ILP, width)
    acc = np.add.accumulate(np.concatenate([parts[:1], lanes[rows * ILP :], parts[1:]]), axis=0)[-1]
    # a scalar accumulator from 0: the elements after the last vector, then the lanes
    return np.add.accumulate(np.concatenate([flat[vectors * width :], acc]))[-1] + zero


def full_sum(x: np.ndarray) -> np.ndarray:
    """The sum of all of ``x`` (contiguous float32/float64), a 0-d array with torch's bits."""
    flat = x.reshape(-1)
    if flat.size < 64 * 32 // flat.itemsize:  # under 16 rows of 4 vectors
        return np.zeros((), dtype=x.dtype) + _small_sum(flat)
    threads = get_num_threads()
    if flat.size < GRAIN_SIZE or threads == 1:
        total = _inner_sum(flat)
    else:  # two_pass_reduction: one sum per thread's piece, then the sum of those
        partial = np.zeros(threads, dtype=x.dtype)
        for t, (begin, end) in enumerate(parallel_chunks(flat.size)):
            partial[t] += _inner_sum(flat[begin:end])
        total = _inner_sum(partial)
    return np.zeros((), dtype=x.dtype) + total  # the output starts at 0


def row_sums(x: np.ndarray) -> np.ndarray:
    """Sums over the last dim of a contiguous (rows, n) array (threads split the rows: no
    effect on any one sum)."""
    return _inner_sum(x)


def middle_sums(x: np.ndarray) -> np.ndarray:
    """Sums over the middle dim of a contiguous (outer, rows, cols) array -> (outer, cols)."""
    outer, _, cols = x.shape
    threads = get_num_threads()
    if x.size < GRAIN_SIZE or threads == 1 or outer >= threads or outer >= cols:
        return _outer_sum(x)  # serial, or the threads split ``outer``: no effect on any sum
    # parallel_dim_reduction splits the columns; each piece's ends are rounded down to 128
    # bytes (but the last end)
    multiple, pieces = 128 // x.itemsize, []
    for begin, end in parallel_chunks(cols, 1):
        begin -= begin % multiple
        end = end if end == cols else end - end % multiple
        if begin < end:
            pieces.append(_outer_sum(x[..., begin:end]))
    return np.concatenate(pieces, -1)
