"""The coach: gates later steps behind the first failing one and reports like a teacher.

Pytest's own tracebacks are switched off (--tb=no); instead the report shows,
for the first failing step, its goal, what each test expected and saw, and the
frames of the learner's own file, never the harness's.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

import pytest

from tests.harness.checks import CONTRACT, StepFailure
from tests.harness.steps import load_steps, required_steps
from tests.harness.target import TargetLoadError, display_path, learner_traceback, target_path

STEP_KEY = pytest.StashKey()
NOT_REACHED = pytest.StashKey()


def target_of(item) -> str:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("kata", "") if callspec else ""


@dataclass
class StepResult:
    passed: int = 0
    failed: int = 0
    not_reached: int = 0
    failures: list = field(default_factory=list)
    skip_reasons: list = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.failed:
            return "failing"
        if self.passed:
            return "passed"
        if self.not_reached:
            return "not reached"
        return "skipped"


class CoachReport:
    def __init__(self, config):
        self.config = config
        self.gate = not config.getoption("--no-gate")
        self.steps = load_steps()
        self.results: dict[tuple[str, int], StepResult] = {}
        self.first_failing: dict[str, int] = {}
        self.warnings: dict[str, list[str]] = {}  # test id -> warnings raised while it ran
        self.timed_out: set[str] = set()  # targets with a test stopped by the timeout
        self.failed_tests: dict[tuple[str, str], list[str]] = {}  # (target, test) -> parameters not run again

    def result(self, target: str, number: int) -> StepResult:
        return self.results.setdefault((target, number), StepResult())

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        target, step = target_of(item), item.stash[STEP_KEY]
        blocking = self.first_failing.get(target)
        if self.gate and blocking is not None and blocking < step.number:
            item.stash[NOT_REACHED] = True
            pytest.skip(f"not reached yet: step {blocking} comes first")
        if target in self.timed_out:  # one endless loop is enough to wait for
            item.stash[NOT_REACHED] = True
            pytest.skip("not run: an earlier test of this file had to be stopped")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_call(self, item):
        """After the fixtures, so that a device this machine lacks is still reported as such."""
        skipped_params = self.failed_tests.get((target_of(item), tested_function(item)))
        if self.gate and skipped_params is not None:  # one failure of a test says enough: faster feedback
            skipped_params.append(parameters(item))
            item.stash[NOT_REACHED] = True
            pytest.skip("not run: the same test already failed")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        if STEP_KEY not in item.stash:
            return report
        target, step = target_of(item), item.stash[STEP_KEY]
        result = self.result(target, step.number)
        if report.failed or (report.skipped and hasattr(report, "wasxfail")):  # xfail: a failing bonus
            result.failed += 1
            self.first_failing.setdefault(target, step.number)
            result.failures.append(describe_failure(item, call, target))
            self.failed_tests.setdefault((target, tested_function(item)), [])
            if is_timeout(call):
                self.timed_out.add(target)
        elif report.when == "call" and report.passed:
            result.passed += 1
        elif report.skipped:
            if item.stash.get(NOT_REACHED, False):
                result.not_reached += 1
            else:
                result.skip_reasons.append(report.longrepr[2].removeprefix("Skipped: "))
        return report

    def pytest_warning_recorded(self, warning_message, nodeid):
        text = f"{warning_message.category.__name__}: {warning_message.message}"
        self.warnings.setdefault(nodeid, []).append(text)

    def pytest_report_teststatus(self, report):
        """No row of progress letters, and counts in the kata's words: the coach's report says the rest."""
        if hasattr(report, "wasxfail"):  # the bonus step, failing (xfailed) or passing (xpassed)
            return ("bonus failing" if report.skipped else "bonus passed"), "", ""
        if report.skipped and ("not run" in str(report.longrepr) or "not reached" in str(report.longrepr)):
            return "not reached", "", ""
        if report.when == "call" or report.outcome != "passed":
            return report.outcome, "", ""
        return None

    def pytest_sessionfinish(self, session):
        path = self.config.getoption("--results-json")
        if path:
            table = {
                target: {str(number): result.status for (t, number), result in self.results.items() if t == target}
                for target in {t for t, _ in self.results}
            }
            with open(path, "w") as f:
                json.dump(table, f, indent=1, sort_keys=True)

    def pytest_terminal_summary(self, terminalreporter):
        targets = sorted({t for t, _ in self.results})
        for target in targets:
            self.write_report(terminalreporter, target)

    def write_report(self, tr, target: str) -> None:
        shown = [s for s in self.steps if (target, s.number) in self.results]
        tr.write_sep("=", f"kata coach: {display_path(target_path(target))}")
        for step in shown:
            status = self.results[(target, step.number)].status
            colour = {"passed": {"green": True}, "failing": {"red": True, "bold": True}}.get(status, {"yellow": True})
            optional = "  (optional)" if step.optional else ""
            tr.write_line(f"  Step {step.number}  {step.title:<36} {status}{optional}", **colour)
        reasons = Counter(r for s in shown for r in self.results[(target, s.number)].skip_reasons)
        for reason, count in sorted(reasons.items()):
            tr.write_line(f"  skipped, not failed: {reason} ({count} test{'s' * (count > 1)})")
        failing = self.first_failing.get(target)
        all_passed = shown and all(self.results[(target, s.number)].status == "passed" for s in shown)
        if failing is None:
            if all_passed and len(shown) == len(self.steps):
                tr.write_line("\nEvery step passes, the bonus too. Well done!", green=True, bold=True)
            elif all_passed:
                tr.write_line(f"\nStep {', '.join(str(s.number) for s in shown)} passes.", green=True, bold=True)
            return
        step = self.steps[failing - 1]
        required = [s.number for s in required_steps()]
        if step.optional and all(self.results.get((target, n), StepResult()).status == "passed" for n in required):
            tr.write_line("\nEvery required step passes. Well done! The next one is an optional bonus:", green=True)
        tr.write_line("")
        tr.write_sep("-", f"Step {step.number}: {step.title}")
        tr.write_line(f"Goal: {step.goal}")
        # One test failing for several parameters is told once, with the others named.
        by_test: dict[str, list[dict]] = {}
        for failure in self.results[(target, failing)].failures:
            by_test.setdefault(failure["test"], []).append(failure)
        load_errors = [f for f in self.results[(target, failing)].failures if f["load_error"]]
        if load_errors:  # every test needs the file: say it once
            tr.write_line("")
            for line in load_errors[0]["text"].splitlines():
                tr.write_line(f"  {line}", red=True)
            by_test = {}
        for first, *others in by_test.values():
            tr.write_line("")
            tr.write_line(f"✗ {first['title']}", red=True, bold=True)
            for line in first["text"].splitlines():
                tr.write_line(f"  {line}")
            for warning in dict.fromkeys(self.warnings.get(first["nodeid"], [])):
                tr.write_line(f"  warned while it ran: {warning}", yellow=True)
            if others:
                tr.write_line(f"  (fails the same way for {', '.join(o['params'] for o in others)})")
            not_run = self.failed_tests.get((target, first["test"]), [])
            if not_run:
                tr.write_line(f"  (not run again for {', '.join(not_run)}: one failure says enough)")
        tr.write_line("")
        tr.write_line(
            f"Stuck? `make hint` shows a hint for step {step.number};"
            f" `make test STEP={step.number}` runs this step alone."
        )


def is_timeout(call) -> bool:
    return call.excinfo is not None and str(call.excinfo.value).startswith("Timeout")


# The names the forum's script already has; the contract's others are written by the learner.
FORUM_NAMES = {"Net", "make_data", "train", "main"}
# What the tests' parameters are called in the report.
PARAMETER_NAMES = {"any_device": "device", "placement_device": "device", "accelerator": "device"}


def tested_function(item) -> str:
    return getattr(item, "originalname", item.name)


def parameters(item) -> str:
    callspec = getattr(item, "callspec", None)
    params = callspec.params.items() if callspec else ()
    return ", ".join(f"{PARAMETER_NAMES.get(k, k)}={v}" for k, v in params if k not in ("kata", "function_name"))


def describe_failure(item, call, target: str) -> dict:
    doc = (item.function.__doc__ or item.name).strip().splitlines()[0]
    params = parameters(item)
    title = doc + (f"  [{params}]" if params else "")
    test = tested_function(item)
    error = call.excinfo.value if call.excinfo else None
    path = target_path(target)
    if isinstance(error, StepFailure | TargetLoadError):
        text = str(error)
    elif is_timeout(call):
        text = (
            f"Stopped after {error.args[0].split('>')[1].split(')')[0]}: it never finished. An endless loop?"
            " A while loop ends only when something in it changes its condition.\n"
            "It was here when it was stopped:\n" + learner_traceback(error, path).rstrip()
        )
    elif isinstance(error, AttributeError) and getattr(error, "name", None) in CONTRACT and error.obj is not None:
        if error.name in FORUM_NAMES:
            text = (
                f"{display_path(path)} has no `{error.name}`, which the contract expects:\n"
                f"    {CONTRACT[error.name]}\nWas it renamed, deleted, or moved inside something else?"
            )
        else:
            text = f"This step asks you to write a new function, `{error.name}`:\n    {CONTRACT[error.name]}"
    elif error is not None:
        text = "Your code raised an error:\n" + learner_traceback(error, path).rstrip()
        if not any(line.lstrip().startswith("File ") for line in text.splitlines()):
            text += (
                "\n(raised at the call itself, before a line of your file ran: compare the"
                " function's signature with the contract at the top of kata/regression.py)"
            )
    else:
        text = "failed"
    return {
        "test": test,
        "title": title,
        "params": params,
        "text": text,
        "nodeid": item.nodeid,
        "load_error": isinstance(error, TargetLoadError),
    }
