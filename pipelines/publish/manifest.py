"""The run manifest (``run.json``): what went in, what came out, with which code and rules, and
how long each stage took. Also kept, one row per run, in ``meta.runs``."""

from __future__ import annotations

import json
import logging
import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import duckdb

from pipelines import __version__
from pipelines.config import china_now
from pipelines.weeks import Week

log = logging.getLogger("refusals")

_PACKAGES = (
    "duckdb",
    "pandas",
    "pyarrow",
    "great_expectations",
    "papermill",
    "nbconvert",
    "plotly",
    "python-calamine",
    "openpyxl",
)


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "refusals": __version__}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


@dataclass
class StageTimer:
    """Seconds per stage, in the order the stages ran."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(time.perf_counter() - started, 3)
            log.debug("stage %s took %.2f s", name, self.seconds[name])


def input_files(con: duckdb.DuckDBPyConnection, sha256s: tuple[str, ...]) -> list[dict]:
    """The given input files with size, checksum, format and row accounting."""
    columns = (
        "file",
        "kind",
        "sha256",
        "size_bytes",
        "format",
        "encoding",
        "rows_read",
        "rows_staged",
        "rows_quarantined",
        "rows_duplicate",
    )
    rows = con.execute(
        "select accounting.file_name, accounting.kind, accounting.file_sha256, files.size_bytes, "
        "files.file_format, files.encoding, accounting.rows_read, accounting.rows_staged, "
        "accounting.rows_quarantined, accounting.rows_duplicate "
        "from meta.file_accounting as accounting "
        "inner join meta.loaded_files as files using (file_sha256) "
        "where accounting.file_sha256 in (select unnest(?::varchar[])) "
        "order by accounting.file_name",
        [list(sha256s)],
    ).fetchall()
    return [dict(zip(columns, row, strict=True)) for row in rows]


def learned_weights(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The weights the run gave each signal for each cause (``marts.dim_signal_weights``): the
    registry's prior, and what the shop's anchored refusals and delivered parcels made of it."""
    columns = (
        "signal",
        "cause",
        "evidence",
        "prior_weight",
        "weight",
        "informativeness",
        "direction",
        "reliability",
        "anchored_refusals",
        "anchored_with_signal",
    )
    rows = con.execute(
        f"select {', '.join(columns)} from marts.dim_signal_weights order by signal, cause"
    ).fetchall()
    return [dict(zip(columns, row, strict=True)) for row in rows]


def write_manifest(path: Path, manifest: dict) -> None:
    path.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )


def record_run(con: duckdb.DuckDBPyConnection, manifest: dict) -> None:
    """Append the run to ``meta.runs`` so that its history is queryable."""
    con.execute(
        "create table if not exists meta.runs (run_id varchar, week varchar, finished_at "
        "timestamp, exit_status integer, validation_passed boolean, rules_version varchar, "
        "refusals bigint, manifest json)"
    )
    con.execute(
        "insert into meta.runs values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            manifest["run_id"],
            manifest["week"],
            china_now(),
            manifest["exit_status"],
            manifest.get("validation", {}).get("success"),
            manifest["rules_version"],
            manifest.get("outputs", {}).get("refusals"),
            json.dumps(manifest, default=str),
        ],
    )


def forget_runs_before(con: duckdb.DuckDBPyConnection, oldest_kept: Week) -> None:
    """Retention: drop run and validation history of weeks before ``oldest_kept``."""
    for table in ("meta.runs", "meta.validation_runs"):
        con.execute(f"delete from {table} where week < ?", [str(oldest_kept)])
    con.execute("delete from meta.validation_results where run_id not in "
                "(select run_id from meta.validation_runs)")
