"""What the shop sells, who carries it and where it goes: the fixed facts of world_f.

The shop, 桂鲜果园, packs fruit in 南宁武鸣 (广西) and sells on Pinduoduo. Goods ids and style ids
are 11 digits (so that an Excel re-save keeps them) and tracking numbers are whatever each courier
prints (pure digits for 中通/韵达/邮政, so those are the ones Excel can destroy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Sku:
    spec: str
    price: float
    merchant_sku: str
    style_id: str


@dataclass(frozen=True)
class Product:
    code: str
    goods_id: str
    title: str
    merchant_code: str
    categories: tuple[str, str, str, str]
    skus: tuple[Sku, ...]
    #: how fast it spoils when late or hot (1.0 = a mango)
    perishability: float
    #: packed in ice bags and shipped by 顺丰 cold chain
    cold_chain: bool
    #: first and last day it can be ordered
    on_sale: tuple[date, date]
    #: share of daily demand while on sale
    demand: float
    heavy_box: bool = False


_FRUIT = ("水果生鲜", "水果")

PRODUCTS: tuple[Product, ...] = (
    Product(
        "passion",
        "35120847716",
        "【坏果包赔】广西百香果5斤装 新鲜当季一级大果 酸甜爆汁🍋 紫香百香果",
        "GX-BXG",
        (*_FRUIT, "百香果", "紫香百香果"),
        (
            Sku("3斤 中果(40-50g)", 15.90, "BXG-3J-Z", "72031458801"),
            Sku("5斤 大果(50-70g)", 24.90, "BXG-5J-D", "72031458802"),
            Sku("5斤 特大果(70-90g)", 32.90, "BXG-5J-TD", "72031458803"),
        ),
        0.5,
        False,
        (date(2026, 3, 1), date(2026, 7, 31)),
        0.30,
    ),
    Product(
        "orange",
        "35120847731",
        "武鸣沃柑 10斤装 新鲜当季 皮薄多汁 整箱 孕妇水果 坏果包赔",
        "GX-WG",
        (*_FRUIT, "柑橘", "沃柑"),
        (
            Sku("5斤 中果", 19.90, "WG-5J-Z", "72031459101"),
            Sku("5斤 大果", 25.90, "WG-5J-D", "72031459102"),
            Sku("10斤 大果", 42.90, "WG-10J-D", "72031459103"),
        ),
        0.4,
        False,
        (date(2026, 3, 1), date(2026, 4, 24)),
        0.34,
        heavy_box=True,
    ),
    Product(
        "mango",
        "35120849052",
        '百色芒果 树上熟 台农/桂七 香甜软糯 "当天现摘" 5斤 产地直发',
        "GX-MG",
        (*_FRUIT, "芒果", "台农芒"),
        (
            Sku("台农 3斤", 19.90, "MG-TN-3J", "72031470201"),
            Sku("台农 5斤", 29.90, "MG-TN-5J", "72031470202"),
            Sku("桂七 5斤 大果", 45.90, "MG-G7-5J", "72031470203"),
        ),
        0.9,
        False,
        (date(2026, 5, 8), date(2026, 7, 31)),
        0.26,
    ),
    Product(
        "lychee",
        "35120851187",
        "【预售】灵山妃子笑荔枝 顺丰冷链 <冰袋保鲜> 3斤/5斤 新鲜现摘",
        "GX-LZ",
        (*_FRUIT, "荔枝", "妃子笑"),
        (
            Sku("3斤 顺丰冷链", 49.90, "LZ-FZX-3J", "72031481501"),
            Sku("5斤 顺丰冷链", 75.90, "LZ-FZX-5J", "72031481502"),
        ),
        1.4,
        True,
        (date(2026, 4, 20), date(2026, 7, 10)),
        0.13,
    ),
    Product(
        "dragon",
        "35120847759",
        "红心火龙果 5斤 新鲜 整箱 大果 现摘 🐉 坏果包赔",
        "GX-HLG",
        (*_FRUIT, "火龙果", "红心火龙果"),
        (
            Sku("5斤 中果(3-4个)", 22.90, "HLG-5J-Z", "72031459501"),
            Sku("5斤 大果(2-3个)", 27.90, "HLG-5J-D", "72031459502"),
        ),
        0.8,
        False,
        (date(2026, 3, 1), date(2026, 7, 31)),
        0.11,
    ),
    Product(
        "giftbox",
        "35120866340",
        "618端午鲜果礼盒 芒果+百香果+火龙果 8斤 送礼佳品 🎁 顺丰可选",
        "GX-LH",
        (*_FRUIT, "水果礼盒", "混合礼盒"),
        (
            Sku("标准礼盒 8斤", 79.90, "LH-BZ-8J", "72031492001"),
            Sku("豪华礼盒 8斤+荔枝2斤", 129.90, "LH-HH-10J", "72031492002"),
        ),
        0.9,
        False,
        (date(2026, 6, 1), date(2026, 6, 21)),
        0.22,
        heavy_box=True,
    ),
    Product(
        "lemon",
        "35120847788",
        "广西香水柠檬 3斤 新鲜 无籽 皮薄多汁 奶茶店专用",
        "GX-NM",
        (*_FRUIT, "柠檬", "香水柠檬"),
        (
            Sku("3斤 中果", 14.90, "NM-3J-Z", "72031459801"),
            Sku("5斤 大果", 21.90, "NM-5J-D", "72031459802"),
        ),
        0.3,
        False,
        (date(2026, 3, 1), date(2026, 7, 31)),
        0.08,
    ),
)

PRODUCT_BY_CODE = {product.code: product for product in PRODUCTS}


@dataclass(frozen=True)
class Courier:
    code: str
    display: str
    display_alt: str
    kuaidi100: str
    kdniao: str
    family: str
    #: days added to the 中通 route time
    extra_days: float
    damage_rate: float


COURIERS: dict[str, Courier] = {
    courier.code: courier
    for courier in (
        Courier("zto", "中通快递", "中通快递", "zhongtong", "ZTO", "zto", 0.0, 0.020),
        Courier("jt", "极兔速递", "极兔快递", "jtexpress", "JTSD", "jt", 0.3, 0.035),
        Courier("yd", "韵达快递", "韵达速递", "yunda", "YD", "yd", 0.1, 0.025),
        Courier("post", "邮政快递包裹", "中国邮政", "youzhengguonei", "YZPY", "post", 1.0, 0.015),
        Courier("sf", "顺丰速运", "顺丰快递", "shunfeng", "SF", "sf", -1.0, 0.008),
    )
}


@dataclass(frozen=True)
class Province:
    name: str
    weight: float
    #: usual 中通 days from 南宁 to the door
    days: float
    #: the national hub the parcel passes after 南宁
    via: str
    #: 华北/华东 destinations that sit in the June heat wave
    hot_in_june: bool
    cities: tuple[tuple[str, tuple[str, ...]], ...]


PROVINCES: tuple[Province, ...] = (
    Province(
        "广东省",
        0.15,
        1.5,
        "广州",
        False,
        (
            ("广州市", ("天河区", "白云区", "番禺区")),
            ("深圳市", ("宝安区", "龙岗区", "南山区")),
            ("东莞市", ("南城街道", "长安镇")),
            ("佛山市", ("顺德区", "南海区")),
        ),
    ),
    Province(
        "广西壮族自治区",
        0.06,
        1.0,
        "南宁",
        False,
        (
            ("南宁市", ("青秀区", "西乡塘区")),
            ("柳州市", ("城中区", "柳北区")),
            ("桂林市", ("七星区",)),
        ),
    ),
    Province(
        "湖南省",
        0.05,
        2.0,
        "长沙",
        False,
        (("长沙市", ("岳麓区", "雨花区")), ("株洲市", ("天元区",))),
    ),
    Province(
        "湖北省",
        0.05,
        2.5,
        "武汉",
        False,
        (("武汉市", ("洪山区", "江夏区", "武昌区")), ("宜昌市", ("西陵区",))),
    ),
    Province(
        "河南省",
        0.06,
        3.0,
        "武汉",
        True,
        (("郑州市", ("金水区", "二七区")), ("洛阳市", ("洛龙区",))),
    ),
    Province(
        "江苏省",
        0.09,
        3.0,
        "长沙",
        True,
        (
            ("南京市", ("江宁区", "鼓楼区")),
            ("苏州市", ("常熟市", "吴中区")),
            ("无锡市", ("滨湖区",)),
        ),
    ),
    Province(
        "浙江省",
        0.09,
        3.0,
        "长沙",
        True,
        (("杭州市", ("余杭区", "西湖区")), ("宁波市", ("鄞州区",)), ("温州市", ("鹿城区",))),
    ),
    Province("上海市", 0.06, 3.0, "长沙", True, (("上海市", ("浦东新区", "闵行区", "徐汇区")),)),
    Province(
        "山东省",
        0.07,
        3.5,
        "武汉",
        True,
        (("济南市", ("历城区", "历下区")), ("青岛市", ("黄岛区", "城阳区"))),
    ),
    Province("北京市", 0.05, 3.5, "武汉", True, (("北京市", ("朝阳区", "海淀区", "丰台区")),)),
    Province(
        "河北省", 0.04, 3.5, "武汉", True, (("石家庄市", ("长安区",)), ("保定市", ("竞秀区",)))
    ),
    Province(
        "四川省",
        0.05,
        2.5,
        "成都",
        False,
        (("成都市", ("武侯区", "郫都区")), ("绵阳市", ("涪城区",))),
    ),
    Province("重庆市", 0.03, 2.5, "成都", False, (("重庆市", ("渝北区", "九龙坡区")),)),
    Province(
        "福建省", 0.04, 2.5, "广州", False, (("福州市", ("鼓楼区",)), ("厦门市", ("思明区",)))
    ),
    Province("江西省", 0.02, 2.5, "长沙", False, (("南昌市", ("红谷滩区",)),)),
    Province("安徽省", 0.03, 3.0, "长沙", True, (("合肥市", ("蜀山区", "包河区")),)),
    Province("陕西省", 0.03, 3.5, "武汉", False, (("西安市", ("雁塔区", "未央区")),)),
    Province(
        "辽宁省", 0.02, 4.5, "武汉", False, (("沈阳市", ("浑南区",)), ("大连市", ("甘井子区",)))
    ),
    Province("黑龙江省", 0.01, 5.0, "武汉", False, (("哈尔滨市", ("南岗区",)),)),
    Province("新疆维吾尔自治区", 0.01, 6.0, "成都", False, (("乌鲁木齐市", ("天山区",)),)),
)

#: the packing shed and the first scan points
ORIGIN_CITY = "南宁市"
ORIGIN_SITES = ("南宁武鸣区公司", "武鸣城厢网点", "武鸣双桥营业部")
HUB_NAMES = {
    "南宁": "南宁转运中心",
    "广州": "广州白云转运中心",
    "长沙": "长沙转运中心",
    "武汉": "武汉转运中心",
    "成都": "成都转运中心",
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁韦覃蒙"
