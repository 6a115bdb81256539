"""How each parcel ends, the in-transit refund requests that lead there, and the labels."""

from __future__ import annotations

from random import Random

from . import parcels as track
from .causes import parcel_winner
from .clock import HOUR, hours
from .mechanisms import CAUSE_OF, FAMILY
from .parcels import Parcel
from .records import AfterSale, Ids, Order
from .shop import (
    CUTOFF,
    RATES,
)
from .vocab import pick, vocab, weighted


def _courier_reason(rng: Random, detail: str, applied: bool) -> str | None:
    reasons = vocab()["track"]["reasons"]
    if applied and rng.random() < 0.2:
        return pick(rng, reasons["refunded"])
    bucket = {
        "size": "size",
        "defect": "defect",
        "colour": "colour",
        "picture": "picture",
        "wrong": "wrong",
        "damage": "damage",
        "late": "slow",
        "presale": "slow",
        "quarrel": "courier",
        "reviews": "reviews",
        "boost": "unknown",
    }[FAMILY[detail]]
    specific = {"boost": 0.15, "quarrel": 0.25, "reviews": 0.1, "damage": 0.45}.get(detail, 0.22)
    draw = rng.random()
    if draw < specific:
        if detail == "boost" and rng.random() < 0.2:
            return pick(rng, reasons["empty"])
        return pick(rng, reasons[bucket])
    if draw < specific + 0.1:
        return pick(rng, reasons["whim"])
    return None


def menu_reason(rng: Random, family: str) -> str:
    return weighted(rng, [tuple(pair) for pair in vocab()["after_sales"]["menus"][family]])


def play_fates(seed: int, parcels: list[Parcel], ids: Ids) -> None:
    """Records how every parcel ends, including the in-transit refund requests that lead there."""
    rng = Random(f"{seed}:fates")
    words = vocab()["after_sales"]
    for parcel in parcels:
        if parcel.attempt_at is None:
            continue
        win = parcel_winner(parcel)
        if win is None:
            draw = rng.random()
            if draw < RATES.unreachable and not parcel.at_station:
                track.record_not_delivered(rng, parcel, "unreachable")
            elif draw < RATES.unreachable + RATES.addr_unknown:
                track.record_not_delivered(rng, parcel, "addr_unknown")
            elif (
                parcel.at_station
                and draw < RATES.unreachable + RATES.addr_unknown + RATES.uncollected / 0.55
            ):
                track.record_not_delivered(rng, parcel, "uncollected")
            else:
                track.record_signed(rng, parcel)
            continue
        for order in parcel.orders:
            order.winner = win
        refuse_at = parcel.attempt_at + (
            parcel.station_pickup * rng.uniform(0.2, 0.8)
            if parcel.at_station
            else HOUR * rng.uniform(0, 0.5)
        )
        applied = win.mode == "transit" and rng.random() < RATES.in_transit_apply
        if applied:
            answer = win.at + hours(rng, 2, 20)
            log = [(win.at, words["pending"])]
            ending = "refused"
            draw = rng.random()
            if draw < RATES.merchant_agree_refusal:
                log.append((answer, words["agreed_refuse"]))
            elif draw < RATES.merchant_agree_refusal + RATES.merchant_intercept:
                log.append((answer, words["agreed"]))
                cut = answer + hours(rng, 3, 12)
                if cut < parcel.attempt_at - HOUR:
                    ending = "intercepted"
            elif (
                draw
                < RATES.merchant_agree_refusal + RATES.merchant_intercept + RATES.merchant_reject
            ):
                log.append((answer, words["rejected"]))
                if rng.random() < 0.4:
                    log.append(
                        (max(answer, parcel.attempt_at) + hours(rng, 0.5, 3), words["withdrawn"])
                    )
                    ending = "signed"
                else:
                    log.append((answer + hours(rng, 12, 40), words["platform"]))
            else:
                log.append((min(answer, parcel.attempt_at - HOUR), words["withdrawn"]))
                ending = "signed"
            reason = menu_reason(rng, FAMILY[win.detail])
            for order in parcel.orders:
                order.applied = AfterSale(
                    ids.after_sale(),
                    order,
                    words["kind_refund"],
                    reason,
                    win.at,
                    order.paid_cents,
                    True,
                    log=list(log),
                )
            if ending == "intercepted":
                track.record_intercepted(rng, parcel, cut)
                continue
            if ending == "signed":
                for order in parcel.orders:
                    order.winner = None
                track.record_signed(rng, parcel)
                continue
        track.record_refused(rng, parcel, refuse_at, _courier_reason(rng, win.detail, applied))


def label_outcomes(orders: list[Order]) -> None:
    agreed = vocab()["after_sales"]["agreed_refuse"]
    for order in orders:
        parcel = order.parcel
        if order.cancelled_at is not None:
            order.outcome = "cancelled"
        elif (
            order.refund_unshipped_at is not None
            or order.uploaded_at is None
            or order.uploaded_at > CUTOFF
        ):
            order.outcome = "not_shipped"
        elif order.fake:
            order.outcome = "fake_shipping"
        elif parcel.fate == "refused":
            request = order.applied
            agreed_early = request and any(
                at <= CUTOFF and text == agreed for at, text in request.log
            )
            order.outcome = "refused" if parcel.fate_at <= CUTOFF or agreed_early else "in_transit"
        elif parcel.fate in ("intercepted", "uncollected", "unreachable", "addr_unknown"):
            order.outcome = "returned_undelivered" if parcel.fate_at <= CUTOFF else "in_transit"
        elif parcel.fate == "signed":
            order.outcome = "delivered" if parcel.signed_at <= CUTOFF else "in_transit"
        else:
            order.outcome = "in_transit"
        if order.outcome == "refused":
            order.cause = CAUSE_OF[order.winner.detail]
