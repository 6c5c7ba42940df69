"""`numtorch run` and numtorch.compat: unmodified PyTorch programs on numtorch.

Everything that installs the import hook runs in a subprocess, so the hook never leaks
into other tests (and the pytest process has the real torch imported by conftest).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

import numtorch
from numtorch import compat

from .conftest import HAS_TORCH

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "examples" / "torch_scripts"
HAS_TORCHVISION = HAS_TORCH and importlib.util.find_spec("torchvision") is not None
# Seeded scripts whose stdout must equal real PyTorch's byte for byte.
DETERMINISTIC = ["tensor_demo.py", "autograd_demo.py", "train_linear.py"]


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def _numtorch(*args, cwd=ROOT):
    cmd = [sys.executable, "-m", "numtorch", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=_env(), timeout=300)


def _python(*args, cwd=ROOT):
    cmd = [sys.executable, *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=_env(), timeout=300)


def _ok(proc):
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


# ----------------------------------------------------------------- the scripts run


@pytest.mark.parametrize("name", DETERMINISTIC)
def test_script_runs_on_numtorch(name):
    out = _ok(_numtorch("run", SCRIPTS / name))
    assert "tensor(" in out or "Linear(" in out


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed")
@pytest.mark.parametrize("name", DETERMINISTIC)
def test_script_stdout_matches_pytorch(name):
    assert _ok(_numtorch("run", SCRIPTS / name)) == _ok(_python(SCRIPTS / name))


def test_train_linear_converges():
    out = _ok(_numtorch("run", SCRIPTS / "train_linear.py"))
    last = out.splitlines()[-2]  # "weight W bias B"
    w, b = float(last.split()[1]), float(last.split()[3])
    assert abs(w - 3) < 0.05 and abs(b + 1) < 0.05
    assert out.splitlines()[-1] == "True Linear"


def test_vision_script_resolves_torchvision():
    out = _ok(_numtorch("run", SCRIPTS / "vision_demo.py"))
    assert out.splitlines() == [
        "tensor([2., 2., 2., 2.])",
        "torch.Size([3, 7, 7])",
        "True True",
    ]
    if HAS_TORCHVISION:
        assert out == _ok(_python(SCRIPTS / "vision_demo.py"))


# ------------------------------------------------- what the script sees of itself


def test_argv_main_file_and_path0():
    out = _ok(_numtorch("run", "examples/torch_scripts/argv_demo.py", "1", "2.5", "-3"))
    assert out.splitlines() == [
        "argv ['1', '2.5', '-3']",
        "argv0 argv_demo.py",
        "name __main__",
        "file argv_demo.py True",
        "path0 True",
        "tensor tensor(0.5000)",
    ]


def test_argv_reaches_script_and_matches_python(tmp_path):
    script = tmp_path / "show.py"
    script.write_text(
        "import sys, os, torch\n"
        "print(sys.argv, __name__, __file__ == os.path.abspath(sys.argv[0]))\n"
        "print(sys.path[0] == os.path.dirname(os.path.realpath(__file__)))\n"
        "print(torch.tensor([len(sys.argv)]))\n"
    )
    args = ("show.py", "-x", "--y=2", "run")
    out = _ok(_numtorch("run", *args, cwd=tmp_path))
    assert out.splitlines()[0] == "['show.py', '-x', '--y=2', 'run'] __main__ True"
    assert out.splitlines()[1:] == ["True", "tensor([4])"]
    if HAS_TORCH:
        assert out == _ok(_python(*args, cwd=tmp_path))


def test_sibling_module_import(tmp_path):
    # sys.path[0] is the script's folder, so a helper module next to it imports.
    (tmp_path / "helper.py").write_text("import torch\nVALUE = torch.tensor(7)\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "main.py").write_text(
        "import sys, os\nsys.path.insert(0, os.path.dirname(sys.path[0]))\n"
        "from helper import VALUE\nimport torch\nprint(VALUE * 2, type(VALUE) is torch.Tensor)\n"
    )
    assert _ok(_numtorch("run", sub / "main.py", cwd=ROOT)) == "tensor(14) True\n"


def test_run_module_form(tmp_path):
    pkg = tmp_path / "mypkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "train.py").write_text(
        "import sys, torch, torch.nn as nn\n"
        "print(__name__, sys.argv[1:], sys.argv[0].endswith('train.py'))\n"
        "print(nn.Linear(2, 3).weight.shape)\n"
    )
    out = _ok(_numtorch("run", "-m", "mypkg.train", "a", "--b", cwd=tmp_path))
    assert out == "__main__ ['a', '--b'] True\ntorch.Size([3, 2])\n"
    assert _ok(_numtorch("run", "-mmypkg.train", cwd=tmp_path)).startswith("__main__ []")


def test_system_exit_code_passes_through(tmp_path):
    script = tmp_path / "bye.py"
    script.write_text("import sys, torch\nprint(torch.ones(1))\nsys.exit(3)\n")
    proc = _numtorch("run", script)
    assert proc.returncode == 3 and proc.stdout == "tensor([1.])\n"


def test_main_guard_and_pickle_of_main_class(tmp_path):
    script = tmp_path / "guard.py"
    script.write_text(
        textwrap.dedent(
            """
            import io, torch

            class Net(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = torch.nn.Linear(2, 1)

            if __name__ == "__main__":
                buf = io.BytesIO()
                torch.save(Net().state_dict(), buf)
                buf.seek(0)
                print(sorted(torch.load(buf)))
            """
        )
    )
    assert _ok(_numtorch("run", script)) == "['fc.bias', 'fc.weight']\n"


# ------------------------------------------------------------------- errors


def _traceback_files(stderr):
    return [ln.split('"')[1] for ln in stderr.splitlines() if ln.startswith('  File "')]


def test_missing_submodule_names_the_piece():
    proc = _numtorch("run", SCRIPTS / "needs_distributed.py")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines()[-1] == (
        "ModuleNotFoundError: numtorch has no 'torch.distributed' "
        "(needed by `import torch.distributed`)"
    )
    # Only the user's line is shown: no launcher, runpy or hook frames.
    assert _traceback_files(proc.stderr) == [str(SCRIPTS / "needs_distributed.py")]
    assert "    import torch.distributed as dist" in proc.stderr


def test_traceback_starts_at_user_lines():
    proc = _numtorch("run", SCRIPTS / "raises.py")
    assert proc.returncode == 1
    files = _traceback_files(proc.stderr)
    assert files[:2] == [str(SCRIPTS / "raises.py")] * 2
    assert "runpy" not in proc.stderr and "_cli.py" not in proc.stderr
    assert proc.stderr.splitlines()[-1] == (
        "RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"
    )


@pytest.mark.parametrize(
    "line, missing",
    [
        ("import torchaudio", "torchaudio"),
        ("import torchtext.data", "torchtext"),
        ("import torch._dynamo", "torch._dynamo"),
        ("import torch.compat", "torch.compat"),  # numtorch's own parts are not torch.*
        ("import torchvision.io", "torchvision.io"),
    ],
)
def test_missing_imports_are_import_errors(tmp_path, line, missing):
    script = tmp_path / "m.py"
    script.write_text(
        f"try:\n    {line}\nexcept ImportError as e:\n"
        "    print(type(e).__name__, e.name)\n    print(e)\n"
    )
    out = _ok(_numtorch("run", script)).splitlines()
    assert out[0] == f"ModuleNotFoundError {missing}"
    assert out[1].startswith(f"numtorch has no '{missing}'")


def test_non_package_parent_gets_a_hint(tmp_path):
    # torch.cuda is a plain module in numtorch: Python rejects torch.cuda.amp itself.
    script = tmp_path / "amp.py"
    script.write_text("import torch\nfrom torch.cuda.amp import autocast\n")
    proc = _numtorch("run", script)
    assert proc.returncode == 1
    assert "ModuleNotFoundError: No module named 'torch.cuda.amp'" in proc.stderr
    assert proc.stderr.splitlines()[-1] == "numtorch has no 'torch.cuda.amp'"


def test_from_import_of_missing_submodule_gets_a_hint(tmp_path):
    # ``from torch import distributed`` is looked up as numtorch.distributed by Python's
    # from-import machinery (no hook involved): the plain ImportError gets a note.
    script = tmp_path / "fr.py"
    script.write_text("from torch import distributed\n")
    proc = _numtorch("run", script)
    assert proc.returncode == 1
    assert "ImportError: cannot import name 'distributed' from 'numtorch'" in proc.stderr
    assert proc.stderr.splitlines()[-1] == "numtorch has no 'torch.distributed'"


# ---------------------------------------------------------------- the command


def test_version_and_help():
    assert _ok(_numtorch("--version")) == f"numtorch {numtorch.__version__}\n"
    out = _ok(_numtorch("--help"))
    assert out.startswith("usage: numtorch") and "run script.py" in out
    assert _ok(_numtorch("run", "--help")).startswith("usage: numtorch")


@pytest.mark.parametrize(
    "args, msg",
    [
        ((), "usage: numtorch"),
        (("frobnicate",), "unknown command 'frobnicate'"),
        (("run",), "usage: numtorch"),
        (("run", "-m"), "-m needs a module name"),
        (("run", "--bogus"), "unknown option '--bogus'"),
        (("run", "no_such_file.py"), "No such file or directory"),
    ],
)
def test_usage_errors(args, msg):
    proc = _numtorch(*args)
    assert proc.returncode == 2
    assert msg in proc.stdout + proc.stderr


def test_main_function_is_the_entry_point():
    from numtorch.__main__ import main

    assert callable(main)


# ------------------------------------------------------ compat in a live interpreter


def test_install_aliases_the_same_module_objects():
    code = textwrap.dedent(
        """
        import sys, numtorch, numtorch.compat as c
        c.install(); c.install()  # idempotent
        import torch, torch.nn as nn, torch.nn.functional as F, torch.optim as optim
        import torch.optim.lr_scheduler, torch.utils.data, torch.autograd, torch.linalg
        import torch.cuda, torch.random, torchvision, torchvision.transforms
        from torch.utils.data import DataLoader
        print(torch is numtorch, nn is numtorch.nn, F is numtorch.nn.functional)
        print(optim is numtorch.optim, torch.linalg is numtorch.linalg)
        print(torchvision is numtorch.vision, DataLoader is numtorch.utils.data.DataLoader)
        print(torchvision.transforms is numtorch.vision.transforms)
        print(sys.modules["torch.nn.modules.linear"] is numtorch.nn.modules.linear)
        print(isinstance(numtorch.nn.Linear(1, 1), nn.Module), nn.__name__, nn.__spec__.name)
        print(c.is_installed())
        c.uninstall()
        print(c.is_installed(), [m for m in sys.modules if m.split(".")[0] == "torch"])
        import importlib.util
        print(importlib.util.find_spec("torch") is None or "numtorch" not in str(
            importlib.util.find_spec("torch").origin))
        """
    )
    out = _ok(_python("-c", code)).splitlines()
    assert out == [
        "True True True",
        "True True",
        "True True",
        "True",
        "True",
        "True numtorch.nn numtorch.nn",
        "True",
        "False []",
        "True",
    ]


def test_install_refuses_after_real_torch(monkeypatch):
    # A torch module that is not numtorch is already loaded: the hook must not mix them.
    monkeypatch.setitem(sys.modules, "torch", types.ModuleType("torch"))
    with pytest.raises(RuntimeError, match="real PyTorch is already imported"):
        compat.install()
    assert not compat.is_installed()


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed")
def test_install_refuses_after_real_torch_subprocess():
    code = "import torch, numtorch.compat as c\ntry:\n    c.install()\nexcept RuntimeError as e:\n"
    code += "    print('refused', 'restart' in str(e))\nprint(c.is_installed())\n"
    assert _ok(_python("-c", code)) == "refused True\nFalse\n"


@pytest.mark.parametrize(
    "name, target",
    [
        ("torch", "numtorch"),
        ("torch.nn.functional", "numtorch.nn.functional"),
        ("torch.utils.data", "numtorch.utils.data"),
        ("torchvision", "numtorch.vision"),
        ("torchvision.datasets", "numtorch.vision.datasets"),
        ("torch.vision", None),
        ("torch.compat", None),
        ("torchaudio", None),
        ("numpy", None),
        ("torchx", None),
    ],
)
def test_alias_for(name, target):
    assert compat.alias_for(name) == target


def test_run_directory_with_main(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "util.py").write_text("import torch\nSEVEN = torch.tensor(7.0)\n")
    (app / "__main__.py").write_text(
        "import sys\nfrom util import SEVEN\nprint(sys.argv, __name__, SEVEN.sqrt().round())\n"
    )
    out = _ok(_numtorch("run", "app", "z", cwd=tmp_path))
    assert out == "['app', 'z'] __main__ tensor(3.)\n"


def test_error_inside_an_imported_module_keeps_its_frames(tmp_path):
    (tmp_path / "broken.py").write_text("import torch\nraise ValueError(torch.ones(1))\n")
    script = tmp_path / "uses.py"
    script.write_text("import broken\n")
    proc = _numtorch("run", script)
    assert proc.returncode == 1
    assert _traceback_files(proc.stderr) == [str(script), str(tmp_path / "broken.py")]
    assert proc.stderr.splitlines()[-1] == "ValueError: tensor([1.])"
