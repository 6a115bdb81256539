"""What happens to each order, decided before any evidence is drawn: its fate (unpaid, refunded
before shipping, delivered, refused, sent back), the true cause of each refusal, and the evidence
switches (`_Signals`) that decide which signals of it the exports carry, with second causes, noise
and the boosted (刷单) orders' shared parcels, prices and addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

import numpy as np

from pipelines.causes import CAUSE_CODES
from pipelines.sample.vocabulary import _BAD_PRODUCT_REFUSALS, _CLUSTER_ADDRESSES, _PROVINCES
from pipelines.sample.world import (
    DAY,
    LOGISTICS,
    NEVER,
    QUALITY,
    REVIEWS,
    RULES,
    Profile,
    _Calendar,
    _Catalog,
    _chance,
    _hours,
    _Orders,
    _pick,
)

if TYPE_CHECKING:  # parcels builds on fates; these serve annotations only
    from pipelines.sample.parcels import _Draws, _Timeline


class _Fate(IntEnum):
    """What happens to an order, decided before any evidence is drawn."""

    UNPAID = 0
    REFUNDED_BEFORE_SHIPPING = 1
    DELIVERED = 2
    REFUSED = 3
    RETURNED = 4


class _ReturnReason(IntEnum):
    ADDRESS_UNKNOWN = 0
    UNREACHABLE = 1
    INTERCEPTED = 2
    LOCKER_TIMEOUT = 3


class _DeliveryMode(IntEnum):
    IN_PERSON = 0
    LOCKER = 1
    PROXY = 2


class _RefusalStyle(IntEnum):
    """How a refusal shows in tracking: the contract's evidence forms, one at a time or together."""

    CODE_AND_TEXT = 0
    TEXT_ONLY = 1  # codes wrong or missing, only the text says 拒收
    CODE_ONLY = 2  # 14/404 with neutral text
    AFTER_SALES_ONLY = 3  # tracking looks like a plain return; only 已同意拒收退款 tells


Storm = tuple[int, int, int]  # product, start, end (epoch seconds)


@dataclass(eq=False)
class _Fates:
    fate: np.ndarray
    paid_at: np.ndarray
    return_reason: np.ndarray
    cause: np.ndarray  # -1 unless refused
    withdrawn: np.ndarray  # a pre-shipping refund request the buyer took back
    preship_applied_at: np.ndarray
    preship_done_at: np.ndarray
    delivery_mode: np.ndarray
    in_storm: np.ndarray  # delivered while the product's reviews were crashing
    storms: list[Storm]

    @property
    def ships(self) -> np.ndarray:
        return self.fate >= _Fate.DELIVERED


@dataclass(eq=False)
class _Signals:
    """Evidence switches per order. Set on a refused order of the matching cause they are its
    evidence; set anywhere else they are noise (benign incidents, a weaker second cause)."""

    late_ship: np.ndarray
    slow: np.ndarray
    stuck: np.ndarray
    stuck_long: np.ndarray
    stalled_text: np.ndarray
    damage: np.ndarray
    repeat: np.ndarray
    words: np.ndarray  # the refusal text or after-sales reason names the true cause
    words_must_show: np.ndarray  # the wording is the refusal's only evidence: noise spares it
    quality_reason: np.ndarray  # an after-sales reason about the goods (second cause)
    cancel_request: np.ndarray  # buyer asked to cancel before delivery, without a goods reason
    negotiating: np.ndarray  # a refund was under way before the parcel arrived
    single_low_review: np.ndarray
    boost_note: np.ndarray
    zero_price: np.ndarray
    no_pickup: np.ndarray
    shared_tracking: np.ndarray
    penalty: np.ndarray
    cluster: np.ndarray
    generic_text: np.ndarray
    code_14: np.ndarray
    returned_as_14: np.ndarray
    refusal_style: np.ndarray

    @classmethod
    def none(cls, n: int) -> _Signals:
        flags = {name: np.zeros(n, bool) for name in cls.__dataclass_fields__}
        flags["refusal_style"] = np.zeros(n, np.int8)
        return cls(**flags)

    @property
    def delayed(self) -> np.ndarray:
        return self.late_ship | self.slow | self.stuck


def _draw_fates(rng: np.random.Generator, orders: _Orders, draws: _Draws) -> _Fates:
    n = len(orders.deal_at)
    unpaid = _chance(rng, 0.025, n)
    paid_at = np.where(unpaid, NEVER, orders.deal_at + rng.integers(5, 300, n))
    preship = ~unpaid & _chance(rng, 0.035, n)
    withdrawn = preship & _chance(rng, 0.15, n)
    # Requests and withdrawals fall inside the shipping lag, so a withdrawn order still ships.
    applied = paid_at + draws.ship_lag * 3 // 10
    done = np.where(withdrawn, paid_at + draws.ship_lag * 6 // 10,
                    applied + _hours(rng, 0.1, 30, n))
    fate = np.full(n, _Fate.DELIVERED, np.int8)
    fate[unpaid] = _Fate.UNPAID
    fate[preship & ~withdrawn] = _Fate.REFUNDED_BEFORE_SHIPPING
    returned = (fate == _Fate.DELIVERED) & _chance(rng, 0.015, n)
    fate[returned] = _Fate.RETURNED
    reason = np.where(returned, rng.choice(4, n, p=[0.3, 0.3, 0.2, 0.2]), -1)
    mode = rng.choice(3, n, p=[0.72, 0.22, 0.06])
    mode[returned] = _DeliveryMode.IN_PERSON
    mode[reason == _ReturnReason.LOCKER_TIMEOUT] = _DeliveryMode.LOCKER
    return _Fates(fate=fate, paid_at=paid_at, return_reason=reason, cause=np.full(n, -1, np.int8),
                  withdrawn=withdrawn, preship_applied_at=np.where(preship, applied, NEVER),
                  preship_done_at=np.where(preship, done, NEVER), delivery_mode=mode,
                  in_storm=np.zeros(n, bool), storms=[])


def _assign_causes(rng: np.random.Generator, fates: _Fates, base: _Timeline, orders: _Orders,
                   catalog: _Catalog, calendar: _Calendar, profile: Profile) -> None:
    """Pick the refused orders and their true cause.

    A cause that lives in the order's context is picked where that context exists: a reviews
    refusal inside a review storm on its product, a quality refusal mostly on a bad product.
    Three quarters of quality refusals fall on the bad products, and at least
    `_BAD_PRODUCT_REFUSALS` of their parcels whatever the mix, so the product-level signal exists
    even in a shop where quality is a minor cause.
    """
    total = round(profile.refusal_rate * int(fates.ships.sum()))
    mix = np.array([profile.cause_mix[code] for code in CAUSE_CODES])
    counts = rng.multinomial(total, mix / mix.sum())
    _add_review_storms(rng, fates, orders.product, base.last_attempt_at, catalog, calendar,
                       counts[REVIEWS], profile)
    open_orders = fates.fate == _Fate.DELIVERED
    n_in_storm = min(round(counts[REVIEWS] * min(1.0, 0.85 * profile.evidence)),
                     int((fates.in_storm & open_orders).sum()))
    _refuse(fates, _pick(rng, fates.in_storm & open_orders, n_in_storm), REVIEWS)
    _refuse(fates, _pick(rng, (fates.fate == _Fate.DELIVERED) & ~fates.in_storm,
                         counts[REVIEWS] - n_in_storm), REVIEWS)
    bad = catalog.is_bad[orders.product] & (fates.fate == _Fate.DELIVERED)
    on_bad = max(round(0.75 * counts[QUALITY]), round(_BAD_PRODUCT_REFUSALS * int(bad.sum())))
    _refuse(fates, _pick(rng, bad, on_bad), QUALITY)
    _refuse(fates, _pick(rng, (fates.fate == _Fate.DELIVERED) & ~catalog.is_bad[orders.product],
                         counts[QUALITY] - on_bad), QUALITY)
    for cause in (RULES, LOGISTICS):
        _refuse(fates, _pick(rng, fates.fate == _Fate.DELIVERED, counts[cause]), cause)


def _refuse(fates: _Fates, rows: np.ndarray, cause: int) -> None:
    fates.fate[rows] = _Fate.REFUSED
    fates.cause[rows] = cause


def _add_review_storms(rng: np.random.Generator, fates: _Fates, product: np.ndarray,
                       attempt_at: np.ndarray, catalog: _Catalog, calendar: _Calendar,
                       refusals_needed: int, profile: Profile) -> None:
    """Mark orders delivered while their product's reviews were crashing.

    Storms are added until about a third of the exposed deliveries would cover the reviews
    refusals (the reviews step fills each storm with low scores). Decoy storms that drive no
    refusal are added with the noise, so a burst of bad reviews alone is not proof.
    """
    open_orders = fates.fate == _Fate.DELIVERED
    latest = calendar.end - 2 * DAY
    earliest = min(calendar.first_day + 7 * DAY, latest - DAY)
    while refusals_needed and (fates.in_storm & open_orders).sum() * 0.3 < refusals_needed \
            and len(fates.storms) < 400:
        storm = _draw_storm(rng, catalog, earliest, latest)
        fates.storms.append(storm)
        fates.in_storm |= _storm_exposure(storm, product, attempt_at)
    decoys = rng.poisson(0.5 * profile.noise * max(1, len(fates.storms)))
    fates.storms.extend(_draw_storm(rng, catalog, earliest, latest) for _ in range(decoys))


def _draw_storm(rng: np.random.Generator, catalog: _Catalog, earliest: int, latest: int) -> Storm:
    start = int(rng.integers(earliest, latest))
    return int(rng.choice(catalog.best_sellers)), start, start + int(rng.uniform(3, 6) * DAY)


def _storm_exposure(storm: Storm, product: np.ndarray, attempt_at: np.ndarray) -> np.ndarray:
    storm_product, start, end = storm
    return (product == storm_product) & (attempt_at >= start + DAY // 2) & (attempt_at < end + DAY)


def _draw_signals(rng: np.random.Generator, fates: _Fates, orders: _Orders, catalog: _Catalog,
                  profile: Profile) -> _Signals:
    n = len(fates.fate)
    signals = _Signals.none(n)
    is_cause = [fates.cause == cause for cause in range(len(CAUSE_CODES))]
    benign = fates.ships & (fates.cause < 0)
    _logistics_signals(rng, signals, is_cause[LOGISTICS], benign, profile)
    _other_cause_signals(rng, signals, is_cause, fates, orders, catalog, profile)
    _second_cause_noise(rng, signals, fates.cause, profile)
    _refusal_wording_noise(rng, signals, fates.cause >= 0, profile)
    return signals


def _logistics_signals(rng: np.random.Generator, signals: _Signals, is_logistics: np.ndarray,
                       benign: np.ndarray, profile: Profile) -> None:
    """Delays and damage: several incidents per logistics refusal, rare benign ones elsewhere
    (a delayed parcel that was still signed for)."""
    n = len(is_logistics)
    evidence, noise = profile.evidence, profile.noise
    for name, cause_p, benign_p in (("late_ship", 0.40, 0.04), ("slow", 0.50, 0.04),
                                    ("stuck", 0.40, 0.03), ("damage", 0.22, 0.005),
                                    ("repeat", 0.30, 0.05)):
        flag = (is_logistics & _chance(rng, cause_p * evidence, n)) \
            | (benign & _chance(rng, benign_p * noise, n))
        setattr(signals, name, flag)
    signals.slow |= is_logistics & ~(signals.delayed | signals.damage | signals.repeat)
    signals.stuck_long = is_logistics | _chance(rng, 0.5, n)
    signals.stalled_text = _chance(rng, 0.4, n)


def _other_cause_signals(rng: np.random.Generator, signals: _Signals, is_cause: list[np.ndarray],
                         fates: _Fates, orders: _Orders, catalog: _Catalog,
                         profile: Profile) -> None:
    n = len(fates.fate)
    evidence = profile.evidence
    quality, reviews, rules = is_cause[QUALITY], is_cause[REVIEWS], is_cause[RULES]
    signals.words_must_show = quality & ~catalog.is_bad[orders.product]
    signals.words = (is_cause[LOGISTICS] & _chance(rng, 0.6 * evidence, n)) \
        | (quality & _chance(rng, 0.7 * evidence, n)) | signals.words_must_show \
        | (reviews & _chance(rng, 0.3 * evidence, n))
    signals.cancel_request = reviews & (_chance(rng, 0.45 * evidence, n) | ~fates.in_storm)
    signals.negotiating = (fates.cause >= 0) & ~reviews & _chance(rng, 0.2, n)
    for name, p in (("boost_note", 0.65), ("zero_price", 0.4), ("no_pickup", 0.45),
                    ("shared_tracking", 0.3), ("penalty", 0.45)):
        setattr(signals, name, rules & _chance(rng, p * evidence, n))
    signals.cluster = rules & _chance(rng, 0.7, n)
    boosted_but_signed = (fates.fate == _Fate.DELIVERED) & _chance(rng, 0.004, n)
    for name in ("boost_note", "zero_price", "cluster"):
        setattr(signals, name, getattr(signals, name) | boosted_but_signed)


def _second_cause_noise(rng: np.random.Generator, signals: _Signals, cause: np.ndarray,
                        profile: Profile) -> None:
    """Give some refusals one weak signal of another cause, and one more of the true cause, so
    the true cause stays the stronger one."""
    n = len(cause)
    second = (cause >= 0) & _chance(rng, 0.15 * profile.noise, n)
    other = (cause + rng.integers(1, len(CAUSE_CODES), n)) % len(CAUSE_CODES)
    short_delay = second & (other == LOGISTICS)
    signals.stuck |= short_delay
    signals.stuck_long &= ~short_delay
    signals.quality_reason = second & (other == QUALITY)
    signals.single_low_review = second & (other == REVIEWS)
    signals.no_pickup |= second & (other == RULES)
    signals.late_ship |= second & (cause == LOGISTICS)
    signals.words |= second & (cause == QUALITY)
    signals.cancel_request |= second & (cause == REVIEWS)
    signals.boost_note |= second & (cause == RULES)


def _refusal_wording_noise(rng: np.random.Generator, signals: _Signals, refused: np.ndarray,
                           profile: Profile) -> None:
    """How each refusal shows in tracking: generic texts, wrong codes, codes without text."""
    n = len(refused)
    noise = profile.noise
    free = refused & ~signals.words_must_show
    signals.generic_text = free & _chance(rng, 0.2 * noise, n)
    roll = rng.random(n)
    text_only = min(0.4, 0.08 * noise)
    style = np.where(roll < text_only, _RefusalStyle.TEXT_ONLY,
                     np.where((roll < 2 * text_only) & free, _RefusalStyle.CODE_ONLY,
                              _RefusalStyle.CODE_AND_TEXT))
    signals.refusal_style = np.where(refused, style, _RefusalStyle.CODE_AND_TEXT).astype(np.int8)
    signals.code_14 = _chance(rng, 0.2, n)
    signals.returned_as_14 = _chance(rng, 0.3, n)


def _share_tracking_numbers(rng: np.random.Generator, signals: _Signals, fates: _Fates,
                            orders: _Orders) -> np.ndarray:
    """Put boosted orders in batches of 2-3 on one tracking number (the latest order's parcel).

    The batch was placed within an hour, as boosting crews do, but only the latest order's parcel
    travels: the merchant enters its number again on the others after it has shipped (a reused
    number, fake shipping; `_Timeline.reuses_number`), so they are not refused with it.
    Returns for every order the order whose parcel carries its tracking number.
    """
    n = len(fates.fate)
    owner = np.arange(n)
    rows = np.flatnonzero(signals.shared_tracking)
    sizes = rng.integers(2, 4, len(rows) // 2 + 1)
    group = np.repeat(np.arange(len(sizes)), sizes)[:len(rows)]
    alone = np.bincount(group)[group] == 1
    signals.shared_tracking[rows[alone]] = False
    rows, group = rows[~alone], group[~alone]
    if not len(rows):
        return owner
    starts_group = np.r_[True, group[1:] != group[:-1]]
    group_ends = np.flatnonzero(np.r_[starts_group[1:], True])
    leader = rows[group_ends[np.cumsum(starts_group) - 1]]
    followers = rows != leader
    moved = rows[followers]
    lead = leader[followers]
    paid_delay = fates.paid_at[moved] - orders.deal_at[moved]
    orders.deal_at[moved] = orders.deal_at[lead] - _hours(rng, 0, 1, len(moved))
    fates.paid_at[moved] = orders.deal_at[moved] + paid_delay
    owner[rows] = leader
    return owner


def _apply_boosting(signals: _Signals, orders: _Orders) -> None:
    """Boosted orders are free trials or near-free, from a few buyer clusters at one address."""
    zero = np.flatnonzero(signals.zero_price)
    trial = orders.id_number[zero] % 5 < 3
    orders.zero_trial[zero[trial]] = True
    orders.price_override[zero] = np.where(trial, 0, orders.id_number[zero] % 99 + 1)
    orders.qty[zero] = orders.qty2[zero] = 1
    for column in (orders.postage, orders.shop_discount, orders.platform_discount,
                   orders.pay_discount):
        column[zero] = 0
    clustered = np.flatnonzero(signals.cluster)
    cluster = orders.id_number[clustered] % len(_CLUSTER_ADDRESSES)
    provinces = [p for p, *_ in _PROVINCES]
    cities = [c for _, cs, _, _ in _PROVINCES for c in cs]
    address = np.array([(provinces.index(p), cities.index(c), d, s)
                        for p, c, d, s in _CLUSTER_ADDRESSES])
    orders.buyer[clustered] = cluster
    orders.province[clustered], orders.city[clustered] = address[cluster, 0], address[cluster, 1]
    orders.district[clustered], orders.street[clustered] = address[cluster, 2], address[cluster, 3]
