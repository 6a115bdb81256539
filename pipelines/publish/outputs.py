"""Files other tools rely on (../shared/contract/OUTPUTS.md): written atomically, CSV as UTF-8
with BOM so that Excel shows the Chinese text."""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
from pathlib import Path

import duckdb

#: The attribution file's columns, contract columns first.
REFUSAL_COLUMNS = (
    "order_id",
    "cause",
    "confidence",
    "evidence",
    "cause_zh",
    "is_fallback",
    "refused_at",
    "refusal_week",
    "refusal_evidence_source",
    "first_attempt_at",
    "attempt_days",
    "tracking_no",
    "courier_code",
    "province",
    "product_id",
    "product_title",
    "goods_total_yuan",
    "buyer_paid_yuan",
    "rules_version",
    "inputs_present",
)


def write_csv(
    con: duckdb.DuckDBPyConnection, query: str, path: Path, params: list | None = None
) -> int:
    """Write a query's rows to ``path`` (UTF-8 with BOM, RFC 4180); returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        body = Path(scratch) / "body.csv"
        target_sql = str(body).replace("'", "''")
        copied = con.execute(
            f"copy ({query}) to '{target_sql}' (header, delimiter ',', quote '\"')", params
        ).fetchall()[0][0]
        staged = Path(scratch) / "with_bom.csv"
        with staged.open("wb") as target, body.open("rb") as source:
            target.write(codecs.BOM_UTF8)
            shutil.copyfileobj(source, target)
        os.replace(staged, path)
    return copied


def write_refusals_csv(con: duckdb.DuckDBPyConnection, path: Path, week: str | None = None) -> int:
    """``refusals.csv``: one row per refused order (of ``week`` when given)."""
    columns = ", ".join(
        "causes.label_zh as cause_zh" if column == "cause_zh" else f"refusals.{column}"
        for column in REFUSAL_COLUMNS
    )
    query = (
        f"select {columns} from marts.fct_refusals as refusals "
        "inner join seeds.causes as causes on refusals.cause = causes.cause "
        + ("where refusals.refusal_week = ? " if week else "")
        + "order by refusals.order_id"
    )
    return write_csv(con, query, path, [week] if week else None)
