"""A warehouse written by an earlier release keeps working.

``tests/fixtures/warehouse_layout_1.duckdb.gz`` was written by the release before warehouse layouts
were numbered (three orders and their tracking, loaded and built; gzipped: its empty blocks
compress 12 MB to a few hundred KB), ``warehouse_layout_2.duckdb.gz`` by the last release of
layout 2 (before the models kept by key), ``warehouse_layout_3.duckdb.gz`` by the last release of
layout 3 (one landing table per export kind). A new layout gets its own fixture, written by the
release before it with ``python tests/test_upgrades.py <fixture>``; the old ones stay, and every
test runs on each.
"""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import KUAIDI100_HEADER, ORDER_HEADER, order_row, refused_journey, write_export

from pipelines import pipeline, warehouse
from pipelines.ingest import exports
from pipelines.models import runner

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("warehouse_layout_*.duckdb.gz"))


def _exports(folder: Path, first: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    orders = [order_row(f"261116-00000000000000{first + index}", f"731600000000{first + index}")
              for index in range(3)]
    events = [event for index in range(3) for event in
              refused_journey(f"731600000000{first + index}", "客户拒收，原因：质量问题")]
    write_export(folder, f"orders_{first}.csv", ORDER_HEADER, orders)
    write_export(folder, f"events_{first}.csv", KUAIDI100_HEADER, events)
    return folder


@pytest.fixture(params=FIXTURES, ids=lambda fixture: fixture.name.split(".")[0])
def old_warehouse(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    path = tmp_path / "refusals.duckdb"
    with gzip.open(request.param) as packed, path.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    return path


def test_an_earlier_warehouse_loads_new_exports_and_builds(old_warehouse: Path, tmp_path: Path):
    with warehouse.connect(old_warehouse) as con:
        pipeline.load_and_build(con, _exports(tmp_path / "new", first=4))
        refused = con.execute("select count(*) from marts.fct_refusals").fetchall()[0][0]
        version = con.execute("select version from meta.schema_version").fetchall()
        intermediate = {f"intermediate.{name}" for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'intermediate' "
            "union all select view_name from duckdb_views() where schema_name = 'intermediate'"
        ).fetchall()}
    assert refused == 6  # the three it held and the three new ones
    assert version == [(warehouse.SCHEMA_VERSION,)]
    # what the release that wrote it built and this one does not (int_event_texts_classified)
    # is gone; what this one builds is there
    assert intermediate == {model.name for model in runner.project_models()
                            if model.layer == "intermediate"}


def test_an_export_kind_that_gains_a_column_keeps_the_earlier_rows_and_their_lines(
        old_warehouse: Path, monkeypatch: pytest.MonkeyPatch):
    with warehouse.connect(old_warehouse) as con:
        before = con.execute("select source_file, source_row, order_id from raw.orders "
                             "order by source_file, source_row").fetchall()
    grown = {**exports.RAW_TABLES, "orders": (*exports.RAW_TABLES["orders"], "gift_wrap")}
    monkeypatch.setattr(warehouse, "RAW_TABLES", grown)
    with warehouse.connect(old_warehouse) as con:
        warehouse.ensure_tables(con)
        after = con.execute("select source_file, source_row, order_id, gift_wrap from raw.orders "
                            "order by source_file, source_row").fetchall()
    assert after == [(*row, None) for row in before]
    assert before


def test_every_landed_line_keeps_its_number_and_retired_rows_go_when_files_get_own_tables(
        old_warehouse: Path):
    """Layout 4 moves each file's rows to a table of its own. Before it, one table per export
    kind held them, a file's lines numbered from its first rowid, and a retired file's rows
    stayed there unread: those are made here, then the warehouse is brought to this release."""
    retired, later = "a" * 64, "b" * 64
    shown = ("select file_sha256, source_file, source_row, order_id, tracking_no from raw.orders "
             "order by source_file, source_row")
    with duckdb.connect(str(old_warehouse)) as con:
        con.execute("insert into landing.orders (file_sha256, order_id) "
                    "select ?, order_id || '-retired' from landing.orders", [retired])
        [(first_rowid,)] = con.execute("select max(rowid) + 1 from landing.orders").fetchall()
        con.execute("insert into landing.orders (file_sha256, order_id, tracking_no) "
                    "select ?, order_id || '-later', tracking_no from landing.orders "
                    "where file_sha256 <> ? order by rowid", [later, retired])
        con.execute("insert into meta.loaded_files select ?, 'orders_later.csv', kind, "
                    "file_format, encoding, size_bytes, rows_read, ?, load_id, loaded_at "
                    "from meta.loaded_files where kind = 'orders'", [later, first_rowid])
        before = con.execute(shown).fetchall()
    with warehouse.connect(old_warehouse) as con:
        warehouse.ensure_tables(con)
        after = con.execute(shown).fetchall()
        landed = con.execute(
            "select table_name from duckdb_tables() where schema_name = 'landing' order by all"
        ).fetchall()
        loaded = con.execute("select file_sha256, kind from meta.loaded_files").fetchall()
    assert after == before
    assert [row[2] for row in before if row[0] == later] == [2, 3, 4]
    tables = {"orders": "orders", "logistics_kuaidi100": "tracking_events"}
    assert sorted(landed) == sorted(
        (warehouse.landing_table(tables[kind], sha256).removeprefix("landing."),)
        for sha256, kind in loaded)
    assert later in {sha256 for sha256, _ in loaded} and len(landed) == 3


def test_a_warehouse_from_a_newer_release_is_refused_with_a_sentence(old_warehouse: Path):
    with warehouse.connect(old_warehouse) as con:
        warehouse.ensure_tables(con)
        con.execute("update meta.schema_version set version = version + 1")
    with warehouse.connect(old_warehouse) as con, pytest.raises(
            warehouse.NewerWarehouseError, match="written by a newer release"):
        warehouse.ensure_tables(con)


def _make_fixture(target: Path) -> None:
    """Write a fixture with this release's code (run by hand, see the module docstring)."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        written = Path(scratch) / "refusals.duckdb"
        with warehouse.connect(written) as con:
            pipeline.load_and_build(con, _exports(Path(scratch) / "exports", first=1))
        with written.open("rb") as plain, gzip.GzipFile(target, "wb", mtime=0) as packed:
            shutil.copyfileobj(plain, packed)


if __name__ == "__main__":
    _make_fixture(Path(sys.argv[1]))
