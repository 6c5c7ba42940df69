"""Download, integrity checks and archive extraction (``torchvision.datasets.utils``)."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import lzma
import os
import shutil
import tarfile
import time
import urllib.error
import urllib.request
import zipfile

__all__ = [
    "calculate_md5",
    "check_md5",
    "check_integrity",
    "download_url",
    "download_and_extract_archive",
    "extract_archive",
]

USER_AGENT = "numtorch/vision"
# a short socket timeout: an unreachable network must fail fast, never hang
DOWNLOAD_TIMEOUT = 10.0
_COMPRESSED = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


def calculate_md5(fpath: str, chunk_size: int = 1024 * 1024) -> str:
    """The md5 hex digest of a file, read in chunks."""
    md5 = hashlib.md5(usedforsecurity=False)
    with open(fpath, "rb") as f:
        while chunk := f.read(chunk_size):
            md5.update(chunk)
    return md5.hexdigest()


def check_md5(fpath: str, md5: str, **kwargs) -> bool:
    return md5 == calculate_md5(fpath, **kwargs)


def check_integrity(fpath: str, md5: str | None = None) -> bool:
    """True if ``fpath`` exists and (when ``md5`` is given) has that digest."""
    if not os.path.isfile(fpath):
        return False
    if md5 is None:
        return True
    return check_md5(fpath, md5)


def _progress(total):
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024)


def _urlretrieve(url: str, filename: str, chunk_size: int = 1024 * 32) -> None:
    """Streams ``url`` into ``filename``, resuming a partial ``filename.part`` with a Range."""
    part = filename + ".part"
    start = os.path.getsize(part) if os.path.exists(part) else 0
    headers = {"User-Agent": USER_AGENT}
    if start:
        headers["Range"] = f"bytes={start}-"
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
        if start and response.status != 206:  # server ignored the range: start over
            start = 0
        total = response.length + start if response.length is not None else None
        bar = _progress(total)
        if bar is not None:
            bar.update(start)
        with open(part, "ab" if start else "wb") as fh:
            while chunk := response.read(chunk_size):
                fh.write(chunk)
                if bar is not None:
                    bar.update(len(chunk))
        if bar is not None:
            bar.close()
    os.replace(part, filename)


def download_url(
    url: str,
    root: str,
    filename: str | None = None,
    md5: str | None = None,
    max_redirect_hops: int = 3,
    retries: int = 2,
) -> None:
    """Download ``url`` into ``root/filename``, skipping it when a verified copy exists.

    Retries a failed transfer (resuming it) ``retries`` times with a short back-off; raises
    ``urllib.error.URLError`` when the network is unreachable and ``RuntimeError`` on an md5
    mismatch.
    """
    root = os.path.expanduser(root)
    filename = filename or os.path.basename(url)
    fpath = os.fspath(os.path.join(root, filename))
    os.makedirs(root, exist_ok=True)
    if check_integrity(fpath, md5):
        print("Using downloaded and verified file: " + fpath)
        return
    print(f"Downloading {url} to {fpath}")
    for attempt in range(retries + 1):
        try:
            _urlretrieve(url, fpath)
            break
        except urllib.error.HTTPError:
            raise
        except (urllib.error.URLError, OSError) as e:
            unreachable = isinstance(getattr(e, "reason", None), OSError)
            if attempt == retries or unreachable:
                raise  # no network: fail now rather than hammering a dead route
            time.sleep(1.0 * (attempt + 1))
    if not check_integrity(fpath, md5):
        raise RuntimeError("File not found or corrupted.")


def _decompress(from_path: str, to_path: str, opener) -> None:
    with opener(from_path, "rb") as rfh, open(to_path, "wb") as wfh:
        shutil.copyfileobj(rfh, wfh, length=1024 * 1024)


def extract_archive(
    from_path: str, to_path: str | None = None, remove_finished: bool = False
) -> str:
    """Extract a .tar(.gz/.bz2/.xz), .tgz, .zip, or decompress a .gz/.bz2/.xz file.

    Returns the folder the archive was extracted to (a single file's path for plain
    compressed files).
    """
    if to_path is None:
        to_path = os.path.dirname(from_path)
    name = os.path.basename(from_path)
    lower = name.lower()
    if lower.endswith((".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz")):
        with tarfile.open(from_path, "r:*") as tar:
            tar.extractall(to_path, filter="data")
        result = to_path
    elif lower.endswith(".zip"):
        with zipfile.ZipFile(from_path, "r") as zf:
            zf.extractall(to_path)
        result = to_path
    else:
        stem, ext = os.path.splitext(name)
        if ext not in _COMPRESSED:
            raise RuntimeError(
                f"Archive type of '{from_path}' is not supported. Supported are: .tar, "
                ".tar.gz, .tgz, .tar.bz2, .tbz, .tar.xz, .txz, .zip, .gz, .bz2, .xz"
            )
        result = os.path.join(to_path, stem)
        _decompress(from_path, result, _COMPRESSED[ext])
    if remove_finished:
        os.remove(from_path)
    return result


def download_and_extract_archive(
    url: str,
    download_root: str,
    extract_root: str | None = None,
    filename: str | None = None,
    md5: str | None = None,
    remove_finished: bool = False,
) -> None:
    """Download an archive (verifying ``md5``) and extract it into ``extract_root``."""
    download_root = os.path.expanduser(download_root)
    extract_root = extract_root or download_root
    filename = filename or os.path.basename(url)
    download_url(url, download_root, filename, md5)
    archive = os.path.join(download_root, filename)
    print(f"Extracting {archive} to {extract_root}")
    extract_archive(archive, extract_root, remove_finished)
