"""Reads tests/steps.toml, the single source of the step order, goals and hints."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STEPS_FILE = REPO / "tests" / "steps.toml"


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    title: str
    goal: str
    tests: Path
    hints: tuple[str, ...]
    optional: bool = False  # a bonus: reported, but never what holds the learner back


def load_steps() -> list[Step]:
    with STEPS_FILE.open("rb") as f:
        tables = tomllib.load(f)["step"]
    return [
        Step(
            number=number,
            name=table["name"],
            title=table["title"],
            goal=table["goal"],
            tests=REPO / table["tests"],
            hints=tuple(table["hints"]),
            optional=table.get("optional", False),
        )
        for number, table in enumerate(tables, start=1)
    ]


def step_of_test_file(path: Path, steps: list[Step]) -> Step | None:
    resolved = Path(path).resolve()
    return next((step for step in steps if step.tests == resolved), None)


def required_steps() -> list[Step]:
    return [step for step in load_steps() if not step.optional]


def worked_step_path(number: int) -> Path:
    """The kata as it stands after `number` steps: 0 is the forum's script, the last the reference."""
    if number == len(load_steps()):
        return REPO / "solutions" / "regression.py"
    return REPO / "solutions" / "steps" / f"step_{number}.py"
