"""The simulated world's records. Times are clock seconds, money is integer fen (cents)."""

from dataclasses import dataclass, field


@dataclass(slots=True)
class Sku:
    spec: str
    price: int
    code: str
    style_id: str
    weight: float  # share among the product's SKUs
    tags: tuple[str, ...] = ()  # e.g. ("big",) for the sizes a bad batch hits


@dataclass(slots=True)
class Product:
    key: str
    goods_id: str
    title: str
    code: str
    categories: tuple[str, str, str, str]
    bulk: str  # S, M, L, XL: drives courier choice and damage
    season: tuple[float, float, float, float]  # demand weight Sep..Dec
    base_quality: float  # refusal hazard from ordinary complaints about the goods
    supplier: str
    skus: list[Sku]


@dataclass(slots=True)
class Buyer:
    buyer_id: int
    name: str
    phone: str
    province: str
    city: str
    district: str
    street: str
    detail: str
    cluster: str = ""


@dataclass(slots=True)
class Line:
    sku: Sku
    qty: int
    total: int
    postage: int = 0
    shop_disc: int = 0
    plat_disc: int = 0
    duo_disc: int = 0

    @property
    def paid(self) -> int:
        return self.total + self.postage - self.shop_disc - self.plat_disc - self.duo_disc

    @property
    def received(self) -> int:
        return self.total + self.postage - self.shop_disc


@dataclass(slots=True)
class Event:
    at: int
    kind: str  # pickup, transit, arrive_city, dispatch, station, signed, refused, ...
    text: str
    city: str
    k100: str = ""
    k100_adv: str = ""
    kn: str = ""
    kn_ex: str = ""


@dataclass(slots=True)
class AfterSale:
    as_id: str
    order: "Order"
    kind: str  # 仅退款, 退货退款, 换货, 补寄
    reason: str
    remark: str
    applied_at: int
    amount: int
    states: list[tuple[int, str]]
    return_number: str = ""
    shipped: bool = False

    def state_at(self, t: int) -> str:
        current = ""
        for when, state in self.states:
            if when <= t:
                current = state
        return current


@dataclass(slots=True)
class Parcel:
    number: str
    courier: object
    orders: list
    ship_at: int  # the 发货时间 the merchant uploaded
    pickup_at: int | None = None
    events: list[Event] = field(default_factory=list)
    outcome: str = ""  # signed, refused, returned_undelivered, intercepted, lost, fake
    outcome_at: int | None = None
    cause: str = ""
    delay_days: float = 0.0
    damaged: bool = False
    wet: bool = False
    reused_from: "Parcel | None" = None
    reason_given: str = ""  # the refusal reason written into tracking, if any
    return_back_at: int | None = None


@dataclass(slots=True)
class Order:
    order_id: str
    buyer: Buyer
    product: Product
    lines: list[Line]
    deal_at: int
    paid_at: int | None
    kind: str = "normal"  # normal, ring_g, ring_v, zero_fake, zero_real, review_ring, companion
    note: str = ""
    message: str = ""
    sf_extra: bool = False
    zero_trial: bool = False
    group_id: str = ""
    source: str = ""
    pay_method: str = ""
    promise_ship_at: int = 0
    promise_deliver_at: int | None = None
    closed_at: int | None = None  # unpaid order closed
    cancel_at: int | None = None  # paid, refunded before shipping
    ship_at: int | None = None
    parcel: Parcel | None = None
    delivered_at: int | None = None
    confirm_at: int | None = None
    refund_at: int | None = None  # shipped, refund completed
    after_sales: list[AfterSale] = field(default_factory=list)
    outcome: str = ""
    cause: str = ""
    review: object = None
    partner: "Order | None" = None  # a second order from the same buyer, shipped with this one
    ring: str = ""  # the boosting ring or campaign that placed the order, if any
    late: bool = False  # shipped after 承诺发货时间
    fake_ship: bool = False  # marked shipped on a number that never carried it

    @property
    def paid_total(self) -> int:
        return sum(line.paid for line in self.lines)
