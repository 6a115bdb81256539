"""Turn the simulated shop into the merchant's weekly export folder and the truth file."""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

from .world import DAY, EXPORTS, START, Order, Shop, pick
from .writers import write_csv, write_xlsx

SHORT_2024 = [
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
FULL_2023 = [
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
    "订单成交时间",
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
OLD_2019 = [
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
    "买家留言",
    "售后状态",
    "快递单号",
    "快递公司",
]
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
CATEGORY = {
    "navel5": "脐橙",
    "navel10": "脐橙",
    "bingtang": "冰糖橙",
    "kiwi": "猕猴桃",
    "pomegranate": "石榴",
    "passion": "百香果",
}
# Kuaidi100 (state, advanced, name) and Kuaidi Niao (State, StateEx) per semantic event
K100_CODES = {
    "pickup": ("1", "103", "揽收"),
    "transit": ("0", "1002", "在途"),
    "city": ("0", "1001", "在途"),
    "damaged": ("2", "209", "疑难"),
    "stuck": ("2", "208", "疑难"),
    "dispatch": ("5", "", "派件"),
    "locker": ("5", "501", "派件"),
    "signed": ("3", "301", "签收"),
    "locker_signed": ("3", "304", "签收"),
    "failed": ("2", "204", "疑难"),
    "unreachable": ("2", "206", "疑难"),
    "bad_address": ("2", "207", "疑难"),
    "not_collected": ("2", "205", "疑难"),
    "intercepted": ("6", "", "退回"),
    "refused": ("14", "", "拒签"),
    "return": ("6", "", "退回"),
    "returned": ("4", "", "退签"),
}
KDN_CODES = {
    "pickup": ("1", ""),
    "transit": ("2", ""),
    "city": ("2", "201"),
    "damaged": ("4", "414"),
    "stuck": ("4", "417"),
    "dispatch": ("2", "202"),
    "locker": ("2", "211"),
    "signed": ("3", "301"),
    "locker_signed": ("3", "311"),
    "failed": ("4", "405"),
    "unreachable": ("4", "416"),
    "bad_address": ("4", "420"),
    "not_collected": ("4", "412"),
    "intercepted": ("4", "413"),
    "refused": ("4", "404"),
    "return": ("4", "407"),
    "returned": ("4", "406"),
}


def fmt(t: datetime | None, slash: bool = False) -> str:
    if t is None:
        return ""
    return t.strftime("%Y/%m/%d %H:%M") if slash else t.strftime("%Y-%m-%d %H:%M:%S")


def money(x: float) -> str:
    return f"{x:.2f}"


class Style:
    """How one file was exported: encoding, cell quirks and header spelling."""

    def __init__(
        self,
        rng: random.Random,
        *,
        tab_ids=False,
        eq_rate=0.0,
        yen_rate=0.0,
        comma="full",
        dot_zero=False,
        enote_rate=0.0,
        full_width=False,
        slash=False,
        busy_label="售后处理中",
    ):
        self.rng, self.tab_ids, self.eq_rate, self.yen_rate = rng, tab_ids, eq_rate, yen_rate
        self.comma, self.dot_zero, self.enote_rate = comma, dot_zero, enote_rate
        self.full_width, self.slash, self.busy_label = full_width, slash, busy_label

    def header(self, names: list[str]) -> list[str]:
        if not self.full_width:
            return list(names)
        out = []
        for name in names:
            u = self.rng.random()
            if "(" in name and u < 0.7:
                name = name.replace("(", "（").replace(")", "）")
            elif "(" in name and u < 0.85:
                name = name.replace("(", "（")
            out.append(name)
        out[self.rng.randrange(len(out))] += " "
        return out

    def ident(self, value: str) -> str:
        if not value:
            return value
        if self.tab_ids:
            return "\t" + value
        if self.eq_rate and self.rng.random() < self.eq_rate:
            return f'="{value}"'
        return value

    def digits_id(self, value: str) -> str:
        """A pure-digit id after Excel got at it (商品id, 样式ID, 快递单号)."""
        if value.isdigit() and self.enote_rate and self.rng.random() < self.enote_rate:
            return f"{float(value):.11E}".replace("E+", "E+").rstrip("0").replace(".E", "E")
        if value.isdigit() and self.dot_zero:
            return value + ".0"
        return self.ident(value)

    def cash(self, x: float) -> str:
        text = f"{x:,.2f}" if x >= 1000 and self.yen_rate else money(x)
        if self.yen_rate and self.rng.random() < self.yen_rate:
            text = "¥" + text
        return text

    def status(self, text: str) -> str:
        if self.comma == "half":
            return text.replace("，", ",")
        if self.comma == "none":
            return text.replace("，", "")
        return text

    def time(self, t: datetime | None) -> str:
        return fmt(t, self.slash)


def _sale_status(order: Order, when: datetime) -> tuple[str, str]:
    """(order-level 售后状态, the after-sales record's own status) at `when`."""
    state = ""
    for sale in order.sales:
        if sale.applied <= when:
            state = [s for t, s in sale.stages if t <= when][-1]
    if not state:
        return "无售后或售后取消", ""
    return ("退款成功" if state == "退款成功" else "busy"), state


def order_status(order: Order, when: datetime) -> str:
    if order.paid is None:
        return "已取消" if order.cancel_at is not None and order.cancel_at <= when else "待支付"
    if order.cancel_at is not None:
        return "未发货，退款成功" if order.refund_at and order.refund_at <= when else "待发货"
    if order.ship_at is None or order.ship_at > when:
        return "待发货"
    if order.signed_at is not None and order.signed_at <= when:
        return "已签收"
    if order.refund_at is not None and order.refund_at <= when:
        return "已发货，退款成功"
    return "已发货，待签收"


def _split_money(order: Order) -> list[dict]:
    """Order-level money spread over its lines (postage on the first), as sub-orders carry it."""
    total = order.money
    shares = [line.total / total["goods"] if total["goods"] else 1.0 for line in order.lines]
    parts, left = [], dict(total)
    for i, (line, share) in enumerate(zip(order.lines, shares, strict=True)):
        last = i == len(order.lines) - 1
        part = {"goods": line.total, "post": total["post"] if i == 0 else 0.0}
        for key in ("shop_off", "plat_off", "dd_off"):
            part[key] = round(left[key] if last else min(left[key], total[key] * share), 2)
            left[key] = round(left[key] - part[key], 2)
        part["paid"] = max(
            0.0,
            round(
                part["goods"] + part["post"] - part["shop_off"] - part["plat_off"] - part["dd_off"],
                2,
            ),
        )
        part["received"] = round(part["paid"] + part["plat_off"] + part["dd_off"], 2)
        parts.append(part)
    return parts


def order_rows(
    shop: Shop, orders: list[Order], when: datetime, layout: list[str], style: Style
) -> list[list[str]]:
    rng = style.rng
    rows = []
    for order in orders:
        shipped = order.ship_at is not None and order.ship_at <= when
        parcel = order.parcel if shipped else None
        after, _ = _sale_status(order, when)
        if after == "busy":
            after = style.busy_label
        b = order.buyer
        for line, m in zip(order.lines, _split_money(order), strict=True):
            p = line.product
            courier = ""
            if parcel is not None:
                names = parcel.courier["names"]
                courier = names[int(parcel.number[-1]) % len(names)]
            trk = parcel.number if parcel is not None else ""
            confirm = order.confirm_at if order.confirm_at and order.confirm_at <= when else None
            paid_at = order.paid if order.paid else None
            values = {
                "商品": p["title"],
                "订单号": style.ident(order.oid),
                "订单状态": style.status(order_status(order, when)),
                "是否审核中": "否",
                "商品总价(元)": style.cash(line.total),
                "邮费(元)": money(m["post"]),
                "店铺优惠折扣(元)": money(m["shop_off"]),
                "平台优惠折扣(元)": money(m["plat_off"]),
                "多多支付立减金额(元)": money(m["dd_off"]),
                "用户实付金额(元)": style.cash(m["paid"]),
                "商家实收金额(元)": style.cash(m["received"]),
                "商品数量(件)": str(line.qty),
                "订单成交时间": style.time(order.created),
                "支付时间": style.time(paid_at),
                "承诺发货时间": style.time(order.promise),
                "承诺送达时间": "",
                "发货时间": style.time(order.ship_at if shipped else None),
                "确认收货时间": style.time(confirm),
                "商品id": style.digits_id(p["goods_id"]),
                "商品规格": line.spec[0],
                "样式ID": style.digits_id(line.spec[2]),
                "商家编码-规格维度": line.spec[3],
                "商家编码-SKU维度": line.spec[3],
                "商家编码-商品维度": p["code"],
                "商品一级类目": "水果生鲜",
                "商品二级类目": "水果",
                "商品三级类目": "柑橘类" if "橙" in CATEGORY[p["key"]] else "时令水果",
                "商品四级类目": CATEGORY[p["key"]],
                "商家备注": order.note,
                "买家留言": order.message,
                "售后状态": after,
                "快递单号": style.digits_id(trk) if trk else "",
                "快递公司": courier,
                "团ID": order.group_id,
                "省": b.province,
                "市": b.city,
                "区": b.district,
                "街道/镇": b.street,
                "街道": b.street,
                "是否抽奖或0元试用": "是" if order.trial else "否",
                "是否顺丰加价": "是"
                if parcel is not None and parcel.courier["key"] == "sf"
                else "否",
                "支付方式": pick(rng, ["微信", "微信", "多多支付", "支付宝"]) if paid_at else "",
                "订单来源": order.source,
                "是否分期": "否",
                "分期期数": "",
                "手续费承担方": "",
                "分期方式": "",
                "收货人": b.name,
                "手机": b.phone[:3] + "****" + b.phone[-4:] if rng.random() < 0.3 else b.phone,
                "身份证姓名": b.name if rng.random() < 0.2 else "",
                "身份证号码": "",
                "拼单成功时间": style.time(paid_at or order.created),
                "订单确认时间": style.time(order.created + timedelta(seconds=3)),
            }
            values["身份证号码"] = b.id_no if values["身份证姓名"] else ""
            if order.promise is None:
                values["承诺发货时间"] = ""
            rows.append([values[name] for name in layout])
    return rows


def tracking_rows(
    shop: Shop,
    when: datetime,
    since: datetime,
    provider: str,
    style: Style,
    newest_first: bool,
    courier_codes: float,
) -> list[list[str]]:
    rng = style.rng
    rows = []
    for parcel in shop.parcels:
        if not since <= parcel.ship_at <= when:
            continue
        seen = [e for e in parcel.events if e.at <= when]
        seen.sort(key=lambda e: e.at, reverse=newest_first)
        if provider == "kdn" and not seen:
            rows.append(
                [
                    parcel.number,
                    parcel.courier["kdn"],
                    style.time(when),
                    "0",
                    "",
                    pick(rng, shop_text("waiting")),
                    "",
                ]
            )
            continue
        code_name = (
            parcel.courier["k100"] if rng.random() < courier_codes else parcel.courier["names"][0]
        )
        for e in seen:
            u = rng.random()
            if provider == "k100":
                state, adv, name = K100_CODES[e.kind]
                if e.kind == "refused" and u < 0.4:
                    state, adv, name = "2", "203", "疑难"
                if e.kind == "stuck" and "滞留" not in e.text and "积压" not in e.text:
                    adv = "202"
                if e.kind == "signed" and "代收" in e.text:
                    adv = "303"
                if u > 0.96 or (e.kind == "refused" and u > 0.9):  # codes lost or wrong
                    state, adv, name = ("" if u > 0.98 else "0"), "", ""
                rows.append(
                    [
                        style.ident(parcel.number),
                        code_name,
                        style.time(e.at),
                        state,
                        adv,
                        name,
                        e.text,
                        e.place,
                    ]
                )
            else:
                state, extra = KDN_CODES[e.kind]
                if e.kind == "stuck" and "暂无进展" in e.text:
                    extra = "403"
                if e.kind == "return" and u < 0.5:
                    state, extra = "2", ""
                if u > 0.96 or (e.kind == "refused" and u > 0.9):
                    state, extra = ("2" if u > 0.98 else ""), ""
                rows.append(
                    [
                        parcel.number,
                        parcel.courier["kdn"],
                        style.time(e.at),
                        state,
                        extra,
                        e.text,
                        e.place,
                    ]
                )
    return rows


def shop_text(key: str) -> list[str]:
    from .world import VOCAB

    return VOCAB["text"][key]


def after_sales_rows(shop: Shop, when: datetime, since: datetime, style: Style) -> list[list[str]]:
    rows = []
    for order in shop.orders:
        for sale in order.sales:
            if not since <= sale.applied <= when:
                continue
            state = [s for t, s in sale.stages if t <= when][-1]
            rows.append(
                [
                    style.ident(sale.sale_id),
                    style.ident(order.oid),
                    sale.kind,
                    state,
                    sale.reason,
                    style.time(sale.applied),
                    style.cash(sale.amount),
                    "",
                    "已发货" if sale.shipped else "未发货",
                ]
            )
    rows.sort(key=lambda r: r[5], reverse=True)
    return rows


def review_rows(shop: Shop, when: datetime, since: datetime, style: Style) -> list[list[str]]:
    reviewed = sorted((o.review.at, o) for o in shop.orders if o.review)
    rows = []
    for at, order in reviewed:
        if since <= at <= when:
            r = order.review
            rows.append(
                [
                    style.time(at),
                    style.ident(order.oid),
                    order.lines[0].product["goods_id"],
                    str(r.score),
                    r.text,
                    r.reply,
                ]
            )
    rows.reverse()
    return rows


def score_rows(shop: Shop, when: datetime) -> list[list[str]]:
    return [
        [
            s["day"].strftime("%Y-%m-%d"),
            money(s["store"]),
            money(s["desc"]),
            money(s["logi"]),
            money(s["serv"]),
        ]
        for s in shop.scores
        if s["day"] + DAY <= when
    ]


def penalty_rows(shop: Shop, when: datetime, since: datetime, style: Style) -> list[list[str]]:
    rows = []
    for bill in sorted(shop.penalties, key=lambda b: b["at"]):
        if since <= bill["at"] <= when:
            order = bill["order"]
            trk = order.parcel.number if bill["kind"] in ("虚假发货", "虚假轨迹") else ""
            rows.append(
                [
                    style.ident(order.oid),
                    trk,
                    bill["kind"],
                    style.cash(bill["amount"]),
                    style.time(bill["at"]),
                    bill["note"],
                ]
            )
    return rows


def write_all(shop: Shop, out: Path, seed: int) -> dict[str, list[str]]:
    """Write DIR/exports/* and DIR/labels.csv; return the file names per kind."""
    rng = random.Random(seed * 7919 + 17)
    exports = out / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    for old in exports.iterdir():
        if old.is_file():
            old.unlink()
    written: dict[str, list[str]] = {}
    seen_ids: set[str] = set()

    def save(kind, name, header, rows, fmt_="csv", encoding="utf-8", quote_all=False):
        path = exports / name
        if fmt_ == "xlsx":
            write_xlsx(path, header, rows)
        else:
            write_csv(path, header, rows, encoding, quote_all)
        written.setdefault(kind, []).append(name)

    w1, w2, w3, w4, w5 = EXPORTS
    window = timedelta(days=21)

    def orders_in(when, since):
        chosen = [o for o in shop.orders if since <= o.created <= when]
        seen_ids.update(o.oid for o in chosen)
        return chosen

    # orders: the merchant's template changed over the weeks (old ERP → backend full → short)
    plan = [
        (w1, START, OLD_2019, Style(rng, comma="half"), "xlsx", "utf-8", "订单导出_20261101.xlsx"),
        (
            w2,
            w2 - window,
            FULL_2023,
            Style(rng, tab_ids=True, full_width=True),
            "csv",
            "gb18030",
            "拼多多订单_1108.csv",
        ),
        (
            w3,
            w3 - window,
            SHORT_2024,
            Style(rng, yen_rate=0.08, dot_zero=True),
            "xlsx",
            "utf-8",
            "orders_export_20261115.xlsx",
        ),
        (
            w4,
            w4 - window,
            SHORT_2024,
            Style(rng, eq_rate=0.06, comma="none", slash=True, busy_label="退款中"),
            "csv",
            "utf-8-sig",
            "订单查询-导出-20261122.csv",
        ),
        (
            w5,
            START,
            FULL_2023,
            Style(rng, tab_ids=True, enote_rate=0.002),
            "csv",
            "utf-8-sig",
            "订单导出_月底对账_20261129.csv",
        ),
    ]
    for when, since, layout, style, fmt_, enc, name in plan:
        rows = order_rows(shop, orders_in(when, since), when, layout, style)
        save("orders", name, style.header(layout), rows, fmt_, enc, quote_all=style.tab_ids)

    # tracking: Kuaidi100 for three weeks, then the merchant moved to Kuaidi Niao (week 3 both)
    track = [
        ("k100", w1, START, Style(rng), True, 0.0, "csv", "utf-8-sig", "快递100_物流轨迹_1101.csv"),
        ("k100", w2, w2 - window, Style(rng), False, 1.0, "xlsx", "utf-8", "kuaidi100_1108.xlsx"),
        (
            "k100",
            w3,
            w3 - window,
            Style(rng, tab_ids=True),
            True,
            0.5,
            "csv",
            "gb18030",
            "快递100_物流轨迹_1115.csv",
        ),
        ("kdn", w3, w3 - window, Style(rng), False, 0, "csv", "utf-8", "kdniao_trace_1115.csv"),
        (
            "kdn",
            w4,
            w4 - window,
            Style(rng, slash=True),
            False,
            0,
            "csv",
            "utf-8-sig",
            "快递鸟轨迹_1122.csv",
        ),
        ("kdn", w5, START, Style(rng), False, 0, "csv", "utf-8", "kdniao_trace_1129.csv"),
    ]
    for provider, when, since, style, newest, codes, fmt_, enc, name in track:
        rows = tracking_rows(shop, when, since, provider, style, newest, codes)
        header = K100 if provider == "k100" else KDN
        save("logistics", name, header, rows, fmt_, enc)

    # after-sales from week 2, reviews from week 3, store scores and penalty bills now and then
    for when, fmt_, enc, name in [
        (w2, "xlsx", "utf-8", "售后列表_1108.xlsx"),
        (w3, "csv", "utf-8", "售后列表_1115.csv"),
        (w4, "csv", "gb18030", "售后列表_1122.csv"),
        (w5, "xlsx", "utf-8", "售后列表_1129.xlsx"),
    ]:
        style = Style(rng, yen_rate=0.05 if enc == "gb18030" else 0.0)
        rows = after_sales_rows(shop, when, max(START, when - 4 * window / 3), style)
        save("after_sales", name, AFTER_SALES, rows, fmt_, enc)
    for when, enc, name in [
        (w3, "utf-8-sig", "评价管理_1115.csv"),
        (w4, "gb18030", "评价_1122.csv"),
        (w5, "utf-8-sig", "评价管理_1129.csv"),
    ]:
        save(
            "reviews",
            name,
            REVIEWS,
            review_rows(shop, when, when - 30 * DAY, Style(rng)),
            "csv",
            enc,
        )
    save("store_scores", "店铺评分_1115.csv", SCORES, score_rows(shop, w3), "csv", "utf-8-sig")
    save("store_scores", "店铺评分_1129.xlsx", SCORES, score_rows(shop, w5), "xlsx")
    save(
        "penalties",
        "违规及扣款明细_1115.xlsx",
        PENALTIES,
        penalty_rows(shop, w3, START, Style(rng)),
        "xlsx",
    )
    save(
        "penalties",
        "消费者补偿明细_1129.csv",
        PENALTIES,
        penalty_rows(shop, w5, w3 - 6 * DAY, Style(rng, yen_rate=0.3)),
        "csv",
        "gb18030",
    )

    _labels(shop, out / "labels.csv", seen_ids)
    return written


def _labels(shop: Shop, path: Path, ids: set[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["order_id", "outcome", "cause"])
        for order in shop.orders:
            if order.oid in ids:
                writer.writerow([order.oid, order.outcome, order.cause])
