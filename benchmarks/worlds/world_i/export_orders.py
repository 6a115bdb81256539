"""The PDD merchant order export, as downloaded every week in changing templates."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .model import AfterSale, Line, Order
from .shop import EXPORT_DAYS
from .writers import Cell, write_csv, write_xlsx

WINDOW = timedelta(days=35)
SHORT_LAYOUT = (
    "商品", "订单号", "订单状态", "商品总价(元)", "邮费(元)", "店铺优惠折扣(元)",
    "平台优惠折扣(元)", "多多支付立减金额(元)", "用户实付金额(元)", "商家实收金额(元)",
    "商品数量(件)", "发货时间", "确认收货时间", "商品id", "商品规格", "样式ID",
    "商家编码-规格维度", "商家编码-商品维度", "商家备注", "售后状态", "快递单号", "快递公司",
    "订单成交时间", "是否分期", "分期期数", "手续费承担方", "分期方式",
)
FULL_LAYOUT = (
    *SHORT_LAYOUT[:23], "是否审核中", "支付时间", "承诺发货时间", "承诺送达时间", "商品一级类目",
    "商品二级类目", "商品三级类目", "商品四级类目", "买家留言", "团ID", "省", "市", "区", "街道/镇",
    "是否抽奖或0元试用", "是否顺丰加价", "支付方式", "订单来源", *SHORT_LAYOUT[23:],
)
ID_COLUMNS = frozenset({"订单号", "快递单号", "商品id", "样式ID"})
PURE_DIGIT_COLUMNS = frozenset({"快递单号", "商品id", "样式ID"})
EXCEL_LOSSY_LENGTH = 13
PASTED_BLOCK = timedelta(days=7)


@dataclass(frozen=True)
class OrdersFileStyle:
    layout: tuple[str, ...]
    is_xlsx: bool
    encoding: str
    id_wrap: str
    time_format: str
    status_comma: str
    money_prefix: str
    full_width_brackets: bool
    excel_damaged: bool


def style_for(index: int) -> OrdersFileStyle:
    seconds = "%Y-%m-%d %H:%M:%S"
    if index < 6:
        return OrdersFileStyle(FULL_LAYOUT, False, "gb18030", "tab", seconds, "，", "", True, False)
    if index == 6:
        return OrdersFileStyle(FULL_LAYOUT, False, "gb18030", "", seconds, "，", "", True, True)
    if index < 10:
        return OrdersFileStyle(SHORT_LAYOUT, True, "", "", "%Y/%m/%d %H:%M", "，", "", False,
                               False)
    comma = "," if index == 12 else "，"
    money_prefix = "¥" if index == 13 else ""
    return OrdersFileStyle(FULL_LAYOUT, False, "utf-8-sig", "eq", seconds, comma, money_prefix,
                           False, False)


def file_name(index: int, style: OrdersFileStyle) -> str:
    day = EXPORT_DAYS[index]
    if style.is_xlsx:
        return f"订单查询导出_{day:%Y%m%d}.xlsx"
    return f"orders_export_{day:%Y%m%d}_{index + 1:02d}.csv"


def order_status(order: Order, at: datetime) -> str:
    if order.cancelled_at and order.cancelled_at <= at:
        return "已取消"
    if order.paid_at is None or order.paid_at > at:
        return "待支付"
    refunded = order.refunded_at is not None and order.refunded_at <= at
    if order.shipped_at is None or order.shipped_at > at:
        return "未发货，退款成功" if refunded else "待发货"
    if refunded:
        return "已发货，退款成功"
    if order.signed_at and order.signed_at <= at:
        return "已签收"
    return "已发货，待签收"


def case_status(case: AfterSale, at: datetime) -> str:
    visible = [status for moment, status in case.steps if moment <= at]
    return visible[-1] if visible else ""


def after_sale_status(order: Order, at: datetime) -> str:
    started = [case for case in order.after_sales if case.applied_at <= at]
    if not started:
        return "无售后或售后取消"
    status = case_status(started[-1], at)
    if status in ("退款成功", "买家撤销"):
        return "退款成功" if status == "退款成功" else "无售后或售后取消"
    return "退款中" if status == "商家同意退款，退款中" else "售后处理中"


def yuan(cents: int, prefix: str) -> str:
    return f"{prefix}{cents / 100:.2f}"


def moment(value: datetime | None, at: datetime, time_format: str) -> str:
    return value.strftime(time_format) if value and value <= at else ""


def excel_damage(column: str, value: str, in_pasted_block: bool) -> str:
    """Excel re-saved this file: numbers gained ".0"; in the newest week's rows, pasted in from
    another sheet as General-format cells, 13-digit postal numbers came out in E-notation."""
    if not value.isdigit():
        return value
    if column == "快递单号" and in_pasted_block and len(value) == EXCEL_LOSSY_LENGTH:
        return f"{float(value):.11E}"
    return value + ".0"


def line_values(order: Order, line: Line, at: datetime, style: OrdersFileStyle,
                courier_variant: int) -> dict[str, Cell]:
    shipped = order.shipped_at is not None and order.shipped_at <= at
    courier = order.courier
    courier_name = ""
    if shipped and courier:
        courier_name = courier.display_names[courier_variant % len(courier.display_names)]
    product, fmt, money = line.product, style.time_format, style.money_prefix
    status = order_status(order, at).replace("，", style.status_comma)
    return {
        "商品": product.title, "订单号": order.order_id, "订单状态": status,
        "商品总价(元)": yuan(line.goods_cents, money), "邮费(元)": yuan(0, money),
        "店铺优惠折扣(元)": yuan(line.shop_discount_cents, money),
        "平台优惠折扣(元)": yuan(line.platform_discount_cents, money),
        "多多支付立减金额(元)": yuan(line.duoduo_discount_cents, money),
        "用户实付金额(元)": yuan(line.paid_cents, money),
        "商家实收金额(元)": yuan(line.merchant_cents, money), "商品数量(件)": line.quantity,
        "发货时间": moment(order.shipped_at, at, fmt),
        "确认收货时间": moment(order.confirmed_at, at, fmt),
        "商品id": product.product_id, "商品规格": product.spec, "样式ID": product.style_id,
        "商家编码-规格维度": product.sku_code, "商家编码-商品维度": product.product_code,
        "商家备注": order.merchant_note, "售后状态": after_sale_status(order, at),
        "快递单号": order.tracking_no if shipped else "", "快递公司": courier_name,
        "订单成交时间": order.created_at.strftime(fmt), "是否分期": "否", "分期期数": "",
        "手续费承担方": "", "分期方式": "", "是否审核中": "否",
        "支付时间": moment(order.paid_at, at, fmt),
        "承诺发货时间": moment(order.promise_ship_at, datetime.max, fmt),
        "承诺送达时间": moment(order.promise_deliver_at, datetime.max, fmt),
        "商品一级类目": product.categories[0], "商品二级类目": product.categories[1],
        "商品三级类目": product.categories[2], "商品四级类目": product.categories[3],
        "买家留言": order.buyer_message, "团ID": order.group_id, "省": order.region.province,
        "市": order.region.city, "区": order.district, "街道/镇": order.street,
        "是否抽奖或0元试用": "是" if order.is_trial else "否",
        "是否顺丰加价": "是" if courier and courier.key == "sf" and shipped else "否",
        "支付方式": order.pay_method if order.paid_at and order.paid_at <= at else "",
        "订单来源": order.source,
    }


def wrap(column: str, value: Cell, style: OrdersFileStyle, in_pasted_block: bool) -> Cell:
    if style.excel_damaged and column in PURE_DIGIT_COLUMNS and isinstance(value, str):
        return excel_damage(column, value, in_pasted_block)
    if column not in ID_COLUMNS or not value:
        return value
    if style.id_wrap == "tab":
        return f"\t{value}"
    if style.id_wrap == "eq":
        return f'="{value}"'
    if style.is_xlsx and column in PURE_DIGIT_COLUMNS and str(value).isdigit() and len(
            str(value)) < 15:
        return int(value)
    return value


def header_name(column: str, style: OrdersFileStyle) -> str:
    return column.replace("(", "（").replace(")", "）") if style.full_width_brackets else column


def write_orders_exports(orders: list[Order], folder: Path) -> list[str]:
    names = []
    for index, day in enumerate(EXPORT_DAYS):
        at = datetime.combine(day, datetime.min.time()) + timedelta(hours=10)
        style = style_for(index)
        chosen = [order for order in orders if at - WINDOW <= order.created_at < at]
        chosen.sort(key=lambda order: (order.created_at, order.order_id), reverse=True)
        rows = []
        for order in chosen:
            pasted = at - order.created_at < PASTED_BLOCK
            for line in order.lines:
                values = line_values(order, line, at, style, index)
                rows.append([wrap(column, values[column], style, pasted)
                             for column in style.layout])
        header = [header_name(column, style) for column in style.layout]
        name = file_name(index, style)
        if style.is_xlsx:
            write_xlsx(folder / name, header, rows, "订单列表")
        else:
            write_csv(folder / name, header, rows, style.encoding)
        names.append(name)
    return names
