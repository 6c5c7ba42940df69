"""Messages name modules as torch users know them (torch.nn, torchvision), not numtorch.*."""

from __future__ import annotations

import pytest

import numtorch
import numtorch.vision

CASES = [
    (numtorch, "sigmod", "torch"),
    (numtorch.nn, "MaxPoo12d", "torch.nn"),
    (numtorch.nn.functional, "avg_poo12d", "torch.nn.functional"),
    (numtorch.optim, "Adamm", "torch.optim"),
    (numtorch.linalg, "nrom", "torch.linalg"),
    (numtorch.vision, "transfroms", "torchvision"),
    (numtorch.vision.transforms, "ToTensr", "torchvision.transforms"),
]


@pytest.mark.parametrize("module, name, public", CASES)
def test_missing_attribute_names_the_torch_module(module, name, public):
    with pytest.raises(AttributeError) as info:
        getattr(module, name)
    assert str(info.value) == f"module '{public}' has no attribute '{name}'"
    assert not hasattr(module, name)


def test_submodules_still_import():
    from numtorch.nn import functional  # noqa: F401
    from numtorch.utils import data  # noqa: F401

    with pytest.raises(ImportError):
        from numtorch import no_such_thing  # noqa: F401
