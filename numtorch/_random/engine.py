"""MT19937 as PyTorch's CPU generator runs it, drawing in bulk through NumPy's C implementation.

PyTorch's ``at::mt19937`` (``ATen/core/MT19937RNGEngine.h``) is the reference Mersenne Twister:
Matsumoto and Nishimura's ``init_genrand`` seeding, a 624-word state, the usual tempering.
``numpy.random.MT19937`` runs the very same recurrence in C, so we let it make the numbers and
only translate the bookkeeping. torch counts ``left_`` (draws until the next twist, counting the
twisting one) and reads ``state_[next_]``; NumPy keeps one read index ``pos`` and twists when it
reaches 624. Between draws ``pos == 625 - left_`` always holds, which is all the translation needs.

``torch.get_rng_state()`` is ``at::detail::CPUGeneratorImplState`` copied byte for byte (5056
bytes on x86-64); ``STATE_LAYOUT`` spells out that C struct so states move freely between numtorch
and PyTorch.
"""

from __future__ import annotations

import os

import numpy as np

N = 624  # words of MT19937 state
DEFAULT_SEED = 67280421310721  # c10::default_rng_seed_val: the seed of a new torch.Generator()

# at::detail::CPUGeneratorImplState = { CPUGeneratorImplStateLegacy legacy_pod; float
# next_float_normal_sample; bool is_next_float_normal_sample_valid; } with x86-64 alignment.
# The legacy part keeps the engine words in uint64 slots and the Box-Muller cache of the
# double-precision normal sampler (normal_x and normal_rho are dead fields, always 0).
STATE_LAYOUT = np.dtype(
    {
        "names": [
            "the_initial_seed", "left", "seeded", "next", "state", "normal_x", "normal_y",
            "normal_rho", "normal_is_valid", "next_float_normal_sample",
            "is_next_float_normal_sample_valid",
        ],
        "formats": [
            "<u8", "<i4", "<i4", "<u8", ("<u8", N), "<f8", "<f8", "<f8", "<i4", "<f4", "u1",
        ],
        "offsets": [0, 8, 12, 16, 24, 5016, 5024, 5032, 5040, 5048, 5052],
        "itemsize": 5056,
    }
)  # fmt: skip
STATE_SIZE = STATE_LAYOUT.itemsize


def nondeterministic_seed() -> int:
    """A fresh 64-bit seed from the OS, as ``c10::detail::getNonDeterministicRandom`` reads
    ``/dev/urandom``."""
    return int.from_bytes(os.urandom(8), "little")


def init_genrand(seed: int) -> np.ndarray:
    """The 624 words ``at::mt19937(seed)`` starts from; only the low 32 bits of the seed count."""
    key = np.empty(N, dtype=np.uint32)
    x = seed & 0xFFFFFFFF
    for j in range(N):  # a sequential recurrence, run once per seeding (not per draw)
        key[j] = x
        x = (1812433253 * (x ^ (x >> 30)) + j + 1) & 0xFFFFFFFF
    return key


class MT19937:
    """The engine of one generator: seed, raw 32/64-bit draws, and torch's state layout."""

    def __init__(self, seed: int):
        self._bits = np.random.MT19937()
        self._ints = np.random.Generator(self._bits)  # shares the engine: see ``random``
        self.manual_seed(seed)

    def manual_seed(self, seed: int) -> None:
        """Re-seed; ``seed`` is the full unsigned 64-bit value torch reports as ``initial_seed``."""
        self.seed = seed
        self._load(init_genrand(seed), pos=N)  # a fresh engine twists before its first read
        # torch reports next_ = 0 for a fresh engine and 624 once a full block has been read;
        # both are pos 624 to NumPy, so remember which until the next draw.
        self._reported_next = 0

    def _load(self, key: np.ndarray, pos: int) -> None:
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": int(pos)}}

    def random(self, n: int) -> np.ndarray:
        """``n`` draws of ``CPUGeneratorImpl::random()``: uint32, in order.

        ``Generator.integers`` over the full uint32 range hands out the engine's 32-bit words
        one per element (NumPy's bounded sampler skips all masking for that range): the very
        words ``random_raw`` gives, written straight into a uint32 array (3x faster than
        ``random_raw``'s uint64 ones, which also take twice the memory).
        """
        self._reported_next = None
        return self._ints.integers(0, 1 << 32, size=n, dtype=np.uint32)

    random_raw = random  # the name the bulk samplers use

    def random64(self, n: int) -> np.ndarray:
        """``n`` draws of ``CPUGeneratorImpl::random64()``: two 32-bit draws, the first one high."""
        r = self.random(2 * n).astype(np.uint64)
        return (r[0::2] << np.uint64(32)) | r[1::2]

    # --- torch.get_rng_state() / set_rng_state() ------------------------------------------------

    def to_bytes(self, next_double: float | None, next_float: float | None) -> np.ndarray:
        """The engine and the two cached normals as torch's 5056-byte state."""
        st = self._bits.state["state"]
        pos = int(st["pos"])
        rec = np.zeros((), dtype=STATE_LAYOUT)  # padding bytes are 0, as in torch
        rec["the_initial_seed"] = self.seed
        rec["left"] = N + 1 - pos
        rec["seeded"] = 1
        rec["next"] = pos if self._reported_next is None else self._reported_next
        rec["state"] = st["key"].astype(np.uint64)
        if next_double is not None:
            rec["normal_y"], rec["normal_is_valid"] = next_double, 1
        if next_float is not None:
            rec["next_float_normal_sample"] = next_float
            rec["is_next_float_normal_sample_valid"] = 1
        return np.frombuffer(rec.tobytes(), dtype=np.uint8).copy()

    def load_bytes(self, data: np.ndarray) -> tuple[float | None, float | None]:
        """Load torch's state bytes; returns the cached (double, float) normals it carries."""
        data = np.ascontiguousarray(data, dtype=np.uint8).reshape(-1)
        if data.size != STATE_SIZE:
            raise RuntimeError(
                f"Expected a CPUGeneratorImplState of size {STATE_SIZE} but found the input RNG "
                f"state size to be {data.size}"
            )
        rec = data.view(STATE_LAYOUT)[0]
        left, nxt = int(rec["left"]), int(rec["next"])
        # at::mt19937::is_valid()
        if not (rec["seeded"] != 0 and 0 < left <= N and nxt <= N):
            raise RuntimeError("Invalid mt19937 state")
        # torch copies the uint64 slots into uint32 words (std::copy truncates)
        self._load(rec["state"].astype(np.uint32), pos=N + 1 - left)
        self.seed = int(rec["the_initial_seed"])
        self._reported_next = nxt
        next_double = float(rec["normal_y"]) if rec["normal_is_valid"] else None
        valid_float = rec["is_next_float_normal_sample_valid"]
        next_float = float(rec["next_float_normal_sample"]) if valid_float else None
        return next_double, next_float
