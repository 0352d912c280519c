"""The kata's one entry point; every Make target is a thin wrapper over a command here.

    python -m tests.coach test  [--target kata] [--step K] [--device cpu|cuda|mps]
    python -m tests.coach hint  [--level N]      the next hint for the step you are on
    python -m tests.coach progress               one line a step, and the share done
    python -m tests.coach watch                  re-run the current step on every save
    python -m tests.coach catchup K              kata/regression.py becomes worked step K (backed up first)
    python -m tests.coach reset                  back to the forum's script (backed up first)
    python -m tests.coach backups                list the backups of kata/regression.py
    python -m tests.coach grade                  the shipped tests, checked, and a receipt for the instructor
    python -m tests.coach preflight              for workshops: is this machine ready? says "ready" or why not
    python -m tests.coach verify                 the repository's own check
    python -m tests.coach lock                   record the tests' checksums (maintainers, after changing tests/)

Without make (Windows, say), call these with the Python of your environment.
"""

import argparse
import hashlib
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from tests.harness.steps import REPO, load_steps, required_steps, worked_step_path
from tests.harness.target import display_path

STATE = REPO / ".kata"  # the learner's own state: ignored by git
PROGRESS = STATE / "progress.json"  # the last full run against kata/, with the file's checksum
HINTS_SEEN = STATE / "hints_seen.json"
RECEIPT = STATE / "receipt.json"
BACKUPS = STATE / "backups"
KATA_FILE = REPO / "kata" / "regression.py"
# What decides a verdict: a learner who edits these to turn red into green is told so.
SHIPPED = REPO / "tests" / "shipped.sha256"
GRADED_FILES = ("pyproject.toml", "tests/steps.toml", "tests/steps/*.py", "tests/harness/*.py", "tests/coach.py")


# Running the steps ------------------------------------------------------------


def step_test_command(targets: list[str], results_file: Path, *options: str) -> list[str]:
    """pytest over the step tests, its own output quiet, so that the coach's report is what shows."""
    return [
        sys.executable, "-m", "pytest", "tests/steps", "-q", "--tb=no", "-rN", "--disable-warnings",
        "--target", ",".join(targets), "--results-json", str(results_file), *options,
    ]  # fmt: skip


def run_steps(target="kata", step=None, device=None, quiet=False) -> tuple[int, dict[str, str]]:
    """Runs the step tests; returns pytest's exit status and step number -> status."""
    STATE.mkdir(exist_ok=True)
    kata_sha = sha256(KATA_FILE) if KATA_FILE.exists() else None
    with tempfile.TemporaryDirectory() as scratch:
        results_file = Path(scratch) / "results.json"
        options = ["--step", str(step)] if step is not None else []
        options += ["--device", device] if device else []
        command = step_test_command([target], results_file, *options)
        output = subprocess.DEVNULL if quiet else None
        status = subprocess.run(command, cwd=REPO, stdout=output, stderr=output).returncode
        results = json.loads(results_file.read_text()).get(target, {}) if results_file.exists() else {}
    if target == "kata" and step is None and device is None and results:
        PROGRESS.write_text(json.dumps({"kata_sha256": kata_sha, "steps": results}, indent=1))
    return status, results


def progress_now() -> dict[str, str]:
    """Step number -> status for kata/ as it is now: the last run's, or a fresh quiet run."""
    if PROGRESS.exists():
        saved = json.loads(PROGRESS.read_text())
        if saved["kata_sha256"] == sha256(KATA_FILE):
            return saved["steps"]
    print("Running the tests to see where you are (a few seconds)...", flush=True)
    return run_steps(quiet=True)[1]


def current_step(results: dict[str, str]) -> int | None:
    return next((s.number for s in load_steps() if results.get(str(s.number)) != "passed"), None)


def test(target, step, device) -> int:
    if target == "kata":
        warn_if_tests_changed()
    return run_steps(target, step, device)[0]


# Coaching ---------------------------------------------------------------------


def show_progress() -> int:
    results = progress_now()
    steps = load_steps()
    required = required_steps()
    for step in steps:
        status = results.get(str(step.number), "not reached")
        mark = {"passed": "✓", "failing": "✗"}.get(status, "·")
        print(f"  {mark} Step {step.number}  {step.title:<36} {status}{'  (optional)' if step.optional else ''}")
    done = sum(results.get(str(s.number)) == "passed" for s in required)
    bonus = [results.get(str(s.number), "not reached") for s in steps if s.optional]
    print(f"\n{done} of {len(required)} required steps done ({100 * done // len(required)}%)", end="")
    print(f"; the optional bonus: {bonus[0]}." if bonus else ".")
    return 0


def show_hint(level: int | None) -> int:
    number = current_step(progress_now())
    if number is None:
        print("Every step passes, the bonus too: no hint needed. Compare with solutions/regression.py.")
        return 0
    step = load_steps()[number - 1]
    seen = json.loads(HINTS_SEEN.read_text()) if HINTS_SEEN.exists() else {}
    already = seen.get(step.name, 0)
    level = level or min(already + 1, len(step.hints))
    if not 1 <= level <= len(step.hints):
        print(f"Step {number} has hints 1 to {len(step.hints)}.")
        return 2
    seen[step.name] = max(already, level)
    STATE.mkdir(exist_ok=True)
    HINTS_SEEN.write_text(json.dumps(seen, indent=1))
    print(f"Step {number}: {step.title}. Hint {level} of {len(step.hints)}:\n")
    print(textwrap.fill(step.hints[level - 1], width=88, initial_indent="  ", subsequent_indent="  "))
    if level < len(step.hints):
        print("\nStill stuck? `make hint` again says more.")
    else:
        print(f"\nThat was the last hint. The worked answer: solutions/steps/step_{number}.py (spoiler).")
    return 0


def watch() -> int:
    from watchfiles import watch as watch_changes  # only watch mode needs it

    def on_save() -> None:
        print(f"\n{'─' * 30} {datetime.now():%H:%M:%S} {'─' * 30}", flush=True)
        number = current_step(progress_now())
        if number is None:
            print("Every step passes. Well done!")
            return
        _, results = run_steps(step=number)
        if results.get(str(number)) == "passed":
            print(f"\nStep {number} passes! Checking every step again, to find the next one...", flush=True)
            run_steps()

    print("Watching kata/regression.py: every save re-runs the step you are on. Ctrl-C stops.")
    on_save()
    try:
        for _ in watch_changes(KATA_FILE.parent, watch_filter=lambda _change, path: Path(path) == KATA_FILE):
            on_save()
    except KeyboardInterrupt:
        pass
    return 0


# Catch-up, reset and backups -----------------------------------------------------


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
        print(f"Your file is saved as {display_path(backup)}")
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
        print(f"  {display_path(backup)}  ({backup.stat().st_size} bytes)")
    print(f"To bring one back, for example the newest: cp {display_path(found[-1])} kata/regression.py")
    return 0


# Grading: the shipped tests, checked ------------------------------------------------


def graded_files() -> list[Path]:
    return sorted({path for pattern in GRADED_FILES for path in REPO.glob(pattern)})


def checksums() -> str:
    """sha256sum's format, so that `sha256sum -c tests/shipped.sha256` checks it too."""
    return "".join(f"{sha256(path)}  {display_path(path)}\n" for path in graded_files())


def changed_tests() -> list[str]:
    shipped = dict(line.split("  ", 1)[::-1] for line in SHIPPED.read_text().splitlines())
    now = dict(line.split("  ", 1)[::-1] for line in checksums().splitlines())
    return sorted(name for name in shipped.keys() | now.keys() if shipped.get(name) != now.get(name))


def warn_if_tests_changed() -> None:
    changed = changed_tests()
    if changed:
        print(f"Note: the tests differ from the shipped ones ({', '.join(changed)}). `make grade` will not accept")
        print("them; `git checkout -- tests pyproject.toml` brings the shipped ones back.\n", flush=True)


def grade() -> int:
    changed = changed_tests()
    if changed:
        print("Not graded: these files differ from the shipped tests:")
        for name in changed:
            print(f"  {name}")
        print("Grading uses the tests as shipped: `git checkout -- tests pyproject.toml` restores them.")
        return 1
    status, results = run_steps()
    required = required_steps()
    receipt = {
        "steps_passed": sorted(int(n) for n, s in results.items() if s == "passed"),
        "required_steps": len(required),
        "all_required_passed": all(results.get(str(s.number)) == "passed" for s in required),
        "hint_levels_seen": json.loads(HINTS_SEEN.read_text()) if HINTS_SEEN.exists() else {},
        "kata_sha256": sha256(KATA_FILE),
        "tests_sha256": hashlib.sha256(SHIPPED.read_bytes()).hexdigest(),
        "graded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
    }
    RECEIPT.write_text(json.dumps(receipt, indent=1) + "\n")
    print(f"\nReceipt written to {display_path(RECEIPT)}: steps passed {receipt['steps_passed']},")
    print(f"tests checksum {receipt['tests_sha256'][:12]} (the shipped tests: tests/shipped.sha256).")
    return status


def lock() -> int:
    SHIPPED.write_text(checksums())
    print(f"{display_path(SHIPPED)} now records {len(graded_files())} files.")
    return 0


def preflight() -> int:
    """Before a workshop: the environment imports, and the reference answer passes every step."""
    import torch  # here, not at the top: the other commands must not wait for it

    start = datetime.now()
    status, results = run_steps(target="solutions", quiet=True)
    seconds = (datetime.now() - start).total_seconds()
    passed = sum(value == "passed" for value in results.values())
    if status != 0 or passed != len(load_steps()):
        print(f"NOT ready: the reference answer passed {passed} of {len(load_steps())} steps here.")
        print("Run `make test TARGET=solutions` to see why.")
        return 1
    devices = "cpu" + (" and cuda" if torch.cuda.is_available() else "")
    print(f"ready: torch {torch.__version__} on {devices}; the reference passes all {passed} steps in {seconds:.0f} s.")
    return 0


# The repository's own check --------------------------------------------------------


def verify() -> int:
    ruff = [sys.executable, "-m", "ruff"]
    lint = subprocess.run([*ruff, "check", "."], cwd=REPO).returncode
    lint |= subprocess.run([*ruff, "format", "--check", "."], cwd=REPO).returncode
    tests = subprocess.run([sys.executable, "-m", "pytest", "tests/meta", "-q"], cwd=REPO).returncode
    return lint or tests


# Helpers and the command line -----------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.coach", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("test", help="run the steps in order against the target and report")
    run.add_argument("--target", default="kata", help="kata (default), solutions, or a path")
    run.add_argument("--step", type=int, default=None, help="run this step alone")
    run.add_argument("--device", default=None, choices=["cpu", "cuda", "mps"])
    hint = commands.add_parser("hint", help="the next hint for the step you are on")
    hint.add_argument("--level", type=int, default=None, help="show this hint level")
    catchup = commands.add_parser("catchup", help="kata/regression.py becomes worked step K, after a backup")
    catchup.add_argument("step", type=int)
    for name, text in [
        ("progress", "one line a step, and the share done"),
        ("watch", "re-run the step you are on each time kata/regression.py is saved"),
        ("reset", "back to the forum's script, after a backup"),
        ("backups", "list the backups of kata/regression.py"),
        ("grade", "run the shipped tests and write a receipt"),
        ("preflight", "before a workshop: says ready, or why not"),
        ("verify", "the repository's own check: lint and meta-tests"),
        ("lock", "record the checksums of the shipped tests"),
    ]:
        commands.add_parser(name, help=text)
    args = parser.parse_args(argv)

    actions = {
        "test": lambda: test(args.target, args.step, args.device),
        "hint": lambda: show_hint(args.level),
        "catchup": lambda: put_worked_step(args.step),
        "progress": show_progress,
        "watch": watch,
        "reset": lambda: put_worked_step(0),
        "backups": list_backups,
        "grade": grade,
        "preflight": preflight,
        "verify": verify,
        "lock": lock,
    }
    return actions[args.command]()


if __name__ == "__main__":
    sys.exit(main())
