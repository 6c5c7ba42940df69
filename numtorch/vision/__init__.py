"""numtorch.vision: datasets, transforms, models and image utilities (``torchvision``)."""

from .._naming import missing_attribute as _missing_attribute  # noqa: E402
from . import datasets, models, transforms, utils  # noqa: F401

__getattr__ = _missing_attribute(__name__)
