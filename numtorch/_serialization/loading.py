"""The load side: PyTorch's global names mapped to numtorch objects, storages to devices."""

from __future__ import annotations

import importlib
import pickle

from .. import _backend
from .. import _dtype as D
from .. import storage as S
from .._device import device
from .._size import Size
from .._tensor import Tensor, _VersionCounter
from .weights_only import BASE_ALLOWED


def _parameter_class():
    """``numtorch.nn.Parameter`` once nn exists; None before."""
    try:
        return importlib.import_module("numtorch.nn.parameter").Parameter
    except (ImportError, AttributeError):
        return None


def _rebuild_tensor(storage, storage_offset, size, stride):
    """``torch._utils._rebuild_tensor``: a view of a loaded storage."""
    untyped = storage.untyped()
    dtype = storage.dtype if isinstance(storage, S.TypedStorage) else D.uint8
    t = Tensor._make(S.view_of_storage(untyped, dtype, int(storage_offset), size, stride))
    if untyped._version_counter is None:  # tensors over one storage see each other's writes
        untyped._version_counter = _VersionCounter()
    t._version_counter = untyped._version_counter
    return t


def _rebuild_tensor_v2(
    storage, storage_offset, size, stride, requires_grad, backward_hooks, metadata=None
):
    """``torch._utils._rebuild_tensor_v2``."""
    t = _rebuild_tensor(storage, storage_offset, size, stride)
    t.requires_grad = bool(requires_grad)
    return t


def _rebuild_parameter(data, requires_grad, backward_hooks):
    """``torch._utils._rebuild_parameter``: a Parameter where numtorch.nn has one."""
    Parameter = _parameter_class()
    if Parameter is None:
        return data.requires_grad_(bool(requires_grad)) if data.is_floating_point() else data
    return Parameter(data, requires_grad)


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    param = _rebuild_parameter(data, requires_grad, backward_hooks)
    for k, v in (state or {}).items():
        setattr(param, k, v)
    return param


def _rebuild_from_type_v2(func, new_type, args, state):
    """``torch._tensor._rebuild_from_type_v2``: only plain tensors and Parameters exist here."""
    ret = func(*args)
    if state:
        ret.__dict__.update(state if isinstance(state, dict) else state[0])
    return ret


def allowed_globals() -> dict:
    """The names a ``weights_only`` load may use, as PyTorch's names, to numtorch objects."""
    rc = dict(BASE_ALLOWED)
    rc.update(
        {
            "torch._utils._rebuild_tensor": _rebuild_tensor,
            "torch._utils._rebuild_tensor_v2": _rebuild_tensor_v2,
            "torch._utils._rebuild_parameter": _rebuild_parameter,
            "torch._utils._rebuild_parameter_with_state": _rebuild_parameter_with_state,
            "torch._tensor._rebuild_from_type_v2": _rebuild_from_type_v2,
            "torch.Size": Size,
            "torch.Tensor": Tensor,
            "torch.device": device,
            "torch.storage.UntypedStorage": S.UntypedStorage,
            "torch.storage.TypedStorage": S.TypedStorage,
        }
    )
    for d in D.ALL_DTYPES:
        rc[f"torch.{d.name}"] = d
    for name, cls in S.LEGACY_STORAGES.items():
        rc[f"torch.{name}"] = cls
    Parameter = _parameter_class()
    if Parameter is not None:
        rc["torch.nn.parameter.Parameter"] = Parameter
    return rc


def build_tensor(inst, state):
    """BUILD on a tensor: public attributes only (a file never sets ``_data`` or autograd state)."""
    if not isinstance(state, dict) or any(str(k).startswith("_") for k in state):
        raise pickle.UnpicklingError(
            f"Can only build a Tensor from a dict of attributes, got {state!r:.80}"
        )
    inst.__dict__.update(state)


BUILD = {Tensor: build_tensor}


def new_object(cls, args):
    """NEWOBJ: a Parameter takes its data as an argument; other classes get ``__new__``."""
    if cls is _parameter_class():
        return cls(*args)
    return cls.__new__(cls, *args)


class FullUnpickler(pickle.Unpickler):
    """``weights_only=False``: any global, with PyTorch's names mapped to numtorch's."""

    def __init__(self, file, persistent_load, **kwargs):
        super().__init__(file, **kwargs)
        self._persistent_load = persistent_load
        self._allowed = allowed_globals()

    def persistent_load(self, pid):
        return self._persistent_load(pid)

    def find_class(self, module, name):
        full = f"{module}.{name}"
        if full in self._allowed:
            return self._allowed[full]
        if module == "torch" or module.startswith("torch."):
            target = "numtorch" + module[len("torch") :]
            try:
                return getattr(importlib.import_module(target), name)
            except (ImportError, AttributeError):
                pass
        return super().find_class(module, name)


# --- where storages go -------------------------------------------------------------------------


def default_restore_location(storage, location: str):
    """Moves a loaded storage to the device its file names (``cpu``, ``cuda:N``)."""
    if location.startswith("cpu"):
        return storage.cpu()
    if location.startswith("cuda"):
        if not _backend.cuda_available():
            raise RuntimeError(
                "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() "
                "is False. If you are running on a CPU-only machine, please use torch.load with "
                "map_location=torch.device('cpu') to map your storages to the CPU."
            )
        return storage.cuda(device(location).index or 0)
    raise RuntimeError(
        f"don't know how to restore data location of torch.storage.UntypedStorage "
        f"(tagged with {location})"
    )


def restore_location_fn(map_location):
    """``map_location`` (None, str, device, dict or callable) as ``fn(storage, location)``."""
    if map_location is None:
        return default_restore_location
    if isinstance(map_location, dict):
        return lambda s, loc: default_restore_location(s, str(map_location.get(loc, loc)))
    if isinstance(map_location, (str, bytes)):
        target = map_location.decode() if isinstance(map_location, bytes) else map_location
        return lambda s, loc: default_restore_location(s, target)
    if isinstance(map_location, device):
        return lambda s, loc: default_restore_location(s, str(map_location))

    def call(storage, location):
        result = map_location(storage, location)
        return default_restore_location(storage, location) if result is None else result

    return call
