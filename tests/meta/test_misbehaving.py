"""Learner files that misbehave get a short, clear message, and the run goes on where it can.

Each file is the forum's script after step 1 with one kind of damage, run
through the same command as `make test`. The endless loop runs with a 5 s
limit here to keep `make verify` quick; the step tests' own limit is
STEP_TEST_TIMEOUT_S, which keeps the message under 30 s (measured: 24.8 s).
"""

import subprocess
import time

import pytest

from tests.coach import step_test_command
from tests.harness.steps import REPO, worked_step_path
from tests.steps.conftest import STEP_TEST_TIMEOUT_S

DAMAGE = {
    "syntax_error": ("    def forward(self, x):\n", "    def forward(self, x)\n"),
    "import_error": ("import numpy as np\n", "import numpy as np\nimport a_module_that_is_not_there\n"),
    "endless_loop": ("            batch += 1\n", "            pass\n"),
    "nan_losses": ("torch.optim.RMSprop(net.parameters(), lr=lr)", "torch.optim.SGD(net.parameters(), lr=lr)"),
    "renamed_train": ("def train(", "def fit("),
}
FORWARD_LINE = worked_step_path(1).read_text().splitlines().index("    def forward(self, x):") + 1
MESSAGES = {
    "syntax_error": [f"has a syntax error on line {FORWARD_LINE}: expected ':'", "def forward(self, x)"],
    "import_error": ["raised ModuleNotFoundError while being imported", "import a_module_that_is_not_there"],
    "endless_loop": ["Stopped after 5.0s: it never finished. An endless loop?", 'endless_loop.py", line', "in train"],
    "nan_losses": ["expected: finite losses", "from epoch 1 of 3 on"],
    "renamed_train": ["has no `train`, which the contract expects", "train(net, x, y, epochs=30"],
}


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[str, float]:
    """One run of the step tests over every damaged file: the coach's report and the wall time."""
    folder = tmp_path_factory.mktemp("misbehaving")
    source = worked_step_path(1).read_text()
    targets = []
    for name, (old, new) in DAMAGE.items():
        assert old in source, name
        path = folder / f"{name}.py"
        path.write_text(source.replace(old, new, 1))
        targets.append(str(path))
    command = step_test_command(targets, folder / "results.json", "--timeout", "5")
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    return completed.stdout + completed.stderr, time.perf_counter() - start


@pytest.mark.parametrize("name", DAMAGE)
def test_the_report_names_the_problem(report, name):
    output, _ = report
    section = output.split(f"kata coach: {report_path(output, name)}")[1].split("kata coach:")[0]
    for expected in MESSAGES[name]:
        assert expected in section, f"{name}: {expected!r} not in\n{section}"
    assert "site-packages" not in section and "tests/harness" not in section  # no harness internals


def report_path(output: str, name: str) -> str:
    return next(word for word in output.split() if word.endswith(f"/{name}.py"))


def test_an_endless_loop_is_stopped_in_time(report):
    _, seconds = report
    assert seconds < 30, f"five damaged files took {seconds:.0f} s"
    assert STEP_TEST_TIMEOUT_S + 5 < 30  # the default limit, plus starting up, stays under 30 s


def test_asking_for_a_missing_gpu_says_so(tmp_path):
    command = step_test_command(["solutions"], tmp_path / "results.json", "--device", "cuda")
    completed = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if "cuda" in completed.stdout and "passed" in completed.stdout:
        pytest.skip("this machine has CUDA")
    assert completed.returncode != 0
    assert "DEVICE=cuda was asked for, but this machine has no usable cuda device" in completed.stderr
