"""The signal registry: ``models/seeds/signals.csv``, one row per signal.

A signal is one named fact about a parcel that points to one cause. Its row gives its name, its
cause, its prior weight, its kind of evidence, whose words or records it reads and what it means
in Chinese and English:

- ``explicit``: a record states the cause (the buyer's or courier's words, a boosting tag, a
  penalty, a reused tracking number). It counts for its prior weight, discounted when it is as
  common among delivered parcels, and a refusal that carries one is an *anchor*
  (``int_refusal_anchors.sql``).
- ``context``: a fact from which the cause is inferred (timing, rates, bursts). Its prior weight is
  where each run starts: ``int_signal_weights.sql`` learns from the shop's anchors and delivered
  parcels how strongly it points at each of the four causes.

Its ``source`` says whose words or records it reads: ``buyer`` (what this parcel's buyer said or
asked for), ``courier`` (the parcel's tracking), ``merchant`` (the shop's own record of the order),
``platform`` (a penalty, the store score) or ``shop`` (the shop's other parcels and reviews). A
buyer's one decision reaches the exports several times (the courier's note of the refusal, the
after-sales reason, the refund asked for), so the buyer's signals for one cause count once, at the
strongest of their weights, for the anchors and the attribution alike
(``sql/intermediate/_witnesses.jinja``); the other sources' facts are separate records and add up,
but for the confidence the courier's ``context`` facts count once too (one record, the parcel's
scans, read several ways).

Each signal's SQL is one model, ``sql/intermediate/signals/<signal>.sql``, which yields
``order_id, evidence_zh`` for the parcels it fires for. Everything else reads this file: the union
of the signals (``int_parcel_signals.sql``, rendered from :func:`load_registry`), the
attribution's weights (``seeds.signals``, as every seed is loaded), the README's table and the
tests. Adding a signal is one model plus one row.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from dataclasses import dataclass, fields
from pathlib import Path

from pipelines import config
from pipelines.causes import CAUSE_CODES
from pipelines.errors import UserFacingError

REGISTRY_PATH = config.SEEDS_DIR / "signals.csv"
#: the word reader's weights (benchmarks/train_word_reader.py), learned once and shipped
READER_PATH = config.SEEDS_DIR / "word_reader.csv"
#: One model per signal: ``<signal>.sql`` creates the view ``intermediate.signal_<signal>``.
MODELS_DIR = config.SQL_DIR / "intermediate" / "signals"

# A name is written into SQL (a view name, a string literal): nothing but a plain identifier.
_NAME = re.compile(r"[a-z][a-z0-9_]*")
#: ``explicit``: a record states the cause; ``context``: the cause is inferred, weights learned.
EVIDENCE_KINDS = ("explicit", "context")
#: whose words or records a signal reads; the ``buyer``'s signals for one cause count once
SOURCES = ("buyer", "courier", "merchant", "platform", "shop")


class RegistryError(UserFacingError):
    """``signals.csv`` cannot be used as it is; the message names the row and what to fix."""


@dataclass(frozen=True)
class Signal:
    signal: str
    cause: str
    prior_weight: float
    evidence: str
    source: str
    description_zh: str
    description_en: str


COLUMNS = tuple(field.name for field in fields(Signal))


def load_registry(path: Path = REGISTRY_PATH) -> tuple[Signal, ...]:
    """The registry's rows in file order, checked: known causes, unique names, weights ≥ 0."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = tuple(next(reader, ()))
        if header != COLUMNS:
            raise RegistryError(
                f"{path.name}: the header must be {','.join(COLUMNS)}, not {','.join(header)}"
            )
        rows = list(enumerate(reader, start=2))
    registry: list[Signal] = []
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        where = f"{path.name}, line {line}"
        if len(cells) != len(COLUMNS):
            raise RegistryError(
                f"{where}: {len(cells)} cells instead of {len(COLUMNS)}; quote a cell that "
                "holds a comma"
            )
        signal, cause, weight, evidence, source, description_zh, description_en = (
            cell.strip() for cell in cells
        )
        if not _NAME.fullmatch(signal):
            raise RegistryError(
                f"{where}: signal {signal!r} must be lower-case letters, digits and _ "
                "(it names a SQL model)"
            )
        if any(known.signal == signal for known in registry):
            raise RegistryError(f"{where}: signal {signal} is listed twice; keep one row")
        if cause not in CAUSE_CODES:
            raise RegistryError(
                f"{where}: cause {cause!r} of {signal} is not one of {', '.join(CAUSE_CODES)}"
            )
        try:
            prior_weight = float(weight)
        except ValueError:
            prior_weight = math.nan
        if not (math.isfinite(prior_weight) and prior_weight >= 0):
            raise RegistryError(
                f"{where}: prior_weight {weight!r} of {signal} must be a number of 0 or more"
            )
        if evidence not in EVIDENCE_KINDS:
            raise RegistryError(
                f"{where}: evidence {evidence!r} of {signal} must be one of "
                f"{', '.join(EVIDENCE_KINDS)}"
            )
        if source not in SOURCES:
            raise RegistryError(
                f"{where}: source {source!r} of {signal} must be one of {', '.join(SOURCES)}"
            )
        if not (description_zh and description_en):
            raise RegistryError(f"{where}: {signal} needs a description in Chinese and English")
        if "|" in description_zh + description_en:
            raise RegistryError(f"{where}: the descriptions of {signal} go in a table: no |")
        registry.append(
            Signal(signal, cause, prior_weight, evidence, source, description_zh, description_en)
        )
    if not registry:
        raise RegistryError(f"{path.name}: no signal is listed")
    return tuple(registry)


def weights_fingerprint(registry: tuple[Signal, ...], reader: Path = READER_PATH) -> str:
    """A short hash of the weights the attribution's results depend on: each signal's name,
    cause, weight, kind of evidence and source (not the descriptions, nor the order of the rows,
    nor how a weight is spelt), and the word reader's weights (`reader`), which a retraining
    changes without a line of the registry changing."""
    rows = sorted(
        f"{s.signal},{s.cause},{s.prior_weight!r},{s.evidence},{s.source}" for s in registry
    )
    rows.append(f"word_reader,{hashlib.sha256(reader.read_bytes()).hexdigest()}")
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:12]


def model_path(signal: str) -> Path:
    return MODELS_DIR / f"{signal}.sql"


def markdown_table(registry: tuple[Signal, ...]) -> str:
    """The README's table of signals, as the registry states them."""
    lines = [
        "| signal | cause | prior weight | evidence | source | 含义 | meaning |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| `{s.signal}` | {s.cause} | {s.prior_weight!r} | {s.evidence} | {s.source} "
            f"| {s.description_zh} | {s.description_en} |"
            for s in registry
        ),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(load_registry()), end="")
