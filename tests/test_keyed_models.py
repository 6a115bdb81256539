"""Models kept by key (``{% call keyed_by(…) %}``, models/runner.py): a build with a data cutoff
rebuilds only the keys whose rows came or went since the build before. Whatever the order of the
weeks and files, each such build must leave every model as a whole build at the same cutoff
would."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil

import duckdb
import pytest
from conftest import (
    AFTER_SALES_HEADER,
    KUAIDI100_HEADER,
    ORDER_HEADER,
    delivered_journey,
    order_row,
    tables_differing,
    write_export,
)

from pipelines import config, pipeline, retention, warehouse
from pipelines.ingest.exports import RAW_TABLES
from pipelines.models import runner
from pipelines.weeks import parse_week

KEYED = ("int_orders_deduplicated", "int_shipments_summarized", "int_parcel_timelines",
         "int_parcels_classified", "fct_parcels")
#: kept by key too, built without a cutoff (staging): each run's exact copies
DUPLICATES = tuple(f"stg_{table}_duplicates" for table in RAW_TABLES)


def _sample_by_arrival(tmp_path):
    """The sample's exports in the folders a merchant would have had week by week: its files
    are numbered in the order they were taken, four a week."""
    files = sorted(path for path in config.SAMPLE_DIR.iterdir() if path.is_file())
    arrival = {path: int(re.findall(r"\d+", path.stem)[-1]) for path in files}
    folders = []
    for weeks in range(1, 5):
        folder = tmp_path / f"through-week-{weeks}"
        folder.mkdir()
        for path in files:
            if (arrival[path] - 1) // 4 < weeks:
                shutil.copy(path, folder)
        folders.append(folder)
    return folders


def _build_steps(con, folder, week, caplog, reload_retired_in=retention.ANY_WINDOW,
                 models=(*KEYED, *DUPLICATES)) -> dict[str, str]:
    """Build ``folder`` as of ``week``'s end; how each of ``models`` was built."""
    cutoff = parse_week(week).end
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="refusals"):
        pipeline.load_and_build(con, folder, choose_cutoff=lambda _: cutoff,
                                reload_retired_in=reload_retired_in)
    how = {}
    for record in caplog.records:
        found = re.match(r"model \S+/(\w+)\.sql (.+) in [\d.]+ s", record.getMessage())
        if found and found[1] in models:
            how[found[1]] = found[2]
    return how


def test_models_kept_by_key_equal_whole_builds_whichever_week_comes_next(
        tmp_path, monkeypatch, caplog):
    # a look-back of ten days, so that the window's start, moving, cuts the sample's exports
    # (each holds a week or more of rows) and not only whole ones leave it
    monkeypatch.setattr(runner, "LOOKBACK", dt.timedelta(days=10))
    folders = _sample_by_arrival(tmp_path)
    # weeks arriving in turn, the same week again, an earlier week re-run after later ones
    steps = [(folders[0], "2026-W45"), (folders[1], "2026-W46"), (folders[3], "2026-W47"),
             (folders[3], "2026-W47"), (folders[3], "2026-W45"), (folders[3], "2026-W48")]
    with warehouse.connect(tmp_path / "kept.duckdb") as con:
        for number, (folder, week) in enumerate(steps):
            how = _build_steps(con, folder, week, caplog)
            expected = "built" if number == 0 else "updated by key"
            assert how == dict.fromkeys((*KEYED, *DUPLICATES), expected), (week, how)
            whole_path = tmp_path / f"whole-{number}.duckdb"
            with warehouse.connect(whole_path) as whole:
                assert set(_build_steps(whole, folder, week, caplog).values()) == {"built"}
            assert tables_differing(con, whole_path) == [], f"as of {week}"


@pytest.mark.parametrize("change", ["rules", "look-back", "retired file", "no cutoff"])
def test_a_keyed_model_is_built_whole_when_what_it_kept_may_be_stale(
        tmp_path, monkeypatch, caplog, change):
    """By key only onto a table a build of the same lineage and window left, with a cutoff,
    from files still loaded: anything else builds it whole."""
    folders = _sample_by_arrival(tmp_path)
    with warehouse.connect(tmp_path / "kept.duckdb") as con:
        _build_steps(con, folders[1], "2026-W46", caplog)
        if change == "rules":
            con.execute("update meta.keyed_models set fingerprint = 'an older release'")
        elif change == "look-back":  # a release that reads a longer window
            monkeypatch.setattr(runner, "LOOKBACK", runner.LOOKBACK + dt.timedelta(days=7))
        elif change == "retired file":
            # --keep-weeks retires the first week's exports; the next run does not load them
            assert retention.retire_files_before(con, parse_week("2026-W46").start)
        elif change == "no cutoff":
            pipeline.load_and_build(con, folders[1])
        how = _build_steps(con, folders[2], "2026-W47", caplog, retention.NO_WINDOW)
    assert {model: how[model] for model in KEYED} == dict.fromkeys(KEYED, "built")
    if change == "retired file":  # (staging was rebuilt whole as the files were retired)
        assert {how[model] for model in DUPLICATES} == {"updated by key"}


#: built once per file (runner's module docstring), typed or classified
INCREMENTAL = (*(f"stg_{table}_checked" for table in RAW_TABLES), "stg_content_hashes",
               "int_tracking_events_coded")
#: what follows the classified tracking events: their changes build these whole
FOLLOWING_EVENTS = ("int_shipments_summarized", "int_parcel_timelines", "int_parcels_classified",
                    "fct_parcels")


@pytest.mark.parametrize(("release", "whole"), [
    # a mart, a macro and a seed only other models read: nothing kept is built again
    ("sql/marts/agg_refusals_weekly.sql", ()),
    ("sql/macros.sql:day_number", ()),
    ("seeds/dispute_rules.csv", ()),
    # a model the parcels are summed from: what follows it, not the orders nor the copies
    ("sql/intermediate/int_tracking_events_classified.sql", FOLLOWING_EVENTS),
    # a macro called by a macro the classified events call: those, and what follows them
    ("sql/macros.sql:folded_text", ("int_tracking_events_coded", *FOLLOWING_EVENTS)),
    # a macro the typing of tracking events and reviews calls, and a seed the typing of orders
    # and tracking events reads: those typed again, what is built from them once per file, and
    # every keyed model whole
    ("sql/macros.sql:parse_code", ("stg_tracking_events_checked", "stg_reviews_checked",
                                   "stg_content_hashes", "int_tracking_events_coded", *KEYED,
                                   *DUPLICATES)),
    ("seeds/couriers.csv", ("stg_orders_checked", "stg_tracking_events_checked",
                            "stg_content_hashes", "int_tracking_events_coded", *KEYED,
                            *DUPLICATES)),
])
def test_a_release_builds_again_only_what_its_changes_reach(tmp_path, monkeypatch, caplog,
                                                           release, whole):
    """A model kept by key or built once per file keeps its table through a release that changes
    only models it does not read, directly or through others, and macros and seeds none of them
    reads."""
    for folder in ("SQL_DIR", "SEEDS_DIR"):
        copy = tmp_path / "models" / getattr(config, folder).name
        shutil.copytree(getattr(config, folder), copy)
        monkeypatch.setattr(config, folder, copy)
    folders = _sample_by_arrival(tmp_path)
    watched = (*KEYED, *DUPLICATES, *INCREMENTAL)
    with warehouse.connect(tmp_path / "kept.duckdb") as con:
        _build_steps(con, folders[1], "2026-W46", caplog)
        path, _, macro = release.partition(":")
        changed = tmp_path / "models" / path
        text = changed.read_text(encoding="utf-8")
        if macro:  # the macro's body changes (a comment inside it, which a reader cannot tell)
            text = re.sub(rf"(macro {macro}\(\w+\) as)\n", r"\1 /* a later release */\n", text)
        elif changed.suffix == ".csv":  # a row more, read by nothing in the sample
            header = text.splitlines()[0].split(",")
            text += ",".join(["later_release", *["0"] * (len(header) - 1)]) + "\n"
        else:
            text += "-- a later release\n"
        assert text != changed.read_text(encoding="utf-8")
        changed.write_text(text, encoding="utf-8")
        how = _build_steps(con, folders[2], "2026-W47", caplog, models=watched)
    kept = {model: "appended its new files" if model in INCREMENTAL else "updated by key"
            for model in watched}
    assert how == {**kept, **dict.fromkeys(whole, "built")}


def test_a_keyed_update_follows_a_change_to_the_orders_it_did_not_reload(tmp_path, caplog):
    """A week's exports can change an order none of its rows name: a later order shipped on
    the order's tracking number, or an after-sales request alone. Both orders are classified
    again."""
    week_1, week_2 = tmp_path / "week-1", tmp_path / "week-2"
    for folder in (week_1, week_2):
        folder.mkdir()
    first_orders = [
        order_row("261110-000000000000001", "7300000000001", ordered_at="2026-11-10 09:00:00",
                  shipped_at="2026-11-10 18:00:00", status="已签收"),
        order_row("261110-000000000000002", "7300000000002", ordered_at="2026-11-10 10:00:00",
                  shipped_at="2026-11-10 18:30:00", status="已签收"),
    ]
    first_events = [*delivered_journey("7300000000001", day=10),
                    *delivered_journey("7300000000002", day=10)]
    # the next week: another order entered on the first order's number, and an after-sales
    # request on the second order, whose own rows do not come again
    later_order = order_row("261117-000000000000003", "7300000000001",
                            ordered_at="2026-11-17 09:00:00", shipped_at="2026-11-17 18:00:00")
    for number, folder, orders, events in ((1, week_1, first_orders, first_events),
                                           (2, week_2, [later_order], [])):
        write_export(folder, f"orders-{number}.csv", ORDER_HEADER, orders)
        # (a week's tracking export always comes: here of a parcel of no order above)
        write_export(folder, f"tracking-{number}.csv", KUAIDI100_HEADER,
                     events or delivered_journey("7300000000009", day=17))
    write_export(week_2, "after_sales-2.csv", AFTER_SALES_HEADER, [
        ["\t9001", "\t261110-000000000000002", "仅退款", "退款成功", "质量问题",
         "2026-11-18 10:00:00", "39.90"]])
    for path in week_1.iterdir():
        shutil.copy(path, week_2)
    with warehouse.connect(tmp_path / "kept.duckdb") as con:
        _build_steps(con, week_1, "2026-W46", caplog)
        assert _build_steps(con, week_2, "2026-W47", caplog) == dict.fromkeys(
            (*KEYED, *DUPLICATES), "updated by key")
        with warehouse.connect(tmp_path / "whole.duckdb") as whole:
            _build_steps(whole, week_2, "2026-W47", caplog)
        assert tables_differing(con, tmp_path / "whole.duckdb") == []
        classified = dict(con.execute(
            "select order_id, (tracking_no_orders, has_after_sales) "
            "from intermediate.int_parcels_classified order by order_id").fetchall())
    assert classified["261110-000000000000001"] == (2, False)
    assert classified["261110-000000000000002"] == (1, True)


def test_a_weeks_files_decide_again_only_their_own_kinds_copies(tmp_path, caplog):
    """Each kind's exact copies are decided again for the contents its own new rows repeat, not
    for every kind's: the keys a week's update rebuilds in stg_<table>_duplicates are hashes of
    rows of that kind in the files new that week, and there are some wherever it brought any."""
    folders = _sample_by_arrival(tmp_path)
    with warehouse.connect(tmp_path / "kept.duckdb") as con:
        _build_steps(con, folders[0], "2026-W45", caplog)
        before = {sha256 for (sha256,) in con.execute(
            "select file_sha256 from meta.loaded_files").fetchall()}
        assert _build_steps(con, folders[1], "2026-W46", caplog, models=DUPLICATES) == (
            dict.fromkeys(DUPLICATES, "updated by key"))
        new_rows = con.execute(
            "select kind, content_hash from staging.stg_content_hashes "
            "where file_sha256 not in (select unnest(?))", [sorted(before)]).fetchall()
        kinds_brought = {kind for kind, _ in new_rows}
        assert len(kinds_brought) >= 3  # the test means something only if several kinds came
        for table in RAW_TABLES:
            keys = runner.changed_keys_table(f"staging.stg_{table}_duplicates")
            rebuilt = {key for (key,) in con.execute(
                f"select content_hash from {keys}").fetchall()}
            own = {key for kind, key in new_rows if kind == table}
            assert rebuilt == own, table


def test_a_builds_files_read_are_found_once_and_forgotten_after_it():
    """Within a build, a relation's files are found the first time a model asks and kept for the
    rest of it (every model it reads is built before it, so no later model changes them); the
    next build finds them again, and nothing of the first is left on the connection, whether
    the build succeeded or failed."""
    with duckdb.connect() as con:
        con.execute("create table main.rows_of (file_sha256 varchar, n integer)")
        con.execute("insert into main.rows_of values ('a', 1), ('a', 2)")
        with runner.FilesReadOnce(con) as files_read_of:
            asked = files_read_of("main.rows_of", None)
            assert con.execute(asked).fetchall() == [("a",)]
            con.execute("insert into main.rows_of values ('b', 3)")
            assert files_read_of("main.rows_of", None) == asked
            assert con.execute(asked).fetchall() == [("a",)]
        assert not con.execute("select * from duckdb_tables() where temporary").fetchall()
        with runner.FilesReadOnce(con) as files_read_of:
            assert sorted(con.execute(files_read_of("main.rows_of", None)).fetchall()) == [
                ("a",), ("b",)]
        # a build that fails leaves its own error, and its rollback takes the tables
        con.execute("begin transaction")
        with pytest.raises(duckdb.ConversionException), runner.FilesReadOnce(con) as files_read_of:
            files_read_of("main.rows_of", None)
            con.execute("select cast('not a number' as integer)")
        con.execute("rollback")
        assert not con.execute("select * from duckdb_tables() where temporary").fetchall()
