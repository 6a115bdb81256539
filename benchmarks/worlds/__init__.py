"""Shops simulated by writers who never saw this project's rules, generator or code (issue #13).

Each sub-package is one independent world: a simulated shop written from the contract alone
(`../shared/contract/INPUTS.md`, the source article), with its own mechanisms, rates, timing,
noise and wording, that writes a folder of exports and the truth about every order. The
pipeline's attribution is scored on them as on any merchant's exports: nothing in `pipelines/`
imports them, and no rule may be grown from their texts. The held-out ones (all but the dev
worlds `world_a`, `world_h`, `world_i` and `world_n`; `benchmarks/scenarios/families.py` marks
each) are not even to be read: README, "Shops simulated apart from this project".

Every world is run the same way, in a process of its own so that it shares no code with the
pipeline::

    python -m benchmarks.worlds.<world> --seed 1 --orders 10000 --out DIR

which writes ``DIR/exports/`` (the export files) and ``DIR/labels.csv`` (``order_id``,
``outcome``, ``cause``). :func:`generate` lays that out as the scenario families expect a
generated folder: the exports, with the labels in ``labels/labels.csv`` beside them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: the independent worlds, each a sub-package of this one
WORLDS = ("world_a", "world_b", "world_c", "world_d", "world_e", "world_f", "world_g",
          "world_h", "world_i", "world_j", "world_k", "world_l", "world_m", "world_n")

_ROOT = Path(__file__).resolve().parents[2]


def generate(world: str, folder: Path, *, orders: int, seed: int) -> None:
    """Write ``world``'s exports for ``orders`` orders and ``seed`` into ``folder``, with its
    labels in ``folder/labels/labels.csv``."""
    if world not in WORLDS:
        raise ValueError(f"unknown world {world!r}; the worlds are {', '.join(WORLDS)}")
    with tempfile.TemporaryDirectory(prefix=f"{world}-") as scratch:
        out = Path(scratch) / "out"
        subprocess.run(
            [sys.executable, "-m", f"benchmarks.worlds.{world}", "--seed", str(seed),
             "--orders", str(orders), "--out", str(out)],
            cwd=_ROOT, check=True, stdout=subprocess.DEVNULL,
        )
        shutil.move(out / "exports", folder)
        (folder / "labels").mkdir()
        shutil.move(out / "labels.csv", folder / "labels" / "labels.csv")
