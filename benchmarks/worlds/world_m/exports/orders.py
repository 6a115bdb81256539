"""The PDD order export (订单查询 → 导出): three template layouts, one row per order line."""

import random
from pathlib import Path

from .. import geo
from ..clock import DAY
from ..models import Line, Order
from ..sim.world import CUTOFF
from . import cells, files
from .cells import IdStyle
from .plan import ORDERS_WINDOW_DAYS, OrdersJob

MONEY = (
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "多多支付立减金额(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
)
SHORT_2024 = (
    "商品",
    "订单号",
    "订单状态",
    *MONEY,
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
FULL_2023 = (
    "商品",
    "订单号",
    "订单状态",
    "是否审核中",
    *MONEY,
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
    "旗帜颜色",
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
    "是否门店自提",
    "是否预售",
    "支付方式",
    "订单来源",
    "发货仓库",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
)
OLD_2019 = (
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
    "快递单号",
    "快递公司",
    "买家留言",
    "用户购买手机号",
)
LAYOUTS = {"short": SHORT_2024, "full": FULL_2023, "old": OLD_2019}
_ID_COLUMNS = frozenset(("订单号", "商品id", "样式ID", "快递单号"))
_FLAGS = ("红旗", "黄旗", "绿旗", "蓝旗", "紫旗")


def status_at(order: Order, t: int) -> str:
    if order.paid_at is None or t < order.paid_at:
        return "已取消" if order.closed_at is not None and t >= order.closed_at else "待支付"
    if order.cancel_at is not None and t >= order.cancel_at:
        return "未发货，退款成功"
    if order.ship_at is None or t < order.ship_at:
        return "待发货"
    if order.refund_at is not None and t >= order.refund_at:
        return "已发货，退款成功"
    if order.delivered_at is not None and t >= order.delivered_at:
        return "已签收"
    if order.confirm_at is not None and t >= order.confirm_at:
        return "已签收"
    return "已发货，待签收"


def after_sale_status_at(order: Order, t: int, detailed: bool = False) -> str:
    """The order export's 售后状态; `detailed` templates also say 退款中 and 买家撤销."""
    current = [r for r in order.after_sales if r.applied_at <= t]
    if not current:
        return "无售后或售后取消"
    state = current[-1].state_at(t)
    if state == "退款成功":
        return "退款成功"
    if state == "买家撤销":
        return "买家撤销" if detailed else "无售后或售后取消"
    if state == "商家已补寄":
        return "无售后或售后取消"
    if detailed and state in ("商家同意退款，退款中", "已同意拒收退款，待用户拒收"):
        return "退款中"
    return "售后处理中"


def _promise_delivery(order: Order) -> int | None:
    if order.paid_at is None or int(order.order_id[-1]) >= 2:
        return None
    zone = geo.PROVINCES[order.buyer.province][1]
    day = (order.paid_at + int((geo.ZONE_DAYS[zone] + 2.5) * DAY)) // DAY
    return day * DAY + DAY - 1


class RowMaker:
    def __init__(self, job: OrdersJob, rng: random.Random):
        self.job = job
        self.rng = rng
        self.yto = rng.choice(("圆通速递", "圆通快递"))
        self.sf = rng.choice(("顺丰速运", "顺丰快递"))
        self.detailed_after_sales = rng.random() < 0.35

    def money(self, fen: int):
        style = self.job.money
        if style == "numeric":
            return round(fen / 100, 2)
        if style == "general":
            return cells.yuan_general(fen)
        if style == "fancy":
            return cells.yuan_fancy(fen)
        return cells.yuan(fen)

    def ident(self, value: str) -> str:
        return IdStyle.apply(self.job.ids, value)

    def time(self, sec: int | None, t: int) -> str:
        if sec is None or sec > t:
            return ""
        return cells.timestamp(self.job.times, sec)

    def status(self, order: Order, t: int) -> str:
        text = status_at(order, t)
        if self.job.status == "half":
            return text.replace("，", ",")
        if self.job.status == "drop":
            return text.replace("，", "")
        return text

    def courier_name(self, courier) -> str:
        if courier.key == "YTO":
            return self.yto
        if courier.key == "SF":
            return self.sf
        return courier.names[0]

    def fields(self, order: Order, line: Line, t: int) -> dict:
        buyer, product = order.buyer, order.product
        shipped = order.ship_at is not None and order.ship_at <= t and order.parcel is not None
        number = order.parcel.number if shipped else ""
        qty = line.qty if self.job.money == "numeric" else str(line.qty)
        return {
            "商品": product.title,
            "订单号": self.ident(order.order_id),
            "订单状态": self.status(order, t),
            "是否审核中": "否",
            "商品总价(元)": self.money(line.total),
            "邮费(元)": self.money(line.postage),
            "店铺优惠折扣(元)": self.money(line.shop_disc),
            "平台优惠折扣(元)": self.money(line.plat_disc),
            "多多支付立减金额(元)": self.money(line.duo_disc),
            "用户实付金额(元)": self.money(line.paid),
            "商家实收金额(元)": self.money(line.received),
            "商品数量(件)": qty,
            "支付时间": self.time(order.paid_at, t),
            "订单成交时间": self.time(order.deal_at, t),
            "拼单成功时间": self.time(order.deal_at, t),
            "订单确认时间": self.time(order.deal_at, t),
            "承诺发货时间": self.time(order.promise_ship_at, order.promise_ship_at),
            "承诺送达时间": self.time(_promise_delivery(order), CUTOFF + 30 * DAY),
            "发货时间": self.time(order.ship_at, t),
            "确认收货时间": self.time(order.confirm_at, t),
            "商品id": self.ident(product.goods_id),
            "商品规格": line.sku.spec,
            "样式ID": self.ident(line.sku.style_id),
            "商家编码-规格维度": line.sku.code,
            "商家编码-SKU维度": line.sku.code,
            "商家编码-商品维度": product.code,
            "商品一级类目": product.categories[0],
            "商品二级类目": product.categories[1],
            "商品三级类目": product.categories[2],
            "商品四级类目": product.categories[3],
            "买家留言": order.message,
            "商家备注": order.note,
            "旗帜颜色": _FLAGS[len(order.note) % 5] if order.note else "",
            "售后状态": after_sale_status_at(order, t, self.detailed_after_sales),
            "快递单号": self.ident(number),
            "快递公司": self.courier_name(order.parcel.courier) if shipped else "",
            "团ID": order.group_id,
            "省": buyer.province,
            "市": buyer.city,
            "区": buyer.district,
            "街道/镇": buyer.street,
            "街道": buyer.street,
            "是否抽奖或0元试用": "是" if order.zero_trial else "否",
            "是否顺丰加价": "是" if order.sf_extra else "否",
            "是否门店自提": "否",
            "是否预售": "否",
            "支付方式": order.pay_method if order.paid_at is not None else "",
            "订单来源": order.source,
            "发货仓库": "叠石桥一号仓",
            "是否分期": "否",
            "分期期数": "",
            "手续费承担方": "",
            "分期方式": "",
            "身份证姓名": "",
            "身份证号码": "",
            "收货人": buyer.name,
            "手机": buyer.phone,
            "用户购买手机号": buyer.phone,
        }


def _header(job: OrdersJob, columns: tuple[str, ...], rng: random.Random) -> list[str]:
    if not job.messy_headers:
        return list(columns)
    out = []
    for name in columns:
        if name.endswith("(元)") and rng.random() < 0.7:
            name = name.replace("(元)", "（元）" if rng.random() < 0.6 else "（元)")
        if rng.random() < 0.15:
            name = f" {name} " if rng.random() < 0.5 else f"{name}\t"
        out.append(name)
    return out


def write(job: OrdersJob, orders: list[Order], folder: Path, rng: random.Random) -> int:
    columns = LAYOUTS[job.layout]
    since = job.at - ORDERS_WINDOW_DAYS * DAY
    chosen = [o for o in orders if since < o.deal_at <= job.at]
    if job.layout != "old":
        chosen.reverse()  # the platform lists the newest first
    maker = RowMaker(job, rng)
    rows = []
    for order in chosen:
        for line in order.lines:
            f = maker.fields(order, line, job.at)
            row = [f[c] for c in columns]
            rows.append(row)
            if job.duplicate_share and rng.random() < job.duplicate_share:
                rows.append(list(row))
    header = _header(job, columns, rng)
    path = folder / job.name
    if job.fmt == "xlsx":
        stamp = files.zip_stamp(job.at)
        notes_sheet = (
            "导出说明",
            [
                ["导出时间", cells.timestamp("iso", job.at)],
                ["筛选条件", f"订单成交时间 近{ORDERS_WINDOW_DAYS}天"],
            ],
        )
        files.write_xlsx(path, header, rows, stamp, extra_sheets=(notes_sheet,))
    else:
        files.write_csv(path, header, rows, job.encoding, job.quote_all)
    return len(rows)
