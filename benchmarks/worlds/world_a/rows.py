"""Rows of each export kind as the platform or aggregator would show them at a moment."""

from __future__ import annotations

from datetime import datetime, timedelta

from .aftersales import IN_PROGRESS, NONE
from .catalog import Catalog
from .layouts import k100_codes, kdn_codes
from .model import AfterSale, Order, Parcel, Penalty, Review
from .transit import ZONE_DAYS

ZONE_PROMISE = {zone: timedelta(days=days + 2.5) for zone, days in ZONE_DAYS.items()}


def stamp(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def yuan(value: float) -> str:
    return f"{value:.2f}"


class OrderRows:
    """Order export rows: fixed fields cached per order line, status fields per snapshot."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._fixed: dict[tuple[str, int], dict[str, str]] = {}

    def _fixed_fields(self, order: Order, index: int) -> dict[str, str]:
        key = (order.order_id, index)
        if key in self._fixed:
            return self._fixed[key]
        line, buyer, address = order.lines[index], order.buyer, order.buyer.address
        goods = order.goods_amount or 1.0
        share = line.amount / goods
        postage = order.postage if index == 0 else 0.0
        shop = round(order.shop_discount * share, 2)
        platform = round(order.platform_discount * share, 2)
        pay = round(order.pay_discount * share, 2)
        paid = max(round(line.amount + postage - shop - platform - pay, 2), 0.0)
        instalment = order.kind == "real" and line.sku.price >= 1000 and int(order.team_id) % 3 == 0
        promised_delivery = ""
        if int(order.team_id[-2:]) < 60:
            promised_delivery = stamp(order.promised_ship_at + ZONE_PROMISE[address.zone])
        fields = {
            "商品": line.product.title,
            "订单号": order.order_id,
            "商品总价(元)": yuan(line.amount),
            "邮费(元)": yuan(postage),
            "店铺优惠折扣(元)": yuan(shop),
            "平台优惠折扣(元)": yuan(platform),
            "多多支付立减金额(元)": yuan(pay),
            "用户实付金额(元)": yuan(paid),
            "商家实收金额(元)": yuan(paid + platform + pay),
            "商品数量(件)": str(line.quantity),
            "商品id": line.product.product_id,
            "商品规格": line.sku.spec,
            "样式ID": line.sku.style_id,
            "商家编码-规格维度": line.sku.code,
            "商家编码-SKU维度": line.sku.code,
            "商家编码-商品维度": line.product.code,
            "商家备注": order.merchant_note,
            "买家留言": order.buyer_message,
            "订单成交时间": stamp(order.deal_at),
            "拼单成功时间": stamp(order.deal_at),
            "订单确认时间": stamp(order.deal_at),
            "支付时间": stamp(order.paid_at),
            "承诺发货时间": stamp(order.promised_ship_at),
            "承诺送达时间": promised_delivery,
            "是否分期": "是" if instalment else "否",
            "分期期数": ("3", "6", "12")[int(order.team_id) % 3] if instalment else "",
            "手续费承担方": "商家" if instalment else "",
            "分期方式": "多多分期" if instalment else "",
            "是否审核中": "否",
            "商品一级类目": line.product.categories[0],
            "商品二级类目": line.product.categories[1],
            "商品三级类目": line.product.categories[2],
            "商品四级类目": line.product.categories[3],
            "团ID": order.team_id,
            "省": address.province,
            "市": address.city,
            "区": address.district,
            "街道/镇": address.street,
            "街道": address.street,
            "是否抽奖或0元试用": "是" if order.kind == "trial" else "否",
            "是否顺丰加价": "是" if order.sf_upgrade else "否",
            "支付方式": order.pay_method if order.paid_at else "",
            "订单来源": order.source,
            "用户购买手机号": buyer.phone[:3] + "****" + buyer.phone[-4:],
            "是否门店自提": "否",
            "是否预售": "否",
            "仓库名称": "义乌1号仓" if order.kind == "real" else "",
            "订单类型": "普通订单",
            "是否直播订单": "是" if order.source == "多多视频" else "否",
            "是否代发订单": "否",
            "身份证姓名": buyer.name,
            "身份证号码": buyer.id_number,
            "收货人": buyer.name,
            "手机": buyer.phone,
        }
        self._fixed[key] = fields
        return fields

    def rows(
        self, orders: list[Order], headers: tuple[str, ...], at: datetime, aftersale_word: str
    ) -> list[list[str]]:
        rows = []
        for order in orders:
            shipped = order.shipped_at if order.shipped_at and order.shipped_at <= at else None
            parcel = order.parcel if shipped else None
            courier = self.catalog.couriers[parcel.courier] if parcel else None
            aftersale = order.aftersale_status.at(at, NONE)
            if aftersale == IN_PROGRESS:
                aftersale = aftersale_word
            status = {
                "订单状态": order.status.at(at),
                "售后状态": aftersale,
                "发货时间": stamp(shipped),
                "确认收货时间": stamp(
                    order.confirm_at if order.confirm_at and order.confirm_at <= at else None
                ),
                "快递单号": parcel.tracking_no if parcel else "",
                "快递公司": courier.names[int(order.order_id[-1]) % len(courier.names)]
                if courier
                else "",
            }
            for index in range(len(order.lines)):
                fields = self._fixed_fields(order, index)
                rows.append([status[name] if name in status else fields[name] for name in headers])
        return rows


def tracking_rows(
    parcels: list[Parcel],
    catalog: Catalog,
    at: datetime,
    provider: str,
    newest_first: bool,
    company_as_code: bool,
) -> list[list[str]]:
    rows = []
    for parcel in parcels:
        courier = catalog.couriers[parcel.courier]
        events = sorted(
            (e for e in parcel.events if e.at <= at), key=lambda e: e.at, reverse=newest_first
        )
        for event in events:
            if provider == "kuaidi100":
                codes = k100_codes(event.kind, event.code_noise, (event.code_noise * 997) % 1)
                if codes is None:
                    continue
                company = courier.k100 if company_as_code else courier.name
                rows.append(
                    [parcel.tracking_no, company, stamp(event.at), *codes, event.text, event.city]
                )
            else:
                state, state_ex = kdn_codes(event.kind, event.code_noise)
                rows.append(
                    [
                        parcel.tracking_no,
                        courier.kdn,
                        stamp(event.at),
                        state,
                        state_ex,
                        event.text,
                        event.city,
                    ]
                )
    return rows


def aftersale_rows(records: list[AfterSale], at: datetime) -> list[list[str]]:
    rows = []
    for record in records:
        state = record.states.at(at)
        returning = record.kind != "仅退款" and not state.startswith("买家申请")
        rows.append(
            [
                record.aftersale_id,
                record.order.order_id,
                record.order.lines[0].product.title,
                record.kind,
                state,
                record.reason,
                stamp(record.applied_at),
                yuan(record.amount),
                record.return_tracking if returning else "",
                "已发货" if record.shipped else "未发货",
            ]
        )
    return rows


def review_rows(reviews: list[Review]) -> list[list[str]]:
    return [
        [
            stamp(r.at),
            r.order.order_id,
            r.product.product_id,
            r.product.title,
            str(r.score),
            r.text,
            r.reply,
        ]
        for r in reviews
    ]


def penalty_rows(bills: list[Penalty]) -> list[list[str]]:
    return [
        [b.order.order_id, b.tracking_no, b.kind, yuan(b.amount), stamp(b.at), b.note]
        for b in bills
    ]
