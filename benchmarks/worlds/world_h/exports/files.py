"""Writing one export file: CSV in a given encoding (with CRLF line ends, as Windows tools write
them) or XLSX, byte-identical for the same content (no wall-clock time in the file)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook

#: the moment stamped into every XLSX (its document properties and zip entries)
_FIXED_STAMP = "2026-03-16T09:30:00Z"
_ZIP_TIME = (2026, 3, 16, 9, 30, 0)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]],
              encoding: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]],
               sheet: str) -> None:
    book = Workbook()
    page = book.active
    page.title = sheet
    page.append(list(header))
    for row in rows:
        page.append(list(row))
    raw = io.BytesIO()
    book.save(raw)
    path.write_bytes(_freeze(raw.getvalue()))


def _freeze(xlsx: bytes) -> bytes:
    """Rewrite the archive with fixed timestamps: openpyxl stamps the save time into
    docProps/core.xml and zipfile stamps each entry with the clock."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>" + _FIXED_STAMP.encode(), data)
            entry = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()
