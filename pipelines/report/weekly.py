"""The weekly remediation report: every number, table and chart the notebook shows, computed here
so that ``notebooks/weekly_report.ipynb`` stays a thin template and each section can be tested.

Reading (:func:`read_week`) opens the warehouse read-only and takes the pre-aggregated marts
(``marts.agg_*``) plus the few per-order lists of one week, so a report over a million orders reads
thousands of rows, not millions. Each section is one function returning a DataFrame or a plotly
figure; :func:`show` turns them into HTML with every text cell escaped, because product titles and
evidence come from the exports and may hold markup. :func:`render_report` runs the notebook with
papermill and exports it to self-contained HTML (plotly.js inlined once, nothing fetched).
"""

from __future__ import annotations

import datetime as dt
import html
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import jinja2
import nbformat
import numpy as np
import pandas as pd
import papermill
import plotly.graph_objects as go
import plotly.offline
from IPython.display import HTML, display
from nbconvert import HTMLExporter
from plotly.subplots import make_subplots

from pipelines import config, warehouse
from pipelines.causes import CAUSES, CAUSES_BY_CODE, COMMON_PLAYBOOK_ZH
from pipelines.errors import UsageError
from pipelines.ingest.exports import KINDS
from pipelines.publish import outputs
from pipelines.weeks import Week, last_complete_week, parse_week

SETTINGS_PATH = config.REPORT_SETTINGS_PATH
NOTEBOOK_PATH = config.NOTEBOOKS_DIR / "weekly_report.ipynb"
KERNEL_NAME = "python3"


@dataclass(frozen=True)
class CostAssumptions:
    forward_freight_yuan: float
    return_freight_yuan: float
    margin_share: float


@dataclass(frozen=True)
class ReportSettings:
    """``pipelines/report/report.toml``, one attribute per setting (a missing one fails on load)."""

    costs: CostAssumptions
    small_order_yuan: float
    evidence_to_gather: dict[str, str]
    streak_length: int
    spike_ratio: float
    spike_baseline_weeks: int
    min_refusals: int
    min_parcels: int
    usual_return_days: int
    closed_refund_status: str
    lookback_weeks: int
    top_rows: int
    min_heatmap_parcels: int


def load_settings(path: Path = SETTINGS_PATH) -> ReportSettings:
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    return ReportSettings(
        costs=CostAssumptions(**document["costs"]),
        **document["disputes"], **document["alerts"], **document["loose_ends"],
        **document["layout"],
    )


@dataclass(frozen=True)
class ReportFiles:
    notebook: Path
    html: Path


@dataclass(frozen=True)
class WeekData:
    """Everything one report shows, read in one go so the connection is open only briefly."""

    week: Week
    settings: ReportSettings
    outcomes: pd.DataFrame  # agg_outcomes_weekly over the history window
    refusals: pd.DataFrame  # agg_refusals_weekly over the history window, with cost columns
    parcels: pd.DataFrame  # agg_parcels_weekly over the history window
    streaks: pd.DataFrame  # runs of refusals long enough to alert on, touching the week
    reviews_daily: pd.DataFrame  # agg_reviews_daily over the lookback weeks
    violations: pd.DataFrame  # rule-violation evidence of the week's refusals
    worklist: pd.DataFrame  # the week's per-order dispute actions
    unsettled: pd.DataFrame  # refusals of the lookback weeks not back, refunded or applied for
    file_accounting: pd.DataFrame
    quarantine_reasons: pd.DataFrame
    loaded_kinds: pd.DataFrame
    validation_runs: pd.DataFrame | None  # None: nothing has written meta.validation_runs yet
    validation_problems: pd.DataFrame | None  # failed or warned checks of the latest run
    rules_versions: tuple[str, ...]
    courier_names: dict[str, str]

    @property
    def previous_week(self) -> Week:
        return self.week.shifted(-1)

    @property
    def lookback(self) -> list[str]:
        return week_names(self.week, self.settings.lookback_weeks)


def week_names(last: Week, count: int) -> list[str]:
    """``count`` ISO week names ending with ``last``, oldest first."""
    return [str(last.shifted(offset)) for offset in range(1 - count, 1)]


# --- reading -------------------------------------------------------------------------------------


def read_week(warehouse_path: str | Path = "", week: str = "",
              settings: ReportSettings | None = None) -> WeekData:
    """Read one week's report data; ``warehouse_path`` defaults to the configured warehouse and
    ``week`` to the last complete week in the data. The warehouse is opened read-only: the report
    never changes it, and a reader holds no write lock a load would wait for."""
    settings = settings or load_settings()
    path = Path(warehouse_path) if warehouse_path else config.default_warehouse_path()
    with warehouse.connect(path, read_only=True) as con:
        shown = parse_week(week) if week else _last_complete_week(con)
        history = max(settings.lookback_weeks, settings.spike_baseline_weeks + 1)
        history_window = [str(shown.shifted(1 - history)), str(shown)]
        lookback_start = shown.shifted(1 - settings.lookback_weeks)
        return WeekData(
            week=shown,
            settings=settings,
            outcomes=_weeks_of(con, "agg_outcomes_weekly", history_window),
            refusals=with_costs(_weeks_of(con, "agg_refusals_weekly", history_window),
                                settings.costs),
            parcels=_weeks_of(con, "agg_parcels_weekly", history_window),
            streaks=_frame(con, _STREAKS_SQL, [settings.streak_length, shown.end, shown.start]),
            reviews_daily=_weeks_of(con, "agg_reviews_daily", [str(lookback_start), str(shown)]),
            violations=_frame(con, _VIOLATIONS_SQL, [str(shown)]),
            worklist=dispute_worklist(con, str(shown), settings),
            unsettled=_frame(con, _UNSETTLED_SQL, {
                "since": lookback_start.start,
                "week_end": shown.end,
                "overdue_before": shown.end - dt.timedelta(days=settings.usual_return_days),
                "closed_refund_status": settings.closed_refund_status,
            }),
            file_accounting=_frame(con, _FILE_ACCOUNTING_SQL),
            quarantine_reasons=_frame(con, _QUARANTINE_SQL),
            loaded_kinds=_frame(con, _LOADED_KINDS_SQL),
            validation_runs=_validation_runs(con),
            validation_problems=_validation_problems(con),
            rules_versions=tuple(_frame(con, _RULES_VERSIONS_SQL, [str(shown)])["rules_version"]),
            courier_names=dict(con.execute(_COURIER_NAMES_SQL).fetchall()),
        )


def _frame(con: duckdb.DuckDBPyConnection, sql: str,
           params: list | dict | None = None) -> pd.DataFrame:
    return con.execute(sql, params).df()


#: The aggregate tables the report reads by week; the names are fixed here, never taken from input.
_WEEKLY_TABLES = ("agg_outcomes_weekly", "agg_refusals_weekly", "agg_parcels_weekly",
                  "agg_reviews_daily")


def _weeks_of(con: duckdb.DuckDBPyConnection, table: str, window: list[str]) -> pd.DataFrame:
    """Rows of an aggregate from the first to the last week of ``window`` (ISO names sort)."""
    if table not in _WEEKLY_TABLES:
        raise ValueError(f"{table} is not a weekly aggregate")
    return _frame(con, f"select * from marts.{table} where iso_week between ? and ?", window)


def _last_complete_week(con: duckdb.DuckDBPyConnection) -> Week:
    latest = con.execute("select max(last_seen_at) from marts.agg_outcomes_weekly").fetchall()[0][0]
    if latest is None:
        raise UsageError("The warehouse holds no orders yet: load exports before reporting.")
    return last_complete_week(latest)


_STREAKS_SQL = """
select * from marts.agg_refusal_streaks
where refusals_in_a_row >= ? and first_refused_at < ? and last_refused_at >= ?
order by refusals_in_a_row desc, dimension, dimension_value
"""

_VIOLATIONS_SQL = """
select
    refusals.order_id,
    refusals.refused_at,
    refusals.product_title,
    signals.signal,
    signals.evidence_zh,
    causes.label_zh as attributed_cause_zh
from intermediate.int_refusal_signals as signals
inner join marts.fct_refusals as refusals
    on signals.order_id = refusals.order_id
inner join seeds.causes as causes
    on refusals.cause = causes.cause
where signals.cause = 'rule_violation' and refusals.refusal_week = ?
order by refusals.refused_at, refusals.order_id, signals.signal
"""

_UNSETTLED_SQL = """
select * from (
    select
        order_id,
        refused_at,
        courier_code,
        tracking_no,
        product_title,
        buyer_paid_yuan,
        after_sales_latest_status,
        return_signed_at is null and refused_at < $overdue_before as is_overdue_return,
        after_sales_latest_status is not null
            and not regexp_matches(after_sales_latest_status, $closed_refund_status)
            as is_refund_open,
        after_sales_latest_status is null as has_no_refund_request
    from marts.fct_refusals
    where refused_at >= $since and refused_at < $week_end
)
where is_overdue_return or is_refund_open or has_no_refund_request
order by refused_at, order_id
"""

_FILE_ACCOUNTING_SQL = """
select file_name, kind, rows_read, rows_staged, rows_quarantined, rows_duplicate
from meta.file_accounting
order by file_name
"""

_QUARANTINE_SQL = """
select source_file, raw_table, quarantine_reason, count(*) as quarantined_rows
from staging.quarantine
group by source_file, raw_table, quarantine_reason
order by quarantined_rows desc, source_file, quarantine_reason
limit 20
"""

_LOADED_KINDS_SQL = """
select kind, count(*) as files, sum(rows_read) as rows_read
from meta.loaded_files
group by kind
"""

_RULES_VERSIONS_SQL = """
select distinct rules_version from marts.fct_refusals where refusal_week = ? order by 1
"""

_COURIER_NAMES_SQL = """
select courier_code, min(courier_name) from seeds.couriers group by courier_code
"""


_VALIDATION_PROBLEMS_SQL = """
select suite, table_name, check_name, severity, column_name, unexpected_count, problem, action
from meta.validation_results
where not success
    and run_id = (select run_id from meta.validation_runs order by validated_at desc limit 1)
order by severity, suite, check_name
"""


def _validation_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """The latest validation runs, or None when validation never recorded one here."""
    if not _has_table(con, "meta", "validation_runs"):
        return None
    return _frame(con, "select * from meta.validation_runs order by validated_at desc limit 10")


def _validation_problems(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """The checks the latest validation run failed or warned about."""
    if not _has_table(con, "meta", "validation_results"):
        return None
    return _frame(con, _VALIDATION_PROBLEMS_SQL)


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table]).fetchall()[0][0] > 0


# --- shared arithmetic ---------------------------------------------------------------------------

COST_PARTS_ZH = {
    "forward_freight_yuan": "去程运费 forward freight",
    "return_freight_yuan": "退回运费 return freight",
    "lost_margin_yuan": "毛利损失 lost margin",
    "compensation_yuan": "平台赔付 compensation",
}


def with_costs(refusals: pd.DataFrame, costs: CostAssumptions) -> pd.DataFrame:
    """Add what refusals cost, part by part. Any frame with ``refusals``, ``goods_total_yuan`` and
    ``penalty_yuan`` works, so every later grouping simply sums the cost columns."""
    parts = refusals.assign(
        forward_freight_yuan=refusals["refusals"] * costs.forward_freight_yuan,
        return_freight_yuan=refusals["refusals"] * costs.return_freight_yuan,
        lost_margin_yuan=refusals["goods_total_yuan"] * costs.margin_share,
        compensation_yuan=refusals["penalty_yuan"],
    )
    return parts.assign(cost_yuan=parts[list(COST_PARTS_ZH)].sum(axis=1))


def _of_week(frame: pd.DataFrame, week: Week | str) -> pd.DataFrame:
    return frame[frame["iso_week"] == str(week)]


def _of_weeks(frame: pd.DataFrame, weeks: list[str]) -> pd.DataFrame:
    return frame[frame["iso_week"].isin(weeks)]


def _by_cause(refusals: pd.DataFrame) -> pd.DataFrame:
    """Sums per cause: one row for every cause of :data:`CAUSES`, in that order, zeros included."""
    numeric = list(refusals.select_dtypes("number").columns)
    summed = refusals.groupby("cause")[numeric].sum()
    return summed.reindex([cause.code for cause in CAUSES], fill_value=0)


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
    outcome = _of_week(data.outcomes, week).sum(numeric_only=True)
    settled = outcome.get("parcels_settled", 0)
    refused = float(outcome.get("refused", 0))
    cost = float(_of_week(data.refusals, week)["cost_yuan"].sum())
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
    refused = _of_week(data.outcomes, data.week)["refused"].sum()
    money = _of_week(data.refusals, data.week)["cost_yuan"].sum()
    actions = data.worklist["action"].value_counts()
    return (f"{data.week}（{data.week.start:%Y-%m-%d} 至 {last_day:%m-%d}，北京时间）："
            f"拒收 {refused} 单，估算损失 ¥{money:,.0f}。其中 "
            f"{actions.get('refund_directly', 0)} 单建议直接退款，"
            f"{actions.get('contact_buyer', 0)} 单先联系买家，"
            f"{actions.get('contest_with_evidence', 0)} 单准备证据申诉。")


# --- 2 why ---------------------------------------------------------------------------------------


def cause_mix(data: WeekData) -> pd.DataFrame:
    """This week's refusals per cause, with the part attributed on weak evidence beside it."""
    by_cause = _by_cause(_of_week(data.refusals, data.week))
    total = by_cause["refusals"].sum()
    return pd.DataFrame({
        "原因 cause": [f"{cause.label_zh} {cause.label_en}" for cause in CAUSES],
        "拒收 refusals": by_cause["refusals"].to_numpy(),
        "占比 share (%)": (100 * by_cause["refusals"] / max(total, 1)).round(1).to_numpy(),
        "证据薄弱 weak evidence": by_cause["weak_evidence_refusals"].to_numpy(),
    })


def weak_evidence_sentence(data: WeekData) -> str:
    week = _of_week(data.refusals, data.week)
    total, weak = week["refusals"].sum(), week["weak_evidence_refusals"].sum()
    return (f"本周 {total} 单拒收中，{weak} 单（{weak / max(total, 1):.0%}）的归因证据薄弱："
            "没有任何证据、按本店最常见原因兜底，或可信度低于 0.5。"
            "图中斜线部分即这些订单，解读时请打折扣。")


def cause_chart(data: WeekData) -> go.Figure:
    """This week per cause: solid = attributed on good evidence, hatched = weak evidence."""
    by_cause = _by_cause(_of_week(data.refusals, data.week))
    labels = [cause.label_zh for cause in CAUSES]
    colours = [cause.colour for cause in CAUSES]
    weak = by_cause["weak_evidence_refusals"]
    figure = go.Figure([
        go.Bar(x=labels, y=(by_cause["refusals"] - weak).to_numpy(),
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
    parcels = _of_weeks(data.parcels, data.lookback)
    refusals = _of_weeks(data.refusals, data.lookback)
    settled = parcels.groupby("product_id")[["parcels_settled", "refused"]].sum()
    of_quality = refusals[refusals["cause"] == "product_quality"]
    table = settled[settled["refused"] > 0].assign(
        quality_refusals=of_quality.groupby("product_id")["refusals"].sum(),
        this_week=_of_week(refusals, data.week).groupby("product_id")["refusals"].sum(),
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


def route_heatmap(data: WeekData) -> go.Figure | str:
    """Courier × province over the lookback weeks, busiest first: colour = refusal rate (blank where
    too few parcels settled to call it one), text = average hours from pickup to the first delivery
    attempt, hover = volumes and logistics-attributed refusals."""
    parcels = _of_weeks(data.parcels, data.lookback)
    if parcels.empty:
        return "近几周没有有结果的包裹。 No settled parcels in the lookback weeks."
    route = ["courier_code", "province"]
    refusals = _of_weeks(data.refusals, data.lookback)
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
    """Streaks of refusals in a row and refusal-rate spikes, guarded by minimum volumes."""
    streaks = [
        ("连续拒收 streak", DIMENSIONS_ZH[row.dimension],
         _label(data, row.dimension, row.dimension_value),
         f"连续 {row.refusals_in_a_row} 单被拒收（发货 {row.first_shipped_at:%m-%d} 至 "
         f"{row.last_shipped_at:%m-%d}），其间没有一单签收", row.refusals_in_a_row)
        for row in data.streaks.itertuples()
    ]
    return pd.DataFrame(streaks + _spikes(data), columns=list(ALERT_COLUMNS))


def _spikes(data: WeekData) -> list[tuple]:
    """Values whose refusal rate this week reached ``spike_ratio`` times their rate over the
    baseline weeks (the shop's rate when they had too few parcels then to have their own)."""
    settings = data.settings
    baseline_weeks = week_names(data.previous_week, settings.spike_baseline_weeks)
    baseline = _of_weeks(data.parcels, baseline_weeks)
    shop_rate = baseline["refused"].sum() / max(baseline["parcels_settled"].sum(), 1)
    counts = ["parcels_settled", "refused"]
    spikes = []
    for dimension in DIMENSIONS_ZH:
        key = DIMENSIONS[dimension]
        now = _of_week(data.parcels, data.week).groupby(key)[counts].sum()
        before = baseline.groupby(key)[counts].sum().reindex(now.index, fill_value=0)
        usual = (before["refused"] / before["parcels_settled"]).where(
            before["parcels_settled"] >= settings.min_parcels, shop_rate)
        rate = now["refused"] / now["parcels_settled"]
        spiking = ((now["refused"] >= settings.min_refusals)
                   & (now["parcels_settled"] >= settings.min_parcels)
                   & (rate >= settings.spike_ratio * usual))
        spikes += [
            ("拒收率突增 spike", DIMENSIONS_ZH[dimension], _label(data, dimension, value),
             f"本周拒收率 {rate[value]:.0%}（{now.at[value, 'refused']}/"
             f"{now.at[value, 'parcels_settled']}），"
             f"此前 {len(baseline_weeks)} 周 {usual[value]:.0%}",
             now.at[value, "refused"])
            for value in now.index[spiking]
        ]
    return spikes


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
    by_cause = _by_cause(_of_week(data.refusals, data.week))
    table = pd.DataFrame({"原因 cause": [cause.label_zh for cause in CAUSES],
                          "拒收 refusals": by_cause["refusals"].to_numpy()})
    for column, label in {**COST_PARTS_ZH, "cost_yuan": "合计 total"}.items():
        table[f"{label} (¥)"] = by_cause[column].round(2).to_numpy()
    total = table.drop(columns="原因 cause").sum()
    return pd.concat([table, pd.DataFrame([{"原因 cause": "合计 total", **total}])],
                     ignore_index=True)


def cost_chart(data: WeekData) -> go.Figure:
    by_cause = _by_cause(_of_week(data.refusals, data.week))
    figure = go.Figure(go.Bar(
        x=[cause.label_zh for cause in CAUSES], y=by_cause["cost_yuan"].round(0).to_numpy(),
        marker_color=[cause.colour for cause in CAUSES],
        customdata=by_cause[list(COST_PARTS_ZH)].round(0).to_numpy(),
        hovertemplate=("%{x}：¥%{y:,.0f}<br>去程运费 ¥%{customdata[0]:,.0f}<br>"
                       "退回运费 ¥%{customdata[1]:,.0f}<br>毛利损失 ¥%{customdata[2]:,.0f}<br>"
                       "平台赔付 ¥%{customdata[3]:,.0f}<extra></extra>"),
    ))
    return _styled(figure, f"本周拒收损失 Cost of refusals by cause, {data.week} (¥)")


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
    week = _of_week(data.refusals, data.week)
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


#: The per-order dispute actions of the article's 纠纷处理 advice.
ACTIONS_ZH = {
    "refund_directly": "小额订单：直接同意退款，避免纠纷",
    "contact_buyer": "联系买家：多半是误会（忘了下单、不认识寄件人、已申请取消），沟通解决",
    "contest_with_evidence": "准备证据申诉：写好拒收说明，平台介入时逐条列明理由",
}
#: Evidence every dispute needs (the article: 订单号、快递单号、拒收原因, plus the tracking events).
BASE_EVIDENCE_ZH = "订单号、快递单号、物流轨迹截图、拒收原因"

_WORKLIST_SQL = """
with

week_refusals as (
    select * from marts.fct_refusals
    where refusal_week = ?
),

cancelled_before_delivery as (
    select distinct order_id from intermediate.int_refusal_signals
    where signal = 'cancel_before_delivery'
        and order_id in (select order_id from week_refusals)
)

select
    week_refusals.order_id,
    week_refusals.refused_at,
    week_refusals.cause,
    causes.label_zh as cause_zh,
    week_refusals.confidence,
    week_refusals.is_fallback,
    cancelled_before_delivery.order_id is not null as cancelled_before_delivery,
    coalesce(week_refusals.buyer_paid_yuan, week_refusals.goods_total_yuan) as buyer_paid_yuan,
    week_refusals.evidence,
    week_refusals.tracking_no,
    week_refusals.courier_code,
    week_refusals.product_id,
    week_refusals.product_title
from week_refusals
inner join seeds.causes as causes
    on week_refusals.cause = causes.cause
left join cancelled_before_delivery
    on week_refusals.order_id = cancelled_before_delivery.order_id
order by buyer_paid_yuan desc nulls last, week_refusals.order_id
"""

WORKLIST_COLUMNS = (
    "order_id", "action", "action_zh", "buyer_paid_yuan", "cause", "cause_zh", "confidence",
    "evidence_to_gather", "evidence", "refused_at", "tracking_no", "courier_code", "product_id",
    "product_title",
)


def dispute_worklist(con: duckdb.DuckDBPyConnection, week: str,
                     settings: ReportSettings | None = None) -> pd.DataFrame:
    """One row per refusal of the week with what to do about it (the article's 纠纷处理): refund
    small orders directly; contact the buyer where the evidence points to a misunderstanding (the
    buyer cancelled before delivery, or there is no evidence at all); else contest with evidence."""
    settings = settings or load_settings()
    orders = _frame(con, _WORKLIST_SQL, [week])
    is_small = orders["buyer_paid_yuan"] < settings.small_order_yuan
    is_misunderstanding = orders["cancelled_before_delivery"] | orders["is_fallback"]
    action = (pd.Series("contest_with_evidence", index=orders.index)
              .mask(is_misunderstanding, "contact_buyer")
              .mask(is_small, "refund_directly"))
    to_gather = orders["cause"].map(
        lambda cause: "、".join(filter(None, (BASE_EVIDENCE_ZH,
                                              settings.evidence_to_gather.get(cause)))))
    return orders.assign(
        action=action,
        action_zh=action.map(ACTIONS_ZH),
        evidence_to_gather=to_gather.where(action == "contest_with_evidence", ""),
    )[list(WORKLIST_COLUMNS)]


def write_worklist(con: duckdb.DuckDBPyConnection, week: str, path: Path,
                   settings: ReportSettings | None = None) -> int:
    """``worklist.csv`` (UTF-8 with BOM, for Excel): the week's per-order dispute actions.
    Returns the number of orders written."""
    con.register("report_worklist", dispute_worklist(con, week, settings))
    try:
        return outputs.write_csv(con, "select * from report_worklist", path)
    finally:
        con.unregister("report_worklist")


def worklist_summary(data: WeekData) -> pd.DataFrame:
    per_action = data.worklist.groupby("action")["buyer_paid_yuan"].agg(["size", "sum"])
    per_action = per_action.reindex(list(ACTIONS_ZH), fill_value=0)
    return pd.DataFrame({
        "处理方式 action": [ACTIONS_ZH[action] for action in per_action.index],
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
    unsettled = data.unsettled.assign(
        days_out=(data.week.end - data.unsettled["refused_at"]).dt.days,
        courier=data.unsettled["courier_code"].map(lambda code: data.courier_names.get(code, code)),
    )
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


# --- display -------------------------------------------------------------------------------------

#: Tables read like lists: text left-aligned (the lab theme right-aligns every cell, with a
#: selector this one has to outrank).
_TABLE_CSS = """<style>
.jp-RenderedHTMLCommon table.report-table td, .jp-RenderedHTMLCommon table.report-table th {
  text-align: left; vertical-align: top;
}
.jp-RenderedHTMLCommon table.report-table td:first-child { white-space: nowrap; }
</style>"""
FONT_FAMILY = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"


def load_page_assets() -> None:
    """Inline plotly.js once, ahead of every chart, with the table style: the HTML must open
    offline, and a single copy (~5 MB) keeps it small. Charts then come without their own copy
    (:func:`to_html`)."""
    script = f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>'
    display(HTML(_TABLE_CSS + script))


def show(*items: object) -> None:
    """Display tables, charts, text and titled groups of them as one block of safe HTML."""
    display(HTML("".join(to_html(item) for item in items)))


def to_html(item: object) -> str:
    if isinstance(item, go.Figure):
        return item.to_html(include_plotlyjs=False, full_html=False,
                            config={"displaylogo": False, "responsive": True})
    if isinstance(item, pd.DataFrame):
        return table_html(item)
    if isinstance(item, Mapping):
        return "".join(f"<h4>{html.escape(str(title))}</h4>{to_html(value)}"
                       for title, value in item.items())
    return f"<p>{html.escape(str(item))}</p>"


def table_html(frame: pd.DataFrame) -> str:
    """An HTML table with every cell escaped: export text can hold markup, and must show as text."""
    if frame.empty:
        return "<p><em>（无 none）</em></p>"
    return frame.to_html(index=False, escape=True, na_rep="—", border=0, classes="report-table",
                         float_format=lambda value: f"{value:,.10g}")


def _styled(figure: go.Figure, title: str, height: int = 380) -> go.Figure:
    figure.update_xaxes(automargin=True).update_yaxes(automargin=True)
    return figure.update_layout(
        title=title, height=height, template="plotly_white", font={"family": FONT_FAMILY},
        margin={"l": 60, "r": 30, "t": 60, "b": 50}, legend={"orientation": "h", "y": -0.15},
    )


# --- rendering -----------------------------------------------------------------------------------

#: nbconvert's lab template minus everything it would fetch from a CDN (require.js, MathJax,
#: mermaid, widgets): the report must open offline, and plotly.js comes inlined from the notebook.
_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def render_report(warehouse_path: Path, week: str, out_dir: Path) -> ReportFiles:
    """Execute the report notebook for ``week`` into ``out_dir`` and export it to HTML.

    The notebook opens the warehouse read-only in its own kernel process, so callers must have
    closed their read-write connection first (DuckDB lets only one process write a file).
    """
    parameters = {"warehouse": str(Path(warehouse_path).resolve()), "week": str(parse_week(week))}
    _check_parameters(NOTEBOOK_PATH, parameters)
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / "weekly_report.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK_PATH), str(executed), parameters=parameters, kernel_name=KERNEL_NAME,
        cwd=str(config.PROJECT_ROOT), progress_bar=False,
        kernel_manager_class=_local_kernel_manager(),
    )
    page = out_dir / "weekly_report.html"
    page.write_text(notebook_to_html(executed, title=f"拒收周报 {parameters['week']}"),
                    encoding="utf-8")
    return ReportFiles(notebook=executed, html=page)


def _local_kernel_manager() -> type:
    """A kernel manager talking to its kernel over Unix sockets, not TCP: nothing listens on a
    port, and the kernel has no reason to warn about unencrypted TCP in every cron mail."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum

    class IpcKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc")

    return IpcKernelManager


def _check_parameters(notebook: Path, parameters: Mapping[str, object]) -> None:
    """Fail before executing when the notebook lacks a parameter we pass: papermill would only
    warn, and the notebook would silently run on its defaults."""
    declared = papermill.inspect_notebook(str(notebook))
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise RuntimeError(f"{notebook.name} has no parameter(s) {', '.join(unknown)}; "
                           f"it declares {', '.join(sorted(declared)) or 'none'}")


def notebook_to_html(notebook_path: Path, title: str) -> str:
    """The executed notebook as one offline HTML page, without code cells or prompts."""
    exporter = HTMLExporter(
        template_name="lab", template_file="offline.html.j2", exclude_input=True,
        exclude_input_prompt=True, exclude_output_prompt=True,
        extra_loaders=[jinja2.DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
    )
    notebook = nbformat.read(notebook_path, as_version=4)
    notebook.metadata["title"] = title
    body, _ = exporter.from_notebook_node(notebook)
    return body
