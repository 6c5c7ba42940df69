"""Tensor printing: ``repr(tensor)`` as ``torch/_tensor_str.py`` writes it, character for character.

The layout follows PyTorch's file function by function (``_Formatter``, ``_vector_str``,
``_tensor_str_with_formatter``, ``_add_suffixes``, ``_str``), with two changes of method:

* the formatter decides everything (integer mode, scientific mode, column width) from NumPy
  reductions over the whole array instead of a Python loop over its elements;
* a summarised tensor is cut down to its edge items once, as a NumPy array, and only those
  elements are turned into strings.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from typing import Any

import numpy as np

from . import _backend
from . import _dtype as D


@dataclasses.dataclass
class _PrinterOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


PRINT_OPTS = _PrinterOptions()

_PROFILES = {
    "default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    r"""Set options for printing. Items shamelessly taken from NumPy

    Args:
        precision: Number of digits of precision for floating point output (default = 4).
        threshold: Total number of array elements which trigger summarization rather than full
            `repr` (default = 1000).
        edgeitems: Number of array items in summary at beginning and end of each dimension
            (default = 3).
        linewidth: The number of characters per line for the purpose of inserting line breaks
            (default = 80). Thresholded matrices will ignore this parameter.
        profile: Sane defaults for pretty printing. Can override with any of the above options.
            (any one of `default`, `short`, `full`)
        sci_mode: Enable (True) or disable (False) scientific notation. If None (default) is
            specified, the value is chosen automatically from the tensor's values.
    """
    # an unknown profile name is silently ignored, as in torch
    for name, value in _PROFILES.get(profile, {}).items():
        setattr(PRINT_OPTS, name, value)
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    # not "if not None": every call resets sci_mode, as in torch
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    r"""Gets the current options for printing, as a dictionary that can be passed as ``**kwargs``
    to set_printoptions()."""
    return dataclasses.asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs):
    r"""Context manager that temporarily changes the print options. Accepted arguments are same
    as :func:`set_printoptions`."""
    old_kwargs = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old_kwargs)


# --- element formatting ------------------------------------------------------------------------


class _Formatter:
    """Formats the elements of one real array at one common width.

    ``values`` is a host array: floating tensors arrive as float64 (exactly the Python floats
    torch's ``.item()`` formats), integers and bools in their own dtype.
    """

    def __init__(self, values: np.ndarray, floating: bool):
        self.floating_dtype = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1

        if not floating:
            if values.size:
                # str() of an integer is longest at the minimum or the maximum (the sign counts);
                # for bools that is "False" when present, else "True"
                ends = (values.min().item(), values.max().item())
                self.max_width = max(1, *(len(f"{v}") for v in ends))
            return

        # zeros, nans and infs take no part in the decisions below
        vals = values[np.isfinite(values) & (values != 0)]
        if vals.size == 0:
            return
        magnitudes = np.abs(vals)
        lo, hi = magnitudes.min(), magnitudes.max()
        with np.errstate(over="ignore"):  # 1e300 / 1e-300 is inf, which is > 1000 all the same
            ratio = hi / lo
        self.int_mode = bool(np.all(vals == np.ceil(vals)))
        self.sci_mode = (
            ratio > 1000.0 or hi > 1.0e8 or lo < 1.0e-4
            if PRINT_OPTS.sci_mode is None
            else PRINT_OPTS.sci_mode
        )

        # The printed length of a value of one sign never decreases with its magnitude in fixed
        # notation (more integer digits), and in scientific notation depends only on whether the
        # exponent has three digits, which happens at the smallest or the largest magnitude. So
        # the widest string is among the four extremes: smallest and largest of each sign.
        pos, neg = vals[vals > 0], vals[vals < 0]
        extremes = [float(end(a)) for a in (pos, neg) if a.size for end in (np.min, np.max)]
        p = PRINT_OPTS.precision
        if self.sci_mode:
            widths = [len(f"{v:.{p}e}") for v in extremes]
        elif self.int_mode:
            # integer-valued floats print as "1." - the dot is one more character
            widths = [len(f"{v:.0f}") + 1 for v in extremes]
        else:
            widths = [len(f"{v:.{p}f}") for v in extremes]
        self.max_width = max(self.max_width, *widths)

    def width(self) -> int:
        return self.max_width

    def format(self, value) -> str:
        if self.floating_dtype:
            if self.sci_mode:
                ret = f"{value:{self.max_width}.{PRINT_OPTS.precision}e}"
            elif self.int_mode:
                ret = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    ret += "."
            else:
                ret = f"{value:.{PRINT_OPTS.precision}f}"
        else:
            ret = f"{value}"
        return (self.max_width - len(ret)) * " " + ret


def _complex_str(value: complex, real_fmt: _Formatter, imag_fmt: _Formatter) -> str:
    real_str = real_fmt.format(value.real)
    imag_str = (imag_fmt.format(value.imag) + "j").lstrip()
    # a formatted imaginary part brings its own sign when negative (or -0.0)
    if imag_str[0] == "+" or imag_str[0] == "-":
        return real_str + imag_str
    return real_str + "+" + imag_str


# --- layout ----------------------------------------------------------------------------------
# The printers below walk ``data``, the nested lists of the (summarised) values, alongside
# ``shape``, the shape of the tensor before summarising: an axis longer than 2 * edgeitems was cut
# to its first and last edgeitems entries, and gets a "..." between them.


def _elided(size: int, summarize: bool) -> bool:
    return summarize and size > 2 * PRINT_OPTS.edgeitems


def _scalar_str(value, formatter1, formatter2=None) -> str:
    if formatter2 is not None:
        return _complex_str(value, formatter1, formatter2)
    return formatter1.format(value)


def _vector_str(data, size, indent, summarize, formatter1, formatter2=None) -> str:
    # length includes spaces and comma between elements
    element_length = formatter1.width() + 2
    if formatter2 is not None:
        # width for the imaginary part and its "j"
        element_length += formatter2.width() + 1
    elements_per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / element_length))

    if summarize and not PRINT_OPTS.edgeitems:
        strs = ["..."]
    else:
        strs = [_scalar_str(v, formatter1, formatter2) for v in data]
        if _elided(size, summarize):
            e = PRINT_OPTS.edgeitems
            strs = strs[:e] + [" ..."] + strs[e:]

    lines = [
        ", ".join(strs[i : i + elements_per_line]) for i in range(0, len(strs), elements_per_line)
    ]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _tensor_str_with_formatter(data, shape, indent, summarize, formatter1, formatter2=None):
    dim = len(shape)
    if dim == 0:
        return _scalar_str(data, formatter1, formatter2)
    if dim == 1:
        return _vector_str(data, shape[0], indent, summarize, formatter1, formatter2)
    if summarize and not PRINT_OPTS.edgeitems:
        return "[...]"

    slices = [
        _tensor_str_with_formatter(row, shape[1:], indent + 1, summarize, formatter1, formatter2)
        for row in data
    ]
    if _elided(shape[0], summarize):
        e = PRINT_OPTS.edgeitems
        slices = slices[:e] + ["..."] + slices[e:]
    return "[" + ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(slices) + "]"


def _summarized_data(array):
    """The array cut to its first and last ``edgeitems`` entries along every long axis.

    Works on the device array (so a large CUDA tensor is cut before it is copied to the host).
    """
    e = PRINT_OPTS.edgeitems
    if not e:
        # nothing is printed but "[...]" (torch keeps a whole vector here: cat(x[:0], x[-0:]))
        return array[(slice(0, 0),) * array.ndim]
    xp = _backend.array_module(array)
    for axis, size in enumerate(array.shape):
        if size > 2 * e:
            head = (slice(None),) * axis + (slice(None, e),)
            tail = (slice(None),) * axis + (slice(-e, None),)
            array = xp.concatenate((array[head], array[tail]), axis=axis)
    return array


def _host_values(array, dtype: D.dtype) -> np.ndarray:
    """Host data whose ``tolist()`` gives the Python numbers torch's ``.item()`` gives."""
    array = _backend.to_numpy(array)
    if dtype.is_floating_point:
        return array.astype(np.float64)  # exact for float16, bfloat16 and float32
    if dtype.is_complex:
        return array.astype(np.complex128)
    return array


def _tensor_str(self, indent: int) -> str:
    if self.numel() == 0:
        return "[]"

    summarize = self.numel() > PRINT_OPTS.threshold
    array = _summarized_data(self._data) if summarize else self._data
    values = _host_values(array, self.dtype)
    shape = tuple(self.shape)
    data = values.tolist()

    if self.dtype.is_complex:
        real_formatter = _Formatter(values.real, floating=True)
        imag_formatter = _Formatter(values.imag, floating=True)
        return _tensor_str_with_formatter(
            data, shape, indent, summarize, real_formatter, imag_formatter
        )
    formatter = _Formatter(values, floating=self.dtype.is_floating_point)
    return _tensor_str_with_formatter(data, shape, indent, summarize, formatter)


# --- the whole repr --------------------------------------------------------------------------


def _add_suffixes(tensor_str, suffixes, indent, force_newline) -> str:
    tensor_strs = [tensor_str]
    # torch's arithmetic, kept as is: two more than the last line's length
    last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix in suffixes:
        suffix_len = len(suffix)
        if force_newline or last_line_len + suffix_len + 2 > PRINT_OPTS.linewidth:
            tensor_strs.append(",\n" + " " * indent + suffix)
            last_line_len = indent + suffix_len
            force_newline = False
        else:
            tensor_strs.append(", " + suffix)
            last_line_len += suffix_len + 2
    tensor_strs.append(")")
    return "".join(tensor_strs)


def _parameter_class():
    try:
        from .nn.parameter import Parameter
    except ImportError:  # pragma: no cover - nn is optional for printing
        return None
    return Parameter


def _str(self, tensor_contents=None) -> str:
    """``repr(tensor)``: ``tensor(<values>, <suffixes>)``."""
    from ._tensor import Tensor

    parameter = _parameter_class()
    is_plain_tensor = type(self) is Tensor or type(self) is parameter
    prefix = "tensor(" if is_plain_tensor else f"{type(self).__name__}("
    indent = len(prefix)
    suffixes = []

    # the device is printed only when it is not the default one (always cpu here)
    device = self.device
    if device.type != "cpu":
        suffixes.append(f"device='{device}'")

    dtype = self.dtype
    default = D.get_default_dtype()
    # dtypes a literal of the printed values would produce anyway
    has_default_dtype = dtype in (default, D.default_complex(), D.int64, D.bool)

    if self.numel() == 0:
        # print the shape unless it is (0,), as NumPy does
        if self.dim() != 1:
            suffixes.append(f"size={tuple(self.shape)}")
        # no values to infer an integer dtype from, so only the default dtype goes unsaid
        if dtype is not default:
            suffixes.append(f"dtype={dtype}")
        tensor_str = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append(f"size={tuple(self.shape)}")
        if not has_default_dtype:
            suffixes.append(f"dtype={dtype}")
        tensor_str = _tensor_str(self, indent) if tensor_contents is None else None
    if tensor_contents is not None:
        tensor_str = tensor_contents

    grad_fn = self.grad_fn
    if grad_fn is not None:
        # custom nodes may carry a C++-style qualified name; torch prints its last part
        suffixes.append(f"grad_fn=<{grad_fn.name().rsplit('::', 1)[-1]}>")
    elif self.requires_grad:
        suffixes.append("requires_grad=True")

    string_repr = _add_suffixes(prefix + tensor_str, suffixes, indent, force_newline=False)

    # a subclass of Parameter prints as Parameter(MyParam(...)), as in torch
    if parameter is not None and isinstance(self, parameter) and not is_plain_tensor:
        string_repr = f"Parameter({string_repr})"
    return string_repr
