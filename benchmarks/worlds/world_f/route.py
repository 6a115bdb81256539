"""How long a parcel takes from 武鸣 to the buyer's door, and what holds it up on the way."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .catalog import HUB_NAMES, ORIGIN_CITY, PROVINCES, Courier
from .season import Season

_PROVINCE = {province.name: province for province in PROVINCES}


@dataclass(frozen=True)
class Hold:
    """A stop that costs days: where, why (backlog, surge, rain, flood, slow), how long."""

    hub: str
    city: str
    why: str
    days: float


@dataclass
class RoutePlan:
    hubs: list[tuple[str, str]]
    station: str
    usual_days: float
    holds: list[Hold] = field(default_factory=list)

    @property
    def held_days(self) -> float:
        return sum(hold.days for hold in self.holds)


def usual_days(courier: Courier, province: str) -> float:
    base = _PROVINCE[province].days
    if courier.code == "sf":
        return max(1.0, base * 0.6)
    return base + courier.extra_days


def is_hot(province: str) -> bool:
    return _PROVINCE[province].hot_in_june


def _hubs(courier: Courier, province: str, city: str) -> list[tuple[str, str]]:
    via = _PROVINCE[province].via
    prefix = "顺丰" if courier.code == "sf" else ""
    hubs = [(prefix + HUB_NAMES["南宁"], ORIGIN_CITY)]
    if via != "南宁":
        hubs.append((prefix + HUB_NAMES[via], via + "市"))
    city_short = city.removesuffix("市")
    if via + "市" != city:
        hubs.append((f"{prefix}{city_short}转运中心", city))
    return hubs


def plan_route(
    rng: random.Random,
    season: Season,
    courier: Courier,
    province: str,
    city: str,
    district: str,
    leaves: datetime,
) -> RoutePlan:
    hubs = _hubs(courier, province, city)
    plan = RoutePlan(
        hubs, f"{city.removesuffix('市')}{district}网点", usual_days(courier, province)
    )
    day: date = leaves.date()
    origin_hub = hubs[0]
    if season.flood.holds(day) or season.flood.holds(day + timedelta(days=1)):
        plan.holds.append(Hold(origin_hub[0], ORIGIN_CITY, "flood", rng.uniform(1.5, 2.5)))
    elif season.rain.holds(day) and rng.random() < 0.55:
        plan.holds.append(Hold(origin_hub[0], ORIGIN_CITY, "rain", rng.uniform(0.5, 1.5)))
    if courier.code == "zto" and season.nanning_surge.holds(day) and rng.random() < 0.7:
        plan.holds.append(Hold(origin_hub[0], ORIGIN_CITY, "surge", rng.uniform(0.8, 2.0)))
    through_wuhan = any(hub.endswith(HUB_NAMES["武汉"]) for hub, _ in hubs)
    if (
        courier.code == "jt"
        and through_wuhan
        and season.wuhan_backlog.holds(day + timedelta(days=1))
    ):
        plan.holds.append(Hold(HUB_NAMES["武汉"], "武汉市", "backlog", rng.uniform(2.0, 4.0)))
    roll = rng.random()
    if roll < 0.03:
        stop = rng.choice(hubs)
        plan.holds.append(Hold(stop[0], stop[1], "slow", rng.uniform(2.0, 3.5)))
    elif roll < 0.13:
        stop = rng.choice(hubs)
        plan.holds.append(Hold(stop[0], stop[1], "slow", rng.uniform(0.6, 1.2)))
    return plan
