"""The season, order by order and parcel by parcel.

Phase 1 draws the orders (what, where, when, paid or not, refunded before shipping).
Phase 2 ships them and follows every parcel, in shipping order, so that the reviews written
by earlier buyers are there for the refusal model of later ones (the review-storm mechanism).
Phase 3 reads each order's outcome as of the season's close (``season.CUTOFF``).
"""

import bisect
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import catalog, mechanisms, season, tracking, wording
from .model import AfterSale, Line, Order, Parcel, Penalty, Review

TAG_EPOCH = datetime(2025, 1, 1)


@dataclass(slots=True)
class World:
    seed: int
    orders: list[Order]
    parcels: list[Parcel]
    reviews: list[Review] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)


def _weighted(rng: random.Random, pairs):
    total = sum(weight for _, weight in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


def _cents(text: str) -> int:
    yuan, cents = text.split(".")
    return int(yuan) * 100 + int(cents)


class _Ids:
    """Unique ids of the shapes the platform and couriers use."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[str] = set()

    def _unique(self, make) -> str:
        while True:
            value = make()
            if value not in self.seen:
                self.seen.add(value)
                return value

    def order(self, deal_at: datetime) -> str:
        return self._unique(
            lambda: deal_at.strftime("%y%m%d-") + str(self.rng.randint(10**14, 10**15 - 1))
        )

    def tracking(self, courier_key: str) -> str:
        courier = catalog.COURIERS[courier_key]
        rest = courier.digits - len(courier.lead)
        return self._unique(
            lambda: (
                courier.prefix
                + courier.lead
                + str(self.rng.randint(10 ** (rest - 1), 10**rest - 1))
            )
        )

    def digits(self, count: int) -> str:
        return self._unique(lambda: str(self.rng.randint(10 ** (count - 1), 10**count - 1)))


# ---- phase 1: orders --------------------------------------------------------------------------
_HOUR_WEIGHTS = (
    1,
    0.5,
    0.3,
    0.2,
    0.2,
    0.3,
    0.8,
    1.6,
    2.4,
    2.8,
    3,
    3.2,
    4,
    3.6,
    3,
    2.8,
    2.8,
    3,
    3.4,
    4.2,
    5.2,
    5.6,
    4.6,
    2.6,
)


def _deal_times(rng: random.Random, count: int) -> list[datetime]:
    days = season.order_days()
    weights = [season.demand_weight(day) for day in days]
    picked = rng.choices(days, weights=weights, k=count)
    hours = rng.choices(range(24), weights=_HOUR_WEIGHTS, k=count)
    out = [
        datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), rng.randint(0, 59))
        for day, hour in zip(picked, hours, strict=False)
    ]
    out.sort()
    return out


def _region(rng: random.Random):
    province = _weighted(rng, [(p, p.weight) for p in catalog.PROVINCES])
    city, districts = rng.choice(province.cities)
    return province.name, city, rng.choice(districts), rng.choice(catalog.STREETS)


def _pick_product(rng: random.Random, day) -> catalog.Product:
    on_sale = [p for p in catalog.PRODUCTS if p.on_sale[0] <= day <= p.on_sale[1]]
    return _weighted(rng, [(p, p.weight) for p in on_sale])


def _price_line(rng: random.Random, product, sku, qty, trial=False) -> Line:
    goods = _cents(sku.price) * qty
    line = Line(product, sku, qty, goods)
    if trial:
        line.shop_cents = goods
        return line
    if rng.random() < 0.45:
        line.shop_cents = min(goods // 5, rng.choice((100, 200, 300, 500)))
    if rng.random() < 0.3:
        line.platform_cents = min(goods // 10, rng.choice((50, 100, 150, 200)))
    if rng.random() < 0.2:
        line.duoduo_cents = rng.choice((10, 20, 30, 50))
    return line


def _boost_tag(rng: random.Random, deal_at: datetime) -> str:
    prefix = rng.choice(wording.BOOST_TAG_PREFIXES)
    style = rng.random()
    if style < 0.5:
        return f"{prefix}{deal_at:%m%d}-{rng.randint(1, 30):02d}"
    if style < 0.8:
        return f"{prefix}{rng.randint(1, 60)}"
    return f"放单 {prefix}{deal_at:%m%d}"


def draw_orders(rng: random.Random, ids: _Ids, count: int) -> list[Order]:
    orders = []
    for deal_at in _deal_times(rng, count):
        day = deal_at.date()
        province, city, district, street = _region(rng)
        order = Order(
            ids.order(deal_at),
            deal_at,
            [],
            province,
            city,
            district,
            street,
            group_id=ids.digits(12),
        )
        product = _pick_product(rng, day)
        trial_open = catalog.TRIAL_WINDOW[0] <= day <= catalog.TRIAL_WINDOW[1]
        if trial_open and rng.random() < 0.14:
            order.is_trial = True
            product = catalog.PRODUCTS_BY_KEY["navel"]
            order.lines.append(_price_line(rng, product, catalog.TRIAL_SKU, 1, trial=True))
            order.source = "0元试用"
            if rng.random() < 0.7:
                order.trial_cluster = True
                (order.province, order.city, order.district, order.street) = rng.choice(
                    catalog.TRIAL_CLUSTER
                )
        else:
            sku = rng.choices(product.skus, weights=[3, 4, 3, 1][: len(product.skus)])[0]
            qty = _weighted(rng, ((1, 88), (2, 10), (3, 2)))
            order.lines.append(_price_line(rng, product, sku, qty))
            if rng.random() < 0.03 and len(product.skus) > 1:
                other = rng.choice([s for s in product.skus if s is not sku])
                order.lines.append(_price_line(rng, product, other, 1))
        if order.province in catalog.REMOTE_PROVINCES and not order.is_trial:
            order.lines[0].postage_cents = 1000
        _mark_special(rng, order, product, day)
        orders.append(order)
    return orders


def _mark_special(rng, order: Order, product, day) -> None:
    big = order.lines[0].sku.big_fruit
    boosted = False
    if product.key == "orah" and mechanisms.in_window(day, *mechanisms.BOOST_ORAH):
        boosted = rng.random() < 0.2
    elif product.key == "navel" and big and mechanisms.in_window(day, *mechanisms.BOOST_NAVEL):
        boosted = rng.random() < 0.08
    if boosted:
        order.boost = _weighted(rng, (("gift", 55), ("empty_track", 20), ("reused", 25)))
        if rng.random() < 0.86:
            order.merchant_note = _boost_tag(rng, order.deal_at)
        return
    if (
        product.key == "navel"
        and not order.is_trial
        and mechanisms.in_window(day, *mechanisms.SLANDER_NAVEL)
    ):
        order.slander = rng.random() < 0.09
    if not order.is_trial:
        if rng.random() < 0.06:
            order.buyer_message = rng.choice(wording.BUYER_MESSAGES)
        if rng.random() < 0.04:
            order.merchant_note = rng.choice(wording.MERCHANT_NOTES)
        order.sf_plus = rng.random() < 0.03
        order.pay_method = _weighted(rng, (("微信支付", 60), ("支付宝", 25), ("多多支付", 15)))
        order.source = _weighted(rng, (("拼多多App", 80), ("拼小程序", 12), ("多多视频", 8)))


def pay_and_prepare(rng: random.Random, ids: _Ids, orders: list[Order]) -> None:
    """Payment, cancellations, refunds before shipping, shipping time, merged shipments."""
    for order in orders:
        normal = not (order.is_trial or order.boost or order.slander)
        if normal and rng.random() < 0.025:
            order.cancel_at = order.deal_at + timedelta(minutes=rng.randint(30, 120))
            continue
        order.pay_at = order.deal_at + timedelta(seconds=rng.randint(4, 200))
        order.promised_ship_at = order.pay_at + timedelta(hours=season.PROMISED_SHIP_HOURS)
        typical, most = season.packing_backlog(order.pay_at.date())
        delay = rng.uniform(2, 28)
        if typical:
            delay += min(most, rng.expovariate(1 / typical))
        ship_at = _packing_slot(rng, order.pay_at + timedelta(hours=delay))
        if normal:
            roll = rng.random()
            if roll < 0.018:
                order.pre_ship = "buyer_refund"
            elif roll < 0.022:
                order.pre_ship = "out_of_stock"
        if order.pre_ship:
            span = (ship_at - order.pay_at).total_seconds()
            order.pre_ship_request_at = order.pay_at + timedelta(
                seconds=rng.uniform(0.1, 0.9) * span
            )
            _refund_before_shipping(rng, ids, order)
            continue
        order.ship_at = ship_at
        order.wrong_pack = normal and rng.random() < 0.004
    _merge_shipments(rng, orders)
    for order in orders:
        if order.ship_at and order.promised_ship_at:
            late = (order.ship_at - order.promised_ship_at).total_seconds() / 3600
            order.late_hours = max(0.0, late)


def _refund_before_shipping(rng: random.Random, ids: _Ids, order: Order) -> None:
    asked = order.pre_ship_request_at
    if order.pre_ship == "out_of_stock":  # the merchant cancels; no buyer application
        order.pre_ship_done_at = asked + timedelta(minutes=rng.randint(5, 90))
        return
    order.pre_ship_done_at = asked + timedelta(minutes=rng.randint(2, 360))
    order.after_sales.append(
        AfterSale(
            ids.digits(15),
            "仅退款",
            _weighted(rng, wording.BEFORE_SHIP_REASON),
            asked,
            order.paid_cents,
            False,
            [(asked, "买家申请退款，待商家处理"), (order.pre_ship_done_at, "退款成功")],
        )
    )


def _packing_slot(rng: random.Random, ready: datetime) -> datetime:
    """The packing house ships in three batches a day."""
    for start, end in ((10, 12), (15, 17), (19, 21)):
        if ready.hour < start:
            return ready.replace(hour=start, minute=rng.randint(0, 59), second=rng.randint(0, 59))
        if ready.hour < end:
            return ready
    nxt = ready + timedelta(days=1)
    return nxt.replace(hour=10, minute=rng.randint(0, 59), second=rng.randint(0, 59))


def _merge_shipments(rng: random.Random, orders: list[Order]) -> None:
    """合并发货: a buyer's second order within the day ships in the first one's box."""

    def mergeable(order: Order) -> bool:
        return bool(order.ship_at) and not (
            order.is_trial or order.boost or order.slander or order.merge_with or order.wrong_pack
        )

    taken: set[str] = set()
    for index, first in enumerate(orders):
        if first.order_id in taken or not mergeable(first) or rng.random() >= 0.03:
            continue
        for second in orders[index + 1 : index + 40]:
            gap = (second.deal_at - first.deal_at).total_seconds() / 3600
            if gap > 18:
                break
            if (
                gap > 0.3
                and second.order_id not in taken
                and mergeable(second)
                and second.origin == first.origin
            ):
                second.merge_with = first
                (second.province, second.city, second.district, second.street) = (
                    first.province,
                    first.city,
                    first.district,
                    first.street,
                )
                shared = max(first.ship_at, second.ship_at)
                first.ship_at = second.ship_at = shared
                taken.update((first.order_id, second.order_id))
                break


# ---- phase 2: parcels -------------------------------------------------------------------------
SHAPE_WEIGHTS = {
    "jt": (55, 14, 13, 8, 10),
    "sf": (30, 42, 6, 6, 16),
    "post": (40, 18, 16, 14, 12),
}
DEFAULT_SHAPE_WEIGHTS = (42, 24, 10, 10, 14)
# When the courier writes a reason, it is sometimes the wrong one: what the buyer said at the
# door, not why they refused. Keys are the true cause, values the cause the text points at.
CONFUSED_REASON = {
    "product_quality": ("reviews", "logistics"),
    "logistics": ("product_quality", "reviews"),
    "reviews": ("logistics", "product_quality"),
    "rule_violation": ("reviews",),
}
# Words a mechanism's own refusal texts contain (the rest of its cause's pool does not fit).
MECHANISM_WORDS = {
    "q_unripe_navel": ("青",),
    "q_soft_kiwi": ("软",),
    "q_small_shatang": ("小", "不符", "不对版"),
    "q_rotten_orah": ("烂", "霉", "渗水", "异味", "坏"),
    "q_wrong_pack": ("发错", "不对版"),
    "l_stall": ("超时", "慢", "太长", "星期", "太久"),
    "l_slow_route": ("超时", "慢", "太长", "星期"),
    "l_late_ship": ("超时", "慢", "星期"),
    "l_crushed": ("破损", "压", "挤压"),
    "l_cold": ("冻",),
}
PRE_DELIVERY_SHARE = {
    "reviews": 0.8,
    "l_stall": 0.45,
    "l_slow_route": 0.45,
    "l_late_ship": 0.5,
    "l_background": 0.2,
    "l_crushed": 0.08,
    "l_cold": 0.08,
}
QUALITY_WINDOWS = (
    ("navel", False, mechanisms.UNRIPE_NAVEL, "unripe", 0.22),
    ("kiwi", False, mechanisms.SOFT_KIWI, "soft", 0.45),
    ("shatang", True, mechanisms.SMALL_SHATANG, "small", 0.6),
    ("orah", False, mechanisms.ROTTEN_ORAH, "rotten", 0.45),
)
STALL_COURIERS = ("zto", "yunda", "sto", "jt", "yto")


class _ReviewBoard:
    """Reviews per product, so a later buyer's refusal can depend on what they read."""

    SHOWN = 20  # the latest reviews a buyer scrolls through
    FRESH_DAYS = 14  # older ones sit below the fold

    def __init__(self) -> None:
        self.reviews: dict[str, list[tuple[datetime, bool]]] = {}

    def add(self, product_key: str, at: datetime, low: bool) -> None:
        bisect.insort(self.reviews.setdefault(product_key, []), (at, low))

    def low_share(self, product_key: str, before: datetime) -> float:
        shown = self.reviews.get(product_key, [])
        end = bisect.bisect_left(shown, (before, False))
        latest = [
            low
            for at, low in shown[max(0, end - self.SHOWN) : end]
            if at >= before - timedelta(days=self.FRESH_DAYS)
        ]
        return sum(latest) / len(latest) if len(latest) >= 5 else 0.0


def _reason_text(rng: random.Random, mechanism: mechanisms.Mechanism) -> str:
    cause = mechanism.cause
    if rng.random() < 0.26:
        cause = rng.choice(CONFUSED_REASON[cause])
        return rng.choice(wording.REFUSAL_REASON[cause])
    pool = wording.REFUSAL_REASON[cause]
    words = MECHANISM_WORDS.get(mechanism.code)
    if words:
        fitting = [text for text in pool if any(word in text for word in words)]
        pool = fitting or pool
    return rng.choice(pool)


def _next_export(after: datetime) -> datetime | None:
    for moment in season.WEEKLY_EXPORTS:
        if moment > after:
            return moment
    return None


class Shipper:
    """Ships the orders and follows each parcel to its end."""

    def __init__(self, rng: random.Random, ids: _Ids, world: World):
        self.rng = rng
        self.ids = ids
        self.world = world
        self.board = _ReviewBoard()

    # -- parcels ---------------------------------------------------------------------------
    def make_parcels(self) -> list[Parcel]:
        rng = self.rng
        seconds = {
            order.merge_with.order_id: order for order in self.world.orders if order.merge_with
        }
        parcels = []
        for order in self.world.orders:
            if not order.ship_at or order.merge_with or order.boost == "reused":
                continue
            origin = "yiwu" if order.boost == "gift" else order.origin
            province = catalog.PROVINCES_BY_NAME[order.province]
            if order.boost == "empty_track":
                courier = rng.choice(("zto", "yunda"))
            elif order.sf_plus:
                courier = "sf"
            elif province.name in catalog.REMOTE_PROVINCES and rng.random() < 0.6:
                courier = "post"
            else:
                courier = _weighted(rng, catalog.COURIER_MIX[origin])
            parcel = Parcel(
                self.ids.tracking(courier),
                courier,
                origin,
                order.ship_at,
                fake=order.boost == "empty_track",
            )
            parcel.orders.append(order)
            if order.order_id in seconds:
                parcel.orders.append(seconds[order.order_id])
            for member in parcel.orders:
                member.parcel, member.tracking_no, member.courier = (
                    parcel,
                    parcel.tracking_no,
                    courier,
                )
            parcels.append(parcel)
        parcels.sort(key=lambda parcel: (parcel.ship_at, parcel.tracking_no))
        return parcels

    def run(self) -> None:
        parcels = self.make_parcels()
        self.world.parcels = parcels
        for parcel in parcels:
            if parcel.fake:
                self._fake_parcel(parcel)
            else:
                self._real_parcel(parcel)
        self._reused_numbers(parcels)

    def _fake_parcel(self, parcel: Parcel) -> None:
        rng, order = self.rng, parcel.orders[0]
        seen_at = parcel.ship_at + timedelta(hours=rng.uniform(6, 30))
        transit = tracking.plan_transit(
            rng,
            parcel.courier,
            order.origin,
            order.province,
            order.city,
            order.district,
            seen_at,
            0,
            False,
            fake=True,
        )
        door = tracking.finish_events(rng, parcel.courier, transit, "fake_signed", order.district)
        parcel.events, parcel.outcome, parcel.outcome_at = door.events, "signed", door.outcome_at
        order.confirm_at = door.outcome_at + timedelta(hours=rng.uniform(2, 30))
        self._review(order, parcel, [], door.outcome_at)

    def _context(self, parcel, transit, picked_at) -> mechanisms.ParcelContext:
        lead = parcel.orders[0]
        province = catalog.PROVINCES_BY_NAME[lead.province]
        skus = [
            (line.product.key, line.sku.big_fruit)
            for order in parcel.orders
            for line in order.lines
        ]
        deal = min(order.deal_at for order in parcel.orders)
        low = max(self.board.low_share(key, deal) for key, _ in skus)
        actual = (transit.branch_at - picked_at).total_seconds() / 86400
        return mechanisms.ParcelContext(
            skus=skus,
            ship_day=parcel.ship_at.date(),
            deal_day=deal.date(),
            courier=parcel.courier,
            cold_exposure=province.cold,
            arrival_day=transit.branch_at.date(),
            stall_days=transit.stall_days,
            damaged=transit.damaged,
            late_hours=max(o.late_hours for o in parcel.orders),
            slow_days=actual - transit.expected_days - transit.stall_days,
            wrong_pack=any(o.wrong_pack for o in parcel.orders),
            low_share=low,
            trial_cluster=lead.trial_cluster,
            boost=lead.boost,
        )

    def _stall(self, parcel: Parcel, picked_at: datetime, lead: Order) -> float:
        rng = self.rng
        origin = catalog.ORIGINS[parcel.origin]
        dest = catalog.PROVINCES_BY_NAME[lead.province]
        through_hub = tracking.mid_hub(origin.zone, dest.zone) in (
            catalog.NORTH_HUB,
            catalog.EAST_HUB,
        )
        if (
            parcel.courier in STALL_COURIERS
            and through_hub
            and mechanisms.in_window(picked_at.date(), *mechanisms.HUB_BACKLOG)
            and rng.random() < 0.42
        ):
            return round(rng.uniform(1.5, 5.5), 2)
        if rng.random() < 0.01:
            return round(rng.uniform(1.0, 3.5), 2)
        return 0.0

    def _real_parcel(self, parcel: Parcel) -> None:
        rng = self.rng
        lead = parcel.orders[0]
        picked_at = parcel.ship_at + timedelta(hours=rng.uniform(0.5, 6))
        stall = self._stall(parcel, picked_at, lead)
        heavy = max(line.sku.weight_kg for line in lead.lines) >= 4.5
        crush = catalog.COURIERS[parcel.courier].crush_rate * (1.4 if heavy else 1.0)
        damaged = rng.random() < crush * (1.6 if stall else 1.0)
        detour = round(rng.uniform(1.0, 3.0), 2) if rng.random() < 0.025 else 0.0
        transit = tracking.plan_transit(
            rng,
            parcel.courier,
            parcel.origin,
            lead.province,
            lead.city,
            lead.district,
            picked_at,
            stall,
            damaged,
            detour_days=detour,
        )
        ctx = self._context(parcel, transit, picked_at)
        cold = (
            mechanisms.in_window(ctx.arrival_day, *mechanisms.COLD_SNAP)
            and ctx.cold_exposure >= 0.6
            and parcel.courier != "sf"
        )
        mechanism = mechanisms.draw_refusal(ctx, rng)
        if mechanism:
            self._refused(parcel, transit, mechanism, lead, cold)
        else:
            self._not_refused(parcel, transit, ctx, lead, cold, picked_at)

    def _refused(self, parcel, transit, mechanism, lead, cold) -> None:
        rng = self.rng
        weights = SHAPE_WEIGHTS.get(parcel.courier, DEFAULT_SHAPE_WEIGHTS)
        shapes = tracking.REFUSAL_SHAPES
        if mechanism.cause == "rule_violation":
            shapes, weights = shapes[:4], weights[:4]
        shape = rng.choices(shapes, weights=weights)[0]
        attempts = 0
        if mechanism.cause == "logistics" and rng.random() < 0.3:
            attempts = rng.choice((1, 1, 2))
        elif rng.random() < 0.04:
            attempts = 1
        door = tracking.finish_events(
            rng,
            parcel.courier,
            transit,
            "refused",
            lead.district,
            shape=shape,
            reason_text=_reason_text(rng, mechanism),
            generic_text=rng.choice(wording.REFUSAL_GENERIC),
            attempts=attempts,
            cold=cold,
        )
        parcel.events, parcel.outcome = door.events, "refused"
        parcel.outcome_at, parcel.returned_at = door.outcome_at, door.returned_at
        parcel.shape, parcel.mechanism, parcel.cause = shape, mechanism.code, mechanism.cause
        for order in parcel.orders:
            claims = mechanism.cause != "rule_violation" and (
                shape == "after_sales_only" or rng.random() < 0.87
            )
            if claims:
                self._refusal_claim(
                    order, parcel, mechanism, transit, forced=shape == "after_sales_only"
                )
            else:
                order.confirm_at = self._auto_confirm(order)

    def _auto_confirm(self, order: Order) -> datetime:
        return order.ship_at + timedelta(
            days=season.AUTO_CONFIRM_DAYS, minutes=self.rng.randint(5, 300)
        )

    def _refusal_claim(self, order, parcel, mechanism, transit, forced) -> None:
        """仅退款 for a refused parcel: asked before the door (agreed or not) or after it."""
        rng = self.rng
        share = PRE_DELIVERY_SHARE.get(
            mechanism.code, PRE_DELIVERY_SHARE.get(mechanism.cause, 0.06)
        )
        door_at = parcel.outcome_at
        earliest = parcel.ship_at + timedelta(hours=6)
        before = forced or rng.random() < share
        if before and door_at - earliest < timedelta(hours=2):
            before = forced
            earliest = min(earliest, door_at - timedelta(hours=1))
        reason = _weighted(rng, wording.AFTER_SALES_REASON[mechanism.cause])
        refund_at = parcel.returned_at + timedelta(hours=rng.uniform(1, 30))
        if before:
            applied = earliest + (door_at - earliest) * rng.uniform(0.1, 0.8)
            handled = applied + (door_at - applied) * rng.uniform(0.2, 0.9)
            states = [(applied, "买家申请退款，待商家处理")]
            if forced or rng.random() < 0.75:
                states.append((handled, "已同意拒收退款，待用户拒收"))
                if forced:
                    nxt = _next_export(handled)
                    if nxt:
                        refund_at = max(refund_at, nxt + timedelta(hours=rng.uniform(1, 20)))
            else:
                states.append((handled, "驳回退款，待买家处理"))
                states.append((door_at + timedelta(hours=rng.uniform(2, 20)), "平台处理中"))
        else:
            applied = door_at + timedelta(hours=rng.uniform(1, 48))
            states = [(applied, "买家申请退款，待商家处理")]
            if rng.random() < 0.5:
                agreed = applied + timedelta(hours=rng.uniform(1, 12))
                states.append((agreed, "商家同意退款，退款中"))
            refund_at = max(refund_at, states[-1][0] + timedelta(hours=1))
        states.append((refund_at, "退款成功"))
        order.after_sales.append(
            AfterSale(
                self.ids.digits(15), "仅退款", reason, applied, order.paid_cents, True, states
            )
        )

    def _not_refused(self, parcel, transit, ctx, lead, cold, picked_at) -> None:
        rng = self.rng
        pressure = mechanisms._review_pressure(ctx)
        roll = rng.random()
        outcome = "signed"
        if lead.boost != "gift":
            for name, chance in (
                ("lost", 0.0035),
                ("intercept", 0.009 + 0.6 * pressure),
                ("addr_bad", 0.0045),
                ("unreachable", 0.0035),
                ("locker_timeout", 0.005),
            ):
                if roll < chance:
                    outcome = name
                    break
                roll -= chance
        intercept_at = None
        if outcome == "intercept":
            intercept_at = picked_at + (transit.branch_at - picked_at) * rng.uniform(0.25, 0.8)
        attempts = 1 if rng.random() < 0.05 else 0
        door = tracking.finish_events(
            rng,
            parcel.courier,
            transit,
            outcome,
            lead.district,
            attempts=attempts,
            intercept_at=intercept_at,
            cold=cold,
            locker=rng.random() < 0.25,
        )
        parcel.events, parcel.outcome = door.events, outcome
        parcel.outcome_at, parcel.returned_at = door.outcome_at, door.returned_at
        if outcome == "lost":
            parcel.lost_at = door.events[-1].at
        for order in parcel.orders:
            if outcome == "signed":
                self._signed(order, parcel, ctx, cold)
            else:
                self._undelivered_claim(order, parcel, outcome)

    def _undelivered_claim(self, order, parcel, outcome) -> None:
        rng = self.rng
        if outcome == "intercept":
            applied = max(
                parcel.ship_at + timedelta(minutes=10),
                parcel.outcome_at - timedelta(hours=rng.uniform(1, 8)),
            )
            states = [
                (applied, "买家申请退款，待商家处理"),
                (parcel.outcome_at, "商家同意退款，退款中"),
                (parcel.returned_at + timedelta(hours=rng.uniform(1, 20)), "退款成功"),
            ]
            reason = _weighted(rng, wording.INTERCEPT_REASON)
        elif outcome == "lost":
            if rng.random() >= 0.85:
                order.confirm_at = self._auto_confirm(order)
                return
            applied = parcel.lost_at + timedelta(hours=rng.uniform(2, 48))
            states = [
                (applied, "买家申请退款，待商家处理"),
                (applied + timedelta(hours=rng.uniform(6, 48)), "退款成功"),
            ]
            reason = rng.choice(("快递一直未送达", "快递无跟踪记录"))
        else:
            if rng.random() >= 0.75:
                order.confirm_at = self._auto_confirm(order)
                return
            applied = parcel.outcome_at + timedelta(hours=rng.uniform(1, 72))
            refund_at = max(parcel.returned_at, applied) + timedelta(hours=rng.uniform(1, 24))
            states = [(applied, "买家申请退款，待商家处理"), (refund_at, "退款成功")]
            reason = _weighted(rng, wording.UNDELIVERED_REASON)
        order.after_sales.append(
            AfterSale(
                self.ids.digits(15), "仅退款", reason, applied, order.paid_cents, True, states
            )
        )

    def _experience(self, order, parcel, ctx, cold) -> list[tuple[str, float]]:
        """What went wrong for a delivered buyer: (review tag, chance of a low score)."""
        tags = []
        for product, big_only, window, tag, chance in QUALITY_WINDOWS:
            if any(
                line.product.key == product and (line.sku.big_fruit or not big_only)
                for line in order.lines
            ) and mechanisms.in_window(ctx.ship_day, *window):
                tags.append((tag, chance))
        if order.wrong_pack:
            tags.append(("small", 0.7))
        if ctx.stall_days >= 2 or ctx.slow_days > 1.2:
            tags.append(("slow", 0.35))
        if ctx.damaged:
            tags.append(("crushed", 0.5))
        if cold:
            tags.append(("cold", 0.3))
        return tags

    def _signed(self, order, parcel, ctx, cold) -> None:
        rng = self.rng
        done = parcel.outcome_at
        if order.boost:
            order.confirm_at = done + timedelta(hours=rng.uniform(2, 24))
        elif rng.random() < 0.65:
            order.confirm_at = done + timedelta(days=rng.uniform(0.2, 3.5))
        else:
            order.confirm_at = max(done + timedelta(hours=2), self._auto_confirm(order))
        tags = self._experience(order, parcel, ctx, cold)
        self._review(order, parcel, tags, done)
        if order.boost or order.is_trial or order.slander:
            return
        claim = 0.022
        if tags:
            claim = max(
                {
                    "unripe": 0.2,
                    "soft": 0.35,
                    "small": 0.3,
                    "rotten": 0.4,
                    "slow": 0.15,
                    "crushed": 0.35,
                    "cold": 0.25,
                }[tag]
                for tag, _ in tags
            )
        if rng.random() < claim:
            self._delivered_claim(order, done, tags)

    def _delivered_claim(self, order, done, tags) -> None:
        rng = self.rng
        applied = done + timedelta(hours=rng.uniform(1, 72))
        kind = _weighted(rng, (("仅退款", 80), ("退货退款", 7), ("补寄", 13)))
        reason = _weighted(rng, wording.DELIVERED_CLAIM_REASON)
        if tags and tags[0][0] == "small":
            reason = rng.choice(("与商品描述不符", "质量问题", "与商品描述不符"))
        paid = order.paid_cents
        states = [(applied, "买家申请退款，待商家处理")]
        return_no = ""
        if kind == "补寄":
            amount = 0
            states = [
                (applied, "买家申请补寄，待商家处理"),
                (applied + timedelta(hours=rng.uniform(4, 40)), "商家已补寄"),
            ]
        elif kind == "退货退款":
            amount = paid
            return_no = self.ids.tracking("zto")
            states.append((applied + timedelta(hours=rng.uniform(2, 20)), "商家同意退款，退款中"))
            states.append((applied + timedelta(days=rng.uniform(3, 7)), "退款成功"))
        else:
            full = rng.random() < 0.15
            amount = paid if full else max(100, int(paid * rng.uniform(0.15, 0.6)))
            if rng.random() < 0.08:
                rejected = applied + timedelta(hours=rng.uniform(2, 20))
                states.append((rejected, "驳回退款，待买家处理"))
                states.append((applied + timedelta(days=rng.uniform(1, 3)), "买家撤销"))
            else:
                states.append((applied + timedelta(hours=rng.uniform(2, 36)), "退款成功"))
        order.after_sales.append(
            AfterSale(self.ids.digits(15), kind, reason, applied, amount, True, states, return_no)
        )

    def _review(self, order, parcel, tags, done) -> None:
        rng = self.rng
        at = done + timedelta(days=rng.uniform(0.3, 6))
        product = order.lines[0].product
        if order.slander:
            score, text, tag = 1, rng.choice(wording.REVIEW_LOW["slander"]), "slander"
        elif order.boost:
            if rng.random() >= 0.85:
                return
            score, text, tag = 5, "，".join(rng.sample(wording.REVIEW_GOOD[:10], 2)), ""
        else:
            if mechanisms.in_window(at.date(), *mechanisms.SERVICE_SLUMP):
                tags = [*tags, ("service", 0.12)]
            if rng.random() >= (0.45 if tags else 0.3):
                return
            score, text, tag = self._score(tags)
        if at > season.CUTOFF:
            return
        logistics = 5 if tag not in ("slow", "crushed", "cold") else rng.randint(1, 3)
        service = 5 if tag != "service" else rng.randint(1, 2)
        if score <= 3 and tag not in ("slow", "crushed", "cold", "service"):
            logistics, service = rng.randint(4, 5), rng.randint(3, 5)
        reply = ""
        if score <= 2 and rng.random() < 0.4:
            reply = rng.choice(wording.REPLY_LOW)
        elif score >= 4 and rng.random() < 0.15:
            reply = rng.choice(wording.REPLY_GOOD)
        self.world.reviews.append(
            Review(at, order.order_id, product.goods_id, score, text, reply, logistics, service)
        )
        self.board.add(product.key, at, score <= 2)

    def _score(self, tags) -> tuple[int, str, str]:
        rng = self.rng
        for tag, chance in tags:
            if rng.random() < chance:
                score = 1 if rng.random() < 0.65 else 2
                return score, rng.choice(wording.REVIEW_LOW[tag]), tag
        score = _weighted(rng, ((5, 78), (4, 11), (3, 5), (2, 3), (1, 3)))
        if score == 5:
            text = rng.choice(wording.REVIEW_GOOD) if rng.random() < 0.75 else ""
        elif score == 4:
            text = rng.choice(wording.REVIEW_GOOD + wording.REVIEW_MIDDLE)
        elif score == 3:
            text = rng.choice(wording.REVIEW_MIDDLE)
        else:
            text = rng.choice(wording.REVIEW_LOW["plain"] + wording.REVIEW_LOW["rotten"])
        return score, text, "plain"

    def _reused_numbers(self, parcels: list[Parcel]) -> None:
        """Boosted orders 'shipped' with the number of an earlier real parcel."""
        rng = self.rng
        real = [parcel for parcel in parcels if not parcel.fake and parcel.origin != "yiwu"]
        ship_times = [parcel.ship_at for parcel in real]
        for order in self.world.orders:
            if order.boost != "reused" or not order.ship_at:
                continue
            low = bisect.bisect_left(ship_times, order.ship_at - timedelta(days=10))
            high = bisect.bisect_left(ship_times, order.ship_at - timedelta(hours=6))
            if high > low:
                donor = real[rng.randrange(low, high)]
            elif high:
                donor = real[high - 1]
            else:
                order.ship_at = None
                continue
            order.tracking_no, order.courier = donor.tracking_no, donor.courier
            order.confirm_at = order.ship_at + timedelta(days=rng.uniform(1, 4))
            if rng.random() < 0.85:
                self._review(order, None, [], order.ship_at + timedelta(days=2))


# ---- phase 3: penalties and outcomes as of the close ------------------------------------------
def _yuan_fine(rng: random.Random, paid: int, share: float, low: int, high: int) -> int:
    return min(high, max(low, int(paid * share)))


def bill_penalties(rng: random.Random, world: World) -> None:
    cutoff = season.CUTOFF
    out = world.penalties
    for order in world.orders:
        paid = order.paid_cents
        if order.late_hours > 0 and not order.boost and order.parcel:
            out.append(
                Penalty(
                    order.order_id,
                    "",
                    "延迟发货_扣款",
                    _yuan_fine(rng, paid, 0.05, 300, 5000),
                    order.ship_at + timedelta(hours=rng.uniform(20, 70)),
                    rng.choice(wording.PENALTY_NOTES["延迟发货_扣款"]),
                )
            )
        if order.pre_ship == "out_of_stock":
            out.append(
                Penalty(
                    order.order_id,
                    "",
                    "缺货扣款",
                    _yuan_fine(rng, paid, 0.1, 300, 5000),
                    order.pre_ship_request_at + timedelta(hours=rng.uniform(12, 48)),
                    rng.choice(wording.PENALTY_NOTES["缺货扣款"]),
                )
            )
        if order.boost == "empty_track" and order.parcel and rng.random() < 0.6:
            out.append(
                Penalty(
                    order.order_id,
                    order.tracking_no,
                    "虚假轨迹",
                    _yuan_fine(rng, paid, 0.3, 500, 10000),
                    order.ship_at + timedelta(days=rng.uniform(2, 8)),
                    rng.choice(wording.PENALTY_NOTES["虚假轨迹"]),
                )
            )
        if order.boost == "reused" and order.tracking_no and rng.random() < 0.65:
            out.append(
                Penalty(
                    order.order_id,
                    order.tracking_no,
                    "虚假发货",
                    _yuan_fine(rng, paid, 0.3, 500, 10000),
                    order.ship_at + timedelta(days=rng.uniform(2, 10)),
                    rng.choice(wording.PENALTY_NOTES["虚假发货"]),
                )
            )
        if order.boost and rng.random() < 0.3:
            out.append(
                Penalty(
                    order.order_id,
                    "",
                    "虚假交易",
                    0,
                    order.deal_at + timedelta(days=rng.uniform(7, 25)),
                    rng.choice(wording.PENALTY_NOTES["虚假交易"]),
                )
            )
    world.penalties = sorted(
        (p for p in out if p.at <= cutoff), key=lambda p: (p.at, p.order_id, p.kind)
    )


def _agreed_refusal_at(order: Order) -> datetime | None:
    for sale in order.after_sales:
        for at, state in sale.states:
            if state == "已同意拒收退款，待用户拒收":
                return at
    return None


def settle(world: World) -> None:
    """Each order's outcome as of the close; causes only for refusals."""
    cutoff = season.CUTOFF
    for order in world.orders:
        order.outcome, order.cause = _outcome(order, cutoff), ""
        if order.outcome == "refused":
            order.cause = order.parcel.cause


def _outcome(order: Order, cutoff: datetime) -> str:
    if order.pay_at is None:
        return "cancelled"
    if order.pre_ship:
        return "refunded" if order.pre_ship_done_at <= cutoff else "not_shipped"
    if not order.ship_at or order.ship_at > cutoff:
        return "not_shipped"
    parcel = order.parcel
    if parcel is None:  # a boosted order on a reused number: the 刷手 confirms it
        return "delivered" if order.confirm_at and order.confirm_at <= cutoff else "in_transit"
    if parcel.outcome == "refused":
        # A buyer whose refusal-refund the platform already agreed has committed to refuse.
        agreed = [at for member in parcel.orders if (at := _agreed_refusal_at(member))]
        if parcel.outcome_at <= cutoff or (agreed and min(agreed) <= cutoff):
            return "refused"
        return "in_transit"
    if parcel.outcome == "lost":
        return "lost" if parcel.lost_at <= cutoff else "in_transit"
    if parcel.outcome_at is None or parcel.outcome_at > cutoff:
        return "in_transit"
    if parcel.outcome != "signed":
        return "returned_undelivered"
    for sale in order.after_sales:
        refunded = sale.refunded_at()
        if refunded and refunded <= cutoff and sale.amount_cents >= order.paid_cents > 0:
            return "refunded"
    return "delivered"


def simulate(seed: int, count: int) -> World:
    rng = random.Random(f"world_l/{seed}/orders")
    ids = _Ids(random.Random(f"world_l/{seed}/ids"))
    orders = draw_orders(rng, ids, count)
    pay_and_prepare(random.Random(f"world_l/{seed}/prepare"), ids, orders)
    world = World(seed, orders, [])
    Shipper(random.Random(f"world_l/{seed}/ship"), ids, world).run()
    bill_penalties(random.Random(f"world_l/{seed}/penalties"), world)
    settle(world)
    world.reviews.sort(key=lambda review: (review.at, review.order_id))
    return world
