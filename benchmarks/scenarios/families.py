"""The scenario families: what each one is made of, and how its export folder is built."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from benchmarks.scenarios import transforms, vocabulary
from benchmarks.scenarios.exports import TRACKING_KINDS, read_folder, write_table
from pipelines import evaluate

LABELS = Path("labels") / "labels.csv"


@dataclass(frozen=True)
class Family:
    """One scenario family: a generator profile, then the steps applied to its exports."""

    name: str
    description: str
    profile: str = "mixed"
    wording: str | None = None  # vocabulary half the texts are reworded with; None: as generated
    halve_evidence: bool = False
    kinds: frozenset[str] | None = None  # export kinds kept; None: all
    smoke_test: bool = False
    world: str | None = None  # an independent world (benchmarks/worlds) instead of the generator

    @property
    def source(self) -> str:
        """What writes the family's exports before its steps: a world, or a generator profile."""
        return self.world or self.profile

    @property
    def slug(self) -> str:
        """The family's name as a folder name."""
        return self.name.replace(":", "-")


_ORDERS_AND_TRACKING = frozenset({"orders", *TRACKING_KINDS})

FAMILIES: tuple[Family, ...] = (
    Family("baseline", "the generator as it is; its wordings are the rules' own, so this is a "
           "smoke test, not a score", smoke_test=True),
    Family("other_wording", "every cause-carrying text reworded from the held-out vocabulary",
           wording="heldout"),
    Family("other_wording_dev", "the same with the dev vocabulary (the half rules may be tuned "
           "on)", wording="dev"),
    Family("evidence_halved", "half of the removable cause evidence removed item by item",
           halve_evidence=True),
    Family("orders_tracking_only", "only the orders and tracking exports",
           kinds=_ORDERS_AND_TRACKING),
    Family("other_wording_orders_tracking_only", "held-out wording, orders and tracking only",
           wording="heldout", kinds=_ORDERS_AND_TRACKING),
    *(Family(f"several_shops:{profile}", f"another shop: generator profile {profile}",
             profile=profile)
      for profile in ("logistics_heavy", "reviews_heavy", "rules_heavy")),
    *(family
      for world, role in (("world_a", "its misses may be read"),
                          ("world_b", "held out: scored, never read"),
                          ("world_c", "held out: scored, never read"),
                          ("world_d", "held out: scored, never read"),
                          ("world_e", "held out: scored, never read"),
                          ("world_f", "held out: scored, never read"),
                          ("world_g", "held out: scored, never read"),
                          ("world_h", "its misses may be read"),
                          ("world_i", "its misses may be read"),
                          ("world_j", "held out: scored, never read"),
                          ("world_k", "held out: scored, never read"),
                          ("world_l", "held out: scored, never read"),
                          ("world_m", "held out: scored, never read"),
                          ("world_n", "its misses may be read"))
      for family in (
          Family(world, f"a shop simulated apart from this project ({role})", world=world),
          Family(f"{world}_orders_tracking_only",
                 f"the same shop, orders and tracking only ({role})", world=world,
                 kinds=_ORDERS_AND_TRACKING),
      )),
)
FAMILIES_BY_NAME = {family.name: family for family in FAMILIES}


def build(family: Family, base: Path, out_dir: Path, seed: int) -> Path:
    """Copy ``base`` (a folder written by ``family.source``) to ``out_dir`` and apply the
    family's steps there. ``labels/`` is copied and never changed."""
    shutil.copytree(base, out_dir)
    apply(family, out_dir, seed)
    return out_dir


def apply(family: Family, folder: Path, seed: int) -> None:
    """Apply the family's steps to a generated folder in place."""
    if family.wording is None and not family.halve_evidence and family.kinds is None:
        return
    labels = evaluate.read_labels(folder / LABELS)
    state = transforms.Folder(read_folder(folder), labels)
    if family.kinds is not None:
        for table in transforms.keep_kinds(state, family.kinds):
            table.path.unlink()
    if family.halve_evidence:
        transforms.halve_evidence(state, seed)
    if family.wording is not None:
        transforms.reword(state, vocabulary.load(family.wording), seed)
    for table in state.tables:
        if table.changed:
            write_table(table)
