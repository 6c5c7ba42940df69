"""``torch.nn.functional``: every layer as a function."""

from __future__ import annotations

from ..ops import activation as _act
from ..ops.creation import empty_like, zeros_like
from ..ops.indexing import where
from ..ops.inplace import update as _update
from ..ops.linalg import addmm, matmul
from ..ops.loss import *  # noqa: F401, F403
from ..ops.statistics import get_softmax_dim
from ..ops.statistics import log_softmax as _log_softmax
from ..ops.statistics import softmax as _softmax
from ..ops.unary import relu as _relu
from ..ops.unary import sigmoid, tanh  # noqa: F401  (F.sigmoid, F.tanh)
from ._functional_conv import *  # noqa: F401, F403  (conv, pooling, padding, interpolation)
from ._functional_norm import *  # noqa: F401, F403  (normalization, dropout, embedding ...)


def _inplace(input, result, inplace):
    return _update(input, result) if inplace else result


# -- linear ----------------------------------------------------------------------------------------
def linear(input, weight, bias=None):
    r"""Applies :math:`y = xA^T + b`."""
    if bias is None:
        return matmul(input, weight.t())
    if input.dim() == 2:
        return addmm(bias, input, weight.t())  # one BLAS call, AddmmBackward0 as torch
    # other ranks: flatten to 2-D, addmm, view back (torch's ViewBackward0 graph)
    out = addmm(bias, input.reshape(-1, input.shape[-1]), weight.t())
    return out.view(*input.shape[:-1], weight.shape[0])


def bilinear(input1, input2, weight, bias=None):
    r"""Applies :math:`y = x_1^T A x_2 + b` (``weight`` is ``(out, in1, in2)``)."""
    out_f, in1, in2 = weight.shape
    lead = input1.shape[:-1]
    x1 = input1.reshape(-1, in1)
    x2 = input2.reshape(-1, in2)
    # x1 @ A as one matmul over (in1, out * in2), then the dot with x2 per output
    t = matmul(x1, weight.permute(1, 0, 2).reshape(in1, out_f * in2)).reshape(-1, out_f, in2)
    out = (t * x2.unsqueeze(1)).sum(-1)
    if bias is not None:
        out = out + bias
    return out.reshape(*lead, out_f)


# -- activations -----------------------------------------------------------------------------------
def relu(input, inplace=False):
    r"""Applies :math:`\max(0, x)` element-wise."""
    return input.relu_() if inplace else _relu(input)


def relu_(input):
    return input.relu_()


def relu6(input, inplace=False):
    r"""Applies :math:`\min(\max(0, x), 6)`."""
    return hardtanh(input, 0.0, 6.0, inplace)


def threshold(input, threshold, value, inplace=False):
    r"""``x`` where ``x > threshold``, ``value`` elsewhere."""
    return _inplace(input, _act.threshold(input, threshold, value), inplace)


def threshold_(input, threshold, value):
    return _update(input, _act.threshold(input, threshold, value))


def leaky_relu(input, negative_slope=0.01, inplace=False):
    r""":math:`\max(0, x) + \text{negative\_slope} \min(0, x)`."""
    return _inplace(input, _act.leaky_relu(input, negative_slope), inplace)


def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, True)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    r"""Clamps ``input`` to ``[min_val, max_val]`` (zero gradient outside)."""
    return _inplace(input, _act.hardtanh(input, min_val, max_val), inplace)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, True)


def elu(input, alpha=1.0, inplace=False):
    r""":math:`x` for :math:`x > 0`, :math:`\alpha(e^x - 1)` otherwise."""
    return _inplace(input, _act.elu(input, alpha), inplace)


def elu_(input, alpha=1.0):
    return elu(input, alpha, True)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(input, inplace=False):
    r"""Scaled ELU with the self-normalising constants."""
    return _inplace(input, _act.elu(input, _SELU_ALPHA, _SELU_SCALE), inplace)


def selu_(input):
    return selu(input, True)


def celu(input, alpha=1.0, inplace=False):
    r""":math:`\max(0, x) + \min(0, \alpha(e^{x/\alpha} - 1))`."""
    return _inplace(input, _act.elu(input, alpha, 1.0, 1.0 / alpha), inplace)


def celu_(input, alpha=1.0):
    return celu(input, alpha, True)


def gelu(input, approximate="none"):
    r""":math:`x \Phi(x)` (``approximate='tanh'``: the tanh approximation)."""
    return _act.gelu(input, approximate)


def silu(input, inplace=False):
    r""":math:`x \sigma(x)`."""
    return _inplace(input, _act.silu(input), inplace)


def mish(input, inplace=False):
    r""":math:`x \tanh(\text{softplus}(x))`."""
    return _inplace(input, _act.mish(input), inplace)


def hardswish(input, inplace=False):
    r""":math:`x \cdot \text{ReLU6}(x + 3) / 6`."""
    return _inplace(input, _act.hardswish(input), inplace)


def hardsigmoid(input, inplace=False):
    r""":math:`\text{ReLU6}(x + 3) / 6`."""
    return _inplace(input, _act.hardsigmoid(input), inplace)


def softplus(input, beta=1.0, threshold=20.0):
    r""":math:`\frac{1}{\beta}\log(1 + e^{\beta x})`, linear above ``threshold``."""
    return _act.softplus(input, beta, threshold)


def logsigmoid(input):
    r""":math:`\log \sigma(x)`, computed without overflow."""
    return _act.log_sigmoid(input)


def softsign(input):
    r""":math:`x / (1 + |x|)`."""
    return input / (input.abs() + 1)


def tanhshrink(input):
    r""":math:`x - \tanh(x)`."""
    return input - input.tanh()


def softshrink(input, lambd=0.5):
    r"""Soft shrinkage by ``lambd``."""
    return _act.softshrink(input, lambd)


def hardshrink(input, lambd=0.5):
    r"""``x`` where ``|x| > lambd``, 0 elsewhere."""
    return _act.hardshrink(input, lambd)


def prelu(input, weight):
    r""":math:`\max(0, x) + w \min(0, x)` with ``w`` per channel (dim 1)."""
    if weight.numel() != 1 and input.dim() >= 2:
        shape = [1] * input.dim()
        shape[1] = weight.numel()
        weight = weight.reshape(shape)
    return where(input > 0, input, weight * input)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    r"""Randomized leaky ReLU: slopes drawn from :math:`\mathcal{U}(\text{lower}, \text{upper})`
    in training, their mean in evaluation."""
    if not training:
        return leaky_relu(input, (lower + upper) / 2, inplace)
    noise = empty_like(input).uniform_(lower, upper)
    result = where(input >= 0, input, input * noise)
    return _inplace(input, result, inplace)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    return rrelu(input, lower, upper, training, True)


def glu(input, dim=-1):
    r""":math:`a \otimes \sigma(b)` with ``input`` split in halves ``a``, ``b`` along ``dim``."""
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    size = input.size(dim)
    if size % 2:
        raise RuntimeError(
            f"Halving dimension must be even, but dimension {dim % input.dim()} is size {size}"
        )
    a, b = input.chunk(2, dim)
    return a * sigmoid(b)


# -- softmax family --------------------------------------------------------------------------------
def softmax(input, dim=None, _stacklevel=3, dtype=None):
    r""":math:`e^{x_i} / \sum_j e^{x_j}` along ``dim``."""
    if dim is None:
        dim = get_softmax_dim("softmax", input.dim(), _stacklevel)
    return _softmax(input, dim, dtype)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    r"""``softmax(-input)``."""
    if dim is None:
        dim = get_softmax_dim("softmin", input.dim(), _stacklevel)
    return _softmax(-input if dtype is None else -input.to(dtype), dim)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    r""":math:`x_i - \log\sum_j e^{x_j}` along ``dim`` (shifted by the max: no overflow)."""
    if dim is None:
        dim = get_softmax_dim("log_softmax", input.dim(), _stacklevel)
    return _log_softmax(input, dim, dtype)


def gumbel_softmax(logits, tau=1.0, hard=False, eps=1e-10, dim=-1):
    r"""Samples from the Gumbel-softmax distribution (straight-through one-hot if ``hard``)."""
    gumbels = -empty_like(logits).exponential_().log()
    y_soft = _softmax((logits + gumbels) / tau, dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft


_HELPERS = {
    "annotations",
    "addmm",
    "matmul",
    "where",
    "empty_like",
    "zeros_like",
    "get_softmax_dim",
}
__all__ = [name for name in dir() if not name.startswith("_") and name not in _HELPERS]


from .._naming import missing_attribute as _missing_attribute  # noqa: E402

__getattr__ = _missing_attribute(__name__)
