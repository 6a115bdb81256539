"""The independent worlds (`benchmarks/worlds/`) write what the scenario families score against.

A world is written apart from the project, so these checks hold it to the interface the
benchmark relies on, not to its contents: every order its exports name has exactly one label, a
refused order has one of the four causes and nothing else has one, a seed writes the same files
every time, and the orders-and-tracking family keeps those kinds alone. The pipeline is not run.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipelines import config

if str(config.PROJECT_ROOT) not in sys.path:  # benchmarks/ is a tool folder, not installed
    sys.path.insert(0, str(config.PROJECT_ROOT))

from benchmarks import worlds
from benchmarks.scenarios import FAMILIES_BY_NAME, build
from benchmarks.scenarios.exports import TRACKING_KINDS, clean_id, read_folder
from benchmarks.scenarios.families import LABELS
from pipelines.causes import CAUSE_CODES

ORDERS = 800
SEED = 3
#: each world's own words for what became of an order; only `refused` means a refusal
OUTCOMES = {"refused", "delivered", "returned_undelivered", "in_transit", "cancelled",
            "not_shipped", "fake_shipping", "lost", "refunded",
            "signed", "intercepted", "fake_shipped", "unpaid", "awaiting_shipment"}


@pytest.fixture(scope="module", params=worlds.WORLDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp(request.param) / "exports"
    worlds.generate(request.param, folder, orders=ORDERS, seed=SEED)
    return request.param, folder


def labels_of(folder: Path) -> list[dict[str, str]]:
    with (folder / LABELS).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def digest(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_every_order_in_the_exports_has_exactly_one_label(world) -> None:
    _, folder = world
    labels = labels_of(folder)
    counted = Counter(row["order_id"] for row in labels)
    assert [order for order, times in counted.items() if times > 1] == []
    named = {clean_id(table.get(row, "order_id")) for table in read_folder(folder)
             if "order_id" in table.positions for row in table.rows}
    named.discard("")
    assert named - set(counted) == set()


def test_only_refused_orders_have_a_cause_and_each_has_one_of_the_four(world) -> None:
    _, folder = world
    labels = labels_of(folder)
    assert {row["outcome"] for row in labels} <= OUTCOMES
    refused = [row for row in labels if row["outcome"] == "refused"]
    assert refused, "a world of this size refuses some parcels"
    assert {row["cause"] for row in refused} <= set(CAUSE_CODES)
    assert [row for row in labels if row["outcome"] != "refused" and row["cause"]] == []


def test_a_seed_writes_the_same_files_every_time(world, tmp_path: Path) -> None:
    name, folder = world
    again = tmp_path / "again"
    worlds.generate(name, again, orders=ORDERS, seed=SEED)
    assert digest(again) == digest(folder)


def test_the_orders_and_tracking_family_keeps_those_kinds_alone(world, tmp_path: Path) -> None:
    name, folder = world
    full = {table.kind for table in read_folder(folder)}
    assert full - {"orders", *TRACKING_KINDS}, "the full world writes optional exports too"
    kept = build(FAMILIES_BY_NAME[f"{name}_orders_tracking_only"], folder, tmp_path / "ot", SEED)
    assert {table.kind for table in read_folder(kept)} <= {"orders", *TRACKING_KINDS}
    assert labels_of(kept) == labels_of(folder)
