"""Hook handles and the full backward hooks of ``Module`` (``torch.utils.hooks``' job in torch)."""

from __future__ import annotations

import warnings
import weakref
from collections import OrderedDict

from ..._tensor import Tensor
from ...autograd.function import Function

__all__ = [
    "RemovableHandle", "BackwardHook", "register_module_forward_pre_hook",
    "register_module_forward_hook", "register_module_full_backward_hook",
    "register_module_full_backward_pre_hook",
]  # fmt: skip


class RemovableHandle:
    """A handle which provides the capability to remove a hook."""

    next_id = 0

    def __init__(self, hooks_dict, *, extra_dict=None):
        self.hooks_dict_ref = weakref.ref(hooks_dict)
        self.id = RemovableHandle.next_id
        RemovableHandle.next_id += 1
        extras = extra_dict if isinstance(extra_dict, (list, tuple)) else [extra_dict]
        self.extra_dict_ref = tuple(weakref.ref(d) for d in extras if d is not None)

    def remove(self) -> None:
        hooks_dict = self.hooks_dict_ref()
        if hooks_dict is not None and self.id in hooks_dict:
            del hooks_dict[self.id]
        for ref in self.extra_dict_ref:
            extra = ref()
            if extra is not None and self.id in extra:
                del extra[self.id]

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.remove()


def add_hook(hooks: OrderedDict, hook, prepend: bool, extra=None) -> RemovableHandle:
    handle = RemovableHandle(hooks, extra_dict=extra)
    hooks[handle.id] = hook
    if prepend:
        hooks.move_to_end(handle.id, last=False)
    return handle


# hooks run on every module call (torch.nn.modules.module.register_module_*_hook)
_global_forward_pre_hooks: OrderedDict = OrderedDict()
_global_forward_hooks: OrderedDict = OrderedDict()
_global_forward_hooks_always_called: OrderedDict = OrderedDict()
_global_backward_hooks: OrderedDict = OrderedDict()
_global_backward_pre_hooks: OrderedDict = OrderedDict()


def register_module_forward_pre_hook(hook) -> RemovableHandle:
    """Registers ``hook(module, args)`` run before the forward of every module."""
    return add_hook(_global_forward_pre_hooks, hook, False)


def register_module_forward_hook(hook, *, always_call: bool = False) -> RemovableHandle:
    """Registers ``hook(module, args, output)`` run after the forward of every module."""
    handle = add_hook(_global_forward_hooks, hook, False, _global_forward_hooks_always_called)
    if always_call:
        _global_forward_hooks_always_called[handle.id] = True
    return handle


def register_module_full_backward_hook(hook) -> RemovableHandle:
    """Registers ``hook(module, grad_input, grad_output)`` for every module."""
    return add_hook(_global_backward_hooks, hook, False)


def register_module_full_backward_pre_hook(hook) -> RemovableHandle:
    """Registers ``hook(module, grad_output)`` for every module."""
    return add_hook(_global_backward_pre_hooks, hook, False)


class _OutputIdentity(Function):
    """Identity on a module's outputs: its backward sees grad_output and runs the pre-hooks."""

    @staticmethod
    def forward(ctx, state, *tensors):
        ctx.state = state
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        grads = ctx.state.on_grad_output(grads)
        return (None, *grads)


class _InputIdentity(Function):
    """Identity on a module's inputs: its backward sees grad_input and runs the hooks."""

    @staticmethod
    def forward(ctx, state, *tensors):
        ctx.state = state
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        return (None, *ctx.state.on_grad_input(grads))


class BackwardHook:
    """Routes a module call's inputs and outputs through identity nodes to call its full backward
    hooks with (module, grad_input, grad_output), as ``register_full_backward_hook`` promises."""

    def __init__(self, module, hooks, pre_hooks):
        self.module = module
        self.hooks = hooks
        self.pre_hooks = pre_hooks
        self.grad_outputs = None
        self.n_inputs = 0
        self.grad_slots = ()

    def setup_input_hook(self, args):
        # only the tensors that require grad pass through the node; the others get None
        self.n_inputs = sum(isinstance(a, Tensor) for a in args)
        idx = [i for i, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]
        tensor_pos = {
            i: k for k, i in enumerate(i for i, a in enumerate(args) if isinstance(a, Tensor))
        }
        self.grad_slots = tuple(tensor_pos[i] for i in idx)
        if not idx:
            return args
        new = _InputIdentity.apply(self, *(args[i] for i in idx))
        args = list(args)
        for i, t in zip(idx, new):
            args[i] = t
        return tuple(args)

    def setup_output_hook(self, result):
        single = isinstance(result, Tensor)
        outs = (result,) if single else result
        if not isinstance(outs, (tuple, list)):
            return result
        idx = [i for i, o in enumerate(outs) if isinstance(o, Tensor) and o.requires_grad]
        if not idx:
            return result
        new = _OutputIdentity.apply(self, *(outs[i] for i in idx))
        outs = list(outs)
        for i, t in zip(idx, new):
            outs[i] = t
        if single:
            return outs[0]
        return type(result)(outs) if isinstance(result, tuple) else outs

    def on_grad_output(self, grads):
        for hook in self.pre_hooks.values():
            res = hook(self.module, grads)
            if res is not None:
                grads = tuple(res) if isinstance(res, (tuple, list)) else (res,)
        self.grad_outputs = grads
        if not self.grad_slots:  # no input needs grad: the hooks see grad_input as Nones
            warnings.warn(
                "Full backward hook is firing when gradients are computed with respect to module "
                "outputs since no inputs require gradients. See https://docs.pytorch.org/docs/"
                "main/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook "
                "for more details.",
                stacklevel=2,
            )
            self._call_hooks((None,) * self.n_inputs)
        return grads

    def on_grad_input(self, grads):
        grad_input = [None] * self.n_inputs
        for slot, g in zip(self.grad_slots, grads):
            grad_input[slot] = g
        new = self._call_hooks(tuple(grad_input))
        return tuple(new[slot] for slot in self.grad_slots)

    def _call_hooks(self, grad_input):
        for hook in self.hooks.values():
            res = hook(self.module, grad_input, self.grad_outputs)
            if res is None:
                continue
            res = tuple(res) if isinstance(res, (tuple, list)) else (res,)
            if len(res) != len(grad_input):
                raise RuntimeError(
                    f"Backward hook returned an invalid number of grad_input, got {len(res)}, "
                    f"but expected {len(grad_input)}"
                )
            grad_input = res
        return grad_input
