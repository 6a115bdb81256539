"""The Chinese text this shop's exports carry: courier scan lines, refusal reasons, after-sales
reasons, reviews and merchant notes. Written for this world after public examples (see README,
"Sources of the wording"); nothing is copied whole.
"""

from __future__ import annotations

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
            "郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁")
GIVEN = ("伟", "芳", "军", "敏", "静", "磊", "强", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞",
         "平", "刚", "翔", "鹏", "浩", "婷", "雪", "琳", "斌")

# --- courier scan lines. {site}/{hub}/{next}/{city}/{man}/{phone} are filled per event.
COLLECTED = (
    "【{city}】【{site}】已揽收",
    "【{site}】的{man}已揽收，准备发往【{next}】",
    "您的快件已由【{site}】揽收，揽收员：{man}（{phone}）",
    "快件已揽收，【{site}】",
)
DEPARTED = (
    "【{city}】快件已从【{hub}】发出，准备发往【{next}】",
    "【{hub}】，正发往【{next}】",
    "快件已在【{hub}】装车，准备发往【{next}】",
)
ARRIVED = (
    "【{city}】快件已经到达【{hub}】",
    "到【{hub}】",
    "您的快件已到达【{hub}】",
    "快件到达【{hub}】，正在分拣",
)
AT_CITY = (
    "【{city}】快件已到达【{site}】",
    "快件已到达派件城市【{city}】，即将安排派送",
)
OUT_FOR_DELIVERY = (
    "【{city}】【{site}】的{man}（{phone}）正在第{n}次派件，请保持电话畅通",
    "快件正在派送中，派件员：{man}，电话：{phone}",
    "【{site}】派件员{man}正在为您派件，如有疑问请联系{phone}",
)
LOCKER = (
    "【{city}】快件已被【{station}】代收，请及时取件，取件码{code}",
    "您的快件已放入【{station}】，凭取件码{code}领取",
    "快件已送达【{station}】，如有疑问请联系{phone}",
)
LOCKER_NO_NOTICE = (
    "快件已暂存至【{station}】",
    "【{city}】快件已投递至【{station}】",
)
STATIONS = ("菜鸟驿站（{street}店）", "丰巢智能柜（{street}3号柜）", "兔喜生活（{street}）",
            "妈妈驿站（{street}）", "中邮驿站（{street}）")
SIGNED = (
    "【{city}】您的快件已签收，签收人：本人签收。感谢使用{brand}，期待再次为您服务",
    "快件已签收，签收人：{who}，如有疑问请联系派件员{man}（{phone}）",
    "【{city}】已签收，签收人凭取件码签收",
    "您的快递已签收，风里来雨里去，只为客官您满意",
)
SIGNED_LOCKER = (
    "【{city}】快件已从【{station}】取出，已签收",
    "您的快件已由【{station}】代签收",
)
SIGNED_PROXY = ("已签收，签收人：{who}", "快件已签收，签收人：门卫代签")
PROXY_SIGNERS = ("家人", "前台", "门卫", "同事", "物业")
# --- trouble on the way
TYPHOON_DELAY = (
    "受台风天气影响，快件暂缓派送，给您带来不便敬请谅解",
    "【{city}】因台风影响，{hub}暂停作业，快件延误",
)
HUB_STUCK = (
    "【{hub}】快件滞留，正在加急处理",
    "因中转场爆仓，快件在【{hub}】滞留，恢复后第一时间发出",
    "快件在【{hub}】积压，预计延误1-3天",
)
BACKLOG_DELAY = (
    "双十一期间件量较大，快件可能延误，请耐心等待",
    "【{hub}】大促期间快件积压，正在排队分拣",
)
NO_UPDATE = ("快件暂无最新物流信息", "快件正在转运途中，暂未更新")
DAMAGED = (
    "【{city}】快件外包装破损，已拍照留存，正常派送",
    "快件在【{hub}】发现外包装破损，已加固处理",
    "包裹挤压变形，外包装破损",
)
LOST = ("快件异常，正在核实中", "快件查无下落，已上报丢失处理")
RETRY = ("【{city}】派送不成功，电话无人接听，将再次派送", "收件人不在，改约明日派送")
UNREACHABLE = ("【{city}】多次联系收件人无法联系，快件退回",
               "收件人电话无法接通，快件滞留网点，将退回寄件人")
ADDRESS_BAD = ("【{city}】收件地址不详，无法派送，快件退回", "地址错误查无此人，快件退回寄件人")
LOCKER_TIMEOUT = ("快件在【{station}】超时未取，已退回寄件人", "柜体超时未取件，快件退回")
RETURNING = (
    "【{city}】快件已退回，正发往【{hub}】",
    "退回件：快件已从【{hub}】发出，正发往【{next}】",
    "退回件已到达【{hub}】",
)
RETURN_SIGNED = ("退回件已签收，签收人：寄件人", "【广州市】退件已签收，感谢使用", "退回件已妥投")

# --- refusal scan lines: {reason} is the courier's note of what the recipient said
REFUSAL_GENERIC = (
    "客户拒收",
    "拒收",
    "【{city}】收件人拒收，包裹将原路退回",
    "拒收，退回",
    "【{city}】快件已被拒收，退回寄件人",
    "收件人拒绝签收",
)
REFUSAL_WITH_REASON = (
    "客户拒收，原因：{reason}",
    "【{city}】收件人拒收（{reason}），快件将退回寄件人",
    "【{site}】派件员{man}反馈：收件人拒签，{reason}",
    "拒收：{reason}",
)
REFUSAL_REASONS = {
    "product_quality": ("开箱验货不合格", "包装漏液", "瓶子漏了一半", "色号不对", "发错颜色",
                        "包装粗糙怀疑假货", "批号对不上", "生产日期太早", "临期产品",
                        "与描述不符", "商品有瑕疵", "质量有问题"),
    "logistics": ("快递太慢", "时效太久不要了", "外包装破损", "包裹压坏了", "放驿站没通知",
                  "派件员不打电话", "超时送达", "等太久了", "快递员态度差"),
    "reviews": ("看到差评不要了", "网上说是假货", "小红书说有问题", "买贵了", "降价了",
                "评价太差", "朋友说用了烂脸", "看到评价不敢用"),
    "rule_violation": ("本人未购买", "不认识寄件人", "没买过这个", "称未下单", "空包裹",
                       "非本人订单", "试用装不要了"),
}
# --- after-sales reasons, as buyers pick them (the platform's list) and per cause
AFTER_SALES_REASONS = {
    "product_quality": ("质量问题", "与商品描述不符", "商家发错货", "假冒品牌", "做工粗糙/有瑕疵",
                        "商品变质"),
    "logistics": ("快递一直未送达", "未按约定时间发货", "货物破损已拒签", "快递太慢不想要了"),
    "reviews": ("多拍/错拍/不想要", "不想要了", "其他", "看到差评不想要了", "买贵了，降价了"),
    "rule_violation": ("多拍/错拍/不想要", "其他", "空包裹/少货"),
}
GENERIC_AFTER_SALES = ("多拍/错拍/不想要", "其他", "不想要了")

# --- reviews, by what the buyer writes about
REVIEWS_GOOD = (
    "好用，保湿效果不错，会回购", "物流很快，包装完好，正品", "颜色很好看，显白",
    "第二次买了，一直用这个",
    "质地很清爽，不油腻", "性价比很高", "", "", "还可以", "宝贝收到了，还没用，应该不错",
    "用了一周，皮肤水水的", "客服态度很好，推荐", "味道淡淡的，很温和",
)
REVIEWS_BAD = {
    "allergy": ("用了两天脸上起红疹子，过敏了", "刺痛！！敏感肌千万别买", "用完起痘，闭口爆发",
                "涂上去脸又红又痒，已停用", "过敏了，客服还说是我肤质问题"),
    "fake": ("和专柜买的不一样，批号查不到，怀疑假货", "膏体颜色不对，生产日期和批号对不上",
             "小红书博主说这家是假的，我收到的确实味道很怪", "包装粗糙，字都印歪了，假货吧"),
    "leak": ("收到就漏了一半，泵头是坏的", "瓶子漏液，盒子全湿了", "泵头按不出来，还漏"),
    "shade": ("色号发错了，买的自然色发了象牙白", "颜色跟图片完全不一样，发错货",
              "色号不对，懒得换了"),
    "expiry": ("生产日期是2023年的，临期货", "快过期了还卖这个价", "日期不新鲜，差评"),
    "price": ("刚买就降价，买贵了", "双十一便宜了二十块，气死", "不到一周降价，不保价"),
    "post": ("看到小红书说是假货，用了也确实不行", "抖音上都说烂脸，不敢用",
             "虚假宣传，和说的完全不一样"),
    "logistics": ("物流太慢了，等了一个星期", "放驿站也不通知，差点超时", "盒子都压扁了"),
    "service": ("客服态度差，问了半天不回", "售后不处理，一直拖", "虚假宣传，效果一般"),
}
SHOP_REPLIES = (
    "亲，非常抱歉给您带来不好的体验，已安排客服联系您处理",
    "感谢亲的支持，期待您再次光临",
    "亲，我们是品牌授权正品，批号可在官方查询，请放心使用",
    "亲，敏感肌请先在耳后试用，如有不适请联系客服退换",
    "",
)

# --- merchant notes and buyer messages
NOTES_ORDINARY = ("", "", "", "", "", "", "VIP老客户，送小样", "送小样", "加急", "备注已核对地址",
                  "缺货先发其他", "双11预售")
BUYER_MESSAGES = ("", "", "", "", "", "", "请尽快发货", "送人的，别放价格单", "放驿站就行",
                  "发顺丰可以吗", "要新日期的", "不要放快递柜", "能多送点小样吗")
BRUSHING_NOTE_PREFIXES = ("V-", "V-", "G-", "放单 ")
