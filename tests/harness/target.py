"""Finds and imports the file under test: the learner's, the reference, or any path."""

import importlib.util
import linecache
import sys
import traceback
from pathlib import Path
from types import ModuleType

from tests.harness.steps import REPO

NAMED_TARGETS = {
    "kata": REPO / "kata" / "regression.py",
    "solutions": REPO / "solutions" / "regression.py",
}


def target_path(name: str) -> Path:
    """`kata`, `solutions`, or a path to any file written to the contract."""
    if name in NAMED_TARGETS:
        return NAMED_TARGETS[name]
    path = Path(name)
    return (path if path.is_absolute() else REPO / path).resolve()


def display_path(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


class TargetLoadError(Exception):
    """The target could not be imported; the message is written for the learner."""


def load_target(path: Path) -> ModuleType:
    if not path.is_file():
        raise TargetLoadError(f"{display_path(path)} does not exist.")
    # Named after its path, so several targets live side by side and errors name the file.
    module_name = display_path(path)
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    linecache.checkcache(str(path))  # the learner may have edited it since
    sys.modules[module_name] = module  # before running it: some libraries look themselves up there
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        del sys.modules[module_name]
        raise TargetLoadError(describe_syntax_error(path, error)) from None
    except Exception as error:  # any import-time error is the learner's to see
        del sys.modules[module_name]
        raise TargetLoadError(
            f"{display_path(path)} raised {type(error).__name__} while being imported:\n"
            + learner_traceback(error, path)
        ) from None
    return module


def describe_syntax_error(path: Path, error: SyntaxError) -> str:
    lines = [f"{display_path(path)} has a syntax error on line {error.lineno}: {error.msg}"]
    if error.text:
        lines.append("    " + error.text.rstrip())
        if error.offset:
            lines.append("    " + " " * (error.offset - 1) + "^")
    return "\n".join(lines)


def learner_traceback(error: BaseException, path: Path) -> str:
    """The frames of the error that lie in the learner's file, then the error itself."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if Path(frame.filename).resolve() == path]
    text = "".join(traceback.format_list(frames)).replace(f"{REPO}/", "")
    return text + "".join(traceback.format_exception_only(type(error), error))
