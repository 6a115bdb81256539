"""Retention and the leftovers of interrupted runs, without running the pipeline."""

from __future__ import annotations

import os

import pytest

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


def test_publishing_a_week_again_leaves_no_moment_without_its_report(tmp_path, monkeypatch):
    """Every rename publishing does is watched: after each, the week's folder is there, whole."""
    final = tmp_path / "2026-W47"
    final.mkdir()
    (final / "weekly_report.html").write_text("previous")
    built = swap.staging_folder(final)
    (built / "weekly_report.html").write_text("new")
    moments = []

    def watched(rename):
        def call(source, target, *args, **kwargs):
            rename(source, target, *args, **kwargs)
            moments.append((final / "weekly_report.html").read_text()
                           if (final / "weekly_report.html").exists() else None)
        return call

    monkeypatch.setattr(swap.os, "replace", watched(os.replace))
    monkeypatch.setattr(swap.os, "rename", watched(os.rename))
    swap.promote_folder(built, final)
    assert None not in moments
    assert (final / "weekly_report.html").read_text() == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["2026-W47"]


def test_where_folders_cannot_be_exchanged_two_renames_still_publish(tmp_path, monkeypatch):
    monkeypatch.setattr(swap, "_exchange", lambda first, second: False)
    final = tmp_path / "2026-W47"
    final.mkdir()
    (final / "weekly_report.html").write_text("previous")
    built = swap.staging_folder(final)
    (built / "weekly_report.html").write_text("new")
    swap.promote_folder(built, final)
    assert (final / "weekly_report.html").read_text() == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["2026-W47"]


def test_an_exchange_the_system_refuses_for_another_reason_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        swap._exchange(tmp_path / "missing", tmp_path / "also_missing")


def test_a_first_publication_appears_whole(tmp_path):
    final = tmp_path / "2026-W48"
    built = swap.staging_folder(final)
    (built / "weekly_report.html").write_text("first")
    swap.promote_folder(built, final)
    assert (final / "weekly_report.html").read_text() == "first"
    assert not built.exists()
