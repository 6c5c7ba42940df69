"""numtorch.vision.models (``torchvision.models``): architectures with torchvision's names."""

from .alexnet import *  # noqa: F401,F403
from .alexnet import __all__ as _alexnet_all
from .mobilenetv2 import *  # noqa: F401,F403
from .mobilenetv2 import __all__ as _mobilenet_all
from .resnet import *  # noqa: F401,F403
from .resnet import __all__ as _resnet_all
from .vgg import *  # noqa: F401,F403
from .vgg import __all__ as _vgg_all

__all__ = _resnet_all + _vgg_all + _alexnet_all + _mobilenet_all
