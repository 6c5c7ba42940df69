"""numtorch.random: the CPU Generator, bit for bit against PyTorch's.

The differential tests seed numtorch and PyTorch alike, make the same calls and demand identical
bits (and identical 5056-byte states). The rest needs no PyTorch: golden values taken from
PyTorch 2.13, the MT19937 reference output, state round trips, ranges and rough statistics.
"""

from __future__ import annotations

import pickle
from fractions import Fraction

import numpy as np
import pytest

import numtorch
from numtorch import random as ntrandom
from numtorch._random.engine import init_genrand
from numtorch._random.floatmath import fma32, fma64
from numtorch._random.permutation import forward_shuffle, inside_out_shuffle

try:  # differential tests compare with real PyTorch where it is installed
    import torch
except ImportError:  # pragma: no cover - CI runs both ways
    torch = None
try:
    import ml_dtypes

    BF16 = np.dtype(ml_dtypes.bfloat16)
except ImportError:  # pragma: no cover
    BF16 = None

requires_torch = pytest.mark.skipif(torch is None, reason="PyTorch is not installed")
requires_bf16 = pytest.mark.skipif(BF16 is None, reason="ml_dtypes is not installed")

F16, F32, F64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)
FLOATS = [F32, F64, F16] + ([BF16] if BF16 is not None else [])
SEEDS = [0, 1, 42, 2**32 + 7, -1, -(2**63), 2**64 - 1, 67280421310721]


def _torch_dtype(dt):
    names = {"bool": "bool", "bfloat16": "bfloat16"}
    return getattr(torch, names.get(dt.name, dt.name))


def _np(t):
    """A torch tensor's values as NumPy (bfloat16 through its bits)."""
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().view(BF16)
    return t.numpy()


def assert_same(ours, theirs):
    """Same dtype, shape and bits (NaNs equal)."""
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape, (ours.dtype, theirs.dtype)
    if ours.dtype.kind in "fcV":
        width = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64, 16: np.uint64}
        ours = np.ascontiguousarray(ours).view(width[ours.dtype.itemsize])
        theirs = np.ascontiguousarray(theirs).view(width[theirs.dtype.itemsize])
    mismatch = np.flatnonzero(ours.reshape(-1) != theirs.reshape(-1))
    assert mismatch.size == 0, f"{mismatch.size} of {ours.size} differ, first at {mismatch[:5]}"


def pair(seed=0):
    """A numtorch and a torch generator, seeded alike."""
    return numtorch.Generator().manual_seed(seed), torch.Generator().manual_seed(seed)


def assert_same_state(g, tg):
    assert_same(g.get_state().numpy(), tg.get_state().numpy())


def set_torch_state(g, tg):
    """Give numtorch's generator torch's state (through the bytes)."""
    g.set_state(numtorch.from_numpy(tg.get_state().numpy().copy()))


def untemper(y: np.ndarray) -> np.ndarray:
    """The MT19937 state words whose tempered outputs are ``y``."""
    y = y.astype(np.uint64)
    y ^= y >> np.uint64(18)
    y ^= (y << np.uint64(15)) & np.uint64(0xEFC60000)
    t = y
    for _ in range(5):
        t = y ^ ((t << np.uint64(7)) & np.uint64(0x9D2C5680))
    y = t & np.uint64(0xFFFFFFFF)
    t = y
    for _ in range(3):
        t = y ^ (t >> np.uint64(11))
    return t & np.uint64(0xFFFFFFFF)


def state_drawing(outputs) -> np.ndarray:
    """A torch-layout state whose next raw 32-bit draws are ``outputs`` (at most 623)."""
    outputs = np.asarray(outputs, dtype=np.uint32)
    rec = np.zeros((), dtype=numtorch._random.engine.STATE_LAYOUT)
    rec["the_initial_seed"], rec["left"], rec["seeded"], rec["next"] = 1, 624, 1, 1
    rec["state"][1 : 1 + len(outputs)] = untemper(outputs)
    return np.frombuffer(rec.tobytes(), dtype=np.uint8).copy()


# --- no PyTorch needed ----------------------------------------------------------------------------


def test_mt19937_reference_output():
    # Matsumoto & Nishimura's mt19937ar.c with init_genrand(5489) starts 3499211612, 581869302
    g = numtorch.Generator().manual_seed(5489)
    assert g._engine.random(3).tolist() == [3499211612, 581869302, 3890346734]
    assert init_genrand(5489)[:2].tolist() == [5489, 1301868182]


def test_golden_values_from_pytorch():
    g = numtorch.Generator().manual_seed(0)
    rand3 = [0.49625658988952637, 0.7682217955589294, 0.08847743272781372]
    randn3 = [0.3643381893634796, 0.13439632952213287, 0.16421625018119812]
    randn17 = [-0.20410172641277313, 0.16645534336566925, 0.8743818402290344, -0.14347384870052338]
    assert g.uniform((3,), F32).tolist() == rand3
    assert g.normal((3,), F32).tolist() == randn3
    assert g.normal((17,), F32)[:4].tolist() == randn17
    assert g.integers((5,), 0, 100, np.int64).tolist() == [71, 57, 83, 95, 82]
    assert g.permutation(10).tolist() == [1, 5, 3, 6, 0, 2, 4, 9, 8, 7]
    assert g.uniform((2,), F64).tolist() == [0.22765563659688126, 0.8098922664319728]


def test_seeds():
    g = numtorch.Generator()
    assert g.initial_seed() == 67280421310721
    assert g.uniform((2,), F32).tolist() == [0.267295241355896, 0.8725283145904541]
    assert g.manual_seed(-1) is g and g.initial_seed() == 2**64 - 1
    assert g.uniform((2,), F32).tolist() == [0.9937993884086609, 0.5713063478469849]
    assert g.manual_seed(-(2**63)).initial_seed() == 2**63
    assert g.manual_seed(np.int64(5)).initial_seed() == 5
    for bad, err in [(1.5, RuntimeError), (True, RuntimeError), (2**64, ValueError),
                     (-(2**63) - 1, ValueError)]:  # fmt: skip
        with pytest.raises(err):
            g.manual_seed(bad)
    # only the low 32 bits reach MT19937; the full seed is still reported
    a = numtorch.Generator().manual_seed(7).uniform((4,), F32)
    b = numtorch.Generator().manual_seed(7 + 2**32)
    assert b.initial_seed() == 7 + 2**32 and (b.uniform((4,), F32) == a).all()


def test_global_functions():
    assert 0 <= numtorch.initial_seed() < 2**64
    assert numtorch.manual_seed(3.9) is ntrandom.default_generator  # module level truncates
    assert numtorch.initial_seed() == 3
    a = ntrandom.default_generator.uniform((5,), F32)
    state = numtorch.get_rng_state()
    b = ntrandom.default_generator.uniform((5,), F32)
    numtorch.set_rng_state(state)
    assert (ntrandom.default_generator.uniform((5,), F32) == b).all() and (a != b).any()
    s = numtorch.seed()
    assert numtorch.initial_seed() == s
    assert ntrandom.default_generator.device == "cpu"


def test_fork_rng_restores_state():
    numtorch.manual_seed(11)
    before = numtorch.get_rng_state().numpy().copy()
    with ntrandom.fork_rng(devices=[]):
        ntrandom.default_generator.normal((5,), F32)
    assert (numtorch.get_rng_state().numpy() == before).all()
    with ntrandom.fork_rng(enabled=False):
        ntrandom.default_generator.normal((5,), F32)
    assert (numtorch.get_rng_state().numpy() != before).any()


def test_state_round_trip_with_cached_normal():
    g = numtorch.Generator().manual_seed(9)
    g.normal((3,), F32)  # odd count: the last sine waits in the cache
    state = g.get_state()
    assert state.numpy().dtype == np.uint8 and state.numpy().shape == (5056,)
    first = [g.normal((5,), F64), g.uniform((7,), F32), g.permutation(20)]
    g.set_state(state)
    second = [g.normal((5,), F64), g.uniform((7,), F32), g.permutation(20)]
    for a, b in zip(first, second):
        assert_same(a, b)
    clone = g.clone_state()
    assert_same(clone.normal((9,), F32), g.normal((9,), F32))
    restored = pickle.loads(pickle.dumps(g))
    assert_same(restored.normal((9,), F32), g.normal((9,), F32))


def test_manual_seed_clears_cached_normal():
    g = numtorch.Generator().manual_seed(4)
    first = g.normal((2,), F64)
    g.manual_seed(4).normal((1,), F64)  # caches a sine
    assert_same(g.manual_seed(4).normal((2,), F64), first)


def test_set_state_errors():
    g = numtorch.Generator()
    with pytest.raises(TypeError):
        g.set_state(np.zeros(5056, np.uint8))
    with pytest.raises(TypeError):
        g.set_state(numtorch.from_numpy(np.zeros(5056, np.int64)))
    with pytest.raises(RuntimeError, match="size"):
        g.set_state(numtorch.from_numpy(np.zeros(10, np.uint8)))
    with pytest.raises(RuntimeError, match="Invalid mt19937 state"):
        g.set_state(numtorch.from_numpy(np.zeros(5056, np.uint8)))


def test_crafted_state_feeds_chosen_draws():
    g = numtorch.Generator()
    g.set_state(numtorch.from_numpy(state_drawing(np.arange(10) * 12345)))
    assert g._engine.random(10).tolist() == (np.arange(10) * 12345).tolist()


def test_ranges_and_statistics():
    g = numtorch.Generator().manual_seed(123)
    n = 200_000
    u = g.uniform((n,), F32, -2.0, 3.0)
    assert u.min() >= -2.0 and u.max() < 3.0 and abs(u.mean() - 0.5) < 0.02
    for dt in FLOATS:
        z = g.normal((n,), dt, 1.0, 2.0).astype(F64)
        assert abs(z.mean() - 1.0) < 0.03 and abs(z.std() - 2.0) < 0.03
    small = np.concatenate([g.normal((7,), F64) for _ in range(5000)])  # the scalar path
    assert abs(small.mean()) < 0.05 and abs(small.std() - 1.0) < 0.05
    k = g.integers((n,), -3, 4, np.int64)
    assert k.min() == -3 and k.max() == 3
    assert sorted(g.permutation(1000).tolist()) == list(range(1000))
    assert g.bernoulli(0.0, (100,), F32).sum() == 0 and g.bernoulli(1.0, (100,), F32).all()
    assert abs(g.bernoulli(0.3, (n,), F64).mean() - 0.3) < 0.01
    assert abs(g.bernoulli(np.full(3, 0.7, F32), (n // 3, 3), np.bool_).mean() - 0.7) < 0.01
    e = g.exponential((n,), F64, 2.0)
    assert e.min() >= 0 and abs(e.mean() - 0.5) < 0.01
    assert g.geometric((n,), np.int64, 0.25).min() >= 1
    assert abs(np.log(g.log_normal((n,), F64, 1.0, 0.5)).mean() - 1.0) < 0.01
    assert abs(np.median(g.cauchy((n,), F64, 2.0, 1.0)) - 2.0) < 0.02
    counts = np.bincount(g.multinomial(np.array([1.0, 2.0, 7.0]), n, True), minlength=3)
    assert np.allclose(counts / n, [0.1, 0.2, 0.7], atol=0.01)
    drawn = g.multinomial(np.array([[0.0, 1.0, 1.0, 0.0, 5.0]]), 3, False)
    assert sorted(drawn[0].tolist()) == [1, 2, 4]


def _forward_reference(z, n):
    r = list(range(n))
    for i in range(n - 1):
        j = i + int(z[i])
        r[i], r[j] = r[j], r[i]
    return r


def _inside_out_reference(z, n):
    r = [0] * n
    for i in range(n):
        k = int(z[i])
        r[i] = i
        r[i] = r[k]
        r[k] = i
    return r


@pytest.mark.parametrize("n", [0, 1, 2, 3, 7, 64, 1000])
def test_vectorised_shuffles_match_the_loops(n):
    rng = np.random.default_rng(n)
    cases = [rng.integers(0, n - np.arange(max(n - 1, 0))) for _ in range(5)]
    cases += [np.zeros(max(n - 1, 0), np.int64), n - 1 - np.arange(max(n - 1, 0))]
    for z in cases:
        assert forward_shuffle(np.asarray(z), n).tolist() == _forward_reference(z, n)
    cases = [rng.integers(0, np.arange(n) + 1) for _ in range(5)]
    cases += [np.zeros(n, np.int64), np.arange(n), np.maximum(np.arange(n) - 1, 0)]
    for z in cases:
        assert inside_out_shuffle(np.asarray(z), n).tolist() == _inside_out_reference(z, n)


def _nearest_float32(v: Fraction) -> float:
    """The float32 nearest to ``v`` (ties to even)."""
    f = np.float32(float(v))  # within an ulp of the answer
    around = [np.nextafter(f, np.float32(-np.inf)), f, np.nextafter(f, np.float32(np.inf))]
    return float(
        min(around, key=lambda c: (abs(Fraction(float(c)) - v), int(c.view(np.uint32)) & 1))
    )


def test_fused_multiply_adds_round_once():
    rng = np.random.default_rng(0)
    a = rng.standard_normal(3000) * 10.0 ** rng.integers(-8, 8, 3000)
    b = rng.standard_normal(3000)
    c = rng.standard_normal(3000) * 10.0 ** rng.integers(-20, 8, 3000)
    exact = [Fraction(x) * Fraction(y) + Fraction(z) for x, y, z in zip(a, b, c)]
    assert fma64(a, b, c).tolist() == [float(v) for v in exact]  # float(Fraction) rounds once
    a, b, c = (v.astype(F32) for v in (a, b, c))
    exact = [
        Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z)) for x, y, z in zip(a, b, c)
    ]
    assert fma32(a, b, c).tolist() == [_nearest_float32(v) for v in exact]
    # a float64 sum that lands exactly on a float32 tie although the exact sum is not one
    a32, b32 = np.float32(1 + 2**-23), np.float32(1 + 2**-23)
    c32 = np.float32(-(2**-22))  # a*b + c == 1 + 2**-46: rounds to 1 in float32
    assert fma32(a32, b32, c32) == np.float32(1.0)


def test_libm_functions_give_the_c_library_bits(monkeypatch):
    from numtorch._random import libm

    lib = libm._c_library()
    x = np.random.default_rng(3).random(300)
    for name in libm._NUMPY:
        expected = [getattr(lib, name)(v) for v in x.tolist()]
        assert libm.function(name)(x).tolist() == expected
    # a NumPy that disagrees with the C library falls back to calling it element by element
    monkeypatch.setattr(libm, "_chosen", {})
    monkeypatch.setitem(libm._NUMPY, "log1p", lambda a: np.log1p(a) * (1 + 2**-52))
    assert libm.log1p(-x).tolist() == [lib.log1p(v) for v in (-x).tolist()]


# --- bit for bit against PyTorch ------------------------------------------------------------------

SHAPES = [(), (0,), (1,), (5,), (15,), (16,), (17,), (31,), (32,), (33,), (3, 7), (4, 33), (1000,)]


@requires_torch
@pytest.mark.parametrize("dt", FLOATS, ids=str)
@pytest.mark.parametrize("seed", SEEDS[:4])
def test_uniform(dt, seed):
    g, tg = pair(seed)
    td = _torch_dtype(dt)
    for shape in SHAPES:
        assert_same(g.uniform(shape, dt), _np(torch.rand(shape, dtype=td, generator=tg)))
        for low, high in [(-2.5, 3.25), (0.1, 0.3), (1e-3, 2.5e3), (5.0, 5.0)]:
            ours = g.uniform(shape, dt, low, high)
            theirs = torch.empty(shape, dtype=td).uniform_(low, high, generator=tg)
            assert_same(ours, _np(theirs))
    assert_same_state(g, tg)


@requires_torch
@pytest.mark.parametrize("dt", FLOATS, ids=str)
@pytest.mark.parametrize("seed", SEEDS)
def test_normal(dt, seed):
    g, tg = pair(seed)
    td = _torch_dtype(dt)
    for shape in SHAPES:
        assert_same(g.normal(shape, dt), _np(torch.randn(shape, dtype=td, generator=tg)))
        for mean, std in [(0.5, 2.0), (-3.0, 0.125), (1e3, 1e-3)]:
            ours = g.normal(shape, dt, mean, std)
            theirs = torch.empty(shape, dtype=td).normal_(mean, std, generator=tg)
            assert_same(ours, _np(theirs))
        assert_same_state(g, tg)  # includes the cached second normal


@requires_torch
def test_normal_large_and_non_contiguous():
    g, tg = pair(2024)
    assert_same(g.normal((100_003,), F32), _np(torch.randn(100_003, generator=tg)))
    for shape in [(20, 5), (3, 40)]:  # a transposed tensor is filled in memory order, one by one
        target = torch.empty(shape[::-1]).t()
        target.normal_(1.0, 3.0, generator=tg)
        assert_same(g.normal(shape[::-1], F32, 1.0, 3.0, contiguous=False), _np(target.t()))
    assert_same_state(g, tg)


@requires_torch
def test_normal_float32_edge_uniforms():
    """randn's float32 SIMD log/sincos at the extremes of u, fed through a crafted state."""
    top = 2**24 - 1
    u1 = [0, 1, 2, 3, top, top - 1, 1 << 23, (1 << 23) + 1]  # log(1), log(2**-24), ...
    u2 = [0, 1, top, top - 1, 1 << 22, 3 << 22, 1 << 23, 5592405]  # theta near 0, pi/2, pi, 2pi
    rng = np.random.default_rng(5)
    draws = np.concatenate([u1, u2, rng.integers(0, 2**32, 16 * 37)]).astype(np.uint32)
    g, tg = numtorch.Generator(), torch.Generator()
    tg.set_state(torch.from_numpy(state_drawing(draws)))
    set_torch_state(g, tg)
    theirs = torch.empty(16 * 38).normal_(0.25, 1.5, generator=tg)
    assert_same(g.normal((16 * 38,), F32, 0.25, 1.5), _np(theirs))


@requires_torch
@pytest.mark.parametrize("dt", [np.dtype(np.complex64), np.dtype(np.complex128)], ids=str)
def test_complex(dt):
    g, tg = pair(3)
    td = _torch_dtype(dt)
    for shape in [(3,), (8,), (9,), (4, 5)]:
        assert_same(g.normal(shape, dt), _np(torch.randn(shape, dtype=td, generator=tg)))
        assert_same(g.uniform(shape, dt), _np(torch.rand(shape, dtype=td, generator=tg)))


@requires_torch
@pytest.mark.parametrize("seed", SEEDS[:5])
def test_integers(seed):
    g, tg = pair(seed)
    ranges = [(0, 10), (-5, 5), (3, 4), (0, 2**28 - 1), (0, 2**28), (0, 2**31), (-(2**40), 2**40),
              (-(2**63), 2**63 - 1), (2**62, 2**63 - 1)]  # fmt: skip
    for low, high in ranges:
        ours = g.integers((37,), low, high, np.int64)
        assert_same(ours, _np(torch.randint(low, high, (37,), generator=tg)))
    full = torch.empty(9, dtype=torch.int64).random_(-(2**63), None, generator=tg)
    assert_same(g.integers((9,), -(2**63), 2**63, np.int64), _np(full))
    for dt, high in [(np.int8, 100), (np.uint8, 256), (np.int16, 3000), (np.int32, 2**30),
                     (np.bool_, 2), (F16, 2049), (F32, 2**24 + 1), (F64, 2**53 + 1)]:  # fmt: skip
        dt = np.dtype(dt)
        theirs = torch.randint(0, high, (21, 2), dtype=_torch_dtype(dt), generator=tg)
        assert_same(g.integers((21, 2), 0, high, dt), _np(theirs))
    if BF16 is not None:
        theirs = torch.randint(0, 257, (8,), dtype=torch.bfloat16, generator=tg)
        assert_same(g.integers((8,), 0, 257, BF16), _np(theirs))
    assert_same_state(g, tg)


@requires_torch
def test_random_without_bounds():
    g, tg = pair(17)
    ints = [np.dtype(t) for t in (np.int64, np.int32, np.int16, np.int8, np.uint8, np.bool_)]
    for dt in FLOATS + ints:
        theirs = torch.empty(3, 5, dtype=_torch_dtype(dt)).random_(generator=tg)
        assert_same(g.random((3, 5), dt), _np(theirs))
    assert_same_state(g, tg)


@requires_torch
def test_permutation():
    g, tg = pair(77)
    for n in [0, 1, 2, 3, 10, 1000, 65537]:
        assert_same(g.permutation(n), _np(torch.randperm(n, generator=tg)))
    assert_same_state(g, tg)


@requires_torch
def test_bernoulli():
    g, tg = pair(5)
    for p in [0.0, 0.3, 0.5, 1.0]:  # the scalar kernel (bernoulli_(p), dropout masks)
        for dt in [F32, F64, np.dtype(np.int64), np.dtype(np.bool_), np.dtype(np.uint8)]:
            ours = g.bernoulli(p, (23,), dt)
            theirs = torch.empty(23, dtype=_torch_dtype(dt)).bernoulli_(p, generator=tg)
            assert_same(ours, _np(theirs))
    for pdt in FLOATS:  # the tensor kernel: float64 p against 53 bits, the others 24
        probs = np.linspace(0, 1, 29).astype(pdt)
        tprobs = torch.from_numpy(np.linspace(0, 1, 29)).to(_torch_dtype(pdt))
        assert_same(g.bernoulli(probs, (29,), pdt), _np(torch.bernoulli(tprobs, generator=tg)))
        row = np.array([0.25, 0.75])  # broadcast over the rows
        theirs = torch.empty(5, 2).bernoulli_(torch.from_numpy(row).to(tprobs.dtype), generator=tg)
        assert_same(g.bernoulli(row.astype(pdt), (5, 2), F32), _np(theirs))
    assert_same_state(g, tg)


@requires_torch
@pytest.mark.parametrize("dt", FLOATS, ids=str)
def test_continuous_distributions(dt):
    g, tg = pair(31)
    td = _torch_dtype(dt)
    for shape in [(1,), (31,), (4, 9)]:
        for lambd in [1.0, 0.37, 5.0]:
            theirs = torch.empty(shape, dtype=td).exponential_(lambd, generator=tg)
            assert_same(g.exponential(shape, dt, lambd), _np(theirs))
        for median, sigma in [(0.0, 1.0), (0.5, 2.3)]:
            theirs = torch.empty(shape, dtype=td).cauchy_(median, sigma, generator=tg)
            assert_same(g.cauchy(shape, dt, median, sigma), _np(theirs))
        for mean, std in [(1.0, 2.0), (0.3, 0.7)]:  # shares the normal cache with randn
            theirs = torch.empty(shape, dtype=td).log_normal_(mean, std, generator=tg)
            assert_same(g.log_normal(shape, dt, mean, std), _np(theirs))
            assert_same(g.normal((3,), dt), _np(torch.randn(3, dtype=td, generator=tg)))
    assert_same_state(g, tg)


@requires_torch
@pytest.mark.parametrize("dt", [F32, F64, F16, np.dtype(np.int64), np.dtype(np.int32),
                                np.dtype(np.int8), np.dtype(np.uint8)], ids=str)  # fmt: skip
def test_geometric(dt):
    g, tg = pair(8)
    for p in [0.5, 0.01, 0.9, 1e-6]:
        ours = g.geometric((27,), dt, p)
        theirs = torch.empty(27, dtype=_torch_dtype(dt)).geometric_(p, generator=tg)
        assert_same(ours, _np(theirs))


@requires_torch
@pytest.mark.parametrize("dt", [F32, F64, F16], ids=str)
def test_multinomial(dt):
    g, tg = pair(13)
    rng = np.random.default_rng(1)
    probs = rng.random((6, 50)).astype(dt)
    probs[2, :40] = 0
    for k, replacement in [(1, False), (1, True), (7, True), (200, True), (3, False), (10, False)]:
        if dt == F16 and not replacement and k > 1:
            continue  # equal half-precision scores tie; see the note in the report
        theirs = torch.multinomial(torch.from_numpy(probs), k, replacement, generator=tg)
        assert_same(g.multinomial(probs, k, replacement), _np(theirs))
    theirs = torch.multinomial(torch.from_numpy(probs[0]), 5, True, generator=tg)  # 1-D input
    assert_same(g.multinomial(probs[0], 5, True), _np(theirs))
    assert_same_state(g, tg)


@requires_torch
@pytest.mark.parametrize("seed", [0, 99, -5])
def test_mixed_call_sequence(seed):
    """A long random program of calls: same outputs and same state all the way."""
    g, tg = pair(seed)
    calls = [  # (numtorch, torch) pairs of the same call on n elements
        (lambda n: g.uniform((n,), F32), lambda n: torch.rand(n, generator=tg)),
        (lambda n: g.normal((n,), F32), lambda n: torch.randn(n, generator=tg)),
        (lambda n: g.normal((n,), F64),
         lambda n: torch.randn(n, dtype=torch.float64, generator=tg)),
        (lambda n: g.integers((n,), -7, 1000, np.int64),
         lambda n: torch.randint(-7, 1000, (n,), generator=tg)),
        (lambda n: g.integers((n,), 0, 2**40, np.int64),
         lambda n: torch.randint(0, 2**40, (n,), generator=tg)),
        (lambda n: g.permutation(n), lambda n: torch.randperm(n, generator=tg)),
        (lambda n: g.bernoulli(0.4, (n,), F32),
         lambda n: torch.empty(n).bernoulli_(0.4, generator=tg)),
        (lambda n: g.log_normal((n,), F32), lambda n: torch.empty(n).log_normal_(generator=tg)),
        (lambda n: g.exponential((n,), F64),
         lambda n: torch.empty(n, dtype=torch.float64).exponential_(generator=tg)),
    ]  # fmt: skip
    plan = np.random.default_rng(seed & 0xFFFF).integers(0, len(calls), 120)
    for step, op in enumerate(plan):
        ours, theirs = calls[op]
        n = step % 37 + 1
        assert_same(ours(n), _np(theirs(n)))
        if step % 10 == 0:
            assert_same_state(g, tg)
    assert_same_state(g, tg)


@requires_torch
def test_states_are_interchangeable():
    g, tg = pair(2)
    torch.randn(3, generator=tg)  # leaves a cached normal in torch's state
    set_torch_state(g, tg)
    assert_same(g.normal((5,), F64), _np(torch.randn(5, dtype=torch.float64, generator=tg)))
    g.normal((1,), F32)
    tg.set_state(torch.from_numpy(g.get_state().numpy().copy()))
    assert_same(g.normal((7,), F32), _np(torch.randn(7, generator=tg)))
    assert_same_state(g, tg)
    g2, tg2 = numtorch.Generator(), torch.Generator()  # fresh: next_ = 0, left = 1
    assert_same_state(g2, tg2)


@requires_torch
def test_default_generator_like_torch():
    fresh = torch.Generator()
    assert numtorch.Generator().initial_seed() == fresh.initial_seed()
    numtorch.manual_seed(1234)
    torch.manual_seed(1234)
    assert_same(numtorch.get_rng_state().numpy(), torch.get_rng_state().numpy())
    assert_same(ntrandom.default_generator.normal((40,), F32), torch.randn(40).numpy())
