"""Each family of checks stops bad data, and clean data passes. Broken exports are run through
``refusals validate``/``run``: exit 1, a sentence naming the file, nothing published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import KUAIDI100_HEADER, ORDER_HEADER, journey, order_row, write_export

from pipelines import pipeline, warehouse
from pipelines.validate import checks
from pipelines.weeks import Week

REPORTED = Week(2026, 47)
FIRST_MONDAY = REPORTED.start - dt.timedelta(weeks=4)


def _clean_exports(folder: Path, per_week: int = 12) -> tuple[list[list[str]], list[list[str]]]:
    """Five weeks of ordinary orders with full tracking, up to the reported week's Sunday."""
    orders, events = [], []
    for index in range(per_week * 5):
        ordered = FIRST_MONDAY + dt.timedelta(hours=14 * index)
        order_id = f"{ordered:%y%m%d}-{index:015d}"
        tracking = f"73{index:011d}"
        shipped, attempt = ordered + dt.timedelta(hours=8), ordered + dt.timedelta(hours=40)
        orders.append(
            order_row(
                order_id,
                tracking,
                status="已签收",
                ordered_at=f"{ordered:%Y-%m-%d %H:%M:%S}",
                shipped_at=f"{shipped:%Y-%m-%d %H:%M:%S}",
                promised_ship_by=f"{ordered + dt.timedelta(hours=48):%Y-%m-%d %H:%M:%S}",
            )
        )
        events += journey(
            tracking,
            (f"{shipped + dt.timedelta(hours=1):%Y-%m-%d %H:%M:%S}", "1", "103", "已揽收"),
            (f"{attempt:%Y-%m-%d %H:%M:%S}", "5", "", "快件正在派送中"),
            (f"{attempt + dt.timedelta(hours=2):%Y-%m-%d %H:%M:%S}", "3", "301", "已签收"),
        )
    return orders, events


def _write(folder: Path, orders, events, orders_encoding="utf-8-sig") -> Path:
    folder.mkdir(exist_ok=True)
    write_export(folder, "orders.csv", ORDER_HEADER, orders, encoding=orders_encoding)
    write_export(folder, "tracking.csv", KUAIDI100_HEADER, events)
    return folder


def _validate(folder: Path, tmp_path: Path) -> checks.ValidationOutcome:
    path = tmp_path / f"{folder.name}.duckdb"
    with warehouse.connect(path) as con:
        pipeline.load_and_build(con, folder)
    return checks.validate_warehouse(path, REPORTED)


def _failed(outcome: checks.ValidationOutcome) -> set[str]:
    return {check.check for check in outcome.failures}


def test_clean_exports_pass_every_fail_check(tmp_path):
    outcome = _validate(_write(tmp_path / "clean", *_clean_exports(tmp_path)), tmp_path)
    assert outcome.success, outcome.summary()
    assert len(outcome.checks) > 20
    assert not any(check.error for check in outcome.checks), outcome.summary()


def test_a_truncated_orders_export_fails_the_volume_check(tmp_path):
    orders, events = _clean_exports(tmp_path)
    in_reported_week = [row for row in orders if row[15] >= f"{REPORTED.start:%Y-%m-%d}"]
    truncated = [row for row in orders if row not in in_reported_week[1:]]
    outcome = _validate(_write(tmp_path / "truncated", truncated, events), tmp_path)
    assert "weekly_volume" in _failed(outcome)


def test_tracking_from_another_week_fails_coverage(tmp_path):
    orders, events = _clean_exports(tmp_path)
    stale = [[f"99{row[0]}", *row[1:]] for row in events]  # other parcels altogether
    outcome = _validate(_write(tmp_path / "stale", orders, stale), tmp_path)
    assert "tracking_coverage" in _failed(outcome)


def test_an_orders_export_cut_at_a_line_break_fails_on_a_first_run(tmp_path):
    """Issue #14: no short last row gives it away and no earlier week for the volume check, but
    most tracking numbers match no order."""
    orders, events = _clean_exports(tmp_path)
    reported_week = [row for row in orders if row[15] >= f"{REPORTED.start:%Y-%m-%d}"]
    tracked = {row[13] for row in reported_week}
    week_events = [event for event in events if f"\t{event[0]}" in tracked]
    outcome = _validate(
        _write(tmp_path / "cut", reported_week[:1], week_events), tmp_path
    )
    assert "tracking_matches_orders" in _failed(outcome)
    failure = next(c for c in outcome.failures if c.check == "tracking_matches_orders")
    assert failure.sentence().startswith("tracking.csv: ")
    assert "(e.g. 92%)" in failure.sentence()  # 11 of the week's 12 parcels
    assert "export the orders again" in failure.sentence()


def test_an_orders_export_without_its_tracking_fails_though_the_run_is_mostly_covered(
    tmp_path,
):
    orders, events = _clean_exports(tmp_path)
    older = [
        order_row(f"261019-{index:015d}", f"75{index:011d}", status="已签收",
                  ordered_at="2026-10-19 09:00:00", shipped_at="")
        for index in range(20)
    ]
    folder = _write(tmp_path / "older", orders, events)
    write_export(folder, "older.csv", ORDER_HEADER, older)
    outcome = _validate(folder, tmp_path)
    assert "tracking_coverage" not in _failed(outcome)  # 60 of 80 shipped orders have tracking
    failure = next(c for c in outcome.failures if c.check == "shipped_orders_tracked")
    assert failure.locations == ["older.csv"]
    assert "(e.g. 100%)" in failure.sentence()


def test_excel_damage_to_every_tracking_number_fails(tmp_path):
    orders, events = _clean_exports(tmp_path)
    for row in orders:
        row[13] = f"{int(row[13].strip()):.11E}"
    outcome = _validate(_write(tmp_path / "excel", orders, events), tmp_path)
    assert {"tracking_no_not_excel_damaged", "quarantine_share"} <= _failed(outcome)
    damaged = next(c for c in outcome.failures if c.check == "tracking_no_not_excel_damaged")
    assert "orders.csv, row 2" in damaged.sentence()
    assert damaged.unexpected_count == len(orders)


def test_gb18030_text_read_as_utf8_fails(tmp_path):
    orders, events = _clean_exports(tmp_path)
    for row in orders:  # what a wrong conversion leaves: replacement characters
        row[0] = row[0].encode("gb18030").decode("utf-8", errors="replace")
    outcome = _validate(_write(tmp_path / "mojibake", orders, events), tmp_path)
    assert "text_not_garbled" in _failed(outcome)


def test_unknown_status_wording_warns_when_rare_and_fails_when_common(tmp_path):
    orders, events = _clean_exports(tmp_path)
    orders[0][2] = "已妥投"
    outcome = _validate(_write(tmp_path / "rare", orders, events), tmp_path)
    assert outcome.success
    assert "order_status_known" in {check.check for check in outcome.warnings}
    for row in orders:
        row[2] = "Delivered"
    outcome = _validate(_write(tmp_path / "common", orders, events), tmp_path)
    assert "order_status_mostly_known" in _failed(outcome)


def test_data_that_ends_before_the_week_does_fails_freshness(tmp_path):
    orders, events = _clean_exports(tmp_path)
    cutoff = f"{REPORTED.start + dt.timedelta(days=2):%Y-%m-%d}"
    early = _write(
        tmp_path / "early",
        [r for r in orders if r[15] < cutoff],
        [e for e in events if e[2] < cutoff],
    )
    assert "data_covers_week" in _failed(_validate(early, tmp_path))


def test_shipping_before_ordering_fails(tmp_path):
    orders, events = _clean_exports(tmp_path)
    for row in orders:
        row[7], row[15] = row[15], row[7]
    outcome = _validate(_write(tmp_path / "swapped", orders, events), tmp_path)
    assert "shipped_after_ordered" in _failed(outcome)


def test_validate_command_exits_1_and_names_the_file(tmp_path, capsys):
    from pipelines.cli import main

    orders, events = _clean_exports(tmp_path)
    for row in orders:
        row[13] = f"{int(row[13].strip()):.11E}"
    folder = _write(tmp_path / "cli", orders, events)
    code = main(
        [
            "validate",
            "--input",
            str(folder),
            "--week",
            str(REPORTED),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--out",
            str(tmp_path / "reports"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "orders.csv, row 2" in err and "E-notation" in err and "Traceback" not in err
    assert (tmp_path / "reports" / "_validation" / "latest" / "index.html").exists()
    assert not (tmp_path / "w.duckdb").exists()  # validation never touches the live warehouse


@pytest.fixture(autouse=True)
def _quiet_gx(monkeypatch):
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "false")


def test_paying_more_than_goods_and_postage_fails(tmp_path):
    orders, events = _clean_exports(tmp_path)
    for row in orders:
        row[5] = "999.00"  # 用户实付金额(元) far above 商品总价(元) + 邮费(元)
    outcome = _validate(_write(tmp_path / "amounts", orders, events), tmp_path)
    assert "paid_within_goods_and_postage" in _failed(outcome)


def test_store_scores_out_of_range_fail(tmp_path):
    from conftest import STORE_SCORES_HEADER

    folder = _write(tmp_path / "scores", *_clean_exports(tmp_path))
    write_export(folder, "scores.csv", STORE_SCORES_HEADER,
                 [["2026-11-20", "48.5", "4.7", "4.8", "4.8"]])
    assert "store_score_is_0_to_5" in _failed(_validate(folder, tmp_path))


def test_the_committed_sample_passes(tmp_path):
    from pipelines import config
    from pipelines.pipeline import latest_data_at
    from pipelines.weeks import last_complete_week

    path = tmp_path / "sample.duckdb"
    with warehouse.connect(path) as con:
        pipeline.load_and_build(con, config.SAMPLE_DIR)
        week = last_complete_week(latest_data_at(con))
    outcome = checks.validate_warehouse(path, week)
    assert outcome.success, outcome.summary()


def test_a_run_checks_the_files_it_was_given_not_those_an_earlier_run_kept(tmp_path):
    """A weekly run checks its week's files: the rows of a file the warehouse kept from an
    earlier run are not checked again (that run did), unless the file is given again."""
    orders, events = _clean_exports(tmp_path)
    for row in orders:
        row[13] = f"{int(row[13].strip()):.11E}"  # Excel's E-notation
    for row in events:  # GB18030 text read as UTF-8
        row[5] = row[5].encode("gb18030").decode("utf-8", errors="replace")
    path = tmp_path / "warehouse.duckdb"
    with warehouse.connect(path) as con:
        kept = pipeline.load_and_build(con, _write(tmp_path / "kept", orders, events))
        given = pipeline.load_and_build(con, _write(tmp_path / "given", *_clean_exports(
            tmp_path, per_week=11)))
    assert not set(kept.file_sha256s) & set(given.file_sha256s)
    damage = {"tracking_no_not_excel_damaged", "quarantine_share", "text_not_garbled"}
    assert damage <= _failed(checks.validate_warehouse(path, REPORTED, files=kept.file_sha256s))
    assert not damage & _failed(checks.validate_warehouse(path, REPORTED,
                                                          files=given.file_sha256s))
