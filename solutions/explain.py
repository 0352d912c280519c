"""Spoilers: the forum's mystery, shown with real numbers (`make explain`).

Every number below is computed by this script from the forum's own code
(solutions/steps/step_1.py: the script with its loop fixed and nothing else),
with and without the poster's weight line. solutions/EXPLANATION.md quotes
this output; `make explanation` regenerates the quote.
"""

import contextlib
import io
import sys
import types
import warnings
from pathlib import Path

import numpy as np
import torch

FORUM = Path(__file__).parent / "steps" / "step_1.py"
EXPLANATION = Path(__file__).parent / "EXPLANATION.md"
QUOTE_START, QUOTE_END = "<!-- make explain: start -->\n```\n", "```\n<!-- make explain: end -->"
POSTERS_LINE = "        self.layer1.weight = torch.nn.Parameter(torch.Tensor([2, 3]))\n"
SEED = 0


def forum_module(with_posters_line: bool) -> types.ModuleType:
    source = FORUM.read_text()
    assert POSTERS_LINE in source
    if not with_posters_line:
        source = source.replace(POSTERS_LINE, "")
    module = types.ModuleType(f"forum_{'with' if with_posters_line else 'without'}_posters_line")
    exec(compile(source, str(FORUM), "exec"), module.__dict__)
    return module


def seeded(module):
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    x, y = module.make_data()
    return module.Net(2, 1), x, y


def main() -> None:
    without, posters = forum_module(False), forum_module(True)

    print("1. What reaches MSELoss: the forum's script, one batch of 100")
    for name, module in [("without the poster's line", without), ("with the poster's line", posters)]:
        net, x, y = seeded(module)
        print(f"   {name + ':':<27} predictions {tuple(net(x[:100]).shape)!s:<9} targets {tuple(y[:100].shape)}")

    print("\n2. What MSELoss does with (100, 1) against (100,)")
    net, x, y = seeded(without)
    with torch.no_grad():
        pred, target = net(x[:100]), y[:100]
        grid = pred - target
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loss = torch.nn.MSELoss()(pred, target).item()
    print(f"   pred - target broadcasts to {tuple(grid.shape)}: every prediction against every target")
    print(f"   PyTorch only warns: {str(caught[0].message)[:78]}...")
    spread = ((pred.squeeze(1) - target.mean()) ** 2).mean().item()
    variance = target.var(unbiased=False).item()
    print(f"   the loss, the mean of that grid: {loss:10.4g}")
    print(f"   = mean of (pred_i - mean of y)^2 {spread:10.4g}")
    print(f"   + the variance of y              {variance:10.4g}   (which no weights can change)")

    print("\n3. What the model learns from that loss: 30 epochs from PyTorch's default init")
    net, x, y = seeded(without)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        losses = without.train(net, x, y)
    weights = net.layer1.weight.detach().squeeze(0).tolist()
    with torch.no_grad():
        pred = net(x).squeeze(1)
    print(f"   weights {[round(w, 3) for w in weights]}: near 0, not [5, 3]")
    print(f"   predictions: mean {pred.mean():.3g}, spread (std) {pred.std():.3g}")
    print(f"   targets:     mean {y.mean():.3g}, spread (std) {y.std():.3g}: it only learned where y sits")
    print(f"   final epoch loss {losses[-1]:.4g}, variance of y {y.var(unbiased=False):.4g}: it cannot go lower")

    print("\n4. Why the poster's 1-D weight changes the shape, and so 'fixes' it")
    x100 = x[:100]
    for shape in [(1, 2), (2,)]:
        out = torch.nn.functional.linear(x100, torch.zeros(shape))
        print(f"   F.linear(x of shape (100, 2), weight of shape {shape!s:<6}) -> {tuple(out.shape)}")
    net, x, y = seeded(posters)
    losses = posters.train(net, x, y)
    weights = [round(w, 3) for w in net.layer1.weight.detach().tolist()]
    print(f"   with the poster's line, 30 epochs: weights {weights}, final loss {losses[-1]:.3g}")


def output() -> str:
    with contextlib.redirect_stdout(io.StringIO()) as captured:
        main()
    return captured.getvalue()


def quoted_output() -> str:
    """What EXPLANATION.md quotes now, between its markers."""
    text = EXPLANATION.read_text()
    return text.split(QUOTE_START)[1].split(QUOTE_END)[0]


def write_quote() -> None:
    before, rest = EXPLANATION.read_text().split(QUOTE_START)
    after = rest.split(QUOTE_END)[1]
    EXPLANATION.write_text(before + QUOTE_START + output() + QUOTE_END + after)


if __name__ == "__main__":
    write_quote() if "--write" in sys.argv else main()
