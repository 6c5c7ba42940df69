"""``torch.linalg``: norms, decompositions, solvers and products of (batches of) matrices.

The decompositions live in ``ops/linalg_solvers.py`` and ``ops/spectral.py``, the products in
``ops/linalg.py``; this module is the namespace users see, plus the norms (one op for vector norms,
matrix norms composed from it and from ``svdvals``) and small composites (``multi_dot``, ``cond``).
"""

from __future__ import annotations

import math

from . import _dtype as D
from .ops import statistics as _statistics
from .ops._pointwise import _finish, _type_name
from .ops.contraction import linalg_cross as cross  # noqa: F401
from .ops.linalg import matmul  # noqa: F401
from .ops.linalg_solvers import (  # noqa: F401  (re-exported)
    LinAlgError,
    _check_matrix,
    cholesky_ex,
    det,
    inv,
    inv_ex,
    lu_factor,
    lu_factor_ex,
    lu_solve,
    matrix_exp,
    matrix_power,
    slogdet,
    solve,
    solve_ex,
    solve_triangular,
)
from .ops.linalg_solvers import linalg_cholesky as cholesky  # noqa: F401
from .ops.linalg_solvers import linalg_lu as lu  # noqa: F401
from .ops.linalg_solvers import linalg_qr as qr  # noqa: F401
from .ops.spectral import (  # noqa: F401
    eig,
    eigh,
    eigvals,
    eigvalsh,
    lstsq,
    matrix_rank,
    pinv,
    svd,
    svdvals,
)

__all__ = [
    "LinAlgError", "cholesky", "cholesky_ex", "cond", "cross", "det", "diagonal", "eig", "eigh",
    "eigvals", "eigvalsh", "inv", "inv_ex", "lstsq", "lu", "lu_factor", "lu_factor_ex", "lu_solve",
    "matmul", "matrix_exp", "matrix_norm", "matrix_power", "matrix_rank", "multi_dot", "norm",
    "pinv", "qr", "slogdet", "solve", "solve_ex", "solve_triangular", "svd", "svdvals",
    "tensorinv", "tensorsolve", "vander", "vecdot", "vector_norm",
]  # fmt: skip

_INF = float("inf")


# --- vector norms ------------------------------------------------------------------------------


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None, out=None):
    """Vector ``ord``-norm of ``x`` over ``dim`` (all elements if None); real for complex ``x``.

    ``ord``: any real number, ``inf`` (max ``|x|``), ``-inf`` (min) or 0 (number of nonzeros).
    The op itself is ``torch.norm``'s (ops/statistics.py); this checks ``ord``'s type first.
    """
    if isinstance(ord, str) or not isinstance(ord, (int, float)):
        raise TypeError(
            "linalg_vector_norm(): argument 'ord' (position 2) must be Number, not "
            f"{type(ord).__name__}"
        )
    return _statistics.vector_norm(x, ord, dim, keepdim, dtype=dtype, out=out)


_MATRIX_ORDS = ("fro", "nuc", 1, -1, 2, -2, _INF, -_INF)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None, out=None):
    """Matrix norm over the two dims ``dim``: 'fro', 'nuc', 1, -1, 2, -2, inf or -inf.

    1/inf are max column/row sums of ``|A|``; 2/'nuc' the largest singular value / their sum;
    negative orders take the minimum instead of the maximum.
    """
    from ._tensor import _wrap_dim

    _check_matrix("linalg.matrix_norm", A, square=False, any_dtype=True)
    if not (A.dtype.is_floating_point or A.dtype.is_complex):
        raise RuntimeError(
            "linalg.matrix_norm: Expected a floating point or complex tensor as input. Got "
            f"{_type_name(A.dtype)}"
        )
    if ord not in _MATRIX_ORDS:
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    d0, d1 = (_wrap_dim(d, A.dim()) for d in dim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({d0}, {d1})")
    if dtype is not None and dtype is not A.dtype:
        A = A.to(dtype)
    if ord == "fro":
        return _finish(vector_norm(A, 2, (d0, d1), keepdim), out)
    if ord in ("nuc", 2, -2):
        s = svdvals(A.movedim((d0, d1), (-2, -1)))
        s = s.sum(-1) if ord == "nuc" else s.amax(-1) if ord == 2 else s.amin(-1)
        if keepdim:
            s = s.unsqueeze(min(d0, d1)).unsqueeze(max(d0, d1))
        return _finish(s, out)
    # 1: max over columns of the column sums; inf: max over rows of the row sums
    summed, other = (d0, d1) if abs(ord) == 1 else (d1, d0)
    sums = A.abs().sum(summed, keepdim=keepdim)
    if not keepdim and other > summed:
        other -= 1
    result = sums.amax(other, keepdim=keepdim) if ord > 0 else sums.amin(other, keepdim=keepdim)
    return _finish(result, out)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None, out=None):
    """A vector or matrix norm, chosen as PyTorch chooses.

    With ``dim`` None and ``ord`` None: the 2-norm of all elements; with ``ord`` given, ``A`` must
    be 1-D (vector norm) or 2-D (matrix norm). A 2-tuple ``dim`` asks for a matrix norm.
    """
    if dim is not None:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        if len(dims) == 2:
            return matrix_norm(
                A, "fro" if ord is None else ord, dims, keepdim, dtype=dtype, out=out
            )
        return vector_norm(A, 2 if ord is None else ord, dims, keepdim, dtype=dtype, out=out)
    if ord is None:
        return vector_norm(A, 2, None, keepdim, dtype=dtype, out=out)
    if A.dim() == 2:
        return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype, out=out)
    if A.dim() != 1:
        raise RuntimeError(
            "linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
            f"{A.dim()}D."
        )
    if isinstance(ord, str):
        raise RuntimeError(
            "linalg.matrix_norm: The input tensor A must have at least 2 dimensions."
        )
    return vector_norm(A, ord, None, keepdim, dtype=dtype, out=out)


def cond(A, p=None, *, out=None):
    """Condition number ``||A|| ||A^{-1}||`` in the ``p`` norm (default: the 2-norm, via SVD)."""
    if A.dim() < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if p is None or p in (2, -2):
        s = svdvals(A)
        ratio = s.amax(-1) / s.amin(-1)
        return _finish(ratio if p != -2 else 1 / ratio, out)
    _check_matrix("linalg.cond", A)
    return _finish(matrix_norm(A, p) * matrix_norm(inv(A), p), out)


# --- products and small composites -------------------------------------------------------------


def multi_dot(tensors, *, out=None):
    """The product of a chain of matrices, multiplied in the cheapest order.

    The first tensor may be 1-D (a row vector) and the last 1-D (a column vector).
    """
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    first, last = tensors[0], tensors[-1]
    if first.dim() not in (1, 2):
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {first.dim()}D")
    if last.dim() not in (1, 2):
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {last.dim()}D")
    for i, t in enumerate(tensors[1:-1], 1):
        if t.dim() != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {t.dim()}D")
    mats = list(tensors)
    mats[0] = first.unsqueeze(0) if first.dim() == 1 else first
    mats[-1] = last.unsqueeze(-1) if last.dim() == 1 else last
    from .ops.linalg import _CPP_NAMES

    for i, t in enumerate(mats[1:], 1):
        if t.dtype is not mats[0].dtype:
            raise RuntimeError(
                "multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                f"{_CPP_NAMES[mats[0].dtype.name]} and tensor {i} {_CPP_NAMES[t.dtype.name]}"
            )
        if mats[i - 1].shape[1] != t.shape[0]:
            raise RuntimeError(
                f"multi_dot(): tensors {i - 1} and {i} with shapes {list(tensors[i - 1].shape)} "
                f"and {list(tensors[i].shape)} cannot be multiplied"
            )
    result = _chain(mats, _chain_order([m.shape[0] for m in mats] + [mats[-1].shape[1]]), 0, n - 1)
    shape = tuple(result.shape)
    if first.dim() == 1:
        shape = shape[1:]
    if last.dim() == 1:
        shape = shape[:-1]
    return _finish(result.view(shape), out)


def _chain_order(p):
    """The classic matrix-chain dynamic programme: split[i][j] is where to split A_i..A_j."""
    n = len(p) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = math.inf
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1]
                if c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def _chain(mats, split, i, j):
    if i == j:
        return mats[i]
    k = split[i][j]
    return _chain(mats, split, i, k) @ _chain(mats, split, k + 1, j)


def vecdot(x, y, *, dim=-1, out=None):
    """Dot product of vectors along ``dim``, conjugating ``x``: ``sum(conj(x) * y, dim)``."""
    if x.dtype is not y.dtype:
        raise RuntimeError(
            "linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
            f"{_type_name(x.dtype)} and y of type {_type_name(y.dtype)} instead"
        )
    xc = x.conj() if x.is_complex() else x
    return _finish((xc * y).sum(dim), out)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The diagonal of each matrix (a view): ``torch.diagonal`` with matrix-last defaults."""
    return A.diagonal(offset, dim1, dim2)


def vander(x, *, N=None):
    """Vandermonde matrix: columns ``x**0, x**1, ..., x**(N-1)``."""
    from .ops.creation import arange

    if x.dim() < 1:
        raise RuntimeError("linalg.vander: x must have at least one dimension")
    n = x.shape[-1] if N is None else N
    if n < 1:
        raise RuntimeError("N must be greater than 1.")
    if x.dtype is D.bool:
        x = x.long()
    powers = arange(n, dtype=x.dtype if x.dtype.is_floating_point or x.dtype.is_complex else None)
    return x.unsqueeze(-1) ** powers


def tensorinv(A, ind=2, *, out=None):
    """The inverse of ``A`` seen as a linear map from its first ``ind`` dims to the rest."""
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    rows = math.prod(A.shape[:ind])
    cols = math.prod(A.shape[ind:])
    if rows != cols:
        raise RuntimeError(
            "Expected self to satisfy the requirement prod(self.shape[ind:]) == "
            f"prod(self.shape[:ind]), but got {cols} != {rows}"
        )
    result = inv(A.reshape(rows, cols)).reshape(tuple(A.shape[ind:]) + tuple(A.shape[:ind]))
    return _finish(result, out)


def tensorsolve(A, B, dims=None, *, out=None):
    """The ``X`` with ``tensordot(A, X, X.ndim) == B``."""
    if dims is not None:
        dims = [d % A.dim() for d in dims]
        rest = [d for d in range(A.dim()) if d not in dims]
        A = A.permute(rest + dims)
    x_shape = tuple(A.shape[B.dim() :])
    rows = B.numel()
    result = solve(A.reshape(rows, -1), B.reshape(rows)).reshape(x_shape)
    return _finish(result, out)


from ._naming import missing_attribute as _missing_attribute  # noqa: E402

__getattr__ = _missing_attribute(__name__)
