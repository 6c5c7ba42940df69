"""Parameter: a Tensor that a Module registers as learnable."""

from __future__ import annotations

from .._tensor import Tensor

__all__ = ["Parameter", "Buffer", "UninitializedParameter"]


def _share(cls, data, requires_grad):
    """A ``cls`` tensor over ``data``'s storage (same array, same version counter), a leaf."""
    if requires_grad and not (data.dtype.is_floating_point or data.dtype.is_complex):
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    t = cls._make(data._data, requires_grad)
    t._version_counter = data._version_counter
    return t


class Parameter(Tensor):
    r"""A kind of Tensor that is to be considered a module parameter.

    Assigned as a Module attribute, it is added to the module's ``parameters()``.
    It shares ``data``'s storage and is a leaf that requires grad by default.

    Args:
        data (Tensor): parameter tensor (an empty float tensor when omitted).
        requires_grad (bool, optional): if the parameter requires gradient. Default: `True`
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            from ..ops.creation import empty

            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(
                f"Parameter.__new__(): argument 'data' (position 1) must be Tensor, "
                f"not {type(data).__name__}"
            )
        return _share(cls, data, requires_grad)

    def __repr__(self, *, tensor_contents=None):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        new = type(self)._make(self._data.copy(), self._requires_grad)
        if self._grad is not None:
            new._grad = Tensor._make(self._grad._data.copy())
        memo[id(self)] = new
        return new


class _BufferMeta(type):
    # isinstance(t, Buffer) holds for the plain tensors Buffer() returns, as in torch
    def __instancecheck__(cls, instance):
        return isinstance(instance, Tensor) and getattr(instance, "_is_buffer", False)


class Buffer(metaclass=_BufferMeta):
    r"""A kind of Tensor that should not be considered a model parameter (``nn.Buffer``).

    Assigned as a Module attribute, it is registered as a buffer; ``persistent`` decides whether it
    is part of ``state_dict``. Like torch, returns a plain (detached) Tensor.
    """

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            from ..ops.creation import empty

            data = empty(0)
        t = data.detach().requires_grad_(data.requires_grad)
        t.persistent = persistent
        t._is_buffer = True
        return t


class UninitializedParameter(Parameter):
    r"""A parameter whose shape is not known yet (lazy modules); ``materialize`` gives it one."""

    cls_to_become = Parameter

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        from ..ops.creation import empty

        return _share(cls, empty(0, device=device, dtype=dtype), requires_grad)

    def materialize(self, shape, device=None, dtype=None):
        """Gives the parameter an (uninitialised) array of ``shape`` and makes it a Parameter."""
        from ..ops.creation import empty

        dtype = self.dtype if dtype is None else dtype
        self._data = empty(shape, device=device or self.device, dtype=dtype)._data
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error usually "
            "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
            "initialized one. Call `forward` to initialize the parameters before accessing their "
            "attributes."
        )

    def __repr__(self, *, tensor_contents=None):
        return "<UninitializedParameter>"

    def __deepcopy__(self, memo):
        return type(self)(self.requires_grad, self.device, self.dtype)
