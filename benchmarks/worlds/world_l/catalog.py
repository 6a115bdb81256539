"""What the shop sells, where it ships from, who carries it and where buyers live."""

from dataclasses import dataclass
from datetime import date

SHOP_NAME = "信丰脐橙果园直发店"


@dataclass(frozen=True, slots=True)
class Sku:
    code: str  # 商家编码-规格维度
    spec: str  # 商品规格
    style_id: str  # 样式ID
    price: str  # yuan, two decimals
    weight_kg: float
    big_fruit: bool  # sold as 大果/特大果: an undersized batch shows at the door


@dataclass(frozen=True, slots=True)
class Product:
    key: str
    goods_id: str  # 商品id
    code: str  # 商家编码-商品维度
    title: str
    fruit: str
    origin: str  # key into ORIGINS
    on_sale: tuple[date, date]
    weight: float  # share of demand while on sale
    skus: tuple[Sku, ...]
    categories: tuple[str, str, str, str]


def _sku(code, spec, style_id, price, weight_kg, big=False):
    return Sku(code, spec, style_id, price, weight_kg, big)


PRODUCTS = (
    Product(
        "navel",
        "382615009412",
        "GN-QC",
        "【果园直发】赣南脐橙新鲜当季水果信丰橙子整箱🍊 现摘现发 <坏果包赔>",
        "脐橙",
        "xinfeng",
        (date(2025, 10, 8), date(2026, 1, 30)),
        0.36,
        (
            _sku("GN-QC-5Z", "5斤装 中果(65-70mm)", "1312500941201", "19.90", 2.5),
            _sku("GN-QC-5D", "5斤装 大果(70-80mm)", "1312500941202", "25.90", 2.5, True),
            _sku("GN-QC-9D", "9斤装 大果(70-80mm)", "1312500941203", "39.90", 4.5, True),
            _sku("GN-QC-9T", "9斤装 特大果(80-85mm) 礼盒", "1312500941204", "52.80", 4.5, True),
        ),
        ("水果生鲜", "柑橘类", "橙子", "脐橙"),
    ),
    Product(
        "shatang",
        "382615117730",
        "GX-STJ",
        '广西砂糖橘新鲜10斤整箱 当季沙糖桔子 皮薄化渣 "甜过初恋"',
        "砂糖橘",
        "wuming",
        (date(2025, 11, 5), date(2026, 1, 30)),
        0.27,
        (
            _sku("GX-STJ-5X", "5斤装 小果", "1312511773001", "14.90", 2.5),
            _sku("GX-STJ-5D", "5斤装 大果(精选)", "1312511773002", "19.90", 2.5, True),
            _sku("GX-STJ-9D", "9斤装 大果(精选)", "1312511773003", "32.80", 4.5, True),
        ),
        ("水果生鲜", "柑橘类", "桔子", "砂糖橘"),
    ),
    Product(
        "orah",
        "382615240158",
        "GX-WG",
        "武鸣沃柑 新鲜应季水果 2.5kg/5kg 爆汁沃柑 产地直发",
        "沃柑",
        "wuming",
        (date(2025, 11, 28), date(2026, 1, 30)),
        0.30,
        (
            _sku("GX-WG-25", "2.5kg 精品中果", "1312524015801", "22.90", 2.5),
            _sku("GX-WG-5Z", "5kg 中果", "1312524015802", "34.90", 5.0),
            _sku("GX-WG-5D", "5kg 大果(70mm+)", "1312524015803", "42.90", 5.0, True),
        ),
        ("水果生鲜", "柑橘类", "柑", "沃柑"),
    ),
    Product(
        "kiwi",
        "382615302276",
        "JX-MHT",
        "奉新猕猴桃 徐香绿心奇异果 新鲜现摘 12枚/24枚装",
        "猕猴桃",
        "fengxin",
        (date(2025, 10, 1), date(2025, 12, 31)),
        0.22,
        (
            _sku("JX-MHT-12", "12枚 单果80-100g", "1312530227601", "16.80", 1.3),
            _sku("JX-MHT-24", "24枚 单果80-100g", "1312530227602", "29.80", 2.5),
            _sku("JX-MHT-24D", "24枚 大果100-120g", "1312530227603", "36.90", 3.0, True),
        ),
        ("水果生鲜", "猕猴桃", "猕猴桃", "绿心猕猴桃"),
    ),
    Product(
        "apple",
        "382615388905",
        "SX-PG",
        "陕西洛川红富士苹果 脆甜冰糖心 5斤/9斤 一件代发",
        "苹果",
        "luochuan",
        (date(2025, 10, 10), date(2026, 1, 30)),
        0.16,
        (
            _sku("SX-PG-5", "5斤装 果径75-80mm", "1312538890501", "21.90", 2.5),
            _sku("SX-PG-9", "9斤装 果径80-85mm", "1312538890502", "36.90", 4.5, True),
        ),
        ("水果生鲜", "苹果", "苹果", "红富士"),
    ),
)
PRODUCTS_BY_KEY = {product.key: product for product in PRODUCTS}
# The 0元试用 campaign: a 3斤 tasting box of the navel oranges, given away in late October.
TRIAL_SKU = _sku("GN-QC-SC", "试吃装 3斤 0元试用", "1312500941299", "12.90", 1.5)
TRIAL_WINDOW = (date(2025, 10, 18), date(2025, 10, 31))


@dataclass(frozen=True, slots=True)
class Origin:
    province: str
    city: str
    branch: str
    zone: str


ORIGINS = {
    "xinfeng": Origin("江西省", "赣州市", "信丰县", "jx"),
    "wuming": Origin("广西壮族自治区", "南宁市", "武鸣区", "gx"),
    "fengxin": Origin("江西省", "宜春市", "奉新县", "jx"),
    "luochuan": Origin("陕西省", "延安市", "洛川县", "sn"),
    # 礼品代发: where the boosting service mails its cheap gift parcels from.
    "yiwu": Origin("浙江省", "金华市", "义乌市", "zj"),
}


@dataclass(frozen=True, slots=True)
class Courier:
    key: str
    display: str  # name in the order export
    kd100: str  # 快递100 company code
    kdniao: str  # 快递鸟 ShipperCode
    prefix: str  # letters before the digits ('' = a pure-digit number)
    digits: int
    lead: str  # first digits of the number
    speed: float  # extra days over the route time (negative = faster)
    crush_rate: float  # share of parcels that arrive with a crushed box


COURIERS = {
    "zto": Courier("zto", "中通快递", "zhongtong", "ZTO", "", 14, "78", 0.0, 0.008),
    "yunda": Courier("yunda", "韵达快递", "yunda", "YD", "", 15, "46", 0.2, 0.010),
    "jt": Courier("jt", "极兔速递", "jtexpress", "JTSD", "JT", 13, "5", 0.4, 0.034),
    "post": Courier("post", "邮政快递包裹", "youzhengguonei", "YZPY", "", 13, "98", 0.6, 0.006),
    "sf": Courier("sf", "顺丰速运", "shunfeng", "SF", "SF", 13, "14", -0.9, 0.003),
    "sto": Courier("sto", "申通快递", "shentong", "STO", "", 15, "77", 0.3, 0.012),
    "yto": Courier("yto", "圆通速递", "yuantong", "YTO", "YT", 13, "7", 0.1, 0.010),
}
# Which couriers each origin's packing house hands parcels to (weights).
COURIER_MIX = {
    "xinfeng": (("zto", 45), ("yunda", 25), ("jt", 15), ("post", 8), ("sto", 7)),
    "fengxin": (("zto", 40), ("yunda", 30), ("post", 15), ("jt", 15)),
    "wuming": (("jt", 40), ("zto", 38), ("post", 10), ("yto", 12)),
    "luochuan": (("zto", 45), ("yunda", 30), ("post", 25)),
    "yiwu": (("zto", 40), ("yunda", 35), ("yto", 25)),
}
REMOTE_PROVINCES = ("新疆维吾尔自治区", "西藏自治区", "青海省")

# Zones on a rough map (x east, y north), used for route times and hub choice.
ZONE_XY = {
    "gd": (6.0, 1.0),
    "gx": (4.0, 1.5),
    "fj": (8.0, 2.5),
    "jx": (6.8, 3.0),
    "zj": (9.0, 4.2),
    "sh": (9.8, 5.0),
    "js": (9.0, 5.4),
    "ah": (7.8, 5.0),
    "hb": (5.8, 5.0),
    "hn": (5.8, 3.4),
    "ha": (6.3, 6.5),
    "sd": (8.4, 7.3),
    "bj": (7.6, 8.4),
    "hebei": (7.2, 8.0),
    "sx": (6.0, 7.6),
    "ln": (9.6, 9.6),
    "jl": (10.4, 10.8),
    "hl": (10.8, 12.0),
    "nm": (6.4, 9.8),
    "sn": (4.6, 6.4),
    "gs": (2.4, 7.0),
    "sc": (2.6, 4.2),
    "cq": (3.8, 4.2),
    "gz": (3.8, 2.8),
    "yn": (1.8, 1.8),
    "xj": (-4.0, 10.0),
    "tj": (8.0, 8.2),
    "nx": (3.6, 7.8),
}


@dataclass(frozen=True, slots=True)
class Province:
    name: str
    zone: str
    weight: float
    hub: str  # the courier hub serving it
    cities: tuple[tuple[str, tuple[str, ...]], ...]
    cold: float  # exposure to the Dec-Jan cold snap, 0..1


def _prov(name, zone, weight, hub, cold, *cities):
    return Province(name, zone, weight, hub, tuple(cities), cold)


PROVINCES = (
    _prov(
        "广东省",
        "gd",
        12,
        "广州",
        0,
        ("广州市", ("白云区", "番禺区", "天河区")),
        ("深圳市", ("宝安区", "龙岗区", "南山区")),
        ("东莞市", ("长安镇", "虎门镇")),
    ),
    _prov(
        "浙江省",
        "zj",
        8,
        "杭州",
        0,
        ("杭州市", ("余杭区", "萧山区")),
        ("宁波市", ("鄞州区", "慈溪市")),
        ("温州市", ("瑞安市", "鹿城区")),
    ),
    _prov(
        "江苏省",
        "js",
        8,
        "无锡",
        0,
        ("苏州市", ("吴中区", "昆山市")),
        ("南京市", ("江宁区", "鼓楼区")),
        ("徐州市", ("铜山区",)),
    ),
    _prov("上海市", "sh", 5, "上海", 0, ("上海市", ("浦东新区", "闵行区", "松江区"))),
    _prov("北京市", "bj", 5, "北京", 0.35, ("北京市", ("朝阳区", "海淀区", "昌平区"))),
    _prov("天津市", "tj", 2, "天津", 0.35, ("天津市", ("南开区", "滨海新区"))),
    _prov(
        "山东省",
        "sd",
        6,
        "济南",
        0.2,
        ("济南市", ("历下区", "章丘区")),
        ("青岛市", ("黄岛区", "城阳区")),
        ("临沂市", ("兰山区",)),
    ),
    _prov(
        "河南省",
        "ha",
        6,
        "郑州",
        0.15,
        ("郑州市", ("金水区", "中原区")),
        ("周口市", ("川汇区", "郸城县")),
        ("洛阳市", ("洛龙区",)),
    ),
    _prov(
        "河北省",
        "hebei",
        4,
        "石家庄",
        0.4,
        ("石家庄市", ("长安区", "正定县")),
        ("保定市", ("竞秀区",)),
        ("唐山市", ("路南区",)),
    ),
    _prov("山西省", "sx", 2, "太原", 0.4, ("太原市", ("小店区",)), ("大同市", ("平城区",))),
    _prov("湖北省", "hb", 5, "武汉", 0, ("武汉市", ("洪山区", "江夏区")), ("宜昌市", ("西陵区",))),
    _prov("湖南省", "hn", 4, "长沙", 0, ("长沙市", ("岳麓区", "雨花区")), ("衡阳市", ("蒸湘区",))),
    _prov(
        "安徽省",
        "ah",
        4,
        "合肥",
        0,
        ("合肥市", ("蜀山区", "肥东县")),
        ("阜阳市", ("颍州区", "临泉县")),
    ),
    _prov("福建省", "fj", 4, "福州", 0, ("福州市", ("鼓楼区", "闽侯县")), ("厦门市", ("思明区",))),
    _prov("江西省", "jx", 2, "南昌", 0, ("南昌市", ("红谷滩区",)), ("九江市", ("濂溪区",))),
    _prov("广西壮族自治区", "gx", 2, "南宁", 0, ("南宁市", ("青秀区",)), ("柳州市", ("城中区",))),
    _prov("四川省", "sc", 5, "成都", 0, ("成都市", ("双流区", "郫都区")), ("绵阳市", ("涪城区",))),
    _prov("重庆市", "cq", 3, "重庆", 0, ("重庆市", ("渝北区", "九龙坡区"))),
    _prov("贵州省", "gz", 1.5, "贵阳", 0, ("贵阳市", ("观山湖区",))),
    _prov("云南省", "yn", 2, "昆明", 0, ("昆明市", ("五华区", "官渡区"))),
    _prov("陕西省", "sn", 2.5, "西安", 0.3, ("西安市", ("雁塔区", "未央区"))),
    _prov(
        "辽宁省", "ln", 3, "沈阳", 0.85, ("沈阳市", ("浑南区", "铁西区")), ("大连市", ("甘井子区",))
    ),
    _prov("吉林省", "jl", 1.5, "长春", 1.0, ("长春市", ("朝阳区", "南关区"))),
    _prov(
        "黑龙江省",
        "hl",
        2,
        "哈尔滨",
        1.0,
        ("哈尔滨市", ("南岗区", "道里区")),
        ("大庆市", ("萨尔图区",)),
    ),
    _prov(
        "内蒙古自治区",
        "nm",
        1.2,
        "呼和浩特",
        0.95,
        ("呼和浩特市", ("赛罕区",)),
        ("包头市", ("昆都仑区",)),
    ),
    _prov("甘肃省", "gs", 1, "兰州", 0.6, ("兰州市", ("城关区",))),
    _prov("宁夏回族自治区", "nx", 0.6, "银川", 0.6, ("银川市", ("金凤区",))),
    _prov("新疆维吾尔自治区", "xj", 1.2, "乌鲁木齐", 0.9, ("乌鲁木齐市", ("新市区", "天山区"))),
)
PROVINCES_BY_NAME = {province.name: province for province in PROVINCES}
ORIGIN_HUB = {
    "xinfeng": "赣州",
    "fengxin": "南昌",
    "wuming": "南宁",
    "luochuan": "西安",
    "yiwu": "义乌",
}
# Trunk hubs a long route passes through, by (origin zone, destination zone) direction.
NORTH_HUB, EAST_HUB, WEST_HUB = "郑州", "杭州", "成都"

STREETS = (
    "城关镇",
    "新华街道",
    "人民路街道",
    "解放街道",
    "东城街道",
    "西关街道",
    "长安路街道",
    "建设街道",
    "和平街道",
    "中山街道",
    "滨江街道",
    "高新区街道",
)
# The 0元试用 farming ring: accounts registered to a handful of streets in two counties.
TRIAL_CLUSTER = (
    ("河南省", "周口市", "郸城县", "汲冢镇"),
    ("河南省", "周口市", "郸城县", "宜路镇"),
    ("安徽省", "阜阳市", "临泉县", "迎仙镇"),
)
