"""What the merchant is handed: the weekly folder's files (refusals.csv and worklist.csv for other
tools, worklist.xlsx for the merchant) and the report's lists of loose ends.

The files are written from a small warehouse built through the real pipeline from hand-written
exports of 2026-W47: refusals on a known courier, one with the buyer's phone number in the
courier's refusal note, one with a product title that an .xlsx would run as a formula.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
from conftest import (
    AFTER_SALES_HEADER,
    KUAIDI100_HEADER,
    ORDER_HEADER,
    delivered_journey,
    order_row,
    refused_journey,
    write_export,
)

from pipelines import pipeline, warehouse
from pipelines.publish import outputs
from pipelines.report import data as report_data
from pipelines.report import tables
from pipelines.report.settings import load_settings

WEEK = "2026-W47"
FORMULA_TITLE = '=HYPERLINK("http://example.com","保温杯")'
PHONE = "13912345678"
REFUSED = {  # order id → (tracking number, paid, title, the courier's refusal note)
    "261116-800000000000001": ("73180000000001", "59.00", "雨伞", "客户拒收"),
    # the export's leading apostrophe keeps the "=" (conftest.CELL_CLEANING)
    "261116-800000000000002": ("73180000000002", "129.50", f"'{FORMULA_TITLE}", "客户拒收"),
    "261116-800000000000003": ("73180000000003", "5.00", "保温杯 小号",
                               f"收件人{PHONE}拒收，说不想要了"),
}

#: The columns other tools read, in the order they were published before courier_name was added.
REFUSALS_CSV_BEFORE = [
    "order_id", "cause", "confidence", "evidence", "cause_zh", "is_fallback", "refused_at",
    "refusal_week", "refusal_evidence_source", "first_attempt_at", "attempt_days", "tracking_no",
    "courier_code", "province", "product_id", "product_title", "goods_total_yuan",
    "buyer_paid_yuan", "rules_version", "inputs_present",
]
WORKLIST_CSV_BEFORE = [
    "order_id", "action", "action_zh", "buyer_paid_yuan", "cause", "cause_zh", "confidence",
    "evidence_to_gather", "evidence", "refused_at", "tracking_no", "courier_code", "product_id",
    "product_title", "rule", "fault", "refund_state", "next_step_zh", "contest_message_zh",
]
#: Words a column holding personal data would be named by, in either language.
PERSONAL_WORDS = ("buyer_name", "receiver", "phone", "mobile", "address", "id_card", "id_number",
                  "姓名", "收件人", "收货人", "电话", "手机", "地址", "身份证")
MAINLAND_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The week's three files, written as a run writes them."""
    exports = tmp_path_factory.mktemp("exports")
    orders, events = [], []
    for order_id, (tracking, paid, title, note) in REFUSED.items():
        orders.append(order_row(order_id, tracking, paid=paid, title=title))
        events.extend(refused_journey(tracking, reason_text=note))
    for index in range(10):
        tracking = f"7317{index:010d}"
        orders.append(order_row(f"261116-10000000000{index:04d}", tracking, status="已签收"))
        events.extend(delivered_journey(tracking))
    write_export(exports, "orders.csv", ORDER_HEADER, orders)
    write_export(exports, "kuaidi100.csv", KUAIDI100_HEADER, events)
    write_export(exports, "after_sales.csv", AFTER_SALES_HEADER, [
        ["AS1", "\t261116-800000000000001", "仅退款", "买家申请退款，待商家处理", "不想要了",
         "2026-11-17 17:00:00", "59.00"],
    ])
    published = tmp_path_factory.mktemp("week")
    with warehouse.connect(tmp_path_factory.mktemp("warehouse") / "refusals.duckdb") as con:
        pipeline.load_and_build(con, exports)
        outputs.write_refusals_csv(con, published / "refusals.csv", WEEK)
        report_data.write_worklist(con, WEEK, published / "worklist.csv")
        report_data.write_worklist_xlsx(con, WEEK, published / "worklist.xlsx")
    return published


def _csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def _header(path: Path) -> list[str]:
    return next(csv.reader(path.read_bytes().decode("utf-8-sig").splitlines()))


# --- the CSVs ------------------------------------------------------------------------------------


def test_the_csvs_keep_their_columns_and_gain_the_courier_name_last(folder: Path) -> None:
    assert _header(folder / "refusals.csv") == [*REFUSALS_CSV_BEFORE, "courier_name"]
    assert _header(folder / "worklist.csv") == [*WORKLIST_CSV_BEFORE, "courier_name"]
    for name in ("refusals.csv", "worklist.csv"):
        rows = _csv(folder / name)
        assert sorted(row["order_id"] for row in rows) == sorted(REFUSED), name
        assert {(row["courier_code"], row["courier_name"]) for row in rows} == {
            ("ZTO", "中通快递")}, name


# --- worklist.xlsx -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sheet(folder: Path):
    return openpyxl.load_workbook(folder / "worklist.xlsx").active


def test_the_workbook_is_the_worklist_under_chinese_headers(folder: Path, sheet) -> None:
    headers = [cell.value for cell in sheet[1]]
    assert headers == list(report_data.WORKLIST_COLUMNS.values())
    assert all(CJK.search(header) for header in headers)
    assert len(set(headers)) == len(headers)
    in_csv = _csv(folder / "worklist.csv")
    in_xlsx = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(in_xlsx) == len(in_csv) == len(REFUSED)
    # the same rows in the same order: the text of each cell as the CSV has it
    for csv_row, xlsx_row in zip(in_csv, in_xlsx, strict=True):
        by_column = dict(zip(report_data.WORKLIST_COLUMNS, xlsx_row, strict=True))
        assert by_column["order_id"] == csv_row["order_id"]
        assert by_column["tracking_no"] == csv_row["tracking_no"]
        assert by_column["courier_name"] == csv_row["courier_name"]
        assert by_column["next_step_zh"] == csv_row["next_step_zh"]


def test_amounts_and_times_are_numbers_and_ids_are_text(sheet) -> None:
    columns = list(report_data.WORKLIST_COLUMNS)
    rows = [dict(zip(columns, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)]
    paid = {row["order_id"]: row["buyer_paid_yuan"] for row in rows}
    assert paid == {order_id: float(paid) for order_id, (_, paid, _, _) in REFUSED.items()}
    assert all(isinstance(row["confidence"], float) and 0 <= row["confidence"] <= 1
               for row in rows)
    assert all(isinstance(row["refused_at"], dt.datetime) for row in rows)
    # long digit strings stay text, or Excel shows 7.318E+13 and drops the last digits
    assert all(isinstance(row["tracking_no"], str) and isinstance(row["order_id"], str)
               for row in rows)
    money = sheet.cell(row=2, column=columns.index("buyer_paid_yuan") + 1)
    assert money.data_type == "n" and money.number_format == "#,##0.00"


def test_text_that_looks_like_a_formula_stays_text(sheet) -> None:
    titles = [cell for (cell,) in sheet.iter_rows(
        min_row=2, min_col=list(report_data.WORKLIST_COLUMNS).index("product_title") + 1,
        max_col=list(report_data.WORKLIST_COLUMNS).index("product_title") + 1)]
    [formula_like] = [cell for cell in titles if cell.value == FORMULA_TITLE]
    assert formula_like.data_type == "s"


def test_text_an_xlsx_cannot_hold_or_would_misread_is_written_as_text(tmp_path: Path) -> None:
    path = tmp_path / "cells.xlsx"
    written = outputs.write_xlsx(path, {"note": "备注", "paid_yuan": "金额（元）"},
                                 [("响\x07铃", 1.5), ("#N/A", None)], sheet_title="表")
    cells = list(openpyxl.load_workbook(path).active.iter_rows(min_row=2))
    assert written == 2
    assert [(cell.value, cell.data_type) for cell, _ in cells] == [("响铃", "s"), ("#N/A", "s")]
    assert (cells[0][1].value, cells[1][1].value) == (1.5, None)


def test_a_column_is_as_wide_as_its_widest_text_shows(tmp_path: Path) -> None:
    """A Chinese character shows two wide: a shorter text of them can be the widest."""
    path = tmp_path / "widths.xlsx"
    outputs.write_xlsx(path, {"a": "甲", "b": "乙", "c": "丙"},
                       [("abcd", "abcdefg", None), ("中文字", "中文字", dt.datetime(2026, 11, 23))],
                       sheet_title="表")
    columns = openpyxl.load_workbook(path).active.column_dimensions
    widths = {letter: dimension.width for letter, dimension in columns.items()}
    assert widths == {"A": 6 + 2, "B": 7 + 2, "C": 19 + 2}


def test_the_header_row_is_bold_and_frozen_and_columns_fit(sheet) -> None:
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    order_id = widths["A"]  # 22 characters of id
    title = widths[openpyxl.utils.get_column_letter(
        list(report_data.WORKLIST_COLUMNS).index("product_title") + 1)]
    assert 22 < order_id < 30 and title >= len(FORMULA_TITLE)
    assert max(widths.values()) <= 52  # long evidence is cut off on screen, not in the cell


def test_the_files_are_written_whole_with_nothing_left_beside_them(folder: Path) -> None:
    assert sorted(path.name for path in folder.iterdir()) == [
        "refusals.csv", "worklist.csv", "worklist.xlsx"]


def test_no_file_holds_personal_data(folder: Path, sheet) -> None:
    headers = {
        "refusals.csv": _header(folder / "refusals.csv"),
        "worklist.csv": _header(folder / "worklist.csv"),
        "worklist.xlsx": [cell.value for cell in sheet[1]],
    }
    for name, columns in headers.items():
        assert not [column for column in columns
                    if any(word in column.lower() for word in PERSONAL_WORDS)], name
    texts = {
        "refusals.csv": (folder / "refusals.csv").read_text(encoding="utf-8-sig"),
        "worklist.csv": (folder / "worklist.csv").read_text(encoding="utf-8-sig"),
        "worklist.xlsx": "\n".join(str(value) for row in sheet.iter_rows(values_only=True)
                                   for value in row if value is not None),
    }
    for name, text in texts.items():
        assert not MAINLAND_MOBILE.search(text), name


# --- the report's loose ends ---------------------------------------------------------------------


def _loose_end(order_id: str, paid: float | None, *, overdue: bool = False,
               refund_open: bool = False, no_request: bool = False) -> dict:
    return {"order_id": order_id, "refused_at": pd.Timestamp("2026-11-17 10:00:00"),
            "days_out": 5, "courier_name": "中通快递", "tracking_no": f"T{order_id}",
            "product_title": "伞", "buyer_paid_yuan": paid, "after_sales_latest_status": None,
            "return_signed_at": pd.NaT, "refund_applied_at": pd.NaT, "auto_confirm_at": pd.NaT,
            "next_step": "contact_buyer", "next_step_zh": "联系买家",
            "is_overdue_return": overdue, "is_refund_open": refund_open,
            "has_no_refund_request": no_request}


def test_each_loose_end_list_is_titled_with_its_count_and_what_the_buyers_paid() -> None:
    settings = dataclasses.replace(load_settings(), top_rows=2, usual_return_days=7,
                                   refund_auto_agree_hours=48)
    frame = pd.DataFrame([
        _loose_end("a", 1000.00, overdue=True), _loose_end("b", 234.50, overdue=True),
        _loose_end("c", None, overdue=True),  # an unknown amount adds nothing
        _loose_end("d", 59.00, refund_open=True),
    ])
    lists = tables.loose_ends(SimpleNamespace(loose_ends=frame, settings=settings))
    titles = list(lists)
    assert len(lists) == 3
    assert titles[0].endswith("（共 3 单 orders，实付 ¥1,234 paid，显示前 2 单 first 2 shown）")
    assert "（共 1 单 orders，实付 ¥59 paid；" in titles[1] and "48 小时" in titles[1]
    assert titles[2].endswith("（共 0 单 orders，实付 ¥0 paid）")
    shown = lists[titles[0]]
    assert shown["订单号 order"].tolist() == ["a", "b"]
    assert {"下一步 next step", "退回签收 back with the merchant", "平台自动同意 auto-agreed at",
            "实付 paid (¥)"} <= set(shown.columns)
    assert all(CJK.search(label) and re.search("[a-z]", label) for label in shown.columns)
