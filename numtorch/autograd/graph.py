"""``torch.autograd.graph``: the node type seen as ``grad_fn``."""

from .node import Node  # noqa: F401
