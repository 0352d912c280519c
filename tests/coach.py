"""The kata's one entry point; every Make target is a thin wrapper over a command here.

    python -m tests.coach test  [--target kata] [--step K] [--device cpu|cuda|mps]
    python -m tests.coach hint  [--level N]
    python -m tests.coach verify

Without make (Windows, say), call these with the Python of your environment.
"""

import argparse
import json
import subprocess
import sys
import textwrap

from tests.harness.steps import REPO, load_steps

STATE = REPO / ".kata"  # the learner's own state: ignored by git
LAST_RESULTS = STATE / "last_results.json"


def run_steps(target: str, step: int | None, device: str | None, quiet: bool = False) -> int:
    STATE.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "pytest", "tests/steps", "-q", "--tb=no", "-rN",
               "--target", target, "--results-json", str(LAST_RESULTS)]  # fmt: skip
    if step is not None:
        command += ["--step", str(step)]
    if device:
        command += ["--device", device]
    output = subprocess.DEVNULL if quiet else None
    return subprocess.run(command, cwd=REPO, stdout=output, stderr=output).returncode


def first_failing_step(target: str = "kata") -> int | None:
    """The first step not yet passed in the last run; runs the tests if there is none."""
    steps = load_steps()
    results = json.loads(LAST_RESULTS.read_text()).get(target, {}) if LAST_RESULTS.exists() else {}
    if len(results) < len(steps):  # no run yet, another target, or a single STEP= run
        print("Running the tests first, to see which step you are on...")
        run_steps(target, None, None, quiet=True)
        results = json.loads(LAST_RESULTS.read_text()).get(target, {})
    for step in steps:
        if results.get(str(step.number)) != "passed":
            return step.number
    return None


def show_hint(level: int | None) -> int:
    number = first_failing_step()
    if number is None:
        print("Every step passes: no hint needed. Compare with solutions/regression.py when you like.")
        return 0
    step = load_steps()[number - 1]
    level = level or 1
    if not 1 <= level <= len(step.hints):
        print(f"Step {number} has hints 1 to {len(step.hints)}.")
        return 2
    print(f"Step {number}: {step.title}. Hint {level} of {len(step.hints)}:\n")
    print(textwrap.fill(step.hints[level - 1], width=88, initial_indent="  ", subsequent_indent="  "))
    if level < len(step.hints):
        print(f"\nStill stuck? `make hint LEVEL={level + 1}` says more.")
    return 0


def verify() -> int:
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=REPO).returncode
    lint |= subprocess.run([sys.executable, "-m", "ruff", "format", "--check", "."], cwd=REPO).returncode
    tests = subprocess.run([sys.executable, "-m", "pytest", "tests/meta", "-q"], cwd=REPO).returncode
    return lint or tests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.coach", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    test = commands.add_parser("test", help="run the steps in order against the target and report")
    test.add_argument("--target", default="kata", help="kata (default), solutions, or a path")
    test.add_argument("--step", type=int, default=None, help="run this step alone")
    test.add_argument("--device", default=None, choices=["cpu", "cuda", "mps"])
    hint = commands.add_parser("hint", help="a hint for the first step not passed yet")
    hint.add_argument("--level", type=int, default=None, help="which hint level to show")
    commands.add_parser("verify", help="the repository's own check: lint and meta-tests")
    args = parser.parse_args(argv)

    if args.command == "test":
        return run_steps(args.target, args.step, args.device)
    if args.command == "hint":
        return show_hint(args.level)
    return verify()


if __name__ == "__main__":
    sys.exit(main())
