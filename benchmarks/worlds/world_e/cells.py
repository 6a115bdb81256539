"""How one export writes a cell: timestamps, money, long ids and their wrappers, headers."""

from __future__ import annotations

import bisect
from datetime import datetime

from .plan import FileSpec


def ts(moment: datetime | None, spec: FileSpec) -> str:
    if moment is None:
        return ""
    if "excel_resaved" in spec.quirks:
        return f"{moment:%Y/%m/%d %H:%M}"
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def money(cents: int, spec: FileSpec) -> str:
    text = f"{cents // 100}.{cents % 100:02d}"
    if "money_symbol" in spec.quirks:
        return "¥" + f"{cents // 100:,}.{cents % 100:02d}"
    return text


def long_id(value: str, spec: FileSpec, tracking: bool = False, pasted: bool = False) -> str:
    """A long number the way this file carries it (tab prefix, ="…", ', Excel's damage).

    `tracking` marks the tracking-number column, which some exports wrap differently; `pasted`
    marks rows Excel converted to numbers (see README: only the rows pasted into the workbook).
    """
    if not value:
        return value
    if "excel_resaved" in spec.quirks:
        if pasted and value.isdigit() and len(value) >= 12:
            mantissa, exponent = f"{int(value):.11E}".split("E")
            mantissa = mantissa.rstrip("0").rstrip(".")
            return f"{mantissa}E+{int(exponent):02d}"
        return value
    if spec.fmt == "xlsx":
        return value
    if "eq_wrap" in spec.quirks and tracking:
        return f'="{value}"'
    if "apostrophe" in spec.quirks and tracking:
        return "'" + value
    if "tab_ids" in spec.quirks:
        return "\t" + value
    return value


def header_for(names: list[str], spec: FileSpec) -> list[str]:
    if "bracket_mix" in spec.quirks:
        out = []
        for i, name in enumerate(names):
            name = name.replace("(", "（").replace(")", "）") if i % 2 else name.replace(")", "）")
            out.append(f" {name}" if name == "订单号" else name)
        return out
    if "header_space" in spec.quirks:
        return [name + " " if name in ("LogisticCode", "AcceptTime") else name for name in names]
    return names


def state_at(log: list, moment: datetime):
    index = bisect.bisect_right([entry[0] for entry in log], moment) - 1
    return log[index] if index >= 0 else None


def split_cents(total: int, weights: list[int]) -> list[int]:
    whole = sum(weights) or 1
    parts = [total * w // whole for w in weights]
    parts[0] += total - sum(parts)
    return parts
