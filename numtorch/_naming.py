"""Module names as PyTorch users see them: ``numtorch.nn`` is ``torch.nn`` in messages."""

from __future__ import annotations


def public_module_name(module_name: str) -> str:
    """The name torch gives ``module_name``: ``numtorch.nn`` -> ``torch.nn``, ``numtorch.vision``
    -> ``torchvision``."""
    if module_name.startswith("numtorch.vision"):
        return "torchvision" + module_name[len("numtorch.vision") :]
    if module_name.startswith("numtorch"):
        return "torch" + module_name[len("numtorch") :]
    return module_name


def missing_attribute(module_name: str):
    """A module ``__getattr__`` raising Python's AttributeError with torch's module name, so that
    ``torch.sigmod`` says "module 'torch' has no attribute 'sigmod'" as under PyTorch."""
    public = public_module_name(module_name)

    def __getattr__(name: str):
        raise AttributeError(f"module '{public}' has no attribute '{name}'")

    return __getattr__
