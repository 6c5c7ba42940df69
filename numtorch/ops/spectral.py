"""Spectral decompositions and what is built on them: eigh, eig, svd, pinv, lstsq, matrix_rank.

Forwards are NumPy's batched LAPACK calls; backwards are PyTorch's formulas written with Tensor
ops, so they are differentiable again. Eigenvectors and singular vectors are defined only up to
phase (sign): their gradients are meaningful for functions that do not depend on that choice.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype as D
from .. import return_types as _rt
from .._backend import array_module
from ..autograd.node import Op
from ._pointwise import _finish, _type_name
from .linalg_solvers import (
    LinalgSolveEx,
    _check_matrix,
    _diag_embed,
    _eye,
    _return_type,
    _swap,
    _tensor,
)  # fmt: skip

_Lstsq = _return_type("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))


def _real_dtype(a):
    return D.from_numpy_dtype(a.dtype).to_real().np


def _skew(x):
    return x - x.mH


# --- eigh / eigvalsh ---------------------------------------------------------------------------


class LinalgEigh(Op):
    """Eigen-decomposition of Hermitian matrices (eigenvalues ascending)."""

    @staticmethod
    def forward(ctx, a, uplo):
        ctx.set_materialize_grads(False)  # an unused output's gradient stays None (no 0/0)
        w, v = ctx.xp.linalg.eigh(a, UPLO=uplo)
        w = w.astype(_real_dtype(a), copy=False)
        ctx.save_for_backward(w, v)
        return w, v

    @staticmethod
    def backward(ctx, gw, gv):
        # gA = V (diag(gL) + skew-Hermitian part of V^H gV / (L_j - L_i)) V^H
        w, v = ctx.saved_tensors
        inner = _diag_embed(gw.to(v.dtype)) if gw is not None else 0
        if gv is not None:
            vhgv = v.mH @ gv
            vhgv = 0.5 * (vhgv - vhgv.mH)
            gaps = w.unsqueeze(-2) - w.unsqueeze(-1) + _eye(w.shape[-1], w)
            inner = inner + vhgv / gaps.to(v.dtype)
        return v @ inner @ v.mH, None


def _check_uplo(UPLO):
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")


def eigh(A, UPLO="L", *, out=None):
    """Eigenvalues (ascending, real) and orthonormal eigenvectors of a Hermitian matrix."""
    _check_matrix("linalg.eigh", A, kernel="linalg_eigh_cpu", floating=False)
    _check_uplo(UPLO)
    w, v = LinalgEigh.apply(A, UPLO)
    return _rt.linalg_eigh(w, v)


def eigvalsh(A, UPLO="L", *, out=None):
    """Eigenvalues (ascending, real) of a Hermitian matrix."""
    _check_matrix("linalg.eigh", A, kernel="linalg_eigh_cpu", floating=False)
    _check_uplo(UPLO)
    if not A.requires_grad:  # no vectors needed: the cheaper LAPACK routine
        xp = array_module(A._data)
        w = xp.linalg.eigvalsh(A._data, UPLO=UPLO).astype(_real_dtype(A._data), copy=False)
        return _finish(_tensor(w), out)
    return _finish(LinalgEigh.apply(A, UPLO)[0], out)


# --- eig / eigvals -----------------------------------------------------------------------------


class LinalgEig(Op):
    """Eigen-decomposition of a general matrix: complex eigenvalues and unit eigenvectors."""

    @staticmethod
    def forward(ctx, a):
        ctx.set_materialize_grads(False)
        ctx.real_input = a.dtype.kind != "c"
        cdtype = np.complex128 if a.dtype in (np.float64, np.complex128) else np.complex64
        w, v = ctx.xp.linalg.eig(a)
        w, v = w.astype(cdtype), v.astype(cdtype)
        ctx.save_for_backward(w, v)
        return w, v

    @staticmethod
    def backward(ctx, gw, gv):
        # PyTorch's linalg_eig_backward: gA = V^{-H} (diag(gL) + (V^H gV - V^H V Re(diag(V^H gV)))
        # / conj(L_j - L_i)) V^H
        w, v = ctx.saved_tensors
        inner = _diag_embed(gw) if gw is not None else 0
        if gv is not None:
            vhgv = v.mH @ gv
            diag = vhgv.diagonal(0, -2, -1).real.to(v.dtype)
            vhgv = vhgv - (v.mH @ v) * diag.unsqueeze(-2)
            gaps = (w.unsqueeze(-2) - w.unsqueeze(-1)).conj() + _eye(w.shape[-1], w)
            off = 1 - _eye(w.shape[-1], w)
            inner = inner + vhgv / gaps * off
        ga = LinalgSolveEx.apply(v.mH, inner @ v.mH, True, False)
        return ga.real if ctx.real_input else ga


def eig(A, *, out=None):
    """Eigenvalues and eigenvectors of a square matrix, always complex."""
    _check_matrix("linalg.eig", A, kernel="linalg_eig_out_cpu", floating=False)
    w, v = LinalgEig.apply(A)
    return _rt.linalg_eig(w, v)


def eigvals(A, *, out=None):
    """Eigenvalues of a square matrix, always complex."""
    _check_matrix("linalg.eigvals", A, kernel="linalg_eig_out_cpu", floating=False)
    return _finish(LinalgEig.apply(A)[0], out)


# --- svd ---------------------------------------------------------------------------------------


class LinalgSvd(Op):
    """``A = U diag(S) Vh`` with the singular values in descending order."""

    @staticmethod
    def forward(ctx, a, full_matrices):
        ctx.set_materialize_grads(False)  # svdvals: U's and Vh's gradients stay None
        xp = ctx.xp
        k = min(a.shape[-2:])
        if a.size == 0:  # LAPACK refuses empty matrices; their factors are identities
            m, n = a.shape[-2:]
            mu, nv = (m, n) if full_matrices else (k, k)
            u = xp.broadcast_to(xp.eye(m, mu, dtype=a.dtype), a.shape[:-2] + (m, mu)).copy()
            vh = xp.broadcast_to(xp.eye(nv, n, dtype=a.dtype), a.shape[:-2] + (nv, n)).copy()
            s = xp.zeros(a.shape[:-2] + (k,), dtype=_real_dtype(a))
        else:
            u, s, vh = xp.linalg.svd(a, full_matrices=full_matrices)
        s = s.astype(_real_dtype(a), copy=False)
        ctx.save_for_backward(u, s, vh)
        return u, s, vh

    @staticmethod
    def backward(ctx, gu, gs, gvh):
        u, s, vh = ctx.saved_tensors
        return _svd_backward(gu, gs, gvh, u, s, vh), None


def _svd_backward(gu, gs, gvh, u, s, vh):
    """PyTorch's svd_backward (reduced factors; full ones are cut to the first k vectors)."""
    k = s.shape[-1]
    if gu is None and gvh is None:
        return (u[..., :k] * gs.unsqueeze(-2).to(u.dtype)) @ vh[..., :k, :]
    m, n = u.shape[-2], vh.shape[-1]
    u, vh = u[..., :k], vh[..., :k, :]
    gu = gu[..., :k] if gu is not None else None
    gvh = gvh[..., :k, :] if gvh is not None else None
    v = vh.mH
    gv = gvh.mH if gvh is not None else None
    sc = s.to(u.dtype)
    s2 = s * s
    gaps = (s2.unsqueeze(-2) - s2.unsqueeze(-1) + _eye(k, s)).to(u.dtype)
    if gu is not None and gv is not None:
        uhgu, vhgv = _skew(u.mH @ gu), _skew(v.mH @ gv)
        inner = (uhgu * sc.unsqueeze(-2) + sc.unsqueeze(-1) * vhgv) / gaps
    elif gu is not None:
        uhgu = _skew(u.mH @ gu)
        inner = (uhgu / gaps) * sc.unsqueeze(-2)
    else:
        inner = sc.unsqueeze(-1) * (_skew(v.mH @ gv) / gaps)
    if gs is not None:
        inner = inner + _diag_embed(gs.to(u.dtype))
    if u.is_complex() and gu is not None:  # the phase gauge: the imaginary diagonal of U^H gU
        inner = inner + _diag_embed(uhgu.diagonal(0, -2, -1) / (2 * sc))
    if m > k and gu is not None:  # the part of gU outside U's column space
        gus = gu / sc.unsqueeze(-2)
        ga = (u @ inner + gus - u @ (u.mH @ gus)) @ vh
    elif n > k and gv is not None:
        sgvh = gvh / sc.unsqueeze(-1)
        ga = u @ (inner @ vh + sgvh - (sgvh @ v) @ vh)
    else:
        ga = u @ inner @ vh
    return ga


def svd(A, full_matrices=True, *, driver=None, out=None):
    """``torch.linalg.svd``: ``A = U diag(S) Vh`` with singular values in descending order."""
    _check_matrix("linalg.svd", A, square=False, kernel="linalg_svd_cpu")
    u, s, vh = LinalgSvd.apply(A, full_matrices)
    return _rt.linalg_svd(u, s, vh)


def svdvals(A, *, driver=None, out=None):
    """Singular values in descending order."""
    _check_matrix("linalg.svd", A, square=False, kernel="linalg_svd_cpu")
    if not A.requires_grad:
        xp = array_module(A._data)
        if A.numel() == 0:
            return LinalgSvd.apply(A, False)[1]
        s = xp.linalg.svd(A._data, compute_uv=False).astype(_real_dtype(A._data), copy=False)
        return _finish(_tensor(s), out)
    return _finish(LinalgSvd.apply(A, False)[1], out)


def torch_svd(input, some=True, compute_uv=True, *, out=None):
    """``torch.svd``: returns ``V`` (not ``Vh``); ``some=False`` gives full square factors."""
    if input.dim() < 2:
        raise RuntimeError(
            "linalg.svd: input should have at least 2 dimensions, but has "
            f"{input.dim()} dimensions instead"
        )
    _check_matrix("linalg.svd", input, square=False, kernel="linalg_svd_cpu")
    if not compute_uv:
        s = svdvals(input)
        m, n = input.shape[-2:]
        batch = tuple(input.shape[:-2])
        xp = array_module(input._data)
        zu = _tensor(xp.zeros(batch + (m, m), dtype=input._data.dtype))  # full size, as torch
        zv = _tensor(xp.zeros(batch + (n, n), dtype=input._data.dtype))
        return _rt.svd(zu, s, zv)
    u, s, vh = LinalgSvd.apply(input, not some)
    return _rt.svd(u, s, vh.mH)


# --- pinv, matrix_rank -------------------------------------------------------------------------


def _tolerance(s_max, atol, rtol, shape, dtype, xp):
    """PyTorch's cut-off: max(atol, rtol * largest singular value).

    ``rtol`` defaults to eps * max(m, n), or to 0 when only a positive ``atol`` is given.
    """
    atol_v = 0.0 if atol is None else (atol._data if hasattr(atol, "_data") else atol)
    if rtol is None:
        default = np.finfo(dtype).eps * max(shape[-2:])
        rtol_v = default if atol is None or np.all(np.asarray(atol_v) <= 0) else 0.0
    else:
        rtol_v = rtol._data if hasattr(rtol, "_data") else rtol
    return xp.maximum(atol_v, rtol_v * s_max)


class LinalgPinv(Op):
    @staticmethod
    def forward(ctx, a, atol, rtol, hermitian):
        xp = ctx.xp
        rdt = _real_dtype(a)
        if a.size == 0:
            out = xp.zeros(a.shape[:-2] + (a.shape[-1], a.shape[-2]), dtype=a.dtype)
        elif hermitian:
            w, v = xp.linalg.eigh(a)
            aw = xp.abs(w)
            tol = _tolerance(aw.max(-1, keepdims=True), atol, rtol, a.shape, rdt, xp)
            inv_w = xp.where(aw > tol, 1 / xp.where(aw > tol, w, 1), 0)
            out = (v * inv_w[..., None, :]) @ _swap(v).conj()
        else:
            u, s, vh = xp.linalg.svd(a, full_matrices=False)
            tol = _tolerance(s[..., :1], atol, rtol, a.shape, rdt, xp)
            inv_s = xp.where(s > tol, 1 / xp.where(s > tol, s, 1), 0)
            out = (_swap(vh).conj() * inv_s[..., None, :]) @ _swap(u).conj()
        out = out.astype(a.dtype, copy=False)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, p = ctx.saved_tensors
        return _pinv_backward(grad, p, a), None, None, None


def _pinv_backward(grad, p, a):
    """PyTorch's pinv_backward (Golub & Pereyra's derivative of the pseudo-inverse)."""
    m, n = a.shape[-2], a.shape[-1]
    ph, gh = p.mH, grad.mH
    if m <= n:
        k = gh @ p
        kph = k @ ph
        return -(p @ k).mH + kph - (a @ p) @ kph + (ph @ p) @ (gh - k @ a)
    k = p @ gh
    phk = ph @ k
    return -(k @ p).mH + phk - (phk @ p) @ a + (gh - a @ k) @ p @ ph


def pinv(A, *, atol=None, rtol=None, hermitian=False, out=None, rcond=None):
    """Moore-Penrose pseudo-inverse through the SVD (eigh if ``hermitian``)."""
    dt = A.dtype
    if A.dim() < 2 or dt not in (D.float32, D.float64, D.complex64, D.complex128):
        raise RuntimeError(
            f"linalg.pinv({_type_name(dt)}{{{list(A.shape)}}}): expected a tensor with 2 or more "
            "dimensions of float, double, cfloat or cdouble types"
        )
    if rcond is not None:
        rtol = rcond
    return _finish(LinalgPinv.apply(A, atol, rtol, hermitian), out)


def pinverse(input, rcond=1e-15):
    """``torch.pinverse``: ``pinv`` with a relative cut-off ``rcond``."""
    return pinv(input, rtol=rcond)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False, out=None, tol=None):
    """Number of singular values above the tolerance (int64)."""
    if A.dim() < 2:
        raise RuntimeError(
            "torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions."
        )
    if A.dtype not in (D.float32, D.float64, D.complex64, D.complex128):
        raise RuntimeError("This function doesn't handle types other than float and double")
    xp = array_module(A._data)
    a = A._data
    if a.size == 0:
        return _finish(_tensor(xp.zeros(a.shape[:-2], dtype=np.int64)), out)
    if hermitian:
        s = xp.abs(xp.linalg.eigvalsh(a))
        s_max = s.max(-1, keepdims=True)
    else:
        s = xp.linalg.svd(a, compute_uv=False)
        s_max = s[..., :1]
    if tol is not None:
        atol, rtol = tol, 0.0
    cut = _tolerance(s_max, atol, rtol, a.shape, _real_dtype(a), xp)
    return _finish(_tensor((s > cut).sum(-1).astype(np.int64)), out)


# --- lstsq -------------------------------------------------------------------------------------


class LinalgLstsq(Op):
    """Least squares through the pseudo-inverse: the minimum-norm solution, as 'gelsd' gives."""

    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, rcond, vector, driver):
        xp = ctx.xp
        rhs = b[..., None] if vector else b
        u, s, vh = xp.linalg.svd(a, full_matrices=False)
        m, n = a.shape[-2:]
        cut = (rcond if rcond is not None else np.finfo(s.dtype).eps * max(m, n)) * s[..., :1]
        inv_s = xp.where(s > cut, 1 / xp.where(s > cut, s, 1), 0)
        x = (_swap(vh).conj() * inv_s[..., None, :]) @ (_swap(u).conj() @ rhs)
        rank = (s > cut).sum(-1).astype(np.int64)
        rdt = _real_dtype(a)
        full = m > n and bool((rank == n).all())
        if driver in ("gelsd", "gelss", "gels") and full:
            resid = (xp.abs(a @ x - rhs) ** 2).sum(-2).astype(rdt)
            resid = resid[..., 0] if vector else resid
        else:
            resid = xp.zeros((0,), dtype=rdt)
        sv = s.astype(rdt) if driver in ("gelsd", "gelss") else xp.zeros((0,), dtype=rdt)
        rank = rank if driver != "gels" else xp.zeros((0,), dtype=np.int64)
        x = x[..., 0] if vector else x
        x = x.astype(a.dtype, copy=False)
        ctx.vector = vector
        ctx.save_for_backward(a, b)
        ctx.mark_non_differentiable(sv)
        return x, resid, rank, sv

    @staticmethod
    def backward(ctx, gx, gresid, grank, gsv):
        # through the pseudo-inverse, as PyTorch's linalg_lstsq_backward
        a, b = ctx.saved_tensors
        p = pinv(a)
        rhs = b.unsqueeze(-1) if ctx.vector else b
        g = gx.unsqueeze(-1) if ctx.vector else gx
        ga = _pinv_backward(g @ rhs.mH, p, a) if ctx.needs_input_grad[0] else None
        gb = None
        if ctx.needs_input_grad[1]:
            gb = p.mH @ g
            gb = gb.squeeze(-1) if ctx.vector else gb
        return ga, gb, None, None, None


def lstsq(A, B, rcond=None, *, driver=None):
    """Least-squares solution of ``A X = B``: ``(solution, residuals, rank, singular_values)``.

    Residuals come with 'gelsd', 'gelss' and 'gels' for full-rank tall ``A``; the rank with all
    drivers but 'gels'; singular values with 'gelsd' and 'gelss', as in PyTorch.
    """
    if driver is None:
        driver = "gelsy"
    if driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError(
            "torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)"
        )
    _check_matrix("torch.linalg.lstsq", A, square=False, name="input")
    if A.dtype is not B.dtype:
        raise RuntimeError(
            "torch.linalg.lstsq: Expected input and other to have the same dtype, but got "
            f"input's dtype {_type_name(A.dtype)} and other's dtype {_type_name(B.dtype)}"
        )
    vector = B.dim() == A.dim() - 1
    if B.shape[-1 if vector else -2] != A.shape[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    x, resid, rank, sv = LinalgLstsq.apply(A, B, rcond, vector, driver)
    return _Lstsq(x, resid, rank, sv)
