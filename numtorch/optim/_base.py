"""A small scaffold shared by the per-parameter optimizers: validation, the step loop, state."""

from __future__ import annotations

from ..autograd.grad_mode import enable_grad
from . import _functional as K
from .optimizer import Optimizer


def check_nonneg(value, what: str) -> None:
    """torch's ``if not 0.0 <= value: raise ValueError(f"Invalid {what}: {value}")``."""
    if not 0.0 <= value:
        raise ValueError(f"Invalid {what}: {value}")


class PerParamOptimizer(Optimizer):
    """An optimizer written as ``init_state(group, p)`` plus ``update(group, p, grad, state)``
    (MLX's ``init_single``/``apply_single``); ``step`` runs them over every parameter that has a
    gradient, in place, under no_grad."""

    def init_state(self, group, p, state) -> None:
        raise NotImplementedError

    def update(self, group, p, grad, state) -> None:
        raise NotImplementedError

    def step(self, closure=None):
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        from ..autograd.grad_mode import no_grad

        with no_grad():
            for group in self.param_groups:
                params, grads = K.params_with_grad(group)
                for p, g in zip(params, grads):
                    if p.is_complex():
                        raise NotImplementedError(
                            f"numtorch's {type(self).__name__} does not support complex parameters"
                        )
                    state = self.state[p]
                    if len(state) == 0:
                        self.init_state(group, p, state)
                    if group.get("maximize", False):
                        g = -g
                    self.update(group, p, g, state)
                    K.bump(p)
        return loss
