"""The batched fast path shared by in-memory image datasets."""

from __future__ import annotations

import operator

import numpy as np

from ..._tensor import Tensor


def collated_batch(dataset, images: np.ndarray, targets, indices):
    """``default_collate([dataset[i] for i in indices])`` computed on whole arrays.

    ``images`` is the dataset's uint8 array (N, H, W[, C]); the transform pipeline must be
    batchable (see ``transforms.batch_transform``). Returns NotImplemented otherwise, and the caller
    falls back to per-sample fetching, so results never depend on which path ran.
    """
    from ..transforms.transforms import batch_transform

    # decided before the transform runs: a fallback after random draws would change the stream
    if dataset.transform is None or dataset.target_transform is not None:
        return NotImplemented
    index = np.asarray(indices, dtype=np.int64)
    batch = batch_transform(dataset.transform, images[index])
    if batch is NotImplemented:
        return NotImplemented
    # int targets collate to int64, as default_collate does
    if isinstance(targets, np.ndarray):
        picked = targets[index]
    else:  # a Python list (CIFAR): C-level gather, no per-item Python code
        picked = operator.itemgetter(*index.tolist())(targets) if len(index) else ()
    target = Tensor._make(np.asarray(picked, dtype=np.int64).reshape(len(index)))
    return [batch, target]
