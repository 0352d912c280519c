"""The coach's commands that touch the learner's files or state: they lose nothing."""

import json

import pytest

from tests import coach
from tests.harness.steps import load_steps, worked_step_path


@pytest.fixture
def learner(tmp_path):
    kata_file = tmp_path / "regression.py"
    kata_file.write_text("# my own work, not committed anywhere\n")
    return kata_file, tmp_path / ".kata" / "backups"


@pytest.mark.parametrize("k", range(len(load_steps()) + 1))
def test_catchup_puts_the_worked_step_in_place_after_a_backup(learner, k):
    kata_file, backups = learner
    assert coach.put_worked_step(k, kata_file, backups) == 0
    assert kata_file.read_bytes() == worked_step_path(k).read_bytes()
    (backup,) = backups.glob("regression.*.py")
    assert backup.read_text() == "# my own work, not committed anywhere\n"


def test_twice_in_the_same_second_keeps_both_versions(learner):
    kata_file, backups = learner
    coach.put_worked_step(3, kata_file, backups)
    kata_file.write_text("# edited since the catch-up\n")
    coach.put_worked_step(0, kata_file, backups)
    coach.put_worked_step(0, kata_file, backups)
    kept = sorted(path.read_text() for path in backups.glob("regression.*.py"))
    assert "# my own work, not committed anywhere\n" in kept
    assert "# edited since the catch-up\n" in kept
    assert len(kept) == 3


def test_a_step_out_of_range_touches_nothing(learner):
    kata_file, backups = learner
    assert coach.put_worked_step(99, kata_file, backups) == 2
    assert kata_file.read_text() == "# my own work, not committed anywhere\n"
    assert not backups.exists()


@pytest.fixture
def hints(tmp_path, monkeypatch):
    monkeypatch.setattr(coach, "HINTS_SEEN", tmp_path / "hints_seen.json")
    monkeypatch.setattr(coach, "STATE", tmp_path)
    monkeypatch.setattr(coach, "progress_now", lambda: {"1": "passed", "2": "failing"})
    return tmp_path / "hints_seen.json"


def test_hint_shows_the_next_unseen_level_and_remembers(hints, capsys):
    step = load_steps()[1]
    for level in range(1, len(step.hints) + 2):  # one more than there are: the last one again
        coach.show_hint(None)
        shown = min(level, len(step.hints))
        assert f"Hint {shown} of {len(step.hints)}" in capsys.readouterr().out
    assert json.loads(hints.read_text()) == {step.name: len(step.hints)}


def test_hint_level_shows_that_level(hints, capsys):
    coach.show_hint(2)
    assert "Step 2: It learns without the workaround. Hint 2 of" in capsys.readouterr().out
    coach.show_hint(None)
    assert "Hint 3 of" in capsys.readouterr().out


def test_the_shipped_checksums_are_current():
    assert coach.changed_tests() == [], "tests changed: run `make lock` and commit tests/shipped.sha256"


def test_grade_refuses_changed_tests(tmp_path, monkeypatch, capsys):
    shipped = tmp_path / "shipped.sha256"
    lines = coach.SHIPPED.read_text().splitlines()
    lines[0] = "0" * 64 + lines[0][64:]
    shipped.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(coach, "SHIPPED", shipped)
    assert coach.grade() == 1
    assert "Not graded" in capsys.readouterr().out
