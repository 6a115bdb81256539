"""ISO weeks in China time: the reporting unit. A week runs Monday 00:00 to the next Monday 00:00,
Asia/Shanghai (no daylight saving, so every week has exactly 168 hours)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipelines.config import china_now
from pipelines.errors import UsageError

_ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})")


@dataclass(frozen=True, order=True)
class Week:
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> dt.datetime:
        """Exclusive: the Monday after."""
        return self.start + dt.timedelta(days=7)

    def shifted(self, weeks: int) -> Week:
        return week_of(self.start + dt.timedelta(weeks=weeks))


def week_of(moment: dt.datetime | dt.date) -> Week:
    year, number, _ = moment.isocalendar()
    return Week(year, number)


def parse_week(text: str) -> Week:
    """``2026-W47``, or ``last`` for the last complete week by the clock (China time)."""
    if text == "last":
        return week_of(china_now()).shifted(-1)
    match = _ISO_WEEK.fullmatch(text.strip())
    if not match:
        raise UsageError(f"--week {text}: expected an ISO week such as 2026-W47, or 'last'.")
    year, number = int(match[1]), int(match[2])
    try:
        dt.date.fromisocalendar(year, number, 1)
    except ValueError:
        raise UsageError(f"--week {text}: {year} has no week {number}.") from None
    return Week(year, number)


def last_complete_week(latest_data_at: dt.datetime) -> Week:
    """The last week that the data covers to its end: the data's own week if it reaches its
    Sunday (an export taken on Sunday evening or Monday morning), else the week before."""
    week = week_of(latest_data_at)
    return week if latest_data_at >= week.end - dt.timedelta(days=1) else week.shifted(-1)
