"""Courier tracking: plan a parcel's route, then render its events in the courier's words.

A parcel's life is planned in two steps so the refusal model can look at the transit first:
``plan_transit`` fixes the legs up to the destination branch (stalls and damage included);
``finish_events`` adds what happened at the door and on the way back.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import catalog, wording
from .season import AUTO_CONFIRM_DAYS

# kind -> (快递100 状态码, 高级状态码, 快递鸟 State, StateEx)
CODES = {
    "pickup": ("1", "103", "1", ""),
    "trunk": ("0", "1002", "2", ""),
    "arrive_city": ("0", "1001", "2", "201"),
    "dispatch": ("5", "", "2", "202"),
    "locker": ("5", "501", "2", "211"),
    "signed": ("3", "301", "3", "301"),
    "signed_proxy": ("3", "303", "3", "304"),
    "signed_locker": ("3", "304", "3", "311"),
    "stall": ("2", "208", "4", "417"),
    "stale": ("2", "202", "4", "403"),
    "damage": ("2", "209", "4", "414"),
    "dispatch_fail": ("2", "204", "4", "405"),
    "refused": ("14", "203", "4", "404"),
    "refused_pending": ("2", "203", "4", "404"),
    "addr_bad": ("2", "207", "4", "420"),
    "unreachable": ("2", "206", "4", "416"),
    "locker_timeout": ("2", "205", "4", "412"),
    "intercept": ("6", "", "4", "413"),
    "return": ("6", "", "4", "407"),
    "return_signed": ("4", "", "4", "406"),
}
KD100_STATE_NAMES = {
    "0": "在途",
    "1": "揽收",
    "2": "疑难",
    "3": "签收",
    "4": "退签",
    "5": "派件",
    "6": "退回",
    "14": "拒签",
}
# The refusal shapes a tracking record can take (weights set per courier in simulate).
REFUSAL_SHAPES = ("coded_generic", "coded_reason", "coded_blank", "text_only", "after_sales_only")


@dataclass(slots=True)
class Event:
    at: datetime
    kind: str
    city: str
    text: str
    kd100: tuple[str, str]
    kdniao: tuple[str, str]


@dataclass(slots=True)
class Transit:
    """The way out, up to the destination branch."""

    events: list[Event]
    branch_at: datetime  # parcel reached the destination branch
    expected_days: float  # the courier's usual door-to-door time on this route
    stall_days: float
    damaged: bool
    dest_city: str
    dest_site: str
    origin_city: str
    origin_site: str
    hubs: list[str] = field(default_factory=list)


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randint(0, 9)}****{rng.randint(0, 9999):04d}"


def _courier_man(rng: random.Random) -> str:
    return rng.choice(wording.SURNAMES) + rng.choice(("师傅", "某某", "**", "先生"))


def _hub_name(courier: str, hub: str) -> str:
    return {
        "zto": f"{hub}中心",
        "yunda": f"{hub}分拨中心",
        "jt": f"{hub}转运中心",
        "post": f"{hub}邮区中心局",
        "sf": f"{hub}中转场",
        "sto": f"{hub}转运中心",
        "yto": f"{hub}转运中心",
    }[courier]


def _site_name(courier: str, city: str, district: str) -> str:
    return {
        "zto": f"{district}营业部",
        "yunda": f"{city[:-1]}{district}公司",
        "jt": f"{district}网点",
        "post": f"{district}投递部",
        "sf": f"{district}营业点",
        "sto": f"{district}分部",
        "yto": f"{city[:-1]}{district}公司",
    }[courier]


def _text(courier: str, kind: str, rng: random.Random, **slots) -> str:
    """One event text in the courier's own way of writing it."""
    man, phone = _courier_man(rng), _phone(rng)
    city, site = slots.get("city", ""), slots.get("site", "")
    hub, nxt = slots.get("hub", ""), slots.get("next", "")
    if kind == "pickup":
        return {
            "zto": f"【{city}】【{site}】的{man}（{phone}）已揽收",
            "yunda": f"【{site}】已揽收",
            "jt": f"【{site}】的【{man}】已取件",
            "post": f"【{site}】已收寄，揽投员：{man}",
            "sf": "顺丰速运 已收取快件",
        }.get(courier, f"【{site}】已揽收")
    if kind == "trunk_in":
        return {
            "zto": f"【{city}】快件已经到达【{hub}】",
            "yunda": f"【{hub}】已收入",
            "post": f"到达【{hub}】",
            "sf": f"快件到达【{hub}】",
        }.get(courier, f"快件到达【{hub}】")
    if kind == "trunk_out":
        return {
            "zto": f"【{city}】快件离开【{hub}】已发往【{nxt}】",
            "yunda": f"【{hub}】已发出 下一站【{nxt}】",
            "post": f"离开【{hub}】，下一站【{nxt}】",
            "sf": f"快件在【{hub}】完成分拣，准备发往【{nxt}】",
        }.get(courier, f"快件离开【{hub}】，已发往【{nxt}】")
    if kind == "arrive_city":
        return {
            "zto": f"【{city}】快件已到达【{site}】",
            "yunda": f"【{site}】已收入",
            "post": f"到达【{site}】",
            "sf": f"快件到达【{site}】",
        }.get(courier, f"快件到达【{site}】")
    if kind == "dispatch":
        return {
            "zto": f"【{city}】【{site}】的{man}（{phone}）正在派件",
            "yunda": f"【{site}】进行派件扫描；派送业务员：{man}；联系电话：{phone}",
            "jt": f"【{site}】的【{man}】正在派件（{phone}）",
            "post": f"【{site}】安排投递，投递员：{man}，电话：{phone}",
            "sf": f"快件交给{man}，正在派送途中（联系电话：{phone}）",
        }.get(courier, f"快件正在派送中，派件员：{man}，电话：{phone}")
    if kind == "locker":
        return rng.choice(
            (
                f"快件已暂存至【{city}{slots.get('district', '')}菜鸟驿站】，请凭取件码取件",
                "您的快件已放入【丰巢智能柜】，取件码已发送，请及时取件",
                f"快件已到达【兔喜生活】驿站，请及时取件，如有疑问请联系{phone}",
            )
        )
    if kind in ("signed", "signed_proxy", "signed_locker"):
        who = {
            "signed": "本人",
            "signed_proxy": rng.choice(("家人", "门卫", "前台", "同事")),
            "signed_locker": "驿站",
        }[kind]
        return {
            "zto": f"【{city}】快件已在【{site}】签收，签收人：{who}，如有疑问请电联：{phone}",
            "yunda": f"【{site}】快件已被 {who} 签收",
            "post": f"已签收，{who}收，投递员：{man}",
            "sf": f"快件已签收，签收人：{who}，感谢使用顺丰",
        }.get(courier, f"快件已签收，签收人：{who}")
    raise KeyError(kind)


# Texts of problem events that carry no refusal wording.
_PROBLEM_TEXTS = {
    "stall": (
        "快件在【{hub}】滞留，原因：业务量激增，延误派送",
        "因中转场爆仓，快件滞留待发",
        "【{hub}】快件积压，正在加急处理",
        "快件滞留，预计延迟1-3天",
    ),
    "stale": ("快件超过72小时未更新物流信息", "轨迹长时间未更新"),
    "damage": (
        "外包装破损，已做加固处理",
        "快件外包装破损，内件待核实",
        "包裹破损，已拍照留存",
        "运输途中箱体受压变形",
    ),
    "dispatch_fail": (
        "客户不在家，改天派送",
        "收件人电话未接通，再次派送",
        "派件未成功，已联系收件人",
        "预约改天派送",
    ),
    "addr_bad": (
        "收件地址不详，无法派送",
        "地址错误，联系不上收件人，快件退回",
        "超区件，地址无法派送",
    ),
    "unreachable": (
        "电话无人接听，无法联系收件人",
        "收件人电话停机，无法派送",
        "多次联系收件人未果",
    ),
    "locker_timeout": ("驿站超时未取件，快件退回", "快递柜超时未取，已取出退回"),
    "intercept": (
        "寄件人申请拦截，快件退回",
        "快件已拦截，按寄件人要求退回",
        "拦截成功，快件返回中",
    ),
    "return_plain": ("快件退回寄件人", "快件已安排退回", "退回件，返回发件网点", "退件发出"),
    "return_refused": ("收件人拒收，快件已安排退回", "拒收件退回中", "快件已退回寄件人"),
    "return_signed": ("退回件已签收", "退件已签收，签收人：寄件人", "快件已退回并签收"),
    "detour": ("快件错分，已重新发往【{hub}】", "分拣错误，快件已安排回转", "错发件，重新中转中"),
    "cold": ("受低温天气影响，派送时效可能延迟", "因天气原因，快件延误"),
}


def problem_text(kind: str, rng: random.Random, hub: str = "") -> str:
    return rng.choice(_PROBLEM_TEXTS[kind]).format(hub=hub)


def _event(at, kind, city, text, code_kind=None):
    codes = CODES[code_kind or kind]
    return Event(at, kind, city, text, (codes[0], codes[1]), (codes[2], codes[3]))


def _distance(zone_a: str, zone_b: str) -> float:
    ax, ay = catalog.ZONE_XY[zone_a]
    bx, by = catalog.ZONE_XY[zone_b]
    return math.hypot(ax - bx, ay - by)


def expected_days(origin_zone: str, dest_zone: str, courier: catalog.Courier) -> float:
    return max(0.9, 1.0 + 0.32 * _distance(origin_zone, dest_zone) + courier.speed)


def mid_hub(origin_zone: str, dest_zone: str) -> str | None:
    if _distance(origin_zone, dest_zone) < 4.0:
        return None
    ox, oy = catalog.ZONE_XY[origin_zone]
    dx, dy = catalog.ZONE_XY[dest_zone]
    if dy - oy > 2.5:
        return catalog.NORTH_HUB
    if dx - ox < -2.5:
        return catalog.WEST_HUB
    return catalog.EAST_HUB


def _work_hours(at: datetime, rng: random.Random) -> datetime:
    """Move a door event into the working day (08:00-20:30)."""
    if at.hour < 8:
        return at.replace(hour=8, minute=rng.randint(0, 59))
    if at.hour >= 20:
        nxt = at + timedelta(days=1)
        return nxt.replace(hour=8, minute=rng.randint(0, 59))
    return at


def plan_transit(
    rng,
    courier_key,
    origin_key,
    province,
    city,
    district,
    picked_at,
    stall_days,
    damaged,
    fake=False,
    detour_days=0.0,
) -> Transit:
    """The outbound legs: pickup, hubs, destination branch; stalls and damage included."""
    courier = catalog.COURIERS[courier_key]
    dest = catalog.PROVINCES_BY_NAME[province]
    origin = catalog.ORIGINS[origin_key]
    expected = expected_days(origin.zone, dest.zone, courier)
    total = expected * rng.uniform(0.85, 1.2) + stall_days + detour_days
    dest_site = _site_name(courier_key, city, district)
    origin_site = _site_name(courier_key, origin.city, origin.branch)
    hubs = [catalog.ORIGIN_HUB[origin_key]]
    mid = mid_hub(origin.zone, dest.zone)
    if mid and mid not in hubs and mid != dest.hub:
        hubs.append(mid)
    if dest.hub not in hubs:
        hubs.append(dest.hub)
    events = []
    if not fake:
        events.append(
            _event(
                picked_at,
                "pickup",
                origin.city,
                _text(courier_key, "pickup", rng, city=origin.city, site=origin_site),
            )
        )
    span = max(total - 0.35, 0.4)
    stall_at = rng.randrange(len(hubs)) if stall_days else -1
    clock = picked_at
    for index, hub in enumerate(hubs):
        clock += timedelta(days=span * (0.12 if index == 0 else 0.7 / len(hubs)))
        hub_full = _hub_name(courier_key, hub)
        nxt = hubs[index + 1] if index + 1 < len(hubs) else city
        nxt_full = _hub_name(courier_key, nxt) if index + 1 < len(hubs) else dest_site
        if not fake or index == len(hubs) - 1:
            events.append(
                _event(
                    clock,
                    "trunk",
                    hub + "市",
                    _text(courier_key, "trunk_in", rng, city=hub + "市", hub=hub_full),
                )
            )
        if detour_days and index == len(hubs) - 1:
            events.append(
                _event(
                    clock + timedelta(hours=rng.uniform(1, 4)),
                    "trunk",
                    hub + "市",
                    problem_text("detour", rng, hub_full),
                )
            )
            clock += timedelta(days=detour_days)
        if index == stall_at:
            stuck = clock + timedelta(hours=rng.uniform(6, 20))
            events.append(_event(stuck, "stall", hub + "市", problem_text("stall", rng, hub_full)))
            if stall_days >= 2.5:
                events.append(
                    _event(
                        stuck + timedelta(days=2.1), "stale", hub + "市", problem_text("stale", rng)
                    )
                )
            clock += timedelta(days=stall_days)
        clock += timedelta(hours=rng.uniform(1.5, 7))
        if not fake or index == len(hubs) - 1:
            events.append(
                _event(
                    clock,
                    "trunk",
                    hub + "市",
                    _text(
                        courier_key, "trunk_out", rng, city=hub + "市", hub=hub_full, next=nxt_full
                    ),
                )
            )
    branch_at = max(clock + timedelta(hours=3), picked_at + timedelta(days=total))
    if damaged:
        events.append(
            _event(
                branch_at - timedelta(hours=rng.uniform(0.5, 3)),
                "damage",
                city,
                problem_text("damage", rng),
            )
        )
    events.append(
        _event(
            branch_at,
            "arrive_city",
            city,
            _text(courier_key, "arrive_city", rng, city=city, site=dest_site),
        )
    )
    return Transit(
        events,
        branch_at,
        expected,
        stall_days,
        damaged,
        city,
        dest_site,
        origin.city,
        origin_site,
        hubs,
    )


def _first_dispatch(transit: Transit, rng: random.Random) -> datetime:
    at = transit.branch_at + timedelta(hours=rng.uniform(1, 5))
    return _work_hours(at, rng)


def _dispatch(courier_key, transit, at, rng, district) -> Event:
    return _event(
        at,
        "dispatch",
        transit.dest_city,
        _text(
            courier_key,
            "dispatch",
            rng,
            city=transit.dest_city,
            site=transit.dest_site,
            district=district,
        ),
    )


def _way_back(events, transit, start, rng, refused_wording):
    """Return legs to the origin; returns the time the shipper signed the parcel back."""
    text = problem_text("return_refused" if refused_wording else "return_plain", rng)
    events.append(_event(start, "return", transit.dest_city, text))
    back_days = transit.expected_days * rng.uniform(1.0, 1.4) + 0.4
    hub = transit.hubs[-1]
    events.append(
        _event(
            start + timedelta(days=back_days * 0.35),
            "return",
            hub + "市",
            f"退回件离开【{hub}】，发往【{transit.origin_site}】",
        )
    )
    signed_back = _work_hours(start + timedelta(days=back_days), rng)
    events.append(
        _event(
            signed_back, "return_signed", transit.origin_city, problem_text("return_signed", rng)
        )
    )
    return signed_back


@dataclass(slots=True)
class Door:
    """What happened at (or instead of) the door, with the moments that matter."""

    events: list[Event]
    outcome_at: datetime | None  # signed / refused / problem / intercept moment
    returned_at: datetime | None = None  # shipper signed the return
    confirm_at: datetime | None = None  # 确认收货 by the buyer or the platform


def refusal_event(rng, shape, at, city, reason_text, generic_text) -> Event:
    """The refusal event for a given shape (see REFUSAL_SHAPES)."""
    if shape == "coded_generic":
        return _event(
            at, "refused", city, generic_text, rng.choice(("refused", "refused", "refused_pending"))
        )
    if shape == "coded_reason":
        return _event(at, "refused", city, reason_text)
    if shape == "coded_blank":
        return _event(at, "refused", city, rng.choice(wording.REFUSAL_BLANK))
    # text_only: the courier keyed a plain dispatch-type scan but wrote the refusal in words
    event = _event(at, "refused", city, reason_text or generic_text, "dispatch")
    if rng.random() < 0.4:
        event.kd100, event.kdniao = ("", ""), ("", "")
    return event


def finish_events(
    rng,
    courier_key,
    transit,
    outcome,
    district,
    *,
    shape=None,
    reason_text="",
    generic_text="",
    attempts=0,
    intercept_at=None,
    cold=False,
    locker=False,
) -> Door:
    """Door and return events for one outcome, appended to the outbound legs."""
    events = list(transit.events)
    city = transit.dest_city
    if outcome == "lost":
        last = events[-2] if len(events) > 2 else events[-1]
        events = [event for event in events if event.at <= last.at]
        events.append(
            _event(last.at + timedelta(days=3.2), "stale", last.city, problem_text("stale", rng))
        )
        return Door(events, None)
    if outcome == "intercept":
        events = [event for event in events if event.at < intercept_at]
        where = events[-1].city
        events.append(_event(intercept_at, "intercept", where, problem_text("intercept", rng)))
        back = _way_back(events, transit, intercept_at + timedelta(hours=3), rng, False)
        return Door(events, intercept_at, back)
    at = _first_dispatch(transit, rng)
    if cold and rng.random() < 0.5:
        events.append(
            _event(
                at - timedelta(minutes=rng.randint(20, 90)),
                "stall",
                city,
                problem_text("cold", rng),
            )
        )
    for _ in range(attempts):
        events.append(_dispatch(courier_key, transit, at, rng, district))
        events.append(
            _event(
                at + timedelta(hours=rng.uniform(1, 6)),
                "dispatch_fail",
                city,
                problem_text("dispatch_fail", rng),
            )
        )
        at = _work_hours(at + timedelta(days=1), rng)
    if outcome in ("signed", "fake_signed"):
        if locker:
            events.append(
                _event(
                    at,
                    "locker",
                    city,
                    _text(courier_key, "locker", rng, city=city, district=district),
                )
            )
            done = at + timedelta(hours=rng.uniform(2, 40))
            kind = "signed_locker"
        else:
            events.append(_dispatch(courier_key, transit, at, rng, district))
            done = at + timedelta(hours=rng.uniform(0.5, 6))
            kind = "signed" if rng.random() < 0.8 else "signed_proxy"
        events.append(
            _event(
                done, kind, city, _text(courier_key, kind, rng, city=city, site=transit.dest_site)
            )
        )
        confirm = done + timedelta(days=rng.uniform(0.2, 3.5))
        if rng.random() < 0.35:
            confirm = done + timedelta(days=AUTO_CONFIRM_DAYS, hours=rng.uniform(0, 5))
        return Door(events, done, None, confirm)
    if outcome == "refused":
        events.append(_dispatch(courier_key, transit, at, rng, district))
        done = at + timedelta(hours=rng.uniform(0.3, 5))
        if shape == "after_sales_only":
            events.append(_event(done, "dispatch_fail", city, problem_text("dispatch_fail", rng)))
        else:
            events.append(refusal_event(rng, shape, done, city, reason_text, generic_text))
        worded = shape != "after_sales_only" and rng.random() < 0.5
        back = _way_back(events, transit, done + timedelta(hours=rng.uniform(2, 20)), rng, worded)
        return Door(events, done, back)
    if outcome == "locker_timeout":
        events.append(
            _event(
                at, "locker", city, _text(courier_key, "locker", rng, city=city, district=district)
            )
        )
        done = at + timedelta(days=rng.uniform(3, 5))
        events.append(_event(done, "locker_timeout", city, problem_text("locker_timeout", rng)))
        back = _way_back(events, transit, done + timedelta(hours=rng.uniform(3, 12)), rng, False)
        return Door(events, done, back)
    # addr_bad / unreachable: one or two failed tries, then back to the shipper
    events.append(_dispatch(courier_key, transit, at, rng, district))
    done = at + timedelta(hours=rng.uniform(1, 5))
    events.append(_event(done, outcome, city, problem_text(outcome, rng)))
    if outcome == "unreachable" and rng.random() < 0.6:
        done = _work_hours(done + timedelta(days=1), rng)
        events.append(_event(done, outcome, city, problem_text(outcome, rng)))
    back = _way_back(events, transit, done + timedelta(hours=rng.uniform(3, 24)), rng, False)
    return Door(events, done, back)
