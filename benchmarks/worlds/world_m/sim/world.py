"""Runs the stages in order and settles each order's true fate as of the last export."""

from dataclasses import dataclass

from .. import catalog
from ..clock import DAY, LAST_EXPORT_DAY
from ..models import AfterSale, Order, Parcel, Product
from ..rand import stream
from . import aftersales, delivery, demand, fulfilment, penalties, reviews

CUTOFF = LAST_EXPORT_DAY * DAY + 9 * 3600  # the last export's snapshot time


@dataclass
class World:
    seed: int
    products: dict[str, Product]
    orders: list[Order]
    parcels: list[Parcel]
    after_sales: list[AfterSale]
    reviews: list
    store_scores: list
    penalties: list


def build(seed: int, n_orders: int) -> World:
    products = catalog.build(stream(seed, "catalog"))
    orders = demand.generate(stream(seed, "demand"), products, n_orders)
    parcels = fulfilment.plan(stream(seed, "fulfilment"), orders, n_orders)
    delivery.run(stream(seed, "delivery"), parcels)
    fulfilment.assign_reused(stream(seed, "reuse"), orders, parcels)
    records = aftersales.attach(stream(seed, "aftersales"), orders)
    review_list = reviews.generate(stream(seed, "reviews"), orders)
    scores = reviews.store_scores([r for r in review_list if r.at <= CUTOFF])
    bills = penalties.generate(stream(seed, "penalties"), orders)
    for order in orders:
        order.outcome, order.cause = settle(order)
    return World(seed, products, orders, parcels, records, review_list, scores, bills)


def settle(order: Order) -> tuple[str, str]:
    """The order's fate as the exports up to CUTOFF can show it."""
    if order.paid_at is None:
        return "unpaid", ""
    if order.cancel_at is not None:
        return ("cancelled" if order.cancel_at <= CUTOFF else "awaiting_shipment"), ""
    if order.ship_at is None or order.ship_at > CUTOFF:
        return "awaiting_shipment", ""
    if order.fake_ship:
        return "fake_shipped", ""
    parcel = order.parcel
    if parcel.outcome_at is None or parcel.outcome_at > CUTOFF:
        return "in_transit", ""
    if parcel.outcome == "refused":
        return "refused", parcel.cause
    return parcel.outcome, ""
