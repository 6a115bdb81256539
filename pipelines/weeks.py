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


#: How far into a week the data must reach for the week to count as covered: Sunday 22:00. An
#: export is chosen by day (up to Sunday: its last rows are late that evening) or taken on Monday
#: morning; one taken on Sunday morning lacks most of the Sunday and does not count. Without the
#: export's own range, the latest row is what tells; a quiet shop whose last row is earlier on
#: Sunday names the week with --week. agg_outcomes_weekly.sql marks partial weeks by the same rule.
COMPLETE_FROM = dt.timedelta(days=6, hours=22)


#: A week's results read the exports taken by its end or this long after (a run on Monday, with
#: Monday's exports): later exports belong to later weeks, so loading them never changes the
#: week's results (runner module docstring).
EXPORT_GRACE = dt.timedelta(days=3)

#: ...and the rows dated at most this long before its end. The courier's usual transit, the
#: product and shop rates, the learned weights, the risk step's snapshots and the report's
#: trends all come from this window, so a week's work follows the window, not the shop's age
#: (issue #15). 17 weeks hold the risk step's 52 days of snapshots with the 62 days of windows
#: and transit before them (114 days: report.toml [risk]), and a quarter of weekly trends.
LOOKBACK = dt.timedelta(weeks=17)


def last_complete_week(latest_data_at: dt.datetime) -> Week:
    """The last week the data covers to its end: the latest row's week once the data reaches its
    Sunday :data:`COMPLETE_FROM` (China time), else the week before."""
    week = week_of(latest_data_at)
    return week if latest_data_at >= week.start + COMPLETE_FROM else week.shifted(-1)
