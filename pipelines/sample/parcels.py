"""Every parcel's journey: the random durations, the milestones from shipping through delivery
attempts to the outcome and the return trip, each order's true outcome at the end of the period,
and the courier tracking events that report the journey.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipelines.sample.fates import (
    _DeliveryMode,
    _Fate,
    _Fates,
    _RefusalStyle,
    _ReturnReason,
    _Signals,
)
from pipelines.sample.vocabulary import (
    _COURIERS,
    _FAIL_REASONS,
    _GENERIC_REFUSALS,
    _KINDS,
    _LOGISTICS_REFUSALS,
    _QUALITY_REFUSALS,
    _REVIEWS_REFUSALS,
    _STUCK_REASONS,
    _TRANSIT_HOURS,
    _Kind,
    _reason_ids,
)
from pipelines.sample.world import (
    DAY,
    HOUR,
    LOGISTICS,
    NEVER,
    QUALITY,
    REVIEWS,
    RULES,
    Profile,
    _Calendar,
    _Geography,
    _hours,
    _Orders,
    _pick,
)

OUTCOMES = (
    "refused", "returned_undelivered", "delivered", "in_transit", "not_shipped", "cancelled")
REFUSED, RETURNED_UNDELIVERED, DELIVERED, IN_TRANSIT, NOT_SHIPPED, CANCELLED = range(6)


@dataclass(eq=False)
class _Draws:
    """Every random duration of the parcel timeline, drawn once, so that an order without an
    incident has the same timeline before and after the causes are assigned."""

    ship_lag: np.ndarray
    late_extra: np.ndarray
    pickup: np.ndarray
    hub_wait: np.ndarray
    hub_stay: np.ndarray
    transit_noise: np.ndarray
    slow_factor: np.ndarray
    stuck_long: np.ndarray
    stuck_short: np.ndarray
    stuck_offset: np.ndarray
    dest_hub_stay: np.ndarray
    damage_offset: np.ndarray
    to_first_attempt: np.ndarray
    retry_gap: np.ndarray
    fail_offset: np.ndarray
    extra_attempts: np.ndarray
    to_locker: np.ndarray
    locker_pickup: np.ndarray
    to_sign: np.ndarray
    to_refusal: np.ndarray
    to_reason: np.ndarray
    intercept_offset: np.ndarray
    locker_timeout: np.ndarray
    return_wait: np.ndarray
    return_factor: np.ndarray
    to_refund: np.ndarray
    to_confirm: np.ndarray
    reuse_delay: np.ndarray

    @classmethod
    def draw(cls, rng: np.random.Generator, n: int) -> _Draws:
        lag_hours = np.clip(rng.lognormal(np.log(14), 0.7, n), 1, 46)
        return cls(
            ship_lag=(lag_hours * HOUR).astype(np.int64),
            late_extra=_hours(rng, 4, 60, n),
            pickup=_hours(rng, 0.5, 6, n),
            hub_wait=_hours(rng, 1.5, 5, n),
            hub_stay=_hours(rng, 1, 4, n),
            transit_noise=np.exp(rng.normal(0, 0.2, n)),
            slow_factor=rng.uniform(1.8, 2.8, n),
            stuck_long=_hours(rng, 24, 60, n),
            stuck_short=_hours(rng, 6, 18, n),
            stuck_offset=_hours(rng, 2, 8, n),
            dest_hub_stay=_hours(rng, 1, 4, n),
            damage_offset=_hours(rng, 0.5, 3, n),
            to_first_attempt=_hours(rng, 1, 8, n),
            retry_gap=_hours(rng, 20, 28, n),
            fail_offset=_hours(rng, 1, 4, n),
            extra_attempts=rng.integers(2, 4, n),
            to_locker=_hours(rng, 0.3, 2, n),
            locker_pickup=_hours(rng, 1, 30, n),
            to_sign=_hours(rng, 0.3, 4, n),
            to_refusal=_hours(rng, 0.2, 3, n),
            to_reason=_hours(rng, 1, 5, n),
            intercept_offset=_hours(rng, 1, 6, n),
            locker_timeout=_hours(rng, 72, 96, n),
            return_wait=_hours(rng, 3, 20, n),
            return_factor=rng.uniform(0.8, 1.2, n),
            to_refund=_hours(rng, 1, 24, n),
            to_confirm=_hours(rng, 24, 240, n),
            reuse_delay=_hours(rng, 1, 6, n),  # drawn last: every other duration stays as it was
        )


@dataclass(eq=False)
class _Timeline:
    owner: np.ndarray  # the order whose parcel carries this order's tracking number
    ship_at: np.ndarray
    pickup_at: np.ndarray
    hub_in_origin_at: np.ndarray
    hub_out_origin_at: np.ndarray
    stuck_at: np.ndarray
    hub_in_dest_at: np.ndarray
    hub_out_dest_at: np.ndarray
    damage_at: np.ndarray
    station_at: np.ndarray
    first_attempt_at: np.ndarray
    retry_gap: np.ndarray
    attempts: np.ndarray
    fail_offset: np.ndarray
    locker_at: np.ndarray
    outcome_at: np.ndarray  # signed, refused, or the reason it went back
    return_start_at: np.ndarray
    return_signed_at: np.ndarray
    refund_at: np.ndarray
    confirm_at: np.ndarray

    @property
    def last_attempt_at(self) -> np.ndarray:
        return self.first_attempt_at + (self.attempts - 1) * self.retry_gap

    @property
    def reuses_number(self) -> np.ndarray:
        """Orders shipped on paper only, on the number of another order's parcel: fake
        shipping. INPUTS.md gives that parcel's fate to the order it was first shipped for."""
        return self.owner != np.arange(len(self.owner))

    def follow_owner(self) -> None:
        """Orders sharing a tracking number share that parcel's whole history (`_timeline` then
        dates the reused number's later entries)."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name)[self.owner])


def _timeline(orders: _Orders, fates: _Fates, signals: _Signals, draws: _Draws, geo: _Geography,
              owner: np.ndarray | None = None) -> _Timeline:
    """Milestones of every parcel: shipping, transit with its incidents, delivery attempts, and
    the outcome (signed, refused, or sent back), then the return trip and the refund."""
    promise = orders.deal_at + 48 * HOUR
    ship = fates.paid_at + draws.ship_lag
    ship = np.where(signals.late_ship, np.maximum(ship, promise + draws.late_extra), ship)
    ship = np.where(fates.ships, ship, NEVER)
    speed = np.array([c.speed for c in _COURIERS])[orders.courier]
    transit = (_TRANSIT_HOURS[geo.province_class[orders.province]] * speed * draws.transit_noise
               * np.where(signals.slow, draws.slow_factor, 1.0) * HOUR).astype(np.int64)
    delay = np.where(signals.stuck,
                     np.where(signals.stuck_long, draws.stuck_long, draws.stuck_short), 0)
    pickup = ship + draws.pickup
    hub_in_origin = pickup + draws.hub_wait
    hub_out_origin = hub_in_origin + draws.hub_stay
    stuck_at = hub_out_origin + draws.stuck_offset
    hub_in_dest = np.maximum(pickup + transit * 7 // 10 + delay,
                             np.where(signals.stuck, stuck_at, hub_out_origin) + 2 * HOUR)
    hub_out_dest = hub_in_dest + draws.dest_hub_stay
    damage_at = hub_out_dest + draws.damage_offset
    station = np.maximum(pickup + transit + delay,
                         np.where(signals.damage, damage_at, hub_out_dest) + HOUR)
    first_attempt = station + draws.to_first_attempt
    attempts = np.where(signals.repeat, draws.extra_attempts, 1)
    attempts = np.where(fates.return_reason == _ReturnReason.UNREACHABLE, 2, attempts)
    last_attempt = first_attempt + (attempts - 1) * draws.retry_gap
    in_locker = fates.delivery_mode == _DeliveryMode.LOCKER
    locker_at = np.where(in_locker, last_attempt + draws.to_locker, NEVER)
    outcome = _outcome_times(fates, draws, last_attempt, locker_at, hub_in_dest)
    goes_back = (fates.fate == _Fate.REFUSED) | (fates.fate == _Fate.RETURNED)
    return_start = np.where(goes_back, outcome + draws.return_wait, NEVER)
    return_signed = np.where(
        goes_back, return_start + (transit * draws.return_factor).astype(np.int64), NEVER)
    timeline = _Timeline(
        owner=np.arange(len(ship)) if owner is None else owner,
        ship_at=ship, pickup_at=pickup, hub_in_origin_at=hub_in_origin,
        hub_out_origin_at=hub_out_origin, stuck_at=stuck_at, hub_in_dest_at=hub_in_dest,
        hub_out_dest_at=hub_out_dest, damage_at=damage_at, station_at=station,
        first_attempt_at=first_attempt, retry_gap=draws.retry_gap, attempts=attempts,
        fail_offset=draws.fail_offset, locker_at=locker_at, outcome_at=outcome,
        return_start_at=return_start, return_signed_at=return_signed,
        refund_at=np.where(goes_back, return_signed + draws.to_refund, NEVER),
        confirm_at=np.where(fates.fate == _Fate.DELIVERED, outcome + draws.to_confirm, NEVER),
    )
    timeline.follow_owner()
    # A reused number is entered after its parcel has shipped, so the parcel's own order is the
    # one it was first shipped for and the 发货时间 differ (not shipped together).
    timeline.ship_at = np.where(timeline.reuses_number, timeline.ship_at + draws.reuse_delay,
                                timeline.ship_at)
    return timeline


def _outcome_times(fates: _Fates, draws: _Draws, last_attempt: np.ndarray,
                   locker_at: np.ndarray, hub_in_dest: np.ndarray) -> np.ndarray:
    in_locker = fates.delivery_mode == _DeliveryMode.LOCKER
    signed = np.where(in_locker, locker_at + draws.locker_pickup, last_attempt + draws.to_sign)
    reason = fates.return_reason
    sent_back = np.select(
        [reason == _ReturnReason.INTERCEPTED, reason == _ReturnReason.LOCKER_TIMEOUT],
        [hub_in_dest + draws.intercept_offset, locker_at + draws.locker_timeout],
        last_attempt + draws.to_reason)
    return np.select([fates.fate == _Fate.DELIVERED, fates.fate == _Fate.REFUSED,
                      fates.fate == _Fate.RETURNED],
                     [signed, last_attempt + draws.to_refusal, sent_back], NEVER)


def _hide_refusals_in_after_sales(rng: np.random.Generator, signals: _Signals, fates: _Fates,
                                  timeline: _Timeline, calendar: _Calendar,
                                  profile: Profile) -> None:
    """Some refusals leave no refusal trace in tracking, only the platform's refusal-refund
    state. That state must still be visible in the last after-sales export, so only refusals
    whose refund is still open at the end are eligible."""
    refused = (fates.fate == _Fate.REFUSED) & (timeline.outcome_at < calendar.end)
    eligible = refused & (timeline.refund_at >= calendar.end) & ~signals.shared_tracking \
        & ~signals.words_must_show
    count = round(0.04 * profile.noise * int(refused.sum()))
    hidden = _pick(rng, eligible, count)
    signals.refusal_style[hidden] = _RefusalStyle.AFTER_SALES_ONLY
    signals.negotiating[hidden] = True


def _outcomes(orders: _Orders, fates: _Fates, timeline: _Timeline, end: int) -> np.ndarray:
    """The true outcome of each order as of the end of the covered period. An order on a reused
    number never had a parcel of its own: not shipped, whatever became of the parcel."""
    fate = fates.fate
    happened = timeline.outcome_at < end
    return np.select(
        [fate == _Fate.UNPAID,
         fate == _Fate.REFUNDED_BEFORE_SHIPPING,
         timeline.reuses_number | (timeline.ship_at >= end),
         (fate == _Fate.REFUSED) & happened,
         (fate == _Fate.RETURNED) & happened,
         (fate == _Fate.DELIVERED) & happened],
        [np.where(orders.deal_at + DAY < end, CANCELLED, NOT_SHIPPED),
         np.where(fates.preship_done_at < end, CANCELLED, NOT_SHIPPED),
         NOT_SHIPPED, REFUSED, RETURNED_UNDELIVERED, DELIVERED],
        IN_TRANSIT).astype(np.int8)


@dataclass(eq=False)
class _Events:
    """Tracking events of every parcel up to the end of the period, sorted by parcel then time."""

    owner: np.ndarray
    at: np.ndarray
    kind: np.ndarray
    reason: np.ndarray
    k100_state: np.ndarray
    k100_advanced: np.ndarray
    kdniao_state: np.ndarray
    kdniao_state_ex: np.ndarray


_KIND_CODES = np.array([[*_KINDS[k].k100, *_KINDS[k].kdniao] for k in _Kind], np.int16)


class _EventCollector:
    """Gathers events stage by stage; each stage is a vectorised slice of all parcels."""

    def __init__(self) -> None:
        self._parts: list[tuple[np.ndarray, ...]] = []

    def add(self, mask: np.ndarray, at: np.ndarray, kind: int | np.ndarray,
            reason: int | np.ndarray = 0, codes: Sequence[int | np.ndarray] | None = None) -> None:
        rows = np.flatnonzero(mask).astype(np.int32)
        kinds = _rows_of(kind, rows).astype(np.int8)
        default = _KIND_CODES[kinds]
        if codes is not None:
            default = np.stack([_rows_of(code, rows) for code in codes], axis=1).astype(np.int16)
        self._parts.append((rows, at[rows], kinds, _rows_of(reason, rows).astype(np.int16),
                            default))

    def build(self, end: int) -> _Events:
        owner, at, kind, reason, codes = (
            np.concatenate(part) for part in zip(*self._parts, strict=True))
        keep = at < end
        owner, at, kind, reason, codes = owner[keep], at[keep], kind[keep], reason[keep], \
            codes[keep]
        order = np.argsort(owner.astype(np.int64) << 34 | (at - at.min()), kind="stable")
        codes = codes[order]
        return _Events(owner=owner[order], at=at[order], kind=kind[order], reason=reason[order],
                       k100_state=codes[:, 0], k100_advanced=codes[:, 1],
                       kdniao_state=codes[:, 2], kdniao_state_ex=codes[:, 3])


def _rows_of(value: int | np.ndarray, rows: np.ndarray) -> np.ndarray:
    return value[rows] if isinstance(value, np.ndarray) else np.full(len(rows), value)


def _build_events(rng: np.random.Generator, fates: _Fates, signals: _Signals,
                  timeline: _Timeline, calendar: _Calendar, profile: Profile) -> _Events:
    n = len(fates.fate)
    parcel = fates.ships & (timeline.owner == np.arange(n))
    events = _EventCollector()
    _transit_events(events, parcel, fates, signals, timeline, rng)
    _delivery_events(events, parcel, fates, signals, timeline, rng)
    _refusal_events(events, parcel & (fates.fate == _Fate.REFUSED), fates, signals, timeline, rng)
    _return_events(events, parcel, fates, signals, timeline)
    built = events.build(calendar.end)
    missing = rng.random(len(built.at)) < 0.01 * profile.noise
    built.k100_advanced[missing] = -1
    return built


def _transit_events(events: _EventCollector, parcel: np.ndarray, fates: _Fates,
                    signals: _Signals, timeline: _Timeline, rng: np.random.Generator) -> None:
    n = len(parcel)
    reaches_station = parcel & (fates.return_reason != _ReturnReason.INTERCEPTED)
    events.add(parcel & ~signals.no_pickup, timeline.pickup_at, _Kind.PICKUP)
    events.add(parcel, timeline.hub_in_origin_at, _Kind.HUB_IN_ORIGIN)
    events.add(parcel, timeline.hub_out_origin_at, _Kind.HUB_OUT_ORIGIN)
    stuck_kind = np.where(signals.stalled_text, _Kind.STALLED, _Kind.STUCK)
    stuck_reason = _reason_ids(_STUCK_REASONS)[rng.integers(0, len(_STUCK_REASONS), n)]
    events.add(parcel & signals.stuck, timeline.stuck_at, stuck_kind, stuck_reason)
    events.add(parcel, timeline.hub_in_dest_at, _Kind.HUB_IN_DEST)
    events.add(reaches_station, timeline.hub_out_dest_at, _Kind.HUB_OUT_DEST)
    events.add(reaches_station & signals.damage, timeline.damage_at, _Kind.DAMAGED)
    events.add(reaches_station, timeline.station_at, _Kind.AT_STATION)


def _delivery_events(events: _EventCollector, parcel: np.ndarray, fates: _Fates,
                     signals: _Signals, timeline: _Timeline, rng: np.random.Generator) -> None:
    n = len(parcel)
    reaches_door = parcel & (fates.return_reason != _ReturnReason.INTERCEPTED)
    fail_reason = _reason_ids(_FAIL_REASONS)[rng.integers(0, len(_FAIL_REASONS), n)]
    for attempt in range(int(timeline.attempts.max(initial=1))):
        at = timeline.first_attempt_at + attempt * timeline.retry_gap
        events.add(reaches_door & (timeline.attempts > attempt), at, _Kind.OUT_FOR_DELIVERY)
        events.add(reaches_door & (timeline.attempts > attempt + 1), at + timeline.fail_offset,
                   _Kind.DELIVERY_FAILED, fail_reason)
    events.add(parcel & (timeline.locker_at < NEVER), timeline.locker_at, _Kind.IN_LOCKER)
    delivered = parcel & (fates.fate == _Fate.DELIVERED)
    mode = fates.delivery_mode
    had_issue = signals.stuck | signals.damage | signals.repeat
    signed_kind = np.select(
        [mode == _DeliveryMode.LOCKER, had_issue, mode == _DeliveryMode.PROXY],
        [_Kind.SIGNED_AT_LOCKER, _Kind.SIGNED_AFTER_ISSUE, _Kind.SIGNED_BY_PROXY], _Kind.SIGNED)
    events.add(delivered, timeline.outcome_at, signed_kind)


def _refusal_events(events: _EventCollector, refused: np.ndarray, fates: _Fates,
                    signals: _Signals, timeline: _Timeline, rng: np.random.Generator) -> None:
    """The refusal itself, in the form the order's refusal style dictates."""
    n = len(refused)
    style = signals.refusal_style
    with_reason = signals.words & ~signals.generic_text & (fates.cause != RULES)
    generic = _GENERIC_REFUSALS[rng.integers(0, len(_GENERIC_REFUSALS), n)]
    text_kind = np.where(with_reason, _Kind.REFUSED_WITH_REASON, generic)
    reason = _refusal_reason(rng, fates.cause, signals.damage)
    code_state = np.where(signals.code_14, 14, 2)
    code_advanced = np.where(signals.code_14, 14, 203)
    events.add(refused & (style == _RefusalStyle.CODE_AND_TEXT), timeline.outcome_at, text_kind,
               reason, codes=(code_state, code_advanced, 4, 404))
    wrong_state = np.where(rng.random(n) < 0.5, 5, -1)
    events.add(refused & (style == _RefusalStyle.TEXT_ONLY), timeline.outcome_at, text_kind,
               reason, codes=(wrong_state, wrong_state, 2, -1))
    events.add(refused & (style == _RefusalStyle.CODE_ONLY), timeline.outcome_at,
               _Kind.DELIVERY_ABORTED)
    events.add(refused & (style == _RefusalStyle.AFTER_SALES_ONLY), timeline.outcome_at,
               _Kind.DELIVERY_ABORTED, codes=(6, 6, 2, 407))


def _refusal_reason(rng: np.random.Generator, cause: np.ndarray, damage: np.ndarray) -> np.ndarray:
    """The reason a courier notes for a refusal in the cause's own words."""
    n = len(cause)
    logistics = _reason_ids(_LOGISTICS_REFUSALS)
    quality = _reason_ids(_QUALITY_REFUSALS)
    reviews = _reason_ids(_REVIEWS_REFUSALS)
    slow_words = logistics[rng.integers(0, len(logistics) - 1, n)]
    return np.select(
        [(cause == LOGISTICS) & damage, cause == LOGISTICS, cause == QUALITY, cause == REVIEWS],
        [logistics[-1], slow_words, quality[rng.integers(0, len(quality), n)],
         reviews[rng.integers(0, len(reviews), n)]], 0)


def _return_events(events: _EventCollector, parcel: np.ndarray, fates: _Fates,
                   signals: _Signals, timeline: _Timeline) -> None:
    returned = parcel & (fates.fate == _Fate.RETURNED)
    reason = fates.return_reason
    for why, kind in ((_ReturnReason.ADDRESS_UNKNOWN, _Kind.ADDRESS_UNKNOWN),
                      (_ReturnReason.UNREACHABLE, _Kind.UNREACHABLE),
                      (_ReturnReason.INTERCEPTED, _Kind.INTERCEPTED),
                      (_ReturnReason.LOCKER_TIMEOUT, _Kind.LOCKER_TIMEOUT)):
        events.add(returned & (reason == why), timeline.outcome_at, kind)
    goes_back = parcel & (timeline.return_start_at < NEVER)
    events.add(goes_back, timeline.return_start_at, _Kind.RETURNING)
    # 14 拒签 closes some refusals; it is refusal evidence, so never on other styles or returns.
    rejected = (fates.fate == _Fate.REFUSED) & signals.returned_as_14 \
        & (signals.refusal_style == _RefusalStyle.CODE_AND_TEXT)
    code = np.where(rejected, 14, 4)
    events.add(goes_back, timeline.return_signed_at, _Kind.RETURN_SIGNED,
               codes=(code, code, 3, 406))
