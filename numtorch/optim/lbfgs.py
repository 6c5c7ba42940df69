"""L-BFGS (``torch.optim.LBFGS``), with an optional strong-Wolfe line search.

The parameters are handled as one flat vector. Scalars that torch keeps as 0-dim float32 tensors
(dot products, ``H_diag``, ``ro``, ``al``) are NumPy float32 scalars here: NumPy 2's promotion of
Python numbers against them is the same as torch's against 0-dim tensors, so the arithmetic
rounds alike. (Dot products go through BLAS on both sides and may sum in a different order.)
"""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ..autograd.grad_mode import enable_grad, no_grad
from . import _functional as K
from ._strong_wolfe import strong_wolfe
from .optimizer import Optimizer

__all__ = ["LBFGS"]

_ARRAY_KEYS = ("d", "prev_flat_grad", "H_diag", "t")
_LIST_KEYS = ("old_dirs", "old_stps", "ro", "al")


def _wrap(x):
    """An array or NumPy scalar as a Tensor (what the state dict shows); others unchanged."""
    if isinstance(x, (np.ndarray, np.generic)):
        return Tensor._make(np.array(x))
    return x


def _unwrap(x):
    if isinstance(x, Tensor):
        return x._data if x._data.ndim else x._data[()]
    return x


class LBFGS(Optimizer):
    """Implements the L-BFGS algorithm.

    Args:
        params (iterable): iterable of parameters to optimize (one group only)
        lr (float): learning rate (default: 1)
        max_iter (int): maximal number of iterations per optimization step (default: 20)
        max_eval (int): maximal number of function evaluations per step (default: max_iter*1.25)
        tolerance_grad (float): termination tolerance on first order optimality (default: 1e-7)
        tolerance_change (float): termination tolerance on function value/parameter changes
            (default: 1e-9)
        history_size (int): update history size (default: 100)
        line_search_fn (str): either 'strong_wolfe' or None (default: None)
    """

    def __init__(
        self,
        params,
        lr: float = 1,
        max_iter: int = 20,
        max_eval: int | None = None,
        tolerance_grad: float = 1e-7,
        tolerance_change: float = 1e-9,
        history_size: int = 100,
        line_search_fn: str | None = None,
    ) -> None:
        K.check_lr(lr)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = {
            "lr": lr,
            "max_iter": max_iter,
            "max_eval": max_eval,
            "tolerance_grad": tolerance_grad,
            "tolerance_change": tolerance_change,
            "history_size": history_size,
            "line_search_fn": line_search_fn,
        }
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    def _gather_flat_grad(self) -> np.ndarray:
        views = []
        for p in self._params:
            g = p._grad
            views.append(np.zeros(p._data.size, p._data.dtype) if g is None else g._data.ravel())
        return np.concatenate(views)

    def _add_grad(self, step_size, update) -> None:
        offset = 0
        for p in self._params:
            n = p._data.size
            K.add_(p._data, update[offset : offset + n].reshape(p._data.shape), step_size)
            K.bump(p)
            offset += n

    def _directional_evaluate(self, closure, x, t, d):
        self._add_grad(t, d)
        loss = float(closure())
        flat_grad = self._gather_flat_grad()
        for p, pdata in zip(self._params, x):
            p._data[...] = pdata
            K.bump(p)
        return loss, flat_grad

    def step(self, closure):
        """Perform a single optimization step.

        Args:
            closure (Callable): A closure that reevaluates the model and returns the loss.
        """
        with no_grad():
            return self._step(enable_grad()(closure))

    def _step(self, closure):
        group = self.param_groups[0]
        lr = float(group["lr"])
        max_iter, max_eval = group["max_iter"], group["max_eval"]
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        line_search_fn, history_size = group["line_search_fn"], group["history_size"]
        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        orig_loss = closure()
        loss = float(orig_loss)
        current_evals = 1
        state["func_evals"] += 1
        flat_grad = self._gather_flat_grad()
        if np.abs(flat_grad).max() <= tolerance_grad:
            return orig_loss
        s = {k: _unwrap(state.get(k)) for k in _ARRAY_KEYS}
        for k in _LIST_KEYS:
            s[k] = None if state.get(k) is None else [_unwrap(v) for v in state[k]]
        d, t, H_diag, prev_flat_grad = s["d"], s["t"], s["H_diag"], s["prev_flat_grad"]
        old_dirs, old_stps, ro = s["old_dirs"], s["old_stps"], s["ro"]
        prev_loss = state.get("prev_loss")
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            if state["n_iter"] == 1:
                d = -flat_grad
                old_dirs, old_stps, ro = [], [], []
                H_diag = 1
            else:
                y = flat_grad - prev_flat_grad
                s_vec = d * t
                ys = np.dot(y, s_vec)
                if ys > 1e-10:
                    if len(old_dirs) == history_size:  # a shift register of the history
                        old_dirs.pop(0)
                        old_stps.pop(0)
                        ro.pop(0)
                    old_dirs.append(y)
                    old_stps.append(s_vec)
                    ro.append(np.reciprocal(ys))
                    H_diag = ys / np.dot(y, y)
                if s["al"] is None:
                    s["al"] = [None] * history_size
                d = self._two_loop(flat_grad, old_dirs, old_stps, ro, H_diag, s["al"])
            if prev_flat_grad is None:
                prev_flat_grad = flat_grad.copy()
            else:
                prev_flat_grad[...] = flat_grad
            prev_loss = loss
            if state["n_iter"] == 1:
                t = min(1.0, np.reciprocal(np.abs(flat_grad).sum())) * lr
            else:
                t = lr
            gtd = np.dot(flat_grad, d)
            if gtd > -tolerance_change:  # directional derivative below tolerance
                break
            ls_func_evals = 0
            if line_search_fn is not None:
                if line_search_fn != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                x_init = [p._data.copy() for p in self._params]

                def obj_func(x, t, d):
                    return self._directional_evaluate(closure, x, t, d)

                loss, flat_grad, t, ls_func_evals = strong_wolfe(
                    obj_func, x_init, t, d, loss, flat_grad, gtd, max_ls=max_eval - current_evals
                )
                self._add_grad(t, d)
                opt_cond = np.abs(flat_grad).max() <= tolerance_grad
            else:
                self._add_grad(t, d)
                if n_iter != max_iter:
                    loss = float(closure())
                    flat_grad = self._gather_flat_grad()
                    opt_cond = np.abs(flat_grad).max() <= tolerance_grad
                    ls_func_evals = 1
            current_evals += ls_func_evals
            state["func_evals"] += ls_func_evals
            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            if np.abs(d * t).max() <= tolerance_change:  # lack of progress
                break
            if abs(loss - prev_loss) < tolerance_change:
                break
        state["d"], state["t"], state["H_diag"] = _wrap(d), _wrap(t), _wrap(H_diag)
        state["prev_flat_grad"], state["prev_loss"] = _wrap(prev_flat_grad), prev_loss
        state["old_dirs"] = [_wrap(v) for v in old_dirs]
        state["old_stps"] = [_wrap(v) for v in old_stps]
        state["ro"] = [_wrap(v) for v in ro]
        if s["al"] is not None:
            state["al"] = [_wrap(v) for v in s["al"]]
        return orig_loss

    @staticmethod
    def _two_loop(flat_grad, old_dirs, old_stps, ro, H_diag, al):
        """The L-BFGS two-loop recursion: an approximation of the inverse Hessian times -g."""
        num_old = len(old_dirs)
        q = -flat_grad
        for i in range(num_old - 1, -1, -1):
            al[i] = np.dot(old_stps[i], q) * ro[i]
            K.add_(q, old_dirs[i], -al[i])
        r = q * H_diag
        for i in range(num_old):
            be_i = np.dot(old_dirs[i], r) * ro[i]
            K.add_(r, old_stps[i], al[i] - be_i)
        return r
