"""matplotlib figures for the MNIST example (the notes' plot_curve / plot_image).

Importing this module raises ImportError when matplotlib is absent; the caller skips plots then.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # files only: no display needed (servers, CI)

from matplotlib import pyplot as plt  # noqa: E402

from ..vision.utils import make_grid  # noqa: E402


def plot_curves(history: dict, path: str) -> None:
    """Per-batch training loss and per-epoch test accuracy, side by side."""
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    ax_loss.plot(range(len(history["train_loss"])), history["train_loss"], color="tab:blue")
    ax_loss.set(xlabel="step", ylabel="train loss", title="training loss")
    epochs = range(1, len(history["test_acc"]) + 1)
    ax_acc.plot(epochs, [a * 100 for a in history["test_acc"]], "o-", color="tab:green")
    ax_acc.set(xlabel="epoch", ylabel="test accuracy (%)", title="test accuracy")
    ax_acc.set_xticks(list(epochs))
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_predictions(images, pred, classes, path: str, nrow: int = 8) -> None:
    """A make_grid of ``images`` (N, 1, 28, 28 in [0, 1]), each predicted label in its corner."""
    pad = 2
    grid = make_grid(images.clamp(0, 1), nrow=nrow, padding=pad, pad_value=1.0)
    cell_h, cell_w = images.shape[2] + pad, images.shape[3] + pad
    fig, ax = plt.subplots(figsize=(nrow * 1.1, (len(images) + nrow - 1) // nrow * 1.25))
    ax.imshow(grid.permute(1, 2, 0).numpy(), interpolation="none")
    for i, label in enumerate(pred.tolist()):
        row, col = divmod(i, nrow)
        ax.text(  # inside the cell's top-left corner, so no label covers another digit
            col * cell_w + pad + 1,
            row * cell_h + pad + 1,
            classes[label],
            ha="left",
            va="top",
            fontsize=9,
            color="white",
            bbox={"facecolor": "tab:red", "pad": 1, "linewidth": 0},
        )
    ax.set_title("test digits: predicted labels", pad=14)
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
