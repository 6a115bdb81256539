"""Plain records the simulation produces and the exports read."""

from dataclasses import dataclass, field
from datetime import datetime

from .catalog import Product, Sku
from .tracking import Event


@dataclass(slots=True)
class Line:
    product: Product
    sku: Sku
    qty: int
    goods_cents: int  # 商品总价 of this line
    shop_cents: int = 0  # 店铺优惠折扣
    platform_cents: int = 0  # 平台优惠折扣
    duoduo_cents: int = 0  # 多多支付立减金额
    postage_cents: int = 0

    @property
    def paid_cents(self) -> int:
        return (
            self.goods_cents
            + self.postage_cents
            - self.shop_cents
            - self.platform_cents
            - self.duoduo_cents
        )

    @property
    def received_cents(self) -> int:
        return self.paid_cents + self.platform_cents + self.duoduo_cents


@dataclass(slots=True)
class AfterSale:
    after_sale_id: str
    kind: str  # 售后类型
    reason: str
    applied_at: datetime
    amount_cents: int
    shipped: bool  # 发货状态 at application time
    states: list[tuple[datetime, str]]
    return_no: str = ""

    def state_at(self, moment: datetime) -> str | None:
        current = None
        for at, state in self.states:
            if at <= moment:
                current = state
        return current

    def refunded_at(self) -> datetime | None:
        for at, state in self.states:
            if state == "退款成功":
                return at
        return None


@dataclass(slots=True)
class Review:
    at: datetime
    order_id: str
    goods_id: str
    score: int
    text: str
    reply: str
    logistics_score: int
    service_score: int


@dataclass(slots=True)
class Penalty:
    order_id: str
    tracking_no: str
    kind: str
    amount_cents: int
    at: datetime
    note: str


@dataclass(slots=True)
class Parcel:
    tracking_no: str
    courier: str
    origin: str
    ship_at: datetime
    orders: list["Order"] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    outcome: str = ""  # signed, refused, lost, intercept, addr_bad, ...
    outcome_at: datetime | None = None
    returned_at: datetime | None = None
    lost_at: datetime | None = None
    shape: str = ""  # refusal shape, see tracking.REFUSAL_SHAPES
    mechanism: str = ""
    cause: str = ""
    fake: bool = False  # 虚假轨迹: a number with no real parcel behind it


@dataclass(slots=True)
class Order:
    order_id: str
    deal_at: datetime
    lines: list[Line]
    province: str
    city: str
    district: str
    street: str
    group_id: str
    pay_at: datetime | None = None
    cancel_at: datetime | None = None
    promised_ship_at: datetime | None = None
    ship_at: datetime | None = None
    confirm_at: datetime | None = None
    tracking_no: str = ""
    courier: str = ""
    parcel: Parcel | None = None
    buyer_message: str = ""
    merchant_note: str = ""
    pay_method: str = "微信支付"
    source: str = "拼多多App"
    is_trial: bool = False
    trial_cluster: bool = False
    sf_plus: bool = False
    boost: str = ""  # '', gift, empty_track, reused
    slander: bool = False  # a 差评师 order: delivered, then a one-star review
    pre_ship: str = ""  # '', buyer_refund, out_of_stock
    pre_ship_request_at: datetime | None = None
    pre_ship_done_at: datetime | None = None
    wrong_pack: bool = False
    merge_with: "Order | None" = None
    after_sales: list[AfterSale] = field(default_factory=list)
    late_hours: float = 0.0
    outcome: str = ""
    cause: str = ""

    @property
    def origin(self) -> str:
        return self.lines[0].product.origin

    @property
    def paid_cents(self) -> int:
        return sum(line.paid_cents for line in self.lines)
