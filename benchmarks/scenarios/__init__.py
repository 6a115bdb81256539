"""Scenario families for scoring the attribution on exports it was not written against.

`refusals evaluate` on the generator's own sample agrees with itself: the generator and the
rules were written together. A scenario family takes a generated folder and changes what the
rules could have been fitted to — the words of every cause-carrying text (from a vocabulary
written apart from the rules, split into a `dev` half that rules may be tuned on and a
`heldout` half they must never be), the amount of evidence, the optional exports present, the
shop's cause mix — while the labels stay the truth. `benchmarks/attribution_spread.py` scores
each family through the real pipeline.

A tool, like the generator: nothing under `pipelines/` imports it.

    .venv/bin/python -m benchmarks.scenarios --family other_wording --seed 1 --out /tmp/ow

Modules: `exports` (files read and written back in their own layout), `generator_meaning`
(what each generated text meant, so rewording keeps it), `vocabulary` (the TOML file and text
variation), `transforms` (the steps), `families` (the families and how a folder is built).
"""

from benchmarks.scenarios.families import FAMILIES, FAMILIES_BY_NAME, Family, apply, build

__all__ = ["FAMILIES", "FAMILIES_BY_NAME", "Family", "apply", "build"]
