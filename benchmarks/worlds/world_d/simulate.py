"""Simulate the shop's orders, parcels, buyers and platform: the truth behind the exports."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .shop import (
    CATALOG,
    COURIER_MEN,
    COURIERS,
    HOUR_WEIGHTS,
    HUBS,
    N_DAYS,
    REGIONS,
    SITES,
    day_weights,
    to_datetime,
)

CAUSES = ("product_quality", "logistics", "reviews", "rule_violation")
PEAK = (24.0 * 36, 24.0 * 46)  # 2026-11-09 .. 11-19: the 双11 warehouse and courier backlog
DEFECT_BATCHES = {  # (product key, spec prefix) -> (from hour, to hour, defect rate)
    ("cable", "2米"): (24.0 * 30, 24.0 * 47, 0.30),
    ("powerbank", "香芋紫"): (24.0 * 10, 24.0 * 27, 0.22),
}
CLAIMS_WAVE = (24.0 * 34, 24.0 * 49)  # earbuds: "续航40小时" exposed; buyers review the claim


@dataclass
class Order:
    order_id: str
    buyer: int
    deal_h: float
    lines: list
    region: tuple
    pay_h: float | None = None
    cancel_h: float | None = None
    preship_refund_h: float | None = None
    promised_h: float = 0.0
    ship_h: float | None = None
    parcel: int | None = None
    note: str = ""
    message: str = ""
    is_brush: bool = False
    is_trial: bool = False
    fake_ship: bool = False
    refund_h: float | None = None
    confirm_h: float | None = None
    paid: float = 0.0


@dataclass
class Parcel:
    tracking: str
    courier: int
    ship_h: float
    orders: list
    events: list = field(default_factory=list)
    outcome: str = "in_transit"
    cause: str = ""
    attempt_h: float = 0.0
    refuse_h: float | None = None
    return_h: float | None = None
    sign_h: float | None = None
    end_h: float | None = None
    excess_days: float = 0.0
    defective: bool = False
    inspected: bool = False
    damaged: bool = False
    attempts: int = 1


@dataclass
class World:
    orders: list
    parcels: list
    after_sales: list
    reviews: list
    penalties: list
    store_scores: list


class Texts:
    """Fills wording templates from the vocabulary with random places and people."""

    def __init__(self, vocab: dict, rng: np.random.Generator):
        self.vocab, self.rng = vocab, rng

    def pick(self, options: list) -> str:
        return options[int(self.rng.integers(len(options)))]

    def fill(self, options: list, courier: str = "", city: str = "", **extra) -> str:
        values = {
            "courier": courier,
            "city": city,
            "site": self.pick(SITES),
            "hub": self.pick(HUBS),
            "hub2": self.pick(HUBS),
            "courier_man": self.pick(COURIER_MEN),
            "phone": f"{int(self.rng.integers(3, 9))}{int(self.rng.integers(10**8, 10**9))}",
            "code": f"{int(self.rng.integers(1, 30))}-{int(self.rng.integers(1, 6))}-"
            f"{int(self.rng.integers(1000, 9999))}",
            "n": 2,
        }
        values.update(extra)
        return self.pick(options).format(**values)


def _tracking_number(rng, courier, used: set) -> str:
    style, head = courier.number_style.split(":")
    while True:
        if style == "digits":
            number = head + "".join(str(d) for d in rng.integers(0, 10, 14 - len(head)))
        else:
            number = head + "".join(str(d) for d in rng.integers(0, 10, 13))
        if number not in used:
            used.add(number)
            return number


def _daytime(hours: float, rng) -> float:
    """Move a delivery moment into the courier's working day (09:00-20:00)."""
    hour_of_day = hours % 24
    if 9 <= hour_of_day <= 20:
        return hours
    day = hours // 24 + (1 if hour_of_day > 20 else 0)
    return day * 24 + 9 + float(rng.uniform(0, 3))


def make_orders(rng, n_orders: int, texts: Texts) -> list:
    vocab = texts.vocab
    provinces = list(REGIONS)
    province_p = np.array([REGIONS[p][3] for p in provinces])
    province_p /= province_p.sum()
    product_p = np.array([p.weight for p in CATALOG])
    product_p /= product_p.sum()
    n_buyers = int(n_orders * 0.85)
    buyer_region = []
    for _ in range(n_buyers):
        prov = provinces[rng.choice(len(provinces), p=province_p)]
        _, cities, districts, _ = REGIONS[prov]
        k = int(rng.integers(len(cities)))
        street = f"{texts.pick(['人民路', '建设街道', '新华镇', '解放路', '工业园', '城关镇'])}"
        buyer_region.append((prov, cities[k], districts[k], street))
    brush_regions = [
        ("河南省", "周口市", "川汇区", "七一路"),
        ("广东省", "东莞市", "长安镇", "乌沙社区"),
    ]
    days = day_weights()
    n_companion = int(n_orders * 0.04)
    n_main = n_orders - n_companion
    orders, used_ids = [], set()

    def new_id(deal_h: float) -> str:
        while True:
            order_id = f"{to_datetime(deal_h):%y%m%d}-{int(rng.integers(10**14, 10**15))}"
            if order_id not in used_ids:
                used_ids.add(order_id)
                return order_id

    for _ in range(n_main):
        deal_h = float(rng.choice(N_DAYS, p=days) * 24 + rng.choice(24, p=HOUR_WEIGHTS))
        deal_h += float(rng.uniform(0, 1))
        is_brush = bool(24 * 10 <= deal_h <= 24 * 37 and rng.random() < 0.055)
        if is_brush:
            product = int(rng.choice([1, 5, 0], p=[0.6, 0.25, 0.15]))
            buyer = n_buyers + int(rng.integers(30))
            region = brush_regions[buyer % 2]
        else:
            product = int(rng.choice(len(CATALOG), p=product_p))
            buyer = int(rng.integers(n_buyers))
            region = buyer_region[buyer]
        lines = [
            (product, int(rng.integers(len(CATALOG[product].skus))), 1 + int(rng.random() < 0.12))
        ]
        if not is_brush and rng.random() < 0.13:
            other = int(rng.choice(len(CATALOG), p=product_p))
            if other != product:
                lines.append((other, int(rng.integers(len(CATALOG[other].skus))), 1))
        order = Order("", buyer, deal_h, lines, region, is_brush=is_brush)
        orders.append(order)
    for _ in range(n_companion):
        first = orders[int(rng.integers(n_main))]
        if first.is_brush:
            first = orders[int(rng.integers(n_main))]
        product = int(rng.choice(len(CATALOG), p=product_p))
        lines = [(product, int(rng.integers(len(CATALOG[product].skus))), 1)]
        orders.append(
            Order("", first.buyer, first.deal_h + float(rng.uniform(0.1, 5)), lines, first.region)
        )
    orders.sort(key=lambda o: o.deal_h)
    orders = [o for o in orders if o.deal_h < N_DAYS * 24 - 0.01]
    for order in orders:
        order.order_id = new_id(order.deal_h)
        order.promised_h = order.deal_h + 48
        if order.is_brush:
            order.is_trial = rng.random() < 0.2
            if rng.random() < 0.85:
                order.note = texts.pick(vocab["shop"]["boost_note_prefixes"]) + str(
                    int(rng.integers(10, 999))
                )
        elif rng.random() < 0.06:
            order.note = texts.pick(vocab["shop"]["plain_notes"])
        worried = CATALOG[order.lines[0][0]].key == "earbuds" and (
            CLAIMS_WAVE[0] <= order.deal_h <= CLAIMS_WAVE[1]
        )
        if worried and rng.random() < 0.12:
            order.message = texts.pick(vocab["buyer_message"]["worried"])
        elif rng.random() < 0.18:
            order.message = texts.pick(vocab["buyer_message"]["plain"])
    return orders


def ship_orders(rng, orders: list, texts: Texts) -> list:
    """Payment, cancellations, the warehouse's shipping delay, 合并发货 and reused numbers."""
    parcels, used = [], set()
    open_parcel_by_buyer: dict = {}
    courier_p = np.array([c.share for c in COURIERS])
    for order in orders:
        product_price = sum(CATALOG[p].skus[s].price * q for p, s, q in order.lines)
        order.paid = 0.01 if order.is_trial else round(product_price - (rng.random() < 0.2) * 2, 2)
        if rng.random() < 0.045:
            order.cancel_h = order.deal_h + float(rng.uniform(0.3, 24))
            continue
        order.pay_h = order.deal_h + float(rng.uniform(0.002, 0.2))
        in_peak = PEAK[0] - 48 <= order.deal_h <= PEAK[1] - 72
        delay = float(rng.gamma(2.0, 7.0)) + (float(rng.gamma(3.0, 14.0)) if in_peak else 0.0)
        if order.is_brush:
            delay = float(rng.uniform(1, 20))
        ship_h = _daytime(order.pay_h + delay, rng)
        if not order.is_brush and rng.random() < (0.05 if delay > 40 else 0.025):
            order.preship_refund_h = order.pay_h + float(rng.uniform(1, max(2.0, delay - 0.5)))
            continue
        order.ship_h = ship_h
        previous = open_parcel_by_buyer.get(order.buyer)
        if (
            previous is not None
            and not order.is_brush
            and parcels[previous].ship_h > order.deal_h
            and order.region == orders_region(parcels[previous], orders)
        ):
            parcel = parcels[previous]
            parcel.orders.append(order)
            order.ship_h, order.parcel = parcel.ship_h, previous
            continue
        courier = int(rng.choice(len(COURIERS), p=courier_p))
        late = order.ship_h > order.promised_h
        reusable = [
            i
            for i in range(max(0, len(parcels) - 400), len(parcels))
            if parcels[i].courier == courier and parcels[i].ship_h < order.ship_h - 72
        ]
        if not order.is_brush and reusable and rng.random() < (0.05 if late else 0.004):
            source = parcels[reusable[int(rng.integers(len(reusable)))]]
            order.fake_ship, order.parcel = True, None
            order.ship_h = _daytime(order.promised_h - float(rng.uniform(0.5, 8)), rng)
            order.fake_tracking = source.tracking
            order.fake_courier = source.courier
            continue
        parcel = Parcel(
            _tracking_number(rng, COURIERS[courier], used), courier, order.ship_h, [order]
        )
        order.parcel = len(parcels)
        open_parcel_by_buyer[order.buyer] = order.parcel
        parcels.append(parcel)
    return parcels


def orders_region(parcel: Parcel, orders: list) -> tuple:
    return parcel.orders[0].region


def _defect_rate(order: Order) -> float:
    rate = 0.012
    for product, sku, _ in order.lines:
        key = CATALOG[product].key
        spec = CATALOG[product].skus[sku].spec
        for (batch_key, prefix), (start, end, batch_rate) in DEFECT_BATCHES.items():
            if key == batch_key and spec.startswith(prefix) and start <= order.ship_h <= end:
                rate = max(rate, batch_rate)
    return rate


def _adder(parcel: Parcel, texts: Texts):
    courier, city = COURIERS[parcel.courier], parcel.orders[0].region[1]

    def add(hours, state, adv, options, loc="", **extra):
        text = texts.fill(options, courier.name, loc or city, **extra)
        parcel.events.append([hours, state, adv, text, loc])

    return add


def route_parcels(rng, parcels: list, texts: Texts) -> None:
    """Courier events, delivery attempts and the refusal decision for product, courier, fraud."""
    vocab = texts.vocab["transit"]
    for parcel in parcels:
        courier = COURIERS[parcel.courier]
        first = parcel.orders[0]
        province, city = first.region[0], first.region[1]
        route_days = REGIONS[province][0]
        is_brush = first.is_brush
        add = _adder(parcel, texts)

        t = parcel.ship_h + float(rng.uniform(0.5, 6))
        if not is_brush or rng.random() < 0.2:
            add(t, "1", "103", vocab["pickup"], "深圳市")
        in_peak = PEAK[0] <= parcel.ship_h <= PEAK[1]
        transit = route_days * courier.speed * float(rng.lognormal(0, 0.22))
        stall = 0.0
        if (in_peak and rng.random() < courier.peak_stall) or rng.random() < 0.04:
            stall = float(rng.uniform(0.8, 4.5 if in_peak else 2.5))
        n_trunk = 2 + int(rng.integers(3))
        for k in range(n_trunk):
            add(
                t + (k + float(rng.uniform(0.6, 1.4))) * transit * 24 / (n_trunk + 1),
                "0",
                "1002",
                vocab["trunk"],
                "",
            )
        if stall:
            stall_at = t + transit * 24 * 0.55
            add(stall_at, "2", "208", vocab["stuck"], "")
            if stall > 2.2 and rng.random() < 0.6:
                add(stall_at + stall * 12, "2", "202", vocab["no_update"], "")
        damage_p = courier.damage + (0.01 if in_peak else 0.0)
        parcel.damaged = (not is_brush) and rng.random() < damage_p
        if parcel.damaged:
            add(t + transit * 24 * 0.7 + stall * 24, "2", "209", vocab["damage"], "")
        arrive = t + transit * 24 + stall * 24
        add(arrive, "0", "1001", vocab["arrive_city"], city)
        attempt = _daytime(arrive + float(rng.uniform(2, 14)), rng)
        # Undeliverable parcels go back without a refusal.
        roll = rng.random()
        if not is_brush and roll < 0.024:
            add(attempt, "5", "", texts.vocab["transit"]["deliver"], city)
            kind = (
                ("207", vocab["undeliverable_address"])
                if roll < 0.012
                else ("206", vocab["undeliverable_phone"])
            )
            add(attempt + float(rng.uniform(1, 30)), "2", kind[0], kind[1], city)
            _return(rng, parcel, add, attempt + float(rng.uniform(30, 50)), vocab)
            continue
        if not is_brush and roll < 0.029:
            add(t + transit * 12, "2", "", vocab["intercepted"], "")
            _return(rng, parcel, add, t + transit * 12 + float(rng.uniform(10, 30)), vocab)
            continue
        while rng.random() < 0.07 and parcel.attempts < 3:
            add(attempt, "5", "", vocab["deliver"], city)
            add(
                attempt + float(rng.uniform(2, 8)),
                "2",
                "204",
                vocab["retry"],
                city,
                n=parcel.attempts,
            )
            parcel.attempts += 1
            attempt = _daytime(attempt + 24, rng)
        parcel.attempt_h = attempt
        expected = 1.0 + route_days * courier.speed
        parcel.excess_days = (attempt - first.deal_h) / 24 - expected
        defect = max(_defect_rate(o) for o in parcel.orders)
        parcel.defective = (not is_brush) and rng.random() < defect
        parcel.inspected = rng.random() < 0.55
        hazards = {
            "product_quality": 0.72 * parcel.inspected if parcel.defective else 0.002,
            "logistics": min(0.45, 0.003 + 0.032 * max(0.0, parcel.excess_days - 1.0))
            + 0.35 * parcel.damaged
            + 0.05 * (parcel.attempts - 1),
            "reviews": 0.0,
            "rule_violation": 0.3 if is_brush else 0.0,
        }
        parcel.hazards = hazards
        total = 1 - np.prod([1 - min(h, 0.95) for h in hazards.values()])
        add(attempt, "5", "", vocab["deliver"], city)
        parcel.deliver_idx = len(parcel.events)
        if rng.random() < total:
            weights = np.array([hazards[c] for c in CAUSES])
            refuse(rng, parcel, CAUSES[int(rng.choice(4, p=weights / weights.sum()))], texts, add)
            continue
        deliver(rng, parcel, add, vocab)


def refuse(rng, parcel: Parcel, cause: str, texts: Texts, add) -> None:
    refusal = texts.vocab["refusal"]
    at = parcel.attempt_h + float(rng.uniform(0.1, 3))
    parcel.outcome, parcel.cause, parcel.refuse_h = "refused", cause, at
    code_roll = rng.random()
    state, adv = (
        ("2", "203")
        if code_roll < 0.5
        else ("14", "")
        if code_roll < 0.85
        else ("", "")
        if code_roll < 0.95
        else ("5", "")
    )
    text_roll = rng.random()
    if text_roll < 0.1 and state in ("2", "14"):
        options = refusal["generic_codeonly"]
    elif text_roll < 0.55:
        options = refusal["generic"]
    else:
        reasons = refusal["reason"]
        mislead = rng.random()
        pool = (
            reasons[cause]
            if mislead < 0.75
            else reasons["misc"]
            if mislead < 0.87
            else (reasons[CAUSES[int(rng.integers(4))]])
        )
        options = [
            template.replace("{reason}", texts.pick(pool)) for template in refusal["template"]
        ]
    add(at, state, adv, options, "")
    _return(rng, parcel, add, at + float(rng.uniform(4, 20)), texts.vocab["transit"], refused=True)


def _return(rng, parcel: Parcel, add, start: float, vocab: dict, refused: bool = False) -> None:
    if not refused:
        parcel.outcome, parcel.return_h = "returned_undelivered", start - 1
    add(start, "6", "", vocab["returning"], "")
    end = start + float(rng.uniform(40, 130))
    add(end, "4", "", vocab["return_signed"], "深圳市")
    parcel.end_h = end


def deliver(rng, parcel: Parcel, add, vocab: dict) -> None:
    at = parcel.attempt_h + float(rng.uniform(0.1, 4))
    if rng.random() < 0.3:
        add(at, "5", "501", vocab["locker"], "")
        if rng.random() < 0.03:
            add(at + 72, "2", "205", vocab["locker_timeout"], "")
            _return(rng, parcel, add, at + 80, vocab)
            return
        at += float(rng.uniform(1, 40))
        add(at, "3", "304", vocab["signed"], "")
    else:
        add(at, "3", "303" if rng.random() < 0.1 else "301", vocab["signed"], "")
    parcel.outcome, parcel.sign_h, parcel.end_h = "delivered", at, at


def write_reviews(rng, orders: list, parcels: list, texts: Texts) -> list:
    vocab = texts.vocab["review"]
    reviews = []
    for parcel in parcels:
        if parcel.outcome != "delivered":
            continue
        for order in parcel.orders:
            product = CATALOG[order.lines[0][0]]
            in_wave = product.key == "earbuds" and CLAIMS_WAVE[0] <= parcel.sign_h <= CLAIMS_WAVE[1]
            if order.is_brush:
                p_review, p_low, bad = 0.9, 0.0, vocab["bad_claims"]
            elif parcel.defective:
                p_review, p_low, bad = 0.55, 0.8, vocab["bad_quality"]
            elif in_wave:
                p_review, p_low, bad = 0.5, 0.6, vocab["bad_claims"]
            elif parcel.excess_days > 2 or parcel.damaged:
                p_review, p_low, bad = 0.3, 0.3, vocab["bad_logistics"]
            else:
                p_review, p_low, bad = 0.22, 0.05, vocab["bad_quality"] + vocab["bad_claims"]
            if rng.random() >= p_review:
                continue
            if rng.random() < p_low:
                score, text = int(rng.choice([1, 2], p=[0.65, 0.35])), texts.pick(bad)
            else:
                score = int(rng.choice([5, 4, 3], p=[0.8, 0.14, 0.06]))
                text = texts.pick(vocab["good"] if score >= 4 else vocab["middle"])
            replies = vocab["reply_good"] if score >= 4 else vocab["reply_bad"]
            reply = texts.pick(replies) if rng.random() < 0.3 else ""
            at = parcel.sign_h + float(rng.uniform(2, 24 * 7))
            reviews.append([at, order, product.product_id, score, text, reply])
    reviews.sort(key=lambda r: r[0])
    return reviews


def refuse_after_reviews(rng, parcels: list, reviews: list, texts: Texts) -> None:
    """Buyers who see a run of bad reviews on the product before the courier arrives refuse."""
    low_times: dict = {}
    for at, _, product_id, score, _, _ in reviews:
        low_times.setdefault(product_id, []).append((at, score <= 2))
    for product_id in low_times:
        low_times[product_id] = np.array(low_times[product_id])
    for parcel in parcels:
        if parcel.outcome != "delivered" or parcel.orders[0].is_brush:
            continue
        share = 0.0
        for order in parcel.orders:
            for product, _, _ in order.lines:
                history = low_times.get(CATALOG[product].product_id)
                if history is not None:
                    times, low = history[:, 0], history[:, 1]
                    window = (times < parcel.attempt_h) & (times > parcel.attempt_h - 24 * 10)
                    share = max(share, low[window].sum() / max(window.sum(), 6))
        hazard = 0.002 + 0.4 * max(0.0, share - 0.18)
        if rng.random() < hazard:
            del parcel.events[parcel.deliver_idx :]
            parcel.sign_h = None
            refuse(rng, parcel, "reviews", texts, _adder(parcel, texts))
            parcel.cancel_request = rng.random() < 0.35


def after_sales(rng, orders: list, parcels: list, texts: Texts) -> list:
    """After-sales records: [id, order, type, reason, apply_h, [(h, status)], amount, shipped]."""
    reasons = texts.vocab["after_sales"]["reason"]
    records = []

    def reason_for(cause: str) -> str:
        roll = rng.random()
        if roll < 0.55:
            return texts.pick(reasons[cause])
        if roll < 0.9:
            return texts.pick(reasons["neutral"])
        return texts.pick(reasons[CAUSES[int(rng.integers(4))]])

    def record(order, kind, reason, apply_h, steps, shipped="已发货"):
        records.append([None, order, kind, reason, apply_h, steps, order.paid, shipped])
        order.refund_h = steps[-1][0] if steps[-1][1] == "退款成功" else order.refund_h

    for parcel in parcels:
        for order in parcel.orders:
            if parcel.outcome == "refused":
                order.refund_h = parcel.end_h + float(rng.uniform(1, 30))
                if rng.random() >= 0.6:
                    continue
                early = getattr(parcel, "cancel_request", False) or (
                    parcel.cause == "logistics" and rng.random() < 0.3
                )
                apply_h = (
                    parcel.attempt_h - float(rng.uniform(3, 40))
                    if early
                    else parcel.refuse_h + float(rng.uniform(0.3, 20))
                )
                apply_h = max(apply_h, parcel.ship_h + 2)
                steps = [(apply_h, "买家申请退款，待商家处理")]
                if early or rng.random() < 0.45:
                    agree = max(apply_h + 2, parcel.refuse_h - float(rng.uniform(0, 6)) * early)
                    steps.append((agree, "已同意拒收退款，待用户拒收"))
                steps.append((order.refund_h, "退款成功"))
                reason = reason_for(parcel.cause)
                if early and rng.random() < 0.4:
                    kind = "cancel_logistics" if parcel.cause == "logistics" else "cancel_reviews"
                    order.late_message = (apply_h, texts.pick(texts.vocab["buyer_message"][kind]))
                record(order, "仅退款", reason, apply_h, steps)
            elif parcel.outcome == "returned_undelivered":
                order.refund_h = parcel.end_h + float(rng.uniform(1, 30))
                if rng.random() < 0.5:
                    apply_h = parcel.return_h + float(rng.uniform(1, 30))
                    reason = texts.pick(
                        ["快递一直未送达", "地址填错了", "其他", "多拍/错拍/不想要"]
                    )
                    steps = [(apply_h, "买家申请退款，待商家处理"), (order.refund_h, "退款成功")]
                    record(order, "仅退款", reason, apply_h, steps)
            elif parcel.outcome == "delivered":
                order.confirm_h = parcel.sign_h + float(rng.uniform(6, 24 * 8))
                p_return = 0.4 if parcel.defective else 0.02
                if rng.random() < p_return:
                    apply_h = parcel.sign_h + float(rng.uniform(2, 72))
                    reason = (
                        reason_for("product_quality")
                        if parcel.defective
                        else texts.pick(reasons["neutral"])
                    )
                    steps = [
                        (apply_h, "买家申请退款，待商家处理"),
                        (apply_h + 20, "商家同意退款，退款中"),
                    ]
                    if rng.random() < 0.12:
                        steps.append((apply_h + 50, "买家撤销"))
                    else:
                        steps.append((apply_h + float(rng.uniform(80, 200)), "退款成功"))
                    record(order, "退货退款", reason, apply_h, steps)
    for order in orders:
        if order.preship_refund_h is not None:
            reason = texts.pick(
                ["多拍/错拍/不想要", "未按约定时间发货", "其他", "不想要了", "缺货"]
            )
            order.stockout = reason == "缺货"
            steps = [
                (order.preship_refund_h, "买家申请退款，待商家处理"),
                (order.preship_refund_h + float(rng.uniform(0.2, 12)), "退款成功"),
            ]
            record(
                order,
                "仅退款",
                "其他" if order.stockout else reason,
                order.preship_refund_h,
                steps,
                "未发货",
            )
        elif order.fake_ship and rng.random() < 0.7:
            apply_h = order.ship_h + float(rng.uniform(48, 120))
            steps = [
                (apply_h, "买家申请退款，待商家处理"),
                (apply_h + 3, "平台处理中"),
                (apply_h + float(rng.uniform(24, 60)), "退款成功"),
            ]
            record(
                order,
                "仅退款",
                texts.pick(["快递无跟踪记录", "快递一直未送达", "其他"]),
                apply_h,
                steps,
            )
    records.sort(key=lambda r: r[4])
    for k, rec in enumerate(records):
        rec[0] = f"{int(rng.integers(10**11, 10**12))}{k:05d}"
    return records


def penalties(rng, orders: list, parcels: list, texts: Texts) -> list:
    """Bills: [time, order, tracking, type, amount, note]."""
    vocab = texts.vocab["penalty"]
    bills = []
    for order in orders:
        tracking = getattr(order, "fake_tracking", None) or (
            parcels[order.parcel].tracking if order.parcel is not None else ""
        )
        if order.ship_h is not None and order.ship_h > order.promised_h and rng.random() < 0.7:
            amount = min(50.0, max(3.0, round(order.paid * 0.05, 2)))
            note = texts.pick(vocab["late_ship"]).format(order=order.order_id)
            bills.append(
                [
                    order.ship_h + float(rng.uniform(10, 40)),
                    order,
                    "",
                    "延迟发货_扣款",
                    amount,
                    note,
                ]
            )
        if getattr(order, "stockout", False):
            bills.append(
                [
                    order.preship_refund_h + 24,
                    order,
                    "",
                    "缺货扣款",
                    max(3.0, round(order.paid * 0.1, 2)),
                    texts.pick(vocab["out_of_stock"]),
                ]
            )
        if order.fake_ship and rng.random() < 0.5:
            bills.append(
                [
                    order.ship_h + float(rng.uniform(48, 150)),
                    order,
                    tracking,
                    "虚假发货",
                    round(float(rng.uniform(5, 30)), 2),
                    texts.pick(vocab["fake_ship"]),
                ]
            )
        if order.is_brush and order.parcel is not None:
            parcel = parcels[order.parcel]
            no_pickup = not any(e[2] == "103" for e in parcel.events)
            if no_pickup and rng.random() < 0.3:
                bills.append(
                    [
                        parcel.ship_h + float(rng.uniform(60, 160)),
                        order,
                        tracking,
                        "虚假轨迹",
                        round(float(rng.uniform(5, 20)), 2),
                        texts.pick(vocab["fake_track"]),
                    ]
                )
            elif rng.random() < 0.15:
                bills.append(
                    [
                        parcel.ship_h + float(rng.uniform(100, 300)),
                        order,
                        "",
                        "虚假交易",
                        round(order.paid * 2, 2),
                        texts.pick(vocab["fake_trade"]),
                    ]
                )
        elif order.parcel is not None and rng.random() < 0.001:
            bills.append(
                [
                    order.ship_h + 96,
                    order,
                    tracking,
                    "虚假轨迹",
                    5.0,
                    texts.pick(vocab["fake_track"]),
                ]
            )
    bills.sort(key=lambda b: b[0])
    return bills


def store_scores(reviews: list, parcels: list) -> list:
    """Daily 90-day rolling ratings; the quarter before October sits in a prior."""
    rows = []
    prior_n, prior_desc, prior_log, prior_srv = 650.0, 4.78, 4.74, 4.80
    review_days = np.array([r[0] / 24 for r in reviews])
    review_scores = np.array([r[3] for r in reviews], dtype=float)
    claim = np.array([("客服" in r[4] or "售后" in r[4] or "虚假" in r[4]) for r in reviews])
    done = [
        (p.end_h / 24, max(0.0, p.excess_days), p.damaged)
        for p in parcels
        if p.outcome == "delivered"
    ]
    done_days = np.array([d[0] for d in done])
    done_scores = np.array([5.0 - min(2.5, 0.6 * d[1]) - 1.5 * d[2] for d in done])
    for day in range(N_DAYS):
        upto = day + 1
        mask = review_days < upto
        n = mask.sum()
        desc = (prior_n * prior_desc + review_scores[mask].sum()) / (prior_n + n)
        srv = (prior_n * prior_srv + 5.0 * (n - claim[mask].sum()) + 1.5 * claim[mask].sum()) / (
            prior_n + n
        )
        dmask = done_days < upto
        log = (prior_n * prior_log + done_scores[dmask].sum()) / (prior_n + dmask.sum())
        rows.append(
            [day, round((desc + log + srv) / 3, 2), round(desc, 2), round(log, 2), round(srv, 2)]
        )
    return rows


def simulate(seed: int, n_orders: int, vocab: dict) -> World:
    rng = np.random.default_rng(seed)
    texts = Texts(vocab, rng)
    orders = make_orders(rng, n_orders, texts)
    parcels = ship_orders(rng, orders, texts)
    route_parcels(rng, parcels, texts)
    reviews = write_reviews(rng, orders, parcels, texts)
    refuse_after_reviews(rng, parcels, reviews, texts)
    reviews = [r for r in reviews if parcels[r[1].parcel].outcome == "delivered"]
    records = after_sales(rng, orders, parcels, texts)
    bills = penalties(rng, orders, parcels, texts)
    return World(orders, parcels, records, reviews, bills, store_scores(reviews, parcels))
