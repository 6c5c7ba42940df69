"""numtorch.utils: data loading utilities (``torch.utils``)."""

from . import data  # noqa: F401
