"""The merchant's export folder: every file a snapshot of the world at its export time.

Quirks follow the input contract (INPUTS.md): tab-prefixed ids, ``="…"`` and ``'`` cells,
full-width brackets and stray whitespace in headers, GB18030 files re-saved by Excel with
ids in E-notation or with a trailing ``.0``, ``YYYY/MM/DD HH:MM`` times, ``¥`` amounts,
half-width or dropped commas in order statuses, .xlsx files, two tracking vocabularies.
"""

import csv
import io
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from . import catalog, season, tracking
from .model import AfterSale, Order, Parcel
from .simulate import World
from .xlsx import write_xlsx

SHORT_LAYOUT = (
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
FULL_LAYOUT = (
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
    "是否分期",
    "订单类型",
)
KD100_LAYOUT = (
    "快递单号",
    "快递公司",
    "事件时间",
    "状态码",
    "高级状态码",
    "状态名称",
    "事件描述",
    "事件地点",
)
KDNIAO_LAYOUT = (
    "LogisticCode",
    "ShipperCode",
    "AcceptTime",
    "State",
    "StateEx",
    "AcceptStation",
    "Location",
)
AFTER_SALES_LAYOUT = (
    "售后编号",
    "订单号",
    "售后类型",
    "售后状态",
    "售后原因",
    "申请时间",
    "退款金额(元)",
    "退货快递单号",
    "发货状态",
)
REVIEWS_LAYOUT = ("评价时间", "订单号", "商品id", "评分", "评价内容", "商家回复")
STORE_LAYOUT = ("日期", "店铺评分", "描述相符", "物流服务", "服务态度")
PENALTY_LAYOUT = ("订单号", "快递单号", "类型", "金额(元)", "时间", "说明")
ID_COLUMNS = {"订单号", "商品id", "样式ID", "快递单号", "团ID", "售后编号", "退货快递单号"}
DIGIT_ID_COLUMNS = {"商品id", "样式ID", "快递单号", "团ID", "售后编号", "退货快递单号"}


@dataclass(frozen=True, slots=True)
class Profile:
    """How one file was saved."""

    encoding: str = "utf-8-sig"
    ids: str = "tab"  # tab, formula (="…"), quote ('…), plain, excel
    times: str = "%Y-%m-%d %H:%M:%S"
    money: str = "plain"  # plain or yen
    status_comma: str = "，"  # the comma inside 订单状态 values: '，', ',' or ''
    header: str = "plain"  # plain, fullwidth (（元）), spaced (stray whitespace)
    newline: str = "\r\n"
    withdrawn: str = "无售后或售后取消"  # how 售后状态 shows a withdrawn claim


DEFAULT = Profile()
EXCEL_RESAVED = Profile(encoding="gb18030", ids="excel", times="%Y/%m/%d %H:%M", status_comma=",")
# Quirks of particular weekly order exports, by their index in season.WEEKLY_EXPORTS.
ORDER_PROFILES = {
    2: Profile(ids="formula", header="fullwidth"),
    5: EXCEL_RESAVED,
    8: Profile(ids="quote", money="yen", header="spaced"),
    14: Profile(status_comma="", withdrawn="买家撤销"),
}
XLSX_ORDER_WEEKS = {11}
FLOAT_TRACKING_WEEK = 6
OLDEST_FIRST_WEEKS = {3, 9, 15}


# ---- cell formatting --------------------------------------------------------------------------
def _time(moment: datetime | None, profile: Profile) -> str:
    return moment.strftime(profile.times) if moment else ""


def _money(cents: int, profile: Profile) -> str:
    text = f"{cents // 100}.{cents % 100:02d}"
    return "¥" + text if profile.money == "yen" else text


def _id(value: str, column: str, profile: Profile, retyped: bool = False) -> str:
    """An id cell as the file's tool wrote it.

    ``retyped`` marks a cell the merchant typed over in Excel (a corrected tracking number):
    it became a number, and Excel saved what a narrow column shows, twelve significant
    digits in E-notation, so the digits are lost.
    """
    if not value:
        return ""
    if profile.ids == "excel" and value.isdigit():
        if retyped and column == "快递单号" and len(value) > 12:
            return f"{float(value):.11E}"
        if column in ("商品id", "样式ID"):
            return value + ".0"
        return "\t" + value
    if profile.ids == "dotzero":
        return value + ".0" if value.isdigit() and column in DIGIT_ID_COLUMNS else value
    if profile.ids == "tab":
        return "\t" + value
    if profile.ids == "formula":
        return f'="{value}"'
    if profile.ids == "quote":
        return "'" + value
    return value


def _header(names, profile: Profile) -> list[str]:
    out = []
    for index, name in enumerate(names):
        if profile.header == "fullwidth":
            name = name.replace("(", "（").replace(")", "）")
        elif profile.header == "spaced" and index % 3 == 0:
            name = f" {name}\t" if index % 2 else f"{name} "
        out.append(name)
    return out


def _write_csv(path: Path, header, rows, profile: Profile) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=profile.newline)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(profile.encoding))


# ---- orders -----------------------------------------------------------------------------------
def _full_refund_at(order: Order) -> datetime | None:
    for sale in order.after_sales:
        refunded = sale.refunded_at()
        if refunded and sale.shipped and sale.amount_cents >= order.paid_cents > 0:
            return refunded
    return None


def order_status(order: Order, moment: datetime) -> str:
    """订单状态 as the platform showed it at a moment (full-width comma)."""
    if order.pay_at is None:
        return "已取消" if moment >= order.cancel_at else "待支付"
    if moment < order.pay_at:
        return "待支付"
    if order.pre_ship:
        return "未发货，退款成功" if moment >= order.pre_ship_done_at else "待发货"
    if not order.ship_at or moment < order.ship_at:
        return "待发货"
    refunded = _full_refund_at(order)
    confirmed = order.confirm_at and order.confirm_at <= moment
    if refunded and refunded <= moment and not (confirmed and order.confirm_at < refunded):
        return "已发货，退款成功"
    return "已签收" if confirmed else "已发货，待签收"


def _latest_claim(order: Order, moment: datetime) -> AfterSale | None:
    current = None
    for sale in order.after_sales:
        if sale.applied_at <= moment:
            current = sale
    return current


def after_sales_status(order: Order, moment: datetime, profile: Profile) -> str:
    """售后状态 column of the order export."""
    if order.pre_ship == "out_of_stock" and moment >= order.pre_ship_done_at:
        return "退款成功"
    sale = _latest_claim(order, moment)
    state = sale.state_at(moment) if sale else None
    if state is None:
        return "无售后或售后取消"
    if state == "退款成功":
        return "退款成功"
    if state == "买家撤销":
        return profile.withdrawn
    if state == "商家同意退款，退款中":
        return "退款中"
    if state == "商家已补寄":
        return "无售后或售后取消"
    return "售后处理中"


def _order_rows(order: Order, moment: datetime, profile: Profile, layout) -> list[list[str]]:
    status = order_status(order, moment).replace("，", profile.status_comma)
    shipped = order.ship_at is not None and order.ship_at <= moment
    confirmed = (
        order.confirm_at
        if order.confirm_at
        and order.confirm_at <= moment
        and order_status(order, moment) == "已签收"
        else None
    )
    courier = catalog.COURIERS[order.courier].display if shipped and order.courier else ""
    tracking_no = order.tracking_no if shipped else ""
    rows = []
    for line in order.lines:
        product, sku = line.product, line.sku
        values = {
            "商品": product.title,
            "订单号": _id(order.order_id, "订单号", profile),
            "订单状态": status,
            "商品总价(元)": _money(line.goods_cents, profile),
            "邮费(元)": _money(line.postage_cents, profile),
            "店铺优惠折扣(元)": _money(line.shop_cents, profile),
            "平台优惠折扣(元)": _money(line.platform_cents, profile),
            "多多支付立减金额(元)": _money(line.duoduo_cents, profile),
            "用户实付金额(元)": _money(line.paid_cents, profile),
            "商家实收金额(元)": _money(line.received_cents, profile),
            "商品数量(件)": str(line.qty),
            "发货时间": _time(order.ship_at if shipped else None, profile),
            "确认收货时间": _time(confirmed, profile),
            "商品id": _id(product.goods_id, "商品id", profile),
            "商品规格": sku.spec,
            "样式ID": _id(sku.style_id, "样式ID", profile),
            "商家编码-规格维度": sku.code,
            "商家编码-商品维度": product.code,
            "商家备注": order.merchant_note,
            "售后状态": after_sales_status(order, moment, profile),
            "快递单号": _id(tracking_no, "快递单号", profile, _retyped(order)),
            "快递公司": courier,
            "订单成交时间": _time(order.deal_at, profile),
            "是否分期": "否",
            "分期期数": "",
            "手续费承担方": "",
            "分期方式": "",
            "是否审核中": "否",
            "支付时间": _time(order.pay_at, profile),
            "承诺发货时间": _time(order.promised_ship_at, profile),
            "承诺送达时间": _time(
                order.promised_ship_at + timedelta(days=4) if order.promised_ship_at else None,
                profile,
            ),
            "商品一级类目": product.categories[0],
            "商品二级类目": product.categories[1],
            "商品三级类目": product.categories[2],
            "商品四级类目": product.categories[3],
            "买家留言": order.buyer_message,
            "团ID": _id(order.group_id, "团ID", profile),
            "省": order.province,
            "市": order.city,
            "区": order.district,
            "街道/镇": order.street,
            "是否抽奖或0元试用": "是" if order.is_trial else "否",
            "是否顺丰加价": "是" if order.sf_plus else "否",
            "支付方式": order.pay_method,
            "订单来源": order.source,
            "是否门店自提": "否",
            "是否预售": "否",
            "订单类型": "0元试用" if order.is_trial else "普通订单",
        }
        if order.pay_at is None:
            values["支付方式"] = ""
        rows.append([values[column] for column in layout])
    return rows


def _retyped(order: Order) -> bool:
    """About one order in twenty had its tracking number corrected by hand."""
    return zlib.crc32(order.order_id.encode()) % 100 < 5


def _orders_between(world: World, first: datetime, moment: datetime) -> list[Order]:
    return [order for order in world.orders if first <= order.deal_at < moment]


def write_orders(world: World, folder: Path) -> list[str]:
    written = []
    for index, moment in enumerate(season.WEEKLY_EXPORTS):
        profile = ORDER_PROFILES.get(index, DEFAULT)
        chosen = _orders_between(world, moment - timedelta(days=season.ORDERS_WINDOW_DAYS), moment)
        rows = [
            row for order in chosen for row in _order_rows(order, moment, profile, SHORT_LAYOUT)
        ]
        stamp = moment.strftime("%Y%m%d")
        if index in XLSX_ORDER_WEEKS:
            name = f"订单导出_{stamp}.xlsx"
            plain = Profile(ids="plain")
            rows = [
                row for order in chosen for row in _order_rows(order, moment, plain, SHORT_LAYOUT)
            ]
            write_xlsx(folder / name, list(SHORT_LAYOUT), rows, "订单列表")
        else:
            name = f"订单导出_{stamp}.csv" if index % 4 else f"orders_export_{stamp}.csv"
            _write_csv(folder / name, _header(SHORT_LAYOUT, profile), rows, profile)
        written.append(name)
    for moment, first, last in season.MONTHLY_EXPORTS:
        start = datetime(first.year, first.month, first.day)
        end = min(moment, datetime(last.year, last.month, last.day) + timedelta(days=1))
        chosen = _orders_between(world, start, end)
        plain = Profile(ids="plain")
        rows = []
        for order in chosen:
            for row in _order_rows(order, moment, plain, FULL_LAYOUT):
                # A re-saved workbook stores the numeric style id as a number.
                style = FULL_LAYOUT.index("样式ID")
                row[style] = int(row[style])
                rows.append(row)
        name = f"全部订单_{first:%Y%m}.xlsx"
        write_xlsx(folder / name, list(FULL_LAYOUT), rows, "Sheet1")
        written.append(name)
    return written


# ---- tracking ---------------------------------------------------------------------------------
_TERMINAL = {"signed", "signed_proxy", "signed_locker", "return_signed"}


def _parcels_for(world: World, moment: datetime) -> list[Parcel]:
    recent = moment - timedelta(days=season.TRACKING_WINDOW_DAYS)
    oldest = moment - timedelta(days=45)
    out = []
    for parcel in world.parcels:
        if parcel.ship_at >= moment or parcel.ship_at < oldest:
            continue
        seen = [event for event in parcel.events if event.at <= moment]
        if not seen:
            continue
        if parcel.ship_at >= recent or seen[-1].kind not in _TERMINAL:
            out.append(parcel)
    return out


def _blank_codes(tracking_no: str, event: tracking.Event) -> bool:
    """Aggregators drop a few codes; a refusal scan keeps its own (text_only shapes aside)."""
    if event.kind == "refused":
        return False
    key = f"{tracking_no}|{event.at:%Y%m%d%H%M%S}|{event.kind}".encode()
    return zlib.crc32(key) % 1000 < 22


def _tracking_rows(parcels, moment, provider, profile, week) -> list[list[str]]:
    rows = []
    for parcel in parcels:
        courier = catalog.COURIERS[parcel.courier]
        events = sorted(
            (event for event in parcel.events if event.at <= moment), key=lambda event: event.at
        )
        if week not in OLDEST_FIRST_WEEKS:
            events.reverse()
        number = _id(parcel.tracking_no, "快递单号", profile)
        for event in events:
            blank = _blank_codes(parcel.tracking_no, event)
            when = _time(event.at, profile)
            if provider == "kd100":
                state, advanced = ("", "") if blank else event.kd100
                company = courier.display if moment < datetime(2025, 11, 1) else courier.kd100
                rows.append(
                    [
                        number,
                        company,
                        when,
                        state,
                        advanced,
                        tracking.KD100_STATE_NAMES.get(state, ""),
                        event.text,
                        event.city,
                    ]
                )
            else:
                state, extra = ("", "") if blank else event.kdniao
                rows.append([number, courier.kdniao, when, state, extra, event.text, event.city])
    return rows


def write_tracking(world: World, folder: Path) -> list[str]:
    written = []
    for week, moment in enumerate(season.WEEKLY_EXPORTS):
        provider = "kd100" if moment <= season.AGGREGATOR_SWITCH else "kdniao"
        profile = Profile(encoding="utf-8", ids="plain", newline="\n")
        if week == FLOAT_TRACKING_WEEK:
            profile = Profile(encoding="utf-8-sig", ids="dotzero")
        rows = _tracking_rows(_parcels_for(world, moment), moment, provider, profile, week)
        layout = KD100_LAYOUT if provider == "kd100" else KDNIAO_LAYOUT
        name = (
            f"快递100_物流轨迹_{moment:%Y%m%d}.csv"
            if provider == "kd100"
            else f"kdniao_track_{moment:%Y%m%d}.csv"
        )
        _write_csv(folder / name, list(layout), rows, profile)
        written.append(name)
    return written


# ---- after-sales, reviews, store scores, penalties --------------------------------------------
def write_after_sales(world: World, folder: Path) -> list[str]:
    written = []
    for week, moment in enumerate(season.WEEKLY_EXPORTS):
        profile = Profile(encoding="gb18030") if week == 10 else DEFAULT
        first = moment - timedelta(days=season.AFTER_SALES_WINDOW_DAYS)
        rows = []
        for order in world.orders:
            for sale in order.after_sales:
                if not first <= sale.applied_at < moment:
                    continue
                rows.append(
                    [
                        _id(sale.after_sale_id, "售后编号", profile),
                        _id(order.order_id, "订单号", profile),
                        sale.kind,
                        sale.state_at(moment),
                        sale.reason,
                        _time(sale.applied_at, profile),
                        _money(sale.amount_cents, profile),
                        _id(sale.return_no, "退货快递单号", profile),
                        "已发货" if sale.shipped else "未发货",
                    ]
                )
        rows.sort(key=lambda row: row[5], reverse=True)
        name = f"售后列表_{moment:%Y%m%d}.csv"
        _write_csv(folder / name, list(AFTER_SALES_LAYOUT), rows, profile)
        written.append(name)
    return written


def write_reviews(world: World, folder: Path) -> list[str]:
    written = []
    profile = Profile(ids="tab")
    for moment, first, last in season.MONTHLY_EXPORTS:
        rows = [
            [
                _time(review.at, profile),
                _id(review.order_id, "订单号", profile),
                _id(review.goods_id, "商品id", profile),
                str(review.score),
                review.text,
                review.reply,
            ]
            for review in world.reviews
            if first <= review.at.date() <= last and review.at <= moment
        ]
        name = f"评价管理_{first:%Y%m}.csv"
        _write_csv(folder / name, list(REVIEWS_LAYOUT), rows, profile)
        written.append(name)
    return written


def store_scores(world: World) -> list[list]:
    """Daily 90-day rolling scores; last season's reviews fade out of the window by January."""
    rows = []
    day = date(2025, 10, 1)
    reviews = world.reviews
    while day <= season.CUTOFF.date():
        start = day - timedelta(days=89)
        window = [r for r in reviews if start <= r.at.date() <= day]
        carried = max(0, 220 - 220 * (day - date(2025, 10, 1)).days // 90)
        sums = [4.80 * carried, 4.78 * carried, 4.83 * carried]
        for review in window:
            sums[0] += review.score
            sums[1] += review.logistics_score
            sums[2] += review.service_score
        count = carried + len(window)
        parts = [round(total / count, 2) if count else 5.0 for total in sums]
        overall = round(0.4 * parts[0] + 0.3 * parts[1] + 0.3 * parts[2], 2)
        rows.append([day.isoformat(), f"{overall:.2f}"] + [f"{part:.2f}" for part in parts])
        day += timedelta(days=1)
    return rows


def write_store_scores(world: World, folder: Path) -> list[str]:
    name = "店铺评分_日报.xlsx"
    write_xlsx(folder / name, list(STORE_LAYOUT), store_scores(world), "店铺评分")
    return [name]


def write_penalties(world: World, folder: Path) -> list[str]:
    compensation = ("延迟发货_扣款", "缺货扣款", "虚假轨迹")
    written = []
    gbk = Profile(encoding="gb18030", ids="tab")
    halves = ((date(2025, 10, 1), date(2025, 11, 30)), (date(2025, 12, 1), date(2026, 1, 31)))
    for first, last in halves:
        rows = [
            [
                _id(p.order_id, "订单号", gbk),
                _id(p.tracking_no, "快递单号", gbk),
                p.kind,
                _money(p.amount_cents, gbk),
                _time(p.at, gbk),
                p.note,
            ]
            for p in world.penalties
            if p.kind in compensation and first <= p.at.date() <= last
        ]
        name = f"消费者补偿明细_{first:%Y%m}-{last:%Y%m}.csv"
        _write_csv(folder / name, list(PENALTY_LAYOUT), rows, gbk)
        written.append(name)
    plain = Profile(ids="plain")
    rows = [
        [
            p.order_id,
            p.tracking_no,
            p.kind,
            _money(p.amount_cents, plain),
            _time(p.at, plain),
            p.note,
        ]
        for p in world.penalties
        if p.kind not in compensation
    ]
    write_xlsx(folder / "违规记录.xlsx", list(PENALTY_LAYOUT), rows, "违规记录")
    written.append("违规记录.xlsx")
    return written


def write_exports(world: World, folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for writer in (
        write_orders,
        write_tracking,
        write_after_sales,
        write_reviews,
        write_store_scores,
        write_penalties,
    ):
        written += writer(world, folder)
    return written
