"""Retention and the leftovers of interrupted runs, without running the pipeline."""

from __future__ import annotations

from pipelines import warehouse
from pipelines.publish import manifest, swap
from pipelines.weeks import Week


def test_old_week_folders_go_and_other_folders_stay(tmp_path):
    for name in ("2026-W40", "2026-W45", "2026-W47", "_validation", "notes"):
        (tmp_path / name).mkdir()
    removed = swap.remove_week_folders_before(tmp_path, Week(2026, 45))
    assert [path.name for path in removed] == ["2026-W40"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "2026-W45",
        "2026-W47",
        "_validation",
        "notes",
    ]


def test_run_history_before_the_kept_weeks_is_forgotten(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.ensure_tables(con)
        for week in ("2026-W30", "2026-W47"):
            manifest.record_run(
                con,
                {
                    "run_id": week,
                    "week": week,
                    "exit_status": 0,
                    "rules_version": "x",
                    "outputs": {"refusals": 1},
                },
            )
        con.execute("create table meta.validation_runs (run_id varchar, week varchar)")
        con.execute("create table meta.validation_results (run_id varchar)")
        con.execute("insert into meta.validation_runs values ('a', '2026-W30'), ('b', '2026-W47')")
        con.execute("insert into meta.validation_results values ('a'), ('b')")
        manifest.forget_runs_before(con, Week(2026, 40))
        assert con.execute("select week from meta.runs").fetchall() == [("2026-W47",)]
        assert con.execute("select run_id from meta.validation_results").fetchall() == [("b",)]


def test_a_run_killed_mid_swap_gets_its_report_back(tmp_path):
    final = tmp_path / "2026-W47"
    retired = tmp_path / ".2026-W47.1234abcd.old"
    retired.mkdir()
    (retired / "weekly_report.html").write_text("previous")
    (tmp_path / ".2026-W47.5678abcd.new").mkdir()  # the half-built folder of the killed run
    building = swap.staging_folder(final)
    assert (final / "weekly_report.html").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [building.name]
