"""The weekly PDD order exports (订单查询 → 导出): one row per order line, the order's state as of
the download, in the three header layouts the contract describes and several file habits."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .aftersales import AGREED, AGREED_REFUSAL, REVOKED, SUCCESS
from .files import (
    Cell,
    as_text_for_excel,
    excel_damaged,
    excel_formula_text,
    money,
    stamp,
    write_csv,
    write_xlsx,
)
from .model import Order

SHORT = (
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "多多支付立减金额(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "订单成交时间",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
)
FULL = (
    "商品",
    "订单号",
    "订单状态",
    "是否审核中",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "多多支付立减金额(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "支付时间",
    "承诺发货时间",
    "承诺送达时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商家备注",
    "买家留言",
    "售后状态",
    "快递单号",
    "快递公司",
    "订单成交时间",
    "团ID",
    "省",
    "市",
    "区",
    "街道/镇",
    "商品一级类目",
    "商品二级类目",
    "商品三级类目",
    "商品四级类目",
    "是否抽奖或0元试用",
    "是否顺丰加价",
    "支付方式",
    "订单来源",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
)
OLD = (
    "订单号",
    "商品",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "拼单成功时间",
    "订单确认时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-SKU维度",
    "商家编码-商品维度",
    "商家备注",
    "买家留言",
    "售后状态",
    "快递单号",
    "快递公司",
    "收货人",
    "手机",
    "省",
    "市",
    "区",
    "街道",
    "身份证姓名",
    "身份证号码",
)
_ID_COLUMNS = ("订单号", "快递单号", "商品id", "样式ID")
_PASTED_BY_HAND_PERCENT = 7


@dataclass(frozen=True)
class OrdersDrop:
    name: str
    at: datetime
    layout: tuple[str, ...]
    window_days: int
    encoding: str = "utf-8-sig"
    xlsx: bool = False
    tab_ids: bool = False
    formula_ids: bool = False
    slashed_times: bool = False
    excel_damage: bool = False
    numeric_tracking: bool = False
    comma: str = "，"
    agreed_as: str = "退款中"
    yen: bool = False
    only_product: str = ""


def _stable_share(key: str, modulo: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % modulo


def order_status(order: Order, moment: datetime, comma: str = "，") -> str:
    if order.paid_at is None or order.paid_at > moment:
        return "已取消" if order.cancelled_at and order.cancelled_at <= moment else "待支付"
    if order.refunded_unshipped_at is not None and order.refunded_unshipped_at <= moment:
        return f"未发货{comma}退款成功"
    if order.shipped_at is None or order.shipped_at > moment:
        return "待发货"
    if order.refunded_at is not None and order.refunded_at <= moment:
        return f"已发货{comma}退款成功"
    parcel = order.parcel
    if (
        not order.reused_tracking
        and parcel is not None
        and parcel.signed_at is not None
        and parcel.signed_at <= moment
    ):
        return "已签收"
    return f"已发货{comma}待签收"


def aftersale_status(order: Order, moment: datetime, agreed_as: str = "退款中") -> str:
    current = [record for record in order.aftersales if record.applied_at <= moment]
    if not current:
        if order.refunded_at is not None and order.refunded_at <= moment:
            return "退款成功"
        return "无售后或售后取消"
    status = max(current, key=lambda record: record.applied_at).status_at(moment)
    if status == SUCCESS:
        return "退款成功"
    if status in (AGREED, AGREED_REFUSAL):
        return agreed_as
    if status == REVOKED:
        return "买家撤销" if _stable_share(order.order_id, 2) else "无售后或售后取消"
    return "售后处理中"


def _shares(order: Order) -> list[float]:
    total = order.goods_total or 1.0
    return [line.goods_total / total for line in order.lines]


def _order_values(order: Order, drop: OrdersDrop) -> list[dict[str, Cell]]:
    moment = drop.at
    shipped = order.shipped_at is not None and order.shipped_at <= moment
    parcel = order.parcel
    buyer = order.buyer
    status = order_status(order, moment, drop.comma)
    after = aftersale_status(order, moment, drop.agreed_as)
    confirmed = order.confirmed_at if order.confirmed_at and order.confirmed_at <= moment else None
    slashed = drop.slashed_times
    rows = []
    for index, (line, share) in enumerate(zip(order.lines, _shares(order), strict=True)):
        product = line.product
        paid_share = order.paid_yuan * share
        tracking = parcel.tracking_no if shipped and parcel is not None else ""
        values: dict[str, Cell] = {
            "商品": product.title,
            "订单号": order.order_id,
            "订单状态": status,
            "是否审核中": "否",
            "商品总价(元)": money(line.goods_total, drop.yen),
            "邮费(元)": money(0.0, drop.yen),
            "店铺优惠折扣(元)": money(order.shop_discount * share, drop.yen),
            "平台优惠折扣(元)": money(order.platform_discount * share, drop.yen),
            "多多支付立减金额(元)": money(order.duoduo_discount * share, drop.yen),
            "用户实付金额(元)": money(paid_share, drop.yen),
            "商家实收金额(元)": money(paid_share + order.platform_discount * share, drop.yen),
            "商品数量(件)": str(line.quantity),
            "支付时间": stamp(
                order.paid_at if order.paid_at and order.paid_at <= moment else None, slashed
            ),
            "承诺发货时间": stamp(order.promise_ship_at if order.paid_at else None, slashed),
            "承诺送达时间": stamp(order.promise_ship_at + timedelta(days=3), slashed)
            if order.presale and order.promise_ship_at
            else "",
            "发货时间": stamp(order.shipped_at if shipped else None, slashed),
            "确认收货时间": stamp(confirmed, slashed),
            "商品id": product.goods_id,
            "商品规格": line.sku.spec,
            "样式ID": line.sku.style_id,
            "商家编码-规格维度": line.sku.merchant_sku,
            "商家编码-SKU维度": line.sku.merchant_sku,
            "商家编码-商品维度": product.merchant_code,
            "商家备注": order.note,
            "买家留言": order.message if index == 0 else "",
            "售后状态": after,
            "快递单号": tracking,
            "快递公司": order.courier.display if tracking else "",
            "订单成交时间": stamp(order.placed_at, slashed),
            "拼单成功时间": stamp(order.placed_at, slashed),
            "订单确认时间": stamp(order.paid_at, slashed),
            "团ID": str(1700000000000 + _stable_share(order.order_id, 10**9)),
            "省": buyer.province,
            "市": buyer.city,
            "区": buyer.district,
            "街道/镇": buyer.street,
            "街道": buyer.street,
            "商品一级类目": product.categories[0],
            "商品二级类目": product.categories[1],
            "商品三级类目": product.categories[2],
            "商品四级类目": product.categories[3],
            "是否抽奖或0元试用": "是" if order.trial else "否",
            "是否顺丰加价": "是" if order.sf_upgrade else "否",
            "支付方式": ("微信", "支付宝", "多多支付")[_stable_share(order.order_id, 3)],
            "订单来源": "拼多多App",
            "是否分期": "否",
            "分期期数": "",
            "手续费承担方": "",
            "分期方式": "",
            "收货人": buyer.name[0] + "**",
            "手机": buyer.phone[:3] + "****" + buyer.phone[-4:],
            "身份证姓名": "",
            "身份证号码": "",
        }
        rows.append(values)
    return rows


def _apply_habits(values: dict[str, Cell], drop: OrdersDrop) -> None:
    # In the re-saved file the tab kept most ids as text; only the tracking numbers the merchant
    # pasted in by hand (补单号 after a re-print) lost their digits.
    pasted_by_hand = _stable_share(str(values["订单号"]), 100) < _PASTED_BY_HAND_PERCENT
    for column in _ID_COLUMNS:
        text = str(values[column])
        if drop.excel_damage:
            values[column] = (
                excel_damaged(text) if column == "快递单号" and pasted_by_hand else text
            )
        elif drop.numeric_tracking and column == "快递单号" and text.isdigit():
            values[column] = float(text)
        elif drop.formula_ids:
            values[column] = excel_formula_text(text)
        elif drop.tab_ids:
            values[column] = as_text_for_excel(text)


def _rows(orders: Iterable[Order], drop: OrdersDrop) -> list[list[Cell]]:
    since = drop.at - timedelta(days=drop.window_days)
    rows = []
    for order in orders:
        if not since <= order.placed_at < drop.at:
            continue
        if drop.only_product and order.main_product.code != drop.only_product:
            continue
        for values in _order_values(order, drop):
            _apply_habits(values, drop)
            rows.append([values[column] for column in drop.layout])
    return rows


def write_orders(folder: Path, drop: OrdersDrop, orders: list[Order]) -> set[str]:
    """Write one order export; return the order ids it mentions."""
    rows = _rows(orders, drop)
    path = folder / drop.name
    if drop.xlsx:
        write_xlsx(path, drop.layout, rows, sheet="订单列表")
    else:
        write_csv(path, drop.layout, rows, encoding=drop.encoding)
    position = drop.layout.index("订单号")
    return {str(row[position]).strip().strip('="\t') for row in rows}
