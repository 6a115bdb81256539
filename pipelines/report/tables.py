"""The report's tables and sentences, each drawn from one week's marts (:class:`WeekData`).

The rules behind them (which orders to refund, contest or follow up, what counts as an alert, what
a refusal costs) are marts; what is left here is arranging, summing for display and wording, with
every label in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from pipelines.causes import CAUSES, CAUSES_BY_CODE, COMMON_PLAYBOOK_ZH
from pipelines.ingest.exports import KINDS
from pipelines.models.dictionary import UNKNOWN
from pipelines.report.data import COST_PARTS_ZH, WeekData, by_cause, of_week, of_weeks
from pipelines.report.display import Callout
from pipelines.weeks import Week


def _labelled(frame: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """The given columns, in that order, under their display labels."""
    return frame[list(columns)].rename(columns=dict(columns))


# --- 1 headline ----------------------------------------------------------------------------------

#: Headline rows: key → (label, unit); the unit decides how a value and its change read.
HEADLINE_METRICS = {
    "orders_placed": ("下单 orders", "count"),
    "parcels_shipped": ("发货 shipped", "count"),
    "refused": ("拒收 refused", "count"),
    "refusal_rate": ("拒收率 refusal rate", "percent"),
    "returned_undelivered": ("退回未妥投 returned undelivered", "count"),
    "refusal_cost_yuan": ("拒收损失 refusal cost", "yuan"),
    "fines_yuan": ("平台罚款与赔付 fines and compensation", "yuan"),
}
#: What the change column says when the two weeks cannot be compared.
NOT_COMPARABLE = "—（有一周数据不完整，不比较 not comparable）"


def headline(data: WeekData) -> pd.DataFrame:
    """This week against the week before: volumes, the refusal rate with its counts, what
    refusals cost and, apart, what the platform fined. A week the data covers only partly (the
    first week of data, a week without any) is named so and not compared."""
    now = _headline_figures(data, data.week)
    before = _headline_figures(data, data.previous_week)
    comparable = data.is_whole(data.week) and data.is_whole(data.previous_week)
    rows = [(label, _formatted(now, key, unit), _formatted(before, key, unit),
             _change(now[key], before[key], unit) if comparable else NOT_COMPARABLE)
            for key, (label, unit) in HEADLINE_METRICS.items()]
    return pd.DataFrame(rows, columns=["指标 metric", _week_heading("本周", data, data.week),
                                       _week_heading("上周", data, data.previous_week),
                                       "变化 change"])


def _week_heading(name: str, data: WeekData, week: Week) -> str:
    return f"{name} {week}" + ("" if data.is_whole(week) else "（数据不完整 partial）")


def _headline_figures(data: WeekData, week: Week) -> dict[str, float]:
    outcome = of_week(data.outcomes, week).sum(numeric_only=True)
    costs = of_week(data.refusals, week)
    figures = {key: float(outcome.get(key, 0)) for key in HEADLINE_METRICS}
    figures["parcels_settled"] = float(outcome.get("parcels_settled", 0))
    settled = figures["parcels_settled"]
    figures["refusal_rate"] = 100 * figures["refused"] / settled if settled else 0.0
    figures["fines_yuan"] = float(costs["compensation_yuan"].sum())
    figures["refusal_cost_yuan"] = float(costs["cost_yuan"].sum()) - figures["fines_yuan"]
    return figures


def _formatted(figures: dict[str, float], key: str, unit: str) -> str:
    value = figures[key]
    if unit == "percent":  # a rate always with its counts
        return f"{value:.1f}%（{figures['refused']:,.0f}/{figures['parcels_settled']:,.0f}）"
    return _number(value, unit)


def _number(value: float, unit: str) -> str:
    return f"¥{value:,.0f}" if unit == "yuan" else f"{value:,.0f}"


def _change(now: float, before: float, unit: str) -> str:
    difference = now - before
    if unit == "percent":
        return f"{difference:+.1f} 个百分点 pt"
    sign = "+" if difference >= 0 else "-"
    text = f"{sign}{_number(abs(difference), unit)}"
    return f"{text}（{difference / before:+.0%}）" if before else text


def headline_sentence(data: WeekData) -> str:
    last_day = data.week.end - dt.timedelta(days=1)
    figures = _headline_figures(data, data.week)
    actions = data.worklist["action"].value_counts()
    steps = "，".join(f"{actions[action]} 单{label}" for action, label in _ACTION_SHORT_ZH.items()
                     if actions.get(action, 0))
    fines = (f"；另有平台罚款与赔付 ¥{figures['fines_yuan']:,.0f}（不是拒收本身的损失）"
             if figures["fines_yuan"] else "")
    partial = "" if data.is_whole(data.week) else "本周数据不完整，数字偏低。"
    return (f"{data.week}（{data.week.start:%Y-%m-%d} 至 {last_day:%m-%d}，北京时间）："
            f"拒收 {figures['refused']:,.0f} 单，拒收损失约 ¥{figures['refusal_cost_yuan']:,.0f}"
            f"{fines}。" + (f"其中 {steps}。" if steps else "") + partial)


#: The dispute actions in a few words, in the order the headline names them.
_ACTION_SHORT_ZH = {
    "refund_and_fix": "责任在商家（退款并改正，不申诉）",
    "claim_from_courier": "向快递索赔",
    "contest_with_evidence": "准备证据申诉",
    "contact_buyer": "先联系买家",
    "refund_directly": "小额直接退款",
    "release_refund": "退件已回、应立即退款",
    "nothing_to_do": "已退款",
}


# --- 0 at a glance: the three things to do first, and what the data cannot show --------------


def top_three(data: WeekData) -> Callout:
    """本周必做: the first three rows of the week's to-do list (agg_todo_weekly, ranked by the
    money at stake), each naming its object, its counts, the money, why and what to do."""
    lines = [todo_line(row) for row in data.todo.head(3).itertuples()]
    return Callout("本周必做 Top 3 this week",
                   lines or ["本周没有拒收，无需处理。 No refusals this week."], "top-three")


def todo_line(row: NamedTuple) -> str:
    money = f"涉及 ¥{row.at_stake_yuan:,.0f}"
    if row.fines_yuan:
        money += f"（其中平台罚款与赔付 ¥{row.fines_yuan:,.0f}）"
    return f"{row.object_zh}：{row.why_zh}；{money}。做什么：{row.step_zh}"


def data_gaps(data: WeekData) -> Callout | None:
    """What this report cannot show, and why: a dimension the exports lack (the 2024 order
    layout has no province), an optional export not given, a week the data covers only partly."""
    gaps = []
    parcels = of_weeks(data.parcels, data.lookback)
    settled = parcels["parcels_settled"].sum()
    unknown = parcels.loc[parcels["province"].isna(), "parcels_settled"].sum()
    if settled and unknown == settled:
        gaps.append("订单导出没有省份（如 2024 版订单导出）：不显示快递 × 省份热力图的省份维度、"
                    "省份预警，物流待办只按快递列出。 The orders export has no province: "
                    "courier × province is not shown.")
    elif settled and unknown:
        gaps.append(f"近 {len(data.lookback)} 周有 {unknown:,.0f} / {settled:,.0f} 个包裹"
                    f"没有省份，在热力图中记为“{UNKNOWN}”。 Parcels without a province show as "
                    f"{UNKNOWN}.")
    loaded = set(data.loaded_kinds["kind"])
    for kind, consequence in MISSING_EXPORT_CONSEQUENCES.items():
        if kind not in loaded:
            gaps.append(consequence)
    for name, week in (("本周", data.week), ("上周", data.previous_week)):
        if not data.is_whole(week):
            gaps.append(f"{name} {week} 的数据不完整（数据从周中开始、到周中结束，"
                        "或这周没有数据）：不计算周环比，也不以它为基准报突增。 "
                        f"{week} is partial: no week-on-week change or spike against it.")
    if not gaps:
        return None
    return Callout("本报告看不到的 What this report cannot show", gaps, "data-gaps",
                   numbered=False)


#: What a missing optional export takes away, in the merchant's words.
MISSING_EXPORT_CONSEQUENCES = {
    "after_sales": "未提供售后导出：看不到退款状态，逐单处理建议无法区分已退款与未退款，"
                   "未了结事项不完整。 No after-sales export: refund states are unknown.",
    "reviews": "未提供评价导出：评价问题只能从拒收文字和店铺评分判断。 "
               "No reviews export: the reviews cause rests on refusal texts and store scores.",
    "store_scores": "未提供店铺评分导出：看不到评分走势。 No store scores export.",
    "penalties": "未提供罚款/赔付导出：平台罚款记为 ¥0。 "
                 "No penalties export: fines count as ¥0.",
}


# --- 2 why ---------------------------------------------------------------------------------------


def cause_mix(data: WeekData) -> pd.DataFrame:
    """This week's refusals per cause, with the part attributed on weak evidence beside it."""
    per_cause = by_cause(of_week(data.refusals, data.week))
    total = per_cause["refusals"].sum()
    return pd.DataFrame({
        "原因 cause": [f"{cause.label_zh} {cause.label_en}" for cause in CAUSES],
        "拒收 refusals": per_cause["refusals"].to_numpy(),
        f"占比 share (%, n={total})":
            (100 * per_cause["refusals"] / max(total, 1)).round(1).to_numpy(),
        "证据薄弱 weak evidence": per_cause["weak_evidence_refusals"].to_numpy(),
    })


def weak_evidence_sentence(data: WeekData) -> str:
    week = of_week(data.refusals, data.week)
    total, weak = week["refusals"].sum(), week["weak_evidence_refusals"].sum()
    return (f"本周 {total} 单拒收中，{weak} 单（{weak / max(total, 1):.0%}）的归因证据薄弱："
            "没有任何证据、按本店最常见原因兜底，或可信度低于 0.5。"
            "图中斜线部分即这些订单，解读时请打折扣。")


EVIDENCE_STRENGTH_COLUMNS = {
    "cause_zh": "原因 cause",
    "refusals": "拒收 refusals",
    "strong_evidence_refusals": "证据充分 strong",
    "thin_evidence_refusals": "证据薄弱 thin",
    "no_evidence_refusals": "其中无证据 of which none",
}


def evidence_strength(data: WeekData) -> tuple[str, pd.DataFrame]:
    """Per cause, how many of the week's refusals rest on strong evidence and how many on thin."""
    threshold = data.settings.strong_evidence_confidence
    return (f"证据强弱 Evidence per cause：证据充分 = 可信度 ≥ {threshold:g}；"
            "证据薄弱 = 可信度更低（只凭买家一方说法的原因都在此列），或没有任何证据、"
            "按本店最常见原因兜底。",
            _labelled(data.evidence_strength, EVIDENCE_STRENGTH_COLUMNS))


# --- 3 where to look, per cause ------------------------------------------------------------------

PRODUCT_COLUMNS = {
    "product_id": "商品ID product",
    "title": "商品 title",
    "parcels_settled": "有结果 settled",
    "refused": "拒收 refused",
    "quality_refusals": "质量原因 quality",
    "this_week": "本周拒收 this week",
    "rate": "拒收率 rate (%)",
    "shop_rate": "全店 shop (refused/settled)",
    "ratio": "倍数 × shop",
    "low_volume": "样本少 low volume",
}


def products_to_check(data: WeekData) -> pd.DataFrame:
    """Products refused most for quality over the lookback weeks, their refusal rate against the
    shop's; products with fewer settled parcels than the alert minimum are flagged."""
    parcels = of_weeks(data.parcels, data.lookback)
    refusals = of_weeks(data.refusals, data.lookback)
    settled = parcels.groupby("product_id")[["parcels_settled", "refused"]].sum()
    of_quality = refusals[refusals["cause"] == "product_quality"]
    table = settled[settled["refused"] > 0].assign(
        quality_refusals=of_quality.groupby("product_id")["refusals"].sum(),
        this_week=of_week(refusals, data.week).groupby("product_id")["refusals"].sum(),
    ).fillna(0)
    shop_refused, shop_settled = parcels["refused"].sum(), parcels["parcels_settled"].sum()
    shop_rate = shop_refused / max(shop_settled, 1)
    rate = table["refused"] / table["parcels_settled"]
    table = table.assign(
        title=_product_titles(data),
        rate=(100 * rate).round(1),
        shop_rate=f"{100 * shop_rate:.1f}%（{shop_refused:,.0f}/{shop_settled:,.0f}）",
        ratio=(rate / shop_rate).round(1) if shop_rate else np.nan,
        low_volume=np.where(table["parcels_settled"] < data.settings.min_parcels, "是 yes", ""),
    ).sort_values(["quality_refusals", "refused", "rate"], ascending=False)
    return _labelled(table.reset_index().head(data.settings.top_rows), PRODUCT_COLUMNS)


def _product_titles(data: WeekData) -> pd.Series:
    """The newest title per product id (titles change; ids do not)."""
    ordered = data.refusals.dropna(subset=["product_id"]).sort_values("iso_week")
    return ordered.groupby("product_id")["product_title"].last()


VIOLATION_COLUMNS = {
    "order_id": "订单号 order",
    "refused_at": "拒收时间 refused at",
    "product_title": "商品 title",
    "signal_zh": "信号 signal",
    "evidence_zh": "证据 evidence",
    "attributed_cause_zh": "归因 attributed to",
}


def violation_evidence(data: WeekData) -> dict[str, pd.DataFrame]:
    """The rule-violation signals behind this week's refusals, whichever cause won the order:
    how often each fired, then the first orders with their evidence."""
    violations = data.violations
    per_signal = violations.groupby("signal_zh").agg(
        orders=("order_id", "nunique"),
        attributed=("attributed_cause_zh",
                    lambda causes: (causes == CAUSES_BY_CODE["rule_violation"].label_zh).sum()),
    ).reset_index().sort_values("orders", ascending=False)
    return {
        "按信号 By signal": per_signal.rename(columns={
            "signal_zh": "信号 signal", "orders": "订单 orders",
            "attributed": "归因为违规 attributed to rule violation"}),
        _shown("证据 Evidence", violations, data.settings.top_rows):
            _labelled(violations.head(data.settings.top_rows), VIOLATION_COLUMNS),
    }


def _shown(title: str, rows: pd.DataFrame, limit: int) -> str:
    """A table title that says how many rows there are, and when only the first are shown."""
    shown = f"，显示前 {limit} 条 first {limit} shown" if len(rows) > limit else ""
    return f"{title}（共 {len(rows)} 条 rows{shown}）"


# --- 4 alerts ------------------------------------------------------------------------------------

#: The dimensions alerts watch, with their labels.
DIMENSIONS_ZH = {"product": "商品 product", "courier": "快递 courier", "province": "省份 province"}
ALERT_COLUMNS = ("类型 alert", "维度 dimension", "对象 what", "详情 detail", "拒收 refusals")


def alerts(data: WeekData) -> pd.DataFrame:
    """Streaks of refusals in a row and refusal-rate spikes of the week, as agg_alerts_weekly
    finds them (guarded by minimum volumes there), in its order."""
    baseline_weeks = data.settings.spike_baseline_weeks
    rows = [
        (_ALERT_KINDS_ZH[row.alert], DIMENSIONS_ZH[row.dimension],
         _label(data, row.dimension, row.dimension_value),
         _alert_detail(row, baseline_weeks), row.refusals)
        for row in data.alerts.itertuples()
    ]
    return pd.DataFrame(rows, columns=list(ALERT_COLUMNS))


_ALERT_KINDS_ZH = {"streak": "连续拒收 streak", "spike": "拒收率突增 spike"}


def _alert_detail(alert: NamedTuple, baseline_weeks: int) -> str:
    if alert.alert == "streak":
        return (f"连续 {alert.refusals} 单被拒收（发货 {alert.first_shipped_at:%m-%d} 至 "
                f"{alert.last_shipped_at:%m-%d}），其间没有一单签收")
    return (f"本周拒收率 {alert.refusal_rate:.0%}（{alert.refusals}/"
            f"{alert.parcels_settled:.0f}），此前 {baseline_weeks} 周 "
            f"{alert.baseline_refusal_rate:.0%}")


def _label(data: WeekData, dimension: str, value: str) -> str:
    """A product, courier, province or route as a merchant recognises it."""
    if dimension == "product":
        return f"{_product_titles(data).get(value, '')}（{value}）"
    if dimension == "courier":
        return data.courier_names.get(value, value)
    return str(value)


# --- 5 cost --------------------------------------------------------------------------------------


def costs_by_cause(data: WeekData) -> pd.DataFrame:
    """This week's refusal cost per cause, part by part, then the platform's fines and
    compensation apart (mostly on fake orders, not the refusal itself), with a total row."""
    per_cause = by_cause(of_week(data.refusals, data.week))
    per_cause["refusal_cost_yuan"] = per_cause["cost_yuan"] - per_cause["compensation_yuan"]
    table = pd.DataFrame({"原因 cause": [cause.label_zh for cause in CAUSES],
                          "拒收 refusals": per_cause["refusals"].to_numpy()})
    parts = {column: label for column, label in COST_PARTS_ZH.items()
             if column != "compensation_yuan"}
    columns = {**parts, "refusal_cost_yuan": "拒收损失小计 refusal cost",
               "compensation_yuan": COST_PARTS_ZH["compensation_yuan"], "cost_yuan": "合计 total"}
    for column, label in columns.items():
        table[f"{label} (¥)"] = per_cause[column].round(2).to_numpy()
    total = table.drop(columns="原因 cause").sum()
    return pd.concat([table, pd.DataFrame([{"原因 cause": "合计 total", **total}])],
                     ignore_index=True)


def cost_assumptions(data: WeekData) -> str:
    costs = data.settings.costs
    return (f"估算口径（pipelines/report/report.toml）："
            f"每单去程运费 ¥{costs.forward_freight_yuan:g}、"
            f"退回运费 ¥{costs.return_freight_yuan:g}；毛利按商品金额的 "
            f"{costs.margin_share:.0%} 计（货退回来了，这笔生意没了）；"
            "平台赔付取自罚款/赔付导出（按订单号匹配），没有该导出时记为 0。")


# --- 6 to-do -------------------------------------------------------------------------------------

TODO_COLUMNS = {
    "todo_rank": "优先级 rank",
    "object_zh": "对象 what",
    "why_zh": "为什么 why",
    "refusal_cost_yuan": "拒收损失 refusal cost (¥)",
    "fines_yuan": "罚款与赔付 fines (¥)",
    "at_stake_yuan": "涉及金额 at stake (¥)",
    "step_zh": "做什么 what to do",
}


def todo_list(data: WeekData) -> pd.DataFrame:
    """Every object to act on this week (agg_todo_weekly: products, courier routes and lists of
    orders), ranked by the money at stake; the first three are the report's Top 3."""
    return _labelled(data.todo, TODO_COLUMNS)


def operations_note() -> str:
    return f"另：{COMMON_PLAYBOOK_ZH[1]}——每周对照本报告第 2–5 节逐项调整。"


def worklist_summary(data: WeekData) -> pd.DataFrame:
    """Orders and money per dispute action (the article's 纠纷处理), every action listed."""
    per_action = data.worklist.groupby("action")["buyer_paid_yuan"].agg(["size", "sum"])
    labels = dict(zip(data.dispute_actions["action"], data.dispute_actions["action_zh"],
                      strict=True))
    per_action = per_action.reindex(list(labels), fill_value=0)
    return pd.DataFrame({
        "处理方式 action": [labels[action] for action in per_action.index],
        "订单 orders": per_action["size"].to_numpy(),
        "买家实付 paid (¥)": per_action["sum"].round(2).to_numpy(),
    })


WORKLIST_PREVIEW_COLUMNS = {
    "order_id": "订单号 order",
    "next_step_zh": "下一步 next step",
    "buyer_paid_yuan": "实付 paid (¥)",
    "cause_zh": "原因 cause",
    "evidence": "证据 evidence",
}


def worklist_preview(data: WeekData) -> pd.DataFrame:
    """The largest orders of the worklist (it is sorted by what the buyer paid)."""
    return _labelled(data.worklist.head(data.settings.top_rows), WORKLIST_PREVIEW_COLUMNS)


# --- 6 to-do: parcels at risk now ---------------------------------------------------------------

AT_RISK_COLUMNS = {
    "order_id": "订单号 order",
    "tracking_no": "快递单号 tracking",
    "risk": "拒收风险 risk",
    "likely_cause": "可能原因 likely cause",
    "reasons": "理由 reasons",
    "suggested_action": "建议动作 what to do",
    "expected_loss_yuan": "预期损失 expected loss (¥)",
}


def at_risk_now(data: WeekData) -> list[object]:
    """在途风险: the parcels still on their way at the week's as-of time most worth acting on
    (fct_parcels_at_risk, by expected loss) and how well the score foresaw refusals on the days
    before (agg_parcels_at_risk_weekly); without a list worth showing, one sentence says why."""
    if data.at_risk_week.empty:
        return ["本周没有计算在途风险：它由 refusals run 在生成报告前计算，需要逐单明细表"
                "（只取回汇总表的 Spark 构建没有）。 The run did not score parcels in transit "
                "for this week."]
    week = data.at_risk_week.iloc[0]
    as_of = f"截至 {week.as_of:%Y-%m-%d %H:%M}（北京时间）"
    if not week.parcels_in_transit:
        return [f"{as_of}，没有在途包裹（已发货、尚未签收、拒收或退回）。 "
                "No parcel was in transit."]
    if not week.is_learned:
        return [f"{as_of}，在途包裹 {week.parcels_in_transit:,} 个，但此前的在途包裹中还没有"
                "既有拒收又有签收的历史，学不出哪些情况预示拒收，暂不列风险。 Too little "
                "history to learn the risk from."]
    table = data.at_risk.assign(
        risk=[f"{risk:.1%}" for risk in data.at_risk["risk"]],
        likely_cause=[CAUSES_BY_CODE[code].label_zh if code in CAUSES_BY_CODE else "—"
                      for code in data.at_risk["likely_cause"]],
    )
    shown = len(table)
    title = (f"预期损失最大的在途包裹 Highest expected loss（共 {week.parcels_in_transit:,} 个"
             + (f"，显示前 {shown} 个 first {shown} shown" if week.parcels_in_transit > shown
                else "") + "）")
    return [
        f"{as_of}，在途包裹 {week.parcels_in_transit:,} 个（已发货、尚未签收、拒收或退回），其中 "
        f"{week.parcels_to_act_on:,} 个预期损失不低于处理成本 ¥{week.min_expected_loss_yuan:g}"
        f"（值得联系买家或快递），预期损失合计 ¥{week.expected_loss_yuan:,.0f}。"
        "预期损失 = 拒收风险 ×（实付 + 来回运费）。",
        {title: _labelled(table, AT_RISK_COLUMNS)},
        replay_sentence(week),
    ]


def replay_sentence(week: pd.Series) -> str:
    """How well the score foresaw refusals, replayed day by day before the as-of time, in words
    that say what it was measured against."""
    if not week.replay_refused_pairs:
        return ("回放：截止时间前的历史太短，或其间在途的包裹没有一个后来被拒收，"
                "暂时无法衡量风险分准不准。 Too little history to replay the score.")
    auc = "" if pd.isna(week.replay_auc) else f"，AUC {week.replay_auc:.2f}"
    reached, at_stake = week.replay_yuan_reached_top10, week.replay_yuan_refused_total
    money = f"，涉及拒收金额的 {reached / at_stake:.0%}" if at_stake else ""
    return (f"回放截止时间前 {week.replay_days} 天（每天只用当时已有的数据重新打分）："
            f"每天风险最高的 10% 包裹包含了之后拒收的 {week.replay_recall_top10:.0%}"
            f"（是随机挑选的 {week.replay_lift_top10:.1f} 倍）{money}{auc}；"
            "依据本店自己的拒收识别，不是人工标注。")


# --- 7 loose ends --------------------------------------------------------------------------------

LOOSE_END_COLUMNS = {
    "order_id": "订单号 order",
    "next_step_zh": "下一步 next step",
    "refused_at": "拒收时间 refused at",
    "days_out": "已过天数 days",
    "return_signed_at": "退回签收 back with the merchant",
    "auto_confirm_at": "平台自动同意 auto-agreed at",
    "courier": "快递 courier",
    "tracking_no": "快递单号 tracking",
    "product_title": "商品 title",
    "buyer_paid_yuan": "实付 paid (¥)",
    "after_sales_latest_status": "售后状态 refund status",
}


def loose_ends(data: WeekData) -> dict[str, pd.DataFrame]:
    """Refusals of the lookback weeks still open in the 仅退款 flow: parcels not back with the
    merchant after the usual return time, refunds not closed, buyers who never applied. Each row
    says what to do next (fct_loose_ends decides); each list shows its oldest rows first, and its
    title carries the full count and what the buyers paid."""
    unsettled = data.loose_ends.rename(columns={"courier_name": "courier"})
    days, hours = data.settings.usual_return_days, data.settings.refund_auto_agree_hours
    lists = {
        f"超过 {days} 天仍未退回商家 Not back with the merchant after {days} days":
            (unsettled["is_overdue_return"], ""),
        "退款仍未完结 Refunds still open":
            (unsettled["is_refund_open"],
             f"；待商家处理的申请约 {hours} 小时后由平台自动同意，按平台规则估算 assumed"),
        "买家未申请仅退款，需联系 Buyers to contact (no refund-only request)":
            (unsettled["has_no_refund_request"], ""),
    }
    limit = data.settings.top_rows
    return {_orders_shown(title, unsettled[rows], limit, note):
            _labelled(unsettled[rows].head(limit), LOOSE_END_COLUMNS)
            for title, (rows, note) in lists.items()}


def _orders_shown(title: str, orders: pd.DataFrame, limit: int, note: str = "") -> str:
    """A list of orders' title: how many there are, what their buyers paid, and when only the
    first are shown."""
    paid = pd.to_numeric(orders["buyer_paid_yuan"]).sum()
    shown = f"，显示前 {limit} 单 first {limit} shown" if len(orders) > limit else ""
    return f"{title}（共 {len(orders)} 单 orders，实付 ¥{paid:,.0f} paid{shown}{note}）"


# --- 8 data quality ------------------------------------------------------------------------------


def data_quality(data: WeekData) -> dict[str, pd.DataFrame | str]:
    loaded = data.loaded_kinds.set_index("kind")
    inputs = pd.DataFrame({
        "导出类型 kind": [kind.name for kind in KINDS],
        "已提供 present": ["是 yes" if kind.name in loaded.index else "否 no" for kind in KINDS],
        "文件 files": [loaded["files"].get(kind.name, 0) for kind in KINDS],
        "行数 rows": [loaded["rows_read"].get(kind.name, 0) for kind in KINDS],
    })
    validation = data.validation_runs
    if validation is None:
        validation = ("暂不可用 not available：仓库里还没有 meta.validation_runs"
                      "（数据校验尚未记录结果）。")
    problems = data.validation_problems
    return {
        "数据校验 Validation runs": validation,
        "最近一次校验未通过或警告的检查 Checks failed or warned in the latest run":
            "暂不可用 not available" if problems is None else problems,
        "各文件行数 Rows per file (read = staged + quarantined + duplicate)": data.file_accounting,
        "隔离原因 Why rows were quarantined (top 20)": data.quarantine_reasons,
        "提供了哪些导出 Which inputs were present": inputs,
    }


# --- 9 definitions -------------------------------------------------------------------------------


def definitions(data: WeekData) -> pd.DataFrame:
    settings = data.settings
    week, rules = data.week, "、".join(data.rules_versions) or "（本周无拒收 no refusals）"
    terms = {
        "拒收 refusal": "收件人在派送时拒绝签收：物流轨迹出现拒收状态码或拒收字样，或售后状态为"
                      "“已同意拒收退款，待用户拒收”。因地址、联系不上、拦截、超时未取而退回的"
                      "包裹记为“退回未妥投”，不算拒收。",
        "周 week": f"ISO 周，北京时间周一 00:00 起算：{week} = {week.start:%Y-%m-%d %H:%M} 至 "
                  f"{week.end:%Y-%m-%d %H:%M}（不含）。订单按下单时间、发货按发货时间、"
                  "拒收按拒收时间归周。",
        "拒收率 refusal rate": "本周拒收 ÷ 本周有结果的包裹（签收 + 拒收 + 退回未妥投）。",
        "证据薄弱 weak evidence": "没有任何证据、按本店最常见原因兜底，或可信度低于 0.5 的归因。",
        "强/中/弱 strength": (
            f"证据中每条事实的分量：权重 ≥ {settings.strong_signal_weight:g} 为强（如买家或"
            f"快递写明的原因），≥ {settings.medium_signal_weight:g} 为中，其余为弱；"
            "签收的包裹中也常见的情况不能单独说明原因。"),
        "不完整的周 partial week": (
            "数据只覆盖一部分的周（数据从周中开始或到周中结束）或没有数据的周：不计算周环比；"
            f"突增要求本周与此前 {settings.spike_baseline_weeks} 周都完整。"),
        "损失 cost": cost_assumptions(data),
        "小额订单 small order": f"买家实付低于 ¥{settings.small_order_yuan:g}："
                              "直接退款，不值得纠纷。",
        "连续拒收 streak": f"同一商品、快递或省份按发货顺序连续 {settings.streak_length} 单以上"
                         "被拒收，且本周有拒收。",
        "突增 spike": f"本周拒收率达到此前 {settings.spike_baseline_weeks} 周的 "
                    f"{settings.spike_ratio:g} 倍，且本周至少 {settings.min_refusals} 单拒收、"
                    f"{settings.min_parcels} 个有结果的包裹。",
        "拒收风险 refusal risk": (
            "在途包裹（已发货、尚未签收、拒收或退回）被拒收的概率，0–1：截止时间为报告周的周日 "
            "23:59:59（数据更早结束时为最新数据），只用截止前的数据，权重由本店此前的在途包裹学得"
            "（pipelines/risk/）。预期损失 = 风险 ×（实付 + 来回运费）。回放：在截止前每天末"
            "重新打分，再对照本流程后来识别出的拒收，衡量风险分准不准（不是人工标注）。"),
        "规则版本 rules version": f"{rules}（pipelines/models/rules.toml：信号、阈值与权重）",
    }
    return pd.DataFrame({"术语 term": list(terms), "定义 definition": list(terms.values())})
