"""Matrix products: ``matmul`` and its family (``mm``, ``bmm``, ``mv``, ``dot``, ``addmm`` ...).

Every product goes through NumPy's ``matmul`` on whole arrays, so BLAS does the work and
no Python loop runs over batch items. Half precision multiplies in float32 and rounds once, as
PyTorch's CPU kernels do. Unlike the arithmetic operators, products never promote dtypes: mixing
float and double is an error, as in PyTorch.

One node stands for a whole ``matmul``: PyTorch records reshapes/expands around its ``mm``/``bmm``
kernels; we record a single node with the name PyTorch gives the *result's* ``grad_fn``
(``MmBackward0``, ``UnsafeViewBackward0`` ...). This module is the family's ``torch.*`` namespace:
it also re-exports the contractions (``contraction.py``: einsum, tensordot, kron, trace, cross) and
the decompositions (``linalg_solvers.py``, ``spectral.py``) under their ``torch.*`` names.
"""

from __future__ import annotations

import math

from .. import _dtype as D
from ..autograd.grad_mode import _state
from ..autograd.node import Op
from ._pointwise import _conj, _finish, _type_name
from .contraction import (
    _CPP_NAMES,
    _broadcast_batch,
    _check_kind,
    _check_tensor,
    _gemm,
    cdist,
    cross,
    einsum,
    kron,
    tensordot,
    trace,
)
from .inplace import inplace

# The decompositions under their torch.* names (torch.svd returns V, torch.slogdet its own tuple).
from .linalg_solvers import (
    cholesky,
    cholesky_inverse,
    cholesky_solve,
    det,
    inverse,
    logdet,
    lu,
    lu_unpack,
    matrix_exp,
    matrix_power,
    qr,
)
from .linalg_solvers import torch_lu_solve as lu_solve
from .linalg_solvers import torch_slogdet as slogdet
from .spectral import pinverse
from .spectral import torch_svd as svd

__all__ = [
    "matmul", "mm", "bmm", "mv", "dot", "vdot", "inner", "outer", "ger", "addmm", "addmv",
    "addbmm", "baddbmm", "addr", "einsum", "tensordot", "kron", "trace", "cross", "cdist",
    "chain_matmul",
]  # fmt: skip

# --- the kernel --------------------------------------------------------------------------------


def _product_grads(ctx, grad, a, b, scale=1):
    """Gradients of ``scale * (a @ b)`` for any of matmul's ranks, at the broadcast batch shape.

    The engine sums batch gradients back to each input's shape. Written with ``@`` so it is itself
    differentiable (double backward).
    """
    need_a, need_b = ctx.needs_input_grad[0], ctx.needs_input_grad[1]
    if grad.dtype is not a.dtype:  # a root gradient of another dtype (torch casts it)
        grad = grad.to(a.dtype)
    if scale != 1:
        grad = grad * (scale.conjugate() if isinstance(scale, complex) else scale)
    if a.dim() == 1 and b.dim() == 1:  # dot: a scalar result
        return (grad * _conj(b) if need_a else None), (grad * _conj(a) if need_b else None)
    a2 = a.unsqueeze(0) if a.dim() == 1 else a
    b2 = b.unsqueeze(-1) if b.dim() == 1 else b
    g2 = grad.unsqueeze(-1) if b.dim() == 1 else grad.unsqueeze(-2) if a.dim() == 1 else grad
    ga = gb = None
    if need_a:
        ga = g2 @ b2.mH
        if a.dim() == 1:
            ga = ga.squeeze(-2)
    if need_b:
        if a2.dim() > 2 and b2.dim() == 2:  # fold the batch into rows: one GEMM, no batch sum
            k, p = a2.shape[-1], g2.shape[-1]
            gb = a2.reshape(-1, k).mH @ g2.reshape(-1, p)
        else:
            gb = a2.mH @ g2
        if b.dim() == 1:
            gb = gb.squeeze(-1)
    return ga, gb


class _Product(Op):
    """``a @ b`` for arrays of any of matmul's ranks; subclasses differ only in their node name."""

    num_operands = 2

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _gemm(ctx.xp, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return _product_grads(ctx, grad, a, b)


class Mm(_Product):
    pass


class Bmm(_Product):
    pass


class Mv(_Product):
    pass


class Dot(_Product):
    pass


def _product(name):
    return type(f"_Matmul{name}", (_Product,), {"node_name": f"{name}Backward0"})


# matmul's results as PyTorch names them: a folded/batched product seen through ``_unsafe_view``,
# a vector-matrix product squeezed, a transposed fold copied out.
_MatmulView = _product("UnsafeView")
_MatmulSqueeze = _product("Squeeze")
_MatmulSqueeze.node_name = "SqueezeBackward4"
_MatmulClone = _product("Clone")
_MatmulTranspose = _product("Transpose")


class Vdot(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return ctx.xp.asarray(ctx.xp.vdot(a, b))

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga = _conj(grad) * b if ctx.needs_input_grad[0] else None
        gb = grad * a if ctx.needs_input_grad[1] else None
        return ga, gb


# --- argument checks ---------------------------------------------------------------------------


def _check_mm(shape1, shape2, d1, d2, kernel="addmm_impl_cpu_"):
    if shape1[1] != shape2[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({shape1[0]}x{shape1[1]} and "
            f"{shape2[0]}x{shape2[1]})"
        )
    if d1 is not d2:
        raise RuntimeError(
            "expected m1 and m2 to have the same dtype, but got: "
            f"{_CPP_NAMES[d1.name]} != {_CPP_NAMES[d2.name]}"
        )
    if d1 is D.bool:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def _check_mv(rows, cols, vec_len, dmat, dvec, dself=None):
    if cols != vec_len:
        raise RuntimeError(
            f"size mismatch, got input ({rows}), mat ({rows}x{cols}), vec ({vec_len})"
        )
    dself = dself or dvec
    if not (dself is dmat is dvec):
        raise RuntimeError(
            "addmv input tensors must have the same dtype, but got "
            f"{_type_name(dself)}, {_type_name(dmat)}, and {_type_name(dvec)}"
        )
    if dmat is D.bool:
        raise NotImplementedError("\"addmv_impl_cpu\" not implemented for 'Bool'")


def _check_dot(a, b):
    if a.dim() != 1 or b.dim() != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.dim()}D and {b.dim()}D tensors")
    if a.dtype is not b.dtype:
        raise RuntimeError(
            "dot : expected both vectors to have same dtype, but found "
            f"{_type_name(a.dtype)} and {_type_name(b.dtype)}"
        )
    n, m = a.shape[0], b.shape[0]
    if n != m:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to have the same "
            f"number of elements, but got {n} and {m} elements respectively"
        )
    _check_kind("dot", a)


def _check_bmm(batch, rows, k1, k2, d1, d2):
    if d1 is not d2:
        raise RuntimeError(f"expected scalar type {_type_name(d1)} but found {_type_name(d2)}")
    if k1 != k2[1] or batch != k2[0]:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: [{batch}, {k1}] "
            f"but got: [{k2[0]}, {k2[1]}]."
        )
    if d1 is D.bool:
        raise NotImplementedError("\"bmm\" not implemented for 'Bool'")


def _check_expand(shape, target):
    """``input.expand(target)`` as addmm/baddbmm do it on their bias, with PyTorch's messages."""
    if len(shape) > len(target):
        raise RuntimeError(
            f"expand(torch.FloatTensor{{{list(shape)}}}, size={list(target)}): the number of "
            f"sizes provided ({len(target)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({len(shape)})"
        )
    lead = len(target) - len(shape)
    for i, size in enumerate(shape):
        if size != 1 and size != target[lead + i]:
            raise RuntimeError(
                f"The expanded size of the tensor ({target[lead + i]}) must match the existing "
                f"size ({size}) at non-singleton dimension {lead + i}.  Target sizes: "
                f"{list(target)}.  Tensor sizes: {list(shape)}"
            )


# --- matmul ------------------------------------------------------------------------------------


def _should_fold(a, b):
    """PyTorch folds the batch of the larger operand into matrix rows when no copy is needed."""
    sa, sb = a._data.shape, b._data.shape
    larger = len(sa) >= len(sb)
    if not (len(sa if larger else sb) >= 3 and len(sb if larger else sa) <= 2):
        return False
    if (b if larger else a).requires_grad:
        return True
    if len(sa) == 2:
        return False
    shape, strides = (sa, a.stride()) if larger else (sb, b.stride())
    if not larger:  # the transposed problem: b.mT @ a.mT
        shape = shape[:-2] + (shape[-1], shape[-2])
        strides = strides[:-2] + (strides[-1], strides[-2])
    if math.prod(shape) == 0:
        return True
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(len(shape) - 2))


def _matmul_op(a, b):
    """Check ``a @ b`` as PyTorch's ``_matmul_impl`` does; return the node class to record."""
    sa, sb = a._data.shape, b._data.shape
    da, db = len(sa), len(sb)
    if da == 2 and db == 2:
        _check_mm(sa, sb, a.dtype, b.dtype)
        return Mm
    if da == 0 or db == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D"
        )
    if da == 1 and db == 1:
        _check_dot(a, b)
        return Dot
    if da == 2 and db == 1:
        _check_mv(sa[0], sa[1], sb[0], a.dtype, b.dtype)
        return Mv
    if da == 1 and db == 2:
        _check_mm((1, sa[0]), sb, a.dtype, b.dtype)
        return _MatmulSqueeze
    if _should_fold(a, b):
        if da >= db:
            rows = math.prod(sa[:-1])
            if db == 2:
                _check_mm((rows, sa[-1]), sb, a.dtype, b.dtype)
            else:
                _check_mv(rows, sa[-1], sb[0], a.dtype, b.dtype)
            return _MatmulView
        rows = math.prod(sb[:-2]) * sb[-1]
        if da == 1:
            _check_mv(rows, sb[-2], sa[0], b.dtype, a.dtype)
            return _MatmulView
        _check_mm((rows, sb[-2]), (sa[1], sa[0]), b.dtype, a.dtype)
        # the result is a transposed fold made contiguous: a copy unless it already is one
        return _MatmulTranspose if sa[0] == 1 or sb[-1] == 1 else _MatmulClone
    if da == 3 and db == 3 and sa[0] != sb[0]:
        if sa[0] == 1 and a.requires_grad:
            return _matmul_op(a.squeeze(0), b)
        if sb[0] == 1 and b.requires_grad:
            return _matmul_op(a, b.squeeze(0))
    batch = _broadcast_batch(sa[:-2], sb[:-2])
    n = sa[-2] if da > 1 else 1
    k2 = (math.prod(batch), sb[-2] if db > 1 else sb[0])
    _check_bmm(k2[0], n, sa[-1], k2, a.dtype, b.dtype)
    return _MatmulView


def matmul(input, other, *, out=None):
    """Matrix product of two tensors, broadcasting batch dims (``input @ other``).

    1-D operands are vectors: a 1-D first operand gets a 1 prepended to its shape and a 1-D second
    operand a 1 appended, both removed from the result. No dtype promotion takes place.
    """
    _check_tensor(input, "matmul", "input", 1)
    _check_tensor(other, "matmul", "other", 2)
    if (
        out is not None
        and _state.enabled
        and (input.requires_grad or other.requires_grad or out.requires_grad)
    ):
        raise RuntimeError(
            "matmul(): functions with out=... arguments don't support automatic "
            "differentiation, but one of the arguments requires grad."
        )
    op = _matmul_op(input, other)
    return _finish(op.apply(input, other), out)


def mm(input, mat2, *, out=None):
    """Matrix product of the 2-D ``input`` (n x m) and ``mat2`` (m x p): an (n x p) tensor."""
    _check_tensor(input, "mm", "input", 1)
    _check_tensor(mat2, "mm", "mat2", 2)
    if input.dim() != 2:
        raise RuntimeError("self must be a matrix")
    if mat2.dim() != 2:
        raise RuntimeError("mat2 must be a matrix")
    _check_mm(input.shape, mat2.shape, input.dtype, mat2.dtype)
    return _finish(Mm.apply(input, mat2), out)


def bmm(input, mat2, *, out=None):
    """Batched matrix product of 3-D tensors (b x n x m) and (b x m x p), without broadcasting."""
    _check_tensor(input, "bmm", "input", 1)
    _check_tensor(mat2, "bmm", "mat2", 2)
    if input.dim() != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.dim() != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    b, n, k = input.shape
    _check_bmm(b, n, k, tuple(mat2.shape[:2]), input.dtype, mat2.dtype)
    return _finish(Bmm.apply(input, mat2), out)


def mv(input, vec, *, out=None):
    """Matrix-vector product of the 2-D ``input`` (n x m) and the 1-D ``vec`` (m)."""
    _check_tensor(input, "mv", "input", 1)
    _check_tensor(vec, "mv", "vec", 2)
    if input.dim() != 2 or vec.dim() != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.dim()}, {vec.dim()}")
    _check_mv(input.shape[0], input.shape[1], vec.shape[0], input.dtype, vec.dtype)
    return _finish(Mv.apply(input, vec), out)


def dot(input, tensor, *, out=None):
    """Dot product of two 1-D tensors (no complex conjugation; see :func:`vdot`)."""
    _check_tensor(input, "dot", "input", 1)
    _check_tensor(tensor, "dot", "tensor", 2)
    _check_dot(input, tensor)
    return _finish(Dot.apply(input, tensor), out)


def vdot(input, other, *, out=None):
    """Dot product of two 1-D tensors, conjugating the first: ``sum(conj(input) * other)``."""
    _check_tensor(input, "vdot", "input", 1)
    _check_tensor(other, "vdot", "other", 2)
    _check_dot(input, other)
    return _finish(Vdot.apply(input, other), out)


def inner(input, other, *, out=None):
    """Sum of products over the last dims: ``tensordot(input, other, ([-1], [-1]))``."""
    _check_tensor(input, "inner", "input", 1)
    _check_tensor(other, "inner", "other", 2)
    if input.dim() == 0 or other.dim() == 0:
        return _finish(input * other, out)
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(
            "inner() the last dimension must match on both input tensors but got shapes "
            f"{list(input.shape)} and {list(other.shape)}"
        )
    return _finish(tensordot(input, other, ([-1], [-1])), out)


def outer(input, vec2, *, out=None):
    """Outer product of two 1-D tensors: ``input[i] * vec2[j]``, with dtype promotion."""
    _check_tensor(input, "outer", "input", 1)
    _check_tensor(vec2, "outer", "vec2", 2)
    for name, t in (("self", input), ("vec2", vec2)):
        if t.dim() != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t.dim()}-D")
    return _finish(input.reshape(-1, 1) * vec2, out)


ger = outer


# --- products added to a tensor ----------------------------------------------------------------


class _AddProduct(Op):
    """``beta * input + alpha * product(a, b)``; subclasses choose the product."""

    num_operands = 3

    @staticmethod
    def product(xp, a, b):
        return _gemm(xp, a, b)

    @classmethod
    def forward(cls, ctx, input, a, b, beta, alpha):
        ctx.save_for_backward(a, b)
        ctx.beta, ctx.alpha = beta, alpha
        out = cls.product(ctx.xp, a, b)
        if alpha != 1:
            out = out * out.dtype.type(alpha)
        if beta != 0:  # beta == 0 ignores input entirely: its nan and inf do not propagate
            out = out + (input if beta == 1 else input * input.dtype.type(beta))
        return out.astype(a.dtype, copy=False)

    @classmethod
    def backward(cls, ctx, grad):
        a, b = ctx.saved_tensors
        beta = ctx.beta.conjugate() if isinstance(ctx.beta, complex) else ctx.beta
        g_input = (grad if beta == 1 else grad * beta) if ctx.needs_input_grad[0] else None
        ga, gb = _product_grads(_Shifted(ctx), cls.product_grad(grad), a, b, ctx.alpha)
        return g_input, ga, gb, None, None

    @staticmethod
    def product_grad(grad):
        return grad


class _Shifted:
    """``ctx`` as ``_product_grads`` sees it: the two factors' flags, without the bias's."""

    def __init__(self, ctx):
        self.needs_input_grad = ctx.needs_input_grad[1:3]


class Addmm(_AddProduct):
    pass


class Addmv(_AddProduct):
    pass


class Baddbmm(_AddProduct):
    pass


class Addbmm(_AddProduct):
    @staticmethod
    def product(xp, a, b):
        # sum_i a[i] @ b[i] is one GEMM: (n, batch*k) @ (batch*k, p)
        batch, n, k = a.shape
        return _gemm(xp, a.transpose(1, 0, 2).reshape(n, batch * k), b.reshape(batch * k, -1))

    @staticmethod
    def product_grad(grad):
        return grad.unsqueeze(0)  # every batch item got the same gradient


class Addr(_AddProduct):
    @staticmethod
    def product(xp, a, b):
        return xp.multiply.outer(a, b)

    @classmethod
    def backward(cls, ctx, grad):
        a, b = ctx.saved_tensors
        alpha, beta = complex(ctx.alpha).conjugate(), complex(ctx.beta).conjugate()
        alpha = alpha.real if isinstance(ctx.alpha, (int, float)) else alpha
        beta = beta.real if isinstance(ctx.beta, (int, float)) else beta
        g = grad * alpha if alpha != 1 else grad
        g_input = (grad if beta == 1 else grad * beta) if ctx.needs_input_grad[0] else None
        ga = g @ _conj(b) if ctx.needs_input_grad[1] else None
        gb = _conj(a) @ g if ctx.needs_input_grad[2] else None
        return g_input, ga, gb, None, None


def _check_scalars(beta, alpha, dtype):
    if not (dtype.is_floating_point or dtype.is_complex):
        if isinstance(alpha, float) or isinstance(beta, float):
            name = "alpha" if isinstance(alpha, float) else "beta"
            raise RuntimeError(
                f"For integral input tensors, argument {name} must not be a floating point number."
            )


def addmm(input, mat1, mat2, *, beta=1, alpha=1, out=None):
    """``beta * input + alpha * (mat1 @ mat2)``; ``input`` broadcasts to (n x p)."""
    for name, m in (("mat1", mat1), ("mat2", mat2)):
        if m.dim() != 2:
            raise RuntimeError(f"{name} must be a matrix, got {m.dim()}-D tensor")
    if mat1.dtype is not mat2.dtype:
        raise RuntimeError(
            "mat1 and mat2 must have the same dtype, but got "
            f"{_type_name(mat1.dtype)} and {_type_name(mat2.dtype)}"
        )
    if input.dtype is not mat2.dtype:
        raise RuntimeError(
            "self and mat2 must have the same dtype, but got "
            f"{_type_name(input.dtype)} and {_type_name(mat2.dtype)}"
        )
    _check_mm(mat1.shape, mat2.shape, mat1.dtype, mat2.dtype)
    _check_expand(input.shape, (mat1.shape[0], mat2.shape[1]))
    _check_scalars(beta, alpha, input.dtype)
    return _finish(Addmm.apply(input, mat1, mat2, beta, alpha), out)


def addmv(input, mat, vec, *, beta=1, alpha=1, out=None):
    """``beta * input + alpha * (mat @ vec)``; ``input`` broadcasts to (n,)."""
    if mat.dim() != 2 or vec.dim() != 1 or input.dim() > 1:
        raise RuntimeError(
            f"vector + matrix @ vector expected, got {input.dim()}, {mat.dim()}, {vec.dim()}"
        )
    got = input.shape[0] if input.dim() == 1 else mat.shape[0]
    if got not in (1, mat.shape[0]) or mat.shape[1] != vec.shape[0]:
        raise RuntimeError(
            f"size mismatch, got input ({got}), mat ({mat.shape[0]}x{mat.shape[1]}), "
            f"vec ({vec.shape[0]})"
        )
    _check_mv(mat.shape[0], mat.shape[1], vec.shape[0], mat.dtype, vec.dtype, input.dtype)
    _check_scalars(beta, alpha, input.dtype)
    return _finish(Addmv.apply(input, mat, vec, beta, alpha), out)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    """``beta * input + alpha * bmm(batch1, batch2)``; ``input`` broadcasts to (b x n x p)."""
    for name, m in (("batch1", batch1), ("batch2", batch2)):
        if m.dim() != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")
    if not (input.dtype is batch1.dtype is batch2.dtype):
        raise RuntimeError(
            f"Input dtypes must be the same, got: input {_CPP_NAMES[input.dtype.name]}, "
            f"batch1: {_CPP_NAMES[batch1.dtype.name]}, batch2: {_CPP_NAMES[batch2.dtype.name]}"
        )
    b, n, k = batch1.shape
    _check_expand(input.shape, (b, n, batch2.shape[2]))
    _check_bmm(b, n, k, tuple(batch2.shape[:2]), batch1.dtype, batch2.dtype)
    _check_scalars(beta, alpha, input.dtype)
    return _finish(Baddbmm.apply(input, batch1, batch2, beta, alpha), out)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    """``beta * input + alpha * sum_i batch1[i] @ batch2[i]``; ``input`` broadcasts to (n x p)."""
    for name, m in (("batch1", batch1), ("batch2", batch2)):
        if m.dim() != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")
    if batch1.shape[0] != batch2.shape[0]:
        raise RuntimeError(
            "batch1 and batch2 must have same number of batches, got "
            f"{batch1.shape[0]} and {batch2.shape[0]}"
        )
    if batch1.shape[2] != batch2.shape[1]:
        raise RuntimeError(
            f"Incompatible matrix sizes for bmm ({batch1.shape[1]}x{batch1.shape[2]} and "
            f"{batch2.shape[1]}x{batch2.shape[2]})"
        )
    if input.dtype is not batch2.dtype or batch1.dtype is not batch2.dtype:
        other = input if input.dtype is not batch2.dtype else batch1
        raise RuntimeError(
            f"{'self' if other is input else 'mat1'} and mat2 must have the same dtype, but got "
            f"{_type_name(other.dtype)} and {_type_name(batch2.dtype)}"
        )
    _check_expand(input.shape, (batch1.shape[1], batch2.shape[2]))
    _check_scalars(beta, alpha, input.dtype)
    return _finish(Addbmm.apply(input, batch1, batch2, beta, alpha), out)


def addr(input, vec1, vec2, *, beta=1, alpha=1, out=None):
    """``beta * input + alpha * outer(vec1, vec2)``."""
    for name, v in (("vec1", vec1), ("vec2", vec2)):
        if v.dim() != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {v.dim()}-D")
    dtype = D.result_type(input, vec1, vec2)
    _check_expand(input.shape, (vec1.shape[0], vec2.shape[0]))
    _check_scalars(beta, alpha, dtype)
    input, vec1, vec2 = (t if t.dtype is dtype else t.to(dtype) for t in (input, vec1, vec2))
    return _finish(Addr.apply(input, vec1, vec2, beta, alpha), out)


def chain_matmul(*matrices, out=None):
    """Deprecated: ``torch.linalg.multi_dot(matrices)``."""
    from ..linalg import multi_dot
    from .linalg_solvers import _warn_once

    _warn_once(
        "torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
        "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than "
        "multiple parameters.",
        "LinearAlgebra.cpp:1102",
    )

    if len(matrices) == 1:
        return _finish(matrices[0].clone(), out)
    return _finish(multi_dot(matrices), out)


def _method_cross(self, other, dim=None):
    return cross(self, other, dim)


__all__ = __all__ + [
    "slogdet", "cholesky", "cholesky_inverse", "cholesky_solve", "det", "inverse", "logdet", "lu",
    "lu_solve", "lu_unpack", "matrix_exp", "matrix_power", "qr", "pinverse", "svd",
]  # fmt: skip

TENSOR_METHODS = {
    "matmul": matmul, "mm": mm, "bmm": bmm, "mv": mv, "dot": dot, "vdot": vdot, "inner": inner,
    "outer": outer, "ger": ger, "addmm": addmm, "addmm_": inplace(addmm), "addmv": addmv,
    "addmv_": inplace(addmv), "addbmm": addbmm, "addbmm_": inplace(addbmm), "baddbmm": baddbmm,
    "baddbmm_": inplace(baddbmm), "addr": addr, "addr_": inplace(addr), "kron": kron,
    "trace": trace, "cross": _method_cross, "det": det, "logdet": logdet, "slogdet": slogdet,
    "inverse": inverse, "cholesky": cholesky, "cholesky_solve": cholesky_solve,
    "cholesky_inverse": cholesky_inverse, "qr": qr, "matrix_power": matrix_power,
    "matrix_exp": matrix_exp, "lu": lu, "lu_solve": lu_solve, "pinverse": pinverse, "svd": svd,
}  # fmt: skip
