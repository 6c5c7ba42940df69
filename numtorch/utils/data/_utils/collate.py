"""default_collate and default_convert (``torch.utils.data._utils.collate``)."""

from __future__ import annotations

import collections.abc
import re

import numpy as np

import numtorch
from numtorch._tensor import Tensor

__all__ = ["default_collate", "default_convert"]

np_str_obj_array_pattern = re.compile(r"[SaUO]")

default_collate_err_msg_format = (
    "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"
)


def _is_namedtuple(obj) -> bool:
    return isinstance(obj, tuple) and hasattr(obj, "_fields")


def _rebuild(elem, items):
    """A container of elem's type holding items (falls back to list/dict like torch)."""
    if isinstance(elem, collections.abc.Mapping):
        try:
            if isinstance(elem, collections.abc.MutableMapping):
                clone = elem.copy()
                clone.update(items)
                return clone
            return type(elem)(items)
        except TypeError:
            return dict(items)
    if _is_namedtuple(elem):
        return type(elem)(*items)
    if isinstance(elem, tuple):
        return list(items)  # torch gives a list for plain tuples
    try:
        if isinstance(elem, collections.abc.MutableSequence):
            clone = elem.copy()
            for i, item in enumerate(items):
                clone[i] = item
            return clone
        return type(elem)(items)
    except TypeError:
        return list(items)


def default_convert(data):
    """Converts NumPy arrays inside ``data`` to tensors, keeping the container structure."""
    elem_type = type(data)
    if isinstance(data, Tensor):
        return data
    if elem_type.__module__ == "numpy" and elem_type.__name__ not in ("str_", "string_"):
        if elem_type.__name__ == "ndarray" and np_str_obj_array_pattern.search(data.dtype.str):
            return data
        return numtorch.as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return _rebuild(data, {key: default_convert(data[key]) for key in data})
    if _is_namedtuple(data):
        return elem_type(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return _rebuild(data, [default_convert(d) for d in data])
    return data


def _stack_tensors(batch):
    # one np.stack over the backing arrays: no per-element autograd bookkeeping
    return Tensor._make(np.stack([t._data for t in batch]))


def _collate_numpy(batch, elem):
    if elem.shape == () and not isinstance(elem, np.ndarray):  # NumPy scalar
        return numtorch.as_tensor(np.array(batch))
    if np_str_obj_array_pattern.search(elem.dtype.str) is not None:
        raise TypeError(default_collate_err_msg_format.format(elem.dtype))
    return Tensor._make(np.stack(batch))


def default_collate(batch):
    """Stacks a list of samples into a batch: tensors, arrays and numbers become tensors with a
    leading batch dimension; dicts, tuples, namedtuples and lists are collated field by field."""
    elem = batch[0]
    elem_type = type(elem)
    if isinstance(elem, Tensor):
        return _stack_tensors(batch)
    if isinstance(elem, (np.ndarray, np.generic)) and elem_type.__name__ not in ("str_", "bytes_"):
        return _collate_numpy(batch, elem)
    if isinstance(elem, bool):
        return numtorch.tensor(batch)
    if isinstance(elem, float):
        return numtorch.tensor(batch, dtype=numtorch.float64)
    if isinstance(elem, int):
        return numtorch.tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        return _rebuild(elem, {key: default_collate([d[key] for d in batch]) for key in elem})
    if _is_namedtuple(elem):
        return elem_type(*(default_collate(samples) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        it = iter(batch)
        elem_size = len(next(it))
        if not all(len(e) == elem_size for e in it):
            raise RuntimeError("each element in list of batch should be of equal size")
        transposed = list(zip(*batch))
        return _rebuild(elem, [default_collate(samples) for samples in transposed])
    raise TypeError(default_collate_err_msg_format.format(elem_type))
