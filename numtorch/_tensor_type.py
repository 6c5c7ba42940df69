"""Legacy tensor types: ``torch.FloatTensor([2., 8.3])``, ``isinstance(a, torch.FloatTensor)``,
``a.type()`` -> ``'torch.FloatTensor'``."""

from __future__ import annotations

from . import _dtype as D

_LEGACY_NAMES = {
    D.float32: "FloatTensor",
    D.float64: "DoubleTensor",
    D.float16: "HalfTensor",
    D.bfloat16: "BFloat16Tensor",
    D.uint8: "ByteTensor",
    D.int8: "CharTensor",
    D.int16: "ShortTensor",
    D.int32: "IntTensor",
    D.int64: "LongTensor",
    D.bool: "BoolTensor",
    D.complex64: "ComplexFloatTensor",
    D.complex128: "ComplexDoubleTensor",
}
_BY_LEGACY_NAME = {v: k for k, v in _LEGACY_NAMES.items()}


def legacy_name(dtype, device_type="cpu") -> str:
    prefix = "torch.cuda." if device_type == "cuda" else "torch."
    return prefix + _LEGACY_NAMES[dtype]


def legacy_type_name(array) -> str:
    from ._backend import device_type_of

    return legacy_name(D.from_numpy_dtype(array.dtype), device_type_of(array))


def parse_legacy_name(name: str):
    """'torch.FloatTensor' or 'torch.cuda.LongTensor' -> (dtype, device type)."""
    device_type = "cuda" if name.startswith("torch.cuda.") else "cpu"
    short = name.rsplit(".", 1)[-1]
    if short not in _BY_LEGACY_NAME:
        raise ValueError(f"invalid type: '{name}'")
    return _BY_LEGACY_NAME[short], device_type


class _LegacyTensorMeta(type):
    def __instancecheck__(cls, obj):
        from ._tensor import Tensor

        return isinstance(obj, Tensor) and obj.dtype is cls.dtype and obj.device.type == cls._device

    def __repr__(cls):
        return f"<class '{legacy_name(cls.dtype, cls._device)}'>"


def _make_legacy(dtype, device_type="cpu"):
    def __new__(cls, *args, device=None):
        from .ops.creation import legacy_new

        return legacy_new(args, dtype, device or device_type)

    name = _LEGACY_NAMES[dtype]
    return _LegacyTensorMeta(name, (), {"dtype": dtype, "_device": device_type, "__new__": __new__})


FloatTensor = _make_legacy(D.float32)
DoubleTensor = _make_legacy(D.float64)
HalfTensor = _make_legacy(D.float16)
BFloat16Tensor = _make_legacy(D.bfloat16)
ByteTensor = _make_legacy(D.uint8)
CharTensor = _make_legacy(D.int8)
ShortTensor = _make_legacy(D.int16)
IntTensor = _make_legacy(D.int32)
LongTensor = _make_legacy(D.int64)
BoolTensor = _make_legacy(D.bool)
