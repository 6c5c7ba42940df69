"""Reductions, cumulative ops, sorting and softmax, driven by tables.

Each case is a function of the module (``numtorch`` or ``torch``) and its inputs, so the same
line runs on both: values, dtypes, shapes and grad_fn names are compared with PyTorch where it
is installed, gradients are checked against finite differences in float64 everywhere.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import numtorch as torch
from numtorch.autograd import gradcheck, gradgradcheck

from .conftest import assert_same, to_torch

INF, NAN = math.inf, math.nan


def sample(shape, seed=0, dtype=np.float64, low=-2.0, high=2.0):
    return np.random.default_rng(seed).uniform(low, high, shape).astype(dtype)


def run_both(torch_ref, fn, *arrays, grad=False):
    """``fn`` on numtorch tensors and on torch tensors made from the same ``arrays``."""
    ours = [torch.tensor(a, requires_grad=grad) for a in arrays]
    theirs = [to_torch(t).requires_grad_(grad) for t in ours]
    return fn(torch, *ours), fn(torch_ref, *theirs), ours, theirs


def flat(result):
    return list(result) if isinstance(result, tuple) else [result]


# --- values, dtypes and grad_fn names against torch ----------------------------------------------

X = sample((3, 4, 5))
# (id, fn(T, x)): each runs on a float64 (3, 4, 5) input
CASES = [
    ("sum", lambda T, x: T.sum(x)), ("sum_dim", lambda T, x: x.sum(1)),
    ("sum_neg_keep", lambda T, x: x.sum(-1, keepdim=True)),
    ("sum_tuple", lambda T, x: x.sum((0, -1))), ("sum_list", lambda T, x: T.sum(x, [2, 0], True)),
    ("sum_empty_dims", lambda T, x: x.sum(())), ("sum_dtype", lambda T, x: x.sum(dtype=T.float32)),
    ("nansum", lambda T, x: T.nansum(x, 1)), ("mean", lambda T, x: x.mean()),
    ("mean_dims", lambda T, x: x.mean((1, 2), keepdim=True)),
    ("nanmean", lambda T, x: x.nanmean(-1)),
    ("prod", lambda T, x: x.prod()), ("prod_dim", lambda T, x: x.prod(-2, keepdim=True)),
    ("max", lambda T, x: x.max()), ("max_dim", lambda T, x: x.max(1)),
    ("max_keep", lambda T, x: T.max(x, -1, True)), ("min", lambda T, x: x.min()),
    ("min_dim", lambda T, x: x.min(dim=0)), ("max_other", lambda T, x: T.max(x, x.flip(0))),
    ("amax", lambda T, x: x.amax((0, 2))), ("amin", lambda T, x: T.amin(x, -1, keepdim=True)),
    ("amax_all", lambda T, x: x.amax()), ("aminmax", lambda T, x: T.aminmax(x, dim=1)),
    ("aminmax_all", lambda T, x: T.aminmax(x)), ("argmax", lambda T, x: x.argmax()),
    ("argmax_dim", lambda T, x: x.argmax(1, keepdim=True)), ("argmin", lambda T, x: x.argmin(-1)),
    ("argmax_keep", lambda T, x: x.argmax(keepdim=True)),
    ("var", lambda T, x: x.var()), ("var_dim", lambda T, x: x.var(1, keepdim=True)),
    ("var_unbiased", lambda T, x: x.var(1, False)),
    ("var_correction", lambda T, x: x.var((0, 2), correction=2)),
    ("std", lambda T, x: x.std(-1)), ("std_biased", lambda T, x: T.std(x, unbiased=False)),
    ("std_mean", lambda T, x: T.std_mean(x, 1)),
    ("var_mean", lambda T, x: T.var_mean(x, (0, 1), keepdim=True)),
    ("norm", lambda T, x: x.norm()), ("norm_p1", lambda T, x: x.norm(1, dim=1)),
    ("norm_inf", lambda T, x: x.norm(INF, dim=(0, 2))), ("norm_neg_inf", lambda T, x: x.norm(-INF)),
    ("norm_0", lambda T, x: x.norm(0, dim=-1)), ("norm_p3", lambda T, x: T.norm(x, 3, 1, True)),
    ("norm_p05", lambda T, x: x.norm(0.5)), ("norm_fro", lambda T, x: x.norm("fro", dim=(1, 2))),
    ("norm_dtype", lambda T, x: x.float().norm(dtype=T.float64)),
    ("dist", lambda T, x: T.dist(x, x * 2, 3)),
    ("logsumexp", lambda T, x: x.logsumexp(1)),
    ("logsumexp_tuple", lambda T, x: T.logsumexp(x, (0, 2), True)),
    ("softmax", lambda T, x: x.softmax(1)), ("softmax_neg", lambda T, x: T.softmax(x, -1)),
    ("softmax_dtype", lambda T, x: x.softmax(0, dtype=T.float32)),
    ("log_softmax", lambda T, x: T.log_softmax(x, 2)),
    ("log_softmax_neg", lambda T, x: x.log_softmax(-3)),
    ("cumsum", lambda T, x: x.cumsum(1)), ("cumsum_neg", lambda T, x: T.cumsum(x, -1)),
    ("cumprod", lambda T, x: x.cumprod(0)), ("cummax", lambda T, x: x.cummax(2)),
    ("cummin", lambda T, x: T.cummin(x, -2)), ("logcumsumexp", lambda T, x: x.logcumsumexp(1)),
    ("all", lambda T, x: (x > -1.5).all()), ("any_dim", lambda T, x: (x > 1.9).any(1)),
    ("all_tuple", lambda T, x: T.all(x > -1.9, (0, 2), True)),
    ("count_nonzero", lambda T, x: T.count_nonzero(x > 0, (0, 1))),
    ("sort", lambda T, x: x.sort(1)), ("sort_desc", lambda T, x: T.sort(x, -1, descending=True)),
    ("argsort", lambda T, x: x.argsort(0, descending=True)), ("msort", lambda T, x: T.msort(x)),
    ("topk", lambda T, x: x.topk(3)), ("topk_small", lambda T, x: T.topk(x, 2, 0, largest=False)),
    ("kthvalue", lambda T, x: x.kthvalue(2, 1)),
    ("kthvalue_keep", lambda T, x: T.kthvalue(x, 3, keepdim=True)),
    ("median", lambda T, x: x.median()), ("median_dim", lambda T, x: x.median(1)),
    ("nanmedian_dim", lambda T, x: x.nanmedian(-1, True)),
    ("quantile", lambda T, x: x.quantile(0.3)),
    ("quantile_dim", lambda T, x: T.quantile(x, T.tensor(np.array([0.1, 0.5, 0.9])), dim=1,
        keepdim=True)),
    ("quantile_lower", lambda T, x: x.quantile(0.4, 2, interpolation="lower")),
    ("quantile_higher", lambda T, x: x.quantile(0.4, 0, interpolation="higher")),
    ("quantile_midpoint", lambda T, x: x.quantile(0.4, 1, interpolation="midpoint")),
    ("quantile_nearest", lambda T, x: x.quantile(0.5, -1, interpolation="nearest")),
    ("nanquantile", lambda T, x: T.nanquantile(x, 0.7, dim=-1)),
    ("diff", lambda T, x: T.diff(x)), ("diff_n2", lambda T, x: x.diff(2, 0)),
    ("trapezoid", lambda T, x: T.trapezoid(x)),
    ("trapezoid_dx", lambda T, x: T.trapezoid(x, dx=0.5, dim=0)),
    ("trapz", lambda T, x: T.trapz(x, dim=1)),
    ("cumulative_trapezoid", lambda T, x: T.cumulative_trapezoid(x, dim=1)),
]  # fmt: skip


def _names(result):
    return [getattr(getattr(r, "grad_fn", None), "name", lambda: None)() for r in flat(result)]


# composites whose last node differs from torch's (an internal squeeze)
NAME_SKIP = {"quantile", "quantile_dim", "quantile_lower", "quantile_higher", "quantile_midpoint",
             "quantile_nearest", "nanquantile", "trapezoid", "trapezoid_dx", "trapz"}  # fmt: skip


@pytest.mark.parametrize("name,fn", CASES, ids=[c[0] for c in CASES])
def test_matches_torch(torch_ref, name, fn):
    ours, theirs, _, _ = run_both(torch_ref, fn, X, grad=True)
    assert type(ours).__name__ == type(theirs).__name__
    tol = 1e-10 if all(r.dtype is not torch.float32 for r in flat(ours)) else 1e-6
    assert_same(flat(ours), flat(theirs), rtol=tol, atol=tol)
    if name not in NAME_SKIP:
        assert _names(ours) == _names(theirs)


@pytest.mark.parametrize("dtype", ["float32", "float16"])
@pytest.mark.parametrize(
    "fn",
    [c[1] for c in CASES if c[0] in ("sum", "mean_dims", "var_dim", "softmax", "logsumexp")],
)
def test_low_precision_matches_torch(torch_ref, fn, dtype):
    ours, theirs, _, _ = run_both(torch_ref, fn, X.astype(dtype))
    tol = 1e-5 if dtype == "float32" else 2e-3
    assert_same(flat(ours), flat(theirs), rtol=tol, atol=tol)


# --- gradients -----------------------------------------------------------------------------------

GRAD_SKIP = {"argmax", "argmax_dim", "argmin", "argmax_keep", "argsort", "all", "any_dim",
             "all_tuple", "count_nonzero", "norm_0", "norm_dtype", "sum_dtype",
             "softmax_dtype"}  # fmt: skip
GRAD_CASES = [c for c in CASES if c[0] not in GRAD_SKIP]


def _differentiable(result):
    return tuple(r for r in flat(result) if r.dtype.is_floating_point)


@pytest.mark.parametrize("fn", [c[1] for c in GRAD_CASES], ids=[c[0] for c in GRAD_CASES])
def test_gradcheck(fn):
    x = torch.tensor(sample((2, 3, 4), seed=1), requires_grad=True)
    assert gradcheck(lambda t: _differentiable(fn(torch, t)), (x,))


@pytest.mark.parametrize("fn", [c[1] for c in GRAD_CASES], ids=[c[0] for c in GRAD_CASES])
def test_gradients_match_torch(torch_ref, fn):
    ours, theirs, (x,), (tx,) = run_both(torch_ref, fn, sample((2, 3, 4), seed=2), grad=True)
    outs, touts = _differentiable(ours), [r for r in flat(theirs) if r.requires_grad]
    weights = [sample(tuple(o.shape), seed=3 + i) for i, o in enumerate(outs)]
    sum(((o * torch.tensor(w)).sum() for o, w in zip(outs, weights)), torch.tensor(0.0)).backward()
    sum((o * torch_ref.tensor(w)).sum() for o, w in zip(touts, weights)).backward()
    assert_same(x.grad, tx.grad, rtol=1e-9, atol=1e-9)


DOUBLE = ["sum", "sum_tuple", "mean", "mean_dims", "prod_dim", "var", "var_dim", "std",
          "std_mean", "norm", "norm_p3", "logsumexp", "logsumexp_tuple", "softmax",
          "log_softmax", "cumsum", "cumprod", "logcumsumexp", "amax", "max_dim", "sort",
          "median_dim", "quantile_dim"]  # fmt: skip


def check_double_backward(fn, x):
    """gradgradcheck of ``fn(torch, x)``'s differentiable outputs, with float64 grad outputs.

    ``fn`` records its graph even where the check evaluates it under no_grad.
    """

    def wrapped(t):
        with torch.enable_grad():
            return _differentiable(fn(torch, t))

    outs = wrapped(x)
    grad_outputs = [
        torch.tensor(sample(tuple(o.shape), seed=9 + i), requires_grad=True)
        for i, o in enumerate(outs)
    ]
    return gradgradcheck(wrapped, (x,), grad_outputs)


@pytest.mark.parametrize("name", DOUBLE)
def test_gradgradcheck(name):
    x = torch.tensor(sample((2, 3, 4), seed=4, low=0.5, high=2.0), requires_grad=True)
    assert check_double_backward(dict(CASES)[name], x)


def test_sum_backward_is_differentiable_with_respect_to_the_gradient():
    x = torch.tensor(sample((3, 2)), requires_grad=True)
    (g,) = torch.autograd.grad(x.sum(0), x, torch.ones(2, requires_grad=True), create_graph=True)
    assert g.requires_grad and g.shape == (3, 2)


# gradients through zeros, ties and infinities, compared with torch
SPECIAL = [
    ("prod_one_zero", lambda T, x: x.prod(), [[1.0, 0.0, 3.0], [2.0, 4.0, 5.0]]),
    ("prod_two_zeros", lambda T, x: x.prod(1), [[0.0, 0.0, 3.0], [2.0, 0.0, 5.0]]),
    ("cumprod_zeros", lambda T, x: x.cumprod(1), [[1.0, 0.0, 3.0, 0.0], [2.0, 4.0, 0.0, 5.0]]),
    ("max_ties", lambda T, x: x.max(), [[1.0, 3.0, 3.0], [3.0, 0.0, 2.0]]),
    ("min_ties", lambda T, x: x.min(), [[0.0, 3.0, 0.0], [3.0, 0.0, 2.0]]),
    ("max_dim_ties", lambda T, x: x.max(1).values, [[3.0, 3.0, 1.0], [2.0, 2.0, 2.0]]),
    ("min_dim_ties", lambda T, x: x.min(0).values, [[3.0, 1.0, 1.0], [3.0, 1.0, 2.0]]),
    ("amax_ties", lambda T, x: x.amax(1), [[3.0, 3.0, 1.0], [2.0, 2.0, 2.0]]),
    ("amin_ties", lambda T, x: x.amin(), [[3.0, 1.0, 1.0], [3.0, 1.0, 2.0]]),
    ("aminmax_ties", lambda T, x: T.aminmax(x, dim=0), [[3.0, 1.0, 1.0], [3.0, 1.0, 2.0]]),
    ("median_ties", lambda T, x: x.median(), [[1.0, 2.0, 2.0], [2.0, 5.0, 0.0]]),
    ("median_dim_ties", lambda T, x: x.median(1).values, [[2.0, 2.0, 2.0], [1.0, 3.0, 1.0]]),
    ("max_nan", lambda T, x: x.max(), [[1.0, NAN, 2.0]]),
    ("norm_at_zero", lambda T, x: x.norm(), [[0.0, 0.0], [0.0, 0.0]]),
    ("norm_dim_zero", lambda T, x: x.norm(dim=1), [[0.0, 0.0], [3.0, 4.0]]),
    ("norm_p3_zero", lambda T, x: x.norm(3), [[0.0, 0.0]]),
    ("norm_p05_zero", lambda T, x: x.norm(0.5), [[0.0, 1.0]]),
    ("norm_inf_ties", lambda T, x: x.norm(INF), [[-2.0, 2.0, 1.0]]),
    ("std_constant", lambda T, x: x.std(1), [[2.0, 2.0, 2.0], [1.0, 2.0, 3.0]]),
    ("logsumexp_neg_inf", lambda T, x: x.logsumexp(1), [[-INF, -INF], [-INF, 0.0]]),
    ("logsumexp_inf", lambda T, x: x.logsumexp(1), [[INF, 1.0], [2.0, 1.0]]),
    ("softmax_neg_inf", lambda T, x: x.softmax(1), [[-INF, 0.0, 1.0], [2.0, -INF, 1.0]]),
    ("log_softmax_large", lambda T, x: x.log_softmax(1), [[1000.0, 0.0], [-1000.0, 5.0]]),
    ("logcumsumexp_neg_inf", lambda T, x: x.logcumsumexp(1), [[-INF, 0.0, -INF], [1.0, -INF, 2.0]]),
    ("nansum_nan", lambda T, x: x.nansum(0), [[1.0, NAN], [2.0, 3.0]]),
    ("nanmean_nan", lambda T, x: x.nanmean(1), [[1.0, NAN], [2.0, 3.0]]),
    ("cummax_ties", lambda T, x: x.cummax(1).values, [[1.0, 1.0, 0.0, 2.0, 2.0]]),
    ("sort_ties", lambda T, x: x.sort(1, descending=True).values, [[1.0, 2.0, 1.0, 2.0]]),
]  # fmt: skip


@pytest.mark.parametrize("fn,data", [c[1:] for c in SPECIAL], ids=[c[0] for c in SPECIAL])
def test_special_values_match_torch(torch_ref, fn, data):
    ours, theirs, (x,), (tx,) = run_both(torch_ref, fn, np.array(data))
    assert_same(flat(ours), flat(theirs), rtol=1e-12, atol=1e-12)
    ours, theirs, (x,), (tx,) = run_both(torch_ref, fn, np.array(data), grad=True)
    sum(o.sum() for o in _differentiable(ours)).backward()
    sum(o.sum() for o in flat(theirs) if o.requires_grad).backward()
    assert_same(x.grad, tx.grad, rtol=1e-12, atol=1e-12)


def test_cumprod_with_zeros_double_backward():
    data = np.array([[1.5, 0.0, 3.0, 0.0, 2.0], [2.0, 0.5, 0.0, 1.5, 0.5]])
    x = torch.tensor(data, requires_grad=True)
    assert gradcheck(lambda t: t.cumprod(1), (x,))
    assert check_double_backward(lambda T, t: t.cumprod(1), x)
    assert check_double_backward(lambda T, t: t.prod(1), x)
    assert check_double_backward(lambda T, t: t.prod(), x)


# --- dtypes --------------------------------------------------------------------------------------

DTYPE_CASES = [
    ("sum_int", lambda T: T.tensor([1, 2, 3], dtype=T.int32).sum()),
    ("sum_bool", lambda T: T.tensor([True, False, True]).sum()),
    ("sum_uint8", lambda T: T.tensor([200, 100], dtype=T.uint8).sum()),
    ("sum_int_dtype", lambda T: T.tensor([1, 2], dtype=T.int32).sum(dtype=T.int32)),
    ("sum_float_dtype", lambda T: T.tensor([1, 2]).sum(dtype=T.float64)),
    ("prod_int8", lambda T: T.tensor([1, 2, 3], dtype=T.int8).prod()),
    ("mean_dtype", lambda T: T.tensor([1, 2]).mean(dtype=T.float32)),
    ("max_int", lambda T: T.tensor([[1, 5], [7, 2]]).max(1)),
    ("max_bool", lambda T: T.tensor([True, False]).max()),
    ("all_uint8", lambda T: T.tensor([1, 2], dtype=T.uint8).all()),
    ("any_uint8_dim", lambda T: T.tensor([[0, 2]], dtype=T.uint8).any(1)),
    ("all_int", lambda T: T.tensor([1, 0], dtype=T.int32).all()),
    ("cumsum_int", lambda T: T.tensor([1, 2], dtype=T.int32).cumsum(0)),
    ("cumprod_bool", lambda T: T.tensor([True, False]).cumprod(0)),
    ("logsumexp_int", lambda T: T.tensor([1, 2]).logsumexp(0)),
    ("count_nonzero", lambda T: T.tensor([[0, 1], [2, 0]]).count_nonzero()),
    ("sort_bool", lambda T: T.tensor([True, False, True]).sort()),
    ("median_int", lambda T: T.tensor([1, 1, 2, 4]).median()),
    ("mode_int", lambda T: T.tensor([[3, 3, 1, 1, 2]]).mode(1)),
    ("norm_complex", lambda T: T.tensor([3 + 4j, 1j]).norm()),
    ("var_complex", lambda T: T.tensor([3 + 4j, 1j, 2.0]).var()),
    ("empty_sum", lambda T: T.ones(0, 3).sum(0)),
    ("empty_mean", lambda T: T.ones(0).mean()),
    ("empty_prod", lambda T: T.ones(0).prod()),
    ("empty_all_any", lambda T: (T.ones(0).bool().all(), T.ones(0).bool().any())),
    ("empty_max_dim", lambda T: T.ones(0, 3).max(1)),
    ("empty_amax_dim", lambda T: T.ones(0, 3).amax(1)),
    ("empty_logsumexp", lambda T: T.ones(0).logsumexp(0)),
    ("empty_norm", lambda T: T.ones(0).norm()),
    ("scalar_max_dim", lambda T: T.tensor(3.0).max(0)),
    ("scalar_sum_dim", lambda T: T.tensor(3.0).sum(-1)),
    ("scalar_sort", lambda T: T.tensor(3.0).sort()),
    ("scalar_cumsum", lambda T: T.tensor(3.0).cumsum(0)),
    ("scalar_softmax", lambda T: T.tensor(3.0).softmax(0)),
    ("scalar_argmax", lambda T: T.tensor(3.0).argmax(0, keepdim=True)),
    ("scalar_topk", lambda T: T.tensor(3.0).topk(1)),
]  # fmt: skip


@pytest.mark.parametrize("fn", [c[1] for c in DTYPE_CASES], ids=[c[0] for c in DTYPE_CASES])
def test_dtypes_match_torch(torch_ref, fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_same(flat(fn(torch)), flat(fn(torch_ref)))


# --- errors --------------------------------------------------------------------------------------

ERRORS = [
    lambda T: T.ones(2, 3).sum(5),
    lambda T: T.ones(2, 3).sum((0, -2)),
    lambda T: T.tensor(1.0).sum(1),
    lambda T: T.ones(2, 3).amax(-3), lambda T: T.ones(2, 3).max(2), lambda T: T.ones(2).argmax(1),
    lambda T: T.tensor([1, 2]).mean(), lambda T: T.tensor([1.0]).mean(dtype=T.int64),
    lambda T: T.tensor([1, 2]).nanmean(), lambda T: T.tensor([1, 2]).std(),
    lambda T: T.tensor([1, 2]).var(0), lambda T: T.ones(0).max(), lambda T: T.ones(0).min(),
    lambda T: T.ones(0, 3).max(0), lambda T: T.ones(0).amax(), lambda T: T.ones(0, 2).amin(0),
    lambda T: T.ones(0).argmax(), lambda T: T.ones(0, 2).argmin(0), lambda T: T.ones(0).aminmax(),
    lambda T: T.ones(0, 3).aminmax(dim=0), lambda T: T.tensor([1, 2]).norm(),
    lambda T: T.ones(0).norm(INF), lambda T: T.ones(2, 3).softmax(2),
    lambda T: T.tensor([1, 2]).softmax(0), lambda T: T.ones(3, 2, dtype=T.int32).log_softmax(0),
    lambda T: T.softmax(T.ones(3), None), lambda T: T.tensor([1, 2]).logcumsumexp(0),
    lambda T: T.ones(3).topk(4), lambda T: T.ones(3).kthvalue(0), lambda T: T.ones(3).kthvalue(4),
    lambda T: T.tensor([1, 2]).quantile(0.5), lambda T: T.ones(3).quantile(1.5),
    lambda T: T.ones(3).quantile(T.ones(1, 1)),
    lambda T: T.ones(3).quantile(0.5, interpolation="x"),
    lambda T: T.ones(3).quantile(T.ones(1, dtype=T.float64)), lambda T: T.ones(0).quantile(0.5),
    lambda T: T.bincount(T.tensor([-1])), lambda T: T.bincount(T.tensor([[1]])),
    lambda T: T.bincount(T.tensor([1.0])), lambda T: T.histc(T.tensor([1, 2])),
    lambda T: T.diff(T.tensor(1.0)), lambda T: T.allclose(T.ones(2), T.ones(2).double()),
    lambda T: T.allclose(T.ones(2), T.ones(3)), lambda T: T.ones(2).median(1),
    lambda T: T.searchsorted(T.tensor([1, 2]), T.tensor([1]), right=True, side="left"),
    lambda T: T.tensor([1j]).nansum(), lambda T: T.tensor([False, True]).argmax(),
    lambda T: T.tensor([True]).argmin(0), lambda T: T.ones(2).norm(dtype=T.float16),
    lambda T: T.ones(2).double().norm(dtype=T.float32), lambda T: T.ones(2).norm(dtype=T.complex64),
    lambda T: T.ones(2, dtype=T.complex64).norm(dtype=T.float64),
]  # fmt: skip


@pytest.mark.parametrize("fn", ERRORS, ids=[str(i) for i in range(len(ERRORS))])
def test_errors_match_torch(torch_ref, fn):
    with pytest.raises(Exception) as theirs:
        fn(torch_ref)
    with pytest.raises(type(theirs.value)) as ours:
        fn(torch)
    assert str(ours.value) == str(theirs.value)


def test_var_warns_when_degrees_of_freedom_are_gone():
    with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
        v = torch.ones(1).var()
    assert math.isnan(v.item())


# --- sorting and friends, with ties, NaN and edge cases ------------------------------------------

SORTING = [
    ("sort_nan", lambda T: T.tensor([1.0, NAN, 2.0, NAN, -1.0]).sort()),
    ("sort_nan_desc", lambda T: T.tensor([1.0, NAN, 2.0, NAN, -1.0]).sort(descending=True)),
    ("sort_ties_desc", lambda T: T.tensor([3.0, 1, 2, 1, 3, 1, 2, 3]).sort(descending=True)),
    ("sort_stable", lambda T: T.tensor([[3, 1, 2, 1], [1, 1, 1, 0]]).sort(dim=1, stable=True)),
    ("argsort_ties", lambda T: T.tensor([2, 1, 2, 1]).argsort()),
    ("max_nan_dim", lambda T: T.tensor([[1.0, NAN, 2.0], [3.0, 1.0, 3.0]]).max(1)),
    ("argmin_nan", lambda T: T.tensor([1.0, NAN, 0.0]).argmin()),
    ("median_nan", lambda T: T.tensor([[1.0, NAN, 2.0], [NAN, 1.0, NAN]]).median(1)),
    ("nanmedian", lambda T: T.tensor([[1.0, NAN, 2.0, 4.0], [NAN, 1.0, NAN, 3.0]]).nanmedian(1)),
    ("nanmedian_all", lambda T: T.tensor([1.0, NAN, NAN]).nanmedian()),
    ("mode", lambda T: T.tensor([[1.0, 2, 2, 1], [3, 3, 1, 1], [5, 4, 4, 5]]).mode(1)),
    ("mode_keep", lambda T: T.tensor([[1, 2], [1, 3], [2, 3]]).mode(0, True)),
    ("cummax_nan", lambda T: T.tensor([1.0, NAN, 2.0]).cummax(0)),
    ("cummin_nan", lambda T: T.tensor([1.0, NAN, 2.0, NAN]).cummin(0)),
    ("cummax_ties", lambda T: T.tensor([5.0, 5, 1, 5]).cummax(0)),
    ("topk_values", lambda T: T.tensor([3.0, 1, 2, 7, 3]).topk(2)),
    ("topk_nan", lambda T: T.tensor([1.0, NAN, 2.0]).topk(1)),
    ("kthvalue_nan", lambda T: T.tensor([1.0, NAN, 2.0]).kthvalue(3)),
    ("quantile_nan", lambda T: T.tensor([[1.0, NAN], [3, 4]]).quantile(0.5, dim=1)),
    ("nanquantile_nan", lambda T: T.tensor([[1.0, NAN], [NAN, NAN]]).nanquantile(0.5, dim=1)),
    ("quantile_tensor_q", lambda T: T.tensor([1.0, 2, 3, 4]).quantile(T.tensor([0.25, 0.5, 1.0]))),
    ("quantile_keepdim_all", lambda T: T.ones(2, 3).quantile(0.5, keepdim=True)),
    ("unique", lambda T: T.tensor([3, 1, 2, 1, 3]).unique()),
    ("unique_all", lambda T: T.unique(T.tensor([[3, 1], [2, 1]]), return_inverse=True,
        return_counts=True)),
    ("unique_nan", lambda T: T.tensor([1.0, NAN, NAN, 1.0]).unique()),
    ("unique_dim", lambda T: T.unique(T.tensor([[1, 2], [1, 2], [0, 5]]), dim=0,
        return_inverse=True, return_counts=True)),
    ("unique_dim1", lambda T: T.unique(T.tensor([[1, 1, 0], [2, 2, 5]]), dim=1)),
    ("unique_consecutive", lambda T: T.unique_consecutive(T.tensor([1, 1, 2, 2, 3, 1, 1, 2]),
        return_inverse=True, return_counts=True)),
    ("unique_consecutive_dim", lambda T: T.unique_consecutive(T.tensor([[1, 2], [1, 2], [0,
        5]]), dim=0, return_counts=True)),
    ("unique_consecutive_empty", lambda T: T.unique_consecutive(T.tensor([], dtype=T.int64),
        return_counts=True)),
    ("bincount", lambda T: T.bincount(T.tensor([1, 1, 3]))),
    ("bincount_weights", lambda T: T.bincount(T.tensor([1, 1, 3]), T.tensor([1.0, 2, 3]))),
    ("bincount_int_weights", lambda T: T.bincount(T.tensor([1, 1, 3]), T.tensor([1, 2, 3]))),
    ("bincount_minlength", lambda T: T.bincount(T.tensor([1, 1, 3]), minlength=6)),
    ("bincount_empty", lambda T: T.bincount(T.tensor([], dtype=T.int64))),
    ("histc", lambda T: T.histc(T.tensor([1.0, 2, 1]), bins=4, min=0, max=3)),
    ("histc_auto", lambda T: T.histc(T.tensor([1.0, 2, 1, 5]), bins=5)),
    ("histc_degenerate", lambda T: T.histc(T.tensor([1.0, 1]), bins=3)),
    ("histc_edges", lambda T: T.histc(T.tensor([0.0, 0.1, 0.2, 0.3, 0.7, 1.0]), bins=10, min=0,
        max=1)),
    ("histc_outside", lambda T: T.histc(T.tensor([1.0, 2, 3, NAN, INF]), bins=2, min=1, max=3)),
    ("histogram", lambda T: T.histogram(T.tensor([1.0, 2, 1]), bins=4, range=(0.0, 3.0),
        weight=T.tensor([1.0, 2.0, 4.0]))),
    ("histogram_edges", lambda T: T.histogram(T.tensor([1.0, 2, 1, 3]), T.tensor([0.0, 1, 2.5,
        3]))),
    ("histogram_density", lambda T: T.histogram(T.tensor([1.0, 2, 1]), bins=3, density=True)),
    ("histogram_degenerate", lambda T: T.histogram(T.tensor([1.0, 1.0]), bins=2)),
    ("searchsorted", lambda T: T.searchsorted(T.tensor([1, 3, 5, 7, 9]), T.tensor([[3, 6, 9],
        [0, 10, 5]]))),
    ("searchsorted_right", lambda T: T.searchsorted(T.tensor([1, 3, 5, 7, 9]), T.tensor([3, 6,
        9]), right=True)),
    ("searchsorted_batched", lambda T: T.searchsorted(T.tensor([[1, 3, 5, 7, 9], [2, 4, 6, 8,
        10]]), T.tensor([[3, 6, 9, 0], [3, 6, 10, 11]]))),
    ("searchsorted_batched_right", lambda T: T.searchsorted(T.tensor([[1, 3, 3, 7], [2, 2, 6,
        8]]), T.tensor([[3, 7], [2, 9]]), side="right")),
    ("searchsorted_scalar", lambda T: T.searchsorted(T.tensor([1, 3, 5]), 3)),
    ("searchsorted_int32", lambda T: T.searchsorted(T.tensor([1, 3, 5]), T.tensor([3]),
        out_int32=True)),
    ("searchsorted_sorter", lambda T: T.searchsorted(T.tensor([5, 3, 1]), T.tensor([3, 4]),
        sorter=T.tensor([2, 1, 0]))),
    ("searchsorted_mixed", lambda T: T.searchsorted(T.tensor([1.0, 3, 5]), T.tensor([3, 4]))),
    ("bucketize", lambda T: T.bucketize(T.tensor([[3, 6, 9], [3, 6, 9]]), T.tensor([1, 3, 5, 7,
        9]))),
    ("bucketize_right", lambda T: T.bucketize(T.tensor([3, 6, 9]), T.tensor([1, 3, 5, 7, 9]),
        right=True)),
    ("equal", lambda T: (T.equal(T.tensor([1, 2]), T.tensor([1.0, 2])), T.equal(T.ones(2),
        T.ones(3)))),
    ("equal_nan", lambda T: T.equal(T.tensor([NAN]), T.tensor([NAN]))),
    ("allclose", lambda T: (T.allclose(T.ones(2), T.ones(2) + 1e-9), T.allclose(T.tensor([NAN]),
        T.tensor([NAN]), equal_nan=True))),
    ("diff_bool", lambda T: T.diff(T.tensor([True, False, False]))),
    ("diff_prepend", lambda T: T.diff(T.tensor([1, 3, 6, 10]), n=2, prepend=T.tensor([0]),
        append=T.tensor([20, 30]))),
    ("diff_too_many", lambda T: T.diff(T.tensor([1, 3]), n=3)),
    ("trapezoid_x", lambda T: T.trapezoid(T.tensor([1.0, 2, 3]), T.tensor([0.0, 1, 3]))),
    ("trapezoid_int", lambda T: T.trapezoid(T.tensor([1, 2, 3]), dx=2)),
    ("sum_to_size", lambda T: T.ones(2, 3, 4).sum_to_size(3, 1)),
]  # fmt: skip


@pytest.mark.parametrize("fn", [c[1] for c in SORTING], ids=[c[0] for c in SORTING])
def test_sorting_matches_torch(torch_ref, fn):
    ours, theirs = fn(torch), fn(torch_ref)
    assert type(ours).__name__ == type(theirs).__name__
    assert_same(flat(ours), flat(theirs), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_searchsorted_random_batches_match_torch(torch_ref, seed):
    rng = np.random.default_rng(seed)
    seq = np.sort(rng.integers(0, 10, (3, 2, 7)), axis=-1)
    values = rng.integers(-1, 11, (3, 2, 5))
    for right in (False, True):
        ours = torch.searchsorted(torch.tensor(seq), torch.tensor(values), right=right)
        theirs = torch_ref.searchsorted(
            torch_ref.tensor(seq), torch_ref.tensor(values), right=right
        )
        assert_same(ours, theirs)


@pytest.mark.parametrize("largest", [True, False])
def test_topk_of_a_few_among_many_matches_torch(torch_ref, largest):
    data = sample((4, 100), seed=5)
    data[1, 7] = NAN
    x = torch.tensor(data, requires_grad=True)
    ours = x.topk(5, largest=largest)
    theirs = to_torch(x).topk(5, largest=largest)
    assert_same(ours.values, theirs.values)
    assert_same(ours.indices, theirs.indices)  # no ties here: the same indices
    ours.values.sum().backward()
    assert x.grad.sum().item() == 20 and bool((x.grad.max(1).values == 1).all())


def test_nuclear_norm_goes_to_linalg(torch_ref):
    if not hasattr(torch.linalg, "matrix_norm"):
        pytest.skip("torch.linalg.matrix_norm is not there yet")
    ours, theirs, _, _ = run_both(torch_ref, lambda T, x: x.norm("nuc"), sample((3, 4)))
    assert_same(ours, theirs, rtol=1e-10, atol=1e-10)


def test_unique_output_has_no_derivative():
    x = torch.tensor([1.0, 2.0, 1.0], requires_grad=True)
    u = x.unique()
    assert u.grad_fn.name() == "Unique2Backward0"
    with pytest.raises(NotImplementedError, match="the derivative for '_unique2' is not"):
        u.sum().backward()


def test_softmax_without_dim_is_torchs_type_error(torch_ref):
    for name in ("softmax", "log_softmax"):
        for as_method in (False, True):
            errors = []
            for L in (torch, torch_ref):
                with pytest.raises(TypeError) as info:
                    getattr(L.ones(2), name)() if as_method else getattr(L, name)(L.ones(2))
                errors.append(str(info.value))
            assert errors[0] == errors[1]


def test_softmax_implicit_dim_warns():
    from numtorch.ops.statistics import get_softmax_dim

    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        assert get_softmax_dim("softmax", 2) == 1
    with pytest.warns(UserWarning):
        assert get_softmax_dim("log_softmax", 3) == 0


# --- literal expectations (no torch needed) ------------------------------------------------------


def test_literals():
    x = torch.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    assert x.sum().item() == 21.0 and x.sum(0).tolist() == [5.0, 7.0, 9.0]
    assert x.sum(dim=(0, 1), keepdim=True).shape == (1, 1)
    assert torch.tensor([1, 2, 3]).sum().dtype is torch.int64
    assert torch.tensor([True, True]).sum().item() == 2
    values, indices = x.max(1)
    assert values.tolist() == [5.0, 6.0] and indices.tolist() == [1, 2]
    assert indices.dtype is torch.int64 and x.max(1).indices is not None
    assert x.argmax().item() == 5 and x.argmin(1).tolist() == [0, 1]
    assert x.amax(-1).tolist() == [5.0, 6.0]
    assert torch.tensor([3.0, 1.0, 2.0]).sort(descending=True).indices.tolist() == [0, 2, 1]
    assert torch.tensor([1.0, 2.0, 3.0, 4.0]).median().item() == 2.0
    assert torch.tensor([2.0, 4.0]).var().item() == 2.0
    assert torch.tensor([3.0, 4.0]).norm().item() == 5.0
    assert torch.tensor([1.0, 2.0, 3.0]).cumsum(0).tolist() == [1.0, 3.0, 6.0]
    assert torch.tensor([-math.inf, -math.inf]).logsumexp(0).item() == -math.inf
    assert torch.tensor([1000.0, 1000.0]).logsumexp(0).item() == pytest.approx(1000 + math.log(2))
    assert torch.tensor([1000.0, 0.0]).softmax(0).tolist() == [1.0, 0.0]
    assert x.softmax(1).sum(1).tolist() == pytest.approx([1.0, 1.0])
    assert torch.tensor([1, 2], dtype=torch.uint8).all().dtype is torch.uint8
    assert repr(x.max(0)).startswith("torch.return_types.max(")
    assert isinstance(torch.std_mean(x), tuple) and type(torch.std_mean(x)) is tuple
    u, inv, cnt = torch.unique(torch.tensor([2, 1, 2]), return_inverse=True, return_counts=True)
    assert u.tolist() == [1, 2] and inv.tolist() == [1, 0, 1] and cnt.tolist() == [1, 2]
    assert torch.bucketize(torch.tensor([0.5, 1.5]), torch.tensor([1.0, 2.0])).tolist() == [0, 1]


def test_gradient_literals():
    x = torch.tensor([1.0, 3.0, 3.0], requires_grad=True)
    x.max().backward()
    assert x.grad.tolist() == [0.0, 0.5, 0.5]  # split evenly among ties
    x = torch.tensor([[1.0, 3.0, 3.0]], requires_grad=True)
    x.max(1).values.sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0, 0.0]]  # to the index returned
    x = torch.tensor([0.0, 0.0], requires_grad=True)
    x.norm().backward()
    assert x.grad.tolist() == [0.0, 0.0]  # 0 at the origin, as torch
    x = torch.tensor([2.0, 0.0, 3.0], requires_grad=True)
    x.prod().backward()
    assert x.grad.tolist() == [0.0, 6.0, 0.0]


def test_sum_and_mean_node_names():
    x = torch.ones(2, 3, requires_grad=True)
    assert x.sum().grad_fn.name() == "SumBackward0"
    assert x.sum(1).grad_fn.name() == "SumBackward1"
    assert x.mean().grad_fn.name() == "MeanBackward0"
    assert x.mean(0).grad_fn.name() == "MeanBackward1"
    assert x.max(0)[0].grad_fn.name() == "MaxBackward0"
    assert x.max().grad_fn.name() == "MaxBackward1"
    assert x.softmax(0).grad_fn.name() == "SoftmaxBackward0"
    assert x.log_softmax(0).grad_fn.name() == "LogSoftmaxBackward0"
    assert x.norm().grad_fn.name() == "LinalgVectorNormBackward0"


def test_out_and_inplace():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    out = torch.empty(2)
    torch.sum(x, 1, out=out)
    assert out.tolist() == [3.0, 7.0]
    y = x.clone()
    y.cumsum_(0)
    assert y.tolist() == [[1.0, 2.0], [4.0, 6.0]]
