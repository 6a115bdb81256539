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
from pipelines.weeks import last_complete_week

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
    "product_id varchar, product_title varchar, after_sales_latest_status varchar, "
    "return_signed_at timestamp"
)
SIGNALS_COLUMNS = (
    "order_id varchar, cause varchar, signal varchar, attributed_cause varchar, is_counted boolean"
)


def _refusal(order_id: str, cause: str, paid: float | None, *, week: str = W47,
             goods: float | None = None, fallback: bool = False, confidence: float = 0.8,
             status: str | None = None, back: bool = False) -> tuple:
    return (order_id, week, at("2026-11-18 10:00:00"), cause, confidence, fallback, "证据", paid,
            goods, f"T{order_id}", "ZTO", "100001", "保温杯", status,
            at("2026-11-22 10:00:00") if back else None)


def _signal(order_id: str, signal: str, attributed: str, counted: bool = True) -> tuple:
    registry = {row["signal"]: row["cause"] for row in csv.DictReader(
        (config.SEEDS_DIR / "signals.csv").open(encoding="utf-8"))}
    return (order_id, registry[signal], signal, attributed, counted)


#: One order per row of seeds/dispute_rules.csv, and the boundaries between rows:
#: (order, its refusal, its signals, the rule it must match, the action that follows).
DISPUTE_CASES = [
    ("refunded_faker", _refusal("refunded_faker", "rule_violation", 50, status="退款成功"),
     [("boost_tag", "rule_violation")], "already_refunded", "nothing_to_do"),
    ("back_open", _refusal("back_open", "reviews", 60, status="买家申请退款，待商家处理",
                           back=True), [], "parcel_back_refund_open", "release_refund"),
    ("back_closed", _refusal("back_closed", "reviews", 60, status="买家撤销", back=True), [],
     "no_fault_found", "contest_with_evidence"),
    ("back_no_request", _refusal("back_no_request", "reviews", 60, back=True), [],
     "no_fault_found", "contest_with_evidence"),
    # an explicit merchant fault blames the merchant whatever cause won
    ("faker", _refusal("faker", "reviews", 50), [("boost_tag", "reviews")],
     "merchant_at_fault", "refund_and_fix"),
    ("late", _refusal("late", "logistics", 50),
     [("late_shipping", "logistics"), ("slow_transit", "logistics")],
     "merchant_at_fault", "refund_and_fix"),
    ("small_faker", _refusal("small_faker", "rule_violation", 5),
     [("no_pickup_event", "rule_violation")], "merchant_at_fault", "refund_and_fix"),
    # a context signal blames only when it points at the order's cause; an uncounted one never
    ("burst_for_reviews", _refusal("burst_for_reviews", "reviews", 50),
     [("product_refusal_rate", "reviews")], "no_fault_found", "contest_with_evidence"),
    ("late_uncounted", _refusal("late_uncounted", "logistics", 50),
     [("late_shipping", "logistics", False), ("damaged_in_transit", "logistics")],
     "courier_at_fault", "claim_from_courier"),
    ("small_damaged", _refusal("small_damaged", "logistics", 9.99),
     [("damaged_in_transit", "logistics")], "small_order", "refund_directly"),
    ("at_threshold", _refusal("at_threshold", "logistics", 10.00),
     [("stuck_in_transit", "logistics")], "courier_at_fault", "claim_from_courier"),
    ("goods_only_small", _refusal("goods_only_small", "reviews", None, goods=8.00), [],
     "small_order", "refund_directly"),
    ("cancelled", _refusal("cancelled", "reviews", 50), [("cancel_before_delivery", "reviews")],
     "buyer_unclear", "contact_buyer"),
    # an orders export showed a refund asked for before delivery, its reason unknown
    ("asked_early", _refusal("asked_early", "reviews", 50),
     [("refund_asked_before_delivery", "reviews")], "buyer_unclear", "contact_buyer"),
    ("unexplained", _refusal("unexplained", "logistics", 80, fallback=True, confidence=0.2), [],
     "buyer_unclear", "contact_buyer"),
    ("thin", _refusal("thin", "reviews", 80, confidence=0.29),
     [("store_score_drop", "reviews")], "buyer_unclear", "contact_buyer"),
    ("contested", _refusal("contested", "reviews", 30, confidence=0.3),
     [("low_review_burst", "reviews")], "no_fault_found", "contest_with_evidence"),
    ("unknown_amount", _refusal("unknown_amount", "reviews", None), [], "no_fault_found",
     "contest_with_evidence"),
]


def _build_worklist(con, cases) -> dict[str, tuple]:
    given(con, "marts.fct_refusals", REFUSALS_COLUMNS, [case[1] for case in cases])
    given(con, "marts.fct_refusal_signals", SIGNALS_COLUMNS,
          [_signal(order, *signal) for order, _, signals, *_ in cases for signal in signals])
    build(con, "dim_dispute_actions", "fct_dispute_worklist", small_order_yuan=10.0,
          min_contest_confidence=0.3)
    rows = con.execute(
        "select order_id, rule, action, fault, refund_state, next_step_zh, contest_message_zh, "
        "evidence_to_gather from marts.fct_dispute_worklist").fetchall()
    return {row[0]: row[1:] for row in rows}


def test_each_refused_order_gets_the_first_rule_it_matches(con):
    worklist = _build_worklist(con, DISPUTE_CASES)
    assert {order: worklist[order][:2] for order, *_ in DISPUTE_CASES} == {
        order: (rule, action) for order, _, _, rule, action in DISPUTE_CASES}


def test_every_rule_of_the_table_is_reached():
    with (config.SEEDS_DIR / "dispute_rules.csv").open(encoding="utf-8") as seed:
        rules = {row["rule"] for row in csv.DictReader(seed)}
    assert rules == {rule for *_, rule, _ in DISPUTE_CASES}


def test_no_order_the_merchant_caused_is_contested_and_the_fix_is_named(con):
    worklist = _build_worklist(con, DISPUTE_CASES)
    merchant = {order: row for order, row in worklist.items() if row[2] == "merchant"}
    assert merchant and all(row[1] in ("refund_and_fix", "nothing_to_do")
                            for row in merchant.values())
    assert "停止刷单" in worklist["faker"][4] and "按承诺时间发货" in worklist["late"][4]
    assert worklist["back_open"][3] == "back_refund_open"


def test_a_contested_order_gets_a_message_and_what_to_gather(con):
    worklist = _build_worklist(con, DISPUTE_CASES)
    message, gather = worklist["contested"][5], worklist["contested"][6]
    assert "contested" in message and "Tcontested" in message and "愿意主动联系买家" in message
    assert "{" not in message
    assert gather.startswith("订单号、快递单号") and "与买家的聊天记录" in gather
    claim = worklist["at_threshold"]
    assert claim[5] == "" and "外包装与破损照片" in claim[6] and "准备：" in claim[4]
    assert worklist["cancelled"][5:] == ("", "")


def test_every_cause_has_evidence_to_gather_and_only_contesting_gathers(con):
    """The seeds the worklist joins (accepted values both ways), as committed."""
    with (config.SEEDS_DIR / "evidence_to_gather.csv").open(encoding="utf-8") as seed:
        causes = [row["cause"] for row in csv.DictReader(seed)]
    assert sorted(causes) == sorted(CAUSE_CODES)
    build(con, "dim_dispute_actions")
    actions = con.execute("select action, evidence_to_gather_zh is not null "
                          "from marts.dim_dispute_actions order by action_order").fetchall()
    gathering = {action for action, gathers in actions if gathers}
    assert gathering == {"claim_from_courier", "contest_with_evidence"}


def test_signal_faults_cover_the_registry_one_to_one():
    """Who each signal blames is reviewed in one table: every signal, once, a known fault, and a
    fix named for every merchant fault."""
    with (config.SEEDS_DIR / "signal_faults.csv").open(encoding="utf-8") as seed:
        faults = list(csv.DictReader(seed))
    with (config.SEEDS_DIR / "signals.csv").open(encoding="utf-8") as seed:
        registry = [row["signal"] for row in csv.DictReader(seed)]
    assert sorted(row["signal"] for row in faults) == sorted(registry)
    assert {row["fault"] for row in faults} <= {"merchant", "courier", "none"}
    assert all(row["fix_zh"] for row in faults if row["fault"] == "merchant")


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
OUTCOMES_COLUMNS = "iso_week varchar, week_start timestamp, is_partial boolean, has_data boolean"


def given_weeks(con: duckdb.DuckDBPyConnection, first: str, last: str, *,
                partial: Sequence[str] = (), empty: Sequence[str] = ()) -> None:
    """marts.agg_outcomes_weekly's coverage columns for every week from ``first`` to ``last``."""
    start = dt.datetime.fromisocalendar(int(first[:4]), int(first[-2:]), 1)
    end = dt.datetime.fromisocalendar(int(last[:4]), int(last[-2:]), 1)
    weeks = []
    while start <= end:
        name = f"{start.isocalendar().year}-W{start.isocalendar().week:02d}"
        weeks.append((name, start, name in partial, name not in empty))
        start += dt.timedelta(days=7)
    given(con, "marts.agg_outcomes_weekly", OUTCOMES_COLUMNS, weeks)


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
    given_weeks(con, W46, "2026-W49")
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
        # five weeks before W47: outside its baseline (and no spike itself: no weeks before it)
        ("2026-W42", "old", None, None, 1000, 1000),
    ])
    given_weeks(con, "2026-W42", W47)
    build(con, "agg_alerts_weekly", **ALERT_SETTINGS)
    rows = con.execute(
        "select iso_week, alert_rank, alert, dimension, dimension_value, refusals, "
        "parcels_settled, refusal_rate, baseline_refusal_rate from marts.agg_alerts_weekly "
        "order by iso_week, alert_rank").fetchall()
    assert rows == [
        (W47, 1, "streak", "province", "江苏省", 10, None, None, None),
        (W47, 2, "spike", "product", "at_ratio", 10, 20, 0.5, 0.25),
        (W47, 3, "spike", "product", "five_refusals", 5, 20, 0.25, 0.0),
        (W47, 4, "spike", "product", "new", 10, 20, 0.5, 15 / 110),
        (W47, 5, "spike", "courier", "ZTO", 10, 20, 0.5, 0.25),
    ]


@pytest.mark.parametrize(("partial", "empty", "spiked"), [
    ((), (), True),
    (("2026-W43",), (), False),  # the data starts mid-week: W43 is no baseline
    ((), ("2026-W45",), False),  # a week without data is no baseline either
    ((W47,), (), False),  # nor is a partial week compared with anything
])
def test_a_spike_needs_a_whole_week_and_whole_baseline_weeks(con, partial, empty, spiked):
    given(con, "marts.agg_refusal_streaks", STREAK_COLUMNS, [])
    given(con, "marts.agg_parcels_weekly", PARCELS_COLUMNS, [
        (week, "cup", None, None, 20, 1) for week in ("2026-W43", "2026-W44", W46)
    ] + [(W47, "cup", None, None, 20, 10)])
    given_weeks(con, "2026-W43", W47, partial=partial, empty=empty)
    build(con, "agg_alerts_weekly", **ALERT_SETTINGS)
    alerts = con.execute("select iso_week, dimension_value from marts.agg_alerts_weekly "
                         "where alert = 'spike'").fetchall()
    assert alerts == ([(W47, "cup")] if spiked else [])


# --- agg_outcomes_weekly -------------------------------------------------------------------------

FCT_PARCELS_COLUMNS = (
    "order_week varchar, ship_week varchar, outcome_week varchar, outcome varchar, "
    "ordered_at timestamp, shipped_at timestamp, outcome_at timestamp"
)


def _parcel(ordered: str, shipped: str | None = None, outcome_at: str | None = None,
            outcome: str | None = None) -> tuple:
    def week(text: str | None) -> str | None:
        if text is None:
            return None
        year, number, _ = at(text).isocalendar()
        return f"{year}-W{number:02d}"
    return (week(ordered), week(shipped), week(outcome_at), outcome, at(ordered),
            shipped and at(shipped), outcome_at and at(outcome_at))


@pytest.mark.parametrize(("first_order", "first_weeks"), [
    # the orders start a week before W45's Monday: W44 misses earlier orders' outcomes, W45 not
    ("2026-10-26 00:05:00", [("2026-W44", True, True, 1, 0), ("2026-W45", False, True, 0, 0)]),
    # on W45's Monday: W45 misses the outcomes of the orders placed before it
    ("2026-11-02 00:05:00", [("2026-W45", True, True, 1, 0)]),
])
def test_every_week_of_the_data_is_listed_with_partial_and_empty_weeks_marked(
        con, first_order, first_weeks):
    given(con, "marts.fct_parcels", FCT_PARCELS_COLUMNS, [
        _parcel(first_order, "2026-11-04 10:00:00", "2026-11-06 10:00:00", "delivered"),
        # nothing at all in W46; the data ends on W48's Sunday evening, before 22:00
        _parcel("2026-11-16 10:00:00", "2026-11-17 10:00:00", "2026-11-19 10:00:00", "refused"),
        _parcel("2026-11-29 20:00:00"),
    ])
    build(con, "agg_outcomes_weekly")
    rows = con.execute("select iso_week, is_partial, has_data, orders_placed, refused "
                       "from marts.agg_outcomes_weekly order by iso_week").fetchall()
    assert rows == [
        *first_weeks,
        (W46, False, False, 0, 0),
        (W47, False, True, 1, 1),
        (W48, True, True, 1, 0),
    ]


@pytest.mark.parametrize("latest", ["2026-11-22 21:59:59", "2026-11-22 22:00:00"])
def test_the_mart_and_the_last_complete_week_agree_where_a_week_ends(con, latest):
    given(con, "marts.fct_parcels", FCT_PARCELS_COLUMNS,
          [_parcel("2026-11-02 10:00:00"), _parcel(latest)])
    build(con, "agg_outcomes_weekly")
    whole = {week for (week,) in con.execute(
        "select iso_week from marts.agg_outcomes_weekly where not is_partial").fetchall()}
    assert (W47 in whole) == (str(last_complete_week(at(latest))) == W47)


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
    given(con, "staging.stg_after_sales", AFTER_SALES_COLUMNS, [])
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
    # this run weighed the boost tag at 0 (as common among delivered parcels)
    given(con, "intermediate.int_signal_weights", "signal varchar, cause varchar, weight double",
          [("boost_tag", "rule_violation", 0.0), ("logistics_wording", "logistics", 2.5),
           ("logistics_wording", "reviews", 0.0)])
    build(con, "fct_refusal_signals")
    rows = con.execute("select order_id, refusal_week, cause, signal, attributed_cause, "
                       "attributed_cause_zh, is_counted from marts.fct_refusal_signals "
                       "order by signal").fetchall()
    assert rows == [("r1", W47, "rule_violation", "boost_tag", "logistics", "物流问题", False),
                    ("r1", W47, "logistics", "logistics_wording", "logistics", "物流问题", True)]


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


# --- fct_loose_ends: what the merchant does next --------------------------------------------------

LOOSE_END_REFUSALS_COLUMNS = (
    "order_id varchar, refused_at timestamp, courier_code varchar, tracking_no varchar, "
    "product_title varchar, buyer_paid_yuan decimal(18, 2), return_signed_at timestamp, "
    "after_sales_latest_status varchar"
)
AFTER_SALES_COLUMNS = "order_id varchar, applied_at timestamp"
AWAITING = "买家申请退款，待商家处理"
AGREED, REJECTED = "商家同意退款，退款中", "驳回退款，待买家处理"

#: One refusal per next step and the boundaries between them, judged at W47's end (2026-11-23
#: 00:00) with 7 usual return days (overdue: refused before 11-16 00:00), the request's status
#: waiting for the merchant when it has 待商家, auto-agreed 30 hours after it was applied for:
#: (order, refused at, back at, latest status, applied at, next step, auto-agreed at).
NEXT_STEP_CASES = [
    # an overdue parcel is chased first, whatever the refund's state
    ("overdue_awaiting", "2026-11-15 10:00:00", None, AWAITING, ["2026-11-16 09:00:00"],
     "chase_courier", "2026-11-17 15:00:00"),
    ("overdue_no_request", "2026-11-15 23:59:59", None, None, [], "chase_courier", None),
    # back and waiting for the merchant: the later of two requests is the one waiting
    ("back_awaiting", "2026-11-17 10:00:00", "2026-11-20 10:00:00", AWAITING,
     ["2026-11-17 12:00:00", "2026-11-20 12:00:00"], "agree_refund", "2026-11-21 18:00:00"),
    ("on_its_way_awaiting", "2026-11-16 00:00:00", None, AWAITING, ["2026-11-19 08:00:00"],
     "wait_for_return", "2026-11-20 14:00:00"),
    # open, but not the merchant's turn: no deadline for the merchant
    ("back_agreed", "2026-11-17 10:00:00", "2026-11-20 10:00:00", AGREED,
     ["2026-11-18 09:00:00"], "follow_refund", None),
    ("on_its_way_rejected", "2026-11-18 10:00:00", None, REJECTED, ["2026-11-19 09:00:00"],
     "follow_refund", None),
    ("back_no_request", "2026-11-17 10:00:00", "2026-11-20 10:00:00", None, [],
     "contact_buyer", None),
    ("on_its_way_no_request", "2026-11-18 10:00:00", None, None, [], "contact_buyer", None),
]


def _build_next_steps(con) -> dict[str, tuple]:
    given(con, "marts.fct_refusals", LOOSE_END_REFUSALS_COLUMNS, [
        (order, at(refused), "ZTO", f"T{order}", "伞", 59.00, back and at(back), status)
        for order, refused, back, status, *_ in NEXT_STEP_CASES
    ] + [("back_refunded", at("2026-11-17 10:00:00"), "ZTO", "T9", "伞", 59.00,
          at("2026-11-20 10:00:00"), "退款成功")])
    given(con, "staging.stg_after_sales", AFTER_SALES_COLUMNS, [
        (order, at(applied)) for order, _, _, _, applied_at, *_ in NEXT_STEP_CASES
        for applied in applied_at
    ] + [("back_refunded", at("2026-11-18 09:00:00"))])
    build(con, "dim_couriers", "fct_loose_ends", lookback_weeks=2, usual_return_days=7,
          closed_refund_status="退款成功|已关闭", awaiting_merchant_status="待商家",
          refund_auto_agree_hours=30)
    rows = con.execute(
        "select order_id, next_step, return_signed_at, refund_applied_at, auto_confirm_at, "
        "next_step_zh from marts.fct_loose_ends where iso_week = ?", [W47]).fetchall()
    return {row[0]: row[1:] for row in rows}


def test_each_loose_end_gets_the_first_next_step_that_applies(con):
    steps = _build_next_steps(con)
    assert {order: row[:2] for order, row in steps.items()} == {
        order: (step, back and at(back))
        for order, _, back, _, _, step, _ in NEXT_STEP_CASES}


def test_a_refund_waiting_for_the_merchant_is_agreed_the_set_hours_after_it_was_applied_for(con):
    steps = _build_next_steps(con)
    assert {order: row[2:4] for order, row in steps.items()} == {
        order: (max(map(at, applied), default=None), agreed and at(agreed))
        for order, _, _, _, applied, _, agreed in NEXT_STEP_CASES}


def test_every_next_step_reads_as_its_own_instruction(con):
    steps = _build_next_steps(con)
    words = {row[0]: row[4] for row in steps.values()}
    assert len(set(words.values())) == len(words) == 5
    assert "同意退款" in words["agree_refund"] and "快递" in words["chase_courier"]
    assert "7 天" in words["chase_courier"] and "联系买家" in words["contact_buyer"]
    assert "同意退款" not in words["follow_refund"]
