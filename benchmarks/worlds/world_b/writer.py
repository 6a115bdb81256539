"""How a file looks once exported: encoding, format, header spelling and cell quirks.

Each file draws its own style: UTF-8 (35 %), UTF-8 with BOM (35 %) or GB18030 (30 %) for CSV;
quoted or not; full-width or mixed brackets in headers (40 %); a few headers with stray spaces or
tabs (15 %); `YYYY/MM/DD HH:MM` timestamps (15 %); ¥ signs (15 %) or thousands separators (25 %)
in money; ids tab-prefixed throughout (35 %) or with occasional `'`, `="…"` or tab (15 %, 1-3 % of
cells). XLSX files hold text cells on the first sheet, sometimes with a notes sheet after it.
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

STATUS_COMMA = "，"
ZIP_EPOCH = (2026, 1, 1, 0, 0, 0)
CORE_DATES = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


@dataclass
class FileStyle:
    encoding: str = "utf-8"
    xlsx: bool = False
    quote_all: bool = False
    crlf: bool = True
    brackets: str = "half"  # half | full | mixed
    padded_headers: bool = False
    time_format: str = "%Y-%m-%d %H:%M:%S"
    money: str = "plain"  # plain | yen | thousands
    ids: str = "plain"  # plain | tab | mixed
    status_comma: str = "full"  # full | half | none
    excel_damaged: bool = False


def draw_style(rng: random.Random, *, xlsx: bool = False) -> FileStyle:
    return FileStyle(
        encoding=rng.choices(("utf-8", "utf-8-sig", "gb18030"), weights=(35, 35, 30))[0],
        xlsx=xlsx,
        quote_all=rng.random() < 0.4,
        crlf=rng.random() < 0.6,
        brackets=rng.choices(("half", "full", "mixed"), weights=(60, 25, 15))[0],
        padded_headers=rng.random() < 0.15,
        time_format="%Y/%m/%d %H:%M" if rng.random() < 0.15 else "%Y-%m-%d %H:%M:%S",
        money=rng.choices(("plain", "yen", "thousands"), weights=(60, 15, 25))[0],
        ids=rng.choices(("plain", "tab", "mixed"), weights=(50, 35, 15))[0],
        status_comma=rng.choices(("full", "half", "none"), weights=(80, 10, 10))[0],
    )


class Cells:
    """Formats values the way one particular file spells them."""

    def __init__(self, style: FileStyle, rng: random.Random) -> None:
        self.style = style
        self.rng = rng

    def header(self, name: str) -> str:
        style = self.style
        if style.brackets == "full" or (style.brackets == "mixed" and self.rng.random() < 0.5):
            name = name.replace("(", "（").replace(")", "）")
        elif style.brackets == "mixed" and self.rng.random() < 0.3:
            name = name.replace("(", "（")
        if style.padded_headers and self.rng.random() < 0.2:
            name = self.rng.choice((" ", "\t", "")) + name + self.rng.choice((" ", "\t"))
        return name

    def time(self, moment: datetime | None) -> str:
        return moment.strftime(self.style.time_format) if moment else ""

    def money(self, value: float) -> str:
        if self.style.money == "thousands":
            return f"{value:,.2f}"
        text = f"{value:.2f}"
        return "¥" + text if self.style.money == "yen" else text

    def ident(self, value: str) -> str:
        if not value:
            return ""
        if self.style.ids == "tab":
            return "\t" + value
        if self.style.ids == "mixed":
            draw = self.rng.random()
            if draw < 0.01:
                return "'" + value
            if draw < 0.02 and not self.style.xlsx:
                return f'="{value}"'
            if draw < 0.05:
                return "\t" + value
        return value

    def digits_id(self, value: str) -> str:
        """Pure-digit ids (商品id, 样式ID): an Excel round trip leaves a trailing .0."""
        if self.style.excel_damaged and value:
            return value + ".0"
        return value

    def status(self, text: str) -> str:
        if STATUS_COMMA not in text or self.style.status_comma == "full":
            return text
        return text.replace(STATUS_COMMA, "," if self.style.status_comma == "half" else "")


def unique_path(directory: Path, name: str) -> Path:
    path = directory / name
    counter = 1
    while path.exists():
        counter += 1
        path = directory / f"{Path(name).stem}({counter}){Path(name).suffix}"
    return path


def write_table(
    path: Path, header: list[str], rows: list[list[str]], style: FileStyle, rng: random.Random
) -> None:
    if style.xlsx:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(rng.choice(("Sheet1", "数据", "导出数据", "sheet")))
        sheet.append(header)
        for row in rows:
            sheet.append([cell if cell != "" else None for cell in row])
        if rng.random() < 0.3:
            notes = workbook.create_sheet("说明")
            notes.append(["说明", "本表由系统导出，金额单位：元，时间为北京时间"])
        _save_reproducibly(workbook, path)
        return
    quoting = csv.QUOTE_ALL if style.quote_all else csv.QUOTE_MINIMAL
    with path.open("w", encoding=style.encoding, newline="") as handle:
        writer = csv.writer(handle, quoting=quoting, lineterminator="\r\n" if style.crlf else "\n")
        writer.writerow(header)
        writer.writerows(rows)


def _save_reproducibly(workbook: Workbook, path: Path) -> None:
    """Same seed, same bytes: pin the zip entry times and the document's own dates."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = CORE_DATES.sub(r"\g<1>2026-11-29T13:00:00Z\g<2>", data.decode("utf-8"))
                data = text.encode("utf-8")
            entry = zipfile.ZipInfo(item.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
