"""Every worked step passes the steps before it and fails the next one; the forum's script fails them all.

solutions/steps/step_k.py is the kata after k steps (step_0 is the forum's
script, the last is solutions/regression.py). Run against every step's tests,
the results must form an exact staircase, so that each step teaches something
the one before did not, and no step passes before its fix.
"""

import pytest

from tests.harness.steps import REPO, load_steps, worked_step_path
from tests.meta.conftest import show_table

STEPS = load_steps()
WORKED = [worked_step_path(k) for k in range(len(STEPS) + 1)]
MARKS = {"passed": "✓", "failing": "✗", "not reached": "·"}


@pytest.fixture(scope="module")
def staircase(step_results, pytestconfig):
    header = f"{'worked step':<28}" + "".join(f"{s.number:>4}" for s in STEPS)
    rows = [header] + [
        f"{path.relative_to(REPO)!s:<28}"
        + "".join(f"{MARKS.get(step_results[path].get(s.number), '?'):>4}" for s in STEPS)
        for path in WORKED
    ]
    show_table(pytestconfig, "staircase: worked steps (rows) x step tests (columns); · not reached", rows)
    return step_results


def test_step_0_is_the_shipped_kata():
    """solutions/steps/step_0.py is byte-identical to kata/regression.py as shipped"""
    kata = (REPO / "kata" / "regression.py").read_bytes()
    assert WORKED[0].read_bytes() == kata, (
        "kata/regression.py differs from the forum's script in solutions/steps/step_0.py."
        " `make verify` checks the repository as shipped: run it on a clean clone, or `make reset` first."
    )


def test_the_forum_script_fails_every_step(staircase):
    assert all(staircase[WORKED[0]].get(s.number) == "failing" for s in STEPS), staircase[WORKED[0]]


@pytest.mark.parametrize("k", range(1, len(STEPS) + 1))
def test_worked_step_is_one_stair(staircase, k):
    """worked step k passes steps 1..k and fails step k+1"""
    row = staircase[WORKED[k]]
    wanted = {s.number: "passed" if s.number <= k else "failing" for s in STEPS if s.number <= k + 1}
    seen = {number: row.get(number) for number in wanted}
    assert seen == wanted, f"{WORKED[k].relative_to(REPO)}: expected {wanted}, got {seen}"
