"""The shop's fixed facts: what it sells, who carries it, and where buyers live.

The shop is 澄海乐童玩具 (a toy shop in 汕头市澄海区, the toy town), selling on Pinduoduo.
Every figure here is this world's own design choice; README.md lists them in tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SHOP_NAME = "澄海乐童玩具专营店"
ORIGIN_CITY = "汕头市"
ORIGIN_DISTRICT = "澄海区"


@dataclass(frozen=True)
class Sku:
    style_id: str  # 样式ID, pure digits (Excel can damage it)
    spec: str  # 商品规格
    code: str  # 商家编码-规格维度
    price: float  # unit price, yuan
    weight: float  # share of the product's sales


@dataclass(frozen=True)
class Product:
    key: str
    product_id: str  # 商品id, 12 digits
    title: str  # 商品 (free text: may hold <, ", emoji)
    code: str  # 商家编码-商品维度
    categories: tuple[str, str, str, str]
    skus: tuple[Sku, ...]
    base_weight: float  # share of ordinary sales
    month_weights: tuple[float, float, float, float, float]  # May, Jun, Jul, Aug, Sep
    fragility: float  # multiplies the courier's damage rate
    base_defect: float  # share of units with some defect outside any bad batch
    defect_kinds: tuple[str, ...]  # what such an ordinary defect looks like
    heavy: bool = False  # ride-ons: big boxes, 德邦/顺丰 preferred
    promise_hours: int = 48
    launch_day: str = ""  # ISO date of first sale, empty = on sale all season


def _skus(prefix: str, style_base: int, rows: list[tuple[str, float, float]]) -> tuple[Sku, ...]:
    return tuple(
        Sku(
            style_id=str(style_base + 7919 * i),
            spec=spec,
            code=f"{prefix}-{i + 1:02d}",
            price=price,
            weight=weight,
        )
        for i, (spec, price, weight) in enumerate(rows)
    )


PRODUCTS: tuple[Product, ...] = (
    Product(
        key="rideon",
        product_id="617305528841",
        title='【六一礼物】儿童电动车四轮可坐人遥控汽车宝宝玩具车 男女孩1-6岁"爆款"',
        code="CH-DDC-01",
        categories=("玩具", "童车/童床", "电动童车", "四轮电动车"),
        skus=_skus(
            "CH-DDC",
            10872300451,
            [
                ("单驱标配-红色", 399.0, 0.40),
                ("双驱遥控-白色", 559.0, 0.40),
                ("四驱摇摆+早教-粉色", 699.0, 0.20),
            ],
        ),
        base_weight=0.045,
        month_weights=(1.2, 1.3, 0.8, 0.7, 0.6),
        fragility=3.0,
        base_defect=0.020,
        defect_kinds=("battery", "broken"),
        heavy=True,
        promise_hours=72,
    ),
    Product(
        key="rccar",
        product_id="618842219507",
        title="遥控越野车1:16高速攀爬车 充电款四驱男孩玩具赛车🚗",
        code="CH-YKC-16",
        categories=("玩具", "遥控/电动", "遥控车", "越野遥控车"),
        skus=_skus(
            "CH-YKC",
            10913377802,
            [
                ("单电池-迷彩绿", 69.0, 0.35),
                ("双电池-火焰红", 89.0, 0.45),
                ("三电池+备用遥控", 119.0, 0.20),
            ],
        ),
        base_weight=0.11,
        month_weights=(1.0, 1.4, 1.0, 1.1, 0.9),
        fragility=1.2,
        base_defect=0.015,
        defect_kinds=("battery", "broken"),
    ),
    Product(
        key="blocks",
        product_id="620017734126",
        title="拼装积木城堡 兼容乐高小颗粒 益智拼插玩具 6-12岁<男孩女孩>",
        code="CH-JM-CB",
        categories=("玩具", "积木/拼插", "小颗粒积木", "城堡/建筑"),
        skus=_skus(
            "CH-JM",
            11045520933,
            [
                ("520颗粒-梦幻城堡", 39.9, 0.40),
                ("1088颗粒-公主城堡", 69.0, 0.40),
                ("2000颗粒-豪华城堡", 109.0, 0.20),
            ],
        ),
        base_weight=0.11,
        month_weights=(1.3, 1.2, 1.0, 0.9, 0.9),
        fragility=0.6,
        base_defect=0.012,
        defect_kinds=("missing_parts",),
    ),
    Product(
        key="slime",
        product_id="621558902374",
        title="水晶泥史莱姆起泡胶套装 无毒儿童彩泥 女孩解压玩具",
        code="CH-SLM-SET",
        categories=("玩具", "DIY玩具", "彩泥/黏土", "水晶泥"),
        skus=_skus(
            "CH-SLM",
            11190034417,
            [("12色", 9.9, 0.45), ("24色", 16.8, 0.35), ("36色+工具", 19.9, 0.20)],
        ),
        base_weight=0.10,
        month_weights=(1.0, 1.0, 1.2, 1.1, 1.0),
        fragility=1.5,
        base_defect=0.025,
        defect_kinds=("smell", "leak"),
    ),
    Product(
        key="watergun",
        product_id="622690045518",
        title="电动连发水枪 大容量自动吸水 儿童戏水玩具 夏天打水仗💦",
        code="CH-SQ-DD",
        categories=("玩具", "戏水玩具", "水枪", "电动水枪"),
        skus=_skus(
            "CH-SQ",
            11263358806,
            [
                ("单枪-冰川蓝", 39.0, 0.35),
                ("单枪-樱花粉", 39.0, 0.25),
                ("双枪套装", 69.0, 0.25),
                ("背包款-大容量", 79.0, 0.15),
            ],
        ),
        base_weight=0.10,
        month_weights=(0.6, 1.3, 2.0, 1.6, 0.6),
        fragility=1.0,
        base_defect=0.015,
        defect_kinds=("leak", "battery"),
    ),
    Product(
        key="plush",
        product_id="623301177690",
        title="毛绒玩具大号抱抱熊 兔子恐龙公仔 生日礼物女生睡觉抱枕",
        code="CH-MR-BB",
        categories=("玩具", "毛绒布艺", "毛绒玩具", "公仔"),
        skus=_skus(
            "CH-MR",
            11337762014,
            [("小熊-30cm", 19.9, 0.35), ("兔子-50cm", 35.9, 0.35), ("恐龙-80cm", 59.0, 0.30)],
        ),
        base_weight=0.09,
        month_weights=(1.2, 1.0, 0.8, 0.8, 0.9),
        fragility=0.3,
        base_defect=0.010,
        defect_kinds=("wrong_item", "smell"),
    ),
    Product(
        key="pool",
        product_id="624418893302",
        title="儿童充气游泳池 家用加厚宝宝戏水池 大号折叠浴池",
        code="CH-YC-JH",
        categories=("玩具", "戏水玩具", "充气泳池", "家用泳池"),
        skus=_skus(
            "CH-YC",
            11402218639,
            [
                ("1.3米-两层", 39.0, 0.35),
                ("1.5米-三层", 59.0, 0.40),
                ("2.1米-加厚送电泵", 139.0, 0.25),
            ],
        ),
        base_weight=0.06,
        month_weights=(0.3, 1.0, 1.8, 1.3, 0.3),
        fragility=0.8,
        base_defect=0.018,
        defect_kinds=("leak",),
    ),
    Product(
        key="float",
        product_id="625093361147",
        title="儿童游泳圈腋下圈 宝宝防翻救生圈 1-10岁",
        code="CH-YYQ",
        categories=("玩具", "戏水玩具", "游泳圈", "腋下圈"),
        skus=_skus(
            "CH-YYQ",
            11478830221,
            [
                ("小号(1-3岁)", 15.9, 0.35),
                ("中号(3-6岁)", 19.9, 0.40),
                ("大号(6-10岁)", 25.9, 0.25),
            ],
        ),
        base_weight=0.06,
        month_weights=(0.4, 1.0, 1.6, 1.3, 0.3),
        fragility=0.4,
        base_defect=0.015,
        defect_kinds=("leak", "smell"),
    ),
    Product(
        key="learning",
        product_id="626775102938",
        title="早教点读机 幼儿益智学习机 中英双语 儿童有声读物",
        code="CH-DDJ",
        categories=("玩具", "益智玩具", "早教机", "点读机"),
        skus=_skus(
            "CH-DDJ",
            11530094475,
            [("基础款", 49.0, 0.40), ("升级款", 79.0, 0.40), ("双语豪华款", 99.0, 0.20)],
        ),
        base_weight=0.07,
        month_weights=(0.9, 0.9, 1.0, 1.3, 1.4),
        fragility=1.0,
        base_defect=0.015,
        defect_kinds=("no_3c", "battery", "broken"),
    ),
    Product(
        key="magnetic",
        product_id="627340081655",
        title="彩窗磁力片积木 百变提拉 儿童益智拼装玩具 3-6岁",
        code="CH-CLP",
        categories=("玩具", "积木/拼插", "磁力片", "彩窗磁力片"),
        skus=_skus(
            "CH-CLP",
            11616602398,
            [("60片", 59.0, 0.35), ("100片", 89.0, 0.45), ("150片+收纳箱", 159.0, 0.20)],
        ),
        base_weight=0.07,
        month_weights=(0.0, 0.0, 1.5, 1.2, 1.0),
        fragility=0.7,
        base_defect=0.012,
        defect_kinds=("missing_parts", "sharp_edge"),
        launch_day="2026-07-01",
    ),
    Product(
        key="bubble",
        product_id="628096637210",
        title="全自动泡泡机 手持加特林泡泡枪 网红儿童玩具 送泡泡液",
        code="CH-PPJ",
        categories=("玩具", "户外玩具", "泡泡机", "泡泡枪"),
        skus=_skus(
            "CH-PPJ",
            11689915063,
            [("单机", 15.8, 0.35), ("单机+泡泡液2瓶", 25.8, 0.40), ("加特林款", 35.0, 0.25)],
        ),
        base_weight=0.08,
        month_weights=(1.4, 1.0, 0.9, 0.7, 0.6),
        fragility=1.0,
        base_defect=0.018,
        defect_kinds=("leak", "broken"),
    ),
    Product(
        key="kitchen",
        product_id="629512208873",
        title="儿童过家家厨房玩具套装 仿真做饭煮饭 女孩3-6岁",
        code="CH-CF",
        categories=("玩具", "过家家玩具", "厨房玩具", "厨具套装"),
        skus=_skus(
            "CH-CF",
            11755107682,
            [("小号18件套", 39.0, 0.40), ("大号36件套", 69.0, 0.40), ("喷雾灯光款", 99.0, 0.20)],
        ),
        base_weight=0.06,
        month_weights=(1.0, 1.0, 0.9, 0.8, 0.9),
        fragility=0.8,
        base_defect=0.012,
        defect_kinds=("sharp_edge", "missing_parts"),
    ),
    Product(
        key="squishy",
        product_id="630287741906",
        title="捏捏乐解压玩具 慢回弹 儿童小礼品 学生奖品",
        code="CH-NNL",
        categories=("玩具", "解压玩具", "捏捏乐", "慢回弹"),
        skus=_skus(
            "CH-NNL",
            11820046197,
            [("单个随机", 5.9, 0.40), ("3个装", 9.9, 0.40), ("6个装", 12.9, 0.20)],
        ),
        base_weight=0.07,
        month_weights=(1.0, 1.0, 1.0, 1.0, 1.0),
        fragility=0.2,
        base_defect=0.012,
        defect_kinds=("smell",),
    ),
)

PRODUCT_BY_KEY = {p.key: p for p in PRODUCTS}


@dataclass(frozen=True)
class Courier:
    key: str
    display: tuple[str, ...]  # 快递公司 as the order export writes it
    k100: str  # Kuaidi100 company code
    kdn: str  # Kuaidi Niao ShipperCode
    speed: float  # multiplies the zone transit time
    damage: float  # chance a parcel is damaged on the way (before fragility)
    station_rate: float  # share left at a 驿站 or locker instead of handed over
    reason_rate: float  # chance its refusal scan states a reason
    conflict_rate: float  # chance of a quarrel with the buyer at delivery (refusal, logistics)
    number_style: str  # how its tracking numbers look
    pickup_site: str  # its outlet in 澄海
    hub_word: str  # what it calls a sorting centre


COURIERS: tuple[Courier, ...] = (
    Courier(
        "zto",
        ("中通快递",),
        "zhongtong",
        "ZTO",
        1.00,
        0.008,
        0.45,
        0.45,
        0.0020,
        "digits14",
        "澄海莲下",
        "转运中心",
    ),
    Courier(
        "yto",
        ("圆通速递", "圆通快递"),
        "yuantong",
        "YTO",
        1.00,
        0.009,
        0.45,
        0.40,
        0.0020,
        "YT13",
        "广东省汕头市澄海区公司",
        "转运中心",
    ),
    Courier(
        "yd",
        ("韵达快递",),
        "yunda",
        "YD",
        1.10,
        0.011,
        0.50,
        0.35,
        0.0030,
        "digits13",
        "广东汕头澄海区公司",
        "分拨交付中心",
    ),
    Courier(
        "sto",
        ("申通快递",),
        "shentong",
        "STO",
        1.15,
        0.013,
        0.55,
        0.35,
        0.0035,
        "digits15",
        "汕头澄海营业部",
        "转运中心",
    ),
    Courier(
        "jt",
        ("极兔速递",),
        "jtexpress",
        "JTSD",
        1.10,
        0.016,
        0.55,
        0.30,
        0.0040,
        "JT13",
        "汕头澄海网点",
        "转运中心",
    ),
    Courier(
        "yzpy",
        ("邮政快递包裹",),
        "youzhengguonei",
        "YZPY",
        1.30,
        0.010,
        0.20,
        0.50,
        0.0012,
        "digits13p",
        "汕头市澄海区邮政分公司揽投部",
        "邮件处理中心",
    ),
    Courier(
        "ems",
        ("EMS",),
        "ems",
        "EMS",
        1.15,
        0.008,
        0.15,
        0.50,
        0.0010,
        "digits13e",
        "汕头市澄海邮政速递营业部",
        "邮件处理中心",
    ),
    Courier(
        "sf",
        ("顺丰速运", "顺丰快递"),
        "shunfeng",
        "SF",
        0.70,
        0.004,
        0.10,
        0.60,
        0.0008,
        "SF13",
        "汕头澄海凤翔营业点",
        "中转场",
    ),
    Courier(
        "dbl",
        ("德邦快递",),
        "debangkuaidi",
        "DBL",
        1.20,
        0.008,
        0.10,
        0.55,
        0.0012,
        "DPK12",
        "汕头澄海营业部",
        "枢纽中心",
    ),
    Courier(
        "jd",
        ("京东快递",),
        "jd",
        "JD",
        0.80,
        0.004,
        0.10,
        0.55,
        0.0008,
        "JDVA11",
        "汕头澄海营业部",
        "分拣中心",
    ),
)

COURIER_BY_KEY = {c.key: c for c in COURIERS}

#: couriers whose numbers are pure digits: Excel can turn these into 7.31905531025E+13
DIGIT_NUMBER_STYLES = ("digits14", "digits13", "digits15", "digits13p", "digits13e")


@dataclass(frozen=True)
class Province:
    name: str
    zone: int  # 0 = Guangdong … 5 = far west: sets transit time
    weight: float  # share of buyers
    hub: str  # the city whose sorting centre serves it
    cities: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=tuple)
    postage: float = 0.0  # 邮费 for this province (remote areas are not 包邮)


PROVINCES: tuple[Province, ...] = (
    Province(
        "广东省",
        0,
        11.0,
        "广州",
        (
            ("广州市", ("白云区", "番禺区", "天河区")),
            ("深圳市", ("宝安区", "龙岗区")),
            ("东莞市", ("长安镇", "虎门镇")),
            ("佛山市", ("南海区", "顺德区")),
            ("湛江市", ("赤坎区",)),
            ("揭阳市", ("榕城区", "普宁市")),
        ),
    ),
    Province(
        "江苏省",
        2,
        7.0,
        "南京",
        (
            ("苏州市", ("常熟市", "吴中区")),
            ("南京市", ("江宁区",)),
            ("徐州市", ("铜山区",)),
            ("南通市", ("海门区",)),
        ),
    ),
    Province(
        "浙江省",
        2,
        6.0,
        "杭州",
        (
            ("杭州市", ("萧山区", "余杭区")),
            ("宁波市", ("鄞州区",)),
            ("温州市", ("瑞安市",)),
            ("金华市", ("义乌市",)),
        ),
    ),
    Province(
        "山东省",
        3,
        7.0,
        "济南",
        (
            ("济南市", ("历城区",)),
            ("临沂市", ("兰山区",)),
            ("潍坊市", ("寿光市",)),
            ("青岛市", ("黄岛区",)),
        ),
    ),
    Province(
        "河南省",
        2,
        7.0,
        "郑州",
        (
            ("郑州市", ("金水区", "中牟县")),
            ("周口市", ("项城市", "郸城县")),
            ("商丘市", ("梁园区",)),
            ("南阳市", ("卧龙区",)),
        ),
    ),
    Province(
        "四川省",
        2,
        5.0,
        "成都",
        (("成都市", ("双流区", "郫都区")), ("南充市", ("顺庆区",)), ("绵阳市", ("涪城区",))),
    ),
    Province(
        "湖北省",
        2,
        4.0,
        "武汉",
        (("武汉市", ("洪山区", "江夏区")), ("襄阳市", ("樊城区",)), ("荆州市", ("沙市区",))),
    ),
    Province(
        "湖南省",
        1,
        5.0,
        "长沙",
        (
            ("长沙市", ("雨花区", "长沙县")),
            ("邵阳市", ("邵东市", "隆回县")),
            ("衡阳市", ("蒸湘区",)),
        ),
    ),
    Province(
        "河北省",
        3,
        5.0,
        "石家庄",
        (("石家庄市", ("长安区",)), ("保定市", ("竞秀区",)), ("邯郸市", ("丛台区",))),
    ),
    Province(
        "安徽省",
        2,
        4.5,
        "合肥",
        (("合肥市", ("蜀山区",)), ("阜阳市", ("颍州区", "临泉县")), ("芜湖市", ("镜湖区",))),
    ),
    Province(
        "福建省",
        1,
        4.0,
        "厦门",
        (("厦门市", ("集美区",)), ("泉州市", ("晋江市",)), ("福州市", ("闽侯县",))),
    ),
    Province(
        "广西壮族自治区",
        1,
        3.5,
        "南宁",
        (("南宁市", ("西乡塘区",)), ("玉林市", ("北流市", "容县")), ("柳州市", ("柳北区",))),
    ),
    Province(
        "江西省", 1, 3.0, "南昌", (("南昌市", ("青山湖区",)), ("赣州市", ("章贡区", "于都县")))
    ),
    Province("陕西省", 3, 2.5, "西安", (("西安市", ("雁塔区", "长安区")), ("咸阳市", ("秦都区",)))),
    Province("云南省", 3, 2.5, "昆明", (("昆明市", ("官渡区",)), ("曲靖市", ("麒麟区",)))),
    Province("贵州省", 2, 2.0, "贵阳", (("贵阳市", ("观山湖区",)), ("遵义市", ("汇川区",)))),
    Province("山西省", 3, 2.0, "太原", (("太原市", ("小店区",)), ("运城市", ("盐湖区",)))),
    Province("辽宁省", 4, 2.5, "沈阳", (("沈阳市", ("浑南区",)), ("大连市", ("甘井子区",)))),
    Province("重庆市", 2, 2.0, "重庆", (("重庆市", ("渝北区", "万州区", "江北区")),)),
    Province("上海市", 2, 2.5, "上海", (("上海市", ("浦东新区", "闵行区", "松江区")),)),
    Province("北京市", 3, 2.0, "北京", (("北京市", ("朝阳区", "大兴区", "通州区")),)),
    Province("天津市", 3, 1.0, "天津", (("天津市", ("西青区", "滨海新区")),)),
    Province("黑龙江省", 4, 1.5, "哈尔滨", (("哈尔滨市", ("南岗区",)), ("大庆市", ("萨尔图区",)))),
    Province("吉林省", 4, 1.0, "长春", (("长春市", ("朝阳区",)), ("吉林市", ("船营区",)))),
    Province(
        "内蒙古自治区",
        4,
        1.0,
        "呼和浩特",
        (("呼和浩特市", ("赛罕区",)), ("包头市", ("昆都仑区",))),
        0.0,
    ),
    Province("甘肃省", 4, 1.0, "兰州", (("兰州市", ("城关区",)), ("天水市", ("秦州区",))), 5.0),
    Province(
        "新疆维吾尔自治区",
        5,
        0.8,
        "乌鲁木齐",
        (("乌鲁木齐市", ("天山区", "新市区")), ("喀什地区", ("喀什市",))),
        15.0,
    ),
    Province("海南省", 1, 0.6, "海口", (("海口市", ("龙华区",)), ("三亚市", ("吉阳区",))), 0.0),
    Province("宁夏回族自治区", 4, 0.4, "银川", (("银川市", ("金凤区",)),), 5.0),
    Province("青海省", 5, 0.3, "西宁", (("西宁市", ("城西区",)),), 12.0),
    Province("西藏自治区", 5, 0.1, "拉萨", (("拉萨市", ("城关区",)),), 20.0),
)

PROVINCE_BY_NAME = {p.name: p for p in PROVINCES}

#: hours from 汕头 to a province of each zone by an average courier, before noise
ZONE_HOURS = (28.0, 44.0, 58.0, 70.0, 88.0, 140.0)

STREETS = (
    "城关镇",
    "新华街道",
    "人民路街道",
    "解放街道",
    "东城街道",
    "西湖街道",
    "长安街道",
    "太平镇",
    "高新区街道",
    "火车站街道",
    "工业园街道",
    "南湖街道",
    "城南街道",
    "北门街道",
    "石桥镇",
    "朝阳街道",
    "开发区",
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红燕鹏辉建波宇浩凯欣怡子涵"
    "梓萱一诺雨轩晨佳琪思雨文博俊杰海燕春梅小红晓东丹丹亮志强婷婷"
)
PHONE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "176",
    "177",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)
