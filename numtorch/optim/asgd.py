"""Averaged stochastic gradient descent (``torch.optim.ASGD``)."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from . import _functional as K
from ._base import PerParamOptimizer, check_nonneg

__all__ = ["ASGD"]


class ASGD(PerParamOptimizer):
    r"""Implements Averaged Stochastic Gradient Descent.

    .. math::
        \theta_t = \theta_{t-1} (1 - \lambda \eta_t) - \eta_t g_t, \quad
        \eta_t = \frac{\gamma}{(1 + \lambda \gamma t)^\alpha}, \quad
        \bar\theta_t = \bar\theta_{t-1} + \mu_t (\theta_t - \bar\theta_{t-1})

    Args:
        params (iterable): parameters to optimize or dicts defining parameter groups
        lr (float): learning rate (default: 1e-2)
        lambd (float): decay term (default: 1e-4)
        alpha (float): power for the eta update (default: 0.75)
        t0 (float): point at which to start averaging (default: 1e6)
        weight_decay (float): weight decay (L2 penalty) (default: 0)
        maximize (bool): maximize the objective instead of minimizing (default: False)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        lambd: float = 1e-4,
        alpha: float = 0.75,
        t0: float = 1e6,
        weight_decay: float = 0,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
    ) -> None:
        K.check_lr(lr)
        check_nonneg(weight_decay, "weight_decay value")
        defaults = {
            "lr": lr,
            "lambd": lambd,
            "alpha": alpha,
            "t0": t0,
            "weight_decay": weight_decay,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "capturable": capturable,
        }
        super().__init__(params, defaults)

    def init_state(self, group, p, state) -> None:
        state["step"] = K.new_step()
        state["eta"] = Tensor._make(np.array(float(group["lr"]), dtype=np.float32))
        state["mu"] = Tensor._make(np.array(1.0, dtype=np.float32))
        state["ax"] = K.zeros_state(p)

    def update(self, group, p, grad, state) -> None:
        lr, lambd, alpha, t0 = float(group["lr"]), group["lambd"], group["alpha"], group["t0"]
        param = p._data
        f = param.dtype.type
        step = K.incr_step(state["step"])
        if group["weight_decay"] != 0:
            grad = K.add(grad, param, group["weight_decay"])
        eta = float(state["eta"]._data)
        param *= f(1 - lambd * eta)
        K.add_(param, grad, -eta)
        ax, mu = state["ax"]._data, state["mu"]._data
        if float(mu) != 1:
            diff = param - ax
            diff *= f(mu)
            ax += diff
        else:
            ax[...] = param
        state["eta"]._data[...] = lr / ((1 + lambd * lr * step) ** alpha)
        state["mu"]._data[...] = 1 / max(1, step - t0)
