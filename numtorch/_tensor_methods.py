"""Binds the op functions that are also Tensor methods (``t.exp()`` is ``torch.exp(t)``).

Each op family lists its methods in a ``TENSOR_METHODS`` table beside the ops themselves, so the
place an op is written is the place to find its method.
"""

from __future__ import annotations

from ._tensor import Tensor
from .ops import (
    binary,
    complex,
    creation,
    elementwise,
    indexing,
    linalg,
    reduction,
    sampling,
    shape,
    unary,
)  # fmt: skip

_FAMILIES = (
    creation, sampling, elementwise, unary, binary, complex, reduction, shape, indexing, linalg,
)  # fmt: skip
for _family in _FAMILIES:
    for _name, _fn in getattr(_family, "TENSOR_METHODS", {}).items():
        setattr(Tensor, _name, _fn)
