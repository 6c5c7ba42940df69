"""``torch.cuda``: reports whether a CUDA device (through CuPy) is usable."""

from __future__ import annotations

from . import _backend
from . import _dtype as D
from ._tensor_type import _make_legacy

# torch.cuda.FloatTensor and friends: isinstance checks work; constructing one needs a GPU
FloatTensor = _make_legacy(D.float32, "cuda")
DoubleTensor = _make_legacy(D.float64, "cuda")
HalfTensor = _make_legacy(D.float16, "cuda")
BFloat16Tensor = _make_legacy(D.bfloat16, "cuda")
ByteTensor = _make_legacy(D.uint8, "cuda")
CharTensor = _make_legacy(D.int8, "cuda")
ShortTensor = _make_legacy(D.int16, "cuda")
IntTensor = _make_legacy(D.int32, "cuda")
LongTensor = _make_legacy(D.int64, "cuda")
BoolTensor = _make_legacy(D.bool, "cuda")


def is_available() -> bool:
    return _backend.cuda_available()


def device_count() -> int:
    return _backend.device_count()


def current_device() -> int:
    _lazy_init()
    return int(_backend._cupy.cuda.runtime.getDevice())


def _index(device) -> int:
    """A device index from what torch.cuda accepts: an int, 'cuda:1', torch.device('cuda', 1)."""
    if device is None:
        return current_device()
    if isinstance(device, int):
        return device
    from ._device import as_device

    d = as_device(device)
    if d.type != "cuda":
        raise ValueError(f"Expected a cuda device, but got: {d}")
    return current_device() if d.index is None else d.index


def set_device(device) -> None:
    """Makes ``device`` the current one: where ``'cuda'`` tensors go (a negative index: no-op)."""
    index = _index(device)
    if index >= 0:
        _lazy_init()
        _backend._cupy.cuda.Device(index).use()


class device:  # noqa: N801 - torch's name
    """``with torch.cuda.device(1):`` makes device 1 the current one inside the block."""

    def __init__(self, device):
        self.idx = -1 if device is None else _index(device)
        self.prev_idx = -1

    def __enter__(self):
        if self.idx >= 0:
            self.prev_idx = current_device()
            set_device(self.idx)
        return self

    def __exit__(self, *exc):
        if self.prev_idx >= 0:
            set_device(self.prev_idx)
        return False


def synchronize(device=None) -> None:
    _lazy_init()
    _backend._cupy.cuda.Device().synchronize()


def manual_seed(seed) -> None:
    """Seeds the CUDA generators (a no-op where there is no GPU, as in torch)."""


def manual_seed_all(seed) -> None:
    """Seeds all CUDA generators (a no-op where there is no GPU, as in torch)."""


def is_initialized() -> bool:
    return is_available()


def _lazy_init():
    if not is_available():
        raise AssertionError("Torch not compiled with CUDA enabled")
