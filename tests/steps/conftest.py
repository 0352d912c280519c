"""Options and fixtures of the step tests; the coach's report lives in tests/harness/report.py."""

import os

import pytest
import pytest_timeout
import torch

from tests.harness.report import STEP_KEY, CoachReport, target_of
from tests.harness.steps import load_steps, step_of_test_file
from tests.harness.target import TargetLoadError, load_target, target_path

KNOWN_DEVICES = ("cpu", "cuda", "mps")


def pytest_addoption(parser):
    group = parser.getgroup("kata")
    group.addoption(
        "--target",
        default="kata",
        help="what to test: kata (default), solutions, or paths to files, comma-separated",
    )
    group.addoption("--step", type=int, default=None, help="run only this step (1-based)")
    group.addoption(
        "--device",
        default=os.environ.get("KATA_DEVICE") or None,  # the environment variable reaches nested runs too
        choices=KNOWN_DEVICES,
        help="run on this device only (default: $KATA_DEVICE, else cpu plus every available accelerator"
        " at the device step)",
    )
    group.addoption(
        "--no-gate",
        action="store_true",
        help="run every step even after one fails (the repository's own checks use this)",
    )
    group.addoption("--results-json", default=None, help="also write each step's result to this file")


def device_available(device: str) -> bool:
    if device == "meta":
        return True
    if device == "cuda":
        return torch.cuda.is_available()
    if device == "mps":
        return torch.backends.mps.is_available()
    return True


# A test that runs longer than this is stopped: far above the slowest test's
# 2.5 s on a 2-core machine, and low enough that an endless loop is reported
# in under 30 s. `--timeout N` (pytest-timeout's own option) overrides it.
STEP_TEST_TIMEOUT_S = 20


def pytest_configure(config):
    config.pluginmanager.register(CoachReport(config), "kata-coach-report")
    # pytest-timeout prints every thread's stack when it stops a test; the
    # coach's report shows the learner's own frames instead.
    pytest_timeout.dump_stacks = lambda terminal: None
    device = config.getoption("--device")
    if device and not device_available(device):
        raise pytest.UsageError(
            f"DEVICE={device} was asked for, but this machine has no usable {device} device "
            f"(torch {torch.__version__} says torch.{device} is not available). "
            "Run without DEVICE to use the CPU, or on a machine with that accelerator."
        )


def pytest_generate_tests(metafunc):
    if "kata" in metafunc.fixturenames:
        targets = metafunc.config.getoption("--target").split(",")
        metafunc.parametrize("kata", targets, indirect=True, scope="session")
    chosen = metafunc.config.getoption("--device")
    devices = [chosen] if chosen else list(KNOWN_DEVICES)
    accelerators = [d for d in devices if d != "cpu"] or ["cuda"]  # --device cpu: still say why it is skipped
    for name, values in [
        ("any_device", devices),
        ("placement_device", [*devices, "meta"]),  # meta: shapes without data, on every machine
        ("accelerator", accelerators),
    ]:
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, values, indirect=True)


def pytest_collection_modifyitems(config, items):
    steps = load_steps()
    wanted = config.getoption("--step")
    if wanted is not None and not 1 <= wanted <= len(steps):
        raise pytest.UsageError(f"STEP={wanted}: the kata has steps 1 to {len(steps)}.")
    kept = []
    for item in items:
        step = step_of_test_file(item.path, steps)
        if step is None or (wanted is not None and step.number != wanted):
            continue
        item.stash[STEP_KEY] = step
        if config.getoption("timeout") is None:
            item.add_marker(pytest.mark.timeout(STEP_TEST_TIMEOUT_S))
        if step.optional:  # a failing bonus is reported, but does not fail the run
            item.add_marker(pytest.mark.xfail(reason="optional bonus step", strict=False))
        kept.append(item)
    # In step order, each target's steps together, so the first failing step gates the rest.
    kept.sort(key=lambda item: (target_of(item), item.stash[STEP_KEY].number))
    deselected = [item for item in items if item not in kept]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    items[:] = kept


_loaded: dict = {}


@pytest.fixture(scope="session")
def kata(request):
    """The module under test, imported from its file once per session."""
    path = target_path(request.param)
    if path not in _loaded:
        try:
            _loaded[path] = load_target(path)
        except TargetLoadError as error:
            _loaded[path] = error
    if isinstance(_loaded[path], TargetLoadError):
        raise _loaded[path]
    return _loaded[path]


@pytest.fixture(scope="session")
def device(request) -> str:
    """Where steps other than the device step run: --device, or the CPU."""
    return request.config.getoption("--device") or "cpu"


def present_device(request) -> str:
    """The device a test is parametrized with, or a skip saying this machine lacks it."""
    if not device_available(request.param):
        pytest.skip(f"no {request.param} device on this machine")
    return request.param


@pytest.fixture
def any_device(request) -> str:
    return present_device(request)


@pytest.fixture
def placement_device(request) -> str:
    return present_device(request)


@pytest.fixture
def accelerator(request) -> str:
    return present_device(request)
