"""What the platform keeps besides tracking: after-sales records with their status history, buyer
reviews (ordinary ones, review storms, stray low ones), penalty bills and the daily store scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.sample.fates import Storm, _Fate, _Fates, _ReturnReason, _Signals
from pipelines.sample.parcels import _Timeline
from pipelines.sample.vocabulary import (
    _CANCEL_AS_REASONS,
    _FAKE_SHIPPING,
    _FAKE_TRACKING,
    _FAKE_TRADE,
    _LATE_FINE,
    _OTHER_REASON,
    _QUALITY_AS_REASONS,
    _REVIEW_TEXTS,
    _REVIEW_VOCABULARY,
    _STOCKOUT_FINE,
    AGREED,
    AGREED_REFUSAL,
    APPLIED,
    PLATFORM,
    REFUND_ONLY,
    REFUNDED,
    REJECTED,
    RETURN_AND_REFUND,
    WITHDRAWN,
)
from pipelines.sample.world import (
    DAY,
    HOUR,
    LOGISTICS,
    NEVER,
    QUALITY,
    REVIEWS,
    _Calendar,
    _Catalog,
    _hours,
    _Lines,
    _Orders,
    _unique_ints,
)


@dataclass(eq=False)
class _AfterSales:
    """After-sales records; each moves through up to three statuses at known times."""

    order: np.ndarray
    kind: np.ndarray
    reason: np.ndarray
    applied_at: np.ndarray
    middle_at: np.ndarray
    done_at: np.ndarray
    statuses: np.ndarray  # (records, 3): first, middle, final status
    amount: np.ndarray
    shipped: np.ndarray
    return_tracking: np.ndarray  # -1 when the buyer sent nothing back
    ids: np.ndarray

    def status_at(self, rows: np.ndarray, cutoff: int) -> np.ndarray:
        stage = (self.middle_at[rows] < cutoff).astype(int) + (self.done_at[rows] < cutoff)
        return self.statuses[rows, stage]


class _RecordCollector:
    """Gathers record groups; each column is a constant or an array aligned with `rows`."""

    def __init__(self) -> None:
        self._parts: list[dict[str, np.ndarray]] = []

    def add(self, rows: np.ndarray, **columns: int | np.ndarray) -> None:
        self._parts.append({"order": rows} | {
            name: np.broadcast_to(value, len(rows)) for name, value in columns.items()})

    def column(self, name: str) -> np.ndarray:
        return np.concatenate([part[name] for part in self._parts])


def _draw_after_sales(rng: np.random.Generator, orders: _Orders, fates: _Fates,
                      signals: _Signals, timeline: _Timeline, catalog: _Catalog, lines: _Lines,
                      end: int) -> _AfterSales:
    n = len(fates.fate)
    paid = lines.order_paid(n)
    records = _RecordCollector()
    _preship_records(rng, records, fates, paid)
    _refusal_records(rng, records, fates, signals, timeline, paid, end)
    _returned_records(rng, records, fates, timeline, paid)
    _after_signing_records(rng, records, orders, fates, timeline, catalog, paid)
    applied = records.column("applied_at")
    order = np.argsort(applied, kind="stable")
    statuses = np.stack([records.column(f"status{k}") for k in range(3)], axis=1)[order]
    return_tracking = records.column("return_tracking")[order]
    has_return = return_tracking >= 0
    return_tracking[has_return] = _unique_ints(rng, int(has_return.sum()), 10**10, 10**11)
    return _AfterSales(
        order=records.column("order")[order], kind=records.column("kind")[order],
        reason=records.column("reason")[order], applied_at=applied[order],
        middle_at=records.column("middle_at")[order], done_at=records.column("done_at")[order],
        statuses=statuses, amount=records.column("amount")[order],
        shipped=records.column("shipped")[order], return_tracking=return_tracking,
        ids=_unique_ints(rng, len(order), 10**13, 10**14))


def _preship_records(rng: np.random.Generator, records: _RecordCollector, fates: _Fates,
                     paid: np.ndarray) -> None:
    rows = np.flatnonzero(fates.preship_applied_at < NEVER)
    reason = rng.choice([0, 1, 4, _OTHER_REASON], len(rows), p=[0.5, 0.15, 0.15, 0.2])
    final = np.where(fates.withdrawn[rows], WITHDRAWN, REFUNDED)
    done = fates.preship_done_at[rows]
    records.add(rows, kind=REFUND_ONLY, reason=reason, applied_at=fates.preship_applied_at[rows],
                middle_at=done, done_at=done, status0=APPLIED, status1=final, status2=final,
                amount=paid[rows], shipped=False, return_tracking=-1)


def _refusal_records(rng: np.random.Generator, records: _RecordCollector, fates: _Fates,
                     signals: _Signals, timeline: _Timeline, paid: np.ndarray, end: int) -> None:
    """Every refused parcel is refunded as 仅退款. A request made before the parcel arrived is
    agreed as a refusal refund (已同意拒收退款，待用户拒收); one made after it is an ordinary
    one. The orders shipped on paper on a refused parcel's reused number are refunded too, but
    never in the refusal-refund state: that state would be a refusal of their own."""
    rows = np.flatnonzero(fates.fate == _Fate.REFUSED)
    m = len(rows)
    attempt = timeline.outcome_at[rows]
    # A refusal still ahead at the end must not show the refusal-refund state yet.
    before = (signals.cancel_request | signals.negotiating)[rows] & (attempt < end) \
        & ~timeline.reuses_number[rows]
    applied = np.where(before,
                       np.maximum(timeline.ship_at[rows] + HOUR, attempt - _hours(rng, 4, 72, m)),
                       attempt + _hours(rng, 0.2, 24, m))
    refund = timeline.refund_at[rows]
    agreed = np.minimum(applied + _hours(rng, 0.5, 12, m),
                        np.where(before, attempt - 900, refund - 1800))
    agreed = np.maximum(agreed, applied + 60)
    middle = np.where(before, AGREED_REFUSAL,
                      np.where(rng.random(m) < 0.1, PLATFORM, AGREED))
    records.add(rows, kind=REFUND_ONLY, reason=_refusal_as_reason(rng, rows, fates, signals),
                applied_at=applied, middle_at=agreed, done_at=refund, status0=APPLIED,
                status1=middle, status2=REFUNDED, amount=paid[rows], shipped=True,
                return_tracking=-1)


def _refusal_as_reason(rng: np.random.Generator, rows: np.ndarray, fates: _Fates,
                       signals: _Signals) -> np.ndarray:
    m = len(rows)
    cause = fates.cause[rows]
    words = signals.words[rows]
    logistics = np.select(
        [signals.damage[rows], signals.late_ship[rows], signals.stuck[rows]
         & (rng.random(m) < 0.4)], [6, 4, 5], 3)
    quality = _QUALITY_AS_REASONS[rng.integers(0, len(_QUALITY_AS_REASONS), m)]
    cancel = _CANCEL_AS_REASONS[rng.integers(0, len(_CANCEL_AS_REASONS), m)]
    return np.select(
        [signals.quality_reason[rows], words & (cause == LOGISTICS), words & (cause == QUALITY),
         (cause == REVIEWS) & (words | signals.cancel_request[rows])],
        [quality, logistics, quality, cancel], _OTHER_REASON)


def _returned_records(rng: np.random.Generator, records: _RecordCollector, fates: _Fates,
                      timeline: _Timeline, paid: np.ndarray) -> None:
    """Parcels sent back undelivered are refunded too; an intercept follows a buyer's request."""
    rows = np.flatnonzero(fates.fate == _Fate.RETURNED)
    m = len(rows)
    intercepted = fates.return_reason[rows] == _ReturnReason.INTERCEPTED
    returned_at = timeline.outcome_at[rows]
    applied = np.where(intercepted,
                       np.maximum(timeline.ship_at[rows] + 600,
                                  returned_at - _hours(rng, 2, 12, m)),
                       returned_at + _hours(rng, 1, 30, m))
    refund = timeline.refund_at[rows]
    reason = np.where(intercepted, rng.choice([0, 1], m),
                      rng.choice([3, _OTHER_REASON], m, p=[0.3, 0.7]))
    records.add(rows, kind=REFUND_ONLY, reason=reason, applied_at=applied,
                middle_at=np.clip(applied + _hours(rng, 0.5, 12, m), applied + 60, refund - 60),
                done_at=refund, status0=APPLIED, status1=AGREED, status2=REFUNDED,
                amount=paid[rows], shipped=True, return_tracking=-1)


def _after_signing_records(rng: np.random.Generator, records: _RecordCollector, orders: _Orders,
                           fates: _Fates, timeline: _Timeline, catalog: _Catalog,
                           paid: np.ndarray) -> None:
    """Ordinary returns after signing (退货退款): not refusals, though the wording often is."""
    n = len(fates.fate)
    bad = catalog.is_bad[orders.product]
    rows = np.flatnonzero((fates.fate == _Fate.DELIVERED)
                          & (rng.random(n) < np.where(bad, 0.09, 0.03)))
    m = len(rows)
    applied = timeline.outcome_at[rows] + _hours(rng, 12, 168, m)
    quality = _QUALITY_AS_REASONS[rng.integers(0, len(_QUALITY_AS_REASONS), m)]
    usual = rng.choice([7, 8, 0, _OTHER_REASON], m, p=[0.25, 0.2, 0.3, 0.25])
    reason = np.where(bad[rows] & (rng.random(m) < 0.7), quality, usual)
    rejected = rng.random(m) < 0.08
    records.add(rows, kind=RETURN_AND_REFUND, reason=reason, applied_at=applied,
                middle_at=applied + _hours(rng, 2, 24, m),
                done_at=applied + _hours(rng, 72, 192, m),
                status0=APPLIED, status1=np.where(rejected, REJECTED, AGREED),
                status2=np.where(rejected, WITHDRAWN, REFUNDED),
                amount=np.where(rejected, 0, paid[rows]), shipped=True,
                return_tracking=np.where(rejected, -1, 0))


@dataclass(eq=False)
class _Reviews:
    order: np.ndarray
    at: np.ndarray
    stars: np.ndarray
    text: np.ndarray  # index into _REVIEW_VOCABULARY
    reply: np.ndarray
    is_storm: np.ndarray


def _review_text_ids(group: int | str) -> np.ndarray:
    return np.array([_REVIEW_VOCABULARY.index(t) for t in _REVIEW_TEXTS[group]])


def _draw_reviews(rng: np.random.Generator, orders: _Orders, fates: _Fates, signals: _Signals,
                  timeline: _Timeline, catalog: _Catalog, calendar: _Calendar) -> _Reviews:
    """Ordinary reviews, low-score storms on best sellers, and single stray low reviews. A later
    review of the same order replaces an earlier one, as a buyer's follow-up would."""
    signed = (fates.fate == _Fate.DELIVERED) & (timeline.outcome_at < calendar.end)
    parts = [_ordinary_reviews(rng, signed, orders, timeline, catalog)]
    parts += [_storm_reviews(rng, storm, signed, orders, timeline) for storm in fates.storms]
    parts.append(_stray_low_reviews(rng, signed, orders, signals, timeline))
    order, at, stars, text, storm = (
        np.concatenate(column) for column in zip(*parts, strict=True))
    last = len(order) - 1 - np.unique(order[::-1], return_index=True)[1]
    keep = np.sort(last[at[last] < calendar.end])
    by_time = keep[np.argsort(at[keep], kind="stable")]
    reply = np.where(stars[by_time] <= 2, rng.choice([0, 1], len(by_time), p=[0.6, 0.4]),
                     rng.choice([0, 2], len(by_time), p=[0.9, 0.1]))
    return _Reviews(order=order[by_time], at=at[by_time], stars=stars[by_time],
                    text=text[by_time], reply=reply, is_storm=storm[by_time])


def _ordinary_reviews(rng: np.random.Generator, signed: np.ndarray, orders: _Orders,
                      timeline: _Timeline, catalog: _Catalog) -> tuple[np.ndarray, ...]:
    rows = np.flatnonzero(signed & (rng.random(len(signed)) < 0.22))
    m = len(rows)
    bad = catalog.is_bad[orders.product[rows]]
    stars = np.where(bad, rng.choice(np.arange(1, 6), m, p=[0.10, 0.10, 0.15, 0.25, 0.40]),
                     rng.choice(np.arange(1, 6), m, p=[0.02, 0.02, 0.04, 0.12, 0.80]))
    low_texts = np.where(bad[:, None], _review_text_ids("bad_product")[None, :],
                         _review_text_ids("low")[None, :])
    text = np.select(
        [stars == 5, stars == 4, stars == 3],
        [_pick_each(rng, _review_text_ids(5), m), _pick_each(rng, _review_text_ids(4), m),
         _pick_each(rng, _review_text_ids(3), m)],
        low_texts[np.arange(m), rng.integers(0, low_texts.shape[1], m)])
    at = timeline.outcome_at[rows] + _hours(rng, 8, 144, m)
    return rows, at, stars, text, np.zeros(m, bool)


def _pick_each(rng: np.random.Generator, choices: np.ndarray, m: int) -> np.ndarray:
    return choices[rng.integers(0, len(choices), m)]


def _storm_reviews(rng: np.random.Generator, storm: Storm, signed: np.ndarray, orders: _Orders,
                   timeline: _Timeline) -> tuple[np.ndarray, ...]:
    """Half of the product's recent buyers post a 1-2 star review in the storm's first days."""
    product, start, end = storm
    signed_at = timeline.outcome_at
    recent = signed & (orders.product == product) & (signed_at >= start - 10 * DAY) \
        & (signed_at < end - (end - start) * 3 // 10)
    rows = np.flatnonzero(recent & (rng.random(len(signed)) < 0.5))
    m = len(rows)
    window = ((end - start) * 0.6 + DAY) * rng.random(m)
    at = np.maximum(signed_at[rows] + 2 * HOUR, start - DAY + window.astype(np.int64))
    stars = rng.choice([1, 2], m, p=[0.6, 0.4])
    return rows, at, stars, _pick_each(rng, _review_text_ids("storm"), m), np.ones(m, bool)


def _stray_low_reviews(rng: np.random.Generator, signed: np.ndarray, orders: _Orders,
                       signals: _Signals, timeline: _Timeline) -> tuple[np.ndarray, ...]:
    """One low review on the product just before a refusal: a weak second-cause signal."""
    targets = np.flatnonzero(signals.single_low_review)
    candidates = np.flatnonzero(signed)
    shift = np.int64(1) << 40
    keys = orders.product[candidates] * shift + timeline.outcome_at[candidates]
    by_key = np.argsort(keys)
    wanted_at = timeline.outcome_at[targets] - _hours(rng, 6, 30, len(targets))
    position = np.searchsorted(keys[by_key], orders.product[targets] * shift + wanted_at) - 1
    found = position >= 0
    reviewer = candidates[by_key[np.maximum(position, 0)]]
    found &= orders.product[reviewer] == orders.product[targets]
    rows, at = reviewer[found], np.maximum(wanted_at[found], timeline.outcome_at[reviewer[found]])
    m = len(rows)
    return rows, at + HOUR, np.full(m, 2), _pick_each(rng, _review_text_ids("storm"), m), \
        np.zeros(m, bool)


@dataclass(eq=False)
class _Penalties:
    order: np.ndarray
    kind: np.ndarray
    amount: np.ndarray
    at: np.ndarray

    @property
    def names_parcel(self) -> np.ndarray:
        return (self.kind == _FAKE_TRACKING) | (self.kind == _FAKE_SHIPPING)


def _draw_penalties(rng: np.random.Generator, orders: _Orders, fates: _Fates, signals: _Signals,
                    timeline: _Timeline, lines: _Lines, calendar: _Calendar) -> _Penalties:
    n = len(fates.fate)
    paid = lines.order_paid(n)
    fake = np.flatnonzero(signals.penalty)
    fake_kind = rng.choice([_FAKE_TRACKING, _FAKE_SHIPPING, _FAKE_TRADE], len(fake),
                           p=[0.4, 0.35, 0.25])
    fake_amount = np.select([fake_kind == _FAKE_TRADE, fake_kind == _FAKE_SHIPPING],
                            [rng.integers(100, 3000, len(fake)) * 100,
                             rng.integers(10, 100, len(fake)) * 100],
                            rng.integers(500, 5000, len(fake)))
    late = np.flatnonzero(signals.late_ship & fates.ships & (rng.random(n) < 0.7))
    stockout = np.flatnonzero((fates.fate == _Fate.REFUNDED_BEFORE_SHIPPING)
                              & (rng.random(n) < 0.2))
    order = np.concatenate([fake, late, stockout])
    caught = timeline.ship_at[fake] + (
        (timeline.outcome_at[fake] - timeline.ship_at[fake]) * rng.uniform(0.3, 0.9, len(fake))
    ).astype(np.int64)
    at = np.concatenate([
        caught,
        orders.deal_at[late] + 48 * HOUR + _hours(rng, 24, 72, len(late)),
        fates.preship_done_at[stockout] + _hours(rng, 1, 48, len(stockout))])
    kind = np.concatenate([fake_kind, np.full(len(late), _LATE_FINE),
                           np.full(len(stockout), _STOCKOUT_FINE)])
    amount = np.concatenate([fake_amount, np.clip(paid[late] // 20, 300, 5000),
                             rng.integers(300, 1000, len(stockout))])
    keep = np.flatnonzero(at < calendar.end)
    keep = keep[np.argsort(at[keep], kind="stable")]
    return _Penalties(order=order[keep], kind=kind[keep], amount=amount[keep], at=at[keep])


@dataclass(eq=False)
class _StoreScores:
    day_at: np.ndarray
    overall: np.ndarray
    description: np.ndarray
    logistics: np.ndarray
    service: np.ndarray


def _store_scores(reviews: _Reviews, fates: _Fates, signals: _Signals, timeline: _Timeline,
                  calendar: _Calendar) -> _StoreScores:
    """Daily 90-day rolling scores, as the platform computes them. The 90 days before the data
    are assumed at the shop's usual level, so review storms and delay bursts show as dips."""
    days = calendar.days
    review_day = (reviews.at - calendar.first_day) // DAY
    signed = (fates.fate == _Fate.DELIVERED) & (timeline.outcome_at < calendar.end)
    signed_day = (timeline.outcome_at[signed] - calendar.first_day) // DAY
    usual_stars = reviews.stars[~reviews.is_storm].mean() if (~reviews.is_storm).any() else 4.8
    description = _rolling_mean(review_day, reviews.stars, usual_stars, days)
    service = 4.86 - 3.5 * _rolling_mean(review_day, reviews.is_storm, 0.0, days)
    delayed = signals.delayed[signed]
    usual_delays = delayed.mean() if len(delayed) else 0.0
    logistics = 4.9 - 2.5 * _rolling_mean(signed_day, delayed, usual_delays, days)
    overall = 0.5 * description + 0.25 * logistics + 0.25 * service
    return _StoreScores(day_at=calendar.first_day + np.arange(days) * DAY,
                        overall=np.round(overall, 2), description=np.round(description, 2),
                        logistics=np.round(logistics, 2), service=np.round(service, 2))


def _rolling_mean(day: np.ndarray, values: np.ndarray, usual: float, days: int,
                  window: int = 90) -> np.ndarray:
    """Mean of `values` over the trailing window, the days before the data counting as `usual`."""
    count = np.bincount(day, minlength=days)[:days]
    total = np.bincount(day, weights=values, minlength=days)[:days]
    history = np.maximum(0, window - np.arange(1, days + 1)) * max(count.mean(), 1.0)
    return (history * usual + _rolling(total, window)) / (history + _rolling(count, window))


def _rolling(values: np.ndarray, window: int) -> np.ndarray:
    total = np.cumsum(values, dtype=float)
    return total - np.concatenate([np.zeros(window), total[:-window]])[:len(total)]
