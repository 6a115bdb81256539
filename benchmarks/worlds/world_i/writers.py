"""File writers: CSV in the encodings Chinese Excel produces, and reproducible .xlsx files."""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

Cell = str | int | float
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_XML_TIME = "2026-01-01T00:00:00Z"
XML_TIMESTAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]],
              encoding: str, line_end: str = "\r\n") -> None:
    """Write a CSV; `encoding` is utf-8, utf-8-sig or gb18030 (Excel's 'Save as CSV')."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator=line_end)
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]],
               sheet_title: str) -> None:
    """Write an .xlsx whose bytes depend only on its content (fixed zip and document times)."""
    workbook = Workbook(write_only=True)
    workbook.properties.created = datetime(2026, 1, 1)
    workbook.properties.modified = datetime(2026, 1, 1)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(rezip(buffer.getvalue()))


def rezip(data: bytes) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
            output, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "docProps/core.xml":
                content = XML_TIMESTAMP.sub(rb"\g<1>" + FIXED_XML_TIME.encode() + rb"\g<2>",
                                            content)
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return output.getvalue()
