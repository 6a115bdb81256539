"""Time each stage of the pipeline on generated exports, with peak memory and the I/O floor.

Each stage runs in its own process so that its peak resident memory is its own:

    floor        DuckDB count(*) over read_csv of every input file, all columns as text; read
                 twice and the faster kept, so that the page cache serves it as it serves the
                 stages after it (one read of the 1M-order files has taken 1.7 s, another 5.1 s)
    store_text   DuckDB `create table as` of every input file, all columns as text, into a fresh
                 database file: what keeping the rows in a warehouse costs before any work
    store_typed  the same with DuckDB's own type detection (timestamps and numbers typed)
    clean_cells  every cell cleaned as the contract asks (tab, ', =, ="…" and edge spaces
                 stripped; pipelines.ingest.load.clean_cell_sql) and counted, nothing kept
    stage        read and stage alone into a fresh warehouse: sniff, checksum, transcode, read,
                 clean, type, quarantine, de-duplicate (no intermediate models, no marts)
    attribute    `refusals attribute` into a fresh warehouse: read, stage, signals, attribution
    validate     every expectation suite, pushed down into that warehouse
    report       the weekly notebook executed by papermill and exported to HTML

Usage (from the project root):

    .venv/bin/python benchmarks/run_benchmark.py --orders 1000000
    REFUSALS_MEMORY_LIMIT=1GB .venv/bin/python benchmarks/run_benchmark.py --orders 1000000

Generated exports are kept in --workdir (default /tmp/refusals-bench) and reused for the same
--orders and --seed, so a second run times the pipeline, not the generator.

`--scenario weekly` is another benchmark: a shop's year of weekly folders, one `refusals run`
each into one warehouse (issue #15; `benchmarks/weekly.py`):

    .venv/bin/python benchmarks/run_benchmark.py --scenario weekly --orders-per-week 200000 \
        --weeks 52 --recheck-oldest-week
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: put the project root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import weekly
from benchmarks.measure import PROJECT_ROOT, describe_machine, run_stage

FLOOR = """
import duckdb, sys
con = duckdb.connect()
con.execute("set enable_progress_bar = false")
total = 0
for path in sys.argv[1:]:
    total += con.execute("select count(*) from read_csv(?, all_varchar=true, header=true, "
                         "null_padding=true)", [path]).fetchall()[0][0]
print(total)
"""


# The same files kept in a DuckDB file with no cleaning, typing or checks: the least any pipeline
# that keeps every row in its warehouse pays (the pipeline's own memory limit applies).
STORE = """
import duckdb, sys
from pipelines.config import duckdb_settings
con = duckdb.connect(sys.argv[1], config=duckdb_settings())
typed = sys.argv[2] == "typed"
for number, path in enumerate(sys.argv[3:]):
    con.execute(f"create table file_{number} as select * from read_csv(?, all_varchar={not typed}, "
                "header=true, null_padding=true)", [path])
con.execute("checkpoint")
print(sum(con.execute(f"select count(*) from file_{number}").fetchall()[0][0]
          for number in range(len(sys.argv) - 3)))
"""


# Every cell cleaned as the loader cleans it, counted so that no row is kept: the cleaning's own
# cost, which any pipeline reading these exports pays on top of reading them.
CLEAN_CELLS = """
import duckdb, sys
from pipelines.config import duckdb_settings
from pipelines.ingest.load import clean_cell_sql
con = duckdb.connect(config=duckdb_settings())
total = 0
for path in sys.argv[1:]:
    export = con.read_csv(path, all_varchar=True, header=True, null_padding=True)
    cells = [clean_cell_sql(chr(34) + name + chr(34)) for name in export.columns]
    counts = ", ".join(f"count({cell})" for cell in cells)
    total += export.aggregate(f"count(*), {counts}").fetchall()[0][0]
print(total)
"""


STAGE = """
import sys
from pathlib import Path
from pipelines import warehouse
from pipelines.ingest import load
from pipelines.models import runner
with warehouse.connect(Path(sys.argv[1])) as con:
    warehouse.ensure_tables(con)
    load.load_inputs(con, Path(sys.argv[2]))
    runner.build(con, through="staging")
    staged, quarantined, duplicates = con.execute(
        "select sum(rows_staged), sum(rows_quarantined), sum(rows_duplicate) "
        "from meta.file_accounting").fetchall()[0]
print(f"{staged} staged, {quarantined} quarantined, {duplicates} exact duplicates")
"""


# `refusals run` imports GX in a thread while it loads; here the import is timed apart.
VALIDATE = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from pipelines.validate import gx_duckdb
from pipelines.validate import checks
from pipelines.weeks import parse_week
gx_duckdb.import_great_expectations(without_spark=True)
imported = time.perf_counter()
outcome = checks.validate_warehouse(Path(sys.argv[1]), parse_week(sys.argv[2]))
print(f"{len(outcome.checks)} checks, {len(outcome.failures)} failed, "
      f"{len(outcome.warnings)} warnings; checks {time.perf_counter() - imported:.2f} s "
      f"after the GX import ({imported - started:.2f} s)")
"""

REPORT = """
import sys
from pathlib import Path
from pipelines.report.render import render_report
render_report(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
"""

LAST_WEEK = """
import sys, duckdb
from pathlib import Path
from pipelines.weeks import last_complete_week
from pipelines.pipeline import latest_data_at
con = duckdb.connect(sys.argv[1], read_only=True)
print(last_complete_week(latest_data_at(con)))
"""


def _generate(orders: int, seed: int, folder: Path) -> float:
    if (folder / "labels" / "labels.csv").exists():
        return 0.0
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.sample",
            "--orders",
            str(orders),
            "--seed",
            str(seed),
            "--out",
            str(folder),
        ],
        cwd=PROJECT_ROOT,
        check=True,
    )
    return round(time.perf_counter() - started, 1)


def _floor_files(folder: Path) -> list[str]:
    """The inputs as DuckDB can read them: GB18030 files get an untimed UTF-8 copy, since DuckDB
    reads GB18030 only through its encodings extension (a run-time download)."""
    from pipelines.ingest.load import sniff_encoding, transcode_to_utf8

    copies = folder / "floor-utf8"
    copies.mkdir(exist_ok=True)
    files = []
    for path in sorted(folder.glob("*.csv")):
        if sniff_encoding(path) == "utf-8":
            files.append(str(path))
            continue
        copy = copies / path.name
        if not copy.exists():
            transcode_to_utf8(path, "gb18030", copy)
        files.append(str(copy))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenario",
        choices=("stages", "weekly"),
        default="stages",
        help="stages: each stage on one folder (default); weekly: a year of weekly runs",
    )
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/refusals-bench"))
    parser.add_argument(
        "--stages",
        default="floor,store_text,store_typed,clean_cells,stage,attribute,validate,report",
    )
    weekly.add_options(parser)
    args = parser.parse_args()
    if args.scenario == "weekly":
        weekly.main(args)
        return
    stages = args.stages.split(",")

    exports = args.workdir / f"orders-{args.orders}-seed-{args.seed}"
    generated = _generate(args.orders, args.seed, exports)
    input_bytes = sum(p.stat().st_size for p in exports.iterdir() if p.is_file())
    warehouse = args.workdir / f"warehouse-{args.orders}.duckdb"
    python = sys.executable
    readable = _floor_files(exports)  # what the reference stages read
    results = []
    if "floor" in stages:
        reads = [run_stage("floor", [python, "-c", FLOOR, *readable]) for _ in range(2)]
        results.append(min(reads, key=lambda read: read["seconds"]))
    for kind in ("text", "typed"):
        if f"store_{kind}" in stages:
            stored = args.workdir / f"store-{args.orders}.duckdb"
            stored.unlink(missing_ok=True)
            argv = [python, "-c", STORE, str(stored), kind, *readable]
            results.append(run_stage(f"store_{kind}", argv))
            stored.unlink()
    if "clean_cells" in stages:
        results.append(run_stage("clean_cells", [python, "-c", CLEAN_CELLS, *readable]))
    if "stage" in stages:
        warehouse.unlink(missing_ok=True)
        results.append(run_stage("stage", [python, "-c", STAGE, str(warehouse), str(exports)]))
    if "attribute" in stages:
        warehouse.unlink(missing_ok=True)
        results.append(
            run_stage(
                "attribute",
                [
                    python,
                    "-m",
                    "pipelines.cli",
                    "attribute",
                    "--input",
                    str(exports),
                    "--output",
                    str(args.workdir / "refusals.csv"),
                    "--warehouse",
                    str(warehouse),
                ],
            )
        )
    week = "-"
    if {"validate", "report"} & set(stages):  # they need the warehouse the attribute stage built
        week = subprocess.run(
            [python, "-c", LAST_WEEK, str(warehouse)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    if "validate" in stages:
        results.append(run_stage("validate", [python, "-c", VALIDATE, str(warehouse), week]))
    if "report" in stages:
        results.append(
            run_stage(
                "report", [python, "-c", REPORT, str(warehouse), week, str(args.workdir / "report")]
            )
        )

    floor = next((r for r in results if r["stage"] == "floor"), None)
    input_rows = int(floor["output"][0]) if floor else None  # the floor counts the input rows
    print(describe_machine())
    print(
        f"input: {args.orders:,} orders, {input_rows or 0:,} rows, {input_bytes / 2**20:,.0f} MiB "
        f"in {exports} (generated in {generated}s; 0 = reused); week {week}"
    )
    print(
        f"{'stage':<12} {'seconds':>8} {'x floor':>8} {'rows/s':>11} {'orders/s':>10} "
        f"{'peak MiB':>9}  output"
    )
    for result in results:
        seconds = result["seconds"]
        ratio = f"{seconds / floor['seconds']:.1f}" if floor else "-"
        rows_rate = f"{input_rows / seconds:,.0f}" if input_rows else "-"
        print(
            f"{result['stage']:<12} {seconds:>8} {ratio:>8} {rows_rate:>11} "
            f"{args.orders / seconds:>10,.0f} {result['peak_rss_mib']:>9}  "
            f"{result['output'][0][:60]}"
        )
    (args.workdir / f"benchmark-{args.orders}.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2)
    )


if __name__ == "__main__":
    main()
