"""``randn``'s float32 Box-Muller (``NormalFill16<float, true>``), fast, on 24-bit uniforms.

``floatmath.log256_ps``/``sincos256_ps`` replay ``avx_mathfun.h`` for any float32 input, each
fused multiply-add through ``fma32``'s tie and subnormal checks. Here the inputs are never
arbitrary: the log sees ``1 - k / 2**24`` and sincos ``float(2 pi) * (k / 2**24)`` for integers
``0 <= k < 2**24``, 2**24 values each. On that domain the FMAs are plain float64 ``a * b + c``
rounded to float32 (the product of floats is exact in float64; no sum lands on a float32 tie
and none is subnormal), the log never sees ``x <= 0`` and the sincos input is never negative.
``tests/test_random_golden.py`` checks both kernels against the general ones on every one of
the 2**24 inputs, so this is exact for every uniform PyTorch can draw, not just those sampled.

Work goes chunk by chunk through cache-sized pieces with preallocated float64 scratch.
"""

from __future__ import annotations

import numpy as np

from .floatmath import _COS_P, _DP, _FOPI, _LOG_P, _LOG_Q1, _LOG_Q2, _SIN_P, _SQRTHF, _TWO_PI_F32

f32, f64 = np.float32, np.float64
_ROWS = 4096  # rows of 16 uniforms per chunk: every temporary stays in the L2 cache
_LOG_P64 = [f64(p) for p in _LOG_P]
_Q1, _Q2 = f64(_LOG_Q1), f64(_LOG_Q2)
_DP64 = [f64(d) for d in _DP]
_COS64, _SIN64 = [f64(c) for c in _COS_P], [f64(s) for s in _SIN_P]


def _round(a64: np.ndarray, out32: np.ndarray, back64: np.ndarray) -> None:
    """``back64 = float(float32(a64))``: one float32 rounding, the result kept in float64."""
    np.copyto(out32, a64, casting="same_kind")
    np.copyto(back64, out32)


def log_unit(x: np.ndarray) -> np.ndarray:
    """``log256_ps(x)`` for ``x = 1 - k / 2**24`` (float32, in ``(0, 1]``)."""
    bits = x.view(np.uint32)
    e = ((bits >> np.uint32(23)).view(np.int32) - 126).astype(f32)  # exponent + 1
    m = ((bits & np.uint32(0x807FFFFF)) | np.uint32(0x3F000000)).view(f32)  # in [.5, 1)
    small = m < _SQRTHF
    e -= small  # e - 1 where the mantissa is below sqrt(1/2) (exact: small integers)
    xm = m - f32(1)
    xm += m * small  # x + x - 1 there, x - 1 elsewhere (float32 adds; m > 0: no -0)
    y32 = np.full_like(xm, _LOG_P[0])
    y = np.empty(xm.shape, dtype=f64)
    for p in _LOG_P64[1:]:  # Horner with an FMA per step: float64 y * x + p, rounded once
        np.multiply(y32, xm, out=y, dtype=f64)
        np.add(y, p, out=y32, casting="same_kind")
    y32 *= xm  # y * x (float32 multiply)
    z32 = xm * xm
    t = z32.astype(f64)
    t *= y32  # y * z exact in float64 ...
    t += e * _LOG_Q1  # ... plus float32(e * q1), rounded once: the fused product
    np.copyto(y32, t, casting="same_kind")
    y32 -= z32 * f32(0.5)  # fma(-z, 0.5, y): z * 0.5 is exact, so a float32 subtraction
    xm += y32
    t = e.astype(f64)
    t *= _Q2
    t += xm
    return t.astype(f32)  # fma(e, q2, x)


def sincos_unit(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``sincos256_ps(x)`` for ``x = float(2 pi) * (k / 2**24)`` (float32, non-negative)."""
    j = (x * _FOPI).astype(np.int32)
    j += 1
    j &= ~1
    y64 = j.astype(f64)
    swap_sign_sin = ((j & 4) << 29).view(np.uint32)
    poly = ((j & 2) == 0).astype(f32)  # 1 where the sin polynomial serves sin, else 0
    x64 = x.astype(f64)
    x32 = np.empty_like(x)
    for dp in _DP64:  # x = fma(y, dp, x), three times: the extended-precision reduction
        x64 += y64 * dp
        _round(x64, x32, x64)
    sign_cos = ((~(j - 2) & 4) << 29).view(np.uint32)
    z32 = x32 * x32
    z64 = z32.astype(f64)
    yc, ys = _poly(_COS64, z64), _poly(_SIN64, z64)
    yc32 = (yc.astype(f32) * z32).astype(f64)  # yc * z, rounded: the fused one multiplies z
    yc32 *= z64
    yc32 -= z32 * f32(0.5)  # fma(z, yc*z, -(z * 0.5)), z * 0.5 exact
    yc = yc32.astype(f32) + f32(1)
    ys64 = (ys.astype(f32) * z32).astype(f64)
    ys64 *= x64
    ys64 += x64
    ys = ys64.astype(f32)  # fma(x, ys*z, x)
    # floatmath selects with np.where; products by 0/1 are cheaper and give the same sums:
    # yc > 0.7 never makes a -0, and a -0 from ys * 0 only ever meets a nonzero or +0 addend
    sin_part_s = ys * poly
    sin_part_c = yc * (f32(1) - poly)
    s = sin_part_c + sin_part_s
    c = (yc - sin_part_c) + (ys - sin_part_s)
    return (s.view(np.uint32) ^ swap_sign_sin).view(f32), (c.view(np.uint32) ^ sign_cos).view(f32)


def _poly(coef, z64):
    """``fma(fma(c0, z, c1), z, c2)``, each FMA rounded to float32."""
    p = coef[0] * z64
    p += coef[1]
    p = p.astype(f32).astype(f64)
    p *= z64
    p += coef[2]
    return p


def normal_fill_16_float(raw: np.ndarray, mean, std, out=None) -> np.ndarray:
    """``NormalFill16<float, true>`` on rows of 16 raw 32-bit draws (as unsigned integers):
    the uniforms are ``(raw & 0xFFFFFF) / 2**24``.

    Bit for bit ``floatmath.normal_fill_16_float(uniforms, mean, std)``; writes into ``out``
    (float32, the shape of ``raw``) when given.
    """
    from .floatmath import fma32

    mean, std = f32(mean), f32(std)
    out = np.empty(raw.shape, dtype=f32) if out is None else out
    scale, mask = f32(2.0**-24), raw.dtype.type(0xFFFFFF)
    for i in range(0, len(raw), _ROWS):
        rows = raw[i : i + _ROWS]
        u1 = (rows[:, :8] & mask).astype(f32)
        u1 *= scale
        radius = log_unit(f32(1) - u1)
        radius *= f32(-2)
        np.sqrt(radius, out=radius)
        theta = (rows[:, 8:] & mask).astype(f32)
        theta *= scale
        theta *= _TWO_PI_F32
        sin, cos = sincos_unit(theta)
        cos *= radius
        sin *= radius
        block = out[i : i + len(rows)]
        if std == 1 and mean == 0:  # fma(x, 1, 0) is x + 0 (which turns -0 into +0)
            np.add(cos, f32(0), out=block[:, :8])
            np.add(sin, f32(0), out=block[:, 8:])
        else:
            block[:, :8] = fma32(cos, std, mean)
            block[:, 8:] = fma32(sin, std, mean)
    return out
