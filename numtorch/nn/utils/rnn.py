"""Padding and packing of variable-length sequences (``torch.nn.utils.rnn``).

Every conversion is one gather through an index array built in NumPy, so it is differentiable
(IndexBackward) and never loops over time steps or batch items.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable

import numpy as np

from ..._tensor import Tensor

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pad_packed_sequence",
           "pad_sequence", "unpad_sequence", "pack_sequence", "unpack_sequence"]  # fmt: skip


class PackedSequence(namedtuple("PackedSequence_", ["data", "batch_sizes", "sorted_indices",
                                                    "unsorted_indices"])):  # fmt: skip
    """Holds the data and the per-step batch sizes of a packed sequence."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = invert_permutation(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        idx = [None if t is None else t.to(data.device) for t in
               (self.sorted_indices, self.unsorted_indices)]  # fmt: skip
        return type(self)(data, self.batch_sizes, *idx)

    @property
    def is_cuda(self):
        return self.data.is_cuda

    def is_pinned(self):
        return False


def invert_permutation(permutation):
    """The inverse of a permutation tensor (None stays None)."""
    if permutation is None:
        return None
    inv = np.empty_like(permutation._data)
    inv[permutation._data] = np.arange(permutation.numel())
    return permutation.new_tensor(inv)


def _long(values):
    from ...ops.creation import tensor

    return tensor(np.asarray(values, dtype=np.int64))


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    r"""Stacks a list of variable-length tensors ``(L_i, *)`` into ``(T, B, *)`` (or ``(B, T, *)``),
    padded with ``padding_value``."""
    from ...ops.joining import cat

    if isinstance(sequences, Tensor):
        sequences = sequences.unbind(0)
    if not isinstance(sequences, Iterable):
        raise RuntimeError(
            "pad_sequence: Expected iterable for input sequences, but got arg of type: "
            f"{type(sequences)}"
        )
    sequences = tuple(sequences)
    if padding_side not in ("left", "right"):
        raise ValueError(
            f"Expected padding_side to be one of left or right, but got {padding_side}."
        )
    lengths = np.array([s.size(0) for s in sequences])
    total, max_len = int(lengths.sum()), int(lengths.max())
    data = cat(list(sequences))
    steps = np.arange(max_len)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    offset = (max_len - lengths)[:, None] if padding_side == "left" else 0
    pos = steps[None, :] - offset  # (B, T) position within each sequence
    valid = (pos >= 0) & (pos < lengths[:, None])
    index = np.where(valid, starts[:, None] + pos, total)  # row `total` is the padding row
    padded = cat([data, data.new_full((1,) + tuple(data.shape[1:]), padding_value)])
    out = padded[_long(index)]
    return out if batch_first else out.transpose(0, 1)


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    r"""Packs a padded batch of sequences of lengths ``lengths`` into a :class:`PackedSequence`."""
    lengths = np.asarray(lengths._data if isinstance(lengths, Tensor) else lengths, np.int64)
    sorted_indices = None
    if enforce_sorted:
        if np.any(np.diff(lengths) > 0):
            raise RuntimeError(
                "`lengths` array must be sorted in decreasing order when `enforce_sorted` is "
                "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
                "pack_sequence to sidestep this requirement if you do not need ONNX "
                "exportability."
            )
    else:
        order = np.argsort(-lengths, kind="stable")
        lengths = lengths[order]
        sorted_indices = _long(order)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if lengths.size and lengths[-1] <= 0:
        raise RuntimeError(
            "Length of all samples has to be greater than 0, but found an element in 'lengths' "
            "that is <= 0"
        )
    if batch_first:
        input = input.transpose(0, 1)
    steps = int(lengths[0]) if lengths.size else 0
    mask = lengths[None, :] > np.arange(steps)[:, None]  # (T, B): step t of sequence b exists
    batch_sizes = mask.sum(1)
    b = input.size(1)
    flat = input.reshape((-1,) + tuple(input.shape[2:]))
    index = (np.arange(steps)[:, None] * b + np.arange(b)[None, :])[mask]
    data = flat[_long(index)]
    return PackedSequence(data, _long(batch_sizes), sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    r"""Unpacks a :class:`PackedSequence` into a padded batch and the lengths."""
    from ...ops.joining import cat

    batch_sizes = sequence.batch_sizes._data.astype(np.int64)
    max_len = batch_sizes.shape[0]
    if total_length is not None:
        if total_length < max_len:
            raise ValueError(
                "Expected total_length to be at least the length of the longest sequence in "
                f"input, but got total_length={total_length} and max sequence length being "
                f"{max_len}"
            )
        max_len = total_length
    b = int(batch_sizes[0])
    mask = np.zeros((max_len, b), dtype=bool)
    mask[: batch_sizes.shape[0]] = np.arange(b)[None, :] < batch_sizes[:, None]
    data = sequence.data
    n = data.size(0)
    index = np.full((max_len, b), n, dtype=np.int64)
    index[mask] = np.arange(n)  # packed order is time-major, the order of mask's True cells
    padded = cat([data, data.new_full((1,) + tuple(data.shape[1:]), padding_value)])
    out = padded[_long(index)]
    lengths = mask.sum(0)
    if batch_first:
        out = out.transpose(0, 1)
    if sequence.unsorted_indices is not None:
        unsorted = sequence.unsorted_indices
        out = out.index_select(0 if batch_first else 1, unsorted)
        lengths = lengths[unsorted._data]
    return out, _long(lengths)


def pack_sequence(sequences, enforce_sorted=True):
    r"""Packs a list of variable-length tensors."""
    lengths = [v.size(0) for v in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    r"""Splits a padded batch back into a list of tensors of lengths ``lengths``."""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    lengths = lengths.tolist() if isinstance(lengths, Tensor) else list(lengths)
    return [seq[: int(n)] for seq, n in zip(padded_sequences, lengths)]


def unpack_sequence(packed_sequences):
    r"""Unpacks a :class:`PackedSequence` into a list of variable-length tensors."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
