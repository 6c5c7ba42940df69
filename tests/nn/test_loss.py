"""Losses: values and gradients against torch for every reduction and option; stability;
gradcheck in float64; error messages."""

from __future__ import annotations

import numpy as np
import pytest

import numtorch
import numtorch.nn as nn
import numtorch.nn.functional as F
from numtorch.autograd import gradcheck

from ..conftest import assert_same

rng = np.random.default_rng(0)
X = rng.standard_normal((4, 5))
X2 = rng.standard_normal((4, 5))
X3 = rng.standard_normal((4, 5))
P = 1 / (1 + np.exp(-X))  # probabilities
T01 = (rng.random((4, 5)) > 0.5).astype(np.float64)
TSOFT = rng.random((4, 5))
CLS = np.array([1, 0, 4, 2])
CLS_IGN = np.array([1, -100, 4, 2])
W5 = rng.random(5) + 0.5
SIGN = np.array([1.0, -1.0, 1.0, -1.0])
XND = rng.standard_normal((2, 3, 4, 2))  # (N, C, d1, d2)
CLS_ND = rng.integers(0, 3, (2, 4, 2))
PROB_ND = np.exp(XND) / np.exp(XND).sum(1, keepdims=True)
ML_TGT = np.array([[3, 0, -1, 1, 2], [1, -1, 0, 0, 0], [0, 1, 2, 3, 4], [-1, 0, 0, 0, 0]])

# (id, function on (F, T) with T building tensors; a 'g' argument marks the differentiated input)
CASES = [
    ("l1", lambda f, T: f.l1_loss(T(X, g=1), T(X2))),
    ("mse", lambda f, T: f.mse_loss(T(X, g=1), T(X2, g=1))),
    ("ce", lambda f, T: f.cross_entropy(T(X, g=1), T(CLS))),
    ("ce_weight_ignore", lambda f, T: f.cross_entropy(T(X, g=1), T(CLS_IGN), weight=T(W5))),
    ("ce_smooth", lambda f, T: f.cross_entropy(T(X, g=1), T(CLS_IGN), label_smoothing=0.2)),
    ("ce_smooth_weight", lambda f, T: f.cross_entropy(T(X, g=1), T(CLS_IGN), weight=T(W5),
                                                      label_smoothing=0.1)),
    ("ce_probs", lambda f, T: f.cross_entropy(T(X, g=1), T(TSOFT))),
    ("ce_probs_smooth_w", lambda f, T: f.cross_entropy(T(X, g=1), T(TSOFT), weight=T(W5),
                                                       label_smoothing=0.3)),
    ("ce_nd", lambda f, T: f.cross_entropy(T(XND, g=1), T(CLS_ND))),
    ("ce_nd_probs", lambda f, T: f.cross_entropy(T(XND, g=1), T(PROB_ND))),
    ("ce_1d", lambda f, T: f.cross_entropy(T(X[0], g=1), T(np.array(3)))),
    ("nll", lambda f, T: f.nll_loss(T(X, g=1), T(CLS_IGN), weight=T(W5))),
    ("nll_ignore", lambda f, T: f.nll_loss(T(X, g=1), T(CLS), ignore_index=4)),
    ("bce", lambda f, T: f.binary_cross_entropy(T(P, g=1), T(T01))),
    ("bce_weight", lambda f, T: f.binary_cross_entropy(T(P, g=1), T(TSOFT), weight=T(W5))),
    ("bce_logits", lambda f, T: f.binary_cross_entropy_with_logits(T(X, g=1), T(TSOFT))),
    ("bce_logits_pw", lambda f, T: f.binary_cross_entropy_with_logits(
        T(X, g=1), T(T01), weight=T(W5), pos_weight=T(W5 * 2))),
    ("smooth_l1", lambda f, T: f.smooth_l1_loss(T(X, g=1), T(X2), beta=0.5)),
    ("smooth_l1_b0", lambda f, T: f.smooth_l1_loss(T(X, g=1), T(X2), beta=0.0)),
    ("huber", lambda f, T: f.huber_loss(T(X, g=1), T(X2), delta=0.7)),
    ("kl", lambda f, T: f.kl_div(T(np.log(P), g=1), T(TSOFT), reduction="batchmean")),
    ("kl_log_target", lambda f, T: f.kl_div(T(X, g=1), T(X2), log_target=True,
                                            reduction="sum")),
    ("poisson", lambda f, T: f.poisson_nll_loss(T(X, g=1), T(TSOFT * 3))),
    ("poisson_full", lambda f, T: f.poisson_nll_loss(T(P, g=1), T(TSOFT * 3), log_input=False,
                                                     full=True)),
    ("gaussian", lambda f, T: f.gaussian_nll_loss(T(X, g=1), T(X2), T(P, g=1))),
    ("gaussian_full", lambda f, T: f.gaussian_nll_loss(T(X, g=1), T(X2), T(P[:, 0]), full=True)),
    ("cosine_emb", lambda f, T: f.cosine_embedding_loss(T(X, g=1), T(X2, g=1), T(SIGN),
                                                        margin=0.1)),
    ("margin_rank", lambda f, T: f.margin_ranking_loss(T(X[:, 0], g=1), T(X2[:, 0], g=1),
                                                       T(SIGN), margin=0.2)),
    ("hinge_emb", lambda f, T: f.hinge_embedding_loss(T(X, g=1), T(np.sign(X2)), margin=0.5)),
    ("soft_margin", lambda f, T: f.soft_margin_loss(T(X, g=1), T(np.sign(X2)))),
    ("multilabel_soft", lambda f, T: f.multilabel_soft_margin_loss(T(X, g=1), T(T01),
                                                                   weight=T(W5))),
    ("multi_margin", lambda f, T: f.multi_margin_loss(T(X, g=1), T(CLS))),
    ("multi_margin_p2_w", lambda f, T: f.multi_margin_loss(T(X, g=1), T(CLS), p=2, margin=0.5,
                                                           weight=T(W5))),
    ("multilabel_margin", lambda f, T: f.multilabel_margin_loss(T(X, g=1), T(ML_TGT))),
    ("triplet", lambda f, T: f.triplet_margin_loss(T(X, g=1), T(X2, g=1), T(X3, g=1))),
    ("triplet_dist", lambda f, T: f.triplet_margin_with_distance_loss(
        T(X, g=1), T(X2, g=1), T(X3, g=1), swap=True, margin=1.5)),
    ("triplet_dist_fn", lambda f, T: f.triplet_margin_with_distance_loss(
        T(X, g=1), T(X2), T(X3), distance_function=lambda a, b: ((a - b) ** 2).sum(-1))),
    ("triplet_swap_p1", lambda f, T: f.triplet_margin_loss(T(X, g=1), T(X2), T(X3), p=1,
                                                           swap=True, margin=2.0)),
]  # fmt: skip

NO_REDUCTION_ARG = {"kl", "kl_log_target"}


def _builder(lib, dtype, store):
    def T(a, g=0):
        a = np.asarray(a)
        t = lib.tensor(a.astype(dtype) if a.dtype.kind == "f" else a)
        if g:
            t.requires_grad_(True)
            store.append(t)
        return t

    return T


def _with_reduction(fn, reduction):
    def call(f, T):
        class Wrapped:
            def __getattr__(self, name):
                target = getattr(f, name)
                return lambda *a, **k: target(*a, **{"reduction": reduction, **k})

        return fn(Wrapped(), T)

    return call


# every case with its default reduction, 'none' and 'sum' (kl_div cases choose their own)
REDUCED = [
    pytest.param(name, fn, red, id=f"{name}-{red}")
    for name, fn in CASES
    for red in [None, "none", "sum"]
    if red is None or name not in NO_REDUCTION_ARG
]


@pytest.mark.parametrize("name,fn,reduction", REDUCED)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matches_torch(torch_ref, name, fn, reduction, dtype):
    if reduction is not None:
        fn = _with_reduction(fn, reduction)
    ours_in, theirs_in = [], []
    y = fn(F, _builder(numtorch, dtype, ours_in))
    ty = fn(torch_ref.nn.functional, _builder(torch_ref, dtype, theirs_in))
    tol = 2e-5 if dtype == np.float32 else 1e-10
    assert_same(y, ty, rtol=tol, atol=tol)
    g = np.random.default_rng(1).random(tuple(ty.shape)).astype(dtype)
    y.backward(numtorch.tensor(g))
    ty.backward(torch_ref.tensor(g))
    for a, b in zip(ours_in, theirs_in):
        assert_same(a.grad, b.grad, rtol=tol * 10, atol=tol * 10)


@pytest.mark.parametrize("name,fn", CASES, ids=[c[0] for c in CASES])
def test_gradcheck(name, fn):
    inputs = []
    T = _builder(numtorch, np.float64, inputs)
    fn(F, T)  # collect the differentiated inputs
    built = iter(inputs)

    def again(*ts):
        it = iter(ts)

        def T2(a, g=0):
            if g:
                return next(it)
            a = np.asarray(a)
            return numtorch.tensor(a)

        return fn(F, T2)

    assert gradcheck(again, tuple(built))


def test_cross_entropy_never_overflows(torch_ref):
    logits = numtorch.tensor([[1000.0, -1000.0, 0.0], [-5000.0, 5000.0, 1.0]], requires_grad=True)
    target = numtorch.tensor([0, 0])
    loss = F.cross_entropy(logits, target)
    assert np.isfinite(loss.item()) and loss.item() == pytest.approx(5000.0)
    loss.backward()
    assert np.isfinite(logits.grad._data).all()


def test_bce_with_logits_never_overflows():
    x = numtorch.tensor([1000.0, -1000.0, 50.0], requires_grad=True)
    t = numtorch.tensor([0.0, 1.0, 1.0])
    loss = F.binary_cross_entropy_with_logits(x, t, reduction="none")
    assert loss.tolist() == pytest.approx([1000.0, 1000.0, 0.0])
    loss.sum().backward()
    assert x.grad.tolist() == pytest.approx([1.0, -1.0, 0.0])


def test_bce_clamps_log():
    loss = F.binary_cross_entropy(numtorch.tensor([0.0, 1.0]), numtorch.tensor([1.0, 0.0]))
    assert loss.item() == 100.0


def test_all_ignored_is_nan(torch_ref):
    loss = F.cross_entropy(numtorch.ones(2, 3), numtorch.tensor([-100, -100]))
    assert np.isnan(loss.item())


LOSS_MODULES = [
    ("L1Loss", (), {}), ("MSELoss", (), {"reduction": "sum"}), ("CrossEntropyLoss", (), {}),
    ("NLLLoss", (), {}), ("BCELoss", (), {}), ("BCEWithLogitsLoss", (), {}),
    ("SmoothL1Loss", (), {}), ("HuberLoss", (), {}), ("KLDivLoss", (), {}),
    ("PoissonNLLLoss", (), {}), ("GaussianNLLLoss", (), {}), ("CosineEmbeddingLoss", (), {}),
    ("MarginRankingLoss", (), {}), ("HingeEmbeddingLoss", (), {}), ("MultiMarginLoss", (), {}),
    ("MultiLabelMarginLoss", (), {}), ("MultiLabelSoftMarginLoss", (), {}),
    ("SoftMarginLoss", (), {}), ("TripletMarginLoss", (), {}), ("CTCLoss", (), {}),
    ("TripletMarginWithDistanceLoss", (), {"margin": 2.0}),
]  # fmt: skip


@pytest.mark.parametrize("name,args,kwargs", LOSS_MODULES)
def test_module_repr_and_state(torch_ref, name, args, kwargs):
    ours, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch_ref.nn, name)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert ours.reduction == theirs.reduction


def test_module_forward(torch_ref):
    w = numtorch.tensor(W5)
    ours = nn.CrossEntropyLoss(weight=w, label_smoothing=0.1, ignore_index=2)
    theirs = torch_ref.nn.CrossEntropyLoss(
        weight=torch_ref.tensor(W5), label_smoothing=0.1, ignore_index=2
    )
    assert "weight" in ours.state_dict()
    x = numtorch.tensor(X, requires_grad=True)
    tx = torch_ref.tensor(X, requires_grad=True)
    ours(x, numtorch.tensor(CLS)).backward()
    theirs(tx, torch_ref.tensor(CLS)).backward()
    assert_same(x.grad, tx.grad, rtol=1e-10)
    pw = numtorch.tensor(W5)
    y = nn.BCEWithLogitsLoss(pos_weight=pw)(numtorch.tensor(X), numtorch.tensor(T01))
    ty = torch_ref.nn.BCEWithLogitsLoss(pos_weight=torch_ref.tensor(W5))(
        torch_ref.tensor(X), torch_ref.tensor(T01)
    )
    assert_same(y, ty, rtol=1e-10)


def test_legacy_size_average(torch_ref):
    with pytest.warns(UserWarning, match="size_average and reduce args will be deprecated"):
        m = nn.MSELoss(size_average=False)
    assert m.reduction == "sum"


def test_errors():
    x = numtorch.tensor(X)
    with pytest.raises(IndexError, match="Target 7 is out of bounds."):
        F.cross_entropy(x, numtorch.tensor([7, 0, 0, 0]))
    with pytest.raises(ValueError, match=r"Expected input batch_size \(4\) to match target"):
        F.cross_entropy(x, numtorch.tensor([1, 0]))
    # torch 2.13's words (class indices given as floats: the mistake note 000 warns about)
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte, but got"):
        F.nll_loss(x, numtorch.tensor([1.0, 0.0, 0.0, 0.0]))
    with pytest.raises(ValueError, match="Target size .* must be the same as input size"):
        F.binary_cross_entropy_with_logits(x, numtorch.ones(4))
    with pytest.raises(ValueError, match="is not a valid value for reduction"):
        F.mse_loss(x, x, reduction="avg")
    with pytest.raises(RuntimeError, match="all elements of input should be between 0 and 1"):
        F.binary_cross_entropy(x, numtorch.tensor(T01))
    with pytest.warns(UserWarning, match="Using a target size"):
        F.mse_loss(x, numtorch.ones(5))


@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("concatenated", [False, True])
def test_ctc_loss_matches_torch(torch_ref, reduction, concatenated):
    rng = np.random.default_rng(0)
    t_len, n, c, s = 12, 3, 5, 4
    logits = torch_ref.tensor(rng.standard_normal((t_len, n, c)))
    lp_t = logits.log_softmax(2).detach().requires_grad_(True)
    targets = rng.integers(1, c, (n, s))
    targets[0, 1] = targets[0, 0]  # a repeated label needs a blank between
    il, tl = [12, 10, 7], [4, 2, 3]
    if concatenated:
        targets = np.concatenate([targets[i, : tl[i]] for i in range(n)])
    lp = numtorch.tensor(lp_t.detach().numpy(), requires_grad=True)
    loss = F.ctc_loss(lp, numtorch.tensor(targets), il, tl, reduction=reduction)
    tloss = torch_ref.nn.functional.ctc_loss(
        lp_t, torch_ref.tensor(targets), il, tl, reduction=reduction
    )
    assert_same(loss, tloss, rtol=1e-12)
    loss.sum().backward()
    tloss.sum().backward()
    assert_same(lp.grad, lp_t.grad, rtol=1e-10, atol=1e-12)


def test_ctc_zero_infinity(torch_ref):
    lp = numtorch.randn(2, 1, 4, dtype=numtorch.float64).log_softmax(2).requires_grad_(True)
    targets = numtorch.tensor([[1, 2, 3]])
    loss = nn.CTCLoss(reduction="sum")(lp, targets, [2], [3])
    assert loss.item() == float("inf")
    loss = nn.CTCLoss(reduction="sum", zero_infinity=True)(lp, targets, [2], [3])
    loss.backward()
    assert loss.item() == 0.0 and (lp.grad._data == 0).all()
    assert repr(nn.CTCLoss()) == repr(torch_ref.nn.CTCLoss())


def test_bce_nodes_and_argument_checks():
    p, t = numtorch.rand(3, requires_grad=True), numtorch.rand(3)
    assert type(F.binary_cross_entropy(p, t).grad_fn).__name__ == "BinaryCrossEntropyBackward0"
    z = numtorch.randn(3, requires_grad=True)
    name = type(F.binary_cross_entropy_with_logits(z, t).grad_fn).__name__
    assert name == "BinaryCrossEntropyWithLogitsBackward0"
    w = numtorch.rand(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="'binary_cross_entropy' is not differentiable with "
                       "respect to argument 'weight'"):  # fmt: skip
        F.binary_cross_entropy(p, t, weight=w)
    with pytest.raises(RuntimeError, match="with respect to argument 'pos_weight'"):
        F.binary_cross_entropy_with_logits(z, t, pos_weight=w)
    with pytest.raises(RuntimeError, match="Found dtype Float but expected Double"):
        F.binary_cross_entropy(p.double(), t)
