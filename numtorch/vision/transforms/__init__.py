"""numtorch.vision.transforms (``torchvision.transforms``)."""

from . import functional  # noqa: F401
from ._augment import *  # noqa: F401,F403
from ._augment import __all__ as _augment_all
from .transforms import *  # noqa: F401,F403
from .transforms import __all__ as _transforms_all

__all__ = _transforms_all + _augment_all


from ..._naming import missing_attribute as _missing_attribute  # noqa: E402

__getattr__ = _missing_attribute(__name__)
