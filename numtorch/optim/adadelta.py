"""Adadelta (``torch.optim.Adadelta``)."""

from __future__ import annotations

import numpy as np

from . import _functional as K
from ._base import PerParamOptimizer, check_nonneg

__all__ = ["Adadelta"]


class Adadelta(PerParamOptimizer):
    r"""Implements the Adadelta algorithm.

    .. math::
        v_t = \rho v_{t-1} + (1-\rho) g_t^2, \quad
        \Delta_t = \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}} g_t, \quad
        u_t = \rho u_{t-1} + (1-\rho) \Delta_t^2, \quad \theta_t = \theta_{t-1} - \gamma \Delta_t

    Args:
        params (iterable): parameters to optimize or dicts defining parameter groups
        lr (float): coefficient that scales delta before it is applied (default: 1.0)
        rho (float): coefficient of the running averages (default: 0.9)
        eps (float): term added for numerical stability (default: 1e-6)
        weight_decay (float): weight decay (L2 penalty) (default: 0)
        maximize (bool): maximize the objective instead of minimizing (default: False)
    """

    def __init__(
        self,
        params,
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0,
        foreach: bool | None = None,
        *,
        capturable: bool = False,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        K.check_lr(lr)
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        check_nonneg(eps, "epsilon value")
        check_nonneg(weight_decay, "weight_decay value")
        defaults = {
            "lr": lr,
            "rho": rho,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
            "capturable": capturable,
            "foreach": foreach,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def init_state(self, group, p, state) -> None:
        state["step"] = K.new_step()
        state["square_avg"] = K.zeros_state(p)
        state["acc_delta"] = K.zeros_state(p)

    def update(self, group, p, grad, state) -> None:
        lr, rho, eps, wd = float(group["lr"]), group["rho"], group["eps"], group["weight_decay"]
        K.incr_step(state["step"])
        if wd != 0:
            grad = K.add(grad, p._data, wd)
        square_avg, acc_delta = state["square_avg"]._data, state["acc_delta"]._data
        f = square_avg.dtype.type
        square_avg *= f(rho)
        K.addcmul_(square_avg, grad, grad, 1 - rho)
        std = np.sqrt(square_avg + f(eps))
        delta = np.sqrt(acc_delta + f(eps))
        delta /= std
        delta *= grad
        acc_delta *= f(rho)
        K.addcmul_(acc_delta, delta, delta, 1 - rho)
        K.add_(p._data, delta, -lr)
