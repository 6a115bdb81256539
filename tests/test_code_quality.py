"""House rules that a reviewer would otherwise check by hand: linters, the signal registry
matching the signals' models and the README, and the rules file's settings all in use."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from pipelines import config
from pipelines.models import runner, signals
from pipelines.models.rules import load_rules


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


def test_every_registry_row_has_a_model_and_every_model_a_row():
    registered = {row.signal for row in signals.load_registry()}
    models = {path.stem for path in signals.MODELS_DIR.rglob("*.sql")}
    assert registered, "signals.csv lists no signal"
    assert registered - models == set(), "rows of signals.csv without a model signals/<signal>.sql"
    assert models - registered == set(), "models in signals/ without a row in signals.csv"


def test_the_readme_table_of_signals_is_the_registry():
    readme = (config.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    expected = signals.markdown_table(signals.load_registry())
    assert expected in readme, (
        "README.md's table of signals is not signals.csv's; replace it with the output of "
        "`.venv/bin/python -m pipelines.models.signals`:\n" + expected
    )


def test_every_rule_setting_is_used_by_some_model():
    """Read in each model as the engines get it: a Jinja model names its settings through a
    macro's arguments."""
    used = {name for model in runner.discover(runner.all_folders())
            for name in re.findall(r"\$(\w+)", model.render(lambda relation: ["column"]))}
    assert set(load_rules().settings) - used == set()
