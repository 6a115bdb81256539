"""How tools write a cell: prefixes that keep ids as text, and the damage Excel and pandas do."""

from .. import clock


def yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"


def yuan_general(fen: int) -> str:
    """Excel's General format after a re-save: 129.00 becomes 129, 39.90 becomes 39.9."""
    text = f"{fen / 100:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def yuan_fancy(fen: int) -> str:
    return f"¥{fen / 100:,.2f}"


class IdStyle:
    """Long-number cells as one tool writes them."""

    PLAIN = "plain"
    TAB = "tab"  # PDD's own CSV: "\t251103-..."
    FORMULA = "formula"  # ERP exports: ="251103-..."
    APOSTROPHE = "apostrophe"
    EXCEL = "excel"  # re-saved by Excel: digits > 11 long lose their tail (E-notation)
    PANDAS = "pandas"  # round-tripped through pandas: 612345678901.0

    @staticmethod
    def apply(style: str, value: str) -> str:
        if not value:
            return value
        if style == IdStyle.TAB:
            return "\t" + value
        if style == IdStyle.FORMULA:
            return f'="{value}"'
        if style == IdStyle.APOSTROPHE:
            return "'" + value
        if style == IdStyle.EXCEL and value.isdigit() and len(value) > 11:
            return f"{float(value):.11E}"
        if style == IdStyle.PANDAS and value.isdigit():
            return value + ".0"
        return value


def timestamp(style: str, sec: int | None) -> str:
    return clock.fmt_slash(sec) if style == "slash" else clock.fmt(sec)
