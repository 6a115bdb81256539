"""The DuckDB warehouse file: connecting, and the tables that are not models (bookkeeping and
the landed rows). The models that fill the rest are built by :mod:`pipelines.models.runner`."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from pipelines import config
from pipelines.errors import EXIT_USAGE, UserFacingError
from pipelines.ingest import exports
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
#: (:func:`sync_landing` reads it as null from the files landed before it); any other change to
#: a table that is not a model (``meta``, ``landing``) bumps it, with the steps that bring the
#: previous layout to it in :data:`MIGRATIONS`.
SCHEMA_VERSION = 4


def landing_table(table: str, file_sha256: str) -> str:
    """The table that holds one file's landed rows: ``landing.<table>__<the file's SHA-256>``."""
    if not re.fullmatch(r"[0-9a-f]{64}", file_sha256):
        raise ValueError(f"not a file checksum: {file_sha256!r}")
    return f"landing.{table}__{file_sha256}"


def create_landing_table(con: duckdb.DuckDBPyConnection, table: str, file_sha256: str) -> str:
    """An empty landing table for the file (any earlier one replaced): every column of its
    export kind, as text. Rows inserted in file order keep it: a row's ``rowid`` is its place in
    the file once the transaction commits."""
    name = landing_table(table, file_sha256)
    columns = ", ".join(f"{column} varchar" for column in RAW_TABLES[table])
    con.execute(f"create or replace table {name} (file_sha256 varchar not null, {columns})")
    return name


def loaded_files_by_table(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Each export table's loaded files (checksum, name), in the order they were loaded."""
    kind_table = {kind.name: kind.table for kind in exports.KINDS}
    loaded: dict[str, list[tuple[str, str]]] = {table: [] for table in RAW_TABLES}
    for sha256, file_name, kind in con.execute(
        "select file_sha256, file_name, kind from meta.loaded_files order by loaded_at, file_name"
    ).fetchall():
        loaded[kind_table[kind]].append((sha256, file_name))
    return loaded


def sync_landing(con: duckdb.DuckDBPyConnection) -> None:
    """The views ``raw.<table>``: the landed rows of the files in ``meta.loaded_files``, each
    with its file's name and line number (header = line 1). A file's landing table whose file is
    no longer loaded (retired by ``--keep-weeks``, or replaced by a Spark build) is dropped;
    nothing else in ``landing`` is touched."""
    loaded = loaded_files_by_table(con)
    landed: dict[str, set[str]] = {}
    for name, column in con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'landing'"
    ).fetchall():
        landed.setdefault(name, set()).add(column)
    live = {landing_table(table, sha256) for table, files in loaded.items() for sha256, _ in files}
    one_files_rows = re.compile(rf"(?:{'|'.join(RAW_TABLES)})__[0-9a-f]{{64}}")
    for name in sorted(landed):
        if one_files_rows.fullmatch(name) and f"landing.{name}" not in live:
            con.execute(f"drop table landing.{name}")
    for table, columns in RAW_TABLES.items():
        rows = _raw_rows(table, columns, loaded[table], landed)
        con.execute(f"create or replace view raw.{table} as {rows}")


def _raw_rows(table: str, columns: tuple[str, ...], files: list[tuple[str, str]],
              landed: dict[str, set[str]]) -> str:
    """SQL: the rows of ``files`` (checksum, name) of one export kind, as ``raw.<table>`` shows
    them; a column the kind gained after a file landed is null in its rows."""
    parts = []
    for sha256, file_name in files:
        name = landing_table(table, sha256)
        has = landed.get(name.removeprefix("landing."))
        if has is None:  # loaded by a Spark build that brought back its marts alone (attribute)
            continue
        cells = ", ".join(column if column in has else f"null::varchar as {column}"
                          for column in columns)
        quoted = file_name.replace("'", "''")
        parts.append(f"select file_sha256, '{quoted}' as source_file, rowid + 2 as source_row, "
                     f"{cells} from {name}")
    if not parts:
        nulls = ", ".join(f"null::varchar as {column}" for column in columns)
        return ("select null::varchar as file_sha256, null::varchar as source_file, "
                f"null::bigint as source_row, {nulls} where false")
    return "\nunion all\n".join(parts)


def _one_landing_table_per_file(con: duckdb.DuckDBPyConnection) -> None:
    """Layout 4: each file's rows in a landing table of its own (retiring a file drops it),
    instead of one table per export kind that numbered a file's lines from its first rowid
    (retiring rewrote the whole table). A retired file's rows left in the old table go."""
    tables = {name for (name,) in con.execute(
        "select table_name from duckdb_tables() "
        "where database_name = current_database() and schema_name = 'landing'").fetchall()}
    for table, files in loaded_files_by_table(con).items():
        if table not in tables:
            continue
        for sha256, _ in files:
            # a table made in this transaction numbers its rows from 0 in the order they go in
            con.execute(f"create table {landing_table(table, sha256)} as select * "
                        f"from landing.{table} where file_sha256 = ? order by rowid", [sha256])
        con.execute(f"drop view if exists raw.{table}")
        con.execute(f"drop table landing.{table}")
    con.execute("alter table meta.loaded_files drop column if exists landing_first_rowid")


#: layout version -> the steps (SQL, or a function of the connection) that bring a warehouse of
#: the version before to it
MIGRATIONS: dict[int, tuple[str | Callable[[duckdb.DuckDBPyConnection], None], ...]] = {
    # meta.retired_files (created with the other bookkeeping tables): an earlier release would
    # not know that a retired file's rows are gone, and would re-run old weeks without them
    2: (),
    # meta.keyed_models and meta.keyed_model_files (likewise): an earlier release would rebuild
    # the keyed models without updating their record, and this one would then update by key a
    # table built as of another week
    3: (),
    4: (_one_landing_table_per_file,),
}


class NewerWarehouseError(UserFacingError):
    """The warehouse was written by a newer release than this one."""

    exit_code = EXIT_USAGE


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Schemas, bookkeeping tables, and the raw data as landed (all text: typing happens in
    staging).

    Each loaded file's rows are in a landing table of their own (:func:`landing_table`), in file
    order and nothing else: DuckDB keeps the insertion order of a scan, so a row's ``rowid`` is
    its place in the file, and the views ``raw.<table>`` (:func:`sync_landing`) turn it into the
    file's line number. Numbering rows while reading (a window over the scan) doubled the cost
    of loading. Retiring a file (:mod:`pipelines.retention`) drops its table."""
    for schema in SCHEMAS:
        con.execute(f"create schema if not exists {schema}")
    con.execute(_META_DDL)
    _migrate(con)
    sync_landing(con)


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a warehouse written by an earlier release to :data:`SCHEMA_VERSION` (the steps run
    in order, each once, in one transaction), and refuse one written by a newer release."""
    con.execute("create table if not exists meta.schema_version (version integer not null)")
    found = con.execute("select max(version) from meta.schema_version").fetchall()[0][0]
    if found is not None and found > SCHEMA_VERSION:
        raise NewerWarehouseError(
            f"{_database_file(con)}: the warehouse was written by a newer release of refusals "
            f"(layout {found}, this release knows {SCHEMA_VERSION}); upgrade refusals, or point "
            "--warehouse at another file."
        )
    if found == SCHEMA_VERSION:
        return
    if found is not None:
        log.info("bringing the warehouse from layout %d to layout %d (once) …", found,
                 SCHEMA_VERSION)
    con.execute("begin transaction")
    try:
        for version in range((found or 0) + 1, SCHEMA_VERSION + 1):
            for step in MIGRATIONS.get(version, ()):
                if callable(step):
                    step(con)
                else:
                    con.execute(step)
        con.execute("delete from meta.schema_version")
        con.execute("insert into meta.schema_version values (?)", [SCHEMA_VERSION])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _database_file(con: duckdb.DuckDBPyConnection) -> str:
    path = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchall()[0][0]
    return Path(path).name if path else "the warehouse"
