"""Writing one export file the way real downloads look: format, encoding, header and cell quirks.

Per file (not per cell, as an exporter behaves): CSV 75-80% / XLSX (text cells); UTF-8 with BOM
40%, plain UTF-8 25%, GB18030 35%; ids tab-prefixed 25%, as ="…" 8%, with a leading ' 4%;
money with ¥ 12% and thousands separators 25%; full-width brackets in headers 35% (one-sided 5%);
padded headers 8%; YYYY/MM/DD HH:MM times 10%; a file re-saved by Excel (pure-digit ids get
".0") 8%; status commas half-width 8% or dropped 4%.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from random import Random

from .xlsx import xlsx_bytes

ENCODINGS = (("utf-8-sig", 0.4), ("utf-8", 0.25), ("gb18030", 0.35))
ID_STYLES = (("plain", 0.63), ("tab", 0.25), ("formula", 0.08), ("apostrophe", 0.04))


@dataclass(frozen=True)
class FileStyle:
    xlsx: bool
    encoding: str
    id_style: str
    yen: bool
    thousands: bool
    brackets: str  # half, full or mixed
    padded: bool
    slash_times: bool
    excel_resaved: bool
    status_comma: str  # full, half or none
    quote_all: bool
    crlf: bool


def choose_style(rng: Random, xlsx_rate: float = 0.22) -> FileStyle:
    def weighted(options):
        return rng.choices([o for o, _ in options], [w for _, w in options])[0]

    xlsx = rng.random() < xlsx_rate
    resaved = not xlsx and rng.random() < 0.08
    return FileStyle(
        xlsx=xlsx,
        encoding=weighted(ENCODINGS),
        id_style="plain" if xlsx else weighted(ID_STYLES),
        yen=rng.random() < 0.12,
        thousands=rng.random() < 0.25,
        brackets=rng.choices(("half", "full", "mixed"), (0.6, 0.35, 0.05))[0],
        padded=rng.random() < 0.08,
        slash_times=resaved or rng.random() < 0.06,
        excel_resaved=resaved,
        status_comma=rng.choices(("full", "half", "none"), (0.88, 0.08, 0.04))[0],
        quote_all=rng.random() < 0.3,
        crlf=rng.random() < 0.6,
    )


@dataclass(frozen=True)
class Columns:
    """Which columns of a table get which cell treatment."""

    ids: frozenset[str] = frozenset()
    digits: frozenset[str] = frozenset()  # pure-digit ids that Excel re-saving damages
    money: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()


def header_text(name: str, style: FileStyle, rng: Random) -> str:
    if style.brackets == "full" or (style.brackets == "mixed" and rng.random() < 0.5):
        name = name.replace("(", "（").replace(")", "）")
    elif style.brackets == "mixed":
        name = name.replace("(", "（")
    if style.padded and rng.random() < 0.3:
        name = f" {name} "
    return name


def money_text(value: str, style: FileStyle) -> str:
    if not value:
        return value
    if style.thousands:
        value = f"{float(value):,.2f}"
    return f"¥{value}" if style.yen else value


def time_text(value: str, style: FileStyle) -> str:
    if value and style.slash_times:
        return value[:16].replace("-", "/")
    return value


def id_text(value: str, column: str, columns: Columns, style: FileStyle) -> str:
    if not value:
        return value
    if style.excel_resaved and column in columns.digits and value.isdigit():
        return value + ".0"
    if style.id_style == "tab":
        return "\t" + value
    if style.id_style == "formula":
        return f'="{value}"'
    if style.id_style == "apostrophe":
        return "'" + value
    return value


def status_text(value: str, style: FileStyle) -> str:
    if style.status_comma == "half":
        return value.replace("，", ",")
    if style.status_comma == "none":
        return value.replace("，", "")
    return value


def styled_rows(headers, rows, columns: Columns, style: FileStyle) -> list[list[str]]:
    treat = []
    for name in headers:
        if name in columns.ids:
            treat.append(lambda v, n=name: id_text(v, n, columns, style))
        elif name in columns.money:
            treat.append(lambda v: money_text(v, style))
        elif name in columns.times:
            treat.append(lambda v: time_text(v, style))
        elif name in columns.statuses:
            treat.append(lambda v: status_text(v, style))
        else:
            treat.append(None)
    styled = []
    for row in rows:
        styled.append([fn(value) if fn else value for fn, value in zip(treat, row, strict=True)])
    return styled


def write_table(
    path: Path,
    headers: tuple[str, ...] | list[str],
    rows: list[list[str]],
    columns: Columns,
    style: FileStyle,
    rng: Random,
    saved_at: datetime,
) -> Path:
    names = [header_text(name, style, rng) for name in headers]
    body = styled_rows(headers, rows, columns, style)
    if style.xlsx:
        path = path.with_suffix(".xlsx")
        path.write_bytes(xlsx_bytes([names, *body], saved_at))
        return path
    path = path.with_suffix(".csv")
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        quoting=csv.QUOTE_ALL if style.quote_all else csv.QUOTE_MINIMAL,
        lineterminator="\r\n" if style.crlf else "\n",
    )
    writer.writerow(names)
    writer.writerows(body)
    path.write_bytes(buffer.getvalue().encode(style.encoding))
    return path
