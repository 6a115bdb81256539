"""A command's temporary files live in a folder of its own, gone when it ends; what a killed
command left is removed by the next one."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pipelines import scratch


def _ended_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_the_folders_of_ended_processes_are_removed_and_no_other(tmp_path: Path):
    ended = tmp_path / f"refusals-{_ended_pid()}"
    (ended / "refusals-load-x").mkdir(parents=True)
    (ended / "refusals-load-x" / "orders.csv").write_text("订单号\n1\n", encoding="utf-8")
    running = tmp_path / f"refusals-{os.getpid()}"
    running.mkdir()
    not_ours = [tmp_path / "refusals-notapid", tmp_path / "refusals-kernel-abc"]
    for folder in not_ours:
        folder.mkdir()

    assert scratch.sweep(tmp_path) == [ended]
    assert sorted(tmp_path.iterdir()) == sorted([running, *not_ours])


def test_temporary_files_go_to_the_commands_folder_and_go_with_it(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("TMPDIR", "/elsewhere")
    with pytest.raises(RuntimeError), scratch.process_scratch() as folder:
        assert folder == tmp_path / f"refusals-{os.getpid()}"
        made = Path(tempfile.mkdtemp(prefix="refusals-load-"))
        assert made.parent == folder and os.environ["TMPDIR"] == str(folder)
        child = subprocess.run(
            [sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
            capture_output=True, text=True, check=True)
        assert child.stdout.strip() == str(folder)  # the processes it starts too
        raise RuntimeError("the command failed")
    assert not folder.exists() and list(tmp_path.iterdir()) == []
    assert tempfile.tempdir == str(tmp_path) and os.environ["TMPDIR"] == "/elsewhere"
