"""The float64 math functions of the C library, which PyTorch's scalar kernels call.

PyTorch's double-precision samplers call ``log``, ``log1p``, ``sincos``, ``exp`` and ``tan``
from the system libm (glibc on Linux). NumPy's float64 ufuncs call the same functions on most
x86-64 builds, so we use them, vectorised. Some NumPy builds replace them with their own SIMD
code (AVX-512 loops, SVML) that can differ in the last bit; for those, each function is checked
once against the C library on a fixed set of arguments and, if they disagree, we call the C
library element by element instead: slower, but the same bits as PyTorch.
"""

from __future__ import annotations

import ctypes
import ctypes.util

import numpy as np

_NUMPY = {"log": np.log, "log1p": np.log1p, "sin": np.sin, "cos": np.cos, "exp": np.exp,
          "tan": np.tan}  # fmt: skip
_chosen: dict = {}


def _c_library():
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
    except OSError:  # pragma: no cover - no loadable C math library: trust NumPy
        return None
    for name in _NUMPY:
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = ctypes.c_double, [ctypes.c_double]
    return lib


def _probe_arguments() -> np.ndarray:
    """Arguments covering what the samplers pass: (0, 1], [-1, 0), [0, 2 pi), (-pi/2, pi/2)
    and normal values for ``exp``."""
    u = np.random.Generator(np.random.PCG64(20240601)).random(512)
    return np.concatenate([1.0 - u, -u, 2.0 * np.pi * u, np.pi * (u - 0.5), 8.0 * (u - 0.5)])


def function(name: str):
    """The vectorised float64 function ``name`` with the C library's results."""
    if name not in _chosen:
        lib = _c_library()
        fast = _NUMPY[name]
        if lib is None:  # pragma: no cover
            _chosen[name] = fast
        else:
            c_fn = getattr(lib, name)
            x = _probe_arguments()
            with np.errstate(all="ignore"):
                agrees = np.array_equal(fast(x), [c_fn(v) for v in x.tolist()], equal_nan=True)
            slow = np.frompyfunc(c_fn, 1, 1)
            _chosen[name] = fast if agrees else (lambda a: slow(a).astype(np.float64))
    return _chosen[name]


def log(x):
    return function("log")(x)


def log1p(x):
    return function("log1p")(x)


def sin(x):
    return function("sin")(x)


def cos(x):
    return function("cos")(x)


def exp(x):
    return function("exp")(x)


def tan(x):
    return function("tan")(x)
