"""Contractions: ``einsum``, ``tensordot``, ``kron``, ``trace``, ``cross`` and ``cdist``.

``einsum`` runs NumPy's ``einsum`` with ``optimize`` (so two-operand contractions go through BLAS);
its gradient for each operand is another einsum. ``tensordot`` and ``kron`` are einsums too. The
shared product helpers (the half-precision GEMM, PyTorch's C++ dtype names) live here as well.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype as D
from ..autograd.node import Op
from ._pointwise import _conj, _finish, _is_tensor, _type_name

# C++ spellings PyTorch uses in some dtype messages ("float != double").
_CPP_NAMES = {
    "float32": "float", "float64": "double", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
    "complex64": "c10::complex<float>", "complex128": "c10::complex<double>", "int64": "long int",
    "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
    "bool": "bool",
}  # fmt: skip


def _gemm(xp, a, b):
    """``a @ b`` through BLAS; half precision computes in float32 and rounds once, as torch CPU."""
    if a.dtype.itemsize == 2 and a.dtype.kind in "fV":  # float16 / bfloat16
        return xp.matmul(a.astype(np.float32), b.astype(np.float32)).astype(a.dtype)
    if a.ndim > 2 and b.ndim <= 2 and a.flags.c_contiguous:
        # a batch times one matrix: fold the batch into rows, one GEMM instead of one per item
        out = xp.matmul(a.reshape(-1, a.shape[-1]), b)
        return out.reshape(a.shape[:-1] + b.shape[1:])
    return xp.matmul(a, b)


def _check_tensor(x, fn, arg, pos):
    if not _is_tensor(x):
        raise TypeError(
            f"{fn}(): argument '{arg}' (position {pos}) must be Tensor, not {type(x).__name__}"
        )


def _check_kind(fn, *tensors):
    """Products have no bool kernel in PyTorch."""
    if tensors[0].dtype is D.bool:
        raise NotImplementedError(f"\"{fn}\" not implemented for 'Bool'")


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
        elif len(arrays) == 1 and not _einsum_is_view(inputs, output):
            # only relabellings may alias the input (they are view ops); sums must not
            out = out.copy() if xp.may_share_memory(out, arrays[0]) else out
        return xp.asarray(out)

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
    g = einsum(",".join(subs) + "->" + "".join(out_subs), *terms)
    shape = tuple(operands[k].shape)
    if tuple(g.shape) != shape:  # a size-1 label met only size-1 dims elsewhere: broadcast it
        g = g.expand(np.broadcast_shapes(tuple(g.shape), shape))
    return g


def _parse_einsum(equation, operands):
    """Canonical subscripts (ellipses spelled out with spare letters) and PyTorch's checks."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
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
        return _EinsumSum
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
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        dims_a, dims_b = list(range(-dims, 0)), list(range(dims))
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
    result = _EinsumView.apply(
        a, b, inputs=("".join(sub_a), "".join(sub_b)), output="".join(output)
    )
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
        from .linalg_solvers import _warn_once

        _warn_once(
            "Using torch.cross without specifying the dim arg is deprecated.\nPlease either "
            "pass the dim explicitly or simply use torch.linalg.cross.\nThe default value of dim "
            "will change to agree with that of linalg.cross in a future release.",
            "Cross.cpp:63",
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
            f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} X2: {x2.shape[-1]}"
        )
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if not x1.dtype.is_floating_point:
        raise RuntimeError(f"cdist only supports floating-point dtypes, X1 got: {x1.dtype}")
    batch = _broadcast_batch(x1.shape[:-2], x2.shape[:-2])
    x1 = x1.expand(batch + tuple(x1.shape[-2:])) if x1.shape[:-2] != batch else x1
    x2 = x2.expand(batch + tuple(x2.shape[-2:])) if x2.shape[:-2] != batch else x2
    return Cdist.apply(x1, x2, float(p))
