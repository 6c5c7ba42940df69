"""Train the learning notes' MNIST classifier (the README's first command).

    python -m numtorch.examples.mnist                      # MLP, CrossEntropy, 3 epochs
    python -m numtorch.examples.mnist --loss mse           # the notes' exact settings (note 001)
    python -m numtorch.examples.mnist --model lenet        # LeNet-5, batch 64
    python -m numtorch.examples.mnist --dataset fashion    # FashionMNIST
    python -m numtorch.examples.mnist --dataset fashion --model quickstart   # note 003, 5 epochs

Each epoch prints the test accuracy and writes ``<out>/checkpoint.pt`` (PyTorch's format: model
and optimizer state_dicts, epoch, history; ``torch.load(..., weights_only=True)`` reads it);
``--resume`` continues from it. With matplotlib installed it also writes ``curves.png`` (loss and
accuracy) and ``predictions.png`` (test digits with predicted labels), as the notes'
plot_curve/plot_image do. tqdm, when installed, draws the progress bar.

The training functions take the torch-like module as ``lib`` so that bench/ can run the very same
loop under real PyTorch; numtorch itself never imports torch.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numtorch

MEAN_STD = {"mnist": ((0.1307,), (0.3081,)), "fashion": ((0.2860,), (0.3530,))}
CLASSES = {
    "mnist": [str(i) for i in range(10)],
    "fashion": ["T-shirt", "Trouser", "Pullover", "Dress", "Coat"]
    + ["Sandal", "Shirt", "Sneaker", "Bag", "Boot"],
}
CHECKPOINT = "checkpoint.pt"
# Per-model defaults. "quickstart" is note 003's FashionMNIST network and recipe: plain SGD at
# lr 1e-3, batch 64, 5 epochs, ToTensor only (no Normalize) and no shuffling, as printed there.
_RECIPE = dict(lr=0.01, momentum=0.9, epochs=3, normalize=True, shuffle=True)
DEFAULTS = {
    "mlp": dict(_RECIPE, batch_size=512),
    "lenet": dict(_RECIPE, batch_size=64),
    "quickstart": dict(
        batch_size=64, lr=1e-3, momentum=0.0, epochs=5, normalize=False, shuffle=False
    ),
}


def default_data_root() -> tuple[str, bool]:
    """``(root, download)``: $NUMTORCH_DATA, else ``<repo>/../shared/data``, else a cache folder."""
    env = os.environ.get("NUMTORCH_DATA")
    if env:
        return env, False
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    shared = os.path.join(os.path.dirname(repo), "shared", "data")
    if os.path.isdir(shared):
        return shared, False
    return os.path.join(os.path.expanduser("~"), ".cache", "numtorch", "data"), True


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=None, help="dataset root (default: $NUMTORCH_DATA, ...)")
    p.add_argument("--dataset", choices=["mnist", "fashion"], default="mnist")
    p.add_argument("--model", choices=list(DEFAULTS), default="mlp")
    p.add_argument("--epochs", type=int, default=None, help="default: 3 (quickstart: 5)")
    p.add_argument("--batch-size", type=int, default=None, help="default: 512 mlp, 64 others")
    p.add_argument("--lr", type=float, default=None, help="default: 0.01 (quickstart: 1e-3)")
    p.add_argument("--momentum", type=float, default=None, help="default: 0.9 (quickstart: 0)")
    p.add_argument("--loss", choices=["mse", "ce"], default="ce", help="mse: note 001's one-hot")
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=os.path.join("runs", "mnist"))
    p.add_argument("--resume", action="store_true", help="continue from <out>/checkpoint.pt")
    p.add_argument("--no-plots", action="store_true")
    p.add_argument("--limit", type=int, default=None, help="use the first N training samples")
    args = p.parse_args(argv)
    for name, value in DEFAULTS[args.model].items():
        if getattr(args, name, None) is None:
            setattr(args, name, value)
    return args


# ---------------------------------------------------------------------------------------- model
def build_model(lib, name: str):
    """The notes' MLP (784-256-64-10, ReLU), LeNet-5 or note 003's quickstart network."""
    nn = lib.nn
    if name == "quickstart":
        return nn.Sequential(
            nn.Flatten(),
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )
    if name == "mlp":
        return nn.Sequential(
            nn.Flatten(),
            nn.Linear(28 * 28, 256),
            nn.ReLU(),
            nn.Linear(256, 64),
            nn.ReLU(),
            nn.Linear(64, 10),
        )
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120),
        nn.ReLU(),
        nn.Linear(120, 84),
        nn.ReLU(),
        nn.Linear(84, 10),
    )


def compute_loss(lib, name: str, out, y):
    """CrossEntropy, or note 001's MSE between the logits and the one-hot targets."""
    F = lib.nn.functional
    if name == "mse":
        return F.mse_loss(out, F.one_hot(y, 10).to(out.dtype))
    return F.cross_entropy(out, y)


# ----------------------------------------------------------------------------------------- data
def make_datasets(args):
    """The train/test datasets with ToTensor (+ Normalize), as the notes build them."""
    from numtorch.utils.data import Subset
    from numtorch.vision import datasets, transforms

    root, download = (args.data, False) if args.data else default_data_root()
    mean, std = _mean_std(args)
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean, std)])
    if not args.normalize:
        tf = transforms.ToTensor()
    cls = datasets.MNIST if args.dataset == "mnist" else datasets.FashionMNIST
    train = cls(root, train=True, transform=tf, download=download)
    test = cls(root, train=False, transform=tf, download=download)
    if args.limit is not None:
        train = Subset(train, range(min(args.limit, len(train))))
    return train, test


def _mean_std(args):
    return MEAN_STD[args.dataset] if args.normalize else ((0.0,), (1.0,))


def make_loaders(lib, train, test, batch_size: int, shuffle: bool = True):
    DataLoader = lib.utils.data.DataLoader
    return (
        DataLoader(train, batch_size=batch_size, shuffle=shuffle),
        DataLoader(test, batch_size=batch_size, shuffle=False),
    )


# ------------------------------------------------------------------------------------- training
class _Progress:
    """tqdm when installed, else a plain line every ~10% of the epoch."""

    def __init__(self, total: int, desc: str, quiet: bool = False):
        self.total, self.desc, self.quiet, self.n = total, desc, quiet, 0
        self.bar = None
        if not quiet:
            try:
                from tqdm import tqdm

                self.bar = tqdm(total=total, desc=desc, unit="batch", leave=True)
            except ImportError:
                pass

    def update(self, loss: float, rate: float):
        self.n += 1
        if self.bar is not None:
            self.bar.set_postfix(loss=f"{loss:.4f}", samples_s=f"{rate:,.0f}", refresh=False)
            self.bar.update(1)
        elif not self.quiet and (self.n % max(1, self.total // 10) == 0 or self.n == self.total):
            print(f"{self.desc} {self.n}/{self.total} loss {loss:.4f} {rate:,.0f} samples/s")

    def close(self):
        if self.bar is not None:
            self.bar.close()


def train_epoch(lib, model, optimizer, loader, loss_name, device, desc="train", quiet=False):
    """One pass over ``loader``; returns (per-batch losses, seconds, samples/s)."""
    model.train()
    losses, seen, start = [], 0, time.perf_counter()
    progress = _Progress(len(loader), desc, quiet)
    running = None
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        loss = compute_loss(lib, loss_name, model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        value = loss.item()
        losses.append(value)
        # exponential running average: steadier to read than the last batch
        running = value if running is None else 0.9 * running + 0.1 * value
        seen += x.shape[0]
        progress.update(running, seen / max(time.perf_counter() - start, 1e-9))
    progress.close()
    seconds = time.perf_counter() - start
    return losses, seconds, seen / seconds


def evaluate(lib, model, loader, device) -> float:
    """Test accuracy in [0, 1]."""
    model.eval()
    correct = total = 0
    with lib.no_grad():
        for x, y in loader:
            pred = model(x.to(device)).argmax(dim=1)
            correct += pred.eq(y.to(device)).sum().item()
            total += y.shape[0]
    return correct / total


# ------------------------------------------------------------------------------------------ run
def _load_checkpoint(path, model, optimizer, device):
    ckpt = numtorch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    if "rng_state" in ckpt:  # the shuffle order continues as if never interrupted
        numtorch.set_rng_state(ckpt["rng_state"])
    return ckpt["epoch"], ckpt["history"]


def _device(name: str):
    if name.startswith("cuda") and not numtorch.cuda.is_available():
        sys.exit("error: --device cuda requested but numtorch.cuda.is_available() is False")
    return numtorch.device(name)


def run(args) -> dict:
    """Train as ``args`` says; returns the history dict (also stored in the checkpoint)."""
    device = _device(args.device)
    numtorch.manual_seed(args.seed)
    train, test = make_datasets(args)
    train_loader, test_loader = make_loaders(numtorch, train, test, args.batch_size, args.shuffle)
    model = build_model(numtorch, args.model).to(device)
    optimizer = numtorch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
    history = {"train_loss": [], "epoch_loss": [], "test_acc": [], "epoch_time": []}
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, CHECKPOINT)
    start = 0
    if args.resume:
        if not os.path.exists(ckpt_path):
            sys.exit(f"error: --resume but no checkpoint at {ckpt_path}")
        start, history = _load_checkpoint(ckpt_path, model, optimizer, device)
        print(f"resumed from {ckpt_path} after epoch {start}")
    print(
        f"{args.dataset} {args.model} loss={args.loss} batch={args.batch_size} lr={args.lr} "
        f"momentum={args.momentum} train={len(train)} test={len(test)} device={device}"
    )
    for epoch in range(start + 1, args.epochs + 1):
        losses, seconds, rate = train_epoch(
            numtorch, model, optimizer, train_loader, args.loss, device, f"epoch {epoch}"
        )
        acc = evaluate(numtorch, model, test_loader, device)
        history["train_loss"] += losses
        history["epoch_loss"].append(sum(losses) / len(losses))
        history["test_acc"].append(acc)
        history["epoch_time"].append(seconds)
        print(
            f"epoch {epoch}: loss {history['epoch_loss'][-1]:.4f}  test acc {acc * 100:.2f}%  "
            f"{seconds:.1f}s ({rate:,.0f} samples/s)"
        )
        state = {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "epoch": epoch,
            "history": history,
            "rng_state": numtorch.get_rng_state(),
        }
        numtorch.save(state, ckpt_path)
    print(f"checkpoint: {ckpt_path}")
    if not args.no_plots:
        _plot(args, model, test, history, device)
    return history


def _plot(args, model, test, history, device):
    try:
        from . import _plots
    except ImportError as exc:  # matplotlib is optional
        print(f"plots skipped: {exc}")
        return
    curves = os.path.join(args.out, "curves.png")
    _plots.plot_curves(history, curves)
    x, _ = next(iter(numtorch.utils.data.DataLoader(test, batch_size=32)))
    model.eval()
    with numtorch.no_grad():
        pred = model(x.to(device)).argmax(dim=1).cpu()
    preds = os.path.join(args.out, "predictions.png")
    mean, std = _mean_std(args)
    _plots.plot_predictions(x * std[0] + mean[0], pred, CLASSES[args.dataset], preds)
    print(f"plots: {curves} {preds}")


def main(argv=None):
    run(parse_args(argv))


if __name__ == "__main__":
    main()
