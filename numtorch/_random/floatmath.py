"""Floating-point arithmetic exactly as PyTorch's x86-64 (AVX2) CPU kernels round it.

Three things differ from plain NumPy arithmetic and matter for bit-identical samples:

- **Fused multiply-adds.** PyTorch compiles its AVX2 kernels with ``-mfma`` and GCC contracts
  ``a * b + c`` into one FMA (one rounding instead of two): the uniform transform
  ``x * (to - from) + from``, the normal's ``z * std + mean``, and inside the SIMD log/sincos
  below. NumPy has no FMA, so ``fma32``/``fma64`` rebuild the once-rounded result.
- **The float32 SIMD log and sincos** of ``randn``'s Box-Muller path come from
  ``ATen/native/cpu/avx_mathfun.h`` (Cephes polynomials, after Pommier's ``sse_mathfun``), not
  from libm; ``log256_ps``/``sincos256_ps`` replay their operations lane for lane. Which products
  GCC fused was read off the disassembly of ``NormalFill16<float, true>`` in libtorch_cpu.so.
- **float64 libm calls** (``log``, ``log1p``, ``sincos``, ``exp``, ``tan``) go to the C
  library; ``libm`` checks that NumPy's ufuncs agree with it (they call it on most builds).
"""

from __future__ import annotations

import numpy as np

from . import libm

f32 = np.float32
_CHUNK = 1 << 16  # elements per piece when working through large arrays

# --- fused multiply-add ----------------------------------------------------------------------


def fma32(a, b, c) -> np.ndarray:
    """float32 ``a * b + c`` rounded once.

    The product of two floats is exact in float64 (24 + 24 bits < 53), so the float64 sum is the
    exact result rounded once; rounding that to float32 is right except when the float64 sum
    landed exactly on a float32 tie while the exact sum was not a tie: then we nudge it toward
    the exact value before the second rounding.
    """
    if np.ndim(b) == 0 and b == 1:  # a * 1 is exact: the FMA is a plain add
        return (np.asarray(a, f32) + np.asarray(c, f32)).astype(f32)
    p = np.asarray(a, f32).astype(np.float64) * np.asarray(b, f32).astype(np.float64)
    c64 = np.asarray(c, f32).astype(np.float64)
    s = p + c64
    bits = s.view(np.uint64)
    tie = (bits & np.uint64(0x1FFFFFFF)) == np.uint64(0x10000000)  # 29 dropped bits = 1000...0
    tiny = np.abs(s) < 2.0**-126  # float32 subnormal range: ties sit at odd multiples of 2**-150
    if tiny.any():
        scaled = s * 2.0**149
        tie = np.where(tiny, scaled - np.floor(scaled) == 0.5, tie)
    if tie.any():
        bb = s - p
        err = (p - (s - bb)) + (c64 - bb)  # TwoSum: p + c == s + err exactly
        nudge = tie & (err != 0)
        s = np.where(nudge, np.nextafter(s, np.where(err > 0, np.inf, -np.inf)), s)
    return s.astype(f32)


_SPLIT = 134217729.0  # 2**27 + 1, Veltkamp's splitter for float64


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _two_prod(a, b):
    """``a * b == p + e`` exactly (Dekker's product, no FMA needed)."""
    p = a * b
    t = _SPLIT * a
    ah = t - (t - a)
    t = _SPLIT * b
    bh = t - (t - b)
    al, bl = a - ah, b - bh
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def fma64(a, b, c) -> np.ndarray:
    """float64 ``a * b + c`` rounded once, from error-free transformations.

    ``a*b + c == s + w + ew`` exactly (Dekker product, then TwoSums); ``r = fl(s + w)`` is the
    answer unless the leftover ``er + ew`` reaches half an ulp of ``r``, when we step one ulp.
    """
    if np.ndim(b) == 0 and b == 1:
        return np.asarray(a, np.float64) + np.asarray(c, np.float64)
    a, b, c = np.broadcast_arrays(*(np.asarray(v, np.float64) for v in (a, b, c)))
    out = np.empty(a.shape, dtype=np.float64)
    flat = [v.reshape(-1) for v in (a, b, c)]
    for i in range(0, a.size, _CHUNK):  # cache-sized pieces: ~3x faster than whole arrays
        out.reshape(-1)[i : i + _CHUNK] = _fma64(*(v[i : i + _CHUNK] for v in flat))
    return out


def _fma64(a, b, c):
    with np.errstate(all="ignore"):
        p, e = _two_prod(a, b)
        s, t = _two_sum(p, c)
        w, ew = _two_sum(t, e)
        r, er = _two_sum(s, w)
        d = er + ew
        step = np.nextafter(r, np.where(d > 0, np.inf, -np.inf))
        half = np.abs(step - r) * 0.5
        odd = (r.view(np.int64) & 1) == 1
        wrong = (d != 0) & ((np.abs(d) > half) | ((np.abs(d) == half) & odd))
        r = np.where(wrong, step, r)
        # overflow, inf and nan inputs: IEEE arithmetic already gives the FMA's answer
        return np.where(np.isfinite(p) & np.isfinite(r), r, a * b + c)


# --- avx_mathfun.h, float32, 8 lanes at a time (we do all lanes at once) ---------------------

_MIN_NORM_POS = np.array(0x00800000, np.uint32).view(f32)  # smallest normal float
_LOG_P = [f32(v) for v in (
    7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
    -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
)]  # fmt: skip
_LOG_Q1, _LOG_Q2 = f32(-2.12194440e-4), f32(0.693359375)
_SQRTHF = f32(0.707106781186547524)
_FOPI = f32(1.27323954473516)  # 4 / pi
_DP = (f32(-0.78515625), f32(-2.4187564849853515625e-4), f32(-3.77489497744594108e-8))
_COS_P = (f32(2.443315711809948e-5), f32(-1.388731625493765e-3), f32(4.166664568298827e-2))
_SIN_P = (f32(-1.9515295891e-4), f32(8.3321608736e-3), f32(-1.6666654611e-1))
_HALF, _ONE = f32(0.5), f32(1.0)


def log256_ps(x: np.ndarray) -> np.ndarray:
    """``log256_ps``: natural log of positive float32 (Cephes ``logf`` in SIMD form)."""
    invalid = x <= 0
    x = np.maximum(x, _MIN_NORM_POS)  # cut off denormals
    bits = x.view(np.uint32)
    exponent = (bits >> np.uint32(23)).view(np.int32) - 127
    x = ((bits & np.uint32(0x807FFFFF)) | np.uint32(0x3F000000)).view(f32)  # mantissa in [.5, 1)
    e = exponent.astype(f32) + _ONE
    small = x < _SQRTHF  # if x < sqrt(1/2): e -= 1, x = x + x - 1, else x = x - 1
    tmp = np.where(small, x, f32(0))
    x = x - _ONE
    e = e - np.where(small, _ONE, f32(0))
    x = x + tmp
    z = x * x
    y = np.full_like(x, _LOG_P[0])
    for p in _LOG_P[1:]:
        y = fma32(y, x, p)
    y = y * x
    y = fma32(y, z, e * _LOG_Q1)  # y*z + e*q1: GCC fused the first product
    y = fma32(-z, _HALF, y)  # y - z*0.5
    x = x + y
    x = fma32(e, _LOG_Q2, x)
    return np.where(invalid, f32(np.nan), x)


def sincos256_ps(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``sincos256_ps``: (sin, cos) of float32 (Cephes ``sinf``/``cosf`` in SIMD form)."""
    sign_sin = x.view(np.uint32) & np.uint32(0x80000000)
    x = np.abs(x)
    j = (x * _FOPI).astype(np.int32)  # cvttps2dq truncates
    j = (j + 1) & ~1  # j = (j + 1) & ~1, as in Cephes
    y = j.astype(f32)
    swap_sign_sin = ((j & 4) << 29).view(np.uint32)
    poly_mask = (j & 2) == 0
    for dp in _DP:  # x = ((x - y*DP1) - y*DP2) - y*DP3: extended-precision range reduction
        x = fma32(y, dp, x)
    sign_cos = ((~(j - 2) & 4) << 29).view(np.uint32)
    sign_sin = sign_sin ^ swap_sign_sin
    z = x * x
    yc = fma32(fma32(_COS_P[0], z, _COS_P[1]), z, _COS_P[2])  # cos polynomial, 0 <= x <= pi/4
    yc = fma32(z, yc * z, -(z * _HALF)) + _ONE
    ys = fma32(fma32(_SIN_P[0], z, _SIN_P[1]), z, _SIN_P[2])  # sin polynomial
    ys = fma32(x, ys * z, x)
    sin_part_s = np.where(poly_mask, ys, f32(0))  # pick each lane's polynomial
    sin_part_c = np.where(poly_mask, f32(0), yc)
    s = sin_part_c + sin_part_s
    c = (yc - sin_part_c) + (ys - sin_part_s)
    return (s.view(np.uint32) ^ sign_sin).view(f32), (c.view(np.uint32) ^ sign_cos).view(f32)


_TWO_PI_F32 = f32(2.0 * np.pi)  # _mm256_set1_ps(2.0f * c10::pi<double>)


def normal_fill_16_float(u: np.ndarray, mean, std) -> np.ndarray:
    """``NormalFill16<float, true>``: Box-Muller on rows of 16 float32 uniforms.

    Lanes 0-7 of a row give ``radius * cos`` and lanes 8-15 ``radius * sin`` from the pairs
    ``(u[j], u[j + 8])``; ``fmadd(n, std, mean)`` scales them.
    """
    mean, std = f32(mean), f32(std)
    out = np.empty_like(u, dtype=f32)
    for i in range(0, len(u), _CHUNK // 16):
        rows = u[i : i + _CHUNK // 16]
        radius = np.sqrt(f32(-2) * log256_ps(_ONE - rows[:, :8]))  # (0, 1] for the log
        sin, cos = sincos256_ps(_TWO_PI_F32 * rows[:, 8:])
        out[i : i + len(rows), :8] = fma32(radius * cos, std, mean)
        out[i : i + len(rows), 8:] = fma32(radius * sin, std, mean)
    return out


def normal_fill_16_double(u: np.ndarray, mean: float, std: float) -> np.ndarray:
    """``NormalFill16<double>``, the scalar template: libm log/sincos, then ``std::fma``."""
    radius = np.sqrt(-2.0 * libm.log(1.0 - u[:, :8]))
    theta = 2.0 * np.pi * u[:, 8:]  # glibc's sincos gives the bits of its sin and cos
    return np.concatenate(
        [fma64(radius * libm.cos(theta), std, mean), fma64(radius * libm.sin(theta), std, mean)],
        axis=1,
    )
