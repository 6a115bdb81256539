"""What one report shows, read from the warehouse: the marts, and the run bookkeeping in ``meta``.

The business rules (the dispute worklist, alerts, costs, loose ends) are marts built with the
warehouse and tested in SQL; here they are only read, one week of each, so a report over a million
orders reads thousands of rows, not millions. Nothing here reads ``staging`` or ``intermediate``:
``tests/test_report.py`` checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import config, warehouse
from pipelines.causes import CAUSES
from pipelines.errors import UsageError
from pipelines.publish import outputs
from pipelines.report.settings import ReportSettings, load_settings
from pipelines.weeks import Week, last_complete_week, parse_week


@dataclass(frozen=True)
class WeekData:
    """Everything one report shows, read in one go so the connection is open only briefly."""

    week: Week
    settings: ReportSettings
    outcomes: pd.DataFrame  # agg_outcomes_weekly over the history window (partial, empty weeks)
    refusals: pd.DataFrame  # agg_costs_weekly (refusals and what they cost) over the window
    parcels: pd.DataFrame  # agg_parcels_weekly over the history window
    alerts: pd.DataFrame  # agg_alerts_weekly of the week, in rank order
    todo: pd.DataFrame  # agg_todo_weekly of the week, in rank order
    reviews_daily: pd.DataFrame  # agg_reviews_daily over the lookback weeks
    violations: pd.DataFrame  # rule-violation signals of the week's refusals
    worklist: pd.DataFrame  # fct_dispute_worklist of the week, largest payments first
    dispute_actions: pd.DataFrame  # dim_dispute_actions, in the order the report lists them
    loose_ends: pd.DataFrame  # fct_loose_ends of the week, oldest first
    #: agg_parcels_at_risk_weekly of the week: one row, or none when no run scored the week
    at_risk_week: pd.DataFrame
    at_risk: pd.DataFrame  # fct_parcels_at_risk of the week, the first top_rows by expected loss
    evidence_strength: pd.DataFrame  # agg_evidence_strength_weekly of the week
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

    def is_whole(self, week: Week | str) -> bool:
        """Whether the data covers the whole week (not its first or last, partial, week; not a
        week without data): only whole weeks are compared."""
        row = self.outcomes[self.outcomes["iso_week"] == str(week)]
        return bool(len(row)) and bool(row["has_data"].item()) and not row["is_partial"].item()

    @property
    def lookback(self) -> list[str]:
        return week_names(self.week, self.settings.lookback_weeks)


def week_names(last: Week, count: int) -> list[str]:
    """``count`` ISO week names ending with ``last``, oldest first."""
    return [str(last.shifted(offset)) for offset in range(1 - count, 1)]


def read_week(warehouse_path: str | Path = "", week: str = "",
              settings: ReportSettings | None = None) -> WeekData:
    """Read one week's report data; ``warehouse_path`` defaults to the configured warehouse and
    ``week`` to the last complete week in the data. The warehouse is opened read-only: the report
    never changes it, and a reader holds no write lock a load would wait for."""
    settings = settings or load_settings()
    path = Path(warehouse_path) if warehouse_path else config.default_warehouse_path()
    with warehouse.connect(path, read_only=True) as con:
        shown = parse_week(week) if week else _last_complete_week(con)
        # the spike baseline's weeks too: product titles are the newest within this window
        history = max(settings.lookback_weeks, settings.spike_baseline_weeks + 1)
        history_window = [str(shown.shifted(1 - history)), str(shown)]
        lookback_start = shown.shifted(1 - settings.lookback_weeks)
        return WeekData(
            week=shown,
            settings=settings,
            outcomes=_weeks_of(con, "agg_outcomes_weekly", history_window),
            refusals=_weeks_of(con, "agg_costs_weekly", history_window),
            parcels=_weeks_of(con, "agg_parcels_weekly", history_window),
            alerts=_frame(con, _ALERTS_SQL, [str(shown)]),
            todo=_frame(con, _TODO_SQL, [str(shown)]),
            reviews_daily=_weeks_of(con, "agg_reviews_daily", [str(lookback_start), str(shown)]),
            violations=_frame(con, _VIOLATIONS_SQL, [str(shown)]),
            worklist=_frame(con, _WORKLIST_SQL, [str(shown)]),
            dispute_actions=_frame(con, _DISPUTE_ACTIONS_SQL),
            loose_ends=_frame(con, _LOOSE_ENDS_SQL, [str(shown)]),
            **_at_risk(con, shown, settings.top_rows),
            evidence_strength=_frame(con, _EVIDENCE_STRENGTH_SQL, [str(shown)]),
            file_accounting=_frame(con, _FILE_ACCOUNTING_SQL),
            quarantine_reasons=_frame(con, _QUARANTINE_SQL),
            loaded_kinds=_frame(con, _LOADED_KINDS_SQL),
            validation_runs=_validation_runs(con),
            validation_problems=_validation_problems(con),
            rules_versions=tuple(_frame(con, _RULES_VERSIONS_SQL, [str(shown)])["rules_version"]),
            courier_names=dict(con.execute(_COURIER_NAMES_SQL).fetchall()),
        )


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params).df()


#: The aggregate tables the report reads by week; the names are fixed here, never taken from input.
_WEEKLY_TABLES = ("agg_outcomes_weekly", "agg_costs_weekly", "agg_parcels_weekly",
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


_ALERTS_SQL = "select * from marts.agg_alerts_weekly where iso_week = ? order by alert_rank"

_TODO_SQL = "select * from marts.agg_todo_weekly where iso_week = ? order by todo_rank"

_VIOLATIONS_SQL = """
select
    signals.order_id, signals.refused_at, signals.product_title, signals.signal,
    meanings.description_zh as signal_zh, signals.evidence_zh, signals.attributed_cause_zh
from marts.fct_refusal_signals as signals
left join (
    select distinct signal, description_zh from marts.dim_signal_weights
) as meanings
    on signals.signal = meanings.signal
where signals.cause = 'rule_violation' and signals.refusal_week = ?
order by signals.refused_at, signals.order_id, signals.signal
"""

#: ``worklist.csv``'s columns, in order (the file's contract; new columns go at the end), each
#: with its header in ``worklist.xlsx``. No column holds the buyer's name, phone or address.
WORKLIST_COLUMNS = {
    "order_id": "订单号",
    "action": "处理方式代码",
    "action_zh": "处理方式",
    "buyer_paid_yuan": "买家实付（元）",
    "cause": "原因代码",
    "cause_zh": "拒收原因",
    "confidence": "可信度（0–1）",
    "evidence_to_gather": "需准备的材料",
    "evidence": "归因证据",
    "refused_at": "拒收时间",
    "tracking_no": "快递单号",
    "courier_code": "快递公司代码",
    "product_id": "商品ID",
    "product_title": "商品",
    "rule": "匹配的规则",
    "fault": "责任方",
    "refund_state": "退款状态",
    "next_step_zh": "下一步",
    "contest_message_zh": "申诉话术",
    "courier_name": "快递公司",
}

_WORKLIST_SQL = f"""
select {", ".join(outputs.COURIER_NAME_SQL.format(table="worklist") if column == "courier_name"
                  else f"worklist.{column}" for column in WORKLIST_COLUMNS)}
from marts.fct_dispute_worklist as worklist
left join marts.dim_couriers as couriers
    on worklist.courier_code = couriers.courier_code
where worklist.refusal_week = ?
order by worklist.buyer_paid_yuan desc nulls last, worklist.order_id
"""


def write_worklist(con: duckdb.DuckDBPyConnection, week: str, path: Path) -> int:
    """``worklist.csv`` (UTF-8 with BOM, for Excel): the week's per-order dispute actions, largest
    payments first. Returns the number of orders written."""
    return outputs.write_csv(con, _WORKLIST_SQL, path, [str(parse_week(week))])


def write_worklist_xlsx(con: duckdb.DuckDBPyConnection, week: str, path: Path) -> int:
    """``worklist.xlsx``: the rows of ``worklist.csv`` for the merchant, under Chinese headers,
    amounts and times as numbers. Returns the number of orders written."""
    shown = parse_week(week)
    rows = con.execute(_WORKLIST_SQL, [str(shown)]).fetchall()
    return outputs.write_xlsx(path, WORKLIST_COLUMNS, rows, sheet_title=f"纠纷处理清单 {shown}")


_DISPUTE_ACTIONS_SQL = """
select action, action_zh from marts.dim_dispute_actions order by action_order
"""

_LOOSE_ENDS_SQL = """
select * from marts.fct_loose_ends where iso_week = ? order by refused_at, order_id
"""

_AT_RISK_WEEK_SQL = "select * from marts.agg_parcels_at_risk_weekly where iso_week = ?"

_AT_RISK_SQL = """
select * from marts.fct_parcels_at_risk where iso_week = ? order by risk_rank limit ?
"""


def _at_risk(con: duckdb.DuckDBPyConnection, week: Week, rows: int) -> dict[str, pd.DataFrame]:
    """The week's at-risk list and its figures; none from a warehouse an older release wrote,
    which lacks the tables (``pipelines/risk/store.py`` creates them with every build)."""
    if not _has_table(con, "marts", "agg_parcels_at_risk_weekly"):
        return {"at_risk_week": pd.DataFrame(), "at_risk": pd.DataFrame()}
    return {"at_risk_week": _frame(con, _AT_RISK_WEEK_SQL, [str(week)]),
            "at_risk": _frame(con, _AT_RISK_SQL, [str(week), rows])}


_EVIDENCE_STRENGTH_SQL = """
select * from marts.agg_evidence_strength_weekly where iso_week = ? order by cause_priority
"""

_FILE_ACCOUNTING_SQL = """
select file_name, kind, rows_read, rows_staged, rows_quarantined, rows_duplicate
from meta.file_accounting
order by file_name
"""

_QUARANTINE_SQL = """
select source_file, raw_table, quarantine_reason, quarantined_rows
from marts.agg_quarantine_reasons
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

_COURIER_NAMES_SQL = "select courier_code, courier_name from marts.dim_couriers"

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


# --- selections shared by the tables and the charts --------------------------------------------

#: The cost columns of ``agg_costs_weekly`` that add up to ``cost_yuan``, with their labels.
COST_PARTS_ZH = {
    "forward_freight_yuan": "去程运费 forward freight",
    "return_freight_yuan": "退回运费 return freight",
    "lost_margin_yuan": "毛利损失 lost margin",
    "compensation_yuan": "平台罚款与赔付 fines and compensation",
}


def of_week(frame: pd.DataFrame, week: Week | str) -> pd.DataFrame:
    return frame[frame["iso_week"] == str(week)]


def of_weeks(frame: pd.DataFrame, weeks: list[str]) -> pd.DataFrame:
    return frame[frame["iso_week"].isin(weeks)]


def by_cause(refusals: pd.DataFrame) -> pd.DataFrame:
    """Sums per cause: one row for every cause of :data:`CAUSES`, in that order, zeros included."""
    numeric = list(refusals.select_dtypes("number").columns)
    summed = refusals.groupby("cause")[numeric].sum()
    return summed.reindex([cause.code for cause in CAUSES], fill_value=0)
