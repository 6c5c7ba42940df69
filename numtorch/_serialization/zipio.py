"""Reading and writing PyTorch's zip container (``caffe2/serialize/inline_container.cc``).

Records are stored uncompressed, each one's data aligned to 64 bytes (padding goes in an ``FB``
extra field, as PyTorch writes it), so storages can be memory-mapped straight from the file.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

import numpy as np

ALIGNMENT = 64
_LOCAL_HEADER = struct.Struct("<4s5H3I2H")  # signature ... filename length, extra length
_CORRUPT = (
    "This is an internal miniz error. If you are seeing this error, there is a high likelihood "
    "that your checkpoint file is corrupted. This can happen if the checkpoint was not saved "
    "properly, was transferred incorrectly, or the file was modified after saving."
)


def is_zipfile(f) -> bool:
    """Whether ``f`` (positioned at its start) begins with a zip local header."""
    start = f.tell()
    magic = f.read(4)
    f.seek(start)
    return magic == b"PK\x03\x04"


class ZipWriter:
    """Writes records ``<archive>/<name>`` into a zip file, each aligned for mmap."""

    def __init__(self, fileobj, archive_name: str):
        self.fp = fileobj
        self.zf = zipfile.ZipFile(fileobj, "w", zipfile.ZIP_STORED, allowZip64=True)
        self.prefix = archive_name

    def write_record(self, name: str, data) -> None:
        """One buffer write per record: ``data`` is bytes or a contiguous uint8 array."""
        if isinstance(data, str):
            data = data.encode()
        view = memoryview(data).cast("B") if not isinstance(data, bytes) else data
        info = zipfile.ZipInfo(f"{self.prefix}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED
        zip64 = len(view) * 1.05 > zipfile.ZIP64_LIMIT  # zipfile adds a 20-byte zip64 field then
        start = self.zf.fp.tell() + 30 + len(info.filename.encode()) + 4 + (20 if zip64 else 0)
        pad = -start % ALIGNMENT
        info.extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
        info.file_size = len(view)
        with self.zf.open(info, "w", force_zip64=zip64) as dest:
            dest.write(view)

    def close(self) -> None:
        self.zf.close()


class ZipReader:
    """Reads records of a PyTorch archive; storages come back as writable uint8 arrays."""

    def __init__(self, fileobj):
        self.fp = fileobj
        try:
            self.zf = zipfile.ZipFile(fileobj)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
            raise RuntimeError(
                "PytorchStreamReader failed reading zip archive: failed finding central "
                f"directory. {_CORRUPT}"
            ) from e
        names = self.zf.namelist()
        if not names:
            raise RuntimeError(
                f"PytorchStreamReader failed reading zip archive: archive is empty. {_CORRUPT}"
            )
        self.prefix = names[0].split("/", 1)[0]
        self.records = {}
        for info in self.zf.infolist():
            head, sep, rest = info.filename.partition("/")
            if head != self.prefix or not sep:
                raise RuntimeError(
                    f"PytorchStreamReader failed locating file {info.filename}: file in archive "
                    f"is not in a subdirectory {self.prefix}/"
                )
            self.records[rest] = info

    def has_record(self, name: str) -> bool:
        return name in self.records

    def _info(self, name):
        info = self.records.get(name)
        if info is None:
            raise RuntimeError(f"PytorchStreamReader failed locating file {name}: file not found")
        return info

    def get_record(self, name: str) -> bytes:
        try:
            return self.zf.read(self._info(name))
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as e:
            raise RuntimeError(f"PytorchStreamReader failed reading file {name}: {e}") from e

    def record_offset(self, name: str) -> int:
        """Where the record's bytes start in the file (stored records only)."""
        info = self._info(name)
        self.fp.seek(info.header_offset)
        header = self.fp.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise RuntimeError(f"PytorchStreamReader failed reading file {name}: bad local header")
        fields = _LOCAL_HEADER.unpack(header)
        return info.header_offset + _LOCAL_HEADER.size + fields[-2] + fields[-1]

    def is_stored(self, name: str) -> bool:
        return self._info(name).compress_type == zipfile.ZIP_STORED

    def read_storage(self, name: str, nbytes: int, check_crc: bool = True) -> np.ndarray:
        """The record as a fresh writable uint8 array: one read straight into it when stored."""
        info = self._info(name)
        if info.file_size != nbytes:
            raise RuntimeError(
                f"PytorchStreamReader failed reading file {name}: expected {nbytes} bytes, "
                f"the archive holds {info.file_size}. {_CORRUPT}"
            )
        if not self.is_stored(name) or not hasattr(self.fp, "readinto"):
            return np.frombuffer(bytearray(self.get_record(name)), dtype=np.uint8)
        out = np.empty(nbytes, dtype=np.uint8)
        self.fp.seek(self.record_offset(name))
        got = self.fp.readinto(memoryview(out))
        if got != nbytes:
            raise RuntimeError(f"PytorchStreamReader failed reading file {name}: file read failed")
        if check_crc and zlib.crc32(out) != info.CRC:
            raise RuntimeError(
                f"PytorchStreamReader failed reading file {name}: CRC mismatch. {_CORRUPT}"
            )
        return out
