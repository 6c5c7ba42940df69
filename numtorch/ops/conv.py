"""Convolutions (1d/2d/3d, transposed, grouped, dilated) and padding ops.

A convolution is a strided window view of the padded input (no copy) and one batched BLAS
matmul. Its input gradient is the transposed convolution (col2im: a loop over kernel offsets,
never over pixels), its weight gradient a second matmul. The three ops below (``Convolution``
both ways and ``ConvolutionWeight``) differentiate into one another, so double backward works.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _backend
from ..autograd.node import Op

__all__ = ["convolution"]


# --- array kernels ------------------------------------------------------------------------------
def _pad_array(x, pads, value=0):
    """Pad the spatial dims of ``x`` (N, C, *S) by ``pads``: one (lo, hi) pair per dim."""
    if not any(lo or hi for lo, hi in pads):
        return x
    xp = _backend.array_module(x)
    return xp.pad(x, [(0, 0), (0, 0), *pads], constant_values=value)


def out_size(size, k, stride, lo, hi, dilation):
    return (size + lo + hi - dilation * (k - 1) - 1) // stride + 1


def windows(x, kernel, stride, dilation, out=None):
    """View of ``x`` (N, C, *S) as (N, C, *O, *K) sliding windows (no copy)."""
    nd = len(kernel)
    sp = x.shape[2:]
    if out is None:
        out = [(s - d * (k - 1) - 1) // st + 1 for s, k, st, d in zip(sp, kernel, stride, dilation)]
    st = x.strides
    shape = (*x.shape[:2], *out, *kernel)
    strides = (
        *st[:2],
        *(st[2 + i] * stride[i] for i in range(nd)),
        *(st[2 + i] * dilation[i] for i in range(nd)),
    )
    return _backend.as_strided(x, shape, strides)


def _columns(win, groups):
    """Windows (N, C, *O, *K) as matmul columns (N, G, C/G * prod K, prod O) (one copy)."""
    n, c = win.shape[:2]
    nd = (win.ndim - 2) // 2
    p = math.prod(win.shape[2 : 2 + nd])
    k = math.prod(win.shape[2 + nd :])
    perm = (0, 1, *range(2 + nd, 2 + 2 * nd), *range(2, 2 + nd))
    return win.transpose(perm).reshape(n, groups, (c // groups) * k, p)


def conv_forward(x, w, stride, pads, dilation, groups):
    """y[n, o] = sum over window of x * w; x (N, C, *S), w (Cout, C/G, *K)."""
    kernel = w.shape[2:]
    win = windows(_pad_array(x, pads), kernel, stride, dilation)
    n = x.shape[0]
    out = win.shape[2 : 2 + len(kernel)]
    cols = _columns(win, groups)
    w2 = w.reshape(groups, w.shape[0] // groups, -1)
    y = np.matmul(w2, cols) if _backend.array_module(x) is np else w2 @ cols
    return y.reshape(n, w.shape[0], *out)


def col2im(cols, spatial, kernel, stride, pads, dilation):
    """Sum columns (N, C, *K, *O) back into an image (N, C, *spatial): the adjoint of windows."""
    xp = _backend.array_module(cols)
    nd = len(kernel)
    n, c = cols.shape[:2]
    out = cols.shape[2 + nd :]
    padded = [s + lo + hi for s, (lo, hi) in zip(spatial, pads)]
    img = xp.zeros((n, c, *padded), dtype=cols.dtype)
    for offset in np.ndindex(*kernel):  # a loop over kernel offsets, never over pixels
        index = tuple(
            slice(o * d, o * d + st * (m - 1) + 1, st)
            for o, d, st, m in zip(offset, dilation, stride, out)
        )
        img[(slice(None), slice(None), *index)] += cols[(slice(None), slice(None), *offset)]
    crop = tuple(slice(lo, lo + s) for s, (lo, _) in zip(spatial, pads))
    return img[(slice(None), slice(None), *crop)]


def conv_transpose_forward(g, w, spatial, stride, pads, dilation, groups):
    """The adjoint of conv_forward in its input: g (N, Cout, *O) -> (N, C, *spatial)."""
    kernel = w.shape[2:]
    reach = [d * (k - 1) for d, k in zip(dilation, kernel)]
    unit = all(s == 1 for s in stride) and all(
        lo <= r and hi <= r for (lo, hi), r in zip(pads, reach)
    )
    if unit and g.shape[1] <= w.shape[1] * groups:
        # stride 1, no more output than input channels: a plain convolution of the padded
        # gradient with the flipped, channel-swapped kernel (im2col of g + one matmul, no
        # scatter); with more output channels the im2col of g is the bigger copy, so col2im
        return conv_forward(g, _flip_weight(w, groups), stride,
                            [(r - lo, r - hi) for (lo, hi), r in zip(pads, reach)], dilation,
                            groups)  # fmt: skip
    n, cout = g.shape[:2]
    out = g.shape[2:]
    w2 = w.reshape(groups, cout // groups, -1).transpose(0, 2, 1)  # (G, C/G*K, Cout/G)
    g2 = g.reshape(n, groups, cout // groups, -1)
    cols = w2 @ g2  # (N, G, C/G*K, P)
    c = w.shape[1] * groups
    cols = cols.reshape(n, c, *kernel, *out)
    return col2im(cols, spatial, kernel, stride, pads, dilation)


def _flip_weight(w, groups):
    """(Cout, C/G, *K) -> (C, Cout/G, *K) spatially flipped: the kernel of the adjoint conv."""
    cout, cg = w.shape[:2]
    kernel = w.shape[2:]
    nd = len(kernel)
    wg = w.reshape(groups, cout // groups, cg, *kernel).swapaxes(1, 2)
    flip = (slice(None),) * 3 + (slice(None, None, -1),) * nd
    return wg[flip].reshape(groups * cg, cout // groups, *kernel)


def conv_weight(x, g, kernel, stride, pads, dilation, groups):
    """Gradient of conv_forward in its weight: sum over batch and positions of g * windows."""
    n, c = x.shape[:2]
    cout = g.shape[1]
    out = g.shape[2:]
    nd = len(kernel)
    win = windows(_pad_array(x, pads), kernel, stride, dilation, out)
    win = win.reshape(n, groups, c // groups, *win.shape[2:])
    # (G, C/G, *K, N, *O) -> (G, C/G*K, N*P)
    perm = (1, 2, *range(3 + nd, 3 + 2 * nd), 0, *range(3, 3 + nd))
    cols = win.transpose(perm).reshape(groups, -1, n * math.prod(out))
    g2 = g.reshape(n, groups, cout // groups, -1).transpose(1, 2, 0, 3)
    g2 = g2.reshape(groups, cout // groups, -1)
    gw = g2 @ cols.transpose(0, 2, 1)
    return gw.reshape(cout, c // groups, *kernel)


# --- ops ----------------------------------------------------------------------------------------
class Convolution(Op):
    """y = conv(x, w) + b, or its transpose (``transposed``): ATen's ``convolution``."""

    @staticmethod
    def forward(ctx, x, w, b, stride, pads, dilation, transposed, spatial, groups):
        ctx.geometry = (stride, pads, dilation, groups)
        ctx.transposed = transposed
        ctx.has_bias = b is not None
        ctx.save_for_backward(x, w)
        if transposed:
            y = conv_transpose_forward(x, w, spatial, stride, pads, dilation, groups)
        else:
            y = conv_forward(x, w, stride, pads, dilation, groups)
        if b is not None:
            y += b.reshape(-1, *([1] * (y.ndim - 2)))
        return y

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        stride, pads, dilation, groups = ctx.geometry
        need = ctx.needs_input_grad
        gx = gw = gb = None
        kernel = tuple(w.shape[2:])
        geo = (stride, pads, dilation)
        if ctx.transposed:
            if need[0]:
                gx = Convolution.apply(grad, w, None, *geo, False, None, groups)
            if need[1]:
                gw = ConvolutionWeight.apply(grad, x, kernel, *geo, groups)
        else:
            if need[0]:
                gx = Convolution.apply(grad, w, None, *geo, True, tuple(x.shape[2:]), groups)
            if need[1]:
                gw = ConvolutionWeight.apply(x, grad, kernel, *geo, groups)
        if ctx.has_bias and need[2]:
            gb = grad.sum([0, *range(2, grad.dim())])
        return gx, gw, gb


class ConvolutionWeight(Op):
    """The weight gradient of a convolution of ``x`` giving ``g`` (linear in each)."""

    node_name = "ConvolutionBackwardBackward0"

    @staticmethod
    def forward(ctx, x, g, kernel, stride, pads, dilation, groups):
        ctx.geometry = (stride, pads, dilation, groups)
        ctx.save_for_backward(x, g)
        return conv_weight(x, g, kernel, stride, pads, dilation, groups)

    @staticmethod
    def backward(ctx, ggw):
        x, g = ctx.saved_tensors
        stride, pads, dilation, groups = ctx.geometry
        geo = (stride, pads, dilation)
        gx = gg = None
        if ctx.needs_input_grad[0]:
            gx = Convolution.apply(g, ggw, None, *geo, True, tuple(x.shape[2:]), groups)
        if ctx.needs_input_grad[1]:
            gg = Convolution.apply(x, ggw, None, *geo, False, None, groups)
        return gx, gg


def convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups):
    """ATen-style convolution: ``padding`` is one int per spatial dim (symmetric)."""
    nd = weight.dim() - 2
    pads = tuple((p, p) for p in padding)
    spatial = None
    if transposed:
        spatial = tuple(
            (i - 1) * s - 2 * p + d * (k - 1) + op + 1
            for i, s, p, d, k, op in zip(
                input.shape[2:], stride, padding, dilation, weight.shape[2:], output_padding
            )
        )
    del nd
    return Convolution.apply(
        input, weight, bias, tuple(stride), pads, tuple(dilation), transposed, spatial, groups
    )


# --- padding ------------------------------------------------------------------------------------
class ConstantPad(Op):
    """Pad (or crop, for negative amounts) the trailing dims with a constant."""

    node_name = "ConstantPadNdBackward0"

    @staticmethod
    def forward(ctx, x, pads, value):
        ctx.pads = pads
        xp = ctx.xp
        nd = len(pads)
        lead = x.ndim - nd
        crop = tuple(
            slice(max(-lo, 0), s - max(-hi, 0)) for s, (lo, hi) in zip(x.shape[lead:], pads)
        )
        x = x[(slice(None),) * lead + crop]
        widths = [(0, 0)] * lead + [(max(lo, 0), max(hi, 0)) for lo, hi in pads]
        out = xp.pad(x, widths, constant_values=value)
        return out if out is not x else x.copy()

    @staticmethod
    def backward(ctx, grad):
        return ConstantPad.apply(grad, tuple((-lo, -hi) for lo, hi in ctx.pads), 0)


class GatherPad(Op):
    """out = x indexed along each trailing dim by an index array (reflect/replicate/circular)."""

    @staticmethod
    def forward(ctx, x, indices, name=None):
        if name:  # ReflectionPad2DBackward0, UpsampleNearest2DBackward0 ...
            ctx._name = name
        ctx.indices = indices
        ctx.in_shape = x.shape
        lead = x.ndim - len(indices)
        for i, idx in enumerate(indices):
            x = ctx.xp.take(x, idx, axis=lead + i)
        return x

    @staticmethod
    def backward(ctx, grad):
        return ScatterPad.apply(grad, ctx.indices, ctx.in_shape)


class ScatterPad(Op):
    """The adjoint of GatherPad: sums each padded element back into its source."""

    @staticmethod
    def forward(ctx, g, indices, in_shape):
        ctx.indices = indices
        xp = ctx.xp
        lead = g.ndim - len(indices)
        for i in reversed(range(len(indices))):
            axis = lead + i
            shape = list(g.shape)
            shape[axis] = in_shape[axis]
            acc = xp.zeros(shape, dtype=g.dtype)
            _backend.add_at(acc, (slice(None),) * axis + (indices[i],), g)
            g = acc
        return g

    @staticmethod
    def backward(ctx, grad):
        return GatherPad.apply(grad, ctx.indices)


def pad_indices(size, lo, hi, mode):
    """Source index of each output position along one dim for a non-constant pad mode."""
    pos = np.arange(-lo, size + hi)
    if mode == "reflect":
        period = 2 * (size - 1)
        pos = np.abs(pos) % period if period else np.zeros_like(pos)
        return np.where(pos >= size, period - pos, pos)
    if mode == "replicate":
        return np.clip(pos, 0, size - 1)
    return pos % size  # circular
