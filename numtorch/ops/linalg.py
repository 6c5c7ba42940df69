"""Matrix products: ``matmul`` and its family, ``einsum``, ``tensordot``, ``kron``, ``trace``, ``cross``.

Every product goes through NumPy's ``matmul``/``einsum`` on whole arrays, so BLAS does the work and
no Python loop runs over batch items. Half precision multiplies in float32 and rounds once, as
PyTorch's CPU kernels do. Unlike the arithmetic operators, products never promote dtypes: mixing
float and double is an error, as in PyTorch.

One node stands for a whole ``matmul``: PyTorch records reshapes/expands around its ``mm``/``bmm``
kernels; we record a single node with the name PyTorch gives the *result's* ``grad_fn``
(``MmBackward0``, ``UnsafeViewBackward0`` ...). The decompositions (``det``, ``svd`` ...) live in
``decomposition.py`` and are re-exported here under their ``torch.*`` names.
"""

from __future__ import annotations

import math
import re

import numpy as np

from .. import _dtype as D
from ..autograd.grad_mode import _state
from ..autograd.node import Op
from ._pointwise import _conj, _finish, _is_tensor, _type_name
from .inplace import inplace

__all__ = [
    "matmul", "mm", "bmm", "mv", "dot", "vdot", "inner", "outer", "ger", "addmm", "addmv",
    "addbmm", "baddbmm", "addr", "einsum", "tensordot", "kron", "trace", "cross", "cdist",
    "chain_matmul",
]  # fmt: skip

# C++ spellings PyTorch uses in some dtype messages ("float != double").
_CPP_NAMES = {
    "float32": "float", "float64": "double", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
    "complex64": "c10::complex<float>", "complex128": "c10::complex<double>", "int64": "long int",
    "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
    "bool": "bool",
}  # fmt: skip


# --- the kernel --------------------------------------------------------------------------------


def _gemm(xp, a, b):
    """``a @ b`` through BLAS; half precision computes in float32 and rounds once, as torch CPU."""
    if a.dtype.itemsize == 2 and a.dtype.kind in "fV":  # float16 / bfloat16
        return xp.matmul(a.astype(np.float32), b.astype(np.float32)).astype(a.dtype)
    return xp.matmul(a, b)


def _product_grads(ctx, grad, a, b, scale=1):
    """Gradients of ``scale * (a @ b)`` for any of matmul's ranks, at the broadcast batch shape.

    The engine sums batch gradients back to each input's shape. Written with ``@`` so it is itself
    differentiable (double backward).
    """
    need_a, need_b = ctx.needs_input_grad[0], ctx.needs_input_grad[1]
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


def _check_tensor(x, fn, arg, pos):
    if not _is_tensor(x):
        raise TypeError(
            f"{fn}(): argument '{arg}' (position {pos}) must be Tensor, not {type(x).__name__}"
        )


def _check_kind(fn, *tensors):
    """Products have no bool kernel in PyTorch."""
    if tensors[0].dtype is D.bool:
        raise NotImplementedError(f'"{fn}" not implemented for \'Bool\'')


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
        raise RuntimeError(
            f"1D tensors expected, but got {a.dim()}D and {b.dim()}D tensors"
        )
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
        raise RuntimeError(
            f"expected scalar type {_type_name(d1)} but found {_type_name(d2)}"
        )
    if k1 != k2[1] or batch != k2[0]:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: [{batch}, {k1}] "
            f"but got: [{k2[0]}, {k2[1]}]."
        )
    if d1 is D.bool:
        raise NotImplementedError("\"bmm\" not implemented for 'Bool'")


def _broadcast_batch(s1, s2):
    """PyTorch's ``infer_size`` with its message."""
    n = max(len(s1), len(s2))
    out = []
    for i in range(n):
        a = s1[i - n + len(s1)] if i - n + len(s1) >= 0 else 1
        b = s2[i - n + len(s2)] if i - n + len(s2) >= 0 else 1
        if a != b and a != 1 and b != 1:
            raise RuntimeError(
                f"The size of tensor a ({a}) must match the size of tensor b ({b}) at "
                f"non-singleton dimension {i}"
            )
        out.append(b if a == 1 else a)
    return tuple(out)


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
    larger = a.dim() >= b.dim()
    if larger:
        shape, strides = a.shape, a.stride()
    else:  # the transposed problem: b.mT @ a.mT
        shape, strides = b.shape, b.stride()
        shape = shape[:-2] + (shape[-1], shape[-2])
        strides = strides[:-2] + (strides[-1], strides[-2])
    if not (len(shape) >= 3 and (b.dim() if larger else a.dim()) <= 2):
        return False
    if (b if larger else a).requires_grad:
        return True
    if a.dim() == 2:
        return False
    if math.prod(shape) == 0:
        return True
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(len(shape) - 2))


def _matmul_op(a, b):
    """Check ``a @ b`` as PyTorch's ``_matmul_impl`` does; return the node class to record."""
    da, db = a.dim(), b.dim()
    if da == 0 or db == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D"
        )
    if da == 1 and db == 1:
        _check_dot(a, b)
        return Dot
    if da == 2 and db == 1:
        _check_mv(a.shape[0], a.shape[1], b.shape[0], a.dtype, b.dtype)
        return Mv
    if da == 1 and db == 2:
        _check_mm((1, a.shape[0]), b.shape, a.dtype, b.dtype)
        return _MatmulSqueeze
    if da == 2 and db == 2:
        _check_mm(a.shape, b.shape, a.dtype, b.dtype)
        return Mm
    if _should_fold(a, b):
        if da >= db:
            rows = math.prod(a.shape[:-1])
            if db == 2:
                _check_mm((rows, a.shape[-1]), b.shape, a.dtype, b.dtype)
            else:
                _check_mv(rows, a.shape[-1], b.shape[0], a.dtype, b.dtype)
            return _MatmulView
        rows = math.prod(b.shape[:-2]) * b.shape[-1]
        if da == 1:
            _check_mv(rows, b.shape[-2], a.shape[0], b.dtype, a.dtype)
            return _MatmulView
        _check_mm((rows, b.shape[-2]), (a.shape[1], a.shape[0]), b.dtype, a.dtype)
        # the result is a transposed fold made contiguous: a copy unless it already is one
        return _MatmulTranspose if a.shape[0] == 1 or b.shape[-1] == 1 else _MatmulClone
    if da == 3 and db == 3 and a.shape[0] != b.shape[0]:
        if a.shape[0] == 1 and a.requires_grad:
            return _matmul_op(a.squeeze(0), b)
        if b.shape[0] == 1 and b.requires_grad:
            return _matmul_op(a, b.squeeze(0))
    batch = _broadcast_batch(a.shape[:-2], b.shape[:-2])
    n = a.shape[-2] if da > 1 else 1
    k2 = (math.prod(batch), b.shape[-2] if db > 1 else b.shape[0])
    _check_bmm(k2[0], n, a.shape[-1], k2, a.dtype, b.dtype)
    return _MatmulView


def matmul(input, other, *, out=None):
    """Matrix product of two tensors, broadcasting batch dims (``input @ other``).

    1-D operands are vectors: a 1-D first operand gets a 1 prepended to its shape and a 1-D second
    operand a 1 appended, both removed from the result. No dtype promotion takes place.
    """
    _check_tensor(input, "matmul", "input", 1)
    _check_tensor(other, "matmul", "other", 2)
    if out is not None and _state.enabled and (
        input.requires_grad or other.requires_grad or out.requires_grad
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
        raise RuntimeError(
            f"vector + matrix @ vector expected, got 1, {input.dim()}, {vec.dim()}"
        )
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
        g = grad * ctx.alpha if ctx.alpha != 1 else grad
        beta = ctx.beta
        g_input = (grad if beta == 1 else grad * beta) if ctx.needs_input_grad[0] else None
        ga = g @ _conj(b) if ctx.needs_input_grad[1] else None
        gb = _conj(a) @ g if ctx.needs_input_grad[2] else None
        return g_input, ga, gb, None, None


def _check_scalars(beta, alpha, dtype):
    if not (dtype.is_floating_point or dtype.is_complex):
        if isinstance(alpha, float) or isinstance(beta, float):
            name = "alpha" if isinstance(alpha, float) else "beta"
            raise RuntimeError(
                f"For integral input tensors, argument {name} must not be a floating point "
                "number."
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
    _check_mv(mat.shape[0], mat.shape[1], vec.shape[0], mat.dtype, vec.dtype, input.dtype)
    _check_expand(input.shape, (mat.shape[0],))
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


# --- einsum ------------------------------------------------------------------------------------

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class _Einsum(Op):
    """``np.einsum`` over canonical (ellipsis-free) subscripts; its gradient is an einsum too."""

    @staticmethod
    def forward(ctx, *arrays, inputs, output):
        ctx.inputs, ctx.output = inputs, output
        ctx.save_for_backward(*arrays)
        xp = ctx.xp
        half = arrays[0].dtype.itemsize == 2 and arrays[0].dtype.kind in "fV"
        work = [a.astype(np.float32) for a in arrays] if half else arrays
        eq = ",".join(inputs) + "->" + output
        out = xp.einsum(eq, *work, optimize=len(arrays) > 1)
        if half:
            out = out.astype(arrays[0].dtype)
        elif not _einsum_is_view(inputs, output):
            out = xp.ascontiguousarray(out) if out.base is not None or out is arrays[0] else out
        return out

    @staticmethod
    def backward(ctx, grad):
        operands = ctx.saved_tensors
        return tuple(
            _einsum_grad(grad, operands, ctx.inputs, ctx.output, k)
            if ctx.needs_input_grad[k]
            else None
            for k in range(len(operands))
        )


def _einsum_is_view(inputs, output):
    """A relabelling or a diagonal of one operand, which NumPy (and PyTorch) return as a view."""
    return len(inputs) == 1 and set(inputs[0]) == set(output)


def _einsum_grad(grad, operands, inputs, output, k):
    """d/d operand k: an einsum of the output gradient with the other operands.

    Labels only operand k has (summed away) come back through a ones vector; labels repeated in
    operand k (a diagonal) come back through identity matrices, which put the gradient on it.
    """
    from .creation import eye, ones

    target = inputs[k]
    terms = [grad] + [_conj(t) for j, t in enumerate(operands) if j != k]
    subs = [output] + [s for j, s in enumerate(inputs) if j != k]
    seen = set("".join(subs))
    sizes = dict(zip(target, operands[k].shape))
    spare = iter(c for c in _LETTERS if c not in "".join(inputs) + output)
    out_subs = []
    for c in target:
        if c in out_subs:  # a repeated label: a fresh one, tied to the first by an identity
            fresh = next(spare)
            terms.append(eye(sizes[c], dtype=grad.dtype, device=grad.device))
            subs.append(c + fresh)
            out_subs.append(fresh)
            continue
        if c not in seen:
            terms.append(ones(sizes[c], dtype=grad.dtype, device=grad.device))
            subs.append(c)
            seen.add(c)
        out_subs.append(c)
    return einsum(",".join(subs) + "->" + "".join(out_subs), *terms)


def _parse_einsum(equation, operands):
    """Canonical subscripts (ellipses spelled out with spare letters) and PyTorch's checks."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(operands):
        raise RuntimeError(
            "einsum(): fewer operands were provided than specified in the equation"
        )
    if len(terms) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    for i, ch in enumerate(eq):
        if not (ch in _LETTERS or ch in ".,->"):
            raise RuntimeError(
                f"einsum(): invalid subscript given at index {i} in the equation string, "
                "subscripts must be in [a-zA-Z]"
            )
    used = set(eq)
    spare = [c for c in _LETTERS if c not in used]
    ell = max(
        (t.ndim - len(s.replace("...", "")) for s, t in zip(terms, operands) if "..." in s),
        default=0,
    )
    ell_labels = "".join(spare[:ell])
    inputs = []
    for i, (s, t) in enumerate(zip(terms, operands)):
        explicit = s.replace("...", "")
        if "..." in s:
            n = t.ndim - len(explicit)
            if n < 0:
                _subscript_count_error(len(explicit), t.ndim, i, ellipsis=True)
            s = s.replace("...", ell_labels[ell - n :])
        elif len(s) != t.ndim:
            _subscript_count_error(len(s), t.ndim, i, ellipsis=False)
        inputs.append(s)
    if arrow:
        for c in rhs.replace("...", ""):
            if rhs.count(c) > 1:
                raise RuntimeError(
                    f"einsum(): output subscript {c} appears more than once in the output"
                )
            if c not in lhs:
                raise RuntimeError(
                    f"einsum(): output subscript {c} does not appear in the equation for any "
                    "input operand"
                )
        output = rhs.replace("...", ell_labels)
    else:
        counts = {c: "".join(terms).count(c) for c in set("".join(terms).replace(".", ""))}
        output = ell_labels + "".join(sorted(c for c, n in counts.items() if n == 1))
    _check_einsum_sizes(inputs, operands)
    return inputs, output


def _subscript_count_error(n, ndim, i, ellipsis):
    if ellipsis:
        raise RuntimeError(
            f"einsum(): the number of subscripts in the equation ({n}) is more than the number "
            f"of dimensions ({ndim}) for operand {i}"
        )
    raise RuntimeError(
        f"einsum(): the number of subscripts in the equation ({n}) does not match the number "
        f"of dimensions ({ndim}) for operand {i} and no ellipsis was given"
    )


def _check_einsum_sizes(inputs, operands):
    sizes = {}
    for i, (s, t) in enumerate(zip(inputs, operands)):
        mine = {}
        for c, n in zip(s, t.shape):
            if c in mine and mine[c] != n:
                raise RuntimeError(
                    f"einsum(): subscript {c} is repeated for operand {i} but the sizes don't "
                    f"match, {n} != {mine[c]}"
                )
            mine[c] = n
            seen = sizes.get(c)
            if seen is not None and n != seen and n != 1 and seen != 1:
                raise RuntimeError(
                    f"einsum(): subscript {c} has size {n} for operand {i} which does not "
                    f"broadcast with previously seen size {seen}"
                )
            sizes[c] = n if seen in (None, 1) else seen


def _einsum_node(inputs, output):
    """The node class carrying the name PyTorch's einsum result would have."""
    if len(inputs) == 1:
        s = inputs[0]
        if set(s) == set(output):
            return _EinsumPermute
        return _EinsumSum if len(set(s)) == len(s) else _EinsumView
    contracted = set("".join(inputs)) - set(output)
    return _EinsumView if contracted else _EinsumMul


def _einsum_op(name, view=False):
    return type(f"_Einsum{name}", (_Einsum,), {"node_name": name, "is_view": view})


_EinsumView = _einsum_op("ViewBackward0")
_EinsumSum = _einsum_op("SumBackward1")
_EinsumMul = _einsum_op("MulBackward0")
_EinsumPermute = _einsum_op("PermuteBackward0", view=True)


def einsum(equation, *operands):
    """Sums products of operand elements over the indices the Einstein ``equation`` names.

    ``einsum('bij,bjk->bik', a, b)`` is a batched matmul; ``...`` stands for broadcast dims.
    Also accepts the operands as one list, and the sublist form ``einsum(a, [0, 1], b, [1, 2])``.
    """
    if not isinstance(equation, str):
        equation, operands = _sublist_equation((equation,) + operands)
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    inputs, output = _parse_einsum(equation, operands)
    dtype = operands[0].dtype
    for t in operands[1:]:
        if t.dtype is not dtype:
            raise RuntimeError(
                f"expected scalar type {_type_name(dtype)} but found {_type_name(t.dtype)}"
            )
    if dtype is D.bool and len(operands) > 1:
        raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
    return _einsum_node(inputs, output).apply(*operands, inputs=inputs, output=output)


def _sublist_equation(args):
    """``einsum(a, [0, 1], b, [1, 2], [0, 2])`` as an equation string and its operands."""

    def letters(sub):
        return "".join("..." if s is Ellipsis else _LETTERS[s] for s in sub)

    operands = args[0::2][: len(args) // 2]
    subs = [letters(s) for s in args[1::2]]
    equation = ",".join(subs)
    if len(args) % 2:
        equation += "->" + letters(args[-1])
    return equation, tuple(operands)


# --- tensordot, kron, trace, cross -------------------------------------------------------------


def tensordot(a, b, dims=2, out=None):
    """Contracts ``a``'s and ``b``'s dims: the last ``dims`` of ``a`` with the first of ``b``,
    or the pairs in ``dims=([a dims], [b dims])``."""
    if isinstance(dims, int) or _is_tensor(dims) and dims.dim() == 0:
        dims = int(dims)
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > a.dim() or dims > b.dim():
            raise RuntimeError(
                f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}"
            )
        dims_a, dims_b = list(range(a.dim() - dims, a.dim())), list(range(dims))
    else:
        dims_a, dims_b = ([int(d)] if isinstance(d, int) else [int(x) for x in d] for d in dims)
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    if a.dtype is not b.dtype:
        raise RuntimeError("both inputs should have same dtype")
    from .._tensor import _wrap_dim

    sub_a = list(_LETTERS[: a.dim()])
    sub_b = list(_LETTERS[a.dim() : a.dim() + b.dim()])
    for da, db in zip(dims_a, dims_b):
        ia, ib = _wrap_dim(da, a.dim()), _wrap_dim(db, b.dim())
        if a.shape[ia] != b.shape[ib]:
            raise RuntimeError(
                f"contracted dimensions need to match, but first has size {a.shape[ia]} in dim "
                f"{da} and second has size {b.shape[ib]} in dim {db}"
            )
        sub_b[ib] = sub_a[ia]
    contracted = set(sub_b) & set(sub_a)
    output = [c for c in sub_a + sub_b if c not in contracted]
    result = _EinsumView.apply(a, b, inputs=("".join(sub_a), "".join(sub_b)), output="".join(output))
    return _finish(result, out)


class Kron(Op):
    """Kronecker product: every element of ``a`` scales a whole copy of ``b``."""

    node_name = "UnsafeViewBackward0"
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        n = max(a.ndim, b.ndim)
        a = a.reshape((1,) * (n - a.ndim) + a.shape)
        b = b.reshape((1,) * (n - b.ndim) + b.shape)
        ctx.shapes = (a.shape, b.shape)
        # interleave: a's dims at even positions, b's at odd, then merge each pair
        out = a.reshape(_interleave(a.shape, (1,) * n)) * b.reshape(_interleave((1,) * n, b.shape))
        return out.reshape(tuple(x * y for x, y in zip(a.shape, b.shape)))

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        sa, sb = ctx.shapes
        n = len(sa)
        g = grad.reshape(_interleave(sa, sb))
        la, lb = _LETTERS[:n], _LETTERS[n : 2 * n]
        gsub = "".join(x + y for x, y in zip(la, lb))
        ga = gb = None
        if ctx.needs_input_grad[0]:
            ga = einsum(f"{gsub},{lb}->{la}", g, _conj(b.reshape(sb))).reshape(a.shape)
        if ctx.needs_input_grad[1]:
            gb = einsum(f"{gsub},{la}->{lb}", g, _conj(a.reshape(sa))).reshape(b.shape)
        return ga, gb


def _interleave(s1, s2):
    return tuple(x for pair in zip(s1, s2) for x in pair)


def kron(input, other, *, out=None):
    """Kronecker product: a block tensor of ``input[i] * other``, with dtype promotion."""
    _check_tensor(input, "kron", "input", 1)
    _check_tensor(other, "kron", "other", 2)
    dtype = D.result_type(input, other)
    input, other = (t if t.dtype is dtype else t.to(dtype) for t in (input, other))
    return _finish(Kron.apply(input, other), out)


class Trace(Op):
    @staticmethod
    def forward(ctx, x, dtype):
        ctx.shape = x.shape
        return ctx.xp.asarray(ctx.xp.trace(x, dtype=dtype.np))

    @staticmethod
    def backward(ctx, grad):
        from .creation import eye

        n, m = ctx.shape
        return grad * eye(n, m, dtype=grad.dtype, device=grad.device), None


def trace(input):
    """Sum of the main diagonal of a 2-D tensor (integer inputs sum in int64)."""
    if input.dim() != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.dim()}")
    _check_kind("trace", input)
    dtype = input.dtype
    if not (dtype.is_floating_point or dtype.is_complex):
        dtype = D.int64
    return Trace.apply(input, dtype)


class LinalgCross(Op):
    num_operands = 2

    @staticmethod
    def forward(ctx, a, b, dim):
        ctx.dim = dim
        ctx.save_for_backward(a, b)
        return ctx.xp.cross(a, b, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga = _linalg_cross(_conj(b), grad, ctx.dim) if ctx.needs_input_grad[0] else None
        gb = _linalg_cross(grad, _conj(a), ctx.dim) if ctx.needs_input_grad[1] else None
        return ga, gb, None


def _linalg_cross(a, b, dim):
    return LinalgCross.apply(a, b, dim)


def cross(input, other, dim=None, *, out=None):
    """Cross product of 3-vectors along ``dim`` (default: the first dim of size 3)."""
    if dim is None:
        import warnings

        warnings.warn(
            "Using torch.cross without specifying the dim arg is deprecated.\nPlease either "
            "pass the dim explicitly or simply use torch.linalg.cross.\nThe default value of dim "
            "will change to agree with that of linalg.cross in a future release.",
            UserWarning,
            stacklevel=2,
        )
        shape = _broadcast_batch(input.shape, other.shape)
        dim = next((i for i, n in enumerate(shape) if n == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    return linalg_cross(input, other, dim=dim, out=out)


def linalg_cross(input, other, *, dim=-1, out=None):
    """``torch.linalg.cross``: cross product of 3-vectors along ``dim``, broadcasting."""
    from .._tensor import _wrap_dim

    if input.dim() != other.dim():
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    d = _wrap_dim(dim, input.dim())
    if input.shape[d] != 3 or other.shape[d] != 3:
        raise RuntimeError(
            f"linalg.cross: inputs dimension {dim} must have length 3. Got "
            f"{input.shape[d]} and {other.shape[d]}"
        )
    _broadcast_batch(input.shape, other.shape)
    if input.dtype is not other.dtype:
        raise RuntimeError(
            f"expected scalar type {_type_name(input.dtype)} but found {_type_name(other.dtype)}"
        )
    return _finish(LinalgCross.apply(input, other, d), out)


# --- cdist -------------------------------------------------------------------------------------


class Cdist(Op):
    """p-norm distances between the rows of ``x1`` (.., P, M) and ``x2`` (.., R, M)."""

    num_operands = 2

    @staticmethod
    def forward(ctx, x1, x2, p):
        ctx.p = p
        xp = ctx.xp
        if p == 2:  # |x|^2 + |y|^2 - 2 x.y: one GEMM instead of a (P, R, M) difference tensor
            sq1 = (x1 * x1).sum(-1)[..., :, None]
            sq2 = (x2 * x2).sum(-1)[..., None, :]
            d2 = sq1 + sq2 - 2 * _gemm(xp, x1, xp.swapaxes(x2, -1, -2))
            out = xp.sqrt(xp.maximum(d2, 0))
        else:
            diff = xp.abs(x1[..., :, None, :] - x2[..., None, :, :])
            if p == 0:
                out = (diff != 0).sum(-1).astype(x1.dtype)
            elif p == float("inf"):
                out = diff.max(-1) if diff.shape[-1] else diff.sum(-1)
            else:
                out = (diff**p).sum(-1) ** (1.0 / p)
        ctx.save_for_backward(x1, x2, out)
        return out.astype(x1.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        x1, x2, dist = ctx.saved_tensors
        p = ctx.p
        if p == 0:
            return grad.new_zeros(1).expand(x1.shape), grad.new_zeros(1).expand(x2.shape), None
        diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)  # (.., P, R, M)
        g = grad.unsqueeze(-1)
        d = dist.unsqueeze(-1)
        if p == 1:
            term = g * diff.sign()
        elif p == float("inf"):
            hit = (diff.abs() == d).to(grad.dtype)
            term = g * diff.sign() * hit / hit.sum(-1, keepdim=True)
        else:
            safe = d.masked_fill(d == 0, 1)
            term = g * diff * diff.abs() ** (p - 2) / safe ** (p - 1)
            term = term.masked_fill(d == 0, 0)  # the distance has no slope at 0: 0, as torch
        g1 = term.sum(-2) if ctx.needs_input_grad[0] else None
        g2 = -term.sum(-3) if ctx.needs_input_grad[1] else None
        return g1, g2, None


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """Batched p-norm distance between each pair of rows of ``x1`` and ``x2``."""
    if x1.dim() < 2 or x2.dim() < 2:
        which = "X1" if x1.dim() < 2 else "X2"
        raise RuntimeError(
            f"cdist only supports at least 2D tensors, {which} got: {min(x1.dim(), x2.dim())}D"
        )
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(
            "X1 and X2 must have the same number of columns. X1: "
            f"{x1.shape[-1]} X2: {x2.shape[-1]}"
        )
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if not x1.dtype.is_floating_point:
        raise RuntimeError(f"cdist only supports floating-point dtypes, X1 got: {x1.dtype}")
    batch = _broadcast_batch(x1.shape[:-2], x2.shape[:-2])
    x1 = x1.expand(batch + tuple(x1.shape[-2:])) if x1.shape[:-2] != batch else x1
    x2 = x2.expand(batch + tuple(x2.shape[-2:])) if x2.shape[:-2] != batch else x2
    return Cdist.apply(x1, x2, float(p))


def chain_matmul(*matrices, out=None):
    """Deprecated: ``torch.linalg.multi_dot(matrices)``."""
    from ..linalg import multi_dot

    if len(matrices) == 1:
        return _finish(matrices[0].clone(), out)
    return _finish(multi_dot(matrices), out)


def _method_cross(self, other, dim=None):
    return cross(self, other, dim)


_NAME_RE = re.compile(r"^[A-Za-z]")

try:  # the decompositions (det, inv, solve, svd, ...) live in their own module
    from .decomposition import (  # noqa: E402
        TENSOR_METHODS as _DECOMPOSITION_METHODS,
    )
    from .decomposition import __all__ as _decomposition_all  # noqa: E402
    from .decomposition import *  # noqa: E402, F401, F403
except ImportError:  # pragma: no cover - while decomposition.py is being written
    _DECOMPOSITION_METHODS, _decomposition_all = {}, []

__all__ += _decomposition_all

TENSOR_METHODS = {
    "matmul": matmul, "mm": mm, "bmm": bmm, "mv": mv, "dot": dot, "vdot": vdot, "inner": inner,
    "outer": outer, "ger": ger, "addmm": addmm, "addmm_": inplace(addmm), "addmv": addmv,
    "addmv_": inplace(addmv), "addbmm": addbmm, "addbmm_": inplace(addbmm), "baddbmm": baddbmm,
    "baddbmm_": inplace(baddbmm), "addr": addr, "addr_": inplace(addr), "kron": kron,
    "trace": trace, "cross": _method_cross, **_DECOMPOSITION_METHODS,
}  # fmt: skip
