"""What every per-family benchmark shares (`attribution_spread.py`, `risk_spread.py`): the
command-line options that choose the families, orders and seeds, and the loop that generates
each profile's exports once per seed, builds every family from them and scores each folder."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from benchmarks import worlds
from benchmarks.scenarios.families import FAMILIES, FAMILIES_BY_NAME, Family, build
from pipelines.sample import generate_sample

Score = TypeVar("Score")


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--orders", type=int, default=3000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--families", nargs="+", choices=list(FAMILIES_BY_NAME),
                        default=[family.name for family in FAMILIES])


def chosen_families(args: argparse.Namespace) -> list[Family]:
    return [FAMILIES_BY_NAME[name] for name in args.families]


def run_families(families: list[Family], orders: int, seeds: list[int], scratch: Path,
                 score: Callable[[Path, int], Score],
                 describe: Callable[[Score], str]) -> dict[str, list[Score]]:
    """``score(folder, seed)`` for every family and seed, in that order per family; progress
    (``describe`` of each score) goes to stderr."""
    runs: dict[str, list[Score]] = {family.name: [] for family in families}
    for seed in seeds:
        bases: dict[str, Path] = {}
        for family in families:
            started = time.perf_counter()
            if family.source not in bases:
                bases[family.source] = scratch / f"base-{family.source}-{seed}"
                generate_base(family, bases[family.source], orders, seed)
            folder = build(family, bases[family.source], scratch / f"{family.slug}-{seed}",
                           seed)
            result = score(folder, seed)
            runs[family.name].append(result)
            shutil.rmtree(folder)
            print(f"  {family.name} seed {seed}: {describe(result)} "
                  f"({time.perf_counter() - started:.1f} s)", file=sys.stderr, flush=True)
        for base in bases.values():
            shutil.rmtree(base)
    return runs


def generate_base(family: Family, folder: Path, orders: int, seed: int) -> None:
    """The exports (and labels) ``family``'s steps start from."""
    if family.world:
        worlds.generate(family.world, folder, orders=orders, seed=seed)
    else:
        generate_sample(folder, orders=orders, seed=seed, profile=family.profile)
