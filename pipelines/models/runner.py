"""Building the models, the same way on both engines: seeds, then every model in dependency order.

A model is one SQL file under ``models/sql/<layer>/`` (sub-folders allowed) that creates one
object, named in its ``create or replace table|view <schema>.<name>`` statement. A file may use
Jinja, rendered just before it runs (dbt's way of writing one query for many tables): the context
holds ``raw_tables`` (the export kinds' tables), ``signals`` (the signal registry) and
``columns_of(relation)`` (a built relation's columns, asked of the engine). Models run in the order
of the tables they read, found by sqlglot in the rendered SQL, so adding a model never means saying
where it goes. :func:`build` runs them on DuckDB; :mod:`pipelines.engines.spark.engine` runs the
same list, transpiled.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import jinja2
import sqlglot
from sqlglot import exp

from pipelines import config
from pipelines.causes import CAUSES
from pipelines.ingest.exports import RAW_TABLES
from pipelines.models.parameters import model_parameters
from pipelines.models.rules import Rules, load_rules
from pipelines.models.signals import REGISTRY_PATH, load_registry

log = logging.getLogger("refusals")

ColumnsOf = Callable[[str], list[str]]

_TARGET = re.compile(r"create\s+or\s+replace\s+(table|view)\s+(\w+)\.(\w+)", re.IGNORECASE)
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

    @property
    def source(self) -> str:
        """The file, as a reader finds it: ``staging/stg_orders.sql``, ``validate/sql/….sql``."""
        for root in (config.SQL_DIR, config.PACKAGE_DIR):
            if root in self.path.parents:
                return str(self.path.relative_to(root))
        return self.path.name

    def render(self, columns_of: ColumnsOf) -> str:
        """The SQL to run: the file with its Jinja (if any) rendered."""
        return render(self.path, columns_of)


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


def render(path: Path, columns_of: ColumnsOf) -> str:
    text = path.read_text(encoding="utf-8")
    if not is_template(text):
        return text
    root = config.SQL_DIR if config.SQL_DIR in path.parents else path.parent
    template = _environment(root).get_template(str(path.relative_to(root)))
    context = {
        "raw_tables": list(RAW_TABLES),
        "signals": load_registry(config.SEEDS_DIR / REGISTRY_PATH.name),
        "columns_of": columns_of,
    }
    return template.render(**context)


def _placeholder_columns(relation: str) -> list[str]:
    """What ``columns_of`` answers while the models are only being ordered (nothing is built
    yet): the tables a model reads do not depend on its columns."""
    return ["placeholder_column"]


def _read_model(path: Path, layer: str) -> Model:
    sql = render(path, _placeholder_columns)
    target = _TARGET.search(_COMMENT.sub("", sql))
    if target is None:
        raise RuntimeError(f"{path.name}: a model file creates one table or view by name")
    kind, schema, name = target.groups()
    return Model(path, f"{schema}.{name}", kind.lower(), layer, relations_read(sql))


def relations_read(sql: str) -> frozenset[str]:
    """``schema.name`` of every table or view a DuckDB statement reads (its CTEs aside)."""
    statement = sqlglot.parse_one(sql, read="duckdb")
    ctes = {cte.alias_or_name for cte in statement.find_all(exp.CTE)}
    return frozenset(
        f"{table.db}.{table.name}"
        for table in statement.find_all(exp.Table)
        if table.db and table.name not in ctes
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


def project_models(through: str = "marts") -> list[Model]:
    """The warehouse's models, staging through ``through`` (the benchmark stops at staging)."""
    layers = config.SQL_LAYERS[: config.SQL_LAYERS.index(through) + 1]
    return discover((layer, config.SQL_DIR / layer) for layer in layers)


def used_parameters(model: Model, sql: str, params: dict) -> dict:
    """The values of the ``$name`` parameters a model uses (comments aside); every one must be
    given."""
    named = set(_PARAMETER.findall(_COMMENT.sub("", sql)))
    missing = named - set(params)
    if missing:
        raise RuntimeError(f"model {model.source} needs values for {sorted(missing)}")
    return {name: value for name, value in params.items() if name in named}


def seeds() -> list[Seed]:
    """Every reference table: the CSV files of ``models/seeds`` and ``seeds.causes`` from
    :mod:`pipelines.causes` (its order is the tie-break priority)."""
    import csv

    found = []
    for path in sorted(config.SEEDS_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        columns = tuple((column, "varchar") for column in header)
        found.append(Seed(path.stem, columns, tuple(map(tuple, rows))))
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
            marks = ", ".join("?" for _ in seed.columns)
            con.executemany(f"insert into seeds.{seed.name} values ({marks})", list(seed.rows))


def duckdb_columns(con: duckdb.DuckDBPyConnection) -> ColumnsOf:
    return lambda relation: [row[0] for row in con.execute(f"describe {relation}").fetchall()]


def run_models(con: duckdb.DuckDBPyConnection, models: list[Model], params: dict) -> None:
    """Run models on DuckDB in the given order; parameters are bound, never formatted in."""
    columns_of = duckdb_columns(con)
    for model in models:
        sql = model.render(columns_of)
        started = time.perf_counter()
        try:
            drop_if_kind_changed(con, model)
            con.execute(sql, used_parameters(model, sql, params) or None)
        except duckdb.Error as error:
            raise RuntimeError(f"model {model.source} failed: {error}") from error
        log.debug("model %s built in %.2f s", model.source, time.perf_counter() - started)


def build(
    con: duckdb.DuckDBPyConnection, rules: Rules | None = None, *, through: str = "marts"
) -> Rules:
    """Rebuild every model from the raw tables, up to and including layer ``through``; one
    transaction, so readers never see half. Returns the rules the models were built with."""
    rules = rules or load_rules()
    con.execute("begin transaction")
    try:
        load_seeds(con)
        define_macros(con)
        run_models(con, project_models(through), model_parameters(rules))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return rules


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
