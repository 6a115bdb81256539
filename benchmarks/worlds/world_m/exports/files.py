"""Writing one export file: CSV in a given encoding and quoting, or .xlsx."""

import csv
import io
from pathlib import Path

from .. import clock
from ..clock import DAY, HOUR
from . import xlsx


def write_csv(path: Path, header: list[str], rows, encoding: str, quote_all: bool) -> None:
    """encoding: utf-8-sig (platform downloads), utf-8 (scripts), gbk (Excel "Save as CSV")."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    # Excel's GBK "Save as CSV" turns emoji and rare characters into "?"
    errors = "replace" if encoding == "gbk" else "strict"
    path.write_bytes(text.encode(encoding, errors=errors))


def write_xlsx(path: Path, header: list[str], rows, stamp, extra_sheets=()) -> None:
    sheets = [("Sheet1", [header, *rows]), *extra_sheets]
    xlsx.write(path, sheets, stamp)


def zip_stamp(sec: int) -> tuple[int, int, int, int, int, int]:
    """The zip entries' modification time: the export's own time, so reruns are byte-identical."""
    d = clock.day_date(sec // DAY)
    rest = sec % DAY
    return (d.year, d.month, d.day, rest // HOUR, rest % HOUR // 60, rest % 60 // 2 * 2)
