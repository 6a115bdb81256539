"""Writes a world's drops: every file PLAN lists, built as the back office stood at its drop."""

from __future__ import annotations

from pathlib import Path

from .feedback_export import after_sales_rows, penalty_rows, review_rows, store_score_rows
from .files import write_csv, write_xlsx
from .order_export import order_rows
from .plan import PLAN
from .records import World
from .tracking_export import tracking_rows
from .vocab import vocab

BUILDERS = {
    "orders": order_rows,
    "kd100": tracking_rows,
    "kdn": tracking_rows,
    "after_sales": after_sales_rows,
    "reviews": review_rows,
    "store_scores": store_score_rows,
    "compensation": penalty_rows,
    "violations": penalty_rows,
}


def write_exports(world: World, folder: Path) -> tuple[dict[str, int], set[str]]:
    """Writes every planned file; returns rows per file and every order id the files mention."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    mentioned: set[str] = set()
    for spec in PLAN:
        header, rows, ids = BUILDERS[spec.kind](world, spec)
        mentioned.update(ids)
        path = folder / spec.name
        if spec.fmt == "xlsx":
            write_xlsx(
                path, header, rows, vocab()["sheets"][spec.kind], f"{spec.at:%Y-%m-%dT%H:%M:%SZ}"
            )
        else:
            write_csv(path, header, rows, spec.encoding, quote_all=spec.kind == "after_sales")
        written[spec.name] = len(rows)
    return written, mentioned
