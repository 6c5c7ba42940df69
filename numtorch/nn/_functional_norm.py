"""Functional normalization, dropout, embedding, distances and attention (torch.nn.functional)."""

from __future__ import annotations

import math
import warnings

import numpy as np

from .. import _backend
from .. import random as _random
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from ..autograd.node import Op
from ..ops import _index_utils as U
from ..ops.joining import cat
from ..ops.normalization import Normalize
from ._functional_conv import avg_pool2d, avg_pool3d, pad

__all__ = [
    "batch_norm", "layer_norm", "group_norm", "instance_norm", "local_response_norm",
    "dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout",
    "embedding", "embedding_bag", "one_hot", "normalize", "cosine_similarity", "pairwise_distance",
    "scaled_dot_product_attention",
]  # fmt: skip


# --- normalization ------------------------------------------------------------------------------
def _channel_view(t, ndim):
    """A per-channel parameter shaped (1, C, 1, ...) to broadcast over an ndim input."""
    return None if t is None else t.reshape(1, -1, *([1] * (ndim - 2)))


def _update_running(running_mean, running_var, mean, var, count, momentum):
    """PyTorch's update: r = (1 - m) * r + m * stat, in double, unbiased variance."""
    with no_grad():
        if running_mean is not None:
            new = momentum * mean.astype(np.float64).reshape(-1) + (1 - momentum) * (
                running_mean._data.astype(np.float64)
            )
            running_mean._data[...] = new.astype(running_mean._data.dtype)
            running_mean._version_counter.value += 1
        if running_var is not None:
            unbiased = var.astype(np.float64).reshape(-1) * (count / max(count - 1, 1))
            new = momentum * unbiased + (1 - momentum) * running_var._data.astype(np.float64)
            running_var._data[...] = new.astype(running_var._data.dtype)
            running_var._version_counter.value += 1


_BN = "NativeBatchNormBackward0"


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):  # fmt: skip
    """Applies Batch Normalization for each channel across a batch of data."""
    if training:
        count = input.numel() // input.shape[1]
        if count == 1:
            raise ValueError(
                f"Expected more than 1 value per channel when training, got input size "
                f"{input.shape}"
            )
    elif running_mean is None or running_var is None:
        raise RuntimeError("running_mean and running_var must be defined in evaluation mode")
    nd = input.dim()
    axes = (0, *range(2, nd))
    w, b = _channel_view(weight, nd), _channel_view(bias, nd)
    if not training:
        shape = (1, -1, *([1] * (nd - 2)))
        mean = running_mean._data.reshape(shape)
        invstd = (1.0 / np.sqrt(running_var._data.astype(np.float64) + eps)).astype(
            running_var._data.dtype
        )
        return Normalize.apply(input, w, b, axes, eps, mean, invstd.reshape(shape), name=_BN)
    stats = []
    out = Normalize.apply(input, w, b, axes, eps, None, None, stats, name=_BN)
    _update_running(running_mean, running_var, *stats, count, momentum)
    return out


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Applies Layer Normalization over the last ``len(normalized_shape)`` dimensions."""
    if not isinstance(normalized_shape, (tuple, list)) and not hasattr(normalized_shape, "shape"):
        raise TypeError(
            "layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not "
            f"{type(normalized_shape).__name__}"
        )
    shape = tuple(normalized_shape)
    k = len(shape)
    if tuple(input.shape[input.dim() - k :]) != shape or input.dim() < k:
        raise RuntimeError(
            f"Given normalized_shape={list(shape)}, expected input with shape [*, "
            f"{', '.join(str(s) for s in shape)}], but got input of size{list(input.shape)}"
        )
    axes = tuple(range(input.dim() - k, input.dim()))
    return Normalize.apply(input, weight, bias, axes, eps, name="NativeLayerNormBackward0")


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Applies Group Normalization over channel groups."""
    n, c = input.shape[0], input.shape[1]
    if c % num_groups != 0:
        raise RuntimeError(
            f"Expected number of channels in input to be divisible by num_groups, but got input "
            f"of shape {list(input.shape)} and num_groups={num_groups}"
        )
    spatial = tuple(input.shape[2:])
    x = input.reshape(n, num_groups, c // num_groups, *spatial)
    pshape = (1, num_groups, c // num_groups, *([1] * len(spatial)))
    w = None if weight is None else weight.reshape(pshape)
    b = None if bias is None else bias.reshape(pshape)
    axes = tuple(range(2, x.dim()))
    out = Normalize.apply(x, w, b, axes, eps, name="NativeGroupNormBackward0")
    return out.reshape(input.shape)


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-5):  # fmt: skip
    """Applies Instance Normalization independently for each channel of each sample."""
    nd = input.dim()
    axes = tuple(range(2, nd))
    w, b = _channel_view(weight, nd), _channel_view(bias, nd)
    if not use_input_stats:
        shape = (1, -1, *([1] * (nd - 2)))
        invstd = 1.0 / np.sqrt(running_var._data.astype(np.float64) + eps)
        return Normalize.apply(
            input, w, b, axes, eps, running_mean._data.reshape(shape),
            invstd.astype(running_var._data.dtype).reshape(shape),
        )  # fmt: skip
    count = math.prod(input.shape[2:])
    if count == 1:
        raise ValueError(
            f"Expected more than 1 spatial element when training, got input size {input.shape}"
        )
    stats = []
    out = Normalize.apply(input, w, b, axes, eps, None, None, stats)
    if running_mean is not None or running_var is not None:
        # per-instance statistics, averaged over the batch (PyTorch updates N copies, then means)
        mean, var = (s.reshape(input.shape[0], -1).mean(axis=0) for s in stats)
        var_unbiased = stats[1].reshape(input.shape[0], -1) * (count / max(count - 1, 1))
        _update_running(running_mean, None, mean, var, count, momentum)
        if running_var is not None:
            with no_grad():
                new = momentum * var_unbiased.astype(np.float64).mean(axis=0) + (
                    1 - momentum
                ) * running_var._data.astype(np.float64)
                running_var._data[...] = new.astype(running_var._data.dtype)
    return out


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """Applies local response normalization over channels (PyTorch's composite formula)."""
    dim = input.dim()
    if dim < 3:
        raise ValueError(f"Expected 3D or higher dimensionality input (got {dim} dimensions)")
    if input.numel() == 0:
        return input
    div = input.mul(input)
    if dim == 3:
        div = div.unsqueeze(1)
        div = pad(div, (0, 0, size // 2, (size - 1) // 2))
        div = avg_pool2d(div, (size, 1), stride=1).squeeze(1)
    else:
        sizes = input.shape
        div = div.reshape(sizes[0], 1, sizes[1], sizes[2], -1)
        div = pad(div, (0, 0, 0, 0, size // 2, (size - 1) // 2))
        div = avg_pool3d(div, (size, 1, 1), stride=1).squeeze(1)
        div = div.reshape(sizes)
    div = div.mul(alpha).add(k).pow(beta)
    return input / div


# --- dropout ------------------------------------------------------------------------------------
def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _noise(input, p, feature):
    """Bernoulli(1 - p) keep-mask drawn as torch draws it (per element, or per channel)."""
    shape = tuple(input.shape)
    if feature:
        shape = shape[:2] + (1,) * (len(shape) - 2)
    mask = _random.default_generator.bernoulli(1 - p, shape, input._data.dtype)
    return _backend.to_device(mask, input.device.type, input.device.index)  # drawn on the CPU


def _dropout(input, p, training, inplace, feature=False, alpha=False):
    _check_p(p)
    if p == 0 or not training or input.numel() == 0:
        return input
    dt = input._data.dtype
    if p == 1:
        zero = Tensor._make(np.zeros((), dtype=dt))
        return input.mul_(zero) if inplace else input * zero
    noise = _noise(input, p, feature)
    if alpha:
        a_ = 1.7580993408473766
        a = 1.0 / math.sqrt((a_ * a_ * p + 1) * (1 - p))
        b = Tensor._make(((noise - 1) * dt.type(a_ * a) + dt.type(a_ * a * p)).astype(dt))
        noise = Tensor._make((noise * dt.type(a)).astype(dt))
        return input.mul_(noise).add_(b) if inplace else input * noise + b
    noise = Tensor._make((noise / dt.type(1 - p)).astype(dt))  # noise.div_(1 - p), as in torch
    return input.mul_(noise) if inplace else input * noise


def dropout(input, p=0.5, training=True, inplace=False):
    """Randomly zeroes elements with probability ``p`` and scales the rest by 1/(1-p)."""
    return _dropout(input, p, training, inplace)


def _unbatched_feature_dropout(input, p, training, inplace, batched):
    """Channel dropout, adding (and removing) the batch dim of an unbatched input as torch."""
    if not batched:
        input = input.unsqueeze_(0) if inplace else input.unsqueeze(0)
    result = _dropout(input, p, training, inplace, feature=True)
    if not batched:
        result = result.squeeze_(0) if inplace else result.squeeze(0)
    return result


def _deprecated_dim_warning(name, dim, nd):
    warnings.warn(
        f"{name}: Received a {dim}-D input to {name}, which is deprecated and will result in an "
        "error in a future release. To retain the behavior and silence this warning, please use "
        f"dropout instead. Note that {name} exists to provide channel-wise dropout on inputs "
        f"with {nd} spatial dimensions, a channel dimension, and an optional batch dimension "
        f"(i.e. {nd + 1}D or {nd + 2}D inputs).",
        stacklevel=3,
    )


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Randomly zeroes whole channels of a (N, C, L) or (C, L) input."""
    _check_p(p)
    dim = input.dim()
    if dim not in (2, 3):
        raise RuntimeError(
            f"dropout1d: Expected 2D or 3D input, but received a {dim}D input. Note that "
            "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial "
            "dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D "
            "inputs)."
        )
    return _unbatched_feature_dropout(input, p, training, inplace, dim == 3)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Randomly zeroes whole channels of a (N, C, H, W) input (a 3D input is read as (N, C, L))."""
    _check_p(p)
    dim = input.dim()
    if dim not in (3, 4):
        _deprecated_dim_warning("dropout2d", dim, 2)
    if dim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D "
            "dropout behavior is desired - input is interpreted as shape (N, C, L), where C is "
            "the channel dim. This behavior will change in a future release to interpret the "
            "input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D "
            "channel-wise dropout behavior, please switch to using dropout1d instead.",
            stacklevel=2,
        )
    return _dropout(input, p, training, inplace, feature=True)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Randomly zeroes whole channels of a (N, C, D, H, W) or (C, D, H, W) input."""
    _check_p(p)
    dim = input.dim()
    if dim not in (4, 5):
        _deprecated_dim_warning("dropout3d", dim, 3)
    return _unbatched_feature_dropout(input, p, training, inplace, dim == 5)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout that keeps the self-normalizing property (mean and variance) for SELU."""
    return _dropout(input, p, training, inplace, alpha=True)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Alpha dropout of whole channels."""
    return _dropout(input, p, training, inplace, feature=True, alpha=True)


# --- embedding ----------------------------------------------------------------------------------
class Embedding(Op):
    """Rows of ``weight`` picked by integer ``indices``; the gradient sums back into rows."""

    @staticmethod
    def forward(ctx, weight, indices, padding_idx, scale_grad_by_freq):
        ctx.args = (indices, weight.shape[0], padding_idx, scale_grad_by_freq)
        return ctx.xp.take(weight, indices, axis=0)

    @staticmethod
    def backward(ctx, grad):
        U.check_index_guards(ctx)
        return EmbeddingDense.apply(grad, *ctx.args), None


class EmbeddingDense(Op):
    """The weight gradient of an embedding: ``grad`` rows summed per index (np.add.at)."""

    node_name = "EmbeddingBackwardBackward0"

    @staticmethod
    def forward(ctx, grad, indices, num_weights, padding_idx, scale_grad_by_freq):
        ctx.args = (indices, padding_idx, scale_grad_by_freq)
        flat = indices.reshape(-1)
        rows = grad.reshape(flat.shape[0], -1)
        if scale_grad_by_freq:  # each row's gradient divided by how often its index occurs
            counts = np.bincount(flat, minlength=num_weights)
            rows = rows / counts[flat][:, None].astype(rows.dtype)
        out = ctx.xp.zeros((num_weights, rows.shape[1]), dtype=grad.dtype)
        _backend.add_at(out, flat, rows)
        if padding_idx is not None:
            out[padding_idx] = 0  # the padding row never learns
        return out

    @staticmethod
    def backward(ctx, gg):
        indices, padding_idx, scale = ctx.args
        out = Embedding.apply(gg, indices, None, False)
        if padding_idx is not None or scale:
            keep = (indices != padding_idx) if padding_idx is not None else np.ones(indices.shape)
            factor = keep.astype(gg._data.dtype)
            if scale:
                counts = np.bincount(indices.reshape(-1))
                factor = factor / counts[indices]
            out = out * Tensor._make(factor[..., None].astype(gg._data.dtype))
        return out


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):  # fmt: skip
    """Looks up rows of ``weight`` (num_embeddings, embedding_dim) by integer ``input``."""
    if input.dtype.is_floating_point or input.dtype.is_complex:
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar "
            f"types: Long, Int; but got {input.type()} instead (while checking arguments for "
            "embedding)"
        )
    num = weight.shape[0]
    if padding_idx is not None:
        if padding_idx > 0:
            assert padding_idx < num, "Padding_idx must be within num_embeddings"
        elif padding_idx < 0:
            assert padding_idx >= -num, "Padding_idx must be within num_embeddings"
            padding_idx = num + padding_idx
    idx = input._data.astype(np.int64, copy=False)
    if idx.size and (idx.min() < 0 or idx.max() >= num):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        _renorm_rows(weight, idx, max_norm, norm_type)
    return U.guard_index(Embedding.apply(weight, idx, padding_idx, scale_grad_by_freq), input)


def _renorm_rows(weight, idx, max_norm, norm_type):
    """embedding_renorm_: rows used whose norm exceeds max_norm are scaled down in place."""
    rows = np.unique(idx)
    data = weight._data
    norms = np.linalg.norm(data[rows].astype(np.float64), ord=norm_type, axis=1)
    big = norms > max_norm
    scale = (max_norm / (norms[big] + 1e-7)).astype(data.dtype)
    data[rows[big]] *= scale[:, None]
    weight._version_counter.value += 1


def _bag_offsets(input, offsets, per_sample_weights, include_last_offset):
    """Flat indices, bag starts and flat per-sample weights, as F.embedding_bag reads them."""
    if per_sample_weights is not None and tuple(input.shape) != tuple(per_sample_weights.shape):
        raise ValueError(
            f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is not None, "
            f"then it must have the same shape as the input ({input.shape})"
        )
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError(
                "if input is 2D, then offsets has to be None, as input is treated is a "
                "mini-batch of fixed length sequences. However, found offsets of type "
                f"{type(offsets)}"
            )
        starts = np.arange(0, input.numel(), input.shape[1])
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
        return input._data.reshape(-1), starts, per_sample_weights
    if input.dim() != 1:
        raise ValueError(
            f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.dim()}"
        )
    if offsets is None:
        raise ValueError("offsets has to be a 1D Tensor but got None")
    if offsets.dim() != 1:
        raise ValueError("offsets has to be a 1D Tensor")
    starts = offsets._data.astype(np.int64)
    if include_last_offset:  # the last offset only closes the last bag
        starts = starts[:-1]
    return input._data, starts, per_sample_weights


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False,
                  mode="mean", sparse=False, per_sample_weights=None, include_last_offset=False,
                  padding_idx=None):  # fmt: skip
    """Sums, means or maxes the embeddings of each bag of indices, without the (B, N, D) array."""
    if weight.dim() != 2:
        raise ValueError(
            f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}"
        )
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only "
            f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
            "GitHub."
        )
    idx, starts, psw = _bag_offsets(input, offsets, per_sample_weights, include_last_offset)
    num, n = weight.shape[0], idx.shape[0]
    if padding_idx is not None and padding_idx < 0:
        padding_idx += num
    bag = np.searchsorted(starts, np.arange(n), side="right") - 1  # each index's bag
    keep = (bag >= 0) & ((idx != padding_idx) if padding_idx is not None else True)
    if max_norm is not None:
        _renorm_rows(weight, idx, max_norm, norm_type)
    rows = embedding(Tensor._make(idx[keep]), weight, scale_grad_by_freq=scale_grad_by_freq)
    if psw is not None:
        rows = rows * psw[Tensor._make(np.nonzero(keep)[0])].unsqueeze(-1)
    bags, nb = bag[keep], starts.shape[0]
    counts = np.bincount(bags, minlength=nb)
    if mode == "max":
        # bags padded to the longest with a -inf row, then one max over the bag axis
        order = np.argsort(bags, kind="stable")
        pos = np.arange(bags.shape[0]) - np.repeat(np.cumsum(counts) - counts, counts)
        table = np.full((nb, max(int(counts.max(initial=0)), 1)), bags.shape[0], dtype=np.int64)
        table[bags[order], pos] = order
        fill = Tensor._make(np.full((1, weight.shape[1]), -np.inf, dtype=weight._data.dtype))
        padded = cat([rows, fill])[Tensor._make(table)]
        out = padded.amax(1)
        empty_bag = Tensor._make((counts == 0)[:, None])
        return out.masked_fill(empty_bag, 0.0)
    # sum and mean: one (bags x rows) matrix product
    seg = (bags[None, :] == np.arange(nb)[:, None]).astype(weight._data.dtype)
    if mode == "mean":
        seg /= np.maximum(counts, 1)[:, None].astype(seg.dtype)
    return Tensor._make(seg) @ rows


def one_hot(tensor, num_classes=-1):
    """(*) int64 class indices -> (*, num_classes) int64 one-hot rows."""
    if tensor.dtype.is_floating_point or tensor.dtype.is_complex or tensor.dtype.itemsize != 8:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    idx = tensor._data
    if idx.size and idx.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        if idx.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(idx.max()) + 1
    elif idx.size and idx.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = (idx[..., None] == _backend.array_module(idx).arange(num_classes)).astype(np.int64)
    return Tensor._make(out)


# --- distances ----------------------------------------------------------------------------------
def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """Divides ``input`` by its ``p``-norm along ``dim`` (at least ``eps``)."""
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """Cosine of the angle between x1 and x2 along ``dim``, each norm clamped to ``eps``."""
    n1 = x1.norm(2, dim, keepdim=True).clamp_min(eps)
    n2 = x2.norm(2, dim, keepdim=True).clamp_min(eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The ``p``-norm of ``x1 - x2 + eps`` along the last dim."""
    dim = max(x1.dim(), x2.dim()) - 1
    return (x1 - x2 + eps).norm(p, dim, keepdim=keepdim)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
                                 is_causal=False, scale=None, enable_gqa=False):  # fmt: skip
    """softmax(Q K^T * scale + mask) V, with an optional causal mask and dropout."""
    from ..ops import reduction  # noqa: F401  (softmax lives with the reductions)

    lq, lk = query.shape[-2], key.shape[-2]
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    if enable_gqa and query.dim() >= 3 and key.shape[-3] != query.shape[-3]:
        rep = query.shape[-3] // key.shape[-3]
        key = key.repeat_interleave(rep, -3)
        value = value.repeat_interleave(rep, -3)
    scores = query @ key.transpose(-2, -1) * scale
    if is_causal:
        causal = np.tril(np.ones((lq, lk), dtype=bool))
        scores = scores.masked_fill(Tensor._make(~causal), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype.itemsize == 1 and not attn_mask.dtype.is_floating_point:
            scores = scores.masked_fill(attn_mask.logical_not(), float("-inf"))
        else:
            scores = scores + attn_mask
    weights = scores.softmax(-1)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p, True)
    return weights @ value
