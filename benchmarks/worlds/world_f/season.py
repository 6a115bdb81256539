"""The spring–summer 2026 calendar of world_f: demand, harvest lots, weather, hubs and reviews.

Everything here is decided once per seed, before any order exists, so that the mechanisms that
make buyers refuse are facts of the season rather than of single orders.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

FIRST_DAY = date(2026, 3, 2)
LAST_ORDER_DAY = date(2026, 6, 28)
#: the Mondays the merchant downloads the week's exports, and the data cut-off (the last one)
EXPORT_DAYS = tuple(FIRST_DAY + timedelta(days=7 * week) for week in range(1, 18))
CUTOFF = datetime.combine(EXPORT_DAYS[-1], datetime.min.time()) + timedelta(hours=9)

#: 荔枝预售: orders placed before each date ship in that batch, on the promised day
LYCHEE_BATCHES = (
    (date(2026, 5, 15), date(2026, 5, 25)),
    (date(2026, 5, 31), date(2026, 6, 5)),
    (date(2026, 6, 10), date(2026, 6, 15)),
)


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class BadLot:
    """A harvest lot that went wrong: every box of `product` packed in the window is affected."""

    product: str
    window: Window
    #: chance that a buyer who opens such a box at the door refuses it
    severity: float
    #: what is wrong with it, for the texts
    defect: str


@dataclass(frozen=True)
class ReviewStorm:
    """A run of bad reviews on `product` (None: the whole shop) that scares later buyers off."""

    product: str | None
    window: Window
    peak: float
    theme: str

    def intensity(self, product: str, day: date) -> float:
        if self.product is not None and self.product != product:
            return 0.0
        if not self.window.holds(day):
            return 0.0
        span = (self.window.end - self.window.start).days or 1
        position = (day - self.window.start).days / span
        ramp = min(1.0, position * 3.0) if position < 0.33 else max(0.2, 1.0 - (position - 0.33))
        return self.peak * ramp


@dataclass(frozen=True)
class Season:
    bad_lots: tuple[BadLot, ...]
    storms: tuple[ReviewStorm, ...]
    rain: Window
    flood: Window
    heat: Window
    #: 极兔's 武汉 hub backlog
    wuhan_backlog: Window
    #: 中通's 南宁 hub under the 618 surge
    nanning_surge: Window
    #: the merchant's own packing backlog before 618: shipments declared before pickup
    packing_backlog: Window
    #: the new 芒果 listing's launch, boosted with fake orders
    boosting: Window

    def bad_lot(self, product: str, packed: date) -> BadLot | None:
        for lot in self.bad_lots:
            if lot.product == product and lot.window.holds(packed):
                return lot
        return None

    def storm_intensity(self, product: str, day: date) -> tuple[float, str]:
        best, theme = 0.0, ""
        for storm in self.storms:
            level = storm.intensity(product, day)
            if level > best:
                best, theme = level, storm.theme
        return best, theme


def _shifted(rng: random.Random, start: date, days: int, jitter: int = 2) -> Window:
    first = start + timedelta(days=rng.randint(-jitter, jitter))
    return Window(first, first + timedelta(days=days - 1))


def build_season(rng: random.Random) -> Season:
    lots = (
        BadLot("orange", _shifted(rng, date(2026, 3, 23), 6), rng.uniform(0.17, 0.23), "sour"),
        BadLot("passion", _shifted(rng, date(2026, 4, 13), 5), rng.uniform(0.24, 0.31), "mould"),
        BadLot("dragon", _shifted(rng, date(2026, 5, 6), 5), rng.uniform(0.20, 0.26), "soft"),
        BadLot("mango", _shifted(rng, date(2026, 6, 7), 5, 1), rng.uniform(0.26, 0.33), "spots"),
        BadLot(
            "lychee", Window(date(2026, 6, 15), date(2026, 6, 17)), rng.uniform(0.22, 0.28), "split"
        ),
    )
    storms = [
        ReviewStorm(
            lot.product,
            Window(lot.window.start + timedelta(days=3), lot.window.end + timedelta(days=12)),
            1.0,
            "quality",
        )
        for lot in lots
    ]
    storms.append(ReviewStorm("mango", _shifted(rng, date(2026, 5, 31), 13, 1), 0.9, "false_ad"))
    storms.append(ReviewStorm(None, Window(date(2026, 6, 17), date(2026, 6, 28)), 0.35, "service"))
    return Season(
        bad_lots=lots,
        storms=tuple(storms),
        rain=Window(date(2026, 5, 20), date(2026, 6, 2)),
        flood=_shifted(rng, date(2026, 5, 31), 2, 1),
        heat=Window(date(2026, 6, 8), date(2026, 6, 24)),
        wuhan_backlog=_shifted(rng, date(2026, 5, 27), 9),
        nanning_surge=Window(date(2026, 6, 15), date(2026, 6, 20)),
        packing_backlog=Window(date(2026, 6, 14), date(2026, 6, 18)),
        boosting=Window(date(2026, 5, 8), date(2026, 5, 20)),
    )


def demand_level(day: date) -> float:
    """Relative number of orders placed on `day` (a spring that warms up, 520, then 618)."""
    level = 1.0 + 0.5 * (day - FIRST_DAY).days / (LAST_ORDER_DAY - FIRST_DAY).days
    if day.weekday() >= 5:
        level *= 1.12
    if day in (date(2026, 5, 19), date(2026, 5, 20)):
        level *= 1.6
    if date(2026, 6, 1) <= day <= date(2026, 6, 18):
        level *= 1.4 + 1.6 * (day - date(2026, 6, 1)).days / 17
    elif date(2026, 6, 19) <= day:
        level *= 1.15
    return level


def lychee_ship_day(placed: date) -> date | None:
    """The batch day a pre-sold 荔枝 order is promised for, or None once it sells from stock."""
    for last_order_day, ship_day in LYCHEE_BATCHES:
        if placed <= last_order_day:
            return ship_day
    return None
