"""Given/expected cases for refusal detection (INPUTS.md, "What counts as a refusal"): tracking
numbers shared by several orders, and after-sales refusals seen across exports."""

from __future__ import annotations

import pytest
from conftest import (
    AFTER_SALES_HEADER,
    KUAIDI100_HEADER,
    ORDER_HEADER,
    delivered_journey,
    journey,
    order_row,
    refused_journey,
    write_export,
)


def _oid(number: int) -> str:
    return f"261116-{number:015d}"


def _tno(number: int) -> str:
    return f"73{number:011d}"


def _parcels(con):
    """order_id → (outcome, orders on its tracking number, combined/reused, first order, later)"""
    rows = con.execute(
        "select order_id, outcome, tracking_no_orders, tracking_no_sharing, "
        "tracking_no_first_order_id, is_later_on_reused_tracking_no "
        "from intermediate.int_parcels_classified"
    ).fetchall()
    return {row[0]: row[1:] for row in rows}


def _outcome(con, order_id):
    return con.execute(
        "select outcome from intermediate.int_parcels_classified where order_id = ?", [order_id]
    ).fetchall()[0][0]


def _refused(con):
    return {order for (order,) in con.execute("select order_id from marts.fct_refusals").fetchall()}


def _without_province(row: list[str]) -> list[str]:
    """An order row in a layout without region columns (the 2024 short layout has none)."""
    return [cell for header, cell in zip(ORDER_HEADER, row, strict=True) if header != "省"]


def test_a_combined_shipment_refused_is_a_refusal_of_every_order_on_it(tmp_path, build_warehouse):
    # 合并发货: the same 发货时间 (to the minute) and the same destination
    orders = [
        order_row(_oid(1), _tno(1), shipped_at="2026-11-16 18:00:05"),
        order_row(_oid(2), _tno(1), shipped_at="2026-11-16 18:00:40", product_id="100002"),
    ]
    # an export layout with no destination columns: unknown on both, the time alone decides
    no_region = [
        _without_province(order_row(_oid(3), _tno(3))),
        _without_province(order_row(_oid(4), _tno(3), product_id="100002")),
    ]
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    short_header = [header for header in ORDER_HEADER if header != "省"]
    write_export(tmp_path, "orders_short.csv", short_header, no_region)
    events = refused_journey(_tno(1)) + refused_journey(_tno(3))
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    assert _parcels(con) == {
        _oid(1): ("refused", 2, "combined", _oid(1), False),
        _oid(2): ("refused", 2, "combined", _oid(1), False),
        _oid(3): ("refused", 2, "combined", _oid(3), False),
        _oid(4): ("refused", 2, "combined", _oid(3), False),
    }
    assert _refused(con) == {_oid(1), _oid(2), _oid(3), _oid(4)}


def test_a_reused_number_refuses_only_the_order_it_was_first_shipped_for(tmp_path, build_warehouse):
    orders = [
        order_row(_oid(1), _tno(1), shipped_at="2026-11-16 18:00:00"),
        # the number entered again days later: fake shipping, not a refusal of its own
        order_row(
            _oid(2),
            _tno(1),
            status="已发货，待签收",
            ordered_at="2026-11-18 09:00:00",
            shipped_at="2026-11-19 10:00:00",
            promised_ship_by="2026-11-20 09:00:00",
        ),
        # the same minute as the first order, but another destination: not shipped together
        order_row(
            _oid(3),
            _tno(1),
            status="已签收",
            ordered_at="2026-11-16 10:00:00",
            shipped_at="2026-11-16 18:00:00",
            province="浙江省",
        ),
    ]
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, refused_journey(_tno(1)))
    con = build_warehouse(tmp_path)
    assert _refused(con) == {_oid(1)}
    assert _parcels(con) == {
        _oid(1): ("refused", 3, "reused", _oid(1), False),
        _oid(2): ("not_shipped", 3, "reused", _oid(1), True),
        _oid(3): ("not_shipped", 3, "reused", _oid(1), True),
    }


def _refusal_refund(status: str, *, applied_at: str = "2026-11-17 10:00:00") -> list[str]:
    return ["AS1", _oid(1), "仅退款", status, "不想要了", applied_at, "39.90"]


def _another_request(applied_at: str) -> list[str]:
    """A later export also carries newer requests, which date it after the older one."""
    return [
        "AS9",
        _oid(9),
        "仅退款",
        "买家申请退款，待商家处理",
        "多拍/错拍/不想要",
        applied_at,
        "39.90",
    ]


def _after_sales_exports(folder, *, newer: bool) -> None:
    write_export(
        folder,
        "after_sales_2026-11-17.csv",
        AFTER_SALES_HEADER,
        [_refusal_refund("已同意拒收退款，待用户拒收")],
    )
    if newer:
        write_export(
            folder,
            "after_sales_2026-11-24.csv",
            AFTER_SALES_HEADER,
            [_refusal_refund("退款成功"), _another_request("2026-11-23 12:00:00")],
        )


def _in_transit(tracking_no: str) -> list[list[str]]:
    """Tracking that shows no refusal: the refusal is known from after-sales alone."""
    return journey(
        tracking_no,
        ("2026-11-16 19:00:00", "1", "103", "【苏州市】快件已揽收"),
        ("2026-11-17 08:00:00", "0", "1002", "【南京市】快件已到达【南京分拨中心】"),
    )


def test_an_after_sales_refusal_stays_refused_when_its_refund_completes(tmp_path, build_warehouse):
    write_export(tmp_path, "orders.csv", ORDER_HEADER, [order_row(_oid(1), _tno(1))])
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, _in_transit(_tno(1)))
    _after_sales_exports(tmp_path, newer=True)
    con = build_warehouse(tmp_path)
    assert _outcome(con, _oid(1)) == "refused"
    assert con.execute(
        "select refusal_evidence_source, after_sales_latest_status "
        "from intermediate.int_parcels_classified"
    ).fetchall() == [("after_sales_status", "退款成功")]
    assert _refused(con) == {_oid(1)}


@pytest.mark.parametrize("newer", [False, True], ids=["one export", "refund completed later"])
def test_an_after_sales_refusal_signed_for_afterwards_is_not_a_refusal(
    tmp_path, build_warehouse, newer
):
    events = _in_transit(_tno(1)) + journey(
        _tno(1),
        ("2026-11-18 15:00:00", "5", "", "快件正在派送中"),
        ("2026-11-18 16:00:00", "3", "301", "已签收，签收人：本人"),
    )
    write_export(tmp_path, "orders.csv", ORDER_HEADER, [order_row(_oid(1), _tno(1))])
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    _after_sales_exports(tmp_path, newer=newer)
    con = build_warehouse(tmp_path)
    assert _outcome(con, _oid(1)) == "delivered"
    assert _refused(con) == set()


def test_a_plain_unshared_number_is_unchanged(tmp_path, build_warehouse):
    orders = [
        order_row(_oid(1), _tno(1)),
        order_row(_oid(2), _tno(2), status="已签收"),
        # no tracking number yet: two of them share nothing
        order_row(_oid(3), "", status="待发货", shipped_at=""),
        order_row(_oid(4), "", status="待发货", shipped_at=""),
    ]
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    events = refused_journey(_tno(1)) + delivered_journey(_tno(2))
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    assert _parcels(con) == {
        _oid(1): ("refused", 1, None, _oid(1), False),
        _oid(2): ("delivered", 1, None, _oid(2), False),
        _oid(3): ("not_shipped", None, None, None, False),
        _oid(4): ("not_shipped", None, None, None, False),
    }
    assert _refused(con) == {_oid(1)}


def test_a_refusal_code_on_the_way_back_from_another_failure_is_no_refusal(
    tmp_path, build_warehouse
):
    """Some couriers close every return with 14 拒签 when the sender signs for it. A parcel sent
    back because no one could be reached, or because the locker was not emptied, with no sign of a
    refusal before the sender signed, was returned undelivered; a buyer who could not be reached
    once and refused the next day at the door refused it, and so did one whose refusal the return
    closes with 14, as INPUTS.md's sequence goes."""
    out = ("2026-11-17 15:00:00", "5", "", "快件正在派送中")
    back = ("2026-11-18 10:00:00", "6", "", "退件处理中，原路返回")
    closed = ("2026-11-20 10:00:00", "14", "", "退回件已妥投，寄件人已签收")
    events = [
        *journey(_tno(1), out, ("2026-11-17 16:00:00", "2", "206",
                                "收件人电话关机，无法联系，退回寄件人"), back, closed),
        *journey(_tno(2), out, ("2026-11-17 16:00:00", "2", "205",
                                "快件在【丰巢智能快递柜】超时未取，已退回网点"), back,
                 ("2026-11-20 10:00:00", "14", "", "【苏州市】退件签收，签收人：店家")),
        *journey(_tno(3), out, ("2026-11-17 16:00:00", "2", "204", "电话无人接听，明日再派"),
                 ("2026-11-18 09:00:00", "5", "", "快件第2次派送中"),
                 ("2026-11-18 09:30:00", "2", "203", "收件人拒收，快件将退回寄件人"),
                 ("2026-11-18 20:00:00", "6", "", "快件已退回，退回原因：客户拒签"), closed),
        *journey(_tno(4), out, ("2026-11-17 16:00:00", "2", "203", "客户拒收"), back, closed),
    ]
    write_export(tmp_path, "orders.csv", ORDER_HEADER,
                 [order_row(_oid(n), _tno(n)) for n in range(1, 5)])
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    assert [_outcome(con, _oid(n)) for n in range(1, 5)] == [
        "returned_undelivered", "returned_undelivered", "refused", "refused"
    ]
    assert _refused(con) == {_oid(3), _oid(4)}
