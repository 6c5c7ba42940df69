"""numtorch: the PyTorch API on NumPy. ``import numtorch as torch``."""

from __future__ import annotations

__version__ = "0.1.0"

from . import (
    _dtype,
    _tensor,  # first: the ops modules below need the Tensor class  # noqa: F401
    autograd,  # noqa: F401
    cuda,  # noqa: F401
    linalg,  # noqa: F401
    random,  # noqa: F401
    return_types,  # noqa: F401
    serialization,  # noqa: F401
    storage,  # noqa: F401
)
from ._device import device  # noqa: F401
from ._dtype import (  # noqa: F401
    bfloat16,
    bool,
    can_cast,
    cdouble,
    cfloat,
    chalf,
    complex64,
    complex128,
    double,
    dtype,
    float,
    float16,
    float32,
    float64,
    get_default_dtype,
    half,
    int,
    int8,
    int16,
    int32,
    int64,
    long,
    promote_types,
    set_default_dtype,
    short,
    uint8,
)  # fmt: skip
from ._parallel import (  # noqa: F401
    get_num_interop_threads,
    get_num_threads,
    set_num_interop_threads,
    set_num_threads,
)
from ._size import Size  # noqa: F401
from ._tensor import Tensor  # noqa: F401
from ._tensor_str import set_printoptions  # noqa: F401
from ._tensor_type import (  # noqa: F401
    BFloat16Tensor,
    BoolTensor,
    ByteTensor,
    CharTensor,
    DoubleTensor,
    FloatTensor,
    HalfTensor,
    IntTensor,
    LongTensor,
    ShortTensor,
)  # fmt: skip
from .autograd.grad_mode import (  # noqa: F401
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)  # fmt: skip
from .ops.binary import *  # noqa: F401, F403
from .ops.complex import *  # noqa: F401, F403
from .ops.conversion import *  # noqa: F401, F403
from .ops.creation import *  # noqa: F401, F403
from .ops.elementwise import *  # noqa: F401, F403
from .ops.indexing import *  # noqa: F401, F403
from .ops.linalg import *  # noqa: F401, F403
from .ops.reduction import *  # noqa: F401, F403
from .ops.sampling import *  # noqa: F401, F403
from .ops.shape import *  # noqa: F401, F403
from .ops.unary import *  # noqa: F401, F403
from .random import (  # noqa: F401
    Generator,
    default_generator,
    get_rng_state,
    initial_seed,
    manual_seed,
    seed,
    set_rng_state,
)  # fmt: skip
from .serialization import load, save  # noqa: F401
from .storage import (  # noqa: F401
    BFloat16Storage,
    BoolStorage,
    ByteStorage,
    CharStorage,
    ComplexDoubleStorage,
    ComplexFloatStorage,
    DoubleStorage,
    FloatStorage,
    HalfStorage,
    IntStorage,
    LongStorage,
    ShortStorage,
    TypedStorage,
    UntypedStorage,
)  # fmt: skip


class _Layout:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"torch.{self.name}"


strided = _Layout("strided")
sparse_coo = _Layout("sparse_coo")


class _MemoryFormat:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"torch.{self.name}"


contiguous_format = _MemoryFormat("contiguous_format")
preserve_format = _MemoryFormat("preserve_format")
channels_last = _MemoryFormat("channels_last")


def set_default_tensor_type(t):
    """Legacy: sets the default floating dtype from a tensor type (``torch.DoubleTensor``)."""
    from ._tensor_type import parse_legacy_name

    if isinstance(t, str):
        d, _ = parse_legacy_name(t)
    else:
        d = t.dtype
    set_default_dtype(d)


def is_tensor(obj) -> bool:
    return isinstance(obj, Tensor)


def is_floating_point(input) -> bool:
    return input.dtype.is_floating_point


def is_complex(input) -> bool:
    return input.dtype.is_complex


def numel(input) -> int:
    return input.numel()


def result_type(tensor1, tensor2) -> dtype:
    return _dtype.result_type(tensor1, tensor2)


from . import nn, optim, utils  # noqa: E402, F401  (they use the ops above)
from ._naming import missing_attribute as _missing_attribute  # noqa: E402

__getattr__ = _missing_attribute(__name__)

import warnings as _warnings  # noqa: E402

# IEEE arithmetic gives torch's inf and nan without a word; NumPy reports them as RuntimeWarnings
# ("invalid value encountered in subtract"). Silenced for code in numtorch's own modules only
# (a user's NumPy code still warns), cheaper than an errstate around every op.
_warnings.filterwarnings(
    "ignore",
    r"(invalid value|divide by zero|overflow|underflow) encountered",
    RuntimeWarning,
    r"numtorch(\.|$)",
)
