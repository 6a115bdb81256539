"""CSV as Chinese exports write it: GB18030 or UTF-8 with BOM, CRLF, optionally all quoted."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], *, encoding: str, quote_all: bool = False
) -> None:
    buffer = io.StringIO(newline="")
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, quoting=quoting, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
