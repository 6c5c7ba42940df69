"""``torch.save`` and ``torch.load`` in PyTorch's own file format, safe by default.

Files are PyTorch's zip archives (``data.pkl``, ``data/<key>`` raw storages, ``version``,
``byteorder``): a checkpoint written by PyTorch loads here without PyTorch installed, and one
written here loads in PyTorch with ``weights_only=True``.
"""

from __future__ import annotations

import io
import os
import pickle
import secrets
import sys
import tempfile

import numpy as np

from . import storage as S
from ._serialization import legacy, loading, zipio
from ._serialization.pickling import TorchPickler
from ._serialization.safetensors_io import load_file, save_file
from ._serialization.weights_only import (
    Unpickler as WeightsOnlyUnpickler,
)
from ._serialization.weights_only import (
    add_safe_globals,
    clear_safe_globals,
    get_safe_globals,
    safe_globals,
)

__all__ = [
    "save",
    "load",
    "add_safe_globals",
    "clear_safe_globals",
    "get_safe_globals",
    "safe_globals",
    "default_restore_location",
    "save_file",
    "load_file",
]

default_restore_location = loading.default_restore_location

UNSAFE_MESSAGE = (
    "In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` "
    "from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will "
    "likely succeed, but it can result in arbitrary code execution. Do it only if you got the "
    "file from a trusted source."
)
DOCS_MESSAGE = (
    "\n\nCheck the documentation of torch.load to learn more about types accepted by default with "
    "weights_only https://pytorch.org/docs/stable/generated/torch.load.html."
)


def _is_path(f) -> bool:
    return isinstance(f, (str, os.PathLike))


# --- save --------------------------------------------------------------------------------------


def save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True):
    """Saves an object to a disk file in PyTorch's format.

    When ``f`` is a path the file is written atomically: into a temporary file in the same folder,
    flushed and fsynced, then renamed over ``f``, so a crash never leaves a half-written
    checkpoint in place of the old one.

    Args:
        obj: the object to save (tensors, containers of them, numbers, strings...)
        f: a path (str or os.PathLike) or a writable binary file-like object
    """
    if not _use_new_zipfile_serialization:
        raise NotImplementedError("numtorch writes only the zip format (PyTorch >= 1.6)")
    if not _is_path(f):
        _write_archive(obj, f, "archive")
        return
    path = os.fspath(f)
    parent = os.path.dirname(path)
    if parent and not os.path.isdir(parent):  # torch's PyTorchFileWriter check, same message
        raise RuntimeError(f"Parent directory {parent} does not exist.")
    folder = os.path.dirname(os.path.abspath(path))
    name = os.path.splitext(os.path.basename(path))[0] or "archive"
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            _write_archive(obj, out, name)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _new_file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    _fsync_folder(folder)


def _write_archive(obj, f, archive_name):
    buf = io.BytesIO()
    pickler = TorchPickler(buf)
    pickler.dump(obj)
    writer = zipio.ZipWriter(f, archive_name)
    try:
        _write_records(writer, pickler, buf.getvalue())
    finally:
        writer.close()


def _write_records(writer, pickler, pkl):
    writer.write_record("data.pkl", pkl)
    writer.write_record(".format_version", b"1")
    writer.write_record(".storage_alignment", str(zipio.ALIGNMENT).encode())
    writer.write_record("byteorder", sys.byteorder.encode())
    for record in sorted(pickler.records.values(), key=lambda r: r.key):
        writer.write_record(f"data/{record.key}", record.data)  # one buffer write each
    writer.write_record("version", b"3\n")
    writer.write_record(".data/serialization_id", _serialization_id())


def _serialization_id() -> bytes:
    return str(secrets.randbits(128)).zfill(40).encode()


def _new_file_mode(path) -> int:
    """Keep an existing file's mode; a new file gets the umask's (mkstemp makes it 0600)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder) -> None:
    """Make the rename itself durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- load --------------------------------------------------------------------------------------


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **kwargs):
    """Loads an object saved with :func:`save` (or by PyTorch) from a file.

    Args:
        f: a path (str or os.PathLike) or a readable, seekable binary file-like object
        map_location: where storages go: a str or device, a dict from saved location to new
            location, or a callable ``(storage, location) -> storage``
        weights_only: only tensors, storages, primitive types, dicts and the like; any other
            global in the file is refused with an ``UnpicklingError`` naming it (the default)
        mmap: map the storages from the file instead of reading them into memory
    """
    if weights_only is None:
        weights_only = pickle_module is None
    if weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is specified")
    if mmap and not _is_path(f):
        raise ValueError("f must be a file path in order to use the mmap argument")
    opened = open(os.fspath(f), "rb") if _is_path(f) else f
    try:
        if zipio.is_zipfile(opened):
            return _load_zip(opened, f, map_location, weights_only, mmap, kwargs)
        if mmap:
            f_name = f"{f}, " if isinstance(f, str) else ""
            raise RuntimeError(
                "mmap can only be used with files saved with "
                f"`torch.save({f_name}_use_new_zipfile_serialization=True), "
                "please torch.save your checkpoint with this option in order to use mmap."
            )
        return _guard(
            weights_only,
            lambda: legacy.load(
                opened,
                _unpickle_fn(weights_only, kwargs),
                loading.restore_location_fn(map_location),
            ),
        )
    finally:
        if opened is not f:
            opened.close()


def _guard(weights_only, run):
    """Runs a load, wording ``weights_only`` refusals as PyTorch does."""
    if not weights_only:
        return run()
    try:
        return run()
    except pickle.UnpicklingError as e:
        raise pickle.UnpicklingError(_weights_only_message(str(e))) from None


def _weights_only_message(message: str) -> str:
    if "was not an allowed global by default" in message:
        return (
            "Weights only load failed. This file can still be loaded, to do so you have two "
            "options, \033[1mdo those steps only if you trust the source of the checkpoint\033[0m."
            f" \n\t(1) {UNSAFE_MESSAGE}\n\t(2) Alternatively, to load with `weights_only=True` "
            "please check the recommended steps in the following error message.\n\t"
            "WeightsUnpickler error: " + message + DOCS_MESSAGE
        )
    updated = f"Weights only load failed. {UNSAFE_MESSAGE}\n"
    if "is blocked" not in message:
        updated += (
            "Please file an issue with the following so that we can make `weights_only=True` "
            "compatible with your use case: WeightsUnpickler error: "
        )
    return updated + "\n\n" + message + DOCS_MESSAGE


def _unpickle_fn(weights_only, kwargs):
    """``fn(file, persistent_load) -> object`` for the chosen unpickler."""
    encoding = kwargs.get("encoding", "utf-8" if not weights_only else "bytes")
    if weights_only:
        allowed = loading.allowed_globals()

        def run(file, persistent_load):
            return WeightsOnlyUnpickler(
                file,
                allowed,
                persistent_load,
                encoding=encoding,
                build=loading.BUILD,
                new=loading.new_object,
            ).load()

        return run
    return lambda file, pl: loading.FullUnpickler(file, pl, encoding=encoding).load()


def _load_zip(opened, f, map_location, weights_only, mmap, kwargs):
    reader = zipio.ZipReader(opened)
    byteorder = reader.get_record("byteorder") if reader.has_record("byteorder") else b"little"
    if byteorder not in (b"little", b"big"):
        raise ValueError("Unknown endianness type: " + byteorder.decode())
    mapped = _map_file(f) if mmap else None
    restore = loading.restore_location_fn(map_location)
    loaded = {}

    def persistent_load(saved_id):
        if not isinstance(saved_id, tuple) or len(saved_id) != 5:
            raise pickle.UnpicklingError(f"unsupported persistent id {saved_id!r}")
        typename, storage_type, key, location, numel = saved_id
        if _ascii(typename) != "storage":
            raise RuntimeError(
                "Unknown typename for persistent_load, expected 'storage' but got "
                f"'{_ascii(typename)}'"
            )
        key = _ascii(key)
        dtype = getattr(storage_type, "dtype", None)
        dtype = S.D.uint8 if dtype is None or storage_type is S.UntypedStorage else dtype
        if key not in loaded:
            untyped = _read_storage(reader, mapped, key, int(numel) * dtype.itemsize)
            if byteorder.decode() != sys.byteorder:
                untyped._data.view(dtype.np).byteswap(inplace=True)
            untyped = restore(untyped, _ascii(location))
            untyped = untyped.untyped() if isinstance(untyped, S.TypedStorage) else untyped
            loaded[key] = S.TypedStorage(wrap_storage=untyped, dtype=dtype, _internal=True)
        typed = loaded[key]
        return typed.untyped() if storage_type is S.UntypedStorage else typed

    def run():
        data = io.BytesIO(reader.get_record("data.pkl"))
        return _unpickle_fn(weights_only, kwargs)(data, persistent_load)

    return _guard(weights_only, run)


def _ascii(value):
    return value.decode("ascii") if isinstance(value, bytes) else value


def _read_storage(reader, mapped, key, nbytes):
    name = f"data/{key}"
    if mapped is not None and reader.is_stored(name):
        offset = reader.record_offset(name)
        if offset + nbytes > len(mapped):
            raise RuntimeError(f"PytorchStreamReader failed reading file {name}: file too short")
        # a view straight into the mapping; its base is the mmap object, not a file-wide array
        return S.UntypedStorage._wrap(np.ndarray((nbytes,), np.uint8, buffer=mapped, offset=offset))
    return S.UntypedStorage._wrap(reader.read_storage(name, nbytes))


def _map_file(f):
    """A private (copy-on-write) mapping of the whole file, as PyTorch's MAP_PRIVATE default."""
    import mmap as _mmap

    with open(os.fspath(f), "rb") as fh:
        if os.fstat(fh.fileno()).st_size == 0:
            return b""
        return _mmap.mmap(fh.fileno(), 0, access=_mmap.ACCESS_COPY)
