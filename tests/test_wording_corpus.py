"""The wording corpus (`benchmarks/wording/corpus.toml`) keeps its halves apart, and the recall
benchmark scores phrases as the models read them.

The corpus measures the cause patterns on words written apart from them: its `heldout` and
`late` parts are only worth something while no entry of them also sits, whole or in part, in the
`dev` part that the patterns may be tuned on.
"""

from __future__ import annotations

import re
import sys
import tomllib

import duckdb
import pytest

from pipelines import config
from pipelines.causes import CAUSE_CODES
from pipelines.models import runner

if str(config.PROJECT_ROOT) not in sys.path:  # benchmarks/ is a tool folder, not installed
    sys.path.insert(0, str(config.PROJECT_ROOT))

from benchmarks import wording_recall
from benchmarks.scenarios import generator_meaning as meaning

SECTIONS = (*CAUSE_CODES, "generic", "negated")


def squeezed(text: str) -> str:
    return re.sub(r"[\s，。,.!！?？~、：:；;]", "", text.split("|")[0])


@pytest.fixture(scope="module")
def corpus() -> dict:
    return tomllib.loads(wording_recall.CORPUS.read_text(encoding="utf-8"))


def test_every_section_has_every_part_and_the_scored_ones_are_apart_from_dev(corpus: dict) -> None:
    assert sorted(corpus) == sorted(SECTIONS)
    for section in SECTIONS:
        assert all(corpus[section].get(half) for half in wording_recall.HALVES), section
    every = [(half, squeezed(entry)) for section in SECTIONS
             for half in wording_recall.HALVES for entry in corpus[section][half]]
    dev = {entry for half, entry in every if half == "dev"}
    scored = {entry for half, entry in every if half != "dev"}
    assert [(d, h) for d in dev for h in scored if d in h or h in d] == []
    assert len(every) == len(dev) + len(scored), "an entry is written twice"


def test_no_entry_is_a_wording_of_the_generator(corpus: dict) -> None:
    """As for the scenario vocabulary: a text the generator writes would score the patterns on
    the wordings they and the generator were first written with."""
    generated = meaning.generator_wordings()
    assert generated, "the generator's wordings were not found"
    assert [entry for section in SECTIONS for half in wording_recall.HALVES
            for entry in corpus[section][half] if entry.rpartition("|")[0] in generated
            or entry in generated] == []


def test_a_negated_entry_names_the_cause_it_states(corpus: dict) -> None:
    for half in wording_recall.HALVES:
        for entry in corpus["negated"][half]:
            text, _, cause = entry.rpartition("|")
            assert text and cause in CAUSE_CODES, entry


def test_phrases_are_read_by_the_models_macro_and_patterns() -> None:
    con = duckdb.connect()
    runner.define_macros(con)
    named = wording_recall.causes_named(con, ["客户拒收", "不是质量问题，是快递太慢了", "发错货了"])
    assert named == [set(), {"logistics"}, {"product_quality"}]
    weights = wording_recall.prior_weights()
    assert wording_recall.first_cause(set(), weights) is None
    first = wording_recall.first_cause({"reviews", "product_quality"}, weights)
    assert first == max(("reviews", "product_quality"), key=weights.get)


def test_the_report_counts_a_phrase_read_as_another_cause_as_wrong(tmp_path, capsys) -> None:
    corpus = tmp_path / "corpus.toml"
    corpus.write_text('[logistics]\ndev = ["快递太慢了", "发错货了"]\n'
                      '[generic]\ndev = ["客户拒收", "收件人拒收，东西是假的"]\n', encoding="utf-8")
    assert wording_recall.main(["--corpus", str(corpus), "--misses"]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    rows = {tuple(cells[:2]): cells[2:] for cells in lines
            if cells[:1] in (["logistics"], ["generic"]) and len(cells) == 6}
    assert rows[("logistics", "dev")] == ["2", "0.500", "0.500", "0.500"]
    assert rows[("generic", "dev")] == ["2", "-", "0.500", "0.500"]
