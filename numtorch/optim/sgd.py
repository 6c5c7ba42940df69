"""Stochastic gradient descent, optionally with momentum (``torch.optim.SGD``)."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from . import _foreach as F
from . import _functional as K
from .optimizer import Optimizer, _use_no_grad

__all__ = ["SGD"]


class SGD(Optimizer):
    r"""Implements stochastic gradient descent (optionally with momentum).

    .. math::
        g_t = \nabla f(\theta_{t-1}) + \lambda \theta_{t-1}, \quad
        b_t = \mu b_{t-1} + (1 - \tau) g_t, \quad \theta_t = \theta_{t-1} - \gamma b_t

    Args:
        params (iterable): iterable of parameters or named parameters to optimize, or dicts
            defining parameter groups.
        lr (float): learning rate (default: 1e-3)
        momentum (float): momentum factor (default: 0)
        dampening (float): dampening for momentum (default: 0)
        weight_decay (float): weight decay (L2 penalty) (default: 0)
        nesterov (bool): enables Nesterov momentum (default: False)
        maximize (bool): maximize the objective instead of minimizing (default: False)
        foreach (bool, optional): update all parameters of a group at once (default: None)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
            "foreach": foreach,
            "differentiable": differentiable,
            "fused": fused,
        }
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("nesterov", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("differentiable", False)
            group.setdefault("fused", False)

    @_use_no_grad
    def step(self, closure=None):
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = None
        if closure is not None:
            from ..autograd.grad_mode import enable_grad

            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            params, grads = K.params_with_grad(group)
            if group["foreach"] and F.can_flatten(params, grads):
                self._step_foreach(group, params, grads)
            else:
                for p, g in zip(params, grads):
                    self._step_one(group, p, g)
        return loss

    def _step_one(self, group, p, grad) -> None:
        momentum = group["momentum"]
        buf = None
        if momentum != 0:
            state = self.state[p]
            if state.get("momentum_buffer") is None:
                # the first buffer is the (decayed) gradient itself: an empty buffer marks it
                state["momentum_buffer"] = Tensor._make(np.empty_like(grad))
                first = True
            else:
                first = False
            buf = state["momentum_buffer"]._data
        opts = {
            "lr": float(group["lr"]),
            "wd": group["weight_decay"],
            "momentum": momentum,
            "dampening": group["dampening"],
            "nesterov": group["nesterov"],
            "maximize": group["maximize"],
            "first": momentum != 0 and first,
        }
        K.for_chunks(lambda *a: _sgd_update(*a, **opts), p._data, grad, buf)
        K.bump(p)

    def _step_foreach(self, group, params, grads) -> None:
        # the same update on the group's tensors laid end to end in flat buffers
        momentum = group["momentum"]
        buf, first = None, False
        if momentum != 0:
            fresh = [self.state[p].get("momentum_buffer") is None for p in params]
            if any(fresh) and not all(fresh):  # buffers of mixed ages: step tensor by tensor
                for p, g in zip(params, grads):
                    self._step_one(group, p, g)
                return
            first = all(fresh)
            if first:
                F.adopt_flat(
                    self.state,
                    params,
                    "momentum_buffer",
                    np.empty(sum(g.size for g in grads), grads[0].dtype),
                )
            buf = F.flat_state(self.state, params, "momentum_buffer")
        opts = {
            "lr": float(group["lr"]),
            "wd": group["weight_decay"],
            "momentum": momentum,
            "dampening": group["dampening"],
            "nesterov": group["nesterov"],
            "maximize": group["maximize"],
            "first": first,
        }
        flat_param = F.flatten([p._data for p in params])
        K.for_chunks(lambda *a: _sgd_update(*a, **opts), flat_param, F.flatten(grads), buf)
        F.scatter_copy(params, flat_param)


def _sgd_update(param, grad, buf, *, lr, wd, momentum, dampening, nesterov, maximize, first):
    """SGD's elementwise update in place, in the order of torch's ``_single_tensor_sgd``."""
    if maximize:
        grad = -grad
    if wd != 0:
        grad = K.add(grad, param, wd)
    if momentum != 0:
        if first:
            buf[...] = grad
        else:
            buf *= buf.dtype.type(momentum)
            K.add_(buf, grad, 1 - dampening)
        grad = K.add(grad, buf, momentum) if nesterov else buf
    K.add_(param, grad, -lr)
