"""The README follows tests/steps.toml, the single source of the step order."""

import re

from tests.harness.steps import REPO, load_steps


def test_readme_lists_the_steps_in_order():
    readme = (REPO / "README.md").read_text()
    listed = re.findall(r"^\d+\. \*\*(.+?)\*\*", readme, flags=re.MULTILINE)
    assert listed == [step.title for step in load_steps()]
