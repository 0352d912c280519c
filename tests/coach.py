"""The kata's one entry point; every Make target is a thin wrapper over a command here.

    python -m tests.coach test  [--target kata] [--step K] [--device cpu|cuda|mps]
    python -m tests.coach hint  [--level N]
    python -m tests.coach catchup K     replace kata/regression.py by the worked step K (backed up first)
    python -m tests.coach reset         back to the forum's script (backed up first)
    python -m tests.coach backups       list the backups of kata/regression.py
    python -m tests.coach verify

Without make (Windows, say), call these with the Python of your environment.
"""

import argparse
import json
import shutil
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

from tests.harness.steps import REPO, load_steps, worked_step_path

STATE = REPO / ".kata"  # the learner's own state: ignored by git
LAST_RESULTS = STATE / "last_results.json"
KATA_FILE = REPO / "kata" / "regression.py"
BACKUPS = STATE / "backups"


def run_steps(target: str, step: int | None, device: str | None, quiet: bool = False) -> int:
    STATE.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "pytest", "tests/steps", "-q", "--tb=no", "-rN", "--disable-warnings",
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


def back_up(kata_file: Path, backups: Path) -> Path | None:
    """Copies the learner's file to a new, never-reused name; returns it (None if no file)."""
    if not kata_file.exists():
        return None
    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    for attempt in range(1000):  # the same microsecond twice is unlikely, not impossible
        backup = backups / f"regression.{stamp}{f'-{attempt}' if attempt else ''}.py"
        try:
            with backup.open("xb") as f:  # "x": never overwrite an earlier backup
                f.write(kata_file.read_bytes())
            return backup
        except FileExistsError:
            continue
    raise RuntimeError(f"could not find a free backup name in {backups}")


def put_worked_step(number: int, kata_file: Path = KATA_FILE, backups: Path = BACKUPS) -> int:
    steps = len(load_steps())
    if not 0 <= number <= steps:
        print(f"STEP={number}: worked steps go from 0 (the forum's script) to {steps} (the reference).")
        return 2
    backup = back_up(kata_file, backups)
    if backup:
        print(f"Your file is saved as {backup.relative_to(backups.parent.parent)}")
    shutil.copyfile(worked_step_path(number), kata_file)
    what = "the forum's script, as posted" if number == 0 else f"the kata as it stands after step {number}"
    print(f"kata/regression.py is now {what}.")
    if number < steps:
        print(f"Run `make test`: step {number + 1} is next.")
    return 0


def list_backups(backups: Path = BACKUPS) -> int:
    found = sorted(backups.glob("regression.*.py")) if backups.exists() else []
    if not found:
        print("No backups yet: `make catchup` and `make reset` make one before they touch your file.")
        return 0
    print(f"Backups of kata/regression.py, oldest first ({len(found)}):")
    for backup in found:
        print(f"  {backup.relative_to(REPO)}  ({backup.stat().st_size} bytes)")
    print(f"To bring one back, for example the newest: cp {found[-1].relative_to(REPO)} kata/regression.py")
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
    catchup = commands.add_parser("catchup", help="replace kata/regression.py by worked step K, after a backup")
    catchup.add_argument("step", type=int)
    commands.add_parser("reset", help="back to the forum's script, after a backup")
    commands.add_parser("backups", help="list the backups of kata/regression.py")
    commands.add_parser("verify", help="the repository's own check: lint and meta-tests")
    args = parser.parse_args(argv)

    if args.command == "test":
        return run_steps(args.target, args.step, args.device)
    if args.command == "hint":
        return show_hint(args.level)
    if args.command == "catchup":
        return put_worked_step(args.step)
    if args.command == "reset":
        return put_worked_step(0)
    if args.command == "backups":
        return list_backups()
    return verify()


if __name__ == "__main__":
    sys.exit(main())
