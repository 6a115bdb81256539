"""What the warehouse keeps of old exports (``run --keep-weeks N``, issue #15).

A week's models read the rows dated in its look-back window (:func:`runner.look_back_start`).
Once every usable row of a file is older than the window of the oldest week kept, no kept week
can read the file again, and it is *retired*: its typed rows are deleted from staging and from
the other models built once per file, and it moves from ``meta.loaded_files`` to
``meta.retired_files``, which lists it by checksum with the dates its rows span. The file on
disk stays the source of truth: a run asked for a week whose look-back reaches its rows loads it
again from the input folder (:mod:`pipelines.ingest.load` forgets its retirement), and stops
instead of publishing results without them when the folder lacks it. Otherwise a retired file in
the folder counts as seen before, so a folder that keeps every week's exports does not bring
them back each week.

A file's landed rows are a table of their own (:func:`warehouse.landing_table`), so retiring it
drops that table and no other landed row moves or is copied: the warehouse holds the retained
weeks' rows alone.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import duckdb

from pipelines import warehouse
from pipelines.config import china_now
from pipelines.errors import UsageError
from pipelines.models import runner

log = logging.getLogger("refusals")

#: SQL over ``meta.retired_files`` with two parameters, a window's start and end: the file has
#: usable rows dated in the window, so a build reading that window reads them
HOLDS_ROWS_IN_WINDOW = "newest_row_at >= ? and oldest_row_at < ?"


def look_back_window(cutoff: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """What a build with ``cutoff`` reads rows from, as parameters of
    :data:`HOLDS_ROWS_IN_WINDOW`."""
    return runner.look_back_start(cutoff), cutoff


#: Parameters of :data:`HOLDS_ROWS_IN_WINDOW` that no file matches, and that every file matches
NO_WINDOW = (dt.datetime.max, dt.datetime.max)
ANY_WINDOW = (dt.datetime.min, dt.datetime.max)


@dataclass(frozen=True)
class RetiredFile:
    file_sha256: str
    file_name: str


def _dated_rows_by_file() -> str:
    """SQL: each staged file's usable rows' oldest and newest dates (the column that dates the
    rows for a data cutoff), and whether all of them are dated."""
    return "\nunion all\n".join(
        f"select file_sha256, min({column}) as oldest_row_at, max({column}) as newest_row_at, "
        f"count({column}) = count(*) as all_dated "
        f"from {relation}_checked where quarantine_reason is null group by file_sha256"
        for relation, column in runner.AS_OF_COLUMNS.items()
    )


def retire_files_before(
    con: duckdb.DuckDBPyConnection, kept_from: dt.datetime
) -> list[RetiredFile]:
    """Retire the files whose usable rows are all dated before ``kept_from`` (module
    docstring), in one transaction; the staging layer is rebuilt without them (its duplicates,
    quarantine and file accounting) when there were any."""
    log.debug("retiring the export files whose rows are all older than %s …", kept_from)
    con.execute("begin transaction")
    try:
        retired = _retire(con, kept_from)
        if retired:
            warehouse.sync_landing(con)  # drops the retired files' landing tables
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    if retired:
        runner.build(con, through="staging")
        log.info("retired %d export file(s) whose rows are all older than %s (kept weeks' "
                 "look-back); listed in meta.retired_files", len(retired), kept_from)
    return retired


def _retire(con: duckdb.DuckDBPyConnection, kept_from: dt.datetime) -> list[RetiredFile]:
    con.execute(
        "create or replace temp table retiring as "
        f"select files.*, dated.oldest_row_at, dated.newest_row_at "
        f"from ({_dated_rows_by_file()}) as dated "
        "inner join meta.loaded_files as files using (file_sha256) "
        "where dated.all_dated and dated.newest_row_at < ?",
        [kept_from],
    )
    con.execute("delete from meta.retired_files where file_sha256 in "
                "(select file_sha256 from retiring)")
    con.execute(
        "insert into meta.retired_files select file_sha256, file_name, kind, file_format, "
        "encoding, rows_read, oldest_row_at, newest_row_at, ? from retiring",
        [china_now()],
    )
    # the typed rows, and whatever else was built from them once per file
    built_per_file = {f"{relation}_checked" for relation in runner.AS_OF_COLUMNS} | {
        model for (model,) in con.execute("select model from meta.incremental_models").fetchall()}
    for model in sorted(built_per_file):
        con.execute(f"delete from {model} where file_sha256 in (select file_sha256 from retiring)")
    con.execute("delete from meta.loaded_files where file_sha256 in "
                "(select file_sha256 from retiring)")
    retired = [
        RetiredFile(*row)
        for row in con.execute(
            "select file_sha256, file_name from retiring order by file_name"
        ).fetchall()
    ]
    con.execute("drop table retiring")
    return retired


def require_window_kept(con: duckdb.DuckDBPyConnection, cutoff: dt.datetime) -> None:
    """Stop a build with ``cutoff`` whose look-back window holds rows of retired files: its
    results would lack them."""
    start, end = look_back_window(cutoff)
    count, first = con.execute(
        f"select count(*), min(file_name) from meta.retired_files where {HOLDS_ROWS_IN_WINDOW}",
        [start, end],
    ).fetchall()[0]
    if count:
        raise UsageError(
            f"the week ending {cutoff:%Y-%m-%d} reads rows from {start:%Y-%m-%d} on, and "
            f"{count} export file(s) with such rows ({first} …) were retired by --keep-weeks "
            "(listed by checksum in meta.retired_files); put them back in the input folder to "
            "load them again, or run a later week."
        )
