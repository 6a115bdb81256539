"""How often the cause patterns read the right cause from words they were not written against.

Reads `benchmarks/wording/corpus.toml` (phrases written apart from the rules, per cause, in
eight parts: `dev`, which the patterns may be grown from; `heldout`, written with it and never
read by whoever tunes the patterns; `late` to `late6`, written by other hands after rules
2026.12.5, 2026.12.10, 2026.12.19, 2026.12.22, 2026.12.24 and 2027.1.8 and never grown from),
matches
every phrase against every cause's pattern with the very macro the models use (`says` in
`pipelines/models/sql/macros.sql`, patterns from `rules.toml`) and prints, per cause and part:

- `found`: the share of phrases that name their cause at all;
- `first`: the share whose cause is the one the registry's prior weights put first among the
  causes the phrase names (the pipeline adds context and learned weights; this is words alone);
- `wrong`: the share that name another cause;
- `+reader`: the share read as their cause first once the word reader (rules 2027.1.5,
  `benchmarks/train_word_reader.py`) reads the phrases no pattern reads, as the attribution
  does (`int_reasons_read.sql`); for the phrases that state no cause, the share still read as
  none.

`generic` phrases (refusal lines), `unstated` ones (praise, chat, a bare denial) and
`unstated_notes` (status lines, instructions, merchants' notes; these two in `dev` and
`heldout` only) state no cause: their row counts the ones the patterns read a cause into.
`negated` phrases deny one cause and state another (``text|cause``).

    .venv/bin/python benchmarks/wording_recall.py            # every part, figures only
    .venv/bin/python benchmarks/wording_recall.py --misses   # and the dev phrases missed
    .venv/bin/python benchmarks/wording_recall.py --real online_shopping_10_cats.csv

Only the `dev` phrases are ever printed: `heldout` and the `late` parts are for scoring. When
a rule change is motivated by one of their phrases, their figures stop meaning anything (write
new ones).

`--real` scores real buyers' words as well: 1,800 negative product reviews of a public dataset
(`datasets/online_shopping_10_cats/online_shopping_10_cats.zip` in SophonPlus/ChineseNlpCorpus,
commit a0b781d72158bde242c0626c9e354d2b328865ff; unzip it and give the CSV's path). The
repository states no licence, so the texts stay out of this one: `wording/real_reviews.csv`
holds each labelled review's row in that file (the header is row 1), a hash of its text (another
copy of the file is refused), the causes labellers who never read the rules found stated in it
(`causes`; `main`, the one it mainly complains of, or `none`), its `sample` and its part. The
first sample of 600 is split into `dev` and `heldout` by row parity. The second, 600 more drawn
and labelled after rules 2026.12.14 was grown from the first's `dev`, is `fresh`: never read.
The third, 600 more, is `dev` too, for the patterns to grow from. The fourth was aimed at
the causes the patterns read least well: 600 more drawn among reviews that speak of the shop's
service, claims or prices (360) or of the delivery (240), less those already labelled; its rows
with an even number are `dev`, the others `aimed`, never read. The fifth, drawn the same way
among reviews that speak of the delivery only (its `stratum` is `delivery2`), is split alike.
Each text counts for its main cause: `found` and `first` as above, `wrong` when the patterns
name a cause the text does not state. The row `real praise` reads every positive review of
the same categories of 6-80 characters, unlabelled: `first` is the share in which the patterns
read no cause, `wrong` the share in which they read one (some praise complains in passing,
「物流有点慢，东西很好」, so even perfect patterns would not make it zero).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
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
REAL_LABELS = Path(__file__).with_name("wording") / "real_reviews.csv"
REAL_PARTS = ("dev", "heldout", "fresh", "aimed")
#: The dataset's categories of goods sent by parcel (not its hotel or book reviews), whose
#: negative reviews were sampled for labelling and whose positive ones are scored as praise.
PRAISED = ("平板", "手机", "水果", "洗发水", "热水器", "蒙牛", "衣服", "计算机")
HALVES = ("dev", "heldout", "late", "late2", "late3", "late4", "late5", "late6")
#: the corpus's sections of phrases that state no cause: refusal lines, and everything else
UNSTATED = ("generic", "unstated", "unstated_notes")
#: Each wording pattern in rules.toml, the cause it names and the signal that carries it
#: (signals.csv). A cause may have several, at different weights.
PATTERNS = (
    ("quality", "product_quality", "quality_wording"),
    ("inspection", "product_quality", "inspected_then_refused"),
    ("logistics", "logistics", "logistics_wording"),
    ("review", "reviews", "reason_cites_reviews"),
    ("changed_mind", "reviews", "reason_changed_mind"),
    ("violation", "rule_violation", "reason_denies_order"),
)


def prior_weights() -> dict[str, float]:
    """Each wording pattern's signal's prior weight in the registry, by pattern."""
    with (config.SEEDS_DIR / "signals.csv").open(encoding="utf-8") as seeds:
        weights = {row["signal"]: float(row["prior_weight"]) for row in csv.DictReader(seeds)}
    return {prefix: weights[signal] for prefix, _, signal in PATTERNS}


def causes_named(con: duckdb.DuckDBPyConnection, texts: list[str],
                 weights: dict[str, float]) -> list[dict[str, float]]:
    """The causes each text names, by the models' own macro and patterns, each with the prior
    weight of its strongest pattern that matched."""
    params = model_parameters(load_rules())
    columns = ", ".join(f"says(text, ${prefix}_text, ${prefix}_negated) as {prefix}"
                        for prefix, _, _ in PATTERNS)
    named = {f"{prefix}_{part}": params[f"{prefix}_{part}"]
             for prefix, _, _ in PATTERNS for part in ("text", "negated")}
    con.execute("create or replace temp table phrases (k integer, text varchar)")
    con.executemany("insert into phrases values (?, ?)", list(enumerate(texts)))
    rows = con.execute(f"select {columns} from phrases order by k", named).fetchall()
    causes: list[dict[str, float]] = []
    for row in rows:
        found: dict[str, float] = {}
        for (prefix, cause, _), hit in zip(PATTERNS, row, strict=True):
            if hit:
                found[cause] = max(found.get(cause, 0.0), weights[prefix])
        causes.append(found)
    return causes


def first_cause(named: dict[str, float]) -> str | None:
    return max(sorted(named), key=named.__getitem__) if named else None


def read_by_reader(con: duckdb.DuckDBPyConnection, texts: list[str]) -> list[str | None]:
    """The cause the word reader finds in each text (None below its threshold, or `none`), as
    int_reasons_read finds it for a reason no pattern reads."""
    params = model_parameters(load_rules())
    sql = runner.render_snippet(
        '{% from "intermediate/_word_reader.jinja" import word_readings %}'
        '{{ word_readings("phrases") }}')
    con.execute("create or replace temp table phrases (k integer, text varchar)")
    con.executemany("insert into phrases values (?, ?)", list(enumerate(texts)))
    found = dict(con.execute(
        f"select text, cause from ({sql}) where cause <> 'none' "
        "and probability >= $threshold", {"threshold": params["reader_min_probability"]}
    ).fetchall())
    return [found.get(text) for text in texts]


def scored(con: duckdb.DuckDBPyConnection, weights: dict[str, float], section: str,
           half: str, texts: list[str], truths: list[str | None],
           stated: list[set[str]]) -> tuple[str, list[str]]:
    """One printed row for a cause's texts of one part, and the texts not read as their cause
    first. `truths` is each text's cause (None: it states none); `stated`, every cause it states
    (naming another is `wrong`)."""
    named = causes_named(con, texts, weights)
    found = sum(truth in causes for truth, causes in zip(truths, named, strict=True))
    first = sum(truth == first_cause(causes) if truth else not causes
                for truth, causes in zip(truths, named, strict=True))
    wrong = sum(bool(causes.keys() - said) for said, causes in zip(stated, named, strict=True))
    # what the attribution reads: the patterns, and the word reader where they read nothing
    read = [first_cause(causes) or reader
            for causes, reader in zip(named, read_by_reader(con, texts), strict=True)]
    with_reader = sum(truth == cause for truth, cause in zip(truths, read, strict=True))
    total = len(texts)
    shown = "-" if truths[0] is None else f"{found / total:.3f}"
    row = (f"{section:16} {half:8} {total:>8} {shown:>7} {first / total:>7.3f} "
           f"{wrong / total:>7.3f} {with_reader / total:>7.3f}")
    missed = [f"{section:16} {text}  →  {sorted(causes) or '—'}"
              for text, truth, causes in zip(texts, truths, named, strict=True)
              if (truth != first_cause(causes) if truth else causes)]
    return row, missed


def corpus_rows(con: duckdb.DuckDBPyConnection, weights: dict[str, float],
                corpus: dict) -> tuple[list[str], list[str]]:
    """The corpus's rows, and its dev phrases not read as their cause first."""
    rows: list[str] = []
    misses: list[str] = []
    for section in (*CAUSE_CODES, "negated", *UNSTATED):
        for half in HALVES:
            entries = corpus.get(section, {}).get(half, [])
            if not entries:
                continue
            if section == "negated":
                texts, truths = zip(*(entry.rsplit("|", 1) for entry in entries), strict=True)
            else:
                texts, truths = entries, [None if section in UNSTATED else section] * len(entries)
            row, missed = scored(con, weights, section, half, list(texts), list(truths),
                                 [{truth} - {None} for truth in truths])
            rows.append(row)
            if half == "dev":
                misses += missed
    return rows, misses


def real_texts(dataset: Path) -> dict[int, tuple[str, str, str]]:
    """The dataset's reviews by row (the header is row 1): category, sentiment label (1 for a
    positive review) and text, as the labellers read it."""
    with dataset.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return {
            number: (row["cat"], row["label"], row["review"].replace("\ufeff", "").strip())
            for number, row in enumerate(reader, start=2)
        }


def real_rows(con: duckdb.DuckDBPyConnection, weights: dict[str, float],
              dataset: Path) -> tuple[list[str], list[str]]:
    """The labelled real reviews' rows per main cause and part, and the dev ones missed."""
    reviews = real_texts(dataset)
    texts = {number: text for number, (_, _, text) in reviews.items()}
    with REAL_LABELS.open(encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    for label in labels:
        text = texts.get(int(label["row"]), "")
        if hashlib.sha256(text.encode("utf-8")).hexdigest()[:12] != label["text_sha256"]:
            raise SystemExit(f"{dataset}: row {label['row']} is not the review that was "
                             "labelled; use the file of the commit named in this script's help")
    rows: list[str] = []
    misses: list[str] = []
    for section in (*CAUSE_CODES, "none"):
        for half in REAL_PARTS:
            chosen = [label for label in labels
                      if label["main"] == section and label["part"] == half]
            if not chosen:
                continue
            row, missed = scored(
                con, weights, f"real {section}", half,
                [texts[int(label["row"])] for label in chosen],
                [None if section == "none" else section] * len(chosen),
                [set(filter(None, label["causes"].split(";"))) for label in chosen])
            rows.append(row)
            if half == "dev":
                misses += missed
    praise = sorted({text for category, sentiment, text in reviews.values()
                     if sentiment == "1" and category in PRAISED and 6 <= len(text) <= 80})
    if praise:
        row, _ = scored(con, weights, "real praise", "all", praise, [None] * len(praise),
                        [set()] * len(praise))
        rows.append(row)
    return rows, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--real", type=Path, metavar="CSV",
                        help="online_shopping_10_cats.csv: also score the labelled real reviews")
    parser.add_argument("--misses", action="store_true",
                        help="also list the dev phrases whose cause was not read first")
    args = parser.parse_args(argv)
    corpus = tomllib.loads(args.corpus.read_text(encoding="utf-8"))
    weights = prior_weights()
    con = duckdb.connect()
    runner.define_macros(con)
    con.execute("create schema seeds")
    runner.load_seeds(con)
    rows, misses = corpus_rows(con, weights, corpus)
    if args.real:
        more_rows, more_misses = real_rows(con, weights, args.real)
        rows += more_rows
        misses += more_misses
    print(f"{'cause':16} {'half':8} {'phrases':>8} {'found':>7} {'first':>7} {'wrong':>7} "
          f"{'+reader':>7}")
    print("\n".join(rows))
    if args.misses:
        print("\ndev phrases not read as their cause first:")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
