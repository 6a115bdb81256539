"""Where buyers live, how long parcels from 杭州 take to get there, and which couriers carry them.

Transit days are this world's own estimates for 通达系 couriers out of 杭州 (1 day in 浙江 to a
week to 西藏). `north` marks the provinces the cold wave hits, `remote` those whose outlets stop
receiving first before 春节 (sources S7, S8), `core` 江浙沪, which keeps delivering until 除夕.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Province:
    name: str
    weight: float
    transit_days: float
    cities: tuple[tuple[str, tuple[str, ...]], ...]
    north: bool = False
    remote: bool = False
    core: bool = False


def _province(name: str, weight: float, days: float, cities: str, *flags: str) -> Province:
    """`cities` is "city:district,district city:district" (spaces between cities)."""
    parsed = tuple((city, tuple(districts.split(",")))
                   for city, districts in (item.split(":") for item in cities.split()))
    return Province(name, weight, days, parsed, "north" in flags, "remote" in flags,
                    "core" in flags)


PROVINCES = (
    _province("广东省", 9, 2.5, "广州市:天河区,白云区,番禺区 深圳市:宝安区,龙岗区 "
                               "东莞市:南城街道,长安镇 佛山市:南海区,顺德区"),
    _province("江苏省", 8, 1.5, "南京市:江宁区,鼓楼区 苏州市:吴中区,昆山市 徐州市:云龙区,铜山区",
              "core"),
    _province("浙江省", 7, 1.0, "杭州市:西湖区,余杭区,萧山区 宁波市:鄞州区,慈溪市 "
                               "温州市:鹿城区,瑞安市", "core"),
    _province("上海市", 3, 1.5, "上海市:浦东新区,闵行区,宝山区", "core"),
    _province("山东省", 8, 2.5, "济南市:历下区,章丘区 青岛市:黄岛区,城阳区 临沂市:兰山区,罗庄区",
              "north"),
    _province("河南省", 8, 2.5, "郑州市:金水区,中原区 洛阳市:洛龙区,西工区 周口市:川汇区,郸城县",
              "north"),
    _province("河北省", 6, 3.0, "石家庄市:长安区,裕华区 保定市:竞秀区,涿州市 邯郸市:丛台区,武安市",
              "north"),
    _province("北京市", 3, 3.0, "北京市:朝阳区,海淀区,丰台区", "north"),
    _province("天津市", 1.5, 3.0, "天津市:南开区,滨海新区", "north"),
    _province("山西省", 3, 3.0, "太原市:小店区,迎泽区 大同市:平城区", "north"),
    _province("辽宁省", 4, 3.5, "沈阳市:和平区,浑南区 大连市:甘井子区,金州区", "north"),
    _province("吉林省", 2, 3.5, "长春市:朝阳区,南关区 吉林市:船营区", "north"),
    _province("黑龙江省", 3, 4.5, "哈尔滨市:南岗区,道里区 齐齐哈尔市:龙沙区", "north", "remote"),
    _province("内蒙古自治区", 2, 4.5, "呼和浩特市:赛罕区,新城区 包头市:昆都仑区", "north",
              "remote"),
    _province("四川省", 5, 3.0, "成都市:武侯区,双流区,郫都区 绵阳市:涪城区"),
    _province("湖北省", 4, 2.5, "武汉市:洪山区,江夏区 宜昌市:西陵区"),
    _province("湖南省", 4, 2.5, "长沙市:岳麓区,雨花区 衡阳市:蒸湘区"),
    _province("安徽省", 4, 1.5, "合肥市:蜀山区,包河区 阜阳市:颍州区"),
    _province("福建省", 3, 2.5, "福州市:鼓楼区,仓山区 泉州市:晋江市"),
    _province("江西省", 3, 2.0, "南昌市:红谷滩区,青山湖区 赣州市:章贡区"),
    _province("陕西省", 3, 3.0, "西安市:雁塔区,未央区 宝鸡市:渭滨区"),
    _province("广西壮族自治区", 2, 3.0, "南宁市:青秀区,西乡塘区 柳州市:城中区"),
    _province("重庆市", 2, 3.0, "重庆市:渝北区,九龙坡区,江北区"),
    _province("云南省", 2, 3.5, "昆明市:五华区,官渡区 曲靖市:麒麟区"),
    _province("贵州省", 2, 3.5, "贵阳市:观山湖区,南明区 遵义市:汇川区"),
    _province("甘肃省", 1.5, 4.0, "兰州市:城关区,七里河区"),
    _province("宁夏回族自治区", 0.5, 4.5, "银川市:金凤区,兴庆区"),
    _province("新疆维吾尔自治区", 1, 6.0, "乌鲁木齐市:天山区,新市区 昌吉回族自治州:昌吉市",
              "remote"),
    _province("青海省", 0.4, 5.0, "西宁市:城西区,城中区", "remote"),
    _province("西藏自治区", 0.2, 7.0, "拉萨市:城关区", "remote"),
)
BY_NAME = {p.name: p for p in PROVINCES}
#: destinations whose parcels 韵达 routes through the jammed 石家庄 centre
HUB_JAM_PROVINCES = ("北京市", "天津市", "河北省", "山西省", "山东省", "河南省")
#: the county the trial ring's accounts ship to
TRIAL_RING_PLACE = ("河南省", "周口市", "郸城县")


@dataclass(frozen=True)
class Place:
    province: Province
    city: str
    district: str
    street: str

    @property
    def pause_kind(self) -> str:
        if self.province.remote:
            return "remote"
        return "core" if self.province.core else "other"


def pick_place(rng: random.Random, streets: list[str]) -> Place:
    province = rng.choices(PROVINCES, [p.weight for p in PROVINCES])[0]
    city, districts = rng.choice(province.cities)
    return Place(province, city, rng.choice(districts), rng.choice(streets))


@dataclass(frozen=True)
class Courier:
    key: str
    names: tuple[str, ...]
    k100: str
    kdniao: str
    prefix: str
    digits: int
    #: since when the shop's Kuaidi100 account tracks it (None: never); Kuaidi Niao tracks every
    #: courier
    kuaidi100_from: datetime | None

    def number(self, rng: random.Random) -> str:
        body = "".join(str(rng.randrange(10)) for _ in range(self.digits))
        return self.prefix + body


_ALWAYS = datetime(2025, 12, 1)
#: 极兔 joined the shop's Kuaidi100 subscription only on 19 January
_JT_ADDED = datetime(2026, 1, 19)
COURIERS = {
    "zto": Courier("zto", ("中通快递",), "zhongtong", "ZTO", "78", 12, _ALWAYS),
    "yto": Courier("yto", ("圆通速递", "圆通快递"), "yuantong", "YTO", "YT", 13, _ALWAYS),
    "yd": Courier("yd", ("韵达快递",), "yunda", "YD", "43", 13, _ALWAYS),
    "jt": Courier("jt", ("极兔速递",), "jtexpress", "JTSD", "JT", 13, _JT_ADDED),
    "post": Courier("post", ("邮政快递包裹",), "youzhengguonei", "YZPY", "98", 11, None),
    "sf": Courier("sf", ("顺丰速运", "顺丰快递"), "shunfeng", "SF", "SF", 13, None),
}
#: the shop's contract mix; 邮政 takes the far west, 顺丰 the buyers who paid 顺丰加价
COURIER_MIX = (("zto", 0.48), ("yto", 0.25), ("yd", 0.17), ("jt", 0.10))
#: the gift-parcel service behind boosted orders ships with these
BOOSTING_COURIERS = (("yto", 0.6), ("yd", 0.4))


def pick_courier(rng: random.Random, place: Place, sf_upgrade: bool) -> Courier:
    if sf_upgrade:
        return COURIERS["sf"]
    if place.province.name in ("新疆维吾尔自治区", "西藏自治区", "青海省") and rng.random() < 0.6:
        return COURIERS["post"]
    keys, weights = zip(*COURIER_MIX, strict=True)
    return COURIERS[rng.choices(keys, weights)[0]]
