"""Index tensors are saved for backward with their version, as torch saves them: changing one in
place between forward and backward raises torch's error instead of a silently wrong gradient."""

from __future__ import annotations

import pytest

import numtorch

PICKS = {
    "getitem": lambda L, x, i: x[i],
    "getitem_tuple": lambda L, x, i: x[i,],
    "gather": lambda L, x, i: x.gather(0, i),
    "index_select": lambda L, x, i: x.index_select(0, i),
    "take": lambda L, x, i: L.take(x, i),
    "embedding": lambda L, x, i: L.nn.functional.embedding(i, x.view(5, 1)),
}

MESSAGE = (
    "one of the variables needed for gradient computation has been modified by an inplace "
    "operation: [torch.LongTensor [2]] is at version 1; expected version 0 instead."
)


def _run(L, pick, modify):
    x = L.ones(5, requires_grad=True)
    i = L.tensor([0, 1])
    z = (pick(L, x, i) * 2).sum()
    if modify:
        i[0] = 3
    try:
        z.backward()
    except RuntimeError as exc:
        return str(exc)
    return x.grad.tolist()


@pytest.mark.parametrize("name", list(PICKS))
def test_index_changed_in_place_raises(name):
    assert _run(numtorch, PICKS[name], True).startswith(MESSAGE)
    assert _run(numtorch, PICKS[name], False) == [2.0, 2.0, 0.0, 0.0, 0.0]


@pytest.mark.parametrize("name", list(PICKS))
def test_index_guard_matches_torch(torch_ref, name):
    for modify in (False, True):
        assert _run(numtorch, PICKS[name], modify) == _run(torch_ref, PICKS[name], modify)
