"""Array-level kernels shared by the optimizers, rounding as PyTorch's CPU kernels round.

PyTorch's vectorised CPU kernels for ``add(other, alpha)``, ``addcmul`` and ``lerp`` use fused
multiply-adds (one rounding for ``a * b + c``). NumPy has no FMA ufunc, so for float32 we form
``a * b + c`` in float64, where the product of two float32 values is exact, and round once to
float32: the result equals a true FMA except in rare double-rounding ties. Other dtypes use plain
NumPy arithmetic. Large arrays are processed in chunks so the float64 temporaries stay in cache.
"""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor

_CHUNK = 1 << 16  # elements per chunk for the float64 FMA emulation (stays in L2 cache)


def _is_f32(a) -> bool:
    return a.dtype == np.float32


def _fma_into(out, x, y, z) -> None:
    """``out = x * y + z`` rounded once (``y`` a scalar or an array like ``x``)."""
    if not _is_f32(out):
        np.add(x * y, z, out=out)
        return
    n = out.size
    if n <= _CHUNK or not (out.flags.c_contiguous and _all_contig(x, y, z)):
        t = np.multiply(x, np.float64(y) if np.ndim(y) == 0 else y, dtype=np.float64)
        np.add(t, z, out=out, casting="same_kind")
        return
    xf, zf, of = x.reshape(-1), z.reshape(-1), out.reshape(-1)
    yf = y if np.ndim(y) == 0 else y.reshape(-1)
    buf = np.empty(_CHUNK, np.float64)
    for s in range(0, n, _CHUNK):
        e = min(s + _CHUNK, n)
        t = buf[: e - s]
        np.multiply(xf[s:e], yf if np.ndim(yf) == 0 else yf[s:e], out=t, dtype=np.float64)
        # the float64 sum is exact up to one rounding; the cast to float32 rounds once more
        np.add(t, zf[s:e], out=of[s:e], casting="same_kind")


def _all_contig(*arrays) -> bool:
    return all(np.ndim(a) == 0 or a.flags.c_contiguous for a in arrays)


def add_(a, b, alpha) -> None:
    """``a.add_(b, alpha=alpha)`` in place."""
    if alpha == 1:
        a += b
    elif alpha == -1:
        a -= b
    else:
        _fma_into(a, b, a.dtype.type(alpha), a)


def add(a, b, alpha):
    """``a.add(b, alpha=alpha)`` as a new array."""
    if alpha == 1:
        return a + b
    out = np.empty_like(a)
    _fma_into(out, b, a.dtype.type(alpha), a)
    return out


def lerp_(a, b, weight) -> None:
    """``a.lerp_(b, weight)`` for a scalar weight, in place."""
    w = a.dtype.type(weight)
    diff = b - a
    if abs(w) < 0.5:
        _fma_into(a, diff, w, a)
    else:
        _fma_into(a, diff, w - a.dtype.type(1), b)


def addcmul_(a, b, c, value) -> None:
    """``a.addcmul_(b, c, value=value)``: ``a + value * b * c`` in place."""
    v = a.dtype.type(value)
    _fma_into(a, b * v if v != 1 else b, c, a)


def addcdiv_(a, b, c, value) -> None:
    """``a.addcdiv_(b, c, value=value)``: ``a + value * b / c`` in place."""
    v = a.dtype.type(value)
    t = b * v if v != 1 else b.copy()
    t /= c
    a += t


def bump(t: Tensor) -> None:
    """Record an in-place change of ``t`` (the autograd version counter)."""
    t._version_counter.value += 1


def new_step() -> Tensor:
    """A fresh ``state['step']``: a float32 0-dim tensor, as torch keeps it."""
    return Tensor._make(np.array(0.0, dtype=np.float32))


def incr_step(step_t: Tensor) -> float:
    """``step_t += 1`` (in float32, like torch) and return the new count as a Python float."""
    step_t._data += 1
    return float(step_t._data)


def zeros_state(p: Tensor) -> Tensor:
    """``torch.zeros_like(p, memory_format=torch.preserve_format)``."""
    return Tensor._make(np.zeros_like(p._data))


def full_state(p: Tensor, value) -> Tensor:
    return Tensor._make(np.full_like(p._data, value))


def params_with_grad(group):
    """The parameters of a group that have a gradient, and their gradient arrays."""
    params, grads = [], []
    for p in group["params"]:
        g = p._grad
        if g is not None:
            if g.is_sparse:
                raise RuntimeError("sparse gradients are not supported")
            params.append(p)
            grads.append(g._data)
    return params, grads


def check_lr(lr) -> None:
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")


def to_scalar(x):
    """A 1-element Tensor as a Python number (torch's ``_to_scalar``)."""
    if isinstance(x, Tensor) and x.dim() != 0:
        return x.squeeze()
    return x


_STEP_CHUNK = 1 << 15  # elements per chunk when a whole update runs chunk by chunk


def for_chunks(fn, *arrays) -> None:
    """Run the elementwise in-place update ``fn(*arrays)`` on consecutive slices of the arrays.

    Every temporary the update makes is then chunk-sized and stays in cache, instead of a fresh
    parameter-sized array per operation (whose allocation and page faults cost more than the
    arithmetic). ``None`` entries pass through; small or non-contiguous arrays run in one call.
    """
    present = [a for a in arrays if a is not None]
    n = present[0].size
    if n <= 2 * _STEP_CHUNK or not all(a.flags.c_contiguous and a.size == n for a in present):
        fn(*arrays)
        return
    flat = [None if a is None else a.reshape(-1) for a in arrays]
    for s in range(0, n, _STEP_CHUNK):
        e = min(s + _STEP_CHUNK, n)
        fn(*[None if a is None else a[s:e] for a in flat])
