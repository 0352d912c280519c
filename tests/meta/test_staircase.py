"""Every worked step passes the steps before it and fails the next one; the forum's script fails them all.

solutions/steps/step_k.py is the kata after k steps (step_0 is the forum's
script, the last is solutions/regression.py). Run against every step's tests,
the results must form an exact staircase, so that each step teaches something
the one before did not, and no step passes before its fix.
"""

import pytest

from tests.harness.steps import REPO, load_steps, worked_step_path
from tests.meta.conftest import MATRIX_KEY, run_steps_against

STEPS = load_steps()
WORKED = [worked_step_path(k) for k in range(len(STEPS) + 1)]


def short(path) -> str:
    return str(path.relative_to(REPO))


@pytest.fixture(scope="module")
def matrix(tmp_path_factory, pytestconfig) -> dict[str, dict[str, str]]:
    results = run_steps_against([short(p) for p in WORKED], tmp_path_factory.mktemp("staircase") / "results.json")
    header = f"{'worked step':<24}" + "".join(f"{s.number:>4}" for s in STEPS)
    rows = [header] + [
        f"{short(p):<24}" + "".join(f"{_mark(results.get(short(p), {}).get(str(s.number))):>4}" for s in STEPS)
        for p in WORKED
    ]
    pytestconfig.stash.setdefault(MATRIX_KEY, {})["staircase: worked step (rows) x step tests (columns)"] = rows
    return results


def _mark(status: str | None) -> str:
    return {"passed": "✓", "failing": "✗"}.get(status, "?")


def test_step_0_is_the_shipped_kata():
    """solutions/steps/step_0.py is byte-identical to kata/regression.py as shipped"""
    kata = (REPO / "kata" / "regression.py").read_bytes()
    assert WORKED[0].read_bytes() == kata, (
        "kata/regression.py differs from the forum's script in solutions/steps/step_0.py."
        " `make verify` checks the repository as shipped: run it on a clean clone, or `make reset` first."
    )


@pytest.mark.parametrize("k", range(len(STEPS) + 1))
def test_worked_step_is_one_stair(matrix, k):
    """worked step k passes steps 1..k and fails step k+1 (the forum's script fails every step)"""
    row = matrix[short(WORKED[k])]
    wanted = {str(s.number): "passed" if s.number <= k else "failing" for s in STEPS}
    if k < len(STEPS):  # beyond the next step, only the forum's script has a promise to keep
        wanted = {n: v for n, v in wanted.items() if int(n) <= k + 1 or k == 0}
    seen = {n: row.get(n) for n in wanted}
    assert seen == wanted, f"{short(WORKED[k])}: expected {wanted}, got {seen}"
