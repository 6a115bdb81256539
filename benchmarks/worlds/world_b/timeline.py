"""The calendar: simulated span, weekly export times, order volume and mechanism windows.

The last export is taken on Sunday 2026-11-29 in the evening (China time); each earlier weekly
export a week before. Orders start one lead-in week before the first simulated week, so the first
export already shows parcels in every state. Mechanism windows are fractions of the span, jittered
by the seed; the promotion is Double 11 when it falls inside the span (x3.2 orders on the day).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

FINAL_DAY = date(2026, 11, 29)
LEAD_IN_DAYS = 7
DOUBLE_ELEVEN = date(2026, 11, 11)

# Monday .. Sunday: weekends sell more.
WEEKDAY_FACTOR = (0.95, 0.93, 0.97, 1.0, 1.05, 1.16, 1.14)
# Hour of day 0..23: lunch and late-evening peaks.
HOUR_WEIGHTS = (
    0.5,
    0.3,
    0.15,
    0.1,
    0.1,
    0.15,
    0.4,
    0.8,
    1.2,
    1.5,
    1.7,
    1.9,
    2.2,
    2.0,
    1.7,
    1.6,
    1.6,
    1.6,
    1.7,
    2.0,
    2.6,
    3.0,
    2.8,
    1.6,
)

# name: (start fraction, end fraction) of the span.
MECHANISM_FRACTIONS = {
    "boost_a": (0.12, 0.30),  # pre-promotion boosting campaign (刷单)
    "defect_a": (0.20, 0.37),  # first defective batch in the warehouse
    "jt_damage": (0.35, 0.75),  # a south-west sorting centre crushing parcels
    "defect_b": (0.55, 0.68),  # second defective batch
    "attack": (0.58, 0.63),  # competitor's bad-review attack on one product
    "boost_b": (0.62, 0.80),  # boosting for a new product's launch
    "snow": (0.70, 0.80),  # cold wave and snow in the north-east
}


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    def __contains__(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86400


@dataclass
class Timeline:
    start: datetime
    end: datetime
    export_times: list[datetime]
    promo_days: dict[date, float]
    windows: dict[str, Window] = field(default_factory=dict)

    def fraction(self, share: float) -> datetime:
        return self.start + (self.end - self.start) * share

    def days(self) -> list[date]:
        count = (self.end.date() - self.start.date()).days + 1
        return [self.start.date() + timedelta(days=offset) for offset in range(count)]

    def day_weight(self, day: date) -> float:
        progress = (day - self.start.date()).days / max(1, len(self.days()))
        return WEEKDAY_FACTOR[day.weekday()] * self.promo_days.get(day, 1.0) * (1 + 0.12 * progress)

    def random_moment(self, day: date, rng: random.Random) -> datetime:
        """A moment on the given day, following the intraday rhythm, before the last export."""
        for _ in range(50):
            hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
            moment = datetime.combine(day, time(hour)) + timedelta(seconds=rng.randrange(3600))
            if self.start <= moment < self.end:
                return moment
        return self.end - timedelta(minutes=rng.randint(5, 90))


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split a total across weights by largest remainder, so the counts sum exactly."""
    scale = sum(weights) or 1.0
    exact = [total * weight / scale for weight in weights]
    counts = [int(value) for value in exact]
    order = sorted(range(len(exact)), key=lambda i: exact[i] - counts[i], reverse=True)
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def build_timeline(weeks: int, rng: random.Random) -> Timeline:
    last_export = datetime.combine(FINAL_DAY, time(20, 30)) + timedelta(minutes=rng.randint(0, 190))
    export_times = [
        last_export - timedelta(days=7 * (weeks - 1 - index), minutes=rng.randint(0, 140))
        for index in range(weeks - 1)
    ] + [last_export]
    first_monday = FINAL_DAY - timedelta(days=7 * weeks - 1)
    start = datetime.combine(first_monday - timedelta(days=LEAD_IN_DAYS), time(0))
    timeline = Timeline(start=start, end=last_export, export_times=export_times, promo_days={})

    for name, (low, high) in MECHANISM_FRACTIONS.items():
        jitter = rng.uniform(-0.025, 0.025)
        timeline.windows[name] = Window(
            timeline.fraction(low + jitter), timeline.fraction(high + jitter)
        )

    inside = start.date() + timedelta(days=3) <= DOUBLE_ELEVEN <= FINAL_DAY - timedelta(days=3)
    promo = DOUBLE_ELEVEN if inside else timeline.fraction(0.48).date()
    timeline.promo_days = {
        promo - timedelta(days=2): 1.25,
        promo - timedelta(days=1): 1.8,
        promo: 3.2,
        promo + timedelta(days=1): 1.6,
    }
    crunch_start = datetime.combine(promo - timedelta(days=1), time(0))
    timeline.windows["crunch"] = Window(crunch_start, crunch_start + timedelta(days=3.5))
    backlog_start = datetime.combine(promo + timedelta(days=1), time(rng.randint(6, 18)))
    timeline.windows["backlog"] = Window(
        backlog_start, backlog_start + timedelta(days=rng.uniform(5.5, 8.0))
    )
    return timeline
