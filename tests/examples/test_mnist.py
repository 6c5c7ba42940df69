"""The README's main job: ``python -m numtorch.examples.mnist`` on a slice of real MNIST."""

from __future__ import annotations

import importlib.util
import os
import sys

import pytest

import numtorch
from numtorch.examples import mnist

from ..conftest import HAS_TORCH

ROOT, _ = mnist.default_data_root()
HAS_DATA = os.path.exists(os.path.join(ROOT, "MNIST", "raw", "train-images-idx3-ubyte.gz"))
HAS_MPL = importlib.util.find_spec("matplotlib") is not None

pytestmark = pytest.mark.skipif(not HAS_DATA, reason=f"MNIST files not found under {ROOT}")


def _argv(out, *extra):
    return ["--data", ROOT, "--out", str(out), "--limit", "2048", "--batch-size", "256", *extra]


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("mnist")
    history = mnist.run(mnist.parse_args(_argv(out, "--epochs", "1", "--lr", "0.1")))
    return out, history


def test_history_and_accuracy(first_run):
    _, history = first_run
    assert len(history["train_loss"]) == 8  # 2048 / 256 batches
    assert len(history["test_acc"]) == 1
    # 2048 samples, one epoch, CE at lr 0.1: well above chance on the full 10000-image test set
    assert history["test_acc"][0] > 0.5
    assert history["train_loss"][-1] < history["train_loss"][0]


def test_checkpoint_loads(first_run):
    out, history = first_run
    ckpt = numtorch.load(out / mnist.CHECKPOINT, weights_only=True)
    assert ckpt["epoch"] == 1
    assert ckpt["history"]["test_acc"] == history["test_acc"]
    model = mnist.build_model(numtorch, "mlp")
    model.load_state_dict(ckpt["model"])
    assert ckpt["model"]["1.weight"].shape == (256, 784)
    assert ckpt["optimizer"]["param_groups"][0]["momentum"] == 0.9
    assert ckpt["optimizer"]["param_groups"][0]["lr"] == 0.1
    assert len(ckpt["optimizer"]["state"]) == 6  # momentum buffers for all parameters


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed")
def test_checkpoint_loads_in_torch(first_run):
    import torch

    out, history = first_run
    ckpt = torch.load(out / mnist.CHECKPOINT, weights_only=True)
    assert ckpt["epoch"] == 1
    # the same network in real PyTorch accepts the weights and gives the same accuracy
    model = mnist.build_model(torch, "mlp")
    model.load_state_dict(ckpt["model"])
    _, test = mnist.make_datasets(mnist.parse_args(["--data", ROOT]))
    x, y = next(iter(numtorch.utils.data.DataLoader(test, batch_size=1000)))
    with torch.no_grad():
        theirs = model(torch.from_numpy(x.numpy())).argmax(1).numpy()
    ours = mnist.build_model(numtorch, "mlp")
    ours.load_state_dict(numtorch.load(out / mnist.CHECKPOINT)["model"])
    with numtorch.no_grad():
        mine = ours(x).argmax(1).numpy()
    assert (theirs == mine).mean() > 0.99
    assert ckpt["optimizer"]["param_groups"][0]["lr"] == 0.1
    assert isinstance(ckpt["model"]["1.weight"], torch.Tensor)


@pytest.mark.skipif(not HAS_MPL, reason="matplotlib is not installed")
def test_plots_written(first_run):
    out, _ = first_run
    for name in ("curves.png", "predictions.png"):
        with open(out / name, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_resume_continues(tmp_path):
    args = _argv(tmp_path, "--no-plots", "--loss", "mse")
    mnist.run(mnist.parse_args([*args, "--epochs", "1"]))
    history = mnist.run(mnist.parse_args([*args, "--epochs", "2", "--resume"]))
    assert len(history["test_acc"]) == 2
    assert len(history["train_loss"]) == 16
    assert numtorch.load(tmp_path / mnist.CHECKPOINT)["epoch"] == 2
    # resuming gives exactly the run that was never interrupted (weights, momentum, shuffle)
    straight = tmp_path / "straight"
    full = mnist.run(
        mnist.parse_args([*_argv(straight, "--no-plots", "--loss", "mse"), "--epochs", "2"])
    )
    assert full["train_loss"] == history["train_loss"]
    assert full["test_acc"] == history["test_acc"]


def test_resume_without_checkpoint_exits(tmp_path):
    with pytest.raises(SystemExit, match="no checkpoint"):
        mnist.run(mnist.parse_args([*_argv(tmp_path, "--no-plots"), "--resume"]))


def test_defaults_follow_the_notes():
    args = mnist.parse_args([])
    assert (args.batch_size, args.lr, args.momentum, args.epochs) == (512, 0.01, 0.9, 3)
    assert mnist.parse_args(["--model", "lenet"]).batch_size == 64
    sizes = [p.shape for p in mnist.build_model(numtorch, "mlp").parameters()]
    assert sizes == [(256, 784), (256,), (64, 256), (64,), (10, 64), (10,)]


def test_plain_progress_without_tqdm(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    progress = mnist._Progress(20, "epoch 1")
    for _ in range(20):
        progress.update(0.5, 1000.0)
    progress.close()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10
    assert lines[-1] == "epoch 1 20/20 loss 0.5000 1,000 samples/s"


def test_plots_skipped_without_matplotlib(monkeypatch, capsys, tmp_path):
    import numtorch.examples

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.delitem(sys.modules, "numtorch.examples._plots", raising=False)
    monkeypatch.delattr(numtorch.examples, "_plots", raising=False)
    mnist.run(mnist.parse_args([*_argv(tmp_path), "--limit", "512", "--epochs", "1"]))
    assert "plots skipped" in capsys.readouterr().out
    assert not (tmp_path / "curves.png").exists()
    assert (tmp_path / mnist.CHECKPOINT).exists()


def test_quickstart_recipe_is_note_003s():
    args = mnist.parse_args(["--dataset", "fashion", "--model", "quickstart"])
    assert (args.batch_size, args.lr, args.momentum, args.epochs) == (64, 1e-3, 0.0, 5)
    assert (args.normalize, args.shuffle) == (False, False)
    sizes = [p.shape for p in mnist.build_model(numtorch, "quickstart").parameters()]
    assert sizes == [(512, 784), (512,), (512, 512), (512,), (10, 512), (10,)]
    # an explicit flag still wins over the recipe
    assert mnist.parse_args(["--model", "quickstart", "--lr", "0.5"]).lr == 0.5


HAS_FASHION = os.path.exists(os.path.join(ROOT, "FashionMNIST", "raw"))


@pytest.mark.skipif(not (HAS_TORCH and HAS_FASHION), reason="needs torch and FashionMNIST")
def test_quickstart_losses_match_torch():
    """Note 003's loop on the first 640 FashionMNIST images: numtorch's per-batch losses are
    torch's (same seeded initialisation, same unshuffled batches, plain SGD)."""
    import torch

    args = mnist.parse_args(["--data", ROOT, "--dataset", "fashion", "--model", "quickstart"])
    args.limit = 640
    train, _ = mnist.make_datasets(args)
    ours, _ = mnist.make_loaders(numtorch, train, train, 64, shuffle=False)
    x, y = next(iter(numtorch.utils.data.DataLoader(train, batch_size=640)))
    theirs = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(x.numpy()), torch.from_numpy(y.numpy())),
        batch_size=64,
    )
    losses = {}
    for lib, loader in ((numtorch, ours), (torch, theirs)):
        lib.manual_seed(0)
        model = mnist.build_model(lib, "quickstart")
        opt = lib.optim.SGD(model.parameters(), lr=args.lr)
        losses[lib] = mnist.train_epoch(lib, model, opt, loader, "ce", "cpu", quiet=True)[0]
    assert len(losses[numtorch]) == 10
    assert losses[numtorch] == pytest.approx(losses[torch], rel=1e-5)
