"""Pooling: max/avg (1d/2d/3d, ceil_mode, padding, dilation), adaptive, unpooling, fold/unfold.

Pooling works on strided slices of the padded input, one whole-array step per kernel offset
(a 2x2 pool is four vectorised steps), never a loop over pixels. Max pooling records PyTorch's
flat indices into each input plane; its gradient scatters through them.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _backend
from ..autograd.node import Op
from .conv import col2im, windows

__all__: list[str] = []


def pool_out_size(size, k, stride, pad, dilation, ceil_mode):
    """PyTorch's pooling output size (a ceil-mode window must start inside input or left pad)."""
    span = size + 2 * pad - dilation * (k - 1) - 1
    out = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad:
        out -= 1
    return out


def _padded(x, kernel, stride, pads, dilation, out, value):
    """x padded by ``pads`` on the left and enough on the right to hold every window."""
    widths = []
    for s, k, st, p, d, o in zip(x.shape[2:], kernel, stride, pads, dilation, out):
        need = (o - 1) * st + d * (k - 1) + 1
        widths.append((p, max(need - s - p, 0)))
    if not any(lo or hi for lo, hi in widths):
        return x
    xp = _backend.array_module(x)
    return xp.pad(x, [(0, 0), (0, 0), *widths], constant_values=value)


def _offset_slices(offset, stride, dilation, out):
    return (slice(None), slice(None)) + tuple(
        slice(o * d, o * d + st * (m - 1) + 1, st)
        for o, d, st, m in zip(offset, dilation, stride, out)
    )


def _lowest(dtype):
    return -np.inf if np.dtype(dtype).kind in "fc" else np.iinfo(dtype).min


# --- max pooling --------------------------------------------------------------------------------
class MaxPool(Op):
    """(values, indices) of the max over each window; indices are flat per input plane."""

    @staticmethod
    def forward(ctx, x, kernel, stride, pads, dilation, ceil_mode, name=None):
        if name:  # PyTorch's node name for the calling function (MaxPool2DWithIndicesBackward0)
            ctx._name = name
        xp = ctx.xp
        spatial = x.shape[2:]
        out = tuple(
            pool_out_size(s, k, st, p, d, ceil_mode)
            for s, k, st, p, d in zip(spatial, kernel, stride, pads, dilation)
        )
        xpad = _padded(x, kernel, stride, pads, dilation, out, _lowest(x.dtype))
        # a flat input index is linear in the window's kernel offset: base(position) + delta(k)
        mult = [math.prod(spatial[d + 1 :]) for d in range(len(kernel))]
        delta = [sum(o * dl * m for o, dl, m in zip(off, dilation, mult))
                 for off in np.ndindex(*kernel)]  # fmt: skip
        nan_check = x.dtype.kind in "fc" and bool(xp.isnan(x.max())) if x.size else False
        # which kernel offset won, kept in a small integer array updated by arithmetic
        # (masked copies are several times slower than whole-array arithmetic in NumPy)
        kdt = np.int8 if len(delta) < 128 else np.int32
        best = won = None
        for k, offset in enumerate(np.ndindex(*kernel)):
            v = xpad[_offset_slices(offset, stride, dilation, out)]
            if best is None:
                best = v.copy()
                won = xp.zeros(best.shape, dtype=kdt)
                continue
            take = v > best
            if nan_check:  # as torch: a NaN always wins, the last one seen
                take |= v != v
            won += take.view(np.int8).astype(kdt, copy=False) * (kdt(k) - won)
            if nan_check or x.dtype.kind not in "f":
                best = xp.where(take, v, best)
            else:
                xp.maximum(best, v, out=best)
        index = xp.take(xp.asarray(delta, dtype=np.int64), won)
        base = xp.zeros((), dtype=np.int64)
        for d in range(len(kernel)):
            start = (xp.arange(out[d], dtype=np.int64) * stride[d] - pads[d]) * mult[d]
            base = xp.add.outer(base, start)
        index += base
        ctx.in_shape = x.shape
        # windows that cannot overlap pick distinct inputs: the gradient is a plain scatter
        ctx.unique = all(st >= d * (k - 1) + 1 for st, d, k in zip(stride, dilation, kernel))
        ctx.save_for_backward(index)
        ctx.mark_non_differentiable(index)
        return best, index

    @staticmethod
    def backward(ctx, grad, _grad_index=None):
        (index,) = ctx.saved_tensors
        return ScatterAddFlat.apply(grad, index, ctx.in_shape, getattr(ctx, "unique", False))


class GatherFlat(Op):
    """out[n, c, i] = x[n, c].flatten()[index[n, c, i]]."""

    @staticmethod
    def forward(ctx, x, index):
        ctx.in_shape = x.shape
        ctx.save_for_backward(index)
        n, c = index.shape[:2]
        src = x.reshape(n, c, -1)
        return ctx.xp.take_along_axis(src, index.reshape(n, c, -1), axis=2).reshape(index.shape)

    @staticmethod
    def backward(ctx, grad):
        (index,) = ctx.saved_tensors
        return ScatterAddFlat.apply(grad, index, ctx.in_shape), None


class ScatterAddFlat(Op):
    """Adds each g[n, c, i] into out[n, c].flatten()[index[n, c, i]] (out has ``shape``)."""

    @staticmethod
    def forward(ctx, g, index, shape, unique=False):
        ctx.save_for_backward(index)
        n, c = shape[:2]
        plane = math.prod(shape[2:])
        flat = index.reshape(n * c, -1) + (ctx.xp.arange(n * c) * plane)[:, None]
        out = ctx.xp.zeros(n * c * plane, dtype=g.dtype)
        if unique:  # no index repeats: an assignment, far faster than an unbuffered add
            out[flat.ravel()] = g.reshape(-1)
        else:
            _backend.add_at(out, flat.ravel(), g.reshape(-1))
        return out.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        (index,) = ctx.saved_tensors
        return GatherFlat.apply(grad, index), None


# --- average pooling ----------------------------------------------------------------------------
def _avg_divisor(spatial, kernel, stride, pads, out, count_include_pad, divisor_override):
    """The divisor of each output position, as PyTorch computes it (an outer product of dims)."""
    if divisor_override:
        return divisor_override
    div = np.ones((), dtype=np.float64)
    for s, k, st, p, o in zip(spatial, kernel, stride, pads, out):
        start = np.arange(o) * st - p
        end = np.minimum(start + k, s + p)
        size = end - start
        if not count_include_pad:
            size = np.minimum(end, s) - np.maximum(start, 0)
        div = np.multiply.outer(div, size)
    return div


class AvgPool(Op):
    """Mean over each window (sum of strided slices, one per kernel offset)."""

    @staticmethod
    def forward(ctx, x, kernel, stride, pads, ceil_mode, count_include_pad, divisor_override,
                name=None):  # fmt: skip
        if name:
            ctx._name = name
        ones = (1,) * len(kernel)
        out = tuple(
            pool_out_size(s, k, st, p, 1, ceil_mode)
            for s, k, st, p in zip(x.shape[2:], kernel, stride, pads)
        )
        div = _avg_divisor(x.shape[2:], kernel, stride, pads, out, count_include_pad,
                           divisor_override)  # fmt: skip
        ctx.args = (kernel, stride, pads, out, div, x.shape, ceil_mode, count_include_pad,
                    divisor_override)  # fmt: skip
        xpad = _padded(x, kernel, stride, pads, ones, out, 0)
        acc = None
        for offset in np.ndindex(*kernel):
            v = xpad[_offset_slices(offset, stride, ones, out)]
            acc = v.copy() if acc is None else acc.__iadd__(v)
        return (acc / ctx.xp.asarray(div, dtype=x.dtype)).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        return AvgPoolGrad.apply(grad, ctx.args)


class AvgPoolGrad(Op):
    """The adjoint of AvgPool: each output's share spread back over its window."""

    @staticmethod
    def forward(ctx, g, args):
        kernel, stride, pads, out, div, shape, *_ = args
        ctx.args = args
        g = (g / ctx.xp.asarray(div, dtype=g.dtype)).astype(g.dtype, copy=False)
        padded = [
            max((o - 1) * st + k, s + p) + p for s, k, st, p, o in zip(shape[2:], kernel, stride,
                                                                         pads, out)
        ]  # fmt: skip
        img = ctx.xp.zeros((*shape[:2], *padded), dtype=g.dtype)
        ones = (1,) * len(kernel)
        for offset in np.ndindex(*kernel):
            img[_offset_slices(offset, stride, ones, out)] += g
        crop = tuple(slice(p, p + s) for s, p in zip(shape[2:], pads))
        return img[(slice(None), slice(None), *crop)]

    @staticmethod
    def backward(ctx, grad):
        kernel, stride, pads, out, div, shape, ceil_mode, cip, override = ctx.args
        return AvgPool.apply(grad, kernel, stride, pads, ceil_mode, cip, override)


# --- adaptive pooling ---------------------------------------------------------------------------
def adaptive_ranges(size, out):
    """PyTorch's adaptive windows: start = floor(i*size/out), end = ceil((i+1)*size/out)."""
    i = np.arange(out)
    return (i * size) // out, -((-(i + 1) * size) // out)


def adaptive_avg_matrix(size, out, np_dtype):
    """The (out, size) averaging matrix of one adaptive dim."""
    start, end = adaptive_ranges(size, out)
    cols = np.arange(size)
    inside = (cols >= start[:, None]) & (cols < end[:, None])
    return (inside / (end - start)[:, None]).astype(np_dtype)


class AdaptiveMaxPool(Op):
    """Max over adaptive windows, gathered through clipped index arrays (padded by repeats)."""

    @staticmethod
    def forward(ctx, x, out, name=None):
        if name:
            ctx._name = name
        xp = ctx.xp
        nd = len(out)
        spatial = x.shape[2:]
        flat_pos = np.arange(math.prod(spatial)).reshape(spatial)
        grids = []
        for d, (s, o) in enumerate(zip(spatial, out)):
            start, end = adaptive_ranges(s, o)
            span = int((end - start).max())
            idx = np.minimum(start[:, None] + np.arange(span), end[:, None] - 1)  # (O, L)
            shape = [1] * (2 * nd)
            shape[2 * d], shape[2 * d + 1] = o, span
            grids.append(idx.reshape(shape))
        pos = flat_pos[tuple(grids)]  # (O1, L1, O2, L2, ...)
        perm = (*range(0, 2 * nd, 2), *range(1, 2 * nd, 2))
        pos = pos.transpose(perm).reshape(*out, -1)
        vals = x.reshape(*x.shape[:2], -1)[:, :, pos]  # (N, C, *O, L)
        arg = xp.argmax(vals, axis=-1)
        best = xp.take_along_axis(vals, arg[..., None], axis=-1)[..., 0]
        index = xp.asarray(pos.reshape(-1, pos.shape[-1]))[
            np.arange(math.prod(out)).reshape(out), arg
        ].astype(np.int64)
        ctx.in_shape = x.shape
        ctx.save_for_backward(index)
        ctx.mark_non_differentiable(index)
        return best, index

    backward = MaxPool.backward


# --- fold / unfold ------------------------------------------------------------------------------
class Unfold(Op):
    """im2col: (N, C, *S) -> (N, C * prod(K), L) of sliding blocks."""

    node_name = "Im2ColBackward0"

    @staticmethod
    def forward(ctx, x, kernel, dilation, pads, stride):
        ctx.args = (tuple(x.shape[2:]), kernel, dilation, pads, stride)
        xpad = x
        if any(pads):
            xpad = ctx.xp.pad(x, [(0, 0), (0, 0), *((p, p) for p in pads)])
        win = windows(xpad, kernel, stride, dilation)
        nd = len(kernel)
        n, c = x.shape[:2]
        perm = (0, 1, *range(2 + nd, 2 + 2 * nd), *range(2, 2 + nd))
        return win.transpose(perm).reshape(n, c * math.prod(kernel), -1)

    @staticmethod
    def backward(ctx, grad):
        spatial, kernel, dilation, pads, stride = ctx.args
        return Fold.apply(grad, spatial, kernel, dilation, pads, stride)


class Fold(Op):
    """col2im: sums (N, C * prod(K), L) blocks into (N, C, *output_size)."""

    node_name = "Col2ImBackward0"

    @staticmethod
    def forward(ctx, cols, spatial, kernel, dilation, pads, stride):
        ctx.args = (kernel, dilation, pads, stride)
        out = [
            (s + 2 * p - d * (k - 1) - 1) // st + 1
            for s, k, d, p, st in zip(spatial, kernel, dilation, pads, stride)
        ]
        n = cols.shape[0]
        c = cols.shape[1] // math.prod(kernel)
        cols = cols.reshape(n, c, *kernel, *out)
        return col2im(cols, spatial, kernel, stride, [(p, p) for p in pads], dilation)

    @staticmethod
    def backward(ctx, grad):
        return Unfold.apply(grad, *ctx.args)
