"""What is wrong with a parcel's goods, and why its recipient might refuse it at the door.

Each mechanism below acts on its own (an independent chance per parcel). A parcel is refused when
at least one fires; its cause is then the first failing link (`model.CAUSES_BY_LINK`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import catalog as cat
from .model import CAUSES_BY_LINK, Parcel


@dataclass(frozen=True)
class Mechanism:
    name: str
    cause: str
    door_reasons: tuple[str, ...]  # what a courier may note as the recipient's reason
    after_sales_reasons: tuple[str, ...]  # what the buyer picks when asking for the refund


MECHANISMS = {m.name: m for m in (
    Mechanism("leak", "product_quality", ("包装漏液", "瓶子漏了一半", "盒子湿了，漏液"),
              ("质量问题", "做工粗糙/有瑕疵")),
    Mechanism("wrong_shade", "product_quality", ("色号不对", "发错颜色", "发错货"),
              ("商家发错货", "与商品描述不符")),
    Mechanism("fake_batch", "product_quality", ("批号对不上", "包装粗糙怀疑假货", "开箱验货不合格"),
              ("假冒品牌", "与商品描述不符", "质量问题")),
    Mechanism("near_expiry", "product_quality", ("生产日期太早", "临期产品"),
              ("商品变质", "质量问题", "其他")),
    Mechanism("defect", "product_quality", ("商品有瑕疵", "质量有问题", "与描述不符"),
              ("质量问题", "做工粗糙/有瑕疵")),
    Mechanism("courier", "logistics", ("快递员态度差", "派件员不打电话"), ("其他",)),
    Mechanism("late", "logistics", ("快递太慢", "时效太久不要了", "等太久了", "超时送达"),
              ("快递一直未送达", "未按约定时间发货", "快递太慢不想要了")),
    Mechanism("damage", "logistics", ("外包装破损", "包裹压坏了"), ("货物破损已拒签",)),
    Mechanism("locker", "logistics", ("放驿站没通知", "没打电话就放驿站"), ("其他",)),
    Mechanism("mood", "reviews", ("看到评价不敢用", "评价太差"), ("多拍/错拍/不想要", "不想要了")),
    Mechanism("post", "reviews", ("网上说是假货", "小红书说有问题"),
              ("看到差评不想要了", "不想要了", "假冒品牌")),
    Mechanism("video", "reviews", ("朋友说用了烂脸", "看到评价不敢用"), ("不想要了", "其他")),
    Mechanism("serum_reviews", "reviews", ("看到差评不要了", "评价太差"),
              ("看到差评不想要了", "多拍/错拍/不想要")),
    Mechanism("store", "reviews", ("评价太差",), ("不想要了",)),
    Mechanism("price", "reviews", ("买贵了", "降价了"),
              ("买贵了，降价了", "多拍/错拍/不想要", "其他")),
    Mechanism("brushing", "rule_violation", ("本人未购买", "不认识寄件人", "称未下单", "空包裹"),
              ("多拍/错拍/不想要", "其他")),
    Mechanism("ring", "rule_violation", ("试用装不要了", "非本人订单", "没买过这个"),
              ("不想要了", "多拍/错拍/不想要")),
    Mechanism("fake_track", "rule_violation", ("等太久了", "快递太慢"),
              ("未按约定时间发货", "快递一直未送达")),
)}
_DOOR_CHANCE = {"leak": 0.42, "wrong_shade": 0.30, "fake_batch": 0.045, "near_expiry": 0.11,
                "defect": 0.5}


def pack(rng: random.Random, parcel: Parcel, packed_at: datetime) -> None:
    """Decide what is wrong with the goods as they leave the shop."""
    keys = {line.product.key for order in parcel.orders for line in order.lines}
    defects = []
    if "serum" in keys and cat.SERUM_ALLERGY_BATCH.holds(packed_at):
        defects.append("allergy_batch")  # invisible at the door; shows after a few days of use
    if "lotion" in keys and rng.random() < (0.30 if cat.LOTION_LEAKING_PUMPS.holds(packed_at)
                                             else 0.012):
        defects.append("leak")
    if "remover" in keys and rng.random() < 0.008:
        defects.append("leak")
    mispick = 0.25 if cat.FOUNDATION_SHADE_MISPICK.holds(packed_at) else 0.008
    if "foundation" in keys and rng.random() < mispick:
        defects.append("wrong_shade")
    if "lipstick" in keys and cat.LIPSTICK_NEW_SUPPLIER.holds(packed_at):
        defects.append("fake_batch")
    if "mask" in keys and cat.MASK_NEAR_EXPIRY.holds(packed_at):
        defects.append("near_expiry")
    if rng.random() < 0.004:
        defects.append("defect")
    parcel.defects = defects


def _hazards(parcel: Parcel, attempt_at: datetime) -> list[tuple[str, float]]:
    orders = parcel.orders
    keys = {line.product.key for order in orders for line in order.lines}
    hazards: list[tuple[str, float]] = []
    for defect in parcel.defects:
        if defect in _DOOR_CHANCE:
            hazards.append((defect, _DOOR_CHANCE[defect]))
    hazards.append(("courier", 0.0015))
    hazards.append(("late", min(0.09, 0.010 * max(0.0, parcel.lateness_days - 1.0))))
    if parcel.damaged:
        hazards.append(("damage", 0.45))
    if parcel.locker == "silent":
        hazards.append(("locker", 0.05))
    hazards.append(("mood", 0.0022))
    if "lipstick" in keys:
        hazards.append(("post", 0.17 * cat.LIPSTICK_POST.weight(attempt_at)))
    if "mask" in keys:
        hazards.append(("video", 0.13 * cat.MASK_VIDEO.weight(attempt_at)))
    if "serum" in keys:
        hazards.append(("serum_reviews", 0.09 * cat.SERUM_REVIEW_WAVE.weight(attempt_at)))
    storm = max(cat.LIPSTICK_POST.weight(attempt_at), cat.SERUM_REVIEW_WAVE.weight(attempt_at))
    hazards.append(("store", 0.006 * storm))
    created = min(order.created_at for order in orders)
    for key, since, _factor in cat.PRICE_CUTS:
        if (key == "*" or key in keys) and created < since <= attempt_at \
                and since - created <= timedelta(days=12):
            hazards.append(("price", 0.08 if key != "*" else 0.035))
    if any(order.brushed for order in orders):
        hazards.append(("brushing", 0.16))
    if any(order.ring for order in orders):
        hazards.append(("ring", 0.26))
    if any(order.fake_track for order in orders):
        hazards.append(("fake_track", 0.07))
    return hazards


def at_the_door(rng: random.Random, parcel: Parcel, attempt_at: datetime) -> list[str]:
    """The mechanisms that make the recipient refuse (empty: the parcel is accepted)."""
    return [name for name, chance in _hazards(parcel, attempt_at) if rng.random() < chance]


def label_of(fired: list[str]) -> str:
    causes = {MECHANISMS[name].cause for name in fired}
    return next(cause for cause in CAUSES_BY_LINK if cause in causes)


def stated_reason(rng: random.Random, fired: list[str], cause: str, *,
                  generic_share: float) -> tuple[str, str]:
    """What the refusal's text says: ("generic", "") or (mechanism, reason text).

    Most point at the label, some at a co-acting cause, and some mislead (a cause that did not act).
    """
    roll = rng.random()
    if roll < generic_share:
        return "generic", ""
    label_mechanisms = [n for n in fired if MECHANISMS[n].cause == cause]
    others = [n for n in fired if MECHANISMS[n].cause != cause]
    if roll < generic_share + 0.10 * (1 - generic_share):
        decoys = [m.name for m in MECHANISMS.values()
                  if m.cause not in {MECHANISMS[n].cause for n in fired}]
        name = rng.choice(decoys)
    elif others and roll < generic_share + 0.22 * (1 - generic_share):
        name = rng.choice(others)
    else:
        name = rng.choice(label_mechanisms)
    return name, rng.choice(MECHANISMS[name].door_reasons)
