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
from pipelines.report.data import COST_PARTS_ZH, WeekData, by_cause, of_week, of_weeks
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
    "cost_yuan": ("拒收损失 money lost", "yuan"),
}


def headline(data: WeekData) -> pd.DataFrame:
    """This week against the week before: volumes, refusal rate and the money refusals cost."""
    now = _headline_figures(data, data.week)
    before = _headline_figures(data, data.previous_week)
    rows = [(label, _formatted(now[key], unit), _formatted(before[key], unit),
             _change(now[key], before[key], unit))
            for key, (label, unit) in HEADLINE_METRICS.items()]
    return pd.DataFrame(rows, columns=["指标 metric", f"本周 {data.week}",
                                       f"上周 {data.previous_week}", "变化 change"])


def _headline_figures(data: WeekData, week: Week) -> dict[str, float]:
    outcome = of_week(data.outcomes, week).sum(numeric_only=True)
    settled = outcome.get("parcels_settled", 0)
    refused = float(outcome.get("refused", 0))
    cost = float(of_week(data.refusals, week)["cost_yuan"].sum())
    figures = {"refusal_rate": 100 * refused / settled if settled else 0.0, "cost_yuan": cost}
    return {key: figures.get(key, float(outcome.get(key, 0))) for key in HEADLINE_METRICS}


def _formatted(value: float, unit: str) -> str:
    return {"count": f"{value:,.0f}", "percent": f"{value:.1f}%", "yuan": f"¥{value:,.0f}"}[unit]


def _change(now: float, before: float, unit: str) -> str:
    difference = now - before
    if unit == "percent":
        return f"{difference:+.1f} 个百分点 pt"
    sign = "+" if difference >= 0 else "-"
    text = f"{sign}{_formatted(abs(difference), unit)}"
    return f"{text}（{difference / before:+.0%}）" if before else text


def headline_sentence(data: WeekData) -> str:
    last_day = data.week.end - dt.timedelta(days=1)
    refused = of_week(data.outcomes, data.week)["refused"].sum()
    money = of_week(data.refusals, data.week)["cost_yuan"].sum()
    actions = data.worklist["action"].value_counts()
    return (f"{data.week}（{data.week.start:%Y-%m-%d} 至 {last_day:%m-%d}，北京时间）："
            f"拒收 {refused} 单，估算损失 ¥{money:,.0f}。其中 "
            f"{actions.get('refund_directly', 0)} 单建议直接退款，"
            f"{actions.get('contact_buyer', 0)} 单先联系买家，"
            f"{actions.get('contest_with_evidence', 0)} 单准备证据申诉。")


# --- 2 why ---------------------------------------------------------------------------------------


def cause_mix(data: WeekData) -> pd.DataFrame:
    """This week's refusals per cause, with the part attributed on weak evidence beside it."""
    per_cause = by_cause(of_week(data.refusals, data.week))
    total = per_cause["refusals"].sum()
    return pd.DataFrame({
        "原因 cause": [f"{cause.label_zh} {cause.label_en}" for cause in CAUSES],
        "拒收 refusals": per_cause["refusals"].to_numpy(),
        "占比 share (%)": (100 * per_cause["refusals"] / max(total, 1)).round(1).to_numpy(),
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
            "证据薄弱 = 可信度更低，或没有任何证据、按本店最常见原因兜底。",
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
    "shop_rate": "全店 shop (%)",
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
    shop_rate = parcels["refused"].sum() / max(parcels["parcels_settled"].sum(), 1)
    rate = table["refused"] / table["parcels_settled"]
    table = table.assign(
        title=_product_titles(data),
        rate=(100 * rate).round(1),
        shop_rate=round(100 * shop_rate, 1),
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
    "signal": "信号 signal",
    "evidence_zh": "证据 evidence",
    "attributed_cause_zh": "归因 attributed to",
}


def violation_evidence(data: WeekData) -> dict[str, pd.DataFrame]:
    """The rule-violation signals behind this week's refusals, whichever cause won the order:
    how often each fired, then the first orders with their evidence."""
    violations = data.violations
    per_signal = violations.groupby("signal").agg(
        orders=("order_id", "nunique"),
        attributed=("attributed_cause_zh",
                    lambda causes: (causes == CAUSES_BY_CODE["rule_violation"].label_zh).sum()),
    ).reset_index().sort_values("orders", ascending=False)
    return {
        "按信号 By signal": per_signal.rename(columns={
            "signal": "信号 signal", "orders": "订单 orders",
            "attributed": "归因为违规 attributed to rule violation"}),
        _shown("证据 Evidence", violations, data.settings.top_rows):
            _labelled(violations.head(data.settings.top_rows), VIOLATION_COLUMNS),
    }


def _shown(title: str, rows: pd.DataFrame, limit: int) -> str:
    """A table title that says how many rows there are, and when only the first are shown."""
    shown = f"，显示前 {limit} 条 first {limit} shown" if len(rows) > limit else ""
    return f"{title}（共 {len(rows)} 条 rows{shown}）"


# --- 4 alerts ------------------------------------------------------------------------------------

#: Where alerts and to-do items look: name → the aggregate column(s) that identify one of them.
DIMENSIONS = {
    "product": "product_id",
    "courier": "courier_code",
    "province": "province",
    "route": ["courier_code", "province"],
}
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


def _label(data: WeekData, dimension: str, value: str | tuple[str, str]) -> str:
    """A product, courier, province or route as a merchant recognises it."""
    if dimension == "product":
        return f"{_product_titles(data).get(value, '')}（{value}）"
    if dimension == "courier":
        return data.courier_names.get(value, value)
    if dimension == "route":
        courier, province = value
        return f"{data.courier_names.get(courier, courier)} → {province}"
    return str(value)


# --- 5 cost --------------------------------------------------------------------------------------


def costs_by_cause(data: WeekData) -> pd.DataFrame:
    """This week's refusal cost per cause, part by part, with a total row."""
    per_cause = by_cause(of_week(data.refusals, data.week))
    table = pd.DataFrame({"原因 cause": [cause.label_zh for cause in CAUSES],
                          "拒收 refusals": per_cause["refusals"].to_numpy()})
    for column, label in {**COST_PARTS_ZH, "cost_yuan": "合计 total"}.items():
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

#: Where each cause points the merchant: the dimension its to-do item names (default: product).
FOCUS_DIMENSION = {"logistics": "route"}
TODO_COLUMNS = ("涉及金额 at stake (¥)", "原因 cause", "做什么 action", "重点 where",
                "拒收 refusals")


def todo_list(data: WeekData) -> pd.DataFrame:
    """The playbook step per cause, ranked by what this week's refusals of that cause cost and
    naming where to act; talking to buyers (the article's strategy 5) ranks by what they paid."""
    week = of_week(data.refusals, data.week)
    rows = [
        (round(of_cause["cost_yuan"].sum(), 2), cause.label_zh, cause.playbook_zh,
         _focus(data, of_cause, FOCUS_DIMENSION.get(cause.code, "product")),
         int(of_cause["refusals"].sum()))
        for cause in CAUSES
        if not (of_cause := week[week["cause"] == cause.code]).empty
    ]
    to_contact = data.worklist[data.worklist["action"] == "contact_buyer"]
    if not to_contact.empty:
        rows.append((round(to_contact["buyer_paid_yuan"].sum(), 2), "全部原因 all causes",
                     COMMON_PLAYBOOK_ZH[0],
                     f"{len(to_contact)} 位买家待联系（见下方纠纷清单“联系买家”）",
                     len(to_contact)))
    table = pd.DataFrame(rows, columns=list(TODO_COLUMNS)).sort_values(
        TODO_COLUMNS[0], ascending=False, ignore_index=True)
    table.insert(0, "优先级 rank", range(1, len(table) + 1))
    return table


def _focus(data: WeekData, refusals: pd.DataFrame, dimension: str, top: int = 3) -> str:
    """The few products (or courier → province routes) where a cause cost the most this week."""
    ranked = refusals.groupby(DIMENSIONS[dimension])[["refusals", "cost_yuan"]].sum()
    ranked = ranked.sort_values("cost_yuan", ascending=False).head(top)
    return "；".join(f"{_label(data, dimension, key)}：{row.refusals:.0f} 单，¥{row.cost_yuan:,.0f}"
                    for key, row in ranked.iterrows())


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
    "action_zh": "处理 action",
    "buyer_paid_yuan": "实付 paid (¥)",
    "cause_zh": "原因 cause",
    "evidence_to_gather": "需准备 to gather",
    "evidence": "证据 evidence",
}


def worklist_preview(data: WeekData) -> pd.DataFrame:
    """The largest orders of the worklist (it is sorted by what the buyer paid)."""
    return _labelled(data.worklist.head(data.settings.top_rows), WORKLIST_PREVIEW_COLUMNS)


# --- 7 loose ends --------------------------------------------------------------------------------

LOOSE_END_COLUMNS = {
    "order_id": "订单号 order",
    "refused_at": "拒收时间 refused at",
    "days_out": "已过天数 days",
    "courier": "快递 courier",
    "tracking_no": "快递单号 tracking",
    "product_title": "商品 title",
    "buyer_paid_yuan": "实付 paid (¥)",
    "after_sales_latest_status": "售后状态 refund status",
}


def loose_ends(data: WeekData) -> dict[str, pd.DataFrame]:
    """Refusals of the lookback weeks still open in the 仅退款 flow: parcels not back with the
    merchant after the usual return time, refunds not closed, buyers who never applied. Each list
    shows its oldest rows first; the title carries the full count."""
    unsettled = data.loose_ends.rename(columns={"courier_name": "courier"})
    days = data.settings.usual_return_days
    lists = {
        f"超过 {days} 天仍未退回商家 Not back with the merchant after {days} days":
            unsettled["is_overdue_return"],
        "退款仍未完结 Refunds still open": unsettled["is_refund_open"],
        "买家未申请仅退款，需联系 Buyers to contact (no refund-only request)":
            unsettled["has_no_refund_request"],
    }
    limit = data.settings.top_rows
    return {_shown(title, unsettled[rows], limit):
            _labelled(unsettled[rows].head(limit), LOOSE_END_COLUMNS)
            for title, rows in lists.items()}


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
        "损失 cost": cost_assumptions(data),
        "小额订单 small order": f"买家实付低于 ¥{settings.small_order_yuan:g}："
                              "直接退款，不值得纠纷。",
        "连续拒收 streak": f"同一商品、快递或省份按发货顺序连续 {settings.streak_length} 单以上"
                         "被拒收，且本周有拒收。",
        "突增 spike": f"本周拒收率达到此前 {settings.spike_baseline_weeks} 周的 "
                    f"{settings.spike_ratio:g} 倍，且本周至少 {settings.min_refusals} 单拒收、"
                    f"{settings.min_parcels} 个有结果的包裹。",
        "规则版本 rules version": f"{rules}（pipelines/models/rules.toml：信号、阈值与权重）",
    }
    return pd.DataFrame({"术语 term": list(terms), "定义 definition": list(terms.values())})
