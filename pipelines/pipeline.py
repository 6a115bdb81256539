"""The stages strung together: load → build (staging, signals, attribution) → validate → report
→ publish. Commands in :mod:`pipelines.cli` call these and nothing else."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import shutil
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines import config, retention, warehouse
from pipelines.errors import UserFacingError
from pipelines.ingest import load
from pipelines.models import dictionary, runner
from pipelines.publish import manifest, outputs, swap
from pipelines.risk import store as risk_store
from pipelines.validate import checks, gx_duckdb
from pipelines.weeks import Week, last_complete_week, parse_week


class ValidationFailedError(UserFacingError):
    """The data failed a ``fail`` check: the message is the validation summary."""


@dataclass(frozen=True)
class LoadSummary:
    files_loaded: int
    files_already_loaded: int
    rows_read: int
    rows_staged: int
    rows_quarantined: int
    rows_duplicate: int
    #: SHA-256 of every file in the input folder, loaded now or before
    file_sha256s: tuple[str, ...]
    #: the version of pipelines/models/rules.toml the models were built with
    rules_version: str
    #: files of the input folder that are not exports, with why (none on Spark)
    skipped_files: tuple[load.SkippedFile, ...] = ()
    #: the models above staging read the rows known before this moment (None: every row)
    data_cutoff: dt.datetime | None = None

    def __str__(self) -> str:
        return (
            f"{self.files_loaded} file(s) loaded ({self.files_already_loaded} seen before): "
            f"{self.rows_read} rows read = {self.rows_staged} staged + "
            f"{self.rows_quarantined} quarantined + {self.rows_duplicate} exact duplicates"
        )


@dataclass(frozen=True)
class Engine:
    """Where the models run: ``duckdb`` (the warehouse file itself) or ``spark`` (a cluster, or
    ``local[2]``; the tables come back into the warehouse, see
    :mod:`pipelines.engines.spark.engine`)."""

    name: str = "duckdb"
    spark_master: str | None = None
    #: Spark only: bring back the marts alone (enough for refusals.csv), not staging/intermediate
    marts_only: bool = False


#: Given the staged rows, the moment the rest of the build may know data until (or None).
ChooseCutoff = Callable[[duckdb.DuckDBPyConnection], "dt.datetime | None"]


def load_and_build(
    con: duckdb.DuckDBPyConnection,
    input_dir: Path | str,
    engine: Engine = Engine(),
    choose_cutoff: ChooseCutoff | None = None,
    reload_retired_in: tuple[dt.datetime, dt.datetime] = retention.ANY_WINDOW,
) -> LoadSummary:
    """Load the folder's new files into the warehouse, rebuild every model and describe the marts
    (column comments from ``models/dictionary.toml``: a build drops them), the tables ``run``
    writes after the build among them (``pipelines/risk/store.py``). With ``choose_cutoff``
    (DuckDB only), staging is built first and the models above it read only the rows known
    before the moment it picks from them (``runner`` module docstring). Files of the folder
    retired by ``--keep-weeks`` are loaded again as ``load.load_inputs`` says."""
    if engine.name == "spark":
        summary = _build_on_spark(con, str(input_dir), engine)
    else:
        summary = _build_on_duckdb(con, input_dir, choose_cutoff, reload_retired_in)
    risk_store.ensure_tables(con)
    dictionary.describe_marts(con)
    return summary


def _build_on_duckdb(
    con: duckdb.DuckDBPyConnection,
    input_dir: Path | str,
    choose_cutoff: ChooseCutoff | None,
    reload_retired_in: tuple[dt.datetime, dt.datetime],
) -> LoadSummary:
    warehouse.ensure_tables(con)
    loaded, skipped = load.load_inputs(con, input_dir, reload_retired_in)
    cutoff = None
    if choose_cutoff is None:
        rules = runner.build(con)
    else:
        runner.build(con, through="staging")
        cutoff = choose_cutoff(con)
        rules = runner.build(con, starting_at="intermediate", data_cutoff=cutoff)
    totals = con.execute(
        "select coalesce(sum(rows_read), 0), coalesce(sum(rows_staged), 0), "
        "coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_duplicate), 0) "
        "from meta.file_accounting"
    ).fetchall()[0]
    fresh = sum(not file.already_loaded for file in loaded)
    return LoadSummary(
        fresh,
        len(loaded) - fresh,
        *totals,
        file_sha256s=tuple(file.file.sha256 for file in loaded),
        rules_version=rules.version,
        skipped_files=tuple(skipped),
        data_cutoff=cutoff,
    )


def _build_on_spark(con: duckdb.DuckDBPyConnection, input_uri: str, engine: Engine) -> LoadSummary:
    """The models on Spark; the warehouse takes their tables. Spark keeps no history between
    runs: every file in the folder counts as read now, and the warehouse's tables are replaced
    by the folder's (a folder lacking files the warehouse loaded earlier is refused)."""
    from pipelines.engines.spark import engine as spark_engine  # PySpark is an optional extra

    schemas = spark_engine.MART_SCHEMAS if engine.marts_only else spark_engine.ALL_SCHEMAS
    rules = spark_engine.build_into_warehouse(con, input_uri, schemas, engine.spark_master)
    # the typed tables are Spark's now (or stale, with marts only): a later DuckDB build
    # retypes every file instead of appending to them
    runner.forget_incremental_builds(con)
    files, *totals = con.execute(
        "select count(*), coalesce(sum(rows_read), 0), coalesce(sum(rows_staged), 0), "
        "coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_duplicate), 0) "
        "from meta.file_accounting"
    ).fetchall()[0]
    sha256s = con.execute("select file_sha256 from meta.loaded_files order by file_name").fetchall()
    return LoadSummary(
        files,
        0,
        *totals,
        file_sha256s=tuple(row[0] for row in sha256s),
        rules_version=rules.version,
    )


def attribute_folder(
    input_dir: Path | str, output: Path, warehouse_path: Path, engine: Engine = Engine()
) -> str:
    """``refusals attribute``: every refusal in the folder, one row each, to ``output``. Like
    ``run``, it holds the warehouse's run lock and builds on a copy that replaces the warehouse
    only when the file is written."""
    if engine.name == "spark":
        engine = dataclasses.replace(engine, marts_only=True)
    with swap.exclusive_run(warehouse_path, wait_seconds=0):
        scratch = swap.working_copy(warehouse_path)
        try:
            with warehouse.connect(scratch) as con:
                summary = load_and_build(con, input_dir, engine)
                load.require_orders_and_tracking(
                    con, input_dir, summary.file_sha256s, summary.skipped_files
                )
                refusals = outputs.write_refusals_csv(con, output)
            swap.promote_warehouse(scratch, warehouse_path)
        except BaseException:
            swap.discard(scratch)
            raise
    return f"{summary}\n{refusals} refused order(s) attributed → {output}"


def latest_data_at(con: duckdb.DuckDBPyConnection) -> dt.datetime:
    latest = con.execute(
        "select greatest((select max(event_at) from staging.stg_tracking_events), "
        "(select max(greatest(ordered_at, shipped_at, receipt_confirmed_at)) "
        "from staging.stg_orders))"
    ).fetchall()[0][0]
    if latest is None:
        raise UserFacingError(
            "the exports hold no dated order or tracking rows; nothing to "
            "report. Check that the folder has the weekly exports."
        )
    return latest


log = logging.getLogger("refusals")


@dataclass(frozen=True)
class RunResult:
    week: Week
    folder: Path
    refusals: int
    warnings: int


def _check(
    input_dir: Path,
    week_text: str | None,
    scratch: Path,
    docs_dir: Path,
    timer: manifest.StageTimer,
    engine: Engine = Engine(),
) -> tuple[LoadSummary, Week, checks.ValidationOutcome]:
    """Load into ``scratch``, pick the week, run and record the checks (callers act on them)."""
    # Importing great_expectations takes seconds of pure Python; DuckDB releases the GIL while it
    # loads, so the import runs beside the load instead of after it.
    threading.Thread(
        target=gx_duckdb.import_great_expectations,
        kwargs={"without_spark": engine.name == "duckdb"},
        daemon=True,
    ).start()
    def pick_week(con: duckdb.DuckDBPyConnection) -> Week:
        return parse_week(week_text) if week_text else last_complete_week(latest_data_at(con))

    def week_end(con: duckdb.DuckDBPyConnection) -> dt.datetime:
        cutoff = pick_week(con).end
        retention.require_window_kept(con, cutoff)
        return cutoff

    with timer.stage("load_and_attribute"), warehouse.connect(scratch) as con:
        log.info("loading %s …", input_dir)
        # a week's results know only the data until its end: loading later weeks, or re-running
        # it after them, gives the same answers (Spark builds from every row)
        # a retired file comes back only for a week named older than the kept ones: the last
        # complete week of the data reads nothing retired
        reload_in = (retention.look_back_window(parse_week(week_text).end) if week_text
                     else retention.NO_WINDOW)
        summary = load_and_build(con, input_dir, engine, choose_cutoff=week_end,
                                 reload_retired_in=reload_in)
        load.require_orders_and_tracking(
            con, input_dir, summary.file_sha256s, summary.skipped_files
        )
        week = pick_week(con)
    log.info("%s\nvalidating %s …", summary, week)
    with timer.stage("validate"):
        outcome = checks.validate_warehouse(scratch, week, docs_dir, summary.file_sha256s)
    with warehouse.connect(scratch) as con:
        checks.record(con, outcome)
    return summary, week, outcome


def validate_folder(
    input_dir: Path,
    week_text: str | None,
    out_dir: Path,
    warehouse_path: Path,
    wait_seconds: float,
    engine: Engine = Engine(),
) -> str:
    """``refusals validate``: the checks alone, on a throw-away copy of the warehouse."""
    with swap.exclusive_run(warehouse_path, wait_seconds):
        scratch = swap.working_copy(warehouse_path)
        docs_dir = out_dir / "_validation" / "latest"
        shutil.rmtree(docs_dir, ignore_errors=True)
        try:
            _, _, outcome = _check(
                input_dir, week_text, scratch, docs_dir, manifest.StageTimer(), engine
            )
        finally:
            swap.discard(scratch)
    if not outcome.success:
        raise ValidationFailedError(
            f"the data failed validation; nothing may be published.\n{outcome.summary()}"
        )
    return outcome.summary()


def run_week(
    input_dir: Path,
    week_text: str | None,
    out_dir: Path,
    warehouse_path: Path,
    wait_seconds: float,
    keep_weeks: int | None = None,
    engine: Engine = Engine(),
) -> RunResult:
    """``refusals run``: validate → load → attribute → report, published all or nothing. With
    ``keep_weeks`` (1 or more; 0 or None keeps all), report folders and run history older than
    that many weeks are removed (the week just published always stays), and on DuckDB the
    export files that none of the kept weeks reads are retired from the warehouse
    (:mod:`pipelines.retention`)."""
    if keep_weeks is not None and keep_weeks < 0:
        raise ValueError(f"keep_weeks must be 0 (keep all) or more, not {keep_weeks}")
    from pipelines.report import data as report_data
    from pipelines.report import render  # papermill and nbconvert: imported only for runs
    from pipelines.risk import weekly as risk_weekly  # numpy and the fit: likewise

    timer = manifest.StageTimer()
    run_id = uuid.uuid4().hex
    with swap.exclusive_run(warehouse_path, wait_seconds):
        with timer.stage("working_copy"):
            scratch = swap.working_copy(warehouse_path)
        docs_dir = out_dir / ".validation-in-progress"
        shutil.rmtree(docs_dir, ignore_errors=True)
        built = None
        try:
            summary, week, outcome = _check(input_dir, week_text, scratch, docs_dir, timer, engine)
            final_dir = out_dir / str(week)
            if not outcome.success:
                failed_docs = out_dir / "_validation" / str(week)
                shutil.rmtree(failed_docs, ignore_errors=True)
                failed_docs.parent.mkdir(parents=True, exist_ok=True)
                docs_dir.rename(failed_docs)
                raise ValidationFailedError(
                    f"the data failed validation; nothing was published for {week} "
                    f"(the previous report, if any, stays).\n{outcome.summary()}"
                )
            built = swap.staging_folder(final_dir)
            docs_dir.rename(built / "validation")
            log.info("scoring the parcels in transit at the end of %s …", week)
            with timer.stage("risk"), warehouse.connect(scratch) as con:
                risk = risk_weekly.record_week(con, week)
            log.info("rendering the report for %s …", week)
            with timer.stage("report"):
                render.render_report(scratch, str(week), built)
            with warehouse.connect(scratch) as con:
                with timer.stage("files"):
                    refusals = outputs.write_refusals_csv(con, built / "refusals.csv", str(week))
                    report_data.write_worklist(con, str(week), built / "worklist.csv")
                    report_data.write_worklist_xlsx(con, str(week), built / "worklist.xlsx")
                record = _manifest(
                    run_id, week, summary, outcome, refusals, risk, timer, con, input_dir
                )
                oldest_kept = week.shifted(1 - keep_weeks) if keep_weeks else None
                retired: list[retention.RetiredFile] = []
                if oldest_kept and engine.name == "duckdb":  # Spark keeps no history to retire
                    with timer.stage("retire"):
                        retired = retention.retire_files_before(
                            con, runner.look_back_start(oldest_kept.end))
                record["retired_inputs"] = [
                    {"file": file.file_name, "sha256": file.file_sha256} for file in retired
                ]
                manifest.record_run(con, record)
                if oldest_kept:
                    manifest.forget_runs_before(con, oldest_kept)
                    risk_store.forget_weeks_before(con, str(oldest_kept))
            manifest.write_manifest(built / "run.json", record)
            swap.promote_warehouse(scratch, warehouse_path)
            swap.promote_folder(built, final_dir)
            if oldest_kept:
                swap.remove_week_folders_before(out_dir, oldest_kept)
        except BaseException:
            swap.discard(scratch)
            shutil.rmtree(docs_dir, ignore_errors=True)
            if built is not None:
                shutil.rmtree(built, ignore_errors=True)
            raise
    return RunResult(week, final_dir, refusals, len(outcome.warnings))


def _manifest(
    run_id: str,
    week: Week,
    summary: LoadSummary,
    outcome: checks.ValidationOutcome,
    refusals: int,
    risk: dict,
    timer: manifest.StageTimer,
    con: duckdb.DuckDBPyConnection,
    input_dir: Path,
) -> dict:
    return {
        "run_id": run_id,
        "week": str(week),
        "week_start": str(week.start),
        "week_end": str(week.end),
        "timezone": config.CHINA_TZ,
        "input_dir": str(input_dir),
        "inputs": manifest.input_files(con, summary.file_sha256s),
        "skipped_inputs": [
            {"file": file.name, "reason": file.reason} for file in summary.skipped_files
        ],
        "rows": {
            "read": summary.rows_read,
            "staged": summary.rows_staged,
            "quarantined": summary.rows_quarantined,
            "exact_duplicates": summary.rows_duplicate,
        },
        "validation": {
            "success": outcome.success,
            "checks": len(outcome.checks),
            "failed": len(outcome.failures),
            "warnings": len(outcome.warnings),
        },
        "rules_version": summary.rules_version,
        "learned_weights": manifest.learned_weights(con),
        "packages": manifest.package_versions(),
        "timings_seconds": timer.seconds,
        "outputs": {"refusals": refusals},
        "risk": risk,
        "exit_status": 0,
    }
