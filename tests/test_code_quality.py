"""House rules that a reviewer would otherwise check by hand: linters, and the rules file
matching the signals the SQL emits."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from pipelines import config
from pipelines.models import runner
from pipelines.models.rules import load_rules

SIGNALS_SQL = config.SQL_DIR / "intermediate" / "int_parcel_signals.sql"


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(config.PROJECT_ROOT / ".venv" / "bin")) or shutil.which(
        name, path=str(sys.prefix) + "/bin")
    if not path:
        pytest.skip(f"{name} is not installed (scripts/bootstrap installs it)")
    return path


def test_python_passes_ruff():
    result = subprocess.run([_tool("ruff"), "check", "pipelines", "tests", "benchmarks"],
                            cwd=config.PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sql_passes_sqlfluff(tmp_path):
    """Every model file; one written with Jinja is linted as the engines get it, rendered."""
    files = []
    for model in runner.discover(runner.all_folders()):
        if runner.is_template(model.path.read_text(encoding="utf-8")):
            rendered = tmp_path / f"{model.name}.sql"
            rendered.write_text(model.render(lambda relation: ["first_column", "second_column"]),
                                encoding="utf-8")
            files.append(str(rendered))
        else:
            files.append(str(model.path))
    assert any(name.startswith(str(tmp_path)) for name in files), "no Jinja model linted"
    result = subprocess.run(
        [_tool("sqlfluff"), "lint", "--config", "pyproject.toml", "--processes", "2", *files],
        cwd=config.PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_every_signal_has_a_weight_and_every_weight_a_signal():
    emitted = set(re.findall(r"'(\w+)' as signal", SIGNALS_SQL.read_text(encoding="utf-8")))
    weighted = set(load_rules().weights)
    assert emitted, "no signals found: has the SQL's `'name' as signal` form changed?"
    assert emitted - weighted == set(), "signals without a weight are silently ignored"
    assert weighted - emitted == set(), "weights for signals that no longer exist"


def test_every_rule_setting_is_used_by_some_model():
    used = {name for path in config.SQL_DIR.rglob("*.sql")
            for name in re.findall(r"\$(\w+)", path.read_text(encoding="utf-8"))}
    assert set(load_rules().settings) - used == set()
