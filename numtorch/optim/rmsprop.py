"""RMSprop (``torch.optim.RMSprop``)."""

from __future__ import annotations

import numpy as np

from . import _functional as K
from ._base import PerParamOptimizer, check_nonneg

__all__ = ["RMSprop"]


class RMSprop(PerParamOptimizer):
    r"""Implements the RMSprop algorithm.

    .. math::
        v_t = \alpha v_{t-1} + (1 - \alpha) g_t^2, \quad
        \theta_t = \theta_{t-1} - \gamma \frac{g_t}{\sqrt{v_t} + \epsilon}

    Args:
        params (iterable): parameters to optimize or dicts defining parameter groups
        lr (float): learning rate (default: 1e-2)
        alpha (float): smoothing constant (default: 0.99)
        eps (float): term added to the denominator (default: 1e-8)
        weight_decay (float): weight decay (L2 penalty) (default: 0)
        momentum (float): momentum factor (default: 0)
        centered (bool): normalize by an estimate of the gradient's variance (default: False)
        maximize (bool): maximize the objective instead of minimizing (default: False)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        K.check_lr(lr)
        check_nonneg(eps, "epsilon value")
        check_nonneg(momentum, "momentum value")
        check_nonneg(weight_decay, "weight_decay value")
        check_nonneg(alpha, "alpha value")
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "alpha": alpha,
            "eps": eps,
            "centered": centered,
            "weight_decay": weight_decay,
            "capturable": capturable,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def init_state(self, group, p, state) -> None:
        state["step"] = K.new_step()
        state["square_avg"] = K.zeros_state(p)
        if group["momentum"] > 0:
            state["momentum_buffer"] = K.zeros_state(p)
        if group["centered"]:
            state["grad_avg"] = K.zeros_state(p)

    def update(self, group, p, grad, state) -> None:
        lr, alpha, eps = float(group["lr"]), group["alpha"], group["eps"]
        wd, momentum = group["weight_decay"], group["momentum"]
        param = p._data
        K.incr_step(state["step"])
        if wd != 0:
            grad = K.add(grad, param, wd)
        square_avg = state["square_avg"]._data
        square_avg *= square_avg.dtype.type(alpha)
        K.addcmul_(square_avg, grad, grad, 1 - alpha)
        if group["centered"]:
            grad_avg = state["grad_avg"]._data
            K.lerp_(grad_avg, grad, 1 - alpha)
            avg = square_avg.copy()
            K.addcmul_(avg, grad_avg, grad_avg, -1)
            np.sqrt(avg, out=avg)
        else:
            avg = np.sqrt(square_avg)
        avg += avg.dtype.type(eps)
        if momentum > 0:
            buf = state["momentum_buffer"]._data
            buf *= buf.dtype.type(momentum)
            K.addcdiv_(buf, grad, avg, 1)
            K.add_(param, buf, -lr)
        else:
            K.addcdiv_(param, grad, avg, -lr)
