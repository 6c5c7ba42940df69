"""numtorch.utils.data: datasets, samplers, collation and DataLoader, checked against torch."""

import collections
import math
import os

import numpy as np
import pytest

import numtorch
from numtorch.utils.data import (
    BatchSampler,
    ChainDataset,
    ConcatDataset,
    DataLoader,
    Dataset,
    DistributedSampler,
    IterableDataset,
    RandomSampler,
    SequentialSampler,
    StackDataset,
    Subset,
    SubsetRandomSampler,
    TensorDataset,
    WeightedRandomSampler,
    default_collate,
    default_convert,
    get_worker_info,
    random_split,
)

from ..conftest import assert_same


def _pair(n=10):
    return numtorch.arange(float(n)).reshape(n, 1), numtorch.arange(n)


def test_tensor_dataset_and_len():
    ds = TensorDataset(*_pair())
    x, y = ds[3]
    assert len(ds) == 10 and float(x[0]) == 3.0 and int(y) == 3
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        TensorDataset(numtorch.zeros(3), numtorch.zeros(4))


def test_concat_subset_stack_chain():
    a, b = TensorDataset(*_pair(3)), TensorDataset(*_pair(4))
    cat = a + b
    assert isinstance(cat, ConcatDataset) and len(cat) == 7
    assert int(cat[5][1]) == 2 and int(cat[-1][1]) == 3
    sub = Subset(cat, [6, 0])
    assert len(sub) == 2 and int(sub[0][1]) == 3
    st = StackDataset(x=range(3), y="abc")
    assert st[1] == {"x": 1, "y": "b"} and len(st) == 3
    with pytest.raises(ValueError, match="Size mismatch between datasets"):
        StackDataset(range(3), range(4))

    class It(IterableDataset):
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            return iter(range(self.n))

        def __len__(self):
            return self.n

    chained = It(2) + It(3)
    assert isinstance(chained, ChainDataset) and list(chained) == [0, 1, 0, 1, 2]
    assert len(chained) == 5


def test_random_split_matches_torch(torch_ref):
    td = torch_ref.utils.data
    for lengths in ([7, 3], [0.3, 0.7], [0.5, 0.25, 0.25]):
        ours = random_split(range(10), lengths, generator=numtorch.Generator().manual_seed(4))
        theirs = td.random_split(range(10), lengths, generator=torch_ref.Generator().manual_seed(4))
        assert [s.indices for s in ours] == [s.indices for s in theirs]
    numtorch.manual_seed(7)
    torch_ref.manual_seed(7)
    assert (
        random_split(range(50), [40, 10])[1].indices
        == td.random_split(range(50), [40, 10])[1].indices
    )
    with pytest.raises(ValueError, match="Sum of input lengths"):
        random_split(range(10), [3, 3])


def test_random_sampler_matches_torch(torch_ref):
    td = torch_ref.utils.data
    for kwargs in (
        {},
        {"replacement": True},
        {"num_samples": 25},
        {"replacement": True, "num_samples": 70},
    ):
        g, tg = numtorch.Generator().manual_seed(3), torch_ref.Generator().manual_seed(3)
        assert list(RandomSampler(range(10), generator=g, **kwargs)) == list(
            td.RandomSampler(range(10), generator=tg, **kwargs)
        )
    numtorch.manual_seed(11)
    torch_ref.manual_seed(11)
    assert list(RandomSampler(range(9))) == list(td.RandomSampler(range(9)))
    with pytest.raises(ValueError, match="num_samples should be a positive integer value"):
        RandomSampler(range(3), num_samples=0)


def test_other_samplers_match_torch(torch_ref):
    td = torch_ref.utils.data
    g, tg = numtorch.Generator().manual_seed(5), torch_ref.Generator().manual_seed(5)
    assert list(SubsetRandomSampler([4, 8, 15, 16], generator=g)) == list(
        td.SubsetRandomSampler([4, 8, 15, 16], generator=tg)
    )
    w = [0.1, 0.9, 0.4, 0.7]
    g, tg = numtorch.Generator().manual_seed(5), torch_ref.Generator().manual_seed(5)
    assert list(WeightedRandomSampler(w, 12, generator=g)) == list(
        td.WeightedRandomSampler(w, 12, generator=tg)
    )
    assert list(BatchSampler(SequentialSampler(range(7)), 3, False)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(BatchSampler(range(7), 3, True)) == [[0, 1, 2], [3, 4, 5]]
    assert len(BatchSampler(range(7), 3, False)) == 3
    for rank in range(3):
        ours = DistributedSampler(range(10), num_replicas=3, rank=rank, seed=2)
        theirs = td.DistributedSampler(range(10), num_replicas=3, rank=rank, seed=2)
        ours.set_epoch(1)
        theirs.set_epoch(1)
        assert list(ours) == list(theirs) and len(ours) == len(theirs)


def test_default_collate_structures():
    Point = collections.namedtuple("Point", "x y")
    batch = [
        {"a": numtorch.ones(2), "b": 1.5, "c": "s", "d": Point(1, np.float32(2)), "e": (1, 2)},
        {"a": numtorch.zeros(2), "b": 2.5, "c": "t", "d": Point(3, np.float32(4)), "e": (3, 4)},
    ]
    out = default_collate(batch)
    assert out["a"].shape == (2, 2) and out["b"].dtype is numtorch.float64
    assert out["c"] == ["s", "t"]
    assert isinstance(out["d"], Point) and out["d"].x.tolist() == [1, 3]
    assert out["d"].y.dtype is numtorch.float32
    assert isinstance(out["e"], list) and out["e"][0].tolist() == [1, 3]
    arrs = default_collate([np.zeros((2, 3)), np.ones((2, 3))])
    assert arrs.shape == (2, 2, 3) and arrs.dtype is numtorch.float64
    with pytest.raises(RuntimeError, match="each element in list of batch should be of equal"):
        default_collate([[1, 2], [3]])
    with pytest.raises(TypeError, match="default_collate: batch must contain tensors"):
        default_collate([object(), object()])
    conv = default_convert({"a": np.arange(3), "b": [np.zeros(1)], "c": 1})
    assert conv["a"].dtype is numtorch.int64 and conv["b"][0].shape == (1,) and conv["c"] == 1


def test_dataloader_shuffle_matches_torch(torch_ref):
    td = torch_ref.utils.data
    x, y = _pair(23)
    tds = td.TensorDataset(torch_ref.arange(23.0).reshape(23, 1), torch_ref.arange(23))
    numtorch.manual_seed(0)
    torch_ref.manual_seed(0)
    for _ in range(2):  # two epochs: each reshuffles from the global stream
        ours = list(DataLoader(TensorDataset(x, y), batch_size=5, shuffle=True))
        theirs = list(td.DataLoader(tds, batch_size=5, shuffle=True))
        assert len(ours) == len(theirs) == 5
        for (ox, oy), (tx, ty) in zip(ours, theirs):
            assert_same(ox, tx)
            assert_same(oy, ty)
    g, tg = numtorch.Generator().manual_seed(9), torch_ref.Generator().manual_seed(9)
    ours = [b[1].tolist() for b in DataLoader(TensorDataset(x, y), 4, True, generator=g)]
    theirs = [b[1].tolist() for b in td.DataLoader(tds, 4, True, generator=tg)]
    assert ours == theirs


def test_dataloader_options():
    ds = TensorDataset(*_pair(10))
    loader = DataLoader(ds, batch_size=4, drop_last=True)
    assert len(loader) == 2 and [b[1].tolist() for b in loader] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert len(DataLoader(ds, batch_size=4)) == 3
    unbatched = list(DataLoader(ds, batch_size=None))
    assert len(unbatched) == 10 and unbatched[2][0].shape == (1,)
    bs = DataLoader(ds, batch_sampler=[[0, 9], [5]])
    assert [b[1].tolist() for b in bs] == [[0, 9], [5]]
    custom = DataLoader(ds, batch_size=3, collate_fn=lambda b: len(b))
    assert list(custom) == [3, 3, 3, 1]
    with pytest.raises(ValueError, match="sampler option is mutually exclusive with shuffle"):
        DataLoader(ds, sampler=SequentialSampler(ds), shuffle=True)
    with pytest.raises(ValueError, match="num_workers option should be non-negative"):
        DataLoader(ds, num_workers=-1)
    with pytest.raises(ValueError, match="batch_sampler option is mutually exclusive"):
        DataLoader(ds, batch_size=2, batch_sampler=[[0]])
    with pytest.raises(ValueError, match="persistent_workers option needs num_workers > 0"):
        DataLoader(ds, persistent_workers=True)
    with pytest.raises(ValueError, match="batch_size attribute should not be set"):
        loader.batch_size = 3


class _Squares(Dataset):
    def __len__(self):
        return 11

    def __getitem__(self, i):
        return {"i": i, "sq": numtorch.tensor([i * i])}


class _Failing(Dataset):
    def __len__(self):
        return 6

    def __getitem__(self, i):
        if i == 4:
            raise KeyError("bad index 4")
        return i


class _Sharded(IterableDataset):
    """Each worker yields its own slice, as the torch docs recommend."""

    def __iter__(self):
        info = get_worker_info()
        start, step = (0, 1) if info is None else (info.id, info.num_workers)
        return iter(range(start, 10, step))


class _Dies(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        os._exit(3)


class _Slow(Dataset):
    def __len__(self):
        return 2

    def __getitem__(self, i):
        import time

        time.sleep(5)
        return i


def test_workers_give_the_same_batches():
    single = list(DataLoader(_Squares(), batch_size=3))
    multi = list(DataLoader(_Squares(), batch_size=3, num_workers=2))
    assert [b["i"].tolist() for b in multi] == [b["i"].tolist() for b in single]
    assert [b["sq"].tolist() for b in multi] == [b["sq"].tolist() for b in single]
    persistent = DataLoader(_Squares(), batch_size=4, num_workers=2, persistent_workers=True)
    for _ in range(2):
        assert [b["i"].tolist() for b in persistent] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]


def test_worker_info_and_iterable_sharding():
    assert get_worker_info() is None
    out = sorted(x for b in DataLoader(_Sharded(), batch_size=2, num_workers=3) for x in b.tolist())
    assert out == list(range(10))
    seen = []
    loader = DataLoader(range(4), num_workers=2, worker_init_fn=lambda wid: seen.append(wid))
    assert [int(b) for b in loader] == [0, 1, 2, 3]


def test_worker_error_carries_its_traceback():
    with pytest.raises(KeyError) as info:
        list(DataLoader(_Failing(), batch_size=2, num_workers=2))
    msg = str(info.value)
    assert "Caught KeyError in DataLoader worker process" in msg
    assert "Original Traceback" in msg and "bad index 4" in msg


def test_dead_worker_and_timeout_are_reported():
    with pytest.raises(
        RuntimeError, match=r"DataLoader worker \(pid\(s\) .*\) exited unexpectedly"
    ):
        list(DataLoader(_Dies(), num_workers=1))
    with pytest.raises(RuntimeError, match="DataLoader timed out after 0.5 seconds"):
        list(DataLoader(_Slow(), num_workers=1, timeout=0.5))


def test_workers_cleaned_up_when_iterator_dropped():
    it = iter(DataLoader(_Squares(), batch_size=2, num_workers=2))
    next(it)
    workers = list(it._workers)
    del it
    for w in workers:
        w.join(timeout=5)
        assert not w.is_alive()


def test_fraction_split_sizes():
    sizes = [len(s) for s in random_split(range(11), [0.5, 0.5])]
    assert sizes == [6, 5] and math.fsum(sizes) == 11


def test_default_collate_matches_torch(torch_ref):
    from torch.utils.data import default_collate as torch_collate

    cases = [
        [np.float32(1), np.float32(2)],
        [np.int16(1), np.int16(3)],
        [True, False],
        [1, 2],
        [1.5, 2.5],
        [np.array([1, 2], dtype=np.uint8)] * 2,
        [[1, 2], [3, 4]],
    ]
    for case in cases:
        ours, theirs = default_collate(case), torch_collate(case)
        assert_same(ours, theirs)
    ours, theirs = default_collate([(1, "a"), (2, "b")]), torch_collate([(1, "a"), (2, "b")])
    assert_same(ours[0], theirs[0])
    assert ours[1] == theirs[1]


def test_spawn_context_and_generator_seeds_workers():
    loader = DataLoader(_Squares(), batch_size=5, num_workers=1, multiprocessing_context="spawn")
    assert [b["i"].tolist() for b in loader] == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10]]
    seeds = DataLoader(
        _WorkerSeed(), batch_size=None, num_workers=2, generator=numtorch.Generator().manual_seed(0)
    )
    first, second = list(seeds), list(seeds)
    assert first[0] != first[1]  # each worker has its own seed: base_seed + worker id
    assert first[1] - first[0] == 1 and first != second  # a new base seed every epoch


class _WorkerSeed(Dataset):
    def __len__(self):
        return 2

    def __getitem__(self, i):
        return get_worker_info().seed
