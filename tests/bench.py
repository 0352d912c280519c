"""`make bench`: how long a learner and a maintainer wait, measured against the floor.

The floor is what no kata can avoid: starting Python, importing torch, starting
pytest. Everything above it is training and checking. The table leads with
ratios, which travel between machines better than seconds do. Written to
stdout and to docs/bench.md.

    python -m tests.bench [--repeat N] [--verify-repeat M] [--device cuda] [--report PATH]
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

from solutions import regression
from tests.harness.checks import full_data_mse, least_squares_mse

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "docs" / "bench.md"


def wall_times(command: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def plain_train(net, x, y, epochs=30, batch_size=100, lr=0.01) -> list[float]:
    """The same training, written the plainest way: no annotations, no checks."""
    criterion = torch.nn.MSELoss()
    optimizer = torch.optim.RMSprop(net.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, len(x), batch_size):
            loss = criterion(net.layer1(x[start : start + batch_size]).squeeze(-1), y[start : start + batch_size])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
        losses.append(total / ((len(x) + batch_size - 1) // batch_size))
    return losses


def training_ms_per_step(train, repeat: int, device: str) -> list[float]:
    steps = 30 * 100  # 30 epochs of 100 batches
    times = []
    for seed in range(repeat):
        torch.manual_seed(seed)
        x, y = regression.make_data(seed=seed, device=device)
        net = regression.Net().to(device)
        start = time.perf_counter()
        train(net, x, y)  # each returns floats, so the device has finished when it returns
        times.append((time.perf_counter() - start) / steps * 1e3)
    return times


def with_checks_off(train):
    """The reference's train with jaxtyping's run-time checks switched off, to price them."""
    import jaxtyping

    def unchecked(*args, **kwargs):
        jaxtyping.config.update("jaxtyping_disable", True)
        try:
            return train(*args, **kwargs)
        finally:
            jaxtyping.config.update("jaxtyping_disable", False)

    return unchecked


def spread(values: list[float], unit: str, digits: int = 2) -> str:
    return f"{statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f} to {max(values):.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--verify-repeat", type=int, default=1)
    parser.add_argument("--device", default="cpu", help="where the training runs (and $KATA_DEVICE for the tests)")
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args()
    python = sys.executable
    if args.device != "cpu":
        os.environ["KATA_DEVICE"] = args.device

    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "test_floor.py").write_text("import torch\n\n\ndef test_floor():\n    assert torch\n")
        floor_pytest = wall_times([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", scratch], args.repeat)
        # Any test that trains pays this too: building the first optimizer imports torch._dynamo.
        (Path(scratch) / "test_floor.py").write_text(
            "import torch\n\n\ndef test_floor():\n"
            "    assert torch.optim.RMSprop([torch.zeros(1, requires_grad=True)])\n"
        )
        floor_optimizer = wall_times([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", scratch], args.repeat)
    floor_import = wall_times([python, "-c", "import torch"], args.repeat)
    test_reference = wall_times([python, "-m", "tests.coach", "test", "--target", "solutions"], args.repeat)
    verify = wall_times([python, "-m", "tests.coach", "verify"], args.verify_repeat)

    reference = training_ms_per_step(regression.train, args.repeat, args.device)
    unchecked = training_ms_per_step(with_checks_off(regression.train), args.repeat, args.device)
    plain = training_ms_per_step(plain_train, args.repeat, args.device)

    ratios = []
    for seed in range(args.repeat):
        torch.manual_seed(seed)
        x, y = regression.make_data(seed=seed, device=args.device)
        net = regression.Net().to(args.device)
        regression.train(net, x, y)
        ratios.append(full_data_mse(net, x, y) / least_squares_mse(x, y))

    floor = statistics.median(floor_pytest)
    median = statistics.median
    training_floor = median(floor_optimizer)
    rows = [
        ("`make test` on the reference / floor", f"{median(test_reference) / floor:.1f}x"),
        ("`make test` on the reference / floor with an optimizer", f"{median(test_reference) / training_floor:.1f}x"),
        ("`make verify` / floor", f"{median(verify) / floor:.1f}x"),
        ("reference training step / plain loop step", f"{median(reference) / median(plain):.2f}x"),
        ("reference step, shape checks on / off", f"{median(reference) / median(unchecked):.2f}x"),
        ("floor: pytest with torch imported, one test", spread(floor_pytest, "s")),
        ("floor with one optimizer built (it imports torch._dynamo)", spread(floor_optimizer, "s")),
        ("`python -c 'import torch'`", spread(floor_import, "s")),
        ("`make test TARGET=solutions`", spread(test_reference, "s")),
        ("`make verify`", spread(verify, "s", 1)),
        ("reference, checks on: per training step", spread(reference, "ms", 3)),
        ("reference, checks off: per training step", spread(unchecked, "ms", 3)),
        ("plain loop: per training step", spread(plain, "ms", 3)),
        ("reference full-data MSE / least-squares optimum", spread(ratios, "x")),
    ]
    header = (
        f"Measured by `make bench` on {os.cpu_count()} cores (training on {args.device}),"
        f" Python {platform.python_version()},"
        f" torch {torch.__version__}; median (min to max) of {args.repeat} runs"
        f" ({args.verify_repeat} for `make verify`). A training step is one batch of 100 with the forum's settings."
    )
    table = "| what | measured |\n|---|---|\n" + "".join(f"| {what} | {value} |\n" for what, value in rows)
    report = f"# Benchmarks\n\n{header}\n\n{table}"
    print(report)
    args.report.parent.mkdir(exist_ok=True)
    args.report.write_text(report)
    print(f"written to {args.report}")


if __name__ == "__main__":
    main()
