"""How often the cause patterns read the right cause from words they were not written against.

Reads `benchmarks/wording/corpus.toml` (phrases written apart from the rules, per cause, in
four parts: `dev`, which the patterns may be grown from; `heldout`, written with it and never
read by whoever tunes the patterns; `late` and `late2`, written by other hands after rules
2026.12.5 and 2026.12.10 and never grown from), matches every phrase against every cause's
pattern with the very macro the models use (`says` in `pipelines/models/sql/macros.sql`,
patterns from `rules.toml`) and prints, per cause and part:

- `found`: the share of phrases that name their cause at all;
- `first`: the share whose cause is the one the registry's prior weights put first among the
  causes the phrase names (the pipeline adds context and learned weights; this is words alone);
- `wrong`: the share that name another cause.

`generic` phrases state no cause: their row counts the ones the patterns read a cause into.
`negated` phrases deny one cause and state another (``text|cause``).

    .venv/bin/python benchmarks/wording_recall.py            # every part, figures only
    .venv/bin/python benchmarks/wording_recall.py --misses   # and the dev phrases missed

Only the `dev` phrases are ever printed: `heldout`, `late` and `late2` are for scoring. When a
rule change is motivated by one of their phrases, their figures stop meaning anything (write new
ones).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tomllib
from pathlib import Path

if __package__ in (None, ""):  # run as a script: put the project root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from pipelines import config
from pipelines.causes import CAUSE_CODES
from pipelines.models import runner
from pipelines.models.parameters import model_parameters
from pipelines.models.rules import load_rules

CORPUS = Path(__file__).with_name("wording") / "corpus.toml"
HALVES = ("dev", "heldout", "late", "late2")
#: Each cause's wording pattern in rules.toml, and the signal that carries it (signals.csv).
PATTERNS = {
    "product_quality": ("quality", "quality_wording"),
    "logistics": ("logistics", "logistics_wording"),
    "reviews": ("review", "reason_cites_reviews"),
    "rule_violation": ("violation", "reason_denies_order"),
}


def prior_weights() -> dict[str, float]:
    """Each cause's wording signal's prior weight in the registry."""
    with (config.SEEDS_DIR / "signals.csv").open(encoding="utf-8") as seeds:
        weights = {row["signal"]: float(row["prior_weight"]) for row in csv.DictReader(seeds)}
    return {cause: weights[signal] for cause, (_, signal) in PATTERNS.items()}


def causes_named(con: duckdb.DuckDBPyConnection, texts: list[str]) -> list[set[str]]:
    """The causes each text names, by the models' own macro and patterns."""
    params = model_parameters(load_rules())
    columns = ", ".join(
        f"says(text, ${prefix}_text, ${prefix}_negated) as {cause}"
        for cause, (prefix, _) in PATTERNS.items())
    named = {f"{prefix}_{part}": params[f"{prefix}_{part}"]
             for prefix, _ in PATTERNS.values() for part in ("text", "negated")}
    con.execute("create or replace temp table phrases (k integer, text varchar)")
    con.executemany("insert into phrases values (?, ?)", list(enumerate(texts)))
    rows = con.execute(f"select {columns} from phrases order by k", named).fetchall()
    return [{cause for cause, hit in zip(PATTERNS, row, strict=True) if hit} for row in rows]


def first_cause(named: set[str], weights: dict[str, float]) -> str | None:
    return max(sorted(named), key=lambda cause: weights[cause]) if named else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--misses", action="store_true",
                        help="also list the dev phrases whose cause was not read first")
    args = parser.parse_args(argv)
    corpus = tomllib.loads(args.corpus.read_text(encoding="utf-8"))
    weights = prior_weights()
    con = duckdb.connect()
    runner.define_macros(con)
    print(f"{'cause':16} {'half':8} {'phrases':>8} {'found':>7} {'first':>7} {'wrong':>7}")
    misses: list[str] = []
    for section in (*CAUSE_CODES, "negated", "generic"):
        for half in HALVES:
            entries = corpus.get(section, {}).get(half, [])
            if not entries:
                continue
            if section == "negated":
                texts, truths = zip(*(entry.rsplit("|", 1) for entry in entries), strict=True)
            else:
                texts, truths = entries, [None if section == "generic" else section] * len(entries)
            named = causes_named(con, list(texts))
            found = sum(truth in causes for truth, causes in zip(truths, named, strict=True))
            first = sum(truth == first_cause(causes, weights) if truth else not causes
                        for truth, causes in zip(truths, named, strict=True))
            wrong = sum(bool(causes - {truth}) for truth, causes in zip(truths, named, strict=True))
            total = len(entries)
            shown = "-" if section == "generic" else f"{found / total:.3f}"
            print(f"{section:16} {half:8} {total:>8} {shown:>7} {first / total:>7.3f} "
                  f"{wrong / total:>7.3f}")
            if half == "dev":
                misses += [f"{section:16} {text}  →  {sorted(causes) or '—'}"
                           for text, truth, causes in zip(texts, truths, named, strict=True)
                           if (truth != first_cause(causes, weights) if truth else causes)]
    if args.misses:
        print("\ndev phrases not read as their cause first:")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
