"""Writers for the two file formats a merchant's exports come in, byte-for-byte reproducible.

The xlsx writer is a small hand-rolled one (shared strings, one sheet) rather than openpyxl: it
is several times faster on the tracking exports and every byte of it is under our control, so
the zip entries carry one fixed timestamp and the document properties a fixed date.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

Cell = str | int | float


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    encoding: str,
    quote_all: bool = False,
    newline: str = "\r\n",
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator=newline
    )
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    path.write_bytes(buffer.getvalue().encode(encoding))


_FIXED_TIME = (2026, 1, 19, 9, 0, 0)
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_OOXML = "http://schemas.openxmlformats.org"
_PKG_RELS = f"{_OOXML}/package/2006/relationships"
_DOC_RELS = f"{_OOXML}/officeDocument/2006/relationships"
_MAIN = f"{_OOXML}/spreadsheetml/2006/main"
_OFFICE = "application/vnd.openxmlformats-officedocument"


def _override(part: str, kind: str) -> str:
    return f'<Override PartName="{part}" ContentType="{kind}"/>'


def _relation(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'


_CONTENT_TYPES = (
    _DECL
    + f'<Types xmlns="{_OOXML}/package/2006/content-types">'
    + '<Default Extension="rels" '
    + 'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + _override("/xl/workbook.xml", f"{_OFFICE}.spreadsheetml.sheet.main+xml")
    + _override("/xl/worksheets/sheet1.xml", f"{_OFFICE}.spreadsheetml.worksheet+xml")
    + _override("/xl/styles.xml", f"{_OFFICE}.spreadsheetml.styles+xml")
    + _override("/xl/sharedStrings.xml", f"{_OFFICE}.spreadsheetml.sharedStrings+xml")
    + _override("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")
    + _override("/docProps/app.xml", f"{_OFFICE}.extended-properties+xml")
    + "</Types>"
)
_ROOT_RELS = (
    _DECL
    + f'<Relationships xmlns="{_PKG_RELS}">'
    + _relation("rId1", f"{_DOC_RELS}/officeDocument", "xl/workbook.xml")
    + _relation("rId2", f"{_PKG_RELS}/metadata/core-properties", "docProps/core.xml")
    + _relation("rId3", f"{_DOC_RELS}/extended-properties", "docProps/app.xml")
    + "</Relationships>"
)
_WORKBOOK_RELS = (
    _DECL
    + f'<Relationships xmlns="{_PKG_RELS}">'
    + _relation("rId1", f"{_DOC_RELS}/worksheet", "worksheets/sheet1.xml")
    + _relation("rId2", f"{_DOC_RELS}/styles", "styles.xml")
    + _relation("rId3", f"{_DOC_RELS}/sharedStrings", "sharedStrings.xml")
    + "</Relationships>"
)
_CORE = (
    _DECL
    + f'<cp:coreProperties xmlns:cp="{_OOXML}/package/2006/metadata/core-properties" '
    + 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    + 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>export</dc:creator>'
    + '<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
    + '<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
)
_APP = (
    _DECL
    + f'<Properties xmlns="{_OOXML}/officeDocument/2006/extended-properties">'
    + "<Application>Microsoft Excel</Application></Properties>"
)
_WORKBOOK = (
    _DECL
    + f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
    + '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_STYLES = (
    _DECL
    + f'<styleSheet xmlns="{_MAIN}">'
    + '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
    + '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    + '<borders count="1"><border/></borders>'
    + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    + '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    + "</styleSheet>"
)


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_xlsx(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]], sheet: str, stamp: str
) -> None:
    strings: dict[str, int] = {}
    columns = [_column(i) for i in range(len(header))]
    body = []
    for r, row in enumerate([list(header), *rows], start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{columns[c]}{r}"
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value != "":
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet_xml = (
        _DECL
        + f'<worksheet xmlns="{_MAIN}"><sheetData>'
        + "".join(body)
        + "</sheetData></worksheet>"
    )
    shared = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings)
    count = len(strings)
    shared_xml = (
        _DECL + f'<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">{shared}</sst>'
    )
    parts = [
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _ROOT_RELS),
        ("docProps/core.xml", _CORE.format(stamp=stamp)),
        ("docProps/app.xml", _APP),
        ("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet))),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ("xl/styles.xml", _STYLES),
        ("xl/sharedStrings.xml", shared_xml),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, text.encode("utf-8"))
