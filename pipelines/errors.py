"""Errors a user can act on. Each carries one sentence naming the file (and row/column where it
applies) and what to do; the CLI prints it instead of a traceback."""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_DATA = 1  # the data failed validation or could not be read: nothing published
EXIT_USAGE = 2  # bad flag, missing folder
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug, a failed notebook, a disk or database error


class UserFacingError(Exception):
    """Base class: ``str(error)`` is the whole message shown to the user."""

    exit_code = EXIT_DATA


class UsageError(UserFacingError):
    exit_code = EXIT_USAGE


class InputFileError(UserFacingError):
    """An input file that cannot be read as an export at all (the run stops before loading)."""

    def __init__(self, path: Path | str, problem: str, action: str, row: int | None = None):
        where = f"{Path(path).name}" + (f", row {row}" if row is not None else "")
        super().__init__(f"{where}: {problem}; {action}.")
        self.path = Path(path)
        self.row = row
