"""Building the models, the same way on both engines: seeds, then every model in dependency order.

A model is one SQL file under ``models/sql/<layer>/`` (sub-folders allowed) that creates one
object, named in its ``create or replace table|view <schema>.<name>`` statement. A file may use
Jinja, rendered just before it runs (dbt's way of writing one query for many tables): the context
holds ``raw_tables`` (the export kinds' tables), ``signals`` (the signal registry) and
``columns_of(relation)`` (a built relation's columns, asked of the engine). Models run in the order
of the tables they read, found by sqlglot in the rendered SQL, so adding a model never means saying
where it goes. :func:`build` runs them on DuckDB; :mod:`pipelines.engines.spark.engine` runs the
same list, transpiled.

A table model whose rows each come from one input file may be built *once per file* (dbt's
incremental models): it filters its raw rows with ``{{ new_files_only(target) }}``. A full build
renders that as ``true``; on DuckDB, once the table exists and was built by the same SQL, macros
it calls, parameters and DuckDB release (its fingerprint in ``meta.incremental_models``), a build
appends the rows of the files it does not hold yet instead, so a weekly run types and checks that
week's files, not all history. Anything else that changed rebuilds it whole.

A build may have a *data cutoff* (``refusals run``: the end of the week it reports), so that a
week's results depend on what was known by its end, and loading later weeks never changes them.
Staging keeps every typed row; the models that read it take ``{{ as_of("staging.stg_<table>") }}``:
the rows dated before the cutoff and no more than :data:`pipelines.weeks.LOOKBACK` before it
(by :data:`AS_OF_COLUMNS`: a run's models cost what that window holds, not all history), from
the exports taken by then or within :data:`pipelines.weeks.EXPORT_GRACE` after (the Monday
export of a week is that week's data; a later export restating an order with a newer status is
not). A kind of export of which
no file was taken by then counts its earliest file instead (a run on the Thursday after, with
Thursday's exports, still has the week). Without a cutoff (Spark, ``attribute``, ``risk``) it
renders the table itself.

A table model whose rows each depend on the rows of one key (an order, a tracking number, a row's
content) may be *kept by key*: ``{% call keyed_by("order_id") %}…{% endcall %}`` holds the SQL
selecting the keys whose rows may have changed, and the model filters what it reads with
``{{ rebuilt_keys_only("order_id") }}``. That SQL takes
``{{ rows_changed(relation, key[, where]) }}`` (the keys of the rows, of those ``where`` picks,
that a build reads and the last build did not, or the other way round: the files one read and
the other did not, and with a cutoff the rows between the two windows' ends) and
``{{ changed_keys(model) }}`` for a keyed model built before it (the keys it rebuilt), with what
else the model needs (the orders sharing a tracking number). A build onto a table the last
build left with the same lineage (the model's file and those of every model it reads, directly or
through others, with the macros they call, the seeds they read and the parameters they use),
DuckDB release and typing, with a cutoff if that one had one, from files all still loaded, and
after the keyed models it follows were updated by key, deletes those keys' rows and inserts them
again (a release that changes only other models, macros or seeds keeps the table): a weekly
run classifies the week's parcels, not the window's, and decides again only the exact copies its
files repeat (issue #15). Anything else renders the filter as ``true`` and builds the table
whole; the fingerprint, the cutoff and the files read are kept in ``meta.keyed_models`` and
``meta.keyed_model_files``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import jinja2
import pandas
import sqlglot
from sqlglot import exp

from pipelines import config
from pipelines.causes import CAUSES
from pipelines.ingest.exports import RAW_TABLES
from pipelines.models.parameters import model_parameters
from pipelines.models.rules import Rules, load_rules
from pipelines.models.signals import REGISTRY_PATH, load_registry
from pipelines.weeks import EXPORT_GRACE, LOOKBACK

log = logging.getLogger("refusals")

ColumnsOf = Callable[[str], list[str]]
#: (relation, cutoff) → SQL selecting the files of the relation's rows a build reads
FilesReadOf = Callable[[str, "dt.datetime | None"], str]

#: The time that dates each staged row for a data cutoff (rows without one are kept).
AS_OF_COLUMNS = {
    "staging.stg_orders": "ordered_at",
    "staging.stg_tracking_events": "event_at",
    "staging.stg_after_sales": "applied_at",
    "staging.stg_reviews": "reviewed_at",
    "staging.stg_store_scores": "score_date",
    "staging.stg_penalties": "penalized_at",
}
#: Incremental models above staging (built once per file like the ``_checked`` tables) that keep
#: each row's file and date: read through ``as_of`` the same way.
DATED_MODELS = {
    "intermediate.int_tracking_events_coded": "event_at",
}

_TARGET = re.compile(r"create\s+or\s+replace\s+(table|view)\s+(\w+)\.(\w+)", re.IGNORECASE)
_CREATE_TABLE_AS = re.compile(r"create\s+or\s+replace\s+table\s+\w+\.\w+\s+as\b", re.IGNORECASE)
_PARAMETER = re.compile(r"\$(\w+)")
_COMMENT = re.compile(r"--[^\n]*")


@dataclass(frozen=True)
class Model:
    """One model file: what it creates, from which file, in which layer of the build."""

    path: Path
    #: ``schema.name`` of the object it creates
    name: str
    #: ``table`` or ``view``
    kind: str
    #: the folder it sits in under ``models/sql`` (or ``validation``): the build stops by layer
    layer: str
    #: ``schema.name`` of the models it reads
    references: frozenset[str]
    #: built once per input file: a build appends the rows of new files (module docstring)
    incremental: bool = False
    #: kept by key: a build rebuilds only the keys whose rows changed (module docstring)
    keyed: bool = False
    #: what the file renders to before anything is built (its keys' SQL too, if keyed): what
    #: the fingerprints of the models built from it read (:func:`_lineage_fingerprint`)
    definition: str = ""

    @property
    def source(self) -> str:
        """The file, as a reader finds it: ``staging/stg_orders.sql``, ``validate/sql/….sql``."""
        for root in (config.SQL_DIR, config.PACKAGE_DIR):
            if root in self.path.parents:
                return str(self.path.relative_to(root))
        return self.path.name

    def render(self, columns_of: ColumnsOf, *, new_files_only: bool = False,
               data_cutoff: dt.datetime | None = None,
               files_read_of: FilesReadOf | None = None) -> str:
        """The SQL to run: the file with its Jinja (if any) rendered; with ``new_files_only``,
        an incremental model's statement that appends the rows of the files it lacks; with
        ``data_cutoff``, staged rows as known before it (module docstring)."""
        sql = render(self.path, columns_of, new_files_only=new_files_only,
                     data_cutoff=data_cutoff, files_read_of=files_read_of)
        return self.appending(sql) if new_files_only else sql

    def appending(self, sql: str) -> str:
        """The model's ``create or replace table … as`` statement turned into an insert."""
        return _CREATE_TABLE_AS.sub(f"insert into {self.name}", sql, count=1)


@dataclass(frozen=True)
class Seed:
    """A reference table: a CSV of ``models/seeds`` (every column text) or the causes."""

    name: str
    #: (column, SQL type) in order
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple, ...]


@functools.cache
def _environment(root: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(root),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # SQL, not HTML; values are names from our own registries
    )


def is_template(sql: str) -> bool:
    return "{{" in sql or "{%" in sql


def render_snippet(sql: str) -> str:
    """A piece of SQL written with the models' Jinja macros (``{% from "…" import … %}``), rendered
    as the models are: for the tools that apply a model's logic to rows of their own."""
    return _environment(config.SQL_DIR).from_string(sql).render()


def render(path: Path, columns_of: ColumnsOf, *, new_files_only: bool = False,
           data_cutoff: dt.datetime | None = None,
           files_read_of: FilesReadOf | None = None) -> str:
    return _render(path, columns_of, new_files_only, data_cutoff,
                   files_read_of=files_read_of).sql


def look_back_start(cutoff: dt.datetime) -> dt.datetime:
    """The earliest moment a build with ``cutoff`` reads rows of (module docstring)."""
    return cutoff - LOOKBACK


def as_of_sql(relation: str, cutoff: dt.datetime | None) -> str:
    """``relation``'s rows as known at ``cutoff`` (module docstring); all of them without one."""
    dating = {**AS_OF_COLUMNS, **DATED_MODELS}
    if relation not in dating:  # checked on every build, not only on runs with a cutoff
        raise RuntimeError(f"as_of({relation!r}): name the column that dates its rows in "
                           "runner.AS_OF_COLUMNS (staging) or runner.DATED_MODELS")
    if cutoff is None:
        return relation
    column = dating[relation]
    dated = (f"coalesce({column} < timestamp '{cutoff:%Y-%m-%d %H:%M:%S}' and {column} "
             f">= timestamp '{look_back_start(cutoff):%Y-%m-%d %H:%M:%S}', true)")
    taken = f"coalesce(file_as_of < timestamp '{cutoff + EXPORT_GRACE:%Y-%m-%d %H:%M:%S}', true)"
    return (
        f"(select * from {relation} where {dated} and ({taken} or ("
        f"not exists (select 1 from {relation} where {taken}) "
        f"and file_as_of = (select min(file_as_of) from {relation}))))"
    )


def files_read_sql(cutoff: dt.datetime | None, files_read_of: FilesReadOf | None = None) -> str:
    """The files (``file_sha256``) some staged row of which is read as known at ``cutoff``."""
    files_read_of = files_read_of or _files_read_of
    return "\nunion\n".join(files_read_of(relation, cutoff) for relation in AS_OF_COLUMNS)


@dataclass(frozen=True)
class KeyedUpdate:
    """A keyed model brought up to date by key (module docstring): its table as the build of
    ``model`` with data cutoff ``since`` left it, to be updated for the build's cutoff."""

    model: str
    #: the last build's data cutoff (None: it had none, nor has this one)
    since: dt.datetime | None

    @property
    def changed_keys_table(self) -> str:
        return changed_keys_table(self.model)


def changed_keys_name(model: str) -> str:
    """The temporary table holding the keys a keyed update of ``model`` rebuilt."""
    return "changed_keys__" + model.replace(".", "__")


def changed_keys_table(model: str) -> str:
    """:func:`changed_keys_name`, as other statements name it (temporary tables' catalog)."""
    return f"temp.main.{changed_keys_name(model)}"


@dataclass(frozen=True)
class Rendered:
    sql: str
    #: filters with ``new_files_only`` (built once per file)
    incremental: bool = False
    #: the key of a keyed model (``{% call keyed_by(key) %}``), else None
    key: str | None = None
    #: the SQL selecting the keys whose rows may have changed since the update's ``since``
    changed_keys_sql: str = ""
    #: the relations ``rows_changed`` reads (their files are recorded with each build)
    watched_relations: tuple[str, ...] = ()
    #: the keyed models whose changed keys it reads (each must have been updated by key too)
    keyed_upstream: tuple[str, ...] = ()


def _render(path: Path, columns_of: ColumnsOf, new_files_only: bool,
            data_cutoff: dt.datetime | None = None,
            keyed_update: KeyedUpdate | None = None,
            files_read_of: FilesReadOf | None = None) -> Rendered:
    """The rendered SQL, with what its Jinja said of how it may be built. ``files_read_of``:
    the SQL naming the files a relation's rows as read with a cutoff come from (a build's
    :class:`FilesReadOnce`; by default, the query itself)."""
    text = path.read_text(encoding="utf-8")
    if not is_template(text):
        return Rendered(text)
    root = config.SQL_DIR if config.SQL_DIR in path.parents else path.parent
    template = _environment(root).get_template(str(path.relative_to(root)))
    asked: list[str] = []
    keyed: list[tuple[str, str]] = []
    watched: list[str] = []
    upstream: list[str] = []

    def files_filter(target: str) -> str:
        asked.append(target)
        if not new_files_only:
            return "true"
        # the loaded files the target lacks, then their rows: a semi-join on those few files
        # lets DuckDB skip the other files' rows as it scans; `not in` the target's files read
        # every row of every kept file (0.47 s of nothing at the 19th week of 20,000 orders a
        # week). Every row a model reads is of a loaded file: raw.* joins meta.loaded_files,
        # and a retired file's typed rows are deleted (pipelines/retention.py).
        return ("file_sha256 in (select loaded.file_sha256 from meta.loaded_files as loaded "
                f"where loaded.file_sha256 not in (select distinct file_sha256 from {target}))")

    def keyed_by(key: str, caller: Callable[[], str]) -> str:
        keyed.append((key, caller()))
        return ""

    def rebuilt_keys_only(expression: str) -> str:
        if keyed_update is None:
            return "true"
        if not keyed:
            raise RuntimeError(f"{path.name}: rebuilt_keys_only() comes after the keyed_by block")
        return f"{expression} in (select {keyed[0][0]} from {keyed_update.changed_keys_table})"

    def rows_changed(relation: str, key: str, where: str = "true") -> str:
        watched.append(relation)
        return rows_changed_sql(relation, key, keyed_update, data_cutoff, where, files_read_of)

    def changed_keys(model: str) -> str:
        upstream.append(model)
        return changed_keys_table(model)

    context = {
        "raw_tables": list(RAW_TABLES),
        "signals": load_registry(config.SEEDS_DIR / REGISTRY_PATH.name),
        "columns_of": columns_of,
        "new_files_only": files_filter,
        "as_of": lambda relation: as_of_sql(relation, data_cutoff),
        "files_read": lambda: files_read_sql(data_cutoff, files_read_of),
        "keyed_by": keyed_by,
        "rebuilt_keys_only": rebuilt_keys_only,
        "rows_changed": rows_changed,
        "changed_keys": changed_keys,
    }
    sql = template.render(**context)
    if len(keyed) > 1:
        raise RuntimeError(f"{path.name}: a model is keyed by one key (one keyed_by block)")
    key, changed_keys_sql = keyed[0] if keyed else (None, "")
    return Rendered(sql, bool(asked), key, changed_keys_sql, tuple(dict.fromkeys(watched)),
                    tuple(dict.fromkeys(upstream)))


def rows_changed_sql(relation: str, key: str, update: KeyedUpdate | None,
                     cutoff: dt.datetime | None, where: str = "true",
                     files_read_of: FilesReadOf | None = None) -> str:
    """The keys of ``relation``'s rows that a build with ``cutoff`` may read and the build
    ``update`` names did not, or the other way round: the rows of the files one of them read and
    the other did not (a new week's exports, a later export a re-run of an earlier week does not
    read), and with cutoffs (of a dated relation, as ``as_of`` reads it) the rows dated between
    the two windows' starts or ends. A file's rows never change: it is known by its checksum,
    typed once. ``where``: of the rows the model reads (a model of one kind of export among the
    rows of all kinds)."""
    if update is None:
        return f"select {key} from {relation} where false"
    read_now = (files_read_of or _files_read_of)(relation, cutoff)
    read_then = (f"select file_sha256 from meta.keyed_model_files "
                 f"where model = '{update.model}' and relation = '{relation}'")
    moved = "false"
    if cutoff is not None and update.since is not None:
        column = {**AS_OF_COLUMNS, **DATED_MODELS}[relation]
        earlier, later = sorted((update.since, cutoff))
        moved = " or ".join(
            f"({column} >= timestamp '{start:%Y-%m-%d %H:%M:%S}' "
            f"and {column} < timestamp '{end:%Y-%m-%d %H:%M:%S}')"
            for start, end in ((look_back_start(earlier), look_back_start(later)),
                               (earlier, later))
        )
    # The files read by one of the two builds: each list names a file once, so they are those
    # counted once in both (`except` both ways read the relation's files twice). Taken among the
    # loaded files, which all of them are (an update runs only while every file it read still
    # is), they are a list of a few files to DuckDB, not one it estimates as long as the
    # relation: with ``where`` on the relation it then hashed the relation's rows to probe them
    # with the list (6 s for the tracking events' copies at 200,000 orders a week).
    changed_files = (f"select loaded.file_sha256 from meta.loaded_files as loaded "
                     f"where loaded.file_sha256 in (select read.file_sha256 from "
                     f"({read_then} union all {read_now}) as read "
                     f"group by read.file_sha256 having count(*) = 1)")
    return (
        f"select distinct {key} from {relation}\n"
        f"where {key} is not null and ({where}) and (\n"
        f"    file_sha256 in ({changed_files})\n"
        f"    or {moved}\n)"
    )


def _files_read_of(relation: str, cutoff: dt.datetime | None) -> str:
    """SQL: the files of the rows of ``relation`` a build with ``cutoff`` reads (as ``as_of``
    reads a dated relation); without a cutoff, every file of its rows."""
    rows = relation if cutoff is None else as_of_sql(relation, cutoff)
    return f"select distinct file_sha256 from {rows}"


class FilesReadOnce:
    """The files each relation's rows come from, as a build with a cutoff reads them, found once
    per build: a temporary table per relation and cutoff, made the first time a model asks.
    Several models ask for the same relation's files (the keys each keyed model's update may
    have changed, and what each records of its build; ``files_read()``), and each asking scanned
    the relation's rows in its window again: the tracking events' 37M at 200,000 orders a week
    for 0.5 s, four times a run (benchmarks/README.md). Sound because a build runs each model
    once, after every model it reads: a relation asked about is as the rest of the build sees
    it. Used as a context manager around a build's models: it drops its tables when they are
    built (a failed build's are dropped by its transaction's rollback, as DuckDB refuses any
    statement before it)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._tables: dict[tuple[str, dt.datetime | None], str] = {}

    def __call__(self, relation: str, cutoff: dt.datetime | None) -> str:
        table = self._tables.get((relation, cutoff))
        if table is None:
            table = f"files_read__{len(self._tables)}"
            self._con.execute(f"create or replace temp table {table} as "
                              f"{_files_read_of(relation, cutoff)}")
            self._tables[relation, cutoff] = table
        return f"select file_sha256 from temp.main.{table}"

    def __enter__(self) -> FilesReadOnce:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is None:
            for table in self._tables.values():
                self._con.execute(f"drop table if exists temp.main.{table}")
        self._tables.clear()


def _placeholder_columns(relation: str) -> list[str]:
    """What ``columns_of`` answers while the models are only being ordered (nothing is built
    yet): the tables a model reads do not depend on its columns."""
    return ["placeholder_column"]


def _read_model(path: Path, layer: str) -> Model:
    rendered = _render(path, _placeholder_columns, new_files_only=False)
    sql, incremental, keyed = rendered.sql, rendered.incremental, rendered.key is not None
    keys_sql = rendered.changed_keys_sql
    target = _TARGET.search(_COMMENT.sub("", sql))
    if target is None:
        raise RuntimeError(f"{path.name}: a model file creates one table or view by name")
    kind, schema, name = target.groups()
    if (incremental or keyed) and kind.lower() != "table":
        raise RuntimeError(f"{path.name}: only a table can be built once per file or by key")
    # a keyed model reads what its keys' SQL reads too
    references = relations_read(sql) | (relations_read(keys_sql) if keys_sql else frozenset())
    return Model(path, f"{schema}.{name}", kind.lower(), layer, references, incremental, keyed,
                 f"{sql}\n;\n{keys_sql}" if keys_sql else sql)


def relations_read(sql: str) -> frozenset[str]:
    """``schema.name`` of every table or view a DuckDB statement reads (its CTEs aside: they
    have no schema, and one may take the name of the table it reads, ``seeds.couriers``)."""
    statement = sqlglot.parse_one(sql, read="duckdb")
    return frozenset(
        f"{table.db}.{table.name}"
        for table in statement.find_all(exp.Table)
        # (temp: a keyed update's changed keys, made by the build itself)
        if table.db and table.catalog != "temp"
    )


def discover(folders: Iterable[tuple[str, Path]]) -> list[Model]:
    """The models of ``(layer, folder)`` pairs, each after the models it reads (ties by layer,
    then by name, so the order is stable)."""
    found = [
        _read_model(path, layer)
        for layer, folder in folders
        for path in sorted(folder.rglob("*.sql"))
    ]
    by_name = {model.name: model for model in found}
    if len(by_name) != len(found):
        names = [model.name for model in found]
        twice = sorted({name for name in names if names.count(name) > 1})
        raise RuntimeError(f"more than one model file creates {', '.join(twice)}")
    ordered: dict[str, Model] = {}

    def visit(model: Model, trail: tuple[str, ...]) -> None:
        if model.name in ordered:
            return
        if model.name in trail:
            raise RuntimeError(f"models read each other in a cycle: {' -> '.join(trail)}")
        for reference in sorted(model.references - {model.name}):
            if reference in by_name:
                visit(by_name[reference], (*trail, model.name))
        ordered[model.name] = model

    for model in found:
        visit(model, ())
    return list(ordered.values())


def all_folders() -> list[tuple[str, Path]]:
    """Every folder of model files: the warehouse's layers and the validation tables."""
    return [
        *((layer, config.SQL_DIR / layer) for layer in config.SQL_LAYERS),
        ("validation", config.VALIDATION_SQL_DIR),
    ]


def project_models(through: str = "marts", starting_at: str = "staging") -> list[Model]:
    """The warehouse's models, layer ``starting_at`` through ``through`` (the benchmark stops at
    staging; a run with a data cutoff builds staging first, then the rest)."""
    return discover((layer, config.SQL_DIR / layer) for layer in layers(starting_at, through))


def layers(starting_at: str, through: str) -> tuple[str, ...]:
    """The warehouse's layers ``starting_at`` through ``through``, in order."""
    return config.SQL_LAYERS[
        config.SQL_LAYERS.index(starting_at) : config.SQL_LAYERS.index(through) + 1
    ]


def used_parameters(model: Model, sql: str, params: dict) -> dict:
    """The values of the ``$name`` parameters a model uses (comments aside); every one must be
    given."""
    named = set(_PARAMETER.findall(_COMMENT.sub("", sql)))
    missing = named - set(params)
    if missing:
        raise RuntimeError(f"model {model.source} needs values for {sorted(missing)}")
    return {name: value for name, value in params.items() if name in named}


def seeds(names: Iterable[str] | None = None) -> list[Seed]:
    """Every reference table, or those of ``names`` (others read no file): the CSV files of
    ``models/seeds`` and ``seeds.causes`` from :mod:`pipelines.causes` (its order is the
    tie-break priority)."""
    import csv

    wanted = None if names is None else set(names)
    found = []
    for path in sorted(config.SEEDS_DIR.glob("*.csv")):
        if wanted is not None and path.stem not in wanted:
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        columns = tuple((column, "varchar") for column in header)
        found.append(Seed(path.stem, columns, tuple(map(tuple, rows))))
    if wanted is not None and "causes" not in wanted:
        return found
    causes_columns = ("cause", "priority", "label_zh", "label_en", "colour", "playbook_zh",
                      "playbook_en")
    found.append(
        Seed(
            "causes",
            tuple((c, "integer" if c == "priority" else "varchar") for c in causes_columns),
            tuple(
                (c.code, priority, c.label_zh, c.label_en, c.colour, c.playbook_zh, c.playbook_en)
                for priority, c in enumerate(CAUSES)
            ),
        )
    )
    return found


def load_seeds(con: duckdb.DuckDBPyConnection) -> None:
    for seed in seeds():
        columns = ", ".join(f"{name} {kind}" for name, kind in seed.columns)
        con.execute(f"create or replace table seeds.{seed.name} ({columns})")
        if seed.rows:
            # one insert of the whole table: row by row, the word reader's 3,800 took 0.8 s
            rows = pandas.DataFrame(list(seed.rows), columns=[name for name, _ in seed.columns])
            con.register("seed_rows", rows)
            try:
                con.execute(f"insert into seeds.{seed.name} select * from seed_rows")
            finally:
                con.unregister("seed_rows")


def duckdb_columns(con: duckdb.DuckDBPyConnection) -> ColumnsOf:
    return lambda relation: [row[0] for row in con.execute(f"describe {relation}").fetchall()]


def run_models(con: duckdb.DuckDBPyConnection, models: list[Model], params: dict,
               data_cutoff: dt.datetime | None = None,
               project: Iterable[Model] = ()) -> None:
    """Run models on DuckDB in the given order; parameters are bound, never formatted in.
    ``project``: every model of the warehouse, if others than ``models`` (a keyed model's
    fingerprint reads the models it follows, :func:`_lineage_fingerprint`)."""
    columns_of = duckdb_columns(con)
    updated_by_key: set[str] = set()
    by_name = {model.name: model for model in (*project, *models)}
    with FilesReadOnce(con) as files_read_of:
        for model in models:
            started = time.perf_counter()
            try:
                drop_if_kind_changed(con, model)
                if model.keyed:
                    by_key = _build_keyed(con, model, columns_of, params, data_cutoff,
                                          updated_by_key,
                                          _lineage_fingerprint(model, by_name, params),
                                          files_read_of)
                    if by_key:
                        updated_by_key.add(model.name)
                    how = "updated by key" if by_key else "built"
                else:
                    how = _build(con, model, columns_of, params, data_cutoff, files_read_of)
            except duckdb.Error as error:
                raise RuntimeError(f"model {model.source} failed: {error}") from error
            log.debug("model %s %s in %.2f s", model.source, how, time.perf_counter() - started)


def _build(con: duckdb.DuckDBPyConnection, model: Model, columns_of: ColumnsOf, params: dict,
           data_cutoff: dt.datetime | None, files_read_of: FilesReadOf) -> str:
    """Build a model that is not keyed: whole, or an incremental one by appending the rows of
    its new files when it can (module docstring). Says which."""
    sql = model.render(columns_of, data_cutoff=data_cutoff, files_read_of=files_read_of)
    fingerprint = _fingerprint(con, model, sql, params) if model.incremental else ""
    appended = model.incremental and _appendable(con, model, fingerprint)
    if appended:
        sql = model.render(columns_of, new_files_only=True)
    con.execute(sql, used_parameters(model, sql, params) or None)
    if model.incremental and not appended:
        _record_fingerprint(con, model, fingerprint)
    return "appended its new files" if appended else "built"


def _build_keyed(con: duckdb.DuckDBPyConnection, model: Model, columns_of: ColumnsOf,
                 params: dict, data_cutoff: dt.datetime | None, updated_by_key: set[str],
                 lineage: str, files_read_of: FilesReadOf) -> bool:
    """Build a keyed model: by key when its table is the one a build of the same lineage left
    (module docstring), else whole. Records what the build read; says whether it was by key."""
    # rendered without a cutoff (what a keyed update follows) for the fingerprint; the keys'
    # sources are the same with any cutoff
    plain = _render(model.path, columns_of, False)
    fingerprint = _keyed_fingerprint(con, plain.sql, lineage)
    update = _keyed_update(con, model, fingerprint, data_cutoff, plain, updated_by_key)
    rendered = _render(model.path, columns_of, False, data_cutoff, update, files_read_of)
    if update is None:
        con.execute(rendered.sql, used_parameters(model, rendered.sql, params) or None)
    else:
        key, keys_sql = rendered.key, rendered.changed_keys_sql
        con.execute(
            f"create or replace temp table {changed_keys_name(model.name)} as "
            f"select distinct changed.{key} from ({keys_sql}) as changed({key})",
            used_parameters(model, keys_sql, params) or None,
        )
        con.execute(f"delete from {model.name} where {key} in "
                    f"(select {key} from {update.changed_keys_table})")
        insert = model.appending(rendered.sql)
        con.execute(insert, used_parameters(model, insert, params) or None)
    _record_keyed_build(con, model, fingerprint, data_cutoff, plain.watched_relations,
                        files_read_of)
    return update is not None


_MACRO = re.compile(r"create\s+or\s+replace\s+macro\s+(\w+)\s*\(", re.IGNORECASE)


def _macros_called(sqls: Iterable[str]) -> dict[str, str]:
    """The statements of ``macros.sql`` that ``sqls`` call, and those these call in turn, by
    name: a change to another macro changes no row of theirs. (A macro's statement runs to the
    next one's start, the comments before that one included.)"""
    text = (config.SQL_DIR / "macros.sql").read_text(encoding="utf-8")
    starts = list(_MACRO.finditer(text))
    statements = {
        found[1]: text[found.start(): following.start() if following else len(text)]
        for found, following in zip(starts, [*starts[1:], None], strict=True)
    }
    called: dict[str, str] = {}
    reading = list(sqls)
    while reading:
        # (not in a comment: 「what the row says (not where …」 calls nothing)
        sql = _COMMENT.sub("", reading.pop())
        for name, statement in statements.items():
            if name not in called and re.search(rf"\b{name}\s*\(", sql, re.IGNORECASE):
                called[name] = statement
                reading.append(statement)
    return dict(sorted(called.items()))


def _seed_rows(references: Iterable[str]) -> dict[str, list]:
    """The rows of the seeds among ``references`` (``seeds.<name>``), by name."""
    wanted = [reference.split(".", 1)[1] for reference in references
              if reference.startswith("seeds.")]
    return {seed.name: [list(row) for row in seed.rows] for seed in seeds(wanted)}


def _lineage_fingerprint(model: Model, by_name: dict[str, Model], params: dict) -> str:
    """What a keyed model's rows depend on in the project: the definitions of the model and of
    every model it reads, directly or through others (a keyed model's keys follow rows through
    them), the macros they call, the seeds they read and the parameters they use. A release
    that changes any other model, macro or seed keeps the table (issue #15)."""
    lineage: dict[str, Model] = {}
    reading = [model.name]
    while reading:
        name = reading.pop()
        if name in lineage or name not in by_name:
            continue
        lineage[name] = by_name[name]
        reading.extend(by_name[name].references)
    definitions = {name: read.definition for name, read in sorted(lineage.items())}
    used = set().union(*(_PARAMETER.findall(_COMMENT.sub("", definition))
                         for definition in definitions.values()))
    parts = {
        "definitions": definitions,
        "macros": _macros_called(definitions.values()),
        "seeds": _seed_rows(set().union(*(read.references for read in lineage.values()))),
        "parameters": {name: str(value) for name, value in sorted(params.items())
                       if name in used},
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _keyed_fingerprint(con: duckdb.DuckDBPyConnection, plain_sql: str, lineage: str) -> str:
    """What a keyed model's rows depend on besides the rows it reads: its SQL (rendered without
    a cutoff), its lineage's (:func:`_lineage_fingerprint`), the window ``as_of`` reads (a
    kept row was read through the look-back and grace of the build that wrote it), the DuckDB
    release, and how every file was typed (the fingerprints of staging's incremental models;
    those above it follow from them and from the lineage)."""
    typing = con.execute(
        "select model, fingerprint from meta.incremental_models where model like 'staging.%' "
        "order by model").fetchall()
    parts = {
        "sql": plain_sql,
        "lineage": lineage,
        "window": [str(LOOKBACK), str(EXPORT_GRACE)],
        "duckdb": duckdb.__version__,
        "typing": typing,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _keyed_update(con: duckdb.DuckDBPyConnection, model: Model, fingerprint: str,
                  data_cutoff: dt.datetime | None, plain: Rendered,
                  updated_by_key: set[str]) -> KeyedUpdate | None:
    """How the model's table can be updated by key, or None if it must be built whole: onto a
    table a build with the same fingerprint left, with a data cutoff if this build has one and
    without if not, whose files are all still loaded, after the keyed models it follows were
    updated by key too."""
    if not set(plain.keyed_upstream) <= updated_by_key:
        return None
    recorded = con.execute(
        "select cutoff from meta.keyed_models where model = ? and fingerprint = ?",
        [model.name, fingerprint],
    ).fetchall()
    if (not recorded or (recorded[0][0] is None) != (data_cutoff is None)
            or not _table_exists(con, model.name)):
        return None
    gone = con.execute(
        "select count(*) from meta.keyed_model_files where model = ? and file_sha256 not in "
        "(select file_sha256 from meta.loaded_files)",
        [model.name],
    ).fetchall()[0][0]
    return None if gone else KeyedUpdate(model.name, recorded[0][0])


def _record_keyed_build(con: duckdb.DuckDBPyConnection, model: Model, fingerprint: str,
                        data_cutoff: dt.datetime | None,
                        watched_relations: tuple[str, ...], files_read_of: FilesReadOf) -> None:
    """Record the build's fingerprint, cutoff (None: it had none) and the files of each
    relation ``rows_changed`` read."""
    con.execute("delete from meta.keyed_models where model = ?", [model.name])
    con.execute("delete from meta.keyed_model_files where model = ?", [model.name])
    con.execute("insert into meta.keyed_models values (?, ?, ?)",
                [model.name, fingerprint, data_cutoff])
    for relation in watched_relations:
        con.execute(
            f"insert into meta.keyed_model_files select ?, ?, file_sha256 from "
            f"({files_read_of(relation, data_cutoff)})",
            [model.name, relation],
        )


def _table_exists(con: duckdb.DuckDBPyConnection, relation: str) -> bool:
    schema, name = relation.split(".")
    return bool(con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = ? and table_name = ?",
        [schema, name],
    ).fetchall()[0][0])


def _fingerprint(con: duckdb.DuckDBPyConnection, model: Model, full_sql: str,
                 params: dict) -> str:
    """What an incremental model's rows depend on besides its input files: its full-build SQL,
    the macros it calls (:func:`_macros_called`: a change to another does not type every file
    again), the parameters it binds, the DuckDB release that runs them, and the fingerprints of
    the incremental models it reads (their rows, rebuilt another way, change its own)."""
    parts = {
        "sql": full_sql,
        "macros": _macros_called([full_sql]),
        "seeds": _seed_rows(model.references),
        "parameters": {name: str(value) for name, value in
                       sorted(used_parameters(model, full_sql, params).items())},
        "duckdb": duckdb.__version__,
    }
    upstream = dict(con.execute(
        "select model, fingerprint from meta.incremental_models "
        "where model in (select unnest(?::varchar[])) order by model",
        [sorted(model.references - {model.name})],
    ).fetchall())
    if upstream:  # a model reading only raw rows keeps the fingerprint it always had
        parts["upstream"] = upstream
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _appendable(con: duckdb.DuckDBPyConnection, model: Model, fingerprint: str) -> bool:
    """Whether the model's table exists and was built by the same fingerprint, so that the rows
    of new files can be appended to it."""
    if not _table_exists(con, model.name):
        return False
    recorded = con.execute(
        "select fingerprint from meta.incremental_models where model = ?", [model.name]
    ).fetchall()
    return bool(recorded) and recorded[0][0] == fingerprint


def _record_fingerprint(con: duckdb.DuckDBPyConnection, model: Model, fingerprint: str) -> None:
    con.execute("delete from meta.incremental_models where model = ?", [model.name])
    con.execute("insert into meta.incremental_models values (?, ?)", [model.name, fingerprint])


def forget_incremental_builds(con: duckdb.DuckDBPyConnection) -> None:
    """The next build rebuilds every incremental model whole: their tables were replaced by
    another engine's (Spark keeps no history), or left behind by a build that skipped them."""
    con.execute("delete from meta.incremental_models")
    con.execute("delete from meta.keyed_models")
    con.execute("delete from meta.keyed_model_files")


def build(
    con: duckdb.DuckDBPyConnection,
    rules: Rules | None = None,
    *,
    through: str = "marts",
    starting_at: str = "staging",
    data_cutoff: dt.datetime | None = None,
) -> Rules:
    """Rebuild the models of layers ``starting_at`` through ``through`` from the layer below,
    with the staged rows known before ``data_cutoff`` if given; one transaction, so readers never
    see half. Returns the rules the models were built with."""
    rules = rules or load_rules()
    # the layers below too: a keyed model's fingerprint reads the models it follows
    project = project_models(through)
    built = layers(starting_at, through)
    models = [model for model in project if model.layer in built]
    con.execute("begin transaction")
    try:
        load_seeds(con)
        define_macros(con)
        run_models(con, models, model_parameters(rules), data_cutoff, project)
        drop_retired_models(con, models)
        started = time.perf_counter()
        con.execute("commit")
        log.debug("models %s to %s committed in %.2f s", starting_at, through,
                  time.perf_counter() - started)
    except BaseException:
        con.execute("rollback")
        raise
    return rules


#: Schemas that hold models and nothing else: a table or view there that no model file creates
#: was left by a release that had one (staging and marts also hold tables that are not models)
_MODELS_ONLY_SCHEMAS = ("intermediate",)


def drop_retired_models(con: duckdb.DuckDBPyConnection, models: list[Model]) -> None:
    """Drop what a model no longer in the project left in :data:`_MODELS_ONLY_SCHEMAS`, once
    the ``models`` of those schemas were built: an analyst would otherwise find it beside the
    live models, with the data of the last build that had it."""
    built = {model.name for model in models}
    for schema in _MODELS_ONLY_SCHEMAS:
        if not any(name.startswith(f"{schema}.") for name in built):
            continue
        for kind, name in con.execute(
            "select 'table', table_name from duckdb_tables() where database_name = "
            "current_database() and schema_name = ? union all select 'view', view_name from "
            "duckdb_views() where database_name = current_database() and schema_name = ?",
            [schema, schema],
        ).fetchall():
            if f"{schema}.{name}" not in built:
                con.execute(f"drop {kind} {schema}.{name}")
                log.debug("dropped %s.%s: no model creates it any more", schema, name)


def define_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) the shared expressions of ``macros.sql`` in the warehouse."""
    con.execute((config.SQL_DIR / "macros.sql").read_text(encoding="utf-8"))


def drop_if_kind_changed(con: duckdb.DuckDBPyConnection, model: Model) -> None:
    """A model may turn from a table into a view or back; ``create or replace`` refuses to
    replace an object of the other kind, so a warehouse built before the change drops it first."""
    drop_other_kind(con, model.name, model.kind)


def drop_other_kind(con: duckdb.DuckDBPyConnection, relation: str, kind: str) -> None:
    """Drop ``schema.name`` if it exists as the other kind than ``kind`` (table or view)."""
    schema, name = relation.split(".")
    other = "view" if kind == "table" else "table"
    found = con.execute(
        f"select count(*) from duckdb_{other}s() where database_name = current_database() "
        f"and schema_name = ? and {other}_name = ?",
        [schema, name],
    ).fetchall()
    if found[0][0]:
        con.execute(f"drop {other} {schema}.{name}")
