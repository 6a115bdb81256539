"""Every command's temporary files in one folder of its own, removed when the command ends.

A command's temporary files (transcoded exports, the report kernel's sockets, throw-away
warehouses, Spark's work) go to ``<temp>/refusals-<pid>``: Python's ``tempfile`` and the
processes it starts (``TMPDIR``) are pointed there while it runs, and the folder goes when the
command returns or fails. ``kill -9``, the OOM killer or a reboot leave no chance to clean up, so
each command first removes the folders of the processes that no longer exist: a weekly run killed
while transcoding a large export does not leave its copy behind for ever.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_PREFIX = "refusals-"


@contextlib.contextmanager
def process_scratch() -> Iterator[Path]:
    """Point temporary files at this process's own folder while the block runs (after removing
    what dead processes left), then remove it."""
    system = Path(tempfile.gettempdir())
    sweep(system)
    folder = system / f"{_PREFIX}{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)  # left by a dead process that had this pid
    folder.mkdir(mode=0o700)
    saved_tempdir, saved_env = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_tempdir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        shutil.rmtree(folder, ignore_errors=True)


def sweep(folder: Path) -> list[Path]:
    """Remove the scratch folders in ``folder`` of this user's processes that have ended."""
    removed = []
    for path in folder.glob(f"{_PREFIX}*"):
        pid = path.name.removeprefix(_PREFIX)
        with contextlib.suppress(OSError):  # gone already, or not ours to look at
            if pid.isdigit() and path.stat().st_uid == os.getuid() and not _alive(int(pid)):
                shutil.rmtree(path)
                removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
