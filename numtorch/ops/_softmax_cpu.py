"""float32 ``softmax`` and ``log_softmax`` bit for bit as PyTorch's x86-64 CPU kernels (AVX2).

ATen's ``SoftMaxKernel.cpp`` has two layouts, and each rounds differently from a plain NumPy
``exp(x - max) / sum``:

**Last dim** (``_vec_softmax_lastdim`` / ``_vec_log_softmax_lastdim``), one row at a time:

- ``max`` with ``vec::reduce_all`` (exact, whatever the order);
- ``e = exp(x - max)`` with ``Vectorized<float>::exp``, SLEEF's ``expf_u10`` on every element
  (partial last vectors are loaded padded and go through the same vector code);
- ``sum(e)`` with ``vec::reduce_all``: eight lane accumulators (``acc = v0; acc += v1; ...``),
  the masked partial last vector added to its first lanes, then the AVX2 horizontal tree
  ``((a0+a4) + (a2+a6)) + ((a1+a5) + (a3+a7))``. A row shorter than 8 is summed left to right;
- softmax: ``e * (1 / sum)``, a float32 reciprocal then a product (not a division);
- log_softmax: ``(x - max) - log(sum)`` with SLEEF's ``logf_u10`` (``Vectorized<float>::log``).

**Other dims** (``_vec_softmax``, ``serial_vec_logsoftmax_range``), the input seen as
``(outer, dim, inner)`` and each ``(outer, inner)`` column reduced down ``dim`` left to right from
``0``: vector lanes use SLEEF's exp, the rest glibc's scalar ``expf`` (``std::exp``). Which lanes
are vector differs:

- softmax: ``at::parallel_for`` splits the ``outer * inner`` columns into one equal chunk per
  thread; inside a chunk, each run of columns of one ``outer`` row is taken 8 at a time and the
  leftover ``< 8`` go scalar, so the bits depend on ``torch.get_num_threads()``. The output is
  ``e / sum`` (a division);
- log_softmax: ``inner`` is cut in blocks of ``min(max(131072 // dim // 4, 8) // 8 * 8, inner)``
  columns, the last ``size % 8`` of each block scalar; ``log`` is SLEEF's for every column.

The ``expf`` emulations are in ``_sleef`` (SLEEF's ``expf_u10``; glibc's ``expf``). SLEEF's
``logf_u1`` (exported as ``Sleef_logf8_u10``) is written below from SLEEF's public algorithm
(``src/libm/sleefsimdsp.c``, function ``xlogf_u1``, and the double-float helpers of
``src/common/df.h`` in their FMA form; SLEEF is by Naoki Shibata and contributors, Boost Software
License 1.0). It runs on one value per row (the sum), so it uses the exact ``fma32``.

Checked against torch 2.13 (``tests/test_softmax_bits.py``): every element equal on rows of 1..40,
784, 1000 and 4097 floats, non-last dims at 1, 2 and 3 threads, and special values.
"""

from __future__ import annotations

import numpy as np

from .._parallel import get_num_threads
from .._random.floatmath import fma32 as _fma32_exact
from ._sleef import expf_libm, expf_u10

__all__ = [
    "softmax_f32", "log_softmax_f32", "softmax_half_lastdim", "softmax_half_otherdim",
    "log_softmax_half_lastdim", "log_softmax_half_otherdim", "logf_u10",
    "softmax_backward_lastdim_f32", "log_softmax_backward_lastdim_f32",
]  # fmt: skip

f32 = np.float32
_LANES = 8  # floats per AVX2 vector
_CHUNK = 1 << 14


# --- SLEEF's logf_u10 -----------------------------------------------------------------------------

_LN2_HI = f32(0.69314718246459960938)  # ln 2 as a float32 pair
_LN2_LO = f32(-1.904654323148236017e-09)
_FLT_MIN = f32(1.17549435e-38)
_ONE, _TWO = f32(1), f32(2)
_P0, _P1, _P2 = f32(0.3027294874), f32(0.3996108174), f32(0.6666694880)
_LOW29, _TIE = np.uint64(0x1FFFFFFF), np.uint64(0x10000000)


class _Fma:
    """float32 ``a * b + c`` rounded once, as the float64 sum of the exact product rounded to
    float32: the fused result unless that sum sits on a float32 tie (then ``suspect()`` is
    true, and the caller redoes its work with the careful ``floatmath.fma32``). Only for results
    that cannot be float32 subnormals. The log below runs on one float per row, where the cost
    is per NumPy call, not per element: so the sums are checked at the end."""

    def __init__(self):
        self.sums = []

    def __call__(self, a, b, c, exact=False):
        p = np.multiply(a, b, dtype=np.float64)
        s = p + c
        if not exact:  # exact: the caller knows the float64 sum has no rounding error
            self.sums.append((s, p, c))
        return s.astype(f32)

    def suspect(self) -> bool:
        s = np.concatenate([s for s, _, _ in self.sums], axis=None)
        if not ((s.view(np.uint64) & _LOW29) == _TIE).any():
            return False
        for s, p, c in self.sums:  # a tie is harmless where the float64 sum is exact
            tie = (s.view(np.uint64) & _LOW29) == _TIE
            bb = s - p
            if (tie & (((p - (s - bb)) + (c - bb)) != 0)).any():  # TwoSum's error
                return True
        return False


def logf_u10(d: np.ndarray) -> np.ndarray:
    """``Sleef_logf8_u10`` (AVX2 + FMA) on a float32 array, bit for bit.

    ``d = m * 2**e`` with ``m`` in ``[0.75, 1.5)``; ``x = (m - 1) / (m + 1)`` as a float pair;
    ``log d = e * ln2 + 2x + x**3 * t(x**2)``, summed in float-pair arithmetic.
    """
    d = np.asarray(d, dtype=f32)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if ((d >= _FLT_MIN) & (d < np.inf)).all():  # positive, normal, finite (no NaN)
            fma = _Fma()  # no subnormal ever comes out of its fused multiply-adds
            r = _logf_u10(d, d, None, fma)
            if not fma.suspect():
                return r
            return _logf_u10(d, d, None, _fma32_exact)
        tiny = d < _FLT_MIN  # subnormals (and 0, negatives): scaled by 2**64 first
        r = _logf_u10(d, np.where(tiny, d * f32(2.0**64), d).astype(f32), tiny, _fma32_exact)
        r = np.where(d == np.inf, f32(np.inf), r)
        r = np.where((d < 0) | np.isnan(d), f32(np.nan), r)
        return np.where(d == 0, f32(-np.inf), r).astype(f32, copy=False)


def _logf_u10(d, a, tiny, fma):
    # Six of the nine fused multiply-adds have float64 sums without rounding error (so no
    # double rounding to watch): a float product minus its float32 rounding; 1 - dx * t with
    # dx * t near 1 (Sterbenz); -dy * t + that (dy, the error of 1 + m, has a bit or two: the
    # sum spans < 30 bits); ln2_lo * e + (ln2_hi * e - sx) (multiples of 2**-52 below 2**-15);
    # ny * t + u with ny = 0 (m - 1 is exact). Only xx * w + ... and the polynomial are not.
    exact = {"exact": True} if isinstance(fma, _Fma) else {}
    bits = (a * f32(1 / 0.75)).view(np.uint32)
    e = ((bits >> np.uint32(23)) & np.uint32(0xFF)).astype(np.int32) - 0x7F
    m = (a.view(np.int32) + ((-e) << 23)).view(f32)  # vldexp3: add -e to the exponent
    e = (e if tiny is None else np.where(tiny, e - 64, e)).astype(f32)
    # s = (ln2_hi, ln2_lo) * e, as dfmul_vf2_vf2_vf
    sx = _LN2_HI * e
    sy = fma(_LN2_LO, e, fma(_LN2_HI, e, -sx, **exact), **exact)
    # x = dfdiv(dfadd2(-1, m), dfadd2(1, m))
    nx = m - _ONE
    v = nx + _ONE
    ny = (-_ONE - (nx - v)) + (m - v)
    dx = _ONE + m
    v = dx - _ONE
    dy = (_ONE - (dx - v)) + (m - v)
    t = _ONE / dx
    xx = nx * t
    u = fma(t, nx, -xx, **exact)
    w = fma(-dy, t, fma(-dx, t, _ONE, **exact), **exact)
    xy = fma(xx, w, fma(ny, t, u, **exact))
    x2 = xx * xx
    p = fma(fma(_P0, x2, _P1), x2, _P2)
    # s = dfadd(s, 2x); s = dfadd(s, x**3 * p); r = s.x + s.y
    ax, ay = xx * _TWO, xy * _TWO
    hx = sx + ax
    hy = (((sx - hx) + ax) + sy) + ay
    q = (x2 * xx) * p
    rx = hx + q
    return np.asarray(rx + (((hx - rx) + q) + hy), dtype=f32)


def _exp(d: np.ndarray, fn=expf_u10) -> np.ndarray:
    """``fn`` over ``d`` in pieces of ``_CHUNK`` floats: its float64 temporaries then stay in
    the cache (3x faster than one call on a 64 x 784 array)."""
    if d.size <= _CHUNK:
        return fn(d)
    flat = d.reshape(-1)
    out = np.empty_like(flat)
    for i in range(0, flat.size, _CHUNK):
        out[i : i + _CHUNK] = fn(flat[i : i + _CHUNK])
    return out.reshape(d.shape)


# --- last dim -------------------------------------------------------------------------------------


def _reduce_sum_rows(e: np.ndarray) -> np.ndarray:
    """``vec::reduce_all(+)`` of each row of a C-contiguous ``(rows, n)`` float32 array."""
    rows, n = e.shape
    if n < _LANES:  # vec_reduce_all's slow path: lane 0 accumulates left to right
        s = e[:, 0].copy()
        for i in range(1, n):
            s += e[:, i]
        return s
    full = n // _LANES
    # lane accumulators, v0 + v1 + ... in order. Laid out as (vector, row * lane), NumPy reduces
    # the first axis one row after the other (its pairwise summation only runs along the
    # innermost, contiguous axis) with long inner loops.
    vectors = e[:, : full * _LANES].reshape(rows, full, _LANES).transpose(1, 0, 2)
    acc = np.add.reduce(np.ascontiguousarray(vectors).reshape(full, rows * _LANES), axis=0)
    acc = acc.reshape(rows, _LANES)
    rest = n - full * _LANES
    if rest:
        acc[:, :rest] += e[:, full * _LANES :]
    w = acc[:, :4] + acc[:, 4:]  # 128-bit shuffle
    return (w[:, 0] + w[:, 2]) + (w[:, 1] + w[:, 3])  # 64-bit, then 32-bit shuffle


def _lastdim(x: np.ndarray, log: bool) -> np.ndarray:
    shape = x.shape
    x = np.ascontiguousarray(x).reshape(-1, shape[-1] if shape else 1)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        d = x - np.max(x, axis=1, keepdims=True)
        e = _exp(d)
        s = _reduce_sum_rows(e)
        if log:
            d -= logf_u10(s)[:, None]
            out = d
        else:
            e *= (_ONE / s)[:, None]
            out = e
    return out.reshape(shape)


# --- other dims -----------------------------------------------------------------------------------


def _vector_columns_softmax(outer: int, inner: int, step: int = _LANES) -> np.ndarray:
    """Which of the ``outer * inner`` columns ``_vec_softmax`` takes in vectors of ``step``
    (8 floats; 16 for float16 / bfloat16)."""
    n = outer * inner
    threads = get_num_threads()
    chunk = -(-n // threads) if threads > 1 and n > 1 else n
    if inner % step == 0 and chunk % step == 0:  # every run is whole vectors
        return np.ones(n, dtype=bool)
    p = np.arange(n)
    chunk_start = p - p % chunk
    row_start = p - p % inner
    start = np.maximum(chunk_start, row_start)  # runs: a thread's chunk within one outer row
    end = np.minimum(chunk_start + chunk, row_start + inner)
    return (p - start) < (end - start) // step * step


def _vector_columns_logsoftmax(dim_size: int, inner: int, itemsize: int = 4) -> np.ndarray:
    """Which of the ``inner`` columns ``serial_vec_logsoftmax_range`` takes in vectors (of 8
    floats; of 16 for 2-byte dtypes, its blocks counted in their bytes)."""
    step = 32 // itemsize
    block = max(131072 // dim_size // itemsize, step) // step * step
    block = min(block, inner)
    k = np.arange(inner)
    pos = k % block
    size = np.minimum(block, inner - (k - pos))
    return pos < size - size % step


def _exp_mixed(d: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """SLEEF's exp where ``vector`` (broadcast over ``d``'s middle axis), glibc's elsewhere."""
    if vector.all():
        return _exp(d)
    if not vector.any():
        return _exp(d, expf_libm)
    mask = np.broadcast_to(vector, d.shape)
    e = np.empty_like(d)
    e[mask] = _exp(d[mask])
    e[~mask] = _exp(d[~mask], expf_libm)
    return e


def _column_sums(e: np.ndarray) -> np.ndarray:
    """The sums down axis 1 of a C-contiguous ``(outer, dim, inner)`` array, each column added
    left to right (keeping axis 1). NumPy reduces a non-innermost axis one slice after the
    other; along the innermost axis it would sum pairwise, so a single column is turned into a
    row first (and a lone column accumulated)."""
    outer, _, inner = e.shape
    if inner > 1:
        return np.add.reduce(e, axis=1, keepdims=True)
    if outer > 1:
        return np.add.reduce(np.ascontiguousarray(e[:, :, 0].T), axis=0).reshape(outer, 1, 1)
    return np.add.accumulate(e, axis=1)[:, -1:, :]


def _otherdim(x: np.ndarray, dim: int, log: bool) -> np.ndarray:
    shape = x.shape
    outer = int(np.prod(shape[:dim], dtype=np.int64))
    inner = int(np.prod(shape[dim + 1 :], dtype=np.int64))
    itemsize = x.dtype.itemsize
    x = np.ascontiguousarray(x, dtype=f32).reshape(outer, shape[dim], inner)
    if log:
        vector = _vector_columns_logsoftmax(shape[dim], inner, itemsize).reshape(1, 1, inner)
    else:
        vector = _vector_columns_softmax(outer, inner).reshape(outer, 1, inner)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        d = x - np.max(x, axis=1, keepdims=True)
        e = _exp_mixed(d, vector)
        s = _column_sums(e)
        if log:
            d -= logf_u10(s)
            out = d
        else:
            e /= s
            out = e
    return out.reshape(shape)


def softmax_half_lastdim(x: np.ndarray) -> np.ndarray:
    """torch's CPU ``softmax`` over the last dim of a float16 / bfloat16 array.

    In float32: SLEEF's exp on the whole 8-float vectors of a row, glibc's on the last
    ``n % 8``; the vectors summed in 8 lanes (from 0) and reduced as ``vec_reduce_all``, then
    the tail added left to right; ``half(e * (1 / sum))``."""
    dtype = x.dtype
    shape = x.shape
    xf = np.ascontiguousarray(x, dtype=f32).reshape(-1, shape[-1] if shape else 1)
    n = xf.shape[1]
    nv = n - n % _LANES
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        d = xf - np.max(xf, axis=1, keepdims=True)
        e = np.empty_like(d)
        e[:, :nv] = _exp(d[:, :nv])
        e[:, nv:] = _exp(d[:, nv:], expf_libm)
        s = _reduce_sum_rows(e[:, :nv]) if nv else np.zeros(len(e), f32)
        for j in range(nv, n):
            s += e[:, j]
        e *= (_ONE / s)[:, None]
    return e.astype(dtype).reshape(shape)


def softmax_half_otherdim(x: np.ndarray, dim: int) -> np.ndarray:
    """torch's CPU ``softmax`` of a float16 / bfloat16 array over a dim other than the last.

    As for float32 (``_vec_softmax``, its reduced-float version: columns in vectors of 16),
    computed in float32; but a scalar column stores its exps in the dtype before dividing:
    ``half(half(e) / sum)`` there, ``half(e / sum)`` in vector columns."""
    dtype = x.dtype
    shape = x.shape
    outer = int(np.prod(shape[:dim], dtype=np.int64))
    inner = int(np.prod(shape[dim + 1 :], dtype=np.int64))
    xf = np.ascontiguousarray(x, dtype=f32).reshape(outer, shape[dim], inner)
    vector = _vector_columns_softmax(outer, inner, 2 * _LANES).reshape(outer, 1, inner)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        d = xf - np.max(xf, axis=1, keepdims=True)
        e = _exp_mixed(d, vector)
        s = _column_sums(e)
        if not vector.all():
            e = np.where(vector, e, e.astype(dtype).astype(f32))
        e /= s
    return e.astype(dtype).reshape(shape)


def log_softmax_half_otherdim(x: np.ndarray, dim: int) -> np.ndarray:
    """torch's CPU ``log_softmax`` of a float16 / bfloat16 array over a dim other than the
    last: the float32 computation, its vector columns 16 wide, rounded to the dtype at the end."""
    return _otherdim(x, dim, log=True).astype(x.dtype)


def log_softmax_half_lastdim(x: np.ndarray) -> np.ndarray:
    """torch's CPU ``log_softmax`` over the last dim of a float16 / bfloat16 array.

    The kernel computes in float32 but keeps the row's max and its log-sum in the input's dtype
    (``scalar_t`` buffers): ``sum`` is rounded to half, its log (SLEEF's) rounded again, then
    ``half((x - max) - logsum)``. (The float32 sum's order barely matters once rounded to half:
    it is taken as for float32.)"""
    dtype = x.dtype
    shape = x.shape
    xf = np.ascontiguousarray(x, dtype=f32).reshape(-1, shape[-1] if shape else 1)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        d = xf - np.max(xf, axis=1, keepdims=True)
        s = _reduce_sum_rows(_exp(d)).astype(dtype).astype(f32)
        d -= logf_u10(s).astype(dtype).astype(f32)[:, None]
    return d.astype(dtype).reshape(shape)


# --- backward, last dim (not wired: the Ops' backward is written with Tensor ops) -----------------


def softmax_backward_lastdim_f32(grad: np.ndarray, y: np.ndarray) -> np.ndarray:
    """torch's ``_softmax_backward_data`` over the last dim of float32 arrays, bit for bit:
    ``(g - sum) * y`` with ``sum = vec::map2_reduce_all(g * y)`` (products rounded, then the
    8-lane sum; no fused multiply-add)."""
    shape = y.shape
    g = np.ascontiguousarray(grad, dtype=f32).reshape(-1, shape[-1] if shape else 1)
    yy = np.ascontiguousarray(y, dtype=f32).reshape(g.shape)
    with np.errstate(invalid="ignore", over="ignore"):
        out = g - _reduce_sum_rows(g * yy)[:, None]
        out *= yy
    return out.reshape(shape)


def log_softmax_backward_lastdim_f32(grad: np.ndarray, y: np.ndarray) -> np.ndarray:
    """torch's ``_log_softmax_backward_data`` over the last dim of float32 arrays, bit for bit:
    ``g - exp(y) * sum(g)`` as one fused multiply-add, SLEEF's exp, the 8-lane sum."""
    shape = y.shape
    g = np.ascontiguousarray(grad, dtype=f32).reshape(-1, shape[-1] if shape else 1)
    yy = np.ascontiguousarray(y, dtype=f32).reshape(g.shape)
    with np.errstate(invalid="ignore", over="ignore"):
        s = _reduce_sum_rows(g)[:, None]
        out = _fma32_exact(-_exp(yy), s, g)
    return out.reshape(shape)


# --- entry points ---------------------------------------------------------------------------------


def softmax_f32(x: np.ndarray, dim: int | None) -> np.ndarray:
    """torch's CPU ``softmax`` of a float32 array along ``dim`` (None: a 0-d array)."""
    if dim is None or dim == x.ndim - 1:
        return _lastdim(x, log=False)
    return _otherdim(x, dim, log=False)


def log_softmax_f32(x: np.ndarray, dim: int | None) -> np.ndarray:
    """torch's CPU ``log_softmax`` of a float32 array along ``dim`` (None: a 0-d array)."""
    if dim is None or dim == x.ndim - 1:
        return _lastdim(x, log=True)
    return _otherdim(x, dim, log=True)
