"""The shop of world D: catalogue, couriers, routes, calendar and the wording file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

VOCAB_PATH = Path(__file__).with_name("vocab.toml")

# All times are hours since START, naive China time (Asia/Shanghai).
START = datetime(2026, 10, 4)
N_DAYS = 57  # 2026-10-04 .. 2026-11-29
EXPORT_END_HOURS = [24.0 * (29 + 7 * week) - 1 / 3600 for week in range(5)]  # Sundays 23:59:59
EXPORT_WINDOW_HOURS = 29 * 24.0


@dataclass(frozen=True)
class Sku:
    spec: str
    price: float
    style_id: str
    sku_code: str


@dataclass(frozen=True)
class Product:
    key: str
    product_id: str
    code: str
    title: str
    category: tuple[str, str, str]
    skus: tuple[Sku, ...]
    weight: float


def _product(key, product_id, code, title, category, weight, specs):
    skus = tuple(
        Sku(spec, price, f"{int(product_id[-7:]) * 100 + 10**11 + i + 1}", f"{code}-{i + 1:02d}")
        for i, (spec, price) in enumerate(specs)
    )
    return Product(key, product_id, code, title, category, skus, weight)


CATALOG = (
    _product(
        "cable",
        "602188345710",
        "SC-XL",
        '【2米加长】Type-C快充数据线6A "超级快充" 适用华为小米',
        ("手机配件", "数据线", "Type-C数据线"),
        0.27,
        [("1米 白色", 9.9), ("1米 黑色", 9.9), ("2米 白色", 13.9), ("2米 黑色", 13.9)],
    ),
    _product(
        "earbuds",
        "613907712284",
        "SC-EJ",
        "蓝牙耳机Pro真无线降噪🎧续航40小时 <学生党> 运动入耳式",
        ("影音电器", "耳机/耳麦", "蓝牙耳机"),
        0.14,
        [("白色 标准版", 89.0), ("黑色 标准版", 89.0), ("樱花粉 降噪版", 109.0)],
    ),
    _product(
        "charger",
        "598820014461",
        "SC-CT",
        "20W PD快充头 适用苹果iPhone充电器插头",
        ("手机配件", "充电器", "快充头"),
        0.13,
        [("20W 单口", 29.9), ("35W 双口", 39.9)],
    ),
    _product(
        "case",
        "620115530092",
        "SC-KK",
        "iPhone16/15磁吸手机壳 透明防摔 MagSafe✨",
        ("手机配件", "手机保护套", "手机壳"),
        0.19,
        [
            ("iPhone15 透明", 12.9),
            ("iPhone15 磨砂黑", 12.9),
            ("iPhone16 透明", 12.9),
            ("iPhone16 磨砂黑", 12.9),
            ("iPhone16Pro 透明", 14.9),
        ],
    ),
    _product(
        "film",
        "607733100158",
        "SC-GM",
        "钢化膜 高清防窥全屏覆盖 防指纹 送贴膜神器",
        ("手机配件", "手机贴膜", "钢化膜"),
        0.15,
        [
            ("iPhone15 高清两片", 8.9),
            ("iPhone15 防窥两片", 12.9),
            ("iPhone16 高清两片", 8.9),
            ("iPhone16 防窥两片", 12.9),
        ],
    ),
    _product(
        "powerbank",
        "615520987703",
        "SC-CD",
        "磁吸充电宝10000毫安 超薄迷你 适用苹果无线快充",
        ("手机配件", "移动电源", "磁吸充电宝"),
        0.08,
        [("云朵白", 79.0), ("香芋紫", 79.0)],
    ),
    _product(
        "mount",
        "591146620387",
        "SC-ZJ",
        "车载手机支架 出风口重力款 汽车导航支架",
        ("汽车用品", "车载支架", "出风口支架"),
        0.04,
        [("曜石黑", 25.9)],
    ),
)


@dataclass(frozen=True)
class Courier:
    name: str
    alt_name: str
    kuaidi100: str
    kdniao: str
    share: float
    speed: float  # multiplier on route days
    damage: float  # probability a parcel is visibly damaged
    peak_stall: float  # probability of a 滞留 during the 双11 backlog
    number_style: str


COURIERS = (
    Courier("中通快递", "中通快递", "zhongtong", "ZTO", 0.34, 1.0, 0.012, 0.30, "digits:7531"),
    Courier("圆通速递", "圆通快递", "yuantong", "YTO", 0.22, 1.0, 0.015, 0.25, "prefix:YT"),
    Courier("韵达快递", "韵达快递", "yunda", "YD", 0.18, 1.1, 0.020, 0.35, "digits:4631"),
    Courier("极兔速递", "极兔快递", "jtexpress", "JTSD", 0.20, 1.25, 0.028, 0.55, "prefix:JT"),
    Courier(
        "邮政快递包裹", "中国邮政", "youzhengguonei", "YZPY", 0.06, 1.4, 0.010, 0.20, "digits:98"
    ),
)

# province -> (route days from the Shenzhen warehouse, cities, districts, share)
REGIONS = {
    "广东省": (
        1.0,
        ["深圳市", "广州市", "东莞市", "佛山市"],
        ["南山区", "天河区", "长安镇", "顺德区"],
        0.16,
    ),
    "浙江省": (2.0, ["杭州市", "宁波市", "温州市"], ["西湖区", "鄞州区", "鹿城区"], 0.09),
    "江苏省": (2.2, ["南京市", "苏州市", "徐州市"], ["江宁区", "吴中区", "铜山区"], 0.10),
    "湖南省": (1.8, ["长沙市", "衡阳市"], ["岳麓区", "蒸湘区"], 0.07),
    "福建省": (1.6, ["厦门市", "泉州市"], ["思明区", "晋江市"], 0.06),
    "四川省": (2.8, ["成都市", "绵阳市"], ["武侯区", "涪城区"], 0.09),
    "河南省": (2.7, ["郑州市", "洛阳市", "周口市"], ["金水区", "洛龙区", "川汇区"], 0.10),
    "山东省": (2.9, ["济南市", "临沂市", "青岛市"], ["历下区", "兰山区", "黄岛区"], 0.09),
    "河北省": (3.0, ["石家庄市", "保定市"], ["长安区", "竞秀区"], 0.07),
    "北京市": (3.0, ["北京市"], ["朝阳区", "海淀区"], 0.05),
    "黑龙江省": (4.2, ["哈尔滨市", "齐齐哈尔市"], ["南岗区", "龙沙区"], 0.04),
    "甘肃省": (4.5, ["兰州市"], ["城关区"], 0.03),
    "新疆维吾尔自治区": (6.0, ["乌鲁木齐市", "喀什地区"], ["天山区", "喀什市"], 0.05),
}

HUBS = [
    "深圳转运中心",
    "广州白云分拨中心",
    "长沙转运中心",
    "武汉分拨中心",
    "郑州航空港分拨中心",
    "杭州萧山转运中心",
    "上海青浦分拨中心",
    "成都双流转运中心",
    "济南转运中心",
    "西安分拨中心",
]
SITES = [
    "幸福里营业部",
    "科技园站",
    "丰巢(东门)",
    "兔喜生活(南区)",
    "菜鸟驿站(3号楼)",
    "城东网点",
    "金港站",
]
COURIER_MEN = ["王师傅", "李强", "陈晓东", "赵师傅", "刘伟", "小周", "黄建国", "孙磊"]


def day_weights() -> np.ndarray:
    """Order volume per day: 国庆 tail, weekends, the 双11 spike and the 双12 warm-up."""
    weights = np.ones(N_DAYS)
    for day in range(N_DAYS):
        date = START + timedelta(days=day)
        if date.weekday() >= 5:
            weights[day] *= 1.15
        if date.month == 10 and date.day <= 7:
            weights[day] *= 0.75
    for date_str, boost in {
        "11-08": 1.3,
        "11-09": 1.6,
        "11-10": 2.3,
        "11-11": 3.2,
        "11-12": 1.5,
    }.items():
        weights[(datetime(2026, *map(int, date_str.split("-"))) - START).days] *= boost
    weights[-8:] *= 1.12
    return weights / weights.sum()


HOUR_WEIGHTS = np.array(
    [
        2,
        1,
        0.6,
        0.4,
        0.3,
        0.4,
        0.8,
        1.5,
        2.5,
        3,
        3.2,
        3.3,
        3.6,
        3.2,
        3,
        3,
        3.1,
        3.2,
        3.4,
        4,
        4.8,
        5.5,
        5.2,
        3.6,
    ]
)
HOUR_WEIGHTS = HOUR_WEIGHTS / HOUR_WEIGHTS.sum()


def load_vocab(path: Path = VOCAB_PATH) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def to_datetime(hours: float) -> datetime:
    return START + timedelta(seconds=round(hours * 3600))
