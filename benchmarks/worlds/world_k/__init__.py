"""world_k: a Pinduoduo shoe shop in 晋江陈埭, September–December (of catalog.YEAR), simulated
from the public input contract alone (see README.md in this folder).

Run it as ``python -m benchmarks.worlds.world_k --seed N --orders N --out DIR``; check a run with
``python -m benchmarks.worlds.world_k.check DIR``.
"""
