"""Export files read and written back as files: the header row kept as it was, the kind found by
the pipeline's own header matching (`pipelines.ingest.exports.match_header`), and each file
written back in its own layout — CSV in its encoding (UTF-8, UTF-8 with BOM, GB18030), line
ending and quoting; `.xlsx` as one sheet of text cells.

Only what a scenario changes is rewritten: a table whose rows did not change is never written,
so an untouched file stays byte-identical.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.ingest.exports import match_header

TRACKING_KINDS = frozenset({"logistics_kuaidi100", "logistics_kdniao"})

_NEEDS_QUOTES = re.compile(r'[,"\r\n\t]')
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # fixed, so a rewritten .xlsx is the same bytes every run
_CORE_TIMES = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


@dataclass(frozen=True)
class Layout:
    """How one file is written, as found when it was read."""

    fmt: str  # csv or xlsx
    encoding: str = "utf-8"  # utf-8, utf-8-sig or gb18030 (csv only)
    newline: str = "\n"
    quote_all: bool = False


@dataclass(eq=False)
class ExportTable:
    """One export file: its kind, its header as written, its rows as text."""

    path: Path
    kind: str
    layout: Layout
    header: list[str]
    rows: list[list[str]]
    positions: dict[str, int]  # warehouse column name -> position in the row
    changed: bool = field(default=False)

    def has(self, column: str) -> bool:
        return column in self.positions

    def get(self, row: list[str], column: str) -> str:
        position = self.positions.get(column)
        return row[position] if position is not None and position < len(row) else ""

    def set(self, row: list[str], column: str, value: str) -> None:
        position = self.positions[column]
        if row[position] != value:
            row[position] = value
            self.changed = True

    def keep_rows(self, keep: list[bool]) -> None:
        if not all(keep):
            self.rows = [row for row, kept in zip(self.rows, keep, strict=True) if kept]
            self.changed = True


def clean_id(cell: str) -> str | None:
    """An id as the contract says to read it (tab, ``'``, ``=`` and ``="…"`` stripped, a
    trailing ``.0`` undone); ``None`` when Excel turned it into E-notation (digits lost)."""
    value = cell.strip().strip("\t")
    if value.startswith('="') and value.endswith('"') and len(value) >= 3:
        value = value[2:-1]
    elif value[:1] in ("'", "="):
        value = value[1:]
    value = value.strip()
    if re.fullmatch(r"\d+\.0", value):
        value = value[:-2]
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", value, re.IGNORECASE):
        return None
    return value or None


def read_folder(folder: Path) -> list[ExportTable]:
    """Every export at the top of ``folder``. The labels sub-folder is not an export, and neither
    is a file whose header matches no export kind (a stock list a merchant dropped in too): it is
    left as it is, as the pipeline skips it."""
    paths = sorted(p for p in folder.iterdir()
                   if p.is_file() and p.suffix.lower() in (".csv", ".xlsx"))
    tables = (_export_table(path) for path in paths)
    return [table for table in tables if table is not None]


def read_table(path: Path) -> ExportTable:
    table = _export_table(path)
    if table is None:
        raise ValueError(f"{path}: the header row matches no export kind")
    return table


def _export_table(path: Path) -> ExportTable | None:
    if path.suffix.lower() == ".xlsx":
        header, rows = _read_xlsx(path)
        layout = Layout("xlsx")
    else:
        header, rows, layout = _read_csv(path)
    match = match_header(header)
    if match is None:
        return None
    width = len(header)
    rows = [row + [""] * (width - len(row)) for row in rows]
    return ExportTable(path, match.kind.name, layout, header, rows, dict(match.positions))


def write_table(table: ExportTable) -> None:
    if table.layout.fmt == "xlsx":
        _write_xlsx(table.path, table.header, table.rows)
    else:
        _write_csv(table.path, table.header, table.rows, table.layout)
    table.changed = False


def _read_csv(path: Path) -> tuple[list[str], list[list[str]], Layout]:
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        encoding, text = "utf-8-sig", raw[len(codecs.BOM_UTF8):].decode("utf-8")
    else:
        try:
            encoding, text = "utf-8", raw.decode("utf-8")
        except UnicodeDecodeError:
            encoding, text = "gb18030", raw.decode("gb18030")
    first_line_end = text.find("\n")
    newline = "\r\n" if first_line_end > 0 and text[first_line_end - 1] == "\r" else "\n"
    records = list(csv.reader(io.StringIO(text, newline="")))
    first_line = text[:first_line_end].rstrip("\r") if first_line_end >= 0 else text
    quote_all = first_line.startswith('"') and first_line.endswith('"') and \
        first_line.count('","') == len(records[0]) - 1
    return records[0], records[1:], Layout("csv", encoding, newline, quote_all)


def _csv_cell(value: str, quote_all: bool) -> str:
    if quote_all or _NEEDS_QUOTES.search(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def _write_csv(path: Path, header: list[str], rows: list[list[str]], layout: Layout) -> None:
    lines = (",".join(_csv_cell(cell, layout.quote_all) for cell in row) + layout.newline
             for row in [header, *rows])
    text = "".join(lines)
    data = text.encode("gb18030" if layout.encoding == "gb18030" else "utf-8")
    path.write_bytes((codecs.BOM_UTF8 if layout.encoding == "utf-8-sig" else b"") + data)


def _read_xlsx(path: Path) -> tuple[list[str], list[list[str]]]:
    from python_calamine import CalamineWorkbook

    values = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    text = [["" if value is None else str(value) for value in row] for row in values]
    return text[0], text[1:]


def _write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """One sheet of text cells through openpyxl; empty cells are left out, as the exports do.
    openpyxl stamps the time of writing into the package: the stamps are fixed afterwards."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    for row in [header, *rows]:
        sheet.append([cell if cell != "" else None for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w",
                                                             zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(r"\g<1>2000-01-01T00:00:00Z\g<3>", data.decode()).encode()
            fixed = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIMESTAMP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)
