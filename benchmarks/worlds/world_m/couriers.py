"""Couriers the shop ships with from 叠石桥: names, aggregator codes, number formats, behaviour."""

import random
from dataclasses import dataclass

from .rand import digits


@dataclass(frozen=True, slots=True)
class Courier:
    key: str
    names: tuple[str, ...]  # display names; the first is the usual one
    k100: str  # 快递100 company code
    kn: str  # 快递鸟 ShipperCode
    prefix: str
    n_digits: int
    speed: float  # multiplies the zone's typical transit days
    damage: float  # chance a medium parcel arrives with 外包装破损
    outlet: str  # the 叠石桥 pickup point
    origin_hub: str
    hub_suffix: str
    staff_title: str
    brand: str

    def number(self, rng: random.Random) -> str:
        return self.prefix + digits(rng, self.n_digits)

    def hub(self, city: str) -> str:
        return f"{city}{self.hub_suffix}"


COURIERS = {
    c.key: c
    for c in (
        Courier(
            "ZTO",
            ("中通快递",),
            "zhongtong",
            "ZTO",
            "78",
            12,
            1.0,
            0.006,
            "海门叠石桥营业部",
            "南通转运中心",
            "转运中心",
            "快递员",
            "中通",
        ),
        Courier(
            "YD",
            ("韵达快递",),
            "yunda",
            "YD",
            "46",
            11,
            1.02,
            0.007,
            "江苏南通海门叠石桥公司",
            "南通分拨中心",
            "分拨中心",
            "快递员",
            "韵达",
        ),
        Courier(
            "JT",
            ("极兔速递",),
            "jtexpress",
            "JTSD",
            "JT",
            13,
            1.08,
            0.013,
            "海门三星叠石桥网点",
            "南通转运中心",
            "转运中心",
            "快递员",
            "极兔",
        ),
        Courier(
            "YTO",
            ("圆通速递", "圆通快递"),
            "yuantong",
            "YTO",
            "YT",
            13,
            1.0,
            0.007,
            "江苏省南通市海门区叠石桥公司",
            "南通转运中心",
            "转运中心",
            "业务员",
            "圆通",
        ),
        Courier(
            "STO",
            ("申通快递",),
            "shentong",
            "STO",
            "77",
            12,
            1.12,
            0.011,
            "海门叠石桥营业部",
            "南通转运中心",
            "转运中心",
            "快递员",
            "申通",
        ),
        Courier(
            "YZPY",
            ("邮政快递包裹",),
            "youzhengguonei",
            "YZPY",
            "98",
            11,
            1.2,
            0.008,
            "海门三星揽投部",
            "南通邮件处理中心",
            "邮件处理中心",
            "投递员",
            "中国邮政",
        ),
        Courier(
            "EMS",
            ("EMS",),
            "ems",
            "EMS",
            "11",
            11,
            1.08,
            0.006,
            "海门三星揽投部",
            "南通邮件处理中心",
            "邮件处理中心",
            "投递员",
            "EMS",
        ),
        Courier(
            "DBL",
            ("德邦快递",),
            "debangkuaidi",
            "DBL",
            "DPK",
            12,
            1.05,
            0.004,
            "南通海门叠石桥营业部",
            "南通枢纽中心",
            "枢纽中心",
            "快递员",
            "德邦",
        ),
        Courier(
            "SF",
            ("顺丰速运", "顺丰快递"),
            "shunfeng",
            "SF",
            "SF",
            13,
            0.62,
            0.003,
            "南通海门三星营业点",
            "南通集散中心",
            "集散中心",
            "快递员",
            "顺丰",
        ),
        Courier(
            "JD",
            ("京东快递",),
            "jd",
            "JD",
            "JD",
            13,
            0.68,
            0.003,
            "南通海门营业部",
            "南通分拣中心",
            "分拣中心",
            "配送员",
            "京东",
        ),
    )
}

BULK_DAMAGE = {"S": 0.5, "M": 1.0, "L": 1.5, "XL": 2.4}

# the everyday mix for a normal parcel; remote routes and bulky goods override it
EVERYDAY = (("ZTO", 36), ("JT", 19), ("YD", 15), ("YTO", 13), ("STO", 9), ("YZPY", 3), ("JD", 0.6))
REMOTE_MIX = (("YZPY", 52), ("ZTO", 22), ("EMS", 12), ("YD", 9), ("STO", 5))
BULKY_MIX = (("DBL", 45), ("ZTO", 25), ("JT", 20), ("YD", 10))
