"""What each export shows at a snapshot time: the state of an order, a parcel's events so far, an
after-sales record's state, as of that moment. Values are typed (datetime, float, str); exports.py
formats them per file.
"""

from __future__ import annotations

import bisect
from datetime import datetime, timedelta

from .model import Order, Parcel, World
from .scans import NO_INFO

TRACK_WINDOW = timedelta(days=14)
K100_NAMES = {
    "0": "在途",
    "1": "揽收",
    "2": "疑难",
    "3": "签收",
    "4": "退签",
    "5": "派件",
    "6": "退回",
    "7": "转投",
    "14": "拒签",
}
AS_TO_ORDER = {"退款成功": "退款成功", "商家同意退款，退款中": "退款中", "买家撤销": "买家撤销"}


class Index:
    """Orders by time and parcels by activity, so each snapshot finds its rows quickly."""

    def __init__(self, world: World):
        self.world = world
        self.orders = sorted(world.orders, key=lambda o: o.created_at)
        self.order_times = [o.created_at for o in self.orders]
        self.parcels = [p for p in world.parcels if p.tracked]
        self.numbers_seen: dict[str, Parcel] = {p.number: p for p in world.parcels}

    def orders_between(self, start: datetime, end: datetime) -> list[Order]:
        lo = bisect.bisect_left(self.order_times, start)
        hi = bisect.bisect_left(self.order_times, end)
        return self.orders[lo:hi]


def order_status(order: Order, at: datetime, comma: str) -> str:
    if order.paid_at is None or order.paid_at > at:
        return "已取消" if order.cancelled_at and order.cancelled_at <= at else "待支付"
    if order.preship_refund_at and order.preship_refund_at <= at:
        return f"未发货{comma}退款成功"
    if order.uploaded_at is None or order.uploaded_at > at:
        return "待发货"
    if order.refund_at and order.refund_at <= at:
        return f"已发货{comma}退款成功"
    if order.signed_at and order.signed_at <= at:
        return "已签收"
    return f"已发货{comma}待签收"


def after_sales_status(order: Order, at: datetime, revoked_as_none: bool) -> str:
    records = [r for r in order.aftersales if r.applied_at <= at]
    if records:
        state = records[-1].state_at(at)
        shown = AS_TO_ORDER.get(state, "售后处理中")
        if shown == "买家撤销" and (revoked_as_none or len(records) > 1):
            return "无售后或售后取消"
        return shown
    if (order.refund_at and order.refund_at <= at) or (
        order.preship_refund_at and order.preship_refund_at <= at
    ):
        return "退款成功"
    return "无售后或售后取消"


def merchant_note(order: Order, at: datetime) -> str:
    notes = sorted((n for n in order.notes if n[0] <= at), key=lambda n: n[0])
    if not notes:
        return ""
    if order.idx % 10 < 3:  # some merchants append, most overwrite
        return "；".join(text for _, text in notes)
    return notes[-1][1]


def _split(total: float, weights: list[float]) -> list[float]:
    whole = sum(weights) or 1.0
    parts = [round(total * w / whole, 2) for w in weights]
    parts[-1] = round(total - sum(parts[:-1]), 2)
    return parts


def order_rows(
    index: Index, at: datetime, since: datetime, layout: str, style
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for order in reversed(
        index.orders_between(since, at)
    ):  # newest first, as the backend lists them
        status = order_status(order, at, style.comma)
        shipped = (
            order.uploaded_at is not None
            and order.uploaded_at <= at
            and order.courier is not None
            and not (order.preship_refund_at and order.preship_refund_at <= at)
        )
        paid = order.paid_at is not None and order.paid_at <= at
        goods = [line.goods for line in order.lines]
        money = {
            name: _split(value, goods)
            for name, value in (
                ("邮费(元)", order.postage),
                ("店铺优惠折扣(元)", order.shop_discount),
                ("平台优惠折扣(元)", order.platform_discount),
                ("多多支付立减金额(元)", order.duoduo_discount),
                ("用户实付金额(元)", order.paid_amount),
                ("商家实收金额(元)", order.merchant_amount),
            )
        }
        buyer = order.buyer
        courier = order.courier
        common: dict[str, object] = {
            "订单号": order.order_id,
            "订单状态": status,
            "发货时间": order.uploaded_at if shipped else None,
            "确认收货时间": order.confirm_at
            if order.confirm_at and order.confirm_at <= at
            else None,
            "商家备注": merchant_note(order, at),
            "售后状态": after_sales_status(order, at, style.revoked_as_none),
            "快递单号": order.parcel.number if shipped and order.parcel else "",
            "快递公司": courier.display[order.idx % len(courier.display)]
            if shipped and courier
            else "",
            "订单成交时间": order.paid_at if paid else None,
            "支付时间": order.paid_at if paid else None,
            "拼单成功时间": order.paid_at if paid else None,
            "订单确认时间": (order.paid_at + timedelta(seconds=order.idx % 50)) if paid else None,
            "承诺发货时间": order.promise_ship_at if paid else None,
            "承诺送达时间": order.promise_deliver_at if paid else None,
            "是否审核中": "否",
            "省": buyer.province.name,
            "市": buyer.city,
            "区": buyer.district,
            "街道/镇": buyer.street,
            "街道": buyer.street,
            "买家留言": order.buyer_message,
            "团ID": order.group_id,
            "是否抽奖或0元试用": "是" if order.kind == "trial" else "否",
            "是否顺丰加价": "是" if order.sf_upgrade else "否",
            "是否门店自提": "否",
            "是否预售": "是" if any(line.product.heavy for line in order.lines) else "否",
            "支付方式": order.pay_method if paid else "",
            "订单来源": order.source,
            "用户购买手机号": f"{buyer.phone[:3]}****{buyer.phone[-4:]}",
            "收货人": buyer.name,
            "手机": buyer.phone,
            "身份证姓名": "",
            "身份证号码": "",
            "是否分期": "是" if order.installments else "否",
            "分期期数": str(order.installments) if order.installments else "",
            "手续费承担方": ("商家" if order.idx % 2 else "用户") if order.installments else "",
            "分期方式": "信用卡分期" if order.installments else "",
        }
        for i, line in enumerate(order.lines):
            row = dict(common)
            product = line.product
            row.update(
                {
                    "商品": product.title,
                    "商品总价(元)": line.goods,
                    "商品数量(件)": line.qty,
                    "商品id": product.product_id,
                    "商品规格": line.sku.spec,
                    "样式ID": line.sku.style_id,
                    "商家编码-规格维度": line.sku.code,
                    "商家编码-SKU维度": line.sku.code,
                    "商家编码-商品维度": product.code,
                    "商品一级类目": product.categories[0],
                    "商品二级类目": product.categories[1],
                    "商品三级类目": product.categories[2],
                    "商品四级类目": product.categories[3],
                }
            )
            for name, parts in money.items():
                row[name] = parts[i]
            rows.append(row)
    return rows


def _active(parcel: Parcel, at: datetime) -> bool:
    return any(at - TRACK_WINDOW <= e.at <= at for e in parcel.events)


def _tracking_events(index: Index, at: datetime):
    """(parcel, events so far) for every tracked parcel the aggregator still lists at `at`."""
    out = []
    for parcel in index.parcels:
        if parcel.events:
            if _active(parcel, at):
                out.append((parcel, [e for e in parcel.events if e.at <= at]))
        elif parcel.pickup_at is None and at - TRACK_WINDOW <= parcel.uploaded_at <= at:
            out.append((parcel, None))  # a number that never moved
    out.sort(
        key=lambda item: (item[1][-1].at if item[1] else item[0].uploaded_at, item[0].number),
        reverse=True,
    )
    return out


def _no_info_time(parcel: Parcel, at: datetime) -> datetime:
    return min(at, parcel.uploaded_at + timedelta(hours=6 + len(parcel.number)))


def k100_rows(index: Index, at: datetime, style) -> list[dict[str, object]]:
    rows = []
    for parcel, events in _tracking_events(index, at):
        company = parcel.courier.k100 if style.courier_code else parcel.courier.display[0]
        if events is None:
            rows.append(
                {
                    "快递单号": parcel.number,
                    "快递公司": company,
                    "事件时间": _no_info_time(parcel, at),
                    "状态码": "0",
                    "高级状态码": "",
                    "状态名称": "在途",
                    "事件描述": NO_INFO[len(parcel.number) % 3],
                    "事件地点": "",
                }
            )
            continue
        ordered = list(reversed(events)) if style.newest_first else events
        for e in ordered:
            state, adv, _, _ = e.codes
            rows.append(
                {
                    "快递单号": parcel.number,
                    "快递公司": company,
                    "事件时间": e.at,
                    "状态码": state,
                    "高级状态码": adv,
                    "状态名称": K100_NAMES.get(state, ""),
                    "事件描述": e.text,
                    "事件地点": e.place,
                }
            )
    return rows


def kdn_rows(index: Index, at: datetime, style) -> list[dict[str, object]]:
    rows = []
    for parcel, events in _tracking_events(index, at):
        if events is None:
            rows.append(
                {
                    "LogisticCode": parcel.number,
                    "ShipperCode": parcel.courier.kdn,
                    "AcceptTime": _no_info_time(parcel, at),
                    "State": "0",
                    "StateEx": "401",
                    "AcceptStation": NO_INFO[len(parcel.number) % 3],
                    "Location": "",
                }
            )
            continue
        ordered = list(reversed(events)) if style.newest_first else events
        for e in ordered:
            _, _, state, ex = e.codes
            rows.append(
                {
                    "LogisticCode": parcel.number,
                    "ShipperCode": parcel.courier.kdn,
                    "AcceptTime": e.at,
                    "State": state,
                    "StateEx": ex,
                    "AcceptStation": e.text,
                    "Location": e.place,
                }
            )
    return rows


def after_sales_rows(index: Index, at: datetime, since: datetime) -> list[dict[str, object]]:
    rows = []
    records = [a for a in index.world.aftersales if since <= a.applied_at <= at]
    for rec in sorted(records, key=lambda a: (a.applied_at, a.as_id), reverse=True):
        rows.append(
            {
                "售后编号": rec.as_id,
                "订单号": rec.order.order_id,
                "售后类型": rec.kind,
                "售后状态": rec.state_at(at),
                "售后原因": rec.reason,
                "申请时间": rec.applied_at,
                "退款金额(元)": rec.amount,
                "退货快递单号": rec.return_number,
                "发货状态": rec.ship_state,
            }
        )
    return rows


def review_rows(world: World, at: datetime, since: datetime) -> list[dict[str, object]]:
    rows = []
    for review in world.reviews:
        if since <= review.at <= at:
            rows.append(
                {
                    "评价时间": review.at,
                    "订单号": review.order.order_id,
                    "商品id": review.product.product_id,
                    "评分": str(review.score),
                    "评价内容": review.text,
                    "商家回复": review.reply,
                }
            )
    rows.reverse()
    return rows


def penalty_rows(world: World, month: int, kinds: tuple[str, ...]) -> list[dict[str, object]]:
    return [
        {
            "订单号": p.order.order_id,
            "快递单号": p.number,
            "类型": p.kind,
            "金额(元)": p.amount,
            "时间": p.at,
            "说明": p.note,
        }
        for p in world.penalties
        if p.at.month == month and p.kind in kinds
    ]
