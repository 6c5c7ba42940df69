"""``torch.nn``: modules, parameters, functional, init and utils."""

from .._naming import missing_attribute as _missing_attribute  # noqa: E402
from . import functional, init, utils  # noqa: F401
from .modules import *  # noqa: F401, F403
from .modules.module import Module  # noqa: F401
from .parameter import Buffer, Parameter, UninitializedParameter  # noqa: F401

__getattr__ = _missing_attribute(__name__)
