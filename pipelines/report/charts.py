"""The report's charts: plotly figures drawn from one week's marts (:class:`WeekData`).

Each returns a figure, or a sentence when the data to draw is missing; :mod:`display` embeds them
without a copy of plotly.js of their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pipelines.causes import CAUSES, CAUSES_BY_CODE
from pipelines.models.dictionary import UNKNOWN
from pipelines.report.data import COST_PARTS_ZH, WeekData, by_cause, of_week, of_weeks

FONT_FAMILY = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"


def _styled(figure: go.Figure, title: str, height: int = 380) -> go.Figure:
    figure.update_xaxes(automargin=True).update_yaxes(automargin=True)
    return figure.update_layout(
        title=title, height=height, template="plotly_white", font={"family": FONT_FAMILY},
        margin={"l": 60, "r": 30, "t": 60, "b": 50}, legend={"orientation": "h", "y": -0.15},
    )


def cause_chart(data: WeekData) -> go.Figure:
    """This week per cause: solid = attributed on good evidence, hatched = weak evidence."""
    per_cause = by_cause(of_week(data.refusals, data.week))
    labels = [cause.label_zh for cause in CAUSES]
    colours = [cause.colour for cause in CAUSES]
    weak = per_cause["weak_evidence_refusals"]
    figure = go.Figure([
        go.Bar(x=labels, y=(per_cause["refusals"] - weak).to_numpy(),
               name="证据充分 strong evidence", marker={"color": colours}),
        go.Bar(x=labels, y=weak.to_numpy(), name="证据薄弱 weak evidence",
               marker={"color": colours, "opacity": 0.45, "pattern": {"shape": "/"}}),
    ])
    return _styled(figure.update_layout(barmode="stack"),
                   f"本周拒收原因 Refusals by cause, {data.week}")


def cause_trend_chart(data: WeekData) -> go.Figure:
    """The lookback weeks stacked by cause, with the weak-evidence count as a line over them."""
    weeks = data.lookback
    per_week = data.refusals.pivot_table(index="iso_week", columns="cause", values="refusals",
                                         aggfunc="sum", fill_value=0)
    per_week = per_week.reindex(index=weeks, columns=[c.code for c in CAUSES], fill_value=0)
    weak = data.refusals.groupby("iso_week")["weak_evidence_refusals"].sum()
    # a week without data is a gap, not a 0; a partial week says so under its name
    with_data = set(data.outcomes.loc[data.outcomes["has_data"], "iso_week"])
    labels = [week if data.is_whole(week) or week not in with_data
              else f"{week}<br>（不完整 partial）" for week in weeks]
    missing = [week not in with_data for week in weeks]
    figure = go.Figure([
        go.Bar(x=labels, y=per_week[cause.code].mask(missing).to_numpy(), name=cause.label_zh,
               marker_color=cause.colour)
        for cause in CAUSES
    ])
    figure.add_trace(go.Scatter(x=labels,
                                y=weak.reindex(weeks, fill_value=0).mask(missing).to_numpy(),
                                name="证据薄弱 weak evidence", mode="lines+markers",
                                line={"color": "black", "dash": "dot"}))
    title = f"近 {len(weeks)} 周拒收原因 Refusals by cause, last {len(weeks)} weeks"
    if any(missing):
        title += "（空白 = 无数据 blank = no data）"
    return _styled(figure.update_layout(barmode="stack"), title)


def route_heatmap(data: WeekData) -> go.Figure | str:
    """Courier × province over the lookback weeks, busiest first: colour = refusal rate (blank where
    too few parcels settled to call it one), text = average hours from pickup to the first delivery
    attempt, hover = volumes and logistics-attributed refusals."""
    parcels = of_weeks(data.parcels, data.lookback)
    if parcels.empty:
        return "近几周没有有结果的包裹。 No settled parcels in the lookback weeks."
    route = ["courier_code", "province"]
    # a parcel without a province is counted under (未知), not dropped
    parcels = parcels.fillna({"province": UNKNOWN})
    refusals = of_weeks(data.refusals, data.lookback).fillna({"province": UNKNOWN})
    routes = parcels.groupby(route)[
        ["parcels_settled", "refused", "transit_hours_total", "transit_parcels"]].sum()
    enough = routes["parcels_settled"] >= data.settings.min_heatmap_parcels
    routes = routes.assign(
        logistics=refusals[refusals["cause"] == "logistics"].groupby(route)["refusals"].sum(),
        rate=(100 * routes["refused"] / routes["parcels_settled"]).round(1).where(enough),
        hours=(routes["transit_hours_total"] / routes["transit_parcels"]).round(0),
    ).fillna({"logistics": 0})
    busiest = {level: routes.groupby(level=level)["parcels_settled"].sum()
               .sort_values(ascending=False).index for level in route}
    grid = {column: routes[column].unstack().reindex(
                index=busiest["courier_code"], columns=busiest["province"])
            for column in ("rate", "hours", "parcels_settled", "refused", "logistics")}
    couriers = [data.courier_names.get(code, code) for code in grid["rate"].index]
    cells = np.vectorize(_heatmap_cell, otypes=[str])(
        grid["rate"].to_numpy(), grid["parcels_settled"].to_numpy(), grid["hours"].to_numpy())
    hover_counts = np.dstack([grid[name].to_numpy()
                              for name in ("parcels_settled", "refused", "logistics")])
    figure = go.Figure(go.Heatmap(
        z=grid["rate"].to_numpy(), x=list(grid["rate"].columns), y=couriers, text=cells,
        texttemplate="%{text}", customdata=hover_counts, colorscale="Reds",
        zmin=0, zmax=data.settings.heatmap_max_rate_percent,
        colorbar={"title": {"text": "拒收率 %"}}, hoverongaps=False,
        hovertemplate=("%{y} → %{x}<br>%{text}<br>"
                       "有结果 %{customdata[0]} 单，拒收 %{customdata[1]} 单，"
                       "物流原因 %{customdata[2]} 单<extra></extra>"),
    ))
    figure.update_yaxes(autorange="reversed")
    scale = f"0–{data.settings.heatmap_max_rate_percent:g}%"
    return _styled(figure, f"快递 × 省份，近 {len(data.lookback)} 周 Courier × province: "
                           f"拒收率（颜色，{scale} 固定色阶）、有结果包裹数 n、平均运输小时",
                   height=max(320, 60 * len(couriers) + 160))


def _heatmap_cell(rate: float, settled: float, hours: float) -> str:
    """A cell's text: the rate (blank under the minimum count), n and transit hours."""
    if pd.isna(settled):
        return ""
    parts = [] if pd.isna(rate) else [f"{rate:.0f}%"]
    parts.append(f"n={settled:.0f}")
    if not pd.isna(hours):
        parts.append(f"{hours:.0f}h")
    return "<br>".join(parts)


def review_timeline(data: WeekData) -> go.Figure | str:
    """Daily low reviews and the store score beside refusals blamed on reviews: do refusals follow
    a burst of bad reviews? The report week is shaded."""
    daily = data.reviews_daily
    if daily["reviews"].sum() == 0 and daily["store_score"].isna().all():
        return "未提供评价或店铺评分导出。 No reviews or store scores were loaded."
    colour = CAUSES_BY_CODE["reviews"].colour
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(go.Bar(x=daily["calendar_date"], y=daily["low_reviews"],
                            name="1–2 星评价 low reviews", marker_color="#bbbbbb"))
    figure.add_trace(go.Scatter(x=daily["calendar_date"], y=daily["review_refusals"],
                                name="评价原因拒收 refusals (reviews)", mode="lines+markers",
                                line={"color": colour}))
    figure.add_trace(go.Scatter(x=daily["calendar_date"], y=daily["store_score"],
                                name="店铺评分 store score", mode="lines",
                                line={"color": "black", "dash": "dot"}), secondary_y=True)
    figure.add_vrect(x0=data.week.start, x1=data.week.end, fillcolor=colour, opacity=0.08,
                     line_width=0)
    figure.update_yaxes(title_text="单数 / 条数 count", secondary_y=False)
    lowest = daily["store_score"].min()
    floor = min(data.settings.store_score_axis_floor,
                data.settings.store_score_axis_floor if pd.isna(lowest) else np.floor(lowest))
    figure.update_yaxes(title_text="店铺评分 score", secondary_y=True, range=[floor, 5])
    return _styled(figure, "评价与拒收的时间线 Reviews and refusals, day by day")


def cost_chart(data: WeekData) -> go.Figure:
    """Per cause: what the refusals cost (solid), and the platform's fines and compensation on
    the same orders apart (hatched), so fines on fake orders are not read as refusal losses."""
    per_cause = by_cause(of_week(data.refusals, data.week))
    labels = [cause.label_zh for cause in CAUSES]
    colours = [cause.colour for cause in CAUSES]
    refusal_cost = per_cause["cost_yuan"] - per_cause["compensation_yuan"]
    figure = go.Figure([
        go.Bar(x=labels, y=refusal_cost.round(0).to_numpy(), name="拒收损失 refusal cost",
               marker={"color": colours},
               customdata=per_cause[["forward_freight_yuan", "return_freight_yuan",
                                     "lost_margin_yuan"]].round(0).to_numpy(),
               hovertemplate=("%{x} 拒收损失 ¥%{y:,.0f}<br>去程运费 ¥%{customdata[0]:,.0f}<br>"
                              "退回运费 ¥%{customdata[1]:,.0f}<br>"
                              "毛利损失 ¥%{customdata[2]:,.0f}<extra></extra>")),
        go.Bar(x=labels, y=per_cause["compensation_yuan"].round(0).to_numpy(),
               name=COST_PARTS_ZH["compensation_yuan"],
               marker={"color": colours, "opacity": 0.45, "pattern": {"shape": "x"}},
               hovertemplate="%{x} 平台罚款与赔付 ¥%{y:,.0f}<extra></extra>"),
    ])
    return _styled(figure.update_layout(barmode="stack"),
                   f"本周损失 Cost by cause, {data.week} (¥)：拒收损失与平台罚款分开")
