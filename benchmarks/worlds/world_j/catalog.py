"""The shop itself: products, couriers, regions and the season's calendar of incidents.

Everything here is a constant: the simulation reads it, nothing writes it. Dates are China time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

#: first order day, first day with no orders, and the moment of the last weekly export
SEASON_START = date(2026, 8, 3)
SEASON_END = date(2026, 11, 30)
FINAL_EXPORT_AT = datetime(2026, 11, 30, 9, 0)
#: a merchant exports on Monday mornings; each order export covers the last five weeks of orders
EXPORT_WEEKDAY = 0
ORDER_WINDOW_DAYS = 35
TRACKING_WINDOW_DAYS = 14
#: every order reaches its last state within this many days of being placed (< 28, so the last
#: weekly order export that still holds an order shows its final state)
LIFECYCLE_CAP_DAYS = 26.5


@dataclass(frozen=True)
class Sku:
    spec: str
    price: float
    merchant_code: str
    style_id: str


@dataclass(frozen=True)
class Product:
    key: str
    goods_id: str
    title: str
    merchant_code: str
    categories: tuple[str, str, str, str]
    skus: tuple[Sku, ...]
    weight: float  # share of ordinary demand
    fragile: bool  # glass bottle or pump: crushes and leaks more


def _skus(code: str, base_style: int, *specs: tuple[str, float]) -> tuple[Sku, ...]:
    return tuple(
        Sku(spec, price, f"{code}-{index + 1:02d}", str(base_style + 7 * index))
        for index, (spec, price) in enumerate(specs)
    )


_SKIN = ("美容个护", "护肤", "面部护肤")
_MAKEUP = ("美容个护", "彩妆", "面部彩妆")

PRODUCTS: tuple[Product, ...] = (
    Product("serum", "612503118842", "【官方正品】玻尿酸原液补水精华液 保湿修护 <敏感肌可用>",
            "BY-JH", (*_SKIN, "精华液"),
            _skus("BY-JH", 1205563001, ("30ml", 59.9), ("50ml", 89.9)), 1.30, True),
    Product("foundation", "612503120517", "持妆粉底液 \"奶油肌\" 遮瑕控油不脱妆 干油皮通用",
            "BY-FD", (*_MAKEUP, "粉底液"),
            _skus("BY-FD", 1205571102, ("30ml 象牙白", 79.0), ("30ml 自然色", 79.0),
                  ("30ml 小麦色", 79.0)), 1.00, True),
    Product("cleanser", "612503121903", "氨基酸温和洁面乳 男女深层清洁 控油不紧绷",
            "BY-JM", (*_SKIN, "洁面"),
            _skus("BY-JM", 1205580205, ("100g", 29.9), ("150g", 39.9)), 1.10, False),
    Product("lotion", "612503124466", "烟酰胺亮白身体乳 250ml泵头装 滋润保湿 秋冬必备",
            "BY-SR", ("美容个护", "身体护理", "身体乳霜", "身体乳"),
            _skus("BY-SR", 1205592308, ("250ml 单瓶", 49.9), ("250ml×2 两瓶装", 89.0)), 0.95, True),
    Product("lipstick", "612503126021", "💄丝绒雾面哑光口红 显白不掉色 学生平价",
            "BY-KH", (*_MAKEUP, "口红"),
            _skus("BY-KH", 1205604411, ("#01 正红", 39.9), ("#02 豆沙", 39.9),
                  ("#03 烂番茄", 39.9)), 1.20, False),
    Product("mask", "612503127758", "补水保湿面膜 玻尿酸 晒后修护 10片/20片",
            "BY-MM", (*_SKIN, "面膜"),
            _skus("BY-MM", 1205616514, ("10片装", 29.9), ("20片装", 49.9)), 1.15, False),
    Product("sunscreen", "612503129302", "清爽防晒霜SPF50+ PA+++ 户外军训 不油腻",
            "BY-FS", (*_SKIN, "防晒"),
            _skus("BY-FS", 1205628617, ("50ml", 89.0),), 0.90, False),
    Product("remover", "612503130685", "温和卸妆水 500ml大瓶 眼唇可用 敏感肌",
            "BY-XZ", (*_SKIN, "卸妆"),
            _skus("BY-XZ", 1205640720, ("500ml", 45.0),), 0.70, True),
    Product("eyecream", "612503132147", "抗皱紧致眼霜 淡化细纹 黑眼圈 15g",
            "BY-YS", (*_SKIN, "眼霜"),
            _skus("BY-YS", 1205652823, ("15g 正装", 99.0), ("5g 试用装", 0.01)), 0.55, False),
    Product("giftbox", "612503134570", "双11限定护肤礼盒 精华+面霜+面膜 送女友礼物",
            "BY-LH", (*_SKIN, "护肤套装"),
            _skus("BY-LH", 1205664926, ("礼盒装",  299.0),), 0.0, True),
)
PRODUCT_BY_KEY = {product.key: product for product in PRODUCTS}


@dataclass(frozen=True)
class Courier:
    key: str
    names: tuple[str, ...]  # display names seen in order exports
    kuaidi100: str
    kdniao: str
    share: float
    damage_rate: float
    loss_rate: float
    speed: float  # days added to the route's base time
    uses_lockers: float  # share of deliveries left at a 驿站 or locker


COURIERS: tuple[Courier, ...] = (
    Courier("zto", ("中通快递",), "zhongtong", "ZTO", 0.36, 0.004, 0.0012, 0.0, 0.35),
    Courier("yto", ("圆通速递", "圆通快递"), "yuantong", "YTO", 0.20, 0.004, 0.0012, 0.1, 0.25),
    Courier("yunda", ("韵达快递",), "yunda", "YD", 0.13, 0.005, 0.0035, 0.3, 0.25),
    Courier("jt", ("极兔速递",), "jtexpress", "JTSD", 0.16, 0.016, 0.0045, 0.5, 0.40),
    Courier("sto", ("申通快递",), "shentong", "STO", 0.07, 0.005, 0.0015, 0.3, 0.30),
    Courier("post", ("邮政快递包裹",), "youzhengguonei", "YZPY", 0.05, 0.003, 0.0010, 0.8, 0.10),
    Courier("sf", ("顺丰速运", "顺丰快递"), "shunfeng", "SF", 0.03, 0.002, 0.0005, -0.6, 0.05),
)
COURIER_BY_KEY = {courier.key: courier for courier in COURIERS}


@dataclass(frozen=True)
class Province:
    name: str
    cities: tuple[tuple[str, tuple[str, ...]], ...]
    distance: int  # 0 same province … 3 remote
    weight: float
    hub: str
    via: str  # the mid-route hub long-haul parcels pass, "" when none


PROVINCES: tuple[Province, ...] = (
    Province("广东省", (("广州市", ("天河区", "海珠区", "番禺区")),
                      ("深圳市", ("宝安区", "龙岗区")),
                      ("东莞市", ("南城街道", "长安镇")),
                      ("佛山市", ("南海区", "顺德区"))),
             0, 14.0, "广州白云转运中心", ""),
    Province("广西壮族自治区", (("南宁市", ("青秀区", "西乡塘区")), ("柳州市", ("城中区",))),
             1, 3.0, "南宁转运中心", ""),
    Province("海南省", (("海口市", ("龙华区", "美兰区")),), 1, 1.2, "海口转运中心", ""),
    Province("福建省", (("厦门市", ("思明区", "湖里区")), ("福州市", ("鼓楼区",))),
             1, 4.0, "福州转运中心", ""),
    Province("湖南省", (("长沙市", ("岳麓区", "雨花区")), ("衡阳市", ("蒸湘区",))),
             1, 4.5, "长沙转运中心", ""),
    Province("江西省", (("南昌市", ("红谷滩区", "青山湖区")),), 1, 2.8, "南昌转运中心", ""),
    Province("浙江省", (("杭州市", ("西湖区", "余杭区")), ("宁波市", ("鄞州区",))),
             1, 6.0, "杭州转运中心", ""),
    Province("上海市", (("上海市", ("浦东新区", "闵行区", "徐汇区")),), 1, 4.0, "上海转运中心", ""),
    Province("江苏省", (("苏州市", ("常熟市", "吴中区")), ("南京市", ("江宁区", "鼓楼区"))),
             1, 6.5, "苏州转运中心", ""),
    Province("湖北省", (("武汉市", ("洪山区", "江夏区")), ("宜昌市", ("西陵区",))),
             2, 4.0, "武汉转运中心", "华中转运中心"),
    Province("河南省", (("郑州市", ("金水区", "中原区")), ("周口市", ("川汇区", "项城市"))),
             2, 5.5, "郑州转运中心", "华中转运中心"),
    Province("安徽省", (("合肥市", ("蜀山区", "包河区")), ("阜阳市", ("颍州区",))),
             2, 3.5, "合肥转运中心", "南昌转运中心"),
    Province("重庆市", (("重庆市", ("渝北区", "九龙坡区")),), 2, 3.0, "重庆转运中心",
             "华中转运中心"),
    Province("四川省", (("成都市", ("武侯区", "双流区")), ("绵阳市", ("涪城区",))),
             2, 5.0, "成都转运中心", "华中转运中心"),
    Province("山东省", (("济南市", ("历下区",)), ("青岛市", ("黄岛区", "李沧区"))),
             2, 5.5, "济南转运中心", "上海转运中心"),
    Province("北京市", (("北京市", ("朝阳区", "海淀区", "丰台区")),), 2, 4.0, "北京转运中心",
             "华中转运中心"),
    Province("天津市", (("天津市", ("南开区", "滨海新区")),), 2, 1.6, "天津转运中心",
             "华中转运中心"),
    Province("河北省", (("石家庄市", ("长安区", "裕华区")),), 2, 3.2, "石家庄转运中心",
             "华中转运中心"),
    Province("陕西省", (("西安市", ("雁塔区", "未央区")),), 2, 2.8, "西安转运中心", "华中转运中心"),
    Province("云南省", (("昆明市", ("五华区", "官渡区")),), 2, 2.5, "昆明转运中心", ""),
    Province("贵州省", (("贵阳市", ("观山湖区", "南明区")),), 2, 2.0, "贵阳转运中心", ""),
    Province("山西省", (("太原市", ("小店区",)),), 2, 1.8, "太原转运中心", "华中转运中心"),
    Province("辽宁省", (("沈阳市", ("和平区", "浑南区")), ("大连市", ("甘井子区",))),
             2, 2.6, "沈阳转运中心", "北京转运中心"),
    Province("吉林省", (("长春市", ("朝阳区",)),), 3, 1.2, "长春转运中心", "北京转运中心"),
    Province("黑龙江省", (("哈尔滨市", ("南岗区", "道里区")),), 3, 1.4, "哈尔滨转运中心",
             "北京转运中心"),
    Province("甘肃省", (("兰州市", ("城关区",)),), 3, 1.0, "兰州转运中心", "西安转运中心"),
    Province("内蒙古自治区", (("呼和浩特市", ("新城区",)),), 3, 0.8, "呼和浩特转运中心",
             "北京转运中心"),
    Province("宁夏回族自治区", (("银川市", ("兴庆区",)),), 3, 0.4, "银川转运中心", "西安转运中心"),
    Province("青海省", (("西宁市", ("城西区",)),), 3, 0.3, "西宁转运中心", "西安转运中心"),
    Province("新疆维吾尔自治区", (("乌鲁木齐市", ("天山区", "沙依巴克区")),), 3, 0.7,
             "乌鲁木齐转运中心", "西安转运中心"),
    Province("西藏自治区", (("拉萨市", ("城关区",)),), 3, 0.15, "拉萨转运中心", "成都转运中心"),
)
PROVINCE_BY_NAME = {province.name: province for province in PROVINCES}
#: days a parcel takes from pickup to the first delivery attempt, by distance class
BASE_TRANSIT_DAYS = {0: 1.0, 1: 2.0, 2: 2.9, 3: 4.6}
STREETS = ("新华街道", "人民路街道", "城东街道", "南湖街道", "石桥镇", "长安镇", "文化路街道",
           "学府街道", "龙华街道", "花园街道", "东风镇", "滨江街道")
ORIGIN_CITY = "广州市"
ORIGIN_SITES = ("广州白云区太和网点", "广州白云区嘉禾网点", "广州白云区人和网点")
ORIGIN_HUB = "广州白云集散中心"


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    def holds(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def weight(self, moment: datetime) -> float:
        """A tent over the window: 0 at its edges, 1 a third of the way in."""
        if not self.holds(moment):
            return 0.0
        span = (self.end - self.start).total_seconds()
        position = (moment - self.start).total_seconds() / span
        return position / 0.33 if position < 0.33 else (1.0 - position) / 0.67


def _w(start: str, end: str) -> Window:
    return Window(datetime.fromisoformat(start), datetime.fromisoformat(end))


# --- goods (product_quality): when the goods left the warehouse
SERUM_ALLERGY_BATCH = _w("2026-09-03", "2026-09-29")  # batch 20260712: 过敏, 起痘, 刺痛
LOTION_LEAKING_PUMPS = _w("2026-09-12", "2026-10-13")  # new pump supplier
FOUNDATION_SHADE_MISPICK = _w("2026-10-08", "2026-10-22")  # temporary packers after 国庆
LIPSTICK_NEW_SUPPLIER = _w("2026-10-03", "2026-11-16")  # 批号 on tube and box do not match
MASK_NEAR_EXPIRY = _w("2026-08-17", "2026-09-09")  # clearance stock made 2023-10
# --- delivery (logistics)
TYPHOON = _w("2026-09-14 06:00", "2026-09-17 18:00")  # south China: pickups stop, deliveries wait
TYPHOON_PROVINCES = ("广东省", "广西壮族自治区", "海南省", "福建省")
YTO_HUB_STALL = _w("2026-09-24", "2026-10-02")  # 圆通 华中转运中心 stalls
DOUBLE11_BACKLOG = _w("2026-11-10", "2026-11-21")
SHOP_BACKLOG = _w("2026-11-01", "2026-11-15")  # the shop ships late
# --- reviews: public posts and price cuts that turn buyers before delivery
LIPSTICK_POST = _w("2026-10-21", "2026-11-09")  # 小红书: "这家口红是假货"
MASK_VIDEO = _w("2026-11-14", "2026-11-28")  # 抖音: "这款面膜含激素，烂脸"
SERUM_REVIEW_WAVE = _w("2026-09-10", "2026-10-18")  # the allergy batch's 1-star reviews
PRICE_CUTS = (
    ("sunscreen", datetime(2026, 8, 25), 0.78),
    ("*", datetime(2026, 10, 20), 0.85),  # 双11 presale prices on everything
)
# --- rule violations
BRUSHING = (_w("2026-08-10", "2026-09-06"), _w("2026-10-24", "2026-11-11"))
TRIAL_RING = (_w("2026-09-01", "2026-10-01"), _w("2026-10-15", "2026-11-06"))
TRIAL_RING_PLACES = (("河南省", "周口市", "川汇区"), ("安徽省", "阜阳市", "颍州区"))
GOOD_REVIEW_CARDS = _w("2026-09-01", "2026-10-10")  # 好评返现 cards in the parcels
PRESALE_FINAL_PAYMENT = datetime(2026, 11, 11, 0, 0)
