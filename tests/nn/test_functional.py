"""nn.functional as a namespace: torch's names are there, and the glue it adds works."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch
import numtorch.nn.functional as F

from ..conftest import assert_same

MINE = [
    "linear", "bilinear", "relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "elu", "elu_",
    "selu", "celu", "gelu", "silu", "mish", "softplus", "softsign", "softshrink", "hardshrink",
    "tanhshrink", "hardtanh", "hardtanh_", "hardsigmoid", "hardswish", "logsigmoid", "threshold",
    "threshold_", "prelu", "rrelu", "glu", "softmax", "softmin", "log_softmax", "gumbel_softmax",
    "sigmoid", "tanh", "l1_loss", "mse_loss", "nll_loss", "cross_entropy",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "smooth_l1_loss", "huber_loss",
    "kl_div", "poisson_nll_loss", "gaussian_nll_loss", "cosine_embedding_loss",
    "margin_ranking_loss", "hinge_embedding_loss", "multi_margin_loss",
    "multilabel_margin_loss", "multilabel_soft_margin_loss", "soft_margin_loss",
    "triplet_margin_loss",
]  # fmt: skip


def test_names_exist_in_torch(torch_ref):
    for name in MINE:
        assert hasattr(F, name), name
        assert hasattr(torch_ref.nn.functional, name), name
    for name in F.__all__:
        assert hasattr(torch_ref.nn.functional, name), f"F.{name} is not in torch"


def test_reexports_conv_and_norm_families():
    pytest.importorskip("numtorch.nn._functional_conv")
    for name in ("conv2d", "max_pool2d", "pad", "dropout", "batch_norm", "embedding"):
        if name in dir(F):
            assert callable(getattr(F, name))


def test_inplace_variants():
    x = numtorch.tensor([-1.0, 2.0, 8.0])
    assert F.relu6(x, inplace=True) is x and x.tolist() == [0.0, 2.0, 6.0]
    x = numtorch.tensor([-1.0, 2.0])
    assert F.elu_(x) is x and x[0].item() == pytest.approx(np.expm1(-1.0))
    x = numtorch.tensor([-1.0, 2.0])
    F.threshold_(x, 0.5, 9.0)
    assert x.tolist() == [9.0, 2.0]


def test_rrelu_modes(torch_ref):
    x = numtorch.tensor([-1.0, 2.0])
    assert F.rrelu(x).tolist() == pytest.approx([-(1 / 8 + 1 / 3) / 2, 2.0])
    y = F.rrelu(numtorch.full((1000,), -1.0), training=True)
    assert ((y._data <= -1 / 8) & (y._data >= -1 / 3)).all()


def test_gumbel_softmax():
    numtorch.manual_seed(0)
    logits = numtorch.randn(4, 5, requires_grad=True)
    soft = F.gumbel_softmax(logits, tau=0.5)
    np.testing.assert_allclose(soft.sum(-1)._data, 1.0, rtol=1e-6)
    hard = F.gumbel_softmax(logits, hard=True)
    assert set(np.unique(hard._data)) <= {0.0, 1.0}
    assert (hard.sum(-1)._data == 1).all()
    hard.sum().backward()
    assert logits.grad is not None


def test_softmax_dtype(torch_ref):
    x = np.random.default_rng(0).standard_normal((2, 3)).astype(np.float32)
    assert_same(
        F.softmax(numtorch.tensor(x), dim=1, dtype=numtorch.float64),
        torch_ref.nn.functional.softmax(torch_ref.tensor(x), dim=1, dtype=torch_ref.float64),
    )
