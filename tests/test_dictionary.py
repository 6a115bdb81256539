"""The data dictionary of the marts (pipelines/models/dictionary.toml): every mart and column of a
freshly built sample warehouse is described, the descriptions land as DuckDB comments that read
back, a dictionary naming what the marts lack stops with one sentence, and tracking codes read as
words."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import config, warehouse
from pipelines.models import dictionary
from pipelines.models.dictionary import Dictionary
from pipelines.risk import store

CJK = re.compile(r"[\u4e00-\u9fff]")


def _marts_with(*ddl: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema marts")
    for statement in ddl:
        con.execute(statement)
    return con


def _column_comments(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str | None]:
    rows = con.execute(
        "select table_name, column_name, comment from duckdb_columns() "
        "where schema_name = 'marts'"
    ).fetchall()
    return {(table, column): comment for table, column, comment in rows}


# --- the dictionary against the real marts -------------------------------------------------------


def test_every_mart_and_column_of_a_fresh_sample_warehouse_is_described(
    build_warehouse: Callable[[Path], duckdb.DuckDBPyConnection],
) -> None:
    con = build_warehouse(config.SAMPLE_DIR)
    dictionary.describe_marts(con)
    built = {name for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' "
        "union all select view_name from duckdb_views() where schema_name = 'marts'"
    ).fetchall()}
    written_by_run = {table.removeprefix("marts.") for table in (store.LIST_TABLE,
                                                                 store.WEEKLY_TABLE)}
    assert built == {path.stem for path in (config.SQL_DIR / "marts").glob("*.sql")} | (
        written_by_run), "every mart is there, so that 'all described' covers them all"
    undescribed_columns = sorted(
        f"marts.{table}.{column}" for (table, column), comment in _column_comments(con).items()
        if not comment)
    assert undescribed_columns == [], (
        "describe these columns in pipelines/models/dictionary.toml")
    undescribed_marts = con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' and comment is null "
        "union all select view_name from duckdb_views() where schema_name = 'marts' "
        "and comment is null"
    ).fetchall()
    assert undescribed_marts == []


def test_every_description_is_one_line_chinese_then_english() -> None:
    loaded = dictionary.load_dictionary()
    descriptions = {
        **{f"marts.{table}": text for table, text in loaded.tables.items()},
        **{f"marts.{table}.{column}": text for table, columns in loaded.columns.items()
           for column, text in columns.items()},
        **{f"shared {column}": text for column, text in loaded.shared_columns.items()},
    }
    malformed = {}
    for name, text in descriptions.items():
        chinese, separator, english = text.partition(" / ")
        if "\n" in text or not separator or not CJK.search(chinese) or not re.search(
                r"[A-Za-z]", english):
            malformed[name] = text
    assert malformed == {}


# --- describe_marts ------------------------------------------------------------------------------


def test_comments_read_back_exactly_quotes_and_odd_names_included() -> None:
    con = _marts_with(
        'create table marts."order" ("select" integer, "it\'s ""x""" varchar)',
        'create view marts.recent as select 1 as "select"',
    )
    described = Dictionary(
        tables={"order": "订单的“表” / the 'order' table", "recent": "视图 / a view's text"},
        columns={"order": {"it's \"x\"": "奇怪的列 / it's a column named 'it''s'"}},
        shared_columns={"select": "选择 / O'Brien's column; -- not a comment"},
    )
    dictionary.describe_marts(con, described)
    assert _column_comments(con) == {
        ("order", "select"): "选择 / O'Brien's column; -- not a comment",
        ("order", "it's \"x\""): "奇怪的列 / it's a column named 'it''s'",
        ("recent", "select"): "选择 / O'Brien's column; -- not a comment",
    }
    assert con.execute(
        "select comment from duckdb_tables() where table_name = 'order'").fetchall() == [
        ("订单的“表” / the 'order' table",)]
    assert con.execute(
        "select comment from duckdb_views() where view_name = 'recent'").fetchall() == [
        ("视图 / a view's text",)]


def test_a_marts_own_description_of_a_column_wins_over_the_shared_one() -> None:
    con = _marts_with("create table marts.refusals (cause varchar)",
                      "create table marts.signals (cause varchar)")
    dictionary.describe_marts(con, Dictionary(
        tables={},
        columns={"signals": {"cause": "信号指向的原因 / the signal's cause"}},
        shared_columns={"cause": "拒收原因 / the refusal's cause"},
    ))
    assert _column_comments(con) == {
        ("refusals", "cause"): "拒收原因 / the refusal's cause",
        ("signals", "cause"): "信号指向的原因 / the signal's cause",
    }


def test_describing_what_the_marts_lack_fails_naming_each_and_comments_nothing() -> None:
    con = _marts_with("create table marts.refusals (order_id varchar, cause varchar)")
    stale = Dictionary(
        tables={"refusals": "拒收 / refusals", "retired_mart": "旧表 / an old mart"},
        columns={"refusals": {"cause": "原因 / cause", "renamed_column": "旧列 / old"}},
        shared_columns={"order_id": "订单号 / order id", "nowhere": "无 / nowhere"},
    )
    with pytest.raises(dictionary.DictionaryError) as raised:
        dictionary.describe_marts(con, stale)
    message = str(raised.value)
    for name in ("marts.retired_mart", "marts.refusals.renamed_column", "nowhere"):
        assert name in message
    assert "marts.refusals.cause" not in message and "order_id" not in message
    assert "\n" not in message and message.endswith(".")
    assert set(_column_comments(con).values()) == {None}


# --- markdown ------------------------------------------------------------------------------------


def test_markdown_has_one_table_per_mart_in_the_warehouses_column_order(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    with warehouse.connect(path) as con:
        con.execute("create schema marts")
        con.execute("create table marts.fct_b (zeta integer, alpha varchar)")
        con.execute("create table marts.agg_a (note varchar)")
    described = Dictionary(
        tables={"fct_b": "表 B / table b"},
        columns={"fct_b": {"zeta": "先 | 后 / first | then"}},
        shared_columns={"alpha": "甲 / alpha"},
    )
    text = dictionary.markdown(path, described)
    assert text.index("### `marts.agg_a`") < text.index("### `marts.fct_b`")
    assert "| `note` | VARCHAR | （未描述） / (not described) |" in text
    assert text.index("| `zeta` | INTEGER | 先 \\| 后 / first \\| then |") < text.index(
        "| `alpha` | VARCHAR | 甲 / alpha |")
    assert "表 B / table b" in text


# --- tracking codes in words --------------------------------------------------------------------


def _events(**columns: list) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_tracking_codes_read_as_their_providers_words() -> None:
    events = _events(
        provider=["kuaidi100", "kdniao", "kuaidi100", "kuaidi100", "kdniao"],
        state_code=[14, 2, 2, 5, None],
        sub_state_code=[None, 201, 201, 5, None],
    )
    assert dictionary.label_tracking_codes(events)["state_zh"].tolist() == [
        "拒签", "到达派件城市", "超时未签收", "派件", dictionary.UNKNOWN]


def test_without_a_provider_a_code_both_providers_use_reads_as_both() -> None:
    events = _events(state_code=[14, 2, 3.0], sub_state_code=[float("nan"), 201, 301])
    labels = dictionary.label_tracking_codes(events)["state_zh"].tolist()
    assert labels[0] == "拒签", "only Kuaidi100 has state 14"
    assert set(labels[1].split("／")) == {"超时未签收", "到达派件城市"}
    assert set(labels[2].split("／")) == {"本人签收", "正常签收"}
