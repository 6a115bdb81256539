"""The shop itself: products, couriers, regions, the season and its incidents."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

SHOP_NAME = "渔港鲜生冻品旗舰店"
ORIGIN_CITY = "青岛市"
ORIGIN_DISTRICT = "黄岛区"


@dataclass(frozen=True)
class Product:
    sku_code: str
    product_code: str
    product_id: str
    style_id: str
    title: str
    spec: str
    price_cents: int
    categories: tuple[str, str, str, str]
    needs_cold_chain: bool
    heat_sensitivity: float
    weight: float


PRODUCTS: tuple[Product, ...] = (
    Product("HX-AR-L1-2KG", "HX-AR", "612045873301", "1207738410291",
            "【整箱冷冻】阿根廷红虾L1 大号 🦐 2kg/盒", "L1 2kg/盒 约40-60只", 8990,
            ("水产肉类/新鲜蔬果/熟食", "海鲜水产", "虾类", "阿根廷红虾"), False, 0.6, 1.3),
    Product("HX-SMN-300", "HX-SMN", "612045873302", "1207738410305",
            '挪威三文鱼刺身 "冰鲜中段" 300g 顺丰冷链', "冰鲜中段300g 送芥末酱油", 6990,
            ("水产肉类/新鲜蔬果/熟食", "海鲜水产", "鱼类", "三文鱼"), True, 1.0, 0.9),
    Product("HX-XR-500X2", "HX-XR", "612045873303", "1207738410318",
            "速冻青虾仁 大颗粒 500g×2袋 去虾线", "500g×2袋 净重≥85%", 4990,
            ("水产肉类/新鲜蔬果/熟食", "海鲜水产", "虾类", "虾仁"), False, 0.6, 1.2),
    Product("NR-XL-10P", "NR-XL", "612045873304", "1207738410322",
            "原切西冷牛排 10片装 1.3kg 非腌制 <送黄油+黑椒>", "10片装 1.3kg", 9900,
            ("水产肉类/新鲜蔬果/熟食", "生鲜肉类", "牛肉", "牛排"), False, 0.5, 1.0),
    Product("RP-SN-1KGX2", "RP-SN", "612045873305", "1207738410336",
            "低温风味酸奶 1kg×2桶 生牛乳发酵 冷藏发货", "原味1kg×2桶", 3990,
            ("水产肉类/新鲜蔬果/熟食", "乳品冷饮", "低温奶", "酸奶"), False, 0.9, 1.1),
    Product("SJ-BY-1KGX2", "SJ-BY", "612045873306", "1207738410349",
            "胶东手工鲅鱼水饺 速冻 1kg×2袋", "鲅鱼韭菜 1kg×2袋 约100只", 4580,
            ("水产肉类/新鲜蔬果/熟食", "速冻食品", "水饺", "海鲜水饺"), False, 0.4, 0.9),
    Product("HX-SB-1KG", "HX-SB", "612045873307", "1207738410353",
            "冷冻半壳扇贝 1kg 约20只 蒜蓉粉丝专用", "1kg 约18-22只", 5990,
            ("水产肉类/新鲜蔬果/熟食", "海鲜水产", "贝类", "扇贝"), False, 0.6, 0.8),
    Product("HX-HHY-2T", "HX-HHY", "612045873308", "1207738410367",
            "冰鲜大黄鱼 2条装 约1kg 宁德海域", "2条装 单条约500g", 7990,
            ("水产肉类/新鲜蔬果/熟食", "海鲜水产", "鱼类", "黄鱼"), True, 0.9, 0.7),
)

SALMON = PRODUCTS[1]
SHRIMP_MEAT = PRODUCTS[2]
STEAK = PRODUCTS[3]
YOGURT = PRODUCTS[4]


@dataclass(frozen=True)
class Courier:
    key: str
    display_names: tuple[str, ...]
    kuaidi100_code: str
    kuaidi_niao_code: str
    is_cold_chain: bool
    tracking_prefix: str
    tracking_digits: int
    transit_days_by_tier: tuple[float, float, float]
    damage_rate: float
    hub_word: str


COURIERS: dict[str, Courier] = {
    courier.key: courier
    for courier in (
        Courier("sf", ("顺丰速运", "顺丰快递"), "shunfeng", "SF", True, "SF", 13,
                (1.0, 1.4, 2.0), 0.006, "集散中心"),
        Courier("jd", ("京东快递",), "jd", "JD", True, "JDVB", 11,
                (1.0, 1.6, 2.3), 0.007, "分拣中心"),
        Courier("zto", ("中通快递",), "zhongtong", "ZTO", False, "7", 13,
                (1.5, 2.4, 3.3), 0.012, "转运中心"),
        Courier("yd", ("韵达快递",), "yunda", "YD", False, "43", 13,
                (1.8, 2.8, 3.8), 0.013, "分拨中心"),
        Courier("jt", ("极兔速递",), "jtexpress", "JTSD", False, "JT", 13,
                (2.0, 3.0, 4.2), 0.018, "转运中心"),
        Courier("ems", ("邮政快递包裹",), "youzhengguonei", "YZPY", False, "98", 11,
                (2.2, 3.4, 4.6), 0.010, "邮区中心局"),
    )
}

COLD_CHAIN_MIX = {"sf": 0.62, "jd": 0.38}
ORDINARY_MIX = {"sf": 0.12, "jd": 0.14, "zto": 0.36, "yd": 0.16, "jt": 0.14, "ems": 0.08}


@dataclass(frozen=True)
class Region:
    province: str
    city: str
    districts: tuple[str, ...]
    tier: int
    zone: str
    weight: float


REGIONS: tuple[Region, ...] = (
    Region("山东省", "青岛市", ("市南区", "崂山区", "城阳区"), 0, "north", 1.2),
    Region("山东省", "济南市", ("历下区", "历城区"), 0, "north", 0.8),
    Region("江苏省", "南京市", ("鼓楼区", "江宁区"), 1, "east", 0.9),
    Region("江苏省", "苏州市", ("姑苏区", "吴中区"), 1, "east", 0.9),
    Region("浙江省", "杭州市", ("西湖区", "余杭区"), 1, "east", 1.0),
    Region("浙江省", "宁波市", ("鄞州区",), 1, "east", 0.5),
    Region("上海市", "上海市", ("浦东新区", "闵行区", "宝山区"), 1, "east", 1.2),
    Region("北京市", "北京市", ("朝阳区", "海淀区"), 1, "north", 1.0),
    Region("天津市", "天津市", ("南开区",), 1, "north", 0.4),
    Region("河北省", "石家庄市", ("长安区",), 1, "north", 0.5),
    Region("河南省", "郑州市", ("金水区", "二七区"), 1, "central", 0.8),
    Region("安徽省", "合肥市", ("蜀山区",), 1, "east", 0.6),
    Region("辽宁省", "沈阳市", ("和平区",), 1, "north", 0.4),
    Region("湖北省", "武汉市", ("洪山区", "江岸区"), 2, "central", 0.8),
    Region("湖南省", "长沙市", ("岳麓区",), 2, "central", 0.6),
    Region("江西省", "南昌市", ("红谷滩区",), 2, "central", 0.4),
    Region("广东省", "广州市", ("天河区", "番禺区"), 2, "south", 1.0),
    Region("广东省", "深圳市", ("南山区", "宝安区"), 2, "south", 1.0),
    Region("广西壮族自治区", "南宁市", ("青秀区",), 2, "south", 0.3),
    Region("福建省", "厦门市", ("思明区",), 2, "south", 0.4),
    Region("四川省", "成都市", ("武侯区",), 2, "west", 0.7),
    Region("重庆市", "重庆市", ("渝北区",), 2, "west", 0.5),
    Region("陕西省", "西安市", ("雁塔区",), 2, "west", 0.4),
)

STREETS = ("中山路街道", "人民路街道", "新华街道", "东风街道", "建设路街道", "文化路街道",
           "花园路街道", "南湖街道", "滨江街道", "城东街道")

ZONE_HUBS = {"north": "济南", "east": "南京", "central": "武汉", "south": "广州", "west": "成都"}

SEASON_START = date(2026, 6, 1)
SEASON_END = date(2026, 9, 27)
EXPORT_DAYS = tuple(date(2026, 6, 8) + timedelta(weeks=week) for week in range(17))
FINAL_EXPORT_AT = datetime.combine(EXPORT_DAYS[-1], datetime.min.time()) + timedelta(hours=10)


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    def holds(self, moment: datetime | date) -> bool:
        day = moment.date() if isinstance(moment, datetime) else moment
        return self.start <= day <= self.end


PROMOTIONS = {
    "618": (Window(date(2026, 6, 12), date(2026, 6, 18)), 1.9),
    "七夕": (Window(date(2026, 8, 17), date(2026, 8, 19)), 1.4),
    "中秋备货": (Window(date(2026, 9, 14), date(2026, 9, 24)), 1.5),
}

HEAT_WAVE = Window(date(2026, 7, 12), date(2026, 7, 30))
HEAT_WAVE_PROVINCES = frozenset({"江苏省", "浙江省", "上海市", "安徽省", "江西省", "湖北省",
                                 "湖南省", "重庆市"})
HUB_BACKLOG = Window(date(2026, 8, 3), date(2026, 8, 12))
HUB_BACKLOG_COURIER = "zto"
HUB_BACKLOG_ZONES = frozenset({"central", "south", "west"})
COLD_CHAIN_FAILURE = Window(date(2026, 8, 15), date(2026, 8, 28))
COLD_CHAIN_FAILURE_COURIER = "jd"
COLD_CHAIN_FAILURE_PROVINCES = frozenset({"广东省", "广西壮族自治区", "福建省"})
BAD_SALMON_BATCH = Window(date(2026, 7, 1), date(2026, 7, 14))
REVIEW_STORM = Window(date(2026, 8, 24), date(2026, 9, 8))
BOOSTING_CAMPAIGNS = {
    "V": Window(date(2026, 7, 6), date(2026, 7, 19)),
    "G": Window(date(2026, 9, 10), date(2026, 9, 16)),
}
TRIAL_RING = Window(date(2026, 8, 1), date(2026, 8, 28))
TRIAL_RING_REGION = REGIONS[10]
TRIAL_RING_STREET = "丰产路街道"
