"""numtorch.vision: datasets, transforms, models and image utilities (``torchvision``)."""

from . import datasets, models, transforms, utils  # noqa: F401
