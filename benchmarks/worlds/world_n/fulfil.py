"""From payment to the courier: packing, late shipping, refunds before shipping, couriers and
tracking numbers, merged parcels (合并发货), and the shop's rule-breaking (empty parcels, reused
or invented tracking numbers, tracking uploaded before the goods leave).

Step two of the simulation.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import season, wording
from .catalog import COURIER_BY_KEY
from .model import AfterSale, Order, Parcel, Penalty

H = timedelta(hours=1)

REGRET = 0.018  # buyer changes their mind soon after paying
LATE_CANCEL = 0.12  # buyer asks for a refund when the promised ship time has passed
PRE_UPLOAD = 0.12  # late orders whose tracking number is uploaded before the goods leave
REUSE_GENUINE = 0.015  # late orders given an old tracking number to dodge the late-shipping fine
UNTRACKED = 0.05  # parcels never subscribed at the tracking aggregator
#: how the shop "ships" a 刷单 order: an empty parcel, a tracking number of another order, or a
#: number that never moves
BOOST_SHIPPING = (("empty", 0.60), ("reused", 0.25), ("no_pickup", 0.15))
MERGE = 0.85


class Numbers:
    """Tracking numbers in each courier's format, never repeated by accident."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: dict[str, bool] = {}

    def new(self, courier_key: str) -> str:
        style = COURIER_BY_KEY[courier_key].number_style
        while True:
            number = _number(style, self.rng)
            if number not in self.used:
                self.used[number] = True
                return number


#: tracking number formats: (fixed head choices, number of random digits after the head)
_NUMBER_FORMATS = {
    "digits14": (("73", "75", "78"), 12),
    "digits13": (("43", "46", "31"), 11),
    "digits15": (("773", "776", "777"), 12),
    "digits13p": (("98",), 11),
    "digits13e": (("11",), 11),
    "YT13": (("YT7", "YT8"), 12),
    "JT13": (("JT5",), 12),
    "SF13": (("SF1",), 12),
    "DPK12": (("DPK",), 12),
    "JDVA11": (("JDVA",), 11),
}


def _number(style: str, rng: random.Random) -> str:
    heads, length = _NUMBER_FORMATS[style]
    return rng.choice(heads) + "".join(str(rng.randrange(10)) for _ in range(length))


def _ready_time(order: Order, rng: random.Random) -> datetime:
    """When the packed goods are really handed to the courier."""
    paid = order.paid_at
    assert paid is not None
    day = datetime(paid.year, paid.month, paid.day)
    if paid.hour < 15 and rng.random() < 0.75:
        ready = max(day + rng.uniform(15.0, 19.5) * H, paid + 0.5 * H)
    else:
        ready = day + timedelta(days=1) + rng.uniform(10.0, 19.5) * H
    if ready.weekday() == 6 and rng.random() < 0.4:
        ready += timedelta(days=1)
    if any(line.product.heavy for line in order.lines):
        ready += rng.uniform(0, 24) * H
    start, end, chance, (low, high) = season.SHOP_BACKLOG
    if start <= paid < end and rng.random() < chance:
        ready += rng.uniform(low, high) * H
    for closed_from, closed_to in season.SHOP_CLOSED:
        if closed_from <= ready < closed_to:
            ready = closed_to + rng.uniform(0.5, 6.0) * H
    return ready


def _courier(order: Order, rng: random.Random, avoid: str = "") -> str:
    if order.sf_upgrade:
        return "sf"
    if any(line.product.heavy for line in order.lines):
        mix = season.HEAVY_COURIER_MIX
    else:
        mix = season.courier_mix(order.created_at.date(), order.buyer.province.zone)
    choices = [(k, w) for k, w in mix if k != avoid] or list(mix)
    return wording.pick(rng, tuple(choices))


def new_after_sale(
    serial: list[int],
    order: Order,
    kind: str,
    reason: str,
    applied: datetime,
    amount: float,
    shipped: bool,
) -> AfterSale:
    serial[0] += 1
    record = AfterSale(
        f"{applied:%y%m%d}{serial[0]:06d}{order.idx % 1000:03d}",
        order,
        kind,
        reason,
        applied,
        round(amount, 2),
        "已发货" if shipped else "未发货",
    )
    order.aftersales.append(record)
    return record


def _with_note(rng: random.Random, menu_reason: str, notes: tuple[str, ...]) -> str:
    roll = rng.random()
    if roll < 0.25:
        return f"{menu_reason}：{wording.roughen(rng.choice(notes), rng, 0.5)}"
    return menu_reason


def fulfil(
    orders: list[Order], rng: random.Random, serial: list[int]
) -> tuple[list[Parcel], list[Penalty]]:
    numbers = Numbers(rng)
    penalties: list[Penalty] = []
    parcels: list[Parcel] = []
    pending: list[Order] = []

    for order in orders:
        if order.paid_at is None:
            continue
        ready = _ready_time(order, rng)
        order.ship_ready_at = ready
        order.uploaded_at = ready
        promise = order.promise_ship_at
        assert promise is not None
        late = ready > promise
        if order.kind == "genuine":
            stock = next(
                (
                    s
                    for s in season.STOCK_OUTS
                    if s[0] == order.lines[0].product.key
                    and order.lines[0].sku.code in s[1]
                    and s[2] <= order.paid_at < s[3]
                ),
                None,
            )
            if stock and rng.random() < stock[4]:
                applied = order.paid_at + rng.uniform(12, 60) * H
                reason = _with_note(
                    rng,
                    wording.pick(rng, wording.STOCK_OUT_REASONS),
                    wording.EXTRA_NOTES["stock_out"],
                )
                rec = new_after_sale(
                    serial, order, "仅退款", reason, applied, order.paid_amount, False
                )
                done = applied + rng.uniform(0.1, 6) * H
                rec.history = [(applied, "买家申请退款，待商家处理"), (done, "退款成功")]
                order.preship_refund_at = done
                if rng.random() < 0.9:
                    amount = min(50.0, max(5.0, round(order.paid_amount * 0.2, 2)))
                    penalties.append(
                        Penalty(
                            order,
                            "",
                            "缺货扣款",
                            amount,
                            done + rng.uniform(2, 48) * H,
                            "商家缺货未发货，赔付消费者",
                        )
                    )
                continue
            regret_at = order.paid_at + rng.uniform(0.2, 20) * H if rng.random() < REGRET else None
            late_at = (
                promise + rng.uniform(0, 24) * H if late and rng.random() < LATE_CANCEL else None
            )
            applied = min([t for t in (regret_at, late_at) if t is not None], default=None)
            if applied is not None and applied < ready:
                menu = (
                    wording.PRE_SHIP_REASONS
                    if applied == regret_at
                    else (("未按约定时间发货", 0.7), ("其他", 0.3))
                )
                reason = _with_note(rng, wording.pick(rng, menu), wording.EXTRA_NOTES["pre_ship"])
                rec = new_after_sale(
                    serial, order, "仅退款", reason, applied, order.paid_amount, False
                )
                done = applied + rng.uniform(0.02, 10) * H
                rec.history = [(applied, "买家申请退款，待商家处理"), (done, "退款成功")]
                order.preship_refund_at = done
                continue
            order.regret_at = regret_at  # resolved in transit (simulate.py)
            if late:
                if rng.random() < REUSE_GENUINE:
                    order.fake_ship = "reused"
                    order.uploaded_at = promise - rng.uniform(0.5, 6) * H
                elif rng.random() < PRE_UPLOAD:
                    order.pre_uploaded = True
                    order.uploaded_at = max(order.paid_at + 1 * H, promise - rng.uniform(0, 6) * H)
        pending.append(order)

    # 合并发货: a buyer's second order minutes after the first leaves in the same box
    merged_into: dict[int, Order] = {}
    for order in pending:
        first = order.sibling_of
        if first is None or first.uploaded_at is None or first.preship_refund_at or first.fake_ship:
            continue
        if order.fake_ship or first.kind != "genuine" or rng.random() >= MERGE:
            continue
        assert order.ship_ready_at is not None and first.ship_ready_at is not None
        both = max(order.ship_ready_at, first.ship_ready_at)
        for o in (order, first):
            o.ship_ready_at = both
            o.uploaded_at = both
            o.pre_uploaded = False
        merged_into[order.idx] = first

    siblings_of: dict[int, list[Order]] = {}
    by_idx = {o.idx: o for o in pending}
    for sibling_idx, first in merged_into.items():
        siblings_of.setdefault(first.idx, []).append(by_idx[sibling_idx])
    by_ship = sorted(pending, key=lambda o: (o.uploaded_at, o.idx))
    shipped_parcels: list[Parcel] = []
    boost_tag_serial = [0]
    for order in by_ship:
        if order.idx in merged_into:
            continue
        first_ship = order.uploaded_at
        assert first_ship is not None
        if order.kind == "boost":
            _boost_shipping(
                order, rng, numbers, shipped_parcels, penalties, boost_tag_serial, parcels
            )
            continue
        if order.fake_ship == "reused":
            donor = _donor(shipped_parcels, first_ship, rng)
            if donor is None:
                order.fake_ship = ""
                order.uploaded_at = order.ship_ready_at
            else:
                order.courier = donor.courier
                order.parcel = donor
                if rng.random() < 0.7:
                    penalties.append(
                        Penalty(
                            order,
                            donor.number,
                            "虚假发货",
                            max(5.0, round(order.paid_amount * 0.1, 2)),
                            first_ship + rng.uniform(48, 160) * H,
                            "发货单号与订单收货信息不符",
                        )
                    )
                continue
        avoid = "jt" if "极兔" in order.buyer_message else ""
        courier = COURIER_BY_KEY[_courier(order, rng, avoid)]
        parcel = Parcel(
            numbers.new(courier.key),
            courier,
            [order],
            order.uploaded_at or first_ship,
            tracked=rng.random() >= UNTRACKED,
            origin_site=courier.pickup_site,
        )
        assert order.ship_ready_at is not None
        parcel.pickup_at = order.ship_ready_at + rng.uniform(0.5, 4.5) * H
        order.courier = courier
        order.parcel = parcel
        for sibling in siblings_of.get(order.idx, []):
            sibling.courier = courier
            sibling.parcel = parcel
            parcel.orders.append(sibling)
        if (
            order.pre_uploaded
            and parcel.pickup_at - order.uploaded_at > 24 * H
            and rng.random() < 0.35
        ):
            penalties.append(
                Penalty(
                    order,
                    parcel.number,
                    "虚假发货",
                    max(5.0, round(order.paid_amount * 0.1, 2)),
                    parcel.pickup_at + rng.uniform(24, 96) * H,
                    "上传单号后超24小时无揽收信息",
                )
            )
        parcels.append(parcel)
        shipped_parcels.append(parcel)

    for order in pending:
        up = order.uploaded_at
        if (
            up is not None
            and order.promise_ship_at
            and up > order.promise_ship_at
            and rng.random() < 0.85
        ):
            amount = min(50.0, max(3.0, round(order.paid_amount * 0.05, 2)))
            number = order.parcel.number if order.parcel else ""
            penalties.append(
                Penalty(
                    order,
                    number,
                    "延迟发货_扣款",
                    amount,
                    up + rng.uniform(1, 40) * H,
                    "延迟发货，系统自动赔付消费者" if rng.random() < 0.7 else "",
                )
            )
    return parcels, penalties


def _donor(shipped: list[Parcel], before: datetime, rng: random.Random) -> Parcel | None:
    """An earlier genuine parcel whose number can be passed off again."""
    window = [
        p
        for p in shipped[-400:]
        if not p.empty and timedelta(days=3) <= before - p.uploaded_at <= timedelta(days=20)
    ]
    return rng.choice(window) if window else None


def _boost_shipping(
    order: Order,
    rng: random.Random,
    numbers: Numbers,
    shipped: list[Parcel],
    penalties: list[Penalty],
    tag_serial: list[int],
    parcels: list[Parcel],
) -> None:
    assert order.uploaded_at is not None and order.paid_at is not None
    order.uploaded_at = order.paid_at + rng.uniform(2, 30) * H
    order.ship_ready_at = order.uploaded_at
    order.pre_uploaded = False
    tag_serial[0] += 1
    if rng.random() < 0.78:
        form = rng.choice(wording.BOOST_TAG_FORMS)
        tag = form.format(mmdd=f"{order.created_at:%m%d}", nn=f"{tag_serial[0] % 100:02d}")
        order.notes.append((order.paid_at + rng.uniform(0.1, 3) * H, tag))
    mode = wording.pick(rng, BOOST_SHIPPING)
    if mode == "reused":
        donor = _donor(shipped, order.uploaded_at, rng)
        if donor is not None:
            order.fake_ship = "reused"
            order.courier = donor.courier
            order.parcel = donor
            if rng.random() < 0.4:
                penalties.append(
                    Penalty(
                        order,
                        donor.number,
                        "虚假轨迹",
                        max(5.0, round(order.paid_amount * 0.1, 2)),
                        order.uploaded_at + rng.uniform(72, 240) * H,
                        "物流轨迹与收货地址不符",
                    )
                )
            _maybe_fake_trade(order, rng, penalties)
            return
        mode = "empty"
    from_yiwu = rng.random() < 0.5
    courier = COURIER_BY_KEY[
        rng.choice(("yto", "sto")) if from_yiwu else rng.choice(("sto", "jt", "zto"))
    ]
    site = (
        rng.choice(("浙江省金华市义乌市公司", "义乌稠城营业部", "义乌国际商贸城网点"))
        if from_yiwu
        else courier.pickup_site
    )
    parcel = Parcel(
        numbers.new(courier.key),
        courier,
        [order],
        order.uploaded_at,
        tracked=rng.random() >= UNTRACKED,
        origin_site=site,
        origin_city="金华市" if from_yiwu else "汕头市",
        empty=True,
    )
    order.courier = courier
    order.parcel = parcel
    if mode == "no_pickup":
        order.fake_ship = "no_pickup"
        parcel.pickup_at = None
        if rng.random() < 0.5:
            penalties.append(
                Penalty(
                    order,
                    parcel.number,
                    rng.choice(("虚假轨迹", "虚假发货")),
                    max(5.0, round(order.paid_amount * 0.1, 2)),
                    order.uploaded_at + rng.uniform(48, 200) * H,
                    "发货后无揽收记录",
                )
            )
    else:
        parcel.pickup_at = order.uploaded_at + rng.uniform(0.5, 6) * H
        if from_yiwu and rng.random() < 0.3:
            penalties.append(
                Penalty(
                    order,
                    parcel.number,
                    "虚假轨迹",
                    max(5.0, round(order.paid_amount * 0.1, 2)),
                    order.uploaded_at + rng.uniform(72, 240) * H,
                    "揽收地与店铺发货地不符",
                )
            )
    _maybe_fake_trade(order, rng, penalties)
    parcels.append(parcel)


def _maybe_fake_trade(order: Order, rng: random.Random, penalties: list[Penalty]) -> None:
    if rng.random() < 0.35:
        amount = order.paid_amount if rng.random() < 0.5 else 0.0
        note = rng.choice(
            (
                "经平台核实该订单存在虚假交易行为，已做销量清洗",
                "虚假交易，扣除相应货款",
                "系统识别异常订单（刷单），已限制评价展示",
                "",
            )
        )
        penalties.append(
            Penalty(
                order, "", "虚假交易", amount, order.created_at + rng.uniform(5, 25) * 24 * H, note
            )
        )
