"""Plays one season of the shop: who orders what, how it ships, and why some parcels are refused.

Phases, in order (each with its own random stream, so changing one leaves the others alone):
  A. orders: demand curve, catalogue, buyers, boosted (刷单) and competitor orders;
  B. shipping: payment, cancellations, ship times, merged parcels (合并发货), couriers, tracking;
  C. causes: every mechanism that could make the buyer refuse proposes a trigger (a time and a
     cause); without review triggers first, to learn which orders would be delivered and reviewed;
  D. the review triggers are added from those reviews; the earliest trigger decides (README);
  E. feedback.py turns the fates into after-sales records, reviews, penalties and store scores.
"""

from __future__ import annotations

from random import Random

from . import feedback
from .causes import (
    BadReviewShare,
    add_extra_size_triggers,
    add_review_triggers,
    parcel_winner,
    propose_triggers,
)
from .fates import label_outcomes, play_fates
from .orders import make_orders
from .records import Ids, World
from .shipping import plan_shipping


def simulate(seed: int, n_orders: int) -> World:
    ids = Ids(Random(f"{seed}:ids"))
    orders = make_orders(seed, n_orders, ids)
    parcels = plan_shipping(seed, orders, ids)
    propose_triggers(seed, parcels)
    add_extra_size_triggers(seed, parcels)
    draft = feedback.draft_reviews(
        seed, orders, delivered=lambda o: parcel_winner(o.parcel) is None
    )
    add_review_triggers(seed, parcels, BadReviewShare(draft))
    play_fates(seed, parcels, ids)
    label_outcomes(orders)
    world = World(seed, orders, parcels)
    feedback.complete(world, ids)
    return world
