"""``torch.nn.init``: in-place initialisations drawing from the global generator as torch does."""

from __future__ import annotations

import math
import warnings

import numpy as np

from .. import _backend
from ..autograd.grad_mode import no_grad
from ..ops.creation import empty_like
from ..ops.indexing import where

__all__ = [
    "calculate_gain", "uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_",
    "eye_", "dirac_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_",
    "orthogonal_", "sparse_", "uniform", "normal", "constant", "eye", "dirac", "xavier_uniform",
    "xavier_normal", "kaiming_uniform", "kaiming_normal", "orthogonal", "sparse",
]  # fmt: skip

_LINEAR_FNS = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
               "conv_transpose3d")  # fmt: skip


def calculate_gain(nonlinearity, param=None):
    r"""The recommended gain value for the given nonlinearity function."""
    if nonlinearity in _LINEAR_FNS or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif (not isinstance(param, bool) and isinstance(param, int)) or isinstance(param, float):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + negative_slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4  # found empirically (pytorch/pytorch#50664)
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def uniform_(tensor, a: float = 0.0, b: float = 1.0, generator=None):
    r"""Fills ``tensor`` with values drawn from :math:`\mathcal{U}(a, b)`."""
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor, mean: float = 0.0, std: float = 1.0, generator=None):
    r"""Fills ``tensor`` with values drawn from :math:`\mathcal{N}(\text{mean}, \text{std}^2)`."""
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    r"""Fills ``tensor`` from a normal distribution truncated to ``[a, b]`` (torch's sampler)."""

    def norm_cdf(x):
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
            "The distribution of values may be incorrect.",
            stacklevel=2,
        )
    with no_grad():
        p = norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std)
        if p > 0.3:
            _trunc_by_redraw(tensor, mean, std, a, b, generator)
        else:
            _trunc_by_rejection(tensor, mean, std, a, b, generator)
    return tensor


def _trunc_by_redraw(tensor, mean, std, a, b, generator):
    # most of the mass is inside [a, b]: redraw the outliers until none is left
    lo, hi = tensor.new_tensor(a).item(), tensor.new_tensor(b).item()
    result = tensor.normal_(mean, std, generator=generator)
    while True:
        mask = (result < lo) | (result > hi)
        if not mask.any():
            break
        result = where(mask, empty_like(result).normal_(mean, std, generator=generator), result)
    if tensor is not result:
        tensor.copy_(result)


def _log_accept(candidates, mean, std, log_peak):
    return candidates.sub(mean).div(std).pow(2).mul(-0.5).sub(log_peak)


def _trunc_by_rejection(tensor, mean, std, a, b, generator):
    # a narrow window: uniform proposals on [a, b] accepted with the normal's density ratio
    log_peak = -0.5 * ((max(a, min(mean, b)) - mean) / std) ** 2
    accept_buf = empty_like(tensor)
    tensor.uniform_(a, b, generator=generator)
    candidates = _log_accept(tensor, mean, std, log_peak)
    pending = accept_buf.uniform_(generator=generator).log().gt(candidates)
    if not pending.any():
        return
    result = tensor
    proposal = empty_like(tensor)
    while True:
        proposal.uniform_(a, b, generator=generator)
        result = where(pending, proposal, result)
        candidates = _log_accept(proposal, mean, std, log_peak)
        accepted = accept_buf.uniform_(generator=generator).log().gt(candidates)
        pending = where(pending, accepted, pending)
        if not pending.any():
            break
    tensor.copy_(result)


def constant_(tensor, val: float):
    r"""Fills ``tensor`` with the value ``val``."""
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor):
    r"""Fills ``tensor`` with the scalar value `1`."""
    with no_grad():
        return tensor.fill_(1.0)


def zeros_(tensor):
    r"""Fills ``tensor`` with the scalar value `0`."""
    with no_grad():
        return tensor.zero_()


def _write(tensor, array):
    """Copies a backend array into ``tensor`` in place, unrecorded by autograd."""
    with no_grad():
        tensor.copy_(tensor.new_tensor(array))
    return tensor


def eye_(tensor):
    r"""Fills the 2-dimensional ``tensor`` with the identity matrix."""
    if tensor.ndimension() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _write(tensor, np.eye(*tensor.shape))


def dirac_(tensor, groups: int = 1):
    r"""Fills the {3, 4, 5}-dimensional ``tensor`` with the Dirac delta (identity convolution)."""
    dimensions = tensor.ndimension()
    if dimensions not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    sizes = tensor.size()
    if sizes[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    out_per_group = sizes[0] // groups
    min_dim = min(out_per_group, sizes[1])
    out = np.zeros(tuple(sizes))
    d = np.arange(min_dim)
    rows = (np.arange(groups)[:, None] * out_per_group + d).ravel()
    centre = tuple(s // 2 for s in sizes[2:])
    out[(rows, np.tile(d, groups)) + centre] = 1
    return _write(tensor, out)


def _calculate_fan_in_and_fan_out(tensor):
    dimensions = tensor.dim()
    if dimensions < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"
        )
    receptive_field_size = math.prod(tensor.shape[2:])
    return tensor.size(1) * receptive_field_size, tensor.size(0) * receptive_field_size


def _calculate_correct_fan(tensor, mode):
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError(f"Mode {mode} not supported, please use one of {valid_modes}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def xavier_uniform_(tensor, gain: float = 1.0, generator=None):
    r"""Glorot uniform: :math:`\mathcal{U}(-a, a)`, :math:`a = \text{gain}\sqrt{6/(\text{fan\_in}+\text{fan\_out})}`."""  # noqa: E501
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor, gain: float = 1.0, generator=None):
    r"""Glorot normal: :math:`\mathcal{N}(0, \text{gain}^2 \cdot 2/(\text{fan\_in}+\text{fan\_out}))`."""  # noqa: E501
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def _kaiming_std(tensor, a, mode, nonlinearity):
    fan = _calculate_correct_fan(tensor, mode)
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    r"""He uniform: :math:`\mathcal{U}(-b, b)`, :math:`b = \text{gain}\sqrt{3/\text{fan\_mode}}`."""
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    bound = math.sqrt(3.0) * _kaiming_std(tensor, a, mode, nonlinearity)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    r"""He normal: :math:`\mathcal{N}(0, \text{gain}^2/\text{fan\_mode})`."""
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    return normal_(tensor, 0, _kaiming_std(tensor, a, mode, nonlinearity), generator)


def orthogonal_(tensor, gain: float = 1, generator=None):
    r"""Fills ``tensor`` with a (semi) orthogonal matrix, from the QR of a normal draw."""
    if tensor.ndimension() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.size(0)
    cols = tensor.numel() // rows
    flat = tensor.new_empty((rows, cols)).normal_(0, 1, generator=generator)
    a = _backend.to_numpy(flat._data)
    if rows < cols:
        a = a.T
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diag(r))  # make the decomposition unique, as torch
    if rows < cols:
        q = q.T
    return _write(tensor, (q * gain).reshape(tuple(tensor.shape)))


def sparse_(tensor, sparsity, std=0.01, generator=None):
    r"""Fills the 2D ``tensor`` as a sparse matrix: ``sparsity`` of each column zeroed."""
    from ..ops.sampling import randperm

    if tensor.ndimension() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    num_zeros = math.ceil(sparsity * rows)
    with no_grad():
        tensor.normal_(0, std, generator=generator)
        # one randperm per column keeps the generator's stream identical to torch's
        zero_rows = [randperm(rows)[:num_zeros]._data for _ in range(cols)]
        if num_zeros:
            xp = _backend.array_module(tensor._data)
            r = xp.stack(zero_rows, axis=1)
            c = xp.broadcast_to(xp.arange(cols), r.shape)
            tensor._data[r, c] = 0
            tensor._version_counter.value += 1
    return tensor


def _deprecated(fn):
    def wrapper(*args, **kwargs):
        new = fn.__name__
        old = new[:-1]
        warnings.warn(
            f"`nn.init.{old}` is now deprecated in favor of `nn.init.{new}`.",
            FutureWarning,
            stacklevel=2,
        )
        return fn(*args, **kwargs)

    wrapper.__name__ = fn.__name__[:-1]
    return wrapper


uniform = _deprecated(uniform_)
normal = _deprecated(normal_)
constant = _deprecated(constant_)
eye = _deprecated(eye_)
dirac = _deprecated(dirac_)
xavier_uniform = _deprecated(xavier_uniform_)
xavier_normal = _deprecated(xavier_normal_)
kaiming_uniform = _deprecated(kaiming_uniform_)
kaiming_normal = _deprecated(kaiming_normal_)
orthogonal = _deprecated(orthogonal_)
sparse = _deprecated(sparse_)


from .._naming import missing_attribute as _missing_attribute  # noqa: E402

__getattr__ = _missing_attribute(__name__)
