"""Random sampling: ``rand``, ``randn``, ``randint``, ``normal``, ... and the in-place fills
(``uniform_``, ``normal_``, ...). Every draw comes from a ``numtorch.random.Generator``, whose
streams are bit-identical to PyTorch's CPU generator.
"""

from __future__ import annotations

import builtins

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._size import Size
from .creation import (
    _dtype_or_default,
    _fill,
    _finish,
    _like,
    _out,
    _scalar,
    _size_args,
    _tensor_cls,
)  # fmt: skip

__all__ = [
    "rand", "randn", "randint", "randperm", "rand_like", "randn_like", "randint_like", "normal",
    "bernoulli", "multinomial", "poisson",
]  # fmt: skip


def _gen(generator):
    from .. import random

    return random.default_generator if generator is None else generator


def rand(
    *args,
    size=None,
    generator=None,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    pin_memory=False,
):
    """Uniform random numbers on [0, 1)."""
    dtype = _dtype_or_default(dtype)
    _need_floating("rand", dtype)
    array = _gen(generator).uniform(_size_args(args if size is None else (size,)), dtype.np)
    return _out(_finish(array, requires_grad, device), out)


def randn(
    *args,
    size=None,
    generator=None,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    pin_memory=False,
):
    """Standard normal random numbers."""
    dtype = _dtype_or_default(dtype)
    _need_floating("randn", dtype)
    array = _gen(generator).normal(_size_args(args if size is None else (size,)), dtype.np)
    return _out(_finish(array, requires_grad, device), out)


def _need_floating(name, dtype):
    if not (dtype.is_floating_point or dtype.is_complex):
        kernel = {"rand": "check_uniform_bounds", "randn": "normal_kernel_cpu"}[name]
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_short(dtype)}'")


def _short(dtype):
    from .inplace import _scalar_type_name

    return _scalar_type_name(dtype)


def randint(
    *args,
    low=None,
    high=None,
    size=None,
    generator=None,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
):
    """Random integers in [low, high): ``randint(high, size)`` or ``randint(low, high, size)``."""
    args = list(args)
    if high is not None:  # randint(low=0, high=n, size=...), as torch's own samplers call it
        args = [0 if low is None else low, high] + args
    elif low is not None:
        args = [low] + args
    if size is None:
        if not args or not isinstance(args[-1], (tuple, list, Size)):
            raise TypeError("randint() missing required argument 'size'")
        size = args.pop()
    if len(args) == 1:
        low, high = 0, args[0]
    elif len(args) == 2:
        low, high = args
    else:
        raise TypeError("randint() received an invalid combination of arguments")
    low, high = builtins.int(_scalar(low)), builtins.int(_scalar(high))
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    dtype = D.int64 if dtype is None else dtype
    array = _gen(generator).integers(_size_args((size,)), low, high, dtype.np)
    return _out(_finish(array, requires_grad, device), out)


def randperm(
    n,
    *,
    generator=None,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    pin_memory=False,
):
    """A random permutation of 0..n-1."""
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got{n}")
    array = _gen(generator).permutation(builtins.int(n))
    if dtype is not None:
        array = array.astype(dtype.np)
    return _out(_finish(array, requires_grad, device), out)


def rand_like(
    input,
    *,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    memory_format=None,
    generator=None,
):
    dtype, device = _like(input, dtype, device)
    return rand(
        input.shape, dtype=dtype, device=device, requires_grad=requires_grad, generator=generator
    )


def randn_like(
    input,
    *,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    memory_format=None,
    generator=None,
):
    dtype, device = _like(input, dtype, device)
    return randn(
        input.shape, dtype=dtype, device=device, requires_grad=requires_grad, generator=generator
    )


def randint_like(
    input,
    low=0,
    high=None,
    *,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    memory_format=None,
    generator=None,
):
    if high is None:
        low, high = 0, low
    dtype, device = _like(input, dtype, device)
    return randint(low, high, input.shape, dtype=dtype, device=device, generator=generator)


def normal(
    mean=0.0,
    std=1.0,
    size=None,
    *,
    generator=None,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
):
    """Normal random numbers; ``mean`` and ``std`` may be tensors (broadcast together)."""
    Tensor = _tensor_cls()
    gen = _gen(generator)
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        m = mean._data if isinstance(mean, Tensor) else mean
        s = std._data if isinstance(std, Tensor) else std
        if isinstance(std, Tensor) and bool((std._data < 0).any()):
            raise RuntimeError("normal expects all elements of std >= 0.0")
        shape = np.broadcast_shapes(np.shape(m), np.shape(s))
        ref = mean if isinstance(mean, Tensor) else std
        dt = ref.dtype.np
        if isinstance(std, Tensor):  # torch draws N(0, 1), then scales and shifts
            array = (gen.normal(shape, dt) * s + m).astype(dt)
        else:  # torch draws N(0, std), then adds the mean
            array = (gen.normal(shape, dt, 0.0, std) + m).astype(dt)
        return _out(_finish(array, False, device), out)
    if size is None:
        raise TypeError(
            "normal() received an invalid combination of arguments - got (float, "
            "float), but expected one of size=..."
        )
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    dtype = _dtype_or_default(dtype)
    array = gen.normal(_size_args((size,)), dtype.np, mean, std)
    return _out(_finish(array, requires_grad, device), out)


def bernoulli(input, p=None, *, generator=None, out=None):
    """Draws 0/1 with probabilities from ``input`` (or the scalar ``p``)."""
    probs = _backend.to_numpy(input._data) if p is None else p  # the generator is on the host
    if p is None and (bool((probs < 0).any()) or bool((probs > 1).any())):
        raise RuntimeError(
            "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  "
            "(Could this error message be improved?  If so, please report an "
            "enhancement request to PyTorch.)"
        )
    array = _gen(generator).bernoulli(probs, input.shape, input._data.dtype)
    return _out(_finish(array, False, input.device), out)


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """Samples indices from the rows of ``input`` taken as (unnormalised) probabilities."""
    probs = _backend.to_numpy(input._data)  # the generator is on the host
    if probs.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not replacement and num_samples > probs.shape[-1]:
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )
    if bool((probs < 0).any()) or not bool(np.isfinite(probs).all()):
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if bool((probs.sum(-1) == 0).any()):
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    rows = probs.reshape(-1, probs.shape[-1])
    array = _gen(generator).multinomial(rows, builtins.int(num_samples), replacement)
    if probs.ndim == 1:
        array = array.reshape(-1)
    return _out(_finish(array, False, input.device), out)


def poisson(input, generator=None):
    """Poisson draws with rates from ``input`` (not bit-identical to PyTorch)."""
    gen = _gen(generator)
    rng = np.random.Generator(np.random.PCG64(builtins.int(gen.integers((), 0, 2**62, np.int64))))
    rates = _backend.to_numpy(input._data)
    return _finish(rng.poisson(rates).astype(rates.dtype), False, input.device)


# --- in-place fills (Tensor methods) -------------------------------------------------------


def _draw_like(self, draw):
    """Values for ``self`` drawn in its memory order, as PyTorch fills strided tensors.

    ``draw(shape, contiguous)`` makes the values for a shape; for a tensor that isn't contiguous
    (a transpose, say) they are drawn for the storage-order shape and permuted back.
    """
    data = self._data
    if data.flags.c_contiguous:
        return draw(data.shape, True)
    order = sorted(range(data.ndim), key=lambda d: -builtins.abs(data.strides[d]))
    values = draw(tuple(data.shape[d] for d in order), False)
    return values.transpose(np.argsort(order))


def uniform_(self, from_=0.0, to=1.0, *, generator=None):
    gen, dt = _gen(generator), self._data.dtype
    return _fill(self, _draw_like(self, lambda shape, c: gen.uniform(shape, dt, from_, to)))


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    gen, dt = _gen(generator), self._data.dtype
    values = _draw_like(self, lambda shape, c: gen.normal(shape, dt, mean, std, contiguous=c))
    return _fill(self, values)


_UNSET = object()


def random_(self, from_=_UNSET, to=_UNSET, *, generator=None):
    """``random_()``: the dtype's range; ``random_(to)``: [0, to); ``random_(from, to)``."""
    gen, dt = _gen(generator), self._data.dtype
    if from_ is _UNSET and to is _UNSET:
        return _fill(self, _draw_like(self, lambda shape, c: gen.random(shape, dt)))
    if to is _UNSET:
        from_, to = 0, from_
    if to is None:  # [from, the largest value the dtype holds exactly]
        if self.dtype.is_floating_point:
            bits = {D.float16: 11, D.bfloat16: 8, D.float32: 24, D.float64: 53}[self.dtype]
            to = 2**bits + 1
        elif self.dtype is D.bool:
            to = 2
        else:
            to = builtins.int(np.iinfo(dt).max) + 1
    if from_ >= to:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={from_} >= to={to}"
        )
    return _fill(self, _draw_like(self, lambda shape, c: gen.integers(shape, from_, to, dt)))


def bernoulli_(self, p=0.5, *, generator=None):
    probs = _backend.to_numpy(p._data) if isinstance(p, _tensor_cls()) else p
    gen, dt = _gen(generator), self._data.dtype
    return _fill(self, _draw_like(self, lambda shape, c: gen.bernoulli(probs, shape, dt)))


def exponential_(self, lambd=1.0, *, generator=None):
    gen, dt = _gen(generator), self._data.dtype
    return _fill(self, _draw_like(self, lambda shape, c: gen.exponential(shape, dt, lambd)))


def geometric_(self, p, *, generator=None):
    gen, dt = _gen(generator), self._data.dtype
    return _fill(self, _draw_like(self, lambda shape, c: gen.geometric(shape, dt, p)))


def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    gen, dt = _gen(generator), self._data.dtype
    return _fill(self, _draw_like(self, lambda shape, c: gen.log_normal(shape, dt, mean, std)))


def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    gen, dt = _gen(generator), self._data.dtype
    return _fill(self, _draw_like(self, lambda shape, c: gen.cauchy(shape, dt, median, sigma)))


def _bernoulli_method(self, p=None, *, generator=None):
    return bernoulli(self, p, generator=generator)


TENSOR_METHODS = {
    "uniform_": uniform_, "normal_": normal_, "random_": random_, "bernoulli_": bernoulli_,
    "exponential_": exponential_, "geometric_": geometric_, "log_normal_": log_normal_,
    "cauchy_": cauchy_, "bernoulli": _bernoulli_method, "multinomial": multinomial,
}  # fmt: skip
