"""The fault suite: what a scheduled run promises when it is killed or its disk fails.

``kill -9`` lands at evenly spread moments of a whole run, and just after each stage starts,
one after another on the same warehouse and output folder (each run after a kill is the next run
of the one killed), through loading, building, validating, rendering and publishing. After each
kill, the week's folder is the previous one byte for byte or the new one whole, and the warehouse
opens; after the last, a run to the end gives the same ``refusals.csv`` as a run never
interrupted, and leaves nothing of the killed runs in the temporary folder. Kills while a run
retires old exports (``--keep-weeks``) leave the warehouse as it was or with the files retired,
never half. A disk that fails while the outputs are written, or an output folder that cannot be
written, leaves the same, with exit 70.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from pipelines import config
from pipelines.sample import generate_sample

pytestmark = pytest.mark.slow
WEEK = "2026-W47"
#: kills at evenly spread moments of a run...
EVEN_KILLS = 8
#: ...and at moments after each stage starts (the log line that says so), so that every stage
#: is hit however fast this machine runs: seconds after the line
STAGE_STARTS = {
    "loading": "loading ",
    "building": "model intermediate/",
    "validating": "validating",
    "rendering": "rendering the report",
    "publishing": "stage report took",
}
DELAYS_AFTER_START = (0.0, 0.1, 0.3)
#: What the run is doing, read from the last line of its --verbose log
STAGES = (
    (re.compile(r"model staging/|loading "), "loading"),
    (re.compile(r"model (intermediate|marts)/"), "building"),
    (re.compile(r"validating|model validate/"), "validating"),
    (re.compile(r"rendering the report"), "rendering"),
    (re.compile(r"stage report took"), "publishing"),
)


def _run(root: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipelines.cli", "run", "--input", str(root / "input"),
            "--out", str(root / "reports"), "--warehouse", str(root / "warehouse.duckdb"),
            "--week", WEEK, *extra]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(config.PROJECT_ROOT)}


def _digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _shape(week: Path) -> set[str]:
    """The files a whole week folder holds (Data Docs pages are named by time: their index)."""
    return {str(path.relative_to(week)) for path in week.rglob("*")
            if path.is_file() and (path.parent == week or path.name == "index.html")}


def _stage(log: str) -> str:
    for line in reversed(log.splitlines()):
        for pattern, stage in STAGES:
            if pattern.search(line):
                return stage
    return "starting"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A small shop with its week published, a new export waiting, and what a run that is never
    interrupted makes of it (its refusals.csv and how long it takes)."""
    published = tmp_path_factory.mktemp("published")
    generate_sample(published / "input", orders=800, seed=3, weeks=3)
    shutil.rmtree(published / "input" / "labels")
    subprocess.run(_run(published), env=_env(), check=True, capture_output=True)
    # the week's orders again, one more line: the next run has a file to load
    extra = next((published / "input").glob("*.csv"))
    (published / "waiting").mkdir()
    (published / "waiting" / f"again_{extra.name}").write_bytes(extra.read_bytes() + b"\n")
    clean = tmp_path_factory.mktemp("clean")
    _copy(published, clean)
    started = time.monotonic()
    subprocess.run(_run(clean), env=_env(), check=True, capture_output=True)
    return {"published": published, "seconds": time.monotonic() - started,
            "refusals": (clean / "reports" / WEEK / "refusals.csv").read_bytes(),
            "files": _shape(clean / "reports" / WEEK)}


def _copy(shop_root: Path, target: Path) -> None:
    for name in ("input", "reports"):
        shutil.copytree(shop_root / name, target / name, dirs_exist_ok=True)
    shutil.copy(shop_root / "warehouse.duckdb", target / "warehouse.duckdb")
    for waiting in (shop_root / "waiting").iterdir():
        shutil.copy(waiting, target / "input" / waiting.name)


def _assert_previous_or_whole(week: Path, previous: dict[str, str], shop: dict) -> str:
    now = _digests(week)
    if now == previous:
        return "previous"
    assert _shape(week) >= shop["files"], "the week's folder is neither the previous one nor whole"
    assert (week / "refusals.csv").read_bytes() == shop["refusals"]
    return "new"


def _assert_warehouse_opens(path: Path) -> None:
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_refusals").fetchall()[0][0] > 0


def test_kill_9_anywhere_in_a_run_loses_nothing(shop: dict, tmp_path: Path) -> None:
    root = tmp_path / "shop"
    _copy(shop["published"], root)
    # the runs' temporary folder, where a killed run's files must not stay (short: the report
    # kernel's Unix sockets go in it, and their paths must fit in 107 bytes)
    temp = Path(tempfile.mkdtemp(prefix="faults-"))
    env = {**_env(), "TMPDIR": str(temp)}
    left_by_kills = 0
    week = root / "reports" / WEEK
    previous = _digests(week)
    stages, outcomes = [], []
    moments = [(None, shop["seconds"] * (point + 0.5) / EVEN_KILLS)
               for point in range(EVEN_KILLS)]
    moments += [(line, delay) for line in STAGE_STARTS.values() for delay in DELAYS_AFTER_START]
    for point, (since, delay) in enumerate(moments):
        log_path = tmp_path / f"kill_{point}.log"
        with log_path.open("w") as log:
            run = subprocess.Popen(_run(root, "--verbose"), env=env, start_new_session=True,
                                   stdout=log, stderr=subprocess.STDOUT)
            if since:
                _wait_for_line(log_path, since, run)
            time.sleep(delay)
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
        stages.append(_stage(log_path.read_text()))
        outcome = _assert_previous_or_whole(week, previous, shop)
        outcomes.append(outcome)
        if outcome == "new":
            previous = _digests(week)
        _assert_warehouse_opens(root / "warehouse.duckdb")
        left_by_kills = max(left_by_kills, len(list(temp.iterdir())))
    finished = subprocess.run(_run(root), env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert (week / "refusals.csv").read_bytes() == shop["refusals"]
    assert not [path.name for path in (root / "reports").iterdir() if path.name.startswith(".")]
    assert not list(root.glob("warehouse.duckdb.next*"))
    assert left_by_kills and list(temp.iterdir()) == []
    temp.rmdir()
    reached = sorted(set(stages))
    print(f"{len(moments)} kills over a {shop['seconds']:.1f} s run, by stage: "
          + ", ".join(f"{stage} {stages.count(stage)}" for stage in reached)
          + f"; the week's folder after them: {outcomes.count('previous')} previous, "
          + f"{outcomes.count('new')} new")
    assert set(STAGE_STARTS) <= set(reached), stages


def _wait_for_line(log_path: Path, text: str, run: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while text not in log_path.read_text():
        assert run.poll() is None and time.monotonic() < deadline, "the run never got there"
        time.sleep(0.005)


#: Runs the CLI with one function of the pipeline failing as the disk does.
_FAILING_DISK = """
import errno, importlib, sys
from pipelines import cli

def failing(*args, **kwargs):
    raise OSError(errno.{code}, "{reason}")

setattr(importlib.import_module("{module}"), "{function}", failing)
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize(("module", "function", "code", "reason"), [
    ("pipelines.publish.outputs", "write_csv", "ENOSPC", "No space left on device"),
    ("pipelines.publish.outputs", "write_xlsx", "ENOSPC", "No space left on device"),
    # a read-only output folder (chmod does not stop root, who runs CI: the error is injected)
    ("pipelines.publish.swap", "staging_folder", "EROFS", "Read-only file system"),
])
def test_a_failing_disk_while_publishing_exits_70_and_keeps_the_last_report(
        shop: dict, tmp_path: Path, module: str, function: str, code: str, reason: str) -> None:
    root = tmp_path / "shop"
    _copy(shop["published"], root)
    previous = _digests(root / "reports" / WEEK)
    warehouse_before = hashlib.sha256((root / "warehouse.duckdb").read_bytes()).hexdigest()
    script = _FAILING_DISK.format(module=module, function=function, code=code, reason=reason)
    failed = subprocess.run([sys.executable, "-c", script, *_run(root)[3:]], env=_env(),
                            capture_output=True, text=True)
    assert failed.returncode == 70, failed.stderr
    assert "Traceback" not in failed.stderr and len(failed.stderr.strip().splitlines()) <= 2
    assert _digests(root / "reports" / WEEK) == previous
    assert hashlib.sha256((root / "warehouse.duckdb").read_bytes()).hexdigest() == (
        warehouse_before)
    again = subprocess.run(_run(root), env=_env(), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    rows = list(csv.DictReader((root / "reports" / WEEK / "refusals.csv")
                               .read_text(encoding="utf-8-sig").splitlines()))
    assert rows and (root / "reports" / WEEK / "refusals.csv").read_bytes() == shop["refusals"]


#: Runs the CLI with a two-week look-back (instead of 17), so that a few weeks of sample data
#: have exports that no kept week reads (tests/test_retention.py does the same in-process).
_SHORT_LOOK_BACK = """
import datetime as dt, sys
from pipelines import cli
from pipelines.models import runner

runner.LOOKBACK = dt.timedelta(days=14)
sys.exit(cli.main(sys.argv[1:]))
"""
#: seconds after retiring starts (it takes most of a second at this size: the retiring
#: transaction, then staging rebuilt without the retired files)
RETIRE_DELAYS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6)
RETIRING = "retiring the export files"


def _retiring_run(root: Path, *extra: str) -> list[str]:
    return [sys.executable, "-c", _SHORT_LOOK_BACK, *_run(root, "--keep-weeks", "1", *extra)[3:]]


def _retired(warehouse_path: Path) -> set[str]:
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        return {sha for (sha,) in con.execute("select file_sha256 from meta.retired_files")
                .fetchall()}


def test_kill_9_while_retiring_old_exports_loses_nothing(shop: dict, tmp_path: Path) -> None:
    # the published shop kept everything; keeping one week now retires its oldest exports
    clean = tmp_path / "clean"
    _copy(shop["published"], clean)
    finished = subprocess.run(_retiring_run(clean), env=_env(), capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    retired = _retired(clean / "warehouse.duckdb")
    assert retired, "the shop has no export for a one-week, two-week look-back run to retire"
    refusals = (clean / "reports" / WEEK / "refusals.csv").read_bytes()

    root = tmp_path / "shop"
    _copy(shop["published"], root)
    week = root / "reports" / WEEK
    previous = _digests(week)
    while_retiring = 0
    for point, delay in enumerate(RETIRE_DELAYS):
        log_path = tmp_path / f"kill_{point}.log"
        had_retired = _retired(root / "warehouse.duckdb")
        with log_path.open("w") as log:
            run = subprocess.Popen(_retiring_run(root, "--verbose"), env=_env(),
                                   start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
            _wait_for_line(log_path, RETIRING, run)
            time.sleep(delay)
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
        # a run after one that got as far as publishing its warehouse has nothing left to retire
        while_retiring += not had_retired and "stage retire took" not in log_path.read_text()
        now = _digests(week)
        if now != previous:
            assert (week / "refusals.csv").read_bytes() == refusals
            previous = now
        # the live warehouse is the one before the run, or the run's whole: retired files and all
        assert _retired(root / "warehouse.duckdb") in (set(), retired)
        _assert_warehouse_opens(root / "warehouse.duckdb")
    again = subprocess.run(_retiring_run(root), env=_env(), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert (week / "refusals.csv").read_bytes() == refusals
    assert _retired(root / "warehouse.duckdb") == retired
    assert not list(root.glob("warehouse.duckdb.next*"))
    print(f"{len(RETIRE_DELAYS)} kills after retiring started, {while_retiring} of them before "
          "it ended with files to retire")
    assert while_retiring, "no kill landed while the run was retiring exports"
