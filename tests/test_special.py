"""Tests for numtorch.ops._special, the array-level special functions.

Three layers:

* known values, special values and identities, needing neither SciPy nor PyTorch;
* float64 against ``scipy.special`` and real PyTorch over wide grids, in ulps of the reference
  (the bounds below are what the algorithms achieve, with a small margin; see each test);
* float32 against PyTorch: our float32 results are float64 results rounded once, so they agree
  with PyTorch's float64 results rounded to float32 (all but a handful exactly); PyTorch's own
  float32 kernels compute in single precision, so the distance to *them* is PyTorch's float32
  error, bounded per function below.

Tolerances are in units in the last place (ulp) of the expected value, in its own dtype, with an
absolute floor only where the reference (or the function) loses relative accuracy by nature:
near zeros produced by cancellation (negative-axis roots of digamma/lgamma/polygamma) and in
PyTorch's sinc near integers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from numtorch.ops import _special as S

try:
    import ml_dtypes

    BF16 = np.dtype(ml_dtypes.bfloat16)
except ImportError:  # pragma: no cover - ml_dtypes is optional
    BF16 = None

INF, NAN = math.inf, math.nan
EULER = 0.57721566490153286061
ZETA3 = 1.2020569031595942854


# --- helpers ------------------------------------------------------------------------------------


def ulp_errors(actual, expected, dtype=np.float64):
    """|actual - expected| in ulps of expected (in ``dtype``), over the entries finite in both.

    Non-finite entries must agree exactly (nan with nan, inf with the same inf): a mismatch there
    is reported as an AssertionError rather than hidden in the statistics.
    """
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    assert a.shape == e.shape
    finite = np.isfinite(a) & np.isfinite(e)
    agree = finite | (np.isnan(a) & np.isnan(e)) | (a == e)
    if not agree.all():
        i = np.flatnonzero(~agree)[:8]
        raise AssertionError(
            f"non-finite mismatch at {i}: actual {a.flat[i]}, expected {e.flat[i]}"
        )
    spacing = np.spacing(np.abs(e[finite]).astype(dtype)).astype(np.float64)
    return np.abs(a[finite] - e[finite]) / spacing, finite


def assert_ulp(actual, expected, max_ulp, *, dtype=np.float64, atol=0.0, x=None):
    """Every finite entry within max_ulp ulps (or atol absolutely); non-finite entries equal."""
    a = np.asarray(actual, dtype=np.float64).ravel()
    e = np.asarray(expected, dtype=np.float64).ravel()
    err, finite = ulp_errors(a, e, dtype)
    ok = (err <= max_ulp) | (np.abs(a[finite] - e[finite]) <= atol)
    if not ok.all():
        worst = np.argsort(-np.where(ok, 0, err))[:5]
        where = "" if x is None else f" at x={np.asarray(x).ravel()[finite][worst]}"
        raise AssertionError(
            f"{(~ok).sum()} entries beyond {max_ulp} ulp{where}: actual {a[finite][worst]}, "
            f"expected {e[finite][worst]}, ulps {err[worst]}"
        )


def cot_error_bound(x, f):
    """The error of a digamma whose pi*cot(pi*x) takes an unreduced argument (SciPy, PyTorch).

    pi*x carries an absolute rounding error of eps*pi*|x|, which d/du cot(u) = -1/sin(u)^2
    magnifies; ours reduces x first (1.2e-15 * max(|f|, 1) against mpmath).
    """
    s = np.sin(np.pi * (x - np.round(x)))
    with np.errstate(divide="ignore"):  # an infinite bound at the poles
        return 1e-15 * (np.maximum(np.abs(f), 1.0) + np.pi**2 * np.abs(x) / s**2)


def spread(lo, hi, n=4000):
    """Uniform samples, the same for the same arguments whatever runs first."""
    return np.random.default_rng(abs(hash((lo, hi, n)))).uniform(lo, hi, n)


def logs(lo, hi, n=400):
    """Log-spaced magnitudes, both signs."""
    m = np.logspace(lo, hi, n)
    return np.concatenate([m, -m])


EDGES = np.array([
    0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 3.0, -3.0, -2.5, 1e-300, -1e-300, 5e-324,
    -5e-324, 1e-8, 0.84375, 1.25, 6.0, 8.0, -8.0, 10.0, 26.6, 28.0, -28.0, 100.0, -100.5, 700.0,
    1e17, 1e20, 1e300, -1e300, 2.0**52, -(2.0**52) - 0.5, 1.7976931348623157e308,
    -1.7976931348623157e308, 0.9999999999999999, -0.9999999999999999, 1.0000000000000002, 0.7,
    0.3, INF, -INF, NAN,
])  # fmt: skip

UNARY = {
    "erf": S.erf, "erfc": S.erfc, "erfinv": S.erfinv, "lgamma": S.lgamma, "digamma": S.digamma,
    "i0": S.i0, "i0e": S.i0e, "i1": S.i1, "i1e": S.i1e, "ndtri": S.ndtri,
    "log_ndtr": S.log_ndtr, "sinc": S.sinc, "entr": S.entr,
}  # fmt: skip


# --- known values (no SciPy, no PyTorch) --------------------------------------------------------

# reference values: mpmath at 60 digits, of the double nearest the argument written
KNOWN = [
    (S.erf, 0.0, 0.0),
    (S.erf, 1.0, 0.8427007929497148693),
    (S.erf, -0.5, -0.5204998778130465377),
    (S.erf, 3.0, 0.9999779095030014146),
    (S.erfc, 0.0, 1.0),
    (S.erfc, 1.0, 0.1572992070502851307),
    (S.erfc, 10.0, 2.0884875837625447570e-45),
    (S.erfc, 26.0, 5.663192408856143e-296),
    (S.erfc, -2.0, 1.9953222650189528),
    (S.erfinv, 0.0, 0.0),
    (S.erfinv, 0.5, 0.4769362762044699),
    (S.erfinv, -0.9, -1.1630871536766743),
    (S.erfinv, 1 - 2.0**-52, 5.805018683193453),
    (S.lgamma, 1.0, 0.0),
    (S.lgamma, 2.0, 0.0),
    (S.lgamma, 0.5, 0.5723649429247000871),  # log(sqrt(pi))
    (S.lgamma, 10.0, math.log(362880.0)),
    (S.lgamma, -0.5, 1.2655121234846453965),  # log(2 sqrt(pi))
    (S.lgamma, 1e-300, 690.7755278982137),
    (S.lgamma, 1e300, 6.897755278982137e302),
    (S.digamma, 1.0, -EULER),
    (S.digamma, 0.5, -EULER - 2 * math.log(2)),
    (S.digamma, 2.0, 1 - EULER),
    (S.digamma, 1.4616321449683623, -9.241265521729427e-17),  # next to the positive root
    (S.digamma, -0.5, 0.03648997397857652056),
    (S.digamma, 1e-300, -1e300),
    (S.i0, 0.0, 1.0),
    (S.i0, 1.0, 1.2660658777520083356),
    (S.i0, -10.0, 2815.7166284662544715),
    (S.i0e, 0.0, 1.0),
    (S.i0e, 100.0, 0.03994437929909668),
    (S.i1, 0.0, 0.0),
    (S.i1, 1.0, 0.5651591039924850273),
    (S.i1, -10.0, -2670.9883037012546543),
    (S.i1e, 0.0, 0.0),
    (S.i1e, -100.0, -0.03974415302513025),
    (S.ndtri, 0.5, 0.0),
    (S.ndtri, 0.975, 1.9599639845400538),  # of the double nearest 0.975
    (S.ndtri, 1e-300, -37.0470962993612),
    (S.log_ndtr, 0.0, -math.log(2)),
    (S.log_ndtr, -10.0, -53.23128515051247),
    (S.log_ndtr, -100.0, -5005.524208694205),
    (S.log_ndtr, 3.0, -0.0013508099647481938),
    (S.sinc, 0.0, 1.0),
    (S.sinc, 0.5, 2 / math.pi),
    (S.sinc, 1.0, 0.0),
    (S.sinc, -2.0, 0.0),
    (S.sinc, 1.5, -2 / (3 * math.pi)),
    (S.entr, 0.0, 0.0),
    (S.entr, 1.0, 0.0),
    (S.entr, 0.5, 0.5 * math.log(2)),
]


@pytest.mark.parametrize(("fn", "x", "expected"), KNOWN)
def test_known_values(fn, x, expected):
    got = fn(np.float64(x))
    assert got.dtype == np.float64 and got.shape == ()
    if expected == 0.0:
        assert abs(float(got)) <= 1e-16
    else:
        assert float(got) == pytest.approx(expected, rel=4e-16, abs=0)


def test_known_polygamma():
    assert float(S.polygamma(1, 1.0)) == pytest.approx(math.pi**2 / 6, rel=4e-16)
    assert float(S.polygamma(1, 0.5)) == pytest.approx(math.pi**2 / 2, rel=4e-16)
    assert float(S.polygamma(2, 1.0)) == pytest.approx(-2 * ZETA3, rel=4e-16)
    assert float(S.polygamma(3, 1.0)) == pytest.approx(math.pi**4 / 15, rel=4e-16)
    assert float(S.polygamma(1, 1e300)) == pytest.approx(1e-300, rel=4e-16)
    assert float(S.polygamma(0, 1.0)) == float(S.digamma(1.0))
    with pytest.raises(RuntimeError, match="negative n"):
        S.polygamma(-1, 1.0)


def test_binary_known_values():
    assert float(S.xlogy(0.0, 0.0)) == 0.0
    assert float(S.xlogy(2.0, math.e)) == pytest.approx(2.0)
    assert float(S.xlogy(3.0, 0.0)) == -INF
    assert float(S.xlog1py(0.0, -1.0)) == 0.0
    assert float(S.xlog1py(2.0, 1e-20)) == pytest.approx(2e-20, rel=1e-15)
    assert float(S.xlog1py(1.0, -1.0)) == -INF


# --- special values and conventions (PyTorch's) -------------------------------------------------

SPECIAL = [
    (S.erf, [INF, -INF, -0.0], [1.0, -1.0, -0.0]),
    (S.erfc, [INF, -INF, 30.0, -30.0], [0.0, 2.0, 0.0, 2.0]),
    (S.erfinv, [1.0, -1.0, 1.5, -1.0000000000000002, -0.0], [INF, -INF, NAN, NAN, -0.0]),
    (S.lgamma, [0.0, -0.0, -1.0, -3.0, -(2.0**60), INF, -INF], [INF] * 7),
    (S.digamma, [0.0, -0.0, -1.0, -7.0, -INF, INF], [-INF, INF, NAN, NAN, NAN, INF]),
    (S.i0, [INF, -INF], [NAN, NAN]),  # inf/inf in the Cephes formula, as in PyTorch and SciPy
    (S.i0e, [INF, -INF], [0.0, 0.0]),
    (S.i1, [INF, -INF, -0.0], [NAN, NAN, 0.0]),
    (S.i1e, [INF, -INF], [0.0, -0.0]),
    (S.ndtri, [0.0, 1.0, -0.1, 1.1], [-INF, INF, NAN, NAN]),
    (S.log_ndtr, [-INF, INF, -1e200], [-INF, -0.0, -INF]),
    (S.sinc, [INF, -INF, 1e300, 2.0**52], [NAN, NAN, 0.0, 0.0]),
    (S.entr, [-1.0, -INF, INF], [-INF, -INF, -INF]),
]


@pytest.mark.parametrize(("fn", "x", "expected"), SPECIAL)
def test_special_values(fn, x, expected):
    got = fn(np.array(x))
    np.testing.assert_array_equal(got, np.array(expected))
    # signed zeros too
    zeros = np.array(expected) == 0
    np.testing.assert_array_equal(np.signbit(got[zeros]), np.signbit(np.array(expected)[zeros]))


@pytest.mark.parametrize("name", sorted(UNARY))
def test_nan_propagates(name):
    assert np.isnan(UNARY[name](np.array([NAN]))).all()


def test_polygamma_special_values():
    x = np.array([0.0, -1.0, -5.0, -INF, INF, NAN])
    np.testing.assert_array_equal(S.polygamma(1, x), [INF, INF, INF, INF, 0.0, NAN])
    np.testing.assert_array_equal(S.polygamma(2, x), [-INF, -INF, -INF, -INF, -0.0, NAN])
    np.testing.assert_array_equal(S.polygamma(3, x), [INF, INF, INF, INF, 0.0, NAN])
    assert np.signbit(S.polygamma(2, np.array([INF])))[0]


def test_binary_special_values():
    x = np.array([0.0, 0.0, 0.0, 1.0, NAN, 0.0, 2.0])
    y = np.array([0.0, NAN, INF, 0.0, 1.0, -1.0, -2.0])
    np.testing.assert_array_equal(S.xlogy(x, y), [0.0, NAN, 0.0, -INF, NAN, 0.0, NAN])
    y1 = np.array([-1.0, NAN, INF, -1.0, 1.0, -2.0, -2.0])
    np.testing.assert_array_equal(S.xlog1py(x, y1), [0.0, NAN, 0.0, -INF, NAN, 0.0, NAN])


# --- identities (no SciPy, no PyTorch) ----------------------------------------------------------


def test_erf_plus_erfc():
    x = spread(-6, 6)
    assert_ulp(S.erf(x) + S.erfc(x), np.ones_like(x), 2)
    assert_ulp(S.erf(-x), -S.erf(x), 0)


def test_erfc_tail_has_no_cancellation():
    # erfc(x) ~ exp(-x^2)/(x sqrt(pi)) sum_k (-1)^k (2k-1)!! / (2x^2)^k, converged to 1e-17 at 12
    x = np.linspace(12.0, 26.0, 200)
    w = 1 / (2 * x * x)
    series = sum((-1) ** k * math.prod(range(1, 2 * k, 2)) * w**k for k in range(11))
    # compare logs: exp(-x*x) would carry the rounding of x*x, ~x^2 eps relative
    ref = -x * x - np.log(x * math.sqrt(math.pi)) + np.log(series)
    np.testing.assert_allclose(np.log(S.erfc(x)), ref, rtol=2e-15)


def test_erfinv_inverts_erf():
    y = np.concatenate([spread(-1, 1), 1 - np.logspace(-16, -1, 300), np.logspace(-300, -1, 300)])
    x = S.erfinv(y)
    # erf is flat far out: compare in y, with erfc where erf has no digits left; erfc magnifies
    # an error of 1 ulp in x by its condition number 2x^2
    big = np.abs(y) > 0.5
    assert_ulp(S.erf(x[~big]), y[~big], 2)
    xb = np.abs(x[big])
    rtol = (2 * xb * xb + 2) * 2.3e-16
    err = np.abs(S.erfc(xb) - (1 - np.abs(y[big]))) / (1 - np.abs(y[big]))
    assert (err <= rtol).all()


def test_lgamma_recurrence():
    x = np.concatenate([spread(0.1, 40), spread(-30, -0.1)])
    x = x[np.abs(x - np.round(x)) > 1e-3]
    lhs = S.lgamma(x + 1) - S.lgamma(x)
    np.testing.assert_allclose(lhs, np.log(np.abs(x)), rtol=0, atol=2e-14 * np.max(np.abs(x)))


def test_digamma_and_polygamma_recurrence():
    x = spread(0.5, 40)
    np.testing.assert_allclose(S.digamma(x + 1) - S.digamma(x), 1 / x, rtol=1e-13, atol=1e-15)
    for n in (1, 2, 3, 6):
        lhs = S.polygamma(n, x) - S.polygamma(n, x + 1)
        rhs = (-1) ** (n + 1) * math.factorial(n) / x ** (n + 1)
        np.testing.assert_allclose(lhs, rhs, rtol=1e-12)


def test_polygamma_reflection_negative_axis():
    # psi_1(x) + psi_1(1 - x) = pi^2 / sin^2(pi x), the sine reduced exactly to [-pi/2, pi/2]
    x = spread(-20, 0)
    x = x[np.abs(x - np.round(x)) > 1e-3]
    lhs = S.polygamma(1, x) + S.polygamma(1, 1 - x)
    np.testing.assert_allclose(
        lhs, math.pi**2 / np.sin(math.pi * (x - np.round(x))) ** 2, rtol=1e-14
    )


def test_scaled_bessel_relations():
    x = spread(-700, 700)
    np.testing.assert_allclose(S.i0e(x), np.exp(-np.abs(x)) * S.i0(x), rtol=1e-14)
    np.testing.assert_allclose(S.i1e(x), np.exp(-np.abs(x)) * S.i1(x), rtol=1e-14)
    # I0 and I1 are still finite a little past exp's overflow at 709.78
    assert np.isfinite(S.i0(np.array([713.0]))).all()
    assert np.isinf(S.i0(np.array([714.0]))).all()


def test_ndtri_inverts_the_normal_cdf():
    x = spread(-37, 0)  # p below 1/2, where it carries all of x's digits
    p = 0.5 * S.erfc(-x / math.sqrt(2))
    np.testing.assert_allclose(S.ndtri(p), x, rtol=1e-13, atol=1e-13)


def test_log_ndtr_matches_log_of_cdf_and_tails():
    x = spread(-30, 0)
    np.testing.assert_allclose(S.log_ndtr(x), np.log(0.5 * S.erfc(-x / math.sqrt(2))), rtol=5e-14)
    # far left: -x^2/2 - log(-x) - log(2 pi)/2 + log(1 - 1/x^2 + 3/x^4 - ...)
    x = -np.logspace(2, 150, 100)
    w = 1 / (x * x)
    series = -w + 3 * w**2 - 15 * w**3 + 105 * w**4 - 945 * w**5
    ref = -0.5 * x * x - np.log(-x) - 0.5 * math.log(2 * math.pi) + np.log1p(series)
    np.testing.assert_allclose(S.log_ndtr(x), ref, rtol=1e-15)


def test_sinc_zeros_are_exact():
    k = np.concatenate([np.arange(-50.0, 51.0), [2.0**40, -(2.0**60), 1e300]])
    k = k[k != 0]
    assert (S.sinc(k) == 0).all()
    assert (S.sinc(np.arange(-50.5, 51.0)) != 0).all()


def test_entr_and_xlogy_agree():
    x = spread(0, 10)
    np.testing.assert_array_equal(S.entr(x), -S.xlogy(x, x))


# --- dtypes and shapes --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, "bfloat16"])
def test_unary_dtype_and_rounding(name, dtype):
    if dtype == "bfloat16":
        if BF16 is None:
            pytest.skip("ml_dtypes is not installed")
        dtype = BF16
    fn = UNARY[name]
    x = np.linspace(-3, 3, 61).astype(dtype)
    if name == "ndtri":
        x = np.linspace(0, 1, 61).astype(dtype)
    got = fn(x)
    assert got.dtype == np.dtype(dtype) and got.shape == x.shape
    # computed in float64 and rounded once
    want = fn(x.astype(np.float64)).astype(dtype)
    np.testing.assert_array_equal(got.astype(np.float64), want.astype(np.float64))


def test_integer_and_bool_inputs_give_default_float():
    assert S.erf(np.arange(3)).dtype == np.float32
    assert S.lgamma(np.array([True, False])).dtype == np.float32
    assert S.xlogy(np.arange(3), np.arange(3)).dtype == np.float32
    assert float(S.i0(np.array(0))) == 1.0


def test_shapes_and_layouts():
    a = np.arange(24.0).reshape(2, 3, 4) / 5 - 2
    for fn in UNARY.values():
        assert fn(a).shape == a.shape
        np.testing.assert_array_equal(fn(a.transpose(2, 0, 1)), fn(a).transpose(2, 0, 1))
        np.testing.assert_array_equal(fn(a[:, ::2, ::-1]), fn(a)[:, ::2, ::-1])
        assert fn(np.empty((0, 3))).shape == (0, 3)
        assert fn(np.float64(0.25)).shape == ()
    assert S.polygamma(2, a).shape == a.shape


def test_binary_broadcast_and_promotion():
    x = np.array([[0.5], [2.0]], dtype=np.float32)
    y = np.array([1.0, 2.0, 3.0], dtype=np.float64)
    assert S.xlogy(x, y).shape == (2, 3)
    assert S.xlogy(x, y).dtype == np.float64
    assert S.xlogy(x, 2.0).dtype == np.float32  # a Python scalar takes the tensor's dtype
    assert S.xlog1py(3, np.float16([1.0])).dtype == np.float16
    if BF16 is not None:
        assert S.xlogy(np.float16([1.0]), np.ones(1, BF16)).dtype == np.float32  # as torch


def test_inputs_are_not_modified():
    x = np.array([0.3, -1.5, 2.0])
    before = x.copy()
    for fn in UNARY.values():
        fn(x)
    S.polygamma(3, x)
    S.xlogy(x, x)
    np.testing.assert_array_equal(x, before)


# --- float64 against SciPy ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def sp():
    return pytest.importorskip("scipy.special")


REAL = np.concatenate([spread(-30, 30), logs(-300, 300), EDGES])
POSITIVE = np.concatenate([spread(0, 30), spread(0, 3), np.logspace(-300, 300, 400)])
UNIT = np.concatenate([spread(-1, 1), 1 - np.logspace(-16, -0.3, 300), -np.logspace(-320, 0, 300)])
PROB = np.concatenate([spread(0, 1), np.logspace(-320, -0.3, 300), 1 - np.logspace(-16, -0.3, 300)])


def test_erf_vs_scipy(sp):
    # ours is within 1 ulp of the truth, scipy's (Cephes) within 2
    assert_ulp(S.erf(REAL), sp.erf(REAL), 2, x=REAL)


def test_erfc_vs_scipy(sp):
    # ours is within 2 ulp of mpmath everywhere; SciPy's (Cephes) within ~10 below 4, but it drifts
    # to ~60 ulp at 10, ~500 towards 26 (where glibc, in the PyTorch test, stays within 1)
    x = REAL[REAL < 4]
    assert_ulp(S.erfc(x), sp.erfc(x), 12, x=x)


def test_erfinv_vs_scipy(sp):
    # ours within 1 ulp of the truth, SciPy's (Boost) within 3
    assert_ulp(S.erfinv(UNIT), sp.erfinv(UNIT), 3, x=UNIT)


def test_lgamma_vs_scipy_positive(sp):
    # Cephes lgam (SciPy) loses relative accuracy next to the zeros at 1 and 2 (2e3 ulp), which
    # fdlibm's expansions about them keep: compare in ulps away from them, absolutely near them
    x = POSITIVE
    assert_ulp(S.lgamma(x), sp.gammaln(x), 4, atol=1e-15, x=x)


def test_digamma_vs_scipy(sp):
    # same Boost rational approximation on [1, 2]: ~2 ulp apart for x > 0. On the negative axis
    # SciPy takes tan(pi x) of an unreduced argument and is off by up to 5e-13 * max(|f|, 1)
    # (ours: 1.2e-15 against mpmath)
    x = POSITIVE
    assert_ulp(S.digamma(x), sp.digamma(x), 3, x=x)
    x = spread(-30, 0)
    want = sp.digamma(x)
    np.testing.assert_array_less(np.abs(S.digamma(x) - want), cot_error_bound(x, want))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7, 12])
def test_polygamma_vs_scipy_positive(sp, n):
    x = np.concatenate([spread(0, 40, 2000), np.logspace(-5, 5, 200)])
    assert_ulp(S.polygamma(n, x), sp.polygamma(n, x), 6 + n, x=x)


def test_trigamma_vs_scipy_negative(sp):
    x = spread(-30, 0)
    x = x[np.abs(x - np.round(x)) > 1e-9]
    assert_ulp(S.polygamma(1, x), sp.polygamma(1, x), 8, x=x)


@pytest.mark.parametrize("name", ["i0", "i0e", "i1", "i1e"])
def test_bessel_vs_scipy(sp, name):
    # the same Cephes Chebyshev expansions: identical up to the evaluation order of exp()
    x = np.concatenate([spread(-700, 700), spread(-10, 10), logs(-300, 2.84), EDGES])
    assert_ulp(getattr(S, name)(x), getattr(sp, name)(x), 2, x=x)


def test_ndtri_vs_scipy(sp):
    assert_ulp(S.ndtri(PROB), sp.ndtri(PROB), 2, x=PROB)


def test_log_ndtr_vs_scipy(sp):
    # ours is within 5 ulp of mpmath everywhere; for x > 0 SciPy takes erfc of a rounded
    # x/sqrt(2), whose condition number x^2 shows: up to ~1.5 x^2 ulp
    x = np.concatenate([spread(-40, 30), -np.logspace(0, 150, 300), EDGES])
    err, fin = ulp_errors(S.log_ndtr(x), sp.log_ndtr(x))
    assert (err <= 10 + 2 * np.clip(x[fin], 0, 1e100) ** 2).all()


def test_entr_xlogy_xlog1py_vs_scipy(sp):
    x = np.concatenate([spread(0, 10), np.logspace(-300, 300, 300), [0.0, INF, NAN]])
    # the same formulas; the log implementations (NumPy's vs the C library's) may differ by an ulp
    assert_ulp(S.entr(x), sp.entr(x), 2)
    y = np.random.default_rng(7).permutation(x)
    assert_ulp(S.xlogy(x, y), sp.xlogy(x, y), 2)
    assert_ulp(S.xlog1py(x, y - 1), sp.xlog1py(x, y - 1), 2)


# --- against PyTorch ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def torch_fn(torch, name):
    return {"lgamma": torch.lgamma}.get(name) or getattr(torch.special, name)


def run_torch(torch, name, x, *args):
    return torch_fn(torch, name)(*args, torch.from_numpy(np.ascontiguousarray(x))).numpy()


# float64 bounds against PyTorch, in ulps. Its Cephes-derived kernels (i0, i1, ndtri, zeta) are
# compiled with fused multiply-adds, so they differ from the same algorithm here by a few ulp,
# and by up to ~10 where the Chebyshev sums of i1 lose digits near x = 8 (ours and SciPy's too).
TORCH64_ULP = {
    "erf": (REAL, 1), "erfc": (REAL, 3), "erfinv": (UNIT, 1), "entr": (np.abs(REAL), 1),
    "i0": (REAL, 6), "i0e": (REAL, 6), "i1": (REAL, 16), "i1e": (REAL, 12), "ndtri": (PROB, 6),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(TORCH64_ULP))
def test_float64_vs_torch(torch, name):
    x, max_ulp = TORCH64_ULP[name]
    if name in ("i0", "i1"):  # PyTorch overflows from 709.8 on (a deviation, tested below)
        x = x[np.abs(x) < 709]
    assert_ulp(UNARY[name](x), run_torch(torch, name, x), max_ulp, x=x)


def test_lgamma_float64_vs_torch(torch):
    # x > 0: fdlibm against glibc (fdlibm too, with lgamma_neg for x < 0): 2 ulp. Negative x:
    # our reflection log(pi / |x sin(pi x)|) - lgamma(-x) cancels next to lgamma's zeros, where
    # glibc stays exact: an absolute error of a few eps * max(|f|, 1) (6e-16 against mpmath)
    x = REAL
    got, want = S.lgamma(x), run_torch(torch, "lgamma", x)
    assert_ulp(got[x > 0], want[x > 0], 3, x=x[x > 0])
    ulp_errors(got, want)  # the non-finite pattern everywhere
    neg = (x < 0) & np.isfinite(want)
    np.testing.assert_array_less(
        np.abs(got[neg] - want[neg]), 2e-15 * np.maximum(np.abs(want[neg]), 1.0)
    )


def test_digamma_float64_vs_torch(torch):
    # x > 0: PyTorch's recurrence cancels near the root 1.4616 (~500 ulp of a small value) and
    # accumulates ~10 ulp elsewhere (ours: 2 ulp against mpmath); on the negative axis it takes
    # tan(pi x) of an unreduced argument (see cot_error_bound)
    x = REAL[(REAL != -0.9999999999999999)]  # a documented deviation, see DEVIATIONS
    got, want = S.digamma(x), run_torch(torch, "digamma", x)
    ulp_errors(got, want)  # the non-finite pattern
    pos = (x > 0) & np.isfinite(want)
    assert_ulp(got[pos], want[pos], 16, atol=1e-15, x=x[pos])
    neg = (x < 0) & np.isfinite(want)
    np.testing.assert_array_less(np.abs(got[neg] - want[neg]), cot_error_bound(x[neg], want[neg]))


def test_log_ndtr_float64_vs_torch(torch):
    # PyTorch takes erfc of a rounded x/sqrt(2) for x > -1; erfc's condition number x^2 shows
    # in its result for x > 0 (ours stays within 5 ulp of mpmath)
    x = REAL
    err, fin = ulp_errors(S.log_ndtr(x), run_torch(torch, "log_ndtr", x))
    assert (err <= 8 + 2 * np.clip(x[fin], 0, 1e100) ** 2).all()


def test_sinc_float64_vs_torch(torch):
    # PyTorch's sin(pi * x) rounds pi * x: an absolute error up to ~eps, which is all of the value
    # next to the integers (ours is exact there)
    x = REAL[np.abs(REAL) < 1e308]
    got, want = S.sinc(x), run_torch(torch, "sinc", x)
    ulp_errors(got, want)
    fin = np.isfinite(want)
    np.testing.assert_array_less(
        np.abs(got[fin] - want[fin]), 2.5e-16 + 4 * np.spacing(np.abs(want[fin]))
    )


@pytest.mark.parametrize("n", [2, 3, 4, 7])
def test_polygamma_float64_vs_torch(torch, n):
    # torch uses Cephes' Hurwitz zeta for n >= 2, like ours for x > 0; for x < 0 it sums from the
    # negative start directly (up to 3e-13 relative error near psi_n's zeros; ours is 1e-14)
    x = np.concatenate([spread(0.01, 40, 2000), spread(-20, 0, 500)])
    x = x[np.abs(x - np.round(x)) > 1e-6]
    got, want = S.polygamma(n, x), run_torch(torch, "polygamma", x, n)
    pos = x > 0
    assert_ulp(got[pos], want[pos], 3 * n + 6, x=x[pos])
    np.testing.assert_allclose(got[~pos], want[~pos], rtol=1e-11)


def test_trigamma_float64_vs_torch(torch):
    # PyTorch's trigamma stops its asymptotic series early: ~5e-10 relative error (ours: 4 ulp)
    x = np.concatenate([spread(0.01, 40), spread(-20, 0, 500)])
    x = x[np.abs(x - np.round(x)) > 1e-6]
    np.testing.assert_allclose(S.polygamma(1, x), run_torch(torch, "polygamma", x, 1), rtol=2e-9)


# Edge values where we deliberately differ from PyTorch, whose value there is an overflow or a
# rounding artefact; checked so that the differences stay deliberate.
DEVIATIONS = {
    # PyTorch's reflection rounds pi * x next to the pole at -1: we give -1/(x + 1)
    ("digamma", -0.9999999999999999): -9007199254740992.0,
    # exp(x) overflows before I0(x), I1(x) do
    ("i0", 712.0): 2.4684110577627523e307,
    ("i1", 712.0): 2.466677013524615e307,
    # pi * x overflows; sinc(x) is exactly 0 at these (even) integers
    ("sinc", 1.7976931348623157e308): 0.0,
    ("sinc", -1.7976931348623157e308): -0.0,
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_edge_values_vs_torch(torch, name):
    x = EDGES.copy()
    if name in ("erfinv", "ndtri"):
        x = np.concatenate([x, [0.1, -0.7, 0.99, 1 - 2.0**-53]])
    got, want = UNARY[name](x), run_torch(torch, name, x)
    for i, v in enumerate(x):
        if (name, float(v)) in DEVIATIONS:
            assert got[i] == DEVIATIONS[name, float(v)]
            want[i] = got[i]
    if name == "sinc":  # torch's sin(pi x) leaves ~4e-17 where sinc is exactly 0
        np.testing.assert_allclose(got, want, rtol=1e-14, atol=2.5e-16)
    elif name == "log_ndtr":  # torch's erfc(x/sqrt(2)) loses ~x^2 ulp for x > 3
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=0)
    elif name in ("lgamma", "digamma"):  # see the float64 tests above
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)
    else:
        assert_ulp(got, want, 16, atol=1e-310, x=x)
    ulp_errors(got, want)  # the same non-finite values


def test_polygamma_edges_vs_torch(torch):
    # agreed: poles at 0 and at negative integers for n >= 2; deliberate deviations: torch's
    # trigamma gives ~1e32 (rounding of sin(pi x)) at negative integers where we give the pole's
    # +inf, nan at -inf where we give the pole's value, and nan at +inf (n >= 2) where we give 0
    x = np.array([0.0, -1.0, -2.0, -28.0, 0.5, -2.5, 3.0, NAN])
    for n in (2, 3, 4):
        got, want = S.polygamma(n, x), run_torch(torch, "polygamma", x, n)
        np.testing.assert_allclose(got, want, rtol=1e-11, equal_nan=True)
    ours = S.polygamma(1, np.array([-1.0, -INF, INF]))
    np.testing.assert_array_equal(ours, [INF, INF, 0.0])


# float32: our results are float64 results rounded once, so they agree with PyTorch's float64
# results rounded to float32 (>= 99.9% exactly, never by more than 1 ulp);
# PyTorch's float32 kernels compute in single precision, and these are their errors as measured
# on x86-64 (doubled, for other vector paths).
F32_TORCH_ULP = {
    "erf": 2, "erfc": 2, "erfinv": 2, "lgamma": 2, "i0": 8, "i0e": 6, "i1": 30, "i1e": 18,
    "ndtri": 6, "entr": 2,
}  # fmt: skip
F32_GRIDS = {
    "erf": (-6, 6), "erfc": (-6, 12), "erfinv": (-1, 1), "lgamma": (0, 40), "digamma": (0, 40),
    "i0": (-80, 80), "i0e": (-80, 80), "i1": (-80, 80), "i1e": (-80, 80), "ndtri": (0, 1),
    "log_ndtr": (-40, 10), "sinc": (-10, 10), "entr": (0, 10),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(F32_GRIDS))
def test_float32_is_float64_rounded_vs_torch(torch, name):
    x = spread(*F32_GRIDS[name], n=20000).astype(np.float32)
    got = UNARY[name](x)
    assert got.dtype == np.float32
    want = run_torch(torch, name, x.astype(np.float64)).astype(np.float32)
    err, fin = ulp_errors(got, want, np.float32)
    if name == "sinc":  # PyTorch's float64 sinc is off by ~eps absolutely next to the integers
        err[np.abs(got[fin].astype(np.float64) - want[fin]) <= 2.5e-16] = 0
    assert err.max() <= 1 and np.mean(err == 0) >= 0.999, (err.max(), np.mean(err == 0))


@pytest.mark.parametrize("name", sorted(F32_TORCH_ULP))
def test_float32_vs_torch_float32(torch, name):
    x = spread(*F32_GRIDS[name], n=20000).astype(np.float32)
    assert_ulp(UNARY[name](x), run_torch(torch, name, x), F32_TORCH_ULP[name], dtype=np.float32)


def test_float32_vs_torch_float32_less_accurate_kernels(torch):
    # torch's float32 digamma (single-precision recurrence) cancels near the root 1.4616, its
    # log_ndtr (float32 erfcx) drifts by ~80 ulp, its sinc rounds pi*x in float32
    x = spread(0, 40, 20000).astype(np.float32)
    np.testing.assert_allclose(S.digamma(x), run_torch(torch, "digamma", x), rtol=2e-6, atol=1e-6)
    x = spread(-40, 10, 20000).astype(np.float32)
    np.testing.assert_allclose(S.log_ndtr(x), run_torch(torch, "log_ndtr", x), rtol=2e-5)
    x = spread(-10, 10, 20000).astype(np.float32)
    np.testing.assert_allclose(S.sinc(x), run_torch(torch, "sinc", x), rtol=0, atol=1e-6)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_polygamma_float32_vs_torch(torch, n):
    x = spread(0.05, 40, 20000).astype(np.float32)
    assert_ulp(S.polygamma(n, x), run_torch(torch, "polygamma", x, n), 10, dtype=np.float32)


@pytest.mark.parametrize("name", ["erf", "erfc", "lgamma", "i0e", "sinc", "entr"])
@pytest.mark.parametrize("dtype", [np.float16, "bfloat16"])
def test_half_precisions_vs_torch(torch, name, dtype):
    if dtype == "bfloat16":
        if BF16 is None:
            pytest.skip("ml_dtypes is not installed")
        dtype, tdtype = BF16, torch.bfloat16
    else:
        tdtype = torch.float16
    lo, hi = F32_GRIDS.get(name, (-5, 5))
    x = spread(max(lo, -8), min(hi, 8), 2000).astype(dtype)
    # PyTorch's half-precision kernels lose tiny arguments (its bfloat16 erf(1e-10) is 0)
    x = x[np.abs(x.astype(np.float64)) > 1e-3]
    got = UNARY[name](x)
    assert got.dtype == np.dtype(dtype)
    t = torch.from_numpy(x.astype(np.float32)).to(tdtype)
    want = torch_fn(torch, name)(t).float().numpy()
    # torch computes these in float32 and rounds; ours rounds the float64 value: the same but for
    # a double rounding now and then; PyTorch's half-precision i0e is less accurate
    max_ulp = 3 if name == "i0e" else 1
    assert_ulp(got, want, max_ulp, dtype=dtype, atol=1e-7 if name == "sinc" else 0.0)
