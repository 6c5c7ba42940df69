"""Adamax (``torch.optim.Adamax``): Adam with the infinity norm."""

from __future__ import annotations

import numpy as np

from . import _functional as K
from ._base import PerParamOptimizer, check_nonneg

__all__ = ["Adamax"]


class Adamax(PerParamOptimizer):
    r"""Implements the Adamax algorithm (a variant of Adam based on the infinity norm).

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \quad
        u_t = \max(\beta_2 u_{t-1}, |g_t| + \epsilon), \quad
        \theta_t = \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t} \frac{m_t}{u_t}

    Args:
        params (iterable): parameters to optimize or dicts defining parameter groups
        lr (float): learning rate (default: 2e-3)
        betas (Tuple[float, float]): coefficients for the running averages (default: (0.9, 0.999))
        eps (float): term added to the denominator (default: 1e-8)
        weight_decay (float): weight decay (L2 penalty) (default: 0)
        maximize (bool): maximize the objective instead of minimizing (default: False)
    """

    def __init__(
        self,
        params,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
    ) -> None:
        K.check_lr(lr)
        check_nonneg(eps, "epsilon value")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        check_nonneg(weight_decay, "weight_decay value")
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "capturable": capturable,
        }
        super().__init__(params, defaults)

    def init_state(self, group, p, state) -> None:
        state["step"] = K.new_step()
        state["exp_avg"] = K.zeros_state(p)
        state["exp_inf"] = K.zeros_state(p)

    def update(self, group, p, grad, state) -> None:
        beta1, beta2 = group["betas"]
        lr, eps, wd = float(group["lr"]), group["eps"], group["weight_decay"]
        step = K.incr_step(state["step"])
        if wd != 0:
            grad = K.add(grad, p._data, wd)
        exp_avg, exp_inf = state["exp_avg"]._data, state["exp_inf"]._data
        K.lerp_(exp_avg, grad, 1 - beta1)
        exp_inf *= exp_inf.dtype.type(beta2)
        norm = np.abs(grad)
        norm += norm.dtype.type(eps)
        np.maximum(exp_inf, norm, out=exp_inf)
        clr = lr / (1 - beta1**step)
        K.addcdiv_(p._data, exp_avg, exp_inf, -clr)
