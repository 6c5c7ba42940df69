"""Samplers: the order in which a DataLoader visits indices (``torch.utils.data.sampler``)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import numtorch

__all__ = [
    "Sampler",
    "SequentialSampler",
    "RandomSampler",
    "SubsetRandomSampler",
    "WeightedRandomSampler",
    "BatchSampler",
]


def _positive_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class Sampler:
    """Base class for all samplers: an iterable of indices (or of index lists)."""

    def __init__(self, data_source=None) -> None:
        pass

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """Samples elements sequentially, always in the same order."""

    def __init__(self, data_source) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


def _fresh_generator():
    # torch seeds a private generator from the global stream when none is given
    seed = int(numtorch.empty((), dtype=numtorch.int64).random_().item())
    generator = numtorch.Generator()
    generator.manual_seed(seed)
    return generator


class RandomSampler(Sampler):
    """Samples elements randomly; with ``replacement`` draws ``num_samples`` with repeats.

    The permutation is ``randperm(n, generator=...)``, as in torch, so seeds agree.
    """

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError(
                f"replacement should be a boolean value, but got replacement={self.replacement}"
            )
        if not _positive_int(self.num_samples):
            raise ValueError(
                "num_samples should be a positive integer value, but got "
                f"num_samples={self.num_samples}"
            )

    @property
    def num_samples(self) -> int:
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def _order(self) -> list:
        """All indices of one pass, drawn exactly as torch draws them."""
        n = len(self.data_source)
        generator = _fresh_generator() if self.generator is None else self.generator
        out = []
        if self.replacement:
            for _ in range(self.num_samples // 32):
                out += numtorch.randint(
                    0, n, size=(32,), dtype=numtorch.int64, generator=generator
                ).tolist()
            out += numtorch.randint(
                0, n, size=(self.num_samples % 32,), dtype=numtorch.int64, generator=generator
            ).tolist()
            return out
        for _ in range(self.num_samples // n):
            out += numtorch.randperm(n, generator=generator).tolist()
        out += numtorch.randperm(n, generator=generator).tolist()[: self.num_samples % n]
        return out

    def __iter__(self) -> Iterator[int]:
        # lazy like torch: nothing is drawn until the first index is asked for
        yield from self._order()

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """Samples elements randomly from a given list of indices, without replacement."""

    def __init__(self, indices: Sequence[int], generator=None) -> None:
        self.indices = indices
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        for i in numtorch.randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """Samples ``num_samples`` indices from ``[0, len(weights))`` with the given weights."""

    def __init__(self, weights, num_samples: int, replacement: bool = True, generator=None):
        if not _positive_int(num_samples):
            raise ValueError(
                f"num_samples should be a positive integer value, but got num_samples={num_samples}"
            )
        if not isinstance(replacement, bool):
            raise ValueError(
                f"replacement should be a boolean value, but got replacement={replacement}"
            )
        weights_tensor = numtorch.as_tensor(weights, dtype=numtorch.double)
        if len(weights_tensor.shape) != 1:
            raise ValueError(
                "weights should be a 1d sequence but given "
                f"weights have shape {tuple(weights_tensor.shape)}"
            )
        self.weights = weights_tensor
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        rand_tensor = numtorch.multinomial(
            self.weights, self.num_samples, self.replacement, generator=self.generator
        )
        yield from iter(rand_tensor.tolist())

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler):
    """Wraps a sampler to yield lists of ``batch_size`` indices."""

    def __init__(self, sampler, batch_size: int, drop_last: bool) -> None:
        if not _positive_int(batch_size):
            raise ValueError(
                f"batch_size should be a positive integer value, but got batch_size={batch_size}"
            )
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[list]:
        sampler_iter = iter(self.sampler)
        if self.drop_last:
            for batch in zip(*([sampler_iter] * self.batch_size)):
                yield [*batch]
            return
        batch = [*itertools.islice(sampler_iter, self.batch_size)]
        while batch:
            yield batch
            batch = [*itertools.islice(sampler_iter, self.batch_size)]

    def __len__(self) -> int:
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size
