"""The pickle side of PyTorch's format: writing ``data.pkl`` and the names it may contain.

Tensors are reduced to ``torch._utils._rebuild_tensor_v2(storage, offset, size, stride,
requires_grad, OrderedDict())`` with each storage written as a persistent id
``('storage', torch.FloatStorage, key, location, numel)``: the names PyTorch writes, so the file
loads in PyTorch, and the names the loader maps back to numtorch objects.
"""

from __future__ import annotations

import pickle
from collections import OrderedDict

import numpy as np

from .. import _backend
from .. import _dtype as D
from .. import storage as S
from .._device import device
from .._size import Size
from .._tensor import Tensor


class Global:
    """A ``module.name`` written as a pickle GLOBAL without importing anything."""

    __slots__ = ("module", "name")
    _cache: dict = {}

    def __new__(cls, module, name):
        # one object per name, so the pickler's memo writes repeats as BINGET
        key = (module, name)
        if key not in cls._cache:
            obj = object.__new__(cls)
            obj.module, obj.name = module, name
            cls._cache[key] = obj
        return cls._cache[key]

    def __call__(self, *args):  # pickle's save_reduce insists on a callable; never called
        raise TypeError(f"{self.module}.{self.name} is a name in a file, not a function")


class StorageRecord:
    """A storage being saved: its bytes (a contiguous uint8 array) and how the file names it."""

    __slots__ = ("key", "dtype", "data", "location")

    def __init__(self, key, dtype, data, location):
        self.key, self.dtype, self.data, self.location = key, dtype, data, location


def _is_parameter(t):
    return type(t).__name__ == "Parameter" and type(t).__module__.startswith("numtorch.nn")


class TorchPickler(pickle._Pickler):
    """Protocol-2 pickler writing tensors, dtypes, devices and sizes under PyTorch's names."""

    dispatch = pickle._Pickler.dispatch.copy()

    def __init__(self, file):
        super().__init__(file, protocol=2)
        self.records = {}  # (address, nbytes) of the memory -> StorageRecord

    def save_marker(self, obj):
        self.write(pickle.GLOBAL + f"{obj.module}\n{obj.name}\n".encode())
        self.memoize(obj)

    dispatch[Global] = save_marker
    dispatch[D.dtype] = lambda self, obj: self.save_marker(Global("torch", obj.name))

    def persistent_id(self, obj):
        if type(obj) is StorageRecord:
            numel = obj.data.size // obj.dtype.itemsize
            name = "UntypedStorage" if obj.dtype is None else S._STORAGE_NAMES[obj.dtype.name]
            module = "torch.storage" if obj.dtype is None else "torch"
            return ("storage", Global(module, name), obj.key, obj.location, numel)
        if isinstance(obj, (S.UntypedStorage, S.TypedStorage)):
            dtype = obj.dtype if isinstance(obj, S.TypedStorage) else D.uint8
            record = self._record(obj.untyped()._data, dtype)
            if isinstance(obj, S.UntypedStorage):
                return ("storage", Global("torch.storage", "UntypedStorage"), record.key,
                        record.location, obj.nbytes())  # fmt: skip
            return self.persistent_id(record)
        return None

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            if _is_parameter(obj):
                data = Tensor._make(obj._data)  # the plain tensor over the same memory
                return (Global("torch._utils", "_rebuild_parameter"),
                        (data, obj.requires_grad, OrderedDict()))  # fmt: skip
            return self._reduce_tensor(obj)
        if isinstance(obj, device):
            args = (obj.type,) if obj.index is None else (obj.type, obj.index)
            return (Global("torch", "device"), args)
        if isinstance(obj, Size):
            return (Global("torch", "Size"), (tuple(obj),))
        return NotImplemented

    def _record(self, flat, dtype, location="cpu"):
        """The one record for the memory ``flat`` covers (a uint8 array), created on first use."""
        ident = (_backend.data_ptr(flat), flat.size) if flat.size else ("empty", len(self.records))
        record = self.records.get(ident)
        if record is None:
            record = StorageRecord(str(len(self.records)), dtype, flat, location)
            self.records[ident] = record
        elif record.dtype is not dtype:
            raise RuntimeError(
                "Cannot save multiple tensors or storages that "
                "view the same data as different types"
            )
        return record

    def _on_host(self, data):
        """A host view of a cuda array into one host copy of the memory its base spans: the views
        of one cuda base are saved as one storage, as torch saves them."""
        flat, start = S._byte_span(_backend.base_array(data))
        if flat is None:
            return _backend.to_numpy(data)
        copies = self.__dict__.setdefault("_host_copies", {})
        host = copies.get((start, flat.size))
        if host is None:
            host = copies[(start, flat.size)] = _backend.to_numpy(flat)
        offset = _backend.data_ptr(data) - start
        return np.ndarray(data.shape, data.dtype, buffer=host, offset=offset, strides=data.strides)

    def _reduce_tensor(self, t):
        dtype, data = t.dtype, t._data
        location = "cpu"
        if _backend.device_type_of(data) == "cuda":  # saved as PyTorch saves CUDA tensors
            location = f"cuda:{data.device.id}"
            data = self._on_host(data)
        itemsize = dtype.itemsize
        flat, start = S._byte_span(_backend.base_array(data))
        offset = _backend.data_ptr(data) - start if data.size else 0
        strides = data.strides
        if (
            flat is None
            or any(s < 0 or s % itemsize for s in strides)
            or offset % itemsize
            or flat.size % itemsize
        ):  # memory PyTorch cannot describe (negative strides, odd bases): save a copy
            data = np.ascontiguousarray(data)
            flat = data.reshape(-1).view(np.uint8) if data.size else np.zeros(0, np.uint8)
            offset, strides = 0, data.strides
        record = self._record(flat, dtype, location)
        stride = tuple(s // itemsize for s in strides) if data.size > 1 else t.stride()
        args = (record, offset // itemsize, tuple(data.shape), stride, t.requires_grad,
                OrderedDict())  # fmt: skip
        return (Global("torch._utils", "_rebuild_tensor_v2"), args)
