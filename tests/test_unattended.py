"""Scheduled runs: the same week twice gives the same outputs, a killed run leaves the previous
report and warehouse as they were, two runs at once never both write, and a cron-like run (no
terminal, bare environment, another working directory) succeeds."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines import config

pytestmark = pytest.mark.slow
WEEK = "2026-W47"


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipelines.cli", *args]


def _run_args(root: Path, *extra: str) -> list[str]:
    return _command("run", "--input", str(root / "input"), "--out", str(root / "reports"),
                    "--warehouse", str(root / "warehouse.duckdb"), "--week", WEEK, *extra)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(config.PROJECT_ROOT)}


def _digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """One successful run on the committed sample, to copy from."""
    root = tmp_path_factory.mktemp("published")
    shutil.copytree(config.SAMPLE_DIR, root / "input", ignore=shutil.ignore_patterns("labels"))
    subprocess.run(_run_args(root), env=_env(), check=True, capture_output=True)
    return root


@pytest.fixture
def root(published: Path, tmp_path: Path) -> Path:
    for name in ("input", "reports"):
        shutil.copytree(published / name, tmp_path / name)
    shutil.copy(published / "warehouse.duckdb", tmp_path / "warehouse.duckdb")
    return tmp_path


def test_the_same_week_twice_gives_the_same_outputs(root: Path, published: Path):
    subprocess.run(_run_args(root), env=_env(), check=True, capture_output=True)
    before, after = published / "reports" / WEEK, root / "reports" / WEEK
    for name in ("refusals.csv", "worklist.csv"):
        assert (after / name).read_bytes() == (before / name).read_bytes(), name
    first, second = (json.loads((folder / "run.json").read_text()) for folder in (before, after))
    for key in ("week", "inputs", "rows", "validation", "rules_version", "learned_weights",
                "outputs", "risk"):
        assert first[key] == second[key], key
    # the manifest times every step of the run in the order they ran, the working copy of the
    # warehouse and the files written after the report among them
    assert list(second["timings_seconds"])[:6] == [
        "working_copy", "load_and_attribute", "validate", "risk", "report", "files"]
    # the input has no labels: the replayed figures rest on the pipeline's own detection
    risk = first["risk"]
    assert risk["as_of"] < "2026-11-23" and risk["parcels_in_transit"] > 100
    assert risk["replay"]["days"] == risk["replay"]["days_asked"] > 0
    assert risk["replay"]["refused_pairs"] > 0
    assert 0.5 < risk["replay"]["auc"] <= 1 and "not a labels file" in (
        risk["replay"]["measured_against"])


def _wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("the run never reached the point to interrupt")
        time.sleep(0.01)


def _kernel_running(run_pid: int) -> bool:
    """Whether the run has started its notebook kernel (Linux: /proc). The kernel gets a session
    of its own (jupyter_client), so it is found as the run's descendant."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"ipykernel" in cmdline.read_bytes() and _descends_from(
                    int(cmdline.parent.name), run_pid):
                return True
        except (OSError, ValueError):  # the process ended meanwhile
            continue
    return False


def _descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        stat = Path(f"/proc/{pid}/stat").read_text()
        pid = int(stat[stat.rindex(")") + 2:].split()[1])  # after "pid (comm) state"
    return False


@pytest.mark.parametrize("moment", ["loading", "notebook"])
def test_a_killed_run_leaves_the_previous_report_and_warehouse(root: Path, moment: str):
    report_before = _digests(root / "reports" / WEEK)
    warehouse_before = hashlib.sha256((root / "warehouse.duckdb").read_bytes()).hexdigest()
    # a new export, so that the run has something to load
    extra = next((root / "input").glob("*.csv"))
    shutil.copy(extra, root / "input" / f"again_{extra.name}")
    (root / "input" / f"again_{extra.name}").write_bytes(extra.read_bytes() + b"\n")
    run = subprocess.Popen(_run_args(root), env=_env(), start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if moment == "loading":
            _wait_for(lambda: (root / "warehouse.duckdb.next").exists())
        else:
            _wait_for(lambda: _kernel_running(run.pid))
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    assert _digests(root / "reports" / WEEK) == report_before
    assert hashlib.sha256((root / "warehouse.duckdb").read_bytes()).hexdigest() == (
        warehouse_before)
    again = subprocess.run(_run_args(root), env=_env(), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert (root / "reports" / WEEK / "weekly_report.html").exists()
    assert not [p for p in (root / "reports").iterdir() if p.name.startswith(f".{WEEK}")]


def test_two_runs_at_once_never_both_write(root: Path):
    first = subprocess.Popen(_run_args(root), env=_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: (root / "warehouse.duckdb.next").exists())
    second = subprocess.run(_run_args(root), env=_env(), capture_output=True, text=True)
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert second.returncode == 75
    assert "another refusals run" in second.stderr and "Traceback" not in second.stderr


_ANALYST = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("select count(*) from meta.runs").fetchall()[0][0], flush=True)
sys.stdin.readline()  # the run happens here, the notebook's connection still open
print(con.execute("select count(*) from meta.runs").fetchall()[0][0], flush=True)
"""


def test_a_run_publishes_while_an_analyst_has_the_warehouse_open(root: Path):
    """A notebook's kernel holding the warehouse open (read-only, as an analyst's does all day)
    neither blocks the scheduled run nor sees it half-done. DuckDB lets no process write a
    file that another process has open, so a run that wrote the live file in place would fail
    here: the run builds beside it and swaps the file in."""
    analyst = subprocess.Popen([sys.executable, "-c", _ANALYST, str(root / "warehouse.duckdb")],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        runs_seen_before = int(analyst.stdout.readline())
        done = subprocess.run(_run_args(root), env=_env(), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        out, _ = analyst.communicate("\n", timeout=60)
    finally:
        analyst.kill()
    assert int(out) == runs_seen_before  # the open connection keeps reading what it opened
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        [(runs_now,)] = con.execute("select count(*) from meta.runs").fetchall()
    assert runs_now == runs_seen_before + 1  # the next notebook opened sees the new run


def test_a_cron_like_run_succeeds_quietly(root: Path, tmp_path: Path):
    script = Path(sys.executable).with_name("refusals")
    if not script.exists():
        pytest.skip("the refusals console script is not installed (scripts/bootstrap does it)")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    bare = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C"}
    done = subprocess.run([str(script), "run", "--input", str(root / "input"), "--out",
                           str(root / "reports"), "--warehouse", str(root / "warehouse.duckdb"),
                           "--week", WEEK],
                          cwd=elsewhere, env=bare, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # cron mails stderr: nothing to say when all went well
    assert f"{WEEK}:" in done.stdout


def test_data_that_fails_validation_publishes_nothing(root: Path):
    report_before = _digests(root / "reports" / WEEK)
    warehouse_before = hashlib.sha256((root / "warehouse.duckdb").read_bytes()).hexdigest()
    broken = root / "input" / "订单导出_excel.csv"
    header = "商品,订单号,订单状态,快递单号,订单成交时间,发货时间\n"
    rows = "".join(f"杯子,\t261120-{n:015d},已发货，待签收,7.31905531025E+13,"
                   f"2026-11-20 10:00:00,2026-11-20 18:00:00\n" for n in range(50))
    broken.write_text(header + rows, encoding="utf-8-sig")
    done = subprocess.run(_run_args(root), env=_env(), capture_output=True, text=True)
    assert done.returncode == 1
    assert "订单导出_excel.csv" in done.stderr and "nothing was published" in done.stderr
    assert "Traceback" not in done.stderr
    assert _digests(root / "reports" / WEEK) == report_before
    assert hashlib.sha256((root / "warehouse.duckdb").read_bytes()).hexdigest() == (
        warehouse_before)
    assert (root / "reports" / "_validation" / WEEK / "index.html").exists()


def test_a_database_fault_exits_70_with_a_log_not_a_traceback(root: Path):
    report_before = _digests(root / "reports" / WEEK)
    (root / "warehouse.duckdb").write_bytes(b"not a DuckDB file\n" * 4096)
    done = subprocess.run(_run_args(root), env=_env(), capture_output=True, text=True)
    assert done.returncode == 70, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    [log] = (root / "logs").glob("refusals-run-*.log")
    assert str(log) in done.stderr
    assert "Traceback" in log.read_text() and "IOException" in log.read_text()
    assert _digests(root / "reports" / WEEK) == report_before


def test_two_shops_run_at_once(published: Path, tmp_path: Path):
    """An agency's cron: two runs started together, each on its own warehouse and output folder,
    give the report of a run alone (their report kernels used to share socket names)."""
    shops = [tmp_path / name for name in ("shop_a", "shop_b")]
    runs = []
    for shop in shops:
        shutil.copytree(published / "input", shop / "input")
        runs.append(subprocess.Popen(_run_args(shop), env=_env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True))
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    alone = (published / "reports" / WEEK / "refusals.csv").read_bytes()
    for shop in shops:
        assert (shop / "reports" / WEEK / "refusals.csv").read_bytes() == alone


def test_the_validation_pages_open_offline(published: Path):
    pages = list((published / "reports" / WEEK / "validation").rglob("*"))
    assert any(page.name == "index.html" for page in pages)
    remote = re.compile(r"""(?:src|href)\s*=\s*["']?\s*https?://""", re.IGNORECASE)
    for page in pages:
        if page.is_file() and page.suffix in (".html", ".css", ".js", ".svg"):
            assert not remote.findall(page.read_text(encoding="utf-8")), page


def _sample_files_by_week(tmp_path: Path) -> dict[str, tuple[str, list[str]]]:
    """The sample's files as (kind, names) by the ISO week they were taken in (their latest row)."""
    from pipelines import warehouse
    from pipelines.ingest import load
    from pipelines.models import runner

    with warehouse.connect(tmp_path / "look.duckdb") as con:
        warehouse.ensure_tables(con)
        load.load_inputs(con, config.SAMPLE_DIR)
        runner.build(con, through="staging")
        taken = " union all ".join(
            f"select file_sha256, file_as_of from staging.stg_{table}_checked"
            for table in ("orders", "tracking_events", "after_sales", "reviews", "store_scores",
                          "penalties")
        )
        rows = con.execute(
            f"select files.file_name, files.kind, strftime(max(taken.file_as_of), '%G-W%V') "
            f"from meta.loaded_files as files inner join ({taken}) as taken using (file_sha256) "
            "group by all order by all"
        ).fetchall()
    return {name: (kind, week) for name, kind, week in rows}


@pytest.mark.parametrize("first", [True, False], ids=["first week", "second week"])
def test_an_old_week_rerun_after_later_weeks_gives_the_same_refusals(tmp_path, first):
    """A week's results know the data until its end: re-running it after the next week's
    exports were loaded publishes the same refusals.csv, byte for byte. The sample's first
    week has its tracking from one provider, the next weeks from the other as well: the
    exports the week read are those it names, whatever came after."""
    from pipelines import pipeline

    # the optional exports of the sample come once, in the last week, covering all of it: a
    # kind first seen later cannot leave an earlier week as it was, so they stay out here
    weekly = {name: week for name, (kind, week) in _sample_files_by_week(tmp_path).items()
              if kind not in ("reviews", "store_scores", "penalties")}
    last = max(weekly.values())
    week = min(weekly.values()) if first else min(
        w for w in weekly.values() if w != last and w > min(weekly.values()))
    folders = {"then": tmp_path / "then", "later": tmp_path / "later"}
    for name, taken in weekly.items():
        for label, folder in folders.items():
            if label == "later" or taken <= week:
                folder.mkdir(exist_ok=True)
                shutil.copy(config.SAMPLE_DIR / name, folder)
    reports, store = tmp_path / "reports", tmp_path / "warehouse.duckdb"

    def run(folder: Path, week_text: str | None) -> pipeline.RunResult:
        return pipeline.run_week(folder, week_text, reports, store, wait_seconds=0)

    then = run(folders["then"], None)
    assert str(then.week) == week
    published = (then.folder / "refusals.csv").read_bytes()
    assert str(run(folders["later"], None).week) == last
    again = run(folders["later"], week)
    assert (again.folder / "refusals.csv").read_bytes() == published


def test_a_weeks_models_read_only_its_look_back_window(tmp_path, monkeypatch):
    """Rows dated more than the look-back before the week's end stay staged but reach no
    model, so a run's work is the window's, not all history's."""
    import datetime as dt

    import duckdb

    from pipelines import pipeline
    from pipelines.models import runner

    look_back = dt.timedelta(days=21)
    monkeypatch.setattr(runner, "LOOKBACK", look_back)
    store = tmp_path / "warehouse.duckdb"
    result = pipeline.run_week(config.SAMPLE_DIR, None, tmp_path / "reports", store,
                               wait_seconds=0)
    with duckdb.connect(str(store), read_only=True) as con:
        [(staged,)] = con.execute("select min(ordered_at) from staging.stg_orders").fetchall()
        [(modelled,)] = con.execute(
            "select min(ordered_at) from intermediate.int_orders_deduplicated").fetchall()
    assert staged < result.week.end - look_back <= modelled
