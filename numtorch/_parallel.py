"""``torch.get_num_threads`` and friends, and the chunking of ``at::parallel_for``.

NumPy runs numtorch's kernels on one thread (BLAS keeps its own pool), so the intra-op thread
count does not change speed here. It still changes results in the few torch kernels whose
rounding depends on where ``at::parallel_for`` cuts the work (``arange`` in float32); those
kernels ask ``parallel_chunks`` for torch's cut points, so that ``torch.set_num_threads(n)`` in
a script gives the numbers torch gives with ``n`` threads.
"""

from __future__ import annotations

import functools
import os

__all__ = [
    "get_num_threads",
    "set_num_threads",
    "get_num_interop_threads",
    "set_num_interop_threads",
]

GRAIN_SIZE = 32768  # at::internal::GRAIN_SIZE


@functools.lru_cache(maxsize=1)
def _default_threads() -> int:
    """torch's default (``intraop_default_num_threads``): $MKL_NUM_THREADS, else
    $OMP_NUM_THREADS, else the number of physical cores (cpuinfo's count: hyper-threads don't
    count). Read once, as torch does at start-up."""
    for name in ("MKL_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    return _physical_cores() or os.cpu_count() or 1


def _physical_cores() -> int:
    """Distinct (package, core) pairs in /proc/cpuinfo; 0 where that can't be read (macOS,
    Windows, Pyodide)."""
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read()
    except OSError:
        return 0
    cores, package = set(), None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "physical id":
            package = value.strip()
        elif key == "core id":
            cores.add((package, value.strip()))
    return len(cores)


_num_threads: int | None = None
_num_interop_threads: int | None = None


def _check_count(name: str, n) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise RuntimeError(f"{name} expects an int, but got {type(n).__name__}")
    if n <= 0:
        raise RuntimeError(f"{name} expects a positive integer")
    return n


def get_num_threads() -> int:
    """The number of threads used for intra-op parallelism on CPU."""
    return _num_threads if _num_threads is not None else _default_threads()


def set_num_threads(num: int) -> None:
    """Sets the number of threads used for intra-op parallelism on CPU."""
    global _num_threads
    _num_threads = _check_count("set_num_threads", num)


def get_num_interop_threads() -> int:
    """The number of threads used for inter-op parallelism on CPU."""
    return _num_interop_threads if _num_interop_threads is not None else _default_threads()


def set_num_interop_threads(num: int) -> None:
    """Sets the number of inter-op threads; torch allows it once, before any parallel work."""
    global _num_interop_threads
    num = _check_count("set_num_interop_threads", num)
    if _num_interop_threads is not None:
        raise RuntimeError(
            "Error: cannot set number of interop threads after parallel work has started or "
            "set_num_interop_threads called"
        )
    _num_interop_threads = num


def parallel_chunks(n: int, grain_size: int = GRAIN_SIZE) -> list[tuple[int, int]]:
    """The ``[begin, end)`` pieces ``at::parallel_for(0, n, grain_size, f)`` hands its threads
    (the OpenMP build: ``min(threads, ceil(n / grain))`` threads, equal ``ceil`` chunks)."""
    if n <= 0:
        return []
    threads = min(get_num_threads(), -(-n // grain_size)) if grain_size > 0 else get_num_threads()
    if threads <= 1:
        return [(0, n)]
    chunk = -(-n // threads)
    return [(b, min(n, b + chunk)) for b in range(0, n, chunk)]
