"""The ``numtorch`` command: ``numtorch run script.py [args...]`` runs PyTorch code on numtorch."""

from __future__ import annotations

import os
import re
import runpy
import sys

USAGE = """\
usage: numtorch [-h] [--version] run (script.py | -m module) [args ...]

Run an unmodified PyTorch program on numtorch: `torch`, `torch.*`, `torchvision`
and `torchvision.*` are resolved to numtorch before the program starts.

commands:
  run script.py [args ...]   run a script as `python script.py args` would
  run -m module [args ...]   run a module as `python -m module args` would

options:
  -h, --help                 show this help message and exit
  --version                  show numtorch's version and exit
"""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``numtorch`` console script and ``python -m numtorch``."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0 if argv else 2
    if argv[0] == "--version":
        from . import __version__

        print(f"numtorch {__version__}")
        return 0
    if argv[0] == "run":
        return _run_command(argv[1:])
    sys.stderr.write(USAGE + f"numtorch: error: unknown command {argv[0]!r}\n")
    return 2


def _run_command(args: list[str]) -> int:
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0 if args else 2
    if args[0] == "-m" or (args[0].startswith("-m") and len(args[0]) > 2):
        if args[0] == "-m" and len(args) < 2:
            sys.stderr.write("numtorch run: error: -m needs a module name\n")
            return 2
        module, rest = (args[1], args[2:]) if args[0] == "-m" else (args[0][2:], args[1:])
        return run_module(module, rest)
    if args[0].startswith("-"):
        sys.stderr.write(f"numtorch run: error: unknown option {args[0]!r}\n")
        return 2
    return run_path(args[0], args[1:])


def run_path(path: str, args: list[str]) -> int:
    """Runs the script at ``path`` as ``__main__`` with ``sys.argv = [path, *args]``."""
    if not os.path.exists(path):
        sys.stderr.write(
            f"numtorch run: can't open file {os.path.abspath(path)!r}: "
            "[Errno 2] No such file or directory\n"
        )
        return 2
    sys.argv = [path, *args]
    if os.path.isdir(path) or not path.endswith(".py") and _is_zip(path):
        del sys.path[0]  # runpy puts the directory / zip archive first, as Python does
        return _guarded(runpy.run_path, path, run_name="__main__")
    return _guarded(_run_file, path)


def _run_file(path: str) -> None:
    """Executes a script file exactly as ``python path`` would set up ``__main__``.

    (runpy.run_path would also set ``sys.argv[0]`` to the absolute path; Python keeps
    it as typed and makes only ``__file__`` absolute.)
    """
    import builtins
    import importlib.machinery
    import io
    import types

    sys.path[0] = os.path.dirname(os.path.realpath(path))
    filename = os.path.abspath(path)
    with io.open_code(filename) as f:  # bytes: compile() honours a coding cookie
        code = compile(f.read(), filename, "exec", dont_inherit=True)
    main = types.ModuleType("__main__")
    main.__dict__.update(
        __file__=filename,
        __cached__=None,
        __builtins__=builtins,
        __loader__=importlib.machinery.SourceFileLoader("__main__", filename),
    )
    sys.modules["__main__"] = main  # stays: pickle and atexit see the script as __main__
    exec(code, main.__dict__)


def run_module(module: str, args: list[str]) -> int:
    """Runs ``module`` as ``__main__``, as ``python -m module`` would."""
    sys.argv = ["-m", *args]  # runpy replaces argv[0] with the module's file
    sys.path[0] = os.getcwd()
    return _guarded(runpy.run_module, module, run_name="__main__", alter_sys=True)


def _is_zip(path: str) -> bool:
    import zipfile

    return zipfile.is_zipfile(path)


def _guarded(runner, *args, **kwargs) -> int:
    """Installs the hook, runs, and reports an uncaught error as Python itself would."""
    from . import compat

    try:
        compat.install()
    except RuntimeError as e:  # only possible if something imported real torch first
        sys.stderr.write(f"numtorch run: {e}\n")
        return 1
    try:
        runner(*args, **kwargs)
    except SystemExit:
        raise
    except BaseException as e:  # noqa: BLE001  (print it like the interpreter, then exit)
        _add_hint(e)
        tb = _user_frames(e.__traceback__)
        if isinstance(e, ModuleNotFoundError) and "numtorch has no" in str(e):
            tb = _drop_hook_frames(tb)  # the hook's own raise is noise; keep the import line
        sys.excepthook(type(e), e.with_traceback(tb), tb)
        return 130 if isinstance(e, KeyboardInterrupt) else 1
    return 0


def _user_frames(tb):
    """Drops the launcher's own frames (this file, runpy) from the top of a traceback."""
    own = {__file__, runpy.__file__, "<frozen runpy>", "<frozen importlib._bootstrap>"}
    while tb is not None and tb.tb_next is not None and tb.tb_frame.f_code.co_filename in own:
        tb = tb.tb_next
    return tb


def _drop_hook_frames(tb):
    """Cuts the import hook's frames off the bottom, so the last line shown is the import."""
    from . import compat

    prev, cur = None, tb
    while cur is not None:
        if cur.tb_frame.f_code.co_filename == compat.__file__ and prev is not None:
            prev.tb_next = None
            break
        prev, cur = cur, cur.tb_next
    return tb


def _add_hint(exc: BaseException) -> None:
    """Says which torch piece numtorch lacks where Python rejected the import by itself.

    ``from torch.cuda.amp import autocast`` (``torch.cuda`` is a plain module here) and
    ``from torch import distributed`` (looked up as ``numtorch.distributed``) fail inside
    the import system without consulting the hook, so the hook cannot word them.
    """
    from . import compat

    if not isinstance(exc, ImportError) or "numtorch has no" in str(exc):
        return
    name = exc.name or ""
    match = re.match(r"cannot import name '(\w+)' from '([\w.]+)'", str(exc))
    if match and match.group(2).split(".")[0] == "numtorch":
        name = f"{compat._torch_name(match.group(2)) or match.group(2)}.{match.group(1)}"
    elif not isinstance(exc, ModuleNotFoundError):
        return
    if name.split(".", 1)[0] in ("torch", "torchvision"):
        exc.add_note(f"numtorch has no '{name}'")
