"""The stages strung together: load → build (staging, signals, attribution) → outputs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines import load, outputs, transform, warehouse
from pipelines.attribute import load_rules


@dataclass(frozen=True)
class LoadSummary:
    files_loaded: int
    files_already_loaded: int
    rows_read: int
    rows_staged: int
    rows_quarantined: int
    rows_duplicate: int

    def __str__(self) -> str:
        return (f"{self.files_loaded} file(s) loaded ({self.files_already_loaded} seen before): "
                f"{self.rows_read} rows read = {self.rows_staged} staged + "
                f"{self.rows_quarantined} quarantined + {self.rows_duplicate} exact duplicates")


def load_and_build(con: duckdb.DuckDBPyConnection, input_dir: Path) -> LoadSummary:
    """Load the folder's new files into the warehouse and rebuild every model."""
    warehouse.ensure_tables(con)
    loaded = load.load_inputs(con, input_dir)
    transform.build(con, load_rules())
    totals = con.execute(
        "select coalesce(sum(rows_read), 0), coalesce(sum(rows_staged), 0), "
        "coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_duplicate), 0) "
        "from meta.file_accounting"
    ).fetchall()[0]
    fresh = sum(not file.already_loaded for file in loaded)
    return LoadSummary(fresh, len(loaded) - fresh, *totals)


def attribute_folder(input_dir: Path, output: Path, warehouse_path: Path) -> str:
    """``refusals attribute``: every refusal in the folder, one row each, to ``output``."""
    with warehouse.connect(warehouse_path) as con:
        summary = load_and_build(con, input_dir)
        refusals = outputs.write_refusals_csv(con, output)
    return f"{summary}\n{refusals} refused order(s) attributed → {output}"
