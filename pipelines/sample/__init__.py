"""Generate a folder of realistic Pinduoduo merchant exports whose refusal causes are known.

Why this exists: the refusal pipeline can only be scored against data whose truth is known, and real
merchant exports never say why a parcel was refused. This package simulates a shop (catalog, buyers,
couriers, reviews, platform bills), decides for every order what really happened and, for a refused
parcel, which of the four causes drove it, and then writes only what a merchant would export: the
weekly order exports, courier tracking events, after-sales records, reviews, store scores and
penalty bills, in every layout, encoding and quirk of `shared/contract/INPUTS.md`. The cause is
never written into a column; it shows only through the evidence the contract's cause table
describes, with noise and conflicts. The true answer goes to `labels/labels.csv`, a subfolder
the pipeline does not read.

Same arguments give byte-identical files. Strings are assembled with Arrow compute kernels and
files are written in chunks, so a million orders (about nine million tracking events) stay fast
and bounded in memory. Above `XLSX_MAX_ORDERS` orders every file is written as CSV: a sheet holds
at most 1,048,576 rows, and real merchants export large volumes as CSV anyway.

The generator is a test-data tool, not part of a run: only `refusals sample`, benchmarks and tests
import it. Its modules, in the order the data flows:

- `vocabulary`: the words and fixed facts (catalogue, couriers, places, event and status wordings);
- `world`: the shop before anything happens (time units, profiles, calendar, random streams,
  catalogue, geography, orders and their lines);
- `fates`: what happens to each order, the true cause of a refusal and its evidence switches;
- `parcels`: every parcel's timeline, the true outcomes, and the tracking events;
- `platform_records`: after-sales records, reviews, penalty bills and store scores;
- `simulation`: runs those stages in a fixed order, each with its own random stream;
- `formats`, `views`, `writers`: how values read, how each export's columns read, and the files.

This module holds the generator's interface (`__all__`). In the other modules a leading
underscore marks a name as private to the package: the modules share such names among themselves,
code outside the package uses only what this module exports.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from pipelines.causes import CAUSE_CODES
from pipelines.sample.parcels import OUTCOMES, REFUSED
from pipelines.sample.simulation import _Shop, _simulate
from pipelines.sample.world import PROFILES, Profile, _calendar
from pipelines.sample.writers import _ExportWriter, _write_labels

__all__ = [
    "OUTCOMES",
    "PROFILES",
    "XLSX_MAX_ORDERS",
    "Profile",
    "SampleSummary",
    "add_arguments",
    "generate_sample",
    "main",
    "run",
]

XLSX_MAX_ORDERS = 50_000


@dataclass(frozen=True)
class SampleSummary:
    """What one generation wrote, for the CLI message and for benchmark scripts."""

    out_dir: Path
    orders: int
    order_rows: int
    tracking_events: int
    outcomes: tuple[tuple[str, int], ...]
    refused_by_cause: tuple[tuple[str, int], ...]
    files: tuple[str, ...]


def generate_sample(out_dir: Path, orders: int = 3000, seed: int = 7, weeks: int = 4,
                    end_date: date = date(2026, 11, 22), profile: str = "mixed",
                    shop_seed: int | None = None, daily_growth: float = 0.01) -> SampleSummary:
    """Write one folder of merchant exports plus `labels/labels.csv` with the true answers.

    `end_date` is the last day covered (a Sunday, China time); one export per ISO week of each
    weekly kind ends on it. `out_dir` must be empty or absent, so no stale file from an earlier
    run can mix into the sample. Raises ValueError on arguments the model cannot honour.

    `shop_seed` (default: `seed`) draws the shop itself: its products' and styles' ids, their
    popularity, the products with a quality problem, the best sellers. `seed` draws everything
    that happens. One `shop_seed` with other seeds and end dates gives other stretches of time
    of one shop (`benchmarks/weekly.py` makes a year of weeks so). `daily_growth` is how much
    the order volume grows each day, as a share of the first day's: 0.01 grows a four-week
    sample by a third; 0 keeps a shop steady however many weeks it covers.
    """
    if orders < 1 or weeks < 1:
        raise ValueError(f"orders and weeks must be at least 1 (got {orders} and {weeks}).")
    if profile not in PROFILES:
        raise ValueError(f"Unknown profile {profile!r}; choose one of {', '.join(PROFILES)}.")
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise ValueError(f"{out_dir} is not empty; give an empty or new folder for the sample.")
    calendar = _calendar(end_date, weeks)
    shop = _simulate(orders, seed, calendar, PROFILES[profile],
                     seed if shop_seed is None else shop_seed, daily_growth)
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = _ExportWriter(shop, out_dir, allow_xlsx=orders <= XLSX_MAX_ORDERS)
    writer.write_all()
    _write_labels(shop, out_dir / "labels" / "labels.csv")
    return _summary(shop, out_dir, writer)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the generator's options, for `refusals sample` and `python -m pipelines.sample`."""
    parser.add_argument("--out", type=Path, required=True, help="empty folder to write into")
    parser.add_argument("--orders", type=int, default=3000, help="number of orders (default 3000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--weeks", type=int, default=4, help="ISO weeks covered (default 4)")
    parser.add_argument("--end-date", type=date.fromisoformat, default=date(2026, 11, 22),
                        help="last day covered, a Sunday, YYYY-MM-DD (default 2026-11-22)")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="mixed",
                        help="cause mix and noise level (default mixed)")


def run(args: argparse.Namespace) -> int:
    """Generate from parsed arguments; a bad argument is a usage error (exit code 2)."""
    try:
        summary = generate_sample(args.out, orders=args.orders, seed=args.seed, weeks=args.weeks,
                                  end_date=args.end_date, profile=args.profile)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    causes = ", ".join(f"{cause} {count}" for cause, count in summary.refused_by_cause)
    print(f"Wrote {len(summary.files)} files for {summary.orders} orders to {summary.out_dir} "
          f"({summary.order_rows} order rows, {summary.tracking_events} tracking events; "
          f"refused by cause: {causes}); labels in {summary.out_dir / 'labels'}.")
    return 0


def main(argv: Sequence[str] | None = None, prog: str = "python -m pipelines.sample") -> int:
    """Parse the generator's options and generate; `refusals sample` passes its arguments here."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


def _summary(shop: _Shop, out_dir: Path, writer: _ExportWriter) -> SampleSummary:
    outcomes = np.bincount(shop.outcome, minlength=len(OUTCOMES))
    causes = np.bincount(shop.fates.cause[shop.outcome == REFUSED], minlength=len(CAUSE_CODES))
    return SampleSummary(
        out_dir=out_dir, orders=len(shop.outcome), order_rows=writer.order_rows,
        tracking_events=len(shop.events.at),
        outcomes=tuple(zip(OUTCOMES, outcomes.tolist(), strict=True)),
        refused_by_cause=tuple(zip(CAUSE_CODES, causes.tolist(), strict=True)),
        files=tuple(path.name for path in writer.files))
