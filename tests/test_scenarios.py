"""The scenario families of `benchmarks/scenarios/` do what they say, on a small generated folder.

The original wordings are recognised through the generator's own templates and tables
(`generator_meaning`), the new ones through `vocabulary.toml`, so each check can fail: a
rewording step that skipped a kind of text, wrote the other half of the vocabulary, chose by
row instead of by order, or touched the labels, shows here. The pipeline itself is not run (the
benchmark does that).
"""

from __future__ import annotations

import re
import shutil
import sys
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from random import Random

import pytest

from pipelines import config
from pipelines.sample import PROFILES, generate_sample

if str(config.PROJECT_ROOT) not in sys.path:  # benchmarks/ is a tool folder, not installed
    sys.path.insert(0, str(config.PROJECT_ROOT))

from benchmarks.scenarios import FAMILIES, FAMILIES_BY_NAME, build, transforms, vocabulary
from benchmarks.scenarios import generator_meaning as meaning
from benchmarks.scenarios.exports import (
    TRACKING_KINDS,
    ExportTable,
    clean_id,
    read_folder,
    read_table,
    write_table,
)
from benchmarks.scenarios.families import LABELS
from benchmarks.scenarios.transforms import BOOST_TAG, Folder
from benchmarks.scenarios.vocabulary import load_lists
from pipelines.causes import CAUSE_CODES
from pipelines.evaluate import read_labels

ORDERS = 500
SEED = 5
CAUSE_KINDS = ("refusal_reason", "after_sales_reason", "review", "buyer_message", "penalty_note")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scenarios") / "base"
    generate_sample(out, orders=ORDERS, seed=SEED)
    return out


@pytest.fixture(scope="module")
def built(base: Path, tmp_path_factory: pytest.TempPathFactory):
    folders: dict[tuple[str, int], Path] = {}

    def family_folder(name: str, seed: int = SEED) -> Path:
        if (name, seed) not in folders:
            out = tmp_path_factory.mktemp("family") / name
            folders[name, seed] = build(FAMILIES_BY_NAME[name], base, out, seed)
        return folders[name, seed]

    return family_folder


@cache
def exports_of(folder: Path) -> tuple[ExportTable, ...]:
    """A built folder's tables, read once (tests only read them)."""
    return tuple(read_folder(folder))


def tables_of(folder: Path, *kinds: str) -> list[ExportTable]:
    return [table for table in exports_of(folder) if table.kind in kinds]


def column(folder: Path, kinds: tuple[str, ...], name: str) -> list[str]:
    return [table.get(row, name) for table in tables_of(folder, *kinds) for row in table.rows]


def cause_phrases(split: str) -> dict[str, str]:
    """Every cause-carrying phrase of one half -> its cause."""
    return {phrase: trail[1] for trail, halves in load_lists().items()
            if trail[0] == "causes" and trail[2] in CAUSE_KINDS for phrase in halves[split]}


def test_the_vocabulary_halves_are_apart_and_written_apart() -> None:
    lists = load_lists()
    generated = meaning.generator_wordings()
    assert generated, "the generator's wordings were not found"
    every = [(trail, split, entry) for trail, halves in lists.items()
             for split, entries in halves.items() for entry in entries]
    for trail, halves in lists.items():
        assert halves["dev"] and halves["heldout"], f"{trail}: a half is empty"
    for cause in CAUSE_CODES:
        assert ("causes", cause, "refusal_reason") in lists, f"{cause} has no refusal reasons"
    dev = [squeezed(entry) for _, split, entry in every if split == "dev"]
    heldout = [squeezed(entry) for _, split, entry in every if split == "heldout"]
    assert [(d, h) for d in dev for h in heldout if d in h or h in d] == []
    assert [entry for _, _, entry in every if entry in generated] == []
    assert [entry for trail, _, entry in every
            if "after_sales" in "".join(trail) and "拒" in entry] == []
    assert [entry for trail, _, entry in every
            if trail == ("frames", "refusal_with_reason") and "{reason}" not in entry] == []


def test_an_untouched_file_is_written_back_as_it_was(base: Path, tmp_path: Path) -> None:
    for path in sorted(p for p in base.iterdir() if p.is_file()):
        copy = tmp_path / path.name
        shutil.copy(path, copy)
        table = read_table(copy)
        write_table(table)
        if path.suffix == ".csv":
            assert copy.read_bytes() == path.read_bytes(), f"{path.name} changed layout"
        else:
            again = read_table(copy)
            assert (again.header, again.rows) == (table.header, table.rows), path.name


def test_other_wording_leaves_no_generator_wording_and_the_labels_alone(base: Path,
                                                                       built) -> None:
    folder = built("other_wording")
    assert (folder / LABELS).read_bytes() == (base / LABELS).read_bytes()
    checks = (
        (TRACKING_KINDS, "description", lambda text: meaning.event_meaning(text) is not None),
        (("after_sales",), "reason", lambda text: meaning.after_sales_meaning(text) is not None),
        (("reviews",), "review_text", lambda text: meaning.review_meaning(text) is not None),
    )
    for kinds, name, is_generator_wording in checks:
        before = [text for text in column(base, kinds, name) if is_generator_wording(text)]
        after = column(folder, kinds, name)
        assert len(before) > 5, f"the sample has too few {name} texts to test"
        assert len(after) == len(column(base, kinds, name)), f"{name}: rows were dropped"
        assert [text for text in after if is_generator_wording(text)] == [], name


@pytest.mark.parametrize(("family", "used", "unused"), [
    ("other_wording", "heldout", "dev"), ("other_wording_dev", "dev", "heldout")])
def test_a_wording_family_uses_only_its_half(built, family: str, used: str, unused: str) -> None:
    folder = built(family)
    texts = [text for kinds, name in ((TRACKING_KINDS, "description"), (("after_sales",), "reason"),
                                      (("reviews",), "review_text"), (("orders",), "buyer_message"),
                                      (("penalties",), "note"))
             for text in column(folder, kinds, name)]
    texts = [squeezed(text) for text in texts]
    leaked = {phrase for phrase in cause_phrases(unused)
              if any(squeezed(phrase) in text for text in texts)}
    assert leaked == set()
    assert any(squeezed(phrase) in text for phrase in cause_phrases(used) for text in texts)


def squeezed(text: str) -> str:
    """Text without punctuation and spaces, which the variation step changes."""
    return re.sub(r"[\s，,：:（）()！!。~/]", "", text)


def named_cause(text: str, phrases: list[tuple[str, str]]) -> str | None:
    text = squeezed(text)
    return next((cause for phrase, cause in phrases if squeezed(phrase) in text), None)


def test_refusal_reasons_follow_the_true_cause_at_the_vocabulary_rates() -> None:
    words = vocabulary.load("heldout")
    phrases = sorted(cause_phrases("heldout").items(), key=lambda item: -len(item[0]))
    for cause in ("logistics", "product_quality", "reviews"):
        found = meaning.EventMeaning(meaning.REFUSAL_WITH_REASON, "杭州市", cause)
        named = Counter(named_cause(transforms.event_text(found, cause, words, Random(draw)),
                                    phrases) for draw in range(1000))
        plain, agree = named[None] / 1000, named[cause] / (1000 - named[None])
        assert abs(plain - words.rates["reason_dropped"]) < 0.04, (cause, named)
        assert abs(1 - agree - words.rates["misleading"]) < 0.04, (cause, named)


def test_refusal_reasons_in_a_folder_name_the_true_cause(built) -> None:
    folder = built("other_wording")
    state = Folder(list(exports_of(folder)), read_labels(folder / LABELS))
    phrases = sorted(cause_phrases("heldout").items(), key=lambda item: -len(item[0]))
    named: dict[str, tuple[str, str | None]] = {}
    for table in state.of_kind(*TRACKING_KINDS):
        for row in table.rows:
            tracking = clean_id(table.get(row, "tracking_no")) or ""
            cause = named_cause(table.get(row, "description"), phrases)
            if cause:
                named[tracking] = (cause, state.parcel_causes.get(tracking))
    assert len(named) >= 6, named
    assert all(truth for _, truth in named.values()), "a reason on a parcel nobody refused"
    agree = sum(cause == truth for cause, truth in named.values())
    assert agree / len(named) >= 0.75, named


def test_the_same_event_reads_the_same_in_every_file(built) -> None:
    folder = built("other_wording")
    texts: dict[tuple[str, str], set[str]] = defaultdict(set)
    files: dict[tuple[str, str], set[str]] = defaultdict(set)
    for table in tables_of(folder, *TRACKING_KINDS):
        for row in table.rows:
            minute = "".join(re.findall(r"\d", table.get(row, "event_at")))[:12]
            key = (clean_id(table.get(row, "tracking_no")), minute)
            texts[key].add(table.get(row, "description"))
            files[key].add(table.path.name)
    shared = [key for key, names in files.items() if len(names) > 1]
    assert shared, "no event is exported twice: the overlap this test relies on is gone"
    assert [key for key in shared if len(texts[key]) > 1] == []


def test_evidence_halved_removes_about_half_and_keeps_the_labels(base: Path, built) -> None:
    folder = built("evidence_halved")
    assert (folder / LABELS).read_bytes() == (base / LABELS).read_bytes()

    def evidence(at: Path) -> Counter:
        found = Counter()
        for text in column(at, TRACKING_KINDS, "description"):
            role = (meaning.event_meaning(text) or meaning.EventMeaning("", "", None)).role
            found[role] += role != meaning.REFUSAL_PLAIN
        for text in column(at, ("reviews",), "review_text"):
            found["low review"] += meaning.review_meaning(text) in ("storm", "bad_product", "low")
        found["penalty"] = len(column(at, ("penalties",), "order_id"))
        found["boost tag"] = sum(bool(BOOST_TAG.match(note))
                                 for note in column(at, ("orders",), "merchant_note"))
        return found

    before, after = evidence(base), evidence(folder)
    for item in ("refusal_with_reason", "delay", "low review", "penalty", "boost tag"):
        assert before[item] >= 4, f"the sample has too few {item} to test"
        assert 0.2 <= after[item] / before[item] <= 0.8, (item, before[item], after[item])


def test_orders_tracking_only_has_exactly_those_two_kinds(base: Path, built) -> None:
    folder = built("orders_tracking_only")
    kinds = {table.kind for table in exports_of(folder)}
    assert kinds == {"orders", *TRACKING_KINDS}
    assert {table.kind for table in exports_of(base)} - kinds, "the base had nothing to drop"
    assert (folder / LABELS).read_bytes() == (base / LABELS).read_bytes()
    for path in folder.iterdir():
        if path.is_file():
            assert path.read_bytes() == (base / path.name).read_bytes(), path.name


def test_a_file_that_is_no_export_is_left_where_it_was(base: Path, tmp_path: Path) -> None:
    """A stock list dropped beside the exports is no export (the pipeline skips it): a family
    that rewrites or drops exports leaves it as it was."""
    folder = tmp_path / "base"
    shutil.copytree(base, folder)
    stock = folder / "库存表_20261201.csv"
    stock.write_text("商家编码,商品名称,可用库存\nA-01,四件套,12\n", encoding="utf-8")
    assert stock not in {table.path for table in read_folder(folder)}
    for name in ("orders_tracking_only", "other_wording"):
        built_folder = build(FAMILIES_BY_NAME[name], folder, tmp_path / name, SEED)
        assert (built_folder / stock.name).read_bytes() == stock.read_bytes(), name


@pytest.mark.parametrize("family", ["other_wording", "evidence_halved"])
def test_families_are_deterministic_by_seed(base: Path, built, tmp_path: Path,
                                            family: str) -> None:
    first = built(family)
    again = build(FAMILIES_BY_NAME[family], base, tmp_path / "again", SEED)
    names = sorted(path.name for path in first.iterdir() if path.is_file())
    assert names == sorted(path.name for path in again.iterdir() if path.is_file())
    for name in names:
        assert (first / name).read_bytes() == (again / name).read_bytes(), name
    other_seed = build(FAMILIES_BY_NAME[family], base, tmp_path / "other", SEED + 1)
    assert any((first / name).read_bytes() != (other_seed / name).read_bytes()
               for name in names)


def test_several_shops_have_different_cause_mixes() -> None:
    shops = [family.profile for family in FAMILIES if family.name.startswith("several_shops")]
    assert len(shops) >= 2
    assert len({tuple(sorted(PROFILES[shop].cause_mix.items())) for shop in shops}) == len(shops)
