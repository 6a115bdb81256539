"""The data dictionary of the marts: ``models/dictionary.toml``, one line per table and column,
Chinese first, then English.

- :func:`describe_marts` writes it into the warehouse as DuckDB comments, read back with
  ``duckdb_tables()`` / ``duckdb_views()`` / ``duckdb_columns()`` (column ``comment``). A model is
  ``create or replace``-d on every build, which drops its comments: call it after each build.
- :func:`markdown` renders it, one small table per mart, in the warehouse's column order
  (``python -m pipelines.models.dictionary [WAREHOUSE]`` prints it).
- :func:`label_tracking_codes` puts the words of ``seeds/tracking_codes.csv`` beside the tracking
  codes of ``marts.fct_refusal_events``.
"""

from __future__ import annotations

import csv
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipelines import config, warehouse
from pipelines.errors import UserFacingError

if TYPE_CHECKING:  # the build that calls describe_marts does not import pandas
    import pandas as pd

DICTIONARY_PATH = config.MODELS_DIR / "dictionary.toml"
TRACKING_CODES_PATH = config.SEEDS_DIR / "tracking_codes.csv"
SCHEMA = "marts"
#: How a missing value reads wherever an analyst sees it.
UNKNOWN = "(未知)"
NOT_DESCRIBED = "（未描述） / (not described)"


class DictionaryError(UserFacingError):
    """``dictionary.toml`` describes tables or columns the marts do not have."""


@dataclass(frozen=True)
class Dictionary:
    #: mart name → what the table is
    tables: dict[str, str]
    #: mart name → column → what it means, for the columns the mart describes itself
    columns: dict[str, dict[str, str]]
    #: column → what it means in every mart that has it and does not describe it itself
    shared_columns: dict[str, str]

    def column(self, table: str, column: str) -> str | None:
        return self.columns.get(table, {}).get(column, self.shared_columns.get(column))


@dataclass(frozen=True)
class Relation:
    kind: str  # "table" or "view": COMMENT ON needs to say which
    #: (name, type) in the relation's order
    columns: tuple[tuple[str, str], ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)


def load_dictionary(path: Path = DICTIONARY_PATH) -> Dictionary:
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    marts = document["marts"]
    return Dictionary(
        tables={name: entry["description"] for name, entry in marts.items()},
        columns={name: entry.get("columns", {}) for name, entry in marts.items()},
        shared_columns=document.get("shared_columns", {}),
    )


def mart_relations(con: duckdb.DuckDBPyConnection) -> dict[str, Relation]:
    """Every table and view of the marts, by name, with its columns."""
    rows = con.execute(
        "select columns.table_name, "
        "case when any_value(views.view_name) is null then 'table' else 'view' end, "
        "list(columns.column_name order by columns.column_index), "
        "list(columns.data_type order by columns.column_index) "
        "from duckdb_columns() as columns "
        "left join duckdb_views() as views "
        "on columns.database_name = views.database_name "
        "and columns.schema_name = views.schema_name and columns.table_name = views.view_name "
        "where columns.database_name = current_database() and columns.schema_name = ? "
        "group by columns.table_name order by columns.table_name",
        [SCHEMA],
    ).fetchall()
    return {name: Relation(kind, tuple(zip(names, types, strict=True)))
            for name, kind, names, types in rows}


def stale_entries(dictionary: Dictionary, relations: dict[str, Relation]) -> list[str]:
    """What the dictionary describes that the marts lack, named as ``marts.table.column``."""
    stale = [f"{SCHEMA}.{table}" for table in dictionary.tables if table not in relations]
    stale += [
        f"{SCHEMA}.{table}.{column}"
        for table, columns in dictionary.columns.items() if table in relations
        for column in columns if column not in relations[table].column_names
    ]
    every_column = {name for relation in relations.values() for name in relation.column_names}
    stale += [f"the shared column {column}"
              for column in dictionary.shared_columns if column not in every_column]
    return stale


def describe_marts(con: duckdb.DuckDBPyConnection, dictionary: Dictionary | None = None) -> None:
    """Comment every mart and column the dictionary describes; fail, changing nothing, when it
    describes one the marts do not have."""
    dictionary = dictionary or load_dictionary()
    relations = mart_relations(con)
    stale = stale_entries(dictionary, relations)
    if stale:
        raise DictionaryError(
            f"{DICTIONARY_PATH.name} describes {', '.join(stale)}, which the built marts do not "
            "have: rename or remove those entries to match pipelines/models/sql/marts/."
        )
    for statement in _comment_statements(dictionary, relations):
        con.execute(statement)


def _comment_statements(dictionary: Dictionary, relations: dict[str, Relation]) -> Iterator[str]:
    for table, relation in relations.items():
        name = f"{SCHEMA}.{_identifier(table)}"
        if table in dictionary.tables:
            yield f"comment on {relation.kind} {name} is {_literal(dictionary.tables[table])}"
        for column in relation.column_names:
            meaning = dictionary.column(table, column)
            if meaning is not None:
                yield f"comment on column {name}.{_identifier(column)} is {_literal(meaning)}"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    """COMMENT ON takes no bound parameters: a SQL string literal, quotes doubled."""
    return "'" + text.replace("'", "''") + "'"


def markdown(
    source: duckdb.DuckDBPyConnection | Path | str | None = None,
    dictionary: Dictionary | None = None,
) -> str:
    """The dictionary as a Markdown section: one table per mart of the warehouse (a connection,
    or the path of a warehouse file, opened read-only; the default warehouse without either)."""
    if not isinstance(source, duckdb.DuckDBPyConnection):
        with warehouse.connect(Path(source) if source else None, read_only=True) as con:
            return markdown(con, dictionary)
    dictionary = dictionary or load_dictionary()
    sections = [_mart_section(table, relation, dictionary)
                for table, relation in mart_relations(source).items()]
    return "\n".join(["## 数据字典 Data dictionary\n", *sections])


def _mart_section(table: str, relation: Relation, dictionary: Dictionary) -> str:
    rows = [
        f"| `{column}` | {data_type} | {_cell(dictionary.column(table, column) or NOT_DESCRIBED)} |"
        for column, data_type in relation.columns
    ]
    lines = [
        f"### `{SCHEMA}.{table}`\n",
        _cell(dictionary.tables.get(table, NOT_DESCRIBED)) + "\n",
        "| 列 column | 类型 type | 含义 / meaning |",
        "|---|---|---|",
        *rows,
    ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def label_tracking_codes(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` with ``state_zh``: what its tracking codes say, the detailed code's meaning where
    ``seeds/tracking_codes.csv`` lists it, else the main state's (as int_tracking_events_classified
    reads them). Kuaidi100 and Kuaidi Niao number their codes differently: with a ``provider``
    column each event reads its provider's meaning; without one, a code both use reads as both
    (疑难／在途中) rather than as a guess. An event without a listed code reads (未知)."""
    by_provider = "provider" in events.columns
    providers = events["provider"] if by_provider else [None] * len(events)
    states = _code_meanings("state", by_provider)
    sub_states = _code_meanings("sub_state", by_provider)
    labelled = events.copy()
    labelled["state_zh"] = [
        sub_states.get((provider, _code(sub_state)))
        or states.get((provider, _code(state)), UNKNOWN)
        for provider, state, sub_state in zip(
            providers, events["state_code"], events["sub_state_code"], strict=True)
    ]
    return labelled


def _code_meanings(code_kind: str, by_provider: bool) -> dict[tuple[str | None, int], str]:
    words: dict[tuple[str | None, int], dict[str, None]] = {}
    with TRACKING_CODES_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["code_kind"] == code_kind:
                key = (row["provider"] if by_provider else None, int(row["code"]))
                words.setdefault(key, {})[row["meaning_zh"]] = None
    return {key: "／".join(meanings) for key, meanings in words.items()}


def _code(value: object) -> int | None:
    """A code as DuckDB hands it to pandas: an int or a float, null as None, NaN or NA."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


if __name__ == "__main__":
    print(markdown(sys.argv[1] if len(sys.argv) > 1 else None), end="")
