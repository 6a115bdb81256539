"""The time-bound happenings that drive refusals, scheduled once per seed.

- 双11 (8-11 Nov): order volume x2; orders placed 10-12 Nov wait in a warehouse backlog (45% ship
  late, some with the tracking number filed on time and the pickup days later); couriers are
  congested 11-18 Nov (long routes +1-2 days).
- A cold wave in the north-east (4-6 days): +1.5-4 days and 滞留 scans for those provinces.
- A hub outage of one budget courier in one region (3-5 days): +2-5 days, 滞留 / 延误 scans.
- A damage-prone courier in two provinces (12 days): 7% of its parcels there arrive crushed.
- A bad production batch of one product (9-12 days of shipping): 45% of the items defective.
- A packing mix-up on another product (2-3 days): 30% of items of the wrong colour/size.
- A review storm on a third product (6-9 days): a pile of 1-2 star reviews (false advertising,
  customer service), not caused by the goods.
- Two boosting (刷单) campaigns of 3-6 days and a 0元试用 campaign, plus a trickle all along.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from random import Random

from .catalog import Catalog
from .params import DAY, Calendar


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    def __contains__(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def overlap_days(self, start: datetime, end: datetime) -> float:
        seconds = (min(end, self.end) - max(start, self.start)).total_seconds()
        return max(seconds, 0.0) / 86400


@dataclass(frozen=True)
class RouteTrouble:
    kind: str  # congestion, weather, outage
    window: Window
    provinces: frozenset[str]
    couriers: frozenset[str]  # empty: every courier
    extra_days: tuple[float, float]


@dataclass(frozen=True)
class Campaign:
    window: Window
    per_day: float
    products: tuple[str, ...]
    kind: str  # boosted or trial
    tag_style: str  # the note prefix the merchant used for this campaign


@dataclass(frozen=True)
class Episodes:
    promo: Window | None
    backlog: Window | None
    troubles: tuple[RouteTrouble, ...]
    damage: Window
    damage_courier: str
    damage_provinces: frozenset[str]
    bad_batch: Window
    bad_product: str
    wrong_item: Window
    wrong_product: str
    storm: Window
    storm_product: str
    campaigns: tuple[Campaign, ...]

    def volume_factor(self, day: date) -> float:
        factor = 1.15 if day.weekday() >= 5 else 1.0
        if self.promo and datetime.combine(day, time(12)) in self.promo:
            factor *= 2.0 if day.day == 11 else 1.6
        return factor

    def route_delay(self, courier: str, province: str, start: datetime, end: datetime, rng: Random):
        """Extra transit days (and the trouble causing most of them) for a trunk journey."""
        extra, worst, worst_days = 0.0, None, 0.0
        for trouble in self.troubles:
            if province not in trouble.provinces:
                continue
            if trouble.couriers and courier not in trouble.couriers:
                continue
            if trouble.window.overlap_days(start, end + DAY) <= 0:
                continue
            days = rng.uniform(*trouble.extra_days)
            extra += days
            if days > worst_days:
                worst, worst_days = trouble, days
        return extra, worst

    def damage_prone(self, courier: str, province: str, moment: datetime) -> bool:
        return (
            courier == self.damage_courier
            and province in self.damage_provinces
            and moment in self.damage
        )

    def defect(self, product: str, shipped_at: datetime) -> str:
        if product == self.bad_product and shipped_at in self.bad_batch:
            return "bad_batch"
        if product == self.wrong_product and shipped_at in self.wrong_item:
            return "wrong_item"
        return ""


NORTH_EAST = frozenset({"黑龙江省", "吉林省", "辽宁省", "内蒙古自治区"})
OUTAGE_REGIONS = (
    frozenset({"河北省", "北京市", "天津市", "山西省"}),
    frozenset({"四川省", "重庆市", "贵州省"}),
    frozenset({"河南省", "湖北省", "陕西省"}),
)
ALL_PROVINCES_FAR = {0: (0.0, 0.4), 1: (0.5, 1.4), 2: (1.0, 2.2), 3: (1.5, 2.8)}


def schedule(calendar: Calendar, catalog: Catalog, orders: int, rng: Random) -> Episodes:
    start, end = calendar.start, calendar.end
    report = datetime.combine(calendar.report_start, time())

    def window_in(lo: datetime, hi: datetime, days: tuple[float, float]) -> Window:
        length = timedelta(days=rng.uniform(*days))
        span = max((hi - length - lo).total_seconds(), 0)
        begin = lo + timedelta(seconds=rng.uniform(0, span))
        return Window(begin, begin + length)

    double11 = datetime(calendar.last_day.year, 11, 11)
    promo = backlog = None
    troubles: list[RouteTrouble] = []
    if start <= double11 < end:
        promo = Window(double11 - 3 * DAY, double11 + DAY)
        backlog = Window(double11 - DAY + timedelta(hours=12), double11 + 2 * DAY)
        congestion = Window(double11, double11 + 7 * DAY)
        for zone, extra in ALL_PROVINCES_FAR.items():
            provinces = frozenset(n for n, s in catalog.provinces.items() if s["zone"] == zone)
            troubles.append(RouteTrouble("congestion", congestion, provinces, frozenset(), extra))
    late = end - 6 * DAY
    troubles.append(
        RouteTrouble(
            "weather", window_in(report + 14 * DAY, late, (4, 6)), NORTH_EAST, frozenset(), (1.5, 4)
        )
    )
    troubles.append(
        RouteTrouble(
            "outage",
            window_in(report, late, (3, 5)),
            rng.choice(OUTAGE_REGIONS),
            frozenset({rng.choice(["yunda", "jt", "sto"])}),
            (2, 5),
        )
    )
    best_sellers = [p.key for p in catalog.products if p.popularity >= 1.0]
    bad = rng.choice(best_sellers)
    wrong, storm = rng.sample(
        [p.key for p in catalog.products if p.popularity >= 0.9 and p.key != bad], 2
    )
    # studios boost cheap-to-moderate items: the commission is paid on the price
    boostable = [
        p.key for p in catalog.products if 0.8 <= p.popularity < 1.2 and p.skus[0].price < 100
    ]
    boosted_products = rng.sample(boostable, 2)
    scale = orders / 10000
    tag_styles = ["V-", "G-"]
    rng.shuffle(tag_styles)
    campaigns = [
        Campaign(
            window_in(start, end - 3 * DAY, (3, 6)),
            rng.uniform(15, 28) * scale,
            (boosted_products[0],),
            "boosted",
            tag_styles[0],
        ),
        Campaign(
            window_in(report, end - 3 * DAY, (3, 6)),
            rng.uniform(15, 28) * scale,
            (boosted_products[1],),
            "boosted",
            tag_styles[1],
        ),
        Campaign(
            window_in(report, end - 3 * DAY, (2, 4)),
            rng.uniform(12, 20) * scale,
            tuple(boosted_products),
            "trial",
            tag_styles[1],
        ),
    ]
    return Episodes(
        promo=promo,
        backlog=backlog,
        troubles=tuple(troubles),
        damage=window_in(report, late, (12, 12)),
        damage_courier=rng.choice(["yunda", "jt", "zto"]),
        damage_provinces=frozenset(rng.sample(sorted(catalog.provinces), 2)),
        bad_batch=window_in(report + 7 * DAY, end - 16 * DAY, (9, 12)),
        bad_product=bad,
        wrong_item=window_in(report, end - 5 * DAY, (2, 3)),
        wrong_product=wrong,
        storm=window_in(report + 7 * DAY, end - 12 * DAY, (6, 9)),
        storm_product=storm,
        campaigns=tuple(campaigns),
    )


def describe(episodes: Episodes) -> dict[str, str]:
    """A plain summary of the seed's episodes, for the run log."""

    def span(window: Window | None) -> str:
        return f"{window.start:%m-%d %H:%M} → {window.end:%m-%d %H:%M}" if window else "-"

    lines = {
        "bad batch": f"{episodes.bad_product} shipped {span(episodes.bad_batch)}",
        "wrong items": f"{episodes.wrong_product} shipped {span(episodes.wrong_item)}",
        "review storm": f"{episodes.storm_product} {span(episodes.storm)}",
        "damage": f"{episodes.damage_courier} in {'/'.join(sorted(episodes.damage_provinces))} "
        f"{span(episodes.damage)}",
        "backlog": span(episodes.backlog),
    }
    for trouble in episodes.troubles:
        if trouble.kind != "congestion":
            who = "/".join(sorted(trouble.couriers)) or "all couriers"
            lines[trouble.kind] = f"{who} to {'/'.join(sorted(trouble.provinces))} " + span(
                trouble.window
            )
    for n, campaign in enumerate(episodes.campaigns, 1):
        lines[f"campaign {n}"] = (
            f"{campaign.kind} {'/'.join(campaign.products)} {campaign.per_day:.0f}/day "
            f"{span(campaign.window)}"
        )
    return lines
