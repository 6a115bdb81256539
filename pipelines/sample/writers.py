"""The exports a merchant downloads, week by week: the order layouts, the style (encoding, quirks)
of every file, file names and windows, and the labels file with the true answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import numpy as np
import pyarrow.compute as pc

from pipelines.causes import CAUSE_CODES
from pipelines.sample.formats import _chunks, _digits, _Style, _take, _write_csv, _write_xlsx, _yuan
from pipelines.sample.parcels import OUTCOMES, REFUSED
from pipelines.sample.simulation import _Shop
from pipelines.sample.views import Column, _EventsView, _OrdersView
from pipelines.sample.vocabulary import (
    _AS_REASONS,
    _AS_STATUSES,
    _AS_TYPES,
    _FAKE_SHIPPING,
    _PENALTY_NOTES,
    _PENALTY_TYPES,
    _REPLIES,
    _RETURN_TRACKING_PREFIX,
    _REVIEW_VOCABULARY,
)
from pipelines.sample.world import _EPOCH, DAY

_MONEY_COLUMNS = (("商品总价(元)", "goods"), ("邮费(元)", "postage"),
                  ("店铺优惠折扣(元)", "shop_discount"), ("平台优惠折扣(元)", "platform_discount"))
_INSTALMENTS = (("是否分期", "no"), ("分期期数", "blank"), ("手续费承担方", "blank"),
                ("分期方式", "blank"))
_ORDER_LAYOUTS = (
    (  # 2024+ short layout, 27 columns in the platform's order
        ("商品", "title"), ("订单号", "order_id"), ("订单状态", "status"), *_MONEY_COLUMNS,
        ("多多支付立减金额(元)", "pay_discount"), ("用户实付金额(元)", "paid"),
        ("商家实收金额(元)", "received"), ("商品数量(件)", "qty"), ("发货时间", "shipped_at"),
        ("确认收货时间", "confirmed_at"), ("商品id", "product_id"), ("商品规格", "spec"),
        ("样式ID", "style_id"), ("商家编码-规格维度", "sku_code"),
        ("商家编码-商品维度", "product_code"), ("商家备注", "note"),
        ("售后状态", "after_sales"), ("快递单号", "tracking"), ("快递公司", "courier"),
        ("订单成交时间", "deal_at"), *_INSTALMENTS,
    ),
    (  # 2023 full layout
        ("商品", "title"), ("订单号", "order_id"), ("订单状态", "status"), *_MONEY_COLUMNS,
        ("多多支付立减金额(元)", "pay_discount"), ("用户实付金额(元)", "paid"),
        ("商家实收金额(元)", "received"), ("商品数量(件)", "qty"), ("是否审核中", "no"),
        ("支付时间", "paid_at"), ("订单成交时间", "deal_at"), ("承诺发货时间", "promised_ship_at"),
        ("发货时间", "shipped_at"), ("承诺送达时间", "promised_delivery_at"),
        ("确认收货时间", "confirmed_at"), ("商品id", "product_id"), ("商品规格", "spec"),
        ("样式ID", "style_id"), ("商家编码-规格维度", "sku_code"),
        ("商家编码-商品维度", "product_code"), ("商品一级类目", "category0"),
        ("商品二级类目", "category1"), ("商品三级类目", "category2"), ("商品四级类目", "category3"),
        ("商家备注", "note"), ("买家留言", "message"), ("售后状态", "after_sales"),
        ("快递单号", "tracking"), ("快递公司", "courier"), ("团ID", "group_id"),
        ("省", "province"), ("市", "city"), ("区", "district"), ("街道/镇", "street"),
        ("是否抽奖或0元试用", "zero_trial"), ("是否顺丰加价", "no"), ("支付方式", "pay_method"),
        ("订单来源", "source"), *_INSTALMENTS,
    ),
    (  # 2019-2020 layout: older names and receiver personal data (all fake here)
        ("商品", "title"), ("订单号", "order_id"), ("订单状态", "status"), *_MONEY_COLUMNS,
        ("用户实付金额(元)", "paid"), ("商家实收金额(元)", "received"), ("商品数量(件)", "qty"),
        ("拼单成功时间", "deal_at"), ("订单确认时间", "deal_at"), ("发货时间", "shipped_at"),
        ("确认收货时间", "confirmed_at"), ("商品id", "product_id"), ("商品规格", "spec"),
        ("样式ID", "style_id"), ("商家编码-SKU维度", "sku_code"),
        ("商家编码-商品维度", "product_code"), ("商家备注", "note"),
        ("售后状态", "after_sales_legacy"), ("快递单号", "tracking"), ("快递公司", "courier"),
        ("收货人", "receiver"), ("手机", "phone"), ("省", "province"), ("市", "city"),
        ("区", "district"), ("街道", "street"), ("身份证姓名", "id_name"),
        ("身份证号码", "id_number"), ("买家留言", "message"),
    ),
)
_ORDER_STYLES = (
    _Style(ids="tab", brackets="mixed"),
    _Style(encoding="utf-8-sig", newline="\r\n", excel_damage=True, status_comma=",",
           yen_money=True, stray_header=("订单状态", "订单状态 ")),
    _Style(fmt="xlsx", brackets="full"),
    _Style(encoding="gb18030", newline="\r\n", ids="formula", quote_all=True,
           stray_header=("快递单号", "快递单号\t")),
)
_LOGISTICS_STYLES = (  # even positions are Kuaidi100 files, odd ones Kuaidi Niao
    _Style(encoding="utf-8-sig", newline="\r\n", ids="tab"),
    _Style(quote_all=True),
    _Style(encoding="gb18030", newline="\r\n", slash_times=True, courier_codes=True,
           optional_columns=False),
    _Style(fmt="xlsx"),
)
_AFTER_SALES_STYLES = (
    _Style(encoding="utf-8-sig", newline="\r\n", ids="tab"),
    _Style(encoding="gb18030", newline="\r\n", slash_times=True, brackets="full"),
    _Style(fmt="xlsx"),
    _Style(ids="formula"),
)
_REVIEWS_STYLE = _Style(fmt="xlsx")
_STORE_SCORES_STYLE = _Style()
_COMPENSATION_STYLE = _Style(encoding="gb18030", newline="\r\n", brackets="full")
_VIOLATIONS_STYLE = _Style(fmt="xlsx")
_LABELS_STYLE = _Style(encoding="utf-8-sig")
_NAME_PATTERNS = (
    "export_{date}_{n}", "导出数据({n})", "download_{date}_{n}", "数据导出{compact}-{n}")

_LOGISTICS_OVERLAP = 3 * DAY
_AFTER_SALES_WINDOW = 21 * DAY


class _ExportWriter:
    """Writes every export of the shop into one folder, week by week, as a merchant would."""

    def __init__(self, shop: _Shop, out_dir: Path, allow_xlsx: bool) -> None:
        self.shop, self.out_dir, self.allow_xlsx = shop, out_dir, allow_xlsx
        self.clock = shop.clock
        self.files: list[Path] = []
        self.order_rows = 0

    def write_all(self) -> None:
        cutoffs = self.shop.calendar.cutoffs
        for week, cutoff in enumerate(cutoffs):
            age = len(cutoffs) - 1 - week  # 0 for the newest export
            first = week == 0
            self._orders(cutoff, age)
            self._logistics(cutoff, age, first)
            self._after_sales(cutoff, age, first)
        self._reviews()
        self._store_scores()
        self._penalties()

    def _write(self, style: _Style, header: Sequence[str], columns: Sequence[Column],
               rows: np.ndarray, export_at: int) -> None:
        if style.fmt == "xlsx" and not self.allow_xlsx:
            style = replace(style, fmt="csv", encoding="utf-8-sig", newline="\r\n")
        day = (_EPOCH + timedelta(seconds=export_at)).isoformat()
        n = len(self.files) + 1
        name = _NAME_PATTERNS[n % len(_NAME_PATTERNS)].format(
            date=day, n=n, compact=day.replace("-", ""))
        path = self.out_dir / f"{name}{style.extension}"
        chunks = ([build(part) for build in columns] for part in _chunks(rows))
        write = _write_xlsx if style.fmt == "xlsx" else _write_csv
        write(path, style.headers(header), chunks, style)
        self.files.append(path)

    def _orders(self, cutoff: int, age: int) -> None:
        layout = _ORDER_LAYOUTS[age % len(_ORDER_LAYOUTS)]
        style = _ORDER_STYLES[age % len(_ORDER_STYLES)]
        view = _OrdersView(self.shop, self.clock, cutoff, style)
        rows = view.rows()
        self.order_rows += len(rows)
        self._write(style, [name for name, _ in layout], [view.columns[key] for _, key in layout],
                    rows, cutoff)

    def _logistics(self, cutoff: int, age: int, first: bool) -> None:
        """Events of the week plus a few days before it; the first file carries all history."""
        events = self.shop.events
        start = np.iinfo(np.int64).min if first else cutoff - 7 * DAY - _LOGISTICS_OVERLAP
        rows = np.flatnonzero((events.at >= start) & (events.at < cutoff))
        style = _LOGISTICS_STYLES[age % len(_LOGISTICS_STYLES)]
        view = _EventsView(self.shop, self.clock, style)
        if age % 2 == 0:  # Kuaidi100 lists the newest event first
            header, columns = view.kuaidi100()
            rows = rows[::-1]
        else:
            header, columns = view.kdniao()
        self._write(style, header, columns, rows, cutoff)

    def _after_sales(self, cutoff: int, age: int, first: bool) -> None:
        records = self.shop.after_sales
        start = np.iinfo(np.int64).min if first else cutoff - _AFTER_SALES_WINDOW
        rows = np.flatnonzero((records.applied_at >= start) & (records.applied_at < cutoff))[::-1]
        style = _AFTER_SALES_STYLES[age % len(_AFTER_SALES_STYLES)]
        ids = self.shop.texts.order_ids
        columns: list[tuple[str, Column]] = [
            ("售后编号", lambda r: _digits(records.ids[r])),
            ("订单号", lambda r: style.id_cells(_take(ids, records.order[r]), True)),
            ("售后类型", lambda r: _take(_AS_TYPES, records.kind[r])),
            ("售后状态", lambda r: _take(_AS_STATUSES, records.status_at(r, cutoff))),
            ("售后原因", lambda r: _take(_AS_REASONS, records.reason[r])),
            ("申请时间", lambda r: self.clock.timestamps(records.applied_at[r],
                                                         style.slash_times)),
            ("退款金额(元)", lambda r: _yuan(records.amount[r])),
            ("退货快递单号", lambda r: pc.binary_join_element_wise(
                _RETURN_TRACKING_PREFIX,
                _take(_digits(records.return_tracking[r]), np.arange(len(r)),
                      records.return_tracking[r] < 0), "")),
            ("发货状态", lambda r: _take(["未发货", "已发货"], records.shipped[r])),
        ]
        self._write(style, [name for name, _ in columns], [build for _, build in columns], rows,
                    cutoff)

    def _reviews(self) -> None:
        reviews, catalog = self.shop.reviews, self.shop.catalog
        product = self.shop.orders.product
        columns: list[tuple[str, Column]] = [
            ("评价时间", lambda r: self.clock.timestamps(reviews.at[r])),
            ("订单号", lambda r: _take(self.shop.texts.order_ids, reviews.order[r])),
            ("商品id", lambda r: _take(catalog.product_ids, product[reviews.order[r]])),
            ("评分", lambda r: _digits(reviews.stars[r])),
            ("评价内容", lambda r: _take(_REVIEW_VOCABULARY, reviews.text[r])),
            ("商家回复", lambda r: _take(_REPLIES, reviews.reply[r])),
        ]
        rows = np.arange(len(reviews.order))[::-1]
        self._write(_REVIEWS_STYLE, [name for name, _ in columns], [b for _, b in columns], rows,
                    self.shop.calendar.end)

    def _store_scores(self) -> None:
        scores = self.shop.store_scores

        def score(values: np.ndarray) -> Column:
            return lambda r: _yuan(np.round(values[r] * 100).astype(np.int64))

        columns: list[tuple[str, Column]] = [
            ("日期", lambda r: self.clock.day(scores.day_at[r])),
            ("店铺评分", score(scores.overall)), ("描述相符", score(scores.description)),
            ("物流服务", score(scores.logistics)), ("服务态度", score(scores.service))]
        self._write(_STORE_SCORES_STYLE, [name for name, _ in columns], [b for _, b in columns],
                    np.arange(len(scores.day_at)), self.shop.calendar.end)

    def _penalties(self) -> None:
        """Compensation bills and violation records come as two files of one header."""
        penalties = self.shop.penalties
        texts = self.shop.texts
        columns: list[tuple[str, Column]] = [
            ("订单号", lambda r: _take(texts.order_ids, penalties.order[r])),
            ("快递单号", lambda r: _take(texts.tracking, penalties.order[r],
                                         ~penalties.names_parcel[r])),
            ("类型", lambda r: _take(_PENALTY_TYPES, penalties.kind[r])),
            ("金额(元)", lambda r: _yuan(penalties.amount[r])),
            ("时间", lambda r: self.clock.timestamps(penalties.at[r])),
            ("说明", lambda r: _take(_PENALTY_NOTES, penalties.kind[r])),
        ]
        violation = penalties.kind >= _FAKE_SHIPPING
        for style, rows in ((_COMPENSATION_STYLE, np.flatnonzero(~violation)),
                            (_VIOLATIONS_STYLE, np.flatnonzero(violation))):
            self._write(style, [name for name, _ in columns], [b for _, b in columns], rows,
                        self.shop.calendar.end)


def _write_labels(shop: _Shop, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cause = np.where(shop.outcome == REFUSED, shop.fates.cause, -1)
    columns = [shop.texts.order_ids, _take(OUTCOMES, shop.outcome),
               _take(("", *CAUSE_CODES), cause + 1)]
    _write_csv(path, ["order_id", "outcome", "cause"], [columns], _LABELS_STYLE)
