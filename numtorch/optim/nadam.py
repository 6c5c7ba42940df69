"""NAdam (``torch.optim.NAdam``): Adam with Nesterov momentum."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from . import _functional as K
from ._base import PerParamOptimizer, check_nonneg
from .adam import _check_adam_args

__all__ = ["NAdam"]


class NAdam(PerParamOptimizer):
    r"""Implements the NAdam algorithm, with the momentum schedule
    :math:`\mu_t = \beta_1 (1 - \frac{1}{2} 0.96^{t \psi})`.

    Args:
        params (iterable): parameters to optimize or dicts defining parameter groups
        lr (float): learning rate (default: 2e-3)
        betas (Tuple[float, float]): coefficients for the running averages (default: (0.9, 0.999))
        eps (float): term added to the denominator (default: 1e-8)
        weight_decay (float): weight decay (default: 0)
        momentum_decay (float): momentum decay :math:`\psi` (default: 4e-3)
        decoupled_weight_decay (bool): decay the weights directly, as AdamW (default: False)
        maximize (bool): maximize the objective instead of minimizing (default: False)
    """

    def __init__(
        self,
        params,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum_decay: float = 4e-3,
        decoupled_weight_decay: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        _check_adam_args(lr, betas, eps, weight_decay)
        check_nonneg(momentum_decay, "momentum_decay value")
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "momentum_decay": momentum_decay,
            "decoupled_weight_decay": decoupled_weight_decay,
            "maximize": maximize,
            "foreach": foreach,
            "capturable": capturable,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def init_state(self, group, p, state) -> None:
        state["step"] = K.new_step()
        state["mu_product"] = Tensor._make(np.array(1.0, dtype=np.float32))
        state["exp_avg"] = K.zeros_state(p)
        state["exp_avg_sq"] = K.zeros_state(p)

    def update(self, group, p, grad, state) -> None:
        beta1, beta2 = group["betas"]
        lr, wd, eps = float(group["lr"]), group["weight_decay"], group["eps"]
        param = p._data
        step = K.incr_step(state["step"])
        bias_correction2 = 1 - beta2**step
        if wd != 0:
            if group["decoupled_weight_decay"]:
                param *= param.dtype.type(1 - lr * wd)
            else:
                grad = K.add(grad, param, wd)
        psi = group["momentum_decay"]
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * psi))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * psi))
        mu_product_t = state["mu_product"]._data
        mu_product_t *= np.float32(mu)  # a float32 state scalar, as torch keeps it
        mu_product = float(mu_product_t)
        exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
        K.lerp_(exp_avg, grad, 1 - beta1)
        exp_avg_sq *= exp_avg_sq.dtype.type(beta2)
        K.addcmul_(exp_avg_sq, grad, grad, 1 - beta2)
        denom = np.sqrt(exp_avg_sq / exp_avg_sq.dtype.type(bias_correction2))
        denom += denom.dtype.type(eps)
        K.addcdiv_(param, grad, denom, -lr * (1.0 - mu) / (1.0 - mu_product))
        K.addcdiv_(param, exp_avg, denom, -lr * mu_next / (1.0 - mu_product * mu_next))
