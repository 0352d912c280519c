"""The repository's own checks: runs the step tests against many files at once."""

import json
import subprocess
import sys

import pytest

from tests.harness.steps import REPO

MATRIX_KEY = pytest.StashKey()


def run_steps_against(targets: list[str], results_file) -> dict[str, dict[str, str]]:
    """One pytest run of every step against every target, ungated; returns target -> step -> status."""
    command = [
        sys.executable, "-m", "pytest", "tests/steps", "-q", "--tb=no", "-rN", "--no-gate",
        "--target", ",".join(targets), "--results-json", str(results_file), "-p", "no:randomly",
    ]  # fmt: skip
    completed = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if not results_file.exists():
        pytest.fail(f"the step tests did not run:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    return json.loads(results_file.read_text())


def pytest_terminal_summary(terminalreporter, config):
    for title, rows in config.stash.get(MATRIX_KEY, {}).items():
        terminalreporter.write_sep("=", title)
        for line in rows:
            terminalreporter.write_line(line)
