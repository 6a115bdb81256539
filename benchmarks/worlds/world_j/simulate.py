"""One season of the shop, order by order: payment, shipping, the road, the door, and after.

`simulate(seed, orders)` returns the whole truth; `outcome_at` reads an order's label from it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import catalog as cat
from . import doorstep, wording
from .aftercare import Aftercare
from .delivery import Delivery
from .demand import Demand
from .model import NO_AFTER_SALES, AfterSale, Order, Parcel, Penalty, Review

CAP = timedelta(days=cat.LIFECYCLE_CAP_DAYS)


@dataclass
class Season:
    orders: list[Order]
    parcels: list[Parcel]
    cases: list[AfterSale]
    reviews: list[Review]
    penalties: list[Penalty]
    store_scores: list[tuple]


def _u(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


class Shop:
    def __init__(self, seed: int, orders: int) -> None:
        self.rng = random.Random(f"world_j/{seed}")
        self.demand = Demand(random.Random(f"world_j/{seed}/demand"), orders)
        self.delivery = Delivery(random.Random(f"world_j/{seed}/road"))
        self.after = Aftercare(random.Random(f"world_j/{seed}/after"))
        self.door_rng = random.Random(f"world_j/{seed}/door")

    # --- status timeline, kept within the lifecycle cap and strictly increasing
    @staticmethod
    def _status(order: Order, at: datetime, status: str, after_sales: str = NO_AFTER_SALES) -> \
            datetime:
        at = min(at, order.created_at + CAP)
        if order.statuses:
            at = max(at, order.statuses[-1][0] + timedelta(minutes=1))
        order.statuses.append((at, status, after_sales))
        return at

    def _plan(self, order: Order) -> str:
        rng = self.rng
        if order.brushed or order.ring or order.merged_with:
            return "ship"
        if rng.random() < (0.012 if order.presale else 0.02 if order.is_trial else 0.055):
            return "cancel"
        line = order.lines[0]
        if line.product.key == "eyecream" and line.sku.price > 1 and datetime(2026, 10, 25) <= \
                order.created_at < datetime(2026, 11, 6) and rng.random() < 0.4:
            return "stockout"
        backlog = cat.SHOP_BACKLOG.holds(order.created_at)
        if rng.random() < (0.045 if backlog else 0.018):
            return "refund_unshipped"
        if backlog and not order.presale and rng.random() < 0.02:
            return "fake_shipping"
        return "ship"

    def run(self) -> Season:
        orders = self.demand.generate()
        by_id = {order.order_id: order for order in orders}
        done: set[str] = set()
        for order in orders:
            if order.order_id in done:
                continue
            group = [order]
            if order.merged_with:
                group.append(by_id[order.merged_with])
            for member in group:
                done.add(member.order_id)
                member.plan = self._plan(member)
                self._status(member, member.created_at, "待支付")
            self._progress(group)
        for case in self.after.cases:
            _clamp_case(case)
        parcels = self.delivery.parcels
        scores = self.after.store_scores(parcels, cat.SEASON_START - timedelta(days=7),
                                         cat.FINAL_EXPORT_AT.date() - timedelta(days=1))
        for order in orders:
            order.outcome = outcome_at(order, cat.FINAL_EXPORT_AT)
            order.cause = order.parcel.cause if order.outcome == "refused" else ""
        return Season(orders, parcels, self.after.cases, self.after.reviews,
                      self.after.penalties, scores)

    # --- one order (or a merged pair) from payment to its end
    def _progress(self, group: list[Order]) -> None:
        rng = self.rng
        first = group[0]
        if first.plan == "cancel":
            self._status(first, first.created_at + _u(rng, 0.25, 24), "已取消")
            return
        for order in group:
            order.paid_at = order.created_at + timedelta(seconds=rng.randrange(5, 240))
            self._status(order, order.paid_at, "待发货")
            order.promised_ship_at = (datetime(2026, 11, 14) if order.presale
                                      else order.paid_at + timedelta(hours=48))
            distance = cat.PROVINCE_BY_NAME[order.buyer.province].distance
            order.promised_delivery_at = order.promised_ship_at + timedelta(days=2 + distance)
        if first.plan in ("refund_unshipped", "stockout"):
            self._refund_unshipped(first)
            return
        paid = max(order.paid_at for order in group)
        if first.presale:
            ship = paid + _u(rng, 9, 85)
        else:
            ship = paid + timedelta(hours=min(44.0, max(1.5, rng.lognormvariate(2.6, 0.6))))
            if cat.SHOP_BACKLOG.holds(paid):
                ship += _u(rng, 6, 66)
        if first.plan == "fake_shipping":
            self._fake_shipping(first, paid + _u(rng, 20, 46))
            return
        self._ship(group, ship)

    def _refund_unshipped(self, order: Order) -> None:
        rng = self.rng
        applied = order.paid_at + _u(rng, 1, 40)
        if order.plan == "stockout":
            reason = "其他"
        elif cat.SHOP_BACKLOG.holds(order.created_at) and rng.random() < 0.5:
            reason = "未按约定时间发货"
        else:
            reason = rng.choice(("多拍/错拍/不想要", "多拍/错拍/不想要", "不想要了", "其他"))
        case = self.after.open_case(order, "仅退款", reason, applied, shipped=False)
        self._status(order, applied, "待发货", "售后处理中")
        refunded = applied + _u(rng, 1, 30)
        case.statuses = [(applied, "买家申请退款，待商家处理"), (refunded, "退款成功")]
        order.refund_at = self._status(order, refunded, "未发货，退款成功", "退款成功")
        if order.plan == "stockout":
            self.after.penalise(order, "缺货扣款", refunded + _u(rng, 10, 40), "商家缺货未发货")

    def _fake_shipping(self, order: Order, shipped: datetime) -> None:
        """Marked shipped with a number that is not this order's parcel: reused or never scanned."""
        rng = self.rng
        earlier = [p for p in self.delivery.parcels
                   if timedelta(days=8) <= shipped - p.shipped_at <= timedelta(days=40)]
        returned = [p for p in earlier if p.fate in ("refused", "address_bad", "unreachable")]
        if earlier and rng.random() < 0.6:
            pool = returned if returned and rng.random() < 0.5 else earlier
            source = rng.choice(pool)
            order.tracking_no, order.courier_name = source.tracking_no, source.display_name
        else:
            courier = self.delivery.courier_for(order)
            order.tracking_no = self.delivery.tracking_number(courier.key)
            order.courier_name = rng.choice(courier.names)
        order.shipped_at = shipped
        self._status(order, shipped, "已发货，待签收")
        applied = shipped + timedelta(days=rng.uniform(2.5, 6))
        reason = rng.choice(("快递无跟踪记录", "快递一直未送达", "其他"))
        case = self.after.open_case(order, "仅退款", reason, applied, shipped=True)
        self._status(order, applied, "已发货，待签收", "售后处理中")
        refunded = applied + _u(rng, 6, 48)
        case.statuses = [(applied, "买家申请退款，待商家处理"), (refunded, "退款成功")]
        order.refund_at = self._status(order, refunded, "已发货，退款成功", "退款成功")
        if rng.random() < 0.8:
            self.after.penalise(order, "虚假发货", shipped + timedelta(days=rng.uniform(2, 6)),
                                "发货后无揽收记录，判定虚假发货",
                                amount=max(10.0, order.paid_total * 0.3))

    def _ship(self, group: list[Order], ship: datetime) -> None:
        rng = self.rng
        first = group[0]
        promised = min(order.promised_ship_at for order in group)
        fake_track = (ship > promised and cat.SHOP_BACKLOG.holds(first.created_at)
                      and not first.brushed and rng.random() < 0.35)
        if fake_track:
            entered = max(first.paid_at + timedelta(hours=1), promised - _u(rng, 1, 8))
            collect = ship + _u(rng, 0.5, 4)
        else:
            entered = ship
            collect = ship + (_u(rng, 2, 20) if first.brushed else _u(rng, 0.5, 6))
        courier = self.delivery.courier_for(first)
        parcel = self.delivery.open_parcel(group, entered, courier)
        for order in group:
            order.fake_track = fake_track
            self._status(order, entered, "已发货，待签收")
        if fake_track and rng.random() < 0.6:
            self.after.penalise(first, "虚假轨迹", collect + timedelta(days=rng.uniform(1, 4)),
                                "揽收时间晚于发货时间，物流轨迹异常", amount=5.0)
        elif entered > promised and rng.random() < 0.8:
            for order in group:
                self.after.penalise(order, "延迟发货_扣款", promised + _u(rng, 6, 30),
                                    "未在承诺时间内发货")
        if first.brushed and rng.random() < 0.25:
            self.after.penalise(first, "虚假交易", first.created_at + timedelta(
                days=rng.uniform(6, 20)), "疑似刷单，订单销量不计入", amount=100.0)
        doorstep.pack(self.door_rng, parcel, collect)
        fragile = any(line.product.fragile for order in group for line in order.lines)
        backlog = cat.DOUBLE11_BACKLOG.holds(collect)
        parcel.damaged = rng.random() < courier.damage_rate * (2.5 if fragile else 1.0) * (
            1.5 if backlog else 1.0)
        no_pickup = first.brushed and rng.random() < 0.35
        attempt = self.delivery.travel(parcel, collect, no_pickup=no_pickup)
        province = cat.PROVINCE_BY_NAME[first.buyer.province]
        usual = 1.0 + cat.BASE_TRANSIT_DAYS[province.distance] + max(0.0, courier.speed) + 0.4
        paid = max(order.paid_at for order in group)
        parcel.lateness_days = (attempt - paid).total_seconds() / 86400 - usual
        latest = min(order.created_at for order in group) + CAP - timedelta(days=1.2)
        self._road_end(group, parcel, attempt, latest, backlog)

    def _road_end(self, group: list[Order], parcel: Parcel, attempt: datetime,
                  latest: datetime, backlog: bool) -> None:
        rng = self.rng
        first = group[0]
        if rng.random() < parcel.courier.loss_rate * (2.0 if backlog else 1.0):
            self._lost(group, self.delivery.lose(parcel))
            return
        undeliverable = 0.011 + (0.06 if first.brushed else 0.0)
        if rng.random() < undeliverable:
            kind = rng.choices(("address_bad", "unreachable", "locker_timeout"),
                               (0.45, 0.35, 0.2))[0]
            back = self.delivery.fail(parcel, attempt, kind, latest)
            self._returned(group, back)
            return
        if rng.random() < parcel.courier.uses_lockers:
            parcel.locker = "silent" if rng.random() < 0.25 else "notice"
        fired = doorstep.at_the_door(self.door_rng, parcel, attempt)
        if fired:
            self._refused(group, parcel, attempt, fired, latest)
            return
        signed = self.delivery.hand_over(parcel, attempt)
        for order in group:
            self._signed(order, parcel, signed)

    def _lost(self, group: list[Order], last_scan: datetime) -> None:
        rng = self.rng
        for order in group:
            applied = last_scan + timedelta(days=rng.uniform(3, 6))
            reason = rng.choice(("快递一直未送达", "快递无跟踪记录"))
            case = self.after.open_case(order, "仅退款", reason, applied, shipped=True)
            applied = self._status(order, applied, "已发货，待签收", "售后处理中")
            agreed = applied + _u(rng, 4, 24)
            refunded = agreed + _u(rng, 6, 40)
            case.statuses = [(applied, "买家申请退款，待商家处理"),
                             (agreed, "商家同意退款，退款中"), (refunded, "退款成功")]
            order.refund_at = self._status(order, refunded, "已发货，退款成功", "退款成功")

    def _returned(self, group: list[Order], back: datetime) -> None:
        rng = self.rng
        for order in group:
            if not order.brushed and rng.random() < 0.7:
                applied = order.parcel.fate_at + _u(rng, 6, 60)
                case = self.after.open_case(order, "仅退款", rng.choice(("快递一直未送达", "其他")),
                                            applied, shipped=True)
                applied = self._status(order, applied, "已发货，待签收", "售后处理中")
                refunded = max(applied, back) + _u(rng, 2, 30)
                case.statuses = [(applied, "买家申请退款，待商家处理"), (refunded, "退款成功")]
            else:
                refunded = back + _u(rng, 4, 36)
            order.refund_at = self._status(order, refunded, "已发货，退款成功", "退款成功")

    def _refused(self, group: list[Order], parcel: Parcel, attempt: datetime, fired: list[str],
                 latest: datetime) -> None:
        rng = self.door_rng
        cause = doorstep.label_of(fired)
        parcel.causes_fired = tuple(fired)
        parcel.cause = cause
        buyer = group[0].buyer
        name, reason = doorstep.stated_reason(rng, fired, cause, generic_share=0.36)
        fields = {"city": buyer.city, "site": self.delivery.sites[parcel.tracking_no],
                  "man": rng.choice(wording.SURNAMES) + rng.choice(wording.GIVEN), "reason": reason}
        template = rng.choice(wording.REFUSAL_GENERIC if name == "generic"
                              else wording.REFUSAL_WITH_REASON)
        back = self.delivery.refuse(parcel, attempt, template.format(**fields), latest)
        refused_at = parcel.fate_at
        for order in group:
            self._refusal_refund(order, parcel, fired, cause, attempt, refused_at, back)

    def _refusal_refund(self, order: Order, parcel: Parcel, fired: list[str], cause: str,
                        attempt: datetime, refused_at: datetime, back: datetime) -> None:
        rng = self.rng
        refunded = back + _u(rng, 2, 30)
        case = None
        if rng.random() < (0.3 if order.brushed or order.ring else 0.62):
            name, _ = doorstep.stated_reason(self.door_rng, fired, cause, generic_share=0.25)
            reason = (rng.choice(wording.GENERIC_AFTER_SALES) if name == "generic"
                      else rng.choice(doorstep.MECHANISMS[name].after_sales_reasons))
            early = attempt - parcel.shipped_at > timedelta(days=1.5) and rng.random() < 0.3
            if early:
                applied = parcel.shipped_at + timedelta(
                    seconds=rng.uniform(0.5, 0.9) * (attempt - parcel.shipped_at).total_seconds())
                agreed = min(applied + _u(rng, 1, 20), refused_at - timedelta(minutes=5))
                statuses = [(applied, "买家申请退款，待商家处理"),
                            (agreed, "已同意拒收退款，待用户拒收")]
            else:
                applied = refused_at + _u(rng, 0.5, 30)
                agreed = applied + _u(rng, 0.2, 10)
                agreed_status = rng.choice(("已同意拒收退款，待用户拒收", "商家同意退款，退款中"))
                statuses = [(applied, "买家申请退款，待商家处理"), (agreed, agreed_status)]
            case = self.after.open_case(order, "仅退款", reason, applied, shipped=True)
            self._status(order, applied, "已发货，待签收", "售后处理中")
            refunded = max(refunded, agreed + timedelta(hours=1))
            case.statuses = [*statuses, (refunded, "退款成功")]
        order.refund_at = self._status(order, refunded, "已发货，退款成功", "退款成功")
        if case is not None:
            case.statuses = [(min(at, order.refund_at), status) for at, status in case.statuses]

    def _signed(self, order: Order, parcel: Parcel, signed: datetime) -> None:
        rng = self.rng
        self._status(order, signed, "已签收")
        issue = self.after.issue_of(order, parcel)
        confirm = signed + timedelta(days=rng.uniform(0.3, 10))
        cap = order.created_at + CAP
        if issue:
            changes, refund = self.after.handle_issue(order, issue, signed, cap)
            if confirm < changes[0][0]:
                order.confirmed_at = self._status(order, confirm, "已签收")
            for at, status, after_sales in changes:
                self._status(order, at, status, after_sales)
            order.refund_at = order.statuses[-1][0] if refund else None
        else:
            order.confirmed_at = min(confirm, cap)
        self.after.review(order, parcel, signed, issue)


def _clamp_case(case: AfterSale) -> None:
    """Keep a case inside its order's lifecycle, its statuses in order."""
    cap = case.order.created_at + CAP
    case.applied_at = min(case.applied_at, cap)
    statuses, last = [], case.applied_at
    for at, status in case.statuses:
        last = max(last, min(at, cap))
        statuses.append((last, status))
    case.statuses = statuses


def outcome_at(order: Order, moment: datetime) -> str:
    """The label: what had become of the order by `moment`."""
    if order.plan == "cancel":
        return "cancelled"
    if order.plan in ("refund_unshipped", "stockout"):
        return "not_shipped"
    if order.shipped_at is None or order.shipped_at > moment:
        return "not_shipped"
    if order.plan == "fake_shipping":
        return "fake_shipping"
    parcel = order.parcel
    if parcel is None or parcel.fate_at is None or parcel.fate_at > moment:
        return "in_transit"
    if parcel.fate == "refused":
        return "refused"
    if parcel.fate == "lost":
        return "lost" if order.refund_at and order.refund_at <= moment else "in_transit"
    if parcel.fate in ("address_bad", "unreachable", "locker_timeout"):
        return "returned_undelivered"
    if order.refund_at and order.refund_at <= moment:
        return "refunded"
    return "delivered"


def simulate(seed: int, orders: int) -> Season:
    return Shop(seed, orders).run()
