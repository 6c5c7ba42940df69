"""``torch.nn``: modules, parameters, functional, init and utils."""

from . import functional, init, utils  # noqa: F401
from .modules import *  # noqa: F401, F403
from .modules.module import Module  # noqa: F401
from .parameter import Buffer, Parameter, UninitializedParameter  # noqa: F401
