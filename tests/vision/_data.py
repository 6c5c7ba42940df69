"""Where the real MNIST/FashionMNIST files are: $NUMTORCH_DATA or <repo>/../shared/data."""

import os

import pytest

_REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA_ROOT = os.environ.get("NUMTORCH_DATA", os.path.join(_REPO, "..", "shared", "data"))


def data_root(name: str) -> str:
    """The root holding ``name/raw``; skips the test when the files are absent."""
    if not os.path.isdir(os.path.join(DATA_ROOT, name, "raw")):
        pytest.skip(f"{name} files not found under {DATA_ROOT} (set NUMTORCH_DATA)")
    return DATA_ROOT
