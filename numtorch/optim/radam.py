"""RAdam (``torch.optim.RAdam``): Adam with a rectified adaptive learning rate."""

from __future__ import annotations

import numpy as np

from . import _functional as K
from ._base import PerParamOptimizer
from .adam import _check_adam_args

__all__ = ["RAdam"]


class RAdam(PerParamOptimizer):
    r"""Implements the RAdam algorithm: Adam whose adaptive step is used only once the variance
    of the adaptive learning rate is tractable (:math:`\rho_t > 5`), scaled by the rectification
    term :math:`r_t`; plain momentum SGD before that.

    Args:
        params (iterable): parameters to optimize or dicts defining parameter groups
        lr (float): learning rate (default: 1e-3)
        betas (Tuple[float, float]): coefficients for the running averages (default: (0.9, 0.999))
        eps (float): term added to the denominator (default: 1e-8)
        weight_decay (float): weight decay (default: 0)
        decoupled_weight_decay (bool): decay the weights directly, as AdamW (default: False)
        maximize (bool): maximize the objective instead of minimizing (default: False)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        decoupled_weight_decay: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        _check_adam_args(lr, betas, eps, weight_decay)
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
            "foreach": foreach,
            "capturable": capturable,
            "decoupled_weight_decay": decoupled_weight_decay,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def init_state(self, group, p, state) -> None:
        state["step"] = K.new_step()
        state["exp_avg"] = K.zeros_state(p)
        state["exp_avg_sq"] = K.zeros_state(p)

    def update(self, group, p, grad, state) -> None:
        beta1, beta2 = group["betas"]
        lr, wd, eps = float(group["lr"]), group["weight_decay"], group["eps"]
        param = p._data
        f = param.dtype.type
        step = K.incr_step(state["step"])
        if wd != 0:
            if group["decoupled_weight_decay"]:
                param *= f(1 - lr * wd)
            else:
                grad = K.add(grad, param, wd)
        exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
        K.lerp_(exp_avg, grad, 1 - beta1)
        exp_avg_sq *= f(beta2)
        K.addcmul_(exp_avg_sq, grad, grad, 1 - beta2)
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        update = exp_avg / f(bias_correction1)
        update *= f(lr)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            rect = (
                (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
            ) ** 0.5
            # bias_correction2**0.5 / sqrt(v): torch divides a scalar by a tensor through
            # reciprocal() and a multiply
            adaptive = np.sqrt(exp_avg_sq)
            adaptive += f(eps)
            adaptive = np.reciprocal(adaptive)
            adaptive *= f(bias_correction2**0.5)
            update *= adaptive
            update *= f(rect)
        param -= update
