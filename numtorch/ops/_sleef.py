"""Float32 ``exp`` exactly as PyTorch's CPU kernels compute it: SLEEF's ``expf_u10`` in the
AVX2 vector loops, glibc's ``expf`` in the scalar ones (``expf_libm``, see its docstring).

``Vectorized<float>::exp`` in ATen calls ``Sleef_expf8_u10``: SLEEF's ``xexpf`` built for AVX2
with FMA. The algorithm below is written from SLEEF's public source (``src/libm/sleefsimdsp.c``,
function ``xexpf``; SLEEF is by Naoki Shibata and contributors, Boost Software License 1.0):

- ``q = rint(d * R_LN2f)`` (float32 product, rounded to the nearest integer, ties to even);
- ``s = d - q * ln2`` in two fused multiply-adds, ``ln2`` split into ``L2Uf + L2Lf``;
- a degree-5 polynomial in ``s`` by Horner's rule, one FMA a step;
- ``u = 1 + fma(s * s, u, s)``, then ``u * 2**q`` as two exact power-of-two products
  (``vldexp2``: ``2**(q >> 1)`` then ``2**(q - (q >> 1))``), so subnormal results round once;
- ``d < -104`` gives ``+0`` and ``d > 100`` gives ``+inf``.

The fused multiply-adds run in float64 and are rounded once to float32: the product of two
floats is exact in float64, and the float64 sum is then the exact result rounded once. Rounding
that again to float32 could differ from a single rounding only where the float64 sum lands on a
float32 tie. ``tests/test_sigmoid_bits.py`` records the exhaustive checks: ``1 / (1 +
expf_u10(-x))`` is ``torch.sigmoid``'s vector path bit for bit on all 2**32 float32 bit patterns
(the general kernel) and on every input the common-case kernel takes.
"""

from __future__ import annotations

import threading

import numpy as np

__all__ = ["expf_u10", "expf_libm"]

f32, f64 = np.float32, np.float64

# Reused float64 scratch, per thread. A fresh 128 KiB temporary (16384 doubles) sits at glibc's
# mmap threshold: depending on the heap's history every one of them can come back as new pages,
# and the page faults made the kernels 3x slower (~450 instead of ~150 us at 16384 elements).
_SCRATCH_SIZE = 16384
_SCRATCH_COUNT = 4
_local = threading.local()


def _scratch(shape, k):
    """``k`` float64 work arrays of ``shape``: views of cached buffers up to 16384 elements."""
    n = int(np.prod(shape))
    if n > _SCRATCH_SIZE:
        return [np.empty(shape, f64) for _ in range(k)]
    bufs = getattr(_local, "bufs", None)
    if bufs is None:
        bufs = _local.bufs = [np.empty(_SCRATCH_SIZE, f64) for _ in range(_SCRATCH_COUNT)]
    return [b[:n].reshape(shape) for b in bufs[:k]]


_R_LN2F = f32(1.442695040888963407359924681001892137426645954152985934135449406931)
_L2UF = f64(f32(0.693145751953125))  # ln 2 = L2Uf + L2Lf; L2Uf has few bits: q * L2Uf is exact
_L2LF = f64(f32(1.428606765330187045e-06))
_POLY = [
    f32(0.000198527617612853646278381),
    f32(0.00139304355252534151077271),
    f32(0.00833336077630519866943359),
    f32(0.0416664853692054748535156),
    f32(0.166666671633720397949219),
    f32(0.5),
]
_POLY64 = [f64(c) for c in _POLY[1:]]
_POLY64_0 = f64(_POLY[0])
# (c + m, m), m = 1.5 * 2**(e + 29), for the Horner steps whose sums lie in [2**e, 2**(e+1)):
# e = -10, -7, -5, -3 (the last step's sum, near 0.5, straddles a binade: a cast rounds it).
_HORNER_MAGIC = [
    (c + 1.5 * 2.0 ** (e + 29), 1.5 * 2.0 ** (e + 29))
    for c, e in zip(_POLY64[:4], (-10, -7, -5, -3))
]
_L2UF32 = f32(_L2UF)


def expf_u10(x: np.ndarray) -> np.ndarray:
    """``Sleef_expf8_u10`` (AVX2 + FMA) on a float32 array, bit for bit; returns a new array."""
    d = np.asarray(x, dtype=f32)
    if d.size == 0:
        return d.copy()
    with np.errstate(over="ignore", invalid="ignore"):
        t = d * _R_LN2F  # float32 product, as vmul_vf_vf_vf
    if t.min() >= -126 and t.max() <= 127:  # (NaN fails both)
        return _expf_u10_normal(d, t)
    return _expf_u10_any(d, t)


_MAGIC = f32(12582912.0)  # 1.5 * 2**23: t + _MAGIC rounds t to an integer (ties to even)
_MAGIC_BITS = 0x4B400000


def _expf_u10_normal(d, t):
    """The common case: every ``q`` in ``[-126, 127]``, so ``2**q`` is a normal float32 and
    ``u * 2**q`` one exact product, and no input is out of ``[-104, 100]``."""
    t += _MAGIC  # |t| <= 127: the float32 sum holds q = rint(t) in its low bits (cvtps2dq)
    scale = t.view(np.int32) - (_MAGIC_BITS - 0x7F)
    scale <<= 23  # the float32 bits of 2**q
    t -= _MAGIC  # q, exactly
    # s = fma(q, -L2Uf, d) in float32: q * L2Uf is exact (7 + 16 bits) and so is the
    # difference (Sterbenz: q * ln2 is within a factor 2 of d, or q == 0).
    s = t * -_L2UF32
    s += d
    s64, u64 = _scratch(d.shape, 2)
    np.copyto(s64, t)
    s64 *= _L2LF  # s = fma(q, -L2Lf, s): exact in float64 ...
    np.subtract(s, s64, out=s64)
    np.copyto(s, s64, casting="same_kind")  # ... then rounded once
    np.copyto(s64, s)
    # Horner, u = fma(u, s, c): the float64 product is exact and the sum is rounded once to
    # float32. With |s| <= ln2 / 2 the first four sums each stay in one binade [2**e, 2**(e+1)),
    # where float32 rounding is rounding to a multiple of 2**(e-23): adding 1.5 * 2**(e+29)
    # does it in the float64 add itself (c + that is exact), subtracting it back is exact.
    np.multiply(s64, _POLY64_0, out=u64)
    for cm, m in _HORNER_MAGIC:
        u64 += cm
        u64 -= m
        u64 *= s64
    u64 += _POLY64[-1]
    u = u64.astype(f32)
    np.multiply(s, s, out=t)  # float32 product
    np.copyto(u64, t)
    u64 *= u
    u64 += s64
    np.copyto(u, u64, casting="same_kind")  # fma(s * s, u, s)
    u += f32(1)
    u *= scale.view(f32)
    return u


def _expf_u10_any(d, t):
    """Any input: ``vldexp2``'s two scalings (subnormal results round once), the ``-104`` and
    ``100`` cut-offs, infinities and NaN."""
    with np.errstate(over="ignore", invalid="ignore"):
        # Out of [-104, 100] the result is fixed below: clip so the int conversion is defined
        # (NaN stays NaN through s and the polynomial; its q does not matter).
        np.clip(t, f32(-200), f32(200), out=t)
        np.nan_to_num(t, copy=False, nan=0.0)
        q = np.rint(t).astype(np.int32)  # ties to even, as cvtps2dq
        qf = q.astype(f64)
        # s = fma(q, -L2Uf, d); s = fma(q, -L2Lf, s): both exact in float64 before rounding.
        s64 = d.astype(f64)
        s64 -= qf * _L2UF
        s = s64.astype(f32)
        np.multiply(qf, _L2LF, out=s64)
        np.subtract(s, s64, out=s64)
        s = s64.astype(f32)
        # Horner, u = fma(u, s, c): float64 product (exact) plus c, rounded once.
        u = np.full_like(s, _POLY[0])
        for c in _POLY64:
            np.multiply(u, s, out=s64, dtype=f64)
            s64 += c
            u = s64.astype(f32)
        # u = 1 + fma(s * s, u, s)
        np.multiply(s * s, u, out=s64, dtype=f64)
        s64 += s
        u = s64.astype(f32)
        u += f32(1)
        # vldexp2: u * 2**(q >> 1) * 2**(q - (q >> 1)), float32 products of powers of two.
        h = q >> 1
        u *= ((h + 0x7F) << 23).view(f32)
        u *= ((q - h + 0x7F) << 23).view(f32)
        u[d < f32(-104)] = 0
        u[d > f32(100)] = np.inf
    return u


# --- glibc's expf (the scalar loops' std::exp) ---------------------------------------------------

# 2**(i/32) as float64 bit patterns, minus i << 47 (so that adding k << 47 gives 2**(k/32)).
_EXP2F_TAB = np.array(
    [
        0x3FF0000000000000, 0x3FEFD9B0D3158574, 0x3FEFB5586CF9890F, 0x3FEF9301D0125B51,
        0x3FEF72B83C7D517B, 0x3FEF54873168B9AA, 0x3FEF387A6E756238, 0x3FEF1E9DF51FDEE1,
        0x3FEF06FE0A31B715, 0x3FEEF1A7373AA9CB, 0x3FEEDEA64C123422, 0x3FEECE086061892D,
        0x3FEEBFDAD5362A27, 0x3FEEB42B569D4F82, 0x3FEEAB07DD485429, 0x3FEEA47EB03A5585,
        0x3FEEA09E667F3BCD, 0x3FEE9F75E8EC5F74, 0x3FEEA11473EB0187, 0x3FEEA589994CCE13,
        0x3FEEACE5422AA0DB, 0x3FEEB737B0CDC5E5, 0x3FEEC49182A3F090, 0x3FEED503B23E255D,
        0x3FEEE89F995AD3AD, 0x3FEEFF76F2FB5E47, 0x3FEF199BDD85529C, 0x3FEF3720DCEF9069,
        0x3FEF5818DCFBA487, 0x3FEF7C97337B9B5F, 0x3FEFA4AFA2A490DA, 0x3FEFD0765B6E4540,
    ],
    dtype=np.uint64,
).view(np.int64)  # fmt: skip
_SHIFT = float.fromhex("0x1.8p+52")
_INVLN2_32 = float.fromhex("0x1.71547652b82fep+0") * 32
_EC0 = float.fromhex("0x1.c6af84b912394p-5") / 32**3
_EC1 = float.fromhex("0x1.ebfce50fac4f3p-3") / 32**2
_EC2 = float.fromhex("0x1.62e42ff0c52d6p-1") / 32
_OFLOW = f32(float.fromhex("0x1.62e42ep6"))  # above: exp(x) > FLT_MAX
_UFLOW = f32(float.fromhex("-0x1.9fe368p6"))  # below: exp(x) < 2**-150


def expf_libm(x: np.ndarray) -> np.ndarray:
    """glibc's float32 ``expf`` (2.27 and later) bit for bit: what ``std::exp(float)`` returns in
    PyTorch's scalar loops. It is not correctly rounded (0.502 ulp): ``float(exp(double(x)))``
    differs from it on ~0.015% of inputs, enough to show in a sigmoid.

    Written from the algorithm of Arm's optimized-routines ``math/expf.c`` (Szabolcs Nagy, MIT
    licence; glibc's copy is the same), all in float64: ``x * 32 / ln2 = k + r``, ``2**(k/32)``
    from a 32-entry table and a cubic in ``r``, rounded once to float32. glibc's FMA build
    contracts the polynomial; on the inputs the tests sweep (every float32 for sigmoid's scalar
    path) plain float64 arithmetic gives the same float32 results.
    """
    x = np.asarray(x, dtype=f32)
    with np.errstate(over="ignore", invalid="ignore"):  # (signalling NaNs warn in casts)
        xd, kd, r, s = _scratch(x.shape, 4)
        np.copyto(xd, x)
        np.maximum(xd, -120.0, out=xd)  # the table index below needs a finite k; NaN stays
        np.minimum(xd, 100.0, out=xd)  # NaN, and is replaced at the end
        z = xd
        z *= _INVLN2_32
        np.add(z, _SHIFT, out=kd)  # k rounded to an integer in the low bits of kd
        ki = kd.view(np.int64)
        np.subtract(kd, _SHIFT, out=r)
        np.subtract(z, r, out=r)  # r = z - k
        s = s.view(np.int64)
        np.bitwise_and(ki, 31, out=s)
        np.take(_EXP2F_TAB, s, out=s)
        ki <<= 47  # (wraps modulo 2**64, as the C code's uint64_t)
        s += ki
        y = z
        np.multiply(r, _EC0, out=y)
        y += _EC1
        r2 = kd  # (free now)
        np.multiply(r, r, out=r2)
        y *= r2
        r *= _EC2
        r += 1.0
        y += r
        y *= s.view(f64)
        out = y.astype(f32)
        if not (x.size == 0 or x.min() >= _UFLOW and x.max() <= _OFLOW):  # (NaN fails both)
            out[x > _OFLOW] = np.inf
            out[x < _UFLOW] = 0
            nan = np.isnan(x)
            out[nan] = x[nan] + x[nan]  # NaN quieted, as x + x
    return out
