"""What happens to each parcel on the road and at the door, and the truth each order ends with."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from .causes import (
    CAUSES,
    Pulls,
    decide,
    logistics_pull,
    quality_pull,
    review_pull,
    spoils_on_the_way,
    violation_pull,
)
from .model import Event, Order, Parcel
from .route import RoutePlan, plan_route
from .season import CUTOFF, Season
from .trace import Voice, forward_leg, return_leg
from .vocab import pick

_LOST = 0.002
_UNDELIVERABLE = 0.018
_CHANGED_MIND = 0.012
_INTERCEPT_WHEN_CHANGED_MIND = 0.6
_GENERIC_NOTE = 0.55
_MISLEADING_NOTE = 0.10
_SECOND_ATTEMPT = 0.15
_VIA_LOCKER = 0.25
_DAY = 86400.0


def _first_attempt(arrive_station: datetime, rng: random.Random) -> datetime:
    day = arrive_station.date()
    if arrive_station.hour >= 13:
        day += timedelta(days=1)
        return datetime.combine(day, time(8)) + timedelta(minutes=rng.randint(0, 180))
    return max(
        arrive_station + timedelta(hours=1),
        datetime.combine(day, time(13)) + timedelta(minutes=rng.randint(0, 240)),
    )


def _days_late(parcel: Parcel, plan: RoutePlan, attempt: datetime) -> float:
    assert parcel.handover_at is not None
    order = parcel.orders[0]
    road = (attempt - parcel.handover_at).total_seconds() / _DAY - (plan.usual_days + 0.6)
    declared_late = 0.0
    genuine = (parcel.handover_at - parcel.declared_at).total_seconds() < 1.5 * _DAY
    if genuine and order.promise_ship_at and parcel.declared_at > order.promise_ship_at:
        declared_late = (parcel.declared_at - order.promise_ship_at).total_seconds() / _DAY
    return max(0.0, road) + declared_late


def _damaged(rng: random.Random, season: Season, parcel: Parcel) -> bool:
    rate = parcel.courier.damage_rate
    if any(line.product.heavy_box for order in parcel.orders for line in order.lines):
        rate *= 1.8
    if season.nanning_surge.holds(parcel.declared_at.date()):
        rate *= 1.5
    return rng.random() < rate


def _refusal_note(rng: random.Random, parcel: Parcel) -> str:
    if rng.random() < _GENERIC_NOTE:
        return pick(rng, "refusal", "generic")
    said = parcel.cause
    if rng.random() < _MISLEADING_NOTE:
        said = rng.choice([cause for cause in CAUSES if cause != parcel.cause])
    key = "logistics_rot" if said == parcel.cause == "logistics" and parcel.rotten else said
    reason = pick(rng, "reason", key)
    return pick(rng, "refusal", "with_reason").format(reason=reason)


def _deliver(
    rng: random.Random, parcel: Parcel, voice: Voice, city: str, station: str, attempt: datetime
) -> list[Event]:
    locker = (
        f"{city.removesuffix('市')}{rng.choice(('菜鸟驿站', '丰巢柜', '兔喜生活', '妈妈驿站'))}"
    )
    if rng.random() < _VIA_LOCKER:
        parcel.via_locker = True
        parcel.signed_at = attempt + timedelta(hours=rng.uniform(2, 30))
        return [
            Event(attempt, "locker", voice.say("locker", city=city, locker=locker), city),
            Event(
                parcel.signed_at,
                "signed_proxy",
                voice.say("signed_proxy", city=city, locker=locker),
                city,
            ),
        ]
    parcel.signed_at = attempt + timedelta(hours=rng.uniform(0.3, 3))
    return [
        Event(
            attempt,
            "out_for_delivery",
            voice.say("out_for_delivery", city=city, station=station, n="1"),
            city,
        ),
        Event(parcel.signed_at, "signed", voice.say("signed", city=city, station=station), city),
    ]


def _refuse(
    rng: random.Random, parcel: Parcel, plan: RoutePlan, voice: Voice, city: str, attempt: datetime
) -> list[Event]:
    events = []
    if rng.random() < _SECOND_ATTEMPT:
        events.append(
            Event(
                attempt,
                "out_for_delivery",
                voice.say("out_for_delivery", city=city, station=plan.station, n="1"),
                city,
            )
        )
        events.append(
            Event(attempt + timedelta(hours=2), "unreachable", voice.common("unreachable"), city)
        )
        attempt += timedelta(days=1)
        parcel.attempts = 2
    parcel.first_attempt_at = attempt
    events.append(
        Event(
            attempt,
            "out_for_delivery",
            voice.say("out_for_delivery", city=city, station=plan.station, n=str(parcel.attempts)),
            city,
        )
    )
    parcel.refused_at = attempt + timedelta(minutes=rng.randint(5, 90))
    parcel.refusal_note = _refusal_note(rng, parcel)
    events.append(Event(parcel.refused_at, "refused", parcel.refusal_note, city))
    parcel.ending = "refused"
    events += return_leg(
        rng, parcel, plan, voice, parcel.refused_at + timedelta(hours=rng.uniform(3, 20))
    )
    return events


def _return_undelivered(
    rng: random.Random, parcel: Parcel, plan: RoutePlan, voice: Voice, city: str, attempt: datetime
) -> list[Event]:
    kind = rng.choices(("unreachable", "bad_address", "locker_timeout"), weights=(45, 28, 27))[0]
    parcel.return_kind = kind
    parcel.ending = "returned"
    locker = f"{city.removesuffix('市')}菜鸟驿站"
    if kind == "locker_timeout":
        events = [Event(attempt, "locker", voice.say("locker", city=city, locker=locker), city)]
        problem_at = attempt + timedelta(days=3, hours=rng.uniform(0, 6))
    else:
        events = [
            Event(
                attempt,
                "out_for_delivery",
                voice.say("out_for_delivery", city=city, station=plan.station, n="1"),
                city,
            )
        ]
        problem_at = attempt + timedelta(hours=rng.uniform(1, 5))
        if kind == "unreachable":
            events.append(Event(problem_at, kind, voice.common(kind), city))
            attempt += timedelta(days=1)
            events.append(
                Event(
                    attempt,
                    "out_for_delivery",
                    voice.say("out_for_delivery", city=city, station=plan.station, n="2"),
                    city,
                )
            )
            problem_at = attempt + timedelta(hours=rng.uniform(1, 5))
    events.append(Event(problem_at, kind, voice.common(kind, locker=locker), city))
    parcel.first_attempt_at = problem_at
    return events + return_leg(
        rng, parcel, plan, voice, problem_at + timedelta(hours=rng.uniform(4, 24))
    )


def _intercept(
    rng: random.Random, parcel: Parcel, plan: RoutePlan, voice: Voice, arrive_station: datetime
) -> list[Event]:
    assert parcel.handover_at is not None
    moment = parcel.handover_at + (arrive_station - parcel.handover_at) * rng.uniform(0.4, 0.9)
    parcel.ending = "returned"
    parcel.return_kind = "intercepted"
    parcel.first_attempt_at = moment
    city = plan.hubs[-1][1]
    events = [Event(moment, "intercepted", voice.common("intercepted"), city)]
    return events + return_leg(
        rng, parcel, plan, voice, moment + timedelta(hours=rng.uniform(2, 12))
    )


def run_parcel(rng: random.Random, season: Season, parcel: Parcel) -> Pulls | None:
    """Lay out the parcel's trip and decide its ending; the pulls that acted, for the record."""
    assert parcel.handover_at is not None
    buyer = parcel.orders[0].buyer
    plan = plan_route(
        rng, season, parcel.courier, buyer.province, buyer.city, buyer.district, parcel.handover_at
    )
    span = plan.usual_days * rng.uniform(0.85, 1.15) + plan.held_days
    arrive_station = parcel.handover_at + timedelta(days=span)
    attempt = _first_attempt(arrive_station, rng)
    voice = Voice(rng, parcel)
    parcel.days_late = _days_late(parcel, plan, attempt)
    parcel.rotten = spoils_on_the_way(season, parcel, attempt.date())
    parcel.damaged = _damaged(rng, season, parcel)
    events = forward_leg(rng, parcel, plan, voice, arrive_station)
    if rng.random() < _LOST:
        parcel.ending = "lost"
        cut = rng.randint(2, max(2, len(events) - 1))
        events = events[:cut]
        events.append(
            Event(
                events[-1].at + timedelta(days=rng.uniform(3, 5)),
                "lost_probe",
                voice.common("lost_probe"),
                events[-1].city,
            )
        )
        parcel.events = events
        return None
    pulls = Pulls(
        product_quality=quality_pull(season, parcel, parcel.handover_at.date()),
        logistics=logistics_pull(season, parcel, attempt.date()),
        reviews=review_pull(season, parcel, (parcel.declared_at + timedelta(days=1)).date()),
        rule_violation=violation_pull(parcel),
    )
    parcel.cause = decide(rng, pulls)
    city = buyer.city
    if parcel.cause:
        events += _refuse(rng, parcel, plan, voice, city, attempt)
    elif rng.random() < _UNDELIVERABLE:
        events += _return_undelivered(rng, parcel, plan, voice, city, attempt)
    elif rng.random() < _CHANGED_MIND and rng.random() < _INTERCEPT_WHEN_CHANGED_MIND:
        parcel.changed_mind = True
        events = [event for event in events if event.kind != "arrive_station"]
        events += _intercept(rng, parcel, plan, voice, arrive_station)
    else:
        parcel.changed_mind = rng.random() < _CHANGED_MIND * (1 - _INTERCEPT_WHEN_CHANGED_MIND)
        parcel.first_attempt_at = attempt
        parcel.ending = "delivered"
        events += _deliver(rng, parcel, voice, city, plan.station, attempt)
    events.sort(key=lambda event: event.at)
    parcel.events = events
    return pulls


def _problem_at(parcel: Parcel) -> datetime | None:
    kinds = ("unreachable", "bad_address", "locker_timeout", "intercepted")
    moments = [event.at for event in parcel.events if event.kind in kinds]
    return max(moments) if parcel.return_kind != "intercepted" else min(moments, default=None)


def settle_outcome(order: Order) -> None:
    """The order's truth as of the data cut-off (what the labels say)."""
    parcel = order.parcel
    if order.paid_at is None or order.refunded_unshipped_at is not None:
        order.outcome = "cancelled"
        return
    if parcel is None:
        order.outcome = "not_shipped"
        return
    if order.reused_tracking:
        done = order.refunded_at is not None and order.refunded_at <= CUTOFF
        order.outcome = "refunded" if done else "not_shipped"
        return
    if parcel.ending == "refused" and parcel.refused_at and parcel.refused_at <= CUTOFF:
        order.outcome, order.cause = "refused", parcel.cause
    elif parcel.ending == "delivered" and parcel.signed_at and parcel.signed_at <= CUTOFF:
        order.outcome = "delivered"
    elif parcel.ending == "returned" and (_problem_at(parcel) or CUTOFF) <= CUTOFF:
        order.outcome = "returned_undelivered"
    elif parcel.ending == "lost" and parcel.events[-1].at <= CUTOFF:
        order.outcome = "lost"
    else:
        order.outcome = "in_transit"
