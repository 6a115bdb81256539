"""The `weekly` scenario of `run_benchmark.py` (issue #15): a shop's year, run as its merchant
runs it.

Every Monday the merchant puts last week's exports in a folder of their own and runs
`refusals run --input <that folder> --warehouse <the one warehouse> --out <reports>`. Here: one
shop (the same products, couriers and buyers' regions throughout) of N orders a week, one folder
per ISO week, loaded one per run, oldest first, each run in a fresh process timed by the wall
clock (and its CPU time, which the other work of a busy machine moves less) with its peak
resident memory. Printed for each run: those, the run's own split of its time (its `run.json`:
load and attribute, validate, report), the warehouse's and the reports' size, the input's size
and the refusals published; then the last run's time over the first's and the warehouse's
growth per week. `--recheck-oldest-week` then runs the oldest week the warehouse still keeps
(the first, unless `--keep-weeks` retired its exports) again, with its own folder, into the same
warehouse (reports to another folder), and compares its `refusals.csv` with the one its run
published, byte for byte.

How the weekly folders are made. The generator simulates a stretch of time at once and writes,
for each ISO week, the order export (the orders of that week and the week before, in their
state on Sunday night), the tracking export (the week's events and the three days before; the
first one carries all earlier events) and the after-sales export (applications of the last 21
days): exports overlap as real ones do, and a parcel ordered late in a week gets its tracking
the week after. Reviews, store scores and penalty bills it writes once for the whole stretch;
they are cut here into the weeks their rows are dated in (rows before the first week go with
the first week) and written back in each file's own format, so a folder holds what the merchant
would have downloaded that Monday.

The generator holds its whole stretch in memory: about 1.6 GiB and 27 s for a million orders
(0.6 GiB and 5 s for 200,000), so a year of 200,000 orders a week (10.6 M orders) would need
some 15 GiB. The year is therefore generated in blocks of at most `--block-orders` orders
(default 2 M: nine weeks at 200,000 a week; 26 weeks at 20,000 are one block), each one run of
the generator with the same shop seed (the same catalogue, ids and all), a seed of its own, and
no growth in volume (the generator's default grows it by 1% of the first day's every day,
3.7-fold over a year). The approximation, at each boundary between blocks and nowhere else: a
block's simulation starts a week before its first week (the generator's calendar), so the last
week of the block before also gets those N or so orders, loaded with the next folder; the
parcels of the block before still in transit at its end never get their last events; the
warm-up days' store scores (one row a day) are dropped, as the block before gave those days
already. A tracking number may recur between blocks by chance (11 random digits: a few dozen
parcels among 200,000 a week for a year).

Generated folders are kept in `--workdir` and reused for the same arguments; the warehouse and
reports start empty every time.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from benchmarks.measure import describe_machine, run_stage
from benchmarks.scenarios.exports import read_table, write_table
from pipelines.weeks import Week, week_of

# One generator run in a process of its own, so that its memory is measured and then freed; it
# prints the files it wrote, in the order it wrote them.
GENERATE = """
import json, sys
from datetime import date
from pathlib import Path
from pipelines.sample import generate_sample
out, orders, seed, shop_seed, weeks, end_date = sys.argv[1:]
summary = generate_sample(Path(out), orders=int(orders), seed=int(seed), weeks=int(weeks),
                          end_date=date.fromisoformat(end_date), shop_seed=int(shop_seed),
                          daily_growth=0.0)
print(json.dumps(summary.files))
"""

# The generator writes, week after week, the order, tracking and after-sales exports, then
# once for the whole stretch these kinds, whose rows are dated by the column named here.
_EXPORTS_EACH_WEEK = 3
_DATED_BY = {"reviews": "reviewed_at", "store_scores": "score_date", "penalties": "penalized_at"}
# A daily snapshot of the shop: a later block's warm-up days repeat days already exported.
_SNAPSHOT_KINDS = frozenset({"store_scores"})


def add_options(parser: argparse.ArgumentParser) -> None:
    weekly = parser.add_argument_group("the weekly scenario (--scenario weekly)")
    weekly.add_argument("--orders-per-week", type=int, default=200_000)
    weekly.add_argument("--weeks", type=int, default=52, help="weekly runs (default 52)")
    weekly.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=date(2026, 11, 22),
        help="the last week's Sunday, YYYY-MM-DD (default 2026-11-22)",
    )
    weekly.add_argument(
        "--keep-weeks", type=int, help="passed to every refusals run (default: the run's own)"
    )
    weekly.add_argument(
        "--recheck-oldest-week",
        action="store_true",
        help="after the last run, run the oldest week still kept (the first without "
        "--keep-weeks) again and compare refusals.csv",
    )
    weekly.add_argument(
        "--block-orders",
        type=int,
        default=2_000_000,
        help="most orders one generator run simulates (default 2,000,000: about 3 GiB)",
    )


@dataclass(frozen=True)
class Block:
    """One generator run: consecutive weeks of the shop, simulated from the week before."""

    weeks: tuple[Week, ...]
    seed: int
    orders: int

    @property
    def end_date(self) -> date:
        return (self.weeks[-1].end - timedelta(days=1)).date()


def plan_blocks(
    orders_per_week: int, weeks: int, end_date: date, seed: int, block_orders: int
) -> list[Block]:
    """The weeks ending with ``end_date``'s, cut into generator runs of at most
    ``block_orders`` orders (each also simulates the week before its first), oldest first; each
    run's seed is ``seed`` × 1000 + its number, and ``seed`` stays the shop's seed."""
    last = week_of(end_date)
    every_week = [last.shifted(number - weeks + 1) for number in range(weeks)]
    per_block = max(1, block_orders // orders_per_week - 1)
    blocks = []
    for number, start in enumerate(range(0, weeks, per_block)):
        chunk = tuple(every_week[start : start + per_block])
        blocks.append(Block(chunk, seed * 1000 + number, orders_per_week * (len(chunk) + 1)))
    return blocks


def weekly_folders(root: Path, blocks: list[Block], shop_seed: int) -> tuple[list[dict], bool]:
    """One folder of exports per week under ``root``, named after the week, unless ``root``
    holds a complete set already. Returns each generator run's figures, and whether the folders
    were reused."""
    done = root / "blocks.json"
    if done.exists():
        return json.loads(done.read_text()), True
    shutil.rmtree(root, ignore_errors=True)  # a set left half made by an interrupted benchmark
    generated = []
    for number, block in enumerate(blocks):
        block_dir = root / "generated" / f"block-{number + 1:02d}"
        argv = [sys.executable, "-c", GENERATE, str(block_dir), str(block.orders)]
        argv += [str(block.seed), str(shop_seed), str(len(block.weeks)), str(block.end_date)]
        figures = run_stage(f"generate block {number + 1}", argv)
        _split_into_weeks(block_dir, json.loads(figures["output"][0]), block, root, number == 0)
        generated.append(
            {
                "weeks": f"{block.weeks[0]}..{block.weeks[-1]}",
                "orders": block.orders,
                "seed": block.seed,
                "seconds": figures["seconds"],
                "peak_rss_mib": figures["peak_rss_mib"],
            }
        )
        print(
            f"generated {generated[-1]['weeks']}: {block.orders:,} orders in "
            f"{figures['seconds']} s, peak {figures['peak_rss_mib']} MiB",
            flush=True,
        )
    done.write_text(json.dumps(generated, indent=2))
    return generated, False


def _split_into_weeks(
    block_dir: Path, files: list[str], block: Block, root: Path, first_block: bool
) -> None:
    """Move each week's exports into its folder; cut the whole-stretch exports by date."""
    weekly = len(block.weeks) * _EXPORTS_EACH_WEEK
    for index, week in enumerate(block.weeks):
        folder = root / str(week)
        folder.mkdir(parents=True)
        for name in files[index * _EXPORTS_EACH_WEEK : (index + 1) * _EXPORTS_EACH_WEEK]:
            (block_dir / name).rename(folder / name)
    for name in files[weekly:]:
        table = read_table(block_dir / name)
        if table.kind not in _DATED_BY:
            raise ValueError(
                f"{name}: a {table.kind} export after the weekly ones; the generator's order of "
                "writing changed, and this benchmark must follow it"
            )
        days = [
            date.fromisoformat(table.get(row, _DATED_BY[table.kind])[:10]) for row in table.rows
        ]
        for index, week in enumerate(block.weeks):
            takes_earlier = index == 0 and (first_block or table.kind not in _SNAPSHOT_KINDS)
            start, end = week.start.date(), week.end.date()
            rows = [
                row
                for row, day in zip(table.rows, days, strict=True)
                if (takes_earlier or start <= day) and day < end
            ]
            if rows:  # nobody downloads an empty bill
                write_table(dataclasses.replace(table, path=root / str(week) / name, rows=rows))
        (block_dir / name).unlink()


def _refusals_run(
    folder: Path, week: Week, warehouse: Path, out: Path, keep: int | None
) -> list[str]:
    argv = [sys.executable, "-m", "pipelines.cli", "run", "--input", str(folder)]
    argv += ["--week", str(week), "--warehouse", str(warehouse), "--out", str(out)]
    return argv + (["--keep-weeks", str(keep)] if keep is not None else [])


def _mib(path: Path) -> float:
    files = path.rglob("*") if path.is_dir() else [path, path.with_name(path.name + ".wal")]
    return sum(file.stat().st_size for file in files if file.is_file()) / 2**20


_HEADER = (
    f"{'week':<9} {'seconds':>8} {'CPU s':>7} {'copy':>7} {'load':>7} {'checks':>7} {'risk':>7} "
    f"{'report':>7} {'files':>7} "
    f"{'peak MiB':>9} {'warehouse MiB':>14} {'reports MiB':>12} {'input MiB':>10} {'refused':>8} "
    f"{'retired':>8}"
)


def run_weeks(root: Path, weeks: list[Week], run_dir: Path, keep: int | None) -> list[dict]:
    """``refusals run`` on each week's folder in turn, into one warehouse; one line each."""
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    warehouse, reports = run_dir / "warehouse.duckdb", run_dir / "reports"
    print(_HEADER, flush=True)
    runs = []
    for week in weeks:
        result = run_stage(
            str(week), _refusals_run(root / str(week), week, warehouse, reports, keep)
        )
        published = reports / str(week)
        manifest = json.loads((published / "run.json").read_text())
        timings = manifest["timings_seconds"]
        refused = re.search(r"(\d+) refused", result["output"][0])
        run = {
            "week": str(week),
            "seconds": result["seconds"],
            "cpu_seconds": result["cpu_seconds"],
            "stage_seconds": timings,
            "peak_rss_mib": result["peak_rss_mib"],
            "warehouse_mib": round(_mib(warehouse), 1),
            "reports_mib": round(_mib(reports), 1),
            "input_mib": round(_mib(root / str(week)), 1),
            "refused": int(refused[1]) if refused else None,
            "retired_files": len(manifest.get("retired_inputs", [])),
        }
        # kept apart: --keep-weeks removes old week folders
        (run_dir / "published").mkdir(exist_ok=True)
        shutil.copyfile(published / "refusals.csv", run_dir / "published" / f"{week}.csv")
        runs.append(run)
        print(
            f"{run['week']:<9} {run['seconds']:>8.1f} {run['cpu_seconds']:>7.1f} "
            f"{timings.get('working_copy', 0):>7.1f} {timings.get('load_and_attribute', 0):>7.1f} "
            f"{timings.get('validate', 0):>7.1f} {timings.get('risk', 0):>7.1f} "
            f"{timings.get('report', 0):>7.1f} {timings.get('files', 0):>7.1f} "
            f"{run['peak_rss_mib']:>9} {run['warehouse_mib']:>14.1f} {run['reports_mib']:>12.1f} "
            f"{run['input_mib']:>10.1f} {run['refused'] or '-':>8} {run['retired_files']:>8}",
            flush=True,
        )
    return runs


def oldest_kept_week(weeks: list[Week], keep: int | None) -> Week:
    """The oldest week whose look-back the warehouse holds whole after the last run: with
    ``--keep-weeks N``, the first of the last N (older ones may read retired exports)."""
    return max(weeks[0], weeks[-1].shifted(1 - keep)) if keep else weeks[0]


def recheck_week(root: Path, week: Week, run_dir: Path, keep: int | None) -> dict:
    """Run ``week`` again, with its folder, into the same warehouse (reports elsewhere);
    compare the ``refusals.csv`` it publishes with the one its run published."""
    out = run_dir / "recheck"
    argv = _refusals_run(root / str(week), week, run_dir / "warehouse.duckdb", out, keep)
    result = run_stage(f"recheck {week}", argv)
    first_bytes = (run_dir / "published" / f"{week}.csv").read_bytes()
    again_bytes = (out / str(week) / "refusals.csv").read_bytes()
    first, again = first_bytes.splitlines(), again_bytes.splitlines()
    only_first, only_again = Counter(first) - Counter(again), Counter(again) - Counter(first)
    return {
        "week": str(week),
        "seconds": result["seconds"],
        "identical": first_bytes == again_bytes,
        "lines_first": len(first),
        "lines_again": len(again),
        "lines_only_in_first": sum(only_first.values()),
        "lines_only_in_rerun": sum(only_again.values()),
    }


def _growth(runs: list[dict]) -> dict:
    """The warehouse's growth per week over the first and the second half of the runs."""
    sizes = [run["warehouse_mib"] for run in runs]
    middle = len(sizes) // 2
    per_week = {"all": (sizes[-1] - sizes[0]) / max(1, len(sizes) - 1)}
    if middle >= 2:
        per_week["first_half"] = (sizes[middle] - sizes[0]) / middle
        per_week["second_half"] = (sizes[-1] - sizes[middle]) / (len(sizes) - 1 - middle)
    return {name: round(value, 1) for name, value in per_week.items()}


def main(args: argparse.Namespace) -> None:
    n, weeks = args.orders_per_week, args.weeks
    blocks = plan_blocks(n, weeks, args.end_date, args.seed, args.block_orders)
    per_block = len(blocks[0].weeks)
    root = args.workdir / f"weekly-{n}-seed-{args.seed}-{weeks}w-to-{args.end_date}-by-{per_block}"
    generated, reused = weekly_folders(root, blocks, shop_seed=args.seed)
    every_week = [week for block in blocks for week in block.weeks]
    print(describe_machine())
    print(
        f"input: {weeks} weekly folders of one shop, {n:,} orders a week, in {root} "
        f"({len(blocks)} generator run(s) of up to {per_block} weeks, "
        + ("reused" if reused else f"{sum(b['seconds'] for b in generated):.0f} s")
        + f", peak {max(b['peak_rss_mib'] for b in generated)} MiB); --keep-weeks "
        + (str(args.keep_weeks) if args.keep_weeks is not None else "not given"),
        flush=True,
    )
    run_dir = args.workdir / f"weekly-run-{n}x{weeks}"
    runs = run_weeks(root, every_week, run_dir, args.keep_weeks)
    summary = {
        "orders_per_week": n,
        "weeks": weeks,
        "keep_weeks": args.keep_weeks,
        "generated": generated,
        "runs": runs,
        "last_over_first": round(runs[-1]["seconds"] / runs[0]["seconds"], 2),
        "last_over_first_cpu": round(runs[-1]["cpu_seconds"] / runs[0]["cpu_seconds"], 2),
        "warehouse_mib_per_week": _growth(runs),
    }
    growth = summary["warehouse_mib_per_week"]
    print(
        f"last run / first run: {summary['last_over_first']:.2f}x by the wall clock, "
        f"{summary['last_over_first_cpu']:.2f}x in CPU time"
    )
    print(f"warehouse growth: {growth['all']} MiB a week on average", end="")
    if "first_half" in growth:
        print(f" ({growth['first_half']} over the first half of the runs, ", end="")
        print(f"{growth['second_half']} over the second)", end="")
    print()
    if args.recheck_oldest_week:
        week = oldest_kept_week(every_week, args.keep_weeks)
        recheck = recheck_week(root, week, run_dir, args.keep_weeks)
        summary["recheck"] = recheck
        print(f"recheck of {recheck['week']} after the last run ({recheck['seconds']} s): ", end="")
        if recheck["identical"]:
            print("refusals.csv byte-identical to the one its run published")
        else:
            print(
                f"refusals.csv differs from the one its run published: "
                f"{recheck['lines_only_in_first']} "
                f"of its {recheck['lines_first']} lines are gone, "
                f"{recheck['lines_only_in_rerun']} of {recheck['lines_again']} are new"
            )
    (args.workdir / f"benchmark-weekly-{n}x{weeks}.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2)
    )
