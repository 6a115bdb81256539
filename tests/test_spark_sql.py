"""The static check that keeps the SQL to what DuckDB and Spark agree on, and the adapter's
translations that need no Spark to verify (the parity test runs the rest on Spark)."""

from __future__ import annotations

import pytest
import sqlglot

from pipelines import config
from pipelines.engines.spark import sql as spark_sql
from pipelines.models import runner

MODELS = runner.project_models()


def test_macros_keep_to_constructs_both_engines_agree_on():
    macros = (config.SQL_DIR / "macros.sql").read_text(encoding="utf-8")
    assert spark_sql.portability_problems(macros) == []


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.name)
def test_models_keep_to_constructs_both_engines_agree_on(model):
    rendered = model.render(lambda relation: ["some_column", "another_column"])
    assert spark_sql.portability_problems(rendered) == []


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        ("select date_diff('hour', a, b) from t", "boundaries"),
        ("select datediff('minute', a, b) from t", "boundaries"),
        ("select a at time zone 'Asia/Shanghai' from t", "AT TIME ZONE"),
        ("select isodow(a) from t", "day-of-week"),
        ("select dayofweek(a) from t", "day-of-week"),
        ("select extract(dow from a) from t", "numbering"),
        ("select cast(a as timestamptz) from t", "zoned"),
        ("select now() from t", "current time"),
        ("select a / b from t", "denominator"),
        ("select a / 0 from t", "division by zero"),
        ("select string_agg(a, ',') from t", "ORDER BY"),
        ("select list(a) from t", "ORDER BY"),
        ("select regexp_replace(a, 'x', 'y') from t", "first match"),
        ("select arg_max(a, b) from t", "tied"),
        ("select strftime(a, '%u') from t", "strftime"),
        ("select * from l asof left join r on l.k = r.k and l.t > r.t", "ASOF"),
        ("select string_agg(distinct a, ',' order by a) from t", "sorted_distinct"),
    ],
)
def test_divergent_constructs_are_rejected(sql, problem):
    problems = spark_sql.portability_problems(sql)
    assert any(problem in found for found in problems), problems


@pytest.mark.parametrize(
    "sql",
    [
        "select a / nullif(b, 0) from t",
        "select a / greatest(count(*), 1) from t",
        "select a / 60.0 from t",
        "select list_sort(list(distinct a)) from t",
        "select array_length(list_distinct(list(a) filter (where b))) from t",
        "select regexp_replace(a, 'x', 'y', 'g') from t",
        "select regexp_replace(a, '^x', '') from t",
        "select arg_max(a, {'at': b, 'a': a}) from t",
        "select strftime(a, '%G-W%V') from t",
        "select minutes_between(a, b) from t",
    ],
)
def test_portable_forms_pass(sql):
    assert spark_sql.portability_problems(sql) == []


def _spark(sql: str) -> str:
    return spark_sql.to_spark(spark_sql.model_select(sql), spark_sql.load_macros())


def test_macros_are_inlined_and_parse_times_try_every_format():
    spark = _spark("select parse_china_time(ordered_at) from raw.orders")
    assert "raw__orders" in spark
    assert "TRY_TO_TIMESTAMP(ordered_at, 'yyyy-M-d H:m:s')" in spark
    assert "TRY_TO_TIMESTAMP(ordered_at, 'yyyy/M/d')" in spark


def test_back_to_back_codes_get_fixed_widths():
    assert "'yyMMdd'" in _spark("select try_strptime(left(order_id, 6), '%y%m%d') from t")


def test_re2_back_references_become_java_ones():
    spark = _spark("select repair_excel_id(tracking_no) from t")
    assert "'$1'" in spark


def test_nested_replacements_are_translated_too():
    spark = _spark("select mask_personal(description) from t")
    assert "'$1$2****$3$4'" in spark  # the innermost of three nested regexp_replace
    assert "\\1" not in spark


def test_minutes_between_counts_boundaries_like_date_diff():
    spark = _spark("select minutes_between(a, b) from t")
    assert "CAST(FLOOR(UNIX_TIMESTAMP(b) / 60) - FLOOR(UNIX_TIMESTAMP(a) / 60) AS DOUBLE)" in spark


def test_iso_week_label_is_built_from_the_iso_year_and_week():
    spark = _spark("select strftime(a, '%G-W%V') from t")
    assert "YEAROFWEEK" in spark and "WEEKOFYEAR(a)" in spark


def test_rounding_text_to_integer_cast_is_kept():
    assert "ROUND(TRY_CAST(q AS DECIMAL(38, 9)))" in _spark("select try_cast(q as integer) from t")


def test_duckdb_agrees_minutes_between_is_date_diff(tmp_path):
    """The macro replaced date_diff('minute', …): on DuckDB it must give the same numbers."""
    import duckdb

    con = duckdb.connect()
    con.execute((config.SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    rows = con.execute(
        "select minutes_between(a, b) = date_diff('minute', a, b) from (values "
        "(timestamp '2026-11-23 10:00:59', timestamp '2026-11-23 10:01:00'), "
        "(timestamp '2026-11-22 23:59:59', timestamp '2026-11-23 00:00:00'), "
        "(timestamp '2026-11-23 10:00:00', timestamp '2026-11-21 09:30:30')) as pairs(a, b)"
    ).fetchall()
    assert rows == [(True,), (True,), (True,)]


def test_a_macro_calling_a_macro_is_inlined_all_the_way():
    query = sqlglot.parse_one("select mask_personal(note) as masked from t", read="duckdb")
    spark = spark_sql.to_spark(query, spark_sql.load_macros())
    assert "mask_numbers" not in spark and "mask_personal" not in spark
    assert spark.count("REGEXP_REPLACE") == 3
