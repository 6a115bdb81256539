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
    product title is never run as a formula). The header row is bold and frozen.

    Written row by row (openpyxl's write-only workbook, each column's width worked out first):
    a workbook kept whole in memory, its cells visited again to type and measure them, took 4.4 s
    for a 200,000-a-week shop's 11,867 refusals."""
    # imported here: openpyxl takes ~0.2 s to import, and only a weekly run writes a workbook
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # control characters .xlsx cannot hold
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    values = [[ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
               for value in row] for row in rows]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for index, header in enumerate(columns.values()):
        width = _column_width([header, *(row[index] for row in values)])
        sheet.column_dimensions[get_column_letter(index + 1)].width = (
            min(width, _MAX_COLUMN_WIDTH) + 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(values) + 1}"
    cells = _Cells(sheet)
    bold = Font(bold=True)
    sheet.append([cells.styled(header, font=bold) for header in columns.values()])
    money = [name.endswith("_yuan") for name in columns]
    for row in values:
        sheet.append([cells.of(value, is_money)
                      for value, is_money in zip(row, money, strict=True)])
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        staged = Path(scratch) / path.name
        workbook.save(staged)
        os.replace(staged, path)
    return len(values)


class _Cells:
    """What a write-only sheet takes for each value: the value itself, or a cell where it needs a
    type or a style of its own (openpyxl's classes looked up once, not for each of the sheet's
    cells)."""

    def __init__(self, sheet: object) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ERROR_CODES

        self._sheet = sheet
        self._cell = WriteOnlyCell
        self._misread = frozenset(ERROR_CODES)

    def of(self, value: object, is_money: bool) -> object:
        if isinstance(value, str):
            # openpyxl makes "=…" a formula and "#N/A" an error; other text it keeps as text
            return (self.styled(value) if value.startswith("=") or value in self._misread
                    else value)
        if is_money and value is not None:
            return self.styled(value, number_format="#,##0.00")
        return value

    def styled(self, value: object, **style: object) -> object:
        """A cell of its own; text as text."""
        cell = self._cell(self._sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell


def _column_width(values: Iterable[object]) -> int:
    """The widest of ``values`` as shown (:func:`_display_width`): each distinct text measured,
    longest first, until none left can be wider (a character shows at most two wide)."""
    widest = 0
    texts = {_shown(value) for value in values if value is not None}
    for text in sorted(texts, key=len, reverse=True):
        if 2 * len(text) <= widest:
            break
        widest = max(widest, _display_width(text))
    return widest


def _shown(value: object) -> str:
    """A value as a spreadsheet shows it, for its width."""
    return value.strftime("%Y-%m-%d %H:%M:%S") if hasattr(value, "strftime") else str(value)


def _display_width(text: str) -> int:
    """How wide a text shows, counting a Chinese character as two Latin ones."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
