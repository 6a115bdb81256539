"""What a scheduler sees, without running a report: an exit code that means one thing and one
sentence on stderr (70 and a log for a fault of the program, 75 while another run holds the
warehouse, 2 for a bad retention setting, 1 for a folder attribution cannot use), the last
complete week, and a report kernel that keeps its sockets to itself."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pytest
from conftest import (
    KUAIDI100_HEADER,
    ORDER_HEADER,
    delivered_journey,
    order_row,
    refused_journey,
    write_export,
)

from pipelines import cli, config, pipeline
from pipelines.publish import swap
from pipelines.weeks import last_complete_week


def _main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


def _run_argv(tmp_path: Path, *extra: str) -> list[str]:
    return ["run", "--input", str(tmp_path), "--out", str(tmp_path / "reports"),
            "--warehouse", str(tmp_path / "shop" / "warehouse.duckdb"), *extra]


def _notebook_failure() -> Exception:
    from papermill.exceptions import PapermillExecutionError

    return PapermillExecutionError(3, 4, "ZeroDivisionError: division by zero",
                                   "ZeroDivisionError", "division by zero", [])


@pytest.mark.parametrize("fault", [
    lambda: KeyError("a bug"),
    lambda: duckdb.IOException("Could not write to file warehouse.duckdb.next: No space left"),
    _notebook_failure,
], ids=["bug", "duckdb_io", "notebook"])
def test_a_fault_of_the_program_exits_70_with_one_sentence_and_a_log(
        tmp_path, capsys, monkeypatch, fault):
    error = fault()

    def run_week(*args, **kwargs):
        raise error

    monkeypatch.setattr(pipeline, "run_week", run_week)
    code, err = _main(capsys, *_run_argv(tmp_path))
    assert code == 70
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    [log] = (tmp_path / "shop" / "logs").glob("refusals-run-*.log")
    assert str(log) in err
    assert "Traceback" in log.read_text() and type(error).__name__ in log.read_text()


@pytest.mark.parametrize("command", ["run", "validate", "attribute"])
def test_a_warehouse_held_by_another_run_exits_75(tmp_path, capsys, command):
    warehouse = tmp_path / "shop" / "warehouse.duckdb"
    argv = [command, "--input", str(config.SAMPLE_DIR), "--warehouse", str(warehouse)]
    argv += ["--output", str(tmp_path / "refusals.csv")] if command == "attribute" else [
        "--out", str(tmp_path / "reports")]
    with swap.exclusive_run(warehouse, wait_seconds=0):
        code, err = _main(capsys, *argv)
    assert code == 75, err
    assert "another refusals run" in err and len(err.strip().splitlines()) == 1
    assert not warehouse.exists() and not (tmp_path / "refusals.csv").exists()


@pytest.mark.parametrize(("argv", "environment", "named"), [
    (["--keep-weeks", "-1"], None, "--keep-weeks"),
    (["--keep-weeks", "two"], None, "--keep-weeks"),
    ([], "1.5", "$REFUSALS_KEEP_WEEKS"),
    ([], "abc", "$REFUSALS_KEEP_WEEKS"),
])
def test_a_bad_retention_is_a_usage_error_and_deletes_nothing(
        tmp_path, capsys, monkeypatch, argv, environment, named):
    if environment is not None:
        monkeypatch.setenv("REFUSALS_KEEP_WEEKS", environment)
    called = []
    monkeypatch.setattr(pipeline, "run_week", lambda *args, **kwargs: called.append(args))
    code, err = _main(capsys, *_run_argv(tmp_path, *argv))
    assert (code, called) == (2, [])
    assert named in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_bad_retention_variable_stops_only_run(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("REFUSALS_KEEP_WEEKS", "abc")
    monkeypatch.setattr(pipeline, "validate_folder", lambda *args, **kwargs: "checked")
    assert _main(capsys, "validate", "--input", str(tmp_path), "--warehouse",
                 str(tmp_path / "w.duckdb")) == (0, "")


@pytest.mark.parametrize(("argv", "environment", "kept"), [
    ([], None, 26), ([], "4", 4), (["--keep-weeks", "0"], "4", 0), (["--keep-weeks", "1"], None, 1),
])
def test_retention_comes_from_the_flag_then_the_variable(
        tmp_path, capsys, monkeypatch, argv, environment, kept):
    monkeypatch.delenv("REFUSALS_KEEP_WEEKS", raising=False)
    if environment is not None:
        monkeypatch.setenv("REFUSALS_KEEP_WEEKS", environment)
    called = []

    def run_week(*args):
        called.append(args[5])
        raise pipeline.ValidationFailedError("stop here")

    monkeypatch.setattr(pipeline, "run_week", run_week)
    assert _main(capsys, *_run_argv(tmp_path, *argv))[0] == 1
    assert called == [kept]


@pytest.mark.parametrize(("latest", "complete"), [
    ("2026-11-22 10:00:00", "2026-W46"),  # Sunday morning: most of W47's Sunday is missing
    ("2026-11-22 21:59:59", "2026-W46"),
    ("2026-11-22 22:00:00", "2026-W47"),  # an export chosen up to Sunday, late that evening
    ("2026-11-23 00:00:00", "2026-W47"),  # taken on Monday
    ("2026-11-24 09:00:00", "2026-W47"),
])
def test_a_week_is_complete_when_the_data_reaches_its_sunday_evening(latest, complete):
    assert str(last_complete_week(dt.datetime.fromisoformat(latest))) == complete


def test_each_report_kernel_has_its_own_socket_folder(monkeypatch, tmp_path):
    """Two runs rendering at once made their kernels' sockets in the same working directory under
    the same names (kernel-ipc-1 …), and read each other's messages ("Invalid Signature")."""
    from pipelines.report import render

    managers = []
    monkeypatch.setattr(render.papermill, "execute_notebook",
                        lambda *args, kernel_manager_class, **kwargs:
                        managers.append(kernel_manager_class(kernel_name="python3")))
    monkeypatch.setattr(render, "notebook_to_html", lambda *args, **kwargs: "")
    for name in ("a", "b"):
        render.render_report(tmp_path / "w.duckdb", "2026-W47", tmp_path / name)
    folders = [Path(manager.ip).parent for manager in managers]
    assert all(manager.transport == "ipc" for manager in managers)
    assert all(folder.is_absolute() for folder in folders) and folders[0] != folders[1]
    assert not {Path.cwd(), config.PROJECT_ROOT} & set(folders)


def _exports(folder: Path, *, orders: bool = True, tracking: bool = True, more: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if orders:
        write_export(folder, "orders.csv", ORDER_HEADER, [
            order_row("261116-100000000000001", "73100000000001"),
            order_row("261116-100000000000002", "73100000000002", status="已签收"),
            *(order_row(f"261117-20000000000000{n}", f"7320000000000{n}") for n in range(more)),
        ])
    if tracking:
        write_export(folder, "kuaidi100.csv", KUAIDI100_HEADER, [
            *refused_journey("73100000000001"), *delivered_journey("73100000000002")])
    return folder


@pytest.mark.parametrize(("kept", "missing"), [
    ({"tracking": False}, "tracking export"),
    ({"orders": False}, "orders export"),
])
def test_attribute_needs_orders_and_tracking(tmp_path, capsys, kept, missing):
    folder = _exports(tmp_path / "input", **kept)
    code, err = _main(capsys, "attribute", "--input", str(folder), "--output",
                      str(tmp_path / "refusals.csv"))
    assert code == 1
    assert missing in err and str(folder) in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "refusals.csv").exists()


def test_attribute_into_a_warehouse_is_all_or_nothing(tmp_path, capsys):
    warehouse = tmp_path / "warehouse.duckdb"
    first = _exports(tmp_path / "first")
    assert _main(capsys, "attribute", "--input", str(first), "--output",
                 str(tmp_path / "refusals.csv"), "--warehouse", str(warehouse))[0] == 0
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    second = _exports(tmp_path / "second", tracking=False, more=1)  # a new orders export
    code, _ = _main(capsys, "attribute", "--input", str(second), "--output",
                    str(tmp_path / "again.csv"), "--warehouse", str(warehouse))
    assert code == 1
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("warehouse.duckdb.next*"))
