"""numtorch's ``cuda`` device, run without a GPU through a fake CuPy.

numtorch reaches the GPU only through CuPy (``numtorch._backend`` is the one module that tells NumPy
from CuPy). No CI machine has a GPU, so this module swaps a *fake* CuPy into
``numtorch._backend._cupy`` for the duration of each test and runs PyTorch-style code on
``device='cuda'``.

What the fake is
----------------
* ``fake.ndarray`` is a NumPy subclass: an array of that class is "on the GPU", a plain
  ``numpy.ndarray`` is "on the CPU". Each fake array records the device it lives on
  (``a.device.id``), as CuPy's do: a new array is allocated on the *current* device
  (``fake.cuda.Device(i)`` is the context manager that changes it), a view stays on its base's.
  Full reductions and integer indexing give 0-d arrays, as CuPy's do (NumPy gives scalars).
* Module functions (``fake.zeros``, ``fake.matmul``, ``fake.concatenate``, ``fake.linalg.inv`` ...)
  and ufuncs (``fake.add``, ``fake.add.at`` ...) delegate to NumPy and return fake arrays.
  ``fake.asarray``/``fake.array`` copy host data to the current device, ``fake.asnumpy`` and
  ``a.get()`` copy back to a plain ``numpy.ndarray``.
* It refuses what CuPy refuses, so that host/device mixing bugs surface as errors:
  a plain ``numpy.ndarray`` (even 0-d) given to a fake function or ufunc, to ``np.<func>`` or to an
  operator together with a fake array raises CuPy's ``TypeError: Unsupported type <class
  'numpy.ndarray'>`` (NumPy and Python scalars are accepted, as CuPy accepts them);
  ``a[...] = plain_array`` through basic indexing raises CuPy's ``ValueError: non-scalar
  numpy.ndarray cannot be used for fill``; a kernel (ufunc or non-view function) given an array
  that lives on another device than the current one raises CuPy's "Peer access is unavailable"
  ``ValueError`` (CuPy's behaviour on machines without peer access; with peer access CuPy warns
  and still writes its result on the *current* device).
* Other CuPy behaviour numtorch relies on: ``a.data`` is a ``MemoryPointer`` (``+`` moves it) and
  ``fake.ndarray(shape, dtype, memptr=..., strides=...)`` builds an array over it, with no
  ``base`` (as CuPy's); ``a.base`` is the device array a view looks into; ``a.copy()`` and new
  arrays go to the current device; sorts are stable (CuPy accepts no other kind); ``take`` and
  ``ufunc.at`` accept host index arrays, as CuPy converts them.
* ``fake.cuda.runtime.getDeviceCount()`` is 2 and ``getDevice()`` the current device.

What it proves, and what it does not
------------------------------------
It proves numtorch's dispatch and bookkeeping on the cuda device: that tensors made or moved with
``device='cuda'``/``'cuda:1'`` hold device arrays on the right device, that ops, autograd,
``nn``/``optim`` and serialization keep them there (every result is checked to be a fake array on
the expected device), that ``.cpu()``/``.numpy()``/``.item()``/printing go through the host, and
that torch's device errors and reprs are produced. It does *not* prove CuPy numerics (the fake
computes with NumPy, so values are CPU values: real CuPy kernels may round differently, and cuda
random tensors in torch come from CUDA's Philox generator, not the CPU one), nor that CuPy
implements every function numtorch calls with the signature numtorch uses, nor streams, memory
or speed. Two blind spots come from the fake being a NumPy subclass: ``isinstance(a,
numpy.ndarray)`` is true for a fake array (numtorch code that branches on it takes its CPU branch,
where CuPy would take the other), and ``np.asarray(a)``/``np.array(a)``/``np.ascontiguousarray(a)``
silently give a host copy where CuPy raises ``TypeError`` (such a silent move still shows, as the
result is then checked to be on the device). When real CuPy sees a GPU these tests are skipped
(tests on the real device would be better).
"""

from __future__ import annotations

import io
import os
import types
import warnings

import numpy as np
import pytest

import numtorch as torch
from numtorch import _backend

try:  # a real GPU makes the fake pointless
    _REAL_GPU = _backend.cuda_available() and not getattr(_backend._cupy, "_is_fake", False)
except Exception:  # noqa: BLE001
    _REAL_GPU = False

pytestmark = pytest.mark.skipif(_REAL_GPU, reason="real CuPy with a GPU is present")


# --- the fake ----------------------------------------------------------------------------------


class _State:
    """The current device (CuPy's is per thread; the tests are single-threaded)."""

    current = 0
    count = 2


def _peer_error(array_device, current):
    return ValueError(
        f"The device where the array resides ({array_device}) is different from the current "
        f"device ({current}). Peer access is unavailable between these devices."
    )


class Device:
    """``cupy.cuda.Device``: a device id; as a context manager, makes it the current device."""

    def __init__(self, device=None):
        self.id = _State.current if device is None else int(device)
        self._saved = []

    def __enter__(self):
        if not 0 <= self.id < _State.count:
            raise RuntimeError("cudaErrorInvalidDevice: invalid device ordinal")
        self._saved.append(_State.current)
        _State.current = self.id
        return self

    def __exit__(self, *exc):
        _State.current = self._saved.pop()
        return False

    def use(self):
        _State.current = self.id

    def synchronize(self):
        pass

    def __eq__(self, other):
        return isinstance(other, Device) and other.id == self.id

    def __hash__(self):
        return hash(self.id)

    def __repr__(self):
        return f"<CUDA Device {self.id}>"


class MemoryPointer:
    """``cupy.cuda.MemoryPointer``: a place in a device allocation (``ptr``; ``+`` moves it)."""

    def __init__(self, owner, offset, device_id):
        self.owner, self.offset, self.device_id = owner, offset, device_id

    @property
    def ptr(self):
        return self.owner.__array_interface__["data"][0] + self.offset

    def __add__(self, nbytes):
        return MemoryPointer(self.owner, self.offset + int(nbytes), self.device_id)


class ndarray(np.ndarray):  # noqa: N801 - CuPy's name
    """A fake device array: a NumPy array that knows which (fake) GPU holds it."""

    _device_id = 0

    def __new__(cls, shape, dtype=float, memptr=None, strides=None, order="C"):
        """``cupy.ndarray(shape, dtype, memptr=..., strides=...)``: an array over device memory
        (or new memory on the current device)."""
        if memptr is None:
            return np.ndarray.__new__(cls, shape, dtype, order=order)
        array = np.ndarray.__new__(
            cls, shape, dtype, buffer=memptr.owner, offset=memptr.offset, strides=strides
        )
        array._device_id = memptr.device_id
        array._no_base = True  # CuPy: an array made over a MemoryPointer has no base
        return array

    _no_base = False

    @property
    def base(self):
        """CuPy's ``base``: the device array this one views (None for an owner). The fake's own
        plain-NumPy plumbing views in between are skipped; a plain owner at the end of the chain
        is stood in for by a device view of it (or by nothing when this array covers it)."""
        if self._no_base:
            return None
        base = np.ndarray.base.__get__(self)
        while isinstance(base, np.ndarray) and not isinstance(base, ndarray):
            if isinstance(base.base, np.ndarray):
                base = base.base
                continue
            if _address(self) == _address(base) and self.nbytes == base.nbytes:
                return None  # this array stands for the owner
            stand_in = base.view(ndarray)
            stand_in._device_id = self._device_id
            return stand_in
        return base

    @property
    def data(self):
        """CuPy's ``data``: the ``MemoryPointer`` of the first element."""
        flat = _bytes_of(_root(self.view(np.ndarray)))
        return MemoryPointer(flat, _address(self) - _address(flat), self._device_id)

    def __array_finalize__(self, obj):
        if self.base is not None and isinstance(obj, ndarray):
            self._device_id = obj._device_id  # a view: the memory is where the base is
        else:
            self._device_id = _State.current  # new memory: allocated on the current device

    @property
    def device(self):
        return Device(self._device_id)

    @property
    def __cuda_array_interface__(self):
        return {
            "shape": self.shape,
            "typestr": self.dtype.str,
            "data": (self.__array_interface__["data"][0], False),
            "strides": None if self.flags.c_contiguous else self.strides,
            "version": 3,
        }

    def get(self):
        return np.array(self.view(np.ndarray))

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        out = kwargs.get("out")
        out = out if isinstance(out, tuple) else (() if out is None else (out,))
        if method == "at":  # CuPy's ufunc.at indexes as __setitem__ does: host indices are fine
            _check_kernel_args(inputs[:1] + inputs[2:])
        else:
            _check_kernel_args(inputs + out)
        inputs = tuple(_plain(a) for a in inputs)
        if out:
            kwargs["out"] = tuple(_plain(o) for o in out)
        if "where" in kwargs:
            _check_kernel_args((kwargs["where"],))
            kwargs["where"] = _plain(kwargs["where"])
        result = getattr(ufunc, method)(*inputs, **kwargs)
        if method == "at":
            return None
        if out:
            return out[0] if len(out) == 1 else out
        return _to_device_result(result, ())

    def __array_function__(self, func, types_, args, kwargs):
        impl = _function(func)
        return impl(*args, **kwargs)

    def __getitem__(self, index):
        result = super().__getitem__(_plain_index(index))
        if not isinstance(result, np.ndarray):  # CuPy gives a 0-d array, not a scalar
            result = np.asarray(result).view(ndarray)
            result._device_id = self._device_id
        return result

    def __setitem__(self, index, value):
        index = _plain_index(index)
        if type(value) is np.ndarray and value.ndim > 0 and not _is_advanced(index):
            raise ValueError("non-scalar numpy.ndarray cannot be used for fill")
        if isinstance(value, ndarray) and value._device_id != _State.current:
            raise _peer_error(value._device_id, _State.current)
        super().__setitem__(index, _plain(value))

    def argsort(self, axis=-1, kind=None):
        return argsort(self, axis, kind)

    def sort(self, axis=-1, kind=None):
        self[...] = sort(self, axis, kind)

    def take(self, indices, axis=None, out=None):
        return take(self, indices, axis, out)

    def __reduce__(self):  # pickling a device array needs its device, as CuPy's does
        return (_rebuild, (np.array(self.view(np.ndarray)), self._device_id))


def _address(a):
    return a.__array_interface__["data"][0]


def _bytes_of(a):
    """A 1-D uint8 view over all the memory the plain array ``a`` spans (any strides)."""
    if a.size == 0:
        return a.reshape(-1).view(np.uint8)[:0]
    lo = sum(min(0, s * (n - 1)) for n, s in zip(a.shape, a.strides))
    hi = sum(max(0, s * (n - 1)) for n, s in zip(a.shape, a.strides))
    first = tuple(slice(n - 1, n) if s < 0 else slice(0, 1) for n, s in zip(a.shape, a.strides))
    corner = (a[first] if a.ndim else a).reshape(1)  # the element at the lowest address
    return np.lib.stride_tricks.as_strided(corner.view(np.uint8), (hi - lo + a.itemsize,), (1,))


def _rebuild(host, device_id):
    with Device(device_id):
        return asarray(host)


def _is_advanced(index):
    items = index if isinstance(index, tuple) else (index,)
    return any(isinstance(i, (np.ndarray, list)) for i in items)


def _plain(a):
    """A plain-ndarray view of a fake array (for NumPy to compute on); other values unchanged."""
    if isinstance(a, ndarray):
        return a.view(np.ndarray)
    if isinstance(a, (list, tuple)):
        return type(a)(_plain(x) for x in a)
    return a


def _plain_index(index):
    if isinstance(index, tuple):
        return tuple(_plain(i) for i in index)
    return _plain(index)


def _arrays_in(values, found):
    for v in values:
        if isinstance(v, np.ndarray):
            found.append(v)
        elif isinstance(v, (list, tuple)):
            _arrays_in(v, found)
    return found


def _check_kernel_args(values, kernel=True):
    """CuPy's refusals: host arrays (TypeError), arrays on another device (ValueError)."""
    for a in _arrays_in(values, []):
        if not isinstance(a, ndarray):
            raise TypeError(f"Unsupported type {type(a)}")
        if kernel and a._device_id != _State.current:
            raise _peer_error(a._device_id, _State.current)


def _root(a):
    """The array owning ``a``'s memory (through NumPy's as_strided DummyArray too)."""
    while hasattr(getattr(a, "base", None), "__array_interface__"):
        a = a.base
    return a if isinstance(a, np.ndarray) else np.asarray(a)


def _to_device_result(result, inputs):
    """Results as fake arrays: views keep their input's device, new arrays the current one."""
    if isinstance(result, tuple):
        return tuple(_to_device_result(r, inputs) for r in result)
    if isinstance(result, list):
        return [_to_device_result(r, inputs) for r in result]
    if isinstance(result, np.generic):
        result = np.asarray(result)
    if not isinstance(result, np.ndarray):
        return result  # shapes, bools, Python numbers
    if isinstance(result, ndarray):
        return result
    fake = result.view(ndarray)
    root = _root(result)
    for a in inputs:
        if isinstance(a, ndarray) and _root(a.view(np.ndarray)) is root:
            fake._device_id = a._device_id
            break
    return fake


# functions that only make views or look at metadata: CuPy launches no kernel for them
_VIEW_FUNCTIONS = {
    "reshape", "transpose", "moveaxis", "swapaxes", "broadcast_to", "expand_dims", "squeeze",
    "as_strided", "sliding_window_view", "shape", "ndim", "size", "may_share_memory",
    "shares_memory", "iscomplexobj", "result_type", "atleast_1d", "atleast_2d", "real", "imag",
    "diagonal", "broadcast_arrays",
}  # fmt: skip

_FUNCTIONS = {}


def _function(func):
    """``func`` (a NumPy function) as the fake's: refuses host arrays, returns device arrays."""
    wrapped = _FUNCTIONS.get(func)
    if wrapped is not None:
        return wrapped
    name = getattr(func, "__name__", "")
    kernel = name not in _VIEW_FUNCTIONS

    def call(*args, **kwargs):
        inputs = _arrays_in(list(args) + list(kwargs.values()), [])
        _check_kernel_args(inputs, kernel)
        args = tuple(_plain(a) for a in args)
        kwargs = {k: _plain(v) for k, v in kwargs.items()}
        return _to_device_result(func(*args, **kwargs), inputs)

    call.__name__ = name
    _FUNCTIONS[func] = call
    return call


class _Ufunc:
    """A NumPy ufunc as the fake's (``fake.add(a, b)``, ``fake.add.at(...)``)."""

    def __init__(self, ufunc):
        self._ufunc = ufunc

    def _run(self, method, args, kwargs):
        if any(isinstance(a, ndarray) for a in _arrays_in(args, [])):
            return getattr(self._ufunc, method)(*args, **kwargs)  # via ndarray.__array_ufunc__
        _check_kernel_args(args)  # CuPy refuses host arrays even with no device array
        return _to_device_result(getattr(self._ufunc, method)(*args, **kwargs), ())

    def __call__(self, *args, **kwargs):
        return self._run("__call__", args, kwargs)

    def __getattr__(self, method):
        if method in ("at", "reduce", "accumulate", "outer", "reduceat"):
            return lambda *args, **kwargs: self._run(method, args, kwargs)
        return getattr(self._ufunc, method)


def _strided_view(func):
    """``as_strided``/``sliding_window_view``: a view of a device array, on its device."""

    def call(x, *args, **kwargs):
        _check_kernel_args((x,), kernel=False)
        view = func(x.view(np.ndarray), *args, **kwargs).view(ndarray)
        view._device_id = x._device_id
        return view

    return call


def _stable(kind):
    if kind not in (None, "stable"):  # CuPy sorts are stable and refuse other kinds
        raise ValueError(f"Unsupported kind: {kind}")
    return "stable"


def argsort(a, axis=-1, kind=None):
    return _function(np.argsort)(a, axis, kind=_stable(kind))


def sort(a, axis=-1, kind=None):
    return _function(np.sort)(a, axis, kind=_stable(kind))


def take(a, indices, axis=None, out=None):
    """CuPy's take converts host indices to the device (``cupy.array(indices)``)."""
    if type(indices) is np.ndarray:
        indices = asarray(indices)
    return _function(np.take)(a, indices, axis, out=out)


def asarray(a, dtype=None, order=None):
    if isinstance(a, ndarray):  # CuPy: the same array, wherever it is (no cross-device copy)
        return a if dtype is None or a.dtype == np.dtype(dtype) else a.astype(dtype)
    return np.array(a, dtype=dtype, order=order or "K").view(ndarray)


def array(a, dtype=None, copy=True, order="K", ndmin=0):
    if isinstance(a, ndarray):
        if not copy:
            return asarray(a, dtype)
        return np.array(a.view(np.ndarray), dtype=dtype, order=order, ndmin=ndmin).view(ndarray)
    return np.array(a, dtype=dtype, order=order, ndmin=ndmin).view(ndarray)


def asnumpy(a, stream=None, order="C", out=None):
    if isinstance(a, ndarray):
        return np.array(a.view(np.ndarray))
    return np.asarray(a)


def get_array_module(*args):
    return _FAKE if any(isinstance(a, ndarray) for a in args) else np


class _Namespace(types.ModuleType):
    """A NumPy namespace (``numpy``, ``numpy.linalg`` ...) seen as the fake's."""

    def __init__(self, name, source):
        super().__init__(name)
        self._source = source

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self._source, name)
        if isinstance(value, np.ufunc):
            value = _Ufunc(value)
        elif isinstance(value, types.ModuleType):
            value = _Namespace(f"{self.__name__}.{name}", value)
        elif callable(value) and not isinstance(value, type):
            value = _function(value)
        setattr(self, name, value)
        return value


class _Runtime:
    @staticmethod
    def getDeviceCount():  # noqa: N802 - CuPy's name
        return _State.count

    @staticmethod
    def getDevice():  # noqa: N802
        return _State.current


def _make_fake():
    fake = _Namespace("cupy", np)
    fake._is_fake = True
    fake.ndarray = ndarray
    fake.asarray = asarray
    fake.array = array
    fake.asnumpy = asnumpy
    fake.argsort, fake.sort, fake.take = argsort, sort, take
    fake.get_array_module = get_array_module
    fake.cuda = types.SimpleNamespace(Device=Device, runtime=_Runtime)
    fake.lib = types.SimpleNamespace(
        stride_tricks=types.SimpleNamespace(
            as_strided=_strided_view(np.lib.stride_tricks.as_strided),
            sliding_window_view=_strided_view(np.lib.stride_tricks.sliding_window_view),
        )
    )
    return fake


_FAKE = _make_fake()


@pytest.fixture(autouse=True)
def fake_cupy(monkeypatch):
    """The fake CuPy in numtorch's backend for this test (current device 0, two devices)."""
    monkeypatch.setattr(_backend, "_cupy", _FAKE)
    _State.current, _State.count = 0, 2
    yield _FAKE
    _State.current = 0


def on_device(t, index=0):
    """``t``'s data is a fake device array on device ``index`` and ``t.device`` says so."""
    assert isinstance(t._data, ndarray), f"{type(t._data)} is not on the (fake) GPU"
    assert t._data._device_id == index, f"on device {t._data._device_id}, not {index}"
    assert t.device == torch.device("cuda", index)
    assert t.is_cuda and not t.is_cpu
    return True


def on_host(t):
    assert type(t._data) is not ndarray and isinstance(t._data, (np.ndarray, np.generic))
    assert t.device == torch.device("cpu") and not t.is_cuda
    return True


def _host_values(t):
    return np.asarray(t.detach().cpu()._data)


def assert_same_values(cuda_result, cpu_result, index=0):
    """A cuda result is on the device and holds the CPU result's values (shape and dtype too)."""
    if isinstance(cpu_result, (tuple, list)):
        assert len(cuda_result) == len(cpu_result)
        for a, b in zip(cuda_result, cpu_result):
            assert_same_values(a, b, index)
        return
    assert on_device(cuda_result, index)
    assert cuda_result.shape == cpu_result.shape and cuda_result.dtype is cpu_result.dtype
    np.testing.assert_allclose(_host_values(cuda_result), _host_values(cpu_result), rtol=1e-6)


NUMPY_MESSAGE = (
    "can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor to "
    "host memory first."
)
MIXED_MESSAGE = (
    "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!"
)


# --- the fake itself refuses what CuPy refuses ------------------------------------------------


def test_fake_refuses_host_arrays_and_other_devices(fake_cupy):
    a = fake_cupy.asarray(np.arange(3.0))
    host = np.arange(3.0)
    with pytest.raises(TypeError, match="Unsupported type <class 'numpy.ndarray'>"):
        a + host
    with pytest.raises(TypeError, match="Unsupported type"):
        host * a
    with pytest.raises(TypeError, match="Unsupported type"):
        fake_cupy.concatenate([a, host])
    with pytest.raises(TypeError, match="Unsupported type"):
        np.concatenate([a, host])  # NumPy functions dispatch to the device module, as with CuPy
    with pytest.raises(TypeError, match="Unsupported type"):
        a + np.array(2.0)  # even 0-d
    with pytest.raises(ValueError, match="non-scalar numpy.ndarray cannot be used for fill"):
        a[...] = host
    a[np.array([0, 1])] = host[:2]  # advanced indexing converts host values, as CuPy does
    assert type(a * np.float32(2)) is ndarray and type(a + 2) is ndarray  # scalars are fine
    assert type(a.sum()) is ndarray and a.sum().ndim == 0  # 0-d device arrays, not scalars
    assert type(a[0]) is ndarray and a[0].ndim == 0
    assert type(fake_cupy.asnumpy(a)) is np.ndarray and type(a.get()) is np.ndarray
    with fake_cupy.cuda.Device(1):
        b = fake_cupy.zeros(3)
        assert b.device.id == 1 and b[1:].device.id == 1 and fake_cupy.cuda.runtime.getDevice() == 1
    assert fake_cupy.cuda.runtime.getDevice() == 0
    with pytest.raises(ValueError, match="Peer access is unavailable"):
        b + 1  # a kernel on device 0 given an array on device 1
    assert b.copy().device.id == 0  # copy() writes on the current device, as CuPy's
    assert b.reshape(3, 1).device.id == 1  # a view stays where its memory is
    view = fake_cupy.ndarray((2,), a.dtype, memptr=a.data + a.itemsize, strides=(a.itemsize,))
    assert view.base is None and view.data.ptr == a.data.ptr + a.itemsize  # as CuPy's


# --- torch.cuda, creation, moves --------------------------------------------------------------


def test_torch_cuda_reports_the_fake_devices():
    assert torch.cuda.is_available() is True
    assert torch.cuda.device_count() == 2
    assert torch.cuda.current_device() == 0
    torch.cuda.synchronize()
    torch.cuda.manual_seed(0)
    torch.cuda.manual_seed_all(0)


def test_without_cupy_there_is_no_cuda(monkeypatch):
    monkeypatch.setattr(_backend, "_cupy", None)
    assert not torch.cuda.is_available() and torch.cuda.device_count() == 0
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        torch.zeros(2, device="cuda")


FACTORIES = {
    "zeros": lambda d: torch.zeros(2, 3, device=d),
    "ones": lambda d: torch.ones(2, 3, dtype=torch.float64, device=d),
    "empty": lambda d: torch.empty(2, 3, device=d),
    "full": lambda d: torch.full((2, 3), 7, device=d),
    "eye": lambda d: torch.eye(3, device=d),
    "arange": lambda d: torch.arange(5, device=d),
    "arange_float": lambda d: torch.arange(0, 1, 0.25, device=d),
    "linspace": lambda d: torch.linspace(0, 1, 5, device=d),
    "tensor": lambda d: torch.tensor([[1.0, 2.0], [3.0, 4.0]], device=d),
    "tensor_int": lambda d: torch.tensor([1, 2, 3], device=d),
    "tensor_bool": lambda d: torch.tensor([True, False], device=d),
    "as_tensor": lambda d: torch.as_tensor(np.arange(4.0), device=d),
    "empty_strided": lambda d: torch.empty_strided((2, 3), (1, 2), device=d),
    "zeros_like": lambda d: torch.zeros_like(torch.ones(2, device=d)),
    "full_like": lambda d: torch.full_like(torch.ones(2, device=d), 3.0),
    "new_zeros": lambda d: torch.ones(2, device=d).new_zeros(3),
    "new_tensor": lambda d: torch.ones(2, device=d).new_tensor([5.0]),
}
RANDOM = {
    "rand": lambda d: torch.rand(2, 3, device=d),
    "randn": lambda d: torch.randn(2, 3, device=d),
    "randint": lambda d: torch.randint(0, 10, (2, 3), device=d),
    "randperm": lambda d: torch.randperm(5, device=d),
    "rand_like": lambda d: torch.rand_like(torch.ones(2, device=d)),
    "randn_like": lambda d: torch.randn_like(torch.ones(2, device=d)),
    "normal_": lambda d: torch.empty(3, device=d).normal_(),
    "uniform_": lambda d: torch.empty(3, device=d).uniform_(-1, 1),
    "bernoulli": lambda d: torch.bernoulli(torch.full((3,), 0.5, device=d)),
    "multinomial": lambda d: torch.multinomial(torch.ones(4, device=d), 2),
}


@pytest.mark.parametrize("device", ["cuda", "cuda:0", torch.device("cuda", 0)], ids=str)
@pytest.mark.parametrize("name", list(FACTORIES))
def test_creation_on_cuda(name, device):
    t = FACTORIES[name](device)
    assert_same_values(t if name not in ("empty", "empty_strided") else t.zero_(), _on_cpu(name))


def _on_cpu(name):
    t = FACTORIES[name]("cpu")
    return t.zero_() if name in ("empty", "empty_strided") else t


@pytest.mark.parametrize("name", list(FACTORIES))
def test_creation_on_cuda_1(name):
    t = FACTORIES[name]("cuda:1")
    assert on_device(t, 1)
    assert t.shape == _on_cpu(name).shape and t.dtype is _on_cpu(name).dtype


@pytest.mark.parametrize("name", list(RANDOM))
def test_random_on_cuda(name):
    """Random tensors land on the device. (numtorch draws them with the CPU generator and copies
    them: real torch draws cuda tensors from CUDA's Philox generator, so cuda values differ
    from torch's; only placement, shape and dtype are checked.)"""
    torch.manual_seed(0)
    t = RANDOM[name]("cuda")
    torch.manual_seed(0)
    ref = RANDOM[name]("cpu")
    assert on_device(t)
    assert t.shape == ref.shape and t.dtype is ref.dtype
    t1 = RANDOM[name]("cuda:1")
    assert on_device(t1, 1)


def test_moves_between_host_and_device():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    for y in (x.cuda(), x.to("cuda"), x.to(torch.device("cuda")), x.to("cuda:0"), x.cuda(0)):
        assert_same_values(y, x)
    y = x.cuda()
    assert y.cuda() is y and y.to("cuda") is y and y.to("cuda:0") is y  # already there
    assert y.to(torch.float64).dtype is torch.float64 and on_device(y.to(torch.float64))
    z = torch.zeros(1, dtype=torch.int32, device="cuda")
    assert on_device(x.to(z)) and x.to(z).dtype is torch.int32  # to(other): its device and dtype
    back = y.cpu()
    assert on_host(back) and back.tolist() == x.tolist()
    assert x.cpu() is x
    assert on_host(y.to("cpu")) and on_host(y.to(torch.device("cpu"), torch.float16))
    assert y.is_cuda and not x.is_cuda and y.get_device() == 0 and x.get_device() == -1
    assert y.type() == "torch.cuda.FloatTensor" and y.long().type() == "torch.cuda.LongTensor"
    assert on_device(x.type("torch.cuda.DoubleTensor")) and isinstance(y, torch.cuda.FloatTensor)


def test_numpy_of_a_cuda_tensor_raises_torchs_type_error():
    x = torch.tensor([1.0, 2.0], device="cuda")
    with pytest.raises(TypeError) as info:
        x.numpy()
    assert str(info.value) == NUMPY_MESSAGE
    with pytest.raises(TypeError) as info:
        np.asarray(x)  # torch's __array__ is numpy(): no silent copy to the host
    assert str(info.value) == NUMPY_MESSAGE
    host = x.cpu().numpy()
    assert type(host) is np.ndarray and host.tolist() == [1.0, 2.0]
    forced = x.numpy(force=True)
    assert type(forced) is np.ndarray and forced.tolist() == [1.0, 2.0]


def test_python_values_of_cuda_tensors():
    x = torch.arange(6.0, device="cuda").view(2, 3)
    assert x.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert x[1, 2].item() == 5.0 and float(x[0, 1]) == 1.0 and int(x[1, 0]) == 3
    assert bool(x[0, 1]) is True and x.sum().item() == 15.0
    assert [v.item() for v in x[0]] == [0.0, 1.0, 2.0]
    assert len(x) == 2 and f"{x[1, 1]:.1f}" == "4.0"


def test_bernoulli_with_cuda_probabilities():
    x = torch.empty(4, device="cuda").bernoulli_(torch.full((4,), 0.5, device="cuda"))
    assert on_device(x)
    assert on_device(torch.poisson(torch.ones(3, device="cuda")))


# --- ops: every result stays on the device and holds the CPU result ---------------------------

F = torch.nn.functional

OPS = {
    # arithmetic with Python scalars
    "add_scalar": lambda x: x + 2,
    "rsub_scalar": lambda x: 2 - x,
    "mul_scalar": lambda x: x * 3.5,
    "div_scalar": lambda x: x / 3,
    "rdiv_scalar": lambda x: 1 / (x.abs() + 1),
    "pow_scalar": lambda x: x**2,
    "rpow_scalar": lambda x: 2**x,
    "floordiv": lambda x: x // 0.5,
    "neg": lambda x: -x,
    # unary
    "abs": torch.abs,
    "exp": torch.exp,
    "log": lambda x: (x.abs() + 1).log(),
    "sqrt": lambda x: x.abs().sqrt(),
    "sin": torch.sin,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "relu": F.relu,
    "gelu": F.gelu,
    "leaky_relu": lambda x: F.leaky_relu(x, 0.1),
    "softplus": F.softplus,
    "floor": torch.floor,
    "round": torch.round,
    "sign": torch.sign,
    "clamp": lambda x: x.clamp(-0.5, 0.5),
    "nan_to_num": lambda x: torch.nan_to_num(x / 0.0),
    # binary
    "add": lambda x: x + x.flip(0),
    "sub": lambda x: x - x.roll(1, 1),
    "mul": lambda x: x * x,
    "div": lambda x: x / (x.abs() + 1),
    "broadcast": lambda x: x + x[0],
    "maximum": lambda x: torch.maximum(x, x.flip(1)),
    "atan2": lambda x: torch.atan2(x, x.flip(0)),
    "where": lambda x: torch.where(x > 0, x, x * 0.1),
    "lerp": lambda x: torch.lerp(x, x.flip(0), 0.25),
    "matmul": lambda x: x @ x.t(),
    "mm": lambda x: torch.mm(x.t(), x),
    "mv": lambda x: torch.mv(x, x[0]),
    "bmm": lambda x: torch.bmm(x.view(1, 3, 4), x.t().reshape(1, 4, 3)),
    "einsum": lambda x: torch.einsum("ij,kj->ik", x, x),
    "outer": lambda x: torch.outer(x[0], x[1]),
    # comparisons and logic
    "gt": lambda x: x > 0,
    "eq": lambda x: x == x.flip(0),
    "le_tensor": lambda x: x <= x.roll(1, 0),
    "logical_and": lambda x: (x > 0) & (x < 1),
    "isclose": lambda x: torch.isclose(x, x + 1e-9),
    # reductions
    "sum": lambda x: x.sum(),
    "sum_dim": lambda x: x.sum(1),
    "mean": lambda x: x.mean(0, keepdim=True),
    "max": lambda x: x.max(),
    "max_dim": lambda x: tuple(x.max(1)),
    "min_dim": lambda x: x.min(0).values,
    "argmax": lambda x: x.argmax(1),
    "argmin": lambda x: x.argmin(),
    "prod": lambda x: x.prod(1),
    "std": lambda x: x.std(),
    "var": lambda x: x.var(1),
    "norm": lambda x: x.norm(),
    "logsumexp": lambda x: x.logsumexp(1),
    "cumsum": lambda x: x.cumsum(1),
    "cumprod": lambda x: x.cumprod(0),
    "any": lambda x: (x > 1).any(1),
    "all": lambda x: (x > -5).all(),
    "count_nonzero": lambda x: torch.count_nonzero(x > 0),
    "median": lambda x: x.median(1).values,
    "mode": lambda x: x.round().mode(1).values,
    "unique": lambda x: torch.unique((x * 2).round()),
    "bincount": lambda x: torch.bincount((x.abs() * 3).long().flatten()),
    "histc": lambda x: torch.histc(x, 4),
    # indexing
    "index_int": lambda x: x[1],
    "index_element": lambda x: x[1, 2],
    "index_slice": lambda x: x[:, 1:3],
    "index_step": lambda x: x[::2, ::-1] if False else x[::2],
    "index_negative": lambda x: x[-1],
    "index_none_ellipsis": lambda x: x[None, ..., 0],
    "index_list": lambda x: x[[0, 2]],
    "index_host_tensor": lambda x: x[torch.tensor([2, 0])],  # torch allows a CPU index
    "index_device_tensor": lambda x: x[torch.tensor([2, 0], device=x.device)],
    "index_mask": lambda x: x[x > 0],
    "index_two_tensors": lambda x: x[torch.tensor([0, 1]), torch.tensor([2, 3])],
    "gather": lambda x: x.gather(1, x.argsort(1)),
    "take_along_dim": lambda x: torch.take_along_dim(x, x.argmax(1, keepdim=True), 1),
    "index_select": lambda x: x.index_select(1, torch.tensor([3, 0], device=x.device)),
    "masked_fill": lambda x: x.masked_fill(x > 0, 0.0),
    "masked_select": lambda x: x.masked_select(x < 0),
    "scatter": lambda x: torch.zeros_like(x).scatter(1, x.argsort(1), x),
    "scatter_add": lambda x: torch.zeros(3, 4, device=x.device).scatter_add(1, x.argsort(1), x),
    "index_add": lambda x: x.index_add(0, torch.tensor([0, 0, 1], device=x.device), x),
    "nonzero": lambda x: (x > 0).nonzero(),
    "sort": lambda x: tuple(x.sort(1)),
    "argsort": lambda x: x.argsort(0, descending=True),
    "topk": lambda x: tuple(x.topk(2)),
    "kthvalue": lambda x: x.kthvalue(2, 1).values,
    "searchsorted": lambda x: torch.searchsorted(x.sort(1).values, x),
    # views and shapes
    "view": lambda x: x.view(12),
    "view_dims": lambda x: x.view(2, -1, 2),
    "reshape": lambda x: x.t().reshape(4, 3),
    "t": lambda x: x.t(),
    "transpose": lambda x: x.transpose(0, 1),
    "permute": lambda x: x.view(3, 2, 2).permute(2, 0, 1),
    "unsqueeze": lambda x: x.unsqueeze(1),
    "squeeze": lambda x: x[:1].squeeze(),
    "flatten": lambda x: x.flatten(),
    "expand": lambda x: x[:1].expand(3, 4),
    "contiguous": lambda x: x.t().contiguous(),
    "narrow": lambda x: x.narrow(1, 1, 2),
    "select": lambda x: x.select(1, 3),
    "unbind": lambda x: tuple(x.unbind(0)),
    "chunk": lambda x: tuple(x.chunk(2, 1)),
    "split": lambda x: tuple(x.split([1, 2])),
    "diagonal": lambda x: x.diagonal(),
    "as_strided": lambda x: x.as_strided((2, 2), (1, 4), 1),
    "unfold": lambda x: x.unfold(1, 2, 1),
    "cat": lambda x: torch.cat([x, x * 2], 1),
    "stack": lambda x: torch.stack([x, x]),
    "flip": lambda x: x.flip(0, 1),
    "roll": lambda x: x.roll(2),
    "repeat": lambda x: x.repeat(2, 1),
    "tile": lambda x: x.tile((1, 2)),
    "tril": lambda x: x.tril(),
    "pad": lambda x: F.pad(x, (1, 2)),
    "clone": lambda x: x.clone(),
    "detach": lambda x: x.detach(),
    # dtypes
    "double": lambda x: x.double(),
    "half": lambda x: x.half(),
    "long": lambda x: x.long(),
    "bool": lambda x: x.bool(),
    "type_as": lambda x: x.type_as(torch.zeros(1, dtype=torch.int32)),
    # nn.functional
    "softmax": lambda x: x.softmax(-1),
    "log_softmax": lambda x: F.log_softmax(x, 0),
    "one_hot": lambda x: F.one_hot(x.argmax(1), 4),
    "normalize": lambda x: F.normalize(x),
    "linear": lambda x: F.linear(x, x[:2], x[0, :2]),
    "mse_loss": lambda x: F.mse_loss(x, x.flip(0)),
    "l1_loss": lambda x: F.l1_loss(x, x.flip(0), reduction="sum"),
    "cross_entropy": lambda x: F.cross_entropy(x, x.argmin(1)),
    "nll_loss": lambda x: F.nll_loss(F.log_softmax(x, 1), x.argmin(1)),
    "bce_with_logits": lambda x: F.binary_cross_entropy_with_logits(x, (x > 0).float()),
    "conv1d": lambda x: F.conv1d(x.view(1, 3, 4), x[:2, :2].reshape(2, 1, 2).repeat(1, 3, 1)),
    "conv2d": lambda x: F.conv2d(x.view(1, 1, 3, 4), x[:2, :2].reshape(1, 1, 2, 2), padding=1),
    "conv_transpose2d": lambda x: F.conv_transpose2d(
        x.view(1, 1, 3, 4), x[:2, :2].reshape(1, 1, 2, 2)
    ),
    "max_pool2d": lambda x: F.max_pool2d(x.view(1, 1, 3, 4), 2, ceil_mode=True),
    "max_pool2d_overlap": lambda x: F.max_pool2d(x.view(1, 1, 3, 4), 2, stride=1),
    "avg_pool2d": lambda x: F.avg_pool2d(x.view(1, 1, 3, 4), 2),
    "adaptive_avg_pool2d": lambda x: F.adaptive_avg_pool2d(x.view(1, 1, 3, 4), 1),
    "batch_norm": lambda x: F.batch_norm(x, None, None, training=True),
    "layer_norm": lambda x: F.layer_norm(x, (4,)),
    "embedding": lambda x: F.embedding(torch.tensor([2, 0], device=x.device), x),
    "interpolate": lambda x: F.interpolate(x.view(1, 1, 3, 4), scale_factor=2),
    "cdist": lambda x: torch.cdist(x, x.flip(0)),
    "linalg_inv": lambda x: torch.linalg.inv(x[:, :3] + 3 * torch.eye(3, device=x.device)),
    "det": lambda x: torch.det(x[:, :3]),
    "solve": lambda x: torch.linalg.solve(x[:, :3] + 3 * torch.eye(3, device=x.device), x),
}

# ops whose result has no gradient (integer, bool, or indices only)
NOT_DIFFERENTIABLE = {
    "floor", "round", "sign", "floordiv", "gt", "eq", "le_tensor", "logical_and", "isclose",
    "argmax", "argmin", "any", "all", "count_nonzero", "mode", "unique", "bincount", "histc",
    "nonzero", "argsort", "searchsorted", "long", "bool", "type_as", "one_hot", "detach",
}  # fmt: skip


def _x(device):
    torch.manual_seed(0)
    return torch.randn(3, 4).to(device)


@pytest.mark.parametrize("name", list(OPS))
def test_op_on_cuda(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_same_values(OPS[name](_x("cuda")), OPS[name](_x("cpu")))


def _grad_of(name, device):
    x = _x(device).requires_grad_()
    out = OPS[name](x)
    outs = out if isinstance(out, tuple) else (out,)
    total = sum(o.float().sum() * (i + 1) for i, o in enumerate(outs) if o.dtype.is_floating_point)
    total.backward()
    return x.grad


UNARY_PY_HOST = (
    "numtorch/ops/unary.py's value tests (_bool_result, _false_like, isfinite, isreal) build "
    "their result with np.asarray/np.ones/np.zeros: on cuda they return a CPU tensor (with CuPy, "
    "np.asarray raises TypeError), so NanToNum's backward, grad * isfinite(x), mixes devices"
)
BACKWARD_BUGS = {"nan_to_num": UNARY_PY_HOST}


def _with_bugs(names, bugs):
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=bugs[n])) if n in bugs else n
        for n in names
    ]


@pytest.mark.parametrize(
    "name", _with_bugs([n for n in OPS if n not in NOT_DIFFERENTIABLE], BACKWARD_BUGS)
)
def test_backward_on_cuda(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        grad = _grad_of(name, "cuda")
        expected = _grad_of(name, "cpu")
    if expected is None:
        assert grad is None
    else:
        assert_same_values(grad, expected)


@pytest.mark.xfail(strict=True, reason=UNARY_PY_HOST)
def test_value_tests_stay_on_cuda():
    x = torch.tensor([1.0, float("nan"), float("inf")], device="cuda")
    for t in (x.isnan(), x.isinf(), x.isfinite(), torch.isposinf(x), torch.isneginf(x)):
        assert on_device(t)


def test_double_backward_on_cuda():
    x = torch.tensor([1.0, 2.0, 3.0], device="cuda", requires_grad=True)
    (g,) = torch.autograd.grad((x**3).sum(), x, create_graph=True)
    assert on_device(g) and g.grad_fn is not None
    g.sum().backward()
    assert on_device(x.grad) and x.grad.tolist() == [6.0, 12.0, 18.0]


def test_grad_crosses_devices_back_to_where_the_leaf_is():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    (a.cuda() * 3).sum().backward()
    assert on_host(a.grad) and a.grad.tolist() == [3.0, 3.0]
    b = torch.tensor([1.0, 2.0], device="cuda", requires_grad=True)
    (b.cpu() * 2).sum().backward()
    assert on_device(b.grad) and b.grad.tolist() == [2.0, 2.0]
    c = torch.tensor([1.0, 2.0], device="cuda", requires_grad=True)
    c.to("cuda:1").pow(2).sum().backward()
    assert on_device(c.grad, 0) and c.grad.tolist() == [2.0, 4.0]


@pytest.mark.xfail(
    strict=True,
    reason="the engine sends an input's gradient back without moving it to the input's device: "
    "torch's validate_outputs moves the gradient of a 0-d CPU tensor that joined a cuda op back "
    "to the CPU; numtorch leaves it on cuda:0 (numtorch/autograd/engine.py, _call_node)",
)
def test_grad_of_a_cpu_scalar_in_a_cuda_op_is_on_the_cpu():
    x = torch.tensor([1.0, 2.0], device="cuda", requires_grad=True)
    s = torch.tensor(3.0, requires_grad=True)
    (x * s).sum().backward()
    assert on_device(x.grad)
    assert on_host(s.grad) and s.grad.item() == 3.0


def test_backward_through_an_unused_output_on_cuda():
    x = torch.arange(6.0, device="cuda", requires_grad=True)
    a, b = x.split(3)
    (a * 2).sum().backward()
    assert on_device(x.grad) and x.grad.tolist() == [2.0, 2.0, 2.0, 0.0, 0.0, 0.0]


# --- printing ---------------------------------------------------------------------------------

REPRS = {
    "float": (
        lambda d: torch.tensor([1.0, 2.5], device=d),
        "tensor([1.0000, 2.5000], device='cuda:0')",
    ),
    "int32": (
        lambda d: torch.tensor([1, 2], dtype=torch.int32, device=d),
        "tensor([1, 2], device='cuda:0', dtype=torch.int32)",
    ),
    "requires_grad": (
        lambda d: torch.tensor([1.0, 2.0], device=d, requires_grad=True),
        "tensor([1., 2.], device='cuda:0', requires_grad=True)",
    ),
    "scalar": (lambda d: torch.tensor(3.5, device=d), "tensor(3.5000, device='cuda:0')"),
    "bool": (
        lambda d: torch.tensor([True, False], device=d),
        "tensor([ True, False], device='cuda:0')",
    ),
    "float64": (
        lambda d: torch.tensor([0.1], dtype=torch.float64, device=d),
        "tensor([0.1000], device='cuda:0', dtype=torch.float64)",
    ),
    "empty": (lambda d: torch.zeros(0, device=d), "tensor([], device='cuda:0')"),
    "matrix": (
        lambda d: torch.arange(6.0, device=d).view(2, 3),
        "tensor([[0., 1., 2.],\n        [3., 4., 5.]], device='cuda:0')",
    ),
    "summarized": (
        lambda d: torch.arange(2000.0, device=d),
        "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
        "        1.9990e+03], device='cuda:0')",
    ),
}


@pytest.mark.parametrize("name", list(REPRS))
def test_repr_of_cuda_tensors(name):
    make, expected = REPRS[name]
    assert repr(make("cuda")) == expected
    assert str(make("cuda")) == expected


@pytest.mark.parametrize("name", list(REPRS))
def test_repr_expectations_are_torchs(name, torch_ref):
    """EXPECTED reprs are what torch prints for a cuda tensor: torch's own printing code run on a
    CPU tensor that reports device cuda:0 (``OnCuda``, a 6-letter class, prints as 'tensor')."""

    class OnCuda(torch_ref.Tensor):
        __torch_function__ = torch_ref._C._disabled_torch_function_impl

        @property
        def device(self):
            return torch_ref.device("cuda", 0)

    make, expected = REPRS[name]
    t = make("cpu")
    ref = torch_ref.from_numpy(np.array(t.detach()._data)).requires_grad_(t.requires_grad)
    fake_cuda = torch_ref.Tensor._make_subclass(OnCuda, ref, ref.requires_grad)
    assert torch_ref._tensor_str._str(fake_cuda).replace("OnCuda(", "tensor(", 1) == expected


def test_repr_with_grad_fn_on_cuda():
    x = torch.tensor([1.0, 2.0], device="cuda", requires_grad=True)
    assert repr(x * 2) == "tensor([2., 4.], device='cuda:0', grad_fn=<MulBackward0>)"
    assert repr(x.to("cuda:1")) == "tensor([1., 2.], device='cuda:1', grad_fn=<ToCopyBackward0>)"
    assert repr(x.device) == "device(type='cuda', index=0)" and str(x.device) == "cuda:0"


# --- device errors ----------------------------------------------------------------------------

MIXED = {
    "add": lambda c, h: c + h,
    "radd": lambda c, h: h + c,
    "mul": lambda c, h: c * h,
    "sub_cpu_first": lambda c, h: h - c,
    "div": lambda c, h: torch.div(c, h),
    "maximum": lambda c, h: torch.maximum(h, c),
    "where": lambda c, h: torch.where(c > 0, c, h),
    "gt": lambda c, h: c > h,
    "lt_cpu_first": lambda c, h: h < c,
    "eq": lambda c, h: c == h,
    "add_": lambda c, h: c.add_(h),
}


@pytest.mark.parametrize("name", list(MIXED))
def test_mixing_cpu_and_cuda_raises_torchs_error(name):
    c = torch.ones(3, device="cuda")
    h = torch.ones(3)
    with pytest.raises(RuntimeError) as info:
        MIXED[name](c, h)
    assert str(info.value) == MIXED_MESSAGE


@pytest.mark.parametrize("name", ["add", "radd", "mul", "gt", "lt_cpu_first", "where", "add_"])
def test_a_0d_cpu_tensor_joins_a_cuda_op(name):
    """torch's TensorIterator lets one 0-d CPU tensor into a cuda op (as a scalar)."""
    c = torch.tensor([1.0, -2.0, 3.0])
    h = torch.tensor(2.0)
    assert_same_values(MIXED[name](c.cuda(), h), MIXED[name](c.clone(), h))


def test_mixing_two_gpus_raises_torchs_error():
    with pytest.raises(RuntimeError) as info:
        torch.ones(2, device="cuda:0") + torch.ones(2, device="cuda:1")
    assert str(info.value) == (
        "Expected all tensors to be on the same device, but found at least two devices, cuda:0 "
        "and cuda:1!"
    )


def test_linear_with_cpu_input_raises():
    m = torch.nn.Linear(3, 2).cuda()
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        m(torch.ones(1, 3))


# --- nn and optim -----------------------------------------------------------------------------


def _lenet():
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(1, 3, 3, padding=1, bias=False),  # a bias before BatchNorm has no gradient
        nn.BatchNorm2d(3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Dropout(0.25),
        nn.Flatten(),
        nn.Linear(3 * 4 * 4, 8),
        nn.Tanh(),
        nn.Linear(8, 3),
    )


def _train(device, make_model, make_opt, steps=3):
    torch.manual_seed(0)
    model = make_model().to(device)
    opt = make_opt(model.parameters())
    x = torch.randn(4, 1, 8, 8).to(device)
    target = torch.tensor([0, 2, 1, 2]).to(device)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), target)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return model, opt, losses


OPTIMIZERS = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.1),
    "sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=1e-4),
    "adam": lambda p: torch.optim.Adam(p, lr=0.01),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.01),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01),
    "adagrad": lambda p: torch.optim.Adagrad(p, lr=0.1),
}


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_training_steps_on_cuda(name):
    model, opt, losses = _train("cuda", _lenet, OPTIMIZERS[name])
    ref_model, _, ref_losses = _train("cpu", _lenet, OPTIMIZERS[name])
    np.testing.assert_allclose(losses, ref_losses, rtol=1e-5)
    for p, ref in zip(model.parameters(), ref_model.parameters()):
        assert on_device(p) and on_device(p.grad)
        np.testing.assert_allclose(_host_values(p), _host_values(ref), rtol=1e-4, atol=1e-6)
    for buffer in model.buffers():  # BatchNorm's running stats and num_batches_tracked
        assert on_device(buffer)
    assert model[1].num_batches_tracked.item() == 3
    for state in opt.state.values():
        for key, value in state.items():
            if key == "step":  # torch keeps Adam's step on the CPU (not capturable, not fused)
                assert not isinstance(value, torch.Tensor) or on_host(value)
            elif isinstance(value, torch.Tensor):
                assert on_device(value)


def test_module_moves_and_reports_its_device():
    model = _lenet()
    assert model.cuda() is model
    assert all(on_device(p) for p in model.parameters())
    assert next(model.parameters()).is_cuda
    model.eval()
    with torch.no_grad():
        out = model(torch.randn(2, 1, 8, 8, device="cuda"))
    assert on_device(out) and out.shape == (2, 3)
    model.cpu()
    assert all(on_host(p) for p in model.parameters())
    assert all(on_host(b) for b in model.buffers())
    model.to("cuda:1")
    assert all(on_device(p, 1) for p in model.parameters())


def test_embedding_lstm_and_losses_on_cuda():
    torch.manual_seed(0)
    emb = torch.nn.Embedding(10, 4).cuda()
    rnn = torch.nn.LSTM(4, 5, batch_first=True).cuda()
    tokens = torch.tensor([[1, 2, 3], [4, 5, 6]], device="cuda")
    out, (h, c) = rnn(emb(tokens))
    assert on_device(out) and on_device(h) and on_device(c)
    loss = F.mse_loss(out, torch.zeros_like(out)) + F.nll_loss(
        F.log_softmax(h[0], 1), torch.tensor([0, 4], device="cuda")
    )
    loss.backward()
    assert all(on_device(p.grad) for p in list(emb.parameters()) + list(rnn.parameters()))


def test_clip_grad_norm_on_cuda():
    model = torch.nn.Linear(3, 2).cuda()
    model(torch.ones(4, 3, device="cuda")).sum().backward()
    total = torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
    assert on_device(total)
    assert all(on_device(p.grad) for p in model.parameters())


# --- saving and loading -----------------------------------------------------------------------


def _saved(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def test_save_cuda_tensors_and_load_them_anywhere():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2).cuda()
    raw = _saved(model.state_dict())
    seen = []
    torch.load(io.BytesIO(raw), map_location=lambda s, loc: seen.append(loc) or s)
    assert seen == ["cuda:0", "cuda:0"]  # tagged as torch tags CUDA storages
    on_cpu = torch.load(io.BytesIO(raw), map_location="cpu")
    assert all(on_host(v) for v in on_cpu.values())
    back = torch.load(io.BytesIO(raw))  # to the device the file names
    assert all(on_device(v) for v in back.values())
    for key, value in model.state_dict().items():
        assert on_cpu[key].tolist() == value.tolist() == back[key].tolist()
    one = torch.load(io.BytesIO(raw), map_location="cuda:1")
    assert all(on_device(v, 1) for v in one.values())
    dct = torch.load(io.BytesIO(raw), map_location={"cuda:0": "cpu"})
    assert all(on_host(v) for v in dct.values())
    fresh = torch.nn.Linear(3, 2)
    fresh.load_state_dict(on_cpu)
    assert fresh.weight.tolist() == model.weight.tolist()


def test_torch_loads_a_numtorch_cuda_file(torch_ref):
    x = torch.arange(6.0, device="cuda").view(2, 3)
    back = torch_ref.load(io.BytesIO(_saved({"x": x, "row": x[1]})), map_location="cpu")
    assert back["x"].tolist() == x.tolist() and back["x"].dtype == torch_ref.float32
    assert back["row"].tolist() == [3.0, 4.0, 5.0] and back["row"].storage_offset() == 3
    assert back["row"].untyped_storage().data_ptr() == back["x"].untyped_storage().data_ptr()


def test_load_a_cuda_1_file_back_to_cuda_1():
    x = torch.arange(4.0).cuda(1)
    seen = []
    torch.load(io.BytesIO(_saved(x)), map_location=lambda s, loc: seen.append(loc) or s)
    assert seen == ["cuda:1"]
    assert on_device(torch.load(io.BytesIO(_saved(x))), 1)


def test_save_and_load_a_cuda_checkpoint_with_optimizer():
    model, opt, _ = _train("cuda", _lenet, OPTIMIZERS["adam"], steps=1)
    raw = _saved({"model": model.state_dict(), "opt": opt.state_dict()})
    ckpt = torch.load(io.BytesIO(raw))
    model2 = _lenet().cuda()
    model2.load_state_dict(ckpt["model"])
    opt2 = torch.optim.Adam(model2.parameters(), lr=0.01)
    opt2.load_state_dict(ckpt["opt"])
    assert all(on_device(p) for p in model2.parameters())
    for state in opt2.state.values():
        assert on_device(state["exp_avg"]) and on_device(state["exp_avg_sq"])


def test_saved_cuda_views_share_their_storage():
    x = torch.arange(4.0, device="cuda")
    raw = _saved({"x": x, "v": x[1:]})
    seen = []
    torch.load(io.BytesIO(raw), map_location=lambda s, loc: seen.append(loc) or s)
    assert seen == ["cuda:0"]  # one storage for the tensor and its view, as torch saves them
    back = torch.load(io.BytesIO(raw))
    assert on_device(back["x"]) and on_device(back["v"])
    back["v"][0] = 100.0
    assert back["x"].tolist() == [0.0, 100.0, 2.0, 3.0]


CUDA_VIEWS_HAVE_NO_BASE = (
    "cuda views made by numtorch/ops/shape.py _restride (view, reshape...) and by "
    "_backend.as_strided (loading) are cupy.ndarray(memptr=...) arrays, which have no base: "
    "storage_offset() and untyped_storage() only see the view itself"
)


@pytest.mark.xfail(strict=True, reason=CUDA_VIEWS_HAVE_NO_BASE + " (x[2:].view(2, 2): 0, torch 2)")
def test_storage_of_a_cuda_view_of_a_view():
    x = torch.arange(6.0, device="cuda")
    v = x[2:].view(2, 2)
    assert v.storage_offset() == 2
    assert v.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()


@pytest.mark.xfail(strict=True, reason=CUDA_VIEWS_HAVE_NO_BASE + " (a loaded x[1:]: 0, torch 1)")
def test_storage_offset_of_a_loaded_cuda_view():
    x = torch.arange(4.0, device="cuda")
    back = torch.load(io.BytesIO(_saved({"x": x, "v": x[1:]})))
    assert back["v"].storage_offset() == 1


def test_storage_offset_and_sharing_of_simple_cuda_views():
    x = torch.arange(6.0, device="cuda")
    assert x[2:].storage_offset() == 2 and x.view(2, 3)[1].storage_offset() == 3
    v = x[2:].view(2, 2)
    v[0, 0] = 100.0  # views write into the same device memory
    assert x.tolist() == [0.0, 1.0, 100.0, 3.0, 4.0, 5.0]
    assert x.untyped_storage().device == torch.device("cuda", 0)


# --- a second GPU -----------------------------------------------------------------------------


def test_tensors_land_on_cuda_1():
    x = torch.tensor([1.0, 2.0])
    for y in (x.to("cuda:1"), x.cuda(1), x.to(torch.device("cuda", 1)), x.cuda().to("cuda:1")):
        assert_same_values(y, x, index=1)
    y = x.cuda(1)
    assert y.cuda(1) is y and y.get_device() == 1
    assert on_device(y.cuda(), 0) and on_device(y.to("cuda"), 0)  # 'cuda' is the current device
    assert on_host(y.cpu()) and y.cpu().tolist() == [1.0, 2.0]
    assert repr(y) == "tensor([1., 2.], device='cuda:1')"


CUDA1_OUTSIDE_OPS = (
    "code outside Op.apply runs on CuPy's current device (0), not on the tensors' device 1: "
    "CuPy allocates (copy(), zeros) and launches kernels on the current device, and refuses "
    "arrays of another device without peer access; Op.apply enters cupy.cuda.Device(index), "
    "but {what} do not"
)
CUDA1_BUGS = {"index_mask": CUDA1_OUTSIDE_OPS.format(what="the indexing planner's mask sums")}


@pytest.mark.parametrize(
    "name",
    _with_bugs(["add_scalar", "mul", "gt", "matmul", "softmax", "cat", "index_mask"], CUDA1_BUGS),
)
def test_ops_on_cuda_1_stay_there(name):
    assert_same_values(OPS[name](_x("cuda:1")), OPS[name](_x("cpu")), index=1)


@pytest.mark.xfail(
    strict=True, reason=CUDA1_OUTSIDE_OPS.format(what="the engine's AccumulateGrad copy()")
)
def test_backward_on_cuda_1_leaves_grads_there():
    x = torch.tensor([1.0, 2.0], device="cuda:1", requires_grad=True)
    (x * x).sum().backward()
    assert on_device(x.grad, 1)


@pytest.mark.xfail(
    strict=True,
    reason=CUDA1_OUTSIDE_OPS.format(
        what="in-place updates, sort/argmax/cumsum and the other non-Op functions"
    ),
)
def test_inplace_and_sorting_on_cuda_1():
    x = torch.tensor([3.0, 1.0, 2.0], device="cuda:1")
    x.add_(1)
    assert on_device(x.sort().values, 1) and on_device(x.argmax(), 1)


@pytest.mark.xfail(strict=True, reason=CUDA1_OUTSIDE_OPS.format(what="the optimizers' updates"))
def test_training_on_cuda_1():
    model, _, _ = _train("cuda:1", _lenet, OPTIMIZERS["adam"], steps=1)
    assert all(on_device(p, 1) for p in model.parameters())


def test_copies_of_cuda_tensors_stay_on_the_device():
    import copy

    model = torch.nn.Linear(2, 2).cuda()
    twin = copy.deepcopy(model)
    assert all(on_device(p) for p in twin.parameters())
    assert twin.weight.tolist() == model.weight.tolist()
    x = torch.arange(3.0, device="cuda")
    assert on_device(x.clone()) and on_device(copy.copy(x)) and on_device(x.detach().clone())
    import pickle

    assert on_device(pickle.loads(pickle.dumps(x)))  # plain pickling keeps the device
    assert on_device(pickle.loads(pickle.dumps(x.cuda(1))), 1)
    y = torch.empty(3, device="cuda")
    y.copy_(torch.arange(3.0))  # copy_ crosses devices, as torch's does
    assert on_device(y) and y.tolist() == [0.0, 1.0, 2.0]
    z = torch.empty(3)
    z.copy_(x)
    assert on_host(z) and z.tolist() == [0.0, 1.0, 2.0]


def test_set_device_makes_cuda_1_the_current_device():
    """torch's way to work on a second GPU: make it current, then 'cuda' means it."""
    torch.cuda.set_device(1)
    assert torch.cuda.current_device() == 1
    x = torch.zeros(3, device="cuda")
    assert (
        on_device(x, 1)
        and on_device(torch.ones(2).cuda(), 1)
        and on_device(torch.ones(2).to("cuda"), 1)
    )
    assert on_device(torch.ones(2, device="cuda:0"), 0)
    w = torch.tensor([1.0, 2.0], device="cuda", requires_grad=True)
    (w * w).sum().backward()
    assert on_device(w.grad, 1) and w.grad.tolist() == [2.0, 4.0]
    x.add_(1)
    assert on_device(x.sort().values, 1) and on_device(x.argmax(), 1)
    model, _, losses = _train("cuda", _lenet, OPTIMIZERS["adam"], steps=2)
    assert all(on_device(p, 1) for p in model.parameters())
    np.testing.assert_allclose(losses, _train("cpu", _lenet, OPTIMIZERS["adam"], steps=2)[2])
    torch.cuda.set_device("cuda:0")
    assert torch.cuda.current_device() == 0
    with torch.cuda.device(1):
        assert torch.cuda.current_device() == 1 and on_device(torch.rand(2, device="cuda"), 1)
    assert torch.cuda.current_device() == 0 and on_device(torch.rand(2, device="cuda"), 0)


def test_mnist_example_on_cuda(tmp_path, capsys):
    """The README's main job with ``--device cuda`` (a slice of real MNIST, the MLP): the same
    losses and accuracy as on the CPU, a checkpoint of cuda tensors that loads anywhere."""
    from numtorch.examples import mnist

    root, _ = mnist.default_data_root()
    if not os.path.exists(os.path.join(root, "MNIST", "raw", "train-images-idx3-ubyte.gz")):
        pytest.skip(f"MNIST files not found under {root}")

    def run(device, out, *extra):
        argv = ["--data", root, "--out", str(out), "--limit", "512", "--batch-size", "256"]
        argv += ["--model", "mlp", "--epochs", "1", "--no-plots", "--device", device, *extra]
        return mnist.run(mnist.parse_args(argv))

    on_gpu = run("cuda", tmp_path / "gpu")
    on_cpu = run("cpu", tmp_path / "cpu")
    np.testing.assert_allclose(on_gpu["train_loss"], on_cpu["train_loss"], rtol=1e-5)
    assert on_gpu["test_acc"] == on_cpu["test_acc"]
    assert "device=cuda" in capsys.readouterr().out
    ckpt = torch.load(tmp_path / "gpu" / mnist.CHECKPOINT, map_location="cpu")
    assert all(on_host(v) for v in ckpt["model"].values())
    resumed = run("cuda", tmp_path / "gpu", "--epochs", "2", "--resume")
    assert len(resumed["test_acc"]) == 2
