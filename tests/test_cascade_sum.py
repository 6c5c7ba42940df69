"""float sums and means in torch's order (numtorch/ops/_cascade.py): the same bits as torch."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import numtorch

SHAPES = [(10,), (3, 5), (4, 8, 9), (64, 10), (5, 100), (2, 3, 4, 5), (300, 200), (17, 33, 9),
          (4, 1, 28, 28), (6, 1), (2, 9000), (9000, 3), (3, 3000, 7), (40, 20, 50)]  # fmt: skip


def _all_dims(ndim):
    for r in range(1, ndim + 1):
        yield from itertools.combinations(range(ndim), r)


@pytest.mark.parametrize("threads", [1, 2, 3])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sum_and_mean_bits_match_torch(torch_ref, dtype, threads):
    """Every reduction torch's order is reproduced for (all, trailing, leading, middle dims, after
    size-1 dims drop out) gives torch's bits; the others are only close (NumPy's order)."""
    rng = np.random.default_rng(0)
    saved = torch_ref.get_num_threads()
    torch_ref.set_num_threads(threads)
    numtorch.set_num_threads(threads)
    try:
        for shape in SHAPES:
            data = (rng.random(shape) - 0.3).astype(dtype)
            ours, theirs = numtorch.tensor(data), torch_ref.tensor(data)
            for dims in [None, *_all_dims(len(shape))]:
                for fn in ("sum", "mean"):
                    a = getattr(ours, fn)() if dims is None else getattr(ours, fn)(dims)
                    b = getattr(theirs, fn)() if dims is None else getattr(theirs, fn)(dims)
                    if dims is None or _torch_order_known(shape, dims):
                        assert a.numpy().tobytes() == b.numpy().tobytes(), (shape, dims, fn)
                    else:
                        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-4)
    finally:
        torch_ref.set_num_threads(saved)
        numtorch.set_num_threads(saved)


def _torch_order_known(shape, dims):
    kinds = []
    for i, n in enumerate(shape):
        if n != 1 and (not kinds or kinds[-1] != (i in dims)):
            kinds.append(i in dims)
    return tuple(kinds) in [(), (True,), (False,), (False, True), (True, False),
                            (False, True, False)]  # fmt: skip


def test_sum_literal_values(one_thread):
    # torch 2.13 on this data (one thread, AVX2)
    rng = np.random.default_rng(7)
    x = numtorch.tensor((rng.random((5, 7, 33)) - 0.3).astype(np.float32))
    assert x.sum().item() == 224.44384765625
    assert x.mean().item() == 0.19432367384433746
    assert x.sum(-1)[0, :3].tolist() == [6.492642402648926, 5.83519172668457, 6.2374114990234375]
    assert x.sum(1)[0, :3].tolist() == [1.0004938840866089, 1.9577041864395142, 2.924783229827881]
    assert x.sum(0)[0, :3].tolist() == [0.9468866586685181, 0.8839664459228516, 2.2757699489593506]


def test_negative_zero_sums_to_positive_zero():
    z = numtorch.zeros(20).neg()
    assert str(z.sum()) == "tensor(0.)" and np.signbit(z.sum().numpy()) == np.False_
