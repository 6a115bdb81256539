"""Runs the simulation: every stage in a fixed order, each on its own random stream, into one
`_Shop` that the writers read; also the texts every export shares (order ids, tracking numbers,
merchant notes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample.fates import (
    _apply_boosting,
    _assign_causes,
    _draw_fates,
    _draw_signals,
    _Fates,
    _share_tracking_numbers,
    _Signals,
)
from pipelines.sample.formats import _Clock, _take
from pipelines.sample.parcels import (
    _build_events,
    _Draws,
    _Events,
    _hide_refusals_in_after_sales,
    _outcomes,
    _Timeline,
    _timeline,
)
from pipelines.sample.platform_records import (
    _AfterSales,
    _draw_after_sales,
    _draw_penalties,
    _draw_reviews,
    _Penalties,
    _Reviews,
    _store_scores,
    _StoreScores,
)
from pipelines.sample.vocabulary import _BENIGN_NOTES, _BOOST_SUFFIXES, _BOOST_TAGS, _COURIERS
from pipelines.sample.world import (
    DAY,
    RULES,
    Profile,
    _Calendar,
    _Catalog,
    _catalog,
    _draw_orders,
    _Geography,
    _geography,
    _Lines,
    _order_lines,
    _Orders,
    _rng,
)


@dataclass(eq=False)
class _Shop:
    calendar: _Calendar
    clock: _Clock
    catalog: _Catalog
    geo: _Geography
    orders: _Orders
    fates: _Fates
    signals: _Signals
    timeline: _Timeline
    lines: _Lines
    events: _Events
    after_sales: _AfterSales
    reviews: _Reviews
    penalties: _Penalties
    store_scores: _StoreScores
    outcome: np.ndarray
    texts: _OrderTexts


def _simulate(n: int, seed: int, calendar: _Calendar, profile: Profile, shop_seed: int,
              daily_growth: float) -> _Shop:
    catalog = _catalog(_rng(shop_seed, "catalog"))
    geo = _geography()
    orders = _draw_orders(_rng(seed, "orders"), n, calendar, catalog, geo, daily_growth)
    fates, signals, timeline = _decide_what_happens(seed, orders, catalog, geo, calendar, profile)
    reviews = _draw_reviews(_rng(seed, "reviews"), orders, fates, signals, timeline, catalog,
                            calendar)
    lines = _order_lines(orders, catalog)
    clock = _Clock(calendar)
    return _Shop(
        calendar=calendar, clock=clock, catalog=catalog, geo=geo, orders=orders, fates=fates,
        signals=signals, timeline=timeline, lines=lines,
        events=_build_events(_rng(seed, "events"), fates, signals, timeline, calendar, profile),
        after_sales=_draw_after_sales(_rng(seed, "after_sales"), orders, fates, signals,
                                      timeline, catalog, lines, calendar.end),
        reviews=reviews,
        penalties=_draw_penalties(_rng(seed, "penalties"), orders, fates, signals, timeline,
                                  lines, calendar),
        store_scores=_store_scores(reviews, fates, signals, timeline, calendar),
        outcome=_outcomes(orders, fates, timeline, calendar.end),
        texts=_order_texts(orders, timeline, signals, clock),
    )


def _decide_what_happens(seed: int, orders: _Orders, catalog: _Catalog, geo: _Geography,
                         calendar: _Calendar, profile: Profile
                         ) -> tuple[_Fates, _Signals, _Timeline]:
    """Decide each order's fate and true cause, then the evidence, then the parcel timelines.

    The random durations and the incident-free base timeline (used to place reviews refusals in
    review storms) are only needed here, so they are freed when this returns.
    """
    n = len(orders.deal_at)
    draws = _Draws.draw(_rng(seed, "timeline"), n)
    fates = _draw_fates(_rng(seed, "fates"), orders, draws)
    base = _timeline(orders, fates, _Signals.none(n), draws, geo)
    _assign_causes(_rng(seed, "causes"), fates, base, orders, catalog, calendar, profile)
    del base
    signals = _draw_signals(_rng(seed, "signals"), fates, orders, catalog, profile)
    owner = _share_tracking_numbers(_rng(seed, "sharing"), signals, fates, orders)
    rules = fates.cause == RULES
    signals.boost_note |= rules & ~(signals.zero_price | signals.no_pickup
                                    | signals.shared_tracking | signals.penalty)
    _apply_boosting(signals, orders)
    timeline = _timeline(orders, fates, signals, draws, geo, owner)
    _hide_refusals_in_after_sales(_rng(seed, "hidden"), signals, fates, timeline, calendar,
                                  profile)
    return fates, signals, timeline


@dataclass(eq=False)
class _OrderTexts:
    order_ids: pa.Array
    tracking: pa.Array  # the number on the parcel the order rides in
    courier: np.ndarray  # the courier of that parcel
    notes: pa.Array


def _order_texts(orders: _Orders, timeline: _Timeline, signals: _Signals,
                 clock: _Clock) -> _OrderTexts:
    day = (orders.deal_at - clock.origin) // DAY
    order_ids = pc.binary_join_element_wise(
        _take(clock.id_prefixes, day), pc.cast(pa.array(orders.id_number), pa.string()), "")
    courier = orders.courier[timeline.owner]
    prefixes = pa.array([c.prefix for c in _COURIERS])
    tracking = pc.binary_join_element_wise(
        _take(prefixes, courier),
        pc.cast(pa.array(orders.tracking_number[timeline.owner]), pa.string()), "")
    notes = np.array(_BENIGN_NOTES, dtype=object)[orders.note]
    boosted = np.flatnonzero(signals.boost_note)
    number = orders.id_number[boosted]
    notes[boosted] = [_BOOST_TAGS[k % 6] + _BOOST_SUFFIXES[k // 6 % 3] for k in number.tolist()]
    return _OrderTexts(order_ids=order_ids, tracking=tracking, courier=courier,
                       notes=pa.array(notes, pa.string()))
