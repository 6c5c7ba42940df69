"""Determinants, inverses, solvers and the LU/Cholesky/QR factorizations.

Forwards call NumPy's (batched) LAPACK routines on whole arrays. Where NumPy has no kernel (LU with
its pivots, the index LAPACK reports for a singular or indefinite matrix) a loop runs over the
matrix *columns*, each step on the whole batch. Backwards are PyTorch's formulas
(``FunctionsManual.cpp``) written with differentiable Tensor ops (``@``, ``solve``, ``inv``), so
double backward works. The spectral decompositions (eigh, eig, svd, pinv, lstsq) are in
``spectral.py``; ``numtorch.linalg`` re-exports both under ``torch.linalg``'s names.
"""

from __future__ import annotations

import warnings

import numpy as np

from .. import _dtype as D
from .. import return_types as _rt
from .._backend import array_module
from ..autograd.node import Op
from ._pointwise import _finish, _type_name


class _LinAlgError(RuntimeError):
    """``torch.linalg.LinAlgError``: a matrix is singular or not positive-definite."""


LinAlgError = _LinAlgError


def _return_type(name, fields):
    """PyTorch's named tuple (from return_types where it is defined there)."""
    return getattr(_rt, name, None) or _rt._named(name, fields)


_InvEx = _return_type("linalg_inv_ex", ("inverse", "info"))
_CholeskyEx = _return_type("linalg_cholesky_ex", ("L", "info"))
_SolveEx = _return_type("linalg_solve_ex", ("result", "info"))
_LuFactor = _return_type("linalg_lu_factor", ("LU", "pivots"))
_LuFactorEx = _return_type("linalg_lu_factor_ex", ("LU", "pivots", "info"))
_Lu = _return_type("linalg_lu", ("P", "L", "U"))


# --- helpers -----------------------------------------------------------------------------------

_WARNED = set()


def _warn_once(message, where):
    """PyTorch's TORCH_WARN_ONCE: a deprecation warning, once per process."""
    if message not in _WARNED:
        _WARNED.add(message)
        warnings.warn(
            f"{message} (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
            f"{where}.)",
            UserWarning,
            stacklevel=3,
        )


def _tensor(array):
    from .._tensor import Tensor

    if isinstance(array, np.generic):  # a reduction of a single matrix gives a NumPy scalar
        array = np.asarray(array)
    return Tensor._make(array)


def _eye(n, like):
    from .creation import eye

    return eye(n, dtype=like.dtype, device=like.device)


def _diag_embed(v):
    """Vectors (..., n) as diagonal matrices (..., n, n), differentiably."""
    return v.unsqueeze(-1) * _eye(v.shape[-1], v)


def _tril(x, k=0):
    """The lower triangle, differentiably (a product with a constant 0/1 mask)."""
    mask = np.tri(x.shape[-2], x.shape[-1], k)
    return x * _tensor(array_module(x._data).asarray(mask).astype(x._data.dtype))


def _swap(a):
    """Transpose of the last two dims of an array."""
    return a.swapaxes(-1, -2)


def _check_matrix(fn, A, *, square=True, kernel=None, floating=True, any_dtype=False, name="A"):
    """PyTorch's argument checks for a (batch of) matrices, with its messages.

    ``floating``: integer inputs get the "Expected a floating point" error; ``kernel``: the LAPACK
    kernel the NotImplementedError names for dtypes it lacks (half, bfloat16, integers);
    ``any_dtype``: every dtype is fine (products only, as in matrix_power).
    """
    from .._tensor import Tensor

    if not isinstance(A, Tensor):
        raise TypeError(
            f"{fn}(): argument '{name}' (position 1) must be Tensor, not {type(A).__name__}"
        )
    if A.dim() < 2:
        raise RuntimeError(f"{fn}: The input tensor {name} must have at least 2 dimensions.")
    if square and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(
            f"{fn}: A must be batches of square matrices, but they are {A.shape[-2]} by "
            f"{A.shape[-1]} matrices"
        )
    dt = A.dtype
    if any_dtype:
        return
    if floating and not (dt.is_floating_point or dt.is_complex):
        raise RuntimeError(
            f"{fn}: Expected a floating point or complex tensor as input. Got {_type_name(dt)}"
        )
    if dt is D.float16 or dt is D.bfloat16 or not (dt.is_floating_point or dt.is_complex):
        if kernel is not None:
            raise NotImplementedError(f"\"{kernel}\" not implemented for '{_type_name(dt)}'")
        raise RuntimeError(f"{fn}: Low precision dtypes not supported. Got {_type_name(dt)}")


def _batch_prefix(info):
    """'(Batch element i): ' and the info value of the first failing batch item."""
    info = np.asarray(info)
    if info.ndim == 0:
        return "", int(info)
    flat = info.reshape(-1)
    i = int(np.flatnonzero(flat)[0])
    return f"(Batch element {i}): ", int(flat[i])


def _lu_factor(a):
    """LU with partial pivoting (LAPACK's getrf), vectorized over the batch.

    Returns (LU, pivots (1-based, int32), info): ``info`` is the first exactly-zero pivot (1-based,
    the number PyTorch prints for a singular matrix), 0 if none.
    """
    xp = array_module(a)
    lu = a.copy()
    m, n = lu.shape[-2:]
    k_max = min(m, n)
    batch = lu.shape[:-2]
    pivots = xp.zeros(batch + (k_max,), dtype=np.int32)
    info = xp.zeros(batch, dtype=np.int32)
    for k in range(k_max):
        p = xp.abs(lu[..., k:, k]).argmax(-1) + k
        pivots[..., k] = p + 1
        at_p = p[..., None, None]
        row_p = xp.take_along_axis(lu, at_p, axis=-2)
        row_k = lu[..., k : k + 1, :].copy()
        xp.put_along_axis(lu, at_p, row_k, axis=-2)
        lu[..., k : k + 1, :] = row_p
        pivot = lu[..., k, k]
        zero = pivot == 0  # then the column below is zero too: nothing to eliminate
        info = xp.where((info == 0) & zero, k + 1, info)
        lu[..., k + 1 :, k] /= xp.where(zero, 1, pivot)[..., None]
        lu[..., k + 1 :, k + 1 :] -= lu[..., k + 1 :, k : k + 1] * lu[..., k : k + 1, k + 1 :]
    return lu, pivots, info


def _cholesky_info(a):
    """The order of the first leading minor that is not positive-definite (0 if none), per item,
    and the factor LAPACK leaves behind (after a failure the columns keep the input)."""
    xp = array_module(a)
    n = a.shape[-1]
    low = xp.tril(a)
    info = xp.zeros(a.shape[:-2], dtype=np.int32)
    for j in range(n):
        row = low[..., j, :j]
        d = low[..., j, j] - (row * row.conj()).sum(-1)
        bad = ~(d.real > 0) & (info == 0)  # NaN fails too, as in LAPACK
        info = xp.where(bad, j + 1, info)
        ok = info == 0
        root = xp.sqrt(xp.where(ok, d, 1))
        low[..., j, j] = xp.where(ok, root, xp.where(bad, d, low[..., j, j]))
        below = low[..., j + 1 :, j] - (low[..., j + 1 :, :j] @ row.conj()[..., None])[..., 0]
        low[..., j + 1 :, j] = xp.where(
            ok[..., None], below / root[..., None], low[..., j + 1 :, j]
        )
    return info, low


# --- det, slogdet, logdet ----------------------------------------------------------------------


class LinalgDet(Op):
    @staticmethod
    def forward(ctx, a):
        d = ctx.xp.asarray(ctx.xp.linalg.det(a)).astype(a.dtype, copy=False)
        ctx.save_for_backward(a, d)
        return d

    @staticmethod
    def backward(ctx, grad):
        # d det(A) = tr(adj(A) dA): the gradient is adj(A)^H, which is det(A) A^{-H} when A is
        # invertible; a singular A has no inverse, so its adjugate comes from the SVD
        a, d = ctx.saved_tensors
        if bool((d._data == 0).any()):
            return grad.unsqueeze(-1).unsqueeze(-1) * _tensor(_adjugate_h(a._data))
        scale = grad * d.conj() if d.is_complex() else grad * d
        return scale.unsqueeze(-1).unsqueeze(-1) * inv(a).mH


def _adjugate_h(a):
    """adj(A)^H = conj(det(U) det(Vh)) U diag(prod_{j != i} s_j) Vh, for any square A.

    Not differentiable again (it is used only where A is singular).
    """
    xp = array_module(a)
    u, s, vh = xp.linalg.svd(a)
    ones = xp.ones(s.shape[:-1] + (1,), dtype=s.dtype)
    left = xp.cumprod(xp.concatenate([ones, s[..., :-1]], -1), -1)  # prod of s_j, j < i
    right = xp.cumprod(xp.concatenate([ones, s[..., :0:-1]], -1), -1)[..., ::-1]  # j > i
    phase = (xp.linalg.det(u) * xp.linalg.det(vh)).conj()
    return (phase[..., None, None] * (u * (left * right)[..., None, :]) @ vh).astype(a.dtype)


class LinalgSlogdet(Op):
    @staticmethod
    def forward(ctx, a):
        xp = ctx.xp
        ctx.set_materialize_grads(False)
        sign, logabs = xp.linalg.slogdet(a)
        sign = xp.asarray(sign).astype(a.dtype, copy=False)
        logabs = xp.asarray(logabs).astype(D.from_numpy_dtype(a.dtype).to_real().np, copy=False)
        ctx.save_for_backward(a, sign)
        return sign, logabs

    @staticmethod
    def backward(ctx, g_sign, g_logabs):
        a, sign = ctx.saved_tensors
        h = g_logabs if g_logabs is not None else (sign.abs() * 0).to(sign.dtype.to_real())
        if a.is_complex() and g_sign is not None:  # the phase's share: log det = log|det| + i arg
            h = h - (g_sign.conj() * sign).imag * 1j
        elif g_logabs is None:
            return None  # a real sign is piecewise constant
        return h.unsqueeze(-1).unsqueeze(-1) * inv(a).mH


def det(A, *, out=None):
    """Determinant of a square matrix (or of each in a batch)."""
    _check_matrix("linalg.det", A, kernel="lu_cpu")
    return _finish(LinalgDet.apply(A), out)


def slogdet(A, *, out=None):
    """Sign (phase) and log of the absolute value of the determinant."""
    _check_matrix("linalg.slogdet", A)
    sign, logabs = LinalgSlogdet.apply(A)
    if out is not None:
        sign, logabs = _finish(sign, out[0]), _finish(logabs, out[1])
    return _rt.linalg_slogdet(sign, logabs)


def torch_slogdet(input):
    """``torch.slogdet``: ``linalg.slogdet`` in its own named tuple."""
    sign, logabs = slogdet(input)
    return _rt.slogdet(sign, logabs)


def logdet(input):
    """Log-determinant: nan where the (real) determinant is negative, -inf where it is 0."""
    _check_matrix("logdet", input)
    sign, logabs = LinalgSlogdet.apply(input)
    return logabs + sign.log()  # log(1) = 0, log(-1) = nan; complex: i * phase


# --- inv ---------------------------------------------------------------------------------------


def _singular_message(fn, a):
    _, _, info = _lu_factor(a)
    prefix, k = _batch_prefix(info) if bool((info != 0).any()) else ("", a.shape[-1])
    return (
        f"{fn}: {prefix}The diagonal element {k} is zero, the inversion could not be completed "
        "because the input matrix is singular."
    )


class LinalgInvEx(Op):
    @staticmethod
    def forward(ctx, a):
        if a.size == 0:
            out = a.copy()
        else:
            try:
                out = ctx.xp.linalg.inv(a)
            except np.linalg.LinAlgError:
                raise _LinAlgError(_singular_message("linalg.inv", a)) from None
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (a_inv,) = ctx.saved_tensors
        h = a_inv.mH
        return -(h @ grad @ h)


def inv(A, *, out=None):
    """Inverse of a square matrix; raises ``LinAlgError`` when it is singular."""
    _check_matrix("linalg.inv", A)
    return _finish(LinalgInvEx.apply(A), out)


def inv_ex(A, *, check_errors=False, out=None):
    """``inv`` that reports singular matrices in ``info`` (int32) instead of raising."""
    _check_matrix("linalg.inv", A)
    xp = array_module(A._data)
    _, _, info = _lu_factor(A._data)
    singular = info != 0
    if check_errors and bool(singular.any()):
        raise _LinAlgError(_singular_message("linalg.inv", A._data))
    if bool(singular.any()):  # invert the others; the singular ones come out as nan
        eye = xp.eye(A.shape[-1], dtype=A._data.dtype)
        result = xp.linalg.inv(xp.where(singular[..., None, None], eye, A._data))
        result[singular] = np.nan
        result = _tensor(result)
    else:
        result = LinalgInvEx.apply(A)
    return _InvEx(result, _tensor(info))


def inverse(input, *, out=None):
    """``torch.inverse``: the same as ``torch.linalg.inv``."""
    return inv(input, out=out)


# --- solve -------------------------------------------------------------------------------------


class LinalgSolveEx(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, left, vector):
        ctx.left, ctx.vector = left, vector
        xp = ctx.xp
        lhs, rhs = a, (b[..., None] if vector else b)
        if not left:  # X A = B  <=>  A^T X^T = B^T
            lhs, rhs = _swap(a), _swap(rhs)
        try:
            x = xp.linalg.solve(lhs, rhs)
        except np.linalg.LinAlgError:
            raise _LinAlgError(
                "torch.linalg.solve: The solver failed because the input matrix is singular."
            ) from None
        x = xp.ascontiguousarray(_swap(x)) if not left else x
        x = x[..., 0] if vector else x
        ctx.save_for_backward(a, x)
        return x

    @staticmethod
    def backward(ctx, grad):
        # left: gB = A^{-H} g, gA = -gB X^H;  right (X A = B): gB = g A^{-H}, gA = -X^H gB
        a, x = ctx.saved_tensors
        left, vector = ctx.left, ctx.vector
        gb = LinalgSolveEx.apply(a.mH, grad, left, vector)
        ga = None
        if ctx.needs_input_grad[0]:
            if vector:
                ga = -(gb.unsqueeze(-1) * x.conj().unsqueeze(-2))
            elif left:
                ga = -(gb @ x.mH)
            else:
                ga = -(x.mH @ gb)
        return ga, (gb if ctx.needs_input_grad[1] else None), None, None


class _SolveTriangular(LinalgSolveEx):
    node_name = "LinalgSolveTriangularBackward0"


def _is_vector_rhs(A, B):
    return B.dim() == 1 or (B.dim() == A.dim() - 1 and tuple(B.shape) == tuple(A.shape[:-1]))


def solve(A, B, *, left=True, out=None):
    """The solution ``X`` of ``A X = B`` (``X A = B`` if not ``left``), batched and broadcast.

    ``B`` is a (batch of) vectors when it is 1-D or has ``A``'s shape without its last dim.
    """
    _check_matrix("linalg.solve", A)
    if A.dtype is not B.dtype:
        raise RuntimeError(
            "linalg.solve: Expected A and B to have the same dtype, but found A of type "
            f"{_type_name(A.dtype)} and B of type {_type_name(B.dtype)} instead"
        )
    vector = left and _is_vector_rhs(A, B)
    rows = B.shape[-1] if vector else B.shape[-2 if left else -1]
    if rows != A.shape[-1]:
        b_shape = f"{B.shape[-1]}x1" if vector else "x".join(str(s) for s in B.shape[-2:])
        raise RuntimeError(
            "linalg.solve: Incompatible shapes of A and B for the equation "
            f"{'AX = B' if left else 'XA = B'} ({A.shape[-2]}x{A.shape[-1]} and {b_shape})"
        )
    return _finish(LinalgSolveEx.apply(A, B, left, vector), out)


def solve_ex(A, B, *, left=True, check_errors=False, out=None):
    """``solve`` returning ``(result, info)``."""
    result = solve(A, B, left=left)
    return _SolveEx(result, _tensor(np.zeros(tuple(A.shape[:-2]), dtype=np.int32)))


def solve_triangular(A, B, *, upper, left=True, unitriangular=False, out=None):
    """Solves a triangular system; only ``A``'s upper (or lower) triangle is read."""
    _check_matrix("linalg.solve_triangular", A)
    tri = A - _tril(A, -1) if upper else _tril(A)
    if unitriangular:
        tri = tri - _diag_embed(tri.diagonal(0, -2, -1)) + _eye(A.shape[-1], A)
    return _finish(_SolveTriangular.apply(tri, B, left, False), out)


# --- cholesky ----------------------------------------------------------------------------------


class LinalgCholeskyEx(Op):
    @staticmethod
    def forward(ctx, a, upper):
        xp = ctx.xp
        try:
            low = xp.linalg.cholesky(a)
        except np.linalg.LinAlgError:
            info, _ = _cholesky_info(a)
            prefix, k = _batch_prefix(info)
            raise _LinAlgError(
                f"linalg.cholesky: {prefix}The factorization could not be completed because the "
                f"input is not positive-definite (the leading minor of order {k} is not "
                "positive-definite)."
            ) from None
        ctx.upper = upper
        out = xp.ascontiguousarray(_swap(low).conj()) if upper else low
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        # A = L L^H: gA = L^{-H} Phi(L^H gL) L^{-1}, with Phi the Hermitian part of tril(.) with
        # a halved diagonal (PyTorch's cholesky_backward)
        (factor,) = ctx.saved_tensors
        low, g = (factor.mH, grad.mH) if ctx.upper else (factor, grad)
        t = _tril(low.mH @ g)
        inner = 0.5 * (t + _tril(t, -1).mH)
        ga = LinalgSolveEx.apply(low.mH, inner, True, False)
        return LinalgSolveEx.apply(low, ga, False, False), None


class _CholeskyLegacy(LinalgCholeskyEx):
    node_name = "CholeskyBackward0"


def linalg_cholesky(A, *, upper=False, out=None):
    """Cholesky factor ``L`` of a Hermitian positive-definite ``A = L L^H`` (``L^H`` if upper)."""
    _check_matrix("linalg.cholesky", A, kernel="cholesky_cpu")
    return _finish(LinalgCholeskyEx.apply(A, upper), out)


def cholesky_ex(A, *, upper=False, check_errors=False, out=None):
    """``cholesky`` reporting failures in ``info`` (int32) instead of raising."""
    _check_matrix("linalg.cholesky", A, kernel="cholesky_cpu")
    info, factor = _cholesky_info(A._data)
    if check_errors or not bool((info != 0).any()):
        result = LinalgCholeskyEx.apply(A, upper)
    else:
        factor = _swap(factor).conj() if upper else factor
        result = _tensor(array_module(factor).ascontiguousarray(factor))
    return _CholeskyEx(result, _tensor(info.astype(np.int32)))


def cholesky(input, upper=False, *, out=None):
    """Deprecated ``torch.cholesky``: prefer ``torch.linalg.cholesky``."""
    _warn_once(
        "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a "
        "future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\nL = "
        "torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\nshould be replaced "
        "with\nU = torch.linalg.cholesky(A).mH\nThis transform will produce equivalent results "
        "for all valid (symmetric positive definite) inputs.",
        "BatchLinearAlgebra.cpp:1765",
    )
    _check_matrix("cholesky", input, kernel="cholesky_cpu", floating=False)
    return _finish(_CholeskyLegacy.apply(input, upper), out)


def cholesky_solve(B, L, upper=False, *, out=None):
    """Solves ``A X = B`` given the Cholesky factor of ``A``."""
    low = L.mH if upper else L
    y = LinalgSolveEx.apply(low, B, True, False)
    return _finish(LinalgSolveEx.apply(low.mH, y, True, False), out)


def cholesky_inverse(L, upper=False, *, out=None):
    """Inverse of ``A`` given its Cholesky factor."""
    return cholesky_solve(_eye(L.shape[-1], L).expand(L.shape), L, upper, out=out)


# --- qr ----------------------------------------------------------------------------------------


class LinalgQr(Op):
    @staticmethod
    def forward(ctx, a, mode):
        ctx.mode = mode
        xp = ctx.xp
        if mode == "r":
            r = xp.linalg.qr(a, mode="r")
            q = xp.zeros((0,), dtype=a.dtype)
        else:
            q, r = xp.linalg.qr(a, mode=mode)
        ctx.save_for_backward(q, r)
        return q, r

    @staticmethod
    def backward(ctx, gq, gr):
        q, r = ctx.saved_tensors
        if ctx.mode == "r":
            raise RuntimeError(
                "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                "Please use linalg.qr(A, mode='reduced') if you are going to differentiate "
                "through linalg.qr."
            )
        m, n = q.shape[-2], r.shape[-1]
        if ctx.mode == "complete" and m > n:
            raise RuntimeError(
                "The QR decomposition is not differentiable when mode='complete' and nrows > ncols."
            )
        if m >= n:
            return _qr_backward_tall(gq, gr, q, r), None
        # wide: A = Q [U | V] with U square; V = Q^H Y only adds to Q's gradient
        gu, gv = gr[..., :, :m], gr[..., :, m:]
        y = q @ r[..., :, m:]
        gx = _qr_backward_tall(gq + y @ gv.mH, gu, q, r[..., :, :m])
        return _cat_last(gx, q @ gv), None


def _qr_backward_tall(gq, gr, q, r):
    """gA = [gQ + Q copyltu(M)] R^{-H} with M = R gR^H - gQ^H Q (m >= n)."""
    m = r @ gr.mH - gq.mH @ q
    low = _tril(m, -1)
    diag = m.diagonal(0, -2, -1)
    copyltu = low + low.mH + _diag_embed(diag.real.to(m.dtype) if diag.is_complex() else diag)
    return LinalgSolveEx.apply(r.mH, gq + q @ copyltu, False, False)


def _cat_last(a, b):
    """``[a | b]`` along the last dim, differentiably (two products with 0/1 placement matrices)."""
    n1, n2 = a.shape[-1], b.shape[-1]
    xp = array_module(a._data)
    left = _tensor(xp.eye(n1, n1 + n2, dtype=a._data.dtype))
    right = _tensor(xp.eye(n2, n1 + n2, k=n1, dtype=b._data.dtype))
    return a @ left + b @ right


def linalg_qr(A, mode="reduced", *, out=None):
    """QR decomposition ``A = Q R``: ``mode`` is 'reduced', 'complete' or 'r' (R only)."""
    _check_matrix("linalg.qr", A, square=False, kernel="geqrf_cpu")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(
            f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
            "'r', or 'complete'"
        )
    q, r = LinalgQr.apply(A, mode)
    return _rt.linalg_qr(q, r)


def qr(input, some=True, *, out=None):
    """Deprecated ``torch.qr``: prefer ``torch.linalg.qr``."""
    _warn_once(
        "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future "
        "PyTorch release.\nThe boolean parameter 'some' has been replaced with a string "
        "parameter 'mode'.\nQ, R = torch.qr(A, some)\nshould be replaced with\nQ, R = "
        "torch.linalg.qr(A, 'reduced' if some else 'complete')",
        "BatchLinearAlgebra.cpp:2505",
    )
    q, r = linalg_qr(input, "reduced" if some else "complete")
    return _rt.qr(q, r)


# --- lu (not differentiable) -------------------------------------------------------------------


def lu_factor_ex(A, *, pivot=True, check_errors=False, out=None):
    """Compact LU factorization with partial pivoting: ``(LU, pivots, info)``."""
    _check_matrix("torch.linalg.lu_factor_ex", A, square=False, kernel="lu_cpu")
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    lu_, piv, info = _lu_factor(A._data)
    if check_errors and bool((info != 0).any()):
        prefix, k = _batch_prefix(info)
        raise _LinAlgError(
            f"torch.linalg.lu_factor_ex: {prefix}U[{k},{k}] is zero and using it on "
            "lu_solve would result in a division by zero."
        )
    return _LuFactorEx(_tensor(lu_), _tensor(piv), _tensor(info))


def lu_factor(A, *, pivot=True, out=None):
    """Compact LU factorization with partial pivoting: ``(LU, pivots)`` (not differentiable)."""
    lu_, piv, _ = lu_factor_ex(A, pivot=pivot)
    return _LuFactor(lu_, piv)


def linalg_lu(A, *, pivot=True, out=None):
    """``A = P L U`` with a permutation ``P``, unit lower ``L`` and upper ``U`` (no gradient)."""
    lu_, piv = lu_factor(A, pivot=pivot)
    return lu_unpack(lu_, piv)


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True, *, out=None):
    """The ``(P, L, U)`` of a compact LU factorization."""
    xp = array_module(LU_data._data)
    a = LU_data._data
    m, n = a.shape[-2:]
    k = min(m, n)
    low = xp.tril(a[..., :, :k], -1) + xp.eye(m, k, dtype=a.dtype)
    up = xp.triu(a[..., :k, :])
    perm = xp.broadcast_to(xp.arange(m), a.shape[:-2] + (m,)).copy()
    piv = LU_pivots._data.astype(np.int64) - 1
    for i in range(k):  # LAPACK's row swaps in order, for the whole batch at once
        j = piv[..., i : i + 1]
        pi = perm[..., i : i + 1].copy()
        perm[..., i : i + 1] = xp.take_along_axis(perm, j, -1)
        xp.put_along_axis(perm, j, pi, -1)
    p = (perm[..., None, :] == xp.arange(m)[:, None]).astype(a.dtype)
    return _Lu(_tensor(p), _tensor(low), _tensor(up))


def lu(A, pivot=True, get_infos=False, out=None):
    """``torch.lu``: the compact factorization ``(LU, pivots[, infos])``."""
    _warn_once(
        "torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex "
        "and will be removed in a future PyTorch release.\nLU, pivots = torch.lu(A, "
        "compute_pivots)\nshould be replaced with\nLU, pivots = torch.linalg.lu_factor(A, "
        "compute_pivots)\nand\nLU, pivots, info = torch.lu(A, compute_pivots, get_infos=True)"
        "\nshould be replaced with\nLU, pivots, info = torch.linalg.lu_factor_ex(A, "
        "compute_pivots)",
        "BatchLinearAlgebra.cpp:2073",
    )
    lu_, piv, info = lu_factor_ex(A, pivot=pivot)
    return (lu_, piv, info) if get_infos else (lu_, piv)


def lu_solve(LU, pivots, B, *, left=True, adjoint=False, out=None):
    """Solves ``A X = B`` given ``A``'s LU factorization."""
    p, low, up = lu_unpack(LU, pivots)
    a = p @ low @ up
    return solve(a.mH if adjoint else a, B, left=left, out=out)


def torch_lu_solve(b, LU_data, LU_pivots, *, out=None):
    """``torch.lu_solve(b, LU_data, LU_pivots)``: ``linalg.lu_solve`` in the old argument order."""
    _warn_once(
        "torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be removed in a "
        "future PyTorch release.\nNote that torch.linalg.lu_solve has its arguments reversed.\n"
        "X = torch.lu_solve(B, LU, pivots)\nshould be replaced with\nX = "
        "torch.linalg.lu_solve(LU, pivots, B)",
        "BatchLinearAlgebra.cpp:2230",
    )
    return lu_solve(LU_data, LU_pivots, b, out=out)


# --- matrix_power, matrix_exp ------------------------------------------------------------------


class _IdentityLike(Op):
    """Identity matrices of ``A``'s shape, still connected to ``A`` (with a zero gradient)."""

    node_name = "CopyBackwards"

    @staticmethod
    def forward(ctx, a):
        xp = ctx.xp
        return xp.ascontiguousarray(xp.broadcast_to(xp.eye(a.shape[-1], dtype=a.dtype), a.shape))

    @staticmethod
    def backward(ctx, grad):
        return grad * 0


def matrix_power(A, n, *, out=None):
    """``A`` multiplied by itself ``n`` times (``n < 0``: powers of the inverse)."""
    _check_matrix("linalg.matrix_power", A, any_dtype=True)
    if n == 0:
        return _finish(_IdentityLike.apply(A), out)
    if n < 0:
        A, n = inv(A), -n
    if n == 1:
        return _finish(A.clone(), out)
    result = None
    while n:  # binary exponentiation: O(log n) products
        if n & 1:
            result = A if result is None else result @ A
        n >>= 1
        if n:
            A = A @ A
    return _finish(result, out)


def matrix_exp(A):
    """Matrix exponential: scaling and squaring of a Taylor polynomial (differentiable)."""
    _check_matrix("linalg.matrix_exp", A, kernel="linalg_matrix_exp_cpu")
    norm = float(np.abs(np.asarray(A.detach())).sum(-2).max()) if A.numel() else 0.0
    s = int(np.ceil(np.log2(norm))) + 1 if norm > 0.5 else 0  # scale to norm <= 1/2
    x = A / (2**s) if s else A
    term = result = _eye(A.shape[-1], A)
    for k in range(1, 19):  # 18 terms: past double precision for norm <= 1/2
        term = term @ x / k
        result = result + term
    for _ in range(s):
        result = result @ result
    return result
