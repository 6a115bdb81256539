"""Publishing safely: one run at a time, work on a copy, swap results in whole.

A run never writes the live warehouse or a live week folder in place. It copies the warehouse to
``<file>.next``, loads and builds there, renders the report into a hidden folder beside the week
folder, and only when everything succeeded swaps both in: the warehouse with ``os.replace``, the
week folder by exchanging it with the new one in a single ``renameat2(RENAME_EXCHANGE)`` call, so
there is no moment without the week's report (Linux ≥ 3.15 with glibc ≥ 2.28, on ext4, xfs, btrfs
or tmpfs; where the file system cannot exchange, two renames, and a run killed between them gets
the previous folder back at the next run). A failed or killed run leaves the previous warehouse
and report as they were; its leftovers are cleared by the next run.

Building beside the live file, not in it, is also what lets a run publish while analysts'
notebooks hold the warehouse open read-only: DuckDB lets no process write a file that another
process has open, so a run writing the live file in place would fail, or lock the notebooks
out, for as long as it ran (``tests/test_unattended.py``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from pipelines.errors import UserFacingError
from pipelines.weeks import Week

EXIT_BUSY = 75  # EX_TEMPFAIL: another run holds the lock; try again later


class RunInProgressError(UserFacingError):
    exit_code = EXIT_BUSY


@contextlib.contextmanager
def exclusive_run(warehouse_path: Path, wait_seconds: float) -> Iterator[None]:
    """Hold the warehouse's run lock (DuckDB allows one writer); wait up to ``wait_seconds``."""
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse_path.with_name(warehouse_path.name + ".lock")
    with lock_path.open("a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RunInProgressError(
                        f"{warehouse_path.name}: another refusals run is using this warehouse; "
                        "wait for it to finish or pass --wait SECONDS to queue behind it."
                    ) from None
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def working_copy(warehouse_path: Path) -> Path:
    """A fresh ``<file>.next`` to build in: a copy of the live warehouse, or nothing yet."""
    scratch = warehouse_path.with_name(warehouse_path.name + ".next")
    for leftover in (scratch, scratch.with_name(scratch.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if warehouse_path.exists():
        shutil.copyfile(warehouse_path, scratch)
    return scratch


def discard(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def promote_warehouse(scratch: Path, warehouse_path: Path) -> None:
    os.replace(scratch, warehouse_path)


def staging_folder(final_dir: Path) -> Path:
    """A hidden sibling of ``final_dir`` to render into (same file system: renames are atomic)."""
    final_dir.parent.mkdir(parents=True, exist_ok=True)
    retired = sorted(final_dir.parent.glob(f".{final_dir.name}.*.old"))
    if retired and not final_dir.exists():  # killed mid-swap: put the previous report back
        os.replace(retired[-1], final_dir)
    for leftover in final_dir.parent.glob(f".{final_dir.name}.*"):
        shutil.rmtree(leftover, ignore_errors=True)
    folder = final_dir.parent / f".{final_dir.name}.{uuid.uuid4().hex[:8]}.new"
    folder.mkdir()
    return folder


def promote_folder(built: Path, final_dir: Path) -> None:
    """Swap ``built`` in as ``final_dir`` in one step, then remove the previous folder."""
    if not final_dir.exists():
        os.rename(built, final_dir)  # nothing to replace: appearing whole is one rename
        return
    if _exchange(built, final_dir):
        shutil.rmtree(built, ignore_errors=True)  # now the previous report
        return
    # no exchange on this file system: move the old folder aside first (staging_folder puts it
    # back if a run is killed between the two renames)
    retired = final_dir.parent / f".{final_dir.name}.{uuid.uuid4().hex[:8]}.old"
    os.replace(final_dir, retired)
    os.replace(built, final_dir)
    shutil.rmtree(retired, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
#: errnos saying the system or file system cannot exchange paths: fall back to two renames
_CANNOT_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two paths (``renameat2`` with ``RENAME_EXCHANGE``); False when this
    system cannot, any other failure raised."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not glibc 2.28+ (or not Linux)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT_EXCHANGE:
        logging.getLogger(__name__).warning(
            "%s: this file system cannot exchange folders atomically; publishing with two "
            "renames", second.parent)
        return False
    raise OSError(code, os.strerror(code), str(second))


def remove_week_folders_before(out_dir: Path, oldest_kept: Week) -> list[Path]:
    """Retention: delete ``<out_dir>/<ISO week>`` folders of weeks before ``oldest_kept``."""
    removed = []
    for folder in sorted(out_dir.glob("[0-9][0-9][0-9][0-9]-W[0-9][0-9]")):
        if folder.is_dir() and folder.name < str(oldest_kept):  # ISO week names sort by time
            shutil.rmtree(folder)
            removed.append(folder)
    return removed
