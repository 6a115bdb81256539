"""The PDD order export (订单查询 → 导出) in its three templates, one row per order line."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from ..ids import masked_name, masked_phone
from ..model import Line, Order
from ..schedule import ORDERS_WINDOW_DAYS, Drop
from ..snapshot import after_sales_status, confirmed_at, order_status
from .dressing import e_notation, money, stamp, write

SHORT = [
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
]
FULL = [
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
    "是否审核中",
    "支付时间",
    "发货时间",
    "确认收货时间",
    "承诺发货时间",
    "承诺送达时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商品一级类目",
    "商品二级类目",
    "商品三级类目",
    "商品四级类目",
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
    "是否抽奖或0元试用",
    "是否顺丰加价",
    "支付方式",
    "订单来源",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
]
OLD = [
    "订单号",
    "订单状态",
    "商品",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-SKU维度",
    "商家编码-商品维度",
    "商品数量(件)",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "拼单成功时间",
    "支付时间",
    "承诺发货时间",
    "发货时间",
    "确认收货时间",
    "快递单号",
    "快递公司",
    "商家备注",
    "买家留言",
    "售后状态",
    "收货人",
    "手机",
    "省",
    "市",
    "区",
    "街道",
    "身份证姓名",
    "身份证号码",
]
_LAYOUTS = {"short": SHORT, "full": FULL, "old": OLD}
_LONG_IDS = ("订单号", "快递单号", "商品id", "样式ID", "团ID")
_MONEY = (
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "多多支付立减金额(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
)
_TIMES = (
    "支付时间",
    "发货时间",
    "确认收货时间",
    "承诺发货时间",
    "承诺送达时间",
    "订单成交时间",
    "拼单成功时间",
)
EXCEL_DAMAGED_SHARE = 0.04  # rows of the re-saved file whose pure-digit tracking number went E+


def _line_values(order: Order, line: Line, drop: Drop) -> dict[str, object]:
    at = drop.at
    parcel = order.parcel
    shipped = parcel is not None and parcel.declared_at <= at
    total = line.sku.price * line.quantity
    instant = 1.0 if int(order.order_id[-2]) == 7 and order.paid_at else 0.0
    digit = int(order.order_id[-1])
    courier = parcel.courier if shipped else None
    buyer = order.buyer
    return {
        "商品": line.product.title,
        "订单号": order.order_id,
        "订单状态": order_status(order, at),
        "商品总价(元)": total,
        "邮费(元)": 0.0,
        "店铺优惠折扣(元)": line.shop_discount,
        "平台优惠折扣(元)": line.platform_discount,
        "多多支付立减金额(元)": instant,
        "用户实付金额(元)": total - line.shop_discount - line.platform_discount - instant,
        "商家实收金额(元)": total - line.shop_discount,
        "商品数量(件)": str(line.quantity),
        "是否审核中": "否",
        "支付时间": order.paid_at,
        "发货时间": parcel.declared_at if shipped else None,
        "确认收货时间": confirmed_at(order, at),
        "承诺发货时间": order.promised_ship_at,
        "承诺送达时间": None,
        "商品id": line.product.goods_id,
        "商品规格": line.sku.spec,
        "样式ID": line.sku.style_id,
        "商家编码-规格维度": line.sku.code,
        "商家编码-SKU维度": line.sku.code,
        "商家编码-商品维度": line.product.code,
        "商品一级类目": line.product.categories[0],
        "商品二级类目": line.product.categories[1],
        "商品三级类目": line.product.categories[2],
        "商品四级类目": line.product.categories[3],
        "商家备注": order.merchant_note,
        "买家留言": order.buyer_message,
        "售后状态": after_sales_status(order, at),
        "快递单号": parcel.number if shipped else "",
        "快递公司": courier.names[digit % len(courier.names)] if courier else "",
        "订单成交时间": order.deal_at,
        "拼单成功时间": order.deal_at,
        "团ID": order.order_id[-13:][::-1].lstrip("0") or "1",
        "省": buyer.region.province,
        "市": buyer.region.city,
        "区": buyer.district,
        "街道/镇": buyer.street,
        "街道": buyer.street,
        "是否抽奖或0元试用": "否",
        "是否顺丰加价": "是" if order.sf_upgrade else "否",
        "支付方式": ("微信支付", "支付宝", "多多支付")[digit % 3] if order.paid_at else "",
        "订单来源": ("拼单", "直接购买", "拼单", "多多视频")[digit % 4],
        "是否分期": "否",
        "分期期数": "",
        "手续费承担方": "",
        "分期方式": "",
        "收货人": "",
        "手机": "",
        "身份证姓名": "",
        "身份证号码": "",
    }


def _dress(name: str, value: object, drop: Drop, rng: random.Random) -> str:
    quirks = drop.quirks
    slash = "slash_dates" in quirks or "excel_resaved" in quirks
    if name in _TIMES:
        return stamp(value, slash)
    if name in _MONEY:
        return money(value, "yuan_signs" in quirks)
    text = str(value)
    if name == "订单状态":
        if "halfwidth_comma" in quirks:
            text = text.replace("，", ",")
        if "dropped_comma" in quirks:
            text = text.replace("，", "")
    if name in _LONG_IDS and text:
        if "excel_resaved" in quirks:
            if name == "快递单号" and text.isdigit() and rng.random() < EXCEL_DAMAGED_SHARE:
                return e_notation(text)
            if name in ("商品id", "样式ID", "团ID"):
                return text + ".0"
            return text
        if "tab" in quirks and drop.fmt == "csv":
            return "\t" + text
    return text


def _header(names: list[str], drop: Drop) -> list[str]:
    header = []
    for index, name in enumerate(names):
        if "fullwidth_brackets" in drop.quirks:
            name = name.replace("(", "（").replace(")", "）")
            if index == 3:
                name = "商品总价（元)"
        if "header_spaces" in drop.quirks and index % 5 == 1:
            name = f" {name}\t" if index % 2 else f"{name} "
        header.append(name)
    return header


def write_orders(folder: Path, drop: Drop, orders: list[Order], rng: random.Random) -> set[str]:
    since = drop.at - timedelta(days=ORDERS_WINDOW_DAYS)
    names = _LAYOUTS[drop.layout]
    picked = [o for o in orders if since <= o.deal_at < drop.at]
    picked.sort(key=lambda o: (o.deal_at, o.order_id), reverse=True)
    rows = []
    for order in picked:
        for line in order.lines:
            values = _line_values(order, line, drop)
            if drop.layout == "old":
                values["收货人"] = masked_name(rng)
                values["手机"] = masked_phone(order.buyer.phone)
            rows.append([_dress(name, values[name], drop, rng) for name in names])
    write(folder, drop, _header(names, drop), rows, quote_all=drop.encoding == "gb18030")
    return {order.order_id for order in picked}
