"""The repository's own checks share one run of the step tests against many files.

Every worked step and every corpus fix is a target of the same pytest run, so
torch is imported once for all of them. The forum's script runs ungated (it
must fail every step); the rest run gated, as a learner would: each stops at
its first failing step, which is exactly what their verdicts name.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.coach import step_test_command
from tests.harness.corpus import load_fixes, write_fix
from tests.harness.steps import REPO, load_steps, worked_step_path

TABLES_KEY = pytest.StashKey()
# One process per core (at most 4); KATA_VERIFY_WORKERS=1 measures what the split saves.
WORKERS = int(os.environ.get("KATA_VERIFY_WORKERS") or max(1, min(4, os.cpu_count() or 1)))


def step_test_run(targets: list[Path], results_file: Path, *, gate: bool) -> subprocess.Popen:
    command = step_test_command([str(t) for t in targets], results_file, *([] if gate else ["--no-gate"]))
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.fixture(scope="session")
def step_results(tmp_path_factory) -> dict[Path, dict[int, str]]:
    """target path -> step number -> passed / failing / not reached, for every worked step and fix."""
    folder = tmp_path_factory.mktemp("targets")
    worked = [worked_step_path(k) for k in range(len(load_steps()) + 1)]
    fixes = [write_fix(fix, folder) for fix in load_fixes()]
    gated = worked[1:] + fixes
    runs = [(step_test_run(worked[:1], folder / "ungated.json", gate=False), folder / "ungated.json")]
    for part in range(WORKERS):  # one process per core, each with every WORKERS-th target
        results_file = folder / f"gated-{part}.json"
        runs.append((step_test_run(gated[part::WORKERS], results_file, gate=True), results_file))
    results = {}
    for process, results_file in runs:
        output, _ = process.communicate()
        if not results_file.exists():
            pytest.fail(f"the step tests did not run:\n{output[-5000:]}")
        for target, steps in json.loads(results_file.read_text()).items():
            results[Path(target)] = {int(number): status for number, status in steps.items()}
    return results


def show_table(config, title: str, rows: list[str]) -> None:
    """Printed after the tests, so that `make verify` shows the matrices it checked."""
    config.stash.setdefault(TABLES_KEY, {})[title] = rows


def pytest_terminal_summary(terminalreporter, config):
    for title, rows in config.stash.get(TABLES_KEY, {}).items():
        terminalreporter.write_sep("=", title)
        for line in rows:
            terminalreporter.write_line(line)
