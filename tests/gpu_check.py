"""`make gpu-check`: the whole kata on a CUDA GPU, in one short run, with a report.

Runs with the machine's own Python (PYTHON=..., else python3), which must have
torch and jaxtyping; the kata's other test needs (beartype, pytest,
pytest-timeout) can travel as wheels when the machine has no internet:

    pip download --no-deps --only-binary=:all: --python-version 3.12 \\
        --platform manylinux2014_x86_64 -d .whl beartype==0.23.1 pytest==9.2.0 \\
        pytest-timeout==2.4.0 iniconfig==2.3.1 pluggy==1.7.0 packaging==26.4 Pygments==2.21.0
    # there: pip install --no-index --no-deps --target /tmp/site .whl/*.whl; export PYTHONPATH=/tmp/site

What it runs, every test on the GPU (KATA_DEVICE=cuda):
  1. every step against the reference answer;
  2. the repository's meta-tests (the staircase of worked steps, the corpus of
     learner fixes, the forum's symptoms), lint left out;
  3. the benchmark, training on the GPU.
and writes docs/gpu_report.md. `--device cpu` rehearses the same run on a CPU.
"""

import argparse
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parents[1]


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def timed(command: list[str], env: dict) -> tuple[int, str, float]:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    return completed.returncode, completed.stdout + completed.stderr, time.perf_counter() - start


def last_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda", help="cuda (default); cpu rehearses the run")
    parser.add_argument("--report", type=Path, default=REPO / "docs" / "gpu_report.md")
    args = parser.parse_args()
    if args.device == "cuda" and not torch.cuda.is_available():
        print("No CUDA device here (torch.cuda.is_available() is False): nothing to check.", file=sys.stderr)
        return 1
    env = dict(os.environ, KATA_DEVICE=args.device, PYTHONUNBUFFERED="1")
    device_name = torch.cuda.get_device_name() if args.device == "cuda" else platform.processor() or "CPU"

    with tempfile.TemporaryDirectory() as scratch:
        results_file = Path(scratch) / "results.json"
        steps_command = [sys.executable, "-m", "pytest", "tests/steps", "-q", "--tb=short", "-rN",
                         "--target", "solutions", "--results-json", str(results_file)]  # fmt: skip
        steps_status, steps_output, steps_seconds = timed(steps_command, env)
        steps = json.loads(results_file.read_text()).get("solutions", {}) if results_file.exists() else {}
    meta_status, meta_output, meta_seconds = timed([sys.executable, "-m", "pytest", "tests/meta", "-q"], env)
    bench_report = Path(tempfile.mkdtemp()) / "bench.md"
    bench_command = [sys.executable, "-m", "tests.bench", "--device", args.device, "--repeat", "3",
                     "--report", str(bench_report)]  # fmt: skip
    bench_status, bench_output, _ = timed(bench_command, env)

    lines = [
        f"# The kata on {args.device}: {device_name}",
        "",
        f"Run by `make gpu-check` on {time.strftime('%Y-%m-%d')}: torch {torch.__version__}"
        f" (CUDA {torch.version.cuda}), jaxtyping {version('jaxtyping')}, beartype {version('beartype')},"
        f" pytest {version('pytest')}, Python {platform.python_version()}."
        f" Every test ran with KATA_DEVICE={args.device}.",
        "",
        f"## Every step against the reference answer, on {args.device}",
        "",
        "| step | result |",
        "|---|---|",
        *[f"| {number} | {status} |" for number, status in sorted(steps.items(), key=lambda kv: int(kv[0]))],
        "",
        f"pytest: `{last_line(steps_output)}` (exit {steps_status}, {steps_seconds:.1f} s)",
        "",
        "## The repository's meta-tests: staircase, corpus, forum symptoms (lint left out)",
        "",
        f"pytest: `{last_line(meta_output)}` (exit {meta_status}, {meta_seconds:.1f} s)",
        "",
        "```",
        *meta_output.strip().splitlines()[-80:],
        "```",
        "",
        bench_report.read_text().replace("# Benchmarks", "## Benchmarks", 1)
        if bench_report.exists()
        else f"## Benchmarks\n\nfailed (exit {bench_status}):\n\n```\n{bench_output[-3000:]}\n```",
    ]
    args.report.parent.mkdir(exist_ok=True)
    args.report.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nwritten to {args.report}")
    return steps_status or meta_status


if __name__ == "__main__":
    sys.exit(main())
