"""What the weekly report promises the merchant, checked over every week of generated shops it
was not written against (other profiles, seeds and lengths than data/sample): no order the
merchant is at fault for, and none already refunded, is sent to contest; every to-do line names
its object and its counts, with the money apart; no spike is raised against a partial week.

The rules are tested row by row on hand-written data in test_business_marts.py; here the same
marts run on whole generated shops, where the combinations come from the data.
"""

from __future__ import annotations

import itertools

import duckdb
import pytest

from pipelines import pipeline, warehouse
from pipelines.sample import generate_sample

SHOPS = [("rules_heavy", 11, 5), ("reviews_heavy", 23, 6), ("logistics_heavy", 5, 3)]


@pytest.fixture(scope="module", params=SHOPS, ids=[shop[0] for shop in SHOPS])
def con(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    profile, seed, weeks = request.param
    folder = tmp_path_factory.mktemp(f"{profile}_exports")
    generate_sample(folder, orders=2500, seed=seed, weeks=weeks, profile=profile)
    path = tmp_path_factory.mktemp(f"{profile}_warehouse") / "refusals.duckdb"
    with warehouse.connect(path) as connection:
        pipeline.load_and_build(connection, folder)
    with warehouse.connect(path, read_only=True) as connection:
        yield connection


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_no_order_the_merchant_caused_or_already_refunded_is_contested(con) -> None:
    contested = rows(con, """
        select order_id, fault, refund_state from marts.fct_dispute_worklist
        where action = 'contest_with_evidence'
            and (fault = 'merchant' or refund_state = 'refunded')""")
    assert contested == []
    # and the shops do have both kinds of order, so the check had something to catch
    assert rows(con, "select count(*) filter (where fault = 'merchant'), "
                     "count(*) filter (where refund_state = 'refunded') "
                     "from marts.fct_dispute_worklist")[0] >= (1, 1)


def test_every_refusal_of_a_week_is_on_its_to_do_list_once(con) -> None:
    """Per week, the to-do rows of products and routes hold every refusal once: none is left
    out and none counted twice."""
    unbalanced = rows(con, """
        with listed as (
            select iso_week, sum(refused) as refused
            from marts.agg_todo_weekly where kind in ('product', 'route') group by iso_week
        ),
        refused as (
            select refusal_week as iso_week, count(*) as refused
            from marts.fct_refusals group by refusal_week
        )
        select * from refused full join listed using (iso_week)
        where refused.refused is distinct from listed.refused""")
    assert unbalanced == []


def test_every_to_do_line_names_its_object_counts_and_money(con) -> None:
    lines = rows(con, """
        select todo_rank, kind, object_zh, refused, settled, why_zh, refusal_cost_yuan,
            fines_yuan, at_stake_yuan
        from marts.agg_todo_weekly""")
    assert lines
    for rank, kind, what, refused, settled, why, cost, fines, at_stake in lines:
        assert what and refused > 0, (rank, what)
        if kind == "orders":
            assert f"（{refused} 单）" in what and "买家实付 ¥" in why
        else:
            rate = int(100 * refused / settled + 0.5)  # SQL rounds half away from zero
            assert why.split("；")[0].endswith(
                f" {refused} 单（本周结算 {settled} 单，拒收率 {rate}%）")
        assert at_stake == pytest.approx(cost + fines, abs=0.011)


def test_spikes_are_raised_only_on_whole_weeks_against_whole_weeks(con) -> None:
    first_week = rows(con, "select min(iso_week) from marts.agg_outcomes_weekly")[0][0]
    assert rows(con, "select is_partial from marts.agg_outcomes_weekly "
                     f"where iso_week = '{first_week}'") == [(True,)]
    unfounded = rows(con, """
        select alerts.iso_week, alerts.dimension_value
        from marts.agg_alerts_weekly as alerts
        inner join marts.agg_outcomes_weekly as reported using (iso_week)
        where alerts.alert = 'spike' and (
            reported.is_partial
            or (select count(*) from marts.agg_outcomes_weekly as earlier
                where earlier.week_start < reported.week_start
                    and earlier.week_start >= reported.week_start - interval 28 days
                    and not earlier.is_partial and earlier.has_data) < 4)""")
    assert unfounded == []


def test_the_evidence_names_facts_with_their_strength_not_codes(con) -> None:
    signal_names = [name for (name,) in rows(con, "select signal from seeds.signals")]
    evidence = [text for (text,) in rows(con, "select evidence from marts.fct_refusals")]
    assert not [text for text in evidence for name in signal_names if name in text]
    explained = [text for (text,) in rows(
        con, "select evidence from marts.fct_refusals where not is_fallback")]
    assert all("——" in text and text.split("——")[1][:2] in ("强：", "中：", "弱：")
               for text in explained)


def test_the_to_do_list_has_one_order_however_often_it_is_built(con) -> None:
    """Ranks follow the money at stake, and two lines never tie: a product listed for two causes
    with the same sums is ordered by its cause, so a rebuild cannot swap them."""
    lines = rows(con, """
        select iso_week, todo_rank, -at_stake_yuan, kind, object_zh, coalesce(cause, '')
        from marts.agg_todo_weekly order by iso_week, todo_rank""")
    for (week, rank, *key), (next_week, next_rank, *next_key) in itertools.pairwise(lines):
        if week == next_week:
            assert next_rank == rank + 1 and key < next_key, (week, rank, key, next_key)
