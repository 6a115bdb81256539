"""The pipeline's SQL on Spark: the model files transpiled from DuckDB's dialect by sqlglot, plus
the few rewrites sqlglot gets wrong for this project, and the check that keeps the model files to
constructs both engines agree on.

The model files stay the single source of truth. Where the two engines disagree on a construct
(hour differences, ISO weekdays, time zones, division by zero, unordered list aggregation, ASOF
joins), the SQL is written in a form both agree on and :func:`portability_problems` rejects the
divergent form; what remains here is spelling: DuckDB macros inlined, ``try_strptime`` with a list
of formats, RE2 back-references, the ISO-week label, DuckDB's rounding string-to-integer cast.
This module imports no PySpark, so the check runs in every test run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import exp

from pipelines import config

#: DuckDB strptime codes and the Spark datetime patterns that parse the same text. Between
#: separators Spark's single letters accept one or two digits, as DuckDB's codes do
#: (``2026-1-5 8:05:00``); codes written back to back (``%y%m%d``) need fixed widths.
_TIME_CODES = {"%Y": "yyyy", "%y": "yy", "%m": "M", "%d": "d", "%H": "H", "%M": "m", "%S": "s"}
_ADJACENT_CODES = re.compile(r"%\w%\w")

#: The one date-format the models use, an ISO week label such as ``2026-W47``; Spark has no
#: pattern letter for the ISO week-numbering year, so it is built from ``extract``.
ISO_WEEK_FORMAT = "%G-W%V"

#: Functions whose meaning differs between the engines, and what to write instead.
_DIVERGENT_FUNCTIONS = {
    exp.DateDiff: "date_diff/datediff count unit boundaries in DuckDB and elapsed units in "
    "Spark: write floor(epoch(later) / N) - floor(epoch(earlier) / N)",
    exp.TimestampDiff: "timestampdiff: write floor(epoch(later) / N) - floor(epoch(earlier) / N)",
    exp.AtTimeZone: "AT TIME ZONE converts in opposite directions on the two engines: keep "
    "timestamps naive China time",
    exp.ConvertTimezone: "time zone conversion: keep timestamps naive China time",
    exp.DayOfWeek: "day-of-week numbering differs (DuckDB 0 = Sunday, Spark 1 = Sunday)",
    exp.DayOfWeekIso: "ISO day-of-week is mistranslated to Spark: compare dates, not weekdays",
    exp.CurrentTimestamp: "the current time depends on the session time zone: pass it in",
    exp.CurrentDate: "the current date depends on the session time zone: pass it in",
}
_DIVERGENT_TYPES = {
    exp.DataType.Type.TIMESTAMPTZ: "zoned timestamps: keep timestamps naive China time",
    exp.DataType.Type.TIMESTAMPLTZ: "zoned timestamps: keep timestamps naive China time",
}
_DIVERGENT_ANONYMOUS = {
    "isodow": "ISO day-of-week",
    "dayofweek": "day-of-week numbering",
    "dow": "day-of-week numbering",
    "timezone": "time zone conversion",
    "date_sub": "date_sub with a unit counts boundaries in DuckDB",
    "list": "list() without ORDER BY has no order on Spark",
    "now": "the current time depends on the session time zone: pass it in",
    "get_current_timestamp": "the current time depends on the session time zone: pass it in",
}


@dataclass(frozen=True)
class Macro:
    name: str
    parameters: tuple[str, ...]
    body: exp.Expression


def load_macros(path: Path = config.SQL_DIR / "macros.sql") -> dict[str, Macro]:
    """The ``create macro`` definitions of ``macros.sql``, to be inlined where they are called."""
    macros = {}
    for statement in sqlglot.parse(path.read_text(encoding="utf-8"), read="duckdb"):
        if not isinstance(statement, exp.Create) or str(statement.args.get("kind")) != "MACRO":
            raise ValueError(f"{path.name}: only `create macro` statements belong here")
        signature = statement.this
        name = signature.this.name.lower()
        parameters = tuple(parameter.name for parameter in signature.expressions)
        macros[name] = Macro(name, parameters, statement.expression)
    return macros


def model_select(sql: str) -> exp.Expression:
    """The query of a model file (``create or replace table … as <query>``)."""
    statement = sqlglot.parse_one(sql, read="duckdb")
    if isinstance(statement, exp.Create):
        return statement.expression
    return statement


def view_name(table: exp.Table) -> str:
    """Spark temp views have one-part names: ``staging.stg_orders`` is ``staging__stg_orders``."""
    return f"{table.db}__{table.name}" if table.db else table.name


def portability_problems(sql: str) -> list[str]:
    """Constructs in a model (or macro) file known to give different answers on DuckDB and Spark;
    empty when the file keeps to what both agree on."""
    problems = []
    try:
        statements = sqlglot.parse(sql, read="duckdb")
    except sqlglot.ParseError as error:
        return [f"sqlglot cannot read it, so it cannot be transpiled: {error}"]
    for statement in statements:
        for node in statement.walk():
            problems.extend(_node_problems(node))
    return sorted(set(problems))


def _node_problems(node: exp.Expression) -> list[str]:
    text = node.sql(dialect="duckdb")[:60]
    for kind, why in _DIVERGENT_FUNCTIONS.items():
        if type(node) is kind:
            return [f"{text}: {why}"]
    if isinstance(node, exp.DataType) and node.this in _DIVERGENT_TYPES:
        return [f"{text}: {_DIVERGENT_TYPES[node.this]}"]
    if isinstance(node, exp.Anonymous) and node.name.lower() in _DIVERGENT_ANONYMOUS:
        return [f"{text}: {_DIVERGENT_ANONYMOUS[node.name.lower()]}"]
    if isinstance(node, exp.Extract):
        unit = node.this.name.lower() if node.this else ""
        if unit in {"dow", "isodow", "dayofweek", "weekday", "epoch"}:
            return [f"{text}: {unit} numbering or time zone handling differs between engines"]
    if isinstance(node, exp.Join) and str(node.args.get("method") or "").upper() == "ASOF":
        return [f"{text}: ASOF joins do not exist on Spark; use a window over a union"]
    if isinstance(node, exp.Div):
        return _division_problems(node, text)
    if isinstance(node, exp.ArgMax | exp.ArgMin) and not isinstance(node.expression, exp.Struct):
        return [
            f"{text}: among rows tied on the key each engine picks a different one; make the "
            "key a struct that ends with a tie-breaker ({'at': …, 'text': …})"
        ]
    if isinstance(node, exp.GroupConcat) and _is_sorted_distinct(node):
        return [
            f"{text}: write {{{{ sorted_distinct(…) }}}} (models/sql/_text.jinja): this "
            "aggregate does not spill on DuckDB, and Spark fails to plan two in one query"
        ]
    if isinstance(node, exp.ArrayAgg | exp.GroupConcat) and not _has_order(node):
        return [f"{text}: list aggregation without ORDER BY loses its order on Spark"]
    if isinstance(node, exp.RegexpReplace) and not _replaces_unambiguously(node):
        return [
            f"{text}: without the 'g' flag DuckDB replaces the first match and Spark all "
            "of them; pass 'g' or anchor the pattern"
        ]
    if isinstance(node, exp.TimeToStr) and node.args["format"].name != ISO_WEEK_FORMAT:
        return [f"{text}: only strftime(…, '{ISO_WEEK_FORMAT}') is translated to Spark"]
    return []


def _division_problems(node: exp.Div, text: str) -> list[str]:
    """DuckDB divides by zero to ±inf or NaN, Spark to NULL: a denominator must not be zero, or be
    NULL when it is (a non-zero literal, ``nullif(…)``, ``greatest(…, positive literal)``)."""
    denominator = node.expression.unnest()
    if isinstance(denominator, exp.Literal) and denominator.is_number:
        return [] if float(denominator.name) != 0 else [f"{text}: division by zero"]
    if isinstance(denominator, exp.Nullif):
        return []
    if isinstance(denominator, exp.Greatest):
        bounds = [denominator.this, *denominator.expressions]
        if any(
            isinstance(bound, exp.Literal) and bound.is_number and float(bound.name) > 0
            for bound in bounds
        ):
            return []
    return [f"{text}: a denominator that may be zero divides differently; wrap it in nullif(…, 0)"]


def _has_order(node: exp.Expression) -> bool:
    if node.find(exp.Order):
        return True
    # an unordered list that is sorted afterwards (list_sort(list_distinct(flatten(list(…)))))
    # or only counted (array_length(list_distinct(list(…))))
    parent = node.parent
    while isinstance(parent, exp.Func | exp.Distinct | exp.Filter):
        if isinstance(parent, exp.ArraySort | exp.ArraySize):
            return True
        parent = parent.parent
    return False


def _replaces_unambiguously(node: exp.RegexpReplace) -> bool:
    modifiers = node.args.get("modifiers")
    if modifiers is not None and "g" in modifiers.name:
        return True
    pattern = node.expression.name
    return pattern.startswith("^") or pattern.endswith("$")


def to_spark(query: exp.Expression, macros: dict[str, Macro]) -> str:
    """Spark SQL for one model's query; ``$name`` parameters become ``:name`` markers, bound by
    ``spark.sql(…, args=…)``."""
    query = query.copy()
    query = query.transform(lambda node: _inline_macro(node, macros))
    # Bottom-up, so that a rewritten node's arguments are rewritten too: sqlglot's transform does
    # not visit the children of a node it has replaced (a regexp_replace nested in another kept
    # DuckDB's back-references, \1, which Spark reads as the digit 1).
    for node in reversed(list(query.walk())):  # every node after all of its descendants
        rewritten = _rewrite(node)
        if rewritten is node:
            continue
        if node is query:
            query = rewritten
        else:
            node.replace(rewritten)
    return query.sql(dialect="spark")


def _inline_macro(node: exp.Expression, macros: dict[str, Macro]) -> exp.Expression:
    if not isinstance(node, exp.Anonymous) or node.name.lower() not in macros:
        return node
    macro = macros[node.name.lower()]
    if len(node.expressions) != len(macro.parameters):
        raise ValueError(f"{macro.name} takes {len(macro.parameters)} argument(s)")
    arguments = dict(zip(macro.parameters, node.expressions, strict=True))

    def substitute(inner: exp.Expression) -> exp.Expression:
        if isinstance(inner, exp.Column) and not inner.table and inner.name in arguments:
            return arguments[inner.name].copy()
        return inner

    # a macro may call another, or be given one's call: the replaced node's children are not
    # visited by the outer transform, so the inlined body is inlined in turn
    inlined = macro.body.copy().transform(substitute)
    return exp.Paren(this=inlined.transform(lambda inner: _inline_macro(inner, macros)))


_BACKREFERENCE = re.compile(r"\\(\d)")


def _rewrite(node: exp.Expression) -> exp.Expression:
    """One node in Spark's terms, where sqlglot's own translation differs in meaning."""
    if isinstance(node, exp.CTE) and node.args.get("materialized") is not None:
        # DuckDB's (NOT) MATERIALIZED hint; Spark inlines every CTE and knows no such word
        node.set("materialized", None)
        return node
    if isinstance(node, exp.Table) and node.db:
        return exp.to_table(view_name(node)).as_(node.alias or node.name, quoted=False)
    if isinstance(node, exp.Anonymous) and node.name.lower() == "try_strptime":
        return _parse_time(*node.expressions)
    if isinstance(node, exp.StrToTime) and node.args.get("safe"):
        return _parse_time(node.this, node.args["format"])
    if isinstance(node, exp.RegexpFullMatch):
        pattern = node.expression
        if not isinstance(pattern, exp.Literal):
            raise ValueError(f"{node.sql('duckdb')}: a full match needs a literal pattern")
        return exp.RegexpLike(
            this=node.this, expression=exp.Literal.string(f"^(?:{pattern.name})$")
        )
    if isinstance(node, exp.RegexpReplace):
        return _regexp_replace(node)
    if isinstance(node, exp.TimeToStr):
        return _iso_week(node.this)
    if isinstance(node, exp.TryCast) and node.to.is_type(*exp.DataType.INTEGER_TYPES):
        # DuckDB rounds '2.5' to 3 when casting text to an integer; Spark says NULL
        as_decimal = exp.TryCast(this=node.this, to=exp.DataType.build("decimal(38, 9)"), safe=True)
        return exp.TryCast(this=exp.Round(this=as_decimal), to=node.to, safe=True)
    if isinstance(node, exp.PercentileCont):
        # quantile_cont(x, q): Spark's exact, interpolating percentile is percentile(x, q)
        return exp.Anonymous(this="percentile", expressions=[node.this, node.expression])
    if isinstance(node, exp.ToDays):
        return exp.Anonymous(this="make_dt_interval", expressions=[node.this])
    if isinstance(node, exp.Anonymous) and node.name.lower() == "list_slice":
        array, start, end = node.expressions
        length = exp.Add(this=exp.Sub(this=end, expression=start), expression=exp.Literal.number(1))
        return exp.Anonymous(this="slice", expressions=[array, start, length])
    return node


def _is_sorted_distinct(node: exp.GroupConcat) -> bool:
    """``string_agg(distinct x, sep order by x)``: Spark 4.3's ``listagg(distinct …) within group``
    fails to plan (ClassCastException) when a query holds two of them."""
    order = node.this
    if not isinstance(order, exp.Order) or not isinstance(order.this, exp.Distinct):
        return False
    keys = order.expressions
    values = order.this.expressions
    return (
        len(keys) == 1
        and len(values) == 1
        and not keys[0].args.get("desc")
        and keys[0].this == values[0]
    )


def _parse_time(text: exp.Expression, formats: exp.Expression) -> exp.Expression:
    patterns = formats.expressions if isinstance(formats, exp.Array) else [formats]
    attempts = []
    for pattern in patterns:
        spark_pattern = pattern.name
        fixed_width = bool(_ADJACENT_CODES.search(spark_pattern))
        for code, letters in _TIME_CODES.items():
            width = 2 if fixed_width and len(letters) == 1 else 1
            spark_pattern = spark_pattern.replace(code, letters * width)
        if "%" in spark_pattern:
            raise ValueError(f"strptime format {pattern.name!r}: no Spark pattern for it")
        attempts.append(
            exp.Anonymous(
                this="try_to_timestamp",
                expressions=[text.copy(), exp.Literal.string(spark_pattern)],
            )
        )
    return (
        attempts[0]
        if len(attempts) == 1
        else exp.Coalesce(this=attempts[0], expressions=attempts[1:])
    )


def _regexp_replace(node: exp.RegexpReplace) -> exp.Expression:
    if not _replaces_unambiguously(node):
        raise ValueError(f"{node.sql('duckdb')}: pass the 'g' flag or anchor the pattern")
    modifiers = node.args.get("modifiers")
    flags = "".join(flag for flag in (modifiers.name if modifiers else "") if flag in "is")
    if not isinstance(node.args["replacement"], exp.Literal):
        raise ValueError(f"{node.sql('duckdb')}: the replacement must be a literal")
    replacement = node.args["replacement"].name.replace("$", "\\$")
    replacement = _BACKREFERENCE.sub(r"$\1", replacement)
    if isinstance(node.expression, exp.Literal):
        pattern = node.expression.name
        spark_pattern = exp.Literal.string(f"(?{flags}){pattern}" if flags else pattern)
    else:  # a bound parameter (a rules.toml pattern): its flags go in front at run time
        spark_pattern = node.expression.copy()
        if flags:
            spark_pattern = exp.func("concat", exp.Literal.string(f"(?{flags})"), spark_pattern)
    return exp.Anonymous(
        this="regexp_replace",
        expressions=[node.this, spark_pattern, exp.Literal.string(replacement)],
    )


def _iso_week(value: exp.Expression) -> exp.Expression:
    """``2026-W47``: ISO week-numbering year, ``-W``, two-digit ISO week."""
    year = exp.Extract(this=exp.var("YEAROFWEEK"), expression=value.copy())
    week = exp.Anonymous(
        this="lpad",
        expressions=[
            exp.cast(exp.Anonymous(this="weekofyear", expressions=[value.copy()]), "string"),
            exp.Literal.number(2),
            exp.Literal.string("0"),
        ],
    )
    return exp.Concat(expressions=[exp.cast(year, "string"), exp.Literal.string("-W"), week])
