"""Indexing: ``x[index]``, ``x[index] = value``, ``copy_`` and the index/mask/scatter ops.

Most tests are rows of code run on both numtorch and PyTorch (``T`` is the library) and compared:
values, dtypes, shapes, view-ness, ``grad_fn`` names and gradients (``out.backward(w)`` with the
same ``w`` on both). Error rows compare exception types and messages. Gradients are also checked
against finite differences in float64 with ``gradcheck``, and a few literal expectations run
without PyTorch.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import numtorch as torch
from numtorch.autograd import gradcheck, gradgradcheck

from .conftest import assert_same


def _data(seed=0):
    rng = np.random.default_rng(seed)
    return {
        "x3": rng.standard_normal((3, 4, 5)),
        "x": rng.standard_normal((3, 4)),
        "s": rng.standard_normal((3, 4)),
        "v": np.array(1.5),
        "m": rng.standard_normal((3, 4)) > 0,
    }


def namespace(T, requires_grad=True):
    """The same inputs in library ``T``: float64 leaves x3, x, s, v and a bool mask m."""
    ns = {"T": T, "np": np}
    for name, a in _data().items():
        t = T.from_numpy(a.copy())
        if a.dtype == np.float64 and requires_grad:
            t.requires_grad_()
        ns[name] = t
    return ns


def run(code, T, ns=None):
    """Evaluates an expression (or runs statements that set ``r``) with library ``T``."""
    ns = namespace(T) if ns is None else ns
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return eval(code, ns), ns
        except SyntaxError:
            exec(code, ns)
            return ns.get("r"), ns


def grad_name(t):
    return None if t.grad_fn is None else t.grad_fn.name()


def check_same(ours, theirs):
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        for o, t in zip(ours, theirs):
            check_same(o, t)
        return
    assert_same(ours, theirs, rtol=1e-12, atol=1e-12)
    assert grad_name(ours) == grad_name(theirs)
    assert ours.requires_grad == theirs.requires_grad


def check_grads(ours, theirs, ns_ours, ns_theirs, leaves=("x3", "x", "s", "v")):
    """Backward with the same weights on both sides, then compare the leaves' gradients."""
    if not theirs.requires_grad:
        return
    w = np.random.default_rng(1).standard_normal(tuple(theirs.shape))
    try:
        theirs.backward(ns_theirs["T"].from_numpy(w.astype(theirs.detach().numpy().dtype)))
    except RuntimeError as e:  # e.g. no derivative: ours must refuse the same way
        with pytest.raises(RuntimeError, match=str(e)):
            ours.backward(torch.from_numpy(w.astype(ours._data.dtype)))
        return
    ours.backward(torch.from_numpy(w.astype(ours._data.dtype)))
    for name in leaves:
        g_ours, g_theirs = ns_ours[name].grad, ns_theirs[name].grad
        assert (g_ours is None) == (g_theirs is None), name
        if g_theirs is not None:
            assert_same(g_ours, g_theirs, rtol=1e-10, atol=1e-10)


def check_error(code, torch_ref):
    with pytest.raises(Exception) as theirs:
        run(code, torch_ref)
    with pytest.raises(type(theirs.value)) as ours:
        run(code, torch)
    assert str(ours.value) == str(theirs.value)


# -- x[index] -----------------------------------------------------------------------------------

# Each index is applied to y = x3 * 1 (3, 4, 5): a non-leaf, so views get PyTorch's names.
GETITEM = [
    "0", "-1", "1:3", "::2", "1:100", "-10:2", "3:1", "None", "...", ":", "()", "(0, 1)",
    "(0, 1, 2)", "(0, slice(1, 3))", "(slice(1, 3), 0)", "(0, None)", "(None, 0)", "(..., 0)",
    "(0, ...)", "(..., None)", "(slice(None), None)", "(None, ..., None)", "(..., 0, None, 1)",
    "(slice(None), slice(None))", "(slice(0, 3), 0)", "(slice(None), slice(0, 4))",
    "(slice(None, None, 1),)", "(slice(1, 2, 2), 0)", "np.int64(1)", "T.tensor(1)",
    "(T.tensor(1), 0)", "T.tensor(1, dtype=T.int32)", "slice(T.tensor(1), T.tensor(3))",
    "T.tensor([1])", "[0, 1]", "[2, 0, 2]", "[[0, 1], [1, 0]]", "[0, [1, 0]]", "[]", "[0.5]",
    "T.tensor([[0, 1], [1, 2]])", "T.tensor([1], dtype=T.int32)", "range(2)", "np.array([0, 1])",
    "True", "False", "T.tensor(True)", "(0, True)", "(True, 0)", "(0, [0, 1])",
    "(0, slice(None), [0, 1])", "([0, 1], slice(None), [0, 1])", "(slice(None), [0, 1], [0, 1])",
    "(T.tensor(0), [0, 1])", "([0, 1], None)", "(None, [0, 1])", "([0, 1], 0)",
    "(slice(None), [0, 1], 0)", "([0, 1], ..., [1, 2])", "(slice(0, 2), [0, 1], slice(1, 3))",
    "([0, 1], slice(1, 3), [0, 1])", "((1, 2), 3)", "([1, 2], [[1, 2], [0, 0]])",
    "(T.tensor([[0, 1]]), slice(None), T.tensor([[1], [2]]))", "(..., [1, 2])",
    "([1, 2], ...)", "(T.tensor([0, 1]), T.tensor([[0], [1]]))", "([0, 1], [1, 2], None)",
    "x3 > 0", "T.ones(3, dtype=T.bool)", "[True, False, True]", "np.array([True, False, True])",
    "(slice(None), x3[0, :, 0] > 0)", "(x3[:, :, 0] > 0, 0)",
    "(x3[:, :, 0] > -100, T.arange(12) % 5)",
    "T.ones(3, dtype=T.uint8)", "(..., 0, ...)", "(None, None)",
]  # fmt: skip


@pytest.mark.parametrize("index", GETITEM)
def test_getitem_matches_torch(index, torch_ref):
    code = f"r = x3 * 1; r = r[{index}]"
    ours, ns_ours = run(code, torch)
    theirs, ns_theirs = run(code, torch_ref)
    check_same(ours, theirs)
    assert (ours._base is not None) == (theirs._base is not None)  # view or copy
    check_grads(ours, theirs, ns_ours, ns_theirs)


GETITEM_ERRORS = [
    "1.5", "5", "-4", "(0, 10)", "(None, 5)", "(..., 9)", "(0, 0, 0, 0)", "slice(None, None, -1)",
    "slice(None, None, 0)", "[5]", "[-4]", "(slice(None), [0, 5])",
    "(slice(None), slice(None), [7])",
    "([0], [9])", "([0], slice(None), [9])", "T.tensor([0.])", "T.tensor(1.5)",
    "[[0, 1], [0, 1, 2]]",
    "x3[0] > 0", "T.ones(2, dtype=T.bool)", "[True, False]", "T.tensor([[True]])", "{1: 2}",
    "(1, 1.0)", "(None, 1.0)", "T.tensor(5)",
    "(T.tensor([[True, True, False, True], [True] * 4, [False] * 4]), T.tensor([0, 1, 2]))",
]  # fmt: skip


@pytest.mark.parametrize("index", GETITEM_ERRORS)
def test_getitem_errors_match_torch(index, torch_ref):
    check_error(f"x3[{index}]", torch_ref)


@pytest.mark.parametrize("code", ["T.tensor(5.)[0]", "T.tensor(5.)[[0]]", "T.zeros(3)[1, 'a']"])
def test_getitem_errors_zero_dim_and_types(code, torch_ref):
    check_error(code, torch_ref)


@pytest.mark.parametrize(
    "code", ["T.tensor(5.)[...]", "T.tensor(5.)[None]", "T.tensor(5.)[True]", "T.tensor(5.)[()]"]
)
def test_getitem_zero_dim(code, torch_ref):
    check_same(run(code, torch)[0], run(code, torch_ref)[0])


def test_basic_index_is_a_view_of_the_storage():
    x = torch.tensor(np.arange(12.0).reshape(3, 4))
    v = x[1, 1:3]
    assert v._base is x and v.storage_offset() == 5 and v.stride() == (1,)
    v[0] = 100.0
    assert x[1, 1].item() == 100.0
    assert x._version == v._version == 1
    c = x[[1]]
    c[0, 0] = -1.0
    assert x[1, 0].item() == 4.0  # advanced indexing copies


def test_advanced_gradient_accumulates_repeated_indices():
    x = torch.zeros(3, requires_grad=True)
    x[[0, 0, 2, 0]].backward(torch.tensor([1.0, 2.0, 3.0, 4.0]))
    assert x.grad.tolist() == [7.0, 0.0, 3.0]


def test_getitem_grad_names_without_torch():
    y = torch.ones(3, 4, requires_grad=True) * 1
    names = {
        "SelectBackward0": y[0], "SliceBackward0": y[1:], "UnsqueezeBackward0": y[None],
        "AliasBackward0": y[...], "IndexBackward0": y[[0, 1]],
    }  # fmt: skip
    for name, r in names.items():
        assert r.grad_fn.name() == name


@pytest.mark.parametrize("index", ["0", "(slice(1, 3), 2)", "([0, 2, 0],)", "(Ellipsis, [1, 1])",
                                   "(slice(None), [True, False, True, True])"])  # fmt: skip
def test_getitem_gradcheck(index):
    x = torch.from_numpy(_data()["x"]).requires_grad_()
    idx = eval(index)
    assert gradcheck(lambda t: t[idx], (x,))
    assert gradgradcheck(lambda t: t[idx] ** 2, (x,))


# -- x[index] = value ----------------------------------------------------------------------------

# Statements on r = x * 1 (3, 4), a non-leaf; v is a 0-dim leaf, s a (3, 4) leaf.
SETITEM = [
    "r[0] = 5.", "r[0] = v", "r[1:] = s[1:]", "r[:, 1] = s[0, :3]", "r[...] = 2.", "r[...] = v",
    "r[:] = 5", "r[:] = s", "r[[0, 2]] = 7.", "r[[0, 2]] = s[:2]", "r[[0, 0]] = s[:2]",
    "r[m] = 0.", "r[m] = v", "r[m] = s[m]", "r[0, [0, 1]] = v", "r[:, [0, 3]] = s[:, :2]",
    "r[None] = 2.", "r[True] = 3.", "r[0] = T.ones(1, 1, 4, dtype=T.float64)",
    "r[[0, 1]] = T.tensor([[[1.], [2.]]], dtype=T.float64)", "r[1:, None][[0, 1]] = 2.",
    "r[0] = s[0].float()", "r[x > 0] = T.tensor(3)", "r[0] = True",
]  # fmt: skip


@pytest.mark.parametrize("stmt", SETITEM)
def test_setitem_matches_torch(stmt, torch_ref):
    code = f"r = x * 1\n{stmt}"
    ours, ns_ours = run(code, torch)
    theirs, ns_theirs = run(code, torch_ref)
    check_same(ours, theirs)
    assert ours._version == theirs._version
    check_grads(ours, theirs, ns_ours, ns_theirs)


# The same writes without autograd: plain tensors, several dtypes.
SETITEM_NO_GRAD = [
    "r = T.zeros(3, 4); r[0] = 1.", "r = T.zeros(3, 4, dtype=T.int64); r[:, 1] = 2.7",
    "r = T.zeros(3, dtype=T.int64); r[:] = T.tensor([1.7, 2.2, -1.5])",
    "r = T.zeros(3, dtype=T.bool); r[0] = 5", "r = T.zeros(3); r[0] = T.tensor(True)",
    "r = T.zeros(3); r[[0, 0]] = T.tensor([1., 2.])", "r = T.zeros(3, dtype=T.uint8); r[0] = -1",
    "r = T.zeros(3, dtype=T.float16); r[0] = 1e10", "r = T.zeros(2, 3); r[0] = T.ones(1, 1, 3)",
    "r = T.zeros(2, 3); r[r == 0] = T.arange(6.)", "r = T.zeros(2, 3); w = r[0]; w[1] = 5.",
    "r = T.zeros(2, 3); r[:, [True, False, True]] = T.tensor([[1.], [2.]])",
    "r = T.zeros(3); r[1:][[0, 1]] = T.tensor([4., 5.])",
]  # fmt: skip


@pytest.mark.parametrize("code", SETITEM_NO_GRAD)
def test_setitem_without_grad_matches_torch(code, torch_ref):
    ours, theirs = run(code, torch)[0], run(code, torch_ref)[0]
    check_same(ours, theirs)
    assert ours._version == theirs._version


SETITEM_ERRORS = [
    "x[0] = 1.", "x[[0]] = 1.", "x[m] = 1.", "x[...] = 1.", "x[:] = 1.",
    "r = T.zeros(3); r[:] = T.ones(2)", "r = T.zeros(3); r[[0, 1]] = T.ones(3)",
    "r = T.zeros(3, 2); r[[0, 1]] = T.ones(3)", "r = T.zeros(3); r[r == 0] = T.ones(2)",
    "r = T.zeros(3); r[:] = T.ones(2, 3)", "r = T.zeros(3); r[0] = 1 + 2j",
    "r = T.zeros(3); r[0] = [1]", "r = T.zeros(3); r[0] = 'a'", "r = T.zeros(3); r[0] = None",
    "r = T.zeros(3); r[0] = np.float32(2.5)", "r = T.zeros(3); r[5] = 1",
    "r = T.zeros(3); r[[5]] = 1", "r = T.zeros(3); r[::-1] = 1",
    "r = T.zeros(3, dtype=T.int8); r[0] = 300", "r = T.zeros(3, dtype=T.int32); r[0] = 2**40",
    "r = T.zeros(3); r[0] = 1e300", "r = T.zeros(3, dtype=T.int64); r[0] = float('nan')",
    "r = T.zeros(3); r[[0, 1]] = T.ones(2, 1, 2)",
]  # fmt: skip


@pytest.mark.parametrize("code", SETITEM_ERRORS)
def test_setitem_errors_match_torch(code, torch_ref):
    check_error(code, torch_ref)


def test_setitem_without_torch():
    x = torch.zeros(2, 3)
    x[0, [0, 2]] = torch.tensor([1.0, 2.0])
    x[1] = 4
    assert x.tolist() == [[1.0, 0.0, 2.0], [4.0, 4.0, 4.0]]
    assert x._version == 2
    leaf = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable"):
        leaf[0] = 2.0
    with torch.no_grad():
        leaf[0] = 2.0
    assert leaf.tolist() == [2.0, 1.0, 1.0]


def test_setitem_autograd_without_torch():
    x = torch.ones(4, requires_grad=True)
    v = torch.tensor([5.0, 6.0], requires_grad=True)
    y = x * 2
    y[[1, 3]] = v
    assert y.grad_fn.name() == "IndexPutBackward0"
    y.backward(torch.tensor([1.0, 2.0, 3.0, 4.0]))
    assert x.grad.tolist() == [2.0, 0.0, 6.0, 0.0]
    assert v.grad.tolist() == [2.0, 4.0]


def test_setitem_gradcheck():
    x = torch.from_numpy(_data()["x"]).requires_grad_()
    s = torch.from_numpy(_data()["s"][:2, :2].copy()).requires_grad_()

    def f(x, s):
        y = x * 1
        y[1:, [0, 2]] = s
        y[0, 1:3] = s[0]
        return y

    assert gradcheck(f, (x, s))
    assert gradgradcheck(f, (x, s))


# -- copy_ ----------------------------------------------------------------------------------------

COPY = [
    "r = x * 1; r.copy_(s)", "r = x * 1; r.copy_(v)", "r = x * 1; r.copy_(s[0])",
    "r = x * 1; r[1].copy_(s[0])", "r = T.zeros(3, 4); r.copy_(s)", "r = T.zeros(3, 4); r.copy_(5)",
    "r = T.zeros(3, dtype=T.int32); r.copy_(T.tensor([1.5, -2.5, 3.]))",
    "r = T.zeros(3); r.copy_(T.tensor(5 + 1j))", "r = x * 1; r.copy_(s.float())",
]  # fmt: skip


@pytest.mark.parametrize("code", COPY)
def test_copy_matches_torch(code, torch_ref):
    ours, ns_ours = run(code, torch)
    theirs, ns_theirs = run(code, torch_ref)
    check_same(ours, theirs)
    assert ours._version == theirs._version
    check_grads(ours, theirs, ns_ours, ns_theirs)


COPY_ERRORS = [
    "T.zeros(3).copy_(T.ones(2))", "T.zeros(3).copy_(T.ones(3, 3))", "x.copy_(s)",
    "T.zeros(3).copy_('a')",
]  # fmt: skip


@pytest.mark.parametrize("code", COPY_ERRORS)
def test_copy_errors_match_torch(code, torch_ref):
    check_error(code, torch_ref)


def test_copy_gradcheck_and_cast():
    s = torch.from_numpy(_data()["s"][0].copy()).requires_grad_()
    assert gradcheck(lambda s: (torch.zeros(3, 4, dtype=torch.float64) * 1).copy_(s), (s,))
    x = torch.zeros(3, dtype=torch.int64)
    x.copy_(torch.tensor([1.9, -1.9, 2.0]))
    assert x.tolist() == [1, -1, 2] and x._version == 1


# -- the index, mask and scatter ops --------------------------------------------------------

I = "T.tensor([[0, 1, 2, 0], [1, 0, 0, 2], [2, 2, 1, 1]])"  # an index for dim 0 of (3, 4)
J = "T.tensor([[0, 3], [1, 1], [2, 0]])"  # an index for dim 1, smaller than x

OPS = [
    f"T.gather(x, 0, {I})", f"T.gather(x, 1, {J})", f"x.gather(-1, {J})",
    f"T.gather(x, 1, {J}.int())", "T.gather(T.tensor(5.), 0, T.tensor([0, 0]))",
    "T.gather(x, 1, T.zeros(3, 0, dtype=T.int64))",
    f"x.scatter(0, {I}, s)", f"x.scatter(1, {J}, s[:, :2])", f"x.scatter(1, {J}, 2.5)",
    f"x.scatter(1, {J}, value=-1)", f"T.scatter(x, 1, {J}, s[:, :2], reduce='add')",
    f"x.detach().scatter(1, {J}, s.detach(), reduce='multiply')",
    f"x.detach().scatter(1, {J}, 2., reduce='add')", f"T.scatter_add(x, 0, {I}, s)",
    f"x.scatter_add(1, {J}, s[:, :2])", f"T.zeros(3, 4, dtype=T.int64).scatter_add(1, {J}, "
    f"T.ones(3, 4, dtype=T.int64))",
    *[f"x.scatter_reduce(0, {I}, s, '{red}', include_self={inc})"
      for red in ("sum", "prod", "mean", "amax", "amin") for inc in (True, False)],
    f"x.scatter_reduce(1, {J}, s[:, :2], 'amax')",
    f"x.scatter_reduce(1, {J}, s[:, :2], 'prod', include_self=False)",
    f"T.ones(3, 4, dtype=T.int64).scatter_reduce(0, {I}, T.arange(12).reshape(3, 4) - 5, 'mean')",
    f"T.ones(3, 4, dtype=T.int32).scatter_reduce(0, {I}, T.arange(12, dtype=T.int32).reshape(3, 4),"
    f" 'amin', include_self=False)",
    "T.index_select(x, 1, T.tensor([0, 3, 3]))", "x.index_select(0, T.tensor(2))",
    "x.index_select(-1, T.tensor([1], dtype=T.int32))",
    "T.index_select(T.tensor(5.), 0, T.tensor([0]))",
    "T.index_add(x, 1, T.tensor([0, 0, 3]), s[:, :3])",
    "x.index_add(0, T.tensor([2, 2]), s[:2], alpha=-2.5)",
    "T.arange(6).reshape(2, 3).index_add(1, T.tensor([0, 1]), T.ones(2, 2, dtype=T.int64), "
    "alpha=1.5)",
    "T.tensor(5.).index_add(0, T.tensor([0]), T.tensor(2.))",
    "T.zeros(2, 3).index_add(0, T.tensor(0), T.ones(1, 3))",
    "T.index_copy(x, 1, T.tensor([3, 0]), s[:, :2])", "x.index_copy(0, T.tensor([1]), s[:1])",
    "T.zeros(3).index_copy(0, T.tensor([0]), T.tensor(1.))",
    "T.index_fill(x, 1, T.tensor([0, 2]), -1.)", "x.index_fill(0, T.tensor([2, 0, 0]), v)",
    "x.detach().index_fill(0, T.tensor([-1]), 2.)",
    "x.index_fill(1, T.tensor(1), T.tensor(2))",
    "T.arange(6).reshape(2, 3).index_fill(1, T.tensor([1]), 1.5)",
    "T.take(x, T.tensor([[0, 11], [-1, 5]]))", "x.take(T.tensor([3, 3, 3]))",
    "T.take_along_dim(x, T.tensor([[0], [2], [3]]), dim=1)",
    "T.take_along_dim(x, T.tensor([[0, 1, 1, 2]]), dim=0)",
    "T.take_along_dim(x, T.tensor([[0, 5, 5]]))", "x.take_along_dim(T.tensor([[1], [0], [3]]), 1)",
    "T.index_put(x, (T.tensor([0, 0]), T.tensor([1, 1])), s[0, :2], accumulate=True)",
    "x.index_put((T.tensor([0, 0]), T.tensor([1, 1])), s[0, :2])",
    "x.index_put([T.tensor([2, 0])], s[:2], accumulate=True)",
    "x.index_put((m,), v)", "x.index_put((T.tensor([True, False, True]),), s[0])",
    "x.index_put((T.tensor([0, 2]),), s[0, 0], accumulate=True)",
    "x.put(T.tensor([0, 11]), s[0, :2])", "x.put(T.tensor([[1], [1]]), s[0, :2], accumulate=True)",
    "T.tensor(5.).put(T.tensor([0]), T.tensor([2.]))",
    "T.masked_fill(x, m, 2.5)", "x.masked_fill(m, v)", "x.masked_fill(m[0], -1)",
    "x[0].masked_fill(T.tensor([[True], [False]]), 9.)", "x.masked_fill(m, T.tensor(2))",
    "T.arange(6).masked_fill(T.arange(6) > 2, 9.5)", "T.zeros(3, dtype=T.bool).masked_fill("
    "T.tensor([True, False, True]), 5)", "T.tensor(5.).masked_fill(T.tensor(True), 2.)",
    "T.masked_select(x, m)", "x.masked_select(m[1])", "x[0].masked_select(m[:, :1])",
    "T.tensor(5.).masked_select(T.tensor(True))",
    "T.masked_scatter(x, m, s)", "x.masked_scatter(m[0], s.reshape(-1))",
    "x[0].masked_scatter(m[:, :1], s)", "T.zeros(4).masked_scatter(m, T.arange(12.))",
    "T.where(m, x, s)", "T.where(m, x, 0.)", "T.where(m, 1., s)", "T.where(m[0], x, v)",
    "T.where(m, x.long(), 0.5)", "T.where(m, x.long(), T.tensor(0.5))", "T.where(m, 1, 0)",
    "T.where(m, 1., 0)", "T.where(m, True, False)", "T.where(m, x.float(), x)",
    "T.where(m, x.half(), 1e10)", "T.where(m, 1 + 1j, x)", "x.where(m, 5)", "x.where(m, v)",
    "T.where(m, T.tensor(2, dtype=T.int32), T.tensor([2], dtype=T.int8))",
    "T.where(T.tensor([1, 0, 1, 1], dtype=T.uint8), x, s)",
    "T.where(m)", "T.where(x)", "T.where(T.tensor(3.))", "T.nonzero(x)",
    "T.nonzero(m, as_tuple=True)", "T.nonzero(T.tensor(3.))",
    "T.nonzero(T.tensor(0.), as_tuple=True)",
    "T.nonzero(T.zeros(0, 3))", "T.nonzero(T.zeros(2, 0, 3), as_tuple=True)", "T.argwhere(m)",
    "T.argwhere(T.tensor(2))", "x.nonzero()", "m.argwhere()",
]  # fmt: skip


@pytest.mark.parametrize("code", OPS)
def test_op_matches_torch(code, torch_ref):
    ours, ns_ours = run(code, torch)
    theirs, ns_theirs = run(code, torch_ref)
    check_same(ours, theirs)
    if not isinstance(theirs, tuple):
        check_grads(ours, theirs, ns_ours, ns_theirs)


# In-place forms: on r = x * 1 (autograd records, as PyTorch does), then on plain tensors.
INPLACE = [
    f"r.scatter_(1, {J}, s[:, :2])", f"r.scatter_(1, {J}, 2.)", f"r.scatter_add_(0, {I}, s)",
    f"r.scatter_reduce_(0, {I}, s, 'amax')",
    f"r.scatter_reduce_(0, {I}, s, 'mean', include_self=False)",
    "r.index_add_(1, T.tensor([0, 0, 3]), s[:, :3], alpha=2)",
    "r.index_copy_(0, T.tensor([2, 0]), s[:2])", "r.index_fill_(1, T.tensor([1, 2]), v)",
    "r.index_fill_(1, T.tensor([1, 2]), -3)", "r.index_put_((T.tensor([0, 0]),), s[0], True)",
    "r.index_put_((m,), v)", "r.put_(T.tensor([0, 5]), s[0, :2])",
    "r.put_(T.tensor([0, 0]), s[0, :2], accumulate=True)", "r.masked_fill_(m, v)",
    "r.masked_fill_(m[0], 2.)", "r.masked_scatter_(m, s)", "r[1].masked_fill_(m[1], 0.)",
    "r[:, 1:3].index_add_(0, T.tensor([0, 0]), s[:2, :2])",
]  # fmt: skip


@pytest.mark.parametrize("stmt", INPLACE)
def test_inplace_matches_torch(stmt, torch_ref):
    code = f"r = x * 1\n{stmt}"
    ours, ns_ours = run(code, torch)
    theirs, ns_theirs = run(code, torch_ref)
    check_same(ours, theirs)
    assert ours._version == theirs._version
    check_grads(ours, theirs, ns_ours, ns_theirs)


@pytest.mark.parametrize("stmt", INPLACE)
def test_inplace_without_grad_matches_torch(stmt, torch_ref):
    code = f"r = x.detach().clone()\ns = s.detach()\nv = v.detach()\n{stmt}"
    ours, theirs = run(code, torch)[0], run(code, torch_ref)[0]
    check_same(ours, theirs)
    assert ours._version == theirs._version


def test_inplace_writes_through_strided_views(torch_ref):
    code = (
        "r = T.arange(24.).reshape(4, 6)\nw = r[::2, 1::2]\n"
        "w.put_(T.tensor([0, 5]), T.tensor([-1., -2.]))\nw.index_fill_(1, T.tensor([1]), 7.)\n"
        "w.masked_fill_(w > 20, 0.)\nw[0, [0, 2]] = T.tensor([8., 9.])"
    )
    check_same(run(code, torch)[0], run(code, torch_ref)[0])


OP_ERRORS = [
    "T.gather(x, 1, T.tensor([0, 1]))", "T.gather(x, 1, T.tensor([[0, 4]]))",
    "T.gather(x, 1, T.tensor([[0, -1]]))", "T.gather(x, 2, T.tensor([[0]]))",
    "T.gather(x, 0, T.tensor([[0, 1, 1, 0, 1]]))", "T.gather(x, 1, T.tensor([[0.]]))",
    f"x.scatter(1, {J}.float(), s)", f"x.scatter(1, {J}, s.float())",
    "x.scatter(1, T.tensor([[5]]), s)", "x.scatter(1, T.tensor([0]), s)",
    f"x.scatter(1, {J}, s[:1, :1])", "x.scatter(0, T.tensor([[0, 1, 2, 0, 1]]), 1.)",
    f"x.scatter(1, {J}, v)", f"x.scatter(1, {J}, s, reduce='sum')",
    f"x.scatter_reduce(1, {J}, s, 'add')", f"x.scatter_add(1, {J}, s.float())",
    "x.index_select(1, T.tensor([[2]]))", "x.index_select(1, T.tensor([2.]))",
    "x.index_select(1, T.tensor([4]))", "x.index_select(0, T.tensor([-1]))",
    "x.index_add(1, T.tensor([0, 0]), s[:, :3])", "x.index_add(1, T.tensor([0, 0]), s[:2, :2])",
    "x.index_add(1, T.tensor([0, 5]), s[:, :2])",
    "x.index_add(1, T.tensor([0, 1]), s[:, :2].float())",
    "x.index_add(1, T.tensor([0., 1]), s[:, :2])", "x.index_add(1, T.tensor([[0, 1]]), s[:, :2])",
    "x.index_add(1, T.tensor([0, 1]), s[0, :2])",
    "x.index_copy(1, T.tensor([0, 5]), s[:, :2])", "x.index_copy(1, T.tensor([0, 2]), s[:, :3])",
    "x.index_copy(1, T.tensor([0, 2]), s[:2, :2])", "x.index_copy(1, T.tensor([0, 2]), s[:, 0])",
    "x.index_copy(1, T.tensor([0, 2]), s[:, :2].float())",
    "x.index_copy(1, T.tensor([[0]]), s[:, :1])",
    "x.index_copy(1, T.tensor([0, 2], dtype=T.int32), s[:, :2])",
    "x.index_fill(1, T.tensor([0, 5]), 1.)", "x.index_fill(1, T.tensor([[0]]), 1.)",
    "x.index_fill(1, T.tensor([0.]), 1.)", "x.index_fill(1, T.tensor([0]), s[0])",
    "x.take(T.tensor([12]))", "x.take(T.tensor([-13]))", "x.take(T.tensor([1.]))",
    "x.take(T.tensor([1], dtype=T.int32))",
    "T.take_along_dim(x, T.tensor([[0, 1]]), dim=0)", "T.take_along_dim(x, T.tensor([0]), dim=0)",
    "T.take_along_dim(x, T.tensor([[0]]).int(), dim=1)",
    "T.take_along_dim(x, T.tensor([[0]]), dim=2)",
    "T.take_along_dim(x, T.tensor([[0], [1]]), dim=1)",
    "x.index_put((T.tensor([0]),), s.float())", "x.index_put((T.tensor([0]),), 1.)",
    "x.index_put((None, T.tensor([0])), v)", "x.index_put((T.tensor([0.]),), v)",
    "x.index_put((T.tensor([5]),), v)", "x.index_put((T.tensor([0]),) * 3, v)",
    "x.index_put((T.tensor([0, 1]),), s[:3])", "x.index_put((T.tensor([0, 1]),), s[:1, None])",
    "x.detach().put_(T.tensor([0, 12]), s[0, :2].detach())",
    "x.detach().put_(T.tensor([0, 1]), s[0, :1].detach())",
    "x.detach().put_(T.tensor([0, 1]), T.tensor([1, 2]))",
    "x.detach().put_(T.tensor([0., 1]), s[0, :2].detach())",
    "x.masked_fill(m.int(), 1.)", "x.masked_fill(m.long(), 1.)", "x.masked_fill(m.float(), 1.)",
    "x.masked_fill(m, s[0])", "x.masked_fill(m[:2], 1.)", "x.masked_fill(m, 1 + 2j)",
    "x.long().masked_fill(m, 2**63)", "x.detach()[0].masked_fill_(m[:, :1], 1.)",
    "x.detach().masked_fill_(m[0, :2], 1.)",
    "x.masked_select(m.int())", "x.masked_select(m[:2])", "x.masked_scatter(m, s.reshape(-1)[:2])",
    "x.masked_scatter(m, s.long())", "x.masked_scatter(m.long(), s)",
    "x.detach().masked_scatter_(m[:2], s.detach())",
    "T.where(m.int(), x, 0)", "T.where(m.float(), x, 0)", "T.where(m, x, s[:2])",
    "T.where(m, x.int(), 2**40)", "x.masked_fill_(m, 1.)",
]  # fmt: skip


@pytest.mark.parametrize("code", OP_ERRORS)
def test_op_errors_match_torch(code, torch_ref):
    check_error(code, torch_ref)


# -- gradients against finite differences ---------------------------------------------------------


def _leaf(name, sl=None):
    a = _data()[name]
    return torch.from_numpy((a if sl is None else a[sl]).copy()).requires_grad_()


_I = torch.tensor([[0, 1, 2, 0], [1, 0, 0, 2], [2, 2, 1, 1]])
_J = torch.tensor([[0, 3], [1, 2], [2, 0]])  # no repeats: a repeated write has no derivative
_M = torch.from_numpy(_data()["m"])

GRADCHECK = [
    ("gather", lambda x, s: x.gather(0, _I)),
    ("gather_small", lambda x, s: x.gather(1, _J)),
    ("scatter", lambda x, s: x.scatter(1, _J, s)),
    ("scatter_value", lambda x, s: x.scatter(1, _J, 0.5)),
    ("scatter_add", lambda x, s: x.scatter_add(0, _I, s)),
    *[(f"scatter_reduce_{r}_{inc}", lambda x, s, r=r, inc=inc: x.scatter_reduce(
        0, _I, s, r, include_self=inc)) for r in ("sum", "prod", "mean", "amax", "amin")
      for inc in (True, False)],
    ("index_select", lambda x, s: x.index_select(1, torch.tensor([0, 3, 3]))),
    ("index_add", lambda x, s: x.index_add(1, torch.tensor([0, 0, 3, 0]), s, alpha=2)),
    ("index_copy", lambda x, s: x.index_copy(0, torch.tensor([2, 0]), s[:2])),
    ("index_fill", lambda x, s: x.index_fill(1, torch.tensor([1, 1]), s[0, 0])),
    ("index_put", lambda x, s: x.index_put((torch.tensor([0, 2]),), s[:2])),
    ("index_put_acc", lambda x, s: x.index_put((torch.tensor([0, 0, 2]),), s, accumulate=True)),
    ("take", lambda x, s: x.take(torch.tensor([[0, 11], [0, 0]]))),
    ("take_along_dim", lambda x, s: x.take_along_dim(torch.tensor([[0, 0, 3]]), dim=1)),
    ("put", lambda x, s: x.put(torch.tensor([1, 0, 4]), s[0, :3])),
    ("put_acc", lambda x, s: x.put(torch.tensor([1, 1, 4]), s[0, :3], accumulate=True)),
    ("masked_fill", lambda x, s: x.masked_fill(_M, s[1, 1])),
    ("masked_select", lambda x, s: x.masked_select(_M[0])),
    ("masked_scatter", lambda x, s: x.masked_scatter(_M, s)),
    ("where", lambda x, s: torch.where(_M, x, s[0])),
    ("setitem_mask", lambda x, s: _set(x * 1, _M, s[_M])),
    # src larger than the index: the part the index does not reach gets zero gradient
    ("scatter_add_big", lambda x, s: x.scatter_add(1, _J, s)),
    *[(f"scatter_reduce_{r}_big", lambda x, s, r=r: x.scatter_reduce(1, _J, s, r))
      for r in ("sum", "prod", "mean", "amax")],
]  # fmt: skip


def _set(y, index, value):
    y[index] = value
    return y


@pytest.mark.parametrize("name,fn", GRADCHECK, ids=[g[0] for g in GRADCHECK])
def test_gradcheck(name, fn):
    x, s = _leaf("x"), _leaf("s")
    if "prod" in name:  # zeros exercise the exclusive-product gradient
        with torch.no_grad():
            x[0, 1] = 0.0
            s[1, 2] = 0.0
    assert gradcheck(fn, (x, s))


@pytest.mark.parametrize("name", ["gather", "scatter_add", "index_add", "masked_scatter", "where",
                                  "index_put_acc", "take"])  # fmt: skip
def test_gradgradcheck(name):
    fn = dict(GRADCHECK)[name]
    assert gradgradcheck(lambda x, s: fn(x, s) ** 2, (_leaf("x"), _leaf("s")))


# -- literal expectations (no PyTorch needed) ----------------------------------------------------


def test_ops_without_torch():
    x = torch.arange(6.0).reshape(2, 3)
    i = torch.tensor([[0, 1], [1, 0]])
    assert x.gather(1, i).tolist() == [[0.0, 1.0], [4.0, 3.0]]
    assert torch.zeros(2, 3).scatter_add(1, i, x[:, :2]).tolist() == [[0, 1, 0], [4, 3, 0]]
    assert x.index_select(1, torch.tensor([2, 0])).tolist() == [[2.0, 0.0], [5.0, 3.0]]
    assert torch.zeros(3).index_add(0, torch.tensor([0, 0]), torch.ones(2)).tolist() == [2, 0, 0]
    m = torch.tensor([True, False, True])
    assert x.masked_fill(m, -1.0).tolist() == [[-1.0, 1.0, -1.0], [-1.0, 4.0, -1.0]]
    assert x.masked_select(m).tolist() == [0.0, 2.0, 3.0, 5.0]
    assert torch.where(m, 1, 0).dtype is torch.int64
    assert torch.where(m, 1.0, 0).dtype is torch.float32
    assert torch.nonzero(x).tolist() == [[0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]
    assert [t.tolist() for t in torch.where(x > 3)] == [[1, 1], [1, 2]]
    assert x.take(torch.tensor([5, -6])).tolist() == [5.0, 0.0]
    with pytest.raises(RuntimeError, match="Index tensor must have the same number of dimensions"):
        x.gather(1, torch.tensor([0]))
    with pytest.raises(RuntimeError, match="index 3 is out of bounds for dimension 1 with size 3"):
        x.scatter_add(1, torch.tensor([[3]]), x)


def test_vectorised_at_scale():
    # a large gather/scatter_add/index backward runs as whole-array operations
    x = torch.randn(2000, 64, requires_grad=True)
    idx = torch.randint(0, 2000, (50000,))
    x[idx].sum().backward()
    counts = np.bincount(idx.numpy(), minlength=2000)
    np.testing.assert_allclose(x.grad.numpy()[:, 0], counts)


GRAPH_CASES = ["x[0, 1:3]", "x[:, 1:3, ::2]", "x[None, 0]", "x[0, 1, 2]", "x[1:2, None]",
               "x[0, ..., None]", "x[-1:, 1]", "x[1, :, [0, 1]]", "x[:, None, 1:2, [1, 2]]",
               "x[:]", "x[...]", "x[:, :]", "x[True]", "x[0][1]"]  # fmt: skip


@pytest.mark.parametrize("expr", GRAPH_CASES)
def test_basic_index_builds_torchs_chain_of_nodes(torch_ref, expr):
    """torch applies an index item by item: one Select/Slice/Unsqueeze node per item."""

    def chain(L):
        env = {"x": L.rand(3, 4, 5, requires_grad=True)}
        node, names = eval(expr, env).grad_fn, []
        while node is not None and type(node).__name__ != "AccumulateGrad":
            names.append(type(node).__name__)
            node = next((f for f, _ in node.next_functions if f is not None), None)
        return names

    assert chain(torch) == chain(torch_ref)


def test_advanced_index_layout_matches_torch(torch_ref):
    """The copy an advanced index makes has torch's strides (TensorIterator's dimension order):
    contiguous for a contiguous input, following the input's layout otherwise."""
    rng = np.random.default_rng(0)
    checked = 0
    for _ in range(400):
        nd = int(rng.integers(2, 5))
        base = rng.random([int(n) for n in rng.integers(1, 5, nd)]).astype(np.float32)
        perm = [int(p) for p in rng.permutation(nd)]
        step = tuple(slice(None, None, int(rng.choice([1, 1, 2]))) for _ in range(nd))
        view_shape = base.transpose(perm)[step].shape
        index = []
        for size in view_shape:
            r = rng.random()
            if r < 0.3:
                index.append(rng.integers(0, size, int(rng.choice([1, 2, 3]))).tolist())
            elif r < 0.4:
                index.append(int(rng.integers(size)))
            elif r < 0.5:
                index.append((rng.random(size) > 0.5).tolist())
            else:
                index.append(slice(None))
        if not any(isinstance(i, list) for i in index):
            continue

        def run(L, base=base, perm=perm, step=step, index=index):
            x = L.tensor(base).permute(*perm)[step]
            try:
                y = x[tuple(L.tensor(i) if isinstance(i, list) else i for i in index)]
            except (IndexError, RuntimeError) as exc:
                return type(exc).__name__, str(exc)
            return tuple(y.shape), y.stride() if y.numel() else None, y.tolist()

        assert run(torch) == run(torch_ref), (base.shape, perm, step, index)
        checked += 1
    assert checked > 200
