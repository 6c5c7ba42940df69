"""Every example in docs/ that shows its output prints exactly that output (and, where the page
says the output is PyTorch's, real PyTorch prints it too with ``import torch``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from .conftest import HAS_TORCH

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(REPO, "docs")
# a ```python / ```sh block, then a line "Output...:" and the ```text block it prints
EXAMPLE = re.compile(
    r"```(python|sh)\n((?:(?!```).)*?)```\n(Output[^\n]*:)\n```text\n(.*?)```", re.S
)
OPTIONAL = ("PIL", "matplotlib", "tqdm", "ml_dtypes", "safetensors")


def _examples():
    for name in sorted(os.listdir(DOCS)):
        if not name.endswith(".md") or name == "notes-coverage.md":
            continue
        with open(os.path.join(DOCS, name), encoding="utf-8") as f:
            found = EXAMPLE.findall(f.read())
        for i, (lang, code, label, output) in enumerate(found):
            yield pytest.param(lang, code, label, output, id=f"{name}-{i}")


def _run(lang, code, tmp_path, env):
    if lang == "python":
        script = tmp_path / "example.py"
        script.write_text(code, encoding="utf-8")
        cmd, cwd = [sys.executable, str(script)], tmp_path
    else:
        cmd, cwd = ["bash", "-c", code], REPO
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env, timeout=600)
    missing = re.search(r"No module named '(\w+)", proc.stderr)
    if proc.returncode and missing and missing.group(1) in OPTIONAL:
        pytest.skip(f"needs the optional {missing.group(1)}")
    return proc


@pytest.mark.parametrize("lang, code, label, output", list(_examples()))
def test_doc_example_prints_its_output(lang, code, label, output, tmp_path):
    env = {**os.environ, "PYTHONPATH": REPO + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = _run(lang, code, tmp_path, env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout == output
    if lang == "python" and "PyTorch" in label and HAS_TORCH:
        as_torch = code.replace("numtorch.vision", "torchvision").replace("numtorch", "torch")
        if "torchvision" in as_torch:
            return  # no torchvision beside the reference torch
        torch_proc = _run(lang, as_torch, tmp_path, dict(os.environ))
        assert torch_proc.stdout == output, torch_proc.stderr[-2000:]
