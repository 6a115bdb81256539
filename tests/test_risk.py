"""``refusals risk`` (pipelines/risk/): the score reads nothing after its as-of time, it learns
what raises the risk from the shop's own history, and its file keeps the contract's form; the
weekly run keeps each week's list as it stood at the week's end, with the score replayed against
the pipeline's own detection, and the report shows both."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from conftest import (
    KUAIDI100_HEADER,
    ORDER_HEADER,
    journey,
    order_row,
    update_landed,
    write_export,
)

from pipelines import config, pipeline, warehouse
from pipelines.models import runner
from pipelines.report import data as report_data
from pipelines.report import render, tables
from pipelines.risk import instances, model, replay, score, store, usual_transit, weekly
from pipelines.weeks import parse_week

AS_OF = dt.datetime(2026, 11, 15, 23, 59, 59)
#: the week AS_OF ends; the sample's data goes on for another week
WEEK = parse_week("2026-W46")
REPLAY_DAYS = 5
_COMPARED = ["order_id", "risk", "likely_cause", "reasons", "suggested_action",
             "expected_loss_yuan"]


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("risk") / "sample.duckdb"
    with warehouse.connect(path) as con:
        pipeline.load_and_build(con, config.SAMPLE_DIR)
    return path


@pytest.fixture
def warehouse_copy(sample_warehouse, tmp_path) -> Path:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(sample_warehouse, copy)
    return copy


@pytest.fixture
def short_replay(monkeypatch) -> dict:
    """The risk settings with a replay of REPLAY_DAYS days (the run's 28 take seconds)."""
    params = {**instances.parameters(), "risk_replay_days": REPLAY_DAYS}
    monkeypatch.setattr(instances, "parameters", lambda: params)
    return params


def _later(column: str) -> str:
    return f"parse_china_time({column}) > ?"


def _rewrite_after_as_of(con) -> None:
    """Every landed row dated after AS_OF changed: later events say the parcel was refused for
    its quality and come a day later, later requests agree a refusal refund, later reviews give
    one star, later penalties name fake shipping, later receipts are confirmed a day later on
    orders now marked signed, and orders placed later carry a boosting tag."""
    day_later = "strftime(parse_china_time({0}) + interval 1 day, '%Y-%m-%d %H:%M:%S')"
    changes = [
        ("tracking_events", "set description = '客户拒收，原因：质量问题', "
         f"state_code = '14', event_at = {day_later.format('event_at')} "
         f"where {_later('event_at')}"),
        ("after_sales", "set reason = '质量问题', "
         "after_sales_status = '已同意拒收退款，待用户拒收' "
         f"where {_later('applied_at')}"),
        ("reviews", f"set score = '1' where {_later('reviewed_at')}"),
        ("penalties", f"set penalty_type = '虚假发货' where {_later('penalized_at')}"),
        ("orders", "set order_status = '已签收', "
         f"receipt_confirmed_at = {day_later.format('receipt_confirmed_at')} "
         f"where {_later('receipt_confirmed_at')}"),
        ("orders", f"set merchant_note = 'G-1 刷单' where {_later('ordered_at')}"),
    ]
    for table, change in changes:
        update_landed(con, table, change, [AS_OF])


def _facts_as_of(con) -> pd.DataFrame:
    rows = instances.load(con, AS_OF, names_on_every_row=True)
    return rows.sort_values(["snapshot_at", "order_id"]).reset_index(drop=True)


def test_scores_do_not_move_when_every_later_row_changes(warehouse_copy):
    with warehouse.connect(warehouse_copy) as con:
        before = score.score_as_of(con, AS_OF).parcels[_COMPARED]
        facts_before = _facts_as_of(con)
        refused_before = con.execute("select count(*) from intermediate.int_parcels_classified "
                                     "where outcome = 'refused'").fetchall()[0][0]
        _rewrite_after_as_of(con)
        runner.forget_incremental_builds(con)  # landed rows rewritten in place: type them again
        runner.build(con)
        refused_after = con.execute("select count(*) from intermediate.int_parcels_classified "
                                    "where outcome = 'refused'").fetchall()[0][0]
        after = score.score_as_of(con, AS_OF).parcels[_COMPARED]
        facts_after = _facts_as_of(con)
    # the rewrite reached the models (the whole-data attribution sees many more refusals) ...
    assert refused_after > refused_before + 50
    # ... and neither the facts known at the as-of time nor the scores moved
    assert len(before) > 100
    pd.testing.assert_frame_equal(facts_before, facts_after)
    pd.testing.assert_frame_equal(before, after)



def test_what_the_buyer_wrote_on_the_order_is_read_with_each_causes_words_masked(
        warehouse_copy):
    """The order's message is known before the door: it is read with the attribution's four
    vocabularies and their negations, and quoted masked."""
    messages = {
        "quality": "上次收到的有瑕疵，这次认真检查 13812345678",
        "logistics": "上次快递太慢了，这次早点到",
        "reviews": "看到差评有点担心",
        "none": "不是质量问题，送人的，别放价格单",
    }
    with warehouse.connect(warehouse_copy) as con:
        in_transit = score.score_as_of(con, AS_OF).parcels["order_id"].tolist()[:len(messages)]
        for order_id, message in zip(in_transit, messages.values(), strict=True):
            update_landed(con, "orders", "set buyer_message = ? where order_id = ?",
                          [message, order_id])
        runner.forget_incremental_builds(con)  # landed rows rewritten in place: type them again
        runner.build(con)
        rows = instances.load(con, AS_OF).set_index("order_id")
    now = rows[rows["snapshot_days_back"] == 0]
    assert now.loc[in_transit, "message_state"].tolist() == list(messages)
    quoted = now.loc[in_transit[0], "buyer_message"]
    assert "138****5678" in quoted and "13812345678" not in quoted
    # a parcel whose order says nothing has the reference level
    others = now.drop(index=in_transit)
    assert len(others) > 100 and (others["message_state"] == "none").mean() > 0.9
    # an earlier day-end's parcel keeps its levels but not the texts: a reason quotes them,
    # and only the as-of time's parcels are given reasons
    earlier = rows[rows["snapshot_days_back"] > 0]
    assert (earlier["request_state"] != "none").any() and earlier["is_stuck"].any()
    assert earlier[["buyer_message", "request_reason"]].isna().all().all()
    assert now["request_reason"].notna().any()


def test_a_products_last_days_are_counted_apart_within_its_window(sample_warehouse):
    """A bad batch or a review storm lasts days: the product's refusals of the last
    risk_burst_days are counted apart, inside the rate window, and a burst there stands out
    though the fortnight's rate does not."""
    params = instances.parameters()
    window = int(params["risk_rate_window_days"])
    with warehouse.connect(sample_warehouse) as con:
        whole = instances.load(con, AS_OF, {**params, "risk_burst_days": window})
        recent = instances.load(con, AS_OF, params)
    counts = ["product_recent_settled", "product_recent_refused"]
    assert (whole[counts].to_numpy() == whole[["product_settled", "product_refused"]]
            .to_numpy()).all()
    assert (recent["product_recent_settled"] <= recent["product_settled"]).all()
    assert (recent["product_recent_refused"] <= recent["product_refused"]).all()
    assert 0 < recent["product_recent_settled"].sum() < whole["product_recent_settled"].sum()
    # 3 of the last 5 refused, 3 of 40 in the fortnight, the shop at 5%
    burst = pd.DataFrame([{**_instance(0, "burst"), "product_settled": 40, "product_refused": 3,
                           "product_recent_settled": 5, "product_recent_refused": 3}])
    facts = model.facts(burst).iloc[0]
    assert facts["product_rate_level"] == "usual" and facts["product_burst"] == "very_high"


def test_the_list_and_the_replay_do_not_depend_on_the_order_the_rows_come_in(sample_warehouse):
    """DuckDB returns the query's rows in no set order: the list, its reasons and the replay's
    figures must come out the same whatever it is."""
    params = instances.parameters()
    days = [(AS_OF - dt.timedelta(days=back)).replace(hour=23, minute=59, second=59)
            for back in (3, 2, 1)]
    with warehouse.connect(sample_warehouse) as con:
        rows = instances.load(con, AS_OF, params, days_before=3)
        outcomes = weekly.detected_outcomes(con, AS_OF, rows["order_id"])
        results = []
        for order in (np.arange(len(rows)), np.random.default_rng(5).permutation(len(rows)),
                      np.arange(len(rows))[::-1]):
            prepared = model.prepare(rows.iloc[order].reset_index(drop=True))
            listed = score.score_as_of(con, AS_OF, params, prepared).parcels[_COMPARED]
            pairs = replay.scored_pairs(prepared, days, outcomes, params)
            results.append((listed.reset_index(drop=True), replay.figures(pairs)))
    (first_list, first_figures), *others = results
    assert len(first_list) > 100 and first_figures.scored_pairs > 300
    for listed, figures in others:
        pd.testing.assert_frame_equal(listed, first_list)
        assert figures == first_figures


def test_a_days_top_tenth_cut_among_equal_risks_takes_them_in_order_id_order():
    """Parcels at the same levels score the same, so a day's top 5% or 10% is often cut among
    equal risks: they are taken in order-id order, whatever order the pairs come in."""
    day = AS_OF.date()
    pairs = pd.DataFrame({"day": day, "order_id": [f"o{index:02d}" for index in range(20)],
                          "risk": [0.9] + [0.5] * 19, "at_stake_yuan": 10.0})
    pairs["is_refused"] = pairs["order_id"].isin(["o02", "o07"])
    figures = replay.figures(pairs)
    # the top 5% is the one above the tie; the top 10% adds the first of the tie, o01
    assert (figures.precision_top5, figures.precision_top10) == (0.0, 0.0)
    for seed in range(5):
        shuffled = pairs.sample(frac=1, random_state=seed).reset_index(drop=True)
        assert replay.figures(shuffled) == figures
    pairs.loc[pairs["order_id"] == "o01", "is_refused"] = True
    assert replay.figures(pairs).precision_top10 == 0.5


@pytest.mark.parametrize("every_days", [1, 2])
def test_a_replayed_day_scores_as_a_query_at_that_day_would(sample_warehouse, every_days):
    """The replay takes each day's score out of one later query: it must be the score a query
    at that day gives, so nothing after the day reaches it; with a history of every other
    day-end too (the days learned from are the same whatever day a score runs at)."""
    params = {**instances.parameters(), "risk_history_every_days": every_days}
    with warehouse.connect(sample_warehouse) as con:
        rows = model.prepare(instances.load(con, AS_OF, params, days_before=3))
        for back in (1, 2, 3):
            day = AS_OF - dt.timedelta(days=back)
            alone = score.score_as_of(con, day, params).parcels.set_index("order_id")["risk"]
            replayed = replay.scored_pairs(rows, [day], dict.fromkeys(alone.index, "delivered"),
                                           params).set_index("order_id")["risk"]
            # the replay scores the parcels whose outcome was known by the later query's time
            assert len(replayed) > 50 and set(replayed.index) <= set(alone.index)
            # ... as the query at the day scored them
            pd.testing.assert_series_equal(
                replayed.sort_index(), alone[replayed.index].sort_index(), check_names=False,
                check_index_type=False, atol=1e-4)


def test_a_week_whose_data_ends_before_its_last_second_replays_each_day_it_asks_for(
        warehouse_copy, short_replay):
    """The sample's data ends minutes before 2026-W47 does, so its as-of time is not a day's
    end: the first replayed day is still a snapshot of the query when the history keeps every
    third day-end and that day is not one of them."""
    week = parse_week("2026-W47")
    first_replayed = np.array([week.end.date() - dt.timedelta(days=1 + REPLAY_DAYS)],
                              dtype="datetime64[D]")
    assert not model.on_history_grid(first_replayed, 3).any()
    pairs = {}
    with warehouse.connect(warehouse_copy) as con:
        assert pipeline.latest_data_at(con) < week.end - dt.timedelta(seconds=1)
        for every in (1, 3):
            short_replay["risk_history_every_days"] = every
            pairs[every] = weekly.record_week(con, week)["replay"]["scored_pairs"]
    assert pairs[1] > 100 and pairs[3] == pairs[1]


def test_a_history_of_every_few_days_keeps_every_day_a_replay_scores_at():
    as_of = dt.datetime(2026, 11, 15, 10, 0)
    daily = instances.snapshot_times(as_of, history_days=10, days_before=4)
    assert daily == [as_of, *(instances.day_end(as_of.date() - dt.timedelta(days=back))
                              for back in range(1, 15))]
    for every in (2, 3):
        times = instances.snapshot_times(as_of, 10, 4, every)
        assert times[:5] == daily[:5]  # as_of and the four replayed days
        learned = [at for at in times[5:]]
        assert learned and set(learned) < set(daily)
        assert model.on_history_grid(np.array(learned, dtype="datetime64[D]"), every).all()
        assert len(learned) in (10 // every, 10 // every + 1)


def test_a_parcels_quiet_hours_run_from_its_last_event_at_or_before_each_snapshot(
        sample_warehouse):
    """How long a parcel has been quiet at a snapshot counts from its latest tracking event at
    or before that snapshot, whatever came later: checked against the events themselves."""
    with warehouse.connect(sample_warehouse) as con:
        rows = instances.load(con, AS_OF, instances.parameters(), days_before=3,
                              names_on_every_row=True)
        events = con.execute(
            "select tracking_no, event_at from intermediate.int_tracking_events_classified "
            "where event_at <= ?", [AS_OF]).df()
    pairs = rows[["snapshot_at", "tracking_no", "hours_since_last_event"]].merge(
        events, on="tracking_no", how="left")
    last = (pairs[pairs["event_at"] <= pairs["snapshot_at"]]
            .groupby(["snapshot_at", "tracking_no"])["event_at"].max())
    facts = rows.set_index(["snapshot_at", "tracking_no"])["hours_since_last_event"]
    quiet = facts.dropna()
    assert len(quiet) > 1000 and quiet.index.get_level_values(0).nunique() > 10
    # a parcel with no event yet has no quiet hours, and one with events has them
    assert set(quiet.index) == set(last.index)
    minutes = pd.Timedelta(minutes=1)
    snapshot_minutes = (last.index.get_level_values(0) - pd.Timestamp(0)) // minutes
    expected = (snapshot_minutes - (last - pd.Timestamp(0)) // minutes) / 60
    pd.testing.assert_series_equal(quiet.sort_index(), expected.sort_index(),
                                   check_names=False, check_dtype=False)


def test_a_history_snapshots_rows_carry_no_names_and_the_list_and_replay_need_none(
        sample_warehouse):
    """A fit reads a history snapshot's levels and outcomes, never the parcel's names: the
    names are left off those rows (most of the rows fetched), kept on the rows scored, and
    the list, its reasons and the replay come out the same as with every row named."""
    params = instances.parameters()
    names = ["order_id", "tracking_no", "product_id", "province", "courier_code"]
    days = [(AS_OF - dt.timedelta(days=back)).replace(hour=23, minute=59, second=59)
            for back in (3, 2, 1)]
    with warehouse.connect(sample_warehouse) as con:
        named, scored = (instances.load(con, AS_OF, params, days_before=3,
                                        names_on_every_row=every_row)
                         .sort_values(["snapshot_at", "order_id"], kind="stable")
                         .reset_index(drop=True)
                         for every_row in (True, False))
        outcomes = weekly.detected_outcomes(con, AS_OF, named["order_id"])
        results = []
        for rows in (named, scored):
            prepared = model.prepare(rows.copy())
            results.append((score.score_as_of(con, AS_OF, params, prepared).parcels[_COMPARED],
                            replay.figures(replay.scored_pairs(prepared, days, outcomes,
                                                               params))))
    history = scored["snapshot_days_back"] > 3
    assert history.sum() > 1000 and (~history).sum() > 300
    assert scored.loc[history, names].isna().all().all()
    named_history = named["snapshot_days_back"] > 3
    assert named["order_id"].notna().all() and named.loc[named_history, names].notna().any().all()
    # the rows scored are the same, and all the rows but for the names
    pd.testing.assert_frame_equal(scored[~history], named[~named_history])

    def facts(rows: pd.DataFrame) -> pd.DataFrame:
        unnamed = rows.drop(columns=names)
        return unnamed.sort_values(list(unnamed.columns)).reset_index(drop=True)

    pd.testing.assert_frame_equal(facts(scored), facts(named))
    (named_list, named_figures), (scored_list, scored_figures) = results
    assert len(named_list) > 100 and named_figures.scored_pairs > 300
    pd.testing.assert_frame_equal(scored_list, named_list)
    assert scored_figures == named_figures


def test_the_querys_steps_leave_nothing_behind_in_the_connection(sample_warehouse):
    """The risk SQL runs as steps through temporary tables: a load drops them, whether it ends
    with its rows or with an error, and does not touch a temporary table of the caller's."""
    temporary = "select table_name from duckdb_tables() where temporary order by 1"
    with warehouse.connect(sample_warehouse, read_only=True) as con:
        con.execute("create temp table callers_own as select 1 as kept")
        rows = instances.load(con, AS_OF)
        assert len(rows) > 100
        assert con.execute(temporary).fetchall() == [("callers_own",)]
        broken = {**instances.parameters(), "penalty_types": "(unclosed"}
        with pytest.raises(duckdb.Error):
            instances.load(con, AS_OF, broken)
        assert con.execute(temporary).fetchall() == [("callers_own",)]


def test_each_snapshots_usual_transit_is_the_median_of_the_parcels_in_its_window():
    """The usual transit hours, read off each route's parcels once (usual_transit.py), are the
    medians and counts that DuckDB's median() gives over every (snapshot, parcel) pair in the
    window: per route and per courier; odd and even counts, equal hours, one parcel, no courier
    or no province, a snapshot that is not a day's end, and parcels first attempted exactly at
    a snapshot (counted) and exactly a window before it (not counted)."""
    rng = np.random.default_rng(7)
    snapshots = [dt.datetime(2026, 11, 1, 23, 59, 59), dt.datetime(2026, 11, 2, 23, 59, 59),
                 dt.datetime(2026, 11, 3, 10, 30)]
    window_days = 2
    routes = [("zto", "广东省"), ("zto", "浙江省"), ("sto", "广东省"), (None, "广东省"),
              ("yto", None), ("jt", "四川省")]
    rows = []
    for _ in range(300):
        courier, province = routes[rng.integers(len(routes))]
        attempted = dt.datetime(2026, 10, 29) + dt.timedelta(minutes=int(rng.integers(7 * 1440)))
        rows.append((courier, province, attempted, float(rng.integers(20, 120)) / 2))
    for snapshot in snapshots:  # on the window's edges
        rows += [("zto", "广东省", snapshot, 7.5),
                 ("zto", "广东省", snapshot - dt.timedelta(days=window_days), 99.0)]
    rows.append(("ems", "西藏自治区", dt.datetime(2026, 11, 2, 12), 80.0))  # one parcel
    transits = pd.DataFrame(rows, columns=["courier_code", "province", "first_attempt_at",
                                           "transit_hours"])
    with duckdb.connect() as con:
        con.register("transits", transits)
        con.execute("create table snapshots as select unnest($times::timestamp[]) as snapshot_at",
                    {"times": snapshots})
        for keys in (["courier_code", "province"], ["courier_code"]):
            got = usual_transit.snapshot_medians(transits, keys, snapshots, window_days)
            expected = con.execute(
                f"select snapshot_at, {', '.join(keys)}, median(transit_hours), count(*) "
                "from snapshots join transits on snapshot_at >= first_attempt_at"
                f" and first_attempt_at > snapshot_at - interval {window_days} day "
                "group by all order by all").fetchall()
            assert con.execute("select * from got order by all").fetchall() == expected
            assert got["parcels"].min() == 1
        # a shop with no parcel attempted yet: no medians, and keys of the parcels' type
        con.execute("create table no_transits as select * from transits where false")
        usual_transit.create_tables(con, "no_transits", snapshots, window_days)
        for table in usual_transit.TABLES:
            assert con.execute(f"select count(*) from {table}").fetchone() == (0,)
            kinds = dict(con.execute(f"select column_name, column_type from (describe {table})")
                         .fetchall())
            assert kinds["courier_code"] == "VARCHAR"


def test_rows_streamed_as_arrow_batches_are_the_rows_fetched_whole():
    """The risk step streams its rows as Arrow batches: the same frame as a whole fetch, with
    the same types, when a column is empty in some batches only, and when there are no rows at
    all."""
    con = duckdb.connect()
    query = (
        "select range as number, 'order ' || range as order_id,"
        " case when range % 150000 = 7 then null else range end as sometimes_missing,"
        " case when range < 140000 then range % 2 = 0 end as missing_later,"
        " case when range % 150000 = 9 then null else range::integer end as missing_int32,"
        " cast(range as decimal(12, 2)) + 0.01 as yuan,"
        " timestamp '2026-11-01' + to_seconds(range) as at"
        " from range($rows)"
    )
    batches = instances._frame(instances._arrow_rows(con, query, {"rows": 300_000}))
    pd.testing.assert_frame_equal(batches, con.execute(query, {"rows": 300_000}).df())
    assert len(batches) == 300_000
    # no rows: the same columns (.df() types an empty text column object, Arrow as text)
    empty = instances._frame(instances._arrow_rows(con, query, {"rows": 0}))
    pd.testing.assert_frame_equal(empty, con.execute(query, {"rows": 0}).df(), check_dtype=False)


def test_a_level_that_always_meets_a_refusal_weighs_much_but_not_without_bound():
    """Where a level is refused every time it occurs alone, the unpenalised best weight is
    infinite; the ridge keeps it finite, and the fit must get there without overshooting (full
    Newton steps gave such a level 200 here, and a filed quality request -176 on a real-sized
    shop)."""
    groups = ((10_000, 500, False, False), (200, 200, False, True), (1_000, 100, True, False),
              (20, 0, True, True))
    rows = [_instance(1 + index % 30, f"{slow}{cancel}{index}", slow=slow, cancel=cancel,
                      refused=index < refused)
            for size, refused, slow, cancel in groups for index in range(size)]
    levels = model.load_levels()
    frame = pd.DataFrame(rows)
    fitted = model.fit(model.prepare(frame, levels), frame["is_refused"].to_numpy(), ridge=1.0)
    weight = dict(zip((level.column for level in levels), fitted.weights, strict=True))
    assert 3.0 < weight["request=change_of_mind"] < 10.0
    assert 0.0 < weight["transit=far_slower"] < 2.0

def _instance(days_back: int, order_id: str, *, refused: bool = False, slow: bool = False,
              cancel: bool = False, paid: float = 50.0) -> dict:
    """One parcel in transit at one snapshot, as sql/risk_instances.sql returns it."""
    return {
        "snapshot_days_back": days_back, "order_id": order_id, "tracking_no": f"T{order_id}",
        "buyer_paid_yuan": paid, "is_trial_or_near_zero": False, "is_refused": refused,
        "is_late_shipped": False, "hours_since_shipped": 60.0, "tracking_state": "events",
        "hours_since_last_event": 10.0,
        "has_pickup": True, "transit_hours": 130.0 if slow else 40.0,
        "usual_transit_hours": 50.0, "attempt_state": "not_yet", "is_stuck": False,
        "is_delayed": False, "is_damaged": False,
        "request_state": "change_of_mind" if cancel else "none",
        "request_reason": "不想要了" if cancel else None, "is_refund_agreed": False,
        "is_orders_request": False,
        "message_state": "none", "buyer_message": None,
        "has_penalty": False, "has_boost_tag": False, "product_settled": 20,
        "product_refused": 1, "product_recent_settled": 5, "product_recent_refused": 0,
        "province_settled": 40, "province_refused": 2,
        "shop_settled": 400, "shop_refused": 20, "product_reviews": 0, "product_low_reviews": 0,
    }


def test_a_fit_on_rows_taken_from_a_larger_query_is_the_fit_on_those_rows_alone():
    """A fit groups its training rows by the numbers prepare gave their levels: rows taken
    from a larger query (a replay's day, from the rows of every snapshot) must group as they
    would on their own, order values' quartiles included, to the last digit."""
    rng = np.random.default_rng(11)
    frame = pd.DataFrame([
        _instance(1 + index % 30, f"r{index}", slow=bool(rng.random() < 0.3),
                  cancel=bool(rng.random() < 0.2), refused=bool(rng.random() < 0.2),
                  paid=float(rng.choice([9.9, 39.0, 80.0, 199.0, 560.0])))
        for index in range(800)])
    levels = model.load_levels()
    refused = frame["is_refused"].to_numpy()
    picked = np.flatnonzero(rng.random(len(frame)) < 0.5)
    taken = model.fit(model.prepare(frame.copy(), levels).take(picked, with_frame=False),
                      refused[picked], ridge=1.0)
    alone = model.fit(model.prepare(frame.iloc[picked].reset_index(drop=True), levels),
                      refused[picked], ridge=1.0)
    assert taken.intercept == alone.intercept
    np.testing.assert_array_equal(taken.weights, alone.weights)
    assert (taken.training_instances, taken.training_refused) == (len(picked),
                                                                  int(refused[picked].sum()))
    # and it is the fit of those rows, one by one: the penalised log loss is flat at it
    rows = model.prepare(frame.copy(), levels).take(picked, with_frame=False)
    x = np.column_stack([np.ones(len(picked)), model.design(rows, alone.value_edges)])
    beta = np.concatenate([[alone.intercept], alone.weights])
    penalty = np.concatenate([[0.0], np.full(len(levels), 1.0)])
    gradient = x.T @ (1 / (1 + np.exp(-(x @ beta))) - refused[picked]) + penalty * beta
    assert np.abs(gradient).max() < 1e-4
    assert np.count_nonzero(alone.weights) > 2


def test_instances_taken_apart_keep_each_rows_levels_without_copying_them():
    """Each instance's 0/1 row is kept once per distinct row and shared by every take (a
    run's eight fits each take millions of training rows): a taken instance still has its
    own row, and the rows are not copied."""
    rng = np.random.default_rng(3)
    levels = model.load_levels()
    fixed = (rng.random((500, len(levels))) < 0.1).astype(np.uint8)
    fixed[::7] = fixed[0]  # equal rows share one number
    frame = pd.DataFrame({"hours": np.arange(len(fixed), dtype=float)})
    instances = model.Instances.of(frame, fixed, rng.random(len(fixed)), levels)
    np.testing.assert_array_equal(instances.fixed, fixed)
    assert len(instances.pattern_rows) < len(fixed)
    assert len(set(instances.patterns[::7])) == 1
    picked = rng.permutation(len(fixed))[:200]
    taken = instances.take(picked, with_frame=False)
    np.testing.assert_array_equal(taken.fixed, fixed[picked])
    np.testing.assert_array_equal(taken.paid, instances.paid[picked])
    assert taken.pattern_rows is instances.pattern_rows
    again = taken.take(np.arange(0, 200, 3), with_frame=False)
    np.testing.assert_array_equal(again.fixed, fixed[picked][::3])


def test_a_parcel_is_explained_by_its_strongest_levels_and_the_cause_they_add_up_to():
    """The reasons are the levels raising a parcel's odds at least min_odds times, strongest
    first, three at most, each quoting the parcel's own facts; the likely cause is the cause
    whose levels raise the odds most in all, not the one with the strongest level (a tie goes
    to the stronger level), and '' when no level pointing at a cause raises them."""
    weights = {"late": ("s_logistics", 2.0), "slow": ("s_logistics", 1.0),
               "held": ("s_logistics", 1.0), "lost": ("s_logistics", -3.0),
               "rude": ("s_reviews", 1.5), "shamed": ("s_reviews", 1.0),
               "broken": ("s_quality", 2.0), "faint": ("s_quality", 0.2), "odd": ("", 1.2)}
    causes = {"s_logistics": "logistics", "s_reviews": "reviews", "s_quality": "product_quality"}
    levels = [model.Level("f", name, signal, f"{name}={{hours:.0f}}")
              for name, (signal, _) in weights.items()]
    parcels = {
        "summed": ["late", "rude", "shamed"],  # reviews 2.5 beat the delivery's one 2.0
        "four": ["late", "rude", "shamed", "odd"],  # three told, odd's 1.2 before shamed's 1.0
        "tied": ["broken", "slow", "held"],  # 2.0 each: the goods' single level is stronger
        "faint": ["faint", "odd"],  # too weak to tell, still the only cause raised
        "lowered": ["lost"],
        "plain": [],
    }
    fixed = np.array([[level.level in on for level in levels] for on in parcels.values()],
                     dtype=np.uint8)
    frame = pd.DataFrame({"hours": [10.0 * (1 + index) for index in range(len(parcels))]})
    instances = model.Instances.of(frame, fixed, np.zeros(len(frame)), levels)
    fitted = model.Fit(0.0, np.array([weight for _, weight in weights.values()]), levels,
                       model.value_edges(np.zeros(0)), 100, 10)
    likely, reasons = model.explain(instances, fitted, causes, 1.3, {})
    assert dict(zip(parcels, zip(likely, reasons, strict=True), strict=True)) == {
        "summed": ("reviews", "late=10（×7.4）；rude=10（×4.5）；shamed=10（×2.7）"),
        "four": ("reviews", "late=20（×7.4）；rude=20（×4.5）；odd=20（×3.3）"),
        "tied": ("product_quality", "broken=30（×7.4）；slow=30（×2.7）；held=30（×2.7）"),
        "faint": ("product_quality", "odd=40（×3.3）"),
        "lowered": ("", ""),
        "plain": ("", ""),
    }


def test_a_filed_cancel_request_on_a_slow_route_ranks_above_a_plain_parcel():
    rng = np.random.default_rng(7)
    history = []
    for index in range(600):
        slow, cancel = bool(rng.random() < 0.2), bool(rng.random() < 0.1)
        chance = 0.03 + 0.25 * slow + 0.5 * cancel
        history.append(_instance(1 + index % 30, f"h{index}", slow=slow, cancel=cancel,
                                 refused=bool(rng.random() < chance)))
    now = pd.DataFrame([_instance(0, "plain", paid=80.0),
                        _instance(0, "risky", slow=True, cancel=True, paid=80.0)])
    levels = model.load_levels()
    training = pd.DataFrame(history)
    fitted = model.fit(model.prepare(training, levels), training["is_refused"].to_numpy(),
                       ridge=1.0)
    scored = model.prepare(now, levels)
    risks = dict(zip(now["order_id"], fitted.score(scored), strict=True))
    assert risks["risky"] > 0.5 > 0.1 > risks["plain"]
    likely, reasons = model.explain(scored, fitted, model.signal_causes(), 1.3,
                                    model.wording_windows(instances.parameters()))
    assert likely == ["", "reviews"]  # a change of mind points at reviews in the registry
    assert "不想要了" in reasons[1] and "常见时长" in reasons[1] and reasons[0] == ""


def test_the_risk_file_and_the_stored_list_have_no_personal_data(warehouse_copy, tmp_path,
                                                                  short_replay):
    phone, name = "13812345678", "王小明"
    with warehouse.connect(warehouse_copy) as con:
        in_transit = score.score_as_of(con, AS_OF).parcels["order_id"].tolist()
        # a buyer's request with a phone number and a name, filed before the as-of time
        [(sha256,)] = con.execute("select min(file_sha256) from meta.loaded_files "
                                  "where kind = 'after_sales'").fetchall()
        con.execute(
            f"insert into {warehouse.landing_table('after_sales', sha256)} (file_sha256, "
            "after_sales_id, order_id, after_sales_type, after_sales_status, reason, applied_at) "
            "values (?, 'AS-PII', ?, '仅退款', '买家申请退款，待商家处理', ?, ?)",
            [sha256, in_transit[0], f"不想要了 电话{phone} 联系人：{name}",
             "2026-11-15 10:00:00"],
        )
        runner.forget_incremental_builds(con)  # a row landed into a typed file: type it again
        runner.build(con)
        output = tmp_path / "risk.csv"
        written = score.write_risk_csv(con, score.score_as_of(con, AS_OF), output)
        weekly.record_week(con, WEEK)
        stored = "\n".join(f"{reasons}\t{action}" for reasons, action in con.execute(
            "select reasons, suggested_action from marts.fct_parcels_at_risk where order_id = ?",
            [in_transit[0]]).fetchall())
    assert "138****5678" in stored and "联系人：***" in stored
    assert phone not in stored and name not in stored
    raw = output.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    with output.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == score.RISK_COLUMNS
    assert len(rows) == written > 100
    losses = [float(row["expected_loss_yuan"]) for row in rows]
    assert losses == sorted(losses, reverse=True)
    assert all(0.0 <= float(row["risk"]) <= 1.0 for row in rows)
    assert {row["likely_cause"] for row in rows} <= {"", *model.signal_causes().values()}
    text = raw.decode("utf-8-sig")
    # the request reached the file, masked
    assert "138****5678" in text and "联系人：***" in text
    assert phone not in text and name not in text


def test_the_action_follows_the_playbook():
    frame = pd.DataFrame({"expected_loss_yuan": [1.0, 30.0, 30.0, 30.0],
                          "is_refund_agreed": [True, True, False, False],
                          "likely_cause": ["logistics", "logistics", "logistics", ""]})
    actions = score.suggested_actions(frame, score.load_playbook(), min_expected_loss_yuan=5.0)
    assert actions[0].startswith("不处理")
    assert "拦截" in actions[1]
    assert "耽搁" in actions[2]  # the logistics script
    assert actions[3].startswith("联系买家") and "耽搁" not in actions[3]


# --- the weekly run's list (pipelines/risk/weekly.py) ---------------------------------------------

_STORED_SQL = """
select as_of, risk_rank, order_id, risk, expected_loss_yuan
from marts.fct_parcels_at_risk where iso_week = ? order by risk_rank
"""


def _stored(con, week) -> pd.DataFrame:
    return con.execute(_STORED_SQL, [str(week)]).df()


def test_a_weeks_list_is_the_one_that_stood_at_its_end_and_stays(warehouse_copy, short_replay):
    with warehouse.connect(warehouse_copy) as con:
        latest = pipeline.latest_data_at(con)
        recorded = weekly.record_week(con, WEEK)
        expected = score.score_as_of(con, AS_OF, short_replay).parcels
        stored = _stored(con, WEEK)
        # the week's end, though the data goes on for another week ...
        assert recorded["as_of"] == AS_OF < latest - dt.timedelta(days=6)
        assert (stored["as_of"] == AS_OF).all()
        # ... and the list that score_as_of gives for it, highest expected loss first
        assert len(stored) == recorded["parcels_in_transit"] > 100
        assert stored["order_id"].tolist() == expected["order_id"].tolist()
        assert stored["risk"].tolist() == expected["risk"].tolist()
        assert stored["risk_rank"].tolist() == list(range(1, len(stored) + 1))
        losses = stored["expected_loss_yuan"].tolist()
        assert losses == sorted(losses, reverse=True)
        # the next week ends after the data: its list stands at the latest data
        assert weekly.record_week(con, WEEK.shifted(1))["as_of"] == latest
        # a week run again replaces its rows; the other week's stay
        weekly.record_week(con, WEEK)
        assert con.execute("select iso_week, count(*) from marts.agg_parcels_at_risk_weekly "
                           "group by iso_week order by iso_week").fetchall() == [
            (str(WEEK), 1), (str(WEEK.shifted(1)), 1)]
        pd.testing.assert_frame_equal(_stored(con, WEEK), stored)
        # a rebuild (what refusals attribute does) leaves them as they were
        pipeline.load_and_build(con, config.SAMPLE_DIR)
        pd.testing.assert_frame_equal(_stored(con, WEEK), stored)
        assert len(_stored(con, WEEK.shifted(1))) > 100
        # retention (run --keep-weeks 1) forgets the weeks before
        store.forget_weeks_before(con, str(WEEK.shifted(1)))
        assert len(_stored(con, WEEK)) == 0 and len(_stored(con, WEEK.shifted(1))) > 100
        assert con.execute("select iso_week from marts.agg_parcels_at_risk_weekly").fetchall() == [
            (str(WEEK.shifted(1)),)]


def test_the_replay_measures_against_the_pipelines_own_detection(warehouse_copy, short_replay):
    """No labels file: the refusals the replay counts are those marts.fct_parcels detected."""
    with warehouse.connect(warehouse_copy) as con:
        assert replay.replayable_days(con, last=dt.date(2026, 11, 14), most=REPLAY_DAYS) == [
            dt.date(2026, 11, day) for day in range(10, 15)]
        before = weekly.record_week(con, WEEK)["replay"]
        con.execute("update marts.fct_parcels set outcome = 'delivered' where outcome = 'refused'")
        after = weekly.record_week(con, WEEK)["replay"]
        stored = con.execute("select replay_days, replay_scored_pairs, replay_refused_pairs "
                             "from marts.agg_parcels_at_risk_weekly").fetchall()
    assert before["days"] == REPLAY_DAYS and before["refused_pairs"] > 20
    assert 0.5 < before["auc"] <= 1 and before["lift_top10"] > 1
    assert after["scored_pairs"] == before["scored_pairs"] and after["refused_pairs"] == 0
    assert stored == [(REPLAY_DAYS, before["scored_pairs"], 0)]
    assert "not a labels file" in before["measured_against"]


def test_without_the_detail_tables_the_run_keeps_no_list_and_the_report_says_so(
        warehouse_copy, short_replay):
    """A build that brought back the marts alone (Spark's for ``attribute``) has no staging or
    intermediate tables for the risk SQL to read."""
    with warehouse.connect(warehouse_copy) as con:
        weekly.record_week(con, WEEK)
        for kind in ("view", "table"):
            for schema, name in con.execute(
                    f"select schema_name, {kind}_name from duckdb_{kind}s() "
                    "where schema_name in ('staging', 'intermediate') and not internal"
            ).fetchall():
                con.execute(f"drop {kind} if exists {schema}.{name}")
        recorded = weekly.record_week(con, WEEK)
        assert len(_stored(con, WEEK)) == 0
    assert not recorded["computed"] and "intermediate.int_orders_deduplicated" in recorded["why"]
    said = tables.at_risk_now(report_data.read_week(warehouse_copy, str(WEEK)))
    assert len(said) == 1 and said[0].startswith("本周没有计算在途风险")


@pytest.mark.slow
def test_the_report_shows_the_weeks_list_and_the_replayed_figures(warehouse_copy, short_replay,
                                                                  tmp_path):
    with warehouse.connect(warehouse_copy) as con:
        recorded = weekly.record_week(con, WEEK)
        top = _stored(con, WEEK)["order_id"].head(10).tolist()
    page = render.render_report(warehouse_copy, str(WEEK), tmp_path).html.read_text("utf-8")
    section = page[page.index("在途风险 At risk now"):page.index("7 未了结事项")]
    assert [order for order in top if order in section] == top
    positions = [section.index(order) for order in top]
    assert positions == sorted(positions)
    replayed = recorded["replay"]
    sentence = (f"每天风险最高的 10% 包裹包含了之后拒收的 {replayed['recall_top10']:.0%}"
                f"（是随机挑选的 {replayed['lift_top10']:.1f} 倍）")
    assert f"回放截止时间前 {REPLAY_DAYS} 天" in section and html.escape(sentence) in section
    assert f"AUC {replayed['auc']:.2f}；依据本店自己的拒收识别，不是人工标注。" in section
    assert f"在途包裹 {recorded['parcels_in_transit']:,} 个" in section


def test_the_weeks_look_back_holds_everything_the_risk_step_reads():
    """A run's models keep weeks.LOOKBACK of rows; the risk step's earliest snapshot needs its
    windows and the longest transit before it, or its first snapshots learn from less."""
    from pipelines.weeks import LOOKBACK

    params = instances.parameters()
    needed = (int(params["risk_history_days"]) + int(params["risk_replay_days"])
              + instances.look_back_days(params))
    assert dt.timedelta(days=needed) <= LOOKBACK


def test_a_refund_asked_in_an_orders_export_counts_from_that_export_on(tmp_path):
    """A parcel on its way whose order an export shows with a refund asked for: each snapshot
    knows it only from the time that export holds on."""
    order_id, tracking_no = "261116-000000000000001", "75000000000001"
    in_transit = {"status": "已发货，待签收"}
    folder = tmp_path / "exports"
    folder.mkdir()
    write_export(folder, "orders_1.csv", ORDER_HEADER,
                 [order_row(order_id, tracking_no, **in_transit)])
    # the order asked back, in an export that also holds an order placed on the 18th at 10:00
    write_export(folder, "orders_2.csv", ORDER_HEADER, [
        order_row(order_id, tracking_no, **in_transit, after_sales_status="售后处理中"),
        order_row("261118-000000000000002", "75000000000002", **in_transit,
                  ordered_at="2026-11-18 10:00:00", shipped_at="2026-11-18 11:00:00"),
    ])
    write_export(folder, "tracking.csv", KUAIDI100_HEADER, journey(
        tracking_no,
        ("2026-11-16 19:00:00", "1", "103", "【苏州市】快件已揽收"),
        ("2026-11-17 08:00:00", "0", "1002", "快件已到达【南京分拨中心】"),
        ("2026-11-19 08:00:00", "3", "301", "已签收，签收人：本人"),
    ))
    with warehouse.connect(tmp_path / "warehouse.duckdb") as con:
        pipeline.load_and_build(con, folder)
        rows = instances.load(con, dt.datetime(2026, 11, 19, 12), names_on_every_row=True)
    known = rows[rows["order_id"] == order_id].set_index("snapshot_at")["is_orders_request"]
    # in transit at the ends of the 16th, 17th and 18th, delivered on the 19th
    assert known.to_dict() == {dt.datetime(2026, 11, 16, 23, 59, 59): False,
                               dt.datetime(2026, 11, 17, 23, 59, 59): False,
                               dt.datetime(2026, 11, 18, 23, 59, 59): True}


def test_a_parcels_courier_at_a_snapshot_is_the_one_its_tracking_named_by_then(tmp_path):
    """A later event that names another courier (a parcel handed on) must not rename the
    courier of the snapshots before it: their facts, and what a score learns from them, are
    what was known then. Before any event the order's courier stands."""
    order_id, tracking_no = "261116-000000000000003", "75000000000003"
    folder = tmp_path / "exports"
    folder.mkdir()
    write_export(folder, "orders.csv", ORDER_HEADER,  # the order names 中通快递 (ZTO)
                 [order_row(order_id, tracking_no, status="已发货，待签收")])
    write_export(folder, "tracking.csv", KUAIDI100_HEADER, [
        [tracking_no, "圆通速递", "2026-11-16 19:00:00", "1", "103", "【苏州市】快件已揽收"],
        [tracking_no, "圆通速递", "2026-11-17 08:00:00", "0", "1002", "快件已到达【南京分拨中心】"],
        [tracking_no, "中通快递", "2026-11-18 10:00:00", "0", "1002", "快件已到达【合肥转运中心】"],
        [tracking_no, "中通快递", "2026-11-19 09:00:00", "3", "301", "已签收，签收人：本人"],
    ])
    with warehouse.connect(tmp_path / "warehouse.duckdb") as con:
        pipeline.load_and_build(con, folder)
        rows = instances.load(con, dt.datetime(2026, 11, 19, 12), names_on_every_row=True)
    named = rows[rows["order_id"] == order_id].set_index("snapshot_at")["courier_code"]
    # in transit at the ends of the 16th, 17th and 18th (delivered on the 19th): 圆通 named it
    # first, 中通 only on the 18th
    assert named.to_dict() == {dt.datetime(2026, 11, day, 23, 59, 59): "YTO"
                               for day in (16, 17, 18)}


def test_a_parcel_counts_at_a_snapshot_by_the_second_not_by_the_day(tmp_path):
    """The query joins a parcel to the snapshots by day first, then compares the times: a
    parcel is in transit at a day's end from the second it shipped until the second it
    settled, for less than risk_max_transit_days; settled, it counts in its product's rate
    for risk_rate_window_days after, to the second, whatever day each bound falls on."""
    params = instances.parameters()
    max_transit = dt.timedelta(days=int(params["risk_max_transit_days"]))
    rate_window = dt.timedelta(days=int(params["risk_rate_window_days"]))

    def end_of(day: int) -> dt.datetime:
        return dt.datetime(2026, 11, day, 23, 59, 59)

    def stamp(at: dt.datetime) -> str:
        return f"{at:%Y-%m-%d %H:%M:%S}"

    def parcel(order_id: str, tracking_no: str, shipped: dt.datetime, signed: dt.datetime,
               product_id: str = "100001"):
        order = order_row(order_id, tracking_no, status="已发货，待签收", product_id=product_id,
                          ordered_at=stamp(shipped - dt.timedelta(hours=1)),
                          shipped_at=stamp(shipped))
        events = journey(
            tracking_no,
            (stamp(shipped + dt.timedelta(hours=1)), "1", "103", "【苏州市】快件已揽收"),
            (stamp(signed), "3", "301", "已签收，签收人：本人"),
        )
        return order, events

    # shipped at the 16th's end, signed at the 18th's
    shipped_at_an_end = ("261116-000000000000011", "75000000000011")
    shipped_longest = ("261028-000000000000012", "75000000000012")
    settled_at_the_window_start = ("261020-000000000000013", "75000000000013")
    settled_a_second_later = ("261021-000000000000014", "75000000000014")
    # the as-of time is no day's end: its window opens within a day (another product's parcels)
    as_of = dt.datetime(2026, 11, 19, 12)
    settled_within_the_as_ofs_first_day = ("261101-000000000000015", "75000000000015")
    on_its_way_at_the_as_of = ("261119-000000000000016", "75000000000016")
    parcels = [
        parcel(*shipped_at_an_end, end_of(16), end_of(18)),
        # shipped exactly max_transit before the 17th's end, signed on the 19th
        parcel(*shipped_longest, end_of(17) - max_transit, dt.datetime(2026, 11, 19, 8)),
        parcel(*settled_at_the_window_start, end_of(16) - rate_window - dt.timedelta(days=13),
               end_of(16) - rate_window),
        parcel(*settled_a_second_later, end_of(16) - rate_window - dt.timedelta(days=12),
               end_of(16) - rate_window + dt.timedelta(seconds=1)),
        parcel(*settled_within_the_as_ofs_first_day, as_of - rate_window - dt.timedelta(days=3),
               as_of - rate_window + dt.timedelta(hours=1), product_id="100002"),
        parcel(*on_its_way_at_the_as_of, as_of - dt.timedelta(hours=3),
               as_of + dt.timedelta(hours=2), product_id="100002"),
    ]
    folder = tmp_path / "exports"
    folder.mkdir()
    write_export(folder, "orders.csv", ORDER_HEADER, [order for order, _ in parcels])
    write_export(folder, "tracking.csv", KUAIDI100_HEADER,
                 [event for _, events in parcels for event in events])
    with warehouse.connect(tmp_path / "warehouse.duckdb") as con:
        pipeline.load_and_build(con, folder)
        rows = instances.load(con, as_of, params, names_on_every_row=True)

    def seen(order_id: str) -> dict[dt.datetime, int]:
        return rows[rows["order_id"] == order_id].set_index("snapshot_at")[
            "product_settled"].to_dict()

    # in transit from the very second it shipped, no longer at the very second it was signed
    assert seen(shipped_at_an_end[0]) == {
        # at the 16th's end the parcel settled a second after the window's start counts, the
        # one settled at its start does not; at the 17th's end neither does
        end_of(16): 1, end_of(17): 0}
    longest = seen(shipped_longest[0])
    first = (end_of(17) - max_transit).date()
    assert sorted(longest) == [
        dt.datetime.combine(first + dt.timedelta(days=back), dt.time(23, 59, 59))
        for back in range((end_of(16).date() - first).days + 1)]
    assert longest[end_of(15)] == 2 and longest[end_of(16)] == 1
    # the as-of time's window holds the parcel settled within its first day
    assert seen(on_its_way_at_the_as_of[0]) == {as_of: 1}
