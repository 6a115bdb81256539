"""The signal registry (``models/seeds/signals.csv``): what it accepts, and that the signals'
models, their union and the recorded rules version follow it (the README's table and the
one-model-per-row check are house rules, in test_code_quality.py)."""

from __future__ import annotations

import csv
import re
import tomllib

import duckdb
import pytest

from pipelines import config, pipeline, warehouse
from pipelines.causes import CAUSE_CODES
from pipelines.models import runner, signals
from pipelines.models.rules import load_rules
from pipelines.models.signals import RegistryError, load_registry

GOOD_ROW = ["late_shipping", "logistics", "1.0", "context", "merchant", "发货晚", "Shipped late"]


def _write_registry(path, rows, header=signals.COLUMNS):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def test_the_committed_registry_is_valid():
    registry = load_registry()
    assert {row.cause for row in registry} == set(CAUSE_CODES)  # every cause has evidence


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([[*GOOD_ROW[:1], "weather", *GOOD_ROW[2:]]], "cause 'weather'"),
        ([GOOD_ROW, GOOD_ROW], "listed twice"),
        ([[*GOOD_ROW[:2], "-1", *GOOD_ROW[3:]]], "0 or more"),
        ([[*GOOD_ROW[:2], "heavy", *GOOD_ROW[3:]]], "0 or more"),
        ([[*GOOD_ROW[:2], "nan", *GOOD_ROW[3:]]], "0 or more"),
        ([["late shipping", *GOOD_ROW[1:]]], "names a SQL model"),
        ([["x'; drop table y; --", *GOOD_ROW[1:]]], "names a SQL model"),
        ([[*GOOD_ROW[:3], "stated", *GOOD_ROW[4:]]], "evidence 'stated'"),
        ([[*GOOD_ROW[:4], "weather", *GOOD_ROW[5:]]], "source 'weather'"),
        ([[*GOOD_ROW[:6], ""]], "Chinese and English"),
        ([[*GOOD_ROW[:6], "late | slow"]], "no |"),
        ([[*GOOD_ROW, "one cell too many"]], "quote a cell"),
        ([], "no signal"),
    ],
)
def test_a_bad_registry_row_is_refused_with_its_line(tmp_path, rows, problem):
    path = _write_registry(tmp_path / "signals.csv", rows)
    with pytest.raises(RegistryError, match=re.escape(problem)):
        load_registry(path)


def test_a_registry_with_other_columns_is_refused(tmp_path):
    path = _write_registry(tmp_path / "signals.csv", [GOOD_ROW[:4]], header=signals.COLUMNS[:4])
    with pytest.raises(RegistryError, match="header"):
        load_registry(path)


def test_a_description_with_a_comma_is_read_whole(tmp_path):
    row = [*GOOD_ROW[:6], "Shipped late, after the promised time"]
    (signal,) = load_registry(_write_registry(tmp_path / "signals.csv", [row]))
    assert signal.description_en == "Shipped late, after the promised time"
    assert signal.prior_weight == 1.0


@pytest.mark.parametrize("signal", [row.signal for row in load_registry()])
def test_a_signal_model_creates_its_table_and_leaves_cause_and_name_to_the_registry(signal):
    """Read as the engines get it (a model may be written with a shared Jinja macro)."""
    (model,) = (model for model in runner.discover(runner.all_folders())
                if model.path == signals.model_path(signal))
    sql = model.render(lambda relation: ["column"])
    code = re.sub(r"--[^\n]*", "", sql)
    assert re.search(rf"create or replace (table|view) intermediate\.signal_{signal} as\b", code)
    assert not re.search(r"\bas (cause|signal)\b", code)
    assert not re.search(r"'(" + "|".join(CAUSE_CODES) + r")'", code)


def test_the_rules_version_names_the_registry_weights():
    """Fails when signals.csv's causes or weights change and rules.toml is not told."""
    with config.RULES_PATH.open("rb") as handle:
        document = tomllib.load(handle)
    fingerprint = signals.weights_fingerprint(load_registry())
    assert document["signals_fingerprint"] == fingerprint, (
        f"signals.csv's causes or weights changed since rules version {document['version']}: "
        f"give rules.toml a new version and signals_fingerprint = {fingerprint!r}"
    )
    assert load_rules().version == document["version"]


def test_other_weights_never_record_the_same_version(tmp_path):
    rows = [
        [
            row.signal,
            row.cause,
            repr(row.prior_weight),
            row.evidence,
            row.source,
            row.description_zh,
            row.description_en,
        ]
        for row in load_registry()
    ]
    version = load_rules().version

    def recorded(changed_rows):
        return load_rules(registry_path=_write_registry(tmp_path / "signals.csv", changed_rows))

    reworded = [[*row[:5], row[5] + "。", row[6]] for row in reversed(rows)]
    assert recorded(reworded).version == version  # wording and order change no result
    respelt = [[*row[:2], f"{float(row[2]):.2f}", *row[3:]] for row in rows]
    assert recorded(respelt).version == version
    reweighted = [[*rows[0][:2], str(float(rows[0][2]) + 0.5), *rows[0][3:]], *rows[1:]]
    moved = [[rows[0][0], "reviews", *rows[0][2:]], *rows[1:]]
    dropped = rows[1:]
    retyped = [
        [*rows[0][:3], "explicit" if rows[0][3] == "context" else "context", *rows[0][4:]],
        *rows[1:],
    ]
    resourced = [
        [*rows[0][:4], "shop" if rows[0][4] == "buyer" else "buyer", *rows[0][5:]],
        *rows[1:],
    ]
    versions = {
        recorded(changed).version for changed in (reweighted, moved, dropped, retyped, resourced)
    }
    assert len(versions) == 5 and all(v.startswith(f"{version}+signals.") for v in versions)


def test_a_retrained_word_reader_is_other_weights(tmp_path):
    """The word reader's weights change results as a registry weight does: retrained on other
    phrases, the fingerprint the rules version is checked against changes."""
    retrained = tmp_path / "word_reader.csv"
    lines = signals.READER_PATH.read_text(encoding="utf-8").splitlines(keepends=True)
    retrained.write_text("".join(lines[:-1]), encoding="utf-8")  # one gram fewer
    registry = load_registry()
    assert signals.weights_fingerprint(registry, retrained) != signals.weights_fingerprint(registry)


#: Signals for data the sample's generator never writes, and the test that makes each fire.
NOT_IN_SAMPLE = {
    "reason_denies_order": "test_a_buyer_who_never_ordered_is_a_rule_violation",
    "inspected_then_refused":
        "test_a_change_of_mind_or_a_look_at_the_goods_says_less_than_a_complaint",
    "product_cancel_burst": "test_buyers_calling_a_product_off_before_shipping_point_at_reviews",
    "note_code": "test_a_code_in_the_merchants_note_points_at_boosting",
    # the sample's reasons are all in listed words or generic: the word reader reads none
    **dict.fromkeys(
        ("quality_in_other_words", "logistics_in_other_words", "reviews_in_other_words",
         "violation_in_other_words"),
        "test_a_reason_in_words_no_pattern_lists_is_read_by_the_word_reader"),
    # the sample has an after-sales export, whose reasons decide where it holds the request
    "refund_asked_before_delivery":
        "test_attribution_cases.py::test_an_analyst_would_conclude_the_same"
        "[tracking_only:context/refund_asked_before_delivery]",
}


def test_every_signal_fires_on_the_sample_and_the_union_keeps_it_whole(tmp_path):
    """Audit on the committed sample: each signal's model fires, yields exactly
    (order_id, evidence_zh), and int_parcel_signals holds its rows under its name and its
    registry cause, nothing more."""
    with warehouse.connect(tmp_path / "sample.duckdb") as con:
        pipeline.load_and_build(con, config.PROJECT_ROOT / "data" / "sample")
        for row in load_registry():
            table = f"intermediate.signal_{row.signal}"
            columns = [column[0] for column in con.execute(f"describe {table}").fetchall()]
            assert columns == ["order_id", "evidence_zh"], table
            fired = con.execute(f"select count(*) from {table}").fetchone()[0]
            assert fired > 0 or row.signal in NOT_IN_SAMPLE, f"{row.signal} never fires"
            in_union = con.execute(
                "select count(*) from intermediate.int_parcel_signals where signal = ?",
                [row.signal],
            ).fetchone()[0]
            assert in_union == fired, row.signal
            missing = con.execute(
                f"select order_id, ? as cause, evidence_zh from {table} except all "
                "select order_id, cause, evidence_zh from intermediate.int_parcel_signals "
                "where signal = ?",
                [row.cause, row.signal],
            ).fetchall()
            assert missing == [], row.signal
        unknown = con.execute(
            "select distinct signal from intermediate.int_parcel_signals "
            "where signal not in (select signal from seeds.signals)"
        ).fetchall()
        assert unknown == []


def test_the_word_reader_is_what_its_corpus_dev_half_gives():
    """seeds/word_reader.csv is trained from benchmarks/wording/corpus.toml's dev phrases alone
    (benchmarks/train_word_reader.py), never edited by hand: retrained, it is the same file, and
    a phrase of the scoring parts never enters it."""
    import sys

    if str(config.PROJECT_ROOT) not in sys.path:  # benchmarks/ is a tool folder, not installed
        sys.path.insert(0, str(config.PROJECT_ROOT))
    from benchmarks import train_word_reader as trainer

    # the grams are cut from texts folded as the models fold them
    texts = ["质 量\t问题！", "ＡＢ，快递【太慢】　了", "东西\xa0不错。", "Ok?\n好"]
    con = duckdb.connect()
    runner.define_macros(con)
    assert [con.execute("select folded_text(?)", [text]).fetchone()[0] for text in texts] == [
        trainer.normalised(text) for text in texts]
    corpus = tomllib.loads(trainer.CORPUS.read_text(encoding="utf-8"))
    phrases = trainer.training_phrases(corpus)
    assert trainer.seed_text(phrases) == trainer.SEED.read_text(encoding="utf-8")
    scoring = {phrase for section in corpus.values() for part, texts in section.items()
               if part != "dev" for phrase in texts}
    assert not scoring & {phrase for phrase, _ in phrases}
    # the classes are the causes and `none`, and a class's likelihoods sum to at most 1
    with trainer.SEED.open(encoding="utf-8", newline="") as handle:
        header, prior, *grams = list(csv.reader(handle))
    assert header == ["gram", *CAUSE_CODES, "none"] and prior[0] == trainer.PRIOR
    for column in range(1, len(header)):
        assert 0.5 < sum(2.718281828 ** float(row[column]) for row in grams) <= 1.000001
