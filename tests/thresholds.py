"""`make thresholds`: the distributions the step tests' thresholds were derived from.

Trains the reference answer over many seeds with the forum's settings and
prints min, median and max of every quantity a threshold bounds. The
thresholds and the distributions they came from are written next to each
other in the step test files; rerun this after changing the reference, the
data or the torch pin, and compare.

    python -m tests.thresholds [--seeds 40]
"""

import argparse
import statistics

import torch

from solutions import regression
from tests.harness.checks import TRUE_WEIGHTS, full_data_mse, learned_weights, least_squares_mse


def weight_error(net) -> float:
    return max(abs(w - t) for w, t in zip(learned_weights(net), TRUE_WEIGHTS, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=40)
    args = parser.parse_args()
    measured: dict[str, list[float]] = {}

    def record(name: str, value: float) -> None:
        measured.setdefault(name, []).append(value)

    for seed in range(args.seeds):
        x, y = regression.make_data(seed=seed)
        optimum = least_squares_mse(x, y)
        for column, spread in enumerate(x.double().std(dim=0).tolist()):
            record(f"step 1: input {column + 1} spread (std)", spread)
        record("step 1: noise spread (std)", (y.double() - x.double() @ torch.tensor(TRUE_WEIGHTS).double()).std())
        torch.manual_seed(seed)
        net = regression.Net()
        record("step 2: untrained MSE / optimum", full_data_mse(net, x, y) / optimum)
        regression.train(net, x, y)
        record("step 2: trained MSE / optimum", full_data_mse(net, x, y) / optimum)
        record("step 2: largest weight error", weight_error(net))
        torch.manual_seed(seed)
        net = regression.Net()
        regression.train_sgd(net, x, y)
        record("step 7: SGD MSE / optimum", full_data_mse(net, x, y) / optimum)

    print(f"{'quantity':<36} {'min':>12} {'median':>12} {'max':>12}   ({args.seeds} seeds)")
    for name, values in measured.items():
        values = [float(v) for v in values]
        print(f"{name:<36} {min(values):>12.6g} {statistics.median(values):>12.6g} {max(values):>12.6g}")


if __name__ == "__main__":
    main()
