"""Linear algebra: the matmul family, einsum and contractions, decompositions and norms.

Tables drive most tests: each row builds its inputs from a seed and calls the op the same way in
numtorch and in torch (the row's function gets the module as its first argument). Values, dtypes,
shapes and ``grad_fn`` names are compared with PyTorch where it is installed; gradients are checked
against finite differences in float64 everywhere.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import numtorch as torch
from numtorch.autograd import gradcheck, gradgradcheck

from .conftest import assert_same, to_torch


def sample(shape, dtype=np.float64, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _spd(m, a):
    """A symmetric positive-definite matrix made from any square ``a``."""
    return a @ a.mT + m.eye(a.shape[-1], dtype=a.dtype)


def _sym(m, a):
    return a + a.mT


def _projector(v):
    """``V V^T``: the same whatever signs the decomposition chose for the columns of V."""
    return v @ v.mT


def _solve_upper(m, a, b):
    return m.linalg.solve_triangular(a + 3 * m.eye(3, dtype=a.dtype), b, upper=True)


# name, function of (module, *inputs), input shapes
PRODUCTS = [
    ("dot", lambda m, a, b: m.matmul(a, b), [(3,), (3,)]),
    ("vec@mat", lambda m, a, b: m.matmul(a, b), [(3,), (3, 4)]),
    ("mat@vec", lambda m, a, b: m.matmul(a, b), [(2, 3), (3,)]),
    ("mat@mat", lambda m, a, b: a @ b, [(2, 3), (3, 4)]),
    ("batch@vec", lambda m, a, b: a @ b, [(5, 2, 3), (3,)]),
    ("batch@mat", lambda m, a, b: a @ b, [(5, 2, 3), (3, 4)]),
    ("vec@batch", lambda m, a, b: a @ b, [(3,), (5, 3, 4)]),
    ("mat@batch", lambda m, a, b: a @ b, [(2, 3), (5, 3, 4)]),
    ("batch@batch", lambda m, a, b: a @ b, [(5, 2, 3), (5, 3, 4)]),
    ("bcast1@batch", lambda m, a, b: a @ b, [(1, 2, 3), (5, 3, 4)]),
    ("bcast4d", lambda m, a, b: a @ b, [(4, 1, 2, 3), (5, 3, 4)]),
    ("mm", lambda m, a, b: m.mm(a, b), [(2, 3), (3, 4)]),
    ("bmm", lambda m, a, b: m.bmm(a, b), [(2, 2, 3), (2, 3, 4)]),
    ("mv", lambda m, a, b: m.mv(a, b), [(2, 3), (3,)]),
    ("vdot", lambda m, a, b: m.vdot(a, b), [(3,), (3,)]),
    ("inner", lambda m, a, b: m.inner(a, b), [(2, 3), (4, 3)]),
    ("outer", lambda m, a, b: m.outer(a, b), [(2,), (3,)]),
    ("addmm", lambda m, c, a, b: m.addmm(c, a, b, beta=0.5, alpha=2), [(4,), (2, 3), (3, 4)]),
    ("addmv", lambda m, c, a, b: m.addmv(c, a, b, beta=0.5, alpha=2), [(2,), (2, 3), (3,)]),
    ("baddbmm", lambda m, c, a, b: m.baddbmm(c, a, b, alpha=2), [(2, 1, 4), (2, 2, 3), (2, 3, 4)]),
    ("addbmm", lambda m, c, a, b: m.addbmm(c, a, b, beta=3), [(2, 4), (5, 2, 3), (5, 3, 4)]),
    ("addr", lambda m, c, a, b: m.addr(c, a, b, beta=0.5), [(2, 4), (2,), (4,)]),
    ("einsum bmm", lambda m, a, b: m.einsum("bij,bjk->bik", a, b), [(2, 2, 3), (2, 3, 4)]),
    ("einsum ellipsis", lambda m, a, b: m.einsum("...ij,...jk", a, b), [(1, 2, 3), (5, 3, 4)]),
    ("einsum diag", lambda m, a: m.einsum("ii->i", a), [(3, 3)]),
    ("einsum trace", lambda m, a: m.einsum("ii", a), [(3, 3)]),
    ("einsum sum", lambda m, a: m.einsum("ij->", a), [(3, 3)]),
    ("einsum permute", lambda m, a: m.einsum("ij->ji", a), [(2, 3)]),
    ("einsum chain", lambda m, a, b, c: m.einsum("ij,jk,kl", a, b, c), [(2, 3), (3, 4), (4, 5)]),
    ("einsum outer", lambda m, a, b: m.einsum("i,j->ij", a, b), [(2,), (3,)]),
    ("einsum size-1", lambda m, a, b: m.einsum("ij,jk->ik", a, b), [(2, 1), (3, 2)]),
    ("einsum list", lambda m, a, b: m.einsum("ij,jk", [a, b]), [(2, 3), (3, 4)]),
    ("einsum sublist", lambda m, a, b: m.einsum(a, [0, 1], b, [1, 2], [0, 2]), [(2, 3), (3, 4)]),
    ("tensordot", lambda m, a, b: m.tensordot(a, b, dims=([0, 2], [1, 0])), [(2, 3, 4), (4, 2, 5)]),
    ("tensordot int", lambda m, a, b: m.tensordot(a, b, 2), [(2, 3, 4), (3, 4, 5)]),
    ("kron", lambda m, a, b: m.kron(a, b), [(2, 3), (3,)]),
    ("trace", lambda m, a: m.trace(a), [(3, 4)]),
    ("cross", lambda m, a, b: m.linalg.cross(a, b), [(4, 3), (4, 3)]),
    ("cross dim", lambda m, a, b: m.cross(a, b, dim=0), [(3, 2), (3, 2)]),
    ("cdist", lambda m, a, b: m.cdist(a, b), [(4, 3), (5, 3)]),
    ("cdist p1", lambda m, a, b: m.cdist(a, b, p=1), [(4, 3), (5, 3)]),
    ("cdist p3", lambda m, a, b: m.cdist(a, b, p=3), [(2, 4, 3), (2, 5, 3)]),
    ("cdist inf", lambda m, a, b: m.cdist(a, b, p=math.inf), [(4, 3), (5, 3)]),
    ("multi_dot", lambda m, a, b, c: m.linalg.multi_dot([a, b, c]), [(3,), (3, 4), (4, 5)]),
    ("vecdot", lambda m, a, b: m.linalg.vecdot(a, b), [(3, 4), (3, 4)]),
]  # fmt: skip

# Gauge-free functions of the decompositions (eigen/singular vectors only up to sign).
DECOMPOSITIONS = [
    ("det", lambda m, a: m.linalg.det(a), [(2, 3, 3)]),
    ("torch.det", lambda m, a: m.det(a), [(3, 3)]),
    ("slogdet", lambda m, a: m.linalg.slogdet(a)[1], [(2, 3, 3)]),
    ("logdet", lambda m, a: m.logdet(_spd(m, a)), [(3, 3)]),
    ("inv", lambda m, a: m.linalg.inv(a), [(2, 3, 3)]),
    ("inverse", lambda m, a: m.inverse(a), [(3, 3)]),
    ("solve", lambda m, a, b: m.linalg.solve(a, b), [(2, 3, 3), (2, 3, 2)]),
    ("solve vector", lambda m, a, b: m.linalg.solve(a, b), [(2, 3, 3), (3,)]),
    ("solve right", lambda m, a, b: m.linalg.solve(a, b, left=False), [(2, 3, 3), (2, 2, 3)]),
    ("solve_triangular", lambda m, a, b: _solve_upper(m, a, b), [(3, 3), (3, 2)]),
    ("cholesky", lambda m, a: m.linalg.cholesky(_spd(m, a)), [(2, 3, 3)]),
    ("cholesky upper", lambda m, a: m.linalg.cholesky(_spd(m, a), upper=True), [(3, 3)]),
    ("qr Q", lambda m, a: m.linalg.qr(a).Q, [(4, 3)]),
    ("qr R", lambda m, a: m.linalg.qr(a).R, [(4, 3)]),
    ("qr wide Q", lambda m, a: m.linalg.qr(a)[0], [(3, 4)]),
    ("qr wide R", lambda m, a: m.linalg.qr(a)[1], [(3, 4)]),
    ("eigh values", lambda m, a: m.linalg.eigh(_sym(m, a))[0], [(2, 3, 3)]),
    ("eigh projector", lambda m, a: _projector(m.linalg.eigh(_sym(m, a))[1][:, :1]), [(3, 3)]),
    ("eigvalsh", lambda m, a: m.linalg.eigvalsh(_sym(m, a)), [(2, 3, 3)]),
    ("svdvals", lambda m, a: m.linalg.svdvals(a), [(2, 4, 3)]),
    ("svd S", lambda m, a: m.linalg.svd(a)[1], [(3, 4)]),
    ("svd U projector", lambda m, a: _projector(m.linalg.svd(a, False)[0]), [(4, 2)]),
    ("svd V projector", lambda m, a: _projector(m.linalg.svd(a, False)[2].mT), [(2, 4)]),
    ("torch.svd V projector", lambda m, a: _projector(m.svd(a)[2]), [(2, 4)]),
    ("pinv", lambda m, a: m.linalg.pinv(a), [(4, 3)]),
    ("pinv wide", lambda m, a: m.linalg.pinv(a), [(3, 4)]),
    ("pinv hermitian", lambda m, a: m.linalg.pinv(_sym(m, a), hermitian=True), [(3, 3)]),
    ("pinverse", lambda m, a: m.pinverse(a), [(3, 4)]),
    ("lstsq", lambda m, a, b: m.linalg.lstsq(a, b).solution, [(4, 3), (4, 2)]),
    ("matrix_power", lambda m, a: m.linalg.matrix_power(a, 5), [(3, 3)]),
    ("matrix_power -2", lambda m, a: m.linalg.matrix_power(a, -2), [(3, 3)]),
    ("matrix_exp", lambda m, a: m.linalg.matrix_exp(a), [(3, 3)]),
    ("vector_norm", lambda m, a: m.linalg.vector_norm(a), [(3, 4)]),
    ("vector_norm 3", lambda m, a: m.linalg.vector_norm(a, 3, dim=1), [(3, 4)]),
    ("vector_norm 0.5", lambda m, a: m.linalg.vector_norm(a, 0.5, (0, 1), True), [(3, 4)]),
    ("vector_norm inf", lambda m, a: m.linalg.vector_norm(a, math.inf, dim=0), [(3, 4)]),
    ("vector_norm 1", lambda m, a: m.linalg.vector_norm(a, 1, dim=0), [(3, 4)]),
    ("matrix_norm fro", lambda m, a: m.linalg.matrix_norm(a), [(2, 3, 4)]),
    ("matrix_norm nuc", lambda m, a: m.linalg.matrix_norm(a, "nuc"), [(2, 3, 4)]),
    ("matrix_norm 2", lambda m, a: m.linalg.matrix_norm(a, 2), [(2, 3, 4)]),
    ("matrix_norm 1", lambda m, a: m.linalg.matrix_norm(a, 1), [(2, 3, 4)]),
    ("matrix_norm -inf", lambda m, a: m.linalg.matrix_norm(a, -math.inf), [(2, 3, 4)]),
    ("norm", lambda m, a: m.linalg.norm(a), [(2, 3, 4)]),
    ("norm dim", lambda m, a: m.linalg.norm(a, 2, dim=(0, 2)), [(2, 3, 4)]),
    ("cond", lambda m, a: m.linalg.cond(a), [(3, 3)]),
]  # fmt: skip

# the node names we do not reproduce (a composite where PyTorch records one node)
_NAME_DIFFERS = {"logdet", "matrix_exp", "cond"}

ALL = PRODUCTS + DECOMPOSITIONS
IDS = [r[0] for r in ALL]


def _inputs(module, shapes, dtype=np.float64, requires_grad=False):
    return [
        module.tensor(sample(s, dtype, seed=i), requires_grad=requires_grad)
        for i, s in enumerate(shapes)
    ]


@pytest.mark.parametrize("name,fn,shapes", ALL, ids=IDS)
def test_against_torch(torch_ref, name, fn, shapes):
    ours = _inputs(torch, shapes, requires_grad=True)
    theirs = [t.detach().requires_grad_() for t in map(to_torch, ours)]
    out, ref = fn(torch, *ours), fn(torch_ref, *theirs)
    assert_same(out, ref, rtol=1e-6, atol=1e-8)
    if name not in _NAME_DIFFERS:
        assert out.grad_fn.name() == ref.grad_fn.name()
    seed = sample(tuple(ref.shape), seed=9)
    out.backward(torch.tensor(seed))
    ref.backward(torch_ref.tensor(seed))
    for a, t in zip(ours, theirs):
        assert_same(a.grad, t.grad, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name,fn,shapes", ALL, ids=IDS)
def test_gradcheck(name, fn, shapes):
    inputs = _inputs(torch, shapes, requires_grad=True)
    assert gradcheck(lambda *xs: fn(torch, *xs), inputs, eps=1e-6, atol=1e-5)


GRADGRAD = [
    "mat@mat", "batch@mat", "vec@batch", "dot", "addmm", "einsum bmm", "kron", "det", "inv",
    "solve", "cholesky", "eigh values", "svdvals", "vector_norm", "qr R",
]  # fmt: skip


@pytest.mark.parametrize("name", GRADGRAD)
def test_gradgradcheck(name):
    fn, shapes = next((f, s) for n, f, s in ALL if n == name)
    inputs = _inputs(torch, shapes, requires_grad=True)
    assert gradgradcheck(lambda *xs: fn(torch, *xs), inputs, eps=1e-6, atol=1e-4)


# --- float32, integer, half and complex --------------------------------------------------------


@pytest.mark.parametrize("name,fn,shapes", PRODUCTS, ids=[r[0] for r in PRODUCTS])
def test_products_float32(torch_ref, name, fn, shapes):
    ours = _inputs(torch, shapes, np.float32)
    assert_same(fn(torch, *ours), fn(torch_ref, *map(to_torch, ours)), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "float16", "bfloat16"])
@pytest.mark.parametrize("shapes", [[(2, 3), (3, 4)], [(5, 2, 3), (3,)], [(2, 2, 3), (2, 3, 4)]])
def test_matmul_dtypes(torch_ref, dtype, shapes):
    # no promotion; half precision accumulates in float32 and rounds once, as torch CPU
    ints = [np.random.default_rng(i).integers(0, 5, s) for i, s in enumerate(shapes)]
    ours = [torch.tensor(x).to(getattr(torch, dtype)) for x in ints]
    theirs = [torch_ref.tensor(x).to(getattr(torch_ref, dtype)) for x in ints]
    assert_same(ours[0] @ ours[1], theirs[0] @ theirs[1])


def test_half_matmul_rounds_once(torch_ref):
    a, b = sample((8, 64), np.float16), sample((64, 8), np.float16, seed=1)
    out = torch.tensor(a) @ torch.tensor(b)
    assert out.dtype is torch.float16
    assert_same(out, torch_ref.tensor(a) @ torch_ref.tensor(b), rtol=0, atol=0)


@pytest.mark.parametrize(
    "name,fn",
    [
        ("matmul", lambda m, a, b: a @ b.mT),
        ("dot", lambda m, a, b: m.dot(a[0], b[0])),
        ("vdot", lambda m, a, b: m.vdot(a[0], b[0])),
        ("einsum", lambda m, a, b: m.einsum("ij,kj->ik", a, b)),
        ("inv", lambda m, a, b: m.linalg.inv(a[:, :3])),
        ("det", lambda m, a, b: m.linalg.det(a[:, :3])),
        ("slogdet", lambda m, a, b: m.linalg.slogdet(a[:, :3])),
        ("solve", lambda m, a, b: m.linalg.solve(a[:, :3], b)),
        ("svdvals", lambda m, a, b: m.linalg.svdvals(a)),
        ("eigvalsh", lambda m, a, b: m.linalg.eigvalsh(a[:, :3] @ a[:, :3].mH)),
        ("vector_norm", lambda m, a, b: m.linalg.vector_norm(a, dim=1)),
        ("matrix_norm", lambda m, a, b: m.linalg.matrix_norm(a, "nuc")),
        ("cholesky", lambda m, a, b: m.linalg.cholesky(a[:, :3] @ a[:, :3].mH)),
    ],
)
def test_complex(torch_ref, name, fn):
    a = sample((3, 4)) + 1j * sample((3, 4), seed=1)
    b = sample((3, 4), seed=2) + 1j * sample((3, 4), seed=3)
    ours = fn(torch, torch.tensor(a), torch.tensor(b))
    assert_same(ours, fn(torch_ref, torch_ref.tensor(a), torch_ref.tensor(b)), atol=1e-10)


@pytest.mark.parametrize(
    "fn",
    [
        lambda m, a: m.linalg.det(a).abs(),
        lambda m, a: m.linalg.inv(a).abs().sum(),
        lambda m, a: m.linalg.slogdet(a)[1],
        lambda m, a: m.linalg.vector_norm(a),
        lambda m, a: (a @ a.mH).real.sum(),
    ],
)
def test_complex_gradients(torch_ref, fn):
    x = sample((3, 3)) + 1j * sample((3, 3), seed=1)
    ours, theirs = torch.tensor(x, requires_grad=True), torch_ref.tensor(x, requires_grad=True)
    fn(torch, ours).backward()
    fn(torch_ref, theirs).backward()
    assert_same(ours.grad, theirs.grad, atol=1e-10)


# --- more behaviours, compared value for value ------------------------------------------------

_A = sample((3, 3))
_SPD = _A @ _A.T + np.eye(3)
_TALL = np.ones((4, 3)) + np.eye(4, 3)

VALUES = [
    ("cholesky_ex", lambda m: m.linalg.cholesky_ex(m.tensor(_SPD))),
    ("cholesky_ex failing", lambda m: m.linalg.cholesky_ex(m.tensor([[1.0, 2], [2, 1]]))),
    ("inv_ex", lambda m: m.linalg.inv_ex(m.tensor(_A))),
    ("eigh UPLO", lambda m: m.linalg.eigh(m.tensor(_A), UPLO="U")[0]),
    ("svd empty", lambda m: m.linalg.svd(m.ones(0, 3))),
    ("det empty", lambda m: m.linalg.det(m.ones(0, 0))),
    ("matmul empty k", lambda m: m.ones(2, 0) @ m.ones(0, 4)),
    ("einsum to scalar", lambda m: m.einsum("i,i", m.tensor([1, 2]), m.tensor([3, 4]))),
    ("matrix_rank tol", lambda m: m.linalg.matrix_rank(m.ones(3, 3), tol=0.1)),
    ("matrix_rank hermitian", lambda m: m.linalg.matrix_rank(m.tensor(_SPD), hermitian=True)),
    ("pinv atol", lambda m: m.linalg.pinv(m.tensor(_SPD), atol=1.5)),
    (
        "lstsq batched",
        lambda m: m.linalg.lstsq(
            m.tensor(np.stack([_TALL, 2 * _TALL])), m.ones(2, 4, 2, dtype=m.float64)
        ),
    ),
    ("lstsq vector", lambda m: m.linalg.lstsq(m.tensor(_A), m.ones(3, dtype=m.float64)).solution),
    ("qr complete", lambda m: m.linalg.qr(m.tensor(_TALL), mode="complete")),
    ("qr r", lambda m: m.linalg.qr(m.tensor(_A), mode="r")),
    ("svd without uv", lambda m: m.svd(m.tensor(_TALL), compute_uv=False)),
    ("slogdet negative", lambda m: m.linalg.slogdet(m.tensor([[0.0, 1], [1, 0]]))),
    ("logdet negative", lambda m: m.logdet(m.tensor([[0.0, 1], [1, 0]]))),
    ("matrix_power int", lambda m: m.linalg.matrix_power(m.tensor([[1, 1], [1, 0]]), 10)),
    ("matrix_power half", lambda m: m.linalg.matrix_power(m.tensor(_A, dtype=m.float16), 2)),
    ("vector_norm half", lambda m: m.linalg.vector_norm(m.tensor(_A, dtype=m.float16))),
    (
        "vector_norm dtype",
        lambda m: m.linalg.vector_norm(m.tensor(_A, dtype=m.float32), dtype=m.float64),
    ),
    ("vector_norm -inf", lambda m: m.linalg.vector_norm(m.tensor(_A), -math.inf, dim=1)),
    ("vector_norm 0", lambda m: m.linalg.vector_norm(m.tensor(_A), 0, dim=1, keepdim=True)),
    ("vector_norm 0-d", lambda m: m.linalg.vector_norm(m.tensor(3.0), dim=0)),
    ("vector_norm empty", lambda m: m.linalg.vector_norm(m.ones(0))),
    ("norm keepdim", lambda m: m.linalg.norm(m.tensor(_A), keepdim=True)),
    ("norm matrix ord", lambda m: m.linalg.norm(m.tensor(_A), -2)),
    (
        "matrix_norm dims",
        lambda m: m.linalg.matrix_norm(m.arange(24.0).reshape(2, 3, 4), 1, dim=(2, 0)),
    ),
    (
        "matrix_norm inf dims",
        lambda m: m.linalg.matrix_norm(m.arange(24.0).reshape(2, 3, 4), math.inf, dim=(2, 0)),
    ),
    ("cond inf", lambda m: m.linalg.cond(m.tensor(_A), math.inf)),
    ("cond fro", lambda m: m.linalg.cond(m.tensor(_A), "fro")),
    ("vander", lambda m: m.linalg.vander(m.tensor([1, 2, 3]))),
    ("vander N", lambda m: m.linalg.vander(m.tensor([1.0, 2, 3]), N=5)),
    ("tensorinv", lambda m: m.linalg.tensorinv(m.tensor(np.eye(6).reshape(6, 2, 3) + 0.1), ind=1)),
    (
        "tensorsolve",
        lambda m: m.linalg.tensorsolve(
            m.tensor(np.eye(6).reshape(2, 3, 6) + 0.1), m.ones(2, 3, dtype=m.float64)
        ),
    ),
    ("diagonal", lambda m: m.linalg.diagonal(m.ones(2, 3, 4), offset=1)),
    ("lu", lambda m: m.linalg.lu(m.tensor(_TALL.T))),
    (
        "lu_solve",
        lambda m: m.linalg.lu_solve(
            *m.linalg.lu_factor(m.tensor(_A)), m.ones(3, 2, dtype=m.float64)
        ),
    ),
    ("lu_unpack", lambda m: m.lu_unpack(*m.linalg.lu_factor(m.tensor(sample((2, 4, 4), seed=3))))),
    (
        "cholesky_solve",
        lambda m: m.cholesky_solve(
            m.ones(3, 2, dtype=m.float64), m.linalg.cholesky(m.tensor(_SPD))
        ),
    ),
    ("cholesky_inverse", lambda m: m.cholesky_inverse(m.linalg.cholesky(m.tensor(_SPD)))),
    (
        "solve broadcast",
        lambda m: m.linalg.solve(m.tensor(np.stack([_A, _A + 1])), m.ones(3, 2, dtype=m.float64)),
    ),
    (
        "solve_triangular unit",
        lambda m: m.linalg.solve_triangular(
            m.tensor(_A), m.ones(2, 3, dtype=m.float64), upper=False, left=False, unitriangular=True
        ),
    ),
    ("eigvals real", lambda m: m.linalg.eigvals(m.tensor(_SPD))),
    ("matrix_exp large", lambda m: m.linalg.matrix_exp(m.tensor(3 * _A))),
    (
        "half batch@mat",
        lambda m: m.tensor(_A, dtype=m.float16).expand(2, 3, 3) @ m.tensor(_A, dtype=m.float16),
    ),
    ("trace int32", lambda m: m.trace(m.tensor([[1, 2], [3, 4]], dtype=m.int32))),
    ("kron 3-d", lambda m: m.kron(m.ones(2, 1, 3), m.arange(4.0).reshape(2, 2))),
    ("inner 0-d", lambda m: m.inner(m.tensor(2.0), m.ones(2, 3))),
    ("outer promotes", lambda m: m.outer(m.tensor([1, 2]), m.tensor([1.0, 2]))),
    (
        "addr int",
        lambda m: m.addr(m.zeros(2, 2, dtype=m.int64), m.tensor([1, 2]), m.tensor([3, 4])),
    ),
    ("cdist broadcast", lambda m: m.cdist(m.ones(2, 4, 3), m.zeros(5, 3))),
    ("cdist p0", lambda m: m.cdist(m.tensor(_A), m.tensor(_A.T), p=0)),
]


@pytest.mark.parametrize("fn", [r[1] for r in VALUES], ids=[r[0] for r in VALUES])
def test_values_against_torch(torch_ref, fn):
    assert_same(fn(torch), fn(torch_ref), atol=1e-10)


# --- PyTorch's errors --------------------------------------------------------------------------


def _t(m, shape, dtype="float32"):
    return m.ones(shape, dtype=getattr(m, dtype))


ERRORS = [
    lambda m: _t(m, (2, 3)) @ _t(m, (4, 5)),
    lambda m: _t(m, (2, 3)) @ _t(m, (3, 4), "float64"),
    lambda m: m.mm(_t(m, (2, 3)), _t(m, (3, 4), "int64")),
    lambda m: m.mm(_t(m, (2, 3), "float16"), _t(m, (3, 4))),
    lambda m: m.mm(_t(m, (2, 2, 3)), _t(m, (3, 4))),
    lambda m: m.mm(_t(m, (2, 3)), _t(m, (3,))),
    lambda m: m.mv(_t(m, (2, 3)), _t(m, (4,))),
    lambda m: m.mv(_t(m, (2, 3)), _t(m, (3,), "float64")),
    lambda m: m.mv(_t(m, (3,)), _t(m, (3,))),
    lambda m: _t(m, (2, 3)) @ _t(m, (4,)),
    lambda m: _t(m, (3,)) @ _t(m, (4, 5)),
    lambda m: _t(m, (3,)) @ _t(m, (4,)),
    lambda m: _t(m, ()) @ _t(m, (4,)),
    lambda m: _t(m, (2, 2, 3)) @ _t(m, (2, 4, 5)),
    lambda m: _t(m, (2, 2, 3)) @ _t(m, (3, 3, 5)),
    lambda m: _t(m, (2, 2, 3)) @ _t(m, (4, 5)),
    lambda m: _t(m, (2, 2, 3)) @ _t(m, (4,)),
    lambda m: _t(m, (2, 3)) @ _t(m, (2, 4, 5)),
    lambda m: _t(m, (2, 2, 3)) @ _t(m, (2, 3, 5), "float64"),
    lambda m: _t(m, (2, 3), "bool") @ _t(m, (3, 2), "bool"),
    lambda m: m.matmul(_t(m, (2, 3)), 2),
    lambda m: m.bmm(_t(m, (2, 3)), _t(m, (2, 3, 4))),
    lambda m: m.bmm(_t(m, (2, 2, 3)), _t(m, (3, 4))),
    lambda m: m.bmm(_t(m, (2, 2, 3)), _t(m, (3, 3, 4))),
    lambda m: m.bmm(_t(m, (2, 2, 3)), _t(m, (2, 3, 4), "float64")),
    lambda m: m.dot(_t(m, (2, 3)), _t(m, (2, 3))),
    lambda m: m.dot(_t(m, (3,)), _t(m, (4,))),
    lambda m: m.dot(_t(m, (3,)), _t(m, (3,), "float64")),
    lambda m: m.vdot(_t(m, (3,)), _t(m, (4,))),
    lambda m: m.inner(_t(m, (2, 3)), _t(m, (2, 4))),
    lambda m: m.outer(_t(m, (2, 2)), _t(m, (3,))),
    lambda m: m.addmm(_t(m, (2, 4)), _t(m, (2, 3)), _t(m, (4, 4))),
    lambda m: m.addmm(_t(m, (3, 4)), _t(m, (2, 3)), _t(m, (3, 4))),
    lambda m: m.addmm(_t(m, (2, 4), "float64"), _t(m, (2, 3)), _t(m, (3, 4))),
    lambda m: m.addmm(_t(m, (2, 4)), _t(m, (3,)), _t(m, (3, 4))),
    lambda m: m.addmv(_t(m, (3,)), _t(m, (2, 3)), _t(m, (3,))),
    lambda m: m.baddbmm(_t(m, (3, 2, 4)), _t(m, (2, 2, 3)), _t(m, (2, 3, 4))),
    lambda m: m.addbmm(_t(m, (2, 4)), _t(m, (2, 2, 3)), _t(m, (3, 3, 4))),
    lambda m: m.trace(_t(m, (2, 2, 2))),
    lambda m: m.linalg.cross(_t(m, (4,)), _t(m, (4,))),
    lambda m: m.linalg.cross(_t(m, (2, 3)), _t(m, (3,))),
    lambda m: m.tensordot(_t(m, (2, 3)), _t(m, (4, 2)), 1),
    lambda m: m.tensordot(_t(m, (2, 3)), _t(m, (3, 2)), -1),
    lambda m: m.tensordot(_t(m, (2, 3)), _t(m, (3, 2), "float64"), 1),
    lambda m: m.einsum("ij,jk", _t(m, (2, 3))),
    lambda m: m.einsum("ijk", _t(m, (2, 3))),
    lambda m: m.einsum("ij,jk", _t(m, (2, 3)), _t(m, (4, 2))),
    lambda m: m.einsum("ij->k", _t(m, (2, 3))),
    lambda m: m.einsum("i1->i", _t(m, (2, 3))),
    lambda m: m.einsum("ij->ii", _t(m, (2, 3))),
    lambda m: m.einsum("ii->i", _t(m, (2, 3))),
    lambda m: m.einsum("ij,jk", _t(m, (2, 3)), _t(m, (3, 2), "float64")),
    lambda m: m.linalg.det(_t(m, (2, 3))),
    lambda m: m.linalg.det(_t(m, (3,))),
    lambda m: m.linalg.det(_t(m, (2, 2), "int64")),
    lambda m: m.linalg.inv(m.zeros(2, 2)),
    lambda m: m.linalg.inv(m.stack([m.eye(2), m.zeros(2, 2)])),
    lambda m: m.linalg.inv(_t(m, (2, 2), "float16")),
    lambda m: m.linalg.solve(m.eye(2), _t(m, (3,))),
    lambda m: m.linalg.solve(m.eye(2), _t(m, (2,), "float64")),
    lambda m: m.linalg.solve(m.zeros(2, 2), _t(m, (2,))),
    lambda m: m.linalg.cholesky(m.tensor([[1.0, 2], [2, 1]])),
    lambda m: m.linalg.cholesky(m.stack([m.eye(2), m.tensor([[1.0, 2], [2, 1]])])),
    lambda m: m.linalg.qr(_t(m, (3, 2)), mode="x"),
    lambda m: m.linalg.eigh(_t(m, (2, 2), "int64")),
    lambda m: m.linalg.pinv(_t(m, (3,))),
    lambda m: m.linalg.lstsq(_t(m, (4, 2)), _t(m, (3, 3))),
    lambda m: m.linalg.matrix_power(_t(m, (2, 3)), 2),
    lambda m: m.linalg.vector_norm(_t(m, (3,), "int64")),
    lambda m: m.linalg.vector_norm(m.ones(0), math.inf),
    lambda m: m.linalg.matrix_norm(_t(m, (3,))),
    lambda m: m.linalg.matrix_norm(_t(m, (2, 3)), 3),
    lambda m: m.linalg.norm(_t(m, (2, 3, 3)), 2),
    lambda m: m.linalg.multi_dot([_t(m, (2, 3))]),
    lambda m: m.linalg.multi_dot([_t(m, (2, 3)), _t(m, (4, 3))]),
    lambda m: m.linalg.multi_dot([_t(m, (2, 3)), _t(m, (3, 3), "float64")]),
]


@pytest.mark.parametrize("fn", ERRORS, ids=[f"error{i}" for i in range(len(ERRORS))])
def test_errors_match_torch(torch_ref, fn):
    with pytest.raises(Exception) as expected:
        fn(torch_ref)
    with pytest.raises(Exception) as got:
        fn(torch)
    assert type(got.value).__name__ == type(expected.value).__name__
    assert str(got.value) == str(expected.value)


def test_linalg_error_is_runtime_error():
    with pytest.raises(torch.linalg.LinAlgError):
        torch.linalg.inv(torch.zeros(3, 3))
    assert issubclass(torch.linalg.LinAlgError, RuntimeError)


def test_matmul_out_refuses_grad():
    a = torch.ones(2, 2, requires_grad=True)
    with pytest.raises(RuntimeError, match="don't support automatic differentiation"):
        torch.matmul(a, a, out=torch.empty(2, 2))


# --- literal expectations (no torch needed) ----------------------------------------------------


def test_matmul_values():
    a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert (a @ a).tolist() == [[7.0, 10.0], [15.0, 22.0]]
    assert (a @ torch.tensor([1.0, 1.0])).tolist() == [3.0, 7.0]
    assert torch.dot(torch.tensor([1, 2, 3]), torch.tensor([4, 5, 6])).item() == 32
    assert (torch.ones(4, 1, 2, 3) @ torch.ones(5, 3, 6)).shape == (4, 5, 2, 6)


def test_products_keep_dtype_and_refuse_mixed():
    ints = torch.tensor([[1, 2], [3, 4]])
    assert (ints @ ints).dtype is torch.int64
    with pytest.raises(RuntimeError, match="float != double"):
        torch.ones(2, 2) @ torch.ones(2, 2, dtype=torch.float64)


def test_matmul_out():
    out = torch.empty(0)
    torch.matmul(torch.ones(2, 3), torch.ones(3, 4), out=out)
    assert out.shape == (2, 4) and out.tolist() == [[3.0] * 4] * 2


def test_addmm_beta_zero_ignores_nan():
    bias = torch.full((2, 2), float("nan"))
    out = torch.addmm(bias, torch.eye(2), torch.eye(2), beta=0)
    assert out.tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_inplace_add_products():
    c = torch.zeros(2, 2)
    c.addmm_(torch.eye(2), torch.eye(2), alpha=2)
    assert c.tolist() == [[2.0, 0.0], [0.0, 2.0]]


def test_einsum_relabelling_is_a_view():
    a = torch.arange(6.0).reshape(2, 3)
    t = torch.einsum("ij->ji", a)
    t[0, 1] = 100.0
    assert a[1, 0].item() == 100.0
    d = torch.einsum("ii->i", torch.eye(3))
    assert d.tolist() == [1.0, 1.0, 1.0]


def test_det_inv_solve_values():
    a = torch.tensor([[4.0, 1.0], [1.0, 3.0]], dtype=torch.float64)
    assert torch.linalg.det(a).item() == pytest.approx(11.0)
    np.testing.assert_allclose((torch.linalg.inv(a) @ a).numpy(), np.eye(2), atol=1e-12)
    x = torch.linalg.solve(a, torch.tensor([1.0, 2.0], dtype=torch.float64))
    np.testing.assert_allclose((a @ x).numpy(), [1.0, 2.0])
    sign, logabs = torch.linalg.slogdet(a)
    assert sign.item() == 1.0 and logabs.item() == pytest.approx(math.log(11.0))


def test_singular_and_indefinite_messages():
    with pytest.raises(RuntimeError, match="The diagonal element 2 is zero"):
        torch.linalg.inv(torch.tensor([[1.0, 2.0], [2.0, 4.0]]))
    with pytest.raises(RuntimeError, match="leading minor of order 2"):
        torch.linalg.cholesky(torch.tensor([[1.0, 2.0], [2.0, 1.0]]))
    inv, info = torch.linalg.inv_ex(torch.zeros(2, 2, 2))
    assert info.dtype is torch.int32 and info.tolist() == [1, 1]
    _, info = torch.linalg.cholesky_ex(torch.tensor([[1.0, 2.0], [2.0, 1.0]]))
    assert info.item() == 2


def test_decomposition_reconstructions():
    a = torch.tensor(sample((3, 4, 3)))
    q, r = torch.linalg.qr(a)
    np.testing.assert_allclose((q @ r).numpy(), a.numpy(), atol=1e-12)
    u, s, vh = torch.linalg.svd(a, full_matrices=False)
    np.testing.assert_allclose((u * s.unsqueeze(-2) @ vh).numpy(), a.numpy(), atol=1e-12)
    u, s, v = torch.svd(a)
    np.testing.assert_allclose((u * s.unsqueeze(-2) @ v.mT).numpy(), a.numpy(), atol=1e-12)
    sym = a[0] @ a[0].mT
    w, v = torch.linalg.eigh(sym)
    np.testing.assert_allclose((v * w.unsqueeze(-2) @ v.mT).numpy(), sym.numpy(), atol=1e-12)
    low = torch.linalg.cholesky(sym + torch.eye(4, dtype=torch.float64))
    np.testing.assert_allclose((low @ low.mT).numpy(), (sym + torch.eye(4)).numpy(), atol=1e-12)
    p, lo, up = torch.linalg.lu(a)
    np.testing.assert_allclose((p @ lo @ up).numpy(), a.numpy(), atol=1e-12)
    w, v = torch.linalg.eig(a[0, :3])
    assert w.dtype is torch.complex128
    np.testing.assert_allclose((a[0, :3].to(torch.complex128) @ v).numpy(), (v * w).numpy())


def test_lu_factor_matches_torch(torch_ref):
    a = sample((2, 4, 4))
    lu, piv = torch.linalg.lu_factor(torch.tensor(a))
    ref_lu, ref_piv = torch_ref.linalg.lu_factor(torch_ref.tensor(a))
    assert_same(lu, ref_lu, atol=1e-12)
    assert_same(piv, ref_piv)


def test_lstsq_outputs(torch_ref):
    a, b = sample((5, 3)), sample((5, 2), seed=1)
    for driver in ["gelsy", "gelsd", "gelss", "gels"]:
        ours = torch.linalg.lstsq(torch.tensor(a), torch.tensor(b), driver=driver)
        ref = torch_ref.linalg.lstsq(torch_ref.tensor(a), torch_ref.tensor(b), driver=driver)
        for o, r in zip(ours, ref):
            assert_same(o, r, atol=1e-10)


def test_matrix_rank_and_norms():
    a = torch.tensor([[1.0, 2.0], [2.0, 4.0]])
    assert torch.linalg.matrix_rank(a).item() == 1
    assert torch.linalg.matrix_rank(a).dtype is torch.int64
    v = torch.tensor([3.0, -4.0])
    assert torch.linalg.vector_norm(v).item() == 5.0
    assert torch.linalg.vector_norm(v, 1).item() == 7.0
    assert torch.linalg.vector_norm(v, math.inf).item() == 4.0
    assert torch.linalg.vector_norm(v, 0).item() == 2.0
    assert torch.linalg.norm(torch.eye(3), "nuc").item() == pytest.approx(3.0)
    assert torch.linalg.vector_norm(torch.ones(3, dtype=torch.complex64)).dtype is torch.float32


def test_norm_gradient_at_zero_is_zero():
    x = torch.zeros(3, requires_grad=True)
    torch.linalg.vector_norm(x).backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


def test_matrix_power_zero_is_identity():
    a = torch.tensor(sample((2, 3, 3)), requires_grad=True)
    out = torch.linalg.matrix_power(a, 0)
    np.testing.assert_allclose(out.detach().numpy(), np.broadcast_to(np.eye(3), (2, 3, 3)))
    assert out.grad_fn is not None


def test_tensor_methods():
    a = torch.tensor(sample((3, 3)))
    assert torch.equal(a.matmul(a), a @ a)
    assert a.det().item() == pytest.approx(torch.linalg.det(a).item())
    assert torch.allclose(a.inverse(), torch.linalg.inv(a))
    assert a.trace().item() == pytest.approx(float(np.trace(a.numpy())))
    assert a.slogdet()._fields == ("sign", "logabsdet")


def test_det_gradient_of_singular_matrix_is_the_cofactor_matrix():
    # torch gives this with create_graph=True (and zeros without): A^{-1} does not exist here
    a = torch.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=torch.float64, requires_grad=True)
    torch.linalg.det(a).backward()
    np.testing.assert_allclose(a.grad.numpy(), [[4.0, -2.0], [-2.0, 1.0]], atol=1e-12)


@pytest.mark.parametrize("name", ["addmm", "addr", "baddbmm"])
def test_complex_scalars_are_conjugated_in_backward(torch_ref, name):
    shapes = {"addmm": [(2, 4), (2, 3), (3, 4)], "addr": [(2, 4), (2,), (4,)],
              "baddbmm": [(2, 2, 4), (2, 2, 3), (2, 3, 4)]}[name]  # fmt: skip
    arrays = [sample(s, seed=i) + 1j * sample(s, seed=i + 5) for i, s in enumerate(shapes)]
    grads = []
    for m in (torch, torch_ref):
        xs = [m.tensor(x, requires_grad=True) for x in arrays]
        out = getattr(m, name)(*xs, beta=0.5 + 1j, alpha=2 - 1j)
        (out * m.tensor(0.3 - 0.7j, dtype=m.complex128)).real.sum().backward()
        grads.append([x.grad for x in xs])
    for ours, theirs in zip(*grads):
        assert_same(ours, theirs, atol=1e-12)


def test_root_gradient_of_another_dtype_is_cast(torch_ref):
    a = torch.ones(2, 2, requires_grad=True)
    (a @ a).backward(torch.ones(2, 2, dtype=torch.float64))
    assert a.grad.dtype is torch.float32
