"""vision.models: torchvision's parameter names and counts; outputs equal torch's on the same
weights (the same architecture source run on torch.nn); weights load from the local cache."""

import inspect

import numpy as np
import pytest

import numtorch

nn = pytest.importorskip("numtorch.nn")
if not hasattr(nn, "Conv2d"):
    pytest.skip("numtorch.nn.Conv2d is not available", allow_module_level=True)

from numtorch.vision import models  # noqa: E402
from numtorch.vision.models import mobilenetv2 as mobilenet_module  # noqa: E402
from numtorch.vision.models import resnet as resnet_module  # noqa: E402

from ..conftest import assert_same, to_torch  # noqa: E402


def test_parameter_counts_and_names():
    m18 = models.resnet18()
    assert sum(p.numel() for p in m18.parameters()) == 11689512  # torchvision's figure
    sd = m18.state_dict()
    assert len(sd) == 122 and list(sd)[:3] == ["conv1.weight", "bn1.weight", "bn1.bias"]
    assert "layer2.0.downsample.0.weight" in sd and tuple(sd["fc.weight"].shape) == (1000, 512)
    assert sum(p.numel() for p in models.resnet50().parameters()) == 25557032
    assert models.resnet34(num_classes=10).fc.out_features == 10


def _torch_resnet(torch_ref, module=resnet_module):
    """The same module source, executed with torch.nn in place of numtorch.nn."""
    src = inspect.getsource(module)
    src = src.replace("import numtorch\nfrom numtorch import nn\n", "import torch as numtorch\n")
    src = src.replace("from ._weights import", "from numtorch.vision.models._weights import")
    namespace = {"nn": torch_ref.nn, "__name__": "torch_resnet"}
    exec(compile(src, "torch_resnet", "exec"), namespace)
    return namespace


def test_resnet18_forward_matches_torch(torch_ref):
    numtorch.manual_seed(0)
    ours = models.resnet18(num_classes=7).eval()
    ns = _torch_resnet(torch_ref)
    theirs = ns["ResNet"](ns["BasicBlock"], [2, 2, 2, 2], num_classes=7).eval()
    theirs.load_state_dict({k: to_torch(v) for k, v in ours.state_dict().items()})
    x = numtorch.randn(2, 3, 48, 48)
    with numtorch.no_grad():
        out = ours(x)
    assert_same(out, theirs(to_torch(x)).detach(), rtol=1e-4, atol=1e-4)


def test_weights_from_local_cache(tmp_path, monkeypatch, torch_ref):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    with pytest.raises(RuntimeError, match="not available offline"):
        models.resnet18(weights="IMAGENET1K_V1")
    numtorch.manual_seed(1)
    source = models.resnet18()
    folder = tmp_path / "hub" / "checkpoints"
    folder.mkdir(parents=True)
    state = {k: to_torch(v) for k, v in source.state_dict().items()}
    torch_ref.save(state, folder / "resnet18-f37072fd.pth")  # a file as torchvision caches it
    with pytest.warns(UserWarning, match="'pretrained' is deprecated"):
        loaded = models.resnet18(pretrained=True)
    np.testing.assert_array_equal(loaded.fc.weight.detach()._data, source.fc.weight.detach()._data)
    weights = models.ResNet18_Weights
    assert weights.verify("DEFAULT") is weights.verify("ResNet18_Weights.IMAGENET1K_V1")
    with pytest.raises(ValueError, match="Invalid value 'nope' for ResNet18_Weights"):
        models.resnet18(weights="nope")


def test_mobilenet_v2_matches_torch(torch_ref):
    numtorch.manual_seed(0)
    ours = models.mobilenet_v2(num_classes=5).eval()
    assert sum(p.numel() for p in models.mobilenet_v2().parameters()) == 3504872
    assert len(ours.state_dict()) == 314 and "features.1.conv.0.0.weight" in ours.state_dict()
    ns = _torch_resnet(torch_ref, mobilenet_module)
    theirs = ns["MobileNetV2"](num_classes=5).eval()
    theirs.load_state_dict({k: to_torch(v) for k, v in ours.state_dict().items()})
    x = numtorch.randn(2, 3, 40, 40)
    with numtorch.no_grad():
        out = ours(x)
    assert_same(out, theirs(to_torch(x)).detach(), rtol=1e-4, atol=1e-4)


def test_vgg_features_and_alexnet():
    from numtorch.vision.models import vgg

    count = sum(p.numel() for p in vgg.make_layers(vgg.cfgs["A"]).parameters())
    assert count == 9220480  # vgg11's convolutions (+ classifier 123642856 = 132863336)
    assert sum(p.numel() for p in vgg.make_layers(vgg.cfgs["D"]).parameters()) == 14714688
    bn = vgg.make_layers(vgg.cfgs["A"], batch_norm=True).state_dict()
    assert list(bn)[:6] == [
        "0.weight",
        "0.bias",
        "1.weight",
        "1.bias",
        "1.running_mean",
        "1.running_var",
    ]
    net = models.alexnet(num_classes=3).eval()
    assert sum(p.numel() for p in net.parameters()) == 61100840 - 997 * 4097
    assert list(net.state_dict())[-2:] == ["classifier.6.weight", "classifier.6.bias"]
    assert net(numtorch.randn(1, 3, 63, 63)).shape == (1, 3)
