"""The recipes of docs/architecture.md, followed to the letter on a copy of the models: if a recipe
misses a step, the thing it adds does not work and the test fails."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import KUAIDI100_HEADER, ORDER_HEADER, order_row, refused_journey, write_export

from pipelines import config
from pipelines.ingest import exports


@pytest.fixture
def models_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ``pipelines/models`` that the runner builds from instead of the real one."""
    copy = tmp_path / "models"
    shutil.copytree(config.MODELS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(config, "SQL_DIR", copy / "sql")
    monkeypatch.setattr(config, "SEEDS_DIR", copy / "seeds")
    return copy


def _exports(folder: Path, orders: list[list[str]], events: list[list[str]]) -> Path:
    folder.mkdir()
    write_export(folder, "orders.csv", ORDER_HEADER, orders)
    write_export(folder, "events.csv", KUAIDI100_HEADER, events)
    return folder


COUPONS = exports.ExportKind(
    name="coupons",
    table="coupons",
    signature=("优惠券编号", "券面额(元)"),
    columns=(
        exports.Column("coupon_id", ("优惠券编号",), required=True),
        exports.Column("order_id", ("订单号",)),
        exports.Column("face_value_yuan", ("券面额(元)", "面额"), required=True),
    ),
)

COUPONS_CHECKED_SQL = """\
-- Coupons used on orders (a kind added by following docs/architecture.md).
create or replace table staging.stg_coupons_checked as
with

raw_coupons as (
    select * from raw.coupons
),

final as (
    select
        file_sha256,
        source_file,
        source_row,
        coupon_id,
        order_id,
        try_cast(face_value_yuan as decimal(18, 2)) as face_value_yuan,
        cast(null as timestamp) as file_as_of,
        case
            when try_cast(face_value_yuan as decimal(18, 2)) is null
                then '券面额 "' || coalesce(face_value_yuan, '') || '" is not a number'
        end as quarantine_reason
    from raw_coupons
)

select * from final
"""


def test_adding_an_input_kind_by_the_recipe(tmp_path, models_copy, monkeypatch, build_warehouse):
    # step 1: the kind, its raw table and columns (RAW_TABLES is derived from KINDS at import)
    monkeypatch.setattr(exports, "KINDS", (*exports.KINDS, COUPONS))
    monkeypatch.setitem(exports.RAW_TABLES, "coupons", COUPONS.column_names)
    # steps 2 and 3: the checked model and the two files that split it, as the others have them
    staging = models_copy / "sql" / "staging"
    (staging / "stg_coupons_checked.sql").write_text(COUPONS_CHECKED_SQL, encoding="utf-8")
    for name in ("stg_coupons.sql", "stg_coupons_duplicates.sql"):
        twin = (staging / name.replace("coupons", "orders")).read_text(encoding="utf-8")
        (staging / name).write_text(twin.replace("orders", "coupons"), encoding="utf-8")

    folder = _exports(
        tmp_path / "input",
        [order_row("261116-000000000000001", "7300000000001")],
        refused_journey("7300000000001"),
    )
    write_export(
        folder,
        "优惠券.csv",
        ["优惠券编号", "订单号", "券面额(元)"],
        [["Q1", "261116-000000000000001", "5.00"], ["Q1", "261116-000000000000001", "5.00"],
         ["Q2", "261116-000000000000002", "五元"]],
    )
    con = build_warehouse(folder)

    assert con.execute("select coupon_id, face_value_yuan from staging.stg_coupons").fetchall() \
        == [("Q1", 5)]
    assert con.execute(
        "select raw_table, source_row, quarantine_reason from staging.quarantine"
    ).fetchall() == [("coupons", 4, '券面额 "五元" is not a number')]
    assert con.execute(
        "select rows_read, rows_staged, rows_quarantined, rows_duplicate "
        "from meta.file_accounting where kind = 'coupons'"
    ).fetchall() == [(3, 1, 1, 1)]


WEEKEND_SIGNAL_SQL = """\
-- Parcels that reached the buyer at a weekend (a signal added by following docs/architecture.md).
create or replace table intermediate.signal_met_at_weekend as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '周末派送：' || strftime(met_at, '%Y-%m-%d') as evidence_zh
    from parcels_met
    where strftime(met_at, '%Y-%m-%d') = '2026-11-21'
)

select * from final
"""


def test_adding_a_signal_by_the_recipe(tmp_path, models_copy, build_warehouse):
    # step 1: one model; step 2: one registry row
    signals = models_copy / "sql" / "intermediate" / "signals"
    (signals / "met_at_weekend.sql").write_text(WEEKEND_SIGNAL_SQL, encoding="utf-8")
    with (models_copy / "seeds" / "signals.csv").open("a", encoding="utf-8") as registry:
        registry.write(
            "met_at_weekend,logistics,9.0,explicit,courier,周末派送,Delivered at a weekend\n"
        )

    # one refusal on Saturday 2026-11-21 with nothing else to say, one on a weekday
    orders = [order_row("261116-000000000000001", "7300000000001"),
              order_row("261116-000000000000002", "7300000000002")]
    events = refused_journey("7300000000001", day=20) + refused_journey("7300000000002", day=17)
    con = build_warehouse(_exports(tmp_path / "input", orders, events))

    assert con.execute(
        "select order_id, cause, evidence_zh from intermediate.int_refusal_signals "
        "where signal = 'met_at_weekend'"
    ).fetchall() == [("261116-000000000000001", "logistics", "周末派送：2026-11-21")]
    causes = dict(con.execute("select order_id, cause from marts.fct_refusals").fetchall())
    assert causes["261116-000000000000001"] == "logistics"
    evidence = con.execute(
        "select evidence from marts.fct_refusals where order_id = '261116-000000000000001'"
    ).fetchall()[0][0]
    assert "周末派送" in evidence
