"""``torch.UntypedStorage`` and ``torch.TypedStorage``: the flat memory behind tensors.

A numtorch tensor is a (possibly strided) view of a backend array; its storage is the whole block
of bytes that array looks into. Storages exist here for what serialization needs: tensors that
share memory share one storage in a file, and loaded tensors are views of loaded storages.
"""

from __future__ import annotations

import warnings

import numpy as np

from . import _backend
from . import _dtype as D
from ._device import CPU, device

__all__ = ["UntypedStorage", "TypedStorage"]


def _byte_span(array):
    """The bytes ``array`` may touch: a 1-D uint8 view over them and its start address."""
    if array.size == 0:
        return None, 0
    lo = hi = 0
    for n, s in zip(array.shape, array.strides):
        lo += min(0, s * (n - 1))
        hi += max(0, s * (n - 1))
    if array.ndim == 0:
        corner = array.reshape(1)
    else:  # the element at the lowest address, as a one-element view
        index = tuple(
            slice(n - 1, n) if s < 0 else slice(0, 1) for n, s in zip(array.shape, array.strides)
        )
        corner = array[index].reshape(1)
    flat = _backend.as_strided(corner.view(np.uint8), (hi - lo + array.itemsize,), (1,))
    return flat, _backend.data_ptr(corner)


class UntypedStorage:
    """A flat block of bytes on a device (``torch.UntypedStorage``)."""

    def __init__(self, size=0, *, device=None):
        if isinstance(size, (bytes, bytearray, memoryview)):
            data = np.frombuffer(bytes(size), dtype=np.uint8).copy()
        elif isinstance(size, np.ndarray) or not isinstance(size, int):
            data = np.ascontiguousarray(size).reshape(-1).view(np.uint8)
        else:
            data = np.zeros(size, dtype=np.uint8)
        if device is not None and str(device).startswith("cuda"):
            data = _backend.to_device(data, "cuda", 0)
        self._data = data
        self._version_counter = None  # shared by the tensors loaded from this storage

    @classmethod
    def _wrap(cls, data):
        """A storage over an existing 1-D uint8 array (no copy)."""
        s = cls.__new__(cls)
        s._data = data
        s._version_counter = None
        return s

    @property
    def device(self) -> device:
        if _backend.device_type_of(self._data) == "cuda":
            return device("cuda", self._data.device.id)
        return CPU

    @property
    def is_cuda(self) -> bool:
        return self.device.type == "cuda"

    def nbytes(self) -> int:
        return int(self._data.size)

    def size(self) -> int:
        return int(self._data.size)

    def __len__(self):
        return int(self._data.size)

    def element_size(self) -> int:
        return 1

    def data_ptr(self) -> int:
        return _backend.data_ptr(self._data)

    def untyped(self):
        return self

    def tolist(self):
        return _backend.to_numpy(self._data).tolist()

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return UntypedStorage._wrap(self._data[idx])
        return int(self._data[idx])

    def cpu(self):
        if self.device.type == "cpu":
            return self
        return UntypedStorage._wrap(_backend.to_numpy(self._data))

    def cuda(self, device=None, non_blocking=False):
        index = 0 if device is None else (device.index if hasattr(device, "index") else device)
        if isinstance(index, str):
            index = int(index.partition(":")[2] or 0)
        return UntypedStorage._wrap(_backend.to_device(self._data, "cuda", index))

    def to(self, *, device=None, non_blocking=False):
        dev = device if hasattr(device, "type") else globals()["device"](device)
        return self.cuda(dev) if dev.type == "cuda" else self.cpu()

    def clone(self):
        return UntypedStorage._wrap(self._data.copy())

    def __repr__(self):
        values = "\n".join(f" {v}" for v in self.tolist())
        head = f"[torch.storage.UntypedStorage(device={self.device}) of size {len(self)}]"
        return f"{values}\n{head}" if values else head


class TypedStorage:
    """A storage seen as elements of one dtype (``torch.TypedStorage``; legacy, kept for files)."""

    dtype = None  # set on the legacy subclasses (FloatStorage, ...)

    def __init__(self, *args, wrap_storage=None, dtype=None, device=None, _internal=False):
        self.dtype = dtype or type(self).dtype or D.get_default_dtype()
        if wrap_storage is None:
            size = args[0] if args else 0
            wrap_storage = UntypedStorage(size * self.dtype.itemsize, device=device)
        self._untyped_storage = wrap_storage

    @property
    def device(self):
        return self._untyped_storage.device

    @property
    def is_cuda(self):
        return self._untyped_storage.is_cuda

    def size(self) -> int:
        return self._untyped_storage.nbytes() // self.dtype.itemsize

    __len__ = size

    def nbytes(self) -> int:
        return self._untyped_storage.nbytes()

    def element_size(self) -> int:
        return self.dtype.itemsize

    def data_ptr(self) -> int:
        return self._untyped_storage.data_ptr()

    def untyped(self):
        return self._untyped_storage

    def _values(self):
        data = _backend.to_numpy(self._untyped_storage._data)
        return data[: self.size() * self.dtype.itemsize].view(self.dtype.np)

    def tolist(self):
        return self._values().tolist()

    def __getitem__(self, idx):
        return self._values()[idx].tolist()

    def pickle_storage_type(self) -> str:
        return _STORAGE_NAMES[self.dtype.name]

    def __repr__(self):
        values = "\n".join(f" {v}" for v in self.tolist())
        head = (
            f"[torch.storage.TypedStorage(dtype={self.dtype}, device={self.device}) "
            f"of size {len(self)}]"
        )
        return f"{values}\n{head}" if values else head


# torch's legacy storage classes name the dtypes in every file written since 1.0
_STORAGE_NAMES = {
    "float64": "DoubleStorage",
    "float32": "FloatStorage",
    "float16": "HalfStorage",
    "bfloat16": "BFloat16Storage",
    "complex128": "ComplexDoubleStorage",
    "complex64": "ComplexFloatStorage",
    "int64": "LongStorage",
    "int32": "IntStorage",
    "int16": "ShortStorage",
    "int8": "CharStorage",
    "uint8": "ByteStorage",
    "bool": "BoolStorage",
}


def _legacy_class(dtype_name, class_name):
    cls = type(class_name, (TypedStorage,), {"dtype": D._BY_NAME[dtype_name]})
    cls.__module__ = "torch"
    return cls


LEGACY_STORAGES = {name: _legacy_class(dt, name) for dt, name in _STORAGE_NAMES.items()}
globals().update(LEGACY_STORAGES)  # numtorch.storage.FloatStorage, ...
__all__ += list(LEGACY_STORAGES)


def storage_of(tensor):
    """``tensor.untyped_storage()``: the storage over the whole base array behind ``tensor``.

    Returns ``(storage, offset_bytes)``; views of one base get storages over the same bytes.
    """
    base = _backend.base_array(tensor._data)
    flat, start = _byte_span(base)
    if flat is None:  # an empty base: nothing to share
        return UntypedStorage._wrap(np.zeros(0, np.uint8)), 0
    offset = _backend.data_ptr(tensor._data) - start if tensor._data.size else 0
    return UntypedStorage._wrap(flat), offset


def untyped_storage(tensor) -> UntypedStorage:
    """``Tensor.untyped_storage()``."""
    return storage_of(tensor)[0]


_TYPED_WARNED = []  # torch warns once per process


def typed_storage(tensor) -> TypedStorage:
    """``Tensor.storage()``: the untyped storage seen as ``tensor``'s dtype, with torch's
    deprecation warning."""
    if not _TYPED_WARNED:
        _TYPED_WARNED.append(True)
        warnings.warn(
            "TypedStorage is deprecated. It will be removed in the future and UntypedStorage will "
            "be the only storage class. This should only matter to you if you are using storages "
            "directly.  To access UntypedStorage directly, use tensor.untyped_storage() instead "
            "of tensor.storage()",
            UserWarning,
            stacklevel=3,
        )
    return TypedStorage(wrap_storage=untyped_storage(tensor), dtype=tensor.dtype, _internal=True)


def view_of_storage(storage, dtype, offset, size, stride):
    """The array for ``_rebuild_tensor_v2``: ``size``/``stride`` elements into ``storage``.

    Bounds are checked first (as PyTorch's ``setStorage`` does), so a crafted file cannot make a
    view that reads past its storage.
    """
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    itemsize = dtype.itemsize
    if len(size) != len(stride) or any(s < 0 for s in size) or any(s < 0 for s in stride):
        raise RuntimeError(f"invalid sizes {list(size)} / strides {list(stride)} in saved tensor")
    numel = int(np.prod(size, dtype=np.int64)) if size else 1
    need = 0 if numel == 0 else offset + 1 + sum((n - 1) * s for n, s in zip(size, stride))
    if offset < 0 or need * itemsize > storage.nbytes():
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, "
            f"and itemsize {itemsize} requiring a storage size of {need * itemsize} are out of "
            f"bounds for storage of size {storage.nbytes()}"
        )
    data = storage._data
    strides = tuple(s * itemsize for s in stride)
    if _backend.device_type_of(data) == "cpu":  # the view's base is the storage: views share it
        return np.ndarray(size, dtype.np, buffer=data, offset=offset * itemsize, strides=strides)
    usable = (data.size - offset * itemsize) // itemsize * itemsize
    flat = data[offset * itemsize : offset * itemsize + usable].view(dtype.np)
    return _backend.as_strided(flat, size, strides)
