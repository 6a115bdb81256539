"""The other downloads: after-sales (weekly), reviews (monthly), the store score (one daily file)
and the platform's bills (monthly compensation bills, one violation list).

- 售后列表: requests applied for in the 14 days before each Monday, in the state of that moment;
  GB18030 until January, then UTF-8 with BOM, full-width brackets and a product-name column,
  order ids tab-prefixed.
- 评价管理: one file per month of review time, UTF-8 with BOM.
- 店铺评分: 1 Dec – 15 Mar, UTF-8.
- 消费者补偿明细: one GB18030 file per month (the February one with a mixed bracket, 金额（元));
  违规记录: one XLSX of every record up to 16 Mar.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from .. import season
from ..model import AfterSale, Penalty, Review, StoreScore
from ..penalties import COMPENSATION, VIOLATION
from . import cells
from .files import write_csv, write_xlsx

AFTER_SALES_WINDOW = timedelta(days=14)
#: month of review time -> download moment
REVIEW_MONTHS = ((2025, 12, datetime(2026, 1, 5, 9, 30)), (2026, 1, datetime(2026, 2, 2, 9, 30)),
                 (2026, 2, datetime(2026, 3, 2, 9, 30)), (2026, 3, season.TRUTH_AT))


def write_after_sales(folder: Path, records: list[AfterSale]) -> list[Path]:
    written = []
    for moment in season.EXPORT_MONDAYS:
        modern = moment >= datetime(2026, 2, 1)
        header = ["售后编号", "订单号", "售后类型", "售后状态", "售后原因", "申请时间",
                  "退款金额（元）" if modern else "退款金额(元)", "退货快递单号", "发货状态"]
        if modern:
            header.insert(2, "商品名称")
        rows = []
        for record in sorted(records, key=lambda r: (r.applied_at, r.number)):
            if not moment - AFTER_SALES_WINDOW <= record.applied_at <= moment:
                continue
            order_id = cells.tab(record.order.order_id) if modern else record.order.order_id
            row = [record.number, order_id, record.kind, record.state_at(moment) or "",
                   record.reason, cells.when(record.applied_at), cells.yuan(record.amount_cents),
                   record.return_no, "已发货" if record.shipped else "未发货"]
            if modern:
                row.insert(2, record.order.lines[0].sku.product.title)
            rows.append(row)
        path = folder / f"售后列表_{moment:%Y%m%d}.csv"
        write_csv(path, header, rows, "utf-8-sig" if modern else "gb18030")
        written.append(path)
    return written


def write_reviews(folder: Path, reviews: list[Review]) -> list[Path]:
    written = []
    for year, month, moment in REVIEW_MONTHS:
        rows = [[cells.when(r.at), r.order.order_id, r.product.goods_id, r.product.title,
                 str(r.score), r.text, r.reply]
                for r in reviews if (r.at.year, r.at.month) == (year, month) and r.at <= moment]
        path = folder / f"评价管理_导出_{year}{month:02d}.csv"
        header = ["评价时间", "订单号", "商品id", "商品名称", "评分", "评价内容", "商家回复"]
        write_csv(path, header, rows, "utf-8-sig")
        written.append(path)
    return written


def write_store_scores(folder: Path, scores: list[StoreScore]) -> list[Path]:
    path = folder / "店铺评分_日报_20251201-20260315.csv"
    write_csv(path, ["日期", "店铺评分", "描述相符", "物流服务", "服务态度"],
              [[f"{s.day:%Y-%m-%d}", f"{s.overall:.2f}", f"{s.description:.2f}",
                f"{s.logistics:.2f}", f"{s.service:.2f}"] for s in scores], "utf-8")
    return [path]


def _bill_row(bill: Penalty) -> list[str]:
    return [bill.order.order_id, bill.tracking_no, bill.kind, cells.yuan(bill.amount_cents),
            cells.when(bill.at), bill.note]


def write_penalties(folder: Path, bills: list[Penalty]) -> list[Path]:
    written = []
    for year, month in ((2025, 12), (2026, 1), (2026, 2), (2026, 3)):
        money = "金额（元)" if month == 2 else "金额(元)"
        rows = [_bill_row(b) for b in bills
                if b.kind in COMPENSATION and (b.at.year, b.at.month) == (year, month)]
        path = folder / f"消费者补偿明细_{year}{month:02d}.csv"
        write_csv(path, ["订单号", "快递单号", "类型", money, "时间", "说明"], rows, "gb18030")
        written.append(path)
    path = folder / f"违规记录_{season.TRUTH_AT:%Y%m%d}.xlsx"
    write_xlsx(path, ["订单号", "快递单号", "类型", "金额(元)", "时间", "说明"],
               [_bill_row(b) for b in bills if b.kind in VIOLATION], "违规记录")
    written.append(path)
    return written
