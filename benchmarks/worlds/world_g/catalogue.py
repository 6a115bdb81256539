"""What the shop sells, who carries it and where it goes: the fixed facts of world_g."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sku:
    style_id: str  # 样式ID
    spec: str  # 商品规格
    code: str  # 商家编码-规格维度
    price: float
    weight: float  # share of the product's orders


@dataclass(frozen=True)
class Product:
    key: str
    goods_id: str  # 商品id
    title: str  # 商品 (free text, as the listing reads)
    code: str  # 商家编码-商品维度
    categories: tuple[str, str, str, str]
    skus: tuple[Sku, ...]
    share: float  # share of all orders in a neutral month
    season: tuple[float, float, float, float, float]  # Jul, Aug, Sep, Oct, Nov multipliers
    bulky: bool  # goes by a heavy-goods courier with a delivery appointment
    fragility: float  # multiplies the courier's damage rate
    door_defect: float  # buyer opens the box at the door and finds it dead or noisy
    missing_parts: float  # flat-pack short of screws or fittings, found at the door
    later_complaint: float  # problem found after signing (return or 补寄)


_KITCHEN = ("家用电器", "厨房小电", "", "")

PRODUCTS: tuple[Product, ...] = (
    Product(
        "air_fryer",
        "418825770193",
        "顺德产 空气炸锅家用5L大容量 无油低脂 可视窗智能触屏 电炸锅",
        "KF-AF",
        ("家用电器", "厨房小电", "空气炸锅", ""),
        (
            Sku("105238760211", "5L 黑色 旋钮款", "AF5-BK", 139.0, 0.45),
            Sku("105238760212", "5L 白色 旋钮款", "AF5-WH", 139.0, 0.25),
            Sku("105238760219", "6.5L 可视触屏款", "AF65-V", 199.0, 0.30),
        ),
        0.20,
        (1.0, 1.0, 1.1, 1.3, 1.4),
        False,
        1.3,
        0.006,
        0.0,
        0.020,
    ),
    Product(
        "kettle",
        "418825770477",
        "电热水壶 家用1.7L 304不锈钢 自动断电 烧水壶 开水壶",
        "KF-KT",
        ("家用电器", "厨房小电", "电水壶/热水瓶", "电热水壶"),
        (
            Sku("105238761030", "1.7L 304不锈钢 白", "KT17-WH", 49.0, 0.35),
            Sku("105238761031", "1.7L 304不锈钢 灰", "KT17-GY", 49.0, 0.25),
            Sku("105238761036", "1.8L 高硼硅玻璃 透明款", "KT18-GL", 69.0, 0.40),
        ),
        0.18,
        (0.8, 0.8, 1.1, 1.4, 1.5),
        False,
        1.0,
        0.005,
        0.0,
        0.015,
    ),
    Product(
        "rice_cooker",
        "418825771105",
        "智能电饭煲 3L/4L 家用多功能 预约定时 不粘内胆 2-6人",
        "KF-RC",
        ("家用电器", "厨房小电", "电饭煲", ""),
        (
            Sku("105238762201", "3L 经典款", "RC3-CL", 109.0, 0.55),
            Sku("105238762208", "4L 柴火饭款", "RC4-CH", 159.0, 0.45),
        ),
        0.14,
        (0.9, 0.9, 1.0, 1.2, 1.2),
        False,
        1.2,
        0.005,
        0.0,
        0.015,
    ),
    Product(
        "fan",
        "418825772046",
        '落地扇 "大风量" 直流变频循环扇 家用 遥控静音 电风扇 45W🌀',
        "KF-FN",
        ("家用电器", "生活电器", "电风扇", "落地扇"),
        (
            Sku("105238763310", "机械款 三档", "FN-MEC", 89.0, 0.40),
            Sku("105238763317", "遥控款 十二档", "FN-RMT", 129.0, 0.60),
        ),
        0.20,
        (2.4, 2.1, 0.9, 0.3, 0.1),
        False,
        1.2,
        0.006,
        0.0,
        0.012,
    ),
    Product(
        "folding_bed",
        "418825773360",
        "折叠床 单人午休床 办公室 家用 陪护床 加固<承重300斤>",
        "KF-FB",
        ("家具", "卧室家具", "床", "折叠床"),
        (
            Sku("105238764402", "80cm宽 加厚海绵垫", "FB80", 169.0, 0.55),
            Sku("105238764405", "100cm宽 加厚海绵垫", "FB100", 229.0, 0.45),
        ),
        0.10,
        (1.2, 1.2, 0.9, 0.7, 0.6),
        True,
        0.8,
        0.004,
        0.004,
        0.015,
    ),
    Product(
        "shoe_cabinet",
        "418825773981",
        "鞋柜 家用门口 大容量 多层 简易组装 玄关柜 免漆板",
        "KF-SC",
        ("家具", "客厅家具", "鞋柜", ""),
        (
            Sku("105238765510", "80cm 五层 暖白", "SC80-W", 199.0, 0.6),
            Sku("105238765513", "100cm 六层 胡桃木色", "SC100-N", 289.0, 0.4),
        ),
        0.10,
        (0.7, 0.8, 0.9, 1.1, 1.1),
        True,
        1.5,
        0.006,
        0.009,
        0.035,
    ),
    Product(
        "standing_desk",
        "418825775200",
        "【新品】电动升降桌 双电机 站立办公 电脑桌 记忆高度 1.2m/1.4m",
        "KF-SD",
        ("家具", "办公家具", "办公桌", "升降桌"),
        (
            Sku("105238766601", "1.2m 单电机 白", "SD120-S", 899.0, 0.5),
            Sku("105238766608", "1.4m 双电机 黑", "SD140-D", 1299.0, 0.5),
        ),
        0.07,
        (0.0, 0.0, 1.0, 1.0, 1.0),
        True,
        1.2,
        0.008,
        0.006,
        0.030,
    ),
)

PRODUCT = {product.key: product for product in PRODUCTS}

#: the kettle SKU whose lid batch leaks (one 样式ID only)
LEAKING_KETTLE_STYLE = "105238761036"

#: a cheap add-on some air-fryer buyers put in the same order (a second order line)
ADD_ON = Product(
    "liner",
    "418825779902",
    "空气炸锅专用吸油纸 一次性 圆形 100张",
    "KF-LN",
    _KITCHEN,
    (Sku("105238769901", "圆形 100张", "LN-100", 9.9, 1.0),),
    0.0,
    (1, 1, 1, 1, 1),
    False,
    0.0,
    0.0,
    0.0,
    0.0,
)


@dataclass(frozen=True)
class Courier:
    key: str
    names: tuple[str, ...]  # 快递公司 as exports show it (variants)
    kuaidi100: str
    kuaidiniao: str
    heavy: bool
    damage_rate: float
    extra_days: float  # on top of the route's base transit
    number_prefix: str
    number_digits: int


COURIERS: tuple[Courier, ...] = (
    Courier("zto", ("中通快递",), "zhongtong", "ZTO", False, 0.015, 0.0, "7", 13),
    Courier("yunda", ("韵达快递", "韵达速递"), "yunda", "YD", False, 0.022, 0.2, "43", 11),
    Courier("yto", ("圆通速递", "圆通快递"), "yuantong", "YTO", False, 0.018, 0.1, "YT", 13),
    Courier("jt", ("极兔速递",), "jtexpress", "JTSD", False, 0.028, 0.3, "JT", 13),
    Courier("jd", ("京东快递",), "jd", "JD", False, 0.008, -0.4, "JDVA", 11),
    Courier("sf", ("顺丰速运", "顺丰快递"), "shunfeng", "SF", False, 0.006, -0.5, "SF", 13),
    Courier("deppon", ("德邦快递",), "debangkuaidi", "DBL", True, 0.018, 1.2, "DPK", 12),
    Courier("jd_heavy", ("京东快递",), "jd", "JD", True, 0.010, 0.6, "JDVE", 11),
    Courier("anneng", ("安能物流", "安能快运"), "annengwuliu", "ANE", True, 0.032, 2.2, "30", 10),
)

COURIER = {courier.key: courier for courier in COURIERS}

SMALL_COURIER_MIX = (("zto", 0.35), ("yunda", 0.25), ("yto", 0.20), ("jt", 0.12), ("jd", 0.08))
HEAVY_COURIER_MIX = (("deppon", 0.55), ("jd_heavy", 0.25), ("anneng", 0.20))
BRUSHING_COURIER_MIX = (("yto", 0.8), ("yunda", 0.2))


@dataclass(frozen=True)
class Region:
    province: str
    city: str
    districts: tuple[str, ...]
    zone: str  # local / south / east / north / remote
    weight: float


REGIONS: tuple[Region, ...] = (
    Region("广东省", "广州市", ("天河区", "白云区", "番禺区", "海珠区"), "local", 5.0),
    Region("广东省", "深圳市", ("宝安区", "龙岗区", "南山区"), "local", 4.5),
    Region("广东省", "佛山市", ("南海区", "禅城区", "顺德区"), "local", 2.0),
    Region("广东省", "东莞市", ("南城街道", "长安镇", "虎门镇"), "local", 2.0),
    Region("广东省", "揭阳市", ("榕城区", "普宁市"), "local", 1.0),
    Region("广西壮族自治区", "南宁市", ("青秀区", "西乡塘区"), "south", 1.8),
    Region("广西壮族自治区", "柳州市", ("城中区", "柳南区"), "south", 0.9),
    Region("海南省", "海口市", ("龙华区", "美兰区"), "south", 0.8),
    Region("福建省", "厦门市", ("思明区", "湖里区"), "south", 1.4),
    Region("福建省", "泉州市", ("丰泽区", "晋江市"), "south", 1.2),
    Region("湖南省", "长沙市", ("岳麓区", "雨花区", "开福区"), "south", 2.0),
    Region("江西省", "南昌市", ("红谷滩区", "青山湖区"), "south", 1.3),
    Region("浙江省", "杭州市", ("余杭区", "西湖区", "萧山区"), "east", 2.6),
    Region("江苏省", "南京市", ("江宁区", "鼓楼区"), "east", 2.0),
    Region("江苏省", "苏州市", ("吴中区", "昆山市", "常熟市"), "east", 2.2),
    Region("上海市", "上海市", ("浦东新区", "闵行区", "宝山区"), "east", 2.6),
    Region("湖北省", "武汉市", ("洪山区", "江夏区", "汉阳区"), "east", 2.0),
    Region("安徽省", "合肥市", ("蜀山区", "包河区"), "east", 1.4),
    Region("河南省", "郑州市", ("金水区", "二七区"), "north", 2.0),
    Region("河南省", "周口市", ("川汇区", "项城市"), "north", 0.8),
    Region("山东省", "济南市", ("历城区", "历下区"), "north", 1.6),
    Region("山东省", "青岛市", ("黄岛区", "城阳区"), "north", 1.4),
    Region("河北省", "石家庄市", ("长安区", "裕华区"), "north", 1.2),
    Region("北京市", "北京市", ("朝阳区", "海淀区", "丰台区"), "north", 2.2),
    Region("天津市", "天津市", ("南开区", "滨海新区"), "north", 1.0),
    Region("四川省", "成都市", ("武侯区", "双流区", "郫都区"), "north", 2.4),
    Region("重庆市", "重庆市", ("渝北区", "九龙坡区"), "north", 1.8),
    Region("陕西省", "西安市", ("雁塔区", "未央区"), "north", 1.5),
    Region("云南省", "昆明市", ("五华区", "官渡区"), "remote", 1.2),
    Region("贵州省", "贵阳市", ("观山湖区", "南明区"), "remote", 0.9),
    Region("辽宁省", "沈阳市", ("浑南区", "铁西区"), "remote", 1.0),
    Region("黑龙江省", "哈尔滨市", ("南岗区", "道里区"), "remote", 0.8),
    Region("甘肃省", "兰州市", ("城关区", "七里河区"), "remote", 0.5),
    Region("新疆维吾尔自治区", "乌鲁木齐市", ("天山区", "新市区"), "remote", 0.4),
)

#: days from pickup to the destination delivery site for an ordinary courier
ZONE_TRANSIT_DAYS = {"local": 1.0, "south": 1.8, "east": 2.3, "north": 2.9, "remote": 4.2}

#: destinations a 华南 typhoon reaches as well as the origin hubs
TYPHOON_ZONES = ("local", "south")

STREETS = (
    "建设路",
    "人民路",
    "解放大道",
    "中山路",
    "新华街",
    "迎宾大道",
    "幸福里",
    "滨江东路",
    "学府路",
    "工业大道",
    "文化路",
    "光明街",
    "长江路",
    "花园新村",
    "锦绣路",
)
