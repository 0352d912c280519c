"""Checks the Python that will run the kata, with the standard library only.

    python tests/env_check.py           the version is new enough (3.11+, jaxtyping's floor)
    python tests/env_check.py --ready   also: torch is there, and the other pins get installed if missing

Written for old Pythons too, so that they hear why they cannot run the kata.
"""

import importlib.metadata
import importlib.util
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REQUIREMENTS = os.path.join(os.path.dirname(HERE), "requirements.txt")
# The oldest versions the kata's tests work with, where an environment's own may be older.
MINIMUM_VERSIONS = {"pytest": (8, 0), "pytest-timeout": (2, 3), "jaxtyping": (0, 2, 36), "beartype": (0, 19)}
# The module each of the kata's own pins provides; torch is the environment's own.
PINNED_MODULES = {
    "numpy": "numpy",
    "jaxtyping": "jaxtyping",
    "beartype": "beartype",
    "pytest": "pytest",
    "pytest_timeout": "pytest-timeout",
    "ruff": "ruff",
    "watchfiles": "watchfiles",
}


def fail(message):
    sys.stderr.write("\n" + message + "\n\n")
    sys.exit(1)


def check_version():
    if sys.version_info < (3, 11):
        fail(
            "The kata needs Python 3.11 or newer (jaxtyping's floor); %s is %d.%d.\n"
            "Install a newer Python and run, for example: make test PYTHON=python3.12"
            % (sys.executable, sys.version_info[0], sys.version_info[1])
        )


def too_old(package):
    if package not in MINIMUM_VERSIONS:
        return False
    try:
        installed = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return True
    numbers = []
    for part in installed.split(".")[:3]:
        digits = "".join(ch for ch in part if ch.isdigit())
        numbers.append(int(digits) if digits else 0)
    return tuple(numbers) < MINIMUM_VERSIONS[package]


def check_ready():
    """For a Python the kata did not set up itself (PYTHON=..., an active venv or conda env)."""
    if importlib.util.find_spec("torch") is None:
        fail(
            "torch is not installed in %s.\n"
            "Either install it there (pip install torch), or run `make test` without PYTHON= and\n"
            "outside any active environment, so that make sets up .venv with everything pinned." % sys.executable
        )
    missing = [
        package
        for module, package in PINNED_MODULES.items()
        if importlib.util.find_spec(module) is None or too_old(package)
    ]
    if missing:
        # Only what is missing, at the pinned version: the environment's other packages stay as they are.
        with open(REQUIREMENTS) as f:
            pins = [line.strip() for line in f if line.split("==")[0] in missing]
        print("Installing what the kata needs besides torch into %s: %s" % (sys.executable, " ".join(pins)))
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q"] + pins)


if __name__ == "__main__":
    check_version()
    if "--ready" in sys.argv:
        check_ready()
