"""Retention of the warehouse's rows (``run --keep-weeks``): the exports no kept week reads leave
the warehouse, the kept weeks' results and every kept row's line number stay as they were, and
a week whose window lost rows is refused until its files are put back.

The sample spans five weeks; a two-week look-back (instead of 17) lets its last week retire the
exports of its first three."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipelines import config, pipeline, warehouse
from pipelines.errors import UsageError
from pipelines.ingest.exports import RAW_TABLES
from pipelines.models import runner
from pipelines.weeks import parse_week

pytestmark = pytest.mark.slow
WEEK = "2026-W47"
LOOK_BACK = dt.timedelta(days=14)


@dataclass(frozen=True)
class Stores:
    """The same sample run into a warehouse that keeps everything and into one that keeps one
    week (and what that week's look-back reads)."""

    kept_all: Path
    kept_one_week: Path
    reports: Path
    retired: list[dict]


def _run(folder: Path, week: str, store: Path, reports: Path,
         keep_weeks: int | None = None) -> pipeline.RunResult:
    return pipeline.run_week(folder, week, reports / store.stem, store, wait_seconds=0,
                             keep_weeks=keep_weeks)


def _refusals(result: pipeline.RunResult) -> bytes:
    return (result.folder / "refusals.csv").read_bytes()


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> Stores:
    root = tmp_path_factory.mktemp("retention")
    reports = root / "reports"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runner, "LOOKBACK", LOOK_BACK)
        kept_all = _run(config.SAMPLE_DIR, WEEK, root / "all.duckdb", reports)
        kept_one = _run(config.SAMPLE_DIR, WEEK, root / "one.duckdb", reports, keep_weeks=1)
    assert _refusals(kept_one) == _refusals(kept_all)  # retiring happens after publishing
    manifest = json.loads((kept_one.folder / "run.json").read_text(encoding="utf-8"))
    return Stores(root / "all.duckdb", root / "one.duckdb", reports, manifest["retired_inputs"])


@pytest.fixture
def look_back(monkeypatch):
    monkeypatch.setattr(runner, "LOOKBACK", LOOK_BACK)


@pytest.fixture
def warehouse_copy(stores: Stores, tmp_path: Path) -> Path:
    """The warehouse that kept one week, to run more weeks on."""
    copy = tmp_path / "one.duckdb"
    shutil.copy(stores.kept_one_week, copy)
    return copy


def _kept_inputs(stores: Stores, tmp_path: Path) -> Path:
    """The sample's exports without the retired ones."""
    folder = tmp_path / "kept"
    folder.mkdir()
    retired = {file["file"] for file in stores.retired}
    for path in config.SAMPLE_DIR.iterdir():
        if path.is_file() and path.name not in retired:
            shutil.copy(path, folder)
    return folder


def test_only_the_files_no_kept_week_reads_are_retired_and_listed_by_checksum(stores: Stores):
    window_start = parse_week(WEEK).end - LOOK_BACK
    with duckdb.connect(str(stores.kept_one_week), read_only=True) as con:
        listed = con.execute(
            "select file_name, file_sha256, newest_row_at from meta.retired_files"
        ).fetchall()
        live = {name for (name,) in con.execute("select file_name from meta.loaded_files")
                .fetchall()}
        staged = {name for table in RAW_TABLES for (name,) in con.execute(
            f"select distinct source_file from staging.stg_{table}_checked").fetchall()}
        # what was built once per file from the typed rows goes with them
        classified = set(con.execute(
            "select distinct file_sha256 from intermediate.int_tracking_events_coded").fetchall())
        tracking_live = set(con.execute(
            "select file_sha256 from meta.loaded_files where kind in "
            "(select distinct kind from meta.loaded_files where file_sha256 in "
            "(select file_sha256 from staging.stg_tracking_events_checked))").fetchall())
        hashed = set(con.execute(
            "select distinct file_sha256 from staging.stg_content_hashes").fetchall())
        live_sha256s = set(con.execute("select file_sha256 from meta.loaded_files").fetchall())
    assert classified and classified == tracking_live
    assert hashed and hashed <= live_sha256s
    assert listed and {name for name, _, _ in listed} == {file["file"] for file in stores.retired}
    for name, sha256, newest in listed:
        assert newest < window_start
        assert hashlib.sha256((config.SAMPLE_DIR / name).read_bytes()).hexdigest() == sha256
    assert staged == live and not live & {name for name, _, _ in listed}
    exports = {path.name for path in config.SAMPLE_DIR.iterdir() if path.is_file()}
    assert live | {name for name, _, _ in listed} == exports


def _landing_tables(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Each landing table of the warehouse and its row count."""
    names = [name for (name,) in con.execute(
        "select table_name from duckdb_tables() "
        "where database_name = current_database() and schema_name = 'landing'").fetchall()]
    return {name: con.execute(f"select count(*) from landing.{name}").fetchall()[0][0]
            for name in names}


def test_kept_rows_keep_their_lines_and_every_row_is_still_accounted_for(stores: Stores):
    """The retired files' landed rows are gone with their tables; every kept row is the same row
    of the same file, at the same line, as in the warehouse that kept everything."""
    with duckdb.connect(str(stores.kept_one_week), read_only=True) as con:
        rows_read = dict(con.execute(
            "select file_sha256, rows_read from meta.loaded_files").fetchall())
        expected = {warehouse.landing_table(table, sha256).removeprefix("landing."):
                    rows_read[sha256]
                    for table, files in warehouse.loaded_files_by_table(con).items()
                    for sha256, _ in files}
        assert _landing_tables(con) == expected
        con.execute(f"attach '{stores.kept_all}' as kept_all (read_only)")
        for table in RAW_TABLES:
            live_files = "select file_sha256 from meta.loaded_files"
            for first, second in (("raw", "kept_all.raw"), ("kept_all.raw", "raw")):
                [(differ,)] = con.execute(
                    f"select count(*) from (select * from {first}.{table} where file_sha256 in "
                    f"({live_files}) except all select * from {second}.{table} where "
                    f"file_sha256 in ({live_files}))"
                ).fetchall()
                assert differ == 0, table
        [(unbalanced,)] = con.execute(
            "select count(*) from meta.file_accounting "
            "where rows_read <> rows_staged + rows_quarantined + rows_duplicate"
        ).fetchall()
        [(counted,)] = con.execute("select count(*) from meta.file_accounting").fetchall()
        [(live,)] = con.execute("select count(*) from meta.loaded_files").fetchall()
    assert unbalanced == 0 and counted == live
    assert len(stores.retired) >= 3


def _landed(store: Path) -> dict:
    with duckdb.connect(str(store), read_only=True) as con:
        return {
            "landing": _landing_tables(con),
            **{table: sorted(con.execute(f"select file_sha256 from meta.{table}").fetchall())
               for table in ("loaded_files", "retired_files")},
        }


def test_a_kept_week_rerun_publishes_the_same_refusals_without_loading_retired_files_again(
    stores: Stores, warehouse_copy: Path, tmp_path: Path, look_back
):
    """A folder that keeps every week's exports (the sample's folder, retired files and all)
    does not bring the retired ones back; one without them gives the same week too."""
    published = (stores.reports / "all" / WEEK / "refusals.csv").read_bytes()
    before = _landed(warehouse_copy)
    again = _run(config.SAMPLE_DIR, WEEK, warehouse_copy, tmp_path, keep_weeks=1)
    assert _refusals(again) == published
    assert _landed(warehouse_copy) == before
    assert json.loads((again.folder / "run.json").read_text(encoding="utf-8"))[
        "retired_inputs"] == []
    without = _run(_kept_inputs(stores, tmp_path), WEEK, warehouse_copy, tmp_path / "without")
    assert _refusals(without) == published


def test_a_week_whose_look_back_was_retired_is_refused_until_its_files_come_back(
    stores: Stores, warehouse_copy: Path, tmp_path: Path, look_back
):
    before = hashlib.sha256(warehouse_copy.read_bytes()).hexdigest()
    with pytest.raises(UsageError, match=r"meta\.retired_files") as refused:
        _run(_kept_inputs(stores, tmp_path), "2026-W46", warehouse_copy, tmp_path)
    assert "--keep-weeks" in str(refused.value)
    assert hashlib.sha256(warehouse_copy.read_bytes()).hexdigest() == before
    assert not (tmp_path / warehouse_copy.stem / "2026-W46").exists()

    back = _run(config.SAMPLE_DIR, "2026-W46", warehouse_copy, tmp_path)
    kept_all = shutil.copy(stores.kept_all, tmp_path / "all.duckdb")
    reference = _run(config.SAMPLE_DIR, "2026-W46", kept_all, tmp_path)
    assert _refusals(back) == _refusals(reference)
    # what the week reads came back; what no week since reads stayed retired
    window_start = parse_week("2026-W46").end - LOOK_BACK
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        newest = [at for (at,) in con.execute(
            "select newest_row_at from meta.retired_files").fetchall()]
    assert 0 < len(newest) < len(stores.retired)
    assert all(at < window_start for at in newest)
