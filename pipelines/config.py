"""Every path the pipeline uses, anchored at the project root so that cron, notebooks and tests
agree no matter which directory they start in."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = PROJECT_ROOT / "pipelines"
MODELS_DIR = PACKAGE_DIR / "models"
SQL_DIR = MODELS_DIR / "sql"
SEEDS_DIR = MODELS_DIR / "seeds"
RULES_PATH = MODELS_DIR / "rules.toml"
VALIDATION_SQL_DIR = PACKAGE_DIR / "validate" / "sql"
REPORT_SETTINGS_PATH = PACKAGE_DIR / "report" / "report.toml"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
REPORTS_DIR = PROJECT_ROOT / "reports"

#: SQL layers in build order; one folder each under ``pipelines/models/sql``.
SQL_LAYERS = ("staging", "intermediate", "marts")

#: Every warehouse timestamp is naive and means China time; this is the one place saying so.
CHINA_TZ = "Asia/Shanghai"


def default_warehouse_path() -> Path:
    """The DuckDB file: ``$REFUSALS_WAREHOUSE`` if set, else ``warehouse/refusals.duckdb``."""
    override = os.environ.get("REFUSALS_WAREHOUSE")
    return Path(override).resolve() if override else PROJECT_ROOT / "warehouse" / "refusals.duckdb"


#: DuckDB's memory budget unless ``REFUSALS_MEMORY_LIMIT`` says otherwise: past it DuckDB spills to
#: disk instead of growing (its own default, 80% of RAM, let a 1M-order build peak at 5.8 GiB).
#: DuckDB fills its buffer pool up to the budget whether or not a query needs it: a cold 1M-order
#: `attribute` took 74.3 s at 2.8 GiB peak with 3GB, 75.5 s at 1.6 GiB with this; 5M, 8% slower
#: (benchmarks/README.md).
DEFAULT_MEMORY_LIMIT = "1.5GB"


def duckdb_settings() -> dict[str, str]:
    """Connection settings; ``REFUSALS_MEMORY_LIMIT`` (``1GB``) makes DuckDB spill, not fail."""
    # No "timezone" setting: it needs DuckDB's icu extension, a run-time download. Timestamps are
    # naive China time throughout, so nothing depends on the session time zone.
    settings = {"preserve_insertion_order": "true"}
    settings["memory_limit"] = os.environ.get("REFUSALS_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT
    return settings


def china_now() -> dt.datetime:
    """The current time as a naive China-time timestamp, the warehouse's convention."""
    return dt.datetime.now(ZoneInfo(CHINA_TZ)).replace(tzinfo=None)
