"""The DuckDB warehouse: connecting, the fixed (non-model) tables, and running the SQL models.

Models live in ``pipelines/models/sql/<layer>/<name>.sql``: one file per object, named after it
(``staging/stg_orders.sql`` creates ``staging.stg_orders``), each idempotent
(``create or replace``).
They run in dependency order, read from the ``<layer>.<name>`` references in their text. Seeds are
CSV files in ``pipelines/seeds`` loaded into schema ``seeds``.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipelines import config
from pipelines.causes import CAUSES
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


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Schemas, bookkeeping tables, and the raw data as landed (all text: typing happens in
    staging).

    ``landing.<table>`` holds every file's rows in file order and nothing else: DuckDB keeps the
    insertion order of a scan, so a row's ``rowid`` is its place in the file, and the view
    ``raw.<table>`` turns it into the file's line number (header = line 1) with the file's first
    rowid kept in ``meta.loaded_files``. Numbering rows while reading (a window over the scan)
    doubled the cost of loading. Landing tables are append-only: a deleted row would shift
    every later line number of its file."""
    for schema in SCHEMAS:
        con.execute(f"create schema if not exists {schema}")
    con.execute(_META_DDL)
    for table, columns in RAW_TABLES.items():
        column_ddl = ", ".join(f"{name} varchar" for name in columns)
        con.execute(
            f"create table if not exists landing.{table} "
            f"(file_sha256 varchar not null, {column_ddl})"
        )
        con.execute(
            f"create or replace view raw.{table} as select landed.file_sha256, "
            "files.file_name as source_file, "
            "landed.rowid - files.landing_first_rowid + 2 as source_row, "
            + ", ".join(f"landed.{name}" for name in columns)
            + f" from landing.{table} as landed "
            "inner join meta.loaded_files as files on landed.file_sha256 = files.file_sha256"
        )


def load_seeds(con: duckdb.DuckDBPyConnection) -> None:
    """Reference tables: the CSV seeds plus ``seeds.causes`` from :mod:`pipelines.causes`."""
    for seed in sorted(config.SEEDS_DIR.glob("*.csv")):
        con.execute(
            f"create or replace table seeds.{seed.stem} as "
            "select * from read_csv(?, header = true, all_varchar = true)",
            [str(seed)],
        )
    con.execute(
        "create or replace table seeds.causes "
        "(cause varchar primary key, priority integer, label_zh varchar, label_en varchar, "
        "colour varchar, playbook_zh varchar, playbook_en varchar)"
    )
    con.executemany(
        "insert into seeds.causes values (?, ?, ?, ?, ?, ?, ?)",
        [
            (c.code, priority, c.label_zh, c.label_en, c.colour, c.playbook_zh, c.playbook_en)
            for priority, c in enumerate(CAUSES)
        ],
    )


_REFERENCE = re.compile(r"\b(" + "|".join(config.SQL_LAYERS) + r")\.(\w+)\b")


def model_files(layer: str) -> list[Path]:
    """A layer's models, ordered so that each runs after the models its SQL reads from."""
    folder = config.VALIDATION_SQL_DIR if layer == "validation" else config.SQL_DIR / layer
    files = {f"{layer}.{path.stem}": path for path in folder.glob("*.sql")}
    ordered: dict[str, Path] = {}

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in ordered:
            return
        if name in trail:
            raise RuntimeError(f"models reference each other in a cycle: {' -> '.join(trail)}")
        text = files[name].read_text(encoding="utf-8")
        for reference in sorted({".".join(m) for m in _REFERENCE.findall(text)} - {name}):
            if reference in files:
                visit(reference, (*trail, name))
        ordered[name] = files[name]

    for name in sorted(files):
        visit(name, ())
    return list(ordered.values())


_PARAMETER = re.compile(r"\$(\w+)")
_COMMENT = re.compile(r"--[^\n]*")


def model_parameters(sql_file: Path, sql: str, params: dict) -> dict:
    """The values of the ``$name`` parameters a model uses (comments aside); every one must be
    given."""
    named = set(_PARAMETER.findall(_COMMENT.sub("", sql)))
    missing = named - set(params)
    if missing:
        model = f"{sql_file.parent.name}/{sql_file.name}"
        raise RuntimeError(f"model {model} needs values for {sorted(missing)}")
    return {name: value for name, value in params.items() if name in named}


def build_models(con: duckdb.DuckDBPyConnection, layer: str, params: dict | None = None) -> None:
    """Run a layer's models; named parameters (``$name``) are bound, never formatted into SQL."""
    for sql_file in model_files(layer):
        sql = sql_file.read_text(encoding="utf-8")
        used = model_parameters(sql_file, sql, params or {})
        started = time.perf_counter()
        try:
            drop_if_kind_changed(con, sql)
            con.execute(sql, used or None)
        except duckdb.Error as error:
            model = f"{sql_file.parent.name}/{sql_file.name}"
            raise RuntimeError(f"model {model} failed: {error}") from error
        log.debug(
            "model %s/%s built in %.2f s", layer, sql_file.name, time.perf_counter() - started
        )


_TARGET = re.compile(r"create\s+or\s+replace\s+(table|view)\s+(\w+)\.(\w+)", re.IGNORECASE)


def drop_if_kind_changed(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """A model may turn from a table into a view or back; ``create or replace`` refuses to
    replace an object of the other kind, so a warehouse built before the change drops it first."""
    kind, schema, name = _TARGET.search(_COMMENT.sub("", sql)).groups()
    other = "view" if kind.lower() == "table" else "table"
    found = con.execute(
        f"select count(*) from duckdb_{other}s() where database_name = current_database() "
        f"and schema_name = ? and {other}_name = ?",
        [schema, name],
    ).fetchall()
    if found[0][0]:
        con.execute(f"drop {other} {schema}.{name}")
