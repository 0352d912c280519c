"""Every learner fix in tests/corpus/fixes.toml gets the verdict it states.

Right fixes, spelled in many ways, must pass every step they address; wrong
fixes must stop at the step that names their mistake.
"""

from collections import Counter

import pytest

from tests.harness.corpus import load_fixes
from tests.harness.steps import load_steps
from tests.meta.conftest import show_table

FIXES = load_fixes()
STEPS = load_steps()


def verdict_seen(row: dict[int, str]) -> int | None:
    """The first step that fails, or None when every step passes."""
    return next((s.number for s in STEPS if row.get(s.number) != "passed"), None)


@pytest.fixture(scope="module")
def corpus(step_results, pytestconfig, tmp_path_factory):
    by_name = {path.stem: row for path, row in step_results.items()}
    rows = [f"{'fix':<28} {'wanted':<22} seen"]
    for fix in FIXES:
        first = verdict_seen(by_name[fix.name.replace("-", "_")])
        seen = "passes every step" if first is None else f"first fails step {first}"
        rows.append(f"{fix.name:<28} {fix.verdict:<22} {seen}{'' if seen == fix.verdict else '   <-- WRONG'}")
    kinds = Counter(f.kind for f in FIXES)
    show_table(pytestconfig, f"corpus: {kinds['right']} right and {kinds['wrong']} wrong learner fixes", rows)
    return by_name


def test_the_corpus_has_right_and_wrong_fixes():
    right = [f for f in FIXES if f.kind == "right"]
    wrong = [f for f in FIXES if f.kind == "wrong"]
    assert len(right) >= 10 and len(wrong) >= 8
    assert all(f.first_failing is None or f.first_failing > f.base for f in right)  # they pass what they address
    assert len({f.first_failing for f in wrong}) >= 5  # wrong turns caught at most steps


@pytest.mark.parametrize("fix", FIXES, ids=[f.name for f in FIXES])
def test_fix_gets_its_verdict(corpus, fix):
    row = corpus[fix.name.replace("-", "_")]
    assert verdict_seen(row) == fix.first_failing, f"{fix.name} ({fix.about}): wanted {fix.verdict}, got {row}"
