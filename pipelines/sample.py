"""Generate a folder of realistic Pinduoduo merchant exports whose refusal causes are known.

Why this exists: the refusal pipeline can only be scored against data whose truth is known, and real
merchant exports never say why a parcel was refused. This module simulates a shop (catalog, buyers,
couriers, reviews, platform bills), decides for every order what really happened and, for a refused
parcel, which of the four causes drove it, and then writes only what a merchant would export: the
weekly order exports, courier tracking events, after-sales records, reviews, store scores and
penalty bills, in every layout, encoding and quirk of `shared/contract/INPUTS.md`. The cause is
never written into a column; it shows only through the evidence the contract's cause table
describes, with noise and conflicts. The true answer goes to `labels/labels.csv`, a subfolder
the pipeline does not read.

Same arguments give byte-identical files. Strings are assembled with Arrow compute kernels and
files are written in chunks, so a million orders (about nine million tracking events) stay fast
and bounded in memory. Above `XLSX_MAX_ORDERS` orders every file is written as CSV: a sheet holds
at most 1,048,576 rows, and real merchants export large volumes as CSV anyway.
"""

from __future__ import annotations

import argparse
import itertools
import string
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import IntEnum
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.causes import CAUSE_CODES

LOGISTICS, QUALITY, REVIEWS, RULES = (CAUSE_CODES.index(code) for code in (
    "logistics", "product_quality", "reviews", "rule_violation"))
OUTCOMES = (
    "refused", "returned_undelivered", "delivered", "in_transit", "not_shipped", "cancelled")
REFUSED, RETURNED_UNDELIVERED, DELIVERED, IN_TRANSIT, NOT_SHIPPED, CANCELLED = range(6)

XLSX_MAX_ORDERS = 50_000
CHUNK_ROWS = 200_000

HOUR = 3600
DAY = 24 * HOUR
NEVER = np.int64(2**62)  # "has not happened": compares later than any real time
_EPOCH = date(1970, 1, 1)
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # fixed, so .xlsx files are byte-identical across runs


@dataclass(frozen=True)
class Profile:
    """How a generated shop behaves, so scores can be reported across generator settings."""

    refusal_rate: float  # share of shipped orders that end refused
    cause_mix: dict[str, float]  # relative weight per cause code
    evidence: float  # scales the chance that each signal of the true cause is emitted
    noise: float  # scales conflicting, misleading and missing evidence and benign incidents


def _mix(logistics: float, product_quality: float, reviews: float,
         rule_violation: float) -> dict[str, float]:
    return {"logistics": logistics, "product_quality": product_quality, "reviews": reviews,
            "rule_violation": rule_violation}


_MIXED = Profile(refusal_rate=0.065, cause_mix=_mix(0.38, 0.27, 0.15, 0.20), evidence=1.0,
                 noise=1.0)
PROFILES = {
    "mixed": _MIXED,
    "clean": replace(_MIXED, evidence=1.3, noise=0.15),
    "noisy": replace(_MIXED, refusal_rate=0.075, evidence=0.75, noise=2.2),
    "logistics_heavy": replace(_MIXED, refusal_rate=0.08, cause_mix=_mix(0.62, 0.15, 0.10, 0.13)),
    "quality_heavy": replace(_MIXED, cause_mix=_mix(0.17, 0.56, 0.12, 0.15)),
    "reviews_heavy": replace(_MIXED, cause_mix=_mix(0.20, 0.18, 0.45, 0.17)),
    "rules_heavy": replace(_MIXED, cause_mix=_mix(0.20, 0.17, 0.13, 0.50)),
}


@dataclass(frozen=True)
class SampleSummary:
    """What one generation wrote, for the CLI message and for benchmark scripts."""

    out_dir: Path
    orders: int
    order_rows: int
    tracking_events: int
    outcomes: tuple[tuple[str, int], ...]
    refused_by_cause: tuple[tuple[str, int], ...]
    files: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# Vocabularies of the simulated shop
# --------------------------------------------------------------------------------------------

# title, category path (4 levels), price in fen, SKU specs. Titles include the hostile text real
# exports carry (markup, quotes, emoji, commas); specs contain commas on purpose.
_PRODUCTS = (
    ("加厚珊瑚绒睡衣女冬季 家居服套装", "服饰内衣/女士睡衣/睡衣套装/珊瑚绒", 5990,
     ("粉色,M", "粉色,L", "灰色,L", "灰色,XL")),
    ("<script>alert(1)</script>儿童保暖内衣套装", "母婴/童装/内衣/保暖套装", 3990,
     ("110cm", "120cm", "130cm")),
    ('"网红同款"316不锈钢保温杯 大容量', "家居日用/水具/保温杯/不锈钢", 2990,
     ("白色,500ml", "黑色,500ml", "白色,750ml")),
    ("🔥爆款🔥 益智积木拼装玩具，3-6岁", "玩具/积木/拼装/益智", 4590, ("200粒", "500粒")),
    ("冬季加绒卫衣男, 宽松潮牌 连帽", "男装/卫衣/连帽卫衣/加绒", 6900,
     ("黑色,L", "黑色,XL", "藏青,L", "藏青,XL")),
    ("家用多功能电煮锅 宿舍小电锅 1.5L", "家用电器/厨房电器/电煮锅/多功能", 7900,
     ("1.5L单层", "1.5L带蒸笼")),
    ("东北五常大米 10斤装 新米", "食品/粮油/大米/东北米", 3980, ("5kg",)),
    ("无线蓝牙耳机 超长续航 降噪", "数码/耳机/蓝牙耳机/入耳式", 8900, ("白色", "黑色")),
    ("纯棉四件套 床单被套 1.8m床", "家纺/床品套件/四件套/纯棉", 12800, ("1.5m床", "1.8m床")),
    ("手机壳适用苹果15 磨砂防摔", "数码配件/手机壳/苹果/磨砂", 990, ("15", "15Pro", "15ProMax")),
    ("洗衣凝珠 持久留香 52颗", "日化/衣物清洁/洗衣凝珠/留香", 2490, ("52颗",)),
    ("羊毛混纺大衣女 中长款 双面呢", "女装/大衣/毛呢大衣/中长款", 129900,
     ("驼色,S", "驼色,M", "黑色,M")),
    ("抽纸 原木 3层120抽*24包", "日用/纸品/抽纸/原木", 2990, ("24包",)),
    ("儿童雪地靴 加厚防滑 冬季", "童鞋/靴子/雪地靴/加厚", 5990, ("27码", "29码", "31码")),
    ("电热毯 双人 自动断电 安全", "家用电器/生活电器/电热毯/双人", 6990, ("1.5*1.2m", "1.8*1.5m")),
    ("零食大礼包 一整箱 办公室小吃", "食品/休闲零食/大礼包/混合", 3990, ("30包", "50包")),
    ("不锈钢炒锅 无涂层 家用 32cm", "厨具/锅具/炒锅/不锈钢", 8990, ("32cm", "34cm")),
    ("USB充电暖手宝 迷你 两用", "家用电器/取暖/暖手宝/USB", 2590, ("粉色", "蓝色")),
    ("加厚羽绒服女 短款 白鸭绒", "女装/羽绒服/短款/白鸭绒", 19900, ("黑色,M", "黑色,L", "米白,M")),
    ("猫砂 豆腐猫砂 除臭 6L*4袋", "宠物/猫砂/豆腐砂/除臭", 4590, ("原味", "绿茶")),
    ("LED护眼台灯 学生宿舍 充电", "家装/灯具/台灯/护眼", 3990, ("充电款", "插电款")),
    ("洗脸巾 一次性 纯棉 加厚", "个护/面部清洁/洗脸巾/纯棉", 1990, ("3卷", "6卷")),
    ("老北京布鞋 男 防滑 软底", "男鞋/布鞋/老北京/软底", 3590, ("40码", "41码", "42码", "43码")),
    ("车载手机支架 出风口 磁吸", "汽车用品/手机支架/出风口/磁吸", 1590, ("黑色",)),
)
_BAD_PRODUCTS = 2  # products with a quality problem: refused far above the shop's baseline
_BAD_PRODUCT_REFUSALS = 0.15  # least share of a bad product's parcels refused for quality
_STORM_PRODUCTS = 8  # review storms hit the best sellers, where a burst is noticed


@dataclass(frozen=True)
class _Courier:
    names: tuple[str, ...]  # display names seen in PDD exports
    kuaidi100: str
    kdniao: str
    share: float
    speed: float  # transit-time factor against an average courier
    prefix: str  # tracking number = prefix + 11 unique digits


_COURIERS = (
    _Courier(("中通快递",), "zhongtong", "ZTO", 0.24, 1.0, "731"),
    _Courier(("圆通速递", "圆通快递"), "yuantong", "YTO", 0.17, 1.0, "YT88"),
    _Courier(("韵达快递",), "yunda", "YD", 0.15, 1.05, "43"),
    _Courier(("申通快递",), "shentong", "STO", 0.10, 1.05, "77"),
    _Courier(("极兔速递",), "jtexpress", "JTSD", 0.12, 1.1, "JT50"),
    _Courier(("邮政快递包裹",), "youzhengguonei", "YZPY", 0.07, 1.3, "98"),
    _Courier(("EMS",), "ems", "EMS", 0.03, 1.15, "11"),
    _Courier(("顺丰速运", "顺丰快递"), "shunfeng", "SF", 0.06, 0.7, "SF14"),
    _Courier(("德邦快递",), "debangkuaidi", "DBL", 0.03, 1.0, "DPK3"),
    _Courier(("京东快递",), "jd", "JD", 0.03, 0.75, "JDVA"),
)
_PURE_DIGIT_COURIERS = np.array([c.prefix.isdigit() for c in _COURIERS])
_RETURN_TRACKING_PREFIX = "YT77"  # buyers' return parcels; never collides with outbound numbers

# province, cities, distance class from the shop in Changshu (Suzhou), share of buyers
_PROVINCES = (
    ("江苏省", ("苏州市", "南京市", "无锡市"), 0, 8.5),
    ("上海市", ("上海市",), 0, 2.5),
    ("浙江省", ("杭州市", "宁波市", "金华市"), 0, 6.5),
    ("安徽省", ("合肥市", "芜湖市"), 0, 6.1),
    ("山东省", ("济南市", "青岛市", "临沂市"), 1, 10.1),
    ("河南省", ("郑州市", "洛阳市"), 1, 9.9),
    ("河北省", ("石家庄市", "保定市"), 1, 7.5),
    ("北京市", ("北京市",), 1, 2.2),
    ("天津市", ("天津市",), 1, 1.4),
    ("湖北省", ("武汉市", "宜昌市"), 1, 5.8),
    ("湖南省", ("长沙市", "衡阳市"), 1, 6.6),
    ("江西省", ("南昌市", "赣州市"), 1, 4.5),
    ("福建省", ("福州市", "厦门市"), 1, 4.1),
    ("广东省", ("广州市", "深圳市", "东莞市"), 2, 12.6),
    ("广西壮族自治区", ("南宁市", "柳州市"), 2, 5.0),
    ("四川省", ("成都市", "绵阳市"), 2, 8.4),
    ("重庆市", ("重庆市",), 2, 3.2),
    ("陕西省", ("西安市",), 2, 3.9),
    ("山西省", ("太原市",), 2, 3.5),
    ("辽宁省", ("沈阳市", "大连市"), 2, 4.3),
    ("吉林省", ("长春市",), 2, 2.4),
    ("黑龙江省", ("哈尔滨市",), 2, 3.2),
    ("贵州省", ("贵阳市",), 2, 3.9),
    ("云南省", ("昆明市",), 2, 4.7),
    ("海南省", ("海口市",), 2, 1.0),
    ("内蒙古自治区", ("呼和浩特市",), 2, 1.7),
    ("甘肃省", ("兰州市",), 2, 2.5),
    ("宁夏回族自治区", ("银川市",), 2, 0.7),
    ("新疆维吾尔自治区", ("乌鲁木齐市",), 3, 1.8),
    ("西藏自治区", ("拉萨市",), 3, 0.3),
    ("青海省", ("西宁市",), 3, 0.4),
)
_TRANSIT_HOURS = np.array([22.0, 40.0, 60.0, 110.0])  # usual pickup-to-station time per class
_DISTRICTS = ("城东区", "城西区", "高新区", "经开区", "新城区", "城南区")
_STREETS = ("人民路街道", "解放路街道", "新华街道", "和平街道", "城关镇", "新桥镇")
_ORIGIN_CITY = "苏州市"
_ORIGIN_SITES = ("常熟虞山网点", "常熟碧溪网点", "常熟梅李网点")
_ORIGIN_HUBS = ("常熟分拨中心", "苏州转运中心")
_COURIER_MEN = ("张师傅", "王师傅", "李师傅", "刘师傅", "陈师傅", "赵师傅")

# Boosted (刷单) orders come from a few buyer clusters sharing one address.
_CLUSTER_ADDRESSES = (
    ("浙江省", "金华市", 2, 3), ("河南省", "郑州市", 4, 4), ("广东省", "深圳市", 1, 0))
_BENIGN_NOTES = ("", "加急", "送小礼品", "已核实地址", "顺丰优先")
_BUYER_MESSAGES = ("", "请尽快发货", "不要放驿站，送货上门", "送人的，别放价格单", "麻烦包装好一点")
_PAY_METHODS = ("微信", "支付宝", "多多支付")
_ORDER_SOURCES = ("普通订单", "多多进宝", "直播")
_HOUR_WEIGHTS = np.array(
    [2, 1, 1, .5, .5, .5, 1, 2, 3, 4, 5, 5, 6, 5, 5, 5, 5, 5, 6, 7, 9, 10, 9, 5])


class _Fate(IntEnum):
    """What happens to an order, decided before any evidence is drawn."""

    UNPAID = 0
    REFUNDED_BEFORE_SHIPPING = 1
    DELIVERED = 2
    REFUSED = 3
    RETURNED = 4


class _ReturnReason(IntEnum):
    ADDRESS_UNKNOWN = 0
    UNREACHABLE = 1
    INTERCEPTED = 2
    LOCKER_TIMEOUT = 3


class _DeliveryMode(IntEnum):
    IN_PERSON = 0
    LOCKER = 1
    PROXY = 2


class _RefusalStyle(IntEnum):
    """How a refusal shows in tracking: the contract's evidence forms, one at a time or together."""

    CODE_AND_TEXT = 0
    TEXT_ONLY = 1  # codes wrong or missing, only the text says 拒收
    CODE_ONLY = 2  # 14/404 with neutral text
    AFTER_SALES_ONLY = 3  # tracking looks like a plain return; only 已同意拒收退款 tells


# Event texts: the refusal wording buyers give, per cause; the last L reason needs a damage event.
_STUCK_REASONS = ("分拨中心爆仓", "天气原因", "车辆晚点")
_FAIL_REASONS = ("客户电话无人接听", "客户不在家", "客户要求改日派送")
_LOGISTICS_REFUSALS = ("快递太慢", "快递一直未送达", "送货太慢不要了", "外包装破损")
_QUALITY_REFUSALS = ("验货不合格", "质量问题", "与商品描述不符", "假冒品牌", "做工粗糙", "有瑕疵",
                     "商家发错货")
_REVIEWS_REFUSALS = ("不想要了", "看到差评不要了")
_EVENT_REASONS = ("", *_STUCK_REASONS, *_FAIL_REASONS, *_LOGISTICS_REFUSALS, *_QUALITY_REFUSALS,
                  *_REVIEWS_REFUSALS)


def _reason_ids(words: Sequence[str]) -> np.ndarray:
    return np.array([_EVENT_REASONS.index(w) for w in words])


@dataclass(frozen=True)
class _EventKind:
    text: str  # template; fields are filled per event
    k100: tuple[int, int]  # Kuaidi100 状态码, 高级状态码 (-1 = blank)
    kdniao: tuple[int, int]  # Kuaidi Niao State, StateEx (-1 = blank)
    at_origin: bool = False


class _Kind(IntEnum):
    PICKUP = 0
    HUB_IN_ORIGIN = 1
    HUB_OUT_ORIGIN = 2
    STUCK = 3
    STALLED = 4
    HUB_IN_DEST = 5
    HUB_OUT_DEST = 6
    DAMAGED = 7
    AT_STATION = 8
    OUT_FOR_DELIVERY = 9
    DELIVERY_FAILED = 10
    IN_LOCKER = 11
    SIGNED = 12
    SIGNED_AFTER_ISSUE = 13
    SIGNED_AT_LOCKER = 14
    SIGNED_BY_PROXY = 15
    REFUSED_WITH_REASON = 16
    REFUSED_BY_CUSTOMER = 17
    REFUSED_SENT_BACK = 18
    REFUSED_TO_SIGN = 19
    DELIVERY_ABORTED = 20
    ADDRESS_UNKNOWN = 21
    UNREACHABLE = 22
    INTERCEPTED = 23
    LOCKER_TIMEOUT = 24
    RETURNING = 25
    RETURN_SIGNED = 26


_KINDS = {
    _Kind.PICKUP: _EventKind("【{o_city}】{o_site} 已揽收", (1, 103), (1, -1), True),
    _Kind.HUB_IN_ORIGIN: _EventKind("【{o_city}】快件已到达【{o_hub}】", (0, 1002), (2, -1), True),
    _Kind.HUB_OUT_ORIGIN: _EventKind(
        "【{o_city}】快件已从【{o_hub}】发出，下一站【{d_hub}】", (0, 1002), (2, -1), True),
    _Kind.STUCK: _EventKind("【{o_city}】快件滞留，原因：{reason}", (2, 208), (4, 417), True),
    _Kind.STALLED: _EventKind(
        "【{o_city}】快件滞留【{o_hub}】，物流信息超时未更新", (2, 202), (4, 403), True),
    _Kind.HUB_IN_DEST: _EventKind("【{d_city}】快件已到达【{d_hub}】", (0, 1002), (2, -1)),
    _Kind.HUB_OUT_DEST: _EventKind(
        "【{d_city}】快件已从【{d_hub}】发出，下一站【{d_site}】", (0, 1003), (2, -1)),
    _Kind.DAMAGED: _EventKind("【{d_city}】外包装破损，已拍照留存，继续派送", (2, 209), (4, 414)),
    _Kind.AT_STATION: _EventKind("【{d_city}】快件已到达【{d_site}】", (0, 1001), (2, 201)),
    _Kind.OUT_FOR_DELIVERY: _EventKind(
        "【{d_city}】快件正在派送中，派件员：{courier_man}，电话：{phone}", (5, 5), (2, 202)),
    _Kind.DELIVERY_FAILED: _EventKind("【{d_city}】{reason}，改日派送", (2, 204), (4, 405)),
    _Kind.IN_LOCKER: _EventKind(
        "【{d_city}】快件已放入【{d_site}菜鸟驿站】，请凭取件码取件", (5, 501), (2, 211)),
    _Kind.SIGNED: _EventKind("【{d_city}】快件已签收，签收人：本人，感谢使用", (3, 301), (3, 301)),
    _Kind.SIGNED_AFTER_ISSUE: _EventKind(
        "【{d_city}】快件已签收，签收人：本人", (3, 302), (3, 302)),
    _Kind.SIGNED_AT_LOCKER: _EventKind(
        "【{d_city}】快件已从【{d_site}菜鸟驿站】取出，已签收", (3, 304), (3, 311)),
    _Kind.SIGNED_BY_PROXY: _EventKind(
        "【{d_city}】快件已签收，签收人：门卫代收", (3, 303), (3, 304)),
    _Kind.REFUSED_WITH_REASON: _EventKind(
        "【{d_city}】客户拒收，原因：{reason}", (2, 203), (4, 404)),
    _Kind.REFUSED_BY_CUSTOMER: _EventKind("【{d_city}】客户拒收", (2, 203), (4, 404)),
    _Kind.REFUSED_SENT_BACK: _EventKind(
        "【{d_city}】收件人拒收，包裹将原路退回", (2, 203), (4, 404)),
    _Kind.REFUSED_TO_SIGN: _EventKind("【{d_city}】收件人拒绝签收，快件退回中", (2, 203), (4, 404)),
    _Kind.DELIVERY_ABORTED: _EventKind(
        "【{d_city}】快件派送不成功，已安排退回", (14, 14), (4, 404)),
    _Kind.ADDRESS_UNKNOWN: _EventKind("【{d_city}】收件地址不详，无法派送", (2, 207), (4, 420)),
    _Kind.UNREACHABLE: _EventKind(
        "【{d_city}】收件人电话无法接通，联系不上收件人", (2, 206), (4, 416)),
    _Kind.INTERCEPTED: _EventKind("【{d_city}】快件已被寄件方拦截，即将退回", (2, 2), (4, 413)),
    _Kind.LOCKER_TIMEOUT: _EventKind(
        "【{d_city}】快件在【{d_site}菜鸟驿站】超时未取，将退回寄件人", (2, 205), (4, 412)),
    _Kind.RETURNING: _EventKind("【{d_city}】快件已退回，正在返回寄件网点", (6, 6), (2, 407)),
    _Kind.RETURN_SIGNED: _EventKind("【{o_city}】退回件已签收", (4, 4), (3, 406), True),
}
_GENERIC_REFUSALS = np.array(
    [_Kind.REFUSED_BY_CUSTOMER, _Kind.REFUSED_SENT_BACK, _Kind.REFUSED_TO_SIGN])

_K100_NAMES = {
    0: "在途", 1: "揽收", 2: "疑难", 3: "签收", 4: "退签", 5: "派件", 6: "退回", 14: "拒签",
    103: "已揽收", 1001: "到达派件城市", 1002: "干线", 1003: "转递", 202: "超时未更新",
    203: "拒收", 204: "派件异常", 205: "柜或驿站超时未取", 206: "无法联系", 207: "超区",
    208: "滞留", 209: "破损", 301: "本人签收", 302: "派件异常后签收", 303: "代签",
    304: "投柜或站签收", 501: "投柜或驿站",
}

_AS_TYPES = ("仅退款", "退货退款")
REFUND_ONLY, RETURN_AND_REFUND = range(2)
_AS_STATUSES = (
    "买家申请退款，待商家处理", "商家同意退款，退款中", "已同意拒收退款，待用户拒收",
    "驳回退款，待买家处理", "平台处理中", "退款成功", "买家撤销",
)
APPLIED, AGREED, AGREED_REFUSAL, REJECTED, PLATFORM, REFUNDED, WITHDRAWN = range(7)
_AS_REASONS = (
    "多拍/错拍/不想要", "不想要了", "看到差评", "快递一直未送达", "未按约定时间发货",
    "快递无跟踪记录",
    "货物破损已拒签", "质量问题", "与商品描述不符", "商家发错货", "假冒品牌", "做工粗糙/有瑕疵",
    "其他",
)
_QUALITY_AS_REASONS = np.arange(7, 12)
_CANCEL_AS_REASONS = np.arange(0, 3)
_OTHER_REASON = 12

_PENALTY_TYPES = ("延迟发货_扣款", "缺货扣款", "虚假轨迹", "虚假发货", "虚假交易")
_LATE_FINE, _STOCKOUT_FINE, _FAKE_TRACKING, _FAKE_SHIPPING, _FAKE_TRADE = range(5)
_PENALTY_NOTES = (
    "超过承诺发货时间未发货，赔付消费者", "缺货无法发货，赔付消费者", "物流轨迹异常，判定虚假轨迹",
    "未按实际物流发货，判定虚假发货", "存在虚假交易行为，扣除保证金",
)

_REVIEW_TEXTS = {
    5: ("质量很好，物美价廉", "发货快，包装很好，好评", "😊很满意，会回购", "", ""),
    4: ("还不错，性价比可以", "挺好的", ""),
    3: ("一般般吧", "还行，凑合用", ""),
    "low": ("物流太慢了", "不太满意", "一般，不推荐"),
    "bad_product": ("质量太差，有线头", "做工粗糙，有瑕疵", "和描述不符，退了"),
    "storm": ("虚假宣传，和图片完全不一样", "客服态度差，问了半天不回", "售后不处理，差评",
              "虚假宣传！！！", "客服态度差", "售后不处理，找了几次都没人管"),
}
_REPLIES = ("", "亲，非常抱歉给您带来不好的体验，请联系客服为您处理", "感谢亲的支持，欢迎再次光临")

_ORDER_STATUSES = (
    "待支付", "待发货", "已发货，待签收", "已签收", "未发货，退款成功", "已发货，退款成功",
    "已取消")
WAITING_PAYMENT, WAITING_SHIPMENT, SHIPPED, SIGNED, REFUNDED_UNSHIPPED, REFUNDED_SHIPPED, \
    ORDER_CANCELLED = range(7)
_ORDER_AS_STATUSES = ("无售后或售后取消", "售后处理中", "退款成功", "退款中", "买家撤销")


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

def generate_sample(out_dir: Path, orders: int = 3000, seed: int = 7, weeks: int = 4,
                    end_date: date = date(2026, 11, 22), profile: str = "mixed") -> SampleSummary:
    """Write one folder of merchant exports plus `labels/labels.csv` with the true answers.

    `end_date` is the last day covered (a Sunday, China time); one export per ISO week of each
    weekly kind ends on it. `out_dir` must be empty or absent, so no stale file from an earlier
    run can mix into the sample. Raises ValueError on arguments the model cannot honour.
    """
    if orders < 1 or weeks < 1:
        raise ValueError(f"orders and weeks must be at least 1 (got {orders} and {weeks}).")
    if profile not in PROFILES:
        raise ValueError(f"Unknown profile {profile!r}; choose one of {', '.join(PROFILES)}.")
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise ValueError(f"{out_dir} is not empty; give an empty or new folder for the sample.")
    calendar = _calendar(end_date, weeks)
    shop = _simulate(orders, seed, calendar, PROFILES[profile])
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = _ExportWriter(shop, out_dir, allow_xlsx=orders <= XLSX_MAX_ORDERS)
    writer.write_all()
    _write_labels(shop, out_dir / "labels" / "labels.csv")
    return _summary(shop, out_dir, writer)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the generator's options; shared by `python -m pipelines.sample` and the CLI."""
    parser.add_argument("--out", type=Path, required=True, help="empty folder to write into")
    parser.add_argument("--orders", type=int, default=3000, help="number of orders (default 3000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--weeks", type=int, default=4, help="ISO weeks covered (default 4)")
    parser.add_argument("--end-date", type=date.fromisoformat, default=date(2026, 11, 22),
                        help="last day covered, a Sunday, YYYY-MM-DD (default 2026-11-22)")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="mixed",
                        help="cause mix and noise level (default mixed)")


def run(args: argparse.Namespace) -> int:
    """Generate from parsed arguments; a bad argument is a usage error (exit code 2)."""
    try:
        summary = generate_sample(args.out, orders=args.orders, seed=args.seed, weeks=args.weeks,
                                  end_date=args.end_date, profile=args.profile)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    causes = ", ".join(f"{cause} {count}" for cause, count in summary.refused_by_cause)
    print(f"Wrote {len(summary.files)} files for {summary.orders} orders to {summary.out_dir} "
          f"({summary.order_rows} order rows, {summary.tracking_events} tracking events; "
          f"refused by cause: {causes}); labels in {summary.out_dir / 'labels'}.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.sample",
                                     description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


# --------------------------------------------------------------------------------------------
# Simulation state
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Calendar:
    first_day: int  # China-time epoch seconds of the first order day
    cutoffs: tuple[int, ...]  # exclusive end of each ISO week, oldest first

    @property
    def end(self) -> int:
        return self.cutoffs[-1]

    @property
    def days(self) -> int:
        return (self.end - self.first_day) // DAY


def _calendar(end_date: date, weeks: int) -> _Calendar:
    if end_date.isoweekday() != 7:
        raise ValueError(f"end_date {end_date} is a {end_date:%A}; it must be a Sunday.")
    end = _epoch(end_date + timedelta(days=1))
    cutoffs = tuple(end - 7 * DAY * k for k in reversed(range(weeks)))
    return _Calendar(first_day=cutoffs[0] - 14 * DAY, cutoffs=cutoffs)


def _epoch(day: date) -> int:
    return (day - _EPOCH).days * DAY


def _rng(seed: int, stream: str) -> np.random.Generator:
    """One random stream per concern, so a change to one part does not reshuffle the others."""
    return np.random.default_rng([seed, zlib.crc32(stream.encode())])


def _hours(rng: np.random.Generator, low: float, high: float, n: int) -> np.ndarray:
    return (rng.uniform(low, high, n) * HOUR).astype(np.int64)


def _chance(rng: np.random.Generator, probability: float, n: int) -> np.ndarray:
    return rng.random(n) < min(1.0, probability)


def _unique_ints(rng: np.random.Generator, n: int, low: int, high: int) -> np.ndarray:
    values = rng.integers(low, high, n)
    while True:
        _, first = np.unique(values, return_index=True)
        if len(first) == n:
            return values
        repeated = np.ones(n, bool)
        repeated[first] = False
        values[repeated] = rng.integers(low, high, int(repeated.sum()))


@dataclass(eq=False)
class _Catalog:
    titles: pa.Array
    product_ids: pa.Array
    product_codes: pa.Array
    categories: tuple[pa.Array, ...]
    popularity: np.ndarray
    is_bad: np.ndarray
    best_sellers: np.ndarray
    first_sku: np.ndarray
    sku_count: np.ndarray
    sku_product: np.ndarray
    sku_price: np.ndarray
    sku_specs: pa.Array
    sku_codes: pa.Array
    sku_style_ids: pa.Array


def _catalog(rng: np.random.Generator) -> _Catalog:
    n = len(_PRODUCTS)
    rank = rng.permutation(n)
    popularity = 1.0 / (rank + 1) ** 0.9
    # Mid-ranked, so their refusals stand out against their own modest volume.
    bad_ranks = rng.choice(np.arange(4, 16), _BAD_PRODUCTS, replace=False)
    sku_count = np.array([len(p[3]) for p in _PRODUCTS])
    first_sku = np.concatenate([[0], np.cumsum(sku_count)[:-1]])
    sku_product = np.repeat(np.arange(n), sku_count)
    sku_local = np.arange(len(sku_product)) - first_sku[sku_product]
    base_price = np.array([p[2] for p in _PRODUCTS])
    sku_price = base_price[sku_product] + 100 * (sku_local % 2)
    codes = [f"SP{p + 101:03d}" for p in range(n)]
    paths = [p[1].split("/") for p in _PRODUCTS]
    style_ids = _unique_ints(rng, len(sku_product), 10**10, 10**11)
    return _Catalog(
        titles=pa.array([p[0] for p in _PRODUCTS]),
        product_ids=pa.array(_unique_ints(rng, n, 10**11, 10**12).astype(str)),
        product_codes=pa.array(codes),
        categories=tuple(pa.array([path[level] for path in paths]) for level in range(4)),
        popularity=popularity / popularity.sum(),
        is_bad=np.isin(rank, bad_ranks),
        best_sellers=np.argsort(rank)[:_STORM_PRODUCTS],
        first_sku=first_sku,
        sku_count=sku_count,
        sku_product=sku_product,
        sku_price=sku_price,
        sku_specs=pa.array([spec for p in _PRODUCTS for spec in p[3]]),
        sku_codes=pa.array([f"{codes[p]}-{k + 1:02d}"
                            for p, k in zip(sku_product, sku_local, strict=True)]),
        sku_style_ids=pa.array(style_ids.astype(str)),
    )


@dataclass(eq=False)
class _Geography:
    province_names: pa.Array
    province_class: np.ndarray
    province_weight: np.ndarray
    first_city: np.ndarray
    city_count: np.ndarray
    city_names: pa.Array
    city_hubs: pa.Array
    site_names: pa.Array  # per city x district


def _geography() -> _Geography:
    cities = [c for _, cs, _, _ in _PROVINCES for c in cs]
    counts = np.array([len(cs) for _, cs, _, _ in _PROVINCES])
    weight = np.array([w for *_, w in _PROVINCES])
    return _Geography(
        province_names=pa.array([p for p, *_ in _PROVINCES]),
        province_class=np.array([k for _, _, k, _ in _PROVINCES]),
        province_weight=weight / weight.sum(),
        first_city=np.concatenate([[0], np.cumsum(counts)[:-1]]),
        city_count=counts,
        city_names=pa.array(cities),
        city_hubs=pa.array([c.removesuffix("市") + "转运中心" for c in cities]),
        site_names=pa.array([c.removesuffix("市") + d.removesuffix("区") + "营业部"
                             for c in cities for d in _DISTRICTS]),
    )


@dataclass(eq=False)
class _Orders:
    """One entry per order (index order = chronological), as the shop's database would hold it."""

    deal_at: np.ndarray
    id_number: np.ndarray
    sku: np.ndarray
    product: np.ndarray
    qty: np.ndarray
    sku2: np.ndarray  # second order line, -1 when the order has one line
    qty2: np.ndarray
    province: np.ndarray
    city: np.ndarray
    district: np.ndarray
    street: np.ndarray
    buyer: np.ndarray
    courier: np.ndarray
    courier_variant: np.ndarray
    tracking_number: np.ndarray
    note: np.ndarray
    message: np.ndarray
    pay_method: np.ndarray
    source: np.ndarray
    group_id: np.ndarray
    postage: np.ndarray
    shop_discount: np.ndarray
    platform_discount: np.ndarray
    pay_discount: np.ndarray
    price_override: np.ndarray  # fen per unit for trial and near-zero orders, -1 otherwise
    zero_trial: np.ndarray


def _draw_orders(rng: np.random.Generator, n: int, calendar: _Calendar, catalog: _Catalog,
                 geo: _Geography) -> _Orders:
    days = calendar.days
    day_weight = 1 + 0.18 * np.sin(2 * np.pi * np.arange(days) / 7) + 0.01 * np.arange(days)
    day = rng.choice(days, n, p=day_weight / day_weight.sum())
    hour = rng.choice(24, n, p=_HOUR_WEIGHTS / _HOUR_WEIGHTS.sum())
    deal_at = np.sort(calendar.first_day + day * DAY + hour * HOUR + rng.integers(0, HOUR, n))
    product = rng.choice(len(catalog.popularity), n, p=catalog.popularity)
    sku = catalog.first_sku[product] + (rng.random(n) * catalog.sku_count[product]).astype(int)
    province = rng.choice(len(geo.province_weight), n, p=geo.province_weight)
    multi_line = _chance(rng, 0.07, n)
    courier_share = np.array([c.share for c in _COURIERS])
    return _Orders(
        deal_at=deal_at,
        id_number=_unique_ints(rng, n, 10**14, 10**15),
        sku=sku,
        product=product,
        qty=rng.choice([1, 2, 3], n, p=[0.86, 0.10, 0.04]),
        sku2=np.where(multi_line, _second_sku(catalog, sku), -1),
        qty2=rng.choice([1, 2], n, p=[0.9, 0.1]),
        province=province,
        city=geo.first_city[province] + (rng.random(n) * geo.city_count[province]).astype(int),
        district=rng.integers(0, len(_DISTRICTS), n),
        street=rng.integers(0, len(_STREETS), n),
        buyer=rng.integers(len(_CLUSTER_ADDRESSES), len(_CLUSTER_ADDRESSES) + max(50, n), n),
        courier=rng.choice(len(_COURIERS), n, p=courier_share / courier_share.sum()),
        courier_variant=rng.integers(0, 2, n),
        tracking_number=_unique_ints(rng, n, 10**10, 10**11),
        note=np.where(_chance(rng, 0.03, n), rng.integers(1, len(_BENIGN_NOTES), n), 0),
        message=np.where(_chance(rng, 0.06, n), rng.integers(1, len(_BUYER_MESSAGES), n), 0),
        pay_method=rng.choice(len(_PAY_METHODS), n, p=[0.55, 0.25, 0.20]),
        source=rng.choice(len(_ORDER_SOURCES), n, p=[0.8, 0.15, 0.05]),
        group_id=rng.integers(10**11, 10**12, n),
        postage=np.where(_chance(rng, 0.05, n), rng.choice([300, 500], n), 0),
        shop_discount=np.where(_chance(rng, 0.2, n), rng.integers(1, 6, n) * 100, 0),
        platform_discount=np.where(_chance(rng, 0.1, n), rng.integers(1, 4, n) * 100, 0),
        pay_discount=np.where(_chance(rng, 0.1, n), rng.integers(10, 100, n), 0),
        price_override=np.full(n, -1),
        zero_trial=np.zeros(n, bool),
    )


def _second_sku(catalog: _Catalog, sku: np.ndarray) -> np.ndarray:
    """Another SKU of the same product, or the next product's first SKU for single-SKU products."""
    product = catalog.sku_product[sku]
    count = catalog.sku_count[product]
    local = sku - catalog.first_sku[product]
    other_product = catalog.first_sku[(product + 1) % len(catalog.sku_count)]
    return np.where(count > 1, catalog.first_sku[product] + (local + 1) % count, other_product)


Storm = tuple[int, int, int]  # product, start, end (epoch seconds)


@dataclass(eq=False)
class _Fates:
    fate: np.ndarray
    paid_at: np.ndarray
    return_reason: np.ndarray
    cause: np.ndarray  # -1 unless refused
    withdrawn: np.ndarray  # a pre-shipping refund request the buyer took back
    preship_applied_at: np.ndarray
    preship_done_at: np.ndarray
    delivery_mode: np.ndarray
    in_storm: np.ndarray  # delivered while the product's reviews were crashing
    storms: list[Storm]

    @property
    def ships(self) -> np.ndarray:
        return self.fate >= _Fate.DELIVERED


@dataclass(eq=False)
class _Draws:
    """Every random duration of the parcel timeline, drawn once, so that an order without an
    incident has the same timeline before and after the causes are assigned."""

    ship_lag: np.ndarray
    late_extra: np.ndarray
    pickup: np.ndarray
    hub_wait: np.ndarray
    hub_stay: np.ndarray
    transit_noise: np.ndarray
    slow_factor: np.ndarray
    stuck_long: np.ndarray
    stuck_short: np.ndarray
    stuck_offset: np.ndarray
    dest_hub_stay: np.ndarray
    damage_offset: np.ndarray
    to_first_attempt: np.ndarray
    retry_gap: np.ndarray
    fail_offset: np.ndarray
    extra_attempts: np.ndarray
    to_locker: np.ndarray
    locker_pickup: np.ndarray
    to_sign: np.ndarray
    to_refusal: np.ndarray
    to_reason: np.ndarray
    intercept_offset: np.ndarray
    locker_timeout: np.ndarray
    return_wait: np.ndarray
    return_factor: np.ndarray
    to_refund: np.ndarray
    to_confirm: np.ndarray

    @classmethod
    def draw(cls, rng: np.random.Generator, n: int) -> _Draws:
        lag_hours = np.clip(rng.lognormal(np.log(14), 0.7, n), 1, 46)
        return cls(
            ship_lag=(lag_hours * HOUR).astype(np.int64),
            late_extra=_hours(rng, 4, 60, n),
            pickup=_hours(rng, 0.5, 6, n),
            hub_wait=_hours(rng, 1.5, 5, n),
            hub_stay=_hours(rng, 1, 4, n),
            transit_noise=np.exp(rng.normal(0, 0.2, n)),
            slow_factor=rng.uniform(1.8, 2.8, n),
            stuck_long=_hours(rng, 24, 60, n),
            stuck_short=_hours(rng, 6, 18, n),
            stuck_offset=_hours(rng, 2, 8, n),
            dest_hub_stay=_hours(rng, 1, 4, n),
            damage_offset=_hours(rng, 0.5, 3, n),
            to_first_attempt=_hours(rng, 1, 8, n),
            retry_gap=_hours(rng, 20, 28, n),
            fail_offset=_hours(rng, 1, 4, n),
            extra_attempts=rng.integers(2, 4, n),
            to_locker=_hours(rng, 0.3, 2, n),
            locker_pickup=_hours(rng, 1, 30, n),
            to_sign=_hours(rng, 0.3, 4, n),
            to_refusal=_hours(rng, 0.2, 3, n),
            to_reason=_hours(rng, 1, 5, n),
            intercept_offset=_hours(rng, 1, 6, n),
            locker_timeout=_hours(rng, 72, 96, n),
            return_wait=_hours(rng, 3, 20, n),
            return_factor=rng.uniform(0.8, 1.2, n),
            to_refund=_hours(rng, 1, 24, n),
            to_confirm=_hours(rng, 24, 240, n),
        )


@dataclass(eq=False)
class _Signals:
    """Evidence switches per order. Set on a refused order of the matching cause they are its
    evidence; set anywhere else they are noise (benign incidents, a weaker second cause)."""

    late_ship: np.ndarray
    slow: np.ndarray
    stuck: np.ndarray
    stuck_long: np.ndarray
    stalled_text: np.ndarray
    damage: np.ndarray
    repeat: np.ndarray
    words: np.ndarray  # the refusal text or after-sales reason names the true cause
    words_must_show: np.ndarray  # the wording is the refusal's only evidence: noise spares it
    quality_reason: np.ndarray  # an after-sales reason about the goods (second cause)
    cancel_request: np.ndarray  # buyer asked to cancel before delivery, without a goods reason
    negotiating: np.ndarray  # a refund was under way before the parcel arrived
    single_low_review: np.ndarray
    boost_note: np.ndarray
    zero_price: np.ndarray
    no_pickup: np.ndarray
    shared_tracking: np.ndarray
    penalty: np.ndarray
    cluster: np.ndarray
    generic_text: np.ndarray
    code_14: np.ndarray
    returned_as_14: np.ndarray
    refusal_style: np.ndarray

    @classmethod
    def none(cls, n: int) -> _Signals:
        flags = {name: np.zeros(n, bool) for name in cls.__dataclass_fields__}
        flags["refusal_style"] = np.zeros(n, np.int8)
        return cls(**flags)

    @property
    def delayed(self) -> np.ndarray:
        return self.late_ship | self.slow | self.stuck


@dataclass(eq=False)
class _Timeline:
    owner: np.ndarray  # the order whose parcel carries this order's tracking number
    ship_at: np.ndarray
    pickup_at: np.ndarray
    hub_in_origin_at: np.ndarray
    hub_out_origin_at: np.ndarray
    stuck_at: np.ndarray
    hub_in_dest_at: np.ndarray
    hub_out_dest_at: np.ndarray
    damage_at: np.ndarray
    station_at: np.ndarray
    first_attempt_at: np.ndarray
    retry_gap: np.ndarray
    attempts: np.ndarray
    fail_offset: np.ndarray
    locker_at: np.ndarray
    outcome_at: np.ndarray  # signed, refused, or the reason it went back
    return_start_at: np.ndarray
    return_signed_at: np.ndarray
    refund_at: np.ndarray
    confirm_at: np.ndarray

    @property
    def last_attempt_at(self) -> np.ndarray:
        return self.first_attempt_at + (self.attempts - 1) * self.retry_gap

    def follow_owner(self) -> None:
        """Orders sharing a tracking number share that parcel's whole history."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name)[self.owner])


@dataclass(eq=False)
class _Shop:
    calendar: _Calendar
    clock: _Clock
    catalog: _Catalog
    geo: _Geography
    orders: _Orders
    fates: _Fates
    signals: _Signals
    timeline: _Timeline
    lines: _Lines
    events: _Events
    after_sales: _AfterSales
    reviews: _Reviews
    penalties: _Penalties
    store_scores: _StoreScores
    outcome: np.ndarray
    texts: _OrderTexts


def _simulate(n: int, seed: int, calendar: _Calendar, profile: Profile) -> _Shop:
    catalog = _catalog(_rng(seed, "catalog"))
    geo = _geography()
    orders = _draw_orders(_rng(seed, "orders"), n, calendar, catalog, geo)
    fates, signals, timeline = _decide_what_happens(seed, orders, catalog, geo, calendar, profile)
    reviews = _draw_reviews(_rng(seed, "reviews"), orders, fates, signals, timeline, catalog,
                            calendar)
    lines = _order_lines(orders, catalog)
    clock = _Clock(calendar)
    return _Shop(
        calendar=calendar, clock=clock, catalog=catalog, geo=geo, orders=orders, fates=fates,
        signals=signals, timeline=timeline, lines=lines,
        events=_build_events(_rng(seed, "events"), fates, signals, timeline, calendar, profile),
        after_sales=_draw_after_sales(_rng(seed, "after_sales"), orders, fates, signals,
                                      timeline, catalog, lines, calendar.end),
        reviews=reviews,
        penalties=_draw_penalties(_rng(seed, "penalties"), orders, fates, signals, timeline,
                                  lines, calendar),
        store_scores=_store_scores(reviews, fates, signals, timeline, calendar),
        outcome=_outcomes(orders, fates, timeline, calendar.end),
        texts=_order_texts(orders, timeline, signals, clock),
    )


# --------------------------------------------------------------------------------------------
# Fates, causes and their evidence switches
# --------------------------------------------------------------------------------------------

def _decide_what_happens(seed: int, orders: _Orders, catalog: _Catalog, geo: _Geography,
                         calendar: _Calendar, profile: Profile
                         ) -> tuple[_Fates, _Signals, _Timeline]:
    """Decide each order's fate and true cause, then the evidence, then the parcel timelines.

    The random durations and the incident-free base timeline (used to place reviews refusals in
    review storms) are only needed here, so they are freed when this returns.
    """
    n = len(orders.deal_at)
    draws = _Draws.draw(_rng(seed, "timeline"), n)
    fates = _draw_fates(_rng(seed, "fates"), orders, draws)
    base = _timeline(orders, fates, _Signals.none(n), draws, geo)
    _assign_causes(_rng(seed, "causes"), fates, base, orders, catalog, calendar, profile)
    del base
    signals = _draw_signals(_rng(seed, "signals"), fates, orders, catalog, profile)
    owner = _share_tracking_numbers(_rng(seed, "sharing"), signals, fates, orders)
    rules = fates.cause == RULES
    signals.boost_note |= rules & ~(signals.zero_price | signals.no_pickup
                                    | signals.shared_tracking | signals.penalty)
    _apply_boosting(signals, orders)
    timeline = _timeline(orders, fates, signals, draws, geo, owner)
    _hide_refusals_in_after_sales(_rng(seed, "hidden"), signals, fates, timeline, calendar,
                                  profile)
    return fates, signals, timeline


def _draw_fates(rng: np.random.Generator, orders: _Orders, draws: _Draws) -> _Fates:
    n = len(orders.deal_at)
    unpaid = _chance(rng, 0.025, n)
    paid_at = np.where(unpaid, NEVER, orders.deal_at + rng.integers(5, 300, n))
    preship = ~unpaid & _chance(rng, 0.035, n)
    withdrawn = preship & _chance(rng, 0.15, n)
    # Requests and withdrawals fall inside the shipping lag, so a withdrawn order still ships.
    applied = paid_at + draws.ship_lag * 3 // 10
    done = np.where(withdrawn, paid_at + draws.ship_lag * 6 // 10,
                    applied + _hours(rng, 0.1, 30, n))
    fate = np.full(n, _Fate.DELIVERED, np.int8)
    fate[unpaid] = _Fate.UNPAID
    fate[preship & ~withdrawn] = _Fate.REFUNDED_BEFORE_SHIPPING
    returned = (fate == _Fate.DELIVERED) & _chance(rng, 0.015, n)
    fate[returned] = _Fate.RETURNED
    reason = np.where(returned, rng.choice(4, n, p=[0.3, 0.3, 0.2, 0.2]), -1)
    mode = rng.choice(3, n, p=[0.72, 0.22, 0.06])
    mode[returned] = _DeliveryMode.IN_PERSON
    mode[reason == _ReturnReason.LOCKER_TIMEOUT] = _DeliveryMode.LOCKER
    return _Fates(fate=fate, paid_at=paid_at, return_reason=reason, cause=np.full(n, -1, np.int8),
                  withdrawn=withdrawn, preship_applied_at=np.where(preship, applied, NEVER),
                  preship_done_at=np.where(preship, done, NEVER), delivery_mode=mode,
                  in_storm=np.zeros(n, bool), storms=[])


def _assign_causes(rng: np.random.Generator, fates: _Fates, base: _Timeline, orders: _Orders,
                   catalog: _Catalog, calendar: _Calendar, profile: Profile) -> None:
    """Pick the refused orders and their true cause.

    A cause that lives in the order's context is picked where that context exists: a reviews
    refusal inside a review storm on its product, a quality refusal mostly on a bad product.
    Three quarters of quality refusals fall on the bad products, and at least
    `_BAD_PRODUCT_REFUSALS` of their parcels whatever the mix, so the product-level signal exists
    even in a shop where quality is a minor cause.
    """
    total = round(profile.refusal_rate * int(fates.ships.sum()))
    mix = np.array([profile.cause_mix[code] for code in CAUSE_CODES])
    counts = rng.multinomial(total, mix / mix.sum())
    _add_review_storms(rng, fates, orders.product, base.last_attempt_at, catalog, calendar,
                       counts[REVIEWS], profile)
    open_orders = fates.fate == _Fate.DELIVERED
    n_in_storm = min(round(counts[REVIEWS] * min(1.0, 0.85 * profile.evidence)),
                     int((fates.in_storm & open_orders).sum()))
    _refuse(fates, _pick(rng, fates.in_storm & open_orders, n_in_storm), REVIEWS)
    _refuse(fates, _pick(rng, (fates.fate == _Fate.DELIVERED) & ~fates.in_storm,
                         counts[REVIEWS] - n_in_storm), REVIEWS)
    bad = catalog.is_bad[orders.product] & (fates.fate == _Fate.DELIVERED)
    on_bad = max(round(0.75 * counts[QUALITY]), round(_BAD_PRODUCT_REFUSALS * int(bad.sum())))
    _refuse(fates, _pick(rng, bad, on_bad), QUALITY)
    _refuse(fates, _pick(rng, (fates.fate == _Fate.DELIVERED) & ~catalog.is_bad[orders.product],
                         counts[QUALITY] - on_bad), QUALITY)
    for cause in (RULES, LOGISTICS):
        _refuse(fates, _pick(rng, fates.fate == _Fate.DELIVERED, counts[cause]), cause)


def _pick(rng: np.random.Generator, mask: np.ndarray, count: int,
          weight: np.ndarray | None = None) -> np.ndarray:
    """Weighted sampling without replacement (Efraimidis-Spirakis keys), vectorised."""
    pool = np.flatnonzero(mask)
    count = min(count, len(pool))
    if count <= 0:
        return pool[:0]
    keys = rng.random(len(pool))
    if weight is not None:
        keys = np.log(keys) / weight[pool]
    return np.sort(pool[np.argpartition(-keys, count - 1)[:count]])


def _refuse(fates: _Fates, rows: np.ndarray, cause: int) -> None:
    fates.fate[rows] = _Fate.REFUSED
    fates.cause[rows] = cause


def _add_review_storms(rng: np.random.Generator, fates: _Fates, product: np.ndarray,
                       attempt_at: np.ndarray, catalog: _Catalog, calendar: _Calendar,
                       refusals_needed: int, profile: Profile) -> None:
    """Mark orders delivered while their product's reviews were crashing.

    Storms are added until about a third of the exposed deliveries would cover the reviews
    refusals (the reviews step fills each storm with low scores). Decoy storms that drive no
    refusal are added with the noise, so a burst of bad reviews alone is not proof.
    """
    open_orders = fates.fate == _Fate.DELIVERED
    latest = calendar.end - 2 * DAY
    earliest = min(calendar.first_day + 7 * DAY, latest - DAY)
    while refusals_needed and (fates.in_storm & open_orders).sum() * 0.3 < refusals_needed \
            and len(fates.storms) < 400:
        storm = _draw_storm(rng, catalog, earliest, latest)
        fates.storms.append(storm)
        fates.in_storm |= _storm_exposure(storm, product, attempt_at)
    decoys = rng.poisson(0.5 * profile.noise * max(1, len(fates.storms)))
    fates.storms.extend(_draw_storm(rng, catalog, earliest, latest) for _ in range(decoys))


def _draw_storm(rng: np.random.Generator, catalog: _Catalog, earliest: int, latest: int) -> Storm:
    start = int(rng.integers(earliest, latest))
    return int(rng.choice(catalog.best_sellers)), start, start + int(rng.uniform(3, 6) * DAY)


def _storm_exposure(storm: Storm, product: np.ndarray, attempt_at: np.ndarray) -> np.ndarray:
    storm_product, start, end = storm
    return (product == storm_product) & (attempt_at >= start + DAY // 2) & (attempt_at < end + DAY)


def _draw_signals(rng: np.random.Generator, fates: _Fates, orders: _Orders, catalog: _Catalog,
                  profile: Profile) -> _Signals:
    n = len(fates.fate)
    signals = _Signals.none(n)
    is_cause = [fates.cause == cause for cause in range(len(CAUSE_CODES))]
    benign = fates.ships & (fates.cause < 0)
    _logistics_signals(rng, signals, is_cause[LOGISTICS], benign, profile)
    _other_cause_signals(rng, signals, is_cause, fates, orders, catalog, profile)
    _second_cause_noise(rng, signals, fates.cause, profile)
    _refusal_wording_noise(rng, signals, fates.cause >= 0, profile)
    return signals


def _logistics_signals(rng: np.random.Generator, signals: _Signals, is_logistics: np.ndarray,
                       benign: np.ndarray, profile: Profile) -> None:
    """Delays and damage: several incidents per logistics refusal, rare benign ones elsewhere
    (a delayed parcel that was still signed for)."""
    n = len(is_logistics)
    evidence, noise = profile.evidence, profile.noise
    for name, cause_p, benign_p in (("late_ship", 0.40, 0.04), ("slow", 0.50, 0.04),
                                    ("stuck", 0.40, 0.03), ("damage", 0.22, 0.005),
                                    ("repeat", 0.30, 0.05)):
        flag = (is_logistics & _chance(rng, cause_p * evidence, n)) \
            | (benign & _chance(rng, benign_p * noise, n))
        setattr(signals, name, flag)
    signals.slow |= is_logistics & ~(signals.delayed | signals.damage | signals.repeat)
    signals.stuck_long = is_logistics | _chance(rng, 0.5, n)
    signals.stalled_text = _chance(rng, 0.4, n)


def _other_cause_signals(rng: np.random.Generator, signals: _Signals, is_cause: list[np.ndarray],
                         fates: _Fates, orders: _Orders, catalog: _Catalog,
                         profile: Profile) -> None:
    n = len(fates.fate)
    evidence = profile.evidence
    quality, reviews, rules = is_cause[QUALITY], is_cause[REVIEWS], is_cause[RULES]
    signals.words_must_show = quality & ~catalog.is_bad[orders.product]
    signals.words = (is_cause[LOGISTICS] & _chance(rng, 0.6 * evidence, n)) \
        | (quality & _chance(rng, 0.7 * evidence, n)) | signals.words_must_show \
        | (reviews & _chance(rng, 0.3 * evidence, n))
    signals.cancel_request = reviews & (_chance(rng, 0.45 * evidence, n) | ~fates.in_storm)
    signals.negotiating = (fates.cause >= 0) & ~reviews & _chance(rng, 0.2, n)
    for name, p in (("boost_note", 0.65), ("zero_price", 0.4), ("no_pickup", 0.45),
                    ("shared_tracking", 0.3), ("penalty", 0.45)):
        setattr(signals, name, rules & _chance(rng, p * evidence, n))
    signals.cluster = rules & _chance(rng, 0.7, n)
    boosted_but_signed = (fates.fate == _Fate.DELIVERED) & _chance(rng, 0.004, n)
    for name in ("boost_note", "zero_price", "cluster"):
        setattr(signals, name, getattr(signals, name) | boosted_but_signed)


def _second_cause_noise(rng: np.random.Generator, signals: _Signals, cause: np.ndarray,
                        profile: Profile) -> None:
    """Give some refusals one weak signal of another cause, and one more of the true cause, so
    the true cause stays the stronger one."""
    n = len(cause)
    second = (cause >= 0) & _chance(rng, 0.15 * profile.noise, n)
    other = (cause + rng.integers(1, len(CAUSE_CODES), n)) % len(CAUSE_CODES)
    short_delay = second & (other == LOGISTICS)
    signals.stuck |= short_delay
    signals.stuck_long &= ~short_delay
    signals.quality_reason = second & (other == QUALITY)
    signals.single_low_review = second & (other == REVIEWS)
    signals.no_pickup |= second & (other == RULES)
    signals.late_ship |= second & (cause == LOGISTICS)
    signals.words |= second & (cause == QUALITY)
    signals.cancel_request |= second & (cause == REVIEWS)
    signals.boost_note |= second & (cause == RULES)


def _refusal_wording_noise(rng: np.random.Generator, signals: _Signals, refused: np.ndarray,
                           profile: Profile) -> None:
    """How each refusal shows in tracking: generic texts, wrong codes, codes without text."""
    n = len(refused)
    noise = profile.noise
    free = refused & ~signals.words_must_show
    signals.generic_text = free & _chance(rng, 0.2 * noise, n)
    roll = rng.random(n)
    text_only = min(0.4, 0.08 * noise)
    style = np.where(roll < text_only, _RefusalStyle.TEXT_ONLY,
                     np.where((roll < 2 * text_only) & free, _RefusalStyle.CODE_ONLY,
                              _RefusalStyle.CODE_AND_TEXT))
    signals.refusal_style = np.where(refused, style, _RefusalStyle.CODE_AND_TEXT).astype(np.int8)
    signals.code_14 = _chance(rng, 0.2, n)
    signals.returned_as_14 = _chance(rng, 0.3, n)


def _share_tracking_numbers(rng: np.random.Generator, signals: _Signals, fates: _Fates,
                            orders: _Orders) -> np.ndarray:
    """Put boosted orders in batches of 2-3 on one tracking number (the latest order's parcel).

    The batch was placed within an hour, as boosting crews do, so the parcel can serve all of it.
    Returns for every order the order whose parcel it rides in.
    """
    n = len(fates.fate)
    owner = np.arange(n)
    rows = np.flatnonzero(signals.shared_tracking)
    sizes = rng.integers(2, 4, len(rows) // 2 + 1)
    group = np.repeat(np.arange(len(sizes)), sizes)[:len(rows)]
    alone = np.bincount(group)[group] == 1
    signals.shared_tracking[rows[alone]] = False
    rows, group = rows[~alone], group[~alone]
    if not len(rows):
        return owner
    starts_group = np.r_[True, group[1:] != group[:-1]]
    group_ends = np.flatnonzero(np.r_[starts_group[1:], True])
    leader = rows[group_ends[np.cumsum(starts_group) - 1]]
    followers = rows != leader
    moved = rows[followers]
    lead = leader[followers]
    paid_delay = fates.paid_at[moved] - orders.deal_at[moved]
    orders.deal_at[moved] = orders.deal_at[lead] - _hours(rng, 0, 1, len(moved))
    fates.paid_at[moved] = orders.deal_at[moved] + paid_delay
    owner[rows] = leader
    return owner


def _apply_boosting(signals: _Signals, orders: _Orders) -> None:
    """Boosted orders are free trials or near-free, from a few buyer clusters at one address."""
    zero = np.flatnonzero(signals.zero_price)
    trial = orders.id_number[zero] % 5 < 3
    orders.zero_trial[zero[trial]] = True
    orders.price_override[zero] = np.where(trial, 0, orders.id_number[zero] % 99 + 1)
    orders.qty[zero] = orders.qty2[zero] = 1
    for column in (orders.postage, orders.shop_discount, orders.platform_discount,
                   orders.pay_discount):
        column[zero] = 0
    clustered = np.flatnonzero(signals.cluster)
    cluster = orders.id_number[clustered] % len(_CLUSTER_ADDRESSES)
    provinces = [p for p, *_ in _PROVINCES]
    cities = [c for _, cs, _, _ in _PROVINCES for c in cs]
    address = np.array([(provinces.index(p), cities.index(c), d, s)
                        for p, c, d, s in _CLUSTER_ADDRESSES])
    orders.buyer[clustered] = cluster
    orders.province[clustered], orders.city[clustered] = address[cluster, 0], address[cluster, 1]
    orders.district[clustered], orders.street[clustered] = address[cluster, 2], address[cluster, 3]


# --------------------------------------------------------------------------------------------
# Parcel timelines and outcomes
# --------------------------------------------------------------------------------------------

def _timeline(orders: _Orders, fates: _Fates, signals: _Signals, draws: _Draws, geo: _Geography,
              owner: np.ndarray | None = None) -> _Timeline:
    """Milestones of every parcel: shipping, transit with its incidents, delivery attempts, and
    the outcome (signed, refused, or sent back), then the return trip and the refund."""
    promise = orders.deal_at + 48 * HOUR
    ship = fates.paid_at + draws.ship_lag
    ship = np.where(signals.late_ship, np.maximum(ship, promise + draws.late_extra), ship)
    ship = np.where(fates.ships, ship, NEVER)
    speed = np.array([c.speed for c in _COURIERS])[orders.courier]
    transit = (_TRANSIT_HOURS[geo.province_class[orders.province]] * speed * draws.transit_noise
               * np.where(signals.slow, draws.slow_factor, 1.0) * HOUR).astype(np.int64)
    delay = np.where(signals.stuck,
                     np.where(signals.stuck_long, draws.stuck_long, draws.stuck_short), 0)
    pickup = ship + draws.pickup
    hub_in_origin = pickup + draws.hub_wait
    hub_out_origin = hub_in_origin + draws.hub_stay
    stuck_at = hub_out_origin + draws.stuck_offset
    hub_in_dest = np.maximum(pickup + transit * 7 // 10 + delay,
                             np.where(signals.stuck, stuck_at, hub_out_origin) + 2 * HOUR)
    hub_out_dest = hub_in_dest + draws.dest_hub_stay
    damage_at = hub_out_dest + draws.damage_offset
    station = np.maximum(pickup + transit + delay,
                         np.where(signals.damage, damage_at, hub_out_dest) + HOUR)
    first_attempt = station + draws.to_first_attempt
    attempts = np.where(signals.repeat, draws.extra_attempts, 1)
    attempts = np.where(fates.return_reason == _ReturnReason.UNREACHABLE, 2, attempts)
    last_attempt = first_attempt + (attempts - 1) * draws.retry_gap
    in_locker = fates.delivery_mode == _DeliveryMode.LOCKER
    locker_at = np.where(in_locker, last_attempt + draws.to_locker, NEVER)
    outcome = _outcome_times(fates, draws, last_attempt, locker_at, hub_in_dest)
    goes_back = (fates.fate == _Fate.REFUSED) | (fates.fate == _Fate.RETURNED)
    return_start = np.where(goes_back, outcome + draws.return_wait, NEVER)
    return_signed = np.where(
        goes_back, return_start + (transit * draws.return_factor).astype(np.int64), NEVER)
    timeline = _Timeline(
        owner=np.arange(len(ship)) if owner is None else owner,
        ship_at=ship, pickup_at=pickup, hub_in_origin_at=hub_in_origin,
        hub_out_origin_at=hub_out_origin, stuck_at=stuck_at, hub_in_dest_at=hub_in_dest,
        hub_out_dest_at=hub_out_dest, damage_at=damage_at, station_at=station,
        first_attempt_at=first_attempt, retry_gap=draws.retry_gap, attempts=attempts,
        fail_offset=draws.fail_offset, locker_at=locker_at, outcome_at=outcome,
        return_start_at=return_start, return_signed_at=return_signed,
        refund_at=np.where(goes_back, return_signed + draws.to_refund, NEVER),
        confirm_at=np.where(fates.fate == _Fate.DELIVERED, outcome + draws.to_confirm, NEVER),
    )
    timeline.follow_owner()
    return timeline


def _outcome_times(fates: _Fates, draws: _Draws, last_attempt: np.ndarray,
                   locker_at: np.ndarray, hub_in_dest: np.ndarray) -> np.ndarray:
    in_locker = fates.delivery_mode == _DeliveryMode.LOCKER
    signed = np.where(in_locker, locker_at + draws.locker_pickup, last_attempt + draws.to_sign)
    reason = fates.return_reason
    sent_back = np.select(
        [reason == _ReturnReason.INTERCEPTED, reason == _ReturnReason.LOCKER_TIMEOUT],
        [hub_in_dest + draws.intercept_offset, locker_at + draws.locker_timeout],
        last_attempt + draws.to_reason)
    return np.select([fates.fate == _Fate.DELIVERED, fates.fate == _Fate.REFUSED,
                      fates.fate == _Fate.RETURNED],
                     [signed, last_attempt + draws.to_refusal, sent_back], NEVER)


def _hide_refusals_in_after_sales(rng: np.random.Generator, signals: _Signals, fates: _Fates,
                                  timeline: _Timeline, calendar: _Calendar,
                                  profile: Profile) -> None:
    """Some refusals leave no refusal trace in tracking, only the platform's refusal-refund
    state. That state must still be visible in the last after-sales export, so only refusals
    whose refund is still open at the end are eligible."""
    refused = (fates.fate == _Fate.REFUSED) & (timeline.outcome_at < calendar.end)
    eligible = refused & (timeline.refund_at >= calendar.end) & ~signals.shared_tracking \
        & ~signals.words_must_show
    count = round(0.04 * profile.noise * int(refused.sum()))
    hidden = _pick(rng, eligible, count)
    signals.refusal_style[hidden] = _RefusalStyle.AFTER_SALES_ONLY
    signals.negotiating[hidden] = True


def _outcomes(orders: _Orders, fates: _Fates, timeline: _Timeline, end: int) -> np.ndarray:
    """The true outcome of each order as of the end of the covered period."""
    fate = fates.fate
    happened = timeline.outcome_at < end
    return np.select(
        [fate == _Fate.UNPAID,
         fate == _Fate.REFUNDED_BEFORE_SHIPPING,
         timeline.ship_at >= end,
         (fate == _Fate.REFUSED) & happened,
         (fate == _Fate.RETURNED) & happened,
         (fate == _Fate.DELIVERED) & happened],
        [np.where(orders.deal_at + DAY < end, CANCELLED, NOT_SHIPPED),
         np.where(fates.preship_done_at < end, CANCELLED, NOT_SHIPPED),
         NOT_SHIPPED, REFUSED, RETURNED_UNDELIVERED, DELIVERED],
        IN_TRANSIT).astype(np.int8)


# --------------------------------------------------------------------------------------------
# Order lines and the strings every export shares
# --------------------------------------------------------------------------------------------

@dataclass(eq=False)
class _Lines:
    """One entry per order line, sorted by order then line; money in fen."""

    order: np.ndarray
    line_no: np.ndarray
    sku: np.ndarray
    qty: np.ndarray
    goods: np.ndarray
    postage: np.ndarray
    shop_discount: np.ndarray
    platform_discount: np.ndarray
    pay_discount: np.ndarray
    paid: np.ndarray
    received: np.ndarray

    def order_paid(self, n_orders: int) -> np.ndarray:
        return np.bincount(self.order, weights=self.paid, minlength=n_orders).astype(np.int64)


def _order_lines(orders: _Orders, catalog: _Catalog) -> _Lines:
    second = np.flatnonzero(orders.sku2 >= 0)
    order = np.concatenate([np.arange(len(orders.sku)), second])
    line_no = np.concatenate([np.zeros(len(orders.sku), int), np.ones(len(second), int)])
    by_order = np.lexsort((line_no, order))
    order, line_no = order[by_order], line_no[by_order]
    first = line_no == 0
    sku = np.where(first, orders.sku[order], orders.sku2[order])
    qty = np.where(first, orders.qty[order], orders.qty2[order])
    override = orders.price_override[order]
    goods = np.where(override >= 0, override, catalog.sku_price[sku]) * qty
    postage, shop, platform, pay = (np.where(first, column[order], 0) for column in (
        orders.postage, orders.shop_discount, orders.platform_discount, orders.pay_discount))
    shop = np.minimum(shop, goods)
    platform = np.minimum(platform, goods - shop)
    pay = np.minimum(pay, goods - shop - platform)
    return _Lines(order=order, line_no=line_no, sku=sku, qty=qty, goods=goods, postage=postage,
                  shop_discount=shop, platform_discount=platform, pay_discount=pay,
                  paid=goods + postage - shop - platform - pay, received=goods + postage - shop)


@dataclass(eq=False)
class _OrderTexts:
    order_ids: pa.Array
    tracking: pa.Array  # the number on the parcel the order rides in
    courier: np.ndarray  # the courier of that parcel
    notes: pa.Array


_BOOST_TAGS = ("G-0123", "G-0456", "G-2047", "V-88", "V-12", "V-07")
_BOOST_SUFFIXES = ("", " 放单", " 补单")


def _order_texts(orders: _Orders, timeline: _Timeline, signals: _Signals,
                 clock: _Clock) -> _OrderTexts:
    day = (orders.deal_at - clock.origin) // DAY
    order_ids = pc.binary_join_element_wise(
        _take(clock.id_prefixes, day), pc.cast(pa.array(orders.id_number), pa.string()), "")
    courier = orders.courier[timeline.owner]
    prefixes = pa.array([c.prefix for c in _COURIERS])
    tracking = pc.binary_join_element_wise(
        _take(prefixes, courier),
        pc.cast(pa.array(orders.tracking_number[timeline.owner]), pa.string()), "")
    notes = np.array(_BENIGN_NOTES, dtype=object)[orders.note]
    boosted = np.flatnonzero(signals.boost_note)
    number = orders.id_number[boosted]
    notes[boosted] = [_BOOST_TAGS[k % 6] + _BOOST_SUFFIXES[k // 6 % 3] for k in number.tolist()]
    return _OrderTexts(order_ids=order_ids, tracking=tracking, courier=courier,
                       notes=pa.array(notes, pa.string()))


# --------------------------------------------------------------------------------------------
# Tracking events
# --------------------------------------------------------------------------------------------

@dataclass(eq=False)
class _Events:
    """Tracking events of every parcel up to the end of the period, sorted by parcel then time."""

    owner: np.ndarray
    at: np.ndarray
    kind: np.ndarray
    reason: np.ndarray
    k100_state: np.ndarray
    k100_advanced: np.ndarray
    kdniao_state: np.ndarray
    kdniao_state_ex: np.ndarray


_KIND_CODES = np.array([[*_KINDS[k].k100, *_KINDS[k].kdniao] for k in _Kind], np.int16)


class _EventCollector:
    """Gathers events stage by stage; each stage is a vectorised slice of all parcels."""

    def __init__(self) -> None:
        self._parts: list[tuple[np.ndarray, ...]] = []

    def add(self, mask: np.ndarray, at: np.ndarray, kind: int | np.ndarray,
            reason: int | np.ndarray = 0, codes: Sequence[int | np.ndarray] | None = None) -> None:
        rows = np.flatnonzero(mask).astype(np.int32)
        kinds = _rows_of(kind, rows).astype(np.int8)
        default = _KIND_CODES[kinds]
        if codes is not None:
            default = np.stack([_rows_of(code, rows) for code in codes], axis=1).astype(np.int16)
        self._parts.append((rows, at[rows], kinds, _rows_of(reason, rows).astype(np.int16),
                            default))

    def build(self, end: int) -> _Events:
        owner, at, kind, reason, codes = (
            np.concatenate(part) for part in zip(*self._parts, strict=True))
        keep = at < end
        owner, at, kind, reason, codes = owner[keep], at[keep], kind[keep], reason[keep], \
            codes[keep]
        order = np.argsort(owner.astype(np.int64) << 34 | (at - at.min()), kind="stable")
        codes = codes[order]
        return _Events(owner=owner[order], at=at[order], kind=kind[order], reason=reason[order],
                       k100_state=codes[:, 0], k100_advanced=codes[:, 1],
                       kdniao_state=codes[:, 2], kdniao_state_ex=codes[:, 3])


def _rows_of(value: int | np.ndarray, rows: np.ndarray) -> np.ndarray:
    return value[rows] if isinstance(value, np.ndarray) else np.full(len(rows), value)


def _build_events(rng: np.random.Generator, fates: _Fates, signals: _Signals,
                  timeline: _Timeline, calendar: _Calendar, profile: Profile) -> _Events:
    n = len(fates.fate)
    parcel = fates.ships & (timeline.owner == np.arange(n))
    events = _EventCollector()
    _transit_events(events, parcel, fates, signals, timeline, rng)
    _delivery_events(events, parcel, fates, signals, timeline, rng)
    _refusal_events(events, parcel & (fates.fate == _Fate.REFUSED), fates, signals, timeline, rng)
    _return_events(events, parcel, fates, signals, timeline)
    built = events.build(calendar.end)
    missing = rng.random(len(built.at)) < 0.01 * profile.noise
    built.k100_advanced[missing] = -1
    return built


def _transit_events(events: _EventCollector, parcel: np.ndarray, fates: _Fates,
                    signals: _Signals, timeline: _Timeline, rng: np.random.Generator) -> None:
    n = len(parcel)
    reaches_station = parcel & (fates.return_reason != _ReturnReason.INTERCEPTED)
    events.add(parcel & ~signals.no_pickup, timeline.pickup_at, _Kind.PICKUP)
    events.add(parcel, timeline.hub_in_origin_at, _Kind.HUB_IN_ORIGIN)
    events.add(parcel, timeline.hub_out_origin_at, _Kind.HUB_OUT_ORIGIN)
    stuck_kind = np.where(signals.stalled_text, _Kind.STALLED, _Kind.STUCK)
    stuck_reason = _reason_ids(_STUCK_REASONS)[rng.integers(0, len(_STUCK_REASONS), n)]
    events.add(parcel & signals.stuck, timeline.stuck_at, stuck_kind, stuck_reason)
    events.add(parcel, timeline.hub_in_dest_at, _Kind.HUB_IN_DEST)
    events.add(reaches_station, timeline.hub_out_dest_at, _Kind.HUB_OUT_DEST)
    events.add(reaches_station & signals.damage, timeline.damage_at, _Kind.DAMAGED)
    events.add(reaches_station, timeline.station_at, _Kind.AT_STATION)


def _delivery_events(events: _EventCollector, parcel: np.ndarray, fates: _Fates,
                     signals: _Signals, timeline: _Timeline, rng: np.random.Generator) -> None:
    n = len(parcel)
    reaches_door = parcel & (fates.return_reason != _ReturnReason.INTERCEPTED)
    fail_reason = _reason_ids(_FAIL_REASONS)[rng.integers(0, len(_FAIL_REASONS), n)]
    for attempt in range(int(timeline.attempts.max(initial=1))):
        at = timeline.first_attempt_at + attempt * timeline.retry_gap
        events.add(reaches_door & (timeline.attempts > attempt), at, _Kind.OUT_FOR_DELIVERY)
        events.add(reaches_door & (timeline.attempts > attempt + 1), at + timeline.fail_offset,
                   _Kind.DELIVERY_FAILED, fail_reason)
    events.add(parcel & (timeline.locker_at < NEVER), timeline.locker_at, _Kind.IN_LOCKER)
    delivered = parcel & (fates.fate == _Fate.DELIVERED)
    mode = fates.delivery_mode
    had_issue = signals.stuck | signals.damage | signals.repeat
    signed_kind = np.select(
        [mode == _DeliveryMode.LOCKER, had_issue, mode == _DeliveryMode.PROXY],
        [_Kind.SIGNED_AT_LOCKER, _Kind.SIGNED_AFTER_ISSUE, _Kind.SIGNED_BY_PROXY], _Kind.SIGNED)
    events.add(delivered, timeline.outcome_at, signed_kind)


def _refusal_events(events: _EventCollector, refused: np.ndarray, fates: _Fates,
                    signals: _Signals, timeline: _Timeline, rng: np.random.Generator) -> None:
    """The refusal itself, in the form the order's refusal style dictates."""
    n = len(refused)
    style = signals.refusal_style
    with_reason = signals.words & ~signals.generic_text & (fates.cause != RULES)
    generic = _GENERIC_REFUSALS[rng.integers(0, len(_GENERIC_REFUSALS), n)]
    text_kind = np.where(with_reason, _Kind.REFUSED_WITH_REASON, generic)
    reason = _refusal_reason(rng, fates.cause, signals.damage)
    code_state = np.where(signals.code_14, 14, 2)
    code_advanced = np.where(signals.code_14, 14, 203)
    events.add(refused & (style == _RefusalStyle.CODE_AND_TEXT), timeline.outcome_at, text_kind,
               reason, codes=(code_state, code_advanced, 4, 404))
    wrong_state = np.where(rng.random(n) < 0.5, 5, -1)
    events.add(refused & (style == _RefusalStyle.TEXT_ONLY), timeline.outcome_at, text_kind,
               reason, codes=(wrong_state, wrong_state, 2, -1))
    events.add(refused & (style == _RefusalStyle.CODE_ONLY), timeline.outcome_at,
               _Kind.DELIVERY_ABORTED)
    events.add(refused & (style == _RefusalStyle.AFTER_SALES_ONLY), timeline.outcome_at,
               _Kind.DELIVERY_ABORTED, codes=(6, 6, 2, 407))


def _refusal_reason(rng: np.random.Generator, cause: np.ndarray, damage: np.ndarray) -> np.ndarray:
    """The reason a courier notes for a refusal in the cause's own words."""
    n = len(cause)
    logistics = _reason_ids(_LOGISTICS_REFUSALS)
    quality = _reason_ids(_QUALITY_REFUSALS)
    reviews = _reason_ids(_REVIEWS_REFUSALS)
    slow_words = logistics[rng.integers(0, len(logistics) - 1, n)]
    return np.select(
        [(cause == LOGISTICS) & damage, cause == LOGISTICS, cause == QUALITY, cause == REVIEWS],
        [logistics[-1], slow_words, quality[rng.integers(0, len(quality), n)],
         reviews[rng.integers(0, len(reviews), n)]], 0)


def _return_events(events: _EventCollector, parcel: np.ndarray, fates: _Fates,
                   signals: _Signals, timeline: _Timeline) -> None:
    returned = parcel & (fates.fate == _Fate.RETURNED)
    reason = fates.return_reason
    for why, kind in ((_ReturnReason.ADDRESS_UNKNOWN, _Kind.ADDRESS_UNKNOWN),
                      (_ReturnReason.UNREACHABLE, _Kind.UNREACHABLE),
                      (_ReturnReason.INTERCEPTED, _Kind.INTERCEPTED),
                      (_ReturnReason.LOCKER_TIMEOUT, _Kind.LOCKER_TIMEOUT)):
        events.add(returned & (reason == why), timeline.outcome_at, kind)
    goes_back = parcel & (timeline.return_start_at < NEVER)
    events.add(goes_back, timeline.return_start_at, _Kind.RETURNING)
    # 14 拒签 closes some refusals; it is refusal evidence, so never on other styles or returns.
    rejected = (fates.fate == _Fate.REFUSED) & signals.returned_as_14 \
        & (signals.refusal_style == _RefusalStyle.CODE_AND_TEXT)
    code = np.where(rejected, 14, 4)
    events.add(goes_back, timeline.return_signed_at, _Kind.RETURN_SIGNED,
               codes=(code, code, 3, 406))


# --------------------------------------------------------------------------------------------
# After-sales records, reviews, penalty bills, store scores
# --------------------------------------------------------------------------------------------

@dataclass(eq=False)
class _AfterSales:
    """After-sales records; each moves through up to three statuses at known times."""

    order: np.ndarray
    kind: np.ndarray
    reason: np.ndarray
    applied_at: np.ndarray
    middle_at: np.ndarray
    done_at: np.ndarray
    statuses: np.ndarray  # (records, 3): first, middle, final status
    amount: np.ndarray
    shipped: np.ndarray
    return_tracking: np.ndarray  # -1 when the buyer sent nothing back
    ids: np.ndarray

    def status_at(self, rows: np.ndarray, cutoff: int) -> np.ndarray:
        stage = (self.middle_at[rows] < cutoff).astype(int) + (self.done_at[rows] < cutoff)
        return self.statuses[rows, stage]


class _RecordCollector:
    """Gathers record groups; each column is a constant or an array aligned with `rows`."""

    def __init__(self) -> None:
        self._parts: list[dict[str, np.ndarray]] = []

    def add(self, rows: np.ndarray, **columns: int | np.ndarray) -> None:
        self._parts.append({"order": rows} | {
            name: np.broadcast_to(value, len(rows)) for name, value in columns.items()})

    def column(self, name: str) -> np.ndarray:
        return np.concatenate([part[name] for part in self._parts])


def _draw_after_sales(rng: np.random.Generator, orders: _Orders, fates: _Fates,
                      signals: _Signals, timeline: _Timeline, catalog: _Catalog, lines: _Lines,
                      end: int) -> _AfterSales:
    n = len(fates.fate)
    paid = lines.order_paid(n)
    records = _RecordCollector()
    _preship_records(rng, records, fates, paid)
    _refusal_records(rng, records, fates, signals, timeline, paid, end)
    _returned_records(rng, records, fates, timeline, paid)
    _after_signing_records(rng, records, orders, fates, timeline, catalog, paid)
    applied = records.column("applied_at")
    order = np.argsort(applied, kind="stable")
    statuses = np.stack([records.column(f"status{k}") for k in range(3)], axis=1)[order]
    return_tracking = records.column("return_tracking")[order]
    has_return = return_tracking >= 0
    return_tracking[has_return] = _unique_ints(rng, int(has_return.sum()), 10**10, 10**11)
    return _AfterSales(
        order=records.column("order")[order], kind=records.column("kind")[order],
        reason=records.column("reason")[order], applied_at=applied[order],
        middle_at=records.column("middle_at")[order], done_at=records.column("done_at")[order],
        statuses=statuses, amount=records.column("amount")[order],
        shipped=records.column("shipped")[order], return_tracking=return_tracking,
        ids=_unique_ints(rng, len(order), 10**13, 10**14))


def _preship_records(rng: np.random.Generator, records: _RecordCollector, fates: _Fates,
                     paid: np.ndarray) -> None:
    rows = np.flatnonzero(fates.preship_applied_at < NEVER)
    reason = rng.choice([0, 1, 4, _OTHER_REASON], len(rows), p=[0.5, 0.15, 0.15, 0.2])
    final = np.where(fates.withdrawn[rows], WITHDRAWN, REFUNDED)
    done = fates.preship_done_at[rows]
    records.add(rows, kind=REFUND_ONLY, reason=reason, applied_at=fates.preship_applied_at[rows],
                middle_at=done, done_at=done, status0=APPLIED, status1=final, status2=final,
                amount=paid[rows], shipped=False, return_tracking=-1)


def _refusal_records(rng: np.random.Generator, records: _RecordCollector, fates: _Fates,
                     signals: _Signals, timeline: _Timeline, paid: np.ndarray, end: int) -> None:
    """Every refused parcel is refunded as 仅退款. A request made before the parcel arrived is
    agreed as a refusal refund (已同意拒收退款，待用户拒收); one made after it is an ordinary
    one."""
    rows = np.flatnonzero(fates.fate == _Fate.REFUSED)
    m = len(rows)
    attempt = timeline.outcome_at[rows]
    # A refusal still ahead at the end must not show the refusal-refund state yet.
    before = (signals.cancel_request | signals.negotiating)[rows] & (attempt < end)
    applied = np.where(before,
                       np.maximum(timeline.ship_at[rows] + HOUR, attempt - _hours(rng, 4, 72, m)),
                       attempt + _hours(rng, 0.2, 24, m))
    refund = timeline.refund_at[rows]
    agreed = np.minimum(applied + _hours(rng, 0.5, 12, m),
                        np.where(before, attempt - 900, refund - 1800))
    agreed = np.maximum(agreed, applied + 60)
    middle = np.where(before, AGREED_REFUSAL,
                      np.where(rng.random(m) < 0.1, PLATFORM, AGREED))
    records.add(rows, kind=REFUND_ONLY, reason=_refusal_as_reason(rng, rows, fates, signals),
                applied_at=applied, middle_at=agreed, done_at=refund, status0=APPLIED,
                status1=middle, status2=REFUNDED, amount=paid[rows], shipped=True,
                return_tracking=-1)


def _refusal_as_reason(rng: np.random.Generator, rows: np.ndarray, fates: _Fates,
                       signals: _Signals) -> np.ndarray:
    m = len(rows)
    cause = fates.cause[rows]
    words = signals.words[rows]
    logistics = np.select(
        [signals.damage[rows], signals.late_ship[rows], signals.stuck[rows]
         & (rng.random(m) < 0.4)], [6, 4, 5], 3)
    quality = _QUALITY_AS_REASONS[rng.integers(0, len(_QUALITY_AS_REASONS), m)]
    cancel = _CANCEL_AS_REASONS[rng.integers(0, len(_CANCEL_AS_REASONS), m)]
    return np.select(
        [signals.quality_reason[rows], words & (cause == LOGISTICS), words & (cause == QUALITY),
         (cause == REVIEWS) & (words | signals.cancel_request[rows])],
        [quality, logistics, quality, cancel], _OTHER_REASON)


def _returned_records(rng: np.random.Generator, records: _RecordCollector, fates: _Fates,
                      timeline: _Timeline, paid: np.ndarray) -> None:
    """Parcels sent back undelivered are refunded too; an intercept follows a buyer's request."""
    rows = np.flatnonzero(fates.fate == _Fate.RETURNED)
    m = len(rows)
    intercepted = fates.return_reason[rows] == _ReturnReason.INTERCEPTED
    returned_at = timeline.outcome_at[rows]
    applied = np.where(intercepted,
                       np.maximum(timeline.ship_at[rows] + 600,
                                  returned_at - _hours(rng, 2, 12, m)),
                       returned_at + _hours(rng, 1, 30, m))
    refund = timeline.refund_at[rows]
    reason = np.where(intercepted, rng.choice([0, 1], m),
                      rng.choice([3, _OTHER_REASON], m, p=[0.3, 0.7]))
    records.add(rows, kind=REFUND_ONLY, reason=reason, applied_at=applied,
                middle_at=np.clip(applied + _hours(rng, 0.5, 12, m), applied + 60, refund - 60),
                done_at=refund, status0=APPLIED, status1=AGREED, status2=REFUNDED,
                amount=paid[rows], shipped=True, return_tracking=-1)


def _after_signing_records(rng: np.random.Generator, records: _RecordCollector, orders: _Orders,
                           fates: _Fates, timeline: _Timeline, catalog: _Catalog,
                           paid: np.ndarray) -> None:
    """Ordinary returns after signing (退货退款): not refusals, though the wording often is."""
    n = len(fates.fate)
    bad = catalog.is_bad[orders.product]
    rows = np.flatnonzero((fates.fate == _Fate.DELIVERED)
                          & (rng.random(n) < np.where(bad, 0.09, 0.03)))
    m = len(rows)
    applied = timeline.outcome_at[rows] + _hours(rng, 12, 168, m)
    quality = _QUALITY_AS_REASONS[rng.integers(0, len(_QUALITY_AS_REASONS), m)]
    usual = rng.choice([7, 8, 0, _OTHER_REASON], m, p=[0.25, 0.2, 0.3, 0.25])
    reason = np.where(bad[rows] & (rng.random(m) < 0.7), quality, usual)
    rejected = rng.random(m) < 0.08
    records.add(rows, kind=RETURN_AND_REFUND, reason=reason, applied_at=applied,
                middle_at=applied + _hours(rng, 2, 24, m),
                done_at=applied + _hours(rng, 72, 192, m),
                status0=APPLIED, status1=np.where(rejected, REJECTED, AGREED),
                status2=np.where(rejected, WITHDRAWN, REFUNDED),
                amount=np.where(rejected, 0, paid[rows]), shipped=True,
                return_tracking=np.where(rejected, -1, 0))


@dataclass(eq=False)
class _Reviews:
    order: np.ndarray
    at: np.ndarray
    stars: np.ndarray
    text: np.ndarray  # index into _REVIEW_VOCABULARY
    reply: np.ndarray
    is_storm: np.ndarray


_REVIEW_VOCABULARY = tuple(dict.fromkeys(t for texts in _REVIEW_TEXTS.values() for t in texts))


def _review_text_ids(group: int | str) -> np.ndarray:
    return np.array([_REVIEW_VOCABULARY.index(t) for t in _REVIEW_TEXTS[group]])


def _draw_reviews(rng: np.random.Generator, orders: _Orders, fates: _Fates, signals: _Signals,
                  timeline: _Timeline, catalog: _Catalog, calendar: _Calendar) -> _Reviews:
    """Ordinary reviews, low-score storms on best sellers, and single stray low reviews. A later
    review of the same order replaces an earlier one, as a buyer's follow-up would."""
    signed = (fates.fate == _Fate.DELIVERED) & (timeline.outcome_at < calendar.end)
    parts = [_ordinary_reviews(rng, signed, orders, timeline, catalog)]
    parts += [_storm_reviews(rng, storm, signed, orders, timeline) for storm in fates.storms]
    parts.append(_stray_low_reviews(rng, signed, orders, signals, timeline))
    order, at, stars, text, storm = (
        np.concatenate(column) for column in zip(*parts, strict=True))
    last = len(order) - 1 - np.unique(order[::-1], return_index=True)[1]
    keep = np.sort(last[at[last] < calendar.end])
    by_time = keep[np.argsort(at[keep], kind="stable")]
    reply = np.where(stars[by_time] <= 2, rng.choice([0, 1], len(by_time), p=[0.6, 0.4]),
                     rng.choice([0, 2], len(by_time), p=[0.9, 0.1]))
    return _Reviews(order=order[by_time], at=at[by_time], stars=stars[by_time],
                    text=text[by_time], reply=reply, is_storm=storm[by_time])


def _ordinary_reviews(rng: np.random.Generator, signed: np.ndarray, orders: _Orders,
                      timeline: _Timeline, catalog: _Catalog) -> tuple[np.ndarray, ...]:
    rows = np.flatnonzero(signed & (rng.random(len(signed)) < 0.22))
    m = len(rows)
    bad = catalog.is_bad[orders.product[rows]]
    stars = np.where(bad, rng.choice(np.arange(1, 6), m, p=[0.10, 0.10, 0.15, 0.25, 0.40]),
                     rng.choice(np.arange(1, 6), m, p=[0.02, 0.02, 0.04, 0.12, 0.80]))
    low_texts = np.where(bad[:, None], _review_text_ids("bad_product")[None, :],
                         _review_text_ids("low")[None, :])
    text = np.select(
        [stars == 5, stars == 4, stars == 3],
        [_pick_each(rng, _review_text_ids(5), m), _pick_each(rng, _review_text_ids(4), m),
         _pick_each(rng, _review_text_ids(3), m)],
        low_texts[np.arange(m), rng.integers(0, low_texts.shape[1], m)])
    at = timeline.outcome_at[rows] + _hours(rng, 8, 144, m)
    return rows, at, stars, text, np.zeros(m, bool)


def _pick_each(rng: np.random.Generator, choices: np.ndarray, m: int) -> np.ndarray:
    return choices[rng.integers(0, len(choices), m)]


def _storm_reviews(rng: np.random.Generator, storm: Storm, signed: np.ndarray, orders: _Orders,
                   timeline: _Timeline) -> tuple[np.ndarray, ...]:
    """Half of the product's recent buyers post a 1-2 star review in the storm's first days."""
    product, start, end = storm
    signed_at = timeline.outcome_at
    recent = signed & (orders.product == product) & (signed_at >= start - 10 * DAY) \
        & (signed_at < end - (end - start) * 3 // 10)
    rows = np.flatnonzero(recent & (rng.random(len(signed)) < 0.5))
    m = len(rows)
    window = ((end - start) * 0.6 + DAY) * rng.random(m)
    at = np.maximum(signed_at[rows] + 2 * HOUR, start - DAY + window.astype(np.int64))
    stars = rng.choice([1, 2], m, p=[0.6, 0.4])
    return rows, at, stars, _pick_each(rng, _review_text_ids("storm"), m), np.ones(m, bool)


def _stray_low_reviews(rng: np.random.Generator, signed: np.ndarray, orders: _Orders,
                       signals: _Signals, timeline: _Timeline) -> tuple[np.ndarray, ...]:
    """One low review on the product just before a refusal: a weak second-cause signal."""
    targets = np.flatnonzero(signals.single_low_review)
    candidates = np.flatnonzero(signed)
    shift = np.int64(1) << 40
    keys = orders.product[candidates] * shift + timeline.outcome_at[candidates]
    by_key = np.argsort(keys)
    wanted_at = timeline.outcome_at[targets] - _hours(rng, 6, 30, len(targets))
    position = np.searchsorted(keys[by_key], orders.product[targets] * shift + wanted_at) - 1
    found = position >= 0
    reviewer = candidates[by_key[np.maximum(position, 0)]]
    found &= orders.product[reviewer] == orders.product[targets]
    rows, at = reviewer[found], np.maximum(wanted_at[found], timeline.outcome_at[reviewer[found]])
    m = len(rows)
    return rows, at + HOUR, np.full(m, 2), _pick_each(rng, _review_text_ids("storm"), m), \
        np.zeros(m, bool)


@dataclass(eq=False)
class _Penalties:
    order: np.ndarray
    kind: np.ndarray
    amount: np.ndarray
    at: np.ndarray

    @property
    def names_parcel(self) -> np.ndarray:
        return (self.kind == _FAKE_TRACKING) | (self.kind == _FAKE_SHIPPING)


def _draw_penalties(rng: np.random.Generator, orders: _Orders, fates: _Fates, signals: _Signals,
                    timeline: _Timeline, lines: _Lines, calendar: _Calendar) -> _Penalties:
    n = len(fates.fate)
    paid = lines.order_paid(n)
    fake = np.flatnonzero(signals.penalty)
    fake_kind = rng.choice([_FAKE_TRACKING, _FAKE_SHIPPING, _FAKE_TRADE], len(fake),
                           p=[0.4, 0.35, 0.25])
    fake_amount = np.select([fake_kind == _FAKE_TRADE, fake_kind == _FAKE_SHIPPING],
                            [rng.integers(100, 3000, len(fake)) * 100,
                             rng.integers(10, 100, len(fake)) * 100],
                            rng.integers(500, 5000, len(fake)))
    late = np.flatnonzero(signals.late_ship & fates.ships & (rng.random(n) < 0.7))
    stockout = np.flatnonzero((fates.fate == _Fate.REFUNDED_BEFORE_SHIPPING)
                              & (rng.random(n) < 0.2))
    order = np.concatenate([fake, late, stockout])
    caught = timeline.ship_at[fake] + (
        (timeline.outcome_at[fake] - timeline.ship_at[fake]) * rng.uniform(0.3, 0.9, len(fake))
    ).astype(np.int64)
    at = np.concatenate([
        caught,
        orders.deal_at[late] + 48 * HOUR + _hours(rng, 24, 72, len(late)),
        fates.preship_done_at[stockout] + _hours(rng, 1, 48, len(stockout))])
    kind = np.concatenate([fake_kind, np.full(len(late), _LATE_FINE),
                           np.full(len(stockout), _STOCKOUT_FINE)])
    amount = np.concatenate([fake_amount, np.clip(paid[late] // 20, 300, 5000),
                             rng.integers(300, 1000, len(stockout))])
    keep = np.flatnonzero(at < calendar.end)
    keep = keep[np.argsort(at[keep], kind="stable")]
    return _Penalties(order=order[keep], kind=kind[keep], amount=amount[keep], at=at[keep])


@dataclass(eq=False)
class _StoreScores:
    day_at: np.ndarray
    overall: np.ndarray
    description: np.ndarray
    logistics: np.ndarray
    service: np.ndarray


def _store_scores(reviews: _Reviews, fates: _Fates, signals: _Signals, timeline: _Timeline,
                  calendar: _Calendar) -> _StoreScores:
    """Daily 90-day rolling scores, as the platform computes them. The 90 days before the data
    are assumed at the shop's usual level, so review storms and delay bursts show as dips."""
    days = calendar.days
    review_day = (reviews.at - calendar.first_day) // DAY
    signed = (fates.fate == _Fate.DELIVERED) & (timeline.outcome_at < calendar.end)
    signed_day = (timeline.outcome_at[signed] - calendar.first_day) // DAY
    usual_stars = reviews.stars[~reviews.is_storm].mean() if (~reviews.is_storm).any() else 4.8
    description = _rolling_mean(review_day, reviews.stars, usual_stars, days)
    service = 4.86 - 3.5 * _rolling_mean(review_day, reviews.is_storm, 0.0, days)
    delayed = signals.delayed[signed]
    usual_delays = delayed.mean() if len(delayed) else 0.0
    logistics = 4.9 - 2.5 * _rolling_mean(signed_day, delayed, usual_delays, days)
    overall = 0.5 * description + 0.25 * logistics + 0.25 * service
    return _StoreScores(day_at=calendar.first_day + np.arange(days) * DAY,
                        overall=np.round(overall, 2), description=np.round(description, 2),
                        logistics=np.round(logistics, 2), service=np.round(service, 2))


def _rolling_mean(day: np.ndarray, values: np.ndarray, usual: float, days: int,
                  window: int = 90) -> np.ndarray:
    """Mean of `values` over the trailing window, the days before the data counting as `usual`."""
    count = np.bincount(day, minlength=days)[:days]
    total = np.bincount(day, weights=values, minlength=days)[:days]
    history = np.maximum(0, window - np.arange(1, days + 1)) * max(count.mean(), 1.0)
    return (history * usual + _rolling(total, window)) / (history + _rolling(count, window))


def _rolling(values: np.ndarray, window: int) -> np.ndarray:
    total = np.cumsum(values, dtype=float)
    return total - np.concatenate([np.zeros(window), total[:-window]])[:len(total)]


# --------------------------------------------------------------------------------------------
# Rendering: Arrow string kernels, CSV and XLSX writers
# --------------------------------------------------------------------------------------------

class _Clock:
    """Formats China-time epoch seconds through lookup tables: far faster than strftime."""

    def __init__(self, calendar: _Calendar) -> None:
        self.origin = calendar.first_day - 7 * DAY
        days = [_EPOCH + timedelta(days=self.origin // DAY + k)
                for k in range((calendar.end - self.origin) // DAY + 60)]
        self.dates = pa.array([d.isoformat() for d in days])
        self.slash_dates = pa.array([d.strftime("%Y/%m/%d") for d in days])
        self.id_prefixes = pa.array([d.strftime("%y%m%d-") for d in days])
        self.seconds = pa.array([f"{s // HOUR:02d}:{s // 60 % 60:02d}:{s % 60:02d}"
                                 for s in range(DAY)])
        self.minutes = pa.array([f"{m // 60:02d}:{m % 60:02d}" for m in range(DAY // 60)])
        self.limit = self.origin + len(days) * DAY

    def timestamps(self, at: np.ndarray, slash: bool = False,
                   before: int | None = None) -> pa.Array:
        """`YYYY-MM-DD HH:MM:SS` (or `YYYY/MM/DD HH:MM`); empty when unknown or not yet due."""
        valid = (at >= self.origin) & (at < (self.limit if before is None else before))
        since = np.where(valid, at - self.origin, 0)
        day = _take(self.slash_dates if slash else self.dates, since // DAY, ~valid)
        clock = _take(self.minutes, since % DAY // 60) if slash else _take(self.seconds,
                                                                           since % DAY)
        return pc.binary_join_element_wise(day, clock, " ")

    def day(self, at: np.ndarray) -> pa.Array:
        return _take(self.dates, (at - self.origin) // DAY)


def _take(vocabulary: pa.Array | Sequence[str], index: np.ndarray,
          missing: np.ndarray | None = None) -> pa.Array:
    if not isinstance(vocabulary, pa.Array):
        vocabulary = pa.array(vocabulary, pa.string())
    return pc.take(vocabulary, pa.array(np.asarray(index, np.int64), mask=missing))


def _repeat(value: str, n: int) -> pa.Array:
    return _take([value], np.zeros(n, np.int64))


def _digits(values: np.ndarray, width: int = 0) -> pa.Array:
    text = pc.cast(pa.array(np.asarray(values, np.int64)), pa.string())
    return pc.utf8_lpad(text, width, "0") if width else text


_FEN = pa.array([f"{c:02d}" for c in range(100)])


def _yuan(fen: np.ndarray, yen_above: int | None = None) -> pa.Array:
    """Money as `123.45`; with `yen_above`, larger amounts read `¥1,299.00` as some exports do."""
    fen = np.asarray(fen, np.int64)
    text = pc.binary_join_element_wise(_digits(fen // 100), _take(_FEN, fen % 100), ".")
    if yen_above is None:
        return text
    large = np.flatnonzero(fen >= yen_above)
    return _patch(text, large, [f"¥{value // 100:,}.{value % 100:02d}" for value in
                                fen[large].tolist()])


def _patch(array: pa.Array, rows: np.ndarray, values: list[str]) -> pa.Array:
    """Replace a few cells (Excel damage, yen amounts) without leaving Arrow."""
    if not len(rows):
        return array
    replacement = np.empty(len(array), object)
    replacement[rows] = values
    mask = np.zeros(len(array), bool)
    mask[rows] = True
    return pc.if_else(pa.array(mask), pa.array(replacement, pa.string()), array)


def _render(template: str, fields: dict[str, Callable[[np.ndarray], pa.Array]],
            rows: np.ndarray) -> pa.Array:
    parts: list[str | pa.Array] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            parts.append(literal)
        if name:
            parts.append(fields[name](rows))
    return pc.binary_join_element_wise(*parts, "")


@dataclass(frozen=True)
class _Style:
    """How one exported file is written: the quirks real exports carry."""

    fmt: str = "csv"  # csv or xlsx
    encoding: str = "utf-8"  # utf-8, utf-8-sig or gb18030
    newline: str = "\n"
    ids: str = "plain"  # tab: "\t…"; formula: order ids ="…", other ids '…; plain
    brackets: str = "half"  # header brackets: half, full, or mixed （…)
    stray_header: tuple[str, str] = ("", "")  # (header, the same header with a stray space/tab)
    slash_times: bool = False
    status_comma: str = "，"
    yen_money: bool = False
    excel_damage: bool = False  # re-saved by Excel: long ids lost digits or gained ".0"
    quote_all: bool = False
    courier_codes: bool = False  # Kuaidi100 codes instead of display names
    optional_columns: bool = True

    @property
    def extension(self) -> str:
        return ".xlsx" if self.fmt == "xlsx" else ".csv"

    def headers(self, names: Sequence[str]) -> list[str]:
        brackets = {"half": {}, "full": {"(": "（", ")": "）"}, "mixed": {"(": "（"}}
        table = str.maketrans(brackets[self.brackets])
        plain, stray = self.stray_header
        return [stray if name == plain else name.translate(table) for name in names]

    def id_cells(self, ids: pa.Array, is_order_id: bool = False) -> pa.Array:
        if self.ids == "tab":
            return pc.binary_join_element_wise("\t", ids, "")
        if self.ids == "formula":
            return pc.binary_join_element_wise('="', ids, '"', "") if is_order_id \
                else pc.binary_join_element_wise("'", ids, "")
        return ids


_CSV_SPECIAL = np.zeros(256, bool)
_CSV_SPECIAL[[ord(c) for c in ',"\r\n\t']] = True
_BOM = "\ufeff".encode()


def _csv_cells(column: pa.Array, quote_all: bool) -> pa.Array:
    """Quote a cell only when it needs it (or always, for files written that way)."""
    column = pc.fill_null(column, "")
    if not quote_all:
        data = column.buffers()[2]
        if data is None or not _CSV_SPECIAL[np.frombuffer(data, np.uint8)].any():
            return column
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(column, '"', '""'), '"', "")
    if quote_all:
        return quoted
    return pc.if_else(pc.match_substring_regex(column, '[",\r\n\t]'), quoted, column)


def _csv_block(columns: Sequence[pa.Array], style: _Style) -> bytes:
    cells = [_csv_cells(column, style.quote_all) for column in columns]
    lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*cells, ","), style.newline,
                                        "")
    block = _string_bytes(lines)
    return block.decode("utf-8").encode("gb18030") if style.encoding == "gb18030" else block


def _string_bytes(strings: pa.Array) -> bytes:
    """All values of a string array back to back: its data buffer, without a copy per value."""
    offsets = np.frombuffer(strings.buffers()[1], np.int32)[
        strings.offset:strings.offset + len(strings) + 1]
    return memoryview(strings.buffers()[2])[offsets[0]:offsets[-1]].tobytes()


def _write_csv(path: Path, header: Sequence[str], chunks: Iterable[list[pa.Array]],
               style: _Style) -> None:
    with path.open("wb") as out:
        if style.encoding == "utf-8-sig":
            out.write(_BOM)
        out.write(_csv_block([pa.array([name]) for name in header], style))
        for columns in chunks:
            out.write(_csv_block(columns, style))


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (  # the least Excel itself writes: one font, two fills, the Normal style
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="1">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>'),
}
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_START = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                "<sheetData>")
_SHEET_END = "</sheetData></worksheet>"


def _write_xlsx(path: Path, header: Sequence[str], chunks: Iterable[list[pa.Array]],
                style: _Style) -> None:
    """A minimal SpreadsheetML package: one sheet, every cell an inline text cell, the way the
    merchant backend exports look to a reader. Written here rather than through a library so it
    needs no extra dependency, streams rows in Arrow-built blocks, and carries no timestamps."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in _XLSX_PARTS.items():
            package.writestr(_zip_entry(name), _XML_DECLARATION + xml)
        letters = [_column_letters(k) for k in range(len(header))]
        with package.open(_zip_entry("xl/worksheets/sheet1.xml"), "w") as sheet:
            sheet.write((_XML_DECLARATION + _SHEET_START).encode())
            first_row = 1
            for columns in (([pa.array([name]) for name in header],), chunks):
                for block in columns:
                    sheet.write(_xlsx_rows(block, letters, first_row))
                    first_row += len(block[0])
            sheet.write(_SHEET_END.encode())


def _zip_entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=_ZIP_TIMESTAMP)
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _xlsx_rows(columns: Sequence[pa.Array], letters: Sequence[str], first_row: int) -> bytes:
    row_numbers = _digits(np.arange(first_row, first_row + len(columns[0])))
    cells = [_xlsx_cells(column, letter, row_numbers) for column, letter in zip(
        columns, letters, strict=True)]
    rows = pc.binary_join_element_wise('<row r="', row_numbers, '">', *cells, "</row>", "")
    return _string_bytes(rows)


def _xlsx_cells(column: pa.Array, letter: str, row_numbers: pa.Array) -> pa.Array:
    text = pc.fill_null(column, "")
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = pc.replace_substring(text, raw, escaped)
    cell = pc.binary_join_element_wise(
        f'<c r="{letter}', row_numbers, '" t="inlineStr"><is><t xml:space="preserve">', text,
        "</t></is></c>", "")
    return pc.if_else(pc.equal(text, ""), "", cell)


def _chunks(rows: np.ndarray) -> Iterable[np.ndarray]:
    return (rows[start:start + CHUNK_ROWS] for start in range(0, len(rows), CHUNK_ROWS))


# --------------------------------------------------------------------------------------------
# The exports: layouts, styles, views
# --------------------------------------------------------------------------------------------

_MONEY_COLUMNS = (("商品总价(元)", "goods"), ("邮费(元)", "postage"),
                  ("店铺优惠折扣(元)", "shop_discount"), ("平台优惠折扣(元)", "platform_discount"))
_INSTALMENTS = (("是否分期", "no"), ("分期期数", "blank"), ("手续费承担方", "blank"),
                ("分期方式", "blank"))
_ORDER_LAYOUTS = (
    (  # 2024+ short layout, 27 columns in the platform's order
        ("商品", "title"), ("订单号", "order_id"), ("订单状态", "status"), *_MONEY_COLUMNS,
        ("多多支付立减金额(元)", "pay_discount"), ("用户实付金额(元)", "paid"),
        ("商家实收金额(元)", "received"), ("商品数量(件)", "qty"), ("发货时间", "shipped_at"),
        ("确认收货时间", "confirmed_at"), ("商品id", "product_id"), ("商品规格", "spec"),
        ("样式ID", "style_id"), ("商家编码-规格维度", "sku_code"),
        ("商家编码-商品维度", "product_code"), ("商家备注", "note"),
        ("售后状态", "after_sales"), ("快递单号", "tracking"), ("快递公司", "courier"),
        ("订单成交时间", "deal_at"), *_INSTALMENTS,
    ),
    (  # 2023 full layout
        ("商品", "title"), ("订单号", "order_id"), ("订单状态", "status"), *_MONEY_COLUMNS,
        ("多多支付立减金额(元)", "pay_discount"), ("用户实付金额(元)", "paid"),
        ("商家实收金额(元)", "received"), ("商品数量(件)", "qty"), ("是否审核中", "no"),
        ("支付时间", "paid_at"), ("订单成交时间", "deal_at"), ("承诺发货时间", "promised_ship_at"),
        ("发货时间", "shipped_at"), ("承诺送达时间", "promised_delivery_at"),
        ("确认收货时间", "confirmed_at"), ("商品id", "product_id"), ("商品规格", "spec"),
        ("样式ID", "style_id"), ("商家编码-规格维度", "sku_code"),
        ("商家编码-商品维度", "product_code"), ("商品一级类目", "category0"),
        ("商品二级类目", "category1"), ("商品三级类目", "category2"), ("商品四级类目", "category3"),
        ("商家备注", "note"), ("买家留言", "message"), ("售后状态", "after_sales"),
        ("快递单号", "tracking"), ("快递公司", "courier"), ("团ID", "group_id"),
        ("省", "province"), ("市", "city"), ("区", "district"), ("街道/镇", "street"),
        ("是否抽奖或0元试用", "zero_trial"), ("是否顺丰加价", "no"), ("支付方式", "pay_method"),
        ("订单来源", "source"), *_INSTALMENTS,
    ),
    (  # 2019-2020 layout: older names and receiver personal data (all fake here)
        ("商品", "title"), ("订单号", "order_id"), ("订单状态", "status"), *_MONEY_COLUMNS,
        ("用户实付金额(元)", "paid"), ("商家实收金额(元)", "received"), ("商品数量(件)", "qty"),
        ("拼单成功时间", "deal_at"), ("订单确认时间", "deal_at"), ("发货时间", "shipped_at"),
        ("确认收货时间", "confirmed_at"), ("商品id", "product_id"), ("商品规格", "spec"),
        ("样式ID", "style_id"), ("商家编码-SKU维度", "sku_code"),
        ("商家编码-商品维度", "product_code"), ("商家备注", "note"),
        ("售后状态", "after_sales_legacy"), ("快递单号", "tracking"), ("快递公司", "courier"),
        ("收货人", "receiver"), ("手机", "phone"), ("省", "province"), ("市", "city"),
        ("区", "district"), ("街道", "street"), ("身份证姓名", "id_name"),
        ("身份证号码", "id_number"), ("买家留言", "message"),
    ),
)
_ORDER_STYLES = (
    _Style(ids="tab", brackets="mixed"),
    _Style(encoding="utf-8-sig", newline="\r\n", excel_damage=True, status_comma=",",
           yen_money=True, stray_header=("订单状态", "订单状态 ")),
    _Style(fmt="xlsx", brackets="full"),
    _Style(encoding="gb18030", newline="\r\n", ids="formula", quote_all=True,
           stray_header=("快递单号", "快递单号\t")),
)
_LOGISTICS_STYLES = (  # even positions are Kuaidi100 files, odd ones Kuaidi Niao
    _Style(encoding="utf-8-sig", newline="\r\n", ids="tab"),
    _Style(quote_all=True),
    _Style(encoding="gb18030", newline="\r\n", slash_times=True, courier_codes=True,
           optional_columns=False),
    _Style(fmt="xlsx"),
)
_AFTER_SALES_STYLES = (
    _Style(encoding="utf-8-sig", newline="\r\n", ids="tab"),
    _Style(encoding="gb18030", newline="\r\n", slash_times=True, brackets="full"),
    _Style(fmt="xlsx"),
    _Style(ids="formula"),
)
_REVIEWS_STYLE = _Style(fmt="xlsx")
_STORE_SCORES_STYLE = _Style()
_COMPENSATION_STYLE = _Style(encoding="gb18030", newline="\r\n", brackets="full")
_VIOLATIONS_STYLE = _Style(fmt="xlsx")
_LABELS_STYLE = _Style(encoding="utf-8-sig")
_NAME_PATTERNS = (
    "export_{date}_{n}", "导出数据({n})", "download_{date}_{n}", "数据导出{compact}-{n}")
_ORDERS_WINDOW = 14 * DAY
_LOGISTICS_OVERLAP = 3 * DAY
_AFTER_SALES_WINDOW = 21 * DAY

Column = Callable[[np.ndarray], pa.Array]


def _order_status(shop: _Shop, cutoff: int) -> np.ndarray:
    """Each order's 订单状态 as an export taken at `cutoff` shows it."""
    fates, timeline = shop.fates, shop.timeline
    return np.select(
        [fates.fate == _Fate.UNPAID,
         fates.fate == _Fate.REFUNDED_BEFORE_SHIPPING,
         timeline.ship_at >= cutoff,
         (fates.fate == _Fate.DELIVERED) & (timeline.outcome_at < cutoff),
         timeline.refund_at < cutoff],
        [np.where(shop.orders.deal_at + DAY < cutoff, ORDER_CANCELLED, WAITING_PAYMENT),
         np.where(fates.preship_done_at < cutoff, REFUNDED_UNSHIPPED, WAITING_SHIPMENT),
         WAITING_SHIPMENT, SIGNED, REFUNDED_SHIPPED],
        SHIPPED)


def _order_after_sales_status(shop: _Shop, cutoff: int, legacy: bool) -> np.ndarray:
    """Each order's 售后状态 column at `cutoff`, from its latest after-sales record."""
    records = shop.after_sales
    rows = np.flatnonzero(records.applied_at < cutoff)
    newest = len(rows) - 1 - np.unique(records.order[rows][::-1], return_index=True)[1]
    rows = rows[newest]
    status = records.status_at(rows, cutoff)
    in_progress = 3 if legacy else 1
    withdrawn = 4 if legacy else 0
    shown = np.select([status == REFUNDED, status == WITHDRAWN], [2, withdrawn], in_progress)
    result = np.zeros(len(shop.fates.fate), np.int8)
    result[records.order[rows]] = shown
    return result


class _OrdersView:
    """The order export as of one cutoff: which lines it lists and how each column reads."""

    def __init__(self, shop: _Shop, clock: _Clock, cutoff: int, style: _Style) -> None:
        self.shop, self.clock, self.cutoff, self.style = shop, clock, cutoff, style
        self.status = _order_status(shop, cutoff)
        statuses = [s.replace("，", style.status_comma) for s in _ORDER_STATUSES]
        self.status_names = pa.array(statuses)
        self.columns = self._columns()

    def rows(self) -> np.ndarray:
        lines = self.shop.lines
        deal = self.shop.orders.deal_at[lines.order]
        rows = np.flatnonzero((deal >= self.cutoff - _ORDERS_WINDOW) & (deal < self.cutoff))
        return rows[np.lexsort((lines.line_no[rows], -deal[rows]))]

    def _columns(self) -> dict[str, Column]:
        shop, style = self.shop, self.style
        orders, lines, catalog = shop.orders, shop.lines, shop.catalog
        order = lines.order
        sku_product = catalog.sku_product
        yen = 100_000 if style.yen_money else None
        columns: dict[str, Column] = {
            "title": lambda r: _take(catalog.titles, sku_product[lines.sku[r]]),
            "order_id": lambda r: style.id_cells(_take(shop.texts.order_ids, order[r]), True),
            "status": lambda r: _take(self.status_names, self.status[order[r]]),
            "qty": lambda r: _digits(lines.qty[r]),
            "product_id": lambda r: style.id_cells(
                _take(catalog.product_ids, sku_product[lines.sku[r]])),
            "spec": lambda r: _take(catalog.sku_specs, lines.sku[r]),
            "style_id": self._style_ids,
            "sku_code": lambda r: _take(catalog.sku_codes, lines.sku[r]),
            "product_code": lambda r: _take(catalog.product_codes, sku_product[lines.sku[r]]),
            "note": lambda r: _take(shop.texts.notes, order[r]),
            "message": lambda r: _take(_BUYER_MESSAGES, orders.message[order[r]]),
            "after_sales": self._after_sales(legacy=False),
            "after_sales_legacy": self._after_sales(legacy=True),
            "tracking": self._tracking,
            "courier": self._courier,
            "no": lambda r: _repeat("否", len(r)),
            "blank": lambda r: _repeat("", len(r)),
            "group_id": lambda r: _digits(orders.group_id[order[r]]),
            "province": lambda r: _take(shop.geo.province_names, orders.province[order[r]]),
            "city": lambda r: _take(shop.geo.city_names, orders.city[order[r]]),
            "district": lambda r: _take(_DISTRICTS, orders.district[order[r]]),
            "street": lambda r: _take(_STREETS, orders.street[order[r]]),
            "zero_trial": lambda r: _take(["否", "是"], orders.zero_trial[order[r]]),
            "pay_method": lambda r: _take(_PAY_METHODS, orders.pay_method[order[r]]),
            "source": lambda r: _take(_ORDER_SOURCES, orders.source[order[r]]),
            **self._money_columns(yen), **self._time_columns(), **self._personal_columns(),
        }
        for level in range(4):
            columns[f"category{level}"] = lambda r, level=level: _take(
                catalog.categories[level], sku_product[lines.sku[r]])
        return columns

    def _money_columns(self, yen: int | None) -> dict[str, Column]:
        lines = self.shop.lines
        return {name: lambda r, name=name: _yuan(getattr(lines, name)[r], yen)
                for name in ("goods", "postage", "shop_discount", "platform_discount",
                             "pay_discount", "paid", "received")}

    def _time_columns(self) -> dict[str, Column]:
        shop, clock, cutoff = self.shop, self.clock, self.cutoff
        order = shop.lines.order
        deal = shop.orders.deal_at
        slash = self.style.slash_times

        def at(times: np.ndarray, due: bool = True) -> Column:
            return lambda r: clock.timestamps(times[order[r]], slash, cutoff if due else None)

        return {"deal_at": at(deal), "paid_at": at(shop.fates.paid_at),
                "shipped_at": at(shop.timeline.ship_at),
                "confirmed_at": at(shop.timeline.confirm_at),
                "promised_ship_at": at(deal + 48 * HOUR, due=False),
                "promised_delivery_at": at(deal + 6 * DAY, due=False)}

    def _personal_columns(self) -> dict[str, Column]:
        """Receiver data of the old layout: obviously fake, never a real person."""
        buyer = self.shop.orders.buyer
        order = self.shop.lines.order
        has_id = buyer % 20 == 0

        def with_id(value: Column) -> Column:
            return lambda r: pc.if_else(pa.array(has_id[order[r]]), value(r), "")

        name: Column = lambda r: pc.binary_join_element_wise(  # noqa: E731
            "测试用户", _digits(buyer[order[r]], 5), "")
        return {
            "receiver": name,
            "phone": lambda r: pc.binary_join_element_wise(
                "1380000", _digits(buyer[order[r]] % 10_000, 4), ""),
            "id_name": with_id(name),
            "id_number": with_id(lambda r: pc.binary_join_element_wise(
                "00000019900101", _digits(buyer[order[r]] % 10_000, 4), "")),
        }

    def _after_sales(self, legacy: bool) -> Column:
        status = _order_after_sales_status(self.shop, self.cutoff, legacy)
        return lambda r: _take(_ORDER_AS_STATUSES, status[self.shop.lines.order[r]])

    def _shipped(self, rows: np.ndarray) -> np.ndarray:
        return self.shop.timeline.ship_at[self.shop.lines.order[rows]] < self.cutoff

    def _tracking(self, rows: np.ndarray) -> pa.Array:
        order = self.shop.lines.order[rows]
        cells = self.style.id_cells(_take(self.shop.texts.tracking, order,
                                          ~self._shipped(rows)))
        if not self.style.excel_damage:
            return cells
        key = self.shop.orders.id_number[order] % 50
        damageable = self._shipped(rows) & _PURE_DIGIT_COURIERS[self.shop.texts.courier[order]] \
            & (self.shop.orders.deal_at[order] >= self.cutoff - 7 * DAY)
        exponent = np.flatnonzero(damageable & (key == 0))
        decimal = np.flatnonzero(damageable & ((key == 1) | (key == 2)))
        values = cells.to_numpy(zero_copy_only=False)
        cells = _patch(cells, exponent, [format(int(v), ".11E") for v in values[exponent]])
        return _patch(cells, decimal, [f"{v}.0" for v in values[decimal]])

    def _style_ids(self, rows: np.ndarray) -> pa.Array:
        ids = _take(self.shop.catalog.sku_style_ids, self.shop.lines.sku[rows])
        if not self.style.excel_damage:
            return self.style.id_cells(ids)
        order = self.shop.lines.order[rows]
        damaged = np.flatnonzero((self.shop.orders.id_number[order] % 40 == 3)
                                 & (self.shop.orders.deal_at[order] >= self.cutoff - 7 * DAY))
        values = ids.to_numpy(zero_copy_only=False)
        return _patch(ids, damaged, [f"{v}.0" for v in values[damaged]])

    def _courier(self, rows: np.ndarray) -> pa.Array:
        courier = self.shop.texts.courier[self.shop.lines.order[rows]]
        variant = self.shop.orders.courier_variant[self.shop.lines.order[rows]]
        return _take(_COURIER_NAMES, _COURIER_FIRST_NAME[courier]
                     + np.minimum(variant, _COURIER_NAME_COUNT[courier] - 1), ~self._shipped(rows))


_COURIER_NAMES = pa.array([name for courier in _COURIERS for name in courier.names])
_COURIER_NAME_COUNT = np.array([len(c.names) for c in _COURIERS])
_COURIER_FIRST_NAME = np.concatenate([[0], np.cumsum(_COURIER_NAME_COUNT)[:-1]])
_CODE_TEXTS = pa.array([""] + [str(code) for code in range(1100)])
_CODE_NAMES = pa.array([""] + [_K100_NAMES.get(code, "") for code in range(1100)])
_EVENT_CITY_IS_ORIGIN = np.array([_KINDS[k].at_origin for k in _Kind])


class _EventsView:
    """Renders tracking events in the Kuaidi100 or the Kuaidi Niao vocabulary."""

    def __init__(self, shop: _Shop, clock: _Clock, style: _Style) -> None:
        self.shop, self.clock, self.style = shop, clock, style
        events, orders = shop.events, shop.orders
        parcel_number = orders.tracking_number
        city = orders.city
        site = city * len(_DISTRICTS) + orders.district
        geo = shop.geo
        owner = events.owner
        self.fields: dict[str, Column] = {
            "o_city": lambda r: _repeat(_ORIGIN_CITY, len(r)),
            "o_site": lambda r: _take(_ORIGIN_SITES, parcel_number[owner[r]] % len(_ORIGIN_SITES)),
            "o_hub": lambda r: _take(_ORIGIN_HUBS, parcel_number[owner[r]] % len(_ORIGIN_HUBS)),
            "d_city": lambda r: _take(geo.city_names, city[owner[r]]),
            "d_hub": lambda r: _take(geo.city_hubs, city[owner[r]]),
            "d_site": lambda r: _take(geo.site_names, site[owner[r]]),
            "courier_man": lambda r: _take(_COURIER_MEN, parcel_number[owner[r]] % 6),
            "phone": lambda r: pc.binary_join_element_wise(
                "1380000", _digits(parcel_number[owner[r]] % 10_000, 4), ""),
            "reason": lambda r: _take(_EVENT_REASONS, events.reason[r]),
        }

    def kuaidi100(self) -> tuple[list[str], list[Column]]:
        events = self.shop.events
        columns: list[tuple[str, Column]] = [
            ("快递单号", self._tracking), ("快递公司", self._k100_courier),
            ("事件时间", self._time), ("状态码", lambda r: _code(events.k100_state[r])),
            ("高级状态码", lambda r: _code(events.k100_advanced[r])),
            ("状态名称", self._k100_name), ("事件描述", self.texts), ("事件地点", self._place)]
        optional = {"高级状态码", "状态名称", "事件地点"}
        kept = [c for c in columns if self.style.optional_columns or c[0] not in optional]
        return [name for name, _ in kept], [build for _, build in kept]

    def kdniao(self) -> tuple[list[str], list[Column]]:
        events = self.shop.events
        codes = pa.array([c.kdniao for c in _COURIERS])
        columns: list[tuple[str, Column]] = [
            ("LogisticCode", self._tracking),
            ("ShipperCode", lambda r: _take(codes, self._courier_of(r))),
            ("AcceptTime", self._time), ("State", lambda r: _code(events.kdniao_state[r])),
            ("StateEx", lambda r: _code(events.kdniao_state_ex[r])),
            ("AcceptStation", self.texts), ("Location", self._place)]
        return [name for name, _ in columns], [build for _, build in columns]

    def texts(self, rows: np.ndarray) -> pa.Array:
        """Each event's Chinese text, rendered kind by kind and put back in row order."""
        kinds = self.shop.events.kind[rows]
        by_kind = np.argsort(kinds, kind="stable")
        sorted_kinds = kinds[by_kind]
        bounds = np.flatnonzero(np.r_[True, sorted_kinds[1:] != sorted_kinds[:-1], True])
        parts = [_render(_KINDS[_Kind(int(sorted_kinds[start]))].text, self.fields,
                         rows[by_kind[start:stop]])
                 for start, stop in itertools.pairwise(bounds)]
        inverse = np.empty(len(rows), np.int64)
        inverse[by_kind] = np.arange(len(rows))
        return pc.take(pa.concat_arrays(parts), pa.array(inverse))

    def _courier_of(self, rows: np.ndarray) -> np.ndarray:
        return self.shop.texts.courier[self.shop.events.owner[rows]]

    def _tracking(self, rows: np.ndarray) -> pa.Array:
        return self.style.id_cells(_take(self.shop.texts.tracking, self.shop.events.owner[rows]))

    def _k100_courier(self, rows: np.ndarray) -> pa.Array:
        courier = self._courier_of(rows)
        if self.style.courier_codes:
            return _take([c.kuaidi100 for c in _COURIERS], courier)
        return _take(_COURIER_NAMES, _COURIER_FIRST_NAME[courier])

    def _time(self, rows: np.ndarray) -> pa.Array:
        return self.clock.timestamps(self.shop.events.at[rows], self.style.slash_times)

    def _k100_name(self, rows: np.ndarray) -> pa.Array:
        events = self.shop.events
        advanced = events.k100_advanced[rows]
        return _take(_CODE_NAMES, np.where(advanced >= 0, advanced, events.k100_state[rows]) + 1)

    def _place(self, rows: np.ndarray) -> pa.Array:
        events = self.shop.events
        at_origin = _EVENT_CITY_IS_ORIGIN[events.kind[rows]]
        city = self.shop.orders.city[events.owner[rows]]
        origin = self.shop.geo.city_names.to_pylist().index(_ORIGIN_CITY)
        return _take(self.shop.geo.city_names, np.where(at_origin, origin, city))


def _code(values: np.ndarray) -> pa.Array:
    return _take(_CODE_TEXTS, values.astype(np.int64) + 1)


class _ExportWriter:
    """Writes every export of the shop into one folder, week by week, as a merchant would."""

    def __init__(self, shop: _Shop, out_dir: Path, allow_xlsx: bool) -> None:
        self.shop, self.out_dir, self.allow_xlsx = shop, out_dir, allow_xlsx
        self.clock = shop.clock
        self.files: list[Path] = []
        self.order_rows = 0

    def write_all(self) -> None:
        cutoffs = self.shop.calendar.cutoffs
        for week, cutoff in enumerate(cutoffs):
            age = len(cutoffs) - 1 - week  # 0 for the newest export
            first = week == 0
            self._orders(cutoff, age)
            self._logistics(cutoff, age, first)
            self._after_sales(cutoff, age, first)
        self._reviews()
        self._store_scores()
        self._penalties()

    def _write(self, style: _Style, header: Sequence[str], columns: Sequence[Column],
               rows: np.ndarray, export_at: int) -> None:
        if style.fmt == "xlsx" and not self.allow_xlsx:
            style = replace(style, fmt="csv", encoding="utf-8-sig", newline="\r\n")
        day = (_EPOCH + timedelta(seconds=export_at)).isoformat()
        n = len(self.files) + 1
        name = _NAME_PATTERNS[n % len(_NAME_PATTERNS)].format(
            date=day, n=n, compact=day.replace("-", ""))
        path = self.out_dir / f"{name}{style.extension}"
        chunks = ([build(part) for build in columns] for part in _chunks(rows))
        write = _write_xlsx if style.fmt == "xlsx" else _write_csv
        write(path, style.headers(header), chunks, style)
        self.files.append(path)

    def _orders(self, cutoff: int, age: int) -> None:
        layout = _ORDER_LAYOUTS[age % len(_ORDER_LAYOUTS)]
        style = _ORDER_STYLES[age % len(_ORDER_STYLES)]
        view = _OrdersView(self.shop, self.clock, cutoff, style)
        rows = view.rows()
        self.order_rows += len(rows)
        self._write(style, [name for name, _ in layout], [view.columns[key] for _, key in layout],
                    rows, cutoff)

    def _logistics(self, cutoff: int, age: int, first: bool) -> None:
        """Events of the week plus a few days before it; the first file carries all history."""
        events = self.shop.events
        start = np.iinfo(np.int64).min if first else cutoff - 7 * DAY - _LOGISTICS_OVERLAP
        rows = np.flatnonzero((events.at >= start) & (events.at < cutoff))
        style = _LOGISTICS_STYLES[age % len(_LOGISTICS_STYLES)]
        view = _EventsView(self.shop, self.clock, style)
        if age % 2 == 0:  # Kuaidi100 lists the newest event first
            header, columns = view.kuaidi100()
            rows = rows[::-1]
        else:
            header, columns = view.kdniao()
        self._write(style, header, columns, rows, cutoff)

    def _after_sales(self, cutoff: int, age: int, first: bool) -> None:
        records = self.shop.after_sales
        start = np.iinfo(np.int64).min if first else cutoff - _AFTER_SALES_WINDOW
        rows = np.flatnonzero((records.applied_at >= start) & (records.applied_at < cutoff))[::-1]
        style = _AFTER_SALES_STYLES[age % len(_AFTER_SALES_STYLES)]
        ids = self.shop.texts.order_ids
        columns: list[tuple[str, Column]] = [
            ("售后编号", lambda r: _digits(records.ids[r])),
            ("订单号", lambda r: style.id_cells(_take(ids, records.order[r]), True)),
            ("售后类型", lambda r: _take(_AS_TYPES, records.kind[r])),
            ("售后状态", lambda r: _take(_AS_STATUSES, records.status_at(r, cutoff))),
            ("售后原因", lambda r: _take(_AS_REASONS, records.reason[r])),
            ("申请时间", lambda r: self.clock.timestamps(records.applied_at[r],
                                                         style.slash_times)),
            ("退款金额(元)", lambda r: _yuan(records.amount[r])),
            ("退货快递单号", lambda r: pc.binary_join_element_wise(
                _RETURN_TRACKING_PREFIX,
                _take(_digits(records.return_tracking[r]), np.arange(len(r)),
                      records.return_tracking[r] < 0), "")),
            ("发货状态", lambda r: _take(["未发货", "已发货"], records.shipped[r])),
        ]
        self._write(style, [name for name, _ in columns], [build for _, build in columns], rows,
                    cutoff)

    def _reviews(self) -> None:
        reviews, catalog = self.shop.reviews, self.shop.catalog
        product = self.shop.orders.product
        columns: list[tuple[str, Column]] = [
            ("评价时间", lambda r: self.clock.timestamps(reviews.at[r])),
            ("订单号", lambda r: _take(self.shop.texts.order_ids, reviews.order[r])),
            ("商品id", lambda r: _take(catalog.product_ids, product[reviews.order[r]])),
            ("评分", lambda r: _digits(reviews.stars[r])),
            ("评价内容", lambda r: _take(_REVIEW_VOCABULARY, reviews.text[r])),
            ("商家回复", lambda r: _take(_REPLIES, reviews.reply[r])),
        ]
        rows = np.arange(len(reviews.order))[::-1]
        self._write(_REVIEWS_STYLE, [name for name, _ in columns], [b for _, b in columns], rows,
                    self.shop.calendar.end)

    def _store_scores(self) -> None:
        scores = self.shop.store_scores

        def score(values: np.ndarray) -> Column:
            return lambda r: _yuan(np.round(values[r] * 100).astype(np.int64))

        columns: list[tuple[str, Column]] = [
            ("日期", lambda r: self.clock.day(scores.day_at[r])),
            ("店铺评分", score(scores.overall)), ("描述相符", score(scores.description)),
            ("物流服务", score(scores.logistics)), ("服务态度", score(scores.service))]
        self._write(_STORE_SCORES_STYLE, [name for name, _ in columns], [b for _, b in columns],
                    np.arange(len(scores.day_at)), self.shop.calendar.end)

    def _penalties(self) -> None:
        """Compensation bills and violation records come as two files of one header."""
        penalties = self.shop.penalties
        texts = self.shop.texts
        columns: list[tuple[str, Column]] = [
            ("订单号", lambda r: _take(texts.order_ids, penalties.order[r])),
            ("快递单号", lambda r: _take(texts.tracking, penalties.order[r],
                                         ~penalties.names_parcel[r])),
            ("类型", lambda r: _take(_PENALTY_TYPES, penalties.kind[r])),
            ("金额(元)", lambda r: _yuan(penalties.amount[r])),
            ("时间", lambda r: self.clock.timestamps(penalties.at[r])),
            ("说明", lambda r: _take(_PENALTY_NOTES, penalties.kind[r])),
        ]
        violation = penalties.kind >= _FAKE_SHIPPING
        for style, rows in ((_COMPENSATION_STYLE, np.flatnonzero(~violation)),
                            (_VIOLATIONS_STYLE, np.flatnonzero(violation))):
            self._write(style, [name for name, _ in columns], [b for _, b in columns], rows,
                        self.shop.calendar.end)


def _write_labels(shop: _Shop, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cause = np.where(shop.outcome == REFUSED, shop.fates.cause, -1)
    columns = [shop.texts.order_ids, _take(OUTCOMES, shop.outcome),
               _take(("", *CAUSE_CODES), cause + 1)]
    _write_csv(path, ["order_id", "outcome", "cause"], [columns], _LABELS_STYLE)


def _summary(shop: _Shop, out_dir: Path, writer: _ExportWriter) -> SampleSummary:
    outcomes = np.bincount(shop.outcome, minlength=len(OUTCOMES))
    causes = np.bincount(shop.fates.cause[shop.outcome == REFUSED], minlength=len(CAUSE_CODES))
    return SampleSummary(
        out_dir=out_dir, orders=len(shop.outcome), order_rows=writer.order_rows,
        tracking_events=len(shop.events.at),
        outcomes=tuple(zip(OUTCOMES, outcomes.tolist(), strict=True)),
        refused_by_cause=tuple(zip(CAUSE_CODES, causes.tolist(), strict=True)),
        files=tuple(path.name for path in writer.files))


if __name__ == "__main__":
    sys.exit(main())
