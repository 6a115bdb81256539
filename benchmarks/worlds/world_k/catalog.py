"""The shop's fixed facts: products and their SKUs, couriers, destinations, the calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: the season's year. 2025, not 2026: `refusals validate` refuses timestamps after the machine's
#: clock, and a season that runs to late December 2026 cannot be exported before it has happened.
#: Every date below derives from this one constant.
YEAR = 2025


def day(month: int, dom: int) -> dt.date:
    return dt.date(YEAR, month, dom)


FIRST_DAY = day(9, 1)
#: weekly exports every Monday 09:00 from the first Monday after 6 September; the 17th is the last
FIRST_EXPORT = dt.datetime.combine(
    day(9, 7) + dt.timedelta(days=-day(9, 7).weekday() % 7), dt.time(9)
)
EXPORTS = tuple(FIRST_EXPORT + dt.timedelta(weeks=k) for k in range(17))
#: the moment of the last export; everything later has not happened yet
CUTOFF = EXPORTS[-1]
LAST_DAY = CUTOFF.date() - dt.timedelta(days=1)


@dataclass(frozen=True)
class Product:
    code: str  # 商家编码-商品维度
    goods_id: str  # 商品id
    title: str
    kind: str  # sneaker / board / dad / cotton / slipper / kids
    price: float
    colours: tuple[tuple[str, str], ...]  # (display name, code)
    sizes: tuple[int, ...]


PRODUCTS = (
    Product(
        "CD-YD2608",
        "581934207716",
        "男鞋夏季透气网面运动鞋男款跑步鞋轻便软底休闲鞋子 <晋江工厂直发>",
        "sneaker",
        69.9,
        (("黑白", "BW"), ("全黑", "BK"), ("灰蓝", "GB")),
        tuple(range(39, 46)),
    ),
    Product(
        "CD-YD2611",
        "581934298803",
        f"女款运动鞋{YEAR}新款百搭网红ins潮学生软底跑步鞋",
        "sneaker",
        65.9,
        (("白粉", "WP"), ("米白", "MW"), ("紫色", "PU")),
        tuple(range(35, 41)),
    ),
    Product(
        "CD-LD7710",
        "596010447125",
        '老爹鞋男款秋冬季增高厚底"潮牌"百搭运动休闲鞋',
        "dad",
        89.9,
        (("白灰", "WG"), ("黑红", "BR"), ("燕麦色", "OT")),
        tuple(range(39, 45)),
    ),
    Product(
        "CD-LD7720",
        "596010459930",
        f"厚底老爹鞋女{YEAR}秋季新款小个子显脚小增高鞋🔥",
        "dad",
        79.9,
        (("米白", "MW"), ("粉紫", "PP"), ("黑色", "BK")),
        tuple(range(35, 41)),
    ),
    Product(
        "CD-BX1205",
        "573318806421",
        "小白鞋男女同款百搭板鞋学生休闲鞋 情侣款",
        "board",
        49.9,
        (("纯白", "WH"), ("白绿", "WN"), ("米白", "MW")),
        tuple(range(35, 45)),
    ),
    Product(
        "CD-MX9031",
        "602277310548",
        "冬季加绒棉鞋男款保暖防滑二棉鞋 中老年爸爸鞋",
        "cotton",
        59.9,
        (("黑色", "BK"), ("棕色", "BN")),
        tuple(range(39, 46)),
    ),
    Product(
        "CD-MX9040",
        "602277329913",
        "女士雪地靴加绒加厚短筒棉鞋冬季保暖防滑面包鞋",
        "cotton",
        55.9,
        (("黑色", "BK"), ("卡其", "KH"), ("灰色", "GY")),
        tuple(range(35, 41)),
    ),
    Product(
        "CD-TX0507",
        "568812004391",
        "EVA拖鞋男女夏季室内外防滑厚底踩屎感凉拖",
        "slipper",
        9.9,
        (("黑色", "BK"), ("白色", "WH"), ("抹茶绿", "GN"), ("粉色", "PK")),
        tuple(range(35, 46)),
    ),
    Product(
        "CD-TZ3302",
        "610045587260",
        "儿童运动鞋男童女童中大童秋季网面透气跑步鞋",
        "kids",
        45.9,
        (("蓝色", "BL"), ("粉色", "PK"), ("黑色", "BK")),
        tuple(range(28, 38)),
    ),
    Product(
        "CD-TZ3318",
        "610045593107",
        "儿童棉鞋冬季加绒男童女童二棉鞋宝宝防滑保暖",
        "kids",
        39.9,
        (("红色", "RD"), ("蓝色", "BL")),
        tuple(range(26, 36)),
    ),
)


def style_id(product_index: int, colour_index: int, size: int) -> str:
    """样式ID: a stable 12-digit number per SKU."""
    spread = (product_index * 7919 + colour_index * 104729 + size * 31) % 100000
    return f"1{product_index + 3:02d}{colour_index + 1:02d}{size:02d}{spread:05d}"


@dataclass(frozen=True)
class Courier:
    key: str
    names: tuple[str, ...]  # display names seen in PDD exports
    kd100: str  # Kuaidi100 company code
    kdniao: str  # Kuaidi Niao ShipperCode
    share: float
    speed: float  # factor on the route's base transit days
    damage: float  # factor on the base damage rate


COURIERS = (
    Courier("zto", ("中通快递",), "zhongtong", "ZTO", 0.31, 1.0, 1.0),
    Courier("yto", ("圆通速递", "圆通快递"), "yuantong", "YTO", 0.20, 1.0, 0.9),
    Courier("yd", ("韵达快递",), "yunda", "YD", 0.16, 1.05, 1.6),
    Courier("jt", ("极兔速递",), "jtexpress", "JTSD", 0.15, 1.12, 1.8),
    Courier("sto", ("申通快递",), "shentong", "STO", 0.10, 1.08, 1.2),
    Courier("post", ("邮政快递包裹", "EMS"), "youzhengguonei", "YZPY", 0.05, 1.3, 0.8),
    Courier("sf", ("顺丰速运", "顺丰快递"), "shunfeng", "SF", 0.03, 0.65, 0.5),
)
COURIER = {c.key: c for c in COURIERS}


@dataclass(frozen=True)
class Province:
    name: str
    short: str
    cities: tuple[str, ...]
    hub: str  # the sorting centre the trunk reaches
    distance: int  # 1 (in Fujian) … 5 (the far west)
    north: bool  # exposed to December snow
    weight: float  # share of buyers


PROVINCES = (
    Province(
        "福建省", "福建", ("泉州市", "福州市", "厦门市", "漳州市"), "福州转运中心", 1, False, 3.0
    ),
    Province(
        "广东省",
        "广东",
        ("广州市", "深圳市", "东莞市", "佛山市", "揭阳市"),
        "广州转运中心",
        2,
        False,
        9.0,
    ),
    Province(
        "浙江省", "浙江", ("杭州市", "温州市", "金华市", "宁波市"), "杭州转运中心", 2, False, 6.0
    ),
    Province("江西省", "江西", ("南昌市", "赣州市", "上饶市"), "南昌转运中心", 2, False, 3.5),
    Province("上海市", "上海", ("上海市",), "上海转运中心", 2, False, 2.5),
    Province(
        "江苏省", "江苏", ("苏州市", "南京市", "徐州市", "南通市"), "苏州转运中心", 2, False, 6.5
    ),
    Province(
        "广西壮族自治区", "广西", ("南宁市", "柳州市", "桂林市"), "南宁转运中心", 3, False, 3.5
    ),
    Province("湖南省", "湖南", ("长沙市", "衡阳市", "邵阳市"), "长沙转运中心", 3, False, 4.5),
    Province("湖北省", "湖北", ("武汉市", "襄阳市", "宜昌市"), "武汉转运中心", 3, False, 4.0),
    Province("安徽省", "安徽", ("合肥市", "阜阳市", "芜湖市"), "合肥转运中心", 3, False, 4.0),
    Province(
        "山东省", "山东", ("济南市", "临沂市", "青岛市", "潍坊市"), "济南转运中心", 3, False, 6.0
    ),
    Province(
        "河南省", "河南", ("郑州市", "周口市", "南阳市", "商丘市"), "郑州转运中心", 3, False, 6.5
    ),
    Province("海南省", "海南", ("海口市", "三亚市"), "海口转运中心", 3, False, 1.0),
    Province("贵州省", "贵州", ("贵阳市", "遵义市", "毕节市"), "贵阳转运中心", 3, False, 2.5),
    Province("重庆市", "重庆", ("重庆市",), "重庆转运中心", 3, False, 2.5),
    Province("四川省", "四川", ("成都市", "南充市", "绵阳市"), "成都转运中心", 3, False, 5.0),
    Province("河北省", "河北", ("石家庄市", "保定市", "邯郸市"), "石家庄转运中心", 4, True, 4.5),
    Province("北京市", "北京", ("北京市",), "北京转运中心", 4, False, 2.0),
    Province("天津市", "天津", ("天津市",), "天津转运中心", 4, False, 1.2),
    Province("山西省", "山西", ("太原市", "大同市", "运城市"), "太原转运中心", 4, True, 2.2),
    Province("陕西省", "陕西", ("西安市", "宝鸡市", "榆林市"), "西安转运中心", 4, False, 2.5),
    Province(
        "云南省", "云南", ("昆明市", "曲靖市", "大理白族自治州"), "昆明转运中心", 4, False, 3.0
    ),
    Province("辽宁省", "辽宁", ("沈阳市", "大连市", "锦州市"), "沈阳转运中心", 4, True, 2.5),
    Province(
        "吉林省", "吉林", ("长春市", "吉林市", "延边朝鲜族自治州"), "长春转运中心", 4, True, 1.5
    ),
    Province(
        "黑龙江省", "黑龙江", ("哈尔滨市", "齐齐哈尔市", "大庆市"), "哈尔滨转运中心", 4, True, 2.0
    ),
    Province(
        "内蒙古自治区",
        "内蒙古",
        ("呼和浩特市", "包头市", "赤峰市"),
        "呼和浩特转运中心",
        4,
        True,
        1.3,
    ),
    Province("甘肃省", "甘肃", ("兰州市", "天水市"), "兰州转运中心", 4, True, 1.3),
    Province("宁夏回族自治区", "宁夏", ("银川市", "吴忠市"), "银川转运中心", 4, True, 0.5),
    Province("青海省", "青海", ("西宁市", "海东市"), "西宁转运中心", 5, True, 0.4),
    Province(
        "新疆维吾尔自治区",
        "新疆",
        ("乌鲁木齐市", "伊犁哈萨克自治州", "喀什地区"),
        "乌鲁木齐转运中心",
        5,
        True,
        1.0,
    ),
    Province("西藏自治区", "西藏", ("拉萨市", "日喀则市"), "拉萨转运中心", 5, False, 0.3),
)

#: usual door-to-door days by distance class (low, high) before the courier's speed factor
BASE_TRANSIT_DAYS = {1: (1.0, 2.0), 2: (1.8, 3.0), 3: (2.5, 4.0), 4: (3.2, 5.2), 5: (5.5, 8.5)}

DISTRICTS = (
    "城关镇",
    "新华街道",
    "人民路街道",
    "开发区",
    "东城街道",
    "西关街道",
    "城南街道",
    "解放路街道",
    "长安街道",
    "金山镇",
    "朝阳街道",
    "河西街道",
)
COUNTIES = ("市辖区", "城区", "高新区", "经开区", "县城", "新区")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤"
)


def daterange(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)
