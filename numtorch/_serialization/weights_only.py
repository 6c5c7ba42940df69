"""The ``weights_only`` unpickler: a pickle interpreter that can only build checkpoint data.

Like PyTorch's ``torch/_weights_only_unpickler.py`` it runs the pickle opcodes itself instead of
trusting ``pickle.Unpickler``: a GLOBAL resolves only through an allowlist (never by importing),
REDUCE calls only allowlisted callables, BUILD and NEWOBJ touch only allowlisted types. A file that
names anything else is refused before any of it runs.
"""

from __future__ import annotations

import warnings
from _codecs import encode
from _compat_pickle import IMPORT_MAPPING, NAME_MAPPING
from collections import Counter, OrderedDict
from pickle import UnpicklingError, decode_long
from struct import error as StructError
from struct import unpack
from sys import maxsize

_BLOCKED_MODULES = ("sys", "os", "posix", "nt")

_marked_safe_globals: set = set()


def add_safe_globals(safe_globals: list) -> None:
    """Mark globals (callables or ``(callable, "module.name")`` pairs) as safe to load."""
    global _marked_safe_globals
    _marked_safe_globals = _marked_safe_globals | set(safe_globals)


def get_safe_globals() -> list:
    """The globals marked safe with :func:`add_safe_globals`."""
    return list(_marked_safe_globals)


def clear_safe_globals() -> None:
    global _marked_safe_globals
    _marked_safe_globals = set()


def _remove_safe_globals(globals_to_remove) -> None:
    global _marked_safe_globals
    _marked_safe_globals = _marked_safe_globals - set(globals_to_remove)


class safe_globals:
    """Context manager marking globals safe for the ``weights_only`` loads inside it."""

    def __init__(self, safe_globals: list):
        self.safe_globals = safe_globals

    def __enter__(self):
        add_safe_globals(self.safe_globals)

    def __exit__(self, type, value, tb):  # noqa: A002
        _remove_safe_globals(self.safe_globals)


def user_allowed_globals() -> dict:
    rc = {}
    for f in _marked_safe_globals:
        if isinstance(f, tuple):
            if len(f) != 2:
                raise ValueError(
                    "Expected tuple of length 2 (global, str of callable full path), but got "
                    f"tuple of length: {len(f)}"
                )
            if type(f[1]) is not str:
                raise TypeError(
                    "Expected second item in tuple to be str of callable full path, but got: "
                    f"{type(f[1])}"
                )
            f, name = f
            rc[name] = f
        else:
            rc[f"{f.__module__}.{f.__qualname__}"] = f
    return rc


def _read_global(readline):
    module = readline()[:-1].decode("utf-8")
    name = readline()[:-1].decode("utf-8")
    if (module, name) in NAME_MAPPING:  # protocol 2 writes Python 2 names (__builtin__.set)
        module, name = NAME_MAPPING[(module, name)]
    elif module in IMPORT_MAPPING:
        module = IMPORT_MAPPING[module]
    return module, name


def _unsupported_global(full_path):
    if full_path.startswith("builtins"):  # PyTorch names builtins without their module
        rest = full_path[len("builtins") :]
        full_path = rest[1:] if rest.startswith(".") else "builtins" + rest
    return UnpicklingError(
        f"Unsupported global: GLOBAL {full_path} was not an allowed global by default. "
        f"Please use `torch.serialization.add_safe_globals([{full_path}])` or the "
        f"`torch.serialization.safe_globals([{full_path}])` context manager to allowlist this "
        "global if you trust this class/function."
    )


class Unpickler:
    """Runs the pickle opcodes PyTorch checkpoints use, resolving globals through ``allowed``.

    ``allowed`` maps ``"module.name"`` to the object to use; ``persistent_load`` turns storage
    ids into storages.
    """

    def __init__(self, file, allowed, persistent_load, *, encoding="bytes", build=None, new=None):
        self.read = file.read
        self.readline = file.readline
        self.allowed = allowed
        self.persistent_load = persistent_load
        self.encoding = encoding
        self.build = build or {}  # type -> function(inst, state) for BUILD
        self.new = new  # function(cls, args) for NEWOBJ (Parameter takes its data there)
        self.memo = {}

    def load(self):
        self.metastack, self.stack = [], []
        self.user = user_allowed_globals()
        self.allowed_ids = {id(v) for v in (*self.allowed.values(), *self.user.values())}
        try:
            return self._run()
        except (IndexError, StructError) as e:  # a stack or a read cut short: a broken file
            raise UnpicklingError(f"pickle data was truncated or is corrupt ({e})") from None

    def _run(self):
        read = self.read
        while True:
            key = read(1)
            if not key:
                raise EOFError
            handler = _DISPATCH.get(key[0])
            if handler is None:
                raise UnpicklingError(f"Unsupported operand {key[0]}")
            if handler is _stop:
                return self.stack.pop()
            handler(self)

    def is_allowed(self, obj):
        return id(obj) in self.allowed_ids

    def pop_mark(self):
        items = self.stack
        self.stack = self.metastack.pop()
        return items


_DISPATCH = {}


def _op(code):
    def register(f):
        _DISPATCH[code[0]] = f
        return f

    return register


def _stop(u):  # marker: load() returns the top of the stack
    pass


_DISPATCH[b"."[0]] = _stop


@_op(b"c")
def _global(u):
    module, name = _read_global(u.readline)
    full_path = f"{module}.{name}"
    if module in _BLOCKED_MODULES:
        raise UnpicklingError(
            f"Trying to load unsupported GLOBAL {full_path} whose module {module} is blocked."
        )
    if full_path in u.allowed:
        u.stack.append(u.allowed[full_path])
    elif full_path in u.user:
        u.stack.append(u.user[full_path])
    else:
        raise _unsupported_global(full_path)


@_op(b"\x81")
def _newobj(u):
    args = u.stack.pop()
    cls = u.stack.pop()
    if not u.is_allowed(cls) or not isinstance(cls, type):
        raise UnpicklingError(
            "Can only create new object for nn.Parameter or classes allowlisted "
            f"via `add_safe_globals` but got {cls}"
        )
    u.stack.append(u.new(cls, args) if u.new else cls.__new__(cls, *args))


@_op(b"R")
def _reduce(u):
    args = u.stack.pop()
    func = u.stack[-1]
    if not u.is_allowed(func):
        msg = f"Trying to call reduce for unrecognized function {func}"
        if hasattr(func, "__self__"):
            msg += f" which belongs to {func.__self__}"
        raise UnpicklingError(msg)
    u.stack[-1] = func(*args)


@_op(b"b")
def _build(u):
    state = u.stack.pop()
    inst = u.stack[-1]
    for cls, fn in u.build.items():
        if isinstance(inst, cls):
            fn(inst, state)
            return
    if type(inst) is OrderedDict:
        inst.__dict__.update(state)
    elif u.is_allowed(type(inst)):
        if hasattr(inst, "__setstate__"):
            inst.__setstate__(state)
            return
        slotstate = None
        if isinstance(state, tuple) and len(state) == 2:
            state, slotstate = state
        if state:
            inst.__dict__.update(state)
        for k, v in (slotstate or {}).items():
            setattr(inst, k, v)
    else:
        raise UnpicklingError(
            "Can only build Tensor, Parameter, OrderedDict or types allowlisted "
            f"via `add_safe_globals`, but got {type(inst)}"
        )


@_op(b"a")
def _append(u):
    item = u.stack.pop()
    if type(u.stack[-1]) is not list:
        raise UnpicklingError(f"Can only append to lists, but got {type(u.stack[-1])}")
    u.stack[-1].append(item)


@_op(b"e")
def _appends(u):
    items = u.pop_mark()
    if type(u.stack[-1]) is not list:
        raise UnpicklingError(f"Can only extend lists, but got {type(u.stack[-1])}")
    u.stack[-1].extend(items)


def _check_mapping(u, opcode):
    if type(u.stack[-1]) not in (dict, OrderedDict, Counter):
        raise UnpicklingError(
            f"Can only {opcode} for dict, collections.OrderedDict, "
            f"collections.Counter, but got {type(u.stack[-1])}"
        )


@_op(b"s")
def _setitem(u):
    v, k = u.stack.pop(), u.stack.pop()
    _check_mapping(u, "SETITEM")
    u.stack[-1][k] = v


@_op(b"u")
def _setitems(u):
    items = u.pop_mark()
    _check_mapping(u, "SETITEMS")
    for i in range(0, len(items), 2):
        u.stack[-1][items[i]] = items[i + 1]


@_op(b"(")
def _mark(u):
    u.metastack.append(u.stack)
    u.stack = []


@_op(b"t")
def _tuple(u):
    items = u.pop_mark()  # before touching u.stack: pop_mark replaces it
    u.stack.append(tuple(items))


@_op(b"\x85")
def _tuple1(u):
    u.stack[-1] = (u.stack[-1],)


@_op(b"\x86")
def _tuple2(u):
    u.stack[-2:] = [(u.stack[-2], u.stack[-1])]


@_op(b"\x87")
def _tuple3(u):
    u.stack[-3:] = [(u.stack[-3], u.stack[-2], u.stack[-1])]


def _const(code, value_factory):
    _DISPATCH[code[0]] = lambda u: u.stack.append(value_factory())


_const(b"N", lambda: None)
_const(b"\x89", lambda: False)
_const(b"\x88", lambda: True)
_const(b")", tuple)
_const(b"]", list)
_const(b"}", dict)
_const(b"\x8f", set)


@_op(b"J")
def _binint(u):
    u.stack.append(unpack("<i", u.read(4))[0])


@_op(b"K")
def _binint1(u):
    u.stack.append(u.read(1)[0])


@_op(b"M")
def _binint2(u):
    u.stack.append(unpack("<H", u.read(2))[0])


@_op(b"G")
def _binfloat(u):
    u.stack.append(unpack(">d", u.read(8))[0])


@_op(b"X")
def _binunicode(u):
    n = unpack("<I", u.read(4))[0]
    if n > maxsize:
        raise UnpicklingError("String is too long")
    u.stack.append(str(u.read(n), "utf-8", "surrogatepass"))


@_op(b"U")
def _short_binstring(u):
    data = u.read(u.read(1)[0])
    u.stack.append(data if u.encoding == "bytes" else data.decode(u.encoding, "strict"))


@_op(b"Q")
def _binpersid(u):
    pid = u.stack.pop()
    if type(pid) is not tuple and type(pid) is not int:
        raise UnpicklingError(f"persistent_load id must be tuple or int, but got {type(pid)}")
    if type(pid) is tuple and pid and _ascii(pid[0]) != "storage":
        raise UnpicklingError(f"Only persistent_load of storage is allowed, but got {type(pid[0])}")
    u.stack.append(u.persistent_load(pid))


def _memo_get(u, index):
    if index not in u.memo:
        raise UnpicklingError(f"Memo value not found at index {index}")
    u.stack.append(u.memo[index])


@_op(b"h")
def _binget(u):
    _memo_get(u, u.read(1)[0])


@_op(b"j")
def _long_binget(u):
    _memo_get(u, unpack("<I", u.read(4))[0])


@_op(b"q")
def _binput(u):
    u.memo[u.read(1)[0]] = u.stack[-1]


@_op(b"r")
def _long_binput(u):
    u.memo[unpack("<I", u.read(4))[0]] = u.stack[-1]


@_op(b"\x8a")
def _long1(u):
    u.stack.append(decode_long(u.read(u.read(1)[0])))


@_op(b"\x80")
def _proto(u):
    proto = u.read(1)[0]
    if proto != 2:
        warnings.warn(
            f"Detected pickle protocol {proto} in the checkpoint, which was "
            "not the default pickle protocol used by `torch.load` (2). The weights_only "
            "Unpickler might not support all instructions implemented by this protocol, "
            "please file an issue for adding support if you encounter this.",
            stacklevel=2,
        )


def _ascii(value):
    return value.decode("ascii") if isinstance(value, bytes) else value


BASE_ALLOWED = {
    "collections.OrderedDict": OrderedDict,
    "collections.Counter": Counter,
    "_codecs.encode": encode,  # protocol 2 writes bytes as encode(str, 'latin1')
    "builtins.bytearray": bytearray,
    "builtins.set": set,
    "builtins.complex": complex,
}
