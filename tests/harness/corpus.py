"""Reads tests/corpus/fixes.toml and writes each learner fix out as a file to test."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from tests.harness.steps import REPO, worked_step_path

CORPUS_FILE = REPO / "tests" / "corpus" / "fixes.toml"


@dataclass(frozen=True)
class Fix:
    kind: str  # "right" or "wrong"
    name: str
    about: str
    base: int
    edits: tuple[tuple, ...]
    first_failing: int | None  # None: passes every step

    @property
    def verdict(self) -> str:
        return "passes every step" if self.first_failing is None else f"first fails step {self.first_failing}"


def load_fixes() -> list[Fix]:
    with CORPUS_FILE.open("rb") as f:
        entries = tomllib.load(f)["fix"]
    fixes = []
    for entry in entries:
        if (entry.get("passes") == "all") == ("first_failing" in entry):
            raise ValueError(f'{entry["name"]}: give either passes = "all" or first_failing = k')
        fixes.append(
            Fix(
                kind=entry["kind"],
                name=entry["name"],
                about=entry["about"],
                base=entry["base"],
                edits=tuple(tuple(edit) for edit in entry["edits"]),
                first_failing=entry.get("first_failing"),
            )
        )
    return fixes


def apply_edits(text: str, fix: Fix) -> str:
    for old, new, *count in fix.edits:
        wanted = count[0] if count else 1
        found = text.count(old)
        if found != wanted:
            raise ValueError(f"{fix.name}: {old!r} occurs {found} times in worked step {fix.base}, not {wanted}")
        text = text.replace(old, new)
    return text


def write_fix(fix: Fix, folder: Path) -> Path:
    path = folder / f"{fix.name.replace('-', '_')}.py"
    path.write_text(apply_edits(worked_step_path(fix.base).read_text(), fix))
    return path
