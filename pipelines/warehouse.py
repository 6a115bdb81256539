"""The DuckDB warehouse file: connecting, and the tables that are not models (bookkeeping and
the landed rows). The models that fill the rest are built by :mod:`pipelines.models.runner`."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipelines import config
from pipelines.errors import EXIT_USAGE, UserFacingError
from pipelines.ingest.exports import RAW_TABLES

log = logging.getLogger("refusals")

SCHEMAS = ("meta", "landing", "raw", "seeds", *config.SQL_LAYERS, "validation")

_META_DDL = """
create table if not exists meta.loaded_files (
    file_sha256 varchar primary key,
    file_name varchar not null,
    kind varchar not null,
    file_format varchar not null,
    encoding varchar not null,
    size_bytes bigint not null,
    rows_read bigint not null,
    landing_first_rowid bigint not null,
    load_id varchar not null,
    loaded_at timestamp not null
);
create table if not exists meta.retired_files (
    file_sha256 varchar primary key,
    file_name varchar not null,
    kind varchar not null,
    file_format varchar not null,
    encoding varchar not null,
    rows_read bigint not null,
    oldest_row_at timestamp not null,
    newest_row_at timestamp not null,
    retired_at timestamp not null
);
create table if not exists meta.incremental_models (
    model varchar primary key,
    fingerprint varchar not null
);
create table if not exists meta.keyed_models (
    model varchar primary key,
    fingerprint varchar not null,
    -- null: built without a data cutoff (staging; attribute)
    cutoff timestamp
);
create table if not exists meta.keyed_model_files (
    model varchar not null,
    relation varchar not null,
    file_sha256 varchar not null
);
"""


@contextlib.contextmanager
def connect(
    path: Path | None = None, *, read_only: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse file (created with its folder on first use)."""
    path = path or config.default_warehouse_path()
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only, config=config.duckdb_settings())
    # DuckDB draws a progress bar on stdout for long queries, terminal or not; cron mail and
    # captured output stay clean without it (progress is logged instead). Inside a Jupyter
    # kernel DuckDB refuses to touch the setting without ipywidgets, and draws nothing anyway.
    with contextlib.suppress(duckdb.InvalidInputException):
        con.execute("set enable_progress_bar = false")
    try:
        yield con
    finally:
        con.close()


#: The warehouse layout this release writes. A new column of an export kind needs no step
#: (:func:`ensure_tables` adds it); any other change to a table that is not a model (``meta``,
#: ``landing``) bumps it, with the statements that bring the previous layout to it in
#: :data:`MIGRATIONS`.
SCHEMA_VERSION = 3
#: layout version -> the statements that bring a warehouse of the version before to it
MIGRATIONS: dict[int, tuple[str, ...]] = {
    # meta.retired_files (created with the other bookkeeping tables): an earlier release would
    # not know that a retired file's rows are gone, and would re-run old weeks without them
    2: (),
    # meta.keyed_models and meta.keyed_model_files (likewise): an earlier release would rebuild
    # the keyed models without updating their record, and this one would then update by key a
    # table built as of another week
    3: (),
}


class NewerWarehouseError(UserFacingError):
    """The warehouse was written by a newer release than this one."""

    exit_code = EXIT_USAGE


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Schemas, bookkeeping tables, and the raw data as landed (all text: typing happens in
    staging).

    ``landing.<table>`` holds every file's rows in file order and nothing else: DuckDB keeps the
    insertion order of a scan, so a row's ``rowid`` is its place in the file, and the view
    ``raw.<table>`` turns it into the file's line number (header = line 1) with the file's first
    rowid kept in ``meta.loaded_files``. Numbering rows while reading (a window over the scan)
    doubled the cost of loading. No row is ever deleted from a landing table (DuckDB would
    renumber later rows when it compacts); retention rewrites a table whole
    (:mod:`pipelines.retention`)."""
    for schema in SCHEMAS:
        con.execute(f"create schema if not exists {schema}")
    con.execute(_META_DDL)
    _migrate(con)
    for table, columns in RAW_TABLES.items():
        column_ddl = ", ".join(f"{name} varchar" for name in columns)
        con.execute(
            f"create table if not exists landing.{table} "
            f"(file_sha256 varchar not null, {column_ddl})"
        )
        # an export kind that gained a column since this warehouse was made: the earlier files'
        # rows have none (null); adding a column keeps every row's rowid, so its line number
        for name in columns:
            con.execute(f"alter table landing.{table} add column if not exists {name} varchar")
        con.execute(
            f"create or replace view raw.{table} as select landed.file_sha256, "
            "files.file_name as source_file, "
            "landed.rowid - files.landing_first_rowid + 2 as source_row, "
            + ", ".join(f"landed.{name}" for name in columns)
            + f" from landing.{table} as landed "
            "inner join meta.loaded_files as files on landed.file_sha256 = files.file_sha256"
        )


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a warehouse written by an earlier release to :data:`SCHEMA_VERSION` (the steps run
    in order, each once), and refuse one written by a newer release."""
    con.execute("create table if not exists meta.schema_version (version integer not null)")
    found = con.execute("select max(version) from meta.schema_version").fetchall()[0][0]
    if found is not None and found > SCHEMA_VERSION:
        raise NewerWarehouseError(
            f"{_database_file(con)}: the warehouse was written by a newer release of refusals "
            f"(layout {found}, this release knows {SCHEMA_VERSION}); upgrade refusals, or point "
            "--warehouse at another file."
        )
    for version in range((found or 0) + 1, SCHEMA_VERSION + 1):
        for statement in MIGRATIONS.get(version, ()):
            con.execute(statement)
    if found != SCHEMA_VERSION:
        con.execute("delete from meta.schema_version")
        con.execute("insert into meta.schema_version values (?)", [SCHEMA_VERSION])


def _database_file(con: duckdb.DuckDBPyConnection) -> str:
    path = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchall()[0][0]
    return Path(path).name if path else "the warehouse"
