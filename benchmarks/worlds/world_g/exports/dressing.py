"""Cell dressing shared by the exports: timestamps, money, Excel-proofing and Excel damage."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..schedule import Drop
from ..writers.csvfile import write_csv
from ..writers.xlsx import write_xlsx


def stamp(moment: datetime | None, slash: bool = False) -> str:
    if moment is None:
        return ""
    return f"{moment:%Y/%m/%d %H:%M}" if slash else f"{moment:%Y-%m-%d %H:%M:%S}"


def money(value: float, yuan_sign: bool = False) -> str:
    return f"¥{value:,.2f}" if yuan_sign else f"{value:.2f}"


def e_notation(digits: str) -> str:
    """What Excel leaves of a long pure-digit id: 12 significant digits, the rest lost."""
    return f"{float(digits):.11E}"


def write(
    folder: Path, drop: Drop, header: list[str], rows: list[list[str]], quote_all: bool = False
) -> None:
    path = folder / drop.name
    if drop.fmt == "xlsx":
        write_xlsx(path, header, rows)
    else:
        write_csv(path, header, rows, encoding=drop.encoding, quote_all=quote_all)
