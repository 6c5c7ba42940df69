"""Adam (``torch.optim.Adam``): adaptive moment estimation."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from . import _foreach as F
from . import _functional as K
from .optimizer import Optimizer, _use_no_grad

__all__ = ["Adam"]


def _check_adam_args(lr, betas, eps, weight_decay) -> None:
    K.check_lr(lr)
    if not 0.0 <= eps:
        raise ValueError(f"Invalid epsilon value: {eps}")
    if not 0.0 <= betas[0] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
    if not 0.0 <= betas[1] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
    if not 0.0 <= weight_decay:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


class Adam(Optimizer):
    r"""Implements the Adam algorithm.

    .. math::
        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \quad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,
        \quad \theta_t = \theta_{t-1} - \gamma \frac{m_t / (1-\beta_1^t)}
        {\sqrt{v_t / (1-\beta_2^t)} + \epsilon}

    Args:
        params (iterable): iterable of parameters or named parameters to optimize, or dicts
            defining parameter groups.
        lr (float): learning rate (default: 1e-3)
        betas (Tuple[float, float]): coefficients for the running averages of the gradient and
            its square (default: (0.9, 0.999))
        eps (float): term added to the denominator for numerical stability (default: 1e-8)
        weight_decay (float): weight decay (L2 penalty) (default: 0)
        amsgrad (bool): use the AMSGrad variant (default: False)
        maximize (bool): maximize the objective instead of minimizing (default: False)
        foreach (bool, optional): update all parameters of a group at once (default: None)
        decoupled_weight_decay (bool): decay the weights directly, as AdamW (default: False)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
        decoupled_weight_decay: bool = False,
    ) -> None:
        _check_adam_args(lr, betas, eps, weight_decay)
        if not (
            (isinstance(betas[0], float) and isinstance(betas[1], float))
            or (isinstance(betas[0], Tensor) and isinstance(betas[1], Tensor))
        ):
            raise ValueError("betas must be either both floats or both Tensors")
        defaults = {
            "lr": lr,
            "betas": tuple(K.to_scalar(b) for b in betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
            "foreach": foreach,
            "capturable": capturable,
            "differentiable": differentiable,
            "fused": fused,
            "decoupled_weight_decay": decoupled_weight_decay,
        }
        super().__init__(params, defaults)
        if fused and foreach:
            raise RuntimeError("`fused` and `foreach` cannot be `True` together.")

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("amsgrad", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("capturable", False)
            group.setdefault("differentiable", False)
            group.setdefault("decoupled_weight_decay", False)
            group.setdefault("fused", None)
            for p in group["params"]:
                p_state = self.state.get(p, [])
                if len(p_state) != 0 and not isinstance(p_state["step"], Tensor):
                    p_state["step"] = Tensor._make(np.array(float(p_state["step"]), np.float32))

    def _init_state(self, group, p) -> dict:
        state = self.state[p]
        if len(state) == 0:
            state["step"] = K.new_step()
            state["exp_avg"] = K.zeros_state(p)
            state["exp_avg_sq"] = K.zeros_state(p)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = K.zeros_state(p)
        return state

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
            if any(p.is_complex() for p in params):
                raise NotImplementedError("numtorch's Adam does not support complex parameters")
            states = [self._init_state(group, p) for p in params]
            if group["foreach"] and F.can_flatten(params, grads) and _same_steps(states):
                self._step_foreach(group, params, grads, states)
            else:
                for p, g, s in zip(params, grads, states):
                    self._step_one(group, p, g, s)
        return loss

    def _step_one(self, group, p, grad, state) -> None:
        beta1, beta2 = (float(b) for b in group["betas"])
        lr, wd = float(group["lr"]), group["weight_decay"]
        step = K.incr_step(state["step"])
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        scalars = {
            "beta1": beta1,
            "beta2": beta2,
            "eps": group["eps"],
            "maximize": group["maximize"],
            "coupled_wd": 0 if group["decoupled_weight_decay"] else wd,
            "decay": 1 - lr * wd if group["decoupled_weight_decay"] and wd != 0 else None,
            "step_size": lr / bias_correction1,
            "bias_correction2_sqrt": bias_correction2**0.5,
        }
        max_sq = state["max_exp_avg_sq"]._data if group["amsgrad"] else None
        exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
        K.for_chunks(
            lambda *a: _adam_update(*a, **scalars), p._data, grad, exp_avg, exp_avg_sq, max_sq
        )
        K.bump(p)

    def _step_foreach(self, group, params, grads, states) -> None:
        # the same update on the group laid end to end: state in flat buffers, a few NumPy calls
        # per chunk for the whole group, then each parameter copied back from the flat result
        beta1, beta2 = (float(b) for b in group["betas"])
        lr, wd = float(group["lr"]), group["weight_decay"]
        for s in states:
            step = K.incr_step(s["step"])
        scalars = {
            "beta1": beta1,
            "beta2": beta2,
            "eps": group["eps"],
            "maximize": group["maximize"],
            "coupled_wd": 0 if group["decoupled_weight_decay"] else wd,
            "decay": 1 - lr * wd if group["decoupled_weight_decay"] and wd != 0 else None,
            "step_size": lr / (1 - beta1**step),
            "bias_correction2_sqrt": (1 - beta2**step) ** 0.5,
        }
        flat_param = F.flatten([p._data for p in params])
        exp_avg = F.flat_state(self.state, params, "exp_avg")
        exp_avg_sq = F.flat_state(self.state, params, "exp_avg_sq")
        max_sq = F.flat_state(self.state, params, "max_exp_avg_sq") if group["amsgrad"] else None
        K.for_chunks(
            lambda *a: _adam_update(*a, **scalars),
            flat_param,
            F.flatten(grads),
            exp_avg,
            exp_avg_sq,
            max_sq,
        )
        F.scatter_copy(params, flat_param)


def _adam_update(
    param, grad, exp_avg, exp_avg_sq, max_sq, *, beta1, beta2, eps, maximize, coupled_wd, decay,
    step_size, bias_correction2_sqrt,
) -> None:  # fmt: skip
    """Adam's elementwise update in place, in the order of torch's ``_single_tensor_adam``."""
    if maximize:
        grad = -grad
    if decay is not None:
        param *= param.dtype.type(decay)
    elif coupled_wd != 0:
        grad = K.add(grad, param, coupled_wd)
    K.lerp_(exp_avg, grad, 1 - beta1)
    exp_avg_sq *= exp_avg_sq.dtype.type(beta2)
    K.addcmul_(exp_avg_sq, grad, grad, 1 - beta2)
    if max_sq is not None:
        np.maximum(max_sq, exp_avg_sq, out=max_sq)
        denom = np.sqrt(max_sq)
    else:
        denom = np.sqrt(exp_avg_sq)
    denom /= denom.dtype.type(bias_correction2_sqrt)
    denom += denom.dtype.type(eps)
    K.addcdiv_(param, exp_avg, denom, -step_size)


def _same_steps(states) -> bool:
    """Whether every parameter has taken the same number of steps (one bias correction)."""
    first = float(states[0]["step"]._data) if states else 0.0
    return all(float(s["step"]._data) == first for s in states)
