"""``refusals risk`` (pipelines/risk/): the score reads nothing after its as-of time, it learns
what raises the risk from the shop's own history, and its file keeps the contract's form."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines import config, pipeline, warehouse
from pipelines.models import runner
from pipelines.risk import model, score

AS_OF = dt.datetime(2026, 11, 15, 23, 59, 59)
_COMPARED = ["order_id", "risk", "likely_cause", "reasons", "suggested_action",
             "expected_loss_yuan"]


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("risk") / "sample.duckdb"
    with warehouse.connect(path) as con:
        pipeline.load_and_build(con, config.SAMPLE_DIR)
    return path


@pytest.fixture
def warehouse_copy(sample_warehouse, tmp_path) -> Path:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(sample_warehouse, copy)
    return copy


def _later(column: str) -> str:
    return f"parse_china_time({column}) > ?"


def _rewrite_after_as_of(con) -> None:
    """Every landed row dated after AS_OF changed: later events say the parcel was refused for
    its quality and come a day later, later requests agree a refusal refund, later reviews give
    one star, later penalties name fake shipping, later receipts are confirmed a day later on
    orders now marked signed, and orders placed later carry a boosting tag."""
    day_later = "strftime(parse_china_time({0}) + interval 1 day, '%Y-%m-%d %H:%M:%S')"
    statements = [
        "update landing.tracking_events set description = '客户拒收，原因：质量问题', "
        f"state_code = '14', event_at = {day_later.format('event_at')} "
        f"where {_later('event_at')}",
        "update landing.after_sales set reason = '质量问题', "
        "after_sales_status = '已同意拒收退款，待用户拒收' "
        f"where {_later('applied_at')}",
        f"update landing.reviews set score = '1' where {_later('reviewed_at')}",
        f"update landing.penalties set penalty_type = '虚假发货' where {_later('penalized_at')}",
        "update landing.orders set order_status = '已签收', "
        f"receipt_confirmed_at = {day_later.format('receipt_confirmed_at')} "
        f"where {_later('receipt_confirmed_at')}",
        f"update landing.orders set merchant_note = 'G-1 刷单' where {_later('ordered_at')}",
    ]
    for statement in statements:
        con.execute(statement, [AS_OF])


def test_scores_do_not_move_when_every_later_row_changes(warehouse_copy):
    with warehouse.connect(warehouse_copy) as con:
        before = score.score_as_of(con, AS_OF).parcels[_COMPARED]
        refused_before = con.execute("select count(*) from intermediate.int_parcels_classified "
                                     "where outcome = 'refused'").fetchall()[0][0]
        _rewrite_after_as_of(con)
        runner.build(con)
        refused_after = con.execute("select count(*) from intermediate.int_parcels_classified "
                                    "where outcome = 'refused'").fetchall()[0][0]
        after = score.score_as_of(con, AS_OF).parcels[_COMPARED]
    # the rewrite reached the models (the whole-data attribution sees many more refusals) ...
    assert refused_after > refused_before + 50
    # ... and the scores at the as-of time did not move
    assert len(before) > 100
    pd.testing.assert_frame_equal(before, after)


def _instance(days_back: int, order_id: str, *, refused: bool = False, slow: bool = False,
              cancel: bool = False, paid: float = 50.0) -> dict:
    """One parcel in transit at one snapshot, as sql/risk_instances.sql returns it."""
    return {
        "snapshot_days_back": days_back, "order_id": order_id, "tracking_no": f"T{order_id}",
        "buyer_paid_yuan": paid, "is_trial_or_near_zero": False, "is_refused": refused,
        "is_late_shipped": False, "hours_since_shipped": 60.0, "tracking_state": "events",
        "has_pickup": True, "transit_hours": 130.0 if slow else 40.0,
        "usual_transit_hours": 50.0, "attempt_state": "not_yet", "is_stuck": False,
        "stuck_description": None, "is_delayed": False, "is_damaged": False,
        "request_state": "change_of_mind" if cancel else "none",
        "request_reason": "不想要了" if cancel else None, "is_refund_agreed": False,
        "has_penalty": False, "has_boost_tag": False, "product_settled": 20,
        "product_refused": 1, "province_settled": 40, "province_refused": 2,
        "shop_settled": 400, "shop_refused": 20, "product_reviews": 0, "product_low_reviews": 0,
    }


def test_a_filed_cancel_request_on_a_slow_route_ranks_above_a_plain_parcel():
    rng = np.random.default_rng(7)
    history = []
    for index in range(600):
        slow, cancel = bool(rng.random() < 0.2), bool(rng.random() < 0.1)
        chance = 0.03 + 0.25 * slow + 0.5 * cancel
        history.append(_instance(1 + index % 30, f"h{index}", slow=slow, cancel=cancel,
                                 refused=bool(rng.random() < chance)))
    now = pd.DataFrame([_instance(0, "plain", paid=80.0),
                        _instance(0, "risky", slow=True, cancel=True, paid=80.0)])
    fitted = model.fit(pd.DataFrame(history), model.load_levels(), ridge=1.0)
    risks = dict(zip(now["order_id"], fitted.score(model.facts(now, fitted.value_edges)),
                     strict=True))
    assert risks["risky"] > 0.5 > 0.1 > risks["plain"]
    likely, reasons = model.explain(model.facts(now, fitted.value_edges), fitted,
                                    model.signal_causes(), 1.3, 14, 10)
    assert likely == ["", "reviews"]  # a change of mind points at reviews in the registry
    assert "不想要了" in reasons[1] and "常见时长" in reasons[1] and reasons[0] == ""


def test_the_risk_file_has_the_columns_a_bom_and_no_personal_data(warehouse_copy, tmp_path):
    phone, name = "13812345678", "王小明"
    with warehouse.connect(warehouse_copy) as con:
        in_transit = score.score_as_of(con, AS_OF).parcels["order_id"].tolist()
        # a buyer's request with a phone number and a name, filed before the as-of time
        con.execute(
            "insert into landing.after_sales (file_sha256, after_sales_id, order_id, "
            "after_sales_type, after_sales_status, reason, applied_at) "
            "select file_sha256, 'AS-PII', ?, '仅退款', '买家申请退款，待商家处理', ?, ? "
            "from landing.after_sales limit 1",
            [in_transit[0], f"不想要了 电话{phone} 联系人：{name}", "2026-11-15 10:00:00"],
        )
        runner.build(con)
        output = tmp_path / "risk.csv"
        written = score.write_risk_csv(con, score.score_as_of(con, AS_OF), output)
    raw = output.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    with output.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == score.RISK_COLUMNS
    assert len(rows) == written > 100
    losses = [float(row["expected_loss_yuan"]) for row in rows]
    assert losses == sorted(losses, reverse=True)
    assert all(0.0 <= float(row["risk"]) <= 1.0 for row in rows)
    assert {row["likely_cause"] for row in rows} <= {"", *model.signal_causes().values()}
    text = raw.decode("utf-8-sig")
    # the request reached the file, masked
    assert "138****5678" in text and "联系人：***" in text
    assert phone not in text and name not in text


def test_the_action_follows_the_playbook():
    frame = pd.DataFrame({"expected_loss_yuan": [1.0, 30.0, 30.0, 30.0],
                          "is_refund_agreed": [True, True, False, False],
                          "likely_cause": ["logistics", "logistics", "logistics", ""]})
    actions = score.suggested_actions(frame, score.load_playbook(), min_expected_loss_yuan=5.0)
    assert actions[0].startswith("不处理")
    assert "拦截" in actions[1]
    assert "耽搁" in actions[2]  # the logistics script
    assert actions[3].startswith("联系买家") and "耽搁" not in actions[3]
