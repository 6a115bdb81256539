"""The shop's winter season: when orders come, when things go wrong, and when exports are taken.

Every date the world depends on sits here, so that a reader can see the season's story in one
place (README, "Timeline"). Times are naive China time (Asia/Shanghai), as the exports write them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

SEASON_START = datetime(2025, 12, 1)
#: orders are placed until the end of 2026-03-15
SEASON_END = datetime(2026, 3, 16)
#: the last exports are downloaded together on Monday 2026-03-16 at 09:30; the labels are the truth
#: at that moment
TRUTH_AT = datetime(2026, 3, 16, 9, 30)


@dataclass(frozen=True)
class Window:
    """A half-open period [start, end) during which one mechanism is active."""

    start: datetime
    end: datetime

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return start < self.end and self.start < end


def _w(start: str, end: str) -> Window:
    return Window(datetime.fromisoformat(start), datetime.fromisoformat(end))


# -- goods ---------------------------------------------------------------------------------
#: the 燕麦色 dye lot of the knit sweater (P5) that ran and looked muddy
DYE_LOT = _w("2026-01-05", "2026-01-14")
#: the batch of long down coats (P2) with poor down-proof lining (跑绒/钻绒)
DOWN_BATCH = _w("2025-12-20", "2026-01-10")
#: temporary packers during the 双12 rush and the restart after 春节 send wrong sizes (发错码)
WRONG_SIZE = (_w("2025-12-09", "2025-12-17"), _w("2026-02-23", "2026-02-28"))
#: 驼色 XL of the wool coat (P3) out of stock: orders are cancelled (缺货)
STOCKOUT = _w("2025-12-18", "2026-01-06")

# -- delivery ------------------------------------------------------------------------------
#: the shop's own 双12 backlog: orders wait 1-3 more days before they are packed
SHOP_BACKLOG = _w("2025-12-10", "2025-12-15")
#: couriers' 双12 peak: parcels queue at the origin hub
COURIER_PEAK = _w("2025-12-10", "2025-12-18")
#: cold wave and snow in the north
COLD_WAVE = _w("2025-12-26", "2026-01-03")
#: 韵达's 石家庄 transfer centre jammed, parcels to the north-east of the plain held for days
HUB_JAM = _w("2026-01-12", "2026-01-20")
HUB_JAM_HUB = "石家庄转运中心"
#: 年货节: heavier volume, slower couriers
NEW_YEAR_FAIR = _w("2026-01-15", "2026-02-06")
#: the shop's own 春节 break: nothing is packed between these moments
SHOP_CLOSED = _w("2026-02-12 18:00", "2026-02-23 09:00")
#: promised ship-by time the platform gives orders placed during the break
HOLIDAY_PROMISE = datetime(2026, 2, 24, 23, 59, 59)
#: courier shutdown by kind of destination (sources S7, S8)
HOLIDAY_PAUSE = {
    "remote": _w("2026-02-06", "2026-02-24 08:00"),
    "core": _w("2026-02-16", "2026-02-21 08:00"),
    "other": _w("2026-02-14", "2026-02-22 08:00"),
    "no_break": _w("2026-02-16", "2026-02-20"),
}
#: buyers who ordered to wear it for the new year give up when it arrives after 除夕
NEW_YEAR_EVE = datetime(2026, 2, 16)

# -- reviews -------------------------------------------------------------------------------
#: a 小红书 post calls the long down coat (P2) 假羽绒; its reviews turn to one star
REVIEW_STORM = _w("2026-01-08", "2026-01-29")
#: customer service half-staffed over the holiday
CS_HOLIDAY = _w("2026-02-12", "2026-03-01")

# -- rule violations -----------------------------------------------------------------------
#: boosting to push the down coats up the rankings before 双12 and 年货节
BOOSTING = (_w("2025-12-02", "2025-12-13"), _w("2026-01-04", "2026-01-21"))
#: a ring of accounts from one county taking the shop's ¥0.01 "trial" listings
TRIAL_RING = _w("2025-12-27", "2026-01-13")
#: days when the shop uploads an old tracking number to beat the ship-by deadline
NUMBER_REUSE = (_w("2025-12-10", "2025-12-16"), _w("2026-02-09", "2026-02-13"),
                _w("2026-02-23", "2026-02-27"))


def daily_weight(day: date) -> float:
    """Relative order volume of a day: 双12 peak, cold-wave and 年货节 highs, the 春节 trough and
    the thin March clearance."""
    d = datetime(day.year, day.month, day.day)
    table = (
        ("2025-12-01", 0.9), ("2025-12-09", 1.6), ("2025-12-11", 2.4), ("2025-12-13", 1.2),
        ("2025-12-21", 1.4), ("2026-01-01", 1.1), ("2026-01-04", 1.5), ("2026-01-26", 1.0),
        ("2026-02-10", 0.5), ("2026-02-16", 0.3), ("2026-02-22", 0.7), ("2026-03-01", 0.55),
    )
    weight = table[0][1]
    for start, value in table:
        if d >= datetime.fromisoformat(start):
            weight = value
    return weight


def season_days() -> list[date]:
    days, day = [], SEASON_START.date()
    while day < SEASON_END.date():
        days.append(day)
        day += timedelta(days=1)
    return days


#: weekly download mornings (Mondays): every export of one Monday shows the state at that moment;
#: the last one is TRUTH_AT
EXPORT_MONDAYS = tuple(datetime(2025, 12, 8, 9, 30) + timedelta(days=7 * k) for k in range(15))
assert EXPORT_MONDAYS[-1] == TRUTH_AT


#: tracking downloads: the shop's Kuaidi100 account (Dec – Feb, 通达系 couriers only) and, from
#: February, Kuaidi Niao through its new ERP (every courier). Each holds the parcels shipped in
#: the 28 days before it and the older ones that were still moving a week before it.
KUAIDI100_EXPORTS = EXPORT_MONDAYS[:12]
KDNIAO_EXPORTS = EXPORT_MONDAYS[8:]
TRACKING_WINDOW = timedelta(days=28)
STILL_MOVING = timedelta(days=7)


def tracking_downloads(kuaidi100_from: datetime | None) -> list[datetime]:
    """The downloads that can include a parcel of a courier tracked by Kuaidi100 from
    `kuaidi100_from` (None: never), sorted."""
    kuaidi100 = {at for at in KUAIDI100_EXPORTS if kuaidi100_from and at >= kuaidi100_from}
    return sorted(set(KDNIAO_EXPORTS) | kuaidi100)


def in_download(at: datetime, ship_at: datetime, last_event_at: datetime) -> bool:
    return ship_at <= at and (at - ship_at <= TRACKING_WINDOW
                              or last_event_at > at - STILL_MOVING)


def tracking_shows(kuaidi100_from: datetime | None, ship_at: datetime, last_event_at: datetime,
                   moment: datetime) -> bool:
    """Whether some tracking download holds this parcel with its event at `moment`."""
    return any(moment <= at and in_download(at, ship_at, last_event_at)
               for at in tracking_downloads(kuaidi100_from))


def next_download_after(moment: datetime) -> datetime | None:
    later = [at for at in EXPORT_MONDAYS if at > moment]
    return later[0] if later else None
