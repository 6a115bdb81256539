"""The things world_f simulates: orders, their lines, the parcels that carry them, tracking
events and after-sales records. Plain dataclasses; the modules around fill them in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .catalog import Courier, Product, Sku


@dataclass(frozen=True)
class Buyer:
    buyer_id: int
    name: str
    phone: str
    province: str
    city: str
    district: str
    street: str


@dataclass
class Line:
    product: Product
    sku: Sku
    quantity: int

    @property
    def goods_total(self) -> float:
        return round(self.sku.price * self.quantity, 2)


@dataclass
class Event:
    at: datetime
    #: what happened (pickup, arrive_hub, refused, …); exporters map it to each provider's codes
    kind: str
    text: str
    city: str


@dataclass
class AfterSale:
    aftersale_id: str
    kind: str
    reason: str
    applied_at: datetime
    refund_yuan: float
    #: (from, status) pairs, oldest first
    statuses: list[tuple[datetime, str]]
    shipped: bool

    def status_at(self, moment: datetime) -> str | None:
        current = None
        for since, status in self.statuses:
            if since <= moment:
                current = status
        return current


@dataclass
class Order:
    order_id: str
    buyer: Buyer
    placed_at: datetime
    lines: list[Line]
    courier: Courier
    paid_at: datetime | None = None
    cancelled_at: datetime | None = None
    promise_ship_at: datetime | None = None
    presale: bool = False
    sf_upgrade: bool = False
    message: str = ""
    note: str = ""
    boosted: bool = False
    trial: bool = False
    shop_discount: float = 0.0
    platform_discount: float = 0.0
    duoduo_discount: float = 0.0
    #: the merchant refunded it before shipping (and when)
    refunded_unshipped_at: datetime | None = None
    #: 发货时间 as the merchant declared it, and the parcel it names
    shipped_at: datetime | None = None
    parcel: Parcel | None = None
    #: a tracking number copied from an earlier order: nothing was shipped for this one
    reused_tracking: bool = False
    #: the 荔枝 ran short and the merchant refunded instead of shipping
    shortage: bool = False
    confirmed_at: datetime | None = None
    #: when the order's money went back for good (a refund after shipping)
    refunded_at: datetime | None = None
    aftersales: list[AfterSale] = field(default_factory=list)
    outcome: str = ""
    cause: str = ""

    @property
    def goods_total(self) -> float:
        return round(sum(line.goods_total for line in self.lines), 2)

    @property
    def paid_yuan(self) -> float:
        if self.trial:
            return 0.01
        paid = self.goods_total - self.shop_discount - self.platform_discount - self.duoduo_discount
        return round(max(paid, 0.01), 2)

    @property
    def main_product(self) -> Product:
        return self.lines[0].product


@dataclass
class Parcel:
    tracking_no: str
    courier: Courier
    orders: list[Order]
    #: 发货时间 (declared) and the courier's real pickup (None: it never moved)
    declared_at: datetime
    handover_at: datetime | None
    events: list[Event] = field(default_factory=list)
    #: truth, whatever the exports end up showing
    ending: str = "in_transit"
    cause: str = ""
    signed_at: datetime | None = None
    refused_at: datetime | None = None
    back_at_shop_at: datetime | None = None
    first_attempt_at: datetime | None = None
    rotten: bool = False
    damaged: bool = False
    days_late: float = 0.0
    refusal_note: str = ""
    #: the courier never scanned a pickup (fake shipping that later moved from a hub)
    pickup_scanned: bool = True
    #: for a parcel returned undelivered: unreachable, bad_address, locker_timeout, intercepted
    return_kind: str = ""
    #: the buyer asked for a refund on the way without any mechanism acting (then revoked or
    #: the merchant intercepted)
    changed_mind: bool = False
    via_locker: bool = False
    attempts: int = 1
