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
    figure = go.Figure([
        go.Bar(x=weeks, y=per_week[cause.code].to_numpy(), name=cause.label_zh,
               marker_color=cause.colour)
        for cause in CAUSES
    ])
    figure.add_trace(go.Scatter(x=weeks, y=weak.reindex(weeks, fill_value=0).to_numpy(),
                                name="证据薄弱 weak evidence", mode="lines+markers",
                                line={"color": "black", "dash": "dot"}))
    return _styled(figure.update_layout(barmode="stack"),
                   f"近 {len(weeks)} 周拒收原因 Refusals by cause, last {len(weeks)} weeks")


def route_heatmap(data: WeekData) -> go.Figure | str:
    """Courier × province over the lookback weeks, busiest first: colour = refusal rate (blank where
    too few parcels settled to call it one), text = average hours from pickup to the first delivery
    attempt, hover = volumes and logistics-attributed refusals."""
    parcels = of_weeks(data.parcels, data.lookback)
    if parcels.empty:
        return "近几周没有有结果的包裹。 No settled parcels in the lookback weeks."
    route = ["courier_code", "province"]
    refusals = of_weeks(data.refusals, data.lookback)
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
    hover_counts = np.dstack([grid[name].to_numpy()
                              for name in ("parcels_settled", "refused", "logistics")])
    figure = go.Figure(go.Heatmap(
        z=grid["rate"].to_numpy(), x=list(grid["rate"].columns), y=couriers,
        text=grid["hours"].map(lambda hours: "" if pd.isna(hours) else f"{hours:.0f}h").to_numpy(),
        texttemplate="%{text}", customdata=hover_counts, colorscale="Reds",
        colorbar={"title": {"text": "拒收率 %"}}, hoverongaps=False,
        hovertemplate=("%{y} → %{x}<br>拒收率 %{z}%<br>平均运输 %{text}<br>"
                       "有结果 %{customdata[0]} 单，拒收 %{customdata[1]} 单，"
                       "物流原因 %{customdata[2]} 单<extra></extra>"),
    ))
    figure.update_yaxes(autorange="reversed")
    return _styled(figure, f"快递 × 省份，近 {len(data.lookback)} 周 "
                           "Courier × province: refusal rate (colour), transit hours (text)",
                   height=max(320, 60 * len(couriers) + 160))


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
    figure.update_yaxes(title_text="店铺评分 score", secondary_y=True)
    return _styled(figure, "评价与拒收的时间线 Reviews and refusals, day by day")


def cost_chart(data: WeekData) -> go.Figure:
    per_cause = by_cause(of_week(data.refusals, data.week))
    figure = go.Figure(go.Bar(
        x=[cause.label_zh for cause in CAUSES], y=per_cause["cost_yuan"].round(0).to_numpy(),
        marker_color=[cause.colour for cause in CAUSES],
        customdata=per_cause[list(COST_PARTS_ZH)].round(0).to_numpy(),
        hovertemplate=("%{x}：¥%{y:,.0f}<br>去程运费 ¥%{customdata[0]:,.0f}<br>"
                       "退回运费 ¥%{customdata[1]:,.0f}<br>毛利损失 ¥%{customdata[2]:,.0f}<br>"
                       "平台赔付 ¥%{customdata[3]:,.0f}<extra></extra>"),
    ))
    return _styled(figure, f"本周拒收损失 Cost of refusals by cause, {data.week} (¥)")
