"""Spoilers: the three loss curves of the story on one slide (`make plot`).

The forum's script without the poster's line, with it, and the reference
answer, each trained 30 epochs on the same seeded data. Written to
docs/loss_curves.png.
"""

import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # a file, not a window: works on a server or in CI
import matplotlib.pyplot as plt
import numpy as np
import torch

from solutions import regression
from solutions.explain import SEED, forum_module, seeded

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "loss_curves.png"


def reference_losses() -> list[float]:
    torch.manual_seed(SEED)
    x, y = regression.make_data(seed=SEED)
    return regression.train(regression.Net(), x, y)


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the broadcasting warning is the point of the first curve
        curves = {
            "the forum's script, default init: stuck at the variance of y": forum_module(False),
            "with the poster's 1-D weight line: converges, by accident": forum_module(True),
        }
        curves = {label: module.train(*seeded(module)) for label, module in curves.items()}
    curves["the reference answer: squeeze(-1), default init"] = reference_losses()

    fig, ax = plt.subplots(figsize=(9, 5), dpi=120)
    for (label, losses), style in zip(curves.items(), ["-", "--", "-"], strict=True):
        ax.plot(np.arange(1, len(losses) + 1), losses, style, linewidth=2.2, label=label, marker="o", markersize=3)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean training loss (MSE), log scale")
    ax.set_title("y = 5·x1 + 3·x2 + noise, RMSprop, lr 0.01, batch 100 (seed 0)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="center right", fontsize=9)
    fig.tight_layout()
    OUTPUT.parent.mkdir(exist_ok=True)
    fig.savefig(OUTPUT)
    print(f"wrote {OUTPUT.relative_to(OUTPUT.parents[1])}")


if __name__ == "__main__":
    main()
