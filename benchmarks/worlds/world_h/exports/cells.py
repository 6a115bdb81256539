"""How a value is spelled in one export file: time formats, money, and the ways spreadsheets and
platforms disguise ids (tab prefix, ="…", leading ', Excel's E-notation and trailing .0)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Text = Callable[[str], str]


def when(moment: datetime | None, excel: bool = False) -> str:
    """`YYYY-MM-DD HH:MM:SS`, or `YYYY/MM/DD HH:MM` once Excel has re-saved the file."""
    if moment is None:
        return ""
    return moment.strftime("%Y/%m/%d %H:%M" if excel else "%Y-%m-%d %H:%M:%S")


def yuan(cents: int, excel: bool = False) -> str:
    """Two decimals; Excel's General format drops trailing zeros (189.00 → 189, 17.50 → 17.5)."""
    text = f"{cents // 100}.{cents % 100:02d}"
    if excel:
        text = text.rstrip("0").rstrip(".")
    return text


def tab(value: str) -> str:
    return f"\t{value}" if value else value


def formula(value: str) -> str:
    return f'="{value}"' if value else value


def apostrophe(value: str) -> str:
    return f"'{value}" if value else value


def e_notation(value: str) -> str:
    """What Excel keeps of a pure-digit id of 12 digits or more: six significant digits."""
    if value.isdigit() and len(value) >= 12:
        return f"{float(value):.5E}"
    return value


def trailing_zero(value: str) -> str:
    """A pure-digit id that went through a float: `73190553102532.0`."""
    return f"{value}.0" if value.isdigit() else value


def plain(value: str) -> str:
    return value
