"""Attribution rules: reading ``pipelines/models/rules.toml`` and handing it to the SQL models.

The rules file holds the thresholds and text patterns the signals' SQL binds, and the version
every result records. The signals' causes and weights are the registry's (``seeds/signals.csv``,
read by :mod:`pipelines.models.signals`; the models join it as ``seeds.signals``). Nothing about
*how much* a signal counts is written in code.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipelines import config
from pipelines.models.signals import REGISTRY_PATH, Signal, load_registry, weights_fingerprint

log = logging.getLogger("refusals")


@dataclass(frozen=True)
class Rules:
    #: What every result records (:func:`recorded_version`).
    version: str
    #: Thresholds and patterns, bound by name (``$slow_transit_ratio``) into the models.
    settings: dict[str, object]

    def sql_params(self) -> dict[str, object]:
        return {**self.settings, "rules_version": self.version}


def load_rules(path: Path = config.RULES_PATH, registry_path: Path = REGISTRY_PATH) -> Rules:
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    settings = {
        **document["detection"],
        **document["thresholds"],
        **document["learning"],
        **document["patterns"],
    }
    return Rules(recorded_version(document, load_registry(registry_path)), settings)


def recorded_version(document: dict, registry: tuple[Signal, ...]) -> str:
    """The rules file's ``version`` while the registry's weights are the ones it was made with
    (its ``signals_fingerprint``). Weights changed since then get the version with their own
    fingerprint appended: two sets of weights never record the same version."""
    version, fingerprint = document["version"], weights_fingerprint(registry)
    if document["signals_fingerprint"] == fingerprint:
        return version
    log.warning(
        "%s: the signals' causes or weights (or the word reader's) are not those of rules "
        "version %s, so results record version %s+signals.%s; give %s a new version and "
        "signals_fingerprint = %r",
        REGISTRY_PATH.name,
        version,
        version,
        fingerprint,
        config.RULES_PATH.name,
        fingerprint,
    )
    return f"{version}+signals.{fingerprint}"
