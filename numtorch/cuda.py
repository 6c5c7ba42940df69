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
