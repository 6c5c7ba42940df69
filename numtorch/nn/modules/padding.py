"""Padding layers: constant/zero, reflection, replication and circular (1d/2d/3d)."""

from __future__ import annotations

from .. import _functional_conv as F
from .module import Module

__all__ = [
    "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d",
    "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d",
    "ReplicationPad2d", "ReplicationPad3d", "CircularPad1d", "CircularPad2d", "CircularPad3d",
]  # fmt: skip


def _ntuple(value, n):
    return tuple(value) if isinstance(value, (list, tuple)) else (value,) * n


class _ConstantPadNd(Module):
    __constants__ = ["padding", "value"]
    _nd = 1

    def __init__(self, padding, value: float) -> None:
        super().__init__()
        self.padding = _ntuple(padding, 2 * self._nd)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """Pads the input tensor boundaries with a constant value."""

    _nd = 1


class ConstantPad2d(_ConstantPadNd):
    """Pads the input tensor boundaries with a constant value."""

    _nd = 2


class ConstantPad3d(_ConstantPadNd):
    """Pads the input tensor boundaries with a constant value."""

    _nd = 3


class ZeroPad1d(ConstantPad1d):
    """Pads the input tensor boundaries with zero."""

    def __init__(self, padding) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ZeroPad2d(ConstantPad2d):
    """Pads the input tensor boundaries with zero."""

    def __init__(self, padding) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ZeroPad3d(ConstantPad3d):
    """Pads the input tensor boundaries with zero."""

    def __init__(self, padding) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ModePadNd(Module):
    __constants__ = ["padding"]
    _nd = 1
    _mode = "reflect"

    def __init__(self, padding) -> None:
        super().__init__()
        self.padding = _ntuple(padding, 2 * self._nd)

    def forward(self, input):
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self) -> str:
        return f"{self.padding}"


def _mode_pad(name, nd, mode, doc):
    return type(name, (_ModePadNd,), {"_nd": nd, "_mode": mode, "__doc__": doc,
                                      "__module__": __name__})  # fmt: skip


ReflectionPad1d = _mode_pad("ReflectionPad1d", 1, "reflect", "Pads by reflecting the boundary.")
ReflectionPad2d = _mode_pad("ReflectionPad2d", 2, "reflect", "Pads by reflecting the boundary.")
ReflectionPad3d = _mode_pad("ReflectionPad3d", 3, "reflect", "Pads by reflecting the boundary.")
ReplicationPad1d = _mode_pad("ReplicationPad1d", 1, "replicate", "Pads by repeating the edge.")
ReplicationPad2d = _mode_pad("ReplicationPad2d", 2, "replicate", "Pads by repeating the edge.")
ReplicationPad3d = _mode_pad("ReplicationPad3d", 3, "replicate", "Pads by repeating the edge.")
CircularPad1d = _mode_pad("CircularPad1d", 1, "circular", "Pads by wrapping around.")
CircularPad2d = _mode_pad("CircularPad2d", 2, "circular", "Pads by wrapping around.")
CircularPad3d = _mode_pad("CircularPad3d", 3, "circular", "Pads by wrapping around.")
