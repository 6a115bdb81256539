"""The same pipeline on both engines (issue: run on Spark): generated exports plus hand-made edge
cases, built once on DuckDB and once on Spark (``local[2]``), every staging, intermediate and mart
table compared row for row, and the two ``refusals.csv`` byte for byte.

Needs PySpark (the ``[spark]`` extra) and Java 17+. Without them the tests skip, unless
``REFUSALS_REQUIRE_SPARK=1`` (set by ``.ci/run``) turns the skip into a failure."""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CELL_CLEANING

from pipelines import pipeline, warehouse
from pipelines.publish import outputs
from pipelines.sample import generate_sample

pytestmark = pytest.mark.spark

if not shutil.which("java") or not __import__("importlib").util.find_spec("pyspark"):
    if os.environ.get("REFUSALS_REQUIRE_SPARK") == "1":
        raise RuntimeError(
            "the Spark parity tests need PySpark and Java: run scripts/bootstrap --spark"
        )
    pytest.skip("PySpark or Java is missing (pip install -e '.[spark]')", allow_module_level=True)

ORDERS_HEADER = (
    "商品,订单号,订单状态,商品总价(元),用户实付金额(元),商品数量(件),发货时间,商品id,"
    "快递单号,快递公司,订单成交时间\n"
)
EVENTS_HEADER = "快递单号,快递公司,事件时间,状态码,高级状态码,事件描述\n"


def _edge_cases(folder: Path) -> None:
    """Midnight China time on a week boundary, ties in event times (two refusal texts at the same
    second), an order weeks after the rest (an empty week between) whose refusal text names
    the courier and a phone number (masked by three nested replacements), and tracking numbers on
    several orders of a layout without destination: one shipped together (seconds apart), one
    entered again days later and once with no 发货时间 (reused)."""
    (folder / "edge_orders.csv").write_text(
        ORDERS_HEADER + "午夜拒收 测试商品,261122-100000000000001,已发货，待签收,59.90,59.90,1,"
        "2026-11-22 08:00:00,900000000001,EDGE000000001,中通快递,2026-11-21 10:00:00\n"
        + "同秒两条 测试商品,261122-100000000000002,已发货，待签收,59.90,59.90,1,"
        "2026-11-22 09:00:00,900000000001,EDGE000000002,中通快递,2026-11-21 11:00:00\n"
        + "空周之后 测试商品,261207-100000000000003,已发货，待签收,19.90,19.90,1,"
        "2026-12-07 00:00:00,900000000002,EDGE000000003,中通快递,2026-12-06 23:59:59\n"
        + "复用单号 测试商品,261122-100000000000004,已发货，待签收,9.90,9.90,1,"
        "2026-11-22 10:00:00,900000000003,EDGE000000004,中通快递,2026-11-21 12:00:00\n"
        + "复用单号 测试商品,261125-100000000000005,已发货，待签收,9.90,9.90,1,"
        "2026-11-25 10:00:00,900000000003,EDGE000000004,中通快递,2026-11-24 12:00:00\n"
        + "复用单号 测试商品,261121-100000000000008,已发货，待签收,9.90,9.90,1,"
        ",900000000003,EDGE000000004,中通快递,2026-11-21 08:00:00\n"
        + "合并发货 测试商品,261122-100000000000006,已发货，待签收,29.90,29.90,1,"
        "2026-11-22 11:00:10,900000000004,EDGE000000006,中通快递,2026-11-21 13:00:00\n"
        + "合并发货 测试商品,261122-100000000000007,已发货，待签收,39.90,39.90,1,"
        "2026-11-22 11:00:50,900000000005,EDGE000000006,中通快递,2026-11-21 13:05:00\n",
        encoding="utf-8",
    )
    (folder / "edge_events.csv").write_text(
        EVENTS_HEADER
        + "EDGE000000001,zhongtong,2026-11-22 12:00:00,1,103,【上海市】快件已揽收\n"
        + "EDGE000000001,zhongtong,2026-11-23 23:59:59,5,,快件正在派送中\n"
        + "EDGE000000001,zhongtong,2026-11-24 00:00:00,14,203,客户拒收，原因：质量问题\n"
        + "EDGE000000002,zhongtong,2026-11-22 12:00:00,1,103,【上海市】快件已揽收\n"
        + "EDGE000000002,zhongtong,2026-11-23 00:00:00,5,,快件正在派送中\n"
        + "EDGE000000002,zhongtong,2026-11-23 08:00:00,14,203,客户拒收，原因：快递太慢\n"
        + "EDGE000000002,zhongtong,2026-11-23 08:00:00,14,203,客户拒收，原因：外包装破损\n"
        + "EDGE000000003,zhongtong,2026-12-07 00:00:00,1,103,【上海市】快件已揽收\n"
        + "EDGE000000003,zhongtong,2026-12-08 00:00:00,14,203,"
        "收件人拒收，派件员：张三 13812345678，包裹将原路退回\n"
        + "EDGE000000004,zhongtong,2026-11-22 12:00:00,1,103,【上海市】快件已揽收\n"
        + "EDGE000000004,zhongtong,2026-11-23 10:00:00,14,203,客户拒收\n"
        + "EDGE000000006,zhongtong,2026-11-22 12:00:00,1,103,【上海市】快件已揽收\n"
        + "EDGE000000006,zhongtong,2026-11-23 11:00:00,14,203,客户拒收\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("parity")
    exports = root / "exports"
    generate_sample(exports, orders=400, seed=11, weeks=3)
    _edge_cases(exports)
    results = {}
    for engine in ("duckdb", "spark"):
        path = root / f"{engine}.duckdb"
        with warehouse.connect(path) as con:
            pipeline.load_and_build(con, exports, pipeline.Engine(engine))
            outputs.write_refusals_csv(con, root / f"{engine}.csv")
        results[engine] = path
    results["root"] = root
    return results


def _tables(path: Path) -> list[str]:
    with warehouse.connect(path, read_only=True) as con:
        return [
            f"{schema}.{name}"
            for schema, name in con.execute(
                # a model may be a view on DuckDB and a table when it comes back from Spark
                "select schema_name, name from (select schema_name, table_name as name "
                "from duckdb_tables() union all select schema_name, view_name "
                "from duckdb_views() where not internal) "
                "where schema_name in ('staging', 'intermediate', 'marts') "
                "and not ends_with(name, '_checked') order by all"
            ).fetchall()
        ]


def _value(value: object) -> object:
    """Comparable across engines: numbers as floats (Spark's decimals are narrower), timestamps
    and text as they are."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _rows(path: Path, table: str) -> list[tuple]:
    with warehouse.connect(path, read_only=True) as con:
        rows = con.execute(f"select * from {table}").fetchall()
    normalised = [tuple(_value(value) for value in row) for row in rows]
    return sorted(normalised, key=lambda row: [(v is None, str(v)) for v in row])


def _same(left: tuple, right: tuple) -> bool:
    return all(
        math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
        if isinstance(a, float) and isinstance(b, float)
        else a == b
        for a, b in zip(left, right, strict=True)
    )


def test_both_engines_build_the_same_tables(built):
    assert _tables(built["spark"]) == _tables(built["duckdb"])
    assert "marts.fct_refusals" in _tables(built["duckdb"])


@pytest.mark.parametrize(
    "table",
    [
        "staging.stg_orders",
        "staging.stg_tracking_events",
        "staging.stg_after_sales",
        "staging.stg_reviews",
        "staging.stg_store_scores",
        "staging.stg_penalties",
        "staging.quarantine",
        "intermediate.int_orders_deduplicated",
        "intermediate.int_tracking_events_coded",
        "intermediate.int_tracking_events_classified",
        "intermediate.int_shipments_summarized",
        "intermediate.int_parcel_timelines",
        "intermediate.int_parcels_classified",
        "intermediate.int_routes_benchmarked",
        "intermediate.int_parcel_signals",
        "intermediate.int_refusal_anchors",
        "intermediate.int_signal_weights",
        "intermediate.int_refusal_neighbours",
        "marts.fct_parcels",
        "marts.fct_refusals",
        "marts.agg_outcomes_weekly",
        "marts.agg_parcels_weekly",
        "marts.agg_refusal_streaks",
        "marts.agg_refusals_weekly",
        "marts.agg_reviews_daily",
        "marts.dim_couriers",
        "marts.dim_dispute_actions",
        "marts.fct_refusal_signals",
        "marts.fct_refusal_events",
        "marts.fct_dispute_worklist",
        "marts.agg_costs_weekly",
        "marts.agg_alerts_weekly",
        "marts.fct_loose_ends",
        "marts.agg_quarantine_reasons",
        "marts.agg_todo_weekly",
        "marts.agg_evidence_strength_weekly",
        "marts.dim_signal_weights",
    ],
)
def test_every_row_is_the_same_on_both_engines(built, table):
    on_duckdb, on_spark = _rows(built["duckdb"], table), _rows(built["spark"], table)
    assert len(on_spark) == len(on_duckdb)
    different = [
        (duck, spark)
        for duck, spark in zip(on_duckdb, on_spark, strict=True)
        if not _same(duck, spark)
    ]
    assert different == [], "\n".join(f"duckdb {duck}\nspark  {spark}" for duck, spark in different)


def test_the_edge_cases_are_in_the_data(built):
    """The comparison above means something only if the edge cases reached the marts."""
    with warehouse.connect(built["duckdb"], read_only=True) as con:
        refused = dict(
            con.execute(
                "select order_id, refusal_week from marts.fct_refusals "
                "where order_id like '%-10000000000000_'"
            ).fetchall()
        )
    # 2026-11-24 00:00:00 is a Tuesday; 2026-11-23 00:00 starts W48 (midnight belongs to it)
    assert refused["261122-100000000000001"] == "2026-W48"
    assert refused["261122-100000000000002"] == "2026-W48"
    assert refused["261207-100000000000003"] == "2026-W50"
    # a combined shipment refuses each order; a reused number only the one first shipped for
    assert {"261122-100000000000004", "261122-100000000000006", "261122-100000000000007"} <= set(
        refused
    )
    assert not {"261125-100000000000005", "261121-100000000000008"} & set(refused)
    evidence = (built["root"] / "spark.csv").read_text(encoding="utf-8")
    assert "派件员：*** 138****5678" in evidence


def test_cells_are_cleaned_the_same_on_spark(built):
    from pipelines.engines.spark import engine as spark_engine

    spark = spark_engine.spark_session()
    cells = spark.createDataFrame([(cell,) for cell, _ in CELL_CLEANING], "cell string")
    kept = cells.select(spark_engine.clean_cell("cell").alias("kept")).collect()
    assert [row.kept for row in kept] == [kept for _, kept in CELL_CLEANING]


def test_refusals_csv_is_byte_for_byte_the_same(built):
    root = built["root"]
    assert (root / "spark.csv").read_bytes() == (root / "duckdb.csv").read_bytes()


def test_a_weekly_run_publishes_the_same_files_and_checks_on_both_engines(built, tmp_path):
    """``run --engine spark`` brings the raw rows back too, so the checks read the same rows
    (and name the same lines) as after a DuckDB load."""
    from pipelines import cli

    exports = tmp_path / "exports"  # without the edge cases: they lie in the future, which fails
    shutil.copytree(built["root"] / "exports", exports, ignore=shutil.ignore_patterns("edge_*"))
    checks = {}
    for engine in ("duckdb", "spark"):
        database = tmp_path / f"{engine}.duckdb"
        argv = ["run", "--input", str(exports), "--engine", engine]
        argv += [
            "--warehouse",
            str(database),
            "--out",
            str(tmp_path / engine),
            "--week",
            "2026-W47",
        ]
        assert cli.main(argv) == 0
        with warehouse.connect(database, read_only=True) as con:
            checks[engine] = con.execute(
                "select suite, check_name, success, unexpected_count, locations "
                "from meta.validation_results order by all"
            ).fetchall()
            checks[engine].append(
                con.execute("select count(*), sum(source_row) from raw.tracking_events").fetchall()
            )
    assert checks["spark"] == checks["duckdb"]
    [week] = [folder.name for folder in (tmp_path / "duckdb").glob("20*-W*")]
    for published in ("refusals.csv", "worklist.csv"):
        on_spark = (tmp_path / "spark" / week / published).read_bytes()
        assert on_spark == (tmp_path / "duckdb" / week / published).read_bytes()


def test_a_spark_run_refuses_to_drop_the_warehouse_history(built, tmp_path):
    """Spark rebuilds from the folder alone: on a folder lacking files the warehouse loaded
    earlier (here the edge cases), ``run --engine spark`` would have replaced ``landing.*`` with
    the folder's rows. It stops instead, with one sentence, and the warehouse stays as it was."""
    from pipelines import cli

    exports = tmp_path / "exports"
    shutil.copytree(built["root"] / "exports", exports, ignore=shutil.ignore_patterns("edge_*"))
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(built["duckdb"], database)
    before = database.read_bytes()
    argv = ["run", "--input", str(exports), "--engine", "spark", "--warehouse", str(database),
            "--out", str(tmp_path / "reports"), "--week", "2026-W47"]
    assert cli.main(argv) == 2
    assert database.read_bytes() == before
    assert not list(tmp_path.glob("warehouse.duckdb.next*"))
    assert not list((tmp_path / "reports").glob("20*-W*"))


def test_a_spark_run_takes_over_a_warehouse_duckdb_built(built, tmp_path):
    """DuckDB keeps some models as views; Spark's tables replace them, and the week's files
    come out as DuckDB wrote them."""
    from pipelines import cli

    exports = tmp_path / "exports"
    shutil.copytree(built["root"] / "exports", exports, ignore=shutil.ignore_patterns("edge_*"))
    database = tmp_path / "warehouse.duckdb"
    published = {}
    for engine in ("duckdb", "spark"):
        argv = ["run", "--input", str(exports), "--engine", engine, "--warehouse", str(database),
                "--out", str(tmp_path / engine), "--week", "2026-W47"]
        assert cli.main(argv) == 0, engine
        published[engine] = (tmp_path / engine / "2026-W47" / "refusals.csv").read_bytes()
    assert published["spark"] == published["duckdb"]
