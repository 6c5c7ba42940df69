"""Shape and view ops (numtorch/ops/shape.py and joining.py), driven by tables.

Each row of ``CASES`` is one call, written once as ``fn(lib, x)`` and run on numtorch and on
PyTorch with the same float64 input (contiguous, or laid out by ``layout`` first). Against
PyTorch we compare values, dtypes, sizes, strides, storage offsets, contiguity, whether the
result shares the input's storage, the grad_fn name, the gradient of a random output gradient,
and the gradient of that gradient with respect to the output gradient (double backward). Every
row is also checked against finite differences with ``gradcheck``, which needs no PyTorch.
"""

from __future__ import annotations

import hypothesis
import numpy as np
import pytest
from hypothesis import strategies as st

import numtorch
from numtorch._backend import base_array
from numtorch.autograd import gradcheck

from .conftest import assert_same

SHAPE = (2, 3, 4)

# layouts the input is given in before the op (they are views themselves)
LAYOUTS = {
    "c": lambda x: x,
    "t": lambda x: x.transpose(0, 2),  # (4, 3, 2), strides (1, 4, 12)
    "s": lambda x: x[:, :, ::2],  # (2, 3, 2), strides (12, 4, 2)
    "m": lambda x: x.transpose(-2, -1),  # (.., 4, 3)
}


def case(name, fn, shape=SHAPE, layout="c", grad=True):
    return pytest.param(fn, shape, layout, grad, id=name)


CASES = [
    # view and reshape
    case("view", lambda L, x: x.view(6, 4)),
    case("view_infer", lambda L, x: x.view(-1, 4)),
    case("view_tuple", lambda L, x: x.view((2, 12))),
    case("view_size", lambda L, x: x.view(L.Size([4, 6]))),
    case("view_noncontig", lambda L, x: x.view(4, 1, 3, 2), layout="t"),
    case("view_split_sliced", lambda L, x: x.view(2, 3, 1, 2), layout="s"),
    case("view_scalar", lambda L, x: x[0, 0, 0].view(1, 1)),
    case("view_to_scalar", lambda L, x: x[0, 0, :1].view([])),
    case("view_as", lambda L, x: x.view_as(x.new_zeros(24))),
    case("reshape_view", lambda L, x: x.reshape(3, 8)),
    case("reshape_copy", lambda L, x: x.reshape(12, 2), layout="t"),
    case("reshape_fn", lambda L, x: L.reshape(x, (-1,)), layout="s"),
    case("reshape_as", lambda L, x: x.reshape_as(x.new_zeros(4, 6))),
    case("flatten", lambda L, x: x.flatten()),
    case("flatten_copy", lambda L, x: x.flatten(), layout="t"),
    case("flatten_part", lambda L, x: L.flatten(x, 1)),
    case("flatten_part_noncontig", lambda L, x: x.flatten(0, 1), layout="t"),
    case("flatten_scalar", lambda L, x: x[0, 0, 0].flatten()),
    case("unflatten", lambda L, x: x.unflatten(2, (2, 2))),
    case("unflatten_infer", lambda L, x: L.unflatten(x, 0, (-1, 2)), layout="t"),
    case("ravel", lambda L, x: x.ravel()),
    case("ravel_copy", lambda L, x: L.ravel(x), layout="t"),
    # squeeze and unsqueeze
    case("squeeze_all", lambda L, x: x.squeeze(), shape=(2, 1, 3, 1)),
    case("squeeze_dim", lambda L, x: x.squeeze(1), shape=(2, 1, 3, 1)),
    case("squeeze_dim_not_one", lambda L, x: x.squeeze(0), shape=(2, 1, 3, 1)),
    case("squeeze_dims", lambda L, x: L.squeeze(x, (1, -1)), shape=(2, 1, 3, 1)),
    case("squeeze_scalar", lambda L, x: x[0, 0, 0].squeeze(0)),
    case("unsqueeze_0", lambda L, x: x.unsqueeze(0)),
    case("unsqueeze_mid", lambda L, x: x.unsqueeze(1), layout="t"),
    case("unsqueeze_last", lambda L, x: L.unsqueeze(x, -1), layout="t"),
    case("unsqueeze_scalar", lambda L, x: x[0, 0, 0].unsqueeze(0)),
    # expand and broadcasting
    case("expand", lambda L, x: x.expand(2, 3, 4), shape=(3, 1)),
    case("expand_keep", lambda L, x: x.expand(5, -1, 4), shape=(3, 1)),
    case("expand_lead_ones", lambda L, x: x.expand(1, 1, 3, 1), shape=(3, 1)),
    case("expand_list", lambda L, x: x.expand([2, 4, 3]), layout="m", shape=(1, 3, 4)),
    case("expand_scalar", lambda L, x: x[0, 0, 0].expand(1, 3)),
    case("expand_as", lambda L, x: x.expand_as(L.zeros(2, 3, 4)), shape=(3, 1)),
    case("broadcast_to", lambda L, x: L.broadcast_to(x, (2, 3, 4)), shape=(3, 1)),
    case("broadcast_tensors", lambda L, x: L.broadcast_tensors(x, x[0, 0].view(1, 1, 4))),
    case("broadcast_tensors_ones", lambda L, x: L.broadcast_tensors(x, L.ones(5, 1, 1, 1))),
    # permutations
    case("t", lambda L, x: x.t(), shape=(3, 4)),
    case("t_1d", lambda L, x: L.t(x), shape=(3,)),
    case("t_strided", lambda L, x: x[0].t(), layout="t"),
    case("transpose", lambda L, x: x.transpose(0, 2)),
    case("transpose_same", lambda L, x: L.transpose(x, 1, -2)),
    case("swapaxes", lambda L, x: L.swapaxes(x, 0, 1), layout="s"),
    case("swapdims", lambda L, x: x.swapdims(-1, 0)),
    case("permute", lambda L, x: x.permute(2, 0, 1)),
    case("permute_list", lambda L, x: L.permute(x, [1, -1, 0]), layout="t"),
    case("movedim", lambda L, x: x.movedim(0, 2)),
    case("movedim_many", lambda L, x: L.movedim(x, (0, 1), (2, 0))),
    case("moveaxis", lambda L, x: L.moveaxis(x, -1, 0), layout="s"),
    case("adjoint", lambda L, x: L.adjoint(x)),
    case("T", lambda L, x: x.T, shape=(3, 4)),
    case("mT", lambda L, x: x.mT, layout="t"),
    # slicing views
    case("narrow", lambda L, x: x.narrow(2, 1, 2)),
    case("narrow_negative", lambda L, x: L.narrow(x, -1, -2, 2), layout="t"),
    case("narrow_tensor_start", lambda L, x: x.narrow(1, L.tensor(1), 2)),
    case("narrow_copy", lambda L, x: L.narrow_copy(x, 0, 1, 2), layout="t"),
    case("select", lambda L, x: x.select(1, 2)),
    case("select_negative", lambda L, x: L.select(x, -1, -1), layout="t"),
    case("unbind", lambda L, x: x.unbind(1)),
    case("unbind_fn", lambda L, x: L.unbind(x), layout="s"),
    case("split", lambda L, x: x.split(3, 2)),
    case("split_sizes", lambda L, x: L.split(x, [1, 3], -1)),
    case("split_with_sizes", lambda L, x: x.split_with_sizes([2, 0, 1], 1), layout="t"),
    case("chunk", lambda L, x: x.chunk(3, 2)),
    case("chunk_fewer", lambda L, x: L.chunk(x, 4, 1)),
    case("tensor_split_sections", lambda L, x: x.tensor_split(3, 2)),
    case("tensor_split_indices", lambda L, x: L.tensor_split(x, [1, -1, 9], 2)),
    case("tensor_split_tensor", lambda L, x: x.tensor_split(L.tensor([1, 2]), 1)),
    case("hsplit", lambda L, x: L.hsplit(x, 3)),
    case("hsplit_1d", lambda L, x: x.hsplit([1]), shape=(4,)),
    case("vsplit", lambda L, x: L.vsplit(x, 2), layout="t"),
    case("dsplit", lambda L, x: x.dsplit([1, 3])),
    # diagonal, as_strided, unfold
    case("diagonal", lambda L, x: x.diagonal()),
    case("diagonal_offset", lambda L, x: L.diagonal(x, 1, 1, 2)),
    case("diagonal_negative", lambda L, x: x.diagonal(-1, -1, 0), layout="t"),
    case("diagonal_empty", lambda L, x: x.diagonal(5)),
    case("as_strided", lambda L, x: x.as_strided((2, 2), (1, 2))),
    case("as_strided_offset", lambda L, x: L.as_strided(x, (3, 2), (4, 1), 5)),
    case("as_strided_overlap", lambda L, x: x.as_strided((3, 3), (1, 1))),
    case("as_strided_of_view", lambda L, x: x[1].as_strided((2, 2), (2, 1), 13)),
    case("unfold", lambda L, x: x.unfold(2, 2, 1)),
    case("unfold_step", lambda L, x: x.unfold(0, 2, 2), layout="t"),
    case("unfold_gap", lambda L, x: x.unfold(-1, 1, 3)),
    case("unfold_scalar", lambda L, x: x[0, 0, 0].unfold(0, 1, 1)),
    # clone and contiguous
    case("clone", lambda L, x: x.clone()),
    case("clone_transposed", lambda L, x: L.clone(x), layout="t"),
    case("clone_sliced", lambda L, x: x.clone(), layout="s"),
    case("clone_contiguous", lambda L, x: x.clone(memory_format=L.contiguous_format), layout="t"),
    case("contiguous_copy", lambda L, x: x.contiguous(), layout="t"),
    # cat and stack
    case("cat", lambda L, x: L.cat([x, x * 2])),
    case("cat_dim", lambda L, x: L.cat((x, x[:, :1]), 1), layout="t"),
    case("cat_negative_dim", lambda L, x: L.cat([x[..., :1], x], dim=-1)),
    case("cat_mixed_grad", lambda L, x: L.cat([L.ones(1, 3, 4, dtype=L.float64), x])),
    case("cat_promotes", lambda L, x: L.cat([x.float(), x[:1], L.ones(1, 3, 4)]), grad=False),
    case(
        "cat_int_float",
        lambda L, x: L.cat([L.zeros(1, 3, 4, dtype=L.int64), x.float()]),
        grad=False,
    ),
    case("cat_legacy_empty", lambda L, x: L.cat([L.zeros(0), x, L.zeros(0)], 2)),
    case("concat", lambda L, x: L.concat([x, x], 2)),
    case("concatenate", lambda L, x: L.concatenate([x, x], axis=1)),
    case("stack", lambda L, x: L.stack([x, x * 3])),
    case("stack_last", lambda L, x: L.stack([x, x], -1), layout="t"),
    case("stack_promotes", lambda L, x: L.stack([x.float(), x]), grad=False),
    case("stack_mixed_grad", lambda L, x: L.stack([x, L.zeros(2, 3, 4, dtype=L.float64)], 1)),
    case("hstack", lambda L, x: L.hstack([x, x])),
    case("hstack_1d", lambda L, x: L.hstack((x[0, 0], x[1, 1]))),
    case("vstack", lambda L, x: L.vstack([x[0, 0], x[0]])),
    case("row_stack", lambda L, x: L.row_stack([x[0, 0], x[1, 0]])),
    case("dstack", lambda L, x: L.dstack([x[0], x[1]])),
    case("column_stack", lambda L, x: L.column_stack([x[0, 0], x[0].t(), x[1, 1]])),
    case("column_stack_scalars", lambda L, x: L.column_stack([x[0, 0, 0], x[1, 1, 1]])),
    case("atleast_1d", lambda L, x: L.atleast_1d(x[0, 0, 0])),
    case("atleast_2d_many", lambda L, x: L.atleast_2d(x[0, 0, 0], x[0, 0], x)),
    case("atleast_3d_list", lambda L, x: L.atleast_3d([x[0, 0, 0], x[0, 0], x[0]])),
    # repeat and tile
    case("repeat", lambda L, x: x.repeat(2, 1, 3)),
    case("repeat_new_dims", lambda L, x: x.repeat(2, 1, 2, 1), layout="t"),
    case("repeat_tuple", lambda L, x: x.repeat((1, 2, 1))),
    case("repeat_zero", lambda L, x: x.repeat(1, 0, 1)),
    case("tile", lambda L, x: L.tile(x, (2,))),
    case("tile_more", lambda L, x: x.tile(2, 1, 1, 2), layout="s"),
    # flips, rolls, rotations
    case("flip", lambda L, x: x.flip(0)),
    case("flip_many", lambda L, x: L.flip(x, (0, -1)), layout="t"),
    case("flip_sliced", lambda L, x: x.flip([1]), layout="s"),
    case("flip_none", lambda L, x: L.flip(x, ())),
    case("fliplr", lambda L, x: L.fliplr(x), layout="t"),
    case("flipud", lambda L, x: x.flipud()),
    case("roll", lambda L, x: x.roll(1, 0)),
    case("roll_flat", lambda L, x: L.roll(x, 5), layout="t"),
    case("roll_many", lambda L, x: x.roll((1, -2), (2, 1))),
    case("roll_big", lambda L, x: x.roll(-7, -1)),
    case("roll_scalar", lambda L, x: x[0, 0, 0].roll(1)),
    *[case(f"rot90_{k}", lambda L, x, k=k: x.rot90(k)) for k in range(-1, 5)],
    case("rot90_dims", lambda L, x: L.rot90(x, 1, (2, 0)), layout="t"),
    case("rot90_neg_dims", lambda L, x: x.rot90(3, [-1, -2])),
    # triangles and diagonals
    case("tril", lambda L, x: x.tril()),
    case("tril_k", lambda L, x: L.tril(x, -1), layout="t"),
    case("triu", lambda L, x: x.triu(1)),
    case("triu_big_k", lambda L, x: L.triu(x, -5), layout="s"),
    case("diag_vector", lambda L, x: x[0, 0].diag()),
    case("diag_vector_k", lambda L, x: L.diag(x[0, 0], -2)),
    case("diag_matrix", lambda L, x: x[0].diag()),
    case("diag_matrix_k", lambda L, x: L.diag(x[0], 1), layout="t"),
    case("diag_matrix_far", lambda L, x: x[0].diag(-7)),
    case("diag_embed", lambda L, x: x.diag_embed()),
    case("diag_embed_dims", lambda L, x: L.diag_embed(x, -1, 0, 2), layout="s"),
    case("diagflat", lambda L, x: L.diagflat(x[0], 1)),
]


def _torch_layout_input(torch_ref, data, layout):
    x = torch_ref.from_numpy(data.copy()).requires_grad_(True)
    return x, LAYOUTS[layout](x)


def _ours(array):
    return numtorch.from_numpy(np.array(array))


def _ours_input(data, layout):
    x = _ours(data).requires_grad_()
    return x, LAYOUTS[layout](x)


def _outputs(r):
    return list(r) if isinstance(r, (tuple, list)) else [r]


def _sample(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def _shares_storage_torch(a, b):
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


@pytest.mark.parametrize("fn,shape,layout,grad", CASES)
def test_matches_torch(torch_ref, fn, shape, layout, grad):
    """Values, layout, storage sharing and grad_fn names as PyTorch's."""
    data = _sample(shape)
    leaf, x = _ours_input(data, layout)
    tleaf, tx = _torch_layout_input(torch_ref, data, layout)
    ours, theirs = _outputs(fn(numtorch, x)), _outputs(fn(torch_ref, tx))
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        assert_same(o, t, rtol=1e-12, atol=1e-12)
        if t.numel():  # numtorch reports row-major strides for every empty tensor
            assert o.stride() == t.stride()
        assert o.storage_offset() == t.storage_offset()
        assert o.is_contiguous() == t.is_contiguous()
        assert (base_array(o._data) is base_array(leaf._data)) == _shares_storage_torch(t, tleaf)
        assert o.requires_grad == t.requires_grad
        assert (o._base is not None) == t._is_view()
        if t.grad_fn is not None:
            assert o.grad_fn.name() == t.grad_fn.name()


@pytest.mark.parametrize("fn,shape,layout,grad", CASES)
def test_gradients_match_torch(torch_ref, fn, shape, layout, grad):
    """The gradient for a random output gradient, and its derivative in that output gradient."""
    data = _sample(shape)
    leaf, x = _ours_input(data, layout)
    tleaf, tx = _torch_layout_input(torch_ref, data, layout)
    ours = [o for o in _outputs(fn(numtorch, x)) if o.requires_grad]
    theirs = [t for t in _outputs(fn(torch_ref, tx)) if t.requires_grad]
    assert len(ours) == len(theirs)
    if not ours:
        return
    seeds = [_sample(tuple(t.shape), seed=i + 1) for i, t in enumerate(theirs)]
    gs = [_ours(s).to(o.dtype).requires_grad_() for s, o in zip(seeds, ours)]
    tgs = [torch_ref.tensor(s, dtype=t.dtype, requires_grad=True) for s, t in zip(seeds, theirs)]
    (g,) = numtorch.autograd.grad(ours, [leaf], gs, create_graph=True)
    (tg,) = torch_ref.autograd.grad(theirs, [tleaf], tgs, create_graph=True)
    assert_same(g, tg, rtol=1e-12, atol=1e-12)
    if not tg.requires_grad:  # PyTorch's gradient of an empty output is a constant
        return
    # double backward: the gradient is linear in the output gradients
    w = _sample(tuple(tg.shape), seed=99)
    ggs = numtorch.autograd.grad([g], gs, [_ours(w)], allow_unused=True)
    tggs = torch_ref.autograd.grad([tg], tgs, [torch_ref.tensor(w)], allow_unused=True)
    for gg, tgg in zip(ggs, tggs):
        if tgg is None:
            assert gg is None or not gg.detach()._data.any()
        else:
            assert_same(gg, tgg, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("fn,shape,layout,grad", CASES)
def test_gradcheck(fn, shape, layout, grad):
    """Autograd's gradients against finite differences (no PyTorch needed).

    Rows marked ``grad=False`` go through float32, too coarse for finite differences.
    """
    if not grad:
        pytest.skip("computed in float32")
    x = _ours(_sample(shape)).requires_grad_()
    outs = [o for o in _outputs(fn(numtorch, LAYOUTS[layout](x))) if o.requires_grad]
    if not outs:
        pytest.skip("no differentiable output")
    assert gradcheck(lambda a: tuple(_outputs(fn(numtorch, LAYOUTS[layout](a)))), (x,))


# --- errors -------------------------------------------------------------------------------------

ERRORS = [
    "x.view(2, -1, -1)", "x.view(2, -2)", "x.view(2, 5)", "x.transpose(0, 1).view(-1)",
    "L.zeros(0, 3).view(0, -1)", "x.reshape(5, -1)",
    "x[:, :, 1:3].view(L.float64)", "x.mT.view(L.float16)",
    "x[..., :3].view(L.float64)", "x[0, 0, 0].view(L.float64)", "x.flatten(2, 1)",
    "x.flatten(3)", "x.unflatten(2, (3, 3))", "x.unflatten(2, ())", "x.squeeze(3)",
    "x.squeeze((0, -3))", "x.unsqueeze(4)", "x.unsqueeze(-5)", "x.expand(3, 4)",
    "x.expand(2, 2, 4)", "x.expand(-1, 2, 3, 4)", "x.expand(2, -2, 3, 4)", "x.t()",
    "x.transpose(0, 3)", "x.permute(0, 1)", "x.permute(0, 1, 1)", "x.permute(0, 1, 3)",
    "x.movedim(0, 3)", "x.movedim((0, 1), (1,))", "x.movedim((0, 0), (1, 2))",
    "x.movedim((0, 1), (2, 2))", "x.narrow(1, 4, 1)", "x.narrow(1, -1, 2)",
    "x.narrow(1, 0, -1)", "x.narrow(3, 0, 1)", "s.narrow(0, 0, 1)", "x.select(1, 3)",
    "x.select(-2, -4)", "s.select(0, 0)", "s.unbind()", "x.unbind(3)", "x.split(0, 1)",
    "x.split(-1, 1)", "x.split([1, 1], 1)", "s.split(1)", "x.chunk(0)", "s.chunk(1)",
    "x.tensor_split(0)", "s.tensor_split(1)", "L.hsplit(s, 1)", "L.hsplit(x, 2)",
    "L.vsplit(x[0, 0], 2)", "L.vsplit(x, 3)", "L.dsplit(x, 3)", "L.dsplit(x[0], 3)",
    "L.cat([])", "L.cat([x, x[:, :2]], 2)", "L.cat([x, x[:, :2]], 0)", "L.cat([x, x[0]])",
    "L.cat([s])", "L.cat([x, x], 3)", "L.cat(x)", "L.cat([x, 1])", "L.stack([])",
    "L.stack([x, x[:1]])", "L.stack([x, x], 4)", "L.stack([x, x[0]])", "L.hstack([])",
    "L.vstack([])", "L.dstack([])", "L.column_stack([])", "x.roll(1, (0, 1))",
    "x.roll((1, 2), 0)", "x.roll((1, 2))", "x.roll(())", "x.rot90(1, (0,))",
    "x.rot90(1, (0, 0))", "x.rot90(1, (0, -3))", "x.rot90(1, (0, 3))", "x[0, 0].rot90()",
    "x.flip(0, 0)", "x[0, 0].fliplr()", "s.flipud()", "x.diagonal(0, 0, 0)",
    "x.diagonal(0, 0, 3)", "x.diag()", "s.diag()", "x[0, 0].tril()", "s.triu()",
    "x.unfold(2, 5, 1)", "x.unfold(2, 2, 0)", "x.unfold(2, -1, 1)", "x.unfold(3, 2, 1)",
    "x.as_strided((30,), (1,))", "x.as_strided((2,), (1,), 30)", "x.as_strided((2,), (-1,))",
    "x.as_strided((2, 2), (1,))", "x.diag_embed(0, 0, 0)", "L.broadcast_shapes((2, 3), (3, 2))",
    "L.broadcast_shapes((1, 3), (2, 1), (4,))", "L.broadcast_shapes((2, -1))",
    "L.broadcast_tensors(x, L.ones(3))", "x.repeat(2, 2)", "x.repeat(-1, 1, 1)", "x.tile(-1)",
    "L.hsplit(x, 0)", "x.tensor_split(L.ones(2))", "x.tensor_split(L.ones(2, 2).long())",
    "L.diag_embed(s)", "x.view(-1, 0)", "L.zeros(0, 2).view(-1, 0)",
    "L.zeros(1, 4, 1).expand(-1, 4, -4)", "L.zeros(1, 3).expand(-2, 3)",
]  # fmt: skip


@pytest.mark.parametrize("expr", ERRORS)
def test_errors_match_torch(torch_ref, expr):
    def run(L):
        env = {"L": L, "x": L.zeros(2, 3, 4), "s": L.zeros(())}
        try:
            eval(expr, env)
        except Exception as e:  # noqa: BLE001 - the type is what we compare
            return type(e), str(e)
        return None

    ours, theirs = run(numtorch), run(torch_ref)
    assert theirs is not None
    assert ours == theirs


# --- in-place view ops ---------------------------------------------------------------------------

INPLACE = [
    ("unsqueeze_", lambda x: x.unsqueeze_(1)),
    ("squeeze_", lambda x: x[:, :1].squeeze_()),
    ("squeeze_dim_", lambda x: x[:, :1].squeeze_(1)),
    ("squeeze_dims_", lambda x: x[:, :1].squeeze_((1, 0))),
    ("t_", lambda x: x[0].t_()),
    ("transpose_", lambda x: x.transpose_(0, 2)),
    ("swapaxes_", lambda x: x.swapaxes_(1, 2)),
    ("swapdims_", lambda x: x.swapdims_(0, 1)),
    ("tril_", lambda x: x[0].tril_(1)),
    ("triu_", lambda x: x.triu_()),
]


@pytest.mark.parametrize("name,fn", INPLACE, ids=[n for n, _ in INPLACE])
def test_inplace_matches_torch(torch_ref, name, fn):
    data = _sample(SHAPE)
    leaf = numtorch.tensor(data, requires_grad=True)
    tleaf = torch_ref.tensor(data, requires_grad=True)
    x, tx = leaf * 1, tleaf * 1
    version, tversion = x._version, tx._version
    y, ty = fn(x), fn(tx)
    assert_same(y, ty)
    assert y.stride() == ty.stride()
    assert y.grad_fn.name() == ty.grad_fn.name()
    assert (x._version - version) == (tx._version - tversion)
    seed = _sample(tuple(ty.shape), seed=5)
    y.backward(_ours(seed))
    ty.backward(torch_ref.tensor(seed))
    assert_same(leaf.grad, tleaf.grad)


WRITTEN_VIEWS = [
    "y.transpose(0, 1)", "y.narrow(2, 1, 2)", "y.select(1, 1)", "y.diagonal(0, 1, 2)",
    "y.view(6, 4)", "y[:, :1].squeeze(1)", "y.unsqueeze(0)", "y.as_strided((2, 2), (1, 4), 3)",
    "y.permute(2, 0, 1)", "y.movedim(0, 2)", "y.flatten()", "y[0].t()", "y.unflatten(2, (2, 2))",
    "y.unfold(2, 2, 2)", "y.transpose(0, 2).reshape(4, 6)",
]  # fmt: skip


@pytest.mark.parametrize("expr", WRITTEN_VIEWS)
def test_writes_through_views_match_torch(torch_ref, expr):
    """An in-place op on a view changes the base, and gradients flow as in PyTorch."""
    data, seed = _sample(SHAPE), _sample(SHAPE, seed=3)
    results = []
    for L, make in ((numtorch, _ours), (torch_ref, torch_ref.from_numpy)):
        x = make(data.copy()).requires_grad_()
        y = x * 1
        v = eval(expr, {"y": y})
        v.mul_(L.full(tuple(v.shape), 2.0, dtype=v.dtype))
        y.backward(make(seed.copy()))
        results.append((y, x.grad))
    assert_same(results[0][0], results[1][0])
    assert_same(results[0][1], results[1][1])


def test_inplace_view_op_refuses_leaf():
    x = numtorch.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        x.unsqueeze_(0)
    y = numtorch.zeros(3)
    assert y.unsqueeze_(0) is y and y.shape == (1, 3) and y._version == 1


# --- literal expectations (no PyTorch needed) -----------------------------------------------------


def test_views_share_storage():
    x = numtorch.arange(24.0).reshape(2, 3, 4).clone()
    views = [
        x.view(6, 4), x.transpose(0, 2), x.permute(2, 0, 1), x[:, :1].expand(2, 3, 4),
        x.narrow(2, 1, 2), x.select(1, 2), x.unbind(1)[1], x.split(2, 2)[1], x.chunk(2, 0)[1],
        x.diagonal(1, 1, 2), x.as_strided((2, 2), (1, 2), 3), x.unfold(2, 2, 1),
        x.unsqueeze(1), x.squeeze(), x.movedim(0, 2), x.flatten(1), x[0].t(),
    ]  # fmt: skip
    for v in views:
        assert v._base is x
        assert v._version_counter is x._version_counter
    x.view(-1)[5] = -1.0
    assert x.select(1, 1)[0, 1].item() == -1.0
    assert x.transpose(0, 2)[1, 1, 0].item() == -1.0


def test_copies_do_not_share_storage():
    x = numtorch.arange(24.0).reshape(2, 3, 4)
    for c in [x.transpose(0, 1).reshape(-1), x.clone(), x.flip(0), x.roll(1), x.repeat(1, 1, 1)]:
        assert c._base is None
        assert not np.shares_memory(c._data, x._data)
    assert x.contiguous() is x and x.flatten(1, 1) is x


def test_literal_strides_and_messages():
    x = numtorch.zeros(2, 3, 4)
    assert x.transpose(0, 2).stride() == (1, 4, 12)
    assert x.transpose(0, 2).unsqueeze(1).stride() == (1, 12, 4, 12)
    assert x[:, :1].expand(2, 3, 4).stride() == (12, 0, 1)
    assert x.diagonal(1, 1, 2).storage_offset() == 1
    assert x.select(1, 2).storage_offset() == 8
    assert x.transpose(0, 1).reshape(-1).grad_fn is None
    with pytest.raises(IndexError) as e:
        numtorch.zeros(2, 3, 4, 5).unsqueeze(5)
    assert str(e.value) == "Dimension out of range (expected to be in range of [-5, 4], but got 5)"
    with pytest.raises(RuntimeError, match=r"Use \.reshape\(\.\.\.\) instead\."):
        x.transpose(0, 1).view(-1)
    with pytest.raises(RuntimeError) as e:
        numtorch.cat([numtorch.zeros(2, 2), numtorch.zeros(2, 3)], 0)
    assert str(e.value) == (
        "Sizes of tensors must match except in dimension 0. Expected size 2 but got size 3 for "
        "tensor number 1 in the list."
    )
    with pytest.raises(RuntimeError) as e:
        numtorch.stack([numtorch.zeros(4, 32, 8), numtorch.zeros(5, 32, 8)])
    assert str(e.value) == (
        "stack expects each tensor to be equal size, but got [4, 32, 8] at entry 0 and "
        "[5, 32, 8] at entry 1"
    )


def test_literal_grad_fn_names():
    x = numtorch.zeros(2, 3, 4, requires_grad=True)
    names = {
        "ViewBackward0": x.view(-1), "UnsafeViewBackward0": x.transpose(0, 1).reshape(-1),
        "SqueezeBackward0": x.squeeze(), "SqueezeBackward1": x.squeeze(0),
        "SqueezeBackward2": x.squeeze((0,)), "UnsqueezeBackward0": x.unsqueeze(0),
        "ExpandBackward0": x.expand(2, 2, 3, 4), "PermuteBackward0": x.permute(1, 0, 2),
        "TransposeBackward0": x.transpose(0, 1), "CatBackward0": numtorch.cat([x, x]),
        "StackBackward0": numtorch.stack([x, x]), "SplitBackward0": x.split(1)[0],
        "SplitWithSizesBackward0": x.split([1, 1])[0], "UnbindBackward0": x.unbind()[0],
        "SliceBackward0": x.narrow(0, 0, 1), "SelectBackward0": x[0].t().select(0, 1),
        "CloneBackward0": x.clone(), "RepeatBackward0": x.repeat(1, 1, 1),
        "FlipBackward0": x.flip(0), "RollBackward0": x.roll(1), "TrilBackward0": x.tril(),
        "DiagonalBackward0": x.diagonal(), "AsStridedBackward0": x.as_strided((2,), (1,)),
        "UnfoldBackward0": x.unfold(0, 1, 1), "Rot90Backward0": x.rot90(),
        "DiagEmbedBackward0": x.diag_embed(), "TBackward0": x[0].t(),
    }  # fmt: skip
    for name, t in names.items():
        assert t.grad_fn.name() == name
    assert x.transpose(0, 1).reshape(-1).grad_fn.next_functions[0][0].name() == "CloneBackward0"


def test_view_dtype_shares_memory_without_grad():
    x = numtorch.zeros(2, 4, requires_grad=True) * 1
    v = x.view(numtorch.int32)
    assert v.dtype is numtorch.int32 and not v.requires_grad and v.grad_fn is None
    assert v._version_counter is x._version_counter
    assert x.view(numtorch.float16).shape == (2, 8)
    assert x.view(numtorch.float64).shape == (2, 2)


def test_cat_out_and_empty_inputs():
    a, b = numtorch.ones(2, 2), numtorch.zeros(1, 2)
    out = numtorch.empty(0)
    assert numtorch.cat([a, b], out=out) is out
    assert out.shape == (3, 2) and out.sum().item() == 4
    assert numtorch.cat([numtorch.zeros(0), numtorch.zeros(0)]).shape == (0,)
    x = numtorch.zeros(0, requires_grad=True)
    w = numtorch.ones(2, requires_grad=True)
    numtorch.cat([x, w]).backward(numtorch.ones(2))
    assert x.grad.shape == (0,) and w.grad.tolist() == [1.0, 1.0]


def test_broadcast_helpers():
    assert numtorch.broadcast_shapes((1, 3), (2, 1), 3) == numtorch.Size([2, 3])
    x = numtorch.zeros(2, 3)
    assert numtorch.broadcast_tensors(x)[0] is x
    a, b = numtorch.broadcast_tensors(x, numtorch.zeros(4, 1, 1))
    assert a.shape == b.shape == (4, 2, 3) and a.stride() == (0, 3, 1)


# --- property tests: any layout, any reshape ---------------------------------------------------


@st.composite
def _layouts(draw):
    """A contiguous shape, then a permutation and a slicing with steps: a strided view."""
    shape = draw(st.lists(st.integers(0, 4), min_size=0, max_size=4))
    perm = draw(st.permutations(range(len(shape))))
    index = tuple(
        slice(draw(st.integers(0, 1)), None, draw(st.integers(1, 2))) for _ in range(len(shape))
    )
    return shape, perm, index


@st.composite
def _new_shapes(draw, shape):
    """A shape with the same number of elements: dims merged, split or padded with ones."""
    sizes = list(shape)
    for _ in range(draw(st.integers(0, 3))):
        move = draw(st.sampled_from(["merge", "split", "one"]))
        if move == "merge" and len(sizes) >= 2:
            i = draw(st.integers(0, len(sizes) - 2))
            sizes[i : i + 2] = [sizes[i] * sizes[i + 1]]
        elif move == "split" and sizes:
            i = draw(st.integers(0, len(sizes) - 1))
            f = draw(st.sampled_from([d for d in (1, 2, 3) if sizes[i] % d == 0] or [1]))
            sizes[i : i + 1] = [f, sizes[i] // f] if sizes[i] else [0, draw(st.integers(0, 2))]
        else:
            sizes.insert(draw(st.integers(0, len(sizes))), 1)
    return sizes


@hypothesis.settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(st.data())
def test_view_and_reshape_any_layout(torch_ref, data):
    """``view`` succeeds exactly where PyTorch's does, with the same strides and offsets."""
    shape, perm, index = data.draw(_layouts())
    base = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    tx = torch_ref.from_numpy(base).permute(*perm)[index] if shape else torch_ref.from_numpy(base)
    x = _ours(base).as_strided(tuple(tx.shape), tx.stride(), tx.storage_offset())
    new = data.draw(_new_shapes(tuple(tx.shape)))
    theirs = ours = None
    try:
        theirs = tx.view(new)
    except RuntimeError as e:
        with pytest.raises(RuntimeError, match="view size is not compatible"):
            x.view(new)
        assert "view size is not compatible" in str(e)
    if theirs is not None:
        ours = x.view(new)
        assert_same(ours, theirs)
        if theirs.numel():  # an empty tensor's offset may lie past the end of an empty buffer
            assert ours.storage_offset() == theirs.storage_offset()
        if theirs.numel() > 1:
            assert ours.stride() == theirs.stride()
    ours, theirs = x.reshape(new), tx.reshape(new)
    assert_same(ours, theirs)
    assert (ours._base is not None) == theirs._is_view()
    if theirs.numel() > 1:
        assert ours.stride() == theirs.stride()
