"""Fails in user code: the traceback must point at this file's lines."""

import torch


def shapes_mismatch():
    return torch.ones(2, 3) @ torch.ones(2, 3)


shapes_mismatch()
