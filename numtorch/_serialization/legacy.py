"""Reading PyTorch's legacy (pre-1.6, non-zip) format: pickles followed by raw storages.

Layout: magic number, protocol version, system info, the object (storages as persistent ids
``('storage', type, key, location, numel, view_metadata)``), the sorted storage keys, then for
each key an int64 element count and the raw bytes. Read-only: numtorch writes the zip format.
The older tar-based format (PyTorch < 0.4) is not supported.
"""

from __future__ import annotations

import io
import pickle

import numpy as np

from .. import _dtype as D
from .. import storage as S

MAGIC_NUMBER = 0x1950A86A20F9469CFC6C
PROTOCOL_VERSION = 1001


def load(f, unpickle, restore_location):
    """``unpickle(file, persistent_load)`` runs the (weights-only or full) unpickler."""
    header = f  # the unpicklers read opcode by opcode, so the raw storages after them stay put
    if unpickle(header, _no_storage) != MAGIC_NUMBER:
        raise RuntimeError("Invalid magic number; corrupt file?")
    version = unpickle(header, _no_storage)
    if version != PROTOCOL_VERSION:
        raise RuntimeError(f"Invalid protocol version: {version}")
    unpickle(header, _no_storage)  # system info: little-endian, type sizes
    storages = {}

    def persistent_load(saved_id):
        if not isinstance(saved_id, tuple) or _ascii(saved_id[0]) != "storage":
            raise pickle.UnpicklingError(f"unsupported persistent id {saved_id!r}")
        storage_type, key, location, numel, view_metadata = saved_id[1:]
        dtype = getattr(storage_type, "dtype", None) or D.uint8
        if key not in storages:
            untyped = S.UntypedStorage._wrap(np.zeros(int(numel) * dtype.itemsize, np.uint8))
            moved = restore_location(untyped, _ascii(location))
            if moved.device.type != "cpu":
                raise NotImplementedError("numtorch loads legacy-format files to the CPU only")
            storages[key] = S.TypedStorage(wrap_storage=untyped, dtype=dtype, _internal=True)
        typed = storages[key]
        if view_metadata is not None:
            _, offset, size = view_metadata
            n = dtype.itemsize
            view = typed.untyped()[offset * n : (offset + size) * n]
            return S.TypedStorage(wrap_storage=view, dtype=dtype, _internal=True)
        return typed

    result = unpickle(header, persistent_load)
    keys = unpickle(header, _no_storage)
    for key in keys:
        _fill(f, storages[key])
    return result


def _no_storage(saved_id):
    raise pickle.UnpicklingError("unexpected persistent id in a legacy header")


def _fill(f, typed):
    """Reads one storage: an int64 element count, then the bytes, straight into the buffer."""
    count = np.frombuffer(_read_exact(f, 8), dtype="<i8")[0]
    buf = typed.untyped()._data
    if count * typed.dtype.itemsize != buf.size:
        raise RuntimeError("corrupt legacy checkpoint: storage size does not match its header")
    if hasattr(f, "readinto") and not isinstance(f, io.TextIOBase):
        if f.readinto(memoryview(buf)) != buf.size:
            raise RuntimeError("corrupt legacy checkpoint: file ended inside a storage")
    else:
        buf[:] = np.frombuffer(_read_exact(f, buf.size), dtype=np.uint8)


def _read_exact(f, n):
    data = f.read(n)
    if len(data) != n:
        raise RuntimeError("corrupt legacy checkpoint: file ended inside a storage")
    return data


def _ascii(value):
    return value.decode("ascii") if isinstance(value, bytes) else value
