"""Weekly orders exports (订单查询 → 导出), in the three templates the contract knows.

Every week the merchant exports the orders of the last 14-30 days (the first week: everything so
far), so an order shows up in two to four files with a newer status each time. Most weeks use the
2024 short template; one week comes from the 2023 full template (buyer messages, regions, promised
times) and one from an old ERP's 2019 template with receiver data (fake) that was re-saved in Excel
(ids with a trailing .0, a handful of tracking numbers in E-notation). One or two mid-week
re-exports of the last few days add more overlap.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .model import Line, Order, World
from .status import OrderView, order_view
from .writer import Cells, FileStyle, draw_style, unique_path, write_table

LAYOUT_2024 = [
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
LAYOUT_2023 = [
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
    "订单成交时间",
    "承诺发货时间",
    "承诺送达时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商品一级类目",
    "商品二级类目",
    "商品三级类目",
    "商品四级类目",
    "买家留言",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "团ID",
    "省",
    "市",
    "区",
    "街道/镇",
    "是否抽奖或0元试用",
    "是否顺丰加价",
    "支付方式",
    "订单来源",
    "是否门店自提",
    "是否预售",
    "预售时间",
    "是否代购",
    "是否为多多批发",
    "是否为跨境订单",
    "是否开票",
    "旗帜颜色",
    "达人id",
    "达人昵称",
    "直播间id",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
    "优惠券名称",
]
LAYOUT_2019 = [
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "邮费(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "身份证姓名",
    "身份证号码",
    "收货人",
    "手机",
    "是否审核中",
    "省",
    "市",
    "区",
    "街道",
    "支付时间",
    "拼单成功时间",
    "订单确认时间",
    "承诺发货时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-SKU维度",
    "商家编码-商品维度",
    "快递单号",
    "快递公司",
    "商家备注",
    "售后状态",
    "买家留言",
    "是否抽奖或0元试用",
    "团ID",
]
LAYOUTS = {"2024": LAYOUT_2024, "2023": LAYOUT_2023, "2019": LAYOUT_2019}
E_NOTATION_ROWS = 6
# Quirks that should show up in at least one orders file of any world.
VARIETY = (
    ("encoding", "utf-8"),
    ("encoding", "utf-8-sig"),
    ("encoding", "gb18030"),
    ("money", "yen"),
    ("money", "thousands"),
    ("ids", "tab"),
    ("ids", "mixed"),
    ("brackets", "full"),
    ("status_comma", "none"),
    ("time_format", "%Y/%m/%d %H:%M"),
)


@dataclass
class OrdersFile:
    taken_at: datetime
    since: datetime
    layout: str
    style: FileStyle
    pattern_kind: str  # csv | xlsx
    courier_variant: int


def plan_files(world: World, rng: random.Random) -> list[OrdersFile]:
    weeks = len(world.export_times)
    layouts = ["2024"] * weeks
    special = rng.sample(range(max(1, weeks - 1)), min(2, max(1, weeks - 1)))
    for index, layout in zip(special, ("2019", "2023"), strict=False):
        layouts[index] = layout
    short_weeks = [index for index, layout in enumerate(layouts) if layout == "2024"]
    xlsx_week = rng.choice(short_weeks) if short_weeks else -1
    files = []
    for index, taken_at in enumerate(world.export_times):
        since = (
            world.start if index == 0 else taken_at - timedelta(days=rng.choice((14, 21, 21, 30)))
        )
        xlsx = index == xlsx_week
        style = draw_style(rng, xlsx=xlsx)
        style.excel_damaged = layouts[index] == "2019"
        if style.excel_damaged:
            style.encoding = "gb18030"
        files.append(
            OrdersFile(
                taken_at, since, layouts[index], style, "xlsx" if xlsx else "csv", rng.randrange(3)
            )
        )
    missing = [name for name in ("2019", "2023") if name not in layouts]
    for name in missing + (["2024"] if weeks > 2 else []):
        index = rng.randrange(max(1, weeks - 1))
        taken_at = world.export_times[index] + timedelta(days=rng.uniform(1.5, 3.5))
        taken_at = min(taken_at, world.end)
        style = draw_style(rng)
        files.append(
            OrdersFile(
                taken_at,
                taken_at - timedelta(days=rng.uniform(3, 6)),
                name,
                style,
                "csv",
                rng.randrange(3),
            )
        )
    _ensure_variety(files, rng)
    return files


def _ensure_variety(files: list[OrdersFile], rng: random.Random) -> None:
    for attribute, value in VARIETY:
        if any(getattr(file.style, attribute) == value for file in files):
            continue
        eligible = [
            file
            for file in files
            if attribute != "encoding" or not (file.style.xlsx or file.style.excel_damaged)
        ]
        spare = [
            file
            for file in eligible
            if sum(getattr(o.style, attribute) == getattr(file.style, attribute) for o in files) > 1
        ]
        setattr(rng.choice(spare or eligible).style, attribute, value)


def _values(
    order: Order, line: Line, view: OrderView, cells: Cells, file: OrdersFile, world: World
) -> dict[str, str]:
    product, sku, buyer = line.product, line.sku, order.buyer
    courier = next((c for c in world.couriers if c.key == view.courier_key), None)
    courier_name = courier.names[file.courier_variant % len(courier.names)] if courier else ""
    promised = order.promised_ship_at
    expected = order.parcel.expected_days if order.parcel else 3.0
    promise_delivery = int(order.order_id[-1]) < 4 and promised is not None
    grouped = order.paid_at + timedelta(seconds=7) if order.paid_at else None
    aftersale = view.aftersale
    if aftersale == "售后处理中" and file.layout == "2019":
        aftersale = "退款中"
    money = cells.money
    return {
        "商品": product.title,
        "订单号": cells.ident(order.order_id),
        "订单状态": cells.status(view.status),
        "商品总价(元)": money(line.goods_total),
        "邮费(元)": money(line.postage),
        "店铺优惠折扣(元)": money(line.shop_discount),
        "平台优惠折扣(元)": money(line.platform_discount),
        "多多支付立减金额(元)": money(line.pay_discount),
        "用户实付金额(元)": money(line.paid),
        "商家实收金额(元)": money(line.received),
        "商品数量(件)": str(line.qty),
        "发货时间": cells.time(view.shipped_at),
        "确认收货时间": cells.time(view.confirmed_at),
        "商品id": cells.digits_id(product.product_id),
        "商品规格": sku.spec,
        "样式ID": cells.digits_id(sku.style_id),
        "商家编码-规格维度": sku.code,
        "商家编码-SKU维度": sku.code,
        "商家编码-商品维度": product.goods_code,
        "商家备注": view.note,
        "售后状态": aftersale,
        "快递单号": cells.ident(view.tracking_no),
        "快递公司": courier_name,
        "订单成交时间": cells.time(order.paid_at),
        "是否分期": "否",
        "是否审核中": "否",
        "支付时间": cells.time(order.paid_at),
        "承诺发货时间": cells.time(promised),
        "承诺送达时间": cells.time(promised + timedelta(days=expected + 1))
        if promise_delivery
        else "",
        "商品一级类目": product.categories[0],
        "商品二级类目": product.categories[1],
        "商品三级类目": product.categories[2],
        "商品四级类目": product.categories[3],
        "买家留言": order.buyer_message,
        "团ID": order.group_id,
        "省": buyer.region.province,
        "市": buyer.city,
        "区": buyer.district,
        "街道/镇": buyer.town,
        "街道": buyer.town,
        "是否抽奖或0元试用": "是" if order.zero_trial else "否",
        "是否顺丰加价": "是" if order.sf_surcharge else "否",
        "支付方式": order.pay_method if order.paid_at else "",
        "订单来源": order.source,
        "是否门店自提": "否",
        "是否预售": "否",
        "是否代购": "否",
        "是否为多多批发": "否",
        "是否为跨境订单": "否",
        "是否开票": "否",
        "优惠券名称": f"店铺满减券{line.shop_discount:.0f}元" if line.shop_discount >= 1 else "",
        "拼单成功时间": cells.time(grouped),
        "订单确认时间": cells.time(grouped),
        "收货人": buyer.name,
        "手机": buyer.phone,
        "身份证姓名": buyer.name if buyer.id_number else "",
        "身份证号码": buyer.id_number,
    }


def _e_notation(number: str) -> str:
    """What Excel keeps of a long pure-digit id: 12 significant digits, the rest lost."""
    mantissa, exponent = f"{int(number):.11E}".split("E")
    return f"{mantissa.rstrip('0').rstrip('.')}E+{int(exponent)}"


def export_orders(
    world: World, directory: Path, names: list[str], rng: random.Random
) -> list[tuple[Path, set[str]]]:
    files = plan_files(world, rng)
    windows = [(file.since, file.taken_at) for file in files]
    written = []
    for index, file in enumerate(files):
        cells = Cells(file.style, rng)
        header = LAYOUTS[file.layout]
        chosen = [o for o in world.orders if file.since <= o.created_at <= file.taken_at]
        chosen.sort(key=lambda order: order.created_at, reverse=True)
        damaged_budget = E_NOTATION_ROWS if file.style.excel_damaged else 0
        rows, ids = [], set()
        for order in chosen:
            view = order_view(order, file.taken_at)
            ids.add(order.order_id)
            for line in order.lines:
                values = _values(order, line, view, cells, file, world)
                number = view.tracking_no
                elsewhere = any(
                    other != index and since <= order.created_at <= until
                    for other, (since, until) in enumerate(windows)
                )
                if damaged_budget and number.isdigit() and elsewhere and rng.random() < 0.05:
                    values["快递单号"] = _e_notation(number)
                    damaged_budget -= 1
                rows.append([values.get(column, "") for column in header])
        pattern = rng.choice([name for name in names if name.endswith("." + file.pattern_kind)])
        name = pattern.format(
            ymd=file.taken_at.strftime("%Y%m%d"), md=file.taken_at.strftime("%m%d"), n=index + 1
        )
        path = unique_path(directory, name)
        write_table(path, [cells.header(column) for column in header], rows, file.style, rng)
        written.append((path, ids))
    return written
