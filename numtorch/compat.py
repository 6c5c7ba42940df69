"""Run unmodified PyTorch code on numtorch.

:func:`install` puts an import hook at the front of ``sys.meta_path`` that resolves
``torch`` -> ``numtorch``, ``torch.X`` -> ``numtorch.X``, ``torchvision`` ->
``numtorch.vision`` and ``torchvision.X`` -> ``numtorch.vision.X``. The alias names are
bound to the *same* module objects, so ``torch.nn is numtorch.nn`` and isinstance checks
across both spellings agree. Anything numtorch lacks (``torch.distributed``,
``torchaudio``) raises a :class:`ModuleNotFoundError` that names the missing piece.

Example::

    >>> import numtorch.compat
    >>> numtorch.compat.install()
    >>> import torch.nn as nn
    >>> import numtorch
    >>> nn is numtorch.nn
    True
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys

__all__ = ["install", "uninstall", "is_installed", "alias_for"]

# Alias roots, longest first so "torchvision" is not read as "torch" + "vision".
_ROOTS = (("torchvision", "numtorch.vision"), ("torch", "numtorch"))
# Companion libraries numtorch does not provide: blocked so that a real install of them
# (which would import the real torch internals) fails at the import, not deep inside.
_UNSUPPORTED = ("torchaudio", "torchtext", "torchdata", "torch_xla", "functorch")
# numtorch's own non-torch parts: not reachable as ``torch.<name>``.
_PRIVATE = ("vision", "examples", "compat", "__main__", "_cli")


def alias_for(fullname: str) -> str | None:
    """The numtorch module name that ``fullname`` (``torch.nn``, ``torchvision``) maps to."""
    for alias, target in _ROOTS:
        if fullname == alias:
            return target
        if fullname.startswith(alias + "."):
            rest = fullname[len(alias) + 1 :]
            if alias == "torch" and rest.split(".", 1)[0] in _PRIVATE:
                return None
            return f"{target}.{rest}"
    return None


def _missing(fullname: str) -> ModuleNotFoundError:
    msg = f"numtorch has no '{fullname}' (needed by `import {fullname}`)"
    return ModuleNotFoundError(msg, name=fullname)


def _is_torch_name(fullname: str) -> bool:
    root = fullname.split(".", 1)[0]
    return root in ("torch", "torchvision") or root in _UNSUPPORTED


class _AliasLoader(importlib.abc.Loader):
    """Hands the import system an already-imported numtorch module under a torch name."""

    def __init__(self, target: str):
        self.target = target
        self._spec = None

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        # The import system overwrites ``__spec__`` on the module we return; keep the
        # original so the module still reports its numtorch identity (reload, pickle).
        self._spec = module.__spec__
        return module

    def exec_module(self, module):
        module.__spec__ = self._spec  # already executed under its numtorch name


class TorchAliasFinder(importlib.abc.MetaPathFinder):
    """``sys.meta_path`` finder that resolves torch / torchvision names to numtorch."""

    def find_spec(self, fullname, path=None, target=None):
        if not _is_torch_name(fullname):
            return None
        mapped = alias_for(fullname)
        if mapped is None or not _exists(mapped):
            raise _missing(fullname)
        module = sys.modules.get(mapped)
        is_pkg = hasattr(module, "__path__") if module is not None else _is_package(mapped)
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(mapped), is_package=is_pkg)


def _exists(name: str) -> bool:
    if name in sys.modules:
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # a parent is missing or is not a package
        return False


def _is_package(name: str) -> bool:
    spec = importlib.util.find_spec(name)
    return spec is not None and spec.submodule_search_locations is not None


_finder: TorchAliasFinder | None = None
_aliased: set[str] = set()


def _foreign_torch() -> list[str]:
    """Names in sys.modules that hold a torch / torchvision that is not numtorch."""
    out = []
    for name, module in list(sys.modules.items()):
        if not _is_torch_name(name) or module is None:
            continue
        if not getattr(module, "__name__", "").startswith("numtorch"):
            out.append(name)
    return out


def is_installed() -> bool:
    """True while the torch -> numtorch import hook is active."""
    return _finder is not None and _finder in sys.meta_path


def install() -> None:
    """Make ``import torch`` / ``import torchvision`` (and submodules) load numtorch.

    Raises RuntimeError if the real PyTorch is already imported in this process: its
    modules and numtorch's cannot both be ``torch``.
    """
    global _finder
    if is_installed():
        return
    foreign = _foreign_torch()
    if foreign:
        raise RuntimeError(
            "numtorch.compat.install(): the real PyTorch is already imported in this "
            f"process ({', '.join(sorted(foreign)[:5])}); install the numtorch hook "
            "before anything imports torch (e.g. restart the kernel)"
        )
    import numtorch  # noqa: F401  (import before aliasing: its modules must be complete)

    _finder = TorchAliasFinder()
    sys.meta_path.insert(0, _finder)
    _alias_loaded()


def _alias_loaded() -> None:
    """Registers already-imported numtorch modules under their torch names too."""
    for name in list(sys.modules):
        if not name.startswith("numtorch"):
            continue
        alias = _torch_name(name)
        if alias is not None and alias not in sys.modules:
            sys.modules[alias] = sys.modules[name]
            _aliased.add(alias)


def _torch_name(name: str) -> str | None:
    """Inverse of :func:`alias_for`: ``numtorch.vision.X`` -> ``torchvision.X``."""
    for alias, target in _ROOTS:
        if name == target or name.startswith(target + "."):
            candidate = alias + name[len(target) :]
            return candidate if alias_for(candidate) == name else None
    return None


def uninstall() -> None:
    """Removes the hook and the torch / torchvision aliases it registered."""
    global _finder
    if _finder is not None and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    _finder = None
    for name in list(sys.modules):
        if not _is_torch_name(name):
            continue
        module = sys.modules[name]
        if name in _aliased or getattr(module, "__name__", "").startswith("numtorch"):
            del sys.modules[name]
    _aliased.clear()
