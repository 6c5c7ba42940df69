"""Graph nodes and the op base class.

An ``Op`` is one small class: ``forward`` works on backend arrays, ``backward`` on Tensors (so it
is itself differentiable and higher-order gradients come free). ``Op.apply`` does the bookkeeping
once for every op: unwrapping, device checks, wrapping results, and recording a ``Node`` (the
``grad_fn``) only when grad mode is on and an input requires grad.
"""

from __future__ import annotations

import itertools
import re
from types import MappingProxyType

import numpy as np

from .. import _backend
from .grad_mode import _state

_sequence = itertools.count()

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
    "graph a second time or if you need to access saved tensors after calling backward."
)


class SavedTensor:
    """A tensor kept for backward, with the version it had, to catch later in-place changes."""

    __slots__ = ("tensor", "data", "version", "counter", "is_output", "output_nr", "producer")

    def __init__(self, tensor=None, data=None, counter=None, is_output=False, output_nr=0):
        self.tensor = tensor
        self.data = data
        self.counter = counter if counter is not None else getattr(tensor, "_version_counter", None)
        self.version = self.counter.value if self.counter is not None else 0
        self.is_output = is_output
        self.output_nr = output_nr
        # the node that made a saved input, as it was when saved (for the in-place error)
        self.producer = getattr(tensor, "grad_fn", None)
        if self.producer is not None:
            self.output_nr = tensor._output_nr

    def unpack(self, node):
        from .._tensor import Tensor

        if self.counter is not None and self.counter.value != self.version:
            raise RuntimeError(self._modified_message(node))
        if self.tensor is not None:
            return self.tensor
        if self.is_output:  # rebuilt on demand: a node holding its own output would be a cycle
            return Tensor._make(self.data, node.requires_grad_output(), node, self.output_nr)
        return Tensor._make(self.data)

    def _modified_message(self, node):
        from .._tensor_type import legacy_type_name

        data = self.tensor._data if self.tensor is not None else self.data
        what = f"[{legacy_type_name(data)} {list(data.shape)}]"
        producer = node if self.is_output else self.producer
        if producer is not None:
            name = re.sub(r"Backward\d*$", "", producer.name())
            what += f", which is output {self.output_nr} of {name},"
        return (
            "one of the variables needed for gradient computation has been modified by an "
            f"inplace operation: {what} is at version {self.counter.value}; expected version "
            f"{self.version} instead. Hint: enable anomaly detection to find the operation that "
            "failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, "
            "check_nan=False)."
        )


class Node:
    """A recorded op: the ``grad_fn`` of its outputs and the ``ctx`` its forward and backward see.

    Attributes an op's forward sets on ``ctx`` (``ctx.dim = dim``) are there in backward.
    """

    # Defaults live on the class: a node is made for every op call, so its __init__ stays tiny.
    xp = np
    next_functions = ()
    needs_input_grad = ()
    _saved = None
    _to_save = None
    _freed = False
    _input_meta = ()
    _input_positions = None  # which backward results go to next_functions (None: all)
    _output_meta = ()
    _pre_hooks = MappingProxyType({})  # output_nr -> [hook(grad)]; made per node when used
    _hooks = ()  # hook(grad_inputs, grad_outputs) after the node runs
    _node_pre_hooks = ()
    _materialize_grads = True
    _non_differentiable = ()
    _dirty = ()
    _anomaly_trace = None

    def __init__(self, op=None):
        self._op = op
        self._sequence_nr = next(_sequence)

    def _tensor_hooks(self, output_nr):
        """The (mutable) list of tensor hooks for one output, made on first use."""
        if "_pre_hooks" not in self.__dict__:
            self._pre_hooks = {}
        return self._pre_hooks.setdefault(output_nr, [])

    # -- what ops call on ctx ---------------------------------------------------------------
    def save_for_backward(self, *items):
        """Keep arrays or tensors for backward (inputs and outputs are recognised and tracked)."""
        self._to_save = items

    @property
    def saved_tensors(self):
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
        if self._saved is None:
            return ()
        return tuple(s.unpack(self) if s is not None else None for s in self._saved)

    def mark_non_differentiable(self, *outputs):
        self._non_differentiable = outputs

    def mark_dirty(self, *tensors):
        self._dirty = tensors

    def set_materialize_grads(self, value: bool):
        self._materialize_grads = value

    # -- what users see on grad_fn -----------------------------------------------------------
    def name(self) -> str:
        # an op whose overloads PyTorch names apart (PowBackward0/1/2) sets ctx._name
        name = self.__dict__.get("_name")
        if name is not None:
            return name
        op = self._op
        if op is None:
            return type(self).__name__
        return op.node_name or f"{op.__name__}Backward0"

    def __repr__(self):
        name = self.name().replace("torch::autograd::", "")
        return f"<{name} object at {hex(id(self))}>"

    def register_hook(self, fn):
        if "_hooks" not in self.__dict__:
            self._hooks = []
        self._hooks.append(fn)
        return _RemovableHandle(self._hooks, fn)

    def register_prehook(self, fn):
        if "_node_pre_hooks" not in self.__dict__:
            self._node_pre_hooks = []
        self._node_pre_hooks.append(fn)
        return _RemovableHandle(self._node_pre_hooks, fn)

    def __call__(self, *grads):
        return self._op.backward(self, *grads)

    @property
    def metadata(self):
        if not hasattr(self, "_metadata"):
            self._metadata = {}
        return self._metadata

    def requires_grad_output(self) -> bool:
        return True

    # -- engine side --------------------------------------------------------------------------
    def apply_backward(self, grads):
        """Run the op's backward on the output gradients; one gradient per forward input."""
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
        result = self._op.backward(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        return result

    def release(self):
        self._saved = None
        self._freed = True


class _RemovableHandle:
    def __init__(self, container, item):
        self._container, self._item = container, item

    def remove(self):
        if self._item in self._container:
            self._container.remove(self._item)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


class AccumulateGrad(Node):
    """The node that adds a gradient into a leaf's ``.grad``."""

    def __init__(self, variable):
        super().__init__(None)
        self.variable = variable

    def name(self):
        return "torch::autograd::AccumulateGrad"

    def __repr__(self):
        return f"<AccumulateGrad object at {hex(id(self))}>"


class Op:
    """Base of every differentiable op: ``forward`` on arrays, ``backward`` on Tensors."""

    node_name: str | None = None  # PyTorch's node name when it isn't ``<ClassName>Backward0``
    # How many leading arguments are operands: a Python number there still gets an edge
    # ``(None, 0)`` in ``next_functions``, as PyTorch wraps it into a tensor. Tensors always do.
    num_operands: int = 0
    # A view op's outputs share the first tensor argument's storage (and version counter).
    is_view: bool = False

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, *grads):
        raise NotImplementedError

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # the node's class carries PyTorch's name: type(y.grad_fn).__name__ == "MulBackward0"
        name = (cls.__dict__.get("node_name") or f"{cls.__name__}Backward0").split("::")[-1]
        cls._node_class = type(name, (Node,), {"__module__": "torch.autograd.graph"})

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = cls._node_class(cls)
        arrays = []
        tensors = []
        record = False
        for a in args:
            if isinstance(a, Tensor):
                tensors.append(a)
                arrays.append(a._data)
                record = record or a._requires_grad
            else:
                arrays.append(a)
        record = record and _state.enabled
        device = None
        if _backend._cupy is not None and tensors:
            device, arrays = placement(tensors, args, arrays)
            if device is not None:  # on the GPU: CuPy, on the tensors' device
                ctx.xp = _backend._cupy
        try:
            if device is None:
                out = cls.forward(ctx, *arrays, **kwargs)
            else:
                with on_gpu(device):
                    out = cls.forward(ctx, *arrays, **kwargs)
        except ValueError as error:
            if "broadcast" in str(error):
                raise broadcast_error([a.shape for a in arrays if hasattr(a, "shape")]) from None
            raise

        base = tensors[0] if cls.is_view else None
        if type(out) is tuple:
            results = tuple(_wrap(o, ctx, i, record, base) for i, o in enumerate(out))
            if base is not None:  # split/unbind/chunk: their views may not be written in place
                for r in results:
                    r._multi_view = ctx
        else:
            results = _wrap(out, ctx, 0, record, base)
        if record:
            _finish_node(ctx, args, arrays, out, results)
        return results


# Set by numtorch._tensor once the class exists (it imports this module before defining it).
Tensor = None


def _wrap(array, ctx, index, record, base):
    if type(array) is not np.ndarray and not hasattr(array, "__cuda_array_interface__"):
        array = np.asarray(array)
    tracked = record and array.dtype.kind in "fcV"
    if tracked and ctx._non_differentiable:
        tracked = not any(m is array for m in ctx._non_differentiable)
    if base is not None:
        return base._view_of(array, True, ctx, index) if tracked else base._view_of(array)
    if tracked:
        return Tensor._make(array, True, ctx, index)
    return Tensor._make(array)


def _finish_node(ctx, args, arrays, out, results):
    """Record the graph edges, the input shapes and the saved tensors of a node."""
    next_functions = []
    positions = []
    meta = []
    needs = []
    num_operands = ctx._op.num_operands
    for i, a in enumerate(args):
        if isinstance(a, Tensor):
            needs.append(a._requires_grad)
            positions.append(i)
            if a._requires_grad:
                edge = a.grad_fn
                next_functions.append(
                    (edge, a._output_nr) if edge is not None else (a._grad_edge(), 0)
                )
                meta.append((a._data.shape, a.dtype))
                continue
        else:
            needs.append(False)
            if i >= num_operands:
                continue
            positions.append(i)
        next_functions.append((None, 0))
        meta.append(None)
    ctx.next_functions = tuple(next_functions)
    ctx.needs_input_grad = tuple(needs)
    ctx._input_positions = tuple(positions)
    ctx._input_meta = tuple(meta)
    if type(results) is tuple:
        ctx._output_meta = tuple((o._data.shape, o.dtype) for o in results)
    else:
        ctx._output_meta = ((results._data.shape, results.dtype),)
    if ctx._to_save is not None:
        outs = results if type(results) is tuple else (results,)
        out_arrays = out if type(out) is tuple else (out,)
        ctx._saved = [_resolve_saved(item, args, arrays, out_arrays, outs) for item in ctx._to_save]
        ctx._to_save = None
    if _state.anomaly:
        import os
        import traceback

        package = os.path.dirname(os.path.dirname(__file__))
        frames = [f for f in traceback.extract_stack() if not f.filename.startswith(package)]
        ctx._anomaly_trace = "".join(traceback.format_list(frames))


def _resolve_saved(item, args, arrays, out_arrays, outs):
    if item is None:
        return None
    if isinstance(item, Tensor):
        return SavedTensor(item)
    for a, arr in zip(args, arrays):
        if arr is item and isinstance(a, Tensor):
            return SavedTensor(a)
    for i, (arr, t) in enumerate(zip(out_arrays, outs)):
        if arr is item:
            return SavedTensor(
                data=t._data, counter=t._version_counter, is_output=True, output_nr=i
            )
    if not hasattr(item, "shape") or isinstance(item, np.generic):
        return _SavedConstant(item)
    return SavedTensor(data=item)


class _SavedConstant:
    """A Python number (or other non-array) kept for backward as it is."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def unpack(self, node):
        return self.value


def broadcast_error(shapes):
    """PyTorch's message for operands whose shapes don't broadcast."""
    for i, a in enumerate(shapes):
        for b in shapes[i + 1 :]:
            for k in range(1, min(len(a), len(b)) + 1):
                if a[-k] != b[-k] and a[-k] != 1 and b[-k] != 1:
                    dim = max(len(a), len(b)) - k
                    return RuntimeError(
                        f"The size of tensor a ({a[-k]}) must match the size of tensor b "
                        f"({b[-k]}) at non-singleton dimension {dim}"
                    )
    return RuntimeError(f"shapes {[list(s) for s in shapes]} cannot be broadcast together")


def placement(tensors, args, arrays):
    """``(device, arrays)`` for an op on ``tensors``: the GPU it runs on (None: the CPU), and the
    arrays of ``args`` with any 0-d CPU tensor's copied there (torch's device rule)."""
    device = _common_device(tensors)
    if device is None:
        return None, arrays
    return device, _cpu_scalars_to(device, args, arrays)


def on_gpu(device):
    """CuPy's context for running on ``device`` (a cuda ``torch.device``)."""
    return _backend._cupy.cuda.Device(device.index or 0)


def _common_device(tensors):
    """The cuda device the op runs on (None: the CPU), with torch's check that all tensors are on
    it: as torch's TensorIterator, the common device is the first non-CPU one, and a 0-d CPU
    tensor may join a GPU op."""
    common = None
    for t in tensors:
        d = t.device
        if d.type != "cpu":
            common = d
            break
    if common is None:
        return None
    for t in tensors:
        d = t.device
        if d != common and not (d.type == "cpu" and t._data.ndim == 0):
            raise RuntimeError(
                "Expected all tensors to be on the same device, but found at least two devices, "
                f"{common} and {d}!"
            )
    return common


def _cpu_scalars_to(device, args, arrays):
    """The arrays with those of 0-d CPU tensors copied to ``device`` (torch lets them join)."""
    if all(not isinstance(a, Tensor) or a.device.type != "cpu" for a in args):
        return arrays
    return [
        _backend.to_device(arr, device.type, device.index)
        if isinstance(a, Tensor) and a.device.type == "cpu"
        else arr
        for a, arr in zip(args, arrays)
    ]
