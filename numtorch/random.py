"""``torch.random``: the CPU ``Generator`` and the global seeding functions.

A ``Generator`` reproduces PyTorch's CPU generator bit for bit: the same MT19937 stream for a
seed, the same draws consumed by each sampler, the same float rounding on x86-64, and the same
5056-byte state, so ``numtorch.manual_seed(s)`` followed by any sequence of the samplers below
gives the arrays PyTorch gives after ``torch.manual_seed(s)``, and states saved by one load in
the other.

The samplers (``uniform``, ``normal``, ``integers``, ``permutation``, ``bernoulli``,
``exponential``, ``geometric``, ``log_normal``, ``cauchy``, ``multinomial``) work on NumPy
arrays; the creation ops (``rand``, ``randn``, ``randint``, ``randperm``, ``Tensor.normal_``...)
call them on ``default_generator`` or on the ``generator=`` the user passed. Each names the
PyTorch CPU kernel it reproduces; ``ATen/core/DistributionsHelper.h`` and
``TransformationHelper.h`` hold the per-element formulas, ``ATen/native/cpu/
DistributionTemplates.h`` the loops around them.
"""

from __future__ import annotations

import contextlib
import functools
import math
import operator

import numpy as np
from numpy.typing import DTypeLike

from ._device import as_device
from ._random import libm
from ._random.boxmuller import normal_fill_16_float
from ._random.engine import DEFAULT_SEED, MT19937, nondeterministic_seed
from ._random.floatmath import fma32, fma64, normal_fill_16_double
from ._random.permutation import forward_shuffle, inside_out_shuffle

__all__ = [
    "Generator", "default_generator", "fork_rng", "get_rng_state", "initial_seed",
    "manual_seed", "seed", "set_rng_state",
]  # fmt: skip

Shape = "tuple[int, ...] | int"  # a size, as the creation ops pass it
_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)
_U64_MASK = (1 << 64) - 1
_CHUNK = 1 << 16  # elements per piece in the bulk samplers
_RANDPERM_SMALL = 0xFFFFFFFF // 20  # randperm_cpu: below this n, 32-bit draws and forward FY


def _shape(shape) -> tuple:
    return (int(shape),) if np.ndim(shape) == 0 else tuple(int(s) for s in shape)


def _is_float(dt: np.dtype) -> bool:
    return dt.kind == "f" or dt.name == "bfloat16"  # ml_dtypes' bfloat16 has kind 'V'


def _check_float(dt: np.dtype, kernel: str) -> None:
    if not (_is_float(dt) or dt.kind == "c"):
        raise RuntimeError(f"\"{kernel}\" not implemented for '{dt.name}'")


def _from_float32(x: np.ndarray, dt: np.dtype) -> np.ndarray:
    with np.errstate(over="ignore"):  # out-of-range values become inf, as in C
        return x if dt == _F32 else x.astype(dt)


def _from_double(x: np.ndarray, dt: np.dtype) -> np.ndarray:
    """``static_cast<scalar_t>(double)`` as x86-64 GCC compiles it."""
    if dt == _F64:
        return x
    if _is_float(dt):  # c10::Half and BFloat16 are built from float: double -> float -> half
        with np.errstate(over="ignore"):
            return _from_float32(x.astype(_F32), dt)
    if dt == np.bool_:
        return x != 0
    # cvttsd2si: truncate toward zero; out of range (or NaN) gives the "integer indefinite"
    # 0x80..0, in 32 bits for types up to int32 (then narrowed), in 64 bits otherwise.
    wide = dt.itemsize == 8 or dt == np.uint32
    lim = 2.0**63 if wide else 2.0**31
    with np.errstate(invalid="ignore"):
        ok = (x >= -lim) & (x < lim)
        v = np.where(ok, x, 0.0).astype(np.int64)
    return np.where(ok, v, -int(lim)).astype(dt)


def _from_int64(v: np.ndarray, dt: np.dtype) -> np.ndarray:
    """``static_cast<scalar_t>(int64_t)``."""
    if dt == np.bool_:
        return v != 0
    if _is_float(dt) and dt.itemsize == 2:  # int64 -> float -> half, like c10::Half(float)
        return v.astype(_F32).astype(dt)
    return v.astype(dt)  # integers wrap, floats round to nearest


def _seed_value(seed) -> int:
    """The unsigned 64-bit seed torch stores for ``manual_seed(seed)``."""
    if isinstance(seed, bool) or not hasattr(seed, "__index__"):
        raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
    seed = operator.index(seed)
    if not -(1 << 63) <= seed <= _U64_MASK:
        raise ValueError("Overflow when unpacking long long")
    return seed & _U64_MASK  # negative seeds wrap: -1 -> 2**64 - 1


class Generator:
    """A CPU random number generator: MT19937, as ``torch.Generator(device='cpu')``.

    A new generator holds PyTorch's default seed 67280421310721; the global
    ``default_generator`` is seeded from the OS at import, as PyTorch's is.

    Besides PyTorch's methods (``manual_seed``, ``seed``, ``initial_seed``, ``get_state``,
    ``set_state``) it has the array samplers the creation ops call; each returns a new NumPy
    array of ``shape`` and advances the generator exactly as the PyTorch kernel would.
    """

    def __init__(self, device="cpu"):
        dev = as_device(device)
        if dev.type != "cpu":
            raise RuntimeError(f"numtorch.Generator supports only the CPU device, got '{dev}'")
        self._device = dev
        self._engine = MT19937(DEFAULT_SEED)
        # Box-Muller makes two normals per pair of uniforms; the scalar samplers keep the
        # second for the next call (CPUGeneratorImpl::next_{double,float}_normal_sample_).
        self._next_double_normal: float | None = None
        self._next_float_normal: float | None = None  # kept and saved; no CPU kernel sets it

    @property
    def device(self):
        return self._device

    # --- seeding and state ------------------------------------------------------------------

    def manual_seed(self, seed) -> Generator:
        """Seeds the generator; negative seeds wrap to ``seed + 2**64``. Returns ``self``."""
        self._engine.manual_seed(_seed_value(seed))
        self._next_double_normal = self._next_float_normal = None
        return self

    def seed(self) -> int:
        """Seeds from the OS with a fresh 64-bit number and returns it."""
        value = nondeterministic_seed()
        self.manual_seed(value)
        return value

    def initial_seed(self) -> int:
        """The seed the generator was last seeded with (unsigned 64-bit)."""
        return self._engine.seed

    def get_state(self):
        """The state as a uint8 Tensor, byte for byte ``torch.Generator.get_state()``."""
        from ._tensor import Tensor

        data = self._engine.to_bytes(self._next_double_normal, self._next_float_normal)
        return Tensor._make(data)

    def set_state(self, new_state) -> Generator:
        """Restores a state from ``get_state`` (numtorch's or PyTorch's). Returns ``self``."""
        from ._backend import to_device
        from ._tensor import Tensor

        if not isinstance(new_state, Tensor):
            kind = type(new_state)
            raise TypeError(
                f"expected a torch.ByteTensor, but got {kind.__module__}.{kind.__name__}"
            )
        data = to_device(new_state._data, "cpu")
        if data.dtype != np.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        self._next_double_normal, self._next_float_normal = self._engine.load_bytes(data)
        return self

    def clone_state(self) -> Generator:
        """A new generator in the same state."""
        other = Generator(self._device)
        return other.set_state(self.get_state())

    def get_offset(self) -> int:
        raise RuntimeError("CPU Generator does not use offset")

    def set_offset(self, offset) -> Generator:
        raise RuntimeError("CPU Generator does not use offset")

    def __reduce__(self):
        return (_rebuild_generator, (str(self._device), self.get_state()._data.tobytes()))

    # --- raw draws ----------------------------------------------------------------------------

    def _uniform_float(self, n: int) -> np.ndarray:
        """``uniform_real_distribution<float>(0, 1)``: 24 random bits / 2**24."""
        out = np.empty(n, dtype=_F32)
        for i in range(0, n, _CHUNK):  # cache-sized pieces, drawn as needed: all stays in L2
            dst = out[i : i + _CHUNK]
            piece = self._engine.random_raw(len(dst))
            np.bitwise_and(piece, np.uint32(0xFFFFFF), out=piece)
            np.copyto(dst, piece, casting="unsafe")  # exact: 24-bit integers
            dst *= np.float32(2.0**-24)
        return out

    def _uniform_double(self, n: int) -> np.ndarray:
        """``uniform_real_distribution<double>(0, 1)``: 53 bits of a 64-bit draw / 2**53."""
        out = np.empty(n, dtype=_F64)
        for i in range(0, n, _CHUNK):  # cache-sized pieces, drawn as needed: all stays in L2
            dst = out[i : i + _CHUNK]
            raw = self._engine.random_raw(2 * len(dst)).reshape(-1, 2)  # random64: high first
            hi, lo = raw[:, 0], raw[:, 1]
            bits = (hi & np.uint32((1 << 21) - 1)).astype(np.uint64)  # low 53 of (hi << 32) | lo
            bits <<= np.uint64(32)
            bits |= lo
            np.copyto(dst, bits, casting="unsafe")  # exact: 53-bit integers
            dst *= 2.0**-53
        return out

    def _normal_double(self, n: int, mean: float, std: float) -> np.ndarray:
        """``n`` calls of ``normal_distribution<double>(mean, std)``, with its one-value cache.

        Each fresh pair ``(u1, u2)`` gives ``r cos(theta)`` now and ``r sin(theta)`` to the next
        call (``r = sqrt(-2 log1p(-u2))``, ``theta = 2 pi u1``); ``z * std + mean`` is an FMA.
        """
        out = np.empty(n, dtype=_F64)
        start = 0
        if n and self._next_double_normal is not None:
            out[0] = fma64(self._next_double_normal, std, mean)
            self._next_double_normal, start = None, 1
        pairs = (n - start + 1) // 2
        u = self._uniform_double(2 * pairs).reshape(pairs, 2)
        r = np.sqrt(-2.0 * libm.log1p(-u[:, 1]))
        theta = 2.0 * np.pi * u[:, 0]
        first, second = r * libm.cos(theta), r * libm.sin(theta)
        out[start::2] = fma64(first, std, mean)
        out[start + 1 :: 2] = fma64(second[: (n - start) // 2], std, mean)
        if (n - start) % 2:  # the last pair's sine waits for the next call
            self._next_double_normal = float(second[-1])
        return out

    # --- samplers -----------------------------------------------------------------------------

    def uniform(self, shape: Shape, np_dtype: DTypeLike, low=0.0, high=1.0) -> np.ndarray:
        """``torch.rand`` / ``Tensor.uniform_(low, high)`` (``uniform_kernel``).

        float64 uses 53 bits of a 64-bit draw; float32, float16 and bfloat16 all use 24 bits
        of a 32-bit draw computed in float and rounded to the dtype. ``x * (high - low) + low``
        is one FMA; a value that rounds up to ``high`` becomes ``low``. Complex dtypes fill
        their real view, real and imaginary parts alternating.
        """
        dt, shape = np.dtype(np_dtype), _shape(shape)
        _check_float(dt, "uniform_kernel_cpu")
        if dt.kind == "c":
            return self._complex(self.uniform, shape, dt, low, high)
        n = math.prod(shape)
        if dt == _F64:
            low, high = float(low), float(high)
            if low == 0 and high == 1:  # u * 1 + 0 is u, and u < 1: nothing to do
                return self._uniform_double(n).reshape(shape)
            x = fma64(self._uniform_double(n), high - low, low)
            return np.where(x == high, low, x).reshape(shape)
        lo, hi = np.float32(low), np.float32(high)  # the float opmath bounds
        if dt == _F32 and lo == 0 and hi == 1:  # u * 1 + 0 is u, and u < 1: nothing to do
            return self._uniform_float(n).reshape(shape)
        x = _from_float32(fma32(self._uniform_float(n), hi - lo, lo), dt)
        to_scalar, from_scalar = _from_double(np.array([high, low], _F64), dt)
        return np.where(x == to_scalar, from_scalar, x).reshape(shape)

    def normal(
        self, shape: Shape, np_dtype: DTypeLike, mean=0.0, std=1.0, *, contiguous: bool = True
    ) -> np.ndarray:
        """``torch.randn`` / ``Tensor.normal_(mean, std)`` (``normal_kernel``).

        Contiguous tensors of 16 or more elements take ``normal_fill``: uniforms for the whole
        tensor, Box-Muller on each block of 16 (lanes ``j`` and ``j + 8`` pair up), and when
        the size is not a multiple of 16, 16 fresh uniforms recompute the last 16 outputs.
        float32 uses the AVX2 kernel (``avx_mathfun.h``), float16/bfloat16 the same in float
        then rounded, float64 the scalar libm one. Smaller or non-contiguous tensors
        (``contiguous=False``) draw element by element from ``normal_distribution<double>``,
        which caches every second value in the generator. Complex dtypes fill their real view
        with ``std / sqrt(2)``.
        """
        dt, shape = np.dtype(np_dtype), _shape(shape)
        _check_float(dt, "normal_kernel_cpu")
        if dt.kind == "c":
            real = functools.partial(self.normal, contiguous=contiguous)
            return self._complex(real, shape, dt, mean, std / math.sqrt(2))
        n = math.prod(shape)
        if n < 16 or not contiguous:
            return _from_double(self._normal_double(n, float(mean), float(std)), dt).reshape(shape)
        full = n // 16
        if dt == _F64:
            u = self._uniform_double(n)
            out = np.empty(n, dtype=_F64)
            out[: 16 * full] = normal_fill_16_double(
                u[: 16 * full].reshape(-1, 16), mean, std
            ).ravel()
            if n % 16:
                tail = self._uniform_double(16).reshape(1, 16)
                out[n - 16 :] = normal_fill_16_double(tail, mean, std).ravel()
            return out.reshape(shape)
        # normal_fill_16_float takes the raw 32-bit draws (as NumPy's uint64) of the uniforms
        if dt == _F32:  # uniforms for every element first (the partial block's are wasted)
            raw = self._engine.random_raw(n)
            out = np.empty(n, dtype=_F32)
            main = raw[: 16 * full].reshape(-1, 16)
            normal_fill_16_float(main, mean, std, out=out[: 16 * full].reshape(-1, 16))
            if n % 16:  # 16 fresh uniforms recompute the last 16 outputs
                tail = self._engine.random_raw(16).reshape(1, 16)
                out[n - 16 :] = normal_fill_16_float(tail, mean, std).ravel()
        else:  # float16/bfloat16: uniforms 16 at a time into a float buffer, so none are wasted
            z = normal_fill_16_float(self._engine.random_raw(16 * -(-n // 16)).reshape(-1, 16),
                                     mean, std).ravel()  # fmt: skip
            if n % 16:  # the extra block overwrites the last 16 outputs
                z[n - 16 : n] = z[16 * full :].copy()
            out = z[:n]
        return _from_float32(out, dt).reshape(shape)

    def _complex(self, sampler, shape, dt, *args):
        """Complex tensors are filled through ``view_as_real``: a trailing dimension of 2."""
        real = _F32 if dt == np.complex64 else _F64
        return np.ascontiguousarray(sampler(shape + (2,), real, *args)).view(dt).reshape(shape)

    def integers(self, shape: Shape, low: int, high: int, np_dtype: DTypeLike) -> np.ndarray:
        """``torch.randint(low, high)`` / ``Tensor.random_(low, high)``: ``draw % (high - low) +
        low`` (``random_from_to_kernel``).

        A range of 2**28 or more takes 64-bit draws, a smaller one 32-bit draws; the full int64
        range (``low=-2**63, high=2**63``) takes the 64-bit draw as is.
        """
        dt, shape = np.dtype(np_dtype), _shape(shape)
        low, high = int(low), int(high)
        if low >= high:
            raise RuntimeError(
                f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
            )
        n, span = math.prod(shape), high - low
        if span == 1 << 64:  # random_full_64_bits_range_kernel
            values = self._engine.random64(n).view(np.int64)
        else:
            draws = self._engine.random64(n) if span >= 1 << 28 else self._engine.random(n)
            base = np.uint64(low & _U64_MASK)  # uint64 arithmetic wraps, as in C
            values = (draws.astype(np.uint64) % np.uint64(span) + base).view(np.int64)
        return _from_int64(values, dt).reshape(shape)

    def random(self, shape: Shape, np_dtype: DTypeLike) -> np.ndarray:
        """``Tensor.random_()`` with no bounds (``random_kernel``): ``[0, 2**mantissa]`` for
        floating dtypes, ``[0, max]`` for integers, ``draw & 1`` for bool.

        float64 and int64 take 64-bit draws, every other dtype 32-bit ones, whatever the
        range: ``integers(0, 2**31)`` on int32 would not match (it draws 64 bits).
        """
        dt, shape = np.dtype(np_dtype), _shape(shape)
        n = math.prod(shape)
        wide = dt == _F64 or dt == np.int64
        draws = self._engine.random64(n) if wide else self._engine.random(n).astype(np.uint64)
        if dt == np.bool_:
            return (draws & np.uint64(1)).astype(np.bool_).reshape(shape)
        if _is_float(dt):
            digits = {8: 53, 4: 24}.get(dt.itemsize, 8 if dt.name == "bfloat16" else 11)
            modulus = (1 << digits) + 1
        else:
            modulus = int(np.iinfo(dt).max) + 1
        return _from_int64((draws % np.uint64(modulus)).view(np.int64), dt).reshape(shape)

    def permutation(self, n: int) -> np.ndarray:
        """``torch.randperm(n)`` as int64 (``randperm_cpu``).

        Below ``2**32 // 20`` PyTorch swaps ``i`` with ``i + random() % (n - i)`` for each
        ``i``; above, it runs the inside-out shuffle with ``random64() % (i + 1)``. We draw all
        the numbers at once and resolve the swaps with vectorised searches
        (``numtorch._random.permutation``), not a Python loop per swap.
        """
        n = int(n)
        if n < _RANDPERM_SMALL:
            draws = self._engine.random(max(n - 1, 0)).astype(np.int64)
            return forward_shuffle(draws % (n - np.arange(n - 1, dtype=np.int64)), n)
        draws = self._engine.random64(n)
        return inside_out_shuffle(draws % (np.arange(n, dtype=np.uint64) + np.uint64(1)), n)

    def bernoulli(self, p: float | np.ndarray, shape: Shape, np_dtype: DTypeLike) -> np.ndarray:
        """``torch.bernoulli`` / ``Tensor.bernoulli_(p)`` / dropout masks: 1 where ``u < p``.

        A Python number ``p`` is the scalar kernel (``bernoulli_scalar_cpu_``, what
        ``bernoulli_(0.5)`` and dropout's ``bernoulli_(1 - p)`` use): a 53-bit double uniform
        per element. An array ``p`` (broadcast to ``shape``) is the tensor kernel: float64
        probabilities compare with a 53-bit double uniform, float32/float16/bfloat16 ones with
        a 24-bit float uniform.
        """
        dt, shape = np.dtype(np_dtype), _shape(shape)
        n = math.prod(shape)
        if not isinstance(p, np.ndarray):
            hits = self._uniform_double(n) < float(p)
        else:
            if not _is_float(p.dtype):
                raise RuntimeError(f"\"bernoulli_tensor_cpu_p_\" not implemented for '{p.dtype}'")
            try:
                p = np.broadcast_to(p, shape).ravel()
            except ValueError as err:
                raise RuntimeError(
                    f"expand: the shape of p {p.shape} cannot be expanded to {shape}"
                ) from err
            if p.dtype == _F64:
                hits = self._uniform_double(n) < p
            else:
                hits = self._uniform_float(n) < p.astype(_F32)
        return hits.astype(dt).reshape(shape)

    def exponential(self, shape: Shape, np_dtype: DTypeLike, lambd=1.0) -> np.ndarray:
        """``Tensor.exponential_(lambd)``: ``-1/lambd * log1p(-u)``, ``u`` a double uniform."""
        dt, shape = np.dtype(np_dtype), _shape(shape)
        u = self._uniform_double(math.prod(shape))
        with np.errstate(divide="ignore", invalid="ignore"):
            x = (np.float64(-1.0) / np.float64(lambd)) * libm.log1p(-u)
        return _from_double(x, dt).reshape(shape)

    def geometric(self, shape: Shape, np_dtype: DTypeLike, p: float) -> np.ndarray:
        """``Tensor.geometric_(p)``: ``ceil(log(u) / log1p(-p))``, ``u`` a double uniform."""
        dt, shape = np.dtype(np_dtype), _shape(shape)
        u = self._uniform_double(math.prod(shape))
        with np.errstate(divide="ignore", invalid="ignore"):
            x = np.ceil(libm.log(u) / libm.log1p(np.array([-float(p)])))
        return _from_double(x, dt).reshape(shape)

    def log_normal(self, shape: Shape, np_dtype: DTypeLike, mean=1.0, std=2.0) -> np.ndarray:
        """``Tensor.log_normal_(mean, std)``: ``exp`` of ``normal_distribution<double>`` draws
        (element by element, sharing the normal cache)."""
        dt, shape = np.dtype(np_dtype), _shape(shape)
        with np.errstate(over="ignore"):
            x = libm.exp(self._normal_double(math.prod(shape), float(mean), float(std)))
        return _from_double(x, dt).reshape(shape)

    def cauchy(self, shape: Shape, np_dtype: DTypeLike, median=0.0, sigma=1.0) -> np.ndarray:
        """``Tensor.cauchy_(median, sigma)``: ``median + sigma * tan(pi * (u - 0.5))``."""
        dt, shape = np.dtype(np_dtype), _shape(shape)
        u = self._uniform_double(math.prod(shape))
        x = fma64(float(sigma), libm.tan(np.pi * (u - 0.5)), float(median))
        return _from_double(x, dt).reshape(shape)

    def multinomial(
        self, probs2d: np.ndarray, num_samples: int, replacement: bool = False
    ) -> np.ndarray:
        """``torch.multinomial``: ``num_samples`` category indices per row, as int64.

        Without replacement (or for one sample) PyTorch draws ``q ~ Exp(1)`` for every entry
        and takes the top ``num_samples`` of ``p / q`` (argmax for one). With replacement it
        walks each row's normalised cumulative sum (float for half types) and binary-searches
        one double uniform per sample, row by row. A 1-D input gives a 1-D result.
        """
        probs = np.asarray(probs2d)
        one_row = probs.ndim == 1
        probs = probs.reshape(-1, probs.shape[-1])
        n_dist, n_cat = probs.shape
        if not replacement or num_samples == 1:
            q = self.exponential(probs.shape, probs.dtype, 1.0)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                scores = (probs / q).astype(probs.dtype)
            if num_samples == 1:
                out = np.argmax(scores, axis=1)[:, None]
            else:  # topk(largest, sorted); ties (zero probabilities) in index order
                out = np.argsort(-scores.astype(_F64), axis=1, kind="stable")[:, :num_samples]
        else:
            acc = _F32 if probs.dtype.itemsize == 2 else probs.dtype  # float sums for halves
            cum = np.cumsum(probs.astype(acc), axis=1, dtype=acc)  # sequential, as the C loop
            cum = (cum / cum[:, -1:]).astype(acc)
            cum[:, -1] = 1  # "make sure the last cumulative distribution bucket sums to 1"
            u = self._uniform_double(n_dist * num_samples).reshape(n_dist, num_samples)
            out = _search_sorted_left(cum.astype(_F64), u)
        out = out.astype(np.int64)
        return out[0] if one_row else out


def _search_sorted_left(cum: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Per row, the first index with ``cum >= u``: the kernel's own binary search, run on all
    rows and samples at once (so NaNs and unsorted rows behave as in PyTorch too)."""
    rows = np.arange(cum.shape[0])[:, None]
    left = np.zeros(u.shape, dtype=np.int64)
    right = np.full(u.shape, cum.shape[1], dtype=np.int64)
    while True:
        active = right > left
        if not active.any():
            return left
        mid = left + (right - left) // 2
        below = cum[rows, np.minimum(mid, cum.shape[1] - 1)] < u
        left = np.where(active & below, mid + 1, left)
        right = np.where(active & ~below, mid, right)


def _rebuild_generator(device: str, state: bytes) -> Generator:
    from ._tensor import Tensor

    gen = Generator(device)
    return gen.set_state(Tensor._make(np.frombuffer(state, dtype=np.uint8).copy()))


# --- the global generator ----------------------------------------------------------------------

default_generator = Generator()
# PyTorch seeds its default CPU generator from /dev/urandom (getDefaultCPUGenerator), so
# torch.initial_seed() differs from run to run; only new Generator()s start at 67280421310721.
default_generator._engine.manual_seed(nondeterministic_seed())


def manual_seed(seed) -> Generator:
    """Sets the seed of the default generator (and of CUDA's); returns ``default_generator``.

    ``seed`` must lie in ``[-2**63, 2**64 - 1]``; negative values wrap to ``seed + 2**64``.
    """
    seed = int(seed)
    from . import cuda

    cuda.manual_seed_all(seed)
    return default_generator.manual_seed(seed)


def seed() -> int:
    """Seeds the default generator from the OS and returns the 64-bit seed used."""
    value = default_generator.seed()
    from . import cuda

    cuda.manual_seed_all(value)
    return value


def initial_seed() -> int:
    """The initial seed of the default generator."""
    return default_generator.initial_seed()


def get_rng_state():
    """The default generator's state as a uint8 Tensor (interchangeable with PyTorch's)."""
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    """Restores the default generator's state."""
    default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices",
             device_type="cuda"):  # fmt: skip
    """Restores the CPU generator's state on exit (a context manager, as ``torch.random``).

    Only the CPU state is forked: numtorch's CUDA arrays draw from CuPy, which has no state to
    save here. ``devices`` is accepted for compatibility.
    """
    if not enabled or device_type == "meta":
        yield
        return
    state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(state)
