"""How values and files are written: Arrow string kernels (timestamps, money, ids, templates), the
quirks of one exported file (`_Style`), and streaming CSV and XLSX writers.
"""

from __future__ import annotations

import string
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample.world import _EPOCH, DAY, HOUR, _Calendar

CHUNK_ROWS = 200_000

_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # fixed, so .xlsx files are byte-identical across runs


class _Clock:
    """Formats China-time epoch seconds through lookup tables: far faster than strftime."""

    def __init__(self, calendar: _Calendar) -> None:
        self.origin = calendar.first_day - 7 * DAY
        days = [_EPOCH + timedelta(days=self.origin // DAY + k)
                for k in range((calendar.end - self.origin) // DAY + 60)]
        self.dates = pa.array([d.isoformat() for d in days])
        self.slash_dates = pa.array([d.strftime("%Y/%m/%d") for d in days])
        self.id_prefixes = pa.array([d.strftime("%y%m%d-") for d in days])
        self.seconds = pa.array([f"{s // HOUR:02d}:{s // 60 % 60:02d}:{s % 60:02d}"
                                 for s in range(DAY)])
        self.minutes = pa.array([f"{m // 60:02d}:{m % 60:02d}" for m in range(DAY // 60)])
        self.limit = self.origin + len(days) * DAY

    def timestamps(self, at: np.ndarray, slash: bool = False,
                   before: int | None = None) -> pa.Array:
        """`YYYY-MM-DD HH:MM:SS` (or `YYYY/MM/DD HH:MM`); empty when unknown or not yet due."""
        valid = (at >= self.origin) & (at < (self.limit if before is None else before))
        since = np.where(valid, at - self.origin, 0)
        day = _take(self.slash_dates if slash else self.dates, since // DAY, ~valid)
        clock = _take(self.minutes, since % DAY // 60) if slash else _take(self.seconds,
                                                                           since % DAY)
        return pc.binary_join_element_wise(day, clock, " ")

    def day(self, at: np.ndarray) -> pa.Array:
        return _take(self.dates, (at - self.origin) // DAY)


def _take(vocabulary: pa.Array | Sequence[str], index: np.ndarray,
          missing: np.ndarray | None = None) -> pa.Array:
    if not isinstance(vocabulary, pa.Array):
        vocabulary = pa.array(vocabulary, pa.string())
    return pc.take(vocabulary, pa.array(np.asarray(index, np.int64), mask=missing))


def _repeat(value: str, n: int) -> pa.Array:
    return _take([value], np.zeros(n, np.int64))


def _digits(values: np.ndarray, width: int = 0) -> pa.Array:
    text = pc.cast(pa.array(np.asarray(values, np.int64)), pa.string())
    return pc.utf8_lpad(text, width, "0") if width else text


_FEN = pa.array([f"{c:02d}" for c in range(100)])


def _yuan(fen: np.ndarray, yen_above: int | None = None) -> pa.Array:
    """Money as `123.45`; with `yen_above`, larger amounts read `¥1,299.00` as some exports do."""
    fen = np.asarray(fen, np.int64)
    text = pc.binary_join_element_wise(_digits(fen // 100), _take(_FEN, fen % 100), ".")
    if yen_above is None:
        return text
    large = np.flatnonzero(fen >= yen_above)
    return _patch(text, large, [f"¥{value // 100:,}.{value % 100:02d}" for value in
                                fen[large].tolist()])


def _patch(array: pa.Array, rows: np.ndarray, values: list[str]) -> pa.Array:
    """Replace a few cells (Excel damage, yen amounts) without leaving Arrow."""
    if not len(rows):
        return array
    replacement = np.empty(len(array), object)
    replacement[rows] = values
    mask = np.zeros(len(array), bool)
    mask[rows] = True
    return pc.if_else(pa.array(mask), pa.array(replacement, pa.string()), array)


def _render(template: str, fields: dict[str, Callable[[np.ndarray], pa.Array]],
            rows: np.ndarray) -> pa.Array:
    parts: list[str | pa.Array] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            parts.append(literal)
        if name:
            parts.append(fields[name](rows))
    return pc.binary_join_element_wise(*parts, "")


@dataclass(frozen=True)
class _Style:
    """How one exported file is written: the quirks real exports carry."""

    fmt: str = "csv"  # csv or xlsx
    encoding: str = "utf-8"  # utf-8, utf-8-sig or gb18030
    newline: str = "\n"
    ids: str = "plain"  # tab: "\t…"; formula: order ids ="…", other ids '…; plain
    brackets: str = "half"  # header brackets: half, full, or mixed （…)
    stray_header: tuple[str, str] = ("", "")  # (header, the same header with a stray space/tab)
    slash_times: bool = False
    status_comma: str = "，"
    yen_money: bool = False
    excel_damage: bool = False  # re-saved by Excel: long ids lost digits or gained ".0"
    quote_all: bool = False
    courier_codes: bool = False  # Kuaidi100 codes instead of display names
    optional_columns: bool = True

    @property
    def extension(self) -> str:
        return ".xlsx" if self.fmt == "xlsx" else ".csv"

    def headers(self, names: Sequence[str]) -> list[str]:
        brackets = {"half": {}, "full": {"(": "（", ")": "）"}, "mixed": {"(": "（"}}
        table = str.maketrans(brackets[self.brackets])
        plain, stray = self.stray_header
        return [stray if name == plain else name.translate(table) for name in names]

    def id_cells(self, ids: pa.Array, is_order_id: bool = False) -> pa.Array:
        if self.ids == "tab":
            return pc.binary_join_element_wise("\t", ids, "")
        if self.ids == "formula":
            return pc.binary_join_element_wise('="', ids, '"', "") if is_order_id \
                else pc.binary_join_element_wise("'", ids, "")
        return ids


_CSV_SPECIAL = np.zeros(256, bool)
_CSV_SPECIAL[[ord(c) for c in ',"\r\n\t']] = True
_BOM = "\ufeff".encode()


def _csv_cells(column: pa.Array, quote_all: bool) -> pa.Array:
    """Quote a cell only when it needs it (or always, for files written that way)."""
    column = pc.fill_null(column, "")
    if not quote_all:
        data = column.buffers()[2]
        if data is None or not _CSV_SPECIAL[np.frombuffer(data, np.uint8)].any():
            return column
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(column, '"', '""'), '"', "")
    if quote_all:
        return quoted
    return pc.if_else(pc.match_substring_regex(column, '[",\r\n\t]'), quoted, column)


def _csv_block(columns: Sequence[pa.Array], style: _Style) -> bytes:
    cells = [_csv_cells(column, style.quote_all) for column in columns]
    lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*cells, ","), style.newline,
                                        "")
    block = _string_bytes(lines)
    return block.decode("utf-8").encode("gb18030") if style.encoding == "gb18030" else block


def _string_bytes(strings: pa.Array) -> bytes:
    """All values of a string array back to back: its data buffer, without a copy per value."""
    offsets = np.frombuffer(strings.buffers()[1], np.int32)[
        strings.offset:strings.offset + len(strings) + 1]
    return memoryview(strings.buffers()[2])[offsets[0]:offsets[-1]].tobytes()


def _write_csv(path: Path, header: Sequence[str], chunks: Iterable[list[pa.Array]],
               style: _Style) -> None:
    with path.open("wb") as out:
        if style.encoding == "utf-8-sig":
            out.write(_BOM)
        out.write(_csv_block([pa.array([name]) for name in header], style))
        for columns in chunks:
            out.write(_csv_block(columns, style))


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (  # the least Excel itself writes: one font, two fills, the Normal style
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="1">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>'),
}
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_START = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                "<sheetData>")
_SHEET_END = "</sheetData></worksheet>"


def _write_xlsx(path: Path, header: Sequence[str], chunks: Iterable[list[pa.Array]],
                style: _Style) -> None:
    """A minimal SpreadsheetML package: one sheet, every cell an inline text cell, the way the
    merchant backend exports look to a reader. Written here rather than through a library so it
    needs no extra dependency, streams rows in Arrow-built blocks, and carries no timestamps."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in _XLSX_PARTS.items():
            package.writestr(_zip_entry(name), _XML_DECLARATION + xml)
        letters = [_column_letters(k) for k in range(len(header))]
        with package.open(_zip_entry("xl/worksheets/sheet1.xml"), "w") as sheet:
            sheet.write((_XML_DECLARATION + _SHEET_START).encode())
            first_row = 1
            for columns in (([pa.array([name]) for name in header],), chunks):
                for block in columns:
                    sheet.write(_xlsx_rows(block, letters, first_row))
                    first_row += len(block[0])
            sheet.write(_SHEET_END.encode())


def _zip_entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=_ZIP_TIMESTAMP)
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _xlsx_rows(columns: Sequence[pa.Array], letters: Sequence[str], first_row: int) -> bytes:
    row_numbers = _digits(np.arange(first_row, first_row + len(columns[0])))
    cells = [_xlsx_cells(column, letter, row_numbers) for column, letter in zip(
        columns, letters, strict=True)]
    rows = pc.binary_join_element_wise('<row r="', row_numbers, '">', *cells, "</row>", "")
    return _string_bytes(rows)


def _xlsx_cells(column: pa.Array, letter: str, row_numbers: pa.Array) -> pa.Array:
    text = pc.fill_null(column, "")
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = pc.replace_substring(text, raw, escaped)
    cell = pc.binary_join_element_wise(
        f'<c r="{letter}', row_numbers, '" t="inlineStr"><is><t xml:space="preserve">', text,
        "</t></is></c>", "")
    return pc.if_else(pc.equal(text, ""), "", cell)


def _chunks(rows: np.ndarray) -> Iterable[np.ndarray]:
    return (rows[start:start + CHUNK_ROWS] for start in range(0, len(rows), CHUNK_ROWS))
