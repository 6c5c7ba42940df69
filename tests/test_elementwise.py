"""Pointwise ops (elementwise, unary, binary, complex), driven by one table.

Each row: the op's name (the same in numtorch and torch), the input domain, and whether it is
differentiable. Values and dtypes are compared with PyTorch where it is installed; derivatives
are checked against finite differences in float64 everywhere.
"""

from __future__ import annotations

import numpy as np
import pytest

import numtorch as torch
from numtorch.autograd import gradcheck, gradgradcheck

from .conftest import assert_same, to_torch

# name, (low, high) of the sample inputs, differentiable
UNARY = [
    ("neg", (-3, 3), True), ("abs", (-3, 3), True), ("exp", (-3, 3), True),
    ("exp2", (-3, 3), True), ("expm1", (-3, 3), True), ("log", (0.1, 5), True),
    ("log2", (0.1, 5), True), ("log10", (0.1, 5), True), ("log1p", (-0.9, 5), True),
    ("sqrt", (0.1, 5), True), ("rsqrt", (0.1, 5), True), ("square", (-3, 3), True),
    ("sin", (-3, 3), True), ("cos", (-3, 3), True), ("tan", (-1.2, 1.2), True),
    ("asin", (-0.9, 0.9), True), ("acos", (-0.9, 0.9), True), ("atan", (-3, 3), True),
    ("sinh", (-3, 3), True), ("cosh", (-3, 3), True), ("tanh", (-3, 3), True),
    ("asinh", (-3, 3), True), ("acosh", (1.1, 5), True), ("atanh", (-0.9, 0.9), True),
    ("sigmoid", (-8, 8), True), ("relu", (-3, 3), True), ("erf", (-3, 3), True),
    ("erfc", (-3, 3), True), ("erfinv", (-0.9, 0.9), True), ("lgamma", (0.1, 5), True),
    ("digamma", (0.1, 5), True), ("sign", (-3, 3), True), ("sgn", (-3, 3), True),
    ("floor", (-3, 3), True), ("ceil", (-3, 3), True), ("round", (-3, 3), True),
    ("trunc", (-3, 3), True), ("frac", (-3, 3), True), ("reciprocal", (0.2, 3), True),
    ("sinc", (-3, 3), True), ("logit", (0.05, 0.95), True), ("deg2rad", (-3, 3), True),
    ("rad2deg", (-3, 3), True), ("nan_to_num", (-3, 3), True), ("angle", (-3, 3), False),
    ("isnan", (-3, 3), False), ("isinf", (-3, 3), False), ("isfinite", (-3, 3), False),
    ("signbit", (-3, 3), False),
]  # fmt: skip

BINARY = [
    ("add", (-3, 3), (-3, 3), True), ("sub", (-3, 3), (-3, 3), True),
    ("mul", (-3, 3), (-3, 3), True), ("div", (-3, 3), (0.5, 3), True),
    ("true_divide", (-3, 3), (0.5, 3), True), ("pow", (0.5, 3), (-2, 2), True),
    ("atan2", (-3, 3), (0.5, 3), True), ("hypot", (0.5, 3), (0.5, 3), True),
    ("maximum", (-3, 3), (-3, 3), True), ("minimum", (-3, 3), (-3, 3), True),
    ("fmax", (-3, 3), (-3, 3), True), ("fmin", (-3, 3), (-3, 3), True),
    ("logaddexp", (-3, 3), (-3, 3), True), ("xlogy", (-3, 3), (0.5, 3), True),
    ("copysign", (0.5, 3), (-3, 3), True), ("remainder", (-3, 3), (0.5, 3), True),
    ("fmod", (-3, 3), (0.5, 3), True), ("floor_divide", (-3, 3), (0.5, 3), False),
    ("eq", (-3, 3), (-3, 3), False), ("ne", (-3, 3), (-3, 3), False),
    ("lt", (-3, 3), (-3, 3), False), ("le", (-3, 3), (-3, 3), False),
    ("gt", (-3, 3), (-3, 3), False), ("ge", (-3, 3), (-3, 3), False),
]  # fmt: skip


def sample(low, high, shape, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, shape).astype(dtype)


@pytest.mark.parametrize("name,domain,diff", UNARY, ids=[r[0] for r in UNARY])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_unary_matches_torch(torch_ref, name, domain, diff, dtype):
    x = torch.tensor(sample(*domain, (3, 4), dtype))
    ours = getattr(torch, name)(x)
    theirs = getattr(torch_ref, name)(to_torch(x))
    tol = 1e-5 if dtype == "float32" else 1e-12
    assert_same(ours, theirs, rtol=tol, atol=tol)


@pytest.mark.parametrize(
    "name", ["abs", "neg", "exp", "sqrt", "sin", "sigmoid", "floor", "square", "sign", "relu"]
)
def test_unary_on_integers_matches_torch(torch_ref, name):
    x = torch.tensor([[0, 1, 2], [3, 4, 5]])
    assert_same(getattr(torch, name)(x), getattr(torch_ref, name)(to_torch(x)), rtol=1e-6)


@pytest.mark.parametrize("name,domain,diff", [r for r in UNARY if r[2]], ids=lambda r: str(r))
def test_unary_gradcheck(name, domain, diff):
    x = torch.tensor(sample(*domain, (2, 3)), requires_grad=True)
    if name in ("floor", "ceil", "round", "trunc", "sign", "sgn", "relu", "abs"):
        x = torch.tensor(sample(*domain, (2, 3)) + 0.25, requires_grad=True)  # away from kinks
    assert gradcheck(getattr(torch, name), (x,), eps=1e-6, atol=1e-5)


@pytest.mark.parametrize("name", ["exp", "sin", "tanh", "sigmoid", "log", "sqrt", "erf", "atan"])
def test_unary_gradgradcheck(name):
    x = torch.tensor(sample(0.2, 2.0, (3,)), requires_grad=True)
    assert gradgradcheck(getattr(torch, name), (x,))


@pytest.mark.parametrize("name,da,db,diff", BINARY, ids=[r[0] for r in BINARY])
@pytest.mark.parametrize("shapes", [((3, 4), (3, 4)), ((3, 1), (4,)), ((2, 3, 4), (1, 4))])
def test_binary_matches_torch(torch_ref, name, da, db, diff, shapes):
    a = torch.tensor(sample(*da, shapes[0], np.float32, 1))
    b = torch.tensor(sample(*db, shapes[1], np.float32, 2))
    ours = getattr(torch, name)(a, b)
    theirs = getattr(torch_ref, name)(to_torch(a), to_torch(b))
    assert_same(ours, theirs, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name,da,db,diff", [r for r in BINARY if r[3]], ids=lambda r: str(r))
def test_binary_gradcheck_with_broadcasting(name, da, db, diff):
    a = torch.tensor(sample(*da, (2, 3), seed=3), requires_grad=True)
    b = torch.tensor(sample(*db, (3,), seed=4), requires_grad=True)
    if name in ("maximum", "minimum", "fmax", "fmin", "remainder", "fmod", "copysign"):
        a = torch.tensor(sample(*da, (2, 3), seed=3) + 0.1, requires_grad=True)
    assert gradcheck(getattr(torch, name), (a, b))


# --- promotion -------------------------------------------------------------------------------

PROMOTION = [
    # (a dtype, b dtype or python scalar, expected)
    ("int64", "int64", "int64"), ("int32", "int64", "int64"), ("uint8", "int8", "int16"),
    ("bool", "int8", "int8"), ("bool", "bool", "bool"), ("int64", 2.5, "float32"),
    ("int32", 2, "int32"), ("uint8", 300, "uint8"), ("float16", "float32", "float32"),
    ("float16", 1.5, "float16"), ("float64", "float32", "float64"), ("int64", True, "int64"),
    ("bool", 1, "int64"), ("bool", 1.5, "float32"), ("float32", 1j, "complex64"),
    ("float64", 1j, "complex128"), ("int16", "float16", "float16"),
    ("float16", "bfloat16", "float32"), ("complex64", "float64", "complex128"),
]  # fmt: skip


def make(dtype_name, shape=(2,)):
    return torch.ones(shape, dtype=getattr(torch, dtype_name))


@pytest.mark.parametrize("a,b,expected", PROMOTION)
def test_promotion_literal(a, b, expected):
    other = make(b) if isinstance(b, str) else b
    assert (make(a) + other).dtype is getattr(torch, expected)


def test_dimensioned_tensors_outrank_zero_dim():
    assert (make("int32") + torch.tensor(5)).dtype is torch.int32  # int64 0-d doesn't win
    assert (make("int32") + torch.tensor(5.0)).dtype is torch.float32  # higher category wins
    assert (make("float16") + torch.tensor(5.0, dtype=torch.float64)).dtype is torch.float16
    assert (torch.tensor(1, dtype=torch.int8) + torch.tensor(1000)).dtype is torch.int64


def test_integer_division_is_float():
    a = torch.tensor([1, 2, 3])
    assert (a / a).dtype is torch.float32
    assert (a // 2).dtype is torch.int64
    torch.set_default_dtype(torch.float64)
    assert (a / 2).dtype is torch.float64


@pytest.mark.parametrize("a,b,expected", PROMOTION)
def test_promotion_matches_torch(torch_ref, a, b, expected):
    ta = torch_ref.ones(2, dtype=getattr(torch_ref, a))
    other = torch_ref.ones(2, dtype=getattr(torch_ref, b)) if isinstance(b, str) else b
    assert str((ta + other).dtype) == f"torch.{expected}"


# --- operators, scalars, in-place and out= ---------------------------------------------------


def test_reflected_operators_and_scalars():
    a = torch.tensor([1.0, 2.0, 4.0])
    np.testing.assert_allclose((2 - a).numpy(), [1, 0, -2])
    np.testing.assert_allclose((2 / a).numpy(), [2, 1, 0.5])
    np.testing.assert_allclose((2**a).numpy(), [2, 4, 16])
    np.testing.assert_allclose((7 % a).numpy(), [0, 1, 3])
    np.testing.assert_allclose((7 // a).numpy(), [7, 3, 1])
    np.testing.assert_allclose((np.float32(3) * a).numpy(), [3, 6, 12])
    assert (np.float64(3) * a).dtype is torch.float32
    np.testing.assert_allclose((-a).numpy(), [-1, -2, -4])


def test_div_rounding_modes(torch_ref):
    a = torch.tensor([-7.0, 7.0, -7.5, 5.0])
    b = torch.tensor([2.0, -2.0, 2.0, 3.0])
    for mode in (None, "trunc", "floor"):
        assert_same(
            torch.div(a, b, rounding_mode=mode),
            torch_ref.div(to_torch(a), to_torch(b), rounding_mode=mode),
        )
    ai, bi = torch.tensor([-7, 7, 9]), torch.tensor([2, -2, 4])
    for mode in ("trunc", "floor"):
        assert_same(
            torch.div(ai, bi, rounding_mode=mode),
            torch_ref.div(to_torch(ai), to_torch(bi), rounding_mode=mode),
        )
    with pytest.raises(RuntimeError, match="div expected rounding_mode to be one of None"):
        torch.div(a, b, rounding_mode="up")


def test_inplace_ops_write_into_the_same_storage():
    a = torch.tensor([1.0, 2.0])
    ptr = a.data_ptr()
    a.add_(1).mul_(2).sub_(1, alpha=2).div_(2)
    assert a.data_ptr() == ptr and a._version == 4
    np.testing.assert_allclose(a.numpy(), [1.0, 2.0])
    a += 1
    a *= torch.tensor([2.0, 3.0])
    np.testing.assert_allclose(a.numpy(), [4.0, 9.0])


def test_inplace_cast_rules():
    a = torch.tensor([1, 2])
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output"):
        a.add_(1.5)
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output"):
        a /= 2
    f = torch.tensor([1.0, 2.0])
    f.add_(torch.tensor([1, 1]))  # int into float is fine
    np.testing.assert_allclose(f.numpy(), [2.0, 3.0])


def test_out_argument():
    a, b = torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])
    out = torch.empty(2)
    r = torch.add(a, b, out=out)
    assert r is out
    np.testing.assert_allclose(out.numpy(), [4.0, 6.0])
    out2 = torch.empty(0)
    torch.exp(a, out=out2)  # resized
    assert out2.shape == (2,)


def test_clamp_variants(torch_ref):
    x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0, float("nan")])
    tx = to_torch(x)
    assert_same(torch.clamp(x, -1, 1), torch_ref.clamp(tx, -1, 1))
    assert_same(torch.clamp(x, min=0), torch_ref.clamp(tx, min=0))
    assert_same(x.clip(max=0.1), tx.clip(max=0.1))
    lo, hi = torch.full((6,), -0.6), torch.full((6,), 0.4)
    assert_same(torch.clamp(x, lo, hi), torch_ref.clamp(tx, to_torch(lo), to_torch(hi)))
    assert_same(
        torch.clamp(torch.tensor([1, 5, 9]), 2, 6),
        torch_ref.clamp(torch_ref.tensor([1, 5, 9]), 2, 6),
    )
    with pytest.raises(RuntimeError, match="At least one of 'min' or 'max' must not be None"):
        torch.clamp(x)


def test_gradient_conventions_at_kinks(torch_ref):
    values = [-1.0, 0.0, 0.0, 1.0, 2.0]
    cases = [
        lambda t: t.relu(),
        lambda t: t.abs(),
        lambda t: t.clamp(0.0, 1.0),
        lambda t: t.sqrt(),
        lambda t: torch.maximum(t, t.new_zeros(5)),
    ]
    torch_cases = [
        lambda t: t.relu(),
        lambda t: t.abs(),
        lambda t: t.clamp(0.0, 1.0),
        lambda t: t.sqrt(),
        lambda t: torch_ref.maximum(t, t.new_zeros(5)),
    ]
    for ours_fn, theirs_fn in zip(cases, torch_cases):
        x = torch.tensor(values, requires_grad=True)
        tx = torch_ref.tensor(values, requires_grad=True)
        ours_fn(x).sum().backward()
        theirs_fn(tx).sum().backward()
        assert_same(x.grad, tx.grad)


def test_bool_and_bitwise(torch_ref):
    a, b = torch.tensor([True, False, True]), torch.tensor([True, True, False])
    assert_same(a & b, to_torch(a) & to_torch(b))
    assert_same(a | b, to_torch(a) | to_torch(b))
    assert_same(a ^ b, to_torch(a) ^ to_torch(b))
    assert_same(~a, ~to_torch(a))
    i = torch.tensor([5, 3, -1])
    assert_same(i & 6, to_torch(i) & 6)
    assert_same(~i, ~to_torch(i))
    with pytest.raises(TypeError, match="only implemented on integer and Boolean-type tensors"):
        ~torch.tensor([1.0])
    with pytest.raises(RuntimeError, match="Subtraction, the `-` operator, with two bool"):
        a - b
    with pytest.raises(RuntimeError, match="Negation, the `-` operator, on a bool tensor"):
        a.neg()


def test_broadcast_error_message():
    with pytest.raises(RuntimeError) as info:
        torch.ones(2, 3) + torch.ones(4)
    assert str(info.value) == (
        "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"
    )


def test_integer_pow_and_division_errors():
    with pytest.raises(RuntimeError, match="Integers to negative integer powers are not allowed"):
        torch.tensor([2, 3]) ** -1
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        torch.tensor([1, 2]) // 0


def test_round_decimals_and_half_to_even(torch_ref):
    x = torch.tensor([0.5, 1.5, 2.5, -0.5, 1.2345, 2.675])
    assert_same(torch.round(x), torch_ref.round(to_torch(x)))
    assert_same(torch.round(x, decimals=2), torch_ref.round(to_torch(x), decimals=2))


def test_complex_basics(torch_ref):
    z = torch.tensor([1 + 2j, -3 - 1j])
    assert z.dtype is torch.complex64
    tz = to_torch(z)
    for name in ("real", "imag", "angle", "abs", "conj", "exp", "sgn"):
        assert_same(getattr(torch, name)(z), getattr(torch_ref, name)(tz), rtol=1e-6)
    r = torch.view_as_real(z)
    assert r.shape == (2, 2)
    r[0, 0] = 10.0
    assert z[0].real.item() == 10.0
    assert_same(
        torch.complex(torch.tensor([1.0]), torch.tensor([2.0])),
        torch_ref.complex(torch_ref.tensor([1.0]), torch_ref.tensor([2.0])),
    )


def test_addcmul_addcdiv_lerp(torch_ref):
    x, a, b = (torch.tensor(sample(0.5, 2, (3,), np.float32, s)) for s in (1, 2, 3))
    tx, ta, tb = map(to_torch, (x, a, b))
    assert_same(torch.addcmul(x, a, b, value=0.5), torch_ref.addcmul(tx, ta, tb, value=0.5))
    assert_same(torch.addcdiv(x, a, b, value=2), torch_ref.addcdiv(tx, ta, tb, value=2))
    assert_same(torch.lerp(x, a, 0.3), torch_ref.lerp(tx, ta, 0.3))
    assert_same(torch.lerp(x, a, b), torch_ref.lerp(tx, ta, tb))


def test_tanh_backward_float32_bits():
    """torch fuses tanh's 1 - y*y into an FMA: no cancellation near |y| = 1 (torch 2.13's
    values, note 003's activation gradients)."""
    x = torch.tensor([-5.0, -3.0, 0.5], requires_grad=True)
    x.tanh().sum().backward()
    assert x.grad.tolist() == [0.0001815475116018206, 0.00986598152667284, 0.7864477038383484]


def test_ieee_specials_raise_no_numpy_warnings():
    """inf - inf, x / 0, log(-1) give nan/inf silently, as in torch, even under -W error; a
    user's own NumPy code keeps its warnings."""
    import subprocess
    import sys

    code = (
        "import numtorch as torch, numpy as np, warnings\n"
        "a = torch.tensor([float('inf'), 1.0, 0.0])\n"
        "print(a - a, a / torch.zeros(3), torch.log(torch.tensor([-1.0])))\n"
        "try:\n"
        "    np.array([np.inf]) - np.array([np.inf])\n"
        "except RuntimeWarning as w:\n"
        "    print('numpy:', w)\n"
    )
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    assert out == (
        "tensor([nan, 0., 0.]) tensor([inf, inf, nan]) tensor([nan])\n"
        "numpy: invalid value encountered in subtract\n"
    )


def test_fused_kernels_bits_match_torch(torch_ref):
    """lerp and addcmul are one fused multiply-add in torch's kernels; cumsum keeps a double
    running sum for float; var/std run in double: the same bits as torch."""
    rng = np.random.default_rng(3)
    x, y, z = (rng.standard_normal((40, 37)).astype(np.float32) for _ in range(3))
    w = rng.random((40, 37)).astype(np.float32)
    cases = {
        "lerp": lambda L, a, b, c, w: L.lerp(a, b, 0.3),
        "lerp_big_w": lambda L, a, b, c, w: L.lerp(a, b, 0.8),
        "lerp_tensor_w": lambda L, a, b, c, w: L.lerp(a, b, w),
        "addcmul": lambda L, a, b, c, w: L.addcmul(a, b, c, value=-0.3),
        "addcmul64": lambda L, a, b, c, w: L.addcmul(a.double(), b.double(), c.double(), value=0.7),
        "cumsum": lambda L, a, b, c, w: a.cumsum(1),
        "var": lambda L, a, b, c, w: a.var(1),
        "std": lambda L, a, b, c, w: a.std(0),
        "var_mean": lambda L, a, b, c, w: L.var_mean(a, 1)[0],
    }
    for name, f in cases.items():
        ours = f(torch, *(torch.tensor(v) for v in (x, y, z, w))).numpy()
        theirs = f(torch_ref, *(torch_ref.from_numpy(v) for v in (x, y, z, w))).numpy()
        assert ours.tobytes() == theirs.tobytes(), name
