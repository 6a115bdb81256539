"""The export files: views of the truth at each weekly snapshot, written the way real tools
write them.

Each file gets a `Style` (format, encoding, quoting, cell prefixes, Excel damage, header spelling);
its rows come from `views.py`.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from . import season, views, xlsx
from .model import World

DAY = timedelta(days=1)

ORDERS_2024 = [
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
ORDERS_2023 = [
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
    "用户购买手机号",
    "省",
    "市",
    "区",
    "街道/镇",
    "支付时间",
    "订单成交时间",
    "承诺发货时间",
    "发货时间",
    "承诺送达时间",
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
    "商家备注",
    "买家留言",
    "售后状态",
    "快递单号",
    "快递公司",
    "团ID",
    "是否抽奖或0元试用",
    "是否顺丰加价",
    "是否门店自提",
    "是否预售",
    "支付方式",
    "订单来源",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
]
ORDERS_2019 = [
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
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
    "商家备注",
    "售后状态",
    "买家留言",
    "快递单号",
    "快递公司",
]
ORDER_LAYOUTS = {"2024": ORDERS_2024, "2023": ORDERS_2023, "2019": ORDERS_2019}
K100 = [
    "快递单号",
    "快递公司",
    "事件时间",
    "状态码",
    "高级状态码",
    "状态名称",
    "事件描述",
    "事件地点",
]
KDN = ["LogisticCode", "ShipperCode", "AcceptTime", "State", "StateEx", "AcceptStation", "Location"]
AFTER_SALES = [
    "售后编号",
    "订单号",
    "售后类型",
    "售后状态",
    "售后原因",
    "申请时间",
    "退款金额(元)",
    "退货快递单号",
    "发货状态",
]
REVIEWS = ["评价时间", "订单号", "商品id", "评分", "评价内容", "商家回复"]
SCORES = ["日期", "店铺评分", "描述相符", "物流服务", "服务态度"]
PENALTIES = ["订单号", "快递单号", "类型", "金额(元)", "时间", "说明"]
#: pure-digit id columns that Excel damages
DIGIT_ID_COLUMNS = {"快递单号", "商品id", "样式ID", "LogisticCode"}
MONEY_COLUMNS = {
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "多多支付立减金额(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "退款金额(元)",
    "金额(元)",
}
ID_COLUMNS = {
    "订单号",
    "快递单号",
    "商品id",
    "样式ID",
    "团ID",
    "LogisticCode",
    "售后编号",
    "退货快递单号",
}
TIME_COLUMNS = {
    "发货时间",
    "确认收货时间",
    "订单成交时间",
    "支付时间",
    "承诺发货时间",
    "承诺送达时间",
    "拼单成功时间",
    "订单确认时间",
    "事件时间",
    "AcceptTime",
    "申请时间",
    "评价时间",
    "时间",
}


@dataclass
class Style:
    fmt: str = "csv"  # csv or xlsx
    # utf-8, utf-8-sig, gb18030, gbk (gbk: Excel's Save as, '?' for what it can't hold)
    encoding: str = "utf-8-sig"
    quote_all: bool = True
    newline: str = "\r\n"
    id_prefix: str = "\t"  # "\t", "'", "=", '="', or ""
    comma: str = "，"  # the comma inside 订单状态: full-width, half-width, or dropped
    ts: str = "iso"  # iso or slash (YYYY/MM/DD HH:MM)
    money: str = "plain"  # plain, yen, thousands, excel (trailing zeros dropped)
    damage: str = ""  # "", enotation (Excel re-save) or dotzero (a script's float cast)
    brackets: str = "half"  # half, full or mixed brackets in headers
    padded: int = -1  # index of a header with stray whitespace
    newest_first: bool = True
    courier_code: bool = False  # Kuaidi100 快递公司 as its code (zhongtong) rather than a name
    revoked_as_none: bool = False  # 买家撤销 shown as 无售后或售后取消
    drop: set[str] = field(default_factory=set)


def _pick_style(rng: random.Random, xlsx_share: float) -> Style:
    style = Style()
    if rng.random() < xlsx_share:
        style.fmt = "xlsx"
        style.id_prefix = "\t" if rng.random() < 0.3 else ""
    else:
        style.encoding = rng.choices(("utf-8-sig", "utf-8", "gb18030"), weights=(45, 20, 35))[0]
        style.quote_all = rng.random() < 0.5
        style.newline = "\r\n" if rng.random() < 0.7 else "\n"
        style.id_prefix = rng.choices(("\t", "'", '="', "=", ""), weights=(60, 8, 10, 4, 18))[0]
    style.comma = rng.choices(("，", ",", ""), weights=(85, 10, 5))[0]
    style.money = rng.choices(("plain", "yen", "thousands"), weights=(80, 10, 10))[0]
    style.brackets = rng.choices(("half", "full", "mixed"), weights=(60, 30, 10))[0]
    style.padded = rng.randrange(6) if rng.random() < 0.15 else -1
    style.newest_first = rng.random() < 0.7
    style.courier_code = rng.random() < 0.4
    style.revoked_as_none = rng.random() < 0.5
    return style


def _excel_resaved(style: Style) -> None:
    """A CSV opened in Excel and saved again: GBK, no prefixes, long digits in E-notation."""
    style.fmt, style.encoding, style.quote_all, style.newline = "csv", "gbk", False, "\r\n"
    style.id_prefix, style.ts, style.money, style.damage = "", "slash", "excel", "enotation"


def _header(name: str, style: Style, index: int) -> str:
    if style.brackets == "full":
        name = name.replace("(", "（").replace(")", "）")
    elif style.brackets == "mixed":
        name = name.replace("(", "（")
    if index == style.padded:
        name = name + (" " if index % 2 else "\t")
    return name


def _cell(column: str, value: object, style: Style) -> object:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y/%m/%d %H:%M" if style.ts == "slash" else "%Y-%m-%d %H:%M:%S")
    if column in MONEY_COLUMNS and isinstance(value, float):
        if style.fmt == "xlsx":
            return round(value, 2)
        if style.money == "excel":
            text = f"{value:.2f}".rstrip("0").rstrip(".")
            return text or "0"
        if style.money == "yen":
            return f"¥{value:.2f}"
        if style.money == "thousands":
            return f"{value:,.2f}"
        return f"{value:.2f}"
    if isinstance(value, (int, float)):
        return value if style.fmt == "xlsx" else str(value)
    text = str(value)
    if column in ID_COLUMNS:
        if style.damage and column in DIGIT_ID_COLUMNS and text.isdigit():
            if style.damage == "dotzero":
                return text + ".0"
            if len(text) >= 12:
                return f"{int(text):.11E}"
            return text
        if style.id_prefix == '="':
            return f'="{text}"'
        return style.id_prefix + text
    return text


def write_table(
    path: Path, columns: list[str], rows: list[dict[str, object]], style: Style
) -> None:
    columns = [c for c in columns if c not in style.drop]
    header = [_header(c, style, i) for i, c in enumerate(columns)]
    body = [[_cell(c, row.get(c, ""), style) for c in columns] for row in rows]
    if style.fmt == "xlsx":
        xlsx.write(path, header, body)
        return
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        quoting=csv.QUOTE_ALL if style.quote_all else csv.QUOTE_MINIMAL,
        lineterminator=style.newline,
    )
    writer.writerow(header)
    writer.writerows(body)
    data = buffer.getvalue()
    if style.encoding == "gbk":
        path.write_bytes(data.encode("gbk", errors="replace"))
    else:
        path.write_bytes(data.encode(style.encoding))


def write_all(world: World, out: Path, seed: int) -> list[Path]:
    rng = random.Random(f"world_n/{seed}/exports")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def emit(name: str, columns: list[str], rows: list[dict[str, object]], style: Style) -> Path:
        path = out / (name + (".xlsx" if style.fmt == "xlsx" else ".csv"))
        write_table(path, columns, rows, style)
        written.append(path)
        return path

    snaps = season.SNAPSHOTS
    index = views.Index(world)
    # orders: weekly, 30 days back; the merchant's template changed twice; one file saved twice
    layout_plan = [
        "2019",
        "2019",
        "2019",
        "2023",
        "2024",
        "2023",
        "2024",
        "2024",
        "2023",
        "2024",
        "2024",
        "2023",
        "2024",
        "2024",
        "2024",
        "2023",
        "2024",
        "2024",
    ]
    damaged = set(rng.sample(range(2, len(snaps) - 2), 2))
    dotzero = rng.choice([i for i in range(1, len(snaps) - 2) if i not in damaged])
    names = (
        "订单导出_{:%Y%m%d}",
        "拼多多订单_{:%m%d}",
        "orders_export_{:%Y-%m-%d}",
        "订单查询导出-{:%Y%m%d%H%M%S}",
    )
    for i, snap in enumerate(snaps):
        style = _pick_style(rng, 0.2)
        if i in damaged:
            _excel_resaved(style)
        elif i == dotzero:
            style.fmt, style.encoding, style.damage, style.id_prefix = "csv", "utf-8", "dotzero", ""
        layout = layout_plan[i]
        rows = views.order_rows(index, snap, snap - 30 * DAY, layout, style)
        path = emit(rng.choice(names).format(snap), ORDER_LAYOUTS[layout], rows, style)
        if i == 6:
            copy = out / f"{path.stem} (1){path.suffix}"
            copy.write_bytes(path.read_bytes())
            written.append(copy)
    extra = datetime(2026, 7, 1, 9, 30)
    style = _pick_style(rng, 1.0)
    emit(
        f"订单导出_全部_{extra:%Y%m%d}",
        ORDERS_2023,
        views.order_rows(index, extra, extra - 60 * DAY, "2023", style),
        style,
    )

    # tracking: Kuaidi100 until mid-July, then Kuaidi Niao (one week both, while switching)
    track_damaged = rng.choice(range(2, 8))
    for i, snap in enumerate(snaps):
        if i <= 8:
            style = _pick_style(rng, 0.1)
            if i == track_damaged:
                _excel_resaved(style)
            style.drop = {c for c in ("高级状态码", "状态名称", "事件地点") if rng.random() < 0.2}
            emit(
                rng.choice(("快递100_物流轨迹_{:%Y%m%d}", "kuaidi100_export_{:%Y%m%d}")).format(
                    snap
                ),
                K100,
                views.k100_rows(index, snap, style),
                style,
            )
        if i >= 8:
            style = _pick_style(rng, 0.15)
            style.drop = {c for c in ("StateEx", "Location") if rng.random() < 0.15}
            emit(
                rng.choice(("快递鸟轨迹导出_{:%Y%m%d}", "kdniao_traces_{:%Y%m%d}")).format(snap),
                KDN,
                views.kdn_rows(index, snap, style),
                style,
            )

    # after-sales: weekly, 30 days back; two weeks forgotten
    skipped = set(rng.sample(range(1, len(snaps) - 1), 2))
    for i, snap in enumerate(snaps):
        if i in skipped:
            continue
        style = _pick_style(rng, 0.25)
        style.drop = {c for c in ("退货快递单号", "发货状态") if rng.random() < 0.25}
        emit(
            f"售后列表_{snap:%Y%m%d}",
            AFTER_SALES,
            views.after_sales_rows(index, snap, snap - 30 * DAY),
            style,
        )

    # reviews: every other week, 30 days back
    for i, snap in enumerate(snaps):
        if i % 2 and i != len(snaps) - 1:
            continue
        style = _pick_style(rng, 0.2)
        style.drop = {"商家回复"} if rng.random() < 0.2 else set()
        emit(
            f"评价管理_导出_{snap:%Y%m%d}",
            REVIEWS,
            views.review_rows(world, snap, snap - 30 * DAY),
            style,
        )

    # store scores: one file a month, a row a day
    for month in (5, 6, 7, 8, 9):
        rows = [
            dict(zip(SCORES, [row[0]] + [f"{v:.2f}" for v in row[1:]], strict=True))
            for row in world.scores
            if int(row[0][5:7]) == month
        ]
        if rows:
            style = _pick_style(rng, 0.2)
            emit(f"店铺评分_2026-{month:02d}", SCORES, rows, style)

    # penalties: the monthly compensation bill and the violation record
    for month in (5, 6, 7, 8, 9):
        bill = views.penalty_rows(world, month, ("延迟发货_扣款", "缺货扣款", "虚假轨迹"))
        if bill:
            style = _pick_style(rng, 0.2)
            style.drop = {c for c in ("说明", "快递单号") if rng.random() < 0.15}
            emit(f"消费者补偿明细_2026-{month:02d}", PENALTIES, bill, style)
        record = views.penalty_rows(world, month, ("虚假交易", "虚假发货"))
        if record:
            style = _pick_style(rng, 0.6)
            emit(f"违规记录_2026-{month:02d}", PENALTIES, record, style)
    return written


def write_labels(world: World, path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["order_id", "outcome", "cause"])
    for order in sorted(world.orders, key=lambda o: o.order_id):
        writer.writerow([order.order_id, order.outcome, order.cause])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
