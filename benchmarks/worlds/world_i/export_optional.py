"""The optional exports: after-sales cases, reviews, store scores and penalty bills."""

from datetime import date, datetime, timedelta
from pathlib import Path

from .export_orders import case_status
from .model import Order
from .shop import EXPORT_DAYS, FINAL_EXPORT_AT
from .store_scores import daily_scores
from .writers import write_csv, write_xlsx

AFTER_SALES_HEADER = ("售后编号", "订单号", "售后类型", "售后状态", "售后原因", "申请时间",
                      "退款金额(元)", "退货快递单号", "发货状态")
REVIEWS_HEADER = ("评价时间", "订单号", "商品id", "评分", "评价内容", "商家回复")
STORE_SCORES_HEADER = ("日期", "店铺评分", "描述相符", "物流服务", "服务态度")
PENALTIES_HEADER = ("订单号", "快递单号", "类型", "金额(元)", "时间", "说明")
AFTER_SALES_EXPORTS = (1, 3, 5, 7, 9, 11, 13, 15, 16)
AFTER_SALES_XLSX_EXPORT = 7
REVIEW_EXPORTS = (3, 7, 11, 15, 16)
SCORES_XLSX_EXPORT = 11
COMPENSATION_BILL_DAYS = (date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1))
VIOLATION_TYPES = frozenset({"虚假轨迹", "虚假发货", "虚假交易"})
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def export_moment(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=10)


def write_after_sales(orders: list[Order], folder: Path) -> list[str]:
    names = []
    for index in AFTER_SALES_EXPORTS:
        at = export_moment(EXPORT_DAYS[index])
        rows = []
        for order in orders:
            for case in order.after_sales:
                if not at - timedelta(days=45) <= case.applied_at <= at:
                    continue
                return_no = f"YT{case.case_id[-13:]}" if case.kind == "退货退款" else ""
                rows.append([f"\t{case.case_id}", f"\t{order.order_id}", case.kind,
                             case_status(case, at), case.reason,
                             case.applied_at.strftime(TIME_FORMAT),
                             f"{case.refund_cents / 100:.2f}",
                             return_no, "已发货" if case.shipped else "未发货"])
        rows.sort(key=lambda row: row[5], reverse=True)
        day = EXPORT_DAYS[index]
        if index == AFTER_SALES_XLSX_EXPORT:
            name = f"售后列表_{day:%Y%m%d}.xlsx"
            plain = [[str(cell).strip() for cell in row] for row in rows]
            write_xlsx(folder / name, AFTER_SALES_HEADER, plain, "售后单")
        else:
            name = f"售后列表_{day:%Y%m%d}.csv"
            encoding = "gb18030" if index % 4 == 1 else "utf-8-sig"
            write_csv(folder / name, AFTER_SALES_HEADER, rows, encoding)
        names.append(name)
    return names


def write_reviews(orders: list[Order], folder: Path) -> list[str]:
    names = []
    for index in REVIEW_EXPORTS:
        at = export_moment(EXPORT_DAYS[index])
        rows = [[review.at.strftime(TIME_FORMAT), f"\t{order.order_id}",
                 f"\t{review.product.product_id}", str(review.score), review.text, review.reply]
                for order in orders for review in order.reviews
                if at - timedelta(days=35) <= review.at <= at]
        rows.sort(key=lambda row: (row[0], row[1], row[2]), reverse=True)
        name = f"评价管理_{EXPORT_DAYS[index]:%Y%m%d}.csv"
        write_csv(folder / name, REVIEWS_HEADER, rows, "utf-8-sig")
        names.append(name)
    return names


def write_store_scores(orders: list[Order], folder: Path) -> list[str]:
    snapshots = daily_scores(orders)
    names = []
    for index in REVIEW_EXPORTS:
        export_day = EXPORT_DAYS[index]
        rows = [[f"{item.day:%Y-%m-%d}", f"{item.store:.2f}", f"{item.description:.2f}",
                 f"{item.logistics:.2f}", f"{item.service:.2f}"] for item in snapshots
                if export_day - timedelta(days=40) <= item.day < export_day]
        if index == SCORES_XLSX_EXPORT:
            name = f"店铺评分_{export_day:%Y%m%d}.xlsx"
            write_xlsx(folder / name, STORE_SCORES_HEADER, rows, "店铺评分")
        else:
            name = f"店铺评分_{export_day:%Y%m%d}.csv"
            write_csv(folder / name, STORE_SCORES_HEADER, rows, "utf-8")
        names.append(name)
    return names


def penalty_rows(orders: list[Order], start: datetime, end: datetime,
                 violations: bool) -> list[list[str]]:
    rows = []
    for order in orders:
        for penalty in order.penalties:
            if (penalty.kind in VIOLATION_TYPES) != violations or not start <= penalty.at < end:
                continue
            rows.append([f"\t{order.order_id}", f"\t{order.tracking_no}" if order.tracking_no
                         else "", penalty.kind, f"{penalty.amount_cents / 100:.2f}",
                         penalty.at.strftime(TIME_FORMAT), penalty.note])
    rows.sort(key=lambda row: (row[4], row[0]))
    return rows


def write_penalties(orders: list[Order], folder: Path) -> list[str]:
    names = []
    starts = [datetime(2026, 6, 1), *(export_moment(day) for day in COMPENSATION_BILL_DAYS)]
    ends = [*(export_moment(day) for day in COMPENSATION_BILL_DAYS), FINAL_EXPORT_AT]
    for start, end in zip(starts, ends, strict=True):
        name = f"消费者补偿明细_{start:%Y%m}.csv"
        write_csv(folder / name, PENALTIES_HEADER, penalty_rows(orders, start, end, False),
                  "gb18030")
        names.append(name)
    name = f"违规记录_{FINAL_EXPORT_AT:%Y%m%d}.xlsx"
    rows = [[cell.strip() for cell in row]
            for row in penalty_rows(orders, datetime(2026, 6, 1), FINAL_EXPORT_AT, True)]
    write_xlsx(folder / name, PENALTIES_HEADER, rows, "违规记录")
    names.append(name)
    return names


def write_optional_exports(orders: list[Order], folder: Path) -> list[str]:
    return [*write_after_sales(orders, folder), *write_reviews(orders, folder),
            *write_store_scores(orders, folder), *write_penalties(orders, folder)]
