"""dtype and device conversion: ``Tensor.to`` and friends."""

from __future__ import annotations

from .. import _backend
from .. import _dtype as D
from .._device import as_device, device
from ..autograd.node import Op

__all__ = []


class ToCopy(Op):
    """A copy with another dtype and/or device; the gradient goes back the same way."""

    node_name = "ToCopyBackward0"

    @staticmethod
    def forward(ctx, x, dtype, dev):
        kind = _backend.device_type_of(x)
        ctx.dtype = D.from_numpy_dtype(x.dtype)
        ctx.device = device(kind, x.device.id) if kind == "cuda" else device("cpu")
        if dtype is not None:
            if dtype.is_complex is False and x.dtype.kind == "c":
                import warnings

                warnings.warn(
                    "Casting complex values to real discards the imaginary part",
                    UserWarning,
                    stacklevel=5,
                )
                x = x.real
            x = x.astype(dtype.np)
        if dev is not None:
            x = _backend.to_device(x, dev.type, dev.index)
        return x

    @staticmethod
    def backward(ctx, grad):
        # complex -> real casts send back a real gradient, as torch does
        return to(grad, ctx.device, ctx.dtype), None, None


def _parse_to_args(args, kwargs):
    """Sort out ``to``'s overloads into (device, dtype, copy)."""
    from .._tensor import Tensor

    dev = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(f"to() got an unexpected keyword argument '{next(iter(kwargs))}'")
    for a in args:
        if isinstance(a, Tensor):
            dev, dtype = a.device, a.dtype
        elif isinstance(a, D.dtype):
            dtype = a
        elif isinstance(a, (str, device, int)) and not isinstance(a, bool):
            dev = a
        elif isinstance(a, bool):
            continue  # non_blocking / copy given positionally
        elif a is not None:
            raise TypeError(f"to() received an invalid combination of arguments - got ({a})")
    return (as_device(dev) if dev is not None else None), dtype, copy


def to(input, *args, **kwargs):
    """``Tensor.to``: returns ``input`` itself when dtype and device already match."""
    dev, dtype, copy = _parse_to_args(args, kwargs)
    if dev is not None:
        _backend.check_device_type(dev.type)
        if dev.type == "cuda" and dev.index is None:  # torch's 'cuda': the current device
            dev = device("cuda", _backend.current_cuda_index())
    want_dtype = dtype if dtype is not None and dtype is not input.dtype else None
    want_device = dev if dev is not None and dev != input.device else None
    if want_dtype is None and want_device is None:
        if copy:
            return input.clone()
        return input
    return ToCopy.apply(input, want_dtype, want_device)
