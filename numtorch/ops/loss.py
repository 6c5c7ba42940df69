"""Loss functions (``torch.nn.functional``'s losses).

Composites of differentiable ops, arranged for stability: cross entropy through log_softmax (a
shifted log-sum-exp), BCE-with-logits through log_sigmoid, so no large logit overflows.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .. import _dtype as D
from ..autograd.grad_mode import no_grad
from ..autograd.node import Op
from .activation import log_sigmoid, softplus
from .indexing import where
from .reduction import _float_sum
from .statistics import log_softmax

__all__ = [
    "l1_loss", "mse_loss", "nll_loss", "cross_entropy", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "smooth_l1_loss", "huber_loss", "kl_div",
    "poisson_nll_loss", "gaussian_nll_loss", "cosine_embedding_loss", "margin_ranking_loss",
    "hinge_embedding_loss", "multi_margin_loss", "multilabel_margin_loss",
    "multilabel_soft_margin_loss", "soft_margin_loss", "triplet_margin_loss", "ctc_loss",
    "triplet_margin_with_distance_loss",
]  # fmt: skip


def legacy_get_string(size_average, reduce, emit_warning=True):
    """The ``reduction`` string for the deprecated ``size_average``/``reduce`` pair."""
    warning = "size_average and reduce args will be deprecated, please use reduction='{}' instead."
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    ret = "mean" if (size_average and reduce) else ("sum" if reduce else "none")
    if emit_warning:
        warnings.warn(warning.format(ret), stacklevel=3)
    return ret


def _reduction(size_average, reduce, reduction):
    if size_average is not None or reduce is not None:
        return legacy_get_string(size_average, reduce)
    return reduction


def _reduce(loss, reduction):
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _check_reduction(reduction):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _warn_size(input, target, stacklevel=3):
    if target.size() != input.size():
        warnings.warn(
            f"Using a target size ({target.size()}) that is different to the input size "
            f"({input.size()}). This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            stacklevel=stacklevel,
        )


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    r"""Mean absolute error: :math:`|x - y|`, reduced."""
    _warn_size(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    loss = (input - target).abs()
    return _reduce(loss * weight if weight is not None else loss, reduction)


class MseLoss(Op):
    """Squared error, reduced: its own node (``MseLossBackward0``), as in PyTorch."""

    @staticmethod
    def forward(ctx, input, target, reduction):
        diff = input - target
        ctx.save_for_backward(input, target)
        ctx.reduction, ctx.shape = reduction, diff.shape
        loss = diff * diff
        return _reduce_array(loss, reduction, ctx.xp)

    @staticmethod
    def backward(ctx, grad):
        input, target = ctx.saved_tensors
        scale = 2.0 / max(1, int(np.prod(ctx.shape))) if ctx.reduction == "mean" else 2.0
        g = (input - target) * (grad * scale)
        return g, -g if ctx.needs_input_grad[1] else None, None


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    r"""Mean squared error: :math:`(x - y)^2`, reduced."""
    _warn_size(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if weight is None:
        dtype = D.promote_types(input.dtype, target.dtype)
        return MseLoss.apply(input.to(dtype), target.to(dtype), reduction)
    loss = (input - target) ** 2
    return _reduce(loss * weight, reduction)


# -- negative log likelihood and cross entropy ----------------------------------------------------
def _class_last(input):
    """(N, C, d1, ...) -> (N, d1, ..., C); (C,) stays."""
    return input.movedim(1, -1) if input.dim() > 1 else input


def _check_nll_target(input, target, n_classes, ignore_index):
    """torch's checks, in its order (``nll_loss_nd``, then the 1-D/2-D or the 2d kernel)."""
    if input.dim() < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.dim()})")
    batch = target.size(0) if target.dim() > 0 else 0
    if input.dim() != 1 and input.size(0) != batch:
        raise ValueError(
            f"Expected input batch_size ({input.size(0)}) to match target batch_size ({batch})."
        )
    if input.dim() <= 2:
        if target.dim() > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if input.dim() == 1 and target.dim() == 1 and target.size(0) != 1:
            raise ValueError(
                f"For 1D input, 1D target must have size 1, but got target size: {target.size(0)}"
            )
    else:
        spatial = list(input.shape[2:])
        if input.dim() != 4 and list(target.shape[1:]) != spatial:
            raise RuntimeError(
                f"Expected target size {[input.size(0), *spatial]}, got {list(target.shape)}"
            )
        if input.dim() == 4 and target.dim() != 3:
            raise RuntimeError(
                "only batches of spatial targets supported (3D tensors) but got targets of "
                f"dimension: {target.dim()}"
            )
        if input.dim() == 4 and list(target.shape[1:]) != spatial:
            raise RuntimeError(
                f"size mismatch (got input: {list(input.shape)} , target: {list(target.shape)}"
            )
    if target.dtype not in (D.int64, D.uint8):
        raise RuntimeError(
            f"expected target dtype to be Long or Byte, but got {_scalar_name(target.dtype)}"
        )
    if input.dim() > 2 and target.dtype is D.uint8:  # the 2d kernel reads int64 targets
        raise RuntimeError("expected scalar type Long but found Byte")
    t = target._data
    bad = ((t < 0) | (t >= n_classes)) & (t != ignore_index)
    if bad.any():
        raise IndexError(f"Target {int(t[bad].ravel()[0])} is out of bounds.")


def _scalar_name(dtype):
    from ._pointwise import _type_name

    return _type_name(dtype)


def _picked(logp_last, target, ignore_index, weight):
    """(-log p[target], per-element weight): zero weight where target == ignore_index."""
    keep = target != ignore_index
    safe = where(keep, target, 0).long()
    picked = logp_last.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    w = keep.to(logp_last.dtype)
    if weight is not None:
        w = weight[safe] * w
    return -picked * w, w


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):  # fmt: skip
    r"""The negative log likelihood loss on log-probabilities ``input`` (class dim 1)."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    n_classes = input.size(1) if input.dim() > 1 else input.size(0)
    _check_nll_target(input, target, n_classes, ignore_index)
    return NllLoss.apply(input, target, weight, ignore_index, reduction)


class NllLoss(Op):
    """``-input[n, target[n]]`` weighted and reduced: its own node (``NllLossBackward0``)."""

    @staticmethod
    def forward(ctx, input, target, weight, ignore_index, reduction):
        xp = ctx.xp
        logp = xp.moveaxis(input, 1, -1) if input.ndim > 1 else input
        keep = target != ignore_index
        safe = xp.where(keep, target, 0).astype(xp.int64)
        w = keep.astype(input.dtype)
        if weight is not None:
            w = w * weight[safe]
        picked = xp.take_along_axis(logp, safe[..., None], axis=-1)[..., 0]
        loss = -picked * w
        ctx.safe, ctx.w, ctx.reduction, ctx.shape = safe, w, reduction, input.shape
        if input.ndim > 2:  # PyTorch goes through nll_loss2d for spatial inputs
            ctx._name = "NllLoss2DBackward0"
        if reduction == "none":
            return loss
        if reduction == "sum":
            return loss.sum(dtype=loss.dtype)
        ctx.total = w.sum(dtype=w.dtype)
        with np.errstate(invalid="ignore", divide="ignore"):
            return loss.sum(dtype=loss.dtype) / ctx.total  # 0/0 = nan when all are ignored

    @staticmethod
    def backward(ctx, grad):
        from .._tensor import Tensor

        w = Tensor._make(ctx.w)
        if ctx.reduction == "mean":
            w = w / float(ctx.total)
        g = -(grad * w)
        # scatter the per-sample gradient into the picked class: zeros elsewhere
        shape = tuple(ctx.shape)
        last = shape[:1] + shape[2:] + shape[1:2] if len(shape) > 1 else shape
        out = g.new_zeros(last).scatter(-1, Tensor._make(ctx.safe[..., None]), g.unsqueeze(-1))
        if len(shape) > 1:
            out = out.movedim(-1, 1)
        return out, None, None, None, None


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):  # fmt: skip
    r"""Cross entropy between logits ``input`` (class dim 1) and class indices or probabilities.

    Computed as ``nll_loss(log_softmax(input))``: log-softmax subtracts the max, so large logits
    never overflow.
    """
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(
            f"label_smoothing must be between 0.0 and 1.0. Got: {float(label_smoothing)}"
        )
    class_dim = 0 if input.dim() == 1 else 1
    n_classes = input.size(class_dim)
    logp = log_softmax(input, class_dim)
    if input.shape == target.shape:  # torch decides by shape: probabilities, else indices
        return _cross_entropy_probs(logp, target, weight, reduction, label_smoothing, class_dim)
    nll = nll_loss(logp, target, weight, None, ignore_index, None, reduction)
    if label_smoothing == 0.0:
        return nll
    logp_last = _class_last(logp)
    smooth = -(logp_last * weight).sum(-1) if weight is not None else -logp_last.sum(-1)
    keep = target != ignore_index
    smooth = smooth.masked_fill(~keep, 0.0)
    if reduction == "mean":
        if weight is not None:
            denom = (weight[where(keep, target, 0).long()] * keep.to(weight.dtype)).sum()
        else:
            denom = keep.sum()
        smooth = smooth.sum() / denom
    elif reduction == "sum":
        smooth = smooth.sum()
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / n_classes)


def _cross_entropy_probs(logp, target, weight, reduction, label_smoothing, class_dim):
    if not target.dtype.is_floating_point:
        raise RuntimeError(
            "Expected floating point type for target with class probabilities, got "
            + _scalar_name(target.dtype)
        )
    n_classes = logp.size(class_dim)
    if label_smoothing > 0.0:
        target = target * (1 - label_smoothing) + (label_smoothing / n_classes)
    prod = logp * target
    if weight is not None:
        shape = [1] * logp.dim()
        shape[class_dim] = n_classes
        prod = prod * weight.view(shape)
    loss = -prod.sum(class_dim)
    if reduction == "mean":
        return loss.sum() / (logp.numel() / n_classes) if logp.numel() else loss.sum() * math.nan
    return _reduce(loss, reduction)


# -- binary cross entropy -------------------------------------------------------------------------
def _not_differentiable(fn, **tensors):
    for name, t in tensors.items():
        if t is not None and t.requires_grad:
            raise RuntimeError(
                f"The function '{fn}' is not differentiable with respect to argument '{name}'. "
                "This input cannot have requires_grad True."
            )


def _reduce_array(loss, reduction, xp=np):
    """``apply_loss_reduction``: torch's ``loss.sum()`` or ``loss.mean()`` (sum, then divide)."""
    if reduction == "none":
        return loss
    total = _float_sum(xp, loss, tuple(range(loss.ndim)), False)
    if total is None:
        total = loss.sum(dtype=loss.dtype)
    if reduction == "sum":
        return total
    with np.errstate(invalid="ignore"):  # the mean of nothing is nan, as in torch
        return total / total.dtype.type(loss.size)


def _scale_back(grad, g, weight, reduction, numel):
    """``g * grad`` weighted and divided by ``numel`` for 'mean', as torch's backward kernels."""
    g = g * grad
    if weight is not None:
        g = g * weight
    return g / numel if reduction == "mean" else g


class BinaryCrossEntropy(Op):
    """``(y - 1) max(log1p(-x), -100) - y max(log x, -100)``, weighted and reduced."""

    @staticmethod
    def forward(ctx, input, target, weight, reduction):
        xp = ctx.xp
        with np.errstate(divide="ignore", invalid="ignore"):
            # torch's scalar kernel calls the C library's log1pf and logf: NumPy's float32
            # log1p is libm's; its float32 log is its own SIMD code, so log goes through double
            # (rounded once, as logf rounds but for ~0.5% of inputs)
            log_1mx = xp.maximum(xp.log1p(-input), -100).astype(input.dtype)
            wide = input.astype(np.float64) if input.dtype == np.float32 else input
            log_x = xp.maximum(xp.log(wide), -100).astype(input.dtype)
        loss = (target - 1) * log_1mx - target * log_x
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(input, target, weight)
        ctx.reduction = reduction
        return _reduce_array(loss.astype(input.dtype, copy=False), reduction, ctx.xp)

    @staticmethod
    def backward(ctx, grad):
        input, target, weight = ctx.saved_tensors
        n = input.numel()
        # d/dx, with torch's EPSILON guard where x(1 - x) vanishes
        denom = ((1 - input) * input).clamp(min=1e-12)
        g_input = _scale_back(grad, (input - target) / denom, weight, ctx.reduction, n)
        g_target = None
        if ctx.needs_input_grad[1]:
            g_target = _scale_back(grad, -input.logit(), weight, ctx.reduction, n)
        return g_input, g_target, None, None


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):  # fmt: skip
    r"""BCE on probabilities: :math:`-w (y \log x + (1 - y) \log(1 - x))`, logs clamped at -100."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if target.size() != input.size():
        raise ValueError(
            f"Using a target size ({target.size()}) that is different to the input size "
            f"({input.size()}) is deprecated. Please ensure they have the same size."
        )
    _check_same_dtype(input, target)
    _not_differentiable("binary_cross_entropy", weight=weight)
    x = input._data
    if ((x < 0) | (x > 1)).any():
        raise RuntimeError("all elements of input should be between 0 and 1")
    if weight is not None:
        weight = weight.expand(input.shape)
    return BinaryCrossEntropy.apply(input, target, weight, reduction)


class BinaryCrossEntropyWithLogits(Op):
    """``(1 - y) x - (1 + (p - 1) y) log_sigmoid(x)``, weighted and reduced."""

    @staticmethod
    def forward(ctx, input, target, weight, pos_weight, reduction):
        from .._tensor import Tensor

        with no_grad():  # the value through log_sigmoid's stable kernel
            log_sig = log_sigmoid(Tensor._make(input))._data
        if pos_weight is not None:
            log_weight = (pos_weight - 1) * target + 1
            loss = (1 - target) * input - log_weight * log_sig
        else:
            loss = (1 - target) * input - log_sig
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(input, target, weight, pos_weight)
        ctx.reduction = reduction
        return _reduce_array(loss.astype(input.dtype, copy=False), reduction, ctx.xp)

    @staticmethod
    def backward(ctx, grad):
        input, target, weight, pos_weight = ctx.saved_tensors
        n, sig = input.numel(), input.sigmoid()
        if pos_weight is not None:
            t = pos_weight * target
            g = (t + 1 - target) * sig - t
        else:
            g = sig - target
        g_input = _scale_back(grad, g, weight, ctx.reduction, n)
        g_target = None
        if ctx.needs_input_grad[1]:
            if pos_weight is not None:
                g = log_sigmoid(-input) - log_sigmoid(input) * pos_weight
            else:
                g = -input
            g_target = _scale_back(grad, g, weight, ctx.reduction, n)
        return g_input, g_target, None, None, None


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):  # fmt: skip
    r"""BCE on logits, :math:`(1 - y) x - (1 + (p - 1) y) \log\sigma(x)`, through log_sigmoid so
    that no logit overflows."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if target.size() != input.size():
        raise ValueError(
            f"Target size ({target.size()}) must be the same as input size ({input.size()})"
        )
    fn = "binary_cross_entropy_with_logits"
    _not_differentiable(fn, weight=weight, pos_weight=pos_weight)
    shape = input.shape
    if weight is not None:
        weight = weight.expand(shape)
    if pos_weight is not None:
        pos_weight = pos_weight.expand(shape)
    return BinaryCrossEntropyWithLogits.apply(input, target, weight, pos_weight, reduction)


def _check_same_dtype(input, target):
    if input.dtype is not target.dtype:
        raise RuntimeError(
            f"Found dtype {_scalar_name(target.dtype)} but expected {_scalar_name(input.dtype)}"
        )


# -- regression losses ----------------------------------------------------------------------------
def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    r"""Squared term when :math:`|x - y| < \beta`, L1 term otherwise."""
    _warn_size(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    z = (input - target).abs()
    if beta == 0.0:
        return _reduce(z, reduction)
    return _reduce(where(z < beta, 0.5 * z * z / beta, z - 0.5 * beta), reduction)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    r"""Squared term when :math:`|x - y| < \delta`, :math:`\delta`-scaled L1 term otherwise."""
    _warn_size(input, target)
    _check_reduction(reduction)
    z = (input - target).abs()
    loss = where(z < delta, 0.5 * z * z, delta * (z - 0.5 * delta))
    return _reduce(loss * weight if weight is not None else loss, reduction)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    r"""KL divergence with ``input`` in log space: :math:`y (\log y - x)`."""
    reduction = _reduction(size_average, reduce, reduction)
    if reduction == "mean":
        warnings.warn(
            "reduction: 'mean' divides the total loss by both the batch size and the support "
            "size.'batchmean' divides only by the batch size, and aligns with the KL div math "
            "definition.'mean' will be changed to behave the same as 'batchmean' in the next "
            "major release.",
            stacklevel=2,
        )
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = target.xlogy(target) - target * input  # 0 where target is 0
    if reduction == "batchmean":
        return loss.sum() / input.size(0) if input.dim() != 0 else loss.sum()
    return _reduce(loss, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8,
                     reduce=None, reduction="mean"):  # fmt: skip
    r"""Poisson negative log likelihood: :math:`e^x - y x` (log input) or :math:`x - y\log(x+\epsilon)`."""  # noqa: E501
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    r"""Gaussian negative log likelihood: :math:`\frac12(\log v + (x - y)^2 / v)`."""
    if isinstance(var, (int, float)):
        var = input.new_full((), float(var))
    if var.size() != input.size():
        if input.size()[:-1] == var.size():
            var = var.unsqueeze(-1)
        elif not (input.size()[:-1] == var.size()[:-1] and var.size(-1) == 1):
            raise ValueError("var is of incorrect size")
    _check_reduction(reduction)
    if (var._data < 0).any():
        raise ValueError("var has negative entry/entries")
    var = var.clone()
    with no_grad():  # the clamp is not differentiated, as in torch
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


# -- margin and embedding losses ------------------------------------------------------------------
def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                          reduction="mean"):  # fmt: skip
    r""":math:`1 - \cos(x_1, x_2)` for y = 1, :math:`\max(0, \cos - \text{margin})` for y = -1."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    eps = 1e-12  # torch's EPSILON in the magnitudes
    dim = input1.dim() - 1
    prod = (input1 * input2).sum(dim)
    mag1 = (input1 * input1).sum(dim) + eps
    mag2 = (input2 * input2).sum(dim) + eps
    cos = prod / (mag1 * mag2).sqrt()
    zeros = cos.new_zeros(())
    pos = where(target == 1, 1 - cos, zeros)
    neg = where(target == -1, (cos - margin).clamp(min=0), zeros)
    return _reduce(pos + neg, reduction)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                        reduction="mean"):  # fmt: skip
    r""":math:`\max(0, -y (x_1 - x_2) + \text{margin})`."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(
            f"margin_ranking_loss : All input tensors should have same dimension but got sizes: "
            f"input1: {input1.size()}, input2: {input2.size()}, target: {target.size()} "
        )
    return _reduce((-target * (input1 - input2) + margin).clamp(min=0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None,
                         reduction="mean"):  # fmt: skip
    r""":math:`x` for y = 1, :math:`\max(0, \text{margin} - x)` for y = -1."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    zeros = input.new_zeros(())
    margin_part = where(target != 1, (margin - input).clamp(min=0), zeros)
    self_part = where(target != -1, input, zeros)
    return _reduce(margin_part + self_part, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    r""":math:`\log(1 + e^{-y x})`, via softplus (stable)."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    return _reduce(softplus(-target * input), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction="mean"):  # fmt: skip
    r"""Per-class logistic loss averaged over the classes."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    loss = -(target * log_sigmoid(input) + (1 - target) * log_sigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(dim=class_dim) / input.size(class_dim)
    return _reduce(loss, reduction)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None,
                      reduce=None, reduction="mean"):  # fmt: skip
    r"""Multi-class hinge: :math:`\sum_{j \ne y} \max(0, \text{margin} - x_y + x_j)^p / C`."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    x = input if input.dim() > 1 else input.unsqueeze(0)
    t = target.reshape(-1, 1).long()
    n_classes = x.size(-1)
    x_y = x.gather(1, t)
    z = (margin - x_y + x).clamp(min=0)
    if p == 2:
        z = z * z
    if weight is not None:
        z = z * weight[t]
    not_target = x.new_ones(x.shape).scatter(1, t, 0.0)
    loss = (z * not_target).sum(1) / n_classes
    if input.dim() <= 1:
        loss = loss.reshape(target.shape)
    return _reduce(loss, reduction)


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    r"""Multi-label hinge: targets are class indices, ended by the first -1."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    x = input if input.dim() > 1 else input.unsqueeze(0)
    t = target if target.dim() > 1 else target.unsqueeze(0)
    n_classes = x.size(-1)
    valid = (t != -1).long().cumprod(1).bool()  # the targets before the first -1
    safe = where(valid, t, 0).long()
    classes = safe.new_tensor(list(range(n_classes)))
    is_target = ((safe.unsqueeze(-1) == classes) & valid.unsqueeze(-1)).any(1)  # (N, C)
    x_y = x.gather(1, safe)  # (N, J)
    margins = (1 - x_y.unsqueeze(-1) + x.unsqueeze(1)).clamp(min=0)  # (N, J, C)
    mask = valid.unsqueeze(-1) & ~is_target.unsqueeze(1)
    loss = (margins * mask.to(x.dtype)).sum((1, 2)) / n_classes
    if input.dim() <= 1:
        loss = loss.squeeze(0)
    return _reduce(loss, reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
                        size_average=None, reduce=None, reduction="mean"):  # fmt: skip
    r""":math:`\max(d(a, p) - d(a, n) + \text{margin}, 0)` with the p-norm distance."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    d_ap = _pairwise(anchor, positive, p, eps)
    d_an = _pairwise(anchor, negative, p, eps)
    if swap:
        d_an = d_an.minimum(_pairwise(positive, negative, p, eps))
    return _reduce((margin + d_ap - d_an).clamp(min=0), reduction)


def _pairwise(x1, x2, p, eps):
    return (x1 - x2 + eps).norm(p, dim=-1)


# -- connectionist temporal classification --------------------------------------------------------
_NEG_INF = -np.inf


def _lse(*arrays):
    """Element-wise log(sum(exp(.))) of a few arrays, -inf where all are -inf."""
    m = np.maximum.reduce(arrays)
    safe = np.where(np.isfinite(m), m, 0)
    with np.errstate(divide="ignore"):
        return safe + np.log(sum(np.exp(a - safe) for a in arrays))


def _shift(a, k):
    """``a`` shifted right by ``k`` along the last axis, filled with -inf."""
    out = np.full_like(a, _NEG_INF)
    out[..., k:] = a[..., :-k]
    return out


def _unshift(a, k):
    out = np.full_like(a, _NEG_INF)
    out[..., :-k] = a[..., k:]
    return out


class CtcLoss(Op):
    """CTC negative log likelihood per batch item: the alpha recursion over time steps (vectorised
    over batch and label positions), the gradient from alpha and beta, as torch's kernel."""

    @staticmethod
    def forward(ctx, log_probs, ext, can_skip, input_lengths, target_lengths, zero_infinity):
        lp = log_probs.astype(np.float64)  # (T, N, C)
        t_max, n = lp.shape[:2]
        emit = np.take_along_axis(lp, np.broadcast_to(ext[None], (t_max,) + ext.shape), 2)
        pos = np.arange(ext.shape[1])
        valid = pos[None, :] < 2 * target_lengths[:, None] + 1  # (N, L)
        alpha = np.full((t_max,) + ext.shape, _NEG_INF)
        alpha[0, :, :2] = np.where(valid[:, :2], emit[0, :, :2], _NEG_INF)
        skip_ok = np.where(can_skip, 0.0, _NEG_INF)
        for t in range(1, t_max):
            prev = alpha[t - 1]
            step = _lse(prev, _shift(prev, 1), _shift(prev, 2) + skip_ok)
            alpha[t] = np.where(valid, step + emit[t], _NEG_INF)
        last = alpha[input_lengths - 1, np.arange(n)]  # (N, L)
        end = 2 * target_lengths
        ends = np.stack(
            [
                np.take_along_axis(last, end[:, None], 1)[:, 0],
                np.take_along_axis(last, np.maximum(end - 1, 0)[:, None], 1)[:, 0],
            ]
        )
        ends[1] = np.where(target_lengths > 0, ends[1], _NEG_INF)
        nll = -_lse(ends[0], ends[1])
        ctx.save_for_backward(log_probs)
        ctx.cache = (alpha, emit, ext, valid, skip_ok, input_lengths, end, nll, zero_infinity)
        out = np.where(zero_infinity & np.isinf(nll), 0.0, nll) if zero_infinity else nll
        return out.astype(log_probs.dtype)

    @staticmethod
    def backward(ctx, grad):
        (log_probs,) = ctx.saved_tensors
        lp = log_probs._data.astype(np.float64)
        g = log_probs.new_tensor(_ctc_grad(lp, *ctx.cache).astype(log_probs._data.dtype))
        return g * grad.reshape(1, -1, 1), None, None, None, None, None


def _ctc_grad(lp, alpha, emit, ext, valid, skip_ok, input_lengths, end, nll, zero_infinity):
    t_max, n, c = lp.shape
    beta = np.full_like(alpha, _NEG_INF)
    pos = np.arange(ext.shape[1])
    at_end = pos[None, :] == end[:, None]
    is_end = at_end | ((pos[None, :] == end[:, None] - 1) & (end[:, None] > 0))
    skip_next = _unshift(skip_ok, 2)  # a skip from s to s + 2 is allowed when s + 2 may skip
    for t in range(t_max - 1, -1, -1):
        start = (input_lengths - 1 == t)[:, None]
        if t + 1 < t_max:
            nxt = beta[t + 1]
            step = _lse(nxt, _unshift(nxt, 1), _unshift(nxt, 2) + skip_next) + emit[t]
        else:
            step = np.full_like(emit[t], _NEG_INF)
        init = np.where(is_end, emit[t], _NEG_INF)
        beta[t] = np.where(start, init, np.where(t < input_lengths[:, None] - 1, step, _NEG_INF))
        beta[t] = np.where(valid, beta[t], _NEG_INF)
    # log(sum over positions s with label c of alpha * beta), scattered onto the classes
    ab = alpha + beta  # (T, N, L)
    m = np.max(ab, axis=2, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    onehot = (ext[:, :, None] == np.arange(c)).astype(np.float64)  # (N, L, C)
    acc = np.einsum("tns,nsc->tnc", np.exp(ab - m), onehot)
    with np.errstate(divide="ignore"):
        lcab = np.log(acc) + m
    # torch's kernel: exp(lp) - exp(lcab + nll - lp), the gradient through a log_softmax input
    with np.errstate(invalid="ignore"):  # -inf + inf where an item is impossible (nll = inf)
        gradient = np.exp(lp) - np.exp(lcab + nll[None, :, None] - lp)
    live = np.arange(t_max)[:, None] < input_lengths[None, :]
    gradient = np.where(live[..., None], gradient, 0.0)
    if zero_infinity:
        gradient = np.where(np.isinf(nll)[None, :, None], 0.0, gradient)
    return gradient


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean",
             zero_infinity=False):  # fmt: skip
    r"""The Connectionist Temporal Classification loss of ``log_probs`` ``(T, N, C)``."""
    _check_reduction(reduction)
    unbatched = log_probs.dim() == 2
    if unbatched:
        log_probs = log_probs.unsqueeze(1)
        targets = targets.unsqueeze(0) if targets.dim() == 1 else targets
    il = np.atleast_1d(np.asarray(_values(input_lengths), dtype=np.int64))
    tl = np.atleast_1d(np.asarray(_values(target_lengths), dtype=np.int64))
    tg = np.asarray(targets._data, dtype=np.int64)
    n = log_probs.size(1)
    if tg.ndim == 1:  # concatenated targets: split by the lengths into a padded (N, S)
        starts = np.concatenate([[0], np.cumsum(tl)[:-1]])
        width = max(int(tl.max()) if tl.size else 0, 1)
        take = starts[:, None] + np.arange(width)[None, :]
        picked = tg[np.minimum(take, tg.size - 1)] if tg.size else 0
        tg = np.where(np.arange(width)[None, :] < tl[:, None], picked, blank)
    s = tg.shape[1] if tg.ndim == 2 else 0
    ext = np.full((n, 2 * s + 1), blank, dtype=np.int64)
    ext[:, 1::2] = tg[:, :s]
    can_skip = np.zeros(ext.shape, dtype=bool)
    can_skip[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
    loss = CtcLoss.apply(log_probs, ext, can_skip, il, tl, zero_infinity)
    if reduction == "mean":
        return (loss / log_probs.new_tensor(np.maximum(tl, 1))).mean()
    if reduction == "sum":
        return loss.sum()
    return loss.squeeze(0) if unbatched else loss


def _values(x):
    from .._tensor import Tensor

    return x._data if isinstance(x, Tensor) else x


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
                                      margin=1.0, swap=False, reduction="mean"):  # fmt: skip
    r"""Triplet loss with a custom ``distance_function`` (the pairwise 2-norm by default)."""
    _check_reduction(reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    dims = (anchor.dim(), positive.dim(), negative.dim())
    if len(set(dims)) != 1:
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number of "
            f"dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative "
            f"{dims[2]}D inputs"
        )
    dist = distance_function or (lambda x1, x2: _pairwise(x1, x2, 2, 1e-6))
    d_ap, d_an = dist(anchor, positive), dist(anchor, negative)
    if swap:
        d_an = d_an.minimum(dist(positive, negative))
    return _reduce((margin + d_ap - d_an).clamp(min=0), reduction)
