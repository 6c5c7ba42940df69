"""TensorIterator's choice of dimension order (``reorder_dimensions`` in ATen), which decides
the memory layout of an op's output and the order its loops run in: kernels that must round
as PyTorch does (advanced indexing's result strides, sigmoid's vector/tail split) ask it here."""

from __future__ import annotations


def dimension_order(shape, operands):
    """The tensor dims from fastest to slowest moving, given each operand's strides (any unit):
    strides compared operand by operand, a 0 (broadcast) stride deciding nothing, equal strides
    putting the smaller dim first; an insertion sort, as ATen's."""
    ndim = len(shape)
    perm = list(range(ndim - 1, -1, -1))

    def should_swap(d0, d1):
        for strides in operands:
            s0, s1 = strides[d0], strides[d1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if shape[d0] > shape[d1]:
                return 1
        return 0

    for i in range(1, ndim):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    return perm
