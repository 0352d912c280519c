"""The README follows tests/steps.toml, the single source of the step order."""

import re

from tests.harness.steps import REPO, load_steps


def test_readme_lists_the_steps_in_order():
    readme = (REPO / "README.md").read_text()
    listed = re.findall(r"^\d+\. \*\*(.+?)\*\*", readme, flags=re.MULTILINE)
    assert listed == [step.title for step in load_steps()]


def test_readme_first_run_points_at_the_real_line():
    """The README's sample report quotes the line of kata/regression.py that fails first."""
    kata = (REPO / "kata" / "regression.py").read_text().splitlines()
    line = kata.index("        while batch * bs < train_x.shape:") + 1
    assert f'File "kata/regression.py", line {line}, in train' in (REPO / "README.md").read_text()
