"""Courier scan texts in the shapes the big couriers use; every template is this world's own."""

PICKUP = (
    "【{city}】{outlet}的{staff}（{phone}）已揽收",
    "【{city}】【{outlet}】已揽收，揽投员：{staff}",
    "【{city}】快件已由【{outlet}】揽收，准备发往【{hub}】",
)
LEAVE = (
    "【{city}】快件离开【{place}】已发往【{next}】",
    "【{city}】已离开【{place}】，下一站【{next}】",
)
ARRIVE = (
    "【{city}】快件已经到达【{place}】",
    "【{city}】快件已到达【{place}】",
    "【{city}】到达【{place}】，正在分拣",
)
DISPATCH = (
    "【{city}】快件正在派送中，派件员：{staff}，电话：{phone}，请保持电话畅通",
    "【{city}】【{outlet}】的{staff}（{phone}）正在派件",
    "【{city}】快件已交给{staff}，正在派送途中（联系电话：{phone}）",
)
STATION = (
    "【{city}】快件已送达【{station}】，请凭取件码{code}及时取件",
    "【{city}】您的快件已放入【{station}】，取件码{code}，如有疑问请联系{phone}",
    "【{city}】快件已暂存至【{station}】，地址：{district}{street}",
)
SIGNED = (
    "【{city}】已签收，签收人：本人，感谢使用{brand}，期待再次为您服务",
    "【{city}】快件已签收，签收人：家人代签",
    "【{city}】您的快件已签收，签收人：门卫，如有疑问请联系派件员{staff}",
    "【{city}】已签收，签收人：本人签收",
)
SIGNED_STATION = (
    "【{city}】您的快件已被【{station}】签收，如有疑问请联系{phone}",
    "【{city}】快件已取件，签收人凭取件码签收",
    "【{station}】已签收，取件人凭取件码取件",
)
STATIONS = ("菜鸟驿站", "兔喜生活", "妈妈驿站", "多多驿站", "快递超市", "中邮驿站", "近邻宝")

# refusal scans without a reason: the common case
REFUSED_PLAIN = (
    "【{city}】客户拒收，快件将退回寄件人",
    "【{city}】收件人拒收，包裹将原路退回",
    "【{city}】【{outlet}】快件已被拒收",
    "客户拒收",
    "【{city}】拒收件：收件人拒绝签收，安排退回",
    "【{city}】快件派送不成功（收件人拒收），待退回",
    "【{station}】收件人到站拒收，快件待退回",
    "【{city}】派件员{staff}反馈：客户拒签，退回处理",
    "【{city}】快件已拒签，等待寄件方确认",
)
REFUSED_REASON = (
    "【{city}】客户拒收，原因：{r}",
    "【{city}】收件人拒收（{r}），包裹将原路退回",
    "【{station}】收件人开箱验货后拒收，原因：{r}",
    "【{city}】拒收退回，备注：{r}",
    "【{city}】电话联系收件人，对方称{r}，拒绝签收",
    "【{city}】客户拒签，拒签原因：{r}",
)
RETURNING = (
    "【{city}】快件已退回，退回原因：收件人拒收",
    "【{city}】退回件已发出，发往【{next}】",
    "【{city}】快件退回中，发往【{next}】",
)
RETURN_DONE = (
    "【{city}】退回件已签收，签收人：{shop}仓库",
    "【{city}】退件已妥投，寄件人已签收",
    "【{city}】快件已退回寄件人并签收",
)

# returned undelivered: not refusals
ADDRESS_UNKNOWN = (
    "【{city}】收件地址不详，无法派送，联系收件人未果",
    "【{city}】收件地址超出派送范围，快件退回",
    "【{city}】地址错误，查无此人，快件退回",
)
UNREACHABLE = (
    "【{city}】多次联系收件人无果（电话无人接听），快件暂存待处理",
    "【{city}】收件人电话拒接，无法联系，择日再派",
    "【{city}】收件人电话关机，派送不成功",
    "【{city}】收件人电话空号，无法联系",
)
UNCOLLECTED = (
    "【{station}】快件在驿站超时未取，已退回",
    "【{city}】快递柜超时未取件，快件退回",
    "【{station}】包裹滞留超过7天无人领取，退回寄件人",
)
INTERCEPTED = (
    "【{city}】寄件方申请拦截，快件拦截成功，退回中",
    "【{city}】快件已拦截，将退回寄件人",
    "【{city}】应寄件人要求，快件截留退回",
)
RETURN_UNDELIVERED = ("【{city}】快件退回中，发往【{next}】", "【{city}】退回件已发出")

DELAY_TEXTS = {
    "typhoon": (
        "【{city}】受台风天气影响，【{place}】暂停发运，快件延误",
        "【{city}】因台风暴雨，快件在【{place}】滞留，恢复后尽快发出",
    ),
    "rain": (
        "【{city}】受持续降雨影响，快件派送延误",
        "【{city}】因天气原因，快件在【{place}】滞留",
    ),
    "backlog": (
        "【{city}】因转运中心货量激增，快件在【{place}】滞留，预计延误1-3天",
        "【{city}】快件在【{place}】分拣积压，待发出",
        "【{city}】【{place}】爆仓，快件延误发出",
    ),
    "snow": (
        "【{city}】因降雪道路结冰，快件延误派送",
        "【{city}】受暴雪天气影响，高速封闭，快件在【{place}】滞留",
    ),
    "remote": (
        "【{city}】快件在【{place}】中转滞留，请耐心等待",
        "【{city}】偏远地区中转，快件在【{place}】等待发车",
    ),
    "shop": ("【{city}】快件在【{place}】滞留",),
}
STALE = ("快件超过72小时未更新物流信息", "【{city}】快件在【{place}】停留时间过长")
DAMAGE = (
    "【{city}】快件外包装破损，已加固包装后继续转运",
    "【{city}】包裹外包装破损，已拍照留档",
    "【{city}】快件在【{place}】发现外包装破损",
)
WET = (
    "【{city}】快件外包装受潮，已做防水处理",
    "【{city}】雨天运输，包裹外包装淋湿",
    "【{city}】快件外包装污损（泥水）",
)
REATTEMPT = (
    "【{city}】派送不成功，收件人不在家，明日再派",
    "【{city}】快件未能送达，已约定再次派送",
)

# fabricated scans of 礼品代发 numbers: no pickup, a far origin, thin detail
FAKE_START = (
    "【{city}】快件已到达【{place}】",
    "【金华市】快件离开【义乌转运中心】已发往【{place}】",
)
