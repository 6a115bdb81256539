"""The weekly order downloads, in the three layouts the shop's tools produced over the season.

- December: the old ERP template (2019–2020 names, receiver PII), GB18030, ids behind a leading '.
  The 22 Dec file writes statuses with a half-width comma.
- January: the 2023 full layout, UTF-8 with BOM, full-width brackets, ids as ="…". The 19 Jan
  file was opened in Excel to fill in the tracking numbers of that morning's shipments by hand,
  and saved again: GB18030, Excel's times and money, the ="…" gone (Excel kept those ids as
  text), but the typed pure-digit numbers turned into E-notation (about 2 % of its rows).
- February–March: the 2024 short layout (27 columns), UTF-8, ids tab-prefixed; the last download
  (16 Mar, orders since 15 Jan) is an XLSX.
Each weekly file holds the orders placed in the 35 days before it, as they stand at download time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from .. import season
from ..model import Line, Order
from ..status import view
from . import cells
from .files import write_csv, write_xlsx

WINDOW = timedelta(days=35)
#: in the re-saved file, the numbers of the shipments of the day before were typed in by hand
TYPED_BY_HAND = timedelta(hours=24)
FINAL_SINCE = datetime(2026, 1, 15)

SHORT = ("商品", "订单号", "订单状态", "商品总价(元)", "邮费(元)", "店铺优惠折扣(元)",
         "平台优惠折扣(元)", "多多支付立减金额(元)", "用户实付金额(元)", "商家实收金额(元)",
         "商品数量(件)", "发货时间", "确认收货时间", "商品id", "商品规格", "样式ID",
         "商家编码-规格维度", "商家编码-商品维度", "商家备注", "售后状态", "快递单号", "快递公司",
         "订单成交时间", "是否分期", "分期期数", "手续费承担方", "分期方式")
FULL = ("商品", "订单号", "订单状态", "是否审核中", "商品总价(元)", "邮费(元)", "店铺优惠折扣(元)",
        "平台优惠折扣(元)", "多多支付立减金额(元)", "用户实付金额(元)", "商家实收金额(元)",
        "商品数量(件)", "支付时间", "订单成交时间", "承诺发货时间", "承诺送达时间", "发货时间",
        "确认收货时间", "商品id", "商品规格", "样式ID", "商家编码-规格维度", "商家编码-商品维度",
        "商品一级类目", "商品二级类目", "商品三级类目", "商品四级类目", "买家留言", "商家备注",
        "售后状态", "快递单号", "快递公司", "团ID", "省", "市", "区", "街道/镇",
        "是否抽奖或0元试用", "是否顺丰加价", "支付方式", "订单来源", "是否分期", "分期期数",
        "手续费承担方", "分期方式")
#: the 2019–2020 template: its header, and the field each column carries where the name changed
OLD = ("订单号", "订单状态", "商品", "商品id", "商品规格", "样式ID", "商家编码-SKU维度",
       "商家编码-商品维度", "商品数量(件)", "商品总价(元)", "邮费(元)", "店铺优惠折扣(元)",
       "平台优惠折扣(元)", "用户实付金额(元)", "商家实收金额(元)", "支付时间", "拼单成功时间",
       "订单确认时间", "发货时间", "确认收货时间", "快递单号", "快递公司", "商家备注", "买家留言",
       "售后状态", "收货人", "手机", "省", "市", "区", "街道", "身份证姓名", "身份证号码")
OLD_FIELDS = {"商家编码-SKU维度": "商家编码-规格维度", "拼单成功时间": "订单成交时间",
              "订单确认时间": "订单成交时间", "街道": "街道/镇"}
_IDS = ("订单号", "快递单号", "商品id", "样式ID")
_PAY = ("微信支付", "支付宝", "多多支付")


def fields(order: Order, line: Line, first: bool, moment: datetime, excel: bool) -> dict[str, str]:
    """Every field one line of the order can show at `moment`."""
    state = view(order, moment)
    sku, product = line.sku, line.sku.product
    shop, platform, pay = ((order.shop_discount, order.platform_discount, order.pay_discount)
                           if first else (0, 0, 0))
    shipped = state.ship_at is not None
    courier = order.courier
    courier_name = courier.names[int(order.order_id[-1]) % len(courier.names)] if (
        shipped and courier) else ""
    place = order.buyer.place
    money = {"商品总价(元)": line.total_cents, "邮费(元)": 0, "店铺优惠折扣(元)": shop,
             "平台优惠折扣(元)": platform, "多多支付立减金额(元)": pay,
             "用户实付金额(元)": line.total_cents - shop - platform - pay,
             "商家实收金额(元)": line.total_cents - shop}
    promise_delivery = (order.promise_ship_at + timedelta(days=2)
                        if order.sf_upgrade and order.promise_ship_at else None)
    row = {key: cells.yuan(value, excel) for key, value in money.items()}
    row.update({
        "商品": product.title, "订单号": order.order_id, "订单状态": state.status,
        "是否审核中": "否", "商品数量(件)": str(line.qty),
        "支付时间": cells.when(order.paid_at, excel),
        "订单成交时间": cells.when(order.paid_at or order.placed_at, excel),
        "承诺发货时间": cells.when(order.promise_ship_at, excel),
        "承诺送达时间": cells.when(promise_delivery, excel),
        "发货时间": cells.when(state.ship_at, excel),
        "确认收货时间": cells.when(state.confirmed_at, excel),
        "商品id": product.goods_id, "商品规格": sku.spec, "样式ID": sku.sku_id,
        "商家编码-规格维度": sku.merchant_code, "商家编码-商品维度": product.code,
        "商品一级类目": product.category[0], "商品二级类目": product.category[1],
        "商品三级类目": product.category[2], "商品四级类目": product.category[3],
        "买家留言": order.message, "商家备注": order.note, "售后状态": state.after_sale,
        "快递单号": order.tracking_no if shipped else "", "快递公司": courier_name,
        "团ID": order.group_id, "省": place.province.name, "市": place.city, "区": place.district,
        "街道/镇": place.street, "是否抽奖或0元试用": "是" if order.kind == "trial" else "否",
        "是否顺丰加价": "是" if order.sf_upgrade else "否",
        "支付方式": _PAY[int(order.order_id[-2]) % 3] if order.paid_at else "",
        "订单来源": "拼多多APP", "是否分期": "否", "分期期数": "", "手续费承担方": "",
        "分期方式": "",
        "收货人": order.buyer.name, "手机": order.buyer.phone, "身份证姓名": "", "身份证号码": "",
    })
    return row


Disguise = Callable[[str, str, Order], str]


def _rows(orders: list[Order], since: datetime, moment: datetime, columns: list[str],
          disguise: Disguise, excel: bool = False,
          status: Callable[[str], str] = cells.plain) -> list[list[str]]:
    rows = []
    for order in orders:
        if not since <= order.placed_at < moment:
            continue
        for index, line in enumerate(order.lines):
            row = fields(order, line, index == 0, moment, excel)
            row["订单状态"] = status(row["订单状态"])
            rows.append([disguise(column, row[column], order) for column in columns])
    return rows


def _full_width(header: tuple[str, ...]) -> list[str]:
    return [h.replace("(", "（").replace(")", "）") for h in header]


def write(folder: Path, orders: list[Order]) -> list[Path]:
    written = []
    mondays = season.EXPORT_MONDAYS
    for moment in mondays[:4]:
        columns = [OLD_FIELDS.get(name, name) for name in OLD]
        half_width = (lambda s: s.replace("，", ",")) if moment.day == 22 else cells.plain

        def old_disguise(column: str, value: str, _order: Order) -> str:
            return cells.apostrophe(value) if column in ("快递单号", "商品id") else value

        path = folder / f"订单导出(旧版模板)_{moment:%Y%m%d}.csv"
        write_csv(path, OLD,
                  _rows(orders, moment - WINDOW, moment, columns, old_disguise, status=half_width),
                  "gb18030")
        written.append(path)
    for moment in mondays[4:9]:
        resaved = moment.day == 19
        if resaved:
            def disguise(column: str, value: str, order: Order, moment: datetime = moment) -> str:
                typed = order.ship_at is not None and order.ship_at > moment - TYPED_BY_HAND
                return cells.e_notation(value) if column == "快递单号" and typed else value
        else:
            def disguise(column: str, value: str, _order: Order) -> str:
                return cells.formula(value) if column in _IDS else value
        path = folder / f"pdd_订单查询_{moment:%Y%m%d}.csv"
        write_csv(path, _full_width(FULL),
                  _rows(orders, moment - WINDOW, moment, list(FULL), disguise, excel=resaved),
                  "gb18030" if resaved else "utf-8-sig")
        written.append(path)

    def tab_ids(column: str, value: str, _order: Order) -> str:
        return cells.tab(value) if column in _IDS else value

    for moment in mondays[9:14]:
        path = folder / f"订单列表_{moment:%Y%m%d}.csv"
        write_csv(path, SHORT, _rows(orders, moment - WINDOW, moment, list(SHORT), tab_ids),
                  "utf-8")
        written.append(path)
    final = mondays[-1]
    path = folder / f"订单列表_{final:%Y%m%d}.xlsx"
    write_xlsx(path, SHORT, _rows(orders, FINAL_SINCE, final, list(SHORT), lambda _c, v, _o: v),
               "订单列表")
    written.append(path)
    return written
