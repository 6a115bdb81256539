"""Train the word reader: a naive-Bayes model of which cause a short text speaks of, from the
characters it is written with, for the texts no wording pattern of rules.toml reads.

The patterns read the words they list, and a buyer or courier who says the same thing in other
words is read as saying nothing. Measured on phrases written apart from the rules by other hands
(`benchmarks/wording/corpus.toml`, its `late` parts), the patterns read 73-84% of them as their
cause. A model of the characters and character pairs each cause's phrases are written with
carries over to phrasings it never saw (开胶 and 脱胶, 一直没人送 and 好几天都没送到), so it reads
what the patterns miss.

It learns from the `dev` half of that corpus only (the half the patterns are grown from; the
`heldout` and `late` parts stay for scoring, `benchmarks/wording_recall.py`). A fifth class,
`none`, is what states no cause: the `generic` refusal lines and the `unstated` texts (praise,
also of a cause's topic, 物流很快; chat; a bare denial, 不是质量问题). Each `negated` phrase
counts for the cause it states, so a denied cause's words weigh for none alone. It writes
`pipelines/models/seeds/word_reader.csv`: one row per character or character pair seen at least
``MIN_COUNT`` times across the dev phrases, with its log-likelihood under each class
(Laplace-smoothed by ``ALPHA``), and a first row, gram ``<prior>``, with each class's log prior.
`intermediate/_word_reader.jinja` scores texts with it in SQL.

    .venv/bin/python benchmarks/train_word_reader.py          # rewrite the seed
    .venv/bin/python benchmarks/train_word_reader.py --check  # exit 1 if the seed is not current

The texts are compared as the `says` macro compares them: without spaces, in lower case, with
full-width punctuation folded.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a script: put the project root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines import config
from pipelines.causes import CAUSE_CODES

CORPUS = Path(__file__).with_name("wording") / "corpus.toml"
SEED = config.SEEDS_DIR / "word_reader.csv"
#: the classes: the four causes, then a text that states none
CLASSES = (*CAUSE_CODES, "none")
#: character n-grams read: single characters and pairs
GRAM_LENGTHS = (1, 2)
#: a gram counts once it is seen in this many dev phrases (rarer ones are a writer's quirks)
MIN_COUNT = 2
#: Laplace smoothing: a gram never seen with a class still has this many pseudo-sightings
ALPHA = 0.5
#: the row holding each class's log prior
PRIOR = "<prior>"
_FOLD = str.maketrans("，。：；！？（）【】　", ",.:;!?()[] ")


def normalised(text: str) -> str:
    """The text as the models compare it (`folded_text` in `pipelines/models/sql/macros.sql`):
    RE2's `\\s` is ASCII whitespace only, so a no-break space stays, as it does there."""
    return re.sub(r"[\t\n\f\r ]+", "", text.translate(_FOLD)).lower()


def grams(text: str) -> set[str]:
    """The distinct characters and character pairs of the normalised text."""
    folded = normalised(text)
    return {folded[i:i + n] for n in GRAM_LENGTHS for i in range(len(folded) - n + 1)}


def training_phrases(corpus: dict) -> list[tuple[str, str]]:
    """(phrase, class) for every dev phrase: each cause's as its cause; the generic refusal
    lines and the texts that complain of nothing (`unstated`) as `none`; and each `negated`
    phrase as the cause it states, so that a denied cause's words weigh for no class alone."""
    sections = {**{cause: cause for cause in CAUSE_CODES}, "generic": "none", "unstated": "none"}
    stated = [(phrase, label) for section, label in sections.items()
              for phrase in corpus[section]["dev"]]
    denied = [tuple(entry.rsplit("|", 1)) for entry in corpus["negated"]["dev"]]
    return stated + denied


def seed_text(phrases: list[tuple[str, str]]) -> str:
    """The seed's CSV text: log priors, then each kept gram's log-likelihood per class."""
    documents = Counter(label for _, label in phrases)
    by_class = {label: Counter() for label in CLASSES}
    for phrase, label in phrases:
        by_class[label].update(grams(phrase))
    overall = sum(by_class.values(), Counter())
    kept = sorted(gram for gram, seen in overall.items() if seen >= MIN_COUNT)
    totals = {label: sum(by_class[label][gram] for gram in kept) for label in CLASSES}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["gram", *CLASSES])
    writer.writerow([PRIOR, *(f"{math.log(documents[label] / len(phrases)):.6f}"
                              for label in CLASSES)])
    for gram in kept:
        writer.writerow([gram, *(
            f"{math.log((by_class[label][gram] + ALPHA) / (totals[label] + ALPHA * len(kept))):.6f}"
            for label in CLASSES)])
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the committed seed is not what the corpus gives")
    args = parser.parse_args()
    with CORPUS.open("rb") as handle:
        text = seed_text(training_phrases(tomllib.load(handle)))
    if args.check:
        current = SEED.read_text(encoding="utf-8") if SEED.exists() else ""
        sys.exit(0 if current == text else f"{SEED} is not current: run {Path(__file__).name}")
    SEED.write_text(text, encoding="utf-8")
    print(f"{SEED}: {text.count(chr(10)) - 2} grams")


if __name__ == "__main__":
    main()
