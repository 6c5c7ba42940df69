"""Normalization: one op that standardises over some dims and applies an affine map.

batch_norm, layer_norm, group_norm and instance_norm all come down to ``Normalize`` with
different reduction dims. Its backward is fused (three reductions, one pass) when no graph is
being built; under ``create_graph=True`` it is written with Tensor ops recomputed from the saved
input, so double backward is exact.
"""

from __future__ import annotations

import numpy as np

from ..autograd.grad_mode import _state
from ..autograd.node import Op

__all__: list[str] = []


def sum_to_shape(array, shape):
    """Sum a broadcast result back to ``shape`` (the array form of Tensor.sum_to_size)."""
    lead = array.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, s in enumerate(shape) if s == 1 and array.shape[lead + i] != 1
    )
    if axes:
        array = array.sum(axis=axes, keepdims=True)
    return array.reshape(shape)


class Normalize(Op):
    """y = (x - mean) * invstd * weight + bias, statistics over ``axes`` (biased variance).

    With ``mean``/``invstd`` given (eval-mode batch norm) they are constants, not statistics.
    ``stats``, when a list, receives (mean, var) of the batch for running-stat updates.
    """

    @staticmethod
    def forward(ctx, x, weight, bias, axes, eps, mean=None, invstd=None, stats=None, name=None):
        if name:  # PyTorch's node name for the caller (NativeBatchNormBackward0 ...)
            ctx._name = name
        xp = ctx.xp
        ctx.axes, ctx.eps = axes, eps
        ctx.training = mean is None
        if ctx.training:
            mean = x.mean(axis=axes, keepdims=True)
            centered = x - mean
            var = (centered * centered).mean(axis=axes, keepdims=True)
            invstd = (1.0 / xp.sqrt(var + eps)).astype(x.dtype, copy=False)
            if stats is not None:
                stats.extend((mean, var))
        else:
            centered = x - mean
        y = centered * invstd
        if weight is not None:
            y *= weight
        if bias is not None:
            y += bias
        ctx.has_affine = (weight is not None, bias is not None)
        ctx.bias_shape = None if bias is None else bias.shape
        ctx.save_for_backward(x, weight, mean, invstd)
        return y.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        x, weight, mean, invstd = ctx.saved_tensors
        if _state.enabled:  # a graph is being built (create_graph): stay differentiable
            return _backward_graph(ctx, grad, x, weight, mean, invstd)
        return _backward_fused(ctx, grad, x, weight, mean, invstd)


def _backward_fused(ctx, grad, x, weight, mean, invstd):
    g = grad._data
    need = ctx.needs_input_grad
    xhat = (x._data - mean._data) * invstd._data
    gw = gb = gx = None
    if ctx.has_affine[0] and need[1]:
        gw = sum_to_shape(g * xhat, weight.shape)
    if ctx.has_affine[1] and need[2]:
        gb = sum_to_shape(g, ctx.bias_shape)
    if need[0]:
        gxhat = g * weight._data if weight is not None else g
        if ctx.training:
            axes = ctx.axes
            gx = invstd._data * (
                gxhat
                - gxhat.mean(axis=axes, keepdims=True)
                - xhat * (gxhat * xhat).mean(axis=axes, keepdims=True)
            )
        else:
            gx = gxhat * invstd._data
        gx = gx.astype(x._data.dtype, copy=False)
    wrap = grad._make
    return tuple(None if a is None else wrap(a) for a in (gx, gw, gb))


def _backward_graph(ctx, grad, x, weight, mean, invstd):
    axes = list(ctx.axes)
    if ctx.training:  # recompute the statistics from x so they carry their own gradient
        mean = x.mean(axes, keepdim=True)
        centered = x - mean
        invstd = ((centered * centered).mean(axes, keepdim=True) + ctx.eps).rsqrt()
    else:
        centered = x - mean
    xhat = centered * invstd
    need = ctx.needs_input_grad
    gw = gb = gx = None
    if ctx.has_affine[0] and need[1]:
        gw = (grad * xhat).sum_to_size(weight.shape)
    if ctx.has_affine[1] and need[2]:
        gb = grad.sum_to_size(ctx.bias_shape)
    if need[0]:
        gxhat = grad * weight if weight is not None else grad
        if ctx.training:
            gx = invstd * (
                gxhat
                - gxhat.mean(axes, keepdim=True)
                - xhat * (gxhat * xhat).mean(axes, keepdim=True)
            )
        else:
            gx = gxhat * invstd
    return gx, gw, gb


def running_update(running_mean, running_var, mean, var, count, momentum):
    """In-place running-stat update (unbiased variance), on the buffers' arrays."""
    mean = np.asarray(mean).reshape(running_mean.shape)
    var = np.asarray(var).reshape(running_var.shape) * (count / max(count - 1, 1))
    if running_mean is not None:
        running_mean *= 1 - momentum
        running_mean += momentum * mean
    if running_var is not None:
        running_var *= 1 - momentum
        running_var += momentum * var
