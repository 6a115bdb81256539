"""The wording corpus (`benchmarks/wording/corpus.toml`) keeps its halves apart, and the recall
benchmark scores phrases as the models read them.

The corpus measures the cause patterns on words written apart from them: its `heldout` and
`late` parts are only worth something while no entry of them also sits, whole or in part, in the
`dev` part that the patterns may be tuned on.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
import tomllib
from pathlib import Path

import duckdb
import pytest

from pipelines import config
from pipelines.causes import CAUSE_CODES
from pipelines.models import runner

if str(config.PROJECT_ROOT) not in sys.path:  # benchmarks/ is a tool folder, not installed
    sys.path.insert(0, str(config.PROJECT_ROOT))

from benchmarks import wording_recall
from benchmarks.scenarios import generator_meaning as meaning

SECTIONS = (*CAUSE_CODES, "generic", "negated", "unstated", "unstated_notes")
#: the parts each section holds: the texts that state no cause came after the `late` writers,
#: in two halves
PARTS = {**dict.fromkeys(SECTIONS, wording_recall.HALVES),
         "unstated": ("dev", "heldout", "late6"), "unstated_notes": ("dev", "heldout")}


def squeezed(text: str) -> str:
    return re.sub(r"[\s，。,.!！?？~、：:；;]", "", text.split("|")[0])


@pytest.fixture(scope="module")
def corpus() -> dict:
    return tomllib.loads(wording_recall.CORPUS.read_text(encoding="utf-8"))


def test_every_section_has_every_part_and_the_scored_ones_are_apart_from_dev(corpus: dict) -> None:
    assert sorted(corpus) == sorted(SECTIONS)
    for section in SECTIONS:
        assert sorted(corpus[section]) == sorted(PARTS[section]), section
        assert all(corpus[section].values()), section
    every = [(half, squeezed(entry)) for section in SECTIONS
             for half in PARTS[section] for entry in corpus[section][half]]
    dev = {entry for half, entry in every if half == "dev"}
    scored = {entry for half, entry in every if half != "dev"}
    assert [(d, h) for d in dev for h in scored if d in h or h in d] == []
    assert len(every) == len(dev) + len(scored), "an entry is written twice"


def test_no_entry_is_a_wording_of_the_generator(corpus: dict) -> None:
    """As for the scenario vocabulary: a text the generator writes would score the patterns on
    the wordings they and the generator were first written with."""
    generated = meaning.generator_wordings()
    assert generated, "the generator's wordings were not found"
    assert [entry for section in SECTIONS for half in PARTS[section]
            for entry in corpus[section][half] if entry.rpartition("|")[0] in generated
            or entry in generated] == []


def test_a_negated_entry_names_the_cause_it_states(corpus: dict) -> None:
    for half in wording_recall.HALVES:
        for entry in corpus["negated"][half]:
            text, _, cause = entry.rpartition("|")
            assert text and cause in CAUSE_CODES, entry


def test_phrases_are_read_by_the_models_macro_and_patterns() -> None:
    """Each cause is read by its patterns at the weight of the strongest that matched: a change
    of mind alone is reviews at its own (medium) weight, with a complaint at the complaint's."""
    con = duckdb.connect()
    runner.define_macros(con)
    weights = wording_recall.prior_weights()
    texts = ["客户拒收", "不是质量问题，是快递太慢了", "发错货了", "不想要了", "看了差评，不想要了"]
    named = wording_recall.causes_named(con, texts, weights)
    assert named == [
        {},
        {"logistics": weights["logistics"]},
        {"product_quality": weights["quality"]},
        {"reviews": weights["changed_mind"]},
        {"reviews": max(weights["review"], weights["changed_mind"])},
    ]
    assert weights["changed_mind"] < weights["review"]
    assert wording_recall.first_cause({}) is None
    assert wording_recall.first_cause({"reviews": 1.0, "product_quality": 3.0}) == "product_quality"


def test_the_report_counts_a_phrase_read_as_another_cause_as_wrong(tmp_path, capsys) -> None:
    corpus = tmp_path / "corpus.toml"
    corpus.write_text('[logistics]\ndev = ["快递太慢了", "发错货了", "转运中心卡着不发"]\n'
                      '[generic]\ndev = ["客户拒收", "收件人拒收，东西是假的"]\n', encoding="utf-8")
    assert wording_recall.main(["--corpus", str(corpus), "--misses"]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    rows = {tuple(cells[:2]): cells[2:] for cells in lines
            if cells[:1] in (["logistics"], ["generic"]) and len(cells) == 7}
    # the word reader reads what no pattern does (转运中心卡着不发), never over a pattern
    # (发错货了 stays the goods'), and reads nothing into a bare refusal
    assert rows[("logistics", "dev")] == ["3", "0.333", "0.333", "0.333", "0.667"]
    assert rows[("generic", "dev")] == ["2", "-", "0.500", "0.500", "0.500"]


def test_the_real_review_labels_are_well_formed_and_split_as_documented() -> None:
    with wording_recall.REAL_LABELS.open(encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    assert len({label["row"] for label in labels}) == len(labels) > 0
    for label in labels:
        causes = set(filter(None, label["causes"].split(";")))
        assert causes <= set(CAUSE_CODES), label
        assert label["main"] in causes or (label["main"] == "none"), label
        # the first, fourth and fifth samples are split by row parity, the second is never
        # read, the third is read
        even = int(label["row"]) % 2 == 0
        expected = {"1": "dev" if even else "heldout", "2": "fresh", "3": "dev",
                    "4": "dev" if even else "aimed", "5": "dev" if even else "aimed"}
        assert label["part"] == expected[label["sample"]], label
        assert re.fullmatch(r"[0-9a-f]{12}", label["text_sha256"]), label


def _real_dataset(tmp_path, monkeypatch, reviews: list[tuple[str, str, str]],
                  praise: tuple[str, ...] = ()) -> str:
    """A dataset file of negative `reviews` (text, main, causes) with labels for them (rows 2,
    3, …), then positive reviews (`praise`), unlabelled."""
    dataset = tmp_path / "online_shopping_10_cats.csv"
    labels = tmp_path / "real_reviews.csv"
    with dataset.open("w", encoding="utf-8", newline="") as data, \
            labels.open("w", encoding="utf-8", newline="") as marks:
        csv.writer(data).writerow(["cat", "label", "review"])
        writer = csv.writer(marks)
        writer.writerow(["row", "text_sha256", "main", "causes", "sample", "part", "stratum",
                         "labelled_by"])
        for row, (text, main, causes) in enumerate(reviews, start=2):
            csv.writer(data).writerow(["衣服", "0", text])
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
            writer.writerow([row, digest, main, causes, "1", "dev" if row % 2 == 0 else "heldout",
                             "random", "A"])
        for text in praise:
            csv.writer(data).writerow(["衣服", "1", text])
    monkeypatch.setattr(wording_recall, "REAL_LABELS", labels)
    return str(dataset)


def test_real_reviews_count_for_their_main_cause_and_a_cause_they_do_not_state_is_wrong(
        tmp_path, monkeypatch, capsys) -> None:
    dataset = _real_dataset(tmp_path, monkeypatch, [
        ("发错货了，快递也慢", "product_quality", "logistics;product_quality"),  # dev
        ("很一般吧", "none", ""),                                                # heldout
        ("快递太慢了", "product_quality", "product_quality"),                      # dev
    ], praise=["质量很好，物流也快", "物流有点慢，东西很好"])
    assert wording_recall.main(["--real", dataset]) == 0
    rows = {tuple(cells[:3]): cells[3:] for cells in
            (line.split() for line in capsys.readouterr().out.splitlines())
            if cells[:1] == ["real"]}
    # two dev texts: one read as its cause first, one read as a cause it does not state
    assert rows[("real", "product_quality", "dev")] == ["2", "0.500", "0.500", "0.500", "0.500"]
    # the word reader is not sure enough of 很一般吧 (0.69) to read a cause into it
    assert rows[("real", "none", "heldout")] == ["1", "-", "1.000", "0.000", "1.000"]
    # positive reviews, unlabelled: the share read as no cause, and as one
    assert rows[("real", "praise", "all")] == ["2", "-", "0.500", "0.500", "0.500"]


def test_another_copy_of_the_dataset_is_refused_by_row(tmp_path, monkeypatch) -> None:
    dataset = Path(_real_dataset(tmp_path, monkeypatch, [("发错货了", "product_quality",
                                                           "product_quality")]))
    dataset.write_text(dataset.read_text(encoding="utf-8").replace("发错货了", "发对货了"),
                       encoding="utf-8")
    with pytest.raises(SystemExit, match="row 2 is not the review that was labelled"):
        wording_recall.main(["--real", str(dataset)])
