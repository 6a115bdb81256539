"""Order exports (订单查询 → 导出) in the three header layouts the shop's drops use."""

from __future__ import annotations

from datetime import timedelta

from .cells import header_for, long_id, money, split_cents, state_at, ts
from .plan import ORDER_WINDOW, FileSpec
from .records import World
from .shop import PROMISE_SHIP
from .vocab import vocab

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
    "商家备注",
    "买家留言",
    "售后状态",
    "快递单号",
    "快递公司",
    "商品一级类目",
    "商品二级类目",
    "商品三级类目",
    "商品四级类目",
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
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
]
OLD = [
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
]


def _status_text(status: str, spec: FileSpec) -> str:
    if "excel_resaved" in spec.quirks:
        return status.replace("，", ",")
    if "no_comma" in spec.quirks:
        return status.replace("，", "")
    return status


def order_rows(world: World, spec: FileSpec) -> tuple[list[str], list[list], list[str]]:
    at, words = spec.at, vocab()
    w = words["orders"]
    columns = {"2019": OLD, "2023": FULL, "2024": SHORT}[spec.layout]
    rows, mentioned = [], []
    for order in world.orders:
        if not (at - ORDER_WINDOW <= order.deal_at < at):
            continue
        mentioned.append(order.order_id)
        pasted = order.deal_at >= at - timedelta(days=3)
        state = state_at(order.log, at)
        status, after_sales = state[1], state[2]
        shipped = order.uploaded_at is not None and order.uploaded_at <= at
        number = order.parcel.number if shipped else ""
        courier = ""
        if shipped:
            names = words["couriers"][order.parcel.courier.code]["display"]
            courier = names[-1] if spec.layout == "2019" else names[0]
        goods = [line.sku.product.price_cents * line.qty for line in order.lines]
        shop = split_cents(order.shop_discount, goods)
        platform = split_cents(order.platform_discount, goods)
        pay = split_cents(order.pay_discount, goods)
        confirm = order.confirm_at if order.confirm_at and order.confirm_at <= at else None
        for i, line in enumerate(order.lines):
            postage = order.postage if i == 0 else 0
            paid = goods[i] + postage - shop[i] - platform[i] - pay[i]
            received = goods[i] + postage - shop[i]
            sku, product = line.sku, line.sku.product
            goods_id, style_id = product.goods_id, sku.style_id
            if "dot_zero" in spec.quirks:
                goods_id, style_id = goods_id + ".0", style_id + ".0"
            values = {
                "商品": product.title,
                "订单号": long_id(order.order_id, spec),
                "订单状态": _status_text(status, spec),
                "是否审核中": w["no"],
                "商品总价(元)": money(goods[i], spec),
                "邮费(元)": money(postage, spec),
                "店铺优惠折扣(元)": money(shop[i], spec),
                "平台优惠折扣(元)": money(platform[i], spec),
                "多多支付立减金额(元)": money(pay[i], spec),
                "用户实付金额(元)": money(max(paid, 0), spec),
                "商家实收金额(元)": money(max(received, 0), spec),
                "商品数量(件)": str(line.qty),
                "支付时间": ts(order.paid_at, spec),
                "订单成交时间": ts(order.paid_at or order.deal_at, spec),
                "拼单成功时间": ts(order.paid_at or order.deal_at, spec),
                "订单确认时间": ts((order.paid_at or order.deal_at) + timedelta(seconds=3), spec),
                "承诺发货时间": ts(order.paid_at + PROMISE_SHIP if order.paid_at else None, spec),
                "承诺送达时间": "",
                "发货时间": ts(order.uploaded_at if shipped else None, spec),
                "确认收货时间": ts(confirm, spec),
                "商品id": long_id(goods_id, spec),
                "商品规格": sku.spec,
                "样式ID": long_id(style_id, spec),
                "商家编码-规格维度": sku.sku_code,
                "商家编码-SKU维度": sku.sku_code,
                "商家编码-商品维度": product.spu_code,
                "商家备注": order.note,
                "买家留言": order.message,
                "售后状态": after_sales,
                "快递单号": long_id(number, spec, tracking=True, pasted=pasted),
                "快递公司": courier,
                "商品一级类目": product.cats[0],
                "商品二级类目": product.cats[1],
                "商品三级类目": product.cats[2],
                "商品四级类目": product.cats[3],
                "团ID": str(int(order.order_id[-9:]) * 7 % 10**10),
                "省": order.buyer.region.province,
                "市": order.buyer.region.city,
                "区": order.buyer.region.district,
                "街道/镇": order.buyer.region.street,
                "街道": order.buyer.region.street,
                "是否抽奖或0元试用": w["yes"] if order.zero_trial else w["no"],
                "是否顺丰加价": w["yes"] if order.sf_upgrade else w["no"],
                "支付方式": w["pay_methods"][int(order.order_id[-1]) % 3] if order.paid_at else "",
                "订单来源": w["sources"][int(order.order_id[-2]) % 4],
                "是否门店自提": w["no"],
                "是否分期": w["no"],
                "分期期数": "0",
                "手续费承担方": w["fee_bearer"],
                "分期方式": w["installment_none"],
                "收货人": order.buyer.name,
                "手机": order.buyer.phone,
                "身份证姓名": "",
                "身份证号码": "",
            }
            rows.append([values[name] for name in columns])
    return header_for(columns, spec), rows, mentioned
