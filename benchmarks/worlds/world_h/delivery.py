"""How each parcel ends: signed, refused (and why), returned undelivered, lost, or — for a third of
the boosted orders — never a parcel at all.

Endings other than refusal, for ordinary parcels: lost 0.15 %, address unknown 0.3 %, unreachable
0.4 %, left at a station and never collected 2 % of station deliveries (45 % of deliveries go to
a station or locker). 4 % of deliveries need a second run. Boosted empty parcels: 15 % of those
left at a station are never collected, 2 % unreachable, 30 % have no pickup scan.

A buyer about to refuse may ask for her money while the parcel travels (reviews 55 %, logistics
35 %, product quality 12 %, rule violation 5 %); the shop then intercepts 22 % of those parcels
(returned undelivered, not refused) and marks the rest 已同意拒收退款，待用户拒收. A refusal that no
tracking download would show always goes this way, so that every refusal leaves a trace.
"""

from __future__ import annotations

import random
from datetime import timedelta

from . import season
from .causes import excess_days, fire, risks, stated_reason
from .chance import coin, hours
from .model import Parcel
from .transit import Journey

NO_PARCEL_SHARE = 0.35
LOST = 0.0015
ADDRESS_UNKNOWN = 0.003
UNREACHABLE = 0.004
STATION_SHARE = 0.45
STATION_OVERDUE = 0.02
SECOND_RUN = 0.04
ASKS_IN_TRANSIT = {"reviews": 0.55, "logistics": 0.35, "product_quality": 0.12,
                   "rule_violation": 0.05}
INTERCEPTED = 0.22
#: logistics refusals that follow a failed first run
LOGISTICS_SECOND_RUN = 0.35
MISCODES = (("", 0.78), ("k100_plain", 0.12), ("k100_wrong", 0.05), ("kn_wrong", 0.05))


def deliver(rng: random.Random, parcel: Parcel) -> None:
    """Simulate the parcel to its end (possibly after TRUTH_AT) and store its events."""
    boosted = parcel.orders[0].kind == "boosted"
    if boosted and coin(rng, NO_PARCEL_SHARE):
        parcel.ending = "no_parcel"
        for order in parcel.orders:
            order.confirmed_at = parcel.ship_at + hours(rng, 40, 120)
        return
    journey = Journey(rng, parcel)
    attempt = journey.forward()
    parcel.attempt_at = attempt
    parcel.excess_days = excess_days(parcel, attempt)
    cause, fired = fire(rng, risks(parcel))
    station = coin(rng, 0.2 if parcel.courier.key == "sf" else STATION_SHARE)
    if coin(rng, LOST):
        _lose(rng, journey, parcel)
    elif cause:
        parcel.cause, parcel.fired = cause, fired
        _refuse_or_intercept(rng, journey, parcel, attempt, station)
    else:
        _other_ending(rng, journey, parcel, attempt, station, boosted)
    if boosted and coin(rng, 0.3):
        journey.steps = [s for s in journey.steps if s[1] not in ("pickup", "depart_site")]
    parcel.events = journey.events()


def _lose(rng: random.Random, journey: Journey, parcel: Parcel) -> None:
    last_hub = next(at for at, kind, _ in journey.steps if kind == "depart_origin_hub")
    journey.cut_after(last_hub)
    stale = last_hub + timedelta(days=rng.uniform(3, 5))
    journey.add(stale, "stale", days=3)
    parcel.ending, parcel.ending_at = "lost", stale


def _refuse_or_intercept(rng: random.Random, journey: Journey, parcel: Parcel, attempt,
                         station: bool) -> None:
    cause = parcel.cause
    if cause == "logistics" and coin(rng, LOGISTICS_SECOND_RUN):
        attempt = journey.failed_attempt(attempt)
    meet = journey.out_for_delivery(attempt, station)
    applied = max(parcel.ship_at + hours(rng, 1, 3), attempt - hours(rng, 6, 60))
    agreed = min(applied + hours(rng, 0.5, 20), attempt - timedelta(minutes=30))
    # a refusal still to come at TRUTH_AT leaves no 待用户拒收 state behind it
    can_ask = agreed > applied and meet <= season.TRUTH_AT
    asks = can_ask and coin(rng, ASKS_IN_TRANSIT[cause])
    intercept_at = agreed + hours(rng, 2, 24)
    if asks and coin(rng, INTERCEPTED) and intercept_at < attempt - timedelta(hours=1):
        parcel.refund_applied_at, parcel.refund_agreed_at = applied, agreed
        journey.cut_after(intercept_at)
        journey.add(intercept_at, "intercepted")
        parcel.ending, parcel.ending_at = "intercepted", intercept_at
        parcel.returned_at = journey.return_to_sender(intercept_at)
        return
    miscode = rng.choices([m for m, _ in MISCODES], [w for _, w in MISCODES])[0]
    journey.refuse(meet, station, stated_reason(rng, cause), miscode)
    parcel.ending, parcel.ending_at = "refused", meet
    parcel.returned_at = journey.return_to_sender(meet)
    visible = season.tracking_shows(parcel.courier.kuaidi100_from, parcel.ship_at,
                                    max(at for at, _, _ in journey.steps), meet)
    if asks or (can_ask and not visible):
        parcel.refund_applied_at, parcel.refund_agreed_at = applied, agreed


def _other_ending(rng: random.Random, journey: Journey, parcel: Parcel, attempt, station: bool,
                  boosted: bool) -> None:
    unreachable = 0.02 if boosted else UNREACHABLE
    overdue = 0.15 if boosted else STATION_OVERDUE
    if not boosted and coin(rng, ADDRESS_UNKNOWN):
        moment = attempt + hours(rng, 0.5, 3)
        journey.add(moment, "address_unknown")
        parcel.ending = "address"
    elif coin(rng, unreachable):
        attempt = journey.failed_attempt(attempt)
        journey.add(attempt, "out_for_delivery", n=2)
        moment = attempt + hours(rng, 1, 3)
        journey.add(moment, "unreachable")
        parcel.ending = "unreachable"
    elif station and coin(rng, overdue):
        journey.add(attempt, "out_for_delivery", n=1)
        drop = attempt + hours(rng, 1, 4)
        journey.add(drop, "station_drop")
        moment = drop + timedelta(hours=72) + hours(rng, 0, 12)
        journey.add(moment, "station_overdue")
        parcel.ending = "station_overdue"
    else:
        if coin(rng, SECOND_RUN):
            attempt = journey.failed_attempt(attempt)
        moment = journey.out_for_delivery(attempt, station)
        journey.sign(moment, station)
        parcel.ending, parcel.ending_at = "signed", moment
        return
    parcel.ending_at = moment
    parcel.returned_at = journey.return_to_sender(moment)
