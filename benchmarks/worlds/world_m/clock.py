"""Time as integer seconds since 2025-09-01 00:00 China time (Asia/Shanghai, no DST)."""

from datetime import date, timedelta

T0 = date(2025, 9, 1)
MINUTE = 60
HOUR = 3600
DAY = 86400

FIRST_ORDER_DAY = 0  # Mon 2025-09-01
LAST_ORDER_DAY = 118  # Sun 2025-12-28
LAST_EXPORT_DAY = 119  # Mon 2025-12-29

_DAY_OFFSET = 60
_DAYS = [T0 + timedelta(days=d - _DAY_OFFSET) for d in range(_DAY_OFFSET + 260)]
_ISO = [d.isoformat() for d in _DAYS]
_SLASH = [d.strftime("%Y/%m/%d") for d in _DAYS]
_YYMMDD = [d.strftime("%y%m%d") for d in _DAYS]
_COMPACT = [d.strftime("%Y%m%d") for d in _DAYS]


def at(month: int, day: int, hour: float = 0.0) -> int:
    """Seconds for a 2025 calendar moment (month 9-12)."""
    return (date(2025, month, day) - T0).days * DAY + int(hour * HOUR)


def day_date(day: int) -> date:
    return _DAYS[day + _DAY_OFFSET]


def _hms(sec: int) -> str:
    rest = sec % DAY
    return f"{rest // HOUR:02d}:{rest % HOUR // MINUTE:02d}:{rest % MINUTE:02d}"


def fmt(sec: int | None) -> str:
    """`YYYY-MM-DD HH:MM:SS`, empty for None."""
    if sec is None:
        return ""
    return f"{_ISO[sec // DAY + _DAY_OFFSET]} {_hms(sec)}"


def fmt_slash(sec: int | None) -> str:
    """`YYYY/MM/DD HH:MM` as a file re-saved by Excel shows it."""
    if sec is None:
        return ""
    return f"{_SLASH[sec // DAY + _DAY_OFFSET]} {_hms(sec)[:5]}"


def iso_day(day: int) -> str:
    return _ISO[day + _DAY_OFFSET]


def yymmdd(sec: int) -> str:
    return _YYMMDD[sec // DAY + _DAY_OFFSET]


def compact_day(day: int) -> str:
    return _COMPACT[day + _DAY_OFFSET]
