"""The shop's words and fixed facts: product catalogue, couriers, places and names, the wording of
tracking events with their status codes, and the after-sales, penalty, review and order-status
vocabularies.

Everything here is data a merchant's exports can show; where the simulation refers to the entries
of a tuple by number, the index constants follow the tuple (as `APPLIED … WITHDRAWN` do).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np

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
_BOOST_TAGS = ("G-0123", "G-0456", "G-2047", "V-88", "V-12", "V-07")
_BOOST_SUFFIXES = ("", " 放单", " 补单")
_BUYER_MESSAGES = ("", "请尽快发货", "不要放驿站，送货上门", "送人的，别放价格单", "麻烦包装好一点")
_PAY_METHODS = ("微信", "支付宝", "多多支付")
_ORDER_SOURCES = ("普通订单", "多多进宝", "直播")
_HOUR_WEIGHTS = np.array(
    [2, 1, 1, .5, .5, .5, 1, 2, 3, 4, 5, 5, 6, 5, 5, 5, 5, 5, 6, 7, 9, 10, 9, 5])

# Event texts: the refusal wording buyers give, per cause; the last L reason needs a damage event.
_STUCK_REASONS = ("分拨中心爆仓", "天气原因", "车辆晚点")
_FAIL_REASONS = ("客户电话无人接听", "客户不在家", "客户要求改日派送")
_LOGISTICS_REFUSALS = ("快递太慢", "快递一直未送达", "送货太慢不要了", "外包装破损")
_QUALITY_REFUSALS = ("验货不合格", "质量问题", "与商品描述不符", "假冒品牌", "做工粗糙", "有瑕疵",
                     "商家发错货")
_REVIEWS_REFUSALS = ("不想要了", "评论区都在骂，算了")
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
    "多拍/错拍/不想要", "不想要了", "评价太吓人", "快递一直未送达", "未按约定时间发货",
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
    "storm": ("宣传的和收到的两回事", "客服态度差，问了半天不回", "售后找不到人，差评",
              "夸大其词！！！", "客服态度差", "售后找了几次都没人管"),
}
_REVIEW_VOCABULARY = tuple(dict.fromkeys(t for texts in _REVIEW_TEXTS.values() for t in texts))
_REPLIES = ("", "亲，非常抱歉给您带来不好的体验，请联系客服为您处理", "感谢亲的支持，欢迎再次光临")

_ORDER_STATUSES = (
    "待支付", "待发货", "已发货，待签收", "已签收", "未发货，退款成功", "已发货，退款成功",
    "已取消")
WAITING_PAYMENT, WAITING_SHIPMENT, SHIPPED, SIGNED, REFUNDED_UNSHIPPED, REFUNDED_SHIPPED, \
    ORDER_CANCELLED = range(7)
_ORDER_AS_STATUSES = ("无售后或售后取消", "售后处理中", "退款成功", "退款中", "买家撤销")
