"""Tensor printing: ``repr`` must be PyTorch's, character for character.

Literal expectations run everywhere; the differential tables compare with real PyTorch where it
is installed (the ``tt`` fixture skips them otherwise).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import numtorch as torch
from numtorch import _tensor_str

try:
    import ml_dtypes

    BF16 = np.dtype(ml_dtypes.bfloat16)
except ImportError:  # pragma: no cover
    BF16 = None


@pytest.fixture(autouse=True)
def _default_printoptions():
    """Every test starts and ends with the default print options, in both libraries."""
    _tensor_str.set_printoptions(profile="default")
    yield
    _tensor_str.set_printoptions(profile="default")
    try:
        import torch as real_torch
    except ImportError:  # pragma: no cover
        return
    real_torch.set_printoptions(profile="default")


@pytest.fixture
def tt():
    return pytest.importorskip("torch")


def make(array, requires_grad=False):
    return torch.Tensor._make(np.asarray(array), requires_grad=requires_grad)


def to_real(tt, array):
    """The same values as a real torch tensor (bfloat16 through float32, which holds it)."""
    array = np.asarray(array)
    if BF16 is not None and array.dtype == BF16:
        return tt.from_numpy(array.astype(np.float32)).to(tt.bfloat16)
    return tt.from_numpy(array.copy())


def check(tt, array, **options):
    """repr of ``array`` under ``options`` agrees between numtorch and torch."""
    with _tensor_str.printoptions(**options):
        ours = repr(make(array))
    with tt._tensor_str.printoptions(**options):
        theirs = repr(to_real(tt, array))
    assert ours == theirs, f"\nours:\n{ours}\ntorch:\n{theirs}"


# --- literal expectations (no torch needed) ----------------------------------------------------

LITERALS = [
    (np.array([1.0, 2.5, 3.0], np.float32), "tensor([1.0000, 2.5000, 3.0000])"),
    (np.array([1.0, -2.0], np.float32), "tensor([ 1., -2.])"),
    (np.array(3.5, np.float32), "tensor(3.5000)"),
    (np.array([1e-5, 1.0], np.float32), "tensor([1.0000e-05, 1.0000e+00])"),
    (np.array([np.nan, np.inf, -np.inf, 0.0], np.float32), "tensor([nan, inf, -inf, 0.])"),
    (np.array([-0.0, 1.5], np.float32), "tensor([-0.0000, 1.5000])"),
    (np.array([[1, 2], [3, 4]], np.int64), "tensor([[1, 2],\n        [3, 4]])"),
    (np.array([1, 2], np.int32), "tensor([1, 2], dtype=torch.int32)"),
    (np.array([True, False]), "tensor([ True, False])"),
    (np.array([1, 200], np.uint8), "tensor([  1, 200], dtype=torch.uint8)"),
    (np.array([1.5, 2], np.float64), "tensor([1.5000, 2.0000], dtype=torch.float64)"),
    (np.array([1 + 2j, complex(-3.5, -0.0)], np.complex64), "tensor([ 1.0000+2.j, -3.5000-0.j])"),
    (np.zeros((0, 3), np.float32), "tensor([], size=(0, 3))"),
    (np.zeros(0, np.int64), "tensor([], dtype=torch.int64)"),
    (np.zeros((2, 0), np.bool_), "tensor([], size=(2, 0), dtype=torch.bool)"),
    (np.arange(2000, dtype=np.int64), "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"),
]


@pytest.mark.parametrize("array, expected", LITERALS, ids=[e for _, e in LITERALS])
def test_literal(array, expected):
    assert repr(make(array)) == expected


def test_literal_line_wrapping_and_summary():
    t = make(np.arange(30, dtype=np.float32) * 1000)
    assert repr(t) == (
        "tensor([    0.,  1000.,  2000.,  3000.,  4000.,  5000.,  6000.,  7000.,  8000.,\n"
        "         9000., 10000., 11000., 12000., 13000., 14000., 15000., 16000., 17000.,\n"
        "        18000., 19000., 20000., 21000., 22000., 23000., 24000., 25000., 26000.,\n"
        "        27000., 28000., 29000.])"
    )
    big = make(np.arange(1000, 3000, dtype=np.float32).reshape(2, 1000))
    assert repr(big) == (
        "tensor([[1000., 1001., 1002.,  ..., 1997., 1998., 1999.],\n"
        "        [2000., 2001., 2002.,  ..., 2997., 2998., 2999.]])"
    )


def test_literal_autograd_suffixes():
    x = make(np.array([1.0, 2.0], np.float32), requires_grad=True)
    assert repr(x) == "tensor([1., 2.], requires_grad=True)"
    assert repr(x * 2) == "tensor([2., 4.], grad_fn=<MulBackward0>)"


def test_literal_device_suffix(monkeypatch):
    # a cuda tensor is printed with its device: fake one by overriding the property
    monkeypatch.setattr(torch.Tensor, "device", property(lambda self: torch.device("cuda", 0)))
    x = make(np.array([1.0, 2.0], np.float32), requires_grad=True)
    assert repr(x) == "tensor([1., 2.], device='cuda:0', requires_grad=True)"


def test_literal_default_float64():
    torch.set_default_dtype(torch.float64)
    assert repr(make(np.array([1.5], np.float64))) == "tensor([1.5000])"
    assert repr(make(np.array([1.5], np.float32))) == "tensor([1.5000], dtype=torch.float32)"
    assert repr(make(np.array([1j], np.complex64))) == "tensor([0.+1.j], dtype=torch.complex64)"
    assert repr(make(np.zeros(0, np.float32))) == "tensor([], dtype=torch.float32)"


def test_printoptions_api():
    defaults = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)
    assert _tensor_str.get_printoptions() == defaults
    torch.set_printoptions(profile="short")
    assert _tensor_str.get_printoptions()["precision"] == 2
    assert _tensor_str.get_printoptions()["edgeitems"] == 2
    torch.set_printoptions(profile="full", precision=6)
    assert _tensor_str.get_printoptions()["threshold"] == math.inf
    assert _tensor_str.get_printoptions()["precision"] == 6
    torch.set_printoptions(profile="default")
    with _tensor_str.printoptions(precision=2, sci_mode=True):
        assert repr(make(np.array([1.5], np.float32))) == "tensor([1.50e+00])"
    assert _tensor_str.get_printoptions() == defaults
    assert repr(make(np.array([1.5], np.float32))) == "tensor([1.5000])"


def test_tensor_contents_and_subclass():
    t = make(np.array([1.0], np.float32))
    assert t.__repr__(tensor_contents="[...]") == "tensor([...])"

    class MyTensor(torch.Tensor):
        pass

    sub = MyTensor._make(np.array([1, 2], np.int8))
    assert repr(sub) == "MyTensor([1, 2], dtype=torch.int8)"


# --- differential tables -----------------------------------------------------------------------

RNG = np.random.default_rng(0)


def _random(shape, scale, dtype=np.float32, signed=True):
    values = RNG.standard_normal(shape) * scale
    return (values if signed else np.abs(values)).astype(dtype)


def _spread(shape, lo, hi, dtype=np.float32):
    """Values with magnitudes spread over 10**lo .. 10**hi, random signs."""
    mags = 10.0 ** RNG.uniform(lo, hi, shape)
    return (mags * RNG.choice([-1.0, 1.0], shape)).astype(dtype)


FLOAT_CASES = {
    "unit": _random((5,), 1.0),
    "unit_positive": _random((7,), 1.0, signed=False),
    "tiny": _random((4,), 1e-5),
    "small": _random((4,), 1e-3),
    "hundreds": _random((3, 4), 100.0),
    "big": _random((6,), 1e5),
    "huge": _random((6,), 1e9),
    "e20": _random((2, 3), 1e20),
    "e-30": _random((4,), 1e-30),
    "float32_max": np.array([3.4e38, -1.0, 2.0], np.float32),
    "spread_6": _spread((20,), -3, 3),
    "spread_12": _spread((4, 5), -6, 6),
    "ratio_just_below": np.array([1.0, 999.0], np.float32),
    "ratio_just_above": np.array([1.0, 1001.0], np.float32),
    "boundary_1e8": np.array([1e8, 2.0], np.float64),
    "boundary_1e-4": np.array([1e-4, 2e-4], np.float64),
    "rounding_carry": np.array([9.99996, -99.99996, 0.5], np.float64),
    "ints": np.array([1.0, -2.0, 300.0], np.float32),
    "big_ints": np.array([1e9, 3.0, -7.0], np.float32),
    "int_sci_tiny_ratio": np.array([1e10, 2e10], np.float64),
    "zeros": np.zeros((2, 3), np.float32),
    "neg_zero": np.array([-0.0, 0.0], np.float32),
    "neg_zero_frac": np.array([-0.0, 0.25], np.float32),
    "neg_zero_sci": np.array([-0.0, 1e-6], np.float32),
    "nan_only": np.array([np.nan, np.nan], np.float32),
    "inf_only": np.array([np.inf, -np.inf], np.float32),
    "nan_inf_ints": np.array([np.nan, 1.0, np.inf, -np.inf, 10.0], np.float32),
    "nan_inf_frac": np.array([np.nan, 1.5, np.inf, -np.inf], np.float32),
    "nan_inf_sci": np.array([np.nan, 1e-7, -np.inf, 1e3], np.float32),
    "exp3_float64": np.array([1e-300, 1e300, -1.5], np.float64),
    "exp3_negative": np.array([-1e-200, 1.0], np.float64),
    "subnormal": np.array([5e-324, 1.0], np.float64),
    "scalar": np.array(3.14159, np.float32),
    "scalar_int": np.array(-2.0, np.float32),
    "scalar_sci": np.array(1.5e-9, np.float64),
    "scalar_nan": np.array(np.nan, np.float32),
    "scalar_neg_zero": np.array(-0.0, np.float32),
    "rank5": _random((2, 1, 3, 1, 2), 1.0),
    "rank4": _random((2, 2, 2, 3), 10.0),
    "wide_line": _random((40,), 1e4),
    "wide_sci": _spread((25,), -8, 8),
    "wide_rows": _random((3, 30), 1.0),
    "one": np.array([7.0], np.float32),
    "column": _random((5, 1), 1.0),
    "summary_1d": _random((1001,), 1.0),
    "summary_2d": _random((40, 40), 100.0),
    "summary_3d": _random((10, 10, 20), 1.0),
    "summary_narrow_axis": _random((3, 500), 1.0),
    "summary_hides_outlier": np.concatenate(
        [np.ones(600, np.float32), [1e-9], np.ones(600, np.float32)]
    ).astype(np.float32),
}


@pytest.mark.parametrize("name", sorted(FLOAT_CASES))
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "bfloat16"])
def test_float_cases(tt, name, dtype):
    if dtype == "bfloat16" and BF16 is None:
        pytest.skip("ml_dtypes is not installed")
    np_dtype = BF16 if dtype == "bfloat16" else np.dtype(dtype)
    with np.errstate(over="ignore"):
        array = FLOAT_CASES[name].astype(np_dtype)
    check(tt, array)


INT_CASES = {
    "small": np.array([1, -2, 3]),
    "wide": np.array([0, 10**9, -(10**9)]),
    "matrix": RNG.integers(-50, 50, (4, 5)),
    "scalar": np.array(42),
    "negative_scalar": np.array(-7),
    "summary": RNG.integers(-1000, 1000, (50, 30)),
    "long_line": RNG.integers(0, 10**6, (40,)),
    "rank3": RNG.integers(0, 9, (2, 3, 4)),
}


@pytest.mark.parametrize("name", sorted(INT_CASES))
@pytest.mark.parametrize("dtype", ["int64", "int32", "int16", "int8", "uint8"])
def test_int_cases(tt, name, dtype):
    array = INT_CASES[name]
    if dtype == "uint8":
        array = np.abs(array)
    check(tt, array.astype(dtype))


def test_int64_extremes(tt):
    check(tt, np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0]))


@pytest.mark.parametrize(
    "array",
    [
        np.array([True, False, True]),
        np.array([True, True]),
        np.array(False),
        RNG.random((4, 4)) > 0.5,
        RNG.random((40, 40)) > 0.5,
        RNG.random(50) > 0.5,
    ],
)
def test_bool_cases(tt, array):
    check(tt, array)


COMPLEX_CASES = {
    "simple": np.array([1 + 2j, -3.5 - 0j, 0 + 0j]),
    "neg_zero_imag": np.array([complex(1, -0.0), complex(-0.0, 2)]),
    "random": _random((3, 4), 1.0) + 1j * _random((3, 4), 100.0),
    "sci_imag": _random((5,), 1.0) + 1j * _random((5,), 1e-6),
    "nan_inf": np.array([complex(np.nan, 1), complex(1, np.inf), complex(-np.inf, -np.nan)]),
    "scalar": np.array(1.5 - 2.25j),
    "scalar_int": np.array(3 + 4j),
    "summary": _random((2000,), 1.0) + 1j * _random((2000,), 1.0),
    "wide": _random((30,), 1e3) + 1j * _random((30,), 1.0),
}


@pytest.mark.parametrize("name", sorted(COMPLEX_CASES))
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_cases(tt, name, dtype):
    check(tt, COMPLEX_CASES[name].astype(dtype))


EMPTY_SHAPES = [(0,), (0, 3), (3, 0), (2, 0, 3), (1, 0), (0, 0, 0)]


@pytest.mark.parametrize("shape", EMPTY_SHAPES)
@pytest.mark.parametrize(
    "dtype", ["float32", "float64", "float16", "complex64", "int64", "int32", "uint8", "bool"]
)
def test_empty(tt, shape, dtype):
    check(tt, np.zeros(shape, dtype))


OPTIONS = [
    dict(precision=2),
    dict(precision=0),
    dict(precision=8),
    dict(threshold=5),
    dict(threshold=0),
    dict(threshold=math.inf),
    dict(edgeitems=1, threshold=10),
    dict(edgeitems=5, threshold=10),
    dict(edgeitems=0, threshold=10),
    dict(linewidth=20),
    dict(linewidth=200),
    dict(linewidth=1),
    dict(sci_mode=True),
    dict(sci_mode=False),
    dict(sci_mode=True, precision=1),
    dict(profile="short"),
    dict(profile="full"),
    dict(profile="short", precision=6, linewidth=50),
]
OPTION_ARRAYS = {
    "float": _spread((7, 9), -2, 2),
    "float_big": _random((1200,), 1.0),
    "float_tiny": _spread((12,), -12, -5),
    "float_ints": np.arange(-20, 30, dtype=np.float32).reshape(5, 10),
    "scalar": np.array(2.5, np.float32),
    "int": RNG.integers(-5000, 5000, (30, 40)),
    "bool": RNG.random((3, 20)) > 0.5,
    "complex": (_random((4, 6), 1.0) + 1j * _random((4, 6), 1e-3)).astype(np.complex64),
    "rank3": _random((4, 5, 6), 1.0),
}


@pytest.mark.parametrize("options", OPTIONS, ids=[str(o) for o in OPTIONS])
@pytest.mark.parametrize("name", sorted(OPTION_ARRAYS))
def test_printoptions(tt, options, name):
    check(tt, OPTION_ARRAYS[name], **options)


@pytest.mark.parametrize(
    "array",
    [
        np.array([1.5], np.float32),
        np.array([1.5], np.float64),
        np.array([1 + 1j], np.complex64),
        np.array([1 + 1j], np.complex128),
        np.array([1.0, 2.0], np.float16),
        np.array([1, 2], np.int64),
        np.array([True]),
        np.zeros((0, 2), np.float32),
        np.zeros((0, 2), np.float64),
        np.zeros(0, np.int64),
    ],
)
def test_default_float64(tt, array):
    torch.set_default_dtype(torch.float64)
    tt.set_default_dtype(tt.float64)
    try:
        check(tt, array)
    finally:
        tt.set_default_dtype(tt.float32)


def test_autograd_suffixes(tt):
    data = np.arange(1, 31, dtype=np.float32).reshape(3, 10) / 7
    for requires_grad in (False, True):
        ours = make(data, requires_grad=requires_grad)
        theirs = tt.tensor(data, requires_grad=requires_grad)
        assert repr(ours) == repr(theirs)
        assert repr(ours * 2) == repr(theirs * 2)
        assert repr(ours.sum()) == repr(theirs.sum())
    # a long last line pushes the suffixes onto lines of their own
    row = np.linspace(1, 2, 14).astype(np.float64)
    ours = make(row, requires_grad=True)
    theirs = tt.tensor(row, requires_grad=True)
    assert repr(ours) == repr(theirs)
    assert repr(ours * 3) == repr(theirs * 3)


def test_tensor_contents(tt):
    ours, theirs = make(np.zeros(3, np.int32)), tt.zeros(3, dtype=tt.int32)
    assert ours.__repr__(tensor_contents="[1, 2]") == theirs.__repr__(tensor_contents="[1, 2]")


def test_parameter(tt):
    nn = pytest.importorskip("numtorch.nn")
    data = np.array([[1.5, -2.0], [0.25, 8.0]], np.float32)
    ours = nn.Parameter(make(data))
    theirs = tt.nn.Parameter(tt.from_numpy(data))
    assert repr(ours) == repr(theirs)


def test_hypothesis_floats(tt):
    """Random float arrays of any magnitudes and specials, in every float dtype."""
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    hnp = pytest.importorskip("hypothesis.extra.numpy")

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(
        array=hnp.arrays(
            np.float64,
            hnp.array_shapes(min_dims=0, max_dims=3, max_side=6),
            elements=st.floats(allow_nan=True, allow_infinity=True, width=64),
        ),
        dtype=st.sampled_from(["float32", "float64", "float16"]),
        sci_mode=st.sampled_from([None, None, True, False]),
    )
    def run(array, dtype, sci_mode):
        with np.errstate(over="ignore"):
            check(tt, array.astype(dtype), sci_mode=sci_mode)

    run()
