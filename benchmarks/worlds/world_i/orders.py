"""Order creation: when buyers order, what, from where, at what price, and who they really are."""

import random
from datetime import date, datetime, timedelta

from . import wording
from .model import Line, Order
from .rng import digits, stream
from .shop import (
    BOOSTING_CAMPAIGNS,
    PRODUCTS,
    PROMOTIONS,
    REGIONS,
    REVIEW_STORM,
    SEASON_END,
    SEASON_START,
    STREETS,
    TRIAL_RING,
    TRIAL_RING_REGION,
    TRIAL_RING_STREET,
    YOGURT,
    Product,
)

HOUR_WEIGHTS = (2, 1, 1, 1, 1, 1, 2, 4, 6, 7, 8, 8, 9, 8, 7, 7, 7, 8, 9, 11, 13, 14, 12, 6)
SIBLING_RATE = 0.02
TWO_LINE_RATE = 0.08
BOOSTING_RATE = {"V": 0.16, "G": 0.10}
TRIAL_RING_RATE = 0.03
TRIAL_RING_BUYERS = 14


def season_days() -> list[date]:
    count = (SEASON_END - SEASON_START).days + 1
    return [SEASON_START + timedelta(days=offset) for offset in range(count)]


def day_weight(day: date) -> float:
    weight = 1.0 + (0.15 if day.weekday() >= 5 else 0.0)
    for window, lift in PROMOTIONS.values():
        if window.holds(day):
            weight *= lift
    return weight


def random_moment(rand: random.Random, day: date) -> datetime:
    hour = rand.choices(range(24), weights=HOUR_WEIGHTS)[0]
    start = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)
    return start + timedelta(seconds=rand.randrange(3600))


def order_id(rand: random.Random, created_at: datetime, taken: set[str]) -> str:
    while True:
        candidate = created_at.strftime("%y%m%d") + "-" + digits(rand, 15)
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def pick_product(rand: random.Random, day: date) -> Product:
    weights = [product.weight for product in PRODUCTS]
    if REVIEW_STORM.holds(day):
        weights[PRODUCTS.index(YOGURT)] *= 0.7
    return rand.choices(PRODUCTS, weights=weights)[0]


def make_lines(rand: random.Random, day: date, is_trial: bool) -> list[Line]:
    products = [pick_product(rand, day)]
    if not is_trial and rand.random() < TWO_LINE_RATE:
        other = pick_product(rand, day)
        if other is not products[0]:
            products.append(other)
    lines = []
    for product in products:
        quantity = 1 if is_trial else rand.choices((1, 2, 3), weights=(85, 12, 3))[0]
        lines.append(Line(product, quantity, product.price_cents * quantity))
    return lines


def apply_discounts(rand: random.Random, lines: list[Line], day: date, is_trial: bool) -> None:
    first = lines[0]
    if is_trial:
        trial_price = rand.choice((0, 0, 1))
        first.shop_discount_cents = first.goods_cents - trial_price
        return
    in_promotion = any(window.holds(day) for window, _ in PROMOTIONS.values())
    if in_promotion and rand.random() < 0.5:
        first.shop_discount_cents = rand.choice((500, 1000))
    elif rand.random() < 0.2:
        first.shop_discount_cents = 300
    if rand.random() < 0.15:
        first.platform_discount_cents = rand.choice((100, 200))
    if rand.random() < 0.1:
        first.duoduo_discount_cents = 100


def boosting_code(rand: random.Random, day: date) -> str:
    for prefix, window in BOOSTING_CAMPAIGNS.items():
        if window.holds(day) and rand.random() < BOOSTING_RATE[prefix]:
            return f"{prefix}-{day:%m%d}-{rand.randint(1, 30):02d}"
    return ""


def new_order(rand: random.Random, created_at: datetime, taken: set[str], index: int) -> Order:
    day = created_at.date()
    code = boosting_code(rand, day)
    is_trial = not code and TRIAL_RING.holds(day) and rand.random() < TRIAL_RING_RATE
    if is_trial:
        region, street = TRIAL_RING_REGION, TRIAL_RING_STREET
        district = region.districts[0]
        buyer_key = f"ring-{rand.randrange(TRIAL_RING_BUYERS)}"
    else:
        region = rand.choices(REGIONS, weights=[item.weight for item in REGIONS])[0]
        district, street = rand.choice(region.districts), rand.choice(STREETS)
        buyer_key = f"buyer-{index}"
    lines = make_lines(rand, day, is_trial)
    apply_discounts(rand, lines, day, is_trial)
    order = Order(order_id(rand, created_at, taken), created_at, region, district, street,
                  buyer_key, lines, is_trial=is_trial, boosting_code=code)
    order.merchant_note = code or (rand.choice(wording.ORDINARY_NOTES)
                                   if rand.random() < 0.04 else "")
    if not code and not is_trial and rand.random() < 0.12:
        order.buyer_message = rand.choice(wording.BUYER_MESSAGES)
    order.group_id = digits(rand, 12)
    order.pay_method = rand.choices(("微信支付", "多多支付", "支付宝"), weights=(55, 25, 20))[0]
    order.source = rand.choices(("拼多多APP", "微信小程序", "H5"), weights=(80, 15, 5))[0]
    return order


def sibling_of(rand: random.Random, first: Order, taken: set[str], index: int) -> Order:
    created_at = first.created_at + timedelta(minutes=rand.randint(3, 90))
    sibling = new_order(rand, created_at, taken, index)
    sibling.region, sibling.district, sibling.street = first.region, first.district, first.street
    sibling.buyer_key = first.buyer_key
    sibling.merchant_note, sibling.boosting_code, sibling.is_trial = "", "", False
    return sibling


def create_orders(seed: int, count: int) -> list[Order]:
    """Create `count` orders over the season, sorted by creation time."""
    rand = stream(seed, "orders")
    days = season_days()
    weights = [day_weight(day) for day in days]
    taken: set[str] = set()
    orders: list[Order] = []
    while len(orders) < count:
        created_at = random_moment(rand, rand.choices(days, weights=weights)[0])
        order = new_order(rand, created_at, taken, len(orders))
        orders.append(order)
        plain = not order.boosting_code and not order.is_trial
        if plain and len(orders) < count and rand.random() < SIBLING_RATE:
            orders.append(sibling_of(rand, order, taken, len(orders)))
    orders.sort(key=lambda item: (item.created_at, item.order_id))
    return orders
