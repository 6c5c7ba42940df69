"""Adagrad (``torch.optim.Adagrad``)."""

from __future__ import annotations

import numpy as np

from . import _functional as K
from ._base import PerParamOptimizer, check_nonneg

__all__ = ["Adagrad"]


class Adagrad(PerParamOptimizer):
    r"""Implements the Adagrad algorithm.

    .. math::
        s_t = s_{t-1} + g_t^2, \quad \theta_t = \theta_{t-1} -
        \frac{\gamma}{1 + (t-1)\eta} \frac{g_t}{\sqrt{s_t} + \epsilon}

    Args:
        params (iterable): parameters to optimize or dicts defining parameter groups
        lr (float): learning rate (default: 1e-2)
        lr_decay (float): learning rate decay :math:`\eta` (default: 0)
        weight_decay (float): weight decay (L2 penalty) (default: 0)
        initial_accumulator_value (float): initial value of the sum of squares (default: 0)
        eps (float): term added to the denominator (default: 1e-10)
        maximize (bool): maximize the objective instead of minimizing (default: False)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        K.check_lr(lr)
        check_nonneg(lr_decay, "lr_decay value")
        check_nonneg(weight_decay, "weight_decay value")
        check_nonneg(initial_accumulator_value, "initial_accumulator_value value")
        check_nonneg(eps, "epsilon value")
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "eps": eps,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "fused": fused,
        }
        super().__init__(params, defaults)
        # torch creates Adagrad's state eagerly, for every parameter
        for group in self.param_groups:
            for p in group["params"]:
                self.init_state(group, p, self.state[p])

    def init_state(self, group, p, state) -> None:
        state["step"] = K.new_step()
        state["sum"] = K.full_state(p, self.defaults["initial_accumulator_value"])

    def update(self, group, p, grad, state) -> None:
        lr, wd, eps, lr_decay = (
            float(group["lr"]),
            group["weight_decay"],
            group["eps"],
            group["lr_decay"],
        )
        step = K.incr_step(state["step"])
        if wd != 0:
            grad = K.add(grad, p._data, wd)
        clr = lr / (1 + (step - 1) * lr_decay)
        state_sum = state["sum"]._data
        K.addcmul_(state_sum, grad, grad, 1)
        std = np.sqrt(state_sum)
        std += std.dtype.type(eps)
        K.addcdiv_(p._data, grad, std, -clr)
