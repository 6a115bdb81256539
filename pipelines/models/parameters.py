"""The values bound into the models as ``$name``: the attribution's (``models/rules.toml``) and the
business rules the marts apply (``report/report.toml``: costs, disputes, alerts, loose ends,
and the report's layout).

Every scalar setting of both files is bound under its own name, so a name means one thing: the
same name in both files is an error, not a silent override.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pipelines import config
from pipelines.models.rules import Rules


def scalar_settings(path: Path) -> dict[str, object]:
    """The scalar settings of the file's sections, by name (a table nested in a section is not a
    parameter: what the SQL joins, such as the evidence to gather per cause, is a seed)."""
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    return {
        name: value
        for section in document.values()
        if isinstance(section, dict)
        for name, value in section.items()
        if isinstance(value, str | int | float | bool)
    }


def model_parameters(rules: Rules, report_settings: Path = config.REPORT_SETTINGS_PATH) -> dict:
    """Every ``$name`` a model may use, from both settings files."""
    attribution = rules.sql_params()
    business = scalar_settings(report_settings)
    clash = sorted(set(attribution) & set(business))
    if clash:
        raise RuntimeError(
            f"{', '.join(clash)} is set in both {config.RULES_PATH.name} and "
            f"{report_settings.name}: give each setting one name and one home"
        )
    return {**business, **attribution}
