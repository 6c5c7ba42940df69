"""The Tensor: a backend array plus autograd metadata.

Methods and operators are one line each: they call the op functions in ``numtorch.ops``.
"""

from __future__ import annotations

import weakref

import numpy as np

from . import _backend
from . import _dtype as D
from ._device import CPU, as_device, device
from ._size import Size
from .autograd.grad_mode import _state


class _VersionCounter:
    """Shared by a tensor and its views: bumped by every in-place change to the storage."""

    __slots__ = ("value",)

    def __init__(self):
        self.value = 0


class Tensor:
    """A multi-dimensional array with autograd, as ``torch.Tensor``."""

    __array_ufunc__ = None  # numpy scalars defer to our reflected operators
    __array_priority__ = 1000
    _multi_view = None  # the node of an op that returned several views of one tensor

    def __new__(cls, *args, device=None):
        # torch.Tensor(2, 3) and torch.Tensor([1, 2]): legacy constructors in the default dtype
        from .ops.creation import legacy_new

        return legacy_new(args, D.get_default_dtype(), device)

    @classmethod
    def _make(cls, data, requires_grad=False, grad_fn=None, output_nr=0):
        """Wrap a backend array without copying (the fast internal constructor)."""
        t = object.__new__(cls)
        t._data = data
        t._requires_grad = requires_grad
        t.grad_fn = grad_fn
        t._output_nr = output_nr
        t._grad = None
        t._version_counter = _VersionCounter()
        t._base = None
        t._grad_accumulator = None
        t._backward_hooks = None
        t._post_accumulate_grad_hooks = None
        t._retains_grad = False
        return t

    def _view_of(self, data, requires_grad=False, grad_fn=None, output_nr=0):
        """A tensor sharing this one's storage (and version counter)."""
        t = Tensor._make(data, requires_grad, grad_fn, output_nr)
        t._version_counter = self._version_counter
        t._base = self._base if self._base is not None else self
        return t

    # -- basic attributes ---------------------------------------------------------------------
    @property
    def dtype(self) -> D.dtype:
        return D._BY_NP[self._data.dtype]

    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_wrap_dim(dim, self._data.ndim)]

    @property
    def device(self) -> device:
        if _backend._cupy is None or self._data.__class__ is np.ndarray:
            return CPU
        return device("cuda", self._data.device.id)

    @property
    def is_cuda(self) -> bool:
        return self.device.type == "cuda"

    @property
    def is_cpu(self) -> bool:
        return self.device.type == "cpu"

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def dim(self) -> int:
        return self._data.ndim

    ndimension = dim

    def numel(self) -> int:
        return int(self._data.size)

    nelement = numel

    def element_size(self) -> int:
        return self._data.itemsize

    @property
    def itemsize(self) -> int:
        return self._data.itemsize

    @property
    def nbytes(self) -> int:
        return int(self._data.nbytes)

    def stride(self, dim=None):
        itemsize = self._data.itemsize
        strides = tuple(s // itemsize for s in self._data.strides)
        if self._data.size <= 1 or 0 in self._data.shape:
            strides = _normalized_strides(self._data, strides)
        if dim is None:
            return strides
        return strides[_wrap_dim(dim, self._data.ndim)]

    def storage_offset(self) -> int:
        base = _backend.base_array(self._data)
        offset = _backend.data_ptr(self._data) - _backend.data_ptr(base)
        return offset // self._data.itemsize

    def data_ptr(self) -> int:
        return _backend.data_ptr(self._data)

    def untyped_storage(self):
        """The bytes behind this tensor and every view sharing them (``torch.UntypedStorage``)."""
        from .storage import untyped_storage

        return untyped_storage(self)

    def storage(self):
        """The storage as elements of this tensor's dtype (deprecated ``TypedStorage``)."""
        from .storage import typed_storage

        return typed_storage(self)

    def is_contiguous(self, memory_format=None) -> bool:
        return bool(self._data.flags.c_contiguous)

    def is_floating_point(self) -> bool:
        return self.dtype.is_floating_point

    def is_complex(self) -> bool:
        return self.dtype.is_complex

    def is_signed(self) -> bool:
        return self.dtype.is_signed

    @property
    def is_sparse(self) -> bool:
        return False

    @property
    def is_quantized(self) -> bool:
        return False

    @property
    def is_meta(self) -> bool:
        return False

    @property
    def layout(self):
        from . import strided

        return strided

    def get_device(self) -> int:
        d = self.device
        return -1 if d.type == "cpu" else d.index

    @property
    def _version(self) -> int:
        return self._version_counter.value

    # -- autograd attributes ------------------------------------------------------------------
    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        if self.grad_fn is not None:
            if value:
                return
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a "
                "computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach()."
            )
        if value and self._data.dtype.kind not in "fcV" and self.dtype is not D.bfloat16:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._requires_grad = bool(value)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        self.requires_grad = requires_grad
        return self

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    @property
    def grad(self):
        if self.grad_fn is not None and not self._retains_grad and _state.enabled:
            import warnings

            warnings.warn(
                "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its "
                ".grad attribute won't be populated during autograd.backward(). If you indeed want"
                " the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the"
                " non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you "
                "access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for "
                "more information. (Triggered internally at "
                "/__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)",
                UserWarning,
                stacklevel=2,
            )
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(
                    f"assigned grad expected to be a Tensor or None but got grad of type "
                    f"{type(value).__name__}"
                )
            if value.dtype is not self.dtype:
                raise RuntimeError("assigned grad has data of a different type")
            if value.shape != self.shape:
                raise RuntimeError("assigned grad has data of a different size")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def data(self) -> Tensor:
        """The same storage, detached and untracked by autograd (changes are not versioned)."""
        t = Tensor._make(self._data)
        return t

    @data.setter
    def data(self, value):
        self._data = value._data

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    def retain_grad(self) -> None:
        if self.grad_fn is None:
            if not self._requires_grad:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
            return
        if self._retains_grad:
            return
        ref = weakref.ref(self)

        def retain(grad):
            t = ref()
            if t is not None:
                if t._grad is None:
                    t._grad = grad.detach().clone() if not _state.enabled else grad
                else:
                    t._grad = t._grad + grad
            return None

        self.grad_fn._tensor_hooks(self._output_nr).append(retain)
        self._retains_grad = True

    def _grad_edge(self):
        """The node gradients for this tensor flow into: its grad_fn, or its AccumulateGrad."""
        if self.grad_fn is not None:
            return self.grad_fn
        node = self._grad_accumulator() if self._grad_accumulator is not None else None
        if node is None:
            from .autograd.node import AccumulateGrad

            node = AccumulateGrad(self)
            self._grad_accumulator = weakref.ref(node)
        return node

    def register_hook(self, hook):
        """Registers a hook run on this tensor's gradient; it may return a replacement."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        from .autograd.node import _RemovableHandle

        if self.grad_fn is not None:
            hooks = self.grad_fn._tensor_hooks(self._output_nr)
        else:
            if self._backward_hooks is None:
                self._backward_hooks = []
            hooks = self._backward_hooks
        hooks.append(hook)
        return _RemovableHandle(hooks, hook)

    def register_post_accumulate_grad_hook(self, hook):
        """Registers a hook run after the gradient has been accumulated into ``.grad``."""
        if self.grad_fn is not None:
            raise RuntimeError(
                "post accumulate grad hooks cannot be registered on non-leaf tensors"
            )
        from .autograd.node import _RemovableHandle

        if self._post_accumulate_grad_hooks is None:
            self._post_accumulate_grad_hooks = []
        self._post_accumulate_grad_hooks.append(hook)
        return _RemovableHandle(self._post_accumulate_grad_hooks, hook)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Computes the gradient of this tensor with respect to the graph leaves."""
        from .autograd import backward

        backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self) -> Tensor:
        """A new tensor sharing storage, cut from the graph."""
        return self._view_of(self._data)

    def detach_(self) -> Tensor:
        if self._base is not None and self._base.requires_grad:
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using "
                "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set "
                "as True, gradients are views of DDP buckets, and hence detach_() cannot be called "
                "on these gradients. To fix this error, please refer to the Optimizer.zero_grad() "
                "function in torch/optim/optimizer.py as the solution."
            )
        self.grad_fn = None
        self._requires_grad = False
        return self

    # -- conversion to Python and NumPy --------------------------------------------------------
    def item(self):
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar"
            )
        return _backend.to_numpy(self._data).reshape(()).item()

    def tolist(self):
        data = _backend.to_numpy(self._data)
        if data.dtype == D.bfloat16._np:
            data = data.astype(np.float32)
        return data.tolist()

    def numpy(self, *, force: bool = False) -> np.ndarray:
        if self._requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                "instead."
            )
        if self.device.type != "cpu":
            if force:
                return _backend.to_numpy(self._data)
            raise TypeError(
                f"can't convert {self.device} device type tensor to numpy. Use Tensor.cpu() to "
                "copy the tensor to host memory first."
            )
        return self._data

    def __array__(self, dtype=None, copy=None):
        if self.device.type != "cpu":  # torch's __array__ is self.numpy(): no silent copy
            raise TypeError(
                f"can't convert {self.device} device type tensor to numpy. Use Tensor.cpu() to "
                "copy the tensor to host memory first."
            )
        data = _backend.to_numpy(self._data)
        return data if dtype is None else data.astype(dtype, copy=False)

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self.item())

    def __float__(self):
        return float(self._scalar_value())

    def __int__(self):
        return int(self._scalar_value())

    def __complex__(self):
        return complex(self._scalar_value())

    def __index__(self):
        if self.dtype.is_floating_point or self.dtype.is_complex or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def _scalar_value(self):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self.item()

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __hash__(self):
        return id(self)

    def __repr__(self, *, tensor_contents=None):
        from ._tensor_str import _str

        return _str(self, tensor_contents=tensor_contents)

    def __format__(self, spec):
        if self._data.ndim == 0 and type(self) is Tensor:  # '{}'.format(t) formats the number
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __reduce_ex__(self, protocol):
        # plain pickling (multiprocessing, copy): the values and the leaf flag; torch.save's
        # file format is serialization's business
        data = _backend.to_numpy(self._data)
        args = (type(self), np.array(data), self._requires_grad)
        if self.device.type != "cpu":
            args += (str(self.device),)
        return (_rebuild_tensor, args)

    def __deepcopy__(self, memo):
        if self.grad_fn is not None:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
                "because of a torch.nn.utils.weight_norm usage, see "
                "https://github.com/pytorch/pytorch/pull/103001"
            )
        if id(self) in memo:
            return memo[id(self)]
        new = type(self)._make(self._data.copy(), self._requires_grad)
        if type(self) is not Tensor:
            new = self.__class__.__new__(
                self.__class__, Tensor._make(self._data.copy()), self._requires_grad
            )
        if self._grad is not None:
            new._grad = self._grad.__deepcopy__(memo)
        new.__dict__.update(
            {k: v for k, v in self.__dict__.items() if not k.startswith("_") and k != "grad_fn"}
        )
        memo[id(self)] = new
        return new

    # -- dtype and device conversion ------------------------------------------------------------
    def to(self, *args, **kwargs) -> Tensor:
        """``to(dtype)``, ``to(device)``, ``to(other)``, ``to(device, dtype)``: copies if needed."""
        from .ops.conversion import to

        return to(self, *args, **kwargs)

    def type(self, dtype=None, non_blocking=False, **kwargs):
        from ._tensor_type import legacy_name, parse_legacy_name

        if dtype is None:
            return legacy_name(self.dtype, self.device.type)
        if isinstance(dtype, str):
            dtype, device_type = parse_legacy_name(dtype)
            return self.to(device=device_type, dtype=dtype)
        if isinstance(dtype, type):
            return self.to(dtype.dtype)
        return self.to(dtype)

    def type_as(self, other) -> Tensor:
        return self.to(other.dtype)

    def float(self):
        return self.to(D.float32)

    def double(self):
        return self.to(D.float64)

    def half(self):
        return self.to(D.float16)

    def bfloat16(self):
        return self.to(D.bfloat16)

    def long(self):
        return self.to(D.int64)

    def int(self):
        return self.to(D.int32)

    def short(self):
        return self.to(D.int16)

    def char(self):
        return self.to(D.int8)

    def byte(self):
        return self.to(D.uint8)

    def bool(self):
        return self.to(D.bool)

    def cfloat(self):
        return self.to(D.complex64)

    def cdouble(self):
        return self.to(D.complex128)

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None, non_blocking=False):
        return self.to(as_device(device if device is not None else "cuda"))

    def pin_memory(self):
        return self

    def is_pinned(self):
        return False

    def share_memory_(self):
        return self

    def is_shared(self):
        return False

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        from .ops.creation import tensor

        return tensor(
            data,
            dtype=dtype or self.dtype,
            device=device or self.device,
            requires_grad=requires_grad,
        )

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        from .ops.creation import empty

        return empty(
            *size,
            dtype=dtype or self.dtype,
            device=device or self.device,
            requires_grad=requires_grad,
        )

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        from .ops.creation import zeros

        return zeros(
            *size,
            dtype=dtype or self.dtype,
            device=device or self.device,
            requires_grad=requires_grad,
        )

    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        from .ops.creation import ones

        return ones(
            *size,
            dtype=dtype or self.dtype,
            device=device or self.device,
            requires_grad=requires_grad,
        )

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
        from .ops.creation import full

        return full(
            size,
            fill_value,
            dtype=dtype or self.dtype,
            device=device or self.device,
            requires_grad=requires_grad,
        )

    # -- operators ------------------------------------------------------------------------------
    def __add__(self, other):
        return _ew.add(self, other)

    def __radd__(self, other):
        return _ew.add(other, self)

    def __iadd__(self, other):
        return self.add_(other)

    def __sub__(self, other):
        return _ew.sub(self, other)

    def __rsub__(self, other):
        return _ew.sub(other, self)

    def __isub__(self, other):
        return self.sub_(other)

    def __mul__(self, other):
        return _ew.mul(self, other)

    def __rmul__(self, other):
        return _ew.mul(other, self)

    def __imul__(self, other):
        return self.mul_(other)

    def __truediv__(self, other):
        return _ew.div(self, other)

    def __rtruediv__(self, other):
        return _ew.div(other, self)

    def __itruediv__(self, other):
        return self.div_(other)

    def __floordiv__(self, other):
        return _ew.floor_divide(self, other)

    def __rfloordiv__(self, other):
        return _ew.floor_divide(other, self)

    def __ifloordiv__(self, other):
        return self.floor_divide_(other)

    def __mod__(self, other):
        return _ew.remainder(self, other)

    def __rmod__(self, other):
        return _ew.remainder(other, self)

    def __imod__(self, other):
        return self.remainder_(other)

    def __pow__(self, other):
        return _ew.pow(self, other)

    def __rpow__(self, other):
        return _ew.pow(other, self)

    def __ipow__(self, other):
        return self.pow_(other)

    def __matmul__(self, other):
        return _la.matmul(self, other)

    def __rmatmul__(self, other):
        return _la.matmul(other, self)

    def __neg__(self):
        return _ew.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _ew.abs(self)

    def __invert__(self):
        return _ew.bitwise_not(self)

    def __and__(self, other):
        return _ew.bitwise_and(self, other)

    def __rand__(self, other):
        return _ew.bitwise_and(other, self)

    def __iand__(self, other):
        return self.bitwise_and_(other)

    def __or__(self, other):
        return _ew.bitwise_or(self, other)

    def __ror__(self, other):
        return _ew.bitwise_or(other, self)

    def __ior__(self, other):
        return self.bitwise_or_(other)

    def __xor__(self, other):
        return _ew.bitwise_xor(self, other)

    def __rxor__(self, other):
        return _ew.bitwise_xor(other, self)

    def __ixor__(self, other):
        return self.bitwise_xor_(other)

    def __lshift__(self, other):
        return _ew.bitwise_left_shift(self, other)

    def __rshift__(self, other):
        return _ew.bitwise_right_shift(self, other)

    def __eq__(self, other):
        return _ew.eq(self, other)

    def __ne__(self, other):
        return _ew.ne(self, other)

    def __lt__(self, other):
        return _ew.lt(self, other)

    def __le__(self, other):
        return _ew.le(self, other)

    def __gt__(self, other):
        return _ew.gt(self, other)

    def __ge__(self, other):
        return _ew.ge(self, other)

    def __getitem__(self, index):
        return _ix.getitem(self, index)

    def __setitem__(self, index, value):
        _ix.setitem(self, index, value)

    # -- properties that are ops ----------------------------------------------------------------
    @property
    def T(self):
        return _sh.permute(self, tuple(range(self.ndim - 1, -1, -1)))

    @property
    def mT(self):
        return _sh.transpose(self, -2, -1)

    @property
    def H(self):
        return _sh.permute(self, tuple(range(self.ndim - 1, -1, -1))).conj()

    @property
    def mH(self):
        return _sh.transpose(self, -2, -1).conj()

    @property
    def real(self):
        return _cx.real(self)

    @property
    def imag(self):
        return _cx.imag(self)


def _rebuild_tensor(cls, array, requires_grad, device=None):
    if device is not None and device != "cpu":  # a cuda tensor comes back to its device
        dev = as_device(device)
        array = _backend.to_device(array, dev.type, dev.index)
    t = Tensor._make(array, requires_grad)
    if cls is not Tensor:
        t = cls(t, requires_grad)  # e.g. Parameter(data, requires_grad)
    return t


def _wrap_dim(dim, ndim):
    """A dim in [-ndim, ndim) made non-negative, with PyTorch's error otherwise."""
    lo, hi = (-ndim, ndim - 1) if ndim > 0 else (-1, 0)
    if not lo <= dim <= hi:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})"
        )
    return dim % ndim if ndim > 0 else 0


def _normalized_strides(data, strides):
    """PyTorch's contiguous strides where NumPy's carry no meaning (empty or one element)."""
    if data.flags.c_contiguous:
        out = []
        acc = 1
        for size in reversed(data.shape):
            out.append(acc)
            acc *= max(size, 1)
        return tuple(reversed(out))
    return strides


from . import _tensor_methods  # noqa: E402, F401  (binds the op methods onto Tensor)
from .autograd import node as _node  # noqa: E402  (ops need Tensor defined first)

_node.Tensor = Tensor
from .ops import complex as _cx  # noqa: E402
from .ops import elementwise as _ew  # noqa: E402
from .ops import indexing as _ix  # noqa: E402
from .ops import linalg as _la  # noqa: E402
from .ops import shape as _sh  # noqa: E402
