"""Resilient backpropagation (``torch.optim.Rprop``)."""

from __future__ import annotations

import numpy as np

from . import _functional as K
from ._base import PerParamOptimizer

__all__ = ["Rprop"]


class Rprop(PerParamOptimizer):
    r"""Implements the resilient backpropagation algorithm: each element's step size grows by
    ``etas[1]`` while its gradient keeps its sign and shrinks by ``etas[0]`` when it flips; the
    parameter moves by the step size against the gradient's sign.

    Args:
        params (iterable): parameters to optimize or dicts defining parameter groups
        lr (float): initial step size (default: 1e-2)
        etas (Tuple[float, float]): multiplicative decrease and increase factors
            (default: (0.5, 1.2))
        step_sizes (Tuple[float, float]): minimal and maximal step sizes (default: (1e-6, 50))
        maximize (bool): maximize the objective instead of minimizing (default: False)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        etas: tuple[float, float] = (0.5, 1.2),
        step_sizes: tuple[float, float] = (1e-6, 50),
        *,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        K.check_lr(lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = {
            "lr": lr,
            "etas": etas,
            "step_sizes": step_sizes,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "capturable": capturable,
        }
        super().__init__(params, defaults)

    def init_state(self, group, p, state) -> None:
        state["step"] = K.new_step()
        state["prev"] = K.zeros_state(p)
        state["step_size"] = K.full_state(p, float(group["lr"]))

    def update(self, group, p, grad, state) -> None:
        etaminus, etaplus = group["etas"]
        step_size_min, step_size_max = group["step_sizes"]
        K.incr_step(state["step"])
        prev, step_size = state["prev"]._data, state["step_size"]._data
        f = step_size.dtype.type
        sign = np.sign(grad * prev)
        factor = np.where(sign > 0, f(etaplus), np.where(sign < 0, f(etaminus), f(1)))
        step_size *= factor
        np.clip(step_size, f(step_size_min), f(step_size_max), out=step_size)
        grad = np.where(factor == f(etaminus), f(0), grad)  # no move where the sign flipped
        K.addcmul_(p._data, np.sign(grad), step_size, -1)
        prev[...] = grad
