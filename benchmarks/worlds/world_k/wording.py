"""Everything people write in this shop's exports, written for this world (sources in README.md).

Lists are plain tuples; :func:`noisy` adds the everyday mess of real texts (full-/half-width
punctuation, stray spaces). Cause lists hold the *reason* a buyer or courier gives; templates put
a reason into a courier's sentence.
"""

from __future__ import annotations

import random

# ---------------------------------------------------------------- refusal reasons, per true cause
REFUSAL_REASONS = {
    # product_quality
    "wrong_size": (
        "鞋子码数不对",
        "码数发错了",
        "发错码",
        "拍的42发来43",
        "尺码不对",
        "马数不对",
        "发错货",
    ),
    "glue_batch": ("开胶", "鞋底开胶", "开交了", "鞋头开胶了", "胶没粘牢", "质量太差"),
    "smell_batch": ("鞋子有股味道", "味道太大", "胶水味太重", "一股怪味", "验货不合格"),
    "colour_off": ("颜色和图片不一样", "色差严重", "颜色不对", "与描述不符"),
    "left_right": ("两只鞋不一样", "左右脚不是一双", "一只大一只小", "发错货"),
    "fake_box": (
        "怀疑是假货",
        "鞋盒旧的 怀疑假货",
        "logo印歪了",
        "做工粗糙",
        "鞋面有瑕疵",
        "质量问题",
    ),
    # logistics
    "late": ("快递太慢", "送太慢了 已经不需要了", "超时未送达", "物流太慢", "等了十来天"),
    "hub_stall": ("延误太久", "滞留太久", "拖了半个月才到", "快递太慢", "超时未送达"),
    "snow": ("送太慢了 已经不需要了", "延误太久", "物流太慢", "等太久了"),
    "damaged": ("外包装破损", "包裹破损", "箱子压扁了", "货物破损已拒签", "外箱破了"),
    "rude_courier": ("派件员态度差", "与快递员发生争执", "快递员骂人"),
    "station_no_notice": ("放驿站没通知", "没打电话直接放驿站", "派件员态度差"),
    # reviews
    "xhs_post": (
        "网上说是莆田货",
        "看到视频说是假鞋",
        "小红书说这家是假的",
        "不信任商家",
        "看评价不好",
    ),
    "glue_reviews": ("看到差评了不想要", "看了差评", "评价太差了", "看评价都说开胶"),
    "rating_drop": ("店铺评分低", "评价太差了", "商家虚假宣传", "客服态度差", "售后不处理"),
    "price_cut": ("降价了 要重新拍", "买贵了", "差价不给退", "别家更便宜"),
    # rule_violation
    "boost_empty": (
        "空包裹",
        "包裹是空的",
        "没买过这个东西",
        "本人没有购买",
        "不认识寄件人",
        "非本人订单",
        "客户称未下单",
        "里面没东西",
        "收件人说没买",
        "不知道谁寄的",
    ),
    "trial_cluster": ("0元的不要了", "试用品不要", "不要了", "本人没有购买"),
}

#: refusal texts that say nothing about why (they carry refusal wording)
REFUSAL_GENERIC = (
    "客户拒收",
    "拒签",
    "拒收",
    "收件人拒收，包裹将原路退回",
    "客户拒收，已退回",
    "收件人拒绝签收",
    "派件员反馈：客户拒收",
    "拒收 退回",
    "客户拒收 原因：其他",
    "客户拒收，原因：个人原因",
    "收件人拒收，原因：未说明",
    "客户拒收 将退回寄件人",
    "拒收件，已安排退回",
)
#: return texts with no refusal wording at all: only the status code says it was refused
REFUSAL_BARE = ("退回", "快件已退回", "已安排退回", "件已退回寄件网点", "转退回件", "退回处理中")

REFUSAL_TEMPLATES = (
    "【{city}】客户拒收，原因：{reason}，快件将退回",
    "【{city}】{site}快件因收件人拒收（{reason}），已安排退回",
    "收件人拒收，包裹将原路退回 备注:{reason}",
    "【{city}】派件员{name}反馈：客户拒收（{reason}）",
    "客户拒收 原因 {reason}",
    "【{city}】您的快件因“{reason}”被拒收，正在退回寄件人",
    "{site} 拒签：{reason}",
    "【{city}】客户拒收,原因:{reason}",
)

# ------------------------------------------------------------------ ordinary tracking sentences
PICKUP = (
    "【泉州市】【晋江陈埭】的{name}（{phone}）已揽收",
    "晋江陈埭公司 已揽收",
    "【晋江市】您的快件已被【陈埭四境营业部】揽收",
    "快件已由【晋江陈埭镇营业部】揽收，揽收员：{name}",
    "【泉州市】晋江陈埭鞋都网点 已收件",
)
LEAVE_ORIGIN = (
    "【泉州市】快件离开【晋江陈埭】已发往【泉州转运中心】",
    "晋江陈埭公司 已发出,下一站 泉州转运中心",
    "【泉州市】快件已从晋江陈埭发出，准备发往泉州转运中心",
)
AT_ORIGIN_HUB = (
    "【泉州市】快件已到达【泉州转运中心】",
    "泉州转运中心 已收入",
    "【泉州市】到达 泉州分拨中心",
)
TRUNK = (
    "【泉州市】快件离开【泉州转运中心】已发往【{hub}】",
    "快件在【泉州转运中心】完成分拣，准备发往【{hub}】",
    "泉州转运中心 已发出,下一站 {hub}",
)
AT_DEST_HUB = (
    "【{city}】快件已到达【{hub}】",
    "{hub} 已收入",
    "【{city}】到达【{hub}】，准备发往下一站",
)
AT_SITE = (
    "【{city}】快件已到达【{site}】",
    "{site} 已收入",
    "【{city}】快件已到达派件网点【{site}】",
)
OUT_FOR_DELIVERY = (
    "【{city}】【{site}】的{name}（{phone}）正在第1次派件，请保持电话畅通，并耐心等待",
    "{site} 派件中 派件员{name} 电话{phone}",
    "快件正在派送中，派件员：{name}，电话：{phone}",
    "【{city}】{site}安排投递，投递员：{name}，电话：{phone}",
)
TO_STATION = (
    "快件已由{station}代收，请及时取件，取件码{code}",
    "【{city}】您的快件已放入【{station}】，请凭取件码{code}领取",
    "快件已被【丰巢智能柜】代收，请凭取件码{code}取件，如有疑问请联系{phone}",
    "【{city}】已投递至{station}，取件码：{code}",
)
SIGNED = (
    "【{city}】您的快件已签收，签收人：本人，期待再次为您服务",
    "已签收，签收人凭取货码签收。",
    "客户签收人: 本人签收 已签收 感谢使用，期待再次为您服务",
    "您的快件已由【{station}】签收，如有疑问请联系{phone}",
    "【{city}】快件已签收，签收人：门卫",
    "已签收,家人代收",
    "【{city}】已签收（本人），投递员：{name}",
)
STATION_SIGNED = (
    "快件已从{station}取出，已签收",
    "【{city}】您的快件已在{station}签收",
    "已签收，签收人凭取件码签收",
)
STUCK_HUB = (
    "【{city}】快件在【{hub}】滞留，原因：中转场爆仓",
    "快件滞留中，将尽快安排发出",
    "【{hub}】操作量大，快件延迟发出",
    "【{city}】快件在{hub}积压，我们正在加急处理",
)
STUCK_SNOW = (
    "因天气原因（降雪），快件滞留【{hub}】",
    "受冰雪天气影响，{city}部分路段封闭，快件延误",
    "因大雪道路结冰，派送将延迟",
    "【{city}】暴雪天气，高速封路，快件暂缓发出",
)
DAMAGED = (
    "外包装破损，已做加固处理",
    "快件外包装破损，网点已拍照留存",
    "【{city}】快件外箱挤压变形",
    "包裹外包装有破损",
)
NO_UPDATE = ("快件异常，正在核实", "快件超时未更新，已提交查件", "【{hub}】快件暂无下一站信息")
RETURNING = (
    "【{city}】快件已退回，正在返回寄件网点",
    "退回件已发往【泉州转运中心】",
    "【{hub}】退回件 已发出,下一站 泉州转运中心",
)
RETURN_SIGNED = (
    "【晋江市】退回件已签收",
    "退件已签收，签收人：陈埭网点",
    "【泉州市】退回件已由寄件人签收",
)
ADDRESS_UNKNOWN = (
    "地址不详，无法派送",
    "收件地址错误，转退回",
    "超区件，无法派送",
    "收件人地址不详细，已退回",
)
UNREACHABLE = (
    "电话无人接听，多次联系未果",
    "收件人电话空号，无法联系",
    "联系不上收件人，快件转退回",
)
INTERCEPTED = ("快件已被寄件人拦截，退回", "应寄件方要求拦截退回", "商家申请拦截，已成功拦截")
UNCOLLECTED = (
    "快件在驿站超时未取，已退回",
    "丰巢柜超时未取件，转退回",
    "驿站放置超7天无人取件 退回",
)
ORDERED_ONLY = ("商家已下单，等待快递员揽收", "已下单，待揽收", "电子面单已打印，等待揽件")

STATIONS = (
    "菜鸟驿站",
    "兔喜生活",
    "妈妈驿站",
    "中通快递超市",
    "韵达快递超市",
    "小区门口快递驿站",
    "丰巢快递柜",
    "便民服务站",
)
SITES = ("城区营业部", "新城分部", "开发区网点", "城东公司", "城西公司", "镇区网点", "第二营业部")
COURIER_FIRST = "伟强军杰峰斌磊涛明超勇刚亮平辉鹏华飞鑫波"

# ----------------------------------------------------------------------- after-sales reasons
AFTER_SALES_REASONS = {
    "product_quality": (
        "商家发错货",
        "质量问题",
        "与商品描述不符",
        "做工粗糙/有瑕疵",
        "假冒品牌",
        "尺码发错了",
        "鞋子开胶",
        "味道太大",
        "颜色与图片不符",
    ),
    "logistics": (
        "快递一直未送达",
        "货物破损已拒签",
        "未按约定时间发货",
        "物流太慢",
        "快递员态度差",
    ),
    "reviews": (
        "不想要了",
        "多拍/错拍/不想要",
        "看到差评",
        "降价了",
        "担心是假货",
        "其他渠道价格更低",
    ),
    "rule_violation": ("空包裹/少货", "其他", "未收到货", "快递无跟踪记录"),
}
AFTER_SALES_GENERIC = ("其他", "拒收", "已拒收", "不想要了", "多拍/错拍/不想要", "")
AS_NOT_SHIPPED = (
    "多拍/错拍/不想要",
    "不想要了",
    "未按约定时间发货",
    "地址填错了",
    "其他",
    "拍错尺码",
)
AS_REFUNDED = (
    "质量问题",
    "做工粗糙/有瑕疵",
    "尺码不合适",
    "与商品描述不符",
    "穿了几天鞋底断了",
    "掉色",
    "其他",
)
AS_LOST = ("快递一直未送达", "快递无跟踪记录", "物流不动了", "包裹丢了")
AS_FAKE = ("快递无跟踪记录", "快递一直未送达", "未收到货")
AS_UNDELIVERED = ("地址填错了", "联系不上快递", "快递被退回了", "其他")
AS_EXCHANGE = ("尺码拍错了，换大一码", "发错码，换货", "尺码偏小换货")

# ----------------------------------------------------------------------------------- reviews
REVIEW_GOOD = (
    "鞋子很舒服，码数正，好评",
    "穿着很轻便 跟图片一样 物超所值",
    "第二次买了，质量可以",
    "给老公买的，他说很舒服",
    "宝贝收到了 很好看",
    "性价比高👍",
    "",
    "",
    "",
    "默认好评",
    "不错不错",
    "鞋子挺好的，就是快递有点慢",
    "孩子很喜欢，下次还来",
    "很软很轻，走路不累脚",
    "码数标准，按平时买就行",
    "包装完好，鞋子没有异味",
)
REVIEW_OK = (
    "还行吧 有点偏小",
    "一般般",
    "颜色跟图片有点色差",
    "鞋子偏硬，穿穿看",
    "凑合，这个价格也就这样了",
    "",
)
REVIEW_BAD = {
    "glue": (
        "穿了两天就开胶了",
        "鞋底开胶 垃圾质量",
        "开胶！！！差评",
        "一个星期不到鞋头就开了",
        "开交了，还没穿几次",
    ),
    "smell": (
        "味道太大了，放阳台散了三天还有味",
        "一股胶水味 熏得头疼",
        "刺鼻的味道，不敢给孩子穿",
        "味道好大",
    ),
    "size": (
        "发错码了，拍的42发来43",
        "码数不对，联系客服也不理",
        "两只鞋码数不一样",
        "尺码严重偏小",
    ),
    "colour": ("米白色收到是黄的，色差太大", "颜色和图片差太多", "跟图片不是一个颜色"),
    "fake": (
        "莆田货吧 鞋标都歪的",
        "跟专柜差太多 假的",
        "看了小红书才知道是莆田鞋",
        "盒子都是旧的，怀疑假货",
        "虚假宣传",
    ),
    "service": (
        "客服态度差 问了半天不回",
        "售后不处理 推来推去",
        "虚假宣传，图片p过的",
        "降价了不给补差价",
        "买完就降价，坑",
    ),
    "logistics": ("物流太慢了 等了一个礼拜", "盒子压烂了", "快递员态度极差", "放驿站也不说一声"),
    "broken": ("穿了一周鞋底断了", "鞋带孔扯坏了", "洗了一次就掉色"),
}
REVIEW_BOOST = (
    "非常好，鞋子做工精细，穿着舒适透气，颜色正，很喜欢，推荐购买！",
    "质量非常好，与卖家描述的完全一致，非常满意，真的很喜欢，完全超出期望值，发货速度非常快。",
    "鞋子收到了，款式好看，穿着很舒服，码数标准，卖家服务态度很好，五星好评！",
    "物美价廉，包装精美，鞋子很轻便，给个大大的赞！",
)
MERCHANT_REPLIES = (
    "亲，很抱歉给您带来不好的体验，请联系客服为您处理哦~",
    "感谢亲的支持，期待您再次光临！",
    "亲，鞋子均为工厂直发，质量有保障，有问题随时联系客服",
    "",
    "",
    "",
)

# ------------------------------------------------------------------------- messages and notes
BUYER_MESSAGES = (
    "尽快发货",
    "请发中通谢谢",
    "码数偏小吗？平时穿41",
    "送人的，不要放价格单",
    "不要放驿站",
    "急用！",
    "周末送",
    "可以发顺丰吗",
    "多送双袜子",
    "发之前检查一下有没有开胶",
    "不要发极兔",
    "听说有色差？",
)
MERCHANT_NOTES = (
    "已核实尺码",
    "客户要求改43码",
    "补发鞋带",
    "顺丰已补差价",
    "老客户 送袜子",
    "加急",
    "地址已改",
    "拦截已处理",
    "换货单",
    "周末送",
    "已联系客户",
    "缺货 延迟发",
    "改发中通",
)


def boost_note(rng: random.Random, day_code: str) -> str:
    """A private tag the shop puts on a boosted (刷单) order; several house styles over time."""
    style = rng.randrange(6)
    number = rng.randint(1, 40)
    if style == 0:
        return f"Q{number}#"
    if style == 1:
        return f"bd{day_code}-{number:02d}"
    if style == 2:
        return f"K单{number}"
    if style == 3:
        return "☆" * rng.randint(1, 3) + str(number)
    if style == 4:
        return f"yx·{number}"
    return f"Q{number}# 空包"


HALF_TO_FULL = {",": "，", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
FULL_TO_HALF = {v: k for k, v in HALF_TO_FULL.items()}


def noisy(rng: random.Random, text: str, rate: float = 0.25) -> str:
    """Swap the punctuation width and sprinkle spaces, as hand-typed and courier texts do."""
    if not text or rng.random() > rate:
        return text
    table = FULL_TO_HALF if rng.random() < 0.6 else HALF_TO_FULL
    out = "".join(table.get(ch, ch) for ch in text)
    if rng.random() < 0.4 and len(out) > 4:
        cut = rng.randrange(1, len(out) - 1)
        if out[cut - 1] not in "拒绝签":  # never split the refusal word itself
            out = out[:cut] + " " + out[cut:]
    if rng.random() < 0.2:
        out = " " + out + rng.choice(("", " ", "  "))
    return out
