"""Given/expected tests of the business-rule marts (dbt's unit tests): an in-memory DuckDB, a
handful of hand-written rows in the tables a mart reads, the real model file run by the real
runner with the settings given here, and the rows it must produce, worked out by hand.

Each rule is tested at its boundary: an order paid exactly the small-order amount, a spike at
exactly the ratio and one below it, a streak exactly as long as the threshold and one shorter,
a refund closed and one open, a parcel back and one not, a refusal exactly the usual return time
before the week's end.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence

import duckdb
import pytest

from pipelines import config
from pipelines.causes import CAUSE_CODES
from pipelines.models import runner
from pipelines.models.parameters import model_parameters
from pipelines.models.rules import load_rules

MODELS = {model.name: model for model in runner.project_models()}

W46, W47, W48 = "2026-W46", "2026-W47", "2026-W48"


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.fixture
def con():
    """An empty warehouse in memory with the seeds and macros every build starts with."""
    connection = duckdb.connect()
    for schema in ("seeds", "staging", "intermediate", "marts"):
        connection.execute(f"create schema {schema}")
    runner.load_seeds(connection)
    connection.execute((config.SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    yield connection
    connection.close()


def given(con: duckdb.DuckDBPyConnection, table: str, columns: str,
          rows: Sequence[Sequence[object]]) -> None:
    """Hand-written rows of a table a mart reads; only the columns it uses are needed."""
    con.execute(f"create or replace table {table} ({columns})")
    if rows:
        marks = ", ".join("?" for _ in rows[0])
        con.executemany(f"insert into {table} values ({marks})", [list(row) for row in rows])


def build(con: duckdb.DuckDBPyConnection, *marts: str, **settings: object) -> None:
    """Run the named mart models, in the order given, with report.toml's settings as given."""
    params = model_parameters(load_rules())
    unknown = set(settings) - set(params)
    assert not unknown, f"not settings of rules.toml or report.toml: {unknown}"
    runner.run_models(con, [MODELS[f"marts.{name}"] for name in marts], {**params, **settings})


# --- fct_dispute_worklist ------------------------------------------------------------------------

REFUSALS_COLUMNS = (
    "order_id varchar, refusal_week varchar, refused_at timestamp, cause varchar, "
    "confidence double, is_fallback boolean, evidence varchar, buyer_paid_yuan decimal(18, 2), "
    "goods_total_yuan decimal(18, 2), tracking_no varchar, courier_code varchar, "
    "product_id varchar, product_title varchar"
)


def _refusal(order_id: str, cause: str, paid: float | None, *, week: str = W47,
             goods: float | None = None, fallback: bool = False) -> tuple:
    return (order_id, week, at("2026-11-18 10:00:00"), cause, 0.8, fallback, "证据", paid, goods,
            f"T{order_id}", "ZTO", "100001", "保温杯")


def test_worklist_refunds_small_orders_contacts_misunderstandings_and_contests_the_rest(con):
    given(con, "seeds.dispute_actions",
          "action varchar, action_order varchar, action_zh varchar, evidence_to_gather_zh varchar",
          [("refund_directly", "1", "直接退款", ""),  # empty cells: '' or null, both nothing
           ("contact_buyer", "2", "联系买家", None),
           ("contest_with_evidence", "3", "申诉", "订单号、快递单号")])
    given(con, "seeds.evidence_to_gather", "cause varchar, evidence_to_gather_zh varchar",
          [("product_quality", "质检报告"), ("logistics", "")])  # reviews: none of its own
    given(con, "marts.fct_refusals", REFUSALS_COLUMNS, [
        _refusal("small", "product_quality", 9.99),
        _refusal("at_threshold", "product_quality", 10.00),
        _refusal("cancelled", "reviews", 50.00),
        _refusal("small_cancelled", "reviews", 5.00),
        _refusal("fallback", "logistics", 80.00, fallback=True),
        _refusal("goods_only", "logistics", None, goods=8.00),
        _refusal("unknown_amount", "logistics", None),
        _refusal("reviews_contested", "reviews", 30.00),
        _refusal("last_week", "product_quality", 20.00, week=W46),
    ])
    given(con, "intermediate.int_refusal_signals",
          "order_id varchar, cause varchar, signal varchar, evidence_zh varchar",
          [("cancelled", "reviews", "cancel_before_delivery", "派送前已申请退款"),
           ("small_cancelled", "reviews", "cancel_before_delivery", "派送前已申请退款"),
           ("reviews_contested", "reviews", "low_review_burst", "近期差评")])
    build(con, "fct_refusal_signals", "dim_dispute_actions", "fct_dispute_worklist",
          small_order_yuan=10.0)
    rows = con.execute(
        "select refusal_week, order_id, action, action_zh, buyer_paid_yuan, cause_zh, "
        "evidence_to_gather from marts.fct_dispute_worklist "
        "order by refusal_week, buyer_paid_yuan desc nulls last, order_id").fetchall()
    assert rows == [
        (W46, "last_week", "contest_with_evidence", "申诉", 20.0, "产品质量问题",
         "订单号、快递单号、质检报告"),
        (W47, "fallback", "contact_buyer", "联系买家", 80.0, "物流问题", ""),
        (W47, "cancelled", "contact_buyer", "联系买家", 50.0, "评价问题", ""),
        (W47, "reviews_contested", "contest_with_evidence", "申诉", 30.0, "评价问题",
         "订单号、快递单号"),
        (W47, "at_threshold", "contest_with_evidence", "申诉", 10.0, "产品质量问题",
         "订单号、快递单号、质检报告"),
        (W47, "small", "refund_directly", "直接退款", 9.99, "产品质量问题", ""),
        (W47, "goods_only", "refund_directly", "直接退款", 8.0, "物流问题", ""),
        (W47, "small_cancelled", "refund_directly", "直接退款", 5.0, "评价问题", ""),
        (W47, "unknown_amount", "contest_with_evidence", "申诉", None, "物流问题",
         "订单号、快递单号"),
    ]


def test_every_cause_has_evidence_to_gather_and_only_contesting_gathers(con):
    """The seeds the worklist joins (accepted values both ways), as committed."""
    with (config.SEEDS_DIR / "evidence_to_gather.csv").open(encoding="utf-8") as seed:
        causes = [row["cause"] for row in csv.DictReader(seed)]
    assert sorted(causes) == sorted(CAUSE_CODES)
    build(con, "dim_dispute_actions")
    actions = con.execute("select action, evidence_to_gather_zh is not null "
                          "from marts.dim_dispute_actions order by action_order").fetchall()
    assert actions == [("refund_directly", False), ("contact_buyer", False),
                       ("contest_with_evidence", True)]


# --- agg_costs_weekly ----------------------------------------------------------------------------


def test_costs_are_freight_both_ways_lost_margin_and_compensation(con):
    given(con, "marts.agg_refusals_weekly",
          "iso_week varchar, cause varchar, product_id varchar, courier_code varchar, "
          "province varchar, refusals bigint, goods_total_yuan decimal(38, 2), "
          "penalty_yuan decimal(38, 2)",
          [(W47, "product_quality", "100001", "ZTO", "江苏省", 2, 100.00, 6.00),
           (W47, "logistics", "100002", "YTO", "浙江省", 1, 40.00, 0.00)])
    build(con, "agg_costs_weekly", forward_freight_yuan=3.0, return_freight_yuan=2.0,
          margin_share=0.25)
    rows = con.execute(
        "select cause, refusals, forward_freight_yuan, return_freight_yuan, lost_margin_yuan, "
        "compensation_yuan, cost_yuan from marts.agg_costs_weekly order by cause").fetchall()
    assert rows == [
        ("logistics", 1, 3.0, 2.0, 10.0, 0.0, 15.0),
        ("product_quality", 2, 6.0, 4.0, 25.0, 6.0, 41.0),
    ]


# --- agg_alerts_weekly ---------------------------------------------------------------------------

STREAK_COLUMNS = (
    "dimension varchar, dimension_value varchar, refusals_in_a_row bigint, "
    "first_shipped_at timestamp, last_shipped_at timestamp, first_refused_at timestamp, "
    "last_refused_at timestamp"
)
PARCELS_COLUMNS = (
    "iso_week varchar, product_id varchar, courier_code varchar, province varchar, "
    "parcels_settled bigint, refused bigint"
)
ALERT_SETTINGS = {"streak_length": 10, "spike_ratio": 2.0, "spike_baseline_weeks": 4,
                  "min_refusals": 5, "min_parcels": 20}


def test_streaks_reaching_the_threshold_alert_in_every_week_they_span(con):
    given(con, "marts.agg_refusal_streaks", STREAK_COLUMNS, [
        ("product", "exactly_ten", 10, at("2026-11-16 10:00:00"), at("2026-11-16 11:00:00"),
         at("2026-11-18 10:00:00"), at("2026-11-19 10:00:00")),
        ("product", "nine", 9, at("2026-11-16 10:00:00"), at("2026-11-16 11:00:00"),
         at("2026-11-18 10:00:00"), at("2026-11-19 10:00:00")),
        # first refusal on W46's last evening, last on W49's first morning: W47 and W48 between
        ("courier", "ZTO", 12, at("2026-11-08 10:00:00"), at("2026-11-20 10:00:00"),
         at("2026-11-15 20:00:00"), at("2026-11-30 08:00:00")),
    ])
    given(con, "marts.agg_parcels_weekly", PARCELS_COLUMNS, [])
    build(con, "agg_alerts_weekly", **ALERT_SETTINGS)
    rows = con.execute("select iso_week, alert_rank, alert, dimension, dimension_value, refusals, "
                       "first_shipped_at from marts.agg_alerts_weekly "
                       "order by iso_week, alert_rank").fetchall()
    zto = ("streak", "courier", "ZTO", 12, at("2026-11-08 10:00:00"))
    assert rows == [
        (W46, 1, *zto),
        (W47, 1, *zto),  # the longest first
        (W47, 2, "streak", "product", "exactly_ten", 10, at("2026-11-16 10:00:00")),
        (W48, 1, *zto),
        ("2026-W49", 1, *zto),
    ]


def test_spikes_need_the_ratio_over_the_weeks_before_and_the_minimum_volumes(con):
    given(con, "marts.agg_refusal_streaks", STREAK_COLUMNS, [
        ("province", "江苏省", 10, at("2026-11-16 10:00:00"), at("2026-11-16 11:00:00"),
         at("2026-11-18 10:00:00"), at("2026-11-19 10:00:00")),
    ])
    given(con, "marts.agg_parcels_weekly", PARCELS_COLUMNS, [
        # W47, the week reported; a parcel without a courier or province counts for the product
        (W47, "at_ratio", "ZTO", None, 20, 10),  # 50% against its own 25%: exactly 2x
        (W47, "below_ratio", None, None, 21, 10),  # 47.6% against its own 25%: 1.9x
        (W47, "five_refusals", None, None, 20, 5),  # exactly the minimum, against 0%
        (W47, "four_refusals", None, None, 20, 4),  # one refusal short
        (W47, "few_parcels", None, None, 19, 10),  # one settled parcel short
        (W47, "new", None, None, 20, 10),  # 10 parcels before: the shop's rate stands in
        # the four baseline weeks, W43-W46: the shop refused 15 of 110
        ("2026-W45", "at_ratio", "ZTO", None, 20, 5),
        ("2026-W44", "below_ratio", None, None, 20, 5),
        (W46, "five_refusals", None, None, 20, 0),
        (W46, "four_refusals", None, None, 20, 0),
        (W46, "few_parcels", None, None, 20, 0),
        (W46, "new", None, None, 10, 5),
        # five weeks before W47: outside its baseline (with nothing before it, its own spike)
        ("2026-W42", "old", None, None, 1000, 1000),
    ])
    build(con, "agg_alerts_weekly", **ALERT_SETTINGS)
    rows = con.execute(
        "select iso_week, alert_rank, alert, dimension, dimension_value, refusals, "
        "parcels_settled, refusal_rate, baseline_refusal_rate from marts.agg_alerts_weekly "
        "order by iso_week, alert_rank").fetchall()
    assert rows == [
        ("2026-W42", 1, "spike", "product", "old", 1000, 1000, 1.0, 0.0),
        (W47, 1, "streak", "province", "江苏省", 10, None, None, None),
        (W47, 2, "spike", "product", "at_ratio", 10, 20, 0.5, 0.25),
        (W47, 3, "spike", "product", "five_refusals", 5, 20, 0.25, 0.0),
        (W47, 4, "spike", "product", "new", 10, 20, 0.5, 15 / 110),
        (W47, 5, "spike", "courier", "ZTO", 10, 20, 0.5, 0.25),
    ]


# --- fct_loose_ends ------------------------------------------------------------------------------


def test_loose_ends_are_refusals_not_back_not_refunded_or_never_applied_for(con):
    given(con, "marts.fct_refusals",
          "order_id varchar, refused_at timestamp, courier_code varchar, tracking_no varchar, "
          "product_title varchar, buyer_paid_yuan decimal(18, 2), return_signed_at timestamp, "
          "after_sales_latest_status varchar", [
              # not back, refund closed: overdue once 7 days have passed by a week's end
              ("on_the_day", at("2026-11-16 00:00:00"), "ZTO", "T1", "杯", 39.90, None,
               "退款成功"),
              ("a_second_more", at("2026-11-15 23:59:59"), "XYZ", "T2", "杯", 39.90, None,
               "已关闭"),
              # back: open refund, no refund asked for, settled
              ("refund_open", at("2026-11-17 10:00:00"), "ZTO", "T3", "伞", 59.00,
               at("2026-11-20 10:00:00"), "待商家处理"),
              ("never_applied", at("2026-11-18 10:00:00"), "ZTO", "T4", "伞", 59.00,
               at("2026-11-21 10:00:00"), None),
              ("settled", at("2026-11-17 10:00:00"), "ZTO", "T5", "伞", 59.00,
               at("2026-11-20 10:00:00"), "退款成功"),
              ("undated", None, "ZTO", "T6", "伞", 59.00, None, None),
          ])
    build(con, "dim_couriers", "fct_loose_ends", lookback_weeks=2, usual_return_days=7,
          closed_refund_status="退款成功|已关闭")
    rows = con.execute(
        "select iso_week, order_id, days_out, courier_name, is_overdue_return, is_refund_open, "
        "has_no_refund_request from marts.fct_loose_ends "
        "order by iso_week, refused_at, order_id").fetchall()
    assert rows == [
        # W46 ends 2026-11-16 00:00: nothing refused before 11-09 00:00
        (W47, "a_second_more", 7, "XYZ", True, False, False),  # an unknown courier by its code
        (W47, "refund_open", 5, "中通快递", False, True, False),
        (W47, "never_applied", 4, "中通快递", False, False, True),
        (W48, "on_the_day", 14, "中通快递", True, False, False),  # in W47 exactly 7 days
        (W48, "refund_open", 12, "中通快递", False, True, False),
        (W48, "never_applied", 11, "中通快递", False, False, True),
        # W49: the W47 refusals are out of its two weeks
    ]


# --- what the report and the explore notebook read instead of staging and intermediate ----------


def test_rule_violation_evidence_is_kept_whichever_cause_won(con):
    given(con, "marts.fct_refusals",
          "order_id varchar, refusal_week varchar, refused_at timestamp, product_title varchar, "
          "cause varchar",
          [("r1", W47, at("2026-11-18 10:00:00"), "杯", "logistics")])
    given(con, "intermediate.int_refusal_signals",
          "order_id varchar, cause varchar, signal varchar, evidence_zh varchar",
          [("r1", "rule_violation", "boost_tag", "V-88"),
           ("r1", "logistics", "logistics_wording", "快递太慢"),
           ("not_refused", "rule_violation", "boost_tag", "V-01")])
    build(con, "fct_refusal_signals")
    rows = con.execute("select order_id, refusal_week, cause, signal, attributed_cause, "
                       "attributed_cause_zh from marts.fct_refusal_signals "
                       "order by signal").fetchall()
    assert rows == [("r1", W47, "rule_violation", "boost_tag", "logistics", "物流问题"),
                    ("r1", W47, "logistics", "logistics_wording", "logistics", "物流问题")]


def test_refused_parcels_events_are_listed_with_people_masked(con):
    given(con, "marts.fct_refusals", "order_id varchar, tracking_no varchar", [("r1", "T1")])
    given(con, "staging.stg_tracking_events",
          "tracking_no varchar, event_at timestamp, state_code integer, "
          "sub_state_code integer, description varchar",
          [("T1", at("2026-11-17 15:00:00"), 5, None, "派件员：张三 13812345678"),
           ("T1", at("2026-11-17 16:00:00"), 2, 203, "客户拒收"),
           ("T9", at("2026-11-17 16:00:00"), 3, 301, "已签收")])
    build(con, "fct_refusal_events")
    rows = con.execute("select order_id, state_code, description from marts.fct_refusal_events "
                       "order by event_at").fetchall()
    assert rows == [("r1", 5, "派件员：*** 138****5678"), ("r1", 2, "客户拒收")]


def test_quarantined_rows_are_counted_per_file_and_reason(con):
    given(con, "staging.quarantine",
          "raw_table varchar, source_file varchar, source_row bigint, quarantine_reason varchar",
          [("orders", "a.csv", 2, "bad id"), ("orders", "a.csv", 3, "bad id"),
           ("orders", "a.csv", 4, "bad id"), ("orders", "a.csv", 5, "no date"),
           ("tracking_events", "b.csv", 2, "bad id"), ("tracking_events", "b.csv", 3, "bad id")])
    build(con, "agg_quarantine_reasons")
    rows = con.execute("select * from marts.agg_quarantine_reasons "
                       "order by quarantined_rows desc, source_file").fetchall()
    assert rows == [("a.csv", "orders", "bad id", 3), ("b.csv", "tracking_events", "bad id", 2),
                    ("a.csv", "orders", "no date", 1)]


# --- agg_evidence_strength_weekly ----------------------------------------------------------------

def test_evidence_strength_splits_each_causes_refusals_at_the_confidence_threshold(con):
    given(con, "marts.fct_refusals",
          "order_id varchar, refusal_week varchar, cause varchar, confidence double, "
          "is_fallback boolean",
          [("at_threshold", W47, "logistics", 0.6, False),
           ("just_below", W47, "logistics", 0.59, False),
           ("fallback", W47, "logistics", 0.3, True),
           ("strong", W47, "reviews", 0.95, False),
           ("last_week", W46, "reviews", 0.2, False)])
    build(con, "agg_evidence_strength_weekly", strong_evidence_confidence=0.6)
    rows = con.execute(
        "select iso_week, cause, refusals, strong_evidence_refusals, thin_evidence_refusals, "
        "no_evidence_refusals from marts.agg_evidence_strength_weekly order by iso_week, cause"
    ).fetchall()
    assert rows == [
        (W46, "reviews", 1, 0, 1, 0),
        (W47, "logistics", 3, 1, 2, 1),
        (W47, "reviews", 1, 1, 0, 0),
    ]
