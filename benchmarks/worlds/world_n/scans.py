"""Courier scan texts (事件描述 / AcceptStation), in each courier's house style.

Styles imitate the shape of public tracking samples (README.md, "Wording sources"): a bracketed
place, the hub or outlet, the courier's name and a masked phone. No sample is copied whole.
"""

from __future__ import annotations

import random

from . import wording

_STYLE = {
    "zto": "zto",
    "yto": "yto",
    "yd": "yd",
    "sto": "sto",
    "jt": "jt",
    "yzpy": "post",
    "ems": "post",
    "sf": "sf",
    "jd": "sf",
    "dbl": "dbl",
}

_T: dict[str, dict[str, tuple[str, ...]]] = {
    "zto": {
        "pickup": ("【汕头市】 【{site}】（0754-85{n4}） 的 {person}（{phone}） 已揽收",),
        "hub_in": ("【{city}】 快件已经到达 【{hub}】",),
        "hub_out": ("【{city}】 快件离开 【{hub}】 已发往 【{next}】",),
        "city_in": ("【{city}】 快件已经到达 【{station}】",),
        "dispatch": (
            "【{city}】 【{station}】 的{person}（{phone}） 正在第{attempt}次派件, "
            "请保持电话畅通,并耐心等待"
            "（95720为中通快递员外呼专属号码，请放心接听）",
        ),
        "station": (
            "【{city}】 快件已被 【{locker}】 代收, 如有问题请电联（{phone}）, "
            "感谢使用中通快递, 期待再次为您服务!",
        ),
        "sign_self": (
            "【{city}】 快件已在 【{station}】 签收, 签收人: 本人, "
            "如有疑问请电联:（{phone}）, 投诉电话:（95311）, "
            "您的快递已经妥投。",
        ),
        "sign_station": (
            "【{city}】 您的快递已签收, 签收人在【{locker}】领取。如有疑问请电联:（{phone}）",
        ),
    },
    "yto": {
        "pickup": ("【{site}】 已收件 取件人: {person} ({phone})",),
        "hub_in": ("【{hub}公司】 已收入",),
        "hub_out": ("【{hub}】 已发出 下一站 【{next}公司】",),
        "city_in": ("【{province}{city}{district}公司】 已收入",),
        "dispatch": (
            "【{province}{city}{district}公司】 派件中 派件人: {person} 电话 {phone} "
            "如有疑问，请联系：{phone}",
        ),
        "station": ("快件已由{locker}代收，请及时取件，如有疑问请联系{phone}",),
        "sign_self": (
            "客户签收人: 本人签收 已签收 感谢使用圆通速递，期待再次为您服务 "
            "如有疑问请联系：{phone}",
        ),
        "sign_station": (
            "客户签收人: 已签收，签收人凭取货码签收。 已签收 感谢使用圆通速递，期待再次为您服务",
        ),
    },
    "yd": {
        "pickup": ("【汕头市】{site} 已揽收",),
        "hub_in": ("【{city}】已到达 {hub}",),
        "hub_out": ("【{city}】{hub} 已发出，下一站 【{next}】",),
        "city_in": ("【{city}】已到达 {province}{city}{district}公司{station}",),
        "dispatch": ("【{city}】{station} 派件员：{person} 电话：{phone} 当前正在为您派件",),
        "station": ("【{city}】快件已送达【{locker}】，请凭取件码领取，如有疑问请联系：{phone}",),
        "sign_self": ("【{city}】快件已被 本人 签收，感谢使用韵达快递",),
        "sign_station": ("【{city}】快件已在【{locker}】签收，感谢使用韵达快递",),
    },
    "sto": {
        "pickup": ("【汕头市】【{site}】的收件员【{person}】已收件",),
        "hub_in": ("【{city}】快件已到达【{hub}】",),
        "hub_out": ("【{city}】快件已从【{hub}】发出，准备发往【{next}】",),
        "city_in": ("【{city}】快件已到达【{station}】",),
        "dispatch": ("【{city}】【{station}】的派件员【{person}】正在派件，电话：{phone}",),
        "station": ("【{city}】快件已暂存至【{locker}】，请及时领取",),
        "sign_self": ("【{city}】已签收，签收人：本人，感谢使用申通快递",),
        "sign_station": ("【{city}】已签收，签收人凭取货码签收，取件地址：{locker}",),
    },
    "jt": {
        "pickup": ("【汕头市】【{site}】的【{person}】已取件",),
        "hub_in": ("【{city}】快件到达【{hub}】",),
        "hub_out": ("【{city}】快件离开【{hub}】，发往【{next}】",),
        "city_in": ("【{city}】快件到达【{city}{district}网点】",),
        "dispatch": (
            "【{city}】【{city}{district}网点】的【{person}】正在派件，电话：{phone}，请保持电话畅通",
        ),
        "station": ("【{city}】快件已放入【{locker}】，请凭取件码取件",),
        "sign_self": ("【{city}】快件已签收，签收人：【本人】，感谢使用极兔速递",),
        "sign_station": ("【{city}】快件已由【{locker}】代签收",),
    },
    "post": {
        "pickup": ("【{site}】已收寄，揽投员：{person}，电话：{phone}",),
        "hub_in": ("到达【{hub}】",),
        "hub_out": ("离开【{hub}】，下一站【{next}】",),
        "city_in": ("到达【{city}{district}揽投部】",),
        "dispatch": ("【{city}{district}揽投部】安排投递，投递员：{person}，电话：{phone}",),
        "station": ("已投递至【{locker}】，请及时领取",),
        "sign_self": ("已签收，本人收，投递员：{person}，电话：{phone}",),
        "sign_station": ("已签收，他人代收（{locker}），投递员：{person}",),
    },
    "sf": {
        "pickup": ("顺丰速运 已收取快件",),
        "hub_in": ("快件到达 【{hub}】",),
        "hub_out": ("快件在【{hub}】完成分拣,准备发往 【{next}】",),
        "city_in": ("快件到达 【{city}{district}营业点】",),
        "dispatch": (
            "快件交给{person}，正在派送途中（联系电话：{phone}，已开启“安全呼叫”保护您的电话隐私,请放心接听！）",
        ),
        "station": ("快件已放入{locker}，请凭取件码取件",),
        "sign_self": ("已签收,感谢使用顺丰,期待再次为您服务",),
        "sign_station": ("您的快件已由{locker}代收，如有疑问请联系{phone}",),
    },
    "dbl": {
        "pickup": ("您的快件已被【{site}】揽收",),
        "hub_in": ("运输中，到达【{hub}】",),
        "hub_out": ("运输中，离开【{hub}】，下一站【{next}】",),
        "city_in": ("到达【{city}{district}营业部】",),
        "dispatch": ("正在派送途中，快递员：{person}，电话：{phone}，大件送货上门",),
        "station": ("快件已暂存【{locker}】",),
        "sign_self": ("已签收，签收人：本人，感谢您使用德邦快递",),
        "sign_station": ("已签收，签收人：{locker}代收",),
    },
}

#: wording shared by every courier (the aggregators pass these through little changed)
_COMMON: dict[str, tuple[str, ...]] = {
    "waybill": (
        "【汕头市】商家已打印电子面单，等待快递员揽收",
        "您的包裹已出库，待揽收",
        "商家正通知快递公司揽件",
    ),
    "absent": (
        "【{city}】收件人不在家，已与客户约定明天再派",
        "【{city}】电话无人接听，快件暂存网点，明日再派",
        "【{city}】客户要求改日派送",
        "【{city}】派件员联系收件人未果，改日派送",
        "【{city}】收件人要求晚上派送",
        "【{city}】客户外出，约定下次派送",
        "【{city}】派送不成功，原因：收件人不在",
        "【{city}】客户要求改地址，明日派送",
        "【{city}】收件人电话未接通（非拒收），明日再派",
    ),
    "damage": (
        "【{hub}】快件外包装破损，已加固处理",
        "【{city}】外包装破损，已拍照留存",
        "快件在【{hub}】发现包装破损",
        "【{hub}】包裹挤压变形，已重新打包",
    ),
    "return_start": (
        "快件已退回，退回原因：{why}",
        "【{city}】退回件已发出，发往【{origin_hub}】",
        "快件正在退回寄件人途中",
        "【{city}】退件处理中，原路返回",
    ),
    "return_leave": ("【退回件】离开【{hub}】发往【{origin_hub}】", "退回中，离开【{hub}】"),
    "return_arrive": ("【退回件】快件到达【{hub}】", "退回中，到达【{hub}】"),
    "return_signed": (
        "退回件已签收，签收人：寄件人",
        "【汕头市】退件签收，签收人：店家",
        "退回件已妥投，寄件人已签收",
        "【汕头市】快件已退回寄件人并签收",
    ),
    "unreachable": (
        "【{city}】多次联系收件人无人接听，快件将退回",
        "【{city}】收件人电话关机，无法联系，退回寄件人",
        "【{city}】电话号码错误，联系不上收件人",
    ),
    "bad_address": (
        "【{city}】收件人地址不详，无法派送",
        "【{city}】地址超出派送范围，快件退回",
        "【{city}】收件地址错误，联系寄件人处理",
    ),
    "locker_timeout": (
        "【{city}】快件在【{locker}】超时未取，已退回网点",
        "【{locker}】滞留超过7天未取件，将退回寄件人",
    ),
    "intercepted": (
        "快件已被寄件人拦截，退回寄件人",
        "【{city}】应寄件人要求拦截退回",
        "拦截件，已安排退回",
    ),
    "no_update": (
        "物流信息超时未更新，网点正在核实包裹去向",
        "快件超过3天未更新轨迹，已反馈客服",
        "包裹在【{hub}】长时间未更新，正在查找",
    ),
    "no_info": ("暂无轨迹信息", "查询无结果，请确认单号和快递公司是否正确", "该单号暂无物流进展"),
    "stuck": ("快件滞留【{hub}】，待处理", "快件在【{hub}】滞留", "【{hub}】快件积压，延迟发出"),
    "redelivery": ("【{city}】快件第{attempt}次派送中，派件员：{person}，电话：{phone}",),
}

NO_INFO = _COMMON["no_info"]

#: refusal scans that state a reason (`{r}`), and ones that do not
_REFUSAL_WITH_REASON = (
    "客户拒收，原因：{r}",
    "收件人拒收（{r}），快件将退回寄件人",
    "【{city}】快件派送不成功，收件人拒收，原因：{r}",
    "【{city}】{station} 派件员{person}反馈：客户拒签，{r}",
    "客户拒绝签收：{r}，已安排退回",
    "拒收原因：{r}",
    "收件人当面验货后拒收，说明：{r}",
    "【{city}】您的快件因“{r}”被拒收，如有疑问请联系{phone}",
    "拒收-{r}",
    "买家拒收 {r} 待退回",
)
_REFUSAL_BARE = (
    "客户拒收",
    "收件人拒收，包裹将原路退回",
    "【{city}】快件已被拒收，如有疑问请联系派件员{person}（{phone}）",
    "客户拒收，已通知寄件方",
    "收件人拒绝签收，快件退回中",
    "拒签",
    "【{city}】{station} 收件人拒收",
    "快件被拒收，等待寄件人确认处理",
    "因收件人拒收，快件无法派送",
    "拒收退回",
)
_REFUSAL_STATION = (
    "收件人在【{locker}】拒收，快件将退回",
    "【{locker}】用户拒收，已退回网点",
    "驿站反馈：收件人拒收（{r}）",
    "【{locker}】收件人开箱验货后拒收，原因：{r}",
)
_TYPO_REFUSAL = (
    "客户据收",
    "收件人拒 收，退回",
    "客户不要了，退回寄件人",
)  # misspelt or wordless: codes still say 拒收

LOCKER_KINDS = (
    "菜鸟驿站",
    "妈妈驿站",
    "兔喜生活",
    "丰巢智能快递柜",
    "邻里驿站",
    "快递超市",
    "中邮驿站",
)
LOCKER_PLACES = (
    "小区南门",
    "新华路店",
    "幸福里",
    "学府花园",
    "镇中心",
    "村委旁",
    "世纪联华超市",
    "东方花园3号门",
)


def courier_person(rng: random.Random) -> str:
    from .catalog import GIVEN_CHARS, SURNAMES

    if rng.random() < 0.35:
        return rng.choice(SURNAMES) + "师傅"
    return rng.choice(SURNAMES) + "".join(
        rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2)))
    )


def masked_phone(rng: random.Random) -> str:
    from .catalog import PHONE_PREFIXES

    return f"{rng.choice(PHONE_PREFIXES)}****{rng.randrange(10000):04d}"


def locker_name(rng: random.Random, city: str) -> str:
    return f"{rng.choice(LOCKER_KINDS)}({city.rstrip('市')}{rng.choice(LOCKER_PLACES)})"


def text(courier: str, kind: str, ctx: dict[str, str], rng: random.Random) -> str:
    style = _T[_STYLE[courier]]
    kind = "hub_in" if kind == "dest_in" else kind
    options = style.get(kind) or _COMMON[kind]
    return rng.choice(options).format_map(_Ctx(ctx, rng))


def refusal(ctx: dict[str, str], reason: str, at_station: bool, rng: random.Random) -> str:
    """The refusal scan; `reason` is empty when nobody stated one."""
    if rng.random() < 0.012:
        return rng.choice(_TYPO_REFUSAL)
    if at_station and rng.random() < 0.5:
        options = _REFUSAL_STATION if reason else _REFUSAL_STATION[:2]
    else:
        options = _REFUSAL_WITH_REASON if reason else _REFUSAL_BARE
    reason = wording.roughen(reason, rng, 0.8) if reason else ""
    return rng.choice(options).format_map(_Ctx({**ctx, "r": reason}, rng))


class _Ctx(dict):
    """Fills the placeholders of a template; unknown ones get a plausible value."""

    def __init__(self, ctx: dict[str, str], rng: random.Random):
        super().__init__(ctx)
        self._rng = rng

    def __missing__(self, key: str) -> str:
        if key == "n4":
            return f"{self._rng.randrange(10000):04d}"
        if key == "attempt":
            return "1"
        return ""
