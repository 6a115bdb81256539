"""Attribution rules: reading ``pipelines/models/rules.toml`` and handing it to the SQL models.

The rules file holds the signal weights, thresholds and text patterns; the SQL in
``sql/intermediate/int_refusal_signals.sql`` and ``sql/marts/fct_refusals.sql`` applies them.
Nothing about *how much* a signal counts is written in code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines import config


@dataclass(frozen=True)
class Rules:
    version: str
    weights: dict[str, float]
    #: Thresholds and patterns, bound by name (``$slow_transit_ratio``) into the models.
    settings: dict[str, object]

    def sql_params(self) -> dict[str, object]:
        return {**self.settings, "rules_version": self.version}


def load_rules(path: Path = config.RULES_PATH) -> Rules:
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    settings = {**document["detection"], **document["thresholds"], **document["patterns"]}
    return Rules(document["version"], dict(document["weights"]), settings)


def write_weights(con: duckdb.DuckDBPyConnection, rules: Rules) -> None:
    """``seeds.signal_weights``: the weights as a table the attribution model joins."""
    con.execute(
        "create or replace table seeds.signal_weights (signal varchar primary key, "
        "weight double not null)"
    )
    con.executemany("insert into seeds.signal_weights values (?, ?)", list(rules.weights.items()))
