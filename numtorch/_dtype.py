"""dtypes and PyTorch's type-promotion rules (not NumPy's)."""

from __future__ import annotations

import numpy as np

try:  # bfloat16 needs ml_dtypes; everything else works without it
    import ml_dtypes

    _BFLOAT16_NP = np.dtype(ml_dtypes.bfloat16)
except ImportError:  # pragma: no cover - exercised only where ml_dtypes is absent
    _BFLOAT16_NP = None


class dtype:
    """A tensor element type, printed as PyTorch prints it (``torch.float32``)."""

    __slots__ = ("name", "_np", "itemsize", "is_floating_point", "is_complex", "is_signed")

    def __init__(self, name, np_dtype, itemsize, kind):
        self.name = name
        self._np = np_dtype
        self.itemsize = itemsize
        self.is_floating_point = kind == "f"
        self.is_complex = kind == "c"
        self.is_signed = kind in "fci"

    def __repr__(self):
        return f"torch.{self.name}"

    def __reduce__(self):
        return (_dtype_by_name, (self.name,))

    @property
    def np(self):
        if self._np is None:
            raise RuntimeError("bfloat16 needs the ml_dtypes package: pip install ml_dtypes")
        return self._np

    def to_complex(self):
        return {"float64": complex128, "float16": complex64}.get(self.name, complex64)

    def to_real(self):
        return {"complex128": float64, "complex64": float32}.get(self.name, self)


float32 = dtype("float32", np.dtype(np.float32), 4, "f")
float64 = dtype("float64", np.dtype(np.float64), 8, "f")
float16 = dtype("float16", np.dtype(np.float16), 2, "f")
bfloat16 = dtype("bfloat16", _BFLOAT16_NP, 2, "f")
complex64 = dtype("complex64", np.dtype(np.complex64), 8, "c")
complex128 = dtype("complex128", np.dtype(np.complex128), 16, "c")
uint8 = dtype("uint8", np.dtype(np.uint8), 1, "u")
int8 = dtype("int8", np.dtype(np.int8), 1, "i")
int16 = dtype("int16", np.dtype(np.int16), 2, "i")
int32 = dtype("int32", np.dtype(np.int32), 4, "i")
int64 = dtype("int64", np.dtype(np.int64), 8, "i")
bool = dtype("bool", np.dtype(np.bool_), 1, "b")  # noqa: A001 - torch.bool

ALL_DTYPES = (
    float32, float64, float16, bfloat16, complex64, complex128,
    uint8, int8, int16, int32, int64, bool,
)  # fmt: skip
_BY_NAME = {d.name: d for d in ALL_DTYPES}
_BY_NP = {d._np: d for d in ALL_DTYPES if d._np is not None}

# PyTorch's aliases
float = float32  # noqa: A001
double = float64
half = float16
cfloat = complex64
cdouble = complex128
long = int64
int = int32  # noqa: A001
short = int16
chalf = complex64  # no complex32 on NumPy; the closest we can hold


def _dtype_by_name(name):
    return _BY_NAME[name]


def from_numpy_dtype(np_dtype) -> dtype:
    """The torch dtype holding a NumPy dtype (platform ints become int64)."""
    np_dtype = np.dtype(np_dtype)
    found = _BY_NP.get(np_dtype)
    if found is not None:
        return found
    if np_dtype.kind in "iu" and np_dtype.itemsize == 8 or np_dtype.kind == "i":
        return int64
    raise TypeError(
        f"can't convert np.ndarray of type numpy.{np_dtype.name}. The only supported types are: "
        "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint8, "
        "and bool."
    )


# --- default dtype -------------------------------------------------------------------------

_default = [float32]


def get_default_dtype() -> dtype:
    return _default[0]


def set_default_dtype(d: dtype) -> None:
    if not isinstance(d, dtype) or not d.is_floating_point:
        raise TypeError(f"only floating-point types are supported as the default type, got {d}")
    _default[0] = d


def default_complex() -> dtype:
    return complex128 if _default[0] is float64 else complex64


# --- promotion -----------------------------------------------------------------------------


def category(d: dtype) -> int:
    """bool < integer < floating < complex, as PyTorch orders kinds."""
    if d is bool:
        return 0
    if d.is_complex:
        return 3
    if d.is_floating_point:
        return 2
    return 1


def promote_types(a: dtype, b: dtype) -> dtype:
    """``torch.promote_types``: the smallest dtype both convert to without losing kind."""
    if a is b:
        return a
    ca, cb = category(a), category(b)
    if ca != cb:
        hi, lo = (a, b) if ca > cb else (b, a)
        if hi.is_complex and lo.is_floating_point and lo is float64:
            return complex128
        return hi
    if {a, b} == {float16, bfloat16}:
        return float32
    if ca == 3 or ca == 2:
        return a if a.itemsize >= b.itemsize else b
    return _BY_NP[np.promote_types(a._np, b._np)]


def _combine(higher: dtype | None, lower: dtype | None) -> dtype | None:
    """c10's combine_categories: a lower-priority group only wins by a higher category."""
    if higher is None:
        return lower
    if lower is None or higher.is_complex:
        return higher
    if lower.is_complex:
        if higher.is_floating_point:
            return higher.to_complex() if higher is not float64 else complex128
        return lower
    if higher.is_floating_point:
        return higher
    if higher is bool or lower.is_floating_point:
        return promote_types(higher, lower)
    return higher


def scalar_dtype(value) -> dtype:
    """The dtype PyTorch gives a Python number taking part in an op."""
    if isinstance(value, (_pybool, np.bool_)):
        return bool
    if isinstance(value, (_pyint, np.integer)):
        return int64
    if isinstance(value, (_pyfloat, np.floating)):
        return get_default_dtype()
    if isinstance(value, (_pycomplex, np.complexfloating)):
        return default_complex()
    raise TypeError(f"unsupported scalar type {type(value).__name__}")


# the builtins, which this module's dtype names (bool, int, float) shadow
_pybool = (True).__class__
_pyint = (0).__class__
_pyfloat = (0.0).__class__
_pycomplex = (0j).__class__


def result_type(*operands) -> dtype:
    """``torch.result_type`` over tensors and Python scalars.

    Dimensioned tensors outrank zero-dim tensors, which outrank Python scalars; a lower group
    changes the result only when its category is higher.
    """
    dim_result = zero_result = scalar_result = None
    for op in operands:
        if op is None:
            continue
        d = getattr(op, "dtype", None)
        if isinstance(d, dtype):
            if op.dim() > 0:
                dim_result = d if dim_result is None else promote_types(dim_result, d)
            else:
                zero_result = d if zero_result is None else promote_types(zero_result, d)
        else:
            d = scalar_dtype(op)
            scalar_result = d if scalar_result is None else promote_types(scalar_result, d)
    return _combine(dim_result, _combine(zero_result, scalar_result))


def can_cast(from_: dtype, to: dtype) -> _pybool:
    """``torch.can_cast``: casting may not lower the kind (float -> int, complex -> float...)."""
    return category(from_) <= category(to)
