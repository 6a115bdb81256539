"""Files other tools rely on (../shared/contract/OUTPUTS.md): written atomically, CSV as UTF-8
with BOM so that Excel shows the Chinese text, and .xlsx for the merchant (typed cells, Chinese
headers)."""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import duckdb

#: The attribution file's columns, contract columns first.
REFUSAL_COLUMNS = (
    "order_id",
    "cause",
    "confidence",
    "evidence",
    "cause_zh",
    "is_fallback",
    "refused_at",
    "refusal_week",
    "refusal_evidence_source",
    "first_attempt_at",
    "attempt_days",
    "tracking_no",
    "courier_code",
    "province",
    "product_id",
    "product_title",
    "goods_total_yuan",
    "buyer_paid_yuan",
    "rules_version",
    "inputs_present",
    "courier_name",
)


#: A courier's name as the report shows it (``marts.dim_couriers`` joined as ``couriers``); a code
#: the seed does not know reads as itself, as in ``marts.fct_loose_ends``.
COURIER_NAME_SQL = "coalesce(couriers.courier_name, {table}.courier_code) as courier_name"


def write_csv(
    con: duckdb.DuckDBPyConnection, query: str, path: Path, params: list | None = None
) -> int:
    """Write a query's rows to ``path`` (UTF-8 with BOM, RFC 4180); returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        body = Path(scratch) / "body.csv"
        target_sql = str(body).replace("'", "''")
        copied = con.execute(
            f"copy ({query}) to '{target_sql}' (header, delimiter ',', quote '\"')", params
        ).fetchall()[0][0]
        staged = Path(scratch) / "with_bom.csv"
        with staged.open("wb") as target, body.open("rb") as source:
            target.write(codecs.BOM_UTF8)
            shutil.copyfileobj(source, target)
        os.replace(staged, path)
    return copied


def write_refusals_csv(con: duckdb.DuckDBPyConnection, path: Path, week: str | None = None) -> int:
    """``refusals.csv``: one row per refused order (of ``week`` when given)."""
    joined = {
        "cause_zh": "causes.label_zh as cause_zh",
        "courier_name": COURIER_NAME_SQL.format(table="refusals"),
    }
    columns = ", ".join(joined.get(column, f"refusals.{column}") for column in REFUSAL_COLUMNS)
    query = (
        f"select {columns} from marts.fct_refusals as refusals "
        "inner join seeds.causes as causes on refusals.cause = causes.cause "
        "left join marts.dim_couriers as couriers on refusals.courier_code = couriers.courier_code "
        + ("where refusals.refusal_week = ? " if week else "")
        + "order by refusals.order_id"
    )
    return write_csv(con, query, path, [week] if week else None)


#: The widest a column is made, in characters of Latin width: longer text (evidence, messages) is
#: cut off on screen, not in the cell.
_MAX_COLUMN_WIDTH = 50


def write_xlsx(path: Path, columns: Mapping[str, str], rows: Iterable[Sequence[object]],
               sheet_title: str) -> int:
    """Write rows (values in the order of ``columns``: English name → header) to one .xlsx sheet
    under the headers; returns the row count. Numbers and times stay numbers and times, money (a
    ``…_yuan`` column) shows two decimals, and text stays text even when it starts with ``=`` (a
    product title is never run as a formula). The header row is bold and frozen."""
    # imported here: openpyxl takes ~0.2 s to import, and only a weekly run writes a workbook
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # control characters .xlsx cannot hold
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    values = [[ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
               for value in row] for row in rows]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append(list(columns.values()))
    for row in values:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, name in enumerate(columns, start=1):
        cells = [cell for (cell,) in sheet.iter_rows(min_col=index, max_col=index)]
        for cell in cells[1:]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would make "=…" a formula and "#N/A" an error
            elif name.endswith("_yuan"):
                cell.number_format = "#,##0.00"
        width = max(_display_width(cell.value) for cell in cells)
        sheet.column_dimensions[get_column_letter(index)].width = min(width, _MAX_COLUMN_WIDTH) + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        staged = Path(scratch) / path.name
        workbook.save(staged)
        os.replace(staged, path)
    return len(values)


def _display_width(value: object) -> int:
    """How wide a value shows, counting a Chinese character as two Latin ones."""
    if value is None:
        return 0
    text = value.strftime("%Y-%m-%d %H:%M:%S") if hasattr(value, "strftime") else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
